"""Youth-work delivery: contacts, relations, IB and SWF caseloads, targeting and vakmanschap.

FTE -> contact hours -> contacts -> relations, factor gains and signals; IB and SWF caseloads with intake
and exit; targeting and vakmanschap.

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
    N_P,
    P_BETROKKENHEID,
    P_BINDING,
    P_COMPETENTIES,
    P_ERKENNING,
    P_IDENTITEIT,
    P_NORMEN,
    P_SCHOOLMOTIVATIE,
    P_STEUN,
    P_VRIJETIJD,
    R_DEBT,
    WEEKS_PER_YEAR,
)

NAME = "youthwork"
PARAMS = (
    "hours_per_fte", "direct_share", "sjw_direct_share", "working_weeks_per_year",
    "ambulant_contacts_per_hour", "wijk_contacts_per_hour", "sjw_contacts_per_hour",
    "relation_gain_per_contact", "relation_decay_per_week", "meaningful_relation",
    "targeting_selective_weight", "contact_gain_wijk", "contact_gain_ambulant", "contact_gain_sjw",
    "sjw_dose_threshold_hours", "sjw_dose_width_hours", "ib_hours_per_youth", "ib_mean_weeks",
    "ib_weekly_gain", "swf_hours_per_youth", "swf_mean_weeks", "swf_vso_share", "signal_per_contact",
    "signal_weeks", "vakmanschap_gain_max", "vakmanschap_half_share", "ambulant_team_investment_gain",
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
GAIN_IDX = {form: v.nonzero()[0] for form, v in GAIN_COLS.items()}  # the factors each form works on


def _rate(hours_contacts: np.ndarray, weight_sum: np.ndarray) -> np.ndarray:
    """Negated contacts per unit of weight per wijk, float32 (0 where a wijk has no weight)."""
    out = np.zeros(weight_sum.shape[0], np.float32)
    has = weight_sum > 1e-9  # incremental sums: a wijk whose weights all left keeps rounding dust
    out[has] = -hours_contacts[has] / weight_sum[has]
    return out


def _gain(P: np.ndarray, rows: np.ndarray, cols, gain) -> None:
    """Add ``gain`` to factors ``cols`` of ``rows`` and clip at 1.

    Gains only raise factors, so the clip keeps them in [0, 1]. Works column by column, which is
    contiguous in the column-major P.
    """
    for c in np.atleast_1d(cols):
        col = P[:, c]
        col[rows] = np.minimum(col[rows] + gain, np.float32(1.0))


def _top(score: np.ndarray, k: int) -> np.ndarray:
    """Return the positions of the ``k`` highest scores without sorting all candidates.

    Ties are broken by position (as a stable descending sort would).
    """
    if k >= score.size:
        return np.arange(score.size)
    kth = np.partition(score, score.size - k)[score.size - k]
    above = (score > kth).nonzero()[0]
    ties = (score == kth).nonzero()[0][: k - above.size]
    return np.sort(np.concatenate((above, ties)))


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
        self.u = model.uniforms  # shared scratch (see JwsimModel)
        self.u_prog = model.uniforms  # drawn after the contact uniforms are used
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
        # Preallocated work arrays: contact rates and the cumulative contact probabilities of the four
        # competing forms (ambulant, SJW, wijk, VSO), float32 like the factors they act on.
        self.street_w = np.zeros(n, np.float32)   # ambulant reach weight (street propensity x targeting)
        self.reach_w = np.zeros(n, np.float32)    # wijk-work reach weight
        self.lam = np.empty(n, np.float32)
        self.cum = np.zeros((4, n), np.float32)
        self.touched = np.zeros(n, bool)
        # Kept per slot (see reweight): targeting weights, wijk and school of the contact-weight sums.
        self.tw = np.empty(n, np.float32)
        self.tw_amb = np.empty(n, np.float32)
        self.wijk_slot = np.empty(n, np.intp)
        self.school_slot = np.empty(n, np.int32)
        self.school_idx = np.empty(n, np.intp)
        self.week = dict.fromkeys(
            ("contacts_ambulant", "contacts_sjw", "contacts_wijk", "contacts_vso", "signals", "ib_intake",
             "swf_intake", "ambulant_hours", "wijk_hours", "sjw_hours", "vso_hours", "sjw_hours_allocated"),
            0.0)

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
        self.swf_slots = int(round(swf_direct * (1 - p["swf_vso_share"]) / p["swf_hours_per_youth"]
                                   / model.scale))
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
        else:
            self._end_programmes_beyond_slots(model)
        self.selective = alloc.targeting == "selective"
        self.reweight(model)

    def _end_programmes_beyond_slots(self, model) -> None:
        """After a switch to fewer IB or SWF slots, end the guidance the remaining FTE cannot give.

        Without this a cut (or the no-youth-work counterfactual after the 2025 burn-in) kept its old
        caseload, with full effect, until each trajectory ended by itself: more youths in guidance than
        slots, for up to ~1.5 years. Assumption: the trajectories closest to their planned end are closed
        first (they had most of their benefit); no random draw, so no other stream shifts.
        """
        y = model.y
        for kind, slots in ((IB, self.ib_slots), (SWF, self.swf_slots)):
            rows = (y.programme == kind).nonzero()[0]
            excess = rows.size - max(slots, 0)
            if excess > 0:
                stop = rows[np.argsort(y.programme_weeks_left[rows], kind="stable")[:excess]]
                y.programme[stop] = 0
                y.programme_weeks_left[stop] = 0
                y.programme_year[stop] &= np.int8(~kind)  # the switch is at New Year: no guidance this year
        self.ib_count = int(np.count_nonzero(y.programme == IB))
        self.swf_count = int(np.count_nonzero(y.programme == SWF))

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
            amb_w = (np.bincount(y.wijk, weights=y.street_propensity * street_age, minlength=n)
                     * (0.5 + self.deprivation))
            wijk_w = (np.bincount(y.wijk, weights=(1 + 2 * y.vulnerable) * ~y.student, minlength=n)
                      * (0.5 + self.deprivation))
        else:
            amb_w = np.ones(n)
            wijk_w = np.ones(n)
        amb_w = amb_w * self.wijk_manual
        wijk_w = wijk_w * self.wijk_manual
        self.amb_share = amb_w / amb_w.sum() if amb_w.sum() > 0 else np.zeros(n)
        self.wijk_share = wijk_w / wijk_w.sum() if wijk_w.sum() > 0 else np.zeros(n)
        sel = self.p["targeting_selective_weight"] if self.selective else 1.0
        # The per-slot arrays are rewritten in place (cast to their dtype on assignment, as astype would):
        # a yearly reallocation would hold old and new copies at once and raise the run's peak memory.
        self.tw[:] = 1.0 + (sel - 1.0) * y.vulnerable
        self.tw_amb[:] = self.tw + (sel - 1.0) * y.jv
        # Contact weights and their sums per wijk and per school, recomputed in full here (yearly) and
        # kept up to date between years for the slots that change (see _update_sums).
        self.wijk_slot[:] = y.wijk
        self.school_slot[:] = y.school
        n_s = self.school_pupils.shape[0]
        # School index per slot with "no school in the city" (-1) as the extra last index n_s, where the
        # per-school rates below carry a 0: a non-negative index lets take() skip wrapping.
        np.copyto(self.school_idx, np.where(y.school >= 0, y.school, n_s))
        self._reach_weights(model, slice(None))
        self.den_street = np.bincount(self.wijk_slot, weights=self.street_w, minlength=n)
        self.den_reach = np.bincount(self.wijk_slot, weights=self.reach_w, minlength=n)
        self.school_tw = np.bincount(self.school_idx, weights=self.tw, minlength=n_s + 1)
        self.school_res = np.bincount(self.school_idx, minlength=n_s + 1).astype(float)

    def _update_sums(self, model) -> None:
        """Bring the contact weights and their sums up to date.

        Demography changes slots at birthdays and entries, demography and the school process change
        schools. Only those slots are subtracted and added back (float64 sums; recomputed in full every
        year).
        """
        y = model.y
        changed = model.demography.changed
        entered = model.demography.entered_slots  # the slots of `changed` taken by newcomers
        if entered.size:
            # A newcomer gets the targeting weights of their own vulnerability and J&V status (not the
            # previous occupant's); the school sums still hold the slot's old school, so move by the delta.
            sel = np.float32(self.p["targeting_selective_weight"] if self.selective else 1.0)
            tw_new = np.float32(1.0) + (sel - np.float32(1.0)) * y.vulnerable[entered]
            self.school_tw += np.bincount(self.school_idx[entered], weights=tw_new - self.tw[entered],
                                          minlength=self.school_tw.shape[0])
            self.tw[entered] = tw_new
            self.tw_amb[entered] = tw_new + (sel - np.float32(1.0)) * y.jv[entered]
        if changed.size:
            # Weights change when a slot gets a new occupant or turns 12 or 22 (street age) or 18
            # (student status); other birthdays leave them as they are.
            age = model.age[changed]
            changed = changed[(age == 12) | (age == 18) | (age == 22) | model.demography.changed_entered]
        if changed.size:
            w = self.wijk_slot[changed]
            self.den_street -= np.bincount(w, weights=self.street_w[changed], minlength=self.n_wijk)
            self.den_reach -= np.bincount(w, weights=self.reach_w[changed], minlength=self.n_wijk)
            self.wijk_slot[changed] = y.wijk[changed]
            self._reach_weights(model, changed)
            w = self.wijk_slot[changed]
            self.den_street += np.bincount(w, weights=self.street_w[changed], minlength=self.n_wijk)
            self.den_reach += np.bincount(w, weights=self.reach_w[changed], minlength=self.n_wijk)
        moved = (self.school_slot != y.school).nonzero()[0]
        if moved.size:
            n_s1 = self.school_tw.shape[0]
            old = self.school_idx[moved]
            self.school_tw -= np.bincount(old, weights=self.tw[moved], minlength=n_s1)
            self.school_res -= np.bincount(old, minlength=n_s1)
            school = y.school[moved]
            self.school_slot[moved] = school
            self.school_idx[moved] = np.where(school >= 0, school, n_s1 - 1)
            new = self.school_idx[moved]
            self.school_tw += np.bincount(new, weights=self.tw[moved], minlength=n_s1)
            self.school_res += np.bincount(new, minlength=n_s1)

    def _reach_weights(self, model, idx) -> None:
        """Compute the contact weights of the slots ``idx``.

        They change only with age, student status, a new occupant (demography) or the yearly targeting
        weights, so they are kept between steps.
        """
        y = model.y
        age = model.age[idx]
        student = y.student[idx]
        self.street_w[idx] = (y.street_propensity[idx] * ((age >= 12) & (age <= 21))
                              * np.where(student, np.float32(0.3), np.float32(1.0)) * self.tw_amb[idx])
        self.reach_w[idx] = self.tw[idx] * np.where(student, np.float32(0.1), np.float32(1.0))

    def effectiveness(self) -> tuple[float, float, float]:
        """Return the current effectiveness multipliers: Bindkracht10, jeugdcoaches, ambulant team."""
        p = self.p
        e_bk = vakmanschap_effect(self.vak_level["bk10"], p["vakmanschap_gain_max"],
                                  p["vakmanschap_half_share"])
        e_jc = vakmanschap_effect(self.vak_level["jc"], p["vakmanschap_gain_max"],
                                  p["vakmanschap_half_share"])
        e_amb = (self.amb_bk_share * e_bk + (1 - self.amb_bk_share) * e_jc) * (
            1.0 + p["ambulant_team_investment_gain"] * self.invest_level)
        return e_bk, e_jc, e_amb

    def ambulant_hours_per_wijk(self, model, t: int) -> np.ndarray:
        """Ambulant hours per wijk this week (event weeks boosted, annual hours conserved)."""
        return self.amb_hours * model.event_factor[t] * self.amb_share

    # ------------------------------------------------------------------ weekly step
    def step(self, model, t: int) -> None:
        """Deliver this week's youth work: contacts, relations, factor gains, signals, IB and SWF."""
        p, y = self.p, model.y
        cal = model.calendar
        for org in ("bk10", "jc"):  # training and method development take about a year to pay off
            self.vak_level[org] += (self.vak_target[org] - self.vak_level[org]) / 52.0
        self.invest_level += (self.invest_target - self.invest_level) / 52.0
        e_bk, e_jc, e_amb = self.effectiveness()
        school_week = bool(cal.school_week[t])
        self._update_sums(model)
        wijk, sidx = self.wijk_slot, self.school_idx
        lam, cum = self.lam, self.cum
        n_s = self.school_pupils.shape[0]

        # Contact intensities (expected contacts per youth this week) per form -> cumulative probabilities
        # of the competing forms: ambulant, SJW, wijk work, VSO (jeugdcoaches). Rates are negated so that
        # P(contact) = -expm1(-lam) takes two passes.
        amb_w = self.ambulant_hours_per_wijk(model, t)
        # The weight sums count agents; one agent stands for `scale` youths, so contacts per youth divide
        # by scale x the sum (else a reduced-scale run gives every youth ~scale times the contacts).
        per_youth = 1.0 / model.scale
        rate = _rate(amb_w * (p["ambulant_contacts_per_hour"] * per_youth), self.den_street)
        rate.take(wijk, out=lam, mode="clip")  # valid indices; "clip" avoids take's buffered out=
        lam *= self.street_w
        np.expm1(lam, out=cum[0])
        np.negative(cum[0], out=cum[0])
        if school_week:
            # Residents stand for the school's whole population: per-pupil rate uses DUO pupil numbers.
            tw_pupils = self.school_tw[:n_s] * self.school_pupils
            per_tw = np.divide(self.school_res[:n_s], tw_pupils, out=np.zeros(n_s),
                               where=self.school_tw[:n_s] > 1e-9)
            rate_s = np.zeros(n_s + 1, np.float32)  # index n_s (no school in the city) -> 0
            rate_s[:n_s] = -(self.sjw_school_hours * p["sjw_contacts_per_hour"] * per_tw)
            rate_s.take(sidx, out=lam, mode="clip")
            lam *= self.tw
            np.expm1(lam, out=lam)
            np.subtract(cum[0], lam, out=cum[1])
            self.week["sjw_hours"] = float(self.sjw_school_hours.sum())
            self.week["vso_hours"] = float(self.vso_school_hours.sum())
        else:
            cum[1] = cum[0]
            self.week["sjw_hours"] = self.week["vso_hours"] = 0.0
        wijk_h = self.wijk_hours * self.wijk_share
        rate = _rate(wijk_h * (p["wijk_contacts_per_hour"] * per_youth), self.den_reach)
        rate.take(wijk, out=lam, mode="clip")
        lam *= self.reach_w
        np.expm1(lam, out=lam)
        np.subtract(cum[1], lam, out=cum[2])
        if school_week:
            rate_v = np.zeros(n_s + 1, np.float32)
            rate_v[:n_s] = -(self.vso_school_hours * p["sjw_contacts_per_hour"] * per_tw)
            rate_v.take(sidx, out=lam, mode="clip")
            lam *= self.tw
            np.expm1(lam, out=lam)
            np.subtract(cum[2], lam, out=cum[3])
        else:
            cum[3] = cum[2]
        self.week["sjw_hours_allocated"] = float(self.sjw_school_hours.sum()) if school_week else 0.0
        self.week["ambulant_hours"] = float(amb_w.sum())
        self.week["wijk_hours"] = float(wijk_h.sum())

        # One uniform per youth: contacted when u < cum[3]; the form is the interval u falls in.
        self.rng.random(out=self.u, dtype=np.float32)
        u = self.u
        con = (u < cum[3]).nonzero()[0]
        uc = u[con]
        bounds = np.zeros((5, con.size), np.float32)
        bounds[1:] = cum[:, con]
        form = (uc >= bounds[1]).astype(np.intp)
        form += uc >= bounds[2]
        form += uc >= bounds[3]
        # Relation builds with contact, decays without (programme youths are in weekly contact).
        rel = y.relation
        touched = np.greater(y.programme, 0, out=self.touched)
        touched[con] = True
        upd = touched.nonzero()[0]
        before = rel[upd]
        rel *= np.float32(1.0 - p["relation_decay_per_week"])
        rel[upd] = before + np.float32(p["relation_gain_per_contact"]) * (np.float32(1.0) - before)
        # Factor gains (only the factors a form works on), clipped at 1 as they are added.
        P = y.P
        idx_a, idx_s, idx_w, idx_v = (con[form == k] for k in range(4))
        _gain(P, idx_a, GAIN_IDX["ambulant"], np.float32(p["contact_gain_ambulant"] * e_amb))
        if idx_s.size:
            dose = self.sjw_dose[y.school[idx_s]]  # float64: the signal probability below uses it as such
            _gain(P, idx_s, GAIN_IDX["sjw"],
                  np.float32(p["contact_gain_sjw"] * e_bk) * dose.astype(np.float32))
        _gain(P, idx_w, GAIN_IDX["wijk"], np.float32(p["contact_gain_wijk"] * e_bk))
        _gain(P, idx_v, GAIN_IDX["vso"], np.float32(p["contact_gain_sjw"] * e_jc))
        # Signals: where u falls inside its form's interval is itself uniform; a contact signals rising risk
        # with probability signal_per_contact x relation (x SJW dose at school).
        cols = np.arange(con.size)
        lower, upper = bounds[form, cols], bounds[form + 1, cols]
        width = upper - lower
        v = (uc - lower) / width  # lower <= u < upper for a contacted youth, so width > 0
        q = p["signal_per_contact"] * rel[con]
        if idx_s.size:
            q[form == 1] *= dose
        new_signal = con[(v < q) & (model.risk_score[con] > model.signal_threshold) & (y.jh_level[con] == 0)]
        y.signal_until[new_signal] = t + int(p["signal_weeks"])
        np.greater(y.signal_until, t, out=y.signalled)
        self.week.update(contacts_ambulant=idx_a.size * model.scale, contacts_sjw=idx_s.size * model.scale,
                         contacts_wijk=idx_w.size * model.scale, contacts_vso=idx_v.size * model.scale,
                         signals=new_signal.size * model.scale)
        self._programmes(model, e_bk, e_jc)

    # ------------------------------------------------------------------ IB and SWF
    def _programmes(self, model, e_bk: float, e_jc: float) -> None:
        p, y = self.p, model.y
        age = model.age
        self.rng.random(out=self.u_prog, dtype=np.float32)
        in_prog = (y.programme > 0).nonzero()[0]
        y.programme_weeks_left[in_prog] -= 1
        ends = (y.programme_weeks_left[in_prog] <= 0) | (y.jh_level[in_prog] == 3)
        ending = in_prog[ends]
        y.programme[ending] = 0
        y.programme_weeks_left[ending] = 0
        self.ib_count = int(np.count_nonzero(y.programme[in_prog] == IB))
        self.swf_count = int(np.count_nonzero(y.programme[in_prog] == SWF))
        free_ib = self.ib_slots - self.ib_count
        intake_ib = 0
        chosen_ib = chosen_swf = in_prog[:0]
        if free_ib > 0:
            # Known to youth work (a meaningful relation or a signal): a pool of a few thousand, then the
            # other conditions on the pool only.
            known = np.greater_equal(y.relation, p["meaningful_relation"], out=self.touched)
            known |= y.signalled
            cand = known.nonzero()[0]
            cand = cand[(y.programme[cand] == 0) & ~y.student[cand] & (y.jh_level[cand] < 3)]
            score = model.risk_score[cand] + 0.3 * (y.jh_level[cand] > 0) + 0.2 * y.vulnerable[cand]
            chosen_ib = cand[_top(score, free_ib)]
            self._start(y, chosen_ib, IB, p["ib_mean_weeks"])
            intake_ib = chosen_ib.size
        free_swf = self.swf_slots - self.swf_count
        intake_swf = 0
        if free_swf > 0:
            cand = ((y.jv & (y.relation >= 0.1)) | y.dropout).nonzero()[0]
            cand = cand[(y.programme[cand] == 0) & ~y.student[cand] & (age[cand] >= 12)
                        & (y.jh_level[cand] < 3)]
            score = model.delinquency[cand] + 0.5 * y.dropout[cand]
            chosen_swf = cand[_top(score, free_swf)]
            self._start(y, chosen_swf, SWF, p["swf_mean_weeks"])
            intake_swf = chosen_swf.size
        # In a programme now: those who did not end, and the new intake (chosen among youths in none, so
        # the three sets are disjoint; the order of the slots does not matter below).
        in_prog = np.concatenate((in_prog[~ends], chosen_ib, chosen_swf))
        kind = y.programme[in_prog]
        ib, swf = in_prog[kind == IB], in_prog[kind == SWF]
        self.ib_count, self.swf_count = ib.size, swf.size
        gain = np.float32(p["ib_weekly_gain"])
        for rows, weights, e in ((ib, IB_WEIGHTS, e_bk), (swf, SWF_WEIGHTS, e_jc)):
            if rows.size:  # a few dozen youths: all their factors at once, clipped at 1
                y.P[rows] = np.minimum(y.P[rows] + gain * np.float32(e) * weights, np.float32(1.0))
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
