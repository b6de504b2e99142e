"""Numbers as Dutch (and English) users type and read them."""

from __future__ import annotations

import pytest

from jwsim.viz.numbers import NumberInputError, NumberTooLarge, euro, format_number, parse_number


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12,5", 12.5),
        ("12.5", 12.5),
        (" 8 ", 8.0),
        ("0", 0.0),
        (",5", 0.5),
        ("40", 40.0),
    ],
)
def test_hours_accept_the_comma_and_the_point(typed, expected):
    """'12,5' is twelve and a half (a browser number field made it 125), and so is '12.5'."""
    for lang in ("nl", "en"):
        assert parse_number(typed, lang, maximum=40) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("250.000", 250_000),
        ("250,000", 250_000),
        ("€ 270.000", 270_000),
        ("1.250.000", 1_250_000),
        ("0", 0),
        ("12,5", 12.5),
    ],
)
def test_euros_accept_thousands_separators(typed, expected):
    """An amount in euros may carry points (Dutch) or commas (English) between thousands."""
    assert parse_number(typed, "nl", whole=True) == expected


def test_a_dutch_thousands_point_and_decimal_comma_together():
    """1.234,5 (Dutch) and 1,234.5 (English) both mean one thousand two hundred and thirty-four and a half."""
    assert parse_number("1.234,5", "nl") == parse_number("1,234.5", "en") == 1234.5


def test_bad_input_is_refused_in_the_users_language_and_never_capped():
    """No guessing: text, a minus and a value above the maximum each get a message; nothing is capped."""
    with pytest.raises(NumberInputError, match="'twaalf' is geen getal"):
        parse_number("twaalf", "nl")
    with pytest.raises(NumberInputError, match="is not a number"):
        parse_number("12,5,1", "en")
    with pytest.raises(NumberInputError, match="niet negatief"):
        parse_number("-3", "nl")
    with pytest.raises(NumberTooLarge, match="Hoogstens 40"):
        parse_number("45", "nl", maximum=40)
    with pytest.raises(NumberTooLarge, match="At most 40"):
        parse_number("40,5", "en", maximum=40)
    with pytest.raises(NumberInputError, match="Vul een getal in"):
        parse_number("  ", "nl")


def test_numbers_are_written_the_dutch_way_in_dutch():
    """Point between thousands, decimal comma; English the other way round."""
    assert format_number(3_900_744, 0, "nl") == "3.900.744"
    assert format_number(12.5, 1, "nl") == "12,5" and format_number(12.5, 1, "en") == "12.5"
    assert (
        format_number(12.0, 1, "nl", trim=True) == "12" and format_number(12.5, 2, "nl", trim=True) == "12,5"
    )
    assert euro(3_900_744.4, "nl") == "\u20ac 3.900.744" and euro(3_900_744, "en") == "\u20ac 3,900,744"
    assert euro(-48_316, "nl") == "\u2212 \u20ac 48.316"
