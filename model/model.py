"""The Mesa model: Nijmegen's youths aged 10-23, week by week, under an allocation of youth work.

Youths are a struct of numpy arrays (``self.y``), not Mesa agents: one Python object per youth is ~75x
slower and nothing in the model needs per-agent objects. The model keeps Mesa's
conventions: keyword parameters with defaults (SolaraViz rebuilds the model from them), ``rng=`` seeding,
a ``DataCollector`` collected at t=0 and after every step, ``step()`` without arguments.

Step order (fixed, documented in docs/ODD.md):
 1. calendar — year switch: close the year, reset yearly flags, switch allocation, re-form street groups
 2. demography — ageing, leaving at 24 / entering at 10, school transitions, arriving students
 3. life events — family crisis, debt shock, online incident
 4. youth work — contacts, relations, gains, signals; IB and SWF intake, exit and weekly guidance
 5. factor dynamics — relaxation, protection-risk coupling, peer influence, noise
 6. outcomes — scores; jeugdhulp; nuisance; crime; school
 7. record — weekly series; at the end of a year, yearly KPIs and per-wijk/per-group tables
"""

from __future__ import annotations

import mesa
import numpy as np

from jwsim.data import CityInputs, load_inputs

from .allocation import Allocation, Schedule
from .calendar import Calendar
from .network import StreetGroups, build_friendships, form_street_groups
from .params import Parameters
from .population import P_NORMEN, R_FAMILY, R_PEERS, WEEKS_PER_YEAR, row_mean, synthesise
from .processes.crime import Crime
from .processes.demography import Demography
from .processes.factors import Factors
from .processes.jeugdhulp import Jeugdhulp
from .processes.life_events import LifeEvents
from .processes.nuisance import Nuisance
from .processes.school import School
from .processes.youthwork import YouthWork
from .results import KPIS, Recorder, RunResult
from .streams import SeedLike, as_seed_sequence, stream

STREAMS = ("population", "network", "demography", "life_events", "youthwork", "factors", "jeugdhulp",
           "nuisance", "crime", "school")
# mental, lonely, family, debt, online, peers
RISK_WEIGHTS = np.array([0.35, 0.15, 0.2, 0.1, 0.1, 0.1], np.float32)



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
        if isinstance(years, bool) or not isinstance(years, (int, np.integer)) or not 1 <= years <= 30:
            raise ModelInputError(f"years must be a whole number from 1 to 30, got {years!r}")
        if not isinstance(scale, (int, float)) or not np.isfinite(scale) or not 1 <= scale <= 100:
            raise ModelInputError(f"scale must be a number from 1 to 100, got {scale!r}")
        if burn_in_weeks % WEEKS_PER_YEAR or not 0 <= burn_in_weeks <= 520:
            raise ModelInputError(
                f"burn_in_weeks must be a multiple of 52 from 0 to 520, got {burn_in_weeks!r}")
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
        self.streams = {name: stream(seq, name) for name in STREAMS}
        self.n_weeks = self.burn_in_weeks + self.n_years * WEEKS_PER_YEAR
        self.calendar = Calendar.build(self.start_year - self.burn_in_weeks // WEEKS_PER_YEAR, self.n_weeks,
                                       self.params["nuisance_summer_ratio"])
        boost = 1.0 + (self.params["ambulant_event_boost"] - 1.0) * self.calendar.event_weight
        yearly_mean = boost.reshape(-1, WEEKS_PER_YEAR).mean(axis=1)
        self.event_factor = boost / np.repeat(yearly_mean, WEEKS_PER_YEAR)
        self.week_index = 0  # steps done (own counter: never Mesa's `time`/`steps`)

        # Population, network, groups.
        self.y = synthesise(self.inputs, self.params, self.streams["population"], self.scale)
        self.W = build_friendships(self.y, self.params, self.streams["network"])
        # Age in years changes only at birthdays: the demography process updates it for those slots.
        self.age = self.y.age_weeks // WEEKS_PER_YEAR
        # Scores are rewritten in place every step (preallocated, float32 like the factors they mix).
        n = self.y.n
        self.risk_score = np.empty(n, np.float32)
        self.protect_score = np.empty(n, np.float32)
        self.delinquency = np.empty(n, np.float32)
        self._score_tmp = np.empty(n, np.float32)
        self._score_flag = np.empty(n, bool)
        # One scratch array for the weekly uniform draws: each process draws its own fixed-size array into
        # it and is done with it before the next process draws (one array instead of seven: less memory to
        # stream).
        self.uniforms = np.empty(n, np.float32)
        self.n_groups = form_street_groups(self.y, self.params, self.streams["network"])
        self.groups = StreetGroups(self.y)  # kept current by peer_delinquency
        self._update_scores()
        self.risk_ref = float(self.risk_score.mean())
        self.protect_ref = float(self.protect_score.mean())
        self.delinquency_ref = float(self.delinquency.mean())
        self.signal_threshold = float(np.quantile(self.risk_score, 0.8))
        self.y.R[:, R_PEERS] = self.peer_delinquency()
        self._update_scores()

        # Processes (each declares its parameters and owns its random stream).
        self.demography = Demography(self)
        self.life_events = LifeEvents(self)
        self.youthwork = YouthWork(self)
        self.factors = Factors(self)
        self.jeugdhulp = Jeugdhulp(self)
        self.nuisance = Nuisance(self)
        self.crime = Crime(self)
        self.school = School(self)
        first = self.allocation_for_week(0)
        self.youthwork.configure(self, first, initial=True)
        self.jeugdhulp.initialise(self)
        self.crime.initialise(self)
        self.school.initialise(self)
        self._update_scores()
        self.nuisance.update_groups(self)
        self.meaningful_count = 0
        self.recorder = Recorder(self.n_weeks, self.n_years, len(self.inputs.wijk_codes))
        self.datacollector = mesa.DataCollector(model_reporters={
            "in_care": lambda m: m.last("in_care"),
            "jh_entries": lambda m: m.last("jh_entries"),
            "nuisance_registered": lambda m: m.last("nuisance_registered"),
            "halt": lambda m: m.last("halt"),
            "suspects_new": lambda m: m.last("suspects_new"),
            "dropouts": lambda m: m.last("dropouts"),
            "ib_caseload": lambda m: m.last("ib_caseload"),
            "protective_mean": lambda m: m.protect_mean,
        }) if collect else None
        if self.datacollector is not None:
            self.datacollector.collect(self)

    # ------------------------------------------------------------------ helpers
    @property
    def protect_mean(self) -> float:
        """Mean protective factor of all youths."""
        return float(self.protect_score.mean())

    def last(self, series: str) -> float:
        """Latest value of a weekly series (0 before the first step)."""
        return float(self.recorder.weekly[series][self.week_index - 1]) if self.week_index else 0.0

    def allocation_for_week(self, t: int) -> Allocation:
        """Return the allocation in force in step ``t`` (burn-in allocation before ``start_year``)."""
        year = int(self.calendar.year[t])
        if year < self.start_year and self.schedule_.burn_in is not None:
            return self.schedule_.burn_in
        return self.schedule_.at(year)

    def peer_delinquency(self) -> np.ndarray:
        """Mix of the friends' and the street group's mean delinquency score (a new float32 array)."""
        friends = self.W @ self.delinquency  # one sparse mat-vec: W is row-normalised float32 CSR
        demography = getattr(self, "demography", None)
        if demography is not None and demography.entered_slots.size:  # newcomers are in no group
            self.groups.leave(demography.entered_slots, self.y)
        members = self.groups.members
        if members.size == 0:
            return friends
        w = np.float32(self.params["peer_influence"])
        group_mean = self.groups.means(self.delinquency)  # sparse mat-vec over the membership matrix
        friends[members] = (1 - w) * friends[members] + w * group_mean[self.y.group[members]]
        return friends

    def _update_scores(self, protect: bool = True) -> None:
        """Compute the risk, protection and delinquency scores in place.

        With ``protect=False`` the factors process has already written the protection score this step.
        """
        y = self.y
        np.dot(y.R, RISK_WEIGHTS, out=self.risk_score)
        if protect:
            row_mean(y.P, self.protect_score)
        d, tmp, flag = self.delinquency, self._score_tmp, self._score_flag
        # 0.3 peers + 0.2 (1 - norms) + 0.15 family + 0.2 J&V + 0.15 registered, clipped to [0, 1].
        np.multiply(y.R[:, R_PEERS], np.float32(0.3), out=d)
        np.multiply(y.P[:, P_NORMEN], np.float32(-0.2), out=tmp)
        d += tmp
        d += np.float32(0.2)
        np.multiply(y.R[:, R_FAMILY], np.float32(0.15), out=tmp)
        d += tmp
        np.multiply(y.jv, np.float32(0.2), out=tmp)
        d += tmp
        np.greater(y.crime_stage, 0, out=flag)
        np.multiply(flag, np.float32(0.15), out=tmp)
        d += tmp
        np.clip(d, 0.0, 1.0, out=d)

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
        self.demography.step(self)
        self.life_events.step(self)
        self.youthwork.step(self, t)
        self.factors.step(self)
        self._update_scores(protect=False)
        self.jeugdhulp.step(self)
        self.nuisance.step(self, t)
        self.crime.step(self, t)
        self.school.step(self)
        self.meaningful_count = int(np.count_nonzero(self.y.relation >= self.params["meaningful_relation"]))
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
        y = self.y
        y.jh_year_any[:] = y.jh_level > 0
        y.jh_year_stay[:] = y.jh_level == 3
        y.suspect_year[:] = False
        y.programme_year[:] = y.programme
        y.nuisance_acts_year[:] = 0
        self.nuisance.incidents_wijk[:] = 0
        self.nuisance.registered_wijk[:] = 0
        self.crime.halt_wijk[:] = 0
        self.recorder.reset_year()
        self.n_groups = form_street_groups(y, self.params, self.streams["network"])
        self.groups = StreetGroups(y)
        self.nuisance.update_groups(self)
        alloc = self.allocation_for_week(t)
        if alloc is not self.youthwork.alloc:
            self.youthwork.configure(self, alloc)
        else:
            self.youthwork.reweight(self)

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
            kpis={k: r.kpis[k].copy() for k in KPIS},
            per_wijk={k: v.copy() for k, v in r.per_wijk.items()},
            per_group={k: v.copy() for k, v in r.per_group.items()},
            wijk_codes=self.inputs.wijk_codes,
            wijk_names=self.inputs.wijk_names,
            meta={"youths": int(self.y.n), "weeks": self.n_weeks - b},
        )
