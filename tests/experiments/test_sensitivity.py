"""Sensitivity.

The pipeline (design → runner → Parquet → SALib) reproduces Ishigami's known indices, and gives the exact
elementary effects of a lever whose effect on a KPI is known.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from SALib.analyze import morris
from SALib.test_functions import Ishigami

from jwsim.cli import main as cli_main
from jwsim.experiments.designs import load_design
from jwsim.experiments.labels import factor_label
from jwsim.experiments.levers import levers
from jwsim.experiments.sensitivity import (
    NOISE_REPS,
    analyse,
    latex_escape,
    noise_floor,
    outputs_by_point,
    table_rows,
    write_report,
)
from jwsim.experiments.storage import load_table
from jwsim.model.params import REGISTRY

# Analytic values for a = 7, b = 0.1 (Saltelli et al. 2008, The Primer).
S1 = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
ST = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}


def test_ishigami_sobol_indices_reproduced(tmp_path, capsys):
    """Ishigami sobol indices reproduced."""
    out = tmp_path / "ish"
    assert cli_main(["sensitivity", "ishigami", "--out", str(out), "--workers", "1", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert doc["rows"] == 1024 * 5 and doc["failed"] == 0
    got = {r["factor"]: r for r in doc["indices"]}
    for name in S1:
        r = got[name]
        assert abs(r["S1"] - S1[name]) < 0.05 and abs(r["ST"] - ST[name]) < 0.05, r
        assert r["S1_lo"] <= S1[name] <= r["S1_hi"] and r["ST_lo"] <= ST[name] <= r["ST_hi"], r
    assert (out / "sensitivity-y.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "sensitivity.csv").read_text().startswith("kpi,factor,")


def test_ishigami_morris_equals_salib_directly(tmp_path):
    """Ishigami morris equals salib directly."""
    path = tmp_path / "m.toml"
    path.write_text(
        'name = "m"\nmethod = "morris"\nevaluator = "ishigami"\nsamples = 20\nsampler_seed = 9\n'
        "[factors.x1]\n[factors.x2]\n[factors.x3]\n"
    )
    out = tmp_path / "m"
    assert cli_main(["sensitivity", str(path), "--out", str(out), "--workers", "1", "--no-progress"]) == 0
    design = load_design(path)
    table = analyse(design, load_table(out))
    x = design.unit_samples()
    direct = morris.analyze(
        design.problem(), x, Ishigami.evaluate(x), num_resamples=1000, conf_level=0.95, num_levels=4, seed=9
    )
    np.testing.assert_allclose(table["mu_star"], direct["mu_star"], rtol=1e-12)
    np.testing.assert_allclose(table["sigma"], direct["sigma"], rtol=1e-12)
    np.testing.assert_allclose(table["mu_star_conf"], direct["mu_star_conf"], rtol=1e-12)


def test_morris_on_the_model_finds_the_known_lever_effect(tmp_path):
    """Morris on the model: μ* of a lever with a known effect is exact.

    youthwork_fte moves one for one with jeugdcoach ambulant FTE (no balancing) and not at all with a
    nuisance parameter: μ* must be the lever's range (4 FTE) and exactly 0 respectively.
    """
    path = tmp_path / "mm.toml"
    path.write_text(
        'name = "mm"\nmethod = "morris"\nsamples = 2\nsampler_seed = 1\n'
        'kpis = ["youthwork_fte", "jeugdhulp_entries_per_year"]\n'
        '[run]\nreps = 1\nscale = 10\nyears = 1\n[balance]\njc = ""\n'
        '[factors."jc.ambulant"]\nlow = 0.0\nhigh = 4.0\n[factors.nuisance_summer_ratio]\n'
    )
    out = tmp_path / "mm"
    assert cli_main(["sensitivity", str(path), "--out", str(out), "--workers", "2", "--no-progress"]) == 0
    design = load_design(path)
    runs = load_table(out)
    table = analyse(design, runs)
    fte = table[table["kpi"] == "youthwork_fte"].set_index("factor")
    assert fte.loc["jc.ambulant", "mu_star"] == pytest.approx(4.0)
    assert fte.loc["nuisance_summer_ratio", "mu_star"] == 0.0
    assert np.isfinite(table["mu_star_conf"]).all()
    assert (out / "sensitivity-jeugdhulp_entries_per_year.png").exists()
    # Normalised: mu* over the standard deviation of the point outputs; sigma inside its bootstrap interval.
    y = outputs_by_point(design, runs, "jeugdhulp_entries_per_year")
    entries = table[table["kpi"] == "jeugdhulp_entries_per_year"]
    assert np.allclose(entries["mu_star_norm"], entries["mu_star"] / np.std(y, ddof=1))
    assert (entries["sigma_lo"] <= entries["sigma"]).all() and (entries["sigma"] <= entries["sigma_hi"]).all()
    # The noise floor from the 10 runs at the centre: the FTE do not vary between replicates (floor 0, and
    # the lever's effect is above it); jeugdhulp entries do.
    assert (runs["point"] == design.n_points()).sum() == NOISE_REPS
    assert fte.loc["jc.ambulant", "noise_floor"] == 0.0 and fte.loc["jc.ambulant", "vs_noise"] == "above"
    sd = runs[runs["point"] == design.n_points()]["kpi_jeugdhulp_entries_per_year"].std(ddof=1)
    floor = 2 * sd / ((4 / (2 * 3)) * math.sqrt(math.pi * design.reps))  # Morris step 4 / (2 x 3) at 4 levels
    assert entries["noise_floor"].iloc[0] == pytest.approx(floor)
    assert entries["noise_floor_lo"].iloc[0] < floor < entries["noise_floor_hi"].iloc[0]


def test_sensitivity_rejects_a_sweep_design(tmp_path, capsys):
    """Sensitivity rejects a sweep design."""
    out = tmp_path / "o"
    assert cli_main(["sensitivity", "smoke", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "morris" in err and not out.exists()


def test_the_noise_floor_is_the_mu_star_of_a_seed_change():
    """On pure noise (each point its own random world), SALib's mu* averages the floor's formula."""
    design = load_design("morris-screening")
    x = design.unit_samples()
    reps, sd = design.reps, 30.0
    rng = np.random.default_rng(5)
    from SALib.analyze import morris as salib_morris

    got = []
    for _ in range(400):
        y = rng.normal(0, sd, (len(x), reps)).mean(axis=1)  # point means of independent runs
        got.append(salib_morris.analyze(design.problem(), x, y, num_levels=4, num_resamples=10)["mu_star"])
    floor = noise_floor(sd, 10**6, design)["mean"]
    assert np.mean(got) == pytest.approx(floor, rel=0.03)
    assert noise_floor(sd, 2, design)["mean"] is None  # two runs: no floor (no interval from n < 3)


def test_tables_and_labels_for_papers(tmp_path):
    """Markdown and LaTeX tables per KPI with labels (not code names), LaTeX-safe, same cells in both."""
    design = load_design("morris-screening")
    kpis = ["jeugdhulp_entries_per_year"]
    rows = []
    for i, f in enumerate(design.factors):
        rows.append({"kpi": kpis[0], "factor": f.name, "mu": 1.0, "mu_star": 10.0 - i, "mu_star_conf": 1.0,
                     "mu_star_lo": 9.0 - i, "mu_star_hi": 11.0 - i, "mu_star_norm": 0.5, "sigma": 2.0,
                     "sigma_lo": 1.5, "sigma_hi": 2.5, "noise_floor": 3.0, "noise_floor_lo": 2.0,
                     "noise_floor_hi": 4.0, "noise_reps": 10, "vs_noise": "above" if i < 6 else "below"})
    table = pd.DataFrame(rows)
    for lang in ("nl", "en"):
        files = write_report(tmp_path / lang, design, table, lang)
        assert {"sensitivity.md", "sensitivity.tex"} <= set(files)
        md = (tmp_path / lang / "sensitivity.md").read_text()
        tex = (tmp_path / lang / "sensitivity.tex").read_text()
        for f in design.factors:
            assert f"| {factor_label(f.name, lang)} |" in md and f"| {f.name} |" not in md
        assert factor_label("bk10.ambulant", lang) != "bk10.ambulant"
        head, cells = table_rows(table, "morris", kpis[0], lang)
        body = [line for line in tex.splitlines() if line.endswith(r"\\")]
        assert len(body) == len(cells) + 1 and all(line.count(" & ") == len(head) - 1 for line in body)
        assert tex.count(r"\begin{tabular}") == 1
    assert factor_label("d_ib", "en") == "Effect of IB on bonding, support, competences, identity, norms"
    assert factor_label("d_ib", "nl") == REGISTRY["d_ib"].label_nl
    assert latex_escape("μ* 5% a_b & c") == r"$\mu$* 5\% a\_b \& c"


EFFECT_PROCESSES = {"youthwork", "nuisance", "jeugdhulp", "crime"}


def test_the_morris_design_screens_the_effects_it_names():
    """Each factor the description names exists, is an effect of youth work (or a lever), uses its range."""
    design = load_design("morris-screening")
    names = {f.name for f in design.factors}
    mentioned = {w.strip(",;:") for w in design.description.split()} & (set(REGISTRY) | set(levers()))
    assert mentioned == names  # names what it screens, screens what it names
    points = pd.DataFrame(design.points())
    for f in design.factors:
        if f.kind == "param":
            p = REGISTRY[f.name]
            effect = p.is_effect or "dose" in f.name  # a graded effect parameter, or the SJW dose-response
            assert p.process in EFFECT_PROCESSES and effect, f.name
            assert (f.low, f.high) == (p.low, p.high), f.name  # the whole registry range
        assert points[f.name].min() == pytest.approx(f.low) and points[f.name].max() == pytest.approx(f.high)


def test_sensitivity_of_a_difference_between_two_scenarios(tmp_path):
    """With difference = true a point's output is the second scenario minus the first, per replicate.

    A lever set to the same value in both scenarios cannot move their FTE difference (μ* exactly 0, where
    on one scenario it is the lever's range), and the point outputs are the paired differences' means.
    """
    path = tmp_path / "dd.toml"
    path.write_text(
        'name = "dd"\nmethod = "morris"\nsamples = 2\nsampler_seed = 1\ndifference = true\n'
        'scenarios = ["huidig-2025", "opdracht-2026"]\n'
        'kpis = ["youthwork_fte", "jeugdoverlast_registered_per_year"]\n'
        '[run]\nreps = 2\nscale = 20\nyears = 1\n[balance]\njc = ""\n'
        '[factors."jc.ambulant"]\nlow = 0.0\nhigh = 4.0\n[factors.nuisance_summer_ratio]\n'
    )
    out = tmp_path / "dd"
    assert cli_main(["sensitivity", str(path), "--out", str(out), "--workers", "2", "--no-progress",
                     "--noise-reps", "3"]) == 0
    design = load_design(path)
    assert design.difference and "difference" in design.spec()
    runs = load_table(out)
    table = analyse(design, runs).set_index(["kpi", "factor"])
    assert table.loc[("youthwork_fte", "jc.ambulant"), "mu_star"] == 0.0
    y = outputs_by_point(design, runs, "jeugdoverlast_registered_per_year")
    col = "kpi_jeugdoverlast_registered_per_year"
    for point in (0, len(y) - 1):
        at = runs[runs["point"] == point].set_index(["scenario", "replicate"])[col]
        assert y[point] == pytest.approx((at["opdracht-2026"] - at["huidig-2025"]).mean())
    with pytest.raises(Exception, match="exactly two scenarios"):
        bad = tmp_path / "bad.toml"
        bad.write_text(path.read_text().replace('"huidig-2025", ', ""))
        load_design(bad)
