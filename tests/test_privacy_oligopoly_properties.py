"""Property tests of privacy-oligopoly.md §1.6, §2 and §6: two routes to every number.

* the linear system (M + D) b = c against the convex QP;
* the identical-firm closed forms against the generic engine over hypothesis grids;
* a Monte Carlo check of Delta's sign and of the first-order conditions;
* the invariances (intercept, homogeneity), limits and reductions of §6;
* design, sharing region and covariance SDP against brute-force or closed-form routes.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mechdesign.markets.privacy_oligopoly import (
    GOLDEN_RATIO,
    PrivacyOligopoly,
    covariance_bound,
    critical_signal_ratio,
    no_platform_incentive,
    optimal_privacy,
    participation_corner,
    platform_polynomial,
    platform_threshold,
    privacy_feasible_set,
    privacy_threshold,
    sharing_polynomial,
    sharing_region,
    symmetric_deviation,
    symmetric_incentive,
    symmetric_sharing,
    two_firm_incentive,
    welfare_along_privacy,
)
from mechdesign.markets.privacy_oligopoly.engine import _System

FEW = settings(derandomize=True, deadline=None, max_examples=25)
SOME = settings(derandomize=True, deadline=None, max_examples=60)

variance = st.floats(0.1, 10.0)
noise = st.one_of(st.just(0.0), st.floats(0.01, 100.0), st.just(math.inf))
platform = st.one_of(st.just(math.inf), st.floats(0.2, 50.0))


@st.composite
def markets(draw, max_n=5):
    n = draw(st.integers(2, max_n))
    signal = draw(st.lists(variance, min_size=n, max_size=n))
    privacy = draw(st.lists(st.one_of(st.just(0.0), st.floats(0.01, 50.0)), min_size=n, max_size=n))
    members = draw(st.sets(st.integers(0, n - 1)))
    return PrivacyOligopoly(signal_var=tuple(signal), privacy_var=tuple(privacy), platform_var=draw(platform), state_var=draw(st.floats(0.3, 3.0)),
                            intercept=draw(st.floats(0.5, 5.0))), members


# --------------------------------------------------------------------- engine: two routes
@FEW
@given(markets())
def test_linear_system_matches_qp(case):
    market, members = case
    linear = market.equilibrium(members)
    qp = market.equilibrium(members, method="qp")
    assert qp.status == "optimal", qp.problem.status
    assert qp.problem is not None and linear.problem is None
    assert linear.status == "optimal" and linear.foc_residual < 1e-12
    scale = market.state_var
    # quantities agree a.s. (loadings on zero-variance primitives are immaterial)
    spread = np.sqrt(linear.primitive_var)
    np.testing.assert_allclose(qp.loadings * spread, linear.loadings * spread, atol=1e-6)
    np.testing.assert_allclose(qp.profits, linear.profits, rtol=1e-7, atol=1e-8 * scale)
    assert qp.total_surplus == pytest.approx(linear.total_surplus, rel=1e-7)


@SOME
@given(markets())
def test_profit_identity_and_surplus_split(case):
    market, members = case
    eq = market.equilibrium(members)
    z = eq.outcome_covariance()
    n = market.n
    variance_q = np.diag(z)[-n:]
    np.testing.assert_allclose(eq.profits, eq.intercept_weight ** 2 + variance_q, rtol=1e-10, atol=1e-14)
    assert eq.total_surplus == pytest.approx(eq.producer_surplus + eq.consumer_surplus, rel=1e-12)
    consumer = 0.5 * ((n * eq.intercept_weight) ** 2 + z[-n:, -n:].sum())
    assert eq.consumer_surplus == pytest.approx(consumer, rel=1e-10)


@SOME
@given(markets())
def test_platform_posterior_variance(case):
    """Var(ŝ) = Cov(theta, ŝ) = sigma_theta^2 - V_S (§1.3)."""
    market, members = case
    members = members or {0}
    signal, privacy = np.array([market.signal_var]), np.array([market.privacy_var])
    system = _System(market.state_var, signal, privacy, np.array([market.platform_var]), frozenset(members))
    hat = system.rows[0, market.n]
    var_hat = float(hat ** 2 @ system.var[0])
    posterior = 1 / (1 / market.state_var + sum(1 / (signal[0, j] + privacy[0, j]) for j in members)
                     + 1 / market.platform_var)
    assert var_hat == pytest.approx(market.state_var - posterior, rel=1e-10)
    assert hat[0] * market.state_var == pytest.approx(var_hat, rel=1e-10)


# ----------------------------------------------------- closed forms against the engine
@SOME
@given(st.integers(2, 6), variance, platform, noise, st.floats(0.3, 3.0))
def test_symmetric_closed_forms_match_engine(n, e, s0, t, v):
    if s0 == math.inf and t == math.inf:
        return                                     # Delta's limit is the no-sharing market
    market = PrivacyOligopoly.symmetric(n=n, signal_var=e, privacy_var=t, platform_var=s0, state_var=v)
    sharing, deviation = market.equilibrium(), market.equilibrium(set(range(1, n)))
    closed_s = symmetric_sharing(n=n, state_var=v, signal_var=e, platform_var=s0, privacy_var=t)
    closed_d = symmetric_deviation(n=n, state_var=v, signal_var=e, platform_var=s0, privacy_var=t)
    assert sharing.profits[0] == pytest.approx(closed_s.profit, rel=1e-10)
    assert deviation.profits[0] == pytest.approx(closed_d.profit, rel=1e-10)
    assert sharing.own_weight[0] == pytest.approx(closed_s.beta, rel=1e-8, abs=1e-10)
    assert sharing.platform_weight[0] == pytest.approx(closed_s.gamma, rel=1e-8, abs=1e-10)
    assert deviation.own_weight[0] == pytest.approx(closed_d.beta_d, rel=1e-8, abs=1e-10)
    delta = market.participation_incentives(method="engine")
    assert delta == pytest.approx([symmetric_incentive(n=n, state_var=v, signal_var=e, platform_var=s0, privacy_var=t)] * n, rel=1e-8, abs=1e-14 * v)


@SOME
@given(st.floats(0.1, 10.0), st.floats(0.1, 10.0), st.floats(0.0, 1e3))
def test_prop41_closed_form_matches_engine_and_is_negative(v, e, t):
    closed = two_firm_incentive(state_var=v, signal_var=e, privacy_var=t)
    assert closed < 0
    engine = PrivacyOligopoly.symmetric(n=2, signal_var=e, privacy_var=t, platform_var=math.inf, state_var=v).participation_incentives(method="engine")[0]
    assert engine == pytest.approx(closed, rel=1e-8)


@SOME
@given(st.integers(2, 12), st.floats(0.05, 5.0))
def test_prop44_factored_form(n, r):
    """Delta/sigma_theta^2 = n/((n+1)^2 (n+r)) - (1+r) beta_d^2 = r f_n(r)/(...) (Prop 4.4)."""
    beta_d = (n - 1 + n * r) / (n ** 2 - 1 + 2 * n ** 2 * r + 2 * n * r ** 2)
    direct = n / ((n + 1) ** 2 * (n + r)) - (1 + r) * beta_d ** 2
    assert no_platform_incentive(n=n, state_var=1.0, signal_var=r) == pytest.approx(direct, rel=1e-9, abs=1e-16)
    assert no_platform_incentive(n=n, state_var=1.0, signal_var=r) == pytest.approx(symmetric_incentive(n=n, state_var=1.0, signal_var=r), rel=1e-8, abs=1e-16)
    # Prop 4.6 at sigma_0^2 = inf is Prop 4.4: G_n(0; r) = f_n(r)
    assert platform_polynomial(n=n, r=r)[3] == pytest.approx(np.polyval(sharing_polynomial(n=n), r))


@SOME
@given(st.integers(2, 8), st.floats(0.1, 5.0), st.floats(0.01, 5.0))
def test_prop46_sign_of_g_is_sign_of_delta(n, r, x):
    delta = symmetric_incentive(n=n, state_var=1.0, signal_var=r, platform_var=1.0 / x)
    g = np.polyval(platform_polynomial(n=n, r=r), x)
    if abs(delta) > 1e-13:
        assert np.sign(g) == np.sign(delta)


def test_sigma0_threshold_is_a_monotone_boundary():
    """Delta is decreasing in sigma_0^2 (Prop 4.2/4.6), so the threshold splits the line."""
    for n, e in [(2, 0.5), (2, 3.0), (3, 1.0), (5, 2.0), (10, 3.0)]:
        s0 = np.logspace(-1, 3, 200)
        delta = symmetric_incentive(n=n, state_var=1.0, signal_var=e, platform_var=s0)
        assert np.all(np.diff(delta) < 0)
        threshold = platform_threshold(n=n, state_var=1.0, signal_var=e)
        np.testing.assert_array_equal(delta >= 0, s0 <= threshold)


def test_critical_ratio_properties():
    """Lemma 7.1: f_n concave, f_n(0) > 0 iff n >= 3, r*(n) increasing, below and towards phi."""
    roots = [critical_signal_ratio(n=n) for n in range(3, 60)]
    assert np.all(np.diff(roots) > 0) and max(roots) < GOLDEN_RATIO
    assert critical_signal_ratio(n=1000) == pytest.approx(1.6161361353, rel=1e-9)
    assert critical_signal_ratio(n=10 ** 5) == pytest.approx(GOLDEN_RATIO, rel=1e-4)
    root5 = math.sqrt(5)
    for n in range(2, 12):
        c3, c2, c1, c0 = sharing_polynomial(n=n)
        assert (c0 > 0) == (n >= 3)
        at_phi = -(n - 1) * ((4 + 2 * root5) * n ** 3 + (12 + 4 * root5) * n ** 2 + (3 + 3 * root5) * n
                             - (3 + root5)) / 2
        assert np.polyval(sharing_polynomial(n=n), GOLDEN_RATIO) == pytest.approx(at_phi, rel=1e-12)
        r = np.linspace(0, 3, 50)
        assert np.all(6 * c3 * r + 2 * c2 < 0)


# --------------------------------------------------------------- reductions and limits
@SOME
@given(st.integers(2, 6), variance, platform)
def test_privacy_forms_reduce_to_no_privacy_forms(n, e, s0):
    """(Stau)/(Dtau) at tau -> 0 meet (S0)/(D0) at tau = 0."""
    small = symmetric_incentive(n=n, state_var=1.0, signal_var=e, platform_var=s0, privacy_var=1e-9)
    assert small == pytest.approx(symmetric_incentive(n=n, state_var=1.0, signal_var=e, platform_var=s0, privacy_var=0.0), rel=1e-5, abs=1e-12)


@SOME
@given(st.integers(2, 6), variance, st.floats(0.2, 50.0))
def test_infinite_privacy_limit(n, e, s0):
    """tau -> inf: ŝ -> E[theta | s_0], the same as a platform that discards the reports."""
    far = symmetric_incentive(n=n, state_var=1.0, signal_var=e, platform_var=s0, privacy_var=1e9)
    limit = symmetric_incentive(n=n, state_var=1.0, signal_var=e, platform_var=s0, privacy_var=math.inf)
    assert far == pytest.approx(limit, rel=1e-6, abs=1e-12)
    assert limit > 0   # Delta(inf) > 0 (paper eq. 45; 280-case grid in the reference)


def test_prop41_tends_to_zero_from_below():
    t = np.logspace(1, 8, 20)
    values = two_firm_incentive(state_var=1.0, signal_var=1.0, privacy_var=t)
    assert np.all(values < 0) and np.all(np.diff(values) > 0)
    assert (t * values)[-1] == pytest.approx((t * values)[-2], rel=1e-6)   # Delta ~ -c/t


def test_prop41_no_heterogeneous_mechanism():
    """§3 Prop 4.1 extra check: min(Delta_1, Delta_2) < 0 on a log grid of designs."""
    grid = np.concatenate([[0.0], np.logspace(-2, 4, 9)])
    for s1, s2 in [(1.0, 1.0), (0.3, 2.0), (4.0, 0.5)]:
        worst = max(PrivacyOligopoly(signal_var=(s1, s2), privacy_var=(t1, t2)).participation_incentives(method="engine").min()
                    for t1 in grid for t2 in grid)
        assert worst < 0


@FEW
@given(st.integers(2, 5), st.floats(0.5, 3.0), st.floats(6.0, 60.0))
def test_threshold_gives_participation_above_it(n, e, s0):
    """τ² >= τ̄² ⇒ Delta >= 0 under the premise Delta(0) < 0 (§7 F2, F9)."""
    if symmetric_incentive(n=n, state_var=1.0, signal_var=e, platform_var=s0) >= 0:
        return
    threshold = privacy_threshold(n=n, signal_var=e, platform_var=s0)
    assert symmetric_incentive(n=n, state_var=1.0, signal_var=e, platform_var=s0, privacy_var=threshold) == pytest.approx(0.0, abs=1e-13)
    above = threshold * np.logspace(1e-6, 6, 200)
    assert np.all(symmetric_incentive(n=n, state_var=1.0, signal_var=e, platform_var=s0, privacy_var=above) >= -1e-14)
    below = threshold * np.linspace(0, 1 - 1e-6, 50)
    assert np.all(symmetric_incentive(n=n, state_var=1.0, signal_var=e, platform_var=s0, privacy_var=below) < 1e-14)
    assert privacy_feasible_set(n=n, signal_var=e, platform_var=s0) == ((pytest.approx(threshold), math.inf),)


# --------------------------------------------------------------------- invariances §1.6
@FEW
@given(markets(), st.floats(0.1, 20.0))
def test_delta_independent_of_intercept(case, a):
    market, _ = case
    other = PrivacyOligopoly(signal_var=market.signal_var, privacy_var=market.privacy_var, platform_var=market.platform_var, state_var=market.state_var, intercept=a)
    np.testing.assert_allclose(other.participation_incentives(method="engine"), market.participation_incentives(method="engine"),
                               rtol=1e-9, atol=1e-14)


@FEW
@given(markets(max_n=4), st.floats(0.1, 10.0))
def test_homogeneity_of_degree_one(case, c):
    market, _ = case
    scaled = PrivacyOligopoly(signal_var=tuple(c * s for s in market.signal_var), privacy_var=tuple(c * t for t in market.privacy_var),
                              platform_var=c * market.platform_var, state_var=c * market.state_var, intercept=market.intercept)
    np.testing.assert_allclose(scaled.participation_incentives(method="engine"), c * market.participation_incentives(method="engine"),
                               rtol=1e-8, atol=1e-14 * c)


@pytest.mark.parametrize("c", [0.5, 3.0])
def test_thresholds_scale_with_state_variance(c):
    assert platform_threshold(n=3, state_var=c, signal_var=c * 2.0) == pytest.approx(c * platform_threshold(n=3, state_var=1.0, signal_var=2.0), rel=1e-10)
    assert privacy_threshold(n=3, signal_var=c * 2.0, platform_var=c * 10.0, state_var=c) == pytest.approx(c * privacy_threshold(n=3, signal_var=2.0, platform_var=10.0),
                                                                      rel=1e-9)


# -------------------------------------------------------------------------- Monte Carlo
def _simulate(eq, draws):
    """Profits of each firm on common draws of the primitives (common random numbers)."""
    x = draws * np.sqrt(eq.primitive_var)
    q = eq.intercept_weight + x @ eq.loadings.T
    price = eq.model.intercept + x[:, 0] - q.sum(axis=1)
    return q * price[:, None], q, price, x


@pytest.mark.parametrize("market, sign", [
    (PrivacyOligopoly.symmetric(n=2, signal_var=1.0), -1),                                     # Prop 4.1
    (PrivacyOligopoly.symmetric(n=2, signal_var=1.0, privacy_var=math.inf, platform_var=10.0), +1),                     # Delta(inf) > 0
    (PrivacyOligopoly.symmetric(n=3, signal_var=0.25), +1),                                    # r < r*(3)
    (PrivacyOligopoly(signal_var=(0.5, 1.0, 2.0), privacy_var=(1.0, 0.0, 3.0), platform_var=4.0), None),              # heterogeneous
])
def test_monte_carlo_delta(market, sign):
    rng = np.random.default_rng(20260601)
    draws = rng.standard_normal((400_000, 2 * market.n + 2))
    sharing, q_share, price, x = _simulate(market.equilibrium(), draws)
    exact = market.participation_incentives(method="engine")
    for i in range(market.n):
        deviation = _simulate(market.equilibrium(set(range(market.n)) - {i}), draws)[0]
        gap = sharing[:, i] - deviation[:, i]
        error = 4 * gap.std() / np.sqrt(gap.size)
        assert abs(gap.mean() - exact[i]) < error
        if sign is not None:
            assert np.sign(gap.mean()) == sign and abs(exact[i]) > error
    # first-order condition: E[(P - q_i) y] = 0 for y in firm i's information
    for i in range(market.n):
        residual = price - q_share[:, i]
        signal_i = x[:, 0] + x[:, 2 + i]
        assert abs(np.mean(residual * signal_i)) < 4 * np.std(residual * signal_i) / np.sqrt(residual.size)


# ------------------------------------------------------------------------------- design
def test_design_reproduces_welfare_table():
    """§5.5: CS is maximised at tau^2 bar, PS and TS as tau^2 -> inf (n=2, r=1, sigma_0^2=10)."""
    market = PrivacyOligopoly.symmetric(n=2, signal_var=1.0, privacy_var=0.0, platform_var=10.0)
    table = welfare_along_privacy(market, np.array([[t, t] for t in (0, 1, 6.70097352524, 20, 1e6)]))
    np.testing.assert_allclose(table["profit"], [0.372760, 0.374648, 0.380268, 0.381834, 0.383629], atol=1e-6)
    np.testing.assert_allclose(table["consumer_surplus"], [0.372760, 0.354450, 0.347401, 0.346546, 0.346647],
                               atol=1e-6)
    cs = optimal_privacy(market, objective="consumer_surplus")
    assert cs.status == "optimal" and cs.privacy_var[0] == pytest.approx(6.700973525242, rel=1e-9)
    for objective in ("profit", "total_surplus"):
        assert optimal_privacy(market, objective=objective).privacy_var == (math.inf, math.inf)
    n3 = optimal_privacy(PrivacyOligopoly.symmetric(n=3, signal_var=2.0, privacy_var=0.0, platform_var=10.0), objective="consumer_surplus")
    assert n3.privacy_var[0] == pytest.approx(15.0323, rel=1e-5)
    assert n3.value == pytest.approx(0.409902, abs=1e-6)


@pytest.mark.parametrize("objective", ["profit", "consumer_surplus", "total_surplus"])
def test_design_beats_brute_force_grid(objective):
    market = PrivacyOligopoly(signal_var=(0.5, 1.0, 2.0), privacy_var=0.0, platform_var=4.0)
    design = optimal_privacy(market, objective=objective)
    grid = np.concatenate([np.linspace(0, 200, 400), np.logspace(2, 8, 200), [math.inf]])
    rows = np.repeat(grid[:, None], 3, axis=1)
    feasible = np.array([market.with_privacy(privacy_var=tuple(r)).sharing_is_equilibrium() for r in rows])
    values = welfare_along_privacy(market, rows)[objective][feasible]
    assert design.status == "optimal" and np.all(design.incentives >= -1e-12)
    assert design.value >= values.max() - 1e-12


def test_per_firm_design_is_feasible_and_no_worse():
    market = PrivacyOligopoly(signal_var=(0.5, 1.0, 2.0), privacy_var=0.0, platform_var=4.0)
    common = optimal_privacy(market, objective="consumer_surplus")
    per_firm = optimal_privacy(market, objective="consumer_surplus", per_firm=True)
    assert per_firm.status == "local_optimum"
    assert per_firm.value >= common.value
    assert np.all(per_firm.incentives >= -1e-9)
    assert market.with_privacy(privacy_var=per_firm.privacy_var).equilibrium().consumer_surplus == pytest.approx(per_firm.value)


def test_design_reports_infeasibility():
    design = optimal_privacy(PrivacyOligopoly.symmetric(n=2, signal_var=1.0), objective="profit")   # Prop 4.1
    assert design.status == "infeasible" and not design.success and math.isnan(design.value)


# ------------------------------------------------------------------------- sharing region
def test_symmetric_region_matches_closed_form():
    market = PrivacyOligopoly.symmetric(n=3, signal_var=2.0)
    precision = np.linspace(0.0, 1.0, 30)
    noise = np.linspace(0.0, 60.0, 40)
    region = sharing_region(market, platform_precision=precision, privacy_var=noise)
    with np.errstate(divide="ignore"):
        closed = symmetric_incentive(n=3, state_var=1.0, signal_var=2.0, platform_var=1.0 / precision[None, :], privacy_var=noise[:, None])
    np.testing.assert_allclose(region.min_incentive, closed, rtol=1e-8, atol=1e-14)
    assert region.feasible.any() and not region.feasible.all()


def test_heterogeneous_region_matches_pointwise_engine():
    market = PrivacyOligopoly(signal_var=(0.5, 1.0, 2.0))
    region = sharing_region(market, platform_precision=[0.0, 0.1, 0.5], privacy_var=[0.0, 3.0, math.inf])
    for j, t in enumerate(region.privacy_var):
        for k, p in enumerate(region.platform_precision):
            point = PrivacyOligopoly(signal_var=market.signal_var, privacy_var=t, platform_var=1 / p if p else math.inf)
            np.testing.assert_allclose(region.incentives[j, k], point.participation_incentives(method="engine"),
                                       rtol=1e-10, atol=1e-15)


# ------------------------------------------------------------------------------ the SDP
def test_sdp_bounds_the_noise_mechanism():
    """With the paper's exclusion payoff as outside option, the SDP bound >= the mechanism."""
    base = PrivacyOligopoly.symmetric(n=2, signal_var=1.0, privacy_var=0.0, platform_var=10.0)
    for t in (7.0, 20.0):
        market = base.with_privacy(privacy_var=t)
        exclusion = [market.equilibrium({1}).profits[0]] * 2
        mechanism = market.equilibrium()
        for objective, value in [("profit", mechanism.producer_surplus),
                                 ("consumer_surplus", mechanism.consumer_surplus),
                                 ("total_surplus", mechanism.total_surplus)]:
            bound = covariance_bound(market, objective=objective, outside_option=exclusion)
            assert bound.status == "optimal" and bound.max_violation < 1e-7
            assert bound.value >= value - 1e-7
    signals = covariance_bound(base, objective="profit")
    omniscient = covariance_bound(base, objective="profit", mediator="omniscient")
    assert omniscient.value >= signals.value - 1e-8


# ------------------------------------------------------------------------------ bad input
@pytest.mark.parametrize("build, match", [
    (lambda: PrivacyOligopoly(signal_var=(1.0, 0.0)), r"signal_var\[1\].*\(0, inf\).*Got 0\.0"),
    (lambda: PrivacyOligopoly(signal_var=(1.0, -2.0)), r"signal_var\[1\]"),
    (lambda: PrivacyOligopoly(signal_var=(1.0,)), r"len\(signal_var\).*\[2, inf\)"),
    (lambda: PrivacyOligopoly.symmetric(n=1, signal_var=1.0), r"'n'.*\[2, inf\)"),
    (lambda: PrivacyOligopoly(signal_var=(1.0, 1.0), privacy_var=(0.0, -1.0)), r"privacy_var\[1\].*negative noise"),
    (lambda: PrivacyOligopoly(signal_var=(1.0, 1.0), platform_var=0.0), r"platform_var"),
    (lambda: PrivacyOligopoly(signal_var=(1.0, 1.0), state_var=-1.0), r"state_var"),
    (lambda: PrivacyOligopoly(signal_var=(1.0, 1.0)).equilibrium({0, 2}), r"participants.*subset.*\[2\]"),
    (lambda: PrivacyOligopoly(signal_var=(1.0, 1.0)).equilibrium({-1}), r"participants.*subset"),
    (lambda: PrivacyOligopoly(signal_var=(1.0, 1.0)).equilibrium(method="newton"), r"method"),
    (lambda: privacy_threshold(n=1, signal_var=1.0, platform_var=10.0), r"'n'"),
    (lambda: privacy_threshold(n=2, signal_var=-1.0, platform_var=10.0), r"signal_var"),
    (lambda: platform_threshold(n=2, state_var=1.0, signal_var=0.0), r"signal_var"),
    (lambda: optimal_privacy(PrivacyOligopoly(signal_var=(1.0, 1.0)), objective="revenue"), r"objective"),
    (lambda: covariance_bound(PrivacyOligopoly(signal_var=(1.0, 1.0)), mediator="oracle"), r"mediator"),
    (lambda: sharing_region(PrivacyOligopoly(signal_var=(1.0, 1.0)), platform_precision=[0.1], privacy_var=[-1.0]), r"privacy_var\[0\]"),
    (lambda: sharing_region(PrivacyOligopoly(signal_var=(1.0, 1.0)), platform_precision=[-0.1], privacy_var=[1.0]), r"platform_precision\[0\]"),
])
def test_bad_input_raises(build, match):
    with pytest.raises(ValueError, match=match):
        build()


# ------------------------------------------- reference statements corrected by two routes
def test_fig2_minimum_of_platform_threshold():
    """§3 Prop 4.6 says the n=10 minimum of sigma_0^2 bar is near r = 6 (1.511) and the n=5 one
    near r = 4; the minima are at r ~ 5.06 (1.49799) and r ~ 3.58 (3.72065)."""
    from scipy.optimize import brentq, minimize_scalar
    for n, r_min, value in [(10, 5.064, 1.497989), (5, 3.578, 3.720653)]:
        found = minimize_scalar(lambda r: platform_threshold(n=n, state_var=1.0, signal_var=r), bounds=(2, 12), method="bounded",
                                options={"xatol": 1e-9})
        assert found.x == pytest.approx(r_min, abs=2e-3) and found.fun == pytest.approx(value, rel=1e-6)
        engine = brentq(lambda s0: PrivacyOligopoly.symmetric(n=n, signal_var=found.x, privacy_var=0.0, platform_var=s0).participation_incentives(method="engine")[0],
                        1.0, 10.0)
        assert engine == pytest.approx(found.fun, rel=1e-9)
    assert platform_threshold(n=10, state_var=1.0, signal_var=6.0) == pytest.approx(1.511295, rel=1e-6)


def _closed_form_welfare(n, e, s0, t):
    """(PS, CS) of the all-share equilibrium from (Stau): q_i = a/(n+1) + beta s_i + gamma ŝ,
    Var(Q) = beta^2 (n^2 v + n e) + 2 n^2 beta gamma c + n^2 gamma^2 u (§2.2, v = a = 1)."""
    sharing = symmetric_sharing(n=n, state_var=1.0, signal_var=e, platform_var=s0, privacy_var=t)
    V = 1.0 / (1.0 + n / (e + t) + 1.0 / s0)
    u, beta, gamma = 1.0 - V, sharing.beta, sharing.gamma
    c = u + V * e / (e + t)
    var_q = beta**2 * (n**2 + n * e) + 2 * n**2 * beta * gamma * c + n**2 * gamma**2 * u
    return n * sharing.profit, 0.5 * ((n / (n + 1)) ** 2 + var_q)


def test_welfare_along_privacy_is_not_monotone_near_zero():
    """§5.5 says PS rises with tau^2 and CS bottoms out near tau^2 ~ 30: PS first dips
    (minimum near tau^2 = 0.160) and the CS minimum is near tau^2 = 39.08.

    Two routes: the engine on a grid, and the closed form (Stau) minimised by Brent."""
    from scipy.optimize import minimize_scalar
    market = PrivacyOligopoly.symmetric(n=2, signal_var=1.0, platform_var=10.0)
    t = np.concatenate([np.linspace(0.0, 1.0, 1001), np.linspace(1.0, 100.0, 9901)])
    welfare = welfare_along_privacy(market, np.column_stack([t, t]))
    closed = np.array([_closed_form_welfare(2, 1.0, 10.0, x) for x in t[::50]])
    assert welfare["profit"][::50] == pytest.approx(closed[:, 0], rel=1e-12)
    assert welfare["consumer_surplus"][::50] == pytest.approx(closed[:, 1], rel=1e-12)
    for k, (name, bounds) in enumerate([("profit", (0.0, 1.0)), ("consumer_surplus", (10.0, 100.0))]):
        found = minimize_scalar(lambda x: _closed_form_welfare(2, 1.0, 10.0, x)[k], bounds=bounds,
                                method="bounded", options={"xatol": 1e-10})
        grid = int(np.argmin(welfare[name]))
        assert t[grid] == pytest.approx(found.x, abs=0.011)               # grid spacing 0.001 / 0.01
        assert welfare[name][grid] == pytest.approx(found.fun, abs=1e-7)    # second order in spacing
        assert welfare[name][0] > found.fun and welfare[name][-1] > found.fun   # not monotone
    assert found.x == pytest.approx(39.08, abs=0.05)                    # not ~30 as §5.5 says


def _dense_incentive(market, firm):
    """Delta_firm from two dense equilibrium solves, independent of the structured solve."""
    others = frozenset(range(market.n)) - {firm}
    return market.equilibrium().profits[firm] - market.equilibrium(others).profits[firm]


def _is_least_corner(signal, corner):
    """Both firms join at ``corner`` and each firm with positive noise leaves just below it."""
    market = PrivacyOligopoly(signal_var=signal, privacy_var=corner, platform_var=10.0)
    if min(_dense_incentive(market, i) for i in range(2)) < -1e-13:
        return False
    for i in (0, 1):
        if corner[i] > 0:
            lower = list(corner)
            lower[i] *= 1 - 1e-6
            if _dense_incentive(market.with_privacy(privacy_var=tuple(lower)), i) >= 0:
                return False
    return True


@pytest.mark.parametrize("s1_low, s1_high, jumper", [(0.364, 0.366, 0), (2.50, 2.52, 1)])
def test_fig5_corner_is_discontinuous(s1_low, s1_high, jumper):
    """Not flagged in the reference: the least corner jumps, so Fig. 5's monotone reading holds
    only piecewise (Delta_2 dips in its own noise, so g_2 jumps off zero).

    Each corner is verified by dense equilibrium solves (both firms join, each leaves just
    below it), and the corner for s1_low is no participation point at s1_high, so the jump
    is real and not an artefact of the iteration."""
    def corner(s1):
        return PrivacyOligopoly(signal_var=(s1, 1.0), platform_var=10.0).participation_corner().privacy_var
    low, high = corner(s1_low), corner(s1_high)
    assert _is_least_corner((s1_low, 1.0), low) and _is_least_corner((s1_high, 1.0), high)
    moved = PrivacyOligopoly(signal_var=(s1_high, 1.0), privacy_var=low, platform_var=10.0)
    assert min(_dense_incentive(moved, i) for i in range(2)) < 0
    if jumper == 0:                       # firm 2 needs noise again, tau_1 bar jumps up
        assert low[1] == 0.0 < high[1] and high[0] > low[0] + 4
    else:                                 # firm 1 stops needing noise, tau_2 bar jumps down
        assert high[0] == 0.0 < low[0] and high[1] < low[1] - 2


@pytest.mark.parametrize("signal, platform_var, objective", [((1.0, 2.0), 5.0, "total_surplus"),
                                                             ((1.0, 2.0), 5.0, "consumer_surplus"),
                                                             ((0.5, 1.0), 10.0, "consumer_surplus")])
def test_per_firm_design_beats_brute_force_grid(signal, platform_var, objective):
    from mechdesign.markets.privacy_oligopoly.incentives import incentives_batch
    from mechdesign.markets.privacy_oligopoly.thresholds import noise_from_u
    market = PrivacyOligopoly(signal_var=signal, privacy_var=0.0, platform_var=platform_var)
    u = np.linspace(0.0, 1.0, 151)
    noise = noise_from_u(np.column_stack([a.ravel() for a in np.meshgrid(u, u, indexing="ij")]), 1.0)
    feasible = incentives_batch(1.0, np.tile(signal, (noise.shape[0], 1)), noise,
                                np.full(noise.shape[0], platform_var)).min(axis=1) >= 0
    best_on_grid = welfare_along_privacy(market, noise[feasible])[objective].max()
    design = optimal_privacy(market, objective=objective, per_firm=True)
    assert design.value >= best_on_grid - 1e-12
    assert np.all(design.incentives >= -1e-9)
