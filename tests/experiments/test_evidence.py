"""``--evidence``: differences under the three evidence regimes and whether their sign is robust."""

from __future__ import annotations

import json

from jwsim.cli import main as cli_main
from jwsim.experiments.compare_report import evidence_section


def _doc(means: dict[str, float]) -> dict:
    return {"differences": {"b": {k: {"mean": m, "lo": m - 1, "hi": m + 1} for k, m in means.items()}}}


def test_a_sign_that_holds_under_every_regime_is_robust_and_a_flip_names_its_regime():
    """Same sign in all three regimes: robust; a sign that differs from the central one names that regime."""
    by_regime = {"pessimistic": _doc({"x": 0.0, "y": 2.0, "z": -1.0}),
                 "central": _doc({"x": 1.0, "y": 3.0, "z": 1.0}),
                 "optimistic": _doc({"x": 2.0, "y": 4.0, "z": 2.0})}
    section = evidence_section(by_regime)["b"]
    assert section["y"]["robust"] and section["y"]["depends_on"] == []
    assert not section["x"]["robust"] and section["x"]["depends_on"] == ["pessimistic"]
    assert not section["z"]["robust"] and section["z"]["depends_on"] == ["pessimistic"]
    assert section["y"]["central"] == {"mean": 3.0, "lo": 2.0, "hi": 4.0}


def test_compare_evidence_all_json_has_every_regime_and_a_robust_flag(capsys):
    """`jwsim compare A B --evidence all --json`: per KPI the difference under each regime and `robust`."""
    code = cli_main(["compare", "opdracht-2026", "geen-jongerenwerk", "--reps", "2", "--scale", "40",
                     "--years", "1", "--workers", "1", "--no-attribution", "--evidence", "all", "--json"])
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["evidence"]["regimes"] == ["pessimistic", "central", "optimistic"]
    rows = doc["evidence"]["differences"]["geen-jongerenwerk"]
    row = rows["youthwork_cost_eur_per_year"]  # no youth work: cheaper under every regime
    assert row["robust"] and all(row[r]["mean"] < 0 for r in doc["evidence"]["regimes"])
    # The central column is the document's own difference (the same runs).
    assert rows["jeugdhulp_entries_per_year"]["central"]["mean"] == \
        doc["differences"]["geen-jongerenwerk"]["jeugdhulp_entries_per_year"]["mean"]


def test_the_text_report_does_not_call_a_difference_that_prints_as_zero_a_robust_effect():
    """`compare --evidence all` text: "+0,0 / +0,0 / +0,0" is robust (overal ~0), not a bare "robuust"."""
    from jwsim.experiments.compare_report import REPORT_KPIS, _evidence_lines

    regimes = ["pessimistic", "central", "optimistic"]
    means = {"halt_per_year": (0.0, 0.0, 0.0),                  # no difference anywhere
             "suspects_per_year": (0.01, 2.0, 4.0),              # prints +0,0 under pessimistic only
             "nuisance_incidents_per_year": (-12.0, -30.0, -60.0)}  # an effect under every regime
    rows = {}
    for k in REPORT_KPIS:
        ms = means.get(k, (1.0, 2.0, 3.0))
        rows[k] = {r: {"mean": m, "lo": m - 1, "hi": m + 1} for r, m in zip(regimes, ms, strict=True)}
    by_regime = {r: {"differences": {"b": {k: rows[k][r] for k in rows}}} for r in regimes}
    doc = {"reference": "a", "evidence": {"regimes": regimes, "differences": evidence_section(by_regime)}}
    lines = {line.split(":")[0].strip(): line for line in _evidence_lines(doc, "nl")[3:]}
    from jwsim.experiments.labels import kpi_label
    assert lines[kpi_label("halt_per_year", "nl")].endswith("— robuust (overal ~0)")
    assert lines[kpi_label("suspects_per_year", "nl")].endswith("— robuust (pessimistisch: ~0)")
    assert lines[kpi_label("nuisance_incidents_per_year", "nl")].endswith("— robuust")
    english = "\n".join(_evidence_lines(doc, "en"))
    assert "robust (~0 everywhere)" in english and "robust (pessimistic: ~0)" in english


def test_a_difference_of_less_than_one_percent_of_the_largest_regime_reads_as_about_zero():
    """Printed with digits, +0.24 against +160 under the optimistic regime is still ~0; 2% of it is not."""
    from jwsim.experiments.compare_report import NEGLIGIBLE_SHARE, regime_verdict

    assert NEGLIGIBLE_SHARE == 0.01
    texts = {"pessimistic": "+0,24", "central": "+78", "optimistic": "+160"}
    values = {"pessimistic": 0.24, "central": 78.0, "optimistic": 160.0}
    assert regime_verdict(True, [], texts, "nl", values) == "robuust (pessimistisch: ~0)"
    assert regime_verdict(True, [], texts, "en", values) == "robust (pessimistic: ~0)"
    assert regime_verdict(True, [], texts, "nl") == "robuust"  # without the values: only what prints as 0
    values["pessimistic"], texts["pessimistic"] = 3.2, "+3,2"  # 2% of the largest: a difference
    assert regime_verdict(True, [], texts, "nl", values) == "robuust"
    depends = regime_verdict(False, ["pessimistic"], texts, "nl", values)
    assert depends == "hangt af van aannames (pessimistisch)"
