"""Labels of the Resultaten and Vergelijk pages and the run controls (Dutch and English)."""

from __future__ import annotations

from jwsim.experiments.replicates import NO_INTERVAL

LABELS: dict[str, dict[str, str]] = {
    # the run bar
    "run.reference": {"nl": "Vergelijken met (referentie)", "en": "Compare with (reference)"},
    "run.start": {"nl": "Bereken", "en": "Run"},
    "run.cancel": {"nl": "Annuleren", "en": "Cancel"},
    "run.settings": {"nl": "Rekeninstellingen", "en": "Run settings"},
    "run.reps": {
        "nl": "Herhalingen (meer = smallere marges)",
        "en": "Replicates (more = narrower intervals)",
    },
    "run.scale": {
        "nl": "Jongeren per gesimuleerde jongere (1 = de hele stad)",
        "en": "Youths per simulated youth (1 = the whole city)",
    },
    "run.seed": {"nl": "Startgetal toeval (zaad)", "en": "Random seed"},
    "run.years": {"nl": "Jaren vanaf 2026", "en": "Years from 2026"},
    "run.queued": {"nl": "In de wachtrij…", "en": "Queued…"},
    "run.progress": {"nl": "{done} van {total} simulaties klaar", "en": "{done} of {total} simulations done"},
    "run.preview_ready": {
        "nl": "Voorlopig resultaat staat hieronder; de volledige berekening loopt nog.",
        "en": "A preliminary result is shown below; the full calculation is still running.",
    },
    "run.cancelled": {"nl": "Berekening geannuleerd.", "en": "Calculation cancelled."},
    "run.failed": {"nl": "De berekening is mislukt:", "en": "The calculation failed:"},
    "run.invalid": {
        "nl": "Uw scenario klopt nog niet; pas het aan op de pagina Scenario.",
        "en": "Your scenario is not valid yet; change it on the Scenario page.",
    },
    "run.same": {
        "nl": "Kies een ander referentiescenario: nu vergelijkt u het scenario met zichzelf.",
        "en": "Choose another reference scenario: now you compare the scenario with itself.",
    },
    "run.stale": {
        "nl": "Sinds deze berekening is veranderd: {what}. Druk op Bereken voor de nieuwe uitkomsten.",
        "en": "Changed since this calculation: {what}. Press Run for the new outcomes.",
    },
    "stale.scenario": {"nl": "het scenario", "en": "the scenario"},
    "stale.reference": {"nl": "het referentiescenario", "en": "the reference scenario"},
    "stale.choice": {"nl": "de keuze van scenario's", "en": "the choice of scenarios"},
    "run.stale.regime": {"nl": "het evidentieregime ({old} \u2192 {new})",
                         "en": "the evidence regime ({old} \u2192 {new})"},
    "run.stale.settings": {"nl": "de rekeninstellingen", "en": "the run settings"},
    "run.stale.and": {"nl": "en", "en": "and"},
    "run.evidence": {"nl": "Evidentieregime", "en": "Evidence regime"},
    "run.evidence_label": {"nl": "Evidentieregime: {regime}.", "en": "Evidence regime: {regime}."},
    "evidence.help": {
        "nl": "Onder elk verschil staat hetzelfde verschil onder de twee andere evidentieregimes (de "
        "effecten pessimistischer of optimistischer aangenomen, met dezelfde herhalingen en referentie). "
        "Robuust: het verschil heeft onder alle drie hetzelfde teken; hangt af van aannames: het teken "
        "wisselt. De marges blijven die van het gekozen regime.",
        "en": "Under each difference is the same difference under the two other evidence regimes (the "
        "effects assumed more pessimistic or more optimistic, with the same replicates and reference). "
        "Robust: the difference has the same sign under all three; depends on assumptions: the sign "
        "changes. The intervals stay those of the chosen regime.",
    },
    "evidence.pending": {
        "nl": "Andere evidentieregimes: wordt berekend…",
        "en": "Other evidence regimes: being computed…",
    },
    "evidence.failed": {
        "nl": "Andere evidentieregimes: niet berekend.",
        "en": "Other evidence regimes: not computed.",
    },
    "evidence.robust": {"nl": "robuust", "en": "robust"},
    "evidence.depends": {"nl": "hangt af van aannames", "en": "depends on assumptions"},
    "evidence.tip_robust": {
        "nl": "Het verschil heeft onder alle drie evidentieregimes hetzelfde teken.",
        "en": "The difference has the same sign under all three evidence regimes.",
    },
    "evidence.zero_everywhere": {"nl": "overal ~0", "en": "~0 everywhere"},
    "evidence.tip_near_zero": {
        "nl": "Het verschil heeft onder alle drie evidentieregimes hetzelfde teken, maar onder {which} is "
              "het vrijwel nul: daar zegt het teken weinig.",
        "en": "The difference has the same sign under all three evidence regimes, but under {which} it is "
              "practically zero: there its sign says little.",
    },
    "evidence.tip_none": {
        "nl": "Onder geen van de drie evidentieregimes is er een verschil.",
        "en": "There is no difference under any of the three evidence regimes.",
    },
    "evidence.tip_depends": {
        "nl": "Het teken van het verschil is anders onder: {which}.",
        "en": "The sign of the difference is different under: {which}.",
    },
    "evidence.tip_what": {
        "nl": "Wat verandert tussen de regimes: de {n} effectparameters met een bewijsgraad ({grades}) "
        "krijgen hun pessimistische of optimistische waarde; pessimistisch betekent bij graad C en D: geen "
        "effect. Al het andere (herhalingen, zaad, referentie) blijft gelijk.",
        "en": "What changes between the regimes: the {n} effect parameters with an evidence grade "
        "({grades}) take their pessimistic or optimistic value; pessimistic means no effect for grades C "
        "and D. Everything else (replicates, seed, reference) stays the same.",
    },
    "run.none": {
        "nl": "Nog geen uitkomsten. Druk op Bereken: binnen enkele seconden verschijnt een voorlopig "
        "resultaat, daarna het volledige.",
        "en": "No outcomes yet. Press Run: a preliminary result appears within seconds, then the full one.",
    },
    "run.preview_label": {
        "nl": "Voorlopig: {reps} herhalingen met 1 op {scale} jongeren — grove schatting.",
        "en": "Preliminary: {reps} replicates with 1 in {scale} youths — a rough estimate.",
    },
    "run.full_label": {
        "nl": "Volledig: {reps} herhalingen, {who}, zaad {seed}, {years} jaar; berekend in {seconds} s.",
        "en": "Full: {reps} replicates, {who}, seed {seed}, {years} years; computed in {seconds} s.",
    },
    "run.cached_label": {
        "nl": "Volledig: {reps} herhalingen, {who}, zaad {seed}, {years} jaar; uit de opslag (eerder "
        "berekend).",
        "en": "Full: {reps} replicates, {who}, seed {seed}, {years} years; from the store (computed before).",
    },
    "run.whole_city": {"nl": "alle jongeren van de stad", "en": "every youth in the city"},
    "run.scaled": {"nl": "1 op {scale} jongeren", "en": "1 in {scale} youths"},
    "run.my_scenario": {"nl": "Mijn scenario", "en": "My scenario"},
    # KPI cards
    "results.cards": {
        "nl": "Uitkomsten per jaar (gemiddeld 2026-2030)",
        "en": "Outcomes per year (mean 2026-2030)",
    },
    "results.cards_help": {
        "nl": "Groot getal: uw scenario. Daaronder het verschil met {reference}, met een 95%-marge. "
        "Groen: zeker beter en groot genoeg om te tellen; rood: zeker slechter en groot genoeg; grijs: "
        "te klein om te tellen, of niet van toeval te onderscheiden.",
        "en": "Large number: your scenario. Below it the difference from {reference}, with a 95% interval. "
        "Green: clearly better and large enough to matter; red: clearly worse and large enough; grey: too "
        "small to matter, or not to be told apart from chance.",
    },
    "results.difference": {"nl": "verschil", "en": "difference"},
    "results.cost_parts": {
        "nl": "Opgebouwd uit (Tabel 1, gemiddeld per jaar):",
        "en": "Made up of (Tabel 1, mean per year):",
    },
    "results.margin": {"nl": "95%-marge", "en": "95% interval"},
    "results.fixed": {
        "nl": "(geen spreiding: gelijk in elke herhaling)",
        "en": "(no spread: the same in every replicate)",
    },
    "results.no_interval": {"nl": NO_INTERVAL["nl"], "en": NO_INTERVAL["en"]},  # fewer than 3 replicates
    "verdict.better": {"nl": "beter", "en": "better"},
    "verdict.worse": {"nl": "slechter", "en": "worse"},
    "verdict.small": {"nl": "te klein om te tellen", "en": "too small to matter"},
    "verdict.unclear": {"nl": "niet te onderscheiden", "en": "not distinguishable"},
    "results.minimal": {
        "nl": "telt vanaf {minimal} (minimaal relevant verschil, aanname)",
        "en": "counts from {minimal} (minimal relevant difference, assumption)",
    },
    "verdict.neutral": {"nl": "kosten", "en": "cost"},
    "verdict.info": {"nl": "geen oordeel: eerder helpen kan meer instroom geven",
                     "en": "not judged: earlier help can mean more entries"},
    "verdict.none": {"nl": "referentie", "en": "reference"},
    "unit.pp": {"nl": "%-punt", "en": "pp"},
    # time series
    "results.series": {"nl": "Door de tijd", "en": "Over time"},
    "results.series_pick": {"nl": "Reeks", "en": "Series"},
    "results.series_title": {"nl": "{series}, per 4 weken", "en": "{series}, per 4 weeks"},
    "results.series_band": {
        "nl": "Lijn: gemiddelde over de herhalingen; band: 95% van de herhalingen. Onder: verschil met de "
        "referentie in dezelfde herhaling (gepaard).",
        "en": "Line: mean over the replicates; band: 95% of the replicates. Below: difference from the "
        "reference in the same replicate (paired).",
    },
    "results.series_diff": {"nl": "verschil", "en": "difference"},
    "results.series_drift": {
        "nl": "Let op: in elk scenario stijgt het aantal jongeren in jeugdhulp in 2026 en 2027 met ongeveer "
        "4% (3,9% ± 1,2% over 8 herhalingen, hele stad). Dat komt door de beginstand van het model (iets te "
        "weinig jongeren met een lichte of matige zorgbehoefte in zorg), niet door beleid: lees het verschil "
        "onder de lijnen.",
        "en": "Note: in every scenario the number of youths in jeugdhulp rises by about 4% in 2026 and 2027 "
        "(3.9% ± 1.2% over 8 replicates, full city). That comes from the model's starting state (slightly "
        "too few youths with mild or moderate need in care), not from policy: read the difference below the "
        "lines.",
    },
    "series.in_care": {"nl": "Jongeren in jeugdhulp", "en": "Youths in jeugdhulp"},
    "series.jh_entries": {"nl": "Instroom jeugdhulp", "en": "Jeugdhulp entries"},
    "series.nuisance_registered": {"nl": "Geregistreerde jeugdoverlast", "en": "Registered youth overlast"},
    "series.halt": {"nl": "Halt-verwijzingen", "en": "Halt referrals"},
    "series.suspects_new": {"nl": "Nieuwe verdachten", "en": "New suspects"},
    "series.dropouts": {"nl": "Schooluitval", "en": "School dropout"},
    "series.school_returns": {"nl": "Terugkeer naar school of werk", "en": "Returns to school or work"},
    "series.meaningful_relations": {
        "nl": "Betekenisvolle relaties met jongerenwerk",
        "en": "Meaningful youth-work relations",
    },
    "series.protective_mean": {"nl": "Gemiddelde beschermende factoren", "en": "Mean protective factors"},
    # maps and tables per wijk
    "results.map": {"nl": "Per wijk", "en": "Per wijk"},
    "results.map_metric": {"nl": "Wat", "en": "What"},
    "results.map_mode": {"nl": "Toon", "en": "Show"},
    "mapmode.value": {"nl": "Uw scenario", "en": "Your scenario"},
    "mapmode.reference": {"nl": "Referentie", "en": "Reference"},
    "mapmode.difference": {"nl": "Verschil", "en": "Difference"},
    "results.map_nodata": {"nl": "geen jongeren", "en": "no youths"},
    "results.map_title": {"nl": "{metric} — {what}", "en": "{metric} — {what}"},
    "results.wijk_table": {"nl": "Tabel per wijk", "en": "Table per wijk"},
    "results.map_help": {
        "nl": "Wijs een wijk op de kaart aan om de naam en het getal te zien. Klik op een kolomkop van de "
        "tabel om erop te sorteren (nog eens klikken: omgekeerd).",
        "en": "Point at a wijk on the map to see its name and number. Click a column heading of the table "
        "to sort by it (click again: reversed).",
    },
    "table.sort": {"nl": "Sorteren op deze kolom", "en": "Sort by this column"},
    "wijkmetric.jeugdhulp_prevalence_u18": {"nl": "Jeugdhulp 10-17 jaar (%)", "en": "Jeugdhulp 10-17 (%)"},
    "wijkmetric.jeugdhulp_in_care_10_17": {
        "nl": "Jongeren 10-17 in jeugdhulp",
        "en": "Youths 10-17 in jeugdhulp",
    },
    "wijkmetric.overlast_registered_per_year": {
        "nl": "Geregistreerde overlast per jaar (waar het gebeurt)",
        "en": "Registered overlast per year (where it happens)",
    },
    "wijkmetric.overlast_registered_by_home_per_year": {
        "nl": "Geregistreerde overlast per jaar (naar woonwijk jongeren)",
        "en": "Registered overlast per year (by the youths' home wijk)",
    },
    "wijkmetric.overlast_registered_outsiders_per_year": {
        "nl": "Geregistreerde overlast door jongeren van elders",
        "en": "Registered overlast by youths from elsewhere",
    },
    "wijkmetric.team_hours_per_year": {
        "nl": "Uren ambulant team per jaar (waar het team is)",
        "en": "Ambulant team hours per year (where the team is)",
    },
    "wijkmetric.problem_groups_at_place": {
        "nl": "Problematische jeugdgroepen (op hun plek)",
        "en": "Problematic youth groups (at their place)",
    },
    "wijkmetric.overlast_incidents_per_year": {
        "nl": "Overlastincidenten per jaar (ook niet gemeld)",
        "en": "Overlast incidents per year (incl. unreported)",
    },
    "wijkmetric.suspects_per_year": {"nl": "Verdachten per jaar", "en": "Suspects per year"},
    "wijkmetric.halt_per_year": {"nl": "Halt-verwijzingen per jaar", "en": "Halt referrals per year"},
    "wijkmetric.protective_mean": {"nl": "Gemiddelde beschermende factoren", "en": "Mean protective factors"},
    "wijkmetric.ambulant_hours_per_week": {
        "nl": "Ambulante uren per week (waar het team is)",
        "en": "Ambulant hours per week (where the team is)",
    },
    "table.label": {"nl": "Uitkomst", "en": "Outcome"},
    "table.mean": {"nl": "gemiddelde", "en": "mean"},
    "table.lo": {"nl": "95%-ondergrens", "en": "95% lower"},
    "table.hi": {"nl": "95%-bovengrens", "en": "95% upper"},
    "table.wijk": {"nl": "Wijk", "en": "Wijk"},
    "table.stadsdeel": {"nl": "Stadsdeel", "en": "Stadsdeel"},
    "table.value": {"nl": "Scenario", "en": "Scenario"},
    "table.reference": {"nl": "Referentie", "en": "Reference"},
    "table.difference": {"nl": "Verschil", "en": "Difference"},
    "table.diff_lo": {"nl": "Verschil 95%-ondergrens", "en": "Difference 95% lower"},
    "table.diff_hi": {"nl": "Verschil 95%-bovengrens", "en": "Difference 95% upper"},
    # downloads
    "download.heading": {"nl": "Downloaden", "en": "Download"},
    "download.csv_kpis": {"nl": "Uitkomsten (CSV)", "en": "Outcomes (CSV)"},
    "download.csv_wijken": {"nl": "Per wijk, alle scenario's (CSV)", "en": "Per wijk, every scenario (CSV)"},
    "download.csv_help": {
        "nl": "De CSV-bestanden zijn voor Excel met Nederlandse instellingen: een puntkomma tussen de "
        "kolommen en een decimale komma. Opent u ze in een ander programma of een Engelstalige Excel, "
        "gebruik dan het Excel-bestand (XLSX): dat opent overal goed. Elke bestandsnaam en elke kolom "
        "noemt de scenario's die erin staan.",
        "en": "The CSV files use a comma between columns and a decimal point, as Excel with English "
        "settings expects. With other settings, use the Excel file (XLSX): it opens correctly everywhere. "
        "Every file name and every column names the scenarios it holds.",
    },
    "download.memo": {"nl": "Memo (Word, 1 pagina)", "en": "Memo (Word, 1 page)"},
    "download.xlsx": {"nl": "Alles in Excel (XLSX)", "en": "Everything in Excel (XLSX)"},
    "download.png_map": {"nl": "Kaart (PNG)", "en": "Map (PNG)"},
    "download.png_series": {"nl": "Grafiek (PNG)", "en": "Chart (PNG)"},
    "download.png_bars": {"nl": "Verschillen (PNG)", "en": "Differences (PNG)"},
    "sheet.kpis": {"nl": "uitkomsten", "en": "outcomes"},
    "sheet.wijken": {"nl": "per wijk", "en": "per wijk"},
    "sheet.series": {"nl": "door de tijd", "en": "over time"},
    "sheet.about": {"nl": "over deze berekening", "en": "about this run"},
    "sheet.budget": {"nl": "kosten per jaar", "en": "cost per year"},
    "export.year": {"nl": "jaar", "en": "year"},
    "export.line": {"nl": "post (Tabel 1)", "en": "line (Tabel 1)"},
    "export.cost": {"nl": "kosten (€)", "en": "cost (EUR)"},
    "export.budget": {"nl": "budget Tabel 1 (€)", "en": "budget Tabel 1 (EUR)"},
    "export.total": {"nl": "totaal", "en": "total"},
    "export.about_file": {
        "nl": "Elke kolom noemt zijn scenario; 'A − B' is het gepaarde verschil van A met de referentie B.",
        "en": "Each column names its scenario; 'A − B' is the paired difference of A with the reference B.",
    },
    "export.about_cost": {
        "nl": "Kosten: de posten van Tabel 1 van de nota (fte maal kosten per fte, schooljongerenwerk vo, "
        "projectgelden, investering ambulant team); dezelfde optelling als op de pagina Scenario.",
        "en": "Cost: the lines of Tabel 1 of the policy note (FTE times cost per FTE, SJW vo, project "
        "money, ambulant-team investment); the same sum as on the Scenario page.",
    },
    "export.file_kpis": {"nl": "uitkomsten", "en": "outcomes"},
    "export.file_wijken": {"nl": "wijken", "en": "wijken"},
    "export.file_map": {"nl": "kaart", "en": "map"},
    "export.file_series": {"nl": "reeks", "en": "series"},
    "export.file_bars": {"nl": "verschillen", "en": "differences"},
    # the Vergelijk page
    "compare.pick": {
        "nl": "Scenario's (2 tot 4; het eerste is de referentie)",
        "en": "Scenarios (2 to 4; the first is the reference)",
    },
    "compare.count": {"nl": "Kies twee tot vier scenario's.", "en": "Choose two to four scenarios."},
    "compare.table": {"nl": "Naast elkaar", "en": "Side by side"},
    "compare.table_help": {
        "nl": "Per scenario het gemiddelde per jaar met de 95%-marge; daarna het gepaarde verschil met "
        "{reference} "
        "(dezelfde gesimuleerde werelden, dus alleen het verschil in inzet telt).",
        "en": "Per scenario the yearly mean with its 95% interval; then the paired difference from "
        "{reference} "
        "(the same simulated worlds, so only the difference in allocation counts).",
    },
    "compare.bars": {"nl": "Verschil met de referentie", "en": "Difference from the reference"},
    "compare.bars_pick": {"nl": "Uitkomst", "en": "Outcome"},
    "compare.maps": {"nl": "Verschil per wijk", "en": "Difference per wijk"},
    "compare.shared_scale": {
        "nl": "Eén kleurschaal voor alle kaarten",
        "en": "One colour scale for all maps",
    },
    "compare.scale_own": {
        "nl": "Elke kaart heeft een eigen kleurschaal, zodat ook kleine verschillen zichtbaar zijn: lees de "
        "legenda van elke kaart.",
        "en": "Each map has its own colour scale, so small differences show too: read each map's legend.",
    },
    "compare.scale_shared": {
        "nl": "Alle kaarten hebben dezelfde kleurschaal: dezelfde kleur is op elke kaart hetzelfde verschil.",
        "en": "All maps share one colour scale: the same colour is the same difference on every map.",
    },
    "compare.wijk_table": {
        "nl": "Verschil per wijk, alle scenario's",
        "en": "Difference per wijk, every scenario",
    },
    "compare.none": {
        "nl": "Nog geen vergelijking. Kies scenario's en druk op Bereken.",
        "en": "No comparison yet. Choose scenarios and press Run.",
    },
    "compare.column_scenario": {"nl": "Scenario", "en": "Scenario"},
}
