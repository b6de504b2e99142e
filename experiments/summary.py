"""Summaries over replicates: means with 95% intervals, per KPI, per wijk and per week.

The interval of a KPI is the 95% confidence interval of the replicate mean (Student t over replicates;
each replicate's value is its mean over the simulated years). With one replicate there is no interval:
lo = hi = the value, and ``n`` says so. Percentile ranges of single replicates are given as ``p2_5`` and
``p97_5`` for readers who want the spread of one possible future rather than of the expectation.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats

from jwsim.model.results import RunResult


def interval(values: Sequence[float] | np.ndarray, level: float = 0.95) -> dict[str, float]:
    """Mean and t-interval of the mean of ``values``; plus the percentile range of the values."""
    v = np.asarray(values, dtype=float)
    n = v.size
    mean = float(v.mean())
    if n < 2:
        return {"mean": mean, "lo": mean, "hi": mean, "p2_5": mean, "p97_5": mean, "n": n}
    se = float(v.std(ddof=1) / np.sqrt(n))
    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * se)
    return {"mean": mean, "lo": mean - half, "hi": mean + half, "p2_5": float(np.percentile(v, 2.5)),
            "p97_5": float(np.percentile(v, 97.5)), "n": n}


def kpi_table(results: Sequence[RunResult]) -> dict[str, dict[str, float]]:
    """KPI -> interval over replicates of the yearly mean over the simulated years."""
    names = results[0].kpis.keys()
    return {k: interval([float(np.mean(r.kpis[k])) for r in results]) for k in names}


def per_wijk_table(results: Sequence[RunResult]) -> list[dict]:
    """One row per wijk with youths present: means over years and replicates."""
    r0 = results[0]
    stack = {k: np.mean([r.per_wijk[k].mean(axis=0) for r in results], axis=0) for k in r0.per_wijk}
    rows = []
    for j, code in enumerate(r0.wijk_codes):
        if stack["youths_10_23"][j] <= 0:
            continue
        rows.append({
            "wijk_code": code, "wijk_naam": r0.wijk_names[j],
            "youths_10_23": int(round(stack["youths_10_23"][j])),
            "youths_10_17": int(round(stack["youths_10_17"][j])),
            "jeugdhulp_in_care_10_17": float(stack["jeugdhulp_in_care_10_17"][j]),
            "jeugdhulp_prevalence_u18": float(stack["jeugdhulp_prevalence_u18"][j]),
            "overlast_registered_per_year": float(stack["overlast_registered_per_year"][j]),
            "overlast_incidents_per_year": float(stack["overlast_incidents_per_year"][j]),
            "suspects_per_year": float(stack["suspects_per_year"][j]),
            "halt_per_year": float(stack["halt_per_year"][j]),
            "protective_mean": float(stack["protective_mean"][j]),
            "ambulant_hours_per_week": float(stack["ambulant_hours_per_week"][j]),
        })
    return rows


def per_group_table(results: Sequence[RunResult]) -> dict[str, dict[str, dict[str, float]]]:
    """Tabulate group -> metric -> interval over replicates of the yearly mean.

    Groups: vulnerable or not, J&V, sex, age band.
    """
    from jwsim.model.results import GROUPS  # noqa: PLC0415

    out: dict[str, dict[str, dict[str, float]]] = {}
    for g, name in enumerate(GROUPS):
        out[name] = {m: interval([float(r.per_group[m][:, g].mean()) for r in results])
                     for m in results[0].per_group}
    return out


def weekly_bands(results: Sequence[RunResult], series: str) -> dict[str, np.ndarray]:
    """Mean and 2.5/97.5 percentiles across replicates of a weekly series."""
    m = np.vstack([r.weekly[series] for r in results])
    return {"mean": m.mean(axis=0), "lo": np.percentile(m, 2.5, axis=0), "hi": np.percentile(m, 97.5, axis=0)}
