"""Social data: the convex programs and policies chosen for other objectives (§2).

Programs (reference social-data.md §2.1-§2.3)
---------------------------------------------
**P0, posterior variance as a Schur-complement SDP.** For data y with covariance
``Sigma_y`` and ``c = Cov(y, w_i)``::

    minimize t  subject to  [[Sigma_y, c], [c', t]] >> 0          # value c' Sigma_y^-1 c

**P2, outflow garbling.** With ``K = Cov(E[w | X])`` (N x N) for the collected data X::

    maximize trace(M)/4  subject to  M >> 0,  K - M >> 0          # value N V/4 at M = K

**P6, noise design, concave form.** With no idiosyncratic noise (Thm 3) and total common
noise D, ``R = K1/d1 - K2/d2`` with ``K1 = 3N(N-1) T**2/8``, ``K2 = (N T + s)**2/8``,
``d2 = N(D + T) + I``, ``d1 = p d2 + k``, ``p = (N-1)/N``, ``k = I/N``. With
``u = 1/d2`` the profit ``K1 u/(p + k u) - K2 u`` is concave on ``0 <= u <= u_max``::

    maximize K1 u/p - K2 u - (K1 k/p) quad_over_lin(u, p + k u)   s.t.  0 <= u <= u_max

(linear when I = 0); then ``D = (1/u - I)/N - T`` and ``sigma_xi2* = D - sigma_eps2``.

Every program result carries a certified bound and is "optimal" only when the bound and
the verified point agree to 1e-6 (``mechdesign.markets._certificate``).

Other objectives
----------------
``optimise_policy`` searches aggregate and identified inflow with added common and
idiosyncratic noise for the intermediary's profit, the total surplus gain or the
consumers' gain (fees included; §1.7 binding constraints), optionally subject to the
intermediary breaking even; "no intermediation" (value 0) is always available. This is a
numeric search on the closed-form values (a grid, then a Nelder-Mead polish), not a
convex program; for profit it is an independent check of Thm 3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cvxpy as cp
import numpy as np
from scipy.optimize import minimize

from mechdesign._solve import solve_problem
from mechdesign._validation import check_choice, check_psd
from mechdesign.markets._certificate import min_eigenvalue, verdict

from .engine import posterior_mean_covariance, producer_information
from .closed_forms import PolicyValue, evaluate_policy
from .primitives import DataPolicy, MarketPrimitives

__all__ = [
    "ProgramResult",
    "posterior_variance_sdp",
    "market_posterior_variance_sdp",
    "outflow_garbling_sdp",
    "NoiseProgramResult",
    "noise_design_program",
    "OBJECTIVES",
    "PolicyChoice",
    "optimise_policy",
    "compare_objectives",
]


@dataclass(frozen=True)
class ProgramResult:
    """A convex program's value, certified bound and status (see ``mechdesign.markets._certificate``).

    ``value`` is the objective at the verified point (``None`` unless solved); ``bound``
    the certified bound (upper for a maximum, lower for a minimum) and ``gap`` the relative
    distance between them (``nan`` without a certificate).
    """

    status: str
    value: float | None
    bound: float
    gap: float
    solver: str
    seconds: float
    message: str
    problem: cp.Problem

    @property
    def success(self) -> bool:
        return self.status == "optimal"


def _solved(problem: cp.Problem, certify, sense: str, scale: float = 1.0) -> ProgramResult:
    """Solve, then certify: ``certify()`` returns (value, bound, residual) in scaled units."""
    outcome = solve_problem(problem)
    solved = outcome.status in ("optimal", "optimal_inaccurate") and problem.value is not None
    value, bound, residual = certify() if solved else (math.nan, math.nan, math.inf)
    judged = verdict(problem, outcome, value=value, bound=bound, residual=residual, sense=sense)
    return ProgramResult(judged.status, value * scale if solved else None, judged.bound * scale,
                         judged.gap, outcome.solver, outcome.seconds, judged.message, problem)


def _schur_bound(weight: np.ndarray | None, cov: np.ndarray, c: np.ndarray) -> float:
    """Lower bound ``2 c'y - y' cov y <= c' cov^+ c`` at ``y = -W[:k, k]/W[k, k]`` (dual W)."""
    k = cov.shape[0]
    if weight is None or not weight[k, k] > 0:
        return math.nan
    y = -weight[:k, k] / weight[k, k]
    return float(2 * c @ y - y @ cov @ y)


def posterior_variance_sdp(cov: np.ndarray, c: np.ndarray) -> ProgramResult:
    """P0: var E[w | y] = min t s.t. [[cov, c], [c', t]] >> 0 (Schur complement).

    Certificate: for every y, ``t >= c' cov^-1 c >= 2 c'y - y' cov y``; y is read off the
    solver's dual matrix of the LMI. The verified point is the solver's t with the data
    blocks restored exactly.
    """
    cov = check_psd(cov, "cov", "posterior_variance_sdp")
    c = np.asarray(c, dtype=float)
    k = cov.shape[0]
    scale = max(float(np.max(np.diag(cov))), 1e-300)
    block = cp.Variable((k + 1, k + 1), symmetric=True)
    constraints = [block >> 0, block[:k, :k] == cov / scale, block[:k, k] == c / scale]
    constraints[0].set_label("schur")

    def certify() -> tuple[float, float, float]:
        point = np.block([[cov / scale, c[:, None] / scale],
                          [c[None, :] / scale, np.array([[block.value[k, k]]])]])
        return (float(block.value[k, k]), _schur_bound(constraints[0].dual_value, cov / scale,
                                                       c / scale),
                max(0.0, -min_eigenvalue(point)))

    return _solved(cp.Problem(cp.Minimize(block[k, k]), constraints), certify, "min", scale)


def market_posterior_variance_sdp(market: MarketPrimitives,
                                  policy: DataPolicy = DataPolicy()) -> ProgramResult:
    """P0 for the producer's on-path data under ``policy`` (e.g. V_all for complete sharing)."""
    return posterior_variance_sdp(*producer_information(market, policy))


def outflow_garbling_sdp(market: MarketPrimitives,
                         policy: DataPolicy = DataPolicy()) -> ProgramResult:
    """P2 (Prop 5): max trace(M)/4 over 0 << M << Cov(E[w|X]); optimum N V/4.

    Certificate: ``K - M >> 0`` gives ``trace(M) <= trace(K)`` for every feasible M.
    """
    k = posterior_mean_covariance(market, policy)
    scale = max(float(np.max(np.diag(k))), 1e-300)
    m = cp.Variable(k.shape, symmetric=True)
    garbling = [m >> 0, k / scale - m >> 0]
    garbling[0].set_label("psd")
    garbling[1].set_label("garbling")

    def certify() -> tuple[float, float, float]:
        point = (m.value + m.value.T) / 2
        residual = max(0.0, -min_eigenvalue(point), -min_eigenvalue(k / scale - point))
        return float(np.trace(point)) / 4, float(np.trace(k)) / scale / 4, residual

    return _solved(cp.Problem(cp.Maximize(cp.trace(m) / 4), garbling), certify, "max", scale)


@dataclass(frozen=True)
class NoiseProgramResult:
    """P6 solved in v = u/u_max in [0, 1]; noise recovered from u = 1/(N(D + T) + I)."""

    status: str
    profit: float | None
    bound: float                 # certified upper bound on the optimal profit
    gap: float                   # relative gap between profit and bound
    added_common: float | None   # sigma_xi2*; inf when u* = 0 (no intermediation)
    u: float | None
    solver: str
    seconds: float
    message: str
    problem: cp.Problem

    @property
    def success(self) -> bool:
        return self.status == "optimal"


def noise_design_program(market: MarketPrimitives) -> NoiseProgramResult:
    """P6 in a well-scaled concave (DCP) form (§2.3), solved with Clarabel and certified.

    With ``v = u/u_max in [0, 1]``, ``a = K1 u_max``, ``b = k u_max`` and ``c = K2 u_max``
    the profit is ``f(v) = a v/(p + b v) - c v``, written without cancellation as::

        f(v) = (a/p - c) v - (a b/p) quad_over_lin(v, p + b v)

    (the second term is the whole curvature; the form ``(a/b)(1 - p/(p + b v))`` loses
    ``b``'s digits when ``I/N`` is small). The objective is divided by the larger of its
    two coefficients. Certificate (concave f on the box): ``f(v) + max_{y in [0,1]}
    f'(v)(y - v)`` with ``f'(v) = a p/(p + b v)**2 - c``, evaluated at the solver's v
    clipped into [0, 1] and polished by Newton steps (the bound is first order in the
    distance to the optimum, the value second order); the corners 0 and 1 are candidates
    too, and the best value and the smallest bound are reported.
    """
    n, common, idio = market.n, market.sigma_theta2, market.sigma_thetai2
    total_idio = idio + market.sigma_epsi2
    k1, k2 = 3 * n * (n - 1) * common ** 2 / 8, (n * common + idio) ** 2 / 8
    p, k = (n - 1) / n, total_idio / n
    u_max = 1 / (n * (market.sigma_eps2 + common) + total_idio)
    a, b, c = k1 * u_max, k * u_max, k2 * u_max
    slope, curvature = a / p - c, a * b / p
    scale = max(abs(slope), curvature, 1e-300)
    v = cp.Variable(nonneg=True)
    objective = (slope / scale) * v
    if curvature > 0:
        objective -= (curvature / scale) * cp.quad_over_lin(v, p + b * v)
    problem = cp.Problem(cp.Maximize(objective), [v <= 1])

    def profit(x: float) -> float:
        return a * x / (p + b * x) - c * x

    def gradient(x: float) -> float:
        return a * p / (p + b * x) ** 2 - c

    def bound_at(x: float) -> float:
        return profit(x) + max(gradient(x) * (0.0 - x), gradient(x) * (1.0 - x))

    def certify() -> tuple[float, float, float]:
        polished = _polish(min(max(float(v.value), 0.0), 1.0), gradient,
                           lambda y: -2 * a * p * b / (p + b * y) ** 3)
        candidates = (polished, 0.0, 1.0)          # every candidate is feasible
        x = max(candidates, key=profit)
        v.value = np.array(x)
        return profit(x) / scale, min(map(bound_at, candidates)) / scale, 0.0

    result = _solved(problem, certify, "max", scale)
    if result.value is None:
        return NoiseProgramResult(result.status, None, result.bound, result.gap, None, None,
                                  result.solver, result.seconds, result.message, problem)
    u = min(max(float(v.value), 0.0), 1.0) * u_max
    added = math.inf if u <= 1e-12 * u_max else max(
        0.0, (1 / u - total_idio) / n - common - market.sigma_eps2)
    return NoiseProgramResult(result.status, result.value, result.bound, result.gap, added, u,
                              result.solver, result.seconds, result.message, problem)


def _polish(x: float, gradient, hessian, steps: int = 4) -> float:
    """Newton steps for a concave scalar function on [0, 1], kept inside the box."""
    for _ in range(steps):
        curvature = hessian(x)
        if curvature >= 0 or not math.isfinite(curvature):
            break
        x = min(max(x - gradient(x) / curvature, 0.0), 1.0)
    return x


# ---------------------------------------------------------------- alternative objectives
OBJECTIVES = ("profit", "total_surplus", "consumer_surplus")
_INFEASIBLE = -1e6   # score of a policy that loses money when it must break even
_FIELD = {"profit": "profit", "total_surplus": "total_surplus_gain",
          "consumer_surplus": "consumer_surplus_gain"}


@dataclass(frozen=True)
class PolicyChoice:
    """The policy chosen for one objective; ``policy is None`` means no intermediation."""

    objective: str
    policy: DataPolicy | None
    objective_value: float
    profit: float
    total_surplus_gain: float
    consumer_surplus_gain: float


def _noise(v: float, sigma_w2: float) -> float:
    """Map v in [0, 1) to a noise variance in [0, inf)."""
    v = min(max(v, 0.0), 1 - 1e-12)
    return sigma_w2 * v / (1 - v)


def _score(market: MarketPrimitives, aggregate: bool, point, objective: str,
           break_even: bool) -> tuple[float, PolicyValue]:
    policy = DataPolicy(aggregate=aggregate, added_common=_noise(point[0], market.sigma_w2),
                        added_idio=_noise(point[1], market.sigma_w2))
    value = evaluate_policy(market, policy)
    if break_even and value.profit < 0:
        return _INFEASIBLE + value.profit, value
    return getattr(value, _FIELD[objective]), value


def _best_for_inflow(market: MarketPrimitives, aggregate: bool, objective: str,
                     break_even: bool, grid: int) -> tuple[float, PolicyValue]:
    axis = np.concatenate([[0.0], np.geomspace(1e-4, 0.999, grid - 1)])
    candidates = [(_score(market, aggregate, (a, b), objective, break_even)[0], (a, b))
                  for a in axis for b in axis]
    best, start = max(candidates, key=lambda item: item[0])
    polish = minimize(lambda x: -_score(market, aggregate, x, objective, break_even)[0],
                      np.array(start), method="Nelder-Mead",
                      options={"xatol": 1e-10, "fatol": 1e-15, "maxiter": 600})
    point = polish.x if -polish.fun > best else start
    return _score(market, aggregate, point, objective, break_even)


def optimise_policy(market: MarketPrimitives, *, objective: str = "profit",
                    break_even: bool = True, grid: int = 15) -> PolicyChoice:
    """Best policy for ``objective`` in {"profit", "total_surplus", "consumer_surplus"}.

    ``break_even`` requires R >= 0. The noise search runs up to about 1e12 sigma_w2; an
    optimum there is the supremum approached as the noise grows without bound (e.g. for
    total surplus under convention A, where each consumer can remove the common noise
    from her own record while the producer learns nothing).
    """
    check_choice(objective, "objective", "optimise_policy", OBJECTIVES)
    results = [_best_for_inflow(market, agg, objective, break_even, grid) for agg in (True, False)]
    score, value = max(results, key=lambda item: item[0])
    if score <= 0:
        return PolicyChoice(objective, None, 0.0, 0.0, 0.0, 0.0)
    return PolicyChoice(objective, value.policy, score, value.profit,
                        value.total_surplus_gain, value.consumer_surplus_gain)


def compare_objectives(market: MarketPrimitives, *, break_even: bool = True,
                       grid: int = 15) -> dict[str, PolicyChoice]:
    """The policy chosen for each objective (profit, total and consumer surplus), side by side."""
    return {name: optimise_policy(market, objective=name, break_even=break_even, grid=grid) for name in OBJECTIVES}
