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
        self.u = model.uniforms  # shared scratch (see JwsimModel)
        self.events_week = 0

    def step(self, model) -> None:
        """Draw this week's family crises, debt shocks and online incidents and apply their shocks."""
        y = model.y
        self.rng.random(out=self.u, dtype=np.float32)
        # Thinning: events are rare, so only youths whose uniform is below the largest possible total
        # probability (vulnerable, 16+) need their own thresholds; the others have no event this week.
        bound = (max(2.5 * self.p_family, self.p_family) + self.p_debt + self.p_online) * (1 + 1e-6)
        cand = (self.u < bound).nonzero()[0]
        u = self.u[cand]
        pf = np.where(y.vulnerable[cand], 2.5 * self.p_family, self.p_family).astype(np.float32)
        pd = np.where(y.age_weeks[cand] >= 16 * WEEKS_PER_YEAR, self.p_debt, 0.0).astype(np.float32)
        fam = cand[u < pf]
        debt = cand[(u >= pf) & (u < pf + pd)]
        online = cand[(u >= pf + pd) & (u < pf + pd + self.p_online)]
        R = y.R
        one = np.float32(1.0)
        # Shocks only raise factors, so only the shocked entries can leave [0, 1].
        R[fam, R_FAMILY] = np.minimum(R[fam, R_FAMILY] + self.shock, one)
        R[fam, R_MENTAL] = np.minimum(R[fam, R_MENTAL] + self.shock / 3, one)
        R[debt, R_DEBT] = np.minimum(R[debt, R_DEBT] + self.shock, one)
        R[online, R_ONLINE] = np.minimum(R[online, R_ONLINE] + self.shock, one)
        self.events_week = fam.size + debt.size + online.size
