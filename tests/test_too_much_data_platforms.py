"""Theorem 4, the platforms' side: deviations evaluated from the users' best responses.

Route 1 is the proof's algebra ((B-14), (B-15), the indifference prices); route 2 is the
generic model — users best-respond one at a time until none gains, and the platform's
payoff is read off ``CompetingPlatforms.platform_payoffs``.
"""

import numpy as np
import pytest

from mechdesign.markets.too_much_data import (
    CompetingPlatforms,
    DataMarket,
    LinearJoining,
    best_price_deviation,
    part3_deviation,
    part3_thresholds,
)

EPS = 1e-9
CASE1 = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.5], [0.0, 0.5, 1.0]])   # V_1 = {0}, V_2 = {1}
CASE2 = np.array([[1.0, 0.3, 0.0], [0.3, 1.0, 0.5], [0.0, 0.5, 1.0]])   # 1 linked to V_1


def b13_bound(market):
    """Right-hand side of (B-13): δ must exceed it for the first best to be stable."""
    t = part3_thresholds(market)
    low, first = sorted(market.low_value_users), sorted(t.uncorrelated_low)
    v = market.privacy
    return float(((1 - v[low]) * (market.leaks(low)[low] - market.leaks(first)[low])).sum()
                 / market.n)


@pytest.mark.parametrize("cov, case", [(CASE1, 1), (CASE2, 2)])
@pytest.mark.parametrize("gamma", [0.02, 0.05, 0.09, 0.1, 0.12, 0.2])
def test_part3_platform2_deviation(cov, case, gamma):
    market = DataMarket(cov, [0.5, 0.5, 4.0])
    platforms = CompetingPlatforms(market, LinearJoining(gamma=gamma))
    thresholds = part3_thresholds(market)
    assert thresholds.case == case
    if platforms.small_delta() <= b13_bound(market):
        pytest.skip("(B-13) fails: the first best is not even a user equilibrium")
    deviation = part3_deviation(platforms, epsilon=EPS)
    v, delta = market.privacy, platforms.big_delta()
    if case == 1:
        second = sorted(thresholds.correlated_low)
        b14 = float(((1 - v[second]) * market.leaks(second)[second]).sum()) - delta * len(second)
        assert list(np.flatnonzero(deviation.joins == 1)) == second     # the offer is taken
        assert deviation.shares[second].all()
        assert deviation.gain == pytest.approx(b14 - EPS * len(second), abs=1e-12)
        assert (deviation.gain > 0) == (b14 > 0)                         # (B-14)
    else:
        j = 1
        b15 = (1 - v[j]) * market.leaks([j])[j] + v[j] * market.leaks([0])[j] - delta
        assert deviation.joins[j] == 1 and deviation.shares[j]
        gain_by_hand = b15 + delta - platforms.joining_gains()[j] - EPS
        assert deviation.gain == pytest.approx(gain_by_hand, abs=1e-12)
        if b15 > 0:                                                      # (B-15) suffices
            assert deviation.gain > 0


def test_part3_first_best_is_not_an_equilibrium_when_b14_holds():
    """The inefficiency conclusion of Part 3: platform 2 profits, so a^W is not sustained."""
    market = DataMarket(CASE1, [0.5, 0.5, 4.0])
    platforms = CompetingPlatforms(market, LinearJoining(gamma=0.1))      # δ = 0.1 > (B-13)
    assert platforms.small_delta() > b13_bound(market)
    deviation = part3_deviation(platforms, epsilon=EPS)
    assert deviation.gain > 0
    first_best = platforms.surplus(np.zeros(3, int), np.array([True, False, False]))
    assert platforms.surplus(deviation.joins, deviation.shares) < first_best


@pytest.mark.parametrize("gamma", [1.7, 2.0, 5.0])
def test_part2_1_neither_platform_gains_by_changing_prices(gamma):
    """At (B-2) prices with δ ≥ δ̲ the first best is an equilibrium of the price game."""
    market = DataMarket.equicorrelated(n=3, rho=0.5, privacy=[0.2, 0.3, 0.4])
    platforms = CompetingPlatforms(market, LinearJoining(gamma=gamma))
    prices, joins, shares = platforms.prices_b2(), np.zeros(3, int), np.ones(3, bool)
    assert platforms.is_user_equilibrium(prices, joins, shares)
    for platform in (0, 1):
        assert best_price_deviation(platforms, platform, prices, joins, shares).gain <= 1e-8


def test_price_search_finds_a_gain_when_prices_are_not_equilibrium_prices():
    """Control: overpaying users (B-2 + 0.05) is a mistake the search must expose."""
    market = DataMarket.equicorrelated(n=3, rho=0.5, privacy=[0.2, 0.3, 0.4])
    platforms = CompetingPlatforms(market, LinearJoining(gamma=2.0))
    prices = platforms.prices_b2()
    prices[0] += 0.05
    best = best_price_deviation(platforms, 0, prices, np.zeros(3, int), np.ones(3, bool))
    assert 0.01 < best.gain <= 3 * 0.05 + 1e-12          # at most the overpayment back
