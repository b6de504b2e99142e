import math

import pytest

from jwsim.model.model import JwsimModel
from jwsim.model.params import REGISTRY, ParameterError, Parameters, validate_value, weekly
from jwsim.model.processes import PROCESSES

# Parameters that belong to a part of the model other than a process: the population synthesis, the
# definitions of the outcome indicators, and the cost of an allocation.
MODEL_PARTS = {"population", "outcomes", "budget"}


class ReadParameters(Parameters):
    """Registry values that remember which names were read."""

    read: set[str] = set()

    def __getitem__(self, name: str) -> float:
        ReadParameters.read.add(name)
        return super().__getitem__(name)


def test_every_default_lies_in_its_range_and_has_a_source():
    """Every parameter's default lies in its range and has a source, unit, label and description."""
    for p in REGISTRY.values():
        assert p.low <= p.value <= p.high, p.name
        assert p.source.strip(), p.name
        assert p.unit.strip() and p.label_nl.strip() and p.description.strip(), p.name


def test_every_parameter_belongs_to_a_process_or_a_named_part_of_the_model():
    """A parameter's ``process`` names a process of the model (its parameters derive from it) or a part."""
    names = {cls.name for cls in PROCESSES}
    for p in REGISTRY.values():
        assert p.process in names | MODEL_PARTS, (p.name, p.process)
    for cls in PROCESSES:
        assert set(cls.parameters()) == {p.name for p in REGISTRY.values() if p.process == cls.name}
    jeugdhulp = next(cls for cls in PROCESSES if cls.name == "jeugdhulp")
    assert "detect_school_per_year" in jeugdhulp.parameters()


def test_every_registered_parameter_is_read_by_a_run():
    """Every number in the registry is used: a short run of the default scenario reads each of them."""
    ReadParameters.read.clear()
    JwsimModel(params=ReadParameters(), seed=1, scale=20.0, years=1, collect=False).run()
    assert set(REGISTRY) - ReadParameters.read == set()


def test_unsourced_numbers_say_assumption():
    """Require a source citing no evidence ID, 'calibrated', 'definition' or 'Nota' to say 'assumption'."""
    for p in REGISTRY.values():
        s = p.source.lower()
        cited = any(tag in p.source for tag in ("A", "B", "C", "D", "E", "F", "G", "H", "I", "M", "P")) \
            and any(ch.isdigit() for ch in p.source)
        assert cited or "assumption" in s or "definition" in s or "nota" in s or "calibrated" in s, p.name


@pytest.mark.parametrize("value", [math.nan, math.inf, -1.0, 1e9, "0.1", True])
def test_bad_override_values_are_refused_with_the_name(value):
    """Non-finite, out-of-range and non-numeric override values are refused, naming the parameter."""
    with pytest.raises(ParameterError, match="direct_share"):
        validate_value("direct_share", value)


def test_unknown_override_is_refused():
    """An override of an unknown parameter is refused, naming it."""
    with pytest.raises(ParameterError, match="unknown parameter 'no_such'"):
        Parameters.from_overrides({"no_such": 1.0})


def test_overrides_apply_and_parameters_are_hashable():
    """Overrides replace defaults, equal parameter sets hash equally, integers must be whole."""
    p = Parameters.from_overrides({"direct_share": 0.5})
    assert p["direct_share"] == 0.5
    assert p["hours_per_fte"] == REGISTRY["hours_per_fte"].value
    assert hash(p) == hash(Parameters.from_overrides({"direct_share": 0.5}))
    with pytest.raises(ParameterError, match="whole number"):
        Parameters.from_overrides({"ib_mean_weeks": 20.5})


def test_weekly_conversion_compounds_to_the_yearly_probability():
    """A weekly probability compounded over 52 weeks gives back the yearly probability."""
    assert math.isclose(1 - (1 - weekly(0.04)) ** 52, 0.04, rel_tol=1e-9)


def test_evidence_regimes_switch_effect_parameters_only():
    """Under a regime every graded parameter takes its regime value; ungraded ones and overrides stay."""
    from dataclasses import replace

    from jwsim.model import params as P

    graded = replace(P.REGISTRY["hours_per_fte"], name="x_effect", value=0.2, low=0.0, high=0.4, grade="C",
                     pessimistic=0.0, optimistic=0.3)
    assert [graded.regime_value(r) for r in P.REGIMES] == [0.0, 0.2, 0.3]
    plain = P.REGISTRY["hours_per_fte"]
    assert {plain.regime_value(r) for r in P.REGIMES} == {plain.value}
    base = P.Parameters()
    pess = P.Parameters.from_overrides({}, regime="pessimistic")
    for name, p in P.REGISTRY.items():
        assert pess[name] == (p.pessimistic if p.is_effect else p.value)
        assert base[name] == p.value
    if any(p.is_effect for p in P.REGISTRY.values()):
        name = next(n for n, p in P.REGISTRY.items() if p.is_effect)
        over = P.Parameters.from_overrides({name: P.REGISTRY[name].high}, regime="pessimistic")
        assert over[name] == P.REGISTRY[name].high  # an explicit override wins over the regime
    assert pess != base and hash(pess) != hash(base)  # the regime is part of the cache key
    assert pess.with_overrides({"hours_per_fte": 36.0}).regime == "pessimistic"
    with pytest.raises(P.ParameterError, match="evidence regime"):
        P.Parameters(regime="worst")


def test_every_effect_parameter_has_a_grade_and_no_effect_pessimistic_for_weak_evidence():
    """Grades C and D give the no-effect value under the pessimistic regime (0, or 1 for a ratio)."""
    from jwsim.model.params import REGISTRY

    for p in REGISTRY.values():
        if not p.is_effect:
            continue
        assert p.grade in "ABCD"
        assert p.low <= p.pessimistic <= p.value <= p.optimistic <= p.high or \
            p.low <= p.optimistic <= p.value <= p.pessimistic <= p.high, p.name
        if p.grade in "CD":
            assert p.pessimistic in (0.0, 1.0), f"{p.name}: grade {p.grade}: no effect"
