"""``jwsim sensitivity DESIGN.toml``: Morris screening or Sobol indices (SALib) for chosen KPIs.

The design's ``method`` picks the analysis: ``morris`` (elementary effects, μ* with a bootstrap 95%
interval) or ``saltelli`` (Sobol first- and total-order indices with bootstrap 95% intervals). The runs go
through the same runner and storage as ``jwsim sweep`` (streamed, resumable with ``--resume``); the table
and plots are written next to them. ``--json`` prints one line with the summary and the indices.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from jwsim.model.results import KPIS

from . import cli_common
from .cli_sweep import add_experiment_options, execute_design, guarded, load_with_overrides
from .designs import Design
from .errors import ExperimentError
from .replicates import MIN_REPLICATES
from .sensitivity import NOISE_REPS, analyse, noise_runs, write_report
from .storage import load_table


def add_parser(sub) -> None:
    """Register ``jwsim sensitivity``."""
    p = sub.add_parser(
        "sensitivity",
        help="Morris screening or Sobol indices (SALib) with confidence intervals",
        description="Run a Morris or Saltelli design and report sensitivity indices with 95% CIs.",
    )
    p.add_argument("design", help='design TOML with method = "morris" or "saltelli"')
    p.add_argument(
        "--kpi",
        action="append",
        default=None,
        metavar="KPI",
        help="KPI to analyse (repeatable; default: the design's kpis)",
    )
    p.add_argument(
        "--resamples", type=int, default=1000, help="bootstrap resamples for the intervals (default 1000)"
    )
    p.add_argument(
        "--noise-reps",
        type=_noise_reps,
        default=NOISE_REPS,
        help=f"runs at the centre of the ranges for the noise floor (default {NOISE_REPS}; 0: none)",
    )
    cli_common.add_lang_option(p, "labels of tables and plots")
    add_experiment_options(p, "results folder (default results/sensitivity-<design name>)")
    cli_common.add_evidence_option(p, allow_all=False)
    # Indices are per regime: one analysis per --evidence (a design cannot have the regime as a factor).
    p.set_defaults(func=main, evidence=None)


def _noise_reps(text: str) -> int:
    """Parse ``--noise-reps``: 0 (no noise runs) or a whole number of at least 3 (an argparse type)."""
    value = cli_common.whole_number(0, 10_000)(text)
    if 0 < value < MIN_REPLICATES:
        raise argparse.ArgumentTypeError(
            f"{value}: give 0 or at least {MIN_REPLICATES} (fewer give no interval)"
        )
    return value


def _check(design: Design, kpis: list[str] | None, resamples: int) -> tuple[str, ...]:
    if design.method not in ("morris", "saltelli"):
        raise ExperimentError(
            f'{design.source}: method: jwsim sensitivity needs "morris" or "saltelli", '
            f"not {design.method!r} (use jwsim sweep for other designs)"
        )
    if len(design.scenarios) > 1 and not design.difference:
        raise ExperimentError(f"{design.source}: scenarios: give one scenario (indices are per scenario), or "
                              "two with difference = true")
    if not 10 <= resamples <= 100_000:
        raise ExperimentError(f"--resamples {resamples}: must be 10..100000")
    allowed = ("y",) if design.evaluator != "jwsim" else KPIS
    for k in kpis or ():
        if k not in allowed:
            raise ExperimentError(f"--kpi {k}: unknown KPI")
    return tuple(kpis) if kpis else design.kpis


def main(args: argparse.Namespace) -> int:
    """Run the design and analyse it."""
    design = load_with_overrides(args)
    kpis = _check(design, args.kpi, args.resamples)
    out = args.out or Path("results") / f"sensitivity-{design.name}"
    extra = noise_runs(design, args.noise_reps)
    summary = guarded(
        "sensitivity", out, lambda: execute_design(design, args, "jwsim sensitivity", out, extra)
    )
    table = analyse(design, load_table(out), kpis, args.resamples)
    files = write_report(out, design, table, args.lang)
    if args.json:
        doc = summary.as_json() | {"files": files, "indices": table.to_dict(orient="records")}
        sys.stdout.write(json.dumps(doc) + "\n")
    else:
        cols = ["kpi", "factor"] + (
            [
                "mu_star",
                "mu_star_conf",
                "mu_star_norm",
                "sigma",
                "sigma_lo",
                "sigma_hi",
                "noise_floor",
                "vs_noise",
            ]
            if design.method == "morris"
            else ["S1", "S1_conf", "ST", "ST_conf", "noise_share"]
        )
        print(table[cols].to_string(index=False, float_format=lambda v: f"{v:.4g}"))
        print(
            "95% intervals (bootstrap); mu_star_norm = mu* / sd of the point outputs; the noise floor is the "
            f"mu* a change of seed alone gives. Tables: sensitivity.md, sensitivity.tex. Results in {out}"
        )
    return 0
