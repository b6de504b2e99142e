"""The model's messages about a scenario, in Dutch: each one the model gives has a Dutch text."""

from __future__ import annotations

import copy

import pytest

from jwsim.viz import draft as d
from jwsim.viz.messages import UNTRANSLATED, scenario_error_text
from jwsim.viz.scenario_toml import read_upload


def _doc(**allocation) -> dict:
    doc = copy.deepcopy(d.preset_doc("opdracht-2026"))
    doc["name"] = "mijn-plan"
    for key, value in allocation.items():
        doc["allocation"][key] = value
    return doc


def _bk10(**fte) -> dict:
    return {**d.preset_doc("opdracht-2026")["allocation"]["bk10"], **fte}


CASES = [
    (
        _doc(bk10=_bk10(ambulant=6.0)),
        "mijn-plan: allocation.bk10: 28,5 fte verdeeld, maar de organisatie heeft 26,5 fte",
    ),
    (
        _doc(sjw_hours={"01VN04": 45}),
        "mijn-plan: allocation.sjw_hours.01VN04: 45 uur per week is meer dan een schoolweek",
    ),
    (
        _doc(sjw_hours={f"{c}": 40 for c in ("01VN04", "30AU00", "02ST05", "02ST00")}),
        "mijn-plan: allocation.sjw_hours: 160 schooluren per week is meer dan de 129,6 uur die 4,5 fte SJW "
        "kunnen leveren",
    ),
    (_doc(sjw_hours={"XXXX99": 12}), "onbekende schoolcode"),
    (_doc(wijk_weights={"BU0000": 2}), "onbekende wijkcode"),
    (_doc(bk10=_bk10(straat=1.0)), "onbekende werkvorm (toegestaan: ambulant, sjw, ib, wijk, vakmanschap)"),
    (_doc(bk10=_bk10(ambulant="veel")), "moet een getal zijn (nu: str)"),
    (_doc(bk10=_bk10(ambulant=-1)), "mag niet negatief zijn (nu -1)"),
    (_doc(targeting="iedereen"), "'iedereen' is geen van: universal, selective"),
    ({**_doc(), "overrides": {"sjw_dose_threshold_hours": 99}}, "ligt buiten de bandbreedte"),
    ({**_doc(), "overrides": {"geen_parameter": 1}}, "onbekende parameter 'geen_parameter'"),
    ({**_doc(), "changes": [{"from_year": 2020, "allocation": {}}]}, "moet een jaar vanaf 2026 zijn"),
    ({**_doc(), "extra": 1}, "onbekende sleutel (toegestaan:"),
]


@pytest.mark.parametrize(("doc", "dutch"), CASES)
def test_each_model_message_has_a_dutch_text(doc, dutch):
    """The model's own English line, turned into Dutch with Dutch numbers; the key stays as it is."""
    error = d.check(doc).error
    assert error, "the document should be refused"
    text = scenario_error_text(error, "nl")
    assert not text.startswith(UNTRANSLATED), error
    assert dutch in text
    assert scenario_error_text(error, "en") == error


@pytest.mark.parametrize(
    ("data", "dutch"),
    [
        (b"name = \n", "kapot.toml: geen geldig TOML ("),
        (b"", "kapot.toml: het bestand is leeg"),
        (b"\xff\xfe", "kapot.toml: geen tekstbestand (UTF-8)"),
    ],
)
def test_upload_messages_are_dutch_too(data, dutch):
    """Broken files: the same one line, in Dutch."""
    from jwsim.model.scenario import ScenarioError

    with pytest.raises(ScenarioError) as caught:
        read_upload(data, "kapot.toml")
    assert scenario_error_text(str(caught.value), "nl").startswith(dutch)


def test_a_message_without_a_pattern_is_shown_not_dropped():
    """An unforeseen message is shown as the model gave it, after a Dutch sentence saying so."""
    assert scenario_error_text("x.toml: something new", "nl") == f"{UNTRANSLATED} x.toml: something new"
