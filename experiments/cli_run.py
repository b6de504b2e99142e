"""``jwsim run``: replicates of one scenario, a KPI table (Dutch by default), results and a manifest."""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

from jwsim.model.results import KPIS
from jwsim.model.scenario import DEFAULT_SCENARIO, load_scenario

from . import cli_common
from .executors import backend
from .labels import fmt, kpi_label
from .output import atomic_write_text, check_output_dir, to_json, write_csv
from .replicates import ReplicateSet, has_interval, interval_text
from .runner import replicate_tasks, run_tasks

MAIN_KPIS = KPIS[:17]


def add_parser(sub) -> None:
    """Register ``jwsim run``."""
    p = sub.add_parser("run", help="simulate one scenario",
                       description="Simulate one scenario with replicates.")
    p.add_argument("--scenario", default=DEFAULT_SCENARIO,
                   help=f"name or TOML file (default {DEFAULT_SCENARIO})")
    cli_common.add_run_settings(p)
    cli_common.add_execution_options(p)
    cli_common.add_output_option(p, "folder for results and manifest")
    cli_common.add_json_option(p)
    cli_common.add_lang_option(p)
    cli_common.add_evidence_option(p)
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    """Run the scenario and report."""
    scenario = load_scenario(args.scenario)
    where = cli_common.backend_options(args)  # a bad scheduler address is refused before anything runs
    if args.out is not None:
        check_output_dir(args.out)
    notice = cli_common.scale_notice(args.scale, args.lang)
    regimes = cli_common.regimes(args)
    tasks = [t for r in regimes
             for t in replicate_tasks(scenario.under(r), args.seed, args.reps, args.scale, args.years)]
    t0 = time.perf_counter()
    with backend(tasks=len(tasks), **where) as b:
        cli_common.print_scale_warning("jwsim run", notice["scale_warning"])  # the input is good: runs start
        done = run_tasks(tasks, b.executor)
    seconds = time.perf_counter() - t0
    by_regime = {r: ReplicateSet(done[i * args.reps:(i + 1) * args.reps]) for i, r in enumerate(regimes)}
    shown = "central" if "central" in by_regime else regimes[0]
    results = by_regime[shown]
    kpis = {k: iv.as_dict() for k, iv in results.kpi_table().items()}
    doc = {
        "scenario": scenario.name, "seed": args.seed, "reps": args.reps, "years": results.years,
        "evidence": args.evidence,
        **notice,
        "interval": "95% confidence interval of the mean over replicates (Student t)",
        "kpis": kpis,
        "per_wijk": results.per_wijk_table(),
        "per_school": results.per_school_table(),
        "per_group": {g: {m: iv.as_dict() for m, iv in metrics.items()}
                      for g, metrics in results.per_group_table().items()},
        "seconds": round(seconds, 3),
    }
    if len(regimes) > 1:  # the same replicates (seeds) under each regime, side by side
        doc["kpis_by_regime"] = {r: {k: iv.as_dict() for k, iv in rs.kpi_table().items()}
                                 for r, rs in by_regime.items()}
    if args.out is not None:
        write_results(args.out, args, scenario, results, doc, b.describe())
    if args.json:
        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
    else:
        print_table(scenario, args, kpis, seconds)
        if len(regimes) > 1:
            print_regimes(args, doc["kpis_by_regime"])
    return 0


def print_regimes(args, by_regime: dict) -> None:
    """Print the main KPIs under each evidence regime, side by side."""
    nl = args.lang == "nl"
    names = {"pessimistic": "pessimistisch", "central": "centraal", "optimistic": "optimistisch"}
    head = [names[r] if nl else r for r in by_regime]
    print("\n" + ("Onder de drie bewijsregimes (gemiddelde per jaar):" if nl
                  else "Under the three evidence regimes (mean per year):"))
    width = max(len(kpi_label(k, args.lang)) for k in MAIN_KPIS)
    print(f"  {'':<{width}}  " + "  ".join(f"{h:>14}" for h in head))
    for k in MAIN_KPIS:
        vals = "  ".join(f"{fmt(k, by_regime[r][k]['mean'], args.lang):>14}" for r in by_regime)
        print(f"  {kpi_label(k, args.lang):<{width}}  {vals}")


def print_table(scenario, args, kpis: dict, seconds: float) -> None:
    """Readable KPI table."""
    nl = args.lang == "nl"
    desc = scenario.description if nl else scenario.description_en
    head = "Scenario" if not nl else "Scenario"
    print(f"{head}: {scenario.name} — {desc}")
    years = f"{2026}-{2026 + args.years - 1}"
    if nl:
        print(f"{args.reps} replicaties, seed {args.seed}, jaren {years}, schaal {args.scale:g} "
              f"({seconds:.1f} s). Gemiddelde per jaar [95%-betrouwbaarheidsinterval]")
    else:
        print(f"{args.reps} replicates, seed {args.seed}, years {years}, scale {args.scale:g} "
              f"({seconds:.1f} s). Mean per year [95% confidence interval]")
    width = max(len(kpi_label(k, args.lang)) for k in MAIN_KPIS)
    for k in MAIN_KPIS:
        v = kpis[k]
        shown = interval_text(v, lambda x, k=k: fmt(k, x, args.lang), args.lang)
        print(f"  {kpi_label(k, args.lang):<{width}}  {fmt(k, v['mean'], args.lang):>12}  "
              + (f"[{shown}]" if has_interval(v) else shown))
    if args.out is not None:
        print(("Resultaten in " if nl else "Results in ") + str(args.out))


def write_results(out: Path, args, scenario, results: ReplicateSet, doc: dict, where: dict) -> None:
    """kpis.json, kpis_by_replicate.csv, per_wijk.csv, per_school.csv, weekly.csv, manifest.json (atomic)."""
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for r in results:
        for i, year in enumerate(r.years):
            rows.append({"replicate": r.meta["replicate"], "year": year,
                         **{k: float(r.kpis[k][i]) for k in r.kpis}})
    write_csv(out / "kpis_by_replicate.csv", rows)
    write_csv(out / "per_wijk.csv", doc["per_wijk"])
    write_csv(out / "per_school.csv", doc["per_school"])
    weeks = results.weekly["in_care"].shape[1]
    wrows = []
    bands = {s: results.bands(s) for s in results.weekly}
    for t in range(weeks):
        row = {"week": t + 1, "year": results.years[0] + t // 52, "week_of_year": t % 52 + 1}
        for s, b in bands.items():
            row[f"{s}_mean"] = float(b["mean"][t])
            for end in ("lo", "hi"):  # empty without a band (fewer than 3 replicates)
                row[f"{s}_{end}"] = None if math.isnan(b[end][t]) else float(b[end][t])
        wrows.append(row)
    write_csv(out / "weekly.csv", wrows)
    atomic_write_text(out / "kpis.json", to_json(doc))
    cli_common.write_manifest(out, cli_common.manifest(
        "jwsim run", [scenario], scenario=scenario.name, scenario_source=scenario.source,
        seed=args.seed, reps=args.reps, years=args.years, scale=args.scale, evidence=args.evidence,
        scale_warning=doc["scale_warning"],
        seed_scheme="replicate i = numpy SeedSequence(seed).spawn(reps)[i]; per-process streams from it",
        parameter_overrides=dict(scenario.params.overrides), backend=where,
        files=["kpis.json", "kpis_by_replicate.csv", "per_wijk.csv", "per_school.csv", "weekly.csv"],
    ))
