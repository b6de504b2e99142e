"""Labels of the Scenario page (Dutch and English); merged into the table of ``jwsim.viz.i18n``."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    # preset, name, files
    "scenario.preset": {"nl": "Uitgangspunt", "en": "Starting point"},
    "scenario.preset_help": {
        "nl": "Kies een van de meegeleverde scenario's; daarna kunt u alles aanpassen.",
        "en": "Pick one of the shipped scenarios; you can then change everything.",
    },
    "scenario.name": {"nl": "Naam van uw scenario", "en": "Name of your scenario"},
    "scenario.edited": {
        "nl": "Aangepast: dit is niet meer het meegeleverde scenario, daarom heeft het een eigen naam.",
        "en": "Edited: this is no longer the shipped scenario, so it has a name of its own.",
    },
    # the time axis: from which year the controls change the allocation
    "years.pick": {"nl": "Inzet aanpassen vanaf", "en": "Change the allocation from"},
    "years.option_first": {"nl": "{year} (het begin)", "en": "{year} (the start)"},
    "years.option": {"nl": "{year}", "en": "{year}"},
    "years.help_first": {
        "nl": "U stelt de inzet in vanaf 2026. Wat u verandert geldt ook in de jaren daarna, behalve waar "
        "een latere wijziging (hieronder) iets anders zegt.",
        "en": "You set the allocation from 2026. What you change also holds in the years after, except "
        "where a later change (below) says otherwise.",
    },
    "years.help_later": {
        "nl": "U verandert de inzet vanaf {year}: de knoppen tonen de inzet in {year}, en tot en met "
        "{before} blijft alles zoals het is. Zo bouwt u bijvoorbeeld de bezuiniging vanaf 2027 na.",
        "en": "You change the allocation from {year}: the controls show the allocation in {year}, and up to "
        "{before} everything stays as it is. This is how you build, say, the cut from 2027.",
    },
    "years.none": {
        "nl": "Geen wijzigingen in latere jaren: elk jaar dezelfde inzet.",
        "en": "No changes in later years: the same allocation every year.",
    },
    "years.from": {"nl": "Vanaf {year}", "en": "From {year}"},
    "years.remove": {"nl": "Wijziging verwijderen", "en": "Remove change"},
    "years.nothing": {"nl": "verandert niets", "en": "changes nothing"},
    "years.unchecked": {
        "nl": "(wat er verandert, staat hier zodra het scenario klopt)",
        "en": "(what changes shows here once the scenario is valid)",
    },
    "years.sjw_changed": {
        "nl": "SJW-uren op {n} school/scholen anders",
        "en": "SJW hours at {n} school(s) differ",
    },
    "years.weights_changed": {
        "nl": "gewicht van {n} wijk(en) anders",
        "en": "weight of {n} wijk(en) differs",
    },
    "years.targeting": {"nl": "doelgroep", "en": "target group"},
    "years.wijk_priority": {"nl": "verdeling over de wijken", "en": "spread over the wijken"},
    "org_short.bk10": {"nl": "Bindkracht10", "en": "Bindkracht10"},
    "org_short.jc": {"nl": "Jeugdcoaches", "en": "Jeugdcoaches"},
    "money_short.programme_eur": {"nl": "tijdelijke projectgelden", "en": "temporary project money"},
    "money_short.ambulant_team_investment_eur": {
        "nl": "investering ambulant team",
        "en": "ambulant-team investment",
    },
    # typed numbers
    "number.empty": {"nl": "Vul een getal in.", "en": "Enter a number."},
    "number.not_a_number": {
        "nl": "'{text}' is geen getal. Gebruik een komma of punt voor decimalen, bijvoorbeeld 12,5.",
        "en": "'{text}' is not a number. Use a point or comma for decimals, for example 12.5.",
    },
    "number.negative": {"nl": "Het getal mag niet negatief zijn.", "en": "The number must not be negative."},
    "number.too_large": {"nl": "Hoogstens {maximum}.", "en": "At most {maximum}."},
    "number.whole": {"nl": "Vul een heel getal in.", "en": "Enter a whole number."},
    "scenario.invalid": {
        "nl": "Zo kan het scenario niet worden doorgerekend:",
        "en": "The scenario cannot be run like this:",
    },
    "scenario.download": {"nl": "Scenario downloaden (TOML)", "en": "Download scenario (TOML)"},
    "scenario.upload": {"nl": "Scenariobestand openen (TOML)", "en": "Open a scenario file (TOML)"},
    "scenario.upload_help": {
        "nl": "Een .toml-bestand zoals u het hier downloadt, hoogstens {kib} KiB.",
        "en": "A .toml file like the one you download here, at most {kib} KiB.",
    },
    "scenario.upload_error": {"nl": "Dit bestand is niet geopend:", "en": "This file was not opened:"},
    "scenario.upload_ok": {"nl": "Geopend: {name}", "en": "Opened: {name}"},
    "scenario.run": {"nl": "Bereken dit scenario", "en": "Run this scenario"},
    "scenario.run_help": {
        "nl": "Rekent het scenario door naast het referentiescenario en toont de uitkomsten op Resultaten.",
        "en": "Runs the scenario next to the reference scenario and shows the outcomes under Results.",
    },
    # FTE
    "fte.heading": {"nl": "Inzet in fte per werkvorm", "en": "FTE per work form"},
    "fte.used": {"nl": "{used} van {cap} fte ingezet", "en": "{used} of {cap} FTE allocated"},
    "fte.over": {
        "nl": "Meer fte verdeeld dan de organisatie heeft ({used} van {cap}).",
        "en": "More FTE allocated than the organisation has ({used} of {cap}).",
    },
    "org.bk10": {"nl": "Bindkracht10 jongerenwerk", "en": "Bindkracht10 youth work"},
    "org.jc": {"nl": "Jeugdcoaches gemeente", "en": "Municipal jeugdcoaches"},
    "form.bk10.ambulant": {"nl": "Ambulant (straat)", "en": "Ambulant (street)"},
    "form.bk10.sjw": {"nl": "Schooljongerenwerk (SJW)", "en": "School youth work (SJW)"},
    "form.bk10.ib": {"nl": "Individuele begeleiding (IB)", "en": "Individual guidance (IB)"},
    "form.bk10.wijk": {"nl": "Wijkgericht werk", "en": "Wijk-based work"},
    "form.bk10.vakmanschap": {"nl": "Vakmanschap", "en": "Vakmanschap (craft)"},
    "form.jc.ambulant": {"nl": "Ambulant (straat)", "en": "Ambulant (street)"},
    "form.jc.swf": {"nl": "School-Werk-Fit (SWF) en vso", "en": "School-Werk-Fit (SWF) and VSO"},
    "form.jc.vakmanschap": {"nl": "Vakmanschap", "en": "Vakmanschap (craft)"},
    # budget
    "budget.heading": {"nl": "Kosten naast het budget (Tabel 1)", "en": "Cost against the budget (Tabel 1)"},
    "budget.over": {"nl": "boven budget", "en": "over budget"},
    "budget.within": {"nl": "binnen budget", "en": "within budget"},
    "budget.line_head": {"nl": "Post (Tabel 1)", "en": "Line (Tabel 1)"},
    "budget.total": {"nl": "Kosten scenario", "en": "Cost of the scenario"},
    "budget.tabel1": {"nl": "Budget volgens Tabel 1", "en": "Budget per Tabel 1"},
    "budget.status": {"nl": "Naast het budget", "en": "Against the budget"},
    "budget.flag": {
        "nl": "{year}: {organisation} kost {spending}, boven het budget van {budget}.",
        "en": "{year}: {organisation} costs {spending}, over its budget of {budget}.",
    },
    "budget.after_tabel1": {
        "nl": "Tabel 1 loopt tot 2027; voor 2028-2030 geldt het niveau van 2027 (aanname).",
        "en": "Tabel 1 runs to 2027; 2028-2030 use the 2027 level (assumption).",
    },
    "budget.explain": {
        "nl": "Fte maal de kosten per fte uit de parameterlijst, de post schooljongerenwerk vo (€ 300.000 "
        "als er SJW is), de projectgelden en de investering in het ambulante team, naast Tabel 1 van de "
        "nota. Dezelfde optelling staat op de kostenkaart bij Resultaten en in de downloads. Boven het "
        "budget mag: het scenario wordt dan toch doorgerekend.",
        "en": "FTE times the cost per FTE from the parameter registry, the SJW vo line (EUR 300,000 when "
        "there is SJW), the project money and the ambulant-team investment, against Tabel 1 of the policy "
        "note. The same sum is on the cost card under Results and in the downloads. Over budget is "
        "allowed: the scenario is still run.",
    },
    "budget.unavailable": {
        "nl": "De kosten zijn pas te berekenen als het scenario klopt.",
        "en": "The cost can be computed once the scenario is valid.",
    },
    # SJW
    "sjw.heading": {
        "nl": "Schooljongerenwerk: uren per school per week",
        "en": "School youth work: hours per school per week",
    },
    "sjw.capacity": {
        "nl": "{used} van {cap} uur per week ingepland (wat de SJW-fte kunnen leveren)",
        "en": "{used} of {cap} hours per week planned (what the SJW FTE can deliver)",
    },
    "sjw.threshold": {
        "nl": "Drempel: de nota noemt minstens {hours} uur per school; minder heeft te weinig effect. In het "
        "model is dat een aanname met een bandbreedte (parameter sjw_dose_threshold_hours).",
        "en": "Threshold: the note asks for at least {hours} hours per school; less has too little effect. "
        "In the model that is an assumption with a range (parameter sjw_dose_threshold_hours).",
    },
    "sjw.school": {"nl": "School", "en": "School"},
    "sjw.type": {"nl": "Type", "en": "Type"},
    "sjw.pupils": {"nl": "Leerlingen", "en": "Pupils"},
    "sjw.wijk": {"nl": "Wijk", "en": "Wijk"},
    "sjw.hours": {"nl": "Uren per week", "en": "Hours per week"},
    "sjw.status": {"nl": "Drempel", "en": "Threshold"},
    "sjw.above": {"nl": "op of boven drempel", "en": "at or above threshold"},
    "sjw.below": {"nl": "onder drempel", "en": "below threshold"},
    "sjw.none": {"nl": "geen SJW", "en": "no SJW"},
    "sjw.show_all": {"nl": "Alle vo-scholen tonen", "en": "Show all secondary schools"},
    "sjw.too_many_hours": {
        "nl": "Hoogstens 40 uur per week per school (een schoolweek).",
        "en": "At most 40 hours per week per school (a school week).",
    },
    # wijk priorities and targeting
    "wijk.heading": {"nl": "Wijkprioriteit en doelgroep", "en": "Wijk priority and target group"},
    "wijk.priority": {"nl": "Verdeling over de wijken", "en": "Spread over the wijken"},
    "priority.equal": {"nl": "Gelijk per jongere", "en": "Equal per youth"},
    "priority.need": {"nl": "Naar behoefte", "en": "By need"},
    "priority.manual": {"nl": "Alleen handmatige gewichten", "en": "Manual weights only"},
    "wijk.targeting": {"nl": "Doelgroep", "en": "Target group"},
    "targeting.universal": {"nl": "Universeel (alle jongeren)", "en": "Universal (all youths)"},
    "targeting.selective": {"nl": "Selectief (kwetsbare jongeren)", "en": "Selective (vulnerable youths)"},
    "wijk.weight_of": {"nl": "Extra gewicht voor een wijk", "en": "Extra weight for a wijk"},
    "wijk.pick": {"nl": "Wijk", "en": "Wijk"},
    "wijk.weight": {"nl": "Gewicht", "en": "Weight"},
    "wijk.weighted": {"nl": "Wijken met een eigen gewicht", "en": "Wijken with their own weight"},
    "wijk.none_weighted": {
        "nl": "Geen: elke wijk telt even zwaar mee.",
        "en": "None: every wijk counts the same.",
    },
    "wijk.map_title": {"nl": "Gewicht per wijk (1 = standaard)", "en": "Weight per wijk (1 = default)"},
    "wijk.map_legend": {"nl": "gewicht", "en": "weight"},
    "wijk.need_title": {
        "nl": "Achterstandsindex per wijk (ter oriëntatie)",
        "en": "Deprivation index per wijk (for orientation)",
    },
    "wijk.need_legend": {"nl": "achterstandsindex (0-1)", "en": "deprivation index (0-1)"},
    "wijk.map_show": {"nl": "Kaart", "en": "Map"},
    "wijk.map_weights": {"nl": "Gewichten", "en": "Weights"},
    "wijk.map_need": {"nl": "Achterstand", "en": "Deprivation"},
    # money next to the FTE
    "money.heading": {"nl": "Geld naast de fte", "en": "Money next to the FTE"},
    "money.ambulant_team_investment_eur": {
        "nl": "Investering ambulant team (€ per jaar)",
        "en": "Ambulant-team investment (EUR per year)",
    },
    "money.programme_eur": {
        "nl": "Tijdelijke projectgelden (€ per jaar)",
        "en": "Temporary project money (EUR per year)",
    },
    # tooltips: what each control does in the model
    "tip.source": {"nl": "bron", "en": "source"},
    "tip.what": {"nl": "Wat het doet in het model", "en": "What it does in the model"},
    "tip.origin": {"nl": "Waar het getal vandaan komt", "en": "Where the number comes from"},
    "tip.params": {"nl": "Parameters die het gebruikt", "en": "Parameters it uses"},
    "tip.bk10.ambulant": {
        "nl": "Uren op straat in de geprioriteerde wijken, 's avonds, in het weekend en op risicomomenten. "
        "Contacten bouwen een relatie op; aanwezigheid verlaagt de overlast in die wijk en week.",
        "en": "Hours on the street in the prioritised wijken, evenings, weekends and at risk moments. "
        "Contacts "
        "build a relation; presence lowers nuisance in that wijk and week.",
    },
    "tip.bk10.sjw": {
        "nl": "Uren op vo-scholen in schoolweken (verdeeld via de tabel met uren per school). Effect op "
        "schoolmotivatie en sociale binding en vroeg signaleren, met een drempel rond 12 uur per school.",
        "en": "Hours at secondary schools in school weeks (spread by the table of hours per school). Effect "
        "on school motivation and social bonding and early signalling, with a threshold around 12 hours.",
    },
    "tip.bk10.ib": {
        "nl": "Individuele begeleiding: het aantal plekken volgt uit de fte; de jongeren met het meeste "
        "risico "
        "die (nog) geen specialistische hulp hebben krijgen een plek. Grootste winst per jongere.",
        "en": "Individual guidance: the number of places follows from the FTE; the youths most at risk "
        "who are "
        "not (yet) in specialist care get a place. The largest gain per youth.",
    },
    "tip.bk10.wijk": {
        "nl": "Activiteiten, participatie, meidenwerk, online aanwezigheid en schuldhulpsignalering in "
        "de wijk: "
        "breed bereik, kleine winst per contact.",
        "en": "Activities, participation, girls' work, online presence and debt signalling in the wijk: "
        "broad "
        "reach, small gain per contact.",
    },
    "tip.bk10.vakmanschap": {
        "nl": "Tijd voor training en methodiekontwikkeling: kost contacturen; na verloop van tijd bereikt "
        "het werk kwetsbare jongeren gerichter en geeft het betere signalen.",
        "en": "Time for training and method development: costs contact hours; over time the work reaches "
        "vulnerable youths more accurately and gives better signals.",
    },
    "tip.jc.ambulant": {
        "nl": "De jeugdcoaches in het gezamenlijke ambulante team, gericht op straatcultuur en de Jeugd & "
        "Veiligheid-doelgroep.",
        "en": "The jeugdcoaches in the joint ambulant team, aimed at street culture and the Jeugd & "
        "Veiligheid "
        "group.",
    },
    "tip.jc.swf": {
        "nl": "School-Werk-Fit: trajecten voor Jeugd & Veiligheid-jongeren en uitvallers, terug naar "
        "school of "
        "werk; inclusief de vso-scholen. Minder uitval en minder doorgroei naar criminaliteit.",
        "en": "School-Werk-Fit: trajectories for Jeugd & Veiligheid youths and dropouts, back to school "
        "or work; "
        "including the special schools (VSO). Less dropout and less growth into crime.",
    },
    "tip.jc.vakmanschap": {
        "nl": "Trainingstijd van de jeugdcoaches: kost contacturen; gerichter bereik en betere signalen.",
        "en": "Training time of the jeugdcoaches: costs contact hours; more accurate reach and better "
        "signals.",
    },
    "tip.sjw_hours": {
        "nl": "Uren schooljongerenwerk per week op deze school. Onder de drempel is het effect klein; "
        "erboven "
        "vlakt het af. Alle uren samen kunnen niet meer zijn dan de SJW-fte leveren.",
        "en": "Hours of school youth work per week at this school. Below the threshold the effect is small; "
        "above it the curve flattens. All hours together cannot exceed what the SJW FTE deliver.",
    },
    "tip.targeting": {
        "nl": "Universeel: het bereik volgt het aantal aanwezige jongeren. Selectief: jongeren in een "
        "kwetsbare "
        "situatie en met meer risico wegen zwaarder (de opdracht 2026 vraagt selectieve preventie).",
        "en": "Universal: reach follows the number of youths present. Selective: youths in a vulnerable "
        "situation and at higher risk weigh more (the 2026 assignment asks for selective prevention).",
    },
    "tip.wijk_priority": {
        "nl": "Hoe de wijk- en straaturen over de 44 wijken gaan: gelijk per jongere, naar behoefte "
        "(kwetsbaarheid en straatactiviteit) of alleen naar de gewichten die u zelf zet.",
        "en": "How the wijk and street hours are spread over the 44 wijken: equal per youth, by need "
        "(vulnerability and street activity) or only by the weights you set.",
    },
    "tip.wijk_weights": {
        "nl": "Vermenigvuldigt het aandeel van een wijk in de uren (1 = standaard, 0 = geen inzet, 1,5 = "
        "half zo veel extra).",
        "en": "Multiplies a wijk's share of the hours (1 = default, 0 = no effort, 1.5 = half as much "
        "again).",
    },
    "tip.ambulant_team_investment_eur": {
        "nl": "Programmageld voor het gezamenlijke ambulante team: een groepsaanpak (straatgroepen vaker "
        "bereikt, meer effect van aanwezigheid op overlast) en betere signalen; telt mee in de kosten.",
        "en": "Programme money for the joint ambulant team: a group approach (street groups reached more "
        "often, more effect of presence on overlast) and better signals; counts in the cost.",
    },
    "tip.programme_eur": {
        "nl": "Tijdelijke projectsubsidies: kopen uren jongerenwerk — jongerenwerk in het primair onderwijs "
        "(groep 7/8), de extra inzet in Nijmegen-Noord en de rest wijkwerk — en tellen mee in de kosten.",
        "en": "Temporary project subsidies: buy youth-work hours — primary-school youth work (groep 7/8), "
        "the extra deployment in Nijmegen-Noord and the rest wijk work — and count in the cost.",
    },
    # tooltips: where the control's own number comes from
    "tipsrc.bk10.ambulant": {
        "nl": "Nota §3.1: minstens 4 fte in het gezamenlijke ambulante team.",
        "en": "Policy note §3.1: at least 4 FTE in the joint ambulant team.",
    },
    "tipsrc.bk10.sjw": {
        "nl": "Nota §3: SJW op vo-scholen, minstens 12 uur per school; 1 fte = 36 uur (CAO Sociaal Werk).",
        "en": "Policy note §3: SJW at secondary schools, at least 12 hours per school; 1 FTE = 36 hours.",
    },
    "tipsrc.bk10.ib": {
        "nl": "Nota §2.1: minstens 3 fte voor 40-50 jongeren per jaar.",
        "en": "Policy note §2.1: at least 3 FTE for 40-50 youths a year.",
    },
    "tipsrc.bk10.wijk": {
        "nl": "Nota §3: de rest van de 26,5 fte van Bindkracht10.",
        "en": "Policy note §3: the rest of Bindkracht10's 26.5 FTE.",
    },
    "tipsrc.bk10.vakmanschap": {
        "nl": "Nota §3: ruimte voor vakmanschap; hoeveel staat er niet (aanname in de scenario's: ca. 6%).",
        "en": "Policy note §3: room for vakmanschap; how much is not stated (scenario assumption: ~6%).",
    },
    "tipsrc.jc.ambulant": {
        "nl": "Nota §3: 4 fte jeugdcoaches ambulant (van 8,5 fte).",
        "en": "Policy note §3: 4 FTE jeugdcoaches ambulant (of 8.5 FTE).",
    },
    "tipsrc.jc.swf": {
        "nl": "Nota §3: 4,5 fte voor School-Werk-Fit en de vso-scholen (Aloysius, Tarcisius, Aventurijn).",
        "en": "Policy note §3: 4.5 FTE for School-Werk-Fit and the VSO schools.",
    },
    "tipsrc.jc.vakmanschap": {
        "nl": "De nota noemt geen aparte trainingstijd voor jeugdcoaches (standaard 0).",
        "en": "The note names no separate training time for jeugdcoaches (default 0).",
    },
    "tipsrc.sjw_hours": {
        "nl": "Scholen en leerlingaantallen: DUO, in data/schools.csv; welke scholen de nota prioriteert "
        "staat "
        "er niet (aanname in de scenario's).",
        "en": "Schools and pupil numbers: DUO, in data/schools.csv; which schools the note prioritises "
        "it does "
        "not say (scenario assumption).",
    },
    "tipsrc.targeting": {
        "nl": "Nota §5: selectieve preventie voor de ca. 20% jongeren in een kwetsbare situatie.",
        "en": "Policy note §5: selective prevention for the ~20% of youths in a vulnerable situation.",
    },
    "tipsrc.wijk_priority": {
        "nl": "Nota §8: prioriteren op basis van gezamenlijke analyse en data; achterstand per wijk uit CBS-"
        "cijfers (data/PROVENANCE.md).",
        "en": "Policy note §8: prioritise on joint analysis and data; deprivation per wijk from CBS figures "
        "(data/PROVENANCE.md).",
    },
    "tipsrc.wijk_weights": {
        "nl": "Uw eigen keuze; in de meegeleverde scenario's krijgt Nijmegen-Noord 1,5 (Tabel 1, "
        "tijdelijk geld).",
        "en": "Your own choice; the shipped scenarios give Nijmegen-Noord 1.5 (Tabel 1, temporary money).",
    },
    "tipsrc.ambulant_team_investment_eur": {
        "nl": "Tabel 1: € 250.000 per jaar vanaf 2026 (Preventie met Gezag).",
        "en": "Tabel 1: EUR 250,000 a year from 2026 (Preventie met Gezag).",
    },
    "tipsrc.programme_eur": {
        "nl": "Tabel 1: € 405.000 (2025), € 270.000 (2026), € 0 (2027).",
        "en": "Tabel 1: EUR 405,000 (2025), EUR 270,000 (2026), EUR 0 (2027).",
    },
}
