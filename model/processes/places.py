"""Places: where youths spend their leisure time, week by week (a gravity model over the 44 wijken).

A youth of age a living in wijk h spends a share ``h(a)`` of leisure time in the own wijk,
``leisure_home_share_age10`` falling by ``leisure_home_share_decline_per_year`` a year of age, and the rest
at the other wijken j in proportion to an attraction ``A_j(a) x exp(-d_hj / lambda(a))`` (distances between
the wijk points of ``data/wijken.csv``; ``lambda`` is ``leisure_range_km_young`` below 16 and
``leisure_range_km_older`` from 16). The attraction adds three kinds, each normalised over the city:
peers (the youths living in j, weight 1: visiting friends, the neighbourhood's squares), the city centre
(its shops and horeca: CBS ``niet_woningen`` of the centre's buurten, ``data/places.csv``; weight
``leisure_centre_weight_young`` / ``leisure_centre_weight_older`` from 16) and the secondary schools (DUO
pupils per wijk; weight ``leisure_school_weight`` at ages 12-17). All are *assumptions* of a gravity model
a criminologist would recognise (routine activities: offenders act in their awareness space, near home and
at the city's attractors).

The distribution is kept per cell (age x home wijk: 14 x 44 x 44 shares, computed once). Each week the
events of ``data/events.csv`` at their places move a share of leisure time of their ages there
(``event_leisure_share`` x the event's intensity) and raise the act rate at the place
(``nuisance_event_multiplier``); Ramadan evenings raise the act rate at home (the calendar). The process
owns no per-youth state; nuisance, street groups and the ambulant team read the week's distribution.
"""

from __future__ import annotations

import numpy as np

from ..places import leisure_distribution
from ..population import AGE_MAX, AGE_MIN, AGE_SECONDARY, STREET_AGE_MAX
from ..process import Process


class Places(Process):
    """Leisure time by place, events at their places; read by nuisance, street groups and the team."""

    name = "places"

    def __init__(self, model) -> None:
        super().__init__(model)
        p = model.params
        inputs = model.inputs
        self.n_wijk = n = len(inputs.wijk_codes)
        self.n_ages = AGE_MAX - AGE_MIN + 1
        self.leisure = leisure_distribution(inputs, p)  # (ages, home, place)
        self.cells = self.leisure.reshape(self.n_ages * n, n)
        # Weekly event table: per step, the (place, first age, last age, intensity) of the events that week.
        cal = model.calendar
        self.events_by_week: list[tuple] = [
            tuple((e.wijk_index, e.ages, e.intensity) for e in inputs.events if int(cal.week[t]) in e.weeks)
            for t in range(model.n_weeks)]
        self.event_share = p["event_leisure_share"]
        self.event_mult = p["nuisance_event_multiplier"]
        self.home_event_weight = cal.home_event_weight
        # This week's distribution and act multipliers per (cell, place); the plain ones when nothing is on.
        self.week_cells = self.cells
        self.week_mult = np.ones((self.n_ages * n, n))
        self._plain_mult = self.week_mult
        self.week_act_weight = self.cells  # leisure share x act multiplier per (cell, place) this week
        self.week_mult_max = 1.0
        self.street_mix = np.zeros((n, n))
        self.week_street_mix = self.street_mix
        # The arrays of a week with events, by its (events, home-event weight): the same events recur every
        # year, and the street-age mix they depend on changes only at the year's start (cleared there).
        self._event_weeks: dict[tuple, tuple] = {}

    def initialise(self, model) -> None:
        """Compute the street-age mix of each home wijk's leisure distribution."""
        self._street_mix(model)

    def new_year(self, model) -> None:
        """Recompute the street-age mix for the year's population."""
        self._street_mix(model)

    def _street_mix(self, model) -> None:
        """Leisure distribution of each home wijk's street-age youths (12-21, not students): (home, place)."""
        y = model.y
        street = (y.age >= AGE_SECONDARY) & (y.age <= STREET_AGE_MAX) & ~y.student
        counts = np.bincount((y.age[street] - AGE_MIN) * self.n_wijk + y.wijk[street],
                             minlength=self.n_ages * self.n_wijk).reshape(self.n_ages, self.n_wijk)
        self.street_counts = counts
        self.street_mix = self._mix(self.leisure)
        self.week_street_mix = self.street_mix
        self._event_weeks.clear()

    def _mix(self, leisure: np.ndarray) -> np.ndarray:
        counts = self.street_counts
        total = counts.sum(axis=0)
        mix = np.einsum("ah,ahj->hj", counts, leisure)
        has = total > 0
        mix[has] /= total[has, None]
        mix[~has] = np.eye(self.n_wijk)[~has]  # no street-age youths: the own wijk
        return mix

    def step(self, model) -> None:
        """Set this week's leisure distribution and act multipliers (events at their places)."""
        t = model.week_index
        key = (self.events_by_week[t], float(self.home_event_weight[t]))
        if key not in self._event_weeks:
            cells, mult, mix = self.week_arrays(t)
            plain = cells is self.cells and mult is self._plain_mult
            self._event_weeks[key] = (cells, mult, mix, self.cells if plain else cells * mult,
                                      1.0 if plain else float(mult.max()))
        (self.week_cells, self.week_mult, self.week_street_mix, self.week_act_weight,
         self.week_mult_max) = self._event_weeks[key]

    def week_arrays(self, t: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return step ``t``'s leisure shares and act multipliers per (cell, place) and street-age mix."""
        events = self.events_by_week[t]
        home_weight = float(self.home_event_weight[t])
        if not events and not home_weight:
            return self.cells, self._plain_mult, self.street_mix
        n = self.n_wijk
        leisure = self.leisure.copy()
        mult = np.ones_like(leisure)
        for place, (low, high), intensity in events:
            a = slice(low - AGE_MIN, high - AGE_MIN + 1)
            share = self.event_share * intensity
            leisure[a] *= 1.0 - share
            leisure[a, :, place] += share
            mult[a, :, place] += (self.event_mult - 1.0) * intensity
        if home_weight:
            diag = np.arange(n)
            mult[:, diag, diag] += (self.event_mult - 1.0) * home_weight
        return leisure.reshape(self.n_ages * n, n), mult.reshape(self.n_ages * n, n), self._mix(leisure)

    def cell_of(self, y, slots: np.ndarray) -> np.ndarray:
        """Leisure cell (age x home wijk) of the youths in ``slots``."""
        return (y.age[slots] - AGE_MIN) * self.n_wijk + y.wijk[slots]
