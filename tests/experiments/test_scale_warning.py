"""``--scale`` above 1 shifts levels: every command says so (stderr, one line, per ``--lang``) and records it.

The shift itself is measured by ``python -m jwsim.experiments.scale_shift`` and documented in
docs/researcher-guide.md (section "Scale"); the table there must be what that command prints.
"""

from __future__ import annotations

import json

from jwsim.cli import main as cli_main
from jwsim.experiments import scale_shift
from jwsim.experiments.provenance import source_root

RUN = ["--reps", "3", "--years", "1", "--workers", "1", "--json"]


def test_run_at_a_reduced_scale_warns_once_in_its_language_and_records_it(tmp_path, capsys):
    """``jwsim run --scale 10``: one warning line (Dutch by default), in the JSON and in the manifest."""
    for lang, word in (("nl", "waarschuwing"), ("en", "warning")):
        out = tmp_path / lang
        assert cli_main(["run", "--scale", "10", "--lang", lang, "--out", str(out), *RUN]) == 0
        cap = capsys.readouterr()
        assert cap.err.count("\n") == 1 and cap.err.startswith(f"jwsim run: {word}: --scale 10: ")
        assert "docs/researcher-guide.md" in cap.err and "--scale 1" in cap.err
        doc = json.loads(cap.out)
        manifest = json.loads((out / "manifest.json").read_text())
        assert doc["scale"] == manifest["scale"] == 10.0
        assert doc["scale_warning"] == manifest["scale_warning"] == cap.err.split(": ", 1)[1].strip()


def test_the_full_city_does_not_warn(tmp_path, capsys):
    """At scale 1 there is nothing to warn about; the fields say so (null)."""
    assert cli_main(["run", "--scale", "1", "--reps", "3", "--years", "1", "--workers", "2", "--json"]) == 0
    cap = capsys.readouterr()
    assert cap.err == "" and json.loads(cap.out)["scale_warning"] is None


def test_a_sweep_records_the_design_scale_and_the_warning(tmp_path, capsys):
    """An experiment's manifest and ``--json`` line carry the scale and the warning (English)."""
    out = tmp_path / "s"
    argv = ["sweep", "smoke", "--out", str(out), "--reps", "1", "--years", "1", "--scale", "50"]
    assert cli_main([*argv, "--workers", "2", "--no-progress", "--json"]) == 0
    cap = capsys.readouterr()
    assert cap.err.count("\n") == 1 and cap.err.startswith("jwsim sweep: warning: --scale 50: ")
    line = json.loads(cap.out.strip().splitlines()[-1])
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["scale"] == 50.0 and manifest["scale_warning"] == line["scale_warning"]
    assert line["scale_warning"].startswith("warning: --scale 50: ")


def test_the_guide_documents_the_measured_shift_with_the_command_that_measures_it():
    """The guide's scale table has the measuring command and the table header that command prints."""
    guide = (source_root() / "docs" / "researcher-guide.md").read_text(encoding="utf-8")
    assert "python -m jwsim.experiments.scale_shift --scale 10 --reps 40" in guide
    head = scale_shift.markdown({"scale": 10.0, "kpis": {}}).splitlines()[0]
    assert head in guide
    for kpi in scale_shift.KPIS:
        label = scale_shift.kpi_label(kpi, "en")
        assert f"| {label} |" in guide, label
