"""``jwsim monitor design|update|report``: what the monitor will see, and learning from what it saw.

* ``design PLAN``: per indicator, the plan's expected effect against its reference, the power to detect it
  after 1, 2 and 3 years of measurement and the smallest detectable effect, by survey size, under each
  evidence regime; a table with a sentence per indicator, ``--json``, and with ``--out`` design.json,
  power.csv and power.png.
* ``update OBSERVED``: reweigh the posterior ensemble with a year's observed indicators; report which
  parameters moved and how the plan's expected outcomes changed; ``--out FILE`` writes the updated ensemble.
* ``report OBSERVED``: the same update, written as the annual accountability report (Dutch, Markdown and
  Word) with the predicted-vs-observed figure.

All input (observation file, scenarios, options, output path) is checked before the first run; nothing is
written before every run has finished, and only where ``--out`` says.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jwsim import __version__
from jwsim.calibration.posterior import ensemble, resolve_posterior
from jwsim.cli import CLIError
from jwsim.experiments import cli_common
from jwsim.experiments.output import (
    atomic_write_bytes,
    atomic_write_text,
    check_output_dir,
    to_json,
    unwritable_reason,
    write_csv,
)
from jwsim.experiments.storage import now_utc
from jwsim.model.scenario import load_scenario

from . import figures, report
from .design import DEFAULT_SURVEY_N, SURVEY_SIZES, design_rows, run_design
from .indicators import available
from .observed import ObservationError, load_observations
from .texts import detect_sentence, num, signed
from .update import analyse, run_ensemble, updated_ensemble, years_needed

DEFAULT_REFERENCE = "huidig-2025"


def add_parser(sub) -> None:
    """Register ``jwsim monitor`` and its subcommands."""
    p = sub.add_parser(
        "monitor",
        help="monitoring: power of indicators, learning from observations, report",
        description="What the city can observe of a plan's effects, and learning from it.",
    )
    msub = p.add_subparsers(dest="monitor_command", required=True, parser_class=type(p))

    d = msub.add_parser(
        "design",
        help="which indicators can show the plan's effect within 1-3 years",
        description="Power and detectable effect per indicator, year, survey size and regime.",
    )
    d.add_argument("plan", help="the plan: a scenario TOML file or a named scenario")
    d.add_argument("--reference", default=None, help=f"the reference scenario (default {DEFAULT_REFERENCE})")
    d.add_argument(
        "--survey-n",
        nargs="+",
        type=cli_common.whole_number(10, 1_000_000),
        default=None,
        metavar="N",
        help=f"survey sizes (youths per year) to compute (default {' '.join(map(str, SURVEY_SIZES))})",
    )
    cli_common.add_run_settings(
        d, reps=10, years=3, reps_range=(2, 10_000), reps_help="replicates per scenario and regime"
    )
    cli_common.add_execution_options(d)
    cli_common.add_lang_option(d)
    cli_common.add_json_option(d)
    cli_common.add_output_option(d, "folder for design.json, power.csv and power.png")
    d.set_defaults(func=design_main, command="monitor design")  # errors: "jwsim monitor design: ..."

    for name, helptext in (
        ("update", "update the posterior ensemble with observed indicators"),
        ("report", "annual accountability report: predicted vs observed (Markdown, Word)"),
    ):
        u = msub.add_parser(name, help=helptext, description=helptext)
        u.add_argument("observed", type=Path, help="observation file (.toml or .csv; docs/monitoring.md)")
        u.add_argument("--scenario", default=None, help="the plan carried out (default: as the file says)")
        u.add_argument("--reference", default=None, help=f"the reference (default {DEFAULT_REFERENCE})")
        u.add_argument("--posterior", default=None, help="ensemble file (default: the shipped posterior)")
        u.add_argument(
            "--draws",
            type=cli_common.whole_number(2, 100_000),
            default=None,
            help="ensemble draws to use (default: all)",
        )
        cli_common.add_run_settings(u, years=5, options=("seed", "years", "scale"))
        cli_common.add_execution_options(u)
        cli_common.add_json_option(u)
        if name == "update":
            u.add_argument(
                "--out",
                type=Path,
                default=None,
                help="write the updated ensemble to this file (nothing is written without it)",
            )
            u.set_defaults(func=update_main, command="monitor update")
        else:
            cli_common.add_output_option(u, "report folder (default results/verantwoording-<year>)")
            u.set_defaults(func=report_main, command="monitor report")


def reference_name(given: str | None, plan: str) -> str:
    """Return the reference scenario: the one given (an empty name is refused later), else the default."""
    if given is not None:
        return given
    return DEFAULT_REFERENCE if plan != DEFAULT_REFERENCE else "opdracht-2026"


# --------------------------------------------------------------------------------------------- design
def design_doc(rows: list[dict], plan: str, reference: str, args: argparse.Namespace) -> dict:
    """Return the design as one JSON document: per indicator and regime, power and detectable effect."""
    indicators = {}
    for ind in available():
        mine = [r for r in rows if r["indicator"] == ind.name]
        by_regime: dict[str, list[dict]] = {}
        for r in mine:
            by_regime.setdefault(r["regime"], []).append(
                {k: r[k] for k in ("survey_n", "years", "effect", "se", "power", "detectable")}
            )
        indicators[ind.name] = {
            "label_nl": ind.label_nl,
            "label_en": ind.label_en,
            "unit": ind.unit,
            "kind": ind.kind,
            "result": ind.result,
            "source_nl": ind.source_nl,
            "sentence_nl": detect_sentence(rows, ind.name, lang="nl"),
            "sentence_en": detect_sentence(rows, ind.name, lang="en"),
            "regimes": by_regime,
        }
    return {
        "plan": plan,
        "reference": reference,
        "reps": args.reps,
        "years": args.years,
        "scale": float(args.scale),
        "seed": args.seed,
        "survey_sizes": sorted({r["survey_n"] for r in rows if r["survey_n"]}),
        "indicators": indicators,
        "version": __version__,
        "made": now_utc(),
    }


def design_table(rows: list[dict], lang: str) -> str:
    """Text table (central regime, surveys at 400 youths): effect, power per year, detectable effect."""
    nl = lang == "nl"
    head = (
        f"{'indicator':<46} {'effect':>12} {'power 1j':>9} {'2j':>6} {'3j':>6} {'aantoonbaar':>12}"
        if nl
        else f"{'indicator':<46} {'effect':>12} {'power 1y':>9} {'2y':>6} {'3y':>6} {'detectable':>12}"
    )
    lines = [head]
    for ind in available():
        n = DEFAULT_SURVEY_N if ind.kind == "survey" else None
        sel = sorted(
            (
                r
                for r in rows
                if r["indicator"] == ind.name and r["regime"] == "central" and r["survey_n"] == n
            ),
            key=lambda r: r["years"],
        )
        if not sel:
            continue
        d = 4 if ind.kind == "survey" else 0
        powers = [f"{num(100 * r['power'], 0, lang)}%" for r in sel] + [""] * (3 - len(sel))
        name = ind.short(lang) + (f" (n={n})" if n else "")
        lines.append(
            f"{name[:46]:<46} {signed(sel[-1]['effect'], d, lang):>12} {powers[0]:>9} {powers[1]:>6} "
            f"{powers[2]:>6} {num(sel[-1]['detectable'], d, lang):>12}"
        )
    lines.append("")
    lines += [detect_sentence(rows, ind.name, lang=lang) for ind in available()]
    return "\n".join(lines)


def design_main(args: argparse.Namespace) -> int:
    """Run plan and reference under every regime; print and write the power table."""
    plan = load_scenario(args.plan)
    reference = load_scenario(reference_name(args.reference, plan.name))
    if args.out is not None:
        check_output_dir(args.out)
    sizes = tuple(sorted(set(args.survey_n))) if args.survey_n else SURVEY_SIZES
    backend = cli_common.backend_options(args)  # a malformed scheduler address: refused before the warning
    notice = cli_common.scale_notice(args.scale, args.lang)
    cli_common.print_scale_warning("jwsim monitor design", notice["scale_warning"])
    sets = run_design(plan, reference, args.reps, args.scale, args.years, args.seed, **backend)
    rows = design_rows(sets, args.scale, sizes)
    doc = design_doc(rows, plan.name, reference.name, args) | notice
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        atomic_write_text(args.out / "design.json", to_json(doc))
        write_csv(args.out / "power.csv", rows)
        atomic_write_bytes(args.out / "power.png", figures.power_png(rows, args.lang))
    if args.json:
        sys.stdout.write(to_json(doc) + "\n")
    else:
        print(design_table(rows, args.lang))
        if args.out is not None:
            print(f"\n{args.out / 'design.json'}, power.csv, power.png")
    return 0


# ---------------------------------------------------------------------------------------- update, report
def _prepare(args: argparse.Namespace):
    obs = load_observations(args.observed)
    name = args.scenario or obs.scenario
    if not name:
        raise ObservationError(
            f'{args.observed}: say which plan was carried out (scenario = "..." in the file, or --scenario)'
        )
    plan = load_scenario(name)
    reference = load_scenario(reference_name(args.reference, plan.name))
    ensemble(resolve_posterior(args.posterior))  # a missing or broken ensemble file: refused before any run
    cli_common.backend_options(args)  # a malformed scheduler address too
    return obs, plan, reference, years_needed(obs, args.years)


def _run(args: argparse.Namespace, obs, plan, reference, years: int) -> tuple:
    cli_common.print_scale_warning(
        f"jwsim monitor {args.monitor_command}", cli_common.scale_warning(args.scale)
    )
    ens = run_ensemble(
        plan,
        reference,
        args.draws,
        args.seed,
        args.scale,
        years,
        args.posterior,
        **cli_common.backend_options(args),
    )
    return ens, analyse(ens, obs, args.seed)


def update_summary(doc: dict) -> str:
    """Text summary of an update (English, for researchers; the report is the Dutch version)."""
    lines = [
        f"effective sample size: {doc['effective_sample_size']:.1f} of {doc['draws']} draws",
        "",
        f"{'parameter':<34} {'prior mean':>11} {'updated':>11} {'shift (SD)':>10} {'SD ratio':>9}  moved",
    ]
    for p in doc["parameters"]:
        tag = ("yes" if p["moved"] else "") + (" (effect)" if p["effect"] else "")
        lines.append(
            f"{p['parameter']:<34} {p['prior_mean']:>11.4g} {p['mean']:>11.4g} {p['shift_sd']:>+10.2f} "
            f"{p['sd_ratio']:>9.2f}  {tag}"
        )
    lines += ["", f"{'observation':<28} {'year':>5} {'observed':>10} {'predicted 90%':>22}  inside"]
    for o in doc["observations"]:
        p = o["predicted"]
        lines.append(
            f"{o['indicator']:<28} {o['year']:>5} {o['observed']:>10.4g} "
            f"{p['lo']:>10.4g} - {p['hi']:<9.4g}  {'yes' if o['inside'] else 'no'}"
        )
    lines += ["", f"{'plan outcome':<36} {'before':>10} {'after':>10} {'P(lower than ref)':>20}"]
    for r in doc["outcomes"]:
        pl = f"{r['prior_p_lower']:.2f} -> {r['p_lower']:.2f}" if "p_lower" in r else ""
        lines.append(f"{r['kpi']:<36} {r['prior_mean']:>10.4g} {r['mean']:>10.4g} {pl:>20}")
    return "\n".join(lines)


def update_main(args: argparse.Namespace) -> int:
    """Reweigh the ensemble; print what moved; write the updated ensemble only with --out."""
    obs, plan, reference, years = _prepare(args)
    if args.out is not None:
        reason = "is a folder" if args.out.is_dir() else unwritable_reason(args.out.parent)
        if reason:
            raise CLIError(f"--out {args.out}: {reason}")
    ens, doc = _run(args, obs, plan, reference, years)
    if args.out is not None:
        prior = str(args.posterior or "posterior")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(args.out, to_json(updated_ensemble(ens, doc, obs, args.seed, prior)))
    if args.json:
        sys.stdout.write(
            to_json(
                {k: v for k, v in doc.items() if k != "weights"}
                | {"written": str(args.out) if args.out else None}
            )
            + "\n"
        )
    else:
        print(update_summary(doc))
        print("" if args.out else "\n(no file written: give --out FILE to keep the updated ensemble)")
        if args.out:
            print(f"\nupdated ensemble: {args.out}")
    return 0


def report_main(args: argparse.Namespace) -> int:
    """Update, then write the Dutch accountability report (Markdown, Word, figure, JSON)."""
    obs, plan, reference, years = _prepare(args)
    out = args.out or Path("results") / f"verantwoording-{obs.last_year}"
    check_output_dir(out)
    ens, doc = _run(args, obs, plan, reference, years)
    meta = {
        "plan": plan.name,
        "reference": reference.name,
        "made": now_utc(),
        "version": __version__,
        "posterior": str(args.posterior or "posterior"),
        "scale": args.scale,
        "observations": Path(args.observed).name,
    }
    figure = "voorspeld-gemeten.png"
    items = report.blocks(doc, meta, figure)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out / figure, figures.predicted_observed_png(doc["observations"], "nl"))
    atomic_write_text(out / "verantwoording.md", report.to_markdown(items))
    atomic_write_bytes(out / "verantwoording.docx", report.to_docx(items, out))
    atomic_write_text(out / "monitor.json", to_json(doc | {"meta": meta}))
    files = [str(out / f) for f in ("verantwoording.md", "verantwoording.docx", figure, "monitor.json")]
    if args.json:
        sys.stdout.write(
            to_json({"files": files, "effective_sample_size": doc["effective_sample_size"]}) + "\n"
        )
    else:
        print(f"Verantwoording: {files[0]} en {files[1]}")
    return 0
