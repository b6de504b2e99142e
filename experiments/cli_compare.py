"""``jwsim compare A B [C ...]``: paired replicates of scenarios, differences against A, attribution, figures.

All input (scenario names and files, options, the output folder) is validated before the first run, and
files are only written after every run has finished (each one atomically), so a bad input or an
interrupted comparison leaves nothing behind.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from jwsim.model.results import KPIS

from . import cli_common
from .compare import PAIRING_KPIS, WIJK_OUTCOMES, Comparison, load_scenarios, run_comparison
from .compare_report import evidence_section, summarise, text_report
from .output import atomic_write_bytes, atomic_write_text, check_output_dir, to_json, write_csv


def add_parser(sub) -> None:
    """Register ``jwsim compare``."""
    p = sub.add_parser(
        "compare",
        help="compare scenarios with paired replicates",
        description="Compare scenarios with paired replicates (common random numbers): each scenario's KPIs, "
        "differences against the first scenario with paired 95% intervals, attribution against "
        "geen-jongerenwerk, budget against Tabel 1, and figures.",
    )
    p.add_argument(
        "scenarios",
        nargs="+",
        metavar="SCENARIO",
        help="scenario names or TOML files; the first is the reference (at least two)",
    )
    cli_common.add_run_settings(p, reps=20, reps_help="replicates per scenario")
    cli_common.add_execution_options(p)
    cli_common.add_json_option(p)
    cli_common.add_output_option(p, "folder for results, figures and manifest")
    cli_common.add_lang_option(p, "report and figure")
    cli_common.add_evidence_option(p)
    p.add_argument(
        "--posterior",
        type=cli_common.whole_number(1, 1000),
        default=0,
        metavar="K",
        help="run --reps replicates under each of K posterior parameter draws (calibration/posterior.json): "
        "intervals include parameter uncertainty",
    )
    p.add_argument(
        "--no-attribution",
        action="store_true",
        help="do not run geen-jongerenwerk for attribution when it is not listed",
    )
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    """Validate, run, report, write."""
    from jwsim.cli import CLIError

    if len(args.scenarios) < 2:
        raise CLIError("compare needs at least two scenarios (the first is the reference)")
    load_scenarios(args.scenarios)  # every file validated before any run or folder
    where = cli_common.backend_options(args)  # and the scheduler address
    if args.out is not None:
        check_output_dir(args.out)
    notice = cli_common.scale_notice(args.scale, args.lang)
    t0 = time.perf_counter()
    regimes = cli_common.regimes(args)
    started = []

    def on_start() -> None:
        if not started:  # the warning once, before the first run of the first regime
            started.append(True)
            cli_common.print_scale_warning("jwsim compare", notice["scale_warning"])

    comps = {
        regime: run_comparison(
            args.scenarios,
            args.reps,
            args.seed,
            args.scale,
            args.years,
            attribution=not args.no_attribution,
            posterior=args.posterior,
            on_start=on_start,
            regime=regime,
            **where,
        )
        for regime in regimes
    }
    seconds = time.perf_counter() - t0
    comp = comps.get("central", comps[regimes[0]])
    doc = summarise(comp)
    doc["evidence"] = {"regimes": list(regimes), "shown": "central" if "central" in comps else regimes[0]}
    if len(regimes) > 1:
        doc["evidence"]["differences"] = evidence_section({r: summarise(c) for r, c in comps.items()})
    doc["seconds"] = round(seconds, 3)
    doc["scale_warning"] = notice["scale_warning"]
    if args.out is not None:
        write_outputs(args.out, comp, doc, args)
    if args.json:
        sys.stdout.write(to_json(doc) + "\n")
    else:
        print(text_report(doc, args.lang, seconds))
        if args.out is not None:
            print(
                ("\nResultaten en figuren in " if args.lang == "nl" else "\nResults and figures in ")
                + str(args.out)
            )
    return 0


def write_outputs(out: Path, comp: Comparison, doc: dict, args: argparse.Namespace) -> None:
    """comparison.json, CSV tables, figures and manifest.json (every file atomic)."""
    from .compare_figures import difference_map_png, timeseries_png  # matplotlib only when writing

    out.mkdir(parents=True, exist_ok=True)
    files = [
        "comparison.json",
        "kpis_by_replicate.csv",
        "differences.csv",
        "per_wijk_differences.csv",
        "per_school_differences.csv",
        "budget.csv",
        "timeseries.png",
    ]
    rows = []
    for name, results in comp.results.items():
        for r in results:
            for i, year in enumerate(r.years):
                rows.append(
                    {
                        "scenario": name,
                        "replicate": r.meta["replicate"],
                        "year": year,
                        **{k: float(r.kpis[k][i]) for k in KPIS},
                    }
                )
    write_csv(out / "kpis_by_replicate.csv", rows)
    drows = [
        {
            "scenario": n,
            "reference": doc["reference"],
            "kpi": k,
            "mean": d["mean"],
            "lo": d["lo"],
            "hi": d["hi"],
            "unpaired_lo": d["unpaired"]["lo"],
            "unpaired_hi": d["unpaired"]["hi"],
            "width_ratio": d["width_ratio"],
            "pairing_kpi": k in PAIRING_KPIS,
        }
        for n, diffs in doc["differences"].items()
        for k, d in diffs.items()
    ]
    write_csv(
        out / "differences.csv",
        drows,
        [
            "scenario",
            "reference",
            "kpi",
            "mean",
            "lo",
            "hi",
            "unpaired_lo",
            "unpaired_hi",
            "width_ratio",
            "pairing_kpi",
        ],
    )
    wrows = [
        {"scenario": n, "metric": m, **row}
        for n, by_metric in doc["per_wijk"]["differences"].items()
        for m in WIJK_OUTCOMES
        for row in by_metric[m]
    ]
    write_csv(
        out / "per_wijk_differences.csv",
        wrows,
        ["scenario", "metric", "wijk_code", "wijk_naam", "mean", "lo", "hi"],
    )
    srows = [
        {"scenario": n, "metric": m, **row}
        for n, by_metric in doc["per_school"]["differences"].items()
        for m, rows_m in by_metric.items()
        for row in rows_m
    ]
    write_csv(
        out / "per_school_differences.csv",
        srows,
        ["scenario", "metric", "school_code", "school_naam", "mean", "lo", "hi"],
    )
    brows = [
        {
            "scenario": n,
            "year": y,
            "line": key,
            "organisation": v["organisation"],
            "spending": v["spending"],
            "budget": v["budget"],
            "margin": v["margin"],
            "over": v["over"],
        }
        for n, by_year in doc["budget"].items()
        for y, b in by_year.items()
        for key, v in b["lines"].items()
    ]
    write_csv(out / "budget.csv", brows)
    atomic_write_bytes(out / "timeseries.png", timeseries_png(comp, args.lang))
    for name in doc["differences"]:
        fname = f"map_{name}.png"
        atomic_write_bytes(out / fname, difference_map_png(doc, name, args.lang))
        files.append(fname)
    atomic_write_text(out / "comparison.json", to_json(doc))
    cli_common.write_manifest(
        out,
        cli_common.manifest(
            "jwsim compare",
            comp.scenarios.values(),
            scenarios=comp.names,
            scenario_sources={n: sc.source for n, sc in comp.scenarios.items()},
            counterfactual=doc["counterfactual"],
            seed=comp.seed,
            reps=comp.reps,
            evidence=args.evidence,
            posterior_draws=comp.meta.get("posterior_draws", 0),
            years=comp.years,
            scale=comp.scale,
            scale_warning=doc["scale_warning"],
            seed_scheme=doc["seed_scheme"],
            parameter_overrides={n: dict(sc.params.overrides) for n, sc in comp.scenarios.items()},
            backend=comp.meta.get("backend", {}),
            files=files,
        ),
    )
