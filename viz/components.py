"""Building blocks shared by the pages.

Headings, info tooltips, KPI cards, figures with a download, the run bar (start, progress, cancel) and the
scenario-file upload button.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import replace
from typing import Optional, cast

import ipyvuetify as v
import reacton.ipyvuetify as rv
import solara
import traitlets
from solara.components.input import use_change

from jwsim.model.params import REGIMES
from jwsim.viz.i18n import t, tf, tr
from jwsim.viz.numbers import NumberInputError, NumberTooLarge, euro, format_number, parse_number
from jwsim.viz.state import RunSlot
from jwsim.viz.stats import (
    KpiCard,
    RegimeCheck,
    badge_text,
    evidence_tip,
    format_difference,
    format_interval,
    format_value,
    regime_name,
    regime_values,
)
from jwsim.viz.tooltips import tooltip

VERDICT_COLOURS = {
    "better": "green darken-1",
    "worse": "red darken-2",
    "small": "grey darken-1",
    "unclear": "grey darken-1",
    "neutral": "blue-grey",
    "info": "blue-grey",
    "none": "blue-grey",
}


@solara.component
def PageHeading(title: str, description: str):
    """Show a page title (h1) with the sentence that says what the page is for."""
    with solara.Column(gap="4px", classes=["jwsim-page-heading"]):
        rv.Html(tag="h1", class_="text-h4", children=[title])
        rv.Html(tag="p", class_="text-body-1 mb-0", children=[description])


@solara.component
def SectionHeading(text: str):
    """Show an h2 section heading."""
    rv.Html(tag="h2", class_="text-h6 mt-2 mb-1", children=[text])


@solara.component
def Paragraph(text: str, classes: str = ""):
    """Show a paragraph of body text."""
    rv.Html(tag="p", class_=f"text-body-2 mb-1 {classes}".strip(), children=[text])


@solara.component
def Notice(text: str, kind: str = "warning", classes: str = ""):
    """Show a message that comes and goes (nothing when ``text`` is empty) without moving what follows.

    Solara matches children by position, so a bare conditional alert would rebuild every later sibling.
    """
    with solara.Column(gap="0px"):
        if text:
            {"warning": solara.Warning, "info": solara.Info, "error": solara.Error}[kind](
                text, dense=True, classes=[classes] if classes else []
            )


@solara.component
def InfoTip(control: str, lang: str):
    """Show an (i) icon whose tooltip says what the control does and where its numbers come from."""
    tip = tooltip(control, lang)
    content = rv.Html(
        tag="div",
        class_="jwsim-tip",
        style_="max-width: 30rem",
        children=[
            rv.Html(tag="div", class_="font-weight-bold", children=[t("tip.what", lang)]),
            rv.Html(tag="div", class_="mb-1", children=[tip.what]),
            rv.Html(tag="div", class_="font-weight-bold", children=[t("tip.origin", lang)]),
            rv.Html(tag="div", class_="mb-1", children=[tip.origin]),
            *(
                [rv.Html(tag="div", class_="font-weight-bold", children=[t("tip.params", lang)])]
                if tip.parameters
                else []
            ),
            *[
                rv.Html(tag="div", class_="text-caption", children=[f"\u2022 {line}"])
                for line in tip.parameters
            ],
        ],
    )
    with solara.Tooltip(content):
        rv.Icon(
            children=["mdi-information-outline"],
            small=True,
            color="primary",
            class_=f"jwsim-info jwsim-info-{control.replace('.', '-')}",
            attributes={"aria-label": f"{t('tip.what', lang)}: {tip.what}", "role": "img", "tabindex": "0"},
        )


def _margin(interval_text: str, lang: str) -> str:
    """'95%-marge [a; b]', or the note that says why there is no interval."""
    return f"{t('results.margin', lang)} {interval_text}" if interval_text.startswith("[") else interval_text


@solara.component
def KpiCardView(
    card: KpiCard,
    reference: str,
    lang: str,
    parts: list[tuple[str, float]] | None = None,
    evidence_status: str = "",
):
    """Show a KPI card: the value with its interval, and the paired difference with the reference.

    ``parts`` (label, euros): what a cost adds up, listed under it (the Tabel 1 lines of the cost card).
    ``evidence_status``: where the other evidence regimes stand (``RunView.evidence_status``; "" for a
    preview): once done, the card's difference under them and the robust / depends badge.
    """
    colour = VERDICT_COLOURS[card.verdict]
    with rv.Card(
        outlined=True,
        class_=f"jwsim-kpi jwsim-kpi-{card.kpi} pa-3",
        style_="min-width: 15rem; flex: 1 1 15rem; max-width: 22rem",
    ):
        rv.Html(tag="div", class_="text-caption", children=[card.label])
        rv.Html(
            tag="div",
            class_="jwsim-kpi-value",
            style_="font-size: 1.6rem; font-weight: 500; line-height: 2rem",
            children=[format_value(card.kpi, card.value["mean"], lang)],
        )
        rv.Html(
            tag="div",
            class_="text-caption grey--text text--darken-1",
            children=[_margin(format_interval(card.kpi, card.value, lang), lang)],
        )
        if card.difference is not None:
            d = card.difference
            with rv.Html(tag="div", class_="mt-2 d-flex align-center flex-wrap", style_="gap: 6px"):
                rv.Chip(
                    small=True,
                    color=colour,
                    text_color="white",
                    class_="jwsim-verdict",
                    children=[tr("verdict", card.verdict, lang)],
                )
                rv.Html(
                    tag="span",
                    class_="text-body-2 font-weight-medium jwsim-kpi-diff",
                    children=[f"{format_difference(card.kpi, d['mean'], lang)} vs {reference}"],
                )
            rv.Html(
                tag="div",
                class_="text-caption grey--text text--darken-1",
                children=[_margin(format_interval(card.kpi, d, lang, difference=True), lang)],
            )
            if evidence_status:
                RegimeLine(card.kpi, card.regimes, evidence_status, lang)
            if card.minimal > 0:
                minimal = format_difference(card.kpi, card.minimal, lang).lstrip("+")
                rv.Html(
                    tag="div",
                    class_="text-caption grey--text text--darken-1 jwsim-kpi-minimal",
                    children=[tf("results.minimal", lang, minimal=f"\u00b1{minimal}")],
                )
        if parts:
            with rv.Html(tag="div", class_="mt-2 jwsim-cost-parts"):
                heading = t("results.cost_parts", lang)
                rv.Html(tag="div", class_="text-caption font-weight-bold", children=[heading])
                for label, euros in parts:
                    with rv.Html(tag="div", class_="text-caption d-flex", style_="gap: 8px"):
                        rv.Html(tag="span", style_="flex: 1 1 auto", children=[label])
                        rv.Html(tag="span", class_="text-no-wrap", children=[euro(euros, lang)])


@solara.component
def RegimeBadge(kpi: str, check: RegimeCheck, lang: str):
    """Show the robust / depends-on-assumptions chip, with a tooltip naming what changes."""
    content = rv.Html(
        tag="div",
        class_="jwsim-evidence-tip",
        style_="max-width: 28rem",
        children=[
            rv.Html(tag="div", class_="mb-1", children=[line]) for line in evidence_tip(kpi, check, lang)
        ],
    )
    with solara.Tooltip(content):
        rv.Chip(
            small=True,
            outlined=True,
            color="green darken-2" if check.robust else "orange darken-3",
            class_="jwsim-robust" if check.robust else "jwsim-depends",
            attributes={"tabindex": "0", "aria-label": " ".join(evidence_tip(kpi, check, lang))},
            children=[badge_text(kpi, check, lang)],
        )


@solara.component
def RegimeLine(kpi: str, check: RegimeCheck | None, status: str, lang: str):
    """Show the difference under the other evidence regimes and its badge, or that they are being computed."""
    if check is None:
        text = t("evidence.pending", lang) if status == "running" else t("evidence.failed", lang)
        rv.Html(tag="div", class_="text-caption grey--text text--darken-1 jwsim-evidence-pending",
                children=[text])
        return
    with rv.Html(tag="div", class_="d-flex align-center flex-wrap jwsim-evidence", style_="gap: 6px"):
        rv.Html(tag="span", class_="text-caption grey--text text--darken-2 jwsim-evidence-values",
                children=[regime_values(kpi, check, lang)])
        RegimeBadge(kpi, check, lang)


@solara.component
def EvidenceSelect(session_settings: solara.Reactive, lang: str):
    """Choose the evidence regime the results and comparisons are computed under (default central)."""
    settings = session_settings.value
    LabelledSelect(
        t("run.evidence", lang),
        [(r, regime_name(r, lang)) for r in REGIMES],
        settings.evidence,
        lambda r: session_settings.set(replace(settings, evidence=r)),
        classes="jwsim-evidence-pick",
        width="16rem",
    )


@solara.component
def PngFigure(png: bytes, filename: str, download_label: str, max_width: str = "100%"):
    """Show a server-drawn figure (its title is drawn in it) with a button that downloads the same PNG."""
    with solara.Column(gap="4px", style={"max-width": max_width}):
        solara.Image(png, width="100%", classes=["jwsim-figure"])
        solara.FileDownload(png, filename=filename, label=download_label, mime_type="image/png")


@solara.component
def RunBar(slot: RunSlot, on_start: Callable[[], None], lang: str, blocked: str = "", label: str = ""):
    """Show the Run button, progress bar with status, and Cancel; ``blocked`` explains why running is off.

    ``label``: the button's text (default: Bereken / Run).
    """
    view = slot.view.value
    status, running, done, total = view.status, view.running, view.done, view.total
    with solara.Row(gap="12px", style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Button(
            label or t("run.start", lang),
            color="primary",
            icon_name="mdi-play",
            on_click=on_start,
            disabled=bool(blocked) or running,
            classes=["jwsim-run"],
        )
        if running:
            solara.Button(
                t("run.cancel", lang),
                outlined=True,
                icon_name="mdi-stop",
                on_click=slot.cancel,
                classes=["jwsim-cancel"],
            )
    if blocked:
        solara.Warning(blocked, dense=True, classes=["jwsim-run-blocked"])
    if running:
        share = 100.0 * done / total if total else 0.0
        rv.ProgressLinear(
            value=share,
            height=8,
            rounded=True,
            color="primary",
            class_="jwsim-progress",
            attributes={
                "role": "progressbar",
                "aria-valuenow": str(int(share)),
                "aria-valuemin": "0",
                "aria-valuemax": "100",
            },
        )
        text = tf("run.progress", lang, done=done, total=total) if done else t("run.queued", lang)
        if status == "preview":
            text = f"{t('run.preview_ready', lang)} {text}"
        rv.Html(tag="div", class_="text-caption jwsim-run-status", children=[text])
    elif status == "cancelled":
        rv.Html(tag="div", class_="text-caption jwsim-run-status", children=[t("run.cancelled", lang)])
    elif status == "error":
        solara.Error(f"{t('run.failed', lang)} {view.error}", classes=["jwsim-run-error"])


def result_caption(result, lang: str) -> str:
    """One line saying what a result is: a preview, or the full run with its size, seed and time.

    Both end with the evidence regime the numbers are under.
    """
    scale = f"{result.scale:g}"
    regime = tf("run.evidence_label", lang, regime=regime_name(result.meta.get("evidence", "central"), lang))
    if result.preview:
        return f"{tf('run.preview_label', lang, reps=result.reps, scale=scale)} {regime}"
    who = t("run.whole_city", lang) if result.scale == 1 else tf("run.scaled", lang, scale=scale)
    seconds = f"{result.elapsed_s:.1f}".replace(".", "," if lang == "nl" else ".")
    if result.meta.get("from_cache"):
        text = tf("run.cached_label", lang, reps=result.reps, who=who, seed=result.seed, years=result.years)
    else:
        text = tf(
            "run.full_label",
            lang,
            reps=result.reps,
            who=who,
            seed=result.seed,
            years=result.years,
            seconds=seconds,
        )
    return f"{text} {regime}"


class UploadWidget(v.VuetifyTemplate):
    """A button that opens the browser's file chooser and sends the chosen file (up to ``max_bytes``).

    The browser reads the file and sends it base64-encoded in one message; a larger file is not read at
    all (only its name and size are sent), so a huge upload cannot fill the server's memory.
    """

    template = traitlets.Unicode("""
<template>
  <span class="jwsim-upload">
    <v-btn small outlined color="primary" @click="$refs.file.click()">
      <v-icon left>mdi-upload</v-icon>{{ label }}
    </v-btn>
    <input ref="file" type="file" accept=".toml,text/plain,application/toml" style="display: none"
           :aria-label="label" @change="pick" />
  </span>
</template>
<script>
module.exports = {
  methods: {
    pick(event) {
      const input = event.target;
      const file = input.files && input.files[0];
      if (!file) { return; }
      if (file.size > this.max_bytes) {
        this.upload({name: file.name, size: file.size, data: null});
        input.value = '';
        return;
      }
      const reader = new FileReader();
      reader.onload = () => {
        const url = String(reader.result);
        this.upload({name: file.name, size: file.size, data: url.slice(url.indexOf(',') + 1)});
        input.value = '';
      };
      reader.readAsDataURL(file);
    }
  }
}
</script>
""").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    max_bytes = traitlets.Int(65536).tag(sync=True)
    callback = traitlets.Any(None, allow_none=True)  # not synced: the Python function to call

    def vue_upload(self, data: dict) -> None:
        """Handle ``{name, size, data}`` from the browser: decode it and call ``callback``."""
        if self.callback is None:
            return
        payload = data.get("data")
        content = None
        if isinstance(payload, str):
            try:
                content = base64.b64decode(payload, validate=True)
            except ValueError:
                content = b"\xff"  # undecodable: parse_scenario reports "not a UTF-8 text file"
        self.callback(str(data.get("name", "upload.toml"))[:200], int(data.get("size", 0) or 0), content)


@solara.component
def UploadButton(label: str, max_bytes: int, on_file: Callable[[str, int, bytes | None], None]):
    """Show the upload button; ``on_file(name, size, content)`` gets ``None`` for a file over the limit."""
    return UploadWidget.element(label=label, max_bytes=max_bytes, callback=on_file)


@solara.component
def LabelledSelect(
    label: str,
    options: list[tuple[str, str]],
    value: str,
    on_value: Callable[[str], None],
    classes: str = "",
    width: str = "20rem",
):
    """Show a drop-down whose items show translated text but carry a stable value."""
    rv.Select(
        label=label,
        items=[{"text": text, "value": key} for key, text in options],
        v_model=value,
        on_v_model=on_value,
        dense=True,
        outlined=True,
        hide_details=True,
        class_=classes,
        style_=f"max-width: {width}; min-width: 12rem",
    )


@solara.component
def Choice(
    label: str, options: list[tuple[str, str]], value: str, on_value: Callable[[str], None], classes: str = ""
):
    """Radio buttons in a row (each reachable as role=radio by its text)."""
    with rv.RadioGroup(
        v_model=value,
        on_v_model=on_value,
        row=True,
        dense=True,
        hide_details=True,
        label=label,
        class_=f"mt-0 {classes}".strip(),
    ):
        for key, text in options:
            rv.Radio(label=text, value=key)


@solara.component
def NumberField(
    label: str,
    value: float,
    on_value: Callable[[float], None],
    lang: str,
    decimals: int = 1,
    classes: str = "",
    width: str = "7rem",
    maximum: float | None = None,
    too_large: str = "",
    whole: bool = False,
    integer: bool = False,
    compact: bool = True,
    grouped: bool = True,
):
    """Show a number field that reads and writes numbers the user's way (``numbers.parse_number``).

    "12,5" and "12.5" are both twelve and a half; with ``whole`` (euros) "250.000" is 250000. The value is
    taken on Enter or when the field loses focus. Text that is no acceptable number stays in the field with
    a message under it (``too_large`` replaces the message for a value above ``maximum``), and the value is
    not changed: nothing is capped or guessed. While the user types, the field shows what they typed; at
    any other time it shows ``value``, so a field can never show another row's text (there is no state
    keyed by a value to go stale). ``compact``: the label shows only while the field is empty (tables).
    ``grouped=False``: no thousands separators (a seed).
    """
    shown = format_number(value, decimals, lang, trim=not whole, grouped=grouped)
    typed, set_typed = solara.use_state(cast(Optional[str], None))
    error, set_error = solara.use_state("")
    field = rv.TextField(
        label=label,
        v_model=shown if typed is None else typed,
        on_v_model=set_typed,
        type="text",
        dense=True,
        single_line=compact,
        outlined=not compact,
        hide_details="auto",
        error_messages=[error] if error else [],
        class_=f"{'mt-0 pt-0 ' if compact else ''}{classes}".strip(),
        style_=f"max-width: {width}",
    )

    def commit(raw) -> None:
        try:
            number = parse_number(str(raw), lang, whole=whole, maximum=maximum)
            if integer and not float(number).is_integer():
                raise NumberInputError(t("number.whole", lang))
        except NumberTooLarge as exc:
            set_error(too_large or str(exc))
            return
        except NumberInputError as exc:
            set_error(str(exc))
            return
        set_error("")
        set_typed(None)
        if abs(number - value) > 1e-12:
            on_value(number)

    use_change(field, commit)
    return field
