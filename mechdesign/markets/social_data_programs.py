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

    maximize (K1/k) (1 - p inv_pos(p + k u)) - K2 u   subject to  0 <= u <= u_max

(linear when I = 0); then ``D = (1/u - I)/N - T`` and ``sigma_xi2* = D - sigma_eps2``.

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

from .social_data_engine import posterior_mean_covariance, producer_information
from .social_data_model import DataPolicy, PolicyValue, SocialDataMarket, evaluate_policy

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
    """Optimal value of a convex program, with the solver's status and the cvxpy problem."""

    status: str
    value: float | None
    solver: str
    seconds: float
    message: str
    problem: cp.Problem

    @property
    def success(self) -> bool:
        return self.status == "optimal"


_TOL = 1e-7    # largest PSD or bound violation (in scaled units) accepted as "optimal"


def _min_eigenvalue(matrix: np.ndarray) -> float:
    return float(np.linalg.eigvalsh((matrix + matrix.T) / 2)[0])


def _solved(problem: cp.Problem, scale: float, violation) -> ProgramResult:
    """Solve, then re-check the returned point (scipy's ``_check_result`` idea).

    ``violation()`` measures the worst constraint breach of the solver's point; above
    ``_TOL`` an "optimal" status is downgraded to "optimal_inaccurate" and says why.
    """
    outcome = solve_problem(problem)
    ok = outcome.status in ("optimal", "optimal_inaccurate") and problem.value is not None
    status, message = outcome.status, outcome.message
    if ok and status == "optimal" and (breach := violation()) > _TOL:
        status = "optimal_inaccurate"
        message += (f"; the solver reported optimal, but a constraint is violated by "
                    f"{breach:.2g} (tolerance {_TOL:g})")
    value = float(problem.value) * scale if ok else None
    return ProgramResult(status, value, outcome.solver, outcome.seconds, message, problem)


def posterior_variance_sdp(cov: np.ndarray, c: np.ndarray) -> ProgramResult:
    """P0: var E[w | y] = min t s.t. [[cov, c], [c', t]] >> 0 (Schur complement)."""
    cov = check_psd(cov, "cov", "posterior_variance_sdp")
    c = np.asarray(c, dtype=float)
    k = cov.shape[0]
    scale = max(float(np.max(np.diag(cov))), 1e-300)
    block = cp.Variable((k + 1, k + 1), symmetric=True)
    constraints = [block >> 0, block[:k, :k] == cov / scale, block[:k, k] == c / scale]
    constraints[0].set_label("schur")
    return _solved(cp.Problem(cp.Minimize(block[k, k]), constraints), scale,
                   lambda: -_min_eigenvalue(block.value))


def market_posterior_variance_sdp(market: SocialDataMarket,
                                  policy: DataPolicy = DataPolicy()) -> ProgramResult:
    """P0 for the producer's on-path data under ``policy`` (e.g. V_all for complete sharing)."""
    return posterior_variance_sdp(*producer_information(market, policy))


def outflow_garbling_sdp(market: SocialDataMarket,
                         policy: DataPolicy = DataPolicy()) -> ProgramResult:
    """P2 (Prop 5): max trace(M)/4 over 0 << M << Cov(E[w|X]); optimum N V/4."""
    k = posterior_mean_covariance(market, policy)
    scale = max(float(np.max(np.diag(k))), 1e-300)
    m = cp.Variable(k.shape, symmetric=True)
    garbling = [m >> 0, k / scale - m >> 0]
    garbling[0].set_label("psd")
    garbling[1].set_label("garbling")
    return _solved(cp.Problem(cp.Maximize(cp.trace(m) / 4), garbling), scale,
                   lambda: -min(_min_eigenvalue(m.value), _min_eigenvalue(k / scale - m.value)))


@dataclass(frozen=True)
class NoiseProgramResult:
    """P6 solved in u = 1/(N(D + sigma_theta2) + I); noise recovered from u."""

    status: str
    profit: float | None
    added_common: float | None   # sigma_xi2*; inf when u* = 0 (no intermediation)
    u: float | None
    solver: str
    seconds: float
    message: str
    problem: cp.Problem

    @property
    def success(self) -> bool:
        return self.status == "optimal"


def noise_design_program(market: SocialDataMarket) -> NoiseProgramResult:
    """P6 in its concave (DCP) form (§2.3), solved with Clarabel."""
    n, common, idio = market.n, market.sigma_theta2, market.sigma_thetai2
    total_idio = idio + market.sigma_epsi2
    k1, k2 = 3 * n * (n - 1) * common ** 2 / 8, (n * common + idio) ** 2 / 8
    p, k = (n - 1) / n, total_idio / n
    u_max = 1 / (n * (market.sigma_eps2 + common) + total_idio)
    v = cp.Variable(nonneg=True)                    # u = u_max v, v in [0, 1]
    if k > 0:
        gain = (k1 / k) * (1 - p * cp.inv_pos(p + k * u_max * v))
    else:
        gain = k1 / p * u_max * v
    scale = k1 * u_max / p + k2 * u_max
    problem = cp.Problem(cp.Maximize((gain - k2 * u_max * v) / scale), [v <= 1])
    result = _solved(problem, scale, lambda: max(-float(v.value), float(v.value) - 1))
    if result.value is None:
        return NoiseProgramResult(result.status, None, None, None, result.solver,
                                  result.seconds, result.message, problem)
    u = float(v.value) * u_max
    added = math.inf if u <= 1e-12 * u_max else max(
        0.0, (1 / u - total_idio) / n - common - market.sigma_eps2)
    return NoiseProgramResult(result.status, result.value, added, u, result.solver,
                              result.seconds, result.message, problem)


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


def _score(market: SocialDataMarket, aggregate: bool, point, objective: str,
           break_even: bool) -> tuple[float, PolicyValue]:
    policy = DataPolicy(aggregate, _noise(point[0], market.sigma_w2),
                        _noise(point[1], market.sigma_w2))
    value = evaluate_policy(market, policy)
    if break_even and value.profit < 0:
        return _INFEASIBLE + value.profit, value
    return getattr(value, _FIELD[objective]), value


def _best_for_inflow(market: SocialDataMarket, aggregate: bool, objective: str,
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


def optimise_policy(market: SocialDataMarket, objective: str = "profit",
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


def compare_objectives(market: SocialDataMarket, break_even: bool = True,
                       grid: int = 15) -> dict[str, PolicyChoice]:
    """The policy chosen for each objective (profit, total surplus, consumer surplus), side by side."""
    return {name: optimise_policy(market, name, break_even, grid) for name in OBJECTIVES}
