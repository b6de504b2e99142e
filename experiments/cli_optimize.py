"""``jwsim optimize --budget EUR``: the best allocation within a budget and the hard rules.

The allocation that minimises a KPI (or a weighted sum) within a budget and the note's hard rules, and the
Pareto front of jeugdhulp entries vs registered nuisance.

Writes to ``--out``: ``optimize.json`` (best allocation, its KPIs with 95% intervals, paired differences
against the base scenario, the Pareto front), ``best-allocation.toml`` (a scenario file: feed it to
``jwsim run`` / ``jwsim compare`` at full scale), ``candidates.csv``, ``pareto.csv``, ``pareto.png`` and the
runs (Parquet, resumable).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
from pathlib import Path

import numpy as np

from jwsim.model.results import KPIS
from jwsim.model.scenario import DEFAULT_SCENARIO, load_scenario

from . import cli_common
from .cli_sweep import guarded
from .errors import ExperimentError
from .levers import allocation_toml
from .optimize import DECISIONS, PARETO_KPIS, Candidate, HardRules, Problem, Search
from .output import atomic_write_bytes, atomic_write_text, to_json, write_csv
from .replicates import describe, paired_interval
from .sweep import ExperimentSession


def add_parser(sub) -> None:
    """Register ``jwsim optimize``."""
    p = sub.add_parser(
        "optimize",
        help="best allocation within a budget and the hard rules; Pareto front",
        description="Minimise a KPI (or a weighted sum) within a budget and the note's hard rules.",
    )
    p.add_argument("--budget", type=float, required=True, metavar="EUR", help="yearly budget in euros")
    p.add_argument("--scenario", default=DEFAULT_SCENARIO, help=f"base scenario (default {DEFAULT_SCENARIO})")
    p.add_argument(
        "--kpi", default="jeugdhulp_entries_per_year", help="KPI to minimise (default jeugdhulp entries)"
    )
    p.add_argument(
        "--weight",
        action="append",
        default=None,
        metavar="KPI=W",
        help="weighted objective: sum of W x KPI / KPI(base) (repeatable; replaces --kpi)",
    )
    p.add_argument("--relax-sjw", action="store_true", help="allow SJW below 12 h per school")
    p.add_argument("--relax-ib", action="store_true", help="allow IB below 3 FTE")
    p.add_argument("--relax-ambulant", action="store_true", help="allow the ambulant team below 4 + 4 FTE")
    p.add_argument(
        "--evaluations",
        type=cli_common.whole_number(14, 100_000),
        default=60,
        help="candidate allocations to evaluate (default 60)",
    )
    cli_common.add_run_settings(
        p, reps=3, scale=5.0, reps_range=(1, 1000), reps_help="replicates per candidate"
    )
    cli_common.add_execution_options(p, experiment=True)
    cli_common.add_output_option(p, "results folder (default results/optimize-<scenario>-<budget>)")
    cli_common.add_json_option(p, "print one JSON line at the end")
    p.set_defaults(func=main)


def parse_weights(kpi: str, weights: list[str] | None) -> dict[str, float]:
    """``--kpi`` / ``--weight`` -> KPI -> weight; raises ExperimentError on unknown KPIs or bad numbers."""
    if not weights:
        if kpi not in KPIS:
            raise ExperimentError(f"--kpi {kpi}: unknown KPI")
        return {kpi: 1.0}
    out = {}
    for item in weights:
        name, sep, value = item.partition("=")
        if not sep or name not in KPIS:
            raise ExperimentError(f"--weight {item}: expected KPI=NUMBER with a known KPI")
        try:
            w = float(value)
        except ValueError:
            raise ExperimentError(f"--weight {item}: {value!r} is not a number") from None
        if not np.isfinite(w) or w == 0:
            raise ExperimentError(f"--weight {item}: must be a finite, non-zero number")
        out[name] = w
    return out


def main(args: argparse.Namespace) -> int:
    """Search and report."""
    weights = parse_weights(args.kpi, args.weight)
    base = load_scenario(args.scenario)
    problem = Problem(
        base,
        HardRules.from_flags(args.relax_sjw, args.relax_ib, args.relax_ambulant),
        args.budget,
        weights,
        args.reps,
        args.scale,
        args.years,
        args.seed,
    )
    problem.check_budget()
    spec = {
        "base": base.name,
        "base_source": base.source,
        "budget": args.budget,
        "rules": vars(problem.rules),
        "weights": weights,
        "reps": args.reps,
        "scale": args.scale,
        "years": args.years,
        "seed": args.seed,
        "evaluations": args.evaluations,
        "decisions": list(DECISIONS),
    }
    exp_id = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:16]
    out = args.out or Path("results") / f"optimize-{base.name}-{int(args.budget)}"
    head = cli_common.manifest(
        "jwsim optimize",
        [base],
        name=f"optimize-{base.name}",
        experiment_id=exp_id,
        optimize=spec,
        scenario_files={base.name: base.source},
    )

    def search() -> tuple[Search, Candidate]:
        with ExperimentSession(out, head, **cli_common.execution_options(args)) as s:

            def evaluate(runs):
                s.run(runs, "optimize")
                return s.rows_for([r.key for r in runs])

            srch = Search(problem, evaluate, args.evaluations)
            return srch, srch.run()

    srch, best = guarded("optimize", out, search)
    doc = report(out, problem, srch, best)
    if args.json:
        sys.stdout.write(
            json.dumps(
                {
                    "out": str(out),
                    "objective": doc["best"]["objective"],
                    "cost_eur_per_year": doc["best"]["cost_eur_per_year"],
                    "allocation": doc["best"]["levers"],
                    "pareto": len(doc["pareto"]),
                    "evaluated": doc["evaluated"],
                }
            )
            + "\n"
        )
    else:
        print(
            f"Best of {doc['evaluated']} allocations within EUR {args.budget:,.0f} (objective "
            f"{doc['best']['objective']:.4f}; base {base.name} = {doc['base']['objective']:.4f}):"
        )
        for k, v in doc["best"]["levers"].items():
            print(f"  {k:<22} {v:8.2f}")
        for k in weights:
            d = doc["best"]["difference_vs_base"][k]
            print(f"  {k}: {d['mean']:+.1f} vs {base.name} [95% CI {d['lo']:+.1f} .. {d['hi']:+.1f}]")
        print(f"Pareto front: {len(doc['pareto'])} allocations. Results in {out}")
    return 0


def _paired(a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    """Paired difference ``a - b`` over replicates (common random numbers) with its interval."""
    return paired_interval(b, a).as_dict("n")


def report(out: Path, problem: Problem, srch: Search, best: Candidate) -> dict:
    """Write the optimisation's files and return the JSON document."""
    ref = srch.ref
    levers = problem.levers(best.x)
    alloc = problem.allocation(best.x)
    doc = {
        "base": {"scenario": problem.base.name, "objective": ref.objective, "cost_eur_per_year": ref.cost},
        "budget_eur": problem.budget,
        "rules": vars(problem.rules),
        "weights": problem.weights,
        "objective": "sum of weight x KPI / KPI(base scenario), minimised; means over replicates",
        "interval": "95% t-interval over replicates; differences are paired (common random numbers)",
        "evaluated": len(srch.evaluated()),
        "best": {
            "point": best.point,
            "objective": best.objective,
            "cost_eur_per_year": best.cost,
            "levers": levers,
            "kpis": {k: describe(v) for k, v in best.kpis.items()},
            "difference_vs_base": {k: _paired(best.kpis[k], ref.kpis[k]) for k in best.kpis},
        },
        "pareto_kpis": list(PARETO_KPIS),
        "pareto": [
            {
                "point": c.point,
                **problem.levers(c.x),
                "cost_eur_per_year": c.cost,
                **{k: c.mean(k) for k in PARETO_KPIS},
            }
            for c in srch.pareto()
        ],
    }
    atomic_write_text(out / "optimize.json", to_json(doc))
    atomic_write_text(
        out / "best-allocation.toml",
        allocation_toml(
            alloc,
            f"optimum-{problem.base.name}",
            f"Beste verdeling binnen EUR {problem.budget:,.0f} (jwsim optimize)",
            dict(problem.params.overrides),
        ),
    )
    cands = [
        {
            "point": c.point,
            **problem.levers(c.x),
            "cost_eur_per_year": c.cost,
            "objective": c.objective,
            **{k: c.mean(k) for k in PARETO_KPIS},
        }
        for c in srch.evaluated()
    ]
    write_csv(out / "candidates.csv", cands)
    write_csv(out / "pareto.csv", doc["pareto"] or [{"point": ""}])
    atomic_write_bytes(out / "pareto.png", _plot(srch, problem, best))
    return doc


def _plot(srch: Search, problem: Problem, best: Candidate) -> bytes:
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    a, b = PARETO_KPIS
    cands = srch.evaluated()
    front = srch.pareto()
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    ax.scatter(
        [c.mean(a) for c in cands],
        [c.mean(b) for c in cands],
        s=14,
        color="#bbbbbb",
        label="evaluated allocations",
    )
    ax.plot(
        [c.mean(a) for c in front], [c.mean(b) for c in front], "o-", color="#1f77b4", label="Pareto front"
    )
    ax.scatter(
        [srch.ref.mean(a)],
        [srch.ref.mean(b)],
        marker="s",
        s=60,
        color="#d62728",
        label=f"{problem.base.name} (base)",
    )
    ax.scatter([best.mean(a)], [best.mean(b)], marker="*", s=160, color="#2ca02c", label="best (objective)")
    ax.set_xlabel("jeugdhulp entries per year (mean over replicates)")
    ax.set_ylabel("registered jeugdoverlast per year")
    ax.set_title(
        f"Within EUR {problem.budget:,.0f} a year, hard rules "
        f"{'kept' if problem.rules == HardRules() else 'partly relaxed'}",
        fontsize=10,
    )
    ax.legend(fontsize=8)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()
