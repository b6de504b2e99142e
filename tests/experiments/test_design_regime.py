"""The evidence regime as a design factor: crossed with levers and parameters, carried by every row."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from jwsim.cli import main as cli_main
from jwsim.experiments.designs import design_from_dict, load_design
from jwsim.experiments.errors import ExperimentError
from jwsim.experiments.runner import execute, replicate_tasks
from jwsim.experiments.storage import load_table
from jwsim.experiments.sweep import run_experiment
from jwsim.model.params import REGIMES
from jwsim.model.scenario import load_scenario

# Four sampled points of one lever, crossed with the regimes (run settings: the defaults; nothing runs).
LHS = {"name": "t", "method": "lhs", "samples": 4,
       "factors": {"bk10.ambulant": {"low": 2.0, "high": 8.0}, "evidence": {}}}

DESIGN = """
name = "regimes"
method = "factorial"
scenarios = ["opdracht-2026"]
[run]
reps = 1
scale = 10
years = 1
seed = 77
[factors."bk10.ambulant"]
levels = [4.0]
[factors.evidence]
levels = ["pessimistic", "optimistic"]
"""


def test_lhs_crosses_each_sampled_point_with_every_regime():
    """Each Latin-hypercube point runs under the three regimes, with the same lever value."""
    d = design_from_dict(json.loads(json.dumps(LHS)))
    pts = d.points()
    assert d.regimes == REGIMES and d.n_points() == len(pts) == 12
    assert [p["evidence"] for p in pts] == list(REGIMES) * 4
    for k in range(4):
        assert len({p["bk10.ambulant"] for p in pts[3 * k : 3 * k + 3]}) == 1
    # The sampled values are those of the same design without the regime factor.
    plain = design_from_dict(LHS | {"factors": {"bk10.ambulant": LHS["factors"]["bk10.ambulant"]}})
    assert [p["bk10.ambulant"] for p in pts[::3]] == [p["bk10.ambulant"] for p in plain.points()]
    runs = d.runs()
    regimes = [r.params.regime for r in runs]
    assert regimes == [dict(r.inputs)["evidence"] for r in runs] == list(REGIMES) * 4


def test_factorial_regime_sets_the_effect_parameters_and_explicit_values_win():
    """A regime level moves the graded effect sizes; a parameter factor still overrides its regime value."""
    doc = {
        "name": "f",
        "method": "factorial",
        "run": {"reps": 1, "scale": 10, "years": 1},
        "factors": {"d_sjw": {"levels": [0.2]}, "evidence": {"levels": ["pessimistic", "optimistic"]}},
    }
    d = design_from_dict(doc)
    runs = d.runs()
    assert [r.params.regime for r in runs] == ["pessimistic", "optimistic"]
    assert [r.params["d_sjw"] for r in runs] == [0.2, 0.2]
    graded = "d_ambulant"
    assert runs[0].params[graded] < runs[1].params[graded]
    assert d.spec()["factors"][1] == {
        "name": "evidence", "kind": "regime", "low": 0.0, "high": 0.0,
        "levels": ["pessimistic", "optimistic"], "integer": False,
    }


@pytest.mark.parametrize(
    ("factors", "method", "needle"),
    [
        ({"evidence": {"levels": ["sure"]}}, "factorial", "'sure' is not one of pessimistic"),
        ({"evidence": {"levels": []}}, "factorial", "empty"),
        ({"evidence": {"levels": ["central", "central"]}}, "factorial", "repeats a level"),
        ({"evidence": {"low": 0, "high": 1}, "bk10.ambulant": {"levels": [4.0]}}, "factorial", "only levels"),
        ({"evidence": {}}, "lhs", "at least one numeric factor"),
        ({"evidence": {}, "bk10.ambulant": {"low": 2.0, "high": 8.0}}, "morris", "cannot be a factor"),
    ],
)
def test_bad_regime_factor_is_one_clear_error(factors, method, needle):
    """A wrong regime factor names the key and the problem."""
    doc = {"name": "b", "method": method, "factors": factors}
    if method != "factorial":
        doc["samples"] = 4
    with pytest.raises(ExperimentError, match=needle):
        design_from_dict(doc)


def test_evidence_option_with_a_regime_factor_is_a_one_line_error(tmp_path, capsys):
    """``--evidence`` and ``[factors.evidence]`` together: exit 2, one line, nothing written."""
    path = tmp_path / "r.toml"
    path.write_text(DESIGN)
    out = tmp_path / "out"
    code = cli_main(["sweep", str(path), "--evidence", "central", "--out", str(out), "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert "--evidence central" in err and "[factors.evidence]" in err and "Traceback" not in err
    assert not out.exists()


def _sweep(design, out: Path, **kw):
    return run_experiment(design.runs(), out, _manifest(design), progress=False, **kw)


def _manifest(design) -> dict:
    return {"name": design.name, "experiment_id": design.experiment_id(), "design": design.spec()}


def test_regime_sweep_rows_carry_their_regime_identical_across_executors_and_resume(tmp_path):
    """Rows say their regime (with its dictionary entry), equal plain runs under it, on any executor."""
    path = tmp_path / "r.toml"
    path.write_text(DESIGN)
    design = load_design(path)
    assert _sweep(design, tmp_path / "w1", workers=1).rows == 2
    assert _sweep(design, tmp_path / "w2", workers=2, batch=1).rows == 2
    df = load_table(tmp_path / "w1")
    pd.testing.assert_frame_equal(df, load_table(tmp_path / "w2"))
    wijk = [load_table(tmp_path / d, "per_wijk") for d in ("w1", "w2")]
    pd.testing.assert_frame_equal(*wijk)
    schools = [load_table(tmp_path / d, "per_school") for d in ("w1", "w2")]
    pd.testing.assert_frame_equal(*schools)
    assert len(schools[0]) == 2 * 30 and schools[0]["school_code"].nunique() == 30
    assert df["evidence"].tolist() == df["in_evidence"].tolist() == ["pessimistic", "optimistic"]
    # Each row is the point's allocation run with the scenario's parameters under its regime, same seed.
    sc = load_scenario("opdracht-2026")
    for run, row in zip(design.runs(), df.itertuples(), strict=True):
        task = replicate_tasks(sc.under(row.evidence), 77, 1, 10, 1)[0]
        res = execute([replace(task, schedule=run.schedule)], workers=1)[0]
        assert row.kpi_jeugdhulp_entries_per_year == float(np.mean(res.kpis["jeugdhulp_entries_per_year"]))
    assert df["kpi_jeugdhulp_entries_per_year"].nunique() == 2
    part = sorted((tmp_path / "w1" / "runs").glob("*.parquet"))[0]
    field = pq.read_schema(part).field("evidence")
    assert field.metadata[b"label_en"] == b"Evidence regime" and field.metadata[b"unit"] == b"regime"
    part = sorted((tmp_path / "w1" / "per_school").glob("*.parquet"))[0]
    field = pq.read_schema(part).field("sjw_youths_reached_per_year")
    assert field.metadata[b"unit"] == b"youths/year" and field.metadata[b"label_nl"].startswith(b"Leerlingen")
    # The per-school SJW reach of a run adds up to its city KPI (both means over the simulated years).
    reach = schools[0].groupby("run_key")["sjw_youths_reached_per_year"].sum()
    assert np.allclose(reach.to_numpy(), df.set_index("run_key").loc[reach.index,
                                                                   "kpi_sjw_youths_reached_per_year"])
    # Resume: nothing is run again and the rows stay.
    again = run_experiment(design.runs(), tmp_path / "w1", _manifest(design), progress=False, workers=1,
                           resume=True)
    assert (again.ran, again.skipped, again.rows) == (0, 2, 2)
    pd.testing.assert_frame_equal(df, load_table(tmp_path / "w1"))


def test_shipped_evidence_regimes_design_crosses_levels_with_the_three_regimes():
    """The shipped example: 3 SJW levels x 3 regimes x 3 replicates, each regime at every level."""
    d = load_design("evidence-regimes")
    assert d.regimes == REGIMES and d.n_runs() == len(d.runs()) == 27
    cells = {(p["sjw.hours_per_school"], p["evidence"]) for p in d.points()}
    assert cells == {(h, r) for h in (8.0, 12.0, 16.0) for r in REGIMES}


def test_sensitivity_runs_a_design_under_the_evidence_regime_given(tmp_path):
    """``jwsim sensitivity --evidence``: every run under that regime, recorded in the design spec."""
    path = tmp_path / "m.toml"
    path.write_text('name = "m"\nmethod = "morris"\nsamples = 2\nkpis = ["halt_per_year"]\n'
                    '[run]\nreps = 1\nscale = 50\nyears = 1\n'
                    '[factors."bk10.ambulant"]\nlow = 3.0\nhigh = 7.0\n')
    out = tmp_path / "out"
    code = cli_main(["sensitivity", str(path), "--evidence", "pessimistic", "--noise-reps", "0",
                     "--resamples", "10", "--workers", "1", "--no-progress", "--json", "--out", str(out)])
    assert code == 0
    df = load_table(out)
    assert len(df) == 4 and set(df["evidence"]) == {"pessimistic"}
    assert json.loads((out / "manifest.json").read_text())["design"]["evidence"] == "pessimistic"
