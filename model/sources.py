"""Readable sources: the evidence codes the registry cites, as short citations in Dutch and English.

The parameter registry (``params.py``) and the calibration targets cite figures by the IDs of the
evidence table in ``docs/evidence.md`` (``P8-INF``, ``I5.1``, ``B1-N2``, ``J`` for the suggested priors of
its section J, ...). A code means nothing to a reader of the app, so this module is the one mapping from a
code to a short citation (author or publisher, year, what it says): the app's tooltips and its "Over het
model" page, and ``docs/parameters.md`` (``params_doc``), all show a source through :func:`readable_source`.
``tests/model/test_sources.py`` checks that every code the registry cites is here and in the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EVIDENCE_DOC = "docs/evidence.md"


@dataclass(frozen=True)
class Citation:
    """A short citation of one row of the evidence table."""

    nl: str
    en: str

    def text(self, lang: str) -> str:
        """Return the citation in ``lang`` ('nl' or 'en')."""
        return self.en if lang == "en" else self.nl


def _c(nl: str, en: str) -> Citation:
    return Citation(nl, en)


CITATIONS: dict[str, Citation] = {
    # 0. the policy note (Nota Opdracht Jongerenwerk en Jeugdcoaches 2026-2030) and what follows from it
    "P4": _c("Nota 2026-2030 §7.2.1: IB minstens 3 fte voor 40-50 jongeren",
             "Policy note 2026-2030 §7.2.1: IB at least 3 FTE for 40-50 youths"),
    "P4-INF": _c("berekend uit de nota: 13-17 jongeren per fte IB",
                 "calculated from the policy note: 13-17 youths per IB FTE"),
    "P5": _c("Nota 2026-2030 §7.1.3: SJW minstens 12 uur per school (niet te controleren)",
             "Policy note 2026-2030 §7.1.3: SJW at least 12 h per school (not verifiable)"),
    "P6": _c("Nota 2026-2030 §5 en Stadsmonitor 2024: ca. 20% van de jongeren kwetsbaar",
             "Policy note 2026-2030 §5 and Stadsmonitor 2024: ~20% of youths vulnerable"),
    "P8": _c("Nota 2026-2030 §9, Tabel 1 (budget)", "Policy note 2026-2030 §9, Tabel 1 (budget)"),
    "P8-INF": _c("berekend uit Tabel 1 van de nota: WWZ € 2.560.743 / 26,5 fte",
                 "calculated from the policy note's Tabel 1: WWZ EUR 2,560,743 / 26.5 FTE"),
    "P8-INF2": _c("berekend uit Tabel 1 van de nota: jeugdcoaches € 520.000 / 8,5 fte",
                  "calculated from the policy note's Tabel 1: jeugdcoaches EUR 520,000 / 8.5 FTE"),
    "P8-INF3": _c("berekend uit Tabel 1 van de nota: uren SJW voor € 300.000",
                  "calculated from the policy note's Tabel 1: SJW hours bought by EUR 300,000"),
    # A. population
    "A2": _c("Stads- en Wijkmonitor Nijmegen 2019/2022: ca. 25% is 18-30 jaar (studenten)",
             "Nijmegen Stads- en Wijkmonitor 2019/2022: ~25% aged 18-30 (students)"),
    "A5": _c("Stads- en Wijkmonitor Nijmegen 2025: VVE-indicatie per wijk",
             "Nijmegen Stads- en Wijkmonitor 2025: VVE indication per wijk"),
    # B. jeugdhulp
    "B1-N1": _c("Stads- en Wijkmonitor Nijmegen 2023: 15,1% van de 0-17-jarigen in jeugdhulp (gemeente)",
                "Nijmegen Stads- en Wijkmonitor 2023: 15.1% of under-18s in jeugdhulp (municipal)"),
    "B1-N2": _c("Begroting Nijmegen 2023/2024, indicatoren: 13,4% van de 0-17-jarigen in jeugdhulp (CBS)",
                "Nijmegen budget 2023/2024, indicators: 13.4% of under-18s in jeugdhulp (CBS)"),
    "B1.4": _c("CBS 2022 (via blikopnieuws.nl): jeugdhulp naar leeftijd, 1,4% van 18-22-jarigen",
               "CBS 2022 (via blikopnieuws.nl): jeugdhulp by age, 1.4% of 18-22-year-olds"),
    "B1.5": _c("CBS (via fok.nl 2017) en Jeugdautoriteit 2024: jeugdhulp jongens/meisjes ongeveer 1,4",
               "CBS (via fok.nl 2017) and Jeugdautoriteit 2024: jeugdhulp boys/girls about 1.4"),
    "B1.6": _c("NJI over het CBS-jaarrapport 2016: jeugdreclassering jongens/meisjes 3,5 keer",
               "NJI on the CBS annual report 2016: jeugdreclassering boys/girls 3.5 times"),
    "B2.1": _c("CBS, Jeugdhulp 1e halfjaar 2023: 95% zonder verblijf",
               "CBS, Jeugdhulp first half of 2023: 95% without stay"),
    "B2.3": _c("CBS, Jeugdhulp 2021: soort hulp bij nieuwe trajecten",
               "CBS, Jeugdhulp 2021: type of help in new trajectories"),
    "B3.1": _c("CBS 2020, instroomprofielen (Eindhoven): ruim 4% per jaar nieuw in jeugdhulp",
               "CBS 2020, inflow profiles (Eindhoven): just over 4% enter jeugdhulp per year"),
    "B3.2": _c("CBS 2020, instroomprofielen: hoog risico 9% of meer, laag risico 2% of minder per jaar",
               "CBS 2020, inflow profiles: high risk 9% or more, low risk 2% or less a year"),
    "B3.3": _c("CBS, Jeugdhulp 1e halfjaar 2021: trajecten, instroom en uitstroom",
               "CBS, Jeugdhulp first half of 2021: trajectories, inflow and outflow"),
    "B3.4": _c("CBS, Jeugdhulp 2021: nieuwe trajecten per jaar",
               "CBS, Jeugdhulp 2021: new trajectories per year"),
    "B3.6-INF": _c("berekend uit CBS-cijfers (wet van Little): gemiddeld traject 1,2-1,4 jaar",
                   "calculated from CBS figures (Little's law): mean trajectory 1.2-1.4 years"),
    "B3.7": _c("CBS-tabellen trajectduur; één lokaal team: 70-85% binnen een jaar afgesloten (zwak)",
               "CBS duration tables; one local team: 70-85% closed within a year (weak)"),
    "B4.4-INF": _c("berekend uit de Stadsbegroting Nijmegen 2020: kosten per cliëntjaar",
                   "calculated from Nijmegen's 2020 budget: cost per client-year"),
    # C. mental health, loneliness
    "C1": _c("RIVM, HBSC 2021: 30,5% van de 12-16-jarigen heeft psychische problemen",
             "RIVM, HBSC 2021: 30.5% of 12-16-year-olds have mental problems"),
    "C4": _c("Trimbos Scholierenmonitor: niveau 2021-2023 ongeveer gelijk",
             "Trimbos school survey: level roughly flat 2021-2023"),
    "C8": _c("CBS (via NRC en RTL): sterke eenzaamheid bij 15-plussers",
             "CBS (via NRC and RTL): strong loneliness among people aged 15+"),
    "C9": _c("CBS (via NH Nieuws en nieuws.nl): ca. 14% van de 15-25-jarigen sterk emotioneel eenzaam",
             "CBS (via NH Nieuws and nieuws.nl): ~14% of 15-25-year-olds strongly emotionally lonely"),
    # D. other risk factors
    "D2": _c("Nota (Stadsmonitor): 1 op de 5 kinderen in armoede of een moeilijke thuissituatie",
             "Policy note (Stadsmonitor): 1 in 5 children in poverty or a difficult home situation"),
    "D3": _c("Nibud 2014 (via geldshop.nl): ca. 20% van de 18-24-jarigen heeft een betalingsachterstand",
             "Nibud 2014 (via geldshop.nl): ~20% of 18-24-year-olds have payment arrears"),
    "D4": _c("Nibud 2019 (via 072bewind.nl): ruim 400.000 jongeren met ernstige betalingsproblemen",
             "Nibud 2019 (via 072bewind.nl): over 400,000 youths with serious payment problems"),
    "D5": _c("Nibud 2018 (via jeugdzorgbeleid.nl): 37% van de mbo-studenten van 18+ heeft een schuld",
             "Nibud 2018 (via jeugdzorgbeleid.nl): 37% of MBO students aged 18+ have a debt"),
    "D9": _c("Brief van de minister van BZK 2010 (kst-28684-264): 75% van de jeugdcriminaliteit in groepen",
             "Letter of the Minister of the Interior 2010 (kst-28684-264): 75% of youth crime in groups"),
    # E. early school leaving
    "E1": _c("DUO/OCW (via vosabb.nl): nieuwe voortijdig schoolverlaters, 1,87% van de 12-23-jarigen",
             "DUO/OCW (via vosabb.nl): new early school leavers, 1.87% of 12-23-year-olds"),
    "E2": _c("VSV-Verkenner 2012-2013: voortijdig schoolverlaten 0,6% in het vo, 5,7% in het mbo",
             "VSV-Verkenner 2012-2013: early school leaving 0.6% in VO, 5.7% in MBO"),
    "E3": _c("Onderwijs in cijfers: voortijdig schoolverlaten RMC-regio Arnhem-Nijmegen 1,81%",
             "Onderwijs in cijfers: early school leaving in RMC region Arnhem-Nijmegen 1.81%"),
    # F. youth crime and Halt
    "F1": _c("CBS 2024 (via vl-nieuws.nl): 14,4 verdachten per 1.000 12-17-jarigen (2022)",
             "CBS 2024 (via vl-nieuws.nl): 14.4 suspects per 1,000 aged 12-17 (2022)"),
    "F2": _c("CBS 2024 (via vl-nieuws.nl): 19,4 verdachten per 1.000 18-24-jarigen (2022)",
             "CBS 2024 (via vl-nieuws.nl): 19.4 suspects per 1,000 aged 18-24 (2022)"),
    "F5": _c("CBS 2025 en Halt-jaarverslag 2019: Halt-verwijzingen, driekwart jongens",
             "CBS 2025 and Halt annual report 2019: Halt referrals, three quarters boys"),
    "F-N1": _c("Stads- en Wijkmonitor Nijmegen 2020: 84 Halt-verwijzingen per 10.000 12-17-jarigen (2018)",
               "Nijmegen Stads- en Wijkmonitor 2020: 84 Halt referrals per 10,000 aged 12-17 (2018)"),
    "F-N4": _c("politiecijfers (nu.nl; ANP/Beke): problematische jeugdgroepen",
               "police figures (nu.nl; ANP/Beke): problematic youth groups"),
    # G. overlast and seasons
    "G2": _c("politie via LocalFocus (2020): meldingen jeugdoverlast per 1.000 inwoners",
             "police via LocalFocus (2020): youth nuisance reports per 1,000 inhabitants"),
    "G3": _c("Veiligheidsmonitor (via NJI): overlast van rondhangende jongeren",
             "Veiligheidsmonitor (via NJI): nuisance from loitering youths"),
    "G4": _c("Rijnmond (Rotterdam 2020): jeugdoverlast 's zomers twee keer zo hoog als 's winters",
             "Rijnmond (Rotterdam 2020): youth nuisance in summer twice that in winter"),
    "G5": _c("politie (Hart van Nederland, nu.nl 2020): meer meldingen doordat mensen thuis zijn",
             "police (Hart van Nederland, nu.nl 2020): more reports because people were at home"),
    "G6": _c("incidenten rond de jaarwisseling (Metro/Parool, Tubantia, Omroep Gelderland)",
             "incidents around New Year (Metro/Parool, Tubantia, Omroep Gelderland)"),
    "G-N1": _c("Stads- en Wijkmonitor Nijmegen 2020: 814 meldingen jeugdoverlast (2019)",
               "Nijmegen Stads- en Wijkmonitor 2020: 814 youth nuisance reports (2019)"),
    # H. staff cost
    "H1": _c("CAO Sociaal Werk 2023-2025, loontabel bij een werkweek van 36 uur (nedflex.nl)",
             "CAO Sociaal Werk 2023-2025, wage table for a 36-hour week (nedflex.nl)"),
    # I. effects of interventions
    "I1.1": _c("Sonneveld, Metz & Manders 2019, De preventieve kracht van het jongerenwerk (HvA; "
               "zwak ontwerp)",
               "Sonneveld, Metz & Manders 2019, De preventieve kracht van het jongerenwerk (HvA; "
               "weak design)"),
    "I1.2": _c("Metz, Sonneveld & Koops 2014, individuele begeleiding door jongerenwerkers (HvA; "
               "zwak ontwerp)",
               "Metz, Sonneveld & Koops 2014, individual guidance by youth workers (HvA; weak design)"),
    "I1.5": _c("Nota: drempel van 12 uur SJW per school (het onderzoek erachter is niet gevonden)",
               "Policy note: 12-hour SJW threshold per school (the study behind it was not found)"),
    "I2-INF": _c("omgerekend uit mentoring-onderzoek (d = 0,21) naar jeugdhulp (extrapolatie)",
                 "converted from mentoring research (d = 0.21) to jeugdhulp (extrapolation)"),
    "I2.1": _c("Raposa e.a. 2019, meta-analyse van mentoring (g ≈ 0,21)",
               "Raposa et al. 2019, meta-analysis of mentoring (g ≈ 0.21)"),
    "I2.2": _c("DuBois e.a. 2002 en 2011, meta-analyses van mentoring (klein effect)",
               "DuBois et al. 2002 and 2011, meta-analyses of mentoring (small effect)"),
    "I2.3": _c("Tolan e.a. 2013, Campbell-review mentoring van risicojongeren (d 0,11-0,29)",
               "Tolan et al. 2013, Campbell review of mentoring at-risk youth (d 0.11-0.29)"),
    "I2.4": _c("Herrera e.a. 2007, mentoring op school (d ≈ 0,25 op verzuim en gedrag)",
               "Herrera et al. 2007, school-based mentoring (d ≈ 0.25 on absence and misconduct)"),
    "I3.1": _c("Ciocanel e.a. 2017, meta-analyse positieve jeugdontwikkeling (geen effect op probleemgedrag)",
               "Ciocanel et al. 2017, meta-analysis of positive youth development (no effect on problem "
               "behaviour)"),
    "I5.1": _c("Filges e.a. 2022, Campbell-review outreach (onbeslist)",
               "Filges et al. 2022, Campbell review of outreach (inconclusive)"),
    "I5.2": _c("Braga, Weisburd & Turchan 2018, focused deterrence bij groepen (matig effect)",
               "Braga, Weisburd & Turchan 2018, focused deterrence for groups (moderate effect)"),
    "I5.3": _c("straatcoaches in Den Bosch, Venlo, Rheden en Amsterdam (ervaren effecten, "
               "geen controlegroep)",
               "street coaches in Den Bosch, Venlo, Rheden and Amsterdam (perceived effects, "
               "no control group)"),
    "I7.1": _c("Wilson e.a. 2011, Campbell-review voorkomen van schooluitval (OR 1,72)",
               "Wilson et al. 2011, Campbell review of dropout prevention (OR 1.72)"),
    "I9.1": _c("Rose e.a. 2024, schoolverbondenheid en risico's (g ≈ −0,35)",
               "Rose et al. 2024, school connectedness and risks (g ≈ −0.35)"),
    "I9.2": _c("Marraccini & Brier 2017, schoolverbondenheid en suïcidale gedachten (OR 0,54)",
               "Marraccini & Brier 2017, school connectedness and suicidal thoughts (OR 0.54)"),
    "I9.3": _c("Raniti e.a. 2022, schoolverbondenheid en latere depressie en angst",
               "Raniti et al. 2022, school connectedness and later depression and anxiety"),
    "I9.4": _c("Assink e.a. 2015, risicodomeinen van blijvend delinquent gedrag (d 0,20-0,76)",
               "Assink et al. 2015, risk domains of persistent offending (d 0.20-0.76)"),
    "I9.5": _c("Van der Laan e.a. (MZJ-cohorten): daling jeugdcriminaliteit 2005-2015",
               "Van der Laan et al. (MZJ cohorts): fall in youth crime 2005-2015"),
    # J. suggested priors; K. gaps; L. discrepancies
    "J": _c("afgeleide aanname voor de effectgrootte (evidence-tabel, §J)",
            "derived prior for the effect size (evidence table, §J)"),
    "K5": _c("niet gevonden: recente Nijmeegse cijfers over verdachten, Halt en schooluitval",
             "not found: recent Nijmegen figures on suspects, Halt and dropout"),
    "K9": _c("niet gevonden: Nibud 'Geldstress bij jongeren' (de bron van '1 op de 5' in de nota)",
             "not found: Nibud 'Geldstress bij jongeren' (the source of the note's '1 in 5')"),
    "L1": _c("bronnen wijken af: het jaartal van 30,5% psychische problemen in de nota",
             "sources differ: the year of the note's 30.5% with mental problems"),
    "L3": _c("bronnen wijken af: jeugdhulp 13,4% (CBS) tegen 15,1% (gemeente)",
             "sources differ: jeugdhulp 13.4% (CBS) against 15.1% (municipality)"),
    "L4": _c("bronnen wijken af: politiemeldingen van jeugdoverlast hangen af van meldgedrag",
             "sources differ: police nuisance reports depend on reporting behaviour"),
    "L5": _c("bronnen wijken af: armoedematen 5-8%, 10% en ca. 20%",
             "sources differ: poverty measures 5-8%, 10% and ~20%"),
    # M. course of need and effects of care
    "M1": _c("Roach e.a. 2023: 54% van onbehandelde jongeren met depressie/angst herstelt binnen een jaar",
             "Roach et al. 2023: 54% of untreated youths with depression/anxiety recover within a year"),
    "M2": _c("Weisz e.a. 2017/2013: jeugdtherapie in trials ES 0,46; bewezen tegen gebruikelijke zorg 0,29",
             "Weisz et al. 2017/2013: youth therapy in trials ES 0.46; evidence-based vs usual care 0.29"),
    "M3": _c("Bear e.a. 2020: gebruikelijke specialistische zorg, 38% betrouwbaar beter (ongecontroleerd)",
             "Bear et al. 2020: usual specialist care, 38% reliably improved (uncontrolled)"),
    "M4": _c("Ghio e.a. 2014: kortere onbehandelde duur, herstel RR 1,65 (volwassenen)",
             "Ghio et al. 2014: shorter untreated illness, remission RR 1.65 (adults)"),
    "M5": _c("Raven e.a. 2017 (TRAILS): lang wachten tot eerste behandeling, korter bij ernstige problemen",
             "Raven et al. 2017 (TRAILS): long delays to first treatment, shorter for more serious problems"),
}

KINDS: dict[str, Citation] = {
    "assumption": _c("aanname", "assumption"),
    "calibrated": _c("gekalibreerd", "calibrated"),
    "definition": _c("definitie", "definition"),
}
NO_SOURCE = _c("aanname zonder gepubliceerde bron", "assumption without a published source")

# A range of rows (I2.1-I2.3), then one code: P8-INF2, B1-N2, F-N1, B3.6-INF, I5.1, and J on its own
# (section J) but not the J of "J&V".
_RANGE = re.compile(r"(?<![\w.])([A-M])(\d+)\.(\d+)-\1\2\.(\d+)(?![\w.])")
_CODE = re.compile(
    r"(?<![\w.&/§-])(P\d+(?:-INF\d*)?|[A-M]\d+(?:\.\d+)?(?:-N\d+)?(?:-INF\d*)?|[A-M]-N\d+(?:-INF\d*)?|J)"
    r"(?![\w&]|\.\d)"
)
_NOTA = re.compile(r"Nota (§\d+(?:\.\d+)*)")


class UnknownEvidenceCode(KeyError):
    """A source cites a code that is not in the mapping (and so, probably, not in docs/evidence.md)."""


def evidence_codes(source: str) -> list[str]:
    """Return the evidence codes ``source`` cites, in order, each once (a range gives every row in it)."""
    found: list[str] = []
    rest = source
    for match in _RANGE.finditer(source):
        letter, major, first, last = match.group(1), match.group(2), int(match.group(3)), int(match.group(4))
        found += [f"{letter}{major}.{minor}" for minor in range(first, last + 1)]
        rest = rest.replace(match.group(0), " ")
    found += _CODE.findall(rest.replace("/", " "))
    return list(dict.fromkeys(found))


def citation(code: str, lang: str) -> str:
    """Return the short citation of ``code`` in ``lang``.

    Raises:
        UnknownEvidenceCode: the code is not in :data:`CITATIONS`.

    """
    try:
        return CITATIONS[code].text(lang)
    except KeyError:
        raise UnknownEvidenceCode(f"evidence code {code!r} has no citation in model/sources.py") from None


def source_kind(source: str) -> str:
    """Return 'assumption', 'calibrated', 'definition' or '' (a cited figure) for a registry source."""
    head = source.strip().lower()
    return next((kind for kind in KINDS if head.startswith(kind)), "")


def readable_source(source: str, lang: str) -> str:
    """Return a registry source as a reader can follow it: its kind, then each citation with its code.

    In Dutch only the kind and the Dutch citations are shown (the registry's notes are English); in
    English the registry's own note follows after a dash.
    """
    kind = source_kind(source)
    parts = [KINDS[kind].text(lang)] if kind else []
    codes = evidence_codes(source)
    parts += [f"{citation(code, lang)} [{code}]" for code in codes]
    if not codes:
        prefix = "Nota 2026-2030 " if lang == "nl" else "Policy note 2026-2030 "
        parts += [prefix + section for section in dict.fromkeys(_NOTA.findall(source))]
    if kind == "assumption" and len(parts) == 1:
        parts = [NO_SOURCE.text(lang)]
    text = "; ".join(parts) or source.strip()
    note = source.strip()
    if lang == "en" and note.lower() not in KINDS and note != text:
        return f"{text} \u2014 {note}"
    return text
