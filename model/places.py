"""The gravity model of leisure time by place (used by the places process, ``model/processes/places.py``).

Shares of leisure time per (age, home wijk, place): the own wijk by age, the rest at the other wijken by
attraction (peers, the city centre, secondary schools) and distance. The numbers are registered parameters
(process ``places``); the figures of the attractors are ``data/places.csv``.
"""

from __future__ import annotations

import numpy as np

from .population import AGE_ADULT, AGE_MAX, AGE_MBO, AGE_MIN, AGE_SECONDARY

# Mean Earth radius (km): distances between wijk points (haversine).
EARTH_RADIUS_KM = 6371.0


def wijk_distances_km(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Great-circle distances (km) between the wijk points."""
    lo, la = np.radians(lon), np.radians(lat)
    dlo = lo[:, None] - lo[None, :]
    dla = la[:, None] - la[None, :]
    a = np.sin(dla / 2) ** 2 + np.cos(la[:, None]) * np.cos(la[None, :]) * np.sin(dlo / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def leisure_distribution(inputs, params) -> np.ndarray:
    """Shares of leisure time per (age, home wijk, place): (ages, wijken, wijken), rows sum to 1."""
    p = params
    n = len(inputs.wijk_codes)
    ages = np.arange(AGE_MIN, AGE_MAX + 1)
    dist = wijk_distances_km(np.asarray(inputs.lon), np.asarray(inputs.lat))
    youths = inputs.youths.sum(axis=(1, 2)).astype(float)
    peers = youths / youths.sum()
    centre = inputs.centre_attractor / inputs.centre_attractor.sum()
    school = inputs.school_attractor / inputs.school_attractor.sum()
    older = ages >= AGE_MBO
    w_centre = np.where(older, p["leisure_centre_weight_older"], p["leisure_centre_weight_young"])
    w_school = np.where((ages >= AGE_SECONDARY) & (ages < AGE_ADULT), p["leisure_school_weight"], 0.0)
    reach = np.where(older, p["leisure_range_km_older"], p["leisure_range_km_young"])
    attraction = peers + w_centre[:, None] * centre + w_school[:, None] * school  # (ages, places)
    away = attraction[:, None, :] * np.exp(-dist[None, :, :] / reach[:, None, None])
    away[:, np.arange(n), np.arange(n)] = 0.0  # the own wijk is the home share
    away /= away.sum(axis=2, keepdims=True)
    decline = p["leisure_home_share_decline_per_year"] * (ages - AGE_MIN)
    home = np.clip(p["leisure_home_share_age10"] - decline, 0.0, 1.0)
    out = (1.0 - home)[:, None, None] * away
    out[:, np.arange(n), np.arange(n)] += home[:, None]
    return out
