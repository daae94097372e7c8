r"""Phase I: a strictly dual-feasible start, or a certificate that the program is unbounded.

The dual function is finite exactly where M(y) = −K − sym(diag(y)A) ≻ 0 (with w > 0 and
κ > 0, which w = q, λ = 0 satisfy). First y = c·q for c = 1, 2, 4, … is tried:
:math:`M(cq) = -K + c\,S(I - \operatorname{sym}G)S`, which works whenever
:math:`I - \operatorname{sym}G \succ 0`. Otherwise the SDP

.. math::  s^* = \min\{s :\ -K - \operatorname{sym}(\operatorname{diag}(y)A) + sI \succeq 0,\ s \ge -1\}

decides (dual-route §3). s* < 0 gives a start. Its dual is
:math:`\max\{\langle K, N\rangle : N \succeq 0,\ \operatorname{tr}N = 1,\
\operatorname{diag}(AN) = 0\}`, so s* > 0 exhibits a noise direction N that keeps every
obedience constraint and raises the objective without limit: since the no-information
mechanism is feasible (obedient and IC, eq. 14), the program is unbounded (the general
form of data-monetization Remark 3; for G = γ(J − I) exactly γ ∉ (−1, 1/(n−1))).
"""

from __future__ import annotations

from dataclasses import dataclass

import cvxpy as cp
import numpy as np

from mechdesign._solve import solve_problem
from mechdesign.dual.function import DualData, Multipliers, dual_value

__all__ = ["PhaseOne", "phase_one"]


@dataclass(frozen=True)
class PhaseOne:
    """``start`` (strictly feasible multipliers) or None; ``margin`` = s*; ``direction``
    the noise direction N certifying unboundedness (None unless s* > 0)."""

    start: Multipliers | None
    margin: float
    direction: np.ndarray | None
    message: str


def _multipliers(data: DualData, y: np.ndarray) -> Multipliers:
    n = data.n
    return Multipliers(y, np.zeros(n), np.where(data.ic, data.q, 0.0), np.zeros(n))


def phase_one(data: DualData, *, tol: float = 1e-7) -> PhaseOne:
    """A strictly feasible start, or a certificate of unboundedness (see module)."""
    for power in range(0, 41, 2):
        x = _multipliers(data, 2.0 ** power * data.q)
        if np.isfinite(dual_value(data, x)):
            return PhaseOne(x, float("nan"), None, f"start y = {2.0 ** power:g} q")
    n = data.n
    y, s = cp.Variable(n), cp.Variable()
    ay = cp.multiply(y[:, None] @ np.ones((1, n)), data.A)
    lmi = -data.K + s * np.eye(n) - (ay + ay.T) / 2
    cone = (lmi + lmi.T) / 2 >> 0
    problem = cp.Problem(cp.Minimize(s), [cone, s >= -1])
    outcome = solve_problem(problem)
    if outcome.status != "optimal":
        return PhaseOne(None, float("nan"), None, f"phase I: {outcome.message}")
    scale = max(1.0, float(np.max(np.abs(data.K))))
    margin = float(s.value) / scale
    if margin < -tol:
        x = _multipliers(data, np.asarray(y.value))
        if np.isfinite(dual_value(data, x)):
            return PhaseOne(x, margin, None, f"phase I: s* = {margin:.3g}")
    if margin > tol:
        return PhaseOne(None, margin, np.asarray(cone.dual_value),
                        f"phase I certifies an unbounded program: s* = {margin:.3g} > 0, a noise "
                        "direction keeps obedience and raises the objective without limit")
    return PhaseOne(None, margin, None,
                    f"phase I is inconclusive: s* = {margin:.3g} (the dual-feasible set has an "
                    "empty interior)")
