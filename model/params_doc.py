"""Render the parameter registry as Markdown: ``python -m jwsim.model.params_doc > docs/parameters.md``.

A test checks that docs/parameters.md equals this output, so the documented sources move with the code.
"""

from __future__ import annotations

from .params import REGISTRY, REGISTRY_VERSION


def render() -> str:
    """Render the registry as a Markdown document grouped by process."""
    lines = [
        "# Parameters",
        "",
        f"Generated from `model/params.py` (registry version {REGISTRY_VERSION}) by "
        "`python -m jwsim.model.params_doc`; do not edit by hand.",
        "Sources are IDs in the project's evidence base ([evidence.md](evidence.md): P = policy note, "
        "A-I = sections) or the word *assumption*. Ranges bound scenario overrides, sensitivity analysis and "
        "calibration priors; *calibrated* marks the free parameters of the calibration.",
        "",
    ]
    by_process: dict[str, list] = {}
    for p in REGISTRY.values():
        by_process.setdefault(p.process, []).append(p)
    for process in sorted(by_process):
        lines += [f"## {process}", "", "| name | value | unit | range | source | what it does |",
                  "|---|---|---|---|---|---|"]
        for p in by_process[process]:
            src = p.source.replace("|", "/")
            if p.is_assumption:
                src = "*" + src + "*"
            cal = " (calibrated)" if p.calibrate else ""
            lines.append(f"| `{p.name}` | {p.value:g} | {p.unit} | {p.low:g} – {p.high:g} | {src}{cal} | "
                         f"{p.description} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render())
