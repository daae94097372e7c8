"""Objective values, payments, off-path threats and rents of a symmetric mechanism.

Definitions
-----------
Normalised units (alpha = beta = 1), moments (s, d, e, v, c) of Lemma 2, mean action mu.
Values are **totals over the n players** (reference §5.1); rents and payments are per
player. From data-monetization §2.3, Prop 5 and Cor 3:

* welfare (20), under obedience: ``n*(mu**2 + v)/2``;
* ex-ante information rent (22): ``type_var*mu**2/(2*d) + d/2``;
* revenue (23): welfare minus n rents;
* Cournot consumer surplus E[q' M(1, delta) q / 2] with delta = -2 gamma (29):
  ``n/2*((1 - 2(n-1)gamma)*mu**2 + v - 2(n-1)gamma*c)``;
* Bertrand consumer surplus (28) with delta = 2 gamma and demand intercept
  theta_d = 2 theta (so that alpha theta = theta_d/2):
  ``n/2*((1 - 2(n-1)gamma)*mu**2 + v - 2(n-1)gamma*c) - n*(2*s + 2*mu_theta*mu)``
  plus the mechanism-independent constant
  ``n*E[theta_d**2]/(2*(1 - 2(n-1)gamma)) = 2n(state_var + mu_theta**2)/(1 - 2(n-1)gamma)``;
* without obedience (delegation, App. E) the expected utility of (2) is
  ``mu*m0 + s + d + (n-1)gamma*(mu**2 + c) - (mu**2 + v)/2`` per player, m0 = mu_theta + mu_t.

Payments and off-path play (Prop 5, Cor 3), with E[a_i | t] = mu + d (t - mu_t)/type_var
(15) and Var(a_i | t_i) = v - d**2/type_var:

* p(t) = [Var(a_i | t_i) + (1 - type_var/d) E[a_i | t]**2] / 2  (18);
* interim rent V(t) = type_var E[a_i | t]**2 / (2d)  (22);
* t* = mu_t - mu type_var / d, the type whose expected action is 0;
* off-path aggregate action A* = -(mu_theta + t*)/gamma;
* reservation utility U0(t) = (mu_theta + t + gamma A)**2 / 2  (Lemma 1).

Beware
------
The Bertrand value used by the reference table (§5.1) omits the constant;
``bertrand_consumer_surplus`` returns the value without it, and
``bertrand_surplus_constant`` gives the constant separately.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .ellipse import SymmetricMoments

__all__ = [
    "welfare_value",
    "ex_ante_rent",
    "revenue_value",
    "cournot_consumer_surplus",
    "bertrand_consumer_surplus",
    "bertrand_surplus_constant",
    "delegated_welfare_value",
    "delegated_revenue_value",
    "conditional_mean_action",
    "conditional_action_variance",
    "payment",
    "interim_rent",
    "zero_action_type",
    "off_path_action",
    "reservation_utility",
]


def welfare_value(m: SymmetricMoments, mu: float, n: int) -> float:
    """Sum_i E u_i = n (mu^2 + v)/2 for an obedient mechanism (20)."""
    return n * (mu**2 + m.v) / 2


def ex_ante_rent(mu: float, d: float, type_var: float) -> float:
    """Per-player ex-ante rent type_var mu^2/(2d) + d/2 (Cor 3, eq. 22)."""
    return type_var * mu**2 / (2 * d) + d / 2


def revenue_value(m: SymmetricMoments, mu: float, n: int, type_var: float) -> float:
    """Sum_i E p_i = welfare - n * rent (23)."""
    return welfare_value(m, mu, n) - n * ex_ante_rent(mu, m.d, type_var)


def _market_quadratic(m: SymmetricMoments, mu: float, n: int, gamma: float) -> float:
    """n/2 [(1 - 2(n-1)gamma) mu^2 + v - 2(n-1)gamma c], the common part of (28)/(29)."""
    k = 2 * (n - 1) * gamma
    return n * ((1 - k) * mu**2 + m.v - k * m.c) / 2


def cournot_consumer_surplus(m: SymmetricMoments, mu: float, n: int, gamma: float) -> float:
    """E[q' M(1, -2 gamma) q / 2], Cournot consumer surplus (27)/(29)."""
    return _market_quadratic(m, mu, n, gamma)


def bertrand_consumer_surplus(m: SymmetricMoments, mu: float, n: int, gamma: float,
                              state_mean: float) -> float:
    """Bertrand consumer surplus (28) without the mechanism-independent constant."""
    return _market_quadratic(m, mu, n, gamma) - 2 * n * (m.s + state_mean * mu)


def bertrand_surplus_constant(n: int, gamma: float, state_mean: float,
                              state_var: float) -> float:
    """n E[theta_d^2] / (2(1 - 2(n-1)gamma)) with theta_d = 2 theta (§2.3)."""
    return 2 * n * (state_var + state_mean**2) / (1 - 2 * (n - 1) * gamma)


def delegated_welfare_value(m: SymmetricMoments, mu: float, n: int, gamma: float,
                            fundamental_mean: float) -> float:
    """Sum_i E u_i of (2) without obedience; fundamental_mean = mu_theta + mu_t (App. E)."""
    per_player = (mu * fundamental_mean + m.s + m.d + (n - 1) * gamma * (mu**2 + m.c)
                  - (mu**2 + m.v) / 2)
    return n * per_player


def delegated_revenue_value(m: SymmetricMoments, mu: float, n: int, gamma: float,
                            type_var: float, fundamental_mean: float) -> float:
    """Delegation revenue (App. E): delegated welfare minus n rents (22)."""
    welfare = delegated_welfare_value(m, mu, n, gamma, fundamental_mean)
    return welfare - n * ex_ante_rent(mu, m.d, type_var)


def conditional_mean_action(t: ArrayLike, mu: float, d: float, type_mean: float,
                            type_var: float) -> np.ndarray:
    """E[a_i | t_i = t] = mu + d (t - mu_t)/type_var, eq. (15)."""
    return mu + d * (np.asarray(t, dtype=float) - type_mean) / type_var


def conditional_action_variance(m: SymmetricMoments, type_var: float) -> float:
    """Var(a_i | t_i) = v - d^2/type_var (Prop 5.3)."""
    return m.v - m.d**2 / type_var


def payment(t: ArrayLike, m: SymmetricMoments, mu: float, type_mean: float,
            type_var: float) -> np.ndarray:
    """Pointwise-maximal payment p(t) of an obedient rule, Prop 5.3 / eq. (18)."""
    mean = conditional_mean_action(t, mu, m.d, type_mean, type_var)
    return (conditional_action_variance(m, type_var) + (1 - type_var / m.d) * mean**2) / 2


def interim_rent(t: ArrayLike, mu: float, d: float, type_mean: float,
                 type_var: float) -> np.ndarray:
    """V(t) = type_var E[a_i | t]^2 / (2d), Cor 3 (22)."""
    return type_var * conditional_mean_action(t, mu, d, type_mean, type_var) ** 2 / (2 * d)


def zero_action_type(mu: float, d: float, type_mean: float, type_var: float) -> float:
    """t* = mu_t - mu type_var/d, the type whose expected action is 0 (Prop 5.2)."""
    return type_mean - mu * type_var / d


def off_path_action(mu: float, d: float, gamma: float, state_mean: float,
                    type_mean: float, type_var: float) -> float:
    """A* = -(mu_theta + t*)/gamma, the optimal off-path aggregate action (Prop 5.2)."""
    return -(state_mean + zero_action_type(mu, d, type_mean, type_var)) / gamma


def reservation_utility(t: ArrayLike, aggregate: float, gamma: float,
                        state_mean: float) -> np.ndarray:
    """U0(t) = (mu_theta + t + gamma A)^2 / 2 for a non-participant (Lemma 1)."""
    return (state_mean + np.asarray(t, dtype=float) + gamma * aggregate) ** 2 / 2
