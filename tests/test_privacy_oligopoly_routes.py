"""Second routes for the privacy oligopoly's design answers (privacy-oligopoly.md §5.2-§5.4, Prop 5.2).

* the covariance bound: the SDP over Z against the core LQG design problem (``method="lqg"``)
  and against the closed forms of max CS / max TS / omniscient max PS;
* every noise mechanism lies in the SDP's class, so the bound dominates the optimal privacy;
* the optimal privacy: the interval search against brute force on a dense grid;
* the own-noise threshold of Prop 5.2: the engine against the convex-QP equilibria, and
  against the identical-firm closed-form threshold (Props 4.3/4.7).
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mechdesign.markets.privacy_oligopoly import (
    OBJECTIVES,
    PrivacyOligopoly,
    covariance_bound,
    optimal_privacy,
    own_privacy_threshold,
    privacy_threshold,
    symmetric_incentive,
    symmetric_welfare,
    welfare_along_privacy,
)

FEW = settings(derandomize=True, deadline=None, max_examples=12)
FEWER = settings(derandomize=True, deadline=None, max_examples=5)

variance = st.floats(0.2, 5.0)
platform = st.one_of(st.just(math.inf), st.floats(0.5, 30.0))


@st.composite
def markets(draw, max_n=4):
    n = draw(st.integers(2, max_n))
    return PrivacyOligopoly(signal_var=tuple(draw(st.lists(variance, min_size=n, max_size=n))),
                            platform_var=draw(platform), state_var=draw(st.floats(0.3, 3.0)),
                            intercept=draw(st.floats(0.5, 3.0)))


MARKETS = [PrivacyOligopoly.symmetric(n=2, signal_var=1.0, platform_var=10.0),
           PrivacyOligopoly(signal_var=(0.5, 1.0, 2.0), platform_var=4.0),
           PrivacyOligopoly(signal_var=(0.5, 1.0, 2.0)),
           PrivacyOligopoly(signal_var=(0.3, 1.5), platform_var=2.0, state_var=2.0, intercept=3.0)]


# ----------------------------------------------------------------------- covariance bound
@pytest.mark.parametrize("market", MARKETS, ids=range(len(MARKETS)))
@pytest.mark.parametrize("mediator", ["signals", "omniscient"])
def test_bound_sdp_and_core_lqg_design_agree(market, mediator):
    for objective in OBJECTIVES:
        sdp = market.covariance_bound(objective=objective, mediator=mediator)
        lqg = market.covariance_bound(objective=objective, mediator=mediator, method="lqg")
        assert sdp.status == lqg.status == "optimal", lqg.message
        assert lqg.value == pytest.approx(sdp.value, rel=1e-8)
        assert lqg.value <= lqg.dual_bound + 1e-9 and lqg.dual_bound == pytest.approx(lqg.value, rel=1e-8)
        # the core mechanism, mapped back to (theta, s, q), is feasible in programs' SDP
        assert lqg.max_violation <= 1e-8 and lqg.min_eigenvalue >= -1e-8
        assert (sdp.method, lqg.method) == ("sdp", "lqg")
        # each route's certified bound bounds the other route's value (weak duality)
        assert sdp.value <= lqg.dual_bound + 1e-9 and lqg.value <= sdp.dual_bound + 1e-9


def test_sdp_infeasible_floors_are_proved_or_not_passed_on():
    market = MARKETS[1]                           # a = 1, sigma_theta^2 = 1, n = 3
    floors = market.intercept ** 2 / 16 + 0.4 / 3   # sum Var(q_i) >= 0.4 > sigma_theta^2/4
    bound = market.covariance_bound(objective="profit", outside_option=floors)
    assert bound.status == "infeasible" and "proof" in bound.message


@FEW
@given(markets(), st.sampled_from(OBJECTIVES))
def test_bound_routes_agree_on_random_markets(market, objective):
    sdp = covariance_bound(market, objective=objective)
    lqg = covariance_bound(market, objective=objective, method="lqg")
    assert lqg.status == "optimal", lqg.message
    assert lqg.value == pytest.approx(sdp.value, rel=1e-7)


def test_bound_routes_agree_with_participation_floors():
    market = MARKETS[1]
    priced = market.with_privacy(privacy_var=1.0)
    everyone = frozenset(range(3))
    exclusion = [priced.equilibrium(everyone - {i}).profits[i] for i in range(3)]
    for objective in OBJECTIVES:
        sdp = market.covariance_bound(objective=objective, outside_option=exclusion)
        lqg = market.covariance_bound(objective=objective, outside_option=exclusion, method="lqg")
        assert lqg.status == "optimal" and lqg.value == pytest.approx(sdp.value, rel=1e-7)
        profits = market.intercept ** 2 / 16 + np.diag(lqg.covariance)[-3:]
        assert np.all(profits >= np.array(exclusion) - 1e-9)


@FEWER
@given(markets(max_n=5))
def test_closed_form_bounds_match_both_programs(market):
    cases = [("consumer_surplus", "signals"), ("total_surplus", "signals"),
             ("consumer_surplus", "omniscient"), ("total_surplus", "omniscient"),
             ("profit", "omniscient")]
    for objective, mediator in cases:
        closed = market.covariance_bound(objective=objective, mediator=mediator,
                                         method="closed_form")
        assert closed.status == "optimal" and closed.max_violation <= 1e-12
        for method in ("sdp", "lqg"):
            numeric = market.covariance_bound(objective=objective, mediator=mediator, method=method)
            assert numeric.value == pytest.approx(closed.value, rel=1e-7), (objective, mediator, method)


@pytest.mark.parametrize("n", [2, 3, 5])
def test_b16_omniscient_bound_by_the_core_engine(n):
    bound = PrivacyOligopoly.symmetric(n=n, signal_var=1.0).covariance_bound(
        objective="profit", mediator="omniscient", method="lqg")
    assert bound.status == "optimal" and bound.quantity_variance == pytest.approx(0.25, abs=1e-8)


def test_surplus_bound_is_the_no_privacy_sharing_equilibrium():
    """max CS and max TS over signal mechanisms equal the paper's (S0) sharing welfare."""
    for n, e, s0 in [(2, 1.0, 10.0), (3, 2.0, 10.0), (4, 0.5, math.inf)]:
        market = PrivacyOligopoly.symmetric(n=n, signal_var=e, platform_var=s0)
        sharing = symmetric_welfare(n=n, state_var=1.0, signal_var=e, platform_var=s0)
        for objective in ("consumer_surplus", "total_surplus"):
            bound = market.covariance_bound(objective=objective, method="closed_form")
            assert bound.value == pytest.approx(float(sharing[objective]), rel=1e-12)


def test_closed_form_bound_off_its_scope_raises():
    market = MARKETS[0]
    with pytest.raises(ValueError, match="'method'.*closed_form.*'sdp' or 'lqg'"):
        market.covariance_bound(objective="profit", method="closed_form")
    with pytest.raises(ValueError, match="'method'.*closed_form.*outside_option"):
        market.covariance_bound(objective="total_surplus", outside_option=0.2,
                                method="closed_form")
    with pytest.raises(ValueError, match="'method'.*covariance_bound"):
        market.covariance_bound(method="dual")


# ----------------------------------------------- the bound dominates every noise mechanism
@FEW
@given(markets(max_n=3), st.sampled_from(OBJECTIVES))
def test_bound_dominates_optimal_privacy(market, objective):
    design = optimal_privacy(market, objective=objective)
    bound = covariance_bound(market, objective=objective)
    assert bound.status == "optimal"
    if design.success:
        assert bound.value >= design.value - 1e-8
        # the design also clears its own exclusion payoffs, so it is in the IR-constrained class
        priced = market.with_privacy(privacy_var=design.privacy_var)
        everyone = frozenset(range(market.n))
        exclusion = [priced.equilibrium(everyone - {i}).profits[i] for i in range(market.n)]
        constrained = covariance_bound(market, objective=objective, outside_option=exclusion)
        assert constrained.status == "optimal"
        assert bound.value + 1e-8 >= constrained.value >= design.value - 1e-8


# -------------------------------------------------------------------------- optimal privacy
@FEW
@given(st.integers(2, 5), variance, platform, st.floats(0.3, 3.0), st.floats(0.5, 3.0))
def test_symmetric_welfare_matches_engine(n, e, s0, v, a):
    market = PrivacyOligopoly.symmetric(n=n, signal_var=e, platform_var=s0, state_var=v, intercept=a)
    noise = np.array([0.0, 0.1, 1.0, 10.0, 1e4])
    closed = symmetric_welfare(n=n, state_var=v, signal_var=e, platform_var=s0, privacy_var=noise,
                               intercept=a)
    engine = welfare_along_privacy(market, np.repeat(noise[:, None], n, axis=1))
    for objective in OBJECTIVES:
        np.testing.assert_allclose(closed[objective], engine[objective], rtol=1e-10)
    np.testing.assert_allclose(closed["profit"] + closed["consumer_surplus"],
                               closed["total_surplus"], rtol=1e-12)


def test_symmetric_welfare_reproduces_the_reference_table():
    """§5.5 (a = sigma_theta^2 = 1)."""
    n2 = symmetric_welfare(n=2, state_var=1.0, signal_var=1.0, platform_var=10.0,
                           privacy_var=np.array([0.0, 1.0, 6.70097, 20.0, 1e6]))
    np.testing.assert_allclose(n2["profit"], [0.372760, 0.374648, 0.380268, 0.381834, 0.383629], atol=1e-6)
    np.testing.assert_allclose(n2["consumer_surplus"], [0.372760, 0.354450, 0.347401, 0.346546, 0.346647],
                               atol=1e-6)
    np.testing.assert_allclose(n2["total_surplus"], [0.745520, 0.729098, 0.727669, 0.728380, 0.730276],
                               atol=1e-6)
    n3 = symmetric_welfare(n=3, state_var=1.0, signal_var=2.0, platform_var=10.0,
                           privacy_var=np.array([0.0, 15.0323, 1e6]))
    np.testing.assert_allclose(n3["total_surplus"], [0.757212, 0.732277, 0.735544], atol=1e-6)


DESIGN_MARKETS = [PrivacyOligopoly.symmetric(n=2, signal_var=1.0, platform_var=10.0),
                  PrivacyOligopoly.symmetric(n=3, signal_var=1.0, platform_var=5.0),   # B09b
                  PrivacyOligopoly.symmetric(n=3, signal_var=2.0, platform_var=10.0),
                  PrivacyOligopoly(signal_var=(0.8, 1.0, 1.5), platform_var=10.0)]


@pytest.mark.parametrize("market", DESIGN_MARKETS, ids=range(len(DESIGN_MARKETS)))
def test_optimal_privacy_search_matches_brute_force(market):
    for objective in OBJECTIVES:
        search = market.optimal_privacy(objective=objective)
        grid = market.optimal_privacy(objective=objective, method="grid")
        assert search.status == grid.status == "optimal"
        assert grid.value <= search.value + 1e-12                  # grid points are feasible
        assert grid.value == pytest.approx(search.value, rel=1e-5)
        assert np.all(grid.incentives >= -1e-12)
        assert len(grid.feasible_set) == len(search.feasible_set)
        in_u = lambda ends: [1.0 if t == math.inf else t / (t + market.state_var) for t in ends]  # noqa: E731
        for grid_ends, search_ends in zip(grid.feasible_set, search.feasible_set):
            assert in_u(grid_ends) == pytest.approx(in_u(search_ends), abs=1e-4)   # two grid cells


def test_per_firm_search_is_no_worse_than_brute_force():
    market = PrivacyOligopoly(signal_var=(0.8, 1.3), platform_var=10.0)
    search = market.optimal_privacy(objective="consumer_surplus", per_firm=True)
    grid = market.optimal_privacy(objective="consumer_surplus", per_firm=True, method="grid")
    common = market.optimal_privacy(objective="consumer_surplus", method="grid")
    assert grid.status == "grid_optimum" and np.all(grid.incentives >= -1e-12)
    assert grid.value >= common.value and grid.feasible_set == common.feasible_set
    assert search.value >= grid.value - 1e-12
    assert search.value == pytest.approx(grid.value, rel=1e-3)


def test_grid_design_reports_infeasibility_and_bad_method():
    no_platform = PrivacyOligopoly.symmetric(n=2, signal_var=1.0)              # Prop 4.1
    assert optimal_privacy(no_platform, objective="profit", method="grid").status == "infeasible"
    with pytest.raises(ValueError, match="'method'.*optimal_privacy"):
        optimal_privacy(no_platform, method="slsqp")


# ------------------------------------------------------------------- own noise (Prop 5.2)
B12 = [(2, 1, 7.018572946), (3, 1, 10.73437787), (4, 1, 15.00932509), (5, 1, 20.89912664),
       (3, 2, 2.935875601), (3, 3, 0.0)]
FAST_B12 = {(2, 1), (3, 2)}


@pytest.mark.parametrize("n, si, expected", [
    pytest.param(*case, marks=() if case[:2] in FAST_B12 else pytest.mark.slow) for case in B12])
def test_b12_own_threshold_by_the_qp_route(n, si, expected):
    market = PrivacyOligopoly(signal_var=(si,) + (2.0,) * (n - 1), privacy_var=1.0, platform_var=20.0)
    qp = market.own_privacy_threshold(firm=0, method="qp")
    assert qp == pytest.approx(expected, rel=1e-8, abs=1e-12)
    assert qp == pytest.approx(market.own_privacy_threshold(firm=0), rel=1e-10, abs=1e-12)


@pytest.mark.slow
def test_b13c_qp_route_finds_no_root():
    market = PrivacyOligopoly(signal_var=(0.1, 1.0), privacy_var=1.0, platform_var=5.0)
    assert own_privacy_threshold(market, firm=0, method="qp") == math.inf


def test_qp_incentive_changes_sign_at_the_engine_threshold():
    market = PrivacyOligopoly(signal_var=(1.45, 0.95, 1.61), privacy_var=(3.6, 1.1, 4.1), platform_var=20.8)
    for firm in range(3):
        bar = market.own_privacy_threshold(firm=firm)
        assert 0 < bar < math.inf

        def delta(t):
            noise = list(market.privacy_var)
            noise[firm] = t
            return market.with_privacy(privacy_var=tuple(noise)).participation_incentives(method="qp")[firm]

        assert delta(0.999 * bar) < 0 < delta(1.001 * bar)


SYMMETRIC = [(2, 1.0, 10.0), (2, 2.0, 30.0), (3, 2.0, 10.0), (4, 1.6, 8.0), (5, 2.2, 8.3)]


@pytest.mark.parametrize("n, e, s0", SYMMETRIC)
def test_own_threshold_at_the_symmetric_threshold_is_the_closed_form(n, e, s0):
    """Identical firms with rivals at tau^2 bar: Delta_i(tau_bar) is (Stau)/(Dtau)'s Delta(tau_bar) = 0,
    and the least own noise that makes firm i join is tau^2 bar itself (Props 4.3/4.7 vs 5.2)."""
    bar = privacy_threshold(n=n, signal_var=e, platform_var=s0)
    assert symmetric_incentive(n=n, state_var=1.0, signal_var=e, platform_var=s0, privacy_var=0.0) < 0
    market = PrivacyOligopoly.symmetric(n=n, signal_var=e, platform_var=s0, privacy_var=bar)
    assert market.own_privacy_threshold(firm=n - 1) == pytest.approx(bar, rel=1e-9)


def test_own_threshold_rejects_an_unknown_method():
    with pytest.raises(ValueError, match="'method'.*own_privacy_threshold"):
        MARKETS[0].own_privacy_threshold(firm=0, method="closed_form")
