"""Youth-work delivery: FTE -> hours -> contacts -> relations, exposures and signals; IB and SWF.

* Hours: the allocation's FTE as direct contact hours per week (``Allocation.weekly_hours``: FTE x 36 h
  (CAO) x direct-contact share x working weeks / 52). SJW hours are given per school and delivered in school
  weeks only; the jeugdcoaches' VSO hours (``swf_vso_share`` of their SWF hours) are spread over the VSO
  schools by pupils, in school weeks. Ambulant hours are boosted in event weeks (``ambulant_event_boost``,
  annual hours conserved).
* Where the hours go and whom they reach: :mod:`reach` (wijk priority, targeting, contact weights).
* The forms of contact (ambulant, SJW, wijk work, the jeugdcoaches at VSO schools): :mod:`contact_forms`, one
  table; contacts build exposure to a form, which shifts the factors it works on by its graded effect sizes
  (the factors process). SJW exposure follows a logistic dose-response around ``sjw_dose_threshold_hours``
  (the Nota's 12 h — a hypothesis, not a fact).
* Individual guidance (IB) and School-Werk-Fit (SWF): :mod:`programmes`.
* Vakmanschap: reserved FTE raise effectiveness with diminishing returns, building up over
  ``vakmanschap_buildup_weeks``; the ambulant-team investment raises the ambulant team's effectiveness the
  same way (in proportion to ``ambulant_team_investment_full_eur``).
"""

from __future__ import annotations

import numpy as np

from ..allocation import Allocation
from ..numerics import TINY
from ..population import WEEKS_PER_YEAR
from ..process import Process, State, Weekly, Yearly
from .contact_forms import EFFECT_FORMS, FORMS, Contacts, contact_results
from .programmes import IB, SWF, Programmes
from .reach import Reach

ORGANISATIONS = ("bk10", "jc")


def vakmanschap_effect(level: float, gain_max: float, half_share: float) -> float:
    """Effectiveness multiplier for a (smoothed) share of FTE on vakmanschap: diminishing returns."""
    return 1.0 + gain_max * (1.0 - np.exp(-np.log(2.0) * level / half_share))


class YouthWork(Process):
    """Every work form of Bindkracht10 and the jeugdcoaches, targeting and vakmanschap."""

    name = "youthwork"
    states = (
        State("relation", "float32", "strength of the relation with a youth worker, in [0, 1]"),
        State("exposure", "float32", "exposure to each work form and programme (EFFECT_FORMS order)",
              columns=len(EFFECT_FORMS)),
        State("signalled", "bool", "a youth worker's signal of rising risk is active", init=False),
        State("signal_until", "int32", "week until which the signal is active"),
        State("programme", "int8", "0 none, 1 IB, 2 SWF"),
        State("programme_weeks_left", "int32", "weeks left in the programme"),
        State("programme_year", "int8", "in IB (1) / SWF (2) at some point this year (bit flags)",
              year_start=lambda y: y.programme),
    )
    results = (
        *contact_results(),
        Weekly("signals", "youths/week", "Signalen jongerenwerk", "Youth-work signals"),
        Weekly("ib_caseload", "youths", "Jongeren in IB", "Youths in IB", year="mean", collect=True),
        Weekly("swf_caseload", "youths", "Jongeren in SWF", "Youths in SWF", year="mean"),
        Weekly("ib_slots", "places", "Plaatsen IB", "IB places", year="mean"),
        Weekly("swf_slots", "places", "Plaatsen SWF", "SWF places", year="mean"),
        Weekly("sjw_hours_allocated", "hours/week", "Toegekende SJW-uren", "SJW hours allocated",
               scales=False),
        Weekly("meaningful_relations", "youths", "Betekenisvolle relaties met jongerenwerk",
               "Meaningful youth-work relations", year="last"),
        Weekly("ib_intake", "youths/week", "Instroom IB", "IB intake", series=False),
        Weekly("swf_intake", "youths/week", "Instroom SWF", "SWF intake", series=False),
        Yearly("meaningful_relations", "kpis", "youths", "Betekenisvolle relaties (eind jaar)",
               "Meaningful relations (end of year)", sources=("meaningful_relations",)),
        Yearly("ib_youths_per_year", "kpis", "youths/year", "Jongeren in individuele begeleiding per jaar",
               "Youths in individual guidance per year", scales=True),
        Yearly("swf_youths_per_year", "kpis", "youths/year", "Jongeren in School-Werk-Fit per jaar",
               "Youths in School-Werk-Fit per year", scales=True),
        Yearly("youthwork_fte", "kpis", "FTE", "Jongerenwerk en jeugdcoaches (FTE)",
               "Youth work and jeugdcoaches (FTE)", fmt="f1"),
        Yearly("youthwork_cost_eur_per_year", "kpis", "EUR/year", "Kosten jongerenwerk per jaar (€)",
               "Cost of youth work per year (EUR)", fmt="eur"),
        Yearly("ambulant_hours_per_week", "per_wijk", "hours/week", "Ambulante uren per week",
               "Ambulant hours per week", fmt="f1"),
    )

    def __init__(self, model) -> None:
        super().__init__(model)
        p = model.params
        self.p = p
        inputs = model.inputs
        self.n_wijk = len(inputs.wijk_codes)
        self.school_index = {c: i for i, c in enumerate(inputs.schools.codes)}
        self.wijk_index = {c: i for i, c in enumerate(inputs.wijk_codes)}
        self.vso_schools = inputs.schools.vso_jeugdcoaches.astype(bool)
        self.n_school_weeks = int(model.calendar.school_week[:WEEKS_PER_YEAR].sum())
        # Ambulant hours per week relative to the year's mean: boosted at risk moments, annual hours kept.
        boost = 1.0 + (p["ambulant_event_boost"] - 1.0) * model.calendar.event_weight
        yearly_mean = boost.reshape(-1, WEEKS_PER_YEAR).mean(axis=1)
        self.event_factor = boost / np.repeat(yearly_mean, WEEKS_PER_YEAR)
        self.alloc: Allocation | None = None
        self.vak_level = dict.fromkeys(ORGANISATIONS, 0.0)
        self.vak_target = dict.fromkeys(ORGANISATIONS, 0.0)
        self.invest_level = self.invest_target = 0.0
        self.reach = Reach(model)
        self.contacts = Contacts(model)
        self.programmes = Programmes(model)  # draws after the contacts, from the same stream

    # ------------------------------------------------------------------ configuration
    def initialise(self, model) -> None:
        """Take up the allocation of the first week (vakmanschap and investment at their full effect)."""
        self.configure(model, model.allocation_for_week(0), initial=True)

    def new_year(self, model) -> None:
        """Switch to this year's allocation, or re-spread the hours over the changed population."""
        alloc = model.allocation_for_week(model.week_index)
        if alloc is not self.alloc:
            self.configure(model, alloc)
        else:
            self._reweight(model)

    def configure(self, model, alloc: Allocation, initial: bool = False) -> None:
        """Turn an allocation into weekly hours, places and weights (at the start and at each switch)."""
        p = self.p
        self.alloc = alloc
        bk, jc = alloc.bk10, alloc.jc
        hours = alloc.weekly_hours(p)
        self.amb_hours = hours.ambulant
        self.amb_bk_share = bk["ambulant"] / max(bk["ambulant"] + jc["ambulant"], TINY)
        self.wijk_hours = hours.wijk
        self.programmes.set_places(hours.ib, hours.swf * (1 - p["swf_vso_share"]), model.scale)
        # VSO hours of the jeugdcoaches are delivered in school weeks, spread over the VSO schools by pupils.
        school_pupils = self.reach.school_pupils
        vso_week = hours.swf * p["swf_vso_share"] * WEEKS_PER_YEAR / max(self.n_school_weeks, 1)
        vso_pupils = np.where(self.vso_schools, school_pupils, 0.0)
        self.vso_school_hours = vso_week * vso_pupils / max(vso_pupils.sum(), TINY)
        sjw = np.zeros(school_pupils.shape[0])
        for code, h in alloc.sjw_hours:
            sjw[self.school_index[code]] = h
        self.sjw_school_hours = sjw
        thr, width = p["sjw_dose_threshold_hours"], p["sjw_dose_width_hours"]
        self.sjw_dose = np.where(sjw > 0, 1.0 / (1.0 + np.exp(-(sjw - thr) / width)), 0.0)
        self.wijk_manual = np.ones(self.n_wijk)
        for code, w in alloc.wijk_weights:
            self.wijk_manual[self.wijk_index[code]] = w
        fte = {"bk10": bk, "jc": jc}
        for org in ORGANISATIONS:
            total = sum(fte[org].values())
            self.vak_target[org] = fte[org]["vakmanschap"] / total if total else 0.0
        self.invest_target = min(1.0,
                                 alloc.ambulant_team_investment_eur / p["ambulant_team_investment_full_eur"])
        if initial:
            self.vak_level = dict(self.vak_target)
            self.invest_level = self.invest_target
        else:
            self.programmes.end_beyond_places(model)
        self._reweight(model)

    def _reweight(self, model) -> None:
        self.reach.reweight(model, self.alloc.wijk_priority, self.wijk_manual,
                            self.alloc.targeting == "selective")

    def effectiveness(self) -> tuple[float, float, float]:
        """Return the current effectiveness multipliers: Bindkracht10, jeugdcoaches, ambulant team."""
        p = self.p
        e_bk = vakmanschap_effect(self.vak_level["bk10"], p["vakmanschap_gain_max"],
                                  p["vakmanschap_half_share"])
        e_jc = vakmanschap_effect(self.vak_level["jc"], p["vakmanschap_gain_max"],
                                  p["vakmanschap_half_share"])
        e_amb = (self.amb_bk_share * e_bk + (1 - self.amb_bk_share) * e_jc) * (
            1.0 + p["ambulant_team_investment_gain"] * self.invest_level)
        return e_bk, e_jc, e_amb

    def ambulant_hours_per_wijk(self, model, t: int) -> np.ndarray:
        """Ambulant hours per wijk this week (event weeks boosted, annual hours conserved)."""
        return self.amb_hours * self.event_factor[t] * self.reach.amb_share

    # ------------------------------------------------------------------ signals (read by jeugdhulp)
    def use_signals(self, model, slots: np.ndarray) -> None:
        """Help has started for ``slots``: their signals have done their work."""
        y = model.y
        y.signalled[slots] = False
        y.signal_until[slots] = 0

    # ------------------------------------------------------------------ weekly step
    def step(self, model) -> None:
        """Deliver this week's youth work: contacts, relations, factor gains, signals, IB and SWF."""
        p, t = self.p, model.week_index
        buildup = p["vakmanschap_buildup_weeks"]
        for org in ORGANISATIONS:  # training and method development take about a year to pay off
            self.vak_level[org] += (self.vak_target[org] - self.vak_level[org]) / buildup
        self.invest_level += (self.invest_target - self.invest_level) / buildup
        e_bk, e_jc, e_amb = self.effectiveness()
        self.reach.update(model)
        school_week = bool(model.calendar.school_week[t])
        hours = {"ambulant": self.ambulant_hours_per_wijk(model, t), "sjw": self.sjw_school_hours,
                 "wijk": self.wijk_hours * self.reach.wijk_share, "vso": self.vso_school_hours}
        contacts = self.contacts
        contacts.step(model, self.rng, hours, {"ambulant": e_amb, "bk10": e_bk, "jc": e_jc}, self.sjw_dose,
                      self.reach)
        for form in FORMS:
            idle = form.school_weeks_only and not school_week
            self.week[f"contacts_{form.name}"] = contacts.counts[form.name]
            self.week[f"{form.name}_hours"] = 0.0 if idle else float(hours[form.name].sum())
        self.week["sjw_hours_allocated"] = self.week["sjw_hours"]
        self.week["signals"] = contacts.signals
        self.programmes.step(model, self.rng)
        self.week.update(ib_intake=self.programmes.intake[IB], swf_intake=self.programmes.intake[SWF])

    def record(self, model) -> None:
        """Caseloads, places and meaningful relations after this week."""
        prog = self.programmes
        meaningful = np.count_nonzero(model.y.relation >= self.p["meaningful_relation"])
        self.week.update(ib_caseload=prog.ib_count, swf_caseload=prog.swf_count, ib_slots=prog.ib_slots,
                         swf_slots=prog.swf_slots, meaningful_relations=meaningful)

    def close_year(self, model, year) -> None:
        """Youths in IB and SWF this year, FTE and cost, ambulant hours per wijk."""
        y = model.y
        year.set("ib_youths_per_year", np.count_nonzero(y.programme_year & IB))
        year.set("swf_youths_per_year", np.count_nonzero(y.programme_year & SWF))
        year.set("youthwork_fte", self.alloc.total_fte)
        year.set("youthwork_cost_eur_per_year", self.alloc.cost_eur_per_year(self.p))
        year.set("ambulant_hours_per_week", self.amb_hours * self.reach.amb_share, "per_wijk")
