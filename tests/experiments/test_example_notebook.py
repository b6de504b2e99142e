"""The example notebook (examples/first-steps.py, percent format) runs as a script and its numbers make sense.

It is run the way CI and a reader without Jupyter run it: ``python examples/first-steps.py`` in a fresh
process. Each section leaves a file; the test reads them back.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "first-steps.py"


@pytest.mark.slow
def test_the_example_notebook_runs_and_its_outputs_hold_sensible_numbers(tmp_path):
    """Build and step a model, a per-wijk table, a registry parameter, a paired comparison, a figure."""
    env = {**os.environ, "JWSIM_EXAMPLE_OUT": str(tmp_path)}
    done = subprocess.run([sys.executable, str(NOTEBOOK)], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "week 60: " in done.stdout and "youths in jeugdhulp" in done.stdout
    assert "Warning" not in done.stderr  # workers=1: nothing to warn about

    rows = list(csv.DictReader((tmp_path / "per_wijk.csv").open(encoding="utf-8")))
    youths = sum(int(r["youths_10_23"]) for r in rows)
    assert 35 <= len(rows) <= 44 and 30_000 < youths < 45_000  # Nijmegen has ~38,000 youths aged 10-23
    assert all(0.0 <= float(r["jeugdhulp_prevalence_u18"]) <= 0.5 for r in rows)

    doc = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert doc["base"]["n"] == doc["changed"]["n"] == 5 and 500 < doc["base"]["mean"] < 2000
    diff = doc["difference"]
    # Help sought less often for mild need: fewer entries into jeugdhulp, demonstrably (paired).
    assert diff["mean"] < 0 and diff["lo"] < diff["hi"] < 0
    assert diff["width_ratio"] > 1  # pairing narrows the interval
    assert (tmp_path / "in_care.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
