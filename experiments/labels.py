"""Labels of KPIs in Dutch (default) and English, with units, for tables, reports and the app."""

from __future__ import annotations

from jwsim.model.processes import PROCESSES
from jwsim.model.results import declared_yearly

# name: (Dutch, English, unit/format hint), from the processes' declarations (model/processes/).
KPI_LABELS: dict[str, tuple[str, str, str]] = {
    r.name: (r.label_nl, r.label_en, r.fmt) for r in declared_yearly(PROCESSES, "kpis")
}


def kpi_label(name: str, lang: str = "nl") -> str:
    """Return the label of a KPI in ``lang`` ('nl' or 'en'); the name itself if unknown."""
    nl, en, _ = KPI_LABELS.get(name, (name, name, "n"))
    return en if lang == "en" else nl


def fmt(name: str, value: float, lang: str = "nl") -> str:
    """Format a KPI value by its unit hint (Dutch decimal comma in 'nl')."""
    kind = KPI_LABELS.get(name, ("", "", "n"))[2]
    if kind == "%":
        s = f"{100 * value:.1f}%"
    elif kind == "eur":
        s = f"{value:,.0f}"
    elif kind.startswith("f"):
        s = f"{value:.{int(kind[1:])}f}"
    else:
        s = f"{value:,.0f}"
    if lang == "nl":
        s = s.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return s
