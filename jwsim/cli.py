"""The ``jwsim`` command line: one entry point, a subcommand per module.

Every subcommand module exposes ``add_parser(subparsers)`` and ``main(args) -> int``. Errors meant for
users (bad scenario files, parameters, arguments, data) are printed as one line on stderr with exit
code 2 — never a traceback — and a command validates all input before it writes anything.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from jwsim import __version__
from jwsim.messages import one_line

# name -> "module" (with add_parser) or "module:function"; imported when the parser is built.
COMMANDS: dict[str, str] = {
    "run": "jwsim.experiments.cli_run",
    "scenarios": "jwsim.experiments.cli_scenarios",
    "app": "jwsim.viz.server:add_app_parser",
    "calibrate": "jwsim.calibration.cli",
    "validate": "jwsim.calibration.cli_validate",
    "sweep": "jwsim.experiments.cli_sweep",
    "sensitivity": "jwsim.experiments.cli_sensitivity",
    "optimize": "jwsim.experiments.cli_optimize",
    "plan-check": "jwsim.experiments.cli_plan_check",
    "compare": "jwsim.experiments.cli_compare",
    "monitor": "jwsim.monitor.cli",
}


class CLIError(Exception):
    """A user error found by the CLI itself (bad argument combination, unwritable output folder)."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, but usage errors are one line on stderr with exit code 2."""

    def error(self, message: str) -> None:  # noqa: D102
        sys.stderr.write(f"{self.prog}: error: {one_line(message)}\n")
        raise SystemExit(2)


def user_errors() -> tuple[type[BaseException], ...]:
    """Return the exception types that are the user's input problems, not bugs."""
    from jwsim.data import DataError
    from jwsim.model.allocation import AllocationError
    from jwsim.model.model import ModelInputError
    from jwsim.model.params import ParameterError
    from jwsim.model.scenario import ScenarioError

    extra = []
    for mod, name in (("jwsim.experiments.errors", "ExperimentError"),
                      ("jwsim.monitor.observed", "ObservationError"),
                      ("jwsim.calibration.targets", "CalibrationError")):
        try:
            extra.append(getattr(importlib.import_module(mod), name))
        except (ImportError, AttributeError):
            pass
    return (CLIError, DataError, AllocationError, ModelInputError, ParameterError, ScenarioError, *extra)


def build_parser() -> argparse.ArgumentParser:
    """Build the parser with every available subcommand."""
    parser = OneLineParser(prog="jwsim", description="Simulatie van jongerenwerk in Nijmegen / "
                           "simulation of youth work in Nijmegen")
    parser.add_argument("--version", action="version", version=f"jwsim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    for module in COMMANDS.values():
        module_name, _, func = module.partition(":")
        try:
            mod = importlib.import_module(module_name)
        except ImportError:
            continue  # optional parts (e.g. the app without its extra) simply do not appear
        getattr(mod, func or "add_parser")(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    errors = user_errors()
    try:
        return int(args.func(args) or 0)
    except errors as exc:
        msg = one_line(str(exc)) or type(exc).__name__
        sys.stderr.write(f"jwsim {args.command}: error: {msg}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write(f"jwsim {args.command}: interrupted\n")
        return 130
    except OSError as exc:  # the machine, not the input: a full disk, a folder that vanished
        where = f": {exc.filename}" if exc.filename else ""
        sys.stderr.write(f"jwsim {args.command}: error: {one_line(f'{exc.strerror or exc}{where}')}\n")
        return 1
