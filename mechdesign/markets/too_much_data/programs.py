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

Every solve goes through ``mechdesign._solve.solve_problem``; results carry the status
and the cvxpy problem, and values are ``nan`` unless the status is optimal (or inaccurate).
"""

from __future__ import annotations

from dataclasses import dataclass

import cvxpy as cp
import numpy as np

from mechdesign._solve import solve_problem
from mechdesign._validation import check_positive
from .model import DataMarket, Sharing

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
    """Optimum of one convex program; ``solution`` is the variable named in its docstring."""

    status: str
    value: float
    solution: np.ndarray | None
    problem: cp.Problem

    @property
    def success(self) -> bool:
        return self.status == "optimal"

    def __repr__(self) -> str:
        return f"<ProgramResult status={self.status!r} value={self.value:.10g}>"


def _solve(problem: cp.Problem, variable: cp.Variable) -> ProgramResult:
    outcome = solve_problem(problem)
    solved = outcome.status in ("optimal", "optimal_inaccurate")
    value = float(problem.value) if solved else float("nan")
    solution = np.array(variable.value) if solved and variable.value is not None else None
    return ProgramResult(outcome.status, value, solution, problem)


def _schur_block(market: DataMarket, users: np.ndarray, rows: np.ndarray) -> tuple:
    cross = market.cov[np.ix_(rows, users)]
    return cross, np.eye(users.size) + market.cov[np.ix_(users, users)]


def leak_sdp(market: DataMarket, user: int, sharing: Sharing) -> ProgramResult:
    """§3.1(a): ``I_user(S)`` as ``min t`` under the Schur-complement LMI; solution = t."""
    users = market.sharing_set(sharing)
    leak = cp.Variable(name="leak")
    if users.size == 0:
        return _solve(cp.Problem(cp.Minimize(leak), [leak >= 0]), leak)
    cross, block = _schur_block(market, users, np.array([user]))
    lmi = cp.bmat([[cp.reshape(leak, (1, 1), order="F"), cross], [cross.T, block]])
    constraint = (lmi >> 0).set_label(f"schur[i={user}]")
    return _solve(cp.Problem(cp.Minimize(leak), [constraint]), leak)


def leak_matrix_sdp(market: DataMarket, sharing: Sharing,
                    weights: np.ndarray | None = None) -> ProgramResult:
    """§3.1(b): ``min Σ w_i T_ii`` under the block LMI; solution = T (= L(S))."""
    n = market.n
    weights = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    users = market.sharing_set(sharing)
    leak = cp.Variable((n, n), symmetric=True, name="T")
    if users.size == 0:
        constraints = [leak >> 0]
    else:
        cross, block = _schur_block(market, users, np.arange(n))
        constraints = [cp.bmat([[leak, cross], [cross.T, block]]) >> 0]
    return _solve(cp.Problem(cp.Minimize(weights @ cp.diag(leak)), constraints), leak)


def relaxation_sdp(market: DataMarket, budget: float,
                   weights: np.ndarray | None = None) -> ProgramResult:
    """§3.1(c): ``max Σ w_i I_i(a)`` over intensities ``a ∈ [0,1]^n``, ``Σ a ≤ budget``.

    ``weights`` must be nonnegative (else the objective is not concave, §3.1(d));
    solution = the intensities a.
    """
    n = market.n
    budget = check_positive(budget, "budget", "relaxation_sdp")
    weights = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    if weights.shape != (n,) or np.any(weights < 0):
        raise ValueError(
            f"The 'weights' parameter of relaxation_sdp must be {n} nonnegative numbers "
            f"(negative weights make the relaxation nonconvex, reference §3.1(d)). "
            f"Got {weights.tolist()} instead.")
    intensity = cp.Variable(n, name="a")
    posterior = cp.Variable((n, n), symmetric=True, name="Y")
    lmi = cp.bmat([[market.precision + cp.diag(intensity), np.eye(n)], [np.eye(n), posterior]])
    constraints = [lmi >> 0, intensity >= 0, intensity <= 1, cp.sum(intensity) <= budget]
    objective = cp.Maximize(weights @ (market.variances - cp.diag(posterior)))
    return _solve(cp.Problem(objective, constraints), intensity)


def disclosure_sdp(market: DataMarket, weights: np.ndarray | None = None) -> ProgramResult:
    """§3.1(e): ``max Σ w_i R_ii`` over ``0 ⪯ R ⪯ L(V)``; default ``w = 1 − v`` (surplus)."""
    weights = 1 - market.privacy if weights is None else np.asarray(weights, dtype=float)
    full = market.leak_matrix(range(market.n))
    disclosed = cp.Variable((market.n, market.n), symmetric=True, name="R")
    constraints = [(disclosed >> 0).set_label("R ⪰ 0"),
                   (full - disclosed >> 0).set_label("R ⪯ L(V)")]
    return _solve(cp.Problem(cp.Maximize(weights @ cp.diag(disclosed)), constraints), disclosed)


def optimal_disclosure_value(market: DataMarket, weights: np.ndarray | None = None) -> float:
    """Closed form of ``disclosure_sdp``: Σ positive eigenvalues of ``L^{1/2} D L^{1/2}``."""
    weights = 1 - market.privacy if weights is None else np.asarray(weights, dtype=float)
    full = market.leak_matrix(range(market.n))
    values, vectors = np.linalg.eigh(full)
    root = vectors @ np.diag(np.sqrt(np.clip(values, 0, None))) @ vectors.T
    spectrum = np.linalg.eigvalsh(root @ np.diag(weights) @ root)
    return float(spectrum[spectrum > 0].sum())


def disclosure_margin(market: DataMarket, leaks: np.ndarray) -> ProgramResult:
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
    return _solve(cp.Problem(cp.Maximize(margin), constraints), disclosed)
