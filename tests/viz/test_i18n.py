"""The translation table: both languages for every label, and every key the app uses exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import jwsim.viz
from jwsim.viz.i18n import DEFAULT_LANGUAGE, LABELS, LANGUAGES, UnknownLabelError, t

VIZ_DIR = Path(jwsim.viz.__file__).resolve().parent
FAMILIES = sorted({key.split(".")[0] for key in LABELS})
KEY_PATTERN = re.compile(rf"^({'|'.join(FAMILIES)})\.[a-z0-9_]+(\.[a-z0-9_]+)*$")
LOOKUPS = {"t", "tf"}


def _viz_sources() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(), str(path)) for path in sorted(VIZ_DIR.glob("*.py"))}


def _calls(tree: ast.Module, names: set[str]) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names
    ]


def _key_literals(tree: ast.Module) -> set[str]:
    """Collect the string literals that look like label keys (family names given to ``tr`` are not)."""
    families = {id(call.args[0]) for call in _calls(tree, {"tr"}) if call.args}
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and KEY_PATTERN.match(node.value)
        and id(node) not in families
    }


def _dynamic_families() -> dict[str, set[str]]:
    """Every label family looked up with ``tr(family, name)`` and the names the app can ask for."""
    from jwsim.model.allocation import BK10_FORMS, JC_FORMS, PRIORITY_MODES, TARGETING
    from jwsim.model.params import REGIMES
    from jwsim.model.population import PROTECTIVE, RISK
    from jwsim.viz import explore, page_monitor, stats, tooltips, wijk_views

    return {
        "form": {f"bk10.{f}" for f in BK10_FORMS} | {f"jc.{f}" for f in JC_FORMS},
        "org": {"bk10", "jc"},
        "org_short": {"bk10", "jc"},
        "address": {"restored", "broken"},
        "run": {"reps", "seed", "years"},
        "money_short": {"ambulant_team_investment_eur", "programme_eur"},
        "tip": set(tooltips.CONTROLS),
        "tipsrc": set(tooltips.CONTROLS),
        "priority": set(PRIORITY_MODES),
        "targeting": set(TARGETING),
        "money": {"ambulant_team_investment_eur", "programme_eur"},
        "series": {name for name, _ in stats.SERIES},
        "wijkmetric": set(stats.MAP_METRICS),
        "mapmode": set(wijk_views.MAP_MODES),
        "verdict": {"better", "worse", "unclear", "neutral", "none"},
        "livemetric": set(explore.LIVE_METRICS),
        "dc": set(explore.LIVE_SERIES),
        "pick": set(explore.PICK_KINDS),
        "care": set(explore.CARE_LEVELS),
        "programme": set(explore.PROGRAMMES),
        "event": set(explore.EVENT_KINDS),
        "factor": set(PROTECTIVE) | set(RISK),
        "about.parameters": {"name", "label", "value", "unit", "range", "source", "process"},
        "monitor.col": set(page_monitor.COLUMNS),
        "monitor.regime": set(REGIMES),
        "stale": {"scenario", "reference", "choice"},
    }


def test_dutch_is_the_default_and_english_the_alternative():
    """Dutch comes first and is what ``t`` gives without a language."""
    assert DEFAULT_LANGUAGE == "nl"
    assert LANGUAGES == ("nl", "en")
    assert t("page.results.title") == "Resultaten"
    assert t("page.results.title", "en") == "Results"


@pytest.mark.parametrize("key", sorted(LABELS))
def test_every_label_exists_in_both_languages(key):
    """Every label has a non-empty, finished text in both languages."""
    assert set(LABELS[key]) == set(LANGUAGES)
    for lang in LANGUAGES:
        text = t(key, lang)
        assert text and text.strip() == text, f"{key}/{lang} is empty or has stray whitespace"
        assert not re.search(r"\b(todo|tbd|coming soon|binnenkort|lorem)\b", text, re.IGNORECASE), (key, lang)


def test_unknown_key_or_language_raises():
    """A typo in a key or language fails loudly."""
    with pytest.raises(UnknownLabelError, match="page.nonexistent"):
        t("page.nonexistent", "nl")
    with pytest.raises(UnknownLabelError, match="'de'"):
        t("page.results.title", "de")
    with pytest.raises(KeyError):  # UnknownLabelError is a KeyError, for callers that expect one
        t("", "en")


def test_every_key_used_in_the_app_exists_in_both_languages():
    """Walk viz/*.py: every key given to ``t``/``tf`` (or written as a key literal) has both languages.

    No key is built at run time except through ``tr`` (whose families are checked below).
    """
    used: set[str] = set()
    for path, tree in _viz_sources().items():
        if path.name == "i18n.py" or path.name.startswith("texts_"):
            continue
        for call in _calls(tree, LOOKUPS):
            first = call.args[0] if call.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                used.add(first.value)
            else:
                # two literals to choose from, a variable holding a key literal of this file, or a label_key
                literal_choice = isinstance(first, ast.IfExp) and all(
                    isinstance(branch, ast.Constant) for branch in (first.body, first.orelse)
                )
                assert literal_choice or isinstance(first, (ast.Name, ast.Attribute)), (
                    f"{path.name}:{call.lineno}: give t()/tf() a key, not a key built at run time (use tr())"
                )
        used |= _key_literals(tree)
    assert len(used) > 100, "found (almost) no label keys in the app: the walk is broken"
    missing = {(key, lang) for key in used for lang in LANGUAGES if lang not in LABELS.get(key, {})}
    assert not missing, f"labels used but missing: {sorted(missing)}"


def test_every_family_looked_up_at_run_time_is_complete():
    """``tr(family, name)``: each family the app uses is listed, and has a label for every possible name."""
    families = _dynamic_families()
    for path, tree in _viz_sources().items():
        for call in _calls(tree, {"tr"}):
            if path.name == "i18n.py":
                continue
            first = call.args[0]
            assert isinstance(first, ast.Constant), f"{path.name}:{call.lineno}: tr() needs a literal family"
            where = f"{path.name}:{call.lineno}"
            assert first.value in families, f"{where}: family {first.value!r} is not listed here"
    for family, names in families.items():
        assert names, family
        for name in names:
            for lang in LANGUAGES:
                assert t(f"{family}.{name}", lang), (family, name, lang)


def test_placeholders_match_between_languages():
    """A label with {placeholders} has the same ones in Dutch and English (else one language would fail)."""
    field = re.compile(r"{(\w*)}")
    for key, texts in LABELS.items():
        assert set(field.findall(texts["nl"])) == set(field.findall(texts["en"])), key


def test_every_page_has_a_title_and_a_description():
    """The six pages, in the order of the design, each with a title and a description."""
    from jwsim.viz.app import PAGES

    slugs = ["scenario", "resultaten", "vergelijk", "verken", "verantwoorden", "over"]
    assert [spec.slug for spec in PAGES] == slugs
    titles = [t(spec.label_key, "nl") for spec in PAGES]
    assert titles == ["Scenario", "Resultaten", "Vergelijk", "Verken", "Verantwoorden", "Over het model"]
    for spec in PAGES:
        assert spec.label_key.endswith(".title")
        for lang in LANGUAGES:
            assert t(spec.label_key.replace(".title", ".description"), lang)


def test_disclaimer_says_comparison_not_forecast():
    """The disclaimer says, in both languages, that results compare scenarios and do not forecast."""
    assert "geen voorspelling" in t("about.disclaimer.body", "nl")
    assert "not a forecast" in t("about.disclaimer.body", "en")
    for lang in LANGUAGES:
        assert "scenario" in t("about.disclaimer.body", lang).lower()


def test_policy_words_are_kept():
    """The policy note's words appear in both languages."""
    for word in ("jeugdhulp", "overlast", "SJW", "IB", "wijk", "stadsdeel"):
        assert any(word in t(key, "nl") for key in LABELS), word
        assert any(word in t(key, "en") for key in LABELS), word
