"""Scenario files for the app: write a scenario document as TOML, read an upload safely.

A *scenario document* is the plain dict that ``tomllib`` makes of a scenario file (``name``,
``description``, ``[allocation]``, ``[overrides]``, ``[[changes]]``; schema in ``jwsim.model.scenario``).
The app edits such a document and validates it with the model's own ``scenario_from_dict``, so what the
app runs is exactly what a downloaded file gives back: ``parse_scenario(dumps(doc))`` builds the same
scenario as ``scenario_from_dict(doc)`` (tests/viz/test_scenario_toml.py checks this for every shipped
scenario and for random allocations).

Uploads go through ``read_upload``: size limit before anything is parsed, then ``parse_scenario`` (no code
execution: ``tomllib``), and every problem is a :class:`ScenarioError` with one line, never a traceback.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Mapping
from typing import Any

from jwsim.model.allocation import BK10_FORMS, JC_FORMS, Allocation
from jwsim.model.scenario import MAX_SCENARIO_BYTES, Scenario, ScenarioError, parse_scenario

BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
# The order in which a file lists its sections: what a reader expects first comes first.
TOP_ORDER = ("name", "description", "description_en", "allocation", "overrides", "changes")
ALLOCATION_ORDER = (
    "targeting",
    "wijk_priority",
    "ambulant_team_investment_eur",
    "programme_eur",
    "po_eur",
    "noord_eur",
    "bk10",
    "jc",
    "sjw_hours",
    "wijk_weights",
    "wijk_split",
)


class TomlWriteError(ValueError):
    """A value that has no TOML form (e.g. NaN, or an object that is not a number, text or table)."""


def _key(key: str) -> str:
    return key if BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _value(value: Any) -> str:
    """One TOML value: text, whole number, number or true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TomlWriteError(f"cannot write the non-finite number {value!r}")
        return repr(value)  # shortest text that reads back as the same float
    if isinstance(value, str):
        # JSON's string escapes (\" \\ \n \uXXXX) are all valid in a TOML basic string.
        return json.dumps(value, ensure_ascii=False)
    raise TomlWriteError(f"cannot write a {type(value).__name__} as a TOML value")


def _ordered(table: Mapping[str, Any], order: tuple[str, ...]) -> list[str]:
    known = [k for k in order if k in table]
    return known + sorted(k for k in table if k not in order)


def _write_table(
    lines: list[str], path: list[str], table: Mapping[str, Any], order: tuple[str, ...] = ()
) -> None:
    """Write ``table`` under the header ``path``: its plain values, then its sub-tables."""
    keys = _ordered(table, order)
    scalars = [k for k in keys if not isinstance(table[k], (dict, list))]
    subtables = [k for k in keys if isinstance(table[k], dict)]
    arrays = [k for k in keys if isinstance(table[k], list)]
    if path:
        lines.append("")
        lines.append(f"[{'.'.join(_key(p) for p in path)}]")
    for k in scalars:
        lines.append(f"{_key(k)} = {_value(table[k])}")
    for k in subtables:
        _write_table(lines, [*path, k], table[k], ALLOCATION_ORDER if k == "allocation" else ())
    for k in arrays:
        items = table[k]
        if not all(isinstance(item, dict) for item in items):
            # only arrays of tables occur in scenario files ([[changes]])
            raise TomlWriteError(f"{'.'.join([*path, k])}: only arrays of tables can be written")
        for item in items:
            header = ".".join(_key(p) for p in [*path, k])
            lines.append("")
            lines.append(f"[[{header}]]")
            _write_array_item(lines, [*path, k], item)


def _write_array_item(lines: list[str], path: list[str], item: Mapping[str, Any]) -> None:
    """Write one ``[[array]]`` entry: plain values under the ``[[...]]`` header, tables as ``[a.b]``."""
    for k in _ordered(item, ("from_year",)):
        if not isinstance(item[k], (dict, list)):
            lines.append(f"{_key(k)} = {_value(item[k])}")
    for k in _ordered(item, ()):
        if isinstance(item[k], dict):
            _write_table(lines, [*path, k], item[k], ALLOCATION_ORDER if k == "allocation" else ())
        elif isinstance(item[k], list):
            raise TomlWriteError(f"{'.'.join([*path, k])}: nested arrays are not part of the scenario schema")


def dumps(doc: Mapping[str, Any], header: str = "") -> str:
    """Write a scenario document as TOML text (``header`` becomes leading ``#`` comment lines)."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    _write_table(lines, [], doc, TOP_ORDER)
    text = "\n".join(lines).lstrip("\n") + "\n"
    return text


def allocation_doc(alloc: Allocation) -> dict[str, Any]:
    """Return the ``[allocation]`` table of an allocation, every key explicit (reads back identically)."""
    return {
        "targeting": alloc.targeting,
        "wijk_priority": alloc.wijk_priority,
        "ambulant_team_investment_eur": float(alloc.ambulant_team_investment_eur),
        "programme_eur": float(alloc.programme_eur),
        "po_eur": float(alloc.po_eur),
        "noord_eur": float(alloc.noord_eur),
        "bk10": {form: float(alloc.bk10[form]) for form in BK10_FORMS},
        "jc": {form: float(alloc.jc[form]) for form in JC_FORMS},
        "sjw_hours": {code: float(hours) for code, hours in alloc.sjw_hours},
        "wijk_weights": {code: float(weight) for code, weight in alloc.wijk_weights},
        **({"wijk_split": {part: float(v) for part, v in alloc.wijk_split}} if alloc.wijk_split else {}),
    }


def read_upload(data: bytes, filename: str) -> tuple[dict[str, Any], Scenario]:
    """Validate an uploaded scenario file; return its document and the scenario.

    Raises:
        ScenarioError: too large, not UTF-8, not TOML, or not a valid scenario (one line, names the key).

    """
    if len(data) > MAX_SCENARIO_BYTES:
        raise ScenarioError(f"{filename}: file is larger than {MAX_SCENARIO_BYTES // 1024} KiB")
    scenario = parse_scenario(data, filename)  # validates everything, including size, encoding and syntax
    return tomllib.loads(data.decode("utf-8")), scenario
