"""Render the parameter registry as Markdown: ``python -m jwsim.model.params_doc > docs/parameters.md``.

A test checks that docs/parameters.md equals this output, so the documented sources move with the code.
"""

from __future__ import annotations

from .params import REGISTRY, REGISTRY_VERSION
from .sources import readable_source


def render() -> str:
    """Render the registry as a Markdown document grouped by process."""
    lines = [
        "# Parameters",
        "",
        f"Generated from `model/params.py` (registry version {REGISTRY_VERSION}) by "
        "`python -m jwsim.model.params_doc`; do not edit by hand.",
        "Sources are IDs in the evidence table, [evidence.md](evidence.md) (P = policy note, A-I = sections, "
        "J = its suggested priors), or the word *assumption*; after the dash each ID is given as a short "
        "citation (`model/sources.py`, the same text the app shows). Ranges bound scenario overrides, "
        "sensitivity analysis and calibration priors; *calibrated* marks the free parameters of the "
        "calibration.",
        "",
        "**Evidence regimes.** Every *effect parameter* (an effect of youth work, care or signals) has an "
        "evidence grade — A: Dutch trial or meta-analysis; B: international meta-analysis; C: transferred "
        "from another setting or observational; D: assumption — and three values: pessimistic (for grades C "
        "and D the no-effect value), central (the default) and optimistic. `--evidence` chooses the regime; "
        "comparisons are shown under all three.",
        "",
    ]
    by_process: dict[str, list] = {}
    for p in REGISTRY.values():
        by_process.setdefault(p.process, []).append(p)
    for process in sorted(by_process):
        lines += [f"## {process}", "", "| name | value | unit | range | grade: pess. / opt. | source | "
                  "what it does |", "|---|---|---|---|---|---|---|"]
        for p in by_process[process]:
            src = readable_source(p.source, "en").replace("|", "/")
            if p.is_assumption:
                src = "*" + src + "*"
            cal = " (calibrated)" if p.calibrate else ""
            grade = f"{p.grade}: {p.pessimistic:g} / {p.optimistic:g}" if p.is_effect else ""
            lines.append(f"| `{p.name}` | {p.value:g} | {p.unit} | {p.low:g} – {p.high:g} | {grade} | "
                         f"{src}{cal} | {p.description} |")
        lines.append("")
    from jwsim.experiments.relevance import MINIMAL_RELEVANT  # noqa: PLC0415 - reporting, not the model

    lines += ["## Minimal relevant differences", "",
              "How large a difference must be to count as better or worse in the app, as a share of the "
              "reference level (`experiments/relevance.py`). A certain but smaller difference is shown as "
              "*too small to matter*.", "", "| outcome | share of the reference level | why |",
              "|---|---|---|"]
    lines += [f"| `{k}` | {r.share:.0%} | *{r.reason}* |" for k, r in MINIMAL_RELEVANT.items()]
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render())
