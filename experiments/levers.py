"""Allocation levers: named knobs that designs, the optimiser and the EMA adapter turn on a scenario.

A lever value replaces one part of every allocation in a scenario's schedule (so a ``[[changes]]`` year,
e.g. the 2027 cut, keeps its own totals). Names:

* ``bk10.<form>`` / ``jc.<form>``: FTE of a work form (Bindkracht10: ambulant, sjw, ib, wijk, vakmanschap;
  jeugdcoaches: ambulant, swf, vakmanschap);
* ``sjw.hours_per_school``: SJW hours per school week at every school that gets SJW;
* ``sjw.schools``: how many VO schools get SJW, in a fixed priority order (the scenario's own SJW schools
  first, then the other eligible schools by the deprivation of their wijk — *assumption*: the note says
  prioritise by need, not how);
* ``alloc.ambulant_team_investment_eur``, ``alloc.programme_eur``: yearly programme lines;
* ``alloc.targeting`` (universal/selective), ``alloc.wijk_priority`` (equal/need/manual): categorical.

When the SJW levers move and ``bk10.sjw`` is not itself a lever, the SJW FTE follow the hours (hours /
(hours per FTE x direct share)). A *balancing* form per organisation (default: Bindkracht10 ``wijk``, the
note's "the rest") absorbs the difference so the organisation's total FTE — and so its cost — stays as in
the scenario; a point that would need negative FTE there is infeasible.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from jwsim.data import load_inputs
from jwsim.model.allocation import (
    BK10_FORMS,
    JC_FORMS,
    ORG_FTE,
    PRIORITY_MODES,
    TARGETING,
    Allocation,
    AllocationError,
    Schedule,
)
from jwsim.model.params import Parameters

from .errors import ExperimentError


@dataclass(frozen=True)
class Lever:
    """A lever's name, range (or categories) and whether it takes whole numbers only."""

    name: str
    low: float = 0.0
    high: float = 0.0
    categories: tuple[str, ...] = ()
    integer: bool = False
    label: str = ""


def _sjw_priority_codes(base: Allocation) -> tuple[str, ...]:
    inputs = load_inputs()
    s = inputs.schools
    own = [c for c, h in sorted(base.sjw_hours, key=lambda kv: (-kv[1], kv[0])) if h > 0]
    dep = np.asarray(inputs.deprivation, dtype=float)
    rest = [
        (-float(dep[w]), c)
        for c, e, w in zip(s.codes, s.sjw_eligible, s.wijk_index, strict=True)
        if e and c not in own
    ]
    return tuple(own + [c for _, c in sorted(rest)])


def sjw_school_count() -> int:
    """Schools that can get SJW (VO/PRO locations marked eligible in data/schools.csv)."""
    s = load_inputs().schools
    return int(np.count_nonzero(s.sjw_eligible))


def levers() -> dict[str, Lever]:
    """Every lever with its full range."""
    out = {
        f"bk10.{f}": Lever(f"bk10.{f}", 0.0, ORG_FTE["bk10"], label=f"Bindkracht10 FTE {f}")
        for f in BK10_FORMS
    }
    out |= {f"jc.{f}": Lever(f"jc.{f}", 0.0, ORG_FTE["jc"], label=f"jeugdcoach FTE {f}") for f in JC_FORMS}
    out["sjw.hours_per_school"] = Lever(
        "sjw.hours_per_school", 0.0, 40.0, label="SJW hours per school per week"
    )
    out["sjw.schools"] = Lever(
        "sjw.schools", 0.0, float(sjw_school_count()), integer=True, label="schools with SJW"
    )
    out["alloc.ambulant_team_investment_eur"] = Lever(
        "alloc.ambulant_team_investment_eur", 0.0, 5e6, label="ambulant team investment EUR/year"
    )
    out["alloc.programme_eur"] = Lever("alloc.programme_eur", 0.0, 5e6, label="programme lines EUR/year")
    out["alloc.targeting"] = Lever("alloc.targeting", categories=TARGETING, label="targeting")
    out["alloc.wijk_priority"] = Lever(
        "alloc.wijk_priority", categories=PRIORITY_MODES, label="wijk priority"
    )
    return out


DEFAULT_BALANCE = {"bk10": "wijk", "jc": ""}


def apply_levers(
    base: Allocation,
    values: Mapping[str, float | str],
    params: Parameters,
    balance: Mapping[str, str] | None = None,
) -> Allocation:
    """Return the allocation ``base`` with lever ``values`` applied; raises AllocationError if infeasible."""
    bal = dict(DEFAULT_BALANCE if balance is None else balance)
    fte = {"bk10": base.bk10, "jc": base.jc}
    totals = {org: sum(f.values()) for org, f in fte.items()}
    for name, v in values.items():
        org, _, form = name.partition(".")
        if org in fte:
            fte[org][form] = float(v)
    sjw = base.sjw
    if "sjw.hours_per_school" in values or "sjw.schools" in values:
        order = _sjw_priority_codes(base)
        current = [h for h in sjw.values() if h > 0]
        n = int(round(float(values.get("sjw.schools", len(current)))))
        hours = float(values.get("sjw.hours_per_school", float(np.mean(current)) if current else 12.0))
        sjw = {code: hours for code in order[:n]} if hours > 0 else {}
        if "bk10.sjw" not in values:
            fte["bk10"]["sjw"] = Allocation.sjw_fte_for(sum(sjw.values()), params)
    for org, form in bal.items():
        if not form or f"{org}.{form}" in values:
            continue
        rest = totals[org] - sum(v for f, v in fte[org].items() if f != form)
        if rest < -1e-9:
            raise AllocationError(
                f"{org}.{form}: the other work forms need {totals[org] - rest:g} FTE, more than "
                f"the {totals[org]:g} FTE of the scenario"
            )
        fte[org][form] = max(rest, 0.0)
    kw = {
        "wijk_priority": base.wijk_priority,
        "targeting": base.targeting,
        "ambulant_team_investment_eur": base.ambulant_team_investment_eur,
        "programme_eur": base.programme_eur,
    }
    for key in ("targeting", "wijk_priority", "ambulant_team_investment_eur", "programme_eur"):
        if f"alloc.{key}" in values:
            kw[key] = values[f"alloc.{key}"]
    # The work the project money buys keeps its share of the money (PO, Noord, the rest as wijk work).
    share = kw["programme_eur"] / base.programme_eur if base.programme_eur > 0 else 0.0
    kw.update(po_eur=base.po_eur * share, noord_eur=base.noord_eur * share,
              wijk_split=dict(base.wijk_split) or None)
    inputs = load_inputs()
    return Allocation.create(fte["bk10"], fte["jc"], sjw, wijk_weights=dict(base.wijk_weights), **kw,
                             params=params, school_codes=set(inputs.schools.codes),
                             wijk_codes=set(inputs.wijk_codes))


def apply_to_schedule(
    schedule: Schedule,
    values: Mapping[str, float | str],
    params: Parameters,
    balance: Mapping[str, str] | None = None,
    label: str | None = None,
) -> Schedule:
    """Apply lever values to every allocation of a schedule (the burn-in stays the 2025 practice)."""
    if not values:
        return schedule if label is None else Schedule(schedule.steps, schedule.burn_in, label)
    steps = tuple((year, apply_levers(a, values, params, balance)) for year, a in schedule.steps)
    return Schedule(steps, schedule.burn_in, schedule.label if label is None else label)


def check_lever_value(name: str, value: object, where: str) -> float | str:
    """Validate one lever value (design levels, plan files); raises ExperimentError naming ``where``."""
    lev = levers().get(name)
    if lev is None:
        raise ExperimentError(f"{where}: unknown lever '{name}'")
    if lev.categories:
        if value not in lev.categories:
            raise ExperimentError(f"{where}: '{value}' is not one of {', '.join(lev.categories)}")
        return str(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
        raise ExperimentError(f"{where}: must be a number")
    if not lev.low <= float(value) <= lev.high:
        raise ExperimentError(f"{where}: {value:g} is outside {lev.low:g}..{lev.high:g}")
    return float(value)


def allocation_toml(
    alloc: Allocation, name: str, description: str, overrides: Mapping[str, float] | None = None
) -> str:
    """Return a scenario TOML file for ``alloc`` (readable by ``load_scenario``)."""

    def num(v: float) -> str:
        return repr(float(v))  # full precision: SJW hours must still fit the SJW FTE when read back

    lines = [
        f"name = {_q(name)}",
        f"description = {_q(description)}",
        "",
        "[allocation]",
        f"targeting = {_q(alloc.targeting)}",
        f"wijk_priority = {_q(alloc.wijk_priority)}",
        f"ambulant_team_investment_eur = {num(alloc.ambulant_team_investment_eur)}",
        f"programme_eur = {num(alloc.programme_eur)}",
        f"po_eur = {num(alloc.po_eur)}",
        f"noord_eur = {num(alloc.noord_eur)}",
        "",
        "[allocation.bk10]",
    ]
    lines += [f"{f} = {num(v)}" for f, v in alloc.bk10_fte]
    lines += ["", "[allocation.jc]"] + [f"{f} = {num(v)}" for f, v in alloc.jc_fte]
    if alloc.sjw_hours:
        lines += ["", "[allocation.sjw_hours]"] + [f"{_q(c)} = {num(h)}" for c, h in alloc.sjw_hours]
    if alloc.wijk_weights:
        lines += ["", "[allocation.wijk_weights]"] + [f"{c} = {num(w)}" for c, w in alloc.wijk_weights]
    if overrides:
        lines += ["", "[overrides]"] + [f"{k} = {num(v)}" for k, v in sorted(overrides.items())]
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'
