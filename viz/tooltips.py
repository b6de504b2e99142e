"""Tooltips of the Scenario page's controls.

What the control does in the model, and where its numbers come from — read from the parameter registry
(``REGISTRY[name].label_nl/description/value/unit/source``),
so a changed source or value shows up in the app without touching it.

Each control has a sentence in the translation table (``tip.<control>``: what it does, from the
allocation docs in ``model/allocation.py``), a line on the origin of the control's own
number (``tipsrc.<control>``: the policy note or the data file), and the registry parameters that turn
it into model effects.
"""

from __future__ import annotations

from dataclasses import dataclass

from jwsim.model.params import REGISTRY, Param
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
    "bk10.ib": ("ib_hours_per_youth", "ib_mean_weeks", "ib_weekly_gain", "cost_per_fte_bk10"),
    "bk10.wijk": ("direct_share", "wijk_contacts_per_hour", "contact_gain_wijk", "cost_per_fte_bk10"),
    "bk10.vakmanschap": ("vakmanschap_gain_max", "vakmanschap_half_share", "cost_per_fte_bk10"),
    "jc.ambulant": (
        "hours_per_fte",
        "direct_share",
        "ambulant_contacts_per_hour",
        "ambulant_presence_effect",
        "cost_per_fte_jc",
    ),
    "jc.swf": (
        "swf_hours_per_youth",
        "swf_mean_weeks",
        "swf_vso_share",
        "swf_dropout_odds_ratio",
        "cost_per_fte_jc",
    ),
    "jc.vakmanschap": ("vakmanschap_gain_max", "vakmanschap_half_share", "cost_per_fte_jc"),
    "sjw_hours": (
        "sjw_dose_threshold_hours",
        "sjw_dose_width_hours",
        "sjw_direct_share",
        "sjw_contacts_per_hour",
        "contact_gain_sjw",
    ),
    "targeting": ("targeting_selective_weight", "vulnerable_share_10_19"),
    "wijk_priority": ("vulnerable_deprivation_logit_slope", "street_active_threshold"),
    "wijk_weights": ("ambulant_presence_half_hours",),
    "ambulant_team_investment_eur": ("ambulant_team_investment_gain",),
    "programme_eur": (),
}
CONTROLS: tuple[str, ...] = tuple(CONTROL_PARAMS)


@dataclass(frozen=True)
class Tooltip:
    """A control's tooltip: what it does, where its own number comes from, and the parameters it uses."""

    what: str
    origin: str
    parameters: tuple[str, ...]


def _number(value: float, lang: str) -> str:
    text = f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    if lang == "nl":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text


def parameter_line(param: Param, lang: str) -> str:
    """One registry parameter: label, value with unit, and source."""
    label = param.label_nl if lang == "nl" else param.name.replace("_", " ")
    source = param.source
    return f"{label}: {_number(param.value, lang)} {param.unit} \u2014 {t('tip.source', lang)}: {source}"


def tooltip(control: str, lang: str) -> Tooltip:
    """Return the tooltip of ``control`` (one of :data:`CONTROLS`) in ``lang``."""
    names = CONTROL_PARAMS[control]
    return Tooltip(
        what=tr("tip", control, lang),
        origin=tr("tipsrc", control, lang),
        parameters=tuple(parameter_line(REGISTRY[name], lang) for name in names),
    )
