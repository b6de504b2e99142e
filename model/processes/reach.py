"""Reach of the youth-work process: where the hours go and whom a form of contact can reach.

* Wijk shares of the ambulant and wijk-work hours by the allocation's wijk priority: ``equal`` (per youth of
  the reachable ages), ``need`` (street-active youths resp. youths weighted 1 + ``need_vulnerable_weight`` if
  vulnerable, times ``need_deprivation_offset`` + deprivation index) or ``manual`` (only the weights), all
  times the allocation's manual wijk weights; recomputed each year (the population changes).
* Per-youth contact weights: targeting (selective: vulnerable youths x ``targeting_selective_weight``, for
  ambulant work also Jeugd & Veiligheid youths), street propensity at street age (12-21) for ambulant work,
  and HBO/WO students' lower reach (``street_reach_student_relative``, ``wijk_reach_student_relative``).
* Their sums per wijk and per school, which turn hours into contacts per youth. They are kept between weeks
  and updated only for the slots that change (birthdays, newcomers, school moves); recomputed in full each
  year.
"""

from __future__ import annotations

import numpy as np

from ..population import AGE_ADULT, AGE_SECONDARY, STREET_AGE_MAX

WIJK_PRIORITIES = ("equal", "need", "manual")


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
        # Kept per slot: wijk and school of the contact-weight sums.
        self.wijk_slot = np.empty(n, np.intp)
        self.school_slot = np.empty(n, np.int32)
        self.school_idx = np.empty(n, np.intp)
        self.den_street = self.den_reach = self.school_tw = self.school_res = None

    def reweight(self, model, priority: str, wijk_manual: np.ndarray, selective: bool) -> None:
        """Spread ambulant and wijk hours over wijken and recompute every contact weight and sum (yearly)."""
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
        sel = p["targeting_selective_weight"] if selective else 1.0
        # The per-slot arrays are rewritten in place (cast to their dtype on assignment, as astype would):
        # a yearly reallocation would hold old and new copies at once and raise the run's peak memory.
        self.tw[:] = 1.0 + (sel - 1.0) * y.vulnerable
        self.tw_amb[:] = self.tw + (sel - 1.0) * y.jv
        self.wijk_slot[:] = y.wijk
        self.school_slot[:] = y.school
        n_s = self.school_pupils.shape[0]
        # School index per slot with "no school in the city" (-1) as the extra last index n_s, where the
        # per-school rates carry a 0: a non-negative index lets take() skip wrapping.
        np.copyto(self.school_idx, np.where(y.school >= 0, y.school, n_s))
        self._weights(model, slice(None))
        self.den_street = np.bincount(self.wijk_slot, weights=self.street_w, minlength=n)
        self.den_reach = np.bincount(self.wijk_slot, weights=self.reach_w, minlength=n)
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
            # Weights change when a slot gets a new occupant, reaches or leaves street age, or turns 18
            # (student status); other birthdays leave them as they are.
            age = y.age[changed]
            changed = changed[(age == AGE_SECONDARY) | (age == AGE_ADULT) | (age == STREET_AGE_MAX + 1)
                              | demography.changed_entered]
        if changed.size:
            w = self.wijk_slot[changed]
            self.den_street -= np.bincount(w, weights=self.street_w[changed], minlength=self.n_wijk)
            self.den_reach -= np.bincount(w, weights=self.reach_w[changed], minlength=self.n_wijk)
            self.wijk_slot[changed] = y.wijk[changed]
            self._weights(model, changed)
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

    def _weights(self, model, idx) -> None:
        """Compute the contact weights of the slots ``idx``.

        They change only with age, student status, a new occupant (demography) or the yearly targeting
        weights, so they are kept between steps.
        """
        y, p = model.y, self.p
        age = y.age[idx]
        student = y.student[idx]
        self.street_w[idx] = (y.street_propensity[idx] * ((age >= AGE_SECONDARY) & (age <= STREET_AGE_MAX))
                              * np.where(student, np.float32(p["street_reach_student_relative"]),
                                         np.float32(1.0))
                              * self.tw_amb[idx])
        self.reach_w[idx] = self.tw[idx] * np.where(student, np.float32(p["wijk_reach_student_relative"]),
                                                    np.float32(1.0))
