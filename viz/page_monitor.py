"""The "Verantwoorden" page: the power table of the monitor and the predicted-vs-observed chart.

Both come from computations shipped with jwsim (``monitor/ontwerp-opdracht-2026.json``, made by ``jwsim
monitor design opdracht-2026``; ``monitor/voorbeeld-verantwoording.json``, made by ``jwsim monitor report``
on the shipped example observations): the page shows them and lets the user choose the survey size and the
evidence regime; it runs no simulation itself.
"""

from __future__ import annotations

import importlib.resources
import json
from functools import lru_cache
from pathlib import Path

import reacton.ipyvuetify as rv
import solara

from jwsim.model.params import REGIMES
from jwsim.monitor import figures
from jwsim.monitor.design import DEFAULT_SURVEY_N
from jwsim.monitor.indicators import BY_NAME
from jwsim.monitor.texts import decimals_for, detect_sentence, num, signed
from jwsim.viz.components import LabelledSelect, PageHeading, Paragraph, PngFigure, SectionHeading
from jwsim.viz.i18n import t, tf, tr

MONITOR_DIR = Path(str(importlib.resources.files("jwsim.monitor")))
DESIGN_FILE = MONITOR_DIR / "ontwerp-opdracht-2026.json"
EXAMPLE_FILE = MONITOR_DIR / "voorbeeld-verantwoording.json"
COLUMNS = ("indicator", "effect", "power1", "power2", "power3", "detectable")


@lru_cache(maxsize=2)
def _load(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def design_rows(doc: dict) -> list[dict]:
    """Flatten the design document into rows (indicator, regime, survey_n, years, effect, power, ...)."""
    return [{"indicator": name, "regime": regime, **row}
            for name, entry in doc["indicators"].items()
            for regime, rows in entry["regimes"].items() for row in rows]


@solara.component
def PowerTable(rows: list[dict], regime: str, survey_n: int, lang: str):
    """One row per indicator: expected effect, power after 1-3 years, detectable effect."""
    columns = COLUMNS
    with rv.SimpleTable(dense=True, class_="jwsim-power-table"):
        with rv.Html(tag="thead"):
            with rv.Html(tag="tr"):
                for c in columns:
                    rv.Html(tag="th", children=[tr("monitor.col", c, lang)])
        with rv.Html(tag="tbody"):
            for name in dict.fromkeys(r["indicator"] for r in rows):
                ind = BY_NAME[name]
                n = survey_n if ind.kind == "survey" else None
                sel = {r["years"]: r for r in rows
                       if r["indicator"] == name and r["regime"] == regime and r["survey_n"] == n}
                if not sel:
                    continue
                d = decimals_for(ind.kind)
                last = sel[max(sel)]
                cells = [ind.short(lang), f"{signed(last['effect'], d, lang)} {ind.unit_in(lang)}"]
                cells += [f"{num(100 * sel[k]['power'], 0, lang)}%" if k in sel else "" for k in (1, 2, 3)]
                cells.append(f"{num(last['detectable'], d, lang)} {ind.unit_in(lang)}")
                with rv.Html(tag="tr", class_=f"jwsim-power-{name}"):
                    for cell in cells:
                        rv.Html(tag="td", class_="text-caption", children=[cell])


@solara.component
def PowerSection(design: dict, lang: str):
    """Show the power table with its controls, the sentences and the power figure."""
    regime = solara.use_reactive("central")
    survey_n = solara.use_reactive(DEFAULT_SURVEY_N)
    rows = solara.use_memo(lambda: design_rows(design), [id(design)])
    png = solara.use_memo(lambda: figures.power_png(rows, lang, survey_n.value), [lang, survey_n.value])
    Paragraph(t("monitor.power.body", lang))
    with solara.Row(gap="16px", classes=["jwsim-monitor-controls"]):
        sizes = [(str(n), num(n, 0, lang)) for n in design["survey_sizes"]]
        LabelledSelect(t("monitor.survey_n", lang), sizes, str(survey_n.value),
                       lambda v: survey_n.set(int(v)), classes="jwsim-survey-n")
        LabelledSelect(t("monitor.regime", lang), [(g, tr("monitor.regime", g, lang)) for g in REGIMES],
                       regime.value, regime.set, classes="jwsim-regime")
    PowerTable(rows, regime.value, survey_n.value, lang)
    with rv.Html(tag="ul", class_="jwsim-power-sentences"):
        for name in design["indicators"]:
            rv.Html(tag="li", class_="text-body-2",
                    children=[detect_sentence(rows, name, regime.value, lang, survey_n.value)])
    Paragraph(tf("monitor.power.source", lang, plan=design["plan"], reference=design["reference"],
                 reps=design["reps"], scale=num(design["scale"], 0, lang)), "text-caption")
    PngFigure(png, "power.png", t("monitor.power.figure", lang))


@solara.component
def ObservedSection(example: dict, lang: str):
    """Show the predicted-vs-observed chart of the shipped example."""
    chart = solara.use_memo(lambda: figures.predicted_observed_png(example["observations"], lang), [lang])
    Paragraph(t("monitor.observed.body", lang))
    PngFigure(chart, "voorspeld-gemeten.png", t("monitor.observed.figure", lang), max_width="60rem")
    Paragraph(tf("monitor.observed.source", lang, year=", ".join(map(str, example["years"])),
                 draws=example["draws"], scale=num(example["meta"]["scale"], 0, lang)), "text-caption")


@solara.component
def MonitorPage(session):
    """Show the power of each indicator for the 2026 assignment, and predicted vs observed for the example."""
    lang = session.lang.value
    PageHeading(t("page.monitor.title", lang), t("page.monitor.description", lang))
    design, example = _load(DESIGN_FILE), _load(EXAMPLE_FILE)
    SectionHeading(t("monitor.power.heading", lang))
    if design is None:
        Paragraph(t("monitor.missing", lang))
    else:
        PowerSection(design, lang)
    SectionHeading(t("monitor.observed.heading", lang))
    if example is None:
        Paragraph(t("monitor.missing", lang))
    else:
        ObservedSection(example, lang)
