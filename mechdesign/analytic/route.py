r"""``design(..., method="analytic")``: the closed forms as a route to a DesignResult.

The game must be symmetric with n ≥ 2 and γ ≠ 0 (where the closed forms of
data-monetization §3 hold). The game is normalised (θ̃ = αθ, t̃ = βt, §1.2), the optimum is
taken from :func:`mechdesign.analytic.data_monetization.optimum`, its weights are turned
into the six symmetric moments (§1.4) and back into general units
(s = s̃/α, d = d̃/β, e = ẽ/β), and the mechanism is re-verified and certified (by the
dual of :mod:`mechdesign.symmetric_dual`) like any other route.
"""

from __future__ import annotations

import math
import time


from mechdesign._validation import check_interval
from mechdesign.analytic import data_monetization as dm
from mechdesign.dual.certificate import certificate
from mechdesign.objectives import check_assumptions, resolve
from mechdesign.reduced import SymmetricParams, reduced_coefficients
from mechdesign.result import DesignResult, judge, relative_gap, verify
from mechdesign.structured import SymmetricMechanism
from mechdesign.symmetric import action_unit, reduced_bound

__all__ = ["analytic_design", "closed_form_name", "check_closed_form_domain"]


def closed_form_name(prm: SymmetricParams, objective: str, obedience: bool) -> str:
    """The name of the closed form in data_monetization.OBJECTIVES for a design problem."""
    if objective == "consumer_surplus" and obedience:
        return f"consumer_surplus_{prm.market}"
    if objective in ("welfare", "revenue"):
        return objective if obedience else f"delegation_{objective}"
    raise ValueError(f"No closed form for objective={objective!r} with obedience={obedience} "
                     "(data-monetization §3 covers welfare, revenue, Cournot and Bertrand consumer "
                     "surplus, and delegated welfare and revenue); use method='sdp'.")


def check_closed_form_domain(prm: SymmetricParams, objective: str, obedience: bool) -> None:
    """Refuse, naming the game's own parameter and pointing to method='sdp', the symmetric
    games outside the closed forms: n = 1, γ = 0, and Bertrand substitutes (δ ≤ 0)."""
    where = "design for method='analytic'"
    if prm.n < 2 or prm.gamma == 0:
        raise ValueError(f"The 'game' parameter of {where} must be a symmetric game with n >= 2 "
                         "and gamma != 0, where the closed forms of data-monetization §3 hold; "
                         f"use method='symmetric' or 'sdp'. Got n={prm.n}, gamma={prm.gamma:g} "
                         "instead.")
    if objective == "consumer_surplus" and obedience and prm.market == "bertrand":
        check_interval(prm.delta, "delta", f"games.bertrand for method='analytic' with n={prm.n}",
                       0.0, 1.0 / (prm.n - 1),
                       why="the closed form of the Bertrand consumer optimum (data-monetization "
                           "Prop 12, gamma = delta/2) needs complements; use method='sdp' for "
                           "delta <= 0")


def analytic_design(game, objective="welfare", *, obedience: bool = True,
                    ic: bool = True) -> DesignResult:
    """The closed-form optimum as a DesignResult (same type as the SDP route)."""
    if not isinstance(objective, str):
        raise ValueError("The 'objective' parameter must be a name for method='analytic'; custom "
                         "objectives have no closed form. Got an objective object instead.")
    obj = resolve(game, objective)
    check_assumptions(game, obj, ic, obedience)
    start = time.perf_counter()
    prm = SymmetricParams.from_game(game)
    check_closed_form_domain(prm, objective, obedience)
    a, b = prm.alpha, prm.beta
    opt = dm.optimum(closed_form_name(prm, objective, obedience), prm.n, prm.gamma,
                     a ** 2 * prm.state_var, b ** 2 * prm.type_var, a * prm.state_mean,
                     b * prm.type_mean, ic=ic)
    mom = dm.symmetric_moments(opt, prm.n, a ** 2 * prm.state_var, b ** 2 * prm.type_var)
    mechanism = SymmetricMechanism(game, mean_action=opt.mean_action, s=mom.s / a, d=mom.d / b,
                                   e=mom.e / b, v=mom.v, c=mom.c)
    bound, _ = reduced_bound(prm, reduced_coefficients(obj, prm), mom.s / a, mom.d / b, mom.e / b,
                             obedience=obedience, ic=ic)
    if not math.isfinite(bound):
        bound = certificate(game, obj, mechanism, obedience=obedience, ic=ic)[0]
    seconds = time.perf_counter() - start
    residuals = verify(mechanism, obedience, ic)
    value = mechanism.value(obj)
    gap = relative_gap(bound, value, action_unit(prm))
    status, message = judge("optimal", f"closed form ({opt.regime})", residuals, gap, value=value)
    return DesignResult(status, message, value, mechanism, obj.name, "analytic", residuals,
                        seconds, "closed form", None, bound, gap)
