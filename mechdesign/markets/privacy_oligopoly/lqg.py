r"""The covariance bound as a design problem of the core LQG engine (reference §5.2–§5.3).

The Cournot market ``pi_i = q_i (a + theta - Q)`` is a linear-quadratic game: half of
``pi_i`` is the core utility ``u_i = a_i(alpha theta + beta_i t_i + sum_j G_ij a_j) - a_i^2/2``
of :class:`mechdesign.LQGame` with ``alpha = 1/2`` and ``G = -(J - I)/2`` (best response
``q_i = E[(a + theta - sum_{j != i} q_j)/2 | info_i]``). The outcome-covariance SDP of
:mod:`~mechdesign.markets.privacy_oligopoly.programs` is then a core
:func:`mechdesign.design` problem (obedience, no IC: the mediator sees the signals, no
report is needed), once the model's prior — whose signals are correlated with the state —
is written in the core's form, a state independent of the types:

* ``mediator="omniscient"``: the core state is ``theta`` (variance ``sigma_theta^2``), the
  types are payoff-irrelevant (``beta = 0``, independent, unit variance) and the action
  is ``q``. Types independent of everything can be ignored by the mediator, so their
  obedience rows do not bind and the value is the one of programs' (theta, q) program.
* ``mediator="signals"``: the types are the signals ``t = (s_1..s_n)`` (covariance
  ``sigma_theta^2 J + diag(sigma_i^2)``) and the core state is the platform signal's news
  ``omega = E[theta | s_0, s] - E[theta | s]``, independent of ``s`` with variance
  ``V_s - V_all`` (posterior variances given ``s`` and given ``(s_0, s)``; without a platform
  signal ``omega = 0`` and a payoff-irrelevant unit-variance state with ``alpha = 0`` stands
  in — the mediator may still randomise on it). With ``E[theta | s] = sum_k c_k s_k``,
  ``c_k = V_s/sigma_k^2``, the payoff state is ``theta_hat = omega + c's`` and the rivals'
  signals leave the best response after the change of action ``a_i = q_i - c_i s_i``:

  .. math:: a_i = \mathbb E\big[\tfrac12\omega - \tfrac12 c_i s_i
            - \tfrac12\textstyle\sum_{j\ne i} a_j \,\big|\, s_i, a_i\big],

  i.e. ``beta_i = -c_i/2``. Firm i knows ``(s_i, q_i)`` iff it knows ``(s_i, a_i)``, and its
  obedience residual is the same function of the primitives in both games, so the two
  obedient sets correspond one to one; ``theta = theta_hat + xi`` with ``xi`` independent
  of everything (the garbling constraint) closes the map.

Objectives are quadratic forms in ``z = (state, types, actions)`` through the linear maps
``q = L_q z`` and ``theta_hat = L_theta z`` (:class:`CournotLQ`); the core game has mean zero,
so the mean part — quantities fixed at ``a/(n+1)`` by obedience (§1.6) — is added from
the model's definitions. A participation floor ``Var(q_i) >= u_i - a^2/(n+1)^2`` is a user
constraint affine in the covariance, priced into the core's certificate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from mechdesign.design import build_program
from mechdesign.game import LQGame
from mechdesign.objectives import quadratic
from mechdesign.prior import GaussianPrior
from mechdesign.result import DesignResult

if TYPE_CHECKING:
    from mechdesign.markets.privacy_oligopoly.model import PrivacyOligopoly

__all__ = ["CournotLQ", "cournot_lq_game", "lq_design"]


@dataclass(frozen=True, eq=False)
class CournotLQ:
    """The market's core LQ game and the linear maps from its ``z = (state, types, actions)``.

    ``quantity`` (n, 2n+1): ``q = quantity @ z`` (mean-zero part); ``demand`` (2n+1,):
    ``theta_hat = E[theta | mediator's information] = demand @ z``; ``outcome`` maps ``z`` to
    the rows (theta_hat, s_0, s_1..s_n, q_1..q_n) of programs' outcome covariance (s-rows
    only for ``mediator="signals"``, s_0 only with a platform signal) and ``residual_var``
    is ``Var(theta | information) = Var(theta) - Var(theta_hat)``, to add to the theta entry.
    """

    game: LQGame
    quantity: np.ndarray
    demand: np.ndarray
    outcome: np.ndarray
    residual_var: float


def cournot_lq_game(model: PrivacyOligopoly, mediator: str) -> CournotLQ:
    """The core LQ game equivalent to ``model``'s covariance program (module notes)."""
    n, v = model.n, model.state_var
    size = 2 * n + 1
    interaction = -0.5 * (np.ones((n, n)) - np.eye(n))
    if mediator == "omniscient":
        weights, news_var, alpha = np.zeros(n), v, 0.5
        prior = GaussianPrior(0.0, v, np.zeros(n), np.eye(n))
    else:
        noise = np.array(model.signal_var)
        signal_post = 1.0 / (1.0 / v + np.sum(1.0 / noise))              # V_s
        all_post = 1.0 / (1.0 / signal_post + 1.0 / model.platform_var)  # V_all (s_0 too)
        weights = signal_post / noise                                     # E[theta|s] = c's
        news_var = signal_post - all_post
        alpha = 0.5 if news_var > 0 else 0.0
        prior = GaussianPrior(0.0, news_var if news_var > 0 else 1.0, np.zeros(n),
                              v * np.ones((n, n)) + np.diag(noise))
    game = LQGame(alpha=np.full(n, alpha), beta=-0.5 * weights, interaction=interaction,
                  prior=prior)
    quantity = np.zeros((n, size))
    quantity[:, n + 1:] = np.eye(n)
    quantity[:, 1:n + 1] = np.diag(weights)
    demand = np.zeros(size)
    demand[0] = 1.0 if alpha else 0.0
    demand[1:n + 1] = weights
    rows = [demand]
    if mediator == "signals":
        if model.platform_var != math.inf:   # s_0 = sigma_0^2 (theta_hat/V_all - sum_k s_k/sigma_k^2)
            platform = model.platform_var * demand / all_post
            platform[1:n + 1] -= model.platform_var / noise
            rows.append(platform)
        rows.extend(np.eye(size)[1:n + 1])
    rows.extend(quantity)
    residual = 0.0 if mediator == "omniscient" else all_post
    return CournotLQ(game, quantity, demand, np.array(rows), residual)


def _objective(model: PrivacyOligopoly, lq: CournotLQ, objective: str) -> tuple[np.ndarray, float]:
    """(matrix over z, mean part) of PS, CS or TS (reference §5.4 definitions)."""
    n, a = model.n, model.intercept
    total = lq.quantity.sum(axis=0)
    sym = lambda x, y: (np.outer(x, y) + np.outer(y, x)) / 2      # noqa: E731
    profit = sum(sym(row, lq.demand - total) for row in lq.quantity)   # sum_i Cov(q_i, theta - Q)
    consumer = 0.5 * np.outer(total, total)                            # Var(Q)/2
    matrices = {"profit": profit, "consumer_surplus": consumer,
                "total_surplus": sym(lq.demand, total) - consumer}
    mean_q = np.linalg.solve(np.eye(n) - lq.game.interaction, np.full(n, a / 2))  # a/(n+1)
    mean_total = float(mean_q.sum())
    means = {"profit": float(mean_q @ (a - mean_total * np.ones(n))),
             "consumer_surplus": 0.5 * mean_total ** 2,
             "total_surplus": a * mean_total - 0.5 * mean_total ** 2}
    return matrices[objective], means[objective]


def lq_design(model: PrivacyOligopoly, *, objective: str, mediator: str,
              floors: np.ndarray | None) -> tuple[DesignResult, CournotLQ, float]:
    """Solve the covariance program as a core design problem (full SDP route, certified).

    ``floors``: per-firm minimum ``Var(q_i)`` (None = no participation constraint).
    Returns the core result, the map and the mean part to add to its value and bound.
    """
    lq = cournot_lq_game(model, mediator)
    matrix, mean_part = _objective(model, lq, objective)
    program = build_program(lq.game, quadratic(matrix, name=objective), obedience=True, ic=False)
    if floors is not None:
        program = program.with_constraints(*[row @ program.cov @ row >= floor
                                             for row, floor in zip(lq.quantity, floors)])
    return program.solve(), lq, mean_part
