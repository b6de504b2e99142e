"""The whole calibration: SMM point estimate -> scale-bias ratios -> ABC-SMC posterior -> posterior file.

Every stage writes its result atomically into the output folder and is skipped when its file is already
there; the SMM evaluations and the ABC generations are checkpointed inside their stages. An interrupted
``jwsim calibrate --out DIR`` therefore continues where it stopped when run again with the same ``DIR``,
and gives the same numbers as an uninterrupted run (all randomness is derived from the root seed).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jwsim.experiments.executors import process_pool
from jwsim.experiments.output import atomic_write_text, to_json
from jwsim.experiments.provenance import environment
from jwsim.model.params import REGISTRY, REGISTRY_VERSION

from . import abc as abc_stage
from . import smm
from .evaluate import Checkpoint, Evaluator
from .rejuvenate import final_reweighting, rejuvenate
from .targets import CalibrationError, TargetSet

STAGES = ("smm", "bias", "abc", "posterior")


class CalibrationInterrupted(RuntimeError):
    """Raised by the test hook ``stop_after`` to simulate an interruption at a known point."""


@dataclass
class Options:
    """Run options that are not part of the calibration's identity (they do not change its numbers)."""

    out: Path
    workers: int = 2
    executor: Executor | None = None
    stop_after: str | None = None     # test hook: "smm-batches:N" or "abc-generations:N"
    max_generations: int | None = None  # finish the ABC after this many generations (compute budget)
    log: Callable[[str], None] = print


def identity(ts: TargetSet) -> dict:
    """Return what makes two calibrations the same.

    That is: targets, settings, registry version and the values of the parameters that are *not* free.
    The free parameters' registry values (the SMM start) are recorded in smm.json instead, so that
    shipping the result into the registry does not orphan the run's folder.
    """
    free = set(ts.free_parameters())
    return {
        "targets": [[t.name, t.statistic, t.value, t.lo, t.hi] for t in ts.fit],
        "settings": ts.settings,
        "fixed_values": {n: p.value for n, p in REGISTRY.items() if n not in free},
        "registry_version": REGISTRY_VERSION,
    }


def _read(path: Path) -> dict | None:
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CalibrationError(f"{path}: unreadable ({exc})") from None


def run(ts: TargetSet, opt: Options) -> dict:
    """Run or continue the calibration in ``opt.out``; returns the summary document."""
    s = ts.settings
    out = opt.out
    out.mkdir(parents=True, exist_ok=True)
    ident = identity(ts)
    id_file = out / "identity.json"
    old = _read(id_file)
    if old is not None and old != json.loads(to_json(ident)):
        raise CalibrationError(f"{out}: holds another calibration (targets, settings or fixed values "
                               "differ); "
                               "use a new --out folder")
    atomic_write_text(id_file, to_json(ident))
    fit_stats = tuple(dict.fromkeys(t.statistic for t in ts.fit))
    t0 = time.perf_counter()
    own = None
    executor = opt.executor
    if executor is None and opt.workers > 1:
        own = executor = process_pool(opt.workers)
    try:
        smm_doc = _smm(ts, opt, fit_stats, executor, ident)
        bias = _bias(ts, opt, fit_stats, executor, ident, smm_doc)
        abc_doc = _abc(ts, opt, fit_stats, executor, smm_doc, bias)
    finally:
        if own is not None:
            own.shutdown(cancel_futures=True)
    summary = {
        "method": "SMM (scipy least_squares, common random numbers) + ABC-SMC (pyabc, pseudo-prior "
                  "reweighting)",
        "seed": s["seed"], "settings": s, "smm": smm_doc, "bias_ratios": bias, "abc": abc_doc,
        "seconds_this_session": round(time.perf_counter() - t0, 1),
        "registry_version": REGISTRY_VERSION, **environment(),
    }
    atomic_write_text(out / "calibration.json", to_json(summary))
    return summary


def _stop(opt: Options, stage: str, count: int) -> None:
    if opt.stop_after:
        name, _, n = opt.stop_after.partition(":")
        if name == stage and count >= int(n):
            raise CalibrationInterrupted(f"stopped after {count} {stage} (test hook)")


def _smm(ts: TargetSet, opt: Options, fit_stats, executor, ident) -> dict:
    path = opt.out / "smm.json"
    done = _read(path)
    if done is not None:
        return done
    s = ts.settings
    batches = [0]

    def progress(n_sets: int, n_runs: int) -> None:
        batches[0] += 1
        opt.log(f"SMM: {n_sets} parameter sets evaluated ({n_runs} runs in this batch)")
        _stop(opt, "smm-batches", batches[0])

    ev = Evaluator(fit_stats, s["scenario"], s["seed"], s["smm_reps"], s["smm_scale"], s["years"],
                   workers=opt.workers, executor=executor,
                   checkpoint=Checkpoint(opt.out / "smm_evaluations.json", "smm", ident), on_batch=progress)
    names = ts.smm_parameters()
    res = smm.fit(ev, ts.fit, names, {n: REGISTRY[n].value for n in names}, s["smm_max_iterations"],
                  s["smm_diff_step"])
    doc = res.to_json()
    doc["runs"] = ev.runs
    atomic_write_text(path, to_json(doc))
    opt.log(f"SMM: objective {doc['start_objective']:.2f} -> {doc['objective']:.2f} ({doc['status']})")
    return doc


def _bias(ts: TargetSet, opt: Options, fit_stats, executor, ident, smm_doc) -> dict:
    """Scale-bias ratios full/reduced of every fit statistic at the SMM estimate."""
    path = opt.out / "bias.json"
    done = _read(path)
    if done is not None:
        return done
    s = ts.settings
    theta = smm_doc["theta"]
    means = {}
    stages = (("full", s["bias_scale_full"], s["bias_reps_full"]),
              ("reduced", s["abc_scale"], s["bias_reps_reduced"]))
    for label, scale, reps in stages:
        ev = Evaluator(fit_stats, s["scenario"], s["seed"] + 1, reps, scale, s["years"], workers=opt.workers,
                       executor=executor,
                       checkpoint=Checkpoint(opt.out / f"bias_{label}.json", "bias", ident))
        means[label] = ev.evaluate([theta])[0]
    ratios = {k: (means["full"][k] / means["reduced"][k] if means["reduced"][k] else 1.0) for k in fit_stats}
    doc = {"ratios": ratios, "full": means["full"], "reduced": means["reduced"]}
    atomic_write_text(path, to_json(doc))
    opt.log("scale-bias ratios: " + ", ".join(f"{k} {v:.3f}" for k, v in ratios.items()))
    return doc


def _abc(ts: TargetSet, opt: Options, fit_stats, executor, smm_doc, bias) -> dict:
    path = opt.out / "abc.json"
    done = _read(path)
    if done is not None:
        return done
    s = ts.settings
    free = ts.free_parameters()
    centre = {n: smm_doc["theta"].get(n, REGISTRY[n].value) for n in free}
    sd = {n: s["abc_pseudo_prior_widen"] * max(se, 0.02 * (REGISTRY[n].high - REGISTRY[n].low))
          for n, se in smm_doc["se"].items()}
    prior = abc_stage.pseudo_prior(free, centre, sd)
    model = abc_stage.JwsimAbcModel(s["scenario"], s["years"], s["abc_scale"], fit_stats, bias["ratios"], {})
    generations = s["abc_generations"]
    if opt.max_generations is not None:
        generations = max(0, min(generations, opt.max_generations - 1))
    planned = generations
    if opt.stop_after and opt.stop_after.startswith("abc-generations:"):
        generations = min(generations, int(opt.stop_after.split(":")[1]) - 1)
    sampler = abc_stage.SeededBatchSampler(s["seed"], s["abc_batch"], workers=opt.workers, executor=executor)
    hist = abc_stage.run_abc(opt.out / "abc.db", model, prior, ts.fit, s["abc_population"], generations,
                             s["abc_quantile"], sampler, max_simulations=s["abc_population"] * 40)
    if generations < planned:
        raise CalibrationInterrupted(f"stopped after {generations + 1} ABC generations (test hook)")
    thetas, weights, dists = abc_stage.weighted_posterior(hist, prior)
    pops = hist.get_all_populations()
    epsilons = [float(e) for e in pops[pops["t"] >= 0]["epsilon"].tolist()]
    ess = abc_stage.effective_sample_size(weights)
    mcmc = final = None
    if s["abc_mcmc_steps"]:
        mcmc = rejuvenate(free, thetas, weights, epsilons[-1], model, ts.fit, s["abc_mcmc_steps"], s["seed"],
                          opt.out / "mcmc.json", workers=opt.workers, executor=executor, log=opt.log,
                          distances=dists)
        thetas = [dict(zip(free, row, strict=True)) for row in mcmc["X"]]
        weights = np.full(len(thetas), 1.0 / len(thetas))
        if s["abc_final_quantile"] > 0:  # the last SMC generation: a lower tolerance, indicator weights
            eps_final, weights = final_reweighting(mcmc["D"], s["abc_final_quantile"])
            final = {"quantile": s["abc_final_quantile"], "epsilon": eps_final,
                     "effective_sample_size": abc_stage.effective_sample_size(weights)}
    if mcmc is None:
        idx = abc_stage.systematic_resample(weights, s["posterior_size"], s["seed"])
    else:  # equally weighted (inside the final tolerance) after resample-move: a seeded subset, no repeats
        inside = np.flatnonzero(weights > 0)
        idx = np.random.default_rng(s["seed"]).choice(inside, size=min(s["posterior_size"], inside.size),
                                                       replace=False)
    doc = {
        "parameters": list(free),
        "generations": int(hist.max_t + 1),
        "generations_planned": s["abc_generations"] + 1,
        "epsilons": epsilons,
        "simulations": int(hist.total_nr_simulations),
        "population": s["abc_population"],
        "effective_sample_size_smc": ess,
        "effective_sample_size": abc_stage.effective_sample_size(weights),
        "mcmc": None if mcmc is None else {k: mcmc[k] for k in ("step", "accepted", "unique_start",
                                                                "unique_end")},
        "final_generation": final,
        "particles": thetas, "weights": weights.tolist(),
        "draws": [thetas[i] for i in idx],
        "pseudo_prior": {n: {"centre": centre[n], "sd": sd.get(n)} for n in free},
    }
    atomic_write_text(path, to_json(doc))
    opt.log(f"ABC: {doc['generations']} generations, {doc['simulations']} simulations, final eps "
            f"{doc['epsilons'][-1]:.2f}, ESS {ess:.0f} before / {doc['effective_sample_size']:.0f} after "
            "resample-move"
            + ("" if final is None else f" and the last generation (eps {final['epsilon']:.2f})"))
    return doc


def posterior_document(summary: dict) -> dict:
    """Return the shipped posterior file: equally weighted draws plus provenance."""
    abc_doc = summary["abc"]
    names = abc_doc["parameters"]
    return {
        "description": "Posterior ensemble of jwsim's free parameters (ABC-SMC, equally weighted draws); "
                       "see docs/calibration.md",
        "seed": summary["seed"], "registry_version": summary["registry_version"],
        "git_commit": summary["git_commit"], "parameters": names,
        "effective_sample_size": abc_doc["effective_sample_size"],
        "draws": [[float(d[n]) for n in names] for d in abc_doc["draws"]],
        "point_estimate": {n: float(v) for n, v in summary["smm"]["theta"].items()},
    }


def posterior_means(summary: dict) -> dict[str, float]:
    """Weighted posterior means of the free parameters."""
    a = summary["abc"]
    w = np.asarray(a["weights"])
    return {n: float(np.sum(w * np.array([p[n] for p in a["particles"]]))) for n in a["parameters"]}
