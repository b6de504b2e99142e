"""The Scenario page: put an allocation together, see its cost against Tabel 1, open and save it as TOML."""

from __future__ import annotations

import functools
import logging
import math

import numpy as np
import reacton.ipyvuetify as rv
import solara

from jwsim.data import load_inputs
from jwsim.model.params import REGISTRY
from jwsim.model.scenario import MAX_SCENARIO_BYTES, ScenarioError, load_scenario
from jwsim.viz import draft as d
from jwsim.viz.components import (
    Choice,
    InfoTip,
    LabelledSelect,
    NumberField,
    PageHeading,
    Paragraph,
    SectionHeading,
    UploadButton,
)
from jwsim.viz.figures import wijk_areas, wijk_map
from jwsim.viz.i18n import t, tf, tr
from jwsim.viz.messages import scenario_error_text
from jwsim.viz.numbers import format_number, number_format
from jwsim.viz.page_results import start_results_run
from jwsim.viz.scenario_toml import dumps, read_upload
from jwsim.viz.scenario_years import BudgetCard, YearBar
from jwsim.viz.state import Session
from jwsim.viz.wijk_map import WijkMapFigure

log = logging.getLogger(__name__)
MAX_WEIGHT = 3.0
MAX_SJW_HOURS = 40.0  # a school week (model/allocation.py refuses more)
FILE_HEADER = "jwsim scenario: open it in the jwsim app, or run it with `jwsim run --scenario <this file>`"


@solara.component
def PresetBar(session: Session, lang: str):
    """Preset picker, the scenario's name, and opening/saving a scenario file."""
    doc = session.draft.value
    names = d.preset_names()

    def pick(name: str) -> None:
        if name in names:
            session.preset.set(name)
            session.draft.set(d.preset_doc(name))
            session.upload_message.set("")

    def on_file(filename: str, size: int, content: bytes | None) -> None:
        if content is None:
            session.upload_message.set(
                f"error:{filename}: file is larger than {MAX_SCENARIO_BYTES // 1024} KiB"
            )
            return
        try:
            new_doc, scenario = read_upload(content, filename)
        except ScenarioError as error:
            session.upload_message.set(f"error:{error}")
            return
        except Exception as error:  # noqa: BLE001 - an upload must never show a traceback
            log.exception("unexpected error reading an uploaded scenario")
            session.upload_message.set(f"error:{filename}: cannot be read ({type(error).__name__})")
            return
        session.draft.set(new_doc)
        session.preset.set(scenario.name if scenario.name in names else "")
        session.upload_message.set(f"ok:{filename}")

    with solara.Row(gap="16px", style={"align-items": "center", "flex-wrap": "wrap"}):
        LabelledSelect(
            t("scenario.preset", lang),
            [(n, n) for n in names],
            session.preset.value,
            pick,
            classes="jwsim-preset",
        )
        solara.InputText(
            t("scenario.name", lang),
            value=str(doc.get("name", "")),
            on_value=lambda name: session.draft.set(d.with_name(session.draft.value, name)),
            style={"max-width": "22rem"},
            classes=["jwsim-name"],
        )
    PresetNotes(doc, session.preset.value, lang)
    with solara.Row(gap="12px", style={"align-items": "center", "flex-wrap": "wrap"}):
        UploadButton(t("scenario.upload", lang), MAX_SCENARIO_BYTES, on_file)
        rv.Html(
            tag="span",
            class_="text-caption",
            children=[tf("scenario.upload_help", lang, kib=MAX_SCENARIO_BYTES // 1024)],
        )
        checked = d.check(doc)
        if checked.scenario is not None:  # last in the row: its coming and going moves nothing else
            solara.FileDownload(
                dumps(doc, header=FILE_HEADER),
                filename=f"{checked.scenario.name}.toml",
                label=t("scenario.download", lang),
                mime_type="application/toml",
            )
    message = session.upload_message.value
    if message.startswith("error:"):
        with solara.Error(classes=["jwsim-upload-error"]):
            rv.Html(tag="div", class_="font-weight-bold", children=[t("scenario.upload_error", lang)])
            rv.Html(tag="div", children=[scenario_error_text(message[len("error:") :], lang)])
    elif message.startswith("ok:"):
        solara.Success(
            tf("scenario.upload_ok", lang, name=message[len("ok:") :]),
            dense=True,
            classes=["jwsim-upload-ok"],
        )


@solara.component
def PresetNotes(doc: dict, preset: str, lang: str):
    """Show the scenario's description and whether it was edited (its changes by year: ``YearBar``).

    (A component of its own, like the other parts that come and go: Solara matches children by position,
    so a paragraph appearing above a card would rebuild the card and everything after it.)
    """
    description = doc.get("description_en" if lang == "en" else "description") or doc.get("description", "")
    with solara.Column(gap="4px"):
        if description:
            Paragraph(str(description), "grey--text text--darken-2")
        if preset and doc.get("name") != preset:
            Paragraph(t("scenario.edited", lang), "grey--text text--darken-2 jwsim-edited")


@solara.component
def InvalidScenario(error: str, lang: str):
    """Why the scenario cannot be run (nothing if it can)."""
    with solara.Column(gap="0px"):
        if error:
            with solara.Error(classes=["jwsim-invalid"]):
                rv.Html(tag="div", class_="font-weight-bold", children=[t("scenario.invalid", lang)])
                rv.Html(tag="div", children=[scenario_error_text(error, lang)])


def slider_echo(current: float, new: float, step: float) -> bool:
    """Tell whether ``new`` is only the slider snapping ``current`` (a value off its grid) to its grid.

    Vuetify's slider rounds a value that is not a multiple of its step (a preset's 4.75 FTE, an uploaded
    3.3) and sends the rounded value back as if the user had moved it. Taken as an edit, that silently
    changed the scenario: the preset sjw-8u-alle-vo became 27 FTE and could not run (found by the load
    test, tests/browser/test_load.py).
    """
    snapped = math.floor(current / step + 0.5) * step  # JavaScript's Math.round, as Vuetify rounds
    return abs(current - snapped) > 1e-9 and abs(new - snapped) < 1e-9


@solara.component
def FteSlider(session: Session, org: str, form: str, lang: str):
    """One work form's FTE in the year being edited: label with tooltip, slider, and the value."""
    doc = session.draft.value
    year = session.edit_year.value
    value = d.fte(doc, org, form, year)
    with solara.Row(
        gap="8px", style={"align-items": "center"}, classes=[f"jwsim-fte jwsim-fte-{org}-{form}"]
    ):
        with solara.Row(gap="4px", style={"width": "15rem", "align-items": "center"}):
            rv.Html(tag="span", class_="text-body-2", children=[tr("form", f"{org}.{form}", lang)])
            InfoTip(f"{org}.{form}", lang)
        with solara.Column(style={"flex": "1 1 12rem", "min-width": "10rem"}, classes=["jwsim-slider"]):
            solara.SliderFloat(
                tr("form", f"{org}.{form}", lang),
                value=value,
                min=0.0,
                max=d.fte_capacity(org),
                step=d.FTE_STEP,
                on_value=lambda v: None
                if slider_echo(d.fte(session.draft.value, org, form, year), v, d.FTE_STEP)
                else session.draft.set(d.with_fte(session.draft.value, org, form, v, year)),
                thumb_label=False,
            )
        rv.Html(
            tag="span",
            class_="text-body-2 jwsim-fte-value",
            style_="width: 4.5rem; text-align: right",
            children=[f"{format_number(value, 1, lang)} {t('term.fte', lang)}"],
        )


@solara.component
def FteCard(session: Session, org: str, lang: str):
    """Show the work forms of one organisation and how many of its FTE are used."""
    doc = session.draft.value
    used, cap = d.org_total(doc, org, session.edit_year.value), d.fte_capacity(org)
    with rv.Card(outlined=True, class_=f"pa-3 jwsim-org-{org}", style_="flex: 1 1 26rem"):
        SectionHeading(tr("org", org, lang))
        for form in d.ORG_FORMS[org]:
            FteSlider(session, org, form, lang)
        text = tf("fte.used", lang, used=format_number(used, 1, lang), cap=format_number(cap, 1, lang))
        if used > cap + 1e-9:
            solara.Warning(
                tf("fte.over", lang, used=format_number(used, 1, lang), cap=format_number(cap, 1, lang)),
                dense=True,
                classes=["jwsim-fte-over"],
            )
        else:
            rv.Html(tag="div", class_="text-caption jwsim-fte-used", children=[text])


@solara.component
def SjwCard(session: Session, lang: str):
    """SJW hours per school per week in the year being edited, the 12-hour threshold and the capacity used.

    Each row is keyed by its school's code: Solara matches children by position, so without a key a row
    that moved (a school shown or hidden above it) kept the typing of the school that was there before and
    saved it to the wrong school on blur.
    """
    doc = session.draft.value
    year = session.edit_year.value
    hours = d.sjw_hours(doc, year)
    checked = d.check(doc)
    threshold = REGISTRY[d.SJW_THRESHOLD_PARAM].value
    show_all = solara.use_reactive(False)
    # The schools with hours first; the others only on request (a long list of zeros hides what is planned).
    schools = [s for s in d.sjw_schools() if show_all.value or hours.get(s.code, 0.0) > 0]
    with rv.Card(outlined=True, class_="pa-3 jwsim-sjw"):
        with solara.Row(gap="4px", style={"align-items": "center"}):
            SectionHeading(t("sjw.heading", lang))
            InfoTip("sjw_hours", lang)
        capacity = (
            ""
            if checked.scenario is None
            else tf(
                "sjw.capacity",
                lang,
                used=format_number(sum(hours.values()), 1, lang),
                cap=format_number(d.sjw_capacity(checked.scenario, year), 1, lang),
            )
        )
        rv.Html(tag="div", class_="text-body-2 jwsim-sjw-capacity", children=[capacity])
        Paragraph(tf("sjw.threshold", lang, hours=format_number(threshold, 0, lang)), "text-caption")
        with rv.SimpleTable(dense=True, class_="jwsim-sjw-table"):
            with rv.Html(tag="thead"):
                with rv.Html(tag="tr"):
                    for key in (
                        "sjw.school",
                        "sjw.type",
                        "sjw.pupils",
                        "sjw.wijk",
                        "sjw.hours",
                        "sjw.status",
                    ):
                        rv.Html(tag="th", children=[t(key, lang)])
            with rv.Html(tag="tbody"):
                for school in schools:
                    SjwRow(session, school, hours.get(school.code, 0.0), threshold, lang).key(school.code)
        solara.Checkbox(label=t("sjw.show_all", lang), value=show_all)


@solara.component
def SjwRow(session: Session, school: d.SjwSchool, hours: float, threshold: float, lang: str):
    """One school: its facts, an hours field and whether the hours reach the threshold."""
    if hours <= 0:
        status, colour = t("sjw.none", lang), "grey lighten-2"
    elif hours >= threshold:
        status, colour = t("sjw.above", lang), "green lighten-4"
    else:
        status, colour = t("sjw.below", lang), "amber lighten-3"
    with rv.Html(tag="tr", class_=f"jwsim-sjw-row jwsim-sjw-{school.code}"):
        rv.Html(tag="td", children=[school.name])
        rv.Html(tag="td", children=[school.school_type])
        rv.Html(tag="td", children=[format_number(school.pupils, 0, lang)])
        rv.Html(tag="td", children=[school.wijk])
        with rv.Html(tag="td", style_="width: 9rem"):
            year = session.edit_year.value
            NumberField(
                f"{t('sjw.hours', lang)}: {school.name} ({school.wijk})",
                hours,
                lambda v: session.draft.set(d.with_sjw_hours(session.draft.value, school.code, v, year)),
                lang,
                classes=f"jwsim-sjw-input-{school.code}",
                width="9rem",
                maximum=MAX_SJW_HOURS,
                too_large=t("sjw.too_many_hours", lang),
            )
        with rv.Html(tag="td"):
            rv.Chip(small=True, color=colour, children=[status], class_="jwsim-sjw-status")


@solara.component
def WijkCard(session: Session, lang: str):
    """Wijk priority mode, targeting, and per-wijk weights on a map (in the year being edited)."""
    doc = session.draft.value
    year = session.edit_year.value
    inputs = load_inputs()
    weights = d.wijk_weights(doc, year)
    show = solara.use_reactive("weights")
    picked = solara.use_reactive(inputs.wijk_codes[0])
    with rv.Card(outlined=True, class_="pa-3 jwsim-wijk"):
        SectionHeading(t("wijk.heading", lang))
        with solara.Row(gap="4px", style={"align-items": "center"}):
            Choice(
                t("wijk.priority", lang),
                [(m, tr("priority", m, lang)) for m in ("equal", "need", "manual")],
                str(d.setting(doc, "wijk_priority", year)),
                lambda m: session.draft.set(d.with_setting(session.draft.value, "wijk_priority", m, year)),
                classes="jwsim-priority",
            )
            InfoTip("wijk_priority", lang)
        with solara.Row(gap="4px", style={"align-items": "center"}):
            Choice(
                t("wijk.targeting", lang),
                [(m, tr("targeting", m, lang)) for m in ("universal", "selective")],
                str(d.setting(doc, "targeting", year)),
                lambda m: session.draft.set(d.with_setting(session.draft.value, "targeting", m, year)),
                classes="jwsim-targeting",
            )
            InfoTip("targeting", lang)
        with solara.Row(gap="24px", style={"flex-wrap": "wrap", "align-items": "flex-start"}):
            with solara.Column(style={"flex": "1 1 24rem", "max-width": "34rem"}):
                Choice(
                    t("wijk.map_show", lang),
                    [("weights", t("wijk.map_weights", lang)), ("need", t("wijk.map_need", lang))],
                    show.value,
                    show.set,
                )
                key = tuple(sorted(weights.items()))
                png, areas = solara.use_memo(
                    lambda: _priority_map_cached(show.value, key, lang), [show.value, key, lang]
                )
                WijkMapFigure(png, areas, "", "", max_width="34rem")
            with solara.Column(style={"flex": "1 1 18rem"}):
                with solara.Row(gap="4px", style={"align-items": "center"}):
                    rv.Html(tag="div", class_="font-weight-bold", children=[t("wijk.weight_of", lang)])
                    InfoTip("wijk_weights", lang)
                order = sorted(range(len(inputs.wijk_codes)), key=lambda j: inputs.wijk_names[j])
                LabelledSelect(
                    t("wijk.pick", lang),
                    [(inputs.wijk_codes[j], inputs.wijk_names[j]) for j in order],
                    picked.value,
                    picked.set,
                    classes="jwsim-wijk-pick",
                )
                solara.SliderFloat(
                    t("wijk.weight", lang),
                    value=weights.get(picked.value, 1.0),
                    min=0.0,
                    max=MAX_WEIGHT,
                    step=0.25,
                    on_value=lambda w: None
                    if slider_echo(weights.get(picked.value, 1.0), w, 0.25)
                    else session.draft.set(d.with_wijk_weight(session.draft.value, picked.value, w, year)),
                )
                rv.Html(tag="div", class_="font-weight-bold mt-2", children=[t("wijk.weighted", lang)])
                if not weights:
                    Paragraph(t("wijk.none_weighted", lang))
                for code, weight in sorted(
                    weights.items(), key=lambda kv: inputs.wijk_names[inputs.wijk_codes.index(kv[0])]
                ):
                    rv.Html(
                        tag="div",
                        class_="text-body-2 jwsim-weighted",
                        children=[
                            f"{inputs.wijk_names[inputs.wijk_codes.index(code)]}: "
                            f"{format_number(weight, 2, lang)}"
                        ],
                    )


@functools.lru_cache(maxsize=64)
def _priority_map_cached(show: str, weights: tuple[tuple[str, float], ...], lang: str) -> tuple[bytes, list]:
    # The same map for every session with the same weights (most start from the same preset).
    return _priority_map(show, dict(weights), lang)


def _priority_map(show: str, weights: dict[str, float], lang: str) -> tuple[bytes, list]:
    """Draw the weights (or the deprivation index) per wijk as a map; return it and its hover areas."""
    inputs = load_inputs()
    if show == "need":
        values = np.where(inputs.youths.sum(axis=(1, 2)) > 0, inputs.deprivation, np.nan)
        number = number_format(lang, least=1)
        png = wijk_map(
            values,
            t("wijk.need_title", lang),
            t("wijk.need_legend", lang),
            number=number,
            no_data=t("results.map_nodata", lang),
        )
        return png, wijk_areas(values, lambda v, d: number(v, 2), t("results.map_nodata", lang))
    values = np.array([weights.get(code, 1.0) for code in inputs.wijk_codes])
    number = number_format(lang, least=2)
    return wijk_map(values, t("wijk.map_title", lang), t("wijk.map_legend", lang), number=number), wijk_areas(
        values, number
    )


@solara.component
def MoneyCard(session: Session, lang: str):
    """Show the yearly euros next to the FTE: ambulant-team investment and temporary project money."""
    doc = session.draft.value
    year = session.edit_year.value
    with rv.Card(outlined=True, class_="pa-3 jwsim-money", style_="flex: 1 1 20rem"):
        SectionHeading(t("money.heading", lang))
        for key in ("ambulant_team_investment_eur", "programme_eur"):
            # (room above each outlined field: its label sits on the top border, over the field above;
            # padding, since the row's ma-0 class overrides a margin)
            with solara.Row(gap="4px", style={"align-items": "center", "padding-top": "12px"}):
                NumberField(
                    tr("money", key, lang),
                    float(d.setting(doc, key, year) or 0.0),
                    lambda v, key=key: session.draft.set(
                        d.with_setting(session.draft.value, key, float(round(v)), year)
                    ),
                    lang,
                    decimals=0,
                    classes=f"jwsim-money-{key}",
                    width="20rem",
                    whole=True,
                    compact=False,
                )
                InfoTip(key, lang)


@solara.component
def ScenarioPage(session: Session):
    """Put a scenario together: FTE per work form, SJW hours per school, wijk priorities, cost."""
    lang = session.lang.value
    checked = d.check(session.draft.value)
    PageHeading(t("page.scenario.title", lang), t("page.scenario.description", lang))
    PresetBar(session, lang)
    InvalidScenario(checked.error, lang)
    YearBar(session, lang)
    with solara.Row(gap="16px", style={"flex-wrap": "wrap", "align-items": "stretch"}):
        FteCard(session, "bk10", lang)
        FteCard(session, "jc", lang)
    with solara.Row(gap="16px", style={"flex-wrap": "wrap", "align-items": "stretch"}):
        BudgetCard(session, lang)
        MoneyCard(session, lang)
    SjwCard(session, lang)
    WijkCard(session, lang)

    def run() -> None:
        if start_results_run(session):
            session.page.set(1)  # the Resultaten page shows the progress and the results

    reference = load_scenario(session.reference.value).name
    blocked = (
        t("run.invalid", lang)
        if checked.scenario is None
        else (t("run.same", lang) if checked.scenario.name == reference else "")
    )
    with solara.Row(gap="12px", style={"align-items": "center"}):
        solara.Button(
            t("scenario.run", lang),
            color="primary",
            icon_name="mdi-play",
            on_click=run,
            disabled=bool(blocked),
            classes=["jwsim-scenario-run"],
        )
        rv.Html(tag="span", class_="text-caption", children=[t("scenario.run_help", lang)])
    if blocked:
        solara.Warning(blocked, dense=True)
