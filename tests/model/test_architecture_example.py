"""The worked example of docs/architecture.md, run from the page: adding a process is one file and one entry.

The page's first code block is the new process's file, the second its entry in ``PROCESSES``, the third its
registry entries. The test takes them as written (nothing else in the repository changes), registers the
parameters for the test, builds a model with the process in the listed place and checks that the process
works through its declarations alone, and that adding it shifts no other process's draws: with a zero effect
every other output is bit-identical to the model without it.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from jwsim.model import params as registry
from jwsim.model.model import JwsimModel
from jwsim.model.params import REGISTRY, Parameters
from jwsim.model.processes import PROCESSES

DOC = Path(__file__).parents[2] / "docs" / "architecture.md"


def _example():
    """Return the process class, its place in the step order and its parameters, from the page."""
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
    assert len(blocks) == 3, "docs/architecture.md: the example is three python blocks"
    file_code, entry_code, registry_code = blocks
    namespace = {"__name__": "jwsim.model.processes.sport", "__package__": "jwsim.model.processes"}
    exec(compile(file_code, "docs/architecture.md (model/processes/sport.py)", "exec"), namespace)
    sport = namespace["Sport"]
    order = re.findall(r"^\s+(\w+),", entry_code, re.M)
    after = order[order.index(sport.__name__) + 1]
    params = eval("(" + registry_code + ")", {"_p": registry._p})  # the page's own registry entries
    return sport, after, params


@pytest.fixture()
def with_sport(monkeypatch):
    """Build a model class with the example process in its listed place; register its parameters."""
    sport, after, params = _example()
    for p in params:
        monkeypatch.setitem(REGISTRY, p.name, p)
    names = [cls.__name__ for cls in PROCESSES]
    at = names.index(after)

    class WithSport(JwsimModel):
        PROCESSES = (*PROCESSES[:at], sport, *PROCESSES[at:])

    return WithSport, sport, params


def test_the_example_process_works_through_its_declarations(with_sport):
    """Its stream, parameters, state, newcomers' value, weekly series and KPI come from the file alone."""
    model_class, sport, params = with_sport
    assert set(sport.parameters()) == {p.name for p in params}
    m = model_class(seed=3, scale=20.0, years=1, collect=False)
    assert "sport" in m.streams and m.sport.rng is m.streams["sport"]
    result = m.run()
    assert result.weekly["sport_members"].max() > 0
    assert 0 < result.kpis["sport_member_share_12_17"][0] < 1
    y = m.y
    assert y.sport_member.dtype == bool and y.sport_member.any()
    members = np.flatnonzero(y.sport_member)[:5]
    m.enter(members)
    assert not y.sport_member[members].any()  # a newcomer is no member


def test_adding_the_process_shifts_no_other_draws(with_sport):
    """With a zero effect every other output is bit-identical to the model without it; with one, it shows."""
    model_class, _, _ = with_sport
    no_effect = Parameters.from_overrides({"sport_weekly_gain": 0.0})
    plain = JwsimModel(params=no_effect, seed=4, scale=20.0, years=1, collect=False)
    added = model_class(params=no_effect, seed=4, scale=20.0, years=1, collect=False)
    a, b = plain.run(), added.run()
    for table in ("weekly", "kpis", "per_wijk", "per_group"):
        for name, values in getattr(a, table).items():
            assert np.array_equal(values, getattr(b, table)[name]), (table, name)
    for name, values in vars(plain.y).items():
        if isinstance(values, np.ndarray):
            assert np.array_equal(values, getattr(added.y, name)), name
    effect = model_class(seed=4, scale=20.0, years=1, collect=False).run()
    baseline = JwsimModel(seed=4, scale=20.0, years=1, collect=False).run()
    assert effect.kpis["protective_mean"][0] > baseline.kpis["protective_mean"][0]
