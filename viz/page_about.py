"""The "Over het model" page.

What jwsim is, how it works, its assumptions, data and parameter sources, its limits, and a plain disclaimer.
The parameter table is the registry itself, so it is never out of date.
"""

from __future__ import annotations

import reacton.ipyvuetify as rv
import solara

from jwsim.data import data_dir
from jwsim.model.params import REGISTRY
from jwsim.model.sources import CITATIONS, evidence_codes, readable_source
from jwsim.viz.components import PageHeading, Paragraph, SectionHeading
from jwsim.viz.i18n import t, tf, tr
from jwsim.viz.tooltips import format_parameter_value, unit_label


@solara.component
def ParameterTable(lang: str):
    """Every registered parameter with value, unit, range, source and process; optionally assumptions only."""
    only_assumptions = solara.use_reactive(False)
    solara.Checkbox(label=t("about.parameters.filter", lang), value=only_assumptions)
    params = [p for p in REGISTRY.values() if p.is_assumption or not only_assumptions.value]
    columns = ("name", "label", "value", "unit", "range", "source", "process")
    with rv.Html(tag="div", style_="max-height: 30rem; overflow-y: auto"):
        with rv.SimpleTable(dense=True, fixed_header=True, class_="jwsim-parameters"):
            with rv.Html(tag="thead"):
                with rv.Html(tag="tr"):
                    for column in columns:
                        rv.Html(tag="th", children=[tr("about.parameters", column, lang)])
            with rv.Html(tag="tbody"):
                for p in params:
                    label = p.label_nl if lang == "nl" else p.description
                    low, high = format_parameter_value(p.low, lang), format_parameter_value(p.high, lang)
                    cells = (
                        p.name,
                        label,
                        format_parameter_value(p.value, lang),
                        unit_label(p.unit, lang),
                        f"{low} \u2013 {high}",
                        readable_source(p.source, lang),
                        p.process,
                    )
                    with rv.Html(tag="tr", class_=f"jwsim-param-{p.name}"):
                        for cell in cells:
                            rv.Html(tag="td", class_="text-caption", children=[cell])


def cited_codes() -> list[str]:
    """Every evidence code the registry cites, in the order of the evidence table."""
    cited = {code for p in REGISTRY.values() for code in evidence_codes(p.source)}
    return [code for code in CITATIONS if code in cited]


@solara.component
def SourceTable(lang: str):
    """Each evidence code the parameters cite, with its readable citation."""
    with rv.Html(tag="div", style_="max-height: 24rem; overflow-y: auto"):
        with rv.SimpleTable(dense=True, fixed_header=True, class_="jwsim-sources"):
            with rv.Html(tag="thead"):
                with rv.Html(tag="tr"):
                    rv.Html(tag="th", children=[t("about.sources.code", lang)])
                    rv.Html(tag="th", children=[t("about.sources.citation", lang)])
            with rv.Html(tag="tbody"):
                for code in cited_codes():
                    with rv.Html(tag="tr", class_=f"jwsim-source-{code.replace('.', '_')}"):
                        rv.Html(tag="td", class_="text-caption", children=[code])
                        rv.Html(tag="td", class_="text-caption", children=[CITATIONS[code].text(lang)])


@solara.component
def AboutPage(session):
    """Say what the tool is, how it works and where its numbers come from, with a plain disclaimer."""
    lang = session.lang.value
    PageHeading(t("page.about.title", lang), t("page.about.description", lang))
    with solara.Column(gap="8px", style={"max-width": "60rem"}):
        SectionHeading(t("about.what.heading", lang))
        Paragraph(t("about.what.body", lang))
        # coloured border, not coloured text: body text keeps its contrast
        with rv.Alert(
            type="warning", border="left", colored_border=True, elevation=1, class_="jwsim-disclaimer"
        ):
            rv.Html(tag="div", class_="font-weight-bold", children=[t("about.disclaimer.heading", lang)])
            rv.Html(tag="p", class_="mb-0", children=[t("about.disclaimer.body", lang)])
        SectionHeading(t("about.use.heading", lang))
        Paragraph(t("about.use.body", lang))
        SectionHeading(t("about.odd.heading", lang))
        for key in ("about.odd.entities", "about.odd.steps", "about.odd.pathways"):
            Paragraph(t(key, lang))
        SectionHeading(t("about.uncertainty.heading", lang))
        Paragraph(t("about.uncertainty.body", lang))
        SectionHeading(t("about.assumptions.heading", lang))
        assumed = sum(1 for p in REGISTRY.values() if p.is_assumption)
        Paragraph(
            tf("about.assumptions.count", lang, total=len(REGISTRY), assumed=assumed),
            "jwsim-assumption-count",
        )
        Paragraph(t("about.assumptions.key", lang))
        SectionHeading(t("about.limits.heading", lang))
        Paragraph(t("about.limits.body", lang))
        SectionHeading(t("about.data.heading", lang))
        Paragraph(t("about.data.body", lang))
        Paragraph(t("about.docs", lang), "text-caption")
    SectionHeading(t("about.parameters.heading", lang))
    ParameterTable(lang)
    SectionHeading(t("about.sources.heading", lang))
    Paragraph(t("about.sources.body", lang))
    SourceTable(lang)
    provenance = data_dir() / "PROVENANCE.md"
    if provenance.is_file():
        with rv.ExpansionPanels(flat=True, class_="jwsim-provenance"):
            with rv.ExpansionPanel():
                rv.ExpansionPanelHeader(children=[t("about.provenance", lang)])
                with rv.ExpansionPanelContent():
                    solara.Markdown(provenance.read_text(encoding="utf-8"))
