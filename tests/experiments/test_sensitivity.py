"""Sensitivity.

The pipeline (design → runner → Parquet → SALib) reproduces Ishigami's known indices, and gives the exact
elementary effects of a lever whose effect on a KPI is known.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from SALib.analyze import morris
from SALib.test_functions import Ishigami

from jwsim.cli import main as cli_main
from jwsim.experiments.designs import load_design
from jwsim.experiments.sensitivity import analyse
from jwsim.experiments.storage import load_table

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
    table = analyse(load_design(path), load_table(out))
    fte = table[table["kpi"] == "youthwork_fte"].set_index("factor")
    assert fte.loc["jc.ambulant", "mu_star"] == pytest.approx(4.0)
    assert fte.loc["nuisance_summer_ratio", "mu_star"] == 0.0
    assert np.isfinite(table["mu_star_conf"]).all()
    assert (out / "sensitivity-jeugdhulp_entries_per_year.png").exists()


def test_sensitivity_rejects_a_sweep_design(tmp_path, capsys):
    """Sensitivity rejects a sweep design."""
    out = tmp_path / "o"
    assert cli_main(["sensitivity", "smoke", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "morris" in err and not out.exists()
