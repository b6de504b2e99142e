"""A beleidsadviseur jeugd's path through the app, in a real Chromium against the real `jwsim app` server.

One cost figure everywhere; a change from 2027 that leaves 2026 alone; where in the city (wijk names on
hover, a sortable table, a scale per map, exports with every scenario); SJW hours that stay at their
school; Dutch decimals; a reload that keeps the session; sources a reader can follow. Each test failed on
the app before these were fixed (see CHANGELOG.md).
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
from jwsim.model.sources import readable_source
from jwsim.viz.draft import preset_doc
from jwsim.viz.scenario_toml import dumps

pytestmark = pytest.mark.browser
RESULT_TIMEOUT_MS = 180_000  # small runs take seconds; the 2 cores are shared with the rest of the suite
ASSIGNMENT_COST = "\u20ac 3.900.743"  # opdracht-2026: the Tabel 1 lines, the EUR 300k SJW vo line included
WIJK_FTE_EUR = 0.5 * REGISTRY["cost_per_fte_bk10"].value  # one step of a BK10 slider


def euros(amount: float) -> str:
    """Write an amount the way the Dutch app does."""
    return "\u20ac " + f"{round(amount):,}".replace(",", ".")


def pick(page: Page, select_class: str, option: str) -> None:
    """Open a Vuetify drop-down (by its class) and choose an option by its exact text."""
    page.locator(f".{select_class}").click()
    page.get_by_role("option", name=option, exact=True).click()


def download(page: Page, button: str) -> tuple[str, bytes]:
    """Click a download button; return the file's suggested name and its bytes."""
    with page.expect_download() as info:
        page.get_by_role("button", name=button, exact=True).click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def toml_of(page: Page) -> dict:
    """Return the scenario as the page would save it."""
    return tomllib.loads(download(page, "Scenario downloaden (TOML)")[1].decode("utf-8"))


def tab(page: Page, name: str) -> None:
    """Go to a page of the app, and wait until it shows (a click must not reach the page before)."""
    page.get_by_role("tab", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def small_runs(page: Page) -> None:
    """Set quick run settings (2 replicates, 1 in 20 youths, 2 years) on the page that is open."""
    page.get_by_text("Rekeninstellingen").click()
    for label, value in (("Herhalingen (meer = smallere marges)", "2"), ("Jaren vanaf 2026", "2")):
        box = page.get_by_role("textbox", name=label)
        box.fill(value)
        box.press("Enter")
    pick(page, "jwsim-scale", "20")


def run_and_wait(page: Page) -> None:
    """Press Bereken and wait for the full result."""
    page.get_by_role("button", name="Bereken", exact=True).click()
    expect(page.locator(".jwsim-result-caption")).to_contain_text("Volledig", timeout=RESULT_TIMEOUT_MS)


def card_value(page: Page, kpi: str):
    """Return the big number of a KPI card."""
    return page.locator(f".jwsim-kpi-{kpi} .jwsim-kpi-value")


def test_one_cost_figure_on_every_page_and_in_every_file(app, shoot):
    """opdracht-2026 costs EUR 3,900,743 a year on every page and in every file, with its Tabel 1 lines.

    The results card said EUR 3,600,744: it left out the EUR 300k SJW vo line the Scenario page counted.
    """
    page = app.page
    tab(page, "Resultaten")
    small_runs(page)
    run_and_wait(page)
    expect(card_value(page, "youthwork_cost_eur_per_year")).to_have_text(ASSIGNMENT_COST)
    parts = page.locator(".jwsim-kpi-youthwork_cost_eur_per_year .jwsim-cost-parts")
    expect(parts).to_contain_text("Schooljongerenwerk vo")
    expect(parts).to_contain_text("\u20ac 300.000")
    shoot(page, "cost-card")

    book = openpyxl.load_workbook(io.BytesIO(download(page, "Alles in Excel (XLSX)")[1]))
    rows = {row[0]: row for row in book["uitkomsten"].values}
    header = rows["kpi"]
    cost = dict(zip(header, rows["youthwork_cost_eur_per_year"], strict=True))
    assert cost["opdracht-2026: gemiddelde"] == pytest.approx(3_900_743, abs=1)

    tab(page, "Scenario")
    expect(page.locator(".jwsim-budget-total-2026")).to_have_text(ASSIGNMENT_COST)
    expect(page.locator(".jwsim-budget-line-sjw_vo-2026")).to_have_text("\u20ac 300.000")

    tab(page, "Vergelijk")
    run_and_wait(page)
    row = page.locator("tr.jwsim-compare-youthwork_cost_eur_per_year td")
    expect(row.nth(2)).to_contain_text(ASSIGNMENT_COST)  # the column of opdracht-2026


def test_a_change_from_2027_keeps_2026_and_its_cost(app, shoot):
    """From 2027 less wijk work and no temporary money, made on screen; 2026 keeps its allocation and cost.

    The budget table shows every year, the file carries the change, and the runs cost it the same way.
    """
    page = app.page
    pick(page, "jwsim-edit-year", "2027")
    page.locator(".jwsim-fte-bk10-wijk [role=slider]").press("ArrowLeft")
    expect(page.locator(".jwsim-fte-bk10-wijk .jwsim-fte-value")).to_have_text("13,0 fte")
    money = page.locator(".jwsim-money-programme_eur input")
    money.fill("0")
    money.press("Enter")
    cut = 3_900_743 - WIJK_FTE_EUR - 270_000
    expect(page.locator(".jwsim-budget-total-2027")).to_have_text(euros(cut))
    expect(page.locator(".jwsim-budget-total-2030")).to_have_text(euros(cut))
    expect(page.locator(".jwsim-budget-total-2026")).to_have_text(ASSIGNMENT_COST)
    expect(page.locator(".jwsim-change-2027")).to_contain_text("Vanaf 2027")
    expect(page.locator(".jwsim-change-2027")).to_contain_text("wijkgericht werk: 13,5 \u2192 13 fte")
    shoot(page, "change-2027")

    pick(page, "jwsim-edit-year", "2026 (het begin)")  # 2026 as it was
    expect(page.locator(".jwsim-fte-bk10-wijk .jwsim-fte-value")).to_have_text("13,5 fte")
    expect(page.locator(".jwsim-money-programme_eur input")).to_have_value("270.000")

    doc = toml_of(page)
    assert doc["allocation"]["bk10"]["wijk"] == 13.5 and doc["allocation"]["programme_eur"] == 270_000
    # No project money from 2027: its parts (primary-school youth work, the Noord extra) go with it.
    assert doc["changes"] == [
        {"from_year": 2027, "allocation": {"programme_eur": 0.0, "po_eur": 0.0, "noord_eur": 0.0,
                                           "bk10": {"wijk": 13.0}}}
    ]

    # The file opens again with its change (a fresh preset first, so nothing is left over).
    pick(page, "jwsim-preset", "huidig-2025")
    expect(page.locator(".jwsim-no-changes")).to_be_visible()
    page.locator(".jwsim-upload input[type=file]").set_input_files(
        files=[{"name": "plan-2027.toml", "mimeType": "application/toml", "buffer": dumps(doc).encode()}]
    )
    expect(page.locator(".jwsim-change-2027")).to_contain_text("wijkgericht werk: 13,5 \u2192 13 fte")
    expect(page.locator(".jwsim-budget-total-2027")).to_have_text(euros(cut))

    # The runs cost the years the same way: 2026 the assignment, 2027 the cut.
    tab(page, "Resultaten")
    small_runs(page)
    run_and_wait(page)
    book = openpyxl.load_workbook(io.BytesIO(download(page, "Alles in Excel (XLSX)")[1]))
    rows = list(book["kosten per jaar"].values)
    column = rows[0].index("opdracht-2026-aangepast: kosten (€)")
    totals = {row[0]: row[column] for row in rows[1:] if row[1] == "totaal"}
    assert totals == {2026: pytest.approx(3_900_743, abs=1), 2027: pytest.approx(cut, abs=1)}
    expect(card_value(page, "youthwork_cost_eur_per_year")).to_have_text(euros((3_900_743 + cut) / 2))


def _rows(page: Page) -> list[tuple[str, str]]:
    """(school code, hours shown) of every row of the SJW table, top to bottom."""
    rows = page.locator(".jwsim-sjw-row")
    out = []
    for i in range(rows.count()):
        code = next(
            c[len("jwsim-sjw-") :] for c in rows.nth(i).get_attribute("class").split() if c != "jwsim-sjw-row"
        )
        out.append((code, rows.nth(i).locator("input").input_value()))
    return out


def test_sjw_hours_stay_at_the_school_they_were_typed_for(app, shoot):
    """Rows that move (a school gone, or all shown and hidden again) never carry typing to another school.

    Before the rows were keyed by school, a 0 typed at one school showed at the school that moved up into
    its row, and was saved there on blur: school after school lost its hours.
    """
    page = app.page
    planned = preset_doc("opdracht-2026")["allocation"]["sjw_hours"]
    rows = page.locator(".jwsim-sjw-row")
    expect(rows).to_have_count(len(planned))
    gone = _rows(page)[2][0]
    field = rows.nth(2).locator("input")
    field.fill("0")
    field.press("Enter")
    expect(rows).to_have_count(len(planned) - 1)
    assert all(hours == "12" for _, hours in _rows(page)), _rows(page)
    page.get_by_role("heading", name="Scenario", level=1).click()  # blur whatever has the focus
    expect(rows).to_have_count(len(planned) - 1)
    assert all(hours == "12" for _, hours in _rows(page)), _rows(page)

    # All schools shown: type at a school without hours, and a 0 at one with hours; then hide the rest.
    page.get_by_text("Alle vo-scholen tonen").click()
    expect(rows).not_to_have_count(len(planned) - 1)
    shown = _rows(page)
    new = next(code for code, value in shown if value == "0")
    emptied = next(code for code, value in shown if value == "12")
    for code, value in ((new, "8"), (emptied, "0")):
        box = page.locator(f".jwsim-sjw-input-{code} input")
        box.fill(value)
        box.press("Enter")
        expect(box).to_have_value(value)
    page.get_by_text("Alle vo-scholen tonen").click()
    expect(rows).to_have_count(len(planned) - 1)
    after = dict(_rows(page))
    assert after.pop(new) == "8" and emptied not in after and set(after.values()) == {"12"}, _rows(page)
    page.get_by_role("heading", name="Scenario", level=1).click()
    hours = toml_of(page)["allocation"]["sjw_hours"]
    assert hours == {**{code: 12 for code in planned if code not in (gone, emptied)}, new: 8}
    shoot(page, "sjw")


def test_dutch_decimals_are_read_and_written_the_dutch_way(app, shoot):
    """'12,5' is 12.5 hours (it became 125, capped at 40 with an English error).

    Too many hours gets a Dutch message and changes nothing; numbers, messages and CSV files follow the
    language.
    """
    page = app.page
    code = next(iter(preset_doc("opdracht-2026")["allocation"]["sjw_hours"]))
    box = page.locator(f".jwsim-sjw-input-{code} input")
    box.fill("12,5")
    box.press("Enter")
    expect(box).to_have_value("12,5")
    expect(page.locator(".jwsim-sjw-capacity")).to_contain_text("120,5 van 129,6 uur per week")

    box.fill("45")
    box.press("Enter")
    field = page.locator(f".jwsim-sjw-input-{code}")
    expect(field).to_contain_text("Hoogstens 40 uur per week per school (een schoolweek).")
    expect(page.locator(".jwsim-sjw-capacity")).to_contain_text("120,5 van 129,6 uur per week")  # not saved
    assert toml_of(page)["allocation"]["sjw_hours"][code] == 12.5  # nothing capped, nothing saved
    shoot(page, "too-many-hours")
    box.fill("12.5")  # the point works too
    box.press("Enter")
    expect(field).not_to_contain_text("Hoogstens")

    # Too many FTE: the model's message, in Dutch, with Dutch numbers.
    for _ in range(4):
        page.locator(".jwsim-fte-bk10-ambulant [role=slider]").press("ArrowRight")
    expect(page.locator(".jwsim-invalid")).to_contain_text(
        "allocation.bk10: 28,5 fte verdeeld, maar de organisatie"
    )

    page.get_by_role("button", name="EN", exact=True).click()
    box.fill("45")
    box.press("Enter")
    expect(field).to_contain_text("At most 40 hours per week per school (a school week).")
    expect(page.locator(".jwsim-invalid")).to_contain_text(
        "28.5 FTE allocated but the organisation has 26.5 FTE"
    )
    page.get_by_role("button", name="NL", exact=True).click()

    # The results as CSV for Dutch Excel: semicolons and decimal commas, and the page points to the XLSX.
    for _ in range(4):
        page.locator(".jwsim-fte-bk10-ambulant [role=slider]").press("ArrowLeft")
    expect(page.locator(".jwsim-invalid")).to_have_count(0)
    tab(page, "Resultaten")
    small_runs(page)
    run_and_wait(page)
    expect(page.locator(".jwsim-csv-help")).to_contain_text("Excel-bestand (XLSX)")
    _, data = download(page, "Uitkomsten (CSV)")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    protective = next(r for r in rows if r["kpi"] == "protective_mean")["opdracht-2026-aangepast: gemiddelde"]
    assert re.fullmatch(r"0,\d+", protective), protective


def test_a_reload_keeps_the_scenario_and_the_results(app, new_context, watch, shoot):
    """After a reload, and in another browser given the address, the scenario and the results are back.

    The results come from the server's store, not computed again; a change from 2027 survives too.
    """
    page = app.page
    page.locator(".jwsim-fte-bk10-ambulant [role=slider]").press("ArrowRight")
    page.locator(".jwsim-fte-bk10-wijk [role=slider]").press("ArrowLeft")
    expect(page.locator(".jwsim-name input")).to_have_value("opdracht-2026-aangepast")
    tab(page, "Resultaten")
    small_runs(page)
    run_and_wait(page)
    value = card_value(page, "jeugdhulp_entries_per_year").inner_text()

    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Resultaten")
    expect(page.locator(".jwsim-result-caption")).to_contain_text("uit de opslag (eerder berekend)")
    expect(card_value(page, "jeugdhulp_entries_per_year")).to_have_text(value)
    expect(page.locator(".jwsim-address-restored")).to_be_visible()
    shoot(page, "reloaded")
    tab(page, "Scenario")
    expect(page.locator(".jwsim-name input")).to_have_value("opdracht-2026-aangepast")
    expect(page.locator(".jwsim-fte-bk10-wijk .jwsim-fte-value")).to_have_text("13,0 fte")

    # A change from 2027, then the address in another browser: the same scenario, the same results.
    pick(page, "jwsim-edit-year", "2027")
    page.locator(".jwsim-fte-bk10-ib [role=slider]").press("ArrowLeft")
    expect(page.locator(".jwsim-change-2027")).to_contain_text(
        "individuele begeleiding (ib): 3 \u2192 2,5 fte"
    )
    other = new_context().new_page()
    watch(other, "other")
    other.goto(page.url)
    expect(other.get_by_role("heading", level=1)).to_have_text("Scenario")
    expect(other.locator(".jwsim-name input")).to_have_value("opdracht-2026-aangepast")
    expect(other.locator(".jwsim-fte-bk10-ib .jwsim-fte-value")).to_have_text("2,5 fte")  # the 2027 view
    expect(other.locator(".jwsim-change-2027")).to_be_visible()
    tab(other, "Resultaten")
    expect(card_value(other, "jeugdhulp_entries_per_year")).to_have_text(value)
    expect(other.locator(".jwsim-stale")).to_be_visible()  # the scenario changed since that run: it says so


def test_where_in_the_city(app, shoot):
    """Wijk names on hover, per-wijk tables that sort, a scale per map (or one shared), complete downloads.

    The downloads name every scenario and hold it (the per-wijk file held only the first).
    """
    page = app.page
    tab(page, "Vergelijk")
    page.locator(".jwsim-compare-pick").click()
    page.get_by_role("option", name="bezuiniging-2027", exact=True).click()
    page.keyboard.press("Escape")
    small_runs(page)
    run_and_wait(page)

    maps = page.locator(".jwsim-compare-maps .jwsim-map")
    expect(maps).to_have_count(2)
    maps.nth(1).locator(".jwsim-map-area[data-wijk=BU02680970]").first.hover()
    expect(maps.nth(1).locator(".jwsim-map-hover")).to_have_text(
        re.compile(r"^Lent: [+\u2212]?\d+,\d+ %-punt$")
    )
    expect(page.locator(".jwsim-scale-note")).to_contain_text("eigen kleurschaal")
    page.get_by_text("Eén kleurschaal voor alle kaarten").click()
    expect(page.locator(".jwsim-scale-note")).to_contain_text("dezelfde kleurschaal")
    shoot(page, "compare-maps")

    table = page.locator(".jwsim-compare-wijk-table")
    expect(table.locator("thead th")).to_have_text(
        ["Wijk \u25b2", "Stadsdeel", "huidig-2025", "opdracht-2026 \u2212 huidig-2025",
         "bezuiniging-2027 \u2212 huidig-2025"]
    )  # fmt: skip
    cells = table.locator("tbody tr td:nth-child(5)")
    lowest, highest = _ends(cells.all_inner_texts())
    table.locator("thead th").nth(4).locator("button").click()
    expect(table.locator("thead th").nth(4)).to_have_attribute("aria-sort", "ascending")
    expect(cells.first).to_have_text(lowest)
    expect(cells.last).to_have_text(highest)
    column = [_number(c) for c in cells.all_inner_texts()]
    assert column == sorted(column) and len(column) > 30

    name, data = download(page, "Per wijk, alle scenario's (CSV)")
    assert name == "jwsim-huidig-2025-opdracht-2026-bezuiniging-2027-wijken.csv"
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    for scenario in ("opdracht-2026", "bezuiniging-2027"):
        assert f"{scenario} \u2212 huidig-2025: Verschil" in header and f"{scenario}: gemiddelde" in header
    name, _ = download(page, "Alles in Excel (XLSX)")
    assert name == "jwsim-huidig-2025-opdracht-2026-bezuiniging-2027.xlsx"
    with page.expect_download() as info:
        page.locator(".jwsim-compare-maps").get_by_role("button", name="Kaart (PNG)").first.click()
    assert info.value.suggested_filename.startswith("jwsim-huidig-2025-opdracht-2026-bezuiniging-2027-kaart-")

    # Resultaten (the run settings are the session's, set above): one map named on hover, and the table
    # per wijk sorted by the difference.
    tab(page, "Resultaten")
    run_and_wait(page)
    page.locator(".jwsim-map-area[data-wijk=BU02680100]").first.hover()
    expect(page.locator(".jwsim-map-hover")).to_contain_text("Benedenstad: ")
    wijk_table = page.locator(".jwsim-wijk-table")
    expect(wijk_table.locator("thead th").nth(4)).to_contain_text("opdracht-2026 \u2212 huidig-2025")
    cells = wijk_table.locator("tbody tr td:nth-child(5)")
    lowest, highest = _ends(cells.all_inner_texts())
    wijk_table.locator("thead th").nth(4).locator("button").click()
    expect(wijk_table.locator("thead th").nth(4)).to_have_attribute("aria-sort", "ascending")
    wijk_table.locator("thead th").nth(4).locator("button").click()
    expect(wijk_table.locator("thead th").nth(4)).to_have_attribute("aria-sort", "descending")
    expect(cells.first).to_have_text(highest)
    expect(cells.last).to_have_text(lowest)
    column = [_number(c) for c in cells.all_inner_texts()]
    assert column == sorted(column, reverse=True)
    shoot(page, "results-map")


def _number(text: str) -> float:
    """Read a number as the Dutch table writes it."""
    return float(text.replace(".", "").replace(",", ".").replace("\u2212", "-"))


def _ends(texts: list[str]) -> tuple[str, str]:
    """Return the lowest and the highest of a column's numbers, as written."""
    return min(texts, key=_number), max(texts, key=_number)


def test_sources_are_readable(app, shoot):
    """Tooltips and the 'Over het model' page name each source (author, year, what it says), not a code."""
    page = app.page
    page.locator(".jwsim-info-bk10-ambulant").hover()
    tip = page.locator(".jwsim-tip")
    expect(tip).to_contain_text("Filges e.a. 2022, Campbell-review outreach (onbeslist) [I5.1]")
    expect(tip).to_contain_text("96.632 \u20ac per fte per jaar")
    expect(tip).not_to_contain_text("(J)")
    shoot(page, "tooltip")
    page.mouse.move(0, 0)
    tab(page, "Over het model")
    row = page.locator("tr.jwsim-param-d_ambulant")
    expect(row).to_contain_text(readable_source(REGISTRY["d_ambulant"].source, "nl"))
    expect(page.locator(".jwsim-sources")).to_contain_text(
        "Wilson e.a. 2011, Campbell-review voorkomen van schooluitval"
    )
    expect(page.get_by_text("docs/evidence.md").first).to_be_visible()


def test_the_memo_downloads_as_one_word_page(app, shoot):
    """The Word memo from the results page: scenarios, 6+ differences with margins, budget, limits."""
    import docx  # noqa: PLC0415 - python-docx, as a reader of the memo would open it

    page = app.page
    tab(page, "Resultaten")
    small_runs(page)
    box = page.get_by_role("textbox", name="Herhalingen (meer = smallere marges)")
    box.fill("3")  # margins need three replicates
    box.press("Enter")
    run_and_wait(page)
    name, data = download(page, "Memo (Word, 1 pagina)")
    shoot(page, "memo-button")
    assert name == "jwsim-opdracht-2026-vs-huidig-2025-memo.docx"
    doc = docx.Document(io.BytesIO(data))
    scenarios, differences, budget = doc.tables
    assert [r.cells[0].text for r in scenarios.rows[1:]] == ["huidig-2025 (referentie)", "opdracht-2026"]
    with_margin = [r for r in differences.rows[1:] if re.search(r"\[.+; .+\]", r.cells[2].text)]
    assert len(with_margin) >= 6
    total = [c.text for c in budget.rows[-1].cells]
    assert total[0] == "totaal" and ASSIGNMENT_COST in total
    assert any("niet de onzekerheid van de aannames" in p.text for p in doc.paragraphs)


def test_why_splits_the_difference_over_the_changes(app, shoot):
    """'Waarom?' runs one hybrid per change and shows each change's contribution, 'samen' and the total."""
    page = app.page
    tab(page, "Resultaten")
    small_runs(page)
    run_and_wait(page)
    page.get_by_role("button", name="Waarom? Bereken per wijziging", exact=True).click()
    table = page.locator(".jwsim-why-table")
    expect(table).to_be_visible(timeout=RESULT_TIMEOUT_MS)
    labels = table.locator("tbody tr td:first-child").all_inner_texts()
    # opdracht-2026 against huidig-2025: the ambulant team, IB, SJW, wijk work, targeting, ... then the rest
    assert "Bindkracht10: IB (fte)" in labels and "SJW (fte, scholen en uren)" in labels
    assert labels[-2:] == ["samen (meer of minder dan de som)", "totaal verschil"]
    assert len(labels) >= 6
    shoot(page, "why")
