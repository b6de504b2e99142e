"""The Vergelijk page: two to four scenarios side by side, with the same seeds.

With their paired differences with the first (the reference).
"""

from __future__ import annotations

import reacton.ipyvuetify as rv
import solara

from jwsim.experiments.labels import kpi_label
from jwsim.model.scenario import Scenario, load_scenario
from jwsim.viz import stats
from jwsim.viz.components import (
    EvidenceSelect,
    LabelledSelect,
    Notice,
    PageHeading,
    Paragraph,
    PngFigure,
    RegimeLine,
    RunBar,
    SectionHeading,
    result_caption,
)
from jwsim.viz.draft import check, preset_names
from jwsim.viz.exports import Downloads, file_name
from jwsim.viz.figures import difference_bars
from jwsim.viz.i18n import t, tf, tr
from jwsim.viz.numbers import format_number
from jwsim.viz.page_results import RunSettingsPanel, stale_notice
from jwsim.viz.runs import ComparisonResult, ComparisonRun, RunSettings, get_service
from jwsim.viz.session_url import canonical
from jwsim.viz.state import RunView, Session
from jwsim.viz.wijk_views import DifferenceMaps

MIN_SCENARIOS, MAX_SCENARIOS = 2, 4
VERDICT_CLASSES = {"better": "green--text text--darken-2", "worse": "red--text text--darken-2"}


def compare_options(session: Session, doc: dict | None = None) -> dict[str, Scenario | None]:
    """Name -> scenario for every choice: the presets (loaded when run) and the session's own scenario."""
    options: dict[str, Scenario | None] = {name: None for name in preset_names()}
    checked = check(session.draft.value if doc is None else doc)
    if checked.scenario is not None and checked.scenario.name not in options:
        options[checked.scenario.name] = checked.scenario
    return options


def compare_request(
    session: Session, names: list[str], doc: dict | None = None, settings: RunSettings | None = None
) -> tuple:
    """Return what a comparison is computed for: names, the session's own scenario if chosen, settings."""
    doc = session.draft.value if doc is None else doc
    checked = check(doc)
    own = canonical(doc) if checked.scenario is not None and checked.scenario.name in names else ""
    return tuple(names), own, session.settings.value if settings is None else settings


def start_compare_run(
    session: Session,
    names: list[str] | None = None,
    doc: dict | None = None,
    settings: RunSettings | None = None,
) -> bool:
    """Queue the chosen scenarios (first = reference) with the same seeds; False if the choice is invalid.

    By default the session's choice, scenario and settings; a reloaded page passes what it asked for.
    """
    options = compare_options(session, doc)
    names = [n for n in (session.compare_names.value if names is None else names) if n in options]
    if not MIN_SCENARIOS <= len(names) <= MAX_SCENARIOS:
        return False
    settings = session.settings.value if settings is None else settings
    scenarios = [options[n] or load_scenario(n) for n in names]
    run = ComparisonRun(get_service(), scenarios, settings)
    session.compare.start(run, compare_request(session, names, doc, settings))
    return True


@solara.component
def SideBySide(view: RunView, lang: str):
    """Show the headline KPIs: each scenario's mean with interval, and the paired differences.

    Under each difference, once computed, the same difference under the two other evidence regimes and
    whether its sign is robust.
    """
    result = view.result
    SectionHeading(t("compare.table", lang))
    Paragraph(tf("compare.table_help", lang, reference=result.reference), "text-caption")
    if view.evidence_status:
        Paragraph(t("evidence.help", lang), "text-caption jwsim-evidence-help")
    others = result.names[1:]
    shown = result.meta.get("evidence", "central")
    checks = solara.use_memo(
        lambda: {n: stats.regime_checks(view.evidence, n, shown) for n in others} if view.evidence else {},
        [view.evidence, shown],
    )
    with rv.SimpleTable(dense=True, class_="jwsim-compare-table"):
        with rv.Html(tag="thead"):
            with rv.Html(tag="tr"):
                rv.Html(tag="th", children=[t("table.label", lang)])
                for name in result.names:
                    rv.Html(tag="th", children=[name])
                for name in others:
                    rv.Html(tag="th", children=[f"{name} \u2212 {result.reference}"])
        with rv.Html(tag="tbody"):
            for kpi, direction in stats.HEADLINE_KPIS:
                base = stats.kpi_values(result.results[result.reference], kpi)
                with rv.Html(tag="tr", class_=f"jwsim-compare-{kpi}"):
                    rv.Html(tag="td", children=[kpi_label(kpi, lang)])
                    for name in result.names:
                        iv = stats.interval(stats.kpi_values(result.results[name], kpi))
                        rv.Html(
                            tag="td",
                            children=[
                                f"{stats.format_value(kpi, iv['mean'], lang)} "
                                f"{stats.format_interval(kpi, iv, lang)}"
                            ],
                        )
                    for name in others:
                        diff = stats.paired_difference(base, stats.kpi_values(result.results[name], kpi))
                        verdict = stats.verdict(diff, direction, stats.minimal_relevant(kpi, base))
                        with rv.Html(tag="td", class_=f"jwsim-diff-{name}"):
                            rv.Html(
                                tag="div",
                                class_=VERDICT_CLASSES.get(verdict, ""),
                                children=[
                                    f"{stats.format_difference(kpi, diff['mean'], lang)} "
                                    f"{stats.format_interval(kpi, diff, lang, difference=True)} "
                                    f"({tr('verdict', verdict, lang)})"
                                ],
                            )
                            if view.evidence_status:
                                RegimeLine(kpi, checks.get(name, {}).get(kpi), view.evidence_status, lang)


@solara.component
def DifferenceBars(result: ComparisonResult, lang: str):
    """For one chosen KPI, each scenario's paired difference with the reference as a bar with its interval."""
    kpi = solara.use_reactive("jeugdhulp_prevalence_u18")
    SectionHeading(t("compare.bars", lang))
    LabelledSelect(
        t("compare.bars_pick", lang),
        [(k, kpi_label(k, lang)) for k, _ in stats.HEADLINE_KPIS],
        kpi.value,
        kpi.set,
        classes="jwsim-bars-pick",
        width="28rem",
    )

    def draw() -> bytes:
        base = stats.kpi_values(result.results[result.reference], kpi.value)
        rows = []
        for name in result.names[1:]:
            d = stats.paired_difference(base, stats.kpi_values(result.results[name], kpi.value))
            # No interval from fewer than 3 replicates: a bar without error bars.
            lo, hi = (float("nan") if d[e] is None else d[e] for e in ("lo", "hi"))
            rows.append((name, d["mean"], lo, hi))
        scale = 100.0 if stats.KPI_LABELS[kpi.value][2] == "%" else 1.0
        rows = [(name, m * scale, lo * scale, hi * scale) for name, m, lo, hi in rows]
        unit = t("unit.pp", lang) if scale == 100.0 else ""
        return difference_bars(
            rows,
            f"{kpi_label(kpi.value, lang)}: {t('results.difference', lang)} vs {result.reference}",
            f"{t('results.difference', lang)} {unit}".strip(),
            number=lambda v: format_number(v, 2 if scale == 100.0 else 1, lang),
        )

    png = solara.use_memo(draw, [result, kpi.value, lang])
    PngFigure(
        png,
        file_name(result, f"{t('export.file_bars', lang)}-{kpi.value}", "png"),
        t("download.png_bars", lang),
        max_width="46rem",
    )


@solara.component
def ComparePage(session: Session):
    """Show two to four scenarios side by side."""
    lang = session.lang.value
    PageHeading(t("page.compare.title", lang), t("page.compare.description", lang))
    options = compare_options(session)
    chosen = [n for n in session.compare_names.value if n in options]
    rv.Select(
        label=t("compare.pick", lang),
        items=list(options),
        v_model=chosen,
        multiple=True,
        chips=True,
        small_chips=True,
        deletable_chips=True,
        outlined=True,
        dense=True,
        hide_details=True,
        on_v_model=lambda names: session.compare_names.set(list(names)[:MAX_SCENARIOS]),
        class_="jwsim-compare-pick",
        style_="max-width: 48rem",
    )
    blocked = "" if MIN_SCENARIOS <= len(chosen) <= MAX_SCENARIOS else t("compare.count", lang)
    EvidenceSelect(session.settings, lang)
    RunBar(session.compare, lambda: start_compare_run(session), lang, blocked)
    RunSettingsPanel(session, lang)
    view = session.compare.view.value
    result = view.result
    if result is None:
        solara.Info(t("compare.none", lang), classes=["jwsim-no-comparison"])
        return
    rv.Html(
        tag="div",
        class_="text-body-2 font-weight-medium jwsim-result-caption",
        children=[result_caption(result, lang)],
    )
    Notice(
        stale_notice(
            session.compare.asked.value, compare_request(session, chosen), ("choice", "scenario"), lang
        ),
        classes="jwsim-stale",
    )
    SideBySide(view, lang)
    DifferenceBars(result, lang)
    DifferenceMaps(result, lang)
    Downloads(result, lang, view.evidence)
