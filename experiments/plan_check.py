"""The annual plan check: is the plan still the better choice when the uncertain parameters move.

Runs (all on common random numbers: replicate r has the same seed in every scenario and draw):

* point 0 — the plan and each alternative at the registry values (or the scenario's overrides), ``reps``
  replicates: the plan's KPIs with 95% intervals, and paired differences plan − alternative;
* points 1..M — parameter draws, ``draw_reps`` replicates each, for the plan and every alternative. Draws
  come from the calibration posterior when one is shipped (``calibration/posterior.json``, via
  ``jwsim.calibration.posterior``) or given with ``--posterior``; otherwise (or with ``--ranges`` or
  ``--uncertain``) from a Latin hypercube over the registry ranges of the uncertain parameters (every
  ranged parameter except the cost parameters, which do not move outcomes). A scenario's own overrides
  are deliberate choices and win over a draw.

Robustness: for each KPI and alternative, the plan's wins, ties and losses over the M draws (better: lower,
or higher for protective factors; a tie is exactly the same value, e.g. an outcome the allocation does not
touch, and counts as neither), and the share of wins with a Jeffreys 95% interval (from 3 draws on).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats
from scipy.stats import qmc

from jwsim.model.params import REGISTRY, ParameterError, Parameters
from jwsim.model.scenario import Scenario

from .errors import ExperimentError
from .replicates import MIN_REPLICATES, describe
from .runner import SweepRun, scenario_schedule

PLAN_KPIS = (
    "jeugdhulp_entries_per_year",
    "jeugdhulp_prevalence_u18",
    "jeugdoverlast_registered_per_year",
    "halt_per_10k_12_17",
    "suspects_per_1000_12_17",
    "vsv_rate_12_23",
    "protective_mean",
    "protective_gap_vulnerable",
    "youthwork_cost_eur_per_year",
)
HIGHER_IS_BETTER = {
    "protective_mean",
    "protective_mean_vulnerable",
    "school_motivation_mean",
    "meaningful_relations",
    "contacts_per_year",
    "ib_youths_per_year",
    "swf_youths_per_year",
    "jeugdhulp_entries_accelerated",
    "jeugdhulp_entries_mild",
    "jeugdhulp_substitutions_per_year",
}
EXCLUDED_PROCESSES = {"budget"}


def uncertain_parameters(names: Sequence[str] | None = None) -> tuple[str, ...]:
    """Return the parameters that move in the robustness check (validated when given by name)."""
    if names:
        for n in names:
            if n not in REGISTRY:
                raise ExperimentError(f"--uncertain {n}: unknown parameter")
            if REGISTRY[n].low == REGISTRY[n].high:
                raise ExperimentError(f"--uncertain {n}: parameter has no range in the registry")
        return tuple(names)
    return tuple(p.name for p in REGISTRY.values() if p.low < p.high and p.process not in EXCLUDED_PROCESSES)


def range_draws(names: Sequence[str], m: int, seed: int) -> list[dict[str, float]]:
    """``m`` Latin-hypercube draws over the registry ranges of ``names`` (whole numbers rounded)."""
    lo = [REGISTRY[n].low for n in names]
    hi = [REGISTRY[n].high for n in names]
    x = qmc.scale(qmc.LatinHypercube(d=len(names), seed=seed).random(m), lo, hi)
    return [
        {n: (float(round(v)) if REGISTRY[n].integer else float(v)) for n, v in zip(names, row, strict=True)}
        for row in x
    ]


def posterior_draws(m: int, seed: int, path: Path | str | None) -> tuple[list[dict[str, float]], str] | None:
    """``m`` posterior draws and their source, or None when no posterior is shipped and none is given.

    ``path`` is a posterior file or the shipped name ``posterior`` (an existing file wins: ``jwsim.names``).
    """
    from jwsim.calibration.posterior import posterior_overrides, resolve_posterior  # noqa: PLC0415

    try:
        target = resolve_posterior(path)
        if path is None and not target.is_file():
            return None
        draws = posterior_overrides(m, seed, target)
    except ValueError as exc:  # CalibrationError and friends: one line naming the file
        prefix = "" if path is None else f"--posterior {path}: "
        raise ExperimentError(prefix + str(exc).splitlines()[0]) from None
    for i, d in enumerate(draws):
        try:
            Parameters.from_overrides(d)
        except ParameterError as exc:
            raise ExperimentError(f"{target}: draw {i}: {exc}") from None
    return draws, f"posterior {target}"


@dataclass
class PlanCheck:
    """The plan, its alternatives and the run settings."""

    plan: Scenario
    alternatives: tuple[Scenario, ...]
    reps: int
    draws: int
    draw_reps: int
    scale: float
    years: int
    seed: int
    uncertain: tuple[str, ...]
    posterior: Path | None = None
    use_posterior: bool = True

    def __post_init__(self) -> None:
        names = [self.plan.name, *(a.name for a in self.alternatives)]
        if not self.alternatives:
            raise ExperimentError("--against: give at least one alternative scenario")
        if len(set(names)) != len(names):
            raise ExperimentError(
                f"--against: scenario names must differ from each other and from the plan "
                f"({', '.join(names)})"
            )
        post = (
            posterior_draws(self.draws, self.seed, self.posterior)
            if self.draws and self.use_posterior
            else None
        )
        if post is not None:
            self.draw_values, self.draw_source = post
        else:
            self.draw_values = range_draws(self.uncertain, self.draws, self.seed) if self.draws else []
            self.draw_source = "registry ranges (Latin hypercube)"
        # The drawn parameters are stored as inputs of every run (registry values at point 0), so the
        # results show which parameter values favour which scenario (e.g. for PRIM).
        self.moved = tuple(sorted({n for d in self.draw_values for n in d}))

    @property
    def scenarios(self) -> tuple[Scenario, ...]:
        """The plan first, then the alternatives."""
        return (self.plan, *self.alternatives)

    def runs(self) -> list[SweepRun]:
        """Every run (validated before anything runs)."""
        out = []
        scheds = {s.name: scenario_schedule(s) for s in self.scenarios}
        for point, draw in enumerate([{}, *self.draw_values]):
            reps = self.reps if point == 0 else self.draw_reps
            for sc in self.scenarios:
                try:
                    params = Parameters.from_overrides(draw, sc.params.regime).with_overrides(
                        dict(sc.params.overrides))
                except ParameterError as exc:
                    raise ExperimentError(f"parameter draw {point}: {exc}") from None
                inputs = tuple((n, float(params[n])) for n in self.moved)
                out += [
                    SweepRun(
                        point, sc.name, r, self.seed, inputs, scheds[sc.name], params, self.scale, self.years
                    )
                    for r in range(reps)
                ]
        return out

    def spec(self) -> dict:
        """Return what identifies this check (for --resume)."""
        return {
            "plan": self.plan.name,
            "plan_source": self.plan.source,
            "alternatives": [{"name": a.name, "source": a.source} for a in self.alternatives],
            "reps": self.reps,
            "draws": self.draws,
            "draw_reps": self.draw_reps,
            "scale": self.scale,
            "years": self.years,
            "seed": self.seed,
            "draw_source": self.draw_source,
            "uncertain": list(self.uncertain) if "registry" in self.draw_source else [],
            "draw_values": self.draw_values,
        } | ({"evidence": self.plan.params.regime} if self.plan.params.regime != "central" else {})


def outcome(kpi: str, plan: np.ndarray, alt: np.ndarray) -> np.ndarray:
    """Per draw: 1 where the plan is better, 0 where both are exactly equal (a tie), -1 where it is worse."""
    diff = plan - alt if kpi in HIGHER_IS_BETTER else alt - plan
    return np.sign(diff).astype(int)


def jeffreys(successes: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Jeffreys interval of a proportion."""
    a = (1 - level) / 2
    lo = 0.0 if successes <= 0 else float(stats.beta.ppf(a, successes + 0.5, n - successes + 0.5))
    hi = 1.0 if successes >= n else float(stats.beta.ppf(1 - a, successes + 0.5, n - successes + 0.5))
    return lo, hi


def _summary(values: np.ndarray) -> dict:
    """Mean with its interval (none from fewer than 3 values), and whether every value is the same.

    Two equal values can be chance (counts at a reduced scale come in steps), so "the same in every
    replicate" needs at least :data:`MIN_REPLICATES` of them, like an interval.
    """
    v = np.asarray(values, dtype=float)
    return {**describe(v), "constant": bool(len(v) >= MIN_REPLICATES and np.all(v == v[0]))}


def robustness(kpi: str, plan: np.ndarray, alt: np.ndarray) -> dict:
    """Wins, ties and losses of the plan over the draws; the share of wins with its Jeffreys interval.

    A tie (exactly the same value, e.g. an outcome the allocation does not touch) is neither a win nor half a
    win. With fewer than :data:`MIN_REPLICATES` draws there is no interval.
    """
    ok = ~(np.isnan(plan) | np.isnan(alt))
    res = outcome(kpi, plan[ok], alt[ok])
    n = int(ok.sum())
    wins, ties, losses = int((res > 0).sum()), int((res == 0).sum()), int((res < 0).sum())
    diff = plan[ok] - alt[ok]
    shown = n >= MIN_REPLICATES
    lo, hi = jeffreys(float(wins), n) if shown else (None, None)
    return {
        "n": n,
        "wins": wins,
        "ties": ties,
        "losses": losses,
        "p_beats": wins / n if n else None,
        "p_ties": ties / n if n else None,
        "lo": lo,
        "hi": hi,
        "no_change": bool(n and ties == n),
        "diff_median": float(np.median(diff)) if n else None,
        "diff_p2_5": float(np.percentile(diff, 2.5)) if shown else None,
        "diff_p97_5": float(np.percentile(diff, 97.5)) if shown else None,
    }


def analyse(check: PlanCheck, runs: pd.DataFrame, kpis: Sequence[str] = PLAN_KPIS) -> dict:
    """KPIs of the plan, paired differences and the plan's wins, ties and losses against each alternative."""
    base = runs[runs["point"] == 0]
    need = {s.name: check.reps for s in check.scenarios}
    for name, n in need.items():
        if (base["scenario"] == name).sum() != n:
            raise ExperimentError(
                f"plan-check: runs of {name} are missing (failed runs); continue with --resume"
            )

    def values(df: pd.DataFrame, scen: str, kpi: str) -> np.ndarray:
        return df[df["scenario"] == scen].sort_values("replicate")[f"kpi_{kpi}"].to_numpy(float)

    plan = check.plan.name
    doc: dict = {
        "plan": plan,
        "kpis": {},
        "alternatives": {},
        "robustness": {},
        "draws": len(check.draw_values),
        "draw_source": check.draw_source,
    }
    for k in kpis:
        doc["kpis"][k] = _summary(values(base, plan, k))
    for alt in check.alternatives:
        doc["alternatives"][alt.name] = {
            "kpis": {k: _summary(values(base, alt.name, k)) for k in kpis},
            "difference": {},
        }
        diffs = doc["alternatives"][alt.name]["difference"]
        for k in kpis:
            d = values(base, plan, k) - values(base, alt.name, k)
            diffs[k] = {**_summary(d), "no_change": bool(np.all(d == 0))}
    drawn = runs[runs["point"] > 0]
    if len(check.draw_values) and len(drawn):
        means = drawn.groupby(["point", "scenario"])[[f"kpi_{k}" for k in kpis]].mean()
        points = sorted(drawn["point"].unique())
        for alt in check.alternatives:
            rob = {}
            for k in kpis:
                p_vals = means.xs(plan, level="scenario")[f"kpi_{k}"].reindex(points).to_numpy(float)
                a_vals = means.xs(alt.name, level="scenario")[f"kpi_{k}"].reindex(points).to_numpy(float)
                rob[k] = robustness(k, p_vals, a_vals)
            doc["robustness"][alt.name] = rob
    return doc


def evidence_differences(per_regime: dict[str, dict], shown: str) -> dict:
    """Return the plan's differences from each alternative under every evidence regime and their robustness.

    Args:
        per_regime: regime -> the check's document (:func:`analyse`) under that regime (same seeds).
        shown: the regime of the document the report shows (its parameter draws are that regime's).

    Returns:
        {"regimes", "shown", "differences": {alternative: {KPI: {regime: {mean, lo, hi}, "robust": one sign
        under every regime, "depends_on": the regimes whose sign differs from the central one's}}}}.

    """
    from .compare_report import evidence_section  # noqa: PLC0415

    by_regime = {r: {"differences": {alt: a["difference"] for alt, a in d["alternatives"].items()}}
                 for r, d in per_regime.items()}
    return {"regimes": list(per_regime), "shown": shown, "differences": evidence_section(by_regime)}
