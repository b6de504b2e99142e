"""Contact forms of the youth-work process: a table of forms and the weekly contacts they make.

Each :class:`ContactForm` row says where its hours are given (per wijk or per school), whom it reaches
(the per-youth contact weight of :mod:`reach`), how many contacts an hour makes, which organisation's
effectiveness applies, which protective factors a contact raises and by how much, and whether it works only in
school weeks or with the SJW dose-response. The weekly step is the same for every row:

* contacts per youth this week = hours x contacts/hour x the youth's weight / the sum of weights in the wijk
  (per school: per pupil, with DUO pupil numbers), so P(contact) = 1 - exp(-that);
* one uniform per youth decides whether and by which form a youth is contacted (competing forms, in table
  order), and, by where it falls inside that form's interval, whether a contact with a youth at high risk
  produces a *signal* (early, lighter help: versnellen) with probability ``signal_per_contact`` x relation
  (x SJW dose). Fixed-size draws keep common random numbers;
* the relation builds with contact (``relation_gain_per_contact``) and decays without
  (``relation_decay_per_week``); youths in IB or SWF are in weekly contact;
* each contact builds the youth's *exposure* to its form, e += g (1 - e) with g =
  ``exposure_gain_per_contact``
  x the organisation's effectiveness (x the SJW dose at school); exposure fades without contact
  (``exposure_fade_per_week``). The factors process shifts the target of every factor a form works on by
  d x SD x exposure (:data:`EFFECT_FORMS`): d is the form's effect size in SD units on a participant at full
  exposure, the unit of the meta-analyses, and a graded registry parameter.
* some forms also lower risk factors per contact (meidenwerk mental strain, online youth work online risk and
  loneliness, debt work debt stress): ``risk_relief``;
* signals are multiplied by the *signal quality* of the work (vakmanschap, the ambulant-team investment) and,
  for youths of 12-15 who know youth work from primary school, by their familiarity.

Adding a form of contact is one row here: its ``effects`` name the factors and the registry parameters of
their effect sizes (plus its FTE in the allocation and its other registry parameters).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..numerics import TINY, slack_f32
from ..population import (
    P_BETROKKENHEID,
    P_BINDING,
    P_COMPETENTIES,
    P_ERKENNING,
    P_IDENTITEIT,
    P_NORMEN,
    P_SCHOOLMOTIVATIE,
    P_STEUN,
    P_VRIJETIJD,
    R_DEBT,
    R_LONELY,
    R_MENTAL,
    R_ONLINE,
)
from ..process import Weekly, Yearly
from .reach import WIJK_WEIGHTS

WIJK, SCHOOL = "wijk", "school"  # where a form's hours are given


@dataclass(frozen=True)
class ContactForm:
    """One form of youth-work contact.

    Attributes:
        name: the form; its weekly results are ``contacts_<name>`` and ``<name>_hours``.
        label_nl: Dutch name of the form.
        label_en: English name of the form.
        unit: where its hours are given: ``"wijk"`` or ``"school"``.
        weight: the per-youth contact weight of :class:`~.reach.Reach` (``street_w``, ``reach_w`` or ``tw``).
        contacts_per_hour: registry parameter: contacts an hour makes.
        effectiveness: whose effectiveness (vakmanschap) applies: ``"ambulant"``, ``"bk10"`` or ``"jc"``.
        effects: (protective factor, registry parameter of its effect size d in SD units at full exposure)
            for each factor the form works on.
        school_weeks_only: delivered only in school weeks.
        dose: gains and signals follow the SJW dose-response of the school's hours.
        hours_series: the delivered hours are kept as a weekly series.
        risk_relief: (risk factor, registry parameter) pairs: a contact lowers that risk factor by the
            parameter's value.
        bound_weight: a weight of :class:`~.reach.Reach` never below ``weight`` (meidenwerk: girls' wijk-work
            weight <= the wijk-work weight): the contact bound uses it, to share a pass with its forms.

    """

    name: str
    label_nl: str
    label_en: str
    unit: str
    weight: str
    contacts_per_hour: str
    effectiveness: str
    effects: tuple[tuple[int, str], ...]
    school_weeks_only: bool = False
    dose: bool = False
    hours_series: bool = False
    risk_relief: tuple[tuple[int, str], ...] = ()
    bound_weight: str = ""

    def results(self) -> tuple[Weekly, ...]:
        """Return the form's weekly results: contacts and hours delivered."""
        return (
            Weekly(f"contacts_{self.name}", "contacts/week", f"Contacten {self.label_nl}",
                   f"Contacts, {self.label_en}"),
            Weekly(f"{self.name}_hours", "hours/week", f"Uren {self.label_nl}", f"Hours, {self.label_en}",
                   scales=False, series=self.hours_series),
        )


def on(param: str, *factors: int) -> tuple[tuple[int, str], ...]:
    """Return the effects of one effect size ``param`` on each of ``factors``."""
    return tuple((f, param) for f in factors)


FORMS = (
    ContactForm("ambulant", "ambulant werk", "ambulant work", WIJK, "street_w", "ambulant_contacts_per_hour",
                "ambulant", on("d_ambulant", P_NORMEN, P_ERKENNING, P_STEUN), hours_series=True),
    ContactForm("sjw", "schooljongerenwerk", "school youth work", SCHOOL, "tw", "sjw_contacts_per_hour",
                "bk10",
                on("d_sjw", P_SCHOOLMOTIVATIE, P_BINDING), school_weeks_only=True, dose=True,
                hours_series=True),
    ContactForm("wijk", "wijkwerk", "wijk work", WIJK, "reach_w", "wijk_contacts_per_hour", "bk10",
                on("d_wijk", P_VRIJETIJD, P_BETROKKENHEID, P_COMPETENTIES, P_IDENTITEIT)),
    ContactForm("vso", "jeugdcoaches op het VSO", "jeugdcoaches at VSO schools", SCHOOL, "tw",
                "sjw_contacts_per_hour", "jc", on("d_vso", P_SCHOOLMOTIVATIE, P_STEUN, P_NORMEN),
                school_weeks_only=True),
    # Primary-school youth work (groep 7/8, with kinderwerk), bought with project money; it also builds the
    # familiarity that youth work uses from 12 on (YouthWork.step).
    ContactForm("po", "jongerenwerk primair onderwijs", "primary-school youth work", WIJK, "po_w",
                "po_contacts_per_hour", "bk10", on("d_po", P_BINDING, P_VRIJETIJD, P_STEUN),
                school_weeks_only=True),
    # The parts of wijk work besides participation and activities (the "wijk" row).
    ContactForm("meiden", "meidenwerk", "meidenwerk (girls' work)", WIJK, "girl_w",
                "meiden_contacts_per_hour", "bk10", on("d_meiden", P_IDENTITEIT, P_COMPETENTIES, P_BINDING),
                risk_relief=((R_MENTAL, "meiden_mental_relief_per_contact"),), bound_weight="reach_w"),
    ContactForm("online", "online jongerenwerk", "online youth work", WIJK, "online_w",
                "online_contacts_per_hour", "bk10", on("d_online", P_STEUN),
                risk_relief=((R_ONLINE, "online_risk_relief_per_contact"),
                             (R_LONELY, "online_loneliness_relief_per_contact"))),
    ContactForm("schulden", "schulden, informatie en advies", "debts, information and advice", WIJK, "debt_w",
                "schulden_contacts_per_hour", "bk10", on("d_schulden", P_STEUN),
                risk_relief=((R_DEBT, "schulden_debt_relief_per_contact"),), bound_weight="reach_w"),
)
# The programmes of :mod:`programmes` work through the same exposures (participants at full exposure).
PROGRAMME_EFFECTS = {
    "ib": on("d_ib", P_BINDING, P_STEUN, P_COMPETENTIES, P_IDENTITEIT, P_NORMEN, P_BETROKKENHEID),
    "swf": on("d_swf", P_SCHOOLMOTIVATIE, P_COMPETENTIES, P_NORMEN, P_VRIJETIJD, P_STEUN),
}
# Every form with an exposure column (``y.exposure[:, k]``) and its effects, in column order.
EFFECT_FORMS = (*((form.name, form.effects) for form in FORMS), *PROGRAMME_EFFECTS.items())
EXPOSURE_COLUMN = {name: k for k, (name, _) in enumerate(EFFECT_FORMS)}


def effect_matrix(params, factor_sd: np.ndarray) -> np.ndarray:
    """Return the (forms, protective factors) matrix of target shifts at full exposure: d x SD (float32)."""
    D = np.zeros((len(EFFECT_FORMS), factor_sd.shape[0]), np.float32)
    for k, (_, effects) in enumerate(EFFECT_FORMS):
        for factor, param in effects:
            D[k, factor] += params[param] * factor_sd[factor]
    return D


# The sums of the wijk forms' weights per wijk (kept by Reach).
WIJK_SUMS = {weight: den for den, weight in WIJK_WEIGHTS.items()}


def _bound_key(form: ContactForm) -> tuple[str, str]:
    return form.unit, form.bound_weight or form.weight


# The forms whose contact rates the contact bound adds before one gather: those of one unit and (bound)
# weight, e.g. SJW and the VSO jeugdcoaches (per school, targeting weight).
SHARED = tuple({_bound_key(form): tuple(k for k, f in enumerate(FORMS) if _bound_key(f) == _bound_key(form))
                for form in FORMS}.values())


def contact_results() -> tuple[Weekly | Yearly, ...]:
    """Weekly results of every form, and the year's contacts of all forms together."""
    weekly = tuple(r for form in FORMS for r in form.results())
    total = Yearly("contacts_per_year", "kpis", "contacts/year", "Contacten jongerenwerk per jaar",
                   "Youth-work contacts per year", sources=tuple(f"contacts_{form.name}" for form in FORMS))
    return (*weekly, total)


def _wijk_rate(hours_contacts: np.ndarray, weight_sum: np.ndarray) -> np.ndarray:
    """Negated contacts per unit of weight per wijk, float32 (0 where a wijk has no weight)."""
    out = np.zeros(weight_sum.shape[0], np.float32)
    has = weight_sum > TINY  # incremental sums: a wijk whose weights all left keeps rounding dust
    out[has] = -hours_contacts[has] / weight_sum[has]
    return out


class Contacts:
    """The weekly contacts of every form (part of the youth-work process)."""

    def __init__(self, model) -> None:
        n = model.y.n
        self.p = model.params
        self.u = model.uniforms  # shared scratch (see JwsimModel)
        self.bound = np.empty(n, np.float32)  # this week's bound of each youth's contact probability
        self.part = np.empty(n, np.float32)
        self.touched = np.zeros(n, bool)
        self.counts = dict.fromkeys((form.name for form in FORMS), 0)
        self.rows = {form.name: np.zeros(0, np.intp) for form in FORMS}  # who each form contacted this week
        self.signals = 0
        self.candidates = 0  # youths below the bound this week (their probabilities were computed)

    def rates(self, model, hours: dict[str, np.ndarray], reach) -> list:
        """Return per form its negated float32 contact rate per wijk or per school (``None``: idle this week).

        A youth's rate is ``rate[unit] x weight``; per school, index ``n_s`` (no school in the city) has 0.
        """
        p = self.p
        school_week = bool(model.calendar.school_week[model.week_index])
        n_s = reach.school_pupils.shape[0]
        # The weight sums count agents; one agent stands for `scale` youths, so contacts per youth divide
        # by scale x the sum (else a reduced-scale run gives every youth ~scale times the contacts).
        per_youth = 1.0 / model.scale
        per_tw = None
        out = []
        for form in FORMS:
            if form.school_weeks_only and not school_week:
                out.append(None)
                continue
            h = hours[form.name]
            if form.unit == SCHOOL:
                if per_tw is None:  # residents stand for the school's whole population: DUO pupil numbers
                    tw_pupils = reach.school_tw[:n_s] * reach.school_pupils
                    per_tw = np.divide(reach.school_res[:n_s], tw_pupils, out=np.zeros(n_s),
                                       where=reach.school_tw[:n_s] > TINY)
                rate = np.zeros(n_s + 1, np.float32)  # index n_s (no school in the city) -> 0
                rate[:n_s] = -(h * p[form.contacts_per_hour] * per_tw)
            else:
                rate = _wijk_rate(h * (p[form.contacts_per_hour] * per_youth),
                                  getattr(reach, WIJK_SUMS[form.weight]))
            out.append(rate)
        return out

    @staticmethod
    def bound_all(rates: list, reach, out: np.ndarray, part: np.ndarray) -> np.ndarray:
        """Return in ``out`` an upper bound of every youth's contact probability this week (thinning).

        A youth is contacted when the uniform ``u < cum[-1]``, the summed probabilities ``-expm1(-lam_k)`` of
        the competing forms, and ``-expm1(-lam) <= lam``: so ``cum[-1] <= sum_k lam_k`` with
        ``lam_k = rate_k[unit] x weight_k``, and the sum only grows where a form's weight is replaced by its
        ``bound_weight``. Forms of one unit and (bound) weight add their rates first (:data:`SHARED`), so the
        bound is five gathers, products and sums, where the probabilities take eight, each with an expm1 and
        a difference. Rates are raised by :func:`~jwsim.model.numerics.slack_f32`, far above the float32
        rounding of the rates, products, expm1 and sums (tens of units in the last place): a youth with
        ``u > bound`` has ``u >= cum[-1]`` and is not contacted, so the contacts are exactly those of
        computing every youth's probabilities.
        """
        first = True
        for forms in SHARED:
            active = [rates[k] for k in forms if rates[k] is not None]
            if not active:
                continue
            unit, weight = _bound_key(FORMS[forms[0]])
            total = active[0].astype(np.float64)  # (a loop: np.sum over a list of a few short arrays
            for r in active[1:]:                   # costs more in building the array than in adding)
                total += r
            total *= -slack_f32(1.0)
            rate = total.astype(np.float32)
            lam = out if first else part
            rate.take(reach.school_idx if unit == SCHOOL else reach.wijk_slot, out=lam, mode="clip")
            lam *= getattr(reach, weight)
            if not first:
                out += part
            first = False
        if first:  # no form at work this week
            out.fill(0)
        return out

    @staticmethod
    def cumulative(rates: list, reach, idx: np.ndarray) -> np.ndarray:
        """Return the cumulative contact probabilities of the competing forms for the youths ``idx``.

        Row k is the probability of a contact by one of forms 0..k (float32, forms x youths). Every operation
        is elementwise in float32, so a youth's column is the same whether computed for a few youths or all.
        """
        cum = np.empty((len(FORMS), idx.size), np.float32)
        lam = np.empty(idx.size, np.float32)
        units = {WIJK: reach.wijk_slot[idx], SCHOOL: reach.school_idx[idx]}
        for k, (form, rate) in enumerate(zip(FORMS, rates, strict=True)):
            if rate is None:
                cum[k] = cum[k - 1] if k else 0
                continue
            rate.take(units[form.unit], out=lam, mode="clip")  # "clip": valid indices, unbuffered out=
            lam *= getattr(reach, form.weight)[idx]
            # Rates are negated so that P(contact) = -expm1(-lam) takes two passes.
            if k == 0:
                np.expm1(lam, out=cum[0])
                np.negative(cum[0], out=cum[0])
            else:
                np.expm1(lam, out=lam)
                np.subtract(cum[k - 1], lam, out=cum[k])
        return cum

    def step(self, model, rng: np.random.Generator, hours: dict[str, np.ndarray],
             effectiveness: dict[str, float], sjw_dose: np.ndarray, reach,
             signal_quality: dict[str, float] | None = None) -> None:
        """Make this week's contacts, relations, factor gains and signals.

        Only the youths whose uniform lies at or below :meth:`bound_all` get their contact probabilities
        computed (thinning): the contacts are exactly those of computing them for everyone.

        Args:
            model: the model.
            rng: the youth-work process's random stream.
            hours: per form, its hours this week per wijk or per school (forms of school weeks only are
                skipped outside school weeks).
            effectiveness: multiplier per organisation (``ambulant``, ``bk10``, ``jc``).
            sjw_dose: the SJW dose-response per school (0..1).
            reach: the contact weights and their sums.
            signal_quality: signal-probability multiplier per organisation key (as ``effectiveness``);
                missing keys: 1.

        """
        p, y, t = self.p, model.y, model.week_index
        rates = self.rates(model, hours, reach)
        bound = self.bound_all(rates, reach, self.bound, self.part)
        # One uniform per youth: contacted when u < cum[-1]; the form is the interval u falls in.
        rng.random(out=self.u, dtype=np.float32)
        u = self.u
        cand = np.less_equal(u, bound, out=self.touched).nonzero()[0]
        self.candidates = cand.size
        cum = self.cumulative(rates, reach, cand)
        u_cand = u[cand]
        hit = (u_cand < cum[-1]).nonzero()[0]
        con = cand[hit]
        uc = u_cand[hit]
        bounds = np.zeros((len(FORMS) + 1, con.size), np.float32)
        bounds[1:] = cum[:, hit]
        which = (uc >= bounds[1]).astype(np.intp)
        for k in range(2, len(FORMS)):
            which += uc >= bounds[k]
        # Relation builds with contact, decays without (programme youths are in weekly contact).
        rel = y.relation
        touched = np.greater(y.programme, 0, out=self.touched)
        touched[con] = True
        upd = touched.nonzero()[0]
        before = rel[upd]
        rel *= np.float32(1.0 - p["relation_decay_per_week"])
        rel[upd] = before + np.float32(p["relation_gain_per_contact"]) * (np.float32(1.0) - before)
        # Exposure fades without contact and builds with it (the factors process turns it into target shifts).
        doses = {}
        E = y.exposure
        E *= np.float32(1.0 - p["exposure_fade_per_week"])
        for k, form in enumerate(FORMS):
            rows = con[which == k]
            self.rows[form.name] = rows
            self.counts[form.name] = rows.size
            gain = min(p["exposure_gain_per_contact"] * effectiveness[form.effectiveness], 1.0)
            if form.dose:
                if not rows.size:
                    continue
                doses[k] = sjw_dose[y.school[rows]]  # float64: the signal probability below uses it as such
                gain = gain * doses[k]
            col = E[:, EXPOSURE_COLUMN[form.name]]
            e = col[rows]
            col[rows] = e + np.float32(gain) * (np.float32(1.0) - e) if np.isscalar(gain) else \
                e + (gain * (1.0 - e)).astype(np.float32)
            for risk, relief in form.risk_relief:
                model.factors.lower_risk(model, rows, risk, np.float32(p[relief]))
        # Signals: where u falls inside its form's interval is itself uniform; a contact signals rising risk
        # with probability signal_per_contact x relation (x SJW dose at school).
        cols = np.arange(con.size)
        lower, upper = bounds[which, cols], bounds[which + 1, cols]
        width = upper - lower
        v = (uc - lower) / width  # lower <= u < upper for a contacted youth, so width > 0
        q = p["signal_per_contact"] * rel[con]
        for k, dose in doses.items():
            q[which == k] *= dose
        quality = signal_quality or {}
        mult = np.array([quality.get(form.effectiveness, 1.0) for form in FORMS], np.float32)
        if (mult != 1.0).any():  # one gather instead of a mask per form (x 1 leaves the others exact)
            q *= mult[which]
        q *= 1.0 + p["po_familiarity_signal_gain"] * reach.known_from_po(model, con)
        # The youth worker notices rising risk of a youth with a (latent) need who is not in care.
        at_risk = y.risk_score[con] > model.scores.signal_threshold
        new_signal = con[(v < q) & at_risk & (y.need[con] > 0) & (y.jh_level[con] == 0)]
        y.signal_until[new_signal] = t + int(p["signal_weeks"])
        np.greater(y.signal_until, t, out=y.signalled)
        self.signals = new_signal.size
