r"""Convex programs of the data-market model: LMIs for leaks, relaxation, optimal disclosure.

Reference: ``shared/reference/too-much-data.md`` §3.1 (a), (b), (c), (e).

(a) Leak of user i from a fixed set S (Schur complement)::

        I_i(S) = min { t : [[t, Σ[i,S]], [Σ[S,i], I + Σ[S,S]]] ⪰ 0 }

(b) Leak matrix: ``L(S)`` is the Loewner-minimal T with
    ``[[T, Σ[:,S]], [Σ[S,:], I + Σ[S,S]]] ⪰ 0``; minimising ``Σ_i w_i T_ii`` (w > 0)
    returns it.

(c) Concave relaxation: sharing intensity ``a ∈ [0,1]^n`` is observation precision,
    ``P(a) = (Σ⁻¹ + diag(a))⁻¹``; with hypograph ``[[Σ⁻¹ + diag(a), I], [I, Y]] ⪰ 0``::

        max Σ_i w_i (σ_i² − Y_ii)   s.t.  LMI,  0 ≤ a ≤ 1,  Σ_i a_i ≤ budget     (w ≥ 0)

    an upper bound on the best binary sharing set of that size (B17).

(e) Optimal linear-Gaussian disclosure (not in the paper): every Gaussian garbling of the
    full data has a leak matrix R with ``0 ⪯ R ⪯ L(V)``, and every such R is attainable::

        max Σ_i (1 − v_i) R_ii   s.t.  0 ⪯ R ⪯ L(V)

    Closed form: the sum of the positive eigenvalues of ``L^{1/2} D L^{1/2}``,
    ``D = diag(1 − v)``. A leak vector ℓ is implementable iff some such R has
    ``diag(R) = ℓ``; ``disclosure_margin`` returns the largest s with ``R ⪰ s I`` and
    ``L(V) − R ⪰ s I`` (strictly feasible for every ℓ, so well conditioned), and ℓ is
    implementable iff the margin is ≥ 0 (up to solver tolerance).

Every solve goes through ``mechdesign._solve.solve_problem`` and is then certified
(``mechdesign.markets._certificate``): each program's docstring states its bound, and a
result is "optimal" only when the verified point and the bound agree to 1e-6 (relative).
Values are ``nan`` unless the program was solved.

Programs (a), (b) and (e) have closed forms (a Cholesky factorisation, an eigenvalue
decomposition); ``ProgramResult.exact`` wraps one in the same result type, with status
``"exact"``, ``bound = value`` and ``gap = 0``. The model object chooses the route:
``DataMarket.user_leak``, ``total_leak`` and ``optimal_disclosure`` take the closed form by
default and ``method="program"`` forces the program; ``DataMarket.relaxation`` and
``disclosure_margin`` are programs only.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import cvxpy as cp
import numpy as np
from scipy import optimize

from mechdesign._solve import solve_problem
from mechdesign._validation import check_integer, check_positive, check_vector
from mechdesign.markets._certificate import min_eigenvalue, verdict
from .enumeration import Sharing

if TYPE_CHECKING:
    from .model import DataMarket

__all__ = [
    "ProgramResult",
    "leak_sdp",
    "leak_matrix_sdp",
    "relaxation_sdp",
    "disclosure_sdp",
    "optimal_disclosure_value",
    "disclosure_margin",
]


@dataclass(frozen=True)
class ProgramResult:
    """Optimum of one convex program, or its closed form; ``solution`` is the variable
    named in the program's docstring.

    ``value`` is the objective at the verified point, ``bound`` a certified bound on the
    optimum (upper for a maximum, lower for a minimum) and ``gap`` their relative distance;
    ``status`` follows ``mechdesign.markets._certificate``, or is ``"exact"`` for a closed
    form (no solver: ``bound = value``, ``gap = 0``, ``problem`` is None).
    """

    status: str
    value: float
    solution: np.ndarray | None
    problem: cp.Problem | None
    bound: float = math.nan
    gap: float = math.nan
    message: str = ""

    @classmethod
    def exact(cls, value: float, solution: np.ndarray, formula: str) -> ProgramResult:
        """A closed form evaluated in float64; ``formula`` names it for the message."""
        value = float(value)
        return cls("exact", value, np.asarray(solution, dtype=float), None, value, 0.0,
                   f"closed form: {formula}")

    @property
    def success(self) -> bool:
        """True for a number that may be quoted: a closed form or a certified optimum."""
        return self.status in ("exact", "optimal")

    def __repr__(self) -> str:
        return (f"<ProgramResult status={self.status!r} value={self.value:.10g} "
                f"bound={self.bound:.10g}>")


Certify = Callable[[], tuple[float, float]]


def _residual(problem: cp.Problem) -> float:
    """Worst constraint violation of the solver's point (eigenvalues for LMIs)."""
    return max((float(np.max(c.violation())) for c in problem.constraints), default=0.0)


def _solve(problem: cp.Problem, variable: cp.Variable, certify: Certify, sense: str,
           magnitude: float, residual: Callable[[], float] | None = None) -> ProgramResult:
    """Solve and certify; ``certify()`` returns (value at the verified point, bound).

    ``magnitude`` is the program's natural size, the floor of its relative gap.
    """
    outcome = solve_problem(problem)
    solved = outcome.status in ("optimal", "optimal_inaccurate") and problem.value is not None
    value, bound = certify() if solved else (math.nan, math.nan)
    worst = (residual or (lambda: _residual(problem)))() if solved else math.inf
    judged = verdict(problem, outcome, value=value, bound=bound, residual=worst, sense=sense,
                     magnitude=magnitude)
    solution = np.array(variable.value) if solved and variable.value is not None else None
    return ProgramResult(judged.status, value if solved else math.nan, solution, problem,
                         judged.bound, judged.gap, judged.message)


def _schur_bound(weight: np.ndarray | None, cross: np.ndarray, block: np.ndarray) -> float:
    """``t >= c' B^-1 c >= 2 c'y - y'By`` for any y; y from the dual ``W`` of the LMI."""
    if weight is None or not weight[0, 0] > 0:
        return math.nan
    y = -weight[1:, 0] / weight[0, 0]
    return float(2 * cross @ y - y @ block @ y)


def _schur_block(market: DataMarket, users: np.ndarray, rows: np.ndarray) -> tuple:
    cross = market.cov[np.ix_(rows, users)]
    return cross, np.eye(users.size) + market.cov[np.ix_(users, users)]


def leak_sdp(market: DataMarket, *, user: int, sharing: Sharing) -> ProgramResult:
    """§3.1(a): ``I_user(S)`` as ``min t`` under the Schur-complement LMI; solution = t.

    Certificate: ``2 c'y − y'(I + Σ_SS) y`` at the y of the solver's dual matrix.
    """
    user = check_integer(user, "user", "leak_sdp", 0, market.n - 1)
    users = market.sharing_set(sharing)
    leak = cp.Variable(name="leak")
    if users.size == 0:
        return _solve(cp.Problem(cp.Minimize(leak), [leak >= 0]), leak,
                      lambda: (float(leak.value), 0.0), "min", market.cov[user, user])
    cross, block = _schur_block(market, users, np.array([user]))
    lmi = cp.bmat([[cp.reshape(leak, (1, 1), order="F"), cross], [cross.T, block]])
    constraint = (lmi >> 0).set_label(f"schur[i={user}]")
    return _solve(cp.Problem(cp.Minimize(leak), [constraint]), leak,
                  lambda: (float(leak.value),
                           _schur_bound(constraint.dual_value, cross[0], block)), "min",
                  market.cov[user, user])


def leak_matrix_sdp(market: DataMarket, *, sharing: Sharing,
                    weights: np.ndarray | None = None) -> ProgramResult:
    """§3.1(b): ``min Σ w_i T_ii`` under the block LMI (w ≥ 0); solution = T (= L(S)).

    Certificate: ``T_ii ≥ 2 c_i'y_i − y_i'B y_i`` for each row, y_i from the dual matrix.
    """
    n = market.n
    weights = _nonnegative_weights(weights, n, "leak_matrix_sdp")
    users = market.sharing_set(sharing)
    leak = cp.Variable((n, n), symmetric=True, name="T")
    if users.size == 0:
        return _solve(cp.Problem(cp.Minimize(weights @ cp.diag(leak)), [leak >> 0]), leak,
                      lambda: (float(weights @ np.diag(leak.value)), 0.0), "min",
                      float(weights @ market.variances))
    cross, block = _schur_block(market, users, np.arange(n))
    constraint = cp.bmat([[leak, cross], [cross.T, block]]) >> 0

    def certify() -> tuple[float, float]:
        dual = constraint.dual_value
        rows = [_schur_bound(None if dual is None else dual[np.ix_([i, *range(n, n + users.size)],
                                                                      [i, *range(n, n + users.size)])],
                             cross[i], block) if weights[i] > 0 else 0.0 for i in range(n)]
        return float(weights @ np.diag(leak.value)), float(weights @ np.array(rows))

    return _solve(cp.Problem(cp.Minimize(weights @ cp.diag(leak)), [constraint]), leak,
                  certify, "min", float(weights @ market.variances))


def _nonnegative_weights(weights: np.ndarray | None, n: int, where: str) -> np.ndarray:
    weights = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    if weights.shape != (n,) or not np.all(np.isfinite(weights)) or np.any(weights < 0):
        raise ValueError(
            f"The 'weights' parameter of {where} must be {n} finite nonnegative numbers "
            f"(negative weights make the program unbounded or nonconvex, reference "
            f"§3.1(b)-(d)). Got {weights.tolist()} instead.")
    return weights


def relaxation_sdp(market: DataMarket, *, budget: float,
                   weights: np.ndarray | None = None) -> ProgramResult:
    """§3.1(c): ``max Σ w_i I_i(a)`` over intensities ``a ∈ [0,1]^n``, ``Σ a ≤ budget``.

    ``weights`` must be nonnegative (else the objective is not concave, §3.1(d));
    solution = the intensities a, moved into the feasible set. The value is
    ``f(a) = Σ w_i (σ_i² − P(a)_ii)`` at that a; certificate (f concave):
    ``f(a) + max_{y feasible} ∇f(a)'(y − a)`` with ``∂f/∂a_j = Σ_i w_i P_ij²``, the inner
    maximum a fractional knapsack.
    """
    n = market.n
    budget = check_positive(budget, "budget", "relaxation_sdp")
    weights = _nonnegative_weights(weights, n, "relaxation_sdp")
    intensity = cp.Variable(n, name="a")
    posterior = cp.Variable((n, n), symmetric=True, name="Y")
    lmi = cp.bmat([[market.precision + cp.diag(intensity), np.eye(n)], [np.eye(n), posterior]])
    constraints = [lmi >> 0, intensity >= 0, intensity <= 1, cp.sum(intensity) <= budget]
    objective = cp.Maximize(weights @ (market.variances - cp.diag(posterior)))

    def value_and_gradient(a: np.ndarray) -> tuple[float, np.ndarray]:
        cov = np.linalg.inv(market.precision + np.diag(a))
        return float(weights @ (market.variances - np.diag(cov))), weights @ cov ** 2

    def certify() -> tuple[float, float]:
        a = _polish_relaxation(_into_feasible(intensity.value, budget), budget,
                               value_and_gradient)
        intensity.value = a
        value, gradient = value_and_gradient(a)
        return value, value + float(gradient @ (_knapsack(gradient, budget) - a))

    return _solve(cp.Problem(objective, constraints), intensity, certify, "max",
                  float(weights @ market.variances), residual=lambda: 0.0)


def _into_feasible(a: np.ndarray, budget: float) -> np.ndarray:
    a = np.clip(np.asarray(a, dtype=float), 0.0, 1.0)
    return a * min(1.0, budget / max(a.sum(), 1e-300))


def _polish_relaxation(start: np.ndarray, budget: float, value_and_gradient) -> np.ndarray:
    """SLSQP from the solver's point on the smooth concave objective; kept if not worse."""
    result = optimize.minimize(
        lambda a: tuple(-x for x in value_and_gradient(a)), start, jac=True, method="SLSQP",
        bounds=[(0.0, 1.0)] * start.size,
        constraints=[{"type": "ineq", "fun": lambda a: budget - a.sum(),
                      "jac": lambda a: -np.ones_like(a)}],
        options={"ftol": 1e-15, "maxiter": 200})
    polished = _into_feasible(result.x, budget)
    return polished if value_and_gradient(polished)[0] >= value_and_gradient(start)[0] else start


def _knapsack(gain: np.ndarray, budget: float) -> np.ndarray:
    """``argmax gain'y`` over ``y ∈ [0,1]^n``, ``Σ y ≤ budget`` (gain ≥ 0): greedy."""
    best, left = np.zeros(gain.size), budget
    for j in np.argsort(-gain):
        if left <= 0 or gain[j] <= 0:
            break
        best[j] = min(1.0, left)
        left -= best[j]
    return best


def disclosure_sdp(market: DataMarket, *, weights: np.ndarray | None = None) -> ProgramResult:
    """§3.1(e): ``max Σ w_i R_ii`` over ``0 ⪯ R ⪯ L(V)``; default ``w = 1 − v`` (surplus).

    solution = R. Certificate: for any ``Z ⪰ 0`` with ``Z ⪰ D = diag(w)``, ``⟨D, R⟩ ≤
    ⟨Z, R⟩ ≤ ⟨Z, L(V)⟩``; Z is the solver's dual of ``R ⪯ L(V)`` shifted by a multiple of I
    until both conditions hold.
    """
    weights = _disclosure_weights(market, weights, "disclosure_sdp")
    full = market.leak_matrix(range(market.n))
    disclosed = cp.Variable((market.n, market.n), symmetric=True, name="R")
    constraints = [(disclosed >> 0).set_label("R ⪰ 0"),
                   (full - disclosed >> 0).set_label("R ⪯ L(V)")]

    def certify() -> tuple[float, float]:
        dual = constraints[1].dual_value
        if dual is None:
            return float(weights @ np.diag(disclosed.value)), math.nan
        dual = (dual + dual.T) / 2
        shift = max(0.0, -min_eigenvalue(dual - np.diag(weights)), -min_eigenvalue(dual))
        return (float(weights @ np.diag(disclosed.value)),
                float(np.sum(full * (dual + shift * np.eye(market.n)))))

    return _solve(cp.Problem(cp.Maximize(weights @ cp.diag(disclosed)), constraints), disclosed,
                  certify, "max", float(np.abs(weights) @ np.diag(full)))


def _disclosure_weights(market: DataMarket, weights: np.ndarray | None,
                        where: str) -> np.ndarray:
    """``w = 1 − v`` by default; otherwise one finite weight per user (any sign)."""
    return 1 - market.privacy if weights is None else check_vector(weights, "weights", where,
                                                                   market.n)


def _disclosure_closed_form(market: DataMarket, *,
                           weights: np.ndarray | None = None) -> tuple[float, np.ndarray]:
    """Closed form of ``disclosure_sdp``: its value and an optimal ``R``.

    With ``L = L(V)``, ``D = diag(w)`` and ``L^{1/2} D L^{1/2} = Q Λ Qᵀ``, the optimum is
    ``R* = L^{1/2} Q_+ Q_+ᵀ L^{1/2}`` (``Q_+`` the eigenvectors of positive eigenvalues):
    ``0 ⪯ Q_+ Q_+ᵀ ⪯ I`` gives ``0 ⪯ R* ⪯ L``, and ``⟨D, R*⟩ = Σ_{λ > 0} λ``, the sum of
    the positive eigenvalues, which no ``0 ⪯ R ⪯ L`` exceeds (reference §3.1(e)).
    """
    weights = _disclosure_weights(market, weights, "optimal_disclosure_value")
    values, vectors = np.linalg.eigh(market.leak_matrix(range(market.n)))
    root = vectors @ np.diag(np.sqrt(np.clip(values, 0, None))) @ vectors.T
    spectrum, basis = np.linalg.eigh(root @ np.diag(weights) @ root)
    positive = basis[:, spectrum > 0]
    disclosed = root @ positive @ positive.T @ root
    return float(spectrum[spectrum > 0].sum()), (disclosed + disclosed.T) / 2


def optimal_disclosure_value(market: DataMarket, *, weights: np.ndarray | None = None) -> float:
    """Closed form of ``disclosure_sdp``: Σ positive eigenvalues of ``L^{1/2} D L^{1/2}``."""
    return _disclosure_closed_form(market, weights=weights)[0]


def disclosure_margin(market: DataMarket, *, leaks: np.ndarray) -> ProgramResult:
    """Feasibility LMI of §3.1(e): ``max s`` s.t. ``R ⪰ s I, L(V) − R ⪰ s I, diag(R) = ℓ``.

    The leak vector ℓ is implementable by some linear-Gaussian disclosure iff the optimal
    margin ``s`` is ≥ 0; solution = R.
    """
    leaks = np.asarray(leaks, dtype=float)
    if leaks.shape != (market.n,):
        raise ValueError(
            f"The 'leaks' parameter of disclosure_margin must have one value per user "
            f"(shape ({market.n},)). Got shape {leaks.shape} instead.")
    full = market.leak_matrix(range(market.n))
    disclosed = cp.Variable((market.n, market.n), symmetric=True, name="R")
    margin = cp.Variable(name="s")
    slack = margin * np.eye(market.n)
    constraints = [(disclosed - slack >> 0).set_label("R ⪰ sI"),
                   (full - disclosed - slack >> 0).set_label("L(V) − R ⪰ sI"),
                   (cp.diag(disclosed) == leaks).set_label("diag(R) = leaks")]

    def certify() -> tuple[float, float]:
        point = (disclosed.value + disclosed.value.T) / 2
        np.fill_diagonal(point, leaks)
        disclosed.value = point
        exact = min(min_eigenvalue(point), min_eigenvalue(full - point))
        return exact, _margin_bound(constraints, full, leaks)

    return _solve(cp.Problem(cp.Maximize(margin), constraints), disclosed, certify, "max",
                  float(np.linalg.eigvalsh(full)[-1]), residual=lambda: 0.0)


def _margin_bound(constraints: list, full: np.ndarray, leaks: np.ndarray) -> float:
    """Weak-duality bound ``(⟨Z₂, L⟩ + μ'ℓ)/(tr Z₁ + tr Z₂)`` of the margin program.

    Stationarity in R is imposed exactly by ``Z₁ = Z₂ + diag(μ)``; both are shifted by a
    multiple of I until PSD, and the normalisation restores ``tr Z₁ + tr Z₂ = 1``. Any μ
    gives a valid bound; the solver's μ is tried with both signs (cvxpy's sign convention)
    and the smaller bound kept.
    """
    second, mu = constraints[1].dual_value, constraints[2].dual_value
    if second is None or mu is None:
        return math.nan
    second = (second + second.T) / 2
    bounds = []
    for sign in (1.0, -1.0):
        first = second + np.diag(sign * mu)
        shift = max(0.0, -min_eigenvalue(first), -min_eigenvalue(second))
        eye = np.eye(full.shape[0])
        total = np.trace(first) + np.trace(second) + 2 * shift * full.shape[0]
        if total > 0:
            bounds.append(float(np.sum((second + shift * eye) * full) + sign * mu @ leaks)
                          / total)
    return min(bounds, default=math.nan)
