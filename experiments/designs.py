"""Experimental designs: a small TOML file → design points → runs.

Schema (``scenarios/designs/*.toml``; every key but ``name``, ``method`` and ``[factors]`` is optional)::

    name = "smoke"
    description = "20-run Latin hypercube over two levers"
    method = "lhs"                 # factorial | lhs | sobol | morris | saltelli
    samples = 20                   # lhs/sobol: points; morris: trajectories; saltelli: base sample N
    sampler_seed = 1               # seed of the sampler (default: the run seed)
    scenarios = ["opdracht-2026"]  # base scenarios (names or TOML paths relative to this file)
    evaluator = "jwsim"            # or "ishigami": SALib's test function, to prove the pipeline
    kpis = ["jeugdhulp_entries_per_year"]      # KPIs the analyses report (default: the main KPIs)
    posterior = "posterior"        # parameter uncertainty: each run draws a parameter set from a posterior
                                   # ensemble ("posterior" = the shipped one, or a file next to this one)
    difference = true              # sensitivity of a *difference*: with two scenarios, each point's output
                                   # is the second minus the first, paired by replicate
    morris_levels = 4              # morris only
    second_order = false           # saltelli only
    [run]
    reps = 2                       # replicates per point (common random numbers across points)
    scale = 10                     # youths per agent
    years = 2
    seed = 20260101
    [balance]                      # the form that absorbs FTE changes, per organisation ("" = none)
    bk10 = "wijk"
    [factors."bk10.ambulant"]      # a lever (see jwsim.experiments.levers) ...
    low = 2.0
    high = 8.0
    [factors.sjw_dose_threshold_hours]   # ... or a registry parameter; range defaults to the registry's
    [factors."alloc.targeting"]    # factorial designs take explicit levels (categorical levers too)
    levels = ["universal", "selective"]
    [factors.evidence]             # the evidence regime as a factor (default: all three), crossed with the
    levels = ["pessimistic", "central", "optimistic"]   # others (lhs/sobol: each point under each regime)

Samplers: scipy.stats.qmc (Latin hypercube, scrambled Sobol sequence) for sweeps; SALib (Morris
trajectories, Saltelli's scheme for Sobol indices) for ``jwsim sensitivity``. Every problem is a
:class:`ExperimentError` with one line naming the file, the key and the problem.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from jwsim.model.allocation import AllocationError, Schedule
from jwsim.model.params import ParameterError, Parameters
from jwsim.model.scenario import Scenario, scenario_dir
from jwsim.names import resolve

from .design_schema import (  # noqa: F401 - re-exported: the schema's names are part of this module's API
    DEFAULT_RUN,
    MAIN_KPIS,
    MAX_DESIGN_BYTES,
    MAX_RUNS,
    METHODS,
    REGIME_FACTOR,
    RUN_KEYS,
    TOP_KEYS,
    TOY,
    TOY_KPIS,
    Factor,
    _balance,
    _err,
    _factors,
    _int,
    _kpis,
    _num,
    _scenarios,
)
from .errors import ExperimentError
from .levers import apply_to_schedule
from .runner import SweepRun, scenario_schedule


@dataclass(frozen=True)
class Design:
    """A validated design; ``points()`` gives its points and ``runs()`` its runs."""

    name: str
    description: str
    method: str
    samples: int
    sampler_seed: int
    scenarios: tuple[Scenario, ...]
    evaluator: str
    kpis: tuple[str, ...]
    factors: tuple[Factor, ...]
    reps: int
    scale: float
    years: int
    seed: int
    balance: tuple[tuple[str, str], ...]
    morris_levels: int = 4
    second_order: bool = False
    source: str = "<design>"
    text: str = ""
    posterior: str = ""
    difference: bool = False
    evidence: str = "central"

    @property
    def sampled(self) -> tuple[Factor, ...]:
        """The factors a sampler draws (all but the evidence regime, which is crossed with them)."""
        return tuple(f for f in self.factors if f.kind != "regime")

    @property
    def regimes(self) -> tuple[str, ...]:
        """The evidence regimes of a regime factor (empty without one)."""
        return next((f.levels for f in self.factors if f.kind == "regime"), ())

    def with_evidence(self, regime: str | None) -> Design:
        """Return a copy whose scenarios run under an evidence regime (``--evidence``; None: as is).

        Raises:
            ExperimentError: the design has the evidence regime as a factor (one or the other, not both).

        """
        if regime is None:
            return self
        if self.regimes:
            raise ExperimentError(
                f"--evidence {regime}: {self.source} has the evidence regime as a factor "
                "([factors.evidence]); leave out --evidence or the factor"
            )
        if regime == self.evidence:
            return self
        return replace(self, evidence=regime, scenarios=tuple(s.under(regime) for s in self.scenarios))

    def with_run(
        self,
        reps: int | None = None,
        scale: float | None = None,
        years: int | None = None,
        seed: int | None = None,
    ) -> Design:
        """Return a copy with run settings overridden (command-line options)."""
        return replace(
            self,
            reps=self.reps if reps is None else reps,
            scale=self.scale if scale is None else scale,
            years=self.years if years is None else years,
            seed=self.seed if seed is None else seed,
        )

    def with_posterior(self, name_or_path: str | None) -> Design:
        """Return a copy that draws each run's parameters from a posterior (``--posterior``; None: as is)."""
        if name_or_path is None:
            return self
        if self.evaluator != "jwsim":
            raise ExperimentError(f"--posterior: the {self.evaluator} evaluator has no parameters to draw")
        return replace(self, posterior=str(_posterior_file(name_or_path, None, "--posterior")))

    def posterior_draws(self, reps: int | None = None) -> list[tuple[int, dict[str, float]]] | None:
        """Per replicate: which draw of the posterior it uses and the draw (None without a posterior).

        Replicate *r* uses draw ``replicate_draw(seed, r, size)`` at every design point and in every
        scenario, so points differ only by their factors: the same random world *and* the same parameters.
        """
        if not self.posterior:
            return None
        from jwsim.calibration.posterior import ensemble, replicate_draw  # noqa: PLC0415
        from jwsim.calibration.targets import CalibrationError  # noqa: PLC0415

        try:
            names, draws = ensemble(self.posterior)
        except CalibrationError as exc:
            raise ExperimentError(f"{self.source}: posterior: {exc}") from None
        picks = [replicate_draw(self.seed, r, len(draws)) for r in range(self.reps if reps is None else reps)]
        return [(i, {n: float(v) for n, v in zip(names, draws[i], strict=True)}) for i in picks]

    def point_settings(
        self, values: dict[str, Any], scenario: Scenario, base: Schedule
    ) -> tuple[Parameters, Schedule]:
        """Return the parameters and the schedule of one design point for one scenario.

        By kind of factor: the evidence regime sets the regime of the scenario's parameters, registry
        parameters override the scenario's values (and the regime's), levers change its allocation
        (``levers.apply_to_schedule``, with the design's balancing forms).
        """
        levers = {f.name: values[f.name] for f in self.factors if f.kind == "lever"}
        overrides = {f.name: values[f.name] for f in self.factors if f.kind == "param"}
        params = scenario.params
        for f in self.factors:
            if f.kind == "regime":
                params = params.with_regime(values[f.name])
        params = params.with_overrides(overrides)
        return params, apply_to_schedule(base, levers, params, dict(self.balance))

    def problem(self) -> dict:
        """Return the SALib problem dict of the numeric factors."""
        return {
            "num_vars": len(self.sampled),
            "names": [f.name for f in self.sampled],
            "bounds": [[f.low, f.high] for f in self.sampled],
        }

    def unit_samples(self) -> np.ndarray:
        """Raw numeric samples (points x factors) before rounding (not for factorial designs)."""
        d, n, seed = len(self.sampled), self.samples, self.sampler_seed
        if self.method == "lhs":
            from scipy.stats import qmc  # noqa: PLC0415

            return qmc.scale(qmc.LatinHypercube(d=d, seed=seed).random(n), *_bounds(self.sampled))
        if self.method == "sobol":
            from scipy.stats import qmc  # noqa: PLC0415

            return qmc.scale(qmc.Sobol(d=d, scramble=True, seed=seed).random(n), *_bounds(self.sampled))
        if self.method == "morris":
            from SALib.sample import morris  # noqa: PLC0415

            return morris.sample(self.problem(), n, num_levels=self.morris_levels, seed=seed)
        from SALib.sample import sobol  # noqa: PLC0415

        return sobol.sample(self.problem(), n, calc_second_order=self.second_order, seed=seed)

    def points(self) -> list[dict[str, Any]]:
        """Return the design points: factor name -> value.

        With the evidence regime as a factor in a sampled design, each sampled point is followed by its
        copies under the other regimes (points ``k*r .. k*r + r-1`` share their sampled values).
        """
        if self.method == "factorial":
            names = [f.name for f in self.factors]
            return [
                dict(zip(names, combo, strict=True))
                for combo in itertools.product(*(f.levels for f in self.factors))
            ]
        x = self.unit_samples()
        out = []
        for row in x:
            values = {
                f.name: (float(round(v)) if f.integer else float(v))
                for f, v in zip(self.sampled, row, strict=True)
            }
            if not self.regimes:
                out.append(values)
                continue
            for regime in self.regimes:
                point = dict(values)
                point[REGIME_FACTOR] = regime
                # In the design's factor order, so the in_* columns keep the order of the design file.
                out.append({f.name: point[f.name] for f in self.factors})
        return out

    def n_points(self) -> int:
        """Return the number of design points, counted without sampling them."""
        k = len(self.factors)
        if self.method == "factorial":
            return math.prod(len(f.levels) for f in self.factors)
        if self.method == "morris":
            return self.samples * (k + 1)
        if self.method == "saltelli":
            return self.samples * (2 * k + 2 if self.second_order else k + 2)
        return self.samples * max(1, len(self.regimes))

    def n_runs(self) -> int:
        """Return the number of runs (points x scenarios x replicates), counted without building them."""
        return self.n_points() * max(1, len(self.scenarios)) * self.reps

    def runs(self) -> list[SweepRun]:
        """Every run (point x scenario x replicate), validated; infeasible points raise ExperimentError."""
        if self.n_runs() > MAX_RUNS:
            raise ExperimentError(
                f"{self.source}: {self.n_runs():,} runs ({self.n_points():,} points x "
                f"{max(1, len(self.scenarios))} scenario(s) x {self.reps} replicates) is more than one "
                f"experiment may hold ({MAX_RUNS:,}); split it into several"
            )
        points = self.points()
        runs: list[SweepRun] = []
        if self.evaluator != "jwsim":
            for p, values in enumerate(points):
                inputs = tuple((f.column, values[f.name]) for f in self.factors)
                runs += [
                    SweepRun(
                        p,
                        self.evaluator,
                        r,
                        self.seed,
                        inputs,
                        None,
                        None,
                        self.scale,
                        self.years,
                        self.evaluator,
                    )
                    for r in range(self.reps)
                ]
            return runs
        bases = {sc.name: scenario_schedule(sc) for sc in self.scenarios}
        draws = self.posterior_draws()
        for p, values in enumerate(points):
            runs += self.point_runs(p, values, self.reps, bases, draws)
        return runs

    def point_runs(
        self,
        point: int,
        values: dict[str, Any],
        reps: int,
        bases: dict[str, Schedule] | None = None,
        draws: list[tuple[int, dict[str, float]]] | None = None,
    ) -> list[SweepRun]:
        """Return the runs of one point (each scenario, replicates ``0..reps-1``), validated.

        Raises:
            ExperimentError: the point cannot be delivered or a parameter is out of range.

        """
        bases = bases or {sc.name: scenario_schedule(sc) for sc in self.scenarios}
        if draws is None and self.posterior:
            draws = self.posterior_draws(reps)
        inputs = tuple((f.column, values[f.name]) for f in self.factors)
        runs: list[SweepRun] = []
        for sc in self.scenarios:
            where = f"{self.source}: design point {point} ({_fmt_point(values)}), scenario {sc.name}"
            try:
                params, sched = self.point_settings(values, sc, bases[sc.name])
                per_rep = [_drawn(params, d) for d in draws] if draws else [(params, ())] * reps
            except (AllocationError, ParameterError) as exc:
                raise ExperimentError(f"{where}: {exc}") from None
            runs += [
                SweepRun(point, sc.name, r, self.seed, inputs, sched, prm, self.scale, self.years, columns=c)
                for r, (prm, c) in enumerate(per_rep)
            ]
        return runs

    def spec(self) -> dict:
        """Return what identifies the experiment (a resumed experiment must match it exactly)."""
        return self._with_posterior({
            "name": self.name,
            "method": self.method,
            "samples": self.samples,
            "sampler_seed": self.sampler_seed,
            "evaluator": self.evaluator,
            "kpis": list(self.kpis),
            "morris_levels": self.morris_levels,
            "second_order": self.second_order,
            "balance": dict(self.balance),
            "run": {"reps": self.reps, "scale": self.scale, "years": self.years, "seed": self.seed},
            "scenarios": [
                {"name": s.name, "source": s.source, "sha256": _file_sha(s.source)} for s in self.scenarios
            ],
            "factors": [
                {
                    "name": f.name,
                    "kind": f.kind,
                    "low": f.low,
                    "high": f.high,
                    "levels": list(f.levels),
                    "integer": f.integer,
                }
                for f in self.factors
            ],
        })

    def _with_posterior(self, spec: dict) -> dict:
        """Add the posterior, a difference output and a non-central evidence regime to a spec.

        Designs without any of them keep the id they had.
        """
        if self.evidence != "central":
            spec["evidence"] = self.evidence
        if self.posterior:
            spec["posterior"] = {"file": self.posterior, "sha256": _file_sha(self.posterior)}
        if self.difference:
            spec["difference"] = True
        return spec

    def experiment_id(self) -> str:
        """Return a short hash of :meth:`spec`."""
        return hashlib.sha256(json.dumps(self.spec(), sort_keys=True).encode()).hexdigest()[:16]


def _drawn(params: Parameters, draw: tuple[int, dict[str, float]]) -> tuple[Parameters, tuple]:
    """Return a run's parameters under a posterior draw, and the row columns that record the draw.

    The draw first, then the scenario's and the design point's own values (deliberate choices win).
    """
    index, values = draw
    drawn = Parameters.from_overrides(values, params.regime).with_overrides(dict(params.overrides))
    return drawn, (("posterior_draw", index), *((f"posterior_{n}", v) for n, v in values.items()))


def _posterior_file(name_or_path: str | Path, base_dir: Path | None, key: str) -> Path:
    """Return the posterior file a design (``posterior = ...``) or ``--posterior`` names (jwsim.names)."""
    from jwsim.calibration.posterior import shipped_posteriors  # noqa: PLC0415

    return resolve(name_or_path, shipped_posteriors(), "posterior", ExperimentError, base_dir)


def _bounds(factors) -> tuple[list[float], list[float]]:
    return [f.low for f in factors], [f.high for f in factors]


def _fmt_point(values: dict) -> str:
    return ", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in values.items())


def _file_sha(source: str) -> str:
    try:
        return hashlib.sha256(Path(source).read_bytes()).hexdigest()
    except OSError:
        return ""


def shipped_designs() -> dict[str, Path]:
    """Name -> file of every design shipped with jwsim (``scenarios/designs/*.toml``)."""
    return {p.stem: p for p in sorted((scenario_dir() / "designs").glob("*.toml"))}


def load_design(path: str | Path) -> Design:
    """Read and validate a design TOML file, or a shipped design by name (an existing file wins)."""
    p = resolve(path, shipped_designs(), "design", ExperimentError)
    try:
        with p.open("rb") as f:  # one byte past the limit, never more: a huge file is not read whole
            raw = f.read(MAX_DESIGN_BYTES + 1)
    except OSError as exc:  # e.g. no permission to read it
        reason = exc.strerror or type(exc).__name__
        raise ExperimentError(f"{path}: cannot read design file ({reason})") from None
    if len(raw) > MAX_DESIGN_BYTES:
        raise ExperimentError(f"{p}: design file is larger than {MAX_DESIGN_BYTES // 1024} KiB")
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ExperimentError(f"{p}: not a UTF-8 text file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ExperimentError(f"{p}: not valid TOML ({exc})") from None
    return design_from_dict(doc, str(p), p.parent, raw.decode("utf-8"))


def design_from_dict(
    doc: dict, source: str = "<design>", base_dir: Path | None = None, text: str = ""
) -> Design:
    """Validate a parsed design document."""
    for key in doc:
        if key not in TOP_KEYS:
            raise _err(source, key, f"unknown key (allowed: {', '.join(sorted(TOP_KEYS))})")
    name = doc.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _err(source, "name", "missing or not a text")
    method = doc.get("method")
    if method not in METHODS:
        raise _err(source, "method", f"{method!r} is not one of {', '.join(METHODS)}")
    evaluator = doc.get("evaluator", "jwsim")
    if evaluator not in ("jwsim", *TOY):
        raise _err(source, "evaluator", f"{evaluator!r} is not one of jwsim, {', '.join(TOY)}")
    run = dict(DEFAULT_RUN)
    run_doc = doc.get("run", {})
    if not isinstance(run_doc, dict):
        raise _err(source, "run", "must be a table")
    for key, value in run_doc.items():
        if key not in RUN_KEYS:
            raise _err(source, f"run.{key}", f"unknown key (allowed: {', '.join(RUN_KEYS)})")
        lo, hi = RUN_KEYS[key]
        run[key] = (
            _num(source, f"run.{key}", value) if key == "scale" else _int(source, f"run.{key}", value, lo, hi)
        )
        if key == "scale" and not lo <= run[key] <= hi:
            raise _err(source, "run.scale", f"{value} is outside {lo}..{hi}")
    samples = 0
    if method != "factorial":
        if "samples" not in doc:
            raise _err(source, "samples", f"missing (method {method} needs a number of samples)")
        samples = _int(source, "samples", doc["samples"], 2, 1_000_000)
        if method in ("sobol", "saltelli") and samples & (samples - 1):
            raise _err(source, "samples", f"{samples} is not a power of 2 ({method} needs e.g. 16, 32, 64)")
    sampler_seed = _int(source, "sampler_seed", doc.get("sampler_seed", run["seed"]), 0, 2**63 - 1)
    morris_levels = _int(source, "morris_levels", doc.get("morris_levels", 4), 2, 20)
    second_order = doc.get("second_order", False)
    if not isinstance(second_order, bool):
        raise _err(source, "second_order", "must be true or false")
    factors = _factors(doc, source, method, evaluator)
    kpis = _kpis(doc, source, evaluator)
    balance = _balance(doc, source, factors)
    scenarios = _scenarios(doc, source, base_dir, evaluator)
    difference = doc.get("difference", False)
    if not isinstance(difference, bool):
        raise _err(source, "difference", "must be true or false")
    if difference and (evaluator != "jwsim" or len(scenarios) != 2):
        raise _err(source, "difference",
                   "needs exactly two scenarios (the output is the second minus the first)")
    posterior = doc.get("posterior", "")
    if posterior != "":
        if evaluator != "jwsim":
            raise _err(source, "posterior", f"the {evaluator} evaluator has no parameters to draw")
        if not isinstance(posterior, str) or not posterior.strip():
            raise _err(source, "posterior", 'must be "posterior" (the shipped ensemble) or a file name')
        try:
            posterior = str(_posterior_file(posterior, base_dir, "posterior"))
        except ExperimentError as exc:
            raise _err(source, "posterior", str(exc)) from None
    return Design(
        name=name.strip(),
        description=str(doc.get("description", "")),
        method=method,
        samples=samples,
        sampler_seed=sampler_seed,
        scenarios=scenarios,
        evaluator=evaluator,
        kpis=kpis,
        factors=factors,
        reps=run["reps"],
        scale=float(run["scale"]),
        years=run["years"],
        seed=run["seed"],
        balance=tuple(sorted(balance.items())),
        morris_levels=morris_levels,
        second_order=second_order,
        source=source,
        text=text,
        posterior=posterior,
        difference=difference,
    )
