"""Demography: ageing, leaving at 24, entering at 10, migration; birthdays that change school.

The age structure of Nijmegen's youths is not a stationary cohort flow: the 20-23-year-old cohorts are
about twice the 10-17 ones (students moving in), and a few family wijken lose youths around 20. The
process keeps the curated age x wijk structure in expectation: at each birthday a youth of age a in
wijk w moves out with probability max(0, -(c[w,a] - c[w,a-1])) / c[w,a-1]; every youth who leaves
(moved out or turned 24) frees a slot that is reused by a newcomer whose (age, wijk) is drawn from
the inflows: 10-year-olds c[w,10] per year and in-migrants max(0, c[w,a] - c[w,a-1]). In-migrants of
18+ are HBO/WO students with ``inmigrant_student_share`` (*assumption*); a local youth turning 18
becomes a student with ``local_student_share_18`` (*assumption*). The population size is conserved.
A newcomer's personal state (demographics, baselines) is drawn here; every other process gives the slot
its declared start values (``model.enter``). At 12, 16 and 18 the school process moves youths to their next
school with the uniforms drawn here. The draws depend only on ages, which evolve identically in every
scenario, so demography never breaks common random numbers.
"""

from __future__ import annotations

import numpy as np

from ..population import (
    AGE_ADULT,
    AGE_MAX,
    AGE_MBO,
    AGE_MIN,
    AGE_SECONDARY,
    N_P,
    N_R,
    WEEKS_PER_YEAR,
    assign_jv,
    draw_personal_state,
)
from ..process import Process, State, Weekly, Yearly
from .school import SCHOOL_UNIFORMS

# The newcomers' uniforms, drawn in one call: destination, sex, student, vulnerability, J&V, then the
# school uniforms (type: two, location: two) in the order the school process takes them.
U_DEST, U_SEX, U_STUDENT, U_VULNERABLE, U_JV, U_SCHOOL = range(6)
NEWCOMER_UNIFORMS = U_SCHOOL + SCHOOL_UNIFORMS


class Demography(Process):
    """Ageing in and out, newcomers, and the birthdays at which youths change school."""

    name = "demography"
    states = (
        State("uid", "int64", "identity of the person in the slot", init=None),
        State("wijk", "int16", "wijk of residence (0..43)", init=None),
        State("age_weeks", "int32", "age in weeks", init=None),
        State("age", "int32", "age in whole years (changes at birthdays)", init=None, derived=True),
        State("male", "bool", "sex", init=None),
        State("vulnerable", "bool", "growing up in a socially vulnerable household", init=None),
        State("jv", "bool", "member of the Jeugd & Veiligheid group (street culture)", init=None),
        State("student", "bool", "HBO/WO student", init=None),
        State("street_propensity", "float32", "propensity to hang out in public space", init=None),
        State("P_base", "float32", "personal baselines of the 10 protective factors", init=None, columns=N_P),
        State("R_base", "float32", "personal baselines of the 6 risk factors", init=None, columns=N_R),
    )
    results = (
        Weekly("population", "youths", "Jongeren 10-23", "Youths 10-23", year="mean"),
        Weekly("leavers", "youths/week", "Vertrokken jongeren (24 of verhuisd)",
               "Youths leaving (turned 24 or moved out)", series=False),
        Yearly("vulnerable_share_10_19", "kpis", "share", "Aandeel kwetsbare jongeren 10-19",
               "Share of vulnerable youths 10-19", fmt="%", ages=(10, 19)),
        Yearly("youths_10_23", "per_wijk", "youths", "Jongeren 10-23", "Youths 10-23", scales=True,
               ages=(10, 23)),
        Yearly("youths_10_17", "per_wijk", "youths", "Jongeren 10-17", "Youths 10-17", scales=True,
               ages=(10, 17)),
        Yearly("youths", "per_group", "youths", "Jongeren", "Youths", scales=True),
    )

    def __init__(self, model) -> None:
        super().__init__(model)
        y = model.y
        y.age = y.age_weeks // WEEKS_PER_YEAR
        inputs = model.inputs
        c = inputs.youths.sum(axis=2).astype(float)  # (wijk, age 10..23)
        # A cell without youths has no inflow, so its sex ratio is never drawn.
        self.male_share = np.divide(inputs.youths[:, :, 0], c, out=np.zeros(c.shape), where=c > 0)
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
        self.entered = 0
        self.left = 0
        # A slot's birthday week never changes: everyone ages one week per step and a newcomer enters
        # a slot at an exact age in years, in the slot's birthday week. So the slots of each birthday
        # week are fixed at synthesis and the weekly step needs no pass over all ages.
        phase = y.age_weeks % WEEKS_PER_YEAR
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
        self.week["leavers"] = 0
        # Slots with phase k (age_weeks % 52 at synthesis) turn a year older when k + steps = 0 mod 52.
        birthday = self.birthday_slots[-self.n_steps % WEEKS_PER_YEAR]
        self.changed = birthday
        self.entered_slots = birthday[:0]
        self.changed_entered = np.zeros(birthday.size, bool)
        if birthday.size == 0:
            return
        age = y.age_weeks[birthday] // WEEKS_PER_YEAR
        y.age[birthday] = age
        u_move = self.rng.random(birthday.size)
        offset = np.minimum(age - AGE_MIN, AGE_MAX - AGE_MIN)
        moving_out = (age <= AGE_MAX) & (u_move < self.out_prob[y.wijk[birthday], offset])
        self.changed_entered = (age > AGE_MAX) | moving_out
        leaving = birthday[self.changed_entered]
        self.left += leaving.size
        self.entered += leaving.size
        self.entered_slots = leaving
        self.week["leavers"] = leaving.size
        new_age = u_school_new = None
        if leaving.size:
            new_age, u_school_new = self._enter_new(model, leaving)
        staying = ~self.changed_entered
        stay, age = birthday[staying], age[staying]
        # Some local youths start HBO/WO at 18 and stay in the city.
        at18 = stay[(age == AGE_ADULT) & ~y.student[stay]]
        y.student[at18[self.rng.random(at18.size) < model.params["local_student_share_18"]]] = True
        # School transitions at 12, 16 and 18: two uniforms for the school type, two for the location.
        is_trans = (age == AGE_SECONDARY) | (age == AGE_MBO) | (age == AGE_ADULT)
        trans = stay[is_trans]
        u_school = self.rng.random((SCHOOL_UNIFORMS, trans.size))
        # The newcomers' schools and the transitions in one go (the same elementwise rules; the newcomers'
        # uniforms were drawn with their other draws).
        if leaving.size:
            trans = np.concatenate((leaving, trans))
            u_school = np.concatenate((u_school_new, u_school), axis=1)
        if trans.size:
            a = age[is_trans] if new_age is None else np.concatenate((new_age, age[is_trans]))
            model.school.move(model, trans, a, u_school)

    def _enter_new(self, model, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Reuse the slots in ``idx`` for newcomers: 10-year-olds and in-migrants.

        Returns their ages and the school uniforms of each newcomer (the school process assigns the schools).
        """
        y, rng, p = model.y, self.rng, model.params
        m = idx.size
        u = rng.random((NEWCOMER_UNIFORMS, m))
        dest = np.minimum(np.searchsorted(self.dest_cdf, u[U_DEST]), self.dest_cdf.size - 1)
        offset, wijk = np.divmod(dest, self.n_wijk)
        age = AGE_MIN + offset
        y.wijk[idx] = wijk.astype(np.int16)
        male = u[U_SEX] < self.male_share[wijk, offset]
        y.male[idx] = male
        y.age_weeks[idx] = (age * WEEKS_PER_YEAR).astype(np.int32)
        y.uid[idx] = np.arange(y.next_uid, y.next_uid + m)
        y.next_uid += m
        student = (age >= AGE_ADULT) & (u[U_STUDENT] < p["inmigrant_student_share"])
        y.student[idx] = student
        dep = model.inputs.deprivation[wijk]
        vulnerable = (u[U_VULNERABLE] < y.vulnerability_probability(dep, p)) & ~student
        y.vulnerable[idx] = vulnerable
        y.jv[idx] = assign_jv(male, vulnerable, student, p, rng, u=u[U_JV])
        y.age[idx] = age
        draw_personal_state(y, idx, model.inputs, p, rng)
        model.enter(idx)  # every process gives the slots its declared start values
        return age, u[U_SCHOOL:]

    def record(self, model) -> None:
        """Report the population (constant: leavers' slots are reused)."""
        self.week["population"] = model.y.n

    def close_year(self, model, year) -> None:
        """Set the population counts of the year."""
        y = model.y
        year.set("vulnerable_share_10_19", year.share(y.vulnerable, year.mask("vulnerable_share_10_19")))
        year.set("youths_10_23", year.by_wijk(mask=year.mask("youths_10_23", "per_wijk")), "per_wijk")
        year.set("youths_10_17", year.by_wijk(mask=year.mask("youths_10_17", "per_wijk")), "per_wijk")
        year.set("youths", np.array([np.count_nonzero(m) for m in year.groups]), "per_group")
