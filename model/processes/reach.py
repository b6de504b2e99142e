"""Reach of the youth-work process: where the hours go and whom a form of contact can reach.

* Wijk shares of the ambulant and wijk-work hours by the allocation's wijk priority: ``equal`` (per youth of
  the reachable ages), ``need`` (street-active youths resp. youths weighted 1 + ``need_vulnerable_weight`` if
  vulnerable, times ``need_deprivation_offset`` + deprivation index) or ``manual`` (only the weights), all
  times the allocation's manual wijk weights; recomputed each year (the population changes).
* Per-youth contact weights: targeting (selective: vulnerable youths x ``targeting_selective_weight``, for
  ambulant work also Jeugd & Veiligheid youths; the extra weight grows with vakmanschap, the path
  *targeting accuracy*), street propensity at street age (12-21) for ambulant work (street-group members x
  the ambulant team's *group approach*), HBO/WO students' lower reach (``street_reach_student_relative``,
  ``wijk_reach_student_relative``), and familiarity from primary-school youth work at 12-15 (SJW and wijk
  work, x (1 + ``po_familiarity_reach_gain`` x familiarity)).
* The parts of wijk work and primary-school youth work reach their own youths: primary-school youth work
  10-11-year-olds, meidenwerk girls, online youth work 12-23-year-olds (more so those at online risk,
  ``online_reach_risk_weight``), debts / information and advice 18-23-year-olds.
* Their sums per wijk and per school, which turn hours into contacts per youth. They are kept between weeks
  and updated only for the slots that change (birthdays, newcomers, school moves); recomputed in full each
  year.
"""

from __future__ import annotations

import numpy as np

from ..population import AGE_ADULT, AGE_MBO, AGE_SECONDARY, R_ONLINE, STREET_AGE_MAX

WIJK_PRIORITIES = ("equal", "need", "manual")
# Per-wijk sum (attribute of Reach) -> the per-youth weight it sums.
WIJK_WEIGHTS = {"den_street": "street_w", "den_reach": "reach_w", "den_po": "po_w", "den_girl": "girl_w",
                "den_online": "online_w", "den_debt": "debt_w"}


class Reach:
    """Wijk shares of the hours, per-youth contact weights and their sums per wijk and per school."""

    def __init__(self, model) -> None:
        self.p = model.params
        n = model.y.n
        inputs = model.inputs
        self.n_wijk = len(inputs.wijk_codes)
        self.school_pupils = inputs.schools.pupils.astype(np.float64)
        self.deprivation = inputs.deprivation
        self.selective = False
        self.amb_share = np.zeros(self.n_wijk)
        self.wijk_share = np.zeros(self.n_wijk)
        # Per-slot contact weights, float32 like the factors they act on.
        self.street_w = np.zeros(n, np.float32)   # ambulant reach weight (street propensity x targeting)
        self.reach_w = np.zeros(n, np.float32)    # wijk-work reach weight
        self.tw = np.empty(n, np.float32)         # targeting weight (school forms)
        self.tw_amb = np.empty(n, np.float32)     # targeting weight of ambulant work
        self.po_w = np.zeros(n, np.float32)       # primary-school youth work (10-11)
        self.girl_w = np.zeros(n, np.float32)     # meidenwerk (girls)
        self.online_w = np.zeros(n, np.float32)   # online youth work (12-23, towards online risk)
        self.debt_w = np.zeros(n, np.float32)     # debts / information and advice (18-23)
        # Multipliers of the named paths, set at each reweighting (vakmanschap and investment levels).
        self.sel_boost = self.sel_boost_amb = self.group_boost = 1.0
        # Kept per slot: wijk and school of the contact-weight sums.
        self.wijk_slot = np.empty(n, np.intp)
        self.school_slot = np.empty(n, np.int32)
        self.school_idx = np.empty(n, np.intp)
        self.den_street = self.den_reach = self.school_tw = self.school_res = None
        self.den_po = self.den_girl = self.den_online = self.den_debt = None

    def reweight(self, model, priority: str, wijk_manual: np.ndarray, selective: bool,
                 paths: tuple[float, float, float] = (1.0, 1.0, 1.0)) -> None:
        """Spread ambulant and wijk hours over wijken and recompute every contact weight and sum (yearly).

        ``paths``: (targeting boost of Bindkracht10's forms, targeting boost of the ambulant team, group
        approach of the ambulant team), each >= 1 (``YouthWork.paths``).
        """
        y, p = model.y, self.p
        age = y.age
        street_age = (age >= AGE_SECONDARY) & (age <= STREET_AGE_MAX) & ~y.student
        n = self.n_wijk
        if priority == "equal":
            amb_w = np.bincount(y.wijk, weights=street_age, minlength=n)
            wijk_w = np.bincount(y.wijk, weights=~y.student, minlength=n)
        elif priority == "need":
            need = p["need_deprivation_offset"] + self.deprivation
            amb_w = np.bincount(y.wijk, weights=y.street_propensity * street_age, minlength=n) * need
            wijk_w = (np.bincount(y.wijk,
                                  weights=(1 + p["need_vulnerable_weight"] * y.vulnerable) * ~y.student,
                                  minlength=n) * need)
        else:
            amb_w = np.ones(n)
            wijk_w = np.ones(n)
        amb_w = amb_w * wijk_manual
        wijk_w = wijk_w * wijk_manual
        self.amb_share = amb_w / amb_w.sum() if amb_w.sum() > 0 else np.zeros(n)
        self.wijk_share = wijk_w / wijk_w.sum() if wijk_w.sum() > 0 else np.zeros(n)
        self.selective = selective
        self.sel_boost, self.sel_boost_amb, self.group_boost = paths
        # The per-slot arrays are rewritten in place (cast to their dtype on assignment, as astype would):
        # a yearly reallocation would hold old and new copies at once and raise the run's peak memory.
        self._targeting(model, slice(None))
        self.wijk_slot[:] = y.wijk
        self.school_slot[:] = y.school
        n_s = self.school_pupils.shape[0]
        # School index per slot with "no school in the city" (-1) as the extra last index n_s, where the
        # per-school rates carry a 0: a non-negative index lets take() skip wrapping.
        np.copyto(self.school_idx, np.where(y.school >= 0, y.school, n_s))
        self._weights(model, slice(None))
        for den, w in WIJK_WEIGHTS.items():
            setattr(self, den, np.bincount(self.wijk_slot, weights=getattr(self, w), minlength=n))
        self.school_tw = np.bincount(self.school_idx, weights=self.tw, minlength=n_s + 1)
        self.school_res = np.bincount(self.school_idx, minlength=n_s + 1).astype(float)

    def update(self, model) -> None:
        """Bring the contact weights and their sums up to date.

        Demography changes slots at birthdays and entries, demography and the school process change
        schools. Only those slots are subtracted and added back (float64 sums; recomputed in full every
        year).
        """
        y = model.y
        demography = model.demography
        changed = demography.changed
        entered = demography.entered_slots  # the slots of `changed` taken by newcomers
        del entered  # newcomers are among `changed` (changed_entered) and get their own weights below
        if changed.size:
            # Weights change when a slot gets a new occupant, enters secondary school (12: familiarity from
            # primary school starts to count), turns 16 (it stops) or 18 (student status), or leaves street
            # age; other birthdays leave them as they are.
            age = y.age[changed]
            changed = changed[(age == AGE_SECONDARY) | (age == AGE_MBO) | (age == AGE_ADULT)
                              | (age == STREET_AGE_MAX + 1) | demography.changed_entered]
        if changed.size:
            # The school sums still hold the slot's old school: move them by the change of targeting weight.
            tw_old = self.tw[changed]
            self._targeting(model, changed)
            self.school_tw += np.bincount(self.school_idx[changed], weights=self.tw[changed] - tw_old,
                                          minlength=self.school_tw.shape[0])
            w = self.wijk_slot[changed]
            for den, name in WIJK_WEIGHTS.items():
                getattr(self, den)[:] -= np.bincount(w, weights=getattr(self, name)[changed],
                                                     minlength=self.n_wijk)
            self.wijk_slot[changed] = y.wijk[changed]
            self._weights(model, changed)
            w = self.wijk_slot[changed]
            for den, name in WIJK_WEIGHTS.items():
                getattr(self, den)[:] += np.bincount(w, weights=getattr(self, name)[changed],
                                                     minlength=self.n_wijk)
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

    def _targeting(self, model, idx) -> None:
        """Targeting weights of the slots ``idx``: selective extra weight (x vakmanschap) and familiarity."""
        y, p = model.y, self.p
        excess = p["targeting_selective_weight"] - 1.0 if self.selective else 0.0
        vul = y.vulnerable[idx].astype(np.float32)
        tw = 1.0 + excess * self.sel_boost * vul
        self.tw[idx] = tw * self.familiarity(model, idx)
        self.tw_amb[idx] = 1.0 + excess * self.sel_boost_amb * (vul + y.jv[idx])  # vulnerable and J&V: 2

    @staticmethod
    def known_from_po(model, idx) -> np.ndarray:
        """Familiarity with youth work from primary school where it counts (ages 12-15), else 0."""
        y = model.y
        age = y.age[idx]
        return y.po_familiarity[idx] * ((age >= AGE_SECONDARY) & (age < AGE_MBO))

    def familiarity(self, model, idx) -> np.ndarray:
        """Reach multiplier from familiarity with youth work from primary school (ages 12-15)."""
        return 1.0 + self.p["po_familiarity_reach_gain"] * self.known_from_po(model, idx)

    def _weights(self, model, idx) -> None:
        """Compute the contact weights of the slots ``idx``.

        They change only with age, student status, a new occupant (demography) or the yearly targeting
        weights, so they are kept between steps.
        """
        y, p = model.y, self.p
        age = y.age[idx]
        student = y.student[idx]
        group = np.where(y.group[idx] >= 0, np.float32(self.group_boost), np.float32(1.0))
        self.street_w[idx] = (y.street_propensity[idx] * ((age >= AGE_SECONDARY) & (age <= STREET_AGE_MAX))
                              * np.where(student, np.float32(p["street_reach_student_relative"]),
                                         np.float32(1.0))
                              * self.tw_amb[idx] * group)
        reach = self.tw[idx] * np.where(student, np.float32(p["wijk_reach_student_relative"]),
                                        np.float32(1.0))
        self.reach_w[idx] = reach
        self.po_w[idx] = self.tw[idx] * (age < AGE_SECONDARY)
        self.girl_w[idx] = reach * ~y.male[idx]
        self.online_w[idx] = (reach * (age >= AGE_SECONDARY)
                              * (1.0 + p["online_reach_risk_weight"] * y.R[idx, R_ONLINE]))
        self.debt_w[idx] = reach * (age >= AGE_ADULT)
