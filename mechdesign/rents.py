r"""Information rents, payments and off-path threats.

Definitions (independent types; data-monetization §3, Props 3–5, Cor 3)
-----------------------------------------------------------------------
For player *i* write σ² = Var t_i, μ = E a_i, d = Cov(a_i, t_i), τ = t − E t_i and
h = β d / σ². Incentive compatibility pins the interim rent down up to a constant
(envelope, Cor 3): :math:`V'(t) = \beta\,\mathbb E[a_i\mid t_i=t]`, so

.. math::  V(t) = \tfrac{\beta\sigma^2}{2d}\,\mathbb E[a_i\mid t_i = t]^2 + K
           = W + \beta\mu\tau + \tfrac h2\tau^2, \qquad W := \tfrac{\beta\sigma^2\mu^2}{2d} + K .

Participation asks :math:`V(t) \ge U^0(t)`, the reservation utility of a non-participant
who best-responds to the off-path aggregate action (Lemma 1):
:math:`U^0(t) = \tfrac12(\alpha\mu_\theta + \beta t + A)^2`.

* **Threatened player** (its row of G is nonzero): the designer picks the off-path
  action A freely and places the minimum of :math:`U^0` (which is 0) at the type
  :math:`t^* = \mu_t - \mu\sigma^2/d` whose expected action is 0 (Prop 5). Participation
  then reads "V ≥ 0 with curvature h ≥ β²", and the least rent is K = 0:
  ex-ante rent :math:`\tfrac{\beta\sigma^2\mu^2}{2d} + \tfrac{\beta d}2` (eq. 22).
* **Unthreatened player** (zero row of G; derived here, DESIGN.md §5): A = 0 is fixed, so
  :math:`U^0(t) = \tfrac12(z + \beta\tau)^2` with :math:`z = \alpha\mu_\theta+\beta\mu_t`,
  and :math:`V - U^0 \ge 0` for all τ is the 2×2 linear matrix inequality

  .. math::  \begin{pmatrix} (h - \beta^2)/2 & \beta(\mu - z)/2 \\
                             \beta(\mu - z)/2 & W - z^2/2 \end{pmatrix} \succeq 0 ,

  whose least W is :math:`z^2/2 + \beta^2(\mu - z)^2 / (2(h-\beta^2))`.

Both cases are the same LMI with reservation constants (g, z) = (0, 0) for a threatened
player and (β², α μ_θ + β μ_t) otherwise; the ex-ante rent is W + βd/2 and revenue is
E u_i minus it (eq. 23). The LMI is a rotated second-order cone, so the designer's
revenue problem stays an SDP + SOC program (:func:`rent_epigraph`).
"""

from __future__ import annotations

import cvxpy as cp
import numpy as np

__all__ = ["reservation_constants", "least_rent_constant", "rent_epigraph"]


def reservation_constants(game) -> tuple[np.ndarray, np.ndarray]:
    """(g, z) per player: (0, 0) if threatened, else (β², α μ_θ + β μ_t)."""
    free = ~game.threatened
    g = np.where(free, game.beta ** 2, 0.0)
    z = np.where(free, game.alpha * game.prior.state_mean + game.beta * game.prior.type_mean, 0.0)
    return g, z


def least_rent_constant(beta, mean, cov_at, type_var, g, z) -> np.ndarray:
    """Least W of the participation LMI, per player (inf where infeasible)."""
    curvature = beta * cov_at / type_var - g
    gap = beta * (mean - z)
    # under obedience an unthreatened player's mean is z exactly (eq. 10 with a zero row of
    # G); a difference at the rounding level of μ and z is that zero, not a reason for an
    # infinite rent when the curvature is itself zero up to rounding
    gap = np.where(np.abs(gap) <= 1e-12 * np.abs(beta) * (np.abs(mean) + np.abs(z)), 0.0, gap)
    with np.errstate(divide="ignore", invalid="ignore"):
        extra = np.where(gap == 0, 0.0, gap ** 2 / (2 * curvature))
    extra = np.where((curvature <= 0) & (gap != 0), np.inf, extra)
    return z ** 2 / 2 + extra


def rent_epigraph(game, cov_at: cp.Expression, mean) -> tuple[cp.Expression, list[cp.Constraint]]:
    """Ex-ante rents Σ_i (W_i + β_i d_i / 2) with the participation LMIs as SOC constraints.

    ``cov_at`` is the vector d = (Cov(a_i, t_i))_i and ``mean`` the action means
    (constant, or a cvxpy vector under delegation).
    """
    g, z = reservation_constants(game)
    w = cp.Variable(game.n, name="rent_level")
    # An auxiliary variable for the curvature: cvxpy 1.9.3 mis-canonicalises a vectorised
    # SOC whose arguments contain diag() of a slice of the scaled covariance (the cone is
    # silently dropped for some players); routing it through a variable avoids that.
    p = cp.Variable(game.n, name="rent_curvature")
    link = p == (cp.multiply(game.beta / game.prior.type_var, cov_at) - g) / 2
    q = cp.multiply(game.beta, mean - z) / 2
    r = w - z ** 2 / 2
    lmi = cp.SOC(p + r, cp.vstack([2 * q, p - r]), axis=0)
    lmi.set_label("participation_lmi")
    return cp.sum(w) + game.beta @ cov_at / 2, [link, lmi]
