"""Build-time curation of the school locations (DUO) into ``schools.csv``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from jwsim.data.build_population import largest_remainder

#: DUO ``onderwijstype_duo`` → jwsim school type. Any other value stops the build (a new DUO type needs a
#: decision, not a silent default).
SCHOOL_TYPE_MAP = {
    "VBO/MAVO/HAVO/VWO": "VO",
    "VBO/MAVO": "VO",
    "MAVO/HAVO/VWO": "VO",
    "MAVO": "VO",
    "VBO": "VO",
    "HAVO": "VO",
    "HAVO/VWO": "VO",
    "VWO": "VO",
    "PRO": "PRO",
    "VSO": "VSO",
    "(V)SO": "VSO",
    "SO": "SO",
    "SBAO": "SBO",
    "SBO": "SBO",
}
#: School types with school youth work (schoolmaatschappelijk/jongerenwerk op school): regular VO and PRO.
SJW_TYPES = ("VO", "PRO")
#: VSO schools the Nota names for jeugdcoaches, matched on a name fragment. "Aloysius" is named by the Nota
#: but has no location in the DUO extract; it is listed so the build reports it as absent.
VSO_JEUGDCOACH_NAMES = ("Tarcisius", "Aventurijn", "Aloysius")
#: DUO writes suppressed cells ("<5") as this value in the source extract.
DUO_SUPPRESSED_VALUE = 2

COLUMNS = (
    "school_code", "naam", "brin", "school_type", "pupils", "pupils_imputed",
    "wijk_code", "lon", "lat", "sjw_eligible", "vso_jeugdcoaches",
)


def impute_pupils(raw: pd.DataFrame, school_type: pd.Series) -> tuple[pd.Series, pd.Series, list[str]]:
    """Fill missing pupil counts.

    Rule, in order:
      1. A location without a count whose BRIN has a main location (vestigingscode ``BRIN00``) with a count
         shares that count: the main location's pupils are split equally (largest remainder) over the main and
         its count-less locations. *Assumption*: DUO registered the pupils of a dependent location at the main
         one, so splitting keeps the DUO total instead of inventing pupils.
      2. Otherwise the median count of known locations of the same jwsim type.
      3. A count equal to the DUO suppression value (<5) is kept but flagged.

    Args:
        raw: The DUO extract (``vestigingscode, brin, leerlingen``).
        school_type: jwsim type per row.

    Returns:
        pupils (int64), imputed flag (bool) and human-readable notes for PROVENANCE.

    """
    pupils = raw["leerlingen"].astype(float).copy()
    imputed = pupils.isna() | (pupils == DUO_SUPPRESSED_VALUE)
    notes: list[str] = []
    missing = raw.index[pupils.isna()]
    for brin, rows in raw.loc[missing].groupby("brin").groups.items():
        main = raw.index[(raw["vestigingscode"] == f"{brin}00") & pupils.notna()]
        if len(main) != 1:
            continue
        group = [main[0], *rows]
        total = int(pupils[main[0]])
        share = np.full(len(group), total / len(group))
        pupils.loc[group] = largest_remainder(share, total)
        imputed.loc[group] = True
        codes = ", ".join(raw.loc[group, "vestigingscode"])
        notes.append(f"BRIN {brin}: {total} pupils of {brin}00 split over {codes}")
    for i in raw.index[pupils.isna()]:
        known = pupils[(school_type == school_type[i]) & ~imputed]
        pupils[i] = float(np.round(known.median()))
        notes.append(f"{raw.loc[i, 'vestigingscode']}: median of type {school_type[i]} = {int(pupils[i])}")
    for i in raw.index[raw["leerlingen"] == DUO_SUPPRESSED_VALUE]:
        notes.append(f"{raw.loc[i, 'vestigingscode']}: DUO '<5' kept as {DUO_SUPPRESSED_VALUE}")
    return pupils.astype(np.int64), imputed, notes


def build_schools(raw: pd.DataFrame, wijk_codes: set[str]) -> tuple[pd.DataFrame, dict[str, object]]:
    """Curate the DUO school extract.

    Args:
        raw: ``nijmegen_scholen_vo_vso_2024.csv`` as read by pandas (quoted commas handled there).
        wijk_codes: The 44 buurt codes; every school must lie in one.

    Returns:
        The ``schools.csv`` table sorted by school_code, and check notes.

    """
    unknown = sorted(set(raw["onderwijstype_duo"]) - set(SCHOOL_TYPE_MAP))
    if unknown:
        raise ValueError(f"unmapped DUO school types: {unknown}")
    if not set(raw["buurt_code"]) <= wijk_codes:
        raise ValueError("a school lies outside the 44 buurten")
    raw = raw.reset_index(drop=True)
    school_type = raw["onderwijstype_duo"].map(SCHOOL_TYPE_MAP)
    pupils, imputed, notes = impute_pupils(raw, school_type)
    names = raw["naam"].str.strip()
    coach = pd.Series(False, index=raw.index)
    absent = []
    for fragment in VSO_JEUGDCOACH_NAMES:
        hit = names.str.contains(fragment, case=False, regex=False) & (school_type == "VSO")
        if not hit.any():
            absent.append(fragment)
        coach |= hit
    table = pd.DataFrame(
        {
            "school_code": raw["vestigingscode"],
            "naam": names,
            "brin": raw["brin"],
            "school_type": school_type,
            "pupils": pupils,
            "pupils_imputed": imputed.astype(bool),
            "wijk_code": raw["buurt_code"],
            "lon": raw["lon"].round(6),
            "lat": raw["lat"].round(6),
            "sjw_eligible": school_type.isin(SJW_TYPES),
            "vso_jeugdcoaches": coach,
        }
    )
    table = table.sort_values("school_code").reset_index(drop=True)[list(COLUMNS)]
    info: dict[str, object] = {
        "impute_notes": notes,
        "absent_coach_schools": absent,
        "n_by_type": table["school_type"].value_counts().sort_index().to_dict(),
        "pupils_by_type": table.groupby("school_type")["pupils"].sum().to_dict(),
        "n_sjw": int(table["sjw_eligible"].sum()),
        "coach_schools": list(table.loc[table["vso_jeugdcoaches"], "naam"]),
    }
    return table, info
