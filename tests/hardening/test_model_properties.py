"""Property tests: model invariants over random valid allocations and seeds (hypothesis).

Each example runs a real (small) model: scale 20, one simulated year, no burn-in.
"""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jwsim.data import load_inputs
from jwsim.model.allocation import BK10_FORMS, JC_FORMS, ORG_FTE, Allocation, Schedule
from jwsim.model.model import JwsimModel
from jwsim.model.params import Parameters

INPUTS = load_inputs()
SJW_SCHOOLS = [c for c, ok in zip(INPUTS.schools.codes, INPUTS.schools.sjw_eligible, strict=True) if ok]


@st.composite
def allocations(draw):
    def split(org, forms):
        weights = [draw(st.floats(0, 1)) for _ in forms]
        total = draw(st.floats(0, ORG_FTE[org]))
        s = sum(weights)
        return {f: (total * w / s if s > 0 else 0.0) for f, w in zip(forms, weights, strict=True)}
    bk = split("bk10", BK10_FORMS)
    jc = split("jc", JC_FORMS)
    cap = bk["sjw"] * 36 * 0.8
    schools = draw(st.lists(st.sampled_from(SJW_SCHOOLS), unique=True, max_size=len(SJW_SCHOOLS)))
    per = min(40.0, cap / len(schools)) if schools else 0.0
    sjw = {c: draw(st.floats(0, per)) for c in schools} if per > 0 else {}
    weights = {c: draw(st.floats(0, 3)) for c in draw(st.lists(st.sampled_from(INPUTS.wijk_codes), unique=True,
                                                               max_size=5))}
    return Allocation.create(bk, jc, sjw, draw(st.sampled_from(["equal", "need", "manual"])), weights,
                             draw(st.sampled_from(["universal", "selective"])),
                             draw(st.sampled_from([0.0, 250_000.0])), 0.0)


def _check_run(alloc: Allocation, seed: int):
    m = JwsimModel(Schedule.constant(alloc), params=Parameters(), seed=seed, scale=20.0, years=1,
                   burn_in_weeks=0, collect=False)
    n0 = m.y.n
    w = m.recorder.weekly
    while m.running:
        m.step()
        t = m.week_index - 1
        y = m.y
        assert y.n == n0
        assert np.all((y.P >= 0) & (y.P <= 1)) and np.all((y.R >= 0) & (y.R <= 1))
        assert np.all((y.relation >= 0) & (y.relation <= 1))
        assert w["ib_caseload"][t] <= w["ib_slots"][t] and w["swf_caseload"][t] <= w["swf_slots"][t]
        assert w["sjw_hours"][t] <= w["sjw_hours_allocated"][t] + 1e-9
        assert w["sjw_hours_allocated"][t] <= alloc.sjw_capacity_hours(m.params) + 1e-9
    r = m.result()
    for series in (r.kpis, r.weekly, r.per_wijk, r.per_group):
        for v in series.values():
            assert np.isfinite(v).all()
    return r


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(alloc=allocations(), seed=st.integers(0, 2**32 - 1))
def test_invariants_hold_for_random_valid_allocations(alloc, seed):
    a = _check_run(alloc, seed)
    b = _check_run(alloc, seed)
    for k in a.kpis:
        assert np.array_equal(a.kpis[k], b.kpis[k]), k
