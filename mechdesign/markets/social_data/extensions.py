"""Social data: segmentation, quality pricing and recommender systems (§3.4-§3.5).

Definitions
-----------
**Segmentation** (reference social-data.md §3.4, (42), (51), (52)): two groups of N
consumers, ``w_ij = theta_j + theta_ij`` with within-group correlation ``alpha``, noiseless
signals. The intermediary sends the pooled mean (uniform price) or the two group means
(group prices)::

    R_u = -(N T + s)/8 + (3N/16)(2N-1)**2 T**2 / ((2N**2-2N+1) T + (2N-1) s)   (51)
    R_g = 3(N-1)N T**2 / (4((N-1)T + s)) - (N T + s)/4                           (52)

with ``T = alpha sigma_w2``, ``s = (1-alpha) sigma_w2``. (51) uses the paper's off-path
price; the Bayesian off-path price (flag F9) replaces ``(3N/16)(2N-1)**2`` by
``(3N/4)(N-1)**2``. ``segmentation_exact_profit`` computes either scheme from the shock
model with the engine (Bayesian off path). Prop 8: group pricing wins for N > N-bar(alpha);
Prop 9: dR_g/dN > dR_u/dN where either profit is positive; Cor 2: within a group the
intermediary aggregates.

**Quality** (§3.5, Prop 10), consumers know w_i, c = 0, quality gamma in [0, sqrt 2)::

    dPi_i = V/(2(2-g**2)),  dU_i = -(3-g**2)(1-g**2)V/(2(2-g**2)**2),
    dW_i = (-1 + 3g**2 - g**4) V/(2(2-g**2)**2),  R = N (k_W V_on - k_U V_off),

aggregate data iff gamma < gamma* = (sqrt5 - 1)/2.

**Recommender** (§3.5, Prop 11): with ``x = var E[t_i | S]``, ``sigma_t2`` the location
variance and ``mu = E[w_i]``::

    dU_i = -3/8 V + mu x/4 + 9/8 (x**2 - 2 x sigma_t2)
    dPi_i = V/4 + mu x/2 + (x**2 - 2 x sigma_t2)/4
    dW_i = -V/8 + 3 mu x/4 + 11/8 (x**2 - 2 x sigma_t2)

and ``R = N (dW_i(on) - dU_i(off))``; with ``mu > (11/3) sigma_t2`` the optimum collects
aggregate data on w and individual data on t.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from mechdesign._validation import (
    check_choice,
    check_integer,
    check_interval,
    check_nonnegative,
    check_positive,
)

from .engine import conditional_mean_loadings, product_market_outcome
from .closed_forms import complete_sharing_value, v_aggregate, v_all, v_others
from .primitives import MarketPrimitives

__all__ = [
    "SegmentationProfits",
    "uniform_price_profit",
    "group_price_profit",
    "group_advantage_structure_form",
    "segmentation_profits",
    "segmentation_exact_profit",
    "segmentation_threshold",
    "segmentation_first_integer",
    "marginal_profits",
    "QUALITY_THRESHOLD",
    "quality_payoff_changes",
    "quality_profit",
    "quality_optimal_inflow",
    "recommender_payoff_changes",
    "recommender_profit",
    "recommender_optimal_inflow",
]


# ---------------------------------------------------------------- segmentation (§3.4)
def _split(alpha, sigma_w2):
    return alpha * sigma_w2, (1 - alpha) * sigma_w2


def _check_off_path(off_path: str, where: str) -> None:
    check_choice(off_path, "off_path", where, ("paper", "bayesian"))


def uniform_price_profit(*, n: float, alpha: float, sigma_w2: float = 1.0,
                         off_path: str = "paper") -> float:
    """(51): profit with the pooled mean; ``off_path="bayesian"`` is the F9 correction."""
    _check_off_path(off_path, "uniform_price_profit")
    common, idio = _split(alpha, sigma_w2)
    weight = 3 * n * (2 * n - 1) ** 2 / 16 if off_path == "paper" else 3 * n * (n - 1) ** 2 / 4
    pool = (2 * n * n - 2 * n + 1) * common + (2 * n - 1) * idio
    return -(n * common + idio) / 8 + weight * common ** 2 / pool


def group_price_profit(*, n: float, alpha: float, sigma_w2: float = 1.0) -> float:
    """(52): profit with the two group means, twice (47) without noise."""
    common, idio = _split(alpha, sigma_w2)
    return (3 * (n - 1) * n * common ** 2 / (4 * ((n - 1) * common + idio))
            - (n * common + idio) / 4)


def group_advantage_structure_form(*, n: float, alpha: float) -> float:
    """R_g - R_u (51) as printed in the Prop 8 proof (sigma_w2 = 1)."""
    a = alpha
    inner = (-3 * a * (1 - 2 * n) ** 2 / (2 * a * (n - 1) ** 2 + 2 * n - 1)
             + 12 * a * (n - 1) / (a * (n - 2) + 1) - 2)
    return (a * n * inner + 2 * (a - 1)) / 16


@dataclass(frozen=True)
class SegmentationProfits:
    """Intermediary's profit in the two-group market (§3.4, Cor 2)."""

    uniform_paper: float     # (51), paper's off-path price
    uniform_bayesian: float  # (51) with the Bayesian off-path price (F9)
    group: float             # (52): group means
    group_individual: float  # identified records within each group (Cor 2: <= group)


def segmentation_profits(*, n: int, alpha: float, sigma_w2: float = 1.0) -> SegmentationProfits:
    """All four schemes of the two-group market with N consumers per group."""
    where = "segmentation_profits"
    n = check_integer(n, "n", where, 2)
    alpha = check_interval(alpha, "alpha", where, 0, 1, "both")
    sigma_w2 = check_positive(sigma_w2, "sigma_w2", where)
    per_group = MarketPrimitives(n=n, alpha=alpha, beta=0.0, sigma_w2=sigma_w2, sigma_e2=0.0)
    return SegmentationProfits(
        uniform_price_profit(n=n, alpha=alpha, sigma_w2=sigma_w2),
        uniform_price_profit(n=n, alpha=alpha, sigma_w2=sigma_w2, off_path="bayesian"),
        group_price_profit(n=n, alpha=alpha, sigma_w2=sigma_w2), 2 * complete_sharing_value(per_group).profit)


def segmentation_exact_profit(*, n: int, alpha: float, pricing: str, sigma_w2: float = 1.0,
                              mean: float = 0.0, cost: float = 0.0) -> float:
    """Profit of ``pricing`` ("uniform" or "group") from the shock model (Bayesian off path).

    Shocks z = (theta_1, theta_2, theta_1j (N), theta_2j (N)); consumer 0 of group 1
    stands for everyone; consumers know w (sigma_e = 0).
    """
    where = "segmentation_exact_profit"
    n = check_integer(n, "n", where, 2)
    check_choice(pricing, "pricing", where, ("uniform", "group"))
    common, idio = _split(check_interval(alpha, "alpha", where, 0, 1, "both"),
                          check_positive(sigma_w2, "sigma_w2", where))
    d = np.array([common, common] + [idio] * (2 * n))
    w = np.zeros((2 * n, 2 * n + 2))
    w[:n, 0], w[n:, 1] = 1.0, 1.0
    w[:, 2:] = np.eye(2 * n)
    groups = [w[:n], w[n:]]
    if pricing == "uniform":
        on, off = w.mean(0, keepdims=True), w[1:].mean(0, keepdims=True)
    else:
        on = np.vstack([g.mean(0) for g in groups])
        off = np.vstack([groups[0][1:].mean(0), groups[1].mean(0)])
    loads, _ = conditional_mean_loadings({"on": on, "off": off}, w[0], d)
    on_, off_, none_ = (product_market_outcome(w[0], w[0], producer, d, mean, cost)   # knows w
                        for producer in (loads["on"], loads["off"], np.zeros_like(w[0])))
    return 2 * n * ((on_.producer_payoff - none_.producer_payoff)
                    - (off_.consumer_payoff - on_.consumer_payoff))


def segmentation_threshold(alpha: float, *, off_path: str = "paper") -> float:
    """Prop 8: N-bar(alpha), the largest continuous root of R_g = R_u in N >= 1."""
    where = "segmentation_threshold"
    check_interval(alpha, "alpha", where, 0, 1, "neither")
    _check_off_path(off_path, where)

    def advantage(n: float) -> float:
        return group_price_profit(n=n, alpha=alpha) - uniform_price_profit(n=n, alpha=alpha, sigma_w2=1.0, off_path=off_path)

    grid = np.geomspace(1.0, 1e5, 2001)
    values = np.array([advantage(x) for x in grid])
    changes = np.nonzero(values[:-1] * values[1:] < 0)[0]
    if changes.size == 0:
        return 1.0 if values[-1] > 0 else math.inf
    k = changes[-1]
    return brentq(advantage, grid[k], grid[k + 1], xtol=1e-13)


def segmentation_first_integer(alpha: float, *, off_path: str = "paper") -> int:
    """Prop 8: the first integer N above N-bar(alpha), from which group pricing wins."""
    return math.floor(segmentation_threshold(alpha, off_path=off_path)) + 1


def marginal_profits(*, n: float, alpha: float, off_path: str = "paper") -> tuple[float, float]:
    """Prop 9 / Fig. 7: (dR_u/dN, dR_g/dN) at continuous N (central difference)."""
    where = "marginal_profits"
    check_interval(n, "n", where, 1, math.inf, "left")
    _check_off_path(off_path, where)
    h = 1e-4 * n

    def slope(f):
        return (f(n + h) - f(n - h)) / (2 * h)

    return (slope(lambda x: uniform_price_profit(n=x, alpha=alpha, sigma_w2=1.0, off_path=off_path)),
            slope(lambda x: group_price_profit(n=x, alpha=alpha)))


# ---------------------------------------------------------------- quality (§3.5, Prop 10)
QUALITY_THRESHOLD = (math.sqrt(5.0) - 1) / 2   # gamma* = sqrt((3 - sqrt5)/2)


def _check_gamma(gamma: float, where: str) -> float:
    return check_interval(gamma, "gamma", where, 0, math.sqrt(2), "left",
                          why="the quality choice needs 2 - gamma**2 > 0 (§3.5)")


def quality_payoff_changes(*, v: float, gamma: float) -> tuple[float, float, float]:
    """Prop 10 proof: (dPi_i, dU_i, dW_i) for producer information with var E[w_i|S] = v."""
    g2 = _check_gamma(gamma, "quality_payoff_changes") ** 2
    v = check_nonnegative(v, "v", "quality_payoff_changes")
    scale = 2 * (2 - g2) ** 2
    return v / (2 * (2 - g2)), -(3 - g2) * (1 - g2) * v / scale, (-1 + 3 * g2 - g2 * g2) * v / scale


def _inflow_variances(market: MarketPrimitives, inflow: str) -> tuple[float, float]:
    check_choice(inflow, "inflow", None, ("aggregate", "individual"))
    on = v_aggregate(market) if inflow == "aggregate" else v_all(market)
    return on, v_others(market)


def _check_informed(market: MarketPrimitives, where: str) -> None:
    if market.sigma_e2 != 0:
        raise ValueError(f"The 'market.sigma_e2' parameter of {where} must be 0 (consumers "
                         f"know w_i in §3.5). Got {market.sigma_e2!r} instead.")


def quality_profit(market: MarketPrimitives, *, gamma: float, inflow: str) -> float:
    """R = N (k_W V_on - k_U V_off) for ``inflow`` "aggregate" or "individual" (§3.5)."""
    _check_informed(market, "quality_profit")
    v_on, v_off = _inflow_variances(market, inflow)
    return market.n * (quality_payoff_changes(v=v_on, gamma=gamma)[2]
                       - quality_payoff_changes(v=v_off, gamma=gamma)[1])


def quality_optimal_inflow(market: MarketPrimitives, *, gamma: float) -> str:
    """Prop 10: "aggregate" iff information lowers total surplus (gamma < gamma*)."""
    return max(("aggregate", "individual"), key=lambda k: quality_profit(market, gamma=gamma, inflow=k))


# ---------------------------------------------------------------- recommender (§3.5, Prop 11)
def recommender_payoff_changes(*, v: float, x: float, mean: float,
                               sigma_t2: float) -> tuple[float, float, float]:
    """Prop 11 proof: (dU_i, dPi_i, dW_i) with v = var E[w_i|S], x = var E[t_i|S]."""
    spread = x * x - 2 * x * sigma_t2
    return (-3 * v / 8 + mean * x / 4 + 9 * spread / 8,
            v / 4 + mean * x / 2 + spread / 4,
            -v / 8 + 3 * mean * x / 4 + 11 * spread / 8)


def recommender_profit(*, n: int, mean: float, alpha_w: float, alpha_t: float,
                       w_inflow: str, t_inflow: str, sigma_w2: float = 1.0,
                       sigma_t2: float = 1.0) -> float:
    """R = N (dW_i(on) - dU_i(off)) for the inflow of w and of t (§3.5)."""
    where = "recommender_profit"
    check_nonnegative(mean, "mean", where)
    taste = MarketPrimitives(n=n, alpha=alpha_w, beta=0.0, sigma_w2=sigma_w2, sigma_e2=0.0)
    location = MarketPrimitives(n=n, alpha=alpha_t, beta=0.0, sigma_w2=sigma_t2, sigma_e2=0.0)
    v_on, v_off = _inflow_variances(taste, w_inflow)
    x_on, x_off = _inflow_variances(location, t_inflow)
    return n * (recommender_payoff_changes(v=v_on, x=x_on, mean=mean, sigma_t2=sigma_t2)[2]
                - recommender_payoff_changes(v=v_off, x=x_off, mean=mean, sigma_t2=sigma_t2)[0])


def recommender_optimal_inflow(*, n: int, mean: float, alpha_w: float, alpha_t: float,
                               sigma_w2: float = 1.0, sigma_t2: float = 1.0) -> tuple[str, str]:
    """Prop 11: the profit-maximising (w inflow, t inflow); needs mean > (11/3) sigma_t2."""
    if mean <= 11 / 3 * sigma_t2:
        raise ValueError("The 'mean' parameter of recommender_optimal_inflow must exceed "
                         f"(11/3)*sigma_t2 = {11 / 3 * sigma_t2:g} (flag F22). "
                         f"Got {mean!r} instead.")
    options = [(a, b) for a in ("aggregate", "individual") for b in ("aggregate", "individual")]
    return max(options, key=lambda o: recommender_profit(
        n=n, mean=mean, alpha_w=alpha_w, alpha_t=alpha_t, w_inflow=o[0], t_inflow=o[1],
        sigma_w2=sigma_w2, sigma_t2=sigma_t2))
