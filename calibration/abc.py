"""Posterior ensemble: ABC-SMC with pyabc, a deterministic batch sampler, a pseudo-prior and reweighting.

* **Library**: pyabc's ABC-SMC (Toni et al. 2009; Beaumont et al. 2009; Klinger et al. 2018): weighted
  particle populations, a multivariate normal perturbation kernel (pyabc's ``MultivariateNormalTransition``,
  bandwidth by Silverman's rule from the weighted population), importance weights prior/proposal.
* **Distance**: Euclidean norm of the split-normal scaled deviations of the fitted targets
  (:func:`jwsim.calibration.targets.distance`): one unit = one standard deviation of the target's uncertainty.
* **Tolerance schedule**: ``eps_0 = inf`` (the first generation is drawn from the pseudo-prior), then
  ``eps_t`` = the ``abc_quantile`` (median) of generation t-1's weighted distances
  (pyabc ``QuantileEpsilon``),
  for ``abc_generations`` generations.
* **Pseudo-prior and reweighting**: with 12 well-identified parameters the posterior fills ~1e-10 of the
  prior box, which ABC-SMC would need some 20 generations (>10,000 runs) to find from the prior. The first
  generation is therefore drawn from a defensive pseudo-prior q: per parameter a mixture of 90% normal around
  the SMM estimate (sd = ``abc_pseudo_prior_widen`` x its SMM standard error, truncated to the range) and 10%
  uniform over the registry range; unidentified parameters (``smm_fixed``) get their uniform prior. pyabc
  then targets q(theta) L_eps(theta); the final particles are reweighted by prior/q = 1/q (uniform priors),
  which
  gives the posterior under the registry priors. q > 0 on the whole prior box, so the reweighting is exact
  in the limit; its effective sample size is reported. It is small (5 of 150 in the calibration before the
  last generation below): the weight is 1/g(theta), g the kernel mixture that proposed theta, and with 14
  parameters that ratio spreads over orders of magnitude. A proposal wide enough to flatten it would accept
  too rarely ((1 + c^2)^(-d/2) for a proposal c times wider than the posterior in d dimensions).
* **Last generation (SMC sampler, registry priors)**: the reweighted population is resampled and moved by
  ``abc_mcmc_steps`` ABC-MCMC steps that leave the ABC posterior under the registry priors invariant
  (:mod:`jwsim.calibration.rejuvenate`); each moved particle carries its simulation's distance. The last
  generation lowers the tolerance to the ``abc_final_quantile`` quantile of those distances and weights each
  particle by the indicator d <= tolerance (Del Moral, Doucet & Jasra 2012, ABC-SMC with MCMC moves): the
  target is the registry-prior posterior throughout, no density ratio enters, and the effective sample size
  is the number of particles inside (about ``abc_final_quantile`` x the population). The shipped draws are a
  seeded subset of those particles.
* **Scale**: runs at ``abc_scale`` (one agent = 4 youths); the statistics are multiplied by scale-bias ratios
  (full scale / reduced scale, estimated at the SMM estimate) before the distance.
* **Reproducible and resumable**: candidate i of batch b of generation t gets the seed
  ``SeedSequence([seed, t + 1, b, i])``; batches are evaluated in parallel but accepted in candidate order, so
  the result does not depend on the executor or the number of workers. pyabc stores every finished
  generation in its SQLite history (transactions are atomic): an interrupted calibration reloads it and
  continues with the next generation, which gets the same seeds as it would have.
"""

from __future__ import annotations

import hashlib
import logging
import random
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

import cloudpickle
import numpy as np
import pyabc
from pyabc.random_variables import RVBase
from pyabc.sampler import Sampler
from scipy import stats

from jwsim.experiments.executors import process_pool
from jwsim.experiments.runner import RunTask, run_task, scenario_schedule
from jwsim.model.params import REGISTRY, Parameters
from jwsim.model.scenario import load_scenario

from .targets import Target, distance, statistics

for _name in ("ABC", "Epsilon", "Distance", "History", "Sampler", "Acceptor", "Transitions", "pyabc"):
    logging.getLogger(_name).setLevel(logging.WARNING)


# ---------------------------------------------------------------------------------------------- priors
class DefensiveRV(RVBase):
    """Mixture of a truncated normal (weight 1 - w) and the uniform prior (weight w) on [low, high]."""

    def __init__(self, low: float, high: float, loc: float, sd: float, w_uniform: float = 0.1) -> None:
        self.low, self.high, self.loc, self.sd = float(low), float(high), float(loc), float(sd)
        self.w = w_uniform
        a, b = (self.low - self.loc) / self.sd, (self.high - self.loc) / self.sd
        self.norm = stats.truncnorm(a, b, loc=self.loc, scale=self.sd)
        self.unif = stats.uniform(self.low, self.high - self.low)

    def copy(self) -> DefensiveRV:  # noqa: D102
        return DefensiveRV(self.low, self.high, self.loc, self.sd, self.w)

    def rvs(self, *args, **kwargs) -> float:  # noqa: D102
        # Inverse-cdf draws from numpy's global state, which the sampler seeds per candidate. (A frozen scipy
        # distribution's own rvs would use a RandomState copied when the sampler pickles this object:
        # unseeded, and different between runs.)
        pick, u = np.random.random_sample(), np.random.random_sample()
        if pick < self.w:
            return float(self.low + u * (self.high - self.low))
        return float(self.norm.ppf(u))

    def pdf(self, x: float, *args, **kwargs) -> float:  # noqa: D102
        return float((1 - self.w) * self.norm.pdf(x) + self.w * self.unif.pdf(x))

    def pmf(self, x: float, *args, **kwargs) -> float:  # noqa: D102
        return 0.0

    def cdf(self, x: float, *args, **kwargs) -> float:  # noqa: D102
        return float((1 - self.w) * self.norm.cdf(x) + self.w * self.unif.cdf(x))


def pseudo_prior(names: Sequence[str], centre: Mapping[str, float],
                 sd: Mapping[str, float]) -> dict[str, RVBase]:
    """Per-parameter pseudo-prior: defensive normal mixture where an SMM sd is given, else the uniform."""
    out = {}
    for n in names:
        p = REGISTRY[n]
        if n in sd and sd[n] > 0:
            out[n] = DefensiveRV(p.low, p.high, centre[n], sd[n])
        else:
            out[n] = pyabc.RV("uniform", p.low, p.high - p.low)
    return out


def log_pseudo_prior_density(prior: Mapping[str, RVBase], theta: Mapping[str, float]) -> float:
    """Log q(theta) of the product pseudo-prior."""
    return float(sum(np.log(max(prior[n].pdf(float(theta[n])), 1e-300)) for n in prior))


# ---------------------------------------------------------------------------------------------- model
class JwsimAbcModel(pyabc.Model):
    """One replicate of the scenario at ``scale``; returns bias-corrected fit statistics."""

    def __init__(self, scenario: str, years: int, scale: float, names: Sequence[str],
                 bias: Mapping[str, float], base_overrides: Mapping[str, float]) -> None:
        super().__init__(name="jwsim")
        self.schedule = scenario_schedule(load_scenario(scenario))
        self.base = load_scenario(scenario).params.with_overrides(dict(base_overrides))
        self.years, self.scale = years, scale
        self.names = tuple(names)
        self.bias = dict(bias)

    def sample(self, pars) -> dict[str, float]:  # noqa: D102
        seed = int(np.random.randint(0, 2**31 - 1))  # numpy's global state is seeded per candidate
        params: Parameters = self.base.with_overrides({k: float(v) for k, v in dict(pars).items()})
        task = RunTask(self.schedule, params, np.random.SeedSequence(seed), self.scale, self.years)
        result = run_task(task)
        raw = statistics(result, self.names)
        return {k: raw[k] * self.bias.get(k, 1.0) for k in self.names}


class SplitNormalDistance:
    """pyabc distance: Euclidean norm of the targets' split-normal z (picklable callable)."""

    def __init__(self, targets: Sequence[Target]) -> None:
        self.targets = tuple(targets)

    def __call__(self, x: dict, x_0: dict) -> float:  # noqa: D102 - x_0 is implied by the targets
        return distance(x, self.targets)


# ---------------------------------------------------------------------------------------------- sampler
_PAYLOADS: dict[str, object] = {}


def _simulate_seeded(payload: bytes, digest: str, seed: int):
    """Worker: seed numpy's and Python's global state, then sample-simulate-accept one candidate."""
    fn = _PAYLOADS.get(digest)
    if fn is None:
        _PAYLOADS.clear()  # one generation's closure at a time
        fn = _PAYLOADS[digest] = cloudpickle.loads(payload)
    np.random.seed(seed)
    random.seed(seed)
    return fn()


def candidate_seed(root: int, t: int, batch: int, index: int) -> int:
    """Seed of candidate ``index`` of ``batch`` in generation ``t`` (independent of workers and executor)."""
    return int(np.random.SeedSequence([int(root), int(t) + 1, int(batch), int(index)]).generate_state(1)[0])


class SeededBatchSampler(Sampler):
    """Deterministic parallel sampler: fixed-size batches of seeded candidates, accepted in candidate order.

    Args:
        seed: root seed.
        batch: candidates per batch (the last batch's candidates after the n-th acceptance are discarded).
        workers: local processes when no executor is given (1 = in this process).
        executor: any ``concurrent.futures.Executor`` (process pool, Dask ``Client.get_executor()``).

    """

    def __init__(self, seed: int, batch: int, workers: int = 1, executor: Executor | None = None) -> None:
        super().__init__()
        self.seed, self.batch, self.workers = seed, batch, workers
        self.executor = executor
        self._own: ProcessPoolExecutor | None = None

    def _pool(self) -> Executor | None:
        if self.executor is not None:
            return self.executor
        if self.workers <= 1:
            return None
        if self._own is None:
            self._own = process_pool(self.workers)
        return self._own

    def sample_until_n_accepted(self, n, simulate_one, t, *, max_eval=np.inf, all_accepted=False,  # noqa: D102
                                ana_vars=None):
        payload = cloudpickle.dumps(simulate_one)
        digest = hashlib.sha256(payload).hexdigest()
        pool = self._pool()
        sample = self._create_empty_sample()
        evaluated = accepted = b = 0
        while accepted < n and evaluated < max_eval:
            seeds = [candidate_seed(self.seed, t, b, i) for i in range(self.batch)]
            if pool is None:
                particles = (_simulate_seeded(payload, digest, s) for s in seeds)
            else:
                futures = [pool.submit(_simulate_seeded, payload, digest, s) for s in seeds]
                particles = (f.result() for f in futures)
            for particle in particles:
                evaluated += 1
                sample.append(particle)
                if particle.accepted:
                    accepted += 1
                if accepted >= n or evaluated >= max_eval:
                    break
            if pool is not None:
                for f in futures:
                    f.cancel()
                for f in futures:  # let running ones finish so the next batch starts on free workers
                    if not f.cancelled():
                        f.exception()
            b += 1
        self.nr_evaluations_ = evaluated
        if sample.n_accepted < n:
            sample.ok = False
        return sample

    def stop(self) -> None:  # noqa: D102
        if self._own is not None:
            self._own.shutdown(cancel_futures=True)
            self._own = None


# ---------------------------------------------------------------------------------------------- run
def run_abc(db_path: Path, model: JwsimAbcModel, prior: Mapping[str, RVBase], targets: Sequence[Target],
            population: int, generations: int, quantile: float, sampler: SeededBatchSampler,
            max_simulations: int) -> pyabc.History:
    """Run (or continue) ABC-SMC; returns the history. ``generations`` counts those after the first."""
    total = generations + 1
    db = "sqlite:///" + str(db_path.resolve())
    if db_path.exists() and pyabc.History("sqlite:///" + str(db_path.resolve())).max_t < 0:
        db_path.unlink()  # interrupted inside the first generation: nothing stored to continue from
    resume = db_path.exists()
    # Fresh: eps_0 = inf (the first generation is the pseudo-prior). Resumed: pyabc's 'from_sample' takes
    # the last stored generation's weighted distances, i.e. exactly the tolerance an uninterrupted run uses.
    eps = pyabc.QuantileEpsilon(initial_epsilon="from_sample" if resume else np.inf, alpha=quantile,
                                weighted=True)
    distance_fn = pyabc.FunctionDistance(SplitNormalDistance(targets))
    abc = pyabc.ABCSMC(model, pyabc.Distribution(**prior), distance_fn,
                       population_size=population, sampler=sampler, eps=eps)
    observed = {t.statistic: t.value for t in targets}
    if resume:
        abc.load(db, 1)
        done = abc.history.max_t + 1
    else:
        abc.new(db, observed)
        done = 0
    try:
        if done < total:
            abc.run(max_nr_populations=total - done, max_total_nr_simulations=max_simulations)
    finally:
        sampler.stop()
    return abc.history


def weighted_posterior(history: pyabc.History,
                       prior: Mapping[str, RVBase]) -> tuple[list[dict], np.ndarray, np.ndarray]:
    """Return the final population reweighted from the pseudo-prior to the registry priors (w/q).

    Returns the particles, their normalised weights and their accepted distances.
    """
    particles = history.get_population(t=history.max_t).particles
    names = list(prior)
    thetas = [{n: float(pt.parameter[n]) for n in names} for pt in particles]
    logw = np.log(np.maximum(np.array([pt.weight for pt in particles], float), 1e-300)) - np.array(
        [log_pseudo_prior_density(prior, th) for th in thetas])
    weights = np.exp(logw - logw.max())
    return thetas, weights / weights.sum(), np.array([float(pt.distance) for pt in particles])


def effective_sample_size(weights: np.ndarray) -> float:
    """Kish's effective sample size of normalised weights."""
    return float(1.0 / np.sum(np.asarray(weights) ** 2))


def systematic_resample(weights: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Return indices of ``k`` equally weighted draws (systematic resampling, deterministic)."""
    u = (np.random.default_rng(seed).random() + np.arange(k)) / k
    return np.minimum(np.searchsorted(np.cumsum(weights), u), len(weights) - 1)
