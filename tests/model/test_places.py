"""Places: leisure time by place, nuisance registered where it happens, persistent street groups, the team.

Each test asserts what would be false if the rule were wrong: a youth's act registered at home only, groups
re-formed from scratch, the team's hours lost or staying at home in event weeks, presence acting where the
youths live instead of where the act happens.
"""

from __future__ import annotations

import numpy as np
import pytest

from jwsim.data import load_inputs
from jwsim.model.model import JwsimModel
from jwsim.model.params import Parameters
from jwsim.model.places import leisure_distribution, wijk_distances_km
from jwsim.model.population import AGE_MIN, WEEKS_PER_YEAR

SCALE = 5.0
# The documented range of the yearly street-group turnover (docs/ODD.md, street groups).
TURNOVER_RANGE = (0.2, 0.7)


def _model(seed: int = 3, years: int = 2, **params) -> JwsimModel:
    return JwsimModel(seed=seed, scale=SCALE, years=years, collect=False,
                      params=Parameters.from_overrides(params) if params else None)


@pytest.fixture(scope="module")
def run():
    """Run two years at scale 5 (about 7,500 youths); return the model and its result."""
    m = _model()
    return m, m.run()


def test_leisure_shares_sum_to_one_fall_with_age_at_home_and_decay_with_distance():
    """Rows are distributions; the own-wijk share falls with age; older youths go more to the centre."""
    inputs = load_inputs()
    p = Parameters()
    shares = leisure_distribution(inputs, p)
    assert np.allclose(shares.sum(axis=2), 1.0)
    n = len(inputs.wijk_codes)
    home = shares[:, np.arange(n), np.arange(n)]
    assert (np.diff(home.mean(axis=1)) <= 0).all()
    centre = int(np.argmax(inputs.centre_attractor))
    dukenburg = inputs.wijk_names.index("Meijhorst")
    assert shares[20 - AGE_MIN, dukenburg, centre] > 2 * shares[13 - AGE_MIN, dukenburg, centre]
    dist = wijk_distances_km(np.asarray(inputs.lon), np.asarray(inputs.lat))
    assert np.allclose(dist, dist.T) and (np.diag(dist) == 0).all()
    # Between two wijken with no centre or school attraction, the nearer one gets more per youth living there.
    row = shares[14 - AGE_MIN, dukenburg].copy()
    row[dukenburg] = 0
    peers = inputs.youths.sum(axis=(1, 2)).astype(float)
    plain = (inputs.centre_attractor == 0) & (inputs.school_attractor == 0) & (peers > 200)
    per_youth = row[plain] / peers[plain]
    assert np.corrcoef(per_youth, dist[dukenburg, plain])[0, 1] < -0.5


def test_registered_nuisance_includes_youths_from_elsewhere(run):
    """Acts are registered where they happen, so many wijken register acts of youths from elsewhere.

    Centrum registers far more than its own residents' registered acts.
    """
    m, r = run
    by_place = r.per_wijk["overlast_registered_per_year"].sum(axis=0)
    by_home = r.per_wijk["overlast_registered_by_home_per_year"].sum(axis=0)
    outsiders = r.per_wijk["overlast_registered_outsiders_per_year"].sum(axis=0)
    assert np.isclose(by_place.sum(), by_home.sum())  # the same reports, counted at two addresses
    assert (outsiders <= by_place + 1e-9).all()
    assert np.count_nonzero(outsiders) >= 10
    centrum = np.asarray(load_inputs().stadsdeel_index) == 0
    assert by_place[centrum].sum() > 2 * by_home[centrum].sum()
    share = r.kpis["nuisance_registered_outsider_share"]
    assert ((share > 0.1) & (share < 0.9)).all()
    assert np.isclose(share.sum(), outsiders.sum() / by_place.sum() * len(share), rtol=0.2)


def test_street_groups_persist_with_turnover_in_the_documented_range():
    """At the new year most groups keep their id and most of their members; turnover is within range."""
    m = _model(seed=4, years=2)
    for _ in range(m.burn_in_weeks + WEEKS_PER_YEAR - 1):
        m.step()
    y = m.y
    before_group = y.group.copy()
    before_uid = y.uid.copy()
    ids_before = set(np.unique(before_group[before_group >= 0]).tolist())
    m.step()  # week 1 of the next year: the groups are carried over
    kept = (before_group >= 0) & (y.uid == before_uid) & (y.group == before_group)
    members_before = np.count_nonzero(before_group >= 0)
    assert np.count_nonzero(kept) > members_before / 2
    ids_after = set(np.unique(y.group[y.group >= 0]).tolist())
    assert len(ids_before & ids_after) > 0.6 * len(ids_before)
    assert TURNOVER_RANGE[0] <= m.network.turnover <= TURNOVER_RANGE[1]
    new_ids = ids_after - ids_before
    assert not new_ids or min(new_ids) > max(ids_before)  # ids are never reused
    book = m.network.book
    for g in list(ids_after)[:: max(1, len(ids_after) // 15)]:
        assert set(y.wijk[y.group == g].tolist()) == {int(book.wijk[g])}


def test_a_known_problem_group_stays_known(run):
    """Once problematic, a group stays flagged (the team knows it) while it has members."""
    m, _ = run
    nu, groups = m.nuisance, m.network.groups
    assert nu.known_problem.size <= groups.n_groups
    flagged = nu.problem_group
    assert (flagged <= nu.known_problem[:flagged.size]).all()
    assert not flagged[groups.sizes[:flagged.size] == 0].any()


def test_team_hours_follow_youths_to_event_places_and_the_year_keeps_its_hours():
    """In the Vierdaagse week the centre gets a larger share of the team's hours; yearly hours are kept."""
    m = _model(seed=6, years=1)
    yw = m.youthwork
    cal = m.calendar
    t_event = int(np.flatnonzero((cal.week == 29) & (cal.year == m.start_year))[0])
    t_plain = t_event - 3
    shares = {}
    for t in (t_plain, t_event):
        mix = m.places.week_arrays(t)[2]
        hours = yw.ambulant_hours_per_wijk(m, t, mix)
        shares[t] = hours / hours.sum()
        assert np.isclose(hours.sum(), yw.amb_hours * yw.event_factor[t])
    centre = [load_inputs().wijk_names.index(n) for n in ("Stadscentrum", "Benedenstad")]
    assert shares[t_event][centre].sum() > 1.2 * shares[t_plain][centre].sum()
    year = slice(m.burn_in_weeks, m.burn_in_weeks + WEEKS_PER_YEAR)
    assert np.isclose(yw.event_factor[year].mean(), 1.0)


def test_team_hours_per_wijk_are_reported_and_add_up(run):
    """Team hours per wijk (per year) add up to the ambulant hours delivered."""
    _, r = run
    per_year = r.per_wijk["team_hours_per_year"]
    delivered = r.weekly["ambulant_hours"].reshape(-1, WEEKS_PER_YEAR).sum(axis=1)
    assert np.allclose(per_year.sum(axis=1), delivered)
    assert np.allclose(r.per_wijk["ambulant_hours_per_week"], per_year / WEEKS_PER_YEAR)


def test_presence_lowers_acts_where_the_team_is():
    """In a paired run, no presence effect gives more acts, also where the team spends most hours."""
    r_team = _model(seed=8, years=1).run()
    r_none = _model(seed=8, years=1, ambulant_presence_effect=0.0, group_approach_effect=0.0).run()
    a = r_team.per_wijk["overlast_incidents_per_year"][0]
    b = r_none.per_wijk["overlast_incidents_per_year"][0]
    assert b.sum() > a.sum()
    hours = r_team.per_wijk["team_hours_per_year"][0]
    top = np.argsort(-hours)[:5]
    assert b[top].sum() > a[top].sum()
