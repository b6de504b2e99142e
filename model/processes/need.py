"""Latent need for youth care: none, mild, moderate or severe, driven by the risk and protective factors.

Each youth has a need state (``need``: 0 none, 1 mild, 2 moderate, 3 severe). Every week one uniform per
youth decides, as competing risks, onset (0 -> 1), escalation (k -> k + 1) or remission (k -> k - 1):

* onset = ``need_onset_per_year`` (boys at the peak age at the population's mean scores) x the age profile
  (``need_onset_age10_relative`` at 10 rising linearly to 1 at ``need_onset_peak_age``,
  ``need_onset_adult_relative`` from 18)
  x for girls, relative to boys of the same age and scores: ``need_onset_girls_age10_relative`` at 10,
  linear to ``need_onset_girls_peak_relative`` from the peak age (CBS B1.4/B1.5: boys peak at 8-12 and
  are ~1.4 per girl in care under 23, girls the larger group at 12-17; girls' higher mental strain is
  already in their risk score, so the sex factor only carries what the risk factors do not measure)
  x exp(``need_risk_coefficient`` z_risk - ``need_protective_coefficient`` z_protect);
* escalation = ``need_escalation_per_year`` x the same factor exp(...) x (1 - ``care_escalation_effect``
  while in care);
* remission = ``need_remission_per_year`` (M1: 54% of untreated youths recover within a year)
  x ``need_remission_level_ratio`` ** (level - 1) x exp(``need_remission_protective_coefficient`` z_protect)
  x (1 + ``care_remission_effect`` in care, times ``care_early_start_gain`` if care started at mild need)
  x (1 + ``programme_remission_effect`` in IB or SWF).

z = (score - mean) / SD of the initial population's risk and protection scores, so the coefficients are
log-hazards per SD (the unit of the meta-analyses). Weekly probabilities are ``1 - (1 - p_year) ** (1/52)``.
A newcomer's need is drawn from the chain's stationary distribution at the youth's own hazards without care
(so prevalence at 10 follows the age profile instead of starting at zero). The start state runs each youth's
history: from that distribution at 10, through the years of age before their own in steps of
``HISTORY_STEP_WEEKS`` weeks, with the onset of each age and the care pathway (detection, care's effects on
escalation and remission, the end of care) at the youth's starting scores. (Drawn at the youth's own age
without care, need among the under-18s is too high: it fell by a sixth in the first simulated years, and the
care that follows need with it.)
"""

from __future__ import annotations

import numpy as np

from ..numerics import TINY_F32, max_exp, slack_f32
from ..params import weekly
from ..population import AGE_ADULT, AGE_MAX, AGE_MIN, AGE_SECONDARY, HISTORY_STEP_WEEKS, WEEKS_PER_YEAR
from ..process import Process, State, Weekly, Yearly

NO_NEED, MILD, MODERATE, SEVERE = range(4)
LEVELS = SEVERE + 1
# Care in the warm start's history: out of care, in care, in care begun at mild need (the early-start gain).
OUT_OF_CARE, IN_CARE, IN_CARE_EARLY = range(3)


class Need(Process):
    """Onset, escalation and remission of latent need."""

    name = "need"
    states = (
        State("need", "int8", "latent need for care: 0 none, 1 mild, 2 moderate, 3 severe", init=None),
        State("need_untreated_weeks", "int32", "weeks with need and without care since the need began"),
    )
    results = (
        Weekly("need_onsets", "youths/week", "Nieuwe zorgbehoefte", "New need for care"),
        Weekly("need_escalations", "youths/week", "Zwaardere zorgbehoefte", "Need escalating"),
        Weekly("need_remissions", "youths/week", "Herstel zorgbehoefte", "Need remitting", series=False),
        Weekly("need_any", "youths", "Jongeren met zorgbehoefte", "Youths with a need for care", year="mean"),
        Weekly("need_untreated_modsev", "youth-weeks/week", "Onbehandelde matige/ernstige behoefte",
               "Untreated moderate or severe need"),
        Yearly("need_onsets_per_year", "kpis", "youths/year", "Voorkomen: nieuwe zorgbehoefte per jaar",
               "Prevent: new need for care per year", sources=("need_onsets",)),
        Yearly("need_escalations_per_year", "kpis", "youths/year",
               "Voorkomen: zwaardere zorgbehoefte per jaar", "Prevent: need escalations per year",
               sources=("need_escalations",)),
        Yearly("need_untreated_modsev_weeks", "kpis", "youth-weeks/year",
               "Onbehandelde matige/ernstige zorgbehoefte (jongerweken)",
               "Untreated moderate or severe need (youth-weeks)", sources=("need_untreated_modsev",)),
        Yearly("need_prevalence_10_17", "kpis", "share", "Zorgbehoefte 10-17 jaar (eind jaar)",
               "Need for care 10-17 (end of year)", fmt="%", ages=(10, 17)),
    )

    def __init__(self, model) -> None:
        super().__init__(model)
        p, n = model.params, model.y.n
        self.p = p
        model.y.need = np.zeros(n, np.int8)
        self.u = model.uniforms
        self.onset = np.empty(n, np.float32)    # weekly onset hazard at mean scores, by age and sex
        self.h_esc = weekly(p["need_escalation_per_year"])
        ratio = p["need_remission_level_ratio"]
        self.h_rem = weekly(p["need_remission_per_year"]) * ratio ** np.arange(-1, SEVERE)
        self.h_rem[0] = 0.0
        self.coef = (0.0, 0.0, 0.0, 0.0)
        # onset_base depends on age in years and sex alone: kept as a table (girls row 0, boys row 1; up to
        # the age of leaving) and gathered, the same values as computing it per youth.
        ages = np.arange(AGE_MAX + 2, dtype=np.int32)
        self.onset_table = np.stack([self.onset_base(ages, np.zeros(ages.size, bool)),
                                     self.onset_base(ages, np.ones(ages.size, bool))])

    # ------------------------------------------------------------------ hazards
    def onset_base(self, age: np.ndarray, male: np.ndarray) -> np.ndarray:
        """Weekly onset hazard at mean scores by age and sex (float32)."""
        p = self.p
        a10, peak = p["need_onset_age10_relative"], p["need_onset_peak_age"]
        prof = np.where(age >= AGE_ADULT, p["need_onset_adult_relative"],
                        np.where(age >= peak, 1.0,
                                 a10 + (1.0 - a10) * (age - AGE_MIN).clip(0) / (peak - AGE_MIN)))
        g10, gpk = p["need_onset_girls_age10_relative"], p["need_onset_girls_peak_relative"]
        girls = g10 + (gpk - g10) * ((age - AGE_MIN).clip(0) / (peak - AGE_MIN)).clip(max=1.0)
        prof = np.where(male, prof, prof * girls)
        return (weekly(p["need_onset_per_year"]) * prof).astype(np.float32)

    def onset_of(self, age: np.ndarray, male: np.ndarray) -> np.ndarray:
        """Return :meth:`onset_base` of youths of ``age`` and ``male`` from the kept table (float32)."""
        return self.onset_table[male.view(np.uint8), age]

    def _factor_term(self, risk: np.ndarray, protect: np.ndarray,
                     out: np.ndarray | None = None) -> np.ndarray:
        """Return exp(b_r z_risk - b_p z_protect) (float32) for the given scores."""
        a, b, c, _ = self.coef
        out = np.multiply(risk, np.float32(a), out=out)
        out -= np.float32(b) * protect
        out += np.float32(c)
        return np.exp(out, out=out)

    def _stationary(self, model, slots: np.ndarray, risk: np.ndarray, protect: np.ndarray,
                    age: np.ndarray | None = None) -> np.ndarray:
        """Draw need for ``slots`` from the stationary distribution of their own chain without care.

        ``age``: the age whose onset applies (default: the youths' own).
        """
        y, p = model.y, self.p
        x = self._factor_term(risk, protect)
        rem = np.exp(p["need_remission_protective_coefficient"] * (protect - model.scores.protect_ref)
                     / self.sd_p)
        on = self.onset_of(y.age[slots] if age is None else age, y.male[slots]) * x
        esc = self.h_esc * x
        pi = np.empty((SEVERE + 1, slots.size))
        pi[0] = 1.0
        pi[MILD] = on / (self.h_rem[MILD] * rem)
        pi[MODERATE] = pi[MILD] * esc / (self.h_rem[MODERATE] * rem)
        pi[SEVERE] = pi[MODERATE] * esc / (self.h_rem[SEVERE] * rem)
        cdf = np.cumsum(pi, axis=0) / pi.sum(axis=0)
        u = self.rng.random(slots.size)
        return (u[None, :] >= cdf[:SEVERE]).sum(axis=0).astype(np.int8)

    def _history(self, model, slots: np.ndarray) -> np.ndarray:
        """Draw need for ``slots`` by running each youth's need and care from 10 to their current age.

        A youth starts at 10 from the stationary distribution without care (as a 10-year-old newcomer
        does), then moves in steps of ``HISTORY_STEP_WEEKS`` weeks at their current scores through the ages
        before their own: onset by the age profile, escalation and remission with care's effects, and care
        entered by detection and left at need none or by an administrative end
        (:meth:`Jeugdhulp.history_hazards`). Returns need at the current age; care is then drawn given need
        by the jeugdhulp process. Youth work, life events and changing factors are not part of the history.
        """
        y, p = model.y, self.p
        k_w = HISTORY_STEP_WEEKS
        spy = WEEKS_PER_YEAR // k_w  # steps per year

        def per_step(h):  # a weekly probability over k_w weeks
            return 1.0 - (1.0 - np.minimum(h, 1.0)) ** k_w

        age_now = y.age[slots]
        order = np.argsort(-age_now, kind="stable")  # oldest first: the youths in history are a prefix
        idx = slots[order]
        age_now = age_now[order].astype(np.int64)
        male = y.male[idx]
        n = idx.size
        x32 = self._factor_term(y.risk_score[idx], y.protect_score[idx])
        x = x32.astype(np.float64)
        r = np.exp(p["need_remission_protective_coefficient"]
                   * (y.protect_score[idx] - model.scores.protect_ref) / self.sd_p)
        det, end = model.jeugdhulp.history_hazards(model, idx)
        # Detection per step by (age band, youth, need), flat: band b, youth i, need m at (b n + i) LEVELS + m
        det_flat = np.ascontiguousarray(per_step(det.astype(np.float32)).transpose(0, 2, 1)).ravel()
        end = per_step(end.astype(np.float32))
        # Per youth and code = care state x LEVELS + need: the step's escalation (or onset) probability e
        # and e + the remission probability (competing risks on one uniform, as in the weekly step), row-major
        # by youth so that a step gathers both from one index. Code 0 (out of care, no need) holds the onset
        # of the youth's age that year.
        esc = self.h_esc * x
        care_esc = 1.0 - p["care_escalation_effect"]
        care_rem = 1.0 + p["care_remission_effect"]
        early_rem = 1.0 + p["care_remission_effect"] * p["care_early_start_gain"]
        width = (IN_CARE_EARLY + 1) * LEVELS
        E = np.zeros((n, width), np.float32)
        ER = np.zeros((n, width), np.float32)
        for care, esc_f, rem_f in ((OUT_OF_CARE, 1.0, 1.0), (IN_CARE, care_esc, care_rem),
                                   (IN_CARE_EARLY, care_esc, early_rem)):
            for level in (MILD, MODERATE, SEVERE):
                e = per_step(esc * esc_f) if level < SEVERE else np.zeros(n)
                E[:, care * LEVELS + level] = e
                rem = np.minimum(per_step(self.h_rem[level] * r * rem_f), 1.0 - e)
                ER[:, care * LEVELS + level] = e + rem
        E_flat, ER_flat = E.ravel(), ER.ravel()
        # Start at 10: the stationary distribution without care.
        need = self._stationary(model, idx, y.risk_score[idx], y.protect_score[idx],
                                age=np.full(n, AGE_MIN, np.int32)).astype(np.intp)
        state = np.zeros(n, np.intp)  # care state x LEVELS
        steps_in = (age_now - AGE_MIN) * spy  # steps of history before the current age
        first = -int(steps_in.max(initial=0))
        active = np.searchsorted(-steps_in, np.arange(first, 0), side="right")
        row_codes = np.arange(n) * width
        row_levels = np.arange(n) * LEVELS
        det_at = np.empty(n, np.intp)  # per youth: where their detection at this year of age starts
        end_t = np.empty(n, np.float32)
        for j, k in zip(range(first, 0), active, strict=True):
            if j % spy == 0:  # a new year of age (and the first step of every youth): onset, detection, end
                age_t = age_now[:k] + j // spy
                adult = age_t >= AGE_ADULT
                E[:k, 0] = per_step(self.onset_of(age_t.astype(np.int32), male[:k]) * x32[:k])
                ER[:k, 0] = E[:k, 0]
                band = adult.astype(np.intp) + (age_t >= AGE_SECONDARY)  # child, pupil, adult
                np.multiply(band, LEVELS * n, out=det_at[:k])
                det_at[:k] += row_levels[:k]
                end_t[:k] = end[adult.astype(np.intp)]
            nd, st = need[:k], state[:k]
            u = self.rng.random(k, dtype=np.float32)
            at = row_codes[:k] + st
            at += nd
            e = E_flat[at]
            down = u < ER_flat[at]
            up = u < e
            down &= ~up
            nd += up
            nd -= down
            u = self.rng.random(k, dtype=np.float32)
            d = det_flat[det_at[:k] + nd]
            enter = u < d
            enter &= st == 0
            leave = u < end_t[:k]
            leave |= nd == NO_NEED
            leave &= st > 0
            st[leave] = OUT_OF_CARE
            st[enter] = np.where(nd[enter] == MILD, IN_CARE_EARLY * LEVELS, IN_CARE * LEVELS)
        out = np.empty(n, np.int8)
        out[order] = need  # back to the order of slots
        return out

    def initialise(self, model) -> None:
        """Set the score standardisation of the initial population and draw the starting need."""
        y, p, s = model.y, self.p, model.scores
        self.sd_r = max(float(y.risk_score.std()), TINY_F32)
        self.sd_p = max(float(y.protect_score.std()), TINY_F32)
        a = p["need_risk_coefficient"] / self.sd_r
        b = p["need_protective_coefficient"] / self.sd_p
        self.coef = (a, b, b * s.protect_ref - a * s.risk_ref, 0.0)
        self.onset[:] = self.onset_of(y.age, y.male)
        y.need[:] = self._history(model, np.arange(y.n))

    def enter(self, model, slots) -> None:
        """Draw a newcomer's need from the stationary profile at their age and starting factors."""
        y = model.y
        risk = (y.R[slots] * model.scores.weights).sum(axis=1)  # no BLAS call for a few dozen rows
        protect = y.P[slots].mean(axis=1)
        y.need[slots] = self._stationary(model, slots, risk, protect)
        y.need_untreated_weeks[slots] = 0

    # ------------------------------------------------------------------ weekly step
    def step(self, model) -> None:
        """Draw this week's onsets, escalations and remissions."""
        y, p = model.y, self.p
        changed = model.demography.changed
        if changed.size:  # birthdays and newcomers change the age/sex profile
            self.onset[changed] = self.onset_of(y.age[changed], y.male[changed])
        self.rng.random(out=self.u, dtype=np.float32)
        u = self.u
        # Thinning (model/numerics.py): onset is possible only where u lies below the largest onset hazard
        # of the week (the factor term at the week's extreme scores); the decisions are those of the full
        # computation, which the factor term is then computed for (elementwise, so the same values).
        a, b, c, _ = self.coef
        x_max = (max_exp(a, float(y.risk_score.min()), float(y.risk_score.max()))
                 * max_exp(-b, float(y.protect_score.min()), float(y.protect_score.max())) * np.exp(c))
        cand = (u < slack_f32(float(self.onset.max()) * x_max)).nonzero()[0]
        cand = cand[y.need[cand] == NO_NEED]
        x_cand = self._factor_term(y.risk_score[cand], y.protect_score[cand])
        onset = cand[u[cand] < self.onset[cand] * x_cand]
        needy = (y.need > NO_NEED).nonzero()[0]
        lvl = y.need[needy]
        in_care = y.jh_level[needy] > 0
        xe = self._factor_term(y.risk_score[needy], y.protect_score[needy])
        h_esc = np.where(lvl < SEVERE, self.h_esc * xe, 0.0)
        h_esc = np.where(in_care, h_esc * (1.0 - p["care_escalation_effect"]), h_esc)
        gain = np.where(y.jh_entry_need[needy] == MILD, p["care_early_start_gain"], 1.0)
        rem = self.h_rem[lvl] * np.exp(p["need_remission_protective_coefficient"]
                                       * (y.protect_score[needy] - model.scores.protect_ref) / self.sd_p)
        rem = np.where(in_care, rem * (1.0 + p["care_remission_effect"] * gain), rem)
        rem = np.where(y.programme[needy] > 0, rem * (1.0 + p["programme_remission_effect"]), rem)
        un = u[needy]
        escalating = needy[un < h_esc]
        remitting = needy[(un >= h_esc) & (un < h_esc + np.minimum(rem, 1.0 - h_esc))]
        y.need_untreated_weeks[needy[~in_care]] += 1
        y.need[escalating] += 1
        y.need[remitting] -= 1
        y.need_untreated_weeks[remitting[y.need[remitting] == NO_NEED]] = 0
        y.need[onset] = MILD
        self.week.update(need_onsets=onset.size, need_escalations=escalating.size,
                         need_remissions=remitting.size)

    def record(self, model) -> None:
        """Youths with need, and untreated moderate or severe need, after this week."""
        y = model.y
        self.week.update(need_any=np.count_nonzero(y.need),
                         need_untreated_modsev=np.count_nonzero((y.need >= MODERATE) & (y.jh_level == 0)))

    def close_year(self, model, year) -> None:
        """Prevalence of need at 10-17 at the end of the year."""
        y = model.y
        year.set("need_prevalence_10_17", year.share(y.need > 0, year.mask("need_prevalence_10_17")))
