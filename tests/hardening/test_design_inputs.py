"""Design files (``jwsim sweep`` / ``jwsim sensitivity``): malformed and extreme input, fuzzed.

One validation path: ``load_design`` → ``design_from_dict`` (+ ``Design.runs`` for what depends on the
points). Whatever goes in, the outcome is a design whose runs can be built, or one ExperimentError line.
"""

from __future__ import annotations

import copy
import tomllib

import pytest
from hardening_kit import assert_one_line, examples, huge_ints, odd_text, toml_text, toml_values
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jwsim.experiments.designs import MAX_RUNS, design_from_dict, load_design
from jwsim.experiments.errors import ExperimentError
from jwsim.messages import one_line
from jwsim.model.scenario import scenario_dir

DESIGN_DIR = scenario_dir() / "designs"
SHIPPED = {p.stem: tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted(DESIGN_DIR.glob("*.toml"))}
SOURCE = "fuzz-design.toml"
BUILD_RUNS_UP_TO = 3000  # bigger valid designs are counted, not built (the suite must stay fast)
FUZZ = settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(make, source: str = SOURCE):
    """Check the outcome: a design whose runs build (or are refused in one line), or one error line."""
    try:
        design = make()
    except ExperimentError as exc:
        assert_one_line(str(exc), names=source)
        return None
    assert design.n_points() >= 1 and design.reps >= 1
    if design.n_runs() <= BUILD_RUNS_UP_TO:
        try:
            runs = design.runs()
        except ExperimentError as exc:  # an infeasible design point: named, one line
            assert_one_line(str(exc), names=source)
            return design
        assert len(runs) == design.n_runs()
        assert len({r.key for r in runs}) == len(runs)
    elif design.n_runs() > MAX_RUNS:
        with pytest.raises(ExperimentError, match="more than one experiment may hold"):
            design.runs()
    return design


def _leaf_paths(doc, prefix=()):
    for key, value in doc.items():
        yield (*prefix, key)
        if isinstance(value, dict):
            yield from _leaf_paths(value, (*prefix, key))


@st.composite
def mutated_designs(draw):
    """Draw a shipped design with one to three keys replaced, deleted or added."""
    doc = copy.deepcopy(SHIPPED[draw(st.sampled_from(sorted(SHIPPED)))])
    numbers = st.integers(-5, 70) | huge_ints | st.floats(allow_nan=True, allow_infinity=True)
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_leaf_paths(doc))
        action = draw(st.sampled_from(["replace", "number", "delete", "add"]))
        if action == "add" or not paths:
            tables = [()] + [p for p in paths if isinstance(_get(doc, p), dict)]
            where = draw(st.sampled_from(tables))
            key = draw(st.sampled_from(["samples", "reps", "levels", "low", "high", "bk10.ib"]) | odd_text)
            _get(doc, where)[key] = draw(toml_values())
            continue
        path = draw(st.sampled_from(paths))
        parent = _get(doc, path[:-1])
        if action == "delete":
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(numbers if action == "number" else toml_values())
    return doc


def _get(doc, path):
    for step in path:
        doc = doc[step]
    return doc


@FUZZ
@given(doc=mutated_designs())
# Found while hardening: huge whole numbers raised OverflowError (math.isfinite on an int beyond float range).
@example(doc={**SHIPPED["smoke"], "factors": {"bk10.ambulant": {"low": 2, "high": 10**400}}})
@example(doc={**SHIPPED["smoke"], "run": {"reps": 1, "scale": 10**400}})
# Found while hardening: a million samples x 10,000 replicates tried to build 10^10 runs in memory.
@example(doc={**SHIPPED["smoke"], "samples": 1_000_000, "run": {"reps": 10_000}})
@example(doc={**SHIPPED["ishigami"], "samples": 524_288})  # 2.6 million Saltelli points
def test_any_design_document_is_a_design_or_one_line(doc):
    """Any document: a design whose runs build, or one ExperimentError line naming the file."""
    _check(lambda: design_from_dict(copy.deepcopy(doc), SOURCE, DESIGN_DIR))


@FUZZ
@given(doc=mutated_designs())
def test_design_files_give_the_same_answer_as_documents(doc, tmp_path_factory):
    """The file path (size limit, UTF-8, TOML) ends in the same validation as the document."""
    folder = tmp_path_factory.mktemp("design")
    path = folder / "d.toml"
    text = toml_text(doc)
    path.write_text(text, encoding="utf-8")
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        with pytest.raises(ExperimentError, match="not valid TOML"):
            load_design(path)
        return
    try:  # relative scenario files are looked up beside the design file
        expected = str(design_from_dict(parsed, str(path), path.parent).spec())
    except ExperimentError as exc:
        expected = str(exc)
    try:
        got = str(load_design(path).spec())
    except ExperimentError as exc:
        got = str(exc)
    assert got == expected


@settings(max_examples=examples(60), deadline=None)
@given(data=st.binary(max_size=2048))
@example(data=b"")
@example(data=b'name = "a"\nname = "b"\n')  # duplicate key
@example(data=b"\xff\xfe" + 'name = "x"'.encode("utf-16-le"))
def test_binary_design_files_are_one_line(data, tmp_path_factory):
    """Random bytes as a design file: one ExperimentError line naming the file."""
    path = tmp_path_factory.mktemp("bin") / "junk.toml"
    path.write_bytes(data)
    _check(lambda: load_design(path), source=str(path))


@settings(max_examples=examples(40), deadline=None)
@given(name=st.text(max_size=20) | st.text(min_size=250, max_size=5000))
@example(name="d" * 5000)  # found: OSError 'File name too long' escaped load_design
@example(name="/tmp")
@example(name="/dev/null")
@example(name="0/")  # found: the message named "0" (the path as Path writes it), not what was typed
def test_any_design_name_is_a_design_or_one_line(name):
    """A design argument that is no file: one line naming it."""
    _check(lambda: load_design(name), source=one_line(name.split("\x00")[0])[:40])


def test_oversized_design_file_is_refused_without_reading_it_whole(tmp_path):
    """A 64 MiB (sparse) design file: refused by size."""
    big = tmp_path / "big.toml"
    with big.open("wb") as f:
        f.truncate(64 * 1024 * 1024)
    with pytest.raises(ExperimentError, match="larger than 64 KiB"):
        load_design(big)
