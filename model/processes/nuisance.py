"""Nuisance (jeugdoverlast): acts by street-active youths, at the places where youths are; registration there.

Police registration of the acts is part of the process.

Every youth aged 12-23 has a weekly hazard of taking part in a nuisance act: street-group members at
``nuisance_acts_per_week_street`` (scaled by their delinquency score), others at a small relative rate.
The season and New Year multiply it city-wide (summer ~2x winter). *Where* an act happens follows the
places process: a group member's acts happen at the group's place (``group_place_share``) and otherwise, like
everyone's, at a place drawn from the youth's leisure distribution this week (events move leisure time to
their places and raise the act rate there; Ramadan evenings raise it at home). The ambulant team's presence
at a place lowers the acts that happen there, more so for a problematic group the team meets at its place
(group approach). So a youth's hazard is the sum over places of (leisure share x event multiplier x
(1 - presence reduction)), and the place of an act is drawn in proportion to those terms. One incident
involves ``youths_per_incident`` youths on average; a share of incidents is registered by the police *where
it happens*: per-wijk registered nuisance includes youths from elsewhere. With one uniform per youth an act
is ``u < hazard``, a registered act ``u < hazard x report_share``, and where ``u`` falls inside its interval
picks the place (no extra draw: common random numbers), so more ambulant presence never adds acts in a paired
run.
"""

from __future__ import annotations

import numpy as np

from ..numerics import TINY, max_exp, slack
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
        Weekly("nuisance_registered_home", "reports/week", "Geregistreerde jeugdoverlast naar woonwijk",
               "Registered youth overlast by home wijk of the youths", by_wijk=True,
               divide_by="youths_per_incident", series=False),
        Weekly("nuisance_registered_outsiders", "reports/week",
               "Geregistreerde jeugdoverlast door jongeren van elders",
               "Registered youth overlast by youths from another wijk", by_wijk=True,
               divide_by="youths_per_incident"),
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
        Yearly("nuisance_registered_outsider_share", "kpis", "share",
               "Aandeel geregistreerde overlast door jongeren van elders",
               "Share of registered overlast by youths from another wijk", fmt="%"),
        Yearly("problem_groups", "kpis", "groups", "Problematische jeugdgroepen", "Problematic youth groups",
               scales=True),
        Yearly("overlast_registered_per_year", "per_wijk", "reports/year",
               "Geregistreerde overlast per jaar (waar het gebeurt)",
               "Registered overlast per year (where it happens)", sources=("nuisance_registered",)),
        Yearly("overlast_registered_by_home_per_year", "per_wijk", "reports/year",
               "Geregistreerde overlast per jaar (naar woonwijk)",
               "Registered overlast per year (by home wijk of the youths)",
               sources=("nuisance_registered_home",)),
        Yearly("overlast_registered_outsiders_per_year", "per_wijk", "reports/year",
               "Geregistreerde overlast door jongeren van elders per jaar",
               "Registered overlast by youths from another wijk per year",
               sources=("nuisance_registered_outsiders",)),
        Yearly("overlast_incidents_per_year", "per_wijk", "incidents/year",
               "Overlastincidenten per jaar (ook niet gemeld)",
               "Overlast incidents per year (incl. unreported)",
               sources=("nuisance_incidents",)),
        Yearly("problem_groups_at_place", "per_wijk", "groups", "Problematische jeugdgroepen (op hun plek)",
               "Problematic youth groups (at their place)", scales=True),
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
        self.known_problem = np.zeros(0, bool)

    def after_initialise(self, model) -> None:
        """Flag the problematic groups among the first street groups."""
        self.update_groups(model)

    def new_year(self, model) -> None:
        """Flag the problematic groups among this year's street groups (known ones stay known)."""
        self.update_groups(model)

    def update_groups(self, model) -> None:
        """Flag problematic groups from members' mean delinquency; a group once flagged stays known."""
        groups = model.network.groups
        means = groups.means(model.y.delinquency)
        known = np.zeros(groups.n_groups, bool)
        known[:self.known_problem.size] = self.known_problem
        self.problem_group = ((means > self.p["problem_group_threshold"]) | known) & (groups.sizes > 0)
        self.known_problem = known | self.problem_group

    def calendar_multiplier(self, model, t: int) -> float:
        """Seasonal and New Year multiplier of this week (events act at their places: the places process)."""
        cal, p = model.calendar, self.p
        m = float(cal.season[t])
        if cal.new_year[t]:
            m *= p["nuisance_new_year_multiplier"]
        return m

    def presence(self, model, t: int) -> np.ndarray:
        """Relative reduction of acts by the ambulant team's presence at each place (wijk) this week."""
        p, youthwork = self.p, model.youthwork
        amb = youthwork.team_hours
        e_amb = youthwork.effectiveness()[2]
        return np.minimum(p["ambulant_presence_effect"] * e_amb * amb
                          / (amb + p["ambulant_presence_half_hours"]),
                          p["nuisance_presence_cap"])

    def step(self, model) -> None:
        """Draw this week's nuisance acts, where they happen, and the police registrations there."""
        y, p, t = model.y, self.p, model.week_index
        places, groups = model.places, model.network
        presence = self.presence(model, t)
        cal = self.calendar_multiplier(model, t)
        cap = p["nuisance_hazard_cap"]
        base_street = p["nuisance_acts_per_week_street"]
        base_other = base_street * p["nuisance_nonstreet_relative"]
        at_place = places.week_act_weight  # (cell, place): leisure share x event multiplier
        m_max = places.week_mult_max  # bounds every youth's sum over places (shares sum to 1)
        self.rng.random(out=self.u, dtype=np.float32)
        # Thinning: hazards are bounded (by this week's highest delinquency and event multiplier; ambulant
        # presence only lowers them), so only the youths whose uniform is below the bound of their kind need
        # their own hazards: a small bound outside street groups, a larger one for the group members.
        ref = model.scores.delinquency_ref
        risk_max = max_exp(p["nuisance_risk_coefficient"], -ref, float(y.delinquency.max()) - ref)
        bound = slack(min(base_other * cal * m_max * risk_max, cap))
        bound_member = slack(min(base_street * cal * m_max * risk_max, cap))
        flag = np.less(self.u, np.float32(bound), out=self.flag)
        members = groups.groups.members
        flag[members[self.u[members] < np.float32(bound_member)]] = True
        cand = flag.nonzero()[0]
        group = y.group[cand]
        in_group = group >= 0
        base = np.where(in_group, base_street, base_other)
        eligible = (y.age[cand] >= AGE_SECONDARY) & ~y.student[cand]
        # Per place: what is left of an act there after the team's presence; per cell (age x home wijk) the
        # sum over places (the rows of the few acts are gathered again below to pick the place).
        keep = 1.0 - presence
        cell = places.cell_of(y, cand)
        leisure_sum = (at_place @ keep)[cell]
        # A group member's acts: a share at the group's place (group approach if the team knows the group
        # as problematic and is present there), the rest by the leisure distribution.
        share = p["group_place_share"]
        gp = np.zeros(cand.size, np.intp)
        gp[in_group] = groups.book.place[group[in_group]]
        at_group = np.zeros(cand.size)
        if in_group.any():
            red = presence[gp]
            pg = np.zeros(cand.size, bool)
            pg[in_group] = self.problem_group[group[in_group]]
            red = np.where(pg, 1.0 - (1.0 - red) * (1.0 - p["group_approach_effect"] * (red > 0)), red)
            mult = places.week_mult[cell, gp]
            at_group = np.where(in_group, share * mult * (1.0 - red), 0.0)
        leisure_part = np.where(in_group, 1.0 - share, 1.0)
        place_sum = leisure_part * leisure_sum + at_group
        hazard = (base * eligible * cal
                  * np.exp(p["nuisance_risk_coefficient"] * (y.delinquency[cand] - ref))
                  * place_sum)
        hazard = np.minimum(hazard, cap).astype(np.float32)
        u = self.u[cand]
        act = u < hazard
        rs = np.float32(p["nuisance_report_share"])
        # Where u falls below the hazard is uniform: below hazard x report_share it is registered, and the
        # position inside that part (or the rest) picks the place, in proportion to the per-place terms.
        v = u[act] / hazard[act]
        registered = v < rs
        w = np.where(registered, v / rs, (v - rs) / (np.float32(1.0) - rs)).astype(np.float64)
        member = in_group[act]
        w *= np.where(member, place_sum[act], place_sum[act] * (1.0 - TINY))  # (rounding: stay inside)
        cum = np.cumsum(at_place[cell[act]] * keep * leisure_part[act, None], axis=1)
        place = np.minimum((cum <= w[:, None]).sum(axis=1), self.n_wijk - 1)
        at_g = member & (w >= cum[:, -1])  # beyond the leisure terms: the group's place
        place[at_g] = gp[act][at_g]
        acts = cand[act]
        reg = acts[registered]
        reg_place = place[registered]
        home = y.wijk[reg]
        y.nuisance_acts_year[acts] += 1
        n = self.n_wijk
        self.week.update(nuisance_incidents=np.bincount(place, minlength=n),
                         nuisance_registered=np.bincount(reg_place, minlength=n),
                         nuisance_registered_home=np.bincount(home, minlength=n),
                         nuisance_registered_outsiders=np.bincount(reg_place[reg_place != home], minlength=n),
                         nuisance_acts=acts.size, ambulant_presence_mean=float(presence.mean()))

    def close_year(self, model, year) -> None:
        """Problematic groups, the share registered from elsewhere, nuisance acts per youth by group."""
        year.set("problem_groups", int(self.problem_group.sum()))
        book = model.network.book
        year.set("problem_groups_at_place",
                 np.bincount(book.place[:self.problem_group.size][self.problem_group],
                             minlength=self.n_wijk).astype(float), "per_wijk")
        total = year.sums["nuisance_registered"]
        year.set("nuisance_registered_outsider_share",
                 year.sums["nuisance_registered_outsiders"] / total if total else 0.0)
        acts = model.y.nuisance_acts_year
        year.set("nuisance_acts_per_youth", np.array([float(acts[m].mean()) if m.any() else 0.0
                                                      for m in year.groups]), "per_group")
