"""The jwsim browser app: the shell with navigation between the five pages and the NL/EN language switch.

Run it with ``jwsim app`` or ``python -m jwsim.viz`` (see viz/server.py), which serve Solara's front-end
files from a local folder so the app works offline.

All state lives in the ``Page`` component (``solara.use_reactive``), so every browser session has its own
language and page; nothing mutable is kept at module level, where all sessions would share it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import reacton.ipyvuetify as rv
import solara
from jwsim.viz.i18n import DEFAULT_LANGUAGE, LANGUAGES, t


@solara.component
def PageHeading(title: str, description: str):
    """Show a page title (h1) with the sentence that says what the page is for."""
    with solara.Column(gap="4px", classes=["jwsim-page-heading"]):
        rv.Html(tag="h1", class_="text-h4", children=[title])
        rv.Html(tag="p", class_="text-body-1 mb-0", children=[description])


@solara.component
def ScenarioPage(lang: str):
    """Put a scenario together: FTE per work form, SJW hours per school, wijk priorities, cost."""
    PageHeading(t("page.scenario.title", lang), t("page.scenario.description", lang))


@solara.component
def ResultsPage(lang: str):
    """Show the outcomes of one scenario against a reference scenario."""
    PageHeading(t("page.results.title", lang), t("page.results.description", lang))


@solara.component
def ComparePage(lang: str):
    """Show two to four scenarios side by side."""
    PageHeading(t("page.compare.title", lang), t("page.compare.description", lang))


@solara.component
def ExplorePage(lang: str):
    """Follow one run step by step."""
    PageHeading(t("page.explore.title", lang), t("page.explore.description", lang))


@solara.component
def AboutPage(lang: str):
    """Say what the tool is, with a plain disclaimer."""
    PageHeading(t("page.about.title", lang), t("page.about.description", lang))
    with solara.Column(gap="8px", style={"max-width": "52rem"}):
        rv.Html(tag="h2", class_="text-h6 mt-2", children=[t("about.what.heading", lang)])
        rv.Html(tag="p", children=[t("about.what.body", lang)])
        # coloured border, not coloured text: body text keeps its contrast
        with rv.Alert(
            type="warning", border="left", colored_border=True, elevation=1, class_="jwsim-disclaimer"
        ):
            rv.Html(tag="div", class_="font-weight-bold", children=[t("about.disclaimer.heading", lang)])
            rv.Html(tag="p", class_="mb-0", children=[t("about.disclaimer.body", lang)])
        rv.Html(tag="h2", class_="text-h6 mt-2", children=[t("about.use.heading", lang)])
        rv.Html(tag="p", children=[t("about.use.body", lang)])


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


@solara.component
def Page():
    """Show the app: title, language switch and tabs in the app bar, the chosen page below."""
    lang = solara.use_reactive(DEFAULT_LANGUAGE)
    current = solara.use_reactive(0)  # index into PAGES
    language = lang.value

    solara.Title(t("app.title", language))
    with solara.AppBar():
        LanguageSwitch(lang)
        # Tabs inside the AppBar go to its extension row (a second bar under the title).
        with solara.lab.Tabs(
            value=current, align="left", background_color="primary", dark=True, slider_color="white"
        ):
            for spec in PAGES:
                solara.lab.Tab(t(spec.label_key, language))
    with solara.Column(gap="16px", style={"padding": "8px 8px 24px"}):
        PAGES[current.value].component(language)
