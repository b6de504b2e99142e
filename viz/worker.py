"""What the app's worker processes run.

Kept in an importable module (not the app script) so a
``forkserver`` pool can find it; imported by the fork server itself, so each worker starts with numpy,
the model and the city data already loaded.
"""

from __future__ import annotations

import os

from jwsim.data import load_inputs
from jwsim.experiments.runner import RunTask, run_task
from jwsim.model.results import RunResult

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def init_worker() -> None:
    """One BLAS thread per worker (the pool already uses every core) and the city data in memory."""
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"
    load_inputs()


def run_replicate(task: RunTask) -> RunResult:
    """Run one replicate of one scenario and return its compact result (never the model)."""
    return run_task(task)


def ping() -> int:
    """Return the worker's process id (the pool uses it to start its workers before the first run)."""
    return os.getpid()
