"""Programmes of the youth-work process: individual guidance (IB) and School-Werk-Fit (SWF).

* Places: IB slots = Bindkracht10's IB direct hours / ``ib_hours_per_youth``; SWF slots = the jeugdcoaches'
  SWF hours outside the VSO schools / ``swf_hours_per_youth`` (SWF is largely group work: 4.5 FTE with 30%
  at the VSO schools give ~40 places, ~80-100 youths a year with ``swf_mean_weeks``).
* Each week free places are filled with the highest-need eligible youths known to youth work. IB: a
  meaningful relation or a signal, not a student, not in care with stay; need = risk score, plus
  ``ib_intake_in_care_bonus`` in care (a normalising alternative) and ``ib_intake_vulnerable_bonus`` when
  vulnerable. SWF, by its criteria (Nota §3.2): Jeugd & Veiligheid youths of 12+ who are pupils at risk of
  dropping out (VO/PRO/MBO pupils whose school motivation — the proxy for absence — lies at least
  ``swf_at_risk_motivation_gap`` below the city's mean), who have dropped out (registered by Leerrecht/RMC:
  the model's dropout state), or who are in light or specialist care (better served by SWF); also dropouts
  in a vulnerable situation outside the J&V group (assumption: RMC refers them; the J&V group holds only a
  handful of dropouts); need = the
  motivation gap + delinquency score, plus ``swf_intake_dropout_bonus`` for dropouts and
  ``swf_intake_in_care_bonus`` for youths in care.
* Durations are geometric with the registered means (at least ``programme_min_weeks``); a programme ends
  early when help with stay starts.
* Participants are at full exposure to their programme: the factors process shifts the factors it works on
  by its graded effect sizes (``d_ib``, ``d_swf``; :data:`~.contact_forms.PROGRAMME_EFFECTS`). For IB
  youths of
  16+ weekly financial coaching lowers debt stress (``ib_debt_relief_per_week``).
"""

from __future__ import annotations

import numpy as np

from ..numerics import U_BELOW_ONE
from ..population import (
    AGE_MBO,
    AGE_SECONDARY,
    MBO,
    P_SCHOOLMOTIVATIE,
    PRO,
    R_DEBT,
    VO,
)
from .contact_forms import EXPOSURE_COLUMN
from .jeugdhulp import STAY

IB, SWF = 1, 2  # programme codes (y.programme); programme_year holds them as bit flags


def top(score: np.ndarray, k: int) -> np.ndarray:
    """Return the positions of the ``k`` highest scores without sorting all candidates.

    Ties are broken by position (as a stable descending sort would).
    """
    if k >= score.size:
        return np.arange(score.size)
    kth = np.partition(score, score.size - k)[score.size - k]
    above = (score > kth).nonzero()[0]
    ties = (score == kth).nonzero()[0][: k - above.size]
    return np.sort(np.concatenate((above, ties)))


class Programmes:
    """IB and SWF places, intake, exit and weekly guidance (part of the youth-work process)."""

    def __init__(self, model) -> None:
        self.p = model.params
        self.u = model.uniforms  # drawn after the contact uniforms are used
        self.known = np.zeros(model.y.n, bool)
        self.ib_slots = self.swf_slots = 0
        self.ib_count = self.swf_count = 0
        self.intake = {IB: 0, SWF: 0}
        self.swf_chosen = np.zeros(0, np.intp)  # this week's SWF intake (slots), for the per-school table

    def set_places(self, ib_hours: float, swf_hours: float, scale: float) -> None:
        """Set the places (agents: youths / ``scale``) from the weekly hours of IB and of SWF outside VSO."""
        p = self.p
        self.ib_slots = int(round(ib_hours / p["ib_hours_per_youth"] / scale))
        self.swf_slots = int(round(swf_hours / p["swf_hours_per_youth"] / scale))

    def end_beyond_places(self, model) -> None:
        """After a switch to fewer IB or SWF places, end the guidance the remaining FTE cannot give.

        Without this a cut (or the no-youth-work counterfactual after the 2025 burn-in) kept its old
        caseload, with full effect, until each trajectory ended by itself: more youths in guidance than
        places, for up to ~1.5 years. Assumption: the trajectories closest to their planned end are closed
        first (they had most of their benefit); no random draw, so no other stream shifts.
        """
        y = model.y
        for kind, slots in ((IB, self.ib_slots), (SWF, self.swf_slots)):
            rows = (y.programme == kind).nonzero()[0]
            excess = rows.size - max(slots, 0)
            if excess > 0:
                stop = rows[np.argsort(y.programme_weeks_left[rows], kind="stable")[:excess]]
                y.programme[stop] = 0
                y.programme_weeks_left[stop] = 0
                y.programme_year[stop] &= np.int8(~kind)  # the switch is at New Year: no guidance this year
        self.ib_count = int(np.count_nonzero(y.programme == IB))
        self.swf_count = int(np.count_nonzero(y.programme == SWF))

    def step(self, model, rng: np.random.Generator) -> None:
        """End, fill and give this week's guidance."""
        p, y = self.p, model.y
        age = y.age
        rng.random(out=self.u, dtype=np.float32)
        in_prog = (y.programme > 0).nonzero()[0]
        y.programme_weeks_left[in_prog] -= 1
        ends = (y.programme_weeks_left[in_prog] <= 0) | (y.jh_level[in_prog] == STAY)
        ending = in_prog[ends]
        y.programme[ending] = 0
        y.programme_weeks_left[ending] = 0
        self.ib_count = int(np.count_nonzero(y.programme[in_prog] == IB))
        self.swf_count = int(np.count_nonzero(y.programme[in_prog] == SWF))
        free_ib = self.ib_slots - self.ib_count
        chosen_ib = chosen_swf = in_prog[:0]
        if free_ib > 0:
            # Known to youth work (a meaningful relation or a signal): a pool of a few thousand, then the
            # other conditions on the pool only.
            known = np.greater_equal(y.relation, p["meaningful_relation"], out=self.known)
            known |= y.signalled
            cand = known.nonzero()[0]
            cand = cand[(y.programme[cand] == 0) & ~y.student[cand] & (y.jh_level[cand] < STAY)]
            score = (y.risk_score[cand] + p["ib_intake_in_care_bonus"] * (y.jh_level[cand] > 0)
                     + p["ib_intake_vulnerable_bonus"] * y.vulnerable[cand])
            chosen_ib = cand[top(score, free_ib)]
            self._start(y, chosen_ib, IB, p["ib_mean_weeks"])
        free_swf = self.swf_slots - self.swf_count
        if free_swf > 0:
            # The Jeugd & Veiligheid group (a few hundred youths) and the registered dropouts in a vulnerable
            # situation (Leerrecht/RMC refer them; assumption: the J&V group alone holds only a handful).
            cand = (y.jv | (y.dropout & y.vulnerable)).nonzero()[0]
            cand = cand[(y.programme[cand] == 0) & ~y.student[cand] & (age[cand] >= AGE_SECONDARY)
                        & (y.jh_level[cand] < STAY)]
            gap = model.school.motivation_ref - y.P[cand, P_SCHOOLMOTIVATIE]
            st = y.school_type[cand]
            pupil = (st == VO) | (st == PRO) | (st == MBO)
            at_risk = pupil & (gap >= p["swf_at_risk_motivation_gap"])
            in_care = y.jh_level[cand] > 0
            dropout = y.dropout[cand]
            keep = at_risk | dropout | in_care
            cand = cand[keep]
            score = (gap[keep] + y.delinquency[cand] + p["swf_intake_dropout_bonus"] * dropout[keep]
                     + p["swf_intake_in_care_bonus"] * in_care[keep])
            chosen_swf = cand[top(score, free_swf)]
            self._start(y, chosen_swf, SWF, p["swf_mean_weeks"])
        self.intake = {IB: chosen_ib.size, SWF: chosen_swf.size}
        self.swf_chosen = chosen_swf
        # In a programme now: those who did not end, and the new intake (chosen among youths in none, so
        # the three sets are disjoint; the order of the slots does not matter below).
        in_prog = np.concatenate((in_prog[~ends], chosen_ib, chosen_swf))
        kind = y.programme[in_prog]
        ib, swf = in_prog[kind == IB], in_prog[kind == SWF]
        self.ib_count, self.swf_count = ib.size, swf.size
        y.exposure[ib, EXPOSURE_COLUMN["ib"]] = 1.0  # participants at full exposure (a few dozen youths)
        y.exposure[swf, EXPOSURE_COLUMN["swf"]] = 1.0
        debt = ib[age[ib] >= AGE_MBO]  # financial coaching is part of IB (Nota §1.4)
        model.factors.lower_risk(model, debt, R_DEBT, np.float32(p["ib_debt_relief_per_week"]))
        y.programme_year[ib] |= IB
        y.programme_year[swf] |= SWF

    def _start(self, y, idx: np.ndarray, kind: int, mean_weeks: float) -> None:
        u = self.u[idx].astype(np.float64)
        weeks = np.ceil(-np.log1p(-np.minimum(u, U_BELOW_ONE)) * mean_weeks)
        weeks = np.maximum(self.p["programme_min_weeks"], weeks).astype(np.int32)
        y.programme[idx] = kind
        y.programme_weeks_left[idx] = weeks
