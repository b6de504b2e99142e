"""Life events: family crisis, debt shock (16+), online incident.

Each week one uniform per youth decides, as competing risks, whether one of the events happens (the
weekly probabilities are small, so at most one event a week loses nothing). An event makes the affected
risk factor jump by ``shock_size``; a family crisis also raises mental strain. Vulnerable households have
2.5x the family-crisis rate (*assumption*, in line with B3.2's high-risk inflow profiles).
"""

from __future__ import annotations

import numpy as np

from ..params import weekly
from ..population import R_DEBT, R_FAMILY, R_MENTAL, R_ONLINE, WEEKS_PER_YEAR

NAME = "life_events"
PARAMS = ("family_crisis_per_year", "debt_shock_per_year", "online_incident_per_year", "shock_size")


class LifeEvents:
    """Shocks to family stress, debts and online risk."""

    def __init__(self, model) -> None:
        p = model.params
        self.rng = model.streams[NAME]
        self.p_family = weekly(p["family_crisis_per_year"])
        self.p_debt = weekly(p["debt_shock_per_year"])
        self.p_online = weekly(p["online_incident_per_year"])
        self.shock = np.float32(p["shock_size"])
        self.u = np.empty(model.y.n, np.float32)
        self.events_week = 0

    def step(self, model) -> None:
        y = model.y
        self.rng.random(out=self.u, dtype=np.float32)
        pf = np.where(y.vulnerable, 2.5 * self.p_family, self.p_family).astype(np.float32)
        pd = np.where(y.age_weeks >= 16 * WEEKS_PER_YEAR, self.p_debt, 0.0).astype(np.float32)
        fam = np.flatnonzero(self.u < pf)
        debt = np.flatnonzero((self.u >= pf) & (self.u < pf + pd))
        online = np.flatnonzero((self.u >= pf + pd) & (self.u < pf + pd + self.p_online))
        R = y.R
        R[fam, R_FAMILY] += self.shock
        R[fam, R_MENTAL] += self.shock / 3
        R[debt, R_DEBT] += self.shock
        R[online, R_ONLINE] += self.shock
        np.clip(R, 0.0, 1.0, out=R)
        self.events_week = fam.size + debt.size + online.size
