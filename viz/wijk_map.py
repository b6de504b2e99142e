"""The wijk map of the app's pages: a server-drawn PNG that names each wijk under the mouse.

An SVG of transparent polygons (the 44 wijken, in the PNG's own pixels: ``figures.wijk_pixel_polygons``)
lies over the image and scales with it. Hovering a wijk outlines it and shows "name: value" in a box on the
map; each polygon also carries a ``<title>`` (the browser's own tooltip, and what a screen reader says).
Used by the Scenario page (weights), Resultaten, Vergelijk and Verken.
"""

from __future__ import annotations

import base64

import ipyvuetify as v
import solara
import traitlets

from jwsim.viz.figures import map_pixel_size


class WijkMapWidget(v.VuetifyTemplate):
    """A server-drawn wijk map with the wijken named on hover (see the module docstring)."""

    template = traitlets.Unicode("""
<template>
  <div class="jwsim-map" style="position: relative; width: 100%; line-height: 0">
    <img :src="src" :alt="alt" :class="image_class" style="width: 100%; height: auto" />
    <svg :viewBox="'0 0 ' + width + ' ' + height" preserveAspectRatio="none"
         style="position: absolute; left: 0; top: 0; width: 100%; height: 100%">
      <polygon v-for="(area, i) in areas" :key="i" :points="area.points" :data-wijk="area.code"
               class="jwsim-map-area" fill="transparent" stroke-width="2"
               :stroke="hover === area.text ? '#212121' : 'none'" style="pointer-events: all"
               @mouseenter="hover = area.text" @mouseleave="hover = ''">
        <title>{{ area.text }}</title>
      </polygon>
    </svg>
    <div v-if="hover" class="jwsim-map-hover"
         style="position: absolute; left: 8px; top: 36px; line-height: 1.4; padding: 4px 8px;
                background: rgba(38, 50, 56, 0.92); color: white; border-radius: 4px; font-size: 13px;
                pointer-events: none">{{ hover }}</div>
  </div>
</template>
<script>
module.exports = {
  data() { return { hover: "" }; },
}
</script>
""").tag(sync=True)
    src = traitlets.Unicode("").tag(sync=True)
    alt = traitlets.Unicode("").tag(sync=True)
    image_class = traitlets.Unicode("jwsim-figure jwsim-map-image").tag(sync=True)
    areas = traitlets.List([]).tag(sync=True)
    width = traitlets.Int(0).tag(sync=True)
    height = traitlets.Int(0).tag(sync=True)


@solara.component
def WijkMapFigure(
    png: bytes,
    areas: list[dict[str, str]],
    filename: str,
    download_label: str,
    max_width: str = "100%",
    image_class: str = "jwsim-figure jwsim-map-image",
):
    """Show a wijk map that names the wijken on hover, with a button that downloads the same PNG.

    Without a ``filename`` there is no download button (the Scenario page's map of the weights).
    """
    width, height = map_pixel_size()
    with solara.Column(gap="4px", style={"max-width": max_width, "width": "100%"}):
        WijkMapWidget.element(
            src="data:image/png;base64," + base64.b64encode(png).decode("ascii"),
            alt=filename,
            image_class=image_class,
            areas=areas,
            width=width,
            height=height,
        )
        if filename:
            solara.FileDownload(png, filename=filename, label=download_label, mime_type="image/png")
