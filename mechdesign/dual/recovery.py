r"""Multipliers from a primal solution: the certificate of any route.

Any multipliers with M(y) ≻ 0 give an upper bound D(x) on every feasible mechanism
(:mod:`mechdesign.dual.function`), however they were found. At an optimum (C, V) the
dual's stationarity and complementarity conditions are *linear* in x = (y, z, w) once the
rent links λ are fixed by :math:`\lambda_i = -\tilde\beta_i\,\mathrm{rent}_i'(e_i)`
(``shared/design/dual-route.md`` §2):

.. math::  H(x) = 2\tilde P^{-1} C\, M(y), \qquad M(y)\,N = 0, \quad N = V - C^\top\tilde P^{-1}C,

with w_i = 0 where participation is slack. :func:`recover` solves them in the least-squares
sense; :func:`certify` moves the result inside the dual domain (raising y along a
direction that makes M more positive definite), polishes it with a few warm-started
barrier Newton steps and adds a bound on the rounding error. The bound is
valid whatever the accuracy of (C, V); its gap to the primal value measures that accuracy.
"""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

from mechdesign.dual import newton
from mechdesign.dual.function import DualData, Multipliers, dual_matrices, dual_value, rent_conjugate

__all__ = ["recover", "certify"]


def _rent_links(data: DualData, c: np.ndarray) -> np.ndarray:
    """λ_i = −β̃_i rent_i'(e_i), rent'(e) = q/2 − c/(2(e − g)²)."""
    e = data.beta * np.diag(c[1:])
    u = e - data.rent_g
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = data.q / 2 - np.where((data.rent_c > 0) & (u > 0), data.rent_c / (2 * u ** 2), 0.0)
    return np.where(data.rent, -data.beta * slope, 0.0)


def recover(data: DualData, c: np.ndarray, v: np.ndarray, *, slack_tol: float = 1e-7) -> Multipliers:
    """Least-squares multipliers of the primal point (C, V) (normalised units)."""
    n = data.n
    lam = _rent_links(data, c)
    pinv_c = np.linalg.solve(data.P, c)                       # P̃⁻¹C, (n+1)×n
    noise = v - c.T @ pinv_c
    e = data.beta * np.diag(c[1:])
    binding = data.ic & (e - data.beta ** 2 <= slack_tol * np.maximum(data.beta ** 2, 1e-300))
    # residual(x) = H(x) − 2P̃⁻¹C M(y) and M(y)N, affine in x: columns by unit vectors
    base_h = data.L.copy()
    base_h[1:][np.diag_indices(n)] += lam
    rhs = np.concatenate([(base_h + 2 * pinv_c @ data.K).ravel(), (-data.K @ noise).ravel()])
    columns = []
    for k in range(n):                                         # y_k
        dh = np.zeros((n + 1, n))
        dh[0, k], dh[k + 1, k] = data.alpha[k], data.beta[k]
        ea = np.zeros((n, n))
        ea[k] = data.A[k]
        dm = -(ea + ea.T) / 2
        columns.append(np.concatenate([(dh - 2 * pinv_c @ dm).ravel(), (dm @ noise).ravel()]))
    for k in range(n):                                         # z_k
        dh = np.zeros((n + 1, n))
        dh[k + 1] = data.A[k]
        columns.append(np.concatenate([dh.ravel(), np.zeros(n * n)]))
    for k in np.flatnonzero(binding):                          # w_k
        dh = np.zeros((n + 1, n))
        dh[k + 1, k] = data.beta[k]
        columns.append(np.concatenate([dh.ravel(), np.zeros(n * n)]))
    sol = np.linalg.lstsq(np.array(columns).T, -rhs, rcond=None)[0]
    w = np.zeros(n)
    w[binding] = np.clip(sol[2 * n:], 0, None)
    return Multipliers(sol[:n], sol[n:2 * n], w, lam)


def _inside(data: DualData, x: Multipliers) -> Multipliers:
    """x moved strictly inside the dual domain: w > 0, κ > 0 and M(y) ≻ 0 (y raised along
    q = s², which makes M more positive definite when sym(I − G) ⪰ 0)."""
    tiny = 1e-9 * data.q
    w = np.where(data.ic, np.maximum(x.w, tiny), 0.0)
    beta = np.where(data.rent, data.beta, 1.0)
    kappa = x.lam / beta + data.q / 2
    lam = np.where(data.rent & (kappa <= tiny), beta * (tiny - data.q / 2), x.lam)
    x = Multipliers(x.y, x.z, w, lam)
    step = 1e-9 * max(1.0, float(np.max(np.abs(x.y))))
    for _ in range(60):
        if np.isfinite(dual_value(data, x)):
            return x
        x = Multipliers(x.y + step * data.q / np.max(data.q), x.z, x.w, x.lam)
        step *= 2
    return x


def rounding(data: DualData, x: Multipliers) -> float:
    """A first-order estimate of the floating-point error of D at x: 1e-14·(n + 1) times
    the size of its terms (cancellation between large multiplier terms is what it guards)."""
    m, h = dual_matrices(data, x)
    trace = 4 * abs(dual_value(data, x) - data.const - float(np.sum(x.z * data.beta * np.diag(data.P)[1:]))
                    + float(np.sum(np.where(data.ic, x.w, 0.0) * data.beta ** 2))
                    - float(np.sum(rent_conjugate(data, x.lam))))
    size = (max(abs(data.const), data.const_size) + float(np.abs(x.z * data.beta).sum() + np.abs(x.w * data.beta ** 2).sum())
            + trace / 4 + float(np.abs(rent_conjugate(data, x.lam)).sum()))
    return 1e-14 * (data.n + 1) * size


def certify(data: DualData, c: np.ndarray, v: np.ndarray) -> tuple[float, Multipliers]:
    """(bound, multipliers): D at the multipliers recovered from (C, V), polished by a
    warm-started barrier Newton (:func:`mechdesign.dual.newton.minimise`), plus a
    rounding allowance; nan when no dual-feasible point was found."""
    with threadpool_limits(limits=1, user_api="blas"):
        x = _inside(data, recover(data, c, v))
        first = dual_value(data, x)
        if not np.isfinite(first):
            return float("nan"), x
        mu = 1e-6 * max(1.0, abs(first)) / newton.barrier_terms(data)
        try:
            found = newton.minimise(data, x, mu=mu, gap_tol=1e-10, max_iter=150).x
        except np.linalg.LinAlgError:          # a singular Newton system: keep the recovered point
            found = x
        polished = dual_value(data, found)
        best = found if polished < first else x
        return min(first, polished) + rounding(data, best), best
