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

import math
from collections import Counter

import mesa
import numpy as np
from jwsim.model.model import RISK_WEIGHTS, JwsimModel
from jwsim.model.population import (
    AGE_MAX,
    AGE_MIN,
    HBO_WO,
    MBO,
    N_P,
    N_R,
    NONE,
    P_NORMEN,
    P_SCHOOLMOTIVATIE,
    PO,
    PRO,
    R_DEBT,
    R_FAMILY,
    R_LONELY,
    R_MENTAL,
    R_ONLINE,
    R_PEERS,
    VO,
    VSO,
    WEEKS_PER_YEAR,
    WORK,
)
from jwsim.model.processes.youthwork import GAIN_IDX, IB, IB_WEIGHTS, SWF, SWF_WEIGHTS

RISK_W = [float(w) for w in RISK_WEIGHTS]
FORMS = ("ambulant", "sjw", "wijk", "vso")


def _clip(x: float) -> float:
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


class Youth(mesa.Agent):
    """One youth aged 10-23."""

    def __init__(self, model: PeerModel, state: dict) -> None:
        super().__init__(model)
        self.__dict__.update(state)
        self.friends: list[Youth] = []

    # ------------------------------------------------------------------ stage 1
    def grow_older(self) -> None:
        """Demography and life events."""
        m = self.model
        self.age_weeks += 1
        if self.age_weeks % WEEKS_PER_YEAR == 0:
            self.birthday()
        self.life_events()

    def birthday(self) -> None:
        """Move out, leave at 24 (a newcomer takes the place), or school transition."""
        m, d = self.model, self.model.demo
        age = self.age_weeks // WEEKS_PER_YEAR
        offset = min(age - AGE_MIN, AGE_MAX - AGE_MIN)
        moving_out = age <= AGE_MAX and self.random.random() < d["out_prob"][self.wijk, offset]
        if age > AGE_MAX or moving_out:
            m.counts["left"] += 1
            self.enter_as_newcomer()
            return
        self.age = age
        if age == 18 and not self.student and self.random.random() < m.p["local_student_share_18"]:
            self.student = True
        if age in (12, 16, 18):
            new_type = self.school_type_for_age(age)
            if self.dropout and new_type != HBO_WO:
                new_type = NONE
            self.school_type = new_type
            self.school = self.choose_school()
            self.dropout = self.dropout and new_type == NONE

    def school_type_for_age(self, age: int) -> int:
        """As population.school_type_for_age, for one youth."""
        m, p = self.model, self.model.p
        u, u2 = self.random.random(), self.random.random()
        mult = 3.0 if self.vulnerable else 0.5
        p_vso, p_pro = m.demo["vso_share"] * mult, m.demo["pro_share"] * mult
        vo_kind = VSO if u2 < p_vso else PRO if u2 < p_vso + p_pro else VO
        if self.student and age >= 18:
            return HBO_WO
        if age >= 18:
            neet_p = p["neet_share_18_23"] * (2.0 if self.vulnerable else 0.75)
            return NONE if u < neet_p else MBO if u < neet_p + p["mbo_share_18_23"] else WORK
        if 12 <= age <= 17:
            if 16 <= age and vo_kind == VO and u < p["mbo_share_16_17"]:
                return MBO
            return vo_kind
        return PO

    def choose_school(self) -> int:
        """A Nijmegen school location for VO/PRO/VSO pupils (or -1)."""
        m = self.model
        cdf = m.demo["school_cdfs"].get(self.school_type)
        u_in, u_pick = self.random.random(), self.random.random()
        if cdf is None or u_in >= m.p["vo_in_city_share"]:
            return -1
        row = cdf[self.wijk]
        return int(sum(1 for c in row if c < u_pick))

    def enter_as_newcomer(self) -> None:
        """A 10-year-old or an in-migrant takes this place."""
        m, d, p, r = self.model, self.model.demo, self.model.p, self.random
        dest = min(int(np.searchsorted(d["dest_cdf"], r.random())), len(d["dest_cdf"]) - 1)
        offset, wijk = divmod(dest, d["n_wijk"])
        age = AGE_MIN + offset
        self.wijk, self.age, self.age_weeks = wijk, age, age * WEEKS_PER_YEAR
        self.male = r.random() < d["male_share"][wijk, offset]
        self.student = age >= 18 and r.random() < p["inmigrant_student_share"]
        dep = float(m.inputs.deprivation[wijk])
        pv = 1 / (1 + math.exp(-(d["vuln_intercept"] + p["vulnerable_deprivation_logit_slope"]
                                 * (dep - d["vuln_center"]))))
        self.vulnerable = r.random() < pv and not self.student
        pj = p["jv_share_vulnerable_boys"] if self.vulnerable else p["jv_share_other_boys"]
        if not self.male:
            pj *= p["jv_girls_relative"]
        self.jv = r.random() < pj and not self.student
        self.school_type = self.school_type_for_age(age)
        self.school = self.choose_school()
        self.dropout = False
        self.relation = 0.0
        self.nuisance_acts_year = 0.0
        self.signalled = self.jh_year_any = self.jh_year_stay = self.suspect_year = False
        self.signal_until = self.jh_level = self.jh_weeks = self.crime_stage = 0
        self.programme = self.programme_weeks_left = self.programme_year = 0
        self.group = -1
        # Personal state (population.draw_personal_state).
        sd = p["protective_individual_sd"]
        common = r.gauss(0, sd * 0.7)
        pb = 0.62 + p["protective_vulnerable_shift"] * self.vulnerable + p["protective_deprivation_shift"] * dep
        self.P_base = [min(max(pb + common + r.gauss(0, sd * 0.7), 0.02), 0.98) for _ in range(N_P)]
        self.P = list(self.P_base)
        vul, girl = self.vulnerable, not self.male
        rb = [0.0] * N_R
        rb[R_MENTAL] = p["mental_strain_base"] + p["mental_strain_girls"] * girl + 0.06 * vul + r.gauss(0, 0.12)
        rb[R_LONELY] = p["loneliness_base"] + 0.05 * vul + r.gauss(0, 0.12)
        rb[R_FAMILY] = 0.25 + 0.2 * vul + r.gauss(0, 0.1)
        rb[R_DEBT] = 0.1 * vul + r.gauss(0, 0.12)
        rb[R_ONLINE] = 0.25 + 0.05 * vul + r.gauss(0, 0.1)
        self.R_base = [_clip(x) for x in rb]
        self.R = list(self.R_base)
        self.R[R_DEBT] = _clip(self.R_base[R_DEBT] + m.debt_age_level(age))
        street = 0.2 + 0.35 * self.jv + 0.12 * vul + 0.08 * self.male + 0.06 * dep + r.gauss(0, 0.1)
        self.street_propensity = _clip(street)

    def life_events(self) -> None:
        """Family crisis, debt shock (16+), online incident: competing risks, one uniform."""
        m = self.model
        pf = m.le["family"] * (2.5 if self.vulnerable else 1.0)
        pd = m.le["debt"] if self.age_weeks >= 16 * WEEKS_PER_YEAR else 0.0
        u = self.random.random()
        shock = m.le["shock"]
        if u < pf:
            self.R[R_FAMILY] = _clip(self.R[R_FAMILY] + shock)
            self.R[R_MENTAL] = _clip(self.R[R_MENTAL] + shock / 3)
        elif u < pf + pd:
            self.R[R_DEBT] = _clip(self.R[R_DEBT] + shock)
        elif u < pf + pd + m.le["online"]:
            self.R[R_ONLINE] = _clip(self.R[R_ONLINE] + shock)

    # ------------------------------------------------------------------ weights used by the model's sums
    def street_weight(self) -> float:
        """Ambulant reach weight."""
        if not 12 <= self.age <= 21:
            return 0.0
        return self.street_propensity * (0.3 if self.student else 1.0) * self.tw_amb

    def reach_weight(self) -> float:
        """Wijk-work reach weight."""
        return self.tw * (0.1 if self.student else 1.0)

    # ------------------------------------------------------------------ stage 2
    def work(self) -> None:
        """Youth-work contact (competing forms), relation, gains, signal; programme countdown."""
        m, p, yw = self.model, self.model.p, self.model.yw
        probs = [1 - math.exp(-yw["rate_a"][self.wijk] * self.street_weight()), 0.0,
                 1 - math.exp(-yw["rate_w"][self.wijk] * self.reach_weight()), 0.0]
        if yw["school_week"] and self.school >= 0:
            probs[1] = 1 - math.exp(-yw["rate_s"][self.school] * self.tw)
            probs[3] = 1 - math.exp(-yw["rate_v"][self.school] * self.tw)
        u = self.random.random()
        form, lower = -1, 0.0
        for k, q in enumerate(probs):
            if u < lower + q:
                form = k
                break
            lower += q
        if form >= 0 or self.programme > 0:
            self.relation += p["relation_gain_per_contact"] * (1.0 - self.relation)
        else:
            self.relation *= 1.0 - p["relation_decay_per_week"]
        if form >= 0:
            name = FORMS[form]
            m.counts[f"contacts_{name}"] += 1
            gain = yw["gain"][name]
            if name == "sjw":
                gain *= yw["sjw_dose"][self.school]
            for c in GAIN_IDX[name]:
                self.P[c] += gain
            v = (u - lower) / probs[form]
            q = p["signal_per_contact"] * self.relation
            if name == "sjw":
                q *= yw["sjw_dose"][self.school]
            if v < q and self.risk > m.signal_threshold and self.jh_level == 0:
                self.signal_until = m.t + int(p["signal_weeks"])
                m.counts["signals"] += 1
        self.signalled = self.signal_until > m.t
        self.u_prog = self.random.random()
        if self.programme > 0:
            self.programme_weeks_left -= 1
            if self.programme_weeks_left <= 0 or self.jh_level == 3:
                self.programme = self.programme_weeks_left = 0

    def start_programme(self, kind: int, mean_weeks: float) -> None:
        """Start IB or SWF with a geometric duration."""
        u = min(self.u_prog, 0.999999)
        self.programme = kind
        self.programme_weeks_left = max(4, math.ceil(-math.log1p(-u) * mean_weeks))

    # ------------------------------------------------------------------ stage 3
    def advance(self) -> None:
        """Programme gains, factor dynamics, scores and the outcome processes."""
        self.programme_gains()
        self.factor_dynamics()
        self.update_scores()
        self.jeugdhulp()
        self.nuisance()
        self.crime()
        self.school_step()

    def programme_gains(self) -> None:
        """Weekly IB/SWF guidance gains (IB includes financial coaching from 16)."""
        m = self.model
        if self.programme == IB:
            g = m.yw["ib_gain"]
            self.P = [x + g * w for x, w in zip(self.P, IB_WEIGHTS, strict=True)]
            if self.age >= 16:
                self.R[R_DEBT] = max(self.R[R_DEBT] - 0.01, 0.0)
            self.programme_year |= 1
        elif self.programme == SWF:
            g = m.yw["swf_gain"]
            self.P = [x + g * w for x, w in zip(self.P, SWF_WEIGHTS, strict=True)]
            self.programme_year |= 2
        self.P = [min(x, 1.0) for x in self.P]

    def factor_dynamics(self) -> None:
        """Relaxation, protection-risk coupling, noise, peer influence."""
        m, f = self.model, self.model.fa
        k = f["kappa"]
        self.P = [x + k * (b - x) for x, b in zip(self.P, self.P_base, strict=True)]
        lift = sum(self.P) / N_P - sum(self.P_base) / N_P
        R, Rb = self.R, self.R_base
        family_excess = R[R_FAMILY] - Rb[R_FAMILY]
        target_m = Rb[R_MENTAL] - f["coupling"] * lift + 0.3 * family_excess
        target_l = Rb[R_LONELY] - f["coupling"] * lift
        R[R_MENTAL] += k * (target_m - R[R_MENTAL]) + f["noise_sd"] * self.random.gauss(0, 1)
        R[R_LONELY] += k * (target_l - R[R_LONELY]) + f["noise_sd"] * self.random.gauss(0, 1)
        for col in (R_FAMILY, R_ONLINE):
            R[col] += k * (Rb[col] - R[col])
        R[R_DEBT] += k * (Rb[R_DEBT] + m.debt_age_level(self.age) - R[R_DEBT])
        # Peers: mean of the friends' delinquency last week, mixed with the street group's mean.
        friends = sum(fr.delinquency_last for fr in self.friends) / len(self.friends) if self.friends else 0.0
        peers = friends
        if self.group >= 0:
            s, c = m.group_sums.get(self.group, (0.0, 0))
            peers = (1 - f["peer_w"]) * friends + f["peer_w"] * (s / max(c, 1))
        R[R_PEERS] += 4 * k * (peers - R[R_PEERS])
        self.R = [_clip(x) for x in R]

    def update_scores(self) -> None:
        """Risk, protection and delinquency scores."""
        self.risk = sum(w * x for w, x in zip(RISK_W, self.R, strict=True))
        self.protect = sum(self.P) / N_P
        self.delinquency = _clip(0.3 * self.R[R_PEERS] + 0.2 * (1.0 - self.P[P_NORMEN]) + 0.15 * self.R[R_FAMILY]
                                 + 0.2 * self.jv + 0.15 * (self.crime_stage > 0))

    def jeugdhulp(self) -> None:
        """Entry (with level), exit or escalation."""
        m, p, j = self.model, self.model.p, self.model.jh
        u = self.random.random()
        if self.jh_level == 0:
            base = j["h_entry"] * (p["jh_entry_adult_relative"] if self.age >= 18 else 1.0)
            x = (p["jh_risk_coefficient"] * (self.risk - m.risk_ref)
                 - p["jh_protective_coefficient"] * (self.protect - m.protect_ref))
            h = base * math.exp(x) * (1.0 - p["jh_relation_entry_effect"] * self.relation)
            if self.signalled:
                h *= p["jh_signal_acceleration"]
            h = min(h, 0.5)
            if u < h:
                v = u / h
                spec = min(p["jh_specialist_share_at_entry"] * math.exp(1.5 * (self.risk - m.risk_ref)), 0.9)
                if self.signalled:
                    spec *= 0.5
                    m.counts["jh_entries_signalled"] += 1
                stay = spec * p["jh_stay_share_of_specialist"]
                self.jh_level = 3 if v < stay else 2 if v < spec else 1
                self.jh_weeks = 0
                self.signalled = False
                self.signal_until = 0
                m.counts["jh_entries"] += 1
        else:
            h0 = j["h_exit"][self.jh_level] * (p["jh_exit_at_18_multiplier"] if self.age >= 18 else 1.0)
            h_exit = min(h0 * (1.0 + p["jh_relation_exit_effect"] * self.relation), 0.9)
            h_esc = j["h_escalate"] if self.jh_level == 1 else 0.15 * j["h_escalate"] if self.jh_level == 2 else 0.0
            h_esc *= 1.0 - p["jh_relation_entry_effect"] * self.relation
            if u < h_exit:
                self.jh_level = self.jh_weeks = 0
                m.counts["jh_exits"] += 1
            elif u < h_exit + h_esc:
                self.jh_level += 1
                m.counts["jh_escalations"] += 1
        if self.jh_level > 0:
            self.jh_weeks += 1
            self.jh_year_any = True
            self.jh_year_stay = self.jh_year_stay or self.jh_level == 3

    def nuisance(self) -> None:
        """Nuisance act (and whether the police registers it)."""
        m, p = self.model, self.model.p
        if self.age < 12 or self.student:
            self.random.random()
            return
        base = p["nuisance_acts_per_week_street"] * (1.0 if self.group >= 0 else p["nuisance_nonstreet_relative"])
        red = m.nu["presence"][self.wijk]
        if self.group >= 0 and m.nu["problem_group"][self.group]:
            red = 1.0 - (1.0 - red) * (1.0 - p["group_approach_effect"] * (red > 0))
        h = min(base * m.nu["calendar"] * math.exp(p["nuisance_risk_coefficient"] * (self.delinquency - m.delinquency_ref))
                * (1.0 - red), 0.9)
        u = self.random.random()
        if u < h:
            self.nuisance_acts_year += 1
            m.counts["nuisance_acts"] += 1
            if u < h * p["nuisance_report_share"]:
                m.counts["nuisance_registered_acts"] += 1

    def crime(self) -> None:
        """Halt, suspect registration, growth into crime: competing risks."""
        m, p, c = self.model, self.model.p, self.model.cr
        minor, adult = 12 <= self.age <= 17, self.age >= 18
        rel_factor = (1.0 - p["relation_crime_effect"] * self.relation) * (0.8 if self.programme == SWF else 1.0)
        risk = math.exp(p["crime_risk_coefficient"] * (self.delinquency - m.delinquency_ref)) * rel_factor
        h_halt = c["h_halt"] * c["ny"] * risk if minor else 0.0
        h_susp = (c["h_susp_minor"] if minor else c["h_susp_adult"] if adult else 0.0) * risk
        h_susp *= 4.0 if self.crime_stage == 2 else 1.0
        h_susp *= 0.3 if self.student else 1.0
        h_grow = 0.0
        if self.jv and self.crime_stage == 1:
            h_grow = c["h_growth"] * 8.0 * (1.0 - self.protect) * self.R[R_PEERS] * rel_factor
        u = self.random.random()
        if u < h_halt:
            self.crime_stage = max(self.crime_stage, 1)
            m.counts["halt"] += 1
        elif u < h_halt + h_susp:
            if not self.suspect_year:
                m.counts["suspects_new"] += 1
            self.suspect_year = True
            self.crime_stage = max(self.crime_stage, 1)
        elif u < h_halt + h_susp + h_grow:
            self.crime_stage = 2
            m.counts["grown"] += 1

    def school_step(self) -> None:
        """Dropout and return."""
        m, p, s = self.model, self.model.p, self.model.sc
        u = self.random.random()
        if self.dropout:
            h_ret = s["h_return"] + (p["swf_return_per_week"] if self.programme == SWF else 0.0)
            if u < h_ret:
                self.dropout = False
                self.school_type = MBO if self.age < 18 or u < h_ret / 2 else WORK
            return
        base = (s["h_vo"] if self.school_type in (VO, PRO, VSO) else s["h_mbo"] if self.school_type == MBO else 0.0)
        if base == 0.0:
            return
        x = p["dropout_risk_coefficient"] * ((s["motivation_ref"] - self.P[P_SCHOOLMOTIVATIE])
                                             + 0.5 * (self.risk - m.risk_ref))
        h = base * math.exp(x)
        if self.programme == SWF:
            h = h / (p["swf_dropout_odds_ratio"] * (1 - h) + h)
        if u < min(h, 0.5):
            self.dropout = True
            self.school_type = NONE
            self.school = -1
            m.counts["dropouts"] += 1


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
        self.demo = {"out_prob": d.out_prob, "dest_cdf": d.dest_cdf, "n_wijk": d.n_wijk, "male_share": d.male_share,
                     "pro_share": d.pro_share, "vso_share": d.vso_share, "school_cdfs": d.school_cdfs,
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
        self.sc = {"h_vo": s.h_vo, "h_mbo": s.h_mbo, "h_return": s.h_return, "motivation_ref": s.motivation_ref}
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
                "slot": i, "wijk": int(y.wijk[i]), "age_weeks": int(y.age_weeks[i]), "age": int(source.age[i]),
                "male": bool(y.male[i]), "vulnerable": bool(y.vulnerable[i]), "jv": bool(y.jv[i]),
                "student": bool(y.student[i]), "school_type": int(y.school_type[i]), "school": int(y.school[i]),
                "street_propensity": float(y.street_propensity[i]), "P": [float(x) for x in y.P[i]],
                "P_base": [float(x) for x in y.P_base[i]], "R": [float(x) for x in y.R[i]],
                "R_base": [float(x) for x in y.R_base[i]], "relation": float(y.relation[i]),
                "signalled": bool(y.signalled[i]), "signal_until": int(y.signal_until[i]),
                "jh_level": int(y.jh_level[i]), "jh_weeks": int(y.jh_weeks[i]), "jh_year_any": bool(y.jh_year_any[i]),
                "jh_year_stay": bool(y.jh_year_stay[i]), "crime_stage": int(y.crime_stage[i]),
                "suspect_year": bool(y.suspect_year[i]), "dropout": bool(y.dropout[i]),
                "nuisance_acts_year": float(y.nuisance_acts_year[i]), "programme": int(y.programme[i]),
                "programme_weeks_left": int(y.programme_weeks_left[i]), "programme_year": int(y.programme_year[i]),
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
        per_tw = [res[s] / (tw_pupils[s] * yw.school_pupils[s]) if tw_pupils[s] > 0 else 0.0 for s in range(n_s)]
        self.yw = {
            "rate_a": [amb[w] * p["ambulant_contacts_per_hour"] / den_a[w] if den_a[w] > 0 else 0.0 for w in range(n_w)],
            "rate_w": [wijk_h[w] * p["wijk_contacts_per_hour"] / den_w[w] if den_w[w] > 0 else 0.0 for w in range(n_w)],
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
        presence = [min(p["ambulant_presence_effect"] * e_amb * h / (h + p["ambulant_presence_half_hours"]), 0.9)
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


def run_peer(source: JwsimModel, weeks: int, seed: int = 1) -> tuple[list[Counter], dict[str, float], float, float]:
    """Build the peer from ``source`` and run ``weeks`` weeks.

    Returns:
        weekly event counts, the final state summary, seconds to build, seconds to run.

    """
    import time  # noqa: PLC0415

    t0 = time.perf_counter()
    peer = PeerModel(source, seed=seed)
    t1 = time.perf_counter()
    counts = []
    for _ in range(weeks):
        peer.step()
        counts.append(peer.counts)
    t2 = time.perf_counter()
    summary = peer.summary()
    peer.release()
    return counts, summary, t1 - t0, t2 - t1
