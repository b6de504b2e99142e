"""Factor dynamics of the 10 NJI protective factors and the risk factors.

Every factor relaxes towards a personal baseline at ``factor_relaxation_per_week`` (so youth-work gains
fade with a half-life of ~4 months). Mental strain and loneliness have weekly noise and targets that fall
when a youth's protective factors rise above their baseline (``risk_protection_coupling``, I9.1) and, for
mental strain, rise with family stress (``mental_family_coupling``). Delinquent peers relax
(``peer_relaxation_multiplier`` times faster) towards a mix of the friends' mean delinquency (sparse
mat-vec over the friendship network) and the street group's mean (``peer_influence``). All factors stay in
[0, 1].

Youth work works on the factors through targets: the target of protective factor k is the personal baseline
plus sum_f d_f,k x SD_k x exposure_f over the work forms and programmes f (``y.exposure``, kept by the
  youth-work
process; the effect sizes d in SD units, graded registry parameters; SD_k the factor's population SD at the
start), plus ``d_relation_steun`` x SD x relation for adult support (a trusted adult is this one NJI factor,
not a multiplier of outcomes). Gains therefore fade when exposure fades. Life events and IB's financial
coaching change risk factors through :meth:`Factors.raise_risk` and :meth:`Factors.lower_risk`.
"""

from __future__ import annotations

import numpy as np

from ..population import (
    AGE_ADULT,
    AGE_MBO,
    N_P,
    N_R,
    P_SCHOOLMOTIVATIE,
    P_STEUN,
    R_DEBT,
    R_FAMILY,
    R_LONELY,
    R_MENTAL,
    R_ONLINE,
    R_PEERS,
    debt_age_level,
    row_mean,
)
from ..process import Process, State, Weekly, Yearly
from .contact_forms import effect_matrix

# Family stress, debts and online risk are adjacent columns: one block pass relaxes all three.
# An upper clip is np.clip(x, -inf, 1): the same values as np.minimum(x, 1), in numpy's faster float32 loop.
_NEG_INF, _ONE = np.float32(-np.inf), np.float32(1.0)
_BLOCK = slice(R_FAMILY, R_ONLINE + 1)
assert (R_DEBT, R_ONLINE) == (R_FAMILY + 1, R_FAMILY + 2)


class Factors(Process):
    """Relaxation, coupling, peer influence and noise; the channel of every effect on the factors."""

    name = "factors"
    states = (
        State("P", "float32", "the 10 protective factors (NJI top 10), in [0, 1]", init=None, columns=N_P),
        State("R", "float32", "the 6 risk factors, in [0, 1]", init=None, columns=N_R),
        State("protect_score", "float32", "mean of the protective factors", init=None, derived=True),
    )
    results = (
        Weekly("protective_mean", "factor units", "Gemiddelde beschermende factoren",
               "Mean protective factors",
               scales=False, year="mean", collect=True),
        Yearly("mental_problems_12_16", "kpis", "share", "Psychische problemen 12-16 jaar",
               "Mental problems 12-16", fmt="%", ages=(12, 16)),
        Yearly("loneliness_strong_15_23", "kpis", "share", "Sterk eenzaam 15-23 jaar",
               "Strongly lonely 15-23", fmt="%", ages=(15, 23)),
        Yearly("payment_arrears_18_23", "kpis", "share", "Betalingsachterstand 18-23 jaar",
               "Payment arrears 18-23", fmt="%", ages=(18, 23)),
        Yearly("protective_gap_vulnerable", "kpis", "factor units",
               "Achterstand beschermende factoren kwetsbaar",
               "Protective-factor gap, vulnerable", fmt="f3"),
        Yearly("protective_mean", "kpis", "factor units", "Gemiddelde beschermende factoren",
               "Mean protective factors", fmt="f3"),
        Yearly("protective_mean_vulnerable", "kpis", "factor units",
               "Beschermende factoren kwetsbare jongeren",
               "Protective factors, vulnerable youths", fmt="f3"),
        Yearly("school_motivation_mean", "kpis", "factor units", "Gemiddelde schoolmotivatie",
               "Mean school motivation", fmt="f3"),
        Yearly("protective_mean", "per_wijk", "factor units", "Gemiddelde beschermende factoren",
               "Mean protective factors", fmt="f3"),
        Yearly("protective_mean", "per_group", "factor units", "Gemiddelde beschermende factoren",
               "Mean protective factors", fmt="f3"),
        Yearly("mental_problems_share", "per_group", "share", "Psychische problemen", "Mental problems",
               fmt="%"),
    )

    def __init__(self, model) -> None:
        super().__init__(model)
        p = model.params
        y = model.y
        n = y.n
        # The factors start at the personal baselines (debts plus the age level of debts).
        y.P = np.array(y.P_base, copy=True, order="F")
        y.R = np.array(y.R_base, copy=True, order="F")
        y.R[:, R_DEBT] = np.clip(y.R_base[:, R_DEBT] + debt_age_level(y.age, p), 0, 1)
        y.protect_score = np.zeros(n, np.float32)
        self.kappa = np.float32(p["factor_relaxation_per_week"])
        self.coupling = np.float32(p["risk_protection_coupling"])
        self.noise_sd = np.float32(p["risk_weekly_noise_sd"])
        self.peer_w = np.float32(p["peer_influence"])
        self.family_mental = np.float32(p["mental_family_coupling"])
        self.peer_speed = np.float32(p["peer_relaxation_multiplier"])
        # Youth work's target shifts at full exposure, x the relaxation rate (added each week).
        self.factor_sd = y.P_base.std(axis=0).astype(np.float32)
        self.shift = (effect_matrix(p, self.factor_sd) * self.kappa).astype(np.float32)
        # Per factor, the (exposure column, coefficient) pairs with an effect: column passes over the
        # column-major arrays (a BLAS matmul of the thin (n, forms) matrix is far slower here).
        self.shift_terms = [(k, [(f, np.float32(c)) for f, c in enumerate(self.shift[:, k]) if c])
                            for k in range(N_P)]
        self.shift_terms = [(k, terms) for k, terms in self.shift_terms if terms]
        self.k_relation = np.float32(self.kappa * p["d_relation_steun"] * self.factor_sd[P_STEUN])
        # Preallocated work arrays (no allocation in the weekly step apart from the sparse mat-vec).
        self.noise = np.empty((2, n), np.float32)
        self.lift = np.empty(n, np.float32)
        self.tmp = np.empty(n, np.float32)
        # Per-slot terms that change only when a slot gets a new occupant (baselines) or a birthday (the
        # age level of debts): a relaxation x <- x + k (target - x) is computed as (1 - k) x + k target
        # with k target kept here, two passes instead of four.
        self.p_base_mean = np.empty(n, np.float32)
        self.k_p_base = np.empty((n, N_P), np.float32, order="F")
        self.k_mental = np.empty(n, np.float32)      # k (mental baseline - coupling x family baseline)
        self.k_lonely = np.empty(n, np.float32)      # k x loneliness baseline
        # k x (family stress, debt target, online risk)
        self.k_block = np.empty((n, _BLOCK.stop - _BLOCK.start), np.float32, order="F")
        self._refresh(model, np.arange(n))

    def initialise(self, model) -> None:
        """Compute the protection score of the starting factors (the outcome processes' warm starts)."""
        row_mean(model.y.P, model.y.protect_score)

    def after_initialise(self, model) -> None:
        """Report the protective mean before the first week (the DataCollector collects it at t = 0)."""
        self.week["protective_mean"] = float(model.y.protect_score.mean())

    def initialise_peers(self, model) -> None:
        """Start delinquent peers at the friends' and street groups' initial delinquency."""
        model.y.R[:, R_PEERS] = self.peer_delinquency(model)

    def enter(self, model, slots) -> None:
        """Start a newcomer's factors at their personal baselines (debts plus the age level)."""
        y = model.y
        y.P[slots] = y.P_base[slots]
        R_base = y.R_base[slots]
        y.R[slots] = R_base
        y.R[:, R_DEBT][slots] = np.clip(R_base[:, R_DEBT] + debt_age_level(y.age[slots], model.params), 0, 1)

    # ------------------------------------------------------------------ effects of other processes
    def raise_protective(self, model, rows: np.ndarray, cols, gain) -> None:
        """Add ``gain`` to protective factors ``cols`` of ``rows``, clipped at 1 (other processes' effects).

        Youth work does not use it (its effects are target shifts by exposure); a process that models
        another protective environment can. Works column by column (contiguous in the column-major P).
        """
        P = model.y.P
        for c in np.atleast_1d(cols):
            col = P[:, c]
            col[rows] = np.minimum(col[rows] + gain, np.float32(1.0))

    def raise_risk(self, model, rows: np.ndarray, col: int, amount) -> None:
        """Raise risk factor ``col`` of ``rows`` by ``amount``, at most to 1 (life events)."""
        R = model.y.R
        R[rows, col] = np.minimum(R[rows, col] + amount, np.float32(1.0))

    def lower_risk(self, model, rows: np.ndarray, col: int, amount) -> None:
        """Lower risk factor ``col`` of ``rows`` by ``amount``, at least to 0 (debt relief)."""
        R = model.y.R
        R[rows, col] = np.maximum(R[rows, col] - amount, 0)

    # ------------------------------------------------------------------ kept per-slot terms
    def _refresh(self, model, idx: np.ndarray) -> None:
        """Recompute the per-slot terms of the slots ``idx`` (new occupants: new baselines)."""
        y, k = model.y, self.kappa
        P_base = y.P_base[idx]  # gathered once (column-major like P_base, so row_mean stays contiguous)
        self.p_base_mean[idx] = row_mean(P_base, np.empty(idx.size, np.float32))
        P_base *= k
        self.k_p_base[idx] = P_base
        R_base = y.R_base[idx]
        self.k_mental[idx] = k * (R_base[:, R_MENTAL] - self.family_mental * R_base[:, R_FAMILY])
        self.k_lonely[idx] = k * R_base[:, R_LONELY]
        self.k_block[idx] = k * R_base[:, _BLOCK]
        self._refresh_debt(model, idx, R_base[:, R_DEBT])

    def _refresh_debt(self, model, idx: np.ndarray, debt_base: np.ndarray | None = None) -> None:
        """Debt target of the slots ``idx``: the baseline plus the age level (changes at birthdays).

        ``debt_base``: their debt baselines if already gathered.
        """
        level = debt_age_level(model.y.age[idx], model.params)
        if debt_base is None:
            debt_base = model.y.R_base[idx, R_DEBT]
        self.k_block[idx, R_DEBT - R_FAMILY] = self.kappa * (debt_base + level)

    def peer_delinquency(self, model) -> np.ndarray:
        """Mix of the friends' and the street group's mean delinquency score (a new float32 array)."""
        network, y = model.network, model.y
        friends = network.W @ y.delinquency  # one sparse mat-vec: W is row-normalised float32 CSR
        groups = network.groups
        members = groups.members
        if members.size == 0:
            return friends
        w = self.peer_w
        group_mean = groups.means(y.delinquency)  # sparse mat-vec over the membership matrix
        friends[members] = (1 - w) * friends[members] + w * group_mean[y.group[members]]
        return friends

    # ------------------------------------------------------------------ weekly step
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
            age = y.age[changed]
            self._refresh_debt(model,
                               changed[(age == AGE_MBO) | (age == AGE_ADULT) | demography.changed_entered])
        # Protective factors relax towards the baseline plus youth work's shifts (a convex step towards a
        # target that can exceed 1 only at extreme exposure: clipped below).
        y.P *= keep
        y.P += self.k_p_base
        E, tmp = y.exposure, self.tmp
        for factor, terms in self.shift_terms:  # (not k: the relaxation rate below)
            col = y.P[:, factor]
            for f, c in terms:
                np.multiply(E[:, f], c, out=tmp)
                col += tmp
        if self.k_relation:
            np.multiply(y.relation, self.k_relation, out=tmp)
            y.P[:, P_STEUN] += tmp
        if y.P.max() > 1:  # only at extreme exposure; a max is ~8x cheaper than the clip
            np.clip(y.P, _NEG_INF, _ONE, out=y.P)
        protect = row_mean(y.P, y.protect_score)  # the outcome processes use it this step
        lift = np.subtract(protect, self.p_base_mean, out=self.lift)
        lift *= self.coupling * k  # k x coupling x (protection above baseline)
        self.rng.standard_normal(out=self.noise, dtype=np.float32)
        self.noise *= self.noise_sd
        tmp = self.tmp
        # Mental strain: target = baseline - coupling x lift + family coupling x family excess; plus noise.
        np.multiply(R[:, R_FAMILY], self.family_mental * k, out=tmp)
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
        peers = self.peer_delinquency(model)
        peers -= R[:, R_PEERS]
        peers *= self.peer_speed * k
        R[:, R_PEERS] += peers
        # Only the noisy factors and debts (whose target can exceed 1) can leave [0, 1]; family stress,
        # online risk and delinquent peers take convex steps between values in [0, 1].
        if self.peer_speed * k <= 1:
            np.clip(R[:, R_MENTAL:R_LONELY + 1], 0.0, 1.0, out=R[:, R_MENTAL:R_LONELY + 1])
            np.clip(R[:, R_DEBT], _NEG_INF, _ONE, out=R[:, R_DEBT])
        else:  # peers relaxing more than fully in a week (outside the registry's ranges) overshoot: clip all
            np.clip(R, 0.0, 1.0, out=R)

    def record(self, model) -> None:
        """Report the mean protective factor of all youths."""
        self.week["protective_mean"] = float(model.y.protect_score.mean())

    def close_year(self, model, year) -> None:
        """Set the factor indicators at the end of the year (threshold readouts and means)."""
        y, p = model.y, model.params
        mental = y.R[:, R_MENTAL] > p["mental_problem_threshold"]
        lonely = y.R[:, R_LONELY] > p["loneliness_threshold"]
        arrears = y.R[:, R_DEBT] > p["debt_threshold"]
        pmean = y.P.mean(axis=1)
        nonstud = ~y.student
        vul = y.vulnerable
        year.set("mental_problems_12_16", year.share(mental, year.mask("mental_problems_12_16")))
        year.set("loneliness_strong_15_23", year.share(lonely, year.mask("loneliness_strong_15_23")))
        year.set("payment_arrears_18_23", year.share(arrears, year.mask("payment_arrears_18_23") & nonstud))
        pv = float(pmean[vul].mean()) if vul.any() else 0.0
        po = float(pmean[~vul & nonstud].mean()) if (~vul & nonstud).any() else 0.0
        year.set("protective_gap_vulnerable", po - pv)
        year.set("protective_mean", float(pmean.mean()))
        year.set("protective_mean_vulnerable", pv)
        year.set("school_motivation_mean", float(y.P[:, P_SCHOOLMOTIVATIE].mean()))
        n_all = year.by_wijk()
        year.set("protective_mean", np.divide(year.by_wijk(weights=pmean), n_all, out=np.zeros(n_all.shape),
                                              where=n_all > 0), "per_wijk")
        year.set("protective_mean",
                 np.array([float(pmean[m].mean()) if m.any() else 0.0 for m in year.groups]), "per_group")
        year.set("mental_problems_share", np.array([year.share(mental, m) for m in year.groups]), "per_group")

