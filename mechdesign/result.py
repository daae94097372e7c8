r"""The result of a design, its re-verification and its certificate.

Every route (``sdp``, ``dual``, ``symmetric``, ``analytic``) returns a :class:`DesignResult`
whose status follows one policy (:func:`judge`):

* **optimal** — the mechanism is checked afresh from its covariance (as scipy's
  ``_check_result`` does: smallest eigenvalue of the scaled covariance, obedience
  residuals, participation slack), every breach is ≤ 1e-6, *and* a certified upper bound
  from the Lagrangian dual (``shared/design/dual-route.md`` §2) is within 1e-6 (relative)
  of the value. The solver's own word is never enough.
* **optimal_inaccurate** — a mechanism was found but one of those checks failed (the
  message says which), or the problem has no certificate.
* **unbounded** / **infeasible** — only with evidence (:mod:`mechdesign.evidence`); a
  solver's claim without it becomes **solver_error** with the claim in the message.
* **iteration_limit**, **solver_error** — the solver stopped short.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import cvxpy as cp
import numpy as np

from mechdesign.mechanism import GaussianMechanism
from mechdesign.result_summary import summary_text
from mechdesign.serialize import game_to_dict, plain
from mechdesign.structured import SymmetricMechanism

__all__ = ["DesignResult", "verify", "judge", "relative_gap", "VERIFY_TOL"]

#: Largest scaled residual accepted as "optimal".
VERIFY_TOL = 1e-6


@dataclass(frozen=True)
class DesignResult:
    """Outcome of :func:`mechdesign.design`.

    ``value`` is the objective at ``mechanism`` (total over players), recomputed from the
    mechanism's moments, not taken from the solver. ``problem`` is the cvxpy problem
    (None for the analytic route). ``bound`` is a certified upper bound on the objective
    over all feasible mechanisms and ``gap`` the relative gap (:func:`relative_gap`); both
    nan where no certificate exists.
    """

    status: str
    message: str
    value: float | None
    mechanism: GaussianMechanism | None
    objective: str
    method: str
    residuals: Mapping[str, float] = field(default_factory=dict)
    solve_time: float = 0.0
    solver: str = ""
    problem: cp.Problem | None = field(default=None, repr=False)
    bound: float = float("nan")
    gap: float = float("nan")

    @property
    def success(self) -> bool:
        """True iff ``status == "optimal"``."""
        return self.status == "optimal"

    def __getstate__(self) -> dict:
        """Pickle state: the cvxpy problem is rebuilt from its objective and constraints,
        without the solver cache it holds after a solve (which cannot be pickled). The
        variables' values and the constraints' dual values travel with it; its own
        ``value`` and ``status`` do not (they are the result's ``value`` and ``status``)."""
        state = dict(self.__dict__)
        if self.problem is not None:
            state["problem"] = cp.Problem(self.problem.objective, self.problem.constraints)
        return state

    def to_dict(self) -> dict:
        """The result as plain types (JSON-ready): status, message, value, bound, gap,
        objective, method, residuals, timing, the game's defining data (None when no
        mechanism was found) and the mechanism's mean actions and covariance (order
        state, types, actions). :func:`mechdesign.load` reads it back."""
        m = self.mechanism
        return plain({
            "status": self.status, "message": self.message, "value": self.value,
            "bound": self.bound, "gap": self.gap, "objective": self.objective,
            "method": self.method, "residuals": dict(self.residuals),
            "solve_time": self.solve_time, "solver": self.solver,
            "game": None if m is None else game_to_dict(m.game),
            "mechanism": None if m is None else {"mean_actions": m.mean_actions, "cov": m.cov},
        })

    def summary(self) -> str:
        """A text table: game, objective, status, value, bound, gap, per-player weights,
        noise and rents, and the obedience and participation constraints with whether they
        bind and, when the cvxpy problem carries labelled constraints, their multipliers."""
        return summary_text(self)

    def __repr__(self) -> str:
        value = "None" if self.value is None else f"{self.value:.10g}"
        return (f"DesignResult(status={self.status!r}, value={value}, objective={self.objective!r}, "
                f"method={self.method!r}, solve_time={self.solve_time:.3g}s, message={self.message!r})")


def verify(mechanism: GaussianMechanism, obedience: bool, ic: bool) -> dict[str, float]:
    """Largest breach per constraint label (0 when satisfied)."""
    if isinstance(mechanism, SymmetricMechanism):  # from its moments, in O(1)
        return mechanism.residuals(obedience, ic)
    out = {"psd": max(0.0, -mechanism.min_eigenvalue())}
    if obedience:
        out.update({k: float(np.max(np.abs(v))) for k, v in mechanism.obedience_residuals().items()})
    if ic:
        g = mechanism.game
        scale = g.beta ** 2 * g.prior.type_var
        scale = np.where(scale > 0, scale, 1.0)
        out["participation"] = float(np.max(np.clip(-mechanism.participation_slack / scale, 0, None)))
    return out


def relative_gap(bound: float, value: float, unit: float) -> float:
    """(bound − value) / max(|value|, |bound|, 1e-9·unit): the certified relative gap.

    ``unit`` is the objective's natural scale (Σ_i s_i², the actions' variance scale), so a
    value that is zero at the optimum is compared in absolute terms at a billionth of it.
    """
    if not (np.isfinite(bound) and np.isfinite(value)):
        return float("nan")
    return float((bound - value) / max(abs(value), abs(bound), 1e-9 * unit))


def judge(solver_status: str, message: str, residuals: Mapping[str, float], gap: float,
          tol: float = VERIFY_TOL, *, value: float = 0.0) -> tuple[str, str]:
    """The status policy for a route that produced a mechanism.

    "optimal" on evidence only: every residual ≤ ``tol`` and a certified gap ≤ ``tol`` —
    whatever the solver said (a retry or a solver's "optimal" never suffices alone).
    Otherwise an answer with a mechanism is "optimal_inaccurate" (or the solver's
    "iteration_limit"), with the reason in the message.
    """
    worst = max(residuals, key=residuals.get)
    feasible = residuals[worst] <= tol
    certified = np.isfinite(gap) and -tol <= gap <= tol
    if feasible and certified:
        return "optimal", f"{message}; certified gap {gap:.1e}"
    if not feasible:
        reason = f"{worst} is violated by {residuals[worst]:.3g} (tolerance {tol:g})"
    elif not np.isfinite(value):
        reason = f"the objective at the mechanism is {value} (a rent is infinite: participation fails)"
    elif not np.isfinite(gap):
        reason = "no duality certificate exists for this problem (see the docs' certificates page)"
    elif gap < 0:
        reason = (f"the value exceeds the certified upper bound by {-gap:.3g} (relative): the "
                  "covariance is infeasible beyond the precision of the residual check")
    else:
        reason = f"the certified relative gap is {gap:.3g} (tolerance {tol:g})"
    status = "iteration_limit" if solver_status == "iteration_limit" else "optimal_inaccurate"
    return status, f"{message}; not certified optimal: {reason}"
