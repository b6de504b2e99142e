"""Walk through the app as a policy maker would, measure it, and take the user guide's screenshots.

Usage (from the repository root; needs Chromium and ``make assets``)::

    JWSIM_ASSETS_DIR=$PWD/.cache/solara-assets python tests/browser/app_walkthrough.py [--images docs/img]

It starts the real app (``python -m jwsim.viz``) with its default settings on a free port, and in a fresh
Chromium:

1. opens the Scenario page, chooses ``opdracht-2026`` and presses "Bereken dit scenario";
2. measures the seconds from that click until the first KPI cards appear (the preview), until the
   full result with intervals is shown (every youth, the default replicates; an empty result cache) and
   until every card has its robust / depends badge (the two other evidence regimes);
3. opens a badge's tooltip, computes the "Waarom?" split, and downloads the memo (shown as a page: its
   headings, paragraphs, tables and map, read from the .docx with python-docx);
4. compares three scenarios on Vergelijk (measured the same way), steps through Verken, shows
   Verantwoorden (the shipped monitoring examples), uploads a broken file, switches to English — and saves a
   screenshot of each step in ``--images``.

The seed is the app's default (2026), so the numbers in the pictures are the same on every run.
Prints the timings as JSON (with the machine's load average, since the cores may be shared).
Not collected by pytest (the file name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FULL_TIMEOUT_MS = 600_000
VIEWPORT = {"width": 1280, "height": 900}


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, log: Path) -> subprocess.Popen:
    """Start ``python -m jwsim.viz`` in its own process group and wait until it answers."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "jwsim.viz", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the app stopped: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)  # polling the server's start, bounded by the deadline
    raise SystemExit("the app did not start within 120 s")


def stop_server(process: subprocess.Popen) -> None:
    """Stop the app (SIGTERM to the wrapper, which stops Solara's own process group)."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def element_shot(page: Page, selector: str, path: Path) -> None:
    """Save a screenshot of one element (scrolled into view)."""
    page.mouse.move(0, 0)
    target = page.locator(selector).first
    target.scroll_into_view_if_needed()
    target.screenshot(path=str(path), animations="disabled")


def tip_shot(page: Page, anchor, tip_selector: str, path: Path, margin: int = 12) -> None:
    """Screenshot of ``anchor`` and its open tooltip, once the tooltip's grow-in transition has finished.

    The clip is the union of both boxes (plus ``margin``), so a long tooltip is never cut off.
    """
    tip = page.locator(tip_selector)
    expect(tip).to_be_visible()
    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")  # the wrapper grows in
    boxes = [anchor.bounding_box(), tip.bounding_box()]
    x0 = max(0, min(b["x"] for b in boxes) - margin)
    y0 = max(0, min(b["y"] for b in boxes) - margin)
    x1 = max(b["x"] + b["width"] for b in boxes) + margin
    y1 = max(b["y"] + b["height"] for b in boxes) + margin
    page.screenshot(path=str(path), clip={"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0})


def page_shot(page: Page, path: Path, height: int = 900) -> None:
    """Save the top ``height`` pixels of the page (the window is made that tall for the picture)."""
    page.mouse.move(0, 0)
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(height, VIEWPORT["height"])})
    page.evaluate("() => document.querySelectorAll('div').forEach(d => { d.scrollTop = 0; })")
    page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height})
    page.set_viewport_size(VIEWPORT)


def wait_for_run(page: Page, caption: str, started: float) -> tuple[float, float]:
    """Wait for the first result (cards or table) and for the full result; return both times."""
    first = page.locator(".jwsim-result-caption")
    expect(first).to_be_visible(timeout=FULL_TIMEOUT_MS)
    first_s = time.monotonic() - started
    expect(first).to_contain_text(caption, timeout=FULL_TIMEOUT_MS)
    return first_s, time.monotonic() - started


def memo_html(docx_bytes: bytes) -> str:
    """Return the memo's content as a simple HTML page: headings, paragraphs, tables and the map, in order."""
    from docx import Document  # noqa: PLC0415 - python-docx, as the memo itself
    from docx.oxml.ns import qn  # noqa: PLC0415

    doc = Document(io.BytesIO(docx_bytes))
    tables = iter(doc.tables)
    paragraphs = iter(doc.paragraphs)
    images = [part.blob for part in doc.part.related_parts.values() if "image" in part.content_type]
    parts = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c.text)}</td>" for c in row.cells) + "</tr>"
                for row in next(tables).rows
            )
            parts.append(f"<table>{rows}</table>")
        elif child.tag == qn("w:p"):
            p = next(paragraphs)
            if child.findall(".//" + qn("w:drawing")) and images:
                src = base64.b64encode(images.pop(0)).decode("ascii")
                parts.append(f'<img src="data:image/png;base64,{src}" style="width: 9.5cm">')
            elif p.style.name.startswith("Heading"):
                level = 1 if p.style.name.endswith("1") else 2
                parts.append(f"<h{level}>{html.escape(p.text)}</h{level}>")
            elif p.text:
                bullet = "&bull; " if p.style.name == "List Bullet" else ""
                parts.append(f"<p>{bullet}{html.escape(p.text)}</p>")
    style = ("body { font-family: Calibri, Carlito, sans-serif; font-size: 9pt; margin: 1.5cm 1.8cm;"
             " width: 17.4cm } h1 { font-size: 14pt; color: #17365d }"
             " h2 { font-size: 11pt; color: #365f91; margin: 8px 0 2px }"
             " p { margin: 2px 0 } table { border-collapse: collapse; width: 100% }"
             " td { border: 1px solid #95b3d7; padding: 1px 4px; vertical-align: top }"
             " tr:first-child td { font-weight: bold; background: #dbe5f1 }")
    body = "".join(parts)
    return f"<html><head><meta charset='utf-8'><style>{style}</style></head><body>{body}</body></html>"


def walk(url: str, images: Path) -> dict:
    """Drive the app; return the measured seconds."""
    images.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        page.set_default_timeout(60_000)
        expect.set_options(timeout=60_000)
        page.goto(url)
        page.get_by_role("tab", name="Scenario", exact=True).wait_for()
        expect(page.locator(".jwsim-budget")).to_be_visible()
        page_shot(page, images / "scenario.png", 1000)
        info = page.locator(".jwsim-info-bk10-ambulant")
        info.evaluate("e => e.scrollIntoView({block: 'center'})")  # room around the icon for its tooltip
        info.hover()
        tip_shot(page, info, ".jwsim-tip", images / "tooltip.png")
        page.mouse.move(0, 0)
        element_shot(page, ".jwsim-sjw", images / "sjw.png")
        element_shot(page, ".jwsim-wijk", images / "wijken.png")

        started = time.monotonic()
        page.get_by_role("button", name="Bereken dit scenario").click()
        timings["results_first_s"], timings["results_full_s"] = wait_for_run(page, "Volledig", started)
        expect(page.locator(".jwsim-run-status")).to_have_count(0)
        page_shot(page, images / "resultaten.png", 1100)
        badges = page.locator(".jwsim-kpi :is(.jwsim-robust, .jwsim-depends)")
        expect(badges).to_have_count(page.locator(".jwsim-kpi").count(), timeout=FULL_TIMEOUT_MS)
        timings["results_regimes_s"] = time.monotonic() - started
        page.set_viewport_size({"width": VIEWPORT["width"], "height": 2400})  # all 14 cards in view at once
        element_shot(page, ".jwsim-cards", images / "kaarten.png")
        page.set_viewport_size(VIEWPORT)
        card = page.locator(".jwsim-kpi-jeugdhulp_prevalence_u18")
        card.evaluate("e => e.scrollIntoView({block: 'center'})")  # room below the badge for its tooltip
        card.locator(".jwsim-robust, .jwsim-depends").hover()
        tip_shot(page, card, ".jwsim-evidence-tip", images / "regimes.png")
        page.mouse.move(0, 0)
        the_map = page.locator("img.jwsim-figure").nth(1)
        old_map = the_map.get_attribute("src")
        page.locator(".jwsim-map-metric").click()
        overlast = "Geregistreerde overlast per jaar (waar het gebeurt)"
        page.get_by_role("option", name=overlast, exact=True).click()
        expect(the_map).not_to_have_attribute("src", old_map or "")
        element_shot(page, "img.jwsim-figure >> nth=1", images / "kaart.png")
        element_shot(page, "img.jwsim-figure >> nth=0", images / "tijdreeks.png")

        page.get_by_role("button", name="Waarom? Bereken per wijziging").click()
        expect(page.locator(".jwsim-why-table")).to_be_visible(timeout=FULL_TIMEOUT_MS)
        element_shot(page, "img.jwsim-figure >> nth=2", images / "waarom.png")  # series, map, then the split
        with page.expect_download() as info:
            page.get_by_role("button", name="Memo (Word, 1 pagina)").click()
        memo = browser.new_page(viewport={"width": 900, "height": 1200})
        memo.set_content(memo_html(Path(info.value.path()).read_bytes()))
        memo.screenshot(path=str(images / "memo.png"), full_page=True)
        memo.close()

        page.get_by_role("tab", name="Vergelijk", exact=True).click()
        page.locator(".jwsim-compare-pick").click()
        page.get_by_role("option", name="bezuiniging-2027", exact=True).click()
        page.keyboard.press("Escape")
        started = time.monotonic()
        page.get_by_role("button", name="Bereken", exact=True).click()
        timings["compare3_first_s"], timings["compare3_full_s"] = wait_for_run(page, "Volledig", started)
        rows = page.locator(".jwsim-compare-table tbody tr").count()
        table_badges = page.locator(".jwsim-compare-table :is(.jwsim-robust, .jwsim-depends)")
        expect(table_badges).to_have_count(2 * rows, timeout=FULL_TIMEOUT_MS)  # two differences per row
        timings["compare3_regimes_s"] = time.monotonic() - started
        page_shot(page, images / "vergelijk.png", 1250)

        page.get_by_role("tab", name="Verken", exact=True).click()
        page.get_by_role("button", name="Nieuwe simulatie").click()
        page.get_by_role("button", name="kwetsbaar", exact=True).click()
        expect(page.locator(".jwsim-inspector")).to_be_visible()
        for step in range(1, 17):  # 16 x 4 weeks: into the first scenario year (2026)
            page.get_by_role("button", name="4 weken").click()
            expect(page.locator(".jwsim-week")).to_contain_text(f"Week {4 * step} van 312")
        page_shot(page, images / "verken.png", 900)
        element_shot(page, ".jwsim-inspector", images / "jongere.png")

        page.get_by_role("tab", name="Verantwoorden", exact=True).click()
        expect(page.locator("img.jwsim-figure")).to_have_count(2)  # power, and predicted vs measured
        page.set_viewport_size({"width": 960, "height": VIEWPORT["height"]})
        # The app scrolls inside its own container: a viewport as tall as that content shows the whole page.
        tall = page.evaluate("Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))")
        page.set_viewport_size({"width": 960, "height": int(tall)})
        page.evaluate("document.querySelectorAll('*').forEach(e => { e.scrollTop = 0; })")  # from the top
        expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
        page.screenshot(path=str(images / "verantwoorden.png"))
        page.set_viewport_size(VIEWPORT)

        page.get_by_role("tab", name="Scenario", exact=True).click()
        page.locator(".jwsim-upload input[type=file]").set_input_files(
            files=[{"name": "mijn-scenario.toml", "mimeType": "application/toml", "buffer": b"[allocation\n"}]
        )
        expect(page.locator(".jwsim-upload-error")).to_be_visible()
        page_shot(page, images / "upload-fout.png", 520)
        page.get_by_role("button", name="EN", exact=True).click()
        expect(page.get_by_role("tab", name="Results", exact=True)).to_be_visible()
        page_shot(page, images / "english.png", 700)
        browser.close()
    return timings


def load_average() -> list[float]:
    """Return the 1, 5 and 15 minute load averages (the 2 cores may be shared with other work)."""
    return [round(x, 2) for x in os.getloadavg()]


def main() -> int:
    """Run the walkthrough and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=Path, default=Path("docs/img"), help="folder for the screenshots")
    args = parser.parse_args()
    port = free_port()
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"jwsim-walkthrough-{port}.log"
    load_before = load_average()
    process = start_server(port, log)
    try:
        timings = walk(f"http://127.0.0.1:{port}/", args.images)
    finally:
        stop_server(process)
    print(
        json.dumps(
            {
                "load_before": load_before,
                "load_after": load_average(),
                "cores": os.cpu_count(),
                **{k: round(v, 1) for k, v in timings.items()},
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
