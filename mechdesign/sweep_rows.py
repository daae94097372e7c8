r"""One sweep point: build the game, design for each objective, and describe the result as
table rows of plain numbers.

Columns of a row (one per point and objective):

* the point's parameters (and the scalar entries of ``fixed``);
* ``objective``, ``method`` (the route that solved it: ``"symmetric"``, ``"sdp"``,
  ``"analytic"``), ``status``, ``message``, ``value``, ``bound``, ``gap``;
* ``welfare``, ``revenue``, ``consumer_surplus`` — each objective's value at the designed
  mechanism (totals over players, utility units of eq. 2; nan where undefined);
* ``producer_surplus`` and ``total_surplus`` — for markets, in money units
  (:mod:`mechdesign.surplus`: Cournot profit is twice the welfare Σu_i,
  data-monetization §1.3 and §2.3);
* ``weight_state``, ``weight_own``, ``weight_rivals`` — averages over players of
  Λ_θ, diag Λ_t and the off-diagonal entries of Λ_t (eq. 5), and per-player columns
  ``weight_state_i``, ``weight_own_i``, ``weight_rivals_i`` (rivals averaged) for
  n ≤ :data:`PER_PLAYER_MAX`;
* ``noise_var`` (average diagonal of Σ_ε), ``rent`` (total ex-ante rent Σ E V_i, Cor 3;
  nan for correlated types), ``solve_time`` (seconds).

A point whose builder or design raises ``ValueError`` or ``TypeError`` (inadmissible
parameters) becomes rows with status ``"refused"`` and the error's message; any other
exception becomes status ``"error"`` with the exception's type and message.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from threadpoolctl import threadpool_limits

from mechdesign.design import design_from
from mechdesign.surplus import producer_surplus, total_surplus

__all__ = ["point_rows", "objective_name", "chunk_rows", "TIMING_COLUMNS", "PER_PLAYER_MAX", "REFUSED", "ERROR"]

PER_PLAYER_MAX = 10
TIMING_COLUMNS = ("solve_time",)
REFUSED, ERROR = "refused", "error"
NAN = float("nan")


def _value(fn) -> float:
    try:
        return float(fn())
    except ValueError:
        return NAN


def _describe(mechanism) -> dict:
    """The mechanism's numbers for a row (see the module doc)."""
    if mechanism is None:
        return {}
    game, w = mechanism.game, mechanism.weights
    n, market = game.n, game.market is not None
    rivals = w.rival_types.sum(axis=1) / (n - 1) if n > 1 else np.full(n, NAN)
    out = {
        "welfare": mechanism.welfare(), "revenue": _value(mechanism.revenue),
        "consumer_surplus": mechanism.consumer_surplus() if market else NAN,
        "producer_surplus": producer_surplus(mechanism) if market else NAN,
        "total_surplus": total_surplus(mechanism) if market else NAN,
        "weight_state": float(np.mean(w.state)), "weight_own": float(np.mean(w.own_type)),
        "weight_rivals": float(np.mean(rivals)),
        "noise_var": float(np.mean(np.clip(np.diag(mechanism.noise_cov), 0, None))),
        "rent": _value(lambda: np.sum(mechanism.ex_ante_rent)),
    }
    if n <= PER_PLAYER_MAX:
        for i in range(n):
            out[f"weight_state_{i}"] = float(w.state[i])
            out[f"weight_own_{i}"] = float(w.own_type[i])
            out[f"weight_rivals_{i}"] = float(rivals[i])
    return out


def _failure(err: Exception) -> tuple[str, str]:
    if isinstance(err, (ValueError, TypeError)):
        return REFUSED, str(err)
    return ERROR, f"{type(err).__name__}: {err}"


def _failed(row: dict, status: str, message: str, keep_mechanisms: bool) -> dict:
    out = {**row, "method": "", "status": status, "message": message, "value": NAN, "bound": NAN,
           "gap": NAN, "solve_time": 0.0}
    return {**out, "mechanism": None} if keep_mechanisms else out


def _design(game, objective, options: Mapping, restarts: dict):
    """Design one objective at one point, warm-starting the dual route from the restart
    point the previous point of the same chunk left for this objective (dual-route.md §3:
    about half the Newton steps along a path)."""
    key = objective_name(objective)
    start = restarts.get(key)
    if start is not None and start.y.shape != (game.n,):
        start = None
    result, restart = design_from(game, objective, start=start, **options)
    if restart is not None:
        restarts[key] = restart
    return result


def objective_name(objective) -> str:
    """The ``objective`` column of a row: a name, or the name of an Objective."""
    return objective if isinstance(objective, str) else str(getattr(objective, "name", "custom"))


def _columns(params: Mapping) -> dict:
    return {k: v for k, v in params.items() if isinstance(v, (numbers.Number, str, bool))}


def point_rows(builder: Callable, params: Mapping, objectives: Sequence, options: Mapping,
               keep_mechanisms: bool = False, restarts: dict | None = None) -> list[dict]:
    """The rows of one point: ``builder(**params)``, then one design per objective
    (``restarts``: the warm starts along the chunk, updated in place)."""
    restarts = {} if restarts is None else restarts
    base = _columns(params)
    try:
        game = builder(**params)
    except Exception as err:  # a refused point is a row, never the end of the sweep
        status, message = _failure(err)
        return [_failed({**base, "objective": objective_name(o)}, status, message, keep_mechanisms)
                for o in objectives]
    rows = []
    for objective in objectives:
        row = {**base, "objective": objective_name(objective)}
        try:
            res = _design(game, objective, options, restarts)
            described = _describe(res.mechanism)
        except Exception as err:  # as above: bad input for this objective at this point
            rows.append(_failed(row, *_failure(err), keep_mechanisms))
            continue
        row.update(method=res.method, status=res.status, message=res.message,
                   value=NAN if res.value is None else float(res.value),
                   bound=float(res.bound), gap=float(res.gap), solve_time=float(res.solve_time))
        row.update(described)
        if keep_mechanisms:
            row["mechanism"] = res.mechanism
        rows.append(row)
    return rows


def chunk_rows(builder: Callable, chunk: Sequence[Mapping], objectives: Sequence,
               options: Mapping, keep_mechanisms: bool = False) -> list[dict]:
    """The rows of consecutive points, solved in order by one worker (one task), each
    dual-route design warm-started from the previous point's."""
    restarts: dict = {}
    with threadpool_limits(limits=1):  # one BLAS thread per worker: workers fill the cores
        return [row for params in chunk
                for row in point_rows(builder, params, objectives, options, keep_mechanisms, restarts)]
