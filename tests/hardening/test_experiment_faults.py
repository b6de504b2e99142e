"""Faults during an experiment: a worker killed mid-run, a full disk, Ctrl-C in the middle of a write.

Each time the sweep reports it in one line (saying the finished runs are kept and ``--resume`` continues),
every Parquet file left in the folder reads back whole, no temporary file stays behind, and ``--resume``
completes the experiment with exactly the rows an uninterrupted sweep writes: nothing lost, nothing twice,
nothing changed. (Killing the whole sweep with SIGKILL or SIGINT is tests/experiments/test_sweep_resume.py.)
"""

from __future__ import annotations

import errno
import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from unittest import mock

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hardening_kit import examples, run_cli
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

DESIGN = """
name = "faults"
method = "lhs"
samples = 4
sampler_seed = 8
[run]
reps = 2
scale = {scale}
years = 1
seed = 11
[factors."bk10.ib"]
low = 1.0
high = 6.0
"""
N_RUNS = 8
SORT = ["point", "replicate"]


def _design(folder: Path, scale: int = 100) -> Path:
    path = folder / "faults.toml"
    path.write_text(DESIGN.format(scale=scale))
    return path


def _sweep(design: Path, out: Path, *extra: str):
    return run_cli(
        ["sweep", str(design), f"--out={out}", "--workers=1", "--batch=1", "--no-progress", "--json", *extra]
    )


@functools.lru_cache(maxsize=2)
def reference(scale: int = 100) -> tuple[pd.DataFrame, ...]:
    """Return the rows of an uninterrupted sweep (runs, per_wijk, per_school), sorted."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        outcome = _sweep(_design(Path(tmp), scale), out)
        assert outcome.code == 0, outcome.err
        return _rows(out)


def _rows(out: Path) -> tuple[pd.DataFrame, ...]:
    runs = pd.read_parquet(out / "runs").sort_values(SORT).reset_index(drop=True)
    wijk = pd.read_parquet(out / "per_wijk").sort_values([*SORT, "wijk_code"]).reset_index(drop=True)
    school = pd.read_parquet(out / "per_school").sort_values([*SORT, "school_code"]).reset_index(drop=True)
    return runs, wijk, school


def assert_nothing_corrupted(out: Path) -> set[str]:
    """Every Parquet part reads back whole, no temporary file is left; return the run keys on disk."""
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")], "a temporary file was left behind"
    keys: set[str] = set()
    for part in sorted(out.rglob("*.parquet")):
        table = pq.read_table(part)  # raises on a truncated or half-written file
        assert table.num_rows > 0, part
        if part.parent.name == "runs":
            new = set(table.column("run_key").to_pylist())
            assert not keys & new, f"{part} repeats runs"
            keys |= new
    for table in ("per_wijk", "per_school"):
        detail_keys = (
            set(pd.read_parquet(out / table)["run_key"])
            if list((out / table).glob("*.parquet"))
            else set()
        )
        assert detail_keys <= keys, f"{table} rows of a run that does not count as done"
    return keys


def assert_resume_completes(design: Path, out: Path, scale: int = 100) -> None:
    """``--resume`` finishes the experiment; its rows equal the uninterrupted sweep's exactly."""
    outcome = _sweep(design, out, "--resume")
    assert outcome.code == 0, outcome.err
    assert assert_nothing_corrupted(out) == set(reference(scale)[0]["run_key"])
    for rows, ref in zip(_rows(out), reference(scale), strict=True):
        pd.testing.assert_frame_equal(rows, ref)


# ------------------------------------------------------------------------- Ctrl-C or a full disk, injected
class Fault:
    """Raise ``exc`` at the ``n``-th call of ``os.fsync`` or ``os.replace``.

    ``fsync`` is the middle of an atomic write (the data is in the temporary file, not yet renamed);
    ``replace`` is the rename itself.
    """

    def __init__(self, where: str, n: int, exc: BaseException) -> None:
        self.where, self.n, self.exc, self.calls = where, n, exc, 0
        self.real = getattr(os, where)

    def __call__(self, *args, **kwargs):  # noqa: D102 - stands in for os.fsync / os.replace
        self.calls += 1
        if self.calls == self.n:
            raise self.exc
        return self.real(*args, **kwargs)


FAULTS = {
    "ctrl-c": (KeyboardInterrupt(), 130, "interrupted"),
    "disk full": (OSError(errno.ENOSPC, "No space left on device"), 1, "No space left on device"),
}


@settings(max_examples=examples(12), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(FAULTS)), where=st.sampled_from(["fsync", "replace"]), n=st.integers(1, 22)
)
# Found by this suite: a fault at the first write (the manifest) left design.toml and the table folders
# without a manifest, and --resume then refused the folder as "not empty and holds no experiment".
@example(kind="ctrl-c", where="fsync", n=2)
@example(kind="disk full", where="replace", n=2)
# Found by this suite: Ctrl-C between a batch's per-wijk part and its runs part left per-wijk rows of runs
# that do not count as done (until a --resume removed them).
@example(kind="ctrl-c", where="fsync", n=5)
def test_a_fault_in_any_write_loses_nothing(kind, where, n):
    """Whatever write is hit (manifest, design copy, a part, the last manifest), by Ctrl-C or a full disk."""
    exc, code, words = FAULTS[kind]
    with tempfile.TemporaryDirectory() as tmp:
        design, out = _design(Path(tmp)), Path(tmp) / "out"
        fault = Fault(where, n, exc)
        with mock.patch.object(os, where, fault):
            outcome = _sweep(design, out)
        if fault.calls < n:  # fewer writes than n: the sweep finished untouched
            assert outcome.code == 0, outcome.err
        else:
            assert outcome.code == code, outcome.err
            assert len(outcome.error_lines) == 1 and words in outcome.err and "--resume" in outcome.err, (
                outcome.err
            )
            assert "Traceback" not in outcome.err
        if out.exists():
            assert_nothing_corrupted(out)
        assert_resume_completes(design, out)


# --------------------------------------------------------------------------------- a real full file system
def _mount_tmpfs(target: Path, size: str) -> bool:
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0


@pytest.fixture
def small_disk():
    """Mount a 320 KiB tmpfs (root only; the sweep below writes ~600 KiB); unmount it afterwards."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root (the injected disk-full test covers the rest)")
    target = Path(tempfile.mkdtemp(prefix="jwsim-full-disk-"))
    if not _mount_tmpfs(target, "320k"):
        target.rmdir()
        pytest.skip("mount -t tmpfs is not permitted here (the injected disk-full test covers the rest)")
    try:
        yield target
    finally:
        subprocess.run(["umount", str(target)], check=False)
        target.rmdir()


def test_a_full_disk_stops_the_sweep_cleanly_and_resume_completes_it(small_disk, tmp_path):
    """A real 320 KiB file system fills up mid-sweep: one line, the parts on it are whole, resume finishes."""
    design, out = _design(tmp_path), small_disk / "out"
    outcome = _sweep(design, out)
    assert outcome.code == 1, outcome.err
    assert (
        "No space left on device" in outcome.err
        and "--resume" in outcome.err
        and len(outcome.error_lines) == 1
    )
    done = assert_nothing_corrupted(out)
    assert 0 < len(done) < N_RUNS  # it did fill up in the middle
    subprocess.run(["mount", "-o", "remount,size=4m", str(small_disk)], check=True)  # make room
    assert_resume_completes(design, out)


# ----------------------------------------------------------------------------------- a worker process killed
def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids += [int(k) for k in (task / "children").read_text().split()]
        except OSError:
            continue
    return kids


def _pool_workers(pid: int) -> list[int]:
    """Return the process pool's workers: children of the sweep's forkserver."""
    workers = []
    for child in _children(pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"forkserver" in cmdline:
            workers += _children(child)
    return workers


def test_a_killed_worker_is_reported_and_resume_completes(tmp_path):
    """SIGKILL to one pool worker (out of memory, say) mid-sweep: one line, finished runs kept, resume."""
    design, out = _design(tmp_path, scale=20), tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "jwsim",
        "sweep",
        str(design),
        f"--out={out}",
        "--workers=2",
        "--batch=1",
        "--no-progress",
        "--log-progress",
    ]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    lines, killed = [], None
    try:
        for line in proc.stderr:
            lines.append(line)
            if line.startswith("faults: ") and int(line.split()[1].split("/")[0]) >= 2 and killed is None:
                workers = _pool_workers(proc.pid)
                assert workers, "no pool worker found"
                killed = workers[0]
                os.kill(killed, signal.SIGKILL)
        code = proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    err = "".join(lines)
    if killed is None:
        pytest.fail(f"the sweep finished before a worker could be killed:\n{err}")
    assert code == 1, err
    assert "a worker process died" in err and "--resume" in err and "Traceback" not in err, err
    done = assert_nothing_corrupted(out)
    assert 2 <= len(done) < N_RUNS, done
    assert_resume_completes(design, out, scale=20)


def test_resume_after_faults_does_not_mix_up_experiments(tmp_path):
    """A folder left by an interrupted experiment is refused for another one (one line, untouched)."""
    design, out = _design(tmp_path), tmp_path / "out"
    with mock.patch.object(os, "replace", Fault("replace", 6, KeyboardInterrupt())):
        assert _sweep(design, out).code == 130
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    other = tmp_path / "other.toml"
    other.write_text(DESIGN.format(scale=50).replace('"faults"', f'"other-{uuid.uuid4().hex[:6]}"'))
    outcome = _sweep(other, out, "--resume")
    assert outcome.code == 2 and "holds a different experiment" in outcome.err
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before
