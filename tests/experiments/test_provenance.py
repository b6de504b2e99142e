"""Provenance in every manifest (git state, versions, input data and scenario hashes) and files per umask."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from jwsim.data import data_dir
from jwsim.experiments import provenance
from jwsim.experiments.output import atomic_write_text
from jwsim.model.scenario import named_scenarios, parse_scenario

ROOT = Path(__file__).resolve().parents[2]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def run_out(tmp_path_factory):
    """`jwsim run --out` in a process whose umask is 027: the results folder."""
    out = tmp_path_factory.mktemp("prov") / "res"
    argv = ["run", "--scale", "50", "--reps", "2", "--years", "1", "--workers", "1", "--out", str(out)]
    p = subprocess.run(
        [sys.executable, "-m", "jwsim", *argv],
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=lambda: os.umask(0o027),
    )
    assert p.returncode == 0, p.stderr
    return out


def test_the_manifest_says_which_code_packages_data_and_scenarios(run_out):
    """Git commit and dirty flag, versions incl. SALib/EMA/Dask, SHA-256 of every data file and scenario."""
    m = json.loads((run_out / "manifest.json").read_text())
    assert m["git_commit"] == _git(ROOT, "rev-parse", "HEAD").strip()
    dirty = bool(_git(ROOT, "status", "--porcelain", "--untracked-files=no").strip())
    assert m["git_dirty"] is dirty
    for pkg in (
        "SALib",
        "ema_workbench",
        "dask",
        "distributed",
        "numpy",
        "scipy",
        "mesa",
        "pandas",
        "pyarrow",
    ):
        assert m["versions"][pkg] not in ("", "not installed"), pkg
    files = sorted([*data_dir().glob("*.csv"), *data_dir().glob("*.geojson")])
    assert m["input_data"] == {f"data/{p.name}": _sha(p) for p in files}
    assert {"data/wijken.csv", "data/wijken.geojson", "data/youths_by_wijk_age_sex.csv"} <= set(
        m["input_data"]
    )
    shipped = named_scenarios()
    assert m["scenario_sha256"] == {n: _sha(shipped[n]) for n in ("opdracht-2026", "huidig-2025")}
    assert m["command"] == "jwsim run" and m["backend"]["kind"] == "inline" and m["registry_version"]


def test_results_are_written_with_the_users_umask(run_out):
    """Every file gets the mode a new file gets under the umask (027: rw-r-----), not a temp file's 0600."""
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in run_out.iterdir()}
    assert modes and set(modes.values()) == {0o640}, modes


def test_atomic_writes_follow_the_umask(tmp_path):
    """The same in this process, for two umasks."""
    old = os.umask(0o002)
    try:
        atomic_write_text(tmp_path / "a.txt", "x")
        os.umask(0o077)
        atomic_write_text(tmp_path / "b.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o664
    assert stat.S_IMODE((tmp_path / "b.txt").stat().st_mode) == 0o600


def test_git_state_of_a_checkout_and_of_no_checkout(tmp_path, monkeypatch):
    """Dirty when a tracked file changed (untracked ones do not count); 'unknown' outside a git checkout."""
    monkeypatch.setattr(provenance, "source_root", lambda: tmp_path)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'jwsim'\n")
    assert provenance.git_state() == {"git_commit": "unknown", "git_dirty": "unknown"}
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "pyproject.toml")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "x")
    head = _git(tmp_path, "rev-parse", "HEAD").strip()
    (tmp_path / "results.csv").write_text("untracked\n")
    assert provenance.git_state() == {"git_commit": head, "git_dirty": False}
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'jwsim'\nversion = '9'\n")
    assert provenance.git_state() == {"git_commit": head, "git_dirty": True}


def test_a_scenario_without_a_file_says_so():
    """A scenario built in the app or in code has no file to hash; the burn-in scenario is always listed."""
    text = named_scenarios()["meer-ib"].read_text(encoding="utf-8")
    made = parse_scenario(text)  # source "<scenario>"
    hashes = provenance.scenario_hashes([(made.name, made.source)])
    assert hashes == {made.name: "not a file", "huidig-2025": _sha(named_scenarios()["huidig-2025"])}
    assert provenance.scenario_hashes([]) == {}


def test_experiment_manifests_carry_the_same_provenance(tmp_path):
    """A sweep's manifest (and each session in it) has the same fields as `jwsim run`'s."""
    from jwsim.experiments.cli_sweep import design_manifest
    from jwsim.experiments.designs import design_from_dict
    from jwsim.experiments.storage import read_manifest
    from jwsim.experiments.sweep import run_experiment

    design = design_from_dict(
        {
            "name": "one-run",
            "method": "factorial",
            "scenarios": ["opdracht-2026"],
            "run": {"reps": 1, "scale": 100, "years": 1, "seed": 1},
            "factors": {"bk10.ambulant": {"levels": [4.0]}},
        }
    )
    out = tmp_path / "out"
    run_experiment(design.runs(), out, design_manifest(design, "jwsim sweep"), workers=1, progress=False)
    m = read_manifest(out)
    shipped = named_scenarios()
    assert m["scenario_sha256"] == {n: _sha(shipped[n]) for n in ("opdracht-2026", "huidig-2025")}
    assert m["git_dirty"] in (True, False) and m["versions"]["SALib"] != "not installed"
    assert m["input_data"]["data/wijken.csv"] == _sha(data_dir() / "wijken.csv")
    session = m["sessions"][-1]
    assert session["input_data"] == m["input_data"] and session["git_dirty"] == m["git_dirty"]
    mask = os.umask(0)
    os.umask(mask)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()}
    assert modes == {0o666 & ~mask}


def test_a_shipped_file_is_recorded_relative_to_the_source_and_others_as_they_are(tmp_path):
    """The shipped targets read the same in every checkout; a file elsewhere keeps its absolute path."""
    from jwsim.calibration.targets import default_targets_path  # noqa: PLC0415

    assert provenance.source_path(default_targets_path()) == "calibration/targets.toml"
    outside = tmp_path / "targets.toml"
    outside.write_text("")
    assert provenance.source_path(outside) == str(outside.resolve())
