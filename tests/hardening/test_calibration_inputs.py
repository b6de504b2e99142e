"""Calibration inputs given on the command line (a targets file and a posterior ensemble), fuzzed.

``--targets`` of calibrate/validate and ``--posterior`` of plan-check, malformed at random.

One validation path each: ``load_targets`` and ``posterior_overrides`` (``jwsim.calibration``). The only
outcomes are a valid result or one CalibrationError line naming the file.
"""

from __future__ import annotations

import copy
import json
import math
import tempfile
import tomllib
from pathlib import Path

from hardening_kit import assert_one_line, examples, huge_ints, odd_text, toml_text, toml_values
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jwsim.calibration.posterior import posterior_overrides
from jwsim.calibration.targets import CalibrationError, default_targets_path, load_targets
from jwsim.model.params import REGISTRY

TARGETS = tomllib.loads(default_targets_path().read_text(encoding="utf-8"))
FUZZ = settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(make, source: str):
    try:
        return make()
    except CalibrationError as exc:
        assert_one_line(str(exc), names=source)
        return None


def _keys(table: dict) -> st.SearchStrategy[str]:
    """Draw a key of ``table`` or any other (an earlier step may have emptied the table)."""
    return st.sampled_from(sorted(table)) | odd_text if table else odd_text


@st.composite
def mutated_targets(draw):
    """Draw the packaged targets with one or two values replaced (settings, a target field, an entry)."""
    doc = copy.deepcopy(TARGETS)
    values = toml_values() | huge_ints | st.sampled_from([math.nan, math.inf])
    for _ in range(draw(st.integers(1, 2))):
        where = draw(st.sampled_from(["calibration", "target", "entry", "top"]))
        intact = (
            isinstance(doc.get("calibration"), dict)
            and isinstance(doc.get("target"), list)
            and all(isinstance(t, dict) for t in doc["target"])
        )
        if not intact or not doc["target"]:
            where = "top"  # an earlier step broke the structure: only whole sections can change now
        if where == "calibration":
            key = draw(_keys(doc["calibration"]))
            doc["calibration"][key] = draw(values)
        elif where == "target":
            i = draw(st.integers(0, len(doc["target"]) - 1))
            key = draw(_keys(doc["target"][i]))
            doc["target"][i][key] = draw(values)
        elif where == "entry":
            doc["target"][draw(st.integers(0, len(doc["target"]) - 1))] = draw(values)
        else:
            doc[draw(st.sampled_from(["calibration", "target"]))] = draw(values)
    return doc


@FUZZ
@given(doc=mutated_targets())
# Found while hardening: a list where a parameter name belongs raised TypeError ('unhashable type').
@example(doc={**TARGETS, "calibration": {**TARGETS["calibration"], "smm_fixed": [["a"]]}})
@example(doc={**TARGETS, "calibration": {**TARGETS["calibration"], "smm_scale": 2**62}})
@example(doc={**TARGETS, "target": [{**TARGETS["target"][0], "statistic": ["x"]}]})
@example(doc={**TARGETS, "target": [{**TARGETS["target"][0], "value": 2**62, "hi": 2**63 - 1}]})
# Found while hardening: a whole number too large for a float in an optional setting raised OverflowError.
@example(doc={**TARGETS, "calibration": {**TARGETS["calibration"], "abc_final_quantile": 10**400}})
def test_any_targets_file_is_targets_or_one_line(doc):
    """A targets file: a TargetSet or one CalibrationError line naming the file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "targets.toml"
        path.write_text(toml_text(doc), encoding="utf-8")
        _check(lambda: load_targets(path), str(path))


@FUZZ
@given(data=st.binary(max_size=1024))
@example(data=b"")
@example(data=b"[calibration]\n[calibration]\n")
def test_binary_targets_file_is_one_line(data):
    """Random bytes as a targets file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "targets.toml"
        path.write_bytes(data)
        _check(lambda: load_targets(path), str(path))


def test_oversized_targets_file_is_refused_before_parsing(tmp_path):
    """A targets file over the size limit (valid TOML plus 1 MiB of comments) is refused in one line."""
    from jwsim.calibration.targets import MAX_TARGETS_BYTES

    path = tmp_path / "targets.toml"
    text = default_targets_path().read_text(encoding="utf-8")
    path.write_text(text + "#" * (MAX_TARGETS_BYTES - len(text.encode()) + 1), encoding="utf-8")
    try:
        load_targets(path)
    except CalibrationError as exc:
        assert_one_line(str(exc), names=str(path))
        assert "larger than 1024 KiB" in str(exc)
    else:
        raise AssertionError("an oversized targets file was accepted")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | odd_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(odd_text, inner, max_size=3),
    max_leaves=8,
)
names = st.lists(st.sampled_from(sorted(REGISTRY)) | odd_text | st.just(["x"]) | st.integers(), max_size=3)


@FUZZ
@given(
    doc=st.fixed_dictionaries({"parameters": names, "draws": json_values})
    | st.fixed_dictionaries(
        {"parameters": names, "draws": st.lists(st.lists(st.floats(), max_size=3), max_size=3)}
    )
    | json_values
)
# Found while hardening: a parameter name that is a list raised TypeError ('unhashable type: list').
@example(doc={"parameters": [["x"]], "draws": [[1.0]]})
@example(doc={"parameters": ["sjw_dose_threshold_hours"], "draws": [[float("nan")]]})
def test_any_posterior_file_is_draws_or_one_line(doc):
    """A posterior ensemble file: draws of known parameters, or one CalibrationError line."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "posterior.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        draws = _check(lambda: posterior_overrides(1, 7, path), str(path))
    if draws is not None:
        assert len(draws) == 1 and set(draws[0]) <= set(REGISTRY)
