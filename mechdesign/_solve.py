"""Solving cvxpy problems with one status vocabulary.

Statuses (strings): ``"optimal"``, ``"optimal_inaccurate"``, ``"infeasible"``,
``"unbounded"``, ``"iteration_limit"``, ``"solver_error"``; ``"local_optimum"`` marks the
best point of a local search with no global guarantee and ``"grid_optimum"`` the best point
of a brute-force grid (non-convex designs). cvxpy's statuses map through
one table; anything unknown, and an *inaccurate* claim of infeasibility or unboundedness,
becomes ``"solver_error"``. Clarabel is tried first and SCS is the fallback (DESIGN.md §4).
A solver's "optimal" is only a candidate: :func:`mechdesign.result.judge` decides from the
residuals and the certificate, and :mod:`mechdesign.evidence` checks every "infeasible" or
"unbounded".
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass

import cvxpy as cp

__all__ = ["SolveOutcome", "solve_problem", "STATUSES"]

STATUSES = (
    "optimal",
    "optimal_inaccurate",
    "infeasible",
    "unbounded",
    "iteration_limit",
    "solver_error",
    "local_optimum",
    "grid_optimum",
)

_FROM_CVXPY = {
    cp.OPTIMAL: "optimal",
    cp.OPTIMAL_INACCURATE: "optimal_inaccurate",
    cp.INFEASIBLE: "infeasible",
    cp.INFEASIBLE_INACCURATE: "solver_error",   # an inaccurate claim is no claim
    cp.UNBOUNDED: "unbounded",
    cp.UNBOUNDED_INACCURATE: "solver_error",
    cp.USER_LIMIT: "iteration_limit",
    cp.SOLVER_ERROR: "solver_error",
}

#: Tight Clarabel tolerances (data-monetization §5.2 tolerance notes).
CLARABEL_TIGHT = dict(tol_gap_abs=1e-10, tol_gap_rel=1e-10, tol_feas=1e-10, tol_ktratio=1e-8)


@dataclass(frozen=True)
class SolveOutcome:
    """What one solve produced: mapped status, solver used, wall time, message."""

    status: str
    solver: str
    seconds: float
    message: str


_ATTEMPTS = (
    (cp.CLARABEL, CLARABEL_TIGHT),
    (cp.CLARABEL, {}),
    (cp.SCS, {"eps": 1e-9, "max_iters": 200_000}),
)
_FINAL = ("optimal", "infeasible", "unbounded")


def solve_problem(problem: cp.Problem) -> SolveOutcome:
    """Solve ``problem`` and map its status.

    Clarabel with tight tolerances first; if it stops short (inaccurate, iteration limit,
    error), Clarabel with its defaults, then SCS. An "optimal" answer wins. A claim of
    infeasibility or unboundedness wins only if no earlier attempt produced a solution (an
    attempt that found an approximate optimum contradicts it); otherwise the first
    approximate solution is reported as "optimal_inaccurate". ``warm_start=False``: cvxpy would otherwise update a cached
    Clarabel solver, which makes a result depend on the problems solved before it.
    """
    start = time.perf_counter()
    notes, fallback, last = [], None, "solver_error"
    for solver, options in _ATTEMPTS:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                problem.solve(solver=solver, warm_start=False, **options)
        except cp.error.SolverError as err:
            notes.append(f"{solver} failed ({err})")
            continue
        status = last = _FROM_CVXPY.get(problem.status, "solver_error")
        notes.append(f"{solver}: {problem.status}")
        if status == "optimal" or (status in _FINAL and fallback is None):
            return SolveOutcome(status, solver, time.perf_counter() - start, "; ".join(notes))
        if status in _FINAL:
            break
        if fallback is None and problem.status == cp.OPTIMAL_INACCURATE:
            fallback = (status, solver, {v: v.value for v in problem.variables()})
    if fallback is None:
        return SolveOutcome(last, "none", time.perf_counter() - start, "; ".join(notes))
    status, solver, values = fallback
    for var, value in values.items():
        var.value = value
    return SolveOutcome(status, solver, time.perf_counter() - start, "; ".join(notes))
