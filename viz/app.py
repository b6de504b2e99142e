"""The jwsim browser app: navigation between the six pages, the NL/EN switch, the session's state.

Run it with ``jwsim app`` or ``python -m jwsim.viz`` (see viz/server.py), which serve Solara's front-end
files from a local folder so the app works offline.

All state lives in ``Page`` (``state.use_session``: one ``solara.use_reactive`` per value), so every browser
session has its own language, page, scenario, results and simulation; nothing mutable that belongs to a
session is kept at module level. Runs go to the server's worker pool (``runs.get_service``); the watchers
that bring their results in live here too, so a run finishes while the user looks at another page.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass

import reacton.ipyvuetify as rv
import solara

from jwsim.model.scenario import load_scenario
from jwsim.viz.components import PageHeading, Paragraph
from jwsim.viz.draft import DEFAULT_PRESET, DEFAULT_REFERENCE, check, preset_doc
from jwsim.viz.i18n import LANGUAGES, t, tf, tr
from jwsim.viz.page_about import AboutPage
from jwsim.viz.page_compare import ComparePage, start_compare_run
from jwsim.viz.page_explore import ExplorePage
from jwsim.viz.page_monitor import MonitorPage
from jwsim.viz.page_results import ResultsPage, start_results_run
from jwsim.viz.page_scenario import ScenarioPage
from jwsim.viz.runs import RunSettings, get_service, precompute
from jwsim.viz.session_url import StateError, UrlStateWidget, apply_state, decode, encode, session_state
from jwsim.viz.state import Session, use_run_watcher, use_session

__all__ = ["PAGES", "LanguageSwitch", "Page", "PageBoundary", "PageHeading", "PageSpec"]

log = logging.getLogger(__name__)


# The FTE sliders carry their label for screen readers (aria-label) but show it once, left of the slider;
# tooltips are opaque (they hold several lines of text over the controls).
APP_CSS = """
.jwsim-slider .v-input__slot > .v-label { display: none; }
.jwsim-slider .v-input { margin-top: 0; }
.v-tooltip__content { background: #263238 !important; }
.v-chip.jwsim-verdict { height: auto; min-height: 24px; white-space: normal; }
.v-tooltip__content.menuable__content__active { opacity: 1 !important; }
img.jwsim-figure, img.jwsim-wijk-map, img.jwsim-live-map, img.jwsim-live-series, img.jwsim-factors {
  max-width: 100%; height: auto;
}
"""


@dataclass(frozen=True)
class PageSpec:
    """One entry of the navigation: a stable id, its label key and the component that renders it."""

    slug: str
    label_key: str
    component: Callable[..., solara.Element]


PAGES: tuple[PageSpec, ...] = (
    PageSpec("scenario", "page.scenario.title", ScenarioPage),
    PageSpec("resultaten", "page.results.title", ResultsPage),
    PageSpec("vergelijk", "page.compare.title", ComparePage),
    PageSpec("verken", "page.explore.title", ExplorePage),
    PageSpec("verantwoorden", "page.monitor.title", MonitorPage),
    PageSpec("over", "page.about.title", AboutPage),
)


@solara.component
def LanguageSwitch(lang: solara.Reactive[str]):
    """NL/EN buttons; the active one is white. The choice belongs to this browser session only."""
    with rv.Html(
        tag="div",
        class_="jwsim-language d-flex",
        style_="gap: 4px",
        attributes={"role": "group", "aria-label": t("app.language", lang.value)},
    ):
        for code in LANGUAGES:
            active = code == lang.value
            solara.Button(
                code.upper(),
                on_click=lambda code=code: lang.set(code),
                color="white" if active else None,
                outlined=not active,
                small=True,
                depressed=True,
                classes=["primary--text"] if active else ["white--text"],
                attributes={"lang": code, "aria-pressed": "true" if active else "false"},
            )


def _warm_up_workers() -> None:
    """Start the worker processes in the background, so the first Run does not wait for them.

    Only in the app server: a test that renders the page in-process gets no processes it did not ask for).
    """
    if not solara._using_solara_server():
        return
    threading.Thread(target=_warm_up_and_precompute, name="jwsim-warm-up", daemon=True).start()


def _warm_up_and_precompute() -> None:
    """Start the workers, then compute the default comparison behind every user's runs.

    The first question against the default reference then finds it in the cache. ``JWSIM_APP_PRECOMPUTE=0``
    turns it off (the browser tests do: they use small runs of their own).
    """
    service = get_service()
    try:
        service.warm_up()
        if os.environ.get("JWSIM_APP_PRECOMPUTE", "1") != "0":
            scenarios = [load_scenario(DEFAULT_REFERENCE), check(preset_doc(DEFAULT_PRESET)).scenario]
            precompute(service, scenarios, RunSettings())
    except RuntimeError as error:  # the server stopped while starting: nothing left to prepare
        log.info("start-up runs not queued: %s", error)


@solara.component
def PageBoundary(spec: PageSpec, session: Session, language: str):
    """Render one page; if rendering it fails, say so in the user's language instead of a traceback.

    The details go to the server log. The session's state (scenario, results, simulation) lives in ``Page``,
    above this boundary, so nothing is lost; "try again" renders the page anew.
    """
    exception, clear = solara.use_exception()
    if exception is not None:
        log.error("page %r failed to render", spec.slug, exc_info=exception)
        error = f"{type(exception).__name__}: {exception}"[:200]
        with solara.Error(classes=["jwsim-page-error"]):
            Paragraph(tf("app.page_error", language, error=error))
            solara.Button(t("app.retry", language), on_click=clear, outlined=True, classes=["jwsim-retry"])
        return
    spec.component(session)


@solara.component
def SessionAddress(session: Session, notice: solara.Reactive[str]):
    """Keep the session's state in the page's address, and restore it from there after a reload."""

    def restore(text: str) -> None:
        try:
            apply_state(session, decode(text), start_results_run, start_compare_run, len(PAGES))
        except StateError as error:  # someone else's or a damaged address: start afresh, and say so
            log.warning("address state not restored: %s", error)
            notice.set("broken")
            return
        notice.set("restored")

    UrlStateWidget.element(state=encode(session_state(session)), callback=restore)


@solara.component
def AddressNotice(notice: solara.Reactive[str], language: str):
    """Say that the session came back from the address (or could not); the user can close the message."""
    with solara.Column(gap="0px"):  # a stable container: the message comes and goes without moving the page
        if notice.value:
            rv.Alert(
                type="info" if notice.value == "restored" else "warning",
                dense=True,
                text=True,
                dismissible=True,
                v_model=True,
                on_v_model=lambda shown: None if shown else notice.set(""),
                class_=f"mb-0 jwsim-address-{notice.value}",
                children=[tr("address", notice.value, language)],
            )


@solara.component
def Page():
    """Show the app: title, language switch and tabs in the app bar, the chosen page below."""
    session: Session = use_session()
    use_run_watcher(session.results)
    use_run_watcher(session.compare)
    use_run_watcher(session.why)
    solara.use_effect(_warm_up_workers, [])
    notice = solara.use_reactive("")
    language = session.lang.value

    solara.Title(t("app.title", language))
    solara.Style(APP_CSS)
    with solara.AppBar():
        LanguageSwitch(session.lang)
        # Tabs inside the AppBar go to its extension row (a second bar under the title).
        with solara.lab.Tabs(
            value=session.page, align="left", background_color="primary", dark=True, slider_color="white"
        ):
            for spec in PAGES:
                solara.lab.Tab(t(spec.label_key, language))
    with solara.Column(gap="16px", style={"padding": "8px 8px 24px"}):
        SessionAddress(session, notice)
        AddressNotice(notice, language)
        PageBoundary(PAGES[session.page.value], session, language)
