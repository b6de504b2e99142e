"""Runs for the app: a bounded worker pool with a queue, a result cache, cancellation and previews.

Nothing is simulated in the server's threads. :class:`RunService` owns one process pool (built by
``jwsim.experiments.executors.process_pool`` like every pool jwsim makes: ``forkserver``, one worker per
core, each worker limited to one BLAS thread) and a dispatcher thread that keeps at most one run per
worker in the pool; everything else waits in the service's own priority queue.
That is what makes the queue fair and cancellable: a preview (priority 0) overtakes full runs (priority 1)
that are still waiting, the other evidence regimes of a result (priority 2) wait behind both, the
start-up precompute (priority 3) behind everything, and cancelling a job drops its waiting runs at once
(the at most one run per worker already started finishes, and its result goes into the cache rather than
being lost).

Results are cached by the run's full identity — (schedule, parameters, seed, replicate, scale, years) —
so a run is never done twice: the reference scenario of a second comparison, a preset that two
people look at, or a scenario run again after a change that was undone. The cache holds immutable
results keyed by their inputs, so sharing it between sessions shows nobody another person's scenario:
a session only ever receives the results of the runs it asked for.

:class:`ComparisonRun` is what a page starts: a quick preview (a scaled population, few replicates) and
the full result, for two to four scenarios with the same seeds (replicate *i* of every scenario uses
child *i* of ``SeedSequence(seed)``, ``runner.replicate_tasks``), so differences between them are paired.
Every scenario runs under the evidence regime of the settings (``RunSettings.evidence``, central by default);
after the full result the same replicates run under the two other regimes (priority EVIDENCE, so the first
result is not slowed), which is what the pages need to say whether each difference's sign is robust.
"""

from __future__ import annotations

import atexit
import heapq
import itertools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from jwsim.experiments.compare import Comparison
from jwsim.experiments.executors import app_workers, ping, process_pool
from jwsim.experiments.runner import RunTask, replicate_tasks, run_task
from jwsim.model.params import REGIMES
from jwsim.model.results import RunResult
from jwsim.model.scenario import Scenario

PREVIEW, FULL, EVIDENCE, BACKGROUND = 0, 1, 2, 3  # queue priorities: lower runs first
CACHE_SIZE = 600  # results (~80 kB each at any scale): ~50 MB at most

RunKey = tuple[Hashable, ...]


def run_key(task: RunTask, seed: int) -> RunKey:
    """Everything a run's result depends on (its replicate's seed is a pure function of seed and index)."""
    return (task.schedule, task.params, int(seed), int(task.replicate), float(task.scale), int(task.years))


class Job:
    """Runs one session waits for. Filled by the service; read by the page's watcher thread."""

    def __init__(self, keys: Sequence[RunKey], service: RunService) -> None:
        self.keys = list(keys)
        self.results: dict[RunKey, RunResult] = {}
        self.errors: dict[RunKey, str] = {}
        self.cancelled = False
        self._service = service

    @property
    def total(self) -> int:
        """Number of runs in the job."""
        return len(set(self.keys))

    @property
    def done(self) -> int:
        """Number of runs with a result or an error."""
        return len(self.results) + len(self.errors)

    @property
    def finished(self) -> bool:
        """All runs are in, or the job was cancelled."""
        return self.cancelled or self.done >= self.total

    @property
    def error(self) -> str:
        """The first error of a failed run ('' if none)."""
        return next(iter(self.errors.values()), "")

    def wait(self, timeout: float) -> bool:
        """Block (in a watcher thread) until a result arrives or ``timeout`` seconds pass; return finished."""
        return self._service.wait(self, timeout)

    def cancel(self) -> None:
        """Drop the runs that have not started; the page stops waiting."""
        self._service.cancel(self)

    def ordered(self, keys: Sequence[RunKey]) -> list[RunResult]:
        """Results of ``keys`` in that order (all must be in)."""
        return [self.results[k] for k in keys]


class RunService:
    """A bounded worker pool with a priority queue, a shared result cache and cancellable jobs.

    Args:
        workers: runs at the same time (default: ``executors.app_workers``, one per core).
        executor_factory: builds the executor (default: ``executors.process_pool``); rebuilt if it breaks.
        cache_size: results kept (least recently used are dropped first).

    """

    def __init__(
        self,
        workers: int | None = None,
        executor_factory: Callable[[int], Executor] = process_pool,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        self.workers = workers or app_workers()
        self._factory = executor_factory
        self._executor: Executor | None = None
        self._cond = threading.Condition(threading.RLock())
        self._heap: list[tuple[int, int, RunKey]] = []
        self._seq = itertools.count()
        self._tasks: dict[RunKey, RunTask] = {}
        self._wanted: dict[RunKey, list[Job]] = {}
        self._inflight: dict[RunKey, Future] = {}
        self._cache: OrderedDict[RunKey, RunResult] = OrderedDict()
        self._cache_size = cache_size
        self.computed = 0  # runs actually simulated (not served from the cache)
        self._closed = False
        self._thread = threading.Thread(target=self._dispatch, name="jwsim-run-dispatcher", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------------------------------ public
    def warm_up(self) -> None:
        """Start the workers now (the first run then does not pay for starting processes)."""
        with self._cond:
            executor = self._pool()
        for future in [executor.submit(ping) for _ in range(self.workers)]:
            future.result()

    def submit(self, tasks: Sequence[RunTask], seed: int, priority: int = FULL) -> Job:
        """Queue ``tasks`` (each a replicate of ``seed``); cached runs are delivered at once."""
        keys = [run_key(task, seed) for task in tasks]
        job = Job(keys, self)
        with self._cond:
            if self._closed:
                raise RuntimeError("the run service is shut down")
            for key, task in zip(keys, tasks, strict=True):
                if key in job.results or job in self._wanted.get(key, ()):
                    continue
                if key in self._cache:
                    self._cache.move_to_end(key)
                    job.results[key] = self._cache[key]
                    continue
                self._tasks[key] = task
                self._wanted.setdefault(key, []).append(job)
                if key not in self._inflight:
                    heapq.heappush(self._heap, (priority, next(self._seq), key))
            self._cond.notify_all()
        return job

    def wait(self, job: Job, timeout: float) -> bool:
        """See :meth:`Job.wait`."""
        with self._cond:
            if not job.finished:
                self._cond.wait(timeout)
            return job.finished

    def cancel(self, job: Job) -> None:
        """See :meth:`Job.cancel`."""
        with self._cond:
            job.cancelled = True
            for key in job.keys:
                waiting = self._wanted.get(key)
                if waiting and job in waiting:
                    waiting.remove(job)
                    if not waiting:
                        del self._wanted[key]
                        if key not in self._inflight:
                            self._tasks.pop(key, None)
            self._cond.notify_all()

    def queued(self) -> int:
        """Count the runs waiting for a worker (wanted by some job, not started)."""
        with self._cond:
            return sum(1 for key in self._wanted if key not in self._inflight)

    def running(self) -> int:
        """Count the runs in the pool now."""
        with self._cond:
            return len(self._inflight)

    def cached(self) -> int:
        """Results in the cache."""
        with self._cond:
            return len(self._cache)

    def shutdown(self) -> None:
        """Stop the dispatcher, drop waiting runs and stop the workers."""
        with self._cond:
            self._closed = True
            self._heap.clear()
            self._wanted.clear()
            executor, self._executor = self._executor, None
            self._cond.notify_all()
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    # ---------------------------------------------------------------------------------------- internal
    def _pool(self) -> Executor:
        if self._executor is None:
            self._executor = self._factory(self.workers)
        return self._executor

    def _dispatch(self) -> None:
        """Keep every worker busy with the most urgent wanted run, and no more than one run per worker."""
        with self._cond:
            while not self._closed:
                while self._heap and len(self._inflight) < self.workers:
                    _, _, key = heapq.heappop(self._heap)
                    if key in self._inflight or key not in self._wanted:
                        continue  # a duplicate entry, or every job that wanted it was cancelled
                    try:
                        future = self._pool().submit(run_task, self._tasks[key])
                    except Exception as error:  # noqa: BLE001 - e.g. a broken pool: report it to the jobs
                        self._executor = None
                        self._deliver(key, None, _one_line(error))
                        continue
                    self._inflight[key] = future
                    future.add_done_callback(lambda fut, key=key: self._finished(key, fut))
                self._cond.wait()

    def _finished(self, key: RunKey, future: Future) -> None:
        with self._cond:
            self._inflight.pop(key, None)
            if future.cancelled():
                self._deliver(key, None, "cancelled")
            elif future.exception() is not None:
                error = future.exception()
                if isinstance(error, BrokenProcessPool):
                    self._executor = None  # a worker died (e.g. out of memory): the next run gets a new pool
                self._deliver(key, None, _one_line(error))
            else:
                result = future.result()
                self.computed += 1
                self._cache[key] = result
                self._cache.move_to_end(key)
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
                self._deliver(key, result, "")
            self._cond.notify_all()

    def _deliver(self, key: RunKey, result: RunResult | None, error: str) -> None:
        for job in self._wanted.pop(key, []):
            if result is not None:
                job.results[key] = result
            else:
                job.errors[key] = error
        self._tasks.pop(key, None)


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


_SERVICE: RunService | None = None
_SERVICE_LOCK = threading.Lock()


def get_service() -> RunService:
    """Return the server's run service (created on first use, stopped when the server exits)."""
    global _SERVICE
    with _SERVICE_LOCK:
        if _SERVICE is None:
            _SERVICE = RunService()
            atexit.register(_SERVICE.shutdown)
        return _SERVICE


# ------------------------------------------------------------------------------------------ comparisons
@dataclass(frozen=True)
class RunSettings:
    """How many runs, of what size: the full result and the quick preview before it.

    Attributes:
        seed: root seed; replicate i of every scenario uses its child i.
        reps: replicates of the full result.
        scale: youths per agent of the full result (1 = every youth in the city).
        years: simulated years from 2026.
        preview_reps: replicates of the preview (0: no preview).
        preview_scale: youths per agent of the preview.
        evidence: the evidence regime of the effect parameters (``model/params.py``: pessimistic, central,
            optimistic); scenario overrides win over it.

    """

    seed: int = 2026
    reps: int = 6
    scale: float = 1.0
    years: int = 5
    preview_reps: int = 3
    preview_scale: float = 10.0
    evidence: str = "central"

    def __post_init__(self) -> None:
        """Refuse an unknown evidence regime (it would silently run as central)."""
        if self.evidence not in REGIMES:
            raise ValueError(f"unknown evidence regime {self.evidence!r} (one of {', '.join(REGIMES)})")

    @property
    def other_regimes(self) -> tuple[str, ...]:
        """The two evidence regimes besides the chosen one, in ``REGIMES`` order."""
        return tuple(r for r in REGIMES if r != self.evidence)

    @property
    def has_preview(self) -> bool:
        """Tell whether a preview is worth it: only if it simulates fewer youths than the full result."""
        return self.preview_reps > 0 and self.preview_scale > self.scale


def precompute(service: RunService, scenarios: Sequence[Scenario], settings: RunSettings) -> list[Job]:
    """Queue the preview and full runs of ``scenarios`` behind every user's runs (priority BACKGROUND).

    The server does this at start for the default reference and scenario, so the first question of the
    day finds them in the cache; any user's run overtakes the ones not yet started. The full runs under the
    two other evidence regimes come last (the robustness badges of that first result).
    """
    jobs = []
    s = settings
    sizes = [(s.preview_reps, s.preview_scale, s.evidence)] if s.has_preview else []
    full = [(s.reps, s.scale, regime) for regime in (s.evidence, *s.other_regimes)]
    for reps, scale, regime in [*sizes, *full]:
        tasks = [t for sc in scenarios
                 for t in replicate_tasks(sc.under(regime), settings.seed, reps, scale, settings.years)]
        jobs.append(service.submit(tasks, settings.seed, BACKGROUND))
    return jobs


# The app's name for the comparison it shows: the same class as ``jwsim compare``'s.
ComparisonResult = Comparison


class ComparisonRun:
    """A preview and a full comparison of ``scenarios`` queued on ``service`` (first = reference).

    Every scenario runs under ``settings.evidence``. With ``regimes`` (the default), the full runs are also
    queued under the two other evidence regimes, behind the preview and the full result (priority
    EVIDENCE) and with the same seeds, so each regime's differences are paired like the main ones; they
    are not part of ``done``/``total``/``finished`` (the progress bar is about the result the user waits for).
    """

    def __init__(
        self, service: RunService, scenarios: Sequence[Scenario], settings: RunSettings, regimes: bool = True
    ) -> None:
        names = [scenario.name for scenario in scenarios]
        if len(set(names)) != len(names):
            raise ValueError(f"scenario names must be unique, got {names}")
        self.names = names
        self.scenarios = {scenario.name: scenario.under(settings.evidence) for scenario in scenarios}
        self.settings = settings
        self.started = time.monotonic()
        self.preview_elapsed_s: float | None = None
        self.full_elapsed_s: float | None = None
        self.preview_job: Job | None = None
        self._preview_keys: dict[str, list[RunKey]] = {}
        if settings.has_preview:
            self.preview_job, self._preview_keys = self._submit(
                service, settings.preview_reps, settings.preview_scale, PREVIEW
            )
        self.full_job, self._full_keys = self._submit(service, settings.reps, settings.scale, FULL)
        # Every full run was in the cache already (e.g. a reloaded page asking again): nothing is computed.
        self.from_cache = self.full_job.done == self.full_job.total and not self.full_job.errors
        self.evidence_job: Job | None = None
        self._regime_keys: dict[str, dict[str, list[RunKey]]] = {}
        if regimes:
            self.evidence_job, self._regime_keys = self._submit_regimes(service)

    def _submit(
        self, service: RunService, reps: int, scale: float, priority: int
    ) -> tuple[Job, dict[str, list[RunKey]]]:
        tasks, keys = self._tasks(self.scenarios, reps, scale)
        return service.submit(tasks, self.settings.seed, priority), keys

    def _tasks(
        self, scenarios: dict[str, Scenario], reps: int, scale: float
    ) -> tuple[list[RunTask], dict[str, list[RunKey]]]:
        s = self.settings
        tasks: list[RunTask] = []
        keys: dict[str, list[RunKey]] = {}
        for name, scenario in scenarios.items():
            these = replicate_tasks(scenario, s.seed, reps, scale, s.years)
            keys[name] = [run_key(task, s.seed) for task in these]
            tasks += these
        return tasks, keys

    def _submit_regimes(self, service: RunService) -> tuple[Job, dict[str, dict[str, list[RunKey]]]]:
        s = self.settings
        tasks: list[RunTask] = []
        keys: dict[str, dict[str, list[RunKey]]] = {}
        for regime in s.other_regimes:
            under = {name: scenario.under(regime) for name, scenario in self.scenarios.items()}
            these, keys[regime] = self._tasks(under, s.reps, s.scale)
            tasks += these
        return service.submit(tasks, s.seed, EVIDENCE), keys

    @property
    def jobs(self) -> list[Job]:
        """The preview job (if any) and the full job."""
        return [job for job in (self.preview_job, self.full_job) if job is not None]

    @property
    def evidence_status(self) -> str:
        """The other regimes: "" (not asked), "running", "done", "cancelled" or "error"."""
        job = self.evidence_job
        if job is None:
            return ""
        if job.cancelled:
            return "cancelled"
        if job.errors:
            return "error"
        return "done" if job.done >= job.total else "running"

    @property
    def done(self) -> int:
        """Runs finished, preview and full together."""
        return sum(job.done for job in self.jobs)

    @property
    def total(self) -> int:
        """Runs in the preview and the full comparison together."""
        return sum(job.total for job in self.jobs)

    @property
    def cancelled(self) -> bool:
        """Whether the user cancelled it."""
        return self.full_job.cancelled

    @property
    def error(self) -> str:
        """The first error of any run ('' if none)."""
        return next((job.error for job in self.jobs if job.error), "")

    @property
    def finished(self) -> bool:
        """The full result is in, or it was cancelled or failed."""
        return self.full_job.finished

    def cancel(self) -> None:
        """Stop waiting for runs that have not started (the other regimes' too)."""
        for job in self.jobs:
            job.cancel()
        if self.evidence_job is not None:
            self.evidence_job.cancel()

    def wait(self, timeout: float) -> None:
        """Block (in a watcher thread) until something changes or ``timeout`` passes."""
        jobs = [*self.jobs, *([self.evidence_job] if self.evidence_job is not None else [])]
        pending = next((job for job in jobs if not job.finished), None)
        if pending is not None:
            pending.wait(timeout)

    def evidence_result(self) -> dict[str, ComparisonResult] | None:
        """Return regime -> the full comparison under it (all three regimes), once every run is in."""
        full = self.full_result()
        if full is None or self.evidence_status != "done":
            return None
        s = self.settings
        out = {s.evidence: full}
        for regime, keys in self._regime_keys.items():
            scenarios = {name: sc.under(regime) for name, sc in self.scenarios.items()}
            out[regime] = self._result(
                self.evidence_job, keys, s.reps, s.scale, False, full.elapsed_s, scenarios, regime
            )
        return {regime: out[regime] for regime in REGIMES}

    def preview_result(self) -> ComparisonResult | None:
        """Return the preview, once all its runs are in without errors."""
        job = self.preview_job
        if job is None or job.cancelled or job.errors or job.done < job.total:
            return None
        if self.preview_elapsed_s is None:
            self.preview_elapsed_s = time.monotonic() - self.started
        s = self.settings
        return self._result(
            job, self._preview_keys, s.preview_reps, s.preview_scale, True, self.preview_elapsed_s
        )

    def full_result(self) -> ComparisonResult | None:
        """Return the full comparison, once all its runs are in without errors."""
        job = self.full_job
        if job.cancelled or job.errors or job.done < job.total:
            return None
        if self.full_elapsed_s is None:
            self.full_elapsed_s = time.monotonic() - self.started
        s = self.settings
        return self._result(job, self._full_keys, s.reps, s.scale, False, self.full_elapsed_s)

    def _result(
        self,
        job: Job,
        keys: dict[str, list[RunKey]],
        reps: int,
        scale: float,
        preview: bool,
        elapsed: float,
        scenarios: dict[str, Scenario] | None = None,
        regime: str | None = None,
    ) -> ComparisonResult:
        s = self.settings
        return Comparison(
            list(self.names),
            dict(scenarios or self.scenarios),
            {name: job.ordered(keys[name]) for name in self.names},
            s.seed,
            reps,
            scale,
            s.years,
            preview=preview,
            elapsed_s=elapsed,
            meta={"from_cache": self.from_cache and not preview, "evidence": regime or s.evidence},
        )
