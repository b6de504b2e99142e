"""Simulated method of moments (SMM) with common random numbers, on scipy's trust-region least squares.

The objective is ``sum(z_k(theta)**2)`` over the targets used for fitting, where ``z_k`` is the split-normal
scaled deviation of the replicate-mean statistic from target k (:mod:`jwsim.calibration.targets`). Every
evaluation uses the same replicate seeds (common random numbers), which makes the objective a deterministic
and, at the scale of a few percent of a parameter's range, smooth function of the parameters, so
``scipy.optimize.least_squares`` (method ``trf``, bounds = the registry ranges) can use a finite-difference
Jacobian. The Jacobian's columns are evaluated as one parallel batch through the experiment runner.

Parameters live in unit coordinates (0 = low end, 1 = high end of their range) so that one relative step
and one trust region fit all of them. The Gauss-Newton covariance ``(J^T J)^-1`` at the optimum, mapped back
to parameter units, is the parameters' standard error from the targets' uncertainty; it sizes the ABC
pseudo-prior (:mod:`jwsim.calibration.abc`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares

from jwsim.model.params import REGISTRY

from .evaluate import Evaluator, theta_to_unit, unit_to_theta
from .targets import Target, z_vector


@dataclass
class SmmResult:
    """Outcome of the SMM stage."""

    names: tuple[str, ...]
    theta: dict[str, float]
    start: dict[str, float]
    objective: float
    start_objective: float
    z: dict[str, float]
    se: dict[str, float]
    jacobian: list[list[float]]
    evaluations: int
    status: str

    def to_json(self) -> dict:
        """Plain-JSON form (for the checkpoint and the report)."""
        return dict(self.__dict__, names=list(self.names))


def fit(evaluator: Evaluator, targets: Sequence[Target], names: Sequence[str], start: dict[str, float],
        max_iterations: int, diff_step: float, reuse_radius: float = 0.15) -> SmmResult:
    """Minimise the SMM objective over ``names`` starting from ``start``.

    Args:
        evaluator: replicate-mean statistics with common random numbers (cached, parallel).
        targets: the targets used for fitting.
        names: the parameters moved by the fit.
        start: starting values (normally the registry defaults).
        max_iterations: cap on objective evaluations by the optimiser (each also has one Jacobian batch).
        diff_step: finite-difference step in unit coordinates (share of the parameter's range).
        reuse_radius: largest move (unit coordinates, any parameter) over which a Jacobian is reused.

    """
    names = tuple(names)
    k = len(names)

    def residuals(u: np.ndarray) -> np.ndarray:
        stats = evaluator.evaluate([unit_to_theta(u, names)])[0]
        return z_vector(stats, targets)

    last: dict = {}

    def jacobian(u: np.ndarray, force: bool = False) -> np.ndarray:
        # Chord (frozen-Jacobian) steps: the moments are close to linear and nearly one-to-one in the
        # parameters, so a Jacobian is reused until the iterate has moved `reuse_radius` away from where
        # it was computed; this costs 1 + k evaluations only every few iterations instead of every one.
        if not force and "J" in last and np.max(np.abs(u - last["u"])) <= reuse_radius:
            return last["J"]
        steps = np.where(u + diff_step <= 1.0, diff_step, -diff_step)
        points = [u] + [u + steps[i] * np.eye(k)[i] for i in range(k)]
        stats = evaluator.evaluate([unit_to_theta(p, names) for p in points])
        r0 = z_vector(stats[0], targets)
        J = np.column_stack([(z_vector(stats[i + 1], targets) - r0) / steps[i] for i in range(k)])
        last.update(u=u.copy(), J=J)
        return J

    # trf needs a strictly feasible start.
    u0 = np.clip(theta_to_unit(start, names), 1e-6, 1 - 1e-6)
    r_start = residuals(u0)
    opt = least_squares(residuals, u0, jac=jacobian, bounds=(0.0, 1.0), method="trf", x_scale=1.0,
                        ftol=1e-3, xtol=1e-3, gtol=1e-6, max_nfev=max_iterations)
    u_hat = opt.x
    theta = unit_to_theta(u_hat, names)
    # Standard errors from the latest Jacobian (computed within reuse_radius of the estimate): they only
    # size the ABC pseudo-prior, whose errors the importance reweighting corrects.
    J = jacobian(u_hat)
    r_hat = residuals(u_hat)
    cov_u = np.linalg.pinv(J.T @ J)
    span = np.array([REGISTRY[n].high - REGISTRY[n].low for n in names])
    se = np.sqrt(np.clip(np.diag(cov_u), 0.0, None)) * span
    return SmmResult(
        names=names, theta=theta, start={n: float(start[n]) for n in names},
        objective=float(np.sum(r_hat ** 2)), start_objective=float(np.sum(r_start ** 2)),
        z={t.name: float(v) for t, v in zip(targets, r_hat, strict=True)},
        se={n: float(s) for n, s in zip(names, se, strict=True)}, jacobian=J.tolist(),
        evaluations=int(opt.nfev), status=str(opt.message))
