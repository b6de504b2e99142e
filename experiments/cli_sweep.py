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
from collections.abc import Sequence
from concurrent.futures import BrokenExecutor
from pathlib import Path

from . import cli_common
from .designs import Design, load_design
from .runner import SweepRun
from .sweep import ExperimentSummary, run_experiment


def add_parser(sub) -> None:
    """Register ``jwsim sweep``."""
    p = sub.add_parser(
        "sweep",
        help="run an experimental design (factorial, Latin hypercube, Sobol)",
        description="Run every point of a design TOML file; results stream to Parquet.",
    )
    p.add_argument("design", help="design TOML file (or the name of a shipped design, e.g. smoke)")
    p.add_argument(
        "--posterior",
        nargs="?",
        const="posterior",
        default=None,
        metavar="FILE",
        help="parameter uncertainty: each run draws its parameters from a posterior ensemble, chosen by its "
        "replicate seed (no FILE: the shipped calibration/posterior.json; overrides the design's posterior)",
    )
    add_experiment_options(p, "results folder (default results/sweep-<design name>)")
    cli_common.add_evidence_option(p, allow_all=False)
    # Not given: the design's regime (central, or its [factors.evidence]); given with that factor: an error.
    p.set_defaults(func=main, evidence=None)


def load_with_overrides(args: argparse.Namespace) -> Design:
    """Return the design with the command line's run settings (and ``--posterior``) applied."""
    design = load_design(args.design).with_run(args.reps, args.scale, args.years, args.seed)
    design = design.with_evidence(getattr(args, "evidence", None))
    return design.with_posterior(getattr(args, "posterior", None))


def add_experiment_options(p: argparse.ArgumentParser, out_help: str) -> None:
    """Options of the commands that run a design: execution, ``--out``, ``--json`` and the run settings."""
    cli_common.add_execution_options(p, experiment=True)
    cli_common.add_output_option(p, out_help)
    cli_common.add_json_option(p, "print one JSON line at the end")
    cli_common.add_run_settings(
        p, reps=None, years=None, scale=None, seed=None, reps_help="replicates per point"
    )


def design_manifest(design: Design, command: str) -> dict:
    """Return the experiment part of a manifest (with the scale warning the session prints at the start)."""
    model = design.evaluator == "jwsim"  # toy functions have no scale
    notice = cli_common.scale_notice(design.scale) if model else {}
    return cli_common.manifest(
        command,
        design.scenarios,
        name=design.name,
        description=design.description,
        experiment_id=design.experiment_id(),
        design=design.spec(),
        design_source=design.source,
        scenario_files={s.name: s.source for s in design.scenarios},
        **notice,
    )


def execute_design(
    design: Design, args: argparse.Namespace, command: str, out: Path, extra: Sequence[SweepRun] = ()
) -> ExperimentSummary:
    """Validate all runs (nothing is written on a bad design), then run them, and ``extra``, into ``out``."""
    runs = [*design.runs(), *extra]
    manifest = design_manifest(design, command)
    manifest["points"] = len({r.point for r in runs})
    # Toy functions take microseconds: big batches keep the per-part overhead (one Parquet file) small.
    batch = args.batch or (None if design.evaluator == "jwsim" else 512)
    options = cli_common.execution_options(args, batch)
    return run_experiment(runs, out, manifest, **options, design_text=design.text)


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
        warning = cli_common.scale_warning(design.scale) if design.evaluator == "jwsim" else None
        sys.stdout.write(json.dumps(summary.as_json() | {"scale_warning": warning}) + "\n")
    else:
        print(
            f"{design.name}: {summary.rows} rows in {out} ({summary.ran} run now, {summary.skipped} already "
            f"done, {summary.failed} failed, {summary.seconds:.1f} s)"
        )
    return 1 if summary.failed else 0
