"""``jwsim scenarios``: the named scenarios with a one-line description."""

from __future__ import annotations

import argparse
import json

from jwsim.model.scenario import load_scenario, named_scenarios


def add_parser(sub) -> None:
    """Register ``jwsim scenarios``."""
    p = sub.add_parser("scenarios", help="list the named scenarios")
    p.add_argument("--lang", choices=("nl", "en"), default="nl")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    """Print name and description of each shipped scenario."""
    rows = []
    for name in named_scenarios():
        sc = load_scenario(name)
        rows.append({"name": name, "description": sc.description if args.lang == "nl" else sc.description_en,
                     "fte": round(sc.allocation.total_fte, 2)})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        print(f"{r['name']:<{width}}  {r['description']}")
    return 0
