"""Thresholds, limits and orderings of the data-monetization optima (Props 8-11).

Definitions
-----------
Normalised units (alpha = beta = 1), D = 1-(n-1) gamma, E = 1+gamma,
r = sigma_t^2 / sigma_theta^2 (data-monetization §3).

* **Prop 8** (welfare randomization). For gamma in (-1, -1/(n+1)) the welfare optimum is
  randomized iff r < kappa, with

  .. math::

      \\kappa(\\gamma,n) = \\frac{(n-1)(1+\\gamma)^3(-(n+1)\\gamma-1)}
                             {n^2\\gamma^2(3+2\\gamma)(3-(n-3)\\gamma)} ;

  otherwise it is deterministic (we return kappa = 0 there).
* **Prop 9** (revenue randomization at mu = 0): the same with (3+2 gamma)(3-(n-3) gamma)
  replaced by (2+gamma)(2+gamma+(n-1) gamma^2).
* **Prop 11** (Cournot consumer surplus): gamma_bar(n) = (-3 + sqrt(9 + 8/(n-1)))/4, the
  positive root of 2(n-1) gamma^2 + 3(n-1) gamma - 1 = 0.
* **Large type uncertainty** (Prop 8, r -> infinity; derived in the reference): the
  welfare optimum tends to (x_CI, y(lambda_inf)) where x(lambda_inf) = x_CI, i.e.
  lambda_inf = (3-2(n-1)gamma)/D - 2gamma/E for gamma > 0 and
  (3+2gamma)/E + 2(n-1)gamma/D for gamma < 0.
* **Large mean** (Prop 10.4): as ``|mu| -> infinity`` the revenue optimum tends to the end of
  the horizontal axis of the ellipse on the side gamma x > 0, (x0 + sign(gamma) a_x, y0).
* **Crossing** (derived): the revenue and welfare optima coincide at
  ``|mu_hat| = sigma_t w_o^W``, where m / w_o^2 = 1 makes Prop 9's cubic Prop 7's line.
* **Prop 10** orderings, as predicates: at mu = 0,
  gamma x_CI <= gamma x_R <= gamma x_W and y_W <= y_R <= y_CI; for ``|mu| > mu_hat`` the R/W
  order reverses; ``gamma x_R``, ``|x_R|``, ``w_o_R`` and ``d_R`` increase and ``y_R`` decreases in ``|mu|``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from mechdesign._validation import check_integer

from .ellipse import (
    coordination_constants,
    ellipse_centre,
    ellipse_semi_axes,
    rectangle_points,
)
from .stationarity import (
    StationaryPoint,
    linear_optimum,
    objective_coefficients,
    revenue_optimum,
    stationarity_curve,
)

__all__ = [
    "welfare_randomization_threshold",
    "revenue_randomization_threshold",
    "cournot_complementarity_threshold",
    "large_type_uncertainty_limit",
    "large_mean_limit",
    "revenue_welfare_crossing",
    "zero_mean_ordering_holds",
    "large_mean_reversal_holds",
    "revenue_monotone_in_mean",
]


def _threshold(n: int, gamma: ArrayLike, denominator: np.ndarray) -> np.ndarray:
    n = check_integer(n, "n", "data_monetization thresholds", 2)
    gamma = np.asarray(gamma, dtype=float)
    if np.any((gamma <= -1) | (gamma >= 1 / (n - 1))):
        raise ValueError(f"The 'gamma' parameter of data_monetization thresholds must lie in the "
                         f"open interval (-1, {1 / (n - 1):g}) for n={n}. Got {gamma!r} instead.")
    numerator = (n - 1) * (1 + gamma) ** 3 * (-(n + 1) * gamma - 1)
    return np.maximum(numerator / (n**2 * gamma**2 * denominator), 0.0)


def welfare_randomization_threshold(n: int, gamma: ArrayLike) -> np.ndarray:
    """kappa(gamma, n) of Prop 8: W-opt is randomized iff sigma_t^2/sigma_theta^2 < kappa."""
    gamma = np.asarray(gamma, dtype=float)
    return _threshold(n, gamma, (3 + 2 * gamma) * (3 - (n - 3) * gamma))


def revenue_randomization_threshold(n: int, gamma: ArrayLike) -> np.ndarray:
    """kappa_R(gamma, n) of Prop 9 at mu = 0: R-opt is randomized iff r < kappa_R."""
    gamma = np.asarray(gamma, dtype=float)
    return _threshold(n, gamma, (2 + gamma) * (2 + gamma + (n - 1) * gamma**2))


def cournot_complementarity_threshold(n: ArrayLike) -> np.ndarray:
    """gamma_bar(n) of Prop 11: Cournot CS-opt is SO iff gamma <= gamma_bar."""
    n = np.asarray(n, dtype=float)
    return (-3 + np.sqrt(9 + 8 / (n - 1))) / 4


def large_type_uncertainty_limit(n: int, gamma: float) -> tuple[float, float]:
    """(x_CI, y_inf), the welfare optimum as sigma_t^2/sigma_theta^2 -> infinity (Prop 8)."""
    d_, e_ = coordination_constants(n, gamma)
    if gamma > 0:
        lam = (3 - 2 * (n - 1) * gamma) / d_ - 2 * gamma / e_
    else:
        lam = (3 + 2 * gamma) / e_ + 2 * (n - 1) * gamma / d_
    k = objective_coefficients("welfare", n, gamma)
    x, y = stationarity_curve(lam, k, n, gamma)
    return float(x), float(y)


def large_mean_limit(n: int, gamma: float, state_var: float,
                     type_var: float) -> tuple[float, float]:
    """End of the horizontal ellipse axis with gamma x > 0: R-opt as ``|mu| -> inf`` (Prop 10.4)."""
    x0, y0 = ellipse_centre(n, gamma)
    a_x, _ = ellipse_semi_axes(n, gamma, state_var, type_var)
    return x0 + float(np.sign(gamma)) * a_x, y0


def _welfare(n: int, gamma: float, state_var: float, type_var: float) -> StationaryPoint:
    return linear_optimum(objective_coefficients("welfare", n, gamma), n, gamma,
                          state_var, type_var)


def revenue_welfare_crossing(n: int, gamma: float, state_var: float,
                             type_var: float) -> float:
    """``|mu_hat| = sigma_t w_o^W``, where R-opt equals W-opt (derived, §5.2 S6)."""
    x_w = _welfare(n, gamma, state_var, type_var).x
    return float(np.sqrt(type_var) * (1 + (n - 1) * gamma * x_w))


def zero_mean_ordering_holds(n: int, gamma: float, state_var: float, type_var: float,
                             tol: float = 1e-9) -> bool:
    """Prop 10.3: gamma x_CI <= gamma x_R(0) <= gamma x_W and y_W <= y_R(0) <= y_CI."""
    x_ci, y_ci = rectangle_points(n, gamma)["CI"]
    w = _welfare(n, gamma, state_var, type_var)
    r = revenue_optimum(n, gamma, state_var, type_var, 0.0)
    x_ordered = gamma * x_ci <= gamma * r.x + tol and gamma * r.x <= gamma * w.x + tol
    return bool(x_ordered and w.y <= r.y + tol and r.y <= y_ci + tol)


def large_mean_reversal_holds(n: int, gamma: float, state_var: float, type_var: float,
                              mu: float) -> bool:
    """Prop 10.4 for a given ``|mu| > mu_hat``: gamma x_R > gamma x_W and y_R < y_W."""
    w = _welfare(n, gamma, state_var, type_var)
    r = revenue_optimum(n, gamma, state_var, type_var, mu)
    return bool(gamma * r.x > gamma * w.x and r.y < w.y)


def revenue_monotone_in_mean(n: int, gamma: float, state_var: float, type_var: float,
                             means: ArrayLike, tol: float = 1e-9) -> bool:
    """Prop 10.2: along increasing ``|mu|``, ``gamma x_R``, ``|x_R|``, ``w_o_R``, ``d_R`` rise and y_R falls."""
    grid = np.sort(np.abs(np.asarray(means, dtype=float)))
    points = [revenue_optimum(n, gamma, state_var, type_var, mu) for mu in grid]
    x = np.array([p.x for p in points])
    y = np.array([p.y for p in points])
    own = 1 + (n - 1) * gamma * x          # d_R = sigma_t^2 w_o_R has the same order
    rising = [gamma * x, np.abs(x), own]
    return bool(all(np.all(np.diff(s) >= -tol) for s in rising)
                and np.all(np.diff(y) <= tol))
