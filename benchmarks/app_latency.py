"""``python -m benchmarks.app_latency``: how long the app makes a policy maker wait for a result.

The app's own run service (``viz/runs.py``: one worker per core, a preview queued before the full runs)
with the app's default settings, one scenario (opdracht-2026) against its reference (huidig-2025), after
the workers were warmed up as the server does at start. Three situations, each a median over repetitions
with fresh seeds (so nothing comes from the cache unless the situation says so):

  cold       neither scenario computed before (the first question of the day);
  warm ref   the reference already in the cache (any later question against the same reference: the
             server keeps results across sessions);
and for each: seconds until the preview is shown, until the full result is shown, and until the full result
under the two other evidence regimes is in (the robust / depends badges; queued behind the full result, so
they do not delay it). Each repetition waits for the badges before the next starts, so one question's
regime runs do not slow the next one's preview. Goals: preview <= 5 s, full <= 20 s on two cores. The load
average is printed with the figures: the cores may be shared with other work.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from jwsim.model.scenario import load_scenario
from jwsim.viz.runs import ComparisonRun, RunService, RunSettings


def _wait(run: ComparisonRun) -> tuple[float, float, float]:
    start = run.started
    preview_s = full_s = None
    while True:
        if preview_s is None and run.preview_result() is not None:
            preview_s = time.monotonic() - start
        if full_s is None and run.full_result() is not None:
            full_s = time.monotonic() - start
        if full_s is not None and run.evidence_status != "running":
            if run.evidence_status != "done":
                raise RuntimeError(f"the other evidence regimes: {run.evidence_status}")
            return (preview_s if preview_s is not None else full_s), full_s, time.monotonic() - start
        if run.error:
            raise RuntimeError(run.error)
        run.wait(0.05)


def measure(reps: int = 3, settings: RunSettings | None = None) -> dict:
    """Return median seconds to preview, full result and regimes, cold and with the reference cached."""
    base = settings or RunSettings()
    reference, scenario = load_scenario("huidig-2025"), load_scenario("opdracht-2026")
    service = RunService()
    service.warm_up()
    out: dict[str, list[tuple[float, float, float]]] = {"cold": [], "warm_ref": []}
    load_before = os.getloadavg()
    try:
        for i in range(reps):
            s = RunSettings(**{**base.__dict__, "seed": 9000 + i})
            out["cold"].append(_wait(ComparisonRun(service, [reference, scenario], s)))
            # The same reference again, with another scenario: its runs come from the cache.
            other = load_scenario("meer-ib")
            out["warm_ref"].append(_wait(ComparisonRun(service, [reference, other], s)))
    finally:
        service.shutdown()
    result = {"workers": service.workers, "settings": base.__dict__,
              "load_before": [round(x, 2) for x in load_before],
              "load_after": [round(x, 2) for x in os.getloadavg()]}
    for k, triples in out.items():
        result[f"{k}_preview_s"] = round(statistics.median(p for p, _, _ in triples), 2)
        result[f"{k}_full_s"] = round(statistics.median(f for _, f, _ in triples), 2)
        result[f"{k}_evidence_s"] = round(statistics.median(e for _, _, e in triples), 2)
    return result


def main() -> None:
    """Print the medians (or JSON)."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.app_latency", description=__doc__.splitlines()[0])
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    r = measure(a.reps)
    if a.json:
        print(json.dumps(r))
        return
    s = r["settings"]
    print(f"app latency, {r['workers']} workers, full: {s['reps']} replicates at scale {s['scale']:g}, "
          f"{s['years']} years; preview: {s['preview_reps']} at scale {s['preview_scale']:g} "
          f"(medians of {a.reps}); load average {r['load_before']} before, {r['load_after']} after")
    for k, what in (("cold", "nothing cached"), ("warm_ref", "reference cached")):
        print(f"  {what:17s} preview {r[f'{k}_preview_s']:6.2f} s   full {r[f'{k}_full_s']:6.2f} s   "
              f"other regimes {r[f'{k}_evidence_s']:6.2f} s")


if __name__ == "__main__":
    main()
