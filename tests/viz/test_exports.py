"""Downloads: every file names its scenarios and holds every scenario; Dutch CSV for Dutch Excel; costs."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from jwsim.data import load_inputs
from jwsim.experiments.runner import replicate_tasks, run_task
from jwsim.model.scenario import load_scenario
from jwsim.viz import exports, stats
from jwsim.viz.runs import ComparisonResult

REPS = 2


@pytest.fixture(scope="module")
def comparison() -> ComparisonResult:
    """huidig-2025 (reference), opdracht-2026 and bezuiniging-2027: 2 paired replicates, 2 years, scale 40."""
    names = ["huidig-2025", "opdracht-2026", "bezuiniging-2027"]
    scenarios = {n: load_scenario(n) for n in names}
    results = {n: [run_task(t) for t in replicate_tasks(scenarios[n], 5, REPS, 40.0, 2)] for n in names}
    return ComparisonResult(names, scenarios, results, seed=5, reps=REPS, scale=40.0, years=2, preview=False)


def test_file_names_say_which_scenarios_they_hold(comparison):
    """Two scenarios: '<scenario>-vs-<reference>'; more: all of them, the reference first."""
    two = ComparisonResult(comparison.names[:2], comparison.scenarios, comparison.results, 5, REPS, 40.0, 2)
    assert exports.file_name(two, "wijken", "csv") == "jwsim-opdracht-2026-vs-huidig-2025-wijken.csv"
    assert exports.file_stem(comparison) == "jwsim-huidig-2025-opdracht-2026-bezuiniging-2027"
    names = ["huidig-2025", "mijn plan/2027"]
    odd = ComparisonResult(names, comparison.scenarios, comparison.results, 5, 2, 40.0, 2)
    assert exports.file_stem(odd) == "jwsim-mijn_plan_2027-vs-huidig-2025"


def test_the_wijk_export_holds_every_scenario(comparison):
    """One row per (metric, wijk with youths); the reference and both other scenarios, each named."""
    frame = exports.wijk_export_frame(comparison, "nl")
    wijken = int(comparison.results["opdracht-2026"].wijk_present().sum())  # at scale 40: not all 44
    assert 30 < wijken <= len(load_inputs().wijk_codes)
    assert len(frame) == len(stats.MAP_METRICS) * wijken
    for name in ("opdracht-2026", "bezuiniging-2027"):
        assert f"{name}: gemiddelde" in frame.columns
        assert f"{name} \u2212 huidig-2025: Verschil" in frame.columns
        direct = stats.wijk_frame(comparison, name, "jeugdhulp_prevalence_u18", "nl")
        mine = frame[frame["Wat"] == "Jeugdhulp 10-17 jaar (%)"].set_index("wijk_code")
        assert mine.loc[direct["wijk_code"], f"{name}: gemiddelde"].to_numpy() == pytest.approx(
            direct["Scenario"].to_numpy()
        )
    assert "huidig-2025: gemiddelde" in frame.columns


def test_dutch_csv_is_for_dutch_excel_and_english_csv_for_english(comparison):
    """Dutch: ';' between columns and a decimal comma; English: ',' and a point; both with a BOM."""
    frame = exports.wijk_export_frame(comparison, "nl", metrics=["protective_mean"])
    dutch = exports.csv_bytes(frame, "nl")
    assert dutch.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(dutch.decode("utf-8-sig")), delimiter=";"))
    header, first = rows[0], rows[1]
    value = first[header.index("opdracht-2026: gemiddelde")]
    assert "," in value and "." not in value and float(value.replace(",", ".")) > 0
    english = exports.csv_bytes(
        exports.wijk_export_frame(comparison, "en", metrics=["protective_mean"]), "en"
    )
    back = pd.read_csv(io.StringIO(english.decode("utf-8-sig")))
    assert back["opdracht-2026: mean"].dtype == float


def test_the_workbook_has_the_costs_per_year_and_line(comparison):
    """XLSX: outcomes, per wijk, over time, cost per year (Tabel 1 lines, each scenario), about this run."""
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(comparison, "nl")))
    assert book.sheetnames == [
        "uitkomsten",
        "per wijk",
        "door de tijd",
        "kosten per jaar",
        "over deze berekening",
    ]
    rows = list(book["kosten per jaar"].values)
    header = rows[0]
    totals = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:] if row[1] == "totaal"}
    assert set(totals) == {2026, 2027}
    assert totals[2026]["opdracht-2026: kosten (€)"] == pytest.approx(3_900_744, abs=1)
    assert totals[2026]["bezuiniging-2027: kosten (€)"] == pytest.approx(
        3_900_744, abs=1
    )  # cut from 2027 only
    assert totals[2027]["bezuiniging-2027: kosten (€)"] < totals[2027]["opdracht-2026: kosten (€)"]
    # the model's own yearly cost (the KPI) is the same figure
    model = [r.kpis["youthwork_cost_eur_per_year"] for r in comparison.results["bezuiniging-2027"]]
    assert model[0][1] == pytest.approx(totals[2027]["bezuiniging-2027: kosten (€)"])
    per_wijk = list(book["per wijk"].values)[0]
    assert "bezuiniging-2027 \u2212 huidig-2025: Verschil" in per_wijk


def test_the_cost_card_parts_add_up_to_the_card(comparison):
    """The Tabel 1 lines under the cost card add up to the card's value (the model's KPI)."""
    parts = exports.cost_lines(comparison, "opdracht-2026", "nl")
    assert [label for label, _ in parts][1] == "Schooljongerenwerk vo" and parts[1][1] == 300_000
    card = next(
        c
        for c in stats.kpi_cards(comparison, "opdracht-2026", "nl")
        if c.kpi == "youthwork_cost_eur_per_year"
    )
    assert (
        sum(euros for _, euros in parts)
        == pytest.approx(card.value["mean"])
        == pytest.approx(3_900_744, abs=1)
    )
