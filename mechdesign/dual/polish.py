r"""Polish: a Gauss–Newton least-norm correction of C that zeroes the obedience residuals.

The barrier method ends at a point whose residuals are of the order of the last Newton
decrement. Holding the noise N = V − C'P̃⁻¹C fixed (so Σ stays PSD, dual-route §3), the
residuals are functions of C alone:

* action obedience :math:`r^a_i = \tilde\alpha_iC_{0i} + \tilde\beta_iC_{ii} + (AV)_{ii}` with
  :math:`V = C^\top\tilde P^{-1}C + N`, whose gradient in C is
  :math:`u_ia_i^\top + \tilde v_ie_i^\top` (:math:`u_i = \tilde P^{-1}C_{:i}`,
  :math:`\tilde v_i = \tilde P^{-1}Ca_i + \tilde\alpha_ie_0 + \tilde\beta_ie_{i+1}`, a_i the
  i-th row of A);
* type obedience :math:`r^t_i = \tilde\beta_i\tilde P_{ii} + \sum_jA_{ij}C_{ij}`, gradient
  :math:`e_{i+1}a_i^\top`;
* binding IC constraints :math:`\tilde\beta_kC_{kk} - \tilde\beta_k^2`, gradient
  :math:`\tilde\beta_ke_{k+1}e_k^\top`.

Each step solves :math:`JJ^\top\nu = r` (the Gram matrix of these rank-2 rows, written with
Hadamard products) and sets :math:`C \leftarrow C - J^\top\nu`, the least-norm correction.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import LinAlgError, cho_factor, cho_solve

from mechdesign.dual.function import DualData

__all__ = ["residuals", "polish"]


def residuals(data: DualData, c: np.ndarray, noise: np.ndarray, binding: np.ndarray) -> np.ndarray:
    """(action obedience, type obedience, binding IC) residuals of (C, V = C'P̃⁻¹C + N)."""
    ct = c[1:]
    v = c.T @ np.linalg.solve(data.P, c) + noise
    own = np.diag(ct)
    return np.concatenate([
        data.alpha * c[0] + data.beta * own + np.sum(data.A * v, axis=1),
        data.beta * np.diag(data.P)[1:] + np.sum(data.A * ct, axis=1),
        (data.beta * own - data.beta ** 2)[binding],
    ])


def _gram(data: DualData, c: np.ndarray, binding: np.ndarray):
    n, a, b = data.n, data.A, data.beta
    u = np.linalg.solve(data.P, c)
    vt = u @ a.T
    vt[0] += data.alpha
    vt[1:][np.diag_indices(n)] += b
    aa = a @ a.T
    uv = u.T @ vt * a
    k = np.flatnonzero(binding)
    gaa = (u.T @ u) * aa + uv + uv.T + np.diag(np.sum(vt ** 2, axis=0))
    gat = u[1:].T * aa + (vt[1:] * a).T
    gab = (u[1:].T * a)[:, k] * b[k]
    gab[k, np.arange(k.size)] += b[k] * vt[1 + k, k]
    gtb = np.zeros((n, k.size))
    gtb[k, np.arange(k.size)] = b[k] * np.diag(a)[k]
    gram = np.block([[gaa, gat, gab], [gat.T, np.diag(np.sum(a ** 2, axis=1)), gtb],
                     [gab.T, gtb.T, np.diag(b[k] ** 2)]])
    return u, vt, k, gram


def polish(data: DualData, c: np.ndarray, noise: np.ndarray, binding: np.ndarray, *,
           tol: float = 1e-14, steps: int = 8) -> np.ndarray:
    """C corrected until every residual is ≤ ``tol`` (at most ``steps`` Gauss–Newton steps)."""
    n = data.n
    c = c.copy()
    for _ in range(steps):
        r = residuals(data, c, noise, binding)
        if np.max(np.abs(r)) <= tol:
            break
        u, vt, k, gram = _gram(data, c, binding)
        nu = _solve_psd(gram, r)
        na, nt, nb = nu[:n], nu[n: 2 * n], nu[2 * n:]
        step = (u * na[None, :]) @ data.A + vt * na[None, :]
        step[1:] += nt[:, None] * data.A
        step[1 + k, k] += nb * data.beta[k]
        c -= step
    return c


def _solve_psd(gram: np.ndarray, r: np.ndarray) -> np.ndarray:
    try:
        return cho_solve(cho_factor(gram, lower=True), r)
    except LinAlgError:
        return np.linalg.lstsq(gram, r, rcond=1e-14)[0]
