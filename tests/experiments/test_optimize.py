"""jwsim optimize.

Hard rules and budget are respected, the Pareto front is non-dominated, the best allocation is a loadable
scenario, a resumed search replays from disk, and impossible budgets fail early.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from jwsim.cli import main as cli_main
from jwsim.experiments.optimize import HardRules, Problem, pareto_mask
from jwsim.model.scenario import load_scenario

BUDGET = 3_500_000
ARGS = [
    "--budget",
    str(BUDGET),
    "--evaluations",
    "14",
    "--reps",
    "1",
    "--scale",
    "10",
    "--years",
    "1",
    "--workers",
    "2",
    "--no-progress",
    "--json",
]


def test_pareto_mask():
    """Pareto mask."""
    v = np.array([[1, 5], [2, 2], [3, 3], [5, 1], [2, 2.5], [1, 6]])
    assert pareto_mask(v).tolist() == [True, True, False, True, False, False]


def test_budget_below_hard_rules_one_line_exit_2_nothing_written(tmp_path, capsys):
    """Budget below hard rules one line exit 2 nothing written."""
    out = tmp_path / "o"
    assert cli_main(["optimize", "--budget", "1000000", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "below" in err and "--relax" in err and not out.exists()


def test_relaxing_rules_lowers_the_minimum_cost():
    """Relaxing rules lowers the minimum cost."""
    base = load_scenario("opdracht-2026")
    strict = Problem(base, HardRules(), 2e6, {"jeugdhulp_entries_per_year": 1.0}, 1, 10, 1, 1)
    loose = Problem(
        base, HardRules.from_flags(True, True, True), 2e6, {"jeugdhulp_entries_per_year": 1.0}, 1, 10, 1, 1
    )
    # 4 + 3 Bindkracht10 FTE and 4 jeugdcoach FTE, priced at the registry's cost per FTE.
    assert strict.minimum_cost() - loose.minimum_cost() == pytest.approx(7 * 96632.0 + 4 * 61176.0)
    with pytest.raises(Exception, match="below"):
        Problem(
            base, HardRules(), loose.minimum_cost() + 1, {"halt_per_year": 1.0}, 1, 10, 1, 1
        ).check_budget()


def test_optimize_respects_rules_and_budget_and_resumes(tmp_path, capsys):
    """Optimize respects rules and budget and resumes."""
    out = tmp_path / "opt"
    assert cli_main(["optimize", *ARGS, "--out", str(out)]) == 0
    first = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    cands = pd.read_csv(out / "candidates.csv")
    assert len(cands) == first["evaluated"] >= 3
    assert (cands["cost_eur_per_year"] <= BUDGET + 1e-6).all()
    assert (
        (cands["bk10.ambulant"] >= 4).all()
        and (cands["bk10.ib"] >= 3).all()
        and (cands["jc.ambulant"] >= 4).all()
    )
    assert (cands.loc[cands["sjw.schools"] > 0, "sjw.hours_per_school"] >= 12).all()
    doc = json.loads((out / "optimize.json").read_text())
    assert doc["best"]["objective"] == pytest.approx(cands["objective"].min())
    front = pd.read_csv(out / "pareto.csv")
    kpis = ["jeugdhulp_entries_per_year", "jeugdoverlast_registered_per_year"]
    fv = front[kpis].to_numpy()
    for _, c in cands.iterrows():
        v = c[kpis].to_numpy(float)
        on_front = bool(((fv == v).all(axis=1)).any())
        dominated = bool(((fv <= v).all(axis=1) & (fv < v).any(axis=1)).any())
        assert on_front != dominated
    best = load_scenario(out / "best-allocation.toml")
    assert best.allocation.cost_eur_per_year(best.params) == pytest.approx(doc["best"]["cost_eur_per_year"])
    assert best.allocation.bk10["ambulant"] == pytest.approx(doc["best"]["levers"]["bk10.ambulant"])
    assert (out / "pareto.png").read_bytes()[:4] == b"\x89PNG"

    # Resume: the deterministic search replays from the stored runs, runs nothing, finds the same optimum.
    assert cli_main(["optimize", *ARGS, "--out", str(out), "--resume"]) == 0
    again = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert again == first
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["sessions"][-1]["ran"] == 0
