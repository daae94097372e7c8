r"""The designer's objectives, as quadratic forms over the joint second moments.

Every objective is :math:`\operatorname{tr}\big(Q\,\mathbb E[zz^\top]\big)` over
:math:`z = (\theta, t, a)`, with :math:`\mathbb E[zz^\top] = \Sigma + mm^\top`, minus the
players' ex-ante information rents for revenue:

* ``welfare``: :math:`Q = \sum_i Q_i`, the players' total expected utility (eq. 20);
* ``revenue``: welfare minus rents, :math:`\sum_i \mathbb E p_i` (eq. 23, Cor 3);
* ``consumer_surplus``: the market's consumer surplus (eqs. 27–29; Cournot or Bertrand,
  the mechanism-independent constant included);
* :func:`player_payoff`: one player's expected utility (a vertically integrated designer);
* :func:`quadratic`: any symmetric matrix Q a user writes.

Under obedience the mean is a constant (eq. 10) and the objective is linear in Σ; under
delegation the mean is free and the mean part must be concave
(:math:`-Q_{aa} \succeq 0`), else the problem is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import cvxpy as cp
import numpy as np

from mechdesign._validation import (check_bool, check_instance, check_integer,
                                    check_square)
from mechdesign.constraints import cov_action_type
from mechdesign.game import LQGame, SymmetricLQGame
from mechdesign.reduced import Coefficients, coefficients
from mechdesign.rents import rent_epigraph

__all__ = ["Objective", "SymmetricObjective", "welfare", "revenue", "consumer_surplus",
           "player_payoff", "quadratic", "resolve", "check_assumptions"]

NAMES = ("welfare", "revenue", "consumer_surplus")


@dataclass(frozen=True, eq=False)
class Objective:
    """tr(Q E[zz']) − (rents if ``minus_rent``), to be maximised.

    ``matrix`` is a finite real square matrix over z = (θ, types, actions) (its size is
    checked against the game when the objective is used); ``minus_rent`` is a bool.
    """

    name: str
    matrix: np.ndarray = field(repr=False)
    minus_rent: bool = False

    def __post_init__(self) -> None:
        check_instance(self.name, "name", "Objective", str)
        object.__setattr__(self, "matrix", check_square(self.matrix, "matrix", "Objective"))
        object.__setattr__(self, "minus_rent", check_bool(self.minus_rent, "minus_rent", "Objective"))

    def evaluate(self, mechanism) -> float:
        """The objective's value at a mechanism."""
        m = mechanism.mean
        value = float(np.sum(self.matrix * mechanism.cov) + m @ self.matrix @ m)
        if self.minus_rent:
            value -= float(np.sum(mechanism.ex_ante_rent))
        return value

    def expression(self, game, cov: cp.Expression, mean) -> tuple[cp.Expression, list]:
        """cvxpy expression of the objective and the auxiliary constraints it needs."""
        q = self.matrix
        f = game.prior.mean
        a = game.actions
        value = cp.sum(cp.multiply(q, cov)) + f @ q[:game.n + 1, :game.n + 1] @ f
        if isinstance(mean, np.ndarray):
            value = value + 2 * f @ q[:game.n + 1, a] @ mean + mean @ q[a, a] @ mean
        else:
            value = value + 2 * (f @ q[:game.n + 1, a]) @ mean - cp.quad_form(mean, _concave_part(self, q[a, a]))
        if not self.minus_rent:
            return value, []
        rent, constraints = rent_epigraph(game, cov_action_type(game, cov), mean)
        return value - rent, constraints


class SymmetricObjective(Objective):
    """A named objective of a :class:`~mechdesign.game.SymmetricLQGame`.

    ``coefficients`` are its per-player reduced coefficients at symmetric mechanisms (the
    total is n times their value); ``matrix`` is built on request by ``build``, for n up
    to :data:`mechdesign._dense.DENSE_MAX_N`. ``invariant`` says whether it is invariant
    to relabelling the players (False for one player's payoff).
    """

    def __init__(self, name: str, build: Callable[[], np.ndarray], coefficients: Coefficients,
                 *, n: int, minus_rent: bool = False, invariant: bool = True) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "minus_rent", minus_rent)
        object.__setattr__(self, "coefficients", coefficients)
        object.__setattr__(self, "invariant", invariant)
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "_build", build)

    @cached_property
    def matrix(self) -> np.ndarray:
        """Q, (2n+1, 2n+1), built on request."""
        return self._build()


def _symmetric_named(game: SymmetricLQGame, name: str, build: Callable[[], np.ndarray]) -> SymmetricObjective:
    coef = coefficients(game.params, name)
    return SymmetricObjective(name, build, coef, n=game.n, minus_rent=coef.minus_rent)


def check_assumptions(game, objective: Objective, ic: bool, obedience: bool) -> None:
    """Refuse problems outside the model's assumptions (all routes call this).

    ``ic`` and ``obedience`` must be bools (``"no"`` is a TypeError, not True); revenue
    needs ``ic=True`` and ``ic=True`` needs independent types.
    """
    ic = check_bool(ic, "ic", "design")
    obedience = check_bool(obedience, "obedience", "design")
    if objective.minus_rent and not ic:
        raise ValueError("The 'ic' parameter of design must be True with objective='revenue': the "
                         "revenue formula (data-monetization eq. 23) holds only for incentive-"
                         "compatible mechanisms. Got ic=False instead.")
    if ic and not game.prior.independent_types:
        raise ValueError(
            "The 'ic' parameter of design must be False for a game with correlated types: the "
            "IC / participation analysis (data-monetization Props 4-5) assumes independent "
            "types. Obedience-only objectives (welfare, consumer_surplus, custom) work with "
            "ic=False. Got ic=True instead.")


def _concave_part(objective: Objective, q_aa: np.ndarray) -> cp.Expression:
    neg = -(q_aa + q_aa.T) / 2
    low = float(np.linalg.eigvalsh(neg)[0])
    if low <= 1e-10 * max(1.0, float(np.max(np.abs(neg)))):
        raise ValueError(
            f"The {objective.name!r} objective is not strictly concave in the actions (the "
            f"smallest eigenvalue of -Q_aa is {low:.4g}, which must be positive), so delegation "
            "with a free mean is unbounded or unattained; in the symmetric game welfare needs "
            "gamma in the open interval (-1/2, 1/(2(n-1))) (data-monetization App. E).")
    return cp.psd_wrap(neg)


def welfare(game) -> Objective:
    """Σ_i E u_i."""
    check_instance(game, "game", "objectives.welfare", LQGame)
    if isinstance(game, SymmetricLQGame):
        return _symmetric_named(game, "welfare", lambda: game.welfare_matrix)
    return Objective("welfare", game.welfare_matrix)


def revenue(game) -> Objective:
    """Σ_i E p_i = welfare − ex-ante rents (eq. 23); independent types only."""
    check_instance(game, "game", "objectives.revenue", LQGame)
    if not game.prior.independent_types:
        raise ValueError(
            "The 'revenue' objective needs independent types (a diagonal type covariance): "
            "the rent and payment formulas of data-monetization Prop 5 / Cor 3 condition on "
            "the own type alone. Got correlated types instead.")
    if isinstance(game, SymmetricLQGame):
        return _symmetric_named(game, "revenue", lambda: game.welfare_matrix)
    return Objective("revenue", game.welfare_matrix, minus_rent=True)


def consumer_surplus(game) -> Objective:
    """Expected consumer surplus of the game's market."""
    check_instance(game, "game", "objectives.consumer_surplus", LQGame)
    if game.market is None:
        raise ValueError(
            "The 'consumer_surplus' objective needs a market game (games.cournot or "
            f"games.bertrand) that carries its consumers. Got {game!r} instead.")
    if isinstance(game, SymmetricLQGame):
        return _symmetric_named(game, "consumer_surplus", lambda: game.market.surplus_matrix)
    return Objective("consumer_surplus", game.market.surplus_matrix)


def player_payoff(game, i: int) -> Objective:
    """E u_i of player i alone (a vertically integrated designer), i in [0, n-1]."""
    check_instance(game, "game", "player_payoff", LQGame)
    i = check_integer(i, "i", "player_payoff", 0, game.n - 1)
    if isinstance(game, SymmetricLQGame):
        # at a symmetric mechanism every player's payoff is the welfare per player
        coef = coefficients(game.params, "welfare").scaled(1 / game.n)
        return SymmetricObjective(f"payoff[{i}]", lambda: game.payoff_matrix(i), coef,
                                  n=game.n, invariant=game.n == 1)
    return Objective(f"payoff[{i}]", game.payoff_matrix(i))


def quadratic(matrix, name: str = "custom") -> Objective:
    """A user's objective tr(Q E[zz']) over z = (θ, types, actions): Q is a finite real
    (2n+1)x(2n+1) matrix (only its symmetric part matters)."""
    return Objective(name, _objective_matrix(matrix, "matrix", "quadratic"))


def _objective_matrix(value, name: str, where: str) -> np.ndarray:
    """The symmetric part of a finite real (2n+1)x(2n+1) matrix."""
    q = check_square(value, name, where)
    if q.shape[0] % 2 != 1:
        raise ValueError(f"The {name!r} parameter of {where} must be a (2n+1)x(2n+1) matrix "
                         f"over (state, types, actions). Got shape {q.shape} instead.")
    return (q + q.T) / 2


def resolve(game, objective, where: str = "design") -> Objective:
    """An Objective from a name, an Objective or a matrix (sized for ``game``); ``where``
    names the function in error messages."""
    check_instance(game, "game", where, LQGame)
    if isinstance(objective, Objective):
        obj = objective
    elif isinstance(objective, str):
        makers = {"welfare": welfare, "revenue": revenue, "consumer_surplus": consumer_surplus}
        if objective not in makers:
            raise ValueError(f"The 'objective' parameter of {where} must be one of {NAMES}, an "
                             f"Objective or a matrix. Got {objective!r} instead.")
        obj = makers[objective](game)
    elif isinstance(objective, (np.ndarray, list, tuple)):
        obj = Objective("custom", _objective_matrix(objective, "objective", where))
    else:
        raise TypeError(f"The 'objective' parameter of {where} must be one of {NAMES}, an "
                        f"Objective or a matrix. Got {objective!r} instead.")
    shape = (2 * obj.n + 1,) * 2 if isinstance(obj, SymmetricObjective) else obj.matrix.shape
    if shape != (game.size, game.size):
        raise ValueError(f"The 'objective' parameter of {where} must be a {game.size}x{game.size} "
                         f"matrix over (state, types, actions) for n={game.n} (or a name, or an "
                         f"Objective for this game). Got shape {shape} instead.")
    return obj
