r"""A bound on every Gaussian sharing mechanism: the outcome-covariance SDP (reference §5.2–§5.3).

This is an extension, not in the paper. Any linear-Gaussian mechanism — the paper's noise
mechanisms included — induces the outcome covariance

    Z = Cov(theta, s_0, s_1..s_n, q_1..q_n)        (s_0 omitted without a platform signal)

which is PSD and satisfies constraints that are all linear in Z (labels in brackets):

* ``base``: the (theta, s) block is fixed by the prior — Var(theta) = sigma_theta^2,
  Cov(theta, s_k) = Cov(s_j, s_k) = sigma_theta^2 (j != k), Var(s_k) = sigma_theta^2 + sigma_k^2;
* ``obedience[i]``: firm i, knowing (s_i, q_i), cannot gain by deviating:
  Cov(theta - sum_{j != i} q_j - 2 q_i, q_i) = 0 and Cov(theta - sum_{j != i} q_j - 2 q_i, s_i) = 0
  (the means are a/(n+1));
* ``garbling[i]``: the mediator sees only the signals, so q is independent of theta given s:
  Cov(theta, q_i) = Sigma_{theta s} Sigma_ss^{-1} Cov(s, q_i);
* ``participation[i]`` (optional): E[pi_i] = a^2/(n+1)^2 + Var(q_i) >= u_i, an outside option
  fixed in advance (e.g. the paper's exclusion payoff at a given noise level).

Maximising PS, CS or TS (all linear in Z: ``E[pi_i] = a^2/(n+1)^2 + Z_{q_i q_i}``,
``CS = E[Q^2]/2``, ``TS = E[(a + theta) Q] - CS``) over this set is a Bayes-correlated-
equilibrium SDP; its value bounds what any mechanism in the class can achieve. With
``mediator="omniscient"`` the mediator sees theta itself: the s-blocks and the garbling
constraint are dropped, and max sum_i Var(q_i) = sigma_theta^2/4 for every n (§5.3, B16).

Closed forms (derived here; ``method="closed_form"``). Summing obedience over firms gives
``Cov(theta, Q) = Var(Q) + sum_i Var(q_i) >= (1 + 1/n) Var(Q)`` (Cauchy-Schwarz), and
``Cov(theta, Q) = Cov(theta_hat, Q) <= sqrt(W Var Q)`` with ``theta_hat`` the mediator's
posterior mean of theta and ``W = Var(theta_hat)`` (``sigma_theta^2`` for the omniscient
mediator, ``sigma_theta^2 - V_all`` for the signals mediator, ``V_all`` the posterior
variance given s_0, s_1..s_n). Hence ``Var Q <= W n^2/(n+1)^2``, and since
``sqrt(W y) - y/2`` increases for ``y < W``, both surpluses are maximised by revealing
``theta_hat`` to every firm, ``q_i = (a + theta_hat)/(n+1)`` (the paper's no-privacy sharing
(S0) for the signals mediator):

    max CS = (a^2 + W) n^2 / (2 (n+1)^2),      max TS = (a^2 + W) n (n+2) / (2 (n+1)^2).

For producer surplus obedience gives ``PS = n a^2/(n+1)^2 + sum_i Var(q_i)`` and, for the
omniscient mediator, ``max sum_i Var(q_i) = sigma_theta^2/4`` (§5.3, attained by
uncorrelated ``q_i`` with ``Var(q_i) = sigma_theta^2/(4n)``, ``Cov(q_i, theta) =
sigma_theta^2/(2n)``); the signals mediator's PS has no closed form here. Participation
floors are outside the closed forms' scope.

Three routes solve it (``method=``): ``"sdp"`` states the program above in cvxpy over Z;
``"lqg"`` maps the market onto a design problem of the core LQG engine
(:mod:`~mechdesign.markets.privacy_oligopoly.lqg`: the state the mediator sees, the
signals as private types, obedience) and solves it with :func:`mechdesign.build_program`,
whose certificate gives ``dual_bound``; its Z is rebuilt from the core mechanism and checked
against the constraints above; ``"closed_form"`` returns the closed forms and the Z of the
mechanism attaining them, checked the same way.

Where convexity breaks (§5.3): if the outside option depends on the design (the paper's
deviation subgame uses the same tau), participation is bilinear; here it is a number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import cvxpy as cp
import numpy as np

from mechdesign._solve import solve_problem
from mechdesign._validation import check_choice
from mechdesign.markets._certificate import min_eigenvalue, verdict
from mechdesign.markets.privacy_oligopoly.design import OBJECTIVES
from mechdesign.markets.privacy_oligopoly.engine import Equilibrium
from mechdesign.markets.privacy_oligopoly.lqg import lq_design

if TYPE_CHECKING:
    from mechdesign.markets.privacy_oligopoly.model import PrivacyOligopoly

__all__ = ["CovarianceBound", "covariance_bound", "mechanism_violation", "MEDIATORS",
           "BOUND_METHODS"]

MEDIATORS = ("signals", "omniscient")
BOUND_METHODS = ("sdp", "lqg", "closed_form")
_VERIFY_TOL = 1e-6


@dataclass(frozen=True)
class _Layout:
    """Index map of Z and its linear constraints <A, Z> = rhs, each with a label."""

    labels: tuple[str, ...]
    theta: int
    signals: tuple[int, ...]          # s_0 (if any) then s_1..s_n
    own_signal: tuple[int, ...]       # index of s_i, or -1
    quantities: tuple[int, ...]
    equalities: tuple[tuple[str, np.ndarray, float], ...]


def _layout(model: PrivacyOligopoly, mediator: str) -> _Layout:
    n = model.n
    labels = ["theta"]
    if mediator == "signals":
        labels += (["s_0"] if model.platform_var != math.inf else []) + [f"s_{i + 1}" for i in range(n)]
    labels += [f"q_{i + 1}" for i in range(n)]
    signals = tuple(range(1, len(labels) - n))
    own = tuple(signals[-n + i] if signals else -1 for i in range(n))
    quantities = tuple(range(len(labels) - n, len(labels)))
    prior = _prior_block(model, mediator)
    base = 1 + len(signals)
    rows = []
    for j in range(base):
        for k in range(j, base):
            rows.append((f"base[{labels[j]},{labels[k]}]", _unit(len(labels), j, k), prior[j, k]))
    return _Layout(tuple(labels), 0, signals, own, quantities,
                   tuple(rows) + _obedience(model, len(labels), own, quantities)
                   + (_garbling(prior, len(labels), signals, quantities) if signals else ()))


def _prior_block(model: PrivacyOligopoly, mediator: str) -> np.ndarray:
    v = model.state_var
    noise = []
    if mediator == "signals":
        noise = ([model.platform_var] if model.platform_var != math.inf else []) + list(model.signal_var)
    block = np.full((1 + len(noise), 1 + len(noise)), v)
    block[1:, 1:] += np.diag(noise)
    return block


def _unit(size: int, j: int, k: int, weight: float = 1.0) -> np.ndarray:
    """Symmetric A with <A, Z> = weight * Z[j, k]."""
    a = np.zeros((size, size))
    a[j, k] += weight / 2
    a[k, j] += weight / 2
    return a


def _obedience(model, size, own, quantities) -> tuple:
    rows = []
    for i, qi in enumerate(quantities):
        residual = np.zeros(size)                         # theta - sum_{j != i} q_j - 2 q_i
        residual[0] = 1.0
        residual[list(quantities)] = -1.0
        residual[qi] = -2.0
        targets = [("q", qi)] + ([("s", own[i])] if own[i] >= 0 else [])
        for name, idx in targets:
            a = np.zeros((size, size))
            a[:, idx] += residual / 2
            a[idx, :] += residual / 2
            rows.append((f"obedience[i={i + 1},{name}]", a, 0.0))
    return tuple(rows)


def _garbling(prior, size, signals, quantities) -> tuple:
    weights = np.linalg.solve(prior[1:, 1:], prior[1:, 0])    # Sigma_ss^{-1} Sigma_s theta
    rows = []
    for i, qi in enumerate(quantities):
        a = _unit(size, 0, qi)
        for w, s in zip(weights, signals):
            a -= _unit(size, s, qi, w)
        rows.append((f"garbling[i={i + 1}]", a, 0.0))
    return tuple(rows)


def _objective_matrix(model: PrivacyOligopoly, layout: _Layout, objective: str):
    """(A, constant) with objective value = <A, Z> + constant."""
    n, a = model.n, model.intercept
    alpha = a / (n + 1)
    size = len(layout.labels)
    q = list(layout.quantities)
    profit = np.zeros((size, size))
    profit[q, q] = 1.0
    consumer = np.zeros((size, size))
    consumer[np.ix_(q, q)] = 0.5
    if objective == "profit":
        return profit, n * alpha ** 2
    cs_const = 0.5 * (n * alpha) ** 2
    if objective == "consumer_surplus":
        return consumer, cs_const
    total = sum(_unit(size, 0, k) for k in q) - consumer
    return total, a * n * alpha - cs_const


@dataclass(frozen=True, eq=False)
class CovarianceBound:
    """The SDP optimum: value, Z (order ``labels``), status and the verification residuals.

    ``method`` is the route (``"sdp"``, ``"lqg"`` or ``"closed_form"``; ``problem`` is None
    for the last). ``dual_bound`` is a certified upper bound on the objective: weak duality
    at the solver's repaired multipliers (``"sdp"``), the core engine's certificate
    (``"lqg"``), the value itself (``"closed_form"``, a theorem: module notes). ``status``
    is ``"optimal"`` only when Z passes the re-check and ``dual_bound`` is within 1e-6
    (relative) of ``value`` (``mechdesign.markets._certificate``).
    """

    objective: str
    mediator: str
    value: float
    covariance: np.ndarray | None
    labels: tuple[str, ...]
    status: str
    message: str
    max_violation: float
    min_eigenvalue: float
    problem: cp.Problem | None = field(default=None, repr=False)
    method: str = "sdp"
    dual_bound: float = math.nan

    @property
    def quantity_variance(self) -> float:
        """sum_i Var(q_i) at the optimum."""
        n = len([k for k in self.labels if k.startswith("q_")])
        return float(np.trace(self.covariance[-n:, -n:])) if self.covariance is not None else math.nan


def covariance_bound(model: PrivacyOligopoly, *, objective: str = "total_surplus",
                     mediator: str = "signals", outside_option=None,
                     method: str = "sdp") -> CovarianceBound:
    """Maximise ``objective`` over outcome covariances (obedience, garbling, participation).

    ``outside_option``: per-firm reservation profits u_i (None = no participation
    constraint). ``model.privacy_var`` plays no role: the SDP ranges over all mechanisms.
    ``method``: ``"sdp"`` (the program over Z), ``"lqg"`` (the core LQG design problem) or
    ``"closed_form"`` (max CS, max TS, the omniscient mediator's max PS; no
    ``outside_option``, else ``ValueError``); see the module notes. A solver's "optimal"
    stands only when certified (``CovarianceBound``); a solver's "infeasible" only with a
    proof, else it is ``"solver_error"``.
    """
    check_choice(objective, "objective", "covariance_bound", OBJECTIVES)
    check_choice(mediator, "mediator", "covariance_bound", MEDIATORS)
    check_choice(method, "method", "covariance_bound", BOUND_METHODS)
    layout = _layout(model, mediator)
    alpha2 = (model.intercept / (model.n + 1)) ** 2
    floors = (None if outside_option is None else
              np.broadcast_to(np.asarray(outside_option, dtype=float), (model.n,)) - alpha2)
    if method == "lqg":
        return _lqg_bound(model, layout, objective, mediator, floors)
    if method == "closed_form":
        return _closed_form_bound(model, layout, objective, mediator, floors)
    size = len(layout.labels)
    cov = cp.Variable((size, size), PSD=True, name="Z")
    constraints = [(cp.sum(cp.multiply(a, cov)) == rhs).set_label(label)
                   for label, a, rhs in layout.equalities]
    if floors is not None:
        constraints += [(cov[q, q] >= floors[i]).set_label(f"participation[i={i + 1}]")
                        for i, q in enumerate(layout.quantities)]
    weights, constant = _objective_matrix(model, layout, objective)
    problem = cp.Problem(cp.Maximize(cp.sum(cp.multiply(weights, cov)) + constant), constraints)
    outcome = solve_problem(problem)
    if cov.value is None:
        status, message = _unsolved(model, outcome.status, outcome.message, floors)
        return CovarianceBound(objective, mediator, math.nan, None, layout.labels, status,
                               message, math.nan, math.nan, problem)
    z = (cov.value + cov.value.T) / 2
    violation, low, _, _ = _recheck(model, layout, z, floors, outcome.status, outcome.message)
    value = float(np.sum(weights * z) + constant)
    bound = _dual_bound(model, layout, constraints, weights, constant, floors, mediator)
    judged = verdict(problem, outcome, value=value, bound=bound,
                     residual=max(violation, -low) / max(1.0, model.state_var), sense="max",
                     magnitude=model.intercept ** 2 + model.state_var)
    return CovarianceBound(objective, mediator, value, z, layout.labels, judged.status,
                           judged.message, violation, low, problem, "sdp", judged.bound)


def _unsolved(model, status: str, message: str, floors) -> tuple[str, str]:
    """A solver's "infeasible" stands only with a proof: floors whose sum exceeds
    ``sigma_theta^2/4 >= sum_i Var(q_i)`` (see ``_dual_bound``). Without floors the program
    is feasible (no information) and bounded, so no other claim is passed on."""
    if status not in ("infeasible", "unbounded"):
        return status, message
    proved = floors is not None and float(np.sum(floors)) > model.state_var / 4
    if status == "infeasible" and proved:
        return status, (f"{message}; proof: the floors on Var(q_i) sum to {np.sum(floors):.6g} "
                        f"> sigma_theta^2/4 = {model.state_var / 4:.6g} >= sum_i Var(q_i)")
    return "solver_error", f"{message}; the solver answered {status!r}, which is not proved"


def _dual_bound(model, layout: _Layout, constraints: list, weights: np.ndarray,
                constant: float, floors, mediator: str) -> float:
    """Weak duality at the solver's multipliers, repaired: a certified upper bound.

    For multipliers y (equalities ``<A_k, Z> = b_k``) and ``mu >= 0`` (floors
    ``Z_qq >= f``), every feasible Z has ``<C, Z> <= b'y - f'mu - lambda_min(S) tr Z`` with
    ``S = sum_k y_k A_k - sum_i mu_i E_{q_i q_i} - C``. Obedience bounds the trace:
    summing it over firms, ``sum_i Var(q_i) = Cov(theta, Q) - Var(Q) <= sigma_theta^2/4``
    (Cauchy-Schwarz), so ``tr Z <= tr(prior block) + sigma_theta^2/4``. Both signs of
    cvxpy's equality multipliers give valid bounds; the smaller is kept.
    """
    equalities = constraints[:len(layout.equalities)]
    floor_rows = constraints[len(layout.equalities):]
    if any(c.dual_value is None for c in constraints):
        return math.nan
    trace = float(np.trace(_prior_block(model, mediator))) + model.state_var / 4
    cost = (weights + weights.T) / 2
    mu = np.array([max(0.0, float(c.dual_value)) for c in floor_rows])
    best = math.inf
    for sign in (1.0, -1.0):
        y = np.array([sign * float(c.dual_value) for c in equalities])
        slack = sum(yk * (a + a.T) / 2 for yk, (_, a, _) in zip(y, layout.equalities)) - cost
        for mu_i, q in zip(mu, layout.quantities):
            slack[q, q] -= mu_i
        offer = float(y @ np.array([rhs for _, _, rhs in layout.equalities]))
        if floors is not None:
            offer -= float(mu @ floors)
        best = min(best, offer + constant + max(0.0, -min_eigenvalue(slack)) * trace)
    return best


def _recheck(model, layout: _Layout, z: np.ndarray, floors, status: str,
             message: str) -> tuple[float, float, str, str]:
    """Constraint violation and least eigenvalue of Z; "optimal" downgraded past 1e-6."""
    violation, low = _violation(layout, z)
    if floors is not None:
        floors_gap = floors - np.diag(z)[list(layout.quantities)]
        violation = max(violation, float(np.max(floors_gap, initial=0.0)))
    if status == "optimal" and max(violation, -low) > _VERIFY_TOL * max(1.0, model.state_var):
        status = "optimal_inaccurate"
        message += f"; re-check: constraint violation {violation:.2e}, min eigenvalue {low:.2e}"
    return violation, low, status, message


def _lqg_bound(model, layout: _Layout, objective: str, mediator: str, floors) -> CovarianceBound:
    """The ``"lqg"`` route: the core design problem, its Z rebuilt and re-checked here."""
    result, lq, mean_part = lq_design(model, objective=objective, mediator=mediator,
                                      floors=floors)
    if result.mechanism is None:
        return CovarianceBound(objective, mediator, math.nan, None, layout.labels, result.status,
                               result.message, math.nan, math.nan, result.problem, "lqg")
    z = lq.outcome @ result.mechanism.cov @ lq.outcome.T
    z[0, 0] += lq.residual_var
    violation, low, status, message = _recheck(model, layout, z, floors, result.status,
                                               result.message)
    return CovarianceBound(objective, mediator, result.value + mean_part, z, layout.labels,
                           status, message, violation, low, result.problem, "lqg",
                           result.bound + mean_part)


def _closed_form_bound(model, layout: _Layout, objective: str, mediator: str,
                       floors) -> CovarianceBound:
    """The ``"closed_form"`` route (module notes): the value and the attaining Z."""
    if floors is not None or (objective == "profit" and mediator == "signals"):
        raise ValueError("The 'method' parameter of covariance_bound may be 'closed_form' only "
                         "without an outside_option and for mediator='omniscient' or an "
                         "objective in ('consumer_surplus', 'total_surplus'); use 'sdp' or "
                         f"'lqg' for objective={objective!r}, mediator={mediator!r}, "
                         f"outside_option={'None' if floors is None else 'given'}. "
                         "Got 'closed_form' instead.")
    n, a, v = model.n, model.intercept, model.state_var
    prior = _prior_block(model, mediator)
    z = np.zeros((len(layout.labels),) * 2)
    z[:prior.shape[0], :prior.shape[0]] = prior
    q = list(layout.quantities)
    if objective == "profit":                     # omniscient: sum_i Var(q_i) = v/4
        z[0, q] = z[q, 0] = v / (2 * n)
        z[q, q] = v / (4 * n)
        value = n * (a / (n + 1)) ** 2 + v / 4
    else:                                         # q_i = (a + theta_hat)/(n+1)
        noise = np.diag(prior)[1:] - v                      # sigma_0^2 (if any), sigma_i^2
        news = v if mediator == "omniscient" else v - 1.0 / (1.0 / v + np.sum(1.0 / noise))
        z[q, :prior.shape[0]] = prior[0] / (n + 1)
        z[:prior.shape[0], q] = z[q, :prior.shape[0]].T
        z[0, q] = z[q, 0] = news / (n + 1)
        z[np.ix_(q, q)] = news / (n + 1) ** 2
        factor = n * n if objective == "consumer_surplus" else n * (n + 2)
        value = (a * a + news) * factor / (2 * (n + 1) ** 2)
    violation, low, status, message = _recheck(model, layout, z, None, "optimal",
                                               "closed form (module notes)")
    return CovarianceBound(objective, mediator, float(value), z, layout.labels, status, message,
                           violation, low, None, "closed_form", float(value))


def _violation(layout: _Layout, z: np.ndarray) -> tuple[float, float]:
    gaps = [abs(float(np.sum(a * z)) - rhs) for _, a, rhs in layout.equalities]
    return max(gaps), float(np.linalg.eigvalsh(z)[0])


def mechanism_violation(equilibrium: Equilibrium) -> tuple[float, float]:
    """(``max |linear constraint gap|``, min eigenvalue) of an engine equilibrium's Z (B16b).

    A BNE of any noise mechanism is obedient and a garbling of the signals, so both
    numbers are ~0 (the second >= -1e-12).
    """
    return _violation(_layout(equilibrium.model, "signals"), equilibrium.outcome_covariance())
