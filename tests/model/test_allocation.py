"""The allocation: one conversion of FTE into hours, one place where an allocation is validated."""

from __future__ import annotations

import pytest

from jwsim.data import load_inputs
from jwsim.model.allocation import Allocation, AllocationError
from jwsim.model.params import Parameters

INPUTS = load_inputs()
SJW_SCHOOL = next(c for c, ok in zip(INPUTS.schools.codes, INPUTS.schools.sjw_eligible, strict=True) if ok)


def test_weekly_hours_convert_fte_into_direct_hours_per_week():
    """1 FTE = 36 h x 60% direct contact x 46 working weeks / 52 per week; SJW 36 h x 80% per school week."""
    alloc = Allocation.create({"ambulant": 2.0, "wijk": 10.0, "ib": 3.0, "sjw": 1.0},
                              {"ambulant": 2.0, "swf": 4.5})
    h = alloc.weekly_hours(Parameters())
    per_fte = 36 * 0.6 * 46 / 52
    assert h.ambulant == pytest.approx(4.0 * per_fte)
    assert h.wijk == pytest.approx(10.0 * per_fte)
    assert h.ib == pytest.approx(3.0 * per_fte)
    assert h.swf == pytest.approx(4.5 * per_fte)
    assert h.sjw_capacity == pytest.approx(36 * 0.8) == alloc.sjw_capacity_hours(Parameters())
    # The conversion follows the parameters, and the SJW FTE for given school hours is its inverse.
    less = Parameters.from_overrides({"direct_share": 0.5, "working_weeks_per_year": 42})
    assert alloc.weekly_hours(less).wijk == pytest.approx(10.0 * 36 * 0.5 * 42 / 52)
    assert Allocation.sjw_fte_for(h.sjw_capacity * 2.5, Parameters()) == pytest.approx(2.5)


def test_create_is_the_one_place_an_allocation_is_validated():
    """Create checks FTE, forms, hours; with parameters the SJW capacity, with codes schools and wijken."""
    with pytest.raises(AllocationError, match="bk10: 30 FTE allocated"):
        Allocation.create({"wijk": 30.0}, {})
    with pytest.raises(AllocationError, match="bk10.street: unknown work form"):
        Allocation.create({"street": 1.0}, {})
    over = {"bk10_fte": {"sjw": 0.5}, "jc_fte": {}, "sjw_hours": {SJW_SCHOOL: 20.0}}
    Allocation.create(**over)  # without parameters the capacity is not known
    with pytest.raises(AllocationError, match="exceed the SJW capacity of 14.4 h"):
        Allocation.create(**over, params=Parameters())
    with pytest.raises(AllocationError, match="sjw_hours.XX99: unknown school code"):
        Allocation.create({"sjw": 1.0}, {}, {"XX99": 4.0}, school_codes=set(INPUTS.schools.codes))
    with pytest.raises(AllocationError, match="wijk_weights.BU0: unknown wijk code"):
        Allocation.create({}, {}, wijk_weights={"BU0": 2.0}, wijk_codes=set(INPUTS.wijk_codes))
    assert not hasattr(Allocation, "validate")  # no second entry point
