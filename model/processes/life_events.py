"""Life events: family crisis, debt shock (16+), online incident.

Each week one uniform per youth decides, as competing risks, whether one of the events happens (the
weekly probabilities are small, so at most one event a week loses nothing). An event makes the affected
risk factor jump by ``shock_size`` (through the factors process, which owns the factors); a family crisis
also raises mental strain by ``shock_size / family_crisis_mental_ratio``. Vulnerable households have
``family_crisis_vulnerable_ratio`` times the family-crisis rate (*assumption*, in line with B3.2's
high-risk inflow profiles).
"""

from __future__ import annotations

import numpy as np

from ..numerics import slack
from ..params import weekly
from ..population import AGE_MBO, R_DEBT, R_FAMILY, R_MENTAL, R_ONLINE, WEEKS_PER_YEAR
from ..process import Process, Weekly


class LifeEvents(Process):
    """Shocks to family stress, debts and online risk."""

    name = "life_events"
    results = (
        Weekly("life_events", "events/week", "Ingrijpende gebeurtenissen",
               "Life events (family crisis, debt shock, online incident)", series=False),
    )

    def __init__(self, model) -> None:
        super().__init__(model)
        p = model.params
        self.p_family = weekly(p["family_crisis_per_year"])
        self.p_debt = weekly(p["debt_shock_per_year"])
        self.p_online = weekly(p["online_incident_per_year"])
        self.vulnerable_ratio = p["family_crisis_vulnerable_ratio"]
        self.shock = np.float32(p["shock_size"])
        self.shock_mental = self.shock / np.float32(p["family_crisis_mental_ratio"])
        self.u = model.uniforms  # shared scratch (see JwsimModel)

    def step(self, model) -> None:
        """Draw this week's family crises, debt shocks and online incidents and apply their shocks."""
        y = model.y
        self.rng.random(out=self.u, dtype=np.float32)
        # Thinning: events are rare, so only youths whose uniform is below the largest possible total
        # probability (vulnerable, 16+) need their own thresholds; the others have no event this week.
        p_family_vulnerable = self.vulnerable_ratio * self.p_family
        bound = slack(max(p_family_vulnerable, self.p_family) + self.p_debt + self.p_online)
        cand = (self.u < bound).nonzero()[0]
        u = self.u[cand]
        pf = np.where(y.vulnerable[cand], p_family_vulnerable, self.p_family).astype(np.float32)
        pd = np.where(y.age_weeks[cand] >= AGE_MBO * WEEKS_PER_YEAR, self.p_debt, 0.0).astype(np.float32)
        fam = cand[u < pf]
        debt = cand[(u >= pf) & (u < pf + pd)]
        online = cand[(u >= pf + pd) & (u < pf + pd + self.p_online)]
        factors = model.factors
        factors.raise_risk(model, fam, R_FAMILY, self.shock)
        factors.raise_risk(model, fam, R_MENTAL, self.shock_mental)
        factors.raise_risk(model, debt, R_DEBT, self.shock)
        factors.raise_risk(model, online, R_ONLINE, self.shock)
        self.week["life_events"] = fam.size + debt.size + online.size
