"""The data dictionary of an experiment's tables: what each column means, in which unit, for whom.

Every Parquet part a sweep writes carries the essentials in its schema (per field: ``label_nl``,
``label_en``, ``unit``, ``ages``) and the manifest holds the whole entries under ``data_dictionary`` (also
``scales``, ``aggregation`` and ``description``), so a reader needs no jwsim to know what a number is::

    import pyarrow.parquet as pq
    for f in pq.read_schema("results/sweep-smoke/runs/part-000001.parquet"):
        print(f.name, f.metadata[b"unit"].decode(), f.metadata[b"label_en"].decode())

KPI, per-wijk and per-school entries come from the processes' declarations (``model/process.py``:
:class:`Yearly` and the :class:`Weekly` values it aggregates); the other columns are described here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from jwsim.model.params import REGISTRY
from jwsim.model.process import Weekly, Yearly
from jwsim.model.processes import PROCESSES
from jwsim.model.results import declared_weekly, declared_yearly

from .labels import FORM_LABELS, ORG_LABELS, factor_label

FIELDS = ("label_nl", "label_en", "unit", "ages", "scales", "aggregation", "description")
# What every Parquet field carries (the manifest has all FIELDS): a part of one run stays small.
PART_FIELDS = ("label_nl", "label_en", "unit", "ages")
_RUN_MEAN = "mean over the run's simulated years"

# Columns that identify a run or record how it was run: (Dutch, English, unit, description).
_FIXED: dict[str, tuple[str, str, str, str]] = {
    "run_key": ("Sleutel van de run", "Run key", "text",
                "point/scenario/replicate, unique in the experiment"),
    "point": ("Ontwerppunt", "Design point", "index", "number of the design point (0-based)"),
    "scenario": ("Scenario", "Scenario", "name", "name of the scenario the point was applied to"),
    "replicate": ("Replicatie", "Replicate", "index", "replicate number; replicates share random numbers "
                  "across scenarios and points (common random numbers)"),
    "seed": ("Startgetal", "Root seed", "integer", "the experiment's root seed; with the replicate it fixes "
             "every random stream"),
    "scale": ("Schaal", "Scale", "youths per simulated youth", "1 = every youth simulated"),
    "years": ("Jaren", "Years", "years", "simulated years after the burn-in"),
    "wijk_code": ("Wijkcode", "Wijk code", "CBS code", "CBS code of the wijk (WK026800-style)"),
    "school_code": ("Schoolcode", "School code", "BRIN + location",
                    "BRIN number and location number of the school location (data/schools.csv)"),
    "evidence": ("Bewijsregime", "Evidence regime", "regime",
                 "evidence regime of the run's effect parameters: pessimistic, central or optimistic (the "
                 "design's evidence factor, or --evidence; explicit parameter values win)"),
    "posterior_draw": ("Trekking uit de posterior", "Posterior draw", "index",
                       "member of the posterior ensemble the run's parameters were drawn from"),
    "alloc_sjw_hours_per_week": ("SJW-uren per week (alle scholen)", "SJW hours per week (all schools)",
                                 "hours/week", "school youth work hours summed over the schools"),
    "alloc_sjw_schools": ("Scholen met SJW", "Schools with SJW", "schools", "schools with SJW hours > 0"),
    "alloc_fte_total": ("Totaal fte", "Total FTE", "FTE", "all FTE of both organisations"),
    "alloc_cost_eur_per_year": ("Kosten per jaar", "Cost per year", "EUR/year",
                                "FTE x cost per FTE plus the programme lines"),
}


# Units of the levers that are not an FTE per work form (labels: experiments/labels.py).
LEVER_UNITS = {
    "sjw.hours_per_school": "hours/school/week",
    "sjw.schools": "schools",
    "alloc.ambulant_team_investment_eur": "EUR/year",
    "alloc.programme_eur": "EUR/year",
    "alloc.targeting": "category",
    "alloc.wijk_priority": "category",
    "evidence": "regime",
}


def _sources(y: Yearly, weekly: dict[str, Weekly]) -> tuple[bool, str]:
    """Whether ``y`` counts youths (scales with --scale) and how a year aggregates it."""
    if not y.sources:
        return y.scales, "set at the end of each simulated year"
    srcs = [weekly[s] for s in y.sources]
    how = {w.year for w in srcs}
    verb = {"sum": "summed", "mean": "averaged", "last": "last week's value"}
    text = " + ".join(y.sources) + ": weekly values " + ", ".join(verb.get(h, str(h)) for h in sorted(how))
    return any(w.scales for w in srcs) or y.scales, text + " over the year"


def _ages(ages: tuple[int, int] | None) -> str:
    return "10-23" if ages is None else f"{ages[0]}-{ages[1]}"


def _entry(label_nl: str, label_en: str, unit: str, ages: str = "", scales: bool = False,
           aggregation: str = "", description: str = "") -> dict[str, str]:
    return {"label_nl": label_nl, "label_en": label_en, "unit": unit, "ages": ages,
            "scales": "yes" if scales else "no", "aggregation": aggregation, "description": description}


def _declared(table: str) -> dict[str, dict[str, str]]:
    weekly = {w.name: w for w in declared_weekly(PROCESSES)}
    out = {}
    for y in declared_yearly(PROCESSES, table):
        scales, how = _sources(y, weekly)
        rate = f" (per {y.rate_per:,} youths)" if y.rate_per and "per" not in y.unit else ""
        out[y.name] = _entry(y.label_nl, y.label_en, y.unit + rate, _ages(y.ages), scales,
                             f"{how}; the column is the {_RUN_MEAN}")
    return out


def column_entry(column: str, table: str = "runs", factors: Sequence[dict[str, Any]] = ()) -> dict[str, str]:
    """Return the dictionary entry of one column of a results table (``runs``, ``per_wijk``, ``per_school``).

    Args:
        column: the column name.
        table: ``"runs"`` (one row per run), ``"per_wijk"`` (one row per run and wijk) or ``"per_school"``
            (one row per run and school location).
        factors: the design's factors (``{"name": ..., "kind": ...}``) naming the ``in_*`` columns.

    Raises:
        KeyError: a column this module cannot describe (a new column needs its entry here or a
            declaration in its process).

    """
    if column in _FIXED:
        nl, en, unit, text = _FIXED[column]
        return _entry(nl, en, unit, description=text)
    declared = _declared("kpis" if table == "runs" else table)
    if table == "runs" and column.startswith("kpi_") and column[4:] in declared:
        return declared[column[4:]]
    if table in ("per_wijk", "per_school") and column in declared:
        return declared[column]
    if column.startswith("in_"):
        by_column = {str(f["name"]).replace(".", "_"): f for f in factors}
        f = by_column.get(column[3:])
        name = str(f["name"]) if f else column[3:]
        if name in REGISTRY:
            unit = REGISTRY[name].unit
        elif name.partition(".")[0] in ORG_LABELS and name.partition(".")[2] in FORM_LABELS:
            unit = "FTE"
        else:
            unit = LEVER_UNITS.get(name, "")
        kind = f"{f['kind']} " if f else ""
        return _entry(factor_label(name, "nl"), factor_label(name, "en"), unit,
                      description=f"value of the design {kind}factor {name} at this point")
    if column.startswith("posterior_") and column[10:] in REGISTRY:
        p = REGISTRY[column[10:]]
        return _entry(p.label("nl"), p.label("en"), p.unit,
                      description=f"value of parameter {p.name} in the posterior draw")
    if column.startswith("alloc_") and column.endswith("_fte"):
        org, _, form = column[6:-4].partition("_")
        if org in ORG_LABELS and form in FORM_LABELS:
            return _entry(f"{ORG_LABELS[org][0]}: {FORM_LABELS[form][0]} (fte)",
                          f"{ORG_LABELS[org][1]}: {FORM_LABELS[form][1]} (FTE)", "FTE",
                          aggregation=_RUN_MEAN, description="realised FTE after levers and balancing")
    if column == "kpi_y":
        return _entry("Ishigami-functie", "Ishigami function", "1",
                      description="value of the Ishigami test function (the sensitivity self-check)")
    raise KeyError(f"no data-dictionary entry for column '{column}' of table {table}")


def dictionary(columns: Iterable[str], table: str = "runs",
               factors: Sequence[dict[str, Any]] = ()) -> dict[str, dict[str, str]]:
    """Return ``{column: entry}`` for the columns of a results table (see :func:`column_entry`).

    A column nothing describes (a test table, a user's evaluator) gets its name as label and an empty
    unit rather than stopping the experiment; the tests hold every column of a jwsim sweep to a full entry.
    """
    out = {}
    for c in columns:
        try:
            out[c] = column_entry(c, table, factors)
        except KeyError:
            out[c] = _entry(c, c, "", description="not described by jwsim")
    return out


def with_dictionary(table, entries: dict[str, dict[str, str]]):
    """Return the pyarrow ``table`` with each field's label, unit and ages as its metadata (bytes)."""
    import pyarrow as pa  # noqa: PLC0415

    fields = [f.with_metadata({k.encode(): entries[f.name][k].encode() for k in PART_FIELDS})
              for f in table.schema]
    return table.cast(pa.schema(fields, metadata=table.schema.metadata))
