"""Youth crime: Halt referrals (12-17), suspect registrations (12-23) and growth into (drug) crime.

Hazards scale with the delinquency score (delinquent peers, low pro-social norms, family stress,
Jeugd & Veiligheid membership, earlier registrations; I9.4) around the population reference, and fall
with the relation with a youth worker (mentoring of at-risk youth, I2.3) and SWF participation. Halt
referrals for fireworks triple in the New Year weeks (G6). A registered Jeugd & Veiligheid youth with
low protection and delinquent peers can grow into serious (drug) crime (crime stage 2), which raises
later suspect hazards fourfold (*assumption*). One uniform per youth per week, competing risks.
"""

from __future__ import annotations

import numpy as np

from ..params import weekly
from ..population import R_PEERS
from .thinning import max_exp

NAME = "crime"
PARAMS = ("halt_per_year_12_17", "suspect_per_year_12_17", "suspect_per_year_18_24", "crime_risk_coefficient",
          "crime_growth_per_year", "relation_crime_effect")


class Crime:
    """Halt, suspects and growth into crime."""

    def __init__(self, model) -> None:
        p = model.params
        self.p = p
        self.rng = model.streams[NAME]
        self.u = model.uniforms  # shared scratch (see JwsimModel)
        self.h_halt = weekly(p["halt_per_year_12_17"])
        self.h_susp_minor = weekly(p["suspect_per_year_12_17"])
        self.h_susp_adult = weekly(p["suspect_per_year_18_24"])
        self.h_growth = weekly(p["crime_growth_per_year"])
        n_w = len(model.inputs.wijk_codes)
        self.halt_wijk = np.zeros(n_w)
        self.week = dict.fromkeys(("halt", "suspects", "grown"), 0.0)

    def initialise(self, model) -> None:
        """Warm start of registration history: P(registered before) ~ yearly hazard x years since 12."""
        y, p = model.y, self.p
        years = np.clip(model.age - 12, 0, None)
        rate = (p["halt_per_year_12_17"] + p["suspect_per_year_12_17"]) * np.exp(
            p["crime_risk_coefficient"] * (model.delinquency - model.delinquency_ref))
        prob = np.minimum(1.0 - np.exp(-rate * years), 0.8)
        y.crime_stage[self.rng.random(y.n) < prob] = 1

    def step(self, model, t: int) -> None:
        """Draw this week's Halt referrals, suspect registrations and growth into serious crime."""
        y, p = model.y, self.p
        ny = 3.0 if model.calendar.new_year[t] else 1.0
        self.rng.random(out=self.u, dtype=np.float32)
        # Thinning: the competing hazards are small and bounded (delinquency, relation, protection and
        # delinquent peers lie in [0, 1]), so only youths whose uniform is below the bound of the total
        # hazard need their own hazards; for every other youth nothing happens this week. The bound uses
        # this week's highest delinquency and delinquent peers and lowest protection (three reductions):
        # about half the candidates of the bound over [0, 1], and the same decisions.
        d_max = float(model.delinquency.max())
        risk_max = max_exp(p["crime_risk_coefficient"], -model.delinquency_ref, d_max - model.delinquency_ref)
        low_prot_max = 1.0 - float(model.protect_score.min())
        grow_max = 8.0 * self.h_growth * low_prot_max * float(y.R[:, R_PEERS].max())
        bound = ((self.h_halt * ny + 4.0 * max(self.h_susp_minor, self.h_susp_adult)) * risk_max
                 + grow_max) * (1 + 1e-6)
        cand = (self.u < bound).nonzero()[0]
        u = self.u[cand]
        age = model.age[cand]
        minor = (age >= 12) & (age <= 17)
        adult = age >= 18
        stage = y.crime_stage[cand]
        rel_factor = ((1.0 - p["relation_crime_effect"] * y.relation[cand])
                      * np.where(y.programme[cand] == 2, 0.8, 1.0))
        risk = (np.exp(p["crime_risk_coefficient"] * (model.delinquency[cand] - model.delinquency_ref))
                * rel_factor)
        h_halt = np.where(minor, self.h_halt * ny, 0.0) * risk
        stage_mult = np.where(stage == 2, 4.0, 1.0)
        h_susp = (np.where(minor, self.h_susp_minor, np.where(adult, self.h_susp_adult, 0.0))
                  * risk * stage_mult)
        # HBO/WO students: fewer registrations (assumption)
        h_susp = np.where(y.student[cand], h_susp * 0.3, h_susp)
        low_prot = 1.0 - model.protect_score[cand]
        h_grow = np.where(y.jv[cand] & (stage == 1),
                          self.h_growth * 2.0 * low_prot * y.R[cand, R_PEERS] * 4.0, 0.0) * rel_factor
        c1 = h_halt
        c2 = c1 + h_susp
        c3 = c2 + h_grow
        halt = cand[u < c1]
        susp = cand[(u >= c1) & (u < c2)]
        grow = cand[(u >= c2) & (u < c3)]
        new_susp = susp[~y.suspect_year[susp]]
        y.suspect_year[susp] = True
        y.crime_stage[halt] = np.maximum(y.crime_stage[halt], 1)
        y.crime_stage[susp] = np.maximum(y.crime_stage[susp], 1)
        y.crime_stage[grow] = 2
        self.halt_wijk += np.bincount(y.wijk[halt], minlength=self.halt_wijk.shape[0]) * model.scale
        self.week.update(halt=halt.size * model.scale, suspects=new_susp.size * model.scale,
                         grown=grow.size * model.scale)
