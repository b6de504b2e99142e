"""Replicate sets: the statistics over replicates, and the figures the CLI and app published before them.

``golden/`` holds 27 stored runs (huidig-2025, opdracht-2026 and geen-jongerenwerk, 9 paired replicates each
at scale 50, one year; nine replicates so that summation order would show) and ``expected.json.gz``: what the
statistics code that the replicate sets replaced (``experiments/summary.py``, the statistics in
``experiments/compare.py`` and ``viz/stats.py``, at commit 7e977a6) computed from exactly these runs. Every
number the CLI and the app show must come out the same to the last bit. Two parts were re-recorded from the
current code when their meaning changed: the compare document and text (attribution now reports the care
pathway: need prevented, untreated need, care weeks by level) and the app's KPI table (its headline rows).
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import math
from pathlib import Path

import numpy as np
import pytest
from scipy import stats as scipy_stats

from jwsim.experiments.compare import Comparison
from jwsim.experiments.compare_report import summarise, text_report
from jwsim.experiments.replicates import (
    MIN_REPLICATES,
    Paired,
    ReplicateSet,
    describe,
    difference,
    has_interval,
    interval_text,
    mean_interval,
    no_interval_text,
    paired_interval,
    percentile_bands,
    welch_interval,
)
from jwsim.model.params import Parameters
from jwsim.model.results import RunResult
from jwsim.model.scenario import load_scenario

GOLDEN = Path(__file__).parent / "golden"
PUBLISHED_COSTS = {"cost_per_fte_bk10": 96632.0, "cost_per_fte_jc": 61176.0}


def _plain(o):
    """JSON-like form of ``o`` (non-finite floats as their repr), as the golden file stores it."""
    if isinstance(o, dict):
        return {str(k): _plain(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_plain(v) for v in o]
    if isinstance(o, np.ndarray):
        return [_plain(v) for v in o.tolist()]
    if isinstance(o, np.floating):
        o = float(o)
    if isinstance(o, np.integer):
        return int(o)
    if isinstance(o, float) and not math.isfinite(o):
        return repr(o)
    return o


def _without_paths(doc: dict) -> dict:
    """Reduce each scenario's source file to its name (the checkout's folder varies)."""
    for sc in doc.get("scenarios", {}).values():
        if "source" in sc:
            sc["source"] = Path(sc["source"]).name
    return doc


@pytest.fixture(scope="module")
def golden():
    """Return the stored runs (name -> list of RunResult), their settings and the recorded figures."""
    info = json.loads((GOLDEN / "runs.json").read_text())
    arrays = np.load(GOLDEN / "runs.npz")
    runs = {}
    for name, metas in info["runs"].items():
        parts = {part: arrays[f"{name}|{part}"] for part in info["keys"]}
        runs[name] = [
            RunResult(
                label=m["label"],
                seed_key=tuple(m["seed_key"]),
                meta=m["meta"],
                **{k: tuple(v) if k.startswith("wijk_") else v for k, v in info["common"].items()},
                **{
                    part: {key: parts[part][i, j].copy() for j, key in enumerate(info["keys"][part])}
                    for part in info["keys"]
                },
            )
            for i, m in enumerate(metas)
        ]
    expected = json.loads(gzip.decompress((GOLDEN / "expected.json.gz").read_bytes()))
    return info, runs, expected


def _comparison(info, runs, **kw):
    names = info["names"]
    listed = {n: runs[n] for n in names} if "preview" in kw else runs
    # The golden figures were published with the costs per FTE rounded to whole euros (since then exact:
    # Tabel 1 / FTE); the runs themselves do not depend on them.
    scenarios = {n: dataclasses.replace(load_scenario(n), params=Parameters.from_overrides(PUBLISHED_COSTS))
                 for n in listed}
    return Comparison(
        list(names),
        scenarios,
        listed,
        seed=info["seed"],
        reps=info["reps"],
        scale=info["scale"],
        years=info["years"],
        **kw,
    )


def test_run_tables_are_the_published_ones(golden):
    """`jwsim run`'s KPI table, per-wijk and per-group tables and weekly bands, to the last bit."""
    _, runs, expected = golden
    rset = ReplicateSet(runs["opdracht-2026"])
    old = expected["run"]
    assert _plain({k: describe(rset.kpi_values(k)) for k in rset.kpis}) == old["kpis"]
    assert _plain({k: iv.as_dict() for k, iv in rset.kpi_table().items()}) == {
        k: {x: v[x] for x in ("mean", "lo", "hi")} for k, v in old["kpis"].items()
    }
    assert _plain(rset.per_wijk_table()) == old["per_wijk"]
    assert _plain(
        {g: {m: iv.as_dict() for m, iv in ms.items()} for g, ms in rset.per_group_table().items()}
    ) == {
        g: {m: {x: v[x] for x in ("mean", "lo", "hi")} for m, v in ms.items()}
        for g, ms in old["per_group"].items()
    }
    assert _plain({s: rset.bands(s) for s in rset.weekly}) == old["weekly"]


def test_compare_document_and_report_are_the_published_ones(golden):
    """`jwsim compare`: the whole document (intervals, differences, per wijk, group, year) and the text."""
    info, runs, expected = golden
    comp = _comparison(info, runs, counterfactual=info["counterfactual"], counterfactual_added=True)
    doc = summarise(comp)
    # Sections added after the golden runs were published (checked in tests/experiments/test_compare.py).
    for section in ("per_stadsdeel_differences", "noord_share_of_change"):
        assert set(doc.pop(section)) == set(doc["differences"])
    per_school = doc.pop("per_school")  # the stored runs predate the per-school table: empty rows
    assert set(per_school["differences"]) == set(doc["differences"])
    assert _without_paths(_plain(doc)) == _without_paths(expected["compare"])
    assert {lang: text_report(doc, lang) for lang in ("nl", "en")} == expected["compare_text"]


def test_compare_figure_bands_match_within_rounding(golden):
    """The time-series figure's band (t interval per period) agrees with the old one to 1e-12 (a PNG)."""
    from jwsim.experiments.compare_figures import PERIOD_WEEKS, SERIES

    _, runs, expected = golden
    for name, by_series in expected["compare_bands"].items():
        rset = ReplicateSet(runs[name])
        for series, (mean, lo, hi) in by_series.items():
            iv = mean_interval(rset.period_values(series, SERIES[series][2], PERIOD_WEEKS))
            for new, old in ((iv.mean, mean), (iv.lo, lo), (iv.hi, hi)):
                np.testing.assert_allclose(new, old, rtol=1e-12, atol=1e-12)


def test_app_numbers_are_the_published_ones(golden):
    """The app's cards, tables, map values, bands and downloads, to the last bit."""
    from jwsim.viz import stats

    info, runs, expected = golden
    app = _comparison(info, runs, preview=False)
    old = expected["app"]
    directions = dict(stats.HEADLINE_KPIS)

    def certainty(c):  # the verdict before minimal relevant differences: the interval alone
        if not c.difference:
            return "none"
        # entries were judged (lower is better) before they became information only (earlier help)
        direction = stats.LOWER_IS_BETTER if directions[c.kpi] == stats.INFO else directions[c.kpi]
        return stats.verdict(c.difference, direction)

    cards = {
        n: [
            {
                "kpi": c.kpi,
                "label": c.label,
                "value": c.value,
                "difference": c.difference,
                "verdict": certainty(c),
            }
            for c in stats.kpi_cards(app, n, "nl")
        ]
        for n in info["names"]
    }
    assert _plain(cards) == old["cards"]
    # Since then a certain difference smaller than the KPI's minimal relevant difference is "small".
    for n in info["names"]:
        for c in stats.kpi_cards(app, n, "nl"):
            if directions[c.kpi] == stats.INFO:
                assert c.verdict in ("info", "none")
                continue
            small = certainty(c) in ("better", "worse") and abs(c.difference["mean"]) < c.minimal
            assert c.verdict == ("small" if small else certainty(c))
    assert _plain(stats.kpi_frame(app, "nl").to_dict(orient="list")) == old["kpi_frame"]
    # The stored runs predate the per-wijk metrics added since (nuisance by home wijk, team hours, ...).
    metrics = [m for m in stats.MAP_METRICS if m in runs["opdracht-2026"][0].per_wijk]
    values = {
        f"{n}|{m}|{mode}": stats.wijk_values(app, n, m, mode)
        for n in info["names"]
        for m in metrics
        for mode in ("value", "reference", "difference")
    }
    assert _plain(values) == old["wijk_values"]
    frames = {
        m: stats.wijk_frame(app, "opdracht-2026", m, "nl").to_dict(orient="list") for m in metrics
    }
    assert _plain(frames) == old["wijk_frame"]
    recorded = ReplicateSet(runs[info["names"][0]]).weekly  # series added later are not in the stored runs
    bands = {s: stats.series_bands(app, s) for s, _ in stats.SERIES if s in recorded}
    assert _plain(bands) == old["series_bands"]
    assert _plain(stats.series_frame(app, "en").to_dict(orient="list")) == old["series_frame"]
    assert (
        _plain(stats.interval(stats.kpi_values(app.results["opdracht-2026"], "halt_per_year")))
        == old["interval"]
    )


# ------------------------------------------------------------------------------------------ arithmetic
def test_intervals_match_scipy():
    """The t interval of a mean, the paired and the Welch interval are scipy's."""
    rng = np.random.default_rng(4)
    a = rng.normal(10, 3, 12)
    b = a + rng.normal(1, 0.5, 12)
    iv = mean_interval(a)
    assert (iv.lo, iv.hi) == pytest.approx(
        scipy_stats.t.interval(0.95, 11, loc=a.mean(), scale=scipy_stats.sem(a))
    )
    p = paired_interval(a, b)
    lo, hi = scipy_stats.t.interval(0.95, 11, loc=(b - a).mean(), scale=scipy_stats.sem(b - a))
    assert (p.lo, p.hi) == pytest.approx((lo, hi)) and p.n == 12
    u = welch_interval(a, b)
    w = scipy_stats.ttest_ind(b, a, equal_var=False).confidence_interval(0.95)
    assert (u.lo, u.hi) == pytest.approx((w.low, w.high))
    d = difference(a, b)
    assert d.width_ratio == pytest.approx((w.high - w.low) / (hi - lo)) and d.width_ratio > 3
    fixed = difference(np.full(5, 2.0), np.full(5, 3.0)).as_dict()  # a fixed input such as FTE
    assert fixed["mean"] == fixed["lo"] == fixed["hi"] == 1.0 and fixed["width_ratio"] is None
    assert fixed["unpaired"] == {"lo": 1.0, "hi": 1.0}


def test_many_quantities_at_once_equal_one_at_a_time():
    """An interval computed for 44 wijken at once is, bit for bit, the interval of each wijk's values."""
    rng = np.random.default_rng(7)
    m = rng.lognormal(2, 1, (20, 44))  # 20 replicates: numpy's pairwise summation differs from a plain loop
    ref = m + rng.normal(0, 1, m.shape)
    iv, pd_, wd = mean_interval(m), paired_interval(ref, m), welch_interval(ref, m)
    for j in range(44):
        one, pair, welch = (
            mean_interval(m[:, j]),
            paired_interval(ref[:, j], m[:, j]),
            welch_interval(ref[:, j], m[:, j]),
        )
        assert iv[j].as_dict("se", "n") == one.as_dict("se", "n")
        assert pd_[j].as_dict("se") == pair.as_dict("se")
        assert (wd.lo[j], wd.hi[j]) == (float(welch.lo), float(welch.hi))


def test_too_few_replicates_give_no_interval_and_say_so():
    """Fewer than 3 replicates: no interval anywhere (NaN ends, None in dicts), and the note says why."""
    assert MIN_REPLICATES == 3
    for values in ([3.5], [3.5, 4.5], [2.0, 2.0]):  # two equal values once gave a zero-width "interval"
        iv = mean_interval(values)
        assert not iv.defined and iv.note == "no interval (n < 3)" and iv.n == len(values)
        assert math.isnan(iv.lo) and math.isnan(iv.hi) and math.isnan(iv.se)
        d = describe(values)
        assert d["lo"] is d["hi"] is d["p2_5"] is d["p97_5"] is None and d["note"] == "no interval (n < 3)"
        assert not has_interval(d)
        assert interval_text(d, str, "nl") == "geen interval (n < 3)"
        assert interval_text(d, str, "en") == no_interval_text("en") == "no interval (n < 3)"
    pair = difference([1.0, 2.0], [2.0, 4.0]).as_dict()
    assert pair["lo"] is pair["hi"] is pair["unpaired"]["lo"] is None and pair["width_ratio"] is None
    bands = percentile_bands(np.ones((2, 5)))
    assert np.isnan(bands["lo"]).all() and np.isnan(bands["hi"]).all() and (bands["mean"] == 1).all()
    three = describe([1.0, 2.0, 4.0])
    assert has_interval(three) and three["lo"] < 7 / 3 < three["hi"] and "note" not in three
    assert interval_text(three, lambda v: f"{v:.1f}") == f"{three['lo']:.1f} – {three['hi']:.1f}"
    assert welch_interval([1.0, 2.0], [2.0, 3.0, 4.0]).note and mean_interval([1.0, 2.0, 3.0]).note == ""
    iv = mean_interval(np.ones((2, 4)))  # many quantities at once
    assert np.isnan(iv.lo).all() and iv[1].as_dict() == {"mean": 1.0, "lo": None, "hi": None,
                                                          "note": "no interval (n < 3)"}


def test_pairing_is_checked(golden):
    """Sets of different size, or whose replicate i ran with another seed, cannot be paired."""
    _, runs, _ = golden
    a, b = runs["huidig-2025"], runs["opdracht-2026"]
    with pytest.raises(ValueError, match="differ in number"):
        Paired(a, b[:8])
    with pytest.raises(ValueError, match="not paired"):
        Paired(a, b[::-1])
    with pytest.raises(ValueError, match="differ in number"):
        paired_interval(np.ones(3), np.ones(2))


def test_a_replicate_set_stacks_runs_replicate_first(golden):
    """Arrays are replicate x year x ...; a set is also the sequence of its runs; bands are percentiles."""
    _, runs, _ = golden
    rset = ReplicateSet(runs["opdracht-2026"])
    assert (
        len(rset) == rset.n == 9
        and rset[3] is runs["opdracht-2026"][3]
        and list(rset) == runs["opdracht-2026"]
    )
    assert rset.kpis["halt_per_year"].shape == (9, 1) and rset.per_wijk["halt_per_year"].shape == (9, 1, 44)
    assert rset.weekly["halt"].shape == (9, 52) and rset.period_values("halt", "sum", 4).shape == (9, 13)
    assert rset.period_values("halt", "sum", 4)[2, 1] == runs["opdracht-2026"][2].weekly["halt"][4:8].sum()
    b = rset.bands("halt", "sum", 4)
    assert np.array_equal(b["lo"], np.percentile(rset.period_values("halt", "sum", 4), 2.5, axis=0))
    assert (b["lo"] <= b["mean"]).all() and (b["mean"] <= b["hi"]).all()
    with pytest.raises(ValueError, match="at least one run"):
        ReplicateSet([])
