"""Global sensitivity analysis: Morris screening and Sobol indices (SALib) from an experiment's results.

The runs come from the same path as every sweep (design → runner → Parquet), and the analysis reads them
back from disk, so what is proven on a function with known indices (SALib's Ishigami, ``evaluator =
"ishigami"``) is the code that analyses the model. For a stochastic model, the output of a design point is
the mean over its replicates; replicates share seeds across points (common random numbers), which keeps
noise from masquerading as sensitivity.

What a paper needs besides SALib's indices:

* Normalised μ*: ``mu_star_norm = μ* / σ_Y``, with σ_Y the standard deviation of the point outputs over
  the design (dimensionless: the change a factor's full range makes, in standard deviations of the output
  over the design), with the interval of μ* divided by σ_Y.
* σ with an interval: the percentile interval of σ over bootstrap resamples of the elementary effects
  (SALib gives one for μ* only).
* A noise floor for μ* (model runs): ``noise_reps`` replicate runs at the centre of the factor ranges
  measure the replicate noise σ_ε of one run. A factor that does nothing, where each point had a random
  world of its own (only the seed changes), would get ``μ*_noise = 2 σ_ε / (Δ √(π R))`` on average (the mean
  absolute difference of two point means over R replicates, divided by the Morris step Δ), with a χ² interval
  from σ_ε's. Common random numbers make the noise between neighbouring points smaller than that, so the floor
  is conservative: a μ* whose interval lies above it is larger than a change of seed could make it
  (``vs_noise = "above"``); one below it is smaller than the difference between two random worlds (which does
  not make it zero). For Sobol designs ``noise_share`` is the share of the variance of the point outputs that
  replicate noise alone would give (R σ_ε² is the variance of one run; a point mean has σ_ε² / R).
* Labels of factors and KPIs (Dutch or English, from the parameter registry and the lever table) in the
  plots, a Markdown table (``sensitivity.md``) and a LaTeX table (``sensitivity.tex``).

Outputs in the results folder: ``sensitivity.csv`` (one row per KPI and factor), ``sensitivity.json``,
``sensitivity.md``, ``sensitivity.tex`` and one PNG per KPI (``sensitivity-<kpi>.png``).
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from .designs import Design
from .errors import ExperimentError
from .labels import factor_label, kpi_label, localised
from .output import atomic_write_bytes, atomic_write_text, to_json
from .replicates import MIN_REPLICATES
from .runner import SweepRun

CONF_LEVEL = 0.95
NOISE_REPS = 10
NORMALISATION = "mu_star_norm = mu_star / sigma_Y; sigma_Y: standard deviation of the point outputs (design)"
SIGMA_INTERVAL = "percentile interval of sigma over bootstrap resamples of the elementary effects"
NOISE_FLOOR = (
    "mu* of a factor without effect if only the seed changed between points: 2 sigma_e / (delta sqrt(pi R)), "
    "sigma_e from noise_reps runs at the centre of the factor ranges (chi-square interval); conservative "
    "under common random numbers"
)
TEXT = {
    "difference": ("Uitkomst per punt: {second} \u2212 {first}, gepaard per herhaling (zelfde toeval).",
                   "Output per point: {second} \u2212 {first}, paired by replicate (common random numbers)."),
    "factor": ("Factor", "Factor"),
    "mu_star": ("μ* [95%-interval]", "μ* [95% interval]"),
    "norm": ("μ*/σ_Y", "μ*/σ_Y"),
    "sigma": ("σ [95%-interval]", "σ [95% interval]"),
    "noise": ("t.o.v. ruisvloer", "vs noise floor"),
    "above": ("boven de ruisvloer", "above the floor"),
    "within": ("binnen de ruisvloer", "within the floor"),
    "below": ("onder de ruisvloer", "below the floor"),
    "none": ("geen ruismeting", "no noise runs"),
    "s1": ("S1 [95%-interval]", "S1 [95% interval]"),
    "st": ("ST [95%-interval]", "ST [95% interval]"),
    "floor": (
        "Ruisvloer voor μ*: de μ* die alleen een ander toevalsgetal al geeft (elk punt een eigen "
        "gesimuleerde wereld): {v} [{lo} – {hi}] ({n} runs in het midden van de bereiken). Met "
        "gemeenschappelijke toevalsgetallen kan een effect onder de vloer toch echt zijn: zie het interval "
        "van μ*.",
        "Noise floor for μ*: the μ* a change of seed alone gives (every point its own random world): {v} "
        "[{lo} – {hi}] ({n} runs at the centre of the ranges). With common random numbers an effect below "
        "the floor can still be real: see its μ* interval.",
    ),
    "share": (
        "Aandeel ruis in de variantie van de punten: {v} [{lo} – {hi}].",
        "Noise share of the variance of the point outputs: {v} [{lo} – {hi}].",
    ),
    "xlabel": (
        "μ*: gemiddeld absoluut elementair effect (95%-interval)",
        "μ*: mean absolute elementary effect (95% interval)",
    ),
    "ylabel": (
        "σ: niet-lineair / interacties (95%-interval)",
        "σ: non-linearity / interactions (95% interval)",
    ),
    "floor_band": ("ruisvloer (95%-interval)", "noise floor (95% interval)"),
    "sobol_y": ("Sobol-index (95%-interval)", "Sobol index (95% interval)"),
}


def t(key: str, lang: str, **kw) -> str:
    """Return a text of the tables and plots in ``lang``."""
    return localised(TEXT, key, lang, **kw)


# ------------------------------------------------------------------------------------------- the noise runs
def centre(design: Design) -> dict[str, float]:
    """Return the centre of the factor ranges (whole-number factors rounded)."""
    mid = {f.name: (f.low + f.high) / 2 for f in design.factors}
    return {f.name: float(round(mid[f.name])) if f.integer else mid[f.name] for f in design.factors}


def noise_runs(design: Design, reps: int = NOISE_REPS) -> list[SweepRun]:
    """Return ``reps`` replicate runs at the centre of the ranges, as point ``n_points`` (after the design's).

    None for toy evaluators (they have no noise) or ``reps == 0``.
    """
    if design.evaluator != "jwsim" or reps == 0:
        return []
    return design.point_runs(design.n_points(), centre(design), reps)


def noise(design: Design, runs: pd.DataFrame, kpi: str) -> tuple[float, int]:
    """Return σ_ε, the standard deviation of one run's output at the centre, and the runs it rests on."""
    values = replicate_outputs(design, runs, kpi)
    at = values[values["point"] == design.n_points()]["y"].to_numpy(float)
    return (float(np.std(at, ddof=1)) if len(at) >= MIN_REPLICATES else math.nan), len(at)


def replicate_outputs(design: Design, runs: pd.DataFrame, kpi: str) -> pd.DataFrame:
    """Return the output ``y`` of every (point, replicate).

    That is the KPI, or for a difference design the second scenario's KPI minus the first's in the same
    replicate (common random numbers).

    Raises:
        ExperimentError: a KPI that is not in the results, or a design with several scenarios that is not
            a difference design.

    """
    col = f"kpi_{kpi}"
    if col not in runs.columns:
        raise ExperimentError(f"sensitivity: KPI {kpi!r} is not in the results")
    if not design.difference:
        if len(design.scenarios) > 1:
            raise ExperimentError("sensitivity: use one scenario per design (the indices are per scenario), "
                                  "or difference = true with two")
        return runs[["point", "replicate"]].assign(y=runs[col].to_numpy(float))
    first, second = (s.name for s in design.scenarios)
    wide = runs.pivot_table(index=["point", "replicate"], columns="scenario", values=col, aggfunc="first")
    wide = wide.dropna(subset=[c for c in (first, second) if c in wide.columns])
    if first not in wide.columns or second not in wide.columns:
        return pd.DataFrame({"point": [], "replicate": [], "y": []})
    return (wide[second] - wide[first]).rename("y").reset_index()


def _sd_interval(sd: float, n: int, level: float = CONF_LEVEL) -> tuple[float, float]:
    """χ² interval of a standard deviation from ``n`` values."""
    a = (1 - level) / 2
    return sd * math.sqrt((n - 1) / stats.chi2.ppf(1 - a, n - 1)), sd * math.sqrt(
        (n - 1) / stats.chi2.ppf(a, n - 1)
    )


def noise_floor(sd: float, n: int, design: Design) -> dict[str, float | None]:
    """μ* a factor without effect gets from noise alone (seed changes between points), with its interval."""
    if not n >= MIN_REPLICATES or not math.isfinite(sd):
        return {"mean": None, "lo": None, "hi": None, "n": n}
    from SALib.analyze.morris import _compute_delta  # noqa: PLC0415

    k = 2.0 / (_compute_delta(design.morris_levels) * math.sqrt(math.pi * design.reps))
    lo, hi = _sd_interval(sd, n)
    return {"mean": k * sd, "lo": k * lo, "hi": k * hi, "n": n}


def noise_share(sd: float, n: int, design: Design, y: np.ndarray) -> dict[str, float | None]:
    """Share of the variance of the point outputs that replicate noise alone gives (σ_ε² / R / Var Y)."""
    var_y = float(np.var(y, ddof=1))
    if not n >= MIN_REPLICATES or not math.isfinite(sd) or var_y <= 0:
        return {"mean": None, "lo": None, "hi": None, "n": n}
    lo, hi = _sd_interval(sd, n)
    return {
        "mean": sd**2 / design.reps / var_y,
        "lo": lo**2 / design.reps / var_y,
        "hi": hi**2 / design.reps / var_y,
        "n": n,
    }


# ----------------------------------------------------------------------------------------------- analysis
def outputs_by_point(design: Design, runs: pd.DataFrame, kpi: str) -> np.ndarray:
    """Return the output per design point (mean over replicates), in design order.

    Raises:
        ExperimentError: when a point has no result (failed runs) or the design has several scenarios.

    """
    n = len(design.unit_samples())
    values = replicate_outputs(design, runs, kpi)
    y = values.groupby("point")["y"].mean().reindex(range(n))
    missing = int(y.isna().sum())
    if missing:
        raise ExperimentError(
            f"sensitivity: {missing} of {n} design points have no result (failed runs); "
            "continue with --resume"
        )
    return y.to_numpy(dtype=float)


def elementary_effects(design: Design, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Return the elementary effects (factors x trajectories), computed as SALib's Morris analysis does."""
    from SALib.analyze.morris import _compute_delta, _compute_elementary_effects  # noqa: PLC0415

    k = len(design.factors)
    return _compute_elementary_effects(x, y, k + 1, _compute_delta(design.morris_levels))


def sigma_interval(ee: np.ndarray, resamples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Percentile 95% interval of σ per factor over bootstrap resamples of its elementary effects."""
    rng = np.random.default_rng(seed)
    r = ee.shape[1]
    idx = rng.integers(r, size=(resamples, r))
    sig = np.std(ee[:, idx], axis=2, ddof=1)  # factors x resamples
    a = 100 * (1 - CONF_LEVEL) / 2
    return np.percentile(sig, a, axis=1), np.percentile(sig, 100 - a, axis=1)


def _vs_noise(lo: float, hi: float, floor: dict) -> str:
    if floor["lo"] is None:
        return "none"
    return "above" if lo > floor["hi"] else ("below" if hi < floor["lo"] else "within")


def analyse(
    design: Design, runs: pd.DataFrame, kpis: tuple[str, ...] | None = None, num_resamples: int = 1000
) -> pd.DataFrame:
    """Morris (``method = "morris"``) or Sobol (``method = "saltelli"``) indices with 95% intervals.

    Returns:
        One row per (kpi, factor), with ``label``. Morris: ``mu``, ``mu_star`` (``_conf``, ``_lo``, ``_hi``),
        ``mu_star_norm`` (``_lo``, ``_hi``), ``sigma`` (``_lo``, ``_hi``), ``sigma_y``, ``noise_floor``
        (``_lo``, ``_hi``) and ``vs_noise``; Sobol: ``S1``, ``ST`` (each with ``_conf``, ``_lo``, ``_hi``)
        and ``noise_share`` (``_lo``, ``_hi``).

    """
    if design.method not in ("morris", "saltelli"):
        raise ExperimentError(
            f"{design.source}: method: sensitivity needs 'morris' or 'saltelli', not {design.method!r}"
        )
    problem = design.problem()
    seed = design.sampler_seed % (2**32)
    rows = []
    for kpi in kpis or design.kpis:
        y = outputs_by_point(design, runs, kpi)
        sd, n_noise = noise(design, runs, kpi)
        if design.method == "morris":
            from SALib.analyze import morris  # noqa: PLC0415

            # The values the runs used (whole-number factors are rounded in the design points).
            x = np.array([[pt[f.name] for f in design.factors] for pt in design.points()], dtype=float)
            res = morris.analyze(
                problem,
                x,
                y,
                num_resamples=num_resamples,
                conf_level=CONF_LEVEL,
                num_levels=design.morris_levels,
                seed=seed,
            )
            sig_lo, sig_hi = sigma_interval(elementary_effects(design, x, y), num_resamples, seed)
            sigma_y = float(np.std(y, ddof=1))
            floor = noise_floor(sd, n_noise, design)
            for i, name in enumerate(problem["names"]):
                ms, conf = float(res["mu_star"][i]), float(res["mu_star_conf"][i])
                norm = lambda v, s=sigma_y: v / s if s > 0 else math.nan  # noqa: E731
                rows.append(
                    {
                        "kpi": kpi,
                        "factor": name,
                        "mu": float(res["mu"][i]),
                        "mu_star": ms,
                        "mu_star_conf": conf,
                        "mu_star_lo": ms - conf,
                        "mu_star_hi": ms + conf,
                        "mu_star_norm": norm(ms),
                        "mu_star_norm_lo": norm(ms - conf),
                        "mu_star_norm_hi": norm(ms + conf),
                        "sigma": float(res["sigma"][i]),
                        "sigma_lo": float(sig_lo[i]),
                        "sigma_hi": float(sig_hi[i]),
                        "sigma_y": sigma_y,
                        "noise_floor": floor["mean"],
                        "noise_floor_lo": floor["lo"],
                        "noise_floor_hi": floor["hi"],
                        "noise_reps": n_noise,
                        "vs_noise": _vs_noise(ms - conf, ms + conf, floor),
                    }
                )
        else:
            from SALib.analyze import sobol  # noqa: PLC0415

            res = sobol.analyze(
                problem,
                y,
                calc_second_order=design.second_order,
                num_resamples=num_resamples,
                conf_level=CONF_LEVEL,
                seed=seed,
            )
            share = noise_share(sd, n_noise, design, y)
            for i, name in enumerate(problem["names"]):
                row = {"kpi": kpi, "factor": name}
                for idx in ("S1", "ST"):
                    v, c = float(res[idx][i]), float(res[f"{idx}_conf"][i])
                    row.update({idx: v, f"{idx}_conf": c, f"{idx}_lo": v - c, f"{idx}_hi": v + c})
                row.update(
                    {
                        "noise_share": share["mean"],
                        "noise_share_lo": share["lo"],
                        "noise_share_hi": share["hi"],
                        "noise_reps": n_noise,
                    }
                )
                rows.append(row)
    return pd.DataFrame(rows)


# -------------------------------------------------------------------------------------------------- report
def _g(v: float | None) -> str:
    return "—" if v is None or (isinstance(v, float) and not math.isfinite(v)) else f"{v:.3g}"


def table_rows(table: pd.DataFrame, method: str, kpi: str, lang: str) -> tuple[list[str], list[list[str]]]:
    """Return the header and the rows of one KPI's table (Markdown and LaTeX show the same cells)."""
    part = table[table["kpi"] == kpi]
    if method == "morris":
        head = [t(k, lang) for k in ("factor", "mu_star", "norm", "sigma", "noise")]
        rows = [
            [
                factor_label(r["factor"], lang),
                f"{_g(r['mu_star'])} [{_g(r['mu_star_lo'])}, {_g(r['mu_star_hi'])}]",
                _g(r["mu_star_norm"]),
                f"{_g(r['sigma'])} [{_g(r['sigma_lo'])}, {_g(r['sigma_hi'])}]",
                t(r["vs_noise"], lang),
            ]
            for _, r in part.sort_values("mu_star", ascending=False).iterrows()
        ]
    else:
        head = [t("factor", lang), t("s1", lang), t("st", lang)]
        rows = [
            [
                factor_label(r["factor"], lang),
                f"{_g(r['S1'])} [{_g(r['S1_lo'])}, {_g(r['S1_hi'])}]",
                f"{_g(r['ST'])} [{_g(r['ST_lo'])}, {_g(r['ST_hi'])}]",
            ]
            for _, r in part.sort_values("ST", ascending=False).iterrows()
        ]
    return head, rows


def _note(table: pd.DataFrame, method: str, kpi: str, lang: str) -> str:
    r = table[table["kpi"] == kpi].iloc[0]
    if method == "morris" and r["noise_floor"] is not None and not pd.isna(r["noise_floor"]):
        return t(
            "floor",
            lang,
            v=_g(r["noise_floor"]),
            lo=_g(r["noise_floor_lo"]),
            hi=_g(r["noise_floor_hi"]),
            n=int(r["noise_reps"]),
        )
    if method != "morris" and r.get("noise_share") is not None and not pd.isna(r.get("noise_share")):
        return t(
            "share", lang, v=_g(r["noise_share"]), lo=_g(r["noise_share_lo"]), hi=_g(r["noise_share_hi"])
        )
    return ""


def markdown(table: pd.DataFrame, design: Design, lang: str) -> str:
    """Return ``sensitivity.md``: one table per KPI with its labels, and the noise floor under it."""
    out = [f"# {design.name}: {'Morris' if design.method == 'morris' else 'Sobol'}", ""]
    if design.difference:
        first, second = (s.name for s in design.scenarios)
        out += [t("difference", lang, first=first, second=second), ""]
    for kpi in table["kpi"].unique():
        head, rows = table_rows(table, design.method, kpi, lang)
        out += [f"## {kpi_label(kpi, lang)}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(r) + " |" for r in rows]
        note = _note(table, design.method, kpi, lang)
        out += ["", note, ""] if note else [""]
    return "\n".join(out)


LATEX_SPECIAL = {
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
    "μ": r"$\mu$",
    "σ": r"$\sigma$",
    "–": "--",
    "—": "---",
    "€": r"EUR",
}


def latex_escape(text: str) -> str:
    """Return ``text`` safe in a LaTeX document (special characters escaped, μ and σ in math mode)."""
    return "".join(LATEX_SPECIAL.get(c, c) for c in text)


def latex(table: pd.DataFrame, design: Design, lang: str) -> str:
    """Return ``sensitivity.tex``: one ``table`` environment per KPI (plain LaTeX, no extra packages)."""
    out = [f"% {design.name}: written by jwsim sensitivity; needs no package beyond LaTeX itself"]
    for kpi in table["kpi"].unique():
        head, rows = table_rows(table, design.method, kpi, lang)
        out += [
            r"\begin{table}[ht]",
            r"\centering",
            r"\begin{tabular}{l" + "r" * (len(head) - 1) + "}",
            r"\hline",
            " & ".join(latex_escape(h) for h in head) + r" \\",
            r"\hline",
        ]
        out += [" & ".join(latex_escape(c) for c in r) + r" \\" for r in rows]
        out += [r"\hline", r"\end{tabular}"]
        note = _note(table, design.method, kpi, lang)
        out += [
            rf"\caption{{{latex_escape(kpi_label(kpi, lang) + ('. ' + note if note else ''))}}}",
            rf"\label{{tab:{design.name}-{kpi}}}".replace("_", "-"),
            r"\end{table}",
            "",
        ]
    return "\n".join(out)


def plot(table: pd.DataFrame, method: str, kpi: str, title: str, lang: str = "en") -> bytes:
    """PNG of one KPI's indices, factors by label: Morris μ* (with the noise floor) and σ, or Sobol S1/ST."""
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    part = table[table["kpi"] == kpi]
    if method == "morris":
        part = part.sort_values("mu_star")
        labels = [factor_label(f, lang) for f in part["factor"]]
        y = np.arange(len(part))
        fig, (left, right) = plt.subplots(
            1,
            2,
            figsize=(9, 0.42 * len(part) + 1.6),
            dpi=110,
            sharey=True,
            gridspec_kw={"width_ratios": [3, 2]},
        )
        r0 = part.iloc[0]
        if r0["noise_floor"] is not None and not pd.isna(r0["noise_floor"]):
            left.axvspan(
                r0["noise_floor_lo"], r0["noise_floor_hi"], color="#dddddd", label=t("floor_band", lang)
            )
            left.axvline(r0["noise_floor"], color="#999999", lw=1)
            left.legend(fontsize=7, loc="lower right")
        left.barh(y, part["mu_star"], xerr=part["mu_star_conf"], capsize=3, color="#1f77b4")
        left.set_yticks(y, labels, fontsize=8)
        left.set_xlabel(t("xlabel", lang), fontsize=8)
        sig = part["sigma"].to_numpy(float)
        err = [sig - part["sigma_lo"].to_numpy(float), part["sigma_hi"].to_numpy(float) - sig]
        right.barh(y, sig, xerr=err, capsize=3, color="#ff7f0e")
        right.set_xlabel(t("ylabel", lang), fontsize=8)
    else:
        labels = [factor_label(f, lang) for f in part["factor"]]
        fig, ax = plt.subplots(figsize=(7.5, 4.6), dpi=110)
        pos = np.arange(len(part))
        ax.bar(pos - 0.2, part["S1"], 0.4, yerr=part["S1_conf"], capsize=3, label="S1")
        ax.bar(pos + 0.2, part["ST"], 0.4, yerr=part["ST_conf"], capsize=3, label="ST")
        ax.set_xticks(pos, labels, rotation=30, ha="right", fontsize=8)
        ax.set_ylabel(t("sobol_y", lang))
        ax.legend(fontsize=8)
    fig.suptitle(f"{title}: {kpi_label(kpi, lang)}", fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def write_report(out: Path, design: Design, table: pd.DataFrame, lang: str = "en") -> list[str]:
    """Write the tables (CSV, JSON, Markdown, LaTeX) and one plot per KPI into ``out``; return the names."""
    files = ["sensitivity.csv", "sensitivity.json", "sensitivity.md", "sensitivity.tex"]
    table = table.assign(label=[factor_label(f, lang) for f in table["factor"]])
    atomic_write_text(out / "sensitivity.csv", table.to_csv(index=False))
    doc = {
        "design": design.name,
        "method": "morris" if design.method == "morris" else "sobol",
        "confidence_level": CONF_LEVEL,
        "interval": "bootstrap over trajectories/samples (SALib)",
        "output_per_point": "mean over replicates",
        "normalisation": NORMALISATION if design.method == "morris" else None,
        "sigma_interval": SIGMA_INTERVAL if design.method == "morris" else None,
        "noise_floor": NOISE_FLOOR if design.method == "morris" else "noise_share: sigma_e^2 / R / Var(Y)",
        "indices": table.replace({np.nan: None}).to_dict(orient="records"),
    }
    atomic_write_text(out / "sensitivity.json", to_json(doc))
    atomic_write_text(out / "sensitivity.md", markdown(table, design, lang))
    atomic_write_text(out / "sensitivity.tex", latex(table, design, lang))
    for kpi in table["kpi"].unique():
        name = f"sensitivity-{kpi}.png"
        atomic_write_bytes(out / name, plot(table, design.method, kpi, design.name, lang))
        files.append(name)
    return files
