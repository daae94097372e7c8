"""The data-monetization figures run headless and show the right points.

Each marker is checked against a second route: the full covariance SDP
(``md.design(..., method="sdp")``) for the optimal mechanisms, the drawn curves themselves
(vertex of a fitted parabola) and the reference's numbers (§5.2 S5) for Fig 3.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

import mechdesign as md  # noqa: E402
from mechdesign import plot  # noqa: E402
from mechdesign.analytic import data_monetization as dm  # noqa: E402
from mechdesign.analytic.data_monetization.cases import normalised_game  # noqa: E402


def sdp_point(kind: str, objective: str, n: int, gamma: float, type_var: float,
              state_mean: float = 0.0) -> tuple[float, float]:
    """(x, y) = (weight on a rival's type, weight on the state) of the full SDP optimum in
    normalised units: Cournot/Bertrand games have types scaled by beta = -1/2 / 1/2 and
    the state by theta = 2 theta-tilde (``normalised_game``)."""
    res = md.design(normalised_game(kind, n, gamma, 1.0, type_var, state_mean, 0.0), objective,
                    method="sdp")
    assert res.status == "optimal"
    beta, state_scale = {"plain": (1.0, 1.0), "cournot": (-0.5, 2.0), "bertrand": (0.5, 2.0)}[kind]
    weights = res.mechanism.weights
    return float(weights.rival_types[0, 1]) / beta, float(weights.state[0]) * state_scale


def marker(ax: Axes, gid: str) -> tuple[float, float]:
    """Coordinates of the one-point marker with this gid."""
    (line,) = [ln for ln in ax.lines if ln.get_gid() == gid]
    return float(line.get_xdata()[0]), float(line.get_ydata()[0])


@pytest.mark.parametrize("gamma", [0.3, -0.3])
def test_obedience_ellipse_rectangle(gamma: float) -> None:
    ax = plot.obedience_ellipse(2, gamma, 1.0, 1.0)
    for name, point in dm.rectangle_points(2, gamma).items():
        assert marker(ax, name) == pytest.approx(point)
    assert marker(ax, "centre") == pytest.approx(dm.ellipse_centre(2, gamma))
    (boundary,) = [ln for ln in ax.lines if ln.get_label() == "obedience ellipse"]
    slack = dm.obedience_slack(boundary.get_xdata(), boundary.get_ydata(), 2, gamma, 1.0, 1.0)
    assert np.allclose(slack, 0, atol=1e-12)


@pytest.mark.parametrize("gamma", [0.3, -0.3])
def test_ic_region_is_the_gamma_x_half(gamma: float) -> None:
    ax = plot.ic_region(2, gamma, 1.0, 1.0)
    (region,) = [p for p in ax.patches if p.get_label() == "IC: γx ≥ 0"]
    xs = region.get_xy()[:, 0]
    assert np.all(gamma * xs >= -1e-12) and np.ptp(xs) > 0.3
    (no_transfers,) = [ln for ln in ax.lines if ln.get_label().startswith("x = 0")]
    assert np.allclose(no_transfers.get_xdata(), 0)


@pytest.mark.parametrize("type_var, randomized", [(0.01, True), (1.0, False)])
def test_welfare_optimum_marker(type_var: float, randomized: bool) -> None:
    """Fig 4: the W-opt marker is the Prop 7 optimum; interior vs boundary."""
    ax = plot.welfare_optimum(3, -0.5, 1.0, type_var)
    opt = dm.optimum("welfare", 3, -0.5, 1.0, type_var, 0.0, 0.0)
    assert opt.randomized == randomized
    assert marker(ax, "W-opt") == pytest.approx((opt.x, opt.y))
    assert marker(ax, "W-opt") == pytest.approx(sdp_point("plain", "welfare", 3, -0.5, type_var),
                                                rel=1e-3, abs=2e-4)
    assert ("randomized" if randomized else "deterministic") in ax.get_title()


def test_expected_actions_and_rents() -> None:
    """Fig 5: lines through (mu_t, mu) with slope d/sigma_t^2; rents vanish at t*."""
    ds = (1.0, 1.14, 3.0)
    left = plot.expected_actions(2.14, 0.5, 1.0, ds)
    right = plot.information_rents(2.14, 0.5, 1.0, ds)
    assert marker(left, "(μt, μ)") == pytest.approx((0.5, 2.14))
    lines = [ln for ln in left.lines if ln.get_label().startswith("d = ")]
    for d, line in zip(ds, lines):
        t, a = line.get_xdata(), line.get_ydata()
        assert np.polyfit(t, a, 1) == pytest.approx([d, 2.14 - d * 0.5])
    rents = [ln for ln in right.lines if ln.get_label().startswith("d = ")]
    for d, line in zip(ds, rents):
        assert f"{dm.ex_ante_rent(2.14, d, 1.0):.3f}" in line.get_label()
        assert line.get_ydata().min() >= 0


def test_revenue_optima_markers() -> None:
    """Fig 7: R-opt markers are the Prop 9 optima; at mu = mu_hat R-opt = W-opt."""
    means = (0.0, 1.14, 4.0)
    ax = plot.revenue_optima(2, 0.3, 1.0, 1.0, means)
    for mu in means:
        # mu = mu_theta / D with D = 1 - (n-1) gamma (eq. 10): the SDP game has mu_theta = 0.7 mu
        assert marker(ax, f"R-opt (mu={mu:g})") == pytest.approx(
            sdp_point("plain", "revenue", 2, 0.3, 1.0, state_mean=0.7 * mu), abs=2e-4)
    assert marker(ax, "R-opt (mu=1.14)") == pytest.approx(marker(ax, "W-opt"), abs=5e-3)


@pytest.mark.parametrize("market, gamma", [("bertrand", 0.2), ("cournot", -0.3),
                                           ("cournot", 0.2)])
def test_consumer_optimum_marker(market: str, gamma: float) -> None:
    """Fig 8: the CS-opt marker is Prop 12 (Bertrand, bottom-left quarter) or Prop 11."""
    ax = plot.consumer_optimum(2, gamma, 1.0, 1.0, market)
    opt = dm.optimum(f"consumer_surplus_{market}", 2, gamma, 1.0, 1.0, 0.0, 0.0)
    x, y = marker(ax, "CS-opt")
    assert (x, y) == pytest.approx((opt.x, opt.y))
    assert (x, y) == pytest.approx(sdp_point(market, "consumer_surplus", 2, gamma, 1.0), abs=2e-4)
    if market == "bertrand":
        x0, y0 = dm.ellipse_centre(2, gamma)
        assert x < x0 and y < y0


def _vertex(line) -> tuple[float, float, float]:
    """(argmin, min, curvature) of a drawn parabola, from a quadratic fit to its data."""
    a, b, c = np.polyfit(line.get_xdata(), line.get_ydata(), 2)
    return -b / (2 * a), c - b * b / (4 * a), 2 * a


def test_fig3_reservation_parabolas_share_their_minimum_t_star() -> None:
    """Fig 3 at the W1 mechanism: t* = -1.382800434 and A* = 1.276001445 (§5.2 S5)."""
    left = plot.reservation_utilities(2, 0.3, 1.0, 1.0, 1.0, 0.5)
    right = plot.utilities_and_rents(2, 0.3, 1.0, 1.0, 1.0, 0.5)
    t_star = -1.382800434
    assert marker(left, "t*") == pytest.approx((t_star, 0.0), abs=1e-8)
    assert marker(right, "t*") == pytest.approx((t_star, 0.0), abs=1e-8)
    assert "A* = 1.276" in left.get_title()
    parabolas = {ln.get_label(): ln for ln in left.lines if ln.get_label().startswith("U⁰")}
    assert len(parabolas) == 3
    for label, line in parabolas.items():
        shift = 0.0 if label.endswith("A = A*") else float(label.split("A*")[1])
        vertex, low, curvature = _vertex(line)
        # U0 = (mu_theta + t + gamma A)^2/2: curvature beta^2 = 1, vertex moves by -gamma dA
        assert (vertex, low, curvature) == pytest.approx((t_star - 0.3 * shift, 0.0, 1.0), abs=1e-8)
    curves = {ln.get_label(): ln for ln in right.lines if not ln.get_label().startswith("_")}
    for label in ("net utility U(t) − p(t)", "reservation U⁰(t), A = A*"):
        vertex, low, _ = _vertex(curves[label])
        assert (vertex, low) == pytest.approx((t_star, 0.0), abs=1e-8)
    gross, net = curves["gross utility U(t)"].get_ydata(), curves["net utility U(t) − p(t)"].get_ydata()
    reservation = curves["reservation U⁰(t), A = A*"].get_ydata()
    # participation: net utility >= reservation utility, with equality only at t* (d > sigma_t^2)
    assert np.all(net >= reservation - 1e-12) and np.all(gross >= net)
    # gross minus net is the payment; its prior mean is E[p_i] = 1.403750222 (S5)
    t = curves["gross utility U(t)"].get_xdata()
    density = np.exp(-((t - 0.5) ** 2) / 2) / np.sqrt(2 * np.pi)
    assert np.trapezoid((gross - net) * density, t) == pytest.approx(1.403750222, rel=1e-3)


@pytest.mark.parametrize("gamma", [0.3, -0.3])
def test_fig6_markers_are_the_sdp_optima_in_prop10_order(gamma: float) -> None:
    ax = plot.mechanisms_compared(2, gamma, 1.0, 1.0)
    welfare, revenue = marker(ax, "W-opt"), marker(ax, "R-opt (mu=0)")
    assert welfare == pytest.approx(sdp_point("plain", "welfare", 2, gamma, 1.0), abs=2e-4)
    assert revenue == pytest.approx(sdp_point("plain", "revenue", 2, gamma, 1.0), abs=2e-4)
    ci = marker(ax, "CI")
    assert gamma * ci[0] <= gamma * revenue[0] <= gamma * welfare[0]          # Prop 10
    assert welfare[1] <= revenue[1] <= ci[1]
    fb = marker(ax, "FB")
    assert dm.obedience_slack(fb[0], fb[1], 2, gamma, 1.0, 1.0) < 0            # FB not obedient


def test_paper_figures() -> None:
    figs = plot.paper_figures()
    assert sorted(figs) == [f"fig{k}" for k in range(1, 9)]
    assert all(len(f.axes) == 2 for f in figs.values())


def test_draws_on_given_axes() -> None:
    ax = plot.obedience_ellipse(2, 0.3, 1.0, 1.0)
    assert plot.welfare_optimum(2, 0.3, 1.0, 1.0, ax=ax) is ax
