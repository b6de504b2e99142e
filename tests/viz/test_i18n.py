"""The translation table: both languages for every label, and every key the app uses exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jwsim.viz
import pytest
from jwsim.viz.i18n import DEFAULT_LANGUAGE, LABELS, LANGUAGES, UnknownLabelError, t

VIZ_DIR = Path(jwsim.viz.__file__).resolve().parent
KEY_PATTERN = re.compile(r"^(app|page|about|term)\.[a-z_]+(\.[a-z_]+)*$")


def _viz_sources() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(), str(path)) for path in sorted(VIZ_DIR.glob("*.py"))}


def _t_calls(tree: ast.Module) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t"
    ]


def _key_literals(tree: ast.Module) -> set[str]:
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY_PATTERN.match(node.value)
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
    """Walk viz/*.py: every key given to ``t`` (or written as a key literal) has both languages."""
    used: set[str] = set()
    for path, tree in _viz_sources().items():
        if path.name == "i18n.py":
            continue
        for call in _t_calls(tree):
            first = call.args[0] if call.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                used.add(first.value)
            else:
                # a key that is not a literal must be a PageSpec.label_key, whose literals are collected below
                assert isinstance(first, ast.Attribute) and first.attr == "label_key", (
                    f"{path.name}:{call.lineno}: give t() a literal key (or a PageSpec.label_key)"
                )
        used |= _key_literals(tree)
    assert len(used) > 10, "found (almost) no label keys in the app: the walk is broken"
    missing = {(key, lang) for key in used for lang in LANGUAGES if lang not in LABELS.get(key, {})}
    assert not missing, f"labels used but missing: {sorted(missing)}"


def test_every_page_has_a_title_and_a_description():
    """The five pages, in the order of the design, each with a title and a description."""
    from jwsim.viz.app import PAGES

    assert [spec.slug for spec in PAGES] == ["scenario", "resultaten", "vergelijk", "verken", "over"]
    titles = [t(spec.label_key, "nl") for spec in PAGES]
    assert titles == ["Scenario", "Resultaten", "Vergelijk", "Verken", "Over het model"]
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
