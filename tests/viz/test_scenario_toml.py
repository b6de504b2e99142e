"""Scenario files in the app: the TOML writer reads back identically, uploads fail with one line."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jwsim.data import load_inputs
from jwsim.model.allocation import BK10_FORMS, JC_FORMS, ORG_FTE, PRIORITY_MODES, TARGETING, Allocation
from jwsim.model.scenario import (
    MAX_SCENARIO_BYTES,
    ScenarioError,
    named_scenarios,
    parse_scenario,
    scenario_from_dict,
)
from jwsim.viz.draft import preset_doc
from jwsim.viz.scenario_toml import TomlWriteError, allocation_doc, dumps, read_upload


def _same(a, b) -> None:
    assert a.name == b.name
    assert a.description == b.description and a.description_en == b.description_en
    assert a.schedule == b.schedule
    assert a.params == b.params


@pytest.mark.parametrize("name", sorted(named_scenarios()))
def test_every_shipped_scenario_reads_back_identically(name):
    """dumps(doc) of each preset parses to the same scenario (allocations, changes, overrides) as the doc."""
    doc = preset_doc(name)
    text = dumps(doc, header="a header line")
    assert text.startswith("# a header line\n")
    assert tomllib.loads(text) == doc
    _same(parse_scenario(text.encode(), "roundtrip.toml"), scenario_from_dict(doc, "doc"))


def test_text_with_quotes_accents_and_newlines_survives():
    """Names and descriptions are TOML basic strings with escapes: they come back character for character."""
    doc = preset_doc("opdracht-2026")
    doc["name"] = 'wijk "Oost" \u2014 café'
    doc["description"] = "regel 1\nregel 2 \\ backslash \t tab"
    doc["overrides"] = {"sjw_dose_threshold_hours": 10.5}
    text = dumps(doc)
    back = parse_scenario(text.encode(), "x.toml")
    assert back.name == doc["name"] and back.description == doc["description"]
    assert back.params["sjw_dose_threshold_hours"] == 10.5


def test_non_finite_numbers_are_refused():
    """NaN has no place in a scenario file: the writer refuses it instead of writing something unreadable."""
    doc = preset_doc("opdracht-2026")
    doc["allocation"]["programme_eur"] = float("nan")
    with pytest.raises(TomlWriteError, match="non-finite"):
        dumps(doc)


SJW_SCHOOLS = [
    c for c, ok in zip(load_inputs().schools.codes, load_inputs().schools.sjw_eligible, strict=True) if ok
]
WIJKEN = list(load_inputs().wijk_codes)
FTE = st.floats(min_value=0, max_value=5.3, allow_nan=False).map(lambda x: round(x, 3))


@st.composite
def allocations(draw) -> Allocation:
    """Draw valid allocations: FTE within each organisation, SJW hours within capacity, any weights."""
    bk10 = {form: draw(FTE) for form in BK10_FORMS}
    jc = {
        form: draw(st.floats(min_value=0, max_value=ORG_FTE["jc"] / len(JC_FORMS), allow_nan=False))
        for form in JC_FORMS
    }
    capacity = bk10["sjw"] * 36 * 0.8
    schools = draw(st.lists(st.sampled_from(SJW_SCHOOLS), unique=True, max_size=5))
    hours = {
        code: round(min(40.0, capacity / max(1, len(schools))) * draw(st.floats(0, 1)), 2) for code in schools
    }
    weights = {
        code: draw(st.floats(0, 3, allow_nan=False))
        for code in draw(st.lists(st.sampled_from(WIJKEN), unique=True, max_size=6))
    }
    return Allocation.create(
        bk10,
        jc,
        hours,
        draw(st.sampled_from(PRIORITY_MODES)),
        weights,
        draw(st.sampled_from(TARGETING)),
        draw(st.floats(0, 1e6)),
        draw(st.floats(0, 1e6)),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(allocations())
def test_any_valid_allocation_reads_back_identically(alloc):
    """allocation_doc + dumps + parse_scenario gives back the very same Allocation (floats exactly)."""
    text = dumps({"name": "random", "allocation": allocation_doc(alloc)})
    assert parse_scenario(text, "random.toml").allocation == alloc


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "file is empty"),
        (b"\xff\xfe\x00bad", "not a UTF-8 text file"),
        (b"name = \n", "not valid TOML"),
        (b'name = "x"\n[allocation]\nfte = 3\n', "allocation.fte: unknown key"),
        (b'name = "x"\n[allocation.bk10]\nambulant = 40\n', "bk10: 40 FTE allocated"),
        (
            b'name = "x"\n[allocation]\n[overrides]\nnot_a_parameter = 1\n',
            "unknown parameter 'not_a_parameter'",
        ),
        (b'name = "x"\n[allocation.sjw_hours]\nXXXX = 12\n', "sjw_hours.XXXX: unknown school code"),
        (b"x" * (MAX_SCENARIO_BYTES + 1), f"larger than {MAX_SCENARIO_BYTES // 1024} KiB"),
    ],
)
def test_bad_uploads_give_one_line_naming_the_problem(content, expected):
    """Every bad file raises ScenarioError with the file name and the problem on one line."""
    with pytest.raises(ScenarioError) as error:
        read_upload(content, "mijn.toml")
    message = str(error.value)
    assert message.startswith("mijn.toml: ") and expected in message
    assert "\n" not in message and "Traceback" not in message


def test_a_good_upload_returns_its_document_and_scenario():
    """A downloaded file uploads again as the same document and scenario."""
    doc = preset_doc("bezuiniging-2027")
    new_doc, scenario = read_upload(dumps(doc).encode(), "b.toml")
    assert new_doc == doc
    _same(scenario, scenario_from_dict(doc, "doc"))
    assert [year for year, _ in scenario.schedule.steps] == [0, 2027]
