"""The youth agent of the per-agent Mesa peer (benchmarks/peer.py).

Its weekly rules are written the usual Mesa way — attributes on the object, Python's ``random`` per
decision, one method per process.
"""

from __future__ import annotations

import math

import mesa
import numpy as np

from jwsim.model.numerics import U_BELOW_ONE
from jwsim.model.population import (
    AGE_ADULT,
    AGE_MAX,
    AGE_MBO,
    AGE_MIN,
    AGE_SECONDARY,
    HBO_WO,
    MBO,
    N_P,
    N_R,
    NONE,
    P_NORMEN,
    P_SCHOOLMOTIVATIE,
    P_STEUN,
    PO,
    PRO,
    R_DEBT,
    R_FAMILY,
    R_LONELY,
    R_MENTAL,
    R_ONLINE,
    R_PEERS,
    STREET_AGE_MAX,
    VO,
    VSO,
    WEEKS_PER_YEAR,
    WORK,
)
from jwsim.model.processes.contact_forms import EXPOSURE_COLUMN, FORMS, SCHOOL
from jwsim.model.processes.jeugdhulp import LIGHT, NEVER, SPECIALIST, STAY
from jwsim.model.processes.programmes import IB, SWF


def _clip(x: float) -> float:
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


class Youth(mesa.Agent):
    """One youth aged 10-23."""

    def __init__(self, model: mesa.Model, state: dict) -> None:
        super().__init__(model)
        self.__dict__.update(state)
        self.friends: list[Youth] = []

    # ------------------------------------------------------------------ stage 1
    def grow_older(self) -> None:
        """Demography and life events."""
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
        if age == AGE_ADULT and not self.student and self.random.random() < m.p["local_student_share_18"]:
            self.student = True
        if age in (AGE_SECONDARY, AGE_MBO, AGE_ADULT):
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
        if self.student and age >= AGE_ADULT:
            return HBO_WO
        if age >= AGE_ADULT:
            neet_p = p["neet_share_18_23"] * (2.0 if self.vulnerable else 0.75)
            return NONE if u < neet_p else MBO if u < neet_p + p["mbo_share_18_23"] else WORK
        if AGE_SECONDARY <= age < AGE_ADULT:
            if AGE_MBO <= age and vo_kind == VO and u < p["mbo_share_16_17"]:
                return MBO
            return vo_kind
        return PO

    def choose_school(self) -> int:
        """Pick a Nijmegen school location for VO/PRO/VSO pupils (or -1)."""
        m = self.model
        cdf = m.demo["school_cdfs"].get(self.school_type)
        u_in, u_pick = self.random.random(), self.random.random()
        if cdf is None or u_in >= m.p["vo_in_city_share"]:
            return -1
        row = cdf[self.wijk]
        return int(sum(1 for c in row if c < u_pick))

    def enter_as_newcomer(self) -> None:
        """Reuse this place for a newcomer: a 10-year-old or an in-migrant."""
        m, d, p, r = self.model, self.model.demo, self.model.p, self.random
        dest = min(int(np.searchsorted(d["dest_cdf"], r.random())), len(d["dest_cdf"]) - 1)
        offset, wijk = divmod(dest, d["n_wijk"])
        age = AGE_MIN + offset
        self.wijk, self.age, self.age_weeks = wijk, age, age * WEEKS_PER_YEAR
        self.male = r.random() < d["male_share"][wijk, offset]
        self.student = age >= AGE_ADULT and r.random() < p["inmigrant_student_share"]
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
        # Every other process's states start at their declared values (the model's processes declare them).
        for name, value in m.newcomer_values:
            setattr(self, name, value)
        # Personal state (population.draw_personal_state).
        sd = p["protective_individual_sd"]
        common = r.gauss(0, sd * 0.7)
        pb = (0.62 + p["protective_vulnerable_shift"] * self.vulnerable
              + p["protective_deprivation_shift"] * dep)
        self.P_base = [min(max(pb + common + r.gauss(0, sd * 0.7), 0.02), 0.98) for _ in range(N_P)]
        self.P = list(self.P_base)
        vul, girl = self.vulnerable, not self.male
        rb = [0.0] * N_R
        rb[R_MENTAL] = (p["mental_strain_base"] + p["mental_strain_girls"] * girl + 0.06 * vul
                        + r.gauss(0, 0.12))
        rb[R_LONELY] = p["loneliness_base"] + 0.05 * vul + r.gauss(0, 0.12)
        rb[R_FAMILY] = 0.25 + 0.2 * vul + r.gauss(0, 0.1)
        rb[R_DEBT] = 0.1 * vul + r.gauss(0, 0.12)
        rb[R_ONLINE] = 0.25 + 0.05 * vul + r.gauss(0, 0.1)
        self.R_base = [_clip(x) for x in rb]
        self.R = list(self.R_base)
        self.R[R_DEBT] = _clip(self.R_base[R_DEBT] + m.debt_age_level(age))
        street = 0.2 + 0.35 * self.jv + 0.12 * vul + 0.08 * self.male + 0.06 * dep + r.gauss(0, 0.1)
        self.street_propensity = _clip(street)
        self.exposure = [0.0] * len(m.fa["shift"])
        self.arrive_with_need_and_care()

    def arrive_with_need_and_care(self) -> None:
        """Draw a newcomer's need and care from the stationary profile at their age (need, jeugdhulp)."""
        m, p, ne, r = self.model, self.model.p, self.model.ne, self.random
        risk = sum(w * x for w, x in zip(m.risk_weights, self.R, strict=True))
        protect = sum(self.P) / N_P
        a, b, c = ne["coef"]
        x = math.exp(a * risk - b * protect + c)
        rem = math.exp(p["need_remission_protective_coefficient"] * (protect - m.protect_ref) / ne["sd_p"])
        on = ne["onset"][int(self.male)][self.age - AGE_MIN] * x
        esc = ne["h_esc"] * x
        h_rem = ne["h_rem"]
        pi = [1.0, on / (h_rem[1] * rem)]
        pi.append(pi[1] * esc / (h_rem[2] * rem))
        pi.append(pi[2] * esc / (h_rem[3] * rem))
        u, total, need, acc = r.random(), sum(pi), 0, 0.0
        for k in range(3):
            acc += pi[k] / total
            need += u >= acc
        self.need, self.need_untreated_weeks = need, 0
        det = self.detection(True, substitute=False)
        stay = 1.0 / (m.jh_weekly_remission * (1.0 + p["care_remission_effect"])
                      * p["need_remission_level_ratio"] ** max(need - 1, 0) / max(need, 1) + m.jh["h_end"])
        prob = det * stay / (1.0 + det * stay) if need > 0 else 0.0
        u0, u1 = r.random(), r.random()
        in_care = u0 < prob
        self.jh_level = self.level_at_entry(need, u1) if in_care else 0
        self.jh_entry_need = need if in_care else 0
        self.jh_weeks = int(u1 * stay) if in_care else 0
        self.jh_last_week = m.t if in_care else NEVER
        self.jh_year_any, self.jh_year_stay = in_care, self.jh_level == STAY

    def life_events(self) -> None:
        """Family crisis, debt shock (16+), online incident: competing risks, one uniform."""
        m = self.model
        pf = m.le["family"] * (m.le["vulnerable_ratio"] if self.vulnerable else 1.0)
        pd = m.le["debt"] if self.age_weeks >= AGE_MBO * WEEKS_PER_YEAR else 0.0
        u = self.random.random()
        shock = m.le["shock"]
        if u < pf:
            self.R[R_FAMILY] = _clip(self.R[R_FAMILY] + shock)
            self.R[R_MENTAL] = _clip(self.R[R_MENTAL] + m.le["shock_mental"])
        elif u < pf + pd:
            self.R[R_DEBT] = _clip(self.R[R_DEBT] + shock)
        elif u < pf + pd + m.le["online"]:
            self.R[R_ONLINE] = _clip(self.R[R_ONLINE] + shock)

    # ------------------------------------------------------------------ weights used by the model's sums
    def street_w(self) -> float:
        """Ambulant reach weight."""
        if not AGE_SECONDARY <= self.age <= STREET_AGE_MAX:
            return 0.0
        group = self.model.src.youthwork.reach.group_boost if self.group >= 0 else 1.0
        return self.street_propensity * (self.model.p["street_reach_student_relative"] if self.student
                                         else 1.0) * self.tw_amb * group

    def reach_w(self) -> float:
        """Wijk-work reach weight."""
        return self.tw * (self.model.p["wijk_reach_student_relative"] if self.student else 1.0)

    def po_w(self) -> float:
        """Primary-school youth work's weight (10-11)."""
        return self.tw if self.age < AGE_SECONDARY else 0.0

    def girl_w(self) -> float:
        """Meidenwerk's weight (girls)."""
        return 0.0 if self.male else self.reach_w()

    def online_w(self) -> float:
        """Online youth work's weight (12+, towards online risk)."""
        if self.age < AGE_SECONDARY:
            return 0.0
        return self.reach_w() * (1.0 + self.model.p["online_reach_risk_weight"] * self.R[R_ONLINE])

    def debt_w(self) -> float:
        """Debt / information-and-advice work's weight (18+)."""
        return self.reach_w() if self.age >= AGE_ADULT else 0.0

    def known_from_po(self) -> float:
        """Familiarity from primary-school youth work where it counts (12-15)."""
        return self.po_familiarity if AGE_SECONDARY <= self.age < AGE_MBO else 0.0

    def weight(self, name: str) -> float:
        """Contact weight of a form (``ContactForm.weight``)."""
        return self.tw if name == "tw" else getattr(self, name)()

    # ------------------------------------------------------------------ stage 2
    def work(self) -> None:
        """Youth-work contact (competing forms), relation, exposure, signal; programme countdown."""
        m, p, yw = self.model, self.model.p, self.model.yw
        self.exposure = [e * yw["keep_exposure"] for e in self.exposure]
        probs = []
        for form in FORMS:
            if form.unit == SCHOOL:
                active = yw["school_week"] and self.school >= 0
                rate = yw["rates"][form.name][self.school] if active else 0.0
            else:
                rate = yw["rates"][form.name][self.wijk]
            probs.append(1 - math.exp(-rate * self.weight(form.weight)) if rate else 0.0)
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
            kind = FORMS[form]
            m.counts[f"contacts_{kind.name}"] += 1
            gain = yw["gain"][kind.name]
            q = p["signal_per_contact"] * self.relation
            if kind.dose:
                gain *= yw["sjw_dose"][self.school]
                q *= yw["sjw_dose"][self.school]
            q *= yw["quality"][kind.name] * (1.0 + p["po_familiarity_signal_gain"] * self.known_from_po())
            col = EXPOSURE_COLUMN[kind.name]
            self.exposure[col] += gain * (1.0 - self.exposure[col])
            for c, relief in kind.risk_relief:
                self.R[c] = max(self.R[c] - p[relief], 0.0)
            if kind.name == "po":
                self.po_familiarity += p["po_familiarity_per_contact"] * (1.0 - self.po_familiarity)
            v = (u - lower) / probs[form]
            if v < q and self.risk > m.signal_threshold and self.need > 0 and self.jh_level == 0:
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
        u = min(self.u_prog, U_BELOW_ONE)
        self.programme = kind
        self.programme_weeks_left = max(self.model.p["programme_min_weeks"],
                                        math.ceil(-math.log1p(-u) * mean_weeks))

    # ------------------------------------------------------------------ stage 3
    def advance(self) -> None:
        """Programme exposure, factor dynamics, scores and the outcome processes."""
        self.programme_gains()
        self.factor_dynamics()
        self.update_scores()
        self.need_step()
        self.jeugdhulp()
        self.nuisance()
        self.crime()
        self.school_step()

    def programme_gains(self) -> None:
        """IB/SWF participants at full exposure (IB includes financial coaching from 16)."""
        m = self.model
        if self.programme == IB:
            self.exposure[EXPOSURE_COLUMN["ib"]] = 1.0
            if self.age >= AGE_MBO:
                self.R[R_DEBT] = max(self.R[R_DEBT] - m.p["ib_debt_relief_per_week"], 0.0)
            self.programme_year |= IB
        elif self.programme == SWF:
            self.exposure[EXPOSURE_COLUMN["swf"]] = 1.0
            self.programme_year |= SWF

    def factor_dynamics(self) -> None:
        """Relaxation, protection-risk coupling, noise, peer influence."""
        m, f = self.model, self.model.fa
        k = f["kappa"]
        # Relaxation towards the baseline plus youth work's shifts (exposure x effect size x SD; x kappa).
        shift = [0.0] * N_P
        for e, row in zip(self.exposure, f["shift"], strict=True):
            if e:
                shift = [s + e * d for s, d in zip(shift, row, strict=True)]
        shift[P_STEUN] += f["k_relation"] * self.relation
        self.P = [min(x + k * (b - x) + s, 1.0) for x, b, s in zip(self.P, self.P_base, shift, strict=True)]
        lift = sum(self.P) / N_P - sum(self.P_base) / N_P
        R, Rb = self.R, self.R_base
        family_excess = R[R_FAMILY] - Rb[R_FAMILY]
        target_m = Rb[R_MENTAL] - f["coupling"] * lift + f["family_mental"] * family_excess
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
        R[R_PEERS] += f["peer_speed"] * k * (peers - R[R_PEERS])
        self.R = [_clip(x) for x in R]

    def update_scores(self) -> None:
        """Risk, protection and delinquency scores."""
        p = self.model.p
        self.risk = sum(w * x for w, x in zip(self.model.risk_weights, self.R, strict=True))
        self.protect = sum(self.P) / N_P
        self.delinquency = _clip(p["delinquency_weight_peers"] * self.R[R_PEERS]
                                 + p["delinquency_weight_norms"] * (1.0 - self.P[P_NORMEN])
                                 + p["delinquency_weight_family"] * self.R[R_FAMILY]
                                 + p["delinquency_weight_jv"] * self.jv
                                 + p["delinquency_weight_registered"] * (self.crime_stage > 0))

    def need_step(self) -> None:
        """Onset, escalation or remission of latent need (need.py)."""
        m, p, ne = self.model, self.model.p, self.model.ne
        u = self.random.random()
        a, b, c = ne["coef"]
        x = math.exp(a * self.risk - b * self.protect + c)
        if self.need == 0:
            if u < ne["onset"][int(self.male)][self.age - AGE_MIN] * x:
                self.need = 1
                m.counts["need_onsets"] += 1
            return
        in_care = self.jh_level > 0
        h_esc = ne["h_esc"] * x if self.need < 3 else 0.0
        if in_care:
            h_esc *= 1.0 - p["care_escalation_effect"]
        rem = ne["h_rem"][self.need] * math.exp(p["need_remission_protective_coefficient"]
                                               * (self.protect - m.protect_ref) / ne["sd_p"])
        if in_care:
            rem *= 1.0 + p["care_remission_effect"] * (p["care_early_start_gain"] if self.jh_entry_need == 1
                                                       else 1.0)
        if self.programme > 0:
            rem *= 1.0 + p["programme_remission_effect"]
        if not in_care:
            self.need_untreated_weeks += 1
        if u < h_esc:
            self.need += 1
        elif u < h_esc + min(rem, 1.0 - h_esc):
            self.need -= 1
            if self.need == 0:
                self.need_untreated_weeks = 0

    def detection(self, school_week: bool, substitute: bool = True) -> float:
        """Weekly probability that this youth's need is detected, by all channels (jeugdhulp.py)."""
        p, j = self.model.p, self.model.jh
        miss = 1.0 - j["h_self"][self.need]
        if school_week and self.school_type in (VO, PRO, VSO, MBO):
            miss *= 1.0 - j["h_school"]
        bt = j["h_buurtteam"] * (p["detect_buurtteam_vulnerable_ratio"] if self.vulnerable else 1.0)
        miss *= 1.0 - min(bt, 1.0)
        if substitute and self.need == 1 and self.programme > 0:
            miss = 1.0 - (1.0 - miss) * (1.0 - p["substitution_share"])
        if self.signalled:
            miss *= 1.0 - p["signal_detection_effect"]
        return (1.0 - miss) * (p["detect_adult_relative"] if self.age >= AGE_ADULT else 1.0)

    def level_at_entry(self, need: int, v: float) -> int:
        """Care matched to need: mild light, moderate specialist (a share light), severe a share with stay."""
        p = self.model.p
        if need == 1:
            return LIGHT
        if need == 2:
            return SPECIALIST if v < p["care_specialist_share_moderate"] else LIGHT
        return STAY if v < p["care_stay_share_severe"] else SPECIALIST

    def jeugdhulp(self) -> None:
        """Detect need (entry, with level), or in care: end or step up."""
        m, p, j = self.model, self.model.p, self.model.jh
        u = self.random.random()
        if self.jh_level == 0:
            if self.need > 0:
                h = self.detection(m.jh_school_week)
                if u < h:
                    self.jh_level = self.level_at_entry(self.need, u / h)
                    self.jh_entry_need = self.need
                    self.jh_weeks = 0
                    if self.signalled:
                        m.counts["jh_entries_signalled"] += 1
                    self.signalled = False
                    self.signal_until = 0
                    m.counts["jh_entries"] += 1
        else:
            h_end = 1.0 if self.need == 0 else j["h_end"] * (p["jh_exit_at_18_multiplier"]
                                                            if self.age >= AGE_ADULT else 1.0)
            serves = (0, 1, 2, 2)[self.need]
            under = self.need > serves or (self.need == 3 and self.jh_level == SPECIALIST)
            h_up = 0.0
            if under and self.jh_level == LIGHT:
                h_up = j["h_up"]
            elif under and self.jh_level == SPECIALIST:
                h_up = j["h_up"] * p["care_stay_share_severe"]
            if u < h_end:
                self.jh_level = self.jh_weeks = self.jh_entry_need = 0
                m.counts["jh_exits"] += 1
            elif u < h_end + h_up:
                self.jh_level += 1
                m.counts["jh_escalations"] += 1
        if self.jh_level > 0:
            self.jh_weeks += 1
            self.jh_last_week = m.t
            self.jh_year_any = True
            self.jh_year_stay = self.jh_year_stay or self.jh_level == STAY

    def nuisance(self) -> None:
        """Nuisance act (and whether the police registers it)."""
        m, p = self.model, self.model.p
        if self.age < AGE_SECONDARY or self.student:
            self.random.random()
            return
        base = p["nuisance_acts_per_week_street"] * (1.0 if self.group >= 0
                                                     else p["nuisance_nonstreet_relative"])
        # The act happens at a place: the youth's leisure shares x event multipliers x what the team's
        # presence there leaves; a group member's acts mostly at the group's place.
        presence, n_w = m.nu["presence"], len(m.nu["presence"])
        cell = (self.age - AGE_MIN) * n_w + self.wijk
        shares, mult = m.nu["cells"][cell], m.nu["mult"][cell]
        at_places = sum(shares[j] * mult[j] * (1.0 - presence[j]) for j in range(n_w))
        if self.group >= 0:
            gp = m.nu["group_place"][self.group]
            red = presence[gp]
            if m.nu["problem_group"][self.group]:
                red = 1.0 - (1.0 - red) * (1.0 - p["group_approach_effect"] * (red > 0))
            share = p["group_place_share"]
            at_places = (1.0 - share) * at_places + share * mult[gp] * (1.0 - red)
        h = min(base * m.nu["calendar"]
                * math.exp(p["nuisance_risk_coefficient"] * (self.delinquency - m.delinquency_ref))
                * at_places, p["nuisance_hazard_cap"])
        u = self.random.random()
        if u < h:
            self.nuisance_acts_year += 1
            m.counts["nuisance_acts"] += 1
            if u < h * p["nuisance_report_share"]:
                m.counts["nuisance_registered_acts"] += 1

    def crime(self) -> None:
        """Halt, suspect registration, growth into crime: competing risks."""
        m, p, c = self.model, self.model.p, self.model.cr
        minor, adult = AGE_SECONDARY <= self.age < AGE_ADULT, self.age >= AGE_ADULT
        risk = math.exp(p["crime_risk_coefficient"] * (self.delinquency - m.delinquency_ref))
        h_halt = c["h_halt"] * c["ny"] * risk if minor else 0.0
        h_susp = (c["h_susp_minor"] if minor else c["h_susp_adult"] if adult else 0.0) * risk
        h_susp *= p["crime_stage2_suspect_multiplier"] if self.crime_stage == 2 else 1.0
        h_susp *= p["suspect_student_relative"] if self.student else 1.0
        h_grow = 0.0
        if self.jv and self.crime_stage == 1:
            h_grow = c["h_growth"] * p["crime_growth_peer_factor"] * (1.0 - self.protect) * self.R[R_PEERS]
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
                self.school_type = MBO if self.age < AGE_ADULT or u < h_ret / 2 else WORK
            return
        base = (s["h_vo"] if self.school_type in (VO, PRO, VSO)
                else s["h_mbo"] if self.school_type == MBO else 0.0)
        if base == 0.0:
            return
        x = p["dropout_risk_coefficient"] * ((s["motivation_ref"] - self.P[P_SCHOOLMOTIVATIE])
                                             + p["dropout_risk_weight"] * (self.risk - m.risk_ref))
        h = base * math.exp(x)
        if self.programme == SWF:
            h = h / (p["swf_dropout_odds_ratio"] * (1 - h) + h)
        if u < min(h, p["dropout_hazard_cap"]):
            self.dropout = True
            self.school_type = NONE
            self.school = -1
            m.counts["dropouts"] += 1
