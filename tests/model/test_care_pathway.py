"""The care pathway's mechanisms, each paired (common random numbers) and each able to fail.

* earlier detection of mild need lowers specialist care and care with stay over five years;
* care lowers the escalation of need;
* removing all youth work never lowers the onset of need;
* under the pessimistic evidence regime youth work's effect on jeugdhulp shrinks to (about) nothing: no
  generic multiplier is left to keep it up;
* new 10-year-olds arrive with the need and care of their age, not with none;
* boys are in care more often than girls at 10-14 (their need starts earlier), girls catch up at 15-17.
"""

import numpy as np
import pytest

from jwsim.experiments.runner import scenario_schedule
from jwsim.model.model import JwsimModel
from jwsim.model.params import Parameters
from jwsim.model.processes.need import MILD, NO_NEED
from jwsim.model.scenario import load_scenario

SEEDS = (1, 2, 3)


def _run(scenario: str, seed: int, overrides: dict | None = None, regime: str = "central", years: int = 5,
         scale: float = 5.0):
    sc = load_scenario(scenario)
    params = Parameters.from_overrides(overrides or {}, regime=regime)
    return JwsimModel(scenario_schedule(sc), params=params, seed=seed, scale=scale, years=years,
                      collect=False).run()


def _total(results, kpi: str) -> float:
    return sum(float(np.sum(r.kpis[kpi])) for r in results)


def test_earlier_detection_lowers_specialist_and_stay_care_weeks_over_five_years():
    """Detecting mild need twice as fast (need process unchanged) means less specialist care and stay."""
    usual = [_run("opdracht-2026", s) for s in SEEDS]
    early = [_run("opdracht-2026", s, {"detect_self_mild_per_year": 0.5}) for s in SEEDS]
    heavy = ("care_weeks_specialist", "care_weeks_stay")
    assert sum(_total(early, k) for k in heavy) < sum(_total(usual, k) for k in heavy)
    # ... by entering earlier and lighter: more light care, less untreated moderate or severe need.
    assert _total(early, "care_weeks_light") > _total(usual, "care_weeks_light")
    assert _total(early, "need_untreated_modsev_weeks") < _total(usual, "need_untreated_modsev_weeks")


def test_care_lowers_the_escalation_of_need():
    """With care's effects at zero, need escalates more often than with the central effects."""
    without = [_run("opdracht-2026", s, {"care_escalation_effect": 0.0, "care_remission_effect": 0.0},
                    years=3) for s in SEEDS]
    with_care = [_run("opdracht-2026", s, years=3) for s in SEEDS]
    assert _total(with_care, "need_escalations_per_year") < _total(without, "need_escalations_per_year")


def test_removing_all_youth_work_never_lowers_the_onset_of_need():
    """Without youth work (paired seeds) at least as many youths develop a need, seed by seed."""
    for s in SEEDS:
        none = _run("geen-jongerenwerk", s, years=3)
        work = _run("opdracht-2026", s, years=3)
        assert np.sum(none.kpis["need_onsets_per_year"]) >= np.sum(work.kpis["need_onsets_per_year"]), s


def test_under_the_pessimistic_regime_youth_works_effect_on_jeugdhulp_shrinks_toward_zero():
    """opdracht-2026 minus geen-jongerenwerk on care: much smaller under pessimistic than central evidence."""
    kpis = ("care_weeks_light", "care_weeks_specialist", "care_weeks_stay")

    def effect(regime: str) -> float:
        total = 0.0
        for s in SEEDS[:2]:
            work = _run("opdracht-2026", s, regime=regime, years=2)
            none = _run("geen-jongerenwerk", s, regime=regime, years=2)
            total += sum(abs(float(np.sum(work.kpis[k]) - np.sum(none.kpis[k]))) for k in kpis)
        return total

    central, pessimistic = effect("central"), effect("pessimistic")
    assert central > 0
    assert pessimistic <= 0.2 * central


def test_new_ten_year_olds_arrive_with_the_need_and_care_of_their_age():
    """Newcomers aged 10 are drawn from the need profile at 10 (some with need, some in care), not empty."""
    sc = load_scenario("opdracht-2026")
    m = JwsimModel(scenario_schedule(sc), params=sc.params, seed=4, scale=2.0, years=1, collect=False)
    ten = np.flatnonzero(m.y.age == 10)
    m.enter(ten)  # new occupants for every 10-year-old's slot
    y = m.y
    need_share = np.mean(y.need[ten] > NO_NEED)
    care_share = np.mean(y.jh_level[ten] > 0)
    assert 0.03 < need_share < 0.4
    assert 0.01 < care_share < need_share
    assert (y.jh_entry_need[ten][y.jh_level[ten] > 0] >= MILD).all()


def test_boys_need_starts_earlier_and_girls_catch_up_from_the_peak_age():
    """Onset of girls relative to boys (same age and scores) rises from the age-10 to the peak-age value.

    In a run this puts more boys than girls in care at 10-14 and narrows (or reverses) the gap at 15-17.
    """
    sc = load_scenario("opdracht-2026")
    p = sc.params
    m = JwsimModel(scenario_schedule(sc), params=p, seed=5, scale=2.0, years=2, collect=False)
    ages = np.array([10, 12, p["need_onset_peak_age"], 17, 20])
    ratio = (m.need.onset_base(ages, np.zeros(5, bool)) / m.need.onset_base(ages, np.ones(5, bool)))
    g10, gpk = p["need_onset_girls_age10_relative"], p["need_onset_girls_peak_relative"]
    assert ratio[0] == pytest.approx(g10, rel=1e-5) and ratio[2:] == pytest.approx(gpk, rel=1e-5)
    assert g10 < ratio[1] < gpk < 1.0
    care = np.zeros((2, 2, 2))  # [10-14, 15-17] x [boys, girls] x [in care, youths], two seeds pooled
    for seed in (5, 6):
        if seed != 5:
            m = JwsimModel(scenario_schedule(sc), params=p, seed=seed, scale=2.0, years=2, collect=False)
        m.run()
        y = m.y
        male = y.male.astype(bool)
        for i, (lo, hi) in enumerate(((10, 14), (15, 17))):
            band = (y.age >= lo) & (y.age <= hi)
            for j, sex in enumerate((male, ~male)):
                care[i, j] += (np.count_nonzero(y.jh_year_any[band & sex]), np.count_nonzero(band & sex))
    share = care[..., 0] / care[..., 1]
    young, older = share[0, 0] / share[0, 1], share[1, 0] / share[1, 1]
    assert young > 1.15 and older < young


def test_ended_trajectories_are_counted_in_the_duration_class_of_their_weeks_in_care():
    """Each week's ends per duration class are the ends of that week, by their weeks in care.

    A trajectory that ended after w weeks in care counts in the class [lo, hi) holding w (CBS's classes:
    13, 26, 52 and 104 weeks): recounted here from the care states before and after each step.
    """
    from jwsim.model.population import SPELL_CLASS_WEEKS
    from jwsim.model.processes.jeugdhulp import LIGHT, NONE, SPELL_CLASSES

    assert SPELL_CLASS_WEEKS == (13, 26, 52, 104)  # CBS: 3, 6 and 12 months, 2 years
    sc = load_scenario("opdracht-2026")
    model = JwsimModel(scenario_schedule(sc), seed=4, scale=5.0, years=2, collect=False)
    y, care = model.y, model.jeugdhulp
    arrived = {}  # a newcomer's care on arrival (its state before this week's step of the care process)
    enter = care.enter

    def recording_enter(model, slots):
        enter(model, slots)
        arrived.update(slots=slots.copy(), level=y.jh_level[slots].copy(), weeks=y.jh_weeks[slots].copy())

    care.enter = recording_enter
    seen = np.zeros(len(SPELL_CLASSES), int)
    for _ in range(2 * 52):
        level, weeks = y.jh_level.copy(), y.jh_weeks.copy()
        arrived.clear()
        model.step()
        if arrived:  # the youth who left did not end care; a newcomer's care can end in its first week
            level[arrived["slots"]], weeks[arrived["slots"]] = arrived["level"], arrived["weeks"]
        ended = (level > NONE) & (y.jh_level == NONE)
        expected = np.bincount(np.searchsorted(SPELL_CLASS_WEEKS, weeks[ended], side="right"),
                               minlength=len(SPELL_CLASSES))
        got = np.array([care.week[f"jh_exits_{c[0]}"] for c in SPELL_CLASSES])
        assert (got == expected).all() and got.sum() == care.week["jh_exits"], (got, expected)
        light = ended & (level == LIGHT)
        assert care.week["jh_exits_light"] == light.sum()
        assert care.week["jh_exits_light_under_1y"] == (light & (weeks < 52)).sum()  # a year: 52 weeks
        seen += got
    assert (seen > 0).all(), seen  # every class occurs within two years
