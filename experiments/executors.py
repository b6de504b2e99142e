"""Where runs execute: this process, a local process pool or a Dask cluster; every pool jwsim builds.

Every back end is a ``concurrent.futures.Executor`` (Dask through ``Client.get_executor()``), so callers have
one code path. The choice never changes results: each task is a pure function of its inputs (scenario,
parameters, replicate seed), so results are identical with 1 worker, N workers or a cluster.

This module is the one place that decides how workers are made, for the command line, the Python API, the
browser app and calibration:

* how many: one per core this process may use (:func:`default_workers`); the app may be given fewer with
  ``$JWSIM_APP_WORKERS`` (:func:`app_workers`);
* how they start: ``forkserver`` (safe inside threaded servers, unlike ``fork``), with the model imported
  once in the fork server so each worker starts with it loaded (:func:`process_pool`);
* what each worker does first: one BLAS thread (processes must not oversubscribe the cores) and the city
  data in memory (:func:`init_worker`); Dask workers get the thread limit when a client connects;
* when not to start workers at all: a plain script that calls jwsim at its top level, outside
  ``if __name__ == "__main__":``, would be run again by every worker and crash the pool. :func:`backend` then
  runs in this process with a :class:`UnguardedMainWarning` saying how to fix the script, and
  :func:`process_pool` (calibration, the app) refuses with that advice (:func:`unguarded_main_script`).
"""

from __future__ import annotations

import ast
import gc
import multiprocessing
import os
import sys
import warnings
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import ExperimentError

SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"
APP_WORKERS_ENV = "JWSIM_APP_WORKERS"
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
START_METHOD = "forkserver"
# Imported once by the fork server: workers fork from it with numpy, the model and the data loader loaded.
PRELOAD = ["jwsim.experiments.runner"]


def limit_threads() -> None:
    """Keep a worker to one BLAS thread so processes do not oversubscribe the cores."""
    for var in THREAD_VARS:
        os.environ[var] = "1"


def init_worker() -> None:
    """Start a worker: one BLAS thread, and the city data loaded (every run needs it)."""
    limit_threads()
    from jwsim.data import load_inputs  # noqa: PLC0415 - imported by the fork server already (PRELOAD)

    load_inputs()


def ping() -> int:
    """Return the worker's process id (submitted once per worker to start a pool before the first run)."""
    return os.getpid()


def available_cores() -> int:
    """Count the cores this process may run on (its CPU affinity: containers and ``taskset`` narrow it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # no affinity on this platform
        return max(1, os.cpu_count() or 1)


def default_workers() -> int:
    """Worker processes when none are asked for: one per available core."""
    return available_cores()


def app_workers_problem(value: str | None) -> str | None:
    """Why ``$JWSIM_APP_WORKERS`` = ``value`` is refused (None: unset, blank or a whole number 1..cores).

    Not ``str.isdigit``: it accepts '²', which ``int`` refuses.
    """
    if value is None or not value.strip():
        return None
    text, cores = value.strip(), available_cores()
    if text.isascii() and text.isdecimal() and 1 <= int(text) <= cores:
        return None
    return f"must be a whole number from 1 to {cores}"


def app_workers() -> int:
    """Return the app's workers: one per core; ``$JWSIM_APP_WORKERS`` may ask for fewer, never more.

    More processes than cores would only slow every run down: ``jwsim app`` refuses such a value at start
    (:func:`app_workers_problem`); here any value it would refuse means one worker per core.
    """
    value = os.environ.get(APP_WORKERS_ENV, "")
    return int(value) if value.strip() and app_workers_problem(value) is None else available_cores()


class UnguardedMainWarning(UserWarning):
    """A script runs jwsim at its top level, outside ``if __name__ == "__main__":``: runs stay in-process."""


def _guarded_lines(tree: ast.Module) -> list[tuple[int, int]]:
    """Line ranges of the ``if __name__ == "__main__":`` blocks of a module (either way round)."""
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
            continue
        sides = [node.test.left, *node.test.comparators]
        names = {s.id for s in sides if isinstance(s, ast.Name)}
        texts = {s.value for s in sides if isinstance(s, ast.Constant)}
        if names == {"__name__"} and texts == {"__main__"} and isinstance(node.test.ops[0], ast.Eq):
            out.append((node.body[0].lineno, node.body[-1].end_lineno or node.body[-1].lineno))
    return out


def unguarded_main_script() -> tuple[str, int] | None:
    """Return the main script and line if this call comes from its top level, outside a ``__main__`` guard.

    Worker processes (``forkserver``, like ``spawn``) import the main script again before they run anything.
    Code at a script's top level would then run again in every worker, start pools of its own and crash the
    pool ("A process in the process pool was terminated abruptly"). Notebooks, ``python -c`` and the
    interactive prompt have no main script and are safe, as is code under ``if __name__ == "__main__":``
    (or in a function called from there).
    """
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or not path or multiprocessing.parent_process() is not None:
        return None
    spec = getattr(getattr(main, "__spec__", None), "name", None) or ""
    if spec == "__main__" or spec.endswith(".__main__"):
        return None  # a package's __main__ (``python -m jwsim``): multiprocessing never runs it in a worker
    frame = sys._getframe(1)
    while frame is not None and not (frame.f_globals is vars(main) and frame.f_code.co_name == "<module>"):
        frame = frame.f_back
    if frame is None:
        return None  # not called from the main script's top level (e.g. a test runner, a server)
    line = frame.f_lineno
    try:
        tree = ast.parse(Path(path).read_bytes())
    except OSError:
        return str(path), line  # no such file (code piped in: "<stdin>"): the workers cannot import it either
    except (SyntaxError, ValueError):
        return None  # not Python source we can read: nothing to go on
    return None if any(lo <= line <= hi for lo, hi in _guarded_lines(tree)) else (str(path), line)


def unguarded_advice(script: str) -> str:
    """Return the advice for a script that runs jwsim outside a ``__main__`` guard, or from stdin."""
    if not Path(script).is_file():
        return (
            "the main program is not a file worker processes can import (code piped into python): save it as "
            "a script with the code under `if __name__ == \"__main__\":`, use a notebook, or pass workers=1"
        )
    return (
        "this script runs jwsim at its top level, and worker processes would run the script again: put the "
        'code under `if __name__ == "__main__":` (or pass workers=1)'
    )


def process_pool(workers: int) -> ProcessPoolExecutor:
    """Return a pool of ``workers`` local processes, started the one way jwsim starts workers.

    ``forkserver`` (never ``fork``, which is unsafe in the threaded web server), the model preloaded in the
    fork server, and :func:`init_worker` in each worker.

    Raises:
        ExperimentError: called from the top level of a script outside ``if __name__ == "__main__":``, where
            the workers would run the script again and crash (the message says how to fix it).

    """
    where = unguarded_main_script()
    if where is not None:
        raise ExperimentError(f"{where[0]}, line {where[1]}: {unguarded_advice(where[0])}")
    context = multiprocessing.get_context(START_METHOD)
    context.set_forkserver_preload(PRELOAD)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=init_worker)


@dataclass(frozen=True)
class Backend:
    """The executor in use and how to describe it in a manifest.

    Attributes:
        executor: the executor, or ``None`` to run in this process.
        kind: ``"inline"``, ``"processes"`` or ``"dask"``.
        workers: worker processes (Dask: workers known to the scheduler at start).
        address: the Dask scheduler address ("" otherwise).

    """

    executor: Executor | None
    kind: str
    workers: int
    address: str = ""

    def describe(self) -> dict:
        """Return a JSON-able description for manifests."""
        return {"kind": self.kind, "workers": self.workers, "address": self.address}


SCHEMES = ("tcp", "tls", "ucx", "ws", "wss")


def check_scheduler_address(address: str) -> str:
    """Return ``address`` if it has the form of a Dask scheduler address (``[scheme://]host:port``).

    Checked before Dask sees it: a malformed address is one clear line at once (not a 10 s connection
    timeout), and no half-made ``Client`` is left to be garbage-collected later. (Many failed Clients in one
    long-lived process were seen to deadlock distributed when one was collected inside the next's start.)

    Raises:
        ExperimentError: not ``[scheme://]host:port`` with a known scheme and a port 1..65535.

    """
    scheme, sep, rest = address.partition("://")
    if not sep:
        scheme, rest = "tcp", address  # Dask's default scheme
    host, _, port = rest.rpartition(":")
    well_formed = (
        scheme in SCHEMES
        and host.strip() != ""
        and host.startswith("[") == host.endswith("]")  # an IPv6 host is bracketed: [::1]:8786
        and port.isascii()
        and port.isdecimal()
        and 0 < int(port) < 65536
        and not any(c.isspace() or not c.isprintable() for c in address)
    )
    if not well_formed:
        raise ExperimentError(
            f"{address!r} is not a Dask scheduler address (e.g. tcp://host:8786; from --scheduler or "
            f"${SCHEDULER_ENV})"
        )
    return address


def scheduler_address(cli_value: str | None) -> str | None:
    """Return the Dask scheduler: ``--scheduler`` if given, else ``$DASK_SCHEDULER_ADDRESS``, else none.

    Only the command line reads the environment; the Python API takes the address it is given.
    """
    value = cli_value if cli_value else os.environ.get(SCHEDULER_ENV, "").strip()
    return check_scheduler_address(value) if value else None


@contextmanager
def dask_backend(address: str, timeout: float = 10.0) -> Iterator[Backend]:
    """Connect to a Dask scheduler and yield its executor; closes the client (not the cluster) after.

    Raises:
        ExperimentError: when Dask is not installed or the scheduler cannot be reached.

    """
    try:
        from distributed import Client  # noqa: PLC0415 - Dask is only paid for when asked for
    except ImportError:
        raise ExperimentError(
            "--scheduler needs dask[distributed] (pip install 'dask[distributed]')"
        ) from None
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        gc.collect()  # the failed Client closes itself in __del__: now, not inside another Client's start
        raise ExperimentError(
            f"cannot reach the Dask scheduler at {address} ({type(exc).__name__})"
        ) from None
    try:
        # Best effort: remote workers may already be running with their own settings.
        client.run(limit_threads)
        workers = len(client.scheduler_info().get("workers", {}))
        yield Backend(client.get_executor(), "dask", workers, address)
    finally:
        client.close()


@contextmanager
def backend(
    workers: int | None = None, scheduler: str | None = None, tasks: int | None = None
) -> Iterator[Backend]:
    """Return the executor for a set of runs.

    Dask if a scheduler address is given, otherwise a local process pool of ``workers`` processes; one
    worker (or one task) runs in this process.

    Args:
        workers: local processes (default: one per core); ignored with a scheduler.
        scheduler: Dask scheduler address (``[scheme://]host:port``); None runs locally.
        tasks: number of tasks to run, so a pool is never larger than the work.

    Raises:
        ExperimentError: a malformed or unreachable scheduler address (before anything runs).

    """
    if scheduler:
        with dask_backend(check_scheduler_address(scheduler)) as b:
            yield b
        return
    n = workers or default_workers()
    if tasks is not None:
        n = max(1, min(n, tasks))
    where = unguarded_main_script() if n > 1 else None
    if where is not None:  # the workers would run the script again: run in this process, and say why
        text = f"{unguarded_advice(where[0])}; the runs go on in this process"
        warnings.warn_explicit(text, UnguardedMainWarning, where[0], where[1])
        n = 1
    if n == 1:
        yield Backend(None, "inline", 1)
        return
    pool = process_pool(n)
    try:
        yield Backend(pool, "processes", n)
    except BaseException:
        # Ctrl-C or an error: do not wait for running tasks (a resumable experiment runs them again; nothing
        # recorded is lost).
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
