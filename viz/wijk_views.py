"""Where in the city: maps that name each wijk on hover, and per-wijk tables that sort by any column.

On the Resultaten page one map (the scenario, the reference or their paired difference) with the table of
that metric per wijk; on the Vergelijk page one difference map per scenario, each on its own colour scale
(small differences stay visible next to large ones) or, on request, all on one shared scale (to compare the
maps with each other), with one table holding every scenario's difference per wijk.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import reacton.ipyvuetify as rv
import solara

from jwsim.data import load_inputs
from jwsim.viz import stats
from jwsim.viz.components import LabelledSelect, SectionHeading
from jwsim.viz.exports import file_name
from jwsim.viz.figures import wijk_areas, wijk_map
from jwsim.viz.i18n import t, tf, tr
from jwsim.viz.numbers import format_number, number_format, signed
from jwsim.viz.runs import ComparisonResult
from jwsim.viz.wijk_map import WijkMapFigure

MAP_MODES = ("value", "reference", "difference")


def map_number(metric: str, lang: str, difference: bool = False) -> Callable[[float, int], str]:
    """Format of a per-wijk metric on a map's scale and in its hover text.

    Shares as percentages; a difference carries its sign, and a difference of shares is in percentage
    points (the unit is in the map's legend, and in the hover text: ``map_hover_number``).
    """
    percent = metric in stats.PERCENT_WIJK_METRICS
    least = 3 if metric == "protective_mean" else 1
    if not difference:
        return number_format(lang, least=least, percent=percent)
    scale = 100.0 if percent else 1.0
    base = number_format(lang, least=least)
    return lambda value, decimals=0: signed(base(scale * value, max(0, decimals - (2 if percent else 0))))


def map_hover_number(metric: str, lang: str, difference: bool = False) -> Callable[[float, int], str]:
    """Return the hover text's number: as on the scale, with '%-punt' after a difference of shares."""
    number = map_number(metric, lang, difference)
    if difference and metric in stats.PERCENT_WIJK_METRICS:
        return lambda value, decimals=0: f"{number(value, decimals + 2)} {t('unit.pp', lang)}"
    return number


def map_legend(metric: str, lang: str, difference: bool = False) -> str:
    """Return the colour bar's label: the metric, and for a difference 'verschil' and its unit."""
    label = tr("wijkmetric", metric, lang)
    if not difference:
        return label
    unit = f" ({t('unit.pp', lang)})" if metric in stats.PERCENT_WIJK_METRICS else ""
    return f"{t('results.difference', lang)}{unit}"


def table_decimals(metric: str) -> int:
    """Decimals of a per-wijk metric in a table (shares are already percentages there)."""
    return 3 if metric == "protective_mean" else (2 if metric in stats.PERCENT_WIJK_METRICS else 1)


@dataclass(frozen=True)
class Column:
    """A column of a sortable table: its key in the rows, its heading, and how numbers are written."""

    key: str
    label: str
    decimals: int | None = None  # None: a text column


def _sort_value(value: object) -> tuple[int, object]:
    if isinstance(value, (int, float)):
        return (1, 0.0) if not math.isfinite(float(value)) else (0, float(value))  # no number: last
    return (0, str(value).lower())


@solara.component
def SortableTable(columns: list[Column], rows: list[dict], lang: str, classes: str = "", initial: str = ""):
    """Show a table whose headings sort it (click again to reverse); numbers written the user's way."""
    sort_key = solara.use_reactive(initial or columns[0].key)
    descending = solara.use_reactive(False)
    key = sort_key.value if any(c.key == sort_key.value for c in columns) else columns[0].key

    def sort_by(column: str) -> None:
        if column == key:
            descending.set(not descending.value)
        else:
            sort_key.set(column)
            descending.set(False)

    ordered = sorted(rows, key=lambda row: _sort_value(row.get(key)), reverse=descending.value)
    if descending.value:  # a missing number stays last either way
        ordered = [r for r in ordered if _sort_value(r.get(key))[0] == 0] + [
            r for r in ordered if _sort_value(r.get(key))[0] == 1
        ]
    with rv.SimpleTable(dense=True, fixed_header=True, class_=classes):
        with rv.Html(tag="thead"):
            with rv.Html(tag="tr"):
                for column in columns:
                    active = column.key == key
                    arrow = (" \u25bc" if descending.value else " \u25b2") if active else ""
                    with rv.Html(
                        tag="th",
                        class_=f"jwsim-sort-{_css(column.key)}",
                        attributes={"aria-sort": _aria_sort(active, descending.value)},
                    ):
                        solara.Button(
                            column.label + arrow,
                            text=True,
                            small=True,
                            on_click=lambda column=column.key: sort_by(column),
                            style={"text-transform": "none", "padding": "0 2px", "min-width": "0"},
                            attributes={"title": t("table.sort", lang)},
                        )
        with rv.Html(tag="tbody"):
            for row in ordered:
                # keyed by the row's first column (the wijk): sorting moves rows instead of rewriting cells
                with rv.Html(tag="tr").key(f"row-{row.get(columns[0].key)}"):
                    for column in columns:
                        value = row.get(column.key)
                        if column.decimals is None or not isinstance(value, (int, float)):
                            text = str(value if value is not None else "")
                        elif not math.isfinite(float(value)):
                            text = "\u2013"
                        else:
                            text = format_number(float(value), column.decimals, lang)
                        rv.Html(tag="td", children=[text])


def _aria_sort(active: bool, descending: bool) -> str:
    return ("descending" if descending else "ascending") if active else "none"


def _css(key: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in key)


def results_wijk_rows(result: ComparisonResult, scenario: str, metric: str, lang: str) -> tuple[list, list]:
    """Columns and rows of the Resultaten table per wijk: headed by the scenario's and reference's names."""
    # The scenario's own interval is in the download; the table keeps what answers "where": both values
    # and the paired difference with its interval.
    frame = stats.wijk_frame(result, scenario, metric, lang)
    frame = frame.drop(columns=[t("table.lo", lang), t("table.hi", lang)])
    reference = result.reference
    decimals = table_decimals(metric)
    headings = {
        t("table.value", lang): scenario,
        t("table.reference", lang): reference,
        t("table.difference", lang): f"{scenario} \u2212 {reference}",
    }
    texts = (t("table.wijk", lang), t("table.stadsdeel", lang))
    columns = [
        Column(name, headings.get(name, name), None if name in texts else decimals)
        for name in frame.columns
        if name != "wijk_code"
    ]
    return columns, frame.to_dict("records")


@solara.component
def MetricPicker(metric: solara.Reactive[str], lang: str, classes: str):
    """Choose the per-wijk metric a map and its table show."""
    LabelledSelect(
        t("results.map_metric", lang),
        [(m, tr("wijkmetric", m, lang)) for m in stats.MAP_METRICS],
        metric.value,
        metric.set,
        classes=classes,
        width="26rem",
    )


@solara.component
def WijkSection(result: ComparisonResult, scenario: str, lang: str, key: str):
    """Show the map of a chosen metric (scenario, reference or difference), named on hover, and its table."""
    metric = solara.use_reactive("jeugdhulp_prevalence_u18")
    mode = solara.use_reactive("difference")
    SectionHeading(t("results.map", lang))
    with solara.Row(gap="16px", style={"flex-wrap": "wrap", "align-items": "center"}):
        MetricPicker(metric, lang, "jwsim-map-metric")
        LabelledSelect(
            t("results.map_mode", lang),
            [(m, tr("mapmode", m, lang)) for m in MAP_MODES],
            mode.value,
            mode.set,
            classes="jwsim-map-mode",
            width="14rem",
        )

    def draw() -> tuple[bytes, list]:
        values = stats.wijk_values(result, scenario, metric.value, mode.value)
        what = {
            "value": scenario,
            "reference": result.reference,
            "difference": f"{scenario} \u2212 {result.reference}",
        }[mode.value]
        label = tr("wijkmetric", metric.value, lang)
        difference = mode.value == "difference"
        png = wijk_map(
            values,
            tf("results.map_title", lang, metric=label, what=what),
            map_legend(metric.value, lang, difference),
            diverging=difference,
            number=map_number(metric.value, lang, difference),
            no_data=t("results.map_nodata", lang),
        )
        hover = map_hover_number(metric.value, lang, difference)
        return png, wijk_areas(values, hover, t("results.map_nodata", lang))

    png, areas = solara.use_memo(draw, [result, scenario, metric.value, mode.value, lang])
    MapHelp(lang)
    with solara.Row(gap="24px", style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        WijkMapFigure(
            png,
            areas,
            file_name(result, f"{t('export.file_map', lang)}-{metric.value}-{mode.value}", "png"),
            t("download.png_map", lang),
            max_width="40rem",
        )
        columns, rows = solara.use_memo(
            lambda: results_wijk_rows(result, scenario, metric.value, lang),
            [result, scenario, metric.value, lang],
        )
        with solara.Column(style={"flex": "1 1 28rem", "max-height": "38rem", "overflow-y": "auto"}):
            rv.Html(tag="div", class_="font-weight-bold", children=[t("results.wijk_table", lang)])
            SortableTable(columns, rows, lang, classes="jwsim-wijk-table")


@solara.component
def MapHelp(lang: str):
    """One line under the map's heading: hover a wijk to see its name and value; sort the table."""
    rv.Html(tag="p", class_="text-caption mb-1", children=[t("results.map_help", lang)])


@solara.component
def DifferenceMaps(result: ComparisonResult, lang: str):
    """One difference map per scenario against the reference: each its own scale, or one shared scale."""
    metric = solara.use_reactive("jeugdhulp_prevalence_u18")
    shared = solara.use_reactive(False)
    SectionHeading(t("compare.maps", lang))
    with solara.Row(gap="16px", style={"flex-wrap": "wrap", "align-items": "center"}):
        MetricPicker(metric, lang, "jwsim-compare-metric")
        with solara.Column(gap="0px", classes=["jwsim-shared-scale"]):
            solara.Checkbox(label=t("compare.shared_scale", lang), value=shared)
    rv.Html(
        tag="p",
        class_="text-caption mb-1 jwsim-scale-note",
        children=[t("compare.scale_shared" if shared.value else "compare.scale_own", lang)],
    )
    others = result.names[1:]

    def draw() -> list[tuple[bytes, list]]:
        values = [stats.wijk_values(result, name, metric.value, "difference") for name in others]
        span = max(float(np.nanmax(np.abs(v))) for v in values) if shared.value else None
        label = tr("wijkmetric", metric.value, lang)
        number = map_number(metric.value, lang, difference=True)
        hover = map_hover_number(metric.value, lang, difference=True)
        return [
            (
                wijk_map(
                    v,
                    f"{label}: {name} \u2212 {result.reference}",
                    map_legend(metric.value, lang, difference=True),
                    diverging=True,
                    span=span,
                    number=number,
                    no_data=t("results.map_nodata", lang),
                ),
                wijk_areas(v, hover, t("results.map_nodata", lang)),
            )
            for name, v in zip(others, values, strict=True)
        ]

    maps = solara.use_memo(draw, [result, metric.value, shared.value, lang])
    MapHelp(lang)
    with solara.Row(gap="16px", style={"flex-wrap": "wrap"}, classes=["jwsim-compare-maps"]):
        for name, (png, areas) in zip(others, maps, strict=True):
            WijkMapFigure(
                png,
                areas,
                file_name(result, f"{t('export.file_map', lang)}-{name}-{metric.value}", "png"),
                t("download.png_map", lang),
                max_width="30rem",
            )
    columns, rows = solara.use_memo(
        lambda: compare_wijk_rows(result, metric.value, lang), [result, metric.value, lang]
    )
    rv.Html(tag="div", class_="font-weight-bold mt-2", children=[t("compare.wijk_table", lang)])
    with solara.Column(style={"max-height": "38rem", "overflow-y": "auto"}):
        SortableTable(columns, rows, lang, classes="jwsim-compare-wijk-table")


def compare_wijk_rows(result: ComparisonResult, metric: str, lang: str) -> tuple[list[Column], list[dict]]:
    """Columns and rows of the Vergelijk table per wijk: the reference's value, each scenario's difference."""
    inputs = load_inputs()
    scale = 100.0 if metric in stats.PERCENT_WIJK_METRICS else 1.0
    reference = result.reference
    ref_values = stats.wijk_values(result, reference, metric, "value") * scale
    diffs = {name: stats.wijk_values(result, name, metric, "difference") * scale for name in result.names[1:]}
    decimals = table_decimals(metric)
    columns = [
        Column("wijk", t("table.wijk", lang)),
        Column("stadsdeel", t("table.stadsdeel", lang)),
        Column(f"value:{reference}", reference, decimals),
        *[Column(f"diff:{name}", f"{name} \u2212 {reference}", decimals) for name in diffs],
    ]
    rows = []
    for j, _ in enumerate(inputs.wijk_codes):
        if not np.isfinite(ref_values[j]):
            continue
        row: dict[str, object] = {
            "wijk": inputs.wijk_names[j],
            "stadsdeel": inputs.stadsdeel_names[inputs.stadsdeel_index[j]],
            f"value:{reference}": float(ref_values[j]),
        }
        row.update({f"diff:{name}": float(values[j]) for name, values in diffs.items()})
        rows.append(row)
    return columns, rows
