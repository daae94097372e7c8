"""Parameter grids of a sweep: cartesian products, lists of points, command-line specs.

A grid is either a mapping ``{name: sequence}`` (its cartesian product, the first name
varying slowest, like ``itertools.product``) or a sequence of mappings (the points as
given). On the command line a grid axis is ``name=start:stop:num`` (``num`` points evenly
spaced, ends included, as ``numpy.linspace`` rounded to 13 significant digits of the larger
end, so that a point meant to be 0 is 0), ``name=v1,v2,...`` or ``name=value``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["grid_points", "parse_axis"]


def _scalar(value):
    """Python scalars for numpy scalars, so that rows and builders see plain numbers."""
    return value.item() if isinstance(value, np.generic) else value


def grid_points(grid, fixed: Mapping | None = None) -> list[dict]:
    """The points of ``grid`` as dicts of parameter values (``fixed`` not included).

    Raises ValueError for an empty grid, an axis that is not a non-empty sequence, or a
    name that is both in the grid and in ``fixed``.
    """
    where = "The 'grid' parameter of sweep"
    if isinstance(grid, Mapping):
        if not grid:
            raise ValueError(f"{where} must name at least one parameter. Got {{}} instead.")
        axes = {}
        for name, values in grid.items():
            if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
                raise ValueError(f"{where} must map each name to a sequence of values. "
                                 f"Got {name}={values!r} instead.")
            if len(values) == 0:
                raise ValueError(f"{where} must give at least one value for {name!r}. Got none.")
            axes[str(name)] = [_scalar(v) for v in values]
        points = [dict(zip(axes, combo)) for combo in itertools.product(*axes.values())]
    elif isinstance(grid, Sequence) and not isinstance(grid, (str, bytes)) and grid \
            and all(isinstance(p, Mapping) for p in grid):
        points = [{str(k): _scalar(v) for k, v in p.items()} for p in grid]
    else:
        raise ValueError(f"{where} must be a mapping of names to sequences or a non-empty list "
                         f"of dicts. Got {grid!r} instead.")
    overlap = sorted(set().union(*points) & set(fixed or {}))
    if overlap:
        raise ValueError(f"The parameters {overlap} are both in the grid and in 'fixed' of sweep; "
                         "give each parameter in one place.")
    return points


def _number(token: str):
    try:
        return int(token)
    except ValueError:
        return float(token)


def parse_axis(spec: str) -> tuple[str, list]:
    """``"delta=-0.9:0.9:37"`` → ``("delta", [-0.9, ..., 0.9])``; ``"n=2,3"`` → ``("n", [2, 3])``.

    Integer tokens stay integers (a range ``2:10:5`` of integral points too).
    """
    fail = (f"A --grid option must read name=start:stop:num, name=v1,v2,... or name=value. "
            f"Got {spec!r} instead.")
    name, sep, rest = spec.partition("=")
    name = name.strip()
    if not sep or not name.isidentifier() or not rest.strip():
        raise ValueError(fail)
    try:
        if ":" in rest:
            start, stop, num = rest.split(":")
            count = int(num)
            if count < 1:
                raise ValueError(fail)
            values = np.linspace(float(start), float(stop), count)
            # snap rounding noise to the decimal grid a user means (0.0, not 5.6e-17):
            # at γ = 0 exactly a game has no off-path threats, a different program
            span = max(abs(float(start)), abs(float(stop)), 1e-300)
            values = np.round(values, 12 - int(np.floor(np.log10(span))))
            integral = all(isinstance(_number(t), int) for t in (start, stop)) and np.all(values == np.round(values))
            return name, [int(v) if integral else float(v) for v in values]
        return name, [_number(t.strip()) for t in rest.split(",")]
    except ValueError as err:
        raise ValueError(fail) from err
