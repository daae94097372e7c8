r"""The reduced form of symmetric games (data-monetization §2.3–2.4 B, Lemma 2, Prop 16).

Definitions
-----------
A symmetric game is held by its scalars (:class:`SymmetricParams`): n, γ (G = γ(J − I)),
α, β and the prior's μ_θ, σ_θ², μ_t, σ_t² (iid types). A symmetric mechanism is held by
six moments (:class:`SymmetricMoments`, Lemma 2): μ = E a_i, s = Cov(a_i, θ),
d = Cov(a_i, t_i), e = Cov(a_i, t_j), v = Var a_i, c = Cov(a_i, a_j), i ≠ j.

At a symmetric mechanism any quadratic objective tr(Q E[zz']) is, per player,

.. math::  k_0 + k_s s + k_d d + k_e e + k_v v + k_c c + m_0 + m_1\mu + m_2\mu^2
           \;[-\ \text{rent}]

(:class:`Coefficients`; the total is n times it). :func:`coefficients` gives them in closed
form for the named objectives (reference §2.3) and :func:`project` for any matrix Q;
:func:`reduced_coefficients` takes whichever an objective offers.

This module has no cvxpy and no dense matrix of size n; the reduced program is in
:mod:`mechdesign.symmetric`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np

__all__ = ["SymmetricParams", "SymmetricMoments", "Coefficients", "coefficients", "project",
           "reduced_coefficients"]


@dataclass(frozen=True)
class SymmetricParams:
    """Scalars of a symmetric game, general units."""

    n: int
    gamma: float
    alpha: float
    beta: float
    state_mean: float
    state_var: float
    type_mean: float
    type_var: float
    market: str = ""
    delta: float = 0.0

    @classmethod
    def from_game(cls, game) -> SymmetricParams:
        """The scalars of a symmetric LQGame (its ``params`` when it is held structured)."""
        params = getattr(game, "params", None)
        if isinstance(params, SymmetricParams):
            return params
        if not game.is_symmetric:
            raise ValueError(f"The 'game' parameter must be symmetric for method='symmetric'. "
                             f"Got {game!r} instead.")
        p, m = game.prior, game.market
        return cls(game.n, game.gamma, float(game.alpha[0]), float(game.beta[0]), p.state_mean,
                   p.state_var, float(p.type_mean[0]), float(p.type_var[0]),
                   m.kind if m else "", m.delta if m else 0.0)

    @property
    def threatened(self) -> bool:
        """Can a non-participant be threatened off path (a nonzero G, Lemma 1)?"""
        return self.n > 1 and self.gamma != 0

    @property
    def mean_action(self) -> float:
        """Obedient mean (eq. 10)."""
        return (self.alpha * self.state_mean + self.beta * self.type_mean) / (1 - (self.n - 1) * self.gamma)


@dataclass(frozen=True)
class SymmetricMoments:
    """The six moments of a symmetric mechanism (Lemma 2), general units."""

    mu: float
    s: float
    d: float
    e: float
    v: float
    c: float


@dataclass(frozen=True)
class Coefficients:
    """Per-player objective: k0 + ks s + kd d + ke e + kv v + kc c + m0 + m1 μ + m2 μ² [− rent]."""

    k0: float = 0.0
    ks: float = 0.0
    kd: float = 0.0
    ke: float = 0.0
    kv: float = 0.0
    kc: float = 0.0
    m0: float = 0.0
    m1: float = 0.0
    m2: float = 0.0
    minus_rent: bool = False

    def per_player(self, m: SymmetricMoments) -> float:
        """The per-player value at moments ``m``, before any rent."""
        return (self.k0 + self.ks * m.s + self.kd * m.d + self.ke * m.e + self.kv * m.v
                + self.kc * m.c + self.m0 + self.m1 * m.mu + self.m2 * m.mu ** 2)

    def scaled(self, factor: float) -> Coefficients:
        """Every coefficient times ``factor`` (``minus_rent`` kept)."""
        return replace(self, **{f.name: factor * getattr(self, f.name)
                                for f in fields(self) if f.name != "minus_rent"})


def coefficients(params: SymmetricParams, name: str) -> Coefficients:
    """Closed-form per-player coefficients of the named objectives (reference §2.3)."""
    n, g, p = params.n, params.gamma, params
    if name in ("welfare", "revenue"):
        return Coefficients(ks=p.alpha, kd=p.beta, kv=-0.5, kc=(n - 1) * g,
                            m1=p.alpha * p.state_mean + p.beta * p.type_mean, m2=(n - 1) * g - 0.5,
                            minus_rent=name == "revenue")
    if name == "consumer_surplus" and p.market == "cournot":
        return Coefficients(kv=0.5, kc=(n - 1) * p.delta / 2, m2=(1 + (n - 1) * p.delta) / 2)
    if name == "consumer_surplus" and p.market == "bertrand":
        scale = 1 / (2 * (1 - (n - 1) * p.delta))
        return Coefficients(k0=p.state_var * scale, ks=-1.0, kv=0.5, kc=-(n - 1) * p.delta / 2,
                            m0=p.state_mean ** 2 * scale, m1=-p.state_mean,
                            m2=(1 - (n - 1) * p.delta) / 2)
    raise ValueError(f"No symmetric coefficients for objective {name!r} of this game.")


def reduced_coefficients(objective, params: SymmetricParams) -> Coefficients:
    """Per-player coefficients of an objective at symmetric mechanisms, without its matrix
    where it carries them (the named objectives of a structured game), else :func:`project`."""
    if getattr(objective, "coefficients", None) is not None:
        return objective.coefficients
    return project(objective, params)


def project(objective, params: SymmetricParams) -> Coefficients:
    """Per-player coefficients read off an objective's matrix Q.

    Exact for *any* Q at a symmetric mechanism, whose covariance has only the six moments;
    for a permutation-invariant Q they are the objective's reduced form (Prop 16).
    """
    n, q = params.n, objective.matrix
    th, t, a = 0, slice(1, n + 1), slice(n + 1, 2 * n + 1)
    ta, aa = q[t, a], q[a, a]
    f = np.concatenate([[params.state_mean], np.full(n, params.type_mean)])
    return Coefficients(
        k0=(q[th, th] * params.state_var + np.trace(q[t, t]) * params.type_var) / n,
        ks=2 * q[th, a].sum() / n, kd=2 * np.trace(ta) / n, ke=2 * (ta.sum() - np.trace(ta)) / n,
        kv=np.trace(aa) / n, kc=(aa.sum() - np.trace(aa)) / n,
        m0=f @ q[: n + 1, : n + 1] @ f / n, m1=2 * f @ q[: n + 1, a].sum(axis=1) / n,
        m2=aa.sum() / n, minus_rent=objective.minus_rent)
