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
        failures: run key and error of each failed run.
    """

    out: Path
    rows: int
    failed: int
    seconds: float
    ran: int = 0
    skipped: int = 0
    failures: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        """The ``--json`` summary line of the experiment commands."""
        return {"out": str(self.out), "rows": self.rows, "failed": self.failed, "seconds": round(self.seconds, 3)}


def _bar(total: int, initial: int, enabled: bool, desc: str):
    from tqdm import tqdm  # noqa: PLC0415

    # disable=None lets tqdm switch itself off when stderr is not a terminal (logs, CI, pipes).
    return tqdm(total=total, initial=initial, unit="run", desc=desc, file=sys.stderr, dynamic_ncols=True,
                disable=None if enabled else True, smoothing=0.05)


def run_experiment(runs: Sequence[SweepRun], out: Path, manifest: dict, *, workers: int | None = None,
                   scheduler: str | None = None, resume: bool = False, batch: int | None = None,
                   progress: bool = True, log_progress: bool = False, design_text: str = ""
                   ) -> ExperimentSummary:
    """Run (or resume) an experiment and stream its results into ``out``.

    Args:
        runs: every run of the experiment (keys must be unique); the order is the submission order.
        out: results folder.
        manifest: what identifies and describes the experiment; must hold ``experiment_id``.
        workers: local processes (default: all cores); ignored with a Dask scheduler.
        scheduler: Dask scheduler address (else ``$DASK_SCHEDULER_ADDRESS``, else a local pool).
        resume: continue an experiment already in ``out``.
        batch: runs per task (default: automatic, up to 4).
        progress: show the progress bar (only ever on a terminal).
        log_progress: print ``<name>: <done>/<total> runs`` on stderr after each finished batch.
        design_text: the design file, copied into ``out`` for reproduction.

    Raises:
        ExperimentError: the folder cannot take this experiment (before anything is written).
    """
    t0 = time.perf_counter()
    keys = [r.key for r in runs]
    if len(set(keys)) != len(keys):
        raise ValueError("run keys are not unique")
    previous = check_out_dir(out, manifest["experiment_id"], resume)
    with backend(workers, scheduler, tasks=len(runs)) as b:
        info = dict(manifest, backend=b.describe(), runs_total=len(runs))
        store = ResultStore.open(out, info, previous, design_text)
        done = store.done_keys() & set(keys)
        pending = [r for r in runs if r.key not in done]
        size = batch or auto_batch_size(len(pending), b.workers)
        written = 0
        failures: list[dict] = []
        status = "interrupted"
        bar = _bar(len(runs), len(done), progress, manifest.get("name", "runs"))
        try:
            for outcomes in stream_batches(batches(pending, size), b.executor):
                rows = [o.row for o in outcomes if o.row is not None]
                wijk = [w for o in outcomes for w in o.wijk_rows]
                store.write_batch(rows, wijk)
                written += len(rows)
                failures += [{"run_key": o.key, "error": o.error} for o in outcomes if o.row is None]
                bar.update(len(outcomes))
                if log_progress:
                    n_done = len(done) + written + len(failures)
                    sys.stderr.write(f"{manifest.get('name', 'runs')}: {n_done}/{len(runs)} runs\n")
                    sys.stderr.flush()
            status = "complete" if not failures else "complete_with_failures"
        finally:
            bar.close()
            store.finish(status, len(done) + written, failures, time.perf_counter() - t0,
                         ran=written + len(failures), skipped=len(done))
    return ExperimentSummary(out, len(done) + written, len(failures), time.perf_counter() - t0, len(pending),
                             len(done), failures)
