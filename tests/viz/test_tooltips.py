"""Tooltips of the Scenario page: readable sources, Dutch units and numbers in the Dutch app."""

from __future__ import annotations

import pytest

from jwsim.model.params import REGISTRY
from jwsim.model.sources import readable_source
from jwsim.viz.tooltips import CONTROL_PARAMS, CONTROLS, UNITS_NL, parameter_line, tooltip, unit_label


def test_every_registry_unit_has_a_dutch_label():
    """A unit the registry uses but the Dutch table lacks would show in English in the Dutch app."""
    missing = sorted({p.unit for p in REGISTRY.values()} - set(UNITS_NL))
    assert not missing


@pytest.mark.parametrize("control", CONTROLS)
def test_dutch_tooltips_show_readable_sources_and_dutch_units(control):
    """Each parameter line: Dutch label, Dutch number and unit, the readable citation (no bare code)."""
    tip = tooltip(control, "nl")
    for name, line in zip(CONTROL_PARAMS[control], tip.parameters, strict=True):
        param = REGISTRY[name]
        assert line.startswith(f"{param.label_nl}: ")
        assert f" {unit_label(param.unit, 'nl')} \u2014 bron: {readable_source(param.source, 'nl')}" in line
        assert param.source not in line or param.source == readable_source(param.source, "nl")


def test_a_cost_per_fte_reads_the_dutch_way():
    """€ 96.632 per fte per jaar, from the note's Tabel 1: not '96,632 EUR/FTE/year (P8-INF)'."""
    line = parameter_line(REGISTRY["cost_per_fte_bk10"], "nl")
    assert "96.632 € per fte per jaar" in line
    assert "berekend uit Tabel 1 van de nota" in line and "[P8-INF]" in line
    english = parameter_line(REGISTRY["cost_per_fte_bk10"], "en")
    assert "96,632 EUR/FTE/year" in english and "source: calculated from the policy note" in english
