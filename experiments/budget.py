"""Budget: what an allocation costs per organisation and per Tabel 1 line, set against Tabel 1 per year.

Spending of a scenario in a year (``budget_check``):

* **Bindkracht10 staff** = BK10 FTE x ``cost_per_fte_bk10`` (registry, P8-INF: WWZ EUR 2,560,743 / 26.5
  FTE = EUR 96,632 all-in; an upper bound for staff, as the WWZ line also pays activities and overhead).
* **Schooljongerenwerk vo** (EUR 300,000, funded by Onderwijs): a programme line *next to* the 26.5 FTE,
  spent in full when the scenario delivers SJW at VO schools, EUR 0 otherwise. *Assumption* — the note
  does not say how the line relates to the 26.5 FTE. We read it this way because the registry's cost per
  FTE already spends the whole WWZ line on the 26.5 FTE (the SJW FTE included), and only this reading
  makes the note's own 2026 assignment add up to Tabel 1 (``docs/scenarios.md`` gives the alternative).
* **Temporary project subsidies** = the scenario's ``programme_eur`` (Tabel 1: 405k / 270k / 0).
* **Jeugdcoaches** = JC FTE x ``cost_per_fte_jc`` (P8-INF2: EUR 520,000 / 8.5 FTE = EUR 61,176).
* **Ambulant-team investment** = the scenario's ``ambulant_team_investment_eur`` (Preventie met Gezag).

Budget = Tabel 1 of the note for 2025, 2026 and 2027. Tabel 1 stops at 2027; for 2028-2030 (and any later
year) the 2027 level is used as the structural level (temporary money 0) — *assumption*, reported with
every check. The 2025 ambulant-team investment is "pm" (amount not yet set) and counts as EUR 0.

A scenario may exceed its budget: the check flags it (``over_budget`` and one line per overrun), it never
refuses it. Money is compared per organisation (different funders): Bindkracht10 (Totaal BK10), the
jeugdcoaches, and the ambulant-team investment; a line within Bindkracht10 that is exceeded is named too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jwsim.model.allocation import SJW_VO_LINE_EUR, Allocation, Schedule
from jwsim.model.params import REGISTRY, Parameters
from jwsim.model.scenario import Scenario

TABEL_1_SOURCE = "Nota Opdracht Jongerenwerk en Jeugdcoaches 2026-2030, §9 Tabel 1 (evidence P8)"
FIRST_BUDGET_YEAR = 2025
LAST_BUDGET_YEAR = 2027
# Spending within this many euros of a budget is "within": the registry's costs per FTE are rounded to
# whole euros (26.5 x EUR 0.19 = EUR 5 on the WWZ line), which must not make the assignment "over budget".
TOLERANCE_EUR = 100.0
__all__ = [
    "FIRST_BUDGET_YEAR", "LAST_BUDGET_YEAR", "LINES", "ORGANISATIONS", "SJW_VO_LINE_EUR", "TABEL_1",
    "TABEL_1_SOURCE", "TOLERANCE_EUR", "BudgetError", "BudgetLine", "budget_check", "budget_table",
    "line_spending", "spending_per_year",
]  # fmt: skip


@dataclass(frozen=True)
class BudgetLine:
    """One row of Tabel 1: euros per year 2025, 2026, 2027."""

    key: str
    organisation: str
    label_nl: str
    label_en: str
    funded_by: str
    by_year: tuple[float, float, float]

    def amount(self, year: int) -> float:
        """Return the amount in ``year`` (2028 and later: the 2027 structural level)."""
        return self.by_year[min(year, LAST_BUDGET_YEAR) - FIRST_BUDGET_YEAR]


TABEL_1: tuple[BudgetLine, ...] = (
    BudgetLine(
        "wwz",
        "bk10",
        "Bindkracht10 WWZ (personeel jongerenwerk)",
        "Bindkracht10 WWZ (youth-work staff)",
        "WWZ",
        (2_560_743.0, 2_560_743.0, 2_560_743.0),
    ),
    BudgetLine(
        "sjw_vo",
        "bk10",
        "Schooljongerenwerk vo",
        "School youth work (VO)",
        "Onderwijs",
        (300_000.0, 300_000.0, 300_000.0),
    ),
    BudgetLine(
        "project_subsidies",
        "bk10",
        "Diverse projectsubsidies (tijdelijk)",
        "Temporary project subsidies",
        "Onderwijs/GALA",
        (405_000.0, 270_000.0, 0.0),
    ),
    BudgetLine(
        "jeugdcoaches",
        "jc",
        "Jeugdcoaches",
        "Jeugdcoaches",
        "Veiligheid/PmG",
        (520_000.0, 520_000.0, 520_000.0),
    ),
    BudgetLine(
        "ambulant_team",
        "ambulant_team",
        "Investering ambulant team",
        "Ambulant-team investment",
        "Preventie met Gezag",
        (0.0, 250_000.0, 250_000.0),
    ),  # 2025: "pm" -> 0
)
LINES = {line.key: line for line in TABEL_1}
ORGANISATIONS = {
    "bk10": ("Bindkracht10 jongerenwerk", "Bindkracht10 youth work"),
    "jc": ("Jeugdcoaches gemeente", "Municipal jeugdcoaches"),
    "ambulant_team": ("Investering ambulant team", "Ambulant-team investment"),
}


class BudgetError(ValueError):
    """A year or input the budget cannot be computed for."""


def _allocation_for(subject: Scenario | Schedule | Allocation, year: int) -> Allocation:
    if isinstance(subject, Scenario):
        return subject.schedule.at(year)
    if isinstance(subject, Schedule):
        return subject.at(year)
    if isinstance(subject, Allocation):
        return subject
    raise BudgetError(f"budget: expected a scenario, schedule or allocation, got {type(subject).__name__}")


def line_spending(alloc: Allocation, params: Parameters) -> dict[str, float]:
    """Euros per Tabel 1 line that ``alloc`` spends in a year (the SJW line by the assumption above).

    The rule itself is ``Allocation.spending_by_line``, which the model's yearly cost KPI adds up too.
    """
    return alloc.spending_by_line(params)


def budget_check(
    subject: Scenario | Schedule | Allocation, year: int, params: Parameters | None = None
) -> dict:
    """Spending of a scenario (or schedule, or allocation) in ``year`` against Tabel 1.

    Args:
        subject: what to cost; a scenario or schedule is costed with the allocation in force in ``year``.
        year: calendar year, 2025 or later (2028+ use the 2027 structural level).
        params: parameter set for the costs per FTE (default: the scenario's own, else the registry).

    Returns:
        A JSON-ready dict: ``year``, ``budget_year`` (the Tabel 1 column used), ``fte`` per organisation,
        ``lines`` (per Tabel 1 line: spending, budget, margin = budget - spending, over), ``organisations``
        (the same per organisation), ``total``, ``over_budget`` (any organisation over), ``flags`` (one
        English line per overrun), ``notes`` and ``sources``.

    """
    if isinstance(year, bool) or not isinstance(year, int) or year < FIRST_BUDGET_YEAR:
        raise BudgetError(f"budget: year must be a whole year from {FIRST_BUDGET_YEAR} on, got {year!r}")
    if params is None:
        params = subject.params if isinstance(subject, Scenario) else Parameters()
    alloc = _allocation_for(subject, year)
    spend = line_spending(alloc, params)
    lines = {}
    for line in TABEL_1:
        s, b = spend[line.key], line.amount(year)
        lines[line.key] = {
            "organisation": line.organisation,
            "label_nl": line.label_nl,
            "label_en": line.label_en,
            "funded_by": line.funded_by,
            "spending": s,
            "budget": b,
            "margin": b - s,
            "over": s > b + TOLERANCE_EUR,
        }
    orgs = {}
    for org, (label_nl, label_en) in ORGANISATIONS.items():
        s = sum(v["spending"] for v in lines.values() if v["organisation"] == org)
        b = sum(v["budget"] for v in lines.values() if v["organisation"] == org)
        orgs[org] = {
            "label_nl": label_nl,
            "label_en": label_en,
            "spending": s,
            "budget": b,
            "margin": b - s,
            "over": s > b + TOLERANCE_EUR,
        }
    s_tot = sum(v["spending"] for v in orgs.values())
    b_tot = sum(v["budget"] for v in orgs.values())
    flags = [
        f"{orgs[o]['label_en']}: EUR {orgs[o]['spending']:,.0f} exceeds the {year} budget of "
        f"EUR {orgs[o]['budget']:,.0f} by EUR {-orgs[o]['margin']:,.0f}"
        for o in orgs
        if orgs[o]["over"]
    ]
    flags += [
        f"line '{v['label_en']}': EUR {v['spending']:,.0f} exceeds EUR {v['budget']:,.0f}"
        for v in lines.values()
        if v["over"] and v["organisation"] == "bk10"
    ]
    notes = []
    if year > LAST_BUDGET_YEAR:
        notes.append(
            f"Tabel 1 ends at {LAST_BUDGET_YEAR}: the {LAST_BUDGET_YEAR} structural level is used for "
            f"{year} (assumption)"
        )
    if year == FIRST_BUDGET_YEAR:
        notes.append("2025 ambulant-team investment is 'pm' in Tabel 1: counted as EUR 0")
    return {
        "year": year,
        "budget_year": min(year, LAST_BUDGET_YEAR),
        "fte": {"bk10": sum(alloc.bk10.values()), "jc": sum(alloc.jc.values())},
        "cost_per_fte": {"bk10": params["cost_per_fte_bk10"], "jc": params["cost_per_fte_jc"]},
        "lines": lines,
        "organisations": orgs,
        "total": {
            "spending": s_tot,
            "budget": b_tot,
            "margin": b_tot - s_tot,
            "over": s_tot > b_tot + TOLERANCE_EUR,
        },
        "over_budget": any(v["over"] for v in orgs.values()),
        "flags": flags,
        "notes": notes,
        "sources": {
            "budget": TABEL_1_SOURCE,
            "cost_per_fte_bk10": REGISTRY["cost_per_fte_bk10"].source,
            "cost_per_fte_jc": REGISTRY["cost_per_fte_jc"].source,
            "sjw_vo": "assumption: a programme line next to the 26.5 FTE, spent when SJW is delivered",
        },
    }


def budget_table(
    scenario: Scenario, years: Sequence[int], params: Parameters | None = None
) -> dict[int, dict]:
    """``budget_check`` for each year (e.g. the simulated years of a run)."""
    return {int(y): budget_check(scenario, int(y), params) for y in years}


def spending_per_year(
    subject: Scenario | Schedule | Allocation, years: Sequence[int], params: Parameters | None = None
) -> list[float]:
    """Total youth-work spending (all Tabel 1 lines) in each year; the cost side of cost-effectiveness."""
    return [budget_check(subject, int(y), params)["total"]["spending"] for y in years]
