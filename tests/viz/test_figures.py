"""Figures: hover areas on the map's own pixels, colour-bar ticks that never repeat, decimal commas."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.image import imread
from matplotlib.path import Path

from jwsim.data import load_inputs
from jwsim.viz.figures import (
    DecimalCommaFormatter,
    distinct_ticks,
    map_pixel_size,
    wijk_areas,
    wijk_map,
    wijk_pixel_polygons,
)
from jwsim.viz.numbers import number_format


def _inside(ring) -> tuple[int, int]:
    """Return a pixel well inside a ring (the median of a grid of points that fall inside)."""
    path, xy = Path(ring), np.asarray(ring)
    gx, gy = np.meshgrid(
        np.linspace(xy[:, 0].min(), xy[:, 0].max(), 40), np.linspace(xy[:, 1].min(), xy[:, 1].max(), 40)
    )
    points = np.c_[gx.ravel(), gy.ravel()]
    inside = points[path.contains_points(points)]
    x, y = inside[len(inside) // 2]
    return int(x), int(y)


def test_hover_polygons_lie_on_their_wijk_in_the_png():
    """The polygons the page hovers are where the PNG paints each wijk: the one dark wijk is under its own."""
    inputs = load_inputs()
    lent = inputs.wijk_codes.index("BU02680970")
    values = np.zeros(len(inputs.wijk_codes))
    values[lent] = 1.0
    image = imread(io.BytesIO(wijk_map(values, "t", "l")))
    assert image.shape[1::-1] == map_pixel_size()
    rings = wijk_pixel_polygons()
    x, y = _inside(rings["BU02680970"][0])
    assert image[y, x][:3].sum() < 1.0  # dark red: the wijk with value 1
    for code in ("BU02680100", inputs.wijk_codes[10]):
        x, y = _inside(rings[code][0])
        assert image[y, x][:3].sum() > 2.5  # pale: the wijken with value 0


def test_every_wijk_hovers_with_its_name_and_value():
    """Each wijk has its areas with 'name: value' in Dutch; a wijk without a value says so."""
    inputs = load_inputs()
    values = np.linspace(0.0, 1.0, len(inputs.wijk_codes))
    values[0] = np.nan
    areas = wijk_areas(values, number_format("nl", least=2), "geen jongeren")
    assert {a["code"] for a in areas} == set(inputs.wijk_codes)
    texts = {a["code"]: a["text"] for a in areas}
    assert texts[inputs.wijk_codes[0]] == f"{inputs.wijk_names[0]}: geen jongeren"
    assert texts[inputs.wijk_codes[-1]] == f"{inputs.wijk_names[-1]}: 1,00"


@pytest.mark.parametrize(
    ("lo", "hi"), [(0.0, 0.0004), (-0.0002, 0.0002), (0.0, 25.0), (12.0, 12.3), (5.0, 5.0)]
)
def test_colour_bar_ticks_never_repeat_a_label(lo, hi):
    """However narrow the range, the ticks' labels all differ (they read '0,0% 0,0% 0,0%' before)."""
    ticks, labels = distinct_ticks(lo, hi, number_format("nl", least=1, percent=True))
    assert len(labels) == len(set(labels)) >= 1
    assert all(lo - 1e-12 <= t <= hi + 1e-12 for t in ticks)
    if hi > lo:
        assert len(ticks) >= 2


def test_the_dutch_charts_write_a_decimal_comma():
    """Matplotlib's plain labels, with a comma."""
    formatter = DecimalCommaFormatter()
    formatter.set_locs([0.5, 0.75, 1.0])
    assert [formatter(x) for x in (0.5, 0.75, 1.0)] == ["0,50", "0,75", "1,00"]
