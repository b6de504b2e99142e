"""`jwsim validate --json` shape and semantics; the shipped posterior ensemble and its draws."""

from __future__ import annotations

import json

import numpy as np
import pytest

from jwsim.calibration.posterior import load_posterior, posterior_overrides, posterior_size, with_draw
from jwsim.calibration.targets import CalibrationError, load_targets
from jwsim.calibration.validate import agreement
from jwsim.cli import main as cli_main
from jwsim.model.params import REGISTRY, Parameters

ROW_KEYS = {"name", "observed", "lo_obs", "hi_obs", "simulated", "lo", "hi", "used_for_fit", "within",
            "overlap", "z"}


@pytest.fixture(scope="module")
def validation(tmp_path_factory):
    """Run `jwsim validate --json` once at scale 20 with two runs; return the parsed document."""
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = cli_main(
            ["validate", "--json", "--scale", "20", "--reps", "2", "--workers", "1", "--seed", "5"]
        )
    assert code == 0
    return json.loads(buf.getvalue())


def test_validate_json_has_one_row_per_target_with_the_agreed_fields(validation):
    """The JSON has one row per target, in order, with the agreed fields and a consistent 'within'."""
    ts = load_targets()
    rows = validation["targets"]
    assert [r["name"] for r in rows] == [t.name for t in ts.targets]
    for r in rows:
        assert ROW_KEYS <= set(r)
        assert isinstance(r["used_for_fit"], bool) and isinstance(r["within"], bool)
        assert r["lo"] <= r["simulated"] <= r["hi"], r["name"]
        # overlap = the observation's band overlaps the simulated 95% interval; within = overlap and |z| <= 2
        assert r["overlap"] == (r["lo_obs"] <= r["hi"] and r["lo"] <= r["hi_obs"]), r["name"]
        assert r["within"] == (r["overlap"] and abs(r["z"]) <= 2), r["name"]
    assert validation["setup"]["runs"] == 2 and validation["setup"]["scale"] == 20


def test_overlapping_intervals_with_a_distant_mean_are_not_within():
    """Bands that touch are not agreement when the mean is more than two standard errors off (|z| > 2)."""
    municipal = {t.name: t for t in load_targets().targets}["jeugdhulp_prevalence_u18_municipal"]
    # The shipped validation's figures: 13.45% simulated (12.9-14.1%) against 15.1% (band 14-17%).
    far = agreement(municipal, 0.1345, 0.129, 0.141)
    assert far["overlap"] and far["z"] < -2 and not far["within"] and not far["value_inside"]
    near = agreement(municipal, 0.15, 0.144, 0.156)
    assert near["overlap"] and abs(near["z"]) < 2 and near["within"] and near["value_inside"]
    apart = agreement(municipal, 0.10, 0.09, 0.11)
    assert not apart["overlap"] and not apart["within"]


def test_validate_reports_the_spatial_checks(validation):
    """The JSON reports the spatial checks: deprivation correlation, ranks and all 44 wijken."""
    sp = validation["spatial"]
    assert sp["wijken_used"] >= 10
    assert -1 <= sp["jeugdhulp_vs_deprivation"]["rho"] <= 1
    assert sorted(sp["stadsdeel_rank_jeugdhulp"]) == sorted(sp["stadsdeel_jeugdhulp_prevalence"])
    assert 1 <= sp["centrum_rank_overlast"] <= 9
    # Registered where it happens: the ranking by count and per 1,000 inhabitants lists the nine stadsdelen.
    per_1000 = sp["stadsdeel_rank_overlast_per_1000_inhabitants"]
    assert sorted(per_1000) == sorted(sp["stadsdeel_overlast_registered"])
    assert sp["stadsdeel_rank_overlast"].index("Nijmegen-Centrum") + 1 == sp["centrum_rank_overlast"]
    assert 1 <= sp["centrum_rank_overlast_per_1000_inhabitants"] <= 9
    assert len(sp["per_wijk"]) == 44


def test_validate_rejects_bad_arguments_with_one_line(capsys):
    """A bad `jwsim validate` argument exits with code 2 and a one-line error."""
    with pytest.raises(SystemExit) as exc:
        cli_main(["validate", "--reps", "0"])
    assert exc.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_posterior_draws_are_deterministic_valid_parameter_sets():
    """Posterior draws depend only on the seed, vary, cover the calibrated parameters and lie in range."""
    n = posterior_size()
    assert n >= 20
    a = load_posterior(5, seed=1)
    b = load_posterior(5, seed=1)
    c = load_posterior(5, seed=2)
    assert a == b and a != c
    assert all(isinstance(p, Parameters) for p in a)
    draws = posterior_overrides(n, seed=3)
    assert len({json.dumps(d, sort_keys=True) for d in draws}) > 1, "an ensemble, not one point"
    for d in draws:
        assert set(d) == {k for k, p in REGISTRY.items() if p.calibrate}
        for k, v in d.items():
            assert REGISTRY[k].low <= v <= REGISTRY[k].high
    with pytest.raises(CalibrationError, match="ensemble has"):
        load_posterior(n + 1, seed=1)


def test_scenario_overrides_win_over_a_posterior_draw():
    """A scenario's parameter overrides take precedence over a posterior draw."""
    draw = load_posterior(1, seed=4)[0]
    scenario = Parameters.from_overrides({"ambulant_presence_effect": 0.05, "sjw_dose_threshold_hours": 8})
    merged = with_draw(scenario, draw)
    assert merged["ambulant_presence_effect"] == 0.05 and merged["sjw_dose_threshold_hours"] == 8
    assert merged["nuisance_acts_per_week_street"] == draw["nuisance_acts_per_week_street"]
    # ... and the scenario's evidence regime is kept under a draw.
    pess = with_draw(scenario.with_regime("pessimistic"), draw)
    assert pess.regime == "pessimistic" and pess["d_wijk"] == 0.0


def test_posterior_means_agree_with_the_registry_point_estimate():
    """The posterior means of the identified parameters lie near the registry's point estimates."""
    # The shipped defaults are the SMM estimate; the identified parameters' posterior must sit around them.
    draws = posterior_overrides(posterior_size(), seed=0)
    for name in ("nuisance_acts_per_week_street", "mental_strain_base"):
        values = np.array([d[name] for d in draws])
        p = REGISTRY[name]
        assert abs(values.mean() - p.value) < 0.25 * (p.high - p.low), name


def test_compare_with_posterior_draws_runs_paired_draws_and_rejects_too_many():
    """A comparison with posterior draws is reproducible, differs from plain runs, and caps the draws."""
    from jwsim.experiments.compare import run_comparison
    from jwsim.experiments.errors import ExperimentError

    kw = dict(reps=1, seed=3, scale=20.0, years=1, workers=1, attribution=False)
    comp = run_comparison(["opdracht-2026", "huidig-2025"], posterior=2, **kw)
    assert comp.reps == 2 and comp.meta["posterior_draws"] == 2
    assert all(len(v) == 2 for v in comp.results.values())
    again = run_comparison(["opdracht-2026", "huidig-2025"], posterior=2, **kw)
    k = "nuisance_incidents_per_year"  # its base rate is in the posterior (care parameters: after the refit)
    assert [r.kpis[k].tolist() for r in comp.results["opdracht-2026"]] == [
        r.kpis[k].tolist() for r in again.results["opdracht-2026"]
    ]
    plain = run_comparison(["opdracht-2026", "huidig-2025"], **kw)
    # run 0 has the same seed with and without --posterior: only the parameter draw differs
    with_draw0 = comp.results["opdracht-2026"][0].kpis[k].tolist()
    assert with_draw0 != plain.results["opdracht-2026"][0].kpis[k].tolist()
    with pytest.raises(ExperimentError, match="--posterior"):
        run_comparison(["opdracht-2026", "huidig-2025"], posterior=posterior_size() + 1, **kw)


def test_the_report_folder_has_a_manifest_with_provenance(tmp_path):
    """`jwsim validate --report` writes manifest.json (scenario and targets hashes, versions, data hashes)."""
    from jwsim.calibration.targets import default_targets_path
    from jwsim.experiments.provenance import file_sha256

    report = tmp_path / "report"
    argv = ["validate", "--scale", "50", "--reps", "1", "--workers", "1", "--report", str(report)]
    assert cli_main(argv) == 0
    manifest = json.loads((report / "manifest.json").read_text())
    assert manifest["command"] == "jwsim validate" and (report / "report.md").is_file()
    assert manifest["targets_sha256"] == file_sha256(default_targets_path())
    assert set(manifest["scenario_sha256"]) == {load_targets().settings["scenario"], "huidig-2025"}
    assert manifest["input_data"] and manifest["versions"]["numpy"] == np.__version__


def test_patterns_not_fitted_are_reported_with_pass_or_fail():
    """Validate's pattern checks: age profile, boys vs girls, summer vs winter, each with its verdict."""
    from jwsim.calibration.validate import pattern_checks  # noqa: PLC0415
    from jwsim.experiments.runner import replicate_tasks, run_task  # noqa: PLC0415
    from jwsim.model.scenario import load_scenario  # noqa: PLC0415

    runs = [run_task(t) for t in replicate_tasks(load_scenario("opdracht-2026"), 3, 2, 8.0, 2)]
    checks = {c["name"]: c for c in pattern_checks(runs)}
    assert set(checks) == {"jeugdhulp_10_11_vs_12_17", "jeugdhulp_18_23_vs_12_17",
                           "jeugdhulp_boys_vs_girls_10_23", "overlast_summer_vs_winter",
                           "jeugdhulp_spells_within_year", "jeugdhulp_spell_median_vs_mean",
                           "jeugdhulp_light_spells_within_year"}
    assert all(isinstance(c["passed"], bool) and c["source"] for c in checks.values())
    # Newcomers of 10 arrive with the need and care of their age (they once arrived care-free: ratio 0.16).
    assert checks["jeugdhulp_10_11_vs_12_17"]["value"] > 0.35
    assert checks["jeugdhulp_18_23_vs_12_17"]["passed"] and checks["overlast_summer_vs_winter"]["passed"]


def test_spell_lengths_from_the_duration_classes():
    """Share ended within a year and median / mean from known class counts (median inside its class)."""
    from types import SimpleNamespace  # noqa: PLC0415

    from jwsim.calibration.validate import spell_lengths  # noqa: PLC0415
    from jwsim.model.processes.jeugdhulp import SPELL_CLASSES  # noqa: PLC0415

    counts = (10.0, 10.0, 20.0, 40.0, 20.0)  # under 3 m, 3-6 m, 6-12 m, 1-2 y, 2 y+
    kpis = {f"jeugdhulp_exits_{c[0]}_per_year": np.array([n / 2, n / 2])
            for c, n in zip(SPELL_CLASSES, counts, strict=True)}
    kpis["jeugdhulp_mean_duration_years"] = np.array([1.5, 1.5])  # 78 weeks
    within, ratio = spell_lengths([SimpleNamespace(kpis=kpis)])
    assert within == pytest.approx(0.4)
    # 40% end under 52 weeks, 80% under 104: the median is 52 + 52 x (0.5 - 0.4) / 0.4 = 65 weeks.
    assert ratio == pytest.approx(65 / 78)
    none = {k: np.zeros(2) for k in kpis}
    assert all(np.isnan(v) for v in spell_lengths([SimpleNamespace(kpis=none)]))
