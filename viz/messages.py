"""The model's messages about a scenario, in the user's language.

The model (``model/scenario.py``, ``model/allocation.py``, ``model/params.py``) says in one English line
what is wrong with a scenario: the file, the key, the problem ("mijn.toml: allocation.bk10: 28.5 FTE
allocated but the organisation has 26.5 FTE"). The Dutch app shows the same line in Dutch, with Dutch
numbers; file names and keys stay as they are, because they are what the user finds in the file. Each
message the model can give has a pattern here (``tests/viz/test_messages.py`` makes the model give each
one); a message without a pattern is shown in English after a Dutch sentence saying so, never dropped.
"""

from __future__ import annotations

import re

from jwsim.viz.numbers import localise

_NUMBER = r"-?[\d.]+(?:e[+-]?\d+)?"


def _n(text: str) -> str:
    return localise(text, "nl")


# (pattern of the problem at the end of the line, its Dutch text). Group names: numbers are localised.
_PROBLEMS: tuple[tuple[str, str], ...] = (
    (
        rf"(?P<n>{_NUMBER}) FTE allocated but the organisation has (?P<cap>{_NUMBER}) FTE",
        "{n} fte verdeeld, maar de organisatie heeft {cap} fte",
    ),
    (
        rf"(?P<n>{_NUMBER}) hours per week is more than a school week",
        "{n} uur per week is meer dan een schoolweek (hoogstens 40 uur)",
    ),
    (
        rf"(?P<n>{_NUMBER}) school hours per week exceed the SJW capacity of (?P<cap>{_NUMBER}) h "
        rf"\((?P<fte>{_NUMBER}) FTE\)",
        "{n} schooluren per week is meer dan de {cap} uur die {fte} fte SJW kunnen leveren",
    ),
    (r"unknown school code(?: \(see data/schools\.csv\))?", "onbekende schoolcode (zie data/schools.csv)"),
    (
        r"not a VO/PRO school: SJW is for secondary schools .*",
        "geen vo-school of praktijkonderwijs: SJW is voor het voortgezet onderwijs (het vso krijgt de "
        "SWF-uren van de jeugdcoaches; zie sjw_eligible in data/schools.csv)",
    ),
    (r"unknown wijk code(?: \(see data/wijken\.csv\))?", "onbekende wijkcode (zie data/wijken.csv)"),
    (r"unknown work form \(allowed: (?P<allowed>.*)\)", "onbekende werkvorm (toegestaan: {allowed})"),
    (r"unknown key \(allowed: (?P<allowed>.*)\)", "onbekende sleutel (toegestaan: {allowed})"),
    (r"unknown parameter '(?P<name>[^']*)'", "onbekende parameter '{name}'"),
    (
        rf"parameter '(?P<name>[^']*)' = (?P<v>{_NUMBER}) is outside its range \[(?P<lo>{_NUMBER}), "
        rf"(?P<hi>{_NUMBER})\] (?P<unit>.*)",
        "parameter '{name}' = {v} ligt buiten de bandbreedte [{lo}; {hi}] ({unit})",
    ),
    (
        r"parameter '(?P<name>[^']*)' must be a number, got (?P<type>\w+)",
        "parameter '{name}' moet een getal zijn (nu: {type})",
    ),
    (
        rf"parameter '(?P<name>[^']*)' must be a whole number, got (?P<v>{_NUMBER})",
        "parameter '{name}' moet een heel getal zijn (nu {v})",
    ),
    (r"parameter '(?P<name>[^']*)' is too large.*", "parameter '{name}' is te groot"),
    (r"parameter '(?P<name>[^']*)' must be finite.*", "parameter '{name}' moet een eindig getal zijn"),
    (r"must be a number, got (?P<type>\w+)", "moet een getal zijn (nu: {type})"),
    (r"must be a number", "moet een getal zijn"),
    (r"is too large", "is te groot"),
    (r"must be finite(?:, got .*)?", "moet een eindig getal zijn"),
    (rf"must not be negative, got (?P<n>{_NUMBER})", "mag niet negatief zijn (nu {n})"),
    (r"must be a table, got (?P<type>\w+)", "moet een tabel zijn (nu: {type})"),
    (r"'(?P<v>[^']*)' is not one of (?P<allowed>.*)", "'{v}' is geen van: {allowed}"),
    (r"missing or not a text", "ontbreekt of is geen tekst"),
    (r"missing", "ontbreekt"),
    (r"must be a text", "moet een tekst zijn"),
    (r"must be an array of tables \(\[\[changes\]\]\)", "moet een lijst van tabellen zijn ([[changes]])"),
    (r"must be a year from 2026 on", "moet een jaar vanaf 2026 zijn"),
    (r"changes must be in increasing years", "wijzigingen moeten in oplopende jaren staan"),
    (r"file is larger than (?P<n>\d+) KiB", "het bestand is groter dan {n} KiB"),
    (r"file is empty", "het bestand is leeg"),
    (r"not a UTF-8 text file", "geen tekstbestand (UTF-8)"),
    (r"not valid TOML \((?P<detail>.*)\)", "geen geldig TOML ({detail})"),
    (r"cannot be read \((?P<detail>.*)\)", "kan niet worden gelezen ({detail})"),
)
_COMPILED: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"^(?P<where>.*?)(?P<problem>{pattern})$"), dutch) for pattern, dutch in _PROBLEMS
)
_NUMERIC_GROUPS = {"n", "cap", "fte", "v", "lo", "hi"}
UNTRANSLATED = "Het model meldt (in het Engels):"


def scenario_error_text(message: str, lang: str) -> str:
    """Return the model's one-line message about a scenario in ``lang`` (Dutch numbers in Dutch)."""
    if lang != "nl" or not message:
        return message
    for pattern, dutch in _COMPILED:
        match = pattern.match(message)
        if match is None:
            continue
        values: dict[str, str] = {
            name: (_n(value) if name in _NUMERIC_GROUPS else value)
            for name, value in match.groupdict().items()
            if value is not None and name not in ("where", "problem")
        }
        return match.group("where") + dutch.format(**values)
    return f"{UNTRANSLATED} {message}"
