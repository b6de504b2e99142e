"""Running replicates: one task = (scenario, parameters, replicate seed, scale, years) -> RunResult.

Written against ``concurrent.futures.Executor``: a local process pool by default, any other executor
(e.g. Dask's ``Client.get_executor()``) works the same. Replicate *i* of every scenario gets the same
``SeedSequence`` child, so scenario differences are paired (common random numbers), and results never
depend on the number of workers or on the executor: each task is a pure function of its inputs.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass

import numpy as np

from jwsim.model.allocation import Schedule
from jwsim.model.model import JwsimModel
from jwsim.model.params import Parameters
from jwsim.model.results import RunResult
from jwsim.model.scenario import BURN_IN_SCENARIO, Scenario, load_scenario
from jwsim.model.streams import replicate_seeds


@dataclass(frozen=True)
class RunTask:
    """Everything one run needs; small and picklable."""

    schedule: Schedule
    params: Parameters
    seed: np.random.SeedSequence
    scale: float = 1.0
    years: int = 5
    replicate: int = 0


def run_task(task: RunTask) -> RunResult:
    """Run one replicate (in a worker process); returns the compact result, never the model."""
    model = JwsimModel(task.schedule, params=task.params, seed=task.seed, scale=task.scale, years=task.years,
                       collect=False)
    result = model.run()
    result.meta["replicate"] = task.replicate
    return result


def run_batch(tasks: Sequence[RunTask]) -> list[RunResult]:
    """Run several replicates in one worker call (amortises per-task overhead on clusters)."""
    return [run_task(t) for t in tasks]


def scenario_schedule(scenario: Scenario) -> Schedule:
    """The scenario's schedule with the 2025 practice as burn-in."""
    burn = load_scenario(BURN_IN_SCENARIO).allocation
    return Schedule(scenario.schedule.steps, burn_in=burn, label=scenario.name)


def replicate_tasks(scenario: Scenario, seed: int, reps: int, scale: float = 1.0, years: int = 5,
                    params: Parameters | None = None) -> list[RunTask]:
    """Tasks for ``reps`` replicates of a scenario; replicate i uses child i of SeedSequence(seed)."""
    sched = scenario_schedule(scenario)
    prm = params if params is not None else scenario.params
    return [RunTask(sched, prm, child, scale, years, i) for i, child in enumerate(replicate_seeds(seed, reps))]


def default_workers() -> int:
    """All cores (at least 1)."""
    return max(1, os.cpu_count() or 1)


def execute(tasks: Sequence[RunTask], workers: int | None = None, executor: Executor | None = None,
            on_done: Callable[[int], None] | None = None) -> list[RunResult]:
    """Run tasks, in order of the task list whatever the completion order.

    Args:
        tasks: the runs.
        workers: local processes (default: all cores); 1 runs in this process.
        executor: an existing executor (overrides ``workers``).
        on_done: called with the number of finished tasks after each completion (progress).
    """
    n = len(tasks)
    sequential = executor is None and (n == 1 or (workers or default_workers()) == 1)
    if sequential:
        out = []
        for i, t in enumerate(tasks):
            out.append(run_task(t))
            if on_done:
                on_done(i + 1)
        return out
    own = executor is None
    ex = executor or ProcessPoolExecutor(max_workers=min(workers or default_workers(), n),
                                         mp_context=multiprocessing.get_context("forkserver"),
                                         initializer=_limit_threads)
    try:
        futures = {ex.submit(run_task, t): i for i, t in enumerate(tasks)}
        results: list[RunResult | None] = [None] * n
        done = 0
        for fut in as_completed(futures):
            results[futures[fut]] = fut.result()
            done += 1
            if on_done:
                on_done(done)
        return [r for r in results if r is not None]
    finally:
        if own:
            ex.shutdown(cancel_futures=True)


def _limit_threads() -> None:
    """Keep each worker to one BLAS thread so processes do not oversubscribe the cores."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
