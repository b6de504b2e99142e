"""Build-time geometry: wijk adjacency from the generalized buurt polygons, and slim GeoJSON copies.

No shapely: polygons here have at most a few dozen vertices, so a brute-force vertex-to-segment distance test
over all pairs is exact enough and fast.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

#: Latitude of the equirectangular projection (centre of Nijmegen).
LAT0_DEG = 51.84
#: Mean Earth radius (IUGG), metres.
EARTH_RADIUS_M = 6_371_008.8
#: Two polygons touch when a vertex of one lies within this distance of a segment of the other. The
#: generalized CBS layer is accurate to ≈ 50–200 m, but shared borders share vertices, so a small
#: tolerance suffices.
TOUCH_TOLERANCE_M = 40.0
COORD_DECIMALS = 5


def to_metres(coords: np.ndarray) -> np.ndarray:
    """Equirectangular projection of (lon, lat) degrees to metres around LAT0_DEG."""
    k = math.pi / 180.0 * EARTH_RADIUS_M
    return np.column_stack([coords[:, 0] * k * math.cos(math.radians(LAT0_DEG)), coords[:, 1] * k])


def outer_ring(geometry: dict[str, Any]) -> np.ndarray:
    """All exterior-ring vertices of a Polygon/MultiPolygon as one (n, 2) array of lon/lat."""
    if geometry["type"] == "Polygon":
        rings = [geometry["coordinates"][0]]
    elif geometry["type"] == "MultiPolygon":
        rings = [poly[0] for poly in geometry["coordinates"]]
    else:
        raise ValueError(f"unsupported geometry {geometry['type']}")
    return np.vstack([np.asarray(r, dtype=float) for r in rings])


def _segments(geometry: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Start and end points (metres) of every ring segment, holes included."""
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    starts, ends = [], []
    for poly in polys:
        for ring in poly:
            xy = to_metres(np.asarray(ring, dtype=float))
            starts.append(xy[:-1])
            ends.append(xy[1:])
    return np.vstack(starts), np.vstack(ends)


def _vertices(geometry: dict[str, Any]) -> np.ndarray:
    """Distinct ring vertices (metres): the closing repeat of each ring is dropped so counts are honest."""
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return to_metres(np.vstack([np.asarray(r, dtype=float)[:-1] for p in polys for r in p]))


def vertex_segment_distances(points: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Distance (m) from each point to its nearest segment."""
    d = ends - starts  # (s, 2)
    length2 = np.maximum((d**2).sum(axis=1), 1e-12)
    rel = points[:, None, :] - starts[None, :, :]  # (p, s, 2)
    t = np.clip((rel * d[None, :, :]).sum(axis=2) / length2[None, :], 0.0, 1.0)
    nearest = starts[None, :, :] + t[:, :, None] * d[None, :, :]
    return np.sqrt(((points[:, None, :] - nearest) ** 2).sum(axis=2)).min(axis=1)


def pair_contacts(geometries: list[dict[str, Any]], tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """Gap and contact size between every two polygons.

    Args:
        geometries: GeoJSON Polygon/MultiPolygon geometries.
        tolerance: Distance (m) within which a vertex counts as lying on the other polygon's boundary.

    Returns:
        ``gap`` — symmetric matrix of the smallest vertex-to-segment distance in either direction
        (diagonal inf); ``contacts`` — number of vertices of either polygon within ``tolerance`` of the
        other (1 = the two only meet in a point).

    """
    n = len(geometries)
    verts = [_vertices(g) for g in geometries]
    segs = [_segments(g) for g in geometries]
    gap = np.full((n, n), np.inf)
    contacts = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        for j in range(i + 1, n):
            d_ij = vertex_segment_distances(verts[i], *segs[j])
            d_ji = vertex_segment_distances(verts[j], *segs[i])
            gap[i, j] = gap[j, i] = min(d_ij.min(), d_ji.min())
            # a shared vertex is seen from both sides; count the larger side so a point contact stays 1
            contacts[i, j] = contacts[j, i] = max((d_ij <= tolerance).sum(), (d_ji <= tolerance).sum())
    return gap, contacts


def _round_ring(ring: list[list[float]]) -> list[list[float]]:
    """Round a ring to COORD_DECIMALS, dropping vertices that collapse onto their predecessor."""
    out: list[list[float]] = []
    for lon, lat in ring:
        p = [round(float(lon), COORD_DECIMALS), round(float(lat), COORD_DECIMALS)]
        if not out or p != out[-1]:
            out.append(p)
    if out[0] != out[-1]:
        out.append(out[0])
    if len(out) < 4:
        raise ValueError("ring degenerates after rounding")
    return out


def slim_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    """Copy of a Polygon/MultiPolygon with rounded coordinates."""
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [_round_ring(r) for r in geometry["coordinates"]]}
    return {
        "type": "MultiPolygon",
        "coordinates": [[_round_ring(r) for r in poly] for poly in geometry["coordinates"]],
    }


def feature_collection_text(name: str, features: list[tuple[dict[str, Any], dict[str, Any]]]) -> str:
    """Deterministic GeoJSON text: one feature per line so diffs stay readable.

    Args:
        name: Collection name.
        features: (properties, geometry) pairs, already in output order.

    Returns:
        The file content, ending with a newline.

    """
    lines = [
        json.dumps({"type": "Feature", "properties": props, "geometry": slim_geometry(geom)},
                   ensure_ascii=False, separators=(",", ":"))
        for props, geom in features
    ]
    head = json.dumps({"type": "FeatureCollection", "name": name, "crs_note": "WGS84 (EPSG:4326, lon/lat)"},
                      ensure_ascii=False, separators=(",", ":"))
    return head[:-1] + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"
