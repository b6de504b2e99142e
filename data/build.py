"""Rebuild jwsim's curated input tables from a folder of public source tables.

Usage::

    python -m jwsim.data.build --shared DIR [--out DIR]

Reads only from ``--shared`` (the public source tables, not shipped with jwsim; its ``PROVENANCE.md`` names
the publishers); writes into this package folder (or ``--out``). The outputs are committed, so the model never
needs the source tables at run time. Running it twice gives byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from jwsim.data import build_geo, build_places, build_population, build_provenance, build_schools

OUTPUT_FILES = (
    "wijken.csv",
    "youths_by_wijk_age_sex.csv",
    "schools.csv",
    "wijk_adjacency.csv",
    "wijken.geojson",
    "stadsdelen.geojson",
    "city_indicators.csv",
    "places.csv",
    "events.csv",
    "PROVENANCE.md",
)
#: Indicator rows kept in city_indicators.csv, with the group jwsim uses them for (checks and targets).
CITY_INDICATOR_GROUPS = {
    "jongeren_met_jeugdhulp_maatwerkvoorziening": "jeugdhulp",
    "pct_inwoners_tot_18_met_jeugdhulp_maatwerk": "jeugdhulp",
    "clienten_jeugdhulp_met_verblijf": "jeugdhulp",
    "clienten_jeugd_ggz": "jeugdhulp",
    "clienten_ambulante_jeugdhulp": "jeugdhulp",
    "pct_jongeren_0_17_met_jeugdhulp_cbs": "jeugdhulp",
    "clienten_jeugdhulp_zonder_verblijf_reeks": "jeugdhulp",
    "clienten_jeugdhulp_met_verblijf_reeks": "jeugdhulp",
    "pct_jongeren_0_17_met_jeugdhulp_cbs_oude_reeks": "jeugdhulp",
    "jongeren_met_jeugdzorg_totaal": "jeugdhulp",
    "jongeren_met_jeugdzorg_in_natura": "jeugdhulp",
    "jongeren_met_jeugdhulp_totaal": "jeugdhulp",
    "halt_verwijzingen_12_17": "halt",
    "jeugdoverlast_meldingen_politie": "jeugdoverlast",
    "inwoners_brp": "inwoners",
    "inwoners_0_19": "inwoners",
    "inwoners_65plus": "inwoners",
    "inwoners_20_64": "inwoners",
}


def read_sources(shared: pathlib.Path) -> dict[str, Any]:
    """Read every source file the build uses (and nothing else) from the shared folder."""
    pop = shared / "population"
    return {
        "buurten_kwb2015": pd.read_csv(pop / "nijmegen_buurten_kwb2015.csv", dtype={"buurt_code": str}),
        "wijken_kwb2015": pd.read_csv(pop / "nijmegen_wijken_kwb2015.csv").set_index("code"),
        "wijken_kwb2024": pd.read_csv(pop / "nijmegen_wijken_kwb2024.csv").set_index("code"),
        "wijken": pd.read_csv(shared / "nijmegen_wijken.csv").set_index("wijk_code"),
        "buurten": pd.read_csv(shared / "nijmegen_buurten.csv"),
        "schools": pd.read_csv(shared / "nijmegen_scholen_vo_vso_2024.csv", dtype={"vestigingscode": str}),
        "indicators": pd.read_csv(
            shared / "nijmegen_stad_jeugd_indicatoren.csv", dtype=str, keep_default_na=False
        ),
        "subset6": pd.read_csv(shared / "nijmegen_buurten_kwb2024_subset6.csv"),
        "geo_buurten": json.loads((shared / "nijmegen_buurten_2024.geojson").read_text(encoding="utf-8")),
        "geo_wijken": json.loads((shared / "nijmegen_wijken_2024.geojson").read_text(encoding="utf-8")),
    }


def inwoners_0_19(indicators: pd.DataFrame) -> int:
    """Return the jaarverslag-2024 0–19 count (the row whose period says 'waarschijnlijk 1-1-2024')."""
    is_2024 = indicators["periode"].str.contains("2024")
    rows = indicators[(indicators["indicator"] == "inwoners_0_19") & is_2024]
    if len(rows) != 1:
        raise ValueError("expected exactly one 2024 inwoners_0_19 row in the indicator file")
    value = int(rows["waarde"].iloc[0])
    if value != build_population.INWONERS_0_19_EXPECTED:
        raise ValueError(f"inwoners_0_19 is {value}, build expects {build_population.INWONERS_0_19_EXPECTED}")
    return value


def city_indicators(indicators: pd.DataFrame) -> pd.DataFrame:
    """Rows jwsim uses, source columns unchanged, with a leading ``groep`` column."""
    missing = sorted(set(CITY_INDICATOR_GROUPS) - set(indicators["indicator"]))
    if missing:
        raise ValueError(f"indicator rows not found: {missing}")
    kept = indicators[indicators["indicator"].isin(CITY_INDICATOR_GROUPS)].copy()
    kept.insert(0, "groep", kept["indicator"].map(CITY_INDICATOR_GROUPS))
    return kept.reset_index(drop=True)


def adjacency(geo: dict[str, Any], codes: list[str]) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Adjacency table (a < b) and the diagnostics quoted in PROVENANCE."""
    by_code = {f["properties"]["buurt_code"]: f["geometry"] for f in geo["features"]}
    if sorted(by_code) != codes:
        raise ValueError("buurt polygons do not match the 44 buurt codes")
    dist, contacts = build_geo.pair_contacts([by_code[c] for c in codes], build_geo.TOUCH_TOLERANCE_M)
    adj = dist <= build_geo.TOUCH_TOLERANCE_M
    ia, ib = np.nonzero(np.triu(adj, 1))
    pairs = [(codes[i], codes[j]) for i, j in zip(ia.tolist(), ib.tolist(), strict=True)]
    table = pd.DataFrame(pairs, columns=["wijk_a", "wijk_b"])
    graph = nx.Graph()
    graph.add_nodes_from(range(len(codes)))
    graph.add_edges_from(zip(ia.tolist(), ib.tolist(), strict=True))
    degree = adj.sum(axis=1)
    point = np.triu(adj & (contacts == 1), 1)
    info = {
        "pairs": pairs,
        "n_edges": len(pairs),
        "n_components": nx.number_connected_components(graph),
        "degree_min": int(degree.min()),
        "degree_median": float(np.median(degree)),
        "degree_mean": float(degree.mean()),
        "degree_max": int(degree.max()),
        "min_degree_codes": [codes[i] for i in np.flatnonzero(degree == degree.min())],
        "max_degree_codes": [codes[i] for i in np.flatnonzero(degree == degree.max())],
        "n_edges_by_tolerance": {t: int(np.triu(dist <= t, 1).sum()) for t in (1, 10, 40, 100, 200)},
        "n_edges_gap_only": int(np.triu(adj & (dist > 1.0), 1).sum()),
        "n_point_touch": int(point.sum()),
        "point_touch_pairs": [(codes[i], codes[j]) for i, j in zip(*np.nonzero(point), strict=True)],
        "degree": {codes[i]: int(degree[i]) for i in range(len(codes))},
    }
    return table, info


def geojson_texts(sources: dict[str, Any], wijken: pd.DataFrame) -> tuple[str, str]:
    """Slim GeoJSON for the 44 wijken and the 9 stadsdelen, in code order."""
    names = wijken.set_index("wijk_code")
    buurt = sorted(sources["geo_buurten"]["features"], key=lambda f: f["properties"]["buurt_code"])
    wijk_features = [
        (
            {"wijk_code": c, "wijk_naam": names.loc[c, "wijk_naam"],
             "stadsdeel_naam": names.loc[c, "stadsdeel_naam"]},
            f["geometry"],
        )
        for f in buurt
        for c in [f["properties"]["buurt_code"]]
    ]
    sd = sorted(sources["geo_wijken"]["features"], key=lambda f: f["properties"]["wijk_code"])
    sd_features = [
        ({"stadsdeel_code": f["properties"]["wijk_code"], "stadsdeel_naam": f["properties"]["stadsdeel"]},
         f["geometry"])
        for f in sd
    ]
    return (
        build_geo.feature_collection_text("jwsim_wijken", wijk_features),
        build_geo.feature_collection_text("jwsim_stadsdelen", sd_features),
    )


def _csv(frame: pd.DataFrame) -> str:
    """CSV text with fixed line ending so the files are byte-identical on every platform."""
    return frame.to_csv(index=False, lineterminator="\n")


def build(shared: pathlib.Path, out: pathlib.Path) -> dict[str, Any]:
    """Run the whole build and write every output file.

    Args:
        shared: The folder with the public source tables.
        out: Folder to write into.

    Returns:
        The check numbers (also printed by ``main``).

    """
    src = read_sources(shared)
    n019 = inwoners_0_19(src["indicators"])
    pop = build_population.build_population(
        src["buurten_kwb2015"], src["wijken_kwb2015"], src["wijken_kwb2024"], src["wijken"], src["buurten"],
        n019,
    )
    codes = list(pop.wijken["wijk_code"])
    schools, school_info = build_schools.build_schools(src["schools"], set(codes))
    adj, adj_info = adjacency(src["geo_buurten"], codes)
    wijk_geo, sd_geo = geojson_texts(src, pop.wijken)
    indicators = city_indicators(src["indicators"])
    places = build_places.build_places(pop.wijken, src["subset6"], schools)
    events = build_places.build_events(build_places.read_events_source(), set(codes))
    checks = {
        "population": pop.checks,
        "stadsdelen": pop.stadsdelen,
        "schools": school_info,
        "adjacency": adj_info,
        "wijken": pop.wijken,
        "subset6": src["subset6"],
        "youths": pop.youths,
        "indicators": src["indicators"],
        "indicator_groups": CITY_INDICATOR_GROUPS,
        "kwb2024": src["wijken_kwb2024"],
        "wijken_info": src["wijken"],
        "places": places,
        "events": events,
    }
    texts = {
        "wijken.csv": _csv(pop.wijken),
        "youths_by_wijk_age_sex.csv": _csv(pop.youths),
        "schools.csv": _csv(schools),
        "wijk_adjacency.csv": _csv(adj),
        "wijken.geojson": wijk_geo,
        "stadsdelen.geojson": sd_geo,
        "city_indicators.csv": _csv(indicators),
        "places.csv": _csv(places),
        "events.csv": _csv(events),
        "PROVENANCE.md": build_provenance.render(checks),
    }
    out.mkdir(parents=True, exist_ok=True)
    for name in OUTPUT_FILES:
        (out / name).write_text(texts[name], encoding="utf-8", newline="\n")
    return checks


def summary(checks: dict[str, Any]) -> str:
    """Short console report of the city totals, stadsdelen and adjacency."""
    p, a = checks["population"], checks["adjacency"]
    lines = [
        f"youths 10-19: {p['y10_19']}   0-19 (3*[10-14] + [15-19]): {p['y0_19_from_output']} "
        f"(target {p['inwoners_0_19']:.0f})   10-23: {p['y10_23']}",
        f"15-19 factor k = {p['k_15_19']:.4f}; capped at the 15-24 count in {p['n_capped']} buurten",
        "stadsdeel                  10-19   10-23",
    ]
    sd = checks["stadsdelen"]
    names = checks["wijken"].groupby("stadsdeel_code")["stadsdeel_naam"].first()
    for code, row in sd.iterrows():
        lines.append(f"{code} {names[code]:<19} {int(row['y10_19']):>6} {int(row['y10_23']):>7}")
    lines.append(
        f"adjacency: {a['n_edges']} pairs, {a['n_components']} component(s), degree "
        f"{a['degree_min']}–{a['degree_max']} (median {a['degree_median']:g})"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=pathlib.Path, required=True, help="folder of public source tables")
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path(__file__).resolve().parent,
                        help="output folder (default: the jwsim.data package folder)")
    args = parser.parse_args(argv)
    if not (args.shared / "population").is_dir():
        parser.error(f"{args.shared} does not look like the folder of source tables (no population/ folder)")
    checks = build(args.shared, args.out)
    print(summary(checks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
