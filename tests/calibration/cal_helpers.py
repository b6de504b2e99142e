"""Helpers for the calibration tests: a tiny targets file (scale 20, one year, two free parameters)."""

from __future__ import annotations

from jwsim.calibration.targets import default_targets_path
from jwsim.model.params import REGISTRY

FREE = ("need_onset_per_year", "nuisance_acts_per_week_street")


def tiny_targets_text(**overrides) -> str:
    """Return the packaged targets with tiny calibration settings: 2 free parameters, scale 20, 1 year."""
    src = default_targets_path().read_text(encoding="utf-8")
    targets = src[src.index("\n[[target]]\n") + 1:]
    fixed = [n for n, p in REGISTRY.items() if p.calibrate and n not in FREE]
    settings = {
        "smm_fixed": "[]", "fixed": "[" + ", ".join(f'"{n}"' for n in fixed) + "]",
        "scenario": '"opdracht-2026"', "years": "1", "seed": "7", "smm_scale": "20.0", "smm_reps": "1",
        "smm_max_iterations": "2", "smm_diff_step": "0.1", "abc_scale": "20.0", "abc_population": "5",
        "abc_generations": "1", "abc_batch": "4", "abc_quantile": "0.5", "abc_pseudo_prior_widen": "3.0",
        "bias_scale_full": "10.0", "bias_reps_full": "1", "bias_reps_reduced": "1", "posterior_size": "4",
        "abc_mcmc_steps": "1", "abc_final_quantile": "0.6",
    }
    settings.update({k: str(v) for k, v in overrides.items()})
    head = "[calibration]\n" + "".join(f"{k} = {v}\n" for k, v in settings.items())
    return head + "\n" + targets
