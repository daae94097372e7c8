"""Closed forms of data-monetization §3 against the reference tables §4, §5.1 and §5.2.

Values in the tables are totals over the n players in normalised units (alpha = beta = 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

import mechdesign as md
from mechdesign.analytic import data_monetization as dm
from mechdesign.analytic.data_monetization.cases import normalised_game

GRID = settings(derandomize=True, deadline=None, max_examples=40)


@dataclass(frozen=True)
class Row:
    """One row of data-monetization §5.1 (rho and lam are nan where the table has '-')."""

    id: str
    objective: str
    n: int
    gamma: float
    state_var: float
    type_var: float
    state_mean: float
    type_mean: float
    mean_action: float
    x: float
    y: float
    w_o: float
    rho: float
    noise_var: float
    lam: float
    value: float


NAN = float("nan")
TABLE = [
    Row("W1", "welfare", 2, 0.3, 1, 1, 1, 0.5, 2.142857143, 0.4604076366, 1.371517706,
        1.138122291, NAN, 0, 1.552584439, 7.980195093),
    Row("W2", "welfare", 3, -0.3, 1, 1, 1, 0.5, 0.9375, -0.4166666667, 0.4166666667, 1.25,
        NAN, 0, 1.071428571, 4.443359375),
    Row("W3", "welfare", 3, -0.5, 1, 0.01, 0, 0, 0, -2, 1 / 3, 3, -0.5, 0.1022222222, 0,
        0.575),
    Row("W4", "welfare", 5, 0.1, 2, 0.5, 1, 1, 3.333333333, 0.2278560101, 1.655105959,
        1.091142404, NAN, 0, 1.690113354, 43.22248795),
    Row("W5", "welfare", 10, -0.2, 1, 0.05, 1, 0, 0.3571428571, -0.2256944444, 0.25, 1.40625,
        -1 / 9, 0.05495876736, 0, 1.834044165),
    Row("W6", "welfare", 3, 0.2, 1, 100, 0, 0, 0, 0.2851001529, 1.273126444, 1.114040061,
        NAN, 0, 3.15805058, 212.9786942),
    Row("W7", "welfare", 2, -0.9, 1, 1, 0, 0, 0, -4.878690644, 0.2701266591, 5.39082158,
        NAN, 0, 10.40131068, 52.93554812),
    Row("R1", "revenue", 2, 0.4, 1, 1, 0, 0, 0, 0.5223359832, 1.646167635, 1.208934393,
        NAN, 0, 1.708698668, 3.235290736),
    Row("R2", "revenue", 2, 0.4, 1, 1, 1, 0.5, 2.5, 0.7846170431, 1.429696484, 1.313846817,
        NAN, 0, 2.328931437, 4.564979223),
    Row("R3", "revenue", 3, -0.5, 1, 0.01, 0, 0, 0, -1.5, 1 / 3, 2.5, -0.5, 0.1622222222, 0,
        0.53375),
    Row("R4", "revenue", 3, -0.2, 1, 1, 3, 2, 3.571428571, -0.3806091802, 0.4243376754,
        1.152243672, NAN, 0, 3.26073978, 3.495775968),
    Row("R5", "revenue", 3, -0.5, 1, 0.01, 0.5, 0, 0.25, -1.877432802, 1 / 3, 2.877432802,
        -0.5, 0.1187807212, 0, 0.5927820414),
    Row("R6", "revenue", 3, 0.1, 1, 0.01, 3, 2, 6.25, 4.256965687, 0.6758798914,
        1.851393137, NAN, 0, 15.35478906, 28.19780259),
    Row("C1", "consumer_surplus_cournot", 2, -0.45, 1, 1, 1, 0.5, 1.034482759,
        -0.0727732213, 0.7170883672, 1.03274795, NAN, 0, 1.213780949, 3.946886336),
    Row("C2", "consumer_surplus_cournot", 3, 0.1, 1, 1, 1, 0.5, 1.875, 0, 1.25, 1, NAN, 0,
        NAN, 6.0703125),
    Row("C3", "consumer_surplus_cournot", 2, 0.4, 1, 1, 1, 0.5, 2.5, 0, 1.125, 1, -1,
        0.2611607143, NAN, 2.973214286),
    Row("C4", "consumer_surplus_cournot", 3, -0.2, 1, 0.05, 1, 0.5, 1.071428571,
        -0.03315170188, 0.7148252488, 1.013260681, NAN, 0, 1.283774891, 4.552324794),
    Row("B1", "consumer_surplus_bertrand", 2, 0.2, 1, 1, 1, 0.5, 1.875, 0.06701000649,
        -0.009026097617, 1.013402001, NAN, 0, 2.78706581, -4.37732423),
    Row("B2", "consumer_surplus_bertrand", 3, 0.1, 0.2, 1, 1, 0.5, 1.875, 0.0351527916,
        -0.02382438546, 1.007030558, NAN, 0, 2.789753143, -6.575594449),
    Row("D1", "delegation_revenue", 2, 0.2, 1, 1, 1, 0.5, 0.9864045489, 0.4344641972, 5 / 3,
        1.086160493, NAN, 0, NAN, 3.241448505),
    Row("D2", "delegation_revenue", 2, 0.1, 1, 1, 1, 0.5, 0.8333333333, 0.2, 1.25, 1, NAN, 0,
        NAN, 2.54),
    Row("D3", "delegation_revenue", 3, -0.3, 1, 0.1, 2, 1, 1.164374957, -0.9960433755,
        0.4545454545, 2.656115668, NAN, 0, NAN, 5.737889427),
]
BERTRAND_FULL = {"B1": 8.956009104, "B2": 5.424405551}


def close(expected: float, rel: float = 1e-6):
    return pytest.approx(expected, rel=rel, abs=1e-9)


def solve(row: Row, **kw) -> dm.SymmetricOptimum:
    return dm.optimum(row.objective, row.n, row.gamma, row.state_var, row.type_var,
                      row.state_mean, row.type_mean, **kw)


# ---------------------------------------------------------------- §5.1 main table


@pytest.mark.parametrize("row", TABLE, ids=[r.id for r in TABLE])
def test_benchmark_row(row: Row) -> None:
    opt = solve(row)
    assert (opt.x, opt.y, opt.w_o) == (close(row.x), close(row.y), close(row.w_o))
    assert opt.mean_action == close(row.mean_action)
    assert opt.noise_var == close(row.noise_var)
    assert opt.randomized == (row.noise_var > 0)
    if row.noise_var > 0:
        assert opt.rho == close(row.rho)
        assert opt.regime in ("interior", "ic_binding")
    if np.isnan(row.lam):
        assert opt.lam is None
    else:
        assert opt.lam == close(row.lam)
    assert opt.value - opt.value_constant == close(row.value)


@pytest.mark.parametrize("row_id", sorted(BERTRAND_FULL))
def test_bertrand_value_includes_constant(row_id: str) -> None:
    row = next(r for r in TABLE if r.id == row_id)
    opt = solve(row)
    assert opt.value == close(BERTRAND_FULL[row_id])
    assert opt.value_constant == close(
        2 * row.n * (row.state_var + row.state_mean**2) / (1 - 2 * (row.n - 1) * row.gamma))


@pytest.mark.parametrize("row", [r for r in TABLE if r.objective in ("welfare", "revenue")],
                         ids=lambda r: r.id)
def test_ic_is_slack_for_welfare_and_revenue(row: Row) -> None:
    """Cor 2 and Prop 9: the optimum has gamma x > 0, so dropping IC changes nothing.

    Second route, the full covariance SDP with IC and participation (Props 4-5): its optimum
    has the closed form's value and keeps the IC constraint gamma x >= 0 strictly slack,
    so (a convex program) dropping IC cannot move it. For welfare the SDP without IC is
    solved too and must reach the same value (the revenue formula (23) presumes IC, so it
    has no IC-free program).
    """
    opt = solve(row)
    assert row.gamma * opt.x > 0
    game = normalised_game("plain", row.n, row.gamma, row.state_var, row.type_var,
                           row.state_mean, row.type_mean)
    with_ic = md.design(game, row.objective, ic=True, method="sdp")
    assert with_ic.status == "optimal"
    assert with_ic.value == close(opt.value, rel=1e-6)
    assert row.gamma * with_ic.mechanism.weights.rival_types[0, 1] > 1e-3
    if row.objective == "welfare":
        without_ic = md.design(game, "welfare", ic=False, method="sdp")
        assert without_ic.status == "optimal"
        assert without_ic.value == close(with_ic.value, rel=1e-6)


@settings(derandomize=True, deadline=None, max_examples=12)
@given(n=st.integers(2, 5), r=st.floats(0.05, 0.9), objective=st.sampled_from(["welfare", "revenue"]),
       state_mean=st.floats(-1.0, 2.0), type_var=st.floats(0.2, 3.0))
def test_beauty_contest_closed_form_matches_sdp(n, r, objective, state_mean, type_var) -> None:
    """Ex. 3: loss (1-r)(a_i - theta - t_i)^2 + r(a_i - mean of the others)^2 is the game
    alpha = beta = 1 - r, gamma = r/(n-1); its closed-form optimum (normalised through §1.2)
    equals the full covariance SDP of the game in its own units."""
    game = md.games.beauty_contest(n, r, state_mean, 1.0, 0.5, type_var)
    analytic = md.design(game, objective, method="analytic")
    sdp = md.design(game, objective, method="sdp")
    assert analytic.status == sdp.status == "optimal"
    assert analytic.value == close(sdp.value, rel=1e-6)
    # the same number from the normalised closed form directly: alpha = beta = 1 - r scales
    # theta and t, gamma = r/(n-1)
    scale = 1 - r
    direct = dm.optimum(objective, n, r / (n - 1), scale**2, scale**2 * type_var,
                        scale * state_mean, scale * 0.5)
    assert direct.value == close(sdp.value, rel=1e-6)


# ---------------------------------------------------------------- game and moments


def games(max_n: int = 10):
    """(n, gamma, state_var, type_var) with gamma spread over (-1, 1/(n-1)) minus 0."""
    @st.composite
    def draw(draw_):
        n = draw_(st.sampled_from([k for k in (2, 3, 4, 6, 10) if k <= max_n]))
        share = draw_(st.floats(0.03, 0.97))
        negative = draw_(st.booleans())
        gamma = -share if negative else share / (n - 1)
        state_var = draw_(st.floats(0.1, 5.0))
        type_var = draw_(st.floats(0.01, 5.0))
        return n, gamma, state_var, type_var
    return draw()


@GRID
@given(games())
def test_rectangle_points_lie_on_ellipse(game) -> None:
    """§5.2 S1: O, SO, TO and CI have S = 0 for any parameters."""
    n, gamma, state_var, type_var = game
    for x, y in dm.rectangle_points(n, gamma).values():
        scale = state_var + type_var
        assert abs(dm.obedience_slack(x, y, n, gamma, state_var, type_var)) < 1e-12 * scale
    bx, by = dm.ellipse_boundary(n, gamma, state_var, type_var, num=50)
    assert np.allclose(dm.obedience_slack(bx, by, n, gamma, state_var, type_var), 0,
                       atol=1e-11 * scale)


def test_complete_information_own_weight() -> None:
    """§5.2 S1: w_o^CI = (1-(n-2)gamma)/(ED) = 10/9 at (n, gamma) = (3, 0.2)."""
    x_ci, _ = dm.rectangle_points(3, 0.2)["CI"]
    assert dm.own_weight(x_ci, 3, 0.2) == close(10 / 9)


@pytest.mark.parametrize("point, welfare, revenue", [
    ("O", 5.591836735, 0.0), ("SO", 7.632653061, 2.040816327),
    ("TO", 5.908102886, 0.6306303587), ("CI", 7.948919213, 2.671446685)])
def test_rectangle_values_at_w1(point: str, welfare: float, revenue: float) -> None:
    """§5.2 S1 table: totals at the W1 parameters, all below W1 = 7.980195093."""
    x, y = dm.rectangle_points(2, 0.3)[point]
    weights = dm.SymmetricWeights(x, y, float(dm.own_weight(x, 2, 0.3)))
    args = (weights, 2, 0.3, 1.0, 1.0, 1.0, 0.5)
    assert dm.objective_value("welfare", *args) == close(welfare)
    assert dm.objective_value("revenue", *args) == close(revenue)
    assert welfare < 7.980195093


@GRID
@given(games(), st.sampled_from(["welfare", "revenue", "consumer_surplus_cournot"]),
       st.floats(-2, 2))
def test_optimum_is_obedient_and_psd(game, objective: str, mean: float) -> None:
    """Moments of every optimum satisfy (11) and Lemma 3, tight when deterministic."""
    n, gamma, state_var, type_var = game
    opt = dm.optimum(objective, n, gamma, state_var, type_var, mean, 0.0)
    m = dm.symmetric_moments(opt, n, state_var, type_var)
    scale = max(1.0, abs(m.v))
    assert m.v == pytest.approx(m.s + m.d + (n - 1) * gamma * m.c, abs=1e-9 * scale)
    assert m.d == pytest.approx(type_var + (n - 1) * gamma * m.e, abs=1e-9 * scale)
    gap_i = m.v - m.c - (m.d - m.e) ** 2 / type_var
    gap_ii = (m.v + (n - 1) * m.c - n * m.s**2 / state_var
              - (m.d + (n - 1) * m.e) ** 2 / type_var)
    assert min(gap_i, gap_ii) >= -1e-8 * scale
    if not opt.randomized:
        assert abs(gap_i) + abs(gap_ii) < 1e-7 * scale
    assert dm.obedience_slack(opt.x, opt.y, n, gamma, state_var, type_var) >= -1e-9 * scale


def test_general_units_cournot_g1() -> None:
    """§5.2 G1: alpha = 1/2, beta = -1/2 (type = cost), delta = 0.6, n = 3.

    Normalised: state_var = Var(theta)/4 = 1, type_var = Var(c)/4 = 1/4,
    state_mean = 10/2, type_mean = -2/2; weights map back by x_orig = beta x etc.
    """
    args = (3, -0.3, 1.0, 0.25, 5.0, -1.0)
    w = dm.optimum("welfare", *args)
    assert w.mean_action == close(2.5)
    assert w.value == close(10.68434253)
    assert dm.optimum("revenue", *args).value == close(3.443010560)
    assert dm.optimum("consumer_surplus_cournot", *args).value == close(22.29362236)
    assert (-0.5 * w.x, 0.5 * w.y, -0.5 * w.w_o) == (
        close(0.3070041), close(0.2325183), close(-0.6842025))


def test_first_best_is_not_obedient() -> None:
    """§1.5: the first best lies outside the obedience ellipse."""
    fb = dm.first_best(2, 0.3)
    assert dm.obedience_slack(fb.x, fb.y, 2, 0.3, 1.0, 1.0) < 0
    assert fb.y == close(1 / 0.4)


# ---------------------------------------------------------------- thresholds (§5.2 S4)


@pytest.mark.parametrize("n, gamma, kappa", [
    (2, -0.5, 0.0125), (3, -0.5, 1 / 54), (3, -0.3, 0.0235254), (5, -0.3, 0.0564609),
    (10, -0.2, 0.1208392)])
def test_welfare_threshold(n: int, gamma: float, kappa: float) -> None:
    """Prop 8: values of kappa, and randomized at r = 0.98 kappa, deterministic at 1.02."""
    assert dm.welfare_randomization_threshold(n, gamma) == pytest.approx(kappa, rel=1e-6)
    below = dm.optimum("welfare", n, gamma, 1.0, 0.98 * kappa, 0.3, 0.0)
    above = dm.optimum("welfare", n, gamma, 1.0, 1.02 * kappa, 0.3, 0.0)
    assert below.randomized and below.regime == "interior"
    assert not above.randomized and above.regime == "boundary"


@pytest.mark.parametrize("n, gamma, kappa", [
    (2, -0.5, 0.0238095), (3, -0.5, 1 / 27), (3, -0.3, 0.0529983)])
def test_revenue_threshold(n: int, gamma: float, kappa: float) -> None:
    """Prop 9: kappa_R at mu = 0 and its bracket."""
    assert dm.revenue_randomization_threshold(n, gamma) == pytest.approx(kappa, rel=1e-5)
    assert dm.optimum("revenue", n, gamma, 1.0, 0.98 * kappa, 0.0, 0.0).randomized
    assert not dm.optimum("revenue", n, gamma, 1.0, 1.02 * kappa, 0.0, 0.0).randomized


@pytest.mark.parametrize("n, gamma_bar", [
    (2, 0.2807764), (3, 0.1513878), (5, 0.0791562), (10, 0.0361651)])
def test_cournot_threshold(n: int, gamma_bar: float) -> None:
    """Prop 11.3: SO at or below gamma_bar, randomized above."""
    assert dm.cournot_complementarity_threshold(n) == pytest.approx(gamma_bar, rel=1e-6)
    below = dm.optimum("consumer_surplus_cournot", n, 0.98 * gamma_bar, 1.0, 1.0, 1.0, 0.5)
    above = dm.optimum("consumer_surplus_cournot", n, 1.02 * gamma_bar, 1.0, 1.0, 1.0, 0.5)
    assert (below.x, below.y) == (0.0, close(1 / (1 - (n - 1) * 0.98 * gamma_bar)))
    assert not below.randomized and above.randomized and above.x == 0.0


@GRID
@given(games())
def test_welfare_randomized_iff_below_kappa(game) -> None:
    """Prop 8: randomized iff gamma < -1/(n+1) and r < kappa (away from r = kappa)."""
    n, gamma, state_var, type_var = game
    kappa = float(dm.welfare_randomization_threshold(n, gamma))
    r = type_var / state_var
    if abs(r - kappa) < 1e-6:
        return
    assert dm.optimum("welfare", n, gamma, state_var, type_var, 0, 0).randomized == (r < kappa)
    if gamma >= -1 / (n + 1):
        assert kappa == 0


# ---------------------------------------------------------------- Props 7, 9, 11, 12


@GRID
@given(games())
def test_interior_closed_forms(game) -> None:
    """Prop 7 and Prop 9 interior closed forms at lambda = 0 for gamma < 0."""
    n, gamma, _, _ = game
    if gamma > 0:
        gamma = -gamma * (n - 1)
    e_ = 1 + gamma
    x, y = dm.stationarity_curve(0.0, dm.objective_coefficients("welfare", n, gamma), n, gamma)
    assert (x, y) == (close(-(3 + 2 * gamma) / (2 * (n - 1) * e_**2)), close(-1 / (2 * n * gamma)))
    assert dm.revenue_rival_weight(0.0, n, gamma, 0.0) == close(
        -(2 + gamma) / (2 * (n - 1) * e_**2))
    m = 0.7
    w_o = 1 + (n - 1) * gamma * dm.revenue_rival_weight(0.0, n, gamma, m)
    assert 2 * e_ * (w_o - 1) / abs(gamma) == close((2 + gamma) / e_ + m / w_o**2)


@GRID
@given(games())
def test_welfare_optimum_satisfies_ic(game) -> None:
    """Cor 2: W-opt lies in {gamma x > 0, y > y0}."""
    n, gamma, state_var, type_var = game
    opt = dm.optimum("welfare", n, gamma, state_var, type_var, 0, 0)
    assert gamma * opt.x > 0 and opt.y > dm.ellipse_centre(n, gamma)[1]


@GRID
@given(games(), st.floats(0, 3))
def test_cournot_surplus_substitutes(game, mean: float) -> None:
    """Prop 11.2 (gamma < 0): deterministic, IC slack; more weight on theta and less on
    rivals' types than W-opt, R-opt (any mu) and CI."""
    n, gamma, state_var, type_var = game
    gamma = -abs(gamma) if gamma < 0 else -gamma * (n - 1)
    args = (n, gamma, state_var, type_var, mean, 0.0)
    cs = dm.optimum("consumer_surplus_cournot", *args)
    assert not cs.randomized and gamma * cs.x > 0
    x_ci, y_ci = dm.rectangle_points(n, gamma)["CI"]
    others = [(x_ci, y_ci)] + [(o.x, o.y) for o in
                                (dm.optimum(k, *args) for k in ("welfare", "revenue"))]
    assert all(cs.y >= y - 1e-9 and abs(cs.x) <= abs(x) + 1e-9 for x, y in others)


@GRID
@given(games())
def test_cournot_surplus_complements_violates_ic_without_it(game) -> None:
    """Prop 11.3 (gamma > 0): the obedience-only optimum has x < 0; IC binds at x = 0."""
    n, gamma, state_var, type_var = game
    gamma = abs(gamma) if gamma > 0 else -gamma / (n - 1)
    args = ("consumer_surplus_cournot", n, gamma, state_var, type_var, 1.0, 0.5)
    with_ic, without = dm.optimum(*args), dm.optimum(*args, ic=False)
    assert with_ic.x == 0 and with_ic.regime == "ic_binding"
    assert without.x < 0 and without.value >= with_ic.value - 1e-12


@GRID
@given(games())
def test_bertrand_surplus_bottom_left(game) -> None:
    """Prop 12: deterministic, x* > 0, y* < 0, on the bottom-left quarter of the ellipse."""
    n, gamma, state_var, type_var = game
    gamma = gamma / 2 if gamma > 0 else -gamma / (2 * (n - 1))
    opt = dm.optimum("consumer_surplus_bertrand", n, gamma, state_var, type_var, 1.0, 0.5)
    x0, y0 = dm.ellipse_centre(n, gamma)
    assert not opt.randomized and opt.lam > 1 / (1 + gamma)
    assert 0 < opt.x < x0 and opt.y < 0


# ---------------------------------------------------------------- Prop 10, limits


@GRID
@given(games())
def test_zero_mean_ordering(game) -> None:
    """§5.2 S9 / Prop 10.3: gamma x_CI <= gamma x_R(0) <= gamma x_W, y_W <= y_R(0) <= y_CI."""
    assert dm.zero_mean_ordering_holds(*game)


@settings(derandomize=True, deadline=None, max_examples=15)
@given(games())
def test_revenue_monotone_in_mean_and_reversal(game) -> None:
    """Prop 10.2 on a grid of mu; Prop 10.4 reversal beyond the crossing mu_hat (S6)."""
    n, gamma, state_var, type_var = game
    mu_hat = dm.revenue_welfare_crossing(n, gamma, state_var, type_var)
    assert dm.revenue_monotone_in_mean(n, gamma, state_var, type_var,
                                       np.linspace(-3 * mu_hat, 3 * mu_hat, 13))
    assert dm.large_mean_reversal_holds(n, gamma, state_var, type_var, 1.5 * mu_hat)
    assert not dm.large_mean_reversal_holds(n, gamma, state_var, type_var, 0.5 * mu_hat)


@pytest.mark.parametrize("n, gamma, type_var, mu_hat", [(2, 0.3, 1.0, 1.138122291),
                                                        (3, -0.5, 0.01, 0.3)])
def test_crossing(n: int, gamma: float, type_var: float, mu_hat: float) -> None:
    """§5.2 S6: at |mu| = sigma_t w_o^W, R-opt equals W-opt."""
    assert dm.revenue_welfare_crossing(n, gamma, 1.0, type_var) == close(mu_hat)
    w = dm.optimum("welfare", n, gamma, 1.0, type_var, 0, 0)
    r = dm.revenue_optimum(n, gamma, 1.0, type_var, mu_hat)
    assert (r.x, r.y, r.noise_var) == (close(w.x), close(w.y), close(w.noise_var))


@pytest.mark.parametrize("n, gamma, end", [(2, 0.3, (0.8126278, 0.7142857)),
                                           (3, -0.3, (-0.4300558, 0.3125))])
def test_large_mean_limit(n: int, gamma: float, end: tuple[float, float]) -> None:
    """§5.2 S7: R-opt tends to the end of the horizontal axis as mu -> inf."""
    limit = dm.large_mean_limit(n, gamma, 1.0, 1.0)
    assert limit == (close(end[0]), close(end[1]))
    far = dm.revenue_optimum(n, gamma, 1.0, 1.0, 1e4)
    assert (far.x, far.y) == (pytest.approx(limit[0], abs=1e-6), pytest.approx(limit[1], abs=1e-6))


@pytest.mark.parametrize("n, gamma, limit", [(3, 0.2, (0.277778, 1.25)),
                                             (3, -0.3, (-0.267857, 0.368590)),
                                             (2, -0.7, (-1.372549, 0.317965))])
def test_large_type_uncertainty_limit(n: int, gamma: float, limit) -> None:
    """§5.2 S8 / Prop 8: W-opt tends to (x_CI, y_inf), y_inf < y_CI, as r -> inf."""
    x, y = dm.large_type_uncertainty_limit(n, gamma)
    assert (x, y) == (pytest.approx(limit[0], abs=1e-6), pytest.approx(limit[1], abs=1e-6))
    assert x == close(dm.rectangle_points(n, gamma)["CI"][0])
    assert y < dm.rectangle_points(n, gamma)["CI"][1]
    far = dm.optimum("welfare", n, gamma, 1.0, 1e8, 0, 0)
    assert not far.randomized
    assert (far.x, far.y) == (pytest.approx(x, abs=1e-6), pytest.approx(y, abs=1e-6))


LARGE_N = {  # §4 "Limits as n grows": (x, y, W/n), sigma's = 1, mu = 0
    -0.2: [(2, -0.4498, 0.7111, 0.9480), (5, -0.2291, 0.3827, 0.8783),
           (10, -0.1236, 0.2156, 0.8392), (20, -0.0632, 0.1152, 0.8138),
           (50, -0.0253, 0.0482, 0.7956)],
    "0.5/(n-1)": [(2, 0.8141, 1.9055, 3.1368), (5, 0.3045, 1.9419, 2.7349),
                  (10, 0.1506, 1.9670, 2.6148), (20, 0.0751, 1.9824, 2.5568),
                  (50, 0.0300, 1.9927, 2.5226)],
}


@pytest.mark.parametrize("gamma_rule", list(LARGE_N))
def test_limits_as_n_grows(gamma_rule) -> None:
    """§4 "Limits as n grows" (4-digit table) and N1 values at n = 20."""
    for n, x, y, per_player in LARGE_N[gamma_rule]:
        gamma = gamma_rule if isinstance(gamma_rule, float) else 0.5 / (n - 1)
        opt = dm.optimum("welfare", n, gamma, 1.0, 1.0, 0.0, 0.0)
        assert (opt.x, opt.y, opt.value / n) == (
            pytest.approx(x, abs=6e-5), pytest.approx(y, abs=6e-5),
            pytest.approx(per_player, abs=6e-5))


@pytest.mark.parametrize("gamma, welfare, revenue", [(-0.2, 16.27680056, 3.959678117),
                                                     (0.5 / 19, 51.13600234, 42.41085973)])
def test_n20(gamma: float, welfare: float, revenue: float) -> None:
    """§5.2 N1: n = 20, sigma's = 1; revenue with mu_theta = 1."""
    assert dm.optimum("welfare", 20, gamma, 1.0, 1.0, 0.0, 0.0).value == close(welfare)
    assert dm.optimum("revenue", 20, gamma, 1.0, 1.0, 1.0, 0.0).value == close(revenue)


# ---------------------------------------------------------------- payments (§5.2 S5)


def test_payments_at_w1() -> None:
    """§5.2 S5: Prop 5 / Cor 3 at the W1 mechanism."""
    row = TABLE[0]
    opt = solve(row)
    m = dm.symmetric_moments(opt, row.n, row.state_var, row.type_var)
    mu, d = opt.mean_action, m.d
    assert dm.zero_action_type(mu, d, 0.5, 1.0) == close(-1.382800434)
    assert dm.off_path_action(mu, d, 0.3, 1.0, 0.5, 1.0) == close(1.276001445)
    d_ = 1 - (row.n - 1) * row.gamma
    assert dm.off_path_action(mu, d, 0.3, 1.0, 0.5, 1.0) == close(mu * (1 / d - d_) / 0.3)
    assert dm.conditional_action_variance(m, 1.0) == close(2.093036009)
    assert dm.payment(0.5, m, mu, 0.5, 1.0) == close(1.325150193)
    assert dm.ex_ante_rent(mu, d, 1.0) == close(2.586347324)
    per_player = dm.revenue_value(m, mu, row.n, 1.0) / row.n
    assert per_player == close(1.403750222)
    expected_payment, _ = integrate.quad(
        lambda t: float(dm.payment(t, m, mu, 0.5, 1.0)) * stats.norm.pdf(t, 0.5, 1.0),
        -np.inf, np.inf)
    assert expected_payment == close(per_player)


@GRID
@given(games(), st.floats(-2, 2), st.floats(-1, 1))
def test_rent_dominates_reservation_utility(game, state_mean: float, type_mean: float) -> None:
    """Prop 5: with A = A*, V(t) - U0(t) = (d/type_var - 1)(t - t*)^2/2 >= 0 iff d >= type_var;
    both vanish at t*, and V'(t) = E[a_i | t] (Cor 3)."""
    n, gamma, state_var, type_var = game
    opt = dm.optimum("revenue", n, gamma, state_var, type_var, state_mean, type_mean)
    d, mu = opt.w_o * type_var, opt.mean_action
    t_star = dm.zero_action_type(mu, d, type_mean, type_var)
    threat = dm.off_path_action(mu, d, gamma, state_mean, type_mean, type_var)
    t = t_star + np.linspace(-2, 2, 9)
    rent = dm.interim_rent(t, mu, d, type_mean, type_var)
    reservation = dm.reservation_utility(t, threat, gamma, state_mean)
    assert np.allclose(rent - reservation, (d / type_var - 1) * (t - t_star) ** 2 / 2,
                       atol=1e-8 * (1 + np.abs(rent)))
    assert d >= type_var
    h = 1e-5
    slope = (dm.interim_rent(t + h, mu, d, type_mean, type_var)
             - dm.interim_rent(t - h, mu, d, type_mean, type_var)) / (2 * h)
    assert np.allclose(slope, dm.conditional_mean_action(t, mu, d, type_mean, type_var),
                       rtol=1e-5, atol=1e-5)


# ---------------------------------------------------------------- delegation (App. E)


@GRID
@given(games(), st.floats(-3, 3))
def test_delegation(game, m0: float) -> None:
    """Prop 17: IR binds iff m0^2/sigma_t^2 <= (2C-1)(K+1)^2; |mu| < |m0|/K; and the
    first best is the delegation welfare optimum and beats it in welfare."""
    n, gamma, state_var, type_var = game
    gamma = float(np.clip(gamma, -0.45, 0.45 / (n - 1)))
    k, ell = 1 - 2 * (n - 1) * gamma, 1 - 2 * (n - 2) * gamma
    c = k * (1 + 2 * gamma) / ell
    rev = dm.optimum("delegation_revenue", n, gamma, state_var, type_var, m0, 0.0)
    assert (rev.w_o == 1.0) == (m0**2 / type_var <= (2 * c - 1) * (k + 1) ** 2)
    assert abs(rev.mean_action) <= abs(m0) / k
    free = dm.optimum("delegation_revenue", n, gamma, state_var, type_var, m0, 0.0, ic=False)
    assert free.value >= rev.value - 1e-12
    z = free.w_o
    assert (2 * c * z - 1) * (k * z + 1) ** 2 == pytest.approx(m0**2 / type_var, abs=1e-9)
    fb = dm.optimum("delegation_welfare", n, gamma, state_var, type_var, m0, 0.0)
    assert fb.w_o * type_var >= type_var   # the first best satisfies d >= sigma_t^2
    obedient = dm.optimum("welfare", n, gamma, state_var, type_var, m0, 0.0)
    assert fb.value >= obedient.value - 1e-9


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("kwargs, match", [
    ({"gamma": 0.0}, "'gamma'.*nonzero.*Got 0.0"),
    ({"gamma": 0.6}, r"'gamma'.*\(-1, 0.5\).*unbounded.*Got 0.6"),
    ({"gamma": -1.2}, r"'gamma'.*Got -1.2"),
    ({"n": 1}, r"'n'.*Got 1"),
    ({"state_var": 0.0}, r"'state_var'.*\(0, inf\).*Got 0.0"),
    ({"objective": "profit"}, r"'objective'.*Got 'profit'"),
    ({"objective": "consumer_surplus_bertrand", "gamma": -0.2}, r"'gamma'.*\(0, 0.25\)"),
    ({"objective": "consumer_surplus_bertrand", "gamma": 0.3}, r"'gamma'.*\(0, 0.25\)"),
    ({"objective": "delegation_revenue", "gamma": -0.6}, r"'gamma'.*\(-0.5, 0.25\)"),
])
def test_bad_input(kwargs, match: str) -> None:
    args = {"objective": "welfare", "n": 3, "gamma": -0.3, "state_var": 1.0,
            "type_var": 1.0, "state_mean": 0.0, "type_mean": 0.0} | kwargs
    with pytest.raises(ValueError, match=match):
        dm.optimum(**args)
