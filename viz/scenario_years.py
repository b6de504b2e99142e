"""The Scenario page's time axis: which year the controls change, the changes by year, the budget per year.

The note's 2027 question ("what if we cut EUR 255k from 2027?") needs a change that starts in a later year
and leaves the years before alone. The scenario file has that already (``[[changes]] from_year``); here the
page gets it: a year picker (the controls below it show and change the allocation in force from that year,
``draft.with_value``), a list of the changes with what each one changes, and the cost of every year
2026-2030 against Tabel 1, line by line (``experiments.budget.budget_check``: the one cost rule,
``Allocation.spending_by_line``, that the results' cost card adds up too).
"""

from __future__ import annotations

import reacton.ipyvuetify as rv
import solara

from jwsim.experiments.budget import TABEL_1, budget_check
from jwsim.model.allocation import BK10_FORMS, JC_FORMS, Allocation
from jwsim.model.scenario import Scenario
from jwsim.viz import draft as d
from jwsim.viz.components import LabelledSelect, Paragraph, SectionHeading
from jwsim.viz.i18n import t, tf, tr
from jwsim.viz.numbers import euro, format_number
from jwsim.viz.state import Session


@solara.component
def YearBar(session: Session, lang: str):
    """Pick the year from which the controls change the allocation; list the changes by year."""
    year = session.edit_year.value
    with rv.Card(outlined=True, class_="pa-3 jwsim-years"):
        with solara.Row(gap="16px", style={"align-items": "center", "flex-wrap": "wrap"}):
            LabelledSelect(
                t("years.pick", lang),
                [
                    (str(y), tf("years.option_first" if y == d.FIRST_YEAR else "years.option", lang, year=y))
                    for y in d.EDIT_YEARS
                ],
                str(year),
                lambda value: session.edit_year.set(int(value)),
                classes="jwsim-edit-year",
                width="16rem",
            )
            rv.Html(
                tag="div",
                class_="text-body-2 jwsim-edit-year-help",
                style_="flex: 1 1 24rem",
                children=[
                    t("years.help_first", lang)
                    if year == d.FIRST_YEAR
                    else tf("years.help_later", lang, year=year, before=year - 1)
                ],
            )
        ChangeList(session, lang)


def describe_change(before: Allocation, after: Allocation, lang: str) -> list[str]:
    """Say what a change does: one short line per value that differs between two years' allocations."""
    lines = []
    for org, forms in (("bk10", BK10_FORMS), ("jc", JC_FORMS)):
        for form in forms:
            a, b = getattr(before, org)[form], getattr(after, org)[form]
            if abs(a - b) > 1e-9:
                lines.append(
                    f"{tr('org_short', org, lang)} {tr('form', f'{org}.{form}', lang).lower()}: "
                    f"{format_number(a, 2, lang, trim=True)} \u2192 {format_number(b, 2, lang, trim=True)} "
                    f"{t('term.fte', lang)}"
                )
    hours_a, hours_b = dict(before.sjw_hours), dict(after.sjw_hours)
    schools = sorted(
        c for c in set(hours_a) | set(hours_b) if abs(hours_a.get(c, 0) - hours_b.get(c, 0)) > 1e-9
    )
    if schools:
        lines.append(tf("years.sjw_changed", lang, n=len(schools)))
    weights_a, weights_b = dict(before.wijk_weights), dict(after.wijk_weights)
    wijken = [
        c for c in set(weights_a) | set(weights_b) if abs(weights_a.get(c, 1) - weights_b.get(c, 1)) > 1e-9
    ]
    if wijken:
        lines.append(tf("years.weights_changed", lang, n=len(wijken)))
    for key in ("programme_eur", "ambulant_team_investment_eur"):
        a, b = getattr(before, key), getattr(after, key)
        if abs(a - b) > 1e-9:
            lines.append(f"{tr('money_short', key, lang)}: {euro(a, lang)} \u2192 {euro(b, lang)}")
    if before.targeting != after.targeting:
        a, b = tr("targeting", before.targeting, lang), tr("targeting", after.targeting, lang)
        lines.append(f"{t('years.targeting', lang)}: {a} \u2192 {b}")
    if before.wijk_priority != after.wijk_priority:
        a, b = tr("priority", before.wijk_priority, lang), tr("priority", after.wijk_priority, lang)
        lines.append(f"{t('years.wijk_priority', lang)}: {a} \u2192 {b}")
    return lines


@solara.component
def ChangeList(session: Session, lang: str):
    """Each change of the scenario: from which year, what it changes, and a button that removes it."""
    doc = session.draft.value
    years = d.has_changes(doc)
    checked = d.check(doc)
    with solara.Column(gap="2px", classes=["jwsim-changes"]):
        if not years:
            Paragraph(t("years.none", lang), "text-caption grey--text text--darken-1 mb-0 jwsim-no-changes")
        for year in years:
            if checked.scenario is not None:
                schedule = checked.scenario.schedule
                what = describe_change(schedule.at(year - 1), schedule.at(year), lang)
                text = "; ".join(what) if what else t("years.nothing", lang)
            else:
                text = t("years.unchecked", lang)
            with solara.Row(gap="8px", style={"align-items": "center"}, classes=[f"jwsim-change-{year}"]):
                rv.Html(
                    tag="div",
                    class_="text-body-2",
                    children=[f"{tf('years.from', lang, year=year)}: {text}"],
                )
                solara.Button(
                    t("years.remove", lang),
                    text=True,
                    small=True,
                    icon_name="mdi-close",
                    on_click=lambda year=year: session.draft.set(d.without_change(session.draft.value, year)),
                    classes=[f"jwsim-change-remove-{year}"],
                )


@solara.component
def BudgetCard(session: Session, lang: str):
    """Cost of every year 2026-2030 line by line against Tabel 1 (over budget is allowed, and shown red)."""
    checked = d.check(session.draft.value)
    with rv.Card(outlined=True, class_="pa-3 jwsim-budget", style_="flex: 1 1 40rem"):
        SectionHeading(t("budget.heading", lang))
        if checked.scenario is None:
            Paragraph(t("budget.unavailable", lang))
            return
        BudgetTable(checked.scenario, lang)
        Paragraph(t("budget.explain", lang), "text-caption grey--text text--darken-1 mt-2")


@solara.component
def BudgetTable(scenario: Scenario, lang: str):
    """Rows: the Tabel 1 lines, the total, the budget, and what is left; columns: the years."""
    checks = {year: budget_check(scenario, year) for year in d.EDIT_YEARS}
    label = "label_en" if lang == "en" else "label_nl"
    with rv.SimpleTable(dense=True, class_="jwsim-budget-table"):
        with rv.Html(tag="thead"):
            with rv.Html(tag="tr"):
                rv.Html(tag="th", children=[t("budget.line_head", lang)])
                for year in d.EDIT_YEARS:
                    rv.Html(tag="th", class_="text-right", children=[str(year)])
        with rv.Html(tag="tbody"):
            for line in TABEL_1:
                with rv.Html(tag="tr", class_=f"jwsim-budget-line-{line.key}"):
                    rv.Html(tag="td", children=[getattr(line, label)])
                    for year in d.EDIT_YEARS:
                        rv.Html(
                            tag="td",
                            class_=f"text-right text-no-wrap jwsim-budget-line-{line.key}-{year}",
                            children=[euro(checks[year]["lines"][line.key]["spending"], lang)],
                        )
            for name, heading, part, bold in (
                ("total", t("budget.total", lang), "spending", True),
                ("budget", t("budget.tabel1", lang), "budget", False),
            ):
                with rv.Html(tag="tr", class_="font-weight-bold" if bold else ""):
                    rv.Html(tag="td", children=[heading])
                    for year in d.EDIT_YEARS:
                        rv.Html(
                            tag="td",
                            class_=f"text-right text-no-wrap jwsim-budget-{name}-{year}",
                            children=[euro(checks[year]["total"][part], lang)],
                        )
            with rv.Html(tag="tr"):
                rv.Html(tag="td", children=[t("budget.status", lang)])
                for year in d.EDIT_YEARS:
                    over = [o for o in checks[year]["organisations"].values() if o["over"]]
                    with rv.Html(tag="td", class_=f"text-right jwsim-budget-status-{year}"):
                        share = checks[year]["total"]["spending"] / max(checks[year]["total"]["budget"], 1.0)
                        rv.ProgressLinear(
                            value=min(100.0, 100.0 * share),
                            height=6,
                            rounded=True,
                            color="red darken-2" if over else "primary",
                        )
                        rv.Html(
                            tag="div",
                            class_="text-caption"
                            + (" red--text text--darken-2 font-weight-bold" if over else ""),
                            children=[t("budget.over" if over else "budget.within", lang)],
                        )
    flags = [
        tf(
            "budget.flag",
            lang,
            year=year,
            organisation=org[label],
            spending=euro(org["spending"], lang),
            budget=euro(org["budget"], lang),
        )
        for year in d.EDIT_YEARS
        for org in checks[year]["organisations"].values()
        if org["over"]
    ]
    with solara.Column(gap="0px", classes=["jwsim-budget-flags"]):
        for flag in flags:
            rv.Html(tag="div", class_="text-caption red--text text--darken-2", children=[flag])
    Paragraph(t("budget.after_tabel1", lang), "text-caption grey--text text--darken-1 mb-0")
