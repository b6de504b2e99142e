"""Composite scores: the risk score and the delinquency score that the outcome processes use.

* risk = Σ ``risk_weight_*`` x risk factor (mental strain, loneliness, family stress, debts, online risk,
  delinquent peers): jeugdhulp entry and level, youth-work signals, IB intake, dropout;
* delinquency = ``delinquency_weight_peers`` x delinquent peers + ``delinquency_weight_norms`` x (1 -
  pro-social norms) + ``delinquency_weight_family`` x family stress + ``delinquency_weight_jv`` x Jeugd &
  Veiligheid + ``delinquency_weight_registered`` x registered before, clipped to [0, 1]: nuisance, crime,
  SWF intake, problem groups. (The protection score, the mean protective factor, belongs to the factors.)

The reference values that make base hazards population averages (``risk_ref``, ``protect_ref``,
``delinquency_ref``) are the means of the initial population, before delinquent peers are set; so is the
signal threshold (the ``signal_risk_percentile`` quantile of the initial risk score).
"""

from __future__ import annotations

import numpy as np

from ..population import P_NORMEN, R_DEBT, R_FAMILY, R_LONELY, R_MENTAL, R_ONLINE, R_PEERS
from ..process import Process, State

RISK_COLUMNS = {R_MENTAL: "risk_weight_mental", R_LONELY: "risk_weight_loneliness",
                R_FAMILY: "risk_weight_family",
                R_DEBT: "risk_weight_debt", R_ONLINE: "risk_weight_online", R_PEERS: "risk_weight_peers"}


def risk_weights(params) -> np.ndarray:
    """Return the weights of the risk factors in the risk score, in column order (float32)."""
    return np.array([params[RISK_COLUMNS[c]] for c in sorted(RISK_COLUMNS)], np.float32)


class Scores(Process):
    """Risk and delinquency scores, rewritten in place every week after the factor dynamics."""

    name = "scores"
    states = (
        State("risk_score", "float32", "composite risk score (weighted risk factors)", init=None,
              derived=True),
        State("delinquency", "float32", "delinquency score, in [0, 1]", init=None, derived=True),
    )

    def __init__(self, model) -> None:
        super().__init__(model)
        p, y = model.params, model.y
        n = y.n
        y.risk_score = np.zeros(n, np.float32)
        y.delinquency = np.zeros(n, np.float32)
        self.weights = risk_weights(p)
        f32 = np.float32
        self.w_peers, self.w_norms = f32(p["delinquency_weight_peers"]), f32(p["delinquency_weight_norms"])
        self.w_family, self.w_jv = f32(p["delinquency_weight_family"]), f32(p["delinquency_weight_jv"])
        self.w_registered = f32(p["delinquency_weight_registered"])
        self._tmp = np.empty(n, np.float32)
        self._flag = np.empty(n, bool)
        self.risk_ref = self.protect_ref = self.delinquency_ref = self.signal_threshold = 0.0
        # The highest risk score any youth can have (all risk factors at 1): bounds of thinning use it.
        self.risk_max = max(float(self.weights.sum()), 1.0)

    def initialise(self, model) -> None:
        """Set the reference values and signal threshold of the initial population, then the peer factor."""
        y = model.y
        self.update(model)
        self.risk_ref = float(y.risk_score.mean())
        self.protect_ref = float(y.protect_score.mean())
        self.delinquency_ref = float(y.delinquency.mean())
        self.signal_threshold = float(np.quantile(y.risk_score, model.params["signal_risk_percentile"]))
        model.factors.initialise_peers(model)  # delinquent peers start at the friends' initial delinquency
        self.update(model)

    def after_initialise(self, model) -> None:
        """Recompute the scores after every warm start (earlier registrations raise the delinquency score)."""
        self.update(model)

    def step(self, model) -> None:
        """Compute the scores of this week's factors."""
        self.update(model)

    def update(self, model) -> None:
        """Compute the risk and delinquency scores in place."""
        y = model.y
        np.dot(y.R, self.weights, out=y.risk_score)
        d, tmp, flag = y.delinquency, self._tmp, self._flag
        np.multiply(y.R[:, R_PEERS], self.w_peers, out=d)
        np.multiply(y.P[:, P_NORMEN], -self.w_norms, out=tmp)
        d += tmp
        d += self.w_norms
        np.multiply(y.R[:, R_FAMILY], self.w_family, out=tmp)
        d += tmp
        np.multiply(y.jv, self.w_jv, out=tmp)
        d += tmp
        np.greater(y.crime_stage, 0, out=flag)
        np.multiply(flag, self.w_registered, out=tmp)
        d += tmp
        np.clip(d, 0.0, 1.0, out=d)
