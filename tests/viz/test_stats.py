"""The numbers the app shows.

Paired differences and their intervals, verdicts, per-wijk values, bands, downloads (CSV/XLSX) and the Dutch
number formats.
"""

from __future__ import annotations

import numpy as np
import pytest

from jwsim.experiments.replicates import mean_interval
from jwsim.viz import stats

REPS = 3




def test_paired_difference_is_the_interval_of_replicate_differences(comparison):
    """Paired means: the t-interval of b_i - a_i, not of the two means separately."""
    kpi = "jeugdoverlast_registered_per_year"
    a = stats.kpi_values(comparison.results["huidig-2025"], kpi)
    b = stats.kpi_values(comparison.results["opdracht-2026"], kpi)
    d = stats.paired_difference(a, b)
    expected = mean_interval(b - a)
    assert (d["mean"], d["lo"], d["hi"], d["n"]) == pytest.approx(
        (expected.mean, expected.lo, expected.hi, expected.n)
    )
    assert d["mean"] == pytest.approx(b.mean() - a.mean()) and d["lo"] < d["mean"] < d["hi"]
    with pytest.raises(ValueError, match="paired"):
        stats.paired_difference(a, b[:2])


@pytest.mark.parametrize(
    ("lo", "hi", "direction", "expected"),
    [
        (-3.0, -1.0, stats.LOWER_IS_BETTER, "better"),
        (1.0, 3.0, stats.LOWER_IS_BETTER, "worse"),
        (-1.0, 1.0, stats.LOWER_IS_BETTER, "unclear"),
        (1.0, 3.0, stats.NEUTRAL, "neutral"),
    ],
)
def test_verdict_needs_the_whole_interval_on_one_side(lo, hi, direction, expected):
    """Green or red only when the interval excludes zero; cost is never judged."""
    assert stats.verdict({"mean": (lo + hi) / 2, "lo": lo, "hi": hi, "n": 5}, direction) == expected
    assert stats.verdict({"mean": lo, "lo": lo, "hi": lo, "n": 1}, stats.LOWER_IS_BETTER) == "none"


def test_kpi_cards_cover_the_design_outcomes(comparison):
    """Jeugdhulp, overlast, Halt/crime, dropout, equity gap and cost, each with a paired difference."""
    cards = stats.kpi_cards(comparison, "opdracht-2026", "nl")
    assert [c.kpi for c in cards] == [k for k, _ in stats.HEADLINE_KPIS]
    assert cards[0].label.startswith("Jeugdhulp 10-17")
    cost = cards[-1]
    # the 2026 assignment costs more than the 2025 practice: a fixed input, the same in every replicate
    assert cost.difference["lo"] == cost.difference["hi"] == cost.difference["mean"] > 0
    assert cost.verdict == "neutral"
    reference_cards = stats.kpi_cards(comparison, "huidig-2025", "en")
    assert all(c.difference is None and c.verdict == "none" for c in reference_cards)


def test_wijk_values_and_table(comparison):
    """44 values with NaN where no youths live; the table has one row per inhabited wijk with intervals."""
    values = stats.wijk_values(comparison, "opdracht-2026", "jeugdhulp_prevalence_u18", "difference")
    present = comparison.results["opdracht-2026"].wijk_present()
    assert values.shape == (44,) and np.isnan(values[~present]).all() and np.isfinite(values[present]).all()
    frame = stats.wijk_frame(comparison, "opdracht-2026", "jeugdhulp_prevalence_u18", "nl")
    assert len(frame) == present.sum()
    assert (frame["95%-ondergrens"] <= frame["Scenario"]).all() and (
        frame["Scenario"] <= frame["95%-bovengrens"]
    ).all()
    # percentages in the table: the map's shares times 100
    assert frame["Verschil"].to_numpy() == pytest.approx(values[present] * 100)


def test_series_bands_pair_replicates(comparison):
    """4-week periods; the difference band is built from replicate-wise differences."""
    b = stats.series_bands(comparison, "nuisance_registered")
    periods = 2 * 52 // stats.PERIOD_WEEKS
    assert b["x"]["years"].shape == (periods,) and b["x"]["years"][0] == pytest.approx(2026 + 2 / 52)
    ref = comparison.results["huidig-2025"].period_values("nuisance_registered", "sum", stats.PERIOD_WEEKS)
    own = comparison.results["opdracht-2026"].period_values("nuisance_registered", "sum", stats.PERIOD_WEEKS)
    assert b["difference:opdracht-2026"]["mean"] == pytest.approx((own - ref).mean(axis=0))
    assert (b["opdracht-2026"]["lo"] <= b["opdracht-2026"]["hi"]).all()


def test_formats_follow_the_language():
    """Decimal comma and point grouping in Dutch; percentage points for shares; signs as real minus."""
    assert stats.format_value("jeugdoverlast_registered_per_year", 1234.4, "nl") == "1.234"
    assert stats.format_value("jeugdoverlast_registered_per_year", 1234.4, "en") == "1,234"
    assert stats.format_value("youthwork_cost_eur_per_year", 3485744, "nl") == "\u20ac 3.485.744"
    assert stats.format_difference("jeugdhulp_prevalence_u18", -0.0014, "nl") == "\u22120,14 %-punt"
    assert stats.format_difference("vsv_rate_12_23", 0.00003, "en") == "+0.0030 pp"
    iv = {"mean": 0.001, "lo": -0.0005, "hi": 0.0025, "n": 4}
    assert (
        stats.format_interval("jeugdhulp_prevalence_u18", iv, "nl", difference=True)
        == "[\u22120,050; +0,25] %-punt"
    )
    assert stats.format_interval(
        "youthwork_cost_eur_per_year", {"mean": 5.0, "lo": 5.0, "hi": 5.0, "n": 4}, "nl"
    ).startswith("(geen spreiding")


def test_a_certain_but_tiny_difference_is_not_called_better():
    """Half a report fewer on 822 is certain yet too small to matter: grey 'small', not green."""
    tiny = {"mean": -0.5, "lo": -0.7, "hi": -0.3, "n": 8}
    minimal = stats.MINIMAL_RELEVANT["jeugdoverlast_registered_per_year"].threshold(822.0)
    assert minimal == pytest.approx(41.1)
    assert stats.verdict(tiny, stats.LOWER_IS_BETTER) == "better"  # without an MRD: certainty alone
    assert stats.verdict(tiny, stats.LOWER_IS_BETTER, minimal) == "small"
    large = {"mean": -50.0, "lo": -60.0, "hi": -40.0, "n": 8}
    assert stats.verdict(large, stats.LOWER_IS_BETTER, minimal) == "better"
    unsure = {"mean": -50.0, "lo": -100.0, "hi": 1.0, "n": 8}
    assert stats.verdict(unsure, stats.LOWER_IS_BETTER, minimal) == "unclear"


def test_every_judged_card_has_a_minimal_relevant_difference(comparison):
    """Each headline outcome that is judged carries its MRD, sized on the reference level; cost has none."""
    cards = stats.kpi_cards(comparison, "opdracht-2026", "nl")
    for card, (kpi, direction) in zip(cards, stats.HEADLINE_KPIS, strict=True):
        if direction in (stats.NEUTRAL, stats.INFO):
            assert card.minimal == 0.0 and card.verdict in ("neutral", "info")
            continue
        reference = stats.kpi_values(comparison.results["huidig-2025"], kpi).mean()
        assert card.minimal == pytest.approx(stats.MINIMAL_RELEVANT[kpi].share * abs(reference)), kpi
        assert "assumption" in stats.MINIMAL_RELEVANT[kpi].reason
        if card.difference["hi"] < 0 or card.difference["lo"] > 0:
            assert (card.verdict == "small") == (abs(card.difference["mean"]) < card.minimal), kpi
