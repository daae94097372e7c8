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
    method = "auto"         # auto | sdp | dual | symmetric | analytic
    obedience = true        # false: delegation
    ic = true

Schema
------
Every file is checked against the schema below before a game is built; a violation is a
``ValueError`` that names the file, the table and the entry (the command line exits 2).

* Tables: ``[game]`` (required) and ``[design]``; any other table is an error.
* ``[game]`` entries by ``kind`` (a trailing ``?`` marks an optional entry):

  ==============  ==========================================================================
  kind            entries
  ==============  ==========================================================================
  cournot         n, delta, demand_mean, demand_var, cost_mean, cost_var
  bertrand        n, delta, demand_mean, demand_var, cost_mean, cost_var
  beauty_contest  n, r, state_mean, state_var, type_mean, type_var
  symmetric       n, gamma, alpha?, beta?, state_mean?, state_var?, type_mean?, type_var?
                  (the keyword arguments of :meth:`LQGame.symmetric`)
  general         alpha, beta, interaction, state_mean, state_var, type_mean, and exactly
                  one of type_var (independent types) or type_cov
  ==============  ==========================================================================

* Types: ``n`` is an integer; the other scalars are numbers (an integer is accepted for a
  float; a boolean is not a number); ``cost_mean``, ``cost_var`` and, for ``general``,
  ``alpha``, ``beta``, ``type_mean``, ``type_var`` are a number or a list of numbers (one
  per player); ``interaction`` and ``type_cov`` are lists of rows of numbers.
* ``[design]``: ``objective`` and ``method`` are strings from the lists above,
  ``obedience`` and ``ic`` are booleans (``"false"`` in quotes is a string, and an error).

Admissible values (γ in its range, positive variances, ...) are then checked by the game's
constructors, whose messages name the parameter.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np

from mechdesign import games
from mechdesign._validation import check_vector
from mechdesign.design import METHODS
from mechdesign.game import LQGame
from mechdesign.objectives import NAMES
from mechdesign.prior import GaussianPrior

__all__ = ["load_problem", "game_from_table", "check_design_table"]


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_numbers(value) -> bool:
    return _is_number(value) or (isinstance(value, list) and len(value) > 0
                                 and all(map(_is_number, value)))


def _is_matrix(value) -> bool:
    return (isinstance(value, list) and len(value) > 0
            and all(isinstance(row, list) and all(map(_is_number, row)) for row in value))


#: entry type -> (test, description for messages)
_TYPES = {
    "integer": (lambda v: isinstance(v, int) and not isinstance(v, bool), "an integer"),
    "number": (_is_number, "a number"),
    "numbers": (_is_numbers, "a number or a non-empty list of numbers"),
    "matrix": (_is_matrix, "a non-empty list of rows of numbers"),
    "boolean": (lambda v: isinstance(v, bool), "a boolean (true or false, without quotes)"),
    "string": (lambda v: isinstance(v, str), "a string"),
}

_TOML_NAMES = {str: "string", bool: "boolean", int: "integer", float: "float", list: "array",
               dict: "table"}

_MARKET = {"n": "integer", "delta": "number", "demand_mean": "number", "demand_var": "number",
           "cost_mean": "numbers", "cost_var": "numbers"}
_SCALARS = ("state_mean", "state_var", "type_mean", "type_var")

#: kind -> ({entry: type}, required entries, constructor)
_GAME_SCHEMA = {
    "cournot": (_MARKET, set(_MARKET), games.cournot),
    "bertrand": (_MARKET, set(_MARKET), games.bertrand),
    "beauty_contest": ({"n": "integer", "r": "number", **dict.fromkeys(_SCALARS, "number")},
                       {"n", "r", *_SCALARS}, games.beauty_contest),
    "symmetric": ({"n": "integer", "gamma": "number", "alpha": "number", "beta": "number",
                   **dict.fromkeys(_SCALARS, "number")}, {"n", "gamma"}, LQGame.symmetric),
    "general": ({"alpha": "numbers", "beta": "numbers", "interaction": "matrix",
                 "state_mean": "number", "state_var": "number", "type_mean": "numbers",
                 "type_var": "numbers", "type_cov": "matrix"},
                {"alpha", "beta", "interaction", "state_mean", "state_var", "type_mean"}, None),
}

_DESIGN_SCHEMA = {"objective": "string", "method": "string", "obedience": "boolean",
                  "ic": "boolean"}
_DESIGN_CHOICES = {"objective": NAMES, "method": METHODS}


def _check_entries(table: dict, schema: dict, required: set, where: str) -> None:
    """Unknown, missing and mistyped entries of one table, each a ValueError."""
    allowed = ", ".join(sorted(schema))
    for key in table:
        if key not in schema:
            raise ValueError(f"Unknown entry {key!r} in {where}; allowed entries: {allowed}.")
    missing = sorted(set(required) - set(table))
    if missing:
        raise ValueError(f"Missing entr{'ies' if len(missing) > 1 else 'y'} "
                         f"{', '.join(map(repr, missing))} in {where}; required entries: "
                         f"{', '.join(sorted(required))}.")
    for key, value in table.items():
        test, description = _TYPES[schema[key]]
        if not test(value):
            raise ValueError(f"The {key!r} entry of {where} must be {description}. "
                             f"Got {value!r} (a TOML {_TOML_NAMES.get(type(value), 'value')}) instead.")


def _general(table: dict, where: str) -> LQGame:
    if ("type_var" in table) == ("type_cov" in table):
        raise ValueError(f"{where} needs exactly one of the entries 'type_var' (independent "
                         "types) and 'type_cov' (a list of rows). Got "
                         f"{'both' if 'type_var' in table else 'neither'} instead.")
    type_mean = np.atleast_1d(np.asarray(table["type_mean"], dtype=float))
    if "type_cov" in table:
        type_cov = table["type_cov"]
    else:
        type_cov = np.diag(check_vector(table["type_var"], "type_var", where, type_mean.size))
    prior = GaussianPrior(table["state_mean"], table["state_var"], type_mean, type_cov)
    return LQGame(table["alpha"], table["beta"], table["interaction"], prior)


def game_from_table(table: dict, where: str = "[game]") -> LQGame:
    """An LQGame from the ``[game]`` table of a problem file, checked against the schema."""
    if not isinstance(table, dict):
        raise ValueError(f"{where} must be a table. Got {table!r} instead.")
    table = dict(table)
    kind = table.pop("kind", None)
    if kind not in _GAME_SCHEMA:
        raise ValueError(f"The 'kind' entry of {where} must be one of "
                         f"{', '.join(map(repr, sorted(_GAME_SCHEMA)))}. Got {kind!r} instead.")
    schema, required, make = _GAME_SCHEMA[kind]
    where = f"{where} (kind = {kind!r})"
    _check_entries(table, schema, required, where)
    return _general(table, where) if make is None else make(**table)


def check_design_table(table: dict, where: str = "[design]") -> dict:
    """The ``[design]`` table checked against the schema: design() keyword arguments."""
    if not isinstance(table, dict):
        raise ValueError(f"{where} must be a table. Got {table!r} instead.")
    _check_entries(table, _DESIGN_SCHEMA, set(), where)
    for key, choices in _DESIGN_CHOICES.items():
        if key in table and table[key] not in choices:
            raise ValueError(f"The {key!r} entry of {where} must be one of "
                             f"{', '.join(map(repr, choices))}. Got {table[key]!r} instead.")
    return dict(table)


def load_problem(path: str | Path) -> tuple[LQGame, dict]:
    """(game, design keyword arguments) from a TOML problem file.

    Raises ValueError for a file that is not valid TOML, breaks the schema (see the module
    docstring) or describes an inadmissible game.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ValueError(f"The problem file {path} is not valid TOML: {err}.") from err
    for key, value in data.items():
        if key not in ("game", "design"):
            what = f"table [{key}]" if isinstance(value, dict) else f"top-level entry {key!r}"
            raise ValueError(f"Unknown {what} in {path}; allowed tables: [game], [design].")
    if "game" not in data:
        raise ValueError(f"The problem file {path} must have a [game] table.")
    options = check_design_table(data.get("design", {}), f"[design] of {path}")
    return game_from_table(data["game"], f"[game] of {path}"), options
