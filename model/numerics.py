"""Numerical guards and the bounds of thinning: numbers of the arithmetic, not of the world.

Nothing here is a property of youths, youth work or Nijmegen (those are registered parameters,
``model/params.py``); these are the margins that keep floating-point arithmetic safe.

Thinning decides rare events by computing hazards only below a provable upper bound. A process draws one
uniform per youth per week (fixed size: common random numbers) and a youth has the event when
``u < hazard``. Hazards are products of bounded terms (factors and scores are bounded), so an upper bound B
of every youth's hazard is cheap; youths with ``u >= B`` cannot have the event, and only the few with
``u < B`` need their hazard. The decisions are exactly those of the full computation.
"""

from __future__ import annotations

import math

# A thinning bound is raised by this relative margin: hazards are compared in float32.
THINNING_SLACK = 1e-6
# The margin of a bound on a hazard computed in float32 from an exponent (float32 coefficients and exp
# differ from the float64 bound by a few units in the last place, times the exponent's size).
THINNING_SLACK_F32 = 1e-4
# Sums of weights or hours below this are zero (rounding dust of incremental float64 updates).
TINY = 1e-9
# The same guard for float32 ratios.
TINY_F32 = 1e-6
# Largest uniform fed into log1p(-u) (a geometric duration from u = 1 would be infinite).
U_BELOW_ONE = 0.999999


def max_exp(coefficient: float, low: float, high: float) -> float:
    """Return the largest value of ``exp(coefficient * x)`` for x in [low, high].

    Holds whatever the coefficient's sign.
    """
    return math.exp(max(coefficient * low, coefficient * high))


def slack(bound: float) -> float:
    """Return a thinning bound raised by :data:`THINNING_SLACK`."""
    return bound * (1 + THINNING_SLACK)


def slack_f32(bound: float) -> float:
    """Return a thinning bound of a float32 hazard raised by :data:`THINNING_SLACK_F32`."""
    return bound * (1 + THINNING_SLACK_F32)
