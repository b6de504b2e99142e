"""One validation path per input kind: every way a scenario, design or parameter value enters ends in it.

Each validator is replaced by a spy that refuses with a marker; then every entry point is fed a file (or
value). An entry point that parsed the input some other way would not show the marker. The table of
docs/reliability.md ("where input enters") lists the same paths.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hardening_kit import no_simulation, run_cli

from jwsim.experiments.errors import ExperimentError
from jwsim.model.params import ParameterError
from jwsim.model.scenario import ScenarioError, named_scenarios

MARK = "spied-by-the-hardening-suite"
SCENARIO_TEXT = named_scenarios()["meer-ib"].read_text(encoding="utf-8")
CHEAP = ["--reps=3", "--years=1", "--scale=100", "--workers=1"]


def _scenario_spy(target: str):
    """Refuse the scenario whose source ends in ``target`` with the marker; validate the others."""
    from jwsim.model.scenario import scenario_from_dict

    def spy(doc, source="<scenario>"):
        if str(source).endswith(target):
            raise ScenarioError(f"{source}: {MARK}")
        return scenario_from_dict(doc, source)

    return spy


def _design_spy(doc, source="<design>", base_dir=None, text=""):
    raise ExperimentError(f"{source}: {MARK}")


def _param_spy(name, value):
    raise ParameterError(f"parameter '{name}': {MARK}")


def _design(folder: Path, scenario: Path, method: str = "lhs") -> Path:
    path = folder / "design.toml"
    path.write_text(
        f'name = "paths"\nmethod = "{method}"\nsamples = 4\nscenarios = ["{scenario}"]\n'
        '[run]\nreps = 1\nscale = 100\nyears = 1\n[factors."bk10.ib"]\nlow = 1.0\nhigh = 4.0\n'
    )
    return path


SCENARIO_ENTRIES = {
    "run --scenario": lambda f, d: ["run", f"--scenario={f}", *CHEAP],
    "compare (reference)": lambda f, d: ["compare", str(f), "meer-ib", *CHEAP],
    "compare (alternative)": lambda f, d: ["compare", "opdracht-2026", str(f), *CHEAP],
    "plan-check (the plan)": lambda f, d: ["plan-check", str(f), "--draws=0", *CHEAP],
    "plan-check --against": lambda f, d: [
        "plan-check",
        "opdracht-2026",
        f"--against={f}",
        "--draws=0",
        *CHEAP,
    ],
    "optimize --scenario": lambda f, d: ["optimize", "--budget=4500000", f"--scenario={f}", *CHEAP],
    "sweep (design scenarios)": lambda f, d: ["sweep", str(_design(d, f)), *CHEAP],
    "sensitivity (design scenarios)": lambda f, d: ["sensitivity", str(_design(d, f, "morris")), *CHEAP],
}


@pytest.mark.parametrize("entry", sorted(SCENARIO_ENTRIES))
def test_every_command_reads_scenarios_through_scenario_from_dict(entry):
    """Each command's scenario argument reaches ``scenario_from_dict`` (the spy's marker is reported)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scenario = folder / "mine.toml"
        scenario.write_text(SCENARIO_TEXT)
        argv = SCENARIO_ENTRIES[entry](scenario, folder)
        with (
            mock.patch("jwsim.model.scenario.scenario_from_dict", _scenario_spy("mine.toml")),
            no_simulation(),
        ):
            outcome = run_cli([*argv, f"--out={folder / 'out'}"])
    assert outcome.code == 2 and MARK in outcome.err and str(scenario) in outcome.err, outcome.err


def test_python_api_and_app_upload_read_scenarios_through_scenario_from_dict():
    """``load_scenario`` (Python API) and ``parse_scenario`` (the app's upload) end in the same place."""
    from jwsim.experiments.compare import load_scenarios
    from jwsim.model.scenario import load_scenario, parse_scenario

    with tempfile.TemporaryDirectory() as tmp:
        scenario = Path(tmp) / "mine.toml"
        scenario.write_text(SCENARIO_TEXT)
        for target, call in (
            ("mine.toml", lambda: load_scenario(scenario)),
            ("meer-ib.toml", lambda: load_scenario("meer-ib")),  # shipped files too: no "trusted" shortcut
            ("upload.toml", lambda: parse_scenario(SCENARIO_TEXT.encode(), "upload.toml")),
            ("mine.toml", lambda: load_scenarios(["meer-ib", str(scenario)])),
        ):
            with mock.patch("jwsim.model.scenario.scenario_from_dict", _scenario_spy(target)):
                with pytest.raises(ScenarioError, match=MARK):
                    call()


@pytest.mark.parametrize("command", ["sweep", "sensitivity"])
def test_design_commands_read_designs_through_design_from_dict(command):
    """Both design commands reach ``design_from_dict``."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        mock.patch("jwsim.experiments.designs.design_from_dict", _design_spy),
    ):
        design = _design(Path(tmp), Path("meer-ib"))
        outcome = run_cli([command, str(design), *CHEAP, f"--out={Path(tmp) / 'out'}"])
    assert outcome.code == 2 and MARK in outcome.err, outcome.err


OVERRIDES = "\n[overrides]\nsjw_dose_threshold_hours = 12\n"
PARAM_ENTRIES = {
    "scenario [overrides]": lambda folder: [
        "run",
        "--scenario=" + str(_write(folder / "s.toml", SCENARIO_TEXT + OVERRIDES)),
        *CHEAP,
    ],
    "design parameter factor": lambda folder: [
        "sweep",
        str(
            _write(
                folder / "d.toml",
                'name = "p"\nmethod = "lhs"\nsamples = 2\n[run]\nreps = 1\nscale = 100\n'
                "years = 1\n[factors.sjw_dose_threshold_hours]\n",
            )
        ),
        *CHEAP,
        f"--out={folder / 'out'}",
    ],
    "plan-check --uncertain draws": lambda folder: [
        "plan-check",
        "opdracht-2026",
        "--draws=2",
        "--uncertain",
        "sjw_dose_threshold_hours",
        *CHEAP,
        f"--out={folder / 'out'}",
    ],
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


@pytest.mark.parametrize("entry", sorted(PARAM_ENTRIES))
def test_parameter_values_are_validated_by_the_registry(entry):
    """Overrides in scenarios, design factors and robustness draws all pass ``params.validate_value``."""
    with tempfile.TemporaryDirectory() as tmp, mock.patch("jwsim.model.params.validate_value", _param_spy):
        outcome = run_cli(PARAM_ENTRIES[entry](Path(tmp)))
        assert not (Path(tmp) / "out").exists()
    assert outcome.code == 2 and MARK in outcome.err, outcome.err
