r"""Evidence behind "unbounded" and "infeasible": a solver's claim is checked, not believed.

* **Bounded.** The obedient program is bounded when its Lagrangian dual has a strictly
  feasible point, :math:`M(y) = -Q_{aa} - \operatorname{sym}(\operatorname{diag}(y)(G - I))
  \succ 0` for some y (``shared/design/dual-route.md`` §2–§3, weak duality). If
  :math:`\operatorname{sym}(I - G) \succ 0`, y = c·1 works for c large (for the symmetric
  game this is the admissible range γ ∈ (−1, 1/(n−1)) of data-monetization Remark 3);
  otherwise the phase I of :mod:`mechdesign.dual.phase` decides: a strictly feasible
  point proves boundedness, a noise direction proves unboundedness. Under delegation the mean part must be strictly concave
  (:func:`mechdesign.objectives.check_assumptions`), so M(0) = −Q_aa ≻ 0 and the program is
  bounded.
* **Feasible.** The no-information mechanism is obedient and meets participation with
  equality for independent types (data-monetization §1.5, eq. 14), so the standard
  program is never infeasible; with user constraints, every benchmark mechanism of
  :mod:`mechdesign.reference_mechanisms` is tried against all constraints.
"""

from __future__ import annotations

import numpy as np

from mechdesign import reference_mechanisms
from mechdesign.dual.function import DualData
from mechdesign.dual.phase import phase_one
from mechdesign.result import VERIFY_TOL, verify

__all__ = ["bounded_reason", "feasible_benchmark", "failure_status"]

#: Largest n for which the phase-I SDP is attempted.
PHASE_ONE_MAX_N = 200


def bounded_reason(game, objective, obedience: bool) -> tuple[bool | None, str]:
    """(bounded?, why): True with a proof, False with a proof of unboundedness, None if
    undecided."""
    if not obedience:
        return True, "the mean part is strictly concave (delegation), so M(0) = -Q_aa > 0"
    if game.is_symmetric:
        bounded = -1 < game.gamma < (1 / (game.n - 1) if game.n > 1 else np.inf)
        if bounded:
            return True, "gamma is in the admissible range (data-monetization Remark 3)"
    else:
        g = game.interaction
        if np.linalg.eigvalsh(np.eye(game.n) - (g + g.T) / 2)[0] > 1e-12:
            return True, "sym(I - G) is positive definite, so the dual has a strictly feasible point"
    if game.n > PHASE_ONE_MAX_N:
        return None, "phase I was not attempted (n too large)"
    first = phase_one(DualData.from_game(game, objective, ic=objective.minus_rent))
    if first.start is not None:
        return True, f"phase I found a strictly dual-feasible point ({first.message})"
    if first.direction is not None:
        return False, first.message
    return None, first.message


def feasible_benchmark(game, obedience: bool, ic: bool, extra=()) -> str | None:
    """The name of a benchmark mechanism that satisfies every constraint, or None.

    ``extra`` holds callables mechanism → largest violation of a user constraint.
    """
    if game.is_symmetric and not extra and game.n > 1 and -1 < game.gamma < 1 / (game.n - 1):
        return "no_information"          # obedient, participation with equality (eq. 14)
    if obedience and np.linalg.cond(np.eye(game.n) - game.interaction) > 1e12:
        return None
    for name, build in reference_mechanisms.BENCHMARKS.items():
        mechanism = build(game)
        worst = max(verify(mechanism, True, ic and game.prior.independent_types).values())
        if worst <= VERIFY_TOL and all(check(mechanism) <= VERIFY_TOL for check in extra):
            return name
    return None


def failure_status(game, objective, claim: str, message: str, *, obedience: bool, ic: bool,
                   extra=()) -> tuple[str, str]:
    """The status for a route that produced no mechanism, given the solver's ``claim``."""
    if claim == "unbounded":
        bounded, why = bounded_reason(game, objective, obedience)
        if bounded is False:
            return "unbounded", f"{message}; {why}"
        if bounded:
            return "solver_error", f"{message}; the solver's 'unbounded' is refuted: {why}"
        return "solver_error", f"{message}; the solver reported unbounded without proof ({why})"
    if claim == "infeasible":
        name = feasible_benchmark(game, obedience, ic, extra)
        if name is not None:
            return "solver_error", (f"{message}; the solver's 'infeasible' is refuted: the "
                                    f"{name} mechanism is feasible")
        return "infeasible", f"{message}; no benchmark mechanism is feasible"
    return claim, message
