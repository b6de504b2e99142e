"""Recording: weekly city-wide series, yearly KPIs, and per-wijk, per-group and per-school yearly tables.

What is recorded comes from the processes' declarations (``model/process.py``): every :class:`Weekly`
value a process reports is scaled (agents -> youths) here and only here, kept as a weekly series if
declared so, and aggregated over the year as declared; every :class:`Yearly` indicator is filled from those
aggregates or set by its process at the end of each simulated year. Everything is preallocated at model
creation (weeks x series, years x KPIs, years x wijken, years x groups, years x school locations) and filled
in place; indicators that
need the whole population (prevalences, factor means) are computed once per year, so recording stays off
the weekly hot path. :class:`RunResult` is the compact, picklable result a worker returns (numpy arrays and
small dicts, never the model).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .population import AGE_MAX, AGE_MIN, WEEKS_PER_YEAR
from .process import TABLES, Process, Weekly, Yearly
from .processes import PROCESSES

# The KPIs of `jwsim run`, in the order its report lists them; the other KPIs follow in process order.
HEADLINE_KPIS = (
    "jeugdhulp_prevalence_u18", "jeugdhulp_entries_per_year", "jeugdhulp_mean_duration_years",
    "jeugdhulp_with_stay_share", "jeugdoverlast_registered_per_year", "halt_per_10k_12_17",
    "suspects_per_1000_12_17", "suspects_per_1000_18_23", "vsv_rate_12_23", "returns_per_year",
    "startkwalificatie_share_18_23", "mental_problems_12_16",
    "loneliness_strong_15_23", "payment_arrears_18_23", "vulnerable_share_10_19", "protective_gap_vulnerable",
    "ib_youths_per_year", "youthwork_fte", "youthwork_cost_eur_per_year",
)

# Groups of the per-group table: (name, definition). Ages are (lowest, highest).
GROUP_DEFINITIONS = (
    ("kwetsbaar", "vulnerable"),
    ("niet_kwetsbaar", "not vulnerable, not HBO/WO student"),
    ("jeugd_en_veiligheid", "Jeugd & Veiligheid"),
    ("jongens", "boys"),
    ("meisjes", "girls"),
    ("10_11", (10, 11)),
    ("12_17", (12, 17)),
    ("18_23", (18, 23)),
)
GROUPS = tuple(name for name, _ in GROUP_DEFINITIONS)


def declared_weekly(processes: Sequence[type[Process]]) -> tuple[Weekly, ...]:
    """Return the weekly values of ``processes`` in process and declaration order."""
    return tuple(r for proc in processes for r in proc.weekly_results())


def declared_yearly(processes: Sequence[type[Process]], table: str) -> tuple[Yearly, ...]:
    """Return the yearly indicators of one table of ``processes``; KPIs with the headline KPIs first."""
    out = tuple(r for proc in processes for r in proc.yearly_results(table))
    if table == "kpis":
        by_name = {r.name: r for r in out}
        out = (*(by_name[k] for k in HEADLINE_KPIS if k in by_name),
               *(r for r in out if r.name not in HEADLINE_KPIS))
    return out


def check_declarations(processes: Sequence[type[Process]]) -> None:
    """Raise ValueError if declarations clash or refer to what is not declared."""
    names = [p.name for p in processes]
    if len(set(names)) != len(names):
        raise ValueError(f"two processes share a name: {names}")
    owners: dict[str, str] = {}
    for proc in processes:
        for state in proc.states:
            if state.name in owners:
                raise ValueError(f"state '{state.name}' is declared by {owners[state.name]} and {proc.name}")
            owners[state.name] = proc.name
    weekly = {r.name: r for r in declared_weekly(processes)}
    if len(weekly) != len(declared_weekly(processes)):
        raise ValueError("two weekly results share a name")
    for table in TABLES:
        yearly = declared_yearly(processes, table)
        if len({r.name for r in yearly}) != len(yearly):
            raise ValueError(f"two yearly results of table {table} share a name")
        for r in yearly:
            for source in r.sources:
                if source not in weekly:
                    raise ValueError(f"{table}.{r.name}: source '{source}' is not a declared weekly value")
                if table == "per_school":
                    raise ValueError(f"{table}.{r.name}: per-school values are set by their process, not "
                                     "aggregated from weekly sources")
                if table == "per_wijk" and not weekly[source].by_wijk:
                    raise ValueError(f"{table}.{r.name}: source '{source}' is not reported per wijk")
                if weekly[source].year is None:
                    raise ValueError(f"{table}.{r.name}: source '{source}' has no yearly aggregation")


check_declarations(PROCESSES)
WEEKLY_SERIES = tuple(r.name for r in declared_weekly(PROCESSES) if r.series)
KPIS = tuple(r.name for r in declared_yearly(PROCESSES, "kpis"))
WIJK_METRICS = tuple(r.name for r in declared_yearly(PROCESSES, "per_wijk"))
GROUP_METRICS = tuple(r.name for r in declared_yearly(PROCESSES, "per_group"))
SCHOOL_METRICS = tuple(r.name for r in declared_yearly(PROCESSES, "per_school"))


@dataclass
class RunResult:
    """Compact results of one run (one scenario, one replicate)."""

    label: str
    seed_key: tuple[int, ...]
    scale: float
    start_year: int
    years: list[int]
    burn_in_weeks: int
    weekly: dict[str, np.ndarray]
    kpis: dict[str, np.ndarray]                # name -> (years,)
    per_wijk: dict[str, np.ndarray]            # metric -> (years, 44)
    per_group: dict[str, np.ndarray]           # metric -> (years, groups)
    wijk_codes: tuple[str, ...] = ()
    wijk_names: tuple[str, ...] = ()
    meta: dict = field(default_factory=dict)
    per_school: dict[str, np.ndarray] = field(default_factory=dict)  # metric -> (years, school locations)
    school_codes: tuple[str, ...] = ()         # BRIN + location (data/schools.csv), in the table's order
    school_names: tuple[str, ...] = ()

    def kpi_means(self) -> dict[str, float]:
        """Yearly means over the simulated years."""
        return {k: float(np.mean(v)) for k, v in self.kpis.items()}


class Year:
    """What a process needs to set its yearly indicators at the end of a simulated year.

    Attributes:
        sums: the year's sum of each weekly value with a yearly aggregation (scaled, as recorded).
        groups: the masks of the per-group table, in the order of ``GROUPS``.

    """

    def __init__(self, model, recorder: Recorder) -> None:
        y = model.y
        self.y = y
        self.scale = model.scale
        self.sums = recorder.year_sum
        self._recorder = recorder
        self._values: dict[tuple[str, str], object] = {}
        self._masks: dict[tuple[int, int], np.ndarray] = {}
        nonstudent = ~y.student
        by_name = {"vulnerable": y.vulnerable,
                   "not vulnerable, not HBO/WO student": ~y.vulnerable & nonstudent,
                   "Jeugd & Veiligheid": y.jv, "boys": y.male, "girls": ~y.male}
        self.groups = tuple(by_name[d] if isinstance(d, str) else self.ages(*d) for _, d in GROUP_DEFINITIONS)

    def ages(self, lowest: int, highest: int) -> np.ndarray | None:
        """Youths aged ``lowest`` to ``highest`` (``None``: everyone)."""
        if lowest <= AGE_MIN and highest >= AGE_MAX:
            return None
        key = (lowest, highest)
        if key not in self._masks:
            age = self.y.age
            self._masks[key] = (age >= lowest) & (age <= highest)
        return self._masks[key]

    def mask(self, name: str, table: str = "kpis") -> np.ndarray | None:
        """Youths of the ages declared for the indicator ``name`` of ``table`` (``None``: everyone)."""
        ages = self._recorder.yearly[table][name].ages
        return None if ages is None else self.ages(*ages)

    def share(self, flag: np.ndarray, mask: np.ndarray | None) -> float:
        """Share of the youths in ``mask`` (``None``: everyone) for whom ``flag`` holds (0 if none)."""
        if mask is None:
            return float(np.count_nonzero(flag) / flag.shape[0]) if flag.shape[0] else 0.0
        n = np.count_nonzero(mask)
        return float(np.count_nonzero(flag & mask) / n) if n else 0.0

    def count(self, mask: np.ndarray) -> float:
        """Return the number of youths in ``mask`` (scaled: youths, not agents)."""
        return np.count_nonzero(mask) * self.scale

    def by_wijk(self, weights: np.ndarray | None = None, mask: np.ndarray | None = None) -> np.ndarray:
        """Sum of ``weights`` (default: count) per wijk over the youths in ``mask`` (default: everyone)."""
        wj, n_w = self.y.wijk, self._recorder.n_wijk
        if mask is None:  # everyone: no copies of the wijken and weights (less temporary memory)
            return np.bincount(wj, weights=weights, minlength=n_w).astype(float)
        wts = None if weights is None else weights[mask]
        return np.bincount(wj[mask], weights=wts, minlength=n_w).astype(float)

    def set(self, name: str, value, table: str = "kpis") -> None:
        """Set the indicator ``name`` of ``table`` (a number; per wijk or per group an array)."""
        if name not in self._recorder.yearly[table]:
            raise KeyError(f"{table}.{name} is not a declared yearly result")
        self._values[(table, name)] = value


class Recorder:
    """Preallocated result arrays, weekly recording and the yearly indicators, from the declarations."""

    def __init__(self, model) -> None:
        processes = model.processes
        classes = [type(p) for p in processes]
        n_weeks, n_years = model.n_weeks, model.n_years
        self.n_wijk = len(model.inputs.wijk_codes)
        self.scale = model.scale
        # (process, declaration, factor): the factor turns a reported agent count into the recorded value.
        self._weekly = []
        for proc in processes:
            for r in type(proc).weekly_results():
                factor = 1.0
                if r.divide_by is not None:
                    factor = model.scale / model.params[r.divide_by]
                elif r.scales:
                    factor = model.scale
                self._weekly.append((proc, r, factor))
        self.weekly = {r.name: np.zeros(n_weeks) for _, r, _ in self._weekly if r.series}
        self.yearly = {table: {r.name: r for r in declared_yearly(classes, table)} for table in TABLES}
        self.kpis = {k: np.zeros(n_years) for k in self.yearly["kpis"]}
        self.per_wijk = {k: np.zeros((n_years, self.n_wijk)) for k in self.yearly["per_wijk"]}
        self.per_group = {k: np.zeros((n_years, len(GROUPS))) for k in self.yearly["per_group"]}
        n_schools = len(model.inputs.schools.codes)
        self.per_school = {k: np.zeros((n_years, n_schools)) for k in self.yearly["per_school"]}
        self._aggregation = {r.name: r.year for _, r, _ in self._weekly}
        self.year_sum: dict[str, float] = {}
        self.wijk_sum: dict[str, np.ndarray] = {}
        self.latest = {r.name: self._value(proc, r, factor)[0] for proc, r, factor in self._weekly}
        self.reset_year()
        # The weekly work, bound once: (the process's week values, name, factor, series array or None,
        # whether the year sums it); values reported per wijk apart.
        self._plain = [(proc.week, r.name, factor, self.weekly.get(r.name), r.name in self.year_sum)
                       for proc, r, factor in self._weekly if not r.by_wijk]
        self._wijk = [(proc, r, factor) for proc, r, factor in self._weekly if r.by_wijk]
        # Only the processes that report end-of-week values.
        self._recording = [p for p in processes if type(p).record is not Process.record]

    def reset_year(self) -> None:
        """Zero the within-year accumulators."""
        self.year_sum = {r.name: 0.0 for _, r, _ in self._weekly if r.year in ("sum", "mean")}
        self.wijk_sum = {r.name: np.zeros(self.n_wijk) for _, r, _ in self._weekly if r.by_wijk}

    @staticmethod
    def _value(proc: Process, r: Weekly, factor: float):
        """Return the recorded value of a reported one (and its per-wijk values if reported per wijk)."""
        v = proc.week[r.name]
        if not r.by_wijk or not isinstance(v, np.ndarray):
            return v * factor, None
        per_wijk = v * factor
        # Incidents (counts divided by a parameter) are summed after scaling, youth counts before.
        return (float(per_wijk.sum()) if r.divide_by else v.sum() * factor), per_wijk

    def record_week(self, model, t: int) -> None:
        """Store this week's values and add them to the year's accumulators."""
        for proc in self._recording:
            proc.record(model)
        latest, year_sum = self.latest, self.year_sum
        for week, name, factor, series, summed in self._plain:
            value = week[name] * factor  # factor 1 for values that do not count agents: the same number
            latest[name] = value
            if series is not None:
                series[t] = value
            if summed:
                year_sum[name] += value
        for proc, r, factor in self._wijk:
            value, per_wijk = self._value(proc, r, factor)
            latest[r.name] = value
            if r.series:
                self.weekly[r.name][t] = value
            if r.name in year_sum:
                year_sum[r.name] += value
            self.wijk_sum[r.name] += per_wijk

    def close_year(self, model, i: int) -> None:
        """Compute the yearly KPIs, per-wijk, per-group and per-school tables of simulated year ``i``."""
        year = Year(model, self)
        for proc in model.processes:
            proc.close_year(model, year)
        tables = {"kpis": self.kpis, "per_wijk": self.per_wijk, "per_group": self.per_group,
                  "per_school": self.per_school}
        for table, declared in self.yearly.items():
            for name, r in declared.items():
                if r.sources:
                    value = self._aggregate(table, r)
                elif (table, name) in year._values:
                    value = year._values[(table, name)]
                    if r.scales:
                        value = value * self.scale
                    if r.rate_per:
                        value = value * r.rate_per
                else:
                    raise RuntimeError(f"{table}.{name}: declared but neither aggregated nor set this year")
                tables[table][name][i] = value

    def _aggregate(self, table: str, r: Yearly):
        """Return the year's aggregate of the sources of ``r`` (summed over the sources)."""
        total = None
        for source in r.sources:
            if table == "per_wijk":
                value = self.wijk_sum[source]
            elif self._aggregation[source] == "last":
                value = self.latest[source]
            elif self._aggregation[source] == "mean":
                value = self.year_sum[source] / WEEKS_PER_YEAR
            else:
                value = self.year_sum[source]
            total = value if total is None else total + value
        return total
