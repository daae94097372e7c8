r"""The reduced program for symmetric games (data-monetization §2.4 B, Lemma 2–3, Prop 16).

Definitions
-----------
A symmetric mechanism has six parameters (Lemma 2): μ = E a_i, s = Cov(a_i, θ),
d = Cov(a_i, t_i), e = Cov(a_i, t_j), v = Var a_i, c = Cov(a_i, a_j). By Prop 16,
restricting to them is without loss for symmetric concave objectives. Per player, every
symmetric objective is

.. math::  k_0 + k_s s + k_d d + k_e e + k_v v + k_c c + m_0 + m_1\mu + m_2\mu^2
           \;[-\ \text{rent}],

(:class:`Coefficients`), and the program is the SOCP

.. math::  (d - e)^2/\sigma_t^2 \le v - c, \qquad
           n s^2/\sigma_\theta^2 + (d + (n-1)e)^2/\sigma_t^2 \le v + (n-1)c \quad
           \text{(PSD, Lemma 3)},

with obedience :math:`d = \beta\sigma_t^2 + (n-1)\gamma e`,
:math:`v = \alpha s + \beta d + (n-1)\gamma c` and μ from eq. (10) (or μ free under
delegation), participation :math:`\beta d \ge \beta^2\sigma_t^2`, and the rent LMI of
:mod:`mechdesign.rents`.

The game's scalars (:class:`SymmetricParams`) and the objectives' coefficients
(:func:`coefficients`, :func:`project`) are in :mod:`mechdesign.reduced`; the optimum is
returned as a :class:`~mechdesign.structured.SymmetricMechanism`, held by its six moments,
so nothing here is of size n.

The program is built once per structure (obedience, ic, rent) with cvxpy
``Parameter``\ s in DPP form, in variables scaled by σ_θ, σ_t and the action scale, so solving it for a new
game, any n included, skips cvxpy's compilation. The dual of
:mod:`mechdesign.symmetric_dual` certifies the solution and offers its own primal point
(exactly obedient, PSD by construction); the certified better of the two is returned, so
the route still answers where the conic solver stops short. Because that compiled program is shared,
a symmetric-route :class:`~mechdesign.DesignResult` carries no ``problem``
(use :func:`mechdesign.build_program` for the full cvxpy program). Every solution is
certified by the dual of :mod:`mechdesign.symmetric_dual`, computed on the reduced
parameters.
"""

from __future__ import annotations

import time
from dataclasses import astuple, dataclass
from functools import lru_cache

import cvxpy as cp
import numpy as np

from mechdesign._solve import solve_problem
from mechdesign.dual.certificate import certificate
from mechdesign.evidence import failure_status
from mechdesign.objectives import SymmetricObjective, check_assumptions, resolve
from mechdesign.reduced import (Coefficients, SymmetricMoments, SymmetricParams, coefficients,
                                project, reduced_coefficients)
from mechdesign.result import DesignResult, judge, relative_gap, verify
from mechdesign.structured import SymmetricMechanism
from mechdesign.symmetric_dual import SymmetricDual, symmetric_certificate

__all__ = ["SymmetricParams", "Coefficients", "ReducedSolution", "coefficients",
           "project", "reduced_optimum", "reduced_bound", "action_unit", "symmetric_design",
           "supports"]


def _invariant(matrix: np.ndarray, n: int) -> bool:
    """Is tr(Q Σ) invariant to relabelling players (checked on a cyclic shift and a swap)?"""
    for perm in (np.roll(np.arange(n), 1), np.r_[1, 0, np.arange(2, n)] if n > 1 else np.arange(n)):
        full = np.concatenate([[0], 1 + perm, n + 1 + perm])
        if not np.allclose(matrix[np.ix_(full, full)], matrix, atol=1e-12):
            return False
    return True


#: Largest n for which a symmetric design without a reduced certificate (delegation with
#: rents) is certified by the dense dual instead.
DENSE_CERTIFICATE_MAX_N = 200


def _invariant_objective(objective, n: int) -> bool:
    if isinstance(objective, SymmetricObjective):
        return objective.invariant
    return _invariant(objective.matrix, n)


def supports(game, objective) -> bool:
    """True when the symmetric route applies: symmetric game, permutation-invariant objective."""
    if not game.is_symmetric:
        return False
    if isinstance(objective, str):
        return True
    return _invariant_objective(resolve(game, objective), game.n)


# ------------------------------------------------------------------ the program
_PARAMS = ("sqrt_n", "n1", "k", "a_sig", "b_sig", "b_sig_sq", "curv", "rent_d", "g", "q", "beta",
           "half_z_sq", "half_beta_z", "mu", "cs", "cd", "ce", "cv", "cc", "m1", "neg_m2")


@lru_cache(maxsize=8)
def _program(obedience: bool, ic: bool, rent: bool):
    """(problem, variables, parameters) in DPP form, built once per structure."""
    par = {k: cp.Parameter(nonneg=k in ("sqrt_n", "n1", "b_sig_sq", "half_z_sq", "neg_m2"), name=k)
           for k in _PARAMS}
    s, e, c = cp.Variable(name="s_hat"), cp.Variable(name="e_hat"), cp.Variable(name="c")
    d, v = cp.Variable(name="d_hat"), cp.Variable(name="v")
    mu = par["mu"] if obedience else cp.Variable(name="mu")
    # Lemma 3 (i) and (ii) as rotated cones: x'x <= y  <=>  ||(2x, y - 1)|| <= y + 1
    cons = [cp.SOC(v - c + 1, cp.hstack([2 * (d - e), v - c - 1])),
            cp.SOC(v + par["n1"] * c + 1,
                   cp.hstack([2 * par["sqrt_n"] * s, 2 * (d + par["n1"] * e), v + par["n1"] * c - 1]))]
    if obedience:  # eq. (11) in scaled variables
        cons += [d == par["b_sig"] + par["k"] * e, v == par["a_sig"] * s + par["b_sig"] * d + par["k"] * c]
    if ic:
        cons.append(par["b_sig"] * d >= par["b_sig_sq"])
    value = (par["cs"] * s + par["cd"] * d + par["ce"] * e + par["cv"] * v + par["cc"] * c)
    value = value + (0 if obedience else par["m1"] * mu - par["neg_m2"] * cp.square(mu))
    if rent:
        w = cp.Variable(name="rent_level")
        p = (par["curv"] * d - par["g"]) / 2
        q = par["q"] if obedience else par["beta"] * mu / 2 - par["half_beta_z"]
        r = w - par["half_z_sq"]
        cons.append(cp.SOC(p + r, cp.hstack([2 * q, p - r])))
        value = value - w - par["rent_d"] * d
    problem = cp.Problem(cp.Maximize(value), cons)
    return problem, {"s": s, "d": d, "e": e, "v": v, "c": c, "mu": mu}, par


@dataclass(frozen=True)
class ReducedSolution:
    """Optimum of the reduced program: its six symmetric moments (general units; None when
    the conic solver found none), the total value, the certified bound and the moments of
    the symmetric dual's own primal point (None if it has none)."""

    status: str
    message: str
    moments: SymmetricMoments | None
    value: float          # total over players
    seconds: float
    problem: cp.Problem
    bound: float = float("nan")
    dual_moments: SymmetricMoments | None = None


def _scales(prm: SymmetricParams) -> tuple[float, float, float]:
    """σ_θ, σ_t and an action scale: the larger standard deviation of the no-information
    action (α²σ_θ² + β²σ_t²) and of the complete-information action (§1.5, eq. 6), which
    grows like 1/(1+γ) and 1/(1−(n−1)γ) near the ends of the admissible range."""
    sth, st = np.sqrt(prm.state_var), np.sqrt(prm.type_var)
    n, g = prm.n, prm.gamma
    d, e = 1 - (n - 1) * g, 1 + g
    y, x, w = prm.alpha / d, prm.beta * g / (e * d), prm.beta * (1 - (n - 2) * g) / (e * d)
    complete = (y * sth) ** 2 + (w ** 2 + (n - 1) * x ** 2) * st ** 2
    act = np.sqrt(max((prm.alpha * sth) ** 2 + (prm.beta * st) ** 2, complete))
    return sth, st, act if act > 0 else 1.0


def action_unit(prm: SymmetricParams) -> float:
    """Σ_i s_i² = n s²: the objective's natural scale (see :func:`mechdesign.result.relative_gap`)."""
    return prm.n * _scales(prm)[2] ** 2


def _assign(par, prm: SymmetricParams, coef: Coefficients, obedience: bool) -> None:
    n, (sth, st, sa) = prm.n, _scales(prm)
    threatened = prm.threatened
    g = 0.0 if threatened else prm.beta ** 2
    z = 0.0 if threatened else prm.alpha * prm.state_mean + prm.beta * prm.type_mean
    mu = prm.mean_action if obedience else 0.0
    values = dict(sqrt_n=np.sqrt(n), n1=n - 1, k=(n - 1) * prm.gamma, a_sig=prm.alpha * sth / sa,
                  b_sig=prm.beta * st / sa, b_sig_sq=(prm.beta * st / sa) ** 2,
                  curv=prm.beta * sa / st, rent_d=prm.beta * st * sa / 2, g=g,
                  q=prm.beta * (mu - z) / 2, beta=prm.beta, half_z_sq=z ** 2 / 2,
                  half_beta_z=prm.beta * z / 2, mu=mu,
                  cs=coef.ks * sth * sa, cd=coef.kd * st * sa, ce=coef.ke * st * sa,
                  cv=coef.kv * sa ** 2, cc=coef.kc * sa ** 2, m1=coef.m1, neg_m2=max(-coef.m2, 0.0))
    for key, val in values.items():
        par[key].value = float(val)


def check_delegation_concave(prm: SymmetricParams, coef: Coefficients) -> None:
    """Delegation needs an objective strictly concave in the actions: the eigenvalues
    kv + kc (common direction, the mean) and kv − kc/(n−1) (differences) of the per-player
    action block must be negative; at zero the free mean or the noise makes the program
    unbounded or unattained (data-monetization App. E: welfare needs γ in the open
    interval (−1/2, 1/(2(n−1))))."""
    common = coef.kv + coef.kc
    spread = coef.kv - coef.kc / (prm.n - 1) if prm.n > 1 else -1.0
    tol = -1e-10 * max(1.0, abs(coef.kv), abs(coef.kc))
    if common >= tol or spread >= tol:
        where = "" if prm.n == 1 else (f"; for welfare this needs gamma in the open interval "
                                       f"(-0.5, {1 / (2 * (prm.n - 1)):.6g}) for n={prm.n}, got {prm.gamma:g}")
        raise ValueError(
            "The objective is not strictly concave in the actions, as delegation "
            f"(obedience=False) needs: its action block has eigenvalues {common:.4g} (common) and "
            f"{spread:.4g} (differences), which must be negative (data-monetization App. E)"
            f"{where}.")


def reduced_bound(prm: SymmetricParams, coef: Coefficients, s: float, d: float, e: float, *,
                  obedience: bool, ic: bool) -> tuple[float, SymmetricMoments | None]:
    """(bound, moments): a certified upper bound on the total objective
    (:mod:`mechdesign.symmetric_dual`), searched from the moments s = Cov(a_i, θ),
    d = Cov(a_i, t_i), e = Cov(a_i, t_j), and the moments (μ, s, d, e, v, c) of the dual's
    own primal point in general units (None when there is none)."""
    scales = _scales(prm)
    sth, st, sa = scales
    dual = SymmetricDual.build(prm, coef, scales, obedience=obedience, ic=ic)
    bound, normalised = symmetric_certificate(dual, s / (sth * sa), d / (st * sa), e / (st * sa))
    if normalised is None:
        return bound, None
    if obedience:
        mu = prm.mean_action
    else:                                   # the maximiser of the strictly concave mean part
        mu = -coef.m1 / (2 * coef.m2) if coef.m2 < 0 else 0.0
    s_t, d_t, e_t, v_t, c_t = normalised
    return bound, SymmetricMoments(mu, s_t * sth * sa, d_t * st * sa, e_t * st * sa,
                                   v_t * sa ** 2, c_t * sa ** 2)


def reduced_optimum(prm: SymmetricParams, coef: Coefficients, *, obedience: bool = True,
                    ic: bool = True) -> ReducedSolution:
    """Solve the reduced symmetric program for any n."""
    start = time.perf_counter()
    if not obedience:
        check_delegation_concave(prm, coef)
    problem, var, par = _program(obedience, ic, coef.minus_rent)
    _assign(par, prm, coef, obedience)
    outcome = solve_problem(problem)
    if outcome.status not in ("optimal", "optimal_inaccurate"):
        nan = float("nan")              # the dual needs no primal start: it may still succeed
        bound, dual_moments = reduced_bound(prm, coef, 0.0, 0.0, 0.0, obedience=obedience, ic=ic)
        return ReducedSolution(outcome.status, outcome.message, None, nan,
                               time.perf_counter() - start, problem, bound, dual_moments)
    sth, st, sa = _scales(prm)
    val = {k: float(np.asarray(x.value)) for k, x in var.items()}
    mu = val["mu"]
    per_player = (problem.objective.value + coef.k0 + coef.m0 + (coef.m1 * mu + coef.m2 * mu ** 2 if obedience else 0.0))
    bound, dual_moments = reduced_bound(prm, coef, val["s"] * sth * sa, val["d"] * st * sa,
                                        val["e"] * st * sa, obedience=obedience, ic=ic)
    moments = SymmetricMoments(mu, val["s"] * sth * sa, val["d"] * st * sa, val["e"] * st * sa,
                               val["v"] * sa ** 2, val["c"] * sa ** 2)
    return ReducedSolution(outcome.status, outcome.message, moments, prm.n * per_player,
                           time.perf_counter() - start, problem, bound, dual_moments)


def symmetric_design(game, objective="welfare", *, obedience: bool = True,
                     ic: bool = True) -> DesignResult:
    """design() through the reduced program; the same DesignResult as the full SDP."""
    obj = resolve(game, objective)
    check_assumptions(game, obj, ic, obedience)
    prm = SymmetricParams.from_game(game)
    if not _invariant_objective(obj, game.n):
        raise ValueError(f"The {obj.name!r} objective is not invariant to relabelling the players; "
                         "use method='sdp'.")
    sol = reduced_optimum(prm, reduced_coefficients(obj, prm), obedience=obedience, ic=ic)
    candidates = []                     # (moments, solver status, message)
    if sol.moments is not None:
        candidates.append((sol.moments, sol.status, sol.message))
    if sol.dual_moments is not None and all(np.isfinite(astuple(sol.dual_moments))):
        candidates.append((sol.dual_moments, "optimal", f"{sol.message}; primal point of the symmetric dual"))
    if not candidates:
        status, message = failure_status(game, obj, sol.status, sol.message, obedience=obedience, ic=ic)
        return DesignResult(status, message, None, None, obj.name, "symmetric", solve_time=sol.seconds)
    best = None
    for moments, solver_status, note in candidates:
        mechanism = SymmetricMechanism.from_moments(game, moments)
        residuals = verify(mechanism, obedience, ic)
        value = mechanism.value(obj)
        bound = sol.bound
        if not np.isfinite(bound) and game.n <= DENSE_CERTIFICATE_MAX_N:
            bound = certificate(game, obj, mechanism, obedience=obedience, ic=ic)[0]
        gap = relative_gap(bound, value, action_unit(prm))
        status, message = judge(solver_status, note, residuals, gap, value=value)
        result = DesignResult(status, message, value, mechanism, obj.name, "symmetric", residuals,
                              sol.seconds, "CLARABEL", None, bound, gap)
        if best is None or (status == "optimal" and (best.status != "optimal" or abs(gap) < abs(best.gap))):
            best = result
    return best
