"""Budget: FTE -> euros per organisation and Tabel 1 line, against Tabel 1 per year; overruns flagged."""

import pytest

from jwsim.experiments.budget import (
    LINES,
    TOLERANCE_EUR,
    BudgetError,
    budget_check,
    budget_table,
    line_spending,
    spending_per_year,
)
from jwsim.model.allocation import Allocation
from jwsim.model.params import Parameters
from jwsim.model.scenario import load_scenario, parse_scenario

TABEL_1_TOTAL = {2025: 3_785_743, 2026: 3_650_743 + 250_000, 2027: 3_380_743 + 250_000}  # incl. investment


def test_tabel_1_lines_add_up_to_the_notes_totals():
    """The Tabel 1 lines add up to the Nota's BK10 totals and overall totals per year."""
    bk10_lines = [line for line in LINES.values() if line.organisation == "bk10"]
    bk10 = {y: sum(line.amount(y) for line in bk10_lines) for y in (2025, 2026, 2027)}
    assert bk10 == {2025: 3_265_743, 2026: 3_130_743, 2027: 2_860_743}  # "Totaal BK10"
    for y in (2025, 2026, 2027):
        assert budget_check(load_scenario("geen-jongerenwerk"), y)["total"]["budget"] == TABEL_1_TOTAL[y]


def test_costs_per_fte_come_from_the_registry_and_tabel_1():
    """The costs per FTE follow from Tabel 1 and the registry, and fill the staff lines."""
    b = budget_check(load_scenario("opdracht-2026"), 2026)
    assert b["cost_per_fte"]["bk10"] == pytest.approx(2_560_743 / 26.5, abs=1)
    assert b["cost_per_fte"]["jc"] == pytest.approx(520_000 / 8.5, abs=1)
    assert "P8-INF" in b["sources"]["cost_per_fte_bk10"] and "P8-INF2" in b["sources"]["cost_per_fte_jc"]
    # 26.5 FTE use up the WWZ line, 8.5 jeugdcoach FTE their line (within rounding of the per-FTE costs).
    assert abs(b["lines"]["wwz"]["margin"]) < 10 and abs(b["lines"]["jeugdcoaches"]["margin"]) < 10


def test_the_assignment_fits_2026_and_the_2025_practice_fits_2025():
    """The 2026 assignment fits the 2026 budget and the 2025 practice the 2025 budget."""
    b = budget_check(load_scenario("opdracht-2026"), 2026)
    assert not b["over_budget"] and b["flags"] == []
    assert abs(b["total"]["margin"]) <= TOLERANCE_EUR
    b25 = budget_check(load_scenario("huidig-2025"), 2025)
    assert not b25["over_budget"] and abs(b25["total"]["margin"]) <= TOLERANCE_EUR
    assert any("pm" in n for n in b25["notes"])


def test_the_unchanged_assignment_is_flagged_over_budget_from_2027_by_the_lapsing_project_money():
    """The unchanged assignment is over budget from 2027, when the project subsidies lapse."""
    sc = load_scenario("opdracht-2026")
    b = budget_check(sc, 2027)
    assert b["over_budget"]
    assert b["organisations"]["bk10"]["margin"] == pytest.approx(-270_000, abs=TOLERANCE_EUR)
    assert b["lines"]["project_subsidies"]["over"] and not b["lines"]["wwz"]["over"]
    assert any("Bindkracht10" in f for f in b["flags"]) and any("project subsidies" in f for f in b["flags"])
    # Tabel 1 ends in 2027: later years use the 2027 structural level and say so.
    table = budget_table(sc, [2027, 2028, 2030])
    assert table[2030]["total"] == table[2027]["total"] and table[2030]["budget_year"] == 2027
    assert any("structural level" in n for n in table[2030]["notes"]) and not table[2027]["notes"]


def test_a_schedule_is_costed_with_the_allocation_of_the_year():
    """A schedule is costed with the allocation in force in each year."""
    sc = load_scenario("bezuiniging-2027")
    b26, b27 = budget_check(sc, 2026), budget_check(sc, 2027)
    # The cut is the project money (Tabel 1: EUR 270k in 2026, EUR 0 in 2027); the 26.5 FTE stay.
    assert b26["fte"]["bk10"] == 26.5 and b27["fte"]["bk10"] == 26.5
    saved = b26["total"]["spending"] - b27["total"]["spending"]
    assert saved == pytest.approx(270_000, abs=1e-6)
    assert budget_check(sc.schedule, 2027) == b27
    assert budget_check(sc.schedule.at(2027), 2027, sc.params) == b27


def test_a_scenario_over_budget_is_allowed_but_flagged():
    """A scenario over budget still loads, but its budget check is flagged."""
    text = load_scenario("opdracht-2026").source
    with open(text, encoding="utf-8") as f:
        doc = f.read().replace("programme_eur = 270000", "programme_eur = 1500000")
    sc = parse_scenario(doc, "duur.toml")  # loads: exceeding the budget is not an input error
    b = budget_check(sc, 2026)
    assert b["over_budget"] and b["total"]["margin"] == pytest.approx(-1_230_000, abs=TOLERANCE_EUR)
    assert len(b["flags"]) == 2


def test_no_youth_work_costs_nothing_and_the_sjw_line_follows_sjw_delivery():
    """No youth work costs nothing, and the SJW line is spent only when SJW is delivered."""
    assert spending_per_year(load_scenario("geen-jongerenwerk"), [2026, 2027]) == [0.0, 0.0]
    base = load_scenario("opdracht-2026").allocation
    no_sjw = Allocation.create(
        dict(base.bk10, sjw=0.0, wijk=18.0),
        base.jc,
        {},
        base.wijk_priority,
        dict(base.wijk_weights),
        base.targeting,
        base.ambulant_team_investment_eur,
        base.programme_eur,
    )
    assert line_spending(base, Parameters())["sjw_vo"] == 300_000
    assert line_spending(no_sjw, Parameters())["sjw_vo"] == 0.0


def test_cost_per_fte_overrides_move_the_staff_lines():
    """A cost-per-FTE override changes the spending on the staff lines."""
    alloc = load_scenario("opdracht-2026").allocation
    cheap = Parameters.from_overrides({"cost_per_fte_bk10": 80_000.0})
    assert budget_check(alloc, 2026, cheap)["lines"]["wwz"]["spending"] == pytest.approx(26.5 * 80_000)


@pytest.mark.parametrize("year", [2024, 2026.0, "2026", True])
def test_bad_years_are_refused(year):
    """Years outside the budget or not given as whole numbers are refused."""
    with pytest.raises(BudgetError, match="year"):
        budget_check(load_scenario("opdracht-2026"), year)


@pytest.mark.parametrize("name", ["opdracht-2026", "bezuiniging-2027", "geen-jongerenwerk", "huidig-2025"])
def test_the_models_cost_is_the_budgets_total_in_every_year(name):
    """One figure: the model's yearly cost KPI is the sum of the Tabel 1 lines the budget check shows.

    (The KPI once left out the EUR 300k SJW vo line: EUR 3,600,744 on the results card against EUR 3,900,744
    on the Scenario page for opdracht-2026.)
    """
    from jwsim.experiments.runner import replicate_tasks, run_task

    scenario = load_scenario(name)
    task = replicate_tasks(scenario, seed=7, reps=1, scale=40.0, years=2)[0]
    result = run_task(task)
    years = [result.start_year + i for i in range(2)]
    cost = list(result.kpis["youthwork_cost_eur_per_year"])
    assert cost == pytest.approx(spending_per_year(scenario, years))
    if name == "opdracht-2026":
        assert result.kpis["youthwork_cost_eur_per_year"][0] == pytest.approx(3_900_744, abs=1)
    if name == "bezuiniging-2027":  # the cut starts in 2027: 2026 as the assignment, 2027 cheaper
        assert result.kpis["youthwork_cost_eur_per_year"][0] == pytest.approx(3_900_744, abs=1)
        assert result.kpis["youthwork_cost_eur_per_year"][1] == pytest.approx(3_900_744 - 270_000, abs=1)


def test_bezuiniging_2027_costs_exactly_tabel_1s_2027_budget():
    """The cut is Tabel 1's: from 2027 the scenario spends exactly the 2027 budget, line by line."""
    from jwsim.experiments.budget import TABEL_1, budget_check  # noqa: PLC0415
    from jwsim.model.scenario import load_scenario  # noqa: PLC0415

    sc = load_scenario("bezuiniging-2027")
    for year in (2027, 2028):
        check = budget_check(sc, year)
        assert check["total"]["spending"] == pytest.approx(3_380_743 + 250_000, abs=1e-6)
        tabel_1 = sum(line.amount(year) for line in TABEL_1)
        assert check["total"]["spending"] == pytest.approx(tabel_1, abs=1e-6)
        for key, line in check["lines"].items():
            assert line["spending"] == pytest.approx(line["budget"], abs=1e-6), key
    # 2026: the assignment with the EUR 270k project money, Tabel 1's 2026 budget exactly.
    assert budget_check(sc, 2026)["total"]["spending"] == pytest.approx(3_650_743 + 250_000, abs=1e-6)
    # The structural variant keeps EUR 255k above the 2027 budget (on the project-money line).
    structural = budget_check(load_scenario("knelpunt-structureel"), 2027)
    assert structural["total"]["spending"] - check["total"]["spending"] == pytest.approx(255_000, abs=1e-6)
    assert structural["lines"]["project_subsidies"]["over"]
