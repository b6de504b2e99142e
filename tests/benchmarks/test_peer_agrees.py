"""The per-agent Mesa peer of the benchmark implements the same weekly rules as the array model.

Both start from the same state (the default scenario at scale 10 after the burn-in year and the first
week of 2026) and run the same weeks with several seeds each. For every main indicator — contacts per
work form, signals, jeugdhulp entries and exits, nuisance acts, crime registrations, dropouts, leavers,
and the state means (protection, mental strain, delinquent peers, relation) and stocks at the end — the
two means must lie within each other's sampling interval (Welch, z = 3.5: ~0.05 over all indicators).
The intervals are narrow enough to catch a rule that differs by a few percent (checked as well: 2 % for
the state means, 10 % for all contacts), so agreement is evidence, not an accident of noise. No timings
are asserted.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from agreement import model_weeks, reseed, start

from benchmarks.peer import run_peer

WEEKS = 6
SEEDS = range(101, 107)
EVENTS = ("contacts_ambulant", "contacts_sjw", "contacts_wijk", "contacts_vso", "signals", "jh_entries",
          "jh_exits", "nuisance_acts", "crime_registrations", "dropouts", "left")
STATE = ("protective_mean", "mental_mean", "peers_mean", "relation_mean", "in_care", "dropouts_stock")
Z = 3.5


def _totals(weekly: list, summary: dict) -> dict[str, float]:
    tot = {k: float(sum(w.get(k, 0) for w in weekly)) for k in EVENTS if k != "crime_registrations"}
    tot["crime_registrations"] = float(sum(w.get("halt", 0) + w.get("suspects_new", 0) for w in weekly))
    tot.update({k: float(summary[k]) for k in STATE})
    return tot


@pytest.fixture(scope="module")
def replicates():
    """Run the array model and the Mesa peer from the same start for every seed; return their totals."""
    model_reps, peer_reps = [], []
    for seed in SEEDS:
        m = start()
        reseed(m, seed)
        model_reps.append(_totals(*model_weeks(m, WEEKS)))
        counts, summary, _ = run_peer(start(), WEEKS, seed=seed)
        peer_reps.append(_totals(counts, summary))
    return model_reps, peer_reps


def _interval(values: list[float], count: bool) -> tuple[float, float]:
    x = np.array(values)
    var = x.var(ddof=1)
    if count:
        var = max(var, x.mean())  # counts: at least Poisson variance (a constant count says little)
    return float(x.mean()), float(var / len(x))


@pytest.mark.parametrize("kpi", EVENTS + STATE)
def test_peer_and_model_means_lie_within_their_intervals(replicates, kpi):
    """The peer's and the model's means of each indicator agree within z = 3.5 of their spread."""
    model_reps, peer_reps = replicates
    count = kpi in EVENTS or kpi in ("in_care", "dropouts_stock")
    m_mean, m_var = _interval([r[kpi] for r in model_reps], count)
    p_mean, p_var = _interval([r[kpi] for r in peer_reps], count)
    half = Z * math.sqrt(m_var + p_var)
    assert abs(m_mean - p_mean) <= half, (kpi, m_mean, p_mean, half)


@pytest.mark.parametrize("kpi, share", [("contacts", 0.10), ("relation_mean", 0.02),
                                        ("protective_mean", 0.02), ("mental_mean", 0.02),
                                        ("peers_mean", 0.02)])
def test_the_comparison_can_detect_a_few_percent(replicates, kpi, share):
    """The intervals are narrow enough to detect a difference of 2 % (state means) or 10 % (contacts)."""
    # The state means integrate every rule over the weeks: their intervals are within 2 %; all contacts
    # together within 10 %.
    model_reps, peer_reps = replicates
    count = kpi == "contacts"

    def values(reps):
        if count:
            return [sum(r[f"contacts_{f}"] for f in ("ambulant", "sjw", "wijk", "vso")) for r in reps]
        return [r[kpi] for r in reps]

    m_mean, m_var = _interval(values(model_reps), count)
    _, p_var = _interval(values(peer_reps), count)
    assert Z * math.sqrt(m_var + p_var) < share * abs(m_mean), kpi
