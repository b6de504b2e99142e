# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # First steps with jwsim from Python
#
# A notebook in the *percent* format: VS Code, PyCharm and Spyder open it as a notebook, Jupyter does with
# `jupytext` (`jupytext --to ipynb examples/first-steps.py`), and plain Python runs it as a script
# (`python examples/first-steps.py`, which is how the test suite runs it). It builds a model and steps it,
# makes a per-wijk table, changes a registry parameter, compares the two paired (common random numbers) and
# saves a figure. Results go to `$JWSIM_EXAMPLE_OUT` (default `results/first-steps`).
#
# The settings are small so that it runs in about a minute: 1 simulated youth stands for 20 real ones
# (`scale = 20`) and 2 years are simulated. Figures for a report need `scale = 1` and more replicates.

# %%
import json
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; in Jupyter, leave this out to see the figure inline
import matplotlib.pyplot as plt
import pandas as pd

from jwsim.experiments.replicates import Paired, ReplicateSet
from jwsim.experiments.runner import execute, replicate_tasks, scenario_schedule
from jwsim.model.model import JwsimModel
from jwsim.model.params import REGISTRY
from jwsim.model.scenario import load_scenario

OUT = Path(os.environ.get("JWSIM_EXAMPLE_OUT", "results/first-steps"))
OUT.mkdir(parents=True, exist_ok=True)
SCALE, YEARS, SEED, REPS = 20, 2, 20260101, 5
# workers=1 runs in this process. In Jupyter (or in a script under `if __name__ == "__main__":`) leave it
# out to use every core: worker processes re-run a plain script's top level, so jwsim stays in-process there.
WORKERS = 1

# %% [markdown]
# ## 1. Build a model and step it
#
# One run of the 2026 assignment (`opdracht-2026`), with the 2025 practice as the year of burn-in before it.
# Each `step()` is one week.

# %%
scenario = load_scenario("opdracht-2026")
model = JwsimModel(scenario_schedule(scenario), params=scenario.params, seed=SEED, scale=SCALE, years=YEARS)
for _ in range(60):  # the 52 weeks of burn-in and the first 8 weeks of 2026
    model.step()
print(f"week {model.week_index}: {model.last('in_care'):.0f} youths in jeugdhulp")
weekly = model.datacollector.get_model_vars_dataframe()  # Mesa's DataCollector, one row per week
print(weekly.tail(3).round(3).to_string())

# %% [markdown]
# ## 2. Replicates and a per-wijk table
#
# `replicate_tasks` gives replicate *i* the same seed in every scenario; `ReplicateSet` stacks the runs.

# %%
base = ReplicateSet(execute(replicate_tasks(scenario, SEED, REPS, SCALE, YEARS), workers=WORKERS))
wijk = pd.DataFrame(base.per_wijk_table())
wijk.to_csv(OUT / "per_wijk.csv", index=False)
print(wijk[["wijk_naam", "youths_10_23", "jeugdhulp_prevalence_u18"]].head().to_string(index=False))

# %% [markdown]
# ## 3. Change a registry parameter
#
# Every number the model uses is a registered parameter with a unit, a range and a source. Here the yearly
# chance that a youth, the parents or the huisarts seek help for a mild need (detection of need, the main
# road into jeugdhulp) moves to the low end of its range.

# %%
name = "detect_self_mild_per_year"
param = REGISTRY[name]
print(f"{name}: {param.value:g} {param.unit} (range {param.low:g}-{param.high:g}); source: {param.source}")
changed_params = scenario.params.with_overrides({name: param.low})
changed = ReplicateSet(
    execute(replicate_tasks(scenario, SEED, REPS, SCALE, YEARS, params=changed_params), workers=WORKERS)
)

# %% [markdown]
# ## 4. A paired comparison
#
# Replicate *i* of both sets ran with the same seed, so the difference is paired: its interval is much
# narrower than that of two unrelated sets of runs (the unpaired Welch interval is given beside it).

# %%
kpi = "jeugdhulp_entries_per_year"
diff = Paired(base, changed).kpi(kpi)
summary = {
    "kpi": kpi,
    "base": base.kpi_interval(kpi).as_dict("n"),
    "changed": changed.kpi_interval(kpi).as_dict("n"),
    "difference": diff.as_dict(),
    "parameter": {"name": name, "from": param.value, "to": param.low},
    "settings": {"scale": SCALE, "years": YEARS, "seed": SEED, "replicates": REPS},
}
(OUT / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
d = diff.as_dict()
print(f"{kpi}: {d['mean']:+.1f} [{d['lo']:+.1f} .. {d['hi']:+.1f}] paired; "
      f"unpaired {d['unpaired']['lo']:+.1f} .. {d['unpaired']['hi']:+.1f}")

# %% [markdown]
# ## 5. A figure saved to a file
#
# Youths in jeugdhulp, per four-week period: the mean over replicates and the 2.5-97.5% band.

# %%
fig, ax = plt.subplots(figsize=(7, 3.5))
for label, rset in ((f"{name} = {param.value:g}", base), (f"{name} = {param.low:g}", changed)):
    band = rset.bands("in_care", "mean", period=4)
    x = base.start_year + (4 * pd.RangeIndex(len(band["mean"])) + 2) / 52
    ax.plot(x, band["mean"], label=label)
    ax.fill_between(x, band["lo"], band["hi"], alpha=0.2)
ax.set_xlabel("year")
ax.set_ylabel("youths in jeugdhulp")
ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig(OUT / "in_care.png", dpi=100)
print(f"written: {sorted(p.name for p in OUT.iterdir())}")
