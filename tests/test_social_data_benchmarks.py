"""Reference benchmarks B1-B19 (social-data §5) and the flags that change numbers (§6).

Each pinned number is computed by the closed form and, where a second route exists, by
the exact Gaussian engine or a convex program as well.
"""

import math

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from mechdesign.markets import social_data as sd
from mechdesign.markets.social_data.extensions import group_advantage_structure_form
from mechdesign.markets.social_data.theory import (
    SQRT3,
    a_prime_alpha_form,
    sharing_profit_endpoints,
    total_compensation_derivative_alpha1,
)

M = sd.SocialDataMarket


def market_of(*args) -> "sd.SocialDataMarket":
    """A market from a row of a benchmark table (n, alpha, beta, sigma_w2, sigma_e2, ...)."""
    names = ("n", "alpha", "beta", "sigma_w2", "sigma_e2", "mean", "cost")
    return sd.SocialDataMarket(**dict(zip(names, args)))
approx = pytest.approx


def both_routes(market, policy=sd.DataPolicy()):
    return sd.evaluate_policy(market, policy), sd.evaluate_exact(market, policy)


def test_b1_complete_sharing_without_information_gain():
    market = M(n=10, alpha=0.5, beta=0.5, sigma_w2=1.0, sigma_e2=1.0)
    v = sd.complete_sharing_value(market)
    assert (v.v_all, v.v_own, v.v_others, v.information_gain) == approx((0.5, 0.5, 0.225, 0), abs=1e-14)
    assert (v.delta_producer_per_consumer, v.delta_consumer_per_consumer,
            v.delta_welfare_per_consumer, v.data_externality_per_consumer,
            v.compensation_per_consumer, v.producer_fee, v.profit) == approx(
        (0.125, -0.1875, -0.0625, -0.084375, 0.103125, 1.25, 0.21875), abs=1e-14)
    exact = sd.evaluate_exact(market)
    assert exact.on.producer_payoff - exact.none.producer_payoff == approx(0.125, abs=1e-14)
    assert exact.on.consumer_payoff - exact.none.consumer_payoff == approx(-0.1875, abs=1e-14)
    assert exact.profit == approx(0.21875, abs=1e-14)
    assert exact.total_surplus_gain < 0 < exact.profit   # profitable, welfare-reducing


def test_b1b_asymmetric_scales():
    market = M(n=4, alpha=0.8, beta=0.2, sigma_w2=2.0, sigma_e2=0.5)
    v = sd.complete_sharing_value(market)
    assert (v.v_all, v.v_others, v.v_own) == approx((1.671052631579, 1.301694915254, 1.6), abs=1e-12)
    assert (v.delta_consumer_per_consumer, v.delta_welfare_per_consumer,
            v.data_externality_per_consumer, v.compensation_per_consumer, v.profit) == approx(
        (-0.591118421053, -0.173355263158, -0.452609277431, 0.138509143622, 1.117016057092), abs=1e-12)
    closed, exact = both_routes(market, sd.DataPolicy(aggregate=True))
    assert closed.profit == approx(1.192016057092, abs=1e-12)
    assert exact.profit == approx(closed.profit, rel=1e-12)


@pytest.mark.parametrize("n, lam, g01, g10", [
    (10, 1.0, 9 / 22, 9 / 22),
    (10, 100.0, 0.890198910001, 0.081008100810),
    (2, 0.5, 1 / 12, 2 / 15),
])
def test_b2_lemma1_corners(n, lam, g01, g10):
    assert sd.lemma1_corner_gains(n=n, lam=lam) == approx((g01, g10), abs=1e-12)
    corners = [sd.information_gain(M(n=n, alpha=a, beta=b, sigma_w2=1.0, sigma_e2=lam)) for a, b in ((0, 1), (1, 0))]
    assert corners == approx([g01, g10], abs=1e-12)


def test_b3_payoff_engine_with_means_and_cost():
    market = M(n=5, alpha=0.55, beta=0.3, sigma_w2=1.3, sigma_e2=0.8, mean=2.0, cost=0.4)
    v = sd.complete_sharing_value(market)
    exact = sd.evaluate_exact(market)
    expected = (0.2059394547, -0.2994112250, -0.1449506834, 0.1544605416, 0.2573945656)
    closed = (v.delta_producer_per_consumer, v.delta_consumer_per_consumer,
              v.data_externality_per_consumer, v.compensation_per_consumer, v.profit)
    engine = (exact.on.producer_payoff - exact.none.producer_payoff,
              exact.on.consumer_payoff - exact.none.consumer_payoff,
              exact.off.consumer_payoff - exact.none.consumer_payoff,  # DE_i = U(S,S_-i) - U(S_i,0)
              exact.compensation_per_consumer, exact.profit)
    assert closed == approx(expected, abs=1e-10)
    assert engine == approx(expected, abs=1e-10)
    assert exact.on.consumer_payoff == approx(0.42296972737, abs=1e-11)


def test_b3b_noisy_aggregate_vs_individual_and_conventions():
    market = M(n=5, alpha=0.55, beta=0.3, sigma_w2=1.3, sigma_e2=0.8, mean=2.0, cost=0.4)
    agg, ind = sd.DataPolicy(aggregate=True, added_common=0.7, added_idio=0.4), sd.DataPolicy(aggregate=False, added_common=0.7, added_idio=0.4)
    conv_b = sd.DataPolicy(aggregate=True, added_common=0.7, added_idio=0.4, deviator_keeps_record=False)
    for policy, expected in ((agg, 0.2493030489), (ind, 0.1385506217), (conv_b, 0.2584490257)):
        closed, exact = both_routes(market, policy)
        assert closed.profit == approx(expected, abs=1e-10)
        assert exact.profit == approx(expected, abs=1e-10)
    assert sd.aggregation_gain(market, added_idio=0.4) == approx(0.1107524272, abs=1e-10)
    assert sd.aggregate_profit(market, added_common=0.7, added_idio=0.4) == approx(0.2493030489, abs=1e-10)   # (47)


@pytest.mark.parametrize("n, alpha, r_s, r_agg", [(3, 0.7, 0.273529411765, 0.348529411765),
                                                  (10, 0.5, 0.4375, 1.0)])
def test_b4_noiseless_sharing(n, alpha, r_s, r_agg):
    market = M(n=n, alpha=alpha, beta=0.0, sigma_w2=1.0, sigma_e2=0.0)
    assert sd.complete_sharing_value(market).profit == approx(r_s, abs=1e-12)
    assert sd.evaluate_exact(market, sd.DataPolicy(aggregate=True)).profit == approx(r_agg, abs=1e-12)


def test_b5_prop6_threshold_and_equivalent_forms():
    expected = [0.4058274196, 0.3128761923, 0.2145805769, 0.1201849684, 0.0134761662]
    ns = [2, 3, 5, 10, 100]
    assert [sd.alpha_min(n) for n in ns] == approx(expected, abs=1e-10)
    assert [(1 + SQRT3) / (2 * n + 1 + SQRT3) for n in ns] == approx(expected, abs=1e-10)
    for n in ns:   # (sqrt3 - 1) N sigma_theta2 = sigma_thetai2 exactly at alpha_min
        a = sd.alpha_min(n)
        assert (SQRT3 - 1) * n * a == approx(1 - a, rel=1e-12)


@pytest.mark.parametrize("case, args, noise, profit", [
    ("B6", (2, 0.45, 0.5, 1, 1), 5.5188436932, 0.001410403839),
    ("B6b", (2, 0.5, 0.5, 1, 1), math.sqrt(3), (math.sqrt(3) - 1.5) ** 2 / 8),
    ("B6c", (2, 0.5, 0.5, 1, 0), math.sqrt(3) / 2, 0.013461894323),
    ("B6d", (2, 0.6, 0.0, 1, 1), 1.0408387985, 0.020439723119),
    ("B6e", (3, 0.4, 0.0, 1, 2), 1.5344440332, 0.007455818394),
    ("B7", (10, 0.3, 0.5, 1, 1), 0.0, 0.175601708075),
    ("B7b", (5, 0.25, 1.0, 1, 0.5), 0.0, 0.013888888889),
])
def test_b6_b7_optimal_noise_closed_form_and_program(case, args, noise, profit):
    market = market_of(*args)
    design = sd.optimal_noise(market)
    assert (design.added_common, design.profit) == approx((noise, profit), abs=1e-10)
    program = sd.noise_design_program(market)
    assert program.status == "optimal"
    assert program.profit == approx(profit, rel=1e-7, abs=1e-11)
    assert program.added_common == approx(noise, rel=1e-4, abs=1e-6)


def test_b6_no_noise_and_sharing_profits():
    market = M(n=2, alpha=0.45, beta=0.5, sigma_w2=1, sigma_e2=1)
    assert sd.aggregate_profit(market) == approx(-0.013151483051, abs=1e-12)
    assert sd.complete_sharing_value(market).profit == approx(-0.049163387813, abs=1e-12)
    assert sd.complete_sharing_value(M(n=10, alpha=0.3, beta=0.5, sigma_w2=1, sigma_e2=1)).profit == approx(-0.283773291925, abs=1e-12)


def test_b7c_below_threshold_not_profitable():
    market = M(n=2, alpha=0.40, beta=0.5, sigma_w2=1, sigma_e2=1)
    design = sd.optimal_noise(market)
    assert not design.profitable and design.profit == 0 and design.added_common == math.inf
    assert sd.aggregate_profit(market) == approx(-0.024482758621, abs=1e-12)
    assert max(sd.aggregate_profit(market, added_common=d) for d in np.geomspace(1e-3, 1e6, 60)) < 0
    assert sd.noise_design_program(market).profit == approx(0.0, abs=1e-9)


def test_b8_prop7_comparative_statics():
    d = sd.optimal_noise(M(n=2, alpha=0.6, beta=0.2, sigma_w2=1, sigma_e2=1))
    assert (d.a_prime, d.b_prime, sd.beta_star(n=2, alpha=0.6)) == approx(
        (1.172027713219, -0.131188914712, 0.539600717839), abs=1e-12)
    lams = (0.5, 1, 2, 4)
    low = [sd.optimal_noise(M(n=2, alpha=0.6, beta=0.2, sigma_w2=1, sigma_e2=lam)) for lam in lams]
    assert [x.added_common for x in low] == approx(
        [0.2376221706, 0.6064332559, 1.3440554264, 2.8192997676], abs=1e-10)
    assert [x.profit for x in low] == approx(
        [0.035769515459, 0.023846343639, 0.014307806183, 0.007948781213], abs=1e-12)
    high = [sd.optimal_noise(M(n=2, alpha=0.6, beta=0.8, sigma_w2=1, sigma_e2=lam)) for lam in lams]
    assert all(x.added_common == 0 for x in high)
    assert [x.profit for x in high] == approx([0.052, 0.040882352941, 0.028461538462,
                                               0.017636363636], abs=1e-12)


def test_b8b_prop7_above_beta_star():
    assert a_prime_alpha_form(n=2, alpha=0.45) == approx(6.160803517370, abs=1e-11)
    assert sd.beta_star(n=2, alpha=0.45) == approx(0.860350867389, abs=1e-12)
    lams = (0.5, 1, 2, 4)
    assert [sd.optimal_noise(M(n=2, alpha=0.45, beta=0.9, sigma_w2=1, sigma_e2=lam)).added_common for lam in lams] == approx(
        [2.7964821104, 2.6545222863, 2.3706026380, 1.8027633415], abs=1e-10)
    assert [sd.optimal_noise(M(n=2, alpha=0.45, beta=0.5, sigma_w2=1, sigma_e2=lam)).added_common for lam in lams] == approx(
        [4.2286428139, 5.5188436932, 8.0992454519, 13.2600489693], abs=1e-10)


def _aggregate_compensation(n, alpha, beta, lam):
    return sd.evaluate_policy(M(n=n, alpha=alpha, beta=beta, sigma_w2=1, sigma_e2=lam), sd.DataPolicy(aggregate=True)).total_compensation


@pytest.mark.parametrize("abl, ns, expected, limit", [
    ((0.9, 0, 0), (2, 10, 100), (0.105, 0.078659, 0.075336), 0.075),
    ((0.3, 0.2, 2), (2, 10, 100), (0.148784, 0.198818, 0.221883), 0.225),
    ((0.8, 1, 1), (2, 10), (0.079737, 0.068366), 0.0666667),
])
def test_b9_theorem4_compensation(abl, ns, expected, limit):
    assert [sd.total_compensation(n=n, alpha=abl[0], beta=abl[1], sigma_e2=abl[2]) for n in ns] == approx(expected, abs=5e-7)
    assert [_aggregate_compensation(n, *abl) for n in ns] == approx(expected, abs=5e-7)
    assert sd.large_market_limits(alpha=abl[0], beta=abl[1], sigma_w2=1, sigma_e2=abl[2])[0] == approx(limit, abs=5e-8)


def test_b9_profit_per_consumer():
    assert sd.aggregate_profit(M(n=10, alpha=0.9, beta=0, sigma_w2=1, sigma_e2=0)) / 10 == approx(0.219634, abs=5e-7)
    assert sd.large_market_limits(alpha=0.9, beta=0, sigma_w2=1, sigma_e2=0)[1] == approx(0.225, abs=1e-14)
    assert sd.large_market_limits(alpha=0.3, beta=0.2, sigma_w2=1, sigma_e2=2)[1] == approx(0.032142857143, abs=1e-12)


def test_b9d_theorem4_derivative():
    assert total_compensation_derivative_alpha1(n=7, beta=0.3, lam=2) == approx(-0.0034358739, abs=1e-10)
    h = 1e-4
    slope = (sd.total_compensation(n=7 + h, alpha=1, beta=0.3, sigma_e2=2) - sd.total_compensation(n=7 - h, alpha=1, beta=0.3, sigma_e2=2)) / (2 * h)
    assert slope == approx(-0.0034358739, abs=1e-9)


def test_b10_fixed_point():
    expected = [0.57735026919, 0.5, 0.423926596236, 0.391016241641, 0.339872981996]
    ns = (2, 3, 6, 10, 100)
    assert [sd.fixed_point_beta(n) for n in ns] == approx(expected, abs=1e-11)
    for n, b0 in zip(ns, expected):
        for lam in (0.1, 1.0, 30.0):
            assert sd.complete_sharing_value(M(n=n, alpha=b0, beta=b0, sigma_w2=1, sigma_e2=lam)).profit == approx(0, abs=1e-10)


def test_b11_theorem1_thresholds():
    def t(n, beta, lam):
        return sd.profitability_threshold(n=n, beta=beta, lam=lam)

    assert (t(10, 0, 1), t(10, 1, 1), t(10, 0, 100), t(10, 1, 100)) == approx(
        (0.2993415881, 0.5781846463, 0.2367413920, 0.9789556052), abs=1e-10)
    assert t(2, 0.5, 1) == approx(0.5779682899, abs=1e-10)
    assert (t(2, 0, 1), t(2, 1, 1)) == approx((0.605811, 0.607913), abs=1e-6)
    assert t(2, 0.5, 1) < t(2, 0, 1)        # not monotone for N < 6 (flag F16)


def test_b12_lemma2_bound():
    bound = sd.lemma2_alpha_bound(10)
    assert bound == approx(0.218218, abs=1e-6)
    assert all(sd.profitability_threshold(n=10, beta=b, lam=lam) >= bound
               for b in np.linspace(0, 1, 11) for lam in (0.01, 1, 100))


@pytest.mark.parametrize("ab, social, consumer", [
    ((0.5, 1), 1.1083281054, 7.1775208649),
    ((0, 1), 0.4522630574, 3.4305008740),
    ((0.9, 0.1), 0.6308591684, 40.0130598791),
    ((0.5, 0.5), math.inf, math.inf),
    ((0.3, 0.6), math.inf, math.inf),
])
def test_b13_prop3_noise_thresholds(ab, social, consumer):
    assert sd.noise_thresholds(n=10, alpha=ab[0], beta=ab[1]) == approx((social, consumer), abs=1e-10)
    if math.isfinite(social):   # the sign of Delta W_i (Prop 1) flips at the threshold
        below = sd.complete_sharing_value(market_of(10, *ab, 1, social * 0.99))
        above = sd.complete_sharing_value(market_of(10, *ab, 1, social * 1.01))
        assert below.delta_welfare_per_consumer < 0 < above.delta_welfare_per_consumer


def test_b14_prop2_beta_thresholds():
    assert sd.surplus_thresholds(n=10, lam=100, alpha=0.5) == approx((0.206471, 0.765474), abs=1e-6)
    assert sd.surplus_thresholds(n=10, lam=100, alpha=0.9) == approx((0.587444, 0.9825), abs=1e-6)
    low, high = sd.surplus_thresholds(n=10, lam=100, alpha=0.1)
    assert low is None and high == approx(0.423655, abs=1e-6)
    assert sd.surplus_thresholds(n=10, lam=1, alpha=0.5) == (None, None)


def test_b15_prop4_complements_threshold():
    def t(n, beta, lam):
        return sd.complements_threshold(n=n, beta=beta, lam=lam)

    assert (t(10, 1, 1), t(10, 0.5, 1), t(10, 1, 100), t(5, 0.8, 4)) == approx(
        (0.48316325, 0.18559838, 0.98902282, 0.46626749), abs=1e-8)


@pytest.mark.parametrize("alpha, n, r_u, r_g, r_bayes", [
    (0.5, 5, 0.384375, 0.75, 0.225),
    (0.2, 10, 0.176750972763, 0.338461538462, 0.122762645914),
    (0.8, 3, 0.464473684211, 0.95, 0.180263157895),
])
def test_b16_segmentation(alpha, n, r_u, r_g, r_bayes):
    p = sd.segmentation_profits(n=n, alpha=alpha)
    assert (p.uniform_paper, p.group, p.uniform_bayesian) == approx((r_u, r_g, r_bayes), abs=1e-12)
    assert sd.segmentation_exact_profit(n=n, alpha=alpha, pricing="uniform", mean=1.5, cost=0.2) == approx(r_bayes, abs=1e-12)
    assert sd.segmentation_exact_profit(n=n, alpha=alpha, pricing="group") == approx(r_g, abs=1e-12)
    assert group_advantage_structure_form(n=n, alpha=alpha) == approx(r_g - r_u, abs=1e-12)
    assert p.group >= p.group_individual          # Cor 2: aggregate within groups


def test_b17_quality_pricing():
    assert sd.QUALITY_THRESHOLD == approx(0.618033988750, abs=1e-12)
    market = M(n=5, alpha=0.5, beta=0.0, sigma_w2=1.0, sigma_e2=0.0)
    assert (sd.quality_profit(market, gamma=0, inflow="individual"), sd.quality_profit(market, gamma=0, inflow="aggregate")) == approx(
        (0.125, 0.375), abs=1e-12)
    assert (sd.quality_profit(market, gamma=0.8, inflow="individual"), sd.quality_profit(market, gamma=0.8, inflow="aggregate")) == approx(
        (1.149221453287, 0.873269896194), abs=1e-12)
    assert sd.quality_optimal_inflow(market, gamma=0.0) == "aggregate"
    assert sd.quality_optimal_inflow(market, gamma=0.8) == "individual"


def test_b18_aggregation_gain():
    market = M.from_variances(n=6, sigma_theta2=0.4, sigma_thetai2=0.6, sigma_eps2=0.3, sigma_epsi2=0.2)
    ind, agg = sd.DataPolicy(aggregate=False, added_common=0.1, added_idio=0.25), sd.DataPolicy(aggregate=True, added_common=0.1, added_idio=0.25)
    for policy, expected in ((ind, -0.050157763029), (agg, 0.164127951257)):
        closed, exact = both_routes(market, policy)
        assert (closed.profit, exact.profit) == approx((expected, expected), abs=1e-12)
    assert sd.aggregation_gain(market, added_idio=0.25) == approx(5 * 0.36 / (8 * 1.05), abs=1e-14)


def test_b19_sdp_checks():
    market = M(n=4, alpha=0.6, beta=0.3, sigma_w2=1.0, sigma_e2=1.5)
    schur = sd.market_posterior_variance_sdp(market)
    garbling = sd.outflow_garbling_sdp(market)
    assert schur.status == garbling.status == "optimal"
    assert schur.value == approx(0.42966128, abs=1e-8) == sd.v_all(market)
    assert garbling.value == approx(market.n * sd.v_all(market) / 4, rel=1e-7)


# ---------------------------------------------------------------- flags that change numbers
def test_flag_f1_printed_corner_values_are_v_all_over_8():
    for n, lam in ((10, 1.0), (10, 100.0), (2, 0.5)):
        printed = sd.lemma1_corner_gains(n=n, lam=lam, variant="printed")
        v01, v10 = (sd.v_all(M(n=n, alpha=a, beta=b, sigma_w2=1.0, sigma_e2=lam)) for a, b in ((0, 1), (1, 0)))
        assert printed == approx((v01 / 8, v10 / 8), rel=1e-12)
        assert printed != approx(sd.lemma1_corner_gains(n=n, lam=lam), rel=1e-3)


def test_flag_f2_printed_threshold_differs():
    corrected = sd.surplus_thresholds(n=10, lam=100, alpha=0.5)
    printed = sd.surplus_thresholds(n=10, lam=100, alpha=0.5, variant="printed")
    assert printed != approx(corrected, abs=1e-3)
    for beta in corrected:   # the corrected root is where 3/8 V_all = V_own/2 (Prop 1.3)
        assert sd.complete_sharing_value(M(n=10, alpha=0.5, beta=beta, sigma_w2=1, sigma_e2=100)).delta_welfare_per_consumer == approx(0, abs=1e-12)


def test_flag_f3_printed_root_is_the_other_root():
    market = M(n=2, alpha=0.45, beta=0.5, sigma_w2=1, sigma_e2=1)
    n, t, s, i = market.n, market.sigma_theta2, market.sigma_thetai2, market.sigma_thetai2 + market.sigma_epsi2
    for root, sign in (("optimal", 1), ("printed", -1)):
        d = sd.optimal_noise(market, root=root).root
        d1, d2 = (n - 1) * (d + t) + i, n * (d + t) + i
        assert (n * t + s) * d1 == approx(sign * SQRT3 * (n - 1) * t * d2, rel=1e-12)
    printed = sd.optimal_noise(market, root="printed")
    assert printed.root < 0 and printed.profit == approx(sd.aggregate_profit(market), rel=1e-12)
    best = minimize_scalar(lambda d: -sd.aggregate_profit(market, added_common=d - market.sigma_eps2),
                           bounds=(market.sigma_eps2, 100), method="bounded",
                           options={"xatol": 1e-10})      # numeric argmax of R(D)
    assert sd.optimal_noise(market).root == approx(best.x, rel=1e-6)
    # the paper's alpha-form A' agrees with the +sqrt3 (optimal) sigma-form
    assert sd.optimal_noise(market).a_prime == approx(a_prime_alpha_form(n=2, alpha=0.45), rel=1e-12)


def test_flag_f7_predictor_constant():
    market = M(n=4, alpha=0.6, beta=0.3, sigma_w2=1.0, sigma_e2=1.5, mean=2.0)
    own, cross, constant = sd.best_predictor(market)
    cov, c = sd.producer_information(market)
    assert np.linalg.solve(cov, c) == approx([own] + [cross] * (market.n - 1), rel=1e-12)
    # E[E[w_i|s]] = mu: (A + (N-1) B) mu + constant = mu, which the printed constant misses
    assert (own + (market.n - 1) * cross) * market.mean + constant == approx(market.mean, rel=1e-14)
    printed = sd.best_predictor(market, variant="printed")[2]
    assert printed == approx((1 - own - cross) * market.mean, rel=1e-14)
    assert (own + (market.n - 1) * cross) * market.mean + printed != approx(market.mean, rel=1e-3)
    assert sd.best_predictor(M(n=4, alpha=0.5, beta=0.5, sigma_w2=1.0, sigma_e2=1.5))[1] == 0     # B = 0 iff alpha = beta


def test_corollary1_threshold():
    lam_hat = sd.corollary1_noise_threshold(10)
    assert 1.0 < lam_hat < 100.0          # Figs. 3/4: no such cell at lam = 1, (.7, .9) at 100
    cell = sd.complete_sharing_value(M(n=10, alpha=0.7, beta=0.9, sigma_w2=1.0, sigma_e2=100.0))
    assert cell.profit > 0 and cell.delta_welfare_per_consumer > 0
    for lam in (0.1, 0.5 * lam_hat, 0.95 * lam_hat):   # below: efficient and profitable => alpha > beta
        for a in np.linspace(0, 1, 41):
            for b in np.linspace(a, 1, 15):
                v = sd.complete_sharing_value(M(n=10, alpha=a, beta=b, sigma_w2=1.0, sigma_e2=lam)) if (a, b) != (1, 1) else None
                assert v is None or not (v.profit > 0 and v.delta_welfare_per_consumer > 0)


def test_flag_f9_segmentation_off_path_price():
    for alpha, paper, bayes in ((0.05, 26.709, 25.542), (0.1, 13.054, 11.907), (0.2, 6.2342, 5.1440),
                                (0.3, 3.9686, 2.9700), (0.5, 2.1726, 1.5000), (0.7, 1.4335, 1.1349),
                                (0.9, 1.0893, 1.0253)):
        assert sd.segmentation_threshold(alpha) == approx(paper, abs=1e-3)
        assert sd.segmentation_threshold(alpha, off_path="bayesian") == approx(bayes, abs=1e-3)


def test_flag_f11_negative_beta_star_means_no_noise():
    assert sd.beta_star(n=5, alpha=0.5) < 0
    assert all(sd.optimal_noise(M(n=5, alpha=0.5, beta=b, sigma_w2=1, sigma_e2=lam)).added_common == 0
               for b in (0, 0.5, 1) for lam in (0.1, 1, 10, 100))


def test_flag_f12_no_aggregation_gain_at_alpha_one():
    assert sd.aggregation_gain(M(n=5, alpha=1.0, beta=0.3, sigma_w2=1, sigma_e2=1)) == 0
    assert sd.aggregation_gain(M(n=5, alpha=0.99, beta=0.3, sigma_w2=1, sigma_e2=1)) > 0


def test_flag_f14_gain_not_a_function_of_distance():
    g = [sd.information_gain(M(n=10, alpha=a, beta=b, sigma_w2=1, sigma_e2=1)) for a, b in ((0, 0.5), (0.5, 1))]
    assert g == approx([0.1154, 0.1452], abs=5e-5)


def test_theorem1_endpoints_match_closed_form():
    for beta, lam in ((0.3, 2), (0, 1), (1, 0.5)):
        at0, at1 = sharing_profit_endpoints(n=10, beta=beta, lam=lam)
        assert at0 == approx(sd.complete_sharing_value(M(n=10, alpha=0, beta=beta, sigma_w2=1, sigma_e2=lam)).profit, rel=1e-12)
        assert at1 == approx(sd.complete_sharing_value(M(n=10, alpha=1, beta=beta, sigma_w2=1, sigma_e2=lam)).profit, rel=1e-12)
