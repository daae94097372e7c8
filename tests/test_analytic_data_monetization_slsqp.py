"""Independent route for data-monetization Props 6, 9, 11.3 and 17: direct SLSQP.

The closed forms solve stationarity curves for a root lambda*; here the same objectives
are maximised directly by scipy's SLSQP over the Prop 2 parametrisation (§2.4 C) written
smoothly in (x, y, q) with q = rho sigma_eps^2, or over (x, y, w_o, mu) without obedience
for delegation, from several starts.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from mechdesign.analytic import data_monetization as dm

GRID = settings(derandomize=True, deadline=None, max_examples=25,
                phases=[Phase.explicit, Phase.generate])  # shrinking SLSQP runs is slow


@st.composite
def games(draw):
    n = draw(st.sampled_from([2, 3, 5]))
    share = draw(st.floats(0.05, 0.95))
    gamma = -share if draw(st.booleans()) else share / (n - 1)
    return n, gamma, draw(st.floats(0.2, 3.0)), draw(st.floats(0.2, 3.0))


def _covariance_c(z, n, gamma, state_var, type_var):
    """c = Cov(a_i, a_j) at z = (x, y, q), with q = rho sigma_eps^2 the noise covariance."""
    x, y, q = z
    w_o = 1 + (n - 1) * gamma * x
    return y**2 * state_var + (2 * w_o * x + (n - 2) * x**2) * type_var + q


def _feasible_set(n, gamma, state_var, type_var, extra=()):
    """Prop 2 in (x, y, q): sigma_eps^2 = S + (n-1) gamma q >= 0 and
    rho = q / sigma_eps^2 in [-1/(n-1), 1], i.e. S >= D q and S >= -(n-1) E q."""
    d_, e_ = 1 - (n - 1) * gamma, 1 + gamma

    def slack(z):
        return float(dm.obedience_slack(z[0], z[1], n, gamma, state_var, type_var))

    return [{"type": "ineq", "fun": lambda z: slack(z) - d_ * z[2]},
            {"type": "ineq", "fun": lambda z: slack(z) + (n - 1) * e_ * z[2]}, *extra]


def _maximise(objective, starts, constraints, bounds=None):
    best = None
    for start in starts:
        res = minimize(lambda z: -objective(z), start, method="SLSQP", bounds=bounds,
                       constraints=constraints, options={"ftol": 1e-14, "maxiter": 1000})
        feasible = all(c["fun"](res.x) >= -1e-8 for c in constraints)
        if feasible and (best is None or -res.fun > best[0]):
            best = (-res.fun, res.x)
    assert best is not None
    return best


def _starts(n, gamma, state_var, type_var, ic=False):
    """Points inside the ellipse (q = 0), on the gamma x >= 0 side when ``ic``."""
    x0, y0 = dm.ellipse_centre(n, gamma)
    a_x, a_y = dm.ellipse_semi_axes(n, gamma, state_var, type_var)
    points = [[x0 + 0.5 * a_x * np.cos(t), y0 + 0.5 * a_y * np.sin(t), 0.0]
              for t in np.linspace(0, 2 * np.pi, 4, endpoint=False)]
    return [p for p in points if not ic or gamma * p[0] >= 0] or [[x0, y0, 0.0]]


def _assert_same_optimum(closed_value, closed_xy, found, scale):
    value, z = found
    assert value == pytest.approx(closed_value, rel=1e-6, abs=1e-7 * scale)
    assert z[:2] == pytest.approx(closed_xy, abs=2e-3 * max(1.0, np.abs(closed_xy).max()))


@GRID
@given(games(), st.floats(-3, 3), st.floats(-1, 1),
       st.floats(0.1, 1.0) | st.floats(-1.0, -0.1))
def test_prop6_linear_objective(game, k_s: float, k_e: float, k_c: float) -> None:
    """Prop 6 for random k (both signs of k_c) against SLSQP over (x, y, rho)."""
    n, gamma, state_var, type_var = game
    k = (k_s, k_e, k_c)

    def objective(z):
        return (k_s * state_var * z[1] + k_e * type_var * z[0]
                + k_c * _covariance_c(z, n, gamma, state_var, type_var))

    closed = dm.linear_optimum(k, n, gamma, state_var, type_var)
    found = _maximise(objective, _starts(n, gamma, state_var, type_var),
                      _feasible_set(n, gamma, state_var, type_var))
    closed_value = objective([closed.x, closed.y, closed.rho * closed.noise_var])
    _assert_same_optimum(closed_value, [closed.x, closed.y], found, 1 + abs(closed_value))
    assert closed.regime == ("interior" if closed.noise_var > 0 else "boundary")


@GRID
@given(games(), st.floats(0.0, 3.0))
def test_prop9_revenue(game, mu: float) -> None:
    """Prop 9 against SLSQP of 2 x revenue per player, s + (n-1)gamma c - mu^2/w_o, under IC."""
    n, gamma, state_var, type_var = game

    def objective(z):
        w_o = 1 + (n - 1) * gamma * z[0]
        return (state_var * z[1] + (n - 1) * gamma * _covariance_c(z, n, gamma, state_var,
                                                                    type_var) - mu**2 / w_o)

    closed = dm.revenue_optimum(n, gamma, state_var, type_var, mu)
    ic = {"type": "ineq", "fun": lambda z: gamma * z[0]}
    found = _maximise(objective, _starts(n, gamma, state_var, type_var, ic=True),
                      _feasible_set(n, gamma, state_var, type_var, [ic]))
    closed_value = objective([closed.x, closed.y, closed.rho * closed.noise_var])
    _assert_same_optimum(closed_value, [closed.x, closed.y], found, 1 + abs(closed_value))


@GRID
@given(games())
def test_prop11_cournot_with_ic(game) -> None:
    """Prop 11 (both signs of gamma, IC imposed) against SLSQP."""
    n, gamma, state_var, type_var = game
    k = dm.objective_coefficients("consumer_surplus_cournot", n, gamma)

    def objective(z):
        return (k[0] * state_var * z[1] + k[1] * type_var * z[0]
                + k[2] * _covariance_c(z, n, gamma, state_var, type_var))

    closed = dm.optimum("consumer_surplus_cournot", n, gamma, state_var, type_var, 0.0, 0.0)
    ic = {"type": "ineq", "fun": lambda z: gamma * z[0]}
    found = _maximise(objective, _starts(n, gamma, state_var, type_var, ic=True),
                      _feasible_set(n, gamma, state_var, type_var, [ic]))
    closed_value = objective([closed.x, closed.y, closed.rho * closed.noise_var])
    _assert_same_optimum(closed_value, [closed.x, closed.y], found, 1 + abs(closed_value))


@GRID
@given(games(), st.floats(-3, 3), st.booleans())
def test_prop17_delegation(game, m0: float, ic: bool) -> None:
    """Prop 17 against SLSQP over deterministic (x, y, w_o, mu) without obedience."""
    n, gamma, _, type_var = game
    gamma = float(np.clip(gamma, -0.4, 0.4 / (n - 1)))
    closed = dm.optimum("delegation_revenue", n, gamma, 1.0, type_var, m0, 0.0, ic=ic)

    def objective(z):
        weights = dm.SymmetricWeights(x=z[0], y=z[1], w_o=z[2])
        return dm.objective_value("delegation_revenue", weights, n, gamma, 1.0, type_var,
                                  m0, 0.0, mu=z[3])

    floor = 1.0 if ic else 1e-3
    start = [closed.x + 0.3, closed.y - 0.2, max(closed.w_o, floor) + 0.4, closed.mean_action]
    found = _maximise(objective, [start, [0.0, 0.5, 2.0, 0.0]], [],
                      [(None, None), (None, None), (floor, None), (None, None)])
    value, z = found
    assert value == pytest.approx(closed.value, rel=1e-6, abs=1e-7)
    assert z == pytest.approx([closed.x, closed.y, closed.w_o, closed.mean_action], abs=1e-3)
