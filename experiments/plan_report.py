"""The plan-check report: Markdown, PNG figures and one self-contained HTML file.

In Dutch (default) or English; figures are embedded in the HTML. Both documents are rendered from the same
list of blocks, so they always agree.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import numpy as np

from .compare_report import REGIME_NL, reads_zero, regime_verdict
from .labels import fmt, kpi_label, localised
from .output import atomic_write_bytes, atomic_write_text
from .replicates import has_interval, interval_text, no_interval_text

T = {
    "title": ("Jaarplantoets", "Annual plan check"),
    "made": ("Gemaakt", "Made"),
    "settings": ("Instellingen", "Settings"),
    "s1": ("1. Het plan: verwachte uitkomsten per jaar", "1. The plan: expected outcomes per year"),
    "s1p": (
        "Gemiddelde over {reps} replicaties bij de registerwaarden, met het 95%-betrouwbaarheidsinterval van "
        "het gemiddelde.",
        "Mean over {reps} replicates at the registry values, with the 95% confidence interval of the mean.",
    ),
    "kpi": ("Indicator", "Indicator"),
    "mean": ("Gemiddelde", "Mean"),
    "ci": ("95%-interval", "95% interval"),
    "s2": (
        "2. Verschil met de alternatieven (plan − alternatief)",
        "2. Difference from the alternatives (plan − alternative)",
    ),
    "s2p": (
        "Gepaarde verschillen: elk scenario draait in dezelfde gesimuleerde werelden (gemeenschappelijke "
        "toevalsgetallen), dus het verschil komt van de inzet, niet van toeval.",
        "Paired differences: every scenario runs in the same simulated worlds (common random numbers), "
        "so the difference comes from the allocation, not from chance.",
    ),
    "plan": ("Plan", "Plan"),
    "alt": ("Alternatief", "Alternative"),
    "diff": ("Verschil [95%-interval]", "Difference [95% interval]"),
    "verdict": ("Plan beter?", "Plan better?"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "unclear": ("niet aantoonbaar", "not shown"),
    "equal": ("gelijk", "equal"),
    "no_verdict": ("geen oordeel (n < 3)", "no verdict (n < 3)"),
    "same": ("gelijk in elke replicatie", "the same in every replicate"),
    "every_rep": ("{v} in elke replicatie", "{v} in every replicate"),
    "no_change": ("in geen enkele replicatie verschil", "no change in any replicate"),
    "no_change_draws": ("in geen enkele trekking verschil", "no change in any draw"),
    "wtl": ("{w} beter / {t} gelijk / {l} slechter", "{w} better / {t} equal / {l} worse"),
    "share": ("aandeel beter {p} ({lo}–{hi})", "share better {p} ({lo}–{hi})"),
    "s3": (
        "3. Robuustheid: hoe vaak het plan beter is",
        "3. Robustness: how often the plan is better",
    ),
    "s3p": (
        "Over {n} trekkingen van onzekere parameters ({src}): in hoeveel trekkingen het plan beter, "
        "gelijk (precies dezelfde waarde) of slechter uitkomt dan het alternatief, en het aandeel "
        "trekkingen waarin het plan beter is met een 95%-interval (Jeffreys). Een gelijke uitkomst telt "
        "niet als half gewonnen.",
        "Over {n} draws of uncertain parameters ({src}): in how many draws the plan does better, equally "
        "well (exactly the same value) or worse than the alternative, and the share of draws in which the "
        "plan does better with a 95% interval (Jeffreys). An equal outcome does not count as half a win.",
    ),
    "reps_line": ("{reps} replicaties per scenario", "{reps} replicates per scenario"),
    "src_ranges": ("registerbereiken, Latijns hyperkubus", "registry ranges, Latin hypercube"),
    "src_post": ("calibratie-posterior", "calibration posterior"),
    "s3none": ("Geen parametertrekkingen gevraagd (--draws 0).", "No parameter draws requested (--draws 0)."),
    "vs": ("vs", "vs"),
    "method": ("Hoe dit is berekend", "How this was computed"),
    "m1": (
        "Model: jwsim {version}, registerversie {reg}, git commit {commit}. "
        "Reproduceer met de manifest.json in deze map.",
        "Model: jwsim {version}, registry version {reg}, git commit {commit}. Reproduce with the "
        "manifest.json in this folder.",
    ),
    "m2": (
        "Schaal {scale:g} (1 = heel Nijmegen), {years} jaar vanaf 2026, seed {seed}.",
        "Scale {scale:g} (1 = the whole city), {years} years from 2026, seed {seed}.",
    ),
    "m3": (
        "Dit is een model: de uitkomsten zijn verwachtingen onder aannames, geen voorspellingen. Elke "
        "aanname en haar bron staat in docs/parameters.md, de werking van het model in docs/ODD.md (in de "
        "jwsim-broncode).",
        "This is a model: outcomes are expectations under assumptions, not forecasts. Every assumption and "
        "its source is listed in docs/parameters.md, how the model works in docs/ODD.md (in the jwsim "
        "source).",
    ),
    "fig_diff": (
        "Verschil plan − alternatief, in % van het alternatief (95%-interval)",
        "Difference plan − alternative, % of the alternative (95% interval)",
    ),
    "fig_rob": (
        "Trekkingen waarin het plan beter / gelijk / slechter is (aandeel beter: 95%-interval)",
        "Draws in which the plan is better / equal / worse (share better: 95% interval)",
    ),
    "better": ("beter", "better"),
    "worse": ("slechter", "worse"),
    "s4": (
        "4. Welke verschillen de aannames overleven: de drie evidentieregimes",
        "4. Which differences survive the assumptions: the three evidence regimes",
    ),
    "s4p": (
        "Het gemiddelde verschil plan − alternatief bij de registerwaarden onder elk evidentieregime, met "
        "dezelfde replicaties en seeds. Pessimistisch: elk effect met bewijsgraad C of D op (bijna) nul; "
        "optimistisch: de bovenkant van het bewijs (docs/parameters.md). Robuust: hetzelfde teken onder alle "
        "drie (~0: onder dat regime afgerond nul of minder dan 1% van het grootste verschil, dus daar "
        "vrijwel geen effect); hangt af van aannames: het teken wisselt onder het genoemde regime. De "
        "intervallen van §2 en de trekkingen van §3 zijn die van het "
        "centrale regime.",
        "The mean difference plan − alternative at the registry values under each evidence regime, with the "
        "same replicates and seeds. Pessimistic: every effect of evidence grade C or D at (about) zero; "
        "optimistic: the upper end of the evidence (docs/parameters.md). Robust: the same sign under all "
        "three (~0: rounds to zero under that regime or is below 1% of the largest difference, so almost no "
        "effect there); depends on assumptions: the sign "
        "changes under the regime named. The intervals of §2 and the draws of §3 are the central regime's.",
    ),
    "sign": ("Teken", "Sign"),
}


def t(key: str, lang: str, **kw) -> str:
    """Return a report text in ``lang``."""
    return localised(T, key, lang, **kw)


def _pct(v: float, lang: str) -> str:
    return f"{100 * v:.0f}%"


def _level(k: str, v: dict, lang: str) -> str:
    """Return the interval column of a KPI: ``lo – hi``, the same in every replicate, or no interval."""
    if v.get("constant"):
        return t("same", lang)
    return interval_text(v, lambda x: fmt(k, x, lang), lang)


def _difference(k: str, d: dict, lang: str) -> str:
    """Return a paired difference: ``mean [lo … hi]``, no change in any replicate, or the same in each."""
    if d.get("no_change"):
        return t("no_change", lang)
    if d.get("constant"):
        return t("every_rep", lang, v=_signed(k, d["mean"], lang))
    shown = interval_text(d, lambda x: _signed(k, x, lang), lang, " … ")
    return f"{_signed(k, d['mean'], lang)} " + (f"[{shown}]" if has_interval(d) else f"({shown})")


def _robust_cell(r: dict, lang: str) -> str:
    """Wins / ties / losses over the draws, and the share of wins with its interval."""
    if r["no_change"]:
        return t("no_change_draws", lang)
    counts = t("wtl", lang, w=r["wins"], t=r["ties"], l=r["losses"])
    if r["lo"] is None:
        return f"{counts} ({no_interval_text(lang)})"
    share = t("share", lang, p=_pct(r["p_beats"], lang), lo=_pct(r["lo"], lang), hi=_pct(r["hi"], lang))
    return f"{counts}; {share}"


def blocks(doc: dict, meta: dict, lang: str) -> list[tuple]:
    """Return the report as blocks: ("h1"|"h2"|"p", text), ("table", header, rows), ("img", file, caption)."""
    plan = doc["plan"]
    kpis = list(doc["kpis"])
    b: list[tuple] = [
        ("h1", f"{t('title', lang)}: {plan}"),
        ("p", meta.get("description", "")),
        (
            "p",
            f"{t('made', lang)}: {meta['made']}. {t('settings', lang)}: "
            f"{t('reps_line', lang, reps=meta['reps'])} ({', '.join([plan, *doc['alternatives']])}). "
            + t("m2", lang, scale=meta["scale"], years=meta["years"], seed=meta["seed"]),
        ),
    ]
    if meta.get("scale_warning"):
        b.append(("p", meta["scale_warning"]))
    b += [
        ("h2", t("s1", lang)),
        ("p", t("s1p", lang, reps=meta["reps"])),
        (
            "table",
            [t("kpi", lang), t("mean", lang), t("ci", lang)],
            [
                [kpi_label(k, lang), fmt(k, v["mean"], lang), _level(k, v, lang)]
                for k, v in doc["kpis"].items()
            ],
        ),
    ]
    b += [("h2", t("s2", lang)), ("p", t("s2p", lang))]
    for alt, a in doc["alternatives"].items():
        rows = []
        for k in kpis:
            d = a["difference"][k]
            rows.append(
                [
                    kpi_label(k, lang),
                    fmt(k, doc["kpis"][k]["mean"], lang),
                    fmt(k, a["kpis"][k]["mean"], lang),
                    _difference(k, d, lang),
                    _verdict(k, d, lang),
                ]
            )
        b.append(("h3", f"{t('vs', lang)} {alt}"))
        b.append(("table", [t("kpi", lang), t("plan", lang), alt, t("diff", lang), t("verdict", lang)], rows))
    b.append(("img", "differences.png", t("fig_diff", lang)))
    b.append(("h2", t("s3", lang)))
    if doc["robustness"]:
        src = doc["draw_source"]
        src = (
            t("src_ranges", lang)
            if src.startswith("registry")
            else t("src_post", lang) + src[len("posterior") :]
        )
        b.append(("p", t("s3p", lang, n=doc["draws"], src=src)))
        alts = list(doc["robustness"])
        rows = [
            [kpi_label(k, lang)] + [_robust_cell(doc["robustness"][a][k], lang) for a in alts] for k in kpis
        ]
        b.append(("table", [t("kpi", lang)] + [f"{t('vs', lang)} {a}" for a in alts], rows))
        b.append(("img", "robustness.png", t("fig_rob", lang)))
    else:
        b.append(("p", t("s3none", lang)))
    if doc.get("evidence"):
        b += _evidence_blocks(doc, lang)
    b += [
        ("h2", t("method", lang)),
        (
            "p",
            t(
                "m1",
                lang,
                version=meta["version"],
                reg=meta["registry_version"],
                commit=meta["git_commit"][:12],
            ),
        ),
        ("p", t("m3", lang)),
    ]
    return b


def _evidence_blocks(doc: dict, lang: str) -> list[tuple]:
    """Section 4: every difference under the three evidence regimes and whether its sign is robust."""
    ev = doc["evidence"]
    regimes = ev["regimes"]
    head = [t("kpi", lang), *(REGIME_NL[r] if lang == "nl" else r for r in regimes), t("sign", lang)]
    out: list[tuple] = [("h2", t("s4", lang)), ("p", t("s4p", lang))]
    for alt, rows in ev["differences"].items():
        table = []
        for k, row in rows.items():
            printed = {r: fmt(k, row[r]["mean"], lang) for r in regimes}  # the report's usual resolution
            verdict = regime_verdict(row["robust"], row["depends_on"], printed, lang,
                                     {r: row[r]["mean"] for r in regimes})
            table.append([kpi_label(k, lang), *(_signed(k, row[r]["mean"], lang) for r in regimes), verdict])
        out += [("h3", f"{t('vs', lang)} {alt}"), ("table", head, table)]
    return out


def _signed(k: str, v: float, lang: str) -> str:
    """Return a difference with its sign, and as many decimals as it takes not to show a change as 0."""
    if v == 0:
        return fmt(k, 0.0, lang)
    text = fmt(k, abs(v), lang)
    extra = 0
    while reads_zero(text) and extra < 8:
        extra += 1
        text = fmt(k, abs(v), lang, extra)
    return ("+" if v > 0 else "−") + text


def _verdict(k: str, d: dict, lang: str) -> str:
    from .plan_check import HIGHER_IS_BETTER  # noqa: PLC0415

    if d.get("no_change"):
        return t("equal", lang)
    if d.get("constant"):  # the same difference in every replicate (a fixed input such as the cost)
        lo = hi = d["mean"]
    elif not has_interval(d):
        return t("no_verdict", lang)
    else:
        lo, hi = d["lo"], d["hi"]
    good = (lo > 0) if k in HIGHER_IS_BETTER else (hi < 0)
    bad = (hi < 0) if k in HIGHER_IS_BETTER else (lo > 0)
    return t("yes", lang) if good else t("no", lang) if bad else t("unclear", lang)


def to_markdown(bl: list[tuple]) -> str:
    """Markdown rendering."""
    out = []
    for blk in bl:
        kind = blk[0]
        if kind in ("h1", "h2", "h3"):
            out.append("#" * int(kind[1]) + " " + blk[1])
        elif kind == "p" and blk[1]:
            out.append(blk[1])
        elif kind == "table":
            head, rows = blk[1], blk[2]
            out.append(
                "| "
                + " | ".join(head)
                + " |\n|"
                + "---|" * len(head)
                + "\n"
                + "\n".join("| " + " | ".join(r) + " |" for r in rows)
            )
        elif kind == "img":
            out.append(f"![{blk[2]}]({blk[1]})")
    return "\n\n".join(out) + "\n"


def to_html(bl: list[tuple], images: dict[str, bytes], lang: str) -> str:
    """One self-contained HTML page (images embedded as data URIs)."""
    e = html.escape
    body = []
    for blk in bl:
        kind = blk[0]
        if kind in ("h1", "h2", "h3"):
            body.append(f"<{kind}>{e(blk[1])}</{kind}>")
        elif kind == "p" and blk[1]:
            body.append(f"<p>{e(blk[1])}</p>")
        elif kind == "table":
            head = "".join(f"<th>{e(h)}</th>" for h in blk[1])
            rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in blk[2])
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif kind == "img":
            data = base64.b64encode(images[blk[1]]).decode()
            body.append(
                f'<figure><img alt="{e(blk[2])}" src="data:image/png;base64,{data}">'
                f"<figcaption>{e(blk[2])}</figcaption></figure>"
            )
    style = (
        "body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
        "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;"
        "text-align:left}th{background:#f3f3f3}img{max-width:100%}figcaption{font-size:.9rem;color:#555}"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{e(bl[0][1])}</title>'
        f"<style>{style}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def figures(doc: dict, lang: str) -> dict[str, bytes]:
    """differences.png and (with draws) robustness.png."""
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    kpis = list(doc["kpis"])
    alts = list(doc["alternatives"])
    y = np.arange(len(kpis))
    out = {}
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(kpis) * max(1, len(alts)) + 1.5), dpi=110)
    h = 0.8 / max(1, len(alts))
    for i, alt in enumerate(alts):
        a = doc["alternatives"][alt]
        ref = np.array([abs(a["kpis"][k]["mean"]) or 1.0 for k in kpis])
        diffs = [a["difference"][k] for k in kpis]
        m = np.array([d["mean"] for d in diffs]) / ref * 100
        # No error bar without an interval (fewer than 3 replicates), nor for a difference that is the same in
        # every replicate.
        lo = np.array([d["lo"] if has_interval(d) else np.nan for d in diffs], dtype=float) / ref * 100
        hi = np.array([d["hi"] if has_interval(d) else np.nan for d in diffs], dtype=float) / ref * 100
        ax.errorbar(m, y + i * h, xerr=[m - lo, hi - m], fmt="o", capsize=3, label=alt)
    ax.axvline(0, color="#888", lw=1)
    ax.set_yticks(y + h * (len(alts) - 1) / 2, [kpi_label(k, lang) for k in kpis], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("%")
    ax.set_title(t("fig_diff", lang), fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    out["differences.png"] = _png(fig, plt)
    if doc["robustness"]:
        fig, ax = plt.subplots(figsize=(8, 0.45 * len(kpis) * max(1, len(alts)) + 1.5), dpi=110)
        for i, alt in enumerate(alts):
            r = doc["robustness"][alt]
            n = np.array([max(1, r[k]["n"]) for k in kpis], dtype=float)
            shares = {
                part: np.array([r[k][part] for k in kpis]) / n * 100 for part in ("wins", "ties", "losses")
            }
            left = np.zeros(len(kpis))
            for part, colour, label in (
                ("wins", "#2ca02c", t("better", lang)),
                ("ties", "#bbbbbb", t("equal", lang)),
                ("losses", "#d62728", t("worse", lang)),
            ):
                ax.barh(y + i * h, shares[part], h, left=left, color=colour, label=label if i == 0 else None)
                left += shares[part]
            # The share of wins has an interval (3 draws or more); not drawn where nothing ever changes.
            shown = [r[k]["lo"] is not None and not r[k]["no_change"] for k in kpis]
            lo = np.array([r[k]["lo"] if ok else np.nan for k, ok in zip(kpis, shown, strict=True)]) * 100
            hi = np.array([r[k]["hi"] if ok else np.nan for k, ok in zip(kpis, shown, strict=True)]) * 100
            p = shares["wins"]
            ax.errorbar(p, y + i * h, xerr=[p - lo, hi - p], fmt="none", ecolor="#222", capsize=3)
            if len(alts) > 1:  # which bar is which alternative
                for j in range(len(kpis)):
                    ax.text(1, y[j] + i * h, alt, fontsize=7, va="center")
        ax.axvline(50, color="#888", lw=1, ls="--")
        ax.set_xlim(0, 100)
        ax.set_yticks(y + h * (len(alts) - 1) / 2, [kpi_label(k, lang) for k in kpis], fontsize=8)
        ax.invert_yaxis()
        ax.set_title(t("fig_rob", lang), fontsize=9, wrap=True)
        ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=3, frameon=False)
        fig.tight_layout()
        out["robustness.png"] = _png(fig, plt)
    return out


def _png(fig, plt) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def write(out: Path, doc: dict, meta: dict, lang: str) -> list[str]:
    """Write report.md, report.html, the PNGs and plan-check.json; returns the file names."""
    from .output import to_json  # noqa: PLC0415

    imgs = figures(doc, lang)
    bl = blocks(doc, meta, lang)
    for name, data in imgs.items():
        atomic_write_bytes(out / name, data)
    atomic_write_text(out / "report.md", to_markdown(bl))
    atomic_write_text(out / "report.html", to_html(bl, imgs, lang))
    atomic_write_text(out / "plan-check.json", to_json(doc))
    return ["report.md", "report.html", "plan-check.json", *imgs]
