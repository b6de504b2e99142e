"""Population synthesis: every youth aged 10-23 in Nijmegen's 44 wijken as a struct of arrays.

Counts per wijk, age and sex come from ``data/youths_by_wijk_age_sex.csv`` (one agent per youth at
scale 1; at scale k one agent stands for k youths). Each youth gets: HBO/WO student status (by the
wijk's derived student share), household vulnerability (a logistic function of wijk deprivation whose
intercept is solved so the city share at ages 10-19 equals ``vulnerable_share_10_19``), membership of
the Jeugd & Veiligheid group, school type by age and a school (distance-decayed choice weighted by pupil
numbers), personal baselines of the 10 NJI protective factors and of the risk factors, and a street
propensity. Jeugdhulp starts near its stationary prevalence; the burn-in settles it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jwsim.data import CityInputs

from .params import Parameters

PROTECTIVE = (
    "sociale_binding", "kansen_betrokkenheid", "prosociale_normen", "erkenning_positief_gedrag",
    "steun_volwassenen_voorzieningen", "constructieve_vrijetijd", "competenties",
    "cognitieve_vaardigheden", "schoolmotivatie", "positieve_identiteit",
)
RISK = ("mentale_druk", "eenzaamheid", "gezinsstress", "schulden", "online_risico", "delinquente_vrienden")
N_P, N_R = len(PROTECTIVE), len(RISK)
# Column indices used by processes.
P_BINDING, P_BETROKKENHEID, P_NORMEN, P_ERKENNING, P_STEUN, P_VRIJETIJD, P_COMPETENTIES, P_COGNITIEF, \
    P_SCHOOLMOTIVATIE, P_IDENTITEIT = range(N_P)
R_MENTAL, R_LONELY, R_FAMILY, R_DEBT, R_ONLINE, R_PEERS = range(N_R)

# School types.
PO, VO, PRO, VSO, MBO, HBO_WO, WORK, NONE = range(8)
SCHOOL_TYPE_NAMES = ("PO", "VO", "PRO", "VSO", "MBO", "HBO/WO", "werk", "geen")
AGE_MIN, AGE_MAX = 10, 23
# Ages at which rules change (definitions, not uncertain numbers): secondary school, Halt and street groups
# start at 12; at 16 youths may move to MBO and have their own income (debts); adulthood at 18; street groups
# are youths up to 21.
AGE_SECONDARY, AGE_MBO, AGE_ADULT, STREET_AGE_MAX = 12, 16, 18, 21
WEEKS_PER_YEAR = 52
# Duration classes of ended youth-care trajectories as CBS counts them (StatLine: under 3 months, 3-6 months,
# 6-12 months, 1-2 years, 2 years or longer): the upper bounds of the first four, in weeks in care.
SPELL_CLASS_WEEKS = (13, 26, WEEKS_PER_YEAR, 2 * WEEKS_PER_YEAR)
# The warm start runs each youth's need and care from 10 in steps of a quarter (need.Need._history).
HISTORY_STEP_WEEKS = 13


@dataclass
class Youths:
    """The youths as a struct of arrays; row = slot.

    ``uid`` identifies a person (a slot is reused when a 24-year-old leaves and a new 10-year-old
    enters, so the population size is conserved). The fields are who a youth is, drawn by the population
    synthesis (and for newcomers by the demography process): demographics, school, street propensity and the
    personal baselines of the factors. Every other per-youth state (current factors, relation, care level,
    ...) is declared by the process that owns it (``model/processes/``) and added as an attribute by the
    model.

    All factor arrays are float32: the factors are bounded in [0, 1] and changed by increments far
    above float32 resolution (1e-7), so single precision halves memory traffic with no visible effect.
    The factor matrices are column-major (Fortran order): the weekly processes work on one factor at a
    time (``R[:, R_PEERS]``) and on row means, which are contiguous passes in this layout.
    """

    uid: np.ndarray
    wijk: np.ndarray
    age_weeks: np.ndarray
    male: np.ndarray
    vulnerable: np.ndarray
    jv: np.ndarray
    student: np.ndarray
    school_type: np.ndarray
    school: np.ndarray
    street_propensity: np.ndarray
    P_base: np.ndarray
    R_base: np.ndarray
    next_uid: int = 0
    vuln_intercept: float = 0.0   # solved logit intercept of vulnerability (see assign_vulnerability)
    vuln_dep_center: float = 0.0  # deprivation centre of that logit

    def vulnerability_probability(self, dep: np.ndarray, params: Parameters) -> np.ndarray:
        """Probability that a new (non-student) youth in wijken with deprivation ``dep`` is vulnerable."""
        x = dep - self.vuln_dep_center
        return 1 / (1 + np.exp(-(self.vuln_intercept + params["vulnerable_deprivation_logit_slope"] * x)))

    @property
    def n(self) -> int:
        """Number of agent slots."""
        return self.uid.shape[0]

    def age_years(self) -> np.ndarray:
        """Age in whole years."""
        return self.age_weeks // WEEKS_PER_YEAR


def row_mean(M: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Write the mean of each row of a column-major (n, k) float32 matrix into ``out``.

    Computed as k contiguous column passes (``M.mean(axis=1)`` runs a tiny reduction per row, ~10x
    slower for k = 10).
    """
    np.add(M[:, 0], M[:, 1], out=out)
    for j in range(2, M.shape[1]):
        out += M[:, j]
    out *= np.float32(1.0 / M.shape[1])
    return out


def _integerise(expected: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    base = np.floor(expected)
    return (base + (rng.random(expected.shape) < (expected - base))).astype(np.int64)


def synthesise(inputs: CityInputs, params: Parameters, rng: np.random.Generator,
               scale: float = 1.0) -> Youths:
    """Create the youth population of Nijmegen for a run.

    Args:
        inputs: the curated city data.
        params: parameter values.
        rng: the population stream.
        scale: youths per agent (1 = every youth is an agent).

    """
    counts = inputs.youths.astype(float) / scale  # (44, 14, 2)
    n_cell = counts if scale == 1.0 else _integerise(counts, rng)
    n_cell = np.asarray(n_cell, dtype=np.int64)
    n = int(n_cell.sum())
    wijk_of_cell, age_of_cell, sex_of_cell = np.indices(n_cell.shape)
    reps = n_cell.ravel()
    wijk = np.repeat(wijk_of_cell.ravel(), reps).astype(np.int16)
    age = np.repeat(age_of_cell.ravel() + AGE_MIN, reps).astype(np.int32)
    male = np.repeat(sex_of_cell.ravel() == 0, reps)
    age_weeks = (age * WEEKS_PER_YEAR + rng.integers(0, WEEKS_PER_YEAR, n)).astype(np.int32)

    student = (age >= 18) & (rng.random(n) < inputs.student_share_18_23[wijk])
    dep = inputs.deprivation[wijk]
    vulnerable, intercept = assign_vulnerability(dep, age, student, params, rng)
    jv = assign_jv(male, vulnerable, student, params, rng)
    school_type, school = assign_schools(inputs, wijk, age, vulnerable, student, params, rng)
    y = Youths(
        uid=np.arange(n, dtype=np.int64), wijk=wijk, age_weeks=age_weeks, male=male, vulnerable=vulnerable,
        jv=jv, student=student, school_type=school_type, school=school,
        street_propensity=np.zeros(n, np.float32),
        P_base=np.zeros((n, N_P), np.float32, order="F"), R_base=np.zeros((n, N_R), np.float32, order="F"),
        next_uid=n,
        vuln_intercept=intercept, vuln_dep_center=float(dep.mean()),
    )
    draw_personal_state(y, np.arange(n), inputs, params, rng)
    return y


def assign_vulnerability(dep: np.ndarray, age: np.ndarray, student: np.ndarray, params: Parameters,
                         rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """Vulnerable household: logistic in wijk deprivation, intercept solved for the 10-19 share."""
    slope = params["vulnerable_deprivation_logit_slope"]
    target = params["vulnerable_share_10_19"]
    x = dep - dep.mean()
    sel = (age <= 19) & ~student

    def share(a: float) -> float:
        return float((1 / (1 + np.exp(-(a + slope * x[sel])))).sum() / max(np.count_nonzero(age <= 19), 1))

    a = _bisect_increasing(lambda a: share(a) - target, -10.0, 10.0)
    p = 1 / (1 + np.exp(-(a + slope * x)))
    return (rng.random(dep.shape[0]) < p) & ~student, float(a)


def _bisect_increasing(f, lo: float, hi: float) -> float:
    """Root of an increasing function on [lo, hi] by bisection, to the last representable digit.

    Used instead of ``scipy.optimize.brentq`` so that building a model does not import scipy.optimize (with
    scipy.linalg and scipy.fft: ~16 MB of a run's peak memory, see benchmarks/README.md).
    """
    if not f(lo) < 0 < f(hi):
        raise ValueError(f"no root in [{lo}, {hi}]")
    while True:
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            return lo if -f(lo) <= f(hi) else hi
        if f(mid) < 0:
            lo = mid
        else:
            hi = mid


def assign_jv(male: np.ndarray, vulnerable: np.ndarray, student: np.ndarray, params: Parameters,
              rng: np.random.Generator, u: np.ndarray | None = None) -> np.ndarray:
    """Jeugd & Veiligheid membership: mostly vulnerable boys, never HBO/WO students.

    ``u``: one uniform per youth already drawn from ``rng`` (else drawn here).
    """
    p = np.where(vulnerable, params["jv_share_vulnerable_boys"], params["jv_share_other_boys"])
    p = np.where(male, p, p * params["jv_girls_relative"])
    if u is None:
        u = rng.random(male.shape[0])
    return (u < p) & ~student


def school_type_for_age(age: np.ndarray, vulnerable: np.ndarray, student: np.ndarray, pro_share: float,
                        vso_share: float, params: Parameters, u: np.ndarray, u2: np.ndarray) -> np.ndarray:
    """School type by age given two uniforms per youth (used at synthesis and at birthdays)."""
    st = np.full(age.shape[0], PO, np.int8)
    vo_age = (age >= 12) & (age <= 17)
    # Special education and praktijkonderwijs: pupil shares from DUO, x3 for vulnerable youths (assumption).
    mult = np.where(vulnerable, 3.0, 0.5)
    p_vso, p_pro = vso_share * mult, pro_share * mult
    vo_kind = np.where(u2 < p_vso, VSO, np.where(u2 < p_vso + p_pro, PRO, VO))
    st[vo_age] = vo_kind[vo_age]
    mbo_16 = (age >= 16) & (age <= 17) & (vo_kind == VO) & (u < params["mbo_share_16_17"])
    st[mbo_16] = MBO
    adult = age >= 18
    neet_p = params["neet_share_18_23"] * np.where(vulnerable, 2.0, 0.75)
    mbo_p = params["mbo_share_18_23"]
    adult_type = np.where(u < neet_p, NONE, np.where(u < neet_p + mbo_p, MBO, WORK))
    st[adult] = adult_type[adult]
    st[adult & student] = HBO_WO
    return st


def assign_schools(inputs: CityInputs, wijk: np.ndarray, age: np.ndarray, vulnerable: np.ndarray,
                   student: np.ndarray, params: Parameters, rng: np.random.Generator
                   ) -> tuple[np.ndarray, np.ndarray]:
    """School type by age and, for VO/PRO/VSO pupils, a Nijmegen school location (or none: outside)."""
    s = inputs.schools
    types = np.array(s.school_type)
    pupils = s.pupils.astype(float)
    tot = pupils[np.isin(types, ["VO", "PRO", "VSO"])].sum()
    pro_share = pupils[types == "PRO"].sum() / tot
    vso_share = pupils[types == "VSO"].sum() / tot
    n = wijk.shape[0]
    st = school_type_for_age(age, vulnerable, student, pro_share, vso_share, params,
                             rng.random(n), rng.random(n))
    school = choose_school(inputs, wijk, st, params, rng.random(n), rng.random(n))
    return st, school


def school_choice_cdfs(inputs: CityInputs, params: Parameters) -> dict[int, np.ndarray]:
    """Cumulative school-choice weights per pupil wijk (44 x schools) for VO, PRO and VSO.

    Weight of a school = pupils x exp(-distance / school_distance_km) from the pupil's wijk, among the
    schools of the type. Static for a run, so the demography process computes it once.
    """
    s = inputs.schools
    types = np.array(s.school_type)
    km_lat = 111.2
    km_lon = 111.2 * np.cos(np.radians(51.84))
    dist = np.hypot((inputs.lon[:, None] - s.lon[None, :]) * km_lon,
                    (inputs.lat[:, None] - s.lat[None, :]) * km_lat)
    decay = np.exp(-dist / params["school_distance_km"]) * s.pupils[None, :]
    cdfs = {}
    for st_code, name in ((VO, "VO"), (PRO, "PRO"), (VSO, "VSO")):
        mask = (types == name).astype(float)
        cdf = np.cumsum(decay * mask[None, :], axis=1)
        cdf /= cdf[:, -1:]
        cdfs[st_code] = cdf
    return cdfs


def choose_school(inputs: CityInputs, wijk: np.ndarray, school_type: np.ndarray, params: Parameters,
                  u_in_city: np.ndarray, u_pick: np.ndarray,
                  cdfs: dict[int, np.ndarray] | None = None) -> np.ndarray:
    """Pick a school location for VO/PRO/VSO pupils.

    In the city with ``vo_in_city_share``, then by pupils x exp(-distance / school_distance_km) from
    the pupil's wijk (``cdfs``: precomputed :func:`school_choice_cdfs`).
    """
    if cdfs is None:
        cdfs = school_choice_cdfs(inputs, params)
    school = np.full(wijk.shape[0], -1, np.int32)
    for st_code, cdf in cdfs.items():
        who = np.flatnonzero((school_type == st_code) & (u_in_city < params["vo_in_city_share"]))
        if who.size == 0:
            continue
        rows = cdf[wijk[who]]
        school[who] = (rows < u_pick[who, None]).sum(axis=1)
    return school


def debt_age_level(age: np.ndarray, params: Parameters) -> np.ndarray:
    """Age level of debt stress: none under 16, part at 16-17, the full level from 18 (own income, D3-D5)."""
    full = params["debt_base_18_23"]
    return np.where(age >= 18, full, np.where(age >= 16, 0.4 * full, 0.0)).astype(np.float32)


def draw_personal_state(y: Youths, idx: np.ndarray, inputs: CityInputs, params: Parameters,
                        rng: np.random.Generator) -> None:
    """Personal baselines of the factors and street propensity of the youths in ``idx``.

    The current factors start at these baselines (the factors process sets them).
    """
    m = idx.shape[0]
    if m == 0:
        return
    vul = y.vulnerable[idx]
    dep = inputs.deprivation[y.wijk[idx]].astype(np.float32)
    girl = ~y.male[idx]
    sd = params["protective_individual_sd"] * 0.7
    # The normals are drawn in two batches, the same values in the same order as one normal(0, sd) draw per
    # term (normal(0, sd) is sd x a standard normal): fewer generator calls for the weekly newcomers.
    z = rng.standard_normal(m * (N_P + 1))
    z *= sd
    common, specific = z[:m], z[m:].reshape(m, N_P)
    pb = (0.62 + params["protective_vulnerable_shift"] * vul + params["protective_deprivation_shift"] * dep)
    # (pb + common) + specific, clipped, in the draw's own buffer: one (m, 10) float64 array instead of four
    # (10 MB less peak memory at full scale; the same numbers, since IEEE addition commutes).
    specific += (pb + common)[:, None]
    P_base = np.clip(specific, 0.02, 0.98, out=specific)
    y.P_base[idx] = P_base
    del z, common, specific, P_base  # freed before the next draw (peak memory at full-scale synthesis)
    # Risk baselines (see registry: calibrated levels and shifts), then the street propensity.
    noise = rng.standard_normal((6, m))
    noise *= np.array([0.12, 0.12, 0.1, 0.12, 0.1, 0.1])[:, None]
    R_base = np.empty((m, N_R), np.float32)
    R_base[:, R_MENTAL] = (params["mental_strain_base"] + params["mental_strain_girls"] * girl + 0.06 * vul
                           + noise[0])
    R_base[:, R_LONELY] = params["loneliness_base"] + 0.05 * vul + noise[1]
    R_base[:, R_FAMILY] = 0.25 + 0.2 * vul + noise[2]
    # Personal part only; the age level of debts is added by the factors process (debt_age_level).
    R_base[:, R_DEBT] = 0.1 * vul + noise[3]
    R_base[:, R_ONLINE] = 0.25 + 0.05 * vul + noise[4]
    R_base[:, R_PEERS] = 0.0
    np.clip(R_base, 0.0, 1.0, out=R_base)
    y.R_base[idx] = R_base
    street = 0.2 + 0.35 * y.jv[idx] + 0.12 * vul + 0.08 * y.male[idx] + 0.06 * dep + noise[5]
    y.street_propensity[idx] = np.clip(street, 0, 1).astype(np.float32)
