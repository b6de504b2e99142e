"""`jwsim monitor update` and `report` end to end on the shipped example (8 draws, scale 20, one year)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from jwsim.calibration.posterior import ensemble
from jwsim.monitor.indicators import available
from jwsim.monitor.synthetic import EXAMPLE

SMALL = ("--draws", "8", "--scale", "20", "--years", "1", "--workers", "2")


def jwsim(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the command line in a subprocess."""
    return subprocess.run([sys.executable, "-m", "jwsim", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=900)


@pytest.fixture(scope="module")
def updated(tmp_path_factory):
    """`jwsim monitor update EXAMPLE --out updated.json --json`, and the same without --out."""
    folder = tmp_path_factory.mktemp("update")
    out = folder / "updated.json"
    with_out = jwsim("monitor", "update", str(EXAMPLE), *SMALL, "--json", "--out", str(out), cwd=folder)
    without = jwsim("monitor", "update", str(EXAMPLE), *SMALL, cwd=folder)
    return with_out, without, out, folder


def test_update_reports_moves_and_writes_a_readable_ensemble(updated):
    """The JSON names every free parameter with its shift; the written ensemble loads as a posterior."""
    with_out, _, out, _ = updated
    assert with_out.returncode == 0, with_out.stderr
    doc = json.loads(with_out.stdout)
    names, draws = ensemble(out)
    assert [p["parameter"] for p in doc["parameters"]] == list(names)
    assert draws.shape == (8, len(names))
    assert 1.0 <= doc["effective_sample_size"] <= 8.0
    assert [o["indicator"] for o in doc["observations"]] == [i.name for i in available()]
    for o in doc["observations"]:
        assert o["predicted"]["lo"] <= o["predicted"]["median"] <= o["predicted"]["hi"]
    for p in doc["parameters"]:
        assert p["moved"] == (abs(p["shift_sd"]) >= 0.5)
    written = json.loads(out.read_text())
    assert written["observed_years"] == [2026] and written["updated_from"] == "posterior"


def test_update_without_out_writes_nothing(updated):
    """Without --out the update prints its summary and leaves the folder as it was."""
    _, without, _, folder = updated
    assert without.returncode == 0, without.stderr
    assert "effective sample size" in without.stdout and "no file written" in without.stdout
    assert sorted(p.name for p in folder.iterdir()) == ["updated.json"]


def test_same_seed_same_update(updated, tmp_path):
    """The update is reproducible: the same inputs and seed give the same ensemble."""
    _, _, out, _ = updated
    again = tmp_path / "again.json"
    p = jwsim("monitor", "update", str(EXAMPLE), *SMALL, "--out", str(again), "--workers", "1")
    assert p.returncode == 0, p.stderr
    assert json.loads(again.read_text())["draws"] == json.loads(out.read_text())["draws"]


def test_report_writes_dutch_markdown_and_word(tmp_path):
    """`jwsim monitor report` writes the Markdown and Word report, the figure and the JSON, in Dutch."""
    out = tmp_path / "verantwoording"
    p = jwsim("monitor", "report", str(EXAMPLE), *SMALL, "--out", str(out))
    assert p.returncode == 0, p.stderr
    md = (out / "verantwoording.md").read_text()
    for heading in ("## Voorspeld en gemeten", "## Wat dit jaar ons leerde", "## Aanbevolen aanpassingen"):
        assert heading in md
    assert md.count("| 2026 |") == len(available())
    with zipfile.ZipFile(out / "verantwoording.docx") as docx:
        body = docx.read("word/document.xml").decode()
        assert "Wat dit jaar ons leerde" in body and "Aanbevolen aanpassingen" in body
        assert any(n.startswith("word/media/") for n in docx.namelist())  # the figure is embedded
    assert (out / "voorspeld-gemeten.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(("args", "needle"), [
    (("--scenario", "bestaat-niet"), "bestaat-niet"),
    (("--posterior", "geen-bestand.json"), "geen-bestand.json"),
])
def test_bad_options_are_one_line_and_write_nothing(tmp_path, args, needle):
    """A wrong plan or ensemble: exit 2, one line naming it, nothing written."""
    out = tmp_path / "updated.json"
    p = jwsim("monitor", "update", str(EXAMPLE), *SMALL, *args, "--out", str(out))
    assert p.returncode == 2
    assert p.stderr.count("\n") == 1 and needle in p.stderr
    assert not out.exists()
