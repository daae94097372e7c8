"""Convex programs of too-much-data §3.1: LMI leaks, relaxation, optimal disclosure (B17, B21)."""

import itertools

import numpy as np
import pytest
from scipy.optimize import minimize
from hypothesis import given, settings
from hypothesis import strategies as st

from mechdesign.markets.too_much_data import DataMarket, ProgramResult
from mechdesign.markets.too_much_data.cases import SIGMA3
from mechdesign.markets.too_much_data.programs import (
    disclosure_margin,
    disclosure_sdp,
    leak_matrix_sdp,
    leak_sdp,
    optimal_disclosure_value,
    relaxation_sdp,
)
from tmd_strategies import covariances

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
    result = leak_sdp(B08, user=user, sharing=sharing)
    assert_optimal(result, value)
    assert result.problem.constraints[0].label.startswith("schur")


def test_leak_sdp_of_empty_set_is_zero():
    assert_optimal(leak_sdp(B08, user=0, sharing=[]), 0.0)


@pytest.mark.parametrize("sharing", [[0], [0, 2], [0, 1, 2]])
def test_leak_matrix_is_the_loewner_minimal_solution(sharing):
    result = leak_matrix_sdp(B08, sharing=sharing)
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
    result = relaxation_sdp(B08, budget=budget)
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
    result = relaxation_sdp(market, budget=budget)
    assert result.status == "optimal"
    assert result.value >= best_binary(market, budget) - 1e-7
    full = relaxation_sdp(market, budget=n)                       # a = 1 is feasible and optimal
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
    infeasible = disclosure_margin(B07, leaks=[0.5, 0.0])
    assert infeasible.status == "optimal" and infeasible.value < -0.01
    feasible = disclosure_margin(B07, leaks=np.diag(full) / 2)
    assert feasible.status == "optimal" and feasible.value > 0.01
    boundary = disclosure_margin(B07, leaks=np.diag(full))          # R = L(V) has margin 0
    assert boundary.status == "optimal" and boundary.value == pytest.approx(0.0, abs=1e-6)


def test_rejects_bad_program_input():
    with pytest.raises(ValueError, match=r"'budget' parameter of relaxation_sdp"):
        relaxation_sdp(B08, budget=0)
    with pytest.raises(ValueError, match=r"nonnegative .*nonconvex"):
        relaxation_sdp(B08, budget=1, weights=np.array([1.0, -1.0, 1.0]))
    with pytest.raises(ValueError, match=r"'leaks' parameter of disclosure_margin"):
        disclosure_margin(B08, leaks=[0.1, 0.2])


# ---- DataMarket's routes: method="closed_form" vs method="program" ----------------------
def _route_calls(market, sharing, user, weights):
    """The questions with both routes, each as ``method -> ProgramResult``, and its sense."""
    return {
        "user_leak": (lambda m: market.user_leak(sharing, user=user, method=m), "min"),
        "total_leak": (lambda m: market.total_leak(sharing, weights=weights, method=m), "min"),
        "optimal_disclosure": (lambda m: market.optimal_disclosure(method=m), "max"),
    }


def _assert_feasible_disclosure(market, disclosed):
    full = market.leak_matrix(range(market.n))
    assert np.linalg.eigvalsh(disclosed)[0] >= -1e-9
    assert np.linalg.eigvalsh(full - disclosed)[0] >= -1e-9


@settings(derandomize=True, deadline=None, max_examples=20)
@given(covariances(), st.data())
def test_closed_form_and_program_routes_agree(cov, data):
    n = len(cov)
    privacy = data.draw(st.lists(st.floats(0, 2.5), min_size=n, max_size=n), label="privacy")
    market = DataMarket(cov, privacy)
    sharing = data.draw(st.sets(st.integers(0, n - 1)), label="sharing")
    user = data.draw(st.integers(0, n - 1), label="user")
    weights = np.array(data.draw(st.lists(st.floats(0.1, 2.0), min_size=n, max_size=n),
                                 label="weights"))
    for name, (call, sense) in _route_calls(market, sharing, user, weights).items():
        exact, program = call("closed_form"), call("program")
        assert type(exact) is type(program) is ProgramResult
        assert np.shape(exact.solution) == np.shape(program.solution), name
        assert (exact.status, exact.gap, exact.bound, exact.problem) == ("exact", 0.0,
                                                                         exact.value, None)
        assert exact.success and program.success
        assert program.status == "optimal", (name, program)
        assert program.value == pytest.approx(exact.value, abs=SDP_ATOL * max(1, exact.value))
        # the program's certified bound holds for the true optimum, the closed form
        scale = 1e-9 * max(1.0, abs(exact.value))
        assert (program.bound <= exact.value + scale if sense == "min"
                else program.bound >= exact.value - scale), (name, program)
        assert call("auto").status == "exact"
    # L(S) is the Loewner-minimal T, so positive weights pin the program's T to it
    program = market.total_leak(sharing, weights=weights, method="program")
    np.testing.assert_allclose(program.solution, market.leak_matrix(sharing), atol=1e-4)
    exact = market.optimal_disclosure(method="closed_form")
    _assert_feasible_disclosure(market, exact.solution)
    assert (1 - market.privacy) @ np.diag(exact.solution) == pytest.approx(exact.value, abs=1e-9)


@pytest.mark.parametrize("method", ["closed_form", "program"])
def test_routes_on_the_b08_benchmark(method):
    """Reference §4 numbers through DataMarket's methods: B17 (I_3(V), the best pair's
    total leak 1.66496945) and B21 (optimal disclosure)."""
    assert B08.user_leak([0, 1, 2], user=2, method=method).value == pytest.approx(
        0.923255814, abs=SDP_ATOL)
    assert B08.total_leak([0, 2], method=method).value == pytest.approx(1.66496945,
                                                                       abs=SDP_ATOL)
    assert B08.optimal_disclosure(method=method).value == pytest.approx(0.3868190841,
                                                                        abs=SDP_ATOL)


def test_total_leak_closed_form_takes_any_weights_but_the_program_needs_nonnegative_ones():
    weights = np.array([1.0, -0.5, 2.0])
    exact = B08.total_leak([0, 1], weights=weights)                    # auto: closed form
    assert exact.status == "exact"
    assert exact.value == pytest.approx(weights @ B08.leaks([0, 1]), abs=1e-12)
    with pytest.raises(ValueError, match=r"'method' parameter of DataMarket.total_leak must be "
                                         r"'auto' or 'closed_form' here; .*unbounded below"):
        B08.total_leak([0, 1], weights=weights, method="program")


def test_disclosure_closed_form_solution_with_custom_weights():
    weights = np.array([1.0, -2.0, 0.5])
    exact = B08.optimal_disclosure(weights=weights)
    program = B08.optimal_disclosure(weights=weights, method="program")
    assert program.status == "optimal"
    assert program.value == pytest.approx(exact.value, abs=SDP_ATOL)
    assert weights @ np.diag(exact.solution) == pytest.approx(exact.value, abs=1e-12)
    _assert_feasible_disclosure(B08, exact.solution)


@pytest.mark.parametrize("call, name", [
    (lambda: B08.relaxation(budget=1, method="closed_form"), "relaxation"),
    (lambda: B08.disclosure_margin([0.1, 0.1, 0.1], method="closed_form"), "disclosure_margin"),
])
def test_program_only_questions_refuse_the_closed_form(call, name):
    with pytest.raises(ValueError, match=rf"'method' parameter of DataMarket.{name} must be "
                                         rf"'auto' or 'program' here; .*no closed form"):
        call()


def test_program_only_questions_return_the_program_result():
    relaxed = B08.relaxation(budget=1)
    assert type(relaxed) is ProgramResult and relaxed.status == "optimal"
    assert relaxed.value == pytest.approx(relaxation_sdp(B08, budget=1).value, abs=SDP_ATOL)
    margin = B07.disclosure_margin([0.5, 0.0], method="program")
    assert type(margin) is ProgramResult and margin.status == "optimal" and margin.value < -0.01


@pytest.mark.parametrize("call", [
    lambda: B08.user_leak([0], user=0, method="sdp"),
    lambda: B08.total_leak([0], method="engine"),
    lambda: B08.optimal_disclosure(method=None),
    lambda: B08.relaxation(budget=1, method="exact"),
])
def test_unknown_method_is_named(call):
    with pytest.raises(ValueError, match=r"'method' parameter of DataMarket\.\w+ must be one of "
                                         r"'auto', 'closed_form', 'program'"):
        call()


@pytest.mark.parametrize("call, message", [
    (lambda: B08.user_leak([0], user=3), r"'user' parameter of DataMarket.user_leak must be an "
                                         r"integer in the range \[0, 2\]"),
    (lambda: leak_sdp(B08, user=-1, sharing=[0]), r"'user' parameter of leak_sdp"),
    (lambda: B08.total_leak([0], weights=[1.0, 2.0]), r"'weights' parameter of "
                                                      r"DataMarket.total_leak"),
    (lambda: B08.optimal_disclosure(weights=[np.nan] * 3), r"'weights' parameter of "
                                                           r"DataMarket.optimal_disclosure"),
])
def test_bad_route_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
