"""Power and detectability: which indicators can show a plan's expected effect within 1, 2, 3 years.

For a plan and its reference, each run under every evidence regime with the same replicate seeds (common
random numbers), the expected effect of the plan on an indicator in year *t* is the mean over replicates of
plan minus reference. What the city sees in year *t* is one value of the plan's world, measured with noise;
it compares the observations of years 1..k with what the reference predicts for those years. The standard
error of that comparison after *k* years::

    se_k**2 = (1/k**2) * sum_t [ process_t + measurement_t(n) + process_ref_t / R ]

* ``process_t``: the year-to-year variation of the world, the variance over replicates of the plan's yearly
  value; a count of a run at ``--scale S`` counts agents that stand for S youths each, so its variance is
  divided by S to stand for the full city;
* ``measurement_t(n)``: the observation model's noise (survey sampling of n youths, registration, rounding;
  :mod:`jwsim.monitor.indicators`);
* ``process_ref_t / R``: the uncertainty of the reference's prediction from R replicates (at the run scale).

A two-sided z test at 5% then has power ``Phi(|d|/se - 1.96) + Phi(-|d|/se - 1.96)`` for the mean effect
``d`` over years 1..k, and the smallest effect it detects with 80% power is ``(1.96 + 0.84) * se_k``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
from scipy import stats

from jwsim.experiments.replicates import ReplicateSet
from jwsim.experiments.runner import execute, replicate_tasks
from jwsim.model.params import REGIMES
from jwsim.model.population import WEEKS_PER_YEAR
from jwsim.model.scenario import Scenario

from .indicators import Indicator, available, monitor_values

ALPHA = 0.05
TARGET_POWER = 0.8
SURVEY_SIZES = (100, 200, 400, 800, 1600, 3200)
DEFAULT_SURVEY_N = 400
HORIZON = 3  # years after the start that the design looks at


@dataclass(frozen=True)
class Components:
    """What the power of one indicator under one regime rests on, per year (arrays of length ``years``).

    Attributes:
        effect: expected plan minus reference.
        process: the world's year-to-year variance at the full city.
        reference: the variance of the reference's predicted mean.
        plan_mean: the plan's expected value (the measurement noise depends on it).
        reference_mean: the reference's expected value.

    """

    effect: np.ndarray
    process: np.ndarray
    reference: np.ndarray
    plan_mean: np.ndarray
    reference_mean: np.ndarray


def run_design(
    plan: Scenario,
    reference: Scenario,
    reps: int,
    scale: float,
    years: int,
    seed: int,
    workers: int | None = None,
    scheduler: str | None = None,
    executor: Executor | None = None,
) -> dict[str, tuple[ReplicateSet, ReplicateSet]]:
    """Run plan and reference under every evidence regime; regime -> (plan runs, reference runs)."""
    tasks = []
    for regime in REGIMES:
        for scen in (plan, reference):
            tasks += replicate_tasks(scen, seed, reps, scale, years, params=scen.params.with_regime(regime))
    runs = execute(tasks, workers=workers, executor=executor, scheduler=scheduler)
    out = {}
    for i, regime in enumerate(REGIMES):
        block = runs[2 * i * reps : 2 * (i + 1) * reps]
        out[regime] = (ReplicateSet(block[:reps]), ReplicateSet(block[reps:]))
    return out


def _values(ind: Indicator, rs: ReplicateSet) -> np.ndarray:
    return ind.model_values(rs.kpis, rs.weekly, WEEKS_PER_YEAR)  # (replicates, years)


def components(ind: Indicator, plan: ReplicateSet, reference: ReplicateSet, scale: float) -> Components:
    """Return the effect and variance components of ``ind`` from paired replicate sets."""
    p, r = _values(ind, plan), _values(ind, reference)
    reps = p.shape[0]
    var_p = p.var(axis=0, ddof=1) if reps > 1 else np.zeros(p.shape[1])
    var_r = r.var(axis=0, ddof=1) if reps > 1 else np.zeros(r.shape[1])
    to_city = scale if ind.kind == "count" else 1.0
    return Components(
        p.mean(axis=0) - r.mean(axis=0), var_p / to_city, var_r / reps, p.mean(axis=0), r.mean(axis=0)
    )


def power_after(
    ind: Indicator, comp: Components, k: int, survey_n: int | None, params: Mapping[str, float]
) -> dict[str, float]:
    """Return the expected effect, standard error, power and detectable effect after ``k`` observed years."""
    meas = ind.measurement_variance(comp.plan_mean[:k], params, survey_n)
    total = comp.process[:k] + meas + comp.reference[:k]
    se = float(np.sqrt(total.sum()) / k)
    effect = float(comp.effect[:k].mean())
    z = stats.norm.ppf(1 - ALPHA / 2)
    if se > 0:
        power = float(stats.norm.cdf(abs(effect) / se - z) + stats.norm.cdf(-abs(effect) / se - z))
    else:
        power = 1.0 if effect != 0 else ALPHA
    detectable = float((z + stats.norm.ppf(TARGET_POWER)) * se)
    return {"effect": effect, "se": se, "power": power, "detectable": detectable}


def design_rows(
    sets: Mapping[str, tuple[ReplicateSet, ReplicateSet]],
    scale: float,
    survey_sizes: Sequence[int] = SURVEY_SIZES,
    params: Mapping[str, float] | None = None,
    indicators: Sequence[Indicator] | None = None,
) -> list[dict]:
    """Per indicator, regime, sample size and year: effect, se, power, detectable effect (JSON-ready)."""
    values = monitor_values(params)
    rows = []
    for ind in indicators or available():
        for regime, (plan, ref) in sets.items():
            comp = components(ind, plan, ref, scale)
            horizon = min(HORIZON, comp.effect.shape[0])
            sizes = tuple(survey_sizes) if ind.kind == "survey" else (None,)
            for n in sizes:
                for k in range(1, horizon + 1):
                    rows.append(
                        {
                            "indicator": ind.name,
                            "kind": ind.kind,
                            "unit": ind.unit,
                            "regime": regime,
                            "survey_n": n,
                            "years": k,
                            **power_after(ind, comp, k, n, values),
                        }
                    )
    return rows


def years_to_detect(
    rows: Sequence[Mapping], indicator: str, regime: str, survey_n: int | None = None
) -> int | None:
    """Return the first year count with at least 80% power, or None within the horizon."""
    for r in sorted(
        (
            r
            for r in rows
            if r["indicator"] == indicator and r["regime"] == regime and r["survey_n"] == survey_n
        ),
        key=lambda r: r["years"],
    ):
        if r["power"] >= TARGET_POWER:
            return int(r["years"])
    return None


def smallest_survey(rows: Sequence[Mapping], indicator: str, regime: str) -> tuple[int, int] | None:
    """Return the smallest survey size (and the years it needs) that detects the effect with 80% power."""
    sizes = sorted({r["survey_n"] for r in rows if r["indicator"] == indicator and r["survey_n"]})
    for n in sizes:
        k = years_to_detect(rows, indicator, regime, n)
        if k is not None:
            return n, k
    return None
