"""What the ``jwsim`` commands share: argument types, option groups and the manifest of a results folder.

* Argument types turn text into a checked value, or into argparse's one-line error (exit code 2).
* Option groups give every command that has an option the same name, range, default rule and help:
  where runs execute (``--workers``, ``--scheduler`` and, for resumable experiments, ``--batch``,
  ``--resume``, ``--no-progress``, ``--log-progress``), the run settings (``--seed``, ``--reps``,
  ``--years``, ``--scale``), ``--evidence``, ``--out``, ``--json`` and ``--lang``.
* :func:`manifest` and :func:`write_manifest` record what was run and with what (``provenance``): every
  command that writes results leaves a ``manifest.json`` with the same provenance fields.

``$DASK_SCHEDULER_ADDRESS`` is read here, by the command line only: the Python API runs where it is told.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

DEFAULT_SEED = 20260101
MAX_SEED = 2**63 - 1
MAX_WORKERS = 256
MAX_YEARS = 30
MAX_SCALE = 100.0


# ------------------------------------------------------------------------------------------- argument types
def whole_number(lo: int, hi: int) -> Callable[[str], int]:
    """Make an argparse type that parses a whole number in ``lo..hi``."""

    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if not lo <= v <= hi:
            raise argparse.ArgumentTypeError(f"{v} is outside {lo}..{hi}")
        return v

    return parse


def scale_type(text: str) -> float:
    """Parse youths per agent, 1..100 (an argparse type)."""
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not math.isfinite(v) or not 1 <= v <= MAX_SCALE:
        raise argparse.ArgumentTypeError(f"{text} is outside 1..100")
    return v


# -------------------------------------------------------------------------------------------- option groups
def add_workers_option(p: argparse.ArgumentParser, default: int | None = None) -> None:
    """``--workers``: local processes (default: one per core, or ``default``)."""
    shown = "one per core" if default is None else str(default)
    p.add_argument(
        "--workers", type=whole_number(1, MAX_WORKERS), default=default, help=f"processes (default {shown})"
    )


def add_execution_options(p: argparse.ArgumentParser, experiment: bool = False) -> None:
    """Where runs execute: ``--workers``, ``--scheduler``; an ``experiment`` (resumable) adds the rest.

    The rest: ``--batch``, ``--resume``, ``--no-progress``, ``--log-progress``.
    """
    add_workers_option(p)
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="Dask scheduler, e.g. tcp://host:8786 (default: $DASK_SCHEDULER_ADDRESS, else local processes)",
    )
    if not experiment:
        return
    p.add_argument(
        "--batch", type=whole_number(1, 1000), default=None, help="runs per task (default: automatic)"
    )
    p.add_argument("--resume", action="store_true", help="continue the experiment already in --out")
    p.add_argument(
        "--no-progress", action="store_true", help="no progress bar (it only shows on a terminal anyway)"
    )
    p.add_argument(
        "--log-progress",
        action="store_true",
        help="print one line per finished batch on stderr (for batch jobs and logs)",
    )


def backend_options(args: argparse.Namespace) -> dict[str, Any]:
    """Return ``workers`` and ``scheduler`` (``--scheduler``, else ``$DASK_SCHEDULER_ADDRESS``, checked).

    Raises:
        ExperimentError: a scheduler address that is not one (before anything runs or is written).

    """
    from .executors import scheduler_address  # noqa: PLC0415

    return {"workers": args.workers, "scheduler": scheduler_address(args.scheduler)}


def execution_options(args: argparse.Namespace, batch: int | None = None) -> dict[str, Any]:
    """Return the keyword arguments of ``run_experiment``/``ExperimentSession`` that the options set.

    ``batch`` replaces ``--batch`` when given (a command's own default).
    """
    return {
        **backend_options(args),
        "resume": args.resume,
        "batch": args.batch if batch is None else batch,
        "progress": not args.no_progress,
        "log_progress": args.log_progress,
    }


def add_run_settings(
    p: argparse.ArgumentParser,
    reps: int | None = 10,
    years: int | None = 5,
    scale: float | None = 1.0,
    seed: int | None = DEFAULT_SEED,
    reps_range: tuple[int, int] = (1, 10_000),
    reps_help: str = "replicates",
    options: tuple[str, ...] = ("seed", "reps", "years", "scale"),
) -> None:
    """``--seed``, ``--reps``, ``--years``, ``--scale`` (those in ``options``).

    A default of None means "as the design file says" (the commands that run a design).
    """

    def shown(value: Any, text: str = "") -> str:
        if value is None:
            return "default: as the design says"
        return f"default {value:g}{text}" if isinstance(value, float) else f"default {value}{text}"

    settings: dict[str, dict[str, Any]] = {
        "seed": dict(type=whole_number(0, MAX_SEED), default=seed, help=f"root seed ({shown(seed)})"),
        "reps": dict(type=whole_number(*reps_range), default=reps, help=f"{reps_help} ({shown(reps)})"),
        "years": dict(
            type=whole_number(1, MAX_YEARS), default=years, help=f"simulated years from 2026 ({shown(years)})"
        ),
        "scale": dict(
            type=scale_type,
            default=scale,
            help=f"youths per agent ({shown(scale, ': the full city' if scale == 1 else '')})",
        ),
    }
    for name in options:
        p.add_argument(f"--{name}", **settings[name])


def add_output_option(p: argparse.ArgumentParser, help_text: str, default: Path | None = None) -> None:
    """``--out``: the results folder."""
    p.add_argument("--out", type=Path, default=default, help=help_text)


def add_evidence_option(p: argparse.ArgumentParser, allow_all: bool = True) -> None:
    """``--evidence pessimistic|central|optimistic[|all]``: the evidence regime of the effect parameters."""
    from jwsim.model.params import REGIMES  # noqa: PLC0415

    choices = (*REGIMES, "all") if allow_all else REGIMES
    p.add_argument(
        "--evidence", choices=choices, default="central",
        help="evidence regime of the effect parameters (graded A-D; docs/parameters.md): every effect of "
        "youth work, care and signals at its pessimistic, central or optimistic value"
        + (", or all three side by side" if allow_all else "") + " (default central)",
    )


def regimes(args: argparse.Namespace) -> tuple[str, ...]:
    """Return the evidence regimes ``--evidence`` asks for (all three for ``all``)."""
    from jwsim.model.params import REGIMES  # noqa: PLC0415

    return REGIMES if args.evidence == "all" else (args.evidence,)


def add_json_option(p: argparse.ArgumentParser, help_text: str = "print one JSON document on stdout") -> None:
    """``--json``: machine-readable output on stdout."""
    p.add_argument("--json", action="store_true", help=help_text)


def add_lang_option(p: argparse.ArgumentParser, what: str = "table") -> None:
    """``--lang nl|en`` (Dutch by default)."""
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help=f"{what} language (default nl)")


# ------------------------------------------------------------------------------------------------- scale
SCALE_WARNING = {
    "en": (
        "warning: --scale {scale:g}: one simulated youth stands for {scale:g} real ones, which shifts levels "
        "(measured: docs/researcher-guide.md, 'Scale'); use --scale 1 for figures you publish"
    ),
    "nl": (
        "waarschuwing: --scale {scale:g}: één gesimuleerde jongere staat voor {scale:g} echte, en dat "
        "verschuift niveaus (gemeten: docs/researcher-guide.md, 'Scale'); gebruik --scale 1 voor cijfers die "
        "u publiceert"
    ),
}


def scale_warning(scale: float, lang: str = "en") -> str | None:
    """Return the warning for a reduced scale (``scale > 1``) in ``lang``, or None at the full city."""
    return SCALE_WARNING["nl" if lang == "nl" else "en"].format(scale=scale) if scale > 1 else None


def scale_notice(scale: float, lang: str = "en") -> dict[str, Any]:
    """Return the fields a manifest and a ``--json`` document record: ``scale`` and ``scale_warning``.

    The warning is printed (:func:`print_scale_warning`) only once every input has been checked and the runs
    start: a command refused for bad input prints its one error line and nothing else.
    """
    return {"scale": float(scale), "scale_warning": scale_warning(scale, lang)}


def print_scale_warning(command: str, text: str | None) -> None:
    """Print the scale warning: one line on stderr, nothing at the full city (``command``: ``jwsim run``)."""
    if text:
        sys.stderr.write(f"{command}: {text}\n")
        sys.stderr.flush()


# ----------------------------------------------------------------------------------------------- manifest
def manifest(command: str, scenarios: Iterable[Any] = (), /, **fields: Any) -> dict[str, Any]:
    """Return the head of a manifest: command, argument list, ``fields``, registry version, scenario hashes.

    Args:
        command: e.g. ``"jwsim run"``.
        scenarios: the scenarios used (their files are hashed; the burn-in scenario is added).
        **fields: what the command adds (seed, replicates, settings, files ...).

    """
    from jwsim.model.params import REGISTRY_VERSION  # noqa: PLC0415

    from .provenance import scenario_hashes  # noqa: PLC0415

    return {
        "command": command,
        "argv": sys.argv[1:],
        **fields,
        "registry_version": REGISTRY_VERSION,
        "scenario_sha256": scenario_hashes((s.name, s.source) for s in scenarios),
    }


def write_manifest(out: Path, doc: dict[str, Any]) -> None:
    """Write ``out/manifest.json`` (atomically): ``doc`` plus the provenance of this process.

    The provenance: git commit and dirty flag, package versions, SHA-256 of the input data files.
    """
    from .output import atomic_write_text, to_json  # noqa: PLC0415
    from .provenance import environment  # noqa: PLC0415

    atomic_write_text(out / "manifest.json", to_json({**doc, **environment()}))
