"""Running replicates: one task = (scenario, parameters, replicate seed, scale, years) -> RunResult.

Written against ``concurrent.futures.Executor``: a local process pool by default, any other executor
(e.g. Dask's ``Client.get_executor()``) works the same. Replicate *i* of every scenario gets the same
``SeedSequence`` child, so scenario differences are paired (common random numbers), and results never
depend on the number of workers or on the executor: each task is a pure function of its inputs.

Two levels of API:

* ``replicate_tasks`` / ``execute`` return full :class:`RunResult` objects in task order (``jwsim run``,
  ``jwsim compare``, notebooks);
* :class:`SweepRun` / ``evaluate_runs`` / ``stream_batches`` serve experiments with many runs: a worker
  evaluates a batch of runs and returns compact rows (inputs, seed, KPI means, per-wijk and per-school
  means), and the
  caller receives each batch as soon as it completes, so results can be written to disk while the
  experiment goes on (``jwsim.experiments.sweep``).
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from jwsim.model.allocation import Schedule
from jwsim.model.model import JwsimModel
from jwsim.model.params import Parameters
from jwsim.model.results import RunResult
from jwsim.model.scenario import BURN_IN_SCENARIO, Scenario, load_scenario
from jwsim.model.streams import replicate_seeds

from .executors import backend


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
    """Return the scenario's schedule with the 2025 practice as burn-in."""
    burn = load_scenario(BURN_IN_SCENARIO).allocation
    return Schedule(scenario.schedule.steps, burn_in=burn, label=scenario.name)


def replicate_tasks(scenario: Scenario, seed: int, reps: int, scale: float = 1.0, years: int = 5,
                    params: Parameters | None = None) -> list[RunTask]:
    """Tasks for ``reps`` replicates of a scenario; replicate i uses child i of SeedSequence(seed)."""
    sched = scenario_schedule(scenario)
    prm = params if params is not None else scenario.params
    seeds = replicate_seeds(seed, reps)
    return [RunTask(sched, prm, child, scale, years, i) for i, child in enumerate(seeds)]


def execute(tasks: Sequence[RunTask], workers: int | None = None, executor: Executor | None = None,
            on_done: Callable[[int], None] | None = None, scheduler: str | None = None) -> list[RunResult]:
    """Run tasks, in order of the task list whatever the completion order.

    Args:
        tasks: the runs.
        workers: local processes (default: one per core); 1 runs in this process.
        executor: an existing executor (overrides ``workers`` and ``scheduler``).
        on_done: called with the number of finished tasks after each completion (progress).
        scheduler: a Dask scheduler address to run on (``executors.backend``).

    """
    if executor is not None:
        return run_tasks(tasks, executor, on_done)
    with backend(workers, scheduler, tasks=len(tasks)) as b:
        return run_tasks(tasks, b.executor, on_done)


def run_tasks(tasks: Sequence[RunTask], executor: Executor | None,
              on_done: Callable[[int], None] | None = None) -> list[RunResult]:
    """Run ``tasks`` on ``executor`` (None: in this process, in order); results in task order."""
    results: list[RunResult | None] = [None] * len(tasks)
    if executor is None:
        done = ((i, run_task(t)) for i, t in enumerate(tasks))
    else:
        futures = {executor.submit(run_task, t): i for i, t in enumerate(tasks)}
        done = ((futures[fut], fut.result()) for fut in as_completed(futures))
    for count, (i, result) in enumerate(done, start=1):
        results[i] = result
        if on_done:
            on_done(count)
    return [r for r in results if r is not None]


# ---------------------------------------------------------------------------------------------- sweeps
def replicate_seed(seed: int, replicate: int) -> np.random.SeedSequence:
    """Return the seed of replicate ``replicate`` of root ``seed``.

    Identical to ``SeedSequence(seed).spawn(n)[replicate]`` for any ``n > replicate``, so a run can be
    rebuilt alone (resume, a single re-run from a manifest).
    """
    return np.random.SeedSequence(int(seed), spawn_key=(int(replicate),))


@dataclass(frozen=True)
class SweepRun:
    """One run of an experiment: (design point, scenario, replicate). Small and picklable.

    Attributes:
        point: design point index.
        scenario: scenario name (the base the point's levers are applied to).
        replicate: replicate index; its seed is ``replicate_seed(seed, replicate)`` (common random numbers:
            every point and scenario sees the same random world in replicate i).
        seed: the experiment's root seed.
        inputs: (column, value) of the design factors at this point, stored with the results.
        schedule: the allocation schedule (None for toy evaluators).
        params: the parameter set (None for toy evaluators).
        scale: youths per agent.
        years: simulated years.
        evaluator: ``"jwsim"`` (the model) or a toy function name (``"ishigami"``) used to prove the
            pipeline on a function with known answers.
        columns: further (column, value) pairs of the row, written as they are (e.g. which posterior draw
            the run's parameters come from).

    """

    point: int
    scenario: str
    replicate: int
    seed: int
    inputs: tuple[tuple[str, Any], ...] = ()
    schedule: Schedule | None = None
    params: Parameters | None = None
    scale: float = 1.0
    years: int = 5
    evaluator: str = "jwsim"
    columns: tuple[tuple[str, Any], ...] = ()

    @property
    def key(self) -> str:
        """Unique key of the run within an experiment (``point/scenario/replicate``)."""
        return run_key(self.point, self.scenario, self.replicate)


def run_key(point: int, scenario: str, replicate: int) -> str:
    """Return the text key that identifies a run in the results (column ``run_key``)."""
    return f"{int(point)}/{scenario}/{int(replicate)}"


def _row_head(run: SweepRun) -> dict[str, Any]:
    row: dict[str, Any] = {"run_key": run.key, "point": run.point, "scenario": run.scenario,
                           "replicate": run.replicate, "seed": run.seed, "scale": float(run.scale),
                           "years": int(run.years)}
    row.update({f"in_{name}": value for name, value in run.inputs})
    row.update(dict(run.columns))
    return row


def realised_allocation(schedule: Schedule, params: Parameters, years: Sequence[int]) -> dict[str, float]:
    """Return the allocation a run had, as ``alloc_*`` columns: means over its simulated years.

    After the levers and the balancing form did their work (so the derived wijk and SJW FTE): FTE per
    organisation and work form, SJW hours per week summed over the schools and the number of schools with
    SJW, total FTE, and the yearly cost (FTE x cost per FTE + programme lines).
    """
    allocs = [schedule.at(y) for y in years]
    out: dict[str, float] = {}
    for org in ("bk10", "jc"):
        for form in sorted({f for a in allocs for f in getattr(a, org)}):
            out[f"alloc_{org}_{form}_fte"] = float(np.mean([getattr(a, org).get(form, 0.0) for a in allocs]))
    out["alloc_sjw_hours_per_week"] = float(np.mean([sum(h for _, h in a.sjw_hours) for a in allocs]))
    out["alloc_sjw_schools"] = float(np.mean([sum(1 for _, h in a.sjw_hours if h > 0) for a in allocs]))
    out["alloc_fte_total"] = float(np.mean([a.total_fte for a in allocs]))
    out["alloc_cost_eur_per_year"] = float(np.mean([a.cost_eur_per_year(params) for a in allocs]))
    return out


Rows = list[dict[str, Any]]


def _evaluate_jwsim(run: SweepRun) -> tuple[dict[str, Any], Rows, Rows]:
    task = RunTask(run.schedule, run.params or Parameters(), replicate_seed(run.seed, run.replicate),
                   run.scale, run.years, run.replicate)
    res = run_task(task)
    row = _row_head(run)
    row["evidence"] = task.params.regime
    row.update(realised_allocation(run.schedule, task.params, res.years))
    row.update({f"kpi_{k}": float(np.mean(v)) for k, v in res.kpis.items()})
    means = {k: v.mean(axis=0) for k, v in res.per_wijk.items()}
    wijk_rows = []
    for j, code in enumerate(res.wijk_codes):
        wr: dict[str, Any] = {"run_key": run.key, "point": run.point, "scenario": run.scenario,
                              "replicate": run.replicate, "wijk_code": code}
        wr.update({k: float(means[k][j]) for k in means})
        wijk_rows.append(wr)
    by_school = {k: v.mean(axis=0) for k, v in res.per_school.items()}
    school_rows = [
        {"run_key": run.key, "point": run.point, "scenario": run.scenario, "replicate": run.replicate,
         "school_code": code, **{k: float(v[j]) for k, v in by_school.items()}}
        for j, code in enumerate(res.school_codes)
    ]
    return row, wijk_rows, school_rows


def _evaluate_ishigami(run: SweepRun) -> tuple[dict[str, Any], Rows, Rows]:
    from SALib.test_functions import Ishigami  # noqa: PLC0415 - only the toy check needs it

    x = dict(run.inputs)
    y = Ishigami.evaluate(np.array([[x["x1"], x["x2"], x["x3"]]], dtype=float))
    row = _row_head(run)
    row["kpi_y"] = float(y[0])
    return row, [], []


EVALUATORS: dict[str, Callable[[SweepRun], tuple[dict[str, Any], Rows, Rows]]] = {
    "jwsim": _evaluate_jwsim,
    "ishigami": _evaluate_ishigami,
}


@dataclass
class RunOutcome:
    """What a worker sends back for one run: the result row, per-wijk and per-school rows, or the error."""

    key: str
    row: dict[str, Any] | None
    wijk_rows: list[dict[str, Any]]
    error: str = ""
    cpu_seconds: float = 0.0  # CPU time of the run in its worker (kept out of the rows: rows must not vary)
    school_rows: list[dict[str, Any]] = field(default_factory=list)


def evaluate_runs(runs: Sequence[SweepRun]) -> list[RunOutcome]:
    """Evaluate a batch of runs in a worker; one failing run does not lose the others."""
    out = []
    for run in runs:
        t0 = time.process_time()
        try:
            row, wijk, school = EVALUATORS[run.evaluator](run)
            cpu = time.process_time() - t0
            out.append(RunOutcome(run.key, row, wijk, cpu_seconds=cpu, school_rows=school))
        except Exception as exc:  # noqa: BLE001 - reported per run, the experiment goes on
            last = traceback.format_exception_only(type(exc), exc)[-1].strip()
            out.append(RunOutcome(run.key, None, [], last, time.process_time() - t0))
    return out


def batches(runs: Sequence[SweepRun], size: int) -> list[list[SweepRun]]:
    """Consecutive groups of ``size`` runs (runs are ordered point, scenario, replicate)."""
    size = max(1, int(size))
    return [list(runs[i:i + size]) for i in range(0, len(runs), size)]


def auto_batch_size(n_runs: int, workers: int, cap: int = 4) -> int:
    """Return the runs per task.

    Several, to amortise per-task overhead (Dask: 1.5-10 ms), but at least ~4 tasks per worker so the last
    tasks do not leave cores idle.
    """
    return max(1, min(cap, -(-n_runs // max(1, 4 * workers))))


def stream_batches(groups: Sequence[Sequence[SweepRun]], executor: Executor | None
                   ) -> Iterator[list[RunOutcome]]:
    """Yield each batch's outcomes as soon as it completes (completion order, not submission order).

    With ``executor=None`` the batches run in this process, in order. Closing the generator early
    (Ctrl-C, an error in the caller) cancels batches that have not started.
    """
    if executor is None:
        for g in groups:
            yield evaluate_runs(g)
        return
    futures = [executor.submit(evaluate_runs, list(g)) for g in groups]
    try:
        for fut in as_completed(futures):
            yield fut.result()
    finally:
        for fut in futures:
            fut.cancel()
