"""Random design problems for stress tests (the fuzz suite and the reliability report).

:func:`random_problem` draws one problem — a game, an objective, obedience or delegation,
with or without IC — from a seeded generator, covering symmetric and asymmetric games,
correlated types, players whose row of G is zero, Cournot and Bertrand markets, every
objective (welfare, revenue, consumer surplus, one player's payoff, a custom quadratic)
and a hard regime: variances 1e-6…1e4, means up to ±1e4 and interaction at 99–99.9 % of
its admissible range.

Every problem is admissible: its obedient set is bounded (sym(I − G) ≻ 0, or γ inside
(−1, 1/(n−1)) for a symmetric game) and a delegated objective is strictly concave.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mechdesign import games, objectives
from mechdesign.game import LQGame
from mechdesign.prior import GaussianPrior

__all__ = ["Problem", "random_problem", "KINDS"]

KINDS = ("symmetric", "asymmetric", "zero_rows", "correlated", "cournot", "bertrand",
         "delegation", "custom")


@dataclass(frozen=True, eq=False)
class Problem:
    """One design problem: ``design(game, objective, obedience=..., ic=...)``."""

    kind: str
    hard: bool
    game: LQGame
    objective: object
    obedience: bool
    ic: bool

    def label(self) -> str:
        name = self.objective if isinstance(self.objective, str) else self.objective.name
        return (f"{self.kind}{' hard' if self.hard else ''} n={self.game.n} {name} "
                f"obedience={self.obedience} ic={self.ic}")


def _variance(rng, hard: bool) -> float:
    return float(10 ** rng.uniform(-6, 4)) if hard else float(rng.uniform(0.2, 3.0))


def _mean(rng, hard: bool) -> float:
    return float(rng.choice([-1, 1]) * 10 ** rng.uniform(-1, 4)) if hard else float(rng.normal())


def _edge(rng, low: float, high: float, hard: bool) -> float:
    """A point of (low, high); in the hard regime at 99–99.9 % of the way to an end."""
    if not hard:
        return float(rng.uniform(low + 0.1 * (high - low), high - 0.1 * (high - low)))
    mid = (low + high) / 2
    end = high if rng.random() < 0.5 else low
    return float(mid + rng.uniform(0.99, 0.999) * (end - mid))


def _symmetric(rng, n: int, hard: bool, *, low: float = -1.0, high: float | None = None) -> LQGame:
    gamma = 0.0
    if n > 1:
        gamma = _edge(rng, low, 1.0 / (n - 1) if high is None else high, hard)
    return LQGame.symmetric(n, gamma, alpha=float(rng.uniform(0.2, 2) * rng.choice([-1, 1])),
                            beta=float(rng.uniform(0.2, 2) * rng.choice([-1, 1])),
                            state_mean=_mean(rng, hard), state_var=_variance(rng, hard),
                            type_mean=_mean(rng, hard), type_var=_variance(rng, hard))


def _asymmetric(rng, n: int, hard: bool, *, zero_rows: int = 0, correlated: bool = False) -> LQGame:
    g = rng.uniform(-1, 1, (n, n))
    g[:zero_rows] = 0.0
    np.fill_diagonal(g, 0.0)
    top = np.linalg.eigvalsh((g + g.T) / 2)[-1]
    if top > 0:                       # λ_max(sym G) < 1: sym(I − G) ≻ 0
        g *= (rng.uniform(0.99, 0.999) if hard else rng.uniform(0.2, 0.8)) / top
    variances = np.array([_variance(rng, hard) for _ in range(n)])
    if correlated:
        root = rng.normal(size=(n, n))
        corr = root @ root.T / n + 0.3 * np.eye(n)
        d = np.sqrt(variances / np.diag(corr))
        type_cov = corr * np.outer(d, d)
    else:
        type_cov = np.diag(variances)
    prior = GaussianPrior(_mean(rng, hard), _variance(rng, hard),
                          np.array([_mean(rng, hard) for _ in range(n)]), type_cov)
    beta = rng.choice([-1, 1], n) * rng.uniform(0.2, 2, n)
    return LQGame(rng.uniform(0.2, 2, n) * rng.choice([-1, 1], n), beta, g, prior)


def _custom(rng, game: LQGame, *, concave: bool) -> objectives.Objective:
    size = game.size
    q = rng.normal(size=(size, size)) / size
    q = (q + q.T) / 2
    if concave:                       # −Q_aa ≻ 0 for delegation
        a = game.actions
        root = rng.normal(size=(game.n, game.n))
        q[a, a] = -(root @ root.T / game.n + 0.5 * np.eye(game.n))
    return objectives.quadratic(q, name="custom")


def random_problem(rng: np.random.Generator, kind: str | None = None) -> Problem:
    """A random admissible design problem (see the module docstring)."""
    kind = kind or str(rng.choice(KINDS))
    hard = bool(rng.random() < 0.35)
    n = int(rng.integers(1 if kind == "symmetric" else 2, 6))
    obedience, ic = True, bool(rng.random() < 0.7)
    named = ["welfare", "revenue"]
    if kind == "symmetric":
        game = _symmetric(rng, n, hard)
    elif kind in ("asymmetric", "zero_rows"):
        game = _asymmetric(rng, n, hard, zero_rows=int(rng.integers(1, n)) if kind == "zero_rows" else 0)
    elif kind == "correlated":
        game, ic, named = _asymmetric(rng, n, hard, correlated=True), False, ["welfare"]
    elif kind in ("cournot", "bertrand"):
        low, high = (-1 / (n - 1), 1.0) if kind == "cournot" else (-1.0, 1 / (n - 1))
        delta = _edge(rng, max(low, -0.95), min(high, 0.95), hard)
        maker = games.cournot if kind == "cournot" else games.bertrand
        game = maker(n=n, delta=delta, demand_mean=abs(_mean(rng, hard)) + 1, demand_var=_variance(rng, hard),
                     cost_mean=abs(_mean(rng, hard)), cost_var=_variance(rng, hard))
        named = ["welfare", "revenue", "consumer_surplus"]
    elif kind == "delegation":
        game, obedience = _symmetric(rng, n, hard, low=-0.5, high=0.5 / max(n - 1, 1)), False
        if rng.random() < 0.5:
            return Problem(kind, hard, game, _custom(rng, game, concave=True), False, ic)
    else:                             # custom objective, obedient asymmetric game
        game = _asymmetric(rng, n, hard)
        return Problem(kind, hard, game, _custom(rng, game, concave=False), True, ic)
    choice = str(rng.choice(named + ["payoff"])) if kind in ("asymmetric", "zero_rows") else str(rng.choice(named))
    if choice == "revenue":
        ic = True
    objective = objectives.player_payoff(game, int(rng.integers(game.n))) if choice == "payoff" else choice
    return Problem(kind, hard, game, objective, obedience, ic)
