"""Paired comparison of scenarios with common random numbers.

Replicate *i* of every scenario runs with the same ``SeedSequence`` child (``runner.replicate_tasks``) and
the same burn-in (the 2025 practice), so each scenario sees the same random world and differences between
scenarios are *paired*: the difference of replicate *i* of B and replicate *i* of A removes most of the
noise both share. This module runs the replicates (``run_comparison``) into a :class:`Comparison`: one
:class:`~jwsim.experiments.replicates.ReplicateSet` per scenario, the first the reference. The statistics
(intervals of means, paired differences with the unpaired Welch interval beside them, bands) are those of
``jwsim.experiments.replicates``; ``compare_report.summarise`` turns a comparison into the document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import KW_ONLY, dataclass, field, replace
from pathlib import Path

import numpy as np

from jwsim.model.results import RunResult
from jwsim.model.scenario import Scenario, load_scenario

from .errors import ExperimentError
from .executors import backend
from .replicates import Paired, ReplicateSet, replicate_set
from .runner import replicate_tasks, run_tasks

COUNTERFACTUAL = "geen-jongerenwerk"
# Outcome KPIs where common random numbers are expected to pay off; the "paired intervals are at least 3x
# narrower" claim is made (and tested) for these. Inputs the scenario fixes (FTE, cost,
# contacts, caseloads) and rare events with few cases per replicate (escalations, mean duration of the
# trajectories that end) pair less well; their ratios are reported too.
PAIRING_KPIS = (
    "jeugdhulp_prevalence_u18",
    "jeugdhulp_entries_per_year",
    "jeugdoverlast_registered_per_year",
    "nuisance_incidents_per_year",
    "halt_per_year",
    "suspects_per_year",
    "dropouts_per_year",
    "protective_mean",
    "protective_gap_vulnerable",
    "mental_problems_12_16",
)
# Per-wijk metrics reported (population counts are left out: they do not depend on the scenario).
WIJK_OUTCOMES = (
    "jeugdhulp_prevalence_u18",
    "jeugdhulp_in_care_10_17",
    "overlast_registered_per_year",
    "overlast_registered_by_home_per_year",
    "overlast_registered_outsiders_per_year",
    "overlast_incidents_per_year",
    "suspects_per_year",
    "halt_per_year",
    "protective_mean",
    "ambulant_hours_per_week",
    "team_hours_per_year",
    "problem_groups_at_place",
)


@dataclass(eq=False)
class Comparison:
    """Replicates of two or more scenarios with the same seeds; the first scenario is the reference.

    ``jwsim compare`` and the app both hold their results in one. Replicate *i* of every scenario ran with
    seed child *i*, so any two scenarios' sets can be paired (:meth:`paired`).

    Attributes:
        names: the listed scenarios, reference first.
        scenarios: every scenario run (the listed ones, and a counterfactual added for attribution).
        results: scenario -> its replicates (lists of runs are stacked into replicate sets).
        seed: root seed.
        reps: replicates per scenario.
        scale: youths per agent.
        years: simulated years.
        preview: a quick, scaled-down preview of the full result (the app).
        elapsed_s: wall time until the result was complete (the app).
        counterfactual: name of the no-youth-work run used for attribution.
        counterfactual_added: whether it was run only for attribution.
        meta: further settings (e.g. posterior draws).

    """

    names: list[str]
    scenarios: dict[str, Scenario]
    results: dict[str, ReplicateSet]
    seed: int
    reps: int
    scale: float
    years: int
    _: KW_ONLY
    preview: bool = False
    elapsed_s: float = 0.0
    counterfactual: str | None = None
    counterfactual_added: bool = False
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.results = {name: replicate_set(runs) for name, runs in self.results.items()}

    @property
    def reference(self) -> str:
        """The first listed scenario: differences are against it."""
        return self.names[0]

    @property
    def sim_years(self) -> list[int]:
        """Calendar years simulated."""
        return self.results[self.reference].years

    def paired(self, name: str, reference: str | None = None) -> Paired:
        """Scenario ``name`` paired with ``reference`` (default: the comparison's reference)."""
        return Paired(self.results[reference or self.reference], self.results[name])


def load_scenarios(specs: Sequence[str | Path]) -> dict[str, Scenario]:
    """Load and validate every scenario (name or TOML path) before anything runs.

    Raises:
        ExperimentError: fewer than two scenarios, or two with the same name.
        ScenarioError: a scenario that cannot be loaded (names file, key and problem).

    """
    if len(specs) < 2:
        raise ExperimentError("compare needs at least two scenarios (the first is the reference)")
    out: dict[str, Scenario] = {}
    for spec in specs:
        sc = load_scenario(spec)
        if sc.name in out:
            raise ExperimentError(f"{spec}: scenario name '{sc.name}' appears twice; names must be unique")
        out[sc.name] = sc
    return out


def run_comparison(
    specs: Sequence[str | Path],
    reps: int,
    seed: int,
    scale: float = 1.0,
    years: int = 5,
    workers: int | None = None,
    executor: Executor | None = None,
    attribution: bool = True,
    on_done: Callable[[int, int], None] | None = None,
    posterior: int = 0,
    scheduler: str | None = None,
    on_start: Callable[[], None] | None = None,
    regime: str = "central",
) -> Comparison:
    """Run ``reps`` paired replicates of every scenario (and the counterfactual for attribution).

    Args:
        specs: scenario names or TOML paths; the first is the reference.
        reps: replicates per scenario (replicate i of each uses ``SeedSequence(seed).spawn(reps)[i]``).
        seed: root seed.
        scale: youths per agent.
        years: simulated years from 2026.
        workers: local processes (default: one per core); ignored with ``executor`` or ``scheduler``.
        executor: any ``concurrent.futures.Executor`` (e.g. Dask's ``client.get_executor()``).
        attribution: also run ``geen-jongerenwerk`` if it is not listed (needed for attribution).
        on_done: progress callback ``(finished, total)``.
        posterior: K > 0 runs ``reps`` replicates under each of K posterior parameter draws
            (``jwsim.calibration.posterior``): run ``j * reps + i`` uses draw j and seed child
            ``j * reps + i`` in every scenario, so differences stay paired and intervals include parameter
            uncertainty.
        scheduler: a Dask scheduler address to run on (``executors.backend``); results are identical.
        on_start: called once every input is checked and the executor is ready, before the first run.
        regime: the evidence regime of the effect parameters (``model/params.py``); scenario overrides win.

    """
    scenarios = {n: sc.under(regime) for n, sc in load_scenarios(specs).items()}
    names = list(scenarios)
    added = False
    if attribution and COUNTERFACTUAL not in scenarios:
        scenarios[COUNTERFACTUAL] = load_scenario(COUNTERFACTUAL).under(regime)
        added = True
    tasks, owner = [], []
    draws = _posterior_draws(posterior, seed) if posterior else None
    if draws is not None:
        from jwsim.calibration.posterior import with_draw  # noqa: PLC0415 - scenario overrides win over a draw
    for name, sc in scenarios.items():
        ts = replicate_tasks(sc, seed, reps * max(posterior, 1), scale, years)
        if draws is not None:
            ts = [replace(t, params=with_draw(sc.params, draws[k // reps])) for k, t in enumerate(ts)]
        tasks += ts
        owner += [name] * len(ts)
    total = len(tasks)
    progress = (lambda k: on_done(k, total)) if on_done else None
    if executor is not None:
        if on_start is not None:
            on_start()
        results, where = run_tasks(tasks, executor, progress), {"kind": "executor given"}
    else:
        with backend(workers, scheduler, tasks=total) as b:
            if on_start is not None:
                on_start()
            results, where = run_tasks(tasks, b.executor, progress), b.describe()
    meta: dict = {"backend": where, "evidence": regime}
    if posterior:
        meta.update(posterior_draws=posterior, reps_per_draw=reps)
    by_name: dict[str, list[RunResult]] = {n: [] for n in scenarios}
    for name, res in zip(owner, results, strict=True):
        by_name[name].append(res)
    return Comparison(
        names,
        scenarios,
        by_name,
        seed,
        reps * max(posterior, 1),
        scale,
        years,
        counterfactual=COUNTERFACTUAL if attribution or COUNTERFACTUAL in names else None,
        counterfactual_added=added,
        meta=meta,
    )


def _posterior_draws(k: int, seed: int) -> list:
    """K posterior parameter draws (the calibration's shipped ensemble); problems become ExperimentError."""
    from jwsim.calibration.posterior import load_posterior  # noqa: PLC0415 - only with --posterior

    try:
        return load_posterior(k, seed)
    except ValueError as exc:  # CalibrationError: missing/unreadable ensemble, K too large
        raise ExperimentError(f"--posterior {k}: {str(exc).splitlines()[0]}") from None


def pairing_gain(diffs: dict[str, dict], kpis: Sequence[str] = PAIRING_KPIS) -> dict[str, float | None]:
    """KPI -> how many times narrower the paired interval is than the unpaired one (None: paired width 0)."""
    return {k: diffs[k]["width_ratio"] for k in kpis}


def finite(obj):
    """``obj`` with every non-finite float replaced by None, so the document is strict JSON."""
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [finite(v) for v in obj]
    if isinstance(obj, (float, np.floating)):
        return float(obj) if np.isfinite(obj) else None
    if isinstance(obj, np.integer):
        return int(obj)
    return obj
