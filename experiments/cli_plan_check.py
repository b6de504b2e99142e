"""``jwsim plan-check PLAN.toml [--against A B ...]``: the annual-plan report.

The plan's KPIs with 95% intervals, paired differences against each alternative, and the probability that
the plan beats each alternative when the uncertain parameters move (the calibration posterior when shipped,
else the registry ranges). Writes ``report.md``, ``report.html`` (self-contained, figures embedded),
``differences.png``, ``robustness.png``, ``plan-check.json`` and the runs (Parquet, resumable) to ``--out``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from jwsim import __version__
from jwsim.model.params import REGISTRY_VERSION
from jwsim.model.results import KPIS
from jwsim.model.scenario import load_scenario

from . import cli_common, plan_report
from .cli_sweep import guarded
from .errors import ExperimentError
from .plan_check import PLAN_KPIS, PlanCheck, analyse, evidence_differences, uncertain_parameters
from .provenance import git_commit
from .storage import load_table, now_utc
from .sweep import ExperimentSummary, run_experiment


def add_parser(sub) -> None:
    """Register ``jwsim plan-check``."""
    p = sub.add_parser(
        "plan-check",
        help="annual-plan report: KPIs, differences, robustness of the ranking",
        description="Check a plan against alternatives, with parameter uncertainty.",
    )
    p.add_argument("plan", help="the plan: a scenario TOML file or a named scenario")
    p.add_argument(
        "--against",
        nargs="+",
        default=None,
        metavar="SCENARIO",
        help="alternatives (names or TOML files; default huidig-2025)",
    )
    cli_common.add_run_settings(p, reps_range=(2, 10_000), reps_help="replicates at the registry values")
    p.add_argument(
        "--draws",
        type=cli_common.whole_number(0, 10_000),
        default=20,
        help="parameter draws for robustness (20)",
    )
    p.add_argument(
        "--draw-reps", type=cli_common.whole_number(1, 1000), default=1, help="replicates per draw (1)"
    )
    p.add_argument(
        "--posterior", type=Path, default=None, help="posterior ensemble file (default: the shipped one)"
    )
    p.add_argument(
        "--ranges",
        action="store_true",
        help="draw from the registry ranges even when a calibration posterior is shipped",
    )
    p.add_argument(
        "--uncertain",
        nargs="+",
        default=None,
        metavar="PARAM",
        help="parameters that move over their registry ranges (implies --ranges; default: every ranged "
        "parameter except costs)",
    )
    p.add_argument(
        "--kpi", nargs="+", default=None, metavar="KPI", help="KPIs in the report (default: the main ones)"
    )
    cli_common.add_lang_option(p, "report")
    cli_common.add_evidence_option(p)
    cli_common.add_execution_options(p, experiment=True)
    cli_common.add_output_option(p, "report folder (default results/plan-check-<plan>)")
    cli_common.add_json_option(p, "print one JSON line at the end")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    """Run the check and write the report."""
    regimes = cli_common.regimes(args)
    shown = "central" if args.evidence == "all" else args.evidence
    plan = load_scenario(args.plan).under(shown)
    against = args.against or (["huidig-2025"] if plan.name != "huidig-2025" else ["opdracht-2026"])
    alternatives = tuple(load_scenario(a).under(shown) for a in against)
    kpis = tuple(args.kpi) if args.kpi else PLAN_KPIS
    ranges = args.ranges or bool(args.uncertain)
    if ranges and args.posterior is not None:
        raise ExperimentError("--posterior cannot be combined with --ranges or --uncertain")
    if args.posterior is not None and args.draws == 0:  # the file would never be read, nor checked
        raise ExperimentError(f"--posterior {args.posterior}: needs --draws of 1 or more")
    for k in kpis:
        if k not in KPIS:
            raise ExperimentError(f"--kpi {k}: unknown KPI")
    check = PlanCheck(
        plan,
        alternatives,
        args.reps,
        args.draws,
        args.draw_reps,
        args.scale,
        args.years,
        args.seed,
        uncertain_parameters(args.uncertain),
        args.posterior,
        use_posterior=not ranges,
    )
    out = args.out or Path("results") / f"plan-check-{plan.name}"
    notice = cli_common.scale_notice(args.scale, args.lang)
    doc, summary = _run_check(check, out, f"plan-check-{plan.name}", kpis, args)
    if len(regimes) > 1:
        per_regime = {}
        for regime in regimes:
            if regime == shown:
                per_regime[regime] = doc
                continue
            per_regime[regime], sub = _under_regime(args, regime, against, kpis, out)
            summary.rows += sub.rows
            summary.failed += sub.failed
        doc["evidence"] = evidence_differences(per_regime, shown)
    meta = {
        "description": plan.description if args.lang == "nl" else plan.description_en,
        "made": now_utc(),
        "reps": args.reps,
        "scale": args.scale,
        "scale_warning": notice["scale_warning"],
        "years": args.years,
        "seed": args.seed,
        "version": __version__,
        "registry_version": REGISTRY_VERSION,
        "evidence": shown,
        "git_commit": git_commit(),
    }
    files = plan_report.write(out, doc, meta, args.lang)
    if args.json:
        sys.stdout.write(
            json.dumps(summary.as_json() | {"files": files, "robustness": doc["robustness"], **notice}
                       | ({"evidence": doc["evidence"]} if "evidence" in doc else {})) + "\n"
        )
    else:
        print(
            f"Report: {out / 'report.md'} and {out / 'report.html'} "
            f"({summary.rows} runs, {summary.failed} failed)"
        )
    return 1 if summary.failed else 0


def _under_regime(args: argparse.Namespace, regime: str, against: list[str], kpis: tuple[str, ...],
                  out: Path) -> tuple[dict, ExperimentSummary]:
    """Run the plan and the alternatives at the registry values under another evidence regime.

    The same replicates and seeds as the main check, without parameter draws, in ``OUT/evidence-<regime>``
    (its own resumable experiment). Returns the check's document and the experiment's summary.
    """
    check = PlanCheck(
        load_scenario(args.plan).under(regime),
        tuple(load_scenario(a).under(regime) for a in against),
        args.reps, 0, 1, args.scale, args.years, args.seed, (), None, use_posterior=False,
    )
    return _run_check(check, out / f"evidence-{regime}", f"plan-check-{check.plan.name}-{regime}", kpis, args)


def _run_check(check: PlanCheck, folder: Path, name: str, kpis: tuple[str, ...],
               args: argparse.Namespace) -> tuple[dict, ExperimentSummary]:
    """Run (or resume) a check's runs as an experiment in ``folder``; return its document and summary."""
    spec = check.spec()
    head = cli_common.manifest(
        "jwsim plan-check",
        check.scenarios,
        name=name,
        experiment_id=hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:16],
        plan_check=spec,
        scenario_files={s.name: s.source for s in check.scenarios},
        **cli_common.scale_notice(args.scale, args.lang),
    )
    runs = check.runs()
    options = cli_common.execution_options(args)
    summary = guarded("plan-check", folder, lambda: run_experiment(runs, folder, head, **options))
    return analyse(check, load_table(folder), kpis), summary
