"""The Resultaten page: the session's scenario against a reference.

KPI cards with paired intervals, time series with bands, a choropleth and a table per wijk, downloads. Also
the run settings and the
function that starts a run (shared with the Scenario page's Run button).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import reacton.ipyvuetify as rv
import solara

from jwsim.experiments.replicates import MIN_REPLICATES
from jwsim.model.scenario import load_scenario
from jwsim.viz import stats
from jwsim.viz.components import (
    EvidenceSelect,
    KpiCardView,
    LabelledSelect,
    Notice,
    NumberField,
    PageHeading,
    Paragraph,
    PngFigure,
    RunBar,
    SectionHeading,
    result_caption,
)
from jwsim.viz.draft import check, preset_names
from jwsim.viz.exports import Downloads, cost_lines, file_name
from jwsim.viz.figures import series_with_bands
from jwsim.viz.i18n import t, tf, tr
from jwsim.viz.numbers import format_number
from jwsim.viz.runs import ComparisonResult, ComparisonRun, RunSettings, get_service
from jwsim.viz.session_url import canonical
from jwsim.viz.state import RunView, Session
from jwsim.viz.why_view import WhySection
from jwsim.viz.wijk_views import WijkSection

SCALES = (1.0, 2.0, 5.0, 10.0, 20.0)
MAX_REPS = 40
MAX_YEARS = 10
COST_KPI = "youthwork_cost_eur_per_year"  # its card shows the Tabel 1 lines it adds up
MIN_REPS = MIN_REPLICATES  # fewer replicates give no interval
# Series whose level moves in every scenario in the first years for a reason of the model, not of policy (the
# warm start of care: docs/ODD.md, limitations): their figure says so.
DRIFTING_SERIES = ("in_care",)


def results_request(session: Session) -> tuple:
    """Return what a Resultaten run is computed for: the scenario document, the reference and the settings."""
    return canonical(session.draft.value), session.reference.value, session.settings.value


def stale_notice(asked: tuple | None, now: tuple, parts: tuple[str, str], lang: str) -> str:
    """Say what changed since the calculation on the page, or ``""`` when nothing did.

    ``asked`` and ``now`` are requests of one page (``results_request`` or ``compare_request``): two parts
    named by ``parts`` (labels ``stale.*``), then the run settings, of which the evidence regime is named
    with its old and new value (changing only the regime is not a changed scenario).
    """
    if asked == now:
        return ""
    if asked is None:
        return tf("run.stale", lang, what=t("run.stale.settings", lang))
    *asked_parts, old_settings = asked
    *parts_now, settings = now
    what = [tr("stale", part, lang)
            for part, old, new in zip(parts, asked_parts, parts_now, strict=True) if old != new]
    if old_settings.evidence != settings.evidence:
        what.append(tf("run.stale.regime", lang, old=stats.regime_name(old_settings.evidence, lang),
                       new=stats.regime_name(settings.evidence, lang)))
    if replace(old_settings, evidence=settings.evidence) != settings:
        what.append(t("run.stale.settings", lang))
    joined = f"{', '.join(what[:-1])} {t('run.stale.and', lang)} {what[-1]}" if len(what) > 1 else what[0]
    return tf("run.stale", lang, what=joined)


def start_results_run(
    session: Session,
    doc: dict | None = None,
    reference: str | None = None,
    settings: RunSettings | None = None,
) -> bool:
    """Queue a scenario against a reference (preview, then full); False if it cannot run.

    By default the session's own scenario, reference and settings; a reloaded page passes what it had
    asked for before (``session_url``), and gets it from the run service's cache.
    """
    doc = session.draft.value if doc is None else doc
    reference_name = session.reference.value if reference is None else reference
    settings = session.settings.value if settings is None else settings
    checked = check(doc)
    if checked.scenario is None:
        return False
    reference_scenario = load_scenario(reference_name)
    if reference_scenario.name == checked.scenario.name:
        return False
    run = ComparisonRun(get_service(), [reference_scenario, checked.scenario], settings)
    session.results.start(run, (canonical(doc), reference_name, settings))
    return True


@solara.component
def RunSettingsPanel(session: Session, lang: str):
    """Replicates, scale, seed and years of the full run (the preview is always quick and small).

    The evidence regime is a run setting too, but chosen beside the reference (``EvidenceSelect``).
    """
    s = session.settings.value

    def update(**changes) -> None:
        session.settings.set(RunSettings(**{**s.__dict__, **changes}))

    with rv.ExpansionPanels(flat=True, class_="jwsim-settings"):
        with rv.ExpansionPanel():
            rv.ExpansionPanelHeader(children=[t("run.settings", lang)])
            with rv.ExpansionPanelContent():
                with solara.Row(gap="16px", style={"flex-wrap": "wrap", "align-items": "center"}):
                    SettingField("reps", s.reps, update, lang, "18rem", maximum=MAX_REPS)
                    LabelledSelect(
                        t("run.scale", lang),
                        [(f"{x:g}", f"{x:g}") for x in SCALES],
                        f"{s.scale:g}",
                        lambda v: update(scale=float(v)),
                        classes="jwsim-scale",
                        width="22rem",
                    )
                    SettingField("seed", s.seed, update, lang, "12rem", grouped=False)
                    SettingField("years", s.years, update, lang, "10rem", maximum=MAX_YEARS)


# The least each whole-number setting may be (fewer than 2 replicates give no interval).
SETTING_MINIMUM = {"reps": MIN_REPS, "seed": 0, "years": 1}


@solara.component
def SettingField(
    name: str,
    value: int,
    update: Callable[..., None],
    lang: str,
    width: str,
    maximum: float | None = None,
    grouped: bool = True,
):
    """One whole-number run setting (``run.<name>`` is its label), read the user's way."""
    NumberField(
        tr("run", name, lang),
        float(value),
        lambda v: update(**{name: max(SETTING_MINIMUM[name], int(v))}),
        lang,
        decimals=0,
        classes=f"jwsim-{name}",
        width=width,
        maximum=maximum,
        integer=True,
        compact=False,
        grouped=grouped,
    )


@solara.component
def KpiCards(view: RunView, scenario: str, lang: str):
    """Show the headline KPI cards of ``scenario`` against the reference, and the other evidence regimes."""
    result = view.result
    SectionHeading(t("results.cards", lang))
    Paragraph(tf("results.cards_help", lang, reference=result.reference), "text-caption")
    if view.evidence_status:
        Paragraph(t("evidence.help", lang), "text-caption jwsim-evidence-help")
    cards = solara.use_memo(
        lambda: stats.kpi_cards(result, scenario, lang, view.evidence),
        [result, view.evidence, scenario, lang],
    )
    with solara.Row(gap="12px", style={"flex-wrap": "wrap"}, classes=["jwsim-cards"]):
        for card in cards:
            parts = cost_lines(result, scenario, lang) if card.kpi == COST_KPI else []
            KpiCardView(card, result.reference, lang, parts, view.evidence_status)


def _number_format(series: str, lang: str):
    decimals = 3 if series == "protective_mean" else 0
    return lambda v: format_number(v, decimals, lang)


@solara.component
def SeriesSection(result: ComparisonResult, lang: str, key: str):
    """Show a weekly series over time in 4-week periods: bands across replicates, paired differences."""
    series = solara.use_reactive("in_care")
    SectionHeading(t("results.series", lang))
    LabelledSelect(
        t("results.series_pick", lang),
        [(s, tr("series", s, lang)) for s, _ in stats.SERIES],
        series.value,
        series.set,
        classes="jwsim-series-pick",
    )

    def draw() -> bytes:
        b = stats.series_bands(result, series.value)
        title = tf("results.series_title", lang, series=tr("series", series.value, lang))
        return series_with_bands(
            b["x"]["years"],
            b,
            result.names,
            title,
            tr("series", series.value, lang),
            t("results.series_diff", lang),
            result.reference,
            _number_format(series.value, lang),
        )

    png = solara.use_memo(draw, [result, series.value, lang])
    PngFigure(
        png,
        file_name(result, f"{t('export.file_series', lang)}-{series.value}", "png"),
        t("download.png_series", lang),
        max_width="56rem",
    )
    Paragraph(t("results.series_band", lang), "text-caption")
    if series.value in DRIFTING_SERIES:
        Paragraph(t("results.series_drift", lang), "text-caption jwsim-series-drift")


@solara.component
def ResultsPage(session: Session):
    """Show the outcomes of the session's scenario against a reference scenario."""
    lang = session.lang.value
    PageHeading(t("page.results.title", lang), t("page.results.description", lang))
    checked = check(session.draft.value)
    with solara.Row(gap="16px", style={"align-items": "center", "flex-wrap": "wrap"}):
        LabelledSelect(
            t("run.reference", lang),
            [(n, n) for n in preset_names()],
            session.reference.value,
            session.reference.set,
            classes="jwsim-reference",
        )
        EvidenceSelect(session.settings, lang)
        if checked.scenario is not None:
            rv.Html(
                tag="span",
                class_="text-body-2",
                children=[f"{t('run.my_scenario', lang)}: {checked.scenario.name}"],
            )
    blocked = (
        t("run.invalid", lang)
        if checked.scenario is None
        else (t("run.same", lang) if checked.scenario.name == session.reference.value else "")
    )
    RunBar(session.results, lambda: start_results_run(session), lang, blocked)
    RunSettingsPanel(session, lang)
    view = session.results.view.value
    result = view.result
    if result is None:
        solara.Info(t("run.none", lang), classes=["jwsim-no-results"])
        return
    scenario = result.names[1]
    rv.Html(
        tag="div",
        class_="text-body-2 font-weight-medium jwsim-result-caption",
        children=[result_caption(result, lang)],
    )
    Notice(
        stale_notice(session.results.asked.value, results_request(session), ("scenario", "reference"), lang),
        classes="jwsim-stale",
    )
    KpiCards(view, scenario, lang)
    SeriesSection(result, lang, "resultaten")
    WijkSection(result, scenario, lang, "resultaten")
    if not result.preview:
        WhySection(result, session, lang)
    Downloads(result, lang, view.evidence)
