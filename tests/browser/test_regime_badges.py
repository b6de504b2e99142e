"""Evidence regimes in a real Chromium against the real server: choose one, see it named, see the badges.

The runs are small (3 replicates, 1 in 20 youths, 1 year) so the two other regimes follow quickly.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from jwsim.viz.stats import HEADLINE_KPIS

pytestmark = pytest.mark.browser
RESULT_TIMEOUT_MS = 180_000  # three regimes of a small comparison on one worker of a shared machine
BADGES = ".jwsim-robust, .jwsim-depends"


def pick_option(page: Page, select_class: str, option: str) -> None:
    """Open a Vuetify drop-down (by its class) and choose an option by its exact text."""
    page.locator(f".{select_class}").click()
    page.get_by_role("option", name=option, exact=True).click()


def test_choose_a_regime_see_it_named_and_badges_appear_on_results_and_compare(app, shoot):
    """Pessimistic: the caption says so; each card, and the Vergelijk table, gets a badge with a tooltip."""
    page = app.page
    page.get_by_role("tab", name="Resultaten", exact=True).click()
    page.get_by_text("Rekeninstellingen").click()
    for label, value in (("Herhalingen (meer = smallere marges)", "3"), ("Jaren vanaf 2026", "1")):
        box = page.get_by_role("textbox", name=label)
        box.fill(value)
        box.press("Enter")
    pick_option(page, "jwsim-scale", "20")
    expect(page.locator(".jwsim-evidence-pick")).to_contain_text("centraal")  # the default
    pick_option(page, "jwsim-evidence-pick", "pessimistisch")
    expect(page.locator(".jwsim-evidence-pick")).to_contain_text("pessimistisch")
    page.get_by_role("button", name="Bereken", exact=True).click()

    caption = page.locator(".jwsim-result-caption")
    expect(caption).to_contain_text("Volledig: 3 herhalingen", timeout=RESULT_TIMEOUT_MS)
    expect(caption).to_contain_text("Evidentieregime: pessimistisch.")
    cards = page.locator(".jwsim-kpi")
    expect(cards).to_have_count(len(HEADLINE_KPIS))
    # every card either still says the other regimes are being computed, or already has its badge
    expect(page.locator(f".jwsim-kpi .jwsim-evidence-pending, .jwsim-kpi :is({BADGES})")).to_have_count(
        len(HEADLINE_KPIS)
    )
    badges = page.locator(f".jwsim-kpi :is({BADGES})")
    expect(badges).to_have_count(len(HEADLINE_KPIS), timeout=RESULT_TIMEOUT_MS)
    expect(page.locator(".jwsim-evidence-pending")).to_have_count(0)
    # robust (with the regimes where the difference reads as 0) or depends
    badge = re.compile(r"robuust( \((overal ~0|[a-z, ]+: ~0)\))?|hangt af van aannames")
    for text in badges.all_inner_texts():
        assert badge.fullmatch(text.strip()), text
    values = page.locator(".jwsim-kpi-jeugdhulp_prevalence_u18 .jwsim-evidence-values")
    expect(values).to_contain_text("centraal")  # the two regimes besides the one shown
    expect(values).to_contain_text("optimistisch")
    expect(values).not_to_contain_text("pessimistisch")
    badges.first.hover()
    tip = page.locator(".jwsim-evidence-tip")
    expect(tip).to_contain_text("Wat verandert tussen de regimes")
    expect(tip).to_contain_text("effectparameters met een bewijsgraad")
    shoot(page, "results-evidence")
    page.mouse.move(0, 0)

    # Vergelijk with the same settings and the same two scenarios: from the cache, badges in the table.
    page.get_by_role("tab", name="Vergelijk", exact=True).click()
    expect(page.locator(".jwsim-compare-pick .v-chip")).to_have_text(["huidig-2025", "opdracht-2026"])
    expect(page.locator(".jwsim-evidence-pick")).to_contain_text("pessimistisch")  # one setting, both pages
    page.get_by_role("button", name="Bereken", exact=True).click()
    table = page.locator(".jwsim-compare-table")
    expect(table).to_be_visible(timeout=RESULT_TIMEOUT_MS)
    expect(page.locator(".jwsim-result-caption")).to_contain_text("Evidentieregime: pessimistisch.")
    expect(table.locator(BADGES)).to_have_count(len(HEADLINE_KPIS), timeout=RESULT_TIMEOUT_MS)
    shoot(page, "compare-evidence")

    # Another regime without a new run: the page says the regime changed (not the scenario).
    expect(page.locator(".jwsim-stale")).to_have_count(0)
    pick_option(page, "jwsim-evidence-pick", "centraal")
    expect(page.locator(".jwsim-stale")).to_have_text(
        "Sinds deze berekening is veranderd: het evidentieregime (pessimistisch \u2192 centraal). "
        "Druk op Bereken voor de nieuwe uitkomsten."
    )
    shoot(page, "compare-regime-changed")
