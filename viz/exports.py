"""What the Resultaten and Vergelijk pages let a user take away: CSV, XLSX and PNG files.

Every file says which scenarios it holds: its name (``jwsim-opdracht-2026-vs-huidig-2025-wijken.csv``) and
its columns (``opdracht-2026 − huidig-2025: verschil``) name them, and the per-wijk file holds every
scenario of the comparison, not only the first. The costs come from the one cost rule
(``Allocation.spending_by_line`` via ``experiments.budget``), per Tabel 1 line and year.

CSV in the Dutch app is written for Excel with Dutch settings: a semicolon between columns and a decimal
comma (an English-language Excel reads the English app's commas and points). The XLSX opens correctly
everywhere, whatever the settings; the page says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd
import solara

from jwsim.experiments.budget import TABEL_1, budget_check
from jwsim.viz import stats
from jwsim.viz.components import Paragraph, SectionHeading
from jwsim.viz.i18n import t, tr
from jwsim.viz.runs import ComparisonResult

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 150


def file_stem(result: ComparisonResult) -> str:
    """``jwsim-<scenario>-vs-<reference>`` (two scenarios) or ``jwsim-<reference>-<a>-<b>`` (more)."""
    names = [_UNSAFE.sub("_", name).strip("_") or "scenario" for name in result.names]
    stem = f"{names[1]}-vs-{names[0]}" if len(names) == 2 else "-".join(names)
    return f"jwsim-{stem}"[:MAX_NAME]


def file_name(result: ComparisonResult, what: str, extension: str) -> str:
    """Return a download's file name: the scenarios it holds, then what it is."""
    return f"{file_stem(result)}-{_UNSAFE.sub('_', what)}.{extension}"


def csv_bytes(frame: pd.DataFrame, lang: str) -> bytes:
    """CSV with a byte-order mark (Excel then reads the accents right); Dutch: ';' and a decimal comma."""
    if lang == "nl":
        return frame.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")
    return frame.to_csv(index=False).encode("utf-8-sig")


def simulated_years(result: ComparisonResult) -> list[int]:
    """Return the calendar years the runs simulated (2026, 2027, ...)."""
    start = result.results[result.reference][0].start_year
    return [start + i for i in range(result.years)]


def cost_lines(result: ComparisonResult, scenario: str, lang: str) -> list[tuple[str, float]]:
    """Return each Tabel 1 line's cost of ``scenario``, averaged over the simulated years.

    What the cost card adds up: the model's yearly cost is the same sum (``spending_by_line``).
    """
    years = simulated_years(result)
    checks = [budget_check(result.scenarios[scenario], year) for year in years]
    label = "label_en" if lang == "en" else "label_nl"
    return [
        (getattr(line, label), sum(c["lines"][line.key]["spending"] for c in checks) / len(checks))
        for line in TABEL_1
    ]


def budget_frame(result: ComparisonResult, lang: str) -> pd.DataFrame:
    """Per simulated year and Tabel 1 line: each scenario's cost and the budget, then the totals."""
    label = "label_en" if lang == "en" else "label_nl"
    year_column, line_column, cost = t("export.year", lang), t("export.line", lang), t("export.cost", lang)
    rows = []
    for year in simulated_years(result):
        checks = {name: budget_check(result.scenarios[name], year) for name in result.names}
        first = checks[result.names[0]]
        for line in TABEL_1:
            row: dict[str, object] = {year_column: year, line_column: getattr(line, label)}
            row.update({f"{name}: {cost}": c["lines"][line.key]["spending"] for name, c in checks.items()})
            row[t("export.budget", lang)] = first["lines"][line.key]["budget"]
            rows.append(row)
        total: dict[str, object] = {year_column: year, line_column: t("export.total", lang)}
        total.update({f"{name}: {cost}": c["total"]["spending"] for name, c in checks.items()})
        total[t("export.budget", lang)] = first["total"]["budget"]
        rows.append(total)
    return pd.DataFrame(rows)


def wijk_export_frame(
    result: ComparisonResult, lang: str, metrics: Sequence[str] = stats.MAP_METRICS
) -> pd.DataFrame:
    """Return every per-wijk metric, one row per (metric, wijk), with every scenario of the comparison.

    Columns: wijk and stadsdeel, the reference's mean, then for each other scenario its mean with the 95%
    interval and the paired difference with the reference with its interval (``stats.wijk_frame``); each
    column names its scenario.
    """
    reference = result.reference
    frames = []
    for metric in metrics:
        merged: pd.DataFrame | None = None
        for name in result.names[1:]:
            frame = stats.wijk_frame(result, name, metric, lang).rename(
                columns={
                    t("table.value", lang): f"{name}: {t('table.mean', lang)}",
                    t("table.lo", lang): f"{name}: {t('table.lo', lang)}",
                    t("table.hi", lang): f"{name}: {t('table.hi', lang)}",
                    t("table.reference", lang): f"{reference}: {t('table.mean', lang)}",
                    t("table.difference", lang): f"{name} \u2212 {reference}: {t('table.difference', lang)}",
                    t("table.diff_lo", lang): f"{name} \u2212 {reference}: {t('table.lo', lang)}",
                    t("table.diff_hi", lang): f"{name} \u2212 {reference}: {t('table.hi', lang)}",
                }
            )
            if merged is None:
                merged = frame
            else:
                keep = ["wijk_code", *[c for c in frame.columns if c not in merged.columns]]
                merged = merged.merge(frame[keep], on="wijk_code", how="outer")
        assert merged is not None
        ref_column = f"{reference}: {t('table.mean', lang)}"
        ordered = [c for c in merged.columns if c not in ("wijk_code", ref_column)]
        merged = merged[["wijk_code", *ordered[:2], ref_column, *ordered[2:]]]
        merged.insert(0, t("results.map_metric", lang), tr("wijkmetric", metric, lang))
        frames.append(merged)
    return pd.concat(frames, ignore_index=True)


def about_frame(result: ComparisonResult, lang: str) -> pd.DataFrame:
    """Return what was run (``stats.about_frame``) and what the numbers are, to read and repeat it."""
    frame = stats.about_frame(result)
    notes = pd.DataFrame(
        [
            ("file", t("export.about_file", lang)),
            ("cost", t("export.about_cost", lang)),
        ],
        columns=["item", "value"],
    )
    return pd.concat([frame, notes], ignore_index=True)


def xlsx_bytes(result: ComparisonResult, lang: str) -> bytes:
    """Return the workbook: outcomes, per wijk (every scenario), over time, cost per year, about this run."""
    return stats.xlsx_bytes(
        {
            t("sheet.kpis", lang): stats.kpi_frame(result, lang),
            t("sheet.wijken", lang): wijk_export_frame(result, lang),
            t("sheet.series", lang): stats.series_frame(result, lang),
            t("sheet.budget", lang): budget_frame(result, lang),
            t("sheet.about", lang): about_frame(result, lang),
        }
    )


@solara.component
def Downloads(result: ComparisonResult, lang: str, evidence: dict[str, ComparisonResult] | None = None):
    """CSV and XLSX downloads of a comparison (computed only when clicked), named after its scenarios.

    ``evidence`` (regime -> the same comparison under it, once computed) goes into the memo.
    """
    SectionHeading(t("download.heading", lang))
    with solara.Row(gap="12px", style={"flex-wrap": "wrap"}, classes=["jwsim-downloads"]):
        solara.FileDownload(
            lambda: csv_bytes(stats.kpi_frame(result, lang), lang),
            filename=file_name(result, t("export.file_kpis", lang), "csv"),
            label=t("download.csv_kpis", lang),
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: csv_bytes(wijk_export_frame(result, lang), lang),
            filename=file_name(result, t("export.file_wijken", lang), "csv"),
            label=t("download.csv_wijken", lang),
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: xlsx_bytes(result, lang),
            filename=f"{file_stem(result)}.xlsx",
            label=t("download.xlsx", lang),
            mime_type=XLSX_MIME,
        )
        if len(result.names) > 1:
            from jwsim.viz.memo import DOCX_MIME, memo_docx, memo_name  # noqa: PLC0415 - imports the pages

            solara.FileDownload(
                lambda: memo_docx(result, lang, evidence=evidence),
                filename=memo_name(result),
                label=t("download.memo", lang),
                mime_type=DOCX_MIME,
            )
    Paragraph(t("download.csv_help", lang), "text-caption grey--text text--darken-1 jwsim-csv-help")
