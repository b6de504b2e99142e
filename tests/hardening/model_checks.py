"""The model's invariants, checked after every week of a run (shared by the property and extreme tests).

Checked each week: the population is conserved (same slots, every age within 10..23), factors and
relations stay in [0, 1], jeugdhulp levels are valid, IB and SWF caseloads never exceed their slots,
SJW hours delivered never exceed the hours allocated nor the capacity of the SJW FTE, wijk hours never
exceed the wijk FTE, and every weekly series is finite so far. Each simulated year the ambulant hours
delivered do not exceed the ambulant FTE (event weeks are boosted within the year, so a single week may).
At the end every output (KPIs, weekly series, per wijk, per group) is finite.
"""

from __future__ import annotations

import numpy as np

from jwsim.model.model import JwsimModel
from jwsim.model.population import AGE_MAX, AGE_MIN, WEEKS_PER_YEAR
from jwsim.model.results import RunResult

EPS = 1e-6


def run_checked(model: JwsimModel) -> RunResult:
    """Step ``model`` to the end, checking every invariant after every week; return the result."""
    y, w, p = model.y, model.recorder.weekly, model.params
    n0 = y.n
    ambulant_year, ambulant_allocated = 0.0, 0.0
    while model.running:
        model.step()
        t = model.week_index - 1
        alloc = model.allocation_for_week(t)
        assert y.n == n0
        ages = y.age_weeks // WEEKS_PER_YEAR
        assert ages.min() >= AGE_MIN and ages.max() <= AGE_MAX
        assert ((y.P >= 0) & (y.P <= 1)).all() and ((y.R >= 0) & (y.R <= 1)).all()
        assert ((y.relation >= 0) & (y.relation <= 1)).all()
        assert np.isin(y.jh_level, (0, 1, 2, 3)).all()
        assert w["ib_caseload"][t] <= w["ib_slots"][t] and w["swf_caseload"][t] <= w["swf_slots"][t]
        assert w["sjw_hours"][t] <= w["sjw_hours_allocated"][t] + EPS
        assert w["sjw_hours_allocated"][t] <= alloc.sjw_capacity_hours(p) + EPS
        hours = alloc.weekly_hours(p)
        assert model.youthwork.week["wijk_hours"] <= hours.wijk * (1 + EPS) + EPS
        for series in w.values():
            assert np.isfinite(series[t]), t
        ambulant_year += w["ambulant_hours"][t]
        ambulant_allocated += hours.ambulant
        if (t + 1) % WEEKS_PER_YEAR == 0:
            assert ambulant_year <= ambulant_allocated * (1 + EPS) + EPS, (
                t,
                ambulant_year,
                ambulant_allocated,
            )
            ambulant_year, ambulant_allocated = 0.0, 0.0
    result = model.result()
    for table in (result.kpis, result.weekly, result.per_wijk, result.per_group):
        for name, values in table.items():
            assert np.isfinite(values).all(), name
    assert (result.weekly["population"] > 0).all()
    return result


def assert_same_result(a: RunResult, b: RunResult) -> None:
    """Two runs gave bit-identical outputs."""
    for table_a, table_b in (
        (a.kpis, b.kpis),
        (a.weekly, b.weekly),
        (a.per_wijk, b.per_wijk),
        (a.per_group, b.per_group),
    ):
        assert table_a.keys() == table_b.keys()
        for name in table_a:
            assert np.array_equal(table_a[name], table_b[name]), name
