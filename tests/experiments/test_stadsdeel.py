"""Shares of the city's change per stadsdeel: no division by a change that is only rounding dust."""

from __future__ import annotations

import pytest

from jwsim.experiments.compare_stadsdeel import share_of_city


def test_a_part_of_a_real_change_is_its_share():
    """Noord's part of a city change of -22.5 hours is its mean over the city's."""
    assert share_of_city(-20.25, -22.5, 1_000.0) == pytest.approx(0.9)


@pytest.mark.parametrize("city", [0.0, 1e-13, -6e-14])
def test_no_share_of_no_change_or_of_rounding_dust(city):
    """Identical counts averaged over years can differ in the last bit: that is no change to divide by.

    (A yearly mean of 822 reports in two scenarios with the same events gave a city change of ~1e-13 and
    a Noord share of -6e12 before the dust rule.)
    """
    assert share_of_city(1.0, city, 822.0) is None


def test_a_small_change_of_a_small_level_still_has_a_share():
    """The dust rule is relative: a change of 0.001 youths on a level of 3 is a change."""
    assert share_of_city(0.0005, 0.001, 3.0) == pytest.approx(0.5)
