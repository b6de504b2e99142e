"""The floor's counts come from the model itself: instrumentation sees every weekly draw and pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.__main__ import alternated_ratio
from benchmarks.floor import FloorKernel
from benchmarks.introspect import measure_step_work
from benchmarks.model_run import BURN_IN_WEEKS, YEARS
from jwsim.model.model import JwsimModel

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def work():
    """Measure one year of weekly step work at scale 20."""
    return measure_step_work(scale=20.0, weeks=52)


def test_fixed_size_weekly_draws_are_counted_per_process(work):
    """Each process's fixed-size weekly draws per youth are counted under its name."""
    # Each outcome process draws one float32 uniform per youth per week (common random numbers), youth
    # work two (contacts, programme durations), the factors two standard normals (mental strain, loneliness).
    for name in ("life_events", "need", "jeugdhulp", "nuisance", "crime", "school"):
        assert work.draws[(name, "random", "float32")] == pytest.approx(1.0)
    assert work.draws[("youthwork", "random", "float32")] == pytest.approx(2.0)
    assert work.draws[("factors", "standard_normal", "float32")] == pytest.approx(2.0)
    # Demography draws only for birthdays and newcomers: a small share per youth, but not nothing.
    assert 0 < work.draws[("demography", "random", "float64")] < 0.5


def test_passes_cover_the_state_each_process_really_uses(work):
    """The counted passes show which state arrays each process really reads and writes, and how often."""
    # The factors relax every protective and risk factor and multiply the friendship matrix once a week;
    # the baselines are read only for newcomers (the process keeps k x baseline per slot).
    for array in ("P", "R", "W"):
        assert work.passes[("factors", array)] == pytest.approx(1.0), array
    assert 0 < work.passes[("factors", "P_base")] < 0.05
    assert ("factors", "R") in work.written and ("factors", "P_base") not in work.written
    # The need process reads every youth's need (onset); jeugdhulp reads it too (who can be detected) and
    # writes the care levels; youth work keeps every youth's exposures.
    assert work.passes[("need", "need")] == pytest.approx(1.0)
    assert work.passes[("jeugdhulp", "need")] == pytest.approx(1.0)
    assert ("jeugdhulp", "jh_level") in work.written and ("youthwork", "exposure") in work.written
    # Thinning: crime touches only the youths whose uniform is below the hazard bound.
    assert 0 < work.passes[("crime", "student")] < 0.5
    # The yearly update of the street groups is one week in 52.
    assert work.passes[("new_year", "group")] == pytest.approx(1 / 52)
    assert 10 < work.passes_per_step < 60


def test_floor_kernel_replays_the_counted_draws_and_passes(work):
    """The floor kernel draws the counted values and makes the counted passes per step."""
    model = JwsimModel(seed=2, scale=10.0, years=1, collect=False)
    kernel = FloorKernel(work, model)
    kernel.step()
    kernel.step()
    assert kernel.values_drawn / 2 == pytest.approx(work.draws_per_youth * model.y.n, rel=0.005)
    assert kernel.passes_done / 2 == pytest.approx(work.passes_per_step)


def test_alternated_measurement_runs_the_whole_model_and_whole_floor_turns(work):
    """Alternating every k steps runs every model step once and the floor in whole turns of k steps."""
    model = JwsimModel(seed=2, scale=20.0, years=1, collect=False)
    kernel = FloorKernel(work, model)
    ratio, model_s, floor_s = alternated_ratio(kernel, seed=3, every=10, scale=20.0)
    # 52 + 260 = 312 model steps: 31 turns of 10 and a last turn of 2, each followed by 10 floor steps.
    turns = -(-(BURN_IN_WEEKS + 52 * YEARS) // 10)
    assert kernel.passes_done == pytest.approx(turns * 10 * work.passes_per_step)
    assert ratio == pytest.approx(model_s / floor_s) and model_s > 0 and floor_s > 0


@pytest.mark.parametrize("args", [["--reps", "0"], ["--alternate", "-1"]])
def test_bad_arguments_give_one_line_and_exit_2(args):
    """A bad benchmark argument gives a one-line error on stderr, no stdout, and exit code 2."""
    r = subprocess.run([sys.executable, "-m", "benchmarks", *args], cwd=ROOT, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and args[0] in r.stderr
    assert r.stdout == ""
