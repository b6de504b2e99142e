"""The note's levers reach the model.

Project money buys hours, PO youth work, the Noord extra, wijk parts, SWF by its criteria,
startkwalificatie, and vakmanschap along named paths.
"""

import numpy as np
import pytest

from jwsim.data import load_inputs
from jwsim.model.allocation import NOORD_STADSDEEL, WIJK_PARTS, Allocation, AllocationError, Schedule
from jwsim.model.model import JwsimModel
from jwsim.model.params import Parameters
from jwsim.model.population import HBO_WO, MBO, P_SCHOOLMOTIVATIE, PRO, VO
from jwsim.model.processes.programmes import SWF
from jwsim.model.scenario import ScenarioError, load_scenario, parse_scenario

BASE = load_scenario("opdracht-2026").allocation


def _alloc(**kw) -> Allocation:
    args = {"programme_eur": BASE.programme_eur, "po_eur": BASE.po_eur, "noord_eur": BASE.noord_eur} | kw
    return Allocation.create(BASE.bk10, BASE.jc, BASE.sjw, BASE.wijk_priority, dict(BASE.wijk_weights),
                             BASE.targeting, BASE.ambulant_team_investment_eur, args["programme_eur"],
                             args["po_eur"], args["noord_eur"], kw.get("wijk_split"))


def _model(alloc: Allocation, weeks: int, params: Parameters | None = None, seed: int = 5) -> JwsimModel:
    m = JwsimModel(Schedule.constant(alloc), params=params or Parameters(), seed=seed, scale=10.0, years=1,
                   burn_in_weeks=0, collect=False)
    for _ in range(weeks):
        m.step()
    return m


def test_project_money_buys_hours_of_the_work_it_funds():
    """EUR / cost per FTE -> FTE -> hours: PO, Noord and the rest as wijk work; nothing without money."""
    p = Parameters()
    h = BASE.weekly_hours(p)
    none = _alloc(programme_eur=0.0, po_eur=0.0, noord_eur=0.0).weekly_hours(p)
    per_fte = none.wijk / BASE.bk10["wijk"]
    assert h.po == pytest.approx(127_500 / p["cost_per_fte_bk10"] * per_fte)
    assert h.noord == pytest.approx(127_500 / p["cost_per_fte_bk10"] * per_fte)
    assert h.wijk - none.wijk == pytest.approx(15_000 / p["cost_per_fte_bk10"] * per_fte)
    assert none.po == none.noord == 0.0
    assert BASE.youthwork_fte(p) == pytest.approx(BASE.total_fte + 270_000 / p["cost_per_fte_bk10"])


def test_project_money_parts_cannot_exceed_the_money():
    """PO and Noord are parts of the project money: together not more than it."""
    with pytest.raises(AllocationError, match="po_eur \\+ noord_eur"):
        _alloc(programme_eur=200_000.0, po_eur=127_500.0, noord_eur=127_500.0)


@pytest.mark.parametrize(("split", "problem"), [
    ({"participatie": 0.5, "meidenwerk": 0.2, "online": 0.1, "schulden": 0.1}, "add up to 0.9"),
    ({"participatie": 0.7, "meidenwerk": 0.3}, "online: missing"),
    ({"participatie": 0.7, "meidenwerk": 0.1, "online": 0.1, "schulden": 0.05, "sport": 0.05},
     "unknown part"),
])
def test_wijk_split_is_validated(split, problem):
    """A split must name all four parts, only them, adding up to 1."""
    with pytest.raises(AllocationError, match=problem):
        _alloc(wijk_split=split)


def test_wijk_split_from_a_scenario_file_and_registry_defaults():
    """A scenario's split is read and checked; without one the registry's shares apply."""
    text = load_scenario("opdracht-2026").source
    doc = open(text, encoding="utf-8").read().replace(
        "[allocation.bk10]", "[allocation.wijk_split]\nparticipatie = 0.4\nmeidenwerk = 0.3\nonline = 0.2\n"
        "schulden = 0.1\n\n[allocation.bk10]", 1)
    sc = parse_scenario(doc, "split.toml")
    assert sc.allocation.wijk_parts(Parameters()) == (0.4, 0.3, 0.2, 0.1)
    p = Parameters()
    default = BASE.wijk_parts(p)
    assert default[1:] == tuple(p[f"wijk_share_{part}"] for part in WIJK_PARTS[1:])
    assert sum(default) == pytest.approx(1.0)
    bad = doc.replace("schulden = 0.1", "schulden = 0.1\nsport = 0.0")
    with pytest.raises(ScenarioError, match="wijk_split.sport: unknown part"):
        parse_scenario(bad, "split.toml")


def test_the_noord_extra_goes_to_noord_only():
    """With and without the Noord extra, wijk hours differ in the wijken of Nijmegen-Noord alone."""
    inputs = load_inputs()
    noord = np.array([inputs.stadsdeel_codes[i] == NOORD_STADSDEEL for i in inputs.stadsdeel_index])
    with_extra = _model(BASE, 1).youthwork.wijk_per_wijk
    without = _model(_alloc(programme_eur=142_500.0, noord_eur=0.0), 1).youthwork.wijk_per_wijk
    extra = with_extra - without
    p = Parameters()
    assert np.allclose(extra[~noord], 0.0)
    assert extra[noord].sum() == pytest.approx(BASE.weekly_hours(p).noord)
    assert (extra[noord] > 0).sum() >= 2


def test_primary_school_youth_work_makes_youths_familiar_and_reaches_them_later():
    """PO contacts build familiarity of 10-11-year-olds; none without the PO money."""
    m = _model(BASE, 30)
    y = m.y
    assert m.recorder.weekly["contacts_po"][:30].sum() > 0
    young = y.age < 12
    assert y.po_familiarity[young].max() > 0.2
    assert np.all(y.po_familiarity[y.age >= 12][y.age[y.age >= 12] > 13] == 0)  # none aged 14+ after 30 weeks
    m0 = _model(_alloc(programme_eur=142_500.0, po_eur=0.0), 30)
    assert m0.y.po_familiarity.max() == 0.0
    assert m0.recorder.weekly["contacts_po"][:30].sum() == 0
    # From 12 to 15 familiarity raises the SJW / wijk-work contact weight.
    known = (y.age >= 12) & (y.age < 16) & (y.po_familiarity > 0)
    if known.any():
        assert np.all(m.youthwork.reach.familiarity(m, known.nonzero()[0]) > 1.0)


def test_wijk_parts_reach_their_own_youths():
    """Meidenwerk reaches girls only, debt work 18+ only, online work 12+ only."""
    m = _model(BASE, 10)
    rows = m.youthwork.contacts.rows
    y = m.y
    assert rows["meiden"].size and not y.male[rows["meiden"]].any()
    assert rows["schulden"].size and np.all(y.age[rows["schulden"]] >= 18)
    assert rows["online"].size and np.all(y.age[rows["online"]] >= 12)


def test_swf_takes_youths_by_its_criteria():
    """Each SWF intake meets the criteria at the moment of intake.

    A J&V youth who is a pupil at risk of dropping out, a dropout or in care, or a dropout in a vulnerable
    situation; never anyone else.
    """
    m = _model(BASE, 0)
    prog, y, p = m.youthwork.programmes, m.y, m.params
    checked = []
    start = prog._start

    def checking_start(y_, idx, kind, mean_weeks):
        if kind == SWF and idx.size:
            gap = m.school.motivation_ref - y.P[idx, P_SCHOOLMOTIVATIE]
            pupil = np.isin(y.school_type[idx], (VO, PRO, MBO))
            at_risk = pupil & (gap >= p["swf_at_risk_motivation_gap"])
            jv_ok = y.jv[idx] & (at_risk | y.dropout[idx] | (y.jh_level[idx] > 0))
            checked.append(jv_ok | (y.dropout[idx] & y.vulnerable[idx]))
        start(y_, idx, kind, mean_weeks)

    prog._start = checking_start
    for _ in range(20):
        m.step()
    taken = np.concatenate(checked)
    assert taken.size >= 0.8 * prog.swf_slots > 0
    assert taken.all()


def test_startkwalificatie_is_a_state_with_outputs():
    """The share with a startkwalificatie is plausible; completions and returns are counted."""
    r = JwsimModel(seed=4, scale=10.0, years=2, collect=False).run()
    share = r.kpis["startkwalificatie_share_18_23"]
    assert np.all((share > 0.5) & (share < 0.98))
    assert np.all(r.kpis["skq_obtained_per_year"] > 0)
    assert np.all(r.kpis["returns_per_year"] >= r.kpis["returns_swf_per_year"])
    assert "school_returns" in r.weekly and r.weekly["school_returns"].sum() > 0


def test_students_have_a_startkwalificatie():
    """HBO/WO students have one (HAVO/VWO diploma); no one under 16 has one."""
    m = _model(BASE, 5)
    y = m.y
    assert np.all(y.startkwalificatie[y.school_type == HBO_WO])
    assert not np.any(y.startkwalificatie[y.age < 16])


def test_vakmanschap_works_along_paths_and_not_under_the_pessimistic_regime():
    """Central: sharper targeting and better signals; pessimistic (grade D: no effect): none of either."""
    central = _model(BASE, 1).youthwork
    pess = _model(BASE, 1, Parameters(regime="pessimistic")).youthwork
    assert central.reach.sel_boost > 1.0 and central.reach.group_boost > 1.0
    assert central.signal_quality()["ambulant"] > central.signal_quality()["jc"] >= 1.0
    assert pess.reach.sel_boost == pess.reach.group_boost == 1.0
    assert set(pess.signal_quality().values()) == {1.0}
    assert central.effectiveness()[:2] == (1.0, 1.0)  # no flat multiplier on gains
