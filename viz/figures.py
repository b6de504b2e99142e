"""Figures for the app, drawn on the server with matplotlib and sent as PNG.

PNG because the same bytes are shown in the page and offered as the download (one figure, no second
rendering path), and because matplotlib needs nothing from a CDN. Only the object-oriented API is used
(``matplotlib.figure.Figure``, never ``pyplot``): pyplot keeps global state that two sessions drawing at the
same time would share.
"""

from __future__ import annotations

import functools
import io
import json
import math
import textwrap
from collections.abc import Callable, Mapping, Sequence

import matplotlib

matplotlib.use("Agg")  # a headless server: never try to open a window

import numpy as np  # noqa: E402
from matplotlib.cm import ScalarMappable  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.colors import Normalize, TwoSlopeNorm  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator, ScalarFormatter  # noqa: E402

from jwsim.data import geojson_path, load_inputs  # noqa: E402

# Okabe-Ito: distinguishable for the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
NO_DATA = "#e0e0e0"
DPI = 110


@functools.cache
def wijk_polygons() -> dict[str, tuple[np.ndarray, ...]]:
    """Wijk code -> outer rings (lon, lat) from data/wijken.geojson."""
    doc = json.loads(geojson_path("wijk").read_text(encoding="utf-8"))
    out: dict[str, tuple[np.ndarray, ...]] = {}
    for feature in doc["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        out[feature["properties"]["wijk_code"]] = tuple(np.asarray(p[0], float) for p in polygons)
    return out


def png(fig: Figure, tight: bool = False) -> bytes:
    """Return the figure as PNG bytes.

    ``tight`` trims the margins by drawing the figure twice; the figures the Verken page redraws every
    week set their margins themselves instead.
    """
    buffer = io.BytesIO()
    fig.savefig(
        buffer, format="png", dpi=DPI, bbox_inches="tight" if tight else None, metadata={"Software": None}
    )
    return buffer.getvalue()


MAP_SIZE = (6.4, 5.6)  # inches; at DPI this is the PNG's size in pixels
MAP_AXES = (0.01, 0.04, 0.76, 0.88)  # left, bottom, width, height of the map in the figure


def _map_axes(fig: Figure):
    """Add the map's axes: fixed position, the city's extent, degrees of longitude shortened up north."""
    rings = [ring for parts in wijk_polygons().values() for ring in parts]
    ax = fig.add_axes(MAP_AXES)
    lon = np.concatenate([r[:, 0] for r in rings])
    lat = np.concatenate([r[:, 1] for r in rings])
    ax.set_xlim(lon.min() - 0.005, lon.max() + 0.005)
    ax.set_ylim(lat.min() - 0.005, lat.max() + 0.005)
    ax.set_aspect(1 / np.cos(np.radians(lat.mean())))
    ax.set_axis_off()
    return ax


@functools.cache
def wijk_pixel_polygons() -> dict[str, tuple[tuple[tuple[float, float], ...], ...]]:
    """Wijk code -> its rings in pixels of a ``wijk_map`` PNG (origin top left): where the page can hover.

    Every map has the same size, axes and extent, so this is computed once.
    """
    fig = Figure(figsize=MAP_SIZE, dpi=DPI)
    ax = _map_axes(fig)
    ax.apply_aspect()
    height = fig.bbox.height
    out = {}
    for code, rings in wijk_polygons().items():
        pixels = []
        for ring in rings:
            xy = ax.transData.transform(ring)
            pixels.append(tuple((round(float(x), 1), round(float(height - y), 1)) for x, y in xy))
        out[code] = tuple(pixels)
    return out


def map_pixel_size() -> tuple[int, int]:
    """Width and height in pixels of a ``wijk_map`` PNG."""
    return round(MAP_SIZE[0] * DPI), round(MAP_SIZE[1] * DPI)


def wijk_areas(
    values: Sequence[float], number: Callable[[float, int], str], no_data: str = ""
) -> list[dict[str, str]]:
    """Return the hover areas of a map: per ring, the wijk code, "name: value" and its pixel points."""
    inputs = load_inputs()
    polygons = wijk_pixel_polygons()
    areas = []
    for j, code in enumerate(inputs.wijk_codes):
        value = float(values[j])
        shown = number(value, 0) if np.isfinite(value) else no_data
        text = f"{inputs.wijk_names[j]}: {shown}" if shown else inputs.wijk_names[j]
        for ring in polygons[code]:
            areas.append({"code": code, "text": text, "points": " ".join(f"{x:g},{y:g}" for x, y in ring)})
    return areas


def distinct_ticks(
    vmin: float, vmax: float, number: Callable[[float, int], str]
) -> tuple[list[float], list[str]]:
    """Colour-bar ticks between ``vmin`` and ``vmax`` whose labels all differ (no "0,0 0,0 0,1 0,1").

    The decimals follow the tick spacing; if rounding still makes two labels equal, more decimals are used.
    """
    if not vmax > vmin:
        return [vmin], [number(vmin, 0)]
    ticks = [float(t) for t in MaxNLocator(nbins=5).tick_values(vmin, vmax)]
    span = vmax - vmin
    ticks = [t for t in ticks if vmin - 1e-9 * span <= t <= vmax + 1e-9 * span] or [vmin, vmax]
    step = min((b - a for a, b in zip(ticks, ticks[1:], strict=False)), default=span)
    decimals = max(0, -math.floor(math.log10(step))) if step > 0 else 0
    for extra in range(4):
        labels = [number(t, decimals + extra) for t in ticks]
        if len(set(labels)) == len(labels):
            return ticks, labels
    return ticks[:1], labels[:1]


def wijk_map(
    values: Sequence[float],
    title: str,
    legend: str,
    *,
    diverging: bool = False,
    number: Callable[[float, int], str] = lambda v, decimals=0: f"{v:.{decimals}f}",
    no_data: str = "",
    highlight: Mapping[str, str] | None = None,
    span: float | None = None,
    limits: tuple[float, float] | None = None,
) -> bytes:
    """Return a choropleth of the 44 wijken (in the order of ``load_inputs().wijk_codes``); NaN is grey.

    Args:
        values: one value per wijk.
        title: figure title.
        legend: colour-bar label (what and unit).
        diverging: centre the colours on zero (for differences: blue lower, red higher).
        number: ``number(value, decimals)`` formats a tick with at least ``decimals`` decimals.
        no_data: legend text for grey wijken (''): none shown.
        highlight: wijk code -> short label written on the map.
        span: for ``diverging``, the colour scale's half-width (several maps on one scale); default: this
            map's own largest difference.
        limits: for a sequential map, the colour scale's (low, high); default: this map's own range.

    """
    inputs = load_inputs()
    polygons = wijk_polygons()
    v = np.asarray(values, float)
    rings, colours_of = [], []
    for code, value in zip(inputs.wijk_codes, v, strict=True):
        for ring in polygons[code]:
            rings.append(ring)
            colours_of.append(value)
    data = np.asarray(colours_of)
    finite = data[np.isfinite(data)]
    if diverging:
        if span is None:
            span = float(np.max(np.abs(finite))) if finite.size else 1.0
        span = span if span > 0 else 1.0
        norm: Normalize = TwoSlopeNorm(vcenter=0.0, vmin=-span, vmax=span)
        cmap = matplotlib.colormaps["RdBu_r"]
    else:
        lo, hi = limits or ((float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0))
        norm = Normalize(lo, hi if hi > lo else lo + 1.0)
        cmap = matplotlib.colormaps["YlOrRd"]
    faces = [NO_DATA if not np.isfinite(x) else cmap(norm(x)) for x in data]

    fig = Figure(figsize=MAP_SIZE)
    ax = _map_axes(fig)
    ax.add_collection(PolyCollection(rings, facecolors=faces, edgecolors="white", linewidths=0.6))
    # A long title (a long metric and two scenario names) goes on two lines rather than off the picture.
    fig.suptitle(textwrap.fill(title, 72), fontsize=11, x=0.02, y=0.98, ha="left", va="top")
    for code, label in (highlight or {}).items():
        j = inputs.wijk_codes.index(code)
        ax.annotate(label, (inputs.lon[j], inputs.lat[j]), fontsize=7, ha="center", va="center")
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), cax=fig.add_axes((0.8, 0.16, 0.035, 0.64)))
    bar.set_label(legend, fontsize=9)
    ticks, labels = distinct_ticks(float(norm.vmin), float(norm.vmax), number)
    bar.set_ticks(ticks, labels=labels)
    if no_data and not np.all(np.isfinite(v)):
        ax.text(0.0, 0.0, f"\u25a0 {no_data}", color="#9e9e9e", fontsize=8, transform=ax.transAxes)
    return png(fig)


def series_with_bands(
    x: np.ndarray,
    bands: Mapping[str, Mapping[str, np.ndarray]],
    names: Sequence[str],
    title: str,
    ylabel: str,
    diff_label: str,
    reference: str,
    number: Callable[[float], str] = lambda v: f"{v:g}",
) -> bytes:
    """Scenario lines with 95% bands (top) and the paired differences with the reference (bottom)."""
    others = [n for n in names if n != reference]
    fig = Figure(figsize=(8.0, 5.4 if others else 3.6))
    axes = fig.subplots(
        2 if others else 1,
        1,
        sharex=True,
        squeeze=False,
        gridspec_kw={"height_ratios": [3, 2]} if others else None,
    )[:, 0]
    top = axes[0]
    for i, name in enumerate(names):
        b = bands[name]
        colour = PALETTE[i % len(PALETTE)]
        top.fill_between(x, b["lo"], b["hi"], color=colour, alpha=0.18, linewidth=0)
        top.plot(x, b["mean"], color=colour, linewidth=1.6, label=name)
    top.set_title(title, fontsize=11, loc="left")
    top.set_ylabel(ylabel, fontsize=9)
    top.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v)))
    top.legend(fontsize=8, frameon=False, loc="best")
    top.grid(alpha=0.3)
    if others:
        bottom = axes[1]
        for i, name in enumerate(names):
            if name == reference:
                continue
            b = bands[f"difference:{name}"]
            colour = PALETTE[i % len(PALETTE)]
            bottom.fill_between(x, b["lo"], b["hi"], color=colour, alpha=0.18, linewidth=0)
            bottom.plot(x, b["mean"], color=colour, linewidth=1.4, label=f"{name} \u2212 {reference}")
        bottom.axhline(0, color="#424242", linewidth=0.8)
        bottom.set_ylabel(diff_label, fontsize=9)
        bottom.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v)))
        bottom.legend(fontsize=8, frameon=False, loc="best")
        bottom.grid(alpha=0.3)
    axes[-1].xaxis.set_major_locator(MaxNLocator(integer=True))  # whole years: no "2026 2026 2027"
    axes[-1].xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}"))
    fig.tight_layout()
    return png(fig, tight=True)


def difference_bars(
    rows: Sequence[tuple[str, float, float, float]],
    title: str,
    xlabel: str,
    number: Callable[[float], str] = lambda v: f"{v:g}",
) -> bytes:
    """Horizontal bars of paired differences with their 95% intervals: rows of (label, mean, lo, hi)."""
    fig = Figure(figsize=(7.2, 0.55 * len(rows) + 1.3))
    ax = fig.add_subplot()
    y = np.arange(len(rows))[::-1]
    for i, (_, mean, lo, hi) in enumerate(rows):
        colour = PALETTE[(i + 1) % len(PALETTE)]
        ax.barh(y[i], mean, color=colour, alpha=0.75, height=0.55)
        ax.errorbar(mean, y[i], xerr=[[mean - lo], [hi - mean]], color="#212121", capsize=4, linewidth=1.2)
    ax.set_yticks(y, [r[0] for r in rows], fontsize=9)
    ax.axvline(0, color="#424242", linewidth=0.8)
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlabel(xlabel, fontsize=9)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v)))
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return png(fig, tight=True)


class DecimalCommaFormatter(ScalarFormatter):
    """Matplotlib's plain tick labels with a decimal comma (0,57 instead of 0.57), for the Dutch app."""

    def __init__(self) -> None:
        super().__init__(useOffset=False)
        self.set_scientific(False)

    def __call__(self, x: float, pos: int | None = None) -> str:
        """Return the tick label with a comma for the decimal point."""
        return super().__call__(x, pos).replace(".", ",")


def weekly_lines(
    x: np.ndarray,
    series: Mapping[str, np.ndarray],
    title: str,
    marker_x: float | None = None,
    x_range: tuple[float, float] | None = None,
    decimal_comma: bool = False,
) -> bytes:
    """Draw small multiples of weekly series (one panel each).

    With an optional vertical line (e.g. 2026) and a fixed x range (the whole run, so the lines grow from left
    to right as the run goes on).
    """
    names = list(series)
    cols = 2
    rows = (len(names) + cols - 1) // cols
    fig = Figure(figsize=(8.0, 1.9 * rows + 0.5))
    axes = fig.subplots(rows, cols, squeeze=False, sharex=True)
    for i, ax in enumerate(axes.flat):
        if i >= len(names):
            ax.set_axis_off()
            continue
        ax.plot(x, series[names[i]], color=PALETTE[i % len(PALETTE)], linewidth=1.3)
        ax.set_title(names[i], fontsize=9, loc="left")
        ax.grid(alpha=0.3)
        ax.tick_params(labelsize=8)
        if decimal_comma:
            ax.yaxis.set_major_formatter(DecimalCommaFormatter())
        else:
            ax.ticklabel_format(axis="y", useOffset=False, style="plain")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}"))
        if x_range is not None:
            ax.set_xlim(*x_range)
        if marker_x is not None:
            ax.axvline(marker_x, color="#757575", linewidth=0.8, linestyle="--")
    fig.suptitle(title, fontsize=11, x=0.01, ha="left")
    fig.subplots_adjust(
        left=0.09,
        right=0.98,
        top=1 - 0.55 / fig.get_figheight(),
        bottom=0.35 / fig.get_figheight(),
        hspace=0.55,
        wspace=0.28,
    )
    return png(fig)


def factor_bars(
    labels: Sequence[str],
    values: Sequence[float],
    groups: Sequence[str],
    title: str,
    baseline: Sequence[float] | None = None,
    decimal_comma: bool = False,
) -> bytes:
    """One youth's factors in [0, 1] as horizontal bars, coloured by group (protective or risk)."""
    colours = {g: PALETTE[i] for i, g in enumerate(dict.fromkeys(groups))}
    fig = Figure(figsize=(6.0, 0.28 * len(labels) + 1.0))
    ax = fig.add_subplot()
    y = np.arange(len(labels))[::-1]
    ax.barh(y, values, color=[colours[g] for g in groups], height=0.6)
    if baseline is not None:
        ax.scatter(baseline, y, marker="|", s=120, color="#212121", zorder=3)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(0, 1)
    if decimal_comma:
        ax.xaxis.set_major_formatter(DecimalCommaFormatter())
    ax.set_title(title, fontsize=10, loc="left")
    ax.grid(axis="x", alpha=0.3)
    handles = [Patch(color=c, label=g) for g, c in colours.items()]
    ax.legend(handles=handles, fontsize=8, frameon=False, loc="lower right")
    fig.subplots_adjust(
        left=0.41, right=0.97, top=1 - 0.35 / fig.get_figheight(), bottom=0.45 / fig.get_figheight()
    )
    return png(fig)
