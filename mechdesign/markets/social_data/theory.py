"""Social data: thresholds, optimal noise and large markets in closed form.

Definitions (reference social-data.md §3.1-§3.3)
-------------------------------------------------
Normalised units ``sigma_w2 = 1`` wherever a function takes ``(n, alpha, beta, lam)``
with ``lam = sigma_e2/sigma_w2``; the results are scale-free in that normalisation.

* Information gain ``G = V_all - V_own`` (23) and its corners (Lemma 1);
* sharing raises social (consumer) surplus iff ``3/8 V_all > 1/2 V_own``
  (``1/8 V_all > 1/2 V_own``): thresholds in beta or alpha (Prop 2) and in lam (Prop 3);
* ``R(S) = N/8 (3 V_oth - V_all) > 0`` iff ``alpha > alpha*(beta)`` (Thm 1), with fixed
  point ``beta_0(N) = (sqrt(N**2+8N-8) + N - 2)/(6(N-1))`` and necessary bound
  ``alpha >= 1/sqrt(2N+1)`` (Lemma 2);
* complements iff ``D = V_all - V_oth - V_own > 0`` (32)-(33), iff ``alpha <= alpha~(beta)``
  (Prop 4);
* the optimal policy aggregates, adds no idiosyncratic noise and total common noise
  ``D_opt = max(sigma_eps2, D*)`` with ``D* = A' sigma_epsi2 + B'`` (Thm 3, §3.3); it is
  profitable iff ``alpha > alpha_min(N) = (N(sqrt3+1) - 1)/(2N(N+1) - 1)`` (Prop 6), and
  then ``R* = (N-1)((sqrt3-1) N sigma_theta2 - sigma_thetai2)**2 / (8 I)`` at an interior
  optimum;
* ``beta* = A'/(1+A')`` (Prop 7); large-market limits ``N m_i -> 3/4 sigma_w2
  alpha(1-alpha)/(alpha + beta lam)`` and ``R/N -> sigma_theta2**2/(4(sigma_theta2 +
  sigma_eps2))`` (Thm 4).

Printed variants (flags)
------------------------
* F7: ``best_predictor(..., variant="printed")`` returns the constant of (45) as printed,
  ``(1 - A - B) mu``, in place of ``(1 - A - (N-1) B) mu``.
* F1: ``lemma1_corner_gains(..., variant="printed")`` returns the paper's printed corner
  "G" values, which are ``V_all/8``.
* F2: ``surplus_thresholds(..., variant="printed")`` uses the printed threshold
  ``G = 1/(8(1+lam))`` in place of ``G = 1/(3(1+lam))``.
* F3: ``optimal_noise(..., root="printed")`` uses eq. (50) as printed (``-sqrt3`` terms,
  the smaller root of the squared first-order condition) in place of the optimal root.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq, minimize_scalar

from mechdesign._validation import (
    check_choice,
    check_integer,
    check_interval,
    check_nonnegative,
    check_positive,
)

from .closed_forms import _v_aggregate, _v_all, _v_others, _v_own
from .primitives import MarketPrimitives

__all__ = [
    "information_gain",
    "best_predictor",
    "lemma1_corner_gains",
    "surplus_thresholds",
    "noise_thresholds",
    "lemma2_alpha_bound",
    "profitability_threshold",
    "fixed_point_beta",
    "sharing_profit_endpoints",
    "corollary1_noise_threshold",
    "complements_measure",
    "complements_polynomial",
    "complements_threshold",
    "alpha_min",
    "NoiseDesign",
    "optimal_noise",
    "aggregate_profit",
    "a_prime_alpha_form",
    "a_prime_alpha_derivative",
    "beta_star",
    "total_compensation",
    "total_compensation_derivative_alpha1",
    "large_market_limits",
    "IndividualDataNoise",
    "individual_data_noise",
]

SQRT3 = math.sqrt(3.0)


def _structure(n, alpha, beta, lam):
    """Shock variances (T, s, E, e) of the (alpha, beta, lam) form with sigma_w2 = 1."""
    return n, alpha, 1 - alpha, beta * lam, (1 - beta) * lam


def _check_n(n: float, where: str) -> float:
    """N >= 2 (continuous N allowed where the reference treats N as real, §1.8)."""
    return check_interval(n, "n", where, 2, math.inf, "left",
                          why="the result needs at least two consumers")


def _check_structure(where: str, alpha: float | None = None, beta: float | None = None,
                     lam: float | None = None) -> None:
    for value, name in ((alpha, "alpha"), (beta, "beta")):
        if value is not None:
            check_interval(value, name, where, 0, 1, "both")
    if lam is not None:
        check_nonnegative(lam, "lam", where)


def _gain(n, alpha, beta, lam):
    args = _structure(n, alpha, beta, lam)
    return _v_all(*args) - _v_own(*args[1:])


def information_gain(market: MarketPrimitives) -> float:
    """G = V_all - V_own (23)."""
    args = (market.n, market.sigma_theta2, market.sigma_thetai2, market.sigma_eps2,
            market.sigma_epsi2)
    return float(_v_all(*args) - _v_own(*args[1:]))


def best_predictor(market: MarketPrimitives,
                   *, variant: str = "corrected") -> tuple[float, float, float]:
    """(A, B, constant) of (45): E[w_i|s] = A s_i + B sum_{j != i} s_j + constant.

    The constant is ``(1 - A - (N-1) B) mu``; ``variant="printed"`` returns the paper's
    ``(1 - A - B) mu`` (flag F7), which misstates E[w_i] unless B = 0.
    """
    _check_variant(variant, "best_predictor")
    n, a, b, lam = market.n, market.alpha, market.beta, market.lam
    den = (a + (b - 1) * lam - 1) * (a * (n - 1) + b * lam * (n - 1) + lam + 1)
    own = ((a - 1) * n * (a + b * lam) - a * (a + b * lam - 2) + (2 * b - 1) * lam - 1) / den
    cross = lam * (b - a) / den
    weight = (n - 1) * cross if variant == "corrected" else cross
    return own, cross, (1 - own - weight) * market.mean


def lemma1_corner_gains(*, n: int, lam: float, variant: str = "corrected") -> tuple[float, float]:
    """(G(0,1), G(1,0)) with sigma_w2 = 1 (Lemma 1); "printed" gives the paper's V_all/8 (F1)."""
    where = "lemma1_corner_gains"
    n = check_integer(n, "n", where, 2)
    lam = check_nonnegative(lam, "lam", where)
    if variant == "printed":
        return (lam * (n - 1) + 1) / (8 * lam * n + 8), n / (8 * (lam + n))
    _check_variant(variant, where)
    return ((lam * (n - 1) + 1) / (lam * n + 1) - 1 / (1 + lam),
            lam * (n - 1) / ((n + lam) * (1 + lam)))


def _check_variant(variant: str, where: str) -> None:
    check_choice(variant, "variant", where, ("corrected", "printed"))


def _surplus_change(n, alpha, beta, lam, surplus: str, variant: str):
    """Sign function of the sharing gain: 3/8 V_all - V_own/2 (social), V_all/8 - V_own/2."""
    args = _structure(n, alpha, beta, lam)
    va, vo = _v_all(*args), _v_own(*args[1:])
    if variant == "printed":                       # F2: G = V_own/8 as printed
        return va - vo - vo / 8
    return (3 * va / 8 if surplus == "social" else va / 8) - vo / 2


def _roots_around(f, pivot: float, points: int = 2001) -> tuple[float | None, float | None]:
    """Nearest sign changes of f on [0, 1] below and above ``pivot``."""
    grid = np.linspace(0.0, 1.0, points)
    values = f(grid)
    roots = [brentq(f, a, b, xtol=1e-14) for a, b, fa, fb
             in zip(grid[:-1], grid[1:], values[:-1], values[1:]) if fa * fb < 0]
    roots += [float(x) for x, v in zip(grid, values) if v == 0]
    below = [r for r in roots if r < pivot]
    above = [r for r in roots if r > pivot]
    return (max(below) if below else None, min(above) if above else None)


def surplus_thresholds(*, n: int, lam: float, alpha: float | None = None,
                       beta: float | None = None, surplus: str = "social",
                       variant: str = "corrected") -> tuple[float | None, float | None]:
    """Prop 2: thresholds (lower, upper) around the fixed coordinate; None if absent.

    Give ``alpha`` for the beta-thresholds ``beta_(alpha) < alpha < beta^(alpha)`` or
    ``beta`` for the alpha-thresholds. Complete sharing raises ``surplus`` ("social" or
    "consumer") iff the free coordinate lies outside [lower, upper].
    """
    where = "surplus_thresholds"
    n = check_integer(n, "n", where, 2)
    _check_structure(where, alpha, beta, lam)
    _check_variant(variant, where)
    if (alpha is None) == (beta is None):
        raise ValueError(f"{where} needs exactly one of 'alpha' and 'beta'. "
                         f"Got alpha={alpha!r}, beta={beta!r} instead.")
    check_choice(surplus, "surplus", where, ("social", "consumer"))
    if variant == "printed" and surplus != "social":
        raise ValueError(f"The 'variant' parameter of {where} must be 'corrected' for "
                         "surplus='consumer' (the misprint F2 concerns the social threshold). "
                         "Got 'printed' instead.")
    if alpha is not None:
        return _roots_around(lambda b: _surplus_change(n, alpha, b, lam, surplus, variant), alpha)
    return _roots_around(lambda a: _surplus_change(n, a, beta, lam, surplus, variant), beta)


def _prop3_coefficients(n, alpha, beta):
    """(A1, B1, C1, A2, B2, C2) of Prop 3: Delta U_i, Delta W_i = (A + B lam + C lam**2)/D_den."""
    a, b = alpha, beta
    a1 = 3 * (a - 1) * (1 + a * (n - 1))
    b1 = a * (6 * b * (n - 1) - 3 * n + 6) - 3 * b * (n - 2) - 6
    c1 = a ** 2 * (n - 1) - 2 * a * b * n + 2 * a * b + 4 * b ** 2 * (n - 1) - 3 * b * (n - 2) - 3
    a2 = (a - 1) * (a * (n - 1) + 1)
    b2 = a * (2 * b * (n - 1) - n + 2) - b * (n - 2) - 2
    c2 = 3 * a ** 2 * (n - 1) - 6 * a * b * (n - 1) + b * (4 * b * (n - 1) - n + 2) - 1
    return a1, b1, c1, a2, b2, c2


def _positive_root(a: float, b: float, c: float) -> float:
    return math.inf if c <= 0 else (-b + math.sqrt(b * b - 4 * a * c)) / (2 * c)


def noise_thresholds(*, n: int, alpha: float, beta: float) -> tuple[float, float]:
    """Prop 3: (social, consumer) thresholds on lam = sigma_e2/sigma_w2 (inf if none).

    Complete sharing raises social (consumer) surplus iff lam exceeds the threshold.
    """
    where = "noise_thresholds"
    n = check_integer(n, "n", where, 2)
    _check_structure(where, alpha, beta)
    if alpha == 1 and beta == 1:
        raise ValueError(f"The 'alpha', 'beta' parameters of {where} must not both be 1 "
                         "(identical signals, Prop 3 degenerate case). Got alpha=1, beta=1.")
    a1, b1, c1, a2, b2, c2 = _prop3_coefficients(n, alpha, beta)
    return _positive_root(a2, b2, c2), _positive_root(a1, b1, c1)


def lemma2_alpha_bound(n: int) -> float:
    """Lemma 2: R(S) > 0 requires alpha >= 1/sqrt(2N+1) (necessary only)."""
    return 1 / math.sqrt(2 * check_integer(n, "n", "lemma2_alpha_bound", 2) + 1)


def _sharing_profit(n, alpha, beta, lam):
    args = _structure(n, alpha, beta, lam)
    return n * (3 * _v_others(*args) - _v_all(*args)) / 8


def profitability_threshold(*, n: int, beta: float, lam: float) -> float:
    """Thm 1: alpha*(beta), the unique alpha in (0, 1) with R(S) = 0."""
    where = "profitability_threshold"
    n = check_integer(n, "n", where, 2)
    _check_structure(where, beta=beta, lam=lam)
    return brentq(lambda a: _sharing_profit(n, a, beta, lam), 0.0, 1.0, xtol=1e-14)


def fixed_point_beta(n: float) -> float:
    """Thm 1.2: beta_0(N) with alpha*(beta_0) = beta_0, for every lam."""
    n = _check_n(n, "fixed_point_beta")
    return (math.sqrt(n * n + 8 * n - 8) + n - 2) / (6 * (n - 1))


def sharing_profit_endpoints(*, n: int, beta: float, lam: float) -> tuple[float, float]:
    """R(S) at alpha = 0 and alpha = 1 as printed in the Thm 1 proof (sigma_w2 = 1)."""
    where = "sharing_profit_endpoints"
    n = check_integer(n, "n", where, 2)
    _check_structure(where, beta=beta, lam=lam)
    b, l = beta, lam
    at0 = -n * (b * l * (n - 2) + l + 1) / (8 * (1 + (1 - b) * l) * (b * l * (n - 1) + l + 1))
    at1 = (n * (l * (b * (2 * (n - 2) * n + 3) + 2 * n - 3) + 2 * (n - 1) * n)
           / (8 * (b * l * n - 2 * b * l + l + n - 1) * (b * l * n - b * l + l + n)))
    return at0, at1


def corollary1_noise_threshold(n: int, *, grid: int = 201) -> float:
    """Cor 1: the largest lam below which efficient and profitable sharing needs alpha > beta.

    Bisection in log(lam) on whether some grid point with alpha <= beta has both
    R(S) > 0 and Delta W > 0; accurate to the (alpha, beta) grid resolution.
    """
    where = "corollary1_noise_threshold"
    n = check_integer(n, "n", where, 2)
    alpha, beta = np.meshgrid(np.linspace(0, 1, grid), np.linspace(0, 1, grid), indexing="ij")
    mask = (alpha <= beta) & ~((alpha == 1) & (beta == 1))
    a, b = alpha[mask], beta[mask]

    def violated(lam: float) -> bool:
        efficient = _surplus_change(n, a, b, lam, "social", "corrected") > 0
        return bool(np.any(efficient & (_sharing_profit(n, a, b, lam) > 0)))

    low, high = -6.0, 6.0
    if violated(10 ** low) or not violated(10 ** high):
        return 0.0 if violated(10 ** low) else math.inf
    for _ in range(60):
        mid = (low + high) / 2
        low, high = (low, mid) if violated(10 ** mid) else (mid, high)
    return 10 ** low


def _complements(n, alpha, beta, lam):
    args = _structure(n, alpha, beta, lam)
    return _v_all(*args) - _v_others(*args) - _v_own(*args[1:])


def complements_measure(market: MarketPrimitives) -> float:
    """D = V_all - V_oth - V_own (32)-(33): complements iff D > 0; DE_i = (D + V_oth/4)/2."""
    args = (market.n, market.sigma_theta2, market.sigma_thetai2, market.sigma_eps2,
            market.sigma_epsi2)
    return float(_v_all(*args) - _v_others(*args) - _v_own(*args[1:]))


def complements_polynomial(*, n: float, alpha: float, beta: float, lam: float) -> float:
    """Prop 4's explicit D = (A b**3 + B b**2 + C b + E)/denominator (sigma_w2 = 1)."""
    a, b, l = alpha, beta, lam
    p3 = l ** 3 * (n - 2) * (n - 1)
    p2 = l ** 2 * (n - 1) * (a * (a * (l + 1) * (n - 1) - 2 * l * (n - 2) + n - 2) + l + 1)
    p1 = a * l * (n - 1) * (2 * a ** 2 * (l + 1) * (n - 1) - a * (4 * l + 1) * (n - 2)
                            - 2 * l * (l + 1))
    p0 = a ** 2 * (n - 1) * (a ** 2 * (l + 1) * (n - 1) - a * (2 * l + 1) * (n - 2)
                             - (l + 1) * (2 * l + 1))
    den = ((l + 1) * (1 - a + (1 - b) * l) * (a * (n - 2) + b * l * (n - 2) + l + 1)
           * (a * (n - 1) + b * l * n + (1 - b) * l + 1))
    return (p3 * b ** 3 + p2 * b ** 2 + p1 * b + p0) / den


def complements_threshold(*, n: int, beta: float, lam: float) -> float:
    """Prop 4: alpha~(beta) in [0, beta]: complements iff alpha <= alpha~(beta)."""
    where = "complements_threshold"
    n = check_integer(n, "n", where, 2)
    check_interval(beta, "beta", where, 0, 1, "right", why="Prop 4 needs beta > 0")
    lam = check_nonnegative(lam, "lam", where)
    if _complements(n, 0.0, beta, lam) <= 0:
        return 0.0
    return brentq(lambda a: _complements(n, a, beta, lam), 0.0, beta, xtol=1e-14)


def alpha_min(n: float) -> float:
    """Prop 6 (39): the optimal policy is profitable iff alpha > alpha_min(N)."""
    n = _check_n(n, "alpha_min")
    return (n * (SQRT3 + 1) - 1) / (2 * n * (n + 1) - 1)


def _a_b_prime(n, common, idio, sign: float):
    """(A', B') of §3.3 in sigma-form; ``sign`` = +1 optimal root, -1 as printed in (50)."""
    r = sign * SQRT3
    den = (n - 1) * (2 * n * n * common ** 2 - 2 * n * common * idio - idio ** 2)
    a_num = (-n * (2 * n - 3) * common ** 2 + 2 * n * common * idio
             + r * common * (n * common + idio) + idio ** 2)
    b_num = (-2 * (n - 1) * n * n * common ** 3 + (r + 1) * n * common ** 2 * idio
             + (3 * n - 1 + r) * common * idio ** 2 + idio ** 3)
    return a_num / den, b_num / den


def aggregate_profit(market: MarketPrimitives, *, added_common: float = 0.0,
                     added_idio: float = 0.0) -> float:
    """R(Xbar) of (47): N/8 (3 V_agg,-i - V_agg)."""
    args = (market.n, market.sigma_theta2, market.sigma_thetai2,
            market.sigma_eps2 + added_common, market.sigma_epsi2 + added_idio)
    return float(market.n * (3 * _v_others(*args) - _v_aggregate(*args)) / 8)


@dataclass(frozen=True)
class NoiseDesign:
    """Optimal aggregate policy with common noise only (Thm 3, Prop 6, §3.3)."""

    profitable: bool        # alpha > alpha_min(N) (39)
    a_prime: float          # A' (nan when not profitable)
    b_prime: float          # B'
    root: float             # D* = A' sigma_epsi2 + B', stationary total common noise
    added_common: float     # sigma_xi2* = max(0, D* - sigma_eps2); inf when not profitable
    profit: float           # R*; 0 (supremum, no intermediation) when not profitable

    @property
    def interior(self) -> bool:
        return self.profitable and self.added_common > 0


def optimal_noise(market: MarketPrimitives, *, root: str = "optimal") -> NoiseDesign:
    """Optimal added common noise and profit (§3.3).

    ``root="printed"`` uses the root of eq. (50) as printed (flag F3), for comparison.
    """
    check_choice(root, "root", "optimal_noise", ("optimal", "printed"))
    n, common, idio = market.n, market.sigma_theta2, market.sigma_thetai2
    if (SQRT3 - 1) * n * common <= idio:
        return NoiseDesign(False, math.nan, math.nan, math.nan, math.inf, 0.0)
    a_prime, b_prime = _a_b_prime(n, common, idio, 1.0 if root == "optimal" else -1.0)
    d_star = a_prime * market.sigma_epsi2 + b_prime
    added = max(0.0, d_star - market.sigma_eps2)
    total_idio = idio + market.sigma_epsi2
    if added > 0 and root == "optimal":
        profit = (n - 1) * ((SQRT3 - 1) * n * common - idio) ** 2 / (8 * total_idio)
    else:
        profit = aggregate_profit(market, added_common=added)
    return NoiseDesign(True, a_prime, b_prime, d_star, added, profit)


def a_prime_alpha_form(*, n: float, alpha: float) -> float:
    """The paper's alpha-form of A' (sigma_w2 = 1, Prop 7 proof)."""
    a = alpha
    num = a * (a * (n - 1) * (-2 * n + SQRT3 - 1) + 2 * n + SQRT3 - 2) + 1
    return num / ((n - 1) * (a * (a * (2 * n * (n + 1) - 1) - 2 * n + 2) - 1))


def a_prime_alpha_derivative(*, n: float, alpha: float) -> float:
    """Prop 7.2: dA'/dalpha as printed (negative)."""
    a = alpha
    num = a * ((4 * SQRT3 + 6) * a * n * n + 2 * (SQRT3 + 3) * (1 - a) * n
               + SQRT3 * (a - 2)) + SQRT3
    return -num / ((n - 1) * (a * (-2 * a * n * (n + 1) + a + 2 * (n - 1)) + 1) ** 2)


def beta_star(*, n: float, alpha: float) -> float:
    """Prop 7.1: beta* = A'/(1+A'); added noise rises with sigma_e2 iff beta < beta*."""
    n = _check_n(n, "beta_star")
    check_interval(alpha, "alpha", "beta_star", 0, 1, "both")
    a_prime = _a_b_prime(n, alpha, 1 - alpha, 1.0)[0]
    return a_prime / (1 + a_prime)


def total_compensation(*, n: float, alpha: float, beta: float, sigma_w2: float = 1.0,
                       sigma_e2: float = 1.0) -> float:
    """Thm 4.1: ``sum_i m_i`` of the aggregate policy without added noise (a total).

    In units of ``sigma_w2``: with ``lam = sigma_e2/sigma_w2``::

        sum_i m_i = 3/8 sigma_w2 [(a(N-1)+1)**2 / (a(N-1) + b lam (N-1) + lam + 1)
                                  - a**2 (N-1) N / (a(N-2) + b lam (N-2) + lam + 1)]
    """
    where = "total_compensation"
    n = _check_n(n, where)
    sigma_w2 = check_positive(sigma_w2, "sigma_w2", where)
    lam = check_nonnegative(sigma_e2, "sigma_e2", where) / sigma_w2
    _check_structure(where, alpha, beta)
    a, b, l = alpha, beta, lam
    return 3 / 8 * sigma_w2 * ((a * (n - 1) + 1) ** 2 / (a * (n - 1) + b * l * (n - 1) + l + 1)
                               - a * a * (n - 1) * n / (a * (n - 2) + b * l * (n - 2) + l + 1))


def total_compensation_derivative_alpha1(*, n: float, beta: float, lam: float) -> float:
    """Thm 4.2: d(sum_i m_i)/dN at alpha = 1 (sigma_w2 = 1)."""
    where = "total_compensation_derivative_alpha1"
    n = _check_n(n, where)
    _check_structure(where, beta=beta, lam=lam)
    b, l = beta, lam
    num = -3 * (1 - b) * l * ((b * l * n + n) ** 2 + (1 - b) * l * ((2 * b - 1) * l + 1))
    den = 8 * (b * l * (n - 2) + l + n - 1) ** 2 * (b * l * (n - 1) + l + n) ** 2
    return num / den


def large_market_limits(*, alpha: float, beta: float, sigma_w2: float = 1.0,
                        sigma_e2: float = 1.0) -> tuple[float, float]:
    """Thm 4.1 and 4.3: ``(lim N m_i, lim R/N)`` as N -> infinity, without added noise.

    ``N m_i -> 3/4 sigma_w2 alpha (1-alpha) / (alpha + beta lam)`` and
    ``R/N -> sigma_theta2**2 / (4 (sigma_theta2 + sigma_eps2))``, ``lam = sigma_e2/sigma_w2``.
    """
    where = "large_market_limits"
    _check_structure(where, alpha, beta)
    sigma_w2 = check_positive(sigma_w2, "sigma_w2", where)
    lam = check_nonnegative(sigma_e2, "sigma_e2", where) / sigma_w2
    if alpha + beta * lam == 0:
        raise ValueError(f"The 'alpha' parameter of {where} must be positive when "
                         "beta*sigma_e2 = 0 (Thm 4 divides by alpha + beta*lam). Got 0.0 instead.")
    common, common_noise = alpha * sigma_w2, beta * sigma_e2
    return (0.75 * sigma_w2 * alpha * (1 - alpha) / (alpha + beta * lam),
            common ** 2 / (4 * (common + common_noise)))


@dataclass(frozen=True)
class IndividualDataNoise:
    """Best idiosyncratic noise for an intermediary restricted to identified records."""

    added_idio: float         # sigma_xii2*; 0 when noise does not pay, inf when R < 0 always
    profit: float             # R(X) at sigma_xii2* (a total)
    profit_without_noise: float  # R(S) = N/8 (3 V_oth - V_all) at sigma_xii2 = 0


def individual_data_noise(market: MarketPrimitives) -> IndividualDataNoise:
    """Footnote 15 (§3.3): the optimal idiosyncratic noise when data cannot be aggregated.

    With identified records ``x_i = s_i + xi_i`` (no common noise, which ``xbar - x_i``
    would remove) the profit is ``R(x) = N/8 (3 V_oth - V_all)`` at idiosyncratic noise
    ``sigma_epsi2 + x``. It is maximised over ``x >= 0`` by a bounded scalar search in
    ``t = x/(x + sigma_w2) in [0, 1)``; noise pays when the signals are precise enough.
    When every finite noise loses money, the supremum 0 is approached as the noise grows
    (no intermediation): ``added_idio = inf``, ``profit = 0``.
    """
    def profit(x: float) -> float:
        args = (market.n, market.sigma_theta2, market.sigma_thetai2, market.sigma_eps2,
                market.sigma_epsi2 + x)
        return float(market.n * (3 * _v_others(*args) - _v_all(*args)) / 8)

    def noise(t: float) -> float:
        return market.sigma_w2 * t / (1 - t)

    search = minimize_scalar(lambda t: -profit(noise(t)), bounds=(0.0, 1 - 1e-9),
                             method="bounded", options={"xatol": 1e-12})
    base, best = profit(0.0), noise(float(search.x))
    if max(base, profit(best)) < 0:       # R -> 0 as the noise grows: no intermediation
        return IndividualDataNoise(math.inf, 0.0, base)
    if profit(best) <= base:
        return IndividualDataNoise(0.0, base, base)
    return IndividualDataNoise(best, profit(best), base)
