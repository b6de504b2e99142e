"""Minimal relevant differences: how large a change must be to matter for a policy choice.

A difference can be statistically certain (its 95% interval excludes zero) and still too small to act on:
half a nuisance report fewer on 822 a year. Each outcome the app and ``jwsim compare`` judge has a
*minimal relevant difference* (MRD), as a share of the reference level. Only a certain difference at least
that large is called better or worse; a certain but smaller one is "too small to matter".

The values are *assumptions* (no Dutch source sets them): the smallest change a beleidsadviseur would name
in a raadsvoorstel, chosen so that a change of this size over a year is a handful of youths or reports in
Nijmegen. Set them with the municipality; ``docs/parameters.md`` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Relevance:
    """The minimal relevant difference of one outcome.

    Attributes:
        share: the MRD as a share of the reference level (0.05 = 5%).
        reason: why this size (an *assumption* with its reasoning).

    """

    share: float
    reason: str

    def threshold(self, reference_level: float) -> float:
        """Return the MRD in the outcome's own unit, for a reference at ``reference_level``."""
        return self.share * abs(reference_level)


_CARE = ("assumption: 5% of youths in care is some 80 youths 10-17 in Nijmegen; smaller shifts vanish in "
         "the year-to-year variation of CBS figures")
_CRIME = ("assumption: 5% of registrations is a few dozen reports or referrals a year, the smallest change "
          "police and Halt report on")

MINIMAL_RELEVANT: dict[str, Relevance] = {
    "jeugdhulp_prevalence_u18": Relevance(0.05, _CARE),
    "jeugdhulp_entries_per_year": Relevance(0.05, _CARE),
    "jeugdoverlast_registered_per_year": Relevance(0.05, _CRIME),
    "halt_per_10k_12_17": Relevance(0.05, _CRIME),
    "suspects_per_1000_12_17": Relevance(0.05, _CRIME),
    "suspects_per_1000_18_23": Relevance(0.05, _CRIME),
    "vsv_rate_12_23": Relevance(0.05, "assumption: 5% of early school leavers is a handful of youths a year "
                                      "(the RMC reports single youths)"),
    "need_onsets_per_year": Relevance(0.05, _CARE),
    "need_untreated_modsev_weeks": Relevance(0.05, _CARE),
    "care_weeks_specialist": Relevance(0.05, _CARE),
    "care_weeks_stay": Relevance(0.05, _CARE),
    "returns_per_year": Relevance(
        0.05, "assumption: 5% of the returns to school or work is about ten youths a year, the smallest "
              "change the RMC would report"),
    "startkwalificatie_share_18_23": Relevance(
        0.01, "assumption: one percentage point of 18-23-year-olds (some 300 youths) with or without a "
              "startkwalificatie; 5% of a level near 80% would hide real changes"),
    "protective_gap_vulnerable": Relevance(
        0.05, "assumption: a 5% narrower gap between vulnerable youths and others is the smallest step the "
              "note's equity aim would count"),
}


def relevant(kpi: str, difference: float, reference_level: float) -> bool | None:
    """Whether ``difference`` is at least the MRD of ``kpi`` (``None``: the KPI has no MRD)."""
    rel = MINIMAL_RELEVANT.get(kpi)
    if rel is None:
        return None
    return abs(difference) >= rel.threshold(reference_level)
