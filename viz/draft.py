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
from jwsim.experiments.budget import budget_check
from jwsim.model.allocation import BK10_FORMS, JC_FORMS, ORG_FTE
from jwsim.model.scenario import Scenario, ScenarioError, named_scenarios, scenario_from_dict

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


def preset_doc(name: str) -> dict[str, Any]:
    """Return the document of a shipped scenario, as its file says it."""
    path = named_scenarios()[name]
    return tomllib.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Checked:
    """A document's validation: the scenario, or the one-line reason it cannot be run."""

    scenario: Scenario | None
    error: str


def check(doc: dict[str, Any]) -> Checked:
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


def _edited(doc: dict[str, Any]) -> dict[str, Any]:
    """Return a deep copy, renamed if it still carries a preset's name."""
    out = copy.deepcopy(doc)
    name = str(out.get("name", "scenario"))
    if name in named_scenarios():
        out["name"] = name + EDITED_SUFFIX
    return out


def allocation_table(doc: dict[str, Any]) -> dict[str, Any]:
    """Return the ``[allocation]`` table of ``doc`` (empty if missing)."""
    table = doc.get("allocation")
    return table if isinstance(table, dict) else {}


def fte(doc: dict[str, Any], org: str, form: str) -> float:
    """FTE of one work form in the first year (0 if the file leaves it out)."""
    value = allocation_table(doc).get(org, {}).get(form, 0.0)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def org_total(doc: dict[str, Any], org: str) -> float:
    """FTE allocated by one organisation in the first year."""
    return sum(fte(doc, org, form) for form in ORG_FORMS[org])


def with_fte(doc: dict[str, Any], org: str, form: str, value: float) -> dict[str, Any]:
    """``doc`` with one work form's FTE set (first year; later changes in the file stay as they are)."""
    out = _edited(doc)
    out.setdefault("allocation", {}).setdefault(org, {})[form] = round(float(value), 2)
    return out


def sjw_hours(doc: dict[str, Any]) -> dict[str, float]:
    """SJW hours per school code in the first year."""
    table = allocation_table(doc).get("sjw_hours", {})
    return {code: float(h) for code, h in table.items()} if isinstance(table, dict) else {}


def with_sjw_hours(doc: dict[str, Any], school: str, hours: float) -> dict[str, Any]:
    """``doc`` with one school's SJW hours per week set (0 removes the school)."""
    out = _edited(doc)
    table = out.setdefault("allocation", {}).setdefault("sjw_hours", {})
    if hours > 0:
        table[school] = round(float(hours), 1)
    else:
        table.pop(school, None)
    return out


def wijk_weights(doc: dict[str, Any]) -> dict[str, float]:
    """Extra weight per wijk code in the first year (wijken not listed have weight 1)."""
    table = allocation_table(doc).get("wijk_weights", {})
    return {code: float(w) for code, w in table.items()} if isinstance(table, dict) else {}


def with_wijk_weight(doc: dict[str, Any], wijk: str, weight: float) -> dict[str, Any]:
    """``doc`` with one wijk's weight set (1 removes the entry: the default)."""
    out = _edited(doc)
    table = out.setdefault("allocation", {}).setdefault("wijk_weights", {})
    if abs(weight - 1.0) < 1e-12:
        table.pop(wijk, None)
    else:
        table[wijk] = round(float(weight), 2)
    return out


def with_setting(doc: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    """``doc`` with one plain allocation setting (targeting, wijk_priority, euros) set."""
    out = _edited(doc)
    out.setdefault("allocation", {})[key] = value
    return out


def with_name(doc: dict[str, Any], name: str) -> dict[str, Any]:
    """``doc`` under a new name (a preset's own name is not allowed for an edited scenario)."""
    out = copy.deepcopy(doc)
    out["name"] = name.strip()
    return out


def has_changes(doc: dict[str, Any]) -> list[int]:
    """Return the years from which the file changes the allocation (``[[changes]]``)."""
    changes = doc.get("changes", [])
    return [int(c["from_year"]) for c in changes if isinstance(c, dict) and "from_year" in c]


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


def sjw_capacity(scenario: Scenario) -> float:
    """School hours per week the first year's SJW FTE can deliver."""
    return scenario.allocation.sjw_capacity_hours(scenario.params)


@dataclass(frozen=True)
class BudgetBar:
    """Spending against budget for one organisation (or the total) in one year."""

    key: str
    label: str
    spending: float
    budget: float
    over: bool

    @property
    def share(self) -> float:
        """Spending as a share of the budget (0 if there is no budget)."""
        return self.spending / self.budget if self.budget > 0 else (1.0 if self.spending > 0 else 0.0)


def budget_bars(scenario: Scenario, year: int, lang: str) -> list[BudgetBar]:
    """Return what the scenario spends in ``year`` against Tabel 1, per organisation and in total.

    From ``jwsim.experiments.budget.budget_check``; over budget is allowed and flagged).
    """
    check_result = budget_check(scenario, year)
    bars = []
    for key, org in check_result["organisations"].items():
        label = org["label_nl"] if lang == "nl" else org["label_en"]
        bars.append(BudgetBar(key, label, org["spending"], org["budget"], org["over"]))
    total = check_result["total"]
    bars.append(
        BudgetBar(
            "total", "Totaal" if lang == "nl" else "Total", total["spending"], total["budget"], total["over"]
        )
    )
    return bars


def budget_notes(scenario: Scenario, year: int) -> list[str]:
    """Return the budget check's notes and overrun flags for ``year`` (English, from the budget module)."""
    result = budget_check(scenario, year)
    return list(result["flags"]) + list(result["notes"])


def fte_capacity(org: str) -> float:
    """Return the organisation's FTE (Nota §3: Bindkracht10 26.5, jeugdcoaches 8.5)."""
    return ORG_FTE[org]
