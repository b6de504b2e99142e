"""Work forms driven by FTE: zero FTE means zero effect; pathways respond in the right direction."""

import dataclasses

import numpy as np
import pytest

from jwsim.data import load_inputs
from jwsim.model.allocation import Allocation, Schedule
from jwsim.model.model import JwsimModel
from jwsim.model.params import Parameters
from jwsim.model.scenario import load_scenario

BASE = load_scenario("opdracht-2026").allocation


def _with(alloc: Allocation, **changes) -> Allocation:
    bk, jc, sjw = alloc.bk10, alloc.jc, alloc.sjw
    money = {"programme_eur": alloc.programme_eur, "po_eur": alloc.po_eur, "noord_eur": alloc.noord_eur}
    split = dict(alloc.wijk_split) or None
    for key, value in changes.items():
        org, form = key.split("__")
        if org == "bk10":
            bk[form] = value
        elif org == "jc":
            jc[form] = value
        elif org == "sjw":
            sjw = {} if value == 0 else sjw
        elif org == "eur":
            money[form] = value
        elif org == "split":
            split = value
    return Allocation.create(bk, jc, sjw, alloc.wijk_priority, dict(alloc.wijk_weights), alloc.targeting,
                             alloc.ambulant_team_investment_eur, money["programme_eur"], money["po_eur"],
                             money["noord_eur"], split)


def _run(alloc: Allocation, seed: int, params: Parameters | None = None, scale=5.0, years=2):
    m = JwsimModel(Schedule.constant(alloc), params=params or Parameters(), seed=seed, scale=scale,
                   years=years, burn_in_weeks=0, collect=False)
    return m.run()


# For each work form at zero FTE, parameters that only act through that form must not change anything.
ZERO_CASES = {
    "ambulant": ({"bk10__ambulant": 0.0, "jc__ambulant": 0.0},
                 {"ambulant_contacts_per_hour": 5.0, "d_ambulant": 0.1,
                  "ambulant_presence_effect": 0.5}),
    # school-contact rates also serve VSO
    "sjw": ({"bk10__sjw": 0.0, "sjw__all": 0},
            {"sjw_dose_threshold_hours": 8.0, "sjw_dose_width_hours": 5.0, "d_sjw": 0.3}),
    "ib": ({"bk10__ib": 0.0}, {"ib_hours_per_youth": 2.0, "ib_mean_weeks": 40, "d_ib": 0.35}),
    "swf": ({"jc__swf": 0.0}, {"swf_dropout_odds_ratio": 2.2, "swf_return_per_week": 0.06,
                               "swf_vso_share": 0.5, "swf_hours_per_youth": 2.0, "d_swf": 0.35}),
    # Wijk work includes what the project money buys (the Noord extra and the rest): all of it at zero.
    "wijk": ({"bk10__wijk": 0.0, "eur__programme_eur": 127500.0, "eur__noord_eur": 0.0},
             {"d_wijk": 0.15, "wijk_contacts_per_hour": 5.0, "d_meiden": 0.15,
              "meiden_contacts_per_hour": 4.0, "online_risk_relief_per_contact": 0.02,
              "schulden_debt_relief_per_contact": 0.06, "online_reach_risk_weight": 4.0}),
    "po": ({"eur__programme_eur": 142500.0, "eur__po_eur": 0.0},
           {"d_po": 0.12, "po_contacts_per_hour": 8.0, "po_familiarity_per_contact": 0.6,
            "po_familiarity_reach_gain": 1.0, "po_familiarity_signal_gain": 1.0}),
    "meiden": ({"split__": {"participatie": 0.75, "meidenwerk": 0.0, "online": 0.1, "schulden": 0.15}},
               {"d_meiden": 0.15, "meiden_mental_relief_per_contact": 0.01,
                "meiden_contacts_per_hour": 4.0}),
    "online": ({"split__": {"participatie": 0.75, "meidenwerk": 0.15, "online": 0.0, "schulden": 0.1}},
               {"d_online": 0.08, "online_risk_relief_per_contact": 0.02,
                "online_loneliness_relief_per_contact": 0.01, "online_contacts_per_hour": 12.0,
                "online_reach_risk_weight": 4.0}),
    "schulden": ({"split__": {"participatie": 0.75, "meidenwerk": 0.15, "online": 0.1, "schulden": 0.0}},
                 {"d_schulden": 0.08, "schulden_debt_relief_per_contact": 0.06,
                  "schulden_contacts_per_hour": 3.0}),
}


@pytest.mark.parametrize("form", sorted(ZERO_CASES))
def test_a_work_form_with_zero_fte_has_zero_effect(form):
    """A work form at zero FTE reaches no one, and its parameters change nothing."""
    changes, overrides = ZERO_CASES[form]
    alloc = _with(BASE, **changes)
    a = _run(alloc, seed=21, scale=10.0, years=1)
    b = _run(alloc, seed=21, params=Parameters.from_overrides(overrides), scale=10.0, years=1)
    for k in a.kpis:
        assert np.array_equal(a.kpis[k], b.kpis[k]), (form, k)
    contacts = {"ambulant": "contacts_ambulant", "sjw": "contacts_sjw", "wijk": "contacts_wijk",
                "ib": "ib_caseload", "swf": "swf_caseload", "po": "contacts_po", "meiden": "contacts_meiden",
                "online": "contacts_online", "schulden": "contacts_schulden"}[form]
    assert a.weekly[contacts].sum() == 0


def _total(results, kpi):
    return sum(float(np.sum(r.kpis[kpi])) for r in results)


def test_more_ib_strengthens_the_protective_factors_of_vulnerable_youths_paired():
    """IB at 3 FTE instead of 0 serves more youths and raises vulnerable youths' protective factors."""
    seeds = (1, 2, 3)
    # Only IB changes (0 vs the note's 3 FTE); the other forms keep their FTE.
    low = [_run(_with(BASE, bk10__ib=0.0), s) for s in seeds]
    high = [_run(BASE, s) for s in seeds]
    assert _total(high, "ib_youths_per_year") > 2 * _total(low, "ib_youths_per_year") + 10
    assert _total(high, "protective_mean_vulnerable") > _total(low, "protective_mean_vulnerable")


def test_more_sjw_hours_accelerate_entries_paired():
    """More SJW hours accelerate jeugdhulp entries and raise school motivation."""
    seeds = (1, 2, 3)
    schools = [c for c, _ in BASE.sjw_hours]
    none = dataclasses.replace(BASE, sjw_hours=())
    full = dataclasses.replace(BASE, sjw_hours=tuple((c, 12.0) for c in schools))
    a = [_run(none, s) for s in seeds]
    b = [_run(full, s) for s in seeds]
    assert _total(b, "jeugdhulp_entries_accelerated") > _total(a, "jeugdhulp_entries_accelerated")
    assert _total(b, "school_motivation_mean") > _total(a, "school_motivation_mean")


def test_sjw_below_the_dose_threshold_does_less_with_the_same_hours():
    """The same SJW hours spread below the dose threshold raise school motivation less."""
    # 120 school hours a week either as 12 h at 10 schools or 8 h at 15: the dose-response favours 12 h.
    schools = load_inputs().schools
    eligible = [c for c, ok in zip(schools.codes, schools.sjw_eligible, strict=True) if ok]
    twelve = dataclasses.replace(BASE, sjw_hours=tuple((c, 12.0) for c in eligible[:10]))
    eight = dataclasses.replace(BASE, sjw_hours=tuple((c, 8.0) for c in eligible[:15]))
    seeds = (4, 5)
    a = [_run(twelve, s) for s in seeds]
    b = [_run(eight, s) for s in seeds]
    assert sum(r.weekly["sjw_hours"].sum() for r in a) == pytest.approx(
        sum(r.weekly["sjw_hours"].sum() for r in b))
    assert _total(a, "school_motivation_mean") > _total(b, "school_motivation_mean")
