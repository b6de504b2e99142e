"""Editing a scenario in the app.

Edits never change the preset in place, validation speaks the model's language, the budget meter follows Tabel
1, tooltips come from the parameter registry.
"""

from __future__ import annotations

import pytest

from jwsim.data import load_inputs
from jwsim.experiments.budget import budget_check
from jwsim.model.params import REGISTRY
from jwsim.model.scenario import load_scenario, parse_scenario
from jwsim.model.sources import readable_source
from jwsim.viz import draft as d
from jwsim.viz.scenario_toml import dumps
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


def test_the_budget_shows_the_2027_gap():
    """The assignment fits Tabel 1 in 2026; keeping 2026's temporary money in 2027 is over budget there."""
    scenario = d.check(d.preset_doc("opdracht-2026")).scenario
    y2026, y2027 = budget_check(scenario, 2026), budget_check(scenario, 2027)
    assert not y2026["total"]["over"] and y2027["total"]["over"] and y2027["organisations"]["bk10"]["over"]
    bk10 = y2027["organisations"]["bk10"]
    assert bk10["spending"] - bk10["budget"] == pytest.approx(270_000, abs=100)
    cut = d.check(d.preset_doc("bezuiniging-2027")).scenario
    assert not budget_check(cut, 2027)["total"]["over"]


def test_a_change_from_2027_keeps_2026_and_its_cost():
    """An edit in the 2027 view goes into a change from 2027: 2026's allocation and cost stay as they were."""
    doc = d.preset_doc("opdracht-2026")
    edited = d.with_fte(doc, "bk10", "wijk", 13.0, year=2027)
    edited = d.with_setting(edited, "programme_eur", 0.0, year=2027)
    assert edited["allocation"] == doc["allocation"]
    assert edited["changes"] == [  # the work the project money buys stops with it
        {"from_year": 2027, "allocation": {"bk10": {"wijk": 13.0}, "po_eur": 0.0, "noord_eur": 0.0,
                                           "programme_eur": 0.0}}
    ]
    schedule = d.check(edited).scenario.schedule
    before = d.check(doc).scenario.schedule
    assert schedule.at(2026) == before.at(2026)
    assert schedule.at(2027).bk10["wijk"] == 13.0 and schedule.at(2030).programme_eur == 0.0
    scenario = d.check(edited).scenario
    assert budget_check(scenario, 2026)["total"]["spending"] == pytest.approx(3_900_744, abs=1)
    assert budget_check(scenario, 2027)["total"]["spending"] == pytest.approx(
        3_900_744 - 0.5 * REGISTRY["cost_per_fte_bk10"].value - 270_000, abs=1
    )
    # the 2027 view shows 2027; the 2026 view still shows 2026
    assert d.fte(edited, "bk10", "wijk", 2027) == 13.0 and d.fte(edited, "bk10", "wijk", 2026) == 13.5


def test_setting_a_later_year_back_removes_its_change():
    """A value equal to the year before is no change: the entry, then the whole change, disappear."""
    doc = d.with_fte(d.preset_doc("opdracht-2026"), "bk10", "wijk", 13.0, year=2028)
    assert d.has_changes(doc) == [2028]
    doc = d.with_fte(doc, "bk10", "wijk", 13.5, year=2028)
    assert "changes" not in doc and d.has_changes(doc) == []
    doc = d.with_fte(doc, "bk10", "ib", 2.5, year=2029)
    assert d.has_changes(d.without_change(doc, 2029)) == []


def test_a_first_year_edit_carries_on_unless_a_later_change_says_otherwise():
    """In bezuiniging-2027 an edit from 2026 holds in 2027 too; the project money keeps its 2027 cut."""
    doc = d.preset_doc("bezuiniging-2027")
    assert d.setting(doc, "programme_eur", 2026) == 270_000 and d.setting(doc, "programme_eur", 2027) == 0
    doc = d.with_fte(doc, "bk10", "ambulant", 4.5)
    doc = d.with_fte(doc, "bk10", "wijk", 13.0)
    doc = d.with_setting(doc, "programme_eur", 300_000)
    schedule = d.check(doc).scenario.schedule
    assert schedule.at(2027).bk10["ambulant"] == 4.5 and schedule.at(2027).programme_eur == 0
    assert schedule.at(2026).po_eur == pytest.approx(127_500 * 300 / 270)
    assert d.setting(d.without_change(doc, 2027), "programme_eur", 2027) == 300_000


def test_changes_by_year_survive_the_toml_file():
    """Download and upload carry the changes: the file gives back the same schedule."""
    doc = d.with_fte(d.preset_doc("opdracht-2026"), "bk10", "wijk", 12.0, year=2027)
    doc = d.with_sjw_hours(doc, "01VN04", 0, year=2028)
    doc = d.with_wijk_weight(doc, "BU02680950", 1.5, year=2028)
    text = dumps(doc)
    assert "[[changes]]" in text and "from_year = 2027" in text and "from_year = 2028" in text
    assert parse_scenario(text, "x.toml").schedule == d.check(doc).scenario.schedule
    assert "01VN04" in d.sjw_hours(doc, 2027) and "01VN04" not in d.sjw_hours(doc, 2028)
    assert (
        d.check(doc).scenario.schedule.at(2028).wijk_weights
        != d.check(doc).scenario.schedule.at(2027).wijk_weights
    )


@pytest.mark.parametrize("control", CONTROLS)
def test_every_tooltip_says_what_and_where_from_the_registry(control):
    """Each control's tooltip: what it does, where its number comes from, its registry parameters.

    Each parameter line shows the registry's current value and its source as a readable citation.
    """
    for lang in ("nl", "en"):
        tip = tooltip(control, lang)
        assert len(tip.what) > 40 and len(tip.origin) > 20
        assert len(tip.parameters) == len(CONTROL_PARAMS[control])
        for name, line in zip(CONTROL_PARAMS[control], tip.parameters, strict=True):
            param = REGISTRY[name]
            assert readable_source(param.source, lang) in line
            assert (param.label_nl if lang == "nl" else name.replace("_", " ")) in line


def test_tooltip_numbers_follow_the_registry():
    """The SJW tooltip shows the registry's threshold (12 h) and its source."""
    line = next(p for p in tooltip("sjw_hours", "nl").parameters if "12" in p)
    assert REGISTRY["sjw_dose_threshold_hours"].label_nl in line
