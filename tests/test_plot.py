"""The data-monetization figures run headless and show the closed-form points."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from mechdesign import plot  # noqa: E402
from mechdesign.analytic import data_monetization as dm  # noqa: E402


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
        opt = dm.revenue_optimum(2, 0.3, 1.0, 1.0, mu)
        assert marker(ax, f"R-opt (mu={mu:g})") == pytest.approx((opt.x, opt.y))
    assert marker(ax, "R-opt (mu=1.14)") == pytest.approx(marker(ax, "W-opt"), abs=5e-3)


@pytest.mark.parametrize("market, gamma", [("bertrand", 0.2), ("cournot", -0.3),
                                           ("cournot", 0.2)])
def test_consumer_optimum_marker(market: str, gamma: float) -> None:
    """Fig 8: the CS-opt marker is Prop 12 (Bertrand, bottom-left quarter) or Prop 11."""
    ax = plot.consumer_optimum(2, gamma, 1.0, 1.0, market)
    opt = dm.optimum(f"consumer_surplus_{market}", 2, gamma, 1.0, 1.0, 0.0, 0.0)
    x, y = marker(ax, "CS-opt")
    assert (x, y) == pytest.approx((opt.x, opt.y))
    if market == "bertrand":
        x0, y0 = dm.ellipse_centre(2, gamma)
        assert x < x0 and y < y0


def test_paper_figures() -> None:
    figs = plot.paper_figures()
    assert sorted(figs) == ["fig1", "fig2", "fig4", "fig5", "fig7", "fig8"]
    assert all(len(f.axes) == 2 for f in figs.values())


def test_draws_on_given_axes() -> None:
    ax = plot.obedience_ellipse(2, 0.3, 1.0, 1.0)
    assert plot.welfare_optimum(2, 0.3, 1.0, 1.0, ax=ax) is ax
