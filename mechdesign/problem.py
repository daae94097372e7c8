"""Problem files (TOML) for the command line and the notebooks.

A problem file has a ``[game]`` table and an optional ``[design]`` table::

    [game]
    kind = "cournot"        # cournot | bertrand | beauty_contest | symmetric | general
    n = 3
    delta = 0.6
    demand_mean = 10.0
    demand_var = 4.0
    cost_mean = 2.0
    cost_var = 1.0

    [design]
    objective = "welfare"   # welfare | revenue | consumer_surplus
    method = "auto"         # auto | sdp | symmetric | analytic
    obedience = true        # false: delegation
    ic = true

``kind = "symmetric"`` takes the keyword arguments of :meth:`LQGame.symmetric`;
``kind = "general"`` takes ``alpha``, ``beta`` (scalars or lists), ``interaction`` (a list
of rows), ``state_mean``, ``state_var``, ``type_mean`` and either ``type_var`` (a list, for
independent types) or ``type_cov`` (a list of rows).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np

from mechdesign import games
from mechdesign.game import LQGame
from mechdesign.prior import GaussianPrior

__all__ = ["load_problem", "game_from_table"]

_DESIGN_KEYS = {"objective", "method", "obedience", "ic"}


def _general(table: dict) -> LQGame:
    type_mean = np.atleast_1d(np.asarray(table["type_mean"], dtype=float))
    if "type_cov" in table:
        type_cov = np.asarray(table["type_cov"], dtype=float)
    else:
        type_cov = np.diag(np.broadcast_to(np.asarray(table["type_var"], dtype=float), type_mean.shape))
    prior = GaussianPrior(table["state_mean"], table["state_var"], type_mean, type_cov)
    return LQGame(np.asarray(table["alpha"], float), np.asarray(table["beta"], float),
                  np.asarray(table["interaction"], float), prior)


_KINDS = {"cournot": games.cournot, "bertrand": games.bertrand,
          "beauty_contest": games.beauty_contest, "symmetric": LQGame.symmetric}


def game_from_table(table: dict) -> LQGame:
    """An LQGame from the ``[game]`` table of a problem file."""
    table = dict(table)
    kind = table.pop("kind", None)
    if kind == "general":
        return _general(table)
    if kind not in _KINDS:
        raise ValueError(f"The 'kind' entry of [game] must be one of {sorted([*_KINDS, 'general'])}. "
                         f"Got {kind!r} instead.")
    try:
        return _KINDS[kind](**table)
    except TypeError as err:
        raise ValueError(f"Bad entries in the [game] table for kind={kind!r}: {err}") from err


def load_problem(path: str | Path) -> tuple[LQGame, dict]:
    """(game, design keyword arguments) from a TOML problem file."""
    path = Path(path)
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    if "game" not in data:
        raise ValueError(f"The problem file {path} must have a [game] table.")
    options = dict(data.get("design", {}))
    unknown = set(options) - _DESIGN_KEYS
    if unknown:
        raise ValueError(f"Unknown entries {sorted(unknown)} in [design] of {path}; "
                         f"admissible: {sorted(_DESIGN_KEYS)}.")
    return game_from_table(data["game"]), options
