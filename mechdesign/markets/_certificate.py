r"""One status policy for the market programs: "optimal" only with a certificate.

A market program's answer is called ``"optimal"`` only when

* the returned point is verified feasible: its worst constraint violation (``residual``,
  in the program's own scaled units) is at most ``RTOL``; and
* a certified bound — a number every feasible point provably respects, computed from the
  data and the solver's multipliers, not from the solver's word (e.g. the Lagrangian dual
  at repaired multipliers, or for a concave maximisation over a polytope X the first-order
  bound ``f(x) + max_{y∈X} ∇f(x)ᵀ(y − x)``) — is within ``RTOL`` (relative) of the value.

Otherwise a solved program is at most ``"optimal_inaccurate"``, with the reason in the
message. Every market program has a nonempty, bounded feasible set, so a solver's
"infeasible" or "unbounded" (accurate or not) is never passed on as a definite answer: it
becomes ``"solver_error"``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cvxpy as cp
import numpy as np

from mechdesign._solve import SolveOutcome

__all__ = ["RTOL", "Verdict", "verdict", "min_eigenvalue", "relative_gap"]

#: Largest residual and relative gap of an "optimal" answer.
RTOL = 1e-6


@dataclass(frozen=True)
class Verdict:
    """The certified status of one solve."""

    status: str
    message: str
    bound: float     # certified bound (upper for max, lower for min); nan if none
    gap: float       # relative gap between value and bound; nan if none


def min_eigenvalue(matrix: np.ndarray) -> float:
    """Smallest eigenvalue of the symmetric part of ``matrix``."""
    matrix = np.asarray(matrix, dtype=float)
    return float(np.linalg.eigvalsh((matrix + matrix.T) / 2)[0])


def relative_gap(value: float, bound: float, sense: str, magnitude: float = 0.0) -> float:
    """``(bound − value)/scale`` for a maximisation, ``(value − bound)/scale`` for a minimum.

    ``scale = max(|value|, |bound|, magnitude)``: ``magnitude`` is the program's natural
    size (e.g. the largest attainable information), so an optimum of 0 is judged relative
    to the data rather than to itself.
    """
    scale = max(abs(value), abs(bound), magnitude, 1e-12)
    return (bound - value) / scale if sense == "max" else (value - bound) / scale


def verdict(problem: cp.Problem, outcome: SolveOutcome, *, value: float, bound: float,
            residual: float, sense: str, magnitude: float = 0.0) -> Verdict:
    """Apply the policy above to one solve; ``value`` is the objective at the verified point."""
    note = f"{outcome.message}"
    if outcome.status not in ("optimal", "optimal_inaccurate") or problem.value is None:
        if outcome.status in ("infeasible", "unbounded"):
            note += (f"; the solver answered {problem.status!r}, but the program is feasible "
                     f"and bounded by construction")
            return Verdict("solver_error", note, math.nan, math.nan)
        return Verdict(outcome.status, note, math.nan, math.nan)
    if not math.isfinite(bound):
        return Verdict("optimal_inaccurate", note + "; no certificate of optimality",
                       math.nan, math.nan)
    gap = relative_gap(value, bound, sense, magnitude)
    if residual > RTOL:
        return Verdict("optimal_inaccurate",
                       note + f"; the returned point violates a constraint by {residual:.2g} "
                              f"(tolerance {RTOL:g})", bound, gap)
    if not -RTOL <= gap <= RTOL:
        return Verdict("optimal_inaccurate",
                       note + f"; the certified bound {bound:.10g} is {gap:.2g} (relative) "
                              f"from the value {value:.10g} (tolerance {RTOL:g})", bound, gap)
    return Verdict("optimal", note + f"; certified: relative gap {gap:.2g}", bound, gap)
