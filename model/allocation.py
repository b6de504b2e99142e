"""Allocation of youth-work time.

FTE per organisation and work form, SJW hours per school, wijk priorities, targeting, vakmanschap, the
ambulant-team investment, the split of wijk work into its parts, and the temporary project money with the
work it buys (primary-school youth work, the extra deployment in Nijmegen-Noord, the rest as wijk work).

The model consumes an :class:`Allocation` (or a schedule of them by year, so a change can take effect
mid-run, e.g. the 2027 cut). :meth:`Allocation.create` is the one place an allocation is validated
(the organisations' FTE, the SJW capacity under the given parameters, the known school and wijk codes);
scenario files add file/key context on top (``jwsim.model.scenario``). :meth:`Allocation.weekly_hours` is
the one conversion of FTE into hours, used by the model, the experiments and the app.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import numpy as np

from .params import Parameters
from .population import WEEKS_PER_YEAR

ORG_FTE = {"bk10": 26.5, "jc": 8.5}  # Nota §3 (P1, P2)
BK10_FORMS = ("ambulant", "sjw", "ib", "wijk", "vakmanschap")
JC_FORMS = ("ambulant", "swf", "vakmanschap")
TARGETING = ("universal", "selective")
PRIORITY_MODES = ("equal", "need", "manual")
# The parts of wijk work (Nota §1.4-§1.6, §2): participation and activities (incl. Youth Organizing),
# meidenwerk, online youth work, and debts / information and advice. Each part's share of the wijk FTE is
# the scenario's ``wijk_split`` or the registry default ``wijk_share_<part>`` (participation: the rest).
WIJK_PARTS = ("participatie", "meidenwerk", "online", "schulden")
# Stadsdeel of the Noord extra (Nota §9: "extra inzet in Nijmegen Noord"): Oosterhout, Ressen, Lent.
NOORD_STADSDEEL = "WK026809"
WIJK_SPLIT_TOLERANCE = 1e-6
# Tabel 1's "Schooljongerenwerk vo" line (Nota §9, P8): EUR 300,000 a year next to the 26.5 FTE, spent when
# the allocation delivers SJW (assumption: see experiments/budget.py, which sets the lines against Tabel 1).
SJW_VO_LINE_EUR = 300_000.0


class AllocationError(ValueError):
    """An allocation that cannot be delivered (negative FTE, too many hours, unknown codes, ...)."""


MAX_SCHOOL_HOURS_PER_WEEK = 40  # a school week


def _frozen(d: Mapping[str, float] | None) -> tuple[tuple[str, float], ...]:
    return tuple(sorted((d or {}).items()))


def direct_hours_per_fte(params: Parameters) -> float:
    """Direct contact hours per calendar week of one FTE.

    Contract hours x direct-contact share x working weeks / 52: the hours are spread over the year.
    """
    return (params["hours_per_fte"] * params["direct_share"] * params["working_weeks_per_year"]
            / WEEKS_PER_YEAR)


def sjw_school_hours(fte: float, params: Parameters) -> float:
    """School hours per school week that ``fte`` SJW FTE can be present at school."""
    return fte * params["hours_per_fte"] * params["sjw_direct_share"]


@dataclass(frozen=True)
class WeeklyHours:
    """Direct contact hours per week that an allocation's FTE give, per work form.

    Attributes:
        ambulant: the joint ambulant team (Bindkracht10 and jeugdcoaches), per calendar week.
        wijk: wijk work, per calendar week.
        ib: individual guidance, per calendar week.
        swf: the jeugdcoaches' School-Werk-Fit, including their hours at the VSO schools, per calendar week.
        sjw_capacity: school hours per school week the SJW FTE can give (the most the schools can get).
        po: primary-school youth work bought with project money, per calendar week (delivered in school
            weeks by :mod:`jwsim.model.processes.youthwork`, annual hours kept).
        noord: the extra wijk work in Nijmegen-Noord bought with project money, per calendar week.
        wijk_parts: share of the wijk hours (and of the Noord extra) per part of :data:`WIJK_PARTS`, in order.

    """

    ambulant: float
    wijk: float
    ib: float
    swf: float
    sjw_capacity: float
    po: float = 0.0
    noord: float = 0.0
    wijk_parts: tuple[float, ...] = (1.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Allocation:
    """How the youth-work FTE are spent. Immutable and hashable, so it can key a result cache.

    Attributes:
        bk10_fte: Bindkracht10 FTE per work form (ambulant, sjw, ib, wijk, vakmanschap).
        jc_fte: jeugdcoach FTE per work form (ambulant, swf, vakmanschap); SWF includes the VSO work.
        sjw_hours: SJW hours per school per school week, by DUO vestigingscode.
        wijk_priority: mode for spreading wijk and ambulant hours over wijken: ``equal`` (per youth),
            ``need`` (by vulnerability and street activity) or ``manual`` (only the weights).
        wijk_weights: extra multiplicative weight per wijk code (default 1; 0 excludes a wijk).
        targeting: ``universal`` (reach in proportion to youths present) or ``selective`` (weighted by
            vulnerability and risk).
        ambulant_team_investment_eur: yearly programme money for the joint ambulant team.
        programme_eur: the yearly temporary project money (Tabel 1: project subsidies Onderwijs/GALA). It
            buys Bindkracht10 hours at ``cost_per_fte_bk10``: ``po_eur`` of it primary-school youth work,
            ``noord_eur`` the extra wijk work in Nijmegen-Noord, the rest wijk work (assumption).
        po_eur: the part of ``programme_eur`` that funds primary-school youth work (groep 7/8).
        noord_eur: the part of ``programme_eur`` that funds the extra wijk work in Nijmegen-Noord.
        wijk_split: share of the wijk FTE per part of :data:`WIJK_PARTS` (empty: registry defaults).

    """

    bk10_fte: tuple[tuple[str, float], ...]
    jc_fte: tuple[tuple[str, float], ...]
    sjw_hours: tuple[tuple[str, float], ...] = ()
    wijk_priority: str = "need"
    wijk_weights: tuple[tuple[str, float], ...] = ()
    targeting: str = "selective"
    ambulant_team_investment_eur: float = 0.0
    programme_eur: float = 0.0
    po_eur: float = 0.0
    noord_eur: float = 0.0
    wijk_split: tuple[tuple[str, float], ...] = ()

    @classmethod
    def create(
        cls,
        bk10_fte: Mapping[str, float],
        jc_fte: Mapping[str, float],
        sjw_hours: Mapping[str, float] | None = None,
        wijk_priority: str = "need",
        wijk_weights: Mapping[str, float] | None = None,
        targeting: str = "selective",
        ambulant_team_investment_eur: float = 0.0,
        programme_eur: float = 0.0,
        po_eur: float = 0.0,
        noord_eur: float = 0.0,
        wijk_split: Mapping[str, float] | None = None,
        *,
        params: Parameters | None = None,
        school_codes: Collection[str] | None = None,
        wijk_codes: Collection[str] | None = None,
    ) -> Allocation:
        """Build and validate an allocation: the one place allocations are checked.

        Args:
            bk10_fte: Bindkracht10 FTE per work form (missing forms: 0).
            jc_fte: jeugdcoach FTE per work form (missing forms: 0).
            sjw_hours: SJW hours per school code per school week.
            wijk_priority: ``equal``, ``need`` or ``manual``.
            wijk_weights: extra weight per wijk code.
            targeting: ``universal`` or ``selective``.
            ambulant_team_investment_eur: yearly programme money for the joint ambulant team.
            programme_eur: the yearly temporary project money (buys hours, see the class).
            po_eur: the part of ``programme_eur`` for primary-school youth work.
            noord_eur: the part of ``programme_eur`` for the extra wijk work in Nijmegen-Noord.
            wijk_split: share of the wijk FTE per part (all four parts, summing to 1), or None for the
                registry defaults.
            params: when given, the SJW hours must fit the SJW capacity under these parameters.
            school_codes: when given, the SJW schools must be among these codes.
            wijk_codes: when given, the weighted wijken must be among these codes.

        Raises:
            AllocationError: one line naming the key and the problem.

        """
        alloc = cls(
            bk10_fte=_frozen({f: float(bk10_fte.get(f, 0.0)) for f in BK10_FORMS} | dict(bk10_fte)),
            jc_fte=_frozen({f: float(jc_fte.get(f, 0.0)) for f in JC_FORMS} | dict(jc_fte)),
            sjw_hours=_frozen(sjw_hours),
            wijk_priority=wijk_priority,
            wijk_weights=_frozen(wijk_weights),
            targeting=targeting,
            ambulant_team_investment_eur=float(ambulant_team_investment_eur),
            programme_eur=float(programme_eur),
            po_eur=float(po_eur),
            noord_eur=float(noord_eur),
            wijk_split=_frozen(wijk_split),
        )
        alloc._validate(params, school_codes, wijk_codes)
        return alloc

    # -------------------------------------------------------------- accessors
    @property
    def bk10(self) -> dict[str, float]:
        """Bindkracht10 FTE per work form."""
        return dict(self.bk10_fte)

    @property
    def jc(self) -> dict[str, float]:
        """Jeugdcoach FTE per work form."""
        return dict(self.jc_fte)

    @property
    def sjw(self) -> dict[str, float]:
        """SJW hours per school code."""
        return dict(self.sjw_hours)

    @property
    def total_fte(self) -> float:
        """All FTE allocated, both organisations."""
        return sum(self.bk10.values()) + sum(self.jc.values())

    def programme_fte(self, params: Parameters) -> dict[str, float]:
        """Bindkracht10 FTE the project money buys, per work it funds: ``po``, ``noord`` and ``wijk`` (rest).

        Euros / ``cost_per_fte_bk10``: the same all-in cost per FTE as the WWZ line (one cost rule).
        """
        cost = params["cost_per_fte_bk10"]
        rest = max(self.programme_eur - self.po_eur - self.noord_eur, 0.0)
        return {"po": self.po_eur / cost, "noord": self.noord_eur / cost, "wijk": rest / cost}

    def youthwork_fte(self, params: Parameters) -> float:
        """All FTE at work: both organisations' FTE plus the FTE the project money buys."""
        return self.total_fte + sum(self.programme_fte(params).values())

    def wijk_parts(self, params: Parameters) -> tuple[float, ...]:
        """Share of the wijk FTE per part of :data:`WIJK_PARTS`: the scenario's split or the registry's."""
        split = dict(self.wijk_split)
        if split:
            return tuple(split.get(part, 0.0) for part in WIJK_PARTS)
        rest = [params[f"wijk_share_{part}"] for part in WIJK_PARTS[1:]]
        return (1.0 - sum(rest), *rest)

    def weekly_hours(self, params: Parameters) -> WeeklyHours:
        """Direct contact hours per week per work form: the one conversion of FTE into hours."""
        bk, jc = self.bk10, self.jc
        per_fte = direct_hours_per_fte(params)
        bought = self.programme_fte(params)
        return WeeklyHours(ambulant=(bk["ambulant"] + jc["ambulant"]) * per_fte,
                           wijk=(bk["wijk"] + bought["wijk"]) * per_fte,
                           ib=bk["ib"] * per_fte, swf=jc["swf"] * per_fte,
                           sjw_capacity=sjw_school_hours(bk["sjw"], params),
                           po=bought["po"] * per_fte, noord=bought["noord"] * per_fte,
                           wijk_parts=self.wijk_parts(params))

    def sjw_capacity_hours(self, params: Parameters) -> float:
        """School hours per school week the SJW FTE can deliver."""
        return self.weekly_hours(params).sjw_capacity

    @staticmethod
    def sjw_fte_for(school_hours: float, params: Parameters) -> float:
        """SJW FTE needed to be present ``school_hours`` hours per school week (inverse of the capacity)."""
        return school_hours / sjw_school_hours(1.0, params)

    # -------------------------------------------------------------- validation
    def _validate(self, params: Parameters | None = None, school_codes: Collection[str] | None = None,
                  wijk_codes: Collection[str] | None = None) -> None:
        """Raise :class:`AllocationError` (one line, naming the key) if the allocation is impossible."""
        for org, forms, allowed in (("bk10", self.bk10, BK10_FORMS), ("jc", self.jc, JC_FORMS)):
            for form, fte in forms.items():
                key = f"{org}.{form}"
                if form not in allowed:
                    raise AllocationError(f"{key}: unknown work form (allowed: {', '.join(allowed)})")
                _check_number(key, fte)
            total = sum(forms.values())
            if total > ORG_FTE[org] + 1e-9:
                raise AllocationError(
                    f"{org}: {total:g} FTE allocated but the organisation has {ORG_FTE[org]:g} FTE")
        for code, hours in self.sjw_hours:
            _check_number(f"sjw_hours.{code}", hours)
            if hours > MAX_SCHOOL_HOURS_PER_WEEK:
                raise AllocationError(
                    f"sjw_hours.{code}: {hours:g} hours per week is more than a school week")
            if school_codes is not None and code not in school_codes:
                raise AllocationError(f"sjw_hours.{code}: unknown school code")
        for code, w in self.wijk_weights:
            _check_number(f"wijk_weights.{code}", w)
            if wijk_codes is not None and code not in wijk_codes:
                raise AllocationError(f"wijk_weights.{code}: unknown wijk code")
        if self.wijk_priority not in PRIORITY_MODES:
            raise AllocationError(
                f"wijk_priority: '{self.wijk_priority}' is not one of {', '.join(PRIORITY_MODES)}")
        if self.targeting not in TARGETING:
            raise AllocationError(f"targeting: '{self.targeting}' is not one of {', '.join(TARGETING)}")
        _check_number("ambulant_team_investment_eur", self.ambulant_team_investment_eur)
        _check_number("programme_eur", self.programme_eur)
        _check_number("po_eur", self.po_eur)
        _check_number("noord_eur", self.noord_eur)
        if self.po_eur + self.noord_eur > self.programme_eur + 1e-6:
            raise AllocationError(
                f"po_eur + noord_eur: {self.po_eur + self.noord_eur:,.0f} EUR is more than the project money "
                f"(programme_eur {self.programme_eur:,.0f} EUR) that funds them")
        for part, share in self.wijk_split:
            if part not in WIJK_PARTS:
                raise AllocationError(f"wijk_split.{part}: unknown part of wijk work "
                                      f"(allowed: {', '.join(WIJK_PARTS)})")
            _check_number(f"wijk_split.{part}", share)
        if self.wijk_split:
            missing = [p for p in WIJK_PARTS if p not in dict(self.wijk_split)]
            if missing:
                raise AllocationError(
                    f"wijk_split.{missing[0]}: missing (give all of {', '.join(WIJK_PARTS)})")
            total = sum(v for _, v in self.wijk_split)
            if abs(total - 1.0) > WIJK_SPLIT_TOLERANCE:
                raise AllocationError(f"wijk_split: the shares add up to {total:g}, not 1")
        if params is not None:
            cap = self.sjw_capacity_hours(params)
            used = sum(h for _, h in self.sjw_hours)
            if used > cap + 1e-9:
                raise AllocationError(
                    f"sjw_hours: {used:g} school hours per week exceed the SJW capacity of {cap:g} h "
                    f"({self.bk10['sjw']:g} FTE)")

    # -------------------------------------------------------------- cost
    def spending_by_line(self, params: Parameters) -> dict[str, float]:
        """Euros a year per line of Tabel 1 of the note: the one cost rule of jwsim.

        FTE times the all-in cost per FTE of each organisation, the SJW vo line when SJW is delivered, and
        the programme money. The model's ``youthwork_cost_eur_per_year`` and the budget check
        (``experiments.budget``) both add these lines, so the app, the CLI and the exports show one figure.
        """
        delivers_sjw = self.bk10["sjw"] > 0 and sum(h for _, h in self.sjw_hours) > 0
        return {
            "wwz": sum(self.bk10.values()) * params["cost_per_fte_bk10"],
            "sjw_vo": SJW_VO_LINE_EUR if delivers_sjw else 0.0,
            "project_subsidies": self.programme_eur,
            "jeugdcoaches": sum(self.jc.values()) * params["cost_per_fte_jc"],
            "ambulant_team": self.ambulant_team_investment_eur,
        }

    def cost_eur_per_year(self, params: Parameters) -> float:
        """Yearly cost: the sum of the Tabel 1 lines (:meth:`spending_by_line`)."""
        return sum(self.spending_by_line(params).values())


def _check_number(key: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise AllocationError(f"{key}: must be a number")
    if not math.isfinite(float(value)):
        raise AllocationError(f"{key}: must be finite, got {value}")
    if value < 0:
        raise AllocationError(f"{key}: must not be negative, got {value:g}")


@dataclass(frozen=True)
class Schedule:
    """Allocations by year: ``steps[i] = (first_year, allocation)``, sorted; the burn-in uses ``burn_in``."""

    steps: tuple[tuple[int, Allocation], ...]
    burn_in: Allocation | None = None
    label: str = field(default="")

    @classmethod
    def constant(cls, allocation: Allocation, burn_in: Allocation | None = None, label: str = "") -> Schedule:
        """One allocation for every simulated year."""
        return cls(((0, allocation),), burn_in, label)

    def at(self, year: int) -> Allocation:
        """Return the allocation in force in ``year``."""
        current = self.steps[0][1]
        for first_year, alloc in self.steps:
            if year >= first_year:
                current = alloc
        return current
