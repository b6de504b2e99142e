"""The comparison as one JSON-ready document, and as a readable text report (Dutch by default)."""

from __future__ import annotations

import numpy as np

from jwsim.model.processes import PROCESSES
from jwsim.model.results import GROUPS, KPIS, declared_yearly

from .budget import LAST_BUDGET_YEAR, TOLERANCE_EUR, budget_table
from .compare import PAIRING_KPIS, WIJK_OUTCOMES, Comparison, finite, pairing_gain
from .compare_attribution import ATTRIBUTION_LABELS, RATIO_METHOD, attribution
from .compare_stadsdeel import noord_share, stadsdeel_differences
from .labels import KPI_LABELS, fmt, kpi_label
from .replicates import (
    LEVEL,
    Interval,
    Paired,
    ReplicateSet,
    has_interval,
    interval_rows,
    interval_text,
    no_interval_text,
)

# KPIs in the text report (the JSON has all of them).
REPORT_KPIS = (
    "jeugdhulp_prevalence_u18",
    "jeugdhulp_prevalence_u18_vulnerable",
    "jeugdhulp_entries_per_year",
    "jeugdhulp_entries_specialist_per_year",
    "jeugdhulp_mean_duration_years",
    "jeugdoverlast_registered_per_year",
    "nuisance_incidents_per_year",
    "halt_per_year",
    "suspects_per_year",
    "dropouts_per_year",
    "protective_mean",
    "protective_gap_vulnerable",
    "mental_problems_12_16",
    "youthwork_fte",
    "youthwork_cost_eur_per_year",
)
WIJK_LABELS = {r.name: (r.label_nl, r.label_en) for r in declared_yearly(PROCESSES, "per_wijk")}
INTERVAL_NOTE = (
    "mean per year over replicates with the 95% confidence interval (Student t); differences: "
    "paired 95% interval over replicates with common random numbers, next to the unpaired "
    "(Welch) interval of the same runs"
)


def scenario_kpis(rset: ReplicateSet) -> dict[str, dict[str, float]]:
    """KPI -> mean over replicates with its 95% interval."""
    return {k: rset.kpi_interval(k).as_dict() for k in recorded_kpis(rset)}


def recorded_kpis(rset: ReplicateSet) -> list[str]:
    """Return the KPIs the runs recorded, in KPI order (stored runs of an older model lack later KPIs)."""
    return [k for k in KPIS if k in rset.kpis]


def _wijk_outcomes(rset: ReplicateSet) -> tuple[str, ...]:
    """Return the per-wijk outcomes of the comparison that the runs hold (stored runs may predate some)."""
    return tuple(m for m in WIJK_OUTCOMES if m in rset.per_wijk)


def _group_rows(by_metric: dict[str, Interval]) -> dict[str, dict]:
    """Group -> metric -> mean and interval, from per-metric intervals over the groups."""
    return {g: {m: iv[j].as_dict() for m, iv in by_metric.items()} for j, g in enumerate(GROUPS)}


def _wijk_rows(rset: ReplicateSet, by_metric: dict[str, Interval]) -> dict[str, list[dict]]:
    """Metric -> one row per wijk with youths (in ``rset``), from per-metric intervals over the wijken."""
    keep = rset.wijk_present()
    return {m: interval_rows(iv, rset.wijk_codes, rset.wijk_names, keep) for m, iv in by_metric.items()}


def _school_rows(rset: ReplicateSet, by_metric: dict[str, Interval]) -> dict[str, list[dict]]:
    """Metric -> one row per school location, from per-metric intervals over the schools."""
    return {m: interval_rows(iv, rset.school_codes, rset.school_names, kind="school")
            for m, iv in by_metric.items()}


def _by_year(pair: Paired, years: list[int]) -> dict[str, list[dict]]:
    """KPI -> per simulated year, the paired difference (shows from which year scenarios part)."""
    out = {}
    for k in recorded_kpis(pair.other):
        iv = pair.kpi_by_year(k)
        out[k] = [{"year": int(y), **iv[i].as_dict()} for i, y in enumerate(years)]
    return out


def summarise(comp: Comparison) -> dict:
    """Build the comparison document: ``reference``, ``scenarios``, ``differences``, ``attribution``, ..."""
    ref = comp.reference
    doc: dict = {
        "reference": ref,
        "seed": comp.seed,
        "reps": comp.reps,
        "scale": comp.scale,
        "years": comp.sim_years,
        "interval": INTERVAL_NOTE,
        "level": LEVEL,
        "seed_scheme": "replicate i of every scenario = numpy SeedSequence(seed).spawn(reps)[i]; per-process "
        "streams from it; burn-in under huidig-2025 for all (common random numbers)",
        "scenarios": {},
        "differences": {},
        "differences_by_year": {},
        "per_group_differences": {},
        "per_wijk": {"scenarios": {}, "differences": {}},
        "per_school": {"scenarios": {}, "differences": {}},
        "per_stadsdeel_differences": {},
        "noord_share_of_change": {},
        "pairing": {},
        "budget": {},
    }
    for name in comp.names:
        sc, res = comp.scenarios[name], comp.results[name]
        doc["scenarios"][name] = {
            "description": sc.description,
            "description_en": sc.description_en,
            "source": sc.source,
            "kpis": scenario_kpis(res),
            "per_group": _group_rows({m: res.group_interval(m) for m in res.per_group}),
        }
        wijk_iv = {m: res.wijk_interval(m) for m in _wijk_outcomes(res)}
        doc["per_wijk"]["scenarios"][name] = _wijk_rows(res, wijk_iv)
        doc["per_school"]["scenarios"][name] = res.per_school_table()
        doc["budget"][name] = {str(y): b for y, b in budget_table(sc, comp.sim_years).items()}
        if name == ref:
            continue
        pair = comp.paired(name)
        diffs = {k: pair.kpi(k).as_dict() for k in recorded_kpis(res)}
        doc["differences"][name] = diffs
        doc["differences_by_year"][name] = _by_year(pair, comp.sim_years)
        doc["per_group_differences"][name] = _group_rows({m: pair.group(m) for m in res.per_group})
        doc["per_wijk"]["differences"][name] = _wijk_rows(res, {m: pair.wijk(m) for m in _wijk_outcomes(res)})
        doc["per_school"]["differences"][name] = _school_rows(res,
                                                              {m: pair.school(m) for m in res.per_school})
        by_sd = stadsdeel_differences(pair)
        doc["per_stadsdeel_differences"][name] = by_sd
        doc["noord_share_of_change"][name] = noord_share(by_sd)
        doc["pairing"][name] = pairing_gain(diffs)
    doc["pairing_kpis"] = list(PAIRING_KPIS)
    doc["budget_note"] = (
        f"Tabel 1 covers 2025-{LAST_BUDGET_YEAR}; later years use the {LAST_BUDGET_YEAR} "
        "structural level (assumption). SJW vo line: a programme line next to the 26.5 FTE "
        "(assumption, docs/scenarios.md)"
    )
    cf = comp.counterfactual
    if cf is not None and cf in comp.results:
        doc["counterfactual"] = {"name": cf, "added_automatically": comp.counterfactual_added}
        if comp.counterfactual_added:
            doc["counterfactual"]["kpis"] = scenario_kpis(comp.results[cf])
        doc["attribution"] = attribution(comp)
        doc["attribution_note"] = (
            "per year, against the counterfactual without youth work (paired replicates); "
            "ratios: " + RATIO_METHOD
        )
    else:
        doc["counterfactual"] = None
        doc["attribution"] = {}
    return finite(doc)


def _sign(value: float) -> int:
    """Sign of a mean difference; differences below rounding noise count as zero."""
    return 0 if not np.isfinite(value) or abs(value) < 1e-12 else (1 if value > 0 else -1)


def sign_robustness(means: dict[str, float]) -> tuple[bool, list[str]]:
    """Whether a difference's sign is the same under every evidence regime, and which regimes differ.

    The one rule ``jwsim compare --evidence all`` and the app both use.

    Args:
        means: regime -> the mean paired difference under it (e.g. pessimistic, central, optimistic).

    Returns:
        (robust: one sign under every regime, the regimes whose sign differs from the central one's).

    """
    regimes = list(means)
    signs = {r: _sign(means[r]) for r in regimes}
    ref = signs.get("central", signs[regimes[0]])
    return len(set(signs.values())) == 1, [r for r in regimes if signs[r] != ref]


def evidence_section(by_regime: dict[str, dict]) -> dict:
    """Per scenario and KPI: the paired difference under each evidence regime and whether its sign is robust.

    Args:
        by_regime: regime -> the comparison document (:func:`summarise`) of the same scenarios and seeds.

    Returns:
        scenario -> KPI -> {regime: {mean, lo, hi}, "robust": same sign under every regime,
        "depends_on": the regimes whose sign differs from the central one}.

    """
    regimes = list(by_regime)
    central = by_regime.get("central", by_regime[regimes[0]])
    out: dict = {}
    for name, diffs in central["differences"].items():
        rows = {}
        for k in diffs:
            row = {r: {f: by_regime[r]["differences"][name][k][f] for f in ("mean", "lo", "hi")}
                   for r in regimes}
            row["robust"], row["depends_on"] = sign_robustness({r: row[r]["mean"] for r in regimes})
            rows[k] = row
        out[name] = rows
    return out


# ------------------------------------------------------------------------------------------------- text
def _kind(kpi: str) -> str:
    return KPI_LABELS.get(kpi, ("", "", "n"))[2]


def fmt_diff(kpi: str, value: float, lang: str) -> str:
    """Format a difference: percentage points for shares, always with a sign."""
    if _kind(kpi) == "%":
        s = f"{100 * value:+.2f} " + ("%-punt" if lang == "nl" else "pp")
        return s.replace(".", ",") if lang == "nl" else s
    kind = _kind(kpi)
    digits = int(kind[1:]) + 1 if kind.startswith("f") else (0 if abs(value) >= 10 else 1)
    s = f"{value:+,.{digits}f}"
    return s.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".") if lang == "nl" else s


def _num(value: float | None, lang: str, digits: int = 1) -> str:
    if value is None:
        return "∞" if lang == "en" else "∞"
    s = f"{value:,.{digits}f}"
    return s.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".") if lang == "nl" else s


def text_report(doc: dict, lang: str = "nl", seconds: float | None = None) -> str:
    """Render the comparison as text (one block per KPI, then attribution and budget)."""
    nl = lang == "nl"
    ref, names = doc["reference"], list(doc["scenarios"])
    lines = []
    lines.append(
        ("Vergelijking van scenario's: " if nl else "Scenario comparison: ")
        + ", ".join(f"{n} ({'referentie' if nl else 'reference'})" if n == ref else n for n in names)
    )
    for n in names:
        s = doc["scenarios"][n]
        lines.append(f"  {n}: {s['description'] if nl else s['description_en']}")
    years = doc["years"]
    took = f", {seconds:.0f} s" if seconds is not None else ""
    if nl:
        lines.append(
            f"{doc['reps']} replicaties per scenario met gemeenschappelijke toevalsgetallen (seed "
            f"{doc['seed']}), jaren {years[0]}-{years[-1]}, schaal {doc['scale']:g}{took}."
        )
        lines.append(
            "Gemiddelde per jaar [95%-betrouwbaarheidsinterval]; verschil t.o.v. "
            + ref
            + " [gepaard 95%-interval] (ongepaard interval van dezelfde runs; hoeveel keer smaller gepaard)."
        )
    else:
        lines.append(
            f"{doc['reps']} replicates per scenario with common random numbers (seed {doc['seed']}), "
            f"years {years[0]}-{years[-1]}, scale {doc['scale']:g}{took}."
        )
        lines.append(
            "Mean per year [95% confidence interval]; difference from "
            + ref
            + " [paired 95% interval] (unpaired interval of the same runs; times narrower when paired)."
        )
    width = max(len(n) for n in names)
    for k in REPORT_KPIS:
        lines.append("")
        lines.append(kpi_label(k, lang))
        for n in names:
            v = doc["scenarios"][n]["kpis"][k]
            level = _bracket(v, lambda x, k=k: fmt(k, x, lang), lang)
            row = f"  {n:<{width}}  {fmt(k, v['mean'], lang):>10} {level}"
            if n != ref:
                d = doc["differences"][n][k]
                u = d["unpaired"]
                ratio = d["width_ratio"]
                gain = (
                    ""
                    if ratio is None or not np.isfinite(ratio)
                    else f"; {_num(ratio, lang)}× " + ("smaller" if nl else "narrower")
                )
                show = lambda x, k=k: fmt_diff(k, x, lang)  # noqa: E731
                row += (
                    f"   {'verschil' if nl else 'difference'} {fmt_diff(k, d['mean'], lang)} "
                    + _bracket(d, show, lang)
                )
                if has_interval(u):
                    row += f" ({'ongepaard' if nl else 'unpaired'} {interval_text(u, show, lang)}{gain})"
            lines.append(row)
    lines += _pairing_lines(doc, nl)
    lines += _noord_lines(doc, nl)
    lines += _evidence_lines(doc, lang)
    lines += _attribution_lines(doc, lang)
    lines += _budget_lines(doc, lang)
    return "\n".join(lines)


def _noord_lines(doc: dict, nl: bool) -> list[str]:
    """Nijmegen-Noord's share of each scenario's change in youth-work hours and care (stadsdeel summary)."""
    lines = []
    for name, shares in doc.get("noord_share_of_change", {}).items():
        parts = []
        for metric in ("wijk_hours_per_week", "po_hours_per_week", "jeugdhulp_in_care_10_17"):
            share = shares.get(metric)
            if share is not None:
                parts.append(f"{WIJK_LABELS[metric][0 if nl else 1]} {100 * share:.0f}%")
        if parts and shares.get("wijk_hours_per_week") is not None:  # runs that record wijk hours per wijk
            head = ("Aandeel Nijmegen-Noord in de verandering" if nl
                    else "Nijmegen-Noord's share of the change")
            lines.append(f"{head} ({name}): " + "; ".join(parts))
    return [""] + lines if lines else []


REGIME_NL = {"pessimistic": "pessimistisch", "central": "centraal", "optimistic": "optimistisch"}


def _evidence_lines(doc: dict, lang: str) -> list[str]:
    """Return the lines of the differences under the three regimes and whether each sign is robust."""
    section = doc.get("evidence", {}).get("differences")
    if not section:
        return []
    nl = lang == "nl"
    out = ["", "Verschillen onder de drie bewijsregimes (pessimistisch / centraal / optimistisch):" if nl
           else "Differences under the three evidence regimes (pessimistic / central / optimistic):"]
    regimes = doc["evidence"]["regimes"]
    for n, rows in section.items():
        out.append(f"  {n} − {doc['reference']}")
        for k in REPORT_KPIS:
            row = rows[k]
            texts = {r: fmt_diff(k, row[r]["mean"], lang) for r in regimes}
            verdict = regime_verdict(row["robust"], row["depends_on"], texts, lang,
                                     {r: row[r]["mean"] for r in regimes})
            out.append(f"    {kpi_label(k, lang)}: {' / '.join(texts.values())} — {verdict}")
    return out


# A difference under one regime below this share of the largest one (in absolute value) over the regimes is
# read as ~0: its sign is the same, but almost nothing of it is left under that regime.
NEGLIGIBLE_SHARE = 0.01


def near_zero_regimes(values: dict[str, float], texts: dict[str, str]) -> list[str]:
    """Return the regimes whose difference is ~0.

    ~0: it prints as zero, or it is below ``NEGLIGIBLE_SHARE`` of the largest difference over the regimes
    (``values``: regime -> difference; ``texts``: regime -> the difference as printed).
    """
    largest = max((abs(v) for v in values.values()), default=0.0)
    return [r for r in texts
            if reads_zero(texts[r]) or (r in values and abs(values[r]) < NEGLIGIBLE_SHARE * largest)]


def regime_verdict(robust: bool, depends_on: list[str], texts: dict[str, str], lang: str,
                   values: dict[str, float] | None = None) -> str:
    """Return "robuust", "robuust (pessimistisch: ~0)", "robuust (overal ~0)" or "hangt af van aannames (…)".

    ``texts``: regime -> the difference as printed; ``values``: regime -> the difference. As the app's badge:
    a sign under a regime whose difference prints as zero is rounding, not an effect, so "+0,0 / +0,0 / +0,0"
    is not read as a robust effect; nor is a difference of less than 1% of the largest over the regimes.
    """
    nl = lang == "nl"
    name_of = (lambda r: REGIME_NL[r]) if nl else (lambda r: r)
    if not robust:
        which = ", ".join(name_of(r) for r in depends_on)
        return f"hangt af van aannames ({which})" if nl else f"depends on assumptions ({which})"
    verdict = "robuust" if nl else "robust"
    zero = near_zero_regimes(values or {}, texts)
    if len(zero) == len(texts):
        return verdict + (" (overal ~0)" if nl else " (~0 everywhere)")
    if zero:
        return verdict + f" ({', '.join(name_of(r) for r in zero)}: ~0)"
    return verdict


def reads_zero(text: str) -> bool:
    """Whether a formatted difference shows no non-zero digit ("+0,0", "-0,000 %-punt")."""
    return not any(c in "123456789" for c in text)


def _bracket(d: dict, show, lang: str) -> str:
    """``[lo – hi]``, or the note that there is no interval (fewer than 3 replicates)."""
    return f"[{interval_text(d, show, lang)}]" if has_interval(d) else f"({no_interval_text(lang)})"


def _pairing_lines(doc: dict, nl: bool) -> list[str]:
    out = []
    for n, gains in doc["pairing"].items():
        vals = [g for g in gains.values() if g is not None and np.isfinite(g)]
        if not vals:
            continue
        lang = "nl" if nl else "en"
        out.append("")
        out.append(
            (
                f"Gepaard vs ongepaard ({n} − {doc['reference']}): de gepaarde intervallen van de "
                f"uitkomst-KPI's zijn {_num(min(vals), lang)}× tot {_num(max(vals), lang)}× smaller "
                f"(mediaan {_num(float(np.median(vals)), lang)}×)."
            )
            if nl
            else (
                f"Paired vs unpaired ({n} − {doc['reference']}): the paired intervals of the outcome KPIs "
                f"are {_num(min(vals), lang)}× to {_num(max(vals), lang)}× narrower "
                f"(median {_num(float(np.median(vals)), lang)}×)."
            )
        )
    return out


def _ratio_text(r: dict, lang: str) -> str:
    nl = lang == "nl"
    if r["status"] == "not_estimable":
        return ("niet te schatten: " if nl else "not estimable: ") + (
            {
                "nothing prevented on average": "gemiddeld niets voorkomen",
                "no youth-work cost": "geen kosten",
            }[r["reason"]]
            if nl
            else r["reason"]
        )
    if r["status"] == "no_interval":
        return f"{_num(r['mean'], lang, 0)} ({no_interval_text(lang)})"
    hi = "∞" if r["hi"] is None else _num(r["hi"], lang, 0)
    extra = (
        (" (interval van voorkomen bevat 0)" if nl else " (interval of prevented includes 0)")
        if r["status"] == "unbounded"
        else ""
    )
    return f"{_num(r['mean'], lang, 0)} [{_num(r['lo'], lang, 0)} – {hi}]{extra}"


def _attribution_lines(doc: dict, lang: str) -> list[str]:
    nl = lang == "nl"
    cf = doc.get("counterfactual")
    if not cf or not doc["attribution"]:
        return []
    out = [
        "",
        (
            f"Toerekening t.o.v. {cf['name']} (per jaar, gepaard 95%-interval; verhoudingen: Fieller)"
            if nl
            else f"Attribution against {cf['name']} (per year, paired 95% interval; ratios: Fieller)"
        ),
    ]
    if cf["added_automatically"]:
        out.append(
            f"  {cf['name']} "
            + (
                "is automatisch meegedraaid als tegenfeitelijk scenario (zelfde seeds)."
                if nl
                else "was run automatically as the counterfactual (same seeds)."
            )
        )
    idx = 0 if nl else 1
    width = max(len(v[idx]) for v in ATTRIBUTION_LABELS.values())
    for name, att in doc["attribution"].items():
        out.append(f"  {name}")
        for key, labels in ATTRIBUTION_LABELS.items():
            if key not in att:  # stored runs of an older model lack the KPIs of later items
                continue
            v = att[key]
            if key.startswith("eur_per_"):
                text = _ratio_text(v, lang)
            else:
                digits = 0 if abs(v["mean"]) >= 100 else 1
                shown = _bracket(v, lambda x, d=digits: _num(x, lang, d), lang)
                text = f"{_num(v['mean'], lang, digits)} {shown}"
            out.append(f"    {labels[idx]:<{width}}  {text}")
    return out


def _budget_lines(doc: dict, lang: str) -> list[str]:
    nl = lang == "nl"
    out = [
        "",
        (
            "Begroting (Tabel 1 van de nota; na 2027 het structurele niveau van 2027 — aanname)"
            if nl
            else "Budget (Tabel 1 of the note; after 2027 the 2027 structural level — assumption)"
        ),
    ]
    for name, by_year in doc["budget"].items():
        parts = []
        for year, b in by_year.items():
            t = b["total"]
            if b["over_budget"]:
                over = -min(o["margin"] for o in b["organisations"].values())
                parts.append(
                    f"{year} " + ("OVERSCHRIJDING" if nl else "OVER BUDGET") + f" €{_num(over, lang, 0)}"
                )
            elif abs(t["margin"]) <= TOLERANCE_EUR:  # the costs per FTE are rounded to whole euros
                parts.append(f"{year} " + ("sluitend" if nl else "balanced"))
            else:
                parts.append(
                    f"{year} " + ("binnen" if nl else "within") + f" (marge €{_num(t['margin'], lang, 0)})"
                )
        out.append(f"  {name}: " + "; ".join(parts))
    return out
