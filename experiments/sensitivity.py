"""Global sensitivity analysis: Morris screening and Sobol indices (SALib) from an experiment's results.

The runs come from the same path as every sweep (design → runner → Parquet), and the analysis reads them
back from disk, so what is proven on a function with known indices (SALib's Ishigami, ``evaluator =
"ishigami"``) is the code that analyses the model. For a stochastic model, the output of a design point is
the mean over its replicates; replicates share seeds across points (common random numbers), which keeps
noise from masquerading as sensitivity.

Outputs in the results folder: ``sensitivity.csv`` (one row per KPI and factor, with 95% bootstrap
confidence intervals), ``sensitivity.json`` and one PNG per KPI (``sensitivity-<kpi>.png``).
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from .designs import Design
from .errors import ExperimentError
from .output import atomic_write_bytes, atomic_write_text, to_json

CONF_LEVEL = 0.95


def outputs_by_point(design: Design, runs: pd.DataFrame, kpi: str) -> np.ndarray:
    """Return the KPI per design point (mean over replicates), in design order.

    Raises:
        ExperimentError: when a point has no result (failed runs) or the design has several scenarios.

    """
    if len(design.scenarios) > 1:
        raise ExperimentError("sensitivity: use one scenario per design (the indices are per scenario)")
    n = len(design.unit_samples())
    col = f"kpi_{kpi}"
    if col not in runs.columns:
        raise ExperimentError(f"sensitivity: KPI {kpi!r} is not in the results")
    y = runs.groupby("point")[col].mean().reindex(range(n))
    missing = int(y.isna().sum())
    if missing:
        raise ExperimentError(
            f"sensitivity: {missing} of {n} design points have no result (failed runs); "
            "continue with --resume"
        )
    return y.to_numpy(dtype=float)


def analyse(
    design: Design, runs: pd.DataFrame, kpis: tuple[str, ...] | None = None, num_resamples: int = 1000
) -> pd.DataFrame:
    """Morris (``method = "morris"``) or Sobol (``method = "saltelli"``) indices with 95% intervals.

    Returns:
        One row per (kpi, factor). Morris: ``mu``, ``mu_star``, ``mu_star_conf``, ``sigma``; Sobol:
        ``S1``, ``S1_conf``, ``ST``, ``ST_conf``; ``*_lo``/``*_hi`` are the interval ends.

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
            for i, name in enumerate(problem["names"]):
                ms, conf = float(res["mu_star"][i]), float(res["mu_star_conf"][i])
                rows.append(
                    {
                        "kpi": kpi,
                        "factor": name,
                        "mu": float(res["mu"][i]),
                        "mu_star": ms,
                        "mu_star_conf": conf,
                        "mu_star_lo": ms - conf,
                        "mu_star_hi": ms + conf,
                        "sigma": float(res["sigma"][i]),
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
            for i, name in enumerate(problem["names"]):
                row = {"kpi": kpi, "factor": name}
                for idx in ("S1", "ST"):
                    v, c = float(res[idx][i]), float(res[f"{idx}_conf"][i])
                    row.update({idx: v, f"{idx}_conf": c, f"{idx}_lo": v - c, f"{idx}_hi": v + c})
                rows.append(row)
    return pd.DataFrame(rows)


def plot(table: pd.DataFrame, method: str, kpi: str, title: str) -> bytes:
    """PNG of one KPI's indices: Morris mu* against sigma, or Sobol S1/ST bars, with 95% intervals."""
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    t = table[table["kpi"] == kpi]
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    if method == "morris":
        ax.errorbar(t["mu_star"], t["sigma"], xerr=t["mu_star_conf"], fmt="o", capsize=3)
        for _, r in t.iterrows():
            ax.annotate(
                r["factor"], (r["mu_star"], r["sigma"]), textcoords="offset points", xytext=(4, 4), fontsize=8
            )
        ax.set_xlabel("μ* (mean absolute elementary effect), 95% CI")
        ax.set_ylabel("σ (non-linearity / interactions)")
    else:
        pos = np.arange(len(t))
        ax.bar(pos - 0.2, t["S1"], 0.4, yerr=t["S1_conf"], capsize=3, label="first order S1")
        ax.bar(pos + 0.2, t["ST"], 0.4, yerr=t["ST_conf"], capsize=3, label="total order ST")
        ax.set_xticks(pos, t["factor"], rotation=30, ha="right", fontsize=8)
        ax.set_ylabel("Sobol index (95% CI)")
        ax.legend(fontsize=8)
    ax.set_title(f"{title}: {kpi}", fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def write_report(out: Path, design: Design, table: pd.DataFrame) -> list[str]:
    """Write the table (CSV, JSON) and one plot per KPI into ``out``; returns the file names."""
    files = ["sensitivity.csv", "sensitivity.json"]
    atomic_write_text(out / "sensitivity.csv", table.to_csv(index=False))
    doc = {
        "design": design.name,
        "method": "morris" if design.method == "morris" else "sobol",
        "confidence_level": CONF_LEVEL,
        "interval": "bootstrap over trajectories/samples (SALib)",
        "output_per_point": "mean over replicates",
        "indices": table.to_dict(orient="records"),
    }
    atomic_write_text(out / "sensitivity.json", to_json(doc))
    for kpi in table["kpi"].unique():
        name = f"sensitivity-{kpi}.png"
        atomic_write_bytes(out / name, plot(table, design.method, kpi, design.name))
        files.append(name)
    return files
