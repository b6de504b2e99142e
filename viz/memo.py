"""The memo: one page in Word with what a comparison says, ready to paste into a raadsvoorstel.

The question, the scenarios with their FTE and cost, the headline differences with their 95% margins and
verdicts (certain *and* at least the minimal relevant difference) and, once computed, each difference under
the three evidence regimes with whether its sign is robust, a map of where in the city youth care
changes, the budget against Tabel 1 per simulated year, and what the model cannot say. Dutch by
default (the English app writes it in English). Built with python-docx from the same numbers the pages show
(``viz/stats.py``, ``experiments/budget.py``), so the memo never disagrees with the screen.
"""

from __future__ import annotations

import datetime as _dt
import io

from jwsim import __version__
from jwsim.experiments.budget import TABEL_1, budget_check
from jwsim.viz import stats
from jwsim.viz.figures import wijk_map
from jwsim.viz.i18n import t, tf, tr
from jwsim.viz.numbers import euro
from jwsim.viz.runs import ComparisonResult
from jwsim.viz.wijk_views import map_legend, map_number

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAP_METRIC = "jeugdhulp_prevalence_u18"  # the map: where the change in youth care falls



def _difference_text(card: stats.KpiCard, lang: str) -> str:
    d = card.difference
    margin = stats.format_interval(card.kpi, d, lang, difference=True)
    return f"{stats.format_difference(card.kpi, d['mean'], lang)} {margin}"


def _difference_map(result: ComparisonResult, scenario: str, lang: str) -> bytes:
    values = stats.wijk_values(result, scenario, MAP_METRIC, "difference")
    label = tr("wijkmetric", MAP_METRIC, lang)
    return wijk_map(values, f"{label}: {scenario} \u2212 {result.reference}",
                    map_legend(MAP_METRIC, lang, True), diverging=True,
                    number=map_number(MAP_METRIC, lang, True))


def memo_docx(
    result: ComparisonResult,
    lang: str = "nl",
    today: _dt.date | None = None,
    evidence: dict[str, ComparisonResult] | None = None,
) -> bytes:
    """Return the one-page memo of a comparison as .docx bytes (every scenario against the reference).

    With ``evidence`` (regime -> the same comparison under it) the differences table gets, per scenario, the
    difference under the other regimes and whether its sign is robust.
    """
    from docx import Document  # noqa: PLC0415 - only the memo needs python-docx
    from docx.shared import Cm, Pt  # noqa: PLC0415

    doc = Document()
    section = doc.sections[0]
    section.top_margin = section.bottom_margin = Cm(1.5)
    section.left_margin = section.right_margin = Cm(1.8)
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(9)
    others = result.names[1:]
    reference = result.reference
    start = result.results[reference][0].start_year
    doc.add_heading(tf("memo.title", lang, scenarios=" / ".join(result.names)), level=1)
    made = tf("memo.made", lang, version=__version__, date=(today or _dt.date.today()).isoformat(),
              reps=result.reps, years=result.years, start=start, scale=f"{result.scale:g}", seed=result.seed)
    regime = stats.regime_name(result.meta.get("evidence", "central"), lang)
    doc.add_paragraph(f"{made} {tf('run.evidence_label', lang, regime=regime)}").runs[0].italic = True

    doc.add_heading(tf("memo.question", lang), level=2)
    doc.add_paragraph(tf("memo.question_text", lang, others=", ".join(others), reference=reference))

    doc.add_heading(tf("memo.scenarios", lang), level=2)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, (tf("memo.scenario", lang), "", tf("memo.fte", lang),
                                                  tf("memo.cost", lang)), strict=True):
        cell.text = text
    for name in result.names:
        sc = result.scenarios[name]
        check = budget_check(sc, start)
        row = table.add_row().cells
        row[0].text = name + (f" {tf('memo.reference', lang)}" if name == reference else "")
        row[1].text = sc.description_en if lang == "en" else sc.description
        row[2].text = stats.format_value("youthwork_fte", sum(check["fte"].values()), lang)
        row[3].text = euro(check["total"]["spending"], lang)

    doc.add_heading(tf("memo.differences", lang), level=2)
    doc.add_paragraph(tf("memo.differences_help", lang))
    if evidence:
        doc.add_paragraph(tf("memo.evidence_help", lang))
    cards = {name: stats.kpi_cards(result, name, lang, evidence) for name in others}
    reference_cards = stats.kpi_cards(result, reference, lang)
    per = 3 if evidence else 2
    table = doc.add_table(rows=1, cols=2 + per * len(others))
    table.style = "Light Grid Accent 1"
    head = [tf("memo.outcome", lang), reference]
    for name in others:
        head += [f"{name} \u2212 {reference}", tf("memo.verdict", lang)]
        if evidence:
            head.append(tf("memo.evidence", lang))
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
    for i, ref_card in enumerate(reference_cards):
        row = table.add_row().cells
        row[0].text = ref_card.label
        row[1].text = stats.format_value(ref_card.kpi, ref_card.value["mean"], lang)
        for j, name in enumerate(others):
            card = cards[name][i]
            row[2 + per * j].text = _difference_text(card, lang)
            row[3 + per * j].text = tr("verdict", card.verdict, lang)
            if evidence:
                check = card.regimes
                row[4 + per * j].text = (
                    "" if check is None
                    else f"{stats.regime_values(card.kpi, check, lang)}: "
                         f"{stats.robustness_text(card.kpi, check, lang)}"
                )

    doc.add_heading(tf("memo.map", lang), level=2)
    doc.add_picture(io.BytesIO(_difference_map(result, others[0], lang)), width=Cm(9.5))

    doc.add_heading(tf("memo.budget", lang), level=2)
    years = [start + k for k in range(result.years)][:2]
    table = doc.add_table(rows=1, cols=1 + len(years) * (1 + len(result.names)))
    table.style = "Light Grid Accent 1"
    head = [tf("memo.line", lang)]
    for year in years:
        head += [tf("memo.budget_col", lang, year=year), *(f"{n} {year}" for n in result.names)]
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
    checks = {(n, y): budget_check(result.scenarios[n], y) for n in result.names for y in years}
    label = "label_en" if lang == "en" else "label_nl"
    rows = [(line.key, getattr(line, label)) for line in TABEL_1] + [("total", t("export.total", lang))]
    for key, text in rows:
        row = table.add_row().cells
        row[0].text = text
        k = 1
        for year in years:
            first = checks[(result.names[0], year)]
            budget = first["total" if key == "total" else "lines"]
            row[k].text = euro((budget if key == "total" else budget[key])["budget"], lang)
            for n in result.names:
                c = checks[(n, year)]
                row[k + 1].text = euro((c["total"] if key == "total" else c["lines"][key])["spending"], lang)
                k += 1
            k += 1

    doc.add_heading(tf("memo.limits", lang), level=2)
    for key in ("memo.limit1", "memo.limit2", "memo.limit3"):
        doc.add_paragraph(tf(key, lang), style="List Bullet")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def memo_name(result: ComparisonResult) -> str:
    """Return the memo's file name: the scenarios it holds."""
    from jwsim.viz.exports import file_stem  # noqa: PLC0415

    return f"{file_stem(result)}-memo.docx"

