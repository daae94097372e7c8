"""Market programs: "optimal" only with a verified point and a certified bound.

The noise-design program P6 is checked against the Thm 3 closed form (and the exact
engine) up to N = 10^6, where the earlier formulation reported a wrong "optimal" or
"unbounded"; the status policy itself is checked on hand-made solver outcomes.
"""

import math

import cvxpy as cp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mechdesign._solve import SolveOutcome
from mechdesign.markets import social_data as sd
from mechdesign.markets._certificate import verdict


@pytest.mark.parametrize("n", [1000, 10 ** 5, 10 ** 6])
def test_noise_design_program_is_accurate_and_certified_for_large_markets(n):
    market = sd.SocialDataMarket(n=n, alpha=0.3, beta=0.5)
    program, closed = sd.noise_design_program(market), sd.optimal_noise(market)
    assert program.status == "optimal"
    assert program.profit == pytest.approx(closed.profit, rel=1e-9)
    assert program.profit <= program.bound * (1 + 1e-12)
    assert program.gap <= 1e-6
    assert program.bound == pytest.approx(closed.profit, rel=1e-6)     # the bound is tight


def test_noise_design_program_agrees_with_the_exact_engine_at_n_1000():
    market = sd.SocialDataMarket(n=1000, alpha=0.3, beta=0.5)
    program = sd.noise_design_program(market)
    policy = sd.DataPolicy(aggregate=True, added_common=program.added_common)
    assert sd.evaluate_exact(market, policy).profit == pytest.approx(28.01721, abs=5e-6)
    assert program.profit == pytest.approx(sd.evaluate_exact(market, policy).profit, rel=1e-9)


@settings(derandomize=True, deadline=None, max_examples=15)
@given(st.sampled_from([50, 10 ** 3, 10 ** 4, 10 ** 6]), st.floats(0.0, 1.0),
       st.floats(0.0, 1.0), st.floats(0.01, 5.0))
def test_noise_design_program_matches_theorem3_over_sizes(n, alpha, beta, lam):
    market = sd.SocialDataMarket(n=n, alpha=alpha, beta=beta, sigma_e2=lam)
    program, closed = sd.noise_design_program(market), sd.optimal_noise(market)
    assert program.status == "optimal"
    assert program.profit == pytest.approx(closed.profit, rel=1e-7, abs=1e-12 * n)


def _problem() -> cp.Problem:
    x = cp.Variable()
    problem = cp.Problem(cp.Maximize(x), [x <= 1])
    problem.solve(solver=cp.CLARABEL)
    return problem


def _outcome(status: str) -> SolveOutcome:
    return SolveOutcome(status, "CLARABEL", 0.0, f"CLARABEL: {status}")


def test_policy_certified_answer_is_optimal():
    judged = verdict(_problem(), _outcome("optimal"), value=1.0, bound=1.0 + 1e-9,
                     residual=0.0, sense="max")
    assert judged.status == "optimal" and judged.gap == pytest.approx(1e-9, rel=1e-3)


@pytest.mark.parametrize("value, bound, residual, why", [
    (1.0, 1.001, 0.0, "certified bound"),          # gap above 1e-6
    (1.0, 1.0, 1e-4, "violates a constraint"),     # point not feasible
    (1.0, math.nan, 0.0, "no certificate"),        # nothing to certify with
    (1.1, 1.0, 0.0, "certified bound"),            # value above its own bound
])
def test_policy_without_a_certificate_is_at_most_inaccurate(value, bound, residual, why):
    for solver_status in ("optimal", "optimal_inaccurate"):
        judged = verdict(_problem(), _outcome(solver_status), value=value, bound=bound,
                         residual=residual, sense="max")
        assert judged.status == "optimal_inaccurate" and why in judged.message


@pytest.mark.parametrize("status", ["unbounded", "infeasible"])
def test_policy_never_passes_on_infeasible_or_unbounded(status):
    judged = verdict(_problem(), _outcome(status), value=math.nan, bound=math.nan,
                     residual=math.inf, sense="max")
    assert judged.status == "solver_error" and "feasible and bounded" in judged.message


def test_policy_minimisation_uses_a_lower_bound():
    ok = verdict(_problem(), _outcome("optimal"), value=2.0, bound=2.0 - 1e-9, residual=0.0,
                 sense="min")
    wrong = verdict(_problem(), _outcome("optimal"), value=2.0, bound=1.9, residual=0.0,
                    sense="min")
    assert (ok.status, wrong.status) == ("optimal", "optimal_inaccurate")
