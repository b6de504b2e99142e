"""Tiny real calibrations (scale 20, one year, two free parameters).

The SMM improves the fit, the posterior is reproducible, and an interrupted calibration resumes from its
checkpoints to the same result.
"""

from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pyabc
import pytest

from jwsim.calibration import abc as abc_stage
from jwsim.calibration import pipeline
from jwsim.calibration.targets import CalibrationError, load_targets
from jwsim.model.params import REGISTRY


def _run(targets, out, stop_after=None):
    ts = load_targets(targets)
    return pipeline.run(ts, pipeline.Options(out=out, workers=1, stop_after=stop_after, log=lambda m: None))


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    """Run the tiny calibration once without interruption; return targets, output folder, summary."""
    from cal_helpers import tiny_targets_text  # tests/calibration is on sys.path

    folder = tmp_path_factory.mktemp("calib")
    targets = folder / "targets.toml"
    targets.write_text(tiny_targets_text(), encoding="utf-8")
    return targets, folder / "out", _run(targets, folder / "out")


def test_smm_lowers_the_objective_and_stays_in_range(uninterrupted):
    """The SMM fits the two free parameters, lowers the objective and stays in the ranges."""
    _, _, summary = uninterrupted
    smm = summary["smm"]
    assert set(smm["theta"]) == {"need_onset_per_year", "nuisance_acts_per_week_street"}
    assert smm["objective"] < smm["start_objective"]
    for n, v in smm["theta"].items():
        assert REGISTRY[n].low <= v <= REGISTRY[n].high


def test_posterior_draws_are_weighted_particles_in_range(uninterrupted):
    """The ABC posterior is two generations of weighted particles in range, with draws among them."""
    _, out, summary = uninterrupted
    a = summary["abc"]
    assert a["generations"] == 2 and len(a["particles"]) == 5
    assert np.isclose(sum(a["weights"]), 1.0)
    assert 1.0 <= a["effective_sample_size_smc"] <= 5.0
    # after resample-move the particles carry their distances (all within the last tolerance); the MCMC step
    # was checkpointed
    mcmc = json.loads((out / "mcmc.json").read_text())
    assert mcmc["step"] == 1 and a["mcmc"]["step"] == 1
    assert len(mcmc["D"]) == 5 and max(mcmc["D"]) <= a["epsilons"][-1]
    # the last generation: tolerance = the 60% quantile of those distances, weight 1 inside and 0 outside
    fin = a["final_generation"]
    w = np.asarray(a["weights"])
    inside = w > 0
    assert fin["epsilon"] == pytest.approx(np.quantile(mcmc["D"], 0.6))
    assert fin["epsilon"] <= a["epsilons"][-1]
    assert np.array_equal(inside, np.asarray(mcmc["D"]) <= fin["epsilon"]) and 3 <= inside.sum() <= 5
    assert np.allclose(w[inside], 1.0 / inside.sum())
    assert a["effective_sample_size"] == pytest.approx(inside.sum()) == fin["effective_sample_size"]
    assert len(a["draws"]) == min(4, inside.sum())
    kept = [p for p, keep in zip(a["particles"], inside, strict=True) if keep]
    for d in a["draws"]:
        assert d in kept
        for n, v in d.items():
            assert REGISTRY[n].low <= v <= REGISTRY[n].high
    # the tolerance schedule shrinks: eps_0 = inf, then the median of the previous distances
    assert np.isinf(a["epsilons"][0]) and np.isfinite(a["epsilons"][1])
    assert json.loads((out / "calibration.json").read_text())["seed"] == 7


def test_interrupted_calibration_resumes_to_the_same_result(uninterrupted, tmp_path):
    """A calibration stopped in the SMM, then in the ABC, resumes to the uninterrupted result."""
    targets, _, reference = uninterrupted
    out = tmp_path / "resumed"
    with pytest.raises(pipeline.CalibrationInterrupted):
        _run(targets, out, stop_after="smm-batches:2")
    first = json.loads((out / "smm_evaluations.json").read_text())
    assert len(first["evaluations"]) >= 2 and not (out / "smm.json").exists()
    with pytest.raises(pipeline.CalibrationInterrupted):
        _run(targets, out, stop_after="abc-generations:1")
    assert (out / "smm.json").exists() and (out / "abc.db").exists() and not (out / "abc.json").exists()
    resumed = _run(targets, out)
    assert resumed["smm"]["theta"] == reference["smm"]["theta"]
    assert resumed["smm"]["runs"] < reference["smm"]["runs"], "cached evaluations must not run again"
    assert resumed["abc"]["particles"] == reference["abc"]["particles"]
    assert resumed["abc"]["draws"] == reference["abc"]["draws"]


def test_other_settings_in_the_same_folder_are_refused(uninterrupted, tmp_path):
    """A calibration with other settings in an existing output folder is refused."""
    from cal_helpers import tiny_targets_text

    targets, out, _ = uninterrupted
    other = tmp_path / "other.toml"
    other.write_text(tiny_targets_text(seed=8), encoding="utf-8")
    with pytest.raises(CalibrationError, match="another calibration"):
        _run(other, out)


def _toy_particle():
    """Make a pyabc particle whose parameter and acceptance come from numpy's global state."""
    x = float(np.random.random_sample())
    return pyabc.population.Particle(m=0, parameter=pyabc.Parameter({"x": x}), weight=1.0, sum_stat={"x": x},
                                     distance=x, accepted=x < 0.5)


def test_sampler_result_does_not_depend_on_workers():
    """The seeded batch sampler accepts the same particles serially and with two workers."""
    serial = abc_stage.SeededBatchSampler(seed=3, batch=4, workers=1)
    s1 = serial.sample_until_n_accepted(6, _toy_particle, 2)
    # fork: the toy function needs no fresh interpreter (spawn would re-import pyabc in each worker)
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as ex:
        parallel = abc_stage.SeededBatchSampler(seed=3, batch=4, executor=ex)
        s2 = parallel.sample_until_n_accepted(6, _toy_particle, 2)
    xs1 = [p.parameter["x"] for p in s1.accepted_particles]
    xs2 = [p.parameter["x"] for p in s2.accepted_particles]
    assert len(xs1) == 6 and xs1 == xs2
    assert serial.nr_evaluations_ == parallel.nr_evaluations_
    other = abc_stage.SeededBatchSampler(seed=4, batch=4).sample_until_n_accepted(6, _toy_particle, 2)
    assert [p.parameter["x"] for p in other.accepted_particles] != xs1


def test_pseudo_prior_reweighting_recovers_the_uniform_prior():
    """Reweighting draws of the defensive proposal by 1/q gives back the uniform prior."""
    # With all particles accepted (no data), reweighting draws of q by 1/q must give back the uniform prior.
    p = REGISTRY["need_onset_per_year"]
    rv = abc_stage.DefensiveRV(p.low, p.high, loc=0.06, sd=0.004)
    np.random.seed(1)
    x = np.array([rv.rvs() for _ in range(4000)])
    assert ((x >= p.low) & (x <= p.high)).all()
    assert rv.pdf(x[0]) == pytest.approx(0.9 * rv.norm.pdf(x[0]) + 0.1 * rv.unif.pdf(x[0]))
    w = 1.0 / (0.9 * rv.norm.pdf(x) + 0.1 * rv.unif.pdf(x))
    w /= w.sum()
    mean = float(np.sum(w * x))
    assert mean == pytest.approx((p.low + p.high) / 2, rel=0.08)
    assert np.mean(x) == pytest.approx(0.06, abs=0.01)  # while q itself concentrates near the centre


def test_the_command_leaves_a_manifest_with_provenance(uninterrupted):
    """`jwsim calibrate` (here continuing a finished calibration) writes manifest.json like every command."""
    from jwsim.cli import main as cli_main
    from jwsim.experiments.provenance import file_sha256

    targets, out, _ = uninterrupted
    argv = ["calibrate", "--targets", str(targets), "--out", str(out), "--workers", "1", "--json"]
    assert cli_main(argv) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["command"] == "jwsim calibrate" and manifest["targets_sha256"] == file_sha256(targets)
    assert manifest["git_dirty"] in (True, False) and manifest["versions"]["pyabc"] == pyabc.__version__
    assert set(manifest["input_data"]) >= {"data/wijken.csv", "data/city_indicators.csv"}


def test_final_reweighting_keeps_the_particles_inside_the_quantile_with_equal_weights():
    """The last generation's weights are the indicator d <= quantile, normalised; the ESS is their count."""
    from jwsim.calibration.rejuvenate import final_reweighting

    eps, w = final_reweighting([4.0, 1.0, 3.0, 2.0, 5.0, 6.0, 8.0, 7.0, 9.0, 10.0], 0.5)
    assert eps == pytest.approx(5.5)
    assert np.array_equal(w > 0, np.array([1, 1, 1, 1, 1, 0, 0, 0, 0, 0], bool))
    assert np.allclose(w[w > 0], 0.2) and abc_stage.effective_sample_size(w) == pytest.approx(5.0)
