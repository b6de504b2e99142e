"""Jeugdhulp (youth care): entry by detection of need, care matched to need, its effects and its end.

Levels (``jh_level``): 0 none, 1 light (buurtteam / ambulant), 2 specialist without stay, 3 with stay.

* **Entry is detection of need.** A youth with need (the need process) and not in care is detected this week
  with probability 1 - prod_c (1 - h_c) over the channels: ``self`` (self, parents, huisarts; yearly
  ``detect_self_*_per_year`` by need level, rising steeply with severity), ``school`` (pupils of VO, PRO, VSO
  and MBO in school weeks: mentor, zorgcoordinator, school social work), ``buurtteam`` (x
  ``detect_buurtteam_vulnerable_ratio`` in vulnerable households) and ``youthwork``: a youth worker's signal
  adds the weekly ``signal_detection_effect`` while it lasts (I1.1; graded C, pessimistic 0). From 18,
  detection into *youth* care is ``detect_adult_relative`` of that (18-min/18-plus: adult services take over).
* **Substitution** (voorkomen): mild need of a youth in IB or SWF is met by the programme instead of light
  care with probability ``substitution_share`` (graded D, pessimistic 0): those detections do not start care.
* **Care matched to need at entry:** mild -> light; moderate -> specialist
  (``care_specialist_share_moderate``,
  else light); severe -> specialist, with stay at ``care_stay_share_severe``. In care, a need above what the
  level serves steps care up at ``care_step_up_per_year`` (light -> specialist; specialist -> stay at severe
  need at that rate x ``care_stay_share_severe``).
* **Care has effects** (the need process reads ``jh_level`` and ``jh_entry_need``): it lowers escalation and
  raises remission of need, more so when it started at mild need (``care_early_start_gain``).
* **Exit:** completed when need has remitted to none; otherwise an administrative end at
  ``care_end_per_year`` (x ``jh_exit_at_18_multiplier`` from 18: 18-min/18-plus). Spell lengths emerge.
* Inflow is counted in persons: an entry is *new* when the youth was not in care in the previous 52 weeks;
  the inflow rate is persons new to care aged 10-17 over youths 10-17 (CBS counts persons / youths 0-17).
One uniform per youth per week decides detection (and the level at entry) or, in care, end and step-up.
"""

from __future__ import annotations

import numpy as np

from ..numerics import slack
from ..params import weekly
from ..population import AGE_ADULT, MBO, PRO, SPELL_CLASS_WEEKS, VO, VSO, WEEKS_PER_YEAR
from ..process import Process, State, Weekly, Yearly
from .need import MILD, MODERATE, NO_NEED, SEVERE

NONE, LIGHT, SPECIALIST, STAY = range(4)  # care levels (jh_level)
# Ended trajectories by length, in CBS's duration classes (bounds: SPELL_CLASS_WEEKS): key, labels nl / en.
SPELL_CLASSES = (
    ("under_3m", "korter dan 3 maanden", "under 3 months"),
    ("3_6m", "3 tot 6 maanden", "3 to 6 months"),
    ("6_12m", "6 tot 12 maanden", "6 to 12 months"),
    ("1_2y", "1 tot 2 jaar", "1 to 2 years"),
    ("2y_plus", "2 jaar of langer", "2 years or longer"),
)
_SPELL_BOUNDS = np.array(SPELL_CLASS_WEEKS, np.int32)
assert len(SPELL_CLASSES) == len(SPELL_CLASS_WEEKS) + 1
NEVER = np.iinfo(np.int32).min // 2  # jh_last_week of a youth never in care (t - NEVER does not overflow)
# The care level that serves each need level (none, mild, moderate, severe): above it, care steps up.
SERVES = np.array([NONE, LIGHT, SPECIALIST, SPECIALIST], np.int8)


def _entries_kpi(name: str, nl: str, en: str, *sources: str, fmt: str = "n") -> Yearly:
    return Yearly(name, "kpis", "youths/year", nl, en, fmt=fmt, sources=sources)


def _spell_class_results() -> tuple:
    """Weekly ends of trajectories per duration class, and their yearly sums (KPIs)."""
    out = []
    for key, nl, en in SPELL_CLASSES:
        out.append(Weekly(f"jh_exits_{key}", "youths/week", f"Beëindigde trajecten, {nl}",
                          f"Ended trajectories, {en}", series=False))
        out.append(_entries_kpi(f"jeugdhulp_exits_{key}_per_year", f"Beëindigde jeugdhulptrajecten {nl}",
                                f"Ended youth-care trajectories of {en}", f"jh_exits_{key}"))
    # Light care apart (a local team's trajectories are light care: the evidence on their length is theirs).
    out += [Weekly("jh_exits_light", "youths/week", "Beëindigde trajecten lichte hulp",
                   "Ended trajectories, light help", series=False),
            Weekly("jh_exits_light_under_1y", "youths/week",
                   "Beëindigde trajecten lichte hulp, korter dan een jaar",
                   "Ended trajectories, light help, under a year", series=False),
            _entries_kpi("jeugdhulp_exits_light_per_year", "Beëindigde trajecten lichte hulp per jaar",
                         "Ended trajectories of light help per year", "jh_exits_light"),
            _entries_kpi("jeugdhulp_exits_light_under_1y_per_year",
                         "Beëindigde trajecten lichte hulp korter dan een jaar",
                         "Ended trajectories of light help under a year", "jh_exits_light_under_1y")]
    return tuple(out)


class Jeugdhulp(Process):
    """Youth-care trajectories: detection, level, step-up and end."""

    name = "jeugdhulp"
    states = (
        # Set by the care process itself, at the start and for a newcomer (who may arrive in care).
        State("jh_level", "int8", "care level: 0 none, 1 light, 2 specialist, 3 with stay", init=None),
        State("jh_weeks", "int32", "weeks in the current trajectory", init=None),
        State("jh_entry_need", "int8", "need level at the start of the current trajectory (0 out of care)",
              init=None),
        State("jh_last_week", "int32", "last week in care (a large negative number: never)", init=None),
        State("jh_year_any", "bool", "in care at some point this year", init=None,
              year_start=lambda y: y.jh_level > NONE),
        State("jh_year_stay", "bool", "in help with stay at some point this year", init=None,
              year_start=lambda y: y.jh_level == STAY),
        State("jh_year_new", "bool", "new to care this year (not in care in the 52 weeks before)", init=False,
              year_start=False),
    )
    results = (
        Weekly("in_care", "youths", "Jongeren in jeugdhulp", "Youths in jeugdhulp", year="mean",
               collect=True),
        Weekly("in_care_u18", "youths", "Jongeren 10-17 in jeugdhulp", "Youths 10-17 in jeugdhulp",
               year="mean", ages=(10, 17)),
        Weekly("in_care_stay", "youths", "Jongeren in jeugdhulp met verblijf", "Youths in care with stay",
               year="mean"),
        Weekly("care_weeks_light", "care-weeks/week", "Zorgweken lichte hulp", "Care-weeks, light help"),
        Weekly("care_weeks_specialist", "care-weeks/week", "Zorgweken specialistische hulp",
               "Care-weeks, specialist help"),
        Weekly("care_weeks_stay", "care-weeks/week", "Zorgweken hulp met verblijf",
               "Care-weeks, help with stay"),
        Weekly("jh_entries", "youths/week", "Instroom jeugdhulp", "Jeugdhulp entries", collect=True),
        Weekly("jh_entries_new", "youths/week", "Nieuwe cliënten jeugdhulp", "Youths new to care",
               series=False),
        Weekly("jh_entries_signalled", "youths/week", "Instroom na signaal jongerenwerk",
               "Entries after a youth-work signal"),
        Weekly("jh_exits", "youths/week", "Uitstroom jeugdhulp", "Jeugdhulp exits"),
        Weekly("jh_escalations", "youths/week", "Opschaling jeugdhulp", "Escalations to heavier care"),
        Weekly("jh_substitutions", "youths/week", "Lichte hulp vervangen door IB/SWF",
               "Light care replaced by IB/SWF", series=False),
        Weekly("jh_entries_light", "youths/week", "Instroom lichte hulp", "Entries into light help",
               series=False),
        Weekly("jh_entries_specialist", "youths/week", "Instroom specialistische hulp",
               "Entries into specialist help", series=False),
        Weekly("jh_entries_stay", "youths/week", "Instroom hulp met verblijf", "Entries into help with stay",
               series=False),
        Weekly("jh_entries_mild", "youths/week", "Instroom bij lichte behoefte",
               "Entries at mild need",
               series=False),
        Weekly("jh_entries_moderate", "youths/week", "Instroom bij matige behoefte",
               "Entries at moderate need", series=False),
        Weekly("jh_entries_severe", "youths/week", "Instroom bij ernstige behoefte", "Entries at severe need",
               series=False),
        Weekly("jh_untreated_weeks_at_entry", "youth-weeks/week", "Weken onbehandeld voor instroom",
               "Untreated weeks before entry", scales=False, series=False),
        Weekly("jh_exit_weeks", "care-weeks/week", "Zorgweken van beëindigde trajecten",
               "Care-weeks of the trajectories that ended", series=False),
        *_spell_class_results(),
        Weekly("jh_completed", "youths/week", "Afgeronde trajecten (zonder IB/SWF)",
               "Completed trajectories (without IB/SWF)", scales=False, series=False),
        Weekly("jh_completed_weeks", "care-weeks/week", "Zorgweken afgeronde trajecten (zonder IB/SWF)",
               "Care-weeks of completed trajectories (without IB/SWF)", scales=False, series=False),
        Weekly("jh_completed_prog", "youths/week", "Afgeronde trajecten (met IB/SWF)",
               "Completed trajectories (with IB/SWF)", scales=False, series=False),
        Weekly("jh_completed_prog_weeks", "care-weeks/week", "Zorgweken afgeronde trajecten (met IB/SWF)",
               "Care-weeks of completed trajectories (with IB/SWF)", scales=False, series=False),
        Weekly("jh_care_cost", "EUR/week", "Kosten jeugdhulp", "Cost of youth care", series=False),
        Yearly("jeugdhulp_prevalence_u18", "kpis", "share", "Jeugdhulp 10-17 jaar (aandeel per jaar)",
               "Youth care 10-17 (share per year)", fmt="%", ages=(10, 17)),
        _entries_kpi("jeugdhulp_entries_per_year", "Instroom jeugdhulp per jaar",
                     "Youth-care entries per year", "jh_entries"),
        Yearly("jeugdhulp_new_persons_per_year", "kpis", "youths/year", "Nieuwe cliënten jeugdhulp per jaar",
               "Persons new to youth care per year", scales=True),
        Yearly("jeugdhulp_inflow_rate_u18", "kpis", "share", "Instroom jeugdhulp 10-17 (personen, aandeel)",
               "Inflow into youth care 10-17 (persons, share)", fmt="%", ages=(10, 17)),
        Yearly("jeugdhulp_mean_duration_years", "kpis", "years", "Gemiddelde duur jeugdhulptraject (jaar)",
               "Mean youth-care trajectory (years)", fmt="f2"),
        Yearly("jeugdhulp_with_stay_share", "kpis", "share", "Aandeel jeugdhulp met verblijf",
               "Share of youth care with stay", fmt="%"),
        Yearly("jeugdhulp_prevalence_18_23", "kpis", "share", "Jeugdhulp 18-23 jaar (aandeel per jaar)",
               "Youth care 18-23 (share per year)", fmt="%", ages=(18, 23)),
        _entries_kpi("jeugdhulp_entries_specialist_per_year", "Instroom specialistische jeugdhulp per jaar",
                     "Specialist youth-care entries per year", "jh_entries_specialist", "jh_entries_stay"),
        _entries_kpi("jeugdhulp_entries_stay_per_year", "Instroom jeugdhulp met verblijf per jaar",
                     "Entries into care with stay per year", "jh_entries_stay"),
        _entries_kpi("jeugdhulp_entries_mild", "Versnellen: instroom bij lichte behoefte",
                     "Accelerate: entries at mild need", "jh_entries_mild"),
        _entries_kpi("jeugdhulp_entries_moderate", "Instroom bij matige behoefte", "Entries at moderate need",
                     "jh_entries_moderate"),
        _entries_kpi("jeugdhulp_entries_severe", "Instroom bij ernstige behoefte", "Entries at severe need",
                     "jh_entries_severe"),
        _entries_kpi("jeugdhulp_entries_accelerated", "Versnellen: instroom na signaal jongerenwerk",
                     "Accelerate: entries after a youth-work signal", "jh_entries_signalled"),
        Yearly("jeugdhulp_untreated_weeks_before_entry", "kpis", "weeks",
               "Versnellen: gemiddelde weken onbehandeld voor instroom",
               "Accelerate: mean untreated weeks before entry", fmt="f1"),
        _entries_kpi("jeugdhulp_substitutions_per_year", "Voorkomen: lichte hulp vervangen door IB/SWF",
                     "Prevent: light care replaced by IB/SWF", "jh_substitutions"),
        Yearly("care_weeks_per_spell_with_programme", "kpis", "care-weeks",
               "Verkorten: zorgweken per afgerond traject met IB/SWF",
               "Shorten: care-weeks per completed trajectory with IB/SWF", fmt="f1"),
        Yearly("care_weeks_per_spell_without_programme", "kpis", "care-weeks",
               "Zorgweken per afgerond traject zonder IB/SWF",
               "Care-weeks per completed trajectory without IB/SWF", fmt="f1"),
        Yearly("care_weeks_light", "kpis", "care-weeks/year", "Zorgweken lichte hulp per jaar",
               "Care-weeks of light help per year", sources=("care_weeks_light",)),
        Yearly("care_weeks_specialist", "kpis", "care-weeks/year", "Zorgweken specialistische hulp per jaar",
               "Care-weeks of specialist help per year", sources=("care_weeks_specialist",)),
        Yearly("care_weeks_stay", "kpis", "care-weeks/year", "Zorgweken hulp met verblijf per jaar",
               "Care-weeks of help with stay per year", sources=("care_weeks_stay",)),
        _entries_kpi("jeugdhulp_escalations_per_year", "Opschaling naar zwaardere jeugdhulp per jaar",
                     "Escalations to heavier care per year", "jh_escalations"),
        Yearly("jeugdhulp_cost_eur_per_year", "kpis", "EUR/year", "Kosten jeugdhulp per jaar (€)",
               "Cost of youth care per year (EUR)", fmt="eur", sources=("jh_care_cost",)),
        Yearly("jeugdhulp_prevalence_u18_vulnerable", "kpis", "share", "Jeugdhulp 10-17, kwetsbaar",
               "Youth care 10-17, vulnerable", fmt="%", ages=(10, 17)),
        Yearly("jeugdhulp_prevalence_u18_other", "kpis", "share", "Jeugdhulp 10-17, overig",
               "Youth care 10-17, others", fmt="%", ages=(10, 17)),
        Yearly("jeugdhulp_in_care_10_17", "per_wijk", "youths", "Jongeren 10-17 in jeugdhulp",
               "Youths 10-17 in jeugdhulp", scales=True, ages=(10, 17)),
        Yearly("jeugdhulp_prevalence_u18", "per_wijk", "share", "Jeugdhulp 10-17 jaar (%)",
               "Jeugdhulp 10-17 (%)", fmt="%", ages=(10, 17)),
        Yearly("jeugdhulp_prevalence", "per_group", "share", "Jeugdhulp (aandeel per jaar)",
               "Youth care (share per year)", fmt="%"),
    )

    def __init__(self, model) -> None:
        super().__init__(model)
        p = model.params
        self.p = p
        y = model.y
        for state in self.states:  # the states this process sets itself (init=None): allocated here
            if state.init is None:
                setattr(y, state.name, np.zeros(y.n, state.dtype))
        self.u = model.uniforms  # shared scratch (see JwsimModel)
        # Weekly detection by self/parents/huisarts per need level (none, mild, moderate, severe).
        self.h_self = np.array([0.0, weekly(p["detect_self_mild_per_year"]),
                                weekly(p["detect_self_moderate_per_year"]),
                                weekly(p["detect_self_severe_per_year"])])
        n_school_weeks = max(int(model.calendar.school_week[:WEEKS_PER_YEAR].sum()), 1)
        self.h_school = 1.0 - (1.0 - p["detect_school_per_year"]) ** (1.0 / n_school_weeks)
        self.h_buurtteam = weekly(p["detect_buurtteam_per_year"])
        self.h_end = weekly(p["care_end_per_year"])
        self.h_up = weekly(p["care_step_up_per_year"])
        self.cost_week = np.array([0.0, p["jh_cost_light_eur"], p["jh_cost_specialist_eur"],
                                   p["jh_cost_stay_eur"]]) / WEEKS_PER_YEAR
        self.in_care = np.zeros(0, np.intp)  # slots in care after the latest step

    # ------------------------------------------------------------------ detection
    def detection(self, model, idx: np.ndarray, school_week: bool, substitute: bool = True) -> np.ndarray:
        """Weekly detection probability of the youths ``idx`` (with need, out of care), by all channels.

        With ``substitute``, the self/school/buurtteam detection of mild need in IB or SWF is reduced by
        ``substitution_share`` (that part is met by the programme).
        """
        y, p = model.y, self.p
        need = y.need[idx]
        miss = 1.0 - self.h_self[need]
        if school_week:
            st = y.school_type[idx]
            pupil = (st == VO) | (st == PRO) | (st == VSO) | (st == MBO)
            miss = miss * np.where(pupil, 1.0 - self.h_school, 1.0)
        bt = np.where(y.vulnerable[idx], self.h_buurtteam * p["detect_buurtteam_vulnerable_ratio"],
                      self.h_buurtteam)
        miss = miss * (1.0 - np.minimum(bt, 1.0))
        if substitute and p["substitution_share"] > 0:
            sub = (need == MILD) & (y.programme[idx] > 0)
            miss = np.where(sub, 1.0 - (1.0 - miss) * (1.0 - p["substitution_share"]), miss)
        miss = miss * np.where(y.signalled[idx], 1.0 - p["signal_detection_effect"], 1.0)
        return np.where(y.age[idx] >= AGE_ADULT, (1.0 - miss) * p["detect_adult_relative"], 1.0 - miss)

    def detection_bound(self, school_week: bool) -> float:
        """Return an upper bound of :meth:`detection` over all youths this week (for thinning).

        Every channel at its largest miss-reducing value (severe need, a pupil, vulnerable, signalled);
        substitution only raises the miss, the adult factor only lowers detection when below 1.
        """
        p = self.p
        miss = 1.0 - float(self.h_self.max())
        if school_week:
            miss *= 1.0 - self.h_school
        bt = max(self.h_buurtteam * p["detect_buurtteam_vulnerable_ratio"], self.h_buurtteam)
        miss *= 1.0 - min(bt, 1.0)
        miss *= min(1.0 - p["signal_detection_effect"], 1.0)
        return slack((1.0 - miss) * max(p["detect_adult_relative"], 1.0))

    def history_hazards(self, model, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Weekly detection and end hazards of ``idx`` for the warm start's history of need and care.

        Returns ``det`` of shape (3, 4, k): detection at need none..severe of a child (under 12: no
        secondary school), a pupil (12-17) and an adult (18+: a pupil if the youth is one now), averaged over
        school and holiday weeks, without signals and substitution (youth work is not part of the history);
        and ``end`` of shape (2,): the weekly administrative end of care before and from 18.
        """
        y, p = model.y, self.p
        s = float(model.calendar.school_week[:WEEKS_PER_YEAR].mean())
        bt = np.where(y.vulnerable[idx], self.h_buurtteam * p["detect_buurtteam_vulnerable_ratio"],
                      self.h_buurtteam)
        miss = (1.0 - self.h_self)[:, None] * (1.0 - np.minimum(bt, 1.0))[None, :]  # (need, k)
        st = y.school_type[idx]
        pupil_now = (st == VO) | (st == PRO) | (st == VSO) | (st == MBO)
        school = 1.0 - s * self.h_school  # a pupil's mean weekly miss by school detection
        det = np.empty((3, SEVERE + 1, idx.size))
        det[0] = 1.0 - miss
        det[1] = 1.0 - miss * school
        det[2] = (1.0 - miss * np.where(pupil_now, school, 1.0)) * p["detect_adult_relative"]
        det[:, NO_NEED] = 0.0
        end = np.array([self.h_end, self.h_end * p["jh_exit_at_18_multiplier"]])
        return det, end

    def _level_at_entry(self, need: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Care level matched to need at entry; ``v`` uniform in [0, 1) picks the shares."""
        p = self.p
        level = np.where(need == MILD, LIGHT,
                         np.where(need == MODERATE,
                                  np.where(v < p["care_specialist_share_moderate"], SPECIALIST, LIGHT),
                                  np.where(v < p["care_stay_share_severe"], STAY, SPECIALIST)))
        return level.astype(np.int8)

    def _start_state(self, model, slots: np.ndarray) -> None:
        """Care of ``slots`` at the start or on arrival: P(in care | need) of the chain without signals."""
        y, p = model.y, self.p
        need = y.need[slots]
        det = self.detection(model, slots, True, substitute=False)
        stay = 1.0 / (weekly(p["need_remission_per_year"]) * (1.0 + p["care_remission_effect"])
                      * p["need_remission_level_ratio"] ** np.maximum(need - 1, 0) / np.maximum(need, 1)
                      + self.h_end)  # expected weeks in care at that need
        prob = np.where(need > NO_NEED, det * stay / (1.0 + det * stay), 0.0)
        u = self.rng.random((2, slots.size))
        in_care = u[0] < prob
        level = np.where(in_care, self._level_at_entry(need, u[1]), NONE).astype(np.int8)
        y.jh_level[slots] = level
        y.jh_entry_need[slots] = np.where(in_care, need, NO_NEED)
        y.jh_weeks[slots] = np.where(in_care, (u[1] * stay).astype(np.int32), 0)
        y.jh_last_week[slots] = np.where(in_care, model.week_index, NEVER)
        y.jh_year_any[slots] = in_care
        y.jh_year_stay[slots] = level == STAY
        y.jh_year_new[slots] = False

    def initialise(self, model) -> None:
        """Start near the stationary stock of care given the starting need."""
        self._start_state(model, np.arange(model.y.n))

    def enter(self, model, slots) -> None:
        """Give a newcomer care from the same profile (10-year-olds arrive with the care of their age)."""
        self._start_state(model, slots)

    # ------------------------------------------------------------------ weekly step
    def step(self, model) -> None:
        """Draw this week's detections (entries), their levels, step-ups and ends of care."""
        y, p, t = model.y, self.p, model.week_index
        self.rng.random(out=self.u, dtype=np.float32)
        u = self.u
        school_week = bool(model.calendar.school_week[t])
        inc = (y.jh_level > NONE).nonzero()[0]
        cand = ((y.need > NO_NEED) & (y.jh_level == NONE)).nonzero()[0]
        # Thinning (model/numerics.py): only youths whose uniform lies below the largest possible
        # detection probability can be detected; the decisions are those of the full computation.
        cand = cand[u[cand] < self.detection_bound(school_week)]
        h = self.detection(model, cand, school_week)
        uc = u[cand]
        hit = uc < h
        if p["substitution_share"] > 0:  # detections the programme met instead (the removed part)
            full = self.detection(model, cand, school_week, substitute=False)
            substituted = int(np.count_nonzero(~hit & (uc < full)))
        else:
            substituted = 0
        entering = cand[hit]
        v = uc[hit] / h[hit]
        need_in = y.need[entering]
        level = self._level_at_entry(need_in, v)
        new = entering[t - y.jh_last_week[entering] > WEEKS_PER_YEAR]
        signalled = y.signalled[entering]
        # Youths in care: end (completed when need has remitted, else administrative), or step-up.
        lvl = y.jh_level[inc]
        need = y.need[inc]
        h_end = np.where(y.age[inc] >= AGE_ADULT, self.h_end * p["jh_exit_at_18_multiplier"], self.h_end)
        h_end = np.where(need == NO_NEED, 1.0, h_end)
        under = (need > SERVES[lvl]) | ((need == SEVERE) & (lvl == SPECIALIST))
        h_up = np.where(under & (lvl == LIGHT), self.h_up,
                        np.where(under & (lvl == SPECIALIST), self.h_up * p["care_stay_share_severe"], 0.0))
        ui = u[inc]
        exits = ui < h_end
        exiting = inc[exits]
        escalating = inc[~exits & (ui < h_end + h_up)]
        completed = exiting[y.need[exiting] == NO_NEED]
        prog = y.programme_year[completed] != 0
        weeks_done = y.jh_weeks[completed]
        weeks_ended = y.jh_weeks[exiting]
        light_ended = lvl[exits] == LIGHT
        by_length = np.bincount(np.searchsorted(_SPELL_BOUNDS, weeks_ended, side="right"),
                                minlength=len(SPELL_CLASSES))
        self.week.update(
            jh_entries=entering.size, jh_entries_new=new.size,
            jh_entries_light=int((level ==
            LIGHT).sum()),
            jh_entries_specialist=int((level == SPECIALIST).sum()),
            jh_entries_stay=int((level == STAY).sum()),
            jh_entries_mild=int((need_in == MILD).sum()),
            jh_entries_moderate=int((need_in == MODERATE).sum()),
            jh_entries_severe=int((need_in == SEVERE).sum()),
            jh_untreated_weeks_at_entry=float(y.need_untreated_weeks[entering].sum()),
            jh_entries_signalled=int(signalled.sum()), jh_exits=exiting.size,
            jh_exit_weeks=float(weeks_ended.sum()), jh_escalations=escalating.size,
            **{f"jh_exits_{c[0]}": int(k) for c, k in zip(SPELL_CLASSES, by_length, strict=True)},
            jh_exits_light=int(light_ended.sum()),
            jh_exits_light_under_1y=int((light_ended & (weeks_ended < WEEKS_PER_YEAR)).sum()),
            jh_substitutions=substituted,
            jh_completed=int((~prog).sum()), jh_completed_weeks=float(weeks_done[~prog].sum()),
            jh_completed_prog=int(prog.sum()), jh_completed_prog_weeks=float(weeks_done[prog].sum()),
        )
        y.jh_level[exiting] = NONE
        y.jh_weeks[exiting] = 0
        y.jh_entry_need[exiting] = NO_NEED
        y.jh_level[escalating] += 1
        y.jh_level[entering] = level
        y.jh_weeks[entering] = 0
        y.jh_entry_need[entering] = need_in
        y.jh_year_new[new] = True
        model.youthwork.use_signals(model, entering)  # help has started: the signal has done its work
        # Slots in care after this week: those who did not exit and the entrants (disjoint).
        self.in_care = inc = np.concatenate((inc[~exits], entering))
        y.jh_weeks[inc] += 1
        y.jh_last_week[inc] = t
        y.jh_year_any[inc] = True
        y.jh_year_stay[inc[y.jh_level[inc] == STAY]] = True

    def record(self, model) -> None:
        """Youths in care by level after this week (care-weeks), and the week's cost of care."""
        y = model.y
        in_care = self.in_care
        by_level = np.bincount(y.jh_level[in_care], minlength=STAY + 1)  # youths per care level (none at 0)
        self.week.update(in_care=by_level.sum(), in_care_u18=np.count_nonzero(y.age[in_care] < AGE_ADULT),
                         in_care_stay=by_level[STAY], care_weeks_light=by_level[LIGHT],
                         care_weeks_specialist=by_level[SPECIALIST], care_weeks_stay=by_level[STAY],
                         jh_care_cost=float(by_level @ self.cost_week))

    def close_year(self, model, year) -> None:
        """Prevalences (any care during the year), inflow in persons, durations and shares of the year."""
        y = model.y
        u18, adults = year.mask("jeugdhulp_prevalence_u18"), year.mask("jeugdhulp_prevalence_18_23")
        vul = y.vulnerable
        s = year.sums
        year.set("jeugdhulp_prevalence_u18", year.share(y.jh_year_any, u18))
        year.set("jeugdhulp_prevalence_18_23", year.share(y.jh_year_any,
                 adults))
        year.set("jeugdhulp_prevalence_u18_vulnerable", year.share(y.jh_year_any, u18 & vul))
        year.set("jeugdhulp_prevalence_u18_other", year.share(y.jh_year_any, u18 & ~vul))
        year.set("jeugdhulp_new_persons_per_year", np.count_nonzero(y.jh_year_new))
        year.set("jeugdhulp_inflow_rate_u18",
                 year.share(y.jh_year_new, year.mask("jeugdhulp_inflow_rate_u18")))
        exits = s["jh_exits"]
        year.set("jeugdhulp_mean_duration_years",
                 s["jh_exit_weeks"] / exits / WEEKS_PER_YEAR if exits else 0.0)
        entries = s["jh_entries"]
        year.set("jeugdhulp_untreated_weeks_before_entry",
                 s["jh_untreated_weeks_at_entry"] / (entries / model.scale) if entries else 0.0)
        for name, n, w in (
                ("care_weeks_per_spell_with_programme", "jh_completed_prog", "jh_completed_prog_weeks"),
                ("care_weeks_per_spell_without_programme", "jh_completed", "jh_completed_weeks")):
            year.set(name, s[w] / s[n] if s[n] else 0.0)
        any_care = np.count_nonzero(y.jh_year_any)
        year.set("jeugdhulp_with_stay_share",
                 np.count_nonzero(y.jh_year_stay) / any_care if any_care else 0.0)
        u18_wijk = year.mask("jeugdhulp_in_care_10_17", "per_wijk")
        n_u18 = year.by_wijk(mask=u18_wijk)
        care_u18 = year.by_wijk(mask=u18_wijk & y.jh_year_any)
        year.set("jeugdhulp_in_care_10_17", care_u18, "per_wijk")
        year.set("jeugdhulp_prevalence_u18", np.divide(care_u18, n_u18, out=np.zeros(n_u18.shape),
                                                       where=n_u18 > 0), "per_wijk")
        year.set("jeugdhulp_prevalence", np.array([year.share(y.jh_year_any, m) for m in year.groups]),
                 "per_group")
