r"""The certificate of a delegation design (no obedience, the mean free; App. E).

In the units of :mod:`mechdesign.dual.function` (μ̃ = μ_a/s now a variable), the program is

.. math::  \max\ c_f + b^\top\tilde\mu + \tilde\mu^\top K\tilde\mu + \langle K, V\rangle
           + \langle L, C\rangle - \sum_{rent}\big[k_i + \tfrac{q_i}2 e_i
           + \tfrac{c_i(\tilde\mu)}{2(e_i - g_i)}\big]
           \quad\text{s.t.}\ V \succeq C^\top\tilde P^{-1}C,\ e_i \ge \tilde\beta_i^2 ,

with :math:`c_f = \langle Q_{ff}, P\rangle + m_f^\top Q_{ff} m_f`, :math:`b = 2SQ_{af}m_f`,
:math:`c_i(\tilde\mu) = q_i\tilde\beta_i^2(\tilde\mu_i - \tilde z_i)^2` (the rent of
:mod:`mechdesign.rents`; z̃ = 0 for a threatened player). Strict concavity, −K ≻ 0, is
required of delegation (:func:`mechdesign.objectives.check_assumptions`).

**Dual.** With w ≥ 0 (IC), λ (rent link, κ_i = λ_i/β̃_i + q_i/2 ≥ 0) and u with
:math:`|u_i| \le \rho_i = |\tilde\beta_i|\sqrt{2\kappa_i q_i}`: the supremum over e_i of the
rent terms is :math:`-\kappa_i g_i - \rho_i|\tilde\mu_i - \tilde z_i|`, and
:math:`-\rho_i|x| \le -u_i x`, so

.. math::  D = c_f - \sum_{rent}(k_i + \kappa_i g_i) - \sum_{ic} w_i\tilde\beta_i^2
           + \tfrac14\operatorname{tr}(H^\top\tilde PHM^{-1})
           - \tfrac14(b - u)^\top K^{-1}(b - u) + u^\top\tilde z ,

M = −K, H = L + [0; diag(β̃∘w + λ)], bounds every feasible mechanism (weak duality).
D is a convex quadratic in (w, λ, u) under a rotated-cone constraint; the multipliers are
found by a small convex program and D is re-evaluated at them (projected onto the dual
domain), so the bound does not depend on that solver's accuracy.
"""

from __future__ import annotations

import cvxpy as cp
import numpy as np
from scipy.linalg import cho_factor, cho_solve

from mechdesign._solve import solve_problem
from mechdesign.scales import covariance_scales

__all__ = ["delegation_certificate"]


def _data(game, objective, ic: bool) -> dict:
    n, p = game.n, game.prior
    scales = covariance_scales(game)
    f, s = scales[: n + 1], scales[n + 1:]
    q_full, a = objective.matrix, game.actions
    beta = game.beta * f[1:] / s
    free = ~game.threatened
    z = np.where(free, (game.alpha * p.state_mean + game.beta * p.type_mean) / s, 0.0)
    q = s ** 2
    has_type = game.beta != 0
    rent = np.full(n, objective.minus_rent) & has_type
    q_ff = q_full[: n + 1, : n + 1]
    c_f = float(np.sum(q_ff * p.cov) + p.mean @ q_ff @ p.mean)
    c_size = float(np.sum(np.abs(q_ff * p.cov)) + np.abs(p.mean) @ np.abs(q_ff) @ np.abs(p.mean))
    if objective.minus_rent:
        c_f -= float(np.sum((q * z ** 2 / 2)[~has_type]))
    # an unthreatened player's rent lives on e > g = β̃², which already implies its IC
    return dict(n=n, beta=beta, z=z, q=q, rent=rent, ic=np.full(n, ic) & has_type & ~(rent & free),
                g=np.where(free, beta ** 2, 0.0), k=q * z ** 2 / 2, c_f=c_f, c_size=c_size,
                b=2 * s * (q_full[a, : n + 1] @ p.mean),
                K=s[:, None] * q_full[a, a] * s[None, :],
                L=2 * f[:, None] * q_full[: n + 1, a] * s[None, :],
                P=p.cov / np.outer(f, f), f=f, s=s)


def _value(d: dict, w, lam, u) -> float:
    n = d["n"]
    beta = np.where(d["rent"], d["beta"], 1.0)
    kappa = np.where(d["rent"], lam / beta + d["q"] / 2, 0.0)
    rho = np.abs(d["beta"]) * np.sqrt(2 * np.clip(kappa, 0, None) * d["q"])
    if np.any(kappa < 0) or np.any(np.abs(u) > rho * (1 + 1e-15)) or np.any(w < 0):
        return np.inf
    m = -d["K"]
    try:
        factor = cho_factor(m, lower=True)
    except np.linalg.LinAlgError:
        return np.inf
    h = d["L"].copy()
    h[1:][np.diag_indices(n)] += d["beta"] * np.where(d["ic"], w, 0.0) + np.where(d["rent"], lam, 0.0)
    trace = float(np.sum(h * (d["P"] @ cho_solve(factor, h.T).T)))
    r = d["b"] - u
    mean_part = float(r @ cho_solve(factor, r)) / 4          # −¼ r'K⁻¹r = ¼ r'M⁻¹r
    rents = float(np.sum(np.where(d["rent"], d["k"] + kappa * d["g"], 0.0)))
    return (d["c_f"] - rents - float(np.sum(np.where(d["ic"], w, 0.0) * d["beta"] ** 2))
            + trace / 4 + mean_part + float(u @ d["z"]))


def _dual_program(d: dict):
    """min D over (w, λ, u) as a convex program (D is quadratic in them since M = −K is
    fixed; |u_i| ≤ |β̃_i|√(2κ_i q_i) is a rotated cone). Its solution is only a candidate:
    the bound is :func:`_value` evaluated at it."""
    n = d["n"]
    w, lam, u = cp.Variable(n, name="w"), cp.Variable(n, name="lam"), cp.Variable(n, name="u")
    m = -(d["K"] + d["K"].T) / 2
    root_m = np.linalg.cholesky(np.linalg.inv(m))                 # M⁻¹ = R R'
    vals, vecs = np.linalg.eigh(d["P"])
    root_p = (vecs * np.sqrt(np.clip(vals, 0, None))) @ vecs.T
    ic, rent = d["ic"].astype(float), d["rent"].astype(float)
    beta = np.where(d["rent"], d["beta"], 1.0)
    kappa = cp.multiply(rent, lam / beta + d["q"] / 2)
    h_diag = cp.multiply(d["beta"] * ic, w) + cp.multiply(rent, lam)
    h = d["L"] + cp.vstack([np.zeros((1, n)), cp.diag(h_diag)])
    objective = (d["c_f"] - cp.sum(cp.multiply(rent, d["k"]) + cp.multiply(kappa, d["g"]))
                 - cp.sum(cp.multiply(ic * d["beta"] ** 2, w))
                 + cp.sum_squares(root_p @ h @ root_m) / 4
                 + cp.sum_squares(root_m.T @ (d["b"] - u)) / 4 + u @ d["z"])
    cons = [w >= 0, kappa >= 0,
            cp.square(u) <= cp.multiply(2 * d["q"] * d["beta"] ** 2, kappa)]
    problem = cp.Problem(cp.Minimize(objective), cons)
    if solve_problem(problem).status not in ("optimal", "optimal_inaccurate") or w.value is None:
        return None
    kap = np.clip(np.where(d["rent"], lam.value / beta + d["q"] / 2, 0.0), 0, None)
    rho = np.abs(d["beta"]) * np.sqrt(2 * kap * d["q"])
    return (np.clip(w.value, 0, None), np.where(d["rent"], lam.value, 0.0),
            np.clip(u.value, -rho, rho))


def _stationary(d: dict, game, mechanism):
    """Multipliers of a primal point by stationarity: u = b + 2Kμ̃ (clipped to |u| ≤ ρ),
    λ_i = β̃_i(c_i/(2(e_i − g_i)²) − q_i/2), w_i from the diagonal of H = 2P̃⁻¹CM."""
    n, s, f = d["n"], d["s"], d["f"]
    c = mechanism.cov[: n + 1, game.actions] / f[:, None] / s[None, :]
    mu = mechanism.mean_actions / s
    e = d["beta"] * np.diag(c[1:])
    beta = np.where(d["rent"], d["beta"], 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        gap_e = np.where(e - d["g"] > 0, e - d["g"], np.inf)
        cost = d["q"] * d["beta"] ** 2 * (mu - d["z"]) ** 2
        kappa = np.where(d["rent"], np.clip(cost / (2 * gap_e ** 2), 1e-12 * d["q"], None), 0.0)
    lam = np.where(d["rent"], beta * (kappa - d["q"] / 2), 0.0)
    rho = np.abs(d["beta"]) * np.sqrt(2 * kappa * d["q"])
    u = np.clip(d["b"] + 2 * d["K"] @ mu, -rho, rho)
    target = 2 * np.linalg.solve(d["P"], c) @ (-d["K"])
    residual = np.diag(target[1:] - d["L"][1:]) - lam
    w = np.where(d["ic"], np.clip(residual / np.where(d["beta"] != 0, d["beta"], 1.0), 0, None), 0.0)
    return w, lam, u


def delegation_certificate(game, objective, ic: bool, mechanism=None) -> tuple[float, float]:
    """(bound, unit) for a delegation design (see the module docstring): the least D over
    the multipliers of the convex program and, given ``mechanism``, those recovered from it
    by stationarity; nan when neither is dual-feasible."""
    d = _data(game, objective, ic)
    unit = float(np.sum(d["q"]))
    found = [_dual_program(d)] + ([_stationary(d, game, mechanism)] if mechanism is not None else [])
    bound = min((_value(d, *x) for x in found if x is not None), default=np.inf)
    if not np.isfinite(bound):
        return float("nan"), unit
    size = d["c_size"] + float(np.sum(np.abs(d["k"]))) + abs(bound)
    return bound + 1e-14 * (d["n"] + 1) * size, unit
