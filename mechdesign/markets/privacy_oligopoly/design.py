r"""The platform's privacy design and the sharing-feasible region (reference §5.4, §5.5).

The platform picks privacy noise ``tau^2`` (one level for all firms, or one per firm) to
maximise an objective subject to every firm participating, ``Delta_i(tau) >= 0`` for all
``i`` (§1.5). Objectives (totals, §5.4):

* ``"profit"``: producer surplus ``PS = sum_i E[pi_i]``;
* ``"consumer_surplus"``: ``CS = E[Q^2]/2``;
* ``"total_surplus"``: ``TS = E[(a + theta) Q] - E[Q^2]/2 = PS + CS``.

The feasible set is not convex (``Delta`` is not monotone in ``tau^2``, §7 F2), so the
design is not a convex program:

* common noise — a 1-D problem: the feasible intervals come from grid bracketing plus
  Brent's method (:func:`nonnegative_intervals`), and the objective is maximised on each
  interval by a grid in ``u = tau^2/(tau^2 + sigma_theta^2)`` refined by bounded Brent
  search; ``tau^2 = inf`` (reports discarded) is an admissible end point, where PS and TS
  are maximised in the reference's cases (§5.5). Without a platform signal ``tau^2 = inf``
  shares nothing (Delta = 0 trivially) and is excluded. Status ``"optimal"`` (to grid
  resolution) or ``"infeasible"``.
* per-firm noise — SLSQP in ``u in [0, 1]^n`` started from the common optimum, the
  participation corner and the best feasible point of a coarse grid (~4000 points); the
  result is never worse than any of them and carries the status ``"local_optimum"`` (no
  global guarantee).

``method="grid"`` is the brute-force route to the same design: the best feasible point
of a dense grid in ``u`` — 20,001 points for common noise, about 200,000 points of
``[0, 1]^n`` per firm — with every incentive and objective value from the closed forms
(Stau)/(Dtau) and :func:`symmetric_welfare` for identical firms and common noise, and
from the equilibrium engine otherwise. Its value is below the true optimum by at most
the objective's variation over one grid cell; its ``feasible_set`` is the union of the
grid cells whose two ends are feasible (common noise). Per firm the status is
``"grid_optimum"``: the product grid is coarse, so nothing finer than the grid is promised.

:func:`sharing_region` evaluates ``min_i Delta_i`` on a grid of (platform-signal precision
``1/sigma_0^2``, common privacy noise) with the vectorised engine — heterogeneous firms
included.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import minimize, minimize_scalar

from mechdesign._validation import check_choice, check_nonnegative
from mechdesign.markets.privacy_oligopoly.closed_forms import symmetric_incentive, symmetric_welfare
from mechdesign.markets.privacy_oligopoly.engine import equilibrium_batch
from mechdesign.markets.privacy_oligopoly.incentives import incentives_batch
from mechdesign.markets.privacy_oligopoly.thresholds import (
    noise_from_u,
    nonnegative_intervals,
    participation_corner,
    u_from_noise,
)

if TYPE_CHECKING:
    from mechdesign.markets.privacy_oligopoly.model import PrivacyOligopoly

__all__ = ["OBJECTIVES", "DESIGN_METHODS", "PrivacyDesign", "optimal_privacy", "SharingRegion",
           "sharing_region", "welfare_along_privacy"]

OBJECTIVES = ("profit", "consumer_surplus", "total_surplus")
DESIGN_METHODS = ("search", "grid")
_FEASIBILITY_TOL = 1e-12
_GRID_COMMON = 20_001
_GRID_PER_FIRM = 200_000


@dataclass(frozen=True, eq=False)
class PrivacyDesign:
    """The platform's chosen noise, the objective value and every firm's incentive there.

    ``status``: ``"optimal"`` (common noise, to the resolution of the search or grid),
    ``"local_optimum"`` (per-firm local search), ``"grid_optimum"`` (per-firm brute force:
    the best point of a product grid, no finer guarantee) or ``"infeasible"``.
    """

    objective: str
    privacy_var: tuple[float, ...]
    value: float
    incentives: np.ndarray
    status: str
    message: str
    feasible_set: tuple[tuple[float, float], ...]

    @property
    def success(self) -> bool:
        return self.status in ("optimal", "local_optimum", "grid_optimum")


def _batch(model: PrivacyOligopoly, privacy: np.ndarray):
    """Arrays for a batch of privacy designs, shape (B, n)."""
    batch = privacy.shape[0]
    return (np.tile(np.array(model.signal_var), (batch, 1)), privacy,
            np.full(batch, model.platform_var))


def welfare_along_privacy(model: PrivacyOligopoly, privacy_var: np.ndarray) -> dict[str, np.ndarray]:
    """PS, CS and TS when every firm shares, for each row of ``privacy_var`` (shape (B, n))."""
    privacy_var = np.asarray(privacy_var, dtype=float)
    profits, consumer, total = equilibrium_batch(model.state_var, *_batch(model, privacy_var),
                                                 frozenset(range(model.n)), model.intercept)
    return {"profit": profits.sum(axis=1), "consumer_surplus": consumer, "total_surplus": total}


def _common(model: PrivacyOligopoly, noise: np.ndarray) -> np.ndarray:
    return np.repeat(np.asarray(noise, dtype=float)[:, None], model.n, axis=1)


def _maximise_on(objective: Callable[[np.ndarray], np.ndarray], low: float, high: float,
                 scale: float) -> tuple[float, float]:
    """Maximise a smooth function of tau^2 on [low, high] (grid in u, then bounded Brent)."""
    grid = np.linspace(*u_from_noise(np.array([low, high]), scale), 201)
    to_tau = lambda u: noise_from_u(u, scale)
    values = objective(to_tau(grid))
    best = int(np.argmax(values))
    lo, hi = grid[max(best - 1, 0)], grid[min(best + 1, grid.size - 1)]
    if hi > lo:
        found = minimize_scalar(lambda w: -objective(to_tau(np.array([w])))[0], bounds=(lo, hi),
                                method="bounded", options={"xatol": 1e-12})
        if -found.fun > values[best]:
            return float(to_tau(np.array([found.x]))[0]), float(-found.fun)
    return float(to_tau(grid[best:best + 1])[0]), float(values[best])


def optimal_privacy(model: PrivacyOligopoly, *, objective: str = "total_surplus",
                    per_firm: bool = False, method: str = "search") -> PrivacyDesign:
    """Best privacy noise for ``objective`` subject to every firm participating.

    ``model.privacy_var`` is ignored. ``per_firm=False`` chooses one common level;
    ``per_firm=True`` one level per firm. ``method="search"``: Brent on each feasible
    interval (common) then SLSQP (per firm); ``method="grid"``: the best feasible point of
    a dense grid in ``u`` (module notes).
    """
    check_choice(objective, "objective", "optimal_privacy", OBJECTIVES)
    check_choice(method, "method", "optimal_privacy", DESIGN_METHODS)
    if method == "grid":
        common = _grid_common(model, objective)
        return _grid_per_firm(model, common) if per_firm else common
    v = model.state_var
    incentive = lambda t: _vacuous_to_nan(model, t,
                                          incentives_batch(v, *_batch(model, _common(model, t))))
    value = lambda t: welfare_along_privacy(model, _common(model, t))[objective]
    feasible = nonnegative_intervals(incentive, v)
    if not feasible:
        return PrivacyDesign(objective, (math.nan,) * model.n, math.nan, np.full(model.n, np.nan),
                             "infeasible", "no common noise level makes every firm participate",
                             feasible)
    best_noise, best_value = max((_maximise_on(value, lo, hi, v) for lo, hi in feasible),
                                 key=lambda pair: pair[1])
    design = _design(model, objective, (best_noise,) * model.n, "optimal",
                     "common noise: grid in u plus bounded Brent on each feasible interval", feasible)
    return _per_firm(model, design) if per_firm else design


def _vacuous_to_nan(model: PrivacyOligopoly, noise: np.ndarray, incentives: np.ndarray) -> np.ndarray:
    """min_i Delta_i, undefined (nan) where nothing is shared: tau^2 = inf and no platform signal."""
    vacuous = np.isinf(noise) & (model.platform_var == math.inf)
    return np.where(vacuous, np.nan, incentives.min(axis=1))


def _design(model, objective, noise, status, message, feasible) -> PrivacyDesign:
    priced = model.with_privacy(privacy_var=noise)
    eq = priced.equilibrium()
    value = {"profit": eq.producer_surplus, "consumer_surplus": eq.consumer_surplus,
             "total_surplus": eq.total_surplus}[objective]
    return PrivacyDesign(objective, tuple(float(t) for t in noise), float(value),
                         priced.participation_incentives(), status, message, feasible)


def _per_firm(model: PrivacyOligopoly, common: PrivacyDesign) -> PrivacyDesign:
    """SLSQP over u in [0, 1]^n from the common optimum, the corner and the best grid point."""
    v, n = model.state_var, model.n
    to_tau = lambda u: noise_from_u(np.where(u > 1.0 - 1e-12, 1.0, u), v)
    objective = lambda u: -welfare_along_privacy(model, to_tau(u)[None, :])[common.objective][0]
    incentives = lambda u: incentives_batch(v, *_batch(model, to_tau(u)[None, :]))[0] * 1e3
    starts = [u_from_noise(common.privacy_var, v), _grid_start(model, common.objective)]
    corner = participation_corner(model)
    if corner.found:
        starts.append(u_from_noise(corner.privacy_var, v))
    candidates = [(common.value, u_from_noise(common.privacy_var, v),
                   "no local improvement on the common design")]
    for start in (s for s in starts if s is not None):
        found = minimize(objective, start, method="SLSQP", bounds=[(0.0, 1.0)] * n,
                         constraints=[{"type": "ineq", "fun": incentives}],
                         options={"ftol": 1e-13, "maxiter": 300})
        for point, how in ((found.x, f"SLSQP ({found.message})"), (start, "start point")):
            if np.all(incentives(point) >= -_FEASIBILITY_TOL * 1e3):
                candidates.append((-objective(point), point, how))
    value, point, how = max(candidates, key=lambda c: c[0])
    return _design(model, common.objective, tuple(to_tau(point)), "local_optimum",
                   f"per-firm noise: {how}; best of {len(candidates)} feasible candidates",
                   common.feasible_set)


def _grid_start(model: PrivacyOligopoly, objective: str) -> np.ndarray | None:
    """Best feasible point of a coarse grid in u (about 4000 points in all), or None."""
    per_axis = max(3, round(4000 ** (1.0 / model.n)))
    axes = np.meshgrid(*[np.linspace(0.0, 1.0, per_axis)] * model.n, indexing="ij")
    u = np.column_stack([a.ravel() for a in axes])
    noise = noise_from_u(u, model.state_var)
    feasible = incentives_batch(model.state_var, *_batch(model, noise)).min(axis=1) >= 0
    if not feasible.any():
        return None
    values = welfare_along_privacy(model, noise[feasible])[objective]
    return u[feasible][int(np.argmax(values))]


def _grid_common(model: PrivacyOligopoly, objective: str) -> PrivacyDesign:
    """Brute force over common noise: the best feasible point of a dense grid in u."""
    v = model.state_var
    u = np.linspace(0.0, 1.0, _GRID_COMMON)
    noise = noise_from_u(u, v)
    if model.identical_signals:
        kw = dict(n=model.n, state_var=v, signal_var=model.signal_var[0],
                  platform_var=model.platform_var, privacy_var=noise)
        with np.errstate(divide="ignore", invalid="ignore"):   # nan where nothing is shared
            incentive = symmetric_incentive(**kw)
            values = symmetric_welfare(**kw, intercept=model.intercept)[objective]
    else:
        incentive = _vacuous_to_nan(model, noise,
                                    incentives_batch(v, *_batch(model, _common(model, noise))))
        values = welfare_along_privacy(model, _common(model, noise))[objective]
    feasible = incentive >= 0                                   # nan compares False
    cells = feasible[:-1] & feasible[1:]
    starts = np.flatnonzero(cells & ~np.concatenate([[False], cells[:-1]]))
    ends = np.flatnonzero(cells & ~np.concatenate([cells[1:], [False]])) + 1
    intervals = tuple((float(noise[a]), float(noise[b])) for a, b in zip(starts, ends))
    how = f"brute force: best feasible point of a {u.size}-point grid in u"
    if not feasible.any():
        return PrivacyDesign(objective, (math.nan,) * model.n, math.nan, np.full(model.n, np.nan),
                             "infeasible", f"{how}: none is feasible", intervals)
    best = int(np.flatnonzero(feasible)[np.argmax(values[feasible])])
    return _design(model, objective, (float(noise[best]),) * model.n, "optimal", how, intervals)


def _grid_per_firm(model: PrivacyOligopoly, common: PrivacyDesign) -> PrivacyDesign:
    """Brute force over one noise level per firm: a product grid in u (engine), or the
    common grid design when that is better (the product grid is coarser on the diagonal)."""
    v, n = model.state_var, model.n
    per_axis = max(3, int(_GRID_PER_FIRM ** (1.0 / n)))
    axes = np.meshgrid(*[np.linspace(0.0, 1.0, per_axis)] * n, indexing="ij")
    noise = noise_from_u(np.column_stack([a.ravel() for a in axes]), v)
    incentive = incentives_batch(v, *_batch(model, noise)).min(axis=1)
    vacuous = np.all(np.isinf(noise), axis=1) & (model.platform_var == math.inf)
    feasible = (incentive >= 0) & ~vacuous
    how = f"brute force: best feasible point of a {per_axis}^{n} grid in u"
    if not feasible.any():
        if common.success:
            return replace(common, status="grid_optimum",
                           message=f"{how}: none better than the common grid design")
        return PrivacyDesign(common.objective, (math.nan,) * n, math.nan, np.full(n, np.nan),
                             "infeasible", f"{how}: none is feasible", common.feasible_set)
    values = welfare_along_privacy(model, noise[feasible])[common.objective]
    best = int(np.argmax(values))
    if common.success and common.value >= values[best]:
        return replace(common, status="grid_optimum",
                       message=f"{how}: none better than the common grid design")
    return _design(model, common.objective, tuple(map(float, noise[feasible][best])),
                   "grid_optimum", how, common.feasible_set)


@dataclass(frozen=True, eq=False)
class SharingRegion:
    """min_i Delta_i on a (privacy noise x platform precision) grid; ``feasible`` where >= 0."""

    platform_precision: np.ndarray
    privacy_var: np.ndarray
    incentives: np.ndarray
    seconds: float

    @property
    def min_incentive(self) -> np.ndarray:
        return self.incentives.min(axis=-1)

    @property
    def feasible(self) -> np.ndarray:
        return self.min_incentive >= 0.0


def sharing_region(model: PrivacyOligopoly, *, platform_precision, privacy_var,
                   method: str = "engine") -> SharingRegion:
    """Delta_i for all firms on the grid (common privacy noise, platform precision 1/sigma_0^2).

    ``incentives[j, k, i]`` is firm i's incentive at ``privacy_var[j]`` and
    ``platform_precision[k]`` (0 = no platform signal). ``model.privacy_var`` and
    ``model.platform_var`` are ignored. ``method="engine"`` solves the equilibria
    (structured solve, any firms); ``method="closed_form"`` evaluates (Stau)/(Dtau) and
    needs identical firms.
    """
    check_choice(method, "method", "sharing_region", ("engine", "closed_form"))
    if method == "closed_form" and len(set(model.signal_var)) > 1:
        raise ValueError("The 'method' parameter of sharing_region may be 'closed_form' only "
                         "for identical firms (equal signal_var); use 'engine' for "
                         f"signal_var={model.signal_var!r}. Got 'closed_form' instead.")
    start = time.perf_counter()
    precision = np.asarray(platform_precision, dtype=float).ravel()
    noise = np.asarray(privacy_var, dtype=float).ravel()
    for k, p in enumerate(precision):
        check_nonnegative(p, f"platform_precision[{k}]", "sharing_region")
    for k, t in enumerate(noise):
        if t != math.inf:
            check_nonnegative(t, f"privacy_var[{k}]", "sharing_region",
                              "negative noise is not a variance")
    tau, prec = np.meshgrid(noise, precision, indexing="ij")
    with np.errstate(divide="ignore"):
        platform = 1.0 / prec.ravel()
    if method == "closed_form":
        delta = symmetric_incentive(n=model.n, state_var=model.state_var,
                                    signal_var=model.signal_var[0], platform_var=platform,
                                    privacy_var=tau.ravel())
        incentives = np.repeat(delta[:, None], model.n, axis=1)
    else:
        signal = np.tile(np.array(model.signal_var), (tau.size, 1))
        incentives = incentives_batch(model.state_var, signal, _common(model, tau.ravel()),
                                      platform)
    return SharingRegion(precision, noise, incentives.reshape(noise.size, precision.size, model.n),
                         time.perf_counter() - start)
