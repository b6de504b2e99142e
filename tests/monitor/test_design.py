"""Power and detectability: the JSON of `jwsim monitor design`, power rising with survey size and years."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from jwsim.model.params import REGIMES
from jwsim.monitor.design import Components, power_after
from jwsim.monitor.indicators import BY_NAME, available, monitor_values

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def design_json(tmp_path_factory):
    """`jwsim monitor design scenarios/opdracht-2026.toml --json` at scale 20, 3 replicates, 3 years."""
    out = tmp_path_factory.mktemp("design")
    p = subprocess.run([sys.executable, "-m", "jwsim", "monitor", "design", "scenarios/opdracht-2026.toml",
                        "--json", "--scale", "20", "--reps", "3", "--years", "3", "--workers", "2",
                        "--survey-n", "100", "400", "1600", "--out", str(out)],
                       capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout), out


def test_design_json_lists_power_and_detectable_effect_per_indicator_and_year(design_json):
    """Every indicator, every regime, years 1-3: effect, power in [0.05, 1], detectable effect > 0."""
    doc, _ = design_json
    assert doc["plan"] == "opdracht-2026" and doc["reference"] == "huidig-2025"
    assert set(doc["indicators"]) == {i.name for i in available()}
    for name, entry in doc["indicators"].items():
        assert set(entry["regimes"]) == set(REGIMES)
        sizes = [100, 400, 1600] if BY_NAME[name].kind == "survey" else [None]
        for rows in entry["regimes"].values():
            assert sorted((r["survey_n"] or 0, r["years"]) for r in rows) == sorted(
                (n or 0, k) for n in sizes for k in (1, 2, 3))
            for r in rows:
                assert 0.05 - 1e-9 <= r["power"] <= 1.0
                assert r["detectable"] > 0
                assert r["detectable"] == pytest.approx((1.959964 + 0.841621) * r["se"], rel=1e-5)
        assert entry["sentence_nl"].endswith(".") and "power" in entry["sentence_nl"]


def test_design_writes_table_and_figure(design_json):
    """--out holds design.json, power.csv (one row per indicator, regime, size, year) and power.png."""
    doc, out = design_json
    assert json.loads((out / "design.json").read_text())["indicators"].keys() == doc["indicators"].keys()
    rows = (out / "power.csv").read_text().strip().splitlines()
    n_survey = sum(BY_NAME[n].kind == "survey" for n in doc["indicators"])
    n_count = len(doc["indicators"]) - n_survey
    assert len(rows) - 1 == len(REGIMES) * 3 * (3 * n_survey + n_count)
    assert (out / "power.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_contacts_are_detectable_and_power_grows_with_years(design_json):
    """The plan moves contacts of ambulant work clearly: power after 3 years >= after 1 year, and >= 80%."""
    doc, _ = design_json
    rows = {r["years"]: r for r in doc["indicators"]["contacten_ambulant"]["regimes"]["central"]}
    assert rows[3]["power"] >= 0.8
    assert rows[1]["se"] > rows[2]["se"] > rows[3]["se"]


def test_power_rises_with_survey_size_in_the_design(design_json):
    """For the survey indicators the detectable effect shrinks as the survey grows (same years, regime)."""
    doc, _ = design_json
    for name in ("beschermende_factoren", "schoolmotivatie"):
        rows = doc["indicators"][name]["regimes"]["central"]
        by_n = {r["survey_n"]: r["detectable"] for r in rows if r["years"] == 2}
        assert by_n[100] > by_n[400] > by_n[1600]


def test_power_rises_with_survey_size():
    """A fixed effect of +0.01 on the protective factors: power rises strictly with the survey size."""
    ind = BY_NAME["beschermende_factoren"]
    comp = Components(effect=np.full(3, 0.01), process=np.full(3, 1e-6), reference=np.full(3, 1e-7),
                      plan_mean=np.full(3, 0.57), reference_mean=np.full(3, 0.56))
    values = monitor_values()
    powers = [power_after(ind, comp, 2, n, values)["power"] for n in (100, 200, 400, 800, 1600, 3200)]
    assert all(b > a for a, b in zip(powers, powers[1:], strict=False))
    assert powers[0] < 0.5 < powers[-1]
    # SD 0.10, n = 400, two years: se = sqrt(2 * (0.1**2/400 + 1e-6 + 1e-7)) / 2; power of a z test
    se = np.sqrt(2 * (0.01 / 400 + 1.1e-6)) / 2
    assert power_after(ind, comp, 2, 400, values)["se"] == pytest.approx(se)


def test_no_effect_gives_the_false_alarm_rate():
    """Without an effect, the 'power' is the test's 5% false-alarm rate whatever the sample size."""
    ind = BY_NAME["halt_verwijzingen"]
    comp = Components(effect=np.zeros(3), process=np.full(3, 100.0), reference=np.full(3, 5.0),
                      plan_mean=np.full(3, 100.0), reference_mean=np.full(3, 100.0))
    assert power_after(ind, comp, 3, None, monitor_values())["power"] == pytest.approx(0.05)
