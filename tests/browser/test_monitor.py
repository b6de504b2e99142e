"""The "Verantwoorden" page in a real Chromium: the power table follows the survey size; both figures show."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from jwsim.monitor.indicators import available
from jwsim.viz.i18n import t
from jwsim.viz.page_monitor import DESIGN_FILE

pytestmark = pytest.mark.browser


def test_power_table_and_predicted_vs_observed(app, shoot):
    """Every indicator has a row; a larger survey lowers the detectable effect; two figures are drawn."""
    page = app.page
    page.get_by_role("tab", name="Verantwoorden", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("page.monitor.title", "nl"))
    for ind in available():
        expect(page.locator(f"tr.jwsim-power-{ind.name}")).to_have_count(1)
    survey = page.locator("tr.jwsim-power-beschermende_factoren td").last
    at_400 = survey.inner_text()
    expect(page.locator("img.jwsim-figure")).to_have_count(2)
    expect(page.locator("ul.jwsim-power-sentences li")).to_have_count(len(available()))
    expect(page.get_by_text("Een enquête onder 400 jongeren per jaar").first).to_be_visible()
    shoot(page, "survey-400")

    largest = max(json.loads(DESIGN_FILE.read_text())["survey_sizes"])
    page.locator(".jwsim-survey-n").click()
    page.get_by_role("option", name=f"{largest:,}".replace(",", "."), exact=True).click()
    expect(survey).not_to_have_text(at_400)
    shown = float(survey.inner_text().split()[0].replace(",", "."))
    assert shown < float(at_400.split()[0].replace(",", "."))
    sentence = f"Een enquête onder {largest:,} jongeren".replace(",", ".")
    expect(page.get_by_text(sentence).first).to_be_visible()
    shoot(page, f"survey-{largest}")

    page.get_by_role("button", name="EN", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("page.monitor.title", "en"))
    expect(page.get_by_text(t("monitor.observed.heading", "en"))).to_be_visible()
