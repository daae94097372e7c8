"""Comparative statics: the optimal mechanism over a grid of parameters, as a table.

``sweep(builder, grid, objectives)`` builds a game at every point of ``grid`` (merged with
``fixed``), designs the optimal mechanism for every objective (:func:`mechdesign.design`)
and returns one tidy row per (point, objective): the parameters, the status and value,
every objective's value at that mechanism, producer and total surplus of markets in money
units, summary weights, noise and rents (columns: :mod:`mechdesign.sweep_rows`). Points
are solved in chunks, in this process, in local processes (``n_jobs``) or on a Dask
cluster (``client``), with the same table in every case (:mod:`mechdesign.sweep_run`).
Write it with :func:`mechdesign.sweep_table.save_frame` (Parquet or CSV).
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from mechdesign._validation import check_choice, check_integer
from mechdesign.design import METHODS
from mechdesign.problem import game_from_table, load_problem
from mechdesign.sweep_grid import grid_points
from mechdesign.sweep_rows import chunk_rows
from mechdesign.sweep_run import (chunked, default_chunk_size, progress_bar, run_dask,
                                  run_processes, run_serial)

__all__ = ["sweep", "ProblemBuilder", "FRONT_COLUMNS"]

#: Columns that follow the parameters, in this order; the mechanism's numbers come after.
FRONT_COLUMNS = ("objective", "method", "status", "message", "value", "bound", "gap")


class ProblemBuilder:
    """A builder from a problem file's ``[game]`` table: keyword arguments override its
    entries (``ProblemBuilder("problems/cournot.toml")(delta=0.2)``)."""

    def __init__(self, path) -> None:
        self.path = Path(path)
        _, self.design_options = load_problem(self.path)  # the whole file, validated
        with self.path.open("rb") as fh:
            self.table = tomllib.load(fh)["game"]

    def __call__(self, **params):
        return game_from_table({**self.table, **params})

    def __repr__(self) -> str:
        return f"ProblemBuilder({str(self.path)!r})"


def _builder(builder) -> Callable:
    if isinstance(builder, (str, Path)):
        return ProblemBuilder(builder)
    if not callable(builder):
        raise TypeError("The 'builder' parameter of sweep must be a callable returning an LQGame "
                        f"or a problem-file path. Got {type(builder).__name__} instead.")
    return builder


def _objectives(objectives) -> tuple:
    if isinstance(objectives, str):
        return (objectives,)
    objectives = tuple(objectives)
    if not objectives:
        raise ValueError("The 'objectives' parameter of sweep must name at least one objective. "
                         "Got an empty sequence instead.")
    return objectives


def _frame(rows: list[dict], names: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows)
    front = [c for c in (*names, *FRONT_COLUMNS) if c in frame.columns]
    return frame[front + [c for c in frame.columns if c not in front]]


def sweep(builder, grid, objectives=("welfare",), *, fixed: Mapping | None = None,
          method: str = "auto", obedience: bool = True, ic: bool = True, n_jobs: int = 1,
          client=None, progress: bool = True, keep_mechanisms: bool = False,
          chunk_size: int | None = None) -> pd.DataFrame:
    """Optimal mechanisms over a parameter grid, one row per (point, objective).

    Parameters
    ----------
    builder : callable or path
        ``builder(**params)`` returns an LQGame (``md.games.cournot``,
        ``md.LQGame.symmetric``, a user's constructor), or a TOML problem file
        (:mod:`mechdesign.problem`) whose ``[game]`` entries the grid and ``fixed``
        override; its ``[design]`` table is not read (pass the options here).
    grid : mapping of name to sequence, or list of dicts
        The cartesian product of the axes (first name slowest), or the points as given.
    objectives : str or sequence
        Objectives designed at every point (names, Objectives or matrices).
    fixed : mapping, optional
        Keyword arguments of ``builder`` that do not vary; its scalars become columns.
    method, obedience, ic
        As in :func:`mechdesign.design`.
    n_jobs : int
        Local worker processes (1: this process). The builder must then be importable
        by the workers: defined in a module, or in a script whose sweep runs under
        ``if __name__ == "__main__":`` — not in a notebook or an interactive session
        (use ``client`` there: Dask ships any callable).
    client : dask.distributed.Client or str, optional
        Run the chunks on this Dask cluster (or on a new client of this scheduler address,
        closed afterwards); needs ``mechdesign[dask]``. Exclusive with ``n_jobs > 1``.
    progress : bool
        Show a progress bar on standard error when it is a terminal.
    keep_mechanisms : bool
        Add a ``mechanism`` column holding each GaussianMechanism (None for a failure).
    chunk_size : int, optional
        Points per task, by default an eighth of the grid. The dual route is warm-started
        along each chunk (from the previous point's restart point), so the results depend
        on the chunking but not on where the chunks run.

    Returns
    -------
    pandas.DataFrame
        Parameters, then ``objective, method, status, message, value, bound, gap``, then
        the mechanism's numbers (:mod:`mechdesign.sweep_rows`). Inadmissible points are rows
        with status ``"refused"`` and the reason in ``message``.
    """
    where = "sweep"
    build = _builder(builder)
    objectives = _objectives(objectives)
    check_choice(method, "method", where, METHODS)
    n_jobs = check_integer(n_jobs, "n_jobs", where, 1)
    if client is not None and n_jobs > 1:
        raise ValueError("The 'n_jobs' and 'client' parameters of sweep are exclusive: give a "
                         f"Dask client or local processes. Got n_jobs={n_jobs} and a client.")
    fixed = dict(fixed or {})
    points = [{**p, **fixed} for p in grid_points(grid, fixed)]
    if chunk_size is None:
        chunk_size = default_chunk_size(len(points))
    chunk_size = check_integer(chunk_size, "chunk_size", where, 1)
    task = functools.partial(chunk_rows, build, objectives=objectives,
                             options=dict(method=method, obedience=obedience, ic=ic),
                             keep_mechanisms=keep_mechanisms)
    chunks = chunked(points, chunk_size)
    with progress_bar(len(points), progress) as advance:
        if client is not None:
            results = run_dask(task, chunks, client, advance)
        elif n_jobs > 1:
            results = run_processes(task, chunks, n_jobs, advance)
        else:
            results = run_serial(task, chunks, advance)
    names = list(dict.fromkeys(k for p in points for k in p))
    return _frame([row for rows in results for row in rows], names)
