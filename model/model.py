"""The Mesa model: Nijmegen's youths aged 10-23, week by week, under an allocation of youth work.

Youths are a struct of numpy arrays (``self.y``), not Mesa agents: one Python object per youth is ~75x
slower and nothing in the model needs per-agent objects. The model keeps Mesa's
conventions: keyword parameters with defaults (SolaraViz rebuilds the model from them), ``rng=`` seeding,
a ``DataCollector`` collected at t=0 and after every step, ``step()`` without arguments.

The model is a loop over its processes (``PROCESSES``, ``model/processes/__init__.py``; protocol:
``model/process.py``). Each week, in this fixed order (documented in docs/ODD.md):
 1. calendar — at week 1 of a year: yearly accumulators reset, each process's declared yearly resets and
    ``new_year`` (street groups carried into the new year, allocation switched or hours re-spread, problem
    groups flagged)
 2. every process's ``step`` in the order of ``PROCESSES``: demography, network, places, life events, youth
    work, factor dynamics, scores, jeugdhulp, nuisance, crime, school
 3. record — weekly values as declared; at the end of a simulated year the yearly KPIs and per-wijk and
    per-group tables (``model/results.py``)
"""

from __future__ import annotations

from typing import ClassVar

import mesa
import numpy as np

from jwsim.data import CityInputs, load_inputs

from .allocation import Allocation, Schedule
from .calendar import Calendar
from .params import Parameters
from .population import WEEKS_PER_YEAR, synthesise
from .process import Process
from .processes import PROCESSES
from .results import Recorder, RunResult, check_declarations
from .streams import SeedLike, as_seed_sequence, stream

# Bounds of the model's own arguments.
MAX_YEARS, MAX_SCALE, MAX_BURN_IN_WEEKS = 30, 100, 520


class ModelInputError(ValueError):
    """Invalid model arguments (years, scale, burn-in)."""


class JwsimModel(mesa.Model):
    """Agent-based model of youth work in Nijmegen.

    Args:
        schedule: the allocation(s) to simulate; an :class:`Allocation` is used for every year. Default:
            the ``opdracht-2026`` scenario with the 2025 practice as burn-in.
        params: parameter values (default: the registry).
        seed: an int or a ``SeedSequence`` (a replicate child); all random streams derive from it.
        scale: youths per agent (1 = the full city).
        years: simulated years from ``start_year`` (default 5: 2026-2030).
        burn_in_weeks: weeks simulated before ``start_year`` under the burn-in allocation.
        start_year: first simulated year.
        inputs: city data (default: the curated tables in ``data/``).
        collect: whether to run Mesa's DataCollector (the model's own arrays are always filled).

    """

    # The processes in step order; a subclass may extend it (docs/architecture.md).
    PROCESSES: ClassVar[tuple[type[Process], ...]] = PROCESSES

    def __init__(
        self,
        schedule: Schedule | Allocation | None = None,
        params: Parameters | None = None,
        seed: SeedLike | None = 1,
        scale: float = 1.0,
        years: int = 5,
        burn_in_weeks: int = 52,
        start_year: int = 2026,
        inputs: CityInputs | None = None,
        collect: bool = True,
    ) -> None:
        if (isinstance(years, bool) or not isinstance(years, (int, np.integer))
                or not 1 <= years <= MAX_YEARS):
            raise ModelInputError(f"years must be a whole number from 1 to {MAX_YEARS}, got {years!r}")
        if not isinstance(scale, (int, float)) or not np.isfinite(scale) or not 1 <= scale <= MAX_SCALE:
            raise ModelInputError(f"scale must be a number from 1 to {MAX_SCALE}, got {scale!r}")
        if burn_in_weeks % WEEKS_PER_YEAR or not 0 <= burn_in_weeks <= MAX_BURN_IN_WEEKS:
            raise ModelInputError(f"burn_in_weeks must be a multiple of {WEEKS_PER_YEAR} from 0 to "
                                  f"{MAX_BURN_IN_WEEKS}, got {burn_in_weeks!r}")
        if type(self).PROCESSES is not PROCESSES:
            check_declarations(type(self).PROCESSES)
        seq = as_seed_sequence(seed)
        super().__init__(rng=int(seq.generate_state(1)[0]))
        if schedule is None:
            from .scenario import default_schedule  # noqa: PLC0415 - reads scenarios/ lazily
            schedule = default_schedule()
        elif isinstance(schedule, Allocation):
            schedule = Schedule.constant(schedule)
        self.schedule_ = schedule
        self.params = params or Parameters()
        self.seed_sequence = seq
        self.scale = float(scale)
        self.n_years = int(years)
        self.burn_in_weeks = int(burn_in_weeks)
        self.start_year = int(start_year)
        self.inputs = inputs or load_inputs()
        # One random stream per process, derived from (seed, name): adding a process shifts no other draws.
        names = ("population", *(cls.stream_name() for cls in self.PROCESSES))
        self.streams = {name: stream(seq, name) for name in dict.fromkeys(names)}
        self.n_weeks = self.burn_in_weeks + self.n_years * WEEKS_PER_YEAR
        self.calendar = Calendar.build(self.start_year - self.burn_in_weeks // WEEKS_PER_YEAR, self.n_weeks,
                                       self.params["nuisance_summer_ratio"])
        self.week_index = 0  # steps done (own counter: never Mesa's `time`/`steps`)
        self.y = synthesise(self.inputs, self.params, self.streams["population"], self.scale)
        # One scratch array for the weekly uniform draws: each process draws its own fixed-size array into
        # it and is done with it before the next process draws (one array instead of seven: less memory to
        # stream).
        self.uniforms = np.empty(self.y.n, np.float32)
        processes = []
        for cls in self.PROCESSES:  # built in order: a process may use the ones before it
            if hasattr(self, cls.name):
                raise ValueError(f"process name '{cls.name}' is already a model attribute")
            proc = cls(self)
            setattr(self, cls.name, proc)
            processes.append(proc)
        self.processes: tuple[Process, ...] = tuple(processes)
        for proc in self.processes:
            proc.initialise(self)
        for proc in self.processes:
            proc.after_initialise(self)
        self.recorder = Recorder(self)
        collected = [r.name for cls in self.PROCESSES for r in cls.weekly_results() if r.collect]
        self.datacollector = mesa.DataCollector(model_reporters={
            name: (lambda m, name=name: m.last(name)) for name in collected
        }) if collect else None
        if self.datacollector is not None:
            self.datacollector.collect(self)

    # ------------------------------------------------------------------ helpers
    @property
    def age(self) -> np.ndarray:
        """Age in whole years of every slot (kept by the demography process)."""
        return self.y.age

    @property
    def risk_score(self) -> np.ndarray:
        """Composite risk score of every slot (the scores process)."""
        return self.y.risk_score

    @property
    def protect_score(self) -> np.ndarray:
        """Mean protective factor of every slot (the factors process)."""
        return self.y.protect_score

    @property
    def delinquency(self) -> np.ndarray:
        """Delinquency score of every slot (the scores process)."""
        return self.y.delinquency

    @property
    def protect_mean(self) -> float:
        """Mean protective factor of all youths."""
        return float(self.y.protect_score.mean())

    def last(self, series: str) -> float:
        """Latest recorded value of a weekly value (before the first week: what the process reports then)."""
        return float(self.recorder.latest[series])

    def allocation_for_week(self, t: int) -> Allocation:
        """Return the allocation in force in step ``t`` (burn-in allocation before ``start_year``)."""
        year = int(self.calendar.year[t])
        if year < self.start_year and self.schedule_.burn_in is not None:
            return self.schedule_.burn_in
        return self.schedule_.at(year)

    def enter(self, slots: np.ndarray) -> None:
        """Newcomers took ``slots``: every process gives them its declared start values."""
        for proc in self.processes:
            proc.enter(self, slots)

    # ------------------------------------------------------------------ step
    def step(self) -> None:
        """Advance one week."""
        t = self.week_index
        if t >= self.n_weeks:
            self.running = False
            return
        cal = self.calendar
        if cal.week[t] == 1 and t > 0:
            self._new_year(t)
        for proc in self.processes:
            proc.step(self)
        self.recorder.record_week(self, t)
        self.week_index = t + 1
        if cal.week[t] == WEEKS_PER_YEAR:
            i = int(cal.year[t]) - self.start_year
            if i >= 0:
                self.recorder.close_year(self, i)
        if self.datacollector is not None:
            self.datacollector.collect(self)
        if self.week_index >= self.n_weeks:
            self.running = False

    def _new_year(self, t: int) -> None:
        self.recorder.reset_year()
        for proc in self.processes:
            proc.start_year(self)

    def run(self) -> RunResult:
        """Run all weeks and return the compact result."""
        while self.running and self.week_index < self.n_weeks:
            self.step()
        return self.result()

    def result(self) -> RunResult:
        """Return the compact result (call after the run)."""
        r = self.recorder
        b = self.burn_in_weeks
        return RunResult(
            label=self.schedule_.label,
            seed_key=tuple(int(k) for k in self.seed_sequence.spawn_key),
            scale=self.scale,
            start_year=self.start_year,
            years=list(range(self.start_year, self.start_year + self.n_years)),
            burn_in_weeks=b,
            weekly={k: v[b:].copy() for k, v in r.weekly.items()},
            kpis={k: v.copy() for k, v in r.kpis.items()},
            per_wijk={k: v.copy() for k, v in r.per_wijk.items()},
            per_group={k: v.copy() for k, v in r.per_group.items()},
            wijk_codes=self.inputs.wijk_codes,
            wijk_names=self.inputs.wijk_names,
            meta={"youths": int(self.y.n), "weeks": self.n_weeks - b},
            per_school={k: v.copy() for k, v in r.per_school.items()},
            school_codes=self.inputs.schools.codes,
            school_names=self.inputs.schools.names,
        )
