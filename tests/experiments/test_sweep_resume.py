"""Kill a sweep midway, resume it: exactly the full set of rows, once each.

Killed with SIGKILL of the whole process group (a dying machine) or Ctrl-C (SIGINT to the group); finished
runs are neither repeated nor lost.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from jwsim.cli import main as cli_main

DESIGN = """
name = "resume"
method = "lhs"
samples = 6
sampler_seed = 2
[run]
reps = 2
scale = 10
years = 1
seed = 5
[factors."bk10.ib"]
low = 1.0
high = 6.0
"""
N_RUNS = 12


def _cmd(design: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "jwsim",
        "sweep",
        str(design),
        "--out",
        str(out),
        "--batch",
        "1",
        "--no-progress",
        "--log-progress",
        "--json",
        *extra,
    ]


def _start_and_interrupt(design: Path, out: Path, sig: int, after: int, workers: str) -> tuple[int, str]:
    """Start a sweep in its own process group and interrupt it after ``after`` runs.

    Waits (blocking on the sweep's log lines) until ``after`` runs are on disk, then sends ``sig`` to the
    whole group, as a terminal's Ctrl-C or a dying machine would.
    """
    proc = subprocess.Popen(
        _cmd(design, out, "--workers", workers),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    seen = []
    try:
        for line in proc.stderr:
            seen.append(line)
            if line.startswith("resume: ") and int(line.split()[1].split("/")[0]) >= after:
                os.killpg(proc.pid, sig)
                break
        rest = proc.stderr.read()
        code = proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return code, "".join(seen) + rest


def _parts(out: Path) -> dict[str, float]:
    return {p.name: p.stat().st_mtime_ns for p in (out / "runs").glob("part-*.parquet")}


@pytest.mark.parametrize(
    "sig,workers", [(signal.SIGKILL, "2"), (signal.SIGINT, "1")], ids=["sigkill", "ctrl-c"]
)
def test_kill_then_resume_gives_every_row_once(tmp_path, capsys, sig, workers):
    """Kill then resume gives every row once."""
    design = tmp_path / "resume.toml"
    design.write_text(DESIGN)
    out = tmp_path / "out"
    code, err = _start_and_interrupt(design, out, sig, after=3, workers=workers)
    assert code != 0, err
    if sig == signal.SIGINT:
        assert code == 130 and "continue with --resume" in err
    before = _parts(out)
    assert before, err
    done_before = set(pd.read_parquet(out / "runs")["run_key"])
    assert 3 <= len(done_before) < N_RUNS

    # Without --resume the folder is refused (one line, exit 2) and left as it is.
    assert cli_main(_cmd(design, out)[3:]) == 2
    assert "--resume" in capsys.readouterr().err and _parts(out) == before

    res = subprocess.run(
        _cmd(design, out, "--resume", "--workers", "2"), capture_output=True, text=True, timeout=300
    )
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["rows"] == N_RUNS and summary["failed"] == 0 and summary["out"] == str(out)
    df = pd.read_parquet(out / "runs")
    assert len(df) == N_RUNS and df["run_key"].is_unique
    assert set(df["run_key"]) == {f"{p}/opdracht-2026/{r}" for p in range(6) for r in range(2)}
    # Parts written before the kill are untouched, and the resumed session ran only the missing runs.
    after = _parts(out)
    assert all(after[name] == mtime for name, mtime in before.items())
    manifest = json.loads((out / "manifest.json").read_text())
    last = manifest["sessions"][-1]
    assert last["ran"] == N_RUNS - len(done_before) and last["skipped"] == len(done_before)
    assert manifest["status"] == "complete" and len(manifest["sessions"]) == 2
    wijk = pd.read_parquet(out / "per_wijk")
    assert wijk.groupby("run_key").size().to_dict() == {k: 44 for k in df["run_key"]}
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]

    # A resume of a complete experiment runs nothing and changes nothing.
    assert cli_main([*_cmd(design, out)[3:], "--resume"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["rows"] == N_RUNS
    assert _parts(out) == after
