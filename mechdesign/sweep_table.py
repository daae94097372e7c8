"""A sweep's table on disk: Parquet (pyarrow, column types kept) or CSV, by the suffix.

A ``mechanism`` column (``sweep(..., keep_mechanisms=True)``) is not tabular and is left
out.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["save_frame", "load_frame", "FRAME_SUFFIXES"]

FRAME_SUFFIXES = (".parquet", ".csv")


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
