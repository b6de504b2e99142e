"""The data dictionary: every column of every Parquet part and the manifest say what a number is."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from jwsim.cli import main as cli_main
from jwsim.experiments.dictionary import FIELDS, PART_FIELDS, column_entry
from jwsim.model.process import TABLES
from jwsim.model.processes import PROCESSES
from jwsim.model.results import declared_yearly

SMALL = ["--reps", "1", "--scale", "50", "--years", "1", "--workers", "1", "--no-progress", "--json",
         "--posterior"]


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """Run a two-point sweep over a lever and a registry parameter, with posterior draws, on disk."""
    root = tmp_path_factory.mktemp("dictionary")
    design = root / "d.toml"
    design.write_text('name = "dict"\nmethod = "lhs"\nsamples = 2\nsampler_seed = 4\n'
                      '[factors."sjw.hours_per_school"]\nlow = 6.0\nhigh = 14.0\n'
                      '[factors."bk10.ambulant"]\nlow = 3.0\nhigh = 7.0\n')
    out = root / "out"
    assert cli_main(["sweep", str(design), "--out", str(out), *SMALL]) == 0
    return out


def test_pyarrow_alone_prints_each_columns_unit_and_label(sweep):
    """A reader without jwsim gets every column's unit and label from the schema metadata."""
    code = ("import glob, sys, pyarrow.parquet as pq\n"
            "for t in ('runs', 'per_wijk', 'per_school'):\n"
            "    for f in pq.read_schema(sorted(glob.glob(sys.argv[1] + '/' + t + '/part-*.parquet'))[0]):\n"
            "        m = f.metadata\n"
            "        print(t, f.name, m[b'unit'].decode(), m[b'ages'].decode(), m[b'label_en'].decode(), "
            "sep='|')\n"
            "print('jwsim' in sys.modules)")
    res = subprocess.run([sys.executable, "-c", code, str(sweep)], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.strip().splitlines()
    assert lines[-1] == "False"
    rows = {(t, name): (unit, ages, label)
            for t, name, unit, ages, label in (ln.split("|") for ln in lines[:-1])}
    assert len(rows) > 80
    for (t, name), (unit, _ages, label) in rows.items():
        assert unit and label, f"{t}.{name} has no unit or label"
    assert rows[("runs", "kpi_suspects_per_1000_18_23")][1] == "18-23"
    assert rows[("runs", "kpi_loneliness_strong_15_23")][1] == "15-23"
    assert rows[("runs", "in_sjw_hours_per_school")][0] == "hours/school/week"
    assert rows[("runs", "in_bk10_ambulant")][0] == "FTE"
    drawn = [n for (t, n) in rows if t == "runs" and n.startswith("posterior_") and n != "posterior_draw"]
    assert drawn and all(rows[("runs", n)][0] for n in drawn)  # a drawn parameter keeps its registry unit
    assert rows[("per_wijk", "youths_10_17")] == ("youths", "10-17", "Youths 10-17")
    assert rows[("per_school", "sjw_hours_per_week")][::2] == ("hours/week",
                                                               "SJW hours per school week (allocated)")
    assert rows[("per_school", "school_code")][0] == "BRIN + location"
    assert rows[("runs", "evidence")][0] == "regime"


def test_the_manifest_holds_the_same_dictionary_as_the_files(sweep):
    """manifest.json's data_dictionary holds each part's schema entries, and more, for every table."""
    import pyarrow.parquet as pq  # noqa: PLC0415

    manifest = json.loads((sweep / "manifest.json").read_text())
    for table in ("runs", "per_wijk", "per_school"):
        schema = pq.read_schema(sorted((sweep / table).glob("part-*.parquet"))[0])
        on_disk = {f.name: {k.decode(): v.decode() for k, v in f.metadata.items()} for f in schema}
        full = manifest["data_dictionary"][table]
        assert on_disk == {c: {k: e[k] for k in PART_FIELDS} for c, e in full.items()}
        assert all(set(entry) == set(FIELDS) for entry in full.values())
        key = {"runs": "run_key", "per_wijk": "wijk_code", "per_school": "school_code"}[table]
        assert full[key]["description"]


def test_a_kpi_name_says_the_ages_it_counts():
    """A name ending in _<from>_<to> (or _u18) counts exactly those ages (no 18_24 counting 18-23)."""
    checked = 0
    for table in TABLES:
        for y in declared_yearly(PROCESSES, table):
            spans = re.findall(r"_(\d{2})_(\d{2})(?=_|$)", y.name)  # two-digit ages, not "per_1000"
            if spans and y.ages is not None:
                assert y.ages == tuple(int(a) for a in spans[-1]), y.name
                checked += 1
            if y.name.endswith("_u18"):
                assert y.ages == (10, 17), y.name
    assert checked >= 8


def test_an_unknown_column_is_an_error_not_a_blank_entry():
    """A new column without a declaration or an entry fails loudly, so no file carries a blank unit."""
    with pytest.raises(KeyError, match="kpi_not_declared"):
        column_entry("kpi_not_declared")
