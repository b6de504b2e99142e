"""EMA Workbench adapter: jwsim as an EMA ``ReplicatorModel`` (TU Delft's exploratory modelling toolkit).

* uncertainties = registry parameters with their plausible ranges (``RealParameter``/``IntegerParameter``);
* levers = allocation levers (``jwsim.experiments.levers``, dots written as underscores: ``bk10_ambulant``)
  applied to a base scenario, with the same balancing rule as sweeps (Bindkracht10 wijk work absorbs);
* outcomes = KPIs (yearly means over the simulated years), one value per replication;
* replications = ``[{"replicate": i}]``: replication i runs on ``SeedSequence(seed, spawn_key=(i,))``, the
  seed replicate i gets in every jwsim experiment, so EMA results line up with ``jwsim sweep`` rows and
  every experiment sees the same random worlds (common random numbers).

EMA Workbench is the optional extra ``ema`` (``pip install 'jwsim[ema]'``) and is only imported when a
model is built; :class:`JwsimFunction` (the model function itself) works without it.

Scenario discovery example (PRIM)::

    python -m jwsim.experiments.ema --scenarios 200 --replications 2 --scale 5 --years 3

runs Latin-hypercube scenarios over the uncertainties for the base scenario's allocation and asks PRIM which
parameter ranges make registered nuisance high (worst quartile).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from jwsim.model.params import REGISTRY, Parameters
from jwsim.model.results import KPIS
from jwsim.model.scenario import DEFAULT_SCENARIO, load_scenario

from .errors import ExperimentError
from .levers import apply_to_schedule, levers
from .runner import RunTask, replicate_seed, run_task, scenario_schedule

DEFAULT_UNCERTAINTIES = (
    "sjw_dose_threshold_hours",
    "peer_influence",
    "nuisance_summer_ratio",
    "vulnerable_share_10_19",
    "jv_share_vulnerable_boys",
)
DEFAULT_OUTCOMES = ("jeugdhulp_entries_per_year", "jeugdoverlast_registered_per_year", "halt_per_10k_12_17")


def _ema():
    try:
        import ema_workbench  # noqa: PLC0415
    except ImportError:
        raise ExperimentError(
            "EMA Workbench is not installed: pip install 'jwsim[ema]' (ema_workbench)"
        ) from None
    return ema_workbench


@dataclass(frozen=True)
class JwsimFunction:
    """The model as a function of uncertainties, levers and a replicate (picklable for EMA's evaluators).

    Args:
        scenario: base scenario (name or TOML path).
        seed: root seed of the replicates.
        scale: youths per agent.
        years: simulated years.
        outcomes: KPIs to return.

    """

    scenario: str = DEFAULT_SCENARIO
    seed: int = 20260101
    scale: float = 5.0
    years: int = 5
    outcomes: tuple[str, ...] = DEFAULT_OUTCOMES

    def __call__(self, replicate: int = 0, **inputs: float) -> dict[str, float]:
        """Run one replicate; ``inputs`` are registry parameter names and lever names (underscored)."""
        sc = load_scenario(self.scenario)
        by_column = {name.replace(".", "_"): name for name in levers()}
        lever_values = {by_column[k]: v for k, v in inputs.items() if k in by_column}
        params = {k: float(v) for k, v in inputs.items() if k not in by_column}
        for k in params:
            if k not in REGISTRY:
                raise ExperimentError(f"EMA input '{k}': neither a registry parameter nor a lever")
        prm = Parameters.from_overrides(params).with_overrides(dict(sc.params.overrides))
        sched = apply_to_schedule(scenario_schedule(sc), lever_values, prm)
        res = run_task(
            RunTask(sched, prm, replicate_seed(self.seed, replicate), self.scale, self.years, replicate)
        )
        return {k: float(np.mean(res.kpis[k])) for k in self.outcomes}


def ema_model(
    name: str = "jwsim",
    scenario: str = DEFAULT_SCENARIO,
    uncertainties: Sequence[str] = DEFAULT_UNCERTAINTIES,
    lever_ranges: dict[str, tuple[float, float]] | None = None,
    outcomes: Sequence[str] = DEFAULT_OUTCOMES,
    replications: int = 2,
    seed: int = 20260101,
    scale: float = 5.0,
    years: int = 5,
):
    """Return an EMA ``ReplicatorModel`` of jwsim.

    Args:
        name: EMA model name (a Python identifier).
        scenario: base scenario whose allocation the levers change.
        uncertainties: registry parameters; their registry ranges become EMA uncertainties.
        lever_ranges: lever name (e.g. ``"bk10.ambulant"``) -> (low, high); default: no levers.
        outcomes: KPIs.
        replications: replicates per experiment (common random numbers across experiments).
        seed: root seed of the replicates.
        scale: youths per agent.
        years: simulated years.

    """
    ema = _ema()
    for k in outcomes:
        if k not in KPIS:
            raise ExperimentError(f"EMA outcome '{k}': unknown KPI")
    model = ema.ReplicatorModel(name, function=JwsimFunction(scenario, seed, scale, years, tuple(outcomes)))
    unc = []
    for n in uncertainties:
        p = REGISTRY.get(n)
        if p is None or p.low == p.high:
            raise ExperimentError(f"EMA uncertainty '{n}': not a registry parameter with a range")
        unc.append(
            ema.IntegerParameter(n, int(p.low), int(p.high))
            if p.integer
            else ema.RealParameter(n, p.low, p.high)
        )
    model.uncertainties = unc
    all_levers = levers()
    lev = []
    for n, (lo, hi) in (lever_ranges or {}).items():
        spec = all_levers.get(n)
        if spec is None or spec.categories or not spec.low <= lo < hi <= spec.high:
            raise ExperimentError(
                f"EMA lever '{n}': unknown, categorical or range outside {spec and spec.high}"
            )
        col = n.replace(".", "_")
        lev.append(
            ema.IntegerParameter(col, int(lo), int(hi)) if spec.integer else ema.RealParameter(col, lo, hi)
        )
    model.levers = lev
    model.outcomes = [ema.ArrayOutcome(k) for k in outcomes]
    model.replications = [{"replicate": i} for i in range(replications)]
    return model


def prim_example(
    n_scenarios: int = 200,
    replications: int = 2,
    scale: float = 5.0,
    years: int = 3,
    kpi: str = "jeugdoverlast_registered_per_year",
    workers: int = 1,
    seed: int = 20260101,
):
    """Run scenario discovery: which parameter ranges make ``kpi`` high (worst quartile).

    Returns:
        The PRIM box limits (a DataFrame), the box's coverage, density and mass, and the KPI per experiment.

    """
    ema = _ema()
    from ema_workbench.analysis import prim  # noqa: PLC0415

    model = ema_model(replications=replications, scale=scale, years=years, outcomes=(kpi,), seed=seed)
    evaluator = (
        ema.MultiprocessingEvaluator(model, n_processes=workers)
        if workers > 1
        else ema.SequentialEvaluator(model)
    )
    with evaluator as ev:
        experiments, outcomes = ev.perform_experiments(
            scenarios=n_scenarios, uncertainty_sampling=ema.Samplers.LHS
        )
    y_mean = np.asarray(outcomes[kpi], dtype=float).reshape(len(experiments), -1).mean(axis=1)
    y = y_mean >= np.percentile(y_mean, 75)
    x = experiments[[u.name for u in model.uncertainties]]
    box = prim.Prim(x, y, threshold=0.5).find_box()
    stats = {"coverage": float(box.coverage), "density": float(box.density), "mass": float(box.mass)}
    return box.box_lim, stats, y_mean


def main(argv: list[str] | None = None) -> int:
    """``python -m jwsim.experiments.ema``: run the PRIM example and print the box."""
    ap = argparse.ArgumentParser(prog="python -m jwsim.experiments.ema", description=__doc__.splitlines()[0])
    ap.add_argument("--scenarios", type=int, default=200)
    ap.add_argument("--replications", type=int, default=2)
    ap.add_argument("--scale", type=float, default=5.0)
    ap.add_argument("--years", type=int, default=3)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--kpi", default="jeugdoverlast_registered_per_year")
    a = ap.parse_args(argv)
    lims, stats, _ = prim_example(a.scenarios, a.replications, a.scale, a.years, a.kpi, a.workers)
    print(f"PRIM box for high {a.kpi} (worst quartile):")
    print(lims.T.rename(columns={0: "low", 1: "high"}).to_string())
    print(", ".join(f"{k} {v:.2f}" for k, v in stats.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
