"""Theorem 3 and Theorem B-3: when the monopoly equilibrium is (in)efficient.

Second route: the equilibrium, the Theorem B-2 allocation and the first best are found
here by brute force over all sharing sets with ``DataMarket.outcome`` (one Cholesky solve
per set), not by the package's batched enumeration; thresholds are derived by hand.
"""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mechdesign.markets.too_much_data import (
    DataMarket,
    Uniform,
    VirtualValueMechanism,
    theorem3,
    theorem_b3,
)


def subsets(n):
    return [set(c) for k in range(n + 1) for c in itertools.combinations(range(n), k)]


def brute_first_best(market):
    return max(market.surplus(s) for s in subsets(market.n))


def brute_equilibrium_surplus(market, costs):
    """W at argmax_S Σ_i I_i(S) − Σ_{i∈S} costs_i m_i(S) (ties: larger set)."""
    def objective(s):
        outcome = market.outcome(s)
        return outcome.leaks.sum() - costs @ outcome.marginals
    best = max(objective(s) for s in subsets(market.n))
    tied = [s for s in subsets(market.n) if objective(s) >= best - 1e-12]
    return market.surplus(max(tied, key=len))


def isolated_high_market(draw, n_low, n_high, values_low):
    g = np.array(draw(st.lists(st.floats(-1, 1), min_size=n_low ** 2, max_size=n_low ** 2)))
    g = g.reshape(n_low, n_low)
    cov = np.zeros((n_low + n_high, n_low + n_high))
    cov[:n_low, :n_low] = g @ g.T + 0.2 * np.eye(n_low)
    for h in range(n_low, n_low + n_high):
        cov[h, h] = draw(st.floats(0.2, 3.0))
    high = [draw(st.floats(1.01, 5.0)) for _ in range(n_high)]
    return DataMarket(cov, np.array(values_low + high))


@settings(derandomize=True, deadline=None, max_examples=25)
@given(st.data(), st.integers(1, 3), st.integers(1, 2))
def test_theorem3_part1_isolated_high_value_users_give_efficiency(data, n_low, n_high):
    low = [data.draw(st.floats(0.0, 1.0)) for _ in range(n_low)]
    market = isolated_high_market(data.draw, n_low, n_high, low)
    check = theorem3(market)
    assert check.part == 1
    assert check.efficient
    assert brute_equilibrium_surplus(market, market.privacy) == pytest.approx(
        brute_first_best(market), abs=1e-10)
    assert market.efficiency() == check


@pytest.mark.parametrize("v_high", [2.5, 3.0, 10.0, 50.0])
def test_theorem3_part2_large_high_values_make_it_inefficient(v_high):
    """B07 pattern: the low-value user's data leak the correlated high-value user's type.

    Sharing {0} is the equilibrium (Lemma 3) with W = ½·½ − (v_h − 1)·ρ²/2 < 0 for
    v_h > 1 + 1/(2ρ²) ≈ 1.78 (ρ = 0.8), while W(∅) = 0.
    """
    market = DataMarket.equicorrelated(n=2, rho=0.8, privacy=[0.5, v_high])
    check = theorem3(market)
    assert check.part == 2 and check.equilibrium == {0}
    by_hand = 0.25 - (v_high - 1) * 0.32
    assert check.equilibrium_surplus == pytest.approx(by_hand, abs=1e-12)
    assert check.efficient == (by_hand >= 0)
    assert brute_equilibrium_surplus(market, market.privacy) == pytest.approx(by_hand, abs=1e-12)


@pytest.mark.parametrize("v, efficient", [(1.05, False), (1.2, False), (2.0, False),
                                          (2.2, True), (5.0, True)])
def test_theorem3_part3_high_values_near_one_make_it_inefficient(v, efficient):
    """B22: two correlated high-value users share iff v < I_in/m = 2.1626 (W < 0 then)."""
    market = DataMarket.equicorrelated(n=2, rho=0.8, privacy=v)
    check = theorem3(market)
    assert check.part == 3 and check.efficient == efficient
    assert (brute_equilibrium_surplus(market, market.privacy)
            >= brute_first_best(market) - 1e-12) == efficient


LOW_LAW, HIGH_LAW = Uniform(low=0.0, high=1.0), Uniform(low=1.0, high=6.0)   # Φ = 2v, 2v − 1


@settings(derandomize=True, deadline=None, max_examples=20)
@given(st.data(), st.integers(1, 3), st.integers(1, 2))
def test_theorem_b3_part1(data, n_low, n_high):
    low = [data.draw(st.floats(0.0, 0.5)) for _ in range(n_low)]      # Φ ≤ 1: V^(l) = V_Φ^(l)
    market = isolated_high_market(data.draw, n_low, n_high, low)
    mechanism = VirtualValueMechanism(market,
                                      distributions=(LOW_LAW,) * n_low + (HIGH_LAW,) * n_high)
    check = theorem_b3(mechanism)
    assert check.part == 1 and check.efficient
    virtual = mechanism.virtual_values(market.privacy)
    assert brute_equilibrium_surplus(market, virtual) == pytest.approx(brute_first_best(market),
                                                                       abs=1e-10)


def test_theorem_b3_part1_needs_every_low_value_user_to_have_low_virtual_value():
    """Isolated users, v_0 = 0.8 ≤ 1 but Φ = 1.6 > 1: user 0 is not bought, W is lost."""
    market = DataMarket(np.diag([1.0, 1.0]), [0.8, 2.0])
    check = theorem_b3(VirtualValueMechanism(market, distributions=(LOW_LAW, HIGH_LAW)))
    assert check.part == 0 and not check.efficient
    assert check.surplus_loss == pytest.approx(0.2 * 0.5, abs=1e-12)     # (1 − v_0) ℓ_0


@pytest.mark.parametrize("v_high", [2.0, 3.0, 5.5])
def test_theorem_b3_part2(v_high):
    """User 0 (Φ = 0.8 ≤ 1) is bought; W = ½·0.6 − (v_h − 1)·ρ²/2 < 0 once v_h > 1.94."""
    market = DataMarket.equicorrelated(n=2, rho=0.8, privacy=[0.4, v_high])
    mechanism = VirtualValueMechanism(market, distributions=(LOW_LAW, HIGH_LAW))
    check = theorem_b3(mechanism)
    by_hand = 0.3 - (v_high - 1) * 0.32
    assert check.part == 2 and check.equilibrium == {0}
    assert check.equilibrium_surplus == pytest.approx(by_hand, abs=1e-12)
    assert not check.efficient
    assert brute_equilibrium_surplus(market, mechanism.virtual_values(market.privacy)) == \
        pytest.approx(by_hand, abs=1e-12)


@pytest.mark.parametrize("v_low", [0.55, 0.7, 0.81, 0.83, 0.95])
def test_theorem_b3_part3(v_low):
    """V^(l) ∖ V_Φ^(l) = {0} (Φ = 2 v_0 > 1) correlated with a high-value user.

    Buying user 0 is worth I_0 + I_1 − Φ_0 m_0 = ½ + ρ²/2 − v_0 > 0 iff v_0 < ṽ = ½ + ρ²/2
    = 0.82; then W = (1 − v_0)/2 − (v_h − 1) ρ²/2 < 0 = W(∅) for v_h = 5.
    """
    market = DataMarket.equicorrelated(n=2, rho=0.8, privacy=[v_low, 5.0])
    check = theorem_b3(VirtualValueMechanism(market, distributions=(LOW_LAW, HIGH_LAW)))
    assert check.part == 3
    assert check.efficient == (v_low > 0.5 + 0.32)


@pytest.mark.parametrize("v", [1.05, 1.2, 1.5, 3.0])
def test_theorem_b3_part4(v):
    """Two correlated high-value users, Φ = 2v − 1: they are bought iff Φ < I_in/m.

    With ρ = 0.8 the complete-information cutoff is 2.1626 (B22), so the B-2 allocation
    buys both iff 2v − 1 < 2.1626, i.e. v < 1.581; then W < 0 = W(a^W).
    """
    market = DataMarket.equicorrelated(n=2, rho=0.8, privacy=v)
    mechanism = VirtualValueMechanism(market, distributions=(HIGH_LAW, HIGH_LAW))
    check = theorem_b3(mechanism)
    cutoff = (1 + market.leaks([0, 1])[0] / market.marginals([0, 1])[0]) / 2
    assert cutoff == pytest.approx(1.5813148789, abs=1e-9)
    assert check.part == 4 and check.efficient == (v >= cutoff)
    assert (brute_equilibrium_surplus(market, mechanism.virtual_values(market.privacy))
            >= brute_first_best(market) - 1e-12) == (v >= cutoff)
