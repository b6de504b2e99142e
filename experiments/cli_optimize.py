"""``jwsim optimize --budget EUR``: the best allocation within a budget and the hard rules.

The allocation that minimises a KPI (or a weighted sum) within a budget and the note's hard rules, and the
Pareto front of jeugdhulp entries vs registered nuisance. Noise-aware (``optimize.Search``): screening,
a paired race, and a confirmation against the base on fresh replicates that says plainly whether the best
allocation is demonstrably better than the base.

Writes to ``--out``: ``optimize.json`` (what the search proposed, ran, dropped and why; the best allocation,
its KPIs with 95% intervals and the confirmation against the base; the Pareto front with intervals),
``best-allocation.toml`` (a scenario file: feed it to ``jwsim run`` / ``jwsim compare`` at full scale),
``candidates.csv`` (every screened allocation with its replicates, intervals, status and reason),
``pareto.csv`` (the allocations not demonstrably dominated, those on the front of the means marked),
``pareto.png`` and the runs (Parquet, resumable).
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
from .replicates import MIN_REPLICATES, describe, has_interval, interval_text, paired_interval
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
        help="allocations the search proposes and screens (default 60)",
    )
    cli_common.add_run_settings(
        p,
        reps=3,
        scale=5.0,
        reps_range=(MIN_REPLICATES, 1000),
        reps_help="screening replicates per allocation (at least 3: fewer give no interval)",
    )
    p.add_argument(
        "--max-reps",
        type=cli_common.whole_number(MIN_REPLICATES, 10_000),
        default=12,
        help="replicates an allocation can reach in the race (default 12)",
    )
    p.add_argument(
        "--confirm-reps",
        type=cli_common.whole_number(MIN_REPLICATES, 10_000),
        default=10,
        help="fresh replicates of the best allocation and the base for the verdict (default 10)",
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
        "max_reps": max(args.max_reps, args.reps),
        "confirm_reps": args.confirm_reps,
        "search": "differential evolution (screening), paired race with halving, confirmation on fresh seeds",
        "decisions": list(DECISIONS),
    }
    exp_id = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:16]
    out = args.out or Path("results") / f"optimize-{base.name}-{int(args.budget)}"
    notice = cli_common.scale_notice(args.scale)
    head = cli_common.manifest(
        "jwsim optimize",
        [base],
        name=f"optimize-{base.name}",
        experiment_id=exp_id,
        optimize=spec,
        scenario_files={base.name: base.source},
        **notice,
    )

    def search() -> tuple[Search, Candidate]:
        with ExperimentSession(out, head, **cli_common.execution_options(args)) as s:

            def evaluate(runs):
                s.run(runs, "optimize")
                return s.rows_for([r.key for r in runs])

            srch = Search(problem, evaluate, args.evaluations, args.max_reps, args.confirm_reps)
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
                    "better_than_base": doc["best"]["confirmation"]["verdict"],
                    "counts": doc["search"]["counts"],
                    "pareto": len(doc["pareto"]),
                    "not_dominated": doc["search"]["not_dominated"],
                    "evaluated": doc["evaluated"],
                    **notice,
                }
            )
            + "\n"
        )
    else:
        print(summary_text(doc, base.name, args.budget, out))
    return 0


VERDICT = {
    "better": "demonstrably better than the base: the paired interval lies wholly below 0",
    "worse": "demonstrably worse than the base: the paired interval lies wholly above 0",
    "not shown": "not demonstrably better than the base: the paired interval includes 0",
}


def _iv(d: dict, digits: str = "+.4f") -> str:
    """``mean [lo .. hi]`` of an interval's dict form (no interval below 3 replicates)."""
    shown = interval_text(d, lambda v: format(v, digits), "en", " .. ")
    return f"{d['mean']:{digits}} " + (f"[{shown}]" if has_interval(d) else f"({shown})")


def summary_text(doc: dict, base: str, budget: float, out: Path) -> str:
    """Return what ``jwsim optimize`` prints: what was searched, what was dropped and why, the verdict."""
    s, b, c = doc["search"], doc["best"], doc["best"]["confirmation"]
    n = s["counts"]
    lines = [
        f"Search within EUR {budget:,.0f}: differential evolution proposed {n['generated']} allocations; "
        f"{n['outside_limits']} were over the budget or an organisation's FTE and {n['undeliverable']} could "
        f"not be delivered (none of these were run); {n['evaluated']} were screened with "
        f"{s['screening_reps']} replicates each (the same seeds as the base).",
    ]
    for r in s["rounds"]:
        worse, halved, left = len(r["dropped_worse"]), len(r["dropped_halving"]), len(r["remaining"])
        lines.append(
            f"  race at {r['reps']} replicates: leader point {r['leader']}; {worse} dropped as demonstrably "
            f"worse than the leader (paired 95% interval above 0), {halved} by halving; {left} go on"
        )
    sel = c["selection_difference"]
    lines.append(
        f"Best: point {b['point']} of {len(s['finalists'])} finalist(s); objective minus {base}'s on the "
        f"{sel['n']} replicates it was chosen on: {_iv(sel)} (optimistic: chosen for looking good there):"
    )
    lines += [f"  {k:<22} {v:8.2f}" for k, v in b["levers"].items()]
    first, last = c["replicates"]
    lines.append(
        f"Confirmation on {c['reps']} fresh replicates ({first}..{last}, no part in the selection), paired "
        f"with {base}: objective {_iv(c['objective_difference'])}: {VERDICT[c['verdict']]}."
    )
    for k in doc["weights"]:
        lines.append(f"  {k}: {_iv(c['kpi_differences'][k], '+.1f')} vs {base}")
    lines.append(
        f"Pareto front (jeugdhulp entries vs registered nuisance): {len(doc['pareto'])} allocation(s) by "
        f"means; {s['not_dominated']} of {doc['evaluated']} not demonstrably dominated (paired 95% "
        f"intervals). Results in {out}"
    )
    return "\n".join(lines)


def _candidate_row(problem: Problem, srch: Search, c: Candidate, front: set[int], free: set[int]) -> dict:
    """One row of candidates.csv: levers, cost, replicates, and paired differences from the base.

    The objective's difference uses all the candidate's replicates; the Pareto KPIs' the screening
    replicates, which every candidate has (the front is computed on them).
    """
    ref = srch.ref
    obj = paired_interval(srch.objective_values(ref, slice(0, c.n)), srch.objective_values(c)).as_dict()
    row = {"point": c.point, **problem.levers(c.x), "cost_eur_per_year": c.cost, "reps": c.n}
    ends = (("", "mean"), ("_lo", "lo"), ("_hi", "hi"))
    row.update({f"objective_vs_base{end}": obj[key] for end, key in ends})
    for k in PARETO_KPIS:
        d = srch.versus_base(c, k, problem.reps)
        row.update({k: float(np.mean(c.kpis[k][: problem.reps])), f"{k}_vs_base": d["mean"]})
        row.update({f"{k}_vs_base_lo": d["lo"], f"{k}_vs_base_hi": d["hi"]})
    row.update(
        {
            "pareto_by_means": c.point in front,
            "not_demonstrably_dominated": c.point in free,
            "status": c.status,
            "reason": c.reason,
        }
    )
    return row


def report(out: Path, problem: Problem, srch: Search, best: Candidate) -> dict:
    """Write the optimisation's files and return the JSON document."""
    ref = srch.ref
    levers = problem.levers(best.x)
    alloc = problem.allocation(best.x)
    front = srch.pareto()
    free = srch.not_dominated()
    front_points, free_points = {c.point for c in front}, {c.point for c in free}
    cands = [_candidate_row(problem, srch, c, front_points, free_points) for c in srch.evaluated()]
    finalists = [c.point for c in srch.evaluated() if c.status in ("finalist", "best")]
    doc = {
        "base": {
            "scenario": problem.base.name,
            "objective": ref.objective,
            "cost_eur_per_year": ref.cost,
            "reps": ref.n,
        },
        "budget_eur": problem.budget,
        "rules": vars(problem.rules),
        "weights": problem.weights,
        "objective": "sum of weight x KPI / mean KPI(base scenario) over the screening replicates, minimised",
        "interval": "95% t-interval over replicates; differences are paired (common random numbers); no "
        f"interval from fewer than {MIN_REPLICATES} replicates",
        "evaluated": len(cands),
        "search": {
            "method": Search.__doc__.split("\n")[0],
            "counts": vars(srch.counts),
            "screening_reps": problem.reps,
            "max_reps": srch.max_reps,
            "confirm_reps": srch.confirm_reps,
            "rounds": srch.rounds,
            "dropped_worse": sum(len(r["dropped_worse"]) for r in srch.rounds),
            "dropped_halving": sum(len(r["dropped_halving"]) for r in srch.rounds),
            "finalists": finalists,
            "not_dominated": len(free),
        },
        "best": {
            "point": best.point,
            "objective": best.objective,
            "race_objective": float(np.mean(srch.objective_values(best))),
            "reps": best.n,
            "cost_eur_per_year": best.cost,
            "levers": levers,
            "kpis": {k: describe(v) for k, v in best.kpis.items()},
            "confirmation": srch.confirmation,
        },
        "pareto_kpis": list(PARETO_KPIS),
        "pareto": [row for row in cands if row["pareto_by_means"]],
        "not_dominated": [row for row in cands if row["not_demonstrably_dominated"]],
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
    write_csv(out / "candidates.csv", cands)
    write_csv(out / "pareto.csv", doc["not_dominated"] or [{"point": ""}])
    atomic_write_bytes(out / "pareto.png", _plot(srch, problem, best, front, free))
    return doc


def _plot(srch: Search, problem: Problem, best: Candidate, front: list, free: list) -> bytes:
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    a, b = PARETO_KPIS
    n = problem.reps
    cands = srch.evaluated()

    def bars(diffs: list[tuple[dict, dict]], **kw) -> None:
        """Paired differences from the base with their 95% intervals on both axes (none below n = 3)."""
        x = np.array([da["mean"] for da, _ in diffs])
        y = np.array([db["mean"] for _, db in diffs])
        err = []
        for i in (0, 1):
            ds = [pair[i] for pair in diffs]
            mid = x if i == 0 else y
            lo = [m - d["lo"] if has_interval(d) else 0.0 for m, d in zip(mid, ds, strict=True)]
            hi = [d["hi"] - m if has_interval(d) else 0.0 for m, d in zip(mid, ds, strict=True)]
            err.append([lo, hi])
        ax.errorbar(x, y, xerr=err[0], yerr=err[1], **kw)

    def screened(c: Candidate) -> tuple[dict, dict]:
        return srch.versus_base(c, a, n), srch.versus_base(c, b, n)

    fig, ax = plt.subplots(figsize=(7.5, 5.2), dpi=110)
    ax.axhline(0, color="#999", lw=0.8)
    ax.axvline(0, color="#999", lw=0.8)
    pts = [screened(c) for c in cands]
    ax.scatter([p[0]["mean"] for p in pts], [p[1]["mean"] for p in pts], s=10, color="#bbbbbb",
               label=f"screened allocations ({len(cands)})")
    if free:
        bars([screened(c) for c in free], fmt="o", ms=4, color="#1f77b4", ecolor="#9ecae1", elinewidth=1,
             capsize=2, label=f"not demonstrably dominated ({len(free)})")
    ax.plot([screened(c)[0]["mean"] for c in front], [screened(c)[1]["mean"] for c in front], "-",
            color="#1f77b4", lw=1, label=f"Pareto front of the means ({len(front)})")
    ax.scatter([0], [0], marker="s", s=50, color="#d62728", zorder=3, label=f"{problem.base.name} (base)")
    bars([screened(best)], fmt="*", ms=13, color="#2ca02c", capsize=3, label="best, screening replicates")
    conf = srch.confirmation["kpi_differences"]
    bars([(conf[a], conf[b])], fmt="D", ms=7, mfc="none", color="#2ca02c", capsize=3,
         label=f"best, confirmed on {srch.confirm_reps} fresh replicates")
    ax.set_xlabel(f"jeugdhulp entries per year: difference from the base (paired, 95% interval; n = {n})")
    ax.set_ylabel("registered jeugdoverlast per year: difference")
    ax.set_title(
        f"Within EUR {problem.budget:,.0f} a year, hard rules "
        f"{'kept' if problem.rules == HardRules() else 'partly relaxed'}; lower is better on both",
        fontsize=10,
    )
    ax.legend(fontsize=7)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()
