"""Exact Gaussian engine for social data intermediation (reference social-data.md §1, §3.0).

Definitions
-----------
Every random variable of the model is linear in the vector of independent latent shocks
``z = (theta, theta_1..theta_N, eps, eps_1..eps_N, xi, xi_1..xi_N)`` with diagonal
covariance ``D``. An information set is a matrix ``L`` (one observed linear combination
per row); for a target ``a.z`` the conditional mean is ``E[a.z | L z] = g.z`` with

.. math::  g = L^T \\Sigma_y^{-1} c, \\qquad \\Sigma_y = L D L^T,\\; c = L D a,

and the posterior-mean variance is ``V = c^T Sigma_y^{-1} c = g^T D g`` (P0). Information
sets that are leading blocks of a larger one share its Cholesky factor: for identified
records the producer's data off path (x_{-i}) and on path (x) and the consumer's data
(x, s_i) nest, so one factorization of the (N+1) x (N+1) covariance serves all three. An
eigen-decomposition replaces the Cholesky factor when a covariance is singular (e.g.
identical signals at alpha = beta = 1).

Product market (§1.6) from the primitives, without the payoff formulas (43)-(44): the
producer prices at ``p_i = (c + E[w_i|T])/2`` (18) and the consumer buys
``q_i = E[w_i|O_i] - p_i`` (17); expected utility ``E[(w_i - p_i) q_i - q_i**2/2]`` and
profit ``E[(p_i - c) q_i]`` are computed from the joint Gaussian moments of
``(w_i, E[w_i|O_i], E[w_i|T])`` with means ``mu`` and cost ``c``.

Data market (§1.4, §1.7): the fees are the binding participation constraints,
``m_0 = N (Pi_i(on) - Pi_i(none))`` and ``m_i = U_i(off) - U_i(on)``, where "none" is the
producer's outside option (no information to anyone, consumers keep s_i) and "off" is
consumer i alone rejecting. By symmetry consumer i = 1 (index 0) stands for everyone.
The closed forms of :mod:`.closed_forms` are an independent route to every number.

Beware
------
With the "producer" outflow the consumers see the database only through their own price,
which reveals ``E[w_i | T]`` (Lemma 4), so that is what they condition on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla

from .primitives import DataPolicy, MarketPrimitives

__all__ = [
    "MarketOutcome",
    "ExactEvaluation",
    "conditional_mean_loading",
    "conditional_mean_loadings",
    "product_market_outcome",
    "posterior_mean_covariance",
    "producer_information",
    "evaluate_exact",
]

_RCOND = 1e-12


def _cholesky(cov: np.ndarray) -> np.ndarray | None:
    """Lower Cholesky factor, or None when ``cov`` is singular to working precision."""
    try:
        factor = sla.cholesky(cov, lower=True, check_finite=False)
    except np.linalg.LinAlgError:
        return None
    diag = np.abs(np.diag(factor))
    return factor if diag.min() ** 2 > _RCOND * diag.max() ** 2 else None


def _solve_psd(cov: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Solve ``cov @ x = rhs`` for a PSD ``cov``: Cholesky, or a pseudo-inverse if singular."""
    factor = _cholesky(cov)
    if factor is not None:
        return sla.cho_solve((factor, True), rhs, check_finite=False)
    values, vectors = np.linalg.eigh(cov)
    keep = values > _RCOND * max(values.max(), 0.0)
    inner = vectors[:, keep].T @ rhs
    return vectors[:, keep] @ (inner / (values[keep, None] if rhs.ndim == 2 else values[keep]))


def conditional_mean_loading(info: np.ndarray, target: np.ndarray,
                             variances: np.ndarray) -> np.ndarray:
    """Shock loading ``g`` of ``E[target.z | info z]`` (centred); zero for empty ``info``."""
    if info.shape[0] == 0:
        return np.zeros_like(target, dtype=float)
    scaled = info * variances
    return info.T @ _solve_psd(scaled @ info.T, scaled @ target)


def _nested_loadings(rows: np.ndarray, target: np.ndarray, variances: np.ndarray,
                     sizes: list[int]) -> list[np.ndarray]:
    """Loadings of E[target | first k rows] for each k, from one factorization of all rows.

    With ``Sigma = L L'`` and ``z = L^{-1} c``, the leading k x k block of L factors the
    leading block of Sigma, so ``beta_k = L_kk^{-T} z[:k]`` costs one triangular solve.
    """
    scaled = rows * variances
    factor = _cholesky(scaled @ rows.T) if rows.shape[0] else None
    if factor is None:
        return [conditional_mean_loading(rows[:k], target, variances) for k in sizes]
    z = sla.solve_triangular(factor, scaled @ target, lower=True, check_finite=False)
    return [rows[:k].T @ sla.solve_triangular(factor[:k, :k].T, z[:k], lower=False,
                                              check_finite=False) for k in sizes]


def conditional_mean_loadings(sets: dict[str, np.ndarray], target: np.ndarray,
                              variances: np.ndarray) -> tuple[dict[str, np.ndarray], int]:
    """Loadings for several information sets and the number of factorizations used.

    A set whose rows are the leading rows of a larger set shares that set's factorization.
    """
    roots: list[tuple[np.ndarray, list[str]]] = []
    for name, rows in sorted(sets.items(), key=lambda item: -item[1].shape[0]):
        home = next((names for big, names in roots if rows.shape[0] <= big.shape[0]
                     and np.array_equal(rows, big[:rows.shape[0]])), None)
        if home is None:
            roots.append((rows, [name]))
        else:
            home.append(name)
    loadings = {}
    for rows, names in roots:
        sizes = [sets[name].shape[0] for name in names]
        loadings.update(zip(names, _nested_loadings(rows, target, variances, sizes)))
    return loadings, sum(1 for rows, _ in roots if rows.shape[0])


@dataclass(frozen=True)
class MarketOutcome:
    """Product-market equilibrium for one consumer under one information structure (§1.6)."""

    v_producer: float      # var E[w_i | T]
    v_consumer: float      # var E[w_i | O_i]
    price_mean: float
    price_var: float
    quantity_mean: float
    quantity_var: float
    consumer_payoff: float  # E[u_i]
    producer_payoff: float  # E[(p_i - c) q_i], per consumer

    @property
    def welfare(self) -> float:
        return self.consumer_payoff + self.producer_payoff


def _expect_product(f: tuple[float, np.ndarray], g: tuple[float, np.ndarray],
                    cov: np.ndarray) -> float:
    """E[f g] for affine functions f = f0 + fv.X of a centred Gaussian X with ``cov``."""
    return float(f[0] * g[0] + f[1] @ cov @ g[1])


def product_market_outcome(target: np.ndarray, consumer_loading: np.ndarray,
                           producer_loading: np.ndarray, variances: np.ndarray,
                           mean: float, cost: float) -> MarketOutcome:
    """Prices (18), quantities (17) and expected payoffs from the shock model.

    ``consumer_loading`` and ``producer_loading`` are the shock loadings of E[w_i | O_i]
    and E[w_i | T] (see :func:`conditional_mean_loading`).
    """
    loads = np.vstack([target, consumer_loading, producer_loading])
    cov = (loads * variances) @ loads.T          # of (w_i, E[w_i|O_i], E[w_i|T]), centred
    w = (mean, np.array([1.0, 0.0, 0.0]))
    price = ((mean + cost) / 2, np.array([0.0, 0.0, 0.5]))
    quantity = ((mean - cost) / 2, np.array([0.0, 1.0, -0.5]))
    surplus = (w[0] - price[0], w[1] - price[1])
    margin = (price[0] - cost, price[1])
    return MarketOutcome(
        float(cov[2, 2]), float(cov[1, 1]), price[0], float(cov[2, 2]) / 4, quantity[0],
        _expect_product(quantity, quantity, cov) - quantity[0] ** 2,
        _expect_product(surplus, quantity, cov) - _expect_product(quantity, quantity, cov) / 2,
        _expect_product(margin, quantity, cov))


# ---------------------------------------------------------------- the social data layout
def _layout(market: MarketPrimitives,
            policy: DataPolicy) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Shock variances and the loadings of w_j, s_j, x_j (rows j = 0..N-1).

    z = (theta, theta_1..N, eps, eps_1..N, xi, xi_1..N); shocks with zero variance are
    dropped, so that a record without added noise is literally the same row as s_j.
    """
    n = market.n
    blocks = [(market.sigma_theta2, market.sigma_thetai2), (market.sigma_eps2, market.sigma_epsi2),
              (policy.added_common, policy.added_idio)]
    d = np.concatenate([[c] + [i] * n for c, i in blocks]).astype(float)
    eye, ones = np.eye(n), np.ones((n, 1))
    w = np.hstack([ones, eye, np.zeros((n, 2 * n + 2))])
    s = w + np.hstack([np.zeros((n, n + 1)), ones, eye, np.zeros((n, n + 1))])
    x = s + np.hstack([np.zeros((n, 2 * n + 2)), ones, eye])
    active = d > 0
    return d[active], {"w": w[:, active], "s": s[:, active], "x": x[:, active]}


def _union(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Rows of ``first`` followed by the rows of ``second`` not already present."""
    rows = first
    for row in second:
        if not np.any(np.all(rows == row, axis=1)):
            rows = np.vstack([rows, row])
    return rows


def _information_sets(market: MarketPrimitives, policy: DataPolicy) -> dict[str, np.ndarray]:
    """Shock variances ``d``, target w_0, producer's data on and off path, consumer 0's own data.

    Rows are ordered so that the sets nest as leading blocks where the model allows:
    the others' records first, then x_0, then s_0.
    """
    d, rows = _layout(market, policy)
    x = np.vstack([rows["x"][1:], rows["x"][:1]])            # x_1 .. x_{N-1}, x_0
    others = x[:-1]
    if policy.aggregate:
        on, off = x.mean(axis=0, keepdims=True), others.mean(axis=0, keepdims=True)
    else:
        on, off = x, others
    signal = rows["s"][:1]
    own_on = _union(x[-1:], signal)
    own_off = own_on if policy.deviator_keeps_record else signal
    return {"d": d, "w": rows["w"], "target": rows["w"][0], "on": on, "off": off,
            "own_on": own_on, "own_off": own_off, "signal": signal}


def producer_information(market: MarketPrimitives,
                         policy: DataPolicy = DataPolicy()) -> tuple[np.ndarray, np.ndarray]:
    """(Sigma_y, c): covariance of the producer's on-path data and its covariance with w_1 (P0).

    Records in natural order (x_1, ..., x_N), or the single aggregate record xbar.
    """
    sets = _information_sets(market, policy)
    on = np.roll(sets["on"], 1, axis=0)          # (x_2..x_N, x_1) back to (x_1..x_N)
    scaled = on * sets["d"]
    return scaled @ on.T, scaled @ sets["target"]


def posterior_mean_covariance(market: MarketPrimitives,
                              policy: DataPolicy = DataPolicy()) -> np.ndarray:
    """Cov(E[w | X]) (N x N) for the collected records X, with one factorization (P2)."""
    sets = _information_sets(market, policy)
    d, on = sets["d"], sets["on"]
    scaled = on * d
    loads = (on.T @ _solve_psd(scaled @ on.T, scaled @ sets["w"].T)).T
    return (loads * d) @ loads.T


def _scenario_loadings(sets: dict[str, np.ndarray], d: np.ndarray,
                       outflow: str) -> tuple[dict[str, np.ndarray], int]:
    """Loadings of E[w_0 | .] for the producer and consumer 0 in every scenario."""
    target = sets["target"]
    producer = {"T_on": sets["on"], "T_off": sets["off"], "T_none": sets["signal"][:0]}
    if outflow == "complete":                     # consumers see the database (Prop 5)
        views = {"O_on": _union(sets["on"], sets["own_on"]),
                 "O_off": _union(sets["off"], sets["own_off"]), "O_none": sets["signal"]}
        return conditional_mean_loadings({**producer, **views}, target, d)
    loads, count = conditional_mean_loadings(producer, target, d)
    views = {"O_on": np.vstack([sets["own_on"], loads["T_on"]]),      # the price reveals
             "O_off": np.vstack([sets["own_off"], loads["T_off"]]),   # E[w_0 | T] (Lemma 4)
             "O_none": sets["signal"]}
    more, extra = conditional_mean_loadings(views, target, d)
    return {**loads, **more}, count + extra


@dataclass(frozen=True)
class ExactEvaluation:
    """A policy evaluated by the exact engine; fees from binding participation (13), (15)."""

    market: MarketPrimitives
    policy: DataPolicy
    on: MarketOutcome            # everyone participates
    off: MarketOutcome           # consumer i alone rejects
    none: MarketOutcome          # producer rejects: no information flows
    producer_fee: float          # m_0 (total)
    compensation_per_consumer: float  # m_i
    profit: float                # R = m_0 - N m_i
    total_surplus_gain: float    # N (W_i(on) - W_i(none))
    consumer_surplus_gain: float  # N (U_i(off) - U_i(none)): consumers' gain, fees included
    factorizations: int          # PSD factorizations used (nested sets share one)


def evaluate_exact(market: MarketPrimitives, policy: DataPolicy = DataPolicy()) -> ExactEvaluation:
    """Evaluate ``policy`` from the primitives: posterior means, prices, payoffs, fees.

    For identified records under complete outflow and convention A the information sets
    nest (x_{-i} within x within (x, s_i)), so one Cholesky factorization of the
    (N+1) x (N+1) covariance serves the producer and the consumer on and off path.
    """
    sets = _information_sets(market, policy)
    d = sets["d"]
    loads, count = _scenario_loadings(sets, d, policy.outflow)

    def outcome(case: str) -> MarketOutcome:
        return product_market_outcome(sets["target"], loads[f"O_{case}"], loads[f"T_{case}"],
                                      d, market.mean, market.cost)

    on, off, none = outcome("on"), outcome("off"), outcome("none")
    n = market.n
    fee = n * (on.producer_payoff - none.producer_payoff)
    compensation = off.consumer_payoff - on.consumer_payoff
    return ExactEvaluation(market, policy, on, off, none, fee, compensation,
                           fee - n * compensation, n * (on.welfare - none.welfare),
                           n * (off.consumer_payoff - none.consumer_payoff), count)
