"""The best allocation within a budget and the note's hard rules; the Pareto front.

The Pareto front is that of jeugdhulp entries against registered nuisance.

Decision variables (``DECISIONS``): Bindkracht10 FTE for ambulant work and IB; the number of schools with
SJW and the SJW hours per school (SJW FTE follow from the hours); jeugdcoach FTE for ambulant work and SWF.
Bindkracht10 wijk work is the note's "the rest": whatever Bindkracht10 FTE the organisation has left and the
budget still pays for. Everything else (vakmanschap FTE, targeting, wijk priority, programme lines) stays
as in the base scenario.

Hard rules of the note (each can be relaxed): SJW ≥ 12 h at any school that gets SJW, IB ≥ 3 FTE, ambulant
team ≥ 4 + 4 FTE (Bindkracht10 + jeugdcoaches). They are bounds of the search; the budget (yearly cost:
the Tabel 1 lines of ``Allocation.spending_by_line``: FTE x cost per FTE of each organisation, the SJW vo
line when SJW is delivered, the base scenario's programme lines; the model's
``youthwork_cost_eur_per_year``) and each organisation's FTE are constraints.

Search: scipy's differential evolution (integer-aware, constraint handling, a seeded ``rng``), with the
population of each generation evaluated in parallel through the experiment runner, so every run streams to
Parquet and ``--resume`` replays the (deterministic) search from disk. Every candidate is evaluated on the
same replicate seeds (common random numbers): differences between candidates are not noise of different
random worlds. The objective is a weighted sum of KPIs, each divided by its value in the base scenario
(so weights are comparable; a negative weight maximises). The Pareto front is the set of evaluated,
feasible allocations that no other evaluated allocation beats on both jeugdhulp entries and registered
nuisance.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import NonlinearConstraint, differential_evolution

from jwsim.model.allocation import ORG_FTE, SJW_VO_LINE_EUR, Allocation, AllocationError
from jwsim.model.params import Parameters
from jwsim.model.scenario import Scenario

from .errors import ExperimentError
from .levers import apply_to_schedule, sjw_school_count
from .runner import SweepRun, scenario_schedule

DECISIONS = ("bk10.ambulant", "bk10.ib", "sjw.schools", "sjw.hours_per_school", "jc.ambulant", "jc.swf")
# Upper search bounds (assumption: beyond these a single form would crowd out the note's other forms).
UPPER = {
    "bk10.ambulant": 12.0,
    "bk10.ib": 10.0,
    "sjw.hours_per_school": 20.0,
    "jc.ambulant": ORG_FTE["jc"],
    "jc.swf": ORG_FTE["jc"],
}
PARETO_KPIS = ("jeugdhulp_entries_per_year", "jeugdoverlast_registered_per_year")


@dataclass(frozen=True)
class HardRules:
    """The note's minimums; a relaxed rule is 0."""

    sjw_min_hours: float = 12.0
    ib_min_fte: float = 3.0
    ambulant_min_bk10: float = 4.0
    ambulant_min_jc: float = 4.0

    @classmethod
    def from_flags(cls, relax_sjw: bool, relax_ib: bool, relax_ambulant: bool) -> HardRules:
        """Rules with the relaxed ones set to 0."""
        return cls(
            0.0 if relax_sjw else 12.0,
            0.0 if relax_ib else 3.0,
            0.0 if relax_ambulant else 4.0,
            0.0 if relax_ambulant else 4.0,
        )


@dataclass
class Problem:
    """The optimisation problem: base scenario, rules, budget, objective weights and run settings."""

    base: Scenario
    rules: HardRules
    budget: float
    weights: dict[str, float]
    reps: int
    scale: float
    years: int
    seed: int
    params: Parameters = field(init=False)

    def __post_init__(self) -> None:
        self.params = self.base.params
        self.alloc = self.base.allocation

    # ------------------------------------------------------------------ space
    def bounds(self) -> list[tuple[float, float]]:
        """Bounds per decision variable (the hard rules are lower bounds)."""
        r = self.rules
        return [
            (r.ambulant_min_bk10, UPPER["bk10.ambulant"]),
            (r.ib_min_fte, UPPER["bk10.ib"]),
            (0.0, float(sjw_school_count())),
            (max(r.sjw_min_hours, 1.0), UPPER["sjw.hours_per_school"]),
            (r.ambulant_min_jc, UPPER["jc.ambulant"]),
            (0.0, max(0.0, UPPER["jc.swf"] - r.ambulant_min_jc - self.alloc.jc["vakmanschap"])),
        ]

    def _fixed(self, x: np.ndarray) -> tuple[dict[str, float], float, float]:
        """Lever values without wijk work, Bindkracht10 FTE without wijk work, jeugdcoach FTE."""
        v = {name: float(val) for name, val in zip(DECISIONS, x, strict=True)}
        v["sjw.schools"] = float(round(v["sjw.schools"]))
        sjw = Allocation.sjw_fte_for(v["sjw.schools"] * v["sjw.hours_per_school"], self.params)
        bk10 = v["bk10.ambulant"] + v["bk10.ib"] + sjw + self.alloc.bk10["vakmanschap"]
        jc = v["jc.ambulant"] + v["jc.swf"] + self.alloc.jc["vakmanschap"]
        return v, bk10, jc

    def _cost(self, bk10: float, jc: float, sjw_line: float = 0.0) -> float:
        # The lines of Allocation.spending_by_line, in closed form so wijk work can take what is left.
        return (
            bk10 * self.params["cost_per_fte_bk10"]
            + jc * self.params["cost_per_fte_jc"]
            + sjw_line
            + self.alloc.ambulant_team_investment_eur
            + self.alloc.programme_eur
        )

    @staticmethod
    def _sjw_line(v: dict[str, float]) -> float:
        """Return the Tabel 1 SJW vo line: spent when the candidate delivers SJW at any school."""
        return SJW_VO_LINE_EUR if v["sjw.schools"] > 0 and v["sjw.hours_per_school"] > 0 else 0.0

    def levers(self, x: np.ndarray) -> dict[str, float]:
        """Decision vector -> lever values: schools rounded, wijk work = the FTE and money left."""
        v, bk10, jc = self._fixed(x)
        cost = self._cost(bk10, jc, self._sjw_line(v))
        money_left = (self.budget - cost) / self.params["cost_per_fte_bk10"]
        v["bk10.wijk"] = float(max(0.0, min(ORG_FTE["bk10"] - bk10, money_left)))
        return v

    def fte(self, x: np.ndarray) -> tuple[float, float]:
        """Total FTE of Bindkracht10 (without wijk work) and of the jeugdcoaches at ``x``."""
        _, bk10, jc = self._fixed(x)
        return bk10, jc

    def cost(self, x: np.ndarray) -> float:
        """Yearly cost at ``x`` including the wijk work (as ``Allocation.cost_eur_per_year``)."""
        v, bk10, jc = self._fixed(x)
        return self._cost(bk10 + self.levers(x)["bk10.wijk"], jc, self._sjw_line(v))

    def minimum_cost(self) -> float:
        """Return the cost of the cheapest allocation the hard rules allow.

        That is: no SJW, minimum ambulant and IB, no wijk work, the base scenario's vakmanschap and
        programme lines.
        """
        r = self.rules
        x = np.array(
            [r.ambulant_min_bk10, r.ib_min_fte, 0.0, max(r.sjw_min_hours, 1.0), r.ambulant_min_jc, 0.0]
        )
        _, bk10, jc = self._fixed(x)
        return self._cost(bk10, jc)

    def check_budget(self) -> None:
        """Raise ExperimentError when the budget cannot pay for the hard rules."""
        if not np.isfinite(self.budget) or self.budget <= 0:
            raise ExperimentError(f"--budget {self.budget:g}: must be a positive amount in euros")
        need = self.minimum_cost()
        if self.budget < need:
            r = self.rules
            raise ExperimentError(
                f"--budget EUR {self.budget:,.0f} is below the EUR {need:,.0f} a year the hard rules need "
                f"(ambulant {r.ambulant_min_bk10:g}+{r.ambulant_min_jc:g} FTE, IB {r.ib_min_fte:g} FTE, plus "
                f"vakmanschap and programme lines of {self.base.name}); relax a rule with --relax-ambulant, "
                "--relax-ib or --relax-sjw"
            )

    def constraint(self) -> NonlinearConstraint:
        """Budget (before wijk work, which takes what is left) and FTE of each organisation."""
        return NonlinearConstraint(
            lambda x: np.array([self._cost(*self.fte(x), self._sjw_line(self._fixed(x)[0])), *self.fte(x)]),
            -np.inf,
            np.array([self.budget, ORG_FTE["bk10"] + 1e-9, ORG_FTE["jc"] + 1e-9]),
        )

    # ------------------------------------------------------------------ runs
    def runs(self, point: int, x: np.ndarray | None) -> list[SweepRun]:
        """Return the replicate runs of candidate ``x`` (``None``: the base scenario) as point ``point``.

        Raises:
            AllocationError: the allocation cannot be delivered.

        """
        base_sched = scenario_schedule(self.base)
        values = self.base_levers() if x is None else self.levers(x)
        sched = base_sched if x is None else apply_to_schedule(base_sched, values, self.params, balance={})
        inputs = tuple((k.replace(".", "_"), float(v)) for k, v in values.items())
        return [
            SweepRun(point, self.base.name, r, self.seed, inputs, sched, self.params, self.scale, self.years)
            for r in range(self.reps)
        ]

    def base_levers(self) -> dict[str, float]:
        """Return the base scenario's first-year allocation in lever terms (the candidates' columns)."""
        a = self.alloc
        hours = [h for _, h in a.sjw_hours if h > 0]
        return {
            "bk10.ambulant": a.bk10["ambulant"],
            "bk10.ib": a.bk10["ib"],
            "sjw.schools": float(len(hours)),
            "sjw.hours_per_school": float(np.mean(hours)) if hours else 0.0,
            "jc.ambulant": a.jc["ambulant"],
            "jc.swf": a.jc["swf"],
            "bk10.wijk": a.bk10["wijk"],
        }

    def allocation(self, x: np.ndarray) -> Allocation:
        """Return the first-year allocation of candidate ``x``."""
        return self.runs(0, x)[0].schedule.steps[0][1]

    def objective(self, kpi_means: Mapping[str, float], ref: Mapping[str, float]) -> float:
        """Weighted sum of KPIs relative to the base scenario."""
        return float(sum(w * kpi_means[k] / (ref[k] if ref[k] else 1.0) for k, w in self.weights.items()))


@dataclass
class Candidate:
    """An evaluated allocation."""

    point: int
    x: np.ndarray | None
    kpis: dict[str, np.ndarray]  # KPI -> values per replicate
    cost: float
    objective: float = np.inf

    def mean(self, kpi: str) -> float:
        """Mean over replicates."""
        return float(np.mean(self.kpis[kpi]))


class _Abort(Exception):
    """Carries an error out of scipy's map call (scipy rewraps ValueErrors raised there)."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


def pareto_mask(values: np.ndarray) -> np.ndarray:
    """Non-dominated rows of ``values`` (all objectives minimised)."""
    n = len(values)
    keep = np.ones(n, bool)
    for i in range(n):
        dominated = np.all(values <= values[i], axis=1) & np.any(values < values[i], axis=1)
        keep[i] = not dominated.any()
    return keep


class Search:
    """Differential evolution over the problem, evaluating each generation in one batch of runs.

    Args:
        problem: the problem.
        evaluate: runs a list of SweepRuns and returns run_key -> result row (the experiment session).
        evaluations: approximate number of candidate allocations to evaluate.

    """

    def __init__(
        self, problem: Problem, evaluate: Callable[[list[SweepRun]], dict[str, dict]], evaluations: int
    ) -> None:
        self.problem, self.evaluate = problem, evaluate
        self.evaluations = evaluations
        self.cache: dict[tuple, Candidate] = {}
        self.ref: Candidate | None = None
        self.next_point = 1

    def _key(self, x: np.ndarray) -> tuple:
        return tuple(np.round(np.asarray(x, float), 9))

    def _candidates(self, point_runs: list[tuple[int, np.ndarray | None, list[SweepRun]]]) -> list[Candidate]:
        rows = self.evaluate([r for _, _, runs in point_runs for r in runs])
        out = []
        for point, x, runs in point_runs:
            got = [rows.get(r.key) for r in runs]
            if any(g is None for g in got):
                raise ExperimentError(f"optimize: candidate {point} has failed runs; continue with --resume")
            for g in got:
                if any(g.get(f"in_{k}") != v for k, v in runs[0].inputs):
                    raise ExperimentError(
                        "optimize: the results folder holds a different search; choose another --out"
                    )
            kpis = {k[4:]: np.array([g[k] for g in got]) for k in got[0] if k.startswith("kpi_")}
            cost = float(np.mean(kpis["youthwork_cost_eur_per_year"]))
            out.append(Candidate(point, x, kpis, cost))
        return out

    def reference(self) -> Candidate:
        """Evaluate the base scenario (design point 0)."""
        self.ref = self._candidates([(0, None, self.problem.runs(0, None))])[0]
        self.ref.objective = self.problem.objective(
            {k: self.ref.mean(k) for k in self.ref.kpis}, self._ref_means()
        )
        return self.ref

    def _ref_means(self) -> dict[str, float]:
        return {k: self.ref.mean(k) for k in self.ref.kpis}

    def _map(self, func, xs):
        try:
            return self._evaluate_population(func, xs)
        except (ExperimentError, ValueError, TypeError) as exc:
            raise _Abort(exc) from exc

    def _evaluate_population(self, func, xs):
        xs = [np.asarray(x, float) for x in xs]
        todo = []
        for x in xs:
            key = self._key(x)
            if key in self.cache or any(key == t[0] for t in todo):
                continue
            try:
                runs = self.problem.runs(self.next_point, x)
            except AllocationError:
                self.cache[key] = Candidate(-1, x, {}, self.problem.cost(x))  # cannot be delivered
                continue
            todo.append((key, x, runs))
            self.next_point += 1
        for (key, _, _), cand in zip(
            todo, self._candidates([(r[0].point, x, r) for _, x, r in todo]), strict=True
        ):
            cand.objective = self.problem.objective({k: cand.mean(k) for k in cand.kpis}, self._ref_means())
            self.cache[key] = cand
        return [func(x) for x in xs]

    def _value(self, x: np.ndarray) -> float:
        return self.cache[self._key(x)].objective

    def run(self) -> Candidate:
        """Search; returns the best evaluated feasible candidate."""
        if self.ref is None:
            self.reference()
        p = self.problem
        d = len(DECISIONS)
        popsize = 2
        maxiter = max(1, self.evaluations // (popsize * d) - 1)
        kw = (
            {"rng": np.random.default_rng(p.seed)}
            if "rng" in inspect.signature(differential_evolution).parameters
            else {"seed": p.seed}
        )
        integrality = np.array([name == "sjw.schools" for name in DECISIONS])
        try:
            differential_evolution(
                self._value,
                p.bounds(),
                maxiter=maxiter,
                popsize=popsize,
                polish=False,
                tol=0.0,
                init="latinhypercube",
                updating="deferred",
                workers=self._map,
                constraints=p.constraint(),
                integrality=integrality,
                **kw,
            )
        except _Abort as abort:
            raise abort.error from None
        return self.best()

    def evaluated(self) -> list[Candidate]:
        """Every evaluated candidate that is within budget and deliverable (in evaluation order)."""
        return sorted(
            (c for c in self.cache.values() if c.point > 0 and c.cost <= self.problem.budget + 1e-6),
            key=lambda c: c.point,
        )

    def best(self) -> Candidate:
        """Return the feasible candidate with the lowest objective."""
        feasible = self.evaluated()
        if not feasible:
            raise ExperimentError(
                "optimize: no evaluated allocation fits the budget; raise --evaluations or --budget"
            )
        return min(feasible, key=lambda c: (c.objective, c.point))

    def pareto(self) -> list[Candidate]:
        """Return the evaluated feasible candidates on the Pareto front of ``PARETO_KPIS``."""
        cands = self.evaluated()
        vals = np.array([[c.mean(k) for k in PARETO_KPIS] for c in cands])
        mask = pareto_mask(vals) if len(cands) else np.array([], bool)
        return sorted(
            (c for c, m in zip(cands, mask, strict=True) if m), key=lambda c: c.mean(PARETO_KPIS[0])
        )
