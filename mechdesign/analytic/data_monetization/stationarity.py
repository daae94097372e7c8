"""Optima on the obedience ellipse: stationarity curves and their root (Props 6, 9, 17).

Definitions
-----------
Normalised units (alpha = beta = 1); D = 1-(n-1) gamma, E = 1+gamma;
S(x, y) is the ellipse slack of eq. (13) (see ``ellipse``).

**Prop 6 (any linear objective k_s s + k_e e + k_c c, k_c != 0).** By Prop 14 the noise
correlation is rho* = 1 if k_c > 0 and rho* = -1/(n-1) if k_c < 0. Maximising
k . (s, e, c) + lambda S(x, y), the stationarity curve is, for k_c > 0,

.. math::

    y(\\lambda) = \\frac{\\lambda + k_s + k_c/D}{2D\\lambda}, \\qquad
    x(\\lambda) = \\frac{k_e + k_c\\frac{2-(n-1)\\gamma}{D} + (n-1)\\gamma\\lambda}
                       {2D(k_c + (n-1)E\\lambda)},

and for k_c < 0

.. math::

    y(\\lambda) = \\frac{(n-1)E(k_s+\\lambda) - k_c}{2[(n-1)ED\\lambda - n k_c]}, \\qquad
    x(\\lambda) = \\frac{k_e + k_c\\frac{2+\\gamma}{E} + (n-1)\\gamma\\lambda}
                       {2(n-1)E(D\\lambda - k_c)} .

We write the x-equation as ``B(lam) * x = k_e + A(lam)``. The optimum is at the unique
root lambda* > 0 of S(x(lambda), y(lambda)) = 0 (bracketed Brent), except when k_c < 0
and S(x(0), y(0)) >= 0: then lambda* = 0 and the optimum is randomized ("interior"),
with sigma_eps^2 = S / (1 - (n-1) gamma rho) (13). Both curves tend to the ellipse centre
as lambda -> infinity (data-monetization §3, Prop 6, §5.3).

The objective vectors (§2.3, as 2x the per-player value up to constants) are welfare
(1, (n-1)gamma, (n-1)gamma) (Prop 7), Cournot consumer surplus
(1, (n-1)gamma, -(n-1)gamma) (Prop 11) and Bertrand consumer surplus
(-3, (n-1)gamma, -(n-1)gamma) (Prop 12).

**Prop 9 (revenue).** Twice the per-player revenue is s + (n-1) gamma c - mu^2/w_o plus a
constant, so k = (1, ., (n-1) gamma) with the e-coefficient replaced by
(n-1) gamma m / w_o^2, m = mu^2/sigma_t^2. The x-equation becomes

.. math::

    B(\\lambda)\\,x = A(\\lambda) + \\frac{(n-1)\\gamma m}{(1+(n-1)\\gamma x)^2},

which times w_o^2 is the cubic (24). On the half-line gamma x >= 0 its left minus right
side is strictly increasing, so the admissible root is unique; it is found by Brent's
method on a bracket of that half-line. y(lambda) is the welfare one.

**Prop 17 (delegation revenue, no obedience, gamma in (-1/2, 1/(2(n-1))).** With
K = 1-2(n-1)gamma, L = 1-2(n-2)gamma, C = K(1+2gamma)/L and m0 = mu_theta + mu_t:
y = 1/K, w_o = z = max{1, z_r} with z_r the unique root in (1/(2C), inf) of the cubic
(47) (2Cz - 1)(Kz + 1)^2 = m0^2/sigma_t^2, x = 2 gamma z/L and mu = m0/(K + 1/z).
The constraint z >= 1 is IC/participation (d >= sigma_t^2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import brentq

from .ellipse import coordination_constants, obedience_slack

__all__ = [
    "StationaryPoint",
    "DelegationSolution",
    "objective_coefficients",
    "noise_correlation",
    "stationarity_curve",
    "linear_optimum",
    "revenue_rival_weight",
    "revenue_curve",
    "revenue_optimum",
    "delegation_solution",
]

_XTOL = 1e-14


@dataclass(frozen=True)
class StationaryPoint:
    """Optimum on the ellipse: weights, noise, multiplier and regime.

    ``regime`` is "interior" (lambda* = 0, randomized) or "boundary" (on the ellipse,
    deterministic). ``rho`` is the Prop 14 branch value even when noise_var == 0.
    """

    x: float
    y: float
    rho: float
    noise_var: float
    lam: float
    regime: str


@dataclass(frozen=True)
class DelegationSolution:
    """Prop 17 optimum: weights (deterministic) and the free mean action."""

    x: float
    y: float
    w_o: float
    mean_action: float


def objective_coefficients(objective: str, n: int, gamma: float) -> tuple[float, float, float]:
    """(k_s, k_e, k_c) of the linear objectives of §2.3 in normalised units."""
    g = (n - 1) * gamma
    table = {"welfare": (1.0, g, g),
             "consumer_surplus_cournot": (1.0, g, -g),
             "consumer_surplus_bertrand": (-3.0, g, -g)}
    if objective not in table:
        raise ValueError(f"The 'objective' parameter of objective_coefficients must be one "
                         f"of {sorted(table)}. Got {objective!r} instead.")
    return table[objective]


def noise_correlation(k_c: float, n: int) -> float:
    """rho* = 1 if the objective increases in c, else -1/(n-1) (Prop 14)."""
    return 1.0 if k_c > 0 else -1.0 / (n - 1)


def _x_terms(lam: np.ndarray, k_c: float, n: int, gamma: float) -> tuple[np.ndarray, np.ndarray]:
    """(A, B) with B(lam) x = k_e + A(lam) on the Prop 6 curve."""
    d_, e_ = coordination_constants(n, gamma)
    pull = (n - 1) * gamma * lam
    if k_c > 0:
        return k_c * (2 - (n - 1) * gamma) / d_ + pull, 2 * d_ * (k_c + (n - 1) * e_ * lam)
    return k_c * (2 + gamma) / e_ + pull, 2 * (n - 1) * e_ * (d_ * lam - k_c)


def _y_curve(lam: np.ndarray, k_s: float, k_c: float, n: int, gamma: float) -> np.ndarray:
    d_, e_ = coordination_constants(n, gamma)
    if k_c > 0:
        return (lam + k_s + k_c / d_) / (2 * d_ * lam)
    return ((n - 1) * e_ * (k_s + lam) - k_c) / (2 * ((n - 1) * e_ * d_ * lam - n * k_c))


def stationarity_curve(lam: ArrayLike, k: tuple[float, float, float], n: int,
                       gamma: float) -> tuple[np.ndarray, np.ndarray]:
    """(x(lambda), y(lambda)) of Prop 6 for k = (k_s, k_e, k_c), k_c != 0."""
    k_s, k_e, k_c = k
    lam = np.asarray(lam, dtype=float)
    a, b = _x_terms(lam, k_c, n, gamma)
    return (k_e + a) / b, _y_curve(lam, k_s, k_c, n, gamma)


def _expanding_bracket(f: Callable[[float], float], start: float, factor: float,
                       want_positive: bool, limit: int = 200) -> float:
    """Multiply ``start`` by ``factor`` until f has the wanted sign."""
    point = start
    for _ in range(limit):
        if (f(point) > 0) == want_positive:
            return point
        point *= factor
    raise RuntimeError("could not bracket the root of the ellipse slack")


def _solve_on_ellipse(curve: Callable[[float], tuple[float, float]], k_c: float, n: int,
                      gamma: float, state_var: float, type_var: float) -> StationaryPoint:
    """lambda* of §5.3 for a stationarity curve, then the noise by (13)."""
    rho = noise_correlation(k_c, n)

    def slack(lam: float) -> float:
        return float(obedience_slack(*curve(lam), n, gamma, state_var, type_var))

    if k_c < 0 and slack(0.0) >= 0:
        x, y = curve(0.0)
        noise = slack(0.0) / (1 - (n - 1) * gamma * rho)
        return StationaryPoint(x, y, rho, noise, 0.0, "interior")
    low = 0.0 if k_c < 0 else _expanding_bracket(slack, 1.0, 0.5, want_positive=False)
    high = _expanding_bracket(slack, 1.0, 2.0, want_positive=True)
    lam = brentq(slack, low, high, xtol=_XTOL, rtol=1e-15, maxiter=500)
    x, y = curve(lam)
    return StationaryPoint(x, y, rho, 0.0, float(lam), "boundary")


def linear_optimum(k: tuple[float, float, float], n: int, gamma: float, state_var: float,
                   type_var: float) -> StationaryPoint:
    """Maximiser of k_s s + k_e e + k_c c over symmetric obedient mechanisms (Prop 6)."""
    if k[2] == 0:
        raise ValueError(f"The 'k' parameter of linear_optimum must have k_c != 0 "
                         f"(data-monetization Prop 6). Got {k!r} instead.")

    def curve(lam: float) -> tuple[float, float]:
        x, y = stationarity_curve(lam, k, n, gamma)
        return float(x), float(y)

    return _solve_on_ellipse(curve, k[2], n, gamma, state_var, type_var)


def revenue_rival_weight(lam: float, n: int, gamma: float, m: float) -> float:
    """x(lambda) of Prop 9: the root with gamma x >= 0 of the cubic (24); m = mu^2/sigma_t^2."""
    g = (n - 1) * gamma
    a, b = _x_terms(np.asarray(lam, dtype=float), g, n, gamma)
    a, b = float(a), float(b)

    def excess(x: float) -> float:
        return b * x - a - g * m / (1 + g * x) ** 2

    if m == 0:
        return a / b
    sign = np.sign(gamma)
    far = _expanding_bracket(lambda z: sign * excess(sign * z), 1.0, 2.0, want_positive=True)
    low, high = sorted((0.0, float(sign * far)))
    return float(brentq(excess, low, high, xtol=_XTOL, rtol=1e-15, maxiter=500))


def revenue_curve(lam: ArrayLike, n: int, gamma: float,
                  m: float) -> tuple[np.ndarray, np.ndarray]:
    """(x(lambda), y(lambda)) of the revenue stationarity curve (Prop 9)."""
    lam = np.atleast_1d(np.asarray(lam, dtype=float))
    g = (n - 1) * gamma
    x = np.array([revenue_rival_weight(v, n, gamma, m) for v in lam])
    return x, _y_curve(lam, 1.0, g, n, gamma)


def revenue_optimum(n: int, gamma: float, state_var: float, type_var: float,
                    mu: float) -> StationaryPoint:
    """Revenue-optimal symmetric obedient mechanism (Prop 9); mu is the mean action."""
    m = mu**2 / type_var
    g = (n - 1) * gamma

    def curve(lam: float) -> tuple[float, float]:
        x = revenue_rival_weight(lam, n, gamma, m)
        return x, float(_y_curve(np.asarray(lam), 1.0, g, n, gamma))

    return _solve_on_ellipse(curve, g, n, gamma, state_var, type_var)


def delegation_solution(n: int, gamma: float, type_var: float, fundamental_mean: float,
                        *, ic: bool = True) -> DelegationSolution:
    """Prop 17: revenue-optimal delegation; ``ic=False`` drops the constraint z >= 1."""
    k = 1 - 2 * (n - 1) * gamma
    ell = 1 - 2 * (n - 2) * gamma
    c = k * (1 + 2 * gamma) / ell
    target = fundamental_mean**2 / type_var

    def cubic(z: float) -> float:
        return (2 * c * z - 1) * (k * z + 1) ** 2 - target

    low = 1 / (2 * c)
    z = low
    if target > 0:
        high = _expanding_bracket(cubic, max(2 * low, 1.0), 2.0, want_positive=True)
        z = float(brentq(cubic, low, high, xtol=_XTOL, rtol=1e-15, maxiter=500))
    if ic:
        z = max(1.0, z)
    return DelegationSolution(x=2 * gamma * z / ell, y=1 / k, w_o=z,
                              mean_action=fundamental_mean / (k + 1 / z))
