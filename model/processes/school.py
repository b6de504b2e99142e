"""School: school type and location, dropout (voortijdig schoolverlaten, VSV) and return to school or work.

At 12, 16 and 18 (birthdays, with the demography process's uniforms) youths move to their next school type
and, for VO/PRO/VSO, a school location (``model/population.py``: by pupils and distance). Pupils in
VO/PRO/VSO and MBO (ages 12-23) drop out at a yearly hazard by school type (E2: VO 0.6%, MBO 5.7%) scaled by
low school motivation and risk (``dropout_risk_weight``); SWF participation divides the odds by
``swf_dropout_odds_ratio`` (I7.1) and SJW works through school motivation. A dropout has no school type
until returning to MBO (under 18) or to MBO/work; SWF raises the return hazard.

Startkwalificatie (a state): obtained with a HAVO/VWO diploma (modelled as the move to HBO/WO at 18) or
MBO-2 or higher (an MBO pupil of 17+ completes at ``skq_mbo_per_year``). A dropout who returns to MBO can
obtain it there; one who returns to work does not (assumption). The dropout hazard is calibrated on VSV
among all pupils and is not restricted to pupils without a startkwalificatie: an MBO pupil with MBO-2 who
leaves a higher level keeps the startkwalificatie (a known simplification: such a leaver is no VSV'er).
At the warm start, youths of 18+ have it by their school type (HBO/WO yes; MBO with the probability of
``skq_mbo_per_year`` over their years since 17; work ``skq_work_share``; none no); youths who start work
at 18 or arrive in work have it with ``skq_work_share``.
Outputs: returns to school or work (all, and from SWF), the share of 18-23-year-olds with a
startkwalificatie, and dropouts from VO/PRO schools with SJW and from those without. Per school location
(table ``per_school``): its pupils at the end of the year, the dropouts who left it, and the returns to school
or work and startkwalificaties obtained by its former pupils — counted by the last school location a youth
attended in the city (``school_last``: kept after leaving for MBO, work or dropout; MBO has no school
locations in the model, so a startkwalificatie obtained in MBO counts at the VO school before it).
"""

from __future__ import annotations

import numpy as np

from ..numerics import max_exp, slack
from ..params import weekly
from ..population import (
    AGE_ADULT,
    AGE_MBO,
    HBO_WO,
    MBO,
    NONE,
    P_SCHOOLMOTIVATIE,
    PRO,
    VO,
    VSO,
    WORK,
    choose_school,
    school_choice_cdfs,
    school_type_for_age,
)
from ..process import Process, State, Weekly, Yearly, count_by_school
from .programmes import SWF

# The per-school table of the school process: (name, unit, Dutch label, English label); counts of youths.
PER_SCHOOL = (
    ("pupils", "youths", "Leerlingen (eind van het jaar)", "Pupils (end of the year)"),
    ("dropouts_per_year", "youths/year", "Schooluitvallers van deze school per jaar",
     "Dropouts from this school per year"),
    ("returns_per_year", "youths/year", "Terugkeer naar school of werk van oud-leerlingen per jaar",
     "Returns to school or work of former pupils per year"),
    ("returns_swf_per_year", "youths/year",
     "Terugkeer naar school of werk vanuit SWF van oud-leerlingen per jaar",
     "Returns to school or work from SWF of former pupils per year"),
    ("skq_obtained_per_year", "youths/year", "Startkwalificaties behaald door (oud-)leerlingen per jaar",
     "Startkwalificaties obtained by (former) pupils per year"),
)
U_TYPE, U_KIND, U_IN_CITY, U_PICK = range(4)  # the school uniforms of a youth who changes school
SCHOOL_UNIFORMS = U_PICK + 1


class School(Process):
    """School types and locations, dropout and return."""

    name = "school"
    states = (
        State("school_type", "int8", "PO, VO, PRO, VSO, MBO, HBO/WO, work or none", init=None),
        State("school", "int32", "school location, or -1 (none in the city)", init=None),
        State("dropout", "bool", "left school without a startkwalificatie and not back yet", init=False),
        State("startkwalificatie", "bool", "has a startkwalificatie (HAVO/VWO or MBO-2+ diploma)",
              init=False),
        State("school_last", "int32", "last school location attended in the city, kept after leaving, or -1",
              init=-1),
    )
    results = (
        Weekly("dropouts", "youths/week", "Schooluitval", "School dropout", collect=True),
        Weekly("school_returns", "youths/week", "Terugkeer naar school of werk", "Returns to school or work"),
        Weekly("school_returns_swf", "youths/week", "Terugkeer naar school of werk vanuit SWF",
               "Returns to school or work from SWF"),
        Weekly("skq_obtained", "youths/week", "Startkwalificaties behaald", "Startkwalificaties obtained"),
        Weekly("dropouts_sjw_school", "youths/week", "Schooluitval van scholen met SJW",
               "Dropouts from schools with SJW", series=False),
        Weekly("dropouts_other_vo", "youths/week", "Schooluitval van vo-scholen zonder SJW",
               "Dropouts from VO schools without SJW", series=False),
        Yearly("vsv_rate_12_23", "kpis", "share", "Voortijdig schoolverlaten (VSV) 12-23",
               "Early school leaving (VSV) 12-23", fmt="%", ages=(12, 23)),
        Yearly("dropouts_per_year", "kpis", "youths/year", "Schooluitvallers per jaar",
               "School dropouts per year", sources=("dropouts",)),
        Yearly("returns_per_year", "kpis", "youths/year", "Terugkeer naar school of werk per jaar",
               "Returns to school or work per year", sources=("school_returns",)),
        Yearly("returns_swf_per_year", "kpis", "youths/year",
               "Terugkeer naar school of werk vanuit SWF per jaar",
               "Returns to school or work from SWF per year", sources=("school_returns_swf",)),
        Yearly("skq_obtained_per_year", "kpis", "youths/year", "Startkwalificaties behaald per jaar",
               "Startkwalificaties obtained per year", sources=("skq_obtained",)),
        Yearly("startkwalificatie_share_18_23", "kpis", "share", "Met startkwalificatie, 18-23 jaar",
               "With a startkwalificatie, 18-23", fmt="%", ages=(18, 23)),
        Yearly("dropouts_sjw_schools_per_year", "kpis", "youths/year",
               "Schooluitval van scholen met SJW per jaar",
               "Dropouts from schools with SJW per year", sources=("dropouts_sjw_school",)),
        Yearly("dropouts_other_vo_per_year", "kpis", "youths/year",
               "Schooluitval van vo-scholen zonder SJW per jaar",
               "Dropouts from VO schools without SJW per year",
               sources=("dropouts_other_vo",)),
        *(Yearly(name, "per_school", unit, nl, en, scales=True) for name, unit, nl, en in PER_SCHOOL),
    )

    def __init__(self, model) -> None:
        super().__init__(model)
        p = model.params
        self.p = p
        self.u = model.uniforms  # shared scratch (see JwsimModel)
        self.h_vo = weekly(p["dropout_per_year_vo"])
        self.h_mbo = weekly(p["dropout_per_year_mbo"])
        self.h_return = weekly(p["dropout_return_per_year"])
        self.h_skq = weekly(p["skq_mbo_per_year"])
        self.motivation_ref = float(model.y.P[:, P_SCHOOLMOTIVATIE].mean())
        s = model.inputs.schools
        types = np.array(s.school_type)
        tot = s.pupils[np.isin(types, ["VO", "PRO", "VSO"])].sum()
        self.pro_share = s.pupils[types == "PRO"].sum() / tot
        self.vso_share = s.pupils[types == "VSO"].sum() / tot
        self.school_cdfs = school_choice_cdfs(model.inputs, p)
        self.vo_school = np.isin(types, ["VO", "PRO"])
        self.sjw_school = np.zeros(types.size, bool)
        self.n_schools = types.size
        self.per_school = {name: np.zeros(types.size) for name, *_ in PER_SCHOOL[1:]}  # counts this year

    def initialise(self, model) -> None:
        """Warm start: each pupil of 16-23 is a dropout with the stationary probability h / (h + r)."""
        self._sjw_schools(model)
        y = model.y
        np.copyto(y.school_last, y.school)  # before the warm-start dropouts leave their schools
        h = np.where(np.isin(y.school_type, (VO, PRO, VSO)), self.p["dropout_per_year_vo"],
                     np.where(y.school_type == MBO, self.p["dropout_per_year_mbo"], 0.0))
        r = self.p["dropout_return_per_year"]
        p = np.where(y.age >= AGE_MBO, h / (h + r), 0.0)
        drop = (self.rng.random(y.n) < p).nonzero()[0]
        y.dropout[drop] = True
        y.school_type[drop] = NONE
        y.school[drop] = -1
        # Startkwalificatie of the youths of 18+ by where they are now (drawn after the dropouts).
        prm, age, st = self.p, y.age, y.school_type
        years_mbo = np.maximum(age - AGE_MBO, 0)
        p_skq = np.select([st == HBO_WO, st == MBO, st == WORK],
                          [1.0, 1.0 - (1.0 - prm["skq_mbo_per_year"]) ** years_mbo, prm["skq_work_share"]],
                          0.0)
        y.startkwalificatie[:] = (age >= AGE_ADULT) & (self.rng.random(y.n) < p_skq)

    def move(self, model, slots: np.ndarray, ages: np.ndarray, u: np.ndarray) -> None:
        """Move youths who reached ``ages`` (12, 16, 18) or just arrived to their next school.

        ``u``: four uniforms per youth (type, VO kind, in the city, which school), drawn by demography.
        """
        y = model.y
        new_type = school_type_for_age(ages, y.vulnerable[slots], y.student[slots], self.pro_share,
                                       self.vso_share, model.params, u[U_TYPE], u[U_KIND])
        # Dropouts stay out of school until they return; newcomers are no dropouts.
        keep_out = y.dropout[slots] & (new_type != HBO_WO)
        new_type = np.where(keep_out, NONE, new_type)
        y.school_type[slots] = new_type
        y.school[slots] = choose_school(model.inputs, y.wijk[slots], new_type, model.params, u[U_IN_CITY],
                                        u[U_PICK], self.school_cdfs)
        school = y.school[slots]
        y.school_last[slots] = np.where(school >= 0, school, y.school_last[slots])
        # Dropout status ends only when a youth is back in school or work.
        y.dropout[slots] &= new_type == NONE
        # HAVO/VWO diploma: on to HBO/WO. Youths who start work at 18 or arrive in work have a
        # startkwalificatie with skq_work_share (the VO-kind uniform is not used for work).
        y.startkwalificatie[slots] |= (new_type == HBO_WO) | ((new_type == WORK)
                                                              & (u[U_KIND] < self.p["skq_work_share"]))

    def step(self, model) -> None:
        """Draw this week's school dropouts and the dropouts' returns to school or work."""
        y, p, scores = model.y, self.p, model.scores
        w_risk = p["dropout_risk_weight"]
        cap = p["dropout_hazard_cap"]
        self.rng.random(out=self.u, dtype=np.float32)
        # Thinning: the dropout hazard is bounded (motivation lies in [0, 1], risk in [0, risk_max]); only
        # pupils whose uniform is below the bound, and the dropouts (who may return), need their hazards.
        # (motivation_ref - motivation) + w (risk - risk_ref) over those ranges:
        lo = self.motivation_ref - 1.0 - w_risk * scores.risk_ref
        hi = self.motivation_ref + w_risk * (scores.risk_max - scores.risk_ref)
        or_min = min(p["swf_dropout_odds_ratio"], 1.0)
        bound = slack(min(max(self.h_vo, self.h_mbo) * max_exp(p["dropout_risk_coefficient"], lo,
                                                               hi) / or_min,
                          cap))
        cand = ((self.u < bound) | y.dropout).nonzero()[0]
        u = self.u[cand]
        st = y.school_type[cand]
        vo = (st == VO) | (st == PRO) | (st == VSO)
        base = np.where(vo, self.h_vo, np.where(st == MBO, self.h_mbo, 0.0))
        x = p["dropout_risk_coefficient"] * ((self.motivation_ref - y.P[cand, P_SCHOOLMOTIVATIE])
                                             + w_risk * (y.risk_score[cand] - scores.risk_ref))
        h = base * np.exp(x)
        swf = y.programme[cand] == SWF
        # Odds ratio on completion: odds of dropout divided by OR.
        h = np.where(swf, h / (p["swf_dropout_odds_ratio"] * (1 - h) + h), h)
        dropout = y.dropout[cand]
        h_ret = np.where(dropout, np.where(swf, p["swf_return_per_week"] + self.h_return, self.h_return), 0.0)
        is_drop = u < np.minimum(h, cap)
        is_ret = dropout & (u < h_ret)
        drop, ret = cand[is_drop], cand[is_ret]
        left = y.school[drop]
        at_sjw = self.sjw_school[np.maximum(left, 0)] & (left >= 0)
        at_other_vo = self.vo_school[np.maximum(left, 0)] & (left >= 0) & ~at_sjw
        y.dropout[drop] = True
        y.school_type[drop] = NONE
        y.school[drop] = -1
        y.dropout[ret] = False
        # Back to MBO under 18; from 18 half to MBO, half to work.
        y.school_type[ret] = np.where(y.age[ret] < AGE_ADULT, MBO,
                                      np.where(u[is_ret] < h_ret[is_ret] / 2, MBO, WORK))
        # MBO pupils of 17+ complete MBO-2 or higher: a startkwalificatie. The same weekly uniform, from its
        # top end (u >= 1 - h): disjoint from dropping out (u below a small bound), no extra draws.
        top = (self.u >= np.float32(1.0 - self.h_skq)).nonzero()[0]  # ~1% of youths: then the conditions
        done = top[(y.school_type[top] == MBO) & ~y.startkwalificatie[top] & (y.age[top] > AGE_MBO)]
        y.startkwalificatie[done] = True
        n, last, per_school = self.n_schools, y.school_last, self.per_school
        per_school["dropouts_per_year"] += count_by_school(left, n)
        per_school["returns_per_year"] += count_by_school(last[ret], n)
        per_school["returns_swf_per_year"] += count_by_school(last[ret[swf[is_ret]]], n)
        per_school["skq_obtained_per_year"] += count_by_school(last[done], n)
        self.week.update(dropouts=drop.size, school_returns=ret.size,
                         school_returns_swf=int(np.count_nonzero(swf[is_ret])), skq_obtained=done.size,
                         dropouts_sjw_school=int(np.count_nonzero(at_sjw)),
                         dropouts_other_vo=int(np.count_nonzero(at_other_vo)))

    def new_year(self, model) -> None:
        """Which VO/PRO schools have SJW hours this year (for the dropouts by school); zero school counts."""
        self._sjw_schools(model)
        for counts in self.per_school.values():
            counts[:] = 0.0

    def _sjw_schools(self, model) -> None:
        alloc = model.allocation_for_week(model.week_index)
        codes = model.inputs.schools.codes
        sjw = {c for c, h in alloc.sjw_hours if h > 0}
        self.sjw_school = np.array([c in sjw for c in codes])

    def close_year(self, model, year) -> None:
        """VSV among pupils without a startkwalificatie: VO/PRO/VSO and MBO pupils (E1-E3)."""
        y = model.y
        pupils = year.mask("vsv_rate_12_23") & np.isin(y.school_type, (VO, PRO, VSO, MBO))
        year.set("vsv_rate_12_23", year.sums["dropouts"] / max(year.count(pupils), 1))
        year.set("startkwalificatie_share_18_23",
                 year.share(y.startkwalificatie, year.mask("startkwalificatie_share_18_23")))
        year.set("pupils", count_by_school(y.school, self.n_schools), "per_school")
        for name, counts in self.per_school.items():
            year.set(name, counts.copy(), "per_school")
