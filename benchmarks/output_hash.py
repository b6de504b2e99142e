"""One SHA-256 over everything a fixed-seed run produces: proof that a refactoring changed no number.

``python -m benchmarks.output_hash`` runs four scenarios (opdracht-2026, huidig-2025, geen-jongerenwerk,
bezuiniging-2027) at a fixed seed — by default the full city (scale 1), 52 burn-in weeks and 5 years, with
Mesa's DataCollector on — and prints one hash over, per scenario in that order:

* every table of the :class:`RunResult` (``weekly``, ``kpis``, ``per_wijk``, ``per_group``,
  ``per_school``), name by name;
* the final per-youth arrays of the model: every array of ``model.y`` plus the model's per-youth ``age``,
  ``risk_score``, ``protect_score`` and ``delinquency`` (by name, wherever they live);
* the DataCollector's model-vars dataframe, column by column.

Each array enters with its name, dtype and shape, and its values in C order, so a change of layout (e.g.
Fortran order) does not change the hash but any change of a value, dtype or shape does. Names are sorted, so
the hash does not depend on the order in which tables or columns are built. ``--parts`` prints one hash per
scenario and part, to find what moved.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys

# One BLAS thread, as in the benchmark: the results must not depend on threading anyway.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

from jwsim.model.allocation import Schedule  # noqa: E402
from jwsim.model.model import JwsimModel  # noqa: E402
from jwsim.model.scenario import BURN_IN_SCENARIO, load_scenario  # noqa: E402

SCENARIOS = ("opdracht-2026", "huidig-2025", "geen-jongerenwerk", "bezuiniging-2027")
MODEL_ARRAYS = ("age", "risk_score", "protect_score", "delinquency")


def _add(h: hashlib._Hash, name: str, values) -> None:
    a = np.asarray(values)
    h.update(f"{name}|{a.dtype.str}|{a.shape}|".encode())
    h.update(np.ascontiguousarray(a).tobytes())


def per_youth_arrays(model: JwsimModel) -> dict[str, np.ndarray]:
    """Every per-youth array of the model, by name (``model.y`` and the model's own per-youth arrays)."""
    n = model.y.n
    out = {name: a for name, a in vars(model.y).items() if isinstance(a, np.ndarray) and a.shape[:1] == (n,)}
    for name in MODEL_ARRAYS:
        if name not in out:
            out[name] = getattr(model, name)
    return out


def run_parts(scenario: str, seed: int, scale: float, years: int, burn_in_weeks: int) -> dict[str, str]:
    """Run one scenario; return the hex digest of each part (result tables, final arrays, DataCollector)."""
    sc = load_scenario(scenario)
    schedule = Schedule(sc.schedule.steps, burn_in=load_scenario(BURN_IN_SCENARIO).allocation, label=sc.name)
    model = JwsimModel(schedule, params=sc.params, seed=seed, scale=scale, years=years,
                       burn_in_weeks=burn_in_weeks, collect=True)
    result = model.run()
    parts = {}
    for table in ("weekly", "kpis", "per_wijk", "per_group", "per_school"):
        h = hashlib.sha256()
        for name, values in sorted(getattr(result, table).items()):
            _add(h, name, values)
        parts[table] = h.hexdigest()
    h = hashlib.sha256()
    for name, values in sorted(per_youth_arrays(model).items()):
        _add(h, name, values)
    parts["youths"] = h.hexdigest()
    h = hashlib.sha256()
    frame = model.datacollector.get_model_vars_dataframe()
    for name in sorted(frame.columns):
        _add(h, name, frame[name].to_numpy(dtype=np.float64))
    parts["datacollector"] = h.hexdigest()
    return parts


def output_hash(seed: int = 7, scale: float = 1.0, years: int = 5, burn_in_weeks: int = 52,
                log=lambda scenario, parts: None) -> str:
    """Return the SHA-256 over all four scenarios' parts (in the order of ``SCENARIOS``)."""
    h = hashlib.sha256()
    for scenario in SCENARIOS:
        parts = run_parts(scenario, seed, scale, years, burn_in_weeks)
        log(scenario, parts)
        for part, digest in parts.items():
            h.update(f"{scenario}|{part}|{digest}|".encode())
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.output_hash", description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7, help="seed of every run (default 7)")
    ap.add_argument("--scale", type=float, default=1.0, help="youths per agent (default 1: the full city)")
    ap.add_argument("--years", type=int, default=5, help="simulated years (default 5)")
    ap.add_argument("--parts", action="store_true", help="also print one hash per scenario and part")
    args = ap.parse_args(argv)

    def log(scenario: str, parts: dict[str, str]) -> None:
        if args.parts:
            for part, digest in parts.items():
                print(f"{scenario:18s} {part:14s} {digest[:16]}")

    digest = output_hash(args.seed, args.scale, args.years, log=log)
    print(f"output hash (seed {args.seed}, scale {args.scale:g}, {args.years} years, "
          f"{len(SCENARIOS)} scenarios): {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
