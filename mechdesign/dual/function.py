r"""The Lagrangian dual of the designer's program with the mean fixed (obedience).

Normalised primal (dual-route §1)
---------------------------------
Standardise the fundamentals, :math:`\tilde f = D_f^{-1}(f - m_f)` with
:math:`D_f = \operatorname{diag}(\sigma_\theta, \sigma_1..\sigma_n)`, and scale each action,
:math:`\tilde a_i = (a_i - \mu_i)/s_i` (the action scales of :mod:`mechdesign.scales`).
The unknowns are :math:`C = \operatorname{Cov}(\tilde f, \tilde a)` ((n+1)×n, row 0 for θ)
and :math:`V = \operatorname{Var}(\tilde a)`; :math:`\tilde P` is the correlation matrix of
the fundamentals, :math:`\tilde\alpha_i = \alpha_i\sigma_\theta/s_i`,
:math:`\tilde\beta_i = \beta_i\sigma_i/s_i`, :math:`A = S^{-1}GS - I`, :math:`q_i = s_i^2`.
Any objective :math:`\operatorname{tr}(Q\,\mathbb E[zz^\top])` with the mean m fixed is
:math:`c_0 + \langle K, V\rangle + \langle L, C\rangle` with
:math:`c_0 = \langle Q_{ff}, P\rangle + m^\top Q m`, :math:`K = SQ_{aa}S`,
:math:`L = 2D_fQ_{fa}S`; revenue subtracts the rents. The program is::

    maximise    const + <K, V> + <L, C> − Σ_rent rent_i(e_i),     e_i = β̃_i C_ii
    subject to  V − C' P̃⁻¹ C ⪰ 0                     (Σ ⪰ 0, Schur complement)
                α̃_i C_0i + β̃_i C_ii + (A V)_ii = 0   (obedience, action; Prop 13)
                β̃_i P̃_ii + Σ_j A_ij C_ij = 0         (obedience, type)
                e_i ≥ β̃_i²                            (IC / participation, Props 4–5)

Rents (Cor 3 and the 2×2 LMI of :mod:`mechdesign.rents`, in these units; μ̃ = μ_a/s and,
for a player whose row of G is zero, z̃ = (α μ_θ + β μ_t)/s): the ex-ante rent is
:math:`k + q e/2 + c/(2(e - g))` on e > g with

* threatened player: :math:`c = q\tilde\beta^2\tilde\mu^2`, g = 0, k = 0 (eq. 22);
* unthreatened player: :math:`c = q\tilde\beta^2(\tilde\mu - \tilde z)^2`,
  :math:`g = \tilde\beta^2`, :math:`k = q\tilde z^2/2`.

For an unthreatened player type obedience reads β̃_i − C_ii = 0, so e_i = β̃_i² = g_i:
its IC holds with equality and its rent is the constant k + qβ̃²/2 (c = 0, as μ = z
under eq. 10); a player with β_i = 0 has the constant rent k. Both are folded into
``const`` and carry no IC or rent multiplier.

The dual (dual-route §2)
------------------------
Multipliers y (action obedience), z (type obedience), w ≥ 0 (IC) and λ (the link
C_ii = e_i/β̃_i of a rent). With sym(X) = (X + X')/2,

.. math::  M(y) = -K - \operatorname{sym}(\operatorname{diag}(y)A), \qquad
           H = L + \begin{bmatrix}\tilde\alpha\circ y \\
               \operatorname{diag}(\tilde\beta\circ(y + w) + \lambda) + \operatorname{diag}(z)A
               \end{bmatrix},

.. math::  D = c_0 + \sum_i z_i\tilde\beta_i\tilde P_{ii} - \sum_{ic} w_i\tilde\beta_i^2
           + \tfrac14\operatorname{tr}(H^\top\tilde P H M^{-1}) + \sum_{rent} r_i^*(\lambda_i),

where :math:`r^*(\lambda) = \sup_{e>g}\{-\mathrm{rent}(e) - (\lambda/\tilde\beta)e\}
= -k - \kappa g - \sqrt{2\kappa c}` with :math:`\kappa = \lambda/\tilde\beta + q/2 \ge 0`
(+∞ for κ < 0). The supremum over V = C'P̃⁻¹C + N, N ⪰ 0, is finite iff M ⪰ 0, and the one
over C is attained at :math:`C = \tfrac12\tilde P H M^{-1}`. **Weak duality:** D(x) is an
upper bound on the objective of every feasible mechanism whenever M(y) ≻ 0 and w ≥ 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.linalg import cho_factor, cho_solve, solve_triangular

from mechdesign.mechanism import GaussianMechanism
from mechdesign.objectives import Objective, check_assumptions
from mechdesign.scales import covariance_scales

__all__ = ["DualData", "Multipliers", "dual_matrices", "dual_value", "smooth_part", "primal", "primal_value",
           "mechanism", "normalised", "rent", "rent_conjugate"]


@dataclass(frozen=True, eq=False)
class DualData:
    """The normalised program of a design problem with the mean fixed (dual-route §1).

    Attributes are the module's symbols: ``alpha`` α̃, ``beta`` β̃, ``A`` = S⁻¹GS − I,
    ``P`` P̃, ``K``, ``L``, ``const`` c₀ (constant rents included), ``ic`` the players
    with the constraint e_i ≥ β̃_i² (threatened, β_i ≠ 0), ``rent`` the players whose
    varying rent enters the objective (revenue; threatened, β_i ≠ 0), ``rent_c``,
    ``rent_g``, ``rent_k`` the rent coefficients, ``q`` = s²,
    ``fund_sd`` the standard deviations of (θ, t) and ``action_scale`` s.
    """

    n: int
    alpha: np.ndarray
    beta: np.ndarray
    A: np.ndarray
    P: np.ndarray
    K: np.ndarray
    L: np.ndarray
    const: float
    ic: np.ndarray
    rent: np.ndarray
    rent_c: np.ndarray
    rent_g: np.ndarray
    rent_k: np.ndarray
    q: np.ndarray
    fund_sd: np.ndarray
    action_scale: np.ndarray
    independent: bool = field(default=True)
    const_size: float = field(default=0.0)   # Σ |terms| of const: its rounding scale

    @classmethod
    def from_game(cls, game, objective: Objective, *, ic: bool) -> DualData:
        """The normalised program of ``design(game, objective, obedience=True, ic=ic)``."""
        if not isinstance(objective, Objective):
            raise TypeError("The 'objective' parameter of DualData.from_game must be an "
                            f"Objective (see mechdesign.objectives.resolve). Got {objective!r} instead.")
        check_assumptions(game, objective, ic, True)
        n, p = game.n, game.prior
        scales = covariance_scales(game)
        fund_sd, s = scales[: n + 1], scales[n + 1:]
        q_full, a = objective.matrix, game.actions
        mean = np.concatenate([p.mean, game.mean_action])
        const = float(np.sum(q_full[: n + 1, : n + 1] * p.cov) + mean @ q_full @ mean)
        const_size = float(np.sum(np.abs(q_full[: n + 1, : n + 1] * p.cov)) + np.abs(mean) @ np.abs(q_full) @ np.abs(mean))
        beta = game.beta * fund_sd[1:] / s
        mu = game.mean_action / s
        free = ~game.threatened
        z = np.where(free, (game.alpha * p.state_mean + game.beta * p.type_mean) / s, 0.0)
        q = s ** 2
        rent_c = q * beta ** 2 * (mu - z) ** 2
        rent_g = np.where(free, beta ** 2, 0.0)
        rent_k = q * z ** 2 / 2
        # An unthreatened player's type obedience reads β̃ − C_ii = 0, so e = β̃² = g and its
        # IC holds with equality; its rent is the constant k + qβ̃²/2 (c = 0 since μ = z).
        varying = (game.beta != 0) & game.threatened
        rent_mask = np.full(n, objective.minus_rent) & varying
        if objective.minus_rent:
            const -= float(np.sum((rent_k + q * beta ** 2 / 2)[~varying]))
            const_size += float(np.sum((rent_k + q * beta ** 2 / 2)[~varying]))
        return cls(
            n=n, alpha=game.alpha * fund_sd[0] / s, beta=beta,
            A=game.interaction * s[None, :] / s[:, None] - np.eye(n),
            P=p.cov / np.outer(fund_sd, fund_sd),
            K=s[:, None] * q_full[a, a] * s[None, :],
            L=2 * fund_sd[:, None] * q_full[: n + 1, a] * s[None, :],
            const=const, ic=np.full(n, ic) & varying, rent=rent_mask,
            rent_c=rent_c, rent_g=rent_g, rent_k=rent_k, q=q, fund_sd=fund_sd, action_scale=s,
            independent=p.independent_types, const_size=const_size)


@dataclass(frozen=True)
class Multipliers:
    """Dual variables, one per player each: ``y`` action obedience, ``z`` type obedience,
    ``w`` IC (≥ 0; used only where ``DualData.ic``), ``lam`` rent link (used only where
    ``DualData.rent``)."""

    y: np.ndarray
    z: np.ndarray
    w: np.ndarray
    lam: np.ndarray

    @classmethod
    def zeros(cls, n: int) -> Multipliers:
        return cls(np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n))


def dual_matrices(data: DualData, x: Multipliers) -> tuple[np.ndarray, np.ndarray]:
    """(M(y), H(x)) of the dual (entries of w, λ outside their masks count as 0)."""
    ay = x.y[:, None] * data.A
    m = -data.K - (ay + ay.T) / 2
    w = np.where(data.ic, x.w, 0.0)
    lam = np.where(data.rent, x.lam, 0.0)
    h = data.L.copy()
    h[0] += data.alpha * x.y
    h[1:] += x.z[:, None] * data.A
    h[1:][np.diag_indices(data.n)] += data.beta * (x.y + w) + lam
    return m, h


def rent(data: DualData, e: np.ndarray) -> np.ndarray:
    """Ex-ante rent k + q e/2 + c/(2(e − g)) of the players in ``data.rent`` (+inf where
    e ≤ g and c > 0), as an (n,) array with 0 for the others."""
    u = e - data.rent_g
    with np.errstate(divide="ignore", invalid="ignore"):
        extra = np.where(data.rent_c == 0, 0.0,
                         np.where(u > 0, data.rent_c / (2 * u), np.inf))
    return np.where(data.rent, data.rent_k + data.q * e / 2 + extra, 0.0)


def rent_conjugate(data: DualData, lam: np.ndarray) -> np.ndarray:
    """r*(λ) = sup_{e>g} −rent(e) − (λ/β̃)e = −k − κg − √(2κc), κ = λ/β̃ + q/2; +inf where
    κ < 0; 0 for players outside ``data.rent``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = np.where(data.rent, lam / np.where(data.rent, data.beta, 1.0) + data.q / 2, 0.0)
    value = -data.rent_k - kappa * data.rent_g - np.sqrt(2 * np.clip(kappa, 0, None) * data.rent_c)
    value = np.where(kappa < 0, np.inf, value)
    return np.where(data.rent, value, 0.0)


def smooth_part(data: DualData, x: Multipliers) -> tuple[float, np.ndarray] | None:
    """(D without the rent conjugates, the Cholesky factor of M(y)), or None when M(y) is not
    positive definite: c₀ + Σ z_i β̃_i P̃_ii − Σ_ic w_i β̃_i² + ¼ tr(H′P̃H M⁻¹)."""
    m, h = dual_matrices(data, x)
    try:
        chol = np.linalg.cholesky(m)
    except np.linalg.LinAlgError:
        return None
    root = solve_triangular(chol, h.T, lower=True, check_finite=False)          # L⁻¹H', n×(n+1)
    trace = float(np.sum(root ** 2) if data.independent else np.sum((root @ data.P) * root))
    w = np.where(data.ic, x.w, 0.0)
    return (data.const + float(np.sum(x.z * data.beta * np.diag(data.P)[1:]))
            - float(np.sum(w * data.beta ** 2)) + trace / 4), chol


def dual_value(data: DualData, x: Multipliers) -> float:
    """D(x): an upper bound on the objective of every feasible mechanism; +inf when M(y)
    is not positive definite or some w_i < 0 (dual-route §2, weak duality)."""
    if np.any(np.where(data.ic, x.w, 0.0) < 0):
        return float("inf")
    part = smooth_part(data, x)
    if part is None:
        return float("inf")
    return part[0] + float(np.sum(rent_conjugate(data, x.lam)))


def primal(data: DualData, x: Multipliers, *, mu: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """The primal point of the multipliers: C = ½ P̃ H M⁻¹, V = C'P̃⁻¹C + μ M⁻¹ (the
    noise μ M⁻¹ is the barrier's, dual-route §3). Raises LinAlgError when M(y) ⊁ 0."""
    m, h = dual_matrices(data, x)
    factor = cho_factor(m, lower=True)
    hm = cho_solve(factor, h.T).T                            # H M⁻¹, (n+1)×n
    c = data.P @ hm / 2
    v = hm.T @ data.P @ hm / 4
    if mu:
        v = v + mu * cho_solve(factor, np.eye(data.n))
    return c, (v + v.T) / 2


def primal_value(data: DualData, c: np.ndarray, v: np.ndarray) -> float:
    """Objective of the normalised primal at (C, V); equals ``Objective.evaluate`` of
    :func:`mechanism` (−inf where a rent is infinite)."""
    e = data.beta * np.diag(c[1:])
    return (data.const + float(np.sum(data.K * v)) + float(np.sum(data.L * c))
            - float(np.sum(rent(data, e))))


def normalised(data: DualData, mechanism: GaussianMechanism) -> tuple[np.ndarray, np.ndarray]:
    """(C, V) of a mechanism in the units of ``data``: C = D_f⁻¹ Σ_fa S⁻¹, V = S⁻¹ Σ_aa S⁻¹."""
    n, s, f = data.n, data.action_scale, data.fund_sd
    cov, a = mechanism.cov, mechanism.game.actions
    return cov[: n + 1, a] / f[:, None] / s[None, :], cov[a, a] / np.outer(s, s)


def mechanism(data: DualData, game, c: np.ndarray, v: np.ndarray) -> GaussianMechanism:
    """The mechanism in the game's units: Σ_fa = D_f C S, Σ_aa = S V S, mean from eq. (10)."""
    n, s, f = data.n, data.action_scale, data.fund_sd
    cov = np.zeros((game.size, game.size))
    cov[: n + 1, : n + 1] = game.prior.cov
    cross = f[:, None] * c * s[None, :]
    cov[: n + 1, game.actions] = cross
    cov[game.actions, : n + 1] = cross.T
    cov[game.actions, game.actions] = s[:, None] * v * s[None, :]
    return GaussianMechanism(game, game.mean_action, cov)

