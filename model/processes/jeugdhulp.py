"""Jeugdhulp (youth care): entry, level, escalation and exit — with the three pathways of youth work.

Levels: 0 none, 1 light (buurtteam / ambulant), 2 specialist without stay, 3 with stay.

* Entry hazard = base(age) x exp(risk_coefficient x (risk - risk_ref) - protective_coefficient x
  (protection - protection_ref)) x (1 - relation_entry_effect x relation) x (acceleration if signalled).
  The reference values are the initial population means, so ``jh_entry_per_year_u18`` is close to the
  population-average yearly entry probability.
* *voorkomen* (prevent): a relation with a youth worker lowers the entry hazard and the escalation from
  light to specialist help; youth work also raises protective factors (factors process).
* *versnellen* (accelerate): a youth worker's signal raises the entry hazard (earlier) and lowers the chance
  that help starts specialist (``jh_signal_specialist_ratio``: lighter). Entering care uses up the signal.
* *verkorten* (shorten): a relation raises the exit hazard.
The process also reports, every week, the expected entries prevented and care-weeks shortened by the
relation terms (the difference between the hazards with and without them); the counterfactual run
without youth work (``geen-jongerenwerk``) measures all pathways together, including factor effects.
One uniform per youth per week decides entry and its level, or exit/escalation for youths in care.
"""

from __future__ import annotations

import numpy as np

from ..numerics import TINY, TINY_F32
from ..params import weekly
from ..population import AGE_ADULT, WEEKS_PER_YEAR
from ..process import Process, State, Weekly, Yearly

NONE, LIGHT, SPECIALIST, STAY = range(4)  # care levels (jh_level)


def _entries_kpi(name: str, nl: str, en: str, *sources: str, fmt: str = "n") -> Yearly:
    return Yearly(name, "kpis", "youths/year", nl, en, fmt=fmt, sources=sources)


class Jeugdhulp(Process):
    """Youth-care trajectories."""

    name = "jeugdhulp"
    states = (
        State("jh_level", "int8", "care level: 0 none, 1 light, 2 specialist, 3 with stay"),
        State("jh_weeks", "int32", "weeks in the current trajectory"),
        State("jh_year_any", "bool", "in care at some point this year", init=False,
              year_start=lambda y: y.jh_level > NONE),
        State("jh_year_stay", "bool", "in help with stay at some point this year", init=False,
              year_start=lambda y: y.jh_level == STAY),
    )
    results = (
        Weekly("in_care", "youths", "Jongeren in jeugdhulp", "Youths in jeugdhulp", year="mean",
               collect=True),
        Weekly("in_care_u18", "youths", "Jongeren 10-17 in jeugdhulp", "Youths 10-17 in jeugdhulp",
               year="mean", ages=(10, 17)),
        Weekly("in_care_stay", "youths", "Jongeren in jeugdhulp met verblijf", "Youths in care with stay",
               year="mean"),
        Weekly("jh_entries", "youths/week", "Instroom jeugdhulp", "Jeugdhulp entries", collect=True),
        Weekly("jh_entries_signalled", "youths/week", "Instroom na signaal jongerenwerk",
               "Entries after a youth-work signal"),
        Weekly("jh_exits", "youths/week", "Uitstroom jeugdhulp", "Jeugdhulp exits"),
        Weekly("jh_escalations", "youths/week", "Opschaling jeugdhulp", "Escalations to heavier care"),
        Weekly("jh_prevented_expected", "youths/week", "Verwachte instroom voorkomen (relatie)",
               "Expected entries prevented (relation)"),
        Weekly("jh_weeks_shortened_expected", "care-weeks/week", "Verwachte zorgweken bespaard (relatie)",
               "Expected care-weeks saved (relation)"),
        Weekly("jh_entries_light", "youths/week", "Instroom lichte hulp", "Entries into light help",
               series=False),
        Weekly("jh_entries_specialist", "youths/week", "Instroom specialistische hulp",
               "Entries into specialist help", series=False),
        Weekly("jh_entries_stay", "youths/week", "Instroom hulp met verblijf", "Entries into help with stay",
               series=False),
        Weekly("jh_exit_weeks", "care-weeks/week", "Zorgweken van beëindigde trajecten",
               "Care-weeks of the trajectories that ended", series=False),
        Weekly("jh_care_cost", "EUR/week", "Kosten jeugdhulp", "Cost of youth care", series=False),
        Yearly("jeugdhulp_prevalence_u18", "kpis", "share", "Jeugdhulp 10-17 jaar (aandeel per jaar)",
               "Youth care 10-17 (share per year)", fmt="%", ages=(10, 17)),
        _entries_kpi("jeugdhulp_entries_per_year", "Instroom jeugdhulp per jaar",
                     "Youth-care entries per year", "jh_entries"),
        Yearly("jeugdhulp_mean_duration_years", "kpis", "years", "Gemiddelde duur jeugdhulptraject (jaar)",
               "Mean youth-care trajectory (years)", fmt="f2"),
        Yearly("jeugdhulp_with_stay_share", "kpis", "share", "Aandeel jeugdhulp met verblijf",
               "Share of youth care with stay", fmt="%"),
        Yearly("jeugdhulp_prevalence_18_23", "kpis", "share", "Jeugdhulp 18-23 jaar (aandeel per jaar)",
               "Youth care 18-23 (share per year)", fmt="%", ages=(18, 23)),
        _entries_kpi("jeugdhulp_entries_specialist_per_year", "Instroom specialistische jeugdhulp per jaar",
                     "Specialist youth-care entries per year", "jh_entries_specialist", "jh_entries_stay"),
        _entries_kpi("jeugdhulp_entries_accelerated", "Versneld: instroom na signaal jongerenwerk",
                     "Accelerated: entries after a youth-work signal", "jh_entries_signalled"),
        _entries_kpi("jeugdhulp_entries_prevented_expected",
                     "Voorkomen: verwachte instroom voorkomen (relatie)",
                     "Prevented: expected entries prevented (relation)", "jh_prevented_expected", fmt="f1"),
        Yearly("jeugdhulp_weeks_shortened_expected", "kpis", "care-weeks/year",
               "Verkort: verwachte zorgweken bespaard (relatie)",
               "Shortened: expected care-weeks saved (relation)",
               sources=("jh_weeks_shortened_expected",)),
        _entries_kpi("jeugdhulp_escalations_per_year", "Opschaling naar zwaardere jeugdhulp per jaar",
                     "Escalations to heavier care per year", "jh_escalations"),
        Yearly("jeugdhulp_cost_eur_per_year", "kpis", "EUR/year", "Kosten jeugdhulp per jaar (€)",
               "Cost of youth care per year (EUR)", fmt="eur", sources=("jh_care_cost",)),
        Yearly("jeugdhulp_prevalence_u18_vulnerable", "kpis", "share", "Jeugdhulp 10-17, kwetsbaar",
               "Youth care 10-17, vulnerable", fmt="%", ages=(10, 17)),
        Yearly("jeugdhulp_prevalence_u18_other", "kpis", "share", "Jeugdhulp 10-17, overig",
               "Youth care 10-17, others", fmt="%", ages=(10, 17)),
        Yearly("jeugdhulp_in_care_10_17", "per_wijk", "youths", "Jongeren 10-17 in jeugdhulp",
               "Youths 10-17 in jeugdhulp", scales=True, ages=(10, 17)),
        Yearly("jeugdhulp_prevalence_u18", "per_wijk", "share", "Jeugdhulp 10-17 jaar (%)",
               "Jeugdhulp 10-17 (%)", fmt="%", ages=(10, 17)),
        Yearly("jeugdhulp_prevalence", "per_group", "share", "Jeugdhulp (aandeel per jaar)",
               "Youth care (share per year)", fmt="%"),
    )

    def __init__(self, model) -> None:
        super().__init__(model)
        p = model.params
        self.p = p
        n = model.y.n
        self.u = model.uniforms  # shared scratch (see JwsimModel)
        self.h = np.empty(n, np.float32)        # entry hazard (preallocated: rewritten every step)
        self.tmp = np.empty(n, np.float32)       # 1 - relation_entry_effect x relation after entry_hazard
        self.ratio = np.empty(n, np.float32)
        # Base hazard per slot by age (adults at jh_entry_adult_relative): changes only at birthdays.
        self.base = np.empty(n, np.float32)
        self.h_entry = weekly(p["jh_entry_per_year_u18"])
        self.h_exit = np.array([0.0, 1 / (WEEKS_PER_YEAR * p["jh_duration_light_years"]),
                                1 / (WEEKS_PER_YEAR * p["jh_duration_specialist_years"]),
                                1 / (WEEKS_PER_YEAR * p["jh_duration_stay_years"])])
        self.h_escalate = weekly(p["jh_escalation_per_year"])
        self.h_escalate_stay = p["jh_stay_escalation_relative"] * self.h_escalate
        # Cost per week of a youth at each care level.
        self.cost_week = np.array([0.0, p["jh_cost_light_eur"], p["jh_cost_specialist_eur"],
                                   p["jh_cost_stay_eur"]]) / WEEKS_PER_YEAR
        self.in_care = np.zeros(0, np.intp)  # slots in care after the latest step
        self._refresh_base(model, np.arange(n))

    def initialise(self, model) -> None:
        """Start near the stationary stock: P(in care) ~ entry hazard x mean duration."""
        y, p = model.y, self.p
        h = self.entry_hazard(model, with_relation=True)
        spec = p["jh_initial_specialist_share"]
        mean_weeks = WEEKS_PER_YEAR * ((1 - spec) * p["jh_duration_light_years"]
                                       + spec * p["jh_duration_specialist_years"])
        prob = np.minimum(h * mean_weeks, p["jh_initial_stock_cap"])
        u = self.rng.random(y.n)
        in_care = u < prob
        v = np.divide(u, prob, out=np.ones(y.n), where=prob > 0)
        level = np.where(v < p["jh_initial_stay_share"], STAY, np.where(v < spec, SPECIALIST, LIGHT))
        y.jh_level[:] = np.where(in_care, level, NONE)
        y.jh_weeks[:] = np.where(in_care, (self.rng.random(y.n) * mean_weeks).astype(np.int32), 0)
        y.jh_year_any[:] = in_care
        y.jh_year_stay[:] = y.jh_level == STAY

    def _refresh_base(self, model, idx: np.ndarray) -> None:
        adult = model.y.age[idx] >= AGE_ADULT
        self.base[idx] = np.where(adult, self.h_entry * self.p["jh_entry_adult_relative"], self.h_entry)

    def entry_hazard(self, model, with_relation: bool = True) -> np.ndarray:
        """Weekly entry hazard of every youth (whatever their current state), float32.

        Returns a preallocated array that the next call overwrites.
        """
        y, p, scores = model.y, self.p, model.scores
        h, tmp = self.h, self.tmp
        f32 = np.float32
        # x = risk_coefficient (risk - risk_ref) - protective_coefficient (protection - protection_ref)
        np.multiply(y.risk_score, f32(p["jh_risk_coefficient"]), out=h)
        np.multiply(y.protect_score, f32(p["jh_protective_coefficient"]), out=tmp)
        h -= tmp
        h += f32(p["jh_protective_coefficient"] * scores.protect_ref
                 - p["jh_risk_coefficient"] * scores.risk_ref)
        np.exp(h, out=h)
        changed = model.demography.changed
        if changed.size:  # adulthood starts at a birthday at 18 or with a new occupant
            self._refresh_base(model,
                               changed[(y.age[changed] == AGE_ADULT) | model.demography.changed_entered])
        h *= self.base
        if with_relation:
            np.multiply(y.relation, f32(-p["jh_relation_entry_effect"]), out=tmp)
            tmp += f32(1.0)
            h *= tmp
        signalled = y.signalled.nonzero()[0]  # a few hundred youths
        h[signalled] *= f32(p["jh_signal_acceleration"])
        np.minimum(h, f32(p["jh_entry_hazard_cap"]), out=h)
        return h

    def step(self, model) -> None:
        """Draw this week's entries into youth care, their levels, escalations and exits."""
        y, p, risk_ref = model.y, self.p, model.scores.risk_ref
        self.rng.random(out=self.u, dtype=np.float32)
        u = self.u
        h = self.entry_hazard(model)
        # Youths in care (a few thousand): listed once; everyone else is out of care. Entry candidates are the
        # few youths whose uniform lies below their hazard; those in care among them cannot enter.
        inc = (y.jh_level > NONE).nonzero()[0]
        entering = (u < h).nonzero()[0]
        entering = entering[y.jh_level[entering] == NONE]
        # Expected entries prevented by the relation term this week (voorkomen, direct part):
        # sum over youths out of care of h x e / (1 - e), e = relation_entry_effect x relation.
        one_minus_e = self.tmp  # written by entry_hazard
        ratio = np.maximum(one_minus_e, np.float32(TINY_F32), out=self.ratio)
        np.subtract(np.float32(1.0), one_minus_e, out=one_minus_e)
        np.divide(one_minus_e, ratio, out=ratio)
        ratio *= h
        ratio[inc] = 0  # in care: no entry to prevent (the terms are >= 0, so this is x 0)
        prevented = float(ratio.sum(dtype=np.float64))  # float64 accumulation over ~40k youths
        # Level at entry: severity raises, a signal lowers the chance of specialist help.
        v = u[entering] / h[entering]
        sev = np.exp(p["jh_severity_coefficient"] * (y.risk_score[entering] - risk_ref))
        spec = np.minimum(p["jh_specialist_share_at_entry"] * sev, p["jh_specialist_share_cap"])
        signalled = y.signalled[entering]
        spec = np.where(signalled, spec * p["jh_signal_specialist_ratio"], spec)
        stay = spec * p["jh_stay_share_of_specialist"]
        level = np.where(v < stay, STAY, np.where(v < spec, SPECIALIST, LIGHT)).astype(np.int8)
        # Youths in care: exit, or escalation (light -> specialist, specialist -> stay).
        lvl = y.jh_level[inc]
        rel = y.relation[inc]
        adult = y.age[inc] >= AGE_ADULT
        h0_exit = self.h_exit[lvl] * np.where(adult, p["jh_exit_at_18_multiplier"], 1.0)
        h_exit = np.minimum(h0_exit * (1.0 + p["jh_relation_exit_effect"] * rel), p["jh_exit_hazard_cap"])
        h_esc = np.where(lvl == LIGHT, self.h_escalate, np.where(lvl == SPECIALIST, self.h_escalate_stay,
                                                                 0.0))
        h_esc = h_esc * (1.0 - p["jh_relation_entry_effect"] * rel)
        ui = u[inc]
        exits = ui < h_exit
        exiting = inc[exits]
        escalating = inc[(ui >= h_exit) & (ui < h_exit + h_esc)]
        shortened = float(((h_exit - h0_exit) / np.maximum(h0_exit, TINY)).sum())
        self.week.update(
            jh_entries=entering.size, jh_entries_light=int((level == LIGHT).sum()),
            jh_entries_specialist=int((level == SPECIALIST).sum()),
            jh_entries_stay=int((level == STAY).sum()),
            jh_entries_signalled=int(signalled.sum()), jh_exits=exiting.size,
            jh_exit_weeks=float(y.jh_weeks[exiting].sum()), jh_escalations=escalating.size,
            jh_prevented_expected=prevented, jh_weeks_shortened_expected=shortened,
        )
        y.jh_level[exiting] = NONE
        y.jh_weeks[exiting] = 0
        y.jh_level[escalating] += 1
        y.jh_level[entering] = level
        y.jh_weeks[entering] = 0
        model.youthwork.use_signals(model, entering)  # help has started: the signal has done its work
        # Slots in care after this week: those who did not exit and the entrants (disjoint; the order does
        # not matter below). Kept for the weekly record (levels and counts).
        self.in_care = inc = np.concatenate((inc[~exits], entering))
        y.jh_weeks[inc] += 1
        y.jh_year_any[inc] = True
        y.jh_year_stay[inc[y.jh_level[inc] == STAY]] = True

    def record(self, model) -> None:
        """Youths in care by level after this week, and the week's cost of care."""
        y = model.y
        in_care = self.in_care
        by_level = np.bincount(y.jh_level[in_care], minlength=STAY + 1)  # youths per care level (none at 0)
        self.week.update(in_care=by_level.sum(), in_care_u18=np.count_nonzero(y.age[in_care] < AGE_ADULT),
                         in_care_stay=by_level[STAY], jh_care_cost=float(by_level @ self.cost_week))

    def close_year(self, model, year) -> None:
        """Prevalences (any care during the year), durations and shares of the year."""
        y = model.y
        u18, adults = year.mask("jeugdhulp_prevalence_u18"), year.mask("jeugdhulp_prevalence_18_23")
        vul = y.vulnerable
        year.set("jeugdhulp_prevalence_u18", year.share(y.jh_year_any, u18))
        year.set("jeugdhulp_prevalence_18_23", year.share(y.jh_year_any, adults))
        year.set("jeugdhulp_prevalence_u18_vulnerable", year.share(y.jh_year_any, u18 & vul))
        year.set("jeugdhulp_prevalence_u18_other", year.share(y.jh_year_any, u18 & ~vul))
        exits = year.sums["jh_exits"]
        year.set("jeugdhulp_mean_duration_years",
                 year.sums["jh_exit_weeks"] / exits / WEEKS_PER_YEAR if exits else 0.0)
        any_care = np.count_nonzero(y.jh_year_any)
        year.set("jeugdhulp_with_stay_share",
                 np.count_nonzero(y.jh_year_stay) / any_care if any_care else 0.0)
        u18_wijk = year.mask("jeugdhulp_in_care_10_17", "per_wijk")
        n_u18 = year.by_wijk(mask=u18_wijk)
        care_u18 = year.by_wijk(mask=u18_wijk & y.jh_year_any)
        year.set("jeugdhulp_in_care_10_17", care_u18, "per_wijk")
        year.set("jeugdhulp_prevalence_u18", np.divide(care_u18, n_u18, out=np.zeros(n_u18.shape),
                                                       where=n_u18 > 0), "per_wijk")
        year.set("jeugdhulp_prevalence", np.array([year.share(y.jh_year_any, m) for m in year.groups]),
                 "per_group")
