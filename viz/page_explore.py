"""The Verken page: one run of the real model, step by step (step, play, pause, reset).

With weekly plots, a wijk map that follows the run and an inspector that follows one youth.

The controls do what Mesa's SolaraViz ``ModelController`` does (step, play/pause, reset on a model held
per session), written with plain Solara because Mesa's controller has English-only labels and its
signature differs between Mesa 3.3 and 3.5, the two versions this project supports. Playing is an asyncio
task (``solara.lab.use_task``, as Mesa's own controller does it) on the session's event loop — the thread
that handles this browser's messages — so a step, the redraw it triggers and the user's clicks never run
at the same time, and other sessions (their own threads) are not held up. A step takes milliseconds at the
default scale, so the page redraws about every week of simulated time.
"""

from __future__ import annotations

import asyncio

import numpy as np
import reacton.ipyvuetify as rv
import solara

from jwsim.model.scenario import load_scenario
from jwsim.viz.components import (
    LabelledSelect,
    Notice,
    PageHeading,
    Paragraph,
    SectionHeading,
)
from jwsim.viz.draft import DEFAULT_PRESET
from jwsim.viz.explore import (
    CARE_LEVELS,
    FACTOR_NAMES,
    LIVE_METRICS,
    LIVE_SERIES,
    PICK_KINDS,
    PROGRAMMES,
    Exploration,
)
from jwsim.viz.figures import factor_bars, weekly_lines, wijk_areas, wijk_map
from jwsim.viz.i18n import t, tf, tr
from jwsim.viz.numbers import format_number, number_format
from jwsim.viz.page_compare import compare_options
from jwsim.viz.state import Session
from jwsim.viz.wijk_map import WijkMapFigure

SCALES = (1.0, 2.0, 5.0, 10.0)
DEFAULT_SCALE = 10.0
FRAME_INTERVAL_S = 0.1  # pause between weeks while playing, so a person can follow what happens
PERCENT_METRICS = {"in_care_share", "relation_share"}


def _event_loop_running() -> bool:
    """Return whether this thread runs an asyncio event loop (the session's, on the app server)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def week_label(expl: Exploration, week: int, lang: str) -> str:
    """'2026 wk 12' for a step index."""
    year, yweek = expl.calendar_of(week)
    return tf("inspect.week", lang, year=year, yweek=yweek)


@solara.component
def Controls(session: Session, expl: Exploration, restart, lang: str):
    """Step, 4 weeks, play/pause and reset, with the week and date."""
    playing = session.explore_playing.value
    week = session.explore_week.value

    def step(n: int) -> None:
        expl.step(n)
        session.explore_week.set(expl.week)

    with solara.Row(
        gap="8px", style={"align-items": "center", "flex-wrap": "wrap"}, classes=["jwsim-controls"]
    ):
        solara.Button(
            t("explore.step", lang),
            icon_name="mdi-step-forward",
            color="primary",
            outlined=True,
            on_click=lambda: step(1),
            disabled=playing or expl.finished,
            classes=["jwsim-step"],
        )
        solara.Button(
            t("explore.step4", lang),
            icon_name="mdi-fast-forward",
            color="primary",
            outlined=True,
            on_click=lambda: step(4),
            disabled=playing or expl.finished,
            classes=["jwsim-step4"],
        )
        solara.Button(
            t("explore.pause" if playing else "explore.play", lang),
            icon_name="mdi-pause" if playing else "mdi-play",
            color="primary",
            on_click=lambda: session.explore_playing.set(not playing),
            disabled=expl.finished and not playing,
            classes=["jwsim-play"],
        )
        solara.Button(
            t("explore.reset", lang),
            icon_name="mdi-restore",
            outlined=True,
            on_click=restart,
            classes=["jwsim-reset"],
        )
        year, yweek = expl.calendar_of(max(week - 1, 0))
        rv.Html(
            tag="span",
            class_="text-body-1 font-weight-medium jwsim-week",
            children=[tf("explore.status", lang, week=week, total=expl.n_weeks, year=year, yweek=yweek)],
        )
    if expl.in_burn_in:
        Paragraph(t("explore.burn_in", lang), "text-caption jwsim-burn-in")
    if expl.finished:
        solara.Info(t("explore.finished", lang), dense=True)


@solara.component
def LiveFigures(expl: Exploration, week: int, lang: str):
    """Show the weekly series so far and the wijk map of now."""
    metric = solara.use_reactive("in_care_share")

    def draw_series() -> bytes:
        # Row 0 is Mesa's collection before the first step (no week has happened yet): leave it out.
        frame = expl.series().iloc[1:]
        first_year = expl.calendar_of(0)[0]
        x = first_year + np.arange(len(frame)) / 52.0
        series = {tr("dc", name, lang): frame[name].to_numpy() for name in LIVE_SERIES}
        return weekly_lines(
            x,
            series,
            t("explore.series_title", lang),
            marker_x=float(expl.model.start_year),
            x_range=(first_year, first_year + expl.n_weeks / 52.0),
            decimal_comma=lang == "nl",
        )

    def draw_map() -> tuple[bytes, list]:
        values = expl.wijk_values(metric.value)
        percent = metric.value in PERCENT_METRICS
        year, yweek = expl.calendar_of(max(week - 1, 0))
        label = tr("livemetric", metric.value, lang)
        shown = values * (100 if percent else 1)
        number = number_format(lang, least=1 if percent else 2)
        png = wijk_map(
            shown,
            tf("explore.map_title", lang, metric=label, year=year, yweek=yweek),
            label,
            number=number,
            no_data=t("results.map_nodata", lang),
        )
        hover = (lambda v, d=0: f"{number(v, d)}%") if percent else number
        return png, wijk_areas(shown, hover, t("results.map_nodata", lang))

    series_png = solara.use_memo(draw_series, [expl, week, lang])
    map_png, map_areas = solara.use_memo(draw_map, [expl, week, metric.value, lang])
    with solara.Row(gap="24px", style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        with solara.Column(style={"flex": "1 1 30rem", "max-width": "48rem"}):
            SectionHeading(t("explore.series", lang))
            solara.Image(series_png, width="100%", classes=["jwsim-live-series"])
        with solara.Column(style={"flex": "1 1 24rem", "max-width": "36rem"}):
            SectionHeading(t("explore.map", lang))
            LabelledSelect(
                t("explore.map_metric", lang),
                [(m, tr("livemetric", m, lang)) for m in LIVE_METRICS],
                metric.value,
                metric.set,
                classes="jwsim-live-metric",
                width="26rem",
            )
            WijkMapFigure(map_png, map_areas, "", "", image_class="jwsim-live-map jwsim-map-image")


@solara.component
def Inspector(expl: Exploration, week: int, lang: str):
    """Follow one youth by uid: profile, factors, events; says so when the youth leaves the simulation."""
    version = solara.use_reactive(0)  # bumped when the followed person changes (the model does not re-render)
    uid_text = solara.use_reactive(0)
    message = solara.use_reactive("")
    current = version.value  # read on every render: Solara re-renders a component for the values it read

    def follow(uid: int) -> None:
        lo, hi = expl.uid_range()
        if expl.follow(uid):
            message.set("")
            uid_text.set(uid)
        else:
            message.set(tf("inspect.not_found", lang, uid=uid, lo=lo, hi=hi))
        version.set(version.value + 1)

    SectionHeading(t("inspect.heading", lang))
    with solara.Row(gap="8px", style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.InputInt(
            t("inspect.uid", lang), value=uid_text, style={"max-width": "14rem"}, classes=["jwsim-uid"]
        )
        solara.Button(
            t("inspect.follow", lang),
            color="primary",
            outlined=True,
            on_click=lambda: follow(int(uid_text.value or 0)),
            classes=["jwsim-follow"],
        )
        rv.Html(tag="span", class_="text-body-2", children=[t("inspect.pick", lang)])
        for kind in PICK_KINDS:
            solara.Button(
                tr("pick", kind, lang),
                small=True,
                text=True,
                color="primary",
                on_click=lambda kind=kind: follow(expl.pick(kind)),
                classes=[f"jwsim-pick-{kind}"],
            )
    Notice(message.value, classes="jwsim-inspect-message")
    if expl.tracker is not None:
        TrackedYouth(expl, week, current, follow, lang)


@solara.component
def TrackedYouth(expl: Exploration, week: int, version: int, follow, lang: str):
    """Show the followed youth: profile, factors now against when following began, and events."""
    tracker = expl.tracker
    state = tracker.latest
    inputs = expl.model.inputs
    with rv.Card(outlined=True, class_="pa-3 jwsim-inspector"):
        rv.Html(
            tag="div",
            class_="text-h6",
            children=[tf("inspect.following", lang, uid=tracker.uid, slot=tracker.slot)],
        )
        school = (
            state.school_type
            if state.school < 0
            else f"{state.school_type}, {inputs.schools.names[state.school]}"
        )
        rv.Html(
            tag="div",
            class_="text-body-2",
            children=[
                tf(
                    "inspect.profile",
                    lang,
                    age=state.age,
                    sex=t("inspect.male" if state.male else "inspect.female", lang),
                    wijk=inputs.wijk_names[state.wijk],
                    school=school,
                )
            ],
        )
        with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
            for flag, key in (
                (state.vulnerable, "inspect.vulnerable"),
                (state.jv, "inspect.jv"),
                (state.student, "inspect.student"),
                (state.group >= 0, "inspect.group"),
            ):
                if flag:
                    rv.Chip(small=True, children=[t(key, lang)])
        for line in (
            tf("inspect.relation", lang, value=format_number(state.relation, 2, lang)),
            tf("inspect.care", lang, level=tr("care", CARE_LEVELS[state.care_level], lang)),
            tf("inspect.programme", lang, programme=tr("programme", PROGRAMMES[state.programme], lang)),
        ):
            rv.Html(tag="div", class_="text-body-2", children=[line])
        with solara.Column(gap="0px"):  # a stable slot: the notice must not rebuild the figure below
            if not tracker.present:
                with solara.Warning(classes=["jwsim-left"]):
                    rv.Html(
                        tag="div",
                        children=[
                            tf(
                                "inspect.left",
                                lang,
                                uid=tracker.uid,
                                week=tracker.left_week,
                                slot=tracker.slot,
                                successor=tracker.successor_uid,
                            )
                        ],
                    )
                    solara.Button(
                        tf("inspect.follow_successor", lang, successor=tracker.successor_uid),
                        small=True,
                        on_click=lambda: follow(int(tracker.successor_uid)),
                        classes=["jwsim-follow-successor"],
                    )
        with solara.Row(gap="24px", style={"flex-wrap": "wrap", "align-items": "flex-start"}):
            png = solara.use_memo(lambda: _factors_png(tracker, lang), [tracker, week, version, lang])
            with solara.Column(style={"flex": "1 1 22rem", "max-width": "34rem"}):
                solara.Image(png, width="100%", classes=["jwsim-factors"])
            with solara.Column(style={"flex": "1 1 20rem", "max-height": "26rem", "overflow-y": "auto"}):
                rv.Html(tag="div", class_="font-weight-bold", children=[t("inspect.events", lang)])
                if not tracker.events:
                    Paragraph(t("inspect.no_events", lang))
                with rv.Html(tag="ul", class_="jwsim-events"):
                    for event in reversed(tracker.events[-60:]):
                        text = tr("event", event.kind, lang, detail=_detail(event.kind, event.detail, lang))
                        rv.Html(
                            tag="li",
                            class_="text-body-2",
                            children=[f"{week_label(expl, event.week - 1, lang)}: {text}"],
                        )


def _detail(kind: str, detail: str, lang: str) -> str:
    if kind.startswith("care_") and detail in CARE_LEVELS:
        return tr("care", detail, lang)
    if kind.startswith("programme_") and detail in PROGRAMMES:
        return tr("programme", detail, lang)
    return detail


def _factors_png(tracker, lang: str) -> bytes:
    first, now = tracker.history[0][1], tracker.latest
    names = [*FACTOR_NAMES["protective"], *FACTOR_NAMES["risk"]]
    groups = [t("inspect.protective", lang)] * len(first.protective) + [t("inspect.risk", lang)] * len(
        first.risk
    )
    return factor_bars(
        [tr("factor", n, lang) for n in names],
        [*now.protective, *now.risk],
        groups,
        t("inspect.factors", lang),
        baseline=[*first.protective, *first.risk],
        decimal_comma=lang == "nl",
    )


@solara.component
def ExplorePage(session: Session):
    """Follow one simulation step by step."""
    lang = session.lang.value
    PageHeading(t("page.explore.title", lang), t("page.explore.description", lang))
    options = compare_options(session)
    scenario_name = solara.use_reactive(DEFAULT_PRESET)
    scale = solara.use_reactive(DEFAULT_SCALE)
    seed = solara.use_reactive(2026)
    expl = session.explore.value

    def restart() -> None:
        session.explore_playing.set(False)
        chosen = scenario_name.value if scenario_name.value in options else DEFAULT_PRESET
        scenario = options.get(chosen) or load_scenario(chosen)
        session.explore.set(Exploration(scenario, seed=int(seed.value or 0), scale=float(scale.value)))
        session.explore_week.set(0)

    async def play() -> None:
        # Pause or a new simulation changes the dependencies: Solara cancels this task at its next await.
        while session.explore_playing.value and session.explore.value is expl and expl is not None:
            if expl.step(1) == 0:
                break
            session.explore_week.set(expl.week)
            await asyncio.sleep(FRAME_INTERVAL_S)
        if session.explore.value is expl:
            session.explore_playing.set(False)

    solara.lab.use_task(
        play,
        dependencies=[session.explore_playing.value, expl],
        # On the server this render runs on the session's event loop: play there. Rendered without a running
        # loop (in-process tests, a notebook), Solara runs the task in a thread with a loop of its own.
        prefer_threaded=not _event_loop_running(),
        raise_error=False,
    )
    with solara.Row(gap="16px", style={"align-items": "center", "flex-wrap": "wrap"}):
        LabelledSelect(
            t("explore.scenario", lang),
            [(n, n) for n in options],
            scenario_name.value,
            scenario_name.set,
            classes="jwsim-explore-scenario",
            width="22rem",
        )
        LabelledSelect(
            t("explore.scale", lang),
            [(f"{x:g}", f"{x:g}") for x in SCALES],
            f"{scale.value:g}",
            lambda v: scale.set(float(v)),
            width="16rem",
        )
        solara.InputInt(t("explore.seed", lang), value=seed, style={"max-width": "12rem"})
        solara.Button(
            t("explore.new", lang),
            color="primary",
            icon_name="mdi-plus",
            on_click=restart,
            disabled=session.explore_playing.value,
            classes=["jwsim-explore-new"],
        )
    if expl is None:
        solara.Info(t("explore.none", lang), classes=["jwsim-explore-none"])
        return
    Controls(session, expl, restart, lang)
    LiveFigures(expl, session.explore_week.value, lang)
    Inspector(expl, session.explore_week.value, lang)
