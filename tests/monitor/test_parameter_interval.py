"""The parameter interval of an update: the kernel-smoothed weighted ensemble (Liu & West)."""

from __future__ import annotations

import numpy as np
from scipy import stats

from jwsim.monitor.update import parameter_interval, weighted_quantiles


def test_many_equal_draws_give_the_distributions_quantiles():
    """With 4,000 equally weighted normal draws the smoothing is negligible: the normal's quantiles."""
    x = np.random.default_rng(1).normal(2.0, 0.5, 4000)
    w = np.full(x.size, 1.0 / x.size)
    lo, med, hi = parameter_interval(x, w, (0.05, 0.5, 0.95))
    assert abs(lo - stats.norm.ppf(0.05, 2.0, 0.5)) < 0.04
    assert abs(med - 2.0) < 0.03
    assert abs(hi - stats.norm.ppf(0.95, 2.0, 0.5)) < 0.04


def test_few_effective_draws_give_a_wider_interval_than_the_points():
    """Weight on three draws: the empirical 90% interval spans only them; the smoothed one is wider."""
    x = np.linspace(0.0, 1.0, 29)
    w = np.zeros(29)
    w[[13, 14, 15]] = (0.25, 0.5, 0.25)
    emp = weighted_quantiles(x, w, (0.05, 0.95))
    lo, hi = parameter_interval(x, w, (0.05, 0.95))
    assert lo < emp[0] and hi > emp[1]
    # and it keeps the weighted mean at its centre
    assert abs(0.5 * (lo + hi) - float(w @ x)) < 1e-6


def test_the_interval_stays_inside_the_parameters_range():
    """A weighted ensemble near the lower end of its range: the interval is clipped to the range."""
    x = np.array([0.0, 0.01, 0.02, 0.5])
    w = np.array([0.4, 0.3, 0.2, 0.1])
    lo, hi = parameter_interval(x, w, (0.05, 0.95), (0.0, 0.6))
    assert lo == 0.0 and hi <= 0.6
    assert parameter_interval(x, w, (0.05,))[0] < 0.0  # without the range the kernel reaches below it
