"""Social data: Thm 1.2-1.3, Prop 2.3, footnote 15, Prop 8's first integer, Thm 4 scaling.

Second routes: the (alpha, beta, lam) form of R(S) printed in the Thm 1 proof, solved here
by bisection; the exact Gaussian engine (payoffs from the shocks); brute-force integer
scans; and the Sigma_w2 = 1 normalisation undone by hand.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from mechdesign.markets import social_data as sd

M = sd.SocialDataMarket


def printed_sharing_profit(n, a, b, l):
    """R(S) in the (alpha, beta, lam) form of the Thm 1 proof (sigma_w2 = 1)."""
    return (3 * a * a * (n - 1) * n / (8 * (a * (n - 2) + b * l * (n - 1) + (1 - b) * l + 1))
            - (a * (n - 1) + 1) ** 2 / (8 * (n * (a + b * l) - a + (1 - b) * l + 1))
            - (1 - a) ** 2 * (n - 1) / (8 * (1 - a + (1 - b) * l)))


def threshold_by_bisection(n, beta, lam):
    return brentq(lambda a: printed_sharing_profit(n, a, beta, lam), 1e-9, 1 - 1e-9,
                  xtol=1e-14)


@settings(derandomize=True, deadline=None, max_examples=20)
@given(st.integers(6, 60), st.floats(0.0, 1.0), st.floats(0.05, 50.0))
def test_theorem1_threshold_two_routes(n, beta, lam):
    closed = sd.profitability_threshold(n=n, beta=beta, lam=lam)
    assert closed == pytest.approx(threshold_by_bisection(n, beta, lam), abs=1e-9)
    market = M(n=n, alpha=closed, beta=beta, sigma_e2=lam)
    assert market.value(method="engine").profit == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("n", [6, 10, 30])
@pytest.mark.parametrize("lam", [0.1, 1.0, 30.0])
def test_theorem1_2_threshold_increasing_with_fixed_point(n, lam):
    betas = np.linspace(0.0, 1.0, 21)
    thresholds = [threshold_by_bisection(n, b, lam) for b in betas]
    assert np.all(np.diff(thresholds) > 0)                       # increasing in beta
    beta0 = sd.fixed_point_beta(n)
    assert 3 * (n - 1) * beta0 ** 2 - (n - 2) * beta0 - 1 == pytest.approx(0, abs=1e-12)
    assert threshold_by_bisection(n, beta0, lam) == pytest.approx(beta0, abs=1e-9)
    crossing = brentq(lambda b: threshold_by_bisection(n, b, lam) - b, 1e-6, 1 - 1e-6)
    assert crossing == pytest.approx(beta0, abs=1e-8)            # unique crossing


@pytest.mark.parametrize("n", [6, 10, 40])
def test_theorem1_3_threshold_and_signal_to_noise(n):
    """alpha*(beta) rises with sigma_w/sigma_e (falls with lam) below beta_0, the reverse above."""
    beta0 = sd.fixed_point_beta(n)
    lams = [0.05, 0.3, 1.0, 3.0, 20.0]
    for beta in (0.0, 0.5 * beta0, 0.9 * beta0):
        assert np.all(np.diff([threshold_by_bisection(n, beta, l) for l in lams]) < 0)
    for beta in (beta0 + 0.1 * (1 - beta0), 0.5 * (1 + beta0), 1.0):
        assert np.all(np.diff([threshold_by_bisection(n, beta, l) for l in lams]) > 0)


def _welfare_gain(n, alpha, beta, lam):
    """N (W_i(S) - W_i(0)) of complete sharing from the exact engine."""
    market = M(n=n, alpha=alpha, beta=beta, sigma_e2=lam)
    return market.value(method="engine").total_surplus_gain


@pytest.mark.parametrize("n, lam", [(10, 100.0), (5, 30.0)])
def test_prop2_thresholds_are_roots_of_the_engine_gain_and_increase(n, lam):
    alphas = [0.3, 0.5, 0.7, 0.9]
    lows, highs = [], []
    for alpha in alphas:
        low, high = sd.surplus_thresholds(n=n, lam=lam, alpha=alpha)
        for root in (low, high):
            if root is not None:
                assert abs(_welfare_gain(n, alpha, root, lam)) < 1e-9
                assert _welfare_gain(n, alpha, max(root - 1e-3, 0), lam) * \
                    _welfare_gain(n, alpha, min(root + 1e-3, 1), lam) < 0
        lows.append(low)
        highs.append(high)
    pairs = [(a, lo, hi) for a, lo, hi in zip(alphas, lows, highs) if lo is not None]
    assert len(pairs) >= 2
    assert np.all(np.diff([lo for _, lo, _ in pairs]) > 0)       # Prop 2.3: beta_(alpha) up
    assert np.all(np.diff([hi for _, _, hi in pairs]) > 0)       # and beta-bar(alpha) up
    betas = [0.3, 0.5, 0.7]
    alpha_lows = [sd.surplus_thresholds(n=n, lam=lam, beta=b)[0] for b in betas]
    alpha_highs = [sd.surplus_thresholds(n=n, lam=lam, beta=b)[1] for b in betas]
    for values in (alpha_lows, alpha_highs):
        present = [x for x in values if x is not None]
        assert np.all(np.diff(present) > 0)                      # the alpha-thresholds too


@pytest.mark.parametrize("lam, pays", [(0.0, True), (0.05, True), (0.5, False), (2.0, False)])
def test_footnote15_idiosyncratic_noise_pays_when_signals_are_precise(lam, pays):
    market = M(n=5, alpha=0.6, beta=0.0, sigma_e2=lam)
    best = market.individual_data_noise()
    assert (best.added_idio > 0) == pays

    def engine(noise):
        return market.value(sd.DataPolicy(added_idio=noise), method="engine").profit

    assert engine(best.added_idio) == pytest.approx(best.profit, abs=1e-10)
    assert engine(0.0) == pytest.approx(best.profit_without_noise, abs=1e-10)
    for noise in (0.0, 0.02, 0.1, 0.3, 1.0, 3.0):
        assert engine(noise) <= best.profit + 1e-12
    if pays:
        assert best.profit > best.profit_without_noise + 1e-6
        for noise in (0.9 * best.added_idio, 1.1 * best.added_idio):
            assert engine(noise) < best.profit


def test_footnote15_no_intermediation_when_every_noise_loses():
    market = M(n=5, alpha=0.3, beta=0.5, sigma_e2=1.0)
    best = market.individual_data_noise()
    assert best.added_idio == math.inf and best.profit == 0.0
    for noise in (0.0, 1.0, 100.0):
        assert market.value(sd.DataPolicy(added_idio=noise), method="engine").profit < 0


@pytest.mark.parametrize("alpha, paper, bayes", [(0.05, 27, 26), (0.1, 14, 12), (0.2, 7, 6),
                                                 (0.3, 4, 3), (0.5, 3, 2), (0.7, 2, 2),
                                                 (0.9, 2, 2)])
def test_segmentation_first_integer(alpha, paper, bayes):
    """The reference's bracketed integers (§4), and a scan of the integer profits."""
    assert sd.segmentation_first_integer(alpha) == paper
    assert sd.segmentation_first_integer(alpha, off_path="bayesian") == bayes
    for off_path, first in (("paper", paper), ("bayesian", bayes)):
        wins = [sd.group_price_profit(n=n, alpha=alpha)
                > sd.uniform_price_profit(n=n, alpha=alpha, sigma_w2=1.0, off_path=off_path) for n in range(1, 400)]
        assert wins.index(True) + 1 == first and all(wins[first - 1:])


@settings(derandomize=True, deadline=None, max_examples=20)
@given(st.integers(2, 40), st.floats(0.01, 1.0), st.floats(0.0, 1.0), st.floats(0.1, 5.0),
       st.floats(0.0, 5.0))
def test_total_compensation_and_limits_in_any_units(n, alpha, beta, sigma_w2, sigma_e2):
    market = M(n=n, alpha=alpha, beta=beta, sigma_w2=sigma_w2, sigma_e2=sigma_e2)
    aggregate = market.value(sd.DataPolicy(aggregate=True))
    assert sd.total_compensation(n=n, alpha=alpha, beta=beta, sigma_w2=sigma_w2,
                                 sigma_e2=sigma_e2) == pytest.approx(
        aggregate.total_compensation, rel=1e-9, abs=1e-12)
    big = M(n=10 ** 8, alpha=alpha, beta=beta, sigma_w2=sigma_w2, sigma_e2=sigma_e2)
    limit_nm, limit_r = sd.large_market_limits(alpha=alpha, beta=beta, sigma_w2=sigma_w2,
                                               sigma_e2=sigma_e2)
    value = big.value(sd.DataPolicy(aggregate=True))
    assert value.total_compensation == pytest.approx(limit_nm, rel=1e-4, abs=1e-6)
    assert value.profit / big.n == pytest.approx(limit_r, rel=1e-4, abs=1e-7)


def test_model_methods_choose_and_force_routes():
    market = M(n=6, alpha=0.55, beta=0.3, sigma_w2=1.3, sigma_e2=0.8, mean=2.0, cost=0.4)
    policy = sd.DataPolicy(aggregate=True, added_common=0.7)
    closed, engine = market.value(policy), market.value(policy, method="engine")
    assert isinstance(closed, sd.PolicyValue) and isinstance(engine, sd.ExactEvaluation)
    assert closed.profit == pytest.approx(engine.profit, abs=1e-10)
    producer_only = sd.DataPolicy(outflow="producer")
    assert isinstance(market.value(producer_only), sd.ExactEvaluation)     # no closed form
    with pytest.raises(ValueError, match="'outflow' parameter of evaluate_policy"):
        market.value(producer_only, method="closed_form")
    design, program = market.optimal_noise(), market.optimal_noise(method="program")
    assert program.status == "optimal"
    assert program.profit == pytest.approx(design.profit, rel=1e-9)
    assert market.complete_sharing().profit == pytest.approx(market.value().profit, abs=1e-12)
    assert market.profitability_threshold() == pytest.approx(
        threshold_by_bisection(6, 0.3, 0.8 / 1.3), abs=1e-9)
    with pytest.raises(ValueError, match="'method' parameter of SocialDataMarket.optimal_noise"):
        market.optimal_noise(method="sdp")
