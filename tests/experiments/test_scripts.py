"""The Python API in a plain script: real script files, run by a fresh Python in a subprocess.

Worker processes import the main script again before they run anything. A script that calls jwsim at its
top level, outside ``if __name__ == "__main__":``, used to crash the process pool ("A process in the process
pool was terminated abruptly"); it now runs in-process with a warning that says how to fix the script, and
the guarded script uses worker processes as before.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

RUN = """
from jwsim.experiments.executors import backend
from jwsim.experiments.replicates import ReplicateSet
from jwsim.experiments.runner import execute, replicate_tasks
from jwsim.model.scenario import load_scenario
"""
BODY = """
sc = load_scenario("opdracht-2026")
with backend(workers=2, tasks=3) as b:
    print("backend", b.kind)
runs = ReplicateSet(execute(replicate_tasks(sc, seed=3, reps=3, scale=50, years=1), workers=2))
print("entries", round(float(runs.kpi_interval("jeugdhulp_entries_per_year").mean), 6))
"""


def _run(tmp_path: Path, text: str) -> subprocess.CompletedProcess:
    script = tmp_path / "analysis.py"
    script.write_text(textwrap.dedent(text), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def unguarded(tmp_path_factory):
    """Run the script without a guard, once."""
    folder = tmp_path_factory.mktemp("unguarded")
    return folder, _run(folder, RUN + BODY)


def test_an_unguarded_script_runs_in_process_and_says_how_to_fix_it(unguarded):
    """Top-level calls, no ``__main__`` guard: the runs complete in this process, one warning per call."""
    tmp_path, done = unguarded
    assert done.returncode == 0, done.stderr[-2000:]
    assert "backend inline" in done.stdout and "entries " in done.stdout
    warnings = [line for line in done.stderr.splitlines() if "UnguardedMainWarning" in line]
    assert len(warnings) == 2 and all('if __name__ == "__main__":' in w for w in warnings)
    assert warnings[0].startswith(f"{tmp_path / 'analysis.py'}:") and "Traceback" not in done.stderr


def test_a_guarded_script_uses_worker_processes_and_gets_the_same_numbers(tmp_path, unguarded):
    """Under ``if __name__ == "__main__":`` (also via a function) the pool runs; the numbers are the same."""
    plain = unguarded[1]
    main = "\n\ndef main():\n" + textwrap.indent(BODY, "    ")
    main += '\n\nif __name__ == "__main__":\n    main()\n'
    guarded = _run(tmp_path, RUN + main)
    assert guarded.returncode == 0, guarded.stderr[-2000:]
    assert "backend processes" in guarded.stdout and "UnguardedMainWarning" not in guarded.stderr
    entries = [line for line in guarded.stdout.splitlines() if line.startswith("entries")]
    assert entries == [line for line in plain.stdout.splitlines() if line.startswith("entries")]


def test_a_pool_asked_for_at_the_top_level_is_refused_with_the_fix(tmp_path):
    """A pool made directly (as calibration and the app do) is refused in one clear line before it starts."""
    done = _run(tmp_path, "from jwsim.experiments.executors import process_pool\npool = process_pool(2)\n")
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("jwsim.experiments.errors.ExperimentError: ") and "analysis.py, line 2" in last
    assert 'put the code under `if __name__ == "__main__":`' in last


def test_code_piped_into_python_runs_in_process(tmp_path):
    """``python - < analysis.py``: the workers could not import '<stdin>'; the runs stay in this process."""
    tasks = "replicate_tasks(load_scenario('opdracht-2026'), 1, 3, 50, 1)"
    code = RUN + f"print(len(execute({tasks}, workers=2)))\n"
    done = subprocess.run([sys.executable, "-"], input=code, cwd=tmp_path, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "3"
    assert "<stdin>:" in done.stderr and "code piped into python" in done.stderr
