"""The Vergelijk and Verken pages in a real Chromium against the real server, and two people at once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
RESULT_TIMEOUT_MS = 120_000  # a preview needs ~5 s on an idle machine; the cores are shared with the tests


def tab(page: Page, name: str):
    """Return the navigation tab with exactly this label."""
    return page.get_by_role("tab", name=name, exact=True)


def test_compare_three_scenarios_with_paired_differences(app, shoot):
    """Two presets are chosen already; add a third, run: the table has each scenario and each difference."""
    page = app.page
    tab(page, "Vergelijk").click()
    chips = page.locator(".jwsim-compare-pick .v-chip")
    expect(chips).to_have_text(["huidig-2025", "opdracht-2026"])
    page.locator(".jwsim-compare-pick").click()
    page.get_by_role("option", name="groter-ambulant-team", exact=True).click()
    expect(chips).to_have_count(3)
    page.keyboard.press("Escape")

    page.get_by_role("button", name="Bereken", exact=True).click()
    table = page.locator(".jwsim-compare-table")
    expect(table).to_be_visible(timeout=RESULT_TIMEOUT_MS)
    headers = table.locator("thead th")
    expect(headers).to_have_text(
        [
            "Uitkomst",
            "huidig-2025",
            "opdracht-2026",
            "groter-ambulant-team",
            "opdracht-2026 \u2212 huidig-2025",
            "groter-ambulant-team \u2212 huidig-2025",
        ]
    )
    overlast = table.locator("tr.jwsim-compare-jeugdoverlast_registered_per_year td")
    expect(overlast.nth(4)).to_contain_text(re.compile(r"\[.*;.*\]"))  # a paired difference with its interval
    expect(page.locator(".jwsim-compare-maps img.jwsim-figure")).to_have_count(2)  # one map per difference
    expect(page.locator(".jwsim-result-caption")).to_contain_text(
        "Voorlopig: 3 herhalingen met 1 op 10 jongeren"
    )
    # The full comparison (every youth, 6 replicates) is still running: cancel it.
    page.get_by_role("button", name="Annuleren").click()
    expect(page.locator(".jwsim-run-status")).to_have_text("Berekening geannuleerd.")
    expect(page.get_by_role("button", name="Bereken", exact=True)).to_be_enabled()
    expect(table).to_be_visible()  # the preview stays
    shoot(page, "compare")


def test_explore_step_play_pause_reset_and_follow_a_youth(app, shoot):
    """Step, four weeks, follow a vulnerable youth, play and pause, reset: the week and the map follow."""
    page = app.page
    tab(page, "Verken").click()
    expect(page.locator(".jwsim-explore-none")).to_be_visible()
    page.get_by_role("button", name="Nieuwe simulatie").click()
    week = page.locator(".jwsim-week")
    expect(week).to_have_text(re.compile(r"^Week 0 van 312"))
    page.get_by_role("button", name="Stap (1 week)").click()
    expect(week).to_have_text("Week 1 van 312 \u2014 2025, week 1")
    page.get_by_role("button", name="4 weken").click()
    expect(week).to_have_text("Week 5 van 312 \u2014 2025, week 5")
    expect(page.locator("img.jwsim-live-map")).to_be_visible()
    expect(page.locator(".jwsim-burn-in")).to_be_visible()

    page.get_by_role("button", name="kwetsbaar", exact=True).click()
    inspector = page.locator(".jwsim-inspector")
    expect(inspector).to_contain_text(re.compile(r"Jongere #\d+ \(plek \d+\)"))
    expect(inspector).to_contain_text("kwetsbare situatie")
    expect(page.locator("img.jwsim-factors")).to_be_visible()

    page.get_by_role("button", name="Afspelen").click()
    expect(page.get_by_role("button", name="Pauze")).to_be_visible()  # the click was taken: playing
    expect(week).to_have_text(re.compile(r"^Week (9|[1-9]\d+) van 312"))
    page.get_by_role("button", name="Pauze").click()
    expect(page.get_by_role("button", name="Afspelen")).to_be_visible()
    paused_at = week.inner_text()
    expect(page.get_by_role("button", name="Stap (1 week)")).to_be_enabled()
    assert week.inner_text() == paused_at  # stays put once paused
    shoot(page, "explore")

    page.locator(".jwsim-uid input").fill("999999999")
    page.get_by_role("button", name="Volg", exact=True).click()
    expect(page.locator(".jwsim-inspect-message")).to_contain_text(
        "Niemand in de simulatie heeft nu nummer 999999999"
    )

    page.get_by_role("button", name="Opnieuw").click()
    expect(week).to_have_text(re.compile(r"^Week 0 van 312"))


def test_two_people_keep_their_own_scenario(new_context, open_app, watch, shoot):
    """Two browser contexts at once: a preset and a slider moved in one leave the other untouched."""
    first = new_context().new_page()
    second = new_context().new_page()
    watch(first, "first")
    watch(second, "second")
    open_app(first)
    open_app(second)

    first.locator(".jwsim-preset").click()
    first.get_by_role("option", name="sjw-8u-alle-vo", exact=True).click()
    expect(first.locator(".jwsim-name input")).to_have_value("sjw-8u-alle-vo")
    first.locator(".jwsim-fte-jc-swf [role=slider]").press("ArrowLeft")
    expect(first.locator(".jwsim-name input")).to_have_value("sjw-8u-alle-vo-aangepast")
    tab(first, "Vergelijk").click()
    expect(first.locator(".jwsim-compare-pick")).to_contain_text("huidig-2025")

    expect(second.locator(".jwsim-name input")).to_have_value("opdracht-2026")
    expect(second.locator(".jwsim-fte-jc-swf .jwsim-fte-value")).to_have_text("4,5 fte")
    tab(second, "Verken").click()
    second.get_by_role("button", name="Nieuwe simulatie").click()
    second.get_by_role("button", name="Stap (1 week)").click()
    expect(second.locator(".jwsim-week")).to_contain_text("Week 1 van 312")

    tab(first, "Verken").click()
    expect(first.locator(".jwsim-explore-none")).to_be_visible()  # the other person's simulation is not here
    tab(first, "Scenario").click()
    expect(first.locator(".jwsim-fte-jc-swf .jwsim-fte-value")).to_have_text("4,0 fte")
    shoot(first, "first")
    shoot(second, "second")
