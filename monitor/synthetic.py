"""Synthetic observations: one simulated world, measured through the observation model.

Used by the recovery test (does the update find the parameters the world was made with?) and to make the
shipped example ``monitor/voorbeeld-metingen-2026.toml``: ``python -m jwsim.monitor.synthetic`` writes it
from one posterior draw of the plan ``opdracht-2026``, seed 2026, at the full city. The example is not a
real measurement; it shows the format and lets the worked example in docs/monitoring.md be reproduced.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from jwsim.model.population import WEEKS_PER_YEAR
from jwsim.model.results import RunResult

from .design import DEFAULT_SURVEY_N
from .indicators import Indicator, available, monitor_values
from .observed import Observation, Observations

EXAMPLE = Path(__file__).with_name("voorbeeld-metingen-2026.toml")


def observe_run(run: RunResult, years: Sequence[int], rng: np.random.Generator,
                indicators: Sequence[Indicator] | None = None, survey_n: int = DEFAULT_SURVEY_N,
                params: Mapping[str, float] | None = None, source: str = "synthetic",
                scenario: str | None = None) -> Observations:
    """Measure the world of ``run`` in ``years`` with the observation model's noise."""
    values = monitor_values(params)
    items = []
    for year in years:
        t = year - run.start_year
        for ind in indicators or available():
            world = ind.model_values(run.kpis, run.weekly, WEEKS_PER_YEAR)[t]
            n = survey_n if ind.kind == "survey" else None
            items.append(Observation(year, ind, float(ind.observe(world, values, rng, n)), n))
    return Observations(source, scenario, tuple(items))


def to_toml(obs: Observations, header: str) -> str:
    """Return the observations as an observation file (TOML)."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    lines += ["", f'scenario = "{obs.scenario}"', ""]
    for year in obs.years:
        lines += ["[[year]]", f"year = {year}", "", "[year.indicators]"]
        for o in (o for o in obs.items if o.year == year):
            value = f"{o.value:.4f}" if o.indicator.kind == "survey" else f"{o.value:.0f}"
            n = f", n = {o.n}" if o.n else ""
            lines.append(f'{o.indicator.name} = {{ value = {value}, unit = "{o.indicator.unit_nl}"{n} }}')
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Write the shipped example observation file."""
    from jwsim.calibration.posterior import load_posterior, with_draw  # noqa: PLC0415
    from jwsim.experiments.runner import replicate_tasks, run_task  # noqa: PLC0415
    from jwsim.model.scenario import load_scenario  # noqa: PLC0415

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=EXAMPLE)
    p.add_argument("--scale", type=float, default=1.0)
    args = p.parse_args(argv)
    plan = load_scenario("opdracht-2026")
    draw = load_posterior(1, 2026)[0]
    task = replicate_tasks(plan, 2026, 1, args.scale, 1, params=with_draw(plan.params, draw))[0]
    obs = observe_run(run_task(task), [2026], np.random.default_rng(2026), scenario=plan.name)
    header = ("Voorbeeld van een bestand met metingen (jwsim monitor update / report).\n"
              "SYNTHETISCH: gemaakt met `python -m jwsim.monitor.synthetic` uit één gesimuleerde wereld\n"
              "(opdracht-2026, één trekking uit de posterior, seed 2026, hele stad) en het meetmodel;\n"
              "geen echte metingen. Eenheden: zie docs/monitoring.md.")
    args.out.write_text(to_toml(obs, header) + "\n", encoding="utf-8")
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
