"""Plain-language sentences (Dutch, with English) about detectability and about what a year taught."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .design import DEFAULT_SURVEY_N, HORIZON, smallest_survey, years_to_detect
from .indicators import BY_NAME

YEARS_NL = {1: "binnen één jaar", 2: "binnen twee jaar", 3: "binnen drie jaar"}
YEARS_EN = {1: "within one year", 2: "within two years", 3: "within three years"}


def num(value: float, decimals: int = 0, lang: str = "nl") -> str:
    """Return a number with thousands separators, Dutch (1.234,5) or English (1,234.5)."""
    text = f"{value:,.{decimals}f}"
    if lang != "nl":
        return text
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def decimals_for(kind: str) -> int:
    """Decimals to show: survey scores on a 0-1 scale need four (effects are small), counts none."""
    return 4 if kind == "survey" else 0


def signed(value: float, decimals: int, lang: str) -> str:
    """Return a number with its sign (+3, -0,004); one that rounds to zero has none (0, 0,0000)."""
    shown = num(abs(value), decimals, lang)
    if round(abs(value), decimals) == 0:
        return shown
    return ("+" if value > 0 else "-") + shown


def _row(rows: Sequence[Mapping], ind: str, regime: str, n: int | None, k: int) -> Mapping | None:
    for r in rows:
        if r["indicator"] == ind and r["regime"] == regime and r["survey_n"] == n and r["years"] == k:
            return r
    return None


def detect_sentence(
    rows: Sequence[Mapping],
    indicator: str,
    regime: str = "central",
    lang: str = "nl",
    survey_n: int = DEFAULT_SURVEY_N,
) -> str:
    """One sentence: can this indicator show the plan's expected effect, how soon, with which survey size."""
    ind = BY_NAME[indicator]
    n = survey_n if ind.kind == "survey" else None
    horizon = max((r["years"] for r in rows if r["indicator"] == indicator), default=HORIZON)
    last = _row(rows, indicator, regime, n, horizon)
    if last is None:
        return ""
    d = decimals_for(ind.kind)
    effect = signed(last["effect"], d, lang)
    k = years_to_detect(rows, indicator, regime, n)
    nl = lang == "nl"
    label = ind.short(lang)
    unit = ind.unit_in(lang)
    lead = (
        (
            f"Een enquête onder {num(n, 0, lang)} jongeren per jaar"
            if nl
            else f"A survey of {num(n, 0, lang)} youths a year"
        )
        if ind.kind == "survey"
        else label
    )
    if k is not None:
        if nl:
            return (
                (
                    f"{lead} toont het verwachte effect op {label.lower()} ({effect} {unit}) "
                    f"{YEARS_NL[k]} met 80% power."
                )
                if ind.kind == "survey"
                else (f"{label} toont het verwachte effect ({effect} {unit}) {YEARS_NL[k]} met 80% power.")
            )
        return (
            (
                f"{lead} detects the expected effect on {label.lower()} ({effect} {unit}) "
                f"{YEARS_EN[k]} with 80% power."
            )
            if ind.kind == "survey"
            else (f"{label} detects the expected effect ({effect} {unit}) {YEARS_EN[k]} with 80% power.")
        )
    power = num(100 * last["power"], 0, lang)
    need = num(last["detectable"], d, lang)
    if ind.kind == "survey":
        better = smallest_survey(rows, indicator, regime)
        if nl:
            tail = (
                f" Een enquête onder {num(better[0], 0, lang)} jongeren lukt dat {YEARS_NL[better[1]]}."
                if better
                else " Ook een grotere enquête (tot de grootste berekende) lukt dat niet."
            )
            return (
                f"{lead} kan het verwachte effect op {label.lower()} ({effect}) niet "
                f"{YEARS_NL[horizon]} aantonen: power {power}%; aantoonbaar is een verschil vanaf "
                f"{need}.{tail}"
            )
        tail = (
            f" A survey of {num(better[0], 0, lang)} youths does so {YEARS_EN[better[1]]}."
            if better
            else " No survey size computed does."
        )
        return (
            f"{lead} cannot show the expected effect on {label.lower()} ({effect}) "
            f"{YEARS_EN[horizon]}: power {power}%; detectable is a difference from {need}.{tail}"
        )
    if nl:
        return (
            f"{label} kan het verwachte effect ({effect} {unit}) niet aantonen tegen de ruis van jaar op "
            f"jaar: power {power}% na {horizon} jaar; aantoonbaar is een verschil vanaf {need} {unit}."
        )
    return (
        f"{label} cannot show the expected effect ({effect} {unit}) against its year-to-year noise: "
        f"power {power}% after {horizon} years; detectable is a difference from {need} {unit}."
    )
