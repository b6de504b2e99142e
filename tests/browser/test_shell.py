"""The app shell in a real Chromium against the real server.

Offline, Dutch by default, English on request, six pages, and separate state per browser session.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from jwsim.viz.app import PAGES
from jwsim.viz.i18n import t

pytestmark = pytest.mark.browser

TAB_LABELS = {lang: [t(spec.label_key, lang) for spec in PAGES] for lang in ("nl", "en")}


def tab(page: Page, name: str) -> Locator:
    """Find the navigation tab with exactly this label."""
    return page.get_by_role("tab", name=name, exact=True)


def expect_navigation(page: Page, lang: str) -> None:
    """Check that all six tabs carry the labels of ``lang``."""
    for label in TAB_LABELS[lang]:
        expect(tab(page, label)).to_be_visible()


def expect_heading(page: Page, title: str) -> None:
    """Check the page's one h1."""
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_loads_offline_in_dutch(app, app_server, shoot):
    """The page loads from the local server only and shows the Dutch navigation and the Scenario page."""
    page = app.page
    expect_navigation(page, "nl")
    expect_heading(page, t("page.scenario.title", "nl"))
    expect(page.get_by_text(t("page.scenario.description", "nl"))).to_be_visible()
    expect(page).to_have_title(t("app.title", "nl"))
    shoot(page, "scenario-nl")
    # The outlined money fields stand apart: the lower one's label (on its top border) clears the upper field.
    upper = page.locator(".jwsim-money-ambulant_team_investment_eur").bounding_box()
    lower = page.locator(".jwsim-money-programme_eur").bounding_box()
    assert lower["y"] - (upper["y"] + upper["height"]) >= 8, (upper, lower)

    assert app.watch.urls, "the page made no requests at all"
    assert not app.watch.non_local_urls(), f"requests off the local server: {app.watch.non_local_urls()}"
    assert any("/_solara/cdn/" in url for url in app.watch.urls), "Solara's front end was not served locally"
    assert "Could not load URL" not in app_server.log(), "the server tried to fetch a file from a CDN"
    assert app.ready_s < 15


def test_language_switch_changes_labels(app, shoot):
    """Switching to English relabels the navigation and the page; switching back restores Dutch."""
    page = app.page
    expect(page.get_by_role("button", name="NL", exact=True)).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="EN", exact=True).click()
    expect_navigation(page, "en")
    expect(page.get_by_role("button", name="EN", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="NL", exact=True)).to_have_attribute("aria-pressed", "false")
    for dutch_only in ("Resultaten", "Vergelijk", "Verken", "Over het model"):
        expect(tab(page, dutch_only)).to_have_count(0)
    expect(page.get_by_text(t("page.scenario.description", "en"))).to_be_visible()
    expect(page).to_have_title(t("app.title", "en"))
    shoot(page, "scenario-en")

    page.get_by_role("button", name="NL", exact=True).click()
    expect_navigation(page, "nl")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_navigation_shows_each_page(app, shoot, lang):
    """Each tab shows its page's title and the sentence that says what the page is for."""
    page = app.page
    if lang == "en":
        page.get_by_role("button", name="EN", exact=True).click()
    for spec in PAGES:
        tab(page, t(spec.label_key, lang)).click()
        expect_heading(page, t(spec.label_key, lang))
        description = t(spec.label_key.replace(".title", ".description"), lang)
        expect(page.get_by_text(description)).to_be_visible()
        expect(tab(page, t(spec.label_key, lang))).to_have_attribute("aria-selected", "true")
    shoot(page, f"about-{lang}")
    # the last page is "Over het model": what the tool is, and the disclaimer
    expect(page.get_by_text(t("about.what.body", lang))).to_be_visible()
    expect(page.get_by_text(t("about.disclaimer.body", lang))).to_be_visible()


def test_two_sessions_keep_their_own_state(new_context, open_app, watch, shoot):
    """Two browser contexts at once: language and page chosen in one do not leak into the other."""
    first = new_context().new_page()
    second = new_context().new_page()
    watch(first, "first")
    watch(second, "second")
    open_app(first)
    open_app(second)

    first.get_by_role("button", name="EN", exact=True).click()
    tab(first, "Compare").click()
    expect_heading(first, "Compare")

    expect_navigation(second, "nl")
    expect_heading(second, "Scenario")
    tab(second, "Verken").click()
    expect_heading(second, "Verken")

    expect_navigation(first, "en")
    expect_heading(first, "Compare")
    shoot(first, "first-en-compare")
    shoot(second, "second-nl-verken")
