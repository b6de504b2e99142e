"""Load and validate jwsim's curated input tables into numpy-backed, read-only structures.

Every problem with a data file raises :class:`DataError` with one line naming the file and the problem, so a
broken checkout fails loudly at start-up instead of producing a quietly wrong simulation.
"""

from __future__ import annotations

import functools
import importlib.resources
import os
import pathlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import networkx

AGES = tuple(range(10, 24))
SEXES = ("m", "v")
SCHOOL_TYPES = ("VO", "PRO", "VSO", "SO", "SBO")
# A generous box around Nijmegen: catches swapped or mangled coordinates, not placement errors.
LON_RANGE = (5.70, 6.00)
LAT_RANGE = (51.75, 51.95)

WIJKEN_COLUMNS = (
    "wijk_code", "wijk_naam", "stadsdeel_code", "stadsdeel_naam", "lon", "lat", "area_km2", "inwoners_2015",
    "inwoners_2024_est", "bijstand_per_1000_2015", "ao_per_1000_2015", "pct_laag_inkomen_stadsdeel_2020",
    "pct_hh_met_kinderen_2015", "deprivation_index", "youths_10_23", "student_share_18_23",
)
YOUTHS_COLUMNS = ("wijk_code", "age", "sex", "count")
SCHOOLS_COLUMNS = (
    "school_code", "naam", "brin", "school_type", "pupils", "pupils_imputed", "wijk_code", "lon", "lat",
    "sjw_eligible", "vso_jeugdcoaches",
)
ADJACENCY_COLUMNS = ("wijk_a", "wijk_b")
PLACES_COLUMNS = ("wijk_code", "wijk_naam", "centre_niet_woningen", "school_pupils")
EVENTS_COLUMNS = ("event", "wijk_code", "first_week", "last_week", "odd_weeks_only", "ages_low", "ages_high",
                  "intensity", "source")
GEOJSON_FILES = {"wijk": "wijken.geojson", "stadsdeel": "stadsdelen.geojson"}


class DataError(Exception):
    """A data file is missing, malformed or inconsistent (message: one line naming file and problem)."""


@dataclass(frozen=True)
class Schools:
    """School locations; all arrays have one entry per school, sorted by ``codes``."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    school_type: tuple[str, ...]
    pupils: np.ndarray  # int64
    wijk_index: np.ndarray  # int64 index into CityInputs.wijk_codes
    lon: np.ndarray
    lat: np.ndarray
    sjw_eligible: np.ndarray  # bool
    vso_jeugdcoaches: np.ndarray  # bool


@dataclass(frozen=True)
class PlaceEvent:
    """An event at its place (``events.csv``): where, in which weeks of the year, for whom, how intense."""

    event: str
    wijk_index: int
    weeks: tuple[int, ...]  # weeks of the year (1..52)
    ages: tuple[int, int]
    intensity: float  # 0..1


@dataclass(frozen=True)
class CityInputs:
    """Everything the model needs about Nijmegen; arrays are read-only, indexed by wijk (sorted by code)."""

    wijk_codes: tuple[str, ...]
    wijk_names: tuple[str, ...]
    stadsdeel_codes: tuple[str, ...]  # the 9, sorted
    stadsdeel_names: tuple[str, ...]
    stadsdeel_index: np.ndarray  # (44,) int64
    lon: np.ndarray
    lat: np.ndarray
    area_km2: np.ndarray
    youths: np.ndarray  # (44, 14, 2) int64; axis1 = age 10..23, axis2 = sex 0=m 1=v
    deprivation: np.ndarray  # (44,) float64 in [0, 1]
    student_share_18_23: np.ndarray  # (44,)
    pct_hh_met_kinderen: np.ndarray  # (44,)
    adjacency: np.ndarray  # (44, 44) bool, symmetric, False diagonal
    schools: Schools
    centre_attractor: np.ndarray  # (44,) non-residential units of the city centre's buurten, 0 elsewhere
    school_attractor: np.ndarray  # (44,) pupils of the secondary-school locations in the wijk
    events: tuple[PlaceEvent, ...]

    def wijk_graph(self) -> networkx.Graph:
        """Adjacency graph: nodes are wijk indices with attributes ``code`` and ``name``."""
        import networkx as nx  # only needed by callers that want a graph

        graph = nx.Graph()
        for i, (code, name) in enumerate(zip(self.wijk_codes, self.wijk_names, strict=True)):
            graph.add_node(i, code=code, name=name)
        a, b = np.nonzero(np.triu(self.adjacency, 1))
        graph.add_edges_from(zip(a.tolist(), b.tolist(), strict=True))
        return graph


def data_dir() -> pathlib.Path:
    """Return the folder holding the packaged data files."""
    return pathlib.Path(str(importlib.resources.files("jwsim.data")))


def geojson_path(level: str = "wijk") -> pathlib.Path:
    """Path of the boundary GeoJSON for ``level`` 'wijk' (44 features) or 'stadsdeel' (9).

    Raises:
        ValueError: for another level.
        DataError: if the file is missing.

    """
    if level not in GEOJSON_FILES:
        raise ValueError(f"level must be one of {sorted(GEOJSON_FILES)}, not {level!r}")
    path = data_dir() / GEOJSON_FILES[level]
    if not path.is_file():
        raise DataError(f"{path}: file is missing")
    return path


def _fail(path: pathlib.Path, problem: str) -> DataError:
    """DataError whose message is a single line, whatever the underlying error text was."""
    return DataError(f"{path}: " + " ".join(problem.split()))


def _read(path: pathlib.Path, columns: tuple[str, ...], str_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read a CSV and insist on exactly the expected columns and at least one row, without missing values."""
    if not path.is_file():
        raise _fail(path, "file is missing")
    try:
        frame = pd.read_csv(path, dtype={c: str for c in str_columns}, keep_default_na=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        raise _fail(path, f"cannot be parsed as CSV ({exc})") from None
    if tuple(frame.columns) != columns:
        raise _fail(path, f"columns are {list(frame.columns)}, expected {list(columns)}")
    if frame.empty:
        raise _fail(path, "has no rows")
    bad = frame.columns[frame.isna().any()].tolist()
    if bad:
        raise _fail(path, f"missing values in column(s) {bad}")
    return frame


def _numeric(path: pathlib.Path, frame: pd.DataFrame, column: str, *, integer: bool = False,
             lo: float | None = None, hi: float | None = None) -> np.ndarray:
    """Return a column as a numpy array, checked for type and range."""
    series = frame[column]
    if integer and not pd.api.types.is_integer_dtype(series):
        raise _fail(path, f"column {column} must hold integers")
    if not integer and not pd.api.types.is_numeric_dtype(series):
        raise _fail(path, f"column {column} must be numeric")
    values = series.to_numpy(dtype=np.int64 if integer else np.float64)
    if not np.isfinite(values).all():
        raise _fail(path, f"column {column} has non-finite values")
    if lo is not None and (values < lo).any():
        raise _fail(path, f"column {column} has values below {lo} (e.g. {values[values < lo][0]})")
    if hi is not None and (values > hi).any():
        raise _fail(path, f"column {column} has values above {hi} (e.g. {values[values > hi][0]})")
    return values


def _boolean(path: pathlib.Path, frame: pd.DataFrame, column: str) -> np.ndarray:
    if not pd.api.types.is_bool_dtype(frame[column]):
        raise _fail(path, f"column {column} must be True/False")
    return frame[column].to_numpy(dtype=bool)


def _codes_known(path: pathlib.Path, codes: pd.Series, index: dict[str, int], column: str) -> np.ndarray:
    unknown = sorted(set(codes) - set(index))
    if unknown:
        raise _fail(path, f"unknown wijk code(s) in {column}: {unknown[:3]}")
    return codes.map(index).to_numpy(dtype=np.int64)


def _frozen(array: np.ndarray) -> np.ndarray:
    """Read-only view: CityInputs is cached and shared, so no caller may change it in place."""
    array = np.ascontiguousarray(array)
    array.setflags(write=False)
    return array


def _load_wijken(path: pathlib.Path) -> pd.DataFrame:
    frame = _read(path, WIJKEN_COLUMNS, str_columns=WIJKEN_COLUMNS[:4])
    codes = frame["wijk_code"]
    if not codes.map(lambda c: re.fullmatch(r"BU0268\d{4}", c) is not None).all():
        raise _fail(path, "wijk_code must look like BU0268xxxx")
    if codes.duplicated().any():
        raise _fail(path, f"duplicate wijk_code {codes[codes.duplicated()].iloc[0]}")
    if not codes.is_monotonic_increasing:
        raise _fail(path, "rows must be sorted by wijk_code")
    if (codes.str[6:8] != frame["stadsdeel_code"].str[6:8]).any() or \
            not frame["stadsdeel_code"].str.fullmatch(r"WK0268\d{2}").all():
        raise _fail(path, "stadsdeel_code must be WK0268 + digits 7–8 of the wijk code")
    if frame.groupby("stadsdeel_code")["stadsdeel_naam"].nunique().max() > 1:
        raise _fail(path, "a stadsdeel_code has more than one stadsdeel_naam")
    _numeric(path, frame, "lon", lo=LON_RANGE[0], hi=LON_RANGE[1])
    _numeric(path, frame, "lat", lo=LAT_RANGE[0], hi=LAT_RANGE[1])
    _numeric(path, frame, "area_km2", lo=0.0)
    for column in ("inwoners_2015", "inwoners_2024_est", "youths_10_23"):
        _numeric(path, frame, column, integer=True, lo=0)
    for column in ("bijstand_per_1000_2015", "ao_per_1000_2015"):
        _numeric(path, frame, column, lo=0.0, hi=1000.0)
    for column in ("pct_laag_inkomen_stadsdeel_2020", "pct_hh_met_kinderen_2015"):
        _numeric(path, frame, column, lo=0.0, hi=100.0)
    for column in ("deprivation_index", "student_share_18_23"):
        _numeric(path, frame, column, lo=0.0, hi=1.0)
    return frame


def _load_youths(path: pathlib.Path, index: dict[str, int]) -> np.ndarray:
    frame = _read(path, YOUTHS_COLUMNS, str_columns=("wijk_code", "sex"))
    wijk = _codes_known(path, frame["wijk_code"], index, "wijk_code")
    age = _numeric(path, frame, "age", integer=True, lo=AGES[0], hi=AGES[-1])
    if not frame["sex"].isin(SEXES).all():
        raise _fail(path, f"sex must be one of {list(SEXES)}")
    sex = frame["sex"].map({s: i for i, s in enumerate(SEXES)}).to_numpy(dtype=np.int64)
    count = _numeric(path, frame, "count", integer=True, lo=0)
    cells = pd.Series(list(zip(wijk, age, sex, strict=True)))
    if cells.duplicated().any():
        raise _fail(path, "a wijk × age × sex cell appears twice")
    expected = len(index) * len(AGES) * len(SEXES)
    if len(frame) != expected:
        raise _fail(path, f"has {len(frame)} rows, expected {expected} (every wijk × age × sex once)")
    youths = np.zeros((len(index), len(AGES), len(SEXES)), dtype=np.int64)
    youths[wijk, age - AGES[0], sex] = count
    return youths


def _load_schools(path: pathlib.Path, index: dict[str, int]) -> Schools:
    text = ("school_code", "naam", "brin", "school_type", "wijk_code")
    frame = _read(path, SCHOOLS_COLUMNS, str_columns=text)
    if frame["school_code"].duplicated().any():
        raise _fail(path, "duplicate school_code")
    if not frame["school_type"].isin(SCHOOL_TYPES).all():
        raise _fail(path, f"school_type must be one of {list(SCHOOL_TYPES)}")
    _boolean(path, frame, "pupils_imputed")
    return Schools(
        codes=tuple(frame["school_code"]),
        names=tuple(frame["naam"]),
        school_type=tuple(frame["school_type"]),
        pupils=_frozen(_numeric(path, frame, "pupils", integer=True, lo=0)),
        wijk_index=_frozen(_codes_known(path, frame["wijk_code"], index, "wijk_code")),
        lon=_frozen(_numeric(path, frame, "lon", lo=LON_RANGE[0], hi=LON_RANGE[1])),
        lat=_frozen(_numeric(path, frame, "lat", lo=LAT_RANGE[0], hi=LAT_RANGE[1])),
        sjw_eligible=_frozen(_boolean(path, frame, "sjw_eligible")),
        vso_jeugdcoaches=_frozen(_boolean(path, frame, "vso_jeugdcoaches")),
    )


def _load_adjacency(path: pathlib.Path, index: dict[str, int]) -> np.ndarray:
    frame = _read(path, ADJACENCY_COLUMNS, str_columns=ADJACENCY_COLUMNS)
    a = _codes_known(path, frame["wijk_a"], index, "wijk_a")
    b = _codes_known(path, frame["wijk_b"], index, "wijk_b")
    if (a >= b).any():
        raise _fail(path, "each row must have wijk_a < wijk_b")
    if frame.duplicated().any():
        raise _fail(path, "duplicate pair")
    adjacency = np.zeros((len(index), len(index)), dtype=bool)
    adjacency[a, b] = adjacency[b, a] = True
    return adjacency


def _load_places(path: pathlib.Path, codes: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    frame = _read(path, PLACES_COLUMNS, str_columns=PLACES_COLUMNS[:2])
    if tuple(frame["wijk_code"]) != codes:
        raise _fail(path, "rows must be the wijken of wijken.csv in the same order")
    centre = _numeric(path, frame, "centre_niet_woningen", integer=True, lo=0)
    pupils = _numeric(path, frame, "school_pupils", integer=True, lo=0)
    if centre.sum() == 0 or pupils.sum() == 0:
        raise _fail(path, "needs at least one centre and one school attractor")
    return centre.astype(np.float64), pupils.astype(np.float64)


def _load_events(path: pathlib.Path, index: dict[str, int]) -> tuple[PlaceEvent, ...]:
    frame = _read(path, EVENTS_COLUMNS, str_columns=("event", "wijk_code", "source"))
    wijk = _codes_known(path, frame["wijk_code"], index, "wijk_code")
    first = _numeric(path, frame, "first_week", integer=True, lo=1, hi=52)
    last = _numeric(path, frame, "last_week", integer=True, lo=1, hi=52)
    if (last < first).any():
        raise _fail(path, "last_week before first_week")
    odd = _boolean(path, frame, "odd_weeks_only")
    low = _numeric(path, frame, "ages_low", integer=True, lo=AGES[0], hi=AGES[-1])
    high = _numeric(path, frame, "ages_high", integer=True, lo=AGES[0], hi=AGES[-1])
    intensity = _numeric(path, frame, "intensity", lo=0.0, hi=1.0)
    return tuple(
        PlaceEvent(str(frame["event"].iloc[i]), int(wijk[i]),
                   tuple(w for w in range(int(first[i]), int(last[i]) + 1) if not odd[i] or w % 2 == 1),
                   (int(low[i]), int(high[i])), float(intensity[i]))
        for i in range(len(frame)))


@functools.lru_cache(maxsize=8)
def load_inputs(directory: str | os.PathLike[str] | None = None) -> CityInputs:
    """Load, validate and cache the curated input data.

    Args:
        directory: Folder with the CSV files; default the packaged ``jwsim.data`` folder. Tests point this at
            a copy to check validation.

    Returns:
        The city inputs (cached per directory; arrays are read-only).

    Raises:
        DataError: One line naming the file and the problem.

    """
    folder = data_dir() if directory is None else pathlib.Path(directory)
    wijken_path = folder / "wijken.csv"
    wijken = _load_wijken(wijken_path)
    codes = tuple(wijken["wijk_code"])
    index = {code: i for i, code in enumerate(codes)}
    youths_path = folder / "youths_by_wijk_age_sex.csv"
    youths = _load_youths(youths_path, index)
    if not np.array_equal(youths.sum(axis=(1, 2)), wijken["youths_10_23"].to_numpy()):
        raise _fail(youths_path, "totals per wijk differ from wijken.csv youths_10_23")
    # Stadsdelen in code order, each named by its first wijk (a plain dict: a pandas groupby here would add
    # ~1 MB to every model run's peak memory for eight names).
    first_name: dict[str, str] = {}
    for code, name in zip(wijken["stadsdeel_code"], wijken["stadsdeel_naam"], strict=True):
        first_name.setdefault(code, name)
    sd_codes = tuple(sorted(first_name))
    sd_index = {code: i for i, code in enumerate(sd_codes)}
    centre, pupils = _load_places(folder / "places.csv", codes)
    return CityInputs(
        wijk_codes=codes,
        wijk_names=tuple(wijken["wijk_naam"]),
        stadsdeel_codes=sd_codes,
        stadsdeel_names=tuple(first_name[code] for code in sd_codes),
        stadsdeel_index=_frozen(np.array([sd_index[c] for c in wijken["stadsdeel_code"]], dtype=np.int64)),
        lon=_frozen(wijken["lon"].to_numpy(dtype=np.float64)),
        lat=_frozen(wijken["lat"].to_numpy(dtype=np.float64)),
        area_km2=_frozen(wijken["area_km2"].to_numpy(dtype=np.float64)),
        youths=_frozen(youths),
        deprivation=_frozen(wijken["deprivation_index"].to_numpy(dtype=np.float64)),
        student_share_18_23=_frozen(wijken["student_share_18_23"].to_numpy(dtype=np.float64)),
        pct_hh_met_kinderen=_frozen(wijken["pct_hh_met_kinderen_2015"].to_numpy(dtype=np.float64)),
        adjacency=_frozen(_load_adjacency(folder / "wijk_adjacency.csv", index)),
        schools=_load_schools(folder / "schools.csv", index),
        centre_attractor=_frozen(centre),
        school_attractor=_frozen(pupils),
        events=_load_events(folder / "events.csv", index),
    )
