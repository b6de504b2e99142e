"""The performance shortcuts keep exactly what a full recomputation would give.

The weekly step keeps per-slot values between weeks (age in years, contact weights and their sums,
relaxation targets, base hazards, street-group members, the list of youths in care) and updates them only
for the slots that changed. After a stepped run that crosses a year change and many birthdays and
newcomers, every kept value must equal a fresh computation from the state arrays.
"""

from __future__ import annotations

import numpy as np
import pytest

from jwsim.model.model import JwsimModel
from jwsim.model.population import WEEKS_PER_YEAR, debt_age_level, row_mean
from jwsim.model.processes.scores import risk_weights


@pytest.fixture(scope="module")
def stepped():
    """Step a model 70 weeks, past the year change."""
    m = JwsimModel(seed=8, scale=10.0, years=1, collect=False)
    for _ in range(70):  # past the year change at week 52
        m.step()
    return m


def test_age_and_birthday_lists_follow_age_weeks(stepped):
    """The kept ages in years and the birthday lists agree with the ages in weeks."""
    m = stepped
    assert np.array_equal(m.age, m.y.age_weeks // WEEKS_PER_YEAR)
    # Next week's birthday list is exactly the slots whose age in weeks will then be a whole year.
    d = m.demography
    nxt = d.birthday_slots[-(d.n_steps + 1) % WEEKS_PER_YEAR]
    assert np.array_equal(np.sort(nxt), np.flatnonzero((m.y.age_weeks + 1) % WEEKS_PER_YEAR == 0))
    assert d.left > 0  # newcomers did take slots


def test_youth_work_weights_and_sums_match_a_recomputation(stepped):
    """The kept contact weights and their per-wijk and per-school sums equal a recomputation."""
    m = stepped
    rc = m.youthwork.reach
    street, reach = rc.street_w.copy(), rc.reach_w.copy()
    rc._weights(m, slice(None))
    assert np.array_equal(street, rc.street_w) and np.array_equal(reach, rc.reach_w)
    wijk = m.y.wijk.astype(np.intp)
    assert np.array_equal(rc.wijk_slot, wijk)
    np.testing.assert_allclose(rc.den_street, np.bincount(wijk, weights=street, minlength=rc.n_wijk),
                               rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(rc.den_reach, np.bincount(wijk, weights=reach, minlength=rc.n_wijk),
                               rtol=1e-9, atol=1e-9)
    n_s = rc.school_pupils.shape[0]
    sidx = np.where(m.y.school >= 0, m.y.school, n_s)
    np.testing.assert_allclose(rc.school_tw, np.bincount(sidx, weights=rc.tw, minlength=n_s + 1), atol=1e-9)
    assert np.array_equal(rc.school_res, np.bincount(sidx, minlength=n_s + 1))


def test_relaxation_targets_and_base_hazards_match_a_recomputation(stepped):
    """The kept relaxation targets and base need-onset hazards equal a recomputation."""
    m = stepped
    y, f, k = m.y, m.factors, m.factors.kappa
    np.testing.assert_array_equal(f.k_p_base, k * y.P_base)
    np.testing.assert_array_equal(f.p_base_mean, row_mean(y.P_base, np.empty(y.n, np.float32)))
    debt = k * (y.R_base[:, 3] + debt_age_level(m.age, m.params))
    np.testing.assert_allclose(f.k_block[:, 1], debt, rtol=1e-6)
    np.testing.assert_allclose(f.k_lonely, k * y.R_base[:, 1], rtol=1e-6)
    np.testing.assert_array_equal(m.need.onset, m.need.onset_base(m.age, y.male))


def test_street_group_members_and_scores_are_current(stepped):
    """The street-group member list, group means and risk/protection scores are current."""
    m = stepped
    groups = m.network.groups  # newcomers left their groups when they entered
    members = np.flatnonzero(m.y.group >= 0)
    assert np.array_equal(groups.members, members)
    sums = np.bincount(m.y.group[members], weights=m.delinquency[members], minlength=groups.n_groups)
    counts = np.bincount(m.y.group[members], minlength=groups.n_groups)
    np.testing.assert_array_equal(groups.means(m.delinquency), sums / np.maximum(counts, 1))
    np.testing.assert_allclose(m.protect_score, m.y.P.mean(axis=1), atol=1e-6)
    np.testing.assert_allclose(m.risk_score, m.y.R @ risk_weights(m.params), atol=1e-6)


def _short_run():
    return JwsimModel(seed=4, scale=10.0, years=1, burn_in_weeks=0, collect=False).run()


@pytest.fixture(scope="module")
def thinned_run():
    """Return a short run with every thinning bound in place."""
    return _short_run()


def _assert_identical(a, b):
    for k in a.kpis:
        assert np.array_equal(a.kpis[k], b.kpis[k]), k
    for k in a.weekly:
        assert np.array_equal(a.weekly[k], b.weekly[k]), k


def test_thinning_gives_the_decisions_of_the_full_computation(thinned_run, monkeypatch):
    """Thinning with hazard bounds gives bit-identical results to deciding for every youth."""
    # With the bounds made useless (every youth is a candidate), crime, nuisance, school, need onset and
    # care detection must decide exactly the same events, so every result is bit-identical.
    from jwsim.model.processes import crime, jeugdhulp, need, nuisance, school  # noqa: PLC0415

    for mod in (crime, nuisance, school, need):
        monkeypatch.setattr(mod, "max_exp", lambda *a: 1e30)
    monkeypatch.setattr(jeugdhulp.Jeugdhulp, "detection_bound", lambda self, school_week: 2.0)
    _assert_identical(thinned_run, _short_run())


def test_contact_thinning_gives_the_contacts_of_the_full_computation(thinned_run, monkeypatch):
    """With the contact bound off (every youth a candidate) every result is bit-identical."""
    from jwsim.model.processes.contact_forms import Contacts  # noqa: PLC0415

    def everyone(rates, reach, out, part):  # every uniform lies below 2
        out.fill(2.0)
        return out

    monkeypatch.setattr(Contacts, "bound_all", staticmethod(everyone))
    full = _short_run()
    assert full.weekly["contacts_ambulant"].sum() > 0  # there were contacts to get right
    _assert_identical(thinned_run, full)


def test_contact_bound_holds_for_every_youth_in_every_week(monkeypatch):
    """No youth's contact probability exceeds the contact bound, in any week, and the bound is a tight one."""
    from jwsim.model.processes.contact_forms import FORMS, Contacts  # noqa: PLC0415

    seen = {"weeks": 0, "holiday": 0, "bound": 0.0, "cum": 0.0, "candidates": 0, "contacted": 0}
    step = Contacts.step

    def checked(self, model, rng, hours, *args, **kwargs):
        reach = args[2]
        step(self, model, rng, hours, *args, **kwargs)
        for form in FORMS:  # a bound weight is never below the form's own weight
            if form.bound_weight:
                assert (getattr(reach, form.weight) <= getattr(reach, form.bound_weight)).all(), form.name
        rates = self.rates(model, hours, reach)
        everyone = np.arange(model.y.n)
        full = self.cumulative(rates, reach, everyone)
        assert (full[-1] <= self.bound).all(), model.week_index
        # A youth's probabilities are the same computed for a few youths as for all (elementwise float32).
        few = everyone[::7]
        assert np.array_equal(self.cumulative(rates, reach, few), full[:, few])
        seen["weeks"] += 1
        seen["holiday"] += not model.calendar.school_week[model.week_index]
        seen["bound"] += float(self.bound.sum())
        seen["cum"] += float(full[-1].sum())
        seen["candidates"] += self.candidates
        seen["contacted"] += sum(self.counts.values())

    monkeypatch.setattr(Contacts, "step", checked)
    m = JwsimModel(seed=8, scale=10.0, years=2, burn_in_weeks=0, collect=False)
    for _ in range(60):  # past the year change and through school holidays
        m.step()
    assert seen["weeks"] == 60 and seen["holiday"] > 0
    # The bound is a tight one: it sums to little more than the probabilities, and candidates are few.
    assert seen["bound"] < 1.3 * seen["cum"]
    assert seen["contacted"] <= seen["candidates"] < 1.3 * seen["contacted"]


def test_detection_bound_holds_for_every_youth_under_every_regime(stepped):
    """No youth's detection probability exceeds the thinning bound, in or out of school weeks."""
    from jwsim.model.processes.jeugdhulp import Jeugdhulp  # noqa: PLC0415

    m = stepped
    jh = next(p for p in m.processes if isinstance(p, Jeugdhulp))
    y = m.y
    idx = np.arange(y.n)
    saved = y.need.copy(), y.signalled.copy()
    try:
        y.need[:] = 3  # severe need everywhere, every youth signalled: the largest detection there is
        y.signalled[:] = True
        for school_week in (True, False):
            h = jh.detection(m, idx, school_week, substitute=False)
            assert h.max() <= jh.detection_bound(school_week)
            assert h.max() > 0.5 * jh.detection_bound(school_week)  # and the bound is not a loose one
    finally:
        y.need[:], y.signalled[:] = saved


def test_newcomers_get_their_own_targeting_weights():
    """A slot reused by a newcomer gets the newcomer's targeting weights, not the previous ones."""
    # A slot reused by a newcomer must not keep the previous occupant's selective-targeting weight.
    from jwsim.model.scenario import load_scenario

    sc = load_scenario("opdracht-2026")
    m = JwsimModel(sc.schedule, seed=3, scale=10.0, years=1, burn_in_weeks=0, collect=False)
    for _ in range(30):
        m.step()
    rc, y = m.youthwork.reach, m.y
    sel = m.params["targeting_selective_weight"]
    assert rc.sel_boost > 1.0  # vakmanschap sharpens targeting (path: targeting accuracy)
    familiar = rc.familiarity(m, slice(None))
    np.testing.assert_allclose(rc.tw, (1.0 + (sel - 1.0) * rc.sel_boost * y.vulnerable) * familiar, rtol=1e-6)
    np.testing.assert_allclose(rc.tw_amb, 1.0 + (sel - 1.0) * rc.sel_boost_amb
                               * (y.vulnerable.astype(float) + y.jv), rtol=1e-6)


def test_kept_in_care_list_is_everyone_in_jeugdhulp(stepped):
    """The list of youths in care that the weekly record counts is exactly the slots with a care level."""
    m = stepped
    assert np.array_equal(np.sort(m.jeugdhulp.in_care), np.flatnonzero(m.y.jh_level > 0))
    assert m.jeugdhulp.in_care.size > 50  # the fixture's city does have youths in care
    last_week = m.recorder.weekly["in_care"][m.week_index - 1]
    assert last_week == pytest.approx(np.count_nonzero(m.y.jh_level > 0) * m.scale)

