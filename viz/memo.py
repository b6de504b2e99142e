"""The memo: one page in Word with what a comparison says, ready to paste into a raadsvoorstel.

The question, the scenarios with their FTE and cost, the headline differences with their 95% margins and
verdicts (certain *and* at least the minimal relevant difference), a map of where in the city youth care
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
from jwsim.viz.i18n import t, tr
from jwsim.viz.numbers import euro
from jwsim.viz.runs import ComparisonResult
from jwsim.viz.wijk_views import map_legend, map_number

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAP_METRIC = "jeugdhulp_prevalence_u18"  # the map: where the change in youth care falls

TEXTS: dict[str, dict[str, str]] = {
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
}


def _t(key: str, lang: str, **kw) -> str:
    text = TEXTS[key]["en" if lang == "en" else "nl"]
    return text.format(**kw) if kw else text


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


def memo_docx(result: ComparisonResult, lang: str = "nl", today: _dt.date | None = None) -> bytes:
    """Return the one-page memo of a comparison as .docx bytes (every scenario against the reference)."""
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
    doc.add_heading(_t("memo.title", lang, scenarios=" / ".join(result.names)), level=1)
    made = _t("memo.made", lang, version=__version__, date=(today or _dt.date.today()).isoformat(),
              reps=result.reps, years=result.years, start=start, scale=f"{result.scale:g}", seed=result.seed)
    doc.add_paragraph(made).runs[0].italic = True

    doc.add_heading(_t("memo.question", lang), level=2)
    doc.add_paragraph(_t("memo.question_text", lang, others=", ".join(others), reference=reference))

    doc.add_heading(_t("memo.scenarios", lang), level=2)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, (_t("memo.scenario", lang), "", _t("memo.fte", lang),
                                                  _t("memo.cost", lang)), strict=True):
        cell.text = text
    for name in result.names:
        sc = result.scenarios[name]
        check = budget_check(sc, start)
        row = table.add_row().cells
        row[0].text = name + (f" {_t('memo.reference', lang)}" if name == reference else "")
        row[1].text = sc.description_en if lang == "en" else sc.description
        row[2].text = stats.format_value("youthwork_fte", sum(check["fte"].values()), lang)
        row[3].text = euro(check["total"]["spending"], lang)

    doc.add_heading(_t("memo.differences", lang), level=2)
    doc.add_paragraph(_t("memo.differences_help", lang))
    cards = {name: stats.kpi_cards(result, name, lang) for name in others}
    reference_cards = stats.kpi_cards(result, reference, lang)
    table = doc.add_table(rows=1, cols=2 + 2 * len(others))
    table.style = "Light Grid Accent 1"
    head = [_t("memo.outcome", lang), reference]
    for name in others:
        head += [f"{name} \u2212 {reference}", _t("memo.verdict", lang)]
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
    for i, ref_card in enumerate(reference_cards):
        row = table.add_row().cells
        row[0].text = ref_card.label
        row[1].text = stats.format_value(ref_card.kpi, ref_card.value["mean"], lang)
        for j, name in enumerate(others):
            card = cards[name][i]
            row[2 + 2 * j].text = _difference_text(card, lang)
            row[3 + 2 * j].text = tr("verdict", card.verdict, lang)

    doc.add_heading(_t("memo.map", lang), level=2)
    doc.add_picture(io.BytesIO(_difference_map(result, others[0], lang)), width=Cm(9.5))

    doc.add_heading(_t("memo.budget", lang), level=2)
    years = [start + k for k in range(result.years)][:2]
    table = doc.add_table(rows=1, cols=1 + len(years) * (1 + len(result.names)))
    table.style = "Light Grid Accent 1"
    head = [_t("memo.line", lang)]
    for year in years:
        head += [_t("memo.budget_col", lang, year=year), *(f"{n} {year}" for n in result.names)]
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

    doc.add_heading(_t("memo.limits", lang), level=2)
    for key in ("memo.limit1", "memo.limit2", "memo.limit3"):
        doc.add_paragraph(_t(key, lang), style="List Bullet")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def memo_name(result: ComparisonResult) -> str:
    """Return the memo's file name: the scenarios it holds."""
    from jwsim.viz.exports import file_stem  # noqa: PLC0415

    return f"{file_stem(result)}-memo.docx"

