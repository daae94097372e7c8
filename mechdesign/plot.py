"""Figures of the data-monetization paper, drawn from the closed forms.

Each function draws one panel on ``ax`` (a new figure when ``ax`` is None) and returns
the Axes; ``paper_figures()`` assembles Figs. 1-8 of Bonatti, Dahleh and Horel with the
parameters suggested in data-monetization §4 (the paper's own values are lost). Axes of
the mechanism figures are the weight on each rival's type x (horizontal) and on the state
y (vertical), normalised units (alpha = beta = 1); Fig 3 plots utilities against the type.

Point markers carry a ``gid`` (and an annotation) that tests and readers can look up:
``"O"``, ``"SO"``, ``"TO"``, ``"CI"`` (the rectangle of §2.4 C), ``"centre"``, ``"W-opt"``,
``"R-opt (mu=...)"``, ``"CS-opt"``, ``"(μt, μ)"``, ``"t*"`` (Fig 3).

``comparative_statics(frame, x, y)`` plots a sweep's table (:mod:`mechdesign.plot_statics`).

Beware: the figures use matplotlib's object API (``matplotlib.figure.Figure``), not
pyplot, so nothing is shown or kept alive unless you display or save the figure.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from mechdesign.analytic import data_monetization as dm
from mechdesign.plot_statics import comparative_statics as comparative_statics

__all__ = [
    "obedience_ellipse",
    "ic_region",
    "reservation_utilities",
    "utilities_and_rents",
    "welfare_optimum",
    "mechanisms_compared",
    "expected_actions",
    "information_rents",
    "revenue_optima",
    "consumer_optimum",
    "paper_figures",
]

_LAMBDAS = np.concatenate([[0.0], np.geomspace(1e-4, 1e5, 600)])
_CONSUMER = {"bertrand": "consumer_surplus_bertrand", "cournot": "consumer_surplus_cournot"}


def _axes(ax: Axes | None) -> Axes:
    return Figure(figsize=(5.2, 4.4), layout="constrained").add_subplot() if ax is None else ax


def _marker(ax: Axes, x: float, y: float, label: str, style: str = "o", color: str = "k",
            offset: tuple[float, float] = (5, 5)) -> None:
    ax.plot([x], [y], style, color=color, gid=label, label=f"_{label}", zorder=5)
    ax.annotate(label.replace("mu", "μ"), (x, y), xytext=offset, textcoords="offset points",
                fontsize=9, color=color)


def obedience_ellipse(n: int, gamma: float, state_var: float, type_var: float,
                      ax: Axes | None = None) -> Axes:
    """Fig 1: the obedience ellipse with the rectangle O-SO-CI-TO inscribed (§2.4 C)."""
    ax = _axes(ax)
    bx, by = dm.ellipse_boundary(n, gamma, state_var, type_var)
    ax.fill(bx, by, color="tab:blue", alpha=0.12, lw=0)
    ax.plot(bx, by, color="tab:blue", lw=1.5, label="obedience ellipse")
    pts = dm.rectangle_points(n, gamma)
    corners = [pts[k] for k in ("O", "SO", "CI", "TO", "O")]
    ax.plot(*zip(*corners), color="0.4", lw=1, ls="--")
    for name, (x, y) in pts.items():
        _marker(ax, x, y, name)
    _marker(ax, *dm.ellipse_centre(n, gamma), "centre", style="+", color="tab:blue")
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    ax.axvline(0, color="0.8", lw=0.8, zorder=0)
    ax.set_xlabel("x: weight on each rival's type")
    ax.set_ylabel("y: weight on the state")
    ax.set_title(f"Obedient mechanisms, n={n}, γ={gamma:g}")
    return ax


def ic_region(n: int, gamma: float, state_var: float, type_var: float,
              ax: Axes | None = None) -> Axes:
    """Fig 2: the IC half-plane gamma x >= 0 inside the ellipse; x = 0 needs no transfers."""
    ax = obedience_ellipse(n, gamma, state_var, type_var, ax)
    bx, by = dm.ellipse_boundary(n, gamma, state_var, type_var, num=800)
    keep = gamma * bx >= 0
    order = np.argsort(np.arctan2(by[keep] - by.mean(), bx[keep]))
    region = np.column_stack([bx[keep], by[keep]])[order]
    ax.fill(region[:, 0], region[:, 1], color="tab:green", alpha=0.25, lw=0,
            label="IC: γx ≥ 0")
    ax.axvline(0, color="tab:red", lw=1.2, label="x = 0: no transfers (e = 0)")
    ax.legend(loc="best", fontsize=8)
    ax.set_title(f"Incentive compatibility, n={n}, γ={gamma:g}")
    return ax


def _welfare_mechanism(n: int, gamma: float, state_var: float, type_var: float,
                       state_mean: float, type_mean: float):
    """W-opt of Prop 7 with its moments: (optimum, moments, t*, A*) of Prop 5.2."""
    opt = dm.optimum("welfare", n, gamma, state_var, type_var, state_mean, type_mean)
    moments = dm.symmetric_moments(opt.weights, n, state_var, type_var)
    mu = opt.mean_action
    t_star = dm.zero_action_type(mu, moments.d, type_mean, type_var)
    a_star = dm.off_path_action(mu, moments.d, gamma, state_mean, type_mean, type_var)
    return opt, moments, t_star, a_star


def _types(centre: float, type_var: float, type_mean: float) -> np.ndarray:
    half = 3 * np.sqrt(type_var) + abs(centre - type_mean)
    return np.linspace(type_mean - half, type_mean + half, 401)


def reservation_utilities(n: int, gamma: float, state_var: float, type_var: float,
                          state_mean: float, type_mean: float,
                          ax: Axes | None = None) -> Axes:
    """Fig 3 (left): reservation utilities U0(t) = (mu_theta + t + gamma A)^2/2 (Lemma 1).

    Parabolas of curvature beta^2 = 1, shifted horizontally by the off-path aggregate A;
    the designer's A* of Prop 5.2 puts the minimum at t*, the type whose expected action
    under W-opt (Prop 7) is zero.
    """
    ax = _axes(ax)
    _, _, t_star, a_star = _welfare_mechanism(n, gamma, state_var, type_var, state_mean, type_mean)
    t = _types(t_star, type_var, type_mean)
    for aggregate, style in ((a_star - 2.0, ":"), (a_star, "-"), (a_star + 2.0, "--")):
        label = "A = A*" if aggregate == a_star else f"A = A* {aggregate - a_star:+g}"
        ax.plot(t, dm.reservation_utility(t, aggregate, gamma, state_mean), style, lw=1.3,
                color="tab:blue", label=f"U⁰(t), {label}")
    _marker(ax, t_star, 0.0, "t*", color="tab:red")
    ax.set_ylim(-0.1 * _peak(t, t_star), _peak(t, t_star))
    ax.set_xlabel("type t")
    ax.set_ylabel("reservation utility U⁰(t)")
    ax.legend(fontsize=8)
    ax.set_title(f"Reservation utility, A* = {a_star:.3f} (n={n}, γ={gamma:g})")
    return ax


def _peak(t: np.ndarray, t_star: float) -> float:
    return float(np.max((t - t_star) ** 2) / 2)


def utilities_and_rents(n: int, gamma: float, state_var: float, type_var: float,
                        state_mean: float, type_mean: float,
                        ax: Axes | None = None) -> Axes:
    """Fig 3 (right): gross utility U(t), net utility U(t) - p(t) = V(t) and U0 at A*.

    Under W-opt (Prop 7) with the pointwise-maximal payment (18): the net utility (the
    rent of Cor 3) and the reservation parabola U0 share their minimiser t*, where both
    are 0; the gross utility ``(Var(a|t) + E[a|t]^2)/2`` (Prop 4) lies above by p(t).
    """
    ax = _axes(ax)
    opt, m, t_star, a_star = _welfare_mechanism(n, gamma, state_var, type_var, state_mean,
                                                type_mean)
    t = _types(t_star, type_var, type_mean)
    mean = dm.conditional_mean_action(t, opt.mean_action, m.d, type_mean, type_var)
    gross = (dm.conditional_action_variance(m, type_var) + mean ** 2) / 2
    net = gross - dm.payment(t, m, opt.mean_action, type_mean, type_var)
    ax.plot(t, gross, color="tab:orange", lw=1.3, label="gross utility U(t)")
    ax.plot(t, net, color="tab:green", lw=1.3, label="net utility U(t) − p(t)")
    ax.plot(t, dm.reservation_utility(t, a_star, gamma, state_mean), "--", color="tab:blue",
            lw=1.3, label="reservation U⁰(t), A = A*")
    _marker(ax, t_star, 0.0, "t*", color="tab:red")
    ax.set_ylim(-0.1 * _peak(t, t_star), 1.2 * float(gross.max()))
    ax.set_xlabel("type t")
    ax.set_ylabel("utility")
    ax.legend(fontsize=8)
    ax.set_title("The seller aligns the minima at t*")
    return ax


def _curve(ax: Axes, x: np.ndarray, y: np.ndarray, label: str, color: str,
           style: str = "-") -> None:
    ax.plot(x, y, style, color=color, lw=1.3, label=label)


def _window(ax: Axes, n: int, gamma: float, state_var: float, type_var: float,
            margin: float = 0.35) -> None:
    """Frame the ellipse (curves beyond it are clipped)."""
    x0, y0 = dm.ellipse_centre(n, gamma)
    a_x, a_y = dm.ellipse_semi_axes(n, gamma, state_var, type_var)
    ax.set_xlim(x0 - (1 + margin) * a_x, x0 + (1 + margin) * a_x)
    ax.set_ylim(y0 - (1 + margin) * a_y, y0 + (1 + margin) * a_y)


def _lambdas(k_c: float) -> np.ndarray:
    return _LAMBDAS if k_c < 0 else _LAMBDAS[1:]


def welfare_optimum(n: int, gamma: float, state_var: float, type_var: float,
                    ax: Axes | None = None) -> Axes:
    """Fig 4: the welfare stationarity curve (21) and W-opt (Prop 7)."""
    ax = obedience_ellipse(n, gamma, state_var, type_var, ax)
    k = dm.objective_coefficients("welfare", n, gamma)
    _curve(ax, *dm.stationarity_curve(_lambdas(k[2]), k, n, gamma), "welfare curve (21)",
           "tab:orange")
    opt = dm.optimum("welfare", n, gamma, state_var, type_var, 0.0, 0.0)
    kind = "randomized" if opt.randomized else "deterministic"
    _marker(ax, opt.x, opt.y, "W-opt", style="*", color="tab:orange", offset=(6, -12))
    _window(ax, n, gamma, state_var, type_var)
    ax.legend(fontsize=7, loc="lower right")
    ax.set_title(f"W-opt, n={n}, γ={gamma:g}, σt²={type_var:g}: {kind}")
    return ax


def expected_actions(mean_action: float, type_mean: float, type_var: float,
                     covariances: Sequence[float], ax: Axes | None = None) -> Axes:
    """Fig 5 (left): E[a_i | t] = mu + d (t - mu_t)/sigma_t^2 (15) for several d."""
    ax = _axes(ax)
    t = type_mean + np.sqrt(type_var) * np.linspace(-3, 3, 200)
    for d in covariances:
        line = dm.conditional_mean_action(t, mean_action, d, type_mean, type_var)
        ax.plot(t, line, lw=1.3, label=f"d = {d:g}")
    _marker(ax, type_mean, mean_action, "(μt, μ)")
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    ax.set_xlabel("type t")
    ax.set_ylabel("E[a_i | t_i = t]")
    ax.legend(fontsize=8)
    ax.set_title("Expected action rotates with d = Cov(a_i, t_i)")
    return ax


def information_rents(mean_action: float, type_mean: float, type_var: float,
                      covariances: Sequence[float], ax: Axes | None = None) -> Axes:
    """Fig 5 (right): interim rents V(t) (Cor 3) and their ex-ante means (22)."""
    ax = _axes(ax)
    t = type_mean + np.sqrt(type_var) * np.linspace(-3, 3, 200)
    for d in covariances:
        rent = dm.ex_ante_rent(mean_action, d, type_var)
        ax.plot(t, dm.interim_rent(t, mean_action, d, type_mean, type_var), lw=1.3,
                label=f"d = {d:g}: E rent = {rent:.3f}")
    ax.set_xlabel("type t")
    ax.set_ylabel("interim rent V(t)")
    ax.legend(fontsize=8)
    ax.set_title("Flat and steep E[a|t] both leave large rents")
    return ax


def revenue_optima(n: int, gamma: float, state_var: float, type_var: float,
                   means: Sequence[float], ax: Axes | None = None) -> Axes:
    """Fig 7: revenue curves (Prop 9) and R-opt for each mean action, against W-opt."""
    ax = welfare_optimum(n, gamma, state_var, type_var, ax)
    colors = ["tab:purple", "tab:green", "tab:red", "tab:brown"]
    g = (n - 1) * gamma
    for i, (mu, color) in enumerate(zip(means, colors)):
        m = mu**2 / type_var
        _curve(ax, *dm.revenue_curve(_lambdas(g)[::4], n, gamma, m),
               f"revenue curve (24), μ={mu:g}", color, "--")
        opt = dm.revenue_optimum(n, gamma, state_var, type_var, mu)
        _marker(ax, opt.x, opt.y, f"R-opt (mu={mu:g})", style="s", color=color,
                offset=(-100, -16 - 13 * i))
    _window(ax, n, gamma, state_var, type_var)
    ax.legend(fontsize=7, loc="lower right")
    ax.set_title(f"R-opt vs W-opt, n={n}, γ={gamma:g}")
    return ax


def mechanisms_compared(n: int, gamma: float, state_var: float, type_var: float,
                        ax: Axes | None = None) -> Axes:
    """Fig 6: complete information CI (6), W-opt (Prop 7) and R-opt at mu = 0 (Prop 9).

    With the first best FB (7) outside the ellipse for reference. Prop 10 orders them:
    gamma x^CI <= gamma x^R <= gamma x^W and y^W <= y^R <= y^CI.
    """
    ax = obedience_ellipse(n, gamma, state_var, type_var, ax)
    welfare = dm.optimum("welfare", n, gamma, state_var, type_var, 0.0, 0.0)
    revenue = dm.optimum("revenue", n, gamma, state_var, type_var, 0.0, 0.0)
    fb = dm.first_best(n, gamma)
    _marker(ax, welfare.x, welfare.y, "W-opt", style="*", color="tab:orange", offset=(6, -12))
    _marker(ax, revenue.x, revenue.y, "R-opt (mu=0)", style="s", color="tab:purple",
            offset=(8, 10))
    _marker(ax, fb.x, fb.y, "FB", style="x", color="0.3")
    _window(ax, n, gamma, state_var, type_var)
    x0, y0 = dm.ellipse_centre(n, gamma)
    a_x, a_y = dm.ellipse_semi_axes(n, gamma, state_var, type_var)
    ax.set_xlim(min(ax.get_xlim()[0], fb.x - 0.1 * a_x), max(ax.get_xlim()[1], fb.x + 0.1 * a_x))
    ax.set_ylim(min(ax.get_ylim()[0], fb.y - 0.1 * a_y), max(ax.get_ylim()[1], fb.y + 0.1 * a_y))
    ax.set_title(f"CI, W-opt and R-opt (μ=0), n={n}, γ={gamma:g}")
    return ax


def consumer_optimum(n: int, gamma: float, state_var: float, type_var: float,
                     market: str = "bertrand", ax: Axes | None = None) -> Axes:
    """Fig 8: consumer-optimal mechanism, Bertrand (Prop 12) or Cournot (Prop 11)."""
    ax = obedience_ellipse(n, gamma, state_var, type_var, ax)
    objective = _CONSUMER[market]
    k = dm.objective_coefficients(objective, n, gamma)
    if not (market == "cournot" and gamma > 0):      # IC binds there: no curve (Prop 11.3)
        _curve(ax, *dm.stationarity_curve(_lambdas(k[2]), k, n, gamma),
               "stationarity curve", "tab:red")
    x0, y0 = dm.ellipse_centre(n, gamma)
    ax.axhline(y0, color="tab:blue", lw=0.6, ls=":")
    ax.axvline(x0, color="tab:blue", lw=0.6, ls=":")
    opt = dm.optimum(objective, n, gamma, state_var, type_var, 0.0, 0.0)
    _marker(ax, opt.x, opt.y, "CS-opt", style="*", color="tab:red", offset=(-45, -14))
    _window(ax, n, gamma, state_var, type_var)
    ax.set_title(f"Consumer optimum ({market}), n={n}, γ={gamma:g}")
    return ax


def _panels(count: int, width: float = 5.2) -> list[Axes]:
    fig = Figure(figsize=(width * count, 4.4), layout="constrained")
    return list(fig.subplots(1, count)) if count > 1 else [fig.add_subplot()]


def paper_figures() -> dict[str, Figure]:
    """Figs. 1-8 with the parameters of data-monetization §4.

    Fig 3 uses the W1 mechanism of §5.1 (n = 2, gamma = 0.3, mu_theta = 1, mu_t = 0.5,
    unit variances; t* and A* as in §5.2 S5); Fig 6 uses n = 2, gamma = +-0.3, mu = 0.
    """
    figs: dict[str, Figure] = {}
    axes = _panels(2)
    for gamma, ax in zip((0.3, -0.3), axes):
        obedience_ellipse(2, gamma, 1.0, 1.0, ax)
    figs["fig1"] = axes[0].figure
    axes = _panels(2)
    for gamma, ax in zip((0.3, -0.3), axes):
        ic_region(2, gamma, 1.0, 1.0, ax)
    figs["fig2"] = axes[0].figure
    axes = _panels(2)
    reservation_utilities(2, 0.3, 1.0, 1.0, 1.0, 0.5, axes[0])
    utilities_and_rents(2, 0.3, 1.0, 1.0, 1.0, 0.5, axes[1])
    figs["fig3"] = axes[0].figure
    axes = _panels(2)
    for type_var, ax in zip((0.01, 1.0), axes):
        welfare_optimum(3, -0.5, 1.0, type_var, ax)
    figs["fig4"] = axes[0].figure
    axes = _panels(2)
    expected_actions(2.14, 0.5, 1.0, (1.0, 1.14, 3.0), axes[0])
    information_rents(2.14, 0.5, 1.0, (1.0, 1.14, 3.0), axes[1])
    figs["fig5"] = axes[0].figure
    axes = _panels(2)
    for gamma, ax in zip((0.3, -0.3), axes):
        mechanisms_compared(2, gamma, 1.0, 1.0, ax)
    figs["fig6"] = axes[0].figure
    axes = _panels(2)
    revenue_optima(2, 0.3, 1.0, 1.0, (0.0, 1.14), axes[0])
    revenue_optima(2, 0.3, 1.0, 1.0, (4.0,), axes[1])
    figs["fig7"] = axes[0].figure
    axes = _panels(2)
    consumer_optimum(2, 0.2, 1.0, 1.0, "bertrand", axes[0])
    consumer_optimum(2, -0.3, 1.0, 1.0, "cournot", axes[1])
    figs["fig8"] = axes[0].figure
    return figs
