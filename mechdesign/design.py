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
from functools import partial

import cvxpy as cp
import numpy as np
from cvxpy.constraints.nonpos import Inequality
from cvxpy.constraints.zero import Equality

from mechdesign._validation import check_bool, check_choice, check_instance
from mechdesign.game import LQGame

from mechdesign import constraints
from mechdesign._solve import solve_problem
from mechdesign.mechanism import GaussianMechanism
from mechdesign.analytic.route import analytic_design
from mechdesign.dual.function import Multipliers
from mechdesign.dual.route import solve_dual
from mechdesign.objectives import Objective, check_assumptions, resolve
from mechdesign.dual.certificate import certificate
from mechdesign.evidence import failure_status
from mechdesign.result import DesignResult, judge, relative_gap, verify
from mechdesign.scales import covariance_scales as _scales
from mechdesign.symmetric import supports, symmetric_design

__all__ = ["DesignProgram", "build_program", "design", "design_from", "METHODS"]

METHODS = ("auto", "sdp", "symmetric", "analytic", "dual")

#: Largest n for which ``method="auto"`` retries the full SDP when the dual route is not
#: certified optimal.
AUTO_SDP_FALLBACK_MAX_N = 30


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
    extra: tuple[cp.Constraint, ...] = ()

    def with_constraints(self, *extra: cp.Constraint) -> DesignProgram:
        """A copy with user constraints added (e.g. ``prog.cov[i, j] >= 0``).

        Constraints affine in ``cov`` are priced into the certificate with their
        multipliers (:meth:`_lagrangian_relaxation`); any other kind leaves the result
        without a certificate (at most ``"optimal_inaccurate"``).
        """
        problem = cp.Problem(self.problem.objective, self.problem.constraints + list(extra))
        return replace(self, problem=problem, extra=self.extra + extra)

    def solve(self) -> DesignResult:
        """Solve, rebuild the mechanism, re-verify and certify it, and report."""
        outcome = solve_problem(self.problem)
        name = self.objective.name
        if outcome.status not in ("optimal", "optimal_inaccurate"):
            checks = [partial(self._violation, c) for c in self.extra]
            status, message = failure_status(self.game, self.objective, outcome.status, outcome.message,
                                             obedience=self.obedience, ic=self.ic, extra=checks)
            return DesignResult(status, message, None, None, name, "sdp", solve_time=outcome.seconds,
                                solver=outcome.solver, problem=self.problem)
        mean = self.mean if isinstance(self.mean, np.ndarray) else self.mean.value
        mechanism = GaussianMechanism(self.game, mean, self.cov.value)
        residuals = verify(mechanism, self.obedience, self.ic)
        residuals.update({f"user[{k}]": self._violation(c, mechanism) for k, c in enumerate(self.extra)})
        value = self.objective.evaluate(mechanism)
        relaxed = self._lagrangian_relaxation(mechanism)
        if relaxed is None:
            bound, unit = float("nan"), 1.0
        else:
            objective, shift = relaxed
            bound, unit = certificate(self.game, objective, mechanism, obedience=self.obedience, ic=self.ic)
            bound += shift
        gap = relative_gap(bound, value, unit)
        status, message = judge(outcome.status, outcome.message, residuals, gap, value=value)
        return DesignResult(status, message, value, mechanism, name, "sdp", residuals,
                            outcome.seconds, outcome.solver, self.problem, bound, gap)

    def _lagrangian_relaxation(self, mechanism: GaussianMechanism) -> tuple[Objective, float] | None:
        """The objective with the user constraints priced in: for affine constraints
        g_j(Σ) ≤ 0 (or = 0) with multipliers ν_j (the solver's, clipped to ν ≥ 0 for
        inequalities), f(Σ) − Σ_j ν_j g_j(Σ) ≥ f(Σ) on the feasible set, so a bound on the
        relaxed program bounds the constrained one whatever ν is. Returns (objective with
        matrix Q − Σν_j G_j, constant to add to its bound), or None when a user constraint
        is not affine in the covariance (no certificate)."""
        if not self.extra:
            return self.objective, 0.0
        (scaled,) = self.cov.variables()
        scale = _scales(self.game)
        size = self.game.size
        scaled.value = mechanism.cov / np.outer(scale, scale)
        priced, shift = np.zeros((size, size)), 0.0
        for constraint in self.extra:
            if not isinstance(constraint, (Inequality, Equality)) or constraint.dual_value is None:
                return None
            expr = constraint.expr
            if not expr.is_affine() or set(expr.variables()) != {scaled}:
                return None
            nu = np.ravel(constraint.dual_value).astype(float)
            if isinstance(constraint, Inequality):
                nu = np.clip(nu, 0, None)
            grad = expr.grad[scaled].toarray()                      # (size², m), column-major
            offset = np.ravel(expr.value, order="F") - grad.T @ np.ravel(scaled.value, order="F")
            coef = (grad @ nu).reshape(size, size, order="F")
            priced += (coef + coef.T) / 2 / np.outer(scale, scale)    # in Σ's units
            shift -= float(nu @ offset)
        m = mechanism.mean
        relaxed = Objective(self.objective.name, self.objective.matrix - priced, self.objective.minus_rent)
        return relaxed, shift + float(m @ priced @ m)

    def _violation(self, constraint: cp.Constraint, mechanism: GaussianMechanism) -> float:
        """Largest violation of a user constraint at ``mechanism``."""
        (scaled,) = [v for v in self.cov.variables()]
        scale = _scales(self.game)
        scaled.value = mechanism.cov / np.outer(scale, scale)
        if isinstance(self.mean, cp.Variable):
            self.mean.value = mechanism.mean_actions
        return float(np.max(constraint.violation(), initial=0.0))


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
    method : {"auto", "sdp", "symmetric", "analytic", "dual"}
        "auto" takes the symmetric reduction for a symmetric game and objective, the dual
        route (:mod:`mechdesign.dual`) for any other game under obedience — retrying the
        full SDP up to n = 30 when the dual route is not certified optimal — else the full
        SDP.
    """
    return design_from(game, objective, obedience=obedience, ic=ic, method=method)[0]


def design_from(game, objective="welfare", *, obedience: bool = True, ic: bool = True,
                method: str = "auto", start: Multipliers | None = None
                ) -> tuple[DesignResult, Multipliers | None]:
    """:func:`design` with a warm start for the dual route: ``start`` is the restart point of
    a nearby problem (ignored unless strictly dual-feasible, and by the other routes); returns
    the result and this problem's restart point (None off the dual route). Sweeps pass it
    along their path."""
    check_choice(method, "method", "design", METHODS)
    check_instance(game, "game", "design", LQGame)
    obedience, ic = check_bool(obedience, "obedience", "design"), check_bool(ic, "ic", "design")
    if method == "analytic":
        return analytic_design(game, objective, obedience=obedience, ic=ic), None
    if method == "symmetric" or (method == "auto" and supports(game, objective)):
        return symmetric_design(game, objective, obedience=obedience, ic=ic), None
    if method == "dual" or (method == "auto" and obedience and not game.is_symmetric):
        solution = solve_dual(game, objective, ic=ic, obedience=obedience, start=start)
        result = solution.result
        if method == "dual" or result.status == "optimal" or game.n > AUTO_SDP_FALLBACK_MAX_N:
            return result, solution.restart
        # the dual route stopped short: the SDP is the reference route at this size
        fallback = build_program(game, objective, obedience=obedience, ic=ic).solve()
        if fallback.status == "optimal":
            return replace(fallback, message=f"{fallback.message} (after the dual route: "
                                             f"{result.message})"), solution.restart
        return result, solution.restart
    return build_program(game, objective, obedience=obedience, ic=ic).solve(), None
