"""The observation model: what the city and Bindkracht10 can measure, and with which noise.

Each :class:`Indicator` names a result the model declares (a KPI, or the yearly sum of a weekly series) and
says how the real measurement of it comes about:

* ``survey`` — a yearly questionnaire of ``n`` youths (the NJI protective factors): the observed value is the
  mean of ``n`` answers, so it scatters around the city mean with standard deviation ``sd / sqrt(n)``
  (``sd``: the spread between youths plus the questionnaire's own error);
* ``count`` — a registration of events or persons (Halt referrals, police nuisance reports, CBS youth-care
  inflow, contacts and caseloads in Bindkracht10's registration): the registration adds a relative error
  (``cv``: changes in how consistently things are registered from year to year) to the world's count, and
  CBS rounds to a multiple of ``rounding``. The world's own year-to-year randomness is not measurement
  noise: it comes from the model's replicates (or, without them, a Poisson approximation).

Indicators are read from the model's declarations (:data:`jwsim.model.results.KPIS`, the weekly series); an
indicator whose result the model does not (yet) declare is left out by :func:`available` rather than faked.

The noise sizes are *assumptions* except where a source is named; they are registered here as
:class:`jwsim.model.params.Param` entries (unit, range, source) like every number of the model, and listed in
docs/monitoring.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from jwsim.model.params import Param
from jwsim.model.processes import PROCESSES
from jwsim.model.results import KPIS, declared_weekly


def _m(
    name: str, value: float, unit: str, low: float, high: float, source: str, label_nl: str, description: str
) -> Param:
    return Param(name, value, unit, low, high, source, "monitor", label_nl, description)


# The observation model's own numbers (not used by the simulation).
MONITOR_PARAMS: dict[str, Param] = {
    p.name: p
    for p in (
        _m(
            "survey_sd_protective",
            0.10,
            "factor units",
            0.05,
            0.20,
            "the model's spread between youths of the mean protective factor (SD 0.099, full city, 2026); "
            "questionnaire error is an assumption on top",
            "Spreiding beschermende factoren tussen jongeren",
            "Standard deviation between surveyed youths of the mean protective-factor score.",
        ),
        _m(
            "survey_sd_school_motivation",
            0.15,
            "factor units",
            0.08,
            0.25,
            "assumption: one factor spreads more than the mean of ten",
            "Spreiding schoolmotivatie tussen jongeren",
            "Standard deviation between surveyed youths of the school-motivation score.",
        ),
        _m(
            "registration_cv_police",
            0.10,
            "share",
            0.0,
            0.3,
            "assumption: year-to-year change in how consistently the police register youth nuisance and Halt",
            "Registratieruis politie",
            "Relative registration error of police registrations (nuisance, Halt).",
        ),
        _m(
            "registration_cv_cbs",
            0.03,
            "share",
            0.0,
            0.15,
            "assumption: CBS youth-care statistics are a full count from the providers' records",
            "Registratieruis CBS jeugdhulp",
            "Relative registration error of the CBS youth-care inflow.",
        ),
        _m(
            "registration_cv_youthwork",
            0.10,
            "share",
            0.0,
            0.3,
            "assumption: Bindkracht10's contact registration varies with workload and software",
            "Registratieruis jongerenwerk",
            "Relative registration error of youth-work contacts and caseloads.",
        ),
        _m(
            "cbs_rounding",
            5.0,
            "persons",
            1.0,
            10.0,
            "CBS publishes youth-care counts per municipality rounded to multiples of 5",
            "Afronding CBS",
            "CBS rounds the youth-care counts to a multiple of this.",
        ),
    )
}


@dataclass(frozen=True)
class Indicator:
    """One measurable indicator.

    Attributes:
        name: identifier in observation files (Dutch, as the city names it).
        unit_nl: the unit in Dutch (observation files may use either).
        result: the model result: a KPI name, or ``weekly:<series>`` (the yearly sum of a weekly series).
        kind: ``"survey"`` or ``"count"``.
        unit: the unit of the observed value (observation files must use it).
        label_nl: Dutch label.
        label_en: English label.
        noise: the name of the noise parameter (``MONITOR_PARAMS``): the between-youth SD for a survey, the
            relative registration error for a count.
        source_nl: who measures it (Dutch).
        maximum: the largest value that is possible at all (a survey score lies in [0, 1]; a count cannot
            exceed the youths who could be counted, with room for repeated contacts).
        rounding: the name of a rounding parameter (CBS), or None.
        higher_is_better: the direction policy wants.

    """

    name: str
    result: str
    kind: str
    unit: str
    label_nl: str
    label_en: str
    noise: str
    source_nl: str
    maximum: float
    unit_nl: str = ""
    rounding: str | None = None
    higher_is_better: bool = False

    def label(self, lang: str = "nl") -> str:
        """Return the label in ``lang``."""
        return self.label_nl if lang == "nl" else self.label_en

    def short(self, lang: str = "nl") -> str:
        """Return the label without its parenthesis, for sentences."""
        return self.label(lang).split(" (")[0]

    def unit_in(self, lang: str = "nl") -> str:
        """Return the unit in ``lang``."""
        return self.unit_nl if lang == "nl" and self.unit_nl else self.unit

    def model_values(
        self, kpis: Mapping[str, np.ndarray], weekly: Mapping[str, np.ndarray], weeks_per_year: int
    ) -> np.ndarray:
        """Return the yearly values of the model result (one run: ``(years,)``; stacked: ``(..., years)``)."""
        if self.result.startswith("weekly:"):
            series = np.asarray(weekly[self.result.split(":", 1)[1]], dtype=float)
            n_years = series.shape[-1] // weeks_per_year
            blocks = series[..., : n_years * weeks_per_year]
            return blocks.reshape(*series.shape[:-1], n_years, weeks_per_year).sum(axis=-1)
        return np.asarray(kpis[self.result], dtype=float)

    def measurement_variance(
        self, expected: np.ndarray | float, params: Mapping[str, float], survey_n: int | None = None
    ) -> np.ndarray:
        """Variance that the measurement adds to one year's value ``expected`` of the world.

        A survey: ``sd**2 / n``. A count: the registration error ``(cv * expected)**2`` plus the rounding
        (uniform: ``rounding**2 / 12``). The world's own randomness (which youths happen to get a Halt
        referral this year) is not the measurement's: a run of the model is one possible world.
        """
        m = np.asarray(expected, dtype=float)
        sd = params[self.noise]
        if self.kind == "survey":
            if not survey_n:
                raise ValueError(f"{self.name}: a survey indicator needs the number of respondents")
            return np.full_like(m, sd**2 / survey_n)
        var = (sd * m) ** 2
        if self.rounding:
            var = var + params[self.rounding] ** 2 / 12.0
        return var

    def world_variance(self, expected: np.ndarray | float, params: Mapping[str, float], scale: float = 1.0,
                       youths: float = 40_000.0) -> np.ndarray:
        """Return the randomness of one world's value, approximated without replicates.

        A count of events among many youths is close to Poisson: variance ``scale * expected`` (a run at
        ``scale`` S counts agents that stand for S youths each; measured at scale 20: replicate variance
        0.3-1.5 times that). A survey indicator is a mean over the ``youths / scale`` agents of a world:
        variance ``sd**2 * scale / youths`` (measured at scale 20: replicate SD 0.0017 against 0.0022).
        """
        m = np.asarray(expected, dtype=float)
        if self.kind == "count":
            return scale * np.maximum(m, 0.0)
        return np.full_like(m, params[self.noise] ** 2 * scale / youths)

    def observe(
        self,
        world_value: np.ndarray | float,
        params: Mapping[str, float],
        rng: np.random.Generator,
        survey_n: int | None = None,
    ) -> np.ndarray:
        """Say what the measurement would show of ``world_value`` (one world's value: a run of the model)."""
        m = np.asarray(world_value, dtype=float)
        if self.kind == "survey":
            if not survey_n:
                raise ValueError(f"{self.name}: a survey indicator needs the number of respondents")
            return np.clip(m + rng.normal(0.0, params[self.noise] / math.sqrt(survey_n), m.shape), 0.0, 1.0)
        registered = np.maximum(m * (1.0 + rng.normal(0.0, params[self.noise], m.shape)), 0.0)
        if self.rounding:
            step = params[self.rounding]
            return np.round(registered / step) * step
        return np.round(registered)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "beschermende_factoren",
        "protective_mean",
        "survey",
        "factor units (0-1)",
        "Beschermende factoren (gemiddelde, enquête)",
        "Protective factors (mean, survey)",
        "survey_sd_protective",
        "jaarlijkse jongerenenquête",
        1.0,
        "score (0-1)",
        higher_is_better=True,
    ),
    Indicator(
        "schoolmotivatie",
        "school_motivation_mean",
        "survey",
        "factor units (0-1)",
        "Schoolmotivatie (gemiddelde, enquête)",
        "School motivation (mean, survey)",
        "survey_sd_school_motivation",
        "jaarlijkse jongerenenquête",
        1.0,
        "score (0-1)",
        higher_is_better=True,
    ),
    Indicator(
        "halt_verwijzingen",
        "halt_per_year",
        "count",
        "referrals/year",
        "Halt-verwijzingen per jaar",
        "Halt referrals per year",
        "registration_cv_police",
        "Halt / politie",
        20_000.0,
        "verwijzingen/jaar",
    ),
    Indicator(
        "jeugdoverlast_meldingen",
        "jeugdoverlast_registered_per_year",
        "count",
        "reports/year",
        "Geregistreerde jeugdoverlast (meldingen per jaar)",
        "Registered youth nuisance (reports/year)",
        "registration_cv_police",
        "politie (meldingen jeugdoverlast)",
        100_000.0,
        "meldingen/jaar",
    ),
    Indicator(
        "jeugdhulp_instroom",
        "jeugdhulp_entries_per_year",
        "count",
        "youths/year",
        "Instroom jeugdhulp (personen per jaar, CBS)",
        "Youth-care inflow (persons/year, CBS)",
        "registration_cv_cbs",
        "CBS jeugdhulpstatistiek",
        50_000.0,
        "jongeren/jaar",
        rounding="cbs_rounding",
    ),
    Indicator(
        "ib_jongeren",
        "ib_youths_per_year",
        "count",
        "youths/year",
        "Jongeren in individuele begeleiding per jaar",
        "Youths in individual guidance per year",
        "registration_cv_youthwork",
        "registratie Bindkracht10",
        5_000.0,
        "jongeren/jaar",
        higher_is_better=True,
    ),
    *(
        Indicator(
            f"contacten_{form}",
            f"weekly:contacts_{form}",
            "count",
            "contacts/year",
            f"Contacten {nl} per jaar",
            f"{en} contacts per year",
            "registration_cv_youthwork",
            "registratie Bindkracht10",
            5_000_000.0,
            "contacten/jaar",
            higher_is_better=True,
        )
        for form, nl, en in (("ambulant", "ambulant werk", "Ambulant-work"),
                             ("sjw", "schooljongerenwerk", "School youth-work"),
                             ("wijk", "wijkwerk", "Wijk-work"))
    ),
)


def declared(indicator: Indicator) -> bool:
    """Whether the model declares the result the indicator measures."""
    if indicator.result.startswith("weekly:"):
        series = indicator.result.split(":", 1)[1]
        return any(r.name == series and r.series for r in declared_weekly(PROCESSES))
    return indicator.result in KPIS


def available() -> tuple[Indicator, ...]:
    """Return the indicators whose model result is declared (in catalogue order)."""
    return tuple(i for i in INDICATORS if declared(i))


BY_NAME: dict[str, Indicator] = {i.name: i for i in INDICATORS}


def monitor_values(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """Return the observation model's numbers: the registered values with ``overrides`` on top."""
    values = {n: p.value for n, p in MONITOR_PARAMS.items()}
    values.update(overrides or {})
    return values
