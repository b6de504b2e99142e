"""Build-time curation of the places youths spend leisure time at: ``places.csv`` and ``events.csv``.

``places.csv`` holds, per wijk, the attractor figures the model's leisure distribution weighs:

* ``centre_niet_woningen`` — the city centre's shops and horeca: the non-residential units (CBS KWB 2024
  ``niet_woningen``) of the buurten of CBS wijk Nijmegen-Centrum (the city's main shopping and horeca area);
  0 elsewhere (the centre attractor is the centre, not every buurt with offices).
* ``school_pupils`` — pupils of the VO, PRO and VSO locations in the wijk (DUO, from ``schools.csv``): where
  pupils are before and after school.

``events.csv`` is the event table (place, weeks, ages, intensity, source), checked and copied from the
transcribed source table ``data/sources/events.csv``.
"""

from __future__ import annotations

import pathlib

import pandas as pd

#: CBS wijk (stadsdeel) whose buurten make up the city centre.
CENTRE_STADSDEEL = "WK026801"
#: School types whose pupils are 12+ (the ages of the leisure attractor).
SECONDARY_TYPES = ("VO", "PRO", "VSO")
PLACES_COLUMNS = ("wijk_code", "wijk_naam", "centre_niet_woningen", "school_pupils")
EVENTS_COLUMNS = ("event", "wijk_code", "first_week", "last_week", "odd_weeks_only", "ages_low", "ages_high",
                  "intensity", "source")
EVENTS_SOURCE = pathlib.Path(__file__).resolve().parent / "sources" / "events.csv"


def build_places(wijken: pd.DataFrame, subset6: pd.DataFrame, schools: pd.DataFrame) -> pd.DataFrame:
    """Attractor figures per wijk (rows in wijk-code order)."""
    centre = subset6[subset6["wijk_code"] == CENTRE_STADSDEEL].set_index("buurt_code")["niet_woningen"]
    centre_buurten = set(wijken.loc[wijken["stadsdeel_code"] == CENTRE_STADSDEEL, "wijk_code"])
    missing = sorted(centre_buurten - set(centre.index))
    if missing:
        raise ValueError(f"KWB 2024 subset lacks niet_woningen for centre buurten {missing}")
    pupils = schools[schools["school_type"].isin(SECONDARY_TYPES)].groupby("wijk_code")["pupils"].sum()
    out = pd.DataFrame({"wijk_code": wijken["wijk_code"], "wijk_naam": wijken["wijk_naam"]})
    out["centre_niet_woningen"] = out["wijk_code"].map(centre).fillna(0).astype(int)
    out["school_pupils"] = out["wijk_code"].map(pupils).fillna(0).astype(int)
    return out.reset_index(drop=True)


def build_events(source: pd.DataFrame, codes: set[str]) -> pd.DataFrame:
    """Check the transcribed event table and return it in its output form."""
    if tuple(source.columns) != EVENTS_COLUMNS:
        raise ValueError(f"events source must have the columns {EVENTS_COLUMNS}")
    unknown = sorted(set(source["wijk_code"]) - codes)
    if unknown:
        raise ValueError(f"events source names unknown wijken {unknown}")
    weeks_ok = source["first_week"].between(1, 52) & source["last_week"].between(source["first_week"], 52)
    if not weeks_ok.all() or not source["intensity"].between(0, 1).all():
        raise ValueError("events source: weeks must be 1..52 (first <= last) and intensity in [0, 1]")
    return source.copy()


def read_events_source(path: pathlib.Path = EVENTS_SOURCE) -> pd.DataFrame:
    """Read the transcribed event table."""
    return pd.read_csv(path, dtype={"wijk_code": str}, keep_default_na=False)
