"""Nuisance (jeugdoverlast): acts by street-active youths, calendar, ambulant presence, registration.

Police registration of the acts is part of the process.

Every youth aged 12-23 has a weekly hazard of taking part in a nuisance act: street-group members at
``nuisance_acts_per_week_street`` (scaled by their delinquency score), others at a small relative rate.
The calendar multiplies it (summer ~2x winter, New Year spike, Vierdaagsefeesten/kermis, Ramadan
evenings, NEC home matches) and ambulant presence in the wijk lowers it, more so for members of a
problematic group (group approach). One incident involves ``youths_per_incident`` youths on average; a
share of incidents is registered by the police. With one uniform per youth, an act is ``u < hazard`` and a
registered act ``u < hazard x report_share``, so more ambulant presence never adds acts in a paired run.
"""

from __future__ import annotations

import numpy as np

from .thinning import max_exp

NAME = "nuisance"
PARAMS = (
    "nuisance_acts_per_week_street", "nuisance_nonstreet_relative", "nuisance_risk_coefficient",
    "youths_per_incident", "nuisance_report_share", "nuisance_summer_ratio", "nuisance_new_year_multiplier",
    "nuisance_event_multiplier", "ambulant_presence_effect", "ambulant_presence_half_hours",
    "group_approach_effect", "problem_group_threshold",
)


class Nuisance:
    """Nuisance acts and registered jeugdoverlast per wijk."""

    def __init__(self, model) -> None:
        p = model.params
        self.p = p
        self.rng = model.streams[NAME]
        self.u = model.uniforms  # shared scratch (see JwsimModel)
        self.flag = np.empty(model.y.n, bool)
        n_w = len(model.inputs.wijk_codes)
        self.incidents_wijk = np.zeros(n_w)
        self.registered_wijk = np.zeros(n_w)
        self.problem_group = np.zeros(0, bool)
        self.week = dict.fromkeys(("incidents", "registered", "acts", "presence_mean"), 0.0)

    def update_groups(self, model) -> None:
        """Flag problematic groups from members' mean delinquency (at each re-formation and yearly)."""
        self.problem_group = model.groups.means(model.delinquency) > self.p["problem_group_threshold"]

    def calendar_multiplier(self, model, t: int) -> float:
        """Seasonal, New Year and event multiplier of this week."""
        cal, p = model.calendar, self.p
        m = float(cal.season[t])
        if cal.new_year[t]:
            m *= p["nuisance_new_year_multiplier"]
        m *= 1.0 + (p["nuisance_event_multiplier"] - 1.0) * float(cal.event_weight[t])
        return m

    def step(self, model, t: int) -> None:
        """Draw this week's nuisance acts, incidents and police registrations per wijk."""
        y, p = model.y, self.p
        n_w = self.incidents_wijk.shape[0]
        amb = model.youthwork.ambulant_hours_per_wijk(model, t)
        e_amb = model.youthwork.effectiveness()[2]
        presence = np.minimum(p["ambulant_presence_effect"] * e_amb * amb
                              / (amb + p["ambulant_presence_half_hours"]), 0.9)
        cal = self.calendar_multiplier(model, t)
        base_street = p["nuisance_acts_per_week_street"]
        base_other = base_street * p["nuisance_nonstreet_relative"]
        self.rng.random(out=self.u, dtype=np.float32)
        # Thinning: hazards are bounded (by this week's highest delinquency, ambulant presence only lowers
        # them), so only the youths whose uniform is below the bound of their kind need their own hazards:
        # a small bound outside street groups, a larger one for the group members.
        ref = model.delinquency_ref
        risk_max = max_exp(p["nuisance_risk_coefficient"], -ref, float(model.delinquency.max()) - ref)
        bound = min(base_other * cal * risk_max, 0.9) * (1 + 1e-6)
        bound_member = min(base_street * cal * risk_max, 0.9) * (1 + 1e-6)
        flag = np.less(self.u, np.float32(bound), out=self.flag)
        members = model.groups.members
        flag[members[self.u[members] < np.float32(bound_member)]] = True
        cand = flag.nonzero()[0]
        group = y.group[cand]
        in_group = group >= 0
        base = np.where(in_group, base_street, base_other)
        age = model.age[cand]
        eligible = (age >= 12) & ~y.student[cand]
        reduction = presence[y.wijk[cand]]
        if self.problem_group.size:
            pg = np.zeros(cand.size, bool)
            pg[in_group] = self.problem_group[group[in_group]]
            reduction = np.where(pg,
                                 1.0 - (1.0 - reduction)
                                 * (1.0 - p["group_approach_effect"] * (reduction > 0)),
                                 reduction)
        hazard = (base * eligible * cal
                  * np.exp(p["nuisance_risk_coefficient"] * (model.delinquency[cand] - model.delinquency_ref))
                  * (1.0 - reduction))
        hazard = np.minimum(hazard, 0.9).astype(np.float32)
        u = self.u[cand]
        act = u < hazard
        acts = cand[act]
        reg = acts[u[act] < hazard[act] * np.float32(p["nuisance_report_share"])]
        k = model.scale / p["youths_per_incident"]
        inc_w = np.bincount(y.wijk[acts], minlength=n_w) * k
        reg_w = np.bincount(y.wijk[reg], minlength=n_w) * k
        self.incidents_wijk += inc_w
        self.registered_wijk += reg_w
        y.nuisance_acts_year[acts] += 1
        self.week.update(incidents=float(inc_w.sum()), registered=float(reg_w.sum()),
                         acts=acts.size * model.scale, presence_mean=float(presence.mean()))
