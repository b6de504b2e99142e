"""Where runs execute: this process, a local process pool, or a Dask distributed cluster.

Every back end is a ``concurrent.futures.Executor`` (Dask through ``Client.get_executor()``), so the runner
has one code path. The choice never changes results: each task is a pure function of its inputs
(scenario, parameters, replicate seed), so rows are identical with 1 worker, N workers or a cluster.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import ExperimentError

SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def limit_threads() -> None:
    """Keep a worker to one BLAS thread so processes do not oversubscribe the cores (PLATFORM.md)."""
    for var in THREAD_VARS:
        os.environ[var] = "1"


def default_workers() -> int:
    """All cores (at least 1)."""
    return max(1, os.cpu_count() or 1)


def local_pool(workers: int) -> ProcessPoolExecutor:
    """Return a ``forkserver`` process pool: safe inside servers and threads, unlike ``fork``."""
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("forkserver"), initializer=limit_threads
    )


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
    """Return the Dask scheduler: ``--scheduler`` if given, else ``$DASK_SCHEDULER_ADDRESS``, else none."""
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
    """Return the executor for a run set.

    Dask if a scheduler is named (argument or environment), otherwise a local process pool of ``workers``
    processes; one worker (or one task) runs in this process.

    Args:
        workers: local processes (default: all cores); ignored with a scheduler.
        scheduler: Dask scheduler address; falls back to ``$DASK_SCHEDULER_ADDRESS``.
        tasks: number of tasks to run, so a pool is never larger than the work.

    """
    address = scheduler_address(scheduler)
    if address:
        with dask_backend(address) as b:
            yield b
        return
    n = workers or default_workers()
    if tasks is not None:
        n = max(1, min(n, tasks))
    if n == 1:
        yield Backend(None, "inline", 1)
        return
    pool = local_pool(n)
    try:
        yield Backend(pool, "processes", n)
    except BaseException:
        # Ctrl-C or an error: do not wait for running batches (their runs are not recorded, so a
        # resume runs them again; nothing is lost).
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
