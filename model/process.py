"""The process protocol: what a process of the model declares and which hooks the model calls.

A process (one class in ``model/processes/``) declares

* its ``name`` — its random stream is derived from (run seed, name), and its parameters are the registry
  entries whose ``Param.process`` is that name (:meth:`Process.parameters`);
* the per-youth ``states`` it owns (:class:`State`): only the owner's code writes them, every process may
  read them. The model allocates them (unless the population synthesis draws them), gives newcomers their
  declared start value and resets them at each new year as declared. Another process that needs to change an
  owned state asks the owner (e.g. youth work raises protective factors through the factors process);
* its ``results``: weekly values (:class:`Weekly`) and yearly indicators (:class:`Yearly`) with unit, labels,
  whether they scale with the population scale and how a year aggregates them. The recorder
  (``model/results.py``) records, scales and aggregates them; a process reports agent counts, never scaled.

The model (``JwsimModel``) builds its processes from its ordered ``PROCESSES`` tuple and calls, in that order:
``initialise`` then ``after_initialise`` once; each week ``step`` and, when the week is recorded, ``record``;
at each new year ``start_year`` (declared resets, then ``new_year``); at the end of each simulated year
``close_year``. ``enter`` runs when newcomers take slots (called by the demography process). See
docs/architecture.md for how to add a process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from .params import REGISTRY

if TYPE_CHECKING:  # pragma: no cover - imports for type hints only
    from .results import Year

TABLES = ("kpis", "per_wijk", "per_group", "per_school")
YEAR_AGGREGATIONS = ("sum", "mean", "last", None)


@dataclass(frozen=True)
class State:
    """A per-youth state array owned by one process.

    Attributes:
        name: attribute of ``model.y`` (the youths' struct of arrays).
        dtype: numpy dtype name.
        description: what it holds.
        init: value at the start and for a newcomer; ``None`` when the owner sets it (drawn by the population
            synthesis, or computed from other states in the owner's ``enter``).
        columns: 0 for one value per youth; k for an (n, k) matrix, stored column-major.
        year_start: value at the start of each year: a constant, a function of the youths, or ``None`` (kept).
        derived: a value the model derives from other states and keeps for speed (age in years, scores);
            the benchmark floor does not count passes over it.

    """

    name: str
    dtype: str
    description: str
    init: float | None = 0
    columns: int = 0
    year_start: float | Callable[[object], np.ndarray] | None = None
    derived: bool = False

    def allocate(self, n: int) -> np.ndarray:
        """Return the array for ``n`` slots filled with the start value."""
        shape = (n, self.columns) if self.columns else (n,)
        return np.full(shape, self.init if self.init is not None else 0, dtype=self.dtype, order="F")


@dataclass(frozen=True)
class Weekly:
    """A weekly city-wide value a process reports in ``process.week[name]``.

    Attributes:
        name: identifier (also the weekly series' name in ``RunResult.weekly``).
        unit: unit of the recorded value.
        label_nl: Dutch label.
        label_en: English label.
        scales: whether the reported value counts agents, multiplied by the population scale when recorded.
        year: how a year aggregates it: ``"sum"``, ``"mean"``, ``"last"`` (the value of the year's last week)
            or ``None``; a :class:`Yearly` result names it in ``sources`` to receive the aggregate.
        series: whether the weekly values are kept as a series in ``RunResult.weekly``.
        by_wijk: the process reports counts per wijk (an array); the recorder adds them up per wijk over the
            year (for a per-wijk :class:`Yearly` that names it) and records their city total.
        divide_by: a registry parameter that divides the count when it is recorded (incidents = acts /
            ``youths_per_incident``).
        collect: whether Mesa's DataCollector collects it each week.
        ages: the ages (lowest, highest) it counts, where it counts a part of the youths.

    """

    name: str
    unit: str
    label_nl: str
    label_en: str
    scales: bool = True
    year: str | None = "sum"
    series: bool = True
    by_wijk: bool = False
    divide_by: str | None = None
    collect: bool = False
    ages: tuple[int, int] | None = None


@dataclass(frozen=True)
class Yearly:
    """A yearly indicator: a KPI, a per-wijk metric or a per-group metric of each simulated year.

    Its value is either the yearly aggregate of the weekly values named in ``sources`` (summed over the
    sources), or set by the process in ``close_year`` (``year.set(name, value)``).

    Attributes:
        name: identifier in ``RunResult.kpis`` / ``per_wijk`` / ``per_group`` / ``per_school``.
        table: ``"kpis"``, ``"per_wijk"``, ``"per_group"`` or ``"per_school"`` (one value per school
            location of ``data/schools.csv``; set by its process, never aggregated from weekly sources).
        unit: unit of the value.
        label_nl: Dutch label.
        label_en: English label.
        fmt: display hint: ``"%"`` (share shown as a percentage), ``"n"`` (count), ``"f1"``-``"f3"``
            (decimals), ``"eur"``.
        scales: whether the value set by the process counts agents (multiplied by the scale when stored).
        rate_per: the value set is a rate per youth, stored per this many youths (1,000 or 10,000).
        ages: the ages (lowest, highest) it describes; ``year.mask(name)`` gives those youths.
        sources: weekly values whose yearly aggregates make up the value.

    """

    name: str
    table: str
    unit: str
    label_nl: str
    label_en: str
    fmt: str = "n"
    scales: bool = False
    rate_per: int | None = None
    ages: tuple[int, int] | None = None
    sources: tuple[str, ...] = ()


def count_by_school(school: np.ndarray, n_schools: int) -> np.ndarray:
    """Return how many of the youths whose school locations are ``school`` are at each school (-1: none)."""
    return np.bincount(school[school >= 0], minlength=n_schools).astype(float)


class Process:
    """Base class of a model process: declarations plus hooks that do nothing by default."""

    name: ClassVar[str] = ""
    states: ClassVar[tuple[State, ...]] = ()
    results: ClassVar[tuple[Weekly | Yearly, ...]] = ()

    def __init__(self, model) -> None:
        self.rng = model.streams[self.stream_name()]
        y = model.y
        for state in self.states:
            if state.init is not None:
                setattr(y, state.name, state.allocate(y.n))
        self.week: dict[str, object] = {r.name: 0.0 for r in self.results if isinstance(r, Weekly)}

    # ------------------------------------------------------------------ declarations
    @classmethod
    def stream_name(cls) -> str:
        """Return the name of the random stream the process draws from (its own name)."""
        return cls.name

    @classmethod
    def parameters(cls) -> tuple[str, ...]:
        """Return the registry parameters of this process (``Param.process == name``), in registry order."""
        return tuple(name for name, p in REGISTRY.items() if p.process == cls.name)

    @classmethod
    def weekly_results(cls) -> tuple[Weekly, ...]:
        """Return the declared weekly values."""
        return tuple(r for r in cls.results if isinstance(r, Weekly))

    @classmethod
    def yearly_results(cls, table: str | None = None) -> tuple[Yearly, ...]:
        """Return the declared yearly indicators (of one table if given)."""
        return tuple(r for r in cls.results if isinstance(r, Yearly) and table in (None, r.table))

    # ------------------------------------------------------------------ hooks
    def initialise(self, model) -> None:
        """Warm-start the owned states (once, in process order, after every process is built)."""

    def after_initialise(self, model) -> None:
        """Refresh what depends on other processes' warm starts (once, after every ``initialise``)."""

    def enter(self, model, slots: np.ndarray) -> None:
        """Give newcomers in ``slots`` the declared start values of the owned states."""
        y = model.y
        for state in self.states:
            if state.init is not None:
                getattr(y, state.name)[slots] = state.init

    def start_year(self, model) -> None:
        """Reset the owned states as declared for the new year, then run :meth:`new_year`."""
        y = model.y
        for state in self.states:
            if state.year_start is None:
                continue
            value = state.year_start(y) if callable(state.year_start) else state.year_start
            getattr(y, state.name)[:] = value
        self.new_year(model)

    def new_year(self, model) -> None:
        """Do the yearly work of week 1 (street groups, allocation switches, ...)."""

    def step(self, model) -> None:
        """Do the process's work of one week."""

    def record(self, model) -> None:
        """Put end-of-week values into ``self.week`` (called when the week is recorded)."""

    def close_year(self, model, year: Year) -> None:
        """Set the process's yearly indicators at the end of a simulated year (``year.set``)."""
