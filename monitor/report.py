"""The annual accountability report (Dutch): predicted vs observed, what the year taught, what to change.

The report is built once as a list of blocks (heading, paragraph, bullets, table, figure) and written twice
from it: Markdown (``verantwoording.md``) and Word (``verantwoording.docx``, python-docx), so the two never
tell different stories.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from jwsim.experiments.labels import kpi_label

from .indicators import BY_NAME
from .texts import decimals_for, num, signed

Block = (
    tuple  # ("h1"|"h2"|"p", text) | ("bullets", [text]) | ("table", header, rows) | ("figure", file, caption)
)
# Fewer effective draws than this share of the ensemble: the observations lie outside what reweighting of
# this ensemble can explain well.
ESS_RECALIBRATE = 0.1
ROBUST = 0.8  # a ranking is robust when the plan comes out lower (or higher) in at least 80% of the draws


def _value(name: str, value: float) -> str:
    return num(value, decimals_for(BY_NAME[name].kind), "nl")


def _param(name: str, value: float) -> str:
    return num(value, 4 if abs(value) < 1 else 2, "nl")


def observation_rows(doc: Mapping) -> list[list[str]]:
    """Table rows: indicator, year, observed, predicted and updated 90% interval, verdict."""
    rows = []
    for o in doc["observations"]:
        name = o["indicator"]
        p, u = o["predicted"], o["updated"]
        verdict = {
            "binnen": "binnen de voorspelling",
            "hoger": "hoger dan voorspeld",
            "lager": "lager dan voorspeld",
        }[o["direction"]]
        rows.append(
            [
                BY_NAME[name].short("nl"),
                str(o["year"]),
                _value(name, o["observed"]),
                f"{_value(name, p['lo'])} – {_value(name, p['hi'])}",
                f"{_value(name, u['lo'])} – {_value(name, u['hi'])}",
                verdict,
            ]
        )
    return rows


def lessons(doc: Mapping) -> list[str]:
    """Say what the year taught: the weight of the evidence, parameters that moved, surprises."""
    out = [
        f"De metingen wogen de {doc['draws']} parametersets van het ensemble; effectief bleven er "
        f"{num(doc['effective_sample_size'], 1)} over (hoe minder, hoe meer de metingen leerden)."
    ]
    moved = [p for p in doc["parameters"] if p["moved"]]
    for p in sorted(moved, key=lambda p: (not p["effect"], -abs(p["shift_sd"]))):
        kind = "effectparameter" if p["effect"] else "parameter"
        out.append(
            f"{p['label_nl']} ({kind} `{p['parameter']}`): van {_param(p['parameter'], p['prior_mean'])} "
            f"(90%: {_param(p['parameter'], p['prior_lo'])} – {_param(p['parameter'], p['prior_hi'])}) "
            f"naar {_param(p['parameter'], p['mean'])} (90%: {_param(p['parameter'], p['lo'])} – "
            f"{_param(p['parameter'], p['hi'])}); verschoven met {signed(p['shift_sd'], 1, 'nl')} "
            f"standaardafwijking, onzekerheid {num(100 * p['sd_ratio'], 0)}% van wat die was."
        )
    if not moved:
        out.append(
            "Geen parameter verschoof een halve standaardafwijking of meer: de metingen passen bij wat "
            "het model al verwachtte."
        )
    for o in doc["observations"]:
        if not o["inside"]:
            out.append(
                f"{BY_NAME[o['indicator']].short('nl')} {o['year']} lag {o['direction']} dan het "
                "90%-interval van de voorspelling."
            )
    return out


def recommendations(doc: Mapping) -> list[str]:
    """Recommended changes, each from a rule documented in docs/monitoring.md."""
    out = []
    if doc["effective_sample_size"] < ESS_RECALIBRATE * doc["draws"]:
        out.append(
            "De metingen liggen ver van wat het ensemble kan verklaren (minder dan "
            f"{num(100 * ESS_RECALIBRATE, 0)}% van de parametersets telt nog mee): kalibreer het model "
            "opnieuw (`jwsim calibrate`) in plaats van alleen te herwegen."
        )
    for o in doc["observations"]:
        if not o["inside"]:
            out.append(
                f"Ga na waarom {BY_NAME[o['indicator']].short('nl').lower()} {o['direction']} uitkwam dan "
                "voorspeld: een verandering in de registratie, of in de praktijk die het model niet kent?"
            )
    for p in doc["parameters"]:
        if p["moved"] and p["effect"]:
            word = "kleiner" if p["shift_sd"] < 0 else "groter"
            out.append(
                f"Het effect '{p['label_nl']}' blijkt {word} dan aangenomen: weeg de werkvormen die erop "
                "steunen opnieuw in de volgende plancheck (`jwsim plan-check PLAN --posterior "
                "BIJGEWERKT.json`)."
            )
    for row in doc["outcomes"]:
        if "p_lower" in row and ranking(row["prior_p_lower"]) != ranking(row["p_lower"]):
            out.append(
                f"Op {kpi_label(row['kpi'], 'nl').lower()} is de rangorde van plan en referentie "
                f"veranderd ({ranking(row['prior_p_lower'])} → {ranking(row['p_lower'])}): bekijk het plan "
                "op dit punt opnieuw."
            )
    if not out:
        out.append(
            "Geen aanpassing van het plan nodig op grond van deze metingen; blijf dezelfde indicatoren "
            "meten, zodat de intervallen volgend jaar smaller worden."
        )
    return out


def ranking(p_lower: float) -> str:
    """Say how robust the plan's ranking is: lower, higher, or uncertain (20-80% of the draws)."""
    if p_lower >= ROBUST:
        return "plan lager"
    if p_lower <= 1 - ROBUST:
        return "plan hoger"
    return "onzeker"


def outcome_rows(doc: Mapping) -> list[list[str]]:
    """Table rows: KPI, expected before and after, difference vs the reference, chance the plan is lower."""
    rows = []
    for r in doc["outcomes"]:
        label = kpi_label(r["kpi"], "nl")
        d = 4 if abs(r["prior_mean"]) < 1 else 0
        row = [label, num(r["prior_mean"], d), num(r["mean"], d)]
        if "p_lower" in r:
            row += [
                signed(r["prior_difference"], d, "nl"),
                signed(r["difference"], d, "nl"),
                f"{num(100 * r['prior_p_lower'], 0)}% → {num(100 * r['p_lower'], 0)}%",
            ]
        rows.append(row)
    return rows


def blocks(doc: Mapping, meta: Mapping, figure: str) -> list[Block]:
    """Return the report as blocks (shared by the Markdown and the Word version)."""
    years = ", ".join(map(str, doc["years"]))
    out: list[Block] = [
        ("h1", f"Verantwoording {years}: {meta['plan']}"),
        (
            "p",
            f"Voorspeld en gemeten voor het plan {meta['plan']} (referentie: {meta['reference']}). "
            f"Gemaakt {meta['made']} met jwsim {meta['version']}; ensemble: {meta['posterior']} "
            f"({doc['draws']} parametersets, één run per set, schaal {num(meta['scale'], 0)}); "
            f"metingen: {meta['observations']}.",
        ),
        ("h2", "Voorspeld en gemeten"),
        (
            "p",
            "Per indicator het 90%-interval van de voorspelling vóór de metingen, de meting, en het interval "
            "na het bijwerken met alle metingen. De intervallen omvatten de onzekerheid van de parameters, "
            "het toeval van jaar op jaar en de meetruis (enquête, registratie).",
        ),
        (
            "table",
            ["Indicator", "Jaar", "Gemeten", "Voorspeld (90%)", "Bijgewerkt (90%)", "Oordeel"],
            observation_rows(doc),
        ),
        (
            "figure",
            figure,
            "Voorspeld (grijs), gemeten (punt; rood buiten de voorspelling) en bijgewerkt (blauw).",
        ),
        ("h2", "Wat dit jaar ons leerde"),
        ("bullets", lessons(doc)),
        ("h2", "Verwachte uitkomsten van het plan, vóór en na de metingen"),
        (
            "p",
            "Gemiddelde over de gesimuleerde jaren; het verschil met de referentie en de kans dat het plan "
            "lager uitkomt dan de referentie, over de parametersets (vóór → na).",
        ),
    ]
    header = ["Uitkomst", "Vóór", "Na"]
    if any("p_lower" in r for r in doc["outcomes"]):
        header += ["Verschil vóór", "Verschil na", "Kans lager dan referentie"]
    out += [
        ("table", header, outcome_rows(doc)),
        ("h2", "Aanbevolen aanpassingen"),
        ("bullets", recommendations(doc)),
    ]
    return out


def to_markdown(items: Sequence[Block]) -> str:
    """Markdown text of the blocks."""
    lines: list[str] = []
    for b in items:
        if b[0] == "h1":
            lines += [f"# {b[1]}", ""]
        elif b[0] == "h2":
            lines += [f"## {b[1]}", ""]
        elif b[0] == "p":
            lines += [b[1], ""]
        elif b[0] == "bullets":
            lines += [f"- {t}" for t in b[1]] + [""]
        elif b[0] == "table":
            lines += ["| " + " | ".join(b[1]) + " |", "|" + "---|" * len(b[1])]
            lines += ["| " + " | ".join(r) + " |" for r in b[2]] + [""]
        elif b[0] == "figure":
            lines += [f"![{b[2]}]({b[1]})", ""]
    return "\n".join(lines)


def to_docx(items: Sequence[Block], folder: Path) -> bytes:
    """Word document of the blocks (figures read from ``folder``)."""
    from docx import Document  # noqa: PLC0415
    from docx.shared import Cm  # noqa: PLC0415

    d = Document()
    d.core_properties.language = "nl-NL"
    for b in items:
        if b[0] in ("h1", "h2"):
            d.add_heading(b[1].replace("`", ""), level=1 if b[0] == "h1" else 2)
        elif b[0] == "p":
            d.add_paragraph(b[1].replace("`", ""))
        elif b[0] == "bullets":
            for t in b[1]:
                d.add_paragraph(t.replace("`", ""), style="List Bullet")
        elif b[0] == "table":
            table = d.add_table(rows=1, cols=len(b[1]))
            table.style = "Light Grid Accent 1"
            for cell, text in zip(table.rows[0].cells, b[1], strict=True):
                cell.text = text
            for r in b[2]:
                for cell, text in zip(table.add_row().cells, r, strict=True):
                    cell.text = text
        elif b[0] == "figure":
            d.add_picture(str(folder / b[1]), width=Cm(16))
            d.add_paragraph(b[2])
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
