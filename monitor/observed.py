"""Reading a year's observed indicators (TOML or CSV) and refusing what cannot be right.

TOML (one or more years)::

    scenario = "opdracht-2026"        # the plan that was carried out (a name or a TOML file)

    [[year]]
    year = 2026
    [year.indicators]
    halt_verwijzingen = { value = 88, unit = "referrals/year" }
    beschermende_factoren = { value = 0.571, unit = "factor units (0-1)", n = 400 }

CSV (one row per year and indicator; the plan is given with ``--scenario``)::

    year,indicator,value,unit,n
    2026,halt_verwijzingen,88,referrals/year,
    2026,beschermende_factoren,0.571,factor units (0-1),400

Every value needs its unit, written as the indicator's unit (docs/monitoring.md lists them): a value in the
wrong unit is the most common mistake (a percentage for a 0-1 score, a count per 10,000 for a count), and it
would move the posterior silently. A survey value needs its number of respondents ``n``. Refused, with one
line naming file, year and indicator: an unknown indicator, a missing or other unit, a value that is not a
finite number, a negative count, a score outside [0, 1], a count above what is possible, a year before the
simulated period (2026) or after the current year, the same indicator twice in a year.
"""

from __future__ import annotations

import csv
import datetime as _dt
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

from jwsim.messages import one_line

from .indicators import BY_NAME, Indicator

FIRST_YEAR = 2026  # the first simulated year


class ObservationError(ValueError):
    """An observation file that cannot be used; one-line message naming file, year and indicator."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


@dataclass(frozen=True)
class Observation:
    """One observed value of one indicator in one year."""

    year: int
    indicator: Indicator
    value: float
    n: int | None = None


@dataclass(frozen=True)
class Observations:
    """A file of observations: the plan carried out and the observed values."""

    source: str
    scenario: str | None
    items: tuple[Observation, ...]

    @property
    def years(self) -> list[int]:
        """The observed years, in order."""
        return sorted({o.year for o in self.items})

    @property
    def last_year(self) -> int:
        """The latest observed year."""
        return max(o.year for o in self.items)


def _number(where: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            value = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else None
        except ValueError:
            value = None
        if value is None:
            raise ObservationError(f"{where}: value must be a number")
    v = float(value)
    if not math.isfinite(v):
        raise ObservationError(f"{where}: value must be a finite number, got {value}")
    return v


def check(
    where: str, year: int, ind: Indicator, value: float, unit: object, n: object, this_year: int
) -> Observation:
    """Validate one observation; returns it or raises :class:`ObservationError`."""
    if year < FIRST_YEAR:
        raise ObservationError(f"{where}: year {year} lies before the simulated period ({FIRST_YEAR}-)")
    if year > this_year:
        raise ObservationError(f"{where}: year {year} lies in the future (it is {this_year} now)")
    if unit is None or str(unit).strip() == "":
        raise ObservationError(f'{where}: give the unit (unit = "{ind.unit}")')
    if str(unit).strip() not in (ind.unit, ind.unit_nl):
        raise ObservationError(
            f"{where}: unit '{unit}' is not this indicator's unit '{ind.unit}' ('{ind.unit_nl}')"
        )
    if ind.kind == "survey":
        if not 0.0 <= value <= 1.0:
            hint = " (a percentage? give the score as a fraction)" if 1.0 < value <= 100.0 else ""
            raise ObservationError(f"{where}: {value:g} is impossible for a score in [0, 1]{hint}")
        if n is None or n == "":
            raise ObservationError(f"{where}: a survey value needs its number of respondents n")
        try:
            n_int = int(str(n))
        except ValueError:
            raise ObservationError(f"{where}: n must be a whole number of respondents, got {n!r}") from None
        if n_int < 10:
            raise ObservationError(f"{where}: n = {n_int} respondents is too few for a survey mean (>= 10)")
        return Observation(year, ind, value, n_int)
    if value < 0:
        raise ObservationError(f"{where}: a count cannot be negative ({value:g})")
    if value > ind.maximum:
        raise ObservationError(
            f"{where}: {value:g} {ind.unit} is more than is possible "
            f"(at most {ind.maximum:g}); check the unit"
        )
    if value != int(value):
        raise ObservationError(f"{where}: a count must be a whole number, got {value:g}")
    return Observation(year, ind, value, None)


def _indicator(where: str, name: object) -> Indicator:
    if not isinstance(name, str) or name not in BY_NAME:
        known = ", ".join(BY_NAME)
        raise ObservationError(f"{where}: unknown indicator '{name}' (known: {known})")
    return BY_NAME[name]


def _year(where: str, value: object) -> int:
    try:
        year = int(str(value).strip())
    except ValueError:
        raise ObservationError(f"{where}: year must be a whole number, got {value!r}") from None
    return year


def _from_toml(path: Path, this_year: int) -> Observations:
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ObservationError(f"{path}: not valid TOML ({exc})") from None
    unknown = set(doc) - {"scenario", "year", "description"}
    if unknown:
        raise ObservationError(f"{path}: unknown key '{sorted(unknown)[0]}' (scenario, year, description)")
    scenario = doc.get("scenario")
    if scenario is not None and not isinstance(scenario, str):
        raise ObservationError(f"{path}: scenario must be a name or a file")
    years = doc.get("year")
    if not isinstance(years, list) or not years:
        raise ObservationError(f"{path}: no [[year]] table with observations")
    items: list[Observation] = []
    for block in years:
        if not isinstance(block, dict) or "year" not in block:
            raise ObservationError(f"{path}: every [[year]] needs year = ...")
        year = _year(f"{path}", block["year"])
        table = block.get("indicators")
        if not isinstance(table, dict) or not table:
            raise ObservationError(f"{path}: year {year}: no [year.indicators]")
        for name, entry in table.items():
            where = f"{path}: {year} {name}"
            ind = _indicator(f"{path}: {year}", name)
            if not isinstance(entry, dict):
                raise ObservationError(f'{where}: write {{ value = ..., unit = "{ind.unit}" }}')
            extra = set(entry) - {"value", "unit", "n"}
            if extra:
                raise ObservationError(f"{where}: unknown key '{sorted(extra)[0]}' (value, unit, n)")
            if "value" not in entry:
                raise ObservationError(f"{where}: no value")
            items.append(
                check(
                    where,
                    year,
                    ind,
                    _number(where, entry["value"]),
                    entry.get("unit"),
                    entry.get("n"),
                    this_year,
                )
            )
    return Observations(str(path), scenario, tuple(items))


def _from_csv(path: Path, this_year: int) -> Observations:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    need = {"year", "indicator", "value", "unit"}
    if not rows or not need <= set(rows[0]):
        raise ObservationError(f"{path}: a CSV file needs the columns year, indicator, value, unit (and n)")
    items = []
    for line, row in enumerate(rows, start=2):
        where = f"{path}:{line}"
        year = _year(where, row["year"])
        ind = _indicator(where, row["indicator"])
        where = f"{path}:{line} {year} {ind.name}"
        items.append(
            check(where, year, ind, _number(where, row["value"]), row["unit"], row.get("n"), this_year)
        )
    return Observations(str(path), None, tuple(items))


def load_observations(path: str | Path, today: _dt.date | None = None) -> Observations:
    """Read and validate an observation file (``.toml`` or ``.csv``).

    Args:
        path: the file.
        today: the current date (a year after its year is in the future); default: today.

    Raises:
        ObservationError: one line naming the file, the year, the indicator and the problem.

    """
    p = Path(path)
    this_year = (today or _dt.date.today()).year
    if not p.is_file():
        raise ObservationError(f"{p}: observation file not found")
    try:
        obs = _from_csv(p, this_year) if p.suffix.lower() == ".csv" else _from_toml(p, this_year)
    except UnicodeDecodeError:
        raise ObservationError(f"{p}: not a text file (UTF-8)") from None
    seen: set[tuple[int, str]] = set()
    for o in obs.items:
        key = (o.year, o.indicator.name)
        if key in seen:
            raise ObservationError(f"{p}: {o.year} {o.indicator.name} is given twice")
        seen.add(key)
    if not obs.items:
        raise ObservationError(f"{p}: no observations")
    return obs
