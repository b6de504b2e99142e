"""The app shell rendered in-process (no browser): Dutch navigation, page switching, per-render state.

The language switch sits in the app bar, which Solara fills only inside a kernel context; it is tested on its
own here, and end-to-end in tests/browser/test_shell.py.
"""

from __future__ import annotations

import ipyvuetify as v
import solara
from jwsim.viz.app import PAGES, LanguageSwitch, Page
from jwsim.viz.i18n import t


def _render():
    """Render Page inside Solara's default layout, as `solara run` does (the tabs live in the app bar)."""
    return solara.render(solara.AppLayout(children=[Page()]), handle_error=False)[1]


def _tab_labels(rc) -> list[str]:
    return [tab.widget.children[0] for tab in rc.find(v.Tab)]


def _heading(rc) -> str:
    return rc.find(v.Html, tag="h1").widget.children[0]


def test_page_renders_dutch_navigation_and_scenario_page():
    """The app opens in Dutch on the Scenario page."""
    rc = _render()
    assert _tab_labels(rc) == ["Scenario", "Resultaten", "Vergelijk", "Verken", "Over het model"]
    assert _heading(rc) == "Scenario"


def test_navigation_shows_each_page():
    """Each tab shows its page; the last one carries the disclaimer."""
    rc = _render()
    for index, spec in enumerate(PAGES):
        rc.find(v.Tabs).widget.v_model = index
        assert _heading(rc) == t(spec.label_key, "nl")
    assert rc.find(v.Alert, class_="jwsim-disclaimer")


def test_each_render_has_its_own_state():
    """Two renders (two sessions) do not share the chosen page."""
    first, second = _render(), _render()
    first.find(v.Tabs).widget.v_model = 2
    assert _heading(first) == "Vergelijk"
    assert _heading(second) == "Scenario"


def test_language_switch_sets_the_language():
    """The NL/EN buttons set the language and mark the active one for screen readers."""
    lang = solara.reactive("nl")  # per test; the app makes its own per session with use_reactive
    _, rc = solara.render(LanguageSwitch(lang), handle_error=False)
    buttons = {button.children[0]: button for button in rc.find(v.Btn).widgets}
    assert list(buttons) == ["NL", "EN"]
    assert buttons["NL"].attributes["aria-pressed"] == "true"
    buttons["EN"].click()
    assert lang.value == "en"
    buttons = {button.children[0]: button for button in rc.find(v.Btn).widgets}
    assert (buttons["NL"].attributes["aria-pressed"], buttons["EN"].attributes["aria-pressed"]) == (
        "false",
        "true",
    )
