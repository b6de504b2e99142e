"""The scenario a session is putting together: a scenario document, edited one control at a time.

The document is the plain dict a scenario TOML file parses into (see ``jwsim.model.scenario``). Every edit
returns a new document (the page's reactive state must never be changed in place), and ``check`` validates
it with the model's own ``scenario_from_dict``, so the app accepts exactly what a scenario file may contain
and shows the model's one-line message when it does not. Editing a shipped preset renames it
(``<preset>-aangepast``), so a comparison never shows two different scenarios under one name.
"""

from __future__ import annotations

import copy
import threading
import tomllib
from dataclasses import dataclass
from typing import Any

from jwsim.data import load_inputs
from jwsim.model.allocation import BK10_FORMS, JC_FORMS, ORG_FTE
from jwsim.model.scenario import Scenario, ScenarioError, named_scenarios, scenario_from_dict

Doc = dict[str, Any]  # a scenario document: what tomllib makes of a scenario file
ORG_FORMS: dict[str, tuple[str, ...]] = {"bk10": BK10_FORMS, "jc": JC_FORMS}
EDITED_SUFFIX = "-aangepast"
DEFAULT_PRESET = "opdracht-2026"
DEFAULT_REFERENCE = "huidig-2025"
FTE_STEP = 0.5
SJW_THRESHOLD_PARAM = "sjw_dose_threshold_hours"


def preset_names() -> list[str]:
    """Return the shipped scenarios, the assignment first."""
    names = list(named_scenarios())
    return sorted(names, key=lambda n: (n != DEFAULT_PRESET, n))


def preset_doc(name: str) -> Doc:
    """Return the document of a shipped scenario, as its file says it."""
    path = named_scenarios()[name]
    return tomllib.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Checked:
    """A document's validation: the scenario, or the one-line reason it cannot be run."""

    scenario: Scenario | None
    error: str


def check(doc: Doc) -> Checked:
    """Validate ``doc`` as the model would load it from a file (remembered: a page checks it often)."""
    key = repr(doc)
    with _CHECK_LOCK:
        if key in _CHECKED:
            return _CHECKED[key]
    name = doc.get("name") if isinstance(doc.get("name"), str) else "scenario"
    try:
        result = Checked(scenario_from_dict(copy.deepcopy(doc), source=name), "")
    except ScenarioError as error:
        result = Checked(None, str(error))
    with _CHECK_LOCK:
        _CHECKED[key] = result
        while len(_CHECKED) > CHECK_CACHE_SIZE:
            _CHECKED.pop(next(iter(_CHECKED)))
    return result


# Validated documents by their repr: the scenario a document makes never changes, so sessions may share it.
CHECK_CACHE_SIZE = 256
_CHECKED: dict[str, Checked] = {}
_CHECK_LOCK = threading.Lock()


def _edited(doc: Doc) -> Doc:
    """Return a deep copy, renamed if it still carries a preset's name."""
    out = copy.deepcopy(doc)
    name = str(out.get("name", "scenario"))
    if name in named_scenarios():
        out["name"] = name + EDITED_SUFFIX
    return out


# ------------------------------------------------------------------------------------------ the time axis
# The editor changes the allocation from a chosen year on. The first year edits ``[allocation]``; a later
# year edits the ``[[changes]]`` entry with that ``from_year`` (made when needed), which holds only what
# differs from the year before, exactly as a scenario file writes it (``model.scenario``: each change is
# merged into the allocation in force before it). So a change from 2027 never touches 2026.
FIRST_YEAR = 2026
EDIT_YEARS: tuple[int, ...] = (2026, 2027, 2028, 2029, 2030)
# What an absent entry means in the model: no FTE, no SJW hours, weight 1 (the default).
_ABSENT = {"bk10": 0.0, "jc": 0.0, "sjw_hours": 0.0, "wijk_weights": 1.0}
_DEFAULTS = {"targeting": "selective", "wijk_priority": "need", "ambulant_team_investment_eur": 0.0,
             "programme_eur": 0.0, "po_eur": 0.0, "noord_eur": 0.0}  # fmt: skip


def allocation_table(doc: Doc) -> Doc:
    """Return the ``[allocation]`` table of ``doc`` (empty if missing): the first year's allocation."""
    table = doc.get("allocation")
    return table if isinstance(table, dict) else {}


def changes(doc: Doc) -> list[dict[str, Any]]:
    """Return the ``[[changes]]`` entries of ``doc`` that name a year (the validator judges the rest)."""
    raw = doc.get("changes", [])
    if not isinstance(raw, list):
        return []
    return [c for c in raw if isinstance(c, dict) and isinstance(c.get("from_year"), int)]


def _merge(base: dict[str, Any], change: dict[str, Any]) -> Doc:
    out = copy.deepcopy(base)
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def allocation_in(doc: Doc, year: int) -> Doc:
    """Return the allocation table in force in ``year``: the first year's with the earlier changes merged."""
    table = allocation_table(doc)
    for change in changes(doc):
        if change["from_year"] <= year and isinstance(change.get("allocation"), dict):
            table = _merge(table, change["allocation"])
    return table


def _lookup(table: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = table
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return _ABSENT.get(path[0], _DEFAULTS.get(path[0]))
        node = node[key]
    return node


def _prune(table: dict[str, Any], path: tuple[str, ...]) -> None:
    """Remove ``path`` from ``table`` and any table it leaves empty."""
    if len(path) > 1 and isinstance(table.get(path[0]), dict):
        _prune(table[path[0]], path[1:])
        if not table[path[0]]:
            del table[path[0]]
    else:
        table.pop(path[0], None)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(float(a) - float(b)) < 1e-9
    return a == b


def with_value(doc: Doc, path: tuple[str, ...], value: Any, year: int = FIRST_YEAR) -> Doc:
    """``doc`` with one allocation value set from ``year`` on (the years before keep theirs).

    In the first year an absent entry is the default (an SJW school with 0 hours, or a wijk with weight 1,
    is removed). In a later year the value goes into that year's change, or is dropped from it when it
    equals what the year before already has; an empty change is removed.
    """
    out = _edited(doc)
    if year <= FIRST_YEAR:
        table = out.setdefault("allocation", {})
        if path[0] in ("sjw_hours", "wijk_weights") and _same(value, _ABSENT[path[0]]):
            _prune(table, path)
        else:
            _nested(table, path[:-1])[path[-1]] = value
        return out
    entries = out.setdefault("changes", [])
    entry = next((c for c in changes(out) if c["from_year"] == year), None)
    if entry is None:
        entry = {"from_year": year, "allocation": {}}
        entries.append(entry)
        entries.sort(key=lambda c: c.get("from_year", 0) if isinstance(c, dict) else 0)
    delta = entry.setdefault("allocation", {})
    _prune(delta, path)
    if not _same(_lookup(allocation_in(out, year), path), value):
        _nested(delta, path[:-1])[path[-1]] = value
    if not delta:
        entries.remove(entry)
    if not entries:
        out.pop("changes")
    return out


def _nested(table: dict[str, Any], path: tuple[str, ...]) -> Doc:
    for key in path:
        table = table.setdefault(key, {})
    return table


def without_change(doc: Doc, year: int) -> Doc:
    """``doc`` without its change from ``year`` (that year then follows the year before)."""
    out = _edited(doc)
    kept = [c for c in out.get("changes", []) if not (isinstance(c, dict) and c.get("from_year") == year)]
    if kept:
        out["changes"] = kept
    else:
        out.pop("changes", None)
    return out


def fte(doc: Doc, org: str, form: str, year: int = FIRST_YEAR) -> float:
    """FTE of one work form in ``year`` (0 if the file leaves it out)."""
    value = _lookup(allocation_in(doc, year), (org, form))
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def org_total(doc: Doc, org: str, year: int = FIRST_YEAR) -> float:
    """FTE allocated by one organisation in ``year``."""
    return sum(fte(doc, org, form, year) for form in ORG_FORMS[org])


def with_fte(doc: Doc, org: str, form: str, value: float, year: int = FIRST_YEAR) -> Doc:
    """``doc`` with one work form's FTE set from ``year`` on."""
    return with_value(doc, (org, form), round(float(value), 2), year)


def sjw_hours(doc: Doc, year: int = FIRST_YEAR) -> dict[str, float]:
    """SJW hours per school code in ``year`` (schools set to 0 by a change are left out)."""
    table = allocation_in(doc, year).get("sjw_hours", {})
    if not isinstance(table, dict):
        return {}
    return {code: float(h) for code, h in table.items() if float(h) > 0}


def with_sjw_hours(doc: Doc, school: str, hours: float, year: int = FIRST_YEAR) -> Doc:
    """``doc`` with one school's SJW hours per week set from ``year`` on (0: no SJW there)."""
    return with_value(doc, ("sjw_hours", school), round(float(hours), 1), year)


def wijk_weights(doc: Doc, year: int = FIRST_YEAR) -> dict[str, float]:
    """Extra weight per wijk code in ``year`` (wijken not listed, or set back to 1, have weight 1)."""
    table = allocation_in(doc, year).get("wijk_weights", {})
    if not isinstance(table, dict):
        return {}
    return {code: float(w) for code, w in table.items() if abs(float(w) - 1.0) > 1e-12}


def with_wijk_weight(doc: Doc, wijk: str, weight: float, year: int = FIRST_YEAR) -> Doc:
    """``doc`` with one wijk's weight set from ``year`` on (1 is the default)."""
    return with_value(doc, ("wijk_weights", wijk), round(float(weight), 2), year)


def setting(doc: Doc, key: str, year: int = FIRST_YEAR) -> Any:
    """One plain allocation setting (targeting, wijk_priority, euros) in force in ``year``."""
    return _lookup(allocation_in(doc, year), (key,))


def with_setting(doc: Doc, key: str, value: Any, year: int = FIRST_YEAR) -> Doc:
    """``doc`` with one plain allocation setting (targeting, wijk_priority, euros) set from ``year`` on.

    The project money's parts (primary-school youth work, the Noord extra) keep their share of it.
    """
    if key == "programme_eur":
        before = float(setting(doc, key, year) or 0.0)
        share = float(value) / before if before > 0 else 0.0
        for part in ("po_eur", "noord_eur"):
            doc = with_value(doc, (part,), float(setting(doc, part, year) or 0.0) * share, year)
    return with_value(doc, (key,), value, year)


def with_name(doc: Doc, name: str) -> Doc:
    """``doc`` under a new name (a preset's own name is not allowed for an edited scenario)."""
    out = copy.deepcopy(doc)
    out["name"] = name.strip()
    return out


def has_changes(doc: Doc) -> list[int]:
    """Return the years from which the file changes the allocation (``[[changes]]``)."""
    return [int(c["from_year"]) for c in changes(doc)]


@dataclass(frozen=True)
class SjwSchool:
    """A secondary school that can get SJW hours."""

    code: str
    name: str
    school_type: str
    pupils: int
    wijk: str


def sjw_schools() -> list[SjwSchool]:
    """Return the VO/PRO school locations eligible for SJW, largest first."""
    inputs = load_inputs()
    s = inputs.schools
    rows = [
        SjwSchool(
            code, s.names[i], s.school_type[i], int(s.pupils[i]), inputs.wijk_names[int(s.wijk_index[i])]
        )
        for i, code in enumerate(s.codes)
        if s.sjw_eligible[i]
    ]
    return sorted(rows, key=lambda r: (-r.pupils, r.code))


def sjw_capacity(scenario: Scenario, year: int = FIRST_YEAR) -> float:
    """School hours per week the SJW FTE in force in ``year`` can deliver."""
    return scenario.schedule.at(year).sjw_capacity_hours(scenario.params)


def fte_capacity(org: str) -> float:
    """Return the organisation's FTE (Nota §3: Bindkracht10 26.5, jeugdcoaches 8.5)."""
    return ORG_FTE[org]
