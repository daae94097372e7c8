"""Leakage, monopoly equilibrium and first best (too-much-data §1.2–1.4, B01–B08, B18, B22, B23).

Expected numbers are those of reference §4 (sets there are 1-based, here 0-based).
"""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings

from mechdesign.markets.too_much_data import (
    MAX_ENUMERATION_USERS,
    DataMarket,
    check_cases,
    mask_to_set,
    select_mask,
    set_to_mask,
)
from mechdesign.markets.too_much_data.cases import SIGMA3
from mechdesign.markets.too_much_data.valuations import (
    Uniform,
    VirtualValueMechanism,
    proposition_b2_bound,
)
from tmd_strategies import covariances

ATOL = 1e-9
B07 = DataMarket.equicorrelated(n=2, rho=0.8, privacy=[0.5, 3.0])
B08 = DataMarket(SIGMA3, [0.3, 0.9, 2.5])


def subsets(n):
    return [list(s) for k in range(n + 1) for s in itertools.combinations(range(n), k)]


def random_market(rng, n):
    """B23's generator: Σ = GGᵀ/n + 0.1 I, v ~ U[0, 2.5]."""
    g = rng.normal(size=(n, n))
    return DataMarket(g @ g.T / n + 0.1 * np.eye(n), rng.uniform(0, 2.5, n))


# ---- B01–B03: leaks -------------------------------------------------------------------
@pytest.mark.parametrize("variance, leak", [(1.0, 0.5), (2.0, 4 / 3), (0.5, 1 / 6)])
def test_b01_single_user_leak(variance, leak):
    market = DataMarket(np.array([[variance]]), [1.0])
    assert market.leaks([0])[0] == pytest.approx(leak, abs=ATOL)
    assert market.marginals([0])[0] == pytest.approx(leak, abs=ATOL)


def test_b02_two_user_leaks_and_information_form():
    market = DataMarket.equicorrelated(n=2, rho=0.5, privacy=0.0)
    assert market.leaks([1])[0] == pytest.approx(0.125, abs=ATOL)
    assert market.leaks([0])[0] == pytest.approx(0.5, abs=ATOL)
    assert market.leaks([0, 1])[0] == pytest.approx(2 / 3.75, abs=ATOL)
    assert market.marginals([0, 1])[0] == pytest.approx(0.4083333333, abs=ATOL)
    posterior = market.posterior_cov([0, 1])
    assert posterior[0, 0] == pytest.approx(0.4666666667, abs=ATOL)
    assert posterior[0, 0] ** 2 / (1 - posterior[0, 0]) == pytest.approx(0.4083333333, abs=ATOL)


def test_b02b_information_form_identities_on_every_set():
    market = DataMarket(SIGMA3, [0.0] * 3)
    for sharing in subsets(3):
        posterior = market.posterior_cov(sharing)
        leaks = market.leaks(sharing)
        np.testing.assert_allclose(leaks, market.variances - np.diag(posterior), atol=1e-12)
        np.testing.assert_allclose(leaks, np.diag(market.leak_matrix(sharing)), atol=1e-12)
        for i in sharing:
            without = market.leaks([j for j in sharing if j != i])[i]
            direct = leaks[i] - without
            p = posterior[i, i]
            assert market.marginals(sharing)[i] == pytest.approx(direct, abs=1e-12)
            assert p ** 2 / (1 - p) == pytest.approx(direct, abs=1e-12)


def test_b03_equicorrelated_closed_forms():
    market = DataMarket.equicorrelated(n=5, rho=0.5, privacy=0.0)
    assert market.leaks(range(5))[0] == pytest.approx(7 / 12, abs=ATOL)
    assert market.leaks(range(1, 5))[0] == pytest.approx(2 / 7, abs=ATOL)
    assert market.marginals(range(5))[0] == pytest.approx(0.2976190476, abs=ATOL)


@settings(derandomize=True, deadline=None, max_examples=15)
@given(covariances(max_n=6))
def test_enumeration_table_matches_direct_leaks(cov):
    market = DataMarket(cov, np.zeros(len(cov)))
    table = market.table
    for mask, sharing in enumerate(
            [[i for i in range(market.n) if m >> i & 1] for m in range(2 ** market.n)]):
        np.testing.assert_allclose(table.leaks[mask], market.leaks(sharing), atol=1e-10)
        np.testing.assert_allclose(table.marginals[mask], market.marginals(sharing), atol=1e-10)


def test_leaks_for_many_users_use_one_factorisation():
    rng = np.random.default_rng(1)
    n = 300
    g = rng.normal(size=(n, 5))
    market = DataMarket(g @ g.T / 5 + np.eye(n), np.ones(n))
    sharing = range(0, n, 2)
    np.testing.assert_allclose(market.leaks(sharing), np.diag(market.leak_matrix(sharing)),
                               atol=1e-9)
    np.testing.assert_allclose(market.leaks(sharing),
                               market.variances - np.diag(market.posterior_cov(sharing)), atol=1e-8)


# ---- B07, B08: monopoly equilibrium ---------------------------------------------------
def test_b07_low_value_data_hurt_high_value_user():
    payoffs = {(): 0.0, (0,): 0.57, (1,): -0.68, (0, 1): 0.2271428571}
    surpluses = {(0,): -0.39, (1,): -0.84, (0, 1): -0.8928571429}
    for sharing, value in payoffs.items():
        assert B07.platform_payoff(sharing) == pytest.approx(value, abs=ATOL)
    for sharing, value in surpluses.items():
        assert B07.surplus(sharing) == pytest.approx(value, abs=ATOL)
    equilibrium = B07.equilibrium()
    assert equilibrium.sharing == {0}
    np.testing.assert_allclose(equilibrium.prices, [0.25, 0.0], atol=ATOL)
    np.testing.assert_allclose(equilibrium.utilities, [0.0, -0.96], atol=ATOL)
    assert equilibrium.surplus == pytest.approx(-0.39, abs=ATOL)
    assert B07.first_best().sharing == set() and B07.first_best().surplus == 0.0
    assert B07.proposition3_bound() == pytest.approx(-0.3423809524, abs=ATOL)
    assert B07.proposition3_bound() >= equilibrium.surplus


def test_b08_three_users():
    payoffs = {(0,): 0.575, (1,): 0.355, (2,): -1.214, (0, 1): 0.7929230769,
               (0, 2): -0.6328099796, (1, 2): -0.7369736842, (0, 1, 2): -0.3172888374}
    for sharing, value in payoffs.items():
        assert B08.platform_payoff(sharing) == pytest.approx(value, abs=ATOL)
    equilibrium = B08.equilibrium()
    assert equilibrium.sharing == {0, 1}
    np.testing.assert_allclose(equilibrium.marginals[:2], 0.3694505495, atol=ATOL)
    np.testing.assert_allclose(equilibrium.prices, [0.1108351648, 0.3325054945, 0], atol=ATOL)
    np.testing.assert_allclose(equilibrium.leaks, [0.5494505495, 0.5494505495, 0.1373626374],
                               atol=ATOL)
    np.testing.assert_allclose(equilibrium.utilities, [-0.054, -0.162, -0.3434065934], atol=ATOL)
    assert equilibrium.surplus == pytest.approx(0.2335164835, abs=ATOL)
    first_best = B08.first_best()
    assert first_best.sharing == {0} and first_best.surplus == pytest.approx(0.3005, abs=ATOL)
    assert B08.proposition3_bound() == pytest.approx(0.2376769742, abs=ATOL)


def test_equilibrium_by_brute_force_over_outcomes():
    """The vectorised enumeration agrees with evaluating every set one by one."""
    market = random_market(np.random.default_rng(7), 6)
    payoffs = {tuple(s): market.platform_payoff(s) for s in subsets(6)}
    best = max(payoffs.values())
    assert market.equilibrium().platform_payoff == pytest.approx(best, abs=1e-12)
    assert market.first_best().surplus == pytest.approx(
        max(market.surplus(s) for s in subsets(6)), abs=1e-12)


# ---- B18: no submodularity ------------------------------------------------------------
def test_b18_leaks_are_not_submodular():
    market = DataMarket(np.array([[1, 1, 0], [1, 2.01, 1], [0, 1, 1.01]]), [0.0] * 3)
    assert market.leaks([2])[0] == pytest.approx(0.0, abs=ATOL)
    assert market.leaks([1])[0] == pytest.approx(0.3322259136, abs=ATOL)
    assert market.leaks([1, 2])[0] == pytest.approx(0.3980119206, abs=ATOL)
    gain_alone = market.leaks([2])[0] - market.leaks([])[0]
    gain_after = market.leaks([1, 2])[0] - market.leaks([1])[0]
    assert gain_after == pytest.approx(0.06578600693, abs=ATOL)
    assert gain_after > gain_alone


# ---- B22: only high-value correlated users (Thm 3 part 3) ------------------------------
@pytest.mark.parametrize("v, sharing, payoff, surplus", [
    (1.2, {0, 1}, 0.5299047619, -0.2380952381),
    (2.0, {0, 1}, 0.08952380952, -1.19047619),
    (2.2, set(), 0.0, 0.0)])
def test_b22_high_value_correlated_users(v, sharing, payoff, surplus):
    equilibrium = DataMarket.equicorrelated(n=2, rho=0.8, privacy=v).equilibrium()
    assert equilibrium.sharing == sharing
    assert equilibrium.platform_payoff == pytest.approx(payoff, abs=ATOL)
    assert equilibrium.surplus == pytest.approx(surplus, abs=ATOL)


def test_b22_thresholds():
    market = DataMarket.equicorrelated(n=2, rho=0.8, privacy=0.0)
    threshold = market.leaks([0, 1])[0] / market.marginals([0, 1])[0]
    assert threshold == pytest.approx(2.162629758, abs=ATOL)
    for v in (2.15, 2.17):
        shares = DataMarket.equicorrelated(n=2, rho=0.8, privacy=v).equilibrium().sharing
        assert (shares == {0, 1}) == (v < threshold)
    for v in (1.63, 1.65):
        assert (DataMarket.equicorrelated(n=2, rho=0.8, privacy=v).platform_payoff([0]) > 0) == (v < 1.64)


# ---- B23: property tests on 200 random markets ----------------------------------------
def test_b23_properties_on_random_markets():
    rng = np.random.default_rng(0)
    for _ in range(200):
        market = random_market(rng, 4)
        equilibrium = market.equilibrium()
        v = market.privacy
        assert market.low_value_users <= equilibrium.sharing                     # Lemma 3
        assert equilibrium.surplus <= market.proposition3_bound() + 1e-12        # Prop 3
        assert equilibrium.platform_payoff >= -1e-12
        assert np.all(equilibrium.prices >= 0)
        without = [market.leaks(equilibrium.sharing - {i})[i] for i in range(4)]
        np.testing.assert_allclose(equilibrium.utilities, -v * np.array(without), atol=1e-12)
        mediated = market.mediation()                                              # Thm 6.2
        assert mediated.surplus_gain >= -1e-12 and mediated.mediated.surplus >= -1e-12
        mechanism = VirtualValueMechanism(market,                          # Prop B-2
                                          distributions=(Uniform(low=0, high=2.5),) * 4)
        allocation = mechanism.allocation(v)
        assert market.surplus(allocation) <= proposition_b2_bound(mechanism) + 1e-12
        table = market.table
        members = table.members.astype(bool)
        for mask in range(16):
            for j in range(4):
                bigger = mask | 1 << j
                assert np.all(table.leaks[bigger] >= table.leaks[mask] - 1e-12)  # monotone
                shared = members[mask] & members[bigger]                          # own-data
                assert np.all(table.marginals[bigger][shared] <= table.marginals[mask][shared]
                              + 1e-12)
        np.testing.assert_array_less(table.marginals.max(axis=0),
                                     market.variances ** 2 / (1 + market.variances) + 1e-12)


def test_ties_go_to_the_larger_set_then_the_smaller_mask():
    """F14: a deterministic rule for (near-)ties in argmax Π or argmax W."""
    assert select_mask(np.array([0.0, 1e-16, 0.0, -1.0])) == 1          # {0} beats ∅
    assert select_mask(np.array([0.0, 0.5, 0.5, 0.5])) == 3             # {0,1}: more members
    assert select_mask(np.array([0.0, 0.5, 0.5, 0.2])) == 1             # same size: smaller
    assert mask_to_set(set_to_mask([0, 3])) == {0, 3}
    indifferent = DataMarket(np.eye(2), [1.0, 1.0])                     # v = 1: W ≡ 0
    assert indifferent.first_best().sharing == {0, 1}


def test_check_cases_pass():
    cases = check_cases()
    assert {c.id for c in cases} >= {"TMD-B01", "TMD-B06", "TMD-B12", "TMD-B21a"}
    assert all(c.passed for c in cases), [(c.id, c.rel_error) for c in cases if not c.passed]


# ---- bad input ------------------------------------------------------------------------
def test_rejects_non_symmetric_covariance():
    with pytest.raises(ValueError, match="'cov' parameter of DataMarket must be symmetric"):
        DataMarket(np.array([[1.0, 0.5], [0.2, 1.0]]), [1.0, 1.0])


def test_rejects_indefinite_covariance():
    with pytest.raises(ValueError, match="must be positive definite.*smallest eigenvalue"):
        DataMarket(np.array([[1.0, 2.0], [2.0, 1.0]]), [1.0, 1.0])


def test_rejects_negative_privacy():
    with pytest.raises(ValueError, match=r"'privacy\[1\]' parameter .* \[0, inf\).*-0.5"):
        DataMarket(np.eye(2), [1.0, -0.5])


def test_rejects_mismatched_sizes():
    with pytest.raises(ValueError, match=r"one value per user \(shape \(3,\).*Got shape \(2,\)"):
        DataMarket(np.eye(3), [1.0, 1.0])


def test_rejects_unknown_users_in_sharing_set():
    with pytest.raises(ValueError, match=r"distinct users in \{0, ..., 1\}"):
        B07.leaks([0, 2])


def test_rejects_enumeration_for_too_many_users():
    market = DataMarket.equicorrelated(n=MAX_ENUMERATION_USERS + 1, rho=0.3, privacy=0.5)
    with pytest.raises(ValueError, match=r"n ≤ 22 users.*n=23.*Communities"):
        market.equilibrium()
    with pytest.raises(ValueError, match=r"table of leaks .* n ≤ 16"):
        DataMarket.equicorrelated(n=17, rho=0.3, privacy=0.5).table
