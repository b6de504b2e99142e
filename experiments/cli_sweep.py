"""``jwsim sweep DESIGN.toml``: run a design (factorial, Latin hypercube, Sobol) into a results folder.

Results stream to ``--out`` as Parquet while the sweep runs; ``--resume`` continues an interrupted sweep
without repeating or losing finished runs. ``--json`` ends with one line
``{"out": DIR, "rows": n, "failed": n, "seconds": x}``. The progress bar goes to stderr and only appears
when stderr is a terminal (``--no-progress`` turns it off there too).
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import BrokenExecutor
from pathlib import Path

from .cli_run import positive_int, scale_type
from .designs import Design, load_design
from .sweep import ExperimentSummary, run_experiment


def add_execution_options(p: argparse.ArgumentParser, out_help: str) -> None:
    """Options shared by the experiment commands (where and how runs execute, where results go)."""
    p.add_argument("--out", type=Path, default=None, help=out_help)
    p.add_argument(
        "--workers", type=positive_int(1, 256), default=None, help="local processes (default: all cores)"
    )
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="Dask scheduler, e.g. tcp://host:8786 (default: $DASK_SCHEDULER_ADDRESS, else local)",
    )
    p.add_argument(
        "--batch", type=positive_int(1, 1000), default=None, help="runs per task (default: automatic)"
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
    p.add_argument("--json", action="store_true", help="print one JSON line at the end")


def execution_options(args: argparse.Namespace, batch: int | None = None) -> dict:
    """Return the keyword arguments of ``run_experiment``/``ExperimentSession`` that the options above set.

    ``batch`` replaces ``--batch`` when given (a command's own default).
    """
    return {
        "workers": args.workers,
        "scheduler": args.scheduler,
        "resume": args.resume,
        "batch": args.batch if batch is None else batch,
        "progress": not args.no_progress,
        "log_progress": args.log_progress,
    }


def add_run_overrides(p: argparse.ArgumentParser) -> None:
    """Override the design's [run] settings."""
    p.add_argument("--reps", type=positive_int(1, 10_000), default=None, help="replicates per point")
    p.add_argument("--scale", type=scale_type, default=None, help="youths per agent (1 = full city)")
    p.add_argument("--years", type=positive_int(1, 30), default=None, help="simulated years")
    p.add_argument(
        "--seed", type=positive_int(0, 2**63 - 1), default=None, help="root seed of the replicates"
    )


def add_parser(sub) -> None:
    """Register ``jwsim sweep``."""
    p = sub.add_parser(
        "sweep",
        help="run an experimental design (factorial, Latin hypercube, Sobol)",
        description="Run every point of a design TOML file; results stream to Parquet.",
    )
    p.add_argument("design", help="design TOML file (or the name of a shipped design, e.g. smoke)")
    add_execution_options(p, "results folder (default results/sweep-<design name>)")
    add_run_overrides(p)
    p.set_defaults(func=main)


def load_with_overrides(args: argparse.Namespace) -> Design:
    """Return the design with the command line's run settings applied."""
    return load_design(args.design).with_run(args.reps, args.scale, args.years, args.seed)


def design_manifest(design: Design, command: str) -> dict:
    """Return the experiment part of a manifest."""
    return {
        "command": command,
        "name": design.name,
        "description": design.description,
        "experiment_id": design.experiment_id(),
        "design": design.spec(),
        "design_source": design.source,
        "scenario_files": {s.name: s.source for s in design.scenarios},
    }


def execute_design(design: Design, args: argparse.Namespace, command: str, out: Path) -> ExperimentSummary:
    """Validate all runs (nothing is written on a bad design), then run them into ``out``."""
    runs = design.runs()
    manifest = design_manifest(design, command)
    manifest["points"] = len({r.point for r in runs})
    # Toy functions take microseconds: big batches keep the per-part overhead (one Parquet file) small.
    batch = args.batch or (None if design.evaluator == "jwsim" else 512)
    return run_experiment(runs, out, manifest, **execution_options(args, batch), design_text=design.text)


def guarded(command: str, out: Path, fn):
    """Run ``fn``; a dead worker or Ctrl-C ends with one line saying the finished runs are kept."""
    try:
        return fn()
    except BrokenExecutor as exc:
        sys.stderr.write(
            f"jwsim {command}: error: a worker process died ({type(exc).__name__}); finished runs "
            f"are saved in {out}; continue with --resume\n"
        )
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        sys.stderr.write(
            f"jwsim {command}: interrupted; finished runs are saved in {out}; continue with --resume\n"
        )
        raise SystemExit(130) from None
    except OSError as exc:  # e.g. the disk is full: every part on disk is complete (atomic writes)
        sys.stderr.write(
            f"jwsim {command}: error: cannot write results ({exc.strerror or type(exc).__name__}); finished "
            f"runs are saved in {out}; make room and continue with --resume\n"
        )
        raise SystemExit(1) from None


def main(args: argparse.Namespace) -> int:
    """Run the sweep."""
    design = load_with_overrides(args)
    out = args.out or Path("results") / f"sweep-{design.name}"
    summary = guarded("sweep", out, lambda: execute_design(design, args, "jwsim sweep", out))
    if args.json:
        sys.stdout.write(json.dumps(summary.as_json()) + "\n")
    else:
        print(
            f"{design.name}: {summary.rows} rows in {out} ({summary.ran} run now, {summary.skipped} already "
            f"done, {summary.failed} failed, {summary.seconds:.1f} s)"
        )
    return 1 if summary.failed else 0
