"""Render ``data/PROVENANCE.md`` from the build's own numbers, so the text cannot drift from the data."""

from __future__ import annotations

import re
import textwrap
from typing import Any

import pandas as pd

from jwsim.data import build_geo, build_places, build_population, build_schools


def _table(header: list[str], rows: list[list[Any]]) -> str:
    """Format a Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _n(x: float) -> str:
    """Integer with thousands separator."""
    return f"{int(round(x)):,}"


def _indicator(c: dict[str, Any], name: str, periode: str) -> float:
    """Read one value from the shared indicator file (row by indicator name and exact period)."""
    ind = c["indicators"]
    rows = ind[(ind["indicator"] == name) & (ind["periode"] == periode)]
    if len(rows) != 1:
        raise ValueError(f"indicator {name} {periode!r}: {len(rows)} rows")
    return float(rows["waarde"].iloc[0].replace(",", "."))


def _under_18_2022(c: dict[str, Any]) -> tuple[float, float, float]:
    """Inhabitants < 18 implied by the SWM 2023 jeugdhulp count and share (2022): (implied, count, pct)."""
    count = _indicator(c, "jongeren_met_jeugdhulp_maatwerkvoorziening", "2022")
    pct = _indicator(c, "pct_inwoners_tot_18_met_jeugdhulp_maatwerk", "2022")
    return count / pct * 100.0, count, pct


def _bands(youths: pd.DataFrame, wijken: pd.DataFrame) -> pd.DataFrame:
    """Youths per wijk in 10–14, 15–19, 18–23, 20–23, 10–19, 10–23 and per stadsdeel code."""
    y = youths.pivot_table(index="wijk_code", columns="age", values="count", aggfunc="sum")
    out = pd.DataFrame(
        {
            "y10_14": y.loc[:, 10:14].sum(axis=1),
            "y15_19": y.loc[:, 15:19].sum(axis=1),
            "y18_23": y.loc[:, 18:23].sum(axis=1),
            "y20_23": y.loc[:, 20:23].sum(axis=1),
            "y10_19": y.loc[:, 10:19].sum(axis=1),
            "y10_23": y.sum(axis=1),
        }
    )
    return out.join(wijken.set_index("wijk_code"))


def _header() -> str:
    return f"""# Provenance of jwsim's input data (`jwsim.data`)

**Generated file — do not edit.** Written by `python -m jwsim.data.build --shared DIR` (code in
`data/build*.py`); every number below is computed by that build from the public source tables in DIR,
whose own
`PROVENANCE.md` names the original publishers (CBS, DUO, Politie, gemeente Nijmegen). The build reads nothing
else;
the model reads only the files listed here. `tests/data/test_data.py` checks that a rebuild reproduces these
files
byte for byte.

Words: a jwsim **wijk** is one of the 44 CBS *buurten* (BU0268xxxx, the areas Nijmegen itself calls wijken); a
**stadsdeel** is one of the 9 CBS *wijken* (WK026801–09). Source abbreviations:

- **KWB 2015** — CBS Wijk- en Buurtkaart 2015, buurt and wijk attribute tables (shared
  `population/nijmegen_buurten_kwb2015.csv`, `population/nijmegen_wijken_kwb2015.csv`; source S1). Reference
  date
  1-1-2015 for population; counts rounded by CBS to 5 (benefits to 10), percentages whole numbers.
- **KWB 2024** — CBS StatLine 85984NED, stadsdeel and gemeente rows, 1-1-2024
  (`population/nijmegen_wijken_kwb2024.csv`;
  S2), and 6 central buurten (`nijmegen_buurten_kwb2024_subset6.csv`; S3, used only for cross-checks).
- **Income 2020** — CBS maatwerk "Inkomen per gemeente en wijk, 2020" (`nijmegen_wijken.csv`; S4).
- **Map 2024** — CBS generalized buurt layer 2024 (`nijmegen_buurten.csv`, `nijmegen_buurten_2024.geojson`,
  `nijmegen_wijken_2024.geojson`).
- **DUO 2024** — DUO school locations (2024-11-22) with pupils 1-10-2023 (`nijmegen_scholen_vo_vso_2024.csv`).
- **Indicators** — `nijmegen_stad_jeugd_indicatoren.csv` (Stads- en Wijkmonitor, begroting/jaarverslag, CBS
  85100NED).

Named parameters (in `data/build_population.py`, `build_schools.py`, `build_geo.py`): male share 10–17
`MALE_SHARE_10_17 = {build_population.MALE_SHARE_10_17}` (**assumption**), deprivation reference set
`DEPRIVATION_MIN_INHABITANTS = {build_population.DEPRIVATION_MIN_INHABITANTS}`, touch tolerance
`TOUCH_TOLERANCE_M = {build_geo.TOUCH_TOLERANCE_M:g}` m, GeoJSON precision `COORD_DECIMALS =
{build_geo.COORD_DECIMALS}`.
"""


def _wijken_section(c: dict[str, Any]) -> str:
    w = c["wijken"]
    area_cbs = c["wijken_info"].loc["GM0268", "area_km2_cbs_wijkbuurtkaart_2023"]
    rows = [
        ["`wijk_code`, `wijk_naam`", "Map 2024 / KWB 2015",
         "buurt code and name; rows sorted by code (codes and names are identical in 2015 and 2024)"],
        ["`stadsdeel_code`, `stadsdeel_naam`", "Map 2024",
         "CBS wijk code (digits 7–8 of the buurt code) and name"],
        ["`lon`, `lat`", "Map 2024",
         "`punt_in_buurt_*`: a point inside the generalized polygon (WGS84), 6 decimals"],
        ["`area_km2`", "Map 2024",
         f"area of the generalized polygon (km², 3 decimals); sums to {w['area_km2'].sum():.2f} km² "
         f"(CBS Wijk- en Buurtkaart 2023: {area_cbs:.2f} km²)"],
        ["`inwoners_2015`", "KWB 2015 `AANT_INW`", "as published"],
        ["`inwoners_2024_est`", "KWB 2015 buurt × KWB 2024 stadsdeel",
         "2015 buurt inhabitants × (stadsdeel 2024 / sum of its buurten in 2015), rounded per stadsdeel with "
         "largest remainder so each stadsdeel sums exactly to its KWB 2024 total. **Assumption**: every "
         "buurt of a stadsdeel grew at the stadsdeel's rate"],
        ["`bijstand_per_1000_2015`", "KWB 2015 `WWB_UITTOT`",
         "bijstand benefits per 1000 inhabitants, 2 decimals; suppressed (empty) counts and Vogelzang "
         "(0 inhabitants) take the stadsdeel rate from the KWB 2015 wijk row"],
        ["`ao_per_1000_2015`", "KWB 2015 AO benefits", "idem for disability (AO) benefits"],
        ["`pct_laag_inkomen_stadsdeel_2020`", "Income 2020",
         "% households in the national lowest 40 % of income, of the buurt's stadsdeel (not available per "
         "buurt; not the KWB 'laag inkomen' indicator)"],
        ["`pct_hh_met_kinderen_2015`", "KWB 2015 `P_HH_M_K`",
         "as published (whole %); Vogelzang (no households) takes the stadsdeel value"],
        ["`deprivation_index`", "derived", "see *Deprivation index* below"],
        ["`youths_10_23`", "derived", "sum of `youths_by_wijk_age_sex.csv` for the wijk"],
        ["`student_share_18_23`", "derived", "see step 8 of *Youths* below"],
    ]
    text = "## `wijken.csv` — the 44 wijken\n\n" + _table(["column", "source", "transformation"], rows) + "\n"
    sd = c["stadsdelen"]
    diff = (sd["inwoners_2015_cbs"] - sd["inwoners_2015_buurtsom"]).abs()
    gemeente_2024 = c["kwb2024"].loc["GM0268", "inwoners"]
    text += (
        f"\nCheck: the KWB 2015 buurten sum to {_n(sd['inwoners_2015_buurtsom'].sum())} inhabitants, the "
        f"stadsdeel rows to {_n(sd['inwoners_2015_cbs'].sum())} (largest difference {int(diff.max())}, CBS "
        f"rounding); `inwoners_2024_est` sums to {_n(w['inwoners_2024_est'].sum())} = the KWB 2024 "
        f"stadsdelen ({_n(sd['inwoners_2024'].sum())}; gemeente row {_n(gemeente_2024)}). Buurten with fewer "
        f"than {build_population.DEPRIVATION_MIN_INHABITANTS} inhabitants in 2015: "
        + ", ".join(f"{r.wijk_naam} ({r.inwoners_2015})" for r in w[w["inwoners_2015"] < 100].itertuples())
        + f". Number of wijken: {len(w)}.\n"
    )
    s6 = c["subset6"].set_index("buurt_code")
    est = w.set_index("wijk_code").loc[s6.index]
    rel = (est["inwoners_2024_est"] / s6["aantal_inwoners"] - 1) * 100
    text += (
        "\nCross-check with the six buurten for which KWB 2024 buurt figures exist (S3): estimated vs "
        "published 2024 inhabitants — "
        + ", ".join(f"{s6.loc[i, 'buurt_naam']} {_n(est.loc[i, 'inwoners_2024_est'])} vs "
                    f"{_n(s6.loc[i, 'aantal_inwoners'])} ({rel[i]:+.0f} %)" for i in s6.index)
        + f". Mean absolute error {rel.abs().mean():.1f} %: the stadsdeel-ratio scaling is good to roughly "
        f"±15 % per buurt.\n"
    )
    return text


def _youth_section(c: dict[str, Any]) -> str:
    p = c["population"]
    ratio_rows = []
    sd = c["stadsdelen"]
    names = c["wijken"].groupby("stadsdeel_code")["stadsdeel_naam"].first()
    for code, r in sd.iterrows():
        ratio_rows.append([code, names[code], _n(r["inwoners_2015_buurtsom"]), _n(r["inwoners_2015_cbs"]),
                           _n(r["inwoners_2024"]), f"{r['ratio_2024_2015']:.4f}"])
    k = p["k_15_19"]
    jaarverslag = '"1 januari 2023" volgens tekst (waarschijnlijk 1-1-2024)'
    age_groups = sum(_indicator(c, name, jaarverslag)
                     for name in ("inwoners_0_19", "inwoners_20_64", "inwoners_65plus"))
    ratio_table = _table(["stadsdeel", "naam", "2015 (sum of buurten)", "2015 (CBS wijk row)", "2024 (KWB)",
                          "ratio"], ratio_rows)
    brp_2024 = _indicator(c, "inwoners_brp", "1-1-2024")
    return f"""
## `youths_by_wijk_age_sex.csv` — youths aged 10–23 per wijk, single year, sex

Columns `wijk_code, age (10..23), sex (m|v), count` (int), one row per wijk × age × sex (44 × 14 × 2 =
{44 * 14 * 2} rows). No source gives these counts; they are derived as follows.

1. **2015 band counts.** Per buurt, 0–14 = `inwoners` × `pct_0_14` / 100 and 15–24 = `inwoners` × `pct_15_24`
   / 100
   (KWB 2015). The percentages are whole numbers, so small buurten carry ±0.5 pp rounding.
2. **Scale to 2024.** Each buurt's bands are multiplied by its stadsdeel's ratio (KWB 2024 stadsdeel total /
   sum of
   the stadsdeel's buurten in 2015). **Assumption**: the age structure within each stadsdeel is that of 2015.
   City 0–14 after scaling: {_n(p['a0_14_real'])}; 15–24: {_n(p['a15_24_real'])}.

{ratio_table}

3. **Ages 10–14.** 0–14 is split uniformly over its 15 single years (**assumption**: no age profile per buurt
   is
   available), so 10–14 = 5/15 of 0–14 (city {_n(p['a10_14_real'])}).
4. **Ages 15–19.** 15–19-year-olds mostly still live with their families, so per buurt 15–19 = k × 10–14
   (cohort
   continuity; **assumption**), with one city-wide k chosen so that 0–14 + 15–19 over all buurten equals the
   city's 0–19 count of {_n(p['inwoners_0_19'])} (jaarverslag 2024 indicator page; the page says "1 januari
   2023" but
   its three age groups add up to {_n(age_groups)}, which fits the BRP {_n(brp_2024)} of 1-1-2024 — we read
   it as
   1-1-2024, **assumption**). A
   buurt's 15–19 may not exceed its 15–24 count; where it would, it is capped and k is re-solved (bisection)
   so the
   city total still holds. Result: k = {k:.4f}; capped in {p['n_capped']} buurten ({p['capped_names']}); city
   15–19 = {_n(p['a15_19_real'])}.
5. **Ages 20–23.** 20–24 = 15–24 − 15–19 (what remains is mostly the student surplus), spread uniformly over
   five
   years; ages 20–23 = 4/5 of it (**assumption**: uniform within the band). Capped buurten therefore have no
   20–23.
6. **Single years.** 10–14, 15–19 and 20–24 are each spread uniformly over their single years
   (**assumption**).
7. **Integers and sex.** Per buurt, the 14 real single-year counts are rounded with largest remainder to the
   rounded
   buurt total; each buurt × age count is then split into boys and girls with largest remainder (so every
   buurt ×
   age total is kept). Male share: {build_population.MALE_SHARE_10_17} at ages 10–17 (**assumption**, CBS sex
   ratio at
   birth ≈ 105 : 100) and, at ages 18–23, the buurt's 2015 share of men among all inhabitants (`mannen` /
   (`mannen` + `vrouwen`); **assumption**: young adults have the buurt's overall sex ratio — crude in student
   buurten). Vogelzang has no inhabitants and gets zeros.
8. **`student_share_18_23`** (in `wijken.csv`). 18–23 = 2/5 of 15–19 + 4/5 of 20–24. What the buurt's own
   families
   would give is 6 × the mean single-year count at 10–14 (cohort continuity). The surplus, floored at 0,
   divided by
   the 18–23 count, is taken as the share of HBO/WO students (0 where there are no 18–23-year-olds).
   **Assumption**: all young adults above the family cohorts are students; young workers who move in are
   counted
   as students too, and students who grew up in the buurt are not, so the share is a proxy.
"""


def _checks_section(c: dict[str, Any]) -> str:
    p = c["population"]
    b = _bands(c["youths"], c["wijken"])
    sd = b.groupby(["stadsdeel_code", "stadsdeel_naam"]).agg(
        inw=("inwoners_2024_est", "sum"), y10_14=("y10_14", "sum"), y15_19=("y15_19", "sum"),
        y20_23=("y20_23", "sum"), y10_19=("y10_19", "sum"), y10_23=("y10_23", "sum"),
    )
    rows = [[code, name, _n(r.inw), _n(r.y10_14), _n(r.y15_19), _n(r.y20_23), _n(r.y10_19), _n(r.y10_23),
             f"{100 * r.y10_23 / r.inw:.1f} %"] for (code, name), r in sd.iterrows()]
    t = sd.sum()
    rows.append(["", "**Nijmegen**", _n(t.inw), _n(t.y10_14), _n(t.y15_19), _n(t.y20_23), _n(t.y10_19),
                 _n(t.y10_23), f"{100 * t.y10_23 / t.inw:.1f} %"])
    s6 = c["subset6"].set_index("buurt_code")
    x = b.loc[s6.index]
    students = (x["student_share_18_23"] * x["y18_23"]).round()
    stud = ", ".join(f"{s6.loc[i, 'buurt_naam']} {_n(students[i])} vs "
                     f"{_n(s6.loc[i, 'studenten_wo_plus_hbo'])}" for i in s6.index)
    dev = (students / s6["studenten_wo_plus_hbo"] - 1) * 100
    under18, jh_count, jh_pct = _under_18_2022(c)
    brp_2022 = _indicator(c, "inwoners_brp", "2022 (eind)")
    brp_2024 = _indicator(c, "inwoners_brp", "1-1-2024")
    check_table = _table(["check", "value"], [
        ["city 10–19", f"**{_n(p['y10_19'])}**"],
        ["city 0–19 recomputed from the output as 3 × (10–14) + 15–19 (uniform 0–14)",
         f"{_n(p['y0_19_from_output'])} (target {_n(p['inwoners_0_19'])}; difference = integer rounding)"],
        ["city 10–14 / 15–19 / 18–23 / 20–23",
         f"{_n(p['y10_14'])} / {_n(p['y15_19'])} / {_n(p['y18_23'])} / {_n(p['y20_23'])}"],
        ["city 10–23 (of whom boys/men)", f"**{_n(p['y10_23'])}** ({_n(p['y10_23_m'])})"],
        ["city 0–17 (real-valued, 0–14 + 3/5 of 15–19)", _n(p["a0_17_real"])],
        [f"independent: inhabitants < 18 implied by {_n(jh_count)} jongeren with jeugdhulp = {jh_pct:g} % of "
         "inhabitants under 18 (SWM 2023, year 2022)", _n(under18)],
    ])
    sd_table = _table(["stadsdeel", "naam", "inwoners 2024", "10–14", "15–19", "20–23", "10–19", "10–23",
                       "10–23 share"], rows)
    return f"""
### Checks on the youth counts (numbers from this build)

{check_table}

Per stadsdeel (youths from this file, inhabitants = `inwoners_2024_est`):

{sd_table}

Students, cross-check with KWB 2024 "studenten WO + HBO" for the six buurten where it exists (derived
`student_share_18_23` × 18–23 count vs KWB 2024, which counts students of every age): {stud}; together
{_n(students.sum())} vs {_n(s6['studenten_wo_plus_hbo'].sum())}. The derived total is lower, as expected since
students aged 24+ are not in 18–23; per buurt the derived count deviates {dev.min():+.0f} % to
{dev.max():+.0f} %.

**The 10–19 total is below the ≈ 20,000 that a reading of the Nota (4,000 vulnerable youths = 20 %)
suggests.**
It follows from the inputs: with 0–14 split uniformly, 10–19 = 0–19 − 2/3 × (0–14) = {_n(p['inwoners_0_19'])}
−
2/3 × {_n(p['a0_14_real'])}. The 0–14 estimate agrees with the independent under-18 count (our 0–17 of
{_n(p['a0_17_real'])} for 1-1-2024 is {100 * (p['a0_17_real'] / under18 - 1):+.1f} % above the {_n(under18)}
implied
for 2022, while the whole population grew {100 * (brp_2024 / brp_2022 - 1):.1f} % from end 2022
({_n(brp_2022)}) to
1-1-2024 ({_n(brp_2024)}) — if anything our 0–14 is slightly high, which lowers 10–19). 10–19 ≈ 20,000 would
need
markedly more 10–17- than 0–9-year-olds per single year, which no source here shows. Treat the Nota's 20 % as
rough, or its 4,000 as referring to a wider age
band.
"""


def _deprivation_section(c: dict[str, Any]) -> str:
    w = c["wijken"]
    ref = w[w["inwoners_2015"] >= build_population.DEPRIVATION_MIN_INHABITANTS].sort_values(
        "deprivation_index", ascending=False)
    top = ", ".join(f"{r.wijk_naam} {r.deprivation_index:.3f}" for r in ref.head(5).itertuples())
    least = ref.tail(5).iloc[::-1]
    bottom = ", ".join(f"{r.wijk_naam} {r.deprivation_index:.3f}" for r in least.itertuples())
    small = w[w["inwoners_2015"] < build_population.DEPRIVATION_MIN_INHABITANTS]
    small_txt = ", ".join(f"{r.wijk_naam} {r.deprivation_index:.3f}" for r in small.itertuples())
    return f"""
## Deprivation index (`wijken.csv` `deprivation_index`)

Indicators, higher = more deprived: `bijstand_per_1000_2015`, `ao_per_1000_2015` (KWB 2015, buurt level, with
the
fallbacks above) and `pct_laag_inkomen_stadsdeel_2020` (income 2020, stadsdeel level — the only recent income
figure;
constant within a stadsdeel). Each is turned into a z-score with mean and standard deviation (ddof 0) over the
**reference set** = the {c['population']['n_reference']} buurten with ≥
{build_population.DEPRIVATION_MIN_INHABITANTS}
inhabitants in 2015; the three z-scores are averaged with equal weights (**assumption**); the average is
mapped to
[0, 1] by min-max over the reference set and clipped, so 0 = least and 1 = most deprived reference buurt.
Buurten
below 100 inhabitants are scored with the same formula but do not set the scale, because their rates come from
counts rounded to 10 on a few dozen people: {small_txt}. Caveats: benefits are from 2015; the low-income share
counts students' low incomes too, which lifts the Centrum and Oost buurten.

Most deprived (reference set): {top}.
Least deprived: {bottom}.
"""


def _schools_section(c: dict[str, Any]) -> str:
    s = c["schools"]
    mapping = ", ".join(f"{k} → {v}" for k, v in build_schools.SCHOOL_TYPE_MAP.items())
    counts = ", ".join(f"{k} {v} ({_n(s['pupils_by_type'][k])} pupils)" for k, v in s["n_by_type"].items())
    notes = "; ".join(s["impute_notes"]) or "none"
    return f"""
## `schools.csv` — school locations

Source DUO 2024 (30 locations; names with quoted commas parsed with pandas). Columns: `school_code` =
DUO vestigingscode; `naam` (as in DUO, whitespace trimmed); `brin`; `school_type` mapped from DUO
`onderwijstype_duo`: {mapping}; `pupils` = DUO pupils on 1-10-2023; `pupils_imputed`; `wijk_code` = the buurt
the
location lies in (point-in-polygon in the shared data); `lon`, `lat` (WGS84, BAG geocoding); `sjw_eligible` =
type
VO or PRO (school youth work); `vso_jeugdcoaches` = the VSO schools the Nota names for jeugdcoaches:
{', '.join(s['coach_schools'])}. **Aloysius, also named by the Nota, is absent from the DUO extract** (its
Nijmegen
location could not be identified), so no row carries it. Het Kwartier (VSO, same BRIN 16QL as Aventurijn) is
not
flagged.

Pupil imputation rule: (1) a location without a count whose BRIN has a main location (`BRIN00`) with a count
shares it — the main location's pupils are split equally (largest remainder) over the main and the count-less
locations, and all of them are flagged (**assumption**: DUO registered the dependent location's pupils at the
main
one; splitting keeps the DUO total instead of inventing pupils); (2) otherwise the median of known counts of
the
same type; (3) a DUO "<5" cell (written as {build_schools.DUO_SUPPRESSED_VALUE} by the source) is kept and
flagged.
Applied: {notes}.

Counts by type: {counts}. SJW-eligible locations: {s['n_sjw']}. Pupils are per location and include pupils
living
outside Nijmegen.
"""


def _adjacency_section(c: dict[str, Any]) -> str:
    a = c["adjacency"]
    w = c["wijken"].set_index("wijk_code")
    tol = ", ".join(f"≤ {t} m: {n}" for t, n in a["n_edges_by_tolerance"].items())
    deg = ", ".join(f"{w.loc[k, 'wijk_naam']} {v}" for k, v in a["degree"].items())
    river = [p for p in a["pairs"] if (w.loc[p[0], "stadsdeel_code"] == "WK026809")
             != (w.loc[p[1], "stadsdeel_code"] == "WK026809")]
    point_pairs = ", ".join(f"{w.loc[x, 'wijk_naam']}–{w.loc[y, 'wijk_naam']}"
                            for x, y in a["point_touch_pairs"])
    river_txt = ", ".join(f"{w.loc[x, 'wijk_naam']}–{w.loc[y, 'wijk_naam']}" for x, y in river)
    return f"""
## `wijk_adjacency.csv` — which wijken touch

Columns `wijk_a, wijk_b` with `wijk_a < wijk_b`, sorted. Source Map 2024 (`nijmegen_buurten_2024.geojson`).
Without
shapely: coordinates are projected equirectangularly at latitude {build_geo.LAT0_DEG}° (Earth radius
{build_geo.EARTH_RADIUS_M:,.1f} m), and two polygons are adjacent when some vertex of one lies within
{build_geo.TOUCH_TOLERANCE_M:g} m of a segment of the other (either way round). A single common point counts
(like shapely's `touches`).

Result: **{a['n_edges']} pairs; the graph is connected ({a['n_components']} component), no isolated wijk.**
Degree
min {a['degree_min']} ({', '.join(w.loc[x, 'wijk_naam'] for x in a['min_degree_codes'])}), median
{a['degree_median']:g}, mean {a['degree_mean']:.2f}, max {a['degree_max']}
({', '.join(w.loc[x, 'wijk_naam'] for x in a['max_degree_codes'])}). The generalized layer shares vertices
along
common borders, so the result does not depend on the tolerance (pairs {tol}); pairs adjacent only through the
tolerance: {a['n_edges_gap_only']}; pairs that meet in a single point: {a['n_point_touch']}
({point_pairs or 'none'}).

Caveat: polygons include water, so {len(river)} pairs touch across the Waal ({river_txt}); touching is not
the same
as being walkable (bridges: Waalbrug, Snelbinder, De Oversteek, the railway bridge).

Degree per wijk: {deg}.
"""


def _geo_indicator_section(c: dict[str, Any]) -> str:
    ind = c["indicators"]
    groups_by_indicator: dict[str, str] = c["indicator_groups"]
    groups: dict[str, list[str]] = {}
    for name, group in groups_by_indicator.items():
        groups.setdefault(group, []).append(f"`{name}`")
    listing = "\n".join(f"- **{g}**: {', '.join(v)}" for g, v in groups.items())
    n_rows = int(ind["indicator"].isin(groups_by_indicator).sum())
    return f"""
## `wijken.geojson`, `stadsdelen.geojson` — boundaries

Map 2024 polygons (WGS84), one feature per wijk (sorted by code) with properties only `wijk_code, wijk_naam,
stadsdeel_naam`, and one per stadsdeel with `stadsdeel_code, stadsdeel_naam` (the union of its buurten, as in
the
shared file). Coordinates rounded to {build_geo.COORD_DECIMALS} decimals (≈ 1 m; the layer itself is
generalized to
≈ 50–200 m), consecutive duplicate vertices dropped. For maps and placing points, not for street-scale work.

## `city_indicators.csv` — city figures used as checks and calibration targets

The {n_rows} rows of the shared indicator file that jwsim uses, every source column unchanged (incl.
`bron_url` and
`toelichting_citaat`), with a leading column `groep`:
{listing}

`waarde` is kept as text because some rows hold a series ("4135;4262;…", decimal commas in one). Rows whose
`periode` says "(jaar afgeleid)" or "reeks" had their year inferred by the shared-data compiler from column
order —
use with care. The CBS 85100NED rows are for the jeugdregio Rijk van Nijmegen, not the gemeente. The
jaarverslag
0–19 row says 1-1-2023 but is most likely 1-1-2024 (see step 4 above). Not kept: jeugdbescherming,
jeugdreclassering, buurtteam registrations, vandalism, social housing, uitkeringsgezinnen.

## Odd things in the sources

- Vogelzang (BU02680738) had 0 inhabitants in 2015; its percentages are zeros, not data.
- Bijstand/AO counts are suppressed for Westkanaaldijk and Bijsterhuizen; the smallest buurten (≤ 50
  inhabitants)
  have rates from counts rounded to 10, so Kerkenbos scores 0 benefits.
- KWB 2015 buurt sums differ from the stadsdeel rows by up to 15 inhabitants (CBS rounding).
- DUO: two VO locations (Kandinsky Hatertseweg 02ST06, NSG Groenewoud Schlatmaeckerstraat 02VE02) have no
  pupil
  count; Talita Koemi (00TO02) shares its address with Montessori College 00RZ07; the name "Foooocus
  Nijmegen" is
  spelled so in DUO.
- The jaarverslag 2024 0–19 row's date (see above).
"""


def _places_section(c: dict[str, Any]) -> str:
    places, events = c["places"], c["events"]
    centre = places[places["centre_niet_woningen"] > 0]
    centre_list = ", ".join(f"{n} {v}" for n, v in zip(centre["wijk_naam"], centre["centre_niet_woningen"],
                                                         strict=True))
    rows = [[e.event, e.wijk_code,
             f"{e.first_week}–{e.last_week}" + (" (odd weeks)" if e.odd_weeks_only else ""),
             f"{e.ages_low}–{e.ages_high}", e.intensity, e.source] for e in events.itertuples()]
    table = _table(["event", "wijk", "weeks", "ages", "intensity", "source"], rows)
    return f"""
## `places.csv` — attractors of leisure time per wijk

One row per wijk. `centre_niet_woningen`: the non-residential units (CBS Kerncijfers wijken en buurten 2024,
field `niet_woningen`, the same PDOK copy as `nijmegen_buurten_kwb2024_subset6`) of the buurten of CBS wijk
Nijmegen-Centrum ({centre_list}) — the city centre's shops, horeca and other premises, the centre attractor of
the leisure distribution; 0 elsewhere (*assumption*: only the centre draws youths from the whole city for its
shops and horeca; neighbourhood shops count as time in the own and nearby wijken). `school_pupils`: pupils of
the {", ".join(build_places.SECONDARY_TYPES)} locations in the wijk (`schools.csv`, DUO), total
{int(places["school_pupils"].sum())}. Not in the table, for want of a public per-buurt source here: sports
parks (other than the stadium, an event place) and known hangplekken.

## `events.csv` — events at their places

Transcribed into `data/sources/events.csv` (one row per event and place) and checked and copied by the build.
`intensity` (0–1) scales the event's act multiplier and the share of leisure time that moves to its place
(registry parameters `nuisance_event_multiplier`, `event_leisure_share`); New Year (spread over the city) and
Ramadan evenings (where youths live) are in the model's calendar, not here.

{table}
"""


WIDTH = 110
_ITEM = re.compile(r"(- |\d+\. )")
# a wrapped line must not start with something Markdown would read as a new block
_BLOCK_START = re.compile(r"(- |\+ |\* |\d+\. |#|\||>)")


def _wrap(text: str, first: str, rest: str) -> list[str]:
    """Wrap one paragraph, narrowing the width until no continuation line could start a new Markdown block."""
    for width in range(WIDTH, WIDTH - 30, -1):
        lines = textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest,
                              break_long_words=False, break_on_hyphens=False)
        if not any(_BLOCK_START.match(line[len(rest):]) for line in lines[1:]):
            return lines
    raise ValueError(f"cannot wrap paragraph safely: {text[:60]}")


def reflow(markdown: str) -> str:
    """Re-wrap paragraphs and list items to WIDTH columns; headings and tables are left as they are.

    The section templates break lines wherever the Python source needed it; reflowing makes the file read well
    as plain text and keeps the output independent of how the source is formatted.
    """
    out: list[str] = []
    for block in markdown.strip("\n").split("\n\n"):
        lines = block.split("\n")
        if lines[0].startswith(("#", "|")):
            out.append(block)
            continue
        items: list[list[str]] = []
        for line in lines:
            if _ITEM.match(line) or not items:
                items.append([line])
            else:
                items[-1].append(line.strip())
        wrapped: list[str] = []
        for item in items:
            marker = _ITEM.match(item[0])
            prefix = marker.group(1) if marker else ""
            text = " ".join([item[0][len(prefix):].strip(), *item[1:]])
            wrapped += _wrap(text, prefix, " " * len(prefix))
        out.append("\n".join(wrapped))
    return "\n\n".join(out) + "\n"


def render(checks: dict[str, Any]) -> str:
    """Full PROVENANCE.md text from the build's check dictionary."""
    parts = [
        _header(),
        _wijken_section(checks),
        _youth_section(checks),
        _checks_section(checks),
        _deprivation_section(checks),
        _schools_section(checks),
        _adjacency_section(checks),
        _geo_indicator_section(checks),
        _places_section(checks),
    ]
    return reflow("\n\n".join(part.strip("\n") for part in parts))
