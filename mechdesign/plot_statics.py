"""Comparative statics of a sweep (:func:`mechdesign.sweep`): one panel per quantity.

``comparative_statics(frame, x, y)`` draws each column of ``y`` against ``x``, one line
with markers per objective (and per value of ``hue``), and marks every point whose status
is not ``"optimal"`` with a red cross (at its value when it has one, else at the bottom of
the panel) so that a reader never takes an inaccurate or refused point for an optimum.
Figures use matplotlib's object API, like :mod:`mechdesign.plot`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

__all__ = ["comparative_statics"]

_LABELS = {"value": "objective value", "weight_state": "weight on the state",
           "weight_own": "weight on the own type", "weight_rivals": "weight on each rival's type",
           "noise_var": "noise variance", "rent": "ex-ante rent (total)",
           "consumer_surplus": "consumer surplus", "producer_surplus": "producer surplus",
           "total_surplus": "total surplus"}


def _groups(frame, hue: str | None) -> list[str]:
    keys = [k for k in ("objective", hue) if k and k in frame.columns]
    return [k for k in dict.fromkeys(keys) if frame[k].nunique() > 1 or k == hue]


def comparative_statics(frame, x: str, y: Sequence[str] | str = ("value",), hue: str | None = None,
                        *, ncols: int = 3, panel_size: tuple[float, float] = (4.4, 3.4)) -> Figure:
    """Lines with markers of each ``y`` column against ``x``; non-optimal points crossed.

    Parameters
    ----------
    frame : pandas.DataFrame
        A sweep's table (needs ``x``, the ``y`` columns and ``status``).
    x : str
        The parameter on the horizontal axis.
    y : str or sequence of str
        Quantities, one panel each (e.g. ``["value", "rent", "weight_state"]``).
    hue : str, optional
        A further column whose values get their own lines (e.g. a second grid axis).
    ncols : int
        Panels per row.
    panel_size : (float, float)
        Width and height of a panel in inches.

    Returns
    -------
    matplotlib.figure.Figure
    """
    ys = [y] if isinstance(y, str) else list(y)
    missing = [c for c in (x, *ys, "status", *([hue] if hue else [])) if c not in frame.columns]
    if missing:
        raise ValueError(f"The frame given to comparative_statics has no column(s) {missing}; "
                         f"it has {list(frame.columns)}.")
    cols = min(ncols, len(ys))
    rows = math.ceil(len(ys) / cols)
    fig = Figure(figsize=(panel_size[0] * cols, panel_size[1] * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    keys = _groups(frame, hue)
    groups = list(frame.groupby(keys, sort=False)) if keys else [((), frame)]
    # colour by the first grouping column, line style by the second
    colours = {v: f"C{k}" for k, v in enumerate(dict.fromkeys(g[0][0] for g in groups if g[0]))}
    styles = {v: s for v, s in zip(dict.fromkeys(g[0][1] for g in groups if len(g[0]) > 1),
                                   ("-", "--", ":", "-.") * 8)}
    for ax, quantity in zip(axes, ys):
        for label, part in groups:
            part = part.sort_values(x)
            name = ", ".join(f"{v}" if k == "objective" else f"{k}={v:g}" if isinstance(v, float)
                             else f"{k}={v}" for k, v in zip(keys, label))
            ax.plot(part[x], part[quantity], marker="o", ms=3.5, lw=1.3, label=name or quantity,
                    color=colours.get(label[0]) if label else None,
                    linestyle=styles.get(label[1], "-") if len(label) > 1 else "-")
        bad = frame[frame["status"] != "optimal"]
        if len(bad):
            values = bad[quantity].to_numpy(dtype=float)
            floor = np.nanmin(frame[quantity].to_numpy(dtype=float)) if np.any(
                np.isfinite(frame[quantity].to_numpy(dtype=float))) else 0.0
            ax.plot(bad[x], np.where(np.isfinite(values), values, floor), "x", color="red", ms=7,
                    mew=1.8, label="not optimal", gid="not_optimal", zorder=5)
        ax.set_xlabel(x)
        ax.set_ylabel(_LABELS.get(quantity, quantity))
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8)
    for ax in axes[len(ys):]:
        ax.set_visible(False)
    return fig
