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

from ..population import N_P, R_DEBT, R_FAMILY, R_LONELY, R_MENTAL, R_ONLINE, R_PEERS, debt_age_level, row_mean

NAME = "factors"
PARAMS = ("factor_relaxation_per_week", "risk_protection_coupling", "risk_weekly_noise_sd", "peer_influence")
# Family stress, debts and online risk are adjacent columns: one block pass relaxes all three.
_BLOCK = slice(R_FAMILY, R_ONLINE + 1)
assert (R_FAMILY, R_DEBT, R_ONLINE) == (2, 3, 4)


class Factors:
    """Relaxation, coupling, peer influence and noise."""

    def __init__(self, model) -> None:
        p = model.params
        self.rng = model.streams[NAME]
        self.kappa = np.float32(p["factor_relaxation_per_week"])
        self.coupling = np.float32(p["risk_protection_coupling"])
        self.noise_sd = np.float32(p["risk_weekly_noise_sd"])
        self.peer_w = np.float32(p["peer_influence"])
        y = model.y
        n = y.n
        # Preallocated work arrays (no allocation in the weekly step apart from the sparse mat-vec).
        self.noise = np.empty((2, n), np.float32)
        self.dP = np.empty((n, N_P), np.float32, order="F")
        self.dR = np.empty((n, 3), np.float32, order="F")
        self.lift = np.empty(n, np.float32)
        self.tmp = np.empty(n, np.float32)
        self.tmp2 = np.empty(n, np.float32)
        # Per-slot values that change only when a slot's age or occupant changes (demography.changed).
        self.p_base_mean = row_mean(y.P_base, np.empty(n, np.float32))
        self.debt_level = debt_age_level(model.age, p)

    def step(self, model) -> None:
        y, R = model.y, model.y.R
        k = self.kappa
        changed, entered = model.demography.changed, model.demography.entered_slots
        if entered.size:  # a newcomer has new baselines
            self.p_base_mean[entered] = row_mean(y.P_base[entered], np.empty(entered.size, np.float32))
        if changed.size:  # a birthday can change the age level of debts
            self.debt_level[changed] = debt_age_level(model.age[changed], model.params)
        # Protective factors relax towards the baseline: a convex step, so they stay in [0, 1].
        dP = self.dP
        np.subtract(y.P_base, y.P, out=dP)
        dP *= k
        y.P += dP
        protect = row_mean(y.P, model.protect_score)  # the outcome processes use it this step
        lift = np.subtract(protect, self.p_base_mean, out=self.lift)
        np.multiply(lift, self.coupling, out=lift)
        self.rng.standard_normal(out=self.noise, dtype=np.float32)
        tmp, tmp2 = self.tmp, self.tmp2
        # Mental strain: target = baseline - coupling x lift + 0.3 x family excess; plus noise.
        np.subtract(R[:, R_FAMILY], y.R_base[:, R_FAMILY], out=tmp)
        tmp *= np.float32(0.3)
        tmp += y.R_base[:, R_MENTAL]
        tmp -= lift
        tmp -= R[:, R_MENTAL]
        tmp *= k
        np.multiply(self.noise[0], self.noise_sd, out=tmp2)
        tmp += tmp2
        R[:, R_MENTAL] += tmp
        # Loneliness: target = baseline - coupling x lift; plus noise.
        np.subtract(y.R_base[:, R_LONELY], lift, out=tmp)
        tmp -= R[:, R_LONELY]
        tmp *= k
        np.multiply(self.noise[1], self.noise_sd, out=tmp2)
        tmp += tmp2
        R[:, R_LONELY] += tmp
        # Family stress and online risk relax to baseline; debts to baseline plus the age level.
        dR = self.dR
        np.subtract(y.R_base[:, _BLOCK], R[:, _BLOCK], out=dR)
        dR[:, R_DEBT - R_FAMILY] += self.debt_level
        dR *= k
        R[:, _BLOCK] += dR
        peers = model.peer_delinquency()
        peers -= R[:, R_PEERS]
        peers *= np.float32(4) * k
        R[:, R_PEERS] += peers
        np.clip(R, 0.0, 1.0, out=R)
