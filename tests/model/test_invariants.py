"""Invariants checked every week of a run: bounds, conservation, capacity, delivered hours."""

import numpy as np
import pytest

from jwsim.model.allocation import Allocation
from jwsim.model.model import JwsimModel, ModelInputError
from jwsim.model.population import AGE_MAX, AGE_MIN, WEEKS_PER_YEAR
from jwsim.model.scenario import load_scenario


@pytest.fixture(scope="module")
def stepped():
    """Step the default scenario at scale 5 for 2 years, checking invariants every week."""
    sc = load_scenario("opdracht-2026")
    m = JwsimModel(sc.schedule, seed=5, scale=5.0, years=2, burn_in_weeks=52)
    n0 = m.y.n
    log = []
    while m.running:
        uid_before = m.y.uid.copy()
        m.step()
        y = m.y
        t = m.week_index - 1
        w = m.recorder.weekly
        log.append({
            "P_ok": bool((y.P >= 0).all() and (y.P <= 1).all()),
            "R_ok": bool((y.R >= 0).all() and (y.R <= 1).all()),
            "rel_ok": bool((y.relation >= 0).all() and (y.relation <= 1).all()),
            "n": y.n,
            "age_ok": bool(((y.age_weeks // WEEKS_PER_YEAR) >= AGE_MIN).all()
                           and ((y.age_weeks // WEEKS_PER_YEAR) <= AGE_MAX).all()),
            "replaced": int((y.uid != uid_before).sum()),
            "left": m.demography.left,
            "ib": w["ib_caseload"][t], "ib_slots": w["ib_slots"][t],
            "swf": w["swf_caseload"][t], "swf_slots": w["swf_slots"][t],
            "sjw": w["sjw_hours"][t], "sjw_alloc": w["sjw_hours_allocated"][t],
            "level_ok": bool(np.isin(y.jh_level, (0, 1, 2, 3)).all()),
            "nan": any(np.isnan(v[: t + 1]).any() for v in w.values()),
        })
    return m, n0, log


def test_factors_and_relations_stay_in_bounds(stepped):
    """Protective and risk factors and relations stay within [0, 1] every week."""
    _, _, log = stepped
    assert all(r["P_ok"] and r["R_ok"] and r["rel_ok"] for r in log)


def test_population_is_conserved_apart_from_ageing_in_and_out(stepped):
    """The population size is constant, ages stay in range, and only leavers are replaced."""
    m, n0, log = stepped
    assert all(r["n"] == n0 and r["age_ok"] for r in log)
    # Every replaced identity is a leaver who made room for a newcomer, nothing else.
    assert sum(r["replaced"] for r in log) == log[-1]["left"] > 0


def test_caseloads_never_exceed_capacity_and_hours_never_exceed_allocation(stepped):
    """IB and SWF caseloads stay within capacity and SJW hours within the allocation."""
    _, _, log = stepped
    assert all(r["ib"] <= r["ib_slots"] and r["swf"] <= r["swf_slots"] for r in log)
    assert max(r["ib"] for r in log) > 0 and max(r["swf"] for r in log) > 0
    assert all(r["sjw"] <= r["sjw_alloc"] + 1e-9 for r in log)
    # SJW is delivered in school weeks only.
    assert any(r["sjw"] == 0 for r in log) and any(r["sjw"] > 0 for r in log)


def test_no_nan_and_valid_care_levels(stepped):
    """No weekly series or KPI is NaN or infinite, and care levels are always 0-3."""
    m, _, log = stepped
    assert not any(r["nan"] for r in log)
    assert all(r["level_ok"] for r in log)
    for arr in m.recorder.kpis.values():
        assert np.isfinite(arr).all()


def test_datacollector_collects_at_start_and_every_step(stepped):
    """The Mesa DataCollector has one row at the start and one for every step."""
    m, _, _ = stepped
    df = m.datacollector.get_model_vars_dataframe()
    assert len(df) == m.n_weeks + 1
    assert df["in_care"].iloc[1:].gt(0).all()


@pytest.mark.parametrize("kwargs, word", [
    ({"years": 0}, "years"), ({"years": 31}, "years"), ({"scale": 0.5}, "scale"),
    ({"burn_in_weeks": 10}, "burn_in_weeks"),
])
def test_invalid_model_arguments_raise_one_clear_error(kwargs, word):
    """Invalid model arguments raise a ModelInputError naming the argument."""
    with pytest.raises(ModelInputError, match=word):
        JwsimModel(Allocation.create({}, {}), **kwargs)
