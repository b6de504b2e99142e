"""Names on the command line: an existing file wins, then a shipped name; one rule for every input kind.

A folder named like a shipped design, scenario, targets file or posterior no longer hides it (``jwsim
sweep smoke --out smoke`` then ``--resume``), and a file of the user's own whose name is a shipped name is
read instead of the shipped one.
"""

from __future__ import annotations

import json

import pytest

from jwsim.calibration.posterior import posterior_path, resolve_posterior
from jwsim.calibration.targets import CalibrationError, default_targets_path, load_targets
from jwsim.cli import main as cli_main
from jwsim.experiments.designs import load_design, shipped_designs
from jwsim.experiments.errors import ExperimentError
from jwsim.experiments.plan_check import posterior_draws
from jwsim.model.scenario import ScenarioError, load_scenario, named_scenarios

TINY = ["--reps", "1", "--scale", "100", "--years", "1", "--workers", "1", "--no-progress", "--json"]


def _renamed(scenario: str, name: str) -> str:
    """Return the text of a shipped scenario under another name."""
    text = named_scenarios()[scenario].read_text(encoding="utf-8")
    return text.replace(f'name = "{scenario}"', f'name = "{name}"')


def test_sweep_into_a_folder_named_like_the_design_then_resume(tmp_path, monkeypatch, capsys):
    """``jwsim sweep smoke --out smoke`` then ``--resume``: the folder does not hide the shipped design."""
    monkeypatch.chdir(tmp_path)
    assert cli_main(["sweep", "smoke", "--out", "smoke", *TINY]) == 0
    first = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert cli_main(["sweep", "smoke", "--out", "smoke", "--resume", *TINY]) == 0
    again = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert first["rows"] == again["rows"] == 20
    manifest = json.loads((tmp_path / "smoke" / "manifest.json").read_text())
    assert [s["ran"] for s in manifest["sessions"]] == [20, 0]


def test_a_folder_never_hides_a_shipped_name(tmp_path, monkeypatch):
    """Folders named like each kind of shipped file: the shipped file is used."""
    monkeypatch.chdir(tmp_path)
    for name in ("smoke", "opdracht-2026", "targets", "posterior"):
        (tmp_path / name).mkdir()
    assert load_design("smoke").source == str(shipped_designs()["smoke"])
    assert load_scenario("opdracht-2026").source == str(named_scenarios()["opdracht-2026"])
    assert load_targets("targets").source == str(default_targets_path())
    assert resolve_posterior("posterior") == posterior_path()
    draws, source = posterior_draws(2, 1, "posterior")
    assert len(draws) == 2 and source == f"posterior {posterior_path()}"


def test_an_existing_file_wins_over_a_shipped_name(tmp_path, monkeypatch):
    """A file of the user's own named like a shipped scenario, design or targets file is the one read."""
    monkeypatch.chdir(tmp_path)
    text = _renamed("meer-ib", "mine")
    (tmp_path / "huidig-2025").write_text(text, encoding="utf-8")
    assert load_scenario("huidig-2025").name == "mine"
    design = shipped_designs()["smoke"].read_text(encoding="utf-8").replace('name = "smoke"', 'name = "own"')
    (tmp_path / "smoke").write_text(design, encoding="utf-8")
    assert load_design("smoke").name == "own"
    (tmp_path / "targets").write_text("[[target]]\n", encoding="utf-8")
    with pytest.raises(CalibrationError, match="^targets: "):  # the user's (broken) file, not the shipped
        load_targets("targets")


def test_design_scenarios_relative_to_the_design_then_shipped(tmp_path):
    """A design's scenario is a file next to the design when one exists, else a shipped scenario."""
    text = _renamed("meer-ib", "mine")
    (tmp_path / "opdracht-2026").mkdir()  # a folder next to the design: ignored
    (tmp_path / "huidig-2025").write_text(text, encoding="utf-8")  # a file next to the design: used
    path = tmp_path / "d.toml"
    path.write_text(
        'name = "d"\nmethod = "lhs"\nsamples = 2\nscenarios = ["opdracht-2026", "huidig-2025"]\n'
        '[factors."bk10.ib"]\nlow = 1.0\nhigh = 4.0\n'
    )
    assert [s.name for s in load_design(path).scenarios] == ["opdracht-2026", "mine"]


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda: load_scenario("no-such-scenario"), "no-such-scenario: unknown scenario"),
        (lambda: load_scenario("nope/x.toml"), "nope/x.toml: scenario file not found"),
        (lambda: load_design("no-such-design"), "no-such-design: unknown design"),
        (lambda: load_targets("no-such-targets"), "no-such-targets: unknown targets"),
        (lambda: resolve_posterior("no-such.json"), "no-such.json: posterior file not found"),
    ],
)
def test_unknown_names_say_what_was_looked_for(call, needle):
    """An unknown name or a missing file: one line that names it and lists the shipped names."""
    with pytest.raises((ScenarioError, ExperimentError, CalibrationError)) as info:
        call()
    assert str(info.value).startswith(needle) and "\n" not in str(info.value)


def test_a_folder_that_is_no_shipped_name_is_reported_as_a_folder(tmp_path):
    """A folder where a file is needed, and no shipped name: says it is a folder."""
    (tmp_path / "mine").mkdir()
    with pytest.raises(ExperimentError, match="is a folder, not a design file"):
        load_design(tmp_path / "mine")
