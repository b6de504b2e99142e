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
from jwsim.viz.i18n import t, tf
from jwsim.viz.runs import ComparisonResult, ComparisonRun, get_service
from jwsim.viz.state import Session


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
                       years=result.years, preview_reps=0, evidence=result.meta.get("evidence", "central"))
    run = ComparisonRun(get_service(), [reference, scenario, *(h for _, h in parts)], settings, regimes=False)
    session.why.start(run, why_request(result))
    return True


def split_rows(result: ComparisonResult, why: ComparisonResult, kpi: str, lang: str) -> list[dict]:
    """Return the rows of the split of ``kpi``: each change, then 'together', then the total."""
    reference, scenario = result.scenarios[result.reference], result.scenarios[result.names[1]]
    parts = [(change, h.name) for change, h in hybrids(reference, scenario)]
    split = decompose(why.results, why.reference, why.names[1], parts, [kpi])[kpi]
    rows = [{"label": p["label_en" if lang == "en" else "label_nl"], **p} for p in split["parts"].values()]
    rows.append({"label": tf("why.interaction", lang), **split["interaction"]})
    rows.append({"label": tf("why.total", lang), **split["total"]})
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
    SectionHeading(tf("why.heading", lang))
    if n_changes == 0:
        Paragraph(tf("why.none", lang))
        return
    Paragraph(tf("why.help", lang, reference=result.reference, n=n_changes), "text-caption")
    RunBar(slot, lambda: start_why_run(session, result), lang, label=tf("why.start", lang))
    if why is None or slot.view.value.running:
        return
    if not current:
        Paragraph(tf("why.stale", lang), "text-caption jwsim-why-stale")
        return
    judged = [k for k, direction in stats.HEADLINE_KPIS if direction != stats.NEUTRAL]
    LabelledSelect(tf("why.outcome", lang), [(k, stats.kpi_label(k, lang)) for k in judged], kpi.value,
                   kpi.set, classes="jwsim-why-kpi")
    with solara.Row(gap="24px", style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        png = difference_bars(
            [(r["label"], r["mean"], r["lo"] if r["lo"] is not None else r["mean"],
              r["hi"] if r["hi"] is not None else r["mean"]) for r in rows],
            tf("why.title", lang, outcome=stats.kpi_label(kpi.value, lang)),
            f"{t('compare.bars', lang)} ({result.reference})",
            lambda v: stats.format_difference(kpi.value, v, lang, unit=False),
        )
        PngFigure(png, file_name(result, f"waarom-{kpi.value}", "png"), t("download.png_bars", lang),
                  max_width="40rem")
        with rv.SimpleTable(dense=True, class_="jwsim-why-table"):
            with rv.Html(tag="thead"):
                with rv.Html(tag="tr"):
                    rv.Html(tag="th", children=[tf("why.change", lang)])
                    rv.Html(tag="th", children=[tf("why.contribution", lang)])
            with rv.Html(tag="tbody"):
                for r in rows:
                    with rv.Html(tag="tr"):
                        rv.Html(tag="td", children=[r["label"]])
                        rv.Html(tag="td", children=[
                            f"{stats.format_difference(kpi.value, r['mean'], lang)} "
                            f"{stats.format_interval(kpi.value, r, lang, difference=True)}"])
