"""Theorem 4, the platforms' side: deviations evaluated from the users' best responses.

Route 1 is the proof's algebra ((B-14), (B-15), the indifference prices); route 2 is the
generic model — users best-respond one at a time until none gains, and the platform's
payoff is read off ``CompetingPlatforms.platform_payoffs``. "No price change is
profitable" is proved by ``deviation_bound`` (the supremum over all prices) and checked
against one linear program per user profile built from the public payoffs alone.
"""

import functools
import itertools

import numpy as np
import pytest
from scipy import optimize

from mechdesign.markets.too_much_data import (
    MAX_PROFILE_USERS,
    CompetingPlatforms,
    DataMarket,
    LinearJoining,
    best_price_deviation,
    big_delta_bar_b3,
    delta_tilde_b16,
    deviation_bound,
    part3_deviation,
    part3_thresholds,
    respond,
    v_bar_b4,
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
    first_best = platforms.surplus(joins=np.zeros(3, int), shares=np.array([True, False, False]))
    assert platforms.surplus(joins=deviation.joins, shares=deviation.shares) < first_best


B16 = dict(n=3, rho=0.5, privacy=[0.2, 0.3, 0.4])


@pytest.mark.parametrize("gamma", [1.7, 2.0, 5.0])
def test_part2_1_neither_platform_gains_by_changing_prices(gamma):
    """At (B-2) prices with δ ≥ δ̲ the first best is an equilibrium of the price game: the
    supremum over every price change is the current payoff (a proof), and the search over
    concrete deviations, a lower estimate, finds nothing better."""
    platforms = CompetingPlatforms(DataMarket.equicorrelated(**B16), LinearJoining(gamma=gamma))
    profile = dict(prices=platforms.prices_b2(), joins=np.zeros(3, int), shares=np.ones(3, bool))
    assert platforms.is_user_equilibrium(**profile)
    for platform in (0, 1):
        bound = deviation_bound(platforms, platform=platform, selection="status_quo", **profile)
        assert bound.gain <= 1e-12
        assert best_price_deviation(platforms, platform=platform, **profile).gain <= 1e-8


@pytest.mark.parametrize("gamma", [1.7, 2.0, 5.0])
def test_part2_1_rests_on_users_keeping_the_first_best(gamma):
    """Without the proof's selection the rival can win everyone: posting platform 0's own
    (B-2) prices makes "all move to platform 1 and share" an equilibrium too (the users
    are indifferent), worth Σ_j I_j(V) − Σ_i p_i^1 to it."""
    market = DataMarket.equicorrelated(**B16)
    platforms = CompetingPlatforms(market, LinearJoining(gamma=gamma))
    prices = platforms.prices_b2()
    bound = deviation_bound(platforms, platform=1, prices=prices, joins=np.zeros(3, int),
                            shares=np.ones(3, bool))
    assert bound.gain == pytest.approx(market.leaks(range(3)).sum() - prices[0].sum(), abs=1e-12)
    np.testing.assert_array_equal(bound.joins, [1, 1, 1])
    np.testing.assert_allclose(bound.prices[1], prices[0], atol=1e-12)


@pytest.mark.parametrize("gamma", [0.001, 0.004])
def test_part2_2_neither_platform_gains_at_b5_prices(gamma):
    """Δ = 2γ ≤ Δ̄ (B-3, corrected) and v ≤ v̄ (B-4): at the (B-5) prices the first best
    survives every price change, whichever equilibrium the users select."""
    market = DataMarket.equicorrelated(**B16)
    platforms = CompetingPlatforms(market, LinearJoining(gamma=gamma))
    assert platforms.big_delta() <= big_delta_bar_b3(market)[0]
    assert market.privacy.max() <= v_bar_b4(market) + 1e-12
    profile = dict(prices=platforms.prices_b5(), joins=np.zeros(3, int), shares=np.ones(3, bool))
    for platform, selection in itertools.product((0, 1), ("any", "status_quo")):
        assert deviation_bound(platforms, platform=platform, selection=selection,
                               **profile).gain <= 1e-12


@pytest.mark.parametrize("cov", [CASE1, CASE2], ids=["case1", "case2"])
def test_part3_2_a_large_network_effect_sustains_the_monopoly_profile(cov):
    """(B-16): with δ > δ̃, platform 1 at the minimal prices ``v_i m_i(a)`` and platform 2 at
    0, everyone on platform 1 sharing the monopoly profile ``a^E`` survives every price
    change. The first best ``a^W`` does not when it differs: platform 1 re-prices to
    ``a^E`` and gains ``Π(a^E) − Π(a^W)`` (the monopoly algebra of §1.4)."""
    market = DataMarket(cov, [0.5, 0.5, 4.0])
    platforms = CompetingPlatforms(market, LinearJoining(gamma=1.01 * delta_tilde_b16(market)))
    assert platforms.small_delta() > delta_tilde_b16(market)
    equilibrium, first_best = market.equilibrium(), market.first_best()
    assert equilibrium.sharing != first_best.sharing

    def everyone_on_platform_1(outcome):
        return dict(prices=np.array([outcome.prices, np.zeros(3)]), joins=np.zeros(3, int),
                    shares=np.isin(np.arange(3), sorted(outcome.sharing)))

    for platform in (0, 1):
        assert deviation_bound(platforms, platform=platform, selection="status_quo",
                               **everyone_on_platform_1(equilibrium)).gain <= 1e-12
    repriced = deviation_bound(platforms, platform=0, selection="status_quo",
                               **everyone_on_platform_1(first_best))
    assert repriced.gain == pytest.approx(
        equilibrium.platform_payoff - first_best.platform_payoff, abs=1e-12)
    assert frozenset(np.flatnonzero(repriced.shares).tolist()) == equilibrium.sharing


def test_deviation_bound_is_attained_by_a_user_equilibrium():
    """The profile and prices returned are an equilibrium (checked by the scalar code) at
    which the platform earns the bound."""
    market = DataMarket(CASE2, [0.5, 0.5, 4.0])
    platforms = CompetingPlatforms(market, LinearJoining(gamma=0.1))
    prices = np.array([market.privacy * market.marginals([0]), np.zeros(3)])
    start = dict(joins=np.zeros(3, int), shares=np.array([True, False, False]))
    for platform in (0, 1):
        bound = deviation_bound(platforms, platform=platform, prices=prices, **start)
        assert platforms.is_user_equilibrium(prices=bound.prices, joins=bound.joins,
                                             shares=bound.shares, tol=1e-12)
        assert platforms.platform_payoffs(prices=bound.prices, joins=bound.joins,
                                          shares=bound.shares)[platform] == pytest.approx(
            bound.bound, abs=1e-12)


def _sup_by_linear_programs(platforms, platform, prices, start=None):
    """Route 2: one LP per user profile, built from the public payoffs only.

    For a fixed profile every payoff is affine in the deviating platform's prices p', so
    "no user gains by a unilateral change" is a set of linear inequalities in p' ≥ 0 and the
    platform's payoff is linear in p'. The coefficients come from evaluating the payoffs at
    p' = 0 and at each unit vector; the largest LP optimum over profiles is the supremum.
    With a ``start`` profile (status-quo selection) a profile other than ``start`` needs one
    more inequality, one LP per way a user gains by leaving ``start``.
    """
    n = platforms.market.n

    def posted(p):
        out = np.array(prices, dtype=float)
        out[platform] = p
        return out

    points = [posted(p) for p in (np.zeros(n), *np.eye(n))]

    @functools.cache
    def payoffs(joins, shares):
        """(users, platforms) payoffs at each price point: constant, then one slope per p'_j."""
        at = [(platforms.user_payoffs(prices=q, joins=joins, shares=shares),
               platforms.platform_payoffs(prices=q, joins=joins, shares=shares)) for q in points]
        return tuple((values[0], np.array([v - values[0] for v in values[1:]]))
                     for values in zip(*at))

    def gains(joins, shares):
        """Rows (slope, const) of each user's gain ``const + slope·p'`` from leaving."""
        (now, now_slope), _ = payoffs(joins, shares)
        rows = []
        for i, k, a in itertools.product(range(n), (0, 1), (False, True)):
            moved_joins, moved_shares = list(joins), list(shares)
            moved_joins[i], moved_shares[i] = k, a
            (after, after_slope), _ = payoffs(tuple(moved_joins), tuple(moved_shares))
            rows.append((after_slope[:, i] - now_slope[:, i], after[i] - now[i]))
        return rows

    start = None if start is None else (tuple(map(int, start[0])), tuple(map(bool, start[1])))
    best = -np.inf
    for profile in itertools.product(itertools.product((0, 1), repeat=n),
                                     itertools.product((False, True), repeat=n)):
        rows = [(slope, -const) for slope, const in gains(*profile)]     # nobody gains
        _, (value, value_slope) = payoffs(*profile)
        if start is None or profile == start:
            breaks = [[]]
        else:                              # somebody gains by leaving start: a price-free
            breaks = [[] if not slope.any() else [(-slope, const)]   # gain, or a price bound
                      for slope, const in gains(*start) if slope.any() or const > 1e-12]
        for extra in breaks:
            a_ub, b_ub = zip(*(rows + extra))
            lp = optimize.linprog(-value_slope[:, platform], A_ub=np.array(a_ub),
                                  b_ub=np.array(b_ub) + 1e-12, bounds=[(0, None)] * n,
                                  method="highs",
                                  options={"primal_feasibility_tolerance": 1e-10})
            if lp.status == 0:
                best = max(best, value[platform] - lp.fun)
    return best


@pytest.mark.parametrize("seed", [2, 3, 4])   # status-quo bounds strictly between before and any
def test_deviation_bound_equals_the_linear_programs(seed):
    """Random market and prices; the status quo is the user equilibrium that best responses
    reach from a random profile."""
    rng = np.random.default_rng(seed)
    factor = rng.normal(size=(3, 3))
    market = DataMarket(factor @ factor.T / 3 + 0.2 * np.eye(3), rng.uniform(0.1, 1.6, size=3))
    platforms = CompetingPlatforms(market, LinearJoining(gamma=float(rng.uniform(0.05, 1.0))))
    prices = rng.uniform(0.0, 0.6, size=(2, 3))
    joins, shares = respond(platforms, prices=prices, joins=rng.integers(0, 2, size=3),
                            shares=rng.integers(0, 2, size=3).astype(bool))
    for platform, selection in itertools.product((0, 1), ("any", "status_quo")):
        bound = deviation_bound(platforms, platform=platform, prices=prices, joins=joins,
                                shares=shares, selection=selection)
        start = None if selection == "any" else (joins, shares)
        assert bound.bound == pytest.approx(
            _sup_by_linear_programs(platforms, platform, prices, start), abs=1e-9)


def test_deviation_bound_dominates_the_part3_deviation():
    market = DataMarket(CASE1, [0.5, 0.5, 4.0])
    platforms = CompetingPlatforms(market, LinearJoining(gamma=0.1))
    deviation = part3_deviation(platforms, epsilon=EPS)
    prices = np.array([market.privacy * market.marginals([0]), np.zeros(3)])
    bound = deviation_bound(platforms, platform=1, prices=prices, joins=np.zeros(3, int),
                            shares=np.array([True, False, False]))
    assert bound.gain >= deviation.gain > 0


def test_price_search_finds_a_gain_when_prices_are_not_equilibrium_prices():
    """Control: overpaying every user by 0.05 over (B-2) gives platform 0 back exactly the
    overpayment 3 × 0.05 (the rival's prices are unchanged, so its best is the (B-2)
    payoff); the search finds part of it."""
    platforms = CompetingPlatforms(DataMarket.equicorrelated(**B16), LinearJoining(gamma=2.0))
    prices = platforms.prices_b2()
    prices[0] += 0.05
    profile = dict(prices=prices, joins=np.zeros(3, int), shares=np.ones(3, bool))
    assert deviation_bound(platforms, platform=0, **profile).gain == pytest.approx(0.15, abs=1e-12)
    assert 0.01 < best_price_deviation(platforms, platform=0, **profile).gain <= 0.15 + 1e-12


def test_deviation_bound_refuses_bad_input():
    platforms = CompetingPlatforms(DataMarket.equicorrelated(**B16), LinearJoining(gamma=2.0))
    profile = dict(joins=np.zeros(3, int), shares=np.ones(3, bool))
    with pytest.raises(ValueError, match="'selection' parameter of deviation_bound"):
        deviation_bound(platforms, platform=0, prices=np.zeros((2, 3)), selection="best",
                        **profile)
    with pytest.raises(ValueError, match="'platform' parameter of deviation_bound"):
        deviation_bound(platforms, platform=2, prices=np.zeros((2, 3)), **profile)
    with pytest.raises(ValueError, match=r"'prices' parameter of deviation_bound must be a \(2, 3\)"):
        deviation_bound(platforms, platform=0, prices=-np.ones((2, 3)), **profile)
    with pytest.raises(ValueError, match=r"'joins' parameter must give each of the 3 users a "
                                         r"platform, 0 or 1\. Got \[0, 2, 0\]"):
        deviation_bound(platforms, platform=0, prices=np.zeros((2, 3)), joins=[0, 2, 0],
                        shares=np.ones(3, bool))
    with pytest.raises(ValueError, match=r"'shares' parameter must give each of the 3 users"):
        respond(platforms, prices=np.zeros((2, 3)), joins=np.zeros(3, int), shares=[True, True])
    big = CompetingPlatforms(DataMarket.equicorrelated(n=MAX_PROFILE_USERS + 1, rho=0.1,
                                                       privacy=0.5), LinearJoining(gamma=1.0))
    with pytest.raises(ValueError, match=f"n ≤ {MAX_PROFILE_USERS}"):
        deviation_bound(big, platform=0, prices=np.zeros((2, MAX_PROFILE_USERS + 1)),
                        joins=np.zeros(MAX_PROFILE_USERS + 1, int),
                        shares=np.ones(MAX_PROFILE_USERS + 1, bool))


@pytest.mark.parametrize("call", [
    lambda p: deviation_bound(p, 0, np.zeros((2, 3)), np.zeros(3, int), np.ones(3, bool)),
    lambda p: best_price_deviation(p, 0, np.zeros((2, 3)), np.zeros(3, int), np.ones(3, bool)),
    lambda p: p.user_payoffs(np.zeros((2, 3)), np.zeros(3, int), np.ones(3, bool)),
    lambda p: p.platform_payoffs(np.zeros((2, 3)), np.zeros(3, int), np.ones(3, bool)),
    lambda p: p.deviations(np.zeros((2, 3)), np.zeros(3, int), np.ones(3, bool)),
    lambda p: p.is_user_equilibrium(np.zeros((2, 3)), np.zeros(3, int), np.ones(3, bool)),
    lambda p: p.surplus(np.zeros(3, int), np.ones(3, bool)),
    lambda p: p.prices_b5(False),
    lambda p: part3_deviation(p, 1e-9),
], ids=["deviation_bound", "best_price_deviation", "user_payoffs", "platform_payoffs",
        "deviations", "is_user_equilibrium", "surplus", "prices_b5", "part3_deviation"])
def test_profiles_and_prices_are_keyword_only(call):
    platforms = CompetingPlatforms(DataMarket.equicorrelated(**B16), LinearJoining(gamma=2.0))
    with pytest.raises(TypeError, match="positional"):
        call(platforms)
