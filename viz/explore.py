"""The Verken page's model: a ``JwsimModel`` per session, stepped week by week, and a youth tracker.

The model is the real Mesa model with its ``DataCollector`` (collected at the start and after every
step, Mesa's convention), built like the runner builds it (``runner.scenario_schedule``: the scenario with
the 2025 practice as burn-in year). The page reads only what the model publishes: the DataCollector's
series, the calendar, and the youths' state arrays (``model.y``, one row per slot; ``uid`` identifies a
person). A slot is reused when a youth leaves (turns 24 or moves away) and a newcomer enters; the
tracker notices the new uid in the slot and reports that the person it followed has left.

Events of the followed youth are read off the state between two steps (the model keeps no per-person
event log): a change of care level, a programme start or end, a registration, dropout, a signal, a
relation crossing the "meaningful" threshold, joining or leaving a street group.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import wraps

import numpy as np
import pandas as pd

from jwsim.experiments.runner import scenario_schedule
from jwsim.model.model import JwsimModel
from jwsim.model.population import PROTECTIVE, RISK, SCHOOL_TYPE_NAMES, WEEKS_PER_YEAR
from jwsim.model.scenario import Scenario

# Per-wijk values the live map can show: key -> how to compute it from the state arrays.
LIVE_METRICS = ("in_care_share", "protective_mean", "relation_share", "nuisance_acts_per_100")
# DataCollector columns shown as weekly series.
LIVE_SERIES = (
    "in_care",
    "jh_entries",
    "nuisance_registered",
    "halt",
    "dropouts",
    "ib_caseload",
    "protective_mean",
)
CARE_LEVELS = ("none", "light", "specialist", "stay")
PROGRAMMES = ("none", "ib", "swf")
RELATION_HYSTERESIS = 0.1
# Every kind of event the tracker reports (the Verken page has a label for each).
EVENT_KINDS = (
    "care_start",
    "care_up",
    "care_down",
    "care_end",
    "signal",
    "programme_start",
    "programme_end",
    "crime_registered",
    "crime_serious",
    "suspect",
    "dropout",
    "back_to_school",
    "relation_up",
    "relation_down",
    "group_join",
    "group_leave",
    "nuisance",
    "school_change",
    "left",
)
PICK_KINDS = ("any", "vulnerable", "jv", "in_care")


def _locked(method):
    """Run an :class:`Exploration` method while holding its lock (see the class docstring)."""

    @wraps(method)
    def run(self, *args, **kwargs):
        with self.lock:
            return method(self, *args, **kwargs)

    return run


@dataclass(frozen=True)
class YouthState:
    """What one youth looks like in one week (read from the model's arrays)."""

    uid: int
    slot: int
    age: int
    male: bool
    wijk: int
    vulnerable: bool
    jv: bool
    student: bool
    school_type: str
    school: int
    protective: tuple[float, ...]
    risk: tuple[float, ...]
    relation: float
    signalled: bool
    care_level: int
    crime_stage: int
    suspect_year: bool
    dropout: bool
    programme: int
    group: int
    nuisance_acts_year: int


@dataclass(frozen=True)
class YouthEvent:
    """Something that happened to the followed youth: week index, event kind, details for the label."""

    week: int
    kind: str
    detail: str = ""


def read_youth(model: JwsimModel, slot: int) -> YouthState:
    """Return the state of the youth in ``slot`` now."""
    y = model.y
    return YouthState(
        uid=int(y.uid[slot]),
        slot=int(slot),
        age=int(y.age_weeks[slot] // WEEKS_PER_YEAR),
        male=bool(y.male[slot]),
        wijk=int(y.wijk[slot]),
        vulnerable=bool(y.vulnerable[slot]),
        jv=bool(y.jv[slot]),
        student=bool(y.student[slot]),
        school_type=SCHOOL_TYPE_NAMES[int(y.school_type[slot])],
        school=int(y.school[slot]),
        protective=tuple(float(v) for v in y.P[slot]),
        risk=tuple(float(v) for v in y.R[slot]),
        relation=float(y.relation[slot]),
        signalled=bool(y.signalled[slot]),
        care_level=int(y.jh_level[slot]),
        crime_stage=int(y.crime_stage[slot]),
        suspect_year=bool(y.suspect_year[slot]),
        dropout=bool(y.dropout[slot]),
        programme=int(y.programme[slot]),
        group=int(y.group[slot]),
        nuisance_acts_year=int(y.nuisance_acts_year[slot]),
    )


def events_between(before: YouthState, after: YouthState, week: int) -> list[YouthEvent]:
    """Return the events that turn ``before`` into ``after`` (same person, one step apart).

    The relation with a youth worker is followed by :class:`Tracker`, which needs more than two weeks to judge
    it.
    """
    out: list[YouthEvent] = []
    if after.care_level != before.care_level:
        if before.care_level == 0:
            kind = "care_start"
        elif after.care_level == 0:
            kind = "care_end"
        else:
            kind = "care_up" if after.care_level > before.care_level else "care_down"
        out.append(
            YouthEvent(week, kind, CARE_LEVELS[after.care_level if after.care_level else before.care_level])
        )
    if after.signalled and not before.signalled:
        out.append(YouthEvent(week, "signal"))
    if after.programme != before.programme:
        if after.programme:
            out.append(YouthEvent(week, "programme_start", PROGRAMMES[after.programme]))
        if before.programme:
            out.append(YouthEvent(week, "programme_end", PROGRAMMES[before.programme]))
    if after.crime_stage > before.crime_stage:
        out.append(YouthEvent(week, "crime_registered" if after.crime_stage == 1 else "crime_serious"))
    if after.suspect_year and not before.suspect_year and after.crime_stage == before.crime_stage:
        out.append(YouthEvent(week, "suspect"))
    if after.dropout != before.dropout:
        out.append(YouthEvent(week, "dropout" if after.dropout else "back_to_school"))
    if (after.group >= 0) != (before.group >= 0):
        out.append(YouthEvent(week, "group_join" if after.group >= 0 else "group_leave"))
    if after.nuisance_acts_year > before.nuisance_acts_year:
        out.append(YouthEvent(week, "nuisance"))
    if after.school_type != before.school_type:
        out.append(YouthEvent(week, "school_change", f"{before.school_type} \u2192 {after.school_type}"))
    return out


@dataclass
class Tracker:
    """Follows one person (by uid) through the weeks: their state history and events."""

    uid: int
    slot: int
    start_week: int
    history: list[tuple[int, YouthState]] = field(default_factory=list)
    events: list[YouthEvent] = field(default_factory=list)
    left_week: int | None = None
    successor_uid: int | None = None
    meaningful: bool = False

    @property
    def present(self) -> bool:
        """Whether the person is still in the simulation."""
        return self.left_week is None

    @property
    def latest(self) -> YouthState:
        """The last state seen."""
        return self.history[-1][1]

    def observe(self, model: JwsimModel) -> None:
        """Record the state after a step; notice when the slot now holds someone else."""
        if not self.present:
            return
        week = model.week_index
        uid_now = int(model.y.uid[self.slot])
        if uid_now != self.uid:
            self.left_week = week
            self.successor_uid = uid_now
            self.events.append(YouthEvent(week, "left", str(uid_now)))
            return
        state = read_youth(model, self.slot)
        if self.history:
            self.events += events_between(self.latest, state, week)
        # A relation hovering at the threshold would flip every week: it counts as lost only when it has
        # fallen clearly below (RELATION_HYSTERESIS).
        threshold = model.params["meaningful_relation"]
        if not self.meaningful and state.relation >= threshold:
            self.meaningful = True
            if self.history:
                self.events.append(YouthEvent(week, "relation_up"))
        elif self.meaningful and state.relation < threshold - RELATION_HYSTERESIS:
            self.meaningful = False
            self.events.append(YouthEvent(week, "relation_down"))
        self.history.append((week, state))


class Exploration:
    """One model run that the Verken page steps through, with at most one followed youth.

    Playing steps the model in a task thread while the page renders in another, so every read of the model's
    mutable state (DataCollector series, state arrays, tracker) and every step hold ``self.lock``: a reader
    never sees a half-collected week (Mesa appends the week's reporters one list at a time).
    """

    def __init__(self, scenario: Scenario, seed: int = 2026, scale: float = 10.0, years: int = 5) -> None:
        self.scenario = scenario
        self.seed = int(seed)
        self.scale = float(scale)
        self.model = JwsimModel(
            scenario_schedule(scenario),
            params=scenario.params,
            seed=self.seed,
            scale=self.scale,
            years=years,
            collect=True,
        )
        self.tracker: Tracker | None = None
        self.lock = threading.RLock()

    @property
    def week(self) -> int:
        """Steps done so far."""
        return self.model.week_index

    @property
    def n_weeks(self) -> int:
        """Steps in the whole run (burn-in year included)."""
        return self.model.n_weeks

    @property
    def finished(self) -> bool:
        """Whether the run has reached its last week."""
        return self.week >= self.n_weeks

    def calendar_of(self, week: int) -> tuple[int, int]:
        """(year, week of year) of step ``week`` (the last step once the run is over)."""
        t = min(max(week, 0), self.n_weeks - 1)
        cal = self.model.calendar
        return int(cal.year[t]), int(cal.week[t])

    @property
    def in_burn_in(self) -> bool:
        """Whether the next step is still in the burn-in year (the 2025 practice)."""
        return self.calendar_of(self.week)[0] < self.model.start_year

    def step(self, weeks: int = 1) -> int:
        """Advance up to ``weeks`` weeks (stops at the end); return the weeks done."""
        done = 0
        while done < weeks and not self.finished:
            with self.lock:
                self.model.step()
                if self.tracker is not None:
                    self.tracker.observe(self.model)
            done += 1
        return done

    @_locked
    def series(self) -> pd.DataFrame:
        """Return the DataCollector's weekly series so far (row 0 = the start, before the first step)."""
        return self.model.datacollector.get_model_vars_dataframe()

    @_locked
    def wijk_values(self, metric: str) -> np.ndarray:
        """Return a value per wijk, now (NaN for wijken without youths).

        The share in jeugdhulp, mean protective factors, share with a meaningful relation with a youth worker,
        or nuisance acts this year per 100 youths (NaN for wijken without youths).
        """
        y = self.model.y
        n_wijk = len(self.model.inputs.wijk_codes)
        count = np.bincount(y.wijk, minlength=n_wijk).astype(float)
        if metric == "in_care_share":
            total = np.bincount(y.wijk, weights=(y.jh_level > 0).astype(float), minlength=n_wijk)
        elif metric == "protective_mean":
            total = np.bincount(y.wijk, weights=y.P.mean(axis=1), minlength=n_wijk)
        elif metric == "relation_share":
            meaningful = (y.relation >= self.model.params["meaningful_relation"]).astype(float)
            total = np.bincount(y.wijk, weights=meaningful, minlength=n_wijk)
        elif metric == "nuisance_acts_per_100":
            total = np.bincount(y.wijk, weights=y.nuisance_acts_year.astype(float), minlength=n_wijk) * 100
        else:
            raise KeyError(f"unknown live metric {metric!r}")
        return np.divide(total, count, out=np.full(n_wijk, np.nan), where=count > 0)

    @_locked
    def follow(self, uid: int) -> bool:
        """Start following the person with ``uid``; False if nobody in the simulation has it now."""
        slots = np.flatnonzero(self.model.y.uid == int(uid))
        if slots.size == 0:
            return False
        self.tracker = Tracker(int(uid), int(slots[0]), self.week)
        self.tracker.observe(self.model)
        return True

    @_locked
    def pick(self, kind: str) -> int:
        """Return a uid to follow: a youth aged 12-17 of the kind asked for.

        Kinds: ``vulnerable``, ``jv`` (Jeugd & Veiligheid), ``in_care`` or ``any`` (a fixed choice per seed,
        so the same button picks the same person again).
        """
        y = self.model.y
        age = y.age_weeks // WEEKS_PER_YEAR
        mask = (age >= 12) & (age <= 17)
        if kind == "vulnerable":
            mask &= y.vulnerable
        elif kind == "jv":
            mask &= y.jv
        elif kind == "in_care":
            mask &= y.jh_level > 0
        candidates = np.sort(y.uid[mask]) if mask.any() else np.sort(y.uid)
        rng = np.random.default_rng([self.seed, self.week, len(kind)])
        return int(candidates[rng.integers(candidates.size)])

    @_locked
    def uid_range(self) -> tuple[int, int]:
        """Return the smallest and largest uid in the simulation now."""
        return int(self.model.y.uid.min()), int(self.model.y.uid.max())


FACTOR_NAMES = {"protective": PROTECTIVE, "risk": RISK}
