"""Recording: weekly city-wide series, yearly KPIs, and per-wijk and per-group yearly tables.

Everything is preallocated at model creation (weeks x series, years x KPIs, years x wijken, years x groups)
and filled in place; yearly indicators that need the whole population (prevalences, factor means) are
computed once per year, so recording stays off the weekly hot path. :class:`RunResult` is the compact,
picklable result a worker returns (numpy arrays and small dicts, never the model).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .population import MBO, P_SCHOOLMOTIVATIE, PRO, R_DEBT, R_LONELY, R_MENTAL, VO, VSO

WEEKLY_SERIES = (
    "in_care", "in_care_u18", "in_care_stay", "jh_entries", "jh_entries_signalled", "jh_exits",
    "jh_escalations", "jh_prevented_expected", "jh_weeks_shortened_expected", "nuisance_incidents",
    "nuisance_registered", "halt", "suspects_new", "dropouts", "contacts_ambulant", "contacts_sjw",
    "contacts_wijk", "contacts_vso", "signals", "ib_caseload", "swf_caseload", "ib_slots", "swf_slots",
    "sjw_hours", "sjw_hours_allocated", "ambulant_hours", "meaningful_relations", "protective_mean",
    "population",
)

# The KPIs of `jwsim run` first, then further yearly indicators.
KPIS = (
    "jeugdhulp_prevalence_u18", "jeugdhulp_entries_per_year", "jeugdhulp_mean_duration_years",
    "jeugdhulp_with_stay_share", "jeugdoverlast_registered_per_year", "halt_per_10k_12_17",
    "suspects_per_1000_12_17", "suspects_per_1000_18_24", "vsv_rate_12_23", "mental_problems_12_16",
    "loneliness_strong_15_25", "payment_arrears_18_23", "vulnerable_share_10_19", "protective_gap_vulnerable",
    "ib_youths_per_year", "youthwork_fte", "youthwork_cost_eur_per_year",
    # further indicators
    "jeugdhulp_prevalence_18_23", "jeugdhulp_entries_specialist_per_year", "jeugdhulp_entries_accelerated",
    "jeugdhulp_entries_prevented_expected", "jeugdhulp_weeks_shortened_expected",
    "jeugdhulp_escalations_per_year", "jeugdhulp_cost_eur_per_year", "nuisance_incidents_per_year",
    "halt_per_year", "suspects_per_year",
    "dropouts_per_year", "swf_youths_per_year", "contacts_per_year", "meaningful_relations",
    "protective_mean", "protective_mean_vulnerable", "school_motivation_mean", "street_groups",
    "problem_groups", "jeugdhulp_prevalence_u18_vulnerable", "jeugdhulp_prevalence_u18_other",
)

WIJK_METRICS = (
    "youths_10_23", "youths_10_17", "jeugdhulp_in_care_10_17", "jeugdhulp_prevalence_u18",
    "overlast_registered_per_year", "overlast_incidents_per_year", "suspects_per_year", "halt_per_year",
    "protective_mean", "ambulant_hours_per_week",
)

GROUPS = ("kwetsbaar", "niet_kwetsbaar", "jeugd_en_veiligheid", "jongens", "meisjes", "10_11", "12_17",
          "18_23")
GROUP_METRICS = ("youths", "jeugdhulp_prevalence", "suspects_per_1000", "protective_mean",
                 "mental_problems_share", "nuisance_acts_per_youth")


@dataclass
class RunResult:
    """Compact results of one run (one scenario, one replicate)."""

    label: str
    seed_key: tuple[int, ...]
    scale: float
    start_year: int
    years: list[int]
    burn_in_weeks: int
    weekly: dict[str, np.ndarray]
    kpis: dict[str, np.ndarray]                # name -> (years,)
    per_wijk: dict[str, np.ndarray]            # metric -> (years, 44)
    per_group: dict[str, np.ndarray]           # metric -> (years, groups)
    wijk_codes: tuple[str, ...] = ()
    wijk_names: tuple[str, ...] = ()
    meta: dict = field(default_factory=dict)

    def kpi_means(self) -> dict[str, float]:
        """Yearly means over the simulated years."""
        return {k: float(np.mean(v)) for k, v in self.kpis.items()}


class Recorder:
    """Preallocated result arrays and the yearly KPI computation."""

    def __init__(self, n_weeks: int, n_years: int, n_wijk: int) -> None:
        self.weekly = {k: np.zeros(n_weeks) for k in WEEKLY_SERIES}
        self.kpis = {k: np.zeros(n_years) for k in KPIS}
        self.per_wijk = {k: np.zeros((n_years, n_wijk)) for k in WIJK_METRICS}
        self.per_group = {k: np.zeros((n_years, len(GROUPS))) for k in GROUP_METRICS}
        self.year_acc: dict[str, float] = {}
        self.reset_year()

    def reset_year(self) -> None:
        """Zero the within-year accumulators."""
        self.year_acc = dict.fromkeys(
            ("entries", "entries_specialist", "signalled", "exits", "exit_weeks", "escalations", "prevented",
             "shortened", "registered", "incidents", "halt", "suspects", "dropouts", "contacts",
             "care_cost", "ambulant_hours"), 0.0)

    def record_week(self, model, t: int) -> None:
        """Store this week's city-wide values and add them to the year's accumulators."""
        y, w = model.y, self.weekly
        jh, nu, cr, sc, yw = model.jeugdhulp.week, model.nuisance.week, model.crime.week, model.school.week, \
            model.youthwork.week
        s = model.scale
        in_care = model.jeugdhulp.in_care  # slots in care after this week's jeugdhulp step
        by_level = np.bincount(y.jh_level[in_care], minlength=4)  # youths per care level (none at 0)
        w["in_care"][t] = by_level.sum() * s
        w["in_care_u18"][t] = np.count_nonzero(model.age[in_care] < 18) * s
        w["in_care_stay"][t] = by_level[3] * s
        w["jh_entries"][t] = jh["entries"]
        w["jh_entries_signalled"][t] = jh["entries_signalled"]
        w["jh_exits"][t] = jh["exits"]
        w["jh_escalations"][t] = jh["escalations"]
        w["jh_prevented_expected"][t] = jh["prevented_expected"]
        w["jh_weeks_shortened_expected"][t] = jh["weeks_shortened_expected"]
        w["nuisance_incidents"][t] = nu["incidents"]
        w["nuisance_registered"][t] = nu["registered"]
        w["halt"][t] = cr["halt"]
        w["suspects_new"][t] = cr["suspects"]
        w["dropouts"][t] = sc["dropouts"]
        for form in ("ambulant", "sjw", "wijk", "vso"):
            w[f"contacts_{form}"][t] = yw[f"contacts_{form}"]
        w["signals"][t] = yw["signals"]
        w["ib_caseload"][t] = model.youthwork.ib_count * s
        w["swf_caseload"][t] = model.youthwork.swf_count * s
        w["ib_slots"][t] = model.youthwork.ib_slots * s
        w["swf_slots"][t] = model.youthwork.swf_slots * s
        w["sjw_hours"][t] = yw["sjw_hours"]
        w["sjw_hours_allocated"][t] = yw["sjw_hours_allocated"]
        w["ambulant_hours"][t] = yw["ambulant_hours"]
        w["meaningful_relations"][t] = model.meaningful_count * s
        w["protective_mean"][t] = model.protect_mean
        w["population"][t] = y.n * s
        a = self.year_acc
        a["entries"] += jh["entries"]
        a["entries_specialist"] += jh["entries_specialist"] + jh["entries_stay"]
        a["signalled"] += jh["entries_signalled"]
        a["exits"] += jh["exits"]
        a["exit_weeks"] += jh["exit_weeks"]
        a["escalations"] += jh["escalations"]
        a["prevented"] += jh["prevented_expected"]
        a["shortened"] += jh["weeks_shortened_expected"]
        a["registered"] += nu["registered"]
        a["incidents"] += nu["incidents"]
        a["halt"] += cr["halt"]
        a["suspects"] += cr["suspects"]
        a["dropouts"] += sc["dropouts"]
        a["contacts"] += (yw["contacts_ambulant"] + yw["contacts_sjw"] + yw["contacts_wijk"]
                          + yw["contacts_vso"])
        p = model.params
        cost = np.array([0.0, p["jh_cost_light_eur"], p["jh_cost_specialist_eur"],
                         p["jh_cost_stay_eur"]]) / 52.0
        a["care_cost"] += float(by_level @ cost) * s

    def close_year(self, model, i: int) -> None:
        """Compute the yearly KPIs, per-wijk and per-group tables of simulated year ``i``."""
        y, p, s = model.y, model.params, model.scale
        age = model.age
        k, a = self.kpis, self.year_acc

        def share(flag: np.ndarray, mask: np.ndarray) -> float:
            n = np.count_nonzero(mask)
            return float(np.count_nonzero(flag & mask) / n) if n else 0.0

        u18 = (age >= 10) & (age <= 17)
        m1217 = (age >= 12) & (age <= 17)
        m1823 = age >= 18
        mental = y.R[:, R_MENTAL] > p["mental_problem_threshold"]
        lonely = y.R[:, R_LONELY] > p["loneliness_threshold"]
        arrears = y.R[:, R_DEBT] > p["debt_threshold"]
        pmean = y.P.mean(axis=1)
        nonstud = ~y.student
        vul = y.vulnerable
        k["jeugdhulp_prevalence_u18"][i] = share(y.jh_year_any, u18)
        k["jeugdhulp_prevalence_18_23"][i] = share(y.jh_year_any, m1823)
        k["jeugdhulp_prevalence_u18_vulnerable"][i] = share(y.jh_year_any, u18 & vul)
        k["jeugdhulp_prevalence_u18_other"][i] = share(y.jh_year_any, u18 & ~vul)
        k["jeugdhulp_entries_per_year"][i] = a["entries"]
        k["jeugdhulp_mean_duration_years"][i] = a["exit_weeks"] / a["exits"] / 52.0 if a["exits"] else 0.0
        k["jeugdhulp_with_stay_share"][i] = (np.count_nonzero(y.jh_year_stay)
                                             / np.count_nonzero(y.jh_year_any)
                                             if np.count_nonzero(y.jh_year_any) else 0.0)
        k["jeugdoverlast_registered_per_year"][i] = a["registered"]
        k["halt_per_10k_12_17"][i] = a["halt"] / (np.count_nonzero(m1217) * s) * 1e4
        k["suspects_per_1000_12_17"][i] = share(y.suspect_year, m1217) * 1000
        k["suspects_per_1000_18_24"][i] = share(y.suspect_year, m1823) * 1000
        # VSV is measured among pupils without a startkwalificatie: VO/PRO/VSO and MBO pupils (E1-E3).
        pupils = (age >= 12) & np.isin(y.school_type, (VO, PRO, VSO, MBO))
        k["vsv_rate_12_23"][i] = a["dropouts"] / max(np.count_nonzero(pupils) * s, 1)
        k["mental_problems_12_16"][i] = share(mental, (age >= 12) & (age <= 16))
        k["loneliness_strong_15_25"][i] = share(lonely, age >= 15)
        k["payment_arrears_18_23"][i] = share(arrears, m1823 & nonstud)
        k["vulnerable_share_10_19"][i] = share(vul, age <= 19)
        pv = float(pmean[vul].mean()) if vul.any() else 0.0
        po = float(pmean[~vul & nonstud].mean()) if (~vul & nonstud).any() else 0.0
        k["protective_gap_vulnerable"][i] = po - pv
        k["protective_mean"][i] = float(pmean.mean())
        k["protective_mean_vulnerable"][i] = pv
        k["school_motivation_mean"][i] = float(y.P[:, P_SCHOOLMOTIVATIE].mean())
        k["ib_youths_per_year"][i] = np.count_nonzero(y.programme_year & 1) * s
        k["swf_youths_per_year"][i] = np.count_nonzero(y.programme_year & 2) * s
        alloc = model.youthwork.alloc
        k["youthwork_fte"][i] = alloc.total_fte
        k["youthwork_cost_eur_per_year"][i] = alloc.cost_eur_per_year(p)
        k["jeugdhulp_entries_specialist_per_year"][i] = a["entries_specialist"]
        k["jeugdhulp_entries_accelerated"][i] = a["signalled"]
        k["jeugdhulp_entries_prevented_expected"][i] = a["prevented"]
        k["jeugdhulp_weeks_shortened_expected"][i] = a["shortened"]
        k["jeugdhulp_escalations_per_year"][i] = a["escalations"]
        k["jeugdhulp_cost_eur_per_year"][i] = a["care_cost"]
        k["nuisance_incidents_per_year"][i] = a["incidents"]
        k["halt_per_year"][i] = a["halt"]
        k["suspects_per_year"][i] = a["suspects"]
        k["dropouts_per_year"][i] = a["dropouts"]
        k["contacts_per_year"][i] = a["contacts"]
        k["meaningful_relations"][i] = model.meaningful_count * s
        k["street_groups"][i] = model.n_groups * s
        k["problem_groups"][i] = int(model.nuisance.problem_group.sum()) * s
        # Per wijk.
        n_w = self.per_wijk["youths_10_23"].shape[1]
        wj = y.wijk

        def by_wijk(weights: np.ndarray | None = None, mask: np.ndarray | None = None) -> np.ndarray:
            if mask is None:  # everyone: no copies of the wijken and weights (less temporary memory)
                return np.bincount(wj, weights=weights, minlength=n_w).astype(float)
            wts = None if weights is None else weights[mask]
            return np.bincount(wj[mask], weights=wts, minlength=n_w).astype(float)

        pw = self.per_wijk
        n_all = by_wijk()
        n_u18 = by_wijk(mask=u18)
        pw["youths_10_23"][i] = n_all * s
        pw["youths_10_17"][i] = n_u18 * s
        care_u18 = by_wijk(mask=u18 & y.jh_year_any)
        pw["jeugdhulp_in_care_10_17"][i] = care_u18 * s
        pw["jeugdhulp_prevalence_u18"][i] = np.divide(care_u18, n_u18, out=np.zeros(n_w), where=n_u18 > 0)
        pw["overlast_registered_per_year"][i] = model.nuisance.registered_wijk
        pw["overlast_incidents_per_year"][i] = model.nuisance.incidents_wijk
        pw["suspects_per_year"][i] = by_wijk(mask=y.suspect_year) * s
        pw["halt_per_year"][i] = model.crime.halt_wijk
        pw["protective_mean"][i] = np.divide(by_wijk(weights=pmean), n_all, out=np.zeros(n_w),
                                             where=n_all > 0)
        pw["ambulant_hours_per_week"][i] = model.youthwork.amb_hours * model.youthwork.amb_share
        # Per group.
        masks = (vul, ~vul & nonstud, y.jv, y.male, ~y.male, age <= 11, m1217, m1823)
        pg = self.per_group
        for g, m in enumerate(masks):
            n = np.count_nonzero(m)
            pg["youths"][i, g] = n * s
            pg["jeugdhulp_prevalence"][i, g] = share(y.jh_year_any, m)
            pg["suspects_per_1000"][i, g] = share(y.suspect_year, m) * 1000
            pg["protective_mean"][i, g] = float(pmean[m].mean()) if n else 0.0
            pg["mental_problems_share"][i, g] = share(mental, m)
            pg["nuisance_acts_per_youth"][i, g] = float(y.nuisance_acts_year[m].mean()) if n else 0.0
