"""Numbers as people type and read them: Dutch (12,5 and 3.900.744) or English (12.5 and 3,900,744).

The Dutch app writes a decimal comma and a point between thousands, and reads what a Dutch user types:
"12,5" is twelve and a half hours (a browser's number field made it 125), "12.5" too, and "250.000" is a
quarter of a million euros. A text that is no number is refused with a message in the user's language;
nothing is guessed and nothing is silently capped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from jwsim.viz.i18n import tf

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f']")
_GROUPED = re.compile(r"^\d{1,3}([.,])\d{3}(\1\d{3})*$")  # 250.000 or 1,234,567: thousands only


class NumberInputError(ValueError):
    """Typed text that is not an acceptable number; ``str()`` is the message in the user's language."""


class NumberTooLarge(NumberInputError):
    """A number above the field's maximum."""


def localise(text: str, lang: str) -> str:
    """Turn a number written the English way (``1,234.5``) into the Dutch way (``1.234,5``) for 'nl'."""
    if lang != "nl":
        return text
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def format_number(value: float, decimals: int, lang: str, trim: bool = False, grouped: bool = True) -> str:
    """Return ``value`` with ``decimals`` decimals and thousands separators, in the language's notation.

    ``trim`` drops trailing zeros (13,50 -> 13,5; 13,00 -> 13), for values that are usually whole;
    ``grouped=False`` leaves out the thousands separators (a seed or a year: 2026, not 2.026).
    """
    text = f"{value:{',' if grouped else ''}.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", "-0.0"):
        text = text[1:]
    return localise(text, lang)


def number_format(lang: str, least: int = 0, percent: bool = False) -> Callable[[float, int], str]:
    """Return ``format(value, decimals)`` for figure scales: at least ``least`` decimals, more when asked.

    ``decimals`` is what a scale needs to tell its ticks apart (``figures.wijk_map``). With ``percent`` a
    share is written as a percentage (0.125 -> 12,5%), the decimals counted on the share.
    """
    if percent:
        return lambda value, decimals=0: f"{format_number(100 * value, max(least, decimals - 2), lang)}%"
    return lambda value, decimals=0: format_number(value, max(least, decimals), lang)


def signed(text: str) -> str:
    """Put a sign before a formatted number: '+1,5', '−1,5' (a real minus), '0'."""
    if text.startswith("-"):
        return "\u2212" + text[1:]
    return text if text.strip("0,.") == "" else "+" + text


def euro(value: float, lang: str) -> str:
    """Return a whole amount of euros: ``€ 3.900.744`` (Dutch) or ``€ 3,900,744`` (English)."""
    return f"\u20ac {format_number(round(value), 0, lang)}".replace("\u20ac -", "\u2212 \u20ac ")


def parse_number(text: str, lang: str, *, whole: bool = False, maximum: float | None = None) -> float:
    """Read a number as typed: a decimal comma or point; with ``whole``, points or commas between thousands.

    Args:
        text: what the user typed ("12,5", "12.5", " 8 ", "250.000", "€ 250.000").
        lang: the language of the messages.
        whole: an amount in whole units (euros): "250.000" and "250,000" are 250000.
        maximum: the largest value allowed (a message says so; the value is not capped).

    Raises:
        NumberInputError: not a number, negative, or above ``maximum``.

    """
    raw = _SPACES.sub("", str(text)).lstrip("\u20ac").replace("\u2212", "-")
    if not raw:
        raise NumberInputError(tf("number.empty", lang))
    body = raw[1:] if raw[0] in "+-" else raw
    if whole and _GROUPED.match(body):
        body = body.replace(",", "").replace(".", "")
    elif "," in body and "." in body:  # 1.234,5 or 1,234.5: the last one is the decimal separator
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        body = body.replace("." if decimal == "," else ",", "").replace(",", ".")
    else:
        body = body.replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d*)?|\.\d+", body):
        raise NumberInputError(tf("number.not_a_number", lang, text=str(text).strip()[:40]))
    value = float(body)
    if raw[0] == "-" and value != 0:
        raise NumberInputError(tf("number.negative", lang))
    if not math.isfinite(value):
        raise NumberInputError(tf("number.not_a_number", lang, text=str(text).strip()[:40]))
    if maximum is not None and value > maximum:
        raise NumberTooLarge(tf("number.too_large", lang, maximum=format_number(maximum, 1, lang, trim=True)))
    return value
