"""``jwsim validate``: the default scenario against every calibration target and the spatial checks.

Default: full scale, 10 replicates (each ~5 s; the predictive interval of a yearly statistic then rests on
50 simulated years, enough for its 2.5/97.5 percentiles). ``--posterior K`` adds parameter uncertainty
(K draws x reps runs). ``--report DIR`` also writes the calibration report (Markdown + PNG).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from jwsim.experiments import cli_common

from .targets import CalibrationError, load_targets


def add_parser(sub) -> None:
    """Register ``jwsim validate``."""
    p = sub.add_parser("validate", help="compare the default scenario with the calibration targets",
                       description="Run the default scenario and report every calibration target and check.")
    p.add_argument("--targets", type=Path, default=None, help="targets TOML (default: the packaged one)")
    cli_common.add_run_settings(p, options=("reps", "scale", "seed"))
    p.add_argument("--posterior", type=cli_common.whole_number(0, 1000), default=0, metavar="K",
                   help="use K posterior draws (parameter uncertainty) instead of the defaults")
    cli_common.add_workers_option(p, default=2)
    p.add_argument("--report", type=Path, default=None,
                   help="also write the calibration report into this folder")
    p.add_argument("--calibration", type=Path, default=None,
                   help="calibration output folder (for SMM details in the report)")
    cli_common.add_json_option(p)
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    """Validate and report."""
    from jwsim.experiments.output import unwritable_reason  # noqa: PLC0415
    from jwsim.experiments.provenance import file_sha256, source_path  # noqa: PLC0415
    from jwsim.model.scenario import load_scenario  # noqa: PLC0415

    from .validate import Z_WITHIN, run_validation  # noqa: PLC0415 - keep `jwsim -h` fast

    try:
        ts = load_targets(args.targets)
        notice = cli_common.scale_notice(args.scale)
        reason = unwritable_reason(args.report) if args.report is not None else None
        if reason:  # before the runs: a report folder that cannot be written is refused at once
            raise CalibrationError(f"--report {args.report}: {reason}")
        if args.calibration is not None and not (args.calibration / "calibration.json").exists():
            raise CalibrationError(f"--calibration {args.calibration} holds no calibration.json")
        doc, results = run_validation(ts, args.reps, args.seed, args.scale, posterior=args.posterior,
                                      workers=args.workers)
        cli_common.print_scale_warning("jwsim validate", notice["scale_warning"])
        if args.report is not None:
            from .report import write_report  # noqa: PLC0415 - matplotlib only when a report is asked for

            write_report(args.report, doc, results, ts, args.calibration)
            cli_common.write_manifest(args.report, cli_common.manifest(
                "jwsim validate", [load_scenario(doc["setup"]["scenario"])], targets=source_path(ts.source),
                targets_sha256=file_sha256(ts.source), seed=args.seed, reps=args.reps, **notice,
                posterior_draws=args.posterior, files=["report.md", "validation.json"]))
    except CalibrationError as exc:
        sys.stderr.write(f"jwsim validate: error: {str(exc).splitlines()[0]}\n")
        return 2
    if args.json:
        doc["scale_warning"] = notice["scale_warning"]
        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
        return 0
    s = doc["setup"]
    print(f"Scenario {s['scenario']}: {s['runs']} runs, scale {s['scale']:g}, "
          f"years {s['years'][0]}-{s['years'][-1]}; "
          "simulated = mean [95% predictive interval of one year]")
    print(f"  {'target':38s} {'observed [band]':>28s} {'simulated [95%]':>30s}  fit      z  within")
    for r in doc["targets"]:
        obs = f"{_f(r['observed'])} [{_f(r['lo_obs'])}-{_f(r['hi_obs'])}]"
        sim = f"{_f(r['simulated'])} [{_f(r['lo'])}-{_f(r['hi'])}]"
        print(f"  {r['name']:38s} {obs:>28s} {sim:>30s}  {'yes' if r['used_for_fit'] else 'no ':3s}  "
              f"{r['z']:+5.2f}  {'yes' if r['within'] else 'NO'}")
    print(f"  within: the observed band overlaps the simulated interval and |z| <= {Z_WITHIN:g}")
    print("Patterns (not fitted): " + "; ".join(
        f"{c['name']} {c['value']:.2f} (expected {c['expected']}) {'pass' if c['passed'] else 'FAIL'}"
        for c in doc["patterns"]))
    sp = doc["spatial"]
    print(f"Spatial: Spearman jeugdhulp~deprivation rho={sp['jeugdhulp_vs_deprivation']['rho']:.2f}, "
          f"overlast~deprivation rho={sp['overlast_per_1000_vs_deprivation']['rho']:.2f} "
          f"({sp['wijken_used']} wijken); VVE-high stadsdelen in top 3 jeugdhulp: "
          f"{'yes' if sp['vve_high_in_top3_jeugdhulp'] else 'no'}")
    print("Stadsdelen by registered overlast where it happens: "
          + ", ".join(sp["stadsdeel_rank_overlast"]) + f" (Centrum rank {sp['centrum_rank_overlast']}); "
          f"per 1,000 inhabitants: Centrum rank {sp['centrum_rank_overlast_per_1000_inhabitants']} "
          "(the city: relatively high in Centrum)")
    if args.report is not None:
        print(f"Report in {args.report}")
    return 0


def _f(v: float) -> str:
    a = abs(v)
    if a >= 100:
        return f"{v:.0f}"
    if a >= 10:
        return f"{v:.1f}"
    if a >= 1:
        return f"{v:.2f}"
    return f"{v:.4f}"
