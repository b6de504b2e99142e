"""Labels of the "Verantwoorden" page (Dutch and English): what the monitor can see, predicted vs observed."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "page.monitor.title": {"nl": "Verantwoorden", "en": "Accountability"},
    "page.monitor.description": {
        "nl": "Hier ziet u wat de gemeente en Bindkracht10 van het effect van een plan kunnen meten: welke "
        "indicator het verwachte effect binnen één, twee of drie jaar laat zien, met welke steekproef, en "
        "hoe de metingen van een jaar zich verhouden tot wat het model voorspelde.",
        "en": "Here you see what the municipality and Bindkracht10 can measure of a plan's effect: which "
        "indicator shows the expected effect within one, two or three years, with which sample size, and "
        "how a year's measurements compare with what the model predicted.",
    },
    "monitor.power.heading": {"nl": "Wat kan de monitor zien?", "en": "What can the monitor see?"},
    "monitor.power.body": {
        "nl": "Power is de kans dat een meting het verwachte effect van het plan (tegenover de referentie) "
        "ook echt laat zien, tegen het toeval van jaar op jaar en de meetruis in. Vanaf 80% is een "
        "indicator bruikbaar om het effect te verantwoorden. Aantoonbaar: het kleinste verschil dat de "
        "meting met 80% power ziet.",
        "en": "Power is the chance that a measurement actually shows the plan's expected effect (against the "
        "reference), against year-to-year chance and measurement noise. From 80% an indicator can account "
        "for the effect. Detectable: the smallest difference the measurement sees with 80% power.",
    },
    "monitor.power.source": {
        "nl": "Berekend voor {plan} tegenover {reference} met jwsim monitor design ({reps} replicaties per "
        "scenario en evidentieregime, schaal {scale}). Maak uw eigen berekening met dat commando.",
        "en": "Computed for {plan} against {reference} with jwsim monitor design ({reps} replicates per "
        "scenario and evidence regime, scale {scale}). Make your own with that command.",
    },
    "monitor.survey_n": {"nl": "Jongeren in de enquête per jaar", "en": "Youths surveyed per year"},
    "monitor.regime": {"nl": "Evidentieregime", "en": "Evidence regime"},
    "monitor.regime.pessimistic": {"nl": "pessimistisch", "en": "pessimistic"},
    "monitor.regime.central": {"nl": "centraal", "en": "central"},
    "monitor.regime.optimistic": {"nl": "optimistisch", "en": "optimistic"},
    "monitor.col.indicator": {"nl": "Indicator", "en": "Indicator"},
    "monitor.col.effect": {"nl": "Verwacht effect (3 jaar)", "en": "Expected effect (3 years)"},
    "monitor.col.power1": {"nl": "Power na 1 jaar", "en": "Power after 1 year"},
    "monitor.col.power2": {"nl": "na 2 jaar", "en": "after 2 years"},
    "monitor.col.power3": {"nl": "na 3 jaar", "en": "after 3 years"},
    "monitor.col.detectable": {"nl": "Aantoonbaar vanaf", "en": "Detectable from"},
    "monitor.power.figure": {"nl": "Power-figuur downloaden (PNG)", "en": "Download the power figure (PNG)"},
    "monitor.observed.heading": {"nl": "Voorspeld en gemeten", "en": "Predicted and observed"},
    "monitor.observed.body": {
        "nl": "Per indicator het 90%-interval van de voorspelling vóór de metingen (grijs), de meting (punt; "
        "rood als die buiten de voorspelling valt) en het interval na het bijwerken met de metingen (blauw).",
        "en": "Per indicator the 90% interval of the prediction before the measurements (grey), the "
        "measurement (dot; red when outside the prediction) and the interval after the update with the "
        "measurements (blue).",
    },
    "monitor.observed.source": {
        "nl": "Voorbeeld: de synthetische metingen van {year} die met jwsim worden meegeleverd (geen echte "
        "metingen), bijgewerkt met jwsim monitor report ({draws} parametersets, schaal {scale}). Met uw "
        "eigen metingen maakt dat commando het verantwoordingsrapport in Markdown en Word.",
        "en": "Example: the synthetic measurements of {year} shipped with jwsim (not real measurements), "
        "updated with jwsim monitor report ({draws} parameter sets, scale {scale}). With your own "
        "measurements that command writes the accountability report in Markdown and Word.",
    },
    "monitor.observed.figure": {
        "nl": "Figuur voorspeld en gemeten downloaden (PNG)",
        "en": "Download the predicted-and-observed figure (PNG)",
    },
    "monitor.missing": {
        "nl": "De voorbeeldberekening ontbreekt in deze installatie.",
        "en": "The example computation is missing from this installation.",
    },
}
