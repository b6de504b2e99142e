"""``jwsim calibrate``: SMM point estimate and ABC-SMC posterior ensemble against calibration/targets.toml.

Resumable: run it again with the same ``--out`` folder after an interruption and it continues from its
checkpoints. ``--ship`` copies the posterior ensemble into the package (``calibration/posterior.json``);
the registry defaults are updated by hand from ``calibration.json`` (see docs/calibration.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from jwsim.experiments import cli_common

from .targets import CalibrationError, load_targets


def add_parser(sub) -> None:
    """Register ``jwsim calibrate``."""
    p = sub.add_parser("calibrate", help="calibrate the free parameters against the targets",
                       description="Simulated method of moments, then an ABC-SMC posterior ensemble.")
    p.add_argument("--targets", type=Path, default=None, help="targets TOML (default: the packaged one)")
    cli_common.add_output_option(
        p, "folder for checkpoints and results (default results/calibration); rerun to resume",
        Path("results/calibration"))
    cli_common.add_workers_option(p, default=2)
    p.add_argument("--max-generations", type=cli_common.whole_number(1, 1000), default=None,
                   help="finish the ABC after this many generations (stored ones are reused)")
    p.add_argument("--ship", action="store_true",
                   help="write the posterior ensemble to calibration/posterior.json")
    cli_common.add_json_option(p, "print the summary as JSON on stdout")
    p.add_argument("--stop-after", default=None, help=argparse.SUPPRESS)  # test hook (simulated interruption)
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    """Run or continue the calibration."""
    from jwsim.experiments.output import (  # noqa: PLC0415 - keep `jwsim -h` fast
        atomic_write_text,
        to_json,
        unwritable_reason,
    )
    from jwsim.experiments.provenance import file_sha256, source_path  # noqa: PLC0415

    from . import pipeline  # noqa: PLC0415

    try:
        ts = load_targets(args.targets)
        reason = unwritable_reason(args.out)
        if reason:  # a file, a folder below a file, a read-only place, a name too long
            raise CalibrationError(f"--out {args.out}: {reason}")
        opt = pipeline.Options(out=args.out, workers=args.workers, stop_after=args.stop_after,
                               max_generations=args.max_generations,
                               log=lambda m: sys.stderr.write(m + "\n"))
        summary = pipeline.run(ts, opt)
        cli_common.write_manifest(args.out, cli_common.manifest(
            "jwsim calibrate", targets=source_path(ts.source), targets_sha256=file_sha256(ts.source),
            files=["calibration.json"]))
    except CalibrationError as exc:
        sys.stderr.write(f"jwsim calibrate: error: {str(exc).splitlines()[0]}\n")
        return 2
    except pipeline.CalibrationInterrupted as exc:
        sys.stderr.write(f"jwsim calibrate: {exc}; rerun with the same --out to continue\n")
        return 3
    if args.ship:
        target = Path(__file__).parent / "posterior.json"
        atomic_write_text(target, to_json(pipeline.posterior_document(summary)))
        sys.stderr.write(f"posterior ensemble written to {target}\n")
    if args.json:
        slim = {k: v for k, v in summary.items() if k != "abc"}
        slim["abc"] = {k: v for k, v in summary["abc"].items() if k not in ("particles", "weights", "draws")}
        sys.stdout.write(json.dumps(slim, default=float) + "\n")
    else:
        smm = summary["smm"]
        print(f"SMM objective {smm['start_objective']:.2f} -> {smm['objective']:.2f}; point estimate:")
        for n, v in smm["theta"].items():
            print(f"  {n:34s} {v:.6g}  (start {smm['start'][n]:.6g}, se {smm['se'][n]:.3g})")
        a = summary["abc"]
        print(f"ABC-SMC: {a['generations']} generations, {a['simulations']} simulations, "
              f"final tolerance {a['epsilons'][-1]:.2f}, ESS {a['effective_sample_size']:.0f}")
        print(f"Results in {args.out}")
    return 0
