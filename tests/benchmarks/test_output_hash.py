"""The output hash covers everything a run produces, repeats exactly, and moves when a number moves."""

from __future__ import annotations

from benchmarks.output_hash import per_youth_arrays, run_parts
from jwsim.model.model import JwsimModel


def test_the_hash_covers_every_declared_state():
    """Every per-youth state any process declares is among the hashed arrays (a new process's too)."""
    m = JwsimModel(seed=1, scale=20.0, years=1, collect=False)
    declared = {s.name for proc in m.processes for s in type(proc).states}
    assert declared <= set(per_youth_arrays(m))


def test_the_hash_repeats_and_moves_with_the_seed():
    """The same run gives the same hash of every part; another seed changes every part."""
    a = run_parts("opdracht-2026", seed=3, scale=20.0, years=1, burn_in_weeks=52)
    b = run_parts("opdracht-2026", seed=3, scale=20.0, years=1, burn_in_weeks=52)
    c = run_parts("opdracht-2026", seed=4, scale=20.0, years=1, burn_in_weeks=52)
    assert a == b
    assert set(a) == {"weekly", "kpis", "per_wijk", "per_group", "per_school", "youths", "datacollector"}
    assert all(a[part] != c[part] for part in a)
