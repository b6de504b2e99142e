"""Validation of design files: factors, KPIs, balancing forms and scenarios (``jwsim.experiments.designs``).

Every problem raises :class:`ExperimentError` with one line naming the file, the key and the problem.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jwsim.model.allocation import BK10_FORMS, JC_FORMS
from jwsim.model.params import REGIMES, REGISTRY
from jwsim.model.results import KPIS
from jwsim.model.scenario import Scenario, ScenarioError, load_scenario

from .errors import ExperimentError
from .levers import levers

METHODS = ("factorial", "lhs", "sobol", "morris", "saltelli")
TOP_KEYS = {
    "name",
    "description",
    "method",
    "samples",
    "sampler_seed",
    "scenarios",
    "evaluator",
    "kpis",
    "morris_levels",
    "second_order",
    "run",
    "balance",
    "factors",
    "posterior",
    "difference",
}
RUN_KEYS = {"reps": (1, 10_000), "scale": (1, 100), "years": (1, 30), "seed": (0, 2**63 - 1)}
FACTOR_KEYS = {"low", "high", "levels"}
MAIN_KPIS = (
    "jeugdhulp_entries_per_year",
    "jeugdhulp_prevalence_u18",
    "jeugdoverlast_registered_per_year",
    "halt_per_10k_12_17",
    "suspects_per_1000_12_17",
    "vsv_rate_12_23",
    "protective_gap_vulnerable",
)
TOY = {"ishigami": {name: (-math.pi, math.pi) for name in ("x1", "x2", "x3")}}
TOY_KPIS = {"ishigami": ("y",)}
DEFAULT_RUN = {"reps": 1, "scale": 1.0, "years": 5, "seed": 20260101}
MAX_DESIGN_BYTES = 64 * 1024
# Runs in one experiment (points x scenarios x replicates). A guard against a typo that would build
# billions of runs in memory before the first one starts; a bigger study is several experiments.
MAX_RUNS = 1_000_000


@dataclass(frozen=True)
class Factor:
    """One design factor.

    Attributes:
        name: lever name (``bk10.ambulant``), registry parameter name, ``evidence`` (the evidence regime),
            or toy input (``x1``).
        kind: ``lever``, ``param``, ``regime`` or ``toy``.
        low: lower bound (numeric factors).
        high: upper bound.
        levels: explicit levels (factorial designs).
        integer: whether values are rounded to whole numbers.

    """

    name: str
    kind: str
    low: float = 0.0
    high: float = 0.0
    levels: tuple[Any, ...] = ()
    integer: bool = False

    @property
    def column(self) -> str:
        """Column suffix in the results (``in_<column>``): dots become underscores."""
        return self.name.replace(".", "_")


def _err(source: str, key: str, problem: str) -> ExperimentError:
    return ExperimentError(f"{source}: {key}: {problem}")


def _int(source: str, key: str, value: Any, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _err(source, key, f"must be a whole number, got {value!r}")
    if not lo <= value <= hi:
        raise _err(source, key, f"{value} is outside {lo}..{hi}")
    return value


def _num(source: str, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _err(source, key, f"must be a finite number, got {value!r}")
    try:
        finite = math.isfinite(value)
    except OverflowError:  # a whole number beyond float range (tomllib reads integers of any size)
        raise _err(source, key, "is too large") from None
    if not finite:
        raise _err(source, key, f"must be a finite number, got {value!r}")
    return float(value)


def _lever_factor(name: str) -> tuple[str, float, float, tuple, bool] | None:
    lev = levers().get(name)
    return None if lev is None else ("lever", lev.low, lev.high, lev.categories, lev.integer)


def _param_factor(name: str) -> tuple[str, float, float, tuple, bool] | None:
    p = REGISTRY.get(name)
    return None if p is None else ("param", p.low, p.high, (), p.integer)


# The evidence regime as a factor: ``[factors.evidence]`` with ``levels`` out of REGIMES (default: all three).
REGIME_FACTOR = "evidence"


def _regime_factor(name: str) -> tuple[str, float, float, tuple, bool] | None:
    return ("regime", 0.0, 0.0, REGIMES, False) if name == REGIME_FACTOR else None


# What a factor of the model can be, looked up in this order: (kind, low, high, categories, integer). A new
# kind of factor is one more lookup here and one more kind in ``designs.Design.point_settings``.
FACTOR_KINDS = (_lever_factor, _param_factor, _regime_factor)


def _factors(doc: dict, source: str, method: str, evaluator: str) -> tuple[Factor, ...]:
    table = doc.get("factors")
    if not isinstance(table, dict) or not table:
        raise _err(source, "factors", "missing or empty (add at least one [factors.NAME] table)")
    out = []
    for name, spec in table.items():
        key = f"factors.{name}"
        if not isinstance(spec, dict):
            raise _err(source, key, "must be a table (low/high or levels)")
        for k in spec:
            if k not in FACTOR_KEYS:
                raise _err(source, f"{key}.{k}", f"unknown key (allowed: {', '.join(sorted(FACTOR_KEYS))})")
        if evaluator in TOY:
            if name not in TOY[evaluator]:
                raise _err(
                    source, key, f"unknown input of {evaluator} (allowed: {', '.join(TOY[evaluator])})"
                )
            kind, lo, hi, cats, integer = "toy", *TOY[evaluator][name], (), False
        else:
            found = next((f for f in (lookup(name) for lookup in FACTOR_KINDS) if f is not None), None)
            if found is None:
                raise _err(
                    source,
                    key,
                    "unknown parameter or lever (parameters: docs/parameters.md; levers: "
                    "docs/researcher-guide.md, section 3; the evidence regime: evidence)",
                )
            kind, lo, hi, cats, integer = found
            if kind == "param" and lo == hi:
                raise _err(
                    source, key, f"parameter has no range in the registry (fixed at {REGISTRY[name].value:g})"
                )
            if kind == "regime":
                out.append(_regime(spec, source, key, method, cats))
                continue
        if "levels" in spec:
            if method != "factorial":
                raise _err(
                    source,
                    f"{key}.levels",
                    f"levels are for factorial designs; method {method} needs low/high",
                )
            levels = spec["levels"]
            if not isinstance(levels, list) or not levels:
                raise _err(source, f"{key}.levels", "empty (give at least one level)")
            if len(set(map(str, levels))) != len(levels):
                raise _err(source, f"{key}.levels", "repeats a level")
            checked = []
            for i, v in enumerate(levels):
                if cats:
                    if v not in cats:
                        raise _err(source, f"{key}.levels[{i}]", f"{v!r} is not one of {', '.join(cats)}")
                    checked.append(v)
                else:
                    x = _num(source, f"{key}.levels[{i}]", v)
                    if not lo <= x <= hi:
                        raise _err(
                            source, f"{key}.levels[{i}]", f"{x:g} is outside the allowed range {lo:g}..{hi:g}"
                        )
                    checked.append(float(round(x)) if integer else x)
            out.append(
                Factor(
                    name,
                    kind,
                    float(min(checked)) if not cats else 0.0,
                    float(max(checked)) if not cats else 0.0,
                    tuple(checked),
                    integer,
                )
            )
            continue
        if cats:
            raise _err(
                source,
                key,
                f"categorical lever: give levels = [...] ({', '.join(cats)}) in a factorial design",
            )
        if method == "factorial":
            raise _err(source, key, "factorial designs need levels = [...]")
        if kind == "lever" and ("low" not in spec or "high" not in spec):
            raise _err(source, key, "a lever needs low and high")
        f_lo = _num(source, f"{key}.low", spec.get("low", lo))
        f_hi = _num(source, f"{key}.high", spec.get("high", hi))
        if f_lo >= f_hi:
            raise _err(source, key, f"empty range (low {f_lo:g} >= high {f_hi:g})")
        if f_lo < lo or f_hi > hi:
            raise _err(source, key, f"range {f_lo:g}..{f_hi:g} is outside the allowed range {lo:g}..{hi:g}")
        out.append(Factor(name, kind, f_lo, f_hi, (), integer))
    if method != "factorial" and all(f.kind == "regime" for f in out):
        raise _err(source, "factors", f"method {method} needs at least one numeric factor besides the regime")
    return tuple(out)


def _regime(spec: dict, source: str, key: str, method: str, regimes: tuple[str, ...]) -> Factor:
    """Return the evidence-regime factor: its levels (default all three), crossed with the other factors.

    In a factorial design it is one more dimension of the product; in a Latin hypercube or Sobol design
    every sampled point is run under each regime. Morris and Saltelli designs have no place for it: their
    indices are computed per regime, one design per regime with ``--evidence``.
    """
    if method in ("morris", "saltelli"):
        raise _err(source, key, f"an evidence regime cannot be a factor of a {method} design (sensitivity "
                   "indices are per regime: run the design once per regime with --evidence)")
    for k in spec:
        if k != "levels":
            raise _err(source, f"{key}.{k}", "the evidence regime takes only levels = [...]")
    levels = spec.get("levels", list(regimes))
    if not isinstance(levels, list) or not levels:
        raise _err(source, f"{key}.levels", f"empty (give some of {', '.join(regimes)})")
    for i, v in enumerate(levels):
        if v not in regimes:
            raise _err(source, f"{key}.levels[{i}]", f"{v!r} is not one of {', '.join(regimes)}")
    if len(set(levels)) != len(levels):
        raise _err(source, f"{key}.levels", "repeats a level")
    return Factor(REGIME_FACTOR, "regime", 0.0, 0.0, tuple(levels), False)


def _kpis(doc: dict, source: str, evaluator: str) -> tuple[str, ...]:
    allowed = TOY_KPIS.get(evaluator, KPIS)
    kpis = doc.get("kpis", list(TOY_KPIS.get(evaluator, MAIN_KPIS)))
    if not isinstance(kpis, list) or not kpis:
        raise _err(source, "kpis", "must be a non-empty list of KPI names")
    for k in kpis:
        if k not in allowed:
            raise _err(source, "kpis", f"unknown KPI {k!r} (e.g. {', '.join(allowed[:3])})")
    return tuple(kpis)


def _balance(doc: dict, source: str, factors: tuple[Factor, ...]) -> dict[str, str]:
    bal = {"bk10": "wijk", "jc": ""}
    table = doc.get("balance", {})
    if not isinstance(table, dict):
        raise _err(source, "balance", "must be a table")
    forms = {"bk10": BK10_FORMS, "jc": JC_FORMS}
    for org, form in table.items():
        if org not in forms:
            raise _err(source, f"balance.{org}", "unknown organisation (allowed: bk10, jc)")
        if form != "" and form not in forms[org]:
            raise _err(source, f"balance.{org}", f'{form!r} is not one of {", ".join(forms[org])} (or "")')
        bal[org] = form
    return bal


def _scenarios(doc: dict, source: str, base_dir: Path | None, evaluator: str) -> tuple[Scenario, ...]:
    if evaluator != "jwsim":
        if "scenarios" in doc:
            raise _err(source, "scenarios", f"the {evaluator} evaluator takes no scenarios")
        return ()
    names = doc.get("scenarios", ["opdracht-2026"])
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise _err(source, "scenarios", "must be a non-empty list of scenario names or files")
    out = []
    for n in names:
        try:  # a file relative to the design wins over a shipped name (jwsim.names)
            out.append(load_scenario(n, base_dir))
        except ScenarioError as exc:
            raise _err(source, "scenarios", str(exc)) from None
    if len({s.name for s in out}) != len(out):
        raise _err(source, "scenarios", "two scenarios have the same name")
    return tuple(out)
