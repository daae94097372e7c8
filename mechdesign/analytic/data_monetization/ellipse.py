"""The obedience ellipse of the symmetric data-monetization game, in normalised units.

Definitions
-----------
Bonatti, Dahleh and Horel [1]_ study n symmetric players with best responses
(data-monetization §1.2, eq. 1; normalised units alpha = beta = 1)

.. math::

    a_i = E[\\theta + t_i + \\gamma \\sum_{j \\ne i} a_j \\mid \\text{info}_i],
    \\qquad D := 1-(n-1)\\gamma, \\quad E := 1+\\gamma .

A symmetric Gaussian mechanism is the linear rule (12)

.. math::

    a_i = \\mu + y(\\theta-\\mu_\\theta) + w_o(t_i-\\mu_t) + x\\sum_{j\\ne i}(t_j-\\mu_t)
          + \\varepsilon_i,
    \\quad \\operatorname{Var}\\varepsilon_i = \\sigma_\\varepsilon^2,
    \\quad \\operatorname{Corr}(\\varepsilon_i,\\varepsilon_j) = \\rho .

By Prop 2 it is obedient iff mu = (mu_theta + mu_t)/D (eq. 10), w_o = 1 + (n-1) gamma x,
rho in [-1/(n-1), 1] and (x, y) lies in the obedience ellipse (E) with slack

.. math::

    S(x,y) = \\sigma_\\theta^2 (y - D y^2) + (n-1)\\sigma_t^2(\\gamma x - E D x^2) \\ge 0,
    \\qquad (1-(n-1)\\gamma\\rho)\\,\\sigma_\\varepsilon^2 = S(x,y) \\quad (13),(35).

Plain code: ``slack = state_var*(y - D*y**2) + (n-1)*type_var*(gamma*x - E*D*x**2)``.

The ellipse has centre (gamma/(2ED), 1/(2D)) and the axis-aligned rectangle O = (0, 0)
(no information, eq. 14), SO = (0, 1/D) (state only), TO = (gamma/(ED), 0) (type only) and
CI = (gamma/(ED), 1/D) (complete information, eq. 6) inscribed (§2.4 C). The first best (7)
(weights 1/K, 2 gamma/(K(1+2 gamma)), L/(K(1+2 gamma)) with K = 1-2(n-1) gamma and
L = 1-2(n-2) gamma) is not obedient.

The moments of the rule (§1.4) are s = Cov(a_i, theta), d = Cov(a_i, t_i),
e = Cov(a_i, t_j), v = Var a_i and c = Cov(a_i, a_j).

Beware
------
Everything here is in normalised units. General units map back by x_orig = beta x,
y_orig = alpha y, w_o_orig = beta w_o (§1.2). All functions broadcast over numpy arrays.

References
----------
.. [1] A. Bonatti, M. Dahleh, T. Horel, "Data Monetization through Strategic
   Coordination of Privately Informed Agents", arXiv 2302.12223 v2. Reference file
   shared/reference/data-monetization.md §1.4, §1.5, §2.4 C.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from mechdesign._validation import _fail, check_integer, check_interval, check_positive

__all__ = [
    "SymmetricWeights",
    "SymmetricMoments",
    "check_game",
    "coordination_constants",
    "obedience_slack",
    "ellipse_centre",
    "ellipse_semi_axes",
    "ellipse_boundary",
    "own_weight",
    "noise_variance",
    "mean_action",
    "rectangle_points",
    "first_best",
    "symmetric_moments",
]


@dataclass(frozen=True)
class SymmetricWeights:
    """Weights of the symmetric linear rule (12), normalised units.

    ``rho`` is the noise correlation; it only matters when ``noise_var > 0``.
    """

    x: float          # weight on each rival's type
    y: float          # weight on the state
    w_o: float        # weight on the own type
    rho: float = 1.0
    noise_var: float = 0.0


@dataclass(frozen=True)
class SymmetricMoments:
    """Second moments of a symmetric mechanism (Lemma 2), normalised units.

    s = Cov(a_i, theta), d = Cov(a_i, t_i), e = Cov(a_i, t_j), v = Var a_i,
    c = Cov(a_i, a_j) for j != i.
    """

    s: float
    d: float
    e: float
    v: float
    c: float


def check_game(n: int, gamma: float, state_var: float, type_var: float, where: str,
               *, nonzero_gamma: bool = True) -> int:
    """Validate a symmetric game; return n as an int.

    gamma must lie in (-1, 1/(n-1)) (Remark 3: outside it the obedient set is unbounded)
    and, for the closed forms of §3, differ from 0 (§6 item 11).
    """
    n = check_integer(n, "n", where, 2)
    check_interval(gamma, "gamma", where, -1.0, 1.0 / (n - 1),
                   why=f"for n={n}; outside it the obedient set is unbounded "
                       "(data-monetization Remark 3)")
    if nonzero_gamma and gamma == 0:
        _fail("gamma", where, f"a nonzero float in (-1, {1.0 / (n - 1):g})", gamma,
              "at gamma = 0 the closed forms degenerate (data-monetization §6 item 11)")
    check_positive(state_var, "state_var", where)
    check_positive(type_var, "type_var", where)
    return n


def coordination_constants(n: int, gamma: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """(D, E) = (1 - (n-1) gamma, 1 + gamma)."""
    gamma = np.asarray(gamma, dtype=float)
    return 1.0 - (n - 1) * gamma, 1.0 + gamma


def obedience_slack(x: ArrayLike, y: ArrayLike, n: int, gamma: float, state_var: float,
                    type_var: float) -> np.ndarray:
    """S(x, y) of eq. (13); (x, y) is in the obedience ellipse iff S >= 0."""
    d_, e_ = coordination_constants(n, gamma)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return state_var * (y - d_ * y**2) + (n - 1) * type_var * (gamma * x - e_ * d_ * x**2)


def ellipse_centre(n: int, gamma: float) -> tuple[float, float]:
    """Centre (gamma/(2ED), 1/(2D)) of the obedience ellipse (§2.4 C)."""
    d_, e_ = coordination_constants(n, gamma)
    return float(gamma / (2 * e_ * d_)), float(1 / (2 * d_))


def ellipse_semi_axes(n: int, gamma: float, state_var: float,
                      type_var: float) -> tuple[float, float]:
    """Semi-axes (a_x, a_y) of the obedience ellipse (§2.4 C)."""
    _, e_ = coordination_constants(n, gamma)
    x0, y0 = ellipse_centre(n, gamma)
    ratio = (n - 1) * float(e_) * type_var / state_var
    return float(np.sqrt(x0**2 + y0**2 / ratio)), float(np.sqrt(y0**2 + ratio * x0**2))


def ellipse_boundary(n: int, gamma: float, state_var: float, type_var: float,
                     num: int = 400) -> tuple[np.ndarray, np.ndarray]:
    """``num`` points (x, y) on the boundary S = 0, counter-clockwise from the right end."""
    x0, y0 = ellipse_centre(n, gamma)
    a_x, a_y = ellipse_semi_axes(n, gamma, state_var, type_var)
    angle = np.linspace(0.0, 2 * np.pi, num)
    return x0 + a_x * np.cos(angle), y0 + a_y * np.sin(angle)


def own_weight(x: ArrayLike, n: int, gamma: float) -> np.ndarray:
    """w_o = 1 + (n-1) gamma x (Prop 2)."""
    return 1.0 + (n - 1) * gamma * np.asarray(x, dtype=float)


def noise_variance(x: ArrayLike, y: ArrayLike, rho: ArrayLike, n: int, gamma: float,
                   state_var: float, type_var: float) -> np.ndarray:
    """sigma_eps^2 = max(S, 0) / (1 - (n-1) gamma rho), eq. (13)."""
    slack = np.maximum(obedience_slack(x, y, n, gamma, state_var, type_var), 0.0)
    return slack / (1.0 - (n - 1) * gamma * np.asarray(rho, dtype=float))


def mean_action(n: int, gamma: float, state_mean: float, type_mean: float) -> float:
    """mu = (mu_theta + mu_t) / D, eq. (10)."""
    return float((state_mean + type_mean) / coordination_constants(n, gamma)[0])


def rectangle_points(n: int, gamma: float) -> dict[str, tuple[float, float]]:
    """The (x, y) of O, SO, TO and CI, the rectangle inscribed in the ellipse (§2.4 C)."""
    d_, e_ = coordination_constants(n, gamma)
    x_ci, y_ci = float(gamma / (e_ * d_)), float(1 / d_)
    return {"O": (0.0, 0.0), "SO": (0.0, y_ci), "TO": (x_ci, 0.0), "CI": (x_ci, y_ci)}


def first_best(n: int, gamma: float) -> SymmetricWeights:
    """Collusive first best (7): a = M(1, -2 gamma)^{-1}(theta 1 + t); deterministic."""
    k = 1 - 2 * (n - 1) * gamma
    ell = 1 - 2 * (n - 2) * gamma
    return SymmetricWeights(x=2 * gamma / (k * (1 + 2 * gamma)), y=1 / k,
                            w_o=ell / (k * (1 + 2 * gamma)))


def symmetric_moments(weights: SymmetricWeights, n: int, state_var: float,
                      type_var: float) -> SymmetricMoments:
    """(s, d, e, v, c) of the rule (12) from its weights (§1.4).

    ``weights`` is any object with attributes x, y, w_o, rho and noise_var (a
    ``SymmetricWeights`` or a ``SymmetricOptimum``).
    """
    x, y, w_o = weights.x, weights.y, weights.w_o
    noise = weights.noise_var
    state_part = y**2 * state_var
    return SymmetricMoments(
        s=y * state_var,
        d=w_o * type_var,
        e=x * type_var,
        v=state_part + (w_o**2 + (n - 1) * x**2) * type_var + noise,
        c=state_part + (2 * w_o * x + (n - 2) * x**2) * type_var
        + (weights.rho * noise if noise > 0 else 0.0),
    )
