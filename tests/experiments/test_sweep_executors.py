"""The same design gives identical rows with 1 worker, 2 workers and a 2-worker Dask LocalCluster."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jwsim.experiments.designs import load_design
from jwsim.experiments.runner import execute, replicate_tasks
from jwsim.experiments.storage import load_table, read_manifest
from jwsim.experiments.sweep import run_experiment
from jwsim.model.scenario import load_scenario

DESIGN = """
name = "tiny"
method = "lhs"
samples = 3
sampler_seed = 4
scenarios = ["opdracht-2026"]
[run]
reps = 2
scale = 10
years = 1
seed = 77
[factors."bk10.ambulant"]
low = 2.0
high = 8.0
[factors.sjw_dose_threshold_hours]
low = 8.0
high = 16.0
"""


def _design(tmp_path: Path):
    path = tmp_path / "tiny.toml"
    path.write_text(DESIGN)
    return load_design(path)


def _sweep(design, out: Path, **kw):
    manifest = {"name": design.name, "experiment_id": design.experiment_id(), "design": design.spec()}
    return run_experiment(design.runs(), out, manifest, progress=False, **kw)


def test_rows_identical_inline_pool_and_dask(tmp_path):
    """Rows identical inline pool and dask."""
    distributed = pytest.importorskip("distributed")
    design = _design(tmp_path)
    s1 = _sweep(design, tmp_path / "w1", workers=1)
    s2 = _sweep(design, tmp_path / "w2", workers=2, batch=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        s3 = _sweep(design, tmp_path / "dask", scheduler=cluster.scheduler_address, batch=2)
    assert (s1.rows, s2.rows, s3.rows) == (6, 6, 6), s3.failures[:3]
    assert read_manifest(tmp_path / "dask")["sessions"][-1]["backend"]["kind"] == "dask"
    assert read_manifest(tmp_path / "w2")["sessions"][-1]["backend"]["kind"] == "processes"
    runs = [load_table(tmp_path / d) for d in ("w1", "w2", "dask")]
    wijk = [load_table(tmp_path / d, "per_wijk") for d in ("w1", "w2", "dask")]
    for other in runs[1:]:
        pd.testing.assert_frame_equal(runs[0], other)
    for other in wijk[1:]:
        pd.testing.assert_frame_equal(wijk[0], other)
    df = runs[0]
    assert sorted(df["run_key"]) == sorted(f"{p}/opdracht-2026/{r}" for p in range(3) for r in range(2))
    # The levers reached the model: ambulant hours per wijk follow the ambulant FTE of each point.
    amb = wijk[0].groupby("point")["ambulant_hours_per_week"].sum()
    fte = df.groupby("point")["in_bk10_ambulant"].first()
    assert np.argsort(amb.to_numpy()).tolist() == np.argsort(fte.to_numpy()).tolist()
    # Replicates differ (different seeds), points share replicate seeds (common random numbers).
    assert df.groupby("point")["kpi_jeugdhulp_entries_per_year"].nunique().min() == 2


def test_sweep_run_equals_plain_run_of_the_scenario(tmp_path):
    """A point without levers is the scenario itself: same numbers as ``execute(replicate_tasks(...))``."""
    path = tmp_path / "one.toml"
    path.write_text(
        DESIGN.replace("low = 2.0\nhigh = 8.0", "levels = [4.0]")
        .replace('method = "lhs"', 'method = "factorial"')
        .replace("samples = 3\n", "")
        .replace("[factors.sjw_dose_threshold_hours]\nlow = 8.0\nhigh = 16.0\n", "")
    )
    design = load_design(path)
    _sweep(design, tmp_path / "out", workers=1)
    df = load_table(tmp_path / "out")
    plain = execute(replicate_tasks(load_scenario("opdracht-2026"), 77, 2, 10, 1), workers=1)
    for r, res in enumerate(plain):
        assert df.loc[r, "kpi_jeugdhulp_entries_per_year"] == pytest.approx(
            float(np.mean(res.kpis["jeugdhulp_entries_per_year"])), abs=0
        )
        assert df.loc[r, "kpi_halt_per_year"] == float(np.mean(res.kpis["halt_per_year"]))


def test_scheduler_from_environment_and_unreachable_scheduler(tmp_path, monkeypatch):
    """DASK_SCHEDULER_ADDRESS selects Dask; an unreachable scheduler is a one-line user error."""
    pytest.importorskip("distributed")
    from jwsim.experiments.errors import ExperimentError
    from jwsim.experiments.executors import SCHEDULER_ENV, dask_backend, scheduler_address

    monkeypatch.setenv(SCHEDULER_ENV, "tcp://127.0.0.1:8786")
    assert scheduler_address(None) == "tcp://127.0.0.1:8786"
    assert scheduler_address("tcp://127.0.0.1:9") == "tcp://127.0.0.1:9"
    monkeypatch.delenv(SCHEDULER_ENV)
    assert scheduler_address(None) is None
    with pytest.raises(ExperimentError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        with dask_backend("tcp://127.0.0.1:9", timeout=1.0):
            pass
