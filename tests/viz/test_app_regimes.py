"""Evidence regimes in the app: the chosen regime runs, the two others follow behind it, badges say robust.

A real comparison (huidig-2025 against opdracht-2026, 2 replicates, scale 50, 1 year) on a one-worker run
service, so the order in which runs start is the queue's.
"""

from __future__ import annotations

import io

import ipyvuetify as v
import numpy as np
import pytest
import solara
from docx import Document

from jwsim.experiments.compare_report import sign_robustness
from jwsim.model.params import REGIMES
from jwsim.model.scenario import load_scenario
from jwsim.viz import stats
from jwsim.viz.components import KpiCardView, result_caption
from jwsim.viz.memo import memo_docx
from jwsim.viz.page_compare import SideBySide
from jwsim.viz.page_results import KpiCards
from jwsim.viz.runs import ComparisonRun, RunService, RunSettings
from jwsim.viz.state import RunView

SCALE, YEARS, REPS, SEED = 50.0, 1, 2, 91
TIMEOUT_S = 180.0
NAMES = ["huidig-2025", "opdracht-2026"]


@pytest.fixture(scope="module")
def finished_run():
    """One pessimistic comparison run to the end (its two other regimes included) on one worker."""
    service = RunService(workers=1)
    settings = RunSettings(
        seed=SEED, reps=REPS, scale=SCALE, years=YEARS, preview_reps=0, evidence="pessimistic"
    )
    run = ComparisonRun(service, [load_scenario(n) for n in NAMES], settings)
    statuses = {run.evidence_status}
    for _ in range(int(TIMEOUT_S / 0.2)):
        if run.finished and run.evidence_status != "running":
            break
        run.wait(0.2)
        statuses.add(run.evidence_status)
    order = list(service._cache)  # noqa: SLF001 - the order in which runs finished (one worker, no hits)
    yield run, statuses, order, service
    service.shutdown()


def test_settings_know_the_regimes_and_refuse_an_unknown_one():
    """Central by default; the other two are the rest of REGIMES; a typo fails instead of running central."""
    assert RunSettings().evidence == "central"
    assert RunSettings().other_regimes == ("pessimistic", "optimistic")
    assert RunSettings(evidence="optimistic").other_regimes == ("pessimistic", "central")
    with pytest.raises(ValueError, match="evidence regime"):
        RunSettings(evidence="optimistisch")


def test_the_chosen_regime_runs_first_and_the_others_follow_with_the_same_seeds(finished_run):
    """The full result is under the chosen regime; the others ran after every full run, paired."""
    run, statuses, order, _ = finished_run
    assert run.total == len(NAMES) * REPS  # the progress bar counts only the result waited for
    assert statuses >= {"running", "done"} and run.evidence_status == "done"
    full = run.full_result()
    assert full.meta["evidence"] == "pessimistic"
    assert all(sc.params.regime == "pessimistic" for sc in full.scenarios.values())
    full_keys = {k for keys in run._full_keys.values() for k in keys}  # noqa: SLF001
    first = [k in full_keys for k in order]
    assert first == [True] * len(full_keys) + [False] * (len(order) - len(full_keys))
    assert len(order) == 3 * len(full_keys)  # every regime once, nothing twice
    by_regime = run.evidence_result()
    assert list(by_regime) == list(REGIMES) and by_regime["pessimistic"] is not None
    for regime, comp in by_regime.items():
        assert comp.meta["evidence"] == regime and comp.names == NAMES and not comp.preview
        assert all(sc.params.regime == regime for sc in comp.scenarios.values())
        for name in NAMES:  # common random numbers: replicate i has the same seed under every regime
            assert [r.seed_key for r in comp.results[name]] == [
                r.seed_key for r in by_regime["pessimistic"].results[name]
            ]
    # the regimes are really different runs: the effects differ, so some headline outcome does
    a, b = (
        stats.kpi_values(by_regime[r].results["opdracht-2026"], "need_onsets_per_year")
        for r in ("pessimistic", "optimistic")
    )
    assert not np.array_equal(a, b)


def test_a_second_ask_takes_every_regime_from_the_cache(finished_run):
    """The same comparison again (e.g. after a reload) computes nothing, the other regimes included."""
    run, _, _, service = finished_run
    computed = service.computed
    again = ComparisonRun(service, [load_scenario(n) for n in NAMES], run.settings)
    assert again.from_cache and again.evidence_status == "done" and service.computed == computed
    assert list(again.evidence_result()) == list(REGIMES)


def test_every_card_says_robust_by_the_rule_of_jwsim_compare(finished_run):
    """Each card holds its paired difference per regime and the compare rule's verdict on the sign."""
    run, _, _, _ = finished_run
    evidence = run.evidence_result()
    full = run.full_result()
    cards = stats.kpi_cards(full, "opdracht-2026", "nl", evidence)
    assert len(cards) == len(stats.HEADLINE_KPIS)
    for card in cards:
        check = card.regimes
        assert check is not None and check.shown == "pessimistic"
        assert check.differences["pessimistic"]["mean"] == pytest.approx(card.difference["mean"])
        means = {}
        for regime, comp in evidence.items():
            base = stats.kpi_values(comp.results["huidig-2025"], card.kpi)
            own = stats.kpi_values(comp.results["opdracht-2026"], card.kpi)
            means[regime] = float(np.mean(own - base))
            assert check.differences[regime]["mean"] == pytest.approx(means[regime])
        signs = {np.sign(round(m, 12)) for m in means.values()}
        assert check.robust == (len(signs) == 1)
        assert (check.robust, list(check.depends_on)) == sign_robustness(means)
    assert stats.kpi_cards(full, "opdracht-2026", "nl")[0].regimes is None  # no evidence: nothing claimed


def test_the_robust_rule_names_the_regimes_that_flip_the_sign():
    """One implementation: the same sign everywhere is robust; otherwise the regimes that differ are named."""
    assert sign_robustness({"pessimistic": -0.2, "central": -0.5, "optimistic": -0.9}) == (True, [])
    assert sign_robustness({"pessimistic": 0.1, "central": -0.5, "optimistic": -0.9}) == (
        False,
        ["pessimistic"],
    )
    assert sign_robustness({"pessimistic": 0.0, "central": -0.5, "optimistic": 0.3}) == (
        False,
        ["pessimistic", "optimistic"],
    )


def _check(robust: bool) -> stats.RegimeCheck:
    diffs = {
        "pessimistic": {"mean": 0.004 if not robust else -0.001, "lo": -0.01, "hi": 0.02, "n": 6},
        "central": {"mean": -0.006, "lo": -0.01, "hi": -0.002, "n": 6},
        "optimistic": {"mean": -0.012, "lo": -0.02, "hi": -0.004, "n": 6},
    }
    return stats.RegimeCheck(diffs, robust, () if robust else ("pessimistic",), "central")


def _card(check: stats.RegimeCheck | None) -> stats.KpiCard:
    central = check.differences["central"] if check else {"mean": -0.006, "lo": -0.01, "hi": -0.002, "n": 6}
    return stats.KpiCard(
        "jeugdhulp_prevalence_u18",
        "Jeugdhulp",
        {"mean": 0.1, "lo": 0.09, "hi": 0.11, "n": 6},
        central,
        "better",
        0.0,
        check,
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_card_shows_the_other_regimes_and_its_badge_with_a_tooltip_naming_what_changes(lang):
    """Robust: green chip; depends: orange chip naming the regime; before that: 'wordt berekend'."""
    _, rc = solara.render(
        KpiCardView(_card(None), "huidig-2025", lang, evidence_status="running"), handle_error=False
    )
    pending = rc.find(v.Html, class_="text-caption grey--text text--darken-1 jwsim-evidence-pending")
    assert pending.widgets[0].children == [
        "Andere evidentieregimes: wordt berekend…"
        if lang == "nl"
        else "Other evidence regimes: being computed…"
    ]
    assert not rc.find(v.Chip, class_="jwsim-robust").widgets
    _, rc = solara.render(KpiCardView(_card(None), "huidig-2025", lang), handle_error=False)
    pending = rc.find(v.Html, class_="text-caption grey--text text--darken-1 jwsim-evidence-pending")
    assert not pending.widgets  # a preview claims nothing

    _, rc = solara.render(
        KpiCardView(_card(_check(True)), "huidig-2025", lang, evidence_status="done"), handle_error=False
    )
    chip = rc.find(v.Chip, class_="jwsim-robust").widget
    assert chip.children == ["robuust" if lang == "nl" else "robust"]
    values = rc.find(v.Html, class_="text-caption grey--text text--darken-2 jwsim-evidence-values").widget
    assert values.children == [  # the central difference is the card's own, shown above
        "pessimistisch \u22120,10 %-punt \u00b7 optimistisch \u22121,20 %-punt"
        if lang == "nl"
        else "pessimistic \u22120.10 pp \u00b7 optimistic \u22121.20 pp"
    ]

    _, rc = solara.render(
        KpiCardView(_card(_check(False)), "huidig-2025", lang, evidence_status="done"), handle_error=False
    )
    chip = rc.find(v.Chip, class_="jwsim-depends").widget
    assert chip.children == ["hangt af van aannames" if lang == "nl" else "depends on assumptions"]
    tip = chip.attributes["aria-label"]
    assert ("anders onder: pessimistisch" if lang == "nl" else "different under: pessimistic") in tip
    n = sum(1 for p in stats.REGISTRY.values() if p.is_effect)
    assert f"{n} " in tip and "D:" in tip  # what changes: the graded effect parameters


def test_pages_name_the_regime_and_show_badges_once_the_regimes_are_in(finished_run):
    """Resultaten cards and the Vergelijk table carry one badge per judged difference; captions name it."""
    run, _, _, _ = finished_run
    full, evidence = run.full_result(), run.evidence_result()
    assert result_caption(full, "nl").endswith("Evidentieregime: pessimistisch.")
    assert result_caption(full, "en").endswith("Evidence regime: pessimistic.")
    checks = stats.regime_checks(evidence, "opdracht-2026", "pessimistic")
    robust = sum(c.robust for c in checks.values())

    @solara.component
    def Both(view: RunView):
        KpiCards(view, "opdracht-2026", "nl")
        SideBySide(view, "nl")

    _, rc = solara.render(
        Both(RunView(status="done", result=full, evidence=evidence, evidence_status="done")),
        handle_error=False,
    )
    assert len(rc.find(v.Chip, class_="jwsim-robust").widgets) == 2 * robust
    assert len(rc.find(v.Chip, class_="jwsim-depends").widgets) == 2 * (len(checks) - robust)
    _, rc = solara.render(
        Both(RunView(status="done", result=full, evidence_status="running")), handle_error=False
    )
    pending = rc.find(v.Html, class_="text-caption grey--text text--darken-1 jwsim-evidence-pending")
    assert len(pending.widgets) == 2 * len(stats.HEADLINE_KPIS)


def test_the_memo_says_per_difference_whether_it_is_robust(finished_run):
    """With the regimes in, every headline difference has its other regimes and verdict in the memo."""
    run, _, _, _ = finished_run
    full, evidence = run.full_result(), run.evidence_result()
    doc = Document(io.BytesIO(memo_docx(full, "nl", evidence=evidence)))
    table = doc.tables[1]
    assert table.rows[0].cells[4].text == "onder andere evidentieregimes"
    cards = stats.kpi_cards(full, "opdracht-2026", "nl", evidence)
    for row, card in zip(table.rows[1:], cards, strict=True):
        verdict = "robuust" if card.regimes.robust else "hangt af van aannames ("
        assert verdict in row.cells[4].text and "centraal" in row.cells[4].text
    assert "Evidentieregime: pessimistisch." in doc.paragraphs[1].text
    plain = Document(io.BytesIO(memo_docx(full, "nl")))
    assert len(plain.tables[1].columns) == 4  # without the regimes, the table claims nothing about them


def test_a_difference_that_is_zero_under_every_regime_says_so_rather_than_claiming_a_sign():
    """Robust by the rule (one sign: zero), and the tooltip says there is no difference at all."""
    zero = {"mean": 0.0, "lo": 0.0, "hi": 0.0, "n": 6}
    check = stats.RegimeCheck({r: dict(zero) for r in REGIMES}, True, (), "central")
    assert sign_robustness({r: 0.0 for r in REGIMES}) == (True, [])
    tip = stats.evidence_tip("halt_per_10k_12_17", check, "nl")
    assert tip[1] == "Onder geen van de drie evidentieregimes is er een verschil."
    assert stats.evidence_tip("halt_per_10k_12_17", _check(True), "en")[1] == (
        "The difference has the same sign under all three evidence regimes."
    )


def test_a_robust_sign_that_reads_as_zero_under_a_regime_says_so():
    """'+0,0' under the pessimistic regime: robust by the rule, and the badge and tooltip say '~0' there."""
    def check(values):
        return stats.RegimeCheck(
            {r: {"mean": v, "lo": v, "hi": v, "n": 6} for r, v in zip(REGIMES, values, strict=True)},
            True, (), "central",
        )

    kpi = "jeugdoverlast_registered_per_year"
    near = check((0.04, 43.0, 98.0))  # pessimistic, central, optimistic
    assert stats.format_difference(kpi, 0.04, "nl") == "+0,0"
    assert stats.badge_text(kpi, near, "nl") == "robuust (pessimistisch: ~0)"
    assert stats.badge_text(kpi, near, "en") == "robust (pessimistic: ~0)"
    assert "onder pessimistisch is het vrijwel nul" in stats.evidence_tip(kpi, near, "nl")[1]
    assert stats.robustness_text(kpi, near, "nl") == "robuust (pessimistisch: ~0)"
    assert stats.badge_text(kpi, check((2.0, 43.0, 98.0)), "nl") == "robuust"  # "+2,0" is a difference
    # Printed with significant digits a tiny share never reads as 0; below 1% of the largest regime it is ~0.
    share = "jeugdhulp_prevalence_u18"
    tiny = check((0.0000024, 0.00078, 0.0016))
    assert stats.format_difference(share, 0.0000024, "nl") == "+0,00024 %-punt"
    assert stats.badge_text(share, tiny, "nl") == "robuust (pessimistisch: ~0)"
    assert stats.badge_text(share, check((0.00004, 0.00078, 0.0016)), "nl") == "robuust"  # 2.5%: a difference
    assert stats.badge_text(kpi, check((0.0, 0.0, 0.0)), "nl") == "robuust (overal ~0)"
    depends = stats.RegimeCheck(near.differences, False, ("pessimistic",), "central")
    assert stats.badge_text(kpi, depends, "nl") == "hangt af van aannames"


def test_the_stale_notice_names_what_changed_and_a_new_regime_is_no_new_scenario():
    """Only the regime changed: the notice names the regime and both values, not the scenario."""
    from jwsim.viz.page_results import stale_notice  # noqa: PLC0415

    doc = {"name": "opdracht-2026-aangepast"}
    central = RunSettings(evidence="central")
    asked = (doc, "huidig-2025", central)
    parts = ("scenario", "reference")
    assert stale_notice(asked, asked, parts, "nl") == ""
    regime = stale_notice(asked, (doc, "huidig-2025", RunSettings(evidence="pessimistic")), parts, "nl")
    assert regime == ("Sinds deze berekening is veranderd: het evidentieregime (centraal \u2192 "
                      "pessimistisch). Druk op Bereken voor de nieuwe uitkomsten.")
    both = stale_notice(asked, ({"name": "x"}, "huidig-2025", RunSettings(evidence="optimistic", reps=8)),
                        parts, "en")
    assert both == ("Changed since this calculation: the scenario, the evidence regime (central \u2192 "
                    "optimistic) and the run settings. Press Run for the new outcomes.")
    reference = stale_notice(asked, (doc, "geen-jongerenwerk", central), parts, "nl")
    assert "het referentiescenario." in reference and "scenario," not in reference
