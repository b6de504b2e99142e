"""Observation files: the example reads; wrong units, impossible values and future years are refused."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from jwsim.monitor.indicators import INDICATORS, available
from jwsim.monitor.observed import ObservationError, load_observations
from jwsim.monitor.synthetic import EXAMPLE

TODAY = dt.date(2027, 3, 1)
HEAD = 'scenario = "opdracht-2026"\n\n[[year]]\nyear = {year}\n\n[year.indicators]\n'


def write(tmp_path: Path, body: str, year: int = 2026) -> Path:
    """Write an observation TOML file with one year."""
    path = tmp_path / "obs.toml"
    path.write_text(HEAD.format(year=year) + body, encoding="utf-8")
    return path


def test_example_file_reads_with_every_indicator():
    """The shipped example has one observation of every available indicator, in 2026."""
    obs = load_observations(EXAMPLE, TODAY)
    assert obs.scenario == "opdracht-2026"
    assert obs.years == [2026]
    assert [o.indicator.name for o in obs.items] == [i.name for i in available()]
    survey = [o for o in obs.items if o.indicator.kind == "survey"]
    assert survey and all(o.n == 400 and 0 < o.value < 1 for o in survey)


def test_every_indicator_measures_a_declared_result():
    """The catalogue reads the model's declared results; today every indicator's result is declared."""
    assert available() == INDICATORS


def test_english_and_dutch_units_both_read(tmp_path):
    """A value may carry the indicator's unit in English or in Dutch."""
    en = write(tmp_path, 'halt_verwijzingen = { value = 80, unit = "referrals/year" }\n')
    assert load_observations(en, TODAY).items[0].value == 80
    nl = write(tmp_path, 'halt_verwijzingen = { value = 81, unit = "verwijzingen/jaar" }\n')
    assert load_observations(nl, TODAY).items[0].value == 81


@pytest.mark.parametrize(("body", "year", "needle"), [
    ('halt_verwijzingen = { value = 80, unit = "per 10.000" }\n', 2026, "is not this indicator's unit"),
    ('halt_verwijzingen = { value = 80 }\n', 2026, "give the unit"),
    ('beschermende_factoren = { value = 57, unit = "score (0-1)", n = 400 }\n', 2026, "a percentage?"),
    ('beschermende_factoren = { value = 0.57, unit = "score (0-1)" }\n', 2026, "number of respondents"),
    ('beschermende_factoren = { value = 0.57, unit = "score (0-1)", n = 3 }\n', 2026, "too few"),
    ('halt_verwijzingen = { value = -4, unit = "referrals/year" }\n', 2026, "cannot be negative"),
    ('halt_verwijzingen = { value = 12.5, unit = "referrals/year" }\n', 2026, "whole number"),
    ('halt_verwijzingen = { value = 8000000, unit = "referrals/year" }\n', 2026, "more than is possible"),
    ('halt_verwijzingen = { value = nan, unit = "referrals/year" }\n', 2026, "finite"),
    ('halt_verwijzingen = { value = "veel", unit = "referrals/year" }\n', 2026, "must be a number"),
    ('halt = { value = 80, unit = "referrals/year" }\n', 2026, "unknown indicator 'halt'"),
    ('halt_verwijzingen = { value = 80, unit = "referrals/year" }\n', 2028, "lies in the future"),
    ('halt_verwijzingen = { value = 80, unit = "referrals/year" }\n', 2024, "before the simulated period"),
])
def test_bad_observation_is_one_clear_error(tmp_path, body, year, needle):
    """Each kind of bad value is refused with a message naming file, year and indicator."""
    path = write(tmp_path, body, year)
    with pytest.raises(ObservationError, match="obs.toml") as err:
        load_observations(path, TODAY)
    assert needle in str(err.value)
    assert "\n" not in str(err.value)


def test_csv_is_read_and_checked_like_toml(tmp_path):
    """The CSV format: one row per year and indicator; the same checks."""
    good = tmp_path / "obs.csv"
    good.write_text("year,indicator,value,unit,n\n2026,beschermende_factoren,0.571,score (0-1),400\n"
                    "2026,jeugdoverlast_meldingen,830,reports/year,\n", encoding="utf-8")
    obs = load_observations(good, TODAY)
    assert [(o.indicator.name, o.value, o.n) for o in obs.items] == [
        ("beschermende_factoren", 0.571, 400), ("jeugdoverlast_meldingen", 830.0, None)]
    twice = tmp_path / "twice.csv"
    twice.write_text("year,indicator,value,unit,n\n2026,ib_jongeren,45,youths/year,\n"
                     "2026,ib_jongeren,46,youths/year,\n", encoding="utf-8")
    with pytest.raises(ObservationError, match="given twice"):
        load_observations(twice, TODAY)


def test_cli_refuses_a_future_year_in_one_line_and_writes_nothing(tmp_path):
    """`jwsim monitor update` with a year in the future: exit 2, one line on stderr, no file."""
    future = dt.date.today().year + 1
    path = write(tmp_path, 'halt_verwijzingen = { value = 80, unit = "referrals/year" }\n', future)
    out = tmp_path / "updated.json"
    p = subprocess.run([sys.executable, "-m", "jwsim", "monitor", "update", str(path), "--out", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 2
    assert p.stderr.count("\n") == 1 and "lies in the future" in p.stderr
    assert "Traceback" not in p.stderr
    assert not out.exists()


def test_monitoring_doc_lists_every_noise_number_with_its_value():
    """docs/monitoring.md lists every number of the observation model with its value and range."""
    from jwsim.monitor.indicators import MONITOR_PARAMS

    doc = (Path(__file__).resolve().parents[2] / "docs" / "monitoring.md").read_text(encoding="utf-8")
    for p in MONITOR_PARAMS.values():
        row = next((line for line in doc.splitlines() if line.startswith(f"| `{p.name}` |")), None)
        assert row is not None, p.name
        value, span = (cell.strip() for cell in row.split("|")[2:4])
        assert float(value) == p.value, row
        assert tuple(map(float, span.split("–"))) == (p.low, p.high), row
