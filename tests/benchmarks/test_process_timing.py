"""The per-process timing lists every process and leaves the run's numbers as they are."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

from benchmarks.processes import NEWCOMERS, RECORDING, timed_run
from jwsim.model.model import JwsimModel
from jwsim.model.scenario import default_schedule

ROOT = Path(__file__).resolve().parents[2]


def test_timed_run_lists_every_process_and_changes_no_number():
    """Each process, the recording and each process's newcomers get a time; the results are unchanged."""
    per_label, run_s, result = timed_run(seed=4, scale=20.0, years=1, burn_in_weeks=52)
    plain = JwsimModel(default_schedule(), seed=4, scale=20.0, years=1, burn_in_weeks=52, collect=False)
    names = [p.name for p in plain.processes]
    expected = plain.run()
    assert list(per_label) == names + [RECORDING] + [NEWCOMERS + n for n in names]
    assert all(v >= 0 for v in per_label.values())
    # The processes' steps and the recording are disjoint parts of the run; newcomers' start values lie inside
    # demography's step.
    assert sum(v for k, v in per_label.items() if not k.startswith(NEWCOMERS)) <= run_s
    assert sum(v for k, v in per_label.items() if k.startswith(NEWCOMERS)) <= per_label["demography"]
    assert per_label["factors"] > 0 and per_label[NEWCOMERS + "need"] > 0
    for table in ("weekly", "kpis", "per_wijk"):
        got, want = getattr(result, table), getattr(expected, table)
        assert got.keys() == want.keys()
        for k in want:
            np.testing.assert_array_equal(got[k], want[k], err_msg=f"{table}.{k}")


def test_bad_arguments_give_one_line_and_exit_2():
    """A bad argument gives a one-line error on stderr, no stdout, and exit code 2."""
    r = subprocess.run([sys.executable, "-m", "benchmarks.processes", "--reps", "0"], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "--reps" in r.stderr
    assert r.stdout == ""
