"""Sweep throughput on this machine: runs per minute (and per core) of the full-city design.

``python -m jwsim.experiments.throughput [--runs-per-worker N] [--design full-city-lhs]`` runs the first runs
of the design with 1 worker and with all cores, side by side in one invocation (the machines are shared and
noisy: compare ratios measured together), each through the real sweep path (process pool, Parquet,
manifest), pool start-up included; plus the CPU time the runs took in their workers (runs per CPU-minute:
what one core gives when nothing else runs on it). Prints one JSON document.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from .designs import load_design
from .executors import default_workers
from .sweep import run_experiment


def measure(
    design_name: str = "full-city-lhs", runs_per_worker: int = 3, workers: tuple[int, ...] | None = None
) -> dict:
    """Runs/minute and runs/minute per core for each worker count."""
    design = load_design(design_name)
    runs = design.runs()
    counts = workers or tuple(sorted({1, default_workers()}))
    out: dict = {"design": design.name, "scale": design.scale, "years": design.years, "results": []}
    with tempfile.TemporaryDirectory(prefix="jwsim-throughput-") as tmp:
        for w in counts:
            subset = runs[: w * runs_per_worker]
            manifest = {"name": f"throughput-{w}", "experiment_id": f"throughput-{w}"}
            t0 = time.perf_counter()
            summary = run_experiment(
                subset, Path(tmp) / f"w{w}", manifest, workers=w, batch=1, progress=False
            )
            seconds = time.perf_counter() - t0
            rate = summary.rows / seconds * 60
            out["results"].append(
                {
                    "workers": w,
                    "runs": summary.rows,
                    "seconds": round(seconds, 2),
                    "runs_per_minute": round(rate, 2),
                    "runs_per_minute_per_core": round(rate / w, 2),
                    "minutes_for_1000_runs": round(1000 / rate, 1),
                    # CPU time in the workers: what a core gives when it is not shared with other work.
                    "cpu_seconds_per_run": round(summary.cpu_seconds / summary.rows, 3),
                    "runs_per_cpu_minute": round(summary.rows / summary.cpu_seconds * 60, 2),
                }
            )
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry."""
    ap = argparse.ArgumentParser(
        prog="python -m jwsim.experiments.throughput", description=__doc__.splitlines()[0]
    )
    ap.add_argument("--design", default="full-city-lhs")
    ap.add_argument("--runs-per-worker", type=int, default=3)
    ap.add_argument("--workers", type=int, nargs="+", default=None)
    a = ap.parse_args(argv)
    print(json.dumps(measure(a.design, a.runs_per_worker, tuple(a.workers) if a.workers else None), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
