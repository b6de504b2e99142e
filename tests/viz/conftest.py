"""Shared fixtures of the app's number and document tests."""

from __future__ import annotations

import pytest

from jwsim.experiments.runner import replicate_tasks, run_task
from jwsim.model.scenario import load_scenario
from jwsim.viz.runs import ComparisonResult

REPS = 3


@pytest.fixture(scope="module")
def comparison() -> ComparisonResult:
    """Return huidig-2025 (reference) and opdracht-2026, 3 paired replicates, 2 years at scale 25."""
    names = ["huidig-2025", "opdracht-2026"]
    scenarios = {n: load_scenario(n) for n in names}
    results = {n: [run_task(t) for t in replicate_tasks(scenarios[n], 5, REPS, 25.0, 2)] for n in names}
    return ComparisonResult(names, scenarios, results, seed=5, reps=REPS, scale=25.0, years=2, preview=False)
