"""Regenerate the fixed-seed regression baseline: ``python tests/model/make_baseline.py``.

Only do this when a change is *meant* to move results, and say why in CHANGELOG.md in the same commit.
"""

import json
from pathlib import Path

from jwsim.experiments.runner import scenario_schedule
from jwsim.model.model import JwsimModel
from jwsim.model.scenario import load_scenario

BASELINE = Path(__file__).with_name("baseline_opdracht2026_seed123.json")
SETUP = {"scenario": "opdracht-2026", "seed": 123, "scale": 10.0, "years": 2}


def compute() -> dict:
    """KPIs (yearly) and two weekly series of the baseline run, as plain floats."""
    sc = load_scenario(SETUP["scenario"])
    r = JwsimModel(scenario_schedule(sc), params=sc.params, seed=SETUP["seed"], scale=SETUP["scale"],
                   years=SETUP["years"], collect=False).run()
    return {"setup": SETUP,
            "kpis": {k: [float(x) for x in v] for k, v in r.kpis.items()},
            "weekly": {k: [float(x) for x in r.weekly[k]]
                       for k in ("in_care", "nuisance_registered", "jh_entries")}}


if __name__ == "__main__":
    BASELINE.write_text(json.dumps(compute(), indent=1) + "\n")
    print(f"wrote {BASELINE}")
