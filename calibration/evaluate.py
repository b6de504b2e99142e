"""Evaluating parameter sets: replicate runs through the experiment runner, statistics, and a checkpoint.

An :class:`Evaluator` turns a list of parameter sets into the mean statistics over ``reps`` replicates, with
the same replicate seeds for every parameter set (common random numbers: differences between parameter sets
are not blurred by different random worlds, so the objective is a smooth, deterministic function of the
parameters). All runs of a batch go to :func:`jwsim.experiments.runner.execute` at once (a process pool, or
any ``concurrent.futures.Executor`` such as Dask's), and every evaluated set is stored in an atomic JSON
checkpoint: a rerun after an interruption finds its earlier evaluations there and does not run them again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from jwsim.experiments.output import atomic_write_text, to_json
from jwsim.experiments.runner import RunTask, execute, scenario_schedule
from jwsim.model.params import REGISTRY, Parameters
from jwsim.model.results import RunResult
from jwsim.model.scenario import load_scenario
from jwsim.model.streams import replicate_seeds

from .targets import CalibrationError, statistics


def param_key(theta: Mapping[str, float]) -> str:
    """Stable text key of a parameter set (values rounded to 12 significant digits)."""
    return json.dumps({k: float(f"{float(v):.12g}") for k, v in sorted(theta.items())}, sort_keys=True)


class Checkpoint:
    """A JSON document on disk, rewritten atomically after every change (temp file + rename)."""

    def __init__(self, path: Path | None, kind: str, identity: Mapping) -> None:
        self.path = path
        self.doc: dict = {"kind": kind, "identity": dict(identity), "evaluations": {}}
        if path is not None and path.exists():
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise CalibrationError(f"{path}: unreadable checkpoint ({exc})") from None
            if doc.get("kind") != kind or doc.get("identity") != json.loads(to_json(dict(identity))):
                raise CalibrationError(f"{path}: checkpoint belongs to another calibration (settings, "
                                       "targets or seed differ); use a new --out folder")
            self.doc = doc

    def save(self) -> None:
        """Write the document atomically (no-op without a path)."""
        if self.path is not None:
            atomic_write_text(self.path, to_json(self.doc))


@dataclass
class Evaluator:
    """Mean statistics over common-random-number replicates for many parameter sets.

    Attributes:
        statistic_names: the statistics to compute (targets' ``statistic`` fields).
        scenario: scenario name (the 2025 practice is the burn-in).
        seed: root seed; replicate i uses child i of ``SeedSequence(seed)`` for every parameter set.
        reps: replicates per parameter set.
        scale: youths per agent.
        years: simulated years.
        workers: local processes (ignored when ``executor`` is given).
        executor: an existing executor (process pool, Dask ``Client.get_executor()``).
        checkpoint: where evaluations are cached (``None``: memory only).
        on_batch: progress callback, called with (evaluated sets so far, runs in this batch).

    """

    statistic_names: tuple[str, ...]
    scenario: str
    seed: int
    reps: int
    scale: float
    years: int
    workers: int | None = None
    executor: Executor | None = None
    checkpoint: Checkpoint | None = None
    on_batch: Callable[[int, int], None] | None = None
    runs: int = 0
    _cache: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.schedule = scenario_schedule(load_scenario(self.scenario))
        self.base = load_scenario(self.scenario).params
        self.seeds = replicate_seeds(self.seed, self.reps)
        if self.checkpoint is not None:
            self._cache = self.checkpoint.doc["evaluations"]

    def parameters(self, theta: Mapping[str, float]) -> Parameters:
        """Return the scenario's parameters with ``theta`` on top (validated against the ranges)."""
        return self.base.with_overrides({k: float(v) for k, v in theta.items()})

    def evaluate(self, thetas: Sequence[Mapping[str, float]]) -> list[dict[str, float]]:
        """Mean statistics of each parameter set (cached ones are not run again)."""
        keys = [param_key(t) for t in thetas]
        todo = []
        for key, theta in zip(keys, thetas, strict=True):
            if key not in self._cache and key not in [k for k, _ in todo]:
                todo.append((key, theta))
        if todo:
            tasks = [RunTask(self.schedule, self.parameters(theta), s, self.scale, self.years, i)
                     for _, theta in todo for i, s in enumerate(self.seeds)]
            results = execute(tasks, workers=self.workers, executor=self.executor)
            self.runs += len(tasks)
            for j, (key, _) in enumerate(todo):
                reps = results[j * self.reps:(j + 1) * self.reps]
                self._cache[key] = mean_statistics(reps, self.statistic_names)
            if self.checkpoint is not None:
                self.checkpoint.save()
            if self.on_batch is not None:
                self.on_batch(len(self._cache), len(tasks))
        return [dict(self._cache[k]) for k in keys]


def mean_statistics(results: Sequence[RunResult], names: Sequence[str]) -> dict[str, float]:
    """Mean over replicates of each statistic."""
    per_rep = [statistics(r, names) for r in results]
    return {n: float(np.mean([s[n] for s in per_rep])) for n in names}


def unit_to_theta(u: np.ndarray, names: Sequence[str]) -> dict[str, float]:
    """Map unit coordinates (0 = low end, 1 = high end of the registry range) to parameter values."""
    return {n: REGISTRY[n].low + float(np.clip(x, 0.0, 1.0)) * (REGISTRY[n].high - REGISTRY[n].low)
            for n, x in zip(names, u, strict=True)}


def theta_to_unit(theta: Mapping[str, float], names: Sequence[str]) -> np.ndarray:
    """Inverse of :func:`unit_to_theta`."""
    return np.array([(theta[n] - REGISTRY[n].low) / (REGISTRY[n].high - REGISTRY[n].low) for n in names])
