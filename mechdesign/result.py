r"""The result of a design, and its re-verification.

Every route (``sdp``, ``symmetric``, ``analytic``) returns a :class:`DesignResult`. Before
a result is called ``"optimal"``, the mechanism is checked afresh from its covariance
(as scipy's ``_check_result`` does): the smallest eigenvalue of the scaled covariance, the
obedience residuals and the participation slack. A breach larger than the tolerance turns
``"optimal"`` into ``"optimal_inaccurate"`` with a message naming the constraint.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import cvxpy as cp
import numpy as np

from mechdesign.mechanism import GaussianMechanism

__all__ = ["DesignResult", "verify", "checked_status", "VERIFY_TOL"]

#: Largest scaled residual accepted as "optimal".
VERIFY_TOL = 1e-6


@dataclass(frozen=True)
class DesignResult:
    """Outcome of :func:`mechdesign.design`.

    ``value`` is the objective at ``mechanism`` (total over players), recomputed from the
    mechanism's moments, not taken from the solver. ``problem`` is the cvxpy problem
    (None for the analytic route). ``bound`` is a certified upper bound on the objective
    over all feasible mechanisms and ``gap`` the relative gap ``(bound − value) / max(1, |value|)``;
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

    def __repr__(self) -> str:
        value = "None" if self.value is None else f"{self.value:.10g}"
        return (f"DesignResult(status={self.status!r}, value={value}, objective={self.objective!r}, "
                f"method={self.method!r}, solve_time={self.solve_time:.3g}s, message={self.message!r})")


def verify(mechanism: GaussianMechanism, obedience: bool, ic: bool) -> dict[str, float]:
    """Largest breach per constraint label (0 when satisfied)."""
    out = {"psd": max(0.0, -mechanism.min_eigenvalue())}
    if obedience:
        out.update({k: float(np.max(np.abs(v))) for k, v in mechanism.obedience_residuals().items()})
    if ic:
        g = mechanism.game
        scale = g.beta ** 2 * g.prior.type_var
        scale = np.where(scale > 0, scale, 1.0)
        out["participation"] = float(np.max(np.clip(-mechanism.participation_slack / scale, 0, None)))
    return out


def checked_status(status: str, message: str, residuals: Mapping[str, float],
                   tol: float = VERIFY_TOL) -> tuple[str, str]:
    """Downgrade "optimal" when a residual exceeds ``tol``."""
    worst = max(residuals, key=residuals.get)
    if status == "optimal" and residuals[worst] > tol:
        return ("optimal_inaccurate",
                f"the solver reported optimal, but {worst} is violated by "
                f"{residuals[worst]:.3g} (tolerance {tol:g})")
    return status, message
