"""The weekly calendar.

School weeks, seasons, New Year, events (Vierdaagsefeesten and kermis, Ramadan, NEC home matches).

A simulated year has 52 weeks (ISO week 53 is folded into week 52). School holidays follow the
pattern of region Zuid (Nijmegen): spring (week 8), May (17-18), summer (29-34), autumn (43) and
Christmas (52, 1) — an *assumption* that ignores the yearly rotation of summer dates between regions.
Ramadan weeks are computed from the expected start dates (astronomical calendar, ±1 day).
NEC home matches: about every other week of the Eredivisie season (weeks 33-51 and 3-20), an
*assumption* in place of the yearly fixture list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

SCHOOL_HOLIDAY_WEEKS = frozenset({1, 8, 17, 18, 29, 30, 31, 32, 33, 34, 43, 52})
NEW_YEAR_WEEKS = frozenset({52, 1})
VIERDAAGSE_WEEK = 29  # Vierdaagsefeesten and the kermis: third week of July
RAMADAN_START = {  # expected first day of Ramadan
    2024: dt.date(2024, 3, 11), 2025: dt.date(2025, 3, 1), 2026: dt.date(2026, 2, 18),
    2027: dt.date(2027, 2, 8), 2028: dt.date(2028, 1, 28), 2029: dt.date(2029, 1, 16),
    2030: dt.date(2030, 1, 5), 2031: dt.date(2031, 12, 15), 2032: dt.date(2032, 12, 4),
    2033: dt.date(2033, 11, 23), 2034: dt.date(2034, 11, 12), 2035: dt.date(2035, 11, 1),
}
SEASON_PEAK_WEEK = 29
# Intensity of the Ramadan evenings, an event where youths live (the events at their places: data/events.csv).
RAMADAN_INTENSITY = 0.5


def _ramadan_weeks(year: int) -> set[int]:
    start = RAMADAN_START.get(year)
    weeks: set[int] = set()
    if start is None:
        return weeks
    for day in range(30):
        d = start + dt.timedelta(days=day)
        if d.year == year:
            weeks.add(min(d.isocalendar()[1], 52))
    if year == 2030:  # Ramadan 2031 starts 26 Dec 2030 (week 52)
        weeks.add(52)
    return weeks


@dataclass(frozen=True)
class Calendar:
    """Per-step calendar arrays for a run of ``n_weeks`` starting in week 1 of ``first_year``.

    Attributes:
        year: calendar year of each step.
        week: week of the year, 1..52.
        school_week: whether schools are open.
        season: nuisance seasonal factor with mean 1 over the year (summer peak / winter trough
            given by ``summer_ratio``).
        new_year: jaarwisseling weeks.
        event_weight: 0..1 intensity of risk moments (Vierdaagse/kermis 1, Ramadan 0.5, NEC 0.3): how much the
            ambulant team's hours are raised that week (where the hours go follows the youths).
        home_event_weight: 0..1 intensity of events where youths live (Ramadan evenings); the events at their
            places are in ``data/events.csv``.

    """

    first_year: int
    year: np.ndarray
    week: np.ndarray
    school_week: np.ndarray
    season: np.ndarray
    new_year: np.ndarray
    event_weight: np.ndarray
    home_event_weight: np.ndarray

    @classmethod
    def build(cls, first_year: int, n_weeks: int, summer_ratio: float) -> Calendar:
        """Build the calendar arrays."""
        t = np.arange(n_weeks)
        year = first_year + t // 52
        week = t % 52 + 1
        school = np.array([w not in SCHOOL_HOLIDAY_WEEKS for w in week])
        # A cosine with peak/trough ratio `summer_ratio`, normalised to mean 1.
        amp = (summer_ratio - 1.0) / (summer_ratio + 1.0)
        season = 1.0 + amp * np.cos(2 * np.pi * (week - SEASON_PEAK_WEEK) / 52.0)
        new_year = np.array([w in NEW_YEAR_WEEKS for w in week])
        event = np.zeros(n_weeks)
        home_event = np.zeros(n_weeks)
        ramadan = {y: _ramadan_weeks(int(y)) for y in np.unique(year)}
        for i, (y, w) in enumerate(zip(year, week, strict=True)):
            e = 0.0
            if w == VIERDAAGSE_WEEK:
                e = 1.0
            elif w in ramadan[int(y)]:
                e = RAMADAN_INTENSITY
            elif (33 <= w <= 51 or 3 <= w <= 20) and w % 2 == 1:
                e = 0.3
            event[i] = e
            home_event[i] = RAMADAN_INTENSITY if w in ramadan[int(y)] else 0.0
        return cls(first_year, year, week, school, season, new_year, event, home_event)
