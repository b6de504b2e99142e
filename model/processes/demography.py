"""Demography: ageing, leaving at 24, entering at 10, migration, school transitions at birthdays.

The age structure of Nijmegen's youths is not a stationary cohort flow: the 20-23-year-old cohorts are
about twice the 10-17 ones (students moving in), and a few family wijken lose youths around 20. The
process keeps the curated age x wijk structure in expectation: at each birthday a youth of age a in
wijk w moves out with probability max(0, -(c[w,a] - c[w,a-1])) / c[w,a-1]; every youth who leaves
(moved out or turned 24) frees a slot that is reused by a newcomer whose (age, wijk) is drawn from
the inflows: 10-year-olds c[w,10] per year and in-migrants max(0, c[w,a] - c[w,a-1]). In-migrants of
18+ are HBO/WO students with ``inmigrant_student_share`` (*assumption*); a local youth turning 18
becomes a student with ``local_student_share_18`` (*assumption*). The population size is conserved.
At 12 a youth moves to VO/PRO/VSO and gets a school; at 16 part move to MBO; at 18 non-students move to
MBO, work or NEET. The draws depend only on ages, which evolve identically in every scenario, so
demography never breaks common random numbers.
"""

from __future__ import annotations

import numpy as np

from ..population import (
    AGE_MAX,
    AGE_MIN,
    HBO_WO,
    NONE,
    WEEKS_PER_YEAR,
    assign_jv,
    choose_school,
    draw_personal_state,
    school_choice_cdfs,
    school_type_for_age,
)

NAME = "demography"
PARAMS = ("mbo_share_16_17", "mbo_share_18_23", "neet_share_18_23", "vo_in_city_share", "school_distance_km",
          "inmigrant_student_share", "local_student_share_18")


class Demography:
    """Ageing in and out and school transitions."""

    def __init__(self, model) -> None:
        self.rng = model.streams[NAME]
        inputs = model.inputs
        c = inputs.youths.sum(axis=2).astype(float)  # (wijk, age 10..23)
        self.male_share = np.divide(inputs.youths[:, :, 0], c, out=np.full(c.shape, 0.5), where=c > 0)
        jump = np.zeros_like(c)
        jump[:, 1:] = c[:, 1:] - c[:, :-1]
        self.out_prob = np.zeros_like(c)
        self.out_prob[:, 1:] = np.divide(np.maximum(-jump[:, 1:], 0), c[:, :-1], out=np.zeros_like(c[:, 1:]),
                                         where=c[:, :-1] > 0)
        inflow = np.maximum(jump, 0)
        inflow[:, 0] = c[:, 0]
        flat = inflow.T.ravel()  # destination index = age_offset * n_wijk + wijk
        self.dest_cdf = np.cumsum(flat) / flat.sum()
        self.n_wijk = c.shape[0]
        s = inputs.schools
        types = np.array(s.school_type)
        tot = s.pupils[np.isin(types, ["VO", "PRO", "VSO"])].sum()
        self.pro_share = s.pupils[types == "PRO"].sum() / tot
        self.vso_share = s.pupils[types == "VSO"].sum() / tot
        self.school_cdfs = school_choice_cdfs(inputs, model.params)
        self.entered = 0
        self.left = 0
        # A slot's birthday week never changes: everyone ages one week per step and a newcomer enters
        # a slot at an exact age in years, in the slot's birthday week. So the slots of each birthday
        # week are fixed at synthesis and the weekly step needs no pass over all ages.
        phase = model.y.age_weeks % WEEKS_PER_YEAR
        order = np.argsort(phase, kind="stable")
        bounds = np.searchsorted(phase[order], np.arange(WEEKS_PER_YEAR + 1))
        self.birthday_slots = [order[bounds[k]:bounds[k + 1]] for k in range(WEEKS_PER_YEAR)]
        self.n_steps = 0
        # Slots whose age, identity or school changed this step (processes refresh their per-slot caches).
        self.changed = np.zeros(0, np.intp)
        self.entered_slots = np.zeros(0, np.intp)  # slots taken by newcomers this step (subset of changed)
        self.changed_entered = np.zeros(0, bool)   # per slot of `changed`: taken by a newcomer

    def step(self, model) -> None:
        """Age everyone a week; at birthdays move youths out, refill freed slots and change schools."""
        y = model.y
        y.age_weeks += 1
        self.n_steps += 1
        # Slots with phase k (age_weeks % 52 at synthesis) turn a year older when k + steps = 0 mod 52.
        birthday = self.birthday_slots[-self.n_steps % WEEKS_PER_YEAR]
        self.changed = birthday
        self.entered_slots = birthday[:0]
        self.changed_entered = np.zeros(birthday.size, bool)
        if birthday.size == 0:
            return
        age = y.age_weeks[birthday] // WEEKS_PER_YEAR
        model.age[birthday] = age
        u_move = self.rng.random(birthday.size)
        offset = np.minimum(age - AGE_MIN, AGE_MAX - AGE_MIN)
        moving_out = (age <= AGE_MAX) & (u_move < self.out_prob[y.wijk[birthday], offset])
        self.changed_entered = (age > AGE_MAX) | moving_out
        leaving = birthday[self.changed_entered]
        self.left += leaving.size
        self.entered += leaving.size
        self.entered_slots = leaving
        new_age = u_school_new = None
        if leaving.size:
            new_age, u_school_new = self._enter_new(model, leaving)
        staying = ~self.changed_entered
        stay, age = birthday[staying], age[staying]
        # Some local youths start HBO/WO at 18 and stay in the city.
        at18 = stay[(age == 18) & ~y.student[stay]]
        y.student[at18[self.rng.random(at18.size) < model.params["local_student_share_18"]]] = True
        # School transitions at 12, 16 and 18: two uniforms for the school type, two for the location.
        is_trans = (age == 12) | (age == 16) | (age == 18)
        trans = stay[is_trans]
        u_school = self.rng.random((4, trans.size))
        # School type and location of the newcomers and of the transitions in one go (the same elementwise
        # rules; the newcomers' uniforms were drawn with their other draws, in the same order as before).
        if leaving.size:
            trans = np.concatenate((leaving, trans))
            u_school = np.concatenate((u_school_new, u_school), axis=1)
        if trans.size:
            a = age[is_trans] if new_age is None else np.concatenate((new_age, age[is_trans]))
            new_type = school_type_for_age(a, y.vulnerable[trans], y.student[trans], self.pro_share,
                                           self.vso_share, model.params, u_school[0], u_school[1])
            # Dropouts stay out of school until they return (school process); newcomers are no dropouts.
            keep_out = y.dropout[trans] & (new_type != HBO_WO)
            new_type = np.where(keep_out, NONE, new_type)
            y.school_type[trans] = new_type
            y.school[trans] = choose_school(model.inputs, y.wijk[trans], new_type, model.params,
                                            u_school[2], u_school[3], self.school_cdfs)
            # Dropout status ends only when a youth is back in school or work (school process).
            y.dropout[trans] &= new_type == NONE

    def _enter_new(self, model, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Reuse the slots in ``idx`` for newcomers: 10-year-olds and in-migrants.

        Returns their ages and four uniforms per newcomer for school type and location (the caller assigns
        the schools).
        """
        y, rng, p = model.y, self.rng, model.params
        m = idx.size
        # The newcomers' nine uniforms in one draw (the same values as nine draws of m in this order):
        # destination, sex, student, vulnerability, J&V, school type (2) and school location (2).
        u = rng.random((9, m))
        dest = np.minimum(np.searchsorted(self.dest_cdf, u[0]), self.dest_cdf.size - 1)
        offset, wijk = np.divmod(dest, self.n_wijk)
        age = AGE_MIN + offset
        y.wijk[idx] = wijk.astype(np.int16)
        male = u[1] < self.male_share[wijk, offset]
        y.male[idx] = male
        y.age_weeks[idx] = (age * WEEKS_PER_YEAR).astype(np.int32)
        y.uid[idx] = np.arange(y.next_uid, y.next_uid + m)
        y.next_uid += m
        student = (age >= 18) & (u[2] < p["inmigrant_student_share"])
        y.student[idx] = student
        dep = model.inputs.deprivation[wijk]
        vulnerable = (u[3] < y.vulnerability_probability(dep, p)) & ~student
        y.vulnerable[idx] = vulnerable
        y.jv[idx] = assign_jv(male, vulnerable, student, p, rng, u=u[4])
        model.age[idx] = age
        y.dropout[idx] = False
        for arr in (y.relation, y.nuisance_acts_year):
            arr[idx] = 0
        for arr in (y.signalled, y.jh_year_any, y.jh_year_stay, y.suspect_year):
            arr[idx] = False
        for arr in (y.signal_until, y.jh_level, y.jh_weeks, y.crime_stage, y.programme,
                    y.programme_weeks_left, y.programme_year):
            arr[idx] = 0
        y.group[idx] = -1
        draw_personal_state(y, idx, model.inputs, p, rng)
        return age, u[5:]
