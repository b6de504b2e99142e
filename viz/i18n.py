"""Labels for the app in Dutch (default) and English.

The words follow the policy note *Opdracht Jongerenwerk en Jeugdcoaches 2026-2030*: jeugdhulp, overlast,
SJW, IB, wijk and stadsdeel stay Dutch in the English texts too, because policy makers and researchers use
them as names (a "wijk" in jwsim is one of Nijmegen's 44 wijken, a "stadsdeel" one of its 9 stadsdelen).

The labels of each page live in ``texts_*.py`` next to this module and are merged here.
Every label exists in both languages; ``t`` raises for an unknown key or language, so a typo fails the tests
(tests/viz/test_i18n.py walks every key the app uses) instead of showing an empty label to a user.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from jwsim.viz import texts_about, texts_explore, texts_memo, texts_monitor, texts_results, texts_scenario

LANGUAGES: tuple[str, ...] = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

_LABELS: dict[str, dict[str, str]] = {
    # app shell
    "app.title": {"nl": "jwsim — jongerenwerk Nijmegen", "en": "jwsim — youth work Nijmegen"},
    "app.language": {"nl": "Taal", "en": "Language"},
    "app.page_error": {
        "nl": "Er ging iets mis bij het tonen van deze pagina ({error}). Uw scenario en resultaten zijn "
        "bewaard. Probeer het opnieuw; blijft het misgaan, meld dan deze melding en wat u deed.",
        "en": "Something went wrong while showing this page ({error}). Your scenario and results are kept. "
        "Try again; if it keeps happening, report this message and what you did.",
    },
    "app.retry": {"nl": "Opnieuw proberen", "en": "Try again"},
    "address.restored": {
        "nl": "Uw sessie is hersteld: het scenario, de instellingen en de uitkomsten staan weer zoals ze "
        "waren (uitkomsten komen uit de opslag van de app en worden niet opnieuw berekend als ze daar nog "
        "zijn). Het adres van deze pagina bewaart uw sessie; u kunt het ook delen.",
        "en": "Your session is restored: the scenario, the settings and the outcomes are as they were "
        "(outcomes come from the app's store and are not computed again while they are there). The page's "
        "address keeps your session; you can share it too.",
    },
    "address.broken": {
        "nl": "Het adres van deze pagina bevat een sessie die de app niet kan lezen; u begint opnieuw.",
        "en": "The page's address holds a session the app cannot read; you start afresh.",
    },
    # pages: the title, and what the page is for
    "page.scenario.title": {"nl": "Scenario", "en": "Scenario"},
    "page.scenario.description": {
        "nl": "Hier stelt u een scenario samen: de inzet in fte per werkvorm en organisatie, de uren SJW "
        "per school en de prioriteit per wijk, met de kosten naast het budget.",
        "en": "Here you put a scenario together: FTE per work form and organisation, SJW hours per school "
        "and priority per wijk, with the cost set against the budget.",
    },
    "page.results.title": {"nl": "Resultaten", "en": "Results"},
    "page.results.description": {
        "nl": "Hier ziet u wat een scenario doet met jeugdhulp, overlast, jeugdcriminaliteit, schooluitval "
        "en kosten, als verschil met een referentiescenario, met onzekerheidsmarges, per wijk en door de "
        "tijd.",
        "en": "Here you see what a scenario does to jeugdhulp, overlast, youth crime, school dropout and "
        "cost, as a difference from a reference scenario, with uncertainty intervals, per wijk and over "
        "time.",
    },
    "page.compare.title": {"nl": "Vergelijk", "en": "Compare"},
    "page.compare.description": {
        "nl": "Hier zet u twee tot vier scenario's naast elkaar om te zien welke verdeling van de inzet "
        "waar beter of slechter uitpakt.",
        "en": "Here you put two to four scenarios side by side to see which way of spending the hours "
        "works out better or worse, and where.",
    },
    "page.explore.title": {"nl": "Verken", "en": "Explore"},
    "page.explore.description": {
        "nl": "Hier volgt u één simulatie stap voor stap: hoe de wijken veranderen en hoe het één jongere "
        "vergaat.",
        "en": "Here you follow one simulation step by step: how the wijken change and how one young person "
        "fares.",
    },
    "page.about.title": {"nl": "Over het model", "en": "About the model"},
    "page.about.description": {
        "nl": "Wat jwsim is, waar de getallen vandaan komen en wat u er wel en niet mee kunt.",
        "en": "What jwsim is, where its numbers come from and what you can and cannot use it for.",
    },
    # the "Over het model" page
    "about.what.heading": {"nl": "Wat is jwsim?", "en": "What is jwsim?"},
    "about.what.body": {
        "nl": "jwsim is een computersimulatie (een agent-based model) van het jongerenwerk in Nijmegen. "
        "Het model volgt gesimuleerde jongeren in de wijken en laat zien hoe een andere verdeling van de "
        "tijd van jongerenwerkers en jeugdcoaches — op straat (ambulant), op school (SJW), in individuele "
        "begeleiding (IB) en in de wijk — kan doorwerken in jeugdhulp, overlast en jeugdcriminaliteit. Het "
        "gaat uit van de nota Opdracht Jongerenwerk en Jeugdcoaches 2026-2030 en van openbare cijfers van "
        "CBS en de gemeente Nijmegen.",
        "en": "jwsim is a computer simulation (an agent-based model) of youth work in Nijmegen. It follows "
        "simulated young people in the wijken and shows how spending the time of youth workers and "
        "jeugdcoaches differently — on the street (ambulant), in schools (SJW), in individual guidance (IB) "
        "and in the wijk — can carry through to jeugdhulp, overlast and youth crime. It starts from the "
        "policy note Opdracht Jongerenwerk en Jeugdcoaches 2026-2030 and public figures from CBS and the "
        "municipality of Nijmegen.",
    },
    "about.disclaimer.heading": {"nl": "Let op", "en": "Please note"},
    "about.disclaimer.body": {
        "nl": "Dit is een simulatie, geen voorspelling. Veel parameters zijn onzeker en deels aangenomen, "
        "omdat er geen cijfers per wijk of per werkvorm bestaan. De resultaten zijn vergelijkingen tussen "
        "scenario's — doet de ene verdeling het beter of slechter dan de andere, en hoe zeker is dat — en "
        "geen verwachting van de werkelijke aantallen in een bepaald jaar.",
        "en": "This is a simulation, not a forecast. Many parameters are uncertain and partly assumed, "
        "because no figures exist per wijk or per work form. The results are comparisons between "
        "scenarios — does one way of spending the hours do better or worse than another, and how sure is "
        "that — not predictions of the actual numbers in any year.",
    },
    "about.use.heading": {"nl": "Hoe gebruikt u het?", "en": "How to use it"},
    "about.use.body": {
        "nl": "Gebruik de uitkomsten naast de kennis van jongerenwerkers, jeugdcoaches, scholen en "
        "buurtteams, niet in plaats daarvan.",
        "en": "Use the results alongside the knowledge of youth workers, jeugdcoaches, schools and "
        "buurtteams, not instead of it.",
    },
    # domain words as the policy note uses them, for the pages that follow
    "term.jeugdhulp": {"nl": "jeugdhulp", "en": "jeugdhulp (youth care)"},
    "term.overlast": {"nl": "overlast", "en": "overlast (nuisance)"},
    "term.youth_crime": {"nl": "jeugdcriminaliteit", "en": "youth crime"},
    "term.dropout": {"nl": "schooluitval", "en": "school dropout"},
    "term.sjw": {"nl": "schooljongerenwerk (SJW)", "en": "school youth work (SJW)"},
    "term.ib": {"nl": "individuele begeleiding (IB)", "en": "individual guidance (IB)"},
    "term.ambulant": {"nl": "ambulant jongerenwerk", "en": "ambulant (street) youth work"},
    "term.wijk": {"nl": "wijk", "en": "wijk (neighbourhood)"},
    "term.stadsdeel": {"nl": "stadsdeel", "en": "stadsdeel (district)"},
    "term.fte": {"nl": "fte", "en": "FTE"},
    "term.budget": {"nl": "budget", "en": "budget"},
    "term.cost": {"nl": "kosten", "en": "cost"},
}

for _module in (texts_scenario, texts_results, texts_explore, texts_monitor, texts_memo, texts_about):
    _twice = set(_module.LABELS) & set(_LABELS)
    if _twice:  # a key defined in two places would silently lose one text
        raise RuntimeError(f"{_module.__name__} redefines labels {sorted(_twice)}")
    _LABELS.update(_module.LABELS)

LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {key: MappingProxyType(texts) for key, texts in _LABELS.items()}
)


class UnknownLabelError(KeyError):
    """A label key or language that the translation table does not have."""


def t(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Return the label ``key`` in language ``lang`` ("nl" or "en").

    Raises:
        UnknownLabelError: if the key or the language is not in the table.

    """
    if lang not in LANGUAGES:
        raise UnknownLabelError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
    try:
        return LABELS[key][lang]
    except KeyError:
        raise UnknownLabelError(f"no {lang!r} label for key {key!r}") from None


def tf(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """Return the label ``key`` with its ``{placeholders}`` filled in from ``values``."""
    return t(key, lang).format(**values)


def tr(family: str, name: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """Return the label ``<family>.<name>``, for labels chosen at run time (a KPI, a work form, an event).

    With ``{placeholders}`` filled in from ``values`` if any are given.

    Every family used this way is listed in tests/viz/test_i18n.py with the names it must cover.
    """
    text = t(f"{family}.{name}", lang)
    return text.format(**values) if values else text
