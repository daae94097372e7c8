r"""The linear Bayes-Nash equilibrium engine of the privacy-oligopoly model (dense route).

Definitions (reference ``privacy-oligopoly.md`` §1–§2)
-------------------------------------------------------
Liu & Rahimian [1]_: ``n`` firms choose quantities :math:`q_i`; inverse demand is :math:`P = a + \theta - Q`
with :math:`Q = \sum_i q_i`, marginal cost is zero and :math:`\pi_i = q_i P`.

* state :math:`\theta \sim N(0, \sigma_\theta^2)` (``state_var``);
* private signals :math:`s_i = \theta + \varepsilon_i`, :math:`\varepsilon_i \sim N(0, \sigma_i^2)`
  (``signal_var``);
* the platform's own signal :math:`s_0 = \theta + \varepsilon_0`,
  :math:`\varepsilon_0 \sim N(0, \sigma_0^2)` (``platform_var``; ``inf`` = no platform signal);
* a participant reports :math:`\tilde s_i = s_i + \eta_i`, :math:`\eta_i \sim N(0, \tau_i^2)`
  (``privacy_var``; ``inf`` = the report is pure noise and is ignored).

For a participating set :math:`S` the platform releases, to members of :math:`S` only,

.. math:: \hat s_S = V_S\Big(\sum_{j\in S}\frac{\tilde s_j}{\sigma_j^2+\tau_j^2}
          + \frac{s_0}{\sigma_0^2}\Big),\qquad
          V_S = \Big(\frac1{\sigma_\theta^2} + \sum_{j\in S}\frac1{\sigma_j^2+\tau_j^2}
          + \frac1{\sigma_0^2}\Big)^{-1}.

Equilibrium engine (§2.1, §5.1)
-------------------------------
Every signal is a linear map of the primitives
``x = (theta, eps_0, eps_1..eps_n, eta_1..eta_n)`` with diagonal covariance. Firm ``i``
sees ``y_i = H_i x`` (rows ``s_i`` and, if ``i`` in ``S``, ``ŝ_S``) and plays
``q_i = a/(n+1) + b_i' y_i``. The first-order conditions are the linear system

    2 Var(y_i) b_i + sum_{j != i} Cov(y_i, y_j) b_j = Cov(y_i, theta),   i.e. (M + D) b = c,

with ``M = Cov(stacked y)`` and ``D = blockdiag(Var(y_i))``. The same ``b`` maximises the
expected potential ``c'b - b'(M + D)b/2`` (a convex QP; ``method="qp"``). A collinear
``y_i`` (e.g. ``n = 2``, no privacy, no platform signal, one sharer) makes ``M + D``
singular; the pseudo-inverse then picks one of the equivalent strategies (quantities and
profits are unique).

Payoffs: ``E[pi_i] = E[q_i (a + theta - Q)]``; consumer surplus ``E[Q^2]/2``; total surplus
``E[(a + theta) Q] - E[Q^2]/2`` (§5.4). The participation incentive (§1.5) is
``Delta_i = E[pi_i | all share] - E[pi_i | all but i share]``; sharing is a Nash
equilibrium of the participation game iff ``Delta_i >= 0`` for every ``i``.

Beware: quantities are unconstrained reals (reference §7 F8), and ``a`` cancels from
every ``Delta`` (§1.6).

.. [1] Liu, Rahimian, "Privacy-preserving Information Sharing in Oligopoly
   Competitions", arXiv 2606.02348v1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import cvxpy as cp
import numpy as np

from mechdesign._solve import solve_problem
from mechdesign._validation import check_choice, check_integer

if TYPE_CHECKING:
    from mechdesign.markets.privacy_oligopoly.model import PrivacyOligopoly

__all__ = ["Equilibrium", "solve_equilibrium", "equilibrium_batch", "MAX_DENSE_FIRMS"]

MAX_DENSE_FIRMS = 400
_PINV_RCOND = 1e-13
_FOC_TOL = 1e-8


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """A linear Bayes-Nash equilibrium.

    q_i = intercept_weight + own_weight_i s_i + platform_weight_i ŝ (platform weight 0 outside S).
    When s_i and ŝ are collinear the split between the two weights is one of many
    equivalent choices; quantities, profits and surpluses are unique.

    Attributes
    ----------
    loadings : ndarray(float, shape=(n, 2n+2))
        Weights of q on x = (theta, eps_0, eps_1..eps_n, eta_1..eta_n).
    primitive_var : ndarray(float, shape=(2n+2,))
        Variances of x (0 for unused infinite-variance terms).
    profits : ndarray(float, shape=(n,))
        Expected profits; surpluses are totals.
    status : str
        The mapped solver status ("optimal" for the linear system), downgraded to
        "optimal_inaccurate" when the first-order residual ``max|(M + D)b - c|`` exceeds
        1e-8 (relative to ``max(1, max|c|)``); ``foc_residual`` holds that number.
    problem : cvxpy.Problem or None
        The cvxpy problem for ``method="qp"``, else None.
    """

    model: PrivacyOligopoly
    participants: frozenset[int]
    intercept_weight: float
    own_weight: np.ndarray
    platform_weight: np.ndarray
    loadings: np.ndarray
    primitive_var: np.ndarray
    profits: np.ndarray
    consumer_surplus: float
    total_surplus: float
    status: str
    foc_residual: float
    problem: cp.Problem | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        profits = np.array2string(self.profits, precision=6)
        return (f"<Equilibrium n={self.model.n} participants={sorted(self.participants)} "
                f"status={self.status} profits={profits}>")

    @property
    def producer_surplus(self) -> float:
        return float(np.sum(self.profits))

    def outcome_covariance(self) -> np.ndarray:
        """Cov(theta, s_0, s_1..s_n, q_1..q_n); the s_0 row is omitted without a platform signal."""
        n = self.model.n
        signals = np.zeros((n + 2, 2 * n + 2))
        signals[:, 0] = 1.0
        signals[1, 1] = 1.0
        signals[2:, 2:n + 2] = np.eye(n)
        if self.model.platform_var == math.inf:
            signals = np.delete(signals, 1, axis=0)
        rows = np.vstack([signals, self.loadings])
        return rows @ np.diag(self.primitive_var) @ rows.T


def solve_equilibrium(model: PrivacyOligopoly, members: frozenset[int],
                      method: str = "linear") -> Equilibrium:
    """The equilibrium of ``model`` when ``members`` share, by the dense linear system or the QP.

    ``method="linear"`` solves (M + D) b = c by a pseudo-inverse; ``method="qp"``
    maximises the expected potential with cvxpy (Clarabel) and keeps the problem. Both
    build the (2n+2)-column loadings, so n is limited to ``MAX_DENSE_FIRMS``.
    """
    check_choice(method, "method", "PrivacyOligopoly.equilibrium", ("linear", "qp"))
    check_integer(model.n, "n", "PrivacyOligopoly.equilibrium", 2, MAX_DENSE_FIRMS)
    system = _System(model.state_var, *_batch_arrays(model), members)
    if method == "linear":
        return _wrap(model, system, system.solve(), "optimal", None)
    return _solve_qp(model, system)


def _batch_arrays(model: PrivacyOligopoly) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (np.array([model.signal_var]), np.array([model.privacy_var]),
            np.array([model.platform_var]))


class _System:
    """The first-order system (M + D) b = c for a batch of parameter values and one set S."""

    def __init__(self, state_var: float, signal_var: np.ndarray, privacy_var: np.ndarray,
                 platform_var: np.ndarray, members: frozenset[int]) -> None:
        batch, n = signal_var.shape
        self.n, self.members = n, members
        with np.errstate(divide="ignore"):
            report_prec = 1.0 / (signal_var + privacy_var)            # 0 when tau = inf
            platform_prec = 1.0 / platform_var                          # 0 when sigma_0 = inf
        inside = np.zeros(n, dtype=bool)
        inside[list(members)] = True
        posterior_var = 1.0 / (1.0 / state_var + report_prec @ inside + platform_prec)
        p = 2 * n + 2
        hat = np.zeros((batch, p))                                      # ŝ_S as a row in x
        hat[:, 0] = posterior_var * (report_prec @ inside + platform_prec)
        hat[:, 1] = posterior_var * platform_prec
        hat[:, 2:n + 2] = posterior_var[:, None] * report_prec * inside
        hat[:, n + 2:] = hat[:, 2:n + 2]
        self.owner = np.array(list(range(n)) + sorted(members))
        rows = np.zeros((batch, self.owner.size, p))
        rows[:, :n, 0] = 1.0
        rows[:, np.arange(n), 2 + np.arange(n)] = 1.0
        rows[:, n:, :] = hat[:, None, :]
        self.rows = rows
        self.var = np.concatenate([np.full((batch, 1), float(state_var)),
                                   np.where(np.isinf(platform_var), 0.0, platform_var)[:, None],
                                   signal_var, np.where(np.isinf(privacy_var), 0.0, privacy_var)],
                                  axis=1)
        cov = np.einsum("brp,bp,bsp->brs", rows, self.var, rows)
        same = self.owner[:, None] == self.owner[None, :]
        self.matrix = cov + cov * same
        self.target = rows[:, :, 0] * state_var

    def solve(self) -> np.ndarray:
        """b from the pseudo-inverse of the SPD (or singular PSD) matrix M + D."""
        vals, vecs = np.linalg.eigh(self.matrix)
        cutoff = _PINV_RCOND * vals[:, -1:]
        inv = np.where(vals > cutoff, 1.0 / np.where(vals > cutoff, vals, 1.0), 0.0)
        proj = np.einsum("brk,br->bk", vecs, self.target)
        return np.einsum("brk,bk->br", vecs, inv * proj)

    def loadings(self, weights: np.ndarray) -> np.ndarray:
        """(batch, n, 2n+2) loadings of the quantities on the primitives."""
        own = (self.owner[:, None] == np.arange(self.n)[None, :]).astype(float)
        return np.einsum("rk,brp,br->bkp", own, self.rows, weights)


def _payoffs(loadings: np.ndarray, var: np.ndarray,
             intercept: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Profits (batch, n), consumer and total surplus (batch,) of q = a/(n+1) + L x."""
    n = loadings.shape[1]
    alpha = intercept / (n + 1)
    total = loadings.sum(axis=1)
    price_noise = -total
    price_noise[:, 0] += 1.0                                            # theta - Q
    profits = alpha ** 2 + np.einsum("bkp,bp,bp->bk", loadings, var, price_noise)
    consumer = 0.5 * ((n * alpha) ** 2 + np.einsum("bp,bp,bp->b", total, var, total))
    return profits, consumer, profits.sum(axis=1) + consumer


def equilibrium_batch(state_var: float, signal_var: np.ndarray, privacy_var: np.ndarray,
                      platform_var: np.ndarray, members: frozenset[int],
                      intercept: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised engine: (profits (B, n), consumer surplus (B,), total surplus (B,)).

    ``signal_var`` and ``privacy_var`` have shape (B, n) and ``platform_var`` shape (B,);
    inputs are trusted (validate with :class:`PrivacyOligopoly` first).
    """
    system = _System(state_var, signal_var, privacy_var, platform_var, members)
    return _payoffs(system.loadings(system.solve()), system.var, intercept)


def _wrap(model: PrivacyOligopoly, system: _System, weights: np.ndarray, status: str,
          problem: cp.Problem | None) -> Equilibrium:
    gap = system.matrix[0] @ weights[0] - system.target[0]
    residual = float(np.max(np.abs(gap)) / max(1.0, float(np.max(np.abs(system.target[0])))))
    if status == "optimal" and residual > _FOC_TOL:
        status = "optimal_inaccurate"
    loadings = system.loadings(weights)
    profits, consumer, total = _payoffs(loadings, system.var, model.intercept)
    own = weights[0, :model.n]
    platform = np.zeros(model.n)
    platform[sorted(system.members)] = weights[0, model.n:]
    return Equilibrium(model, system.members, model.intercept / (model.n + 1), own, platform,
                       loadings[0], system.var[0], profits[0], float(consumer[0]),
                       float(total[0]), status, residual, problem)


def _solve_qp(model: PrivacyOligopoly, system: _System) -> Equilibrium:
    """Maximise the expected potential c'b - b'Kb/2 with K = F'F (reference §5.1)."""
    vals, vecs = np.linalg.eigh(system.matrix[0])
    factor = np.sqrt(np.clip(vals, 0.0, None))[:, None] * vecs.T
    weights = cp.Variable(system.owner.size, name="weights")
    potential = system.target[0] @ weights - 0.5 * cp.sum_squares(factor @ weights)
    problem = cp.Problem(cp.Maximize(potential))
    outcome = solve_problem(problem)
    if weights.value is None:
        nan = np.full(model.n, np.nan)
        return Equilibrium(model, system.members, model.intercept / (model.n + 1), nan, nan,
                           np.full((model.n, 2 * model.n + 2), np.nan), system.var[0], nan,
                           math.nan, math.nan, outcome.status, math.nan, problem)
    return _wrap(model, system, weights.value[None, :], outcome.status, problem)
