"""Bounds for thinning: deciding rare events by computing hazards only below a provable upper bound.

A process draws one uniform per youth per week (fixed size: common random numbers) and a youth has the
event when ``u < hazard``. Hazards are products of bounded terms (factors and scores lie in [0, 1]), so
an upper bound B of every youth's hazard is cheap; youths with ``u >= B`` cannot have the event, and only
the few with ``u < B`` need their hazard. The decisions are exactly those of the full computation.
"""

from __future__ import annotations

import math


def max_exp(coefficient: float, low: float, high: float) -> float:
    """Return the largest value of ``exp(coefficient * x)`` for x in [low, high].

    Holds whatever the coefficient's sign.
    """
    return math.exp(max(coefficient * low, coefficient * high))
