"""Labels of KPIs in Dutch (default) and English, with units, for tables, reports and the app."""

from __future__ import annotations

from jwsim.model.processes import PROCESSES
from jwsim.model.results import declared_yearly

# name: (Dutch, English, unit/format hint), from the processes' declarations (model/processes/).
KPI_LABELS: dict[str, tuple[str, str, str]] = {
    r.name: (r.label_nl, r.label_en, r.fmt) for r in declared_yearly(PROCESSES, "kpis")
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
    "evidence": ("Bewijsregime", "Evidence regime"),  # not a lever: the design factor of the regime
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
