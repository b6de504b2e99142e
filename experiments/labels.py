"""Labels of KPIs in Dutch (default) and English, with units, for tables, reports and the app."""

from __future__ import annotations

KPI_LABELS: dict[str, tuple[str, str, str]] = {
    # name: (Dutch, English, unit/format hint)
    "jeugdhulp_prevalence_u18": ("Jeugdhulp 10-17 jaar (aandeel per jaar)",
                                 "Youth care 10-17 (share per year)", "%"),
    "jeugdhulp_entries_per_year": ("Instroom jeugdhulp per jaar", "Youth-care entries per year", "n"),
    "jeugdhulp_mean_duration_years": ("Gemiddelde duur jeugdhulptraject (jaar)",
                                      "Mean youth-care trajectory (years)", "f2"),
    "jeugdhulp_with_stay_share": ("Aandeel jeugdhulp met verblijf", "Share of youth care with stay", "%"),
    "jeugdoverlast_registered_per_year": ("Geregistreerde jeugdoverlast per jaar",
                                          "Registered youth nuisance per year", "n"),
    "halt_per_10k_12_17": ("Halt-verwijzingen per 10.000 12-17-jarigen",
                           "Halt referrals per 10,000 aged 12-17", "f1"),
    "suspects_per_1000_12_17": ("Verdachten per 1.000 12-17-jarigen", "Suspects per 1,000 aged 12-17", "f1"),
    "suspects_per_1000_18_24": ("Verdachten per 1.000 18-23-jarigen", "Suspects per 1,000 aged 18-23", "f1"),
    "vsv_rate_12_23": ("Voortijdig schoolverlaten (VSV) 12-23", "Early school leaving (VSV) 12-23", "%"),
    "mental_problems_12_16": ("Psychische problemen 12-16 jaar", "Mental problems 12-16", "%"),
    "loneliness_strong_15_25": ("Sterk eenzaam 15-23 jaar", "Strongly lonely 15-23", "%"),
    "payment_arrears_18_23": ("Betalingsachterstand 18-23 jaar", "Payment arrears 18-23", "%"),
    "vulnerable_share_10_19": ("Aandeel kwetsbare jongeren 10-19", "Share of vulnerable youths 10-19", "%"),
    "protective_gap_vulnerable": ("Achterstand beschermende factoren kwetsbaar",
                                  "Protective-factor gap, vulnerable", "f3"),
    "ib_youths_per_year": ("Jongeren in individuele begeleiding per jaar",
                           "Youths in individual guidance per year", "n"),
    "youthwork_fte": ("Jongerenwerk en jeugdcoaches (FTE)", "Youth work and jeugdcoaches (FTE)", "f1"),
    "youthwork_cost_eur_per_year": ("Kosten jongerenwerk per jaar (€)",
                                    "Cost of youth work per year (EUR)", "eur"),
    "jeugdhulp_prevalence_18_23": ("Jeugdhulp 18-23 jaar (aandeel per jaar)",
                                   "Youth care 18-23 (share per year)", "%"),
    "jeugdhulp_entries_specialist_per_year": ("Instroom specialistische jeugdhulp per jaar",
                                              "Specialist youth-care entries per year", "n"),
    "jeugdhulp_entries_accelerated": ("Versneld: instroom na signaal jongerenwerk",
                                      "Accelerated: entries after a youth-work signal", "n"),
    "jeugdhulp_entries_prevented_expected": ("Voorkomen: verwachte instroom voorkomen (relatie)",
                                             "Prevented: expected entries prevented (relation)", "f1"),
    "jeugdhulp_weeks_shortened_expected": ("Verkort: verwachte zorgweken bespaard (relatie)",
                                           "Shortened: expected care-weeks saved (relation)", "n"),
    "jeugdhulp_escalations_per_year": ("Opschaling naar zwaardere jeugdhulp per jaar",
                                       "Escalations to heavier care per year", "n"),
    "jeugdhulp_cost_eur_per_year": ("Kosten jeugdhulp per jaar (€)",
                                    "Cost of youth care per year (EUR)", "eur"),
    "nuisance_incidents_per_year": ("Overlastincidenten per jaar (ook niet gemeld)",
                                    "Nuisance incidents per year (incl. unreported)", "n"),
    "halt_per_year": ("Halt-verwijzingen per jaar", "Halt referrals per year", "n"),
    "suspects_per_year": ("Verdachten 12-23 per jaar", "Suspects 12-23 per year", "n"),
    "dropouts_per_year": ("Schooluitvallers per jaar", "School dropouts per year", "n"),
    "swf_youths_per_year": ("Jongeren in School-Werk-Fit per jaar",
                            "Youths in School-Werk-Fit per year", "n"),
    "contacts_per_year": ("Contacten jongerenwerk per jaar", "Youth-work contacts per year", "n"),
    "meaningful_relations": ("Betekenisvolle relaties (eind jaar)",
                             "Meaningful relations (end of year)", "n"),
    "protective_mean": ("Gemiddelde beschermende factoren", "Mean protective factors", "f3"),
    "protective_mean_vulnerable": ("Beschermende factoren kwetsbare jongeren",
                                   "Protective factors, vulnerable youths", "f3"),
    "school_motivation_mean": ("Gemiddelde schoolmotivatie", "Mean school motivation", "f3"),
    "street_groups": ("Jeugdgroepen op straat", "Street groups", "n"),
    "problem_groups": ("Problematische jeugdgroepen", "Problematic youth groups", "n"),
    "jeugdhulp_prevalence_u18_vulnerable": ("Jeugdhulp 10-17, kwetsbaar",
                                            "Youth care 10-17, vulnerable", "%"),
    "jeugdhulp_prevalence_u18_other": ("Jeugdhulp 10-17, overig", "Youth care 10-17, others", "%"),
}


FORM_LABELS = {  # work forms of the allocation: (Dutch, English)
    "ambulant": ("ambulant", "ambulant work"),
    "sjw": ("SJW", "SJW"),
    "ib": ("IB", "IB (individual guidance)"),
    "wijk": ("wijkwerk", "wijk work"),
    "vakmanschap": ("vakmanschap", "professional development"),
    "swf": ("School-Werk-Fit", "School-Werk-Fit"),
}
LEVER_LABELS = {  # levers that are not an FTE per work form: (Dutch, English)
    "sjw.hours_per_school": ("SJW-uren per school per week", "SJW hours per school per week"),
    "sjw.schools": ("Scholen met SJW", "Schools with SJW"),
    "alloc.ambulant_team_investment_eur": ("Investering ambulant team (€/jaar)",
                                           "Ambulant team investment (EUR/year)"),
    "alloc.programme_eur": ("Programmageld (€/jaar)", "Programme lines (EUR/year)"),
    "alloc.targeting": ("Inzet (universeel of selectief)", "Targeting (universal or selective)"),
    "alloc.wijk_priority": ("Verdeling over wijken", "Priority of wijken"),
}
ORG_LABELS = {"bk10": ("Bindkracht10", "Bindkracht10"), "jc": ("jeugdcoaches", "jeugdcoaches")}


def factor_label(name: str, lang: str = "nl") -> str:
    """Return the label of a design factor: a registry parameter's label, or a lever's; else the name."""
    from jwsim.model.params import REGISTRY  # noqa: PLC0415

    i = 0 if lang == "nl" else 1
    if name in REGISTRY:
        return REGISTRY[name].label(lang)
    if name in LEVER_LABELS:
        return LEVER_LABELS[name][i]
    org, _, form = name.partition(".")
    if org in ORG_LABELS and form in FORM_LABELS:
        return f"{ORG_LABELS[org][i]}: {FORM_LABELS[form][i]} (FTE)"
    return name


def localised(texts: dict[str, tuple[str, str]], key: str, lang: str, **kw) -> str:
    """Return ``texts[key]`` (a (Dutch, English) pair) in ``lang``, formatted with ``kw``."""
    text = texts[key][0 if lang == "nl" else 1]
    return text.format(**kw) if kw else text


def kpi_label(name: str, lang: str = "nl") -> str:
    """Return the label of a KPI in ``lang`` ('nl' or 'en'); the name itself if unknown."""
    nl, en, _ = KPI_LABELS.get(name, (name, name, "n"))
    return en if lang == "en" else nl


def fmt(name: str, value: float, lang: str = "nl", extra_decimals: int = 0) -> str:
    """Format a KPI value by its unit hint (Dutch decimal comma in 'nl'), with ``extra_decimals`` more."""
    kind = KPI_LABELS.get(name, ("", "", "n"))[2]
    if kind == "%":
        s = f"{100 * value:.{1 + extra_decimals}f}%"
    elif kind.startswith("f"):
        s = f"{value:.{int(kind[1:]) + extra_decimals}f}"
    else:
        s = f"{value:,.{extra_decimals}f}"
    if lang == "nl":
        s = s.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return s
