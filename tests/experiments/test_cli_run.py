"""`jwsim run` end to end in a subprocess: JSON shape, files, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

KPI_NAMES = [
    "jeugdhulp_prevalence_u18", "jeugdhulp_entries_per_year", "jeugdhulp_mean_duration_years",
    "jeugdhulp_with_stay_share", "jeugdoverlast_registered_per_year", "halt_per_10k_12_17",
    "suspects_per_1000_12_17", "suspects_per_1000_18_23", "vsv_rate_12_23", "mental_problems_12_16",
    "loneliness_strong_15_23", "payment_arrears_18_23", "vulnerable_share_10_19", "protective_gap_vulnerable",
    "ib_youths_per_year", "youthwork_fte", "youthwork_cost_eur_per_year",
]


def jwsim(*args, cwd=None):
    """Run the jwsim command line in a subprocess with ``args``."""
    return subprocess.run([sys.executable, "-m", "jwsim", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


@pytest.fixture(scope="module")
def run_json(tmp_path_factory):
    """Run `jwsim run --json` once (scale 10, 3 replicates, 2 years); return the document and folder."""
    out = tmp_path_factory.mktemp("run") / "res"
    p = jwsim("run", "--scale", "10", "--reps", "3", "--years", "2", "--workers", "2", "--json",
              "--out", str(out))
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout), out


def test_json_document_has_the_documented_shape(run_json):
    """The JSON document has the documented KPIs, per-wijk rows and per-group results."""
    doc, _ = run_json
    assert doc["scenario"] == "opdracht-2026" and doc["reps"] == 3 and doc["years"] == [2026, 2027]
    assert isinstance(doc["seed"], int)
    for k in KPI_NAMES:
        v = doc["kpis"][k]
        assert v["lo"] <= v["mean"] <= v["hi"], k
    row = doc["per_wijk"][0]
    for key in ("wijk_code", "wijk_naam", "youths_10_23", "youths_10_17", "jeugdhulp_in_care_10_17",
                "overlast_registered_per_year", "suspects_per_year", "halt_per_year"):
        assert key in row
    assert all(r["wijk_code"].startswith("BU0268") and r["youths_10_23"] > 0 for r in doc["per_wijk"])
    assert len(doc["per_wijk"]) >= 40
    groups = doc["per_group"]
    assert set(groups) >= {"kwetsbaar", "niet_kwetsbaar", "jeugd_en_veiligheid", "jongens", "meisjes"}
    # Vulnerable youths trail others in protective factors and use more jeugdhulp.
    vulnerable, others = groups["kwetsbaar"], groups["niet_kwetsbaar"]
    assert vulnerable["protective_mean"]["mean"] < others["protective_mean"]["mean"]
    assert vulnerable["jeugdhulp_prevalence"]["mean"] > others["jeugdhulp_prevalence"]["mean"]


def test_results_and_manifest_are_written(run_json):
    """The results and the manifest are written in full, with no temporary files left."""
    doc, out = run_json
    names = {p.name for p in out.iterdir()}
    assert {"manifest.json", "kpis.json", "kpis_by_replicate.csv", "per_wijk.csv", "weekly.csv"} <= names
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == doc["seed"] and manifest["registry_version"]
    assert not [n for n in names if n.endswith(".tmp")]
    assert json.loads((out / "kpis.json").read_text())["kpis"] == doc["kpis"]


def test_table_is_dutch_by_default_and_english_on_request():
    """The KPI table is in Dutch by default and in English with ``--lang en``."""
    nl = jwsim("run", "--scale", "20", "--reps", "1", "--years", "1", "--workers", "1")
    en = jwsim("run", "--scale", "20", "--reps", "1", "--years", "1", "--workers", "1", "--lang", "en")
    assert nl.returncode == 0 and en.returncode == 0
    assert "Geregistreerde jeugdoverlast per jaar" in nl.stdout
    assert "Registered youth nuisance per year" in en.stdout


def test_workers_do_not_change_results():
    """The number of worker processes does not change the results."""
    a = jwsim("run", "--scale", "20", "--reps", "2", "--years", "1", "--workers", "1", "--json")
    b = jwsim("run", "--scale", "20", "--reps", "2", "--years", "1", "--workers", "2", "--json")
    ka, kb = json.loads(a.stdout)["kpis"], json.loads(b.stdout)["kpis"]
    assert ka == kb


BAD_SCENARIO = """name = "kapot"
[allocation.bk10]
ambulant = -2
"""


@pytest.mark.parametrize("args, needle", [
    (["--scenario", "bestaat-niet"], "unknown scenario"),
    (["--scenario", "{bad}"], "allocation.bk10.ambulant: must not be negative"),
    (["--years", "0"], "--years"),
    (["--scale", "nan"], "--scale"),
    (["--reps", "-1"], "--reps"),
])
def test_bad_input_gives_one_line_exit_2_and_writes_nothing(tmp_path, args, needle):
    """Bad input gives a one-line error without traceback, exit code 2 and no output."""
    bad = tmp_path / "kapot.toml"
    bad.write_text(BAD_SCENARIO)
    args = [a.replace("{bad}", str(bad)) for a in args]
    out = tmp_path / "out"
    p = jwsim("run", *args, "--out", str(out))
    assert p.returncode == 2
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], p.stderr
    assert "Traceback" not in p.stderr
    assert p.stdout == ""
    assert not out.exists()


def test_scenarios_lists_every_named_scenario():
    """The `jwsim scenarios` command lists exactly the shipped scenario files."""
    p = jwsim("scenarios")
    assert p.returncode == 0
    names = {line.split()[0] for line in p.stdout.strip().splitlines()}
    shipped = {f.stem for f in (Path(__file__).parents[2] / "scenarios").glob("*.toml")}
    assert names == shipped
    assert {"opdracht-2026", "huidig-2025", "bezuiniging-2027", "geen-jongerenwerk"} <= names


def test_json_and_folder_have_the_per_school_table(run_json):
    """One row per school location with its SJW hours, reach and school outcomes; also per_school.csv."""
    doc, out = run_json
    rows = doc["per_school"]
    assert len(rows) == 30 and len({r["school_code"] for r in rows}) == 30
    for key in ("school_naam", "pupils", "sjw_hours_per_week", "sjw_youths_reached_per_year",
                "dropouts_per_year", "returns_per_year", "skq_obtained_per_year", "swf_intake_per_year"):
        assert key in rows[0], key
    with_sjw = [r for r in rows if r["sjw_hours_per_week"] > 0]
    assert with_sjw and all(r["sjw_youths_reached_per_year"] > 0 for r in with_sjw)
    assert all(r["sjw_youths_reached_per_year"] == 0 for r in rows if r["sjw_hours_per_week"] == 0)
    reached = sum(r["sjw_youths_reached_per_year"] for r in rows)
    assert reached == pytest.approx(doc["kpis"]["sjw_youths_reached_per_year"]["mean"], rel=1e-9)
    lines = (out / "per_school.csv").read_text().strip().splitlines()
    assert len(lines) == 31 and lines[0].startswith("school_code,school_naam,")
