"""The data files in data/ (wijken, youths, schools, adjacency), corrupted at random.

One validation path: ``jwsim.data.load_inputs(directory)``. A corrupted copy gives one DataError line
naming the file, or (when the corruption happens to be harmless, e.g. Windows line ends) inputs that still
satisfy the loader's promises. The fixed corruptions of tests/data/test_data.py are not repeated here.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import numpy as np
from hardening_kit import assert_one_line, examples, huge_ints, odd_text
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jwsim.data import AGES, CityInputs, DataError, data_dir, load_inputs

FILES = ("wijken.csv", "youths_by_wijk_age_sex.csv", "schools.csv", "wijk_adjacency.csv", "places.csv",
         "events.csv")
ORIGINAL = {name: (data_dir() / name).read_bytes() for name in FILES}
REFERENCE = load_inputs()
cell_junk = st.one_of(
    odd_text,
    st.sampled_from(["", "nan", "NaN", "inf", "-inf", "-1", "1e309", "True", "NULL", "BU0268", "BU02689999"]),
    huge_ints.map(str),
    st.floats().map(repr),
)


def _rows(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(ORIGINAL[name].decode("utf-8"))))


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


@st.composite
def corruptions(draw) -> tuple[str, bytes]:
    """One file of the four, corrupted in one of several ways; returns (file name, new content)."""
    name = draw(st.sampled_from(FILES))
    rows = _rows(name)
    kind = draw(
        st.sampled_from(
            [
                "cell",
                "cell",
                "cell",
                "duplicate",
                "drop",
                "header",
                "truncate",
                "bytes",
                "crlf",
                "bom",
                "huge",
            ]
        )
    )
    if kind == "cell":
        r = draw(st.integers(0, len(rows) - 1))
        c = draw(st.integers(0, len(rows[r]) - 1))
        rows[r][c] = draw(cell_junk)
        return name, _csv(rows)
    if kind == "duplicate":
        r = draw(st.integers(1, len(rows) - 1))
        return name, _csv([*rows[: r + 1], rows[r], *rows[r + 1 :]])
    if kind == "drop":
        r = draw(st.integers(1, len(rows) - 1))
        return name, _csv(rows[:r] + rows[r + 1 :])
    if kind == "header":
        rows[0] = draw(st.permutations(rows[0]))
        return name, _csv(rows)
    if kind == "truncate":
        data = ORIGINAL[name]
        return name, data[: draw(st.integers(0, len(data) - 1))]
    if kind == "bytes":
        return name, draw(st.binary(max_size=2048))
    if kind == "crlf":  # harmless: must still load
        return name, ORIGINAL[name].replace(b"\n", b"\r\n")
    if kind == "bom":  # a UTF-8 byte order mark, as spreadsheet programs write it
        return name, b"\xef\xbb\xbf" + ORIGINAL[name]
    # A very large file: the data rows repeated until ~8 MB.
    body = ORIGINAL[name].split(b"\n", 1)[1]
    return name, ORIGINAL[name] + body * (8_000_000 // max(1, len(body)))


def _load_corrupted(name: str, content: bytes) -> CityInputs | None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for f in FILES:
            (folder / f).write_bytes(content if f == name else ORIGINAL[f])
        try:
            return load_inputs.__wrapped__(folder)  # uncached: every example reads its own folder
        except DataError as exc:
            # It names a data file: the corrupted one, or the one that no longer matches it (a wijk
            # dropped from wijken.csv is reported where the youths file still counts youths in it).
            assert_one_line(str(exc), names=str(folder))
            assert any(f in str(exc) for f in FILES), str(exc)
            return None


@settings(
    max_examples=examples(80),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(corruption=corruptions())
@example(corruption=("wijken.csv", b""))
@example(corruption=("schools.csv", b"\x00" * 64))
@example(corruption=("wijk_adjacency.csv", ORIGINAL["wijk_adjacency.csv"].replace(b"\n", b"\r\n")))
def test_a_corrupted_data_file_is_one_line_or_still_valid(corruption):
    """One DataError line naming the file, or inputs that keep every promise of the loader."""
    name, content = corruption
    inputs = _load_corrupted(name, content)
    if inputs is None:
        return
    assert inputs.youths.shape == (44, len(AGES), 2) and (inputs.youths >= 0).all()
    assert ((inputs.deprivation >= 0) & (inputs.deprivation <= 1)).all()
    assert np.array_equal(inputs.adjacency, inputs.adjacency.T) and not inputs.adjacency.diagonal().any()
    assert set(inputs.schools.wijk_index.tolist()) <= set(range(44))
    assert all(np.isfinite(a).all() for a in (inputs.lon, inputs.lat, inputs.area_km2))


def test_harmless_variants_load_to_the_same_inputs():
    """Windows line ends leave the inputs identical (a corruption test that always fails proves nothing)."""
    for name in FILES:
        inputs = _load_corrupted(name, ORIGINAL[name].replace(b"\n", b"\r\n"))
        assert inputs is not None and np.array_equal(inputs.youths, REFERENCE.youths), name
        assert inputs.schools.codes == REFERENCE.schools.codes
