"""Texts of the memo (``viz/memo.py``) and the "Waarom?" panel (``viz/why_view.py``), Dutch and English."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "memo.title": {
        "nl": "Memo jongerenwerk Nijmegen: {scenarios}",
        "en": "Memo youth work Nijmegen: {scenarios}",
    },
    "memo.made": {
        "nl": "Doorgerekend met jwsim {version} op {date}: {reps} gepaarde herhalingen, {years} "
              "jaar vanaf {start}, 1 gesimuleerde jongere per {scale} jongeren, startgetal "
              "{seed}.",
        "en": "Computed with jwsim {version} on {date}: {reps} paired replicates, {years} years "
              "from {start}, 1 simulated youth per {scale} youths, seed {seed}.",
    },
    "memo.question": {
        "nl": "Vraag",
        "en": "Question",
    },
    "memo.question_text": {
        "nl": "Wat verandert er voor jeugdhulp, jeugdoverlast, jeugdcriminaliteit en schooluitval"
              " in Nijmegen als de gemeente kiest voor {others} in plaats van {reference}, en "
              "tegen welke kosten?",
        "en": "What changes for youth care, youth nuisance, youth crime and school dropout in "
              "Nijmegen if the city chooses {others} instead of {reference}, and at what cost?",
    },
    "memo.scenarios": {
        "nl": "Scenario's",
        "en": "Scenarios",
    },
    "memo.scenario": {
        "nl": "Scenario",
        "en": "Scenario",
    },
    "memo.fte": {
        "nl": "fte",
        "en": "FTE",
    },
    "memo.cost": {
        "nl": "kosten per jaar",
        "en": "cost per year",
    },
    "memo.reference": {
        "nl": "(referentie)",
        "en": "(reference)",
    },
    "memo.differences": {
        "nl": "Belangrijkste verschillen",
        "en": "Headline differences",
    },
    "memo.differences_help": {
        "nl": "Gemiddelde over de gesimuleerde jaren; het verschil is gepaard (dezelfde "
              "gesimuleerde jongeren), met 95%-marge. Beter of slechter alleen als de marge nul "
              "uitsluit en het verschil minstens het minimaal relevante verschil is (5% van het "
              "niveau van de referentie, een aanname).",
        "en": "Mean over the simulated years; the difference is paired (the same simulated "
              "youths), with its 95% interval. Better or worse only when the interval excludes "
              "zero and the difference is at least the minimal relevant difference (5% of the "
              "reference level, an assumption).",
    },
    "memo.evidence": {
        "nl": "onder andere evidentieregimes",
        "en": "under other evidence regimes",
    },
    "memo.evidence_help": {
        "nl": "Robuust: het verschil heeft onder het pessimistische, centrale en optimistische "
              "evidentieregime (de effecten van jongerenwerk en zorg lager of hoger aangenomen) hetzelfde "
              "teken; hangt af van aannames: het teken wisselt. De marges zijn die van het gekozen regime.",
        "en": "Robust: the difference has the same sign under the pessimistic, central and optimistic "
              "evidence regimes (the effects of youth work and care assumed lower or higher); depends on "
              "assumptions: the sign changes. The intervals are those of the chosen regime.",
    },
    "memo.outcome": {
        "nl": "Uitkomst",
        "en": "Outcome",
    },
    "memo.verdict": {
        "nl": "oordeel",
        "en": "verdict",
    },
    "memo.map": {
        "nl": "Waar in de stad",
        "en": "Where in the city",
    },
    "memo.budget": {
        "nl": "Budget tegen Tabel 1 (nota, §9)",
        "en": "Budget against Tabel 1 (policy note, §9)",
    },
    "memo.line": {
        "nl": "Regel",
        "en": "Line",
    },
    "memo.budget_col": {
        "nl": "budget {year}",
        "en": "budget {year}",
    },
    "memo.limits": {
        "nl": "Wat het model niet kan zeggen",
        "en": "What the model cannot say",
    },
    "memo.limit1": {
        "nl": "De marges geven het toeval van de simulatie weer, niet de onzekerheid van de "
              "aannames. Veel effecten van jongerenwerk rusten op buitenlands onderzoek of op "
              "aannames (bewijsgraad C of D in docs/parameters.md); een andere aanname kan een "
              "uitkomst verschuiven.",
        "en": "The intervals show the simulation's chance, not the uncertainty of its "
              "assumptions. Many effects of youth work rest on foreign studies or on assumptions "
              "(evidence grade C or D in docs/parameters.md); another assumption can shift an "
              "outcome.",
    },
    "memo.limit2": {
        "nl": "Het model rekent met gesimuleerde jongeren die op de Nijmeegse cijfers lijken, "
              "niet met echte jongeren: het voorspelt geen individuele levensloop en per kleine "
              "wijk zijn de getallen onzeker.",
        "en": "The model computes with simulated youths that resemble Nijmegen's figures, not "
              "with real youths: it predicts no individual life course, and per small wijk the "
              "numbers are uncertain.",
    },
    "memo.limit3": {
        "nl": "De kwaliteit van het werk (vakmanschap, samenwerking met school, buurtteam en "
              "politie) zit in het model als gemiddelde; wat een team in de praktijk doet, "
              "bepaalt of een effect er werkelijk komt.",
        "en": "The quality of the work (craft, cooperation with school, buurtteam and police) "
              "enters the model as an average; what a team does in practice decides whether an "
              "effect really comes.",
    },

    "why.heading": {
        "nl": "Waarom? Het verschil per wijziging",
        "en": "Why? The difference per change",
    },
    "why.help": {
        "nl": "Uw scenario verschilt van {reference} in {n} wijziging(en). Per wijziging wordt de "
              "referentie doorgerekend met alleen die wijziging, in dezelfde gesimuleerde wereld "
              "(gepaard). Zo ziet u welke werkvorm of keuze het verschil maakt; 'samen' is wat de "
              "wijzigingen samen meer of minder doen dan de som van hun delen. Een verschuiving van "
              "fte telt als twee wijzigingen (minder hier, meer daar).",
        "en": "Your scenario differs from {reference} in {n} change(s). For each change the reference"
              " is run with only that change, in the same simulated world (paired). So you see which "
              "work form or choice makes the difference; 'together' is what the changes do together "
              "beyond the sum of their parts. A move of FTE counts as two changes (fewer here, more "
              "there).",
    },
    "why.start": {
        "nl": "Waarom? Bereken per wijziging",
        "en": "Why? Compute per change",
    },
    "why.none": {
        "nl": "Uw scenario is gelijk aan de referentie.",
        "en": "Your scenario equals the reference.",
    },
    "why.outcome": {
        "nl": "Uitkomst",
        "en": "Outcome",
    },
    "why.change": {
        "nl": "Wijziging",
        "en": "Change",
    },
    "why.contribution": {
        "nl": "bijdrage (95%-marge)",
        "en": "contribution (95% interval)",
    },
    "why.interaction": {
        "nl": "samen (meer of minder dan de som)",
        "en": "together (beyond the sum)",
    },
    "why.total": {
        "nl": "totaal verschil",
        "en": "total difference",
    },
    "why.title": {
        "nl": "{outcome}: bijdrage per wijziging",
        "en": "{outcome}: contribution per change",
    },
    "why.stale": {
        "nl": "Deze verdeling hoort bij een eerdere berekening; bereken opnieuw.",
        "en": "This split belongs to an earlier result; compute again.",
    },
}
