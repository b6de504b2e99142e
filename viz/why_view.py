"""The "Waarom?" panel: where a difference between the scenario and its reference comes from.

On request it runs, with the result's own seed, replicates, scale and years, one *hybrid* per change (the
reference with only that change made; ``experiments/decompose.py``). The reference and the scenario come
from the run cache, so only the hybrids are computed. For a chosen outcome it shows each change's paired
contribution with its 95% margin, what the changes do together beyond the sum (interaction), and the total.
"""

from __future__ import annotations

from dataclasses import replace

import reacton.ipyvuetify as rv
import solara

from jwsim.experiments.decompose import decompose, hybrids
from jwsim.viz import stats
from jwsim.viz.components import LabelledSelect, Paragraph, PngFigure, RunBar, SectionHeading
from jwsim.viz.exports import file_name
from jwsim.viz.figures import difference_bars
from jwsim.viz.i18n import t
from jwsim.viz.runs import ComparisonResult, ComparisonRun, get_service
from jwsim.viz.state import Session

TEXTS: dict[str, dict[str, str]] = {
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


def _t(key: str, lang: str, **kw) -> str:
    text = TEXTS[key]["en" if lang == "en" else "nl"]
    return text.format(**kw) if kw else text


def why_request(result: ComparisonResult) -> tuple:
    """Return what a split is computed for: the two scenarios and the run settings of ``result``."""
    ref, own = result.reference, result.names[1]
    return (result.scenarios[ref], result.scenarios[own], result.seed, result.reps, result.scale,
            result.years)


def start_why_run(session: Session, result: ComparisonResult) -> bool:
    """Queue the hybrids of ``result``'s scenario against its reference (no preview); False if none."""
    reference, scenario = result.scenarios[result.reference], result.scenarios[result.names[1]]
    parts = hybrids(reference, scenario)
    if not parts:
        return False
    settings = replace(session.settings.value, seed=result.seed, reps=result.reps, scale=result.scale,
                       years=result.years, preview_reps=0)
    run = ComparisonRun(get_service(), [reference, scenario, *(h for _, h in parts)], settings)
    session.why.start(run, why_request(result))
    return True


def split_rows(result: ComparisonResult, why: ComparisonResult, kpi: str, lang: str) -> list[dict]:
    """Return the rows of the split of ``kpi``: each change, then 'together', then the total."""
    reference, scenario = result.scenarios[result.reference], result.scenarios[result.names[1]]
    parts = [(change, h.name) for change, h in hybrids(reference, scenario)]
    split = decompose(why.results, why.reference, why.names[1], parts, [kpi])[kpi]
    rows = [{"label": p["label_en" if lang == "en" else "label_nl"], **p} for p in split["parts"].values()]
    rows.append({"label": _t("why.interaction", lang), **split["interaction"]})
    rows.append({"label": _t("why.total", lang), **split["total"]})
    return rows


@solara.component
def WhySection(result: ComparisonResult, session: Session, lang: str):
    """Offer the split of the difference over the changes, and show it once computed."""
    reference, scenario = result.scenarios[result.reference], result.scenarios[result.names[1]]
    n_changes = solara.use_memo(lambda: len(hybrids(reference, scenario)), [reference, scenario])
    kpi = solara.use_reactive(stats.HEADLINE_KPIS[0][0])
    slot = session.why
    why = slot.view.value.result
    current = why is not None and not slot.view.value.running and slot.asked.value == why_request(result)
    rows = solara.use_memo(lambda: split_rows(result, why, kpi.value, lang) if current else [],
                           [why, current, kpi.value, lang])
    SectionHeading(_t("why.heading", lang))
    if n_changes == 0:
        Paragraph(_t("why.none", lang))
        return
    Paragraph(_t("why.help", lang, reference=result.reference, n=n_changes), "text-caption")
    RunBar(slot, lambda: start_why_run(session, result), lang, label=_t("why.start", lang))
    if why is None or slot.view.value.running:
        return
    if not current:
        Paragraph(_t("why.stale", lang), "text-caption jwsim-why-stale")
        return
    judged = [k for k, direction in stats.HEADLINE_KPIS if direction != stats.NEUTRAL]
    LabelledSelect(_t("why.outcome", lang), [(k, stats.kpi_label(k, lang)) for k in judged], kpi.value,
                   kpi.set, classes="jwsim-why-kpi")
    with solara.Row(gap="24px", style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        png = difference_bars(
            [(r["label"], r["mean"], r["lo"] if r["lo"] is not None else r["mean"],
              r["hi"] if r["hi"] is not None else r["mean"]) for r in rows],
            _t("why.title", lang, outcome=stats.kpi_label(kpi.value, lang)),
            f"{t('compare.bars', lang)} ({result.reference})",
            lambda v: stats.format_difference(kpi.value, v, lang, unit=False),
        )
        PngFigure(png, file_name(result, f"waarom-{kpi.value}", "png"), t("download.png_bars", lang),
                  max_width="40rem")
        with rv.SimpleTable(dense=True, class_="jwsim-why-table"):
            with rv.Html(tag="thead"):
                with rv.Html(tag="tr"):
                    rv.Html(tag="th", children=[_t("why.change", lang)])
                    rv.Html(tag="th", children=[_t("why.contribution", lang)])
            with rv.Html(tag="tbody"):
                for r in rows:
                    with rv.Html(tag="tr"):
                        rv.Html(tag="td", children=[r["label"]])
                        rv.Html(tag="td", children=[
                            f"{stats.format_difference(kpi.value, r['mean'], lang)} "
                            f"{stats.format_interval(kpi.value, r, lang, difference=True)}"])
