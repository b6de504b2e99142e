"""Replicate sets: the runs of one scenario stacked as arrays, and every statistic over replicates.

A :class:`ReplicateSet` holds the replicates of one scenario (one :class:`RunResult` each) and stacks their
results as arrays with the replicate first: KPIs (replicate x year), per wijk (replicate x year x wijk), per
group (replicate x year x group) and weekly series (replicate x week). Every number jwsim reports over
replicates comes from here (``jwsim run``, ``jwsim compare``, the app, optimisation and plan checks):

* the **interval of a mean** over replicates: the Student-t 95% confidence interval (:func:`mean_interval`);
  a replicate's value of a KPI is its mean over the simulated years;
* **percentile bands** over replicates (2.5-97.5%) of weekly series, or of series combined into periods: the
  spread of one possible course rather than of the expectation (:meth:`ReplicateSet.bands`);
* the **paired difference** of two sets run with common random numbers (replicate *i* of one against
  replicate *i* of the other): the t interval of the replicate-wise differences (:class:`Paired`);
* the **unpaired (Welch) interval** of the same runs, as if they were independent, to show what pairing gains.

With fewer than :data:`MIN_REPLICATES` (3) replicates there is no interval, and no number may stand in for
one: :class:`Interval` then has ``lo`` and ``hi`` NaN and ``defined`` false, its dict form (``as_dict``,
``describe``) has ``lo`` and ``hi`` None (``null`` in JSON files, empty in CSV files), percentile bands are
NaN, and every report shows :func:`no_interval_text` ("no interval (n < 3)" / "geen interval (n < 3)")
instead. Two replicates give a t interval with one degree of freedom (12.7 standard errors wide) or, when they
happen to agree, one of zero width: neither is worth printing.

Summation order (kept so that every published number stays the same to the last bit): a plain mean over
replicates (the tables, maps and band centres) adds the replicates in order along the replicate axis; the
mean inside an interval reduces each quantity's replicates as one vector, as ``numpy.mean`` of that vector
does. The two agree except, at most, in the last bit with nine or more replicates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
from scipy import stats

from jwsim.model.results import GROUPS, RunResult

LEVEL = 0.95
MIN_REPLICATES = 3  # fewer replicates give no interval (``Interval.defined`` is False), anywhere
NO_INTERVAL = {"en": f"no interval (n < {MIN_REPLICATES})", "nl": f"geen interval (n < {MIN_REPLICATES})"}
BAND_PERCENTILES = (2.5, 97.5)
PARTS = ("kpis", "per_wijk", "per_group", "per_school", "weekly")


@dataclass(frozen=True)
class Interval:
    """A mean over replicates with its interval; the fields are floats, or arrays for many quantities at once.

    Attributes:
        mean: the mean.
        lo: lower end of the interval (NaN when there is none).
        hi: upper end of the interval (NaN when there is none).
        se: standard error of the mean (NaN when there is no interval).
        n: replicates the interval rests on.
        level: confidence level.

    """

    mean: Any
    lo: Any
    hi: Any
    se: Any
    n: int
    level: float = LEVEL

    @property
    def defined(self) -> bool:
        """Whether there are enough replicates for an interval."""
        return self.n >= MIN_REPLICATES

    @property
    def note(self) -> str:
        """Why there is no interval ('' when there is one)."""
        return "" if self.defined else NO_INTERVAL["en"]

    @property
    def width(self) -> Any:
        """``hi - lo`` (NaN without an interval)."""
        return self.hi - self.lo

    def __getitem__(self, index: Any) -> Interval:
        """One quantity of an interval computed for many (e.g. one wijk)."""
        return Interval(self.mean[index], self.lo[index], self.hi[index], self.se[index], self.n, self.level)

    def as_dict(self, *extra: str) -> dict[str, Any]:
        """``{"mean", "lo", "hi"}`` as floats, plus any of ``"se"`` and ``"n"`` named in ``extra``.

        Without an interval (fewer than :data:`MIN_REPLICATES` replicates) ``lo``, ``hi`` and ``se`` are None
        and ``note`` says why.
        """
        ok = self.defined
        out: dict[str, Any] = {
            "mean": float(self.mean),
            "lo": float(self.lo) if ok else None,
            "hi": float(self.hi) if ok else None,
        }
        for key in extra:
            out[key] = self.n if key == "n" else (float(getattr(self, key)) if ok else None)
        if not ok:
            out["note"] = self.note
        return out


def _replicates_last(values: Any) -> np.ndarray:
    """Return the values with the replicate axis (0) last and contiguous: each reduction is a vector's."""
    v = np.asarray(values, dtype=float)
    return np.ascontiguousarray(np.moveaxis(v, 0, -1)) if v.ndim > 1 else v


def mean_interval(values: Any, level: float = LEVEL) -> Interval:
    """Mean over replicates (axis 0) with the Student-t interval of the mean, for each quantity at once."""
    v = _replicates_last(values)
    n = v.shape[-1]
    mean = v.mean(axis=-1)
    if n < MIN_REPLICATES:
        none = mean * np.nan  # NaN of the mean's shape (a float for one quantity)
        return Interval(mean, none, none, none, n, level)
    se = v.std(axis=-1, ddof=1) / np.sqrt(n)
    half = stats.t.ppf(0.5 + level / 2, n - 1) * se
    return Interval(mean, mean - half, mean + half, se, n, level)


def paired_interval(reference: Any, other: Any, level: float = LEVEL) -> Interval:
    """Mean of ``other - reference`` over paired replicates (axis 0) with its t interval.

    Raises:
        ValueError: the two do not have the same number of replicates (they cannot be paired).

    """
    a, b = np.asarray(reference, dtype=float), np.asarray(other, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"paired replicates differ in number: {a.shape} vs {b.shape}")
    return mean_interval(b - a, level)


def welch_interval(reference: Any, other: Any, level: float = LEVEL) -> Interval:
    """Mean of ``other`` minus mean of ``reference``, Welch interval (as if the runs were independent)."""
    a, b = _replicates_last(reference), _replicates_last(other)
    na, nb = a.shape[-1], b.shape[-1]
    mean = b.mean(axis=-1) - a.mean(axis=-1)
    if min(na, nb) < MIN_REPLICATES:
        none = mean * np.nan
        return Interval(mean, none, none, none, min(na, nb), level)
    va, vb = a.var(axis=-1, ddof=1) / na, b.var(axis=-1, ddof=1) / nb
    se = np.sqrt(va + vb)
    spread = se > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        df = (va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (nb - 1))
        half = np.where(spread, stats.t.ppf(0.5 + level / 2, np.where(spread, df, 1.0)) * se, 0.0)
    return Interval(mean, mean - half, mean + half, se, min(na, nb), level)


@dataclass(frozen=True)
class Difference:
    """A paired difference with the unpaired (Welch) interval of the same runs beside it."""

    paired: Interval
    unpaired: Interval

    @property
    def width_ratio(self) -> float | None:
        """How many times narrower the paired interval is (None: no paired spread, or no interval)."""
        wp = float(self.paired.width)
        return float(self.unpaired.width) / wp if self.paired.defined and wp > 0 else None

    def as_dict(self) -> dict[str, Any]:
        """Return the document's form: paired mean and interval, the unpaired one, widths and ratio."""
        return {
            **self.paired.as_dict(),
            "unpaired": {k: self.unpaired.as_dict()[k] for k in ("lo", "hi")},
            "paired_width": float(self.paired.width) if self.paired.defined else None,
            "unpaired_width": float(self.unpaired.width) if self.unpaired.defined else None,
            "width_ratio": self.width_ratio,
        }


def difference(reference: Any, other: Any, level: float = LEVEL) -> Difference:
    """Paired difference ``other - reference`` and the Welch interval of the same values."""
    return Difference(paired_interval(reference, other, level), welch_interval(reference, other, level))


def describe(values: Any, level: float = LEVEL) -> dict[str, Any]:
    """Mean with its t interval, the 2.5-97.5 percentile range of the values themselves, and ``n``.

    Without an interval (fewer than :data:`MIN_REPLICATES` values) the interval and the range are None.
    """
    v = np.asarray(values, dtype=float)
    iv = mean_interval(v, level)
    spread = [float(x) for x in np.percentile(v, BAND_PERCENTILES)] if iv.defined else [None, None]
    return {**iv.as_dict(), "p2_5": spread[0], "p97_5": spread[1], "n": iv.n}


def percentile_bands(values: Any) -> dict[str, np.ndarray]:
    """Mean and 2.5/97.5 percentiles over replicates (axis 0), for each quantity (NaN with < 3 replicates)."""
    v = np.asarray(values, dtype=float)
    lo, hi = BAND_PERCENTILES
    mean = v.mean(axis=0)
    if v.shape[0] < MIN_REPLICATES:
        none = np.full_like(mean, np.nan)
        return {"mean": mean, "lo": none, "hi": none.copy()}
    return {"mean": mean, "lo": np.percentile(v, lo, axis=0), "hi": np.percentile(v, hi, axis=0)}


def no_interval_text(lang: str = "en") -> str:
    """Return what reports show instead of an interval from fewer than :data:`MIN_REPLICATES` replicates."""
    return NO_INTERVAL["nl" if lang == "nl" else "en"]


def has_interval(d: Mapping[str, Any]) -> bool:
    """Whether the dict form of an interval (``as_dict``, ``describe``) holds one."""
    return d.get("lo") is not None and d.get("hi") is not None


def interval_text(d: Mapping[str, Any], show: Any, lang: str = "en", sep: str = " – ") -> str:
    """Return ``"<lo><sep><hi>"`` (ends shown by ``show``), or :func:`no_interval_text` without one."""
    return f"{show(d['lo'])}{sep}{show(d['hi'])}" if has_interval(d) else no_interval_text(lang)


def period_totals(weekly: np.ndarray, how: str, period: int) -> np.ndarray:
    """(replicates, weeks) combined into whole blocks of ``period`` weeks: ``"sum"`` or ``"mean"``."""
    if period == 1:
        return weekly
    n = weekly.shape[1] // period * period
    blocks = weekly[:, :n].reshape(weekly.shape[0], -1, period)
    return blocks.sum(axis=2) if how == "sum" else blocks.mean(axis=2)


class ReplicateSet(Sequence[RunResult]):
    """The replicates of one scenario: a sequence of runs, and their results stacked with the replicate first.

    Attributes:
        runs: the runs, in replicate order.
        kpis: KPI -> (replicates, years).
        per_wijk: metric -> (replicates, years, wijken).
        per_group: metric -> (replicates, years, groups).
        per_school: metric -> (replicates, years, school locations).
        weekly: series -> (replicates, weeks).

    """

    def __init__(self, runs: Iterable[RunResult]) -> None:
        self.runs: tuple[RunResult, ...] = tuple(runs)
        if not self.runs:
            raise ValueError("a replicate set needs at least one run")
        first = self.runs[0]
        for r in self.runs[1:]:
            if list(r.years) != list(first.years) or tuple(r.wijk_codes) != tuple(first.wijk_codes):
                raise ValueError("the runs of a replicate set must cover the same years and wijken")
        stacked = {
            part: {k: np.stack([getattr(r, part)[k] for r in self.runs]) for k in getattr(first, part)}
            for part in PARTS
        }
        self.kpis: Mapping[str, np.ndarray] = stacked["kpis"]
        self.per_wijk: Mapping[str, np.ndarray] = stacked["per_wijk"]
        self.per_group: Mapping[str, np.ndarray] = stacked["per_group"]
        self.per_school: Mapping[str, np.ndarray] = stacked["per_school"]
        self.weekly: Mapping[str, np.ndarray] = stacked["weekly"]

    # ---------------------------------------------------------------------------------- sequence of runs
    def __len__(self) -> int:
        return len(self.runs)

    @overload
    def __getitem__(self, index: int) -> RunResult: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[RunResult]: ...

    def __getitem__(self, index):
        return self.runs[index]

    def __iter__(self) -> Iterator[RunResult]:
        return iter(self.runs)

    @property
    def n(self) -> int:
        """Number of replicates."""
        return len(self.runs)

    @property
    def years(self) -> list[int]:
        """Calendar years simulated."""
        return list(self.runs[0].years)

    @property
    def start_year(self) -> int:
        """First simulated year."""
        return self.runs[0].start_year

    @property
    def wijk_codes(self) -> tuple[str, ...]:
        """CBS codes of the wijken, in the order of the per-wijk arrays."""
        return tuple(self.runs[0].wijk_codes)

    @property
    def wijk_names(self) -> tuple[str, ...]:
        """Names of the wijken, in the same order."""
        return tuple(self.runs[0].wijk_names)

    @property
    def school_codes(self) -> tuple[str, ...]:
        """Codes (BRIN + location) of the school locations, in the order of the per-school arrays."""
        return tuple(self.runs[0].school_codes)

    @property
    def school_names(self) -> tuple[str, ...]:
        """Names of the school locations, in the same order."""
        return tuple(self.runs[0].school_names)

    # ------------------------------------------------------------------------------ one value per replicate
    def kpi_values(self, kpi: str) -> np.ndarray:
        """(replicates,): each replicate's mean of the KPI over the simulated years."""
        return self.kpis[kpi].mean(axis=1)

    def wijk_values(self, metric: str) -> np.ndarray:
        """(replicates, wijken): each replicate's mean of the per-wijk metric over the simulated years."""
        return self.per_wijk[metric].mean(axis=1)

    def group_values(self, metric: str) -> np.ndarray:
        """(replicates, groups): each replicate's mean of the per-group metric over the simulated years."""
        return self.per_group[metric].mean(axis=1)

    def school_values(self, metric: str) -> np.ndarray:
        """(replicates, schools): each replicate's mean of the per-school metric over the simulated years."""
        return self.per_school[metric].mean(axis=1)

    def period_values(self, series: str, how: str = "sum", period: int = 1) -> np.ndarray:
        """(replicates, periods): a weekly series combined into blocks of ``period`` weeks."""
        return period_totals(self.weekly[series], how, period)

    def wijk_present(self) -> np.ndarray:
        """Which wijken have youths (a few are industrial or rural and have none)."""
        return self.wijk_values("youths_10_23").mean(axis=0) > 0

    # ----------------------------------------------------------------------------------------- statistics
    def kpi_interval(self, kpi: str) -> Interval:
        """Return the KPI's mean over replicates with its interval."""
        return mean_interval(self.kpi_values(kpi))

    def kpi_table(self) -> dict[str, Interval]:
        """KPI -> mean over replicates with its interval."""
        return {k: self.kpi_interval(k) for k in self.kpis}

    def wijk_interval(self, metric: str, factor: float = 1.0) -> Interval:
        """Per wijk: the metric (times ``factor``, e.g. 100 for percent) with its interval; index by wijk."""
        return mean_interval(self.wijk_values(metric) * factor)

    def group_interval(self, metric: str) -> Interval:
        """Per group (``GROUPS`` order): the metric with its interval."""
        return mean_interval(self.group_values(metric))

    def per_group_table(self) -> dict[str, dict[str, Interval]]:
        """Group -> metric -> mean over replicates with its interval."""
        ivs = {m: self.group_interval(m) for m in self.per_group}
        return {name: {m: iv[g] for m, iv in ivs.items()} for g, name in enumerate(GROUPS)}

    def per_wijk_table(self) -> list[dict[str, Any]]:
        """One row per wijk with youths: each metric's mean over years and replicates (counts rounded)."""
        means = {m: self.wijk_values(m).mean(axis=0) for m in self.per_wijk}
        rows = []
        for j, code in enumerate(self.wijk_codes):
            if means["youths_10_23"][j] <= 0:
                continue
            row: dict[str, Any] = {"wijk_code": code, "wijk_naam": self.wijk_names[j]}
            for m, v in means.items():
                row[m] = int(round(v[j])) if m.startswith("youths_") else float(v[j])
            rows.append(row)
        return rows

    def per_school_table(self) -> list[dict[str, Any]]:
        """One row per school location: each metric's mean over years and replicates."""
        means = {m: self.school_values(m).mean(axis=0) for m in self.per_school}
        return [
            {"school_code": code, "school_naam": self.school_names[j],
             **{m: float(v[j]) for m, v in means.items()}}
            for j, code in enumerate(self.school_codes)
        ]

    def bands(self, series: str, how: str = "sum", period: int = 1) -> dict[str, np.ndarray]:
        """Mean and 2.5/97.5 percentile band over replicates of a weekly series (or its periods)."""
        return percentile_bands(self.period_values(series, how, period))


def replicate_set(runs: ReplicateSet | Iterable[RunResult]) -> ReplicateSet:
    """Return ``runs`` as a replicate set (stacked once; a set is returned as it is)."""
    return runs if isinstance(runs, ReplicateSet) else ReplicateSet(runs)


def check_paired(reference: Sequence[RunResult], other: Sequence[RunResult]) -> None:
    """Raise ValueError unless replicate *i* of both ran with the same seed, for every *i*."""
    if len(reference) != len(other):
        raise ValueError(f"paired replicates differ in number: {len(reference)} vs {len(other)}")
    for a, b in zip(reference, other, strict=True):
        if tuple(a.seed_key) != tuple(b.seed_key):
            raise ValueError(f"replicates are not paired: seed {a.seed_key} against {b.seed_key}")


class Paired:
    """Two replicate sets run with common random numbers: replicate *i* of each shares a seed.

    Every statistic is of ``other - reference``.

    Raises:
        ValueError: the sets differ in number of replicates, or replicate *i* of the two has another seed.

    """

    def __init__(self, reference: Iterable[RunResult], other: Iterable[RunResult]) -> None:
        self.reference, self.other = replicate_set(reference), replicate_set(other)
        check_paired(self.reference, self.other)

    def kpi(self, kpi: str) -> Difference:
        """Return the KPI's paired difference with the unpaired interval beside it."""
        return difference(self.reference.kpi_values(kpi), self.other.kpi_values(kpi))

    def kpi_by_year(self, kpi: str) -> Interval:
        """Per simulated year (index by year): the paired difference of the KPI."""
        return paired_interval(self.reference.kpis[kpi], self.other.kpis[kpi])

    def wijk(self, metric: str, factor: float = 1.0) -> Interval:
        """Per wijk (index by wijk): the paired difference of the metric, times ``factor``."""
        return mean_interval((self.other.wijk_values(metric) - self.reference.wijk_values(metric)) * factor)

    def wijk_means(self, metric: str) -> np.ndarray:
        """Per wijk: the plain mean over replicates of the paired differences (maps)."""
        return (self.other.wijk_values(metric) - self.reference.wijk_values(metric)).mean(axis=0)

    def school(self, metric: str) -> Interval:
        """Per school location (index by school): the paired difference of the metric."""
        return paired_interval(self.reference.school_values(metric), self.other.school_values(metric))

    def group(self, metric: str) -> Interval:
        """Per group (index by group): the paired difference of the metric."""
        return paired_interval(self.reference.group_values(metric), self.other.group_values(metric))

    def bands(self, series: str, how: str = "sum", period: int = 1) -> dict[str, np.ndarray]:
        """Percentile bands of the replicate-wise differences of a weekly series (or its periods)."""
        a = self.reference.period_values(series, how, period)
        return percentile_bands(self.other.period_values(series, how, period) - a)


def interval_rows(iv: Interval, codes: Sequence[str], names: Sequence[str], keep: np.ndarray | None = None,
                  kind: str = "wijk") -> list[dict]:
    """One row per kept place of a per-wijk (or per-school: ``kind``) interval: code, name, mean, lo, hi."""
    return [
        {f"{kind}_code": code, f"{kind}_naam": names[j], **iv[j].as_dict()}
        for j, code in enumerate(codes)
        if keep is None or keep[j]
    ]
