"""Why two scenarios differ: the difference split over the changes that make one from the other.

A scenario differs from its reference in a few *changes*: the FTE of a work form, the SJW schools and hours,
the targeting, the spread over wijken, a programme line, a parameter. For each change a *hybrid* scenario is
the reference with that one change made (in every year the scenario has it). All of them run with the same
seeds as the two scenarios (common random numbers), so

    total difference = sum over the changes of (hybrid - reference) + interaction

where each term is a paired difference with its own 95% interval and the interaction (what the changes do
together beyond the sum of their parts) is what is left. A move of FTE between work forms is two changes
(fewer here, more there), each made alone; the SJW FTE travel with their schools and hours.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

import numpy as np

from jwsim.model.allocation import Allocation, Schedule
from jwsim.model.params import REGISTRY, Parameters
from jwsim.model.scenario import Scenario

from .labels import FORM_LABELS, LEVER_LABELS, ORG_LABELS
from .replicates import ReplicateSet, paired_interval

# Allocation fields that only make sense together: one change.
_GROUPS = {"sjw_hours": "sjw", "wijk_weights": "wijk_priority"}
_FIELD_LABELS = {
    "sjw": ("SJW (fte, scholen en uren)", "SJW (FTE, schools and hours)"),
    "targeting": LEVER_LABELS["alloc.targeting"],
    "wijk_priority": LEVER_LABELS["alloc.wijk_priority"],
    "ambulant_team_investment_eur": LEVER_LABELS["alloc.ambulant_team_investment_eur"],
    "programme_eur": LEVER_LABELS["alloc.programme_eur"],
}


@dataclass(frozen=True)
class Change:
    """One change that turns the reference into the scenario.

    Attributes:
        key: ``bk10.<form>``, ``jc.<form>``, ``sjw`` (SJW FTE with its schools and hours), an allocation field
            (``targeting``, ``wijk_priority``, ``ambulant_team_investment_eur``, ...) or ``param.<name>``.
        label_nl: Dutch label.
        label_en: English label.

    """

    key: str
    label_nl: str
    label_en: str

    def label(self, lang: str) -> str:
        """Return the label in ``lang``."""
        return self.label_en if lang == "en" else self.label_nl


def _alloc_keys(a: Allocation) -> dict[str, object]:
    """Return the parts of an allocation, one value per change key."""
    out: dict[str, object] = {}
    for org, attr in (("bk10", "bk10_fte"), ("jc", "jc_fte")):
        for form, fte in getattr(a, attr):
            if not (org == "bk10" and form == "sjw"):
                out[f"{org}.{form}"] = fte
    out["sjw"] = (a.bk10.get("sjw", 0.0), a.sjw_hours)
    for f in fields(Allocation):
        if f.name not in ("bk10_fte", "jc_fte", "sjw_hours"):
            key = _GROUPS.get(f.name, f.name)
            out[key] = (*out.get(key, ()), getattr(a, f.name))
    return out


def _years(reference: Scenario, scenario: Scenario) -> list[int]:
    return sorted({y for y, _ in reference.schedule.steps} | {y for y, _ in scenario.schedule.steps})


def _label(key: str) -> tuple[str, str]:
    if key.startswith("param."):
        p = REGISTRY[key[6:]]
        return f"Parameter: {p.label('nl')}", f"Parameter: {p.label('en')}"
    org, _, form = key.partition(".")
    if org in ORG_LABELS and form:
        nl, en = FORM_LABELS.get(form, (form, form))
        return f"{ORG_LABELS[org][0]}: {nl} (fte)", f"{ORG_LABELS[org][1]}: {en} (FTE)"
    return _FIELD_LABELS.get(key, (key, key))


def changes(reference: Scenario, scenario: Scenario) -> list[Change]:
    """Return the changes that turn ``reference`` into ``scenario``, in a fixed order."""
    keys: list[str] = []
    allocs = [(reference.schedule.at(y), scenario.schedule.at(y)) for y in _years(reference, scenario)]
    allocs.append((reference.schedule.burn_in, scenario.schedule.burn_in))
    for a, b in allocs:
        if a is None or b is None:
            continue
        ka, kb = _alloc_keys(a), _alloc_keys(b)
        keys += [k for k in {**ka, **kb} if ka.get(k) != kb.get(k) and k not in keys]
    ref_o, own_o = dict(reference.params.overrides), dict(scenario.params.overrides)
    keys += [f"param.{n}" for n in sorted(set(ref_o) | set(own_o)) if ref_o.get(n) != own_o.get(n)]
    return [Change(k, *_label(k)) for k in keys]


def _with_change(a: Allocation, b: Allocation, key: str) -> Allocation:
    """Return allocation ``a`` with the part ``key`` taken from ``b``."""
    if key == "sjw":
        bk10 = dict(a.bk10_fte) | {"sjw": b.bk10.get("sjw", 0.0)}
        return replace(a, bk10_fte=tuple(sorted(bk10.items())), sjw_hours=b.sjw_hours)
    org, _, form = key.partition(".")
    if org in ("bk10", "jc") and form:
        attr = f"{org}_fte"
        fte = dict(getattr(a, attr)) | {form: dict(getattr(b, attr)).get(form, 0.0)}
        return replace(a, **{attr: tuple(sorted(fte.items()))})
    names = [f.name for f in fields(Allocation) if _GROUPS.get(f.name, f.name) == key]
    return replace(a, **{n: getattr(b, n) for n in names})


def hybrid(reference: Scenario, scenario: Scenario, change: Change) -> Scenario:
    """Return the reference with the one ``change`` of ``scenario`` made, named after it.

    Every part comes from a validated scenario; the SJW FTE travel with their schools and hours. A hybrid
    may exceed an organisation's FTE (moving 2 FTE from wijk work to IB is two changes, -2 wijk and +2 IB,
    each made alone): it is a counterfactual for the decomposition, not a plan.
    """
    name = f"{reference.name}+{change.key}"
    params = reference.params
    if change.key.startswith("param."):
        p = change.key[6:]
        own = dict(scenario.params.overrides)
        rest = {k: v for k, v in reference.params.overrides if k != p}
        params = Parameters.from_overrides(rest | ({p: own[p]} if p in own else {}), reference.params.regime)
        return replace(reference, name=name, params=params)
    steps = []
    for year in _years(reference, scenario):
        alloc = _with_change(reference.schedule.at(year), scenario.schedule.at(year), change.key)
        steps.append((year, alloc))
    burn_in = reference.schedule.burn_in
    if burn_in is not None and scenario.schedule.burn_in is not None:
        burn_in = _with_change(burn_in, scenario.schedule.burn_in, change.key)
    schedule = Schedule(tuple(steps), burn_in, label=name)
    return replace(reference, name=name, schedule=schedule, description=change.label_nl,
                   description_en=change.label_en)


def hybrids(reference: Scenario, scenario: Scenario) -> list[tuple[Change, Scenario]]:
    """Return each change with its hybrid scenario (the reference with that change made)."""
    return [(change, hybrid(reference, scenario, change)) for change in changes(reference, scenario)]


def decompose(
    results: Mapping[str, ReplicateSet],
    reference: str,
    scenario: str,
    parts: Sequence[tuple[Change, str]],
    kpis: Sequence[str],
) -> dict[str, dict]:
    """Split each KPI's paired difference ``scenario - reference`` over the changes.

    Args:
        results: replicate sets with the same seeds: the reference, the scenario and each hybrid.
        reference: name of the reference.
        scenario: name of the scenario.
        parts: (change, name of its hybrid in ``results``).
        kpis: the KPIs to split.

    Returns:
        Per KPI: ``total`` (paired interval of scenario - reference), ``parts`` (per change key: label and
        the paired interval of hybrid - reference) and ``interaction`` (total minus the parts, per
        replicate, with its interval); each interval as ``mean``, ``lo``, ``hi``, ``n``.

    """
    out: dict[str, dict] = {}
    for kpi in kpis:
        ref = results[reference].kpi_values(kpi)
        own = results[scenario].kpi_values(kpi)
        total = own - ref
        pieces = {}
        rest = total.copy()
        for change, name in parts:
            d = results[name].kpi_values(kpi) - ref
            rest = rest - d
            pieces[change.key] = {"label_nl": change.label_nl, "label_en": change.label_en,
                                  **paired_interval(ref, ref + d).as_dict("n")}
        out[kpi] = {"total": paired_interval(ref, own).as_dict("n"), "parts": pieces,
                    "interaction": paired_interval(np.zeros_like(rest), rest).as_dict("n")}
    return out
