"""The single parameter registry of jwsim.

Every number the model uses that is not read from ``data/`` lives here, with its unit, a plausible
range (used by the scenario validator, the sensitivity analysis and the calibration priors), its source
(an evidence ID from the project's evidence base, ``docs/evidence.md``, or the word *assumption*),
and the process that uses it. The CLI, scenario files, calibration, sensitivity analysis, docs and
the browser tooltips all read this one registry.

Weekly hazards are derived from yearly figures as ``1 - (1 - p_year) ** (1 / 52)``; that conversion
is done where a parameter is consumed, so the registry holds the numbers as sources state them.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

REGISTRY_VERSION = "2026.12.3"
# Evidence regimes: every effect parameter has a value under each (``Param.regime_value``). Comparisons are
# shown under all three; a difference whose sign is the same in all three is *robust*.
REGIMES = ("pessimistic", "central", "optimistic")
GRADES = {"A": "Dutch trial or meta-analysis", "B": "international meta-analysis",
          "C": "transferred from another setting or observational", "D": "assumption"}


class ParameterError(ValueError):
    """A parameter name or value that the registry does not accept."""


@dataclass(frozen=True)
class Param:
    """One registered parameter.

    Attributes:
        name: identifier used in code, scenario overrides and designs.
        value: default value.
        unit: unit of ``value``.
        low: lower end of the plausible range.
        high: upper end of the plausible range.
        source: evidence ID(s) and a short note, or text starting with ``assumption``.
        process: the model process that uses it.
        label_nl: short Dutch label for the app's tooltips.
        description: what it does in the model (English).
        calibrate: whether the calibration treats it as a free parameter.
        integer: whether only whole numbers are meaningful.
        grade: evidence grade of an *effect parameter* (an effect of youth work, care or signals): "A" a
            Dutch trial or meta-analysis, "B" an international meta-analysis, "C" transferred from another
            setting or observational, "D" an assumption. ``None`` for every other parameter.
        pessimistic: the effect parameter's value under the pessimistic evidence regime (for grades C and
            D the no-effect value); ``value`` is the central one.
        optimistic: its value under the optimistic evidence regime.

    """

    name: str
    value: float
    unit: str
    low: float
    high: float
    source: str
    process: str
    label_nl: str
    description: str
    calibrate: bool = False
    integer: bool = False
    grade: str | None = None
    pessimistic: float | None = None
    optimistic: float | None = None

    @property
    def is_effect(self) -> bool:
        """True for an effect parameter (it has an evidence grade and three regime values)."""
        return self.grade is not None

    def regime_value(self, regime: str) -> float:
        """Return the value under an evidence regime (the central value for a parameter without a grade)."""
        if regime not in REGIMES:
            raise ParameterError(f"unknown evidence regime '{regime}' (one of {', '.join(REGIMES)})")
        if self.grade is None or regime == "central":
            return self.value
        return self.pessimistic if regime == "pessimistic" else self.optimistic

    @property
    def is_assumption(self) -> bool:
        """True when the value is not backed by a cited figure."""
        return self.source.lower().startswith("assumption")

    def label(self, lang: str = "nl") -> str:
        """Return the short label in Dutch (``label_nl``) or English (``param_labels``; else the name)."""
        if lang == "nl":
            return self.label_nl
        from .param_labels import LABELS_EN  # noqa: PLC0415

        return LABELS_EN.get(self.name, self.name.replace("_", " "))


def _p(*args, **kwargs) -> Param:
    return Param(*args, **kwargs)


_PARAMS: tuple[Param, ...] = (
    # ------------------------------------------------------------------ population synthesis
    _p("vulnerable_share_10_19", 0.20, "share", 0.15, 0.25,
       "P6: Nota §5 / Stadsmonitor 2024, ~4,000 of ~20,000 aged 10-19", "population",
       "Aandeel kwetsbare jongeren", "Share of youths 10-19 growing up in a socially vulnerable situation; "
       "the synthesis solves the intercept so the city share equals this."),
    _p("vulnerable_deprivation_logit_slope", 2.5, "logit per unit index", 0.5, 4.0,
       "assumption: vulnerability concentrates in deprived wijken (A5: VVE share up to ~50% in "
       "Dukenburg/Lindenholt vs ~20% city-wide)", "population",
       "Samenhang kwetsbaarheid en achterstand wijk",
       "Logit slope of a youth's vulnerability probability on the wijk deprivation index."),
    _p("jv_share_vulnerable_boys", 0.12, "share", 0.05, 0.25,
       "assumption: the Jeugd & Veiligheid group is a small subgroup with strong street culture (Nota §3)",
       "population", "Aandeel Jeugd & Veiligheid (kwetsbare jongens)",
       "Probability that a vulnerable boy aged 12-23 belongs to the Jeugd & Veiligheid group."),
    _p("jv_share_other_boys", 0.012, "share", 0.0, 0.04, "assumption", "population",
       "Aandeel Jeugd & Veiligheid (overige jongens)",
       "Probability that a non-vulnerable boy aged 12-23 belongs to the Jeugd & Veiligheid group."),
    _p("jv_girls_relative", 0.25, "ratio", 0.1, 0.5,
       "B1.6: jeugdreclassering boys/girls 3.5x; F5: 3/4 of Halt referrals are boys", "population",
       "Relatief aandeel meisjes in J&V", "J&V probability of girls relative to boys."),
    _p("vo_in_city_share", 0.90, "share", 0.75, 0.98,
       "assumption: most Nijmegen residents aged 12-17 attend a Nijmegen VO school", "population",
       "Aandeel leerlingen op Nijmeegse school",
       "Share of resident VO pupils attending a school in the city."),
    _p("school_distance_km", 3.0, "km", 1.0, 8.0, "assumption: distance decay of school choice",
       "population", "Afstandsverval schoolkeuze",
       "Scale of the exponential distance decay in school assignment."),
    _p("mbo_share_16_17", 0.45, "share", 0.3, 0.6,
       "assumption: after VMBO (about half of pupils) youths move to MBO at 16", "population",
       "Aandeel MBO op 16-17 jaar", "Share of non-student 16-17-year-olds in MBO rather than VO."),
    _p("mbo_share_18_23", 0.40, "share", 0.25, 0.55, "assumption", "population",
       "Aandeel MBO op 18-23 jaar (niet-studenten)", "Share of non-HBO/WO residents 18-23 in MBO."),
    _p("inmigrant_student_share", 0.85, "share", 0.6, 0.95,
       "assumption: most youths moving to Nijmegen at 18-23 come to study (A2: 25% aged 18-30, students)",
       "demography", "Aandeel studenten onder instromers",
       "Share of in-migrants aged 18+ who are HBO/WO students."),
    _p("local_student_share_18", 0.25, "share", 0.1, 0.5,
       "assumption: local youths who start HBO/WO at 18 and stay in the city", "demography",
       "Aandeel lokale jongeren dat gaat studeren",
       "Probability a local 18-year-old becomes an HBO/WO student."),
    _p("neet_share_18_23", 0.10, "share", 0.05, 0.2,
       "assumption: youths neither in school nor work (NEET) aged 18-23", "population",
       "Aandeel zonder school of werk", "Share of non-student 18-23-year-olds neither in school nor work."),
    # ------------------------------------------------------------------ peer network and groups
    _p("friends_school", 3, "ties per youth (half-degree)", 1, 6, "assumption", "network",
       "Vriendschappen op school", "Friendship ring-lattice half-degree within school and age cohort.",
       integer=True),
    _p("friends_wijk", 2, "ties per youth (half-degree)", 1, 5, "assumption", "network",
       "Vriendschappen in de wijk", "Friendship ring-lattice half-degree within wijk and age band.",
       integer=True),
    _p("street_group_size", 8, "youths", 4, 15,
       "assumption: F-N4 police shortlist groups are typically 5-15 youths", "network",
       "Grootte straatgroep", "Target size of a street group formed from street-active friends.",
       integer=True),
    _p("street_active_threshold", 0.45, "street propensity", 0.3, 0.7, "assumption", "network",
       "Drempel straatactief",
       "Street propensity above which a youth aged 12-21 hangs out in street groups."),
    _p("group_turnover_leave_per_year", 0.25, "1/year", 0.1, 0.5,
       "assumption: street groups are stable over years with part of the members changing (F-N4 shortlist "
       "groups known for years)", "network", "Uitstroom uit straatgroep per jaar",
       "Yearly probability that a still street-active member leaves the group (moves on, other friends)."),
    _p("group_centre_share_older", 0.15, "share", 0.0, 0.4,
       "assumption: some groups of older youths hang out in the city centre", "network",
       "Aandeel oudere groepen in het centrum",
       "Share of new street groups of members aged 16+ (mean) whose place is the city centre."),
    _p("problem_group_threshold", 0.35, "mean delinquency", 0.2, 0.6,
       "assumption: problematische jeugdgroep when the members' mean delinquency score exceeds this",
       "nuisance", "Drempel problematische jeugdgroep",
       "Mean delinquency score above which a street group counts as a problematic youth group."),
    # ------------------------------------------------------------------ places (leisure time by place)
    _p("leisure_home_share_age10", 0.8, "share", 0.6, 0.9,
       "assumption: children of 10 spend most leisure time near home (routine activities; no Dutch "
       "time-use figure per wijk)", "places", "Vrije tijd in eigen wijk (10 jaar)",
       "Share of leisure time a 10-year-old spends in the own wijk."),
    _p("leisure_home_share_decline_per_year", 0.03, "share/year of age", 0.01, 0.045,
       "assumption: the activity space widens with age (bike, secondary school, going out)", "places",
       "Afname vrije tijd in eigen wijk per levensjaar",
       "Yearly decline with age of the share of leisure time in the own wijk."),
    _p("leisure_range_km_young", 1.5, "km", 0.5, 3.0,
       "assumption: distance decay of leisure trips below 16 (cycling distance)", "places",
       "Actieradius jonger dan 16", "Distance scale of the gravity model for youths under 16."),
    _p("leisure_range_km_older", 3.0, "km", 1.5, 6.0,
       "assumption: distance decay of leisure trips from 16 (the whole city within cycling distance)",
       "places",
       "Actieradius vanaf 16", "Distance scale of the gravity model for youths aged 16 and over."),
    _p("leisure_centre_weight_young", 0.2, "relative attraction", 0.0, 1.0,
       "assumption: the centre draws youths under 16 less than their peers' wijken", "places",
       "Aantrekking centrum jonger dan 16",
       "Attraction of the city centre (shops, horeca) relative to the peers' wijken, under 16."),
    _p("leisure_centre_weight_older", 1.0, "relative attraction", 0.3, 3.0,
       "assumption: from 16 the centre's shops and horeca weigh as much as all peers' wijken together",
       "places", "Aantrekking centrum vanaf 16",
       "Attraction of the city centre relative to the peers' wijken, from 16."),
    _p("leisure_school_weight", 0.3, "relative attraction", 0.0, 1.0,
       "assumption: pupils spend time around their school before and after classes", "places",
       "Aantrekking scholen 12-17",
       "Attraction of secondary-school locations (pupils) relative to the peers' wijken, ages 12-17."),
    _p("event_leisure_share", 0.3, "share", 0.1, 0.6,
       "assumption: share of the week's leisure time an event of intensity 1 draws to its place", "places",
       "Vrije tijd naar evenement", "Share of leisure time moved to an event's place (times its intensity)."),
    # ------------------------------------------------------------------ composite scores
    _p("risk_weight_mental", 0.35, "weight", 0.2, 0.5,
       "assumption: mental strain weighs most in the risk of needing youth care (B3.2 inflow profiles)",
       "scores", "Gewicht mentale druk in risicoscore",
       "Weight of mental strain in the composite risk score (jeugdhulp entry and level, signals, IB intake, "
       "dropout)."),
    _p("risk_weight_loneliness", 0.15, "weight", 0.05, 0.3, "assumption", "scores",
       "Gewicht eenzaamheid in risicoscore", "Weight of loneliness in the composite risk score."),
    _p("risk_weight_family", 0.2, "weight", 0.1, 0.3, "assumption", "scores",
       "Gewicht gezinsstress in risicoscore", "Weight of family stress in the composite risk score."),
    _p("risk_weight_debt", 0.1, "weight", 0.0, 0.2, "assumption", "scores",
       "Gewicht schulden in risicoscore", "Weight of debt stress in the composite risk score."),
    _p("risk_weight_online", 0.1, "weight", 0.0, 0.2, "assumption", "scores",
       "Gewicht online risico in risicoscore", "Weight of online risk in the composite risk score."),
    _p("risk_weight_peers", 0.1, "weight", 0.0, 0.2, "assumption", "scores",
       "Gewicht delinquente vrienden in risicoscore",
       "Weight of delinquent peers in the composite risk score."),
    _p("delinquency_weight_peers", 0.3, "weight", 0.15, 0.45,
       "assumption: I9.4/I9.5 delinquent peers are among the strongest risk factors of delinquency", "scores",
       "Gewicht delinquente vrienden in delinquentiescore",
       "Weight of delinquent peers in the delinquency score (nuisance, crime, SWF intake, problem groups)."),
    _p("delinquency_weight_norms", 0.2, "weight", 0.1, 0.3, "assumption: I9.4 low pro-social norms", "scores",
       "Gewicht lage prosociale normen", "Weight of (1 - pro-social norms) in the delinquency score."),
    _p("delinquency_weight_family", 0.15, "weight", 0.05, 0.25, "assumption", "scores",
       "Gewicht gezinsstress in delinquentiescore", "Weight of family stress in the delinquency score."),
    _p("delinquency_weight_jv", 0.2, "weight", 0.1, 0.3,
       "assumption: street culture of the Jeugd & Veiligheid group (Nota §3)", "scores",
       "Gewicht Jeugd & Veiligheid", "Weight of Jeugd & Veiligheid membership in the delinquency score."),
    _p("delinquency_weight_registered", 0.15, "weight", 0.05, 0.25,
       "assumption: I9.4 criminal history predicts delinquency", "scores",
       "Gewicht eerdere registratie", "Weight of an earlier police registration in the delinquency score."),
    _p("signal_risk_percentile", 0.8, "quantile", 0.7, 0.9,
       "assumption: youth workers signal rising risk of the top fifth (ODD: sensing)", "scores",
       "Signaleringsdrempel (percentiel risico)",
       "Quantile of the initial risk score above which a youth-work contact can produce a signal."),
    # ------------------------------------------------------------------ factor dynamics
    _p("factor_relaxation_per_week", 1 / 26, "1/week", 1 / 78, 1 / 8,
       "assumption: gains fade with a half-life of ~4 months (PYD effects fade, I3.1)", "factors",
       "Terugval naar basisniveau", "Weekly relaxation rate of every factor towards its personal baseline."),
    _p("protective_individual_sd", 0.12, "factor units", 0.05, 0.2, "assumption", "factors",
       "Spreiding beschermende factoren", "SD of the personal baseline of each protective factor."),
    _p("protective_vulnerable_shift", -0.12, "factor units", -0.25, -0.03,
       "assumption: protective factors lower in vulnerable situations (NJI; B3.2 high-risk profiles)",
       "factors", "Achterstand kwetsbare jongeren",
       "Shift of protective baselines for vulnerable youths."),
    _p("protective_deprivation_shift", -0.06, "factor units per index", -0.15, 0.0, "assumption",
       "factors", "Effect wijkachterstand", "Shift of protective baselines per unit wijk deprivation."),
    _p("risk_protection_coupling", 0.5, "risk per protective unit", 0.1, 1.0,
       "I9.1: school connectedness g=-0.35 on mental health and violence", "factors",
       "Koppeling bescherming-risico",
       "How much a rise in mean protective factors lowers the targets of mental strain and loneliness."),
    _p("risk_weekly_noise_sd", 0.04, "factor units", 0.01, 0.08, "assumption", "factors",
       "Wekelijkse schommeling", "Weekly noise of mental strain and loneliness."),
    _p("mental_family_coupling", 0.3, "factor units per unit", 0.1, 0.5,
       "assumption: family stress above its baseline raises mental strain", "factors",
       "Doorwerking gezinsstress op mentale druk",
       "Rise of the mental-strain target per unit of family stress above its baseline."),
    _p("peer_relaxation_multiplier", 4.0, "ratio", 2.0, 8.0,
       "assumption: the delinquent-peers factor follows the friends within weeks (I9.5)", "factors",
       "Snelheid invloed vrienden",
       "How many times faster than the other factors delinquent peers move towards the friends' mean."),
    _p("mental_strain_base", 0.3312, "factor units", 0.2, 0.5,
       "calibrated (see docs/calibration.md); was 0.33; "
       "target C1: 30.5% of 12-16 with mental problems (HBSC 2021)", "factors",
       "Basisniveau mentale druk", "Mean baseline mental strain of a non-vulnerable boy.", calibrate=True),
    _p("mental_strain_girls", 0.10, "factor units", 0.03, 0.2,
       "C1: girls 39.8% vs boys 21.5% with mental problems", "factors",
       "Extra mentale druk meisjes", "Extra baseline mental strain of girls."),
    _p("mental_problem_threshold", 0.5, "factor units", 0.4, 0.6,
       "definition: SDQ-like 'mental problems' = mental strain above this", "outcomes",
       "Drempel psychische problemen", "Mental strain above which a youth counts as having mental problems."),
    _p("loneliness_base", 0.342, "factor units", 0.15, 0.45,
       "calibrated (see docs/calibration.md); SMM 2026-12-03, was 0.3419; "
       "target C9: ~14% strongly lonely 15-25",
       "factors", "Basisniveau eenzaamheid", "Mean baseline loneliness.", calibrate=True),
    _p("loneliness_threshold", 0.55, "factor units", 0.45, 0.7, "definition: strong emotional loneliness",
       "outcomes", "Drempel sterke eenzaamheid", "Loneliness above which a youth is strongly lonely."),
    _p("debt_base_18_23", 0.3632, "factor units", 0.2, 0.5,
       "calibrated (see docs/calibration.md); SMM 2026-12-04, was 0.3631; "
       "target D3: ~20% of 18-24 with arrears",
       "factors", "Basisniveau schulden 18+", "Mean debt-stress target of youths 18-23 (16-17: 40% of it; "
       "under 16: 0).", calibrate=True),
    _p("debt_threshold", 0.5, "factor units", 0.4, 0.6, "definition: payment arrears", "outcomes",
       "Drempel betalingsachterstand", "Debt stress above which a youth has payment arrears."),
    _p("peer_influence", 0.5, "weight", 0.2, 0.8,
       "I9.5: delinquent friends explain part of delinquency trends (MZJ cohorts)", "factors",
       "Invloed vrienden", "Weight of the street group in the delinquent-peers factor (rest: friends)."),
    # ------------------------------------------------------------------ life events
    _p("family_crisis_per_year", 0.05, "1/year", 0.02, 0.10, "assumption", "life_events",
       "Kans op gezinscrisis", "Yearly probability of a family crisis (x2.5 in vulnerable households)."),
    _p("debt_shock_per_year", 0.08, "1/year", 0.03, 0.15, "D5: 37% of MBO students 18+ have a debt",
       "life_events", "Kans op schuldenschok (16+)", "Yearly probability of a debt shock for youths 16+."),
    _p("online_incident_per_year", 0.08, "1/year", 0.03, 0.15, "assumption", "life_events",
       "Kans op online incident", "Yearly probability of an online incident (bullying, sextortion, scams)."),
    _p("shock_size", 0.30, "factor units", 0.15, 0.5, "assumption", "life_events",
       "Grootte van een schok", "Jump of the affected risk factor after a life event."),
    _p("family_crisis_vulnerable_ratio", 2.5, "ratio", 1.5, 4.0,
       "assumption: in line with B3.2's high-risk inflow profiles", "life_events",
       "Gezinscrisis in kwetsbare gezinnen",
       "Family-crisis rate in vulnerable households relative to other households."),
    _p("family_crisis_mental_ratio", 3.0, "ratio", 1.5, 6.0, "assumption", "life_events",
       "Verhouding gezinsstress/mentale druk bij crisis",
       "A family crisis raises family stress by shock_size and mental strain by shock_size / this ratio."),
    # ------------------------------------------------------------------ youth-work delivery
    _p("hours_per_fte", 36.0, "hours/week", 36.0, 36.0, "CAO Sociaal Werk 2023-2025: 36-hour week (H1)",
       "youthwork", "Uren per FTE", "Contract hours per FTE per week."),
    _p("direct_share", 0.60, "share", 0.45, 0.75,
       "assumption: share of hours in direct contact (rest: travel, reporting, overleg)", "youthwork",
       "Aandeel directe contacttijd", "Share of hours spent in direct contact with youths."),
    _p("sjw_direct_share", 0.80, "share", 0.6, 0.9,
       "assumption: SJW hours are presence at school; P8-INF3 assumes all 36 h at school", "youthwork",
       "Aandeel SJW-uren op school", "Share of an SJW worker's hours spent present at school."),
    _p("working_weeks_per_year", 46, "weeks", 42, 48,
       "assumption: 52 weeks minus holidays and absence", "youthwork", "Werkweken per jaar",
       "Weeks per year a worker delivers contact time (hours are spread over the year).", integer=True),
    _p("ambulant_contacts_per_hour", 3.0, "contacts/hour", 1.0, 6.0,
       "assumption: I5.3 Den Bosch 6 FTE ~200 h/week street presence", "youthwork",
       "Contacten per uur ambulant", "Street contacts per ambulant contact hour."),
    _p("wijk_contacts_per_hour", 2.5, "contacts/hour", 1.0, 5.0, "assumption", "youthwork",
       "Contacten per uur wijkwerk", "Youth contacts per hour of wijk-based work (activities, meidenwerk)."),
    _p("sjw_contacts_per_hour", 3.0, "contacts/hour", 1.0, 6.0, "assumption", "youthwork",
       "Contacten per uur SJW", "Pupil contacts per SJW hour at school."),
    _p("relation_gain_per_contact", 0.15, "share of gap", 0.05, 0.3,
       "assumption: I1.1 meaningful relation builds over months of participation", "youthwork",
       "Opbouw relatie per contact", "Share of the gap to a full relation closed by one contact."),
    _p("relation_decay_per_week", 0.03, "1/week", 0.01, 0.08, "assumption", "youthwork",
       "Afname relatie zonder contact", "Weekly decay of the relation without contact."),
    _p("meaningful_relation", 0.3, "relation strength", 0.2, 0.5, "definition", "youthwork",
       "Drempel betekenisvolle relatie", "Relation strength counted as a meaningful relation."),
    _p("targeting_selective_weight", 3.0, "weight", 1.0, 6.0,
       "Nota §5: focus on the ~20% in vulnerable situations (selective prevention)", "youthwork",
       "Gewicht selectieve inzet", "Extra contact weight of vulnerable youths under selective targeting."),
    _p("street_reach_student_relative", 0.3, "ratio", 0.1, 0.6,
       "assumption: HBO/WO students spend little time in the wijk's public space", "youthwork",
       "Bereik studenten ambulant", "Ambulant contact weight of HBO/WO students relative to other youths."),
    _p("wijk_reach_student_relative", 0.1, "ratio", 0.0, 0.3,
       "assumption: wijk work hardly reaches HBO/WO students", "youthwork", "Bereik studenten wijkwerk",
       "Wijk-work contact weight of HBO/WO students relative to other youths."),
    _p("need_deprivation_offset", 0.5, "index units", 0.1, 1.0,
       "assumption: priority by need weighs wijken by (offset + deprivation index)", "youthwork",
       "Basisgewicht wijk bij inzet naar behoefte",
       "Under need priority, hours per wijk are proportional to its youths x (offset + deprivation index)."),
    _p("need_vulnerable_weight", 2.0, "extra weight", 1.0, 4.0,
       "assumption: Nota §5 prioritises youths in a vulnerable situation", "youthwork",
       "Extra gewicht kwetsbare jongeren bij inzet naar behoefte",
       "Under need priority, a vulnerable youth counts 1 + this in the wijk's share of wijk-work hours."),
    _p("exposure_gain_per_contact", 0.2, "share of gap", 0.05, 0.5,
       "assumption: exposure to a work form builds over a few contacts (I1.1: months of participation)",
       "youthwork", "Opbouw blootstelling per contact",
       "Share of the gap to full exposure to a work form closed by one contact (x effectiveness, "
       "x SJW dose)."),
    _p("exposure_fade_per_week", 1 / 26, "1/week", 1 / 78, 1 / 8,
       "assumption: PYD and mentoring effects fade after participation ends (I3.1)", "youthwork",
       "Afname blootstelling zonder contact", "Weekly fade of the exposure to a work form without contact."),
    _p("d_ambulant", 0.03, "SD at full exposure", 0.0, 0.1,
       "I5.1: outreach evidence inconclusive (Filges 2022); transferred", "youthwork",
       "Effect ambulant werk op normen, erkenning, steun",
       "Effect size of ambulant work on pro-social norms, recognition and adult support.",
       grade="C", pessimistic=0.0, optimistic=0.08),
    _p("d_sjw", 0.1, "SD at full exposure", 0.0, 0.3,
       "I2.4: school-based mentoring d ~0.25 on absence/misconduct (Herrera 2007); SJW is not mentoring: "
       "transferred", "youthwork", "Effect SJW op schoolmotivatie en binding",
       "Effect size of school youth work on school motivation and social bonding (x the 12 h dose-response).",
       grade="C", pessimistic=0.0, optimistic=0.25),
    _p("d_wijk", 0.07, "SD at full exposure", 0.0, 0.15,
       "I3.1: positive youth development d 0.05-0.1 on adjustment, ~0 on problem behaviour (Ciocanel 2017)",
       "youthwork", "Effect wijkwerk op vrije tijd, betrokkenheid, competenties, identiteit",
       "Effect size of wijk work on leisure, involvement, competences and identity.",
       grade="B", pessimistic=0.0, optimistic=0.1),
    _p("d_vso", 0.1, "SD at full exposure", 0.0, 0.3,
       "I2.4 transferred: school-based coaching at VSO schools", "youthwork",
       "Effect jeugdcoaches VSO op schoolmotivatie, steun, normen",
       "Effect size of the jeugdcoaches at VSO schools on school motivation, adult support and norms.",
       grade="C", pessimistic=0.0, optimistic=0.2),
    _p("d_ib", 0.2, "SD at full exposure", 0.05, 0.35,
       "I2.1-I2.3: mentoring d ~0.21 (Raposa 2019, DuBois 2011); at-risk youth 0.11-0.29 (Tolan 2013)",
       "youthwork", "Effect IB op binding, steun, competenties, identiteit, normen, betrokkenheid",
       "Effect size of individual guidance on bonding, adult support, competences, identity, norms and "
       "involvement.", grade="B", pessimistic=0.11, optimistic=0.29),
    _p("d_swf", 0.2, "SD at full exposure", 0.05, 0.35,
       "I2.1-I2.3 mentoring, I7.1 dropout programmes (Wilson 2011): coaching, sport and homework support",
       "youthwork", "Effect SWF op schoolmotivatie, competenties, normen, vrije tijd, steun",
       "Effect size of School-Werk-Fit on school motivation, competences, norms, leisure and adult support.",
       grade="B", pessimistic=0.11, optimistic=0.29),
    _p("d_relation_steun", 0.2, "SD at relation 1", 0.0, 0.45,
       "assumption, observational support: natural mentors r .11 (presence) and .21 (quality) with youth "
       "outcomes (van Dam et al. 2018) -> d up to 0.43",
       "factors", "Effect vertrouwde volwassene op steun van volwassenen",
       "Shift of adult support (one NJI factor) per unit of relation with a youth worker.",
       grade="C", pessimistic=0.0, optimistic=0.43),
    _p("sjw_dose_threshold_hours", 12.0, "hours/school/week", 6.0, 18.0,
       "P5/I1.5: Nota says < 12 h has too little impact (Youth Spot study not found): a hypothesis",
       "youthwork", "SJW-drempel (uren per school)", "Hours per school per week at which SJW reaches half "
       "of its full effectiveness (logistic dose-response)."),
    _p("sjw_dose_width_hours", 2.0, "hours", 0.5, 6.0, "assumption: steepness of the dose-response",
       "youthwork", "Steilheid SJW-dosisrespons",
       "Width of the logistic SJW dose-response around the threshold."),
    _p("ib_hours_per_youth", 3.0, "hours/week", 2.0, 5.0,
       "calibrated so that 3 FTE serves 40-50 youths a year (P4, P4-INF)", "youthwork",
       "Uren per IB-jongere per week", "Direct hours per youth in individual guidance."),
    _p("ib_mean_weeks", 26, "weeks", 13, 52, "assumption: I1.2 trajectories of months", "youthwork",
       "Gemiddelde duur IB", "Mean duration of an individual-guidance trajectory.", integer=True),
    _p("ib_intake_in_care_bonus", 0.3, "risk units", 0.0, 0.6,
       "assumption: Nota §1.4 IB as a normalising alternative for youths in care", "youthwork",
       "Voorrang IB voor jongeren in jeugdhulp",
       "Added to the risk score of youths in (light or specialist) care when IB chooses its intake."),
    _p("ib_intake_vulnerable_bonus", 0.2, "risk units", 0.0, 0.4,
       "assumption: Nota §5 selective prevention", "youthwork", "Voorrang IB voor kwetsbare jongeren",
       "Added to the risk score of vulnerable youths when IB chooses its intake."),
    _p("ib_debt_relief_per_week", 0.01, "factor units/week", 0.0, 0.02,
       "assumption: financial coaching is part of IB (Nota §1.4)", "youthwork", "Schuldhulp in IB",
       "Weekly fall of debt stress of youths aged 16+ in IB.",
       grade="D", pessimistic=0.0, optimistic=0.02),
    _p("swf_hours_per_youth", 1.5, "hours/week", 1.0, 6.0,
       "assumption: SWF is largely group work (sport, homework support in groups of ~6) plus individual "
       "coaching (Nota §3.2): ~1 h of group time and ~0.5 h one-to-one a youth a week", "youthwork",
       "Uren per SWF-jongere per week", "Direct hours per youth in School-Werk-Fit."),
    _p("swf_mean_weeks", 26, "weeks", 13, 60,
       "assumption: one school half-year back on the rails, then into school or work (Nota §3.2)",
       "youthwork", "Gemiddelde duur SWF", "Mean duration of a School-Werk-Fit trajectory.", integer=True),
    _p("swf_at_risk_motivation_gap", 0.1, "factor units", 0.0, 0.3,
       "assumption: a pupil at risk of dropping out (absence, low motivation) has school motivation this "
       "far below the city's mean", "youthwork", "Uitvalrisico: achterstand schoolmotivatie",
       "SWF intake criterion for pupils: school motivation below the city mean by at least this."),
    _p("swf_intake_in_care_bonus", 0.2, "delinquency units", 0.0, 0.5,
       "assumption: Nota §3.2 SWF more often for youths in individual jeugdhulp better served by SWF",
       "youthwork", "Voorrang SWF voor jongeren in jeugdhulp",
       "Added to the SWF priority of Jeugd & Veiligheid youths in light or specialist care."),
    _p("swf_vso_share", 0.30, "share", 0.1, 0.5,
       "assumption: part of the 4.5 FTE goes to the VSO schools (Nota §3.3)", "youthwork",
       "Aandeel SWF-uren op het VSO", "Share of the SWF FTE spent at the VSO schools."),
    _p("swf_intake_dropout_bonus", 0.5, "delinquency units", 0.2, 1.0,
       "assumption: Nota §3.2 SWF leads dropouts back to school or work", "youthwork",
       "Voorrang SWF voor schooluitvallers",
       "Added to the delinquency score of dropouts when SWF chooses its intake."),
    _p("programme_min_weeks", 4, "weeks", 2, 8, "assumption: a trajectory lasts at least a month",
       "youthwork", "Minimale duur IB/SWF", "Shortest IB or SWF trajectory.", integer=True),
    _p("swf_dropout_odds_ratio", 1.7, "odds ratio", 1.0, 2.2,
       "I7.1: dropout prevention OR 1.72 on completion (Wilson et al. 2011)", "school",
       "Effect SWF op schooluitval", "Completion odds ratio of SWF participation.",
       grade="B", pessimistic=1.2, optimistic=2.2),
    _p("swf_return_per_week", 0.03, "1/week", 0.0, 0.06,
       "assumption: Nota §3.2 SWF leads youths back to school or work", "school",
       "Terugkeer naar school/werk (SWF)", "Weekly probability a dropout in SWF returns to school or work.",
       grade="D", pessimistic=0.0, optimistic=0.05),
    _p("skq_mbo_per_year", 0.35, "1/year", 0.2, 0.5,
       "assumption: MBO-2 takes 1-2 years, MBO-3/4 3-4 years; a diploma of MBO-2 or higher is a "
       "startkwalificatie", "school", "Startkwalificatie in het MBO (per jaar)",
       "Yearly probability an MBO pupil of 17+ completes MBO-2 or higher (obtains a startkwalificatie)."),
    _p("skq_work_share", 0.5, "share", 0.2, 0.8,
       "assumption: part of the working 18-23-year-olds has a startkwalificatie", "school",
       "Startkwalificatie bij werkenden (start)",
       "Share of working youths (18+) with a startkwalificatie at the warm start and on arrival."),
    _p("signal_weeks", 26, "weeks", 8, 52,
       "assumption: a signal leads to help within about half a year or lapses",
       "youthwork", "Geldigheid signaal", "Weeks a youth worker's signal keeps accelerating entry into help.",
       integer=True),
    _p("signal_per_contact", 0.08, "probability", 0.02, 0.2,
       "I1.1: in 22% of routes to help the youth worker was involved", "youthwork",
       "Signaleringskans per contact", "Probability a contact with a youth at high risk leads to a signal "
       "(early, lighter help)."),
    _p("vakmanschap_half_share", 0.05, "share of FTE", 0.02, 0.15, "assumption", "youthwork",
       "Halfwaarde vakmanschap",
       "Share of FTE on vakmanschap that yields half of its full effect on the paths below (diminishing "
       "returns: level = 1 - 2^(-share / half-value))."),
    _p("vakmanschap_targeting_gain", 0.3, "relative extra weight", 0.0, 0.6,
       "assumption: Nota §4 training and method development sharpen whom the work reaches (selective "
       "prevention, §5)", "youthwork", "Vakmanschap: bereik kwetsbare jongeren",
       "Path 'targeting accuracy': at full vakmanschap the extra contact weight of vulnerable (and, for the "
       "ambulant team, Jeugd & Veiligheid) youths under selective targeting is (1 + this) times larger.",
       grade="D", pessimistic=0.0, optimistic=0.6),
    _p("vakmanschap_signal_gain", 0.25, "relative signal probability", 0.0, 0.5,
       "assumption: Nota §4 expertise on signalling (e.g. debts §1.4, radicalisation §1.7)", "youthwork",
       "Vakmanschap: kwaliteit signalen",
       "Path 'signal quality': at full vakmanschap a contact with a youth at high risk signals (1 + this) "
       "times as often.", grade="D", pessimistic=0.0, optimistic=0.5),
    _p("ambulant_investment_group_gain", 0.3, "relative effect", 0.0, 0.6,
       "assumption: Nota §3.1/§9 EUR 250k for development and aansturing of the joint ambulant team "
       "(Preventie met Gezag; method with J.D. de Jong): a group approach", "youthwork",
       "Investering ambulant team: groepsaanpak",
       "Path 'group approach': with the full investment the ambulant team reaches street-group members "
       "(1 + this) times as often, and its presence lowers nuisance (1 + this) times as much.",
       grade="D", pessimistic=0.0, optimistic=0.6),
    _p("ambulant_investment_signal_gain", 0.25, "relative signal probability", 0.0, 0.5,
       "assumption: Nota §9 the investment in the ambulant team's deskundigheid", "youthwork",
       "Investering ambulant team: kwaliteit signalen",
       "Path 'signal quality' of the ambulant team: with the full investment an ambulant contact with a "
       "youth at high risk signals (1 + this) times as often.", grade="D", pessimistic=0.0, optimistic=0.5),
    _p("ambulant_team_investment_full_eur", 250_000.0, "EUR/year", 250_000.0, 250_000.0,
       "Nota §9: EUR 250k a year for development and aansturing of the ambulant team", "youthwork",
       "Volledige investering ambulant team",
       "Yearly investment at which the ambulant team reaches its full investment gain (less: pro rata)."),
    _p("vakmanschap_buildup_weeks", 52, "weeks", 26, 104,
       "assumption: training and method development take about a year to pay off", "youthwork",
       "Opbouwtijd vakmanschap",
       "Time constant with which vakmanschap and the team investment approach their effect.", integer=True),
    # ------------------------------------------------------------ levers of the note: PO, Noord, wijk parts
    _p("po_contacts_per_hour", 4.0, "contacts/hour", 1.0, 8.0,
       "assumption: class visits and kinderwerk activities with groep 7/8 (Nota §1.3) reach several "
       "children an hour", "youthwork", "Contacten per uur jongerenwerk po",
       "Contacts with 10-11-year-olds per hour of primary-school youth work."),
    _p("po_familiarity_per_contact", 0.3, "share of gap", 0.1, 0.6,
       "assumption: Nota §1.3 pupils of groep 8 get to know the youth worker of their wijk", "youthwork",
       "Bekendheid per contact in het po",
       "Share of the gap to full familiarity with youth work closed by one primary-school contact; kept "
       "from the transition to VO (12) on."),
    _p("po_familiar_threshold", 0.5, "familiarity", 0.3, 0.7, "definition: familiar with youth work from "
       "primary school (reported share)", "youthwork", "Drempel bekend met jongerenwerk",
       "Familiarity from which a youth counts as familiar with youth work in the reported share."),
    _p("po_familiarity_reach_gain", 0.5, "relative contact weight", 0.0, 1.0,
       "assumption: a known youth worker is easier to approach at the transition to VO (Nota §1.3)",
       "youthwork", "Bekendheid: bereik in het vo",
       "Extra SJW and wijk-work contact weight of a fully familiar youth aged 12-15 (x (1 + this)).",
       grade="D", pessimistic=0.0, optimistic=1.0),
    _p("po_familiarity_signal_gain", 0.5, "relative signal probability", 0.0, 1.0,
       "assumption: youths who know the worker from primary school tell earlier (Nota §1.3)", "youthwork",
       "Bekendheid: eerder signaal",
       "Extra signal probability of a contact with a fully familiar youth aged 12-15 (x (1 + this)).",
       grade="D", pessimistic=0.0, optimistic=1.0),
    _p("d_po", 0.05, "SD at full exposure", 0.0, 0.12,
       "I3.1: positive youth development d 0.05-0.1 on adjustment (Ciocanel 2017), transferred to pupils "
       "of groep 7/8", "youthwork", "Effect jongerenwerk po op binding, vrije tijd, steun",
       "Effect size of primary-school youth work on social bonding, constructive leisure and adult support.",
       grade="C", pessimistic=0.0, optimistic=0.1),
    _p("wijk_share_meidenwerk", 0.15, "share of wijk FTE", 0.0, 0.3,
       "assumption: Nota §1.6 meidenwerk as its own track; no split given", "youthwork",
       "Aandeel meidenwerk in wijkwerk", "Default share of the wijk FTE spent on meidenwerk."),
    _p("wijk_share_online", 0.10, "share of wijk FTE", 0.0, 0.3,
       "assumption: Nota §1.2 online presence; no split given", "youthwork",
       "Aandeel online jongerenwerk in wijkwerk",
       "Default share of the wijk FTE spent on online youth work."),
    _p("wijk_share_schulden", 0.10, "share of wijk FTE", 0.0, 0.3,
       "assumption: Nota §1.4-§1.5 debts, information and advice; no split given", "youthwork",
       "Aandeel schulden/informatie en advies in wijkwerk",
       "Default share of the wijk FTE spent on debts, information and advice (the rest of the wijk FTE: "
       "participation and activities)."),
    _p("meiden_contacts_per_hour", 2.0, "contacts/hour", 1.0, 4.0,
       "assumption: meidenwerk works in small groups", "youthwork", "Contacten per uur meidenwerk",
       "Contacts with girls per hour of meidenwerk."),
    _p("d_meiden", 0.07, "SD at full exposure", 0.0, 0.15,
       "Nota ref. 29 (Metz et al., meidenwerk as a method): practice-based, observational; transferred "
       "from positive youth development (I3.1)", "youthwork",
       "Effect meidenwerk op identiteit, competenties, binding",
       "Effect size of meidenwerk on positive identity, competences and social bonding.",
       grade="C", pessimistic=0.0, optimistic=0.12),
    _p("meiden_mental_relief_per_contact", 0.004, "factor units/contact", 0.0, 0.01,
       "assumption: a girls' own group lowers mental strain (Nota §1.6)", "youthwork",
       "Meidenwerk: minder mentale druk", "Fall of mental strain with one meidenwerk contact.",
       grade="D", pessimistic=0.0, optimistic=0.008),
    _p("online_contacts_per_hour", 6.0, "contacts/hour", 2.0, 12.0,
       "assumption: online presence (chats, social media) reaches more youths an hour (Nota §1.2)",
       "youthwork", "Contacten per uur online jongerenwerk",
       "Contacts per hour of online youth work with youths aged 12-23 (more with those at online risk)."),
    _p("d_online", 0.03, "SD at full exposure", 0.0, 0.08,
       "assumption: NJI handreiking online jongerenwerk (Nota ref. 20): a reachable adult online",
       "youthwork", "Effect online jongerenwerk op steun",
       "Effect size of online youth work on adult support.", grade="D", pessimistic=0.0, optimistic=0.06),
    _p("online_risk_relief_per_contact", 0.01, "factor units/contact", 0.0, 0.02,
       "assumption: Nota §1.2 online risks (chantage, pesten, sexting) met by a youth worker online",
       "youthwork", "Online jongerenwerk: minder online risico",
       "Fall of online risk with one online contact.", grade="D", pessimistic=0.0, optimistic=0.02),
    _p("online_loneliness_relief_per_contact", 0.004, "factor units/contact", 0.0, 0.01,
       "assumption: online contact lowers loneliness a little", "youthwork",
       "Online jongerenwerk: minder eenzaamheid", "Fall of loneliness with one online contact.",
       grade="D", pessimistic=0.0, optimistic=0.008),
    _p("online_reach_risk_weight", 2.0, "extra weight per unit online risk", 0.0, 4.0,
       "assumption: online youth work meets youths where online risk is", "youthwork",
       "Online bereik naar online risico",
       "Online contact weight of a youth: 1 + this x online risk at the yearly reweighting."),
    _p("schulden_contacts_per_hour", 1.5, "contacts/hour", 0.5, 3.0,
       "assumption: information and advice is mostly one-to-one (Nota §1.5)", "youthwork",
       "Contacten per uur schulden/informatie en advies",
       "Contacts with youths aged 18-23 per hour of debt, information and advice work."),
    _p("d_schulden", 0.03, "SD at full exposure", 0.0, 0.08,
       "assumption: information and advice as adult support", "youthwork",
       "Effect informatie en advies op steun",
       "Effect size of debt, information and advice work on adult support.",
       grade="D", pessimistic=0.0, optimistic=0.06),
    _p("schulden_debt_relief_per_contact", 0.03, "factor units/contact", 0.0, 0.06,
       "Nota §1.4 (financial coaches, schuldhulpmaatjes, 'Fix je shit'); observational evidence on "
       "financial coaching", "youthwork", "Schuldenwerk: minder schuldenstress",
       "Fall of debt stress of a youth in payment arrears with one contact (a signal to debt help).",
       grade="C", pessimistic=0.0, optimistic=0.06),
    _p("ambulant_event_boost", 1.5, "ratio", 1.0, 3.0, "Nota §3: presence at risk moments", "youthwork",
       "Extra ambulante inzet bij risicomomenten",
       "Hours multiplier in event weeks (annual hours conserved)."),
    # ------------------------------------------------------------------ jeugdhulp
    # ------------------------------------------------------------------ latent need
    _p("need_onset_per_year", 0.09164, "1/year", 0.02, 0.2,
       "calibrated (see docs/calibration.md); SMM 2026-12-04 (need at the start from each youth's history), "
       "was 0.08678; inflow ~4% persons a year (B3.1) "
       "and jeugdhulp prevalence (B1-N2)",
       "need", "Ontstaan zorgbehoefte", "Yearly onset of (mild) need of a boy at the peak age at the "
       "population's "
       "mean risk and protection scores.", calibrate=True),
    _p("need_onset_age10_relative", 0.85, "ratio", 0.3, 1.0,
       "CBS B1.4: boys' use peaks at 8-12 (~22% of users are 8-12), so boys' onset at 10 is close to its "
       "peak (girls' later rise is need_onset_girls_*); assumption: the value (was 0.6 for both sexes)",
       "need", "Ontstaan zorgbehoefte op 10 jaar (relatief)",
       "Onset at age 10 relative to the peak age (linear in between)."),
    _p("need_onset_peak_age", 14, "years", 12, 16,
       "B1.4: use peaks in early adolescence (boys at 8-12, girls later)", "need",
       "Leeftijd met meeste nieuwe zorgbehoefte",
       "Age from which onset is at its full level (linear from 10).",
       integer=True),
    _p("need_onset_adult_relative", 0.5, "ratio", 0.2, 1.0,
       "assumption: fewer new needs for (youth) care after 18 (B1.4: 1.4% of 18-22 in jeugdhulp)", "need",
       "Ontstaan zorgbehoefte vanaf 18 (relatief)", "Onset from 18 relative to 14."),
    _p("need_onset_girls_age10_relative", 0.3, "ratio", 0.2, 1.0,
       "B1.4/B1.5: boys peak at 8-12 and are ~1.4 per girl in jeugdhulp under 23, although C1 gives girls "
       "more mental problems (39.8% vs 21.5%): boys' early need for care is largely behavioural and "
       "developmental (not in the risk factors), girls' higher mental strain is already in their risk score; "
       "assumption: the value (set so that boys outnumber girls at 10-11)", "need",
       "Ontstaan zorgbehoefte meisjes op 10 jaar (relatief)",
       "Onset of need of girls at age 10 relative to boys of the same age and risk and protection scores "
       "(linear to the peak-age value)."),
    _p("need_onset_girls_peak_relative", 0.65, "ratio", 0.5, 1.5,
       "B1.4: girls are the larger group in jeugdhulp at 12-17 (with their higher mental strain, C1, already "
       "in the risk score); assumption: the value (set so that girls slightly outnumber boys at 12-17)",
       "need", "Ontstaan zorgbehoefte meisjes vanaf piekleeftijd (relatief)",
       "Onset of need of girls from the peak age on relative to boys of the same age and risk and "
       "protection scores."),
    _p("need_risk_coefficient", 0.5, "log-hazard per SD", 0.3, 1.2,
       "B3.2: high-risk profiles >= 9%/yr vs low-risk <= 2%/yr (~4.5x across ~2-3 SD)", "need",
       "Risicogevoeligheid zorgbehoefte",
       "Log-hazard of onset and escalation per SD of the composite risk score.", calibrate=True),
    _p("need_protective_coefficient", 0.4, "log-hazard per SD", 0.2, 1.0,
       "I9.1: school connectedness g -0.35 on mental health -> ln OR 1.81 x 0.35 = 0.63 (observational); "
       "calibrated (provisional) down to 0.4 with the risk coefficient: vulnerable youths' care ~3x others'",
       "need", "Beschermende werking", "Log-hazard reduction of onset and escalation per SD of the "
       "protection score."),
    _p("need_escalation_per_year", 0.1492, "1/year", 0.05, 0.6,
       "calibrated (see docs/calibration.md); SMM 2026-12-04, was 0.1479; the entries by level (B2.3)",
       "need",
       "Verzwaring zorgbehoefte", "Yearly escalation of need (mild -> moderate -> severe) at mean scores.",
       calibrate=True),
    _p("need_remission_per_year", 0.54, "1/year", 0.45, 0.63,
       "M1: 1-year recovery of untreated youths 10-24 with depression/anxiety, pooled 0.54 (0.45-0.63)",
       "need", "Natuurlijk herstel (per jaar)", "Yearly natural remission of mild need without care."),
    _p("need_remission_level_ratio", 0.8, "ratio", 0.4, 1.0,
       "assumption: heavier need remits more slowly (M5: longer delays, more serious disorders)", "need",
       "Trager herstel per zwaarte-stap", "Remission of moderate need relative to mild, and severe to "
       "moderate."),
    _p("need_remission_protective_coefficient", 0.3, "log-hazard per SD", 0.0, 0.63,
       "assumption: protective factors speed recovery (I9.1 direction)", "need",
       "Herstel en beschermende factoren", "Log-hazard of remission per SD of the protection score."),
    # ------------------------------------------------------------------ jeugdhulp (care)
    _p("detect_self_mild_per_year", 0.25, "1/year", 0.05, 0.6,
       "assumption, set in the provisional calibration; M5: long delays to first treatment contact, "
       "shorter for serious need",
       "jeugdhulp", "Hulpvraag zelf/ouders/huisarts bij lichte behoefte",
       "Yearly detection of mild need through self, parents or the huisarts."),
    _p("detect_self_moderate_per_year", 0.5, "1/year", 0.2, 0.8, "assumption; M5 (serious: shorter delay)",
       "jeugdhulp", "Hulpvraag zelf/ouders/huisarts bij matige behoefte",
       "Yearly detection of moderate need through self, parents or the huisarts."),
    _p("detect_self_severe_per_year", 0.85, "1/year", 0.5, 0.97, "assumption; M5 (serious: shorter delay)",
       "jeugdhulp", "Hulpvraag zelf/ouders/huisarts bij ernstige behoefte",
       "Yearly detection of severe need through self, parents or the huisarts."),
    _p("detect_school_per_year", 0.15, "1/year", 0.0, 0.4,
       "assumption: mentor, zorgcoordinator and school social work (B2.3: school as referrer)", "jeugdhulp",
       "Signalering door school", "Yearly detection of need of pupils in VO, PRO, VSO and MBO by school "
       "(in school weeks)."),
    _p("detect_buurtteam_per_year", 0.05, "1/year", 0.0, 0.2,
       "assumption: families known to the buurtteam (B2.3: wijk team 10.7% of new trajectories)",
       "jeugdhulp", "Signalering door buurtteam", "Yearly detection of need by the buurtteam."),
    _p("detect_buurtteam_vulnerable_ratio", 3.0, "ratio", 1.0, 5.0,
       "assumption: vulnerable households are better known to the buurtteam", "jeugdhulp",
       "Buurtteam kent kwetsbare gezinnen", "Buurtteam detection in vulnerable households, relative."),
    _p("detect_adult_relative", 0.01226, "ratio", 0.0, 0.5,
       "calibrated (see docs/calibration.md); SMM 2026-12-04, was 0.008622 (the range starts at 0, "
       "no new youth care from 18, the legal default: from 18 youth care only "
       "continues care begun before, 18-min/18-plus, adult services take over): the 18-23 prevalence is "
       "almost all care begun before 18; B1.4: 1.4% of 18-22-year-olds in jeugdhulp",
       "jeugdhulp", "Instroom jeugdhulp vanaf 18 (relatief)",
       "Detection into youth care of youths aged 18+, relative to younger youths.", calibrate=True),
    _p("signal_detection_effect", 0.02, "probability/week", 0.0, 0.06,
       "I1.1: in 22% of routes to help the youth worker was involved; 2/3 of those had beginning or light "
       "problems (observational)", "jeugdhulp", "Versnellen: signaal jongerenwerk leidt tot hulp",
       "Weekly detection probability added by an active youth-work signal.",
       grade="C", pessimistic=0.0, optimistic=0.05),
    _p("substitution_share", 0.3, "share", 0.0, 0.7,
       "assumption: Nota §1.4 IB as a normalising alternative to light jeugdhulp", "jeugdhulp",
       "Voorkomen: lichte hulp vervangen door IB/SWF",
       "Share of the detections of mild need of a youth in IB or SWF that the programme meets instead of "
       "light care.", grade="D", pessimistic=0.0, optimistic=0.6),
    _p("care_specialist_share_moderate", 0.45, "share", 0.2, 0.8,
       "B2.3: 60.8% ambulant, 10.7% wijk team, 17.3% network, 5.1% daghulp, 6.1% with stay", "jeugdhulp",
       "Specialistisch bij matige behoefte", "Share of entries at moderate need that start specialist."),
    _p("care_stay_share_severe", 0.12, "share", 0.05, 0.5,
       "B2.3: 6.1% of new trajectories with stay", "jeugdhulp", "Verblijf bij ernstige behoefte",
       "Share of entries at severe need that start with stay."),
    _p("care_step_up_per_year", 0.5, "1/year", 0.1, 0.9,
       "assumption: care steps up when need outgrows it", "jeugdhulp", "Opschaling bij zwaardere behoefte",
       "Yearly step-up of care whose level is below the need (light -> specialist, specialist -> stay)."),
    _p("care_end_per_year", 0.2911, "1/year", 0.05, 0.6,
       "calibrated (see docs/calibration.md); SMM 2026-12-04, was 0.3259; spell lengths, mean 1.2-1.4 years "
       "(B3.6-INF)", "jeugdhulp",
       "Beëindiging met resterende behoefte", "Yearly end of care while need remains (administrative end, "
       "dropout from care).", calibrate=True),
    _p("care_remission_effect", 0.31, "relative increase", 0.0, 1.5,
       "M2/M3: trials ES 0.46, usual care far below (Weisz 2013: EBT vs usual care 0.29; Weisz & Jensen "
       "2001); central d 0.15 -> exp(1.81 d) - 1; pessimistic d 0.05, optimistic d 0.46", "need",
       "Effect jeugdhulp op herstel", "Relative increase of remission while in care.",
       grade="B", pessimistic=0.095, optimistic=1.3),
    _p("care_escalation_effect", 0.24, "hazard reduction", 0.0, 0.7,
       "M2: same conversion, 1 - exp(-1.81 d) (central d 0.15, pessimistic 0.05, optimistic 0.46)", "need",
       "Effect jeugdhulp op verzwaring", "Relative reduction of escalation of need while in care.",
       grade="B", pessimistic=0.09, optimistic=0.57),
    _p("care_early_start_gain", 1.3, "ratio", 1.0, 2.0,
       "M4: shorter untreated illness -> remission RR 1.65 (adults, 3 studies; Ghio 2014)", "need",
       "Extra effect bij vroege start", "The care remission effect is multiplied by this when care started "
       "at mild need.", grade="C", pessimistic=1.0, optimistic=1.65),
    _p("programme_remission_effect", 0.2, "relative increase", 0.0, 0.6,
       "I2.1-I2.3: mentoring d ~0.21 on broad outcomes -> up to exp(1.81 x 0.21) - 1 = 0.46 (transferred)",
       "need", "Verkorten: IB/SWF naast zorg versnelt herstel",
       "Relative increase of remission of need while in IB or SWF.",
       grade="C", pessimistic=0.0, optimistic=0.46),
    _p("jh_exit_at_18_multiplier", 6.0, "ratio", 1.5, 10.0,
       "calibrated (provisional); B1.4: use drops to 1.4% at 18-22 (18-min/18-plus)",
       "jeugdhulp", "Uitstroom na 18e", "End-of-care hazard multiplier from age 18."),
    _p("jh_cost_light_eur", 5800.0, "EUR/client-year", 3000.0, 9000.0, "B4.4-INF: ambulant ~EUR 5.8k",
       "jeugdhulp", "Kosten lichte hulp per jaar", "Cost per client-year of light/ambulant help."),
    _p("jh_cost_specialist_eur", 10000.0, "EUR/client-year", 6000.0, 15000.0, "B4.4-INF: average ~EUR 10k",
       "jeugdhulp", "Kosten specialistische hulp per jaar", "Cost per client-year of specialist help."),
    _p("jh_cost_stay_eur", 24000.0, "EUR/client-year", 15000.0, 40000.0, "B4.4-INF: with stay ~EUR 24k",
       "jeugdhulp", "Kosten hulp met verblijf per jaar", "Cost per client-year of help with stay."),
    # ------------------------------------------------------------------ nuisance
    _p("nuisance_acts_per_week_street", 0.04845, "acts/youth/week", 0.01, 0.1,
       "calibrated (see docs/calibration.md); SMM 2026-12-04, was 0.04847 (0.03953 before acts happened at "
       "places, rescaled to the same target); "
       "target G-N1: 814 registered jeugdoverlast reports (2019)", "nuisance",
       "Overlastgedrag per straatjongere",
       "Weekly nuisance-act hazard of a street-active youth at mean risk.",
       calibrate=True),
    _p("nuisance_nonstreet_relative", 0.04, "ratio", 0.01, 0.1, "assumption", "nuisance",
       "Relatief overlastgedrag overige jongeren", "Act hazard of youths not street-active, relative."),
    _p("nuisance_risk_coefficient", 2.0, "log-rate per unit", 0.5, 4.0, "I9.4: aggression, peers", "nuisance",
       "Risicogevoeligheid overlast", "Log-rate slope of acts on the delinquency score."),
    _p("youths_per_incident", 2.5, "youths", 1.5, 5.0, "D9: 75% of youth crime committed in groups",
       "nuisance", "Jongeren per incident", "Mean number of youths involved in one incident."),
    _p("nuisance_report_share", 0.30, "share", 0.15, 0.5,
       "assumption: G3/G5 reporting behaviour; share of incidents registered by the police", "nuisance",
       "Meldingsbereidheid", "Share of nuisance incidents that become a registered police report."),
    _p("nuisance_summer_ratio", 2.0, "ratio", 1.5, 2.5, "G4: summer months ~2x winter (Rotterdam 2020)",
       "nuisance", "Zomer/winter-verhouding", "Peak-to-trough ratio of the seasonal nuisance cycle."),
    _p("nuisance_new_year_multiplier", 3.0, "ratio", 1.5, 6.0, "G6: jaarwisseling spike", "nuisance",
       "Piek jaarwisseling", "Act multiplier in the New Year weeks."),
    _p("nuisance_event_multiplier", 1.5, "ratio", 1.0, 2.5,
       "assumption: Vierdaagsefeesten/kermis, Koningsdag, NEC home matches at their places, Ramadan evenings "
       "at home (Nota §3)", "places",
       "Piek evenementen", "Act multiplier at an event's place in its weeks (at intensity 1)."),
    _p("group_place_share", 0.7, "share", 0.4, 0.9,
       "assumption: a street group's acts happen mostly at its hangplek", "nuisance",
       "Aandeel overlast op de groepsplek",
       "Share of a street-group member's acts at the group's place (the rest by the leisure distribution)."),
    _p("ambulant_presence_effect", 0.30, "max. reduction", 0.0, 0.6,
       "I5.1/I5.2: outreach inconclusive; focused deterrence moderate (wide prior, J)", "nuisance",
       "Effect ambulante aanwezigheid op overlast",
       "Maximum relative reduction of acts at a place by the ambulant team's presence there.",
       calibrate=True, grade="C", pessimistic=0.0, optimistic=0.45),
    _p("ambulant_presence_half_hours", 8.0, "hours/wijk/week", 2.0, 30.0, "assumption", "nuisance",
       "Halfwaarde ambulante uren",
       "Ambulant hours per wijk per week giving half the maximum presence effect."),
    _p("group_approach_effect", 0.20, "extra reduction", 0.0, 0.5,
       "I5.2: group-focused approaches largest effect (smaller in rigorous designs)", "nuisance",
       "Effect groepsaanpak",
       "Extra act reduction for members of a problematic group where the team is present at its place.",
       grade="C", pessimistic=0.0, optimistic=0.3),
    _p("nuisance_presence_cap", 0.9, "max. reduction", 0.9, 0.9,
       "assumption: cap on the reduction of acts by ambulant presence (rarely binding)", "nuisance",
       "Maximale vermindering door aanwezigheid",
       "Upper bound of the reduction of acts by ambulant presence."),
    _p("nuisance_hazard_cap", 0.9, "1/week", 0.9, 0.9,
       "assumption: cap that keeps the weekly act hazard a probability (rarely binding)", "nuisance",
       "Maximale kans op overlastgedrag per week", "Upper bound of a youth's weekly nuisance-act hazard."),
    # ------------------------------------------------------------------ crime
    _p("halt_per_year_12_17", 0.006106, "1/year", 0.004, 0.015,
       "calibrated (see docs/calibration.md); SMM 2026-12-04, was 0.006104; "
       "F-N1: 84 per 10,000 aged 12-17 (2018); hazard at the reference score, below the mean by Jensen",
       "crime", "Halt-verwijzingen 12-17", "Population-average yearly Halt referral probability at 12-17.",
       calibrate=True),
    _p("suspect_per_year_12_17", 0.01232, "1/year", 0.008, 0.025,
       "calibrated (see docs/calibration.md); SMM 2026-12-04, was 0.01231; "
       "F1: 14.4 per 1,000 aged 12-17 (2022)",
       "crime", "Verdachten 12-17", "Population-average yearly suspect registration at 12-17.",
       calibrate=True),
    _p("suspect_per_year_18_24", 0.02961, "1/year", 0.01, 0.04,
       "calibrated (see docs/calibration.md); SMM 2026-12-04, was 0.0296; "
       "F2: 19.4 per 1,000 aged 18-24 (2022); hazard of non-students (students x0.3)",
       "crime", "Verdachten 18-24", "Population-average yearly suspect registration at 18-23.",
       calibrate=True),
    _p("crime_risk_coefficient", 3.0, "log-hazard per unit", 1.0, 5.0,
       "I9.4: criminal history, aggression, peers d 0.2-0.76", "crime", "Risicogevoeligheid criminaliteit",
       "Log-hazard slope of Halt and suspect registration on the delinquency score."),
    _p("crime_growth_per_year", 0.15, "1/year", 0.05, 0.3,
       "assumption: growth into (drug) crime of J&V youths with low protection and delinquent peers",
       "crime", "Doorgroei naar criminaliteit",
       "Yearly hazard of a registered J&V youth growing into serious crime."),
    _p("halt_new_year_multiplier", 3.0, "ratio", 1.5, 6.0,
       "assumption: Halt referrals for fireworks around the jaarwisseling (G6)", "crime",
       "Halt-piek jaarwisseling", "Halt-referral hazard multiplier in the New Year weeks."),
    _p("suspect_student_relative", 0.3, "ratio", 0.1, 0.6, "assumption: HBO/WO students are registered less",
       "crime", "Relatieve registratie studenten", "Suspect hazard of HBO/WO students relative to others."),
    _p("crime_stage2_suspect_multiplier", 4.0, "ratio", 2.0, 8.0,
       "assumption: youths in serious (drug) crime are registered far more often", "crime",
       "Registratie na doorgroei", "Suspect hazard multiplier after growth into serious crime."),
    _p("crime_growth_peer_factor", 8.0, "ratio", 4.0, 16.0,
       "assumption: scales the growth hazard to crime_growth_per_year at low protection (0.5) and "
       "delinquent peers (0.25)", "crime", "Doorgroei: gewicht lage bescherming x vrienden",
       "The growth hazard is crime_growth_per_year x this x (1 - protection) x delinquent peers."),
    _p("crime_history_cap", 0.8, "probability", 0.5, 0.9,
       "assumption: warm start of registration history, settled by the burn-in year", "crime",
       "Maximale startkans eerdere registratie",
       "Upper bound of the probability of a registration before the start."),
    # ------------------------------------------------------------------ school
    _p("dropout_per_year_vo", 0.006, "1/year", 0.003, 0.012, "E2: VSV 0.6% in VO", "school",
       "Schooluitval VO", "Yearly dropout probability in VO/PRO/VSO at mean risk."),
    _p("dropout_per_year_mbo", 0.03837, "1/year", 0.03, 0.08,
       "calibrated (see docs/calibration.md); SMM 2026-12-04, was 0.03835; "
       "E2: VSV 5.7% in MBO", "school",
       "Schooluitval MBO", "Yearly dropout probability in MBO at mean risk.", calibrate=True),
    _p("dropout_risk_coefficient", 2.0, "log-hazard per unit", 0.5, 4.0, "assumption", "school",
       "Risicogevoeligheid schooluitval", "Log-hazard slope of dropout on low school motivation and risk."),
    _p("dropout_return_per_year", 0.5, "1/year", 0.2, 0.8,
       "assumption: most VSV'ers return within a year or two", "school",
       "Terugkeer naar school/werk", "Yearly probability a dropout returns to school or work without SWF."),
    _p("dropout_risk_weight", 0.5, "weight", 0.0, 1.0,
       "assumption: low motivation matters most; the composite risk adds to it (E2)", "school",
       "Gewicht risicoscore bij schooluitval",
       "Weight of the composite risk score next to low school motivation in the dropout hazard."),
    _p("dropout_hazard_cap", 0.5, "1/week", 0.5, 0.5,
       "assumption: cap that keeps the weekly dropout hazard a probability (rarely binding)", "school",
       "Maximale uitvalkans per week", "Upper bound of the weekly dropout hazard."),
    # ------------------------------------------------------------------ costs of youth work
    _p("cost_per_fte_bk10", 2_560_743.0 / 26.5, "EUR/FTE/year", 60000.0, 100000.0,
       "P8-INF: Tabel 1 WWZ EUR 2,560,743 / 26.5 FTE (upper bound, includes activities)",
       "budget",
       "Kosten per FTE Bindkracht10", "All-in cost per FTE of Bindkracht10 youth work."),
    _p("cost_per_fte_jc", 520_000.0 / 8.5, "EUR/FTE/year", 50000.0, 80000.0,
       "P8-INF2: Tabel 1 jeugdcoaches EUR 520,000 / 8.5 FTE", "budget",
       "Kosten per FTE jeugdcoach",
       "All-in cost per FTE of the municipal jeugdcoaches."),
)

REGISTRY: dict[str, Param] = {p.name: p for p in _PARAMS}


def _check_registry() -> None:
    for p in _PARAMS:
        if not (p.low <= p.value <= p.high):
            raise AssertionError(f"registry: {p.name} default {p.value} outside [{p.low}, {p.high}]")
    if len(REGISTRY) != len(_PARAMS):
        raise AssertionError("registry: duplicate parameter names")
    for p in _PARAMS:
        if p.grade is None:
            if p.pessimistic is not None or p.optimistic is not None:
                raise AssertionError(f"registry: {p.name} has regime values but no evidence grade")
            continue
        if p.grade not in GRADES:
            raise AssertionError(f"registry: {p.name} grade {p.grade!r} is not one of {', '.join(GRADES)}")
        if p.pessimistic is None or p.optimistic is None:
            raise AssertionError(f"registry: effect parameter {p.name} needs both regime values")
        for v in (p.pessimistic, p.optimistic):
            if not (p.low <= v <= p.high):
                raise AssertionError(f"registry: {p.name} regime value {v} outside [{p.low}, {p.high}]")


_check_registry()


@dataclass(frozen=True)
class Parameters(Mapping[str, float]):
    """Registry defaults with validated overrides; immutable and hashable (cache keys).

    Args:
        overrides: name -> value; each name must be registered and each value finite and within
            the parameter's range.
        regime: the evidence regime ("pessimistic", "central" or "optimistic"): every effect parameter
            takes its value under it; explicit overrides win over the regime.

    """

    overrides: tuple[tuple[str, float], ...] = field(default=())
    regime: str = "central"

    def __post_init__(self) -> None:
        if self.regime not in REGIMES:
            raise ParameterError(f"unknown evidence regime '{self.regime}' (one of {', '.join(REGIMES)})")

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, float] | None = None,
                       regime: str = "central") -> Parameters:
        """Validate ``overrides`` and return the parameter set under ``regime``."""
        items = []
        for name, value in sorted((overrides or {}).items()):
            items.append((name, validate_value(name, value)))
        return cls(tuple(items), regime)

    def with_regime(self, regime: str) -> Parameters:
        """Return the same overrides under another evidence regime."""
        return Parameters(self.overrides, regime)

    @cached_property
    def _values(self) -> dict[str, float]:
        """Map each name to its value: the overrides on top of the registry.

        Built at the first lookup: the weekly step looks up ~90 parameters, a dict lookup each instead of a
        scan of the overrides.
        """
        values = {name: p.regime_value(self.regime) for name, p in REGISTRY.items()}
        for key, value in reversed(self.overrides):  # the first override of a name wins
            values[key] = value
        return values

    def __getitem__(self, name: str) -> float:
        try:
            return self._values[name]
        except KeyError:
            raise ParameterError(f"unknown parameter '{name}'") from None

    def __iter__(self) -> Iterator[str]:
        return iter(REGISTRY)

    def __len__(self) -> int:
        return len(REGISTRY)

    def with_overrides(self, more: Mapping[str, float]) -> Parameters:
        """Return a copy with ``more`` overrides applied on top of the existing ones."""
        merged = dict(self.overrides)
        merged.update(more)
        return Parameters.from_overrides(merged, self.regime)


def validate_value(name: str, value: object) -> float:
    """Return ``value`` as a float if ``name`` is registered and the value lies in its range.

    Raises:
        ParameterError: with a one-line message naming the parameter and the problem.

    """
    if name not in REGISTRY:
        raise ParameterError(f"unknown parameter '{name}'")
    p = REGISTRY[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParameterError(f"parameter '{name}' must be a number, got {type(value).__name__}")
    try:
        v = float(value)
    except OverflowError:  # a whole number beyond float range
        raise ParameterError(f"parameter '{name}' is too large (range [{p.low:g}, {p.high:g}])") from None
    if not math.isfinite(v):
        raise ParameterError(f"parameter '{name}' must be finite, got {value}")
    if not (p.low <= v <= p.high):
        raise ParameterError(
            f"parameter '{name}' = {v:g} is outside its range [{p.low:g}, {p.high:g}] {p.unit}")
    if p.integer and v != int(v):
        raise ParameterError(f"parameter '{name}' must be a whole number, got {v:g}")
    return v


def weekly(p_year: float) -> float:
    """Convert a yearly probability into the equivalent constant weekly probability."""
    return 1.0 - (1.0 - min(max(p_year, 0.0), 0.999999)) ** (1.0 / 52.0)
