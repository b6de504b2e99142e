"""The peer: an idiomatic per-agent Mesa implementation of jwsim's weekly rules.

One ``mesa.Agent`` per youth with its state as attributes (factor lists, care level, relation, friends as
a list of agents), ``AgentSet.shuffle_do`` for the agents' stages and Python's ``random`` per agent, the
way a Mesa model is usually written. It starts from the state of a real :class:`JwsimModel` (population,
friendships, street groups, allocation, reference values) and runs weeks within a year (the yearly
update of the street groups and reallocation are not part of the weekly rules measured here).

Stages per week, mirroring the model's step order (model/model.py):
 1. ``grow_older`` — demography (birthday: move out, leave at 24 and a newcomer enters the slot, school
    transitions) and life events;
 2. the model sums the contact weights per wijk and per school; ``work`` — youth-work contacts, relation,
    exposures, signals, programme countdown;
 3. the model fills free IB and SWF places with the highest-need candidates; ``advance`` — programme
    exposures, factor dynamics (peers from last week's delinquency of the friends and the street group),
    scores, need, jeugdhulp (detection and care), nuisance, crime and school.
"""

from __future__ import annotations

import time
from collections import Counter

import mesa
import numpy as np

from jwsim.model.model import JwsimModel
from jwsim.model.numerics import TINY
from jwsim.model.params import weekly
from jwsim.model.population import (
    AGE_MAX,
    AGE_MIN,
    AGE_SECONDARY,
    MBO,
    P_SCHOOLMOTIVATIE,
    PRO,
    R_MENTAL,
    R_PEERS,
    VO,
)
from jwsim.model.processes.contact_forms import FORMS, SCHOOL
from jwsim.model.processes.jeugdhulp import STAY
from jwsim.model.processes.programmes import IB, SWF
from jwsim.model.processes.scores import risk_weights
from jwsim.model.processes.youthwork import WIJK_PART_FORMS

from .peer_agent import Youth


class PeerModel(mesa.Model):
    """Per-agent Mesa model started from the current state of a :class:`JwsimModel`.

    Args:
        source: a real model, stepped to the week where the peer starts (it is not changed).
        seed: seed of the peer's random numbers.

    """

    def __init__(self, source: JwsimModel, seed: int = 1) -> None:
        super().__init__(rng=seed)
        self.src = source
        self.p = source.params
        self.inputs = source.inputs
        self.t = source.week_index
        self.scale = source.scale
        sc = source.scores
        self.risk_ref, self.protect_ref = sc.risk_ref, sc.protect_ref
        self.delinquency_ref, self.signal_threshold = sc.delinquency_ref, sc.signal_threshold
        self.risk_weights = [float(w) for w in risk_weights(self.p)]
        # A newcomer takes every declared state's start value (the states of the model's processes).
        self.newcomer_values = [(s.name, s.init) for proc in source.processes for s in type(proc).states
                                if s.init is not None]
        p, d, school = self.p, source.demography, source.school
        self.demo = {"out_prob": d.out_prob, "dest_cdf": d.dest_cdf, "n_wijk": d.n_wijk,
                     "male_share": d.male_share, "pro_share": school.pro_share, "vso_share": school.vso_share,
                     "school_cdfs": school.school_cdfs,
                     "vuln_intercept": source.y.vuln_intercept, "vuln_center": source.y.vuln_dep_center}
        le = source.life_events
        self.le = {"family": le.p_family, "debt": le.p_debt, "online": le.p_online, "shock": float(le.shock),
                   "shock_mental": float(le.shock_mental), "vulnerable_ratio": le.vulnerable_ratio}
        f = source.factors
        self.fa = {"kappa": float(f.kappa), "coupling": float(f.coupling), "noise_sd": float(f.noise_sd),
                   "peer_w": float(f.peer_w), "family_mental": float(f.family_mental),
                   "peer_speed": float(f.peer_speed), "shift": f.shift.tolist(),
                   "k_relation": float(f.k_relation)}
        ne = source.need
        ages = np.arange(AGE_MIN, AGE_MAX + 1)
        self.ne = {"coef": [float(x) for x in ne.coef[:3]], "h_esc": ne.h_esc,
                   "h_rem": [float(x) for x in ne.h_rem], "sd_p": ne.sd_p,
                   # weekly onset at mean scores by age and sex: index [male][age - AGE_MIN]
                   "onset": [ne.onset_base(ages, np.full(ages.size, male)).tolist()
                             for male in (False, True)]}
        j = source.jeugdhulp
        self.jh = {"h_self": list(j.h_self), "h_school": j.h_school, "h_buurtteam": j.h_buurtteam,
                   "h_end": j.h_end, "h_up": j.h_up}
        self.jh_weekly_remission = weekly(p["need_remission_per_year"])
        self.jh_school_week = False
        c = source.crime
        self.cr = {"h_halt": c.h_halt, "h_susp_minor": c.h_susp_minor, "h_susp_adult": c.h_susp_adult,
                   "h_growth": c.h_growth, "ny": 1.0}
        s = source.school
        self.sc = {"h_vo": s.h_vo, "h_mbo": s.h_mbo, "h_return": s.h_return,
                   "motivation_ref": s.motivation_ref}
        yw = source.youthwork
        reach = yw.reach
        self.vak_level = dict(yw.vak_level)
        self.invest_level = yw.invest_level
        self.quality: dict = {}
        self.yw: dict = {}
        self.nu: dict = {}
        self.group_sums: dict = {}
        self.counts: Counter = Counter()
        self._debt_full = p["debt_base_18_23"]
        # Agents: one per youth, every state the model's processes declare copied into attributes (Python
        # numbers; a factor matrix as a list per youth), plus the peer's own names for the scores.
        y = source.y
        columns = {s.name: getattr(y, s.name).tolist() for proc in source.processes
                   for s in type(proc).states}
        columns.update(tw=reach.tw.tolist(), tw_amb=reach.tw_amb.tolist(), risk=columns.pop("risk_score"),
                       protect=columns.pop("protect_score"))
        agents = []
        for i in range(y.n):
            state = {name: values[i] for name, values in columns.items()}
            state.update(slot=i, delinquency_last=0.0, u_prog=0.0)
            agents.append(Youth(self, state))
        W = source.network.W.tocsr()
        for i, a in enumerate(agents):
            a.friends = [agents[j] for j in W.indices[W.indptr[i]:W.indptr[i + 1]]]

    def debt_age_level(self, age: int) -> float:
        """Age level of debt stress (population.debt_age_level)."""
        return self._debt_full if age >= 18 else 0.4 * self._debt_full if age >= 16 else 0.0

    # ------------------------------------------------------------------ the week
    def step(self) -> None:
        """One week: the three agent stages with the model's sums in between."""
        self.counts = Counter()
        self.agents.shuffle_do("grow_older")
        self.youth_work_rates()
        self.agents.shuffle_do("work")
        self.intake()
        self.outcome_inputs()
        self.agents.shuffle_do("advance")
        self.t += 1

    def effectiveness(self) -> tuple[float, float, float]:
        """Vakmanschap and investment levels build up weekly (youthwork.YouthWork.step)."""
        yw = self.src.youthwork
        buildup = self.p["vakmanschap_buildup_weeks"]
        for org in ("bk10", "jc"):
            self.vak_level[org] += (yw.vak_target[org] - self.vak_level[org]) / buildup
        self.invest_level += (yw.invest_target - self.invest_level) / buildup
        saved = dict(yw.vak_level), yw.invest_level
        yw.vak_level, yw.invest_level = dict(self.vak_level), self.invest_level
        try:
            self.quality = yw.signal_quality()
            return yw.effectiveness()
        finally:
            yw.vak_level, yw.invest_level = saved

    def youth_work_rates(self) -> None:
        """Contact rates per wijk and per school from the sums of the agents' weights."""
        src, p, yw = self.src, self.p, self.src.youthwork
        e_bk, e_jc, e_amb = self.effectiveness()
        effectiveness = {"ambulant": e_amb, "bk10": e_bk, "jc": e_jc}
        n_w, n_s = yw.n_wijk, yw.reach.school_pupils.shape[0]
        wijk_weights = {form.weight for form in FORMS if form.unit != SCHOOL}
        den = {name: [0.0] * n_w for name in wijk_weights}
        tw_pupils, res = [0.0] * n_s, [0] * n_s
        for a in self.agents:
            for name in wijk_weights:
                den[name][a.wijk] += a.weight(name)
            if a.school >= 0:
                tw_pupils[a.school] += a.tw
                res[a.school] += 1
        self.places_week = src.places.week_arrays(self.t)
        mix = self.places_week[2].tolist()
        hours = {"ambulant": yw.ambulant_hours_per_wijk(src, self.t, self.places_week[2]),
                 "sjw": yw.sjw_school_hours,
                 "vso": yw.vso_school_hours, "po": yw.po_hours * yw.reach.wijk_share}
        for form, share in zip(WIJK_PART_FORMS, yw.wijk_parts, strict=True):
            hours[form] = share * yw.wijk_per_wijk
        # The team is at places: the street weight present at a place is each home wijk's weight x its
        # share of time there; a youth meets the team wherever it is (the week's street-age mix).
        d = den["street_w"]
        present = [sum(d[h] * mix[h][j] for h in range(n_w)) for j in range(n_w)]
        per_weight = [hours["ambulant"][j] / present[j] if present[j] > TINY else 0.0 for j in range(n_w)]
        per_tw = [res[s] / (tw_pupils[s] * yw.reach.school_pupils[s]) if tw_pupils[s] > 0 else 0.0
                  for s in range(n_s)]
        rates = {}
        for form in FORMS:
            h, cph = hours[form.name], p[form.contacts_per_hour]
            if form.unit == SCHOOL:
                rates[form.name] = [h[s] * cph * per_tw[s] for s in range(n_s)]
            elif form.name == "ambulant":  # per youth: the team's hours per weight where the youth is
                rates[form.name] = [cph / self.scale * sum(mix[w][j] * per_weight[j] for j in range(n_w))
                                    for w in range(n_w)]
            elif form.school_weeks_only and not src.calendar.school_week[self.t]:  # primary school: closed
                rates[form.name] = [0.0] * n_w
            else:  # the weight sums count agents; one agent stands for `scale` youths: contacts per youth
                d = den[form.weight]
                rates[form.name] = [h[w] * cph / self.scale / d[w] if d[w] > 0 else 0.0 for w in range(n_w)]
        self.yw = {
            "rates": rates, "school_week": bool(src.calendar.school_week[self.t]),
            "sjw_dose": [float(x) for x in yw.sjw_dose],
            "gain": {form.name: min(p["exposure_gain_per_contact"] * effectiveness[form.effectiveness], 1.0)
                     for form in FORMS},
            "quality": {form.name: self.quality.get(form.effectiveness, 1.0) for form in FORMS},
            "keep_exposure": 1.0 - p["exposure_fade_per_week"], "e_amb": e_amb,
        }

    def intake(self) -> None:
        """Fill free IB and SWF places with the highest-need candidates known to youth work."""
        p, prog = self.p, self.src.youthwork.programmes
        agents = list(self.agents)
        ib = sum(1 for a in agents if a.programme == IB)
        swf = sum(1 for a in agents if a.programme == SWF)
        free_ib = prog.ib_slots - ib
        if free_ib > 0:
            cand = [a for a in agents if a.programme == 0 and not a.student and a.jh_level < STAY
                    and (a.relation >= p["meaningful_relation"] or a.signalled)]
            cand.sort(key=lambda a: (-(a.risk + p["ib_intake_in_care_bonus"] * (a.jh_level > 0)
                                       + p["ib_intake_vulnerable_bonus"] * a.vulnerable), a.slot))
            for a in cand[:free_ib]:
                a.start_programme(IB, p["ib_mean_weeks"])
            self.counts["ib_intake"] += len(cand[:free_ib])
        free_swf = prog.swf_slots - swf
        if free_swf > 0:
            ref = self.sc["motivation_ref"]

            def eligible(a) -> bool:
                at_risk = (a.school_type in (VO, PRO, MBO)
                           and ref - a.P[P_SCHOOLMOTIVATIE] >= p["swf_at_risk_motivation_gap"])
                return ((a.jv and (at_risk or a.dropout or a.jh_level > 0))
                        or (a.dropout and a.vulnerable))

            cand = [a for a in agents if a.programme == 0 and not a.student and a.age >= AGE_SECONDARY
                    and a.jh_level < STAY and eligible(a)]
            cand.sort(key=lambda a: (-(ref - a.P[P_SCHOOLMOTIVATIE] + a.delinquency
                                       + p["swf_intake_dropout_bonus"] * a.dropout
                                       + p["swf_intake_in_care_bonus"] * (a.jh_level > 0)), a.slot))
            for a in cand[:free_swf]:
                a.start_programme(SWF, p["swf_mean_weeks"])
            self.counts["swf_intake"] += len(cand[:free_swf])

    def outcome_inputs(self) -> None:
        """Last week's delinquency (peers), street-group sums, ambulant presence, calendar."""
        src, p = self.src, self.p
        sums: dict[int, list] = {}
        for a in self.agents:
            a.delinquency_last = a.delinquency
            if a.group >= 0:
                s = sums.setdefault(a.group, [0.0, 0])
                s[0] += a.delinquency
                s[1] += 1
        self.group_sums = {g: (s, c) for g, (s, c) in sums.items()}
        amb = src.youthwork.ambulant_hours_per_wijk(src, self.t, self.places_week[2])
        e_amb = self.yw["e_amb"]
        presence = [min(p["ambulant_presence_effect"] * e_amb * h / (h + p["ambulant_presence_half_hours"]),
                        p["nuisance_presence_cap"])
                    for h in amb]
        cells, mult = self.places_week[0], self.places_week[1]
        self.nu = {"presence": presence, "calendar": src.nuisance.calendar_multiplier(src, self.t),
                   "problem_group": [bool(x) for x in src.nuisance.problem_group],
                   "cells": cells.tolist(), "mult": mult.tolist(),
                   "group_place": [int(x) for x in src.network.book.place]}
        self.cr["ny"] = p["halt_new_year_multiplier"] if src.calendar.new_year[self.t] else 1.0
        self.jh_school_week = bool(src.calendar.school_week[self.t])

    def summary(self) -> dict[str, float]:
        """State means and stocks (compared with the array model by the agreement test)."""
        agents = list(self.agents)
        n = len(agents)
        return {
            "protective_mean": sum(a.protect for a in agents) / n,
            "mental_mean": sum(a.R[R_MENTAL] for a in agents) / n,
            "peers_mean": sum(a.R[R_PEERS] for a in agents) / n,
            "relation_mean": sum(a.relation for a in agents) / n,
            "in_care": sum(1 for a in agents if a.jh_level > 0),
            "dropouts_stock": sum(1 for a in agents if a.dropout),
            "programme": sum(1 for a in agents if a.programme > 0),
        }

    def release(self) -> None:
        """Free the agents (Mesa 3.3.1 keeps every model that created agents alive otherwise)."""
        self.remove_all_agents()
        getattr(mesa.Agent, "_ids", {}).pop(self, None)


def run_peer(source: JwsimModel, weeks: int, seed: int = 1) -> tuple[list[Counter], dict[str, float], dict]:
    """Build the peer from ``source`` and run ``weeks`` weeks.

    Returns:
        weekly event counts, the final state summary, and timings: ``build_s``, ``run_s`` (wall) and
        ``cpu_run_s`` (CPU time of this thread for the weeks).

    """
    t0 = time.perf_counter()
    peer = PeerModel(source, seed=seed)
    t1, c1 = time.perf_counter(), time.thread_time()
    counts = []
    for _ in range(weeks):
        peer.step()
        counts.append(peer.counts)
    t2, c2 = time.perf_counter(), time.thread_time()
    summary = peer.summary()
    peer.release()
    return counts, summary, {"build_s": t1 - t0, "run_s": t2 - t1, "cpu_run_s": c2 - c1}
