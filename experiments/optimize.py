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

Search (noise-aware, :class:`Search`): scipy's differential evolution (integer-aware, constraint handling, a
seeded ``rng``) proposes allocations and screens each with a few replicates; the screened candidates then race
(paired elimination of those demonstrably worse than the leader, then halving, survivors get twice the
replicates); the winner and the base finally run on fresh replicates that took no part in the selection, and
their paired interval says whether the winner is demonstrably better. Every run goes through the experiment
runner, streams to Parquet, and ``--resume`` replays the (deterministic) search from disk. Every candidate
runs on the same replicate seeds as the base (common random numbers), so differences are paired. The
objective is a weighted sum of KPIs, each divided by its mean in the base scenario (so weights are
comparable; a negative weight maximises). The Pareto front is reported twice: the allocations no other beats
on the *means* of both jeugdhulp entries and registered nuisance, and the larger set that no other beats
*demonstrably* (paired 95% intervals on both).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
from scipy.optimize import NonlinearConstraint, differential_evolution

from jwsim.model.allocation import ORG_FTE, SJW_VO_LINE_EUR, Allocation, AllocationError
from jwsim.model.params import Parameters
from jwsim.model.scenario import Scenario

from .errors import ExperimentError
from .levers import apply_to_schedule, sjw_school_count
from .replicates import MIN_REPLICATES, mean_interval, paired_interval
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
    """An evaluated allocation and its runs so far.

    Attributes:
        point: design point of its runs (0: the base scenario; -1: not deliverable, never run).
        x: decision vector (None for the base scenario).
        kpis: KPI -> one value per replicate, replicates 0, 1, 2, ... in order (common random numbers: the
            same replicate seeds for every candidate and the base).
        cost: yearly cost (euros).
        objective: mean of the objective over the screening replicates (what the search minimised).
        status: ``screened``, ``dropped``, ``finalist`` or ``best``.
        reason: why it was dropped, or how it came through.

    """

    point: int
    x: np.ndarray | None
    kpis: dict[str, np.ndarray]
    cost: float
    objective: float = np.inf
    status: str = "screened"
    reason: str = ""

    @property
    def n(self) -> int:
        """Replicates run so far."""
        return len(next(iter(self.kpis.values()))) if self.kpis else 0

    def mean(self, kpi: str) -> float:
        """Mean over its replicates."""
        return float(np.mean(self.kpis[kpi]))

    def interval(self, kpi: str) -> dict:
        """Mean over its replicates with the 95% interval (none below 3 replicates)."""
        return mean_interval(self.kpis[kpi]).as_dict("n")


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


def demonstrably_dominates(a: Candidate, b: Candidate, kpis: tuple[str, ...] = PARETO_KPIS) -> bool:
    """Whether ``a`` beats ``b`` on every KPI with a paired 95% interval wholly below 0 (minimised).

    Compared on the replicates both have (the first ``min(n)``: the same seeds); a KPI on which the two are
    identical in every replicate does not stand in the way, but at least one must be demonstrably lower.
    Below 3 common replicates nothing is demonstrable.
    """
    m = min(a.n, b.n)
    if m < MIN_REPLICATES:
        return False
    lower = False
    for k in kpis:
        diff = a.kpis[k][:m] - b.kpis[k][:m]
        if np.all(diff == 0):
            continue
        if not paired_interval(b.kpis[k][:m], a.kpis[k][:m]).hi < 0:
            return False
        lower = True
    return lower


@dataclass
class Counts:
    """What happened to the allocations the search proposed (every one is counted exactly once).

    Attributes:
        generated: distinct allocations differential evolution proposed.
        outside_limits: of those, over the budget or an organisation's FTE before any run (never run).
        undeliverable: within the limits but not deliverable (e.g. SJW hours beyond the SJW FTE; never run).
        evaluated: run with the screening replicates.

    """

    generated: int = 0
    outside_limits: int = 0
    undeliverable: int = 0
    evaluated: int = 0


class Search:
    """Noise-aware search: screening by differential evolution, a paired race, a confirmation on fresh seeds.

    1. **Screening.** Differential evolution proposes allocations; each one within the limits is run with
       ``problem.reps`` (>= 3) replicates, on the same replicate seeds as every other candidate and the base
       (common random numbers), and the search minimises the mean objective over those replicates.
    2. **Race** (successive halving with paired elimination). All screened candidates race: in each round
       the candidate with the lowest mean objective leads; every candidate whose paired 95% interval of
       ``objective - leader's objective`` lies wholly above 0 is dropped (demonstrably worse), then, if more
       than half remain, the worse half by mean objective is dropped (halving); the rest, and the base, get
       twice the replicates, up to ``max_reps``. The leader of the last round is the best allocation.
    3. **Confirmation.** The best and the base run ``confirm_reps`` further replicates whose seeds took no
       part in the selection; the paired interval of ``best - base`` on those alone says whether the best is
       demonstrably better than the base (a winner chosen on the same noisy runs looks better than it is).

    The objective per replicate is ``sum_k w_k * KPI_k / mean KPI_k(base)``, the base means taken over the
    screening replicates (a fixed scale, so the objective of a replicate never changes as the base gets
    more replicates).

    Args:
        problem: the problem (``problem.reps``: screening replicates).
        evaluate: runs a list of SweepRuns and returns run_key -> result row (the experiment session).
        evaluations: approximate number of allocations differential evolution proposes.
        max_reps: replicates a candidate can reach in the race.
        confirm_reps: fresh replicates of the best and the base for the verdict.

    """

    def __init__(
        self,
        problem: Problem,
        evaluate: Callable[[list[SweepRun]], dict[str, dict]],
        evaluations: int,
        max_reps: int = 12,
        confirm_reps: int = 10,
    ) -> None:
        if problem.reps < MIN_REPLICATES or confirm_reps < MIN_REPLICATES:
            raise ExperimentError(
                f"optimize: screening and confirmation need {MIN_REPLICATES} replicates or more"
            )
        self.problem, self.evaluate = problem, evaluate
        self.evaluations = evaluations
        self.max_reps = max(max_reps, problem.reps)
        self.confirm_reps = confirm_reps
        self.cache: dict[tuple, Candidate] = {}
        self.ref: Candidate | None = None
        self.norm: dict[str, float] = {}
        self.next_point = 1
        self.counts = Counts()
        self._proposed: set[tuple] = set()
        self.rounds: list[dict] = []
        self.confirmation: dict = {}

    # ------------------------------------------------------------------------------------------ runs
    def _key(self, x: np.ndarray) -> tuple:
        return tuple(np.round(np.asarray(x, float), 9))

    def _runs(self, cand: Candidate, replicates: range) -> list[SweepRun]:
        """Return the runs of ``cand`` for ``replicates`` (the screening runs' template, other seeds)."""
        template = self.problem.runs(cand.point, cand.x)[0]
        return [replace(template, replicate=r) for r in replicates]

    def _extend(self, cands: list[Candidate], upto: int) -> None:
        """Run each of ``cands`` up to ``upto`` replicates (in one batch) and append their KPI values."""
        todo = [(c, self._runs(c, range(c.n, upto))) for c in cands if c.n < upto]
        if not todo:
            return
        rows = self.evaluate([r for _, runs in todo for r in runs])
        for cand, runs in todo:
            more = self._values(cand.point, runs, rows)
            cand.kpis = {k: np.concatenate([cand.kpis[k], more[k]]) for k in cand.kpis} if cand.kpis else more

    def _values(self, point: int, runs: list[SweepRun], rows: dict[str, dict]) -> dict[str, np.ndarray]:
        got = [rows.get(r.key) for r in runs]
        if any(g is None for g in got):
            raise ExperimentError(f"optimize: candidate {point} has failed runs; continue with --resume")
        for g in got:
            if any(g.get(f"in_{k}") != v for k, v in runs[0].inputs):
                raise ExperimentError(
                    "optimize: the results folder holds a different search; choose another --out"
                )
        return {k[4:]: np.array([g[k] for g in got]) for k in got[0] if k.startswith("kpi_")}

    def objective_values(self, cand: Candidate, replicates: slice = slice(None)) -> np.ndarray:
        """Return the objective of each of ``cand``'s replicates (``sum w_k KPI_k / base mean``)."""
        return sum(
            w * cand.kpis[k][replicates] / (self.norm[k] or 1.0) for k, w in self.problem.weights.items()
        )

    def reference(self) -> Candidate:
        """Run the base scenario (design point 0) with the screening replicates: the objective's scale."""
        ref = Candidate(0, None, {}, 0.0)
        template = self.problem.runs(0, None)
        rows = self.evaluate(template)
        ref.kpis = self._values(0, template, rows)
        ref.cost = ref.mean("youthwork_cost_eur_per_year")
        self.norm = {k: ref.mean(k) for k in self.problem.weights}
        ref.objective = float(np.mean(self.objective_values(ref)))
        ref.status, ref.reason = "base", "the base scenario"
        self.ref = ref
        return ref

    # ------------------------------------------------------------------------------------- screening
    def _limits(self, fun: Callable[[np.ndarray], np.ndarray]) -> Callable[[np.ndarray], np.ndarray]:
        """Wrap the constraint function: count every distinct allocation proposed and those outside limits."""
        c = self.problem.constraint()

        def tracked(x: np.ndarray) -> np.ndarray:
            value = fun(x)
            key = self._key(x)
            if key not in self._proposed:
                self._proposed.add(key)
                self.counts.generated += 1
                if np.any(value > c.ub) or np.any(value < c.lb):
                    self.counts.outside_limits += 1
            return value

        return tracked

    def _map(self, func, xs):
        try:
            return self._evaluate_population(func, xs)
        except (ExperimentError, ValueError, TypeError) as exc:
            raise _Abort(exc) from exc

    def _evaluate_population(self, func, xs):
        xs = [np.asarray(x, float) for x in xs]
        todo: list[Candidate] = []
        for x in xs:
            key = self._key(x)
            if key in self.cache:
                continue
            try:
                self.problem.runs(self.next_point, x)
            except AllocationError as exc:
                self.cache[key] = Candidate(-1, x, {}, self.problem.cost(x), status="dropped",
                                            reason=f"not deliverable ({exc})")
                self.counts.undeliverable += 1
                continue
            cand = Candidate(self.next_point, x, {}, 0.0)
            self.cache[key] = cand
            todo.append(cand)
            self.next_point += 1
        self._extend(todo, self.problem.reps)
        for cand in todo:
            cand.cost = cand.mean("youthwork_cost_eur_per_year")
            cand.objective = float(np.mean(self.objective_values(cand)))
            self.counts.evaluated += 1
        return [func(x) for x in xs]

    def _value(self, x: np.ndarray) -> float:
        return self.cache[self._key(x)].objective

    def screen(self) -> None:
        """Differential evolution over the problem; each generation is one batch of runs."""
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
        c = p.constraint()
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
                constraints=NonlinearConstraint(self._limits(c.fun), c.lb, c.ub),
                integrality=integrality,
                **kw,
            )
        except _Abort as abort:
            raise abort.error from None

    # ------------------------------------------------------------------------------------------ race
    def race(self) -> Candidate:
        """Race the screened candidates (paired elimination, then halving); return the last leader."""
        alive = self.evaluated()
        if not alive:
            raise ExperimentError(
                "optimize: no evaluated allocation fits the budget; raise --evaluations or --budget"
            )
        n = self.problem.reps
        while True:
            obj = {c.point: self.objective_values(c, slice(0, n)) for c in alive}
            leader = min(alive, key=lambda c: (float(np.mean(obj[c.point])), c.point))
            worse = []
            for c in alive:
                if c is leader:
                    continue
                diff = paired_interval(obj[leader.point], obj[c.point])
                if diff.defined and diff.lo > 0:
                    c.status = "dropped"
                    c.reason = (f"worse than the leader (point {leader.point}) at n={n}: objective "
                                f"+{float(diff.mean):.4f} [{float(diff.lo):+.4f} .. {float(diff.hi):+.4f}]")
                    worse.append(c.point)
            alive = [c for c in alive if c.point not in worse]
            halved = []
            if n < self.max_reps and len(alive) > 2:
                keep = max(2, -(-len(alive) // 2))
                ranked = sorted(alive, key=lambda c: (float(np.mean(obj[c.point])), c.point))
                for c in ranked[keep:]:
                    c.status = "dropped"
                    c.reason = f"halving at n={n}: not in the better half by mean objective"
                    halved.append(c.point)
                alive = ranked[:keep]
            self.rounds.append({
                "reps": n, "leader": leader.point, "dropped_worse": worse, "dropped_halving": halved,
                "remaining": [c.point for c in alive],
            })
            if n >= self.max_reps or len(alive) == 1:
                break
            n = min(self.max_reps, 2 * n)
            self._extend([self.ref, *alive], n)
        for c in alive:
            c.status, c.reason = "finalist", f"not demonstrably worse than the leader at n={n}"
        best = min(alive, key=lambda c: (float(np.mean(self.objective_values(c, slice(0, n)))), c.point))
        best.status, best.reason = "best", f"lowest mean objective of the finalists at n={n}"
        return best

    # ---------------------------------------------------------------------------------- confirmation
    def confirm(self, best: Candidate) -> dict:
        """Run the best and the base on fresh replicates and compare them, paired; returns the verdict."""
        first = max(self.max_reps, best.n, self.ref.n)
        reps = range(first, first + self.confirm_reps)
        fresh = {}
        for cand in (self.ref, best):
            runs = self._runs(cand, reps)
            fresh[cand.point] = self._values(cand.point, runs, self.evaluate(runs))
        base, new = fresh[self.ref.point], fresh[best.point]

        def objective(kpis: dict[str, np.ndarray]) -> np.ndarray:
            return sum(w * kpis[k] / (self.norm[k] or 1.0) for k, w in self.problem.weights.items())

        diff = paired_interval(objective(base), objective(new))
        n = best.n  # the replicates the race used: the best was chosen on them, so this looks too good
        selection = paired_interval(self.objective_values(self.ref, slice(0, n)), self.objective_values(best))
        verdict = "better" if diff.hi < 0 else ("worse" if diff.lo > 0 else "not shown")
        self.confirmation = {
            "replicates": [reps.start, reps.stop - 1],
            "reps": self.confirm_reps,
            "objective_difference": diff.as_dict("n"),
            "selection_difference": selection.as_dict("n"),
            "kpi_differences": {k: paired_interval(base[k], new[k]).as_dict("n") for k in base},
            "verdict": verdict,
        }
        return self.confirmation

    def run(self) -> Candidate:
        """Screen, race and confirm; returns the best candidate (the verdict is in ``confirmation``)."""
        if self.ref is None:
            self.reference()
        self.screen()
        best = self.race()
        self.confirm(best)
        return best

    # ---------------------------------------------------------------------------------------- results
    def evaluated(self) -> list[Candidate]:
        """Every evaluated candidate that is within budget and deliverable (in evaluation order)."""
        return sorted(
            (c for c in self.cache.values() if c.point > 0 and c.cost <= self.problem.budget + 1e-6),
            key=lambda c: c.point,
        )

    def best(self) -> Candidate:
        """Return the candidate the race chose."""
        return next(c for c in self.evaluated() if c.status == "best")

    def versus_base(self, cand: Candidate, kpi: str, n: int | None = None) -> dict:
        """Return the paired difference ``cand - base`` of a KPI over the first ``n`` replicates (or all)."""
        n = cand.n if n is None else n
        return paired_interval(self.ref.kpis[kpi][:n], cand.kpis[kpi][:n]).as_dict("n")

    def pareto(self) -> list[Candidate]:
        """Return the candidates on the Pareto front of ``PARETO_KPIS``, sorted by the first.

        The means are over the screening replicates, which every candidate has: means over different
        replicates are not comparable (with common random numbers, replicate 4 may be a bad year for all).
        """
        cands = self.evaluated()
        n = self.problem.reps
        vals = np.array([[float(np.mean(c.kpis[k][:n])) for k in PARETO_KPIS] for c in cands])
        mask = pareto_mask(vals) if len(cands) else np.array([], bool)
        front = (c for c, m in zip(cands, mask, strict=True) if m)
        return sorted(front, key=lambda c: c.mean(PARETO_KPIS[0]))

    def not_dominated(self) -> list[Candidate]:
        """Return the candidates no other candidate demonstrably dominates (paired 95% intervals)."""
        cands = self.evaluated()
        return [b for b in cands if not any(demonstrably_dominates(a, b) for a in cands if a is not b)]
