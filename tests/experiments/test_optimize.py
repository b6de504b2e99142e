"""jwsim optimize.

Hard rules and budget are respected; the search is noise-aware (paired race, confirmation on fresh seeds, no
interval from fewer than 3 replicates, every proposed allocation accounted for); the Pareto front is
non-dominated and marks what is not demonstrably dominated; the best allocation is a loadable scenario; a
resumed search replays from disk; impossible budgets fail early. The race's statistics are checked on a
known function with common random numbers, the command on the model.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from jwsim.cli import main as cli_main
from jwsim.experiments.optimize import (
    Candidate,
    HardRules,
    Problem,
    Search,
    demonstrably_dominates,
    pareto_mask,
)
from jwsim.model.scenario import load_scenario

BUDGET = 3_500_000
ARGS = [
    "--budget",
    str(BUDGET),
    "--evaluations",
    "14",
    "--reps",
    "3",
    "--max-reps",
    "6",
    "--confirm-reps",
    "3",
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


def _intervals(doc, path=""):
    """Yield (path, dict) for every interval in a document: a dict with lo and hi."""
    if isinstance(doc, dict):
        if "lo" in doc and "hi" in doc:
            yield path, doc
        for k, v in doc.items():
            yield from _intervals(v, f"{path}/{k}")
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _intervals(v, f"{path}[{i}]")


def test_optimize_respects_rules_and_budget_and_resumes(tmp_path, capsys):
    """Optimize respects rules and budget, accounts for every allocation, confirms on fresh seeds, resumes."""
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
    search = doc["search"]
    # Every allocation the search proposed is accounted for, once.
    n = search["counts"]
    assert n["generated"] == n["outside_limits"] + n["undeliverable"] + n["evaluated"] and n["evaluated"] >= 3
    assert first["counts"] == n
    # The race: every candidate has at least 3 replicates; every one dropped says why; the best is one row.
    assert (cands["reps"] >= 3).all() and cands["reason"].str.len().gt(0).all()
    assert (cands["status"] == "best").sum() == 1
    dropped = sum(len(r["dropped_worse"]) + len(r["dropped_halving"]) for r in search["rounds"])
    assert dropped == (cands["status"] == "dropped").sum()
    assert len(search["finalists"]) == len(cands) - dropped
    # The verdict rests on fresh replicates, and says what their paired interval says.
    conf = doc["best"]["confirmation"]
    assert conf["replicates"][0] >= search["max_reps"] and conf["objective_difference"]["n"] == 3
    d = conf["objective_difference"]
    assert conf["verdict"] == ("better" if d["hi"] < 0 else "worse" if d["lo"] > 0 else "not shown")
    assert first["better_than_base"] == conf["verdict"]
    # No interval anywhere rests on fewer than 3 replicates.
    found = list(_intervals(doc))
    assert found and all(iv.get("n", 3) >= 3 or iv["lo"] is None for _, iv in found)
    # The front (screening replicates, which all candidates share) is non-dominated; the rest is dominated.
    kpis = ["jeugdhulp_entries_per_year", "jeugdoverlast_registered_per_year"]
    front = cands[cands["pareto_by_means"]][kpis].to_numpy(float)
    for _, c in cands.iterrows():
        v = c[kpis].to_numpy(float)
        on_front = bool(((front == v).all(axis=1)).any())
        dominated = bool(((front <= v).all(axis=1) & (front < v).any(axis=1)).any())
        assert on_front != dominated and on_front == c["pareto_by_means"]
    listed = pd.read_csv(out / "pareto.csv")
    assert set(listed["point"]) == set(cands.loc[cands["not_demonstrably_dominated"], "point"])
    assert set(cands.loc[cands["pareto_by_means"], "point"]) <= set(listed["point"])
    assert {f"{k}_vs_base_lo" for k in kpis} <= set(listed.columns)
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


def test_the_text_says_why_and_whether_the_best_beats_the_base(tmp_path, capsys):
    """The printed summary: what was proposed, run and dropped and why, and the verdict against the base."""
    out = tmp_path / "opt"
    assert cli_main(["optimize", *[a for a in ARGS if a != "--json"], "--out", str(out)]) == 0
    text = capsys.readouterr().out
    doc = json.loads((out / "optimize.json").read_text())
    n = doc["search"]["counts"]
    assert f"proposed {n['generated']} allocations" in text and f"{n['evaluated']} were screened" in text
    assert "dropped as demonstrably worse" in text and "by halving" in text
    assert "fresh replicates" in text and ("demonstrably better than the base" in text or "worse" in text)
    assert "Best of" not in text


@pytest.mark.parametrize("flag", ["--reps", "--confirm-reps", "--max-reps"])
def test_fewer_than_three_replicates_are_refused(tmp_path, capsys, flag):
    """Two replicates give no interval: refused before anything runs (one line, exit 2)."""
    out = tmp_path / "o"
    with pytest.raises(SystemExit) as info:
        cli_main(["optimize", "--budget", str(BUDGET), flag, "2", "--out", str(out)])
    assert info.value.code == 2 and "outside 3.." in capsys.readouterr().err and not out.exists()


# ------------------------------------------------------------------------------- the race on a known function
def _truth(x: dict) -> float:
    """Jeugdhulp entries as a known function of the levers: more ambulant FTE, fewer entries."""
    return 1000.0 - 8.0 * x["bk10_ambulant"] + 3.0 * x["bk10_ib"]


def _known_function(budget: float):
    """Return an evaluator with the model's noise structure: a common part per replicate seed, a small own."""

    def evaluate(runs):
        rows = {}
        for r in runs:
            x = dict(r.inputs)
            common = np.random.default_rng([r.seed, r.replicate]).normal(0, 40)
            own = np.random.default_rng([r.seed, r.replicate, int(1e6 * x["bk10_ambulant"])]).normal(0, 3)
            rows[r.key] = {
                "run_key": r.key,
                **{f"in_{k}": v for k, v in r.inputs},
                "kpi_jeugdhulp_entries_per_year": _truth(x) + common + own,
                "kpi_jeugdoverlast_registered_per_year": 700 + 4.0 * x["bk10_ib"] + common / 2 + own,
                "kpi_youthwork_cost_eur_per_year": budget - 1.0,
            }
        return rows

    return evaluate


def test_the_race_finds_the_known_best_and_the_confirmation_says_it_beats_the_base():
    """On a known function with common random numbers the race finds the best.

    The best is (near) the true best of those screened, worse ones are dropped as demonstrably worse, and
    the fresh-seed confirmation calls it better than the base.
    """
    base = load_scenario("opdracht-2026")
    weights = {"jeugdhulp_entries_per_year": 1.0}
    problem = Problem(base, HardRules(), 3.6e6, weights, 3, 10, 1, 7)
    search = Search(problem, _known_function(3.6e6), 40, max_reps=12, confirm_reps=5)
    best = search.run()
    screened = search.evaluated()
    truth = sorted(_truth({k.replace(".", "_"): v for k, v in problem.levers(c.x).items()}) for c in screened)
    assert _truth({k.replace(".", "_"): v for k, v in problem.levers(best.x).items()}) <= truth[1]
    assert sum(len(r["dropped_worse"]) for r in search.rounds) > 0
    n = search.counts
    assert n.generated == n.outside_limits + n.undeliverable + n.evaluated
    assert all(c.n >= 3 for c in screened) and best.n >= 6 and search.ref.n == best.n
    assert [c for c in screened if c.status == "best"] == [best]
    assert search.rounds[-1]["remaining"] == [best.point]
    conf = search.confirmation
    assert conf["replicates"] == [12, 16] and conf["verdict"] == "better"
    assert conf["objective_difference"]["hi"] < 0


def test_demonstrable_dominance_needs_paired_intervals_on_both_kpis():
    """A dominates B only when both paired intervals lie below 0 (identical KPIs do not count)."""
    rng = np.random.default_rng(3)
    common = rng.normal(0, 50, 6)
    a, b = (
        Candidate(1, None, {"jeugdhulp_entries_per_year": 1000 + common, "jeugdoverlast_registered_per_year":
                            700 + common}, 0.0),
        Candidate(2, None, {"jeugdhulp_entries_per_year": 1010 + common + rng.normal(0, 1, 6),
                            "jeugdoverlast_registered_per_year": 700 + common}, 0.0),
    )
    assert demonstrably_dominates(a, b) and not demonstrably_dominates(b, a)
    noisy = Candidate(3, None, {k: v + rng.normal(0, 30, 6) for k, v in b.kpis.items()}, 0.0)
    assert not demonstrably_dominates(a, noisy)  # 10 fewer entries, but not demonstrably: own noise 30
    two = Candidate(4, None, {k: v[:2] for k, v in a.kpis.items()}, 0.0)
    assert not demonstrably_dominates(two, b)  # 2 common replicates: nothing is demonstrable
