r"""``design(..., method="dual")``: the barrier Newton route on the Lagrangian dual.

Pipeline (dual-route §1–§3): the normalised program (:class:`DualData`), phase I (a
strictly dual-feasible start, or a certified ``"unbounded"``), barrier Newton
(:func:`mechdesign.dual.newton.minimise`), the primal point C = ½P̃HM⁻¹,
V = C'P̃⁻¹C + μM⁻¹, the polish of C with the noise held fixed, and the mechanism in the
game's units. The result carries its own certificate: ``bound`` = D at the final
multipliers (an upper bound on every feasible mechanism's value, weak duality, plus a
rounding allowance) and ``gap`` (:func:`mechdesign.result.relative_gap`).

Status (:func:`mechdesign.result.judge`): ``"optimal"`` only when the re-verified residuals
are ≤ 1e-6 and the certified gap is ≤ 1e-6; ``"optimal_inaccurate"`` when the method
converged but one of them is larger, ``"iteration_limit"`` when it did not; the reason
is in the message.

Covered: every objective tr(Q E[zz']) with the mean fixed (welfare, revenue with IC and
participation, consumer surplus, a player's payoff, custom matrices), heterogeneous and
correlated players (correlated types without IC), players whose row of G is zero.
Delegation (a free mean) and user constraints stay on the cvxpy route (``method="sdp"``,
``build_program(...).with_constraints``).

Dense linear algebra runs with one BLAS thread (threadpoolctl): on a shared machine more
threads make each small factorisation slower.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from threadpoolctl import ThreadpoolController

from mechdesign._validation import check_integer
from mechdesign.dual import newton
from mechdesign.dual.function import DualData, Multipliers, dual_value, mechanism
from mechdesign.dual.phase import phase_one
from mechdesign.dual.polish import polish
from mechdesign.dual.polish import residuals as polish_residuals
from mechdesign.objectives import check_assumptions, resolve
from mechdesign.dual.recovery import rounding
from mechdesign.result import DesignResult, judge, relative_gap, verify

__all__ = ["DualSolution", "solve_dual"]


@dataclass(frozen=True)
class DualSolution:
    """A dual-route design: the result, the final multipliers and a restart point for a
    nearby problem (the last centred iterate with relative gap ≥ 1e-4), both None when
    no dual-feasible point exists."""

    result: DesignResult
    multipliers: Multipliers | None
    restart: Multipliers | None
    iterations: int


def _refuse(game, obj, ic: bool, obedience: bool) -> None:
    if not obedience:
        raise ValueError(
            "The 'obedience' parameter of design must be True for method='dual': delegation "
            "frees the mean action (data-monetization App. E) and the dual route is derived "
            "with the mean fixed by obedience (eq. 10); use method='sdp'. Got obedience=False "
            "instead.")
    check_assumptions(game, obj, ic, obedience)


def solve_dual(game, objective="welfare", *, ic: bool = True, obedience: bool = True,
               start: Multipliers | None = None, max_iter: int = 300) -> DualSolution:
    """Solve a design problem by the dual route.

    Parameters
    ----------
    game : LQGame
    objective : {"welfare", "revenue", "consumer_surplus"}, Objective or ndarray
    ic : bool
        Impose incentive compatibility and participation (Props 4–5).
    obedience : bool
        Must be True (delegation is refused with a ValueError naming method='sdp').
    start : Multipliers, optional
        Warm start, e.g. ``previous.restart`` along a sweep; ignored if not strictly
        dual-feasible for this problem.
    max_iter : int
        Largest number of Newton steps; beyond it the status is "iteration_limit".
    """
    max_iter = check_integer(max_iter, "max_iter", "solve_dual", 1)
    if start is not None and not isinstance(start, Multipliers):
        raise TypeError("The 'start' parameter of solve_dual must be Multipliers (e.g. the "
                        f"restart of a previous DualSolution) or None. Got {start!r} instead.")
    if start is not None and any(np.shape(a) != (game.n,) for a in (start.y, start.z, start.w, start.lam)):
        raise ValueError(f"The 'start' parameter of solve_dual must hold four arrays of shape "
                         f"({game.n},) for n={game.n}. Got shape {np.shape(start.y)} instead.")
    obj = resolve(game, objective)
    _refuse(game, obj, ic, obedience)
    begin = time.perf_counter()
    with _blas().limit(limits=1, user_api="blas"):
        data = DualData.from_game(game, obj, ic=ic)
        return _solve(game, obj, data, start, ic, begin, max_iter)


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    """The process's BLAS libraries, inspected once (a fresh inspection costs ~10 ms)."""
    return ThreadpoolController()


def _initial_mu(data: DualData, x: Multipliers, warm: bool) -> float:
    level = 1e-4 if warm else 1e-1
    return level * max(1.0, abs(dual_value(data, x))) / newton.barrier_terms(data)


def _solve(game, obj, data: DualData, start, ic: bool, begin: float, max_iter: int) -> DualSolution:
    warm = start is not None and np.isfinite(dual_value(data, start))
    if not warm:
        first = phase_one(data)
        if first.start is None:
            status = "unbounded" if first.direction is not None else "solver_error"
            res = DesignResult(status, first.message, None, None, obj.name, "dual",
                               solve_time=time.perf_counter() - begin, solver="dual-newton",
                               bound=float("inf") if status == "unbounded" else float("nan"))
            return DualSolution(res, None, None, 0)
        start = first.start
    found = newton.minimise(data, start, mu=_initial_mu(data, start, warm), max_iter=max_iter)
    res = _result(game, obj, data, found, ic, time.perf_counter() - begin)
    return DualSolution(res, found.x, found.restart, found.iterations)


def _polished(data: DualData, c: np.ndarray, found: newton.Minimum, binding: np.ndarray):
    """(N, C) for the mechanism. By complementarity (M*N* = 0, dual-route §4) the optimal
    noise lives where M is singular. Each eigen-direction of the barrier's noise μM⁻¹ has
    noise ν_k = μ/λ_k (λ_k the eigenvalue of M), so dropping it costs about ν_kλ_k = μ in
    value; the directions with ν_k below √ε, ε = μm/max(1, |D|) the relative gap level,
    are the analytic centre's noise, which a deterministic optimum does not have, and are
    dropped. C is polished with that N; if the polish does not close the residuals, the
    full barrier noise is used instead. The certificate (verify, gap) judges either."""
    mu, terms = found.mu, newton.barrier_terms(data)
    full = mu * found.central.R
    vals, vecs = np.linalg.eigh(full)
    keep = vals >= np.sqrt(mu * terms / max(1.0, abs(dual_value(data, found.x))))
    noise = (vecs[:, keep] * vals[keep]) @ vecs[:, keep].T
    polished = polish(data, c, noise, binding)
    if np.max(np.abs(polish_residuals(data, polished, noise, binding))) <= 1e-12:
        return noise, polished
    return full, polish(data, c, full, binding)


def _result(game, obj, data: DualData, found: newton.Minimum, ic: bool, seconds: float) -> DesignResult:
    central = found.central
    slack = data.beta * np.diag(central.C[1:]) - data.beta ** 2
    binding = data.ic & (slack <= 1e-4 * data.beta ** 2)
    noise, c = _polished(data, central.C, found, binding)
    v = c.T @ np.linalg.solve(data.P, c) + noise
    mech = mechanism(data, game, c, (v + v.T) / 2)
    value = obj.evaluate(mech)
    bound = dual_value(data, found.x) + rounding(data, found.x)
    gap = relative_gap(bound, value, float(np.sum(data.q)))
    residuals = verify(mech, True, ic)
    summary = f"barrier Newton: {found.iterations} iterations"
    solver_status = "optimal" if found.converged else "iteration_limit"
    status, message = judge(solver_status, summary, residuals, gap, value=value)
    return DesignResult(status, message, value, mech, obj.name, "dual", residuals, seconds,
                        "dual-newton", None, bound, gap)
