"""How results shift with ``--scale``: the full city against a reduced scale, on the same replicate seeds.

At scale *k* one simulated youth stands for *k* real ones. Counts are scaled back, but the model is not the
same: a street group, an IB or SWF caseload, a school's SJW hours are shared by *k* times fewer agents, so
levels shift. This measures by how much::

    python -m jwsim.experiments.scale_shift --scale 10 --reps 40          # Markdown table on stdout
    python -m jwsim.experiments.scale_shift --scale 10 --reps 40 --json   # the numbers

Both sets run the same scenario with replicate seeds 0..reps-1 (``replicate_tasks``). The shift is the mean
of the reduced-scale runs minus that of the full city, with the paired 95% interval (replicate *i* of both
shares its seed, though a different scale draws a different random world from it), and as a percentage of the
full-city mean (the interval divided by that mean, taken as fixed).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from jwsim.model.scenario import DEFAULT_SCENARIO, load_scenario

from . import cli_common
from .labels import fmt, kpi_label
from .replicates import ReplicateSet, describe, difference, has_interval
from .runner import execute, replicate_tasks

KPIS = (
    "jeugdhulp_entries_per_year",
    "jeugdhulp_prevalence_u18",
    "jeugdhulp_with_stay_share",
    "jeugdoverlast_registered_per_year",
    "nuisance_incidents_per_year",
    "halt_per_10k_12_17",
    "suspects_per_1000_12_17",
    "vsv_rate_12_23",
    "ib_youths_per_year",
    "swf_youths_per_year",
    "contacts_per_year",
    "meaningful_relations",
    "protective_gap_vulnerable",
)


def measure(
    scenario: str, scale: float, reps: int, years: int, seed: int, workers: int | None = None
) -> dict:
    """Run ``reps`` replicates at scale 1 and at ``scale`` and return the shift of every KPI in ``KPIS``."""
    sc = load_scenario(scenario)
    t0 = time.perf_counter()
    full = ReplicateSet(execute(replicate_tasks(sc, seed, reps, 1.0, years), workers=workers))
    reduced = ReplicateSet(execute(replicate_tasks(sc, seed, reps, scale, years), workers=workers))
    rows = {}
    for k in KPIS:
        a, b = full.kpi_values(k), reduced.kpi_values(k)
        d = difference(a, b).as_dict()
        base = float(np.mean(a))
        pct = {x: (100 * d[x] / base if base and d[x] is not None else None) for x in ("mean", "lo", "hi")}
        rows[k] = {"full_city": describe(a), "reduced": describe(b), "shift": d, "shift_pct": pct}
    return {
        "scenario": sc.name,
        "scale": scale,
        "reps": reps,
        "years": years,
        "seed": seed,
        "seconds": round(time.perf_counter() - t0, 1),
        "kpis": rows,
    }


def markdown(doc: dict) -> str:
    """Return the table for docs/researcher-guide.md."""
    s = doc["scale"]
    head = (
        f"| KPI | full city (scale 1) | scale {s:g} | shift, % of the full city [95% interval] |\n"
        "|---|---|---|---|\n"
    )
    lines = []
    for k, r in doc["kpis"].items():
        p = r["shift_pct"]
        shift = f"{_pct(p['mean'])}%" + (f" [{_pct(p['lo'])} … {_pct(p['hi'])}]" if has_interval(p) else "")
        full, reduced = fmt(k, r["full_city"]["mean"], "en"), fmt(k, r["reduced"]["mean"], "en")
        lines.append(f"| {kpi_label(k, 'en')} | {full} | {reduced} | {shift} |")
    return head + "\n".join(lines) + "\n"


def _pct(v: float) -> str:
    """Return a signed percentage with one decimal; one that rounds to zero is 0.0 (not -0.0)."""
    return "0.0" if round(v, 1) == 0 else f"{v:+.1f}".replace("-", "−")


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table (or the JSON document)."""
    p = argparse.ArgumentParser(
        prog="python -m jwsim.experiments.scale_shift", description=__doc__.split("\n")[0]
    )
    p.add_argument("--scenario", default=DEFAULT_SCENARIO)
    cli_common.add_run_settings(p, reps=40, scale=10.0, reps_range=(3, 10_000))
    cli_common.add_workers_option(p)
    cli_common.add_json_option(p)
    args = p.parse_args(argv)
    doc = measure(args.scenario, args.scale, args.reps, args.years, args.seed, args.workers)
    sys.stdout.write(json.dumps(doc) + "\n" if args.json else markdown(doc))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
