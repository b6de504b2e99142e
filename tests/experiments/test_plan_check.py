"""jwsim plan-check.

The report's numbers are the runs' numbers, the robustness probabilities are right, a posterior file is used
when given, and bad plans fail with one line, exit 2, nothing written.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from jwsim.cli import main as cli_main
from jwsim.experiments import plan_report
from jwsim.experiments.labels import fmt
from jwsim.experiments.plan_check import jeffreys
from jwsim.experiments.provenance import source_root

ARGS = [
    "--reps",
    "3",
    "--draws",
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


def test_plan_check_report(tmp_path, capsys):
    """Plan check report."""
    out = tmp_path / "pc"
    argv = ["plan-check", "opdracht-2026", "--against", "huidig-2025", "--ranges", "--out", str(out), *ARGS]
    assert cli_main(argv) == 0
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["rows"] == 2 * 3 + 3 * 2 and line["failed"] == 0
    doc = json.loads((out / "plan-check.json").read_text())
    runs = pd.read_parquet(out / "runs")
    base = runs[runs.point == 0]
    plan = base[base.scenario == "opdracht-2026"].sort_values("replicate")
    alt = base[base.scenario == "huidig-2025"].sort_values("replicate")
    k = "jeugdoverlast_registered_per_year"
    assert doc["kpis"][k]["mean"] == pytest.approx(plan[f"kpi_{k}"].mean())
    d = plan[f"kpi_{k}"].to_numpy() - alt[f"kpi_{k}"].to_numpy()
    assert doc["alternatives"]["huidig-2025"]["difference"][k]["mean"] == pytest.approx(d.mean())
    # Robustness, recomputed from the rows: the plan costs more than the 2025 practice in every draw.
    rob = doc["robustness"]["huidig-2025"]
    assert (
        rob["youthwork_cost_eur_per_year"]["p_beats"] == 0.0 and rob["youthwork_cost_eur_per_year"]["n"] == 3
    )
    drawn = runs[runs.point > 0].pivot_table(index="point", columns="scenario", values=f"kpi_{k}")
    plan_v, alt_v = drawn["opdracht-2026"].to_numpy(), drawn["huidig-2025"].to_numpy()
    counts = [int((plan_v < alt_v).sum()), int((plan_v == alt_v).sum()), int((plan_v > alt_v).sum())]
    assert [rob[k][x] for x in ("wins", "ties", "losses")] == counts
    assert rob[k]["p_beats"] == pytest.approx(counts[0] / 3)
    # Each draw moved the uncertain parameters (stored as inputs), identically for plan and alternative.
    ins = [c for c in runs.columns if c.startswith("in_")]
    assert len(ins) > 50 and runs[runs.point > 0].groupby("point")[ins].nunique().max().max() == 1
    assert runs[runs.point > 0][ins].drop_duplicates().shape[0] == 3
    md = (out / "report.md").read_text()
    assert fmt(k, doc["kpis"][k]["mean"], "nl") in md and "![" in md and "## 3." in md
    page = (out / "report.html").read_text()
    assert page.count('src="data:image/png;base64,') == 2 and 'src="http' not in page
    assert (out / "robustness.png").read_bytes()[:4] == b"\x89PNG"
    assert not unresolved_references(out, md)
    meta = {"made": "now", "reps": 3, "scale": 10, "years": 1, "seed": 1, "version": "x",
            "registry_version": "y", "git_commit": "z" * 12}
    en = tmp_path / "en"
    en.mkdir()
    (en / "manifest.json").write_bytes((out / "manifest.json").read_bytes())
    plan_report.write(en, doc, meta, "en")
    english = (en / "report.md").read_text()
    assert not unresolved_references(en, english) and "±0" not in md + english


def unresolved_references(folder: Path, text: str) -> list[str]:
    """Every reference in a report that does not resolve: figures, files, docs, sections, quoted headings."""
    headings = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]
    bad = []
    # A heading of another document, named with it ("docs/x.md, 'Heading'"): it must be in that document.
    in_docs = re.compile(r"\b(docs/[\w./-]+\.md), (?:section )?'([^']+)'")
    for doc, quoted in in_docs.findall(text):
        lines = (source_root() / doc).read_text(encoding="utf-8").splitlines()
        if not any(quoted in line for line in lines if line.startswith("#")):
            bad.append(f"{doc}, '{quoted}'")
    text = in_docs.sub(r"\1", text)
    bad += [f for f in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text) if not (folder / f).is_file()]
    bad += [d for d in re.findall(r"\bdocs/[\w./-]+\.md", text) if not (source_root() / d).is_file()]
    bad += [f for f in re.findall(r"\b[\w-]+\.(?:json|png|html)\b", text) if not (folder / f).is_file()]
    for number in re.findall(r"(?:section|sectie|paragraaf|hoofdstuk|§)\s*(\d+)", text, re.IGNORECASE):
        if not any(h.startswith(f"{number}.") for h in headings):
            bad.append(f"section {number}")
    bad += [q for q in re.findall(r"'([^']{3,})'", text) if not any(q in h for h in headings)]
    return bad


def test_ties_are_ties_and_no_change_is_said_in_words(tmp_path, capsys):
    """An outcome the allocation does not touch: ties (not half wins), "no change", never "±0 [±0 … ±0]"."""
    out = tmp_path / "pc"
    kpis = ["vulnerable_share_10_19", "jeugdoverlast_registered_per_year"]
    argv = ["plan-check", "opdracht-2026", "--against", "huidig-2025", "--ranges", "--out", str(out), "--kpi"]
    assert cli_main([*argv, *kpis, "--lang", "en", *ARGS]) == 0
    doc = json.loads((out / "plan-check.json").read_text())
    tie = doc["robustness"]["huidig-2025"]["vulnerable_share_10_19"]
    assert (tie["wins"], tie["ties"], tie["losses"], tie["p_beats"], tie["no_change"]) == (0, 3, 0, 0.0, True)
    assert doc["alternatives"]["huidig-2025"]["difference"]["vulnerable_share_10_19"]["no_change"]
    md = (out / "report.md").read_text()
    level, diff, rob = [line for line in md.splitlines() if line.startswith("| Share of vulnerable youths")]
    assert "no change in any replicate" in diff and "| equal |" in diff
    assert "no change in any draw" in rob and "50%" not in rob
    assert "±0" not in md and not unresolved_references(out, md)


def test_three_replicates_at_least_for_an_interval(tmp_path, capsys):
    """Two replicates: the report says there is no interval instead of printing one."""
    out = tmp_path / "pc"
    argv = ["plan-check", "opdracht-2026", "--against", "huidig-2025", "--draws", "0", "--out", str(out)]
    assert cli_main([*argv, "--kpi", "jeugdoverlast_registered_per_year", *ARGS[2:], "--reps", "2"]) == 0
    doc = json.loads((out / "plan-check.json").read_text())
    k = doc["kpis"]["jeugdoverlast_registered_per_year"]
    assert k["lo"] is None and k["hi"] is None and k["n"] == 2
    md = (out / "report.md").read_text()
    assert md.count("geen interval (n < 3)") == 2 and "geen oordeel (n < 3)" in md


def test_posterior_file_is_used(tmp_path, capsys):
    """Posterior file is used."""
    post = tmp_path / "posterior.json"
    post.write_text(
        json.dumps(
            {
                "parameters": ["nuisance_summer_ratio", "peer_influence"],
                "draws": [[1.6, 0.3], [2.2, 0.4], [2.4, 0.5], [1.9, 0.35]],
            }
        )
    )
    out = tmp_path / "pc"
    assert (
        cli_main(
            [
                "plan-check",
                "opdracht-2026",
                "--against",
                "geen-jongerenwerk",
                "--out",
                str(out),
                "--posterior",
                str(post),
                *ARGS,
            ]
        )
        == 0
    )
    runs = pd.read_parquet(out / "runs")
    assert sorted(c for c in runs.columns if c.startswith("in_")) == [
        "in_nuisance_summer_ratio",
        "in_peer_influence",
    ]
    drawn = set(
        map(tuple, runs[runs.point > 0][["in_nuisance_summer_ratio", "in_peer_influence"]].to_numpy())
    )
    assert len(drawn) == 3 and drawn <= {(1.6, 0.3), (2.2, 0.4), (2.4, 0.5), (1.9, 0.35)}
    assert "posterior" in json.loads((out / "plan-check.json").read_text())["draw_source"]


def test_jeffreys_interval():
    """Jeffreys interval."""
    lo, hi = jeffreys(0, 10)
    assert lo == 0.0 and 0.1 < hi < 0.25
    lo, hi = jeffreys(5, 10)
    assert lo == pytest.approx(1 - hi)


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["plan-check", "no-such-plan.toml"], "file not found"),
        (["plan-check", "opdracht-2026", "--against", "opdracht-2026"], "must differ"),
        (["plan-check", "opdracht-2026", "--uncertain", "no_such_param"], "unknown parameter"),
        (["plan-check", "opdracht-2026", "--kpi", "happiness"], "unknown KPI"),
    ],
)
def test_bad_plan_one_line_exit_2_nothing_written(tmp_path, capsys, argv, needle):
    """Bad plan one line exit 2 nothing written."""
    out = tmp_path / "o"
    assert cli_main([*argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and needle in err and not out.exists()


def test_bad_posterior_file(tmp_path, capsys):
    """Bad posterior file."""
    post = tmp_path / "p.json"
    post.write_text(json.dumps({"parameters": ["nuisance_summer_ratio"], "draws": [[99.0], [98.0], [97.0]]}))
    out = tmp_path / "o"
    assert (
        cli_main(["plan-check", "opdracht-2026", "--posterior", str(post), "--draws", "2", "--out", str(out)])
        == 2
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nuisance_summer_ratio" in err and not out.exists()


def test_impossible_plan_file(tmp_path, capsys):
    """An undeliverable plan (more FTE than Bindkracht10 has): one line, exit 2, nothing written."""
    plan = tmp_path / "plan.toml"
    plan.write_text('name = "te-veel"\n[allocation.bk10]\nambulant = 30.0\n[allocation.jc]\nambulant = 4.0\n')
    out = tmp_path / "o"
    assert cli_main(["plan-check", str(plan), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "26.5" in err and "plan.toml" in err and not out.exists()


def test_plan_check_under_all_evidence_regimes_says_which_differences_survive(tmp_path, capsys):
    """`--evidence all`: the differences under the three regimes from their own runs, and a robust flag.

    The central column is the report's own difference; the other regimes' are their runs' paired differences;
    a difference that vanishes under the pessimistic regime is flagged as depending on assumptions.
    """
    out = tmp_path / "pc"
    argv = ["plan-check", "opdracht-2026", "--against", "huidig-2025", "--ranges", "--evidence", "all",
            "--out", str(out), *ARGS]
    assert cli_main(argv) == 0
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    # The check's runs plus, under two more regimes, 2 scenarios x 3 replicates at the registry values.
    assert line["rows"] == 2 * 3 + 3 * 2 + 2 * (2 * 3) and line["failed"] == 0
    doc = json.loads((out / "plan-check.json").read_text())
    ev = doc["evidence"]
    assert ev["regimes"] == ["pessimistic", "central", "optimistic"] and ev["shown"] == "central"
    rows = ev["differences"]["huidig-2025"]
    k = "jeugdoverlast_registered_per_year"
    assert rows[k]["central"]["mean"] == doc["alternatives"]["huidig-2025"]["difference"][k]["mean"]
    pess = pd.read_parquet(out / "evidence-pessimistic" / "runs")
    plan = pess[pess.scenario == "opdracht-2026"].sort_values("replicate")[f"kpi_{k}"].to_numpy()
    alt = pess[pess.scenario == "huidig-2025"].sort_values("replicate")[f"kpi_{k}"].to_numpy()
    assert rows[k]["pessimistic"]["mean"] == pytest.approx((plan - alt).mean())
    # The plan's ambulant team lowers nuisance through presence (grade C): under the pessimistic regime that
    # effect is zero, so the sign depends on the assumptions; the cost does not.
    assert rows[k]["central"]["mean"] < 0
    assert not rows[k]["robust"] and rows[k]["depends_on"] == ["pessimistic"]
    assert rows["youthwork_cost_eur_per_year"]["robust"]
    report = (out / "report.md").read_text()
    assert "## 4. Welke verschillen de aannames overleven" in report
    assert "| Kosten jongerenwerk per jaar (€) | +115.000 | +115.000 | +115.000 | robuust |" in report
    assert "hangt af van aannames (pessimistisch)" in report
