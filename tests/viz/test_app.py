"""The app shell rendered in-process (no browser): Dutch navigation, page switching, per-render state.

The language switch sits in the app bar, which Solara fills only inside a kernel context; it is tested on its
own here, and end-to-end in tests/browser/test_shell.py.
"""

from __future__ import annotations

import ipyvuetify as v
import ipywidgets
import pytest
import solara

from jwsim.viz.app import PAGES, LanguageSwitch, Page
from jwsim.viz.i18n import t
from jwsim.viz.state import use_session
from jwsim.viz.stats import HEADLINE_KPIS


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
    tabs = ["Scenario", "Resultaten", "Vergelijk", "Verken", "Verantwoorden", "Over het model"]
    assert _tab_labels(rc) == tabs
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


@pytest.mark.parametrize("index", range(len(PAGES)))
def test_every_page_renders_in_english(index):
    """Each page in English raises nothing (a missing label would) and shows its English title."""

    @solara.component
    def English():
        session = use_session()
        solara.use_effect(lambda: session.lang.set("en"), [])
        PAGES[index].component(session)

    _, rc = solara.render(English(), handle_error=False)
    assert _heading(rc) == t(PAGES[index].label_key, "en")


def test_choosing_a_preset_loads_it_and_an_edit_renames_it():
    """The preset picker loads the scenario file; moving a slider makes it 'my' scenario."""
    rc = _render()
    rc.find(v.Select, class_="jwsim-preset").widget.v_model = "meer-ib"
    name = rc.find(v.TextField, class_="jwsim-name").widget
    assert name.v_model == "meer-ib"
    ib = rc.find(v.Slider, label="Individuele begeleiding (IB)").widget
    assert ib.v_model == 5.0
    ib.v_model = 4.0
    assert rc.find(v.TextField, class_="jwsim-name").widget.v_model == "meer-ib-aangepast"
    used = rc.find(v.Html, class_="text-caption jwsim-fte-used").widgets
    assert "25,5 van 26,5 fte ingezet" in [w.children[0] for w in used]


def test_results_sections_render_a_comparison():
    """KPI cards, series, map, table and downloads render for a real (small) comparison in both languages."""
    from jwsim.data import load_inputs
    from jwsim.experiments.runner import replicate_tasks, run_task
    from jwsim.model.scenario import load_scenario
    from jwsim.viz.page_compare import SideBySide
    from jwsim.viz.page_results import KpiCards, SeriesSection
    from jwsim.viz.runs import ComparisonResult
    from jwsim.viz.state import RunView
    from jwsim.viz.wijk_map import WijkMapWidget
    from jwsim.viz.wijk_views import DifferenceMaps, WijkSection

    names = ["huidig-2025", "opdracht-2026"]
    scenarios = {n: load_scenario(n) for n in names}
    results = {n: [run_task(task) for task in replicate_tasks(scenarios[n], 2, 2, 50.0, 1)] for n in names}
    comp = ComparisonResult(names, scenarios, results, seed=2, reps=2, scale=50.0, years=1, preview=True)

    @solara.component
    def Sections(lang: str):
        KpiCards(RunView(status="preview", result=comp), "opdracht-2026", lang)
        SeriesSection(comp, lang, "test")
        WijkSection(comp, "opdracht-2026", lang, "test")
        SideBySide(RunView(status="preview", result=comp), lang)
        DifferenceMaps(comp, lang)

    for lang in ("nl", "en"):
        _, rc = solara.render(Sections(lang), handle_error=False)
        cards = [w for w in rc.find(v.Card).widgets if "jwsim-kpi " in (w.class_ or "")]
        assert len(cards) == len(HEADLINE_KPIS) == 14  # incl. the three pathways, returns, startkwalificatie
        assert len(rc.find(ipywidgets.Image).widgets) == 1  # the series
        # The default series (youths in care) says that its early rise is the model's, not policy's.
        drift = rc.find(v.Html, class_="text-body-2 mb-1 text-caption jwsim-series-drift").widgets
        assert [w.children for w in drift] == [[t("results.series_drift", lang)]]
        assert {w for w in ("jeugdhulp", "beleid" if lang == "nl" else "policy")} <= set(
            t("results.series_drift", lang).replace(",", " ").replace(":", " ").split())
        the_map = rc.find(WijkMapWidget).widgets[0]  # the Resultaten map, then the Vergelijk one
        assert len(rc.find(WijkMapWidget).widgets) == 2
        assert the_map.src.startswith("data:image/png;base64,")
        assert {area["code"] for area in the_map.areas} == set(load_inputs().wijk_codes)  # every wijk hovers
        rows = rc.find(v.Html, tag="tr").widgets
        assert len(rows) > 30  # the wijk table and the side-by-side table
        parts = rc.find(v.Html, class_="mt-2 jwsim-cost-parts")
        assert parts  # the cost card shows its Tabel 1 lines


def test_a_failing_page_shows_a_message_in_the_users_language_and_keeps_the_session(monkeypatch):
    """A page that raises while rendering shows the boundary's message (not a traceback); the tabs stay."""
    import jwsim.viz.app as app
    from jwsim.viz.components import PageHeading

    calls = {"n": 0}

    @solara.component
    def Broken(session):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ValueError("kapotte pagina")
        PageHeading("hersteld", "")

    broken = app.PageSpec("scenario", "page.scenario.title", Broken)
    monkeypatch.setattr(app, "PAGES", (broken, *app.PAGES[1:]))
    rc = _render()
    alert = rc.find(v.Alert, class_="jwsim-page-error")
    assert alert
    text = " ".join(str(c) for w in rc.find(v.Html, tag="p").widgets for c in w.children)
    assert "Er ging iets mis" in text and "ValueError: kapotte pagina" in text
    assert len(_tab_labels(rc)) == len(app.PAGES)  # the app shell is still there
    rc.find(v.Btn, class_="jwsim-retry").widget.click()
    assert calls["n"] == 2 and _heading(rc) == "hersteld"
    assert not rc.find(v.Alert, class_="jwsim-page-error")


def test_the_drift_note_names_series_the_app_offers():
    """The series that carry the note on the model's drift are series the app can show."""
    from jwsim.viz import stats
    from jwsim.viz.page_results import DRIFTING_SERIES

    assert DRIFTING_SERIES and set(DRIFTING_SERIES) <= {name for name, _ in stats.SERIES}
