"""Why two scenarios differ: the split of a paired difference over the changes between them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jwsim.experiments.decompose import changes, decompose, hybrid, hybrids
from jwsim.experiments.replicates import replicate_set
from jwsim.experiments.runner import replicate_tasks, run_task
from jwsim.model.allocation import Schedule
from jwsim.model.scenario import load_scenario

KPIS = ("jeugdhulp_entries_per_year", "jeugdoverlast_registered_per_year", "protective_gap_vulnerable")


def _runs(scenario, reps=3):
    return replicate_set([run_task(t) for t in replicate_tasks(scenario, 11, reps, 40.0, 1)])


def test_a_move_of_fte_is_two_changes_each_made_alone():
    """meer-ib moves 2 FTE from wijk work to IB: two hybrids, each with only its own form changed."""
    ref, own = load_scenario("opdracht-2026"), load_scenario("meer-ib")
    assert [c.key for c in changes(ref, own)] == ["bk10.ib", "bk10.wijk"]
    by_key = {c.key: h for c, h in hybrids(ref, own)}
    year = 2026
    base = ref.schedule.at(year).bk10
    assert by_key["bk10.ib"].schedule.at(year).bk10 == base | {"ib": own.schedule.at(year).bk10["ib"]}
    assert by_key["bk10.wijk"].schedule.at(year).bk10 == base | {"wijk": own.schedule.at(year).bk10["wijk"]}
    assert by_key["bk10.ib"].name == "opdracht-2026+bk10.ib"


def test_sjw_fte_travel_with_their_schools_and_a_later_year_keeps_its_own_allocation():
    """The SJW change carries FTE, schools and hours; a cut from 2027 stays a 2027 change in the hybrid."""
    ref, own = load_scenario("huidig-2025"), load_scenario("opdracht-2026")
    sjw = hybrid(ref, own, next(c for c in changes(ref, own) if c.key == "sjw"))
    a = sjw.schedule.at(2026)
    assert a.bk10["sjw"] == own.schedule.at(2026).bk10["sjw"]
    assert a.sjw_hours == own.schedule.at(2026).sjw_hours
    assert a.bk10["ib"] == ref.schedule.at(2026).bk10["ib"]  # nothing else moved
    cut = load_scenario("bezuiniging-2027")
    keys = [c.key for c in changes(own, cut)]
    assert keys and "bk10.ambulant" not in keys
    h = hybrid(own, cut, changes(own, cut)[0])
    assert h.schedule.at(2026) == own.schedule.at(2026)  # the cut starts in 2027: 2026 is the reference's


def test_the_parts_and_the_interaction_add_up_to_the_total_difference():
    """Total = sum of the parts + interaction, replicate by replicate (common random numbers)."""
    ref, own = load_scenario("opdracht-2026"), load_scenario("meer-ib")
    parts = hybrids(ref, own)
    results = {ref.name: _runs(ref), own.name: _runs(own), **{h.name: _runs(h) for _, h in parts}}
    split = decompose(results, ref.name, own.name, [(c, h.name) for c, h in parts], KPIS)
    for kpi in KPIS:
        s = split[kpi]
        total = sum(p["mean"] for p in s["parts"].values()) + s["interaction"]["mean"]
        assert total == pytest.approx(s["total"]["mean"], abs=1e-9)
        assert s["total"]["n"] == 3 and set(s["parts"]) == {"bk10.ib", "bk10.wijk"}
    # Two real changes: at least one outcome moves under each of them (else the split would be empty).
    assert any(abs(split[k]["parts"]["bk10.ib"]["mean"]) > 0 for k in KPIS)


def test_a_single_change_explains_the_whole_difference():
    """When the scenario differs in one change only, its hybrid is the scenario: interaction exactly 0."""
    ref = load_scenario("opdracht-2026")
    steps = tuple((y, replace(a, targeting="universal")) for y, a in ref.schedule.steps)
    own = replace(ref, name="universeel", schedule=Schedule(steps, ref.schedule.burn_in, "universeel"))
    parts = hybrids(ref, own)
    assert [c.key for c, _ in parts] == ["targeting"]
    results = {ref.name: _runs(ref), own.name: _runs(own), parts[0][1].name: _runs(parts[0][1])}
    split = decompose(results, ref.name, own.name, [(parts[0][0], parts[0][1].name)], KPIS)
    for kpi in KPIS:
        assert split[kpi]["interaction"]["mean"] == 0.0
        assert split[kpi]["parts"]["targeting"]["mean"] == split[kpi]["total"]["mean"]
    assert split["protective_gap_vulnerable"]["total"]["mean"] > 0  # universal reach widens the gap
