"""Attribution against the counterfactual without youth work (``geen-jongerenwerk``).

With common random numbers, replicate *i* of a scenario and replicate *i* of the counterfactual live in the
same random world, so "what youth work did" is measured as a paired difference, not guessed.
All figures are **per year** (the mean over the simulated years), each with a paired 95% interval:

* *voorkomen* — jeugdhulp trajectories prevented: entries without youth work minus entries with it (net of
  the extra, earlier entries that signalling causes); specialist entries prevented;
* *verkorten* — weeks shorter per ending trajectory, and care-weeks avoided (all pathways together:
  fewer and shorter trajectories), plus the model's direct estimate of care-weeks saved by the relation;
* *versnellen* — entries that followed a youth worker's signal (earlier, lighter help);
* incidents prevented (registered jeugdoverlast and all incidents), Halt referrals, suspects and school
  dropouts prevented, jeugdhulp cost avoided;
* cost-effectiveness — euros of youth work (all Tabel 1 lines, ``budget.spending_per_year``) per prevented
  trajectory and per prevented incident. The cost of an allocation is fixed (no randomness), so Fieller's
  interval for cost / prevented reduces to cost / (the interval of prevented): [cost/hi, cost/lo]. When
  the interval of prevented includes zero the upper end is unbounded, and when nothing is prevented on
  average the ratio is not estimable; both are said, never hidden.
"""

from __future__ import annotations

import numpy as np

from jwsim.model.scenario import Scenario

from .budget import spending_per_year
from .compare import Comparison
from .replicates import ReplicateSet, check_paired, has_interval, no_interval_text, paired_interval

WEEKS_PER_YEAR = 52

# key -> (Dutch label, English label)
ATTRIBUTION_LABELS: dict[str, tuple[str, str]] = {
    "trajectories_prevented": (
        "Jeugdhulptrajecten voorkomen per jaar (netto)",
        "Youth-care trajectories prevented per year (net)",
    ),
    "specialist_entries_prevented": (
        "Specialistische instroom voorkomen per jaar",
        "Specialist entries prevented per year",
    ),
    "weeks_shortened_per_trajectory": (
        "Verkort: weken korter per afgesloten traject",
        "Shortened: weeks shorter per ended trajectory",
    ),
    "care_weeks_avoided": (
        "Zorgweken vermeden per jaar (alle paden)",
        "Care-weeks avoided per year (all pathways)",
    ),
    "need_onsets_prevented": (
        "Voorkomen: nieuwe zorgbehoefte voorkomen per jaar",
        "Prevent: new need for care prevented per year",
    ),
    "need_escalations_prevented": (
        "Voorkomen: verzwaring van zorgbehoefte voorkomen per jaar",
        "Prevent: escalations of need prevented per year",
    ),
    "substitutions": (
        "Voorkomen: lichte hulp vervangen door IB/SWF per jaar",
        "Prevent: light care replaced by IB/SWF per year",
    ),
    "untreated_need_weeks_avoided": (
        "Versnellen: onbehandelde matige/ernstige behoefte vermeden (jongerweken per jaar)",
        "Accelerate: untreated moderate or severe need avoided (youth-weeks per year)",
    ),
    "entries_accelerated": (
        "Versneld: instroom na signaal jongerenwerk per jaar",
        "Accelerated: entries after a youth-work signal per year",
    ),
    "registered_incidents_prevented": (
        "Geregistreerde overlast voorkomen per jaar",
        "Registered nuisance prevented per year",
    ),
    "incidents_prevented": (
        "Overlastincidenten voorkomen per jaar (ook niet gemeld)",
        "Nuisance incidents prevented per year (all)",
    ),
    "halt_prevented": ("Halt-verwijzingen voorkomen per jaar", "Halt referrals prevented per year"),
    "suspects_prevented": ("Verdachten voorkomen per jaar", "Suspects prevented per year"),
    "dropouts_prevented": ("Schooluitval voorkomen per jaar", "School dropouts prevented per year"),
    "jeugdhulp_cost_avoided_eur": (
        "Jeugdhulpkosten vermeden per jaar (€)",
        "Youth-care cost avoided per year (EUR)",
    ),
    "youthwork_cost_eur_per_year": ("Kosten jongerenwerk per jaar (€)", "Cost of youth work per year (EUR)"),
    "eur_per_trajectory_prevented": (
        "€ jongerenwerk per voorkomen traject",
        "EUR youth work per prevented trajectory",
    ),
    "eur_per_registered_incident_prevented": (
        "€ jongerenwerk per voorkomen geregistreerd incident",
        "EUR youth work per prevented registered incident",
    ),
    "eur_per_incident_prevented": (
        "€ jongerenwerk per voorkomen incident (alle)",
        "EUR youth work per prevented incident (all)",
    ),
}

# prevented = counterfactual - scenario (a KPI that youth work should lower)
_LOWER = {
    "trajectories_prevented": "jeugdhulp_entries_per_year",
    "specialist_entries_prevented": "jeugdhulp_entries_specialist_per_year",
    "registered_incidents_prevented": "jeugdoverlast_registered_per_year",
    "incidents_prevented": "nuisance_incidents_per_year",
    "halt_prevented": "halt_per_year",
    "suspects_prevented": "suspects_per_year",
    "dropouts_prevented": "dropouts_per_year",
    "jeugdhulp_cost_avoided_eur": "jeugdhulp_cost_eur_per_year",
    "need_onsets_prevented": "need_onsets_per_year",
    "need_escalations_prevented": "need_escalations_per_year",
    "untreated_need_weeks_avoided": "need_untreated_modsev_weeks",
}
# gained = scenario - counterfactual (a KPI that youth work produces)
_RAISE = {
    "entries_accelerated": "jeugdhulp_entries_accelerated",
    "substitutions": "jeugdhulp_substitutions_per_year",
}
RATIO_METHOD = (
    "Fieller interval with a fixed cost: cost / (95% paired interval of the prevented count); "
    "unbounded above when that interval includes 0"
)


def _care_weeks_per_year(results: ReplicateSet) -> np.ndarray:
    return results.weekly["in_care"].sum(axis=1) / len(results.years)


def cost_ratio(cost: float, prevented: dict[str, float]) -> dict:
    """Euros per prevented case with its interval (Fieller with a fixed numerator), honest when undefined.

    Args:
        cost: yearly euros of youth work (no randomness).
        prevented: mean, lo and hi of the prevented cases per year (paired 95% interval).

    """
    out = {"mean": None, "lo": None, "hi": None, "method": RATIO_METHOD}
    if cost <= 0:
        return {**out, "status": "not_estimable", "reason": "no youth-work cost"}
    if prevented["mean"] <= 0:
        return {**out, "status": "not_estimable", "reason": "nothing prevented on average"}
    out["mean"] = cost / prevented["mean"]
    if not has_interval(prevented):
        return {**out, "status": "no_interval", "reason": no_interval_text("en")}
    out["lo"] = cost / prevented["hi"]
    if prevented["lo"] <= 0:
        return {
            **out,
            "status": "unbounded",
            "reason": "the interval of prevented cases includes 0: the upper end is unbounded",
        }
    out["hi"] = cost / prevented["lo"]
    return {**out, "status": "ok"}


def attribute(
    results: ReplicateSet,
    counterfactual: ReplicateSet,
    scenario: Scenario,
    cf_scenario: Scenario,
) -> dict:
    """Attribution of one scenario against the counterfactual (paired replicates), per year."""
    check_paired(results, counterfactual)

    def change(before: np.ndarray, after: np.ndarray) -> dict[str, float]:
        return paired_interval(before, after).as_dict()

    items: dict[str, dict] = {}
    for key, kpi in _LOWER.items():
        if kpi in results.kpis:  # stored runs of an older model lack later KPIs
            items[key] = change(results.kpi_values(kpi), counterfactual.kpi_values(kpi))
    for key, kpi in _RAISE.items():
        if kpi in results.kpis:
            items[key] = change(counterfactual.kpi_values(kpi), results.kpi_values(kpi))
    dur = "jeugdhulp_mean_duration_years"
    items["weeks_shortened_per_trajectory"] = change(
        results.kpi_values(dur) * WEEKS_PER_YEAR, counterfactual.kpi_values(dur) * WEEKS_PER_YEAR
    )
    items["care_weeks_avoided"] = change(_care_weeks_per_year(results), _care_weeks_per_year(counterfactual))
    years = results.years
    cost = float(np.mean(spending_per_year(scenario, years))) - float(
        np.mean(spending_per_year(cf_scenario, years))
    )
    items["youthwork_cost_eur_per_year"] = {"mean": cost, "lo": cost, "hi": cost}
    ratios = {
        "eur_per_trajectory_prevented": cost_ratio(cost, items["trajectories_prevented"]),
        "eur_per_registered_incident_prevented": cost_ratio(cost, items["registered_incidents_prevented"]),
        "eur_per_incident_prevented": cost_ratio(cost, items["incidents_prevented"]),
    }
    return {**items, **ratios}


def attribution(comp: Comparison) -> dict[str, dict]:
    """Scenario -> attribution against the counterfactual, for every listed scenario except itself."""
    cf = comp.counterfactual
    if cf is None or cf not in comp.results:
        return {}
    return {
        name: attribute(comp.results[name], comp.results[cf], comp.scenarios[name], comp.scenarios[cf])
        for name in comp.names
        if name != cf
    }
