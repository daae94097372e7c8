"""Solving cvxpy problems with one status vocabulary.

Statuses (strings): ``"optimal"``, ``"optimal_inaccurate"``, ``"infeasible"``,
``"unbounded"``, ``"iteration_limit"``, ``"solver_error"``. cvxpy's statuses map through
one table; anything unknown becomes ``"solver_error"``. Clarabel is tried first and SCS is
the fallback when Clarabel raises (DESIGN.md §4). An inaccurate answer is never reported as
``"optimal"``.
"""

from __future__ import annotations

import time
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
    "refused",
)

_FROM_CVXPY = {
    cp.OPTIMAL: "optimal",
    cp.OPTIMAL_INACCURATE: "optimal_inaccurate",
    cp.INFEASIBLE: "infeasible",
    cp.INFEASIBLE_INACCURATE: "infeasible",
    cp.UNBOUNDED: "unbounded",
    cp.UNBOUNDED_INACCURATE: "unbounded",
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


def solve_problem(problem: cp.Problem, tight: bool = True) -> SolveOutcome:
    """Solve ``problem`` with Clarabel (SCS if Clarabel raises) and map the status."""
    start = time.perf_counter()
    attempts = [(cp.CLARABEL, CLARABEL_TIGHT if tight else {}), (cp.SCS, {"eps": 1e-9, "max_iters": 200_000})]
    message = ""
    for solver, options in attempts:
        try:
            problem.solve(solver=solver, **options)
        except cp.error.SolverError as err:
            message += f"{solver} failed: {err}. "
            continue
        status = _FROM_CVXPY.get(problem.status, "solver_error")
        return SolveOutcome(status, solver, time.perf_counter() - start, message + f"{solver}: {problem.status}")
    return SolveOutcome("solver_error", "none", time.perf_counter() - start, message)
