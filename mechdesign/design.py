r"""design(): the designer's problem as a convex program, solved and explained.

The program (data-monetization §2.4 A, in general form, DESIGN.md §5)::

    maximise    tr(Q (Σ + m m')) [− Σ_i rent_i]         objective (objectives.py)
    subject to  Σ ⪰ 0,  Σ_ff = P                         psd, prior
                diag((R Σ)[:, a]) == 0                    obedience_action
                diag((R Σ)[:, t]) == 0                    obedience_type
                β ∘ diag(Σ_at) ≥ β² ∘ Var(t)              participation (ic=True)

with m = (μ_θ, μ_t, μ_a), μ_a fixed by eq. (10) under obedience and free under delegation
(``obedience=False``, App. E). The variable is the congruent scaled matrix
S⁻¹ Σ S⁻¹ with S = diag(standard deviations), so small type variances do not ruin the
conditioning (reference §5.2 tolerance notes). Everything is vectorised: no Python loop
touches a matrix entry.

Other routes to the same result type: ``method="symmetric"`` (the reduced program of
§2.4 B, :mod:`mechdesign.symmetric`) and ``method="analytic"`` (the closed forms of §3).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cvxpy as cp
import numpy as np

from mechdesign._validation import check_bool, check_choice, check_instance
from mechdesign.game import LQGame

from mechdesign import constraints
from mechdesign._solve import solve_problem
from mechdesign.mechanism import GaussianMechanism
from mechdesign.analytic.route import analytic_design
from mechdesign.objectives import Objective, check_assumptions, resolve
from mechdesign.reference_mechanisms import complete_information_weights
from mechdesign.result import DesignResult, checked_status, verify
from mechdesign.symmetric import supports, symmetric_design

__all__ = ["DesignProgram", "build_program", "design", "METHODS"]

METHODS = ("auto", "sdp", "symmetric", "analytic")


@dataclass(frozen=True, eq=False)
class DesignProgram:
    """The cvxpy program of a design problem, open to extra constraints.

    ``cov`` is Σ (original units, order state, types, actions) and ``mean`` the action
    means (an array under obedience, a cvxpy Variable under delegation).
    """

    game: object
    objective: Objective
    obedience: bool
    ic: bool
    problem: cp.Problem
    cov: cp.Expression
    mean: np.ndarray | cp.Variable

    def with_constraints(self, *extra: cp.Constraint) -> DesignProgram:
        """A copy with user constraints added (e.g. ``prog.cov[i, j] >= 0``)."""
        problem = cp.Problem(self.problem.objective, self.problem.constraints + list(extra))
        return replace(self, problem=problem)

    def solve(self) -> DesignResult:
        """Solve, rebuild the mechanism, re-verify it and report."""
        outcome = solve_problem(self.problem)
        name = self.objective.name
        if outcome.status not in ("optimal", "optimal_inaccurate"):
            return DesignResult(outcome.status, outcome.message, None, None, name, "sdp",
                                solve_time=outcome.seconds, solver=outcome.solver, problem=self.problem)
        mean = self.mean if isinstance(self.mean, np.ndarray) else self.mean.value
        mechanism = GaussianMechanism(self.game, mean, self.cov.value)
        residuals = verify(mechanism, self.obedience, self.ic)
        status, message = checked_status(outcome.status, outcome.message, residuals)
        return DesignResult(status, message, self.objective.evaluate(mechanism), mechanism, name,
                            "sdp", residuals, outcome.seconds, outcome.solver, self.problem)


def _scales(game) -> np.ndarray:
    """Standard deviations of (θ, t) and a scale for each action: the larger standard
    deviation of its no-information part (α²σ_θ² + β²σ_t²) and of the complete-information
    action (I − G)⁻¹(αθ + β∘t) (eq. 6), which grows near the edge of the admissible range."""
    p = game.prior
    fund = np.sqrt(np.diag(p.cov))
    var = game.alpha ** 2 * p.state_var + game.beta ** 2 * p.type_var
    if np.linalg.cond(np.eye(game.n) - game.interaction) < 1e12:
        lam = complete_information_weights(game)
        var = np.maximum(var, np.einsum("ik,kl,il->i", lam, p.cov, lam))
    act = np.sqrt(var)
    return np.concatenate([fund, np.where(act > 0, act, 1.0)])


def build_program(game, objective="welfare", *, obedience: bool = True,
                  ic: bool = True) -> DesignProgram:
    """The convex program of the designer's problem, before solving."""
    obj = resolve(game, objective)
    check_assumptions(game, obj, ic, obedience)
    scale = _scales(game)
    scaled = cp.Variable((game.size, game.size), symmetric=True, name="scaled_cov")
    cov = cp.multiply(np.outer(scale, scale), scaled)
    cons = [constraints.psd(scaled), constraints.prior_block(game, cov)]
    if obedience:
        mean = game.mean_action
        cons += constraints.obedience(game, cov)
    else:
        mean = cp.Variable(game.n, name="mean_actions")
    if ic:
        cons.append(constraints.participation(game, cov))
    value, extra = obj.expression(game, cov, mean)
    problem = cp.Problem(cp.Maximize(value), cons + extra)
    return DesignProgram(game, obj, obedience, ic, problem, cov, mean)


def design(game, objective="welfare", *, obedience: bool = True, ic: bool = True,
           method: str = "auto") -> DesignResult:
    """The optimal Gaussian mechanism for ``game`` and ``objective``.

    Parameters
    ----------
    game : LQGame
    objective : {"welfare", "revenue", "consumer_surplus"}, Objective or ndarray
        What the designer maximises (totals over players).
    obedience : bool
        False for delegation (players hand over their actions; the mean is free).
    ic : bool
        Impose incentive compatibility and participation (Props 4–5).
    method : {"auto", "sdp", "symmetric", "analytic"}
        "auto" takes the symmetric reduction for a symmetric game and objective, else the
        full SDP.
    """
    check_choice(method, "method", "design", METHODS)
    check_instance(game, "game", "design", LQGame)
    obedience, ic = check_bool(obedience, "obedience", "design"), check_bool(ic, "ic", "design")
    if method == "analytic":
        return analytic_design(game, objective, obedience=obedience, ic=ic)
    if method == "symmetric" or (method == "auto" and supports(game, objective)):
        return symmetric_design(game, objective, obedience=obedience, ic=ic)
    return build_program(game, objective, obedience=obedience, ic=ic).solve()
