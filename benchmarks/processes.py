"""``python -m benchmarks.processes``: where a full-city run spends its CPU time, process by process.

Runs the model as the benchmark does (full city, default scenario, 52 burn-in weeks + 5 years,
``collect=False``), after a warm-up run, with the CPU time of the measuring thread (``time.thread_time``)
taken around each process's weekly step and yearly start, the recording of weeks and years, and — inside
demography's step — each process's start values for newcomers. Prints the median over the repetitions, per
run, in milliseconds and as a share of the run. The processes and their order come from the model, so a new
process is listed without editing this file. The timing wraps only the model's own calls on one model
instance: the run's results are the same numbers
(``tests/benchmarks/test_process_timing.py`` checks it).
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402

from jwsim.model.model import JwsimModel  # noqa: E402
from jwsim.model.results import RunResult  # noqa: E402
from jwsim.model.scenario import default_schedule  # noqa: E402

from .model_run import BURN_IN_WEEKS, YEARS  # noqa: E402

RECORDING = "recording"
NEWCOMERS = "newcomers: "  # prefix of the per-process start values of newcomers (inside demography's step)


def _timed(fn, label: str, totals: Counter):
    def call(*args, **kwargs):
        t = time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[label] += time.thread_time() - t
    return call


def timed_run(seed: int = 1, scale: float = 1.0, years: int = YEARS,
              burn_in_weeks: int = BURN_IN_WEEKS) -> tuple[dict[str, float], float, RunResult]:
    """One run with its CPU seconds per label, the run's CPU seconds (construction included) and its result.

    Labels: each process's name (weekly steps and yearly starts), ``recording`` (weeks and years) and
    ``newcomers: <process>`` (start values of newcomers, part of demography's step).
    """
    totals: Counter = Counter()
    c0 = time.thread_time()
    model = JwsimModel(default_schedule(), seed=seed, scale=scale, years=years, burn_in_weeks=burn_in_weeks,
                       collect=False)
    for proc in model.processes:
        proc.step = _timed(proc.step, proc.name, totals)
        proc.start_year = _timed(proc.start_year, proc.name, totals)
        proc.enter = _timed(proc.enter, NEWCOMERS + proc.name, totals)
    recorder = model.recorder
    recorder.record_week = _timed(recorder.record_week, RECORDING, totals)
    recorder.close_year = _timed(recorder.close_year, RECORDING, totals)
    result = model.run()
    labels = [p.name for p in model.processes] + [RECORDING] + [NEWCOMERS + p.name for p in model.processes]
    return {label: totals[label] for label in labels}, time.thread_time() - c0, result


def measure(reps: int = 3, scale: float = 1.0) -> tuple[dict[str, float], float]:
    """Median CPU seconds per run per label, and the median CPU seconds of a run, after one warm-up run."""
    timed_run(seed=1, scale=scale)
    runs = [timed_run(seed=1 + i, scale=scale)[:2] for i in range(reps)]
    labels = runs[0][0].keys()
    return ({label: statistics.median(r[0][label] for r in runs) for label in labels},
            statistics.median(r[1] for r in runs))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.processes", description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3, help="repetitions after the warm-up (default 3)")
    ap.add_argument("--json", action="store_true", help="print one JSON document: ms per run by label")
    args = ap.parse_args(argv)
    if args.reps < 1:
        print("benchmarks.processes: --reps must be at least 1", file=sys.stderr)
        return 2
    per_label, run_s = measure(args.reps)
    if args.json:
        print(json.dumps({"run_ms": run_s * 1e3, **{k: v * 1e3 for k, v in per_label.items()}}))
        return 0
    steps = {k: v for k, v in per_label.items() if not k.startswith(NEWCOMERS)}
    print(f"CPU per full-city run, median of {args.reps}: {run_s * 1e3:.0f} ms")
    for label, s in sorted(steps.items(), key=lambda kv: -kv[1]):
        print(f"  {label:14s} {s * 1e3:7.1f} ms  {s / run_s:6.1%}")
    rest = run_s - sum(steps.values())
    print(f"  {'(the rest)':14s} {rest * 1e3:7.1f} ms  {rest / run_s:6.1%}   construction and the step loop")
    newcomers = {k[len(NEWCOMERS):]: v for k, v in per_label.items() if k.startswith(NEWCOMERS)}
    print(f"of demography's step, newcomers' start values: {sum(newcomers.values()) * 1e3:.1f} ms")
    for name, s in sorted(newcomers.items(), key=lambda kv: -kv[1]):
        if s >= 0.0005:
            print(f"  {name:14s} {s * 1e3:7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
