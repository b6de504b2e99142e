"""The Scenario and Resultaten pages in a real Chromium against the real `jwsim app` server.

Pick a preset, move an FTE slider, read a tooltip, save the scenario, run it, see the KPI cards and the map,
download the results, cancel; upload bad and good scenario files.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from jwsim.model.params import REGISTRY
from jwsim.model.scenario import MAX_SCENARIO_BYTES, parse_scenario
from jwsim.model.sources import readable_source
from jwsim.viz.draft import preset_doc
from jwsim.viz.scenario_toml import dumps
from jwsim.viz.stats import HEADLINE_KPIS

pytestmark = pytest.mark.browser
RESULT_TIMEOUT_MS = 120_000  # a preview needs ~5 s on an idle machine; the cores are shared with the tests


def pick_option(page: Page, select_class: str, option: str) -> None:
    """Open a Vuetify drop-down (by its class) and choose an option by its exact text."""
    page.locator(f".{select_class}").click()
    page.get_by_role("option", name=option, exact=True).click()


def download(page: Page, button: str) -> bytes:
    """Click a download button and return the file's bytes."""
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    return Path(info.value.path()).read_bytes()


def test_pick_preset_move_slider_run_and_see_cards_and_map(app, shoot):
    """The policy maker's path: preset, slider, tooltip, save, run; cards and a map appear.

    The full run is made small in the settings, so the full result follows quickly.
    """
    page = app.page
    page.get_by_role("tab", name="Resultaten", exact=True).click()
    expect(page.locator(".jwsim-no-results")).to_be_visible()
    page.get_by_text("Rekeninstellingen").click()
    reps = page.get_by_role("textbox", name="Herhalingen (meer = smallere marges)")
    reps.fill("3")  # the fewest the app runs (fewer give no interval)
    reps.press("Enter")
    pick_option(page, "jwsim-scale", "20")
    page.get_by_role("tab", name="Scenario", exact=True).click()
    pick_option(page, "jwsim-preset", "meer-ib")
    expect(page.locator(".jwsim-name input")).to_have_value("meer-ib")
    expect(page.get_by_text(preset_doc("meer-ib")["description"])).to_be_visible()

    # One step right on the BK10 ambulant slider (+0.5 FTE) and one left on wijk work: still 26.5 FTE.
    page.locator(".jwsim-fte-bk10-ambulant [role=slider]").press("ArrowRight")
    expect(page.locator(".jwsim-name input")).to_have_value("meer-ib-aangepast")
    page.locator(".jwsim-fte-bk10-wijk [role=slider]").press("ArrowLeft")
    expect(page.locator(".jwsim-fte-bk10-wijk .jwsim-fte-value")).to_have_text("11,0 fte")
    expect(page.locator(".jwsim-fte-bk10-ambulant .jwsim-fte-value")).to_have_text("4,5 fte")
    expect(page.locator(".jwsim-fte-used").first).to_have_text("26,5 van 26,5 fte ingezet")

    # The tooltip says what the control does and where its numbers come from (the registry's source, as a
    # readable citation: "CAO Sociaal Werk 2023-2025, loontabel ... [H1]", not "(H1)").
    page.locator(".jwsim-info-bk10-ambulant").hover()
    tip = page.locator(".jwsim-tip")
    expect(tip).to_contain_text("Wat het doet in het model")
    expect(tip).to_contain_text(readable_source(REGISTRY["hours_per_fte"].source, "nl"))
    expect(tip).to_contain_text("CAO Sociaal Werk 2023-2025, loontabel bij een werkweek van 36 uur")
    shoot(page, "scenario-edited")
    page.mouse.move(0, 0)

    # The downloaded TOML is the edited scenario, readable by the model.
    scenario = parse_scenario(download(page, "Scenario downloaden (TOML)"), "download.toml")
    assert scenario.name == "meer-ib-aangepast"
    assert scenario.allocation.bk10["ambulant"] == 4.5 and scenario.allocation.bk10["wijk"] == 11.0

    page.get_by_role("button", name="Bereken dit scenario").click()
    expect(page.get_by_role("tab", name="Resultaten", exact=True)).to_have_attribute("aria-selected", "true")
    cards = page.locator(".jwsim-kpi")
    expect(cards).to_have_count(len(HEADLINE_KPIS), timeout=RESULT_TIMEOUT_MS)  # 10, incl. returns and SKQ
    expect(page.locator(".jwsim-result-caption")).to_contain_text(re.compile("Voorlopig|Volledig"))
    expect(cards.first).to_contain_text("vs huidig-2025")
    expect(page.locator("img.jwsim-figure")).to_have_count(2)  # the time series and the wijk map
    expect(page.locator(".jwsim-wijk-table tbody tr").first).to_be_visible()
    caption = page.locator(".jwsim-result-caption")
    expect(caption).to_contain_text(
        "Volledig: 3 herhalingen, 1 op 20 jongeren, zaad 2026", timeout=RESULT_TIMEOUT_MS
    )
    expect(page.locator(".jwsim-run-status")).to_have_count(0)  # done: no progress line, no Cancel
    expect(page.get_by_role("button", name="Bereken", exact=True)).to_be_enabled()
    shoot(page, "results-full")

    # CSV for Dutch Excel: semicolons between the columns
    text = download(page, "Uitkomsten (CSV)").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) > 30 and "meer-ib-aangepast \u2212 huidig-2025: gemiddelde" in rows[0]
    book = openpyxl.load_workbook(io.BytesIO(download(page, "Alles in Excel (XLSX)")))
    assert book.sheetnames == [
        "uitkomsten",
        "per wijk",
        "door de tijd",
        "kosten per jaar",
        "over deze berekening",
    ]
    assert download(page, "Kaart (PNG)").startswith(b"\x89PNG")

    # A change after the run marks the result as out of date.
    page.get_by_role("tab", name="Scenario", exact=True).click()
    page.locator(".jwsim-fte-bk10-ib [role=slider]").press("ArrowLeft")
    expect(page.locator(".jwsim-fte-bk10-ib .jwsim-fte-value")).to_have_text("4,5 fte")
    page.get_by_role("tab", name="Resultaten", exact=True).click()
    expect(page.locator(".jwsim-stale")).to_contain_text("Sinds deze berekening is veranderd: het scenario.")


def test_bad_uploads_show_the_problem_and_a_good_one_opens(app, shoot):
    """Broken, too large and invalid files: a one-line message in the page, never a traceback."""
    page = app.page
    upload = page.locator(".jwsim-upload input[type=file]")
    error = page.locator(".jwsim-upload-error")

    upload.set_input_files(
        files=[{"name": "kapot.toml", "mimeType": "application/toml", "buffer": b"name = \n"}]
    )
    expect(error).to_contain_text("kapot.toml: geen geldig TOML")
    shoot(page, "bad-toml")

    doc = preset_doc("opdracht-2026")
    doc["allocation"]["bk10"]["ambulant"] = 30.0
    upload.set_input_files(
        files=[{"name": "te-veel.toml", "mimeType": "application/toml", "buffer": dumps(doc).encode()}]
    )
    expect(error).to_contain_text(
        "te-veel.toml: allocation.bk10: 52,5 fte verdeeld, maar de organisatie heeft 26,5"
    )

    big = b"# " + b"x" * MAX_SCENARIO_BYTES
    upload.set_input_files(files=[{"name": "groot.toml", "mimeType": "application/toml", "buffer": big}])
    expect(error).to_contain_text(f"groot.toml: het bestand is groter dan {MAX_SCENARIO_BYTES // 1024} KiB")
    assert "Traceback" not in page.inner_text("body")
    expect(page.locator(".jwsim-name input")).to_have_value("opdracht-2026")  # nothing was loaded

    doc = preset_doc("sjw-8u-alle-vo")
    doc["name"] = "mijn-plan"
    upload.set_input_files(
        files=[{"name": "mijn-plan.toml", "mimeType": "application/toml", "buffer": dumps(doc).encode()}]
    )
    expect(page.locator(".jwsim-upload-ok")).to_have_text("Geopend: mijn-plan.toml")
    expect(page.locator(".jwsim-name input")).to_have_value("mijn-plan")
    expect(error).to_have_count(0)
    hours = [float(v) for v in tomllib.loads(dumps(doc))["allocation"]["sjw_hours"].values()]
    first_school = next(iter(doc["allocation"]["sjw_hours"]))
    shown = f"{hours[0]:g}".replace(".", ",")  # Dutch: 8 or 12,5
    expect(page.locator(f".jwsim-sjw-input-{first_school} input")).to_have_value(shown)
