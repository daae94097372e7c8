"""Convex programs of too-much-data §3.1: LMI leaks, relaxation, optimal disclosure (B17, B21)."""

import itertools

import numpy as np
import pytest
from scipy.optimize import minimize
from hypothesis import given, settings
from hypothesis import strategies as st

from mechdesign.markets.too_much_data import DataMarket
from mechdesign.markets.too_much_data.cases import SIGMA3
from mechdesign.markets.too_much_data.programs import (
    disclosure_margin,
    disclosure_sdp,
    leak_matrix_sdp,
    leak_sdp,
    optimal_disclosure_value,
    relaxation_sdp,
)

SDP_ATOL = 1e-6
B07 = DataMarket.equicorrelated(n=2, rho=0.8, privacy=[0.5, 3.0])
B08 = DataMarket(SIGMA3, [0.3, 0.9, 2.5])


def assert_optimal(result, value):
    assert result.status == "optimal", result
    assert result.value == pytest.approx(value, abs=SDP_ATOL)


@pytest.mark.parametrize("user, sharing, value", [(0, [1, 2], 0.1894736842),
                                                  (2, [0, 1, 2], 0.923255814),
                                                  (1, [0], 0.18)])
def test_b17_lmi_leaks(user, sharing, value):
    assert B08.leaks(sharing)[user] == pytest.approx(value, abs=1e-9)
    assert_optimal(leak_sdp(B08, user, sharing), value)
    assert leak_sdp(B08, user, sharing).problem.constraints[0].label.startswith("schur")


def test_leak_sdp_of_empty_set_is_zero():
    assert_optimal(leak_sdp(B08, 0, []), 0.0)


@pytest.mark.parametrize("sharing", [[0], [0, 2], [0, 1, 2]])
def test_leak_matrix_is_the_loewner_minimal_solution(sharing):
    result = leak_matrix_sdp(B08, sharing)
    assert result.status == "optimal"
    np.testing.assert_allclose(result.solution, B08.leak_matrix(sharing), atol=SDP_ATOL)


def best_binary(market, budget):
    return max(market.leaks(s).sum() for k in range(budget + 1)
               for s in itertools.combinations(range(market.n), k))


def relaxation_by_local_search(market, budget):
    """Second route: the relaxed objective is concave, so SLSQP finds its maximum."""
    def negative_leak(intensity):
        posterior = np.linalg.inv(market.precision + np.diag(intensity))
        return -(market.variances - np.diag(posterior)).sum()
    start = np.full(market.n, budget / market.n)
    result = minimize(negative_leak, start, method="SLSQP", bounds=[(0, 1)] * market.n,
                      constraints=[{"type": "ineq", "fun": lambda a: budget - a.sum()}],
                      options={"ftol": 1e-15, "maxiter": 1000})
    return -result.fun


@pytest.mark.parametrize("budget, bound, binary", [(1, 1.210486782, 1.036),
                                                   (2, 1.743899465, 1.66496945)])
def test_b17_relaxation_bound(budget, bound, binary):
    assert best_binary(B08, budget) == pytest.approx(binary, abs=1e-9)
    result = relaxation_sdp(B08, budget)
    assert_optimal(result, bound)
    assert result.value == pytest.approx(relaxation_by_local_search(B08, budget), abs=1e-8)
    assert result.value >= binary
    assert np.all(result.solution >= -1e-7) and result.solution.sum() <= budget + 1e-6


@settings(derandomize=True, deadline=None, max_examples=8)
@given(st.integers(2, 4), st.integers(0, 10 ** 6), st.data())
def test_relaxation_bounds_every_binary_set(n, seed, data):
    rng = np.random.default_rng(seed)
    g = rng.normal(size=(n, n))
    market = DataMarket(g @ g.T / n + 0.1 * np.eye(n), np.zeros(n))
    budget = data.draw(st.integers(1, n), label="budget")
    result = relaxation_sdp(market, budget)
    assert result.status == "optimal"
    assert result.value >= best_binary(market, budget) - 1e-7
    full = relaxation_sdp(market, n)                       # a = 1 is feasible and optimal
    assert full.value == pytest.approx(market.leaks(range(n)).sum(), abs=SDP_ATOL)


@pytest.mark.parametrize("market, value, first_best", [(B07, 0.04129050546, 0.0),
                                                       (B08, 0.3868190841, 0.3005)])
def test_b21_optimal_disclosure(market, value, first_best):
    assert optimal_disclosure_value(market) == pytest.approx(value, abs=1e-9)
    assert_optimal(disclosure_sdp(market), value)
    assert market.first_best().surplus == pytest.approx(first_best, abs=1e-9)
    assert value >= first_best


@settings(derandomize=True, deadline=None, max_examples=8)
@given(st.integers(1, 4), st.integers(0, 10 ** 6))
def test_disclosure_sdp_bounds_every_sharing_set(n, seed):
    rng = np.random.default_rng(seed)
    g = rng.normal(size=(n, n))
    market = DataMarket(g @ g.T / n + 0.1 * np.eye(n), rng.uniform(0, 2.5, n))
    result = disclosure_sdp(market)
    assert result.status == "optimal"
    assert result.value == pytest.approx(optimal_disclosure_value(market), abs=SDP_ATOL)
    assert result.value >= market.first_best().surplus - 1e-7


def test_b14b_lemma5_leak_pattern_is_infeasible():
    full = B07.leak_matrix([0, 1])
    assert np.linalg.eigvalsh(full - np.diag([0.5, 0.0]))[0] == pytest.approx(-0.2697716294,
                                                                               abs=1e-9)
    infeasible = disclosure_margin(B07, [0.5, 0.0])
    assert infeasible.status == "optimal" and infeasible.value < -0.01
    feasible = disclosure_margin(B07, np.diag(full) / 2)
    assert feasible.status == "optimal" and feasible.value > 0.01
    boundary = disclosure_margin(B07, np.diag(full))          # R = L(V) has margin 0
    assert boundary.status == "optimal" and boundary.value == pytest.approx(0.0, abs=1e-6)


def test_rejects_bad_program_input():
    with pytest.raises(ValueError, match=r"'budget' parameter of relaxation_sdp"):
        relaxation_sdp(B08, 0)
    with pytest.raises(ValueError, match=r"nonnegative .*nonconvex"):
        relaxation_sdp(B08, 1, weights=np.array([1.0, -1.0, 1.0]))
    with pytest.raises(ValueError, match=r"'leaks' parameter of disclosure_margin"):
        disclosure_margin(B08, [0.1, 0.2])
