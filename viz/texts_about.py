"""Labels of the "Over het model" page (Dutch and English): assumptions, ODD summary, sources, limits.

The texts summarise docs/ODD.md, docs/parameters.md and data/PROVENANCE.md for policy makers; the page
adds the live numbers (how many parameters are assumptions) from the registry itself.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "about.odd.heading": {"nl": "Hoe het model werkt (samenvatting)", "en": "How the model works (summary)"},
    "about.odd.entities": {
        "nl": "Het model volgt elke jongere van 10 tot en met 23 jaar in de 44 wijken van Nijmegen (ruim "
        "37.000), met leeftijd, geslacht, wijk, school, of het gezin in een kwetsbare situatie leeft, de "
        "tien "
        "beschermende factoren van het NJI (zoals sociale binding, schoolmotivatie, steun van "
        "volwassenen) en "
        "zes risicofactoren (zoals mentale druk, eenzaamheid, schulden, delinquente vrienden). Jongeren "
        "hebben "
        "vrienden op school en in de wijk; sommigen vormen een jeugdgroep op straat.",
        "en": "The model follows every young person aged 10 to 23 in Nijmegen's 44 wijken (over 37,000), "
        "with "
        "age, sex, wijk, school, whether the family lives in a vulnerable situation, the NJI's ten "
        "protective "
        "factors (such as social bonding, school motivation, support of adults) and six risk factors "
        "(such as "
        "mental strain, loneliness, debts, delinquent peers). Youths have friends at school and in the wijk; "
        "some form a street group.",
    },
    "about.odd.steps": {
        "nl": "Eén stap is één week: de kalender (schoolweken, jaarwisseling, Vierdaagsefeesten, Ramadan, "
        "NEC-wedstrijden), ouder worden en verhuizen, gebeurtenissen in het leven (gezinscrisis, schulden, "
        "online incidenten), het jongerenwerk (uren worden contacten, contacten worden relaties en "
        "versterken factoren, jongerenwerkers signaleren), de factoren zelf, en dan de uitkomsten: "
        "jeugdhulp, overlast, criminaliteit en schooluitval. Een simulatie draait eerst een inloopjaar op de "
        "praktijk van 2025 en dan 2026 tot en met 2030.",
        "en": "One step is one week: the calendar (school weeks, New Year, Vierdaagsefeesten, Ramadan, NEC "
        "matches), ageing and moving, life events (family crisis, debts, online incidents), youth work "
        "(hours "
        "become contacts, contacts become relations and strengthen factors, youth workers signal), the "
        "factors "
        "themselves, then the outcomes: jeugdhulp, overlast, crime and school dropout. A run first "
        "simulates a "
        "burn-in year under the 2025 practice, then 2026 to 2030.",
    },
    "about.odd.pathways": {
        "nl": "Jongerenwerk werkt in het model langs de drie routes van de nota: voorkomen (een relatie "
        "met een "
        "jongerenwerker verlaagt de kans op zwaardere hulp), verkorten (hulp eindigt eerder) en versnellen "
        "(een signaal leidt eerder tot lichtere hulp). Aanwezigheid op straat verlaagt overlast; IB en "
        "School-Werk-Fit verlagen uitval en doorgroei naar criminaliteit.",
        "en": "In the model youth work acts along the note's three routes: prevent (a relation with a youth "
        "worker lowers the chance of heavier care), shorten (care ends sooner) and accelerate (a signal "
        "leads "
        "to lighter help earlier). Street presence lowers overlast; IB and School-Werk-Fit lower dropout and "
        "growth into crime.",
    },
    "about.uncertainty.heading": {"nl": "Onzekerheid en vergelijken", "en": "Uncertainty and comparing"},
    "about.uncertainty.body": {
        "nl": "Elke berekening draait meerdere keren (herhalingen) met ander toeval. Alle scenario's in één "
        "vergelijking zien precies dezelfde gesimuleerde werelden; daardoor zegt het verschil tussen twee "
        "scenario's iets over de inzet en weinig over toeval. De marges zijn 95%-betrouwbaarheidsintervallen "
        "over de herhalingen. Ze bevatten de onzekerheid van het toeval, niet die van de aannames: een "
        "andere "
        "aanname kan een uitkomst verschuiven.",
        "en": "Each calculation runs several times (replicates) with different chance. All scenarios in one "
        "comparison see exactly the same simulated worlds, so the difference between two scenarios says "
        "something about the allocation and little about chance. The intervals are 95% confidence intervals "
        "over the replicates. They contain the uncertainty of chance, not of the assumptions: a different "
        "assumption can shift an outcome.",
    },
    "about.assumptions.heading": {"nl": "Aannames", "en": "Assumptions"},
    "about.assumptions.count": {
        "nl": "Van de {total} parameters in het model zijn er {assumed} een aanname (geen gepubliceerd "
        "cijfer); "
        "de overige komen uit onderzoek, CBS of de nota. Elke parameter heeft een bandbreedte die in de "
        "gevoeligheidsanalyse wordt gevarieerd.",
        "en": "Of the model's {total} parameters, {assumed} are assumptions (no published figure); the "
        "others "
        "come from research, CBS or the policy note. Every parameter has a range that the sensitivity "
        "analysis varies.",
    },
    "about.assumptions.key": {
        "nl": "Belangrijke aannames: de drempel van 12 uur SJW per school (de nota noemt een onderzoek "
        "dat we "
        "niet hebben gevonden); de verdeling van de inzet in 2025; hoe sterk een contact met een "
        "jongerenwerker factoren verandert (uit buitenlandse meta-analyses); welke scholen en wijken "
        "voorrang krijgen.",
        "en": "Key assumptions: the threshold of 12 SJW hours per school (the note cites a study we "
        "could not "
        "find); the split of the effort in 2025; how strongly a contact with a youth worker changes factors "
        "(from international meta-analyses); which schools and wijken get priority.",
    },
    "about.parameters.heading": {
        "nl": "Alle parameters en hun bron",
        "en": "All parameters and their source",
    },
    "about.parameters.filter": {"nl": "Alleen aannames tonen", "en": "Show assumptions only"},
    "about.parameters.name": {"nl": "Parameter", "en": "Parameter"},
    "about.parameters.label": {"nl": "Omschrijving", "en": "Description"},
    "about.parameters.value": {"nl": "Waarde", "en": "Value"},
    "about.parameters.unit": {"nl": "Eenheid", "en": "Unit"},
    "about.parameters.range": {"nl": "Bandbreedte", "en": "Range"},
    "about.parameters.source": {"nl": "Bron", "en": "Source"},
    "about.parameters.process": {"nl": "Onderdeel", "en": "Process"},
    "about.data.heading": {"nl": "Gegevens", "en": "Data"},
    "about.data.body": {
        "nl": "De 44 wijken, hun grenzen en bevolking komen van het CBS (Wijk- en Buurtkaart 2015 en 2024, "
        "inkomen 2020), de scholen en leerlingaantallen van DUO (2024), de stadscijfers over jeugdhulp, Halt "
        "en jeugdoverlast uit de Stads- en Wijkmonitor en CBS. Er zijn geen cijfers per wijk voor jongeren "
        "van 10-23, jeugdhulp of overlast: die worden in het model afgeleid en staan met elke stap "
        "beschreven in data/PROVENANCE.md. Het budget komt uit Tabel 1 van de nota Opdracht Jongerenwerk en "
        "Jeugdcoaches 2026-2030.",
        "en": "The 44 wijken, their boundaries and population come from CBS (Wijk- en Buurtkaart 2015 and "
        "2024, income 2020), schools and pupil numbers from DUO (2024), the city figures on jeugdhulp, Halt "
        "and youth overlast from the Stads- en Wijkmonitor and CBS. No figures exist per wijk for youths "
        "aged 10-23, jeugdhulp or overlast: the model derives them, every step described in "
        "data/PROVENANCE.md. The budget is Tabel 1 of the policy note Opdracht Jongerenwerk en Jeugdcoaches "
        "2026-2030.",
    },
    "about.docs": {
        "nl": "Meer: docs/ODD.md (volledige modelbeschrijving), docs/parameters.md (alle parameters), "
        "docs/evidence.md (de bronnentabel met de adressen van de bronnen), data/PROVENANCE.md (herkomst "
        "van de gegevens) en docs/gebruikershandleiding.md.",
        "en": "More: docs/ODD.md (full model description), docs/parameters.md (all parameters), "
        "docs/evidence.md (the evidence table with the addresses of the sources), data/PROVENANCE.md (data "
        "provenance) and docs/gebruikershandleiding.md (user guide, Dutch).",
    },
    "about.sources.heading": {"nl": "De bronnen achter de codes", "en": "The sources behind the codes"},
    "about.sources.body": {
        "nl": "Bij elke bron staat tussen haken een code, zoals [I5.1]: de regel in de bronnentabel "
        "(docs/evidence.md) met het volledige adres, de cijfers en hoe betrouwbaar de bron is. Een code met "
        "INF is een eigen berekening uit de genoemde cijfers; J staat voor de afgeleide aannames over "
        "effectgroottes.",
        "en": "Each source carries a code in brackets, such as [I5.1]: the row of the evidence table "
        "(docs/evidence.md) with the full address, the figures and how reliable the source is. A code with "
        "INF is a calculation from the cited figures; J stands for the derived priors on effect sizes.",
    },
    "about.sources.code": {"nl": "Code", "en": "Code"},
    "about.sources.citation": {"nl": "Bron", "en": "Source"},
    "about.provenance": {
        "nl": "Herkomst van de gegevens (PROVENANCE.md, Engels)",
        "en": "Data provenance (PROVENANCE.md)",
    },
    "about.limits.heading": {"nl": "Wat het model niet kan", "en": "What the model cannot do"},
    "about.limits.body": {
        "nl": "Het model voorspelt geen aantallen voor een bepaald jaar. De bevolking blijft 2026-2030 even "
        "groot. Jeugdhulp geldt alleen voor 10-23-jarigen; jeugdbescherming en jeugdreclassering zijn geen "
        "aparte stappen. Overlast door volwassenen en online overlast vallen erbuiten; welk deel van de "
        "overlast bij de politie wordt gemeld is een vast aandeel. De kwaliteit van individuele "
        "jongerenwerkers, samenwerking met partners en veranderingen in beleid buiten het jongerenwerk "
        "zitten "
        "niet in het model.",
        "en": "The model does not predict numbers for any given year. The population stays the same size in "
        "2026-2030. Jeugdhulp covers ages 10-23 only; child protection and juvenile probation are not "
        "separate "
        "steps. Overlast by adults and online overlast are out of scope; the share of overlast reported to "
        "the police is fixed. The quality of individual youth workers, cooperation with partners and policy "
        "changes outside youth work are not in the model.",
    },
}
