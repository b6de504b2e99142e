"""Shared fixtures: small, fast model runs reused across tests."""

from __future__ import annotations

import functools

import pytest

from jwsim.experiments.runner import scenario_schedule
from jwsim.model.model import JwsimModel
from jwsim.model.scenario import load_scenario


@functools.lru_cache(maxsize=32)
def cached_run(scenario: str = "opdracht-2026", seed: int = 11, scale: float = 10.0, years: int = 2):
    """Return a finished model (cached: tests must not mutate it)."""
    sc = load_scenario(scenario)
    m = JwsimModel(scenario_schedule(sc), params=sc.params, seed=seed, scale=scale, years=years)
    m.run()
    return m


@pytest.fixture(scope="session")
def small_model():
    """Provide the default scenario run at scale 10 for two years."""
    return cached_run()
