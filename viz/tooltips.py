"""Tooltips of the Scenario page's controls.

What the control does in the model, and where its numbers come from — read from the parameter registry
(``REGISTRY[name].label_nl/description/value/unit/source``),
so a changed source or value shows up in the app without touching it. Sources are shown as readable
citations (``jwsim.model.sources.readable_source``: "Filges e.a. 2022, Campbell-review outreach (onbeslist)
[I5.1]" instead of "I5.1"), units and numbers in the user's language.

Each control has a sentence in the translation table (``tip.<control>``: what it does, from the
allocation docs in ``model/allocation.py``), a line on the origin of the control's own
number (``tipsrc.<control>``: the policy note or the data file), and the registry parameters that turn
it into model effects.
"""

from __future__ import annotations

from dataclasses import dataclass

from jwsim.model.params import REGISTRY, Param
from jwsim.model.sources import readable_source
from jwsim.viz.i18n import t, tr

CONTROL_PARAMS: dict[str, tuple[str, ...]] = {
    "bk10.ambulant": (
        "hours_per_fte",
        "direct_share",
        "ambulant_contacts_per_hour",
        "ambulant_presence_effect",
        "ambulant_event_boost",
        "cost_per_fte_bk10",
    ),
    "bk10.sjw": (
        "hours_per_fte",
        "sjw_direct_share",
        "sjw_contacts_per_hour",
        "sjw_dose_threshold_hours",
        "cost_per_fte_bk10",
    ),
    "bk10.ib": ("ib_hours_per_youth", "ib_mean_weeks", "d_ib", "cost_per_fte_bk10"),
    "bk10.wijk": ("direct_share", "wijk_contacts_per_hour", "d_wijk", "wijk_share_meidenwerk",
                  "wijk_share_online", "wijk_share_schulden", "cost_per_fte_bk10"),
    "bk10.vakmanschap": ("vakmanschap_half_share", "vakmanschap_targeting_gain", "vakmanschap_signal_gain",
                         "cost_per_fte_bk10"),
    "jc.ambulant": (
        "hours_per_fte",
        "direct_share",
        "ambulant_contacts_per_hour",
        "ambulant_presence_effect",
        "d_ambulant",
        "cost_per_fte_jc",
    ),
    "jc.swf": (
        "swf_hours_per_youth",
        "swf_mean_weeks",
        "swf_vso_share",
        "swf_dropout_odds_ratio",
        "d_swf",
        "cost_per_fte_jc",
    ),
    "jc.vakmanschap": ("vakmanschap_half_share", "vakmanschap_targeting_gain", "vakmanschap_signal_gain",
                       "cost_per_fte_jc"),
    "sjw_hours": (
        "sjw_dose_threshold_hours",
        "sjw_dose_width_hours",
        "sjw_direct_share",
        "sjw_contacts_per_hour",
        "d_sjw",
    ),
    "targeting": ("targeting_selective_weight", "vulnerable_share_10_19"),
    "wijk_priority": ("vulnerable_deprivation_logit_slope", "street_active_threshold"),
    "wijk_weights": ("ambulant_presence_half_hours",),
    "ambulant_team_investment_eur": ("ambulant_investment_group_gain", "ambulant_investment_signal_gain"),
    "programme_eur": ("cost_per_fte_bk10", "po_familiarity_reach_gain", "d_po"),
}
CONTROLS: tuple[str, ...] = tuple(CONTROL_PARAMS)


@dataclass(frozen=True)
class Tooltip:
    """A control's tooltip: what it does, where its own number comes from, and the parameters it uses."""

    what: str
    origin: str
    parameters: tuple[str, ...]


# The registry's units (English) as a Dutch reader writes them.
UNITS_NL: dict[str, str] = {
    "1/week": "per week",
    "1/year": "per jaar",
    "EUR/year": "€ per jaar",
    "delinquency units": "delinquentie-eenheden",
    "extra weight": "extra gewicht",
    "factor units per unit": "factoreenheden per eenheid",
    "index units": "indexpunten",
    "log-ratio per risk unit": "log-verhouding per eenheid risico",
    "quantile": "kwantiel",
    "risk units": "risico-eenheden",
    "EUR/FTE/year": "€ per fte per jaar",
    "EUR/client-year": "€ per cliëntjaar",
    "acts/youth/week": "gedragingen per jongere per week",
    "contacts/hour": "contacten per uur",
    "extra reduction": "extra vermindering",
    "extra weight per unit online risk": "extra gewicht per eenheid online risico",
    "familiarity": "bekendheid",
    "factor units": "factoreenheden",
    "factor units per index": "factoreenheden per indexpunt",
    "factor units/contact": "factoreenheden per contact",
    "factor units/week": "factoreenheden per week",
    "hazard increase at full relation": "hogere kans bij een volledige relatie",
    "hazard ratio": "kansverhouding (hazard ratio)",
    "hazard reduction at full relation": "lagere kans bij een volledige relatie",
    "hours": "uur",
    "hours/school/week": "uur per school per week",
    "hours/week": "uur per week",
    "hours/wijk/week": "uur per wijk per week",
    "km": "km",
    "log-hazard per protective unit": "log-kans per eenheid bescherming",
    "log-hazard per risk unit": "log-kans per eenheid risico",
    "log-hazard per unit": "log-kans per eenheid",
    "log-rate per unit": "log-frequentie per eenheid",
    "logit per unit index": "logit per indexpunt",
    "max. reduction": "maximale vermindering",
    "mean delinquency": "gemiddelde delinquentie",
    "odds ratio": "odds ratio",
    "probability": "kans",
    "ratio": "verhouding",
    "relation strength": "sterkte van de relatie",
    "relative attraction": "relatieve aantrekking",
    "relative contact weight": "relatief contactgewicht",
    "relative effect": "relatief effect",
    "relative effectiveness": "relatieve effectiviteit",
    "relative extra weight": "relatief extra gewicht",
    "relative signal probability": "relatieve signaleringskans",
    "risk per protective unit": "risico per eenheid bescherming",
    "share": "aandeel",
    "share of FTE": "aandeel van de fte",
    "share of gap": "aandeel van de achterstand",
    "share/year of age": "aandeel per levensjaar",
    "share of wijk FTE": "aandeel van de fte wijkwerk",
    "street propensity": "neiging tot straatleven",
    "ties per youth (half-degree)": "vriendschappen per jongere (halve graad)",
    "weeks": "weken",
    "weight": "gewicht",
    "years": "jaar",
    "youths": "jongeren",
    "SD at full exposure": "SD bij volledige blootstelling",
    "SD at relation 1": "SD bij een volledige relatie",
    "hazard reduction": "lagere kans",
    "log-hazard per SD": "log-kans per SD",
    "probability/week": "kans per week",
    "relative increase": "relatieve toename",
}


def unit_label(unit: str, lang: str) -> str:
    """Return a registry unit in ``lang`` (Dutch from :data:`UNITS_NL`; the registry's own in English)."""
    return UNITS_NL.get(unit, unit) if lang == "nl" else unit


def format_parameter_value(value: float, lang: str) -> str:
    """Return a parameter value with four significant digits (whole euros above 1000), Dutch or English."""
    text = f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    if lang == "nl":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text


def parameter_line(param: Param, lang: str) -> str:
    """One registry parameter: label, value with unit, and its source as a readable citation."""
    label = param.label_nl if lang == "nl" else param.name.replace("_", " ")
    value = format_parameter_value(param.value, lang)
    source = readable_source(param.source, lang)
    return f"{label}: {value} {unit_label(param.unit, lang)} \u2014 {t('tip.source', lang)}: {source}"


def tooltip(control: str, lang: str) -> Tooltip:
    """Return the tooltip of ``control`` (one of :data:`CONTROLS`) in ``lang``."""
    names = CONTROL_PARAMS[control]
    return Tooltip(
        what=tr("tip", control, lang),
        origin=tr("tipsrc", control, lang),
        parameters=tuple(parameter_line(REGISTRY[name], lang) for name in names),
    )
