"""Saving and loading a design result as JSON.

``save(result, path)`` writes :meth:`DesignResult.to_dict` as JSON (strict: nan is
``null``); ``load(path)`` rebuilds the result with its game (through the validating
constructors), its mechanism and its status, without the cvxpy problem. Sweep tables are
written by :mod:`mechdesign.sweep_table`.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from mechdesign.mechanism import GaussianMechanism
from mechdesign.result import DesignResult
from mechdesign.serialize import game_from_dict, number

__all__ = ["save", "load", "result_from_dict"]


def result_from_dict(data: dict) -> DesignResult:
    """The DesignResult of :meth:`DesignResult.to_dict` (``problem`` is None)."""
    mechanism = None
    if data.get("mechanism") is not None:
        game = game_from_dict(data["game"])
        mech = data["mechanism"]
        mechanism = GaussianMechanism(game, np.array([number(x) for x in mech["mean_actions"]]),
                                      np.array([[number(x) for x in row] for row in mech["cov"]]))
    value = data.get("value")
    return DesignResult(data["status"], data["message"], None if value is None else float(value),
                        mechanism, data["objective"], data["method"],
                        {k: number(v) for k, v in data.get("residuals", {}).items()},
                        number(data.get("solve_time", 0.0)), data.get("solver", ""), None,
                        number(data.get("bound")), number(data.get("gap")))


def save(result: DesignResult, path) -> Path:
    """Write ``result`` as JSON to ``path``; returns the path."""
    if not isinstance(result, DesignResult):
        raise TypeError(f"The 'result' parameter of save must be a DesignResult. "
                        f"Got {type(result).__name__} instead.")
    path = Path(path)
    path.write_text(json.dumps(result.to_dict(), indent=1, allow_nan=False))
    return path


def load(path) -> DesignResult:
    """Read a result written by :func:`save`."""
    return result_from_dict(json.loads(Path(path).read_text()))
