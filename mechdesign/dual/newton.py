r"""Barrier Newton method on the dual function (dual-route §3).

The barrier function, for μ > 0 and the symbols of :mod:`mechdesign.dual.function`,

.. math::  \varphi_\mu(x) = D_\mu(x) - \mu\log\det M(y) - \mu\sum_{ic}\log w_i ,

where :math:`D_\mu` uses the smoothed rent conjugate
:math:`r^*_\mu(\lambda) = \sup_{u>0}\{-k - \kappa(u + g) - c/(2u) + \mu\log u\}`, attained at
:math:`u = (\mu + \sqrt{\mu^2 + 2\kappa c})/(2\kappa)` (u = e − g). It is the Lagrange dual
of the primal with the barrier μ(log det N + Σ log slack + Σ log u), so at any x

* the primal point is :math:`C = \tfrac12\tilde PHM^{-1}`, :math:`V = C^\top\tilde P^{-1}C
  + \mu M^{-1}` (Σ ⪰ 0 by construction), and
* :math:`\nabla\varphi_\mu` is the vector of its residuals: action obedience
  :math:`\tilde\alpha_iC_{0i} + \tilde\beta_iC_{ii} + (AV)_{ii}`, type obedience
  :math:`\tilde\beta_i\tilde P_{ii} + \sum_jA_{ij}C_{ij}`, IC slack − μ/w_i and the rent
  link :math:`C_{ii} - e_i/\tilde\beta_i`.

With :math:`dC = \tfrac12\tilde P\,dH\,M^{-1} - C\,dM\,M^{-1}` the Hessian form is

.. math::  \tfrac12\operatorname{tr}(R\,dH^\top\tilde P\,dH) - 2\operatorname{tr}(R\,dM\,C^\top dH)
           + \operatorname{tr}(R\,dM\,(2V_0 + \mu R)\,dM), \qquad R = M^{-1},\ V_0 = C^\top\tilde P^{-1}C,

written entrywise with Hadamard products. With independent types the (z, w, λ) variables of
a player couple only among themselves: they are eliminated per player (3×3 blocks) and one
n×n Schur complement is factored. A Newton step costs one Cholesky of M, about eight n×n
products and one Cholesky of the Schur complement.

Steps: Armijo backtracking on φ_μ (+∞ outside the domain), else the damped step
1/(1 + δ). The IC barrier enters the Newton system with the primal-dual curvature σ/w
(σ the current primal slack) rather than μ/w², and the rent conjugate with the curvature
read at the current primal e (:func:`_rent_curvature`), so that neither a reduction of μ
nor a far-off rent multiplier throws the step out of the domain. μ is divided by 10 (by 100 when the
last centring took at most two steps) once the Newton decrement δ = √(−g'Δ/μ) < 0.5, and
the method stops when μ × (number of barrier terms) ≤ ``gap_tol`` · max(1, |D|).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import LinAlgError, cho_factor, cho_solve, lapack

from mechdesign.dual.function import DualData, Multipliers, dual_matrices, smooth_part

#: Factor by which μ is divided after a centring (squared after a quick one).
SHRINK = 10.0

__all__ = ["Central", "Minimum", "pack", "unpack", "barrier_terms", "barrier_value",
           "derivatives", "newton_direction", "minimise", "SHRINK"]


def pack(x: Multipliers) -> np.ndarray:
    """The multipliers as one vector (y, z, w, λ)."""
    return np.concatenate([x.y, x.z, x.w, x.lam])


def unpack(v: np.ndarray) -> Multipliers:
    """Inverse of :func:`pack`."""
    y, z, w, lam = np.split(v, 4)
    return Multipliers(y, z, w, lam)


def barrier_terms(data: DualData) -> int:
    """Number of barrier terms m: the duality gap at a centred point is about μ m."""
    return data.n + int(data.ic.sum()) + int(data.rent.sum())


def _kappa(data: DualData, lam: np.ndarray) -> np.ndarray:
    beta = np.where(data.rent, data.beta, 1.0)
    return np.where(data.rent, lam / beta + data.q / 2, 1.0)


def _smoothed_rent(data: DualData, lam: np.ndarray, mu: float):
    """(value, u, second derivative in λ) of r*_μ per player (0 off ``data.rent``)."""
    kappa = _kappa(data, lam)
    root = np.sqrt(mu ** 2 + 2 * kappa * data.rent_c)
    u = (mu + root) / (2 * kappa)
    value = -data.rent_k - kappa * (u + data.rent_g) - data.rent_c / (2 * u) + mu * np.log(u)
    beta = np.where(data.rent, data.beta, 1.0)
    curvature = u ** 2 / root / beta ** 2
    on = data.rent
    return np.where(on, value, 0.0), np.where(on, u, 0.0), np.where(on, curvature, 0.0)


def barrier_value(data: DualData, v: np.ndarray, mu: float) -> float:
    """φ_μ at the packed multipliers v (+inf outside the domain)."""
    x = unpack(v)
    w = x.w[data.ic]
    if np.any(w <= 0) or np.any(_kappa(data, x.lam)[data.rent] <= 0):
        return float("inf")
    part = smooth_part(data, x)
    if part is None:
        return float("inf")
    smooth, chol = part
    logdet = 2 * float(np.sum(np.log(np.diag(chol))))
    rent, _, _ = _smoothed_rent(data, x.lam, mu)
    return smooth - mu * logdet - mu * float(np.sum(np.log(w))) + float(np.sum(rent))


@dataclass(frozen=True)
class Central:
    """Primal quantities at one (x, μ): C, R = M⁻¹ (V = C'P̃⁻¹C + μR) and the gradient of φ_μ."""

    C: np.ndarray
    R: np.ndarray
    gradient: np.ndarray


def derivatives(data: DualData, v: np.ndarray, mu: float) -> tuple[Central, dict]:
    """Gradient (the primal residuals) and the Hessian blocks of φ_μ at v."""
    x = unpack(v)
    a, p = data.A, data.P
    m, h = dual_matrices(data, x)
    r = _inverse(m)
    f = h @ r                                  # H M⁻¹
    c = f / 2 if data.independent else p @ f / 2
    v0 = (f.T @ f if data.independent else f.T @ p @ f) / 4
    v0 = (v0 + v0.T) / 2
    c0, ct = c[0], c[1:]
    own = np.diag(ct)
    _, u, curv = _smoothed_rent(data, x.lam, mu)
    grad = np.concatenate([
        data.alpha * c0 + data.beta * own + np.sum(a * (v0 + mu * r), axis=1),
        data.beta * np.diag(p)[1:] + np.sum(a * ct, axis=1),
        np.where(data.ic, data.beta * own - data.beta ** 2 - mu / np.where(data.ic, x.w, 1.0), 0.0),
        np.where(data.rent, own - (u + data.rent_g) / np.where(data.rent, data.beta, 1.0), 0.0),
    ])
    ar = a @ r
    ara = ar @ a.T
    y = 2 * v0 + mu * r
    ay = a @ y
    aya = ay @ a.T
    act = a @ ct.T
    pt = p[1:, 1:]
    cross = (ay * ar.T)
    hyy = (data.alpha[:, None] * r * data.alpha[None, :]) / 2
    hyy += ((a @ c0)[:, None] * r + c0[:, None] * ar) * data.alpha[None, :]
    hyy += (cross + cross.T) / 4 + (r * aya + ara * y) / 4
    blocks = dict(
        yy=(hyy + hyy.T) / 2,
        yd=(act * r + ct.T * ar) / 2,
        yz=(act * ar.T + ct.T * ara) / 2,
        dd=(r * pt) / 2,
        dz=(pt * ar.T) / 2,
        zz=(pt * ara) / 2,
        curv=curv,
    )
    return Central(c, r, grad), blocks


def newton_direction(data: DualData, v: np.ndarray, mu: float, central: Central,
                     blocks: dict) -> np.ndarray:
    """Δ solving ∇²φ_μ Δ = −∇φ_μ (packed order y, z, w, λ)."""
    n, b = data.n, data.beta
    x = unpack(v)
    g = central.gradient
    ic, rent = data.ic.astype(float), data.rent.astype(float)
    e = blocks["yd"] + b[:, None] * blocks["dd"]
    f = blocks["yz"] + b[:, None] * blocks["dz"]
    hyy = blocks["yy"] + blocks["yd"] * b[None, :] + b[:, None] * blocks["yd"].T + np.outer(b, b) * blocks["dd"]
    if not data.independent:  # correlated types: only y and z are free (no IC, no rents)
        full = np.block([[hyy, f], [f.T, blocks["zz"]]])
        step = _spd_solve(full, -g[: 2 * n])
        return np.concatenate([step, np.zeros(2 * n)])
    hdd, hdz, hzz = np.diag(blocks["dd"]), np.diag(blocks["dz"]), np.diag(blocks["zz"])
    bic = b * ic
    wbar = _slack_curvature(data, x.w, central.C, mu)
    lbar = _rent_curvature(data, central.C, mu, x.lam, blocks["curv"])
    blk = np.empty((n, 3, 3))
    blk[:, 0, 0] = hzz
    blk[:, 0, 1] = blk[:, 1, 0] = bic * hdz
    blk[:, 0, 2] = blk[:, 2, 0] = rent * hdz
    blk[:, 1, 1] = bic ** 2 * hdd + wbar
    blk[:, 1, 2] = blk[:, 2, 1] = bic * rent * hdd
    blk[:, 2, 2] = rent * hdd + lbar
    inv = np.linalg.inv(blk)
    # y meets player i's (z, w, λ) through the columns F_i and E_i: K_i = [F_i E_i] T_i with
    # T_i = [[1, 0, 0], [0, b_i, ρ_i]], so K B⁻¹ K' = [F E] diag-blocks(T_i B_i⁻¹ T_i') [F E]'.
    p11 = inv[:, 0, 0]
    p12 = bic * inv[:, 0, 1] + rent * inv[:, 0, 2]
    p22 = bic ** 2 * inv[:, 1, 1] + 2 * bic * rent * inv[:, 1, 2] + rent ** 2 * inv[:, 2, 2]
    schur = hyy - (f * p11 + e * p12) @ f.T - (f * p12 + e * p22) @ e.T
    gs = np.stack([g[n: 2 * n], g[2 * n: 3 * n], g[3 * n:]], axis=1)           # (n, 3)
    q = np.einsum("iab,ib->ia", inv, gs)
    rhs = -g[:n] + f @ q[:, 0] + e @ (bic * q[:, 1] + rent * q[:, 2])
    dy = _spd_solve((schur + schur.T) / 2, rhs)
    fy, ey = f.T @ dy, e.T @ dy
    ds = -np.einsum("iab,ib->ia", inv, gs + np.stack([fy, bic * ey, rent * ey], axis=1))
    return np.concatenate([dy, ds[:, 0], ds[:, 1], ds[:, 2]])


def _slack_curvature(data: DualData, w: np.ndarray, c: np.ndarray, mu: float) -> np.ndarray:
    """Curvature of the IC barrier in the Newton system: the primal-dual σ/w with σ the
    current primal slack (= μ/w on the central path), or the barrier's μ/w² where that
    slack is not positive. After μ is reduced σ/w keeps the step in w inside the domain,
    where μ/w² would overshoot a non-binding multiplier (w → 0) by a factor of 1/shrink."""
    w = np.where(data.ic, w, 1.0)
    slack = data.beta * np.diag(c[1:]) - data.beta ** 2
    curvature = np.where(slack > 0, slack / w, mu / w ** 2)
    return np.where(data.ic, curvature, 1.0)


def _rent_curvature(data: DualData, c: np.ndarray, mu: float, lam: np.ndarray,
                    barrier: np.ndarray) -> np.ndarray:
    """Curvature of r*_μ in λ in the Newton system: the secant that makes the step of a
    player's κ = λ/β̃ + q/2 exact for its own condition u(κ) = u_p, where u_p = e − g
    of the current primal point and κ(u) = (μu + c/2)/u² (the inverse of u(κ)). The
    barrier's curvature −du/dκ is its limit as u → u_p; far from it, u(κ) ~ κ^(-1/2)
    makes a tangent step overshoot κ below 0."""
    kappa = _kappa(data, lam)
    _, u, _ = _smoothed_rent(data, lam, mu)
    target = data.beta * np.diag(c[1:]) - data.rent_g
    beta = np.where(data.rent, data.beta, 1.0)
    far = data.rent & (target > 0) & (np.abs(target - u) > 1e-6 * u)
    safe = np.where(far, target, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        secant = (safe - u) / (kappa - (mu * safe + data.rent_c / 2) / safe ** 2) / beta ** 2
    return np.where(data.rent, np.where(far & (secant > 0), secant, barrier), 1.0)


def _inverse(matrix: np.ndarray) -> np.ndarray:
    """Inverse of a positive definite matrix from its Cholesky factor (LAPACK potrf/potri)."""
    chol, info = lapack.dpotrf(matrix, lower=1)
    if info:
        raise LinAlgError("M(y) is not positive definite")
    inv, info = lapack.dpotri(chol, lower=1)
    lower = np.tril(inv)
    return lower + np.tril(inv, -1).T


def _spd_solve(matrix: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    try:
        return cho_solve(cho_factor(matrix, lower=True, check_finite=False), rhs, check_finite=False)
    except LinAlgError:
        return np.linalg.lstsq(matrix, rhs, rcond=None)[0]


@dataclass(frozen=True)
class Minimum:
    """Outcome of :func:`minimise`: the last iterate, its μ and primal point, the restart
    point (the last centred iterate with μ m ≥ 1e-4 |D|), iterations and whether the
    stopping rule was met."""

    x: Multipliers
    mu: float
    central: Central
    restart: Multipliers
    iterations: int
    converged: bool


def minimise(data: DualData, start: Multipliers, *, mu: float, gap_tol: float = 1e-7,
             max_iter: int = 300) -> Minimum:
    """Barrier Newton from a strictly dual-feasible ``start`` with initial barrier weight μ."""
    v = pack(start)
    terms = barrier_terms(data)
    floor = 1e-9 * float(np.sum(data.q))       # the scale of mechdesign.result.relative_gap
    restart, phi = start, barrier_value(data, v, mu)
    steps = 0
    for it in range(1, max_iter + 1):
        steps += 1
        central, blocks = derivatives(data, v, mu)
        step = newton_direction(data, v, mu, central, blocks)
        slope = float(central.gradient @ step)
        delta = np.sqrt(max(-slope, 0.0) / mu)
        v, phi = _line_search(data, v, step, slope, delta, mu, phi)
        if delta < 0.5:
            bound = abs(phi) if np.isfinite(phi) else 1.0
            if mu * terms >= 1e-4 * max(floor, bound):
                restart = unpack(v)
            if mu * terms <= gap_tol * max(floor, bound):
                v, central, extra = _centre(data, v, mu)
                return Minimum(unpack(v), mu, central, restart, it + extra, True)
            shrink = SHRINK ** 2 if steps <= 2 else SHRINK
            mu = max(mu / shrink, gap_tol * max(floor, bound) / terms / 2)
            phi, steps = barrier_value(data, v, mu), 0
    central, _ = derivatives(data, v, mu)
    return Minimum(unpack(v), mu, central, restart, max_iter, False)


def _centre(data: DualData, v: np.ndarray, mu: float, *, tol: float = 1e-10,
            steps: int = 10) -> tuple[np.ndarray, Central, int]:
    """Full Newton steps at the final μ while they shrink the residuals (the gradient),
    until those are ≤ ``tol``: where M is nearly singular (randomised optima) δ < 0.5
    still allows residuals that the polish would remove only at a cost in value. So close
    to the centre the change of φ_μ is below its rounding, hence the residual test."""
    central, blocks = derivatives(data, v, mu)
    for k in range(steps):
        size = np.max(np.abs(central.gradient))
        if size <= tol:
            return v, central, k
        trial = v + newton_direction(data, v, mu, central, blocks)
        if not np.isfinite(barrier_value(data, trial, mu)):
            return v, central, k
        ahead, blocks_ahead = derivatives(data, trial, mu)
        if np.max(np.abs(ahead.gradient)) >= size:
            return v, central, k
        v, central, blocks = trial, ahead, blocks_ahead
    return v, central, steps


def _line_search(data, v, step, slope, delta, mu, phi):
    t = 1.0
    for _ in range(30):
        trial = v + t * step
        value = barrier_value(data, trial, mu)
        if value <= phi + 0.25 * t * slope:
            return trial, value
        t /= 2
    t = 1 / (1 + delta)
    trial = v + t * step
    value = barrier_value(data, trial, mu)
    if np.isfinite(value):
        return trial, value
    return v, phi
