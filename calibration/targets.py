"""Calibration targets: loading ``targets.toml``, the statistics they map to, and the split-normal distance.

A target is a published figure with a 95% band (``lo``..``hi``) that says what the figure can mean for the
model's population and years. The scaled deviation of a simulated statistic ``s`` from a target is

    z = (s - value) / sigma_hi  if s >= value,   z = (s - value) / sigma_lo  otherwise,

with ``sigma_lo = (value - lo) / 1.96`` and ``sigma_hi = (hi - value) / 1.96`` (a split normal: asymmetric
when the known biases of a figure point one way). The calibration distance is the Euclidean norm of the z of
the targets used for fitting; ``sum(z**2)`` is the SMM objective.

Statistics are KPIs of :data:`jwsim.model.results.KPIS` (mean over the simulated years) or one of
:data:`DERIVED`, computed from a :class:`~jwsim.model.results.RunResult`.
"""

from __future__ import annotations

import importlib.resources
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jwsim.messages import one_line
from jwsim.model.params import REGISTRY
from jwsim.model.results import KPIS, RunResult
from jwsim.names import resolve

Z95 = 1.959964
SUMMER_WEEKS = frozenset(range(23, 36))                  # June-August
WINTER_WEEKS = frozenset((49, 50, 51, *range(2, 10)))    # December-February without New Year weeks 52 and 1
DERIVED = ("jeugdhulp_inflow_rate", "jeugdoverlast_summer_winter_ratio")
REQUIRED = ("name", "statistic", "value", "lo", "hi", "used_for_fit", "population", "year", "source_title",
            "source_org", "source_year", "source_address", "evidence", "uncertainty_note")
SETTINGS = {
    "smm_fixed": list, "scenario": str, "years": int, "seed": int, "smm_scale": float, "smm_reps": int,
    "smm_max_iterations": int, "smm_diff_step": float, "abc_scale": float, "abc_population": int,
    "abc_generations": int, "abc_batch": int, "abc_quantile": float, "abc_pseudo_prior_widen": float,
    "bias_reps_full": int, "bias_reps_reduced": int, "posterior_size": int,
}
# fixed: parameters held at their registry values (tests, experiments); abc_mcmc_steps: resample-move steps;
# abc_final_quantile: the last SMC reweighting's tolerance as a quantile of the moved particles' distances
# (0: none; see calibration/rejuvenate.py).
OPTIONAL_SETTINGS = {"fixed": [], "bias_scale_full": 1.0, "abc_mcmc_steps": 0, "abc_final_quantile": 0.0}
FRACTION_SETTINGS = ("abc_final_quantile",)  # floats in [0, 1) instead of [1, 100]


class CalibrationError(ValueError):
    """A problem with the targets, the settings, a checkpoint or a calibration argument (one line)."""

    def __init__(self, message: str) -> None:
        # Names and values come from the file: a newline in them must not break the one line.
        super().__init__(one_line(message))


@dataclass(frozen=True)
class Target:
    """One calibration target (see the module docstring for the distance)."""

    name: str
    statistic: str
    value: float
    lo: float
    hi: float
    used_for_fit: bool
    population: str
    year: int
    source_title: str
    source_org: str
    source_year: int
    source_address: str
    evidence: str
    uncertainty_note: str

    @property
    def sigma_lo(self) -> float:
        """Standard deviation of the lower half of the split normal."""
        return (self.value - self.lo) / Z95

    @property
    def sigma_hi(self) -> float:
        """Standard deviation of the upper half of the split normal."""
        return (self.hi - self.value) / Z95

    def z(self, simulated: float) -> float:
        """Scaled deviation of a simulated value from the target (0 at the target, +-1.96 at the band)."""
        d = simulated - self.value
        return d / self.sigma_hi if d >= 0 else d / self.sigma_lo


@dataclass(frozen=True)
class TargetSet:
    """All targets plus the calibration settings of ``targets.toml``."""

    targets: tuple[Target, ...]
    settings: dict
    source: str

    @property
    def fit(self) -> tuple[Target, ...]:
        """The targets used for fitting, in file order."""
        return tuple(t for t in self.targets if t.used_for_fit)

    def free_parameters(self) -> tuple[str, ...]:
        """Registry parameters with ``calibrate=True``, in registry order (the ABC parameters)."""
        fixed = set(self.settings["fixed"])
        return tuple(name for name, p in REGISTRY.items() if p.calibrate and name not in fixed)

    def smm_parameters(self) -> tuple[str, ...]:
        """Free parameters moved by the SMM (the free ones minus ``smm_fixed``)."""
        fixed = set(self.settings["smm_fixed"])
        return tuple(n for n in self.free_parameters() if n not in fixed)

    def by_name(self, name: str) -> Target:
        """Return the target called ``name``."""
        for t in self.targets:
            if t.name == name:
                return t
        raise CalibrationError(f"unknown target '{name}'")


def default_targets_path() -> Path:
    """Return the path of the packaged ``targets.toml``."""
    return Path(str(importlib.resources.files("jwsim.calibration"))) / "targets.toml"


def shipped_targets() -> dict[str, Path]:
    """Name -> file of the shipped targets (``targets``: the packaged ``targets.toml``)."""
    return {"targets": default_targets_path()}


MAX_TARGETS_BYTES = 1024 * 1024  # the shipped file is 16 KiB; a limit keeps a wrong path from filling memory


def load_targets(path: str | Path | None = None) -> TargetSet:
    """Read and validate a targets file (default: the packaged one).

    Raises:
        CalibrationError: naming the file, the target and the problem in one line.

    """
    if path is None:
        p = default_targets_path()
    else:
        p = resolve(path, shipped_targets(), "targets", CalibrationError)
    try:
        with p.open("rb") as f:
            data = f.read(MAX_TARGETS_BYTES + 1)
        if len(data) > MAX_TARGETS_BYTES:
            raise CalibrationError(f"{p}: targets file is larger than {MAX_TARGETS_BYTES // 1024} KiB")
        doc = tomllib.loads(data.decode("utf-8"))
    except FileNotFoundError:
        raise CalibrationError(f"{p}: targets file not found") from None
    except OSError as exc:  # a folder, a name longer than the file system allows, no permission
        reason = exc.strerror or type(exc).__name__
        raise CalibrationError(f"{p}: cannot read targets file ({reason})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CalibrationError(f"{p}: not valid TOML ({exc})") from None
    settings = _settings(p, doc.get("calibration"))
    raw = doc.get("target")
    if not isinstance(raw, list) or not raw:
        raise CalibrationError(f"{p}: no [[target]] entries")
    targets = []
    for i, entry in enumerate(raw):
        targets.append(_target(p, i, entry))
    names = [t.name for t in targets]
    if len(set(names)) != len(names):
        raise CalibrationError(f"{p}: duplicate target names")
    if not any(t.used_for_fit for t in targets):
        raise CalibrationError(f"{p}: no target has used_for_fit = true")
    return TargetSet(tuple(targets), settings, str(p))


def _settings(p: Path, raw: object) -> dict:
    if not isinstance(raw, dict):
        raise CalibrationError(f"{p}: missing [calibration] table")
    out = {}
    for key, kind in SETTINGS.items():
        if key not in raw:
            raise CalibrationError(f"{p}: [calibration] misses '{key}'")
        v = raw[key]
        if kind is float and isinstance(v, int) and not isinstance(v, bool):
            v = float(v) if abs(v) < 2**63 else math.inf  # tomllib reads whole numbers of any size
        if not isinstance(v, kind) or isinstance(v, bool):
            raise CalibrationError(f"{p}: [calibration] '{key}' must be {kind.__name__}")
        if kind in (int, float) and v <= 0:
            raise CalibrationError(f"{p}: [calibration] '{key}' must be positive")
        out[key] = v
    for key, default in OPTIONAL_SETTINGS.items():
        v = raw.get(key, default)
        if isinstance(default, float) and isinstance(v, int) and not isinstance(v, bool):
            v = float(v) if abs(v) < 2**63 else math.inf  # (then out of range below, not an OverflowError)
        lo, hi = (0.0, 0.999) if key in FRACTION_SETTINGS else (1.0, 100.0)
        if type(v) is not type(default) or (isinstance(v, float) and not lo <= v <= hi) or (
                isinstance(v, int) and not 0 <= v <= 100):
            raise CalibrationError(f"{p}: [calibration] '{key}' has a wrong type or value")
        out[key] = v
    unknown = set(raw) - set(SETTINGS) - set(OPTIONAL_SETTINGS)
    if unknown:
        raise CalibrationError(f"{p}: [calibration] has unknown key '{sorted(unknown)[0]}'")
    for name in out["smm_fixed"] + out["fixed"]:
        if not isinstance(name, str) or name not in REGISTRY or not REGISTRY[name].calibrate:
            raise CalibrationError(f"{p}: smm_fixed '{name}' is not a registry parameter with calibrate=True")
    if not 0 < out["abc_quantile"] < 1:
        raise CalibrationError(f"{p}: [calibration] 'abc_quantile' must be between 0 and 1")
    return out


def _target(p: Path, i: int, entry: object) -> Target:
    if not isinstance(entry, dict):
        raise CalibrationError(f"{p}: target {i + 1} is not a table")
    label = entry.get("name", f"#{i + 1}")
    for key in REQUIRED:
        if key not in entry or entry[key] in ("", None):
            raise CalibrationError(f"{p}: target '{label}' misses '{key}'")
    unknown = set(entry) - set(REQUIRED)
    if unknown:
        raise CalibrationError(f"{p}: target '{label}' has unknown key '{sorted(unknown)[0]}'")
    stat = entry["statistic"]
    if stat not in KPIS and stat not in DERIVED:
        raise CalibrationError(f"{p}: target '{label}' maps to unknown statistic '{stat}'")
    try:
        value, lo, hi = (float(entry[k]) for k in ("value", "lo", "hi"))
    except (TypeError, ValueError, OverflowError):
        raise CalibrationError(f"{p}: target '{label}' value, lo and hi must be numbers") from None
    if not (np.isfinite([value, lo, hi]).all() and lo < value < hi):
        raise CalibrationError(f"{p}: target '{label}' needs lo < value < hi")
    if not isinstance(entry["used_for_fit"], bool):
        raise CalibrationError(f"{p}: target '{label}' used_for_fit must be true or false")
    for key in ("year", "source_year"):
        if isinstance(entry[key], bool) or not isinstance(entry[key], int):
            raise CalibrationError(f"{p}: target '{label}' {key} must be a whole number")
    return Target(
        name=str(entry["name"]), statistic=stat, value=value, lo=lo, hi=hi,
        used_for_fit=entry["used_for_fit"],
        population=str(entry["population"]), year=int(entry["year"]), source_title=str(entry["source_title"]),
        source_org=str(entry["source_org"]), source_year=int(entry["source_year"]),
        source_address=str(entry["source_address"]), evidence=str(entry["evidence"]),
        uncertainty_note=str(entry["uncertainty_note"]).strip())


# ---------------------------------------------------------------------------------------------- statistics
def statistics(result: RunResult, names: Sequence[str]) -> dict[str, float]:
    """Return statistics of one run: KPI means over the simulated years, or derived statistics."""
    out = {}
    for name in names:
        if name in KPIS:
            out[name] = float(np.mean(result.kpis[name]))
        elif name == "jeugdhulp_inflow_rate":
            # Entries per year (all ages 10-23) over youths 10-17 of the same year.
            youths = result.per_wijk["youths_10_17"].sum(axis=1)
            out[name] = float(np.mean(result.kpis["jeugdhulp_entries_per_year"] / np.maximum(youths, 1.0)))
        elif name == "jeugdoverlast_summer_winter_ratio":
            out[name] = summer_winter_ratio(result.weekly["nuisance_registered"])
        else:
            raise CalibrationError(f"unknown statistic '{name}'")
    return out


def summer_winter_ratio(weekly_registered: np.ndarray) -> float:
    """Mean weekly value in June-August over December-February (New Year weeks excluded)."""
    week = np.arange(weekly_registered.shape[0]) % 52 + 1
    summer = np.isin(week, list(SUMMER_WEEKS))
    winter = np.isin(week, list(WINTER_WEEKS))
    w = float(weekly_registered[winter].mean())
    return float(weekly_registered[summer].mean() / w) if w > 0 else float("nan")


def z_vector(stats: Mapping[str, float], targets: Sequence[Target]) -> np.ndarray:
    """Scaled deviations of the statistics from the targets (in target order)."""
    return np.array([t.z(stats[t.statistic]) for t in targets])


def distance(stats: Mapping[str, float], targets: Sequence[Target]) -> float:
    """Euclidean norm of the scaled deviations: the ABC distance."""
    return float(np.sqrt(np.sum(z_vector(stats, targets) ** 2)))
