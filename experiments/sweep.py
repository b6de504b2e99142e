"""Running an experiment: pending runs → executor → Parquet parts as batches complete → manifest.

``run_experiment`` is the one path every experiment command takes (``jwsim sweep``, ``sensitivity``,
``optimize``, ``plan-check``): it checks the results folder before running anything, skips runs already
on disk when resuming, shows a progress bar (runs done, rate, time left; on stderr, only when stderr is a
terminal and ``progress`` is on; with ``log_progress`` one plain line per finished batch, for batch jobs
whose stderr is a log file), and records each session in the manifest.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .cli_common import print_scale_warning
from .executors import backend
from .runner import SweepRun, auto_batch_size, batches, stream_batches
from .storage import ResultStore, check_out_dir


@dataclass
class ExperimentSummary:
    """What a session did.

    Attributes:
        out: the results folder.
        rows: result rows on disk (all sessions).
        failed: runs of this session that raised an error (they are retried by ``--resume``).
        seconds: wall time of this session.
        ran: runs evaluated in this session.
        skipped: runs already on disk before this session.
        cpu_seconds: CPU time the runs of this session took in their workers (throughput per core).
        failures: run key and error of each failed run.

    """

    out: Path
    rows: int
    failed: int
    seconds: float
    ran: int = 0
    skipped: int = 0
    failures: list[dict] = field(default_factory=list)
    cpu_seconds: float = 0.0

    def as_json(self) -> dict:
        """Return the ``--json`` summary line of the experiment commands."""
        return {
            "out": str(self.out),
            "rows": self.rows,
            "failed": self.failed,
            "seconds": round(self.seconds, 3),
        }


def _bar(total: int, initial: int, enabled: bool, desc: str):
    from tqdm import tqdm  # noqa: PLC0415

    # disable=None lets tqdm switch itself off when stderr is not a terminal (logs, CI, pipes).
    return tqdm(
        total=total,
        initial=initial,
        unit="run",
        desc=desc,
        file=sys.stderr,
        dynamic_ncols=True,
        disable=None if enabled else True,
        smoothing=0.05,
    )


class ExperimentSession:
    """An open experiment: executor and results folder, for commands that submit runs in rounds.

    ``jwsim optimize`` submits one generation at a time. Use as a context manager.

    Args:
        out: results folder.
        manifest: what identifies and describes the experiment; must hold ``experiment_id``.
        workers, scheduler, resume, batch, progress, log_progress, design_text: as in :func:`run_experiment`.

    """

    def __init__(
        self,
        out: Path,
        manifest: dict,
        *,
        workers: int | None = None,
        scheduler: str | None = None,
        resume: bool = False,
        batch: int | None = None,
        progress: bool = True,
        log_progress: bool = False,
        design_text: str = "",
        expected_runs: int | None = None,
    ) -> None:
        self.out, self.manifest, self.batch = out, manifest, batch
        self.progress, self.log_progress = progress, log_progress
        self._previous = check_out_dir(out, manifest["experiment_id"], resume)
        self._backend_cm = backend(workers, scheduler, tasks=expected_runs)
        self._design_text = design_text
        self.t0 = time.perf_counter()
        self.done: set[str] = set()
        self.written = 0
        self.ran = 0
        self.cpu_seconds = 0.0
        self.skipped = 0
        self.failures: list[dict] = []
        self.rows: dict[str, dict] = {}

    def __enter__(self) -> ExperimentSession:
        self.backend = self._backend_cm.__enter__()
        try:
            info = dict(self.manifest, backend=self.backend.describe())
            self.store = ResultStore.open(self.out, info, self._previous, self._design_text)
            self.done = self.store.done_keys()
        except BaseException:
            self._backend_cm.__exit__(*sys.exc_info())
            raise
        # Every input is checked and the folder is open: now say what a reduced scale does (one line).
        print_scale_warning(self.manifest.get("command", "jwsim"), self.manifest.get("scale_warning"))
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        status = (
            "interrupted"
            if exc_type is not None
            else ("complete" if not self.failures else "complete_with_failures")
        )
        try:
            self.store.finish(
                status,
                len(self.done),
                self.failures,
                time.perf_counter() - self.t0,
                ran=self.ran,
                skipped=self.skipped,
                cpu_seconds=self.cpu_seconds,
            )
        finally:
            self._backend_cm.__exit__(exc_type, exc, tb)
        return False

    def run(self, runs: Sequence[SweepRun], label: str = "runs", total: int | None = None) -> int:
        """Run those of ``runs`` not yet on disk; rows of this session are kept in ``self.rows``.

        Returns:
            The number of runs that failed in this call.

        """
        pending = [r for r in runs if r.key not in self.done]
        self.skipped += len(runs) - len(pending)
        size = self.batch or auto_batch_size(len(pending), self.backend.workers)
        n_total = total if total is not None else len(runs)
        n_before = n_total - len(pending)
        failed = 0
        bar = _bar(n_total, n_before, self.progress, label)
        finished = 0
        try:
            for outcomes in stream_batches(batches(pending, size), self.backend.executor):
                rows = [o.row for o in outcomes if o.row is not None]
                self.store.write_batch(rows, [w for o in outcomes for w in o.wijk_rows],
                                       [s for o in outcomes for s in o.school_rows])
                for row in rows:
                    self.done.add(row["run_key"])
                    self.rows[row["run_key"]] = row
                bad = [{"run_key": o.key, "error": o.error} for o in outcomes if o.row is None]
                self.failures += bad
                failed += len(bad)
                self.written += len(rows)
                self.ran += len(outcomes)
                self.cpu_seconds += sum(o.cpu_seconds for o in outcomes)
                finished += len(outcomes)
                bar.update(len(outcomes))
                if self.log_progress:
                    sys.stderr.write(f"{label}: {n_before + finished}/{n_total} runs\n")
                    sys.stderr.flush()
        finally:
            bar.close()
        return failed

    def rows_for(self, keys: Sequence[str]) -> dict[str, dict]:
        """Return the result rows of ``keys`` on disk (this session's from memory, older from Parquet)."""
        missing = [k for k in keys if k in self.done and k not in self.rows]
        if missing:
            import pandas as pd  # noqa: PLC0415

            df = pd.read_parquet(self.out / "runs")
            for row in df[df["run_key"].isin(missing)].to_dict(orient="records"):
                self.rows[row["run_key"]] = row
        return {k: self.rows[k] for k in keys if k in self.rows}

    def summary(self) -> ExperimentSummary:
        """Return counts of the session so far."""
        return ExperimentSummary(
            self.out,
            len(self.done),
            len(self.failures),
            time.perf_counter() - self.t0,
            self.ran,
            self.skipped,
            list(self.failures),
            self.cpu_seconds,
        )


def run_experiment(
    runs: Sequence[SweepRun],
    out: Path,
    manifest: dict,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    batch: int | None = None,
    progress: bool = True,
    log_progress: bool = False,
    design_text: str = "",
) -> ExperimentSummary:
    """Run (or resume) an experiment and stream its results into ``out``.

    Args:
        runs: every run of the experiment (keys must be unique); the order is the submission order.
        out: results folder.
        manifest: what identifies and describes the experiment; must hold ``experiment_id``.
        workers: local processes (default: one per core); ignored with a Dask scheduler.
        scheduler: Dask scheduler address (None: local processes; the command line also reads
            ``$DASK_SCHEDULER_ADDRESS``).
        resume: continue an experiment already in ``out``.
        batch: runs per task (default: automatic, up to 4).
        progress: show the progress bar (only ever on a terminal).
        log_progress: print ``<name>: <done>/<total> runs`` on stderr after each finished batch.
        design_text: the design file, copied into ``out`` for reproduction.

    Raises:
        ExperimentError: the folder cannot take this experiment (before anything is written).

    """
    keys = [r.key for r in runs]
    if len(set(keys)) != len(keys):
        raise ValueError("run keys are not unique")
    manifest = dict(manifest, runs_total=len(runs))
    with ExperimentSession(
        out,
        manifest,
        workers=workers,
        scheduler=scheduler,
        resume=resume,
        batch=batch,
        progress=progress,
        log_progress=log_progress,
        design_text=design_text,
        expected_runs=len(runs),
    ) as session:
        session.run(runs, manifest.get("name", "runs"))
    # Rows on disk that belong to this experiment (a resumed folder may hold no others).
    summary = session.summary()
    summary.rows = len(session.done & set(keys))
    return summary
