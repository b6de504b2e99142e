import numpy as np
import pytest

from jwsim.data import load_inputs
from jwsim.model.network import GroupBook, build_friendships, update_street_groups
from jwsim.model.params import Parameters
from jwsim.model.population import HBO_WO, MBO, PO, PRO, VO, VSO, WEEKS_PER_YEAR, synthesise
from jwsim.model.processes.network import Network


def _pop(seed=3, scale=1.0):
    return synthesise(load_inputs(), Parameters(), np.random.default_rng(seed), scale)


def test_full_city_population_matches_the_data():
    """The full-city population has exactly the data's youths per wijk, age and sex."""
    inputs = load_inputs()
    y = _pop()
    assert y.n == int(inputs.youths.sum())
    counts = np.zeros_like(inputs.youths)
    np.add.at(counts, (y.wijk, y.age_weeks // WEEKS_PER_YEAR - 10, (~y.male).astype(int)), 1)
    assert np.array_equal(counts, inputs.youths)


def test_vulnerable_share_students_and_school_types():
    """Vulnerable share, students, school types, school places and J&V are as specified."""
    y = _pop()
    age = y.age_weeks // WEEKS_PER_YEAR
    assert abs(y.vulnerable[age <= 19].mean() - 0.20) < 0.015
    assert not (y.student & (age < 18)).any()
    assert not (y.vulnerable & y.student).any()
    assert (y.school_type[age <= 11] == PO).all()
    assert np.isin(y.school_type[(age >= 12) & (age <= 15)], (VO, PRO, VSO)).all()
    assert (y.school_type[y.student] == HBO_WO).all()
    assert (y.school_type[(age >= 16) & (age <= 17)] == MBO).mean() > 0.2
    # Most VO pupils attend a Nijmegen school; schools are only assigned to VO/PRO/VSO pupils.
    vo = np.isin(y.school_type, (VO, PRO, VSO))
    assert 0.8 < (y.school[vo] >= 0).mean() < 0.97
    assert (y.school[~vo] == -1).all()
    # Jeugd & Veiligheid is a small group concentrated among vulnerable boys.
    assert y.jv.mean() < 0.05
    assert y.jv[y.vulnerable & y.male].mean() > 4 * y.jv[~y.vulnerable & y.male].mean()


def test_vulnerability_follows_deprivation():
    """Vulnerable youths are more than twice as common in deprived wijken as in affluent ones."""
    y = _pop()
    dep = load_inputs().deprivation[y.wijk]
    assert y.vulnerable[dep > 0.7].mean() > 2 * y.vulnerable[dep < 0.3].mean()


def test_friendship_matrix_is_row_normalised_and_local():
    """The friendship matrix is row-normalised, has no self-loops and links only wijk or school mates."""
    y = _pop(scale=5.0)
    W = build_friendships(y, Parameters(), np.random.default_rng(1))
    rows = np.asarray(W.sum(axis=1)).ravel()
    assert np.allclose(rows[rows > 0], 1.0, atol=1e-5)
    coo = W.tocoo()
    same_wijk = y.wijk[coo.row] == y.wijk[coo.col]
    same_school = (y.school[coo.row] == y.school[coo.col]) & (y.school[coo.row] >= 0)
    assert (same_wijk | same_school).all()
    assert (coo.row != coo.col).all()


def test_street_groups_are_within_one_wijk_and_at_least_three():
    """Street groups have at least three members aged 12-21, all from one wijk."""
    y = _pop()
    y.group = Network.states[0].allocate(y.n)  # the network process's state
    book = GroupBook()
    change = update_street_groups(y, Parameters(), np.random.default_rng(2), book, 2026, centre_wijk=1)
    n = change.new_groups
    assert 100 < n < 600 and book.n_ids == n and change.stayed == 0
    g = y.group[y.group >= 0]
    assert np.bincount(g).min() >= 3
    for gid in range(0, n, max(1, n // 20)):
        assert set(y.wijk[y.group == gid]) == {book.wijk[gid]}
        assert book.place[gid] in (book.wijk[gid], 1)  # home wijk, or the centre for some older groups
    age = y.age_weeks[y.group >= 0] // WEEKS_PER_YEAR
    assert age.min() >= 12 and age.max() <= 21


def test_bisection_finds_the_root_to_the_last_digit_and_refuses_a_bracket_without_one():
    """The vulnerability intercept's root finder (bisection, so that scipy.optimize is not imported)."""
    from jwsim.model.population import _bisect_increasing

    root = _bisect_increasing(lambda a: a**3 - 2.0, -10.0, 10.0)
    assert abs(root - 2.0 ** (1 / 3)) <= 4e-16
    with pytest.raises(ValueError, match="no root"):
        _bisect_increasing(lambda a: a + 20.0, -10.0, 10.0)
