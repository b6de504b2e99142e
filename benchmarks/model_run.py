"""Time the real model: the full city, default scenario, 52-week burn-in then 260 weekly steps.

``python -m benchmarks.model_run`` runs one full run in a fresh process and prints one JSON line with its
wall time and the peak resident set of that process, so the memory figure is the run's own (imports
included). The peak is read from ``VmHWM`` in ``/proc/self/status``: it belongs to the process's own
address space, whereas Linux carries ``ru_maxrss`` over from the parent across fork and exec, which
would report the benchmark's own footprint instead.
"""

from __future__ import annotations

import json
import resource
import sys
import time

from jwsim.model.model import JwsimModel
from jwsim.model.scenario import default_schedule

YEARS = 5
BURN_IN_WEEKS = 52


def one_run(seed: int = 1, scale: float = 1.0) -> dict:
    """One full run (model construction included); seconds of the whole run and of the weekly steps."""
    schedule = default_schedule()
    t0, c0 = time.perf_counter(), time.thread_time()
    model = JwsimModel(schedule, seed=seed, scale=scale, years=YEARS, burn_in_weeks=BURN_IN_WEEKS,
                       collect=False)
    t1, c1 = time.perf_counter(), time.thread_time()
    result = model.run()
    t2, c2 = time.perf_counter(), time.thread_time()
    return {"run_s": t2 - t0, "steps_s": t2 - t1, "cpu_run_s": c2 - c0, "cpu_steps_s": c2 - c1,
            "steps": model.n_weeks, "youths": int(model.y.n), "weeks": int(result.meta["weeks"])}


def _status_mb() -> dict[str, float]:
    """Return the memory lines of /proc/self/status (kB values) in MB, by name; empty without /proc."""
    try:
        with open("/proc/self/status") as f:
            return {
                line.split(":")[0]: int(line.split()[1]) / 1024.0
                for line in f
                if line.startswith(("Vm", "Rss")) and line.rstrip().endswith("kB")
            }
    except OSError:
        return {}


def peak_rss_of_this_process_mb() -> float:
    """High-water mark of this process's resident set, in MB (VmHWM; ru_maxrss where /proc is missing)."""
    peak = _status_mb().get("VmHWM")
    if peak is not None:
        return peak
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: kB


def resident_parts_mb() -> dict[str, float]:
    """Return the resident set now: anonymous memory and file-backed pages (MB; empty without /proc).

    File-backed pages are mostly the shared libraries' code (numpy, scipy, pandas, pyarrow). How many of
    them a process maps depends on the page cache (the kernel maps already-cached neighbouring pages on a
    fault), so the same code measures 15 MB apart in a fresh clone and in a long-used checkout; the
    anonymous part is what the process itself allocates and does not move.
    """
    status = _status_mb()
    if "RssAnon" not in status:
        return {}
    return {"rss_anon_mb": status["RssAnon"], "rss_file_mb": status.get("RssFile", 0.0)}


def main() -> int:
    """Child-process entry: one run, then the process's peak RSS (and its parts now), as JSON on stdout."""
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    out = one_run(seed)
    out["peak_rss_mb"] = peak_rss_of_this_process_mb()
    out.update(resident_parts_mb())
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
