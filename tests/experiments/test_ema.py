"""EMA Workbench adapter.

The model function is tested without EMA; the ReplicatorModel and the PRIM example only where the optional
extra ``ema`` (ema_workbench) is installed.
"""

from __future__ import annotations

import numpy as np
import pytest

from jwsim.experiments.ema import JwsimFunction
from jwsim.experiments.levers import apply_to_schedule
from jwsim.experiments.runner import RunTask, replicate_seed, run_task, scenario_schedule
from jwsim.model.params import REGISTRY, Parameters
from jwsim.model.scenario import load_scenario

KPI = "jeugdoverlast_registered_per_year"


def _direct(replicate: int, ambulant: float, ratio: float) -> float:
    sc = load_scenario("opdracht-2026")
    prm = Parameters.from_overrides({"nuisance_summer_ratio": ratio})
    sched = apply_to_schedule(scenario_schedule(sc), {"bk10.ambulant": ambulant}, prm)
    res = run_task(RunTask(sched, prm, replicate_seed(7, replicate), 10, 1, replicate))
    return float(np.mean(res.kpis[KPI]))


def test_function_equals_the_runner_with_the_same_seed():
    """Function equals the runner with the same seed."""
    f = JwsimFunction(seed=7, scale=10, years=1, outcomes=(KPI,))
    got = f(replicate=1, nuisance_summer_ratio=2.2, bk10_ambulant=6.0)
    assert got[KPI] == _direct(1, 6.0, 2.2)
    assert f(replicate=0, nuisance_summer_ratio=2.2, bk10_ambulant=6.0)[KPI] != got[KPI]


def test_replicator_model_and_prim():
    """Replicator model and prim."""
    ema = pytest.importorskip("ema_workbench")
    from jwsim.experiments.ema import ema_model, prim_example

    model = ema_model(
        uncertainties=("nuisance_summer_ratio",),
        lever_ranges={"bk10.ambulant": (4.0, 8.0)},
        outcomes=(KPI,),
        replications=2,
        seed=7,
        scale=10,
        years=1,
    )
    assert [u.name for u in model.uncertainties] == ["nuisance_summer_ratio"]
    assert (model.uncertainties[0].lower_bound, model.uncertainties[0].upper_bound) == (
        REGISTRY["nuisance_summer_ratio"].low,
        REGISTRY["nuisance_summer_ratio"].high,
    )
    with ema.SequentialEvaluator(model) as ev:
        experiments, outcomes = ev.perform_experiments(scenarios=2, policies=1)
    values = np.asarray(outcomes[KPI], dtype=float).reshape(len(experiments), 2)
    for i, row in experiments.reset_index(drop=True).iterrows():
        for r in range(2):
            assert values[i, r] == _direct(
                r, float(row["bk10_ambulant"]), float(row["nuisance_summer_ratio"])
            )

    lims, stats, y = prim_example(n_scenarios=12, replications=1, scale=10, years=1, seed=3)
    assert len(y) == 12 and 0 < stats["mass"] <= 1 and 0 < stats["coverage"] <= 1
    for name in lims.columns:
        lo, hi = lims[name]
        assert REGISTRY[name].low <= lo <= hi <= REGISTRY[name].high
