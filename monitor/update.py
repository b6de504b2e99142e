"""Learning from observations: importance reweighting of the posterior ensemble.

Each draw of the ensemble (``calibration/posterior.json``: equally weighted parameter sets) runs the plan
that was carried out (and its reference), one replicate each, paired by seed. The observed indicators then
weigh the draws: draw *i* gets the likelihood of the observations under a normal approximation,

    obs ~ Normal(m_i, world_i + run_i + measurement_i)

with ``m_i`` the draw's simulated value, ``world_i`` and ``run_i`` the year-to-year randomness of the real
world and of the draw's own run (a count: Poisson, ``expected`` and ``scale * expected``;
:meth:`Indicator.world_variance`) and ``measurement_i`` the observation model's noise. The weights are
normalised; their effective sample size (``1 / sum w**2``) says how much the year taught. A parameter's
interval is that of the kernel-smoothed weighted ensemble (:func:`parameter_interval`), not of the handful
of draws the weight may rest on. The updated
ensemble is the ensemble resampled by weight (systematic resampling), in the posterior file's format, so
``jwsim compare --posterior`` and ``plan-check --posterior`` read it as they read the shipped one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.special import ndtr

from jwsim.calibration.posterior import ensemble, resolve_posterior, with_draw
from jwsim.experiments.runner import RunTask, execute, scenario_schedule
from jwsim.model.params import REGISTRY, REGISTRY_VERSION, Parameters
from jwsim.model.population import WEEKS_PER_YEAR
from jwsim.model.results import RunResult
from jwsim.model.scenario import Scenario
from jwsim.model.streams import replicate_seeds

from .indicators import monitor_values
from .observed import FIRST_YEAR, Observations

OUTCOME_KPIS = (
    "jeugdhulp_entries_per_year",
    "jeugdhulp_prevalence_u18",
    "jeugdoverlast_registered_per_year",
    "halt_per_10k_12_17",
    "protective_mean",
    "vsv_rate_12_23",
)
PREDICTIVE_SAMPLES = 50  # noise samples per draw for the predictive intervals
INTERVAL = (5.0, 95.0)  # the predictive interval shown: 90%
MOVED_SHIFT = 0.5  # a parameter "moved" when its mean shifts by half a prior SD or more


@dataclass
class EnsembleRuns:
    """The ensemble's draws and their runs of the plan (and reference), one replicate per draw."""

    names: tuple[str, ...]
    draws: np.ndarray  # (draws, parameters)
    plan: list[RunResult]
    reference: list[RunResult] = field(default_factory=list)
    scale: float = 1.0


def run_ensemble(
    plan: Scenario,
    reference: Scenario | None,
    draws: int | None,
    seed: int,
    scale: float,
    years: int,
    posterior: str | Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    executor: Executor | None = None,
    indices: Sequence[int] | None = None,
    common_world: bool = True,
) -> EnsembleRuns:
    """Run the plan (and its reference) once per ensemble draw.

    With ``common_world`` every draw runs in the same random world (one seed: common random numbers), so
    the draws differ by their parameters alone and the world's chance (which youths live where, who meets
    whom, persistent over the years) does not favour a draw by luck; otherwise draw i uses replicate seed i.
    """
    names, all_draws = ensemble(resolve_posterior(posterior))
    if indices is None:
        k = all_draws.shape[0] if draws is None else min(draws, all_draws.shape[0])
        indices = np.sort(np.random.default_rng(seed).choice(all_draws.shape[0], size=k, replace=False))
    chosen = all_draws[np.asarray(indices, dtype=int)]
    seeds = replicate_seeds(seed, 1) * len(chosen) if common_world else replicate_seeds(seed, len(chosen))
    scens = (plan,) if reference is None else (plan, reference)
    tasks = []
    for scen in scens:
        sched = scenario_schedule(scen)
        for i, row in enumerate(chosen):
            draw = Parameters.from_overrides(
                dict(zip(names, map(float, row), strict=True)), scen.params.regime
            )
            tasks.append(RunTask(sched, with_draw(scen.params, draw), seeds[i], scale, years, i))
    runs = execute(tasks, workers=workers, executor=executor, scheduler=scheduler)
    k = len(chosen)
    return EnsembleRuns(names, chosen, runs[:k], runs[k:], scale)


def simulated(runs: Sequence[RunResult], obs: Observations) -> np.ndarray:
    """(draws, observations): each draw's simulated value of each observed indicator in its year."""
    out = np.empty((len(runs), len(obs.items)))
    for i, run in enumerate(runs):
        for j, o in enumerate(obs.items):
            values = o.indicator.model_values(run.kpis, run.weekly, WEEKS_PER_YEAR)
            t = o.year - run.start_year
            if not 0 <= t < values.shape[0]:
                raise ValueError(f"the runs do not cover {o.year}")
            out[i, j] = values[t]
    return out


def youths(runs: Sequence[RunResult]) -> float:
    """Return the mean number of youths in the runs' worlds (the weekly population, scaled)."""
    return float(np.mean([np.mean(r.weekly["population"]) for r in runs]))


def noise_variance(
    obs: Observations,
    m: np.ndarray,
    run_scale: float,
    world_scale: float = 1.0,
    params: Mapping[str, float] | None = None,
    youths: float = 40_000.0,
) -> np.ndarray:
    """(draws, observations): the variance of an observation around a draw's simulated value."""
    values = monitor_values(params)
    var = np.empty_like(m)
    for j, o in enumerate(obs.items):
        ind = o.indicator
        var[:, j] = (
            ind.world_variance(m[:, j], values, world_scale, youths)
            + ind.world_variance(m[:, j], values, run_scale, youths)
            + ind.measurement_variance(m[:, j], values, o.n)
        )
    return np.maximum(var, 1e-12)


def weights(obs: Observations, m: np.ndarray, var: np.ndarray) -> np.ndarray:
    """Normalised importance weights of the draws."""
    y = np.array([o.value for o in obs.items])
    loglik = -0.5 * (((y - m) ** 2) / var + np.log(var)).sum(axis=1)
    w = np.exp(loglik - loglik.max())
    return w / w.sum()


def effective_sample_size(w: np.ndarray) -> float:
    """Kish's effective sample size of normalised weights."""
    return float(1.0 / np.sum(w**2))


def weighted_quantiles(x: np.ndarray, w: np.ndarray, q: Sequence[float]) -> np.ndarray:
    """Quantiles (0-1) of ``x`` under weights ``w`` (the weighted empirical distribution)."""
    order = np.argsort(x)
    cw = np.cumsum(w[order])
    cw /= cw[-1]
    return np.asarray([x[order][min(np.searchsorted(cw, qq), len(x) - 1)] for qq in q])


def parameter_interval(x: np.ndarray, w: np.ndarray, q: Sequence[float],
                       bounds: tuple[float, float] | None = None) -> np.ndarray:
    """Quantiles (0-1) of a parameter under weights ``w``, from the kernel-smoothed weighted ensemble.

    With few effective draws the weighted empirical distribution is a handful of points and its quantiles
    are overconfident. The smoothed distribution is the Liu & West (2001) mixture: a normal kernel at each
    draw shrunk towards the weighted mean, ``a x_i + (1 - a) mean`` with variance ``h**2 var`` and
    ``a = sqrt(1 - h**2)`` (so the mixture keeps the weighted mean and variance), ``h`` Silverman's
    factor ``(4 / (3 ESS))**(1/5)`` with the effective sample size as the number of draws. Quantiles are
    clipped to the parameter's range (``bounds``).
    """
    w = np.asarray(w, float) / np.sum(w)
    mean = float(w @ x)
    var = float(w @ (x - mean) ** 2)
    if var <= 0:
        out = weighted_quantiles(x, w, q)
    else:
        ess = 1.0 / float(np.sum(w**2))
        h2 = min((4.0 / (3.0 * ess)) ** 0.4, 1.0)
        a = np.sqrt(1.0 - h2)
        centres = a * x + (1.0 - a) * mean
        sd = np.sqrt(h2 * var)
        lo = np.full(len(q), centres.min() - 8 * sd)
        hi = np.full(len(q), centres.max() + 8 * sd)
        target = np.asarray(q, float)
        for _ in range(60):  # bisection on the mixture's CDF, all quantiles at once
            mid = 0.5 * (lo + hi)
            below = ndtr((mid[:, None] - centres[None, :]) / sd) @ w < target
            lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
        out = 0.5 * (lo + hi)
    if bounds is not None:
        out = np.clip(out, bounds[0], bounds[1])
    return out


def systematic_resample(w: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return the indices of ``len(w)`` draws resampled by weight (systematic resampling: low variance)."""
    k = len(w)
    positions = (rng.random() + np.arange(k)) / k
    return np.minimum(np.searchsorted(np.cumsum(w), positions), k - 1)


def parameter_shifts(names: Sequence[str], draws: np.ndarray, w: np.ndarray) -> list[dict]:
    """Per free parameter: prior and updated mean, SD and 90% interval, shift in prior SDs, moved or not."""
    prior_w = np.full(len(w), 1.0 / len(w))
    rows = []
    for j, name in enumerate(names):
        x = draws[:, j]
        pm, ps = float(x.mean()), float(x.std())
        qm = float(np.sum(w * x))
        qs = float(np.sqrt(np.sum(w * (x - qm) ** 2)))
        shift = (qm - pm) / ps if ps > 0 else 0.0
        narrowed = qs / ps if ps > 0 else 1.0
        bounds = (REGISTRY[name].low, REGISTRY[name].high)
        lo, hi = parameter_interval(x, w, (0.05, 0.95), bounds)
        plo, phi = parameter_interval(x, prior_w, (0.05, 0.95), bounds)
        rows.append(
            {
                "parameter": name,
                "effect": REGISTRY[name].is_effect,
                "label_nl": REGISTRY[name].label_nl,
                "unit": REGISTRY[name].unit,
                "prior_mean": pm,
                "prior_sd": ps,
                "prior_lo": float(plo),
                "prior_hi": float(phi),
                "mean": qm,
                "sd": qs,
                "lo": float(lo),
                "hi": float(hi),
                "shift_sd": shift,
                "sd_ratio": narrowed,
                "moved": bool(abs(shift) >= MOVED_SHIFT),
            }
        )
    return rows


def predictive(
    obs: Observations, m: np.ndarray, var: np.ndarray, w: np.ndarray, rng: np.random.Generator
) -> list[dict]:
    """Per observation: the predicted 90% interval before and after the update, and the observed value."""
    rows = []
    k = m.shape[0]
    prior_w = np.full(k, 1.0 / k)
    for j, o in enumerate(obs.items):
        samples = m[:, j, None] + rng.normal(0.0, 1.0, (k, PREDICTIVE_SAMPLES)) * np.sqrt(var[:, j, None])
        flat = samples.ravel()
        rows_w = {}
        for tag, ww in (("prior", prior_w), ("posterior", w)):
            sw = np.repeat(ww, PREDICTIVE_SAMPLES) / PREDICTIVE_SAMPLES
            lo, med, hi = weighted_quantiles(flat, sw, (INTERVAL[0] / 100, 0.5, INTERVAL[1] / 100))
            rows_w[tag] = {"lo": float(lo), "median": float(med), "hi": float(hi)}
        p = rows_w["prior"]
        rows.append(
            {
                "year": o.year,
                "indicator": o.indicator.name,
                "unit": o.indicator.unit,
                "observed": o.value,
                "n": o.n,
                "predicted": p,
                "updated": rows_w["posterior"],
                "inside": bool(p["lo"] <= o.value <= p["hi"]),
                "direction": "hoger" if o.value > p["hi"] else "lager" if o.value < p["lo"] else "binnen",
            }
        )
    return rows


def outcome_changes(ens: EnsembleRuns, w: np.ndarray, kpis: Sequence[str] = OUTCOME_KPIS) -> list[dict]:
    """Per KPI: the plan's expected value and its chance to come out below the reference, before and after.

    The expected value is the mean over the simulated years; "before" weighs the draws equally.
    """
    rows = []
    k = len(ens.plan)
    prior_w = np.full(k, 1.0 / k)
    for kpi in kpis:
        plan = np.array([float(np.mean(r.kpis[kpi])) for r in ens.plan])
        row = {"kpi": kpi, "prior_mean": float(plan @ prior_w), "mean": float(plan @ w)}
        if ens.reference:
            ref = np.array([float(np.mean(r.kpis[kpi])) for r in ens.reference])
            diff = plan - ref
            lower = (diff < 0).astype(float)
            row |= {
                "prior_difference": float(diff @ prior_w),
                "difference": float(diff @ w),
                "prior_p_lower": float(lower @ prior_w),
                "p_lower": float(lower @ w),
            }
        rows.append(row)
    return rows


def analyse(ens: EnsembleRuns, obs: Observations, seed: int, world_scale: float = 1.0) -> dict:
    """Return the whole update: weights, parameter shifts, predicted vs observed, outcome changes."""
    m = simulated(ens.plan, obs)
    var = noise_variance(obs, m, ens.scale, world_scale, youths=youths(ens.plan))
    w = weights(obs, m, var)
    rng = np.random.default_rng(seed)
    return {
        "draws": len(w),
        "effective_sample_size": effective_sample_size(w),
        "weights": w.tolist(),
        "parameters": parameter_shifts(ens.names, ens.draws, w),
        "observations": predictive(obs, m, var, w, rng),
        "outcomes": outcome_changes(ens, w),
        "years": obs.years,
    }


def updated_ensemble(ens: EnsembleRuns, doc: Mapping, obs: Observations, seed: int, prior: str) -> dict:
    """Return the updated ensemble in the posterior file's format (equal-weight draws, resampled)."""
    w = np.asarray(doc["weights"])
    idx = systematic_resample(w, np.random.default_rng([seed, 1]))
    sha = hashlib.sha256(Path(obs.source).read_bytes()).hexdigest()
    return {
        "description": f"Posterior ensemble updated with the observations of {', '.join(map(str, obs.years))}"
        " (importance reweighting, systematic resampling); see docs/monitoring.md",
        "seed": seed,
        "registry_version": REGISTRY_VERSION,
        "parameters": list(ens.names),
        "effective_sample_size": doc["effective_sample_size"],
        "updated_from": prior,
        "observations_sha256": sha,
        "observed_years": obs.years,
        "draws": ens.draws[idx].tolist(),
    }


def years_needed(obs: Observations, years: int) -> int:
    """Return the simulated years needed to cover the observations (at least ``years``)."""
    return max(years, obs.last_year - FIRST_YEAR + 1)
