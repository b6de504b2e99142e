"""Resample-move: ABC-MCMC steps that rejuvenate the final ABC-SMC population.

With 14 free parameters, the population Monte Carlo importance weights of ABC-SMC degenerate (each weight is
a ratio of 14-dimensional densities; the calibration measured an effective sample size of ~5 of 150). As in
the ABC-SMC of Del Moral, Doucet & Jasra (2012), the population is therefore resampled by its weights and
then *moved* with an MCMC kernel that leaves the ABC posterior invariant: the ABC-MCMC kernel of Marjoram et
al. (2003) with a Gaussian random walk. A move from theta to theta' is accepted when theta' lies inside the
registry ranges (uniform priors, symmetric proposal: the Metropolis-Hastings ratio is 1) and a fresh
simulation at theta' lies within the final tolerance. The proposal covariance is diagonal: (2.38^2 / d) x
each parameter's variance over the final generation's particles, halved (Roberts & Rosenthal's random-walk
scaling, made more cautious for the non-Gaussian ABC acceptance). Seeds:
``SeedSequence([seed, 99, step, particle])`` for the simulation and ``default_rng([seed, 98, step])`` for
the proposals, so results do not depend on the executor. Each step is checkpointed atomically; an
interrupted run continues with the next step. Each particle carries the distance of the simulation that
placed it; :func:`final_reweighting` uses them for the last SMC generation (a lower tolerance, indicator
weights; see :mod:`jwsim.calibration.abc`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from pathlib import Path

import numpy as np

from jwsim.experiments.output import atomic_write_text, to_json
from jwsim.experiments.runner import RunTask, execute
from jwsim.model.params import REGISTRY

from .abc import JwsimAbcModel, systematic_resample
from .targets import Target, distance, statistics

PROPOSAL = "diagonal, unweighted final generation"


def proposal_covariance(X: np.ndarray) -> np.ndarray:
    """Random-walk covariance: half of (2.38^2 / d) x the per-parameter variance of the particles.

    Diagonal and unweighted on purpose: the weighted covariance of a weight-degenerate population is
    dominated by a handful of particles and would impose their chance correlations on every move.
    """
    d = X.shape[1]
    return 0.5 * 2.38 ** 2 / d * np.diag(X.var(axis=0)) + 1e-12 * np.eye(d)


def rejuvenate(names: Sequence[str], particles: Sequence[Mapping[str, float]], weights: np.ndarray,
               eps: float, model: JwsimAbcModel, targets: Sequence[Target], steps: int, seed: int,
               checkpoint: Path, workers: int | None = None, executor: Executor | None = None,
               log: Callable[[str], None] = print, distances: Sequence[float] | None = None) -> dict:
    """Resample by weight, then ``steps`` ABC-MCMC moves of every particle at tolerance ``eps``.

    ``distances`` (the particles' accepted distances) are carried along: the returned state's ``D`` holds
    the distance of each moved particle's current simulation (for :func:`final_reweighting`).
    """
    names = list(names)
    X0 = np.array([[float(p[n]) for n in names] for p in particles])
    D0 = np.full(len(X0), np.nan) if distances is None else np.asarray(distances, float)
    w = np.asarray(weights, float) / np.sum(weights)
    cov = proposal_covariance(X0)
    lo = np.array([REGISTRY[n].low for n in names])
    hi = np.array([REGISTRY[n].high for n in names])
    state = None
    if checkpoint.exists():
        state = json.loads(checkpoint.read_text(encoding="utf-8"))
    same = state is not None and (state.get("eps"), state.get("names"), state.get("proposal")) == (
        eps, names, PROPOSAL)
    if not same or "D" not in state:
        idx = systematic_resample(w, len(X0), seed)
        X = X0[idx]
        state = {"names": names, "eps": eps, "proposal": PROPOSAL, "step": 0, "X": X.tolist(),
                 "D": D0[idx].tolist(),
                 "accepted": [], "unique_start": int(len({tuple(r) for r in X.tolist()}))}
    X = np.array(state["X"])
    D = np.array(state["D"], float)
    n, d = X.shape
    for s in range(state["step"], steps):
        rng = np.random.default_rng([int(seed), 98, s])
        prop = X + rng.multivariate_normal(np.zeros(d), cov, size=n)
        inside = np.all((prop >= lo) & (prop <= hi), axis=1)
        who = np.flatnonzero(inside)
        tasks = []
        for i in who:
            params = model.base.with_overrides(dict(zip(names, prop[i].tolist(), strict=True)))
            tasks.append(RunTask(model.schedule, params, np.random.SeedSequence([int(seed), 99, s, int(i)]),
                                 model.scale, model.years, int(i)))
        results = execute(tasks, workers=workers, executor=executor) if tasks else []
        accept = np.zeros(n, bool)
        dist = np.full(n, np.inf)
        for i, r in zip(who, results, strict=True):
            raw = statistics(r, model.names)
            stats = {k: raw[k] * model.bias.get(k, 1.0) for k in model.names}
            dist[i] = distance(stats, targets)
            accept[i] = dist[i] <= eps
        X[accept] = prop[accept]
        D[accept] = dist[accept]
        state.update(step=s + 1, X=X.tolist(), D=D.tolist(),
                     accepted=state["accepted"] + [float(accept.mean())])
        atomic_write_text(checkpoint, to_json(state))
        log(f"ABC-MCMC step {s + 1}/{steps}: {accept.mean():.0%} of moves accepted")
    state["unique_end"] = int(len({tuple(r) for r in X.tolist()}))
    return state


def final_reweighting(distances: Sequence[float], quantile: float) -> tuple[float, np.ndarray]:
    """Reweight for the last SMC generation: tolerance = ``quantile`` of the distances, weights 1[d <= it].

    The moved particles, with the simulations they carry, are an equally weighted sample of the ABC posterior
    at the last tolerance under the registry priors. Lowering the tolerance reweights each by its indicator
    (Del Moral, Doucet & Jasra 2012): no density ratio enters, so the effective sample size is the number of
    particles inside, about ``quantile`` x the population. Returns the tolerance and the normalised weights.
    """
    d = np.asarray(distances, float)
    eps = float(np.quantile(d, quantile))
    w = (d <= eps).astype(float)
    return eps, w / w.sum()
