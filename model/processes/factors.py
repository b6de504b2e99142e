"""Factor dynamics of the 10 NJI protective factors and the risk factors.

Every factor relaxes towards a personal baseline at ``factor_relaxation_per_week`` (so youth-work gains,
added by the youth-work process, fade with a half-life of ~4 months). Mental strain and loneliness have
weekly noise and targets that fall when a youth's protective factors rise above their baseline
(``risk_protection_coupling``, I9.1) and, for mental strain, rise with family stress. Delinquent peers
relax towards a mix of the friends' mean delinquency (sparse mat-vec over the friendship network) and
the street group's mean (``peer_influence``). All factors stay in [0, 1].
"""

from __future__ import annotations

import numpy as np

from ..population import R_DEBT, R_FAMILY, R_LONELY, R_MENTAL, R_ONLINE, R_PEERS, debt_age_level

NAME = "factors"
PARAMS = ("factor_relaxation_per_week", "risk_protection_coupling", "risk_weekly_noise_sd", "peer_influence")


class Factors:
    """Relaxation, coupling, peer influence and noise."""

    def __init__(self, model) -> None:
        p = model.params
        self.rng = model.streams[NAME]
        self.kappa = np.float32(p["factor_relaxation_per_week"])
        self.coupling = np.float32(p["risk_protection_coupling"])
        self.noise_sd = np.float32(p["risk_weekly_noise_sd"])
        self.peer_w = np.float32(p["peer_influence"])
        n = model.y.n
        self.noise = np.empty((n, 2), np.float32)

    def step(self, model) -> None:
        y = model.y
        k = self.kappa
        y.P += k * (y.P_base - y.P)
        np.clip(y.P, 0.0, 1.0, out=y.P)
        lift = y.P.mean(axis=1) - y.P_base.mean(axis=1)
        family_excess = y.R[:, R_FAMILY] - y.R_base[:, R_FAMILY]
        self.rng.standard_normal(out=self.noise, dtype=np.float32)
        target_m = y.R_base[:, R_MENTAL] - self.coupling * lift + 0.3 * family_excess
        target_l = y.R_base[:, R_LONELY] - self.coupling * lift
        y.R[:, R_MENTAL] += k * (target_m - y.R[:, R_MENTAL]) + self.noise_sd * self.noise[:, 0]
        y.R[:, R_LONELY] += k * (target_l - y.R[:, R_LONELY]) + self.noise_sd * self.noise[:, 1]
        # Family stress and online risk relax to baseline; debts to baseline plus the age level.
        for col in (R_FAMILY, R_ONLINE):
            y.R[:, col] += k * (y.R_base[:, col] - y.R[:, col])
        debt_target = y.R_base[:, R_DEBT] + debt_age_level(model.age, model.params)
        y.R[:, R_DEBT] += k * (debt_target - y.R[:, R_DEBT])
        peers = model.peer_delinquency()
        y.R[:, R_PEERS] += 4 * k * (peers - y.R[:, R_PEERS])
        np.clip(y.R, 0.0, 1.0, out=y.R)
