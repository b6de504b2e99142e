"""Plausible magnitudes, seasonality and reproducibility."""

import pickle
import subprocess
import sys

import numpy as np
import pytest

from jwsim.experiments.runner import scenario_schedule
from jwsim.model.model import JwsimModel
from jwsim.model.scenario import load_scenario


@pytest.fixture(scope="module")
def full_city():
    """Run the opdracht-2026 scenario for the full city (scale 1) for 5 years."""
    sc = load_scenario("opdracht-2026")
    return JwsimModel(scenario_schedule(sc), seed=2026, scale=1.0, years=5, collect=False).run()


def test_plausible_magnitudes_full_city(full_city):
    """The full-city KPIs lie in plausible ranges for Nijmegen."""
    k = {n: float(np.mean(v)) for n, v in full_city.kpis.items()}
    assert 0.08 <= k["jeugdhulp_prevalence_u18"] <= 0.20
    assert 300 <= k["jeugdoverlast_registered_per_year"] <= 2000
    assert 20 <= k["ib_youths_per_year"] <= 99  # tens of youths a year with 3 FTE
    assert 0.5 < k["jeugdhulp_mean_duration_years"] < 2.5
    assert 0.15 < k["vulnerable_share_10_19"] < 0.25


def test_nuisance_is_higher_in_summer_and_at_new_year(full_city):
    """Nuisance peaks in summer and at the turn of the year."""
    w = full_city.weekly["nuisance_incidents"].reshape(5, 52)
    summer = w[:, 26:32].mean()
    winter = w[:, 4:10].mean()
    assert summer > 1.5 * winter
    # The jaarwisseling weeks (52 and 1) stand out against the other winter weeks and the year's median.
    assert w[:, 51].mean() > 2 * winter and w[:, 0].mean() > 1.5 * winter
    assert w[:, 51].mean() > 1.5 * np.median(w)


def test_every_wijk_with_youths_is_in_the_per_wijk_table(full_city):
    """The per-wijk table has every wijk with youths, and its youths add up to the total."""
    youths = full_city.per_wijk["youths_10_23"].mean(axis=0)
    assert (youths > 0).sum() >= 40
    assert np.isclose(youths.sum(), full_city.meta["youths"], rtol=1e-9)


def _kpis(seed):
    sc = load_scenario("opdracht-2026")
    return JwsimModel(scenario_schedule(sc), seed=seed, scale=10.0, years=1, collect=False).run()


def test_same_seed_gives_bit_identical_results_and_other_seeds_differ():
    """The same seed gives bit-identical results; another seed gives different ones."""
    a, b, c = _kpis(7), _kpis(7), _kpis(8)
    for k in a.kpis:
        assert np.array_equal(a.kpis[k], b.kpis[k]), k
    for k in a.weekly:
        assert np.array_equal(a.weekly[k], b.weekly[k]), k
    assert not np.array_equal(a.weekly["jh_entries"], c.weekly["jh_entries"])


def test_same_seed_gives_bit_identical_results_in_another_process(tmp_path):
    """The same seed gives bit-identical KPIs in a separate Python process."""
    code = (
        "import pickle,sys\n"
        "from jwsim.model.model import JwsimModel\n"
        "from jwsim.model.scenario import load_scenario\n"
        "from jwsim.experiments.runner import scenario_schedule\n"
        "sc=load_scenario('opdracht-2026')\n"
        "r=JwsimModel(scenario_schedule(sc),seed=7,scale=10.0,years=1,collect=False).run()\n"
        "sys.stdout.buffer.write(pickle.dumps({k:v for k,v in r.kpis.items()}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout
    other = pickle.loads(out)
    here = _kpis(7)
    for k, v in here.kpis.items():
        assert np.array_equal(v, other[k]), k
