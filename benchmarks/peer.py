"""The peer: an idiomatic per-agent Mesa implementation of jwsim's weekly rules.

One ``mesa.Agent`` per youth with its state as attributes (factor lists, care level, relation, friends as
a list of agents), ``AgentSet.shuffle_do`` for the agents' stages and Python's ``random`` per agent, the
way a Mesa model is usually written. It starts from the state of a real :class:`JwsimModel` (population,
friendships, street groups, allocation, reference values) and runs weeks within a year (the yearly
re-formation of groups and reallocation are not part of the weekly rules measured here).

Stages per week, mirroring the model's step order (model/model.py):
 1. ``grow_older`` — demography (birthday: move out, leave at 24 and a newcomer enters the slot, school
    transitions) and life events;
 2. the model sums the contact weights per wijk and per school; ``work`` — youth-work contacts, relation,
    factor gains, signals, programme countdown;
 3. the model fills free IB and SWF places with the highest-need candidates; ``advance`` — programme
    gains, factor dynamics (peers from last week's delinquency of the friends and the street group),
    scores, jeugdhulp, nuisance, crime and school.
"""

from __future__ import annotations

import time
from collections import Counter

import mesa

from jwsim.model.model import JwsimModel
from jwsim.model.population import R_MENTAL, R_PEERS
from jwsim.model.processes.youthwork import IB, SWF

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
        self.risk_ref, self.protect_ref = source.risk_ref, source.protect_ref
        self.delinquency_ref, self.signal_threshold = source.delinquency_ref, source.signal_threshold
        p, d = self.p, source.demography
        self.demo = {"out_prob": d.out_prob, "dest_cdf": d.dest_cdf, "n_wijk": d.n_wijk,
                     "male_share": d.male_share, "pro_share": d.pro_share, "vso_share": d.vso_share,
                     "school_cdfs": d.school_cdfs,
                     "vuln_intercept": source.y.vuln_intercept, "vuln_center": source.y.vuln_dep_center}
        le = source.life_events
        self.le = {"family": le.p_family, "debt": le.p_debt, "online": le.p_online, "shock": float(le.shock)}
        f = source.factors
        self.fa = {"kappa": float(f.kappa), "coupling": float(f.coupling), "noise_sd": float(f.noise_sd),
                   "peer_w": float(f.peer_w)}
        j = source.jeugdhulp
        self.jh = {"h_entry": j.h_entry, "h_exit": list(j.h_exit), "h_escalate": j.h_escalate}
        c = source.crime
        self.cr = {"h_halt": c.h_halt, "h_susp_minor": c.h_susp_minor, "h_susp_adult": c.h_susp_adult,
                   "h_growth": c.h_growth, "ny": 1.0}
        s = source.school
        self.sc = {"h_vo": s.h_vo, "h_mbo": s.h_mbo, "h_return": s.h_return,
                   "motivation_ref": s.motivation_ref}
        yw = source.youthwork
        self.vak_level = dict(yw.vak_level)
        self.invest_level = yw.invest_level
        self.yw: dict = {}
        self.nu: dict = {}
        self.group_sums: dict = {}
        self.counts: Counter = Counter()
        self._debt_full = p["debt_base_18_23"]
        # Agents: one per youth, state copied from the source's arrays into attributes.
        y = source.y
        agents = []
        for i in range(y.n):
            state = {
                "slot": i, "wijk": int(y.wijk[i]), "age_weeks": int(y.age_weeks[i]),
                "age": int(source.age[i]), "male": bool(y.male[i]), "vulnerable": bool(y.vulnerable[i]),
                "jv": bool(y.jv[i]), "student": bool(y.student[i]), "school_type": int(y.school_type[i]),
                "school": int(y.school[i]),
                "street_propensity": float(y.street_propensity[i]), "P": [float(x) for x in y.P[i]],
                "P_base": [float(x) for x in y.P_base[i]], "R": [float(x) for x in y.R[i]],
                "R_base": [float(x) for x in y.R_base[i]], "relation": float(y.relation[i]),
                "signalled": bool(y.signalled[i]), "signal_until": int(y.signal_until[i]),
                "jh_level": int(y.jh_level[i]), "jh_weeks": int(y.jh_weeks[i]),
                "jh_year_any": bool(y.jh_year_any[i]),
                "jh_year_stay": bool(y.jh_year_stay[i]), "crime_stage": int(y.crime_stage[i]),
                "suspect_year": bool(y.suspect_year[i]), "dropout": bool(y.dropout[i]),
                "nuisance_acts_year": float(y.nuisance_acts_year[i]), "programme": int(y.programme[i]),
                "programme_weeks_left": int(y.programme_weeks_left[i]),
                "programme_year": int(y.programme_year[i]),
                "group": int(y.group[i]), "tw": float(yw.tw[i]), "tw_amb": float(yw.tw_amb[i]),
                "risk": float(source.risk_score[i]), "protect": float(source.protect_score[i]),
                "delinquency": float(source.delinquency[i]), "delinquency_last": 0.0, "u_prog": 0.0,
            }
            agents.append(Youth(self, state))
        W = source.W.tocsr()
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
        for org in ("bk10", "jc"):
            self.vak_level[org] += (yw.vak_target[org] - self.vak_level[org]) / 52.0
        self.invest_level += (yw.invest_target - self.invest_level) / 52.0
        saved = dict(yw.vak_level), yw.invest_level
        yw.vak_level, yw.invest_level = dict(self.vak_level), self.invest_level
        try:
            return yw.effectiveness()
        finally:
            yw.vak_level, yw.invest_level = saved

    def youth_work_rates(self) -> None:
        """Contact rates per wijk and per school from the sums of the agents' weights."""
        src, p, yw = self.src, self.p, self.src.youthwork
        e_bk, e_jc, e_amb = self.effectiveness()
        n_w, n_s = yw.n_wijk, yw.school_pupils.shape[0]
        den_a, den_w = [0.0] * n_w, [0.0] * n_w
        tw_pupils, res = [0.0] * n_s, [0] * n_s
        for a in self.agents:
            den_a[a.wijk] += a.street_weight()
            den_w[a.wijk] += a.reach_weight()
            if a.school >= 0:
                tw_pupils[a.school] += a.tw
                res[a.school] += 1
        amb = yw.ambulant_hours_per_wijk(src, self.t)
        wijk_h = yw.wijk_hours * yw.wijk_share
        school_week = bool(src.calendar.school_week[self.t])
        per_tw = [res[s] / (tw_pupils[s] * yw.school_pupils[s]) if tw_pupils[s] > 0 else 0.0
                  for s in range(n_s)]
        # The weight sums count agents; one agent stands for `scale` youths: contacts per youth.
        cph_a = p["ambulant_contacts_per_hour"] / self.scale
        cph_w = p["wijk_contacts_per_hour"] / self.scale
        self.yw = {
            "rate_a": [amb[w] * cph_a / den_a[w] if den_a[w] > 0 else 0.0 for w in range(n_w)],
            "rate_w": [wijk_h[w] * cph_w / den_w[w] if den_w[w] > 0 else 0.0 for w in range(n_w)],
            "rate_s": [yw.sjw_school_hours[s] * p["sjw_contacts_per_hour"] * per_tw[s] for s in range(n_s)],
            "rate_v": [yw.vso_school_hours[s] * p["sjw_contacts_per_hour"] * per_tw[s] for s in range(n_s)],
            "school_week": school_week, "sjw_dose": [float(x) for x in yw.sjw_dose],
            "gain": {"ambulant": p["contact_gain_ambulant"] * e_amb, "sjw": p["contact_gain_sjw"] * e_bk,
                     "wijk": p["contact_gain_wijk"] * e_bk, "vso": p["contact_gain_sjw"] * e_jc},
            "ib_gain": p["ib_weekly_gain"] * e_bk, "swf_gain": p["ib_weekly_gain"] * e_jc, "e_amb": e_amb,
        }

    def intake(self) -> None:
        """Fill free IB and SWF places with the highest-need candidates known to youth work."""
        p, yw = self.p, self.src.youthwork
        agents = list(self.agents)
        ib = sum(1 for a in agents if a.programme == IB)
        swf = sum(1 for a in agents if a.programme == SWF)
        free_ib = yw.ib_slots - ib
        if free_ib > 0:
            cand = [a for a in agents if a.programme == 0 and not a.student and a.jh_level < 3
                    and (a.relation >= p["meaningful_relation"] or a.signalled)]
            cand.sort(key=lambda a: (-(a.risk + 0.3 * (a.jh_level > 0) + 0.2 * a.vulnerable), a.slot))
            for a in cand[:free_ib]:
                a.start_programme(IB, p["ib_mean_weeks"])
            self.counts["ib_intake"] += len(cand[:free_ib])
        free_swf = yw.swf_slots - swf
        if free_swf > 0:
            cand = [a for a in agents if a.programme == 0 and not a.student and a.age >= 12 and a.jh_level < 3
                    and ((a.jv and a.relation >= 0.1) or a.dropout)]
            cand.sort(key=lambda a: (-(a.delinquency + 0.5 * a.dropout), a.slot))
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
        amb = src.youthwork.ambulant_hours_per_wijk(src, self.t)
        e_amb = self.yw["e_amb"]
        presence = [min(p["ambulant_presence_effect"] * e_amb * h / (h + p["ambulant_presence_half_hours"]),
                        0.9)
                    for h in amb]
        self.nu = {"presence": presence, "calendar": src.nuisance.calendar_multiplier(src, self.t),
                   "problem_group": [bool(x) for x in src.nuisance.problem_group]}
        self.cr["ny"] = 3.0 if src.calendar.new_year[self.t] else 1.0

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
