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

from ..population import (
    N_P,
    R_DEBT,
    R_FAMILY,
    R_LONELY,
    R_MENTAL,
    R_ONLINE,
    R_PEERS,
    debt_age_level,
    row_mean,
)

NAME = "factors"
PARAMS = ("factor_relaxation_per_week", "risk_protection_coupling", "risk_weekly_noise_sd", "peer_influence")
# Family stress, debts and online risk are adjacent columns: one block pass relaxes all three.
_BLOCK = slice(R_FAMILY, R_ONLINE + 1)
assert (R_MENTAL, R_LONELY, R_FAMILY, R_DEBT, R_ONLINE) == (0, 1, 2, 3, 4)


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
        self.lift = np.empty(n, np.float32)
        self.tmp = np.empty(n, np.float32)
        # Per-slot terms that change only when a slot gets a new occupant (baselines) or a birthday (the
        # age level of debts): a relaxation x <- x + k (target - x) is computed as (1 - k) x + k target
        # with k target kept here, two passes instead of four.
        self.p_base_mean = np.empty(n, np.float32)
        self.k_p_base = np.empty((n, N_P), np.float32, order="F")
        self.k_mental = np.empty(n, np.float32)      # k (mental baseline - 0.3 x family baseline)
        self.k_lonely = np.empty(n, np.float32)      # k x loneliness baseline
        self.k_block = np.empty((n, 3), np.float32, order="F")  # k x (family, debt + age level, online)
        self._refresh(model, np.arange(n))

    def _refresh(self, model, idx: np.ndarray) -> None:
        """Recompute the per-slot terms of the slots ``idx`` (new occupants: new baselines)."""
        y, k = model.y, self.kappa
        P_base = y.P_base[idx]  # gathered once (column-major like P_base, so row_mean stays contiguous)
        self.p_base_mean[idx] = row_mean(P_base, np.empty(idx.size, np.float32))
        P_base *= k
        self.k_p_base[idx] = P_base
        R_base = y.R_base[idx]
        self.k_mental[idx] = k * (R_base[:, R_MENTAL] - np.float32(0.3) * R_base[:, R_FAMILY])
        self.k_lonely[idx] = k * R_base[:, R_LONELY]
        self.k_block[idx] = k * R_base[:, _BLOCK]
        self._refresh_debt(model, idx, R_base[:, R_DEBT])

    def _refresh_debt(self, model, idx: np.ndarray, debt_base: np.ndarray | None = None) -> None:
        """Debt target of the slots ``idx``: the baseline plus the age level (changes at birthdays).

        ``debt_base``: their debt baselines if already gathered.
        """
        level = debt_age_level(model.age[idx], model.params)
        if debt_base is None:
            debt_base = model.y.R_base[idx, R_DEBT]
        self.k_block[idx, R_DEBT - R_FAMILY] = self.kappa * (debt_base + level)

    def step(self, model) -> None:
        """Move the protective and risk factors one week towards their targets (relaxation and noise)."""
        y, R = model.y, model.y.R
        k = self.kappa
        keep = np.float32(1.0) - k
        demography = model.demography
        if demography.entered_slots.size:
            self._refresh(model, demography.entered_slots)
        changed = demography.changed
        if changed.size:  # the age level of debts steps up at 16 and 18 (and newcomers have new ages)
            age = model.age[changed]
            self._refresh_debt(model, changed[(age == 16) | (age == 18) | demography.changed_entered])
        # Protective factors relax towards the baseline: a convex step, so they stay in [0, 1].
        y.P *= keep
        y.P += self.k_p_base
        protect = row_mean(y.P, model.protect_score)  # the outcome processes use it this step
        lift = np.subtract(protect, self.p_base_mean, out=self.lift)
        lift *= self.coupling * k  # k x coupling x (protection above baseline)
        self.rng.standard_normal(out=self.noise, dtype=np.float32)
        self.noise *= self.noise_sd
        tmp = self.tmp
        # Mental strain: target = baseline - coupling x lift + 0.3 x family excess; plus noise.
        np.multiply(R[:, R_FAMILY], np.float32(0.3) * k, out=tmp)
        tmp += self.k_mental
        tmp -= lift
        R[:, R_MENTAL] *= keep
        R[:, R_MENTAL] += tmp
        R[:, R_MENTAL] += self.noise[0]
        # Loneliness: target = baseline - coupling x lift; plus noise.
        np.subtract(self.k_lonely, lift, out=tmp)
        R[:, R_LONELY] *= keep
        R[:, R_LONELY] += tmp
        R[:, R_LONELY] += self.noise[1]
        # Family stress and online risk relax to baseline; debts to baseline plus the age level.
        R[:, _BLOCK] *= keep
        R[:, _BLOCK] += self.k_block
        peers = model.peer_delinquency()
        peers -= R[:, R_PEERS]
        peers *= np.float32(4) * k
        R[:, R_PEERS] += peers
        # Only the noisy factors and debts (whose target can exceed 1) can leave [0, 1]; family stress,
        # online risk and delinquent peers take convex steps between values in [0, 1].
        if 4 * k <= 1:
            np.clip(R[:, R_MENTAL:R_LONELY + 1], 0.0, 1.0, out=R[:, R_MENTAL:R_LONELY + 1])
            np.minimum(R[:, R_DEBT], np.float32(1.0), out=R[:, R_DEBT])
        else:  # relaxation above 1/4 per week (outside the registry's range) can overshoot: clip all
            np.clip(R, 0.0, 1.0, out=R)
