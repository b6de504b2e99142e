"""Command-line arguments, fuzzed: one bad value among otherwise valid options of every subcommand.

Each example calls ``jwsim.cli.main`` in this process (``hardening_kit.run_cli``) from a fresh folder, with
the model's constructor replaced by a tripwire and ``jwsim app``'s server start recorded instead of made.
The property: exit code 2, exactly one line ``jwsim <command>: ...`` on stderr, no traceback, nothing on
stdout, the ``--out`` folder absent and the working folder unchanged — and no model was built. A handful
of the same cases run end to end in a real ``jwsim`` process in test_cli_subprocess.py.
"""

from __future__ import annotations

import math
import socket
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import pytest
from hardening_kit import (
    SimulationStarted,
    argv_text,
    assert_refused,
    examples,
    no_app_server,
    no_simulation,
    run_cli,
    tree,
)
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

OUT = "out"


def _int_ok(lo: int, hi: int | None) -> Callable[[str], bool]:
    def ok(text: str) -> bool:
        try:
            v = int(text)
        except ValueError:
            return False
        return lo <= v and (hi is None or v <= hi)

    return ok


def _float_ok(lo: float, hi: float) -> Callable[[str], bool]:
    def ok(text: str) -> bool:
        try:
            v = float(text)
        except ValueError:
            return False
        return math.isfinite(v) and lo <= v <= hi

    return ok


def _numbers_around(lo: float, hi: float | None) -> st.SearchStrategy[str]:
    """Texts near and far outside a range, plus things that are not numbers at all."""
    outside = [st.integers(max_value=int(lo) - 1), st.floats(max_value=float(lo), exclude_max=True)]
    if hi is not None:
        outside += [st.integers(min_value=int(hi) + 1), st.floats(min_value=float(hi), exclude_min=True)]
    specials = st.sampled_from(
        [
            "nan",
            "inf",
            "-inf",
            "1e999",
            "1" + "0" * 400,
            "0x10",
            "1,5",
            "",
            " ",
            "\u00b2",
            "\u0663" * 400,
            "-0",
        ]
    )
    return st.one_of(*[s.map(str) for s in outside], specials, argv_text)


@dataclass
class Option:
    """A command-line option, how to make bad values for it, and which values are in fact valid."""

    bad: st.SearchStrategy[str]
    valid: Callable[[str], bool] = lambda text: False


def int_option(lo: int, hi: int | None) -> Option:
    """Return a whole-number option with range ``lo..hi``."""
    return Option(_numbers_around(lo, hi), _int_ok(lo, hi))


def float_option(lo: float, hi: float) -> Option:
    """Return a number option with range ``lo..hi``."""
    return Option(_numbers_around(lo, hi), _float_ok(lo, hi))


def choice_option(*choices: str) -> Option:
    """Return an option with fixed choices."""
    return Option(argv_text | st.sampled_from([c.upper() for c in choices]), lambda t: t in choices)


def name_option(known: set[str]) -> Option:
    """Return an option naming an item (KPI, parameter): unknown names are bad."""
    return Option(argv_text, lambda t: t in known)


# Inputs that need a file or folder: built in the example's folder, referenced by a placeholder.
JUNK_FILE = "@junk"  # a file with random bytes
AFILE = "@afile"  # an existing regular file
UNDER_FILE = "@afile/sub"  # a path below a regular file
LONG_NAME = "n" * 300  # longer than a file name may be
PROC = "/proc/jwsim-hardening/out"  # a folder nobody can create, not even root
path_values = st.sampled_from([JUNK_FILE, AFILE, LONG_NAME, "/nonexistent/x.toml", "/tmp", "/dev/null"])
out_values = st.sampled_from([AFILE, UNDER_FILE, LONG_NAME, PROC])


@dataclass
class Command:
    """A subcommand: valid, cheap base arguments and the options to corrupt."""

    base: list[str]
    options: dict[str, Option] = field(default_factory=dict)


def _kpis() -> set[str]:
    from jwsim.model.results import KPIS

    return set(KPIS)


def _params() -> set[str]:
    from jwsim.model.params import REGISTRY

    return set(REGISTRY)


def _not_a_host(text: str) -> bool:
    return any(not (c.isascii() and (c.isalnum() or c in ".-:")) for c in text)


CHEAP = ["--reps=1", "--years=1", "--scale=100", "--workers=1"]
EXEC = {
    "--workers": int_option(1, 256),
    "--batch": int_option(1, 1000),
    "--out": Option(out_values),
    # Text without ':' never names a reachable scheduler (and fails fast, without a connection timeout).
    "--scheduler": Option(argv_text.filter(lambda t: ":" not in t), lambda t: not t.strip()),
}
RUNLIKE = {
    "--seed": int_option(0, 2**63 - 1),
    "--reps": int_option(1, 10_000),
    "--years": int_option(1, 30),
    "--scale": float_option(1, 100),
}
COMMANDS: dict[str, Command] = {
    "run": Command(
        ["run", "--scenario=opdracht-2026", *CHEAP, f"--out={OUT}"],
        {
            **RUNLIKE,
            "--workers": int_option(1, 256),
            "--scheduler": EXEC["--scheduler"],
            "--lang": choice_option("nl", "en"),
            "--scenario": Option(path_values | argv_text),
            "--out": Option(out_values),
        },
    ),
    "compare": Command(
        ["compare", "opdracht-2026", "meer-ib", *CHEAP, f"--out={OUT}", "--no-attribution"],
        {
            **RUNLIKE,
            "--workers": int_option(1, 256),
            "--scheduler": EXEC["--scheduler"],
            "--lang": choice_option("nl", "en"),
            "--posterior": int_option(1, 1000),
            "--out": Option(out_values),
        },
    ),
    "sweep": Command(
        ["sweep", "smoke", *CHEAP, f"--out={OUT}", "--no-progress"],
        {**RUNLIKE, **EXEC},
    ),
    "sensitivity": Command(
        ["sensitivity", "morris-screening", *CHEAP, f"--out={OUT}", "--no-progress"],
        {**RUNLIKE, **EXEC, "--kpi": name_option(set()), "--resamples": int_option(10, 100_000)},
    ),
    "optimize": Command(
        ["optimize", "--budget=4500000", "--evaluations=14", "--reps=3", *CHEAP[1:], f"--out={OUT}",
         "--no-progress"],
        {
            **EXEC,
            "--seed": int_option(0, 2**63 - 1),
            "--reps": int_option(3, 1000),
            "--max-reps": int_option(3, 10_000),
            "--confirm-reps": int_option(3, 10_000),
            "--years": int_option(1, 30),
            "--scale": float_option(1, 100),
            # Not a positive number, or below EUR 100,000 (far below what the hard rules need).
            "--budget": Option(_numbers_around(0, None), _float_ok(1e5, math.inf)),
            "--evaluations": int_option(14, 100_000),
            "--kpi": name_option(_kpis()),
            "--weight": Option(argv_text),
            "--scenario": Option(path_values | argv_text),
        },
    ),
    "plan-check": Command(
        [
            "plan-check",
            "opdracht-2026",
            "--reps=2",
            "--draws=0",
            "--years=1",
            "--scale=100",
            "--workers=1",
            f"--out={OUT}",
            "--no-progress",
        ],
        {
            **EXEC,
            "--seed": int_option(0, 2**63 - 1),
            "--reps": int_option(2, 10_000),
            "--draws": int_option(0, 10_000),
            "--draw-reps": int_option(1, 1000),
            "--years": int_option(1, 30),
            "--scale": float_option(1, 100),
            "--lang": choice_option("nl", "en"),
            "--uncertain": name_option(_params()),
            "--kpi": name_option(_kpis()),
            "--against": Option(path_values | argv_text),
            "--posterior": Option(path_values),
        },
    ),
    "calibrate": Command(
        ["calibrate", "--targets=@junk", f"--out={OUT}", "--workers=1"],
        {
            "--targets": Option(path_values),
            "--workers": int_option(1, 256),
            "--max-generations": int_option(1, 1000),
        },
    ),
    "validate": Command(
        ["validate", "--targets=@junk", "--reps=1", "--scale=100", "--workers=1"],
        {
            "--targets": Option(path_values),
            "--reps": int_option(1, 10_000),
            "--seed": int_option(0, 2**63 - 1),
            "--scale": float_option(1, 100),
            "--posterior": int_option(0, 1000),
            "--workers": int_option(1, 256),
            "--report": Option(st.sampled_from([AFILE, LONG_NAME])),
        },
    ),
    "app": Command(
        ["app", "--port=@port", "--assets-dir=@assets"],
        {
            "--port": int_option(0, 65535),
            # Texts with a character no host name or address has (a valid one would start the server).
            "--host": Option(argv_text.filter(_not_a_host) | st.sampled_from(["", " ", "999.1.1.1", "::g"])),
            "--assets-dir": Option(path_values | argv_text),
        },
    ),
    "scenarios": Command(["scenarios"], {"--lang": choice_option("nl", "en")}),
    "monitor design": Command(
        ["monitor", "design", "opdracht-2026", "--reps=2", "--years=1", "--scale=100", "--workers=1",
         f"--out={OUT}"],
        {
            **EXEC,
            "--seed": int_option(0, 2**63 - 1),
            "--reps": int_option(2, 10_000),
            "--years": int_option(1, 30),
            "--scale": float_option(1, 100),
            "--lang": choice_option("nl", "en"),
            "--reference": Option(path_values | argv_text),
            "--survey-n": int_option(10, 1_000_000),
        },
    ),
}
# calibrate/validate take the junk targets file as their one bad input unless another option is corrupted;
# with a corrupted other option, the targets are the packaged (valid) ones.
DEFAULT_TARGETS = {"calibrate", "validate"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _materialise(argv: list[str], folder: Path, junk: bytes) -> list[str]:
    """Create the files that placeholders name and put their paths in."""
    (folder / "afile").write_text("not a folder\n")
    (folder / "junk.bin").write_bytes(junk)
    assets = folder / "assets"
    assets.mkdir()
    (assets / ".complete").write_text("")
    swap = {
        "@junk": str(folder / "junk.bin"),
        "@afile": str(folder / "afile"),
        "@port": str(_free_port()),
        "@assets": str(assets),
    }
    out = []
    for arg in argv:
        for placeholder, real in swap.items():
            arg = arg.replace(placeholder, real)
        out.append(arg)
    return out


def _with(argv: list[str], option: str, value: str) -> list[str]:
    """Replace (or add) ``option=value``; the ``=`` form keeps values that start with '-' values."""
    kept = [a for a in argv if not a.startswith(option + "=")]
    return [*kept, f"{option}={value}"]


@pytest.mark.parametrize("command", sorted(COMMANDS))
@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), junk=st.binary(max_size=512))
def test_one_bad_argument_is_refused_before_anything_runs(command, data, junk):
    """One bad value: exit 2, one line, nothing written, no model built."""
    spec = COMMANDS[command]
    option = data.draw(st.sampled_from(sorted(spec.options)), label="option")
    value = data.draw(spec.options[option].bad, label="value")
    assume(not spec.options[option].valid(value))
    argv = _with(spec.base, option, value)
    if command in DEFAULT_TARGETS and option != "--targets":
        argv = [a for a in argv if not a.startswith("--targets=")]
    _assert_refused_in_a_fresh_folder(command, argv, junk)


def _assert_refused_in_a_fresh_folder(command: str, argv: list[str], junk: bytes = b"\x00junk") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        argv = _materialise(argv, folder, junk)
        before = tree(folder)
        import os

        cwd = os.getcwd()
        os.chdir(folder)
        try:
            with no_simulation(), no_app_server():
                outcome = run_cli(argv)
        except SimulationStarted as exc:
            pytest.fail(f"{argv}: {exc}")
        finally:
            os.chdir(cwd)
        assert_refused(outcome, command)
        assert tree(folder) == before, f"{argv} wrote {set(tree(folder)) - set(before)}"


# Regression cases found while hardening (each was a traceback or a wrong exit before its fix).
REGRESSIONS = {
    "scenario name too long": ["run", f"--scenario={LONG_NAME}.toml", *CHEAP],
    "design name too long": ["sweep", LONG_NAME * 20, *CHEAP],
    "out name too long": ["run", *CHEAP, f"--out={LONG_NAME}"],
    "out below a file": ["run", *CHEAP, f"--out={UNDER_FILE}"],
    "out where root cannot write": ["run", *CHEAP, f"--out={PROC}"],
    "experiment out where root cannot write": ["sweep", "smoke", *CHEAP, f"--out={PROC}"],
    "targets is a folder": ["calibrate", "--targets=/tmp", f"--out={OUT}", "--workers=1"],
    "targets name too long": ["validate", f"--targets={LONG_NAME * 20}", "--workers=1"],
    "port out of range": ["app", "--port=70000", "--assets-dir=@assets"],
    "negative port": ["app", "--port=-1", "--assets-dir=@assets"],
    "host with NUL": ["app", "--host=local\x00host", "--port=@port", "--assets-dir=@assets"],
    "empty host": ["app", "--host=", "--port=@port", "--assets-dir=@assets"],
    "assets dir of an unknown user": ["app", "--port=@port", "--assets-dir=~nobody-jwsim/x"],
    "newline in a scenario name": ["run", "--scenario=a\nb", *CHEAP],
    "huge resamples": ["sensitivity", "morris-screening", *CHEAP, "--resamples=" + "9" * 30],
}


@pytest.mark.parametrize("case", sorted(REGRESSIONS))
def test_regression_cases_are_refused(case):
    """Each case found during development: refused in one line, exit 2, nothing written."""
    argv = REGRESSIONS[case]
    _assert_refused_in_a_fresh_folder(argv[0], argv)


@example(value="~nobody-jwsim")
@settings(max_examples=examples(30), deadline=None)
@given(value=argv_text)
def test_assets_dir_from_the_environment_is_refused_in_one_line(value):
    """$JWSIM_ASSETS_DIR that names no filled folder: one line, exit 2, no server."""
    assume("\x00" not in value and value.strip())
    with tempfile.TemporaryDirectory() as tmp, no_app_server():
        folder = value if value.startswith("~") else str(Path(tmp) / value)  # never a filled folder
        try:
            outcome = run_cli(["app", f"--port={_free_port()}"], env={"JWSIM_ASSETS_DIR": folder})
        except SimulationStarted as exc:
            pytest.fail(str(exc))
    assert_refused(outcome, "app")


@example(value="notaurl", command=["run"])
@example(value="ucx://127.0.0.1", command=["sweep", "smoke"])  # a scheme Dask knows but cannot use here
@example(value="tcp://", command=["compare", "opdracht-2026", "meer-ib"])
@example(value="tcp://[::1", command=["sweep", "smoke"])
@example(value="inproc://nothing", command=["run"])
# found: a port out of range waited 10 s for a connection timeout
@example(value="tcp://127.0.0.1:99999", command=["sweep", "smoke"])
@example(value="tcp://[::1:8786", command=["compare", "opdracht-2026", "meer-ib"])
@settings(max_examples=examples(15), deadline=None)
@given(
    value=argv_text.filter(lambda t: ":" not in t and t.strip() and "\x00" not in t),
    command=st.sampled_from([["sweep", "smoke"], ["run"], ["compare", "opdracht-2026", "meer-ib"]]),
)
def test_scheduler_address_from_the_environment_is_refused_in_one_line(value, command):
    """$DASK_SCHEDULER_ADDRESS that is no scheduler: one line, exit 2, no results (sweep, run, compare)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        with no_simulation():
            outcome = run_cli([*command, *CHEAP, f"--out={out}"], env={"DASK_SCHEDULER_ADDRESS": value})
        assert not out.exists()
    assert_refused(outcome, command[0])
    assert "Dask scheduler" in outcome.err


@example(value="\u00b2")  # found while hardening: '²'.isdigit() is True, int('²') raised in the server
@example(value="0")
@example(value="99999")  # more workers than cores would oversubscribe them
@example(value="-1")
@settings(max_examples=examples(20), deadline=None)
@given(value=argv_text.filter(lambda t: t.strip() and "\x00" not in t))
def test_app_workers_from_the_environment(value):
    """$JWSIM_APP_WORKERS: refused in one line at start unless 1..cores; the server never goes past it."""
    import os

    from jwsim.experiments.executors import app_workers

    cores = len(os.sched_getaffinity(0))
    valid = value.strip().isascii() and value.strip().isdecimal() and 1 <= int(value.strip()) <= cores
    with tempfile.TemporaryDirectory() as tmp, no_app_server() as started:
        (Path(tmp) / ".complete").write_text("")
        try:
            outcome = run_cli(
                ["app", f"--port={_free_port()}", f"--assets-dir={tmp}"], env={"JWSIM_APP_WORKERS": value}
            )
        except SimulationStarted:
            outcome = None
    if valid:
        assert outcome is None and started  # the server would start
    else:
        assert_refused(outcome, "app")
        assert "JWSIM_APP_WORKERS" in outcome.err and not started
    with mock.patch.dict(os.environ, {"JWSIM_APP_WORKERS": value}):
        assert 1 <= app_workers() <= cores  # the server side never raises and never oversubscribes
