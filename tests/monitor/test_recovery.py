"""Recovery: observations simulated from a known parameter set move the posterior toward it.

Each of 30 posterior draws in turn is the "true" world: a run with that draw in a random world of its own
(scale 20, 2026-2027) is measured through the observation model, and the other 29 draws, run as
``jwsim monitor update`` runs them (one common world), are reweighted with those observations (leave one
out: the truth is never in the ensemble). Over these 30 synthetic worlds, for the parameters the
indicators inform (the youth-work effects, nuisance, jeugdhulp entry): the true value ranks higher among the
weighted draws, the error of the estimate is below that of the same weights without information (and falls for
the best-informed parameter), and the 90% interval covers the truth in most worlds.
"""

from __future__ import annotations

import numpy as np
import pytest

from jwsim.model.params import REGISTRY
from jwsim.model.scenario import load_scenario
from jwsim.monitor.synthetic import observe_run
from jwsim.monitor.update import (
    noise_variance,
    parameter_interval,
    run_ensemble,
    simulated,
    weights,
    youths,
)

DRAWS = 30
SCALE = 20.0
YEARS = (2026, 2027)
# The posterior parameters an indicator speaks to directly: registered nuisance (the act rate and the ambulant
# team's presence effect), Halt referrals (the Halt rate) and CBS inflow (onset and escalation of need).
INFORMED = ("nuisance_acts_per_week_street", "ambulant_presence_effect", "halt_per_year_12_17",
            "need_onset_per_year", "need_escalation_per_year")

NULL_SHUFFLES = 50
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def recovery():
    """Per synthetic world and informed parameter: rank, squared error and coverage before and after."""
    plan = load_scenario("opdracht-2026")
    ens = run_ensemble(plan, None, None, 7, SCALE, len(YEARS), indices=range(DRAWS), workers=2)
    worlds = run_ensemble(plan, None, None, 8, SCALE, len(YEARS), indices=range(DRAWS), workers=2,
                          common_world=False)
    cols = [ens.names.index(n) for n in INFORMED]
    spread = ens.draws[:, cols].std(axis=0)
    out = {k: [] for k in ("rank_prior", "rank_post", "err_prior", "err_post", "err_null", "covered", "ess")}
    shuffle = np.random.default_rng(11)
    for j in range(DRAWS):
        keep = [i for i in range(DRAWS) if i != j]
        obs = observe_run(worlds.plan[j], YEARS, np.random.default_rng([7, j]))
        m = simulated([ens.plan[i] for i in keep], obs)
        w = weights(obs, m, noise_variance(obs, m, SCALE, world_scale=SCALE, youths=youths(ens.plan)))
        truth, x = ens.draws[j, cols], ens.draws[keep][:, cols]
        prior_w = np.full(len(keep), 1.0 / len(keep))
        near = np.abs(x - truth) <= np.median(np.abs(x - truth), axis=0)  # the half of the draws nearest
        for tag, ww in (("prior", prior_w), ("post", w)):
            estimate = ww @ x
            # the truth's rank: the weight of the draws nearer to the truth than the median draw (the nearer
            # the posterior puts its weight, the higher the truth ranks among the weighted draws)
            out[f"rank_{tag}"].append(ww @ near)
            out[f"err_{tag}"].append(((estimate - truth) / spread) ** 2)
        # the null: the same weights shuffled over the draws (as concentrated, carrying no information)
        out["err_null"].append(np.mean([((shuffle.permutation(w) @ x - truth) / spread) ** 2
                                        for _ in range(NULL_SHUFFLES)], axis=0))
        # the interval `jwsim monitor update` reports: the kernel-smoothed weighted ensemble
        bounds = np.array([parameter_interval(x[:, c], w, (0.05, 0.95),
                                              (REGISTRY[n].low, REGISTRY[n].high))
                           for c, n in enumerate(INFORMED)])
        out["covered"].append((bounds[:, 0] <= truth) & (truth <= bounds[:, 1]))
        out["ess"].append(1.0 / np.sum(w ** 2))
    return {k: np.array(v) for k, v in out.items()}


def test_at_least_twenty_synthetic_years(recovery):
    """The checks rest on at least 20 synthetic worlds."""
    assert recovery["covered"].shape == (DRAWS, len(INFORMED)) and DRAWS >= 20


def test_true_value_rank_improves(recovery):
    """The weight on the half of the draws nearest the truth grows (averaged over worlds and parameters)."""
    before, after = recovery["rank_prior"].mean(), recovery["rank_post"].mean()
    print(f"weight on the nearer half: {before:.3f} -> {after:.3f}")
    # The shipped posterior is already fitted to the same city figures, so one year moves it modestly.
    assert after > before


def test_estimate_moves_toward_the_truth(recovery):
    """The error of the estimate (in prior SDs) is below what the same weights carry without information.

    Reweighting 29 draws concentrates the estimate on a few of them (effective sample size ~11), which adds
    Monte Carlo error to every parameter; the observations must more than make up for it. The null is the
    same weights shuffled over the draws. The parameter the observations inform most (the nuisance act rate,
    by registered nuisance) must also come closer to the truth than before the update.
    """
    before, after = recovery["err_prior"].mean(axis=0), recovery["err_post"].mean(axis=0)
    null = recovery["err_null"].mean(axis=0)
    print("error before", np.round(before, 3), "after", np.round(after, 3), "null", np.round(null, 3))
    assert after.mean() < 0.97 * null.mean()
    assert (after < null).sum() >= len(INFORMED) // 2 + 1
    nuisance = INFORMED.index("nuisance_acts_per_week_street")
    assert after[nuisance] < 0.95 * before[nuisance]


def test_coverage_over_synthetic_years(recovery):
    """The updated 90% interval covers the true value in most worlds (no overconfident collapse)."""
    coverage = recovery["covered"].mean()
    print(f"coverage of the 90% interval: {coverage:.3f}; effective sample size median "
          f"{np.median(recovery['ess']):.1f} of {DRAWS - 1}")
    assert coverage >= 0.75
