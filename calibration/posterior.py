"""The shipped posterior ensemble (``calibration/posterior.json``) and parameter draws from it.

``load_posterior(k, seed)`` returns ``k`` parameter sets, each the registry defaults with one posterior draw
of the free parameters on top. Draws are picked without replacement by ``numpy.random.default_rng(seed)``,
so the same (k, seed) always gives the same sets. Give each draw its own replicate(s) and the spread of a
result includes parameter uncertainty as well as stochastic noise (``jwsim compare --posterior K``).
A scenario's own parameter overrides are deliberate choices and win over a draw (:func:`with_draw`).
"""

from __future__ import annotations

import importlib.resources
import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from jwsim.experiments.runner import replicate_seed
from jwsim.model.params import REGISTRY, Parameters
from jwsim.model.streams import stream
from jwsim.names import resolve

from .targets import CalibrationError

SHIPPED_NAME = "posterior"


def posterior_path() -> Path:
    """Return the path of the packaged posterior file."""
    return Path(str(importlib.resources.files("jwsim.calibration"))) / "posterior.json"


def shipped_posteriors() -> dict[str, Path]:
    """Name -> file of the shipped posterior ensemble (``posterior``)."""
    return {SHIPPED_NAME: posterior_path()}


def resolve_posterior(name_or_path: str | Path | None = None) -> Path:
    """Return the posterior file: the shipped one for None or ``posterior``; an existing file path wins."""
    if name_or_path is None:
        return posterior_path()
    return resolve(name_or_path, shipped_posteriors(), "posterior", CalibrationError)


@lru_cache(maxsize=4)
def _load(path: str) -> tuple[tuple[str, ...], np.ndarray]:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        names = tuple(doc["parameters"])
        draws = np.asarray(doc["draws"], dtype=float)
    except FileNotFoundError:
        raise CalibrationError(f"{path}: no posterior ensemble shipped (run `jwsim calibrate --ship`)") \
            from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CalibrationError(f"{path}: unreadable posterior file ({exc})") from None
    if draws.ndim != 2 or draws.shape[1] != len(names) or draws.shape[0] == 0:
        raise CalibrationError(f"{path}: posterior draws do not match its parameter list")
    unknown = [n for n in names if not isinstance(n, str) or n not in REGISTRY]
    if unknown:
        raise CalibrationError(f"{path}: unknown parameter '{unknown[0]}' (registry changed: recalibrate)")
    return names, draws


def posterior_size(path: str | Path | None = None) -> int:
    """Return the number of draws in the shipped ensemble."""
    return int(_load(str(path or posterior_path()))[1].shape[0])


def ensemble(path: str | Path | None = None) -> tuple[tuple[str, ...], np.ndarray]:
    """Return the ensemble's free parameter names and its draws (draws x parameters), validated."""
    return _load(str(path or posterior_path()))


def replicate_draw(seed: int, replicate: int, size: int) -> int:
    """Return which of ``size`` posterior draws replicate ``replicate`` of root ``seed`` uses (sweeps).

    Drawn from the run seed's own stream named ``posterior-draw`` (as every process's stream is), so it is
    reproducible from the seed alone and the same at every design point: replicate *r* of every point
    sees the same random world *and* the same parameter set, and differences between points stay paired.
    """
    return int(stream(replicate_seed(seed, replicate), "posterior-draw").integers(size))


def posterior_overrides(k: int, seed: int, path: str | Path | None = None) -> list[dict[str, float]]:
    """``k`` posterior draws of the free parameters as override dicts (deterministic in ``seed``)."""
    names, draws = _load(str(path or posterior_path()))
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise CalibrationError(f"posterior draws must be a whole number >= 1, got {k!r}")
    if k > draws.shape[0]:
        raise CalibrationError(f"asked for {k} posterior draws but the ensemble has {draws.shape[0]}")
    idx = np.random.default_rng(seed).choice(draws.shape[0], size=k, replace=False)
    return [{n: float(v) for n, v in zip(names, draws[i], strict=True)} for i in idx]


def load_posterior(k: int, seed: int, path: str | Path | None = None) -> list[Parameters]:
    """``k`` parameter sets: registry defaults with one posterior draw each (validated against the ranges)."""
    return [Parameters.from_overrides(d) for d in posterior_overrides(k, seed, path)]


def with_draw(scenario_params: Parameters, draw: Parameters) -> Parameters:
    """Return a scenario's parameters under a draw: the draw, then the scenario's own overrides.

    The scenario's evidence regime is kept (a draw holds calibrated parameters, not effect parameters).
    """
    return draw.with_regime(scenario_params.regime).with_overrides(dict(scenario_params.overrides))
