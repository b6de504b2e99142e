"""Build-time derivation of the wijk table and of youths by wijk, age and sex.

Used only by ``python -m jwsim.data.build``; the model reads the CSV files this produces. Every parameter
that is not read from a source table is a named constant below, marked as a source figure or an assumption.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Inhabitants aged 0–19 in Nijmegen (jaarverslag 2024 indicator page; the text says 1-1-2023 but the
#: three age groups sum to 187,078, which fits 1-1-2024). Read from nijmegen_stad_jeugd_indicatoren.csv at
#: build time; this is the value the build expects to find there.
INWONERS_0_19_EXPECTED = 34980
#: Assumption: share of boys at ages 10–17 (CBS sex ratio at birth ≈ 105 boys : 100 girls).
MALE_SHARE_10_17 = 0.512
#: Buurten with fewer inhabitants than this (2015) are left out of the z-score and min-max reference set.
DEPRIVATION_MIN_INHABITANTS = 100
AGES = tuple(range(10, 24))
SEXES = ("m", "v")


@dataclass(frozen=True)
class PopulationResult:
    """Everything the population step produces.

    Attributes:
        wijken: One row per buurt with the columns of ``wijken.csv`` (in that order).
        youths: Long table ``wijk_code, age, sex, count``.
        checks: Named numbers printed by the build and quoted in PROVENANCE.md.
        stadsdelen: Per-stadsdeel table used for the checks (2015/2024 totals, ratio, youths).

    """

    wijken: pd.DataFrame
    youths: pd.DataFrame
    checks: dict[str, float]
    stadsdelen: pd.DataFrame


def largest_remainder(values: np.ndarray, total: int) -> np.ndarray:
    """Round non-negative reals to integers that sum to ``total`` (Hamilton's method).

    Ties in the remainder go to the lower index, so the result is deterministic.

    Args:
        values: Non-negative reals.
        total: Required integer sum; must be within ``len(values)`` of ``values.sum()``.

    Returns:
        int64 array of the same shape with sum ``total``.

    """
    values = np.asarray(values, dtype=float)
    floors = np.floor(values).astype(np.int64)
    missing = int(total - floors.sum())
    if missing < 0 or missing > values.size:
        raise ValueError(f"cannot round {values.sum():.3f} to {total} with {values.size} cells")
    remainders = values - floors
    # stable sort on -remainder: equal remainders keep index order
    order = np.argsort(-remainders, kind="stable")
    floors[order[:missing]] += 1
    return floors


def scale_to_stadsdeel_2024(buurten: pd.DataFrame, wijken_2024: pd.DataFrame) -> pd.DataFrame:
    """Estimate 2024 inhabitants per buurt from 2015 buurt counts and 2024 stadsdeel totals.

    The ratio uses the *sum of the stadsdeel's buurten in 2015* as denominator (not the CBS wijk row, which
    differs by up to 15 persons through CBS rounding), so that the buurt estimates add up to the 2024
    stadsdeel totals; the integer estimates are then rounded per stadsdeel with largest remainder.

    Args:
        buurten: KWB 2015 buurt rows (``buurt_code, wijk_code, inwoners``).
        wijken_2024: KWB 2024 rows indexed by CBS wijk code with ``inwoners``.

    Returns:
        Per-stadsdeel table with ``inwoners_2015_buurtsom, inwoners_2024, ratio_2024_2015``.

    """
    sums = buurten.groupby("wijk_code")["inwoners"].sum().rename("inwoners_2015_buurtsom")
    table = sums.to_frame()
    table["inwoners_2024"] = wijken_2024.loc[table.index, "inwoners"].astype(np.int64)
    table["ratio_2024_2015"] = table["inwoners_2024"] / table["inwoners_2015_buurtsom"]
    return table


def _rate_per_1000(count: pd.Series, inhabitants: pd.Series, fallback: pd.Series) -> pd.Series:
    """Benefits per 1000 inhabitants; suppressed counts or empty buurten take the stadsdeel rate."""
    rate = count / inhabitants.where(inhabitants > 0) * 1000.0
    return rate.fillna(fallback)


def deprivation_index(indicators: pd.DataFrame, reference: pd.Series) -> pd.Series:
    """Mean z-score of the indicator columns, min-max mapped to [0, 1] over the reference buurten.

    Means, standard deviations (ddof=0), minimum and maximum are taken over the reference rows only, so tiny
    buurten with noisy rates neither set the scale nor stretch it; their values are clipped to [0, 1].

    Args:
        indicators: One column per indicator, higher = more deprived.
        reference: Boolean mask of the rows that define the scale.

    Returns:
        Index in [0, 1], 1 = most deprived reference buurt.

    """
    ref = indicators[reference]
    z = (indicators - ref.mean()) / ref.std(ddof=0)
    score = z.mean(axis=1)
    lo, hi = score[reference].min(), score[reference].max()
    return ((score - lo) / (hi - lo)).clip(0.0, 1.0)


def _solve_15_19_factor(base: np.ndarray, cap: np.ndarray, target: float) -> float:
    """Find k with sum(min(k * base, cap)) == target by bisection (the left side is monotone in k)."""
    if target > cap.sum():
        raise ValueError(f"15–19 target {target:.0f} exceeds the 15–24 total {cap.sum():.0f}")
    lo, hi = 0.0, 1.0
    while np.minimum(hi * base, cap).sum() < target:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if np.minimum(mid * base, cap).sum() < target:
            lo = mid
        else:
            hi = mid
    return hi


def derive_youth_bands(buurten: pd.DataFrame, ratio: pd.Series, inwoners_0_19: float) -> pd.DataFrame:
    """Real-valued 2024 counts per buurt in 0–14, 10–14, 15–19 and 20–24.

    Args:
        buurten: KWB 2015 buurt rows with ``inwoners, pct_0_14, pct_15_24, wijk_code``.
        ratio: 2024/2015 population ratio per CBS wijk code.
        inwoners_0_19: City total of ages 0–19 in 2024 that 0–14 + 15–19 must add up to.

    Returns:
        Table indexed like ``buurten`` with ``a0_14, a15_24, a10_14, a15_19, a20_24, capped`` and the
        15–19 factor ``k`` (same for all rows).

    """
    r = buurten["wijk_code"].map(ratio).to_numpy()
    a0_14 = buurten["inwoners"].to_numpy() * buurten["pct_0_14"].to_numpy() / 100.0 * r
    a15_24 = buurten["inwoners"].to_numpy() * buurten["pct_15_24"].to_numpy() / 100.0 * r
    a10_14 = a0_14 * 5.0 / 15.0  # assumption: uniform over single years 0..14
    k = _solve_15_19_factor(a10_14, a15_24, inwoners_0_19 - a0_14.sum())
    a15_19 = np.minimum(k * a10_14, a15_24)
    return pd.DataFrame(
        {
            "a0_14": a0_14,
            "a15_24": a15_24,
            "a10_14": a10_14,
            "a15_19": a15_19,
            "a20_24": a15_24 - a15_19,
            "capped": k * a10_14 > a15_24,
            "k": k,
        },
        index=buurten.index,
    )


def single_years(bands: pd.DataFrame) -> np.ndarray:
    """Spread the bands uniformly over single years 10..23 (real values, shape (n, 14))."""
    per_year_10_14 = bands["a10_14"].to_numpy() / 5.0
    per_year_15_19 = bands["a15_19"].to_numpy() / 5.0
    per_year_20_24 = bands["a20_24"].to_numpy() / 5.0
    return np.column_stack([per_year_10_14] * 5 + [per_year_15_19] * 5 + [per_year_20_24] * 4)


def student_share(bands: pd.DataFrame) -> np.ndarray:
    """Share of 18–23-year-olds above what the buurt's own family cohorts imply.

    Family-implied 18–23 = 6 × the mean single-year count at 10–14 (cohort continuity); the surplus, floored
    at 0, is taken to be HBO/WO students. Buurten without 18–23-year-olds get 0.
    """
    a18_23 = bands["a15_19"].to_numpy() * 2.0 / 5.0 + bands["a20_24"].to_numpy() * 4.0 / 5.0
    family = 6.0 * bands["a10_14"].to_numpy() / 5.0
    surplus = np.maximum(a18_23 - family, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(a18_23 > 0, surplus / a18_23, 0.0)
    return share


def integerise_youths(real: np.ndarray, male_share_adult: np.ndarray) -> np.ndarray:
    """Integer counts (n, 14, 2) from real counts (n, 14).

    Per buurt the 14 ages are rounded with largest remainder to the rounded buurt total; each integer
    buurt×age count is then split into boys/girls with largest remainder, so buurt×age totals are kept.

    Args:
        real: Real-valued counts per buurt and single age 10..23.
        male_share_adult: Male share per buurt used for ages 18–23.

    Returns:
        int64 array (n, 14, 2), axis 2 = (m, v).

    """
    n = real.shape[0]
    out = np.zeros((n, len(AGES), 2), dtype=np.int64)
    for i in range(n):
        per_age = largest_remainder(real[i], int(round(real[i].sum())))
        for j, age in enumerate(AGES):
            p = MALE_SHARE_10_17 if age <= 17 else male_share_adult[i]
            out[i, j] = largest_remainder(np.array([per_age[j] * p, per_age[j] * (1 - p)]), per_age[j])
    return out


def build_population(
    buurten: pd.DataFrame,
    wijken_2015: pd.DataFrame,
    wijken_2024: pd.DataFrame,
    wijken_info: pd.DataFrame,
    buurt_info: pd.DataFrame,
    inwoners_0_19: float,
) -> PopulationResult:
    """Derive ``wijken.csv`` and ``youths_by_wijk_age_sex.csv`` tables.

    Args:
        buurten: ``population/nijmegen_buurten_kwb2015.csv``.
        wijken_2015: ``population/nijmegen_wijken_kwb2015.csv`` indexed by code (incl. GM0268).
        wijken_2024: ``population/nijmegen_wijken_kwb2024.csv`` indexed by code.
        wijken_info: ``nijmegen_wijken.csv`` indexed by wijk_code (income 2020).
        buurt_info: ``nijmegen_buurten.csv`` (names, stadsdeel, area, point inside).
        inwoners_0_19: City total aged 0–19 in 2024.

    Returns:
        The derived tables and the check numbers.

    """
    buurten = buurten.sort_values("buurt_code").reset_index(drop=True)
    info = buurt_info.set_index("buurt_code").loc[buurten["buurt_code"]].reset_index()
    if not (info["wijk_code"].to_numpy() == buurten["wijk_code"].to_numpy()).all():
        raise ValueError("buurt → CBS wijk assignment differs between nijmegen_buurten.csv and KWB 2015")

    sd = scale_to_stadsdeel_2024(buurten, wijken_2024)
    ratio = sd["ratio_2024_2015"]
    inw_est = np.zeros(len(buurten), dtype=np.int64)
    for code, rows in buurten.groupby("wijk_code").groups.items():
        real = buurten.loc[rows, "inwoners"].to_numpy() * ratio[code]
        inw_est[np.asarray(rows)] = largest_remainder(real, int(sd.loc[code, "inwoners_2024"]))

    bands = derive_youth_bands(buurten, ratio, inwoners_0_19)
    real = single_years(bands)
    wk = wijken_2015.loc[buurten["wijk_code"]]
    sexed = (buurten["mannen"] + buurten["vrouwen"]).to_numpy()
    wk_male = (wk["mannen"] / (wk["mannen"] + wk["vrouwen"])).to_numpy()
    male_adult = np.where(sexed > 0, buurten["mannen"].to_numpy() / np.maximum(sexed, 1), wk_male)
    counts = integerise_youths(real, male_adult)

    inh = buurten["inwoners"]
    bijstand = _rate_per_1000(
        buurten["bijstandsuitkeringen_wwb"], inh,
        pd.Series((wk["bijstandsuitkeringen_wwb"] / wk["inwoners"] * 1000.0).to_numpy(), index=buurten.index),
    )
    ao = _rate_per_1000(
        buurten["ao_uitkeringen"], inh,
        pd.Series((wk["ao_uitkeringen"] / wk["inwoners"] * 1000.0).to_numpy(), index=buurten.index),
    )
    low_income = buurten["wijk_code"].map(wijken_info["pct_huishoudens_in_laagste_40pct_nl_2020"])
    reference = inh >= DEPRIVATION_MIN_INHABITANTS
    indicators = pd.DataFrame({"bijstand": bijstand, "ao": ao, "low_income": low_income})
    deprivation = deprivation_index(indicators, reference)
    # Vogelzang had no inhabitants in 2015: its 0 % households with children means nothing → stadsdeel value
    hh_kids = buurten["pct_hh_met_kinderen"].where(inh > 0, wk["pct_hh_met_kinderen"].to_numpy())

    wijken = pd.DataFrame(
        {
            "wijk_code": buurten["buurt_code"],
            "wijk_naam": buurten["buurt_naam"],
            "stadsdeel_code": buurten["wijk_code"],
            "stadsdeel_naam": info["stadsdeel"],
            "lon": info["punt_in_buurt_lon"].round(6),
            "lat": info["punt_in_buurt_lat"].round(6),
            "area_km2": info["area_km2_generalized"].round(3),
            "inwoners_2015": inh.astype(np.int64),
            "inwoners_2024_est": inw_est,
            "bijstand_per_1000_2015": bijstand.round(2),
            "ao_per_1000_2015": ao.round(2),
            "pct_laag_inkomen_stadsdeel_2020": low_income.round(1),
            "pct_hh_met_kinderen_2015": hh_kids.astype(float).round(1),
            "deprivation_index": deprivation.round(4),
            "youths_10_23": counts.sum(axis=(1, 2)),
            "student_share_18_23": np.round(student_share(bands), 4),
        }
    )
    youths = _long_youths(buurten["buurt_code"].to_numpy(), counts)
    sd = _stadsdeel_table(sd, buurten, counts, wijken_2015)
    checks = _checks(bands, counts, inwoners_0_19, wijken, reference)
    return PopulationResult(wijken=wijken, youths=youths, checks=checks, stadsdelen=sd)


def _long_youths(codes: np.ndarray, counts: np.ndarray) -> pd.DataFrame:
    """Long format wijk_code, age, sex, count in (wijk, age, sex) order."""
    n = len(codes)
    return pd.DataFrame(
        {
            "wijk_code": np.repeat(codes, len(AGES) * 2),
            "age": np.tile(np.repeat(np.array(AGES, dtype=np.int64), 2), n),
            "sex": np.tile(np.array(SEXES), n * len(AGES)),
            "count": counts.reshape(-1),
        }
    )


def _stadsdeel_table(
    sd: pd.DataFrame, buurten: pd.DataFrame, counts: np.ndarray, wijken_2015: pd.DataFrame
) -> pd.DataFrame:
    """Per stadsdeel: 2015 totals (buurt sum and CBS row), 2024 total, ratio and derived youths."""
    out = sd.copy()
    out["inwoners_2015_cbs"] = wijken_2015.loc[out.index, "inwoners"].astype(np.int64)
    by = pd.DataFrame(
        {
            "wijk_code": buurten["wijk_code"],
            "y10_19": counts[:, :10, :].sum(axis=(1, 2)),
            "y10_23": counts.sum(axis=(1, 2)),
        }
    ).groupby("wijk_code").sum()
    return out.join(by)


def _checks(
    bands: pd.DataFrame, counts: np.ndarray, inwoners_0_19: float, wijken: pd.DataFrame, reference: pd.Series
) -> dict[str, float]:
    """City totals and diagnostics quoted in PROVENANCE.md."""
    y10_14 = counts[:, 0:5, :].sum()
    y15_19 = counts[:, 5:10, :].sum()
    return {
        "a0_14_real": float(bands["a0_14"].sum()),
        "a10_14_real": float(bands["a10_14"].sum()),
        "a15_19_real": float(bands["a15_19"].sum()),
        "a15_24_real": float(bands["a15_24"].sum()),
        "k_15_19": float(bands["k"].iloc[0]),
        "n_capped": int(bands["capped"].sum()),
        "capped_names": ", ".join(wijken.loc[bands["capped"].to_numpy(), "wijk_naam"]),
        "y10_14": int(y10_14),
        "y15_19": int(y15_19),
        "y10_17": int(counts[:, 0:8, :].sum()),
        "y10_19": int(counts[:, 0:10, :].sum()),
        "y18_23": int(counts[:, 8:, :].sum()),
        "y20_23": int(counts[:, 10:, :].sum()),
        "y10_23": int(counts.sum()),
        "y10_23_m": int(counts[:, :, 0].sum()),
        "y0_19_from_output": int(3 * y10_14 + y15_19),
        "a0_17_real": float(bands["a0_14"].sum() + 0.6 * bands["a15_19"].sum()),
        "inwoners_0_19": float(inwoners_0_19),
        "n_reference": int(reference.sum()),
    }
