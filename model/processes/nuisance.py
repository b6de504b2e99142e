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

from ..numerics import max_exp, slack
from ..population import AGE_SECONDARY
from ..process import Process, State, Weekly, Yearly


class Nuisance(Process):
    """Nuisance acts and registered jeugdoverlast per wijk."""

    name = "nuisance"
    states = (State("nuisance_acts_year", "float32", "nuisance acts this year", year_start=0),)
    results = (
        Weekly("nuisance_incidents", "incidents/week", "Overlastincidenten (ook niet gemeld)",
               "Nuisance incidents (incl. unreported)", by_wijk=True, divide_by="youths_per_incident"),
        Weekly("nuisance_registered", "reports/week", "Geregistreerde jeugdoverlast",
               "Registered youth overlast",
               by_wijk=True, divide_by="youths_per_incident", collect=True),
        Weekly("nuisance_acts", "acts/week", "Overlastgedrag (jongeren x incidenten)",
               "Nuisance acts by youths", series=False),
        Weekly("ambulant_presence_mean", "reduction", "Gemiddelde vermindering door aanwezigheid",
               "Mean reduction by ambulant presence", scales=False, series=False, year="mean"),
        Yearly("jeugdoverlast_registered_per_year", "kpis", "reports/year",
               "Geregistreerde jeugdoverlast per jaar",
               "Registered youth nuisance per year", sources=("nuisance_registered",)),
        Yearly("nuisance_incidents_per_year", "kpis", "incidents/year",
               "Overlastincidenten per jaar (ook niet gemeld)",
               "Nuisance incidents per year (incl. unreported)",
               sources=("nuisance_incidents",)),
        Yearly("problem_groups", "kpis", "groups", "Problematische jeugdgroepen", "Problematic youth groups",
               scales=True),
        Yearly("overlast_registered_per_year", "per_wijk", "reports/year", "Geregistreerde overlast per jaar",
               "Registered overlast per year", sources=("nuisance_registered",)),
        Yearly("overlast_incidents_per_year", "per_wijk", "incidents/year",
               "Overlastincidenten per jaar (ook niet gemeld)",
               "Overlast incidents per year (incl. unreported)",
               sources=("nuisance_incidents",)),
        Yearly("nuisance_acts_per_youth", "per_group", "acts/youth/year", "Overlastgedrag per jongere",
               "Nuisance acts per youth", fmt="f2"),
    )

    def __init__(self, model) -> None:
        super().__init__(model)
        self.p = model.params
        self.u = model.uniforms  # shared scratch (see JwsimModel)
        self.flag = np.empty(model.y.n, bool)
        self.n_wijk = len(model.inputs.wijk_codes)
        self.problem_group = np.zeros(0, bool)

    def after_initialise(self, model) -> None:
        """Flag the problematic groups among the first street groups."""
        self.update_groups(model)

    def new_year(self, model) -> None:
        """Flag the problematic groups among the re-formed street groups."""
        self.update_groups(model)

    def update_groups(self, model) -> None:
        """Flag problematic groups from members' mean delinquency."""
        means = model.network.groups.means(model.y.delinquency)
        self.problem_group = means > self.p["problem_group_threshold"]

    def calendar_multiplier(self, model, t: int) -> float:
        """Seasonal, New Year and event multiplier of this week."""
        cal, p = model.calendar, self.p
        m = float(cal.season[t])
        if cal.new_year[t]:
            m *= p["nuisance_new_year_multiplier"]
        m *= 1.0 + (p["nuisance_event_multiplier"] - 1.0) * float(cal.event_weight[t])
        return m

    def presence(self, model, t: int) -> np.ndarray:
        """Relative reduction of acts by ambulant presence per wijk this week."""
        p, youthwork = self.p, model.youthwork
        amb = youthwork.ambulant_hours_per_wijk(model, t)
        e_amb = youthwork.effectiveness()[2]
        return np.minimum(p["ambulant_presence_effect"] * e_amb * amb
                          / (amb + p["ambulant_presence_half_hours"]),
                          p["nuisance_presence_cap"])

    def step(self, model) -> None:
        """Draw this week's nuisance acts, incidents and police registrations per wijk."""
        y, p, t = model.y, self.p, model.week_index
        presence = self.presence(model, t)
        cal = self.calendar_multiplier(model, t)
        cap = p["nuisance_hazard_cap"]
        base_street = p["nuisance_acts_per_week_street"]
        base_other = base_street * p["nuisance_nonstreet_relative"]
        self.rng.random(out=self.u, dtype=np.float32)
        # Thinning: hazards are bounded (by this week's highest delinquency, ambulant presence only lowers
        # them), so only the youths whose uniform is below the bound of their kind need their own hazards:
        # a small bound outside street groups, a larger one for the group members.
        ref = model.scores.delinquency_ref
        risk_max = max_exp(p["nuisance_risk_coefficient"], -ref, float(y.delinquency.max()) - ref)
        bound = slack(min(base_other * cal * risk_max, cap))
        bound_member = slack(min(base_street * cal * risk_max, cap))
        flag = np.less(self.u, np.float32(bound), out=self.flag)
        members = model.network.groups.members
        flag[members[self.u[members] < np.float32(bound_member)]] = True
        cand = flag.nonzero()[0]
        group = y.group[cand]
        in_group = group >= 0
        base = np.where(in_group, base_street, base_other)
        eligible = (y.age[cand] >= AGE_SECONDARY) & ~y.student[cand]
        reduction = presence[y.wijk[cand]]
        if self.problem_group.size:
            pg = np.zeros(cand.size, bool)
            pg[in_group] = self.problem_group[group[in_group]]
            reduction = np.where(pg,
                                 1.0 - (1.0 - reduction)
                                 * (1.0 - p["group_approach_effect"] * (reduction > 0)),
                                 reduction)
        hazard = (base * eligible * cal
                  * np.exp(p["nuisance_risk_coefficient"] * (y.delinquency[cand] - ref))
                  * (1.0 - reduction))
        hazard = np.minimum(hazard, cap).astype(np.float32)
        u = self.u[cand]
        act = u < hazard
        acts = cand[act]
        reg = acts[u[act] < hazard[act] * np.float32(p["nuisance_report_share"])]
        y.nuisance_acts_year[acts] += 1
        self.week.update(nuisance_incidents=np.bincount(y.wijk[acts], minlength=self.n_wijk),
                         nuisance_registered=np.bincount(y.wijk[reg], minlength=self.n_wijk),
                         nuisance_acts=acts.size, ambulant_presence_mean=float(presence.mean()))

    def close_year(self, model, year) -> None:
        """Problematic groups at the end of the year, nuisance acts per youth by group."""
        year.set("problem_groups", int(self.problem_group.sum()))
        acts = model.y.nuisance_acts_year
        year.set("nuisance_acts_per_youth", np.array([float(acts[m].mean()) if m.any() else 0.0
                                                      for m in year.groups]), "per_group")
