"""Youth-work delivery: FTE -> contact hours -> contacts -> relations, factor gains and signals; IB and
SWF caseloads with intake and exit; targeting and vakmanschap.

* Hours: FTE x 36 h (CAO) x direct-contact share x working weeks / 52. SJW hours are given per school
  and delivered in school weeks only; the jeugdcoaches' VSO hours are part of the SWF FTE.
* Ambulant (joint team of Bindkracht10 and the jeugdcoaches): hours per wijk by the wijk priority,
  boosted in event weeks (annual hours conserved); contacts fall on youths in public space in proportion
  to their street propensity (x targeting weight).
* Wijk work: broad reach over all youths of a wijk, small gains (PYD, I3.1).
* SJW: contacts per pupil = hours x contacts/hour / pupils of the school; gains scaled by the logistic
  dose-response around ``sjw_dose_threshold_hours`` (the Nota's 12 h — a hypothesis, not a fact).
* One uniform per youth per week decides whether and by which form a youth is contacted (competing
  forms), and, by where it falls inside that form's interval, whether a contact with a youth at high
  risk produces a *signal* (early, lighter help: versnellen). Fixed-size draws keep common random numbers.
* IB and SWF: slots = direct hours / hours per youth. Each week free slots are filled with the
  highest-need eligible youths known to youth work (a relation or a signal; for SWF the Jeugd &
  Veiligheid youths and dropouts); durations are geometric with the registered means.
* Vakmanschap: reserved FTE raise effectiveness with diminishing returns, building up over a year; the
  ambulant-team investment raises the ambulant team's effectiveness the same way.
"""

from __future__ import annotations

import numpy as np

from ..allocation import Allocation
from ..population import (
    N_P, P_BETROKKENHEID, P_BINDING, P_COMPETENTIES, P_ERKENNING, P_IDENTITEIT, P_NORMEN,
    P_SCHOOLMOTIVATIE, P_STEUN, P_VRIJETIJD, R_DEBT, WEEKS_PER_YEAR,
)

NAME = "youthwork"
PARAMS = (
    "hours_per_fte", "direct_share", "sjw_direct_share", "working_weeks_per_year", "ambulant_contacts_per_hour",
    "wijk_contacts_per_hour", "sjw_contacts_per_hour", "relation_gain_per_contact", "relation_decay_per_week",
    "meaningful_relation", "targeting_selective_weight", "contact_gain_wijk", "contact_gain_ambulant",
    "contact_gain_sjw", "sjw_dose_threshold_hours", "sjw_dose_width_hours", "ib_hours_per_youth",
    "ib_mean_weeks", "ib_weekly_gain", "swf_hours_per_youth", "swf_mean_weeks", "swf_vso_share",
    "signal_per_contact", "signal_weeks", "vakmanschap_gain_max", "vakmanschap_half_share", "ambulant_team_investment_gain",
    "ambulant_event_boost",
)
IB, SWF = 1, 2
FORMS = ("ambulant", "sjw", "wijk", "vso")


def _gain_vector(cols: tuple[int, ...]) -> np.ndarray:
    v = np.zeros(N_P, np.float32)
    v[list(cols)] = 1.0
    return v


GAIN_COLS = {
    "ambulant": _gain_vector((P_NORMEN, P_ERKENNING, P_STEUN)),
    "sjw": _gain_vector((P_SCHOOLMOTIVATIE, P_BINDING, P_ERKENNING, P_COMPETENTIES)),
    "wijk": _gain_vector((P_VRIJETIJD, P_BETROKKENHEID, P_COMPETENTIES, P_IDENTITEIT, P_BINDING)),
    "vso": _gain_vector((P_SCHOOLMOTIVATIE, P_STEUN, P_NORMEN)),
}
IB_WEIGHTS = np.ones(N_P, np.float32)
IB_WEIGHTS[[P_BINDING, P_STEUN, P_IDENTITEIT]] = 1.5
SWF_WEIGHTS = _gain_vector((P_SCHOOLMOTIVATIE, P_COMPETENTIES, P_NORMEN, P_VRIJETIJD, P_STEUN)) * 1.5


def vakmanschap_effect(level: float, gain_max: float, half_share: float) -> float:
    """Effectiveness multiplier for a (smoothed) share of FTE on vakmanschap: diminishing returns."""
    return 1.0 + gain_max * (1.0 - np.exp(-np.log(2.0) * level / half_share))


class YouthWork:
    """All five work forms plus targeting and vakmanschap."""

    def __init__(self, model) -> None:
        p = model.params
        self.p = p
        self.rng = model.streams[NAME]
        n = model.y.n
        self.u = np.empty(n, np.float32)
        self.u_prog = np.empty(n, np.float32)
        inputs = model.inputs
        self.n_wijk = len(inputs.wijk_codes)
        self.school_pupils = inputs.schools.pupils.astype(np.float64)
        self.school_index = {c: i for i, c in enumerate(inputs.schools.codes)}
        self.vso_schools = inputs.schools.vso_jeugdcoaches.astype(bool)
        self.wijk_index = {c: i for i, c in enumerate(inputs.wijk_codes)}
        self.deprivation = inputs.deprivation
        self.n_school_weeks = int(model.calendar.school_week[:WEEKS_PER_YEAR].sum())
        self.alloc: Allocation | None = None
        self.vak_level = {"bk10": 0.0, "jc": 0.0}
        self.invest_level = 0.0
        self.ib_count = 0
        self.swf_count = 0
        self.week = dict.fromkeys(
            ("contacts_ambulant", "contacts_sjw", "contacts_wijk", "contacts_vso", "signals", "ib_intake",
             "swf_intake", "ambulant_hours", "wijk_hours", "sjw_hours", "vso_hours", "sjw_hours_allocated"), 0.0)

    # ------------------------------------------------------------------ configuration
    def configure(self, model, alloc: Allocation, initial: bool = False) -> None:
        """Turn an allocation into weekly hours, slots and weights (at the start and at each switch)."""
        p = self.p
        self.alloc = alloc
        bk, jc = alloc.bk10, alloc.jc
        per_fte = p["hours_per_fte"] * p["direct_share"] * p["working_weeks_per_year"] / 52.0
        self.amb_hours = (bk["ambulant"] + jc["ambulant"]) * per_fte
        self.amb_bk_share = bk["ambulant"] / max(bk["ambulant"] + jc["ambulant"], 1e-9)
        self.wijk_hours = bk["wijk"] * per_fte
        self.ib_slots = int(round(bk["ib"] * per_fte / p["ib_hours_per_youth"] / model.scale))
        swf_direct = jc["swf"] * per_fte
        self.swf_slots = int(round(swf_direct * (1 - p["swf_vso_share"]) / p["swf_hours_per_youth"] / model.scale))
        # VSO hours of the jeugdcoaches are delivered in school weeks, spread over the VSO schools by pupils.
        vso_week = swf_direct * p["swf_vso_share"] * 52.0 / max(self.n_school_weeks, 1)
        vso_pupils = np.where(self.vso_schools, self.school_pupils, 0.0)
        self.vso_school_hours = vso_week * vso_pupils / max(vso_pupils.sum(), 1e-9)
        hours = np.zeros(self.school_pupils.shape[0])
        for code, h in alloc.sjw_hours:
            hours[self.school_index[code]] = h
        self.sjw_school_hours = hours
        thr, width = p["sjw_dose_threshold_hours"], p["sjw_dose_width_hours"]
        self.sjw_dose = np.where(hours > 0, 1.0 / (1.0 + np.exp(-(hours - thr) / width)), 0.0)
        self.wijk_manual = np.ones(self.n_wijk)
        for code, w in alloc.wijk_weights:
            self.wijk_manual[self.wijk_index[code]] = w
        bk_total, jc_total = sum(bk.values()), sum(jc.values())
        self.vak_target = {"bk10": bk["vakmanschap"] / bk_total if bk_total else 0.0,
                           "jc": jc["vakmanschap"] / jc_total if jc_total else 0.0}
        self.invest_target = min(1.0, alloc.ambulant_team_investment_eur / 250_000.0)
        if initial:
            self.vak_level = dict(self.vak_target)
            self.invest_level = self.invest_target
        self.selective = alloc.targeting == "selective"
        self.reweight(model)

    def reweight(self, model) -> None:
        """Spread ambulant and wijk hours over wijken (start of each year: the population changes)."""
        y = model.y
        age = model.age
        street_age = (age >= 12) & (age <= 21) & ~y.student
        n = self.n_wijk
        if self.alloc.wijk_priority == "equal":
            amb_w = np.bincount(y.wijk, weights=street_age, minlength=n)
            wijk_w = np.bincount(y.wijk, weights=~y.student, minlength=n)
        elif self.alloc.wijk_priority == "need":
            amb_w = np.bincount(y.wijk, weights=y.street_propensity * street_age, minlength=n) * (0.5 + self.deprivation)
            wijk_w = np.bincount(y.wijk, weights=(1 + 2 * y.vulnerable) * ~y.student, minlength=n) * (0.5 + self.deprivation)
        else:
            amb_w = np.ones(n)
            wijk_w = np.ones(n)
        amb_w = amb_w * self.wijk_manual
        wijk_w = wijk_w * self.wijk_manual
        self.amb_share = amb_w / amb_w.sum() if amb_w.sum() > 0 else np.zeros(n)
        self.wijk_share = wijk_w / wijk_w.sum() if wijk_w.sum() > 0 else np.zeros(n)
        sel = self.p["targeting_selective_weight"] if self.selective else 1.0
        self.tw = (1.0 + (sel - 1.0) * y.vulnerable).astype(np.float32)
        self.tw_amb = (self.tw + (sel - 1.0) * y.jv).astype(np.float32)

    def effectiveness(self) -> tuple[float, float, float]:
        """Current effectiveness multipliers: Bindkracht10, jeugdcoaches, ambulant team."""
        p = self.p
        e_bk = vakmanschap_effect(self.vak_level["bk10"], p["vakmanschap_gain_max"], p["vakmanschap_half_share"])
        e_jc = vakmanschap_effect(self.vak_level["jc"], p["vakmanschap_gain_max"], p["vakmanschap_half_share"])
        e_amb = (self.amb_bk_share * e_bk + (1 - self.amb_bk_share) * e_jc) * (
            1.0 + p["ambulant_team_investment_gain"] * self.invest_level)
        return e_bk, e_jc, e_amb

    def ambulant_hours_per_wijk(self, model, t: int) -> np.ndarray:
        """Ambulant hours per wijk this week (event weeks boosted, annual hours conserved)."""
        return self.amb_hours * model.event_factor[t] * self.amb_share

    # ------------------------------------------------------------------ weekly step
    def step(self, model, t: int) -> None:
        p, y = self.p, model.y
        cal = model.calendar
        for org in ("bk10", "jc"):  # training and method development take about a year to pay off
            self.vak_level[org] += (self.vak_target[org] - self.vak_level[org]) / 52.0
        self.invest_level += (self.invest_target - self.invest_level) / 52.0
        e_bk, e_jc, e_amb = self.effectiveness()
        age = model.age
        school_week = bool(cal.school_week[t])
        n_w = self.n_wijk

        # Contact intensities (expected contacts per youth this week) per form.
        street = y.street_propensity * ((age >= 12) & (age <= 21)) * np.where(y.student, 0.3, 1.0) * self.tw_amb
        amb_w = self.ambulant_hours_per_wijk(model, t)
        denom = np.bincount(y.wijk, weights=street, minlength=n_w)
        rate = np.divide(amb_w * p["ambulant_contacts_per_hour"], denom, out=np.zeros(n_w), where=denom > 0)
        lam_a = rate[y.wijk] * street
        reach = self.tw * np.where(y.student, 0.1, 1.0)
        denom = np.bincount(y.wijk, weights=reach, minlength=n_w)
        wijk_h = self.wijk_hours * self.wijk_share
        rate = np.divide(wijk_h * p["wijk_contacts_per_hour"], denom, out=np.zeros(n_w), where=denom > 0)
        lam_w = rate[y.wijk] * reach
        in_school = y.school >= 0
        sidx = np.where(in_school, y.school, 0)
        n_s = self.school_pupils.shape[0]
        if school_week:
            tw_pupils = np.bincount(sidx[in_school], weights=self.tw[in_school], minlength=n_s)
            res = np.bincount(sidx[in_school], minlength=n_s)
            # Residents stand for the school's whole population: per-pupil rate uses DUO pupil numbers.
            per_tw = np.divide(res, tw_pupils * self.school_pupils, out=np.zeros(n_s), where=tw_pupils > 0)
            rate_s = self.sjw_school_hours * p["sjw_contacts_per_hour"] * per_tw
            rate_v = self.vso_school_hours * p["sjw_contacts_per_hour"] * per_tw
            lam_s = np.where(in_school, rate_s[sidx], 0.0) * self.tw
            lam_v = np.where(in_school, rate_v[sidx], 0.0) * self.tw
            self.week["sjw_hours"] = float(self.sjw_school_hours.sum())
            self.week["vso_hours"] = float(self.vso_school_hours.sum())
        else:
            lam_s = lam_v = np.zeros(y.n)
            self.week["sjw_hours"] = self.week["vso_hours"] = 0.0
        self.week["sjw_hours_allocated"] = float(self.sjw_school_hours.sum()) if school_week else 0.0
        self.week["ambulant_hours"] = float(amb_w.sum())
        self.week["wijk_hours"] = float(wijk_h.sum())

        c1 = (1.0 - np.exp(-lam_a)).astype(np.float32)
        c2 = c1 + (1.0 - np.exp(-lam_s)).astype(np.float32)
        c3 = c2 + (1.0 - np.exp(-lam_w)).astype(np.float32)
        c4 = c3 + (1.0 - np.exp(-lam_v)).astype(np.float32)
        self.rng.random(out=self.u, dtype=np.float32)
        u = self.u
        contacted = u < c4
        idx_a = np.flatnonzero(u < c1)
        idx_s = np.flatnonzero((u >= c1) & (u < c2))
        idx_w = np.flatnonzero((u >= c2) & (u < c3))
        idx_v = np.flatnonzero((u >= c3) & (u < c4))
        # Relation builds with contact, decays without (programme youths are in weekly contact).
        in_prog = y.programme > 0
        rel = y.relation
        g = np.float32(p["relation_gain_per_contact"])
        con = np.flatnonzero(contacted | in_prog)
        rel[con] += g * (1.0 - rel[con])
        rel[~(contacted | in_prog)] *= np.float32(1.0 - p["relation_decay_per_week"])
        # Factor gains.
        P = y.P
        P[idx_a] += np.float32(p["contact_gain_ambulant"] * e_amb) * GAIN_COLS["ambulant"]
        if idx_s.size:
            dose = self.sjw_dose[y.school[idx_s]].astype(np.float32)
            P[idx_s] += (np.float32(p["contact_gain_sjw"] * e_bk) * dose)[:, None] * GAIN_COLS["sjw"]
        P[idx_w] += np.float32(p["contact_gain_wijk"] * e_bk) * GAIN_COLS["wijk"]
        P[idx_v] += np.float32(p["contact_gain_sjw"] * e_jc) * GAIN_COLS["vso"]
        # Signals: where u falls inside its form's interval is itself uniform; a contact signals rising risk
        # with probability signal_per_contact x relation (x SJW dose at school).
        lower = np.where(u < c1, 0.0, np.where(u < c2, c1, np.where(u < c3, c2, c3)))
        width = np.where(u < c1, c1, np.where(u < c2, c2 - c1, np.where(u < c3, c3 - c2, c4 - c3)))
        v = np.divide(u - lower, width, out=np.ones_like(u), where=width > 0)
        q = p["signal_per_contact"] * rel
        sjw_mask = (u >= c1) & (u < c2)
        q = np.where(sjw_mask, q * self.sjw_dose[sidx], q)
        new_signal = contacted & (v < q) & (model.risk_score > model.signal_threshold) & (y.jh_level == 0)
        y.signal_until[new_signal] = t + int(p["signal_weeks"])
        np.greater(y.signal_until, t, out=y.signalled)
        self.week.update(contacts_ambulant=idx_a.size * model.scale, contacts_sjw=idx_s.size * model.scale,
                         contacts_wijk=idx_w.size * model.scale, contacts_vso=idx_v.size * model.scale,
                         signals=int(new_signal.sum()) * model.scale)
        self._programmes(model, e_bk, e_jc)
        np.clip(P, 0.0, 1.0, out=P)

    # ------------------------------------------------------------------ IB and SWF
    def _programmes(self, model, e_bk: float, e_jc: float) -> None:
        p, y = self.p, model.y
        age = model.age
        self.rng.random(out=self.u_prog, dtype=np.float32)
        in_prog = np.flatnonzero(y.programme > 0)
        y.programme_weeks_left[in_prog] -= 1
        ending = in_prog[(y.programme_weeks_left[in_prog] <= 0) | (y.jh_level[in_prog] == 3)]
        y.programme[ending] = 0
        y.programme_weeks_left[ending] = 0
        ib = y.programme == IB
        swf = y.programme == SWF
        self.ib_count, self.swf_count = int(ib.sum()), int(swf.sum())
        meaningful = y.relation >= p["meaningful_relation"]
        free_ib = self.ib_slots - self.ib_count
        intake_ib = 0
        if free_ib > 0:
            cand = np.flatnonzero((y.programme == 0) & ~y.student & (y.jh_level < 3) & (meaningful | y.signalled))
            score = model.risk_score[cand] + 0.3 * (y.jh_level[cand] > 0) + 0.2 * y.vulnerable[cand]
            chosen = cand[np.argsort(-score, kind="stable")[:free_ib]]
            self._start(y, chosen, IB, p["ib_mean_weeks"])
            intake_ib = chosen.size
        free_swf = self.swf_slots - self.swf_count
        intake_swf = 0
        if free_swf > 0:
            cand = np.flatnonzero((y.programme == 0) & ~y.student & (age >= 12) & (y.jh_level < 3)
                                  & ((y.jv & (y.relation >= 0.1)) | y.dropout))
            score = model.delinquency[cand] + 0.5 * y.dropout[cand]
            chosen = cand[np.argsort(-score, kind="stable")[:free_swf]]
            self._start(y, chosen, SWF, p["swf_mean_weeks"])
            intake_swf = chosen.size
        ib = np.flatnonzero(y.programme == IB)
        swf = np.flatnonzero(y.programme == SWF)
        self.ib_count, self.swf_count = ib.size, swf.size
        gain = np.float32(p["ib_weekly_gain"])
        y.P[ib] += gain * np.float32(e_bk) * IB_WEIGHTS
        y.P[swf] += gain * np.float32(e_jc) * SWF_WEIGHTS
        debt = ib[age[ib] >= 16]  # financial coaching is part of IB (Nota §1.4)
        y.R[debt, R_DEBT] = np.maximum(y.R[debt, R_DEBT] - np.float32(0.01), 0)
        y.programme_year[ib] |= 1
        y.programme_year[swf] |= 2
        self.week.update(ib_intake=intake_ib * model.scale, swf_intake=intake_swf * model.scale)

    def _start(self, y, idx: np.ndarray, kind: int, mean_weeks: float) -> None:
        u = self.u_prog[idx].astype(np.float64)
        weeks = np.maximum(4, np.ceil(-np.log1p(-np.minimum(u, 0.999999)) * mean_weeks)).astype(np.int32)
        y.programme[idx] = kind
        y.programme_weeks_left[idx] = weeks
