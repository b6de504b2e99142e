"""Editing a scenario in the app.

Edits never change the preset in place, validation speaks the model's language, the budget meter follows Tabel
1, tooltips come from the parameter registry.
"""

from __future__ import annotations

import pytest

from jwsim.data import load_inputs
from jwsim.model.params import REGISTRY
from jwsim.model.scenario import load_scenario
from jwsim.viz import draft as d
from jwsim.viz.tooltips import CONTROL_PARAMS, CONTROLS, tooltip


def test_presets_start_with_the_assignment_and_load_as_files_say():
    """The assignment is offered first; a preset's document validates to the shipped scenario."""
    names = d.preset_names()
    assert names[0] == "opdracht-2026" and "huidig-2025" in names
    checked = d.check(d.preset_doc("bezuiniging-2027"))
    assert checked.error == ""
    assert checked.scenario.schedule == load_scenario("bezuiniging-2027").schedule


def test_an_edit_returns_a_renamed_copy():
    """Edits copy (the reactive state is never changed in place) and rename a preset once."""
    doc = d.preset_doc("opdracht-2026")
    edited = d.with_fte(doc, "bk10", "ambulant", 5.0)
    assert doc["allocation"]["bk10"]["ambulant"] == 4.0 and doc["name"] == "opdracht-2026"
    assert edited["name"] == "opdracht-2026-aangepast" and d.fte(edited, "bk10", "ambulant") == 5.0
    again = d.with_fte(edited, "bk10", "wijk", 12.5)
    assert again["name"] == "opdracht-2026-aangepast"
    assert d.check(again).scenario.allocation.bk10 == {
        "ambulant": 5.0,
        "sjw": 4.5,
        "ib": 3.0,
        "wijk": 12.5,
        "vakmanschap": 1.5,
    }


def test_too_many_fte_is_an_error_in_one_line():
    """More FTE than the organisation has: the model's own message, naming the key."""
    doc = d.with_fte(d.preset_doc("opdracht-2026"), "bk10", "ambulant", 6.0)
    assert d.org_total(doc, "bk10") == pytest.approx(28.5)
    checked = d.check(doc)
    assert checked.scenario is None
    assert checked.error == (
        "opdracht-2026-aangepast: allocation.bk10: 28.5 FTE allocated but the organisation has 26.5 FTE"
    )


def test_sjw_hours_and_weights_edit_their_tables():
    """Zero hours removes a school, weight 1 removes a wijk; hours above capacity are refused."""
    doc = d.preset_doc("opdracht-2026")
    doc = d.with_sjw_hours(doc, "01VN04", 0)
    assert "01VN04" not in d.sjw_hours(doc) and len(d.sjw_hours(doc)) == 9
    doc = d.with_wijk_weight(doc, "BU02680950", 1.0)
    assert "BU02680950" not in d.wijk_weights(doc)
    doc = d.with_wijk_weight(doc, "BU02680100", 0.0)
    assert d.wijk_weights(doc)["BU02680100"] == 0.0
    checked = d.check(d.with_sjw_hours(doc, "01VN04", 40))
    assert "exceed the SJW capacity" in checked.error


def test_sjw_schools_are_the_secondary_schools():
    """The table lists the VO/PRO locations that can get SJW, largest first."""
    schools = d.sjw_schools()
    assert len(schools) == int(load_inputs().schools.sjw_eligible.sum()) > 10
    assert {s.school_type for s in schools} <= {"VO", "PRO"}
    assert [s.pupils for s in schools] == sorted((s.pupils for s in schools), reverse=True)


def test_budget_bars_show_the_2027_gap():
    """The assignment fits Tabel 1 in 2026; keeping 2026's temporary money in 2027 is over budget there."""
    scenario = d.check(d.preset_doc("opdracht-2026")).scenario
    y2026 = {b.key: b for b in d.budget_bars(scenario, 2026, "nl")}
    y2027 = {b.key: b for b in d.budget_bars(scenario, 2027, "nl")}
    assert not y2026["total"].over and y2027["total"].over and y2027["bk10"].over
    assert y2027["bk10"].spending - y2027["bk10"].budget == pytest.approx(270_000, abs=100)
    cut = d.check(d.preset_doc("bezuiniging-2027")).scenario
    assert not {b.key: b for b in d.budget_bars(cut, 2027, "en")}["total"].over
    assert y2026["jc"].label == "Jeugdcoaches gemeente"


@pytest.mark.parametrize("control", CONTROLS)
def test_every_tooltip_says_what_and_where_from_the_registry(control):
    """Each control's tooltip: what it does, where its number comes from, its registry parameters.

    Each parameter line shows the registry's current value and source.
    """
    for lang in ("nl", "en"):
        tip = tooltip(control, lang)
        assert len(tip.what) > 40 and len(tip.origin) > 20
        assert len(tip.parameters) == len(CONTROL_PARAMS[control])
        for name, line in zip(CONTROL_PARAMS[control], tip.parameters, strict=True):
            param = REGISTRY[name]
            assert param.source in line
            assert (param.label_nl if lang == "nl" else name.replace("_", " ")) in line


def test_tooltip_numbers_follow_the_registry():
    """The SJW tooltip shows the registry's threshold (12 h) and its source."""
    line = next(p for p in tooltip("sjw_hours", "nl").parameters if "12" in p)
    assert REGISTRY["sjw_dose_threshold_hours"].label_nl in line
