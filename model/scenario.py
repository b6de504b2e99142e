"""Scenarios as data: a small TOML file with an allocation, changes and parameter overrides.

The file holds an allocation, optional changes from a given year, and optional parameter overrides.
Parsed safely (``tomllib``: no code execution) with a size limit, and validated on load; every problem
raises :class:`ScenarioError` naming the file, the key and the problem.

The schema (all keys optional except ``name`` and ``allocation``)::

    name = "opdracht-2026"
    description = "De opdracht 2026-2030 ..."          # Dutch one-liner
    description_en = "The 2026-2030 assignment ..."
    [allocation]
    targeting = "selective"                              # or "universal"
    wijk_priority = "need"                               # "equal", "need" or "manual"
    ambulant_team_investment_eur = 250000
    programme_eur = 270000                               # temporary project money; buys hours:
    po_eur = 127500                                      #   of it: primary-school youth work (groep 7/8)
    noord_eur = 127500                                   #   of it: extra wijk work in Nijmegen-Noord
    [allocation.wijk_split]                              # optional: share of the wijk FTE per part
    participatie = 0.6; meidenwerk = 0.15; online = 0.1; schulden = 0.15
    [allocation.bk10]                                    # Bindkracht10 FTE per work form (sum <= 26.5)
    ambulant = 4.0; sjw = 4.5; ib = 3.0; wijk = 13.5; vakmanschap = 1.5
    [allocation.jc]                                      # jeugdcoaches FTE (sum <= 8.5)
    ambulant = 4.0; swf = 4.5; vakmanschap = 0.0
    [allocation.sjw_hours]                               # hours per school per school week
    "01VN04" = 12
    [allocation.wijk_weights]                            # extra weight per wijk code
    BU02680950 = 1.5
    [overrides]                                          # registry parameters, within their ranges
    sjw_dose_threshold_hours = 12
    [[changes]]                                          # from a year on, replace parts of the allocation
    from_year = 2027
    [changes.allocation.bk10]
    wijk = 10.86

The Mesa model reads its default scenario from here (``scenarios/opdracht-2026.toml``), so this module
sits in ``model/``; the experiment tools build on it.
"""

from __future__ import annotations

import copy
import importlib.resources
import math
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jwsim.data import load_inputs
from jwsim.messages import one_line
from jwsim.names import resolve

from .allocation import (
    BK10_FORMS,
    JC_FORMS,
    PRIORITY_MODES,
    TARGETING,
    WIJK_PARTS,
    Allocation,
    AllocationError,
    Schedule,
)
from .params import ParameterError, Parameters

MAX_SCENARIO_BYTES = 64 * 1024
DEFAULT_SCENARIO = "opdracht-2026"
BURN_IN_SCENARIO = "huidig-2025"
TOP_KEYS = {"name", "description", "description_en", "allocation", "overrides", "changes"}
ALLOC_KEYS = {"bk10", "jc", "sjw_hours", "wijk_priority", "wijk_weights", "targeting",
              "ambulant_team_investment_eur", "programme_eur", "po_eur", "noord_eur", "wijk_split"}


class ScenarioError(ValueError):
    """A scenario that cannot be loaded; the message names file, key and problem in one line."""

    def __init__(self, message: str) -> None:
        # File names and keys come from the user: a newline in them must not break the one line.
        super().__init__(one_line(message))


@dataclass(frozen=True)
class Scenario:
    """A named, validated scenario."""

    name: str
    description: str
    description_en: str
    schedule: Schedule
    params: Parameters
    source: str = ""

    def under(self, regime: str) -> Scenario:
        """Return the scenario with its parameters under an evidence regime (its overrides still win)."""
        return replace(self, params=self.params.with_regime(regime))

    @property
    def allocation(self) -> Allocation:
        """The allocation of the first simulated year."""
        return self.schedule.steps[0][1]


def scenario_dir() -> Path:
    """Folder of the named scenarios shipped with jwsim."""
    return Path(str(importlib.resources.files("jwsim.scenarios")))


def named_scenarios() -> dict[str, Path]:
    """Name -> file of every shipped scenario."""
    return {p.stem: p for p in sorted(scenario_dir().glob("*.toml"))}


def load_scenario(name_or_path: str | Path, base: Path | None = None) -> Scenario:
    """Load a scenario file, or a shipped scenario by name (an existing file wins: ``jwsim.names``).

    Args:
        name_or_path: a path to a scenario TOML file or the name of a shipped scenario.
        base: folder that a relative path is relative to (default: the working directory).

    """
    path = resolve(name_or_path, named_scenarios(), "scenario", ScenarioError, base)
    try:
        # Read one byte past the limit, never more: a huge file is refused without being read whole.
        with path.open("rb") as f:
            data = f.read(MAX_SCENARIO_BYTES + 1)
    except OSError as exc:  # e.g. no permission to read it
        raise ScenarioError(f"{path}: cannot read file ({exc.strerror or type(exc).__name__})") from None
    return parse_scenario(data, str(path))


def parse_scenario(data: bytes | str, source: str = "<scenario>") -> Scenario:
    """Parse and validate scenario TOML text (e.g. an upload in the app)."""
    try:
        raw = data.encode("utf-8") if isinstance(data, str) else data
    except UnicodeEncodeError:  # text with a lone surrogate (e.g. read with errors="surrogateescape")
        raise ScenarioError(f"{source}: not a UTF-8 text file") from None
    if len(raw) > MAX_SCENARIO_BYTES:
        raise ScenarioError(f"{source}: file is larger than {MAX_SCENARIO_BYTES // 1024} KiB")
    if not raw.strip():
        raise ScenarioError(f"{source}: file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(f"{source}: not a UTF-8 text file") from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{source}: not valid TOML ({exc})") from None
    return scenario_from_dict(doc, source)


def _fail(source: str, key: str, problem: str) -> ScenarioError:
    return ScenarioError(f"{source}: {key}: {problem}")


def _number(source: str, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(source, key, f"must be a number, got {type(value).__name__}")
    try:
        finite = math.isfinite(float(value))
    except OverflowError:  # a whole number beyond float range (tomllib reads integers of any size)
        raise _fail(source, key, "is too large") from None
    if not finite:
        raise _fail(source, key, "must be finite")
    if value < 0:
        raise _fail(source, key, f"must not be negative, got {value:g}")
    return float(value)


def _table(source: str, key: str, value: Any) -> dict:
    if not isinstance(value, dict):
        raise _fail(source, key, f"must be a table, got {type(value).__name__}")
    return value


def _allocation(source: str, prefix: str, doc: dict, codes: tuple[set[str], set[str], set[str]],
                params: Parameters) -> Allocation:
    schools, wijken, sjw_schools = codes
    for key in doc:
        if key not in ALLOC_KEYS:
            raise _fail(source, f"{prefix}.{key}", f"unknown key (allowed: {', '.join(sorted(ALLOC_KEYS))})")
    fte = {}
    for org, forms in (("bk10", BK10_FORMS), ("jc", JC_FORMS)):
        table = _table(source, f"{prefix}.{org}", doc.get(org, {}))
        for form, v in table.items():
            if form not in forms:
                raise _fail(source, f"{prefix}.{org}.{form}",
                            f"unknown work form (allowed: {', '.join(forms)})")
            _number(source, f"{prefix}.{org}.{form}", v)
        fte[org] = {f: float(table.get(f, 0.0)) for f in forms}
    sjw = _table(source, f"{prefix}.sjw_hours", doc.get("sjw_hours", {}))
    for code, v in sjw.items():
        _number(source, f"{prefix}.sjw_hours.{code}", v)
        if code not in schools:
            raise _fail(source, f"{prefix}.sjw_hours.{code}", "unknown school code (see data/schools.csv)")
        if code not in sjw_schools:
            raise _fail(source, f"{prefix}.sjw_hours.{code}",
                        "not a VO/PRO school: SJW is for secondary schools "
                        "(VSO is served by the jeugdcoaches' SWF hours; "
                        "see sjw_eligible in data/schools.csv)")
    weights = _table(source, f"{prefix}.wijk_weights", doc.get("wijk_weights", {}))
    for code, v in weights.items():
        _number(source, f"{prefix}.wijk_weights.{code}", v)
        if code not in wijken:
            raise _fail(source, f"{prefix}.wijk_weights.{code}", "unknown wijk code (see data/wijken.csv)")
    for key, allowed in (("targeting", TARGETING), ("wijk_priority", PRIORITY_MODES)):
        if key in doc and doc[key] not in allowed:
            raise _fail(source, f"{prefix}.{key}", f"'{doc[key]}' is not one of {', '.join(allowed)}")
    for key in ("ambulant_team_investment_eur", "programme_eur", "po_eur", "noord_eur"):
        if key in doc:
            _number(source, f"{prefix}.{key}", doc[key])
    split = _table(source, f"{prefix}.wijk_split", doc.get("wijk_split", {}))
    for part, v in split.items():
        if part not in WIJK_PARTS:
            raise _fail(source, f"{prefix}.wijk_split.{part}",
                        f"unknown part of wijk work (allowed: {', '.join(WIJK_PARTS)})")
        _number(source, f"{prefix}.wijk_split.{part}", v)
    try:
        alloc = Allocation.create(
            fte["bk10"], fte["jc"], {c: float(h) for c, h in sjw.items()}, doc.get("wijk_priority", "need"),
            {c: float(w) for c, w in weights.items()}, doc.get("targeting", "selective"),
            float(doc.get("ambulant_team_investment_eur", 0.0)), float(doc.get("programme_eur", 0.0)),
            float(doc.get("po_eur", 0.0)), float(doc.get("noord_eur", 0.0)),
            {p: float(v) for p, v in split.items()} or None,
            params=params, school_codes=schools, wijk_codes=wijken)
    except AllocationError as exc:
        raise ScenarioError(f"{source}: {prefix}.{exc}") from None
    return alloc


def _merge(base: dict, change: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in change.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def scenario_from_dict(doc: dict, source: str = "<scenario>") -> Scenario:
    """Validate a parsed scenario document."""
    for key in doc:
        if key not in TOP_KEYS:
            raise _fail(source, key, f"unknown key (allowed: {', '.join(sorted(TOP_KEYS))})")
    name = doc.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(source, "name", "missing or not a text")
    for key in ("description", "description_en"):
        if key in doc and not isinstance(doc[key], str):
            raise _fail(source, key, "must be a text")
    overrides = _table(source, "overrides", doc.get("overrides", {}))
    try:
        params = Parameters.from_overrides(overrides)
    except ParameterError as exc:
        raise ScenarioError(f"{source}: overrides: {exc}") from None
    if "allocation" not in doc:
        raise _fail(source, "allocation", "missing")
    inputs = load_inputs()
    sjw_schools = {c for c, ok in zip(inputs.schools.codes, inputs.schools.sjw_eligible, strict=True) if ok}
    codes = (set(inputs.schools.codes), set(inputs.wijk_codes), sjw_schools)
    base_doc = _table(source, "allocation", doc["allocation"])
    steps = [(0, _allocation(source, "allocation", base_doc, codes, params))]
    changes = doc.get("changes", [])
    if not isinstance(changes, list):
        raise _fail(source, "changes", "must be an array of tables ([[changes]])")
    current = base_doc
    last_year = 0
    for i, ch in enumerate(changes):
        ch = _table(source, f"changes[{i}]", ch)
        extra = set(ch) - {"from_year", "allocation"}
        if extra:
            raise _fail(source, f"changes[{i}].{sorted(extra)[0]}",
                        "unknown key (allowed: from_year, allocation)")
        year = ch.get("from_year")
        if isinstance(year, bool) or not isinstance(year, int) or not (2026 <= year <= 2100):
            raise _fail(source, f"changes[{i}].from_year", "must be a year from 2026 on")
        if year <= last_year:
            raise _fail(source, f"changes[{i}].from_year", "changes must be in increasing years")
        last_year = year
        current = _merge(current, _table(source, f"changes[{i}].allocation", ch.get("allocation", {})))
        steps.append((year, _allocation(source, f"changes[{i}].allocation", current, codes, params)))
    desc = doc.get("description", "")
    return Scenario(name=name.strip(), description=desc, description_en=doc.get("description_en", desc),
                    schedule=Schedule(tuple(steps), label=name.strip()), params=params, source=source)


def default_schedule() -> Schedule:
    """Return the default scenario's schedule with the 2025 practice as burn-in."""
    sc = load_scenario(DEFAULT_SCENARIO)
    burn = load_scenario(BURN_IN_SCENARIO).allocation
    return Schedule(sc.schedule.steps, burn_in=burn, label=sc.name)
