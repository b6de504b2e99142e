"""``python -m benchmarks [--json]``: the model, its per-agent Mesa peer and the numpy floor, side by side.

In one process run, after a warm-up, as medians over repetitions:
  model  the real model, full city (scale 1), default scenario, 52-week burn-in + 260 weekly steps:
         seconds per run (construction included), agent-weeks per second (youths x 260 / s per run);
         peak resident memory of one such run in its own child process;
  peer   benchmarks/peer.py, built from the model's state after the burn-in, a few weeks, per agent-week;
  floor  benchmarks/floor.py replaying the passes and draws that benchmarks/introspect.py measured;
and the ratios peer / model and model / floor, both per agent-week (per step) of the weekly rules, in
CPU time of the measuring thread (robust to other processes on a shared machine).
"""

from __future__ import annotations

import os

# One BLAS thread: the model is single-threaded by design and the machines are shared.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from jwsim.model.model import JwsimModel  # noqa: E402
from jwsim.model.scenario import default_schedule  # noqa: E402

from .floor import FloorKernel, time_floor  # noqa: E402
from .introspect import measure_step_work  # noqa: E402
from .model_run import BURN_IN_WEEKS, YEARS, one_run  # noqa: E402
from .peer import run_peer  # noqa: E402


def child_memory(seed: int = 1) -> dict:
    """Peak RSS (MB) of one full run in a fresh child process, and its anonymous and file-backed parts."""
    out = subprocess.run([sys.executable, "-m", "benchmarks.model_run", str(seed)], check=True,
                         capture_output=True, text=True, env=os.environ.copy(),
                         cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return json.loads(out.stdout.strip().splitlines()[-1])


def alternated_ratio(kernel: FloorKernel, seed: int, every: int,
                     scale: float = 1.0) -> tuple[float, float, float]:
    """Model / floor of one full run whose steps alternate with floor steps, ``every`` of each in turn.

    Returns the ratio and the model's and the floor's CPU seconds per step. The two then share the host's
    conditions step by step, but each finds the caches as the other left them: the finer the alternation, the
    less of its working set the floor finds cached from its previous step (see benchmarks/README.md).
    """
    model = JwsimModel(default_schedule(), seed=seed, scale=scale, years=YEARS, burn_in_weeks=BURN_IN_WEEKS,
                       collect=False)
    cpu_model = cpu_floor = 0.0
    while model.running and model.week_index < model.n_weeks:
        c0 = time.thread_time()
        for _ in range(min(every, model.n_weeks - model.week_index)):
            model.step()
        c1 = time.thread_time()
        for _ in range(every):
            kernel.step()
        cpu_model += c1 - c0
        cpu_floor += time.thread_time() - c1
    steps = model.n_weeks
    floor_steps = -(-steps // every) * every
    return (cpu_model / steps) / (cpu_floor / floor_steps), cpu_model / steps, cpu_floor / floor_steps


def measure(reps: int = 5, peer_weeks: int = 2, peer_reps: int = 3, log=lambda msg: None,
            alternate: int = 0) -> dict:
    """All figures: medians over ``reps``.

    The machines are shared and noisy, so the model and the floor are measured side by side: each
    repetition is one full model run followed at once by as many floor steps, and the model / floor
    ratio is the median of the per-repetition ratios of CPU time per step (the thread's CPU time does
    not count waiting for a core; wall-clock medians are reported as well). With ``alternate`` = k > 0,
    each repetition also runs the model once more with k model steps and k floor steps in turn
    (:func:`alternated_ratio`), reported beside the main ratio.
    """
    log("floor: counting the model's passes and draws (instrumented run at scale 5, one year)")
    work = measure_step_work(scale=5.0, weeks=52)
    full = JwsimModel(default_schedule(), seed=1, years=YEARS, burn_in_weeks=BURN_IN_WEEKS, collect=False)
    kernel = FloorKernel(work, full)
    log("model and floor: warm-up")
    one_run(seed=1)
    time_floor(kernel, steps=52)
    runs, floors, alternated = [], [], []
    for i in range(reps):
        runs.append(one_run(seed=1 + i))
        floors.append(time_floor(kernel, steps=runs[-1]["steps"]))
        log(f"rep {i + 1}/{reps}: model {runs[-1]['run_s']:.3f} s/run (CPU {runs[-1]['cpu_run_s']:.3f} s), "
            f"floor {floors[-1][0] * 1e3:.2f} ms/step")
        if alternate:
            alternated.append(alternated_ratio(kernel, 1 + i, alternate))
            log(f"rep {i + 1}/{reps}: alternating every {alternate}: model / floor {alternated[-1][0]:.2f} "
                f"(model {alternated[-1][1] * 1e3:.2f}, floor {alternated[-1][2] * 1e3:.2f} ms CPU/step)")
    youths, weeks, steps = runs[0]["youths"], runs[0]["weeks"], runs[0]["steps"]
    s_run = statistics.median(r["run_s"] for r in runs)
    cpu_run = statistics.median(r["cpu_run_s"] for r in runs)
    cpu_step = statistics.median(r["cpu_steps_s"] / r["steps"] for r in runs)
    over_floor = statistics.median(r["cpu_steps_s"] / r["steps"] / f[1]
                                   for r, f in zip(runs, floors, strict=True))
    log("model: peak memory of one run in a child process")
    memory = child_memory()

    log("peer: warm-up at scale 10, then the full city")
    small = JwsimModel(default_schedule(), seed=1, scale=10.0, years=1, collect=False)
    for _ in range(BURN_IN_WEEKS + 1):
        small.step()
    run_peer(small, 1, seed=1)
    for _ in range(BURN_IN_WEEKS + 1):  # the peer starts after the burn-in and the first week of 2026
        full.step()
    peer = []
    for i in range(peer_reps):
        _, _, timing = run_peer(full, peer_weeks, seed=1 + i)
        peer.append(timing["cpu_run_s"] / (peer_weeks * full.y.n))
        log(f"peer: rep {i + 1}/{peer_reps}: build {timing['build_s']:.1f} s, "
            f"{timing['run_s'] / peer_weeks:.2f} s/week (CPU {timing['cpu_run_s'] / peer_weeks:.2f} s)")
    s_peer = statistics.median(peer)
    return {
        "model_s_per_run": s_run,
        "agent_weeks_per_s": youths * weeks / s_run,
        "peak_rss_mb": memory["peak_rss_mb"],
        "_rss_anon_mb": memory.get("rss_anon_mb"),
        "_rss_file_mb": memory.get("rss_file_mb"),
        "peer_over_model": s_peer / (cpu_step / youths),
        "model_over_floor": over_floor,
        "model_over_floor_alternated": (statistics.median(a[0] for a in alternated) if alternated else None),
        "youths": youths,
        "weeks": weeks,
        # details for the human-readable report
        "_steps": steps, "_cpu_run_s": cpu_run, "_model_cpu_s_per_step": cpu_step,
        "_floor_cpu_s_per_step": statistics.median(f[1] for f in floors),
        "_peer_cpu_s_per_agent_week": s_peer, "_passes_per_step": work.passes_per_step,
        "_draws_per_youth": work.draws_per_youth, "_model_runs": [r["run_s"] for r in runs],
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print one JSON document with the headline figures")
    ap.add_argument("--reps", type=int, default=5, help="repetitions of model run + floor (default 5)")
    ap.add_argument("--peer-weeks", type=int, default=2, help="weeks per peer repetition (default 2)")
    ap.add_argument("--peer-reps", type=int, default=3, help="peer repetitions (default 3)")
    ap.add_argument("--alternate", type=int, default=0, metavar="K",
                    help="also measure model / floor with K model and K floor steps in turn (default: off)")
    args = ap.parse_args(argv)
    if args.reps < 1 or args.peer_weeks < 1 or args.peer_reps < 1 or args.alternate < 0:
        print("benchmarks: --reps, --peer-weeks and --peer-reps must be at least 1, --alternate at least 0",
              file=sys.stderr)
        return 2
    log = (lambda msg: None) if args.json else (lambda msg: print(f"  {msg}", file=sys.stderr, flush=True))
    r = measure(args.reps, args.peer_weeks, args.peer_reps, log=log, alternate=args.alternate)
    if args.json:
        keys = ("model_s_per_run", "agent_weeks_per_s", "peak_rss_mb", "peer_over_model", "model_over_floor",
                "youths", "weeks") + (("model_over_floor_alternated",) if args.alternate else ())
        print(json.dumps({k: r[k] for k in keys}))
        return 0
    print(f"model  full city, {r['youths']} youths, {r['_steps']} steps "
          f"({BURN_IN_WEEKS} burn-in + {r['weeks']}):")
    print(f"       {r['model_s_per_run']:.3f} s/run wall (median of {args.reps}: "
          f"{', '.join(f'{x:.3f}' for x in r['_model_runs'])}); CPU {r['_cpu_run_s']:.3f} s/run")
    print(f"       {r['agent_weeks_per_s']:.3g} agent-weeks/s (youths x {r['weeks']} / wall s per run)")
    print(f"       {r['_model_cpu_s_per_step'] * 1e3:.2f} ms CPU/step; peak RSS {r['peak_rss_mb']:.0f} MB "
          "(one run in its own process, imports included)")
    if r["_rss_anon_mb"] is not None:
        print(f"       resident at the end of that run: {r['_rss_anon_mb']:.0f} MB anonymous (allocated by "
              f"the process) + {r['_rss_file_mb']:.0f} MB file-backed (library code, varies with the "
              "page cache)")
    print(f"peer   {r['_peer_cpu_s_per_agent_week'] * 1e6:.1f} us CPU/agent-week "
          f"(per-agent Mesa, {args.peer_reps} x {args.peer_weeks} weeks, full city)")
    print(f"floor  {r['_floor_cpu_s_per_step'] * 1e3:.2f} ms CPU/step ({r['_passes_per_step']:.1f} full-pass "
          f"equivalents over state arrays and {r['_draws_per_youth']:.2f} draws per youth per step, "
          "counted from the model)")
    print(f"peer / model  = {r['peer_over_model']:.0f}")
    print(f"model / floor = {r['model_over_floor']:.2f}")
    if args.alternate:
        print(f"model / floor = {r['model_over_floor_alternated']:.2f} alternating every {args.alternate} "
              "step(s) (each finds the caches as the other left them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
