r"""Closed forms for identical firms (reference ``privacy-oligopoly.md`` §2.2, §3).

Notation (reference §1.1): ``v = state_var`` (sigma_theta^2), ``e = signal_var``
(sigma_eps^2), ``s0 = platform_var`` (sigma_0^2, ``inf`` = none), ``t = privacy_var``
(tau^2), ``r = e/v``, ``x = v/s0``, ``kappa = v/(v + e)`` and
``V_k(t) = (1/v + k/(e + t) + 1/s0)^{-1}``. Every function takes keyword arguments only,
broadcasts over numpy arrays and returns expected profits including the ``a^2/(n+1)^2``
mean part; incentives are ``Delta`` in units of profit.

* (N) nobody shares: ``Pi^N = a^2/(n+1)^2 + kappa v/(2 + (n-1) kappa)^2``.
* (S0)/(D0) all share / one deviates without privacy (paper eqs. 8-28):
  ``Pi^S = (a^2 + v - V_n)/(n+1)^2``; the deviator's weight on ``m_i = kappa s_i`` is
  ``beta = (n - (n-1) rho)/(2n - (n-1) kappa rho)`` with ``rho = (v - V_{n-1})/v`` and
  ``Pi^D = a^2/(n+1)^2 + beta^2 kappa v``.
* (Stau)/(Dtau) the same with privacy (paper eqs. 31-43): a 2x2 projection for the
  sharers and a 3x3 system ``(beta_d, beta_p, gamma_p)`` for the deviation.
* welfare when all share (§5.4): with ``q_i = a/(n+1) + beta s_i + gamma ŝ``,
  ``Var Q = beta^2 (n^2 v + n e) + 2 n^2 beta gamma c + n^2 gamma^2 u`` and
  ``Cov(Q, theta) = n (beta v + gamma u)``; ``PS = n Pi^S``, ``CS = ((n a/(n+1))^2 + Var Q)/2``,
  ``TS = a n a/(n+1) + Cov(Q, theta) - CS``.
* ``Delta = Pi^S - Pi^D``; Prop 4.1 (``n = 2``, no platform signal) in closed form.
* Prop 4.4 / Lemma 7.1 / Cor 4.5: ``sign Delta = sign f_n(r)`` with the cubic ``f_n``;
  ``r*(n)`` is its positive root (``n >= 3``; sharing iff ``r <= r*(n)``).
* Props 4.2 / 4.6: ``sign Delta = sign G_n(x; r)``; the platform-signal threshold is
  ``sigma_0^2 bar = v / x*`` (``inf`` when ``r <= r*(n)``).

Reference flags: f_n may differ from the paper's by a positive factor (§7 E3); Cor 4.5
needs ``n >= 3`` (§7 F5); the platform threshold can be infinite (§7 F6).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import brentq

from mechdesign._validation import check_integer, check_positive

__all__ = [
    "SymmetricSharing",
    "SymmetricDeviation",
    "no_sharing_profit",
    "symmetric_sharing",
    "symmetric_deviation",
    "symmetric_incentive",
    "symmetric_welfare",
    "two_firm_incentive",
    "no_platform_incentive",
    "sharing_polynomial",
    "critical_signal_ratio",
    "platform_polynomial",
    "platform_threshold",
    "GOLDEN_RATIO",
]

GOLDEN_RATIO = (1.0 + math.sqrt(5.0)) / 2.0


@dataclass(frozen=True)
class SymmetricSharing:
    """All n firms share: ``q_i = a/(n+1) + beta s_i + gamma ŝ`` (reference (S0)/(Stau))."""

    beta: np.ndarray
    gamma: np.ndarray
    profit: np.ndarray


@dataclass(frozen=True)
class SymmetricDeviation:
    """Firm i abstains and plays ``a/(n+1) + beta_d s_i``.

    The sharers play ``a/(n+1) + beta_p s_j + gamma_p ŝ'`` (reference (Dtau)/(D0)).
    """

    beta_d: np.ndarray
    beta_p: np.ndarray
    gamma_p: np.ndarray
    profit: np.ndarray


def _arrays(*values: ArrayLike) -> tuple[np.ndarray, ...]:
    return tuple(np.asarray(z, dtype=float) for z in values)


def _posterior_var(k, v, e, s0, t):
    return 1.0 / (1.0 / v + k / (e + t) + 1.0 / s0)


def _projections(v, e, u, c):
    """Weights of E[theta | s_i, ŝ] (pi) and E[s_j | s_i, ŝ] (psi) for Var(ŝ)=u, Cov(s, ŝ)=c."""
    det = (v + e) * u - c * c
    pi = (u * (v - c) / det, ((v + e) * u - c * v) / det)
    psi = ((u * v - c * c) / det, e * c / det)
    return pi, psi


def no_sharing_profit(*, n: int, state_var: ArrayLike, signal_var: ArrayLike,
                      intercept: float = 1.0) -> np.ndarray:
    """Pi^N: every firm uses its own signal only (reference §2.2 (N))."""
    state_var, signal_var = _arrays(state_var, signal_var)
    kappa = state_var / (state_var + signal_var)
    return intercept ** 2 / (n + 1) ** 2 + kappa * state_var / (2 + (n - 1) * kappa) ** 2


def symmetric_sharing(*, n: int, state_var: ArrayLike, signal_var: ArrayLike,
                      platform_var: ArrayLike = math.inf, privacy_var: ArrayLike = 0.0,
                      intercept: float = 1.0) -> SymmetricSharing:
    """All firms share with common privacy noise (reference (Stau); (S0) at t = 0)."""
    v, e, s0, t = _arrays(state_var, signal_var, platform_var, privacy_var)
    V = _posterior_var(n, v, e, s0, t)
    u = v - V
    c = u + V / (e + t) * e
    with np.errstate(divide="ignore", invalid="ignore"):     # 0/0 only at t = s0 = inf
        pi, psi = _projections(v, e, u, c)
    beta = pi[0] / (2 + (n - 1) * psi[0])
    gamma = (pi[1] - (n - 1) * beta * psi[1]) / (n + 1)
    profit = intercept ** 2 / (n + 1) ** 2 + beta ** 2 * (v + e) + 2 * beta * gamma * c + gamma ** 2 * u
    return SymmetricSharing(beta, gamma, profit)


def _deviation_no_privacy(n, v, e, s0, intercept):
    """(D0): the deviator's weight on s_i and its profit (paper eqs. 11-28)."""
    kappa = v / (v + e)
    rho = (v - _posterior_var(n - 1, v, e, s0, 0.0)) / v
    beta = (n - (n - 1) * rho) / (2 * n - (n - 1) * kappa * rho)
    return kappa * beta, intercept ** 2 / (n + 1) ** 2 + beta ** 2 * kappa * v


def symmetric_deviation(*, n: int, state_var: ArrayLike, signal_var: ArrayLike,
                        platform_var: ArrayLike = math.inf, privacy_var: ArrayLike = 0.0,
                        intercept: float = 1.0) -> SymmetricDeviation:
    """One firm abstains while n-1 share with privacy noise (reference (Dtau), paper eqs. 41-43)."""
    v, e, s0, t = _arrays(state_var, signal_var, platform_var, privacy_var)
    kappa = v / (v + e)
    V = _posterior_var(n - 1, v, e, s0, t)
    u = v - V
    c = u + V / (e + t) * e
    with np.errstate(divide="ignore", invalid="ignore"):     # singular (D0) case handled below
        pi, psi = _projections(v, e, u, c)
        slope = pi[0] / (2 + (n - 2) * psi[0])                 # beta_p = slope (1 - beta_d)
        level = (pi[1] - (n - 2) * psi[1] * slope) / n          # gamma_p = level (1 - beta_d)
        spill = (n - 1) * (kappa * slope + u / (v + e) * level)
        beta_d = (kappa - spill) / (2 - spill)
    beta_d0, profit0 = _deviation_no_privacy(n, v, e, s0, intercept)
    at_zero = t == 0
    beta_d = np.where(at_zero, beta_d0, beta_d)
    profit = np.where(at_zero, profit0, intercept ** 2 / (n + 1) ** 2 + beta_d ** 2 * (v + e))
    gamma_zero = (2 - kappa) / (2 * n - (n - 1) * kappa * (v - V) / v)
    with np.errstate(invalid="ignore"):
        beta_p = np.where(at_zero, 0.0, slope * (1 - beta_d))
        gamma_p = np.where(at_zero, gamma_zero, level * (1 - beta_d))
    return SymmetricDeviation(beta_d, beta_p, gamma_p, profit)


def symmetric_incentive(*, n: int, state_var: ArrayLike, signal_var: ArrayLike,
                        platform_var: ArrayLike = math.inf, privacy_var: ArrayLike = 0.0) -> np.ndarray:
    """Delta(t) = Pi^S(Stau) - Pi^D(Dtau): the participation incentive of identical firms.

    In units of profit (not divided by ``state_var``), like every incentive of this package.
    """
    kw = dict(n=n, state_var=state_var, signal_var=signal_var, platform_var=platform_var,
              privacy_var=privacy_var)
    return symmetric_sharing(**kw).profit - symmetric_deviation(**kw).profit


def symmetric_welfare(*, n: int, state_var: ArrayLike, signal_var: ArrayLike,
                      platform_var: ArrayLike = math.inf, privacy_var: ArrayLike = 0.0,
                      intercept: float = 1.0) -> dict[str, np.ndarray]:
    """PS, CS and TS when all n identical firms share (reference §5.4, from (Stau)).

    Keys ``"profit"``, ``"consumer_surplus"``, ``"total_surplus"`` (the objectives of
    :mod:`~mechdesign.markets.privacy_oligopoly.design`); totals over firms.
    """
    v, e, s0, t = _arrays(state_var, signal_var, platform_var, privacy_var)
    sharing = symmetric_sharing(n=n, state_var=v, signal_var=e, platform_var=s0,
                                privacy_var=t, intercept=intercept)
    V = _posterior_var(n, v, e, s0, t)
    u = v - V                                                      # Var(ŝ) = Cov(theta, ŝ)
    c = u + V / (e + t) * e                                        # Cov(s_i, ŝ)
    beta, gamma = sharing.beta, sharing.gamma
    var_total = beta ** 2 * (n ** 2 * v + n * e) + 2 * n ** 2 * beta * gamma * c + (n * gamma) ** 2 * u
    mean_total = n * intercept / (n + 1)
    consumer = 0.5 * (mean_total ** 2 + var_total)
    total = intercept * mean_total + n * (beta * v + gamma * u) - consumer
    return {"profit": n * sharing.profit, "consumer_surplus": consumer, "total_surplus": total}


def two_firm_incentive(*, state_var: ArrayLike, signal_var: ArrayLike,
                       privacy_var: ArrayLike = 0.0) -> np.ndarray:
    """Prop 4.1 (n = 2, no platform signal): Delta(t) < 0 for every t >= 0 (paper eqs. 5-6)."""
    v, e, t = _arrays(state_var, signal_var, privacy_var)
    D = 2 * v * e + 6 * v * t + e ** 2 + 4 * e * t
    numerator = e * (6 * v ** 2 + 5 * v * e + e ** 2) + t * (54 * v ** 2 + 60 * v * e + 16 * e ** 2)
    return -(v ** 2) * e ** 2 * numerator / (9 * (3 * v + 2 * e) ** 2 * D ** 2)


def sharing_polynomial(*, n: int) -> tuple[int, int, int, int]:
    """Coefficients (c3, c2, c1, c0) of f_n(r); sign Delta = sign f_n(r) (Prop 4.4)."""
    n = check_integer(n, "n", "sharing_polynomial", 2)
    return (-(n ** 2) * (n - 1) ** 2,
            -n * (n - 1) * (n ** 3 - 2 * n ** 2 + 3 * n + 2),
            (n - 1) * (n ** 4 - 2 * n ** 3 - 3 * n ** 2 - n + 1),
            (n - 1) ** 2 * (n + 1) * (n ** 2 - 2 * n - 1))


def no_platform_incentive(*, n: int, state_var: ArrayLike, signal_var: ArrayLike) -> np.ndarray:
    """Prop 4.4 (tau = 0, no s0): Delta = sigma_theta^2 r f_n(r) / ((n+1)^2 (n+r) D_n(r)^2).

    ``r = signal_var/state_var`` and ``D_n(r) = n^2 - 1 + 2 n^2 r + 2 n r^2``; the result
    is Delta itself (the reference quotes Delta/sigma_theta^2).
    """
    v, e = _arrays(state_var, signal_var)
    r = e / v
    denominator = n ** 2 - 1 + 2 * n ** 2 * r + 2 * n * r ** 2
    return v * r * np.polyval(sharing_polynomial(n=n), r) / ((n + 1) ** 2 * (n + r) * denominator ** 2)


def critical_signal_ratio(*, n: int) -> float:
    """r*(n): sharing (tau = 0, no s0) is an equilibrium iff sigma_eps^2/sigma_theta^2 <= r*(n).

    The unique positive root of the concave cubic f_n for n >= 3 (Lemma 7.1, Cor 4.5); it lies
    below the golden ratio. For n = 2, f_2 < 0 on (0, inf) and r*(2) = 0 (reference §7 F5).
    """
    coefficients = sharing_polynomial(n=n)
    if coefficients[3] <= 0:
        return 0.0
    return brentq(lambda r: np.polyval(coefficients, r), 0.0, GOLDEN_RATIO, xtol=1e-15, rtol=1e-15)


def platform_polynomial(*, n: int, r: float) -> tuple[float, float, float, float]:
    """Coefficients (g3, g2, g1, g0) of G_n(x; r), x = sigma_theta^2/sigma_0^2 (Prop 4.6)."""
    n = check_integer(n, "n", "platform_polynomial", 2)
    r = check_positive(r, "r", "platform_polynomial")
    g3 = r ** 3 * (4 * n ** 2 * r + 3 * n ** 2 + 2 * n - 1)
    g2 = r ** 2 * (8 * n ** 2 * r ** 2 + 10 * n ** 3 * r - n ** 2 * r - r
                   + 7 * n ** 3 - n ** 2 - 7 * n + 1)
    g1 = r * (4 * n ** 2 * r ** 3 + (12 * n ** 3 - n ** 4 - 5 * n ** 2 - 2 * n) * r ** 2
              + (7 * n ** 4 - 4 * n ** 3 - 3 * n ** 2 - 2 * n + 2) * r
              + 5 * n ** 4 - 6 * n ** 3 - 6 * n ** 2 + 6 * n + 1)
    return g3, g2, g1, float(np.polyval(sharing_polynomial(n=n), r))


def platform_threshold(*, n: int, state_var: float, signal_var: float) -> float:
    """sigma_0^2 bar: with tau = 0, sharing is an equilibrium iff platform_var <= it (Props 4.2, 4.6).

    Equals ``state_var / x*`` with ``x*`` the unique positive root of G_n(x; r); ``inf``
    when ``r <= r*(n)`` (then sharing holds for every platform signal, reference §7 F6).
    """
    v = check_positive(state_var, "state_var", "platform_threshold")
    e = check_positive(signal_var, "signal_var", "platform_threshold")
    coefficients = platform_polynomial(n=n, r=e / v)
    if coefficients[3] >= 0:
        return math.inf
    upper = 1.0
    while np.polyval(coefficients, upper) < 0:
        upper *= 2.0
    root = brentq(lambda x: np.polyval(coefficients, x), 0.0, upper, xtol=1e-300, rtol=1e-15)
    return v / root
