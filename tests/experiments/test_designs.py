"""Designs: points, levers, and one-line errors (exit 2, nothing written) for bad designs."""

from __future__ import annotations

import json

import numpy as np
import pytest

from jwsim.cli import main as cli_main
from jwsim.experiments.designs import design_from_dict, load_design
from jwsim.experiments.errors import ExperimentError
from jwsim.experiments.levers import apply_levers, sjw_school_count
from jwsim.model.allocation import ORG_FTE
from jwsim.model.scenario import load_scenario

BASE = {
    "name": "t",
    "method": "lhs",
    "samples": 8,
    "run": {"reps": 1, "scale": 10, "years": 1},
    "factors": {"bk10.ambulant": {"low": 2.0, "high": 8.0}, "nuisance_summer_ratio": {}},
}


def _doc(**changes):
    doc = json.loads(json.dumps(BASE))
    for key, value in changes.items():
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    return doc


def test_lhs_points_are_stratified_and_within_ranges():
    """Lhs points are stratified and within ranges."""
    d = design_from_dict(_doc())
    pts = d.points()
    assert len(pts) == 8
    amb = np.array([p["bk10.ambulant"] for p in pts])
    # Latin hypercube: exactly one point in each of the 8 equal strata of each factor.
    assert sorted(np.floor((amb - 2.0) / 6.0 * 8).astype(int).tolist()) == list(range(8))
    lo, hi = d.factors[1].low, d.factors[1].high  # registry range by default
    assert all(lo <= p["nuisance_summer_ratio"] <= hi for p in pts)
    assert d.points() == pts  # the sampler seed makes the design reproducible


def test_factorial_product_and_integer_levers():
    """Factorial product and integer levers."""
    d = design_from_dict(
        _doc(
            method="factorial",
            samples=None,
            factors={
                "sjw.schools": {"levels": [0, 5, 10]},
                "alloc.targeting": {"levels": ["universal", "selective"]},
            },
        )
    )
    pts = d.points()
    assert len(pts) == 6 and {p["alloc.targeting"] for p in pts} == {"universal", "selective"}
    runs = d.runs()
    sched = {r.point: r.schedule.steps[0][1] for r in runs}
    for r in runs:
        alloc = sched[r.point]
        n = int(dict(r.inputs)["sjw_schools"])
        assert sum(1 for _, h in alloc.sjw_hours if h > 0) == n
        assert alloc.targeting == dict(r.inputs)["alloc_targeting"]
        assert sum(alloc.bk10.values()) == pytest.approx(ORG_FTE["bk10"])  # wijk absorbs the SJW FTE


def test_levers_move_sjw_fte_and_keep_the_total():
    """Levers move sjw fte and keep the total."""
    sc = load_scenario("opdracht-2026")
    a = apply_levers(sc.allocation, {"sjw.hours_per_school": 16.0, "bk10.ambulant": 6.0}, sc.params)
    assert a.bk10["sjw"] == pytest.approx(
        10 * 16.0 / (sc.params["hours_per_fte"] * sc.params["sjw_direct_share"])
    )
    assert a.bk10["ambulant"] == 6.0
    assert sum(a.bk10.values()) == pytest.approx(sum(sc.allocation.bk10.values()))
    assert a.bk10["wijk"] < sc.allocation.bk10["wijk"]
    b = apply_levers(sc.allocation, {"sjw.schools": float(sjw_school_count())}, sc.params)
    assert len(b.sjw_hours) == sjw_school_count()


BAD = {
    "unknown parameter": (
        _doc(factors={"no_such_parameter": {"low": 0, "high": 1}}),
        "unknown parameter or lever",
    ),
    "empty range": (_doc(factors={"bk10.ambulant": {"low": 5.0, "high": 5.0}}), "empty range"),
    "outside registry": (
        _doc(factors={"nuisance_summer_ratio": {"low": 0.0, "high": 100.0}}),
        "outside the allowed",
    ),
    "unknown method": (_doc(method="grid"), "method"),
    "sobol not 2^k": (_doc(method="sobol", samples=10), "power of 2"),
    "unknown kpi": (_doc(kpis=["happiness"]), "unknown KPI"),
    "unknown key": (_doc(colour="blue"), "unknown key"),
    "no factors": (_doc(factors={}), "factors"),
    "infeasible point": (_doc(factors={"bk10.ambulant": {"low": 20.0, "high": 26.0}}), "design point"),
    "unknown scenario": (_doc(scenarios=["nope"]), "unknown scenario"),
    "categorical in lhs": (_doc(factors={"alloc.targeting": {"low": 0, "high": 1}}), "categorical"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_design_one_line_exit_2_nothing_written(case, tmp_path, capsys):
    """Bad design one line exit 2 nothing written."""
    doc, needle = BAD[case]
    path = tmp_path / "bad.toml"
    path.write_text(_toml(doc))
    out = tmp_path / "out"
    code = cli_main(["sweep", str(path), "--out", str(out), "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("jwsim sweep: error: ") and needle in err
    assert "Traceback" not in err
    assert not out.exists()


def test_missing_design_file(tmp_path, capsys):
    """Missing design file."""
    assert cli_main(["sweep", str(tmp_path / "nope.toml"), "--out", str(tmp_path / "o")]) == 2
    assert "design file not found" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_shipped_smoke_design_is_valid():
    """Shipped smoke design is valid."""
    d = load_design("smoke")
    assert d.method == "lhs" and len(d.points()) == 20 and d.reps == 1 and d.scale >= 5
    assert [f.name for f in d.factors] == ["bk10.ambulant", "sjw.hours_per_school"]
    assert len(d.runs()) == 20


def test_toy_design_rejects_model_keys():
    """Toy design rejects model keys."""
    with pytest.raises(ExperimentError, match="takes no scenarios"):
        design_from_dict(
            {
                "name": "i",
                "method": "lhs",
                "samples": 4,
                "evaluator": "ishigami",
                "scenarios": ["opdracht-2026"],
                "factors": {"x1": {}},
            }
        )


def _toml(doc: dict) -> str:
    lines = []
    tables = {k: v for k, v in doc.items() if isinstance(v, dict)}
    for k, v in doc.items():
        if not isinstance(v, dict):
            lines.append(f"{k} = {json.dumps(v)}")
    for k, v in tables.items():
        if k == "factors":
            if not v:
                lines.append("[factors]")
            for name, spec in v.items():
                lines.append(f'[factors."{name}"]')
                lines += [f"{a} = {json.dumps(b)}" for a, b in spec.items()]
        else:
            lines.append(f"[{k}]")
            lines += [f"{a} = {json.dumps(b)}" for a, b in v.items()]
    return "\n".join(lines) + "\n"
