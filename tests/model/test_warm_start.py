"""The warm start of need and care: each youth's history from 10, so that the stocks do not drift.

* the history's detection is the weekly detection of the care process, averaged over school and holiday weeks;
* need at the start carries the history: fewer under-18s with severe need than the stationary chain at their
  own age without care would give;
* after the burn-in, severe need among the under-18s stays level (it fell by ~15% in three years when need was
  drawn at the youth's own age without care).
"""

import numpy as np

from jwsim.experiments.runner import scenario_schedule
from jwsim.model.model import JwsimModel
from jwsim.model.population import AGE_ADULT, AGE_SECONDARY, MBO, PRO, VO, VSO, WEEKS_PER_YEAR
from jwsim.model.processes.need import SEVERE
from jwsim.model.scenario import load_scenario


def _model(seed: int, scale: float, years: int = 1) -> JwsimModel:
    sc = load_scenario("opdracht-2026")
    return JwsimModel(scenario_schedule(sc), params=sc.params, seed=seed, scale=scale, years=years,
                      collect=False)


def test_the_historys_detection_is_the_care_process_detection_averaged_over_the_year():
    """Per band (child, pupil, adult) and need level, the weekly detection the care process would apply."""
    model = _model(seed=3, scale=5.0)
    y, care = model.y, model.jeugdhulp
    s = float(model.calendar.school_week[:WEEKS_PER_YEAR].mean())
    idx = np.arange(y.n)[~y.signalled]
    det, end = care.history_hazards(model, idx)
    assert det.shape == (3, SEVERE + 1, idx.size) and (det[:, 0] == 0).all()
    st = y.school_type[idx]
    pupil = (st == VO) | (st == PRO) | (st == VSO) | (st == MBO)
    age = y.age[idx]
    band = np.where(age >= AGE_ADULT, 2, np.where(age >= AGE_SECONDARY, 1, 0))
    # The bands hold for youths whose schooling now is what the band assumes: children are not in secondary
    # school, 12-17-year-olds are; adults as they are now.
    fits = np.where(band == 0, ~pupil, np.where(band == 1, pupil, True))
    saved = y.need.copy()
    try:
        for level in range(1, SEVERE + 1):
            y.need[:] = level
            weekly = (s * care.detection(model, idx, True, substitute=False)
                      + (1 - s) * care.detection(model, idx, False, substitute=False))
            got = det[band, level, np.arange(idx.size)]
            assert np.allclose(got[fits], weekly[fits], rtol=1e-12, atol=0), level
            assert fits.sum() > 0.8 * idx.size
    finally:
        y.need[:] = saved
    p = model.params
    assert end[0] == care.h_end and end[1] == care.h_end * p["jh_exit_at_18_multiplier"]


def test_need_at_the_start_carries_the_care_and_ages_before_it():
    """Under-18s with severe need at the start: well below the stationary chain at their age without care."""
    model = _model(seed=7, scale=1.0)
    y, need = model.y, model.need
    minors = y.age < AGE_ADULT
    stationary = need._stationary(model, np.arange(y.n), y.risk_score, y.protect_score)
    drawn = np.count_nonzero((y.need == SEVERE) & minors)
    without_history = np.count_nonzero((stationary == SEVERE) & minors)
    assert drawn < 0.88 * without_history, (drawn, without_history)
    # Ten-year-olds have no history: their start is the stationary chain at 10 (as a newcomer's).
    ten = y.age == y.age.min()
    assert abs(np.count_nonzero(y.need[ten] == SEVERE) - np.count_nonzero(stationary[ten] == SEVERE)) < (
        4 * np.sqrt(np.count_nonzero(stationary[ten] == SEVERE)) + 1)


def test_severe_need_among_the_under_18s_stays_level_after_the_burn_in():
    """Four seeds pooled: the change over three years after the burn-in is within a few percent."""
    start = end = 0
    for seed in (21, 22, 23, 24):
        model = _model(seed=seed, scale=2.0, years=3)
        y = model.y
        for week in range(model.burn_in_weeks + 3 * WEEKS_PER_YEAR):
            model.step()
            if week + 1 == model.burn_in_weeks:
                start += np.count_nonzero((y.need == SEVERE) & (y.age < AGE_ADULT))
        end += np.count_nonzero((y.need == SEVERE) & (y.age < AGE_ADULT))
    assert abs(end / start - 1) < 0.07, (start, end)
