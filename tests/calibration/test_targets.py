"""The targets file: complete, sourced, consistent with the model's outputs; the split-normal distance."""

from __future__ import annotations

import pytest
from cal_helpers import tiny_targets_text  # tests/calibration is on sys.path (rootdir-relative import)

from jwsim.calibration.targets import DERIVED, CalibrationError, load_targets
from jwsim.cli import main as cli_main
from jwsim.model.params import REGISTRY
from jwsim.model.results import KPIS

# DESIGN §7 and the issue: the statistics that must have a target.
REQUIRED_STATISTICS = {
    "jeugdhulp_prevalence_u18", "jeugdhulp_prevalence_18_23", "jeugdhulp_inflow_rate_u18",
    "jeugdhulp_mean_duration_years", "jeugdhulp_with_stay_share", "mental_problems_12_16",
    "loneliness_strong_15_23", "payment_arrears_18_23", "vulnerable_share_10_19",
    "jeugdoverlast_registered_per_year", "jeugdoverlast_summer_winter_ratio", "halt_per_10k_12_17",
    "suspects_per_1000_12_17", "suspects_per_1000_18_23", "vsv_rate_12_23", "ib_youths_per_year",
}


def test_every_required_statistic_has_a_sourced_target():
    """Every required statistic has a target with a value inside its band, a source and a note."""
    ts = load_targets()
    assert REQUIRED_STATISTICS <= {t.statistic for t in ts.targets}
    for t in ts.targets:
        assert t.statistic in KPIS or t.statistic in DERIVED, t.name
        assert t.lo < t.value < t.hi, t.name
        for text in (t.population, t.source_title, t.source_org, t.source_address):
            assert len(text) >= 3, t.name
        assert t.evidence.strip(), t.name
        assert 1990 <= t.year <= 2030 and 1990 <= t.source_year <= 2030, t.name
        assert len(t.uncertainty_note) > 40, f"{t.name}: the uncertainty band needs a justification"


def test_jeugdhulp_definitions_one_fitted_one_check():
    """The CBS jeugdhulp prevalence is fitted; the municipal definition is only a check."""
    ts = load_targets()
    cbs = ts.by_name("jeugdhulp_prevalence_u18")
    municipal = ts.by_name("jeugdhulp_prevalence_u18_municipal")
    assert (cbs.value, cbs.used_for_fit) == (0.134, True)
    assert (municipal.value, municipal.used_for_fit) == (0.151, False)


def test_fit_targets_and_free_parameters_are_consistent():
    """The free parameters are the calibrated ones, with one SMM parameter per fitted target."""
    ts = load_targets()
    assert len(ts.fit) >= 10
    free = ts.free_parameters()
    assert set(free) == {n for n, p in REGISTRY.items() if p.calibrate}
    # effect sizes are held in the SMM, sampled in the ABC
    assert "ambulant_presence_effect" in free and "ambulant_presence_effect" not in ts.smm_parameters()
    assert len(ts.smm_parameters()) == len(ts.fit), "SMM: one identified parameter per fitted target"


def test_split_normal_z_is_zero_at_the_value_and_1_96_at_the_band():
    """The split-normal z is 0 at the value, +-1.96 at the band edges, and asymmetric."""
    t = load_targets().by_name("jeugdhulp_prevalence_u18")
    assert t.z(t.value) == 0.0
    assert t.z(t.hi) == pytest.approx(1.959964)
    assert t.z(t.lo) == pytest.approx(-1.959964)
    # asymmetric band: the same distance above counts less than below
    assert abs(t.z(t.value + 0.005)) < abs(t.z(t.value - 0.005))


@pytest.mark.parametrize("mutation, message", [
    (lambda s: s.replace('statistic = "halt_per_10k_12_17"', 'statistic = "halt_rate"'), "unknown statistic"),
    (lambda s: s.replace("value = 84.0", "value = 120.0"), "lo < value < hi"),
    (lambda s: s.replace('source_address = "https://swm.nijmegen.nl/p40376/vernieling-en-overlast"\n', "", 1),
     "misses 'source_address'"),
    (lambda s: s.replace("abc_population = 5", "abc_population = 0"), "must be positive"),
    (lambda s: s.replace("abc_final_quantile = 0.6", "abc_final_quantile = 1.5"), "wrong type or value"),
])
def test_bad_targets_file_is_one_line_error_and_writes_nothing(tmp_path, capsys, mutation, message):
    """A bad targets file gives a one-line error, exit code 2 and no output folder."""
    bad = tmp_path / "bad.toml"
    bad.write_text(mutation(tiny_targets_text()), encoding="utf-8")
    with pytest.raises(CalibrationError, match=message):
        load_targets(bad)
    out = tmp_path / "out"
    code = cli_main(["calibrate", "--targets", str(bad), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and message.split("'")[0].strip() in err
    assert not out.exists()
