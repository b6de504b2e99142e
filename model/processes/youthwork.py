"""Youth-work delivery: FTE -> hours -> contacts -> relations, exposures and signals; IB and SWF.

* Hours: the allocation's FTE as direct contact hours per week (``Allocation.weekly_hours``: FTE x 36 h
  (CAO) x direct-contact share x working weeks / 52). SJW hours are given per school and delivered in school
  weeks only; the jeugdcoaches' VSO hours (``swf_vso_share`` of their SWF hours) are spread over the VSO
  schools by pupils, in school weeks. Ambulant hours are boosted in event weeks (``ambulant_event_boost``,
  annual hours conserved) and go to *places*: where the street-age youths the wijk priority weighs spend
  their leisure time that week (the places process; events draw hours to their places); the team meets the
  youths present there ("where is the team": hours per place).
* Where the hours go and whom they reach: :mod:`reach` (wijk priority, targeting, contact weights).
* The forms of contact (ambulant, SJW, wijk work, the jeugdcoaches at VSO schools): :mod:`contact_forms`, one
  table; contacts build exposure to a form, which shifts the factors it works on by its graded effect sizes
  (the factors process). SJW exposure follows a logistic dose-response around ``sjw_dose_threshold_hours``
  (the Nota's 12 h — a hypothesis, not a fact).
* Individual guidance (IB) and School-Werk-Fit (SWF): :mod:`programmes`.
* Project money buys hours (``Allocation.programme_fte``): primary-school youth work (groep 7/8, in school
  weeks, spread over the wijken like wijk work), the extra wijk work in Nijmegen-Noord (spread over Noord's
  wijken by the same need weights), the rest as wijk work. Wijk work (with the Noord extra) is split into
  its parts: participation and activities, meidenwerk, online youth work, debts / information and advice.
* Familiarity: a primary-school contact closes ``po_familiarity_per_contact`` of the gap to full
  familiarity; from 12 to 15 it raises the youth's SJW and wijk-work reach and the chance that a contact
  signals (:mod:`reach`, :mod:`contact_forms`).
* Vakmanschap and the ambulant-team investment work along named paths, not as a multiplier on every gain.
  The reserved vakmanschap FTE give a level 1 - 2^(-share / ``vakmanschap_half_share``), building up over
  ``vakmanschap_buildup_weeks``; the investment a level investment / ``ambulant_team_investment_full_eur``
  (at most 1), building up the same way. Paths: *targeting accuracy* (the selective extra weight x (1 +
  ``vakmanschap_targeting_gain`` x level), set at each yearly reweighting), *signal quality* (signal
  probability x (1 + ``vakmanschap_signal_gain`` x level), for the ambulant team also x (1 +
  ``ambulant_investment_signal_gain`` x investment level)) and the ambulant team's *group approach*
  (street-group members' ambulant reach and the presence effect on nuisance x (1 +
  ``ambulant_investment_group_gain`` x investment level)).
"""

from __future__ import annotations

import numpy as np

from ..allocation import NOORD_STADSDEEL, Allocation
from ..numerics import TINY
from ..population import WEEKS_PER_YEAR
from ..process import Process, State, Weekly, Yearly, count_by_school
from .contact_forms import EFFECT_FORMS, FORMS, Contacts, contact_results
from .programmes import IB, SWF, Programmes
from .reach import Reach

ORGANISATIONS = ("bk10", "jc")


WIJK_PART_FORMS = ("wijk", "meiden", "online", "schulden")  # the contact forms of WIJK_PARTS, in order
NO_GAIN_MULTIPLIER = {"ambulant": 1.0, "bk10": 1.0, "jc": 1.0}  # vakmanschap works along paths instead


def vakmanschap_level(share: float, half_share: float) -> float:
    """Level (0..1) of vakmanschap for a (smoothed) share of FTE on it: diminishing returns."""
    return 1.0 - float(np.exp(-np.log(2.0) * share / half_share))


class YouthWork(Process):
    """Every work form of Bindkracht10 and the jeugdcoaches, targeting and vakmanschap."""

    name = "youthwork"
    states = (
        State("relation", "float32", "strength of the relation with a youth worker, in [0, 1]"),
        State("po_familiarity", "float32",
              "familiarity with youth work from primary-school youth work, in [0, 1]", init=0.0),
        State("exposure", "float32", "exposure to each work form and programme (EFFECT_FORMS order)",
              columns=len(EFFECT_FORMS)),
        State("signalled", "bool", "a youth worker's signal of rising risk is active", init=False),
        State("signal_until", "int32", "week until which the signal is active"),
        State("programme", "int8", "0 none, 1 IB, 2 SWF"),
        State("programme_weeks_left", "int32", "weeks left in the programme"),
        State("programme_year", "int8", "in IB (1) / SWF (2) at some point this year (bit flags)",
              year_start=lambda y: y.programme),
        State("sjw_reached", "bool", "had a school youth work contact this year", init=False,
              year_start=False),
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
        Weekly("team_hours", "hours/week", "Uren ambulant team per plek", "Ambulant team hours per place",
               scales=False, by_wijk=True, series=False),
        Weekly("team_hours_centre", "hours/week", "Uren ambulant team in het centrum",
               "Ambulant team hours in the city centre", scales=False),
        Yearly("ambulant_hours_per_week", "per_wijk", "hours/week",
               "Ambulante uren per week (waar het team is)",
               "Ambulant hours per week (where the team is)", fmt="f1"),
        Yearly("team_hours_per_year", "per_wijk", "hours/year",
               "Uren ambulant team per jaar (waar het team is)",
               "Ambulant team hours per year (where the team is)", sources=("team_hours",)),
        Yearly("wijk_hours_per_week", "per_wijk", "hours/week", "Uren wijkwerk per week (incl. extra Noord)",
               "Wijk-work hours per week (incl. the Noord extra)", fmt="f1"),
        Yearly("po_hours_per_week", "per_wijk", "hours/week", "Uren jongerenwerk po per schoolweek",
               "Primary-school youth work hours per school week", fmt="f1"),
        Yearly("po_familiar_share_12_15", "kpis", "share", "Bekend met jongerenwerk uit het po, 12-15 jaar",
               "Familiar with youth work from primary school, 12-15", fmt="%", ages=(12, 15)),
        Weekly("sjw_first_contacts", "youths/week", "Eerste SJW-contact dit jaar",
               "First SJW contact this year", series=False),
        Yearly("sjw_youths_reached_per_year", "kpis", "youths/year", "Jongeren bereikt door SJW per jaar",
               "Youths reached by SJW per year", sources=("sjw_first_contacts",)),
        Yearly("swf_intake_per_year", "kpis", "youths/year", "Instroom SWF per jaar", "SWF intake per year",
               sources=("swf_intake",)),
        Yearly("sjw_hours_per_week", "per_school", "hours/week", "SJW-uren per schoolweek (toegekend)",
               "SJW hours per school week (allocated)", fmt="f1"),
        Yearly("sjw_youths_reached_per_year", "per_school", "youths/year",
               "Leerlingen bereikt door SJW per jaar", "Pupils reached by SJW per year", scales=True),
        Yearly("swf_intake_per_year", "per_school", "youths/year",
               "Instroom SWF van (oud-)leerlingen per jaar", "SWF intake of (former) pupils per year",
               scales=True),
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
        self.noord = np.array([inputs.stadsdeel_codes[i] == NOORD_STADSDEEL for i in inputs.stadsdeel_index])
        self.n_school_weeks = int(model.calendar.school_week[:WEEKS_PER_YEAR].sum())
        # Ambulant hours per week relative to the year's mean: boosted at risk moments, annual hours kept.
        boost = 1.0 + (p["ambulant_event_boost"] - 1.0) * model.calendar.event_weight
        yearly_mean = boost.reshape(-1, WEEKS_PER_YEAR).mean(axis=1)
        self.event_factor = boost / np.repeat(yearly_mean, WEEKS_PER_YEAR)
        self.alloc: Allocation | None = None
        self.vak_level = dict.fromkeys(ORGANISATIONS, 0.0)
        self.vak_target = dict.fromkeys(ORGANISATIONS, 0.0)
        self.invest_level = self.invest_target = 0.0
        self.team_hours = np.zeros(self.n_wijk)  # this week's ambulant hours per place
        self.team_hours_year = np.zeros(self.n_wijk)
        self.centre = np.asarray(inputs.centre_attractor) > 0  # the city centre's wijken
        self.reach = Reach(model)
        self.contacts = Contacts(model)
        self.programmes = Programmes(model)  # draws after the contacts, from the same stream
        n_schools = len(inputs.schools.codes)
        # This year's counts per school: first SJW contacts (at the school of the contact) and SWF intakes (by
        # the youth's last school location). Recording only: no draws.
        self.sjw_reached_school = np.zeros(n_schools)
        self.swf_intake_school = np.zeros(n_schools)

    # ------------------------------------------------------------------ configuration
    def initialise(self, model) -> None:
        """Take up the allocation of the first week (vakmanschap and investment at their full effect)."""
        self.configure(model, model.allocation_for_week(0), initial=True)

    def new_year(self, model) -> None:
        """Switch to this year's allocation, or re-spread the hours over the changed population."""
        self.team_hours_year = np.zeros(self.n_wijk)
        self.sjw_reached_school[:] = 0.0
        self.swf_intake_school[:] = 0.0
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
        self.noord_hours = hours.noord
        self.wijk_parts = hours.wijk_parts
        # Primary-school youth work is given in school weeks: the yearly hours over the school weeks.
        self.po_hours = hours.po * WEEKS_PER_YEAR / max(self.n_school_weeks, 1)
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
        p = self.p
        lv = self.levels()
        gain = p["vakmanschap_targeting_gain"]
        paths = (1.0 + gain * lv["bk10"], 1.0 + gain * lv["ambulant"],
                 1.0 + p["ambulant_investment_group_gain"] * self.invest_level)
        self.reach.reweight(model, self.alloc.wijk_priority, self.wijk_manual,
                            self.alloc.targeting == "selective", paths)
        # Wijk hours per wijk: the wijk work by the wijk shares, plus the Noord extra over Noord's wijken
        # by the same (need) weights; each part of wijk work takes its share of both.
        noord = self.reach.wijk_share * self.noord
        noord = noord / noord.sum() if noord.sum() > 0 else np.zeros_like(noord)
        self.wijk_per_wijk = self.wijk_hours * self.reach.wijk_share + self.noord_hours * noord

    def levels(self) -> dict[str, float]:
        """Return the vakmanschap levels (0..1) of Bindkracht10, the jeugdcoaches and the ambulant team."""
        half = self.p["vakmanschap_half_share"]
        bk = vakmanschap_level(self.vak_level["bk10"], half)
        jc = vakmanschap_level(self.vak_level["jc"], half)
        return {"bk10": bk, "jc": jc, "ambulant": self.amb_bk_share * bk + (1 - self.amb_bk_share) * jc}

    def signal_quality(self) -> dict[str, float]:
        """Signal-probability multiplier per organisation key (path *signal quality*)."""
        p = self.p
        g = p["vakmanschap_signal_gain"]
        out = {k: 1.0 + g * v for k, v in self.levels().items()}
        out["ambulant"] *= 1.0 + p["ambulant_investment_signal_gain"] * self.invest_level
        return out

    def effectiveness(self) -> tuple[float, float, float]:
        """Return the multipliers of Bindkracht10's and the jeugdcoaches' gains and of ambulant presence.

        Vakmanschap no longer multiplies gains (1, 1); the third is the ambulant team's *group approach*
        on the presence effect on nuisance (1 + ``ambulant_investment_group_gain`` x investment level).
        """
        return 1.0, 1.0, 1.0 + self.p["ambulant_investment_group_gain"] * self.invest_level

    def ambulant_hours_per_wijk(self, model, t: int, street_mix: np.ndarray | None = None) -> np.ndarray:
        """Return the ambulant team's hours per place (wijk) this week: where the street-age youths are.

        The wijk priority weighs the youths by where they live (``Reach.amb_share``); the hours go where those
        youths spend their leisure time this week (the places process: events draw hours to their places).
        Event weeks are boosted, annual hours conserved. ``street_mix``: the street-age youths' leisure
        distribution by home wijk of step ``t`` (default: this week's, from the places process).
        """
        mix = model.places.week_street_mix if street_mix is None else street_mix
        share = self.reach.amb_share @ mix
        return self.amb_hours * self.event_factor[t] * share

    def contact_hours_by_home(self, model, place_hours: np.ndarray) -> np.ndarray:
        """Hours at places as hours per home wijk: the team meets the street-age youths present where it is.

        The street weight present at a place is each home wijk's weight x its share of time there; a youth's
        contact rate is the team's hours per unit of weight at each place, averaged over where the youth is.
        Expressed as hours per home wijk so the contact table treats ambulant work like the other wijk forms.
        """
        mix = model.places.week_street_mix
        den = self.reach.den_street
        present = den @ mix
        per_weight = np.divide(place_hours, present, out=np.zeros_like(place_hours), where=present > TINY)
        return den * (mix @ per_weight)

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
        self.reach.update(model)
        school_week = bool(model.calendar.school_week[t])
        self.team_hours = self.ambulant_hours_per_wijk(model, t)
        self.team_hours_year += self.team_hours
        hours = {"ambulant": self.contact_hours_by_home(model, self.team_hours), "sjw": self.sjw_school_hours,
                 "vso": self.vso_school_hours, "po": self.po_hours * self.reach.wijk_share}
        for form, share in zip(WIJK_PART_FORMS, self.wijk_parts, strict=True):
            hours[form] = share * self.wijk_per_wijk
        contacts = self.contacts
        contacts.step(model, self.rng, hours, NO_GAIN_MULTIPLIER, self.sjw_dose, self.reach,
                      self.signal_quality())
        y = model.y
        sjw = contacts.rows["sjw"]
        first = sjw[~y.sjw_reached[sjw]]  # first SJW contact this year, counted at the school of the contact
        self.sjw_reached_school += count_by_school(y.school[first], self.sjw_reached_school.shape[0])
        y.sjw_reached[first] = True
        self.week["sjw_first_contacts"] = first.size
        po = contacts.rows["po"]  # familiarity with youth work, used from 12 on
        fam = model.y.po_familiarity
        fam[po] += np.float32(p["po_familiarity_per_contact"]) * (np.float32(1.0) - fam[po])
        for form in FORMS:
            idle = form.school_weeks_only and not school_week
            self.week[f"contacts_{form.name}"] = contacts.counts[form.name]
            self.week[f"{form.name}_hours"] = 0.0 if idle else float(hours[form.name].sum())
        self.week["team_hours"] = self.team_hours
        self.week["team_hours_centre"] = float(self.team_hours[self.centre].sum())
        self.week["sjw_hours_allocated"] = self.week["sjw_hours"]
        self.week["signals"] = contacts.signals
        self.programmes.step(model, self.rng)
        self.week.update(ib_intake=self.programmes.intake[IB], swf_intake=self.programmes.intake[SWF])
        self.swf_intake_school += count_by_school(y.school_last[self.programmes.swf_chosen],
                                                  self.swf_intake_school.shape[0])

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
        year.set("youthwork_fte", self.alloc.youthwork_fte(self.p))
        year.set("youthwork_cost_eur_per_year", self.alloc.cost_eur_per_year(self.p))
        year.set("ambulant_hours_per_week", self.team_hours_year / WEEKS_PER_YEAR, "per_wijk")
        year.set("wijk_hours_per_week", self.wijk_per_wijk, "per_wijk")
        year.set("po_hours_per_week", self.po_hours * self.reach.wijk_share, "per_wijk")
        known = year.mask("po_familiar_share_12_15")
        familiar = y.po_familiarity >= self.p["po_familiar_threshold"]
        year.set("po_familiar_share_12_15", year.share(familiar, known))
        year.set("sjw_hours_per_week", self.sjw_school_hours.copy(), "per_school")
        year.set("sjw_youths_reached_per_year", self.sjw_reached_school.copy(), "per_school")
        year.set("swf_intake_per_year", self.swf_intake_school.copy(), "per_school")
