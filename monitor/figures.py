"""Figures of the monitor (PNG, matplotlib's Agg back end): power by year and survey size; predictions.

* :func:`power_png`: per evidence regime, the power of each indicator after 1, 2 and 3 years (surveys at the
  chosen size), with the 80% line; and the power of the survey indicators after three years by survey size.
* :func:`predicted_observed_png`: per observed indicator, the predicted 90% interval before (grey) and after
  (blue) the update, and the observed value (a dot, red when outside the prediction).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")  # before pyplot: files only, never a window
import matplotlib.pyplot as plt  # noqa: E402

from jwsim.model.params import REGIMES  # noqa: E402

from .design import DEFAULT_SURVEY_N, TARGET_POWER  # noqa: E402
from .indicators import BY_NAME  # noqa: E402

REGIME_NL = {"pessimistic": "pessimistisch", "central": "centraal", "optimistic": "optimistisch"}


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


def _power_line(ax, rows: Sequence[Mapping], name: str, lang: str, x: str, ls: str, keep) -> None:
    """Draw one indicator's power against ``x`` (years or survey size) for the rows ``keep`` selects."""
    sel = sorted((r for r in rows if r["indicator"] == name and keep(r)), key=lambda r: r[x])
    if sel:
        ax.plot([r[x] for r in sel], [r["power"] for r in sel], marker="o", ls=ls,
                label=BY_NAME[name].short(lang))


def power_png(rows: Sequence[Mapping], lang: str = "nl", survey_n: int = DEFAULT_SURVEY_N) -> bytes:
    """Power per year for each indicator under each regime, and power by survey size (three years)."""
    nl = lang == "nl"
    names = list(dict.fromkeys(r["indicator"] for r in rows))
    regimes = [g for g in REGIMES if any(r["regime"] == g for r in rows)]
    fig, axes = plt.subplots(1, len(regimes) + 1, figsize=(4.2 * (len(regimes) + 1), 4.6), squeeze=False)
    last_year = max(r["years"] for r in rows)
    for ax, regime in zip(axes[0], regimes, strict=False):
        for name in names:
            kind = BY_NAME[name].kind
            n = survey_n if kind == "survey" else None
            _power_line(ax, rows, name, lang, "years", "--" if kind == "survey" else "-",
                        lambda r, regime=regime, n=n: r["regime"] == regime and r["survey_n"] == n)
        ax.axhline(TARGET_POWER, color="black", lw=0.8, ls=":")
        ax.set_ylim(0, 1.02)
        ax.set_xticks([1, 2, 3])
        ax.set_xlabel("jaren gemeten" if nl else "years measured")
        ax.set_title(REGIME_NL[regime] if nl else regime)
    axes[0][0].set_ylabel("power (kans om het effect te zien)" if nl else "power (chance to see the effect)")
    ax = axes[0][-1]
    for name in names:
        _power_line(ax, rows, name, lang, "survey_n", "-",
                    lambda r: r["regime"] == "central" and r["survey_n"] and r["years"] == last_year)
    ax.axhline(TARGET_POWER, color="black", lw=0.8, ls=":")
    ax.set_xscale("log")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("jongeren in de enquête per jaar" if nl else "youths surveyed per year")
    ax.set_title("enquête, centraal, na 3 jaar" if nl else "survey, central, after 3 years")
    ax.legend(fontsize=7, loc="lower right")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(5, len(labels)), fontsize=8)
    fig.tight_layout(rect=(0, 0.12, 1, 1))
    return _png(fig)


def predicted_observed_png(observations: Sequence[Mapping], lang: str = "nl") -> bytes:
    """Per observed indicator: predicted intervals before and after the update, and the observed value."""
    nl = lang == "nl"
    n = len(observations)
    cols = min(3, n)
    nrows = -(-n // cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(3.4 * cols, 3.0 * nrows), squeeze=False)
    for ax in axes.ravel()[n:]:
        ax.set_visible(False)
    for ax, o in zip(axes.ravel(), observations, strict=False):
        ind = BY_NAME[o["indicator"]]
        for x, key, colour in ((0, "predicted", "0.6"), (1, "updated", "tab:blue")):
            iv = o[key]
            ax.vlines(x, iv["lo"], iv["hi"], lw=8, color=colour, alpha=0.7)
            ax.plot(x, iv["median"], "_", color="black", ms=14)
        ax.plot(0.5, o["observed"], "o", color="tab:red" if not o["inside"] else "black", ms=8)
        ax.set_xticks([0, 0.5, 1])
        ax.set_xticklabels(
            ["voorspeld", "gemeten", "bijgewerkt"] if nl else ["predicted", "observed", "updated"], fontsize=7
        )
        ax.set_xlim(-0.5, 1.5)
        ax.set_title(f"{ind.short(lang)}\n{o['year']}", fontsize=8)
        ax.tick_params(axis="y", labelsize=7)
        ax.set_ylabel(ind.unit_in(lang), fontsize=7)
    fig.tight_layout()
    return _png(fig)
