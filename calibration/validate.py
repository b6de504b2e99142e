"""Validation: the default scenario against every target, plus checks of the spatial pattern.

For each target the simulated value is the mean of the statistic over all simulated years, replicates (and
posterior draws), and its 95% interval is the 2.5-97.5 percentile range of the *yearly* values: an observed
figure is one year of one city, so it is compared with the spread of one simulated year (a predictive
interval), not with the much narrower confidence interval of the mean (given as ``mean_lo``/``mean_hi``).
``overlap`` is true when the observation's 95% band (``lo_obs``..``hi_obs``, what the figure can mean for
the model, see targets.toml) overlaps the simulated 95% interval; ``within`` when it overlaps and the
simulated mean lies within two of the observation's standard errors (|z| <= 2): two wide intervals can touch
while the mean is far off, and that is not agreement. ``value_inside`` says whether the point value itself
lies inside.

Spatial checks (no parameter is fitted per wijk, so the pattern comes from the wijk inputs only):
Spearman rank correlations of simulated per-wijk jeugdhulp prevalence and registered nuisance with the
deprivation index, and two checks against independent spatial facts: toddlers with a VVE indication are
most common in Dukenburg and Lindenholt and least in Oost, Midden and Noord (evidence A5), and registered
jeugdoverlast is "relatively high" in Nijmegen-Centrum (G-N1; the city gives no per-stadsdeel figures, so
the check is Centrum's rank). Nuisance is registered where it happens (the places process), so the ranking of
the stadsdelen is reported by count and per 1,000 inhabitants (the city's "relatively"), with Centrum's rank
in both.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor

import numpy as np
import pandas as pd
from scipy import stats

from jwsim.data import data_dir, load_inputs
from jwsim.experiments.replicates import mean_interval
from jwsim.experiments.runner import RunTask, execute, scenario_schedule
from jwsim.model.params import Parameters
from jwsim.model.population import SPELL_CLASS_WEEKS, WEEKS_PER_YEAR
from jwsim.model.processes.jeugdhulp import SPELL_CLASSES
from jwsim.model.results import KPIS, RunResult
from jwsim.model.scenario import load_scenario
from jwsim.model.streams import replicate_seeds

from .posterior import load_posterior, with_draw
from .targets import CalibrationError, TargetSet, summer_winter_ratio

# A target is "within" only if the simulated mean also lies within this many of the observation's standard
# errors (z): overlapping 95% intervals alone can hide a mean ~2.8 standard errors away.
Z_WITHIN = 2.0

MIN_YOUTHS_10_17 = 100   # wijken with fewer youths are left out of rank correlations (too noisy)
VVE_HIGH = ("Dukenburg", "Lindenholt")
VVE_LOW = ("Nijmegen-Oost", "Nijmegen-Midden", "Nijmegen-Noord")


def yearly_statistics(result: RunResult, names: Sequence[str]) -> dict[str, np.ndarray]:
    """Per simulated year, each requested statistic of one run."""
    out = {}
    for name in names:
        if name in KPIS:
            out[name] = np.asarray(result.kpis[name], dtype=float)
        elif name == "jeugdhulp_inflow_rate":
            youths = result.per_wijk["youths_10_17"].sum(axis=1)
            out[name] = np.asarray(result.kpis["jeugdhulp_entries_per_year"]) / np.maximum(youths, 1.0)
        elif name == "jeugdoverlast_summer_winter_ratio":
            w = result.weekly["nuisance_registered"].reshape(-1, 52)
            out[name] = np.array([summer_winter_ratio(row) for row in w])
        else:
            raise CalibrationError(f"unknown statistic '{name}'")
    return out


def run_validation(ts: TargetSet, reps: int, seed: int, scale: float = 1.0, years: int | None = None,
                   posterior: int = 0, workers: int | None = None, executor: Executor | None = None,
                   scenario: str | None = None) -> tuple[dict, list[RunResult]]:
    """Run the scenario (registry defaults, or ``posterior`` draws) and compare with every target."""
    name = scenario or ts.settings["scenario"]
    sc = load_scenario(name)
    sched = scenario_schedule(sc)
    years = years or ts.settings["years"]
    seeds = replicate_seeds(seed, reps)
    draws = load_posterior(posterior, seed) if posterior else [Parameters()]
    param_sets = [with_draw(sc.params, d) for d in draws]
    tasks = [RunTask(sched, p, s, scale, years, i) for p in param_sets for i, s in enumerate(seeds)]
    results = execute(tasks, workers=workers, executor=executor)
    doc = {
        "setup": {"scenario": name, "reps": reps, "seed": seed, "scale": scale, "years": results[0].years,
                  "posterior_draws": posterior, "runs": len(results),
                  "interval": "2.5-97.5 percentiles of yearly values over replicates"
                              + (" and posterior draws" if posterior else "") + " (predictive interval)",
                  "within": "the observation's 95% band overlaps the simulated 95% interval and "
                            f"|z| <= {Z_WITHIN:g}"},
        "targets": compare_targets(ts, results),
        "spatial": spatial_checks(results),
        "patterns": pattern_checks(results),
    }
    return doc, results


def agreement(t, mean: float, lo: float, hi: float) -> dict:
    """How a simulated mean and 95% interval ``lo``..``hi`` agree with target ``t``.

    ``z``: the mean's scaled deviation; ``overlap``: the observation's band overlaps the interval; ``within``:
    overlap and |z| <= :data:`Z_WITHIN`; ``value_inside``: the point value lies in the interval.
    """
    z = t.z(mean)
    overlap = bool(t.lo <= hi and lo <= t.hi)
    return {"within": overlap and abs(z) <= Z_WITHIN, "overlap": overlap,
            "value_inside": bool(lo <= t.value <= hi), "z": z}


def compare_targets(ts: TargetSet, results: Sequence[RunResult]) -> list[dict]:
    """One row per target: observed band, simulated mean and predictive interval, overlap."""
    names = tuple(dict.fromkeys(t.statistic for t in ts.targets))
    yearly = [yearly_statistics(r, names) for r in results]
    rows = []
    for t in ts.targets:
        values = np.concatenate([y[t.statistic] for y in yearly])
        rep_means = [float(np.mean(y[t.statistic])) for y in yearly]
        ci = mean_interval(rep_means).as_dict()
        lo, hi = (float(v) for v in np.percentile(values, [2.5, 97.5]))
        mean = float(values.mean())
        rows.append({
            "name": t.name, "statistic": t.statistic, "observed": t.value, "lo_obs": t.lo, "hi_obs": t.hi,
            "simulated": mean, "lo": lo, "hi": hi, "used_for_fit": t.used_for_fit,
            **agreement(t, mean, lo, hi), "mean_lo": ci["lo"], "mean_hi": ci["hi"],
            "population": t.population, "year": t.year, "source": f"{t.source_org}: {t.source_title}",
        })
    return rows


def _group_mean(results: Sequence[RunResult], metric: str, group: str) -> float:
    """Mean over runs and years of one per-group metric."""
    from jwsim.model.results import GROUPS  # noqa: PLC0415

    j = GROUPS.index(group)
    return float(np.mean([r.per_group[metric][:, j].mean() for r in results]))


def pattern_checks(results: Sequence[RunResult]) -> list[dict]:
    """Patterns the calibration did not fit, each with its value, what is expected, and pass or fail.

    * Jeugdhulp by age: 10-11-year-olds already in care about as often as 12-17-year-olds (CBS B1.4:
      boys peak at 8-12, ~22% of users are 8-12; newcomers of 10 must not arrive care-free), and far fewer
      at 18-23 (B1.4: 1.4% of 18-22 against ~12% under 18).
    * Boys vs girls (10-23): boys at least as often in care (B1.5: ~1.4 boys per girl under 23; girls
      are the larger group at 12-17, so the ratio over all ages is modest).
    * Summer vs winter: registered nuisance higher in June-August than in December-February (New Year
      weeks excluded; the Rotterdam police figure, an unfitted target).
    * Spell lengths (the trajectories that ended, in CBS's duration classes): right-skewed, the median
      below the mean (B3.6-INF: a mean of 1.2-1.4 years pulled up by a long tail), half to nine in ten
      ended within a year (B3.6-INF: the median probably well under a year), and of light care 60-90%
      within a year (B3.7: 85% in 2016 and ~70% in 2019 at one local team, whose trajectories are light
      care; widened because it is one team).
    """
    prev = {g: _group_mean(results, "jeugdhulp_prevalence", g)
            for g in ("10_11", "12_17", "18_23", "jongens", "meisjes")}
    age_ratio = prev["10_11"] / prev["12_17"] if prev["12_17"] > 0 else float("nan")
    adult_ratio = prev["18_23"] / prev["12_17"] if prev["12_17"] > 0 else float("nan")
    sex_ratio = prev["jongens"] / prev["meisjes"] if prev["meisjes"] > 0 else float("nan")
    season = float(np.mean([summer_winter_ratio(r.weekly["nuisance_registered"]) for r in results]))
    within_year, median_to_mean = spell_lengths(results)
    light = sum(float(r.kpis["jeugdhulp_exits_light_per_year"].sum()) for r in results)
    light_within = (sum(float(r.kpis["jeugdhulp_exits_light_under_1y_per_year"].sum()) for r in results)
                    / light if light > 0 else float("nan"))
    checks = [
        ("jeugdhulp_10_11_vs_12_17", age_ratio, "0.5-1.5", 0.5 <= age_ratio <= 1.5, "B1.4"),
        ("jeugdhulp_18_23_vs_12_17", adult_ratio, "< 0.35", adult_ratio < 0.35, "B1.4"),
        ("jeugdhulp_boys_vs_girls_10_23", sex_ratio, "1.0-1.8", 1.0 <= sex_ratio <= 1.8, "B1.5"),
        ("overlast_summer_vs_winter", season, "> 1.2", season > 1.2, "jeugdoverlast_summer_winter_ratio"),
        ("jeugdhulp_spells_within_year", within_year, "0.5-0.9", 0.5 <= within_year <= 0.9,
         "B3.6-INF"),
        ("jeugdhulp_spell_median_vs_mean", median_to_mean, "< 1", median_to_mean < 1.0, "B3.6-INF"),
        ("jeugdhulp_light_spells_within_year", light_within, "0.6-0.9", 0.6 <= light_within <= 0.9, "B3.7"),
    ]
    return [{"name": n, "value": float(v), "expected": e, "passed": bool(ok), "source": s}
            for n, v, e, ok, s in checks]


def spell_lengths(results: Sequence[RunResult]) -> tuple[float, float]:
    """Return the share of ended trajectories shorter than a year and their median / mean length.

    From the ends per duration class (``jeugdhulp_exits_<class>_per_year``) summed over runs and years; the
    median is interpolated linearly inside its class (beyond two years it is not bounded: then the lower
    bound of the open class, 104 weeks, stands for it), the mean is the runs' mean trajectory length
    weighted by ends. NaN when no trajectory ended.
    """
    counts = np.array([sum(float(r.kpis[f"jeugdhulp_exits_{key}_per_year"].sum()) for r in results)
                       for key, *_ in SPELL_CLASSES])
    total = counts.sum()
    if total <= 0:
        return float("nan"), float("nan")
    bounds = [0, *SPELL_CLASS_WEEKS]  # lower bounds of the classes, in weeks
    within_year = float(counts[:bounds.index(WEEKS_PER_YEAR)].sum() / total)
    cum = np.cumsum(counts) / total
    k = int(np.searchsorted(cum, 0.5))  # the class holding the median
    if k == len(SPELL_CLASSES) - 1:
        median = float(bounds[k])
    else:
        below = cum[k - 1] if k else 0.0
        median = bounds[k] + (bounds[k + 1] - bounds[k]) * (0.5 - below) / (cum[k] - below)
    ends = np.array([sum(r.kpis[f"jeugdhulp_exits_{key}_per_year"] for key, *_ in SPELL_CLASSES)
                     for r in results])  # runs x years
    durations = np.array([r.kpis["jeugdhulp_mean_duration_years"] for r in results])
    mean_weeks = float((ends * durations).sum() / ends.sum()) * WEEKS_PER_YEAR
    return within_year, median / mean_weeks


def _spearman(x: np.ndarray, y: np.ndarray) -> dict:
    res = stats.spearmanr(x, y)
    return {"rho": float(res.statistic), "p": float(res.pvalue), "n": int(len(x))}


def spatial_checks(results: Sequence[RunResult]) -> dict:
    """Rank checks of the simulated wijk pattern against the deprivation input and independent facts."""
    inputs = load_inputs()
    pw = {k: np.mean([r.per_wijk[k].mean(axis=0) for r in results], axis=0) for k in results[0].per_wijk}
    youths17 = pw["youths_10_17"]
    keep = youths17 >= MIN_YOUTHS_10_17
    dep = np.asarray(inputs.deprivation)
    overlast_per_1000 = np.divide(pw["overlast_registered_per_year"] * 1000, pw["youths_10_23"],
                                  out=np.zeros_like(youths17), where=pw["youths_10_23"] > 0)
    sd = np.asarray(inputs.stadsdeel_index)
    n_sd = len(inputs.stadsdeel_names)
    care = np.bincount(sd, weights=pw["jeugdhulp_in_care_10_17"], minlength=n_sd)
    y17 = np.bincount(sd, weights=youths17, minlength=n_sd)
    sd_prev = np.divide(care, y17, out=np.zeros(n_sd), where=y17 > 0)
    sd_overlast = np.bincount(sd, weights=pw["overlast_registered_per_year"], minlength=n_sd)
    names = list(inputs.stadsdeel_names)
    order_prev = [names[i] for i in np.argsort(-sd_prev, kind="stable")]
    order_overlast = [names[i] for i in np.argsort(-sd_overlast, kind="stable")]
    inhabitants = pd.read_csv(data_dir() / "wijken.csv")["inwoners_2024_est"].to_numpy(dtype=float)
    sd_inh = np.bincount(sd, weights=inhabitants, minlength=n_sd)
    sd_overlast_per_1000 = np.divide(sd_overlast * 1000, sd_inh, out=np.zeros(n_sd), where=sd_inh > 0)
    order_per_1000 = [names[i] for i in np.argsort(-sd_overlast_per_1000, kind="stable")]
    vve_high_top3 = all(n in order_prev[:3] for n in VVE_HIGH)
    vve_low_bottom = all(order_prev.index(n) >= n_sd // 2 for n in VVE_LOW)
    centrum_rank = order_overlast.index("Nijmegen-Centrum") + 1
    centrum_rank_per_1000 = order_per_1000.index("Nijmegen-Centrum") + 1
    return {
        "wijken_used": int(keep.sum()),
        "jeugdhulp_vs_deprivation": _spearman(pw["jeugdhulp_prevalence_u18"][keep], dep[keep]),
        "overlast_per_1000_vs_deprivation": _spearman(overlast_per_1000[keep], dep[keep]),
        "stadsdeel_jeugdhulp_prevalence": dict(zip(names, sd_prev.tolist(), strict=True)),
        "stadsdeel_overlast_registered": dict(zip(names, sd_overlast.tolist(), strict=True)),
        "stadsdeel_rank_jeugdhulp": order_prev,
        "stadsdeel_rank_overlast": order_overlast,
        "stadsdeel_overlast_registered_per_1000_inhabitants": dict(
            zip(names, sd_overlast_per_1000.tolist(), strict=True)),
        "stadsdeel_rank_overlast_per_1000_inhabitants": order_per_1000,
        "vve_high_in_top3_jeugdhulp": bool(vve_high_top3),
        "vve_low_in_bottom_half_jeugdhulp": bool(vve_low_bottom),
        "centrum_rank_overlast": int(centrum_rank),
        "centrum_first_overlast": bool(centrum_rank == 1),
        "centrum_rank_overlast_per_1000_inhabitants": int(centrum_rank_per_1000),
        "per_wijk": [{"wijk_code": c, "wijk_naam": n, "youths_10_17": float(youths17[j]),
                      "deprivation": float(dep[j]),
                      "jeugdhulp_prevalence_u18": float(pw["jeugdhulp_prevalence_u18"][j]),
                      "overlast_registered_per_1000_youths": float(overlast_per_1000[j])}
                     for j, (c, n) in enumerate(zip(inputs.wijk_codes, inputs.wijk_names, strict=True))],
    }
