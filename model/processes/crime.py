"""Youth crime: Halt referrals (12-17), suspect registrations (12-23) and growth into (drug) crime.

Hazards scale with the delinquency score (delinquent peers, low pro-social norms, family stress,
Jeugd & Veiligheid membership, earlier registrations; I9.4) around the population reference. Youth work acts
on crime only through those factors (delinquent peers, norms: the factors process); no youth-work term
multiplies these hazards. Halt referrals for fireworks rise ``halt_new_year_multiplier``-fold in the
New Year weeks (G6); HBO/WO students are registered less (``suspect_student_relative``). A registered
Jeugd & Veiligheid youth with low protection and delinquent peers can grow into serious (drug) crime (crime
stage 2), which raises later suspect hazards ``crime_stage2_suspect_multiplier``-fold (*assumption*). One
uniform per youth per week, competing risks.
"""

from __future__ import annotations

import numpy as np

from ..numerics import max_exp, slack
from ..params import weekly
from ..population import AGE_ADULT, AGE_SECONDARY, R_PEERS
from ..process import Process, State, Weekly, Yearly

REGISTERED, SERIOUS = 1, 2  # crime stages (0: none)


class Crime(Process):
    """Halt, suspects and growth into crime."""

    name = "crime"
    states = (
        State("crime_stage", "int8", "0 none, 1 registered, 2 grown into serious (drug) crime"),
        State("suspect_year", "bool", "registered as suspect this year", init=False, year_start=False),
    )
    results = (
        Weekly("halt", "referrals/week", "Halt-verwijzingen", "Halt referrals", by_wijk=True, collect=True),
        Weekly("suspects_new", "youths/week", "Nieuwe verdachten", "New suspects", collect=True),
        Weekly("crime_grown", "youths/week", "Doorgroei naar zware criminaliteit",
               "Growth into serious crime", series=False),
        Yearly("halt_per_10k_12_17", "kpis", "referrals per 10,000 aged 12-17",
               "Halt-verwijzingen per 10.000 12-17-jarigen", "Halt referrals per 10,000 aged 12-17", fmt="f1",
               rate_per=10_000, ages=(12, 17)),
        Yearly("suspects_per_1000_12_17", "kpis", "suspects per 1,000 aged 12-17",
               "Verdachten per 1.000 12-17-jarigen", "Suspects per 1,000 aged 12-17", fmt="f1", rate_per=1000,
               ages=(12, 17)),
        Yearly("suspects_per_1000_18_23", "kpis", "suspects per 1,000 aged 18-23",
               "Verdachten per 1.000 18-23-jarigen", "Suspects per 1,000 aged 18-23", fmt="f1", rate_per=1000,
               ages=(18, 23)),
        Yearly("halt_per_year", "kpis", "referrals/year", "Halt-verwijzingen per jaar",
               "Halt referrals per year", sources=("halt",)),
        Yearly("suspects_per_year", "kpis", "youths/year", "Verdachten 12-23 per jaar",
               "Suspects 12-23 per year", sources=("suspects_new",)),
        Yearly("suspects_per_year", "per_wijk", "youths/year", "Verdachten per jaar", "Suspects per year",
               scales=True),
        Yearly("halt_per_year", "per_wijk", "referrals/year", "Halt-verwijzingen per jaar",
               "Halt referrals per year", sources=("halt",)),
        Yearly("suspects_per_1000", "per_group", "suspects per 1,000", "Verdachten per 1.000 jongeren",
               "Suspects per 1,000 youths", fmt="f1", rate_per=1000),
    )

    def __init__(self, model) -> None:
        super().__init__(model)
        p = model.params
        self.p = p
        self.u = model.uniforms  # shared scratch (see JwsimModel)
        self.h_halt = weekly(p["halt_per_year_12_17"])
        self.h_susp_minor = weekly(p["suspect_per_year_12_17"])
        self.h_susp_adult = weekly(p["suspect_per_year_18_24"])
        self.h_growth = weekly(p["crime_growth_per_year"])
        self.n_wijk = len(model.inputs.wijk_codes)

    def initialise(self, model) -> None:
        """Warm start of registration history: P(registered before) ~ yearly hazard x years since 12."""
        y, p = model.y, self.p
        years = np.clip(y.age - AGE_SECONDARY, 0, None)
        rate = (p["halt_per_year_12_17"] + p["suspect_per_year_12_17"]) * np.exp(
            p["crime_risk_coefficient"] * (y.delinquency - model.scores.delinquency_ref))
        prob = np.minimum(1.0 - np.exp(-rate * years), p["crime_history_cap"])
        y.crime_stage[self.rng.random(y.n) < prob] = REGISTERED

    def step(self, model) -> None:
        """Draw this week's Halt referrals, suspect registrations and growth into serious crime."""
        y, p = model.y, self.p
        ref = model.scores.delinquency_ref
        ny = p["halt_new_year_multiplier"] if model.calendar.new_year[model.week_index] else 1.0
        stage2 = p["crime_stage2_suspect_multiplier"]
        growth = p["crime_growth_peer_factor"]
        self.rng.random(out=self.u, dtype=np.float32)
        # Thinning: the competing hazards are small and bounded (delinquency, protection and
        # delinquent peers lie in [0, 1]), so only youths whose uniform is below the bound of the total
        # hazard need their own hazards; for every other youth nothing happens this week. The bound uses
        # this week's highest delinquency and delinquent peers and lowest protection (three reductions):
        # about half the candidates of the bound over [0, 1], and the same decisions.
        d_max = float(y.delinquency.max())
        risk_max = max_exp(p["crime_risk_coefficient"], -ref, d_max - ref)
        low_prot_max = 1.0 - float(y.protect_score.min())
        grow_max = growth * self.h_growth * low_prot_max * float(y.R[:, R_PEERS].max())
        bound = slack((self.h_halt * ny + stage2 * max(self.h_susp_minor, self.h_susp_adult)) * risk_max
                      + grow_max)
        cand = (self.u < bound).nonzero()[0]
        u = self.u[cand]
        age = y.age[cand]
        minor = (age >= AGE_SECONDARY) & (age < AGE_ADULT)
        adult = age >= AGE_ADULT
        stage = y.crime_stage[cand]
        risk = np.exp(p["crime_risk_coefficient"] * (y.delinquency[cand] - ref))
        h_halt = np.where(minor, self.h_halt * ny, 0.0) * risk
        stage_mult = np.where(stage == SERIOUS, stage2, 1.0)
        h_susp = (np.where(minor, self.h_susp_minor, np.where(adult, self.h_susp_adult, 0.0))
                  * risk * stage_mult)
        h_susp = np.where(y.student[cand], h_susp * p["suspect_student_relative"], h_susp)
        low_prot = 1.0 - y.protect_score[cand]
        h_grow = np.where(y.jv[cand] & (stage == REGISTERED),
                          self.h_growth * growth * low_prot * y.R[cand, R_PEERS], 0.0)
        c1 = h_halt
        c2 = c1 + h_susp
        c3 = c2 + h_grow
        halt = cand[u < c1]
        susp = cand[(u >= c1) & (u < c2)]
        grow = cand[(u >= c2) & (u < c3)]
        new_susp = susp[~y.suspect_year[susp]]
        y.suspect_year[susp] = True
        y.crime_stage[halt] = np.maximum(y.crime_stage[halt], REGISTERED)
        y.crime_stage[susp] = np.maximum(y.crime_stage[susp], REGISTERED)
        y.crime_stage[grow] = SERIOUS
        self.week.update(halt=np.bincount(y.wijk[halt], minlength=self.n_wijk), suspects_new=new_susp.size,
                         crime_grown=grow.size)

    def close_year(self, model, year) -> None:
        """Registration rates of the year."""
        y = model.y
        minors = year.mask("halt_per_10k_12_17")
        year.set("halt_per_10k_12_17", year.sums["halt"] / year.count(minors))
        year.set("suspects_per_1000_12_17", year.share(y.suspect_year, minors))
        year.set("suspects_per_1000_18_23", year.share(y.suspect_year, year.mask("suspects_per_1000_18_23")))
        year.set("suspects_per_year", year.by_wijk(mask=y.suspect_year), "per_wijk")
        year.set("suspects_per_1000", np.array([year.share(y.suspect_year, m) for m in year.groups]),
                 "per_group")
