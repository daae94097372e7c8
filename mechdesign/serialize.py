"""Games and mechanisms as plain data (dicts of floats, lists and strings) and back.

The dicts hold everything that defines the object — for a game the vectors α, β, the
interaction matrix G, the prior (state mean and variance, type means and covariance) and
the market (kind, δ and the consumer-surplus matrix); for a mechanism its game, the mean
actions and the joint covariance in the order (state, types, actions) — so that
``game_from_dict(game_to_dict(g))`` rebuilds an equal game through the validating
constructors. Non-finite floats become ``None`` (strict JSON has no nan) and come back
as nan.
"""

from __future__ import annotations

import math

import numpy as np

from mechdesign.game import LQGame, Market
from mechdesign.mechanism import GaussianMechanism
from mechdesign.prior import GaussianPrior

__all__ = ["plain", "number", "game_to_dict", "game_from_dict", "mechanism_to_dict",
           "mechanism_from_dict"]


def plain(value):
    """``value`` with numpy scalars and arrays turned into floats and nested lists, and
    non-finite floats into None (recursively through dicts, lists and tuples)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    return value


def number(value) -> float:
    """The float of a plain value; None (a non-finite float) becomes nan."""
    return float("nan") if value is None else float(value)


def _matrix(rows) -> np.ndarray:
    return np.array([[number(x) for x in row] for row in rows], dtype=float)


def game_to_dict(game: LQGame) -> dict:
    """The game's defining data as plain types."""
    p, m = game.prior, game.market
    return plain({
        "n": game.n, "alpha": game.alpha, "beta": game.beta, "interaction": game.interaction,
        "prior": {"state_mean": p.state_mean, "state_var": p.state_var,
                  "type_mean": p.type_mean, "type_cov": p.type_cov},
        "market": None if m is None else {"kind": m.kind, "delta": m.delta,
                                          "surplus_matrix": m.surplus_matrix},
    })


def game_from_dict(data: dict) -> LQGame:
    """The LQGame of :func:`game_to_dict`, rebuilt through its validating constructor."""
    p = data["prior"]
    prior = GaussianPrior(number(p["state_mean"]), number(p["state_var"]),
                          np.array([number(x) for x in p["type_mean"]]), _matrix(p["type_cov"]))
    m = data.get("market")
    market = None if m is None else Market(m["kind"], number(m["delta"]), _matrix(m["surplus_matrix"]))
    return LQGame(np.array([number(x) for x in data["alpha"]]),
                  np.array([number(x) for x in data["beta"]]),
                  _matrix(data["interaction"]), prior, market)


def mechanism_to_dict(mechanism: GaussianMechanism) -> dict:
    """The mechanism's game, mean actions and joint covariance as plain types."""
    return {"game": game_to_dict(mechanism.game), "mean_actions": plain(mechanism.mean_actions),
            "cov": plain(mechanism.cov)}


def mechanism_from_dict(data: dict) -> GaussianMechanism:
    """The GaussianMechanism of :func:`mechanism_to_dict`."""
    return GaussianMechanism(game_from_dict(data["game"]),
                             np.array([number(x) for x in data["mean_actions"]]),
                             _matrix(data["cov"]))
