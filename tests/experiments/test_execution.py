"""One execution layer: every pool is built in one place, and `run`/`compare` on Dask equal local runs.

The Dask tests start a real 2-worker LocalCluster (as the sweep tests do) and run the real ``jwsim`` command
in a subprocess against it, with ``--scheduler`` and with ``$DASK_SCHEDULER_ADDRESS``: the numbers and files
must be the local ones, bit for bit.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from jwsim.experiments import executors

ROOT = Path(__file__).resolve().parents[2]
SMALL = ["--scale", "50", "--reps", "3", "--years", "1"]


def jwsim(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the jwsim command line in a subprocess (without a scheduler in the environment unless given)."""
    base = {k: v for k, v in os.environ.items() if k != executors.SCHEDULER_ENV}
    return subprocess.run(
        [sys.executable, "-m", "jwsim", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**base, **(env or {})},
    )


@pytest.fixture(scope="module")
def cluster():
    """Start a real Dask LocalCluster with two single-threaded worker processes."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as c:
        yield c


def _doc(p: subprocess.CompletedProcess[str]) -> dict:
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    doc.pop("seconds")
    return doc


def test_run_on_dask_is_the_local_run(cluster, tmp_path):
    """`jwsim run --scheduler` and $DASK_SCHEDULER_ADDRESS give the local numbers and files, bit for bit."""
    address = cluster.scheduler_address
    local = _doc(jwsim("run", *SMALL, "--workers", "2", "--json", "--out", str(tmp_path / "local")))
    dask = _doc(jwsim("run", *SMALL, "--scheduler", address, "--json", "--out", str(tmp_path / "dask")))
    from_env = _doc(jwsim("run", *SMALL, "--json", env={executors.SCHEDULER_ENV: address}))
    assert dask == local and from_env == local
    assert (
        len(local["per_wijk"]) >= 30
        and local["kpis"]["halt_per_year"]["lo"] < local["kpis"]["halt_per_year"]["hi"]
    )
    for name in ("kpis_by_replicate.csv", "per_wijk.csv", "weekly.csv"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    where = {
        d: json.loads((tmp_path / d / "manifest.json").read_text())["backend"] for d in ("local", "dask")
    }
    assert where["local"] == {"kind": "processes", "workers": 2, "address": ""}
    assert (
        where["dask"]["kind"] == "dask"
        and where["dask"]["address"] == address
        and where["dask"]["workers"] == 2
    )


def test_compare_on_dask_is_the_local_comparison(cluster, tmp_path):
    """`jwsim compare --scheduler`: the same document (intervals, differences, attribution) and tables."""
    args = ["compare", "opdracht-2026", "meer-ib", *SMALL, "--json"]
    local = _doc(jwsim(*args, "--workers", "2", "--out", str(tmp_path / "local")))
    dask = _doc(jwsim(*args, "--scheduler", cluster.scheduler_address, "--out", str(tmp_path / "dask")))
    assert dask == local
    assert local["attribution"]["meer-ib"]["incidents_prevented"]["mean"] != 0
    for name in ("kpis_by_replicate.csv", "differences.csv", "per_wijk_differences.csv"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    manifest = json.loads((tmp_path / "dask" / "manifest.json").read_text())
    assert manifest["backend"]["kind"] == "dask" and "--scheduler" in manifest["argv"]


def test_an_unreachable_scheduler_is_one_line_and_writes_nothing(tmp_path):
    """A well-formed address where no scheduler listens: one line, exit 2, no results folder."""
    p = jwsim("run", *SMALL, "--scheduler", "tcp://127.0.0.1:9", "--out", str(tmp_path / "out"))
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "cannot reach the Dask scheduler" in p.stderr
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------------------------- one place for pools
POOL_MAKING = re.compile(
    r"ProcessPoolExecutor\(|get_context\(|set_forkserver_preload|sched_getaffinity|cpu_count\("
)


def test_pools_and_worker_defaults_are_made_in_one_module_only():
    """No package module but experiments/executors.py builds a pool, picks a start method or counts cores."""
    offenders = []
    for folder in ("model", "experiments", "calibration", "viz", "data", "jwsim"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.name != "executors.py" and POOL_MAKING.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_a_pool_starts_its_workers_the_jwsim_way():
    """Forkserver workers with one BLAS thread each, the model preloaded in the fork server."""
    with executors.process_pool(2) as pool:
        assert pool._mp_context.get_start_method() == "forkserver"
        threads = {v: pool.submit(os.getenv, v).result() for v in executors.THREAD_VARS}
        pids = {pool.submit(executors.ping).result() for _ in range(4)}
    assert threads == dict.fromkeys(executors.THREAD_VARS, "1")
    assert os.getpid() not in pids
    assert "jwsim.experiments.runner" in executors.PRELOAD


def test_worker_counts(monkeypatch):
    """One worker per usable core; the app setting may lower it, never raise it; bad values are named."""
    cores = len(os.sched_getaffinity(0))
    assert executors.default_workers() == cores
    monkeypatch.setenv(executors.APP_WORKERS_ENV, "1")
    assert executors.app_workers() == 1 and executors.app_workers_problem("1") is None
    for bad in (str(cores + 1), "0", "-1", "\u00b2", "zwei"):
        monkeypatch.setenv(executors.APP_WORKERS_ENV, bad)
        assert executors.app_workers() == cores
        assert executors.app_workers_problem(bad) == f"must be a whole number from 1 to {cores}"
    monkeypatch.delenv(executors.APP_WORKERS_ENV)
    assert executors.app_workers() == cores and executors.app_workers_problem(None) is None


def test_backend_is_never_larger_than_the_work():
    """One task runs in this process; a pool never has more workers than tasks."""
    with executors.backend(workers=4, tasks=1) as b:
        assert (b.kind, b.executor) == ("inline", None)
    with executors.backend(workers=4, tasks=2) as b:
        assert (b.kind, b.workers) == ("processes", 2)
