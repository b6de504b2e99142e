"""The options every command shares: same names, ranges and default rules, from one place."""

from __future__ import annotations

import argparse

import pytest

from jwsim.cli import build_parser
from jwsim.experiments.cli_common import DEFAULT_SEED, manifest, scale_type, whole_number


@pytest.fixture(scope="module")
def parse():
    """Parse a jwsim command line with the real parser."""
    parser = build_parser()
    return lambda *argv: vars(parser.parse_args(list(argv)))


def test_run_and_compare_have_the_execution_options_of_sweep(parse):
    """--workers and --scheduler on run, compare and sweep alike; resumable commands add --resume etc."""
    for argv in (
        ["run"],
        ["compare", "a", "b"],
        ["sweep", "smoke"],
        ["plan-check", "p"],
        ["optimize", "--budget=1"],
    ):
        args = parse(*argv, "--scheduler", "tcp://h:8786", "--workers", "3")
        assert (args["scheduler"], args["workers"]) == ("tcp://h:8786", 3), argv
    assert "resume" not in parse("run") and parse("sweep", "smoke", "--resume")["resume"] is True


def test_run_settings_defaults_per_command(parse):
    """Each command keeps its own defaults; design commands leave unset settings to the design file."""
    run, compare, sweep = parse("run"), parse("compare", "a", "b"), parse("sweep", "smoke")
    assert (run["reps"], run["years"], run["scale"], run["seed"]) == (10, 5, 1.0, DEFAULT_SEED)
    assert compare["reps"] == 20 and parse("optimize", "--budget=1")["scale"] == 5.0
    assert (sweep["reps"], sweep["years"], sweep["scale"], sweep["seed"]) == (None, None, None, None)
    assert parse("validate")["workers"] == 2 and "years" not in parse("validate")
    assert parse("calibrate")["workers"] == 2 and run["workers"] is None and run["scheduler"] is None


def test_argument_types():
    """Whole numbers and scales in range, or one clear error."""
    assert whole_number(1, 5)("5") == 5
    with pytest.raises(argparse.ArgumentTypeError, match="'x' is not a whole number"):
        whole_number(1, 5)("x")
    with pytest.raises(argparse.ArgumentTypeError, match="6 is outside 1..5"):
        whole_number(1, 5)("6")
    assert scale_type("2.5") == 2.5
    for bad in ("nan", "0.5", "101", "inf"):
        with pytest.raises(argparse.ArgumentTypeError):
            scale_type(bad)


def test_manifest_head():
    """Command, argument list, the command's fields, registry version and scenario hashes."""
    from jwsim.model.params import REGISTRY_VERSION
    from jwsim.model.scenario import load_scenario

    head = manifest("jwsim run", [load_scenario("meer-ib")], seed=3, files=["a.csv"])
    assert head["command"] == "jwsim run" and head["seed"] == 3 and head["files"] == ["a.csv"]
    assert head["registry_version"] == REGISTRY_VERSION and isinstance(head["argv"], list)
    assert set(head["scenario_sha256"]) == {"meer-ib", "huidig-2025"}
