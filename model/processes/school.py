"""School: dropout (voortijdig schoolverlaten, VSV) and return to school or work.

Pupils in VO/PRO/VSO and MBO (ages 12-23) drop out at a yearly hazard by school type (E2: VO 0.6%,
MBO 5.7%) scaled by low school motivation and risk; SWF participation divides the odds by
``swf_dropout_odds_ratio`` (I7.1) and SJW works through school motivation. A dropout has no school type
until returning to MBO (under 18) or to MBO/work; SWF raises the return hazard.
"""

from __future__ import annotations

import numpy as np

from ..params import weekly
from ..population import MBO, NONE, P_SCHOOLMOTIVATIE, PRO, VO, VSO, WORK
from .thinning import max_exp

NAME = "school"
PARAMS = ("dropout_per_year_vo", "dropout_per_year_mbo", "dropout_risk_coefficient",
          "dropout_return_per_year", "swf_dropout_odds_ratio", "swf_return_per_week")


class School:
    """Dropout and return."""

    def __init__(self, model) -> None:
        p = model.params
        self.p = p
        self.rng = model.streams[NAME]
        self.u = model.uniforms  # shared scratch (see JwsimModel)
        self.h_vo = weekly(p["dropout_per_year_vo"])
        self.h_mbo = weekly(p["dropout_per_year_mbo"])
        self.h_return = weekly(p["dropout_return_per_year"])
        y = model.y
        self.motivation_ref = float(y.P[:, P_SCHOOLMOTIVATIE].mean())
        self.week = dict.fromkeys(("dropouts", "returns"), 0.0)

    def initialise(self, model) -> None:
        """Warm start: each pupil of 16-23 is a dropout with the stationary probability h / (h + r)."""
        y = model.y
        h = np.where(np.isin(y.school_type, (VO, PRO, VSO)), self.p["dropout_per_year_vo"],
                     np.where(y.school_type == MBO, self.p["dropout_per_year_mbo"], 0.0))
        r = self.p["dropout_return_per_year"]
        p = np.where(model.age >= 16, h / (h + r), 0.0)
        drop = (self.rng.random(y.n) < p).nonzero()[0]
        y.dropout[drop] = True
        y.school_type[drop] = NONE
        y.school[drop] = -1

    def step(self, model) -> None:
        """Draw this week's school dropouts and the dropouts' returns to school or work."""
        y, p = model.y, self.p
        self.rng.random(out=self.u, dtype=np.float32)
        # Thinning: the dropout hazard is bounded (motivation and risk lie in [0, 1]); only pupils whose
        # uniform is below the bound, and the dropouts (who may return), need their hazards.
        # (motivation_ref - motivation) + 0.5 (risk - risk_ref) over motivation, risk in [0, 1]:
        lo = self.motivation_ref - 1.0 - 0.5 * model.risk_ref
        hi = self.motivation_ref + 0.5 * (1.0 - model.risk_ref)
        or_min = min(p["swf_dropout_odds_ratio"], 1.0)
        bound = min(max(self.h_vo, self.h_mbo) * max_exp(p["dropout_risk_coefficient"], lo, hi) / or_min,
                    0.5) * (1 + 1e-6)
        cand = ((self.u < bound) | y.dropout).nonzero()[0]
        u = self.u[cand]
        st = y.school_type[cand]
        vo = (st == VO) | (st == PRO) | (st == VSO)
        base = np.where(vo, self.h_vo, np.where(st == MBO, self.h_mbo, 0.0))
        x = p["dropout_risk_coefficient"] * ((self.motivation_ref - y.P[cand, P_SCHOOLMOTIVATIE])
                                             + 0.5 * (model.risk_score[cand] - model.risk_ref))
        h = base * np.exp(x)
        swf = y.programme[cand] == 2
        # Odds ratio on completion: odds of dropout divided by OR.
        h = np.where(swf, h / (p["swf_dropout_odds_ratio"] * (1 - h) + h), h)
        dropout = y.dropout[cand]
        h_ret = np.where(dropout, np.where(swf, p["swf_return_per_week"] + self.h_return, self.h_return), 0.0)
        is_drop = u < np.minimum(h, 0.5)
        is_ret = dropout & (u < h_ret)
        drop, ret = cand[is_drop], cand[is_ret]
        y.dropout[drop] = True
        y.school_type[drop] = NONE
        y.school[drop] = -1
        y.dropout[ret] = False
        y.school_type[ret] = np.where(model.age[ret] < 18, MBO,
                                      np.where(u[is_ret] < h_ret[is_ret] / 2, MBO, WORK))
        self.week.update(dropouts=drop.size * model.scale, returns=ret.size * model.scale)
