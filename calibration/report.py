"""The calibration report: Markdown plus PNG figures.

Targets vs simulated, posterior marginals and correlations, the wijk pattern against deprivation; written
by ``jwsim validate --report DIR``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from jwsim.experiments.output import atomic_write_bytes, atomic_write_text, to_json
from jwsim.model.params import REGISTRY
from jwsim.model.results import RunResult

from .posterior import posterior_path
from .targets import CalibrationError, TargetSet


def _pyplot():
    os.environ.setdefault("MPLCONFIGDIR", str(Path.cwd() / ".cache" / "matplotlib"))
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    return plt


def _save(fig, path: Path) -> None:
    import io  # noqa: PLC0415

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    atomic_write_bytes(path, buf.getvalue())


def figure_targets(doc: dict, path: Path) -> None:
    """Forest plot: observed band and simulated predictive interval, both relative to the observed value."""
    plt = _pyplot()
    rows = doc["targets"]
    fig, ax = plt.subplots(figsize=(8, 0.42 * len(rows) + 1.2))
    for i, r in enumerate(rows):
        y = len(rows) - 1 - i
        o = r["observed"]
        ax.plot([r["lo_obs"] / o, r["hi_obs"] / o], [y + 0.12] * 2, color="0.55", lw=5, solid_capstyle="butt")
        ax.plot([1.0], [y + 0.12], "|", color="k", ms=12)
        col = "tab:blue" if r["used_for_fit"] else "tab:orange"
        ax.plot([r["lo"] / o, r["hi"] / o], [y - 0.12] * 2, color=col, lw=2)
        ax.plot([r["simulated"] / o], [y - 0.12], "o", color=col, ms=5)
    ax.set_yticks(range(len(rows)))
    labels = [r["name"] + ("" if r["used_for_fit"] else " (check)") for r in rows]
    ax.set_yticklabels(labels[::-1], fontsize=8)
    ax.axvline(1.0, color="k", lw=0.5, ls=":")
    ax.set_xlabel("value / observed value (grey: observation's 95% band; blue = fitted, orange = check: "
                  "simulated 95% interval of one year)", fontsize=8)
    ax.set_xscale("log")
    ticks = [t for t in (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0) if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.minorticks_off()
    _save(fig, path)
    plt.close(fig)


def load_shipped_posterior() -> dict | None:
    """Return the shipped posterior document, or None if there is none yet."""
    p = posterior_path()
    if not p.exists():
        return None
    return json.loads(p.read_text(encoding="utf-8"))


def figure_marginals(post: dict, path: Path) -> None:
    """Histogram of each free parameter's draws over its prior range, with the point estimate."""
    plt = _pyplot()
    names = post["parameters"]
    draws = np.asarray(post["draws"])
    cols = 4
    rows = int(np.ceil(len(names) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.1 * rows))
    for j, ax in enumerate(np.ravel(axes)):
        if j >= len(names):
            ax.axis("off")
            continue
        n = names[j]
        p = REGISTRY[n]
        ax.hist(draws[:, j], bins=15, range=(p.low, p.high), color="tab:blue", alpha=0.75)
        if n in post.get("point_estimate", {}):
            ax.axvline(post["point_estimate"][n], color="k", lw=1.2)
        ax.set_xlim(p.low, p.high)
        ax.set_title(n, fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_yticks([])
    fig.suptitle("Posterior draws over the prior range (x-axis = registry range; line = SMM point estimate)",
                 fontsize=9)
    fig.tight_layout()
    _save(fig, path)
    plt.close(fig)


def posterior_correlations(post: dict) -> np.ndarray:
    """Pearson correlation matrix of the posterior draws."""
    d = np.asarray(post["draws"])
    sd = d.std(axis=0)
    c = np.corrcoef(d, rowvar=False)
    c[:, sd == 0] = 0.0
    c[sd == 0, :] = 0.0
    return c


def figure_correlations(post: dict, path: Path) -> None:
    """Heat map of the pairwise posterior correlations."""
    plt = _pyplot()
    c = posterior_correlations(post)
    names = post["parameters"]
    fig, ax = plt.subplots(figsize=(8, 7))
    im = ax.imshow(c, vmin=-1, vmax=1, cmap="RdBu_r")
    ax.set_xticks(range(len(names)))
    ax.set_yticks(range(len(names)))
    ax.set_xticklabels(names, rotation=90, fontsize=7)
    ax.set_yticklabels(names, fontsize=7)
    fig.colorbar(im, ax=ax, shrink=0.7, label="posterior correlation")
    _save(fig, path)
    plt.close(fig)


def figure_wijken(doc: dict, path: Path) -> None:
    """Per-wijk jeugdhulp prevalence and registered nuisance against the deprivation index."""
    plt = _pyplot()
    rows = [r for r in doc["spatial"]["per_wijk"] if r["youths_10_17"] >= 100]
    dep = [r["deprivation"] for r in rows]
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    axes[0].scatter(dep, [100 * r["jeugdhulp_prevalence_u18"] for r in rows], s=14)
    axes[0].set_ylabel("jeugdhulp 10-17 (% per year)")
    axes[1].scatter(dep, [r["overlast_registered_per_1000_youths"] for r in rows], s=14, color="tab:red")
    axes[1].set_ylabel("registered overlast per 1,000 youths 10-23 (by home wijk)")
    sp = doc["spatial"]
    for ax, key in zip(axes, ("jeugdhulp_vs_deprivation", "overlast_per_1000_vs_deprivation"), strict=True):
        ax.set_xlabel("deprivation index (input)")
        ax.set_title(f"Spearman rho = {sp[key]['rho']:.2f} ({sp[key]['n']} wijken)", fontsize=9)
    fig.tight_layout()
    _save(fig, path)
    plt.close(fig)


def _fmt(v: float) -> str:
    a = abs(v)
    return f"{v:.0f}" if a >= 100 else f"{v:.1f}" if a >= 10 else f"{v:.3g}"


def render_markdown(doc: dict, ts: TargetSet, post: dict | None, calib: dict | None) -> str:
    """Return the report text (facts only; the interpretation lives in docs/calibration.md)."""
    s = doc["setup"]
    lines = [
        "# Calibration report (generated)",
        "",
        f"Generated by `jwsim validate --report` — scenario `{s['scenario']}`, {s['runs']} runs at scale "
        f"{s['scale']:g}, seed {s['seed']}, years {s['years'][0]}–{s['years'][-1]}"
        + (f", {s['posterior_draws']} posterior draws" if s["posterior_draws"] else ", registry defaults")
        + ". Method, choices and what the model still gets wrong: [../calibration.md](../calibration.md).",
        "",
        "## Targets vs simulated",
        "",
        f"Simulated: mean and {s['interval']}. *Within*: {s['within']}.",
        "",
        "![targets vs simulated](targets_vs_simulated.png)",
        "",
        "| target | fit | observed [95% band] | simulated [95% interval] | z | within |",
        "|---|---|---|---|---|---|",
    ]
    for r in doc["targets"]:
        lines.append(f"| {r['name']} | {'yes' if r['used_for_fit'] else 'check'} | {_fmt(r['observed'])} "
                     f"[{_fmt(r['lo_obs'])}–{_fmt(r['hi_obs'])}] | {_fmt(r['simulated'])} "
                     f"[{_fmt(r['lo'])}–{_fmt(r['hi'])}] | {r['z']:+.2f} | "
                     f"{'yes' if r['within'] else '**no**'} |")
    misses = [r["name"] + " (" + "; ".join(
        (["a check, not fitted"] if not r["used_for_fit"] else [])
        + [f"the bands overlap, but z = {r['z']:+.2f}" if r.get("overlap") else f"z = {r['z']:+.2f}"]) + ")"
        for r in doc["targets"] if not r["within"]]
    lines += ["", "Outside: " + (", ".join(misses) if misses else "none") + ".", ""]
    if doc.get("patterns"):
        lines += ["## Pattern checks (not fitted)", "", "| check | value | expected | passed | source |",
                  "|---|---|---|---|---|"]
        lines += [f"| {c['name']} | {c['value']:.2f} | {c['expected']} | "
                  f"{'yes' if c['passed'] else '**no**'} | {c['source']} |" for c in doc["patterns"]]
        lines.append("")
    lines += ["## Spatial pattern (no per-wijk fitting)", ""]
    sp = doc["spatial"]
    lines += [
        f"- Spearman rank correlation over {sp['wijken_used']} wijken with ≥ 100 youths aged 10–17: "
        "jeugdhulp "
        f"prevalence vs deprivation index rho = {sp['jeugdhulp_vs_deprivation']['rho']:.2f} "
        f"(p = {sp['jeugdhulp_vs_deprivation']['p']:.2g}); registered overlast per 1,000 youths vs "
        f"deprivation rho = {sp['overlast_per_1000_vs_deprivation']['rho']:.2f} "
        f"(p = {sp['overlast_per_1000_vs_deprivation']['p']:.2g}).",
        "- Stadsdelen by simulated jeugdhulp prevalence: " + ", ".join(sp["stadsdeel_rank_jeugdhulp"]) + ".",
        f"  Independent check (A5, toddlers with a VVE indication): Dukenburg and Lindenholt in the top 3 — "
        f"{'yes' if sp['vve_high_in_top3_jeugdhulp'] else 'no'}; Oost, Midden and Noord in the bottom half — "
        f"{'yes' if sp['vve_low_in_bottom_half_jeugdhulp'] else 'no'}.",
        "- Stadsdelen by simulated registered overlast (where it happens): "
        + ", ".join(sp["stadsdeel_rank_overlast"]) + "; per 1,000 inhabitants: "
        + ", ".join(sp["stadsdeel_rank_overlast_per_1000_inhabitants"])
        + f". Independent check (G-N1, overlast relatively high in Nijmegen-Centrum): Centrum ranks "
        f"{sp['centrum_rank_overlast']} by count and {sp['centrum_rank_overlast_per_1000_inhabitants']} "
        "per 1,000 inhabitants.",
        "", "![wijk pattern](wijk_pattern.png)", "",
    ]
    if calib is not None:
        smm = calib["smm"]
        lines += ["## SMM point estimate (the registry defaults)", "",
                  f"Objective (sum of squared z over {len(ts.fit)} targets): {smm['start_objective']:.2f} at "
                  f"the old defaults → {smm['objective']:.2f}; {smm['evaluations']} objective evaluations, "
                  f"{smm.get('runs', '?')} runs; scipy: {smm['status']}", "",
                  "| parameter | old default | calibrated | SE | range |", "|---|---|---|---|---|"]
        for n, v in smm["theta"].items():
            p = REGISTRY[n]
            lines.append(f"| {n} | {smm['start'][n]:.4g} | {v:.4g} | {smm['se'][n]:.2g} | "
                         f"{p.low:g}–{p.high:g} |")
        at_bound = [n for n, v in smm["theta"].items() if min(v - REGISTRY[n].low, REGISTRY[n].high - v)
                    <= 0.01 * (REGISTRY[n].high - REGISTRY[n].low)]
        lines += ["", "At a bound of its range (within 1%): " + ("; ".join(
            f"`{n}` — {REGISTRY[n].source}" for n in at_bound) if at_bound else "none") + "."]
        a = calib["abc"]
        lines += ["", "## ABC-SMC", "",
                  f"{a['generations']} generations of {a['population']} particles, {a['simulations']} "
                  f"simulations; tolerances " + ", ".join(f"{e:.2f}" for e in a["epsilons"])
                  + f"; effective sample size of the last pseudo-prior generation after reweighting to the "
                  f"registry priors {a.get('effective_sample_size_smc', a['effective_sample_size']):.0f} of "
                  f"{a['population']}" + (
                      f"; resample-move: {a['mcmc']['step']} ABC-MCMC steps, acceptance per step "
                      + ", ".join(f"{x:.0%}" for x in a["mcmc"]["accepted"])
                      + f", distinct particles {a['mcmc']['unique_start']} → {a['mcmc']['unique_end']}"
                      if a.get("mcmc") else "") + (
                      "; last generation (registry priors, tolerance "
                      f"{a['final_generation']['epsilon']:.2f} = the "
                      f"{a['final_generation']['quantile']:.0%} quantile of the moved particles' "
                      f"distances): effective sample size "
                      f"{a['final_generation']['effective_sample_size']:.0f} of {a['population']}"
                      if a.get("final_generation") else "") + ".", "",
                  "Scale-bias ratios (full scale / scale "
                  f"{calib['settings']['abc_scale']:g}) applied to the ABC statistics: "
                  + ", ".join(f"{k} {v:.3f}" for k, v in calib["bias_ratios"]["ratios"].items()) + ".", ""]
    if post is not None:
        draws = np.asarray(post["draws"])
        lines += ["## Posterior ensemble (shipped: calibration/posterior.json)", "",
                  f"{draws.shape[0]} equally weighted draws. Prior = uniform over the registry range.", "",
                  "![posterior marginals](posterior_marginals.png)", "",
                  "| parameter | posterior mean | 5%–95% | prior range | share of range (90%) |",
                  "|---|---|---|---|---|"]
        for j, n in enumerate(post["parameters"]):
            p = REGISTRY[n]
            lo, hi = np.percentile(draws[:, j], [5, 95])
            lines.append(f"| {n} | {draws[:, j].mean():.4g} | {lo:.4g}–{hi:.4g} | {p.low:g}–{p.high:g} | "
                         f"{(hi - lo) / (p.high - p.low):.0%} |")
        c = posterior_correlations(post)
        iu = np.triu_indices(len(post["parameters"]), 1)
        order = np.argsort(-np.abs(c[iu]))[:6]
        lines += ["", "Strongest pairwise posterior correlations: " + "; ".join(
            f"{post['parameters'][iu[0][k]]} × {post['parameters'][iu[1][k]]} {c[iu][k]:+.2f}"
            for k in order) + ".",
            "", "![posterior correlations](posterior_correlations.png)", ""]
    return "\n".join(lines) + "\n"


def write_report(folder: Path, doc: dict, results: Sequence[RunResult], ts: TargetSet,
                 calibration_dir: Path | None = None) -> None:
    """Write report.md, validation.json and the PNG figures into ``folder``."""
    calib = None
    if calibration_dir is not None:
        try:
            calib = json.loads((calibration_dir / "calibration.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CalibrationError(f"{calibration_dir}: unreadable calibration.json ({exc})") from None
    post = load_shipped_posterior()
    folder.mkdir(parents=True, exist_ok=True)
    figure_targets(doc, folder / "targets_vs_simulated.png")
    figure_wijken(doc, folder / "wijk_pattern.png")
    if post is not None:
        figure_marginals(post, folder / "posterior_marginals.png")
        figure_correlations(post, folder / "posterior_correlations.png")
    slim = {k: v for k, v in doc.items() if k != "spatial"}
    slim["spatial"] = {k: v for k, v in doc["spatial"].items() if k != "per_wijk"}
    atomic_write_text(folder / "validation.json", to_json(slim))
    if calib is not None:
        keep = {k: v for k, v in calib.items() if k != "abc"}
        keep["abc"] = {k: v for k, v in calib["abc"].items() if k not in ("particles", "weights", "draws")}
        atomic_write_text(folder / "calibration_summary.json", to_json(keep))
    atomic_write_text(folder / "report.md", render_markdown(doc, ts, post, calib))
