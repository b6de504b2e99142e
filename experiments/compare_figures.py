"""Figures of a comparison (PNG, matplotlib's Agg back end, no display needed).

* ``timeseries.png``: KPI time series per scenario — the mean over replicates with a band that is the 95%
  confidence interval of that mean, per four-week period (weekly counts summed, stocks averaged).
* ``map_<scenario>.png``: per wijk, the paired difference against the reference (jeugdhulp 10-17 and
  registered nuisance), drawn from ``data/wijken.geojson`` with plain matplotlib polygons; wijken whose
  paired 95% interval excludes zero are outlined in black, wijken without youths are grey.
"""

from __future__ import annotations

import io
import json
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")  # before pyplot: files only, never a window
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.collections import PatchCollection  # noqa: E402
from matplotlib.colors import TwoSlopeNorm  # noqa: E402
from matplotlib.patches import Polygon  # noqa: E402

from jwsim.data import geojson_path  # noqa: E402

from .compare import Comparison  # noqa: E402
from .replicates import has_interval, mean_interval  # noqa: E402

PERIOD_WEEKS = 4
# weekly series -> (Dutch title, English title, how a period aggregates it)
SERIES = {
    "in_care_u18": ("Jongeren 10-17 in jeugdhulp", "Youths 10-17 in youth care", "mean"),
    "jh_entries": ("Instroom jeugdhulp per 4 weken", "Youth-care entries per 4 weeks", "sum"),
    "nuisance_registered": ("Geregistreerde overlast per 4 weken", "Registered nuisance per 4 weeks", "sum"),
    "halt": ("Halt-verwijzingen per 4 weken", "Halt referrals per 4 weeks", "sum"),
    "dropouts": ("Schooluitval per 4 weken", "School dropouts per 4 weeks", "sum"),
    "protective_mean": ("Gemiddelde beschermende factoren", "Mean protective factors", "mean"),
}
MAP_METRICS = {
    "jeugdhulp_prevalence_u18": ("Jeugdhulp 10-17 (%-punt)", "Youth care 10-17 (pp)", 100.0),
    "overlast_registered_per_year": ("Geregistreerde overlast per jaar", "Registered nuisance per year", 1.0),
}


def timeseries_png(comp: Comparison, lang: str = "nl") -> bytes:
    """Draw the KPI time series as PNG bytes (the counterfactual, if run, dashed grey)."""
    names = list(comp.names)
    if comp.counterfactual and comp.counterfactual in comp.results and comp.counterfactual not in names:
        names.append(comp.counterfactual)
    start = comp.sim_years[0]
    fig, axes = plt.subplots(3, 2, figsize=(12, 10), sharex=True)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, (series, (t_nl, t_en, how)) in zip(axes.flat, SERIES.items(), strict=True):
        for i, name in enumerate(names):
            band = mean_interval(comp.results[name].period_values(series, how, PERIOD_WEEKS))
            x = start + (np.arange(band.mean.shape[0]) + 0.5) * PERIOD_WEEKS / 52.0
            mean, lo, hi = band.mean, band.lo, band.hi
            cf = name == comp.counterfactual and name not in comp.names
            colour = "0.45" if cf else colours[i % len(colours)]
            ax.plot(x, mean, color=colour, lw=1.4, ls="--" if cf else "-", label=name)
            ax.fill_between(x, lo, hi, color=colour, alpha=0.2, lw=0)
        ax.set_title(t_nl if lang == "nl" else t_en, fontsize=10)
        ax.grid(alpha=0.3)
    ticks = list(range(start, start + len(comp.sim_years) + 1))
    for ax in axes[-1]:
        ax.set_xlabel("jaar" if lang == "nl" else "year")
        ax.set_xticks(ticks, [str(t) for t in ticks])
    axes[0, 0].legend(fontsize=8, loc="best")
    band = (
        (
            "band: 95%-betrouwbaarheidsinterval van het gemiddelde over "
            if lang == "nl"
            else "band: 95% confidence interval of the mean over "
        )
        + f"{comp.reps} "
        + ("replicaties" if lang == "nl" else "replicates")
    )
    fig.suptitle(band, fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    return _png(fig)


@lru_cache(maxsize=1)
def wijk_polygons() -> dict[str, list[np.ndarray]]:
    """Wijk code -> list of exterior rings (lon, lat) from the GeoJSON (Polygon and MultiPolygon)."""
    doc = json.loads(geojson_path("wijk").read_text(encoding="utf-8"))
    out: dict[str, list[np.ndarray]] = {}
    for feat in doc["features"]:
        geom = feat["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        out[feat["properties"]["wijk_code"]] = [np.asarray(p[0], float) for p in polys]
    return out


def difference_map_png(doc: dict, scenario: str, lang: str = "nl") -> bytes:
    """Choropleth of the paired per-wijk differences of ``scenario`` against the reference, as PNG bytes."""
    polys = wijk_polygons()
    rows_by_metric = doc["per_wijk"]["differences"][scenario]
    fig, axes = plt.subplots(1, len(MAP_METRICS), figsize=(13, 6.2))
    for ax, (metric, (t_nl, t_en, factor)) in zip(np.atleast_1d(axes), MAP_METRICS.items(), strict=True):
        rows = {r["wijk_code"]: r for r in rows_by_metric[metric]}
        vals = np.array([r["mean"] * factor for r in rows.values()]) if rows else np.zeros(1)
        lim = float(np.max(np.abs(vals))) or 1.0
        norm = TwoSlopeNorm(vcenter=0.0, vmin=-lim, vmax=lim)
        cmap = plt.get_cmap("RdBu_r")
        patches, colours, outlined = [], [], []
        for code, rings in polys.items():
            r = rows.get(code)
            significant = r is not None and has_interval(r) and (r["lo"] > 0 or r["hi"] < 0)
            for ring in rings:
                patches.append(Polygon(ring, closed=True))
                colours.append((0.85, 0.85, 0.85, 1.0) if r is None else cmap(norm(r["mean"] * factor)))
                if significant:
                    outlined.append(Polygon(ring, closed=True))
        ax.add_collection(PatchCollection(patches, facecolor=colours, edgecolor="0.6", linewidth=0.4))
        # Outlines on top, so a neighbour's thin edge never covers them.
        ax.add_collection(PatchCollection(outlined, facecolor="none", edgecolor="black", linewidth=1.4))
        ax.autoscale_view()
        ax.set_aspect(1.0 / np.cos(np.radians(51.84)))  # lon/lat at Nijmegen's latitude
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(t_nl if lang == "nl" else t_en, fontsize=10)
        sm = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
        fig.colorbar(sm, ax=ax, shrink=0.7)
    ref = doc["reference"]
    fig.suptitle(
        (
            f"{scenario} − {ref} per wijk (zwarte rand: gepaard 95%-interval zonder 0; grijs: geen jongeren)"
            if lang == "nl"
            else f"{scenario} − {ref} per wijk (black outline: paired 95% interval excludes 0; grey: no youths)"  # noqa: E501
        ),
        fontsize=10,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.94))
    return _png(fig)


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()
