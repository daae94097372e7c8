"""Closed-form optimal symmetric mechanisms of the data-monetization paper.

Definitions
-----------
Bonatti, Dahleh and Horel [1]_: n symmetric players, best response
a_i = E[theta + t_i + gamma sum_{j != i} a_j | info_i] in **normalised units**
(alpha = beta = 1, data-monetization §1.2). ``optimum(objective, ...)`` returns the
optimal symmetric Gaussian mechanism (12) for

================================  ==============================================  ==========
objective                         value (total over the n players)                reference
================================  ==============================================  ==========
``"welfare"``                     sum_i E u_i, eq. (20)                           Prop 7
``"revenue"``                     sum_i E p_i, eq. (23)                           Prop 9
``"consumer_surplus_cournot"``    E[q' M(1, -2 gamma) q / 2], eq. (29)            Prop 11
``"consumer_surplus_bertrand"``   E[CS] of (28) with theta_d = 2 theta, delta =   Prop 12
                                  2 gamma, **including** the constant
                                  n E theta_d^2 / (2(1 - 2(n-1) gamma))
``"delegation_revenue"``          sum_i E p_i without obedience, mean free        Prop 17
``"delegation_welfare"``          sum_i E u_i without obedience = first best (7)  App. E
================================  ==============================================  ==========

Under obedience the mean action is mu = (mu_theta + mu_t)/D (10); under delegation it is
chosen, with m0 = mu_theta + mu_t.

Incentive compatibility and participation (Props 4-5) are gamma x >= 0 (d >= sigma_t^2
for delegation). It is slack at the welfare (Cor 2), revenue (Prop 9), Cournot surplus
for gamma < 0 (Prop 11.2) and Bertrand surplus (Prop 12) optima. It binds for Cournot
surplus with gamma > 0 (Prop 11.3): x* = 0, y* = min{(1+2gamma)/(2n gamma), 1/D},
rho = -1/(n-1), randomized iff gamma > gamma_bar(n). With ``ic=False`` that objective
returns the obedience-only Prop 6 optimum (which violates IC), and delegation revenue
drops z >= 1.

Beware
------
``rho`` is the Prop 14 branch value (1 or -1/(n-1); for delegation the branch of the
sign of gamma) **even when noise_var == 0**, so that ``rho * noise_var`` is always 0 and
finite. ``value_constant`` is the mechanism-independent Bertrand constant (0 for the other
objectives); the reference table §5.1 quotes ``value - value_constant`` for Bertrand.

References
----------
.. [1] A. Bonatti, M. Dahleh, T. Horel, "Data Monetization through Strategic
   Coordination of Privately Informed Agents", arXiv 2302.12223 v2; reference file
   shared/reference/data-monetization.md §2.3, §3, §5.3.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from mechdesign._validation import _fail, check_finite, check_interval

from .ellipse import (
    SymmetricWeights,
    check_game,
    coordination_constants,
    first_best,
    mean_action,
    own_weight,
    symmetric_moments,
)
from .stationarity import (
    StationaryPoint,
    delegation_solution,
    linear_optimum,
    noise_correlation,
    objective_coefficients,
    revenue_optimum,
)
from .values import (
    bertrand_consumer_surplus,
    bertrand_surplus_constant,
    cournot_consumer_surplus,
    delegated_revenue_value,
    delegated_welfare_value,
    revenue_value,
    welfare_value,
)

__all__ = ["OBJECTIVES", "SymmetricOptimum", "objective_value", "optimum"]

OBJECTIVES = ("welfare", "revenue", "consumer_surplus_cournot", "consumer_surplus_bertrand",
              "delegation_revenue", "delegation_welfare")
_WHERE = "data_monetization.optimum"


@dataclass(frozen=True)
class SymmetricOptimum:
    """Optimal symmetric Gaussian mechanism (12) in normalised units.

    ``value`` is the total over the n players (module table); ``value_constant`` is the
    part of it that no mechanism affects (Bertrand only). ``regime`` is "interior"
    (randomized, lambda* = 0), "boundary" (deterministic, on the ellipse), "ic_binding"
    (Cournot gamma > 0: x* = 0, randomized iff noise_var > 0) or "unconstrained"
    (delegation: no obedience ellipse). ``lam`` is lambda* of Props 6/9, the multiplier
    of S(x, y) >= 0 for the objective k_s s + k_e e + k_c c, i.e. twice the per-player
    value (None where the optimum is not found on a stationarity curve).
    ``symmetric_moments(opt, n, state_var, type_var)`` gives its (s, d, e, v, c).
    """

    objective: str
    x: float
    y: float
    w_o: float
    rho: float
    noise_var: float
    mean_action: float
    lam: float | None
    value: float
    regime: str
    value_constant: float = 0.0

    @property
    def randomized(self) -> bool:
        return self.noise_var > 0

    @property
    def weights(self) -> SymmetricWeights:
        return SymmetricWeights(self.x, self.y, self.w_o, self.rho, self.noise_var)


def objective_value(objective: str, weights: SymmetricWeights, n: int, gamma: float,
                    state_var: float, type_var: float, state_mean: float, type_mean: float,
                    mu: float | None = None) -> float:
    """Total value of ``objective`` at a symmetric mechanism (module table, §2.3).

    ``mu`` is the mean action; it defaults to the obedient (10), and must be given for
    the delegation objectives when the mean differs from it.
    """
    m = symmetric_moments(weights, n, state_var, type_var)
    mu = mean_action(n, gamma, state_mean, type_mean) if mu is None else mu
    m0 = state_mean + type_mean
    values = {
        "welfare": lambda: welfare_value(m, mu, n),
        "revenue": lambda: revenue_value(m, mu, n, type_var),
        "consumer_surplus_cournot": lambda: cournot_consumer_surplus(m, mu, n, gamma),
        "consumer_surplus_bertrand": lambda: (
            bertrand_consumer_surplus(m, mu, n, gamma, state_mean)
            + bertrand_surplus_constant(n, gamma, state_mean, state_var)),
        "delegation_revenue": lambda: delegated_revenue_value(m, mu, n, gamma, type_var, m0),
        "delegation_welfare": lambda: delegated_welfare_value(m, mu, n, gamma, m0),
    }
    _check_objective(objective)
    return float(values[objective]())


def _check_objective(objective: str) -> None:
    if objective not in OBJECTIVES:
        _fail("objective", _WHERE, f"one of {OBJECTIVES}", objective)


def _from_point(objective: str, p: StationaryPoint, n: int, gamma: float,
                mu: float) -> SymmetricOptimum:
    return SymmetricOptimum(objective, p.x, p.y, float(own_weight(p.x, n, gamma)), p.rho,
                            p.noise_var, mu, p.lam, np.nan, p.regime)


def _cournot_ic_binding(n: int, gamma: float, state_var: float, mu: float) -> SymmetricOptimum:
    """Prop 11.3: x* = 0, y* = min{(1+2gamma)/(2n gamma), 1/D}, rho = -1/(n-1)."""
    d_, e_ = coordination_constants(n, gamma)
    y = float(min((1 + 2 * gamma) / (2 * n * gamma), 1 / d_))
    noise = float(max(state_var * (y - d_ * y**2), 0.0) / e_)
    return SymmetricOptimum("consumer_surplus_cournot", 0.0, y, 1.0, -1.0 / (n - 1), noise,
                            mu, None, np.nan, "ic_binding")


def _obedient_optimum(objective: str, n: int, gamma: float, state_var: float,
                      type_var: float, mu: float, ic: bool) -> SymmetricOptimum:
    if objective == "revenue":
        return _from_point(objective, revenue_optimum(n, gamma, state_var, type_var, mu),
                           n, gamma, mu)
    if objective == "consumer_surplus_cournot" and gamma > 0 and ic:
        return _cournot_ic_binding(n, gamma, state_var, mu)
    if objective == "consumer_surplus_bertrand":
        check_interval(gamma, "gamma", _WHERE, 0.0, 1 / (2 * (n - 1)),
                       why=f"for consumer_surplus_bertrand with n={n}: Prop 12 needs "
                           "complements and the consumer utility must be concave "
                           "(data-monetization §2.3, §6 item 10)")
    k = objective_coefficients(objective, n, gamma)
    return _from_point(objective, linear_optimum(k, n, gamma, state_var, type_var),
                       n, gamma, mu)


def _delegation_optimum(objective: str, n: int, gamma: float, type_var: float,
                        m0: float, ic: bool) -> SymmetricOptimum:
    check_interval(gamma, "gamma", _WHERE, -0.5, 1 / (2 * (n - 1)),
                   why=f"for delegation with n={n}, where total utility is concave "
                       "(data-monetization App. E)")
    if objective == "delegation_welfare":
        fb = first_best(n, gamma)
        sol = (fb.x, fb.y, fb.w_o, m0 / (1 - 2 * (n - 1) * gamma))
    else:
        dl = delegation_solution(n, gamma, type_var, m0, ic=ic)
        sol = (dl.x, dl.y, dl.w_o, dl.mean_action)
    return SymmetricOptimum(objective, *sol[:3], noise_correlation(gamma, n), 0.0, sol[3],
                            None, np.nan, "unconstrained")


def optimum(objective: str, n: int, gamma: float, state_var: float, type_var: float,
            state_mean: float, type_mean: float, *, ic: bool = True) -> SymmetricOptimum:
    """Optimal symmetric mechanism for ``objective`` in normalised units (see module doc).

    Raises ValueError for inadmissible parameters (gamma outside (-1, 1/(n-1)) or 0,
    non-positive variances, n < 2) and for combinations without a closed form
    (Bertrand outside gamma in (0, 1/(2(n-1))), where its value is finite; delegation
    outside gamma in (-1/2, 1/(2(n-1))), where total utility is concave).
    """
    _check_objective(objective)
    n = check_game(n, gamma, state_var, type_var, _WHERE)
    state_mean = check_finite(state_mean, "state_mean", _WHERE)
    type_mean = check_finite(type_mean, "type_mean", _WHERE)
    if objective.startswith("delegation"):
        opt = _delegation_optimum(objective, n, gamma, type_var, state_mean + type_mean, ic)
    else:
        mu = mean_action(n, gamma, state_mean, type_mean)
        opt = _obedient_optimum(objective, n, gamma, state_var, type_var, mu, ic)
    value = objective_value(objective, opt.weights, n, gamma, state_var, type_var,
                            state_mean, type_mean, opt.mean_action)
    constant = (bertrand_surplus_constant(n, gamma, state_mean, state_var)
                if objective == "consumer_surplus_bertrand" else 0.0)
    return replace(opt, value=value, value_constant=constant)
