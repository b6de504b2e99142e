"""The per-school table: SJW hours and reach follow the allocation, and school totals match the city's."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from jwsim.model.allocation import Schedule
from jwsim.model.model import JwsimModel
from jwsim.model.results import SCHOOL_METRICS
from jwsim.model.scenario import BURN_IN_SCENARIO, load_scenario

SCALE, YEARS, SEED = 5, 2, 31


def _run(alloc=None):
    sc = load_scenario("opdracht-2026")
    alloc = alloc or sc.allocation
    sched = Schedule(((0, alloc),), burn_in=load_scenario(BURN_IN_SCENARIO).allocation, label=sc.name)
    model = JwsimModel(sched, params=sc.params, seed=SEED, scale=SCALE, years=YEARS, collect=False)
    return model, model.run()


@pytest.fixture(scope="module")
def base():
    """Run the 2026 assignment at scale 5 for 2 years; keep the model (for the final per-youth state)."""
    return _run()


@pytest.fixture(scope="module")
def shifted(base):
    """Run it again with 8 SJW hours moved from one SJW school to another (same total, same seed)."""
    alloc = load_scenario("opdracht-2026").allocation
    hours = dict(alloc.sjw_hours)
    hi, lo = sorted(c for c, h in hours.items() if h >= 10)[:2]
    hours[hi] += 8.0
    hours[lo] -= 8.0
    return hi, lo, hours, _run(replace(alloc, sjw_hours=tuple(sorted(hours.items()))))[1]


def test_table_has_every_school_location_and_counts_scale(base):
    """One column per school location of data/schools.csv; counts are whole multiples of the scale."""
    model, res = base
    assert res.school_codes == model.inputs.schools.codes and len(res.school_codes) == 30
    assert set(res.per_school) == set(SCHOOL_METRICS) >= {
        "pupils", "sjw_hours_per_week", "sjw_youths_reached_per_year", "dropouts_per_year",
        "returns_per_year", "returns_swf_per_year", "skq_obtained_per_year", "swf_intake_per_year",
    }
    for name, values in res.per_school.items():
        assert values.shape == (YEARS, 30), name
        if name != "sjw_hours_per_week":
            assert np.all(values % SCALE == 0) and np.all(values >= 0), name
    # Pupils at the end of the last year: the youths with a school location, scaled.
    assert res.per_school["pupils"][-1].sum() == np.count_nonzero(model.y.school >= 0) * SCALE
    types = np.array(model.inputs.schools.school_type)
    assert res.per_school["pupils"][:, np.isin(types, ["SO", "SBO"])].sum() == 0  # no PO pupils modelled


def test_school_totals_equal_the_city_totals(base):
    """SJW hours, SJW reach and dropouts by school add up to the city's figures."""
    model, res = base
    alloc = load_scenario("opdracht-2026").allocation
    hours = dict(alloc.sjw_hours)
    expected = np.array([hours.get(c, 0.0) for c in res.school_codes])
    assert np.array_equal(res.per_school["sjw_hours_per_week"][-1], expected)
    reach = res.per_school["sjw_youths_reached_per_year"]
    assert np.array_equal(reach.sum(axis=1), res.kpis["sjw_youths_reached_per_year"])
    assert reach[:, expected == 0].sum() == 0 and np.all(reach[:, expected > 0] > 0)
    drop = res.per_school["dropouts_per_year"]
    types = np.array(model.inputs.schools.school_type)
    vo = np.isin(types, ["VO", "PRO"])
    assert np.array_equal(drop[:, expected > 0].sum(axis=1), res.kpis["dropouts_sjw_schools_per_year"])
    assert np.array_equal(drop[:, vo & (expected == 0)].sum(axis=1), res.kpis["dropouts_other_vo_per_year"])
    for name in ("dropouts_per_year", "returns_per_year", "returns_swf_per_year", "skq_obtained_per_year",
                 "swf_intake_per_year"):
        # Attributed by (last) school location: MBO pupils and youths who never attended a school in the
        # city have none, so the schools hold part of the city total, never more.
        assert np.all(res.per_school[name].sum(axis=1) <= res.kpis[name]), name
    assert res.per_school["returns_per_year"].sum() > 0 and res.per_school["skq_obtained_per_year"].sum() > 0


def test_more_sjw_hours_at_a_school_show_more_hours_and_reach_there(base, shifted):
    """Moving SJW hours from one school to another moves the reach with them (same seed)."""
    _, res = base
    hi, lo, hours, moved = shifted
    j_hi, j_lo = res.school_codes.index(hi), res.school_codes.index(lo)
    assert moved.per_school["sjw_hours_per_week"][0, j_hi] == hours[hi]
    assert moved.per_school["sjw_hours_per_week"][0, j_lo] == hours[lo]
    reach = res.per_school["sjw_youths_reached_per_year"]
    reach_moved = moved.per_school["sjw_youths_reached_per_year"]
    assert np.all(reach_moved[:, j_hi] > reach[:, j_hi])
    assert np.all(reach_moved[:, j_lo] < reach[:, j_lo])
    # The pupils do not depend on the SJW hours (school choice draws nothing from youth work).
    assert np.array_equal(moved.per_school["pupils"], res.per_school["pupils"])
