"""Jeugdhulp (youth care): entry, level, escalation and exit — with the three pathways of youth work.

Levels: 0 none, 1 light (buurtteam / ambulant), 2 specialist without stay, 3 with stay.

* Entry hazard = base(age) x exp(risk_coefficient x (risk - risk_ref) - protective_coefficient x
  (protection - protection_ref)) x (1 - relation_entry_effect x relation) x (acceleration if signalled).
  The reference values are the initial population means, so ``jh_entry_per_year_u18`` is close to the
  population-average yearly entry probability.
* *voorkomen* (prevent): a relation with a youth worker lowers the entry hazard and the escalation from
  light to specialist help; youth work also raises protective factors (factors process).
* *versnellen* (accelerate): a youth worker's signal raises the entry hazard (earlier) and halves the
  chance that help starts specialist (lighter).
* *verkorten* (shorten): a relation raises the exit hazard.
The process also reports, every week, the expected entries prevented and care-weeks shortened by the
relation terms (the difference between the hazards with and without them); the counterfactual run
without youth work (``geen-jongerenwerk``) measures all pathways together, including factor effects.
One uniform per youth per week decides entry and its level, or exit/escalation for youths in care.
"""

from __future__ import annotations

import numpy as np

from ..params import weekly

NAME = "jeugdhulp"
PARAMS = (
    "jh_entry_per_year_u18", "jh_entry_adult_relative", "jh_risk_coefficient", "jh_protective_coefficient",
    "jh_relation_entry_effect", "jh_relation_exit_effect", "jh_signal_acceleration",
    "jh_specialist_share_at_entry", "jh_stay_share_of_specialist", "jh_duration_light_years",
    "jh_duration_specialist_years", "jh_duration_stay_years", "jh_escalation_per_year",
    "jh_exit_at_18_multiplier",
)


class Jeugdhulp:
    """Youth-care trajectories."""

    def __init__(self, model) -> None:
        p = model.params
        self.p = p
        self.rng = model.streams[NAME]
        n = model.y.n
        self.u = model.uniforms  # shared scratch (see JwsimModel)
        self.h = np.empty(n, np.float32)        # entry hazard (preallocated: rewritten every step)
        self.tmp = np.empty(n, np.float32)       # 1 - relation_entry_effect x relation after entry_hazard
        self.ratio = np.empty(n, np.float32)
        # Base hazard per slot by age (adults at jh_entry_adult_relative): changes only at birthdays.
        self.base = np.empty(n, np.float32)
        self.h_entry = weekly(p["jh_entry_per_year_u18"])
        self.h_exit = np.array([0.0, 1 / (52 * p["jh_duration_light_years"]),
                                1 / (52 * p["jh_duration_specialist_years"]),
                                1 / (52 * p["jh_duration_stay_years"])])
        self.h_escalate = weekly(p["jh_escalation_per_year"])
        self.in_care = np.zeros(0, np.intp)  # slots in care after the latest step
        self._refresh_base(model, np.arange(n))
        self.week = dict.fromkeys(("entries", "entries_light", "entries_specialist", "entries_stay",
                                   "entries_signalled", "exits", "exit_weeks", "escalations",
                                   "prevented_expected", "weeks_shortened_expected"), 0.0)

    def initialise(self, model) -> None:
        """Start near the stationary stock: P(in care) ~ entry hazard x mean duration."""
        y, p = model.y, self.p
        h = self.entry_hazard(model, with_relation=True)
        mean_weeks = 52 * (0.55 * p["jh_duration_light_years"] + 0.45 * p["jh_duration_specialist_years"])
        prob = np.minimum(h * mean_weeks, 0.6)
        u = self.rng.random(y.n)
        in_care = u < prob
        v = np.divide(u, prob, out=np.ones(y.n), where=prob > 0)
        level = np.where(v < 0.05, 3, np.where(v < 0.45, 2, 1))
        y.jh_level[:] = np.where(in_care, level, 0)
        y.jh_weeks[:] = np.where(in_care, (self.rng.random(y.n) * mean_weeks).astype(np.int32), 0)
        y.jh_year_any[:] = in_care
        y.jh_year_stay[:] = y.jh_level == 3

    def _refresh_base(self, model, idx: np.ndarray) -> None:
        adult = model.age[idx] >= 18
        self.base[idx] = np.where(adult, self.h_entry * self.p["jh_entry_adult_relative"], self.h_entry)

    def entry_hazard(self, model, with_relation: bool = True) -> np.ndarray:
        """Weekly entry hazard of every youth (whatever their current state), float32.

        Returns a preallocated array that the next call overwrites.
        """
        y, p = model.y, self.p
        h, tmp = self.h, self.tmp
        f32 = np.float32
        # x = risk_coefficient (risk - risk_ref) - protective_coefficient (protection - protection_ref)
        np.multiply(model.risk_score, f32(p["jh_risk_coefficient"]), out=h)
        np.multiply(model.protect_score, f32(p["jh_protective_coefficient"]), out=tmp)
        h -= tmp
        h += f32(p["jh_protective_coefficient"] * model.protect_ref
                 - p["jh_risk_coefficient"] * model.risk_ref)
        np.exp(h, out=h)
        changed = model.demography.changed
        if changed.size:  # adulthood starts at a birthday at 18 or with a new occupant
            self._refresh_base(model, changed[(model.age[changed] == 18) | model.demography.changed_entered])
        h *= self.base
        if with_relation:
            np.multiply(y.relation, f32(-p["jh_relation_entry_effect"]), out=tmp)
            tmp += f32(1.0)
            h *= tmp
        signalled = y.signalled.nonzero()[0]  # a few hundred youths
        h[signalled] *= f32(p["jh_signal_acceleration"])
        np.minimum(h, f32(0.5), out=h)
        return h

    def step(self, model) -> None:
        """Draw this week's entries into youth care, their levels, escalations and exits."""
        y, p = model.y, self.p
        self.rng.random(out=self.u, dtype=np.float32)
        u = self.u
        scale = model.scale
        h = self.entry_hazard(model)
        # Youths in care (a few thousand): listed once; everyone else is out of care. Entry candidates are the
        # few youths whose uniform lies below their hazard; those in care among them cannot enter.
        inc = (y.jh_level > 0).nonzero()[0]
        entering = (u < h).nonzero()[0]
        entering = entering[y.jh_level[entering] == 0]
        # Expected entries prevented by the relation term this week (voorkomen, direct part):
        # sum over youths out of care of h x e / (1 - e), e = relation_entry_effect x relation.
        one_minus_e = self.tmp  # written by entry_hazard
        ratio = np.maximum(one_minus_e, np.float32(1e-6), out=self.ratio)
        np.subtract(np.float32(1.0), one_minus_e, out=one_minus_e)
        np.divide(one_minus_e, ratio, out=ratio)
        ratio *= h
        ratio[inc] = 0  # in care: no entry to prevent (the terms are >= 0, so this is x 0)
        prevented = float(ratio.sum(dtype=np.float64))  # float64 accumulation over ~40k youths
        # Level at entry: severity raises, a signal lowers the chance of specialist help.
        v = u[entering] / h[entering]
        sev = np.exp(1.5 * (model.risk_score[entering] - model.risk_ref))
        spec = np.minimum(p["jh_specialist_share_at_entry"] * sev, 0.9)
        signalled = y.signalled[entering]
        spec = np.where(signalled, spec * 0.5, spec)
        stay = spec * p["jh_stay_share_of_specialist"]
        level = np.where(v < stay, 3, np.where(v < spec, 2, 1)).astype(np.int8)
        # Youths in care: exit, or escalation (light -> specialist, specialist -> stay).
        lvl = y.jh_level[inc]
        rel = y.relation[inc]
        adult = model.age[inc] >= 18
        h0_exit = self.h_exit[lvl] * np.where(adult, p["jh_exit_at_18_multiplier"], 1.0)
        h_exit = np.minimum(h0_exit * (1.0 + p["jh_relation_exit_effect"] * rel), 0.9)
        h_esc = np.where(lvl == 1, self.h_escalate, np.where(lvl == 2, 0.15 * self.h_escalate, 0.0))
        h_esc = h_esc * (1.0 - p["jh_relation_entry_effect"] * rel)
        ui = u[inc]
        exits = ui < h_exit
        exiting = inc[exits]
        escalating = inc[(ui >= h_exit) & (ui < h_exit + h_esc)]
        shortened = float(((h_exit - h0_exit) / np.maximum(h0_exit, 1e-9)).sum())
        # Apply.
        self.week.update(
            entries=entering.size * scale, entries_light=int((level == 1).sum()) * scale,
            entries_specialist=int((level == 2).sum()) * scale, entries_stay=int((level == 3).sum()) * scale,
            entries_signalled=int(signalled.sum()) * scale, exits=exiting.size * scale,
            exit_weeks=float(y.jh_weeks[exiting].sum()) * scale, escalations=escalating.size * scale,
            prevented_expected=prevented * scale, weeks_shortened_expected=shortened * scale,
        )
        y.jh_level[exiting] = 0
        y.jh_weeks[exiting] = 0
        y.jh_level[escalating] += 1
        y.jh_level[entering] = level
        y.jh_weeks[entering] = 0
        y.signalled[entering] = False
        y.signal_until[entering] = 0
        # Slots in care after this week: those who did not exit and the entrants (disjoint; the order does
        # not matter below). Kept for the weekly record (levels and counts).
        self.in_care = inc = np.concatenate((inc[~exits], entering))
        y.jh_weeks[inc] += 1
        y.jh_year_any[inc] = True
        y.jh_year_stay[inc[y.jh_level[inc] == 3]] = True
