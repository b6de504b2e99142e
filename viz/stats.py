"""Numbers for the app's pages, from the replicates of a comparison: KPI cards, tables, maps, bands.

Every number has an interval, computed by ``jwsim.experiments.replicates`` as for ``jwsim compare``. A
scenario's value is the mean over replicates of each replicate's mean over the simulated years, with the 95%
t-interval of that mean. A difference is *paired*: replicate *i* of both scenarios ran with the same seed, so
the interval is the t-interval of the replicate-wise differences, much narrower than comparing two unrelated
sets of runs. Time-series bands are the 2.5-97.5 percentiles across replicates (the spread of one possible
course).

Under each evidence regime (pessimistic, central, optimistic: ``model/params.py``) the same replicates give
a paired difference of their own; :func:`regime_checks` puts them side by side and says, with the rule of
``jwsim compare --evidence all`` (``compare_report.sign_robustness``), whether the sign is robust. The
intervals stay those of the regime shown; the other regimes are shown beside them, never folded in.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jwsim.data import load_inputs
from jwsim.experiments import compare
from jwsim.experiments.compare_report import near_zero_regimes, sign_robustness
from jwsim.experiments.labels import KPI_LABELS, fmt, kpi_label
from jwsim.experiments.relevance import MINIMAL_RELEVANT
from jwsim.experiments.replicates import (
    MIN_REPLICATES,
    ReplicateSet,
    describe,
    paired_interval,
    replicate_set,
)
from jwsim.model.params import REGISTRY
from jwsim.model.results import WIJK_METRICS, RunResult
from jwsim.viz.i18n import t, tf, tr
from jwsim.viz.numbers import localise as _localise
from jwsim.viz.runs import ComparisonResult

LOWER_IS_BETTER, HIGHER_IS_BETTER, NEUTRAL = "lower", "higher", "neutral"
# Shown with its difference but not judged: more entries can be earlier, lighter help (versnellen).
INFO = "info"
# The cards of the Resultaten page: jeugdhulp, overlast, Halt/crime, dropout, equity gap, cost.
HEADLINE_KPIS: tuple[tuple[str, str], ...] = (
    ("jeugdhulp_prevalence_u18", LOWER_IS_BETTER),
    ("jeugdhulp_entries_per_year", INFO),
    # The note's three pathways: voorkomen (less need arises), versnellen (less need waits untreated),
    # and the heavy care that earlier, lighter help should spare (specialist care and care with stay).
    ("need_onsets_per_year", LOWER_IS_BETTER),
    ("need_untreated_modsev_weeks", LOWER_IS_BETTER),
    ("care_weeks_specialist", LOWER_IS_BETTER),
    ("care_weeks_stay", LOWER_IS_BETTER),
    ("jeugdoverlast_registered_per_year", LOWER_IS_BETTER),
    ("halt_per_10k_12_17", LOWER_IS_BETTER),
    ("suspects_per_1000_12_17", LOWER_IS_BETTER),
    ("vsv_rate_12_23", LOWER_IS_BETTER),
    ("returns_per_year", HIGHER_IS_BETTER),
    ("startkwalificatie_share_18_23", HIGHER_IS_BETTER),
    ("protective_gap_vulnerable", LOWER_IS_BETTER),
    ("youthwork_cost_eur_per_year", NEUTRAL),
)
# Weekly series offered as time series: (name, how 4-week periods combine weeks).
SERIES: tuple[tuple[str, str], ...] = (
    ("in_care", "mean"),
    ("jh_entries", "sum"),
    ("nuisance_registered", "sum"),
    ("halt", "sum"),
    ("suspects_new", "sum"),
    ("dropouts", "sum"),
    ("school_returns", "sum"),
    ("meaningful_relations", "mean"),
    ("protective_mean", "mean"),
)
PERIOD_WEEKS = 4
# Per-wijk metrics offered on maps and in tables: those `jwsim compare` reports per wijk.
MAP_METRICS: tuple[str, ...] = compare.WIJK_OUTCOMES
PERCENT_WIJK_METRICS = {"jeugdhulp_prevalence_u18"}


@dataclass(frozen=True)
class KpiCard:
    """One KPI of one scenario: its value and its paired difference with the reference."""

    kpi: str
    label: str
    value: dict[str, float]
    difference: dict[str, float] | None
    verdict: str  # "better", "worse", "small", "unclear", "neutral" or "none" (no interval: < 3 replicates)
    minimal: float = 0.0  # the minimal relevant difference in the KPI's unit (0: none declared)
    regimes: RegimeCheck | None = None  # the difference under every evidence regime (None: not computed)


@dataclass(frozen=True)
class RegimeCheck:
    """One difference under the three evidence regimes, and whether its sign is the same in all three.

    Attributes:
        differences: regime -> the paired difference (mean, lo, hi, n) under it, in ``REGIMES`` order.
        robust: the sign of the mean difference is the same under every regime.
        depends_on: the regimes whose sign differs from the central one's (empty when robust).
        shown: the regime of the result the page shows (its difference and margin are the main ones).

    """

    differences: dict[str, dict[str, float]]
    robust: bool
    depends_on: tuple[str, ...]
    shown: str = "central"


def regime_checks(
    evidence: dict[str, ComparisonResult], scenario: str, shown: str = "central"
) -> dict[str, RegimeCheck]:
    """Return per headline KPI the paired difference of ``scenario`` under every regime in ``evidence``.

    Args:
        evidence: regime -> the same comparison (scenarios, seeds, replicates) under that regime.
        scenario: the scenario compared with each comparison's reference.
        shown: the regime of the result on the page.

    """
    out = {}
    for kpi, _ in HEADLINE_KPIS:
        if any(kpi not in replicate_set(c.results[scenario]).kpis for c in evidence.values()):
            continue
        diffs = {
            regime: paired_difference(
                kpi_values(c.results[c.reference], kpi), kpi_values(c.results[scenario], kpi)
            )
            for regime, c in evidence.items()
        }
        robust, depends_on = sign_robustness({r: d["mean"] for r, d in diffs.items()})
        out[kpi] = RegimeCheck(diffs, robust, tuple(depends_on), shown)
    return out


def kpi_values(results: ReplicateSet | Sequence[RunResult], kpi: str) -> np.ndarray:
    """One value per replicate: the KPI's mean over the simulated years."""
    return replicate_set(results).kpi_values(kpi)


def interval(values: np.ndarray) -> dict[str, float]:
    """Mean over replicates with its 95% t-interval (and ``n``, the replicates it rests on)."""
    return describe(values)


def paired_difference(reference: np.ndarray, other: np.ndarray) -> dict[str, float]:
    """Return the mean of ``other - reference`` over paired replicates with its 95% t-interval."""
    return paired_interval(reference, other).as_dict("se", "n")


def verdict(difference: dict[str, float], direction: str, minimal: float = 0.0) -> str:
    """Judge a difference: better or worse only when certain *and* large enough to matter.

    Certain: the 95% interval lies wholly on one side of zero. Large enough: ``|mean| >= minimal``, the
    outcome's minimal relevant difference in its own unit (``experiments/relevance.py``); a certain but
    smaller difference is ``"small"``.
    """
    if direction == NEUTRAL:
        return "neutral"
    if direction == INFO:
        return "info"
    if difference["n"] < MIN_REPLICATES:
        return "none"
    if (difference["hi"] < 0 or difference["lo"] > 0) and abs(difference["mean"]) < minimal:
        return "small"
    if difference["hi"] < 0:
        return "better" if direction == LOWER_IS_BETTER else "worse"
    if difference["lo"] > 0:
        return "worse" if direction == LOWER_IS_BETTER else "better"
    return "unclear"


def regime_name(regime: str, lang: str) -> str:
    """Return the evidence regime's name in the user's language (pessimistisch, centraal, optimistisch)."""
    return tr("monitor.regime", regime, lang)


def regime_values(kpi: str, check: RegimeCheck, lang: str, others: bool = True) -> str:
    """Return 'pessimistisch −0,4 %-punt · optimistisch −1,1 %-punt': the difference under the regimes.

    ``others``: only the regimes besides the one shown (whose difference the page shows already).
    """
    return " \u00b7 ".join(
        f"{regime_name(r, lang)} {format_difference(kpi, d['mean'], lang)}"
        for r, d in check.differences.items()
        if not (others and r == check.shown)
    )


def near_zero(kpi: str, check: RegimeCheck) -> list[str]:
    """Return the regimes under which the difference is ~0 (the CLI's rule, ``near_zero_regimes``).

    ~0: it reads as zero where the page shows it (its sign is rounding, not an effect), or it is below 1% of
    the largest difference over the regimes.
    """
    values = {r: d["mean"] for r, d in check.differences.items()}
    texts = {r: format_difference(kpi, v, "nl", unit=False) for r, v in values.items()}
    return near_zero_regimes(values, texts)


def badge_text(kpi: str, check: RegimeCheck, lang: str) -> str:
    """Return the badge: 'robuust', 'robuust (pessimistisch: ~0)', 'robuust (overal ~0)' or 'hangt af van …'.

    A sign that is the same under every regime is robust by the rule (``sign_robustness``); where the
    difference under a regime reads as zero, the badge says so, so that a "+0,0" is not read as a robust
    effect.
    """
    if not check.robust:
        return t("evidence.depends", lang)
    zero = near_zero(kpi, check)
    if not zero:
        return t("evidence.robust", lang)
    if len(zero) == len(check.differences):
        return f"{t('evidence.robust', lang)} ({t('evidence.zero_everywhere', lang)})"
    return f"{t('evidence.robust', lang)} ({', '.join(regime_name(r, lang) for r in zero)}: ~0)"


def robustness_text(kpi: str, check: RegimeCheck, lang: str) -> str:
    """Return the badge and, when the sign depends on assumptions, on which regimes (the memo's column)."""
    if check.robust:
        return badge_text(kpi, check, lang)
    which = ", ".join(regime_name(r, lang) for r in check.depends_on)
    return f"{t('evidence.depends', lang)} ({which})"


def evidence_tip(kpi: str, check: RegimeCheck, lang: str) -> list[str]:
    """Return the badge's tooltip: the difference under each regime, where its sign changes, what changes."""
    grades: dict[str, int] = {}
    for p in REGISTRY.values():
        if p.is_effect:
            grades[p.grade] = grades.get(p.grade, 0) + 1
    which = ", ".join(regime_name(r, lang) for r in check.depends_on)
    zero = near_zero(kpi, check)
    if not check.robust:
        verdict = tf("evidence.tip_depends", lang, which=which)
    elif all(abs(d["mean"]) < 1e-12 for d in check.differences.values()):  # zero as sign_robustness counts
        verdict = t("evidence.tip_none", lang)  # robust, but there is no difference to have a sign
    elif zero:
        verdict = tf("evidence.tip_near_zero", lang, which=", ".join(regime_name(r, lang) for r in zero))
    else:
        verdict = t("evidence.tip_robust", lang)
    return [
        regime_values(kpi, check, lang, others=False),
        verdict,
        tf(
            "evidence.tip_what",
            lang,
            n=sum(grades.values()),
            grades=", ".join(f"{g}: {grades[g]}" for g in sorted(grades)),
        ),
    ]


def kpi_cards(
    comp: ComparisonResult, scenario: str, lang: str, evidence: dict[str, ComparisonResult] | None = None
) -> list[KpiCard]:
    """Return the headline KPIs of ``scenario`` with their differences against the reference.

    With ``evidence`` (regime -> the same comparison under it) each card also holds its difference under
    every regime and whether the sign is robust.
    """
    shown = comp.meta.get("evidence", "central")
    checks = regime_checks(evidence, scenario, shown) if evidence and scenario != comp.reference else {}
    ref = comp.results[comp.reference]
    own = comp.results[scenario]
    cards = []
    for kpi, direction in HEADLINE_KPIS:
        if kpi not in replicate_set(own).kpis:  # stored runs of an older model lack later KPIs
            continue
        values = kpi_values(own, kpi)
        base = kpi_values(ref, kpi)
        minimal = 0.0 if direction in (NEUTRAL, INFO) else minimal_relevant(kpi, base)
        diff = None if scenario == comp.reference else paired_difference(base, values)
        cards.append(
            KpiCard(
                kpi,
                kpi_label(kpi, lang),
                interval(values),
                diff,
                verdict(diff, direction, minimal) if diff else "none",
                minimal,
                checks.get(kpi),
            )
        )
    return cards


def minimal_relevant(kpi: str, reference_values: np.ndarray) -> float:
    """Return the minimal relevant difference of ``kpi`` in its unit, at the reference's mean (0: none)."""
    rel = MINIMAL_RELEVANT.get(kpi)
    return 0.0 if rel is None else rel.threshold(float(np.mean(reference_values)))


def format_value(kpi: str, value: float, lang: str) -> str:
    """Return a KPI value the way the policy note writes it (decimal comma in Dutch)."""
    text = fmt(kpi, value, lang)
    return f"€ {text}" if KPI_LABELS.get(kpi, ("", "", ""))[2] == "eur" else text


def format_difference(kpi: str, value: float, lang: str, unit: bool = True) -> str:
    """Return a difference with its sign; shares as percentage points, with enough decimals to show it."""
    kind = KPI_LABELS.get(kpi, ("", "", "n"))[2]
    if kind == "%":
        text = f"{100 * value:+.{_decimals(100 * value, 2)}f}"
    elif kind == "eur":
        text = f"{value:+,.0f}"
    elif kind.startswith("f"):
        text = f"{value:+.{_decimals(value, int(kind[1:]) + 1)}f}"
    else:
        text = f"{value:+,.1f}" if abs(value) < 10 else f"{value:+,.0f}"
    text = _localise(text, lang).replace("-", "\u2212")
    if kind == "eur":
        return f"\u20ac {text}" if unit else text
    return f"{text} {t('unit.pp', lang)}" if kind == "%" and unit else text


def _decimals(value: float, least: int, most: int = 5) -> int:
    """Decimals that show two significant digits of a small ``value`` (at least ``least``)."""
    if value == 0 or not math.isfinite(value):
        return least
    return int(min(most, max(least, 1 - math.floor(math.log10(abs(value))))))


def format_interval(kpi: str, iv: dict[str, float], lang: str, difference: bool = False) -> str:
    """``[lo; hi]`` in the KPI's format (units once, after the bracket), or why there is no interval."""
    if iv["n"] < MIN_REPLICATES:
        return t("results.no_interval", lang)
    if iv["hi"] - iv["lo"] <= 1e-12 * max(1.0, abs(iv["mean"])):
        return t(
            "results.fixed", lang
        )  # an input the scenario fixes (FTE, cost): the same in every replicate
    if difference:
        lo, hi = (
            format_difference(kpi, iv["lo"], lang, unit=False),
            format_difference(kpi, iv["hi"], lang, unit=False),
        )
        kind = KPI_LABELS.get(kpi, ("", "", "n"))[2]
        suffix = f" {t('unit.pp', lang)}" if kind == "%" else ""
        prefix = "\u20ac " if kind == "eur" else ""
        return f"[{prefix}{lo}; {hi}]{suffix}"
    return f"[{format_value(kpi, iv['lo'], lang)}; {format_value(kpi, iv['hi'], lang)}]"


def kpi_frame(comp: ComparisonResult, lang: str) -> pd.DataFrame:
    """Every KPI: each scenario's mean and interval, and each paired difference with the reference."""
    ref = comp.results[comp.reference]
    rows = []
    for kpi in ref[0].kpis:
        row: dict[str, object] = {"kpi": kpi, t("table.label", lang): kpi_label(kpi, lang)}
        base = kpi_values(ref, kpi)
        for name in comp.names:
            iv = interval(kpi_values(comp.results[name], kpi))
            row.update(
                {
                    f"{name}: {t('table.mean', lang)}": iv["mean"],
                    f"{name}: {t('table.lo', lang)}": iv["lo"],
                    f"{name}: {t('table.hi', lang)}": iv["hi"],
                }
            )
        for name in comp.names[1:]:
            d = paired_difference(base, kpi_values(comp.results[name], kpi))
            prefix = f"{name} \u2212 {comp.reference}"
            row.update(
                {
                    f"{prefix}: {t('table.mean', lang)}": d["mean"],
                    f"{prefix}: {t('table.lo', lang)}": d["lo"],
                    f"{prefix}: {t('table.hi', lang)}": d["hi"],
                }
            )
        rows.append(row)
    return pd.DataFrame(rows)


def wijk_values(comp: ComparisonResult, scenario: str, metric: str, mode: str) -> np.ndarray:
    """Per wijk (NaN where no youths): the scenario's mean, the reference's, or the paired difference."""
    own, ref = comp.results[scenario], comp.results[comp.reference]
    if mode == "difference":
        values = comp.paired(scenario).wijk_means(metric)
    else:
        values = (own if mode == "value" else ref).wijk_values(metric).mean(axis=0)
    return np.where(own.wijk_present(), values, np.nan)


def wijk_frame(comp: ComparisonResult, scenario: str, metric: str, lang: str) -> pd.DataFrame:
    """Return one row per wijk with youths, for one metric.

    The scenario's mean and interval, the reference and the paired difference with its interval.
    """
    inputs = load_inputs()
    own = comp.results[scenario]
    present = own.wijk_present()
    scale = 100.0 if metric in PERCENT_WIJK_METRICS else 1.0
    value = own.wijk_interval(metric, scale)
    reference = comp.results[comp.reference].wijk_interval(metric).mean * scale
    diff = comp.paired(scenario).wijk(metric, scale)
    rows = []
    for j, code in enumerate(inputs.wijk_codes):
        if not present[j]:
            continue
        rows.append(
            {
                "wijk_code": code,
                t("table.wijk", lang): inputs.wijk_names[j],
                t("table.stadsdeel", lang): inputs.stadsdeel_names[inputs.stadsdeel_index[j]],
                t("table.value", lang): float(value.mean[j]),
                t("table.lo", lang): float(value.lo[j]),
                t("table.hi", lang): float(value.hi[j]),
                t("table.reference", lang): float(reference[j]),
                t("table.difference", lang): float(diff.mean[j]),
                t("table.diff_lo", lang): float(diff.lo[j]),
                t("table.diff_hi", lang): float(diff.hi[j]),
            }
        )
    return pd.DataFrame(rows)


def series_bands(comp: ComparisonResult, series: str) -> dict[str, dict[str, np.ndarray]]:
    """Return per scenario the bands of a series, in periods of ``PERIOD_WEEKS`` weeks.

    ``"difference:<name>"`` holds the bands of the paired differences with the reference; ``"x"`` the period
    midpoints in years (2026.0 = start).
    """
    how = dict(SERIES)[series]
    out: dict[str, dict[str, np.ndarray]] = {}
    for name in comp.names:
        out[name] = comp.results[name].bands(series, how, PERIOD_WEEKS)
        if name != comp.reference:
            out[f"difference:{name}"] = comp.paired(name).bands(series, how, PERIOD_WEEKS)
    ref = comp.results[comp.reference]
    periods = ref.period_values(series, how, PERIOD_WEEKS).shape[1]
    out["x"] = {"years": ref.start_year + (np.arange(periods) + 0.5) * PERIOD_WEEKS / 52.0}
    return out


def check_metric(metric: str) -> str:
    """Return ``metric`` if the model records it per wijk (guards the app's lists against renames)."""
    if metric not in WIJK_METRICS:
        raise KeyError(f"unknown per-wijk metric {metric!r}")
    return metric


def xlsx_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    """Return an Excel workbook (openpyxl) with one sheet per frame."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet, frame in frames.items():
            frame.to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


def series_frame(comp: ComparisonResult, lang: str) -> pd.DataFrame:
    """Return every offered series in 4-week periods.

    Per scenario the mean and band, per other scenario the paired difference band.
    """
    rows = []
    for series, _ in SERIES:
        if series not in replicate_set(comp.results[comp.reference]).weekly:  # runs of an older model
            continue
        b = series_bands(comp, series)
        for i, year in enumerate(b["x"]["years"]):
            row: dict[str, object] = {
                t("results.series_pick", lang): tr("series", series, lang),
                "year": float(year),
            }
            for name in comp.names:
                row.update(
                    {
                        f"{name}: {t('table.mean', lang)}": b[name]["mean"][i],
                        f"{name}: 2.5%": b[name]["lo"][i],
                        f"{name}: 97.5%": b[name]["hi"][i],
                    }
                )
            rows.append(row)
    return pd.DataFrame(rows)


def about_frame(comp: ComparisonResult) -> pd.DataFrame:
    """Return what was run: scenarios, seed, replicates, scale, years — enough to run it again."""
    rows = [
        ("reference", comp.reference),
        ("scenarios", ", ".join(comp.names)),
        ("seed", comp.seed),
        ("replicates", comp.reps),
        ("scale (youths per agent)", comp.scale),
        ("years", comp.years),
        ("preview", comp.preview),
        ("pairing", "replicate i of every scenario uses SeedSequence(seed) child i"),
    ]
    return pd.DataFrame(rows, columns=["item", "value"])
