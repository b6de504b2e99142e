"""Differences per stadsdeel: the per-wijk differences of counts summed over the 9 stadsdelen.

A cut that falls in one part of the city (the Noord extra of ``bezuiniging-2027``) shows where its effect
lands: for each count metric reported per wijk, the paired difference per stadsdeel (replicate-wise sums
over its wijken, with the Student-t interval over replicates) and each stadsdeel's share of the city's
change (its mean difference / the city's mean difference; no share when the city's change is 0, which
includes rounding dust: a change below 1e-9 of the city's level, e.g. yearly means of identical counts that
differ in the last bit).
"""

from __future__ import annotations

import numpy as np

from jwsim.data import load_inputs

from .replicates import Paired, mean_interval

# Per-wijk metrics that are counts (hours, youths, incidents): they add up over the wijken of a stadsdeel.
STADSDEEL_METRICS = (
    "jeugdhulp_in_care_10_17",
    "overlast_registered_per_year",
    "overlast_incidents_per_year",
    "suspects_per_year",
    "halt_per_year",
    "ambulant_hours_per_week",
    "wijk_hours_per_week",
    "po_hours_per_week",
)
NOORD = "WK026809"
# A city change smaller than this share of the city's level is rounding dust, not a change to divide by.
DUST = 1e-9


def share_of_city(mean: float, city: float, level: float) -> float | None:
    """Return a part's share of the city's change, or ``None`` when the city's change is 0 or dust."""
    if abs(city) <= DUST * max(abs(level), 1.0):
        return None
    return mean / city


def stadsdeel_differences(pair: Paired) -> dict:
    """Metric -> one row per stadsdeel (code, name, mean, lo, hi, share of the city's change)."""
    inputs = load_inputs()
    codes = pair.other.wijk_codes
    index = {c: i for i, c in enumerate(inputs.wijk_codes)}
    sd = np.array([inputs.stadsdeel_index[index[c]] for c in codes])
    n_sd = len(inputs.stadsdeel_codes)
    member = np.zeros((len(codes), n_sd))
    member[np.arange(len(codes)), sd] = 1.0
    out = {}
    for metric in STADSDEEL_METRICS:
        if metric not in pair.other.per_wijk:
            continue
        diff = pair.other.wijk_values(metric) - pair.reference.wijk_values(metric)  # (replicates, wijken)
        iv = mean_interval(diff @ member)
        city = float(diff.sum(axis=1).mean())
        level = float(pair.reference.wijk_values(metric).sum(axis=1).mean())
        rows = []
        for j, code in enumerate(inputs.stadsdeel_codes):
            mean = float(iv.mean[j])
            rows.append({"stadsdeel_code": code, "stadsdeel_naam": inputs.stadsdeel_names[j],
                         **iv[j].as_dict(), "share_of_city": share_of_city(mean, city, level)})
        out[metric] = rows
    return out


def noord_share(rows_by_metric: dict) -> dict[str, float | None]:
    """Metric -> Noord's share of the city's change (``None`` when the city's change is 0)."""
    return {m: next(r["share_of_city"] for r in rows if r["stadsdeel_code"] == NOORD)
            for m, rows in rows_by_metric.items()}
