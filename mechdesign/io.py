"""Saving and loading results: a design result as JSON, a sweep as Parquet or CSV.

``save(result, path)`` writes :meth:`DesignResult.to_dict` as JSON (strict: nan is
``null``); ``load(path)`` rebuilds the result with its game (through the validating
constructors), its mechanism and its status, without the cvxpy problem. ``save_frame`` /
``load_frame`` write and read a sweep's table by the file's suffix, ``.parquet`` (pyarrow,
column types kept) or ``.csv``; a ``mechanism`` column (``keep_mechanisms=True``) is not
tabular and is left out.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from mechdesign.mechanism import GaussianMechanism
from mechdesign.result import DesignResult
from mechdesign.serialize import game_from_dict, number

__all__ = ["save", "load", "result_from_dict", "save_frame", "load_frame", "FRAME_SUFFIXES"]

FRAME_SUFFIXES = (".parquet", ".csv")


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


def _suffix(path: Path, where: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in FRAME_SUFFIXES:
        raise ValueError(f"The 'path' parameter of {where} must end in one of {FRAME_SUFFIXES}. "
                         f"Got {str(path)!r} instead.")
    return suffix


def save_frame(frame: pd.DataFrame, path) -> Path:
    """Write a sweep's table to ``path`` (.parquet or .csv), without a mechanism column."""
    path = Path(path)
    table = frame.drop(columns=["mechanism"], errors="ignore")
    if _suffix(path, "save_frame") == ".parquet":
        table.to_parquet(path, index=False)
    else:
        table.to_csv(path, index=False)
    return path


def load_frame(path) -> pd.DataFrame:
    """Read a table written by :func:`save_frame`."""
    path = Path(path)
    if _suffix(path, "load_frame") == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path)
