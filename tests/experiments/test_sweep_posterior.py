"""Sweeps with parameter uncertainty (a posterior ensemble) and the realised allocation in every row."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from jwsim.calibration.posterior import ensemble, posterior_path, replicate_draw
from jwsim.cli import main as cli_main
from jwsim.experiments.designs import load_design
from jwsim.experiments.errors import ExperimentError
from jwsim.model.params import REGISTRY
from jwsim.model.scenario import load_scenario

SMALL = ["--reps", "3", "--scale", "50", "--years", "1", "--workers", "2", "--no-progress", "--json"]


def _design(tmp_path, extra: str = "", factors: str = "") -> str:
    path = tmp_path / "d.toml"
    path.write_text(
        'name = "post"\nmethod = "lhs"\nsamples = 2\nsampler_seed = 4\n'
        f'scenarios = ["opdracht-2026", "huidig-2025"]\n{extra}\n'
        '[factors."bk10.ambulant"]\nlow = 3.0\nhigh = 7.0\n'
        '[factors."sjw.hours_per_school"]\nlow = 6.0\nhigh = 14.0\n' + factors
    )
    return str(path)


def test_each_replicate_draws_one_parameter_set_the_same_at_every_point(tmp_path, capsys):
    """``posterior = "posterior"``: replicate r uses draw replicate_draw(seed, r) everywhere, in every row."""
    out = tmp_path / "o"
    assert cli_main(["sweep", _design(tmp_path, 'posterior = "posterior"'), "--out", str(out), *SMALL]) == 0
    rows = pd.read_parquet(out / "runs")
    names, draws = ensemble(posterior_path())
    assert len(rows) == 2 * 2 * 3
    for _, row in rows.iterrows():
        i = replicate_draw(20260101, int(row["replicate"]), len(draws))
        assert row["posterior_draw"] == i
        assert [row[f"posterior_{n}"] for n in names] == pytest.approx(draws[i].tolist())
    assert rows.groupby("replicate")["posterior_draw"].nunique().eq(1).all()  # paired across points
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["design"]["posterior"]["file"] == str(posterior_path())
    # Parameter uncertainty changes the runs: the same design without the posterior gives other numbers.
    plain = tmp_path / "plain"
    assert cli_main(["sweep", _design(tmp_path), "--out", str(plain), *SMALL]) == 0
    other = pd.read_parquet(plain / "runs").sort_values("run_key").reset_index(drop=True)
    mine = rows.sort_values("run_key").reset_index(drop=True)
    assert "posterior_draw" not in other.columns
    # (nuisance: its base rate is in the posterior; the care parameters wait for the recalibration)
    kpi = "kpi_nuisance_incidents_per_year"
    assert not np.allclose(mine[kpi], other[kpi])


def test_the_command_line_adds_a_posterior_and_a_design_factor_wins_over_the_draw(tmp_path):
    """``--posterior`` on a design without one; a factor that is a posterior parameter keeps its value."""
    names, draws = ensemble(posterior_path())
    assert "ambulant_presence_effect" in names
    path = _design(tmp_path, factors="[factors.ambulant_presence_effect]\n")
    design = load_design(path).with_posterior("posterior")
    scenario = load_scenario("opdracht-2026")
    for run in design.runs():
        drawn = dict(zip(names, draws[dict(run.columns)["posterior_draw"]], strict=True))
        # the factor, not the draw
        assert run.params["ambulant_presence_effect"] == dict(run.inputs)["ambulant_presence_effect"]
        assert run.params["mental_strain_base"] == pytest.approx(drawn["mental_strain_base"])
        if run.scenario == scenario.name:  # and the scenario's own overrides win too
            for name, value in scenario.params.overrides:
                assert run.params[name] == value
    assert load_design(path).runs()[0].params["mental_strain_base"] == REGISTRY["mental_strain_base"].value


def test_bad_posteriors_are_refused_before_anything_runs(tmp_path, capsys):
    """A missing posterior file, a toy evaluator with a posterior: one line, exit 2, nothing written."""
    out = tmp_path / "o"
    assert cli_main(["sweep", _design(tmp_path, 'posterior = "nope.json"'), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "posterior" in err and "nope.json" in err and not out.exists()
    assert cli_main(["sweep", "ishigami", "--posterior", "--out", str(out)]) == 2
    assert "no parameters to draw" in capsys.readouterr().err and not out.exists()
    with pytest.raises(ExperimentError, match="posterior file not found"):
        load_design(_design(tmp_path)).with_posterior(tmp_path / "missing.json")


def test_every_row_carries_the_realised_allocation(tmp_path, capsys):
    """The smoke design: FTE per form after the balancing form, SJW hours and FTE, totals, and the cost."""
    out = tmp_path / "smoke"
    assert cli_main(["sweep", "smoke", "--out", str(out), *SMALL[:1], "1", *SMALL[2:]]) == 0
    rows = pd.read_parquet(out / "runs")
    base = load_scenario("opdracht-2026").allocation
    p = REGISTRY
    assert np.allclose(rows["alloc_bk10_ambulant_fte"], rows["in_bk10_ambulant"])
    schools = sum(1 for _, h in base.sjw_hours if h > 0)
    assert (rows["alloc_sjw_schools"] == schools).all()
    assert np.allclose(rows["alloc_sjw_hours_per_week"], schools * rows["in_sjw_hours_per_school"])
    per_fte = p["hours_per_fte"].value * p["sjw_direct_share"].value
    assert np.allclose(rows["alloc_bk10_sjw_fte"], rows["alloc_sjw_hours_per_week"] / per_fte)
    bk10 = rows[[f"alloc_bk10_{f}_fte" for f in ("ambulant", "sjw", "ib", "wijk", "vakmanschap")]].sum(axis=1)
    assert np.allclose(bk10, sum(base.bk10.values()))  # wijk work absorbs the moves: the total stays
    assert rows["alloc_bk10_wijk_fte"].nunique() > 1  # ... and is derived per point
    jc = rows[[f"alloc_jc_{f}_fte" for f in ("ambulant", "swf", "vakmanschap")]].sum(axis=1)
    assert np.allclose(rows["alloc_fte_total"], bk10 + jc)
    assert np.allclose(rows["alloc_cost_eur_per_year"], rows["kpi_youthwork_cost_eur_per_year"])


def test_resuming_rows_of_another_version_is_one_clear_error(tmp_path, capsys):
    """Rows without the newer columns (an older jwsim started the folder): one line, exit 2, nothing added."""
    out = tmp_path / "smoke"
    argv = ["sweep", "smoke", "--out", str(out), "--reps", "1", "--scale", "100", "--years", "1"]
    argv += ["--workers", "1"]
    assert cli_main([*argv, "--no-progress"]) == 0
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["columns"] = [c for c in manifest["columns"] if not c.startswith("alloc_")]  # as older versions
    parts = sorted((out / "runs").iterdir())
    parts[-1].unlink()  # one part to run again
    manifest_path.write_text(json.dumps(manifest))
    capsys.readouterr()
    assert cli_main([*argv, "--no-progress", "--resume"]) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if ": warning: --scale" not in line]
    assert len(err) == 1 and "other columns" in err[0] and "another jwsim version" in err[0]
    assert sorted((out / "runs").iterdir()) == parts[:-1]
