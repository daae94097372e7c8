r"""Privacy thresholds: how much noise makes data sharing pay (reference §3, §5.4).

The participation incentive ``Delta(tau^2)`` is a rational function of the privacy noise
but it is **not monotone** (it dips before it rises, §3 Prop 4.1/4.7, §7 F2), so every
threshold here is found by bracketing on a grid and refining each sign change with Brent's
method. The grid is log-spaced in ``tau^2/sigma_theta^2`` from 1e-6 to 1e10 plus the end
points 0 and ``inf`` (reports discarded, ``ŝ = E[theta | s_0]``); a crossing in the last cell
is refined in ``u = tau^2/(tau^2 + sigma_theta^2)``, where ``inf`` is ``u = 1``.

* :func:`privacy_feasible_set` — identical firms, common noise: the set of ``tau^2`` with
  ``Delta >= 0``, a union of intervals (``[0, tau_a] U [tau_b, inf)`` in B09b).
* :func:`privacy_threshold` — Props 4.3/4.7: the least ``tau^2`` with ``Delta >= 0``
  (0 when no privacy is needed, ``inf`` when none works). Under the propositions' premise
  ``Delta(0) < 0`` the crossing is unique in every case the reference checked.
* :func:`engine_privacy_feasible_set`, :func:`engine_platform_threshold`,
  :func:`engine_critical_signal_ratio` — the same thresholds (Props 4.3/4.7, 4.2/4.6,
  Cor 4.5) from the equilibrium engine instead of the closed forms, for any market
  (heterogeneous firms: every firm must join, ``min_i Delta_i >= 0``);
* :func:`own_privacy_threshold` — Prop 5.2 (sequential entry) and the maps ``g_i`` of
  Prop 5.1: the least own noise ``tau_i^2`` with ``Delta_i >= 0``, rivals' noise fixed,
  by the generic engine (``method="engine"``, the structured solve) or by the convex QP
  of §5.1 (``method="qp"``: both equilibria of every ``Delta_i`` evaluation maximise the
  expected potential with cvxpy, on a coarser grid of 4 points per decade). Both
  propositions can fail for precise firms (§7 F1): then the answer is ``inf``.
* :func:`participation_corner` — Prop 5.1: iterate ``tau_i^2 <- g_i(tau_{-i}^2)`` from 0
  (Gauss-Seidel) to a point where every firm participates; it is the componentwise least
  such point when the participation regions are upper sets.

The grid resolves sign changes down to ``~0.05`` in ``log10 tau^2``; two crossings closer
than that are not separated.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import brentq

from mechdesign._validation import check_choice, check_integer, check_positive
from mechdesign.markets.privacy_oligopoly.closed_forms import symmetric_incentive
from mechdesign.markets.privacy_oligopoly.incentives import incentives_batch

if TYPE_CHECKING:
    from mechdesign.markets.privacy_oligopoly.model import PrivacyOligopoly

__all__ = [
    "privacy_feasible_set",
    "privacy_threshold",
    "engine_privacy_feasible_set",
    "engine_platform_threshold",
    "engine_critical_signal_ratio",
    "own_privacy_threshold",
    "participation_corner",
    "ParticipationCorner",
    "nonnegative_intervals",
    "noise_from_u",
    "u_from_noise",
]

_GRID_U = np.concatenate([[0.0], (lambda t: t / (1.0 + t))(np.logspace(-6, 10, 321)), [1.0]])
_GRID_QP = _GRID_U[::5]


def noise_from_u(u: np.ndarray, scale: float) -> np.ndarray:
    """tau^2 = scale u/(1 - u), with u = 1 mapped to inf."""
    u = np.asarray(u, dtype=float)
    with np.errstate(divide="ignore"):
        return np.where(u < 1.0, scale * u / np.maximum(1.0 - u, 0.0), math.inf)


def u_from_noise(noise: np.ndarray, scale: float) -> np.ndarray:
    """u = tau^2/(tau^2 + scale) in [0, 1], with tau^2 = inf mapped to 1."""
    noise = np.asarray(noise, dtype=float)
    finite = np.where(np.isinf(noise), 0.0, noise)
    return np.where(np.isinf(noise), 1.0, finite / (finite + scale))


def nonnegative_intervals(incentive: Callable[[np.ndarray], np.ndarray], scale: float,
                          grid: np.ndarray = _GRID_U) -> tuple[tuple[float, float], ...]:
    """Intervals of ``tau^2`` in [0, inf] where ``incentive(tau^2) >= 0``.

    ``incentive`` maps an array of noise levels to an array of values; ``scale`` is the
    unit of noise (sigma_theta^2); ``grid`` holds the bracketing points in ``u`` (from 0
    to 1). Non-finite values (undefined limits) are skipped.
    """
    noise = noise_from_u(grid, scale)
    values = incentive(noise)
    keep = np.isfinite(values)
    noise, values = noise[keep], values[keep]
    inside = values >= 0
    edges = [noise[0]] if inside[0] else []
    for k in np.flatnonzero(inside[:-1] != inside[1:]):
        edges.append(_crossing(incentive, noise[k], noise[k + 1], scale))
    if inside[-1]:
        edges.append(noise[-1])
    return tuple((float(edges[k]), float(edges[k + 1])) for k in range(0, len(edges), 2))


def _crossing(incentive: Callable[[np.ndarray], np.ndarray], low: float, high: float,
              scale: float) -> float:
    """Brent's method on a sign-changing cell; in u-space only for the cell ending at inf."""
    if high < math.inf:
        return brentq(lambda t: incentive(np.array([t]))[0], low, high, xtol=1e-300, rtol=1e-15)
    u_low = float(u_from_noise(low, scale))
    root = brentq(lambda w: incentive(noise_from_u(np.array([w]), scale))[0], u_low, 1.0,
                  xtol=1e-16, rtol=1e-15)
    return float(noise_from_u(root, scale))


def privacy_feasible_set(*, n: int, signal_var: float, platform_var: float,
                         state_var: float = 1.0) -> tuple[tuple[float, float], ...]:
    """Common noise levels ``tau^2`` at which sharing is an equilibrium, identical firms.

    ``Delta`` from the closed forms (Stau)/(Dtau); :func:`engine_privacy_feasible_set` is
    the same set from the equilibrium engine, for any market.
    """
    n, v, e, s0 = _checked("privacy_feasible_set", n, signal_var, platform_var, state_var)
    return nonnegative_intervals(lambda t: symmetric_incentive(
        n=n, state_var=v, signal_var=e, platform_var=s0, privacy_var=t), v)


def privacy_threshold(*, n: int, signal_var: float, platform_var: float,
                      state_var: float = 1.0) -> float:
    """tau^2 bar of Props 4.3/4.7: the least common noise with ``Delta >= 0`` (``inf`` if none)."""
    intervals = privacy_feasible_set(n=n, signal_var=signal_var, platform_var=platform_var,
                                     state_var=state_var)
    return _least(intervals)


def _least(intervals: tuple[tuple[float, float], ...]) -> float:
    return intervals[0][0] if intervals else math.inf


def _min_incentive(model: PrivacyOligopoly, privacy: np.ndarray,
                   platform: np.ndarray) -> np.ndarray:
    """min_i Delta_i of ``model`` for each row of (privacy (B, n), platform (B,)), engine route."""
    signal = np.tile(np.array(model.signal_var), (privacy.shape[0], 1))
    return incentives_batch(model.state_var, signal, privacy, platform).min(axis=1)


def engine_privacy_feasible_set(model: PrivacyOligopoly) -> tuple[tuple[float, float], ...]:
    """Common noise levels ``tau^2`` at which every firm of ``model`` joins, by the engine.

    Heterogeneous firms allowed: the set where ``min_i Delta_i >= 0``; ``model.privacy_var``
    is ignored. Without a platform signal ``tau^2 = inf`` shares nothing and is left out.
    """
    def incentive(noise: np.ndarray) -> np.ndarray:
        values = _min_incentive(model, np.repeat(noise[:, None], model.n, axis=1),
                                np.full(noise.size, model.platform_var))
        return np.where(np.isinf(noise) & (model.platform_var == math.inf), np.nan, values)

    return nonnegative_intervals(incentive, model.state_var)


def engine_platform_threshold(model: PrivacyOligopoly) -> float:
    """Largest ``sigma_0^2`` up to which every firm joins at ``model``'s privacy noise (engine).

    The engine reading of Props 4.2/4.6 for any market: the upper end of the interval of
    ``sigma_0^2`` next to 0 on which ``min_i Delta_i >= 0`` (``inf`` when sharing holds
    without a platform signal; 0 when it fails even for a nearly exact platform signal).
    ``model.platform_var`` is ignored.
    """
    privacy = np.array(model.privacy_var)

    def incentive(platform: np.ndarray) -> np.ndarray:
        values = _min_incentive(model, np.tile(privacy, (platform.size, 1)), platform)
        return np.where(platform > 0, values, np.nan)

    intervals = nonnegative_intervals(incentive, model.state_var)
    if not intervals or intervals[0][0] > noise_from_u(_GRID_U[1], model.state_var):
        return 0.0
    return intervals[0][1]


def engine_critical_signal_ratio(*, n: int) -> float:
    """r*(n) from the engine: the root of Delta(r) (tau = 0, no platform signal), Cor 4.5.

    Brent's method on the engine's incentive of ``n`` identical firms over ``r`` in
    (1e-6, golden ratio); 0 for ``n = 2``, where no root exists (reference §7 F5).
    """
    n = check_integer(n, "n", "engine_critical_signal_ratio", 2)

    def incentive(r: float) -> float:
        signal = np.full((1, n), r)
        return float(incentives_batch(1.0, signal, np.zeros((1, n)), np.array([math.inf]))[0, 0])

    low, high = 1e-6, (1.0 + math.sqrt(5.0)) / 2.0
    if incentive(low) <= 0:
        return 0.0
    return brentq(incentive, low, high, xtol=1e-15, rtol=1e-15)


def _checked(where: str, n, signal_var, platform_var, state_var):
    n = check_integer(n, "n", where, 2)
    e = check_positive(signal_var, "signal_var", where)
    if platform_var != math.inf:
        check_positive(platform_var, "platform_var", where)
    return n, check_positive(state_var, "state_var", where), e, float(platform_var)


def own_privacy_threshold(model: PrivacyOligopoly, *, firm: int, method: str = "engine") -> float:
    """Least ``tau_i^2`` (others' noise as in ``model``) with ``Delta_i >= 0`` (Prop 5.2).

    0 when firm ``i`` joins without protection, ``inf`` when no own noise makes it join
    (reference §7 F1, B13c). ``method="engine"`` evaluates ``Delta_i`` by the structured
    solve of the engine's first-order system; ``method="qp"`` by two convex QPs per point
    (the sharing and the deviation equilibria, §5.1), about 2 s per threshold.
    """
    firm = check_integer(firm, "firm", "own_privacy_threshold", 0, model.n - 1)
    check_choice(method, "method", "own_privacy_threshold", ("engine", "qp"))
    signal = np.array(model.signal_var)
    platform = model.platform_var

    def rows(own_noise: np.ndarray) -> np.ndarray:
        privacy = np.tile(np.array(model.privacy_var), (own_noise.size, 1))
        privacy[:, firm] = own_noise
        return privacy

    def incentive(own_noise: np.ndarray) -> np.ndarray:
        batch = own_noise.size
        return incentives_batch(model.state_var, np.tile(signal, (batch, 1)), rows(own_noise),
                                np.full(batch, platform), [firm])[:, 0]

    def qp_incentive(own_noise: np.ndarray) -> np.ndarray:
        others = frozenset(range(model.n)) - {firm}
        markets = [model.with_privacy(privacy_var=tuple(row)) for row in rows(own_noise)]
        return np.array([m.equilibrium(method="qp").profits[firm]
                         - m.equilibrium(others, method="qp").profits[firm] for m in markets])

    if method == "qp":
        return _least(nonnegative_intervals(qp_incentive, model.state_var, _GRID_QP))
    return _least(nonnegative_intervals(incentive, model.state_var))


@dataclass(frozen=True)
class ParticipationCorner:
    """Prop 5.1's least joint-participation point (``found=False``: no such point, §7 F1)."""

    privacy_var: tuple[float, ...]
    found: bool
    iterations: int
    incentives: np.ndarray


def participation_corner(model: PrivacyOligopoly, *, max_iter: int = 500,
                         rtol: float = 1e-12) -> ParticipationCorner:
    """Iterate ``tau_i^2 <- g_i(tau_{-i}^2)`` from zero noise (Prop 5.1, reference §3).

    ``model.privacy_var`` is ignored; the iteration stops when no firm's requirement moves
    by more than ``rtol`` (relative) or when some requirement is infinite.
    """
    noise = np.zeros(model.n)
    for iteration in range(1, max_iter + 1):
        previous = noise.copy()
        for i in range(model.n):
            noise[i] = own_privacy_threshold(model.with_privacy(privacy_var=tuple(noise)), firm=i)
            if noise[i] == math.inf:
                return ParticipationCorner(tuple(map(float, noise)), False, iteration,
                                           np.full(model.n, np.nan))
        if np.all(np.abs(noise - previous) <= rtol * (1.0 + noise)):
            incentives = model.with_privacy(privacy_var=tuple(noise)).participation_incentives()
            return ParticipationCorner(tuple(map(float, noise)), True, iteration, incentives)
    incentives = model.with_privacy(privacy_var=tuple(noise)).participation_incentives()
    return ParticipationCorner(tuple(map(float, noise)), bool(np.all(incentives >= -1e-12)),
                               max_iter, incentives)
