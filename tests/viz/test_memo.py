"""The memo: one Word page that says what the comparison on screen says, in Dutch."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document

from jwsim.experiments.budget import TABEL_1
from jwsim.viz import stats
from jwsim.viz.memo import memo_docx, memo_name
from jwsim.viz.numbers import euro


def _text(doc) -> str:
    cells = [c.text for tb in doc.tables for r in tb.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_memo_holds_question_scenarios_differences_map_budget_and_limits(comparison):
    """Everything a raadsvoorstel needs, with the numbers the cards show and the Tabel 1 budget."""
    doc = Document(io.BytesIO(memo_docx(comparison, "nl", today=dt.date(2026, 12, 3))))
    text = _text(doc)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[1:] == ["Vraag", "Scenario's", "Belangrijkste verschillen", "Waar in de stad",
                            "Budget tegen Tabel 1 (nota, §9)", "Wat het model niet kan zeggen"]
    assert "3 gepaarde herhalingen" in text and "2026-12-03" in text
    differences = doc.tables[1]
    cards = stats.kpi_cards(comparison, "opdracht-2026", "nl")
    assert len(differences.rows) == 1 + len(cards) >= 7
    for row, card in zip(differences.rows[1:], cards, strict=True):
        assert row.cells[0].text == card.label
        # the difference with its margin, exactly as the card writes it
        assert row.cells[2].text.startswith(stats.format_difference(card.kpi, card.difference["mean"], "nl"))
        assert "[" in row.cells[2].text or card.difference["lo"] == card.difference["hi"]
        assert row.cells[3].text in {"beter", "slechter", "te klein om te tellen", "niet te onderscheiden",
                                     "kosten", "geen oordeel: eerder helpen kan meer instroom geven"}
    budget = doc.tables[2]
    assert [r.cells[0].text for r in budget.rows[1:-1]] == [line.label_nl for line in TABEL_1]
    assert "\u20ac 3.900.743" in [c.text for c in budget.rows[-1].cells]  # 2026: Tabel 1 exactly
    assert euro(3_900_744, "nl") == "\u20ac 3.900.744"
    assert len(doc.inline_shapes) == 1  # the map
    assert "niet de onzekerheid van de aannames" in text
    assert memo_name(comparison) == "jwsim-opdracht-2026-vs-huidig-2025-memo.docx"


def test_the_memo_fits_one_page_of_text(comparison):
    """One page: a bounded amount of text (about 450 words) beside one map and three small tables."""
    doc = Document(io.BytesIO(memo_docx(comparison, "nl")))
    words = sum(len(p.text.split()) for p in doc.paragraphs)
    assert words < 450
