"""Example B-1 and exchangeable communities (too-much-data §2 Example B-1, B04–B06, flag F1)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mechdesign.markets.too_much_data import DataMarket
from mechdesign.markets.too_much_data.communities import Communities, ExampleB1

ATOL = 1e-9


# ---- B04: the paper's limits ----------------------------------------------------------
@pytest.mark.parametrize("rho, v, expected", [
    (0.5, 2.0, dict(limit_threshold=4.0, limit_user_utility=-1.0,
                    limit_platform_per_user=1 / 3, limit_price=1 / 3,
                    limit_surplus_per_user=-2 / 3, limit_sharer_leak=2 / 3)),
    (0.3, 1.5, dict(limit_threshold=2.040816327, limit_user_utility=-0.45,
                    limit_platform_per_user=0.1558823529, limit_price=0.4323529412,
                    limit_surplus_per_user=-0.2941176471)),
    (0.5, 0.5, dict(limit_platform_per_user=0.5833333333, limit_user_utility=-0.25,
                    limit_surplus_per_user=0.3333333333)),
])
def test_b04_limits(rho, v, expected):
    example = ExampleB1(rho=rho, privacy=v)
    for name, value in expected.items():
        assert getattr(example, name) == pytest.approx(value, abs=ATOL), name


@pytest.mark.parametrize("rho, v", [(0.5, 2.0), (0.3, 1.5), (0.5, 0.5)])
def test_b04_finite_n_values_converge_to_the_limits(rho, v):
    """Second route: the finite-n closed forms at a = 1 for n = 10^9 (error O(1/n))."""
    example, n = ExampleB1(rho=rho, privacy=v), 10 ** 9
    assert example.threshold(n) == pytest.approx(example.limit_threshold, abs=1e-6)
    assert example.user_utility_all_share(n) == pytest.approx(example.limit_user_utility, abs=1e-6)
    assert v * example.marginal(n) == pytest.approx(example.limit_price, abs=1e-6)
    assert example.platform_payoff(n=n, k=n) / n == pytest.approx(example.limit_platform_per_user,
                                                              abs=1e-6)
    assert (1 - v) * example.sharer_leak(n) == pytest.approx(example.limit_surplus_per_user,
                                                             abs=1e-6)
    assert example.leak_from_others(n - 1) == pytest.approx(rho, abs=1e-6)


# ---- B05: finite-n all-or-nothing threshold --------------------------------------------
@pytest.mark.parametrize("rho, thresholds", [
    (0.5, [1, 1.306122449, 2.56, 3.774693878, 3.976155046]),
    (0.3, [1, 1.096461172, 1.502160908, 1.949307641, 2.030985494])])
def test_b05_thresholds(rho, thresholds):
    example = ExampleB1(rho=rho, privacy=1.0)
    for n, value in zip([1, 2, 10, 100, 1000], thresholds):
        assert example.threshold(n) == pytest.approx(value, abs=1e-8)
        outcome = Communities.independent(sizes=[n], correlations=[rho],
                                          privacy=[1.0]).outcome((n,))
        assert outcome.sharer_leak[0] / outcome.marginal[0] == pytest.approx(value, abs=1e-8)
    assert np.all(np.diff(example.threshold(np.array([1, 2, 10, 100, 1000]))) > 0)
    assert ExampleB1(rho=0.5, privacy=2.0).user_utility_all_share(100) == pytest.approx(-0.9705882353,
                                                                           abs=ATOL)


@pytest.mark.parametrize("n", [2, 5, 9])
def test_b05_all_versus_nobody_by_enumerated_payoffs(n):
    example = ExampleB1(rho=0.5, privacy=1.0)
    threshold = example.threshold(n)
    for v in (threshold - 1e-3, threshold + 1e-3):
        market = DataMarket.equicorrelated(n=n, rho=0.5, privacy=v)
        assert (market.platform_payoff(range(n)) >= 0) == (v <= threshold)


# ---- B06 / F1: personalised-price optimum ---------------------------------------------
@pytest.mark.parametrize("rho, v, n, k, payoff", [
    (0.5, 2.0, 10, 6, 1.527777778), (0.5, 2.0, 100, 27, 39.65689655),
    (0.5, 2.0, 1000, 92, 468.0392684),
    (0.5, 4.5, 10, 0, 0.0), (0.5, 4.5, 100, 13, 30.30625), (0.5, 4.5, 1000, 48, 439.7160784),
    (0.3, 1.5, 10, 4, 0.313137775), (0.3, 1.5, 100, 29, 20.38836354),
    (0.3, 1.5, 1000, 103, 268.9623668)])
def test_b06_personalised_optimum_two_routes(rho, v, n, k, payoff):
    assert ExampleB1(rho=rho, privacy=v).personalised_optimum(n) == (k, pytest.approx(payoff, abs=1e-7))
    equilibrium = Communities.independent(sizes=[n], correlations=[rho], privacy=[v]).equilibrium()
    assert equilibrium.sharers == (k,)
    assert equilibrium.platform_payoff == pytest.approx(payoff, abs=1e-7)


@pytest.mark.parametrize("n, per_user", [(10, 0.4951923077), (100, 0.5727441462),
                                         (1000, 0.582252494)])
def test_b06_low_value_everyone_shares(n, per_user):
    k, payoff = ExampleB1(rho=0.5, privacy=0.5).personalised_optimum(n)
    assert k == n and payoff / n == pytest.approx(per_user, abs=ATOL)


def test_b06_brute_force_equals_k_formula():
    equilibrium = DataMarket.equicorrelated(n=6, rho=0.5, privacy=2.0).equilibrium()
    assert len(equilibrium.sharing) == 4
    assert equilibrium.platform_payoff == pytest.approx(0.2857142857, abs=ATOL)
    assert ExampleB1(rho=0.5, privacy=2.0).personalised_optimum(6) == (4, pytest.approx(0.2857142857))


def test_f1_interior_optimum_beats_all_or_nothing():
    """F1: for v > 1 the platform's optimum is interior and k*/n falls with n."""
    example = ExampleB1(rho=0.5, privacy=2.0)
    shares = []
    for n in (100, 1000, 10000):
        k, payoff = example.personalised_optimum(n)
        assert 0 < k < n
        assert payoff > max(example.platform_payoff(n=n, k=n), 0.0)
        shares.append(k / n)
    assert shares[0] > shares[1] > shares[2]
    k, payoff = ExampleB1(rho=0.5, privacy=4.5).personalised_optimum(1000)       # beyond 1/(1−ρ)² = 4
    assert k > 0 and payoff > 0


@settings(derandomize=True, deadline=None, max_examples=20)
@given(st.integers(1, 8), st.floats(0.0, 0.95), st.data())
def test_example_formulas_match_the_general_leak(n, rho, data):
    k = data.draw(st.integers(1, n), label="k")
    example = ExampleB1(rho=rho, privacy=0.0)
    market = DataMarket.equicorrelated(n=n, rho=rho, privacy=0.0)
    leaks = market.leaks(range(k))
    assert leaks[0] == pytest.approx(example.sharer_leak(k), abs=1e-10)
    assert market.marginals(range(k))[0] == pytest.approx(example.marginal(k), abs=1e-10)
    if k < n:
        assert leaks[n - 1] == pytest.approx(example.leak_from_others(k), abs=1e-10)


# ---- communities: count vectors vs enumeration ----------------------------------------
@st.composite
def communities(draw):
    count = draw(st.integers(1, 3))
    sizes = draw(st.lists(st.integers(1, 4), min_size=count, max_size=count))
    factor = np.array(draw(st.lists(st.floats(-0.8, 0.8), min_size=count * count,
                                    max_size=count * count))).reshape(count, count)
    cov = factor @ factor.T / count
    variances = np.diag(cov) + np.array(draw(st.lists(st.floats(0.1, 1.0), min_size=count,
                                                      max_size=count)))
    privacy = np.array(draw(st.lists(st.floats(0.0, 3.0), min_size=count, max_size=count)))
    return Communities(sizes=tuple(sizes), covariances=cov, variances=variances, privacy=privacy)


@settings(derandomize=True, deadline=None, max_examples=25)
@given(communities())
def test_count_vectors_match_enumeration(structure):
    market = structure.market()
    for mine, theirs in [(structure.equilibrium(), market.equilibrium()),
                         (structure.first_best(), market.first_best())]:
        assert mine.platform_payoff == pytest.approx(theirs.platform_payoff, abs=1e-9)
        assert mine.surplus == pytest.approx(theirs.surplus, abs=1e-9)
        assert mine.users_surplus == pytest.approx(theirs.users_surplus, abs=1e-9)
    if max(market.equilibrium().platform_payoff, 0) > 0:
        labels = np.repeat(np.arange(len(structure.sizes)), structure.sizes)
        counts = np.bincount(labels[sorted(market.equilibrium().sharing)],
                             minlength=len(structure.sizes))
        outcome = structure.outcome(tuple(counts))
        assert outcome.platform_payoff == pytest.approx(market.equilibrium().platform_payoff,
                                                        abs=1e-9)


def test_community_outcome_leaks_match_the_full_market():
    structure = Communities(sizes=(3, 4), covariances=np.array([[0.5, 0.2], [0.2, 0.3]]),
                            variances=np.array([1.0, 1.5]), privacy=np.array([0.7, 2.0]))
    market = structure.market()
    outcome = structure.outcome((2, 1))
    sharing = [0, 1, 3]
    leaks = market.leaks(sharing)
    np.testing.assert_allclose(outcome.sharer_leak, leaks[[0, 3]], atol=1e-12)
    np.testing.assert_allclose(outcome.nonsharer_leak, leaks[[2, 4]], atol=1e-12)
    np.testing.assert_allclose(outcome.marginal, market.marginals(sharing)[[0, 3]], atol=1e-12)


def test_large_independent_communities_are_separable():
    structure = Communities.independent(sizes=[1000, 1000], correlations=[0.5, 0.3],
                                        privacy=[2.0, 1.5])
    assert structure.equilibrium().sharers == (92, 103)                  # B06 k* per community
    payoff = ExampleB1(rho=0.5, privacy=2.0).personalised_optimum(1000)[1] + ExampleB1(
        rho=0.3, privacy=1.5).personalised_optimum(1000)[1]
    assert structure.equilibrium().platform_payoff == pytest.approx(payoff, abs=1e-7)
    huge = Communities.independent(sizes=[10 ** 5, 10 ** 5, 10 ** 5],
                                   correlations=[0.5, 0.3, 0.8], privacy=[0.5, 2.0, 9.0])
    assert huge.equilibrium().sharers[0] == 10 ** 5


# ---- bad input ------------------------------------------------------------------------
def test_rejects_bad_example_parameters():
    with pytest.raises(ValueError, match=r"'rho' parameter of ExampleB1 .*\[0, 1\).*F12"):
        ExampleB1(rho=1.0, privacy=2.0)
    with pytest.raises(ValueError, match=r"'privacy' parameter of ExampleB1"):
        ExampleB1(rho=0.5, privacy=-1.0)


def test_rejects_bad_communities():
    with pytest.raises(ValueError, match=r"'sizes\[0\]' parameter"):
        Communities(sizes=(0,), covariances=np.array([[0.5]]), variances=np.ones(1),
                    privacy=np.ones(1))
    with pytest.raises(ValueError, match=r"'variances' parameter of Communities must exceed"):
        Communities(sizes=(3,), covariances=np.array([[1.2]]), variances=np.ones(1),
                    privacy=np.ones(1))
    with pytest.raises(ValueError, match=r"positive definite"):
        Communities(sizes=(5, 5), covariances=np.array([[0.5, 0.9], [0.9, 0.5]]),
                    variances=np.ones(2), privacy=np.ones(2))
    with pytest.raises(ValueError, match=r"one value per community"):
        Communities(sizes=(2, 2), covariances=np.eye(2) * 0.2, variances=np.ones(3),
                    privacy=np.ones(2))
    with pytest.raises(ValueError, match=r"0 ≤ k_c ≤ n_c"):
        Communities.independent(sizes=[2], correlations=[0.3], privacy=[1.0]).outcome((3,))
    with pytest.raises(ValueError, match=r"count vectors .* merge"):
        Communities(sizes=(200,) * 3, covariances=0.1 + 0.2 * np.eye(3), variances=np.ones(3),
                    privacy=np.ones(3)).equilibrium()
