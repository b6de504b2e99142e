"""The Resultaten page: the session's scenario against a reference.

KPI cards with paired intervals, time series with bands, a choropleth and a table per wijk, downloads. Also
the run settings and the
function that starts a run (shared with the Scenario page's Run button).
"""

from __future__ import annotations

import reacton.ipyvuetify as rv
import solara

from jwsim.experiments.replicates import MIN_REPLICATES
from jwsim.model.scenario import load_scenario
from jwsim.viz import stats
from jwsim.viz.components import (
    KpiCardView,
    LabelledSelect,
    Notice,
    PageHeading,
    Paragraph,
    PngFigure,
    RunBar,
    SectionHeading,
    result_caption,
)
from jwsim.viz.draft import check, preset_names
from jwsim.viz.figures import series_with_bands, wijk_map
from jwsim.viz.i18n import t, tf, tr
from jwsim.viz.runs import ComparisonResult, ComparisonRun, RunSettings, get_service
from jwsim.viz.state import Session

SCALES = (1.0, 2.0, 5.0, 10.0, 20.0)
MAX_REPS = 40
MIN_REPS = MIN_REPLICATES  # fewer replicates give no interval
MAP_MODES = ("value", "reference", "difference")


def results_request(session: Session) -> tuple:
    """Return what a Resultaten run is computed for: the scenario document, the reference and the settings."""
    return repr(session.draft.value), session.reference.value, session.settings.value


def start_results_run(session: Session) -> bool:
    """Queue the session's scenario against its reference (preview, then full); False if it cannot run."""
    checked = check(session.draft.value)
    if checked.scenario is None:
        return False
    reference = load_scenario(session.reference.value)
    if reference.name == checked.scenario.name:
        return False
    run = ComparisonRun(get_service(), [reference, checked.scenario], session.settings.value)
    session.results.start(run, results_request(session))
    return True


@solara.component
def RunSettingsPanel(session: Session, lang: str):
    """Replicates, scale, seed and years of the full run (the preview is always quick and small)."""
    s = session.settings.value

    def update(**changes) -> None:
        session.settings.set(RunSettings(**{**s.__dict__, **changes}))

    with rv.ExpansionPanels(flat=True, class_="jwsim-settings"):
        with rv.ExpansionPanel():
            rv.ExpansionPanelHeader(children=[t("run.settings", lang)])
            with rv.ExpansionPanelContent():
                with solara.Row(gap="16px", style={"flex-wrap": "wrap"}):
                    solara.InputInt(
                        t("run.reps", lang),
                        value=s.reps,
                        style={"max-width": "18rem"},
                        on_value=lambda v: update(reps=min(MAX_REPS, max(MIN_REPS, int(v or MIN_REPS)))),
                    )
                    LabelledSelect(
                        t("run.scale", lang),
                        [(f"{x:g}", f"{x:g}") for x in SCALES],
                        f"{s.scale:g}",
                        lambda v: update(scale=float(v)),
                        classes="jwsim-scale",
                        width="22rem",
                    )
                    solara.InputInt(
                        t("run.seed", lang),
                        value=s.seed,
                        style={"max-width": "12rem"},
                        on_value=lambda v: update(seed=max(0, int(v or 0))),
                    )
                    solara.InputInt(
                        t("run.years", lang),
                        value=s.years,
                        style={"max-width": "10rem"},
                        on_value=lambda v: update(years=min(10, max(1, int(v or 5)))),
                    )


@solara.component
def KpiCards(result: ComparisonResult, scenario: str, lang: str):
    """Show the headline KPI cards of ``scenario`` against the reference."""
    SectionHeading(t("results.cards", lang))
    Paragraph(tf("results.cards_help", lang, reference=result.reference), "text-caption")
    with solara.Row(gap="12px", style={"flex-wrap": "wrap"}, classes=["jwsim-cards"]):
        for card in stats.kpi_cards(result, scenario, lang):
            KpiCardView(card, result.reference, lang)


def _number_format(series: str, lang: str):
    decimals = 3 if series == "protective_mean" else 0
    return lambda v: stats.format_number(v, decimals, lang)


@solara.component
def SeriesSection(result: ComparisonResult, lang: str, key: str):
    """Show a weekly series over time in 4-week periods: bands across replicates, paired differences."""
    series = solara.use_reactive("in_care")
    SectionHeading(t("results.series", lang))
    LabelledSelect(
        t("results.series_pick", lang),
        [(s, tr("series", s, lang)) for s, _ in stats.SERIES],
        series.value,
        series.set,
        classes="jwsim-series-pick",
    )

    def draw() -> bytes:
        b = stats.series_bands(result, series.value)
        title = tf("results.series_title", lang, series=tr("series", series.value, lang))
        return series_with_bands(
            b["x"]["years"],
            b,
            result.names,
            title,
            tr("series", series.value, lang),
            t("results.series_diff", lang),
            result.reference,
            _number_format(series.value, lang),
        )

    png = solara.use_memo(draw, [result, series.value, lang])
    PngFigure(png, f"jwsim-{key}-{series.value}.png", t("download.png_series", lang), max_width="56rem")
    Paragraph(t("results.series_band", lang), "text-caption")


def map_number(metric: str, lang: str):
    """Tick format of a per-wijk metric."""
    if metric in stats.PERCENT_WIJK_METRICS:
        return lambda v: f"{stats.format_number(100 * v, 1, lang)}%"
    decimals = 3 if metric == "protective_mean" else 1
    return lambda v: stats.format_number(v, decimals, lang)


@solara.component
def WijkSection(result: ComparisonResult, scenario: str, lang: str, key: str):
    """Show the choropleth of a chosen metric (scenario, reference or difference) and the table per wijk."""
    metric = solara.use_reactive("jeugdhulp_prevalence_u18")
    mode = solara.use_reactive("difference")
    SectionHeading(t("results.map", lang))
    with solara.Row(gap="16px", style={"flex-wrap": "wrap", "align-items": "center"}):
        LabelledSelect(
            t("results.map_metric", lang),
            [(m, tr("wijkmetric", m, lang)) for m in stats.MAP_METRICS],
            metric.value,
            metric.set,
            classes="jwsim-map-metric",
            width="26rem",
        )
        LabelledSelect(
            t("results.map_mode", lang),
            [(m, tr("mapmode", m, lang)) for m in MAP_MODES],
            mode.value,
            mode.set,
            classes="jwsim-map-mode",
            width="14rem",
        )

    def draw() -> bytes:
        values = stats.wijk_values(result, scenario, metric.value, mode.value)
        what = {
            "value": scenario,
            "reference": result.reference,
            "difference": f"{scenario} \u2212 {result.reference}",
        }[mode.value]
        label = tr("wijkmetric", metric.value, lang)
        return wijk_map(
            values,
            tf("results.map_title", lang, metric=label, what=what),
            label,
            diverging=mode.value == "difference",
            number=map_number(metric.value, lang),
            no_data=t("results.map_nodata", lang),
        )

    png = solara.use_memo(draw, [result, scenario, metric.value, mode.value, lang])
    with solara.Row(gap="24px", style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        PngFigure(
            png,
            f"jwsim-{key}-kaart-{metric.value}-{mode.value}.png",
            t("download.png_map", lang),
            max_width="40rem",
        )
        frame = solara.use_memo(
            lambda: stats.wijk_frame(result, scenario, metric.value, lang),
            [result, scenario, metric.value, lang],
        )
        with solara.Column(style={"flex": "1 1 28rem", "max-height": "38rem", "overflow-y": "auto"}):
            rv.Html(tag="div", class_="font-weight-bold", children=[t("results.wijk_table", lang)])
            WijkTable(frame, metric.value, lang)


@solara.component
def WijkTable(frame, metric: str, lang: str):
    """Show the per-wijk table: value with interval, reference, paired difference with interval."""
    decimals = 3 if metric == "protective_mean" else (2 if metric in stats.PERCENT_WIJK_METRICS else 1)
    columns = [c for c in frame.columns if c != "wijk_code"]
    with rv.SimpleTable(dense=True, fixed_header=True, class_="jwsim-wijk-table"):
        with rv.Html(tag="thead"):
            with rv.Html(tag="tr"):
                for column in columns:
                    rv.Html(tag="th", children=[str(column)])
        with rv.Html(tag="tbody"):
            for _, row in frame.iterrows():
                with rv.Html(tag="tr"):
                    for column in columns:
                        value = row[column]
                        text = (
                            stats.format_number(value, decimals, lang)
                            if isinstance(value, float)
                            else str(value)
                        )
                        rv.Html(tag="td", children=[text])


@solara.component
def Downloads(result: ComparisonResult, scenario: str, lang: str, key: str):
    """CSV and XLSX downloads, computed only when clicked."""
    SectionHeading(t("download.heading", lang))
    with solara.Row(gap="12px", style={"flex-wrap": "wrap"}):
        solara.FileDownload(
            lambda: stats.csv_bytes(stats.kpi_frame(result, lang)),
            filename=f"jwsim-{key}-uitkomsten.csv",
            label=t("download.csv_kpis", lang),
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: stats.csv_bytes(stats.wijk_long_frame(result, scenario, lang)),
            filename=f"jwsim-{key}-wijken.csv",
            label=t("download.csv_wijken", lang),
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: stats.xlsx_bytes(
                {
                    t("sheet.kpis", lang): stats.kpi_frame(result, lang),
                    t("sheet.wijken", lang): stats.wijk_long_frame(result, scenario, lang),
                    t("sheet.series", lang): stats.series_frame(result, lang),
                    t("sheet.about", lang): stats.about_frame(result),
                }
            ),
            filename=f"jwsim-{key}.xlsx",
            label=t("download.xlsx", lang),
            mime_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )


@solara.component
def ResultsPage(session: Session):
    """Show the outcomes of the session's scenario against a reference scenario."""
    lang = session.lang.value
    PageHeading(t("page.results.title", lang), t("page.results.description", lang))
    checked = check(session.draft.value)
    with solara.Row(gap="16px", style={"align-items": "center", "flex-wrap": "wrap"}):
        LabelledSelect(
            t("run.reference", lang),
            [(n, n) for n in preset_names()],
            session.reference.value,
            session.reference.set,
            classes="jwsim-reference",
        )
        if checked.scenario is not None:
            rv.Html(
                tag="span",
                class_="text-body-2",
                children=[f"{t('run.my_scenario', lang)}: {checked.scenario.name}"],
            )
    blocked = (
        t("run.invalid", lang)
        if checked.scenario is None
        else (t("run.same", lang) if checked.scenario.name == session.reference.value else "")
    )
    RunBar(session.results, lambda: start_results_run(session), lang, blocked)
    RunSettingsPanel(session, lang)
    result = session.results.view.value.result
    if result is None:
        solara.Info(t("run.none", lang), classes=["jwsim-no-results"])
        return
    scenario = result.names[1]
    rv.Html(
        tag="div",
        class_="text-body-2 font-weight-medium jwsim-result-caption",
        children=[result_caption(result, lang)],
    )
    Notice(
        t("run.stale", lang) if session.results.asked.value != results_request(session) else "",
        classes="jwsim-stale",
    )
    KpiCards(result, scenario, lang)
    SeriesSection(result, lang, "resultaten")
    WijkSection(result, scenario, lang, "resultaten")
    Downloads(result, scenario, lang, "resultaten")
