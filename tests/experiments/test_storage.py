"""Results on disk.

Readable without jwsim (pandas, pyarrow.dataset, DuckDB when installed), interrupted writes leave nothing
half-done, and one experiment keeps one column set.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pyarrow.dataset as ds
import pytest

from jwsim.experiments.storage import ResultStore

DESIGN = (
    'name = "ish"\nmethod = "lhs"\nevaluator = "ishigami"\nsamples = 40\nsampler_seed = 1\n'
    "[run]\nreps = 1\n[factors.x1]\n[factors.x2]\n[factors.x3]\n"
)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """Run a 40-run toy sweep in its own folder (a real subprocess) and return the folder."""
    root = tmp_path_factory.mktemp("storage")
    (root / "ish.toml").write_text(DESIGN)
    out = root / "out"
    cmd = [
        sys.executable,
        "-m",
        "jwsim",
        "sweep",
        str(root / "ish.toml"),
        "--out",
        str(out),
        "--batch",
        "7",
        "--workers",
        "1",
        "--json",
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout.strip().splitlines()[-1])["rows"] == 40
    # A hidden temporary file, as an interrupted write leaves it, must be invisible to every reader.
    (out / "runs" / ".part-000099.parquet.abc.tmp").write_bytes(b"half a file")
    return out


def test_pandas_and_pyarrow_read_without_jwsim(results):
    """Pandas and pyarrow read without jwsim."""
    code = (
        "import pandas as pd, pyarrow.dataset as ds, sys; df = pd.read_parquet(sys.argv[1] + '/runs'); "
        "t = ds.dataset(sys.argv[1] + '/runs', format='parquet').to_table(); "
        "print(len(df), t.num_rows, df['run_key'].is_unique, 'jwsim' in sys.modules)"
    )
    res = subprocess.run(
        [sys.executable, "-S", "-c", "import site; site.main(); " + code, str(results)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.stdout.split() == ["40", "40", "True", "False"], res.stderr
    df = pd.read_parquet(results / "runs")
    assert {"run_key", "point", "scenario", "replicate", "seed", "in_x1", "in_x2", "in_x3", "kpi_y"} <= set(
        df.columns
    )
    assert len(ds.dataset(results / "runs").files) == 6  # 40 runs in batches of 7


def test_duckdb_reads_the_folder(results):
    """Duckdb reads the folder."""
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    n, points = con.execute(
        f"SELECT count(*), count(DISTINCT point) FROM read_parquet('{results}/runs/*.parquet')"
    ).fetchone()
    assert (n, points) == (40, 40)
    mean_y = con.execute(f"SELECT avg(kpi_y) FROM read_parquet('{results}/runs/*.parquet')").fetchone()[0]
    assert mean_y == pytest.approx(pd.read_parquet(results / "runs")["kpi_y"].mean())


def test_manifest_records_what_reproduces_the_experiment(results):
    """Manifest records what reproduces the experiment."""
    m = json.loads((results / "manifest.json").read_text())
    assert m["status"] == "complete" and m["rows"] == 40 and m["failed"] == 0
    assert m["registry_version"] and m["git_commit"] and m["versions"]["numpy"]
    assert m["design"]["run"]["seed"] == 20260101 and "spawn_key" in m["seed_scheme"]
    assert (results / "design.toml").read_text() == DESIGN


def test_orphaned_per_wijk_part_is_removed_and_run_not_counted(tmp_path):
    """Orphaned per wijk part is removed and run not counted."""
    out = tmp_path / "o"
    store = ResultStore.open(out, {"experiment_id": "x", "name": "x"}, None)
    store.write_batch(
        [{"run_key": "0/s/0", "kpi_y": 1.0}], [{"run_key": "0/s/0", "wijk_code": "A", "v": 1.0}]
    )
    # Simulate a kill between the per_wijk rename and the runs rename of the next batch.
    (out / "per_wijk" / "part-000002.parquet").write_bytes(
        (out / "per_wijk" / "part-000001.parquet").read_bytes()
    )
    again = ResultStore(out, json.loads((out / "manifest.json").read_text()))
    assert again.done_keys() == {"0/s/0"}
    assert sorted(p.name for p in (out / "per_wijk").iterdir()) == ["part-000001.parquet"]
    with pytest.raises(ValueError, match="columns"):
        again.write_batch([{"run_key": "1/s/0", "kpi_z": 2.0}], [])
