"""Social data: the exact engine, the convex programs and the closed forms over grids.

Two routes to each number: the engine works from the latent shocks and the product-market
first-order conditions; the closed forms are reference §3; the programs are §2.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mechdesign.markets import social_data as sd
from mechdesign.markets.social_data.theory import (
    _prop3_coefficients,
    a_prime_alpha_derivative,
    a_prime_alpha_form,
    complements_polynomial,
    total_compensation_derivative_alpha1,
)

M = sd.SocialDataMarket


def market_of(*args) -> "sd.SocialDataMarket":
    """A market from a row of a benchmark table (n, alpha, beta, sigma_w2, sigma_e2, ...)."""
    names = ("n", "alpha", "beta", "sigma_w2", "sigma_e2", "mean", "cost")
    return sd.SocialDataMarket(**dict(zip(names, args)))
approx = pytest.approx
unit = st.floats(0.0, 1.0)
FAST = settings(derandomize=True, deadline=None, max_examples=40)
SLOWER = settings(derandomize=True, deadline=None, max_examples=10)


@st.composite
def markets(draw, n_max=8, noisy=True):
    return M(n=draw(st.integers(2, n_max)), alpha=draw(unit), beta=draw(unit), sigma_w2=draw(st.floats(0.2, 3.0)),
             sigma_e2=draw(st.floats(0.0, 3.0)) if noisy else 0.0, mean=draw(st.floats(0.0, 3.0)),
             cost=draw(st.floats(0.0, 1.0)))


@st.composite
def policies(draw):
    return sd.DataPolicy(aggregate=draw(st.booleans()), added_common=draw(st.floats(0.0, 2.0)), added_idio=draw(st.floats(0.0, 2.0)),
                         deviator_keeps_record=draw(st.booleans()))


def _close(a, b, tol=1e-9):
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


# ---------------------------------------------------------------- engine vs closed forms
@FAST
@given(markets(), policies())
def test_engine_matches_closed_forms_for_any_policy(market, policy):
    closed, exact = sd.evaluate_policy(market, policy), sd.evaluate_exact(market, policy)
    pairs = {
        "v_on": (closed.v_on, exact.on.v_producer), "v_off": (closed.v_off, exact.off.v_producer),
        "vo_on": (closed.v_consumer_on, exact.on.v_consumer),
        "vo_off": (closed.v_consumer_off, exact.off.v_consumer),
        "m0": (closed.producer_fee, exact.producer_fee),
        "mi": (closed.compensation_per_consumer, exact.compensation_per_consumer),
        "R": (closed.profit, exact.profit),
        "W": (closed.total_surplus_gain, exact.total_surplus_gain),
        "CS": (closed.consumer_surplus_gain, exact.consumer_surplus_gain),
    }
    bad = {k: v for k, v in pairs.items() if not _close(*v)}
    assert not bad, f"{market} {policy}: {bad}"


@pytest.mark.parametrize("args", [(4, 1, 1, 1, 1), (4, 1, 1, 1, 0), (4, 0, 0, 1, 0),
                                  (4, 1, 0, 1, 1), (3, 0, 1, 1, 1)])
@pytest.mark.parametrize("policy", [sd.DataPolicy(), sd.DataPolicy(aggregate=True), sd.DataPolicy(aggregate=True, added_common=0.5, added_idio=0),
                                    sd.DataPolicy(aggregate=False, added_common=0, added_idio=0.5)])
def test_engine_at_degenerate_corners(args, policy):
    """Identical signals (alpha = beta = 1, §1.8), no noise, no common component."""
    closed, exact = sd.evaluate_policy(market_of(*args), policy), sd.evaluate_exact(market_of(*args), policy)
    for field in ("profit", "total_surplus_gain", "consumer_surplus_gain"):
        assert getattr(exact, field) == approx(getattr(closed, field), abs=1e-12)


@FAST
@given(markets(), policies())
def test_payoff_levels_43_44_and_prices(market, policy):
    exact = sd.evaluate_exact(market, policy)
    gap2 = (market.mean - market.cost) ** 2
    for o in (exact.on, exact.off, exact.none):
        assert _close(o.producer_payoff, (o.v_producer + gap2) / 4)
        assert _close(o.consumer_payoff, o.v_consumer / 2 - 3 * o.v_producer / 8 + gap2 / 8)
        # average prices and quantities do not depend on the information policy (§1.6)
        assert _close(o.price_mean, (market.mean + market.cost) / 2)
        assert _close(o.quantity_mean, (market.mean - market.cost) / 2)
        assert _close(o.quantity_var, o.v_consumer - 3 * o.v_producer / 4)
        assert o.v_producer <= o.v_consumer + 1e-12 <= market.sigma_w2 + 2e-12   # §2.2 PSD


@FAST
@given(markets(), policies())
def test_means_and_cost_cancel_in_fees(market, policy):
    base = M(n=market.n, alpha=market.alpha, beta=market.beta, sigma_w2=market.sigma_w2, sigma_e2=market.sigma_e2)
    a, b = sd.evaluate_exact(market, policy), sd.evaluate_exact(base, policy)
    for field in ("producer_fee", "compensation_per_consumer", "profit", "total_surplus_gain",
                  "consumer_surplus_gain"):
        assert _close(getattr(a, field), getattr(b, field)), field


@FAST
@given(markets())
def test_prop1_and_fees_against_engine(market):
    v, exact = sd.complete_sharing_value(market), sd.evaluate_exact(market)
    assert _close(v.delta_producer_per_consumer, exact.on.producer_payoff - exact.none.producer_payoff)
    assert _close(v.delta_consumer_per_consumer, exact.on.consumer_payoff - exact.none.consumer_payoff)
    assert _close(v.delta_welfare_per_consumer, exact.on.welfare - exact.none.welfare)
    assert _close(v.data_externality_per_consumer, exact.off.consumer_payoff - exact.none.consumer_payoff)
    assert _close(v.compensation_per_consumer, exact.compensation_per_consumer)
    assert _close(v.profit, exact.profit)
    assert v.compensation_per_consumer >= -1e-12
    # (30): R(S) = Delta W - sum DE_i, and DE_i = (D + V_oth/4)/2 (32)-(33)
    assert _close(v.profit, market.n * (v.delta_welfare_per_consumer - v.data_externality_per_consumer))
    assert _close(v.data_externality_per_consumer,
                  (sd.complements_measure(market) + v.v_others / 4) / 2)


@FAST
@given(markets(), st.floats(0.0, 2.0), st.floats(0.0, 2.0))
def test_theorem2_aggregation_gain(market, xi, xi_i):
    agg = sd.evaluate_policy(market, sd.DataPolicy(aggregate=True, added_common=xi, added_idio=xi_i)).profit
    ind = sd.evaluate_policy(market, sd.DataPolicy(aggregate=False, added_common=xi, added_idio=xi_i)).profit
    assert _close(agg - ind, sd.aggregation_gain(market, added_idio=xi_i))
    assert agg >= ind - 1e-12
    assert _close(agg, sd.aggregate_profit(market, added_common=xi, added_idio=xi_i))


@FAST
@given(markets(), st.floats(0.0, 3.0), st.floats(0.0, 3.0))
def test_theorem3_optimal_policy_dominates(market, xi, xi_i):
    best = sd.optimal_noise(market).profit
    for aggregate in (True, False):
        assert sd.evaluate_policy(market, sd.DataPolicy(aggregate=aggregate, added_common=xi, added_idio=xi_i)).profit <= best + 1e-12
    assert (best > 0) == (market.alpha > sd.alpha_min(market.n))      # Prop 6


@FAST
@given(markets())
def test_theorem3_moving_noise_to_common_raises_profit(market):
    delta = 0.3        # add delta to C', remove (N-1) delta from I' (Thm 3 proof)
    n, xi_i = market.n, (market.n - 1) * delta + 0.1
    before = sd.aggregate_profit(market, added_common=0.0, added_idio=xi_i)
    after = sd.aggregate_profit(market, added_common=delta, added_idio=xi_i - (n - 1) * delta)
    assert after > before


# ---------------------------------------------------------------- closed forms vs closed forms
@FAST
@given(st.integers(2, 30), unit, unit, st.floats(0.0, 50.0))
def test_prop3_polynomials_equal_prop1(n, alpha, beta, lam):
    v = sd.complete_sharing_value(M(n=n, alpha=alpha, beta=beta, sigma_w2=1.0, sigma_e2=lam))
    a1, b1, c1, a2, b2, c2 = _prop3_coefficients(n, alpha, beta)
    den = -8 * (lam + 1) * (alpha + (beta - 1) * lam - 1) * (alpha * (n - 1) + beta * lam * (n - 1) + lam + 1)
    if den > 1e-9:
        assert _close(v.delta_consumer_per_consumer, (a1 + b1 * lam + c1 * lam ** 2) / den)
        assert _close(v.delta_welfare_per_consumer, (a2 + b2 * lam + c2 * lam ** 2) / den)


@FAST
@given(st.integers(2, 30), unit, st.floats(0.01, 1.0), st.floats(0.0, 50.0))
def test_prop4_polynomial_and_threshold(n, alpha, beta, lam):
    market = M(n=n, alpha=alpha, beta=beta, sigma_w2=1.0, sigma_e2=lam)
    if 1 - alpha + (1 - beta) * lam > 1e-6:       # I > 0: the explicit form divides by it
        assert _close(sd.complements_measure(market), complements_polynomial(n=n, alpha=alpha, beta=beta, lam=lam))
    threshold = sd.complements_threshold(n=n, beta=beta, lam=lam)
    assert 0 <= threshold <= beta
    d = sd.complements_measure(market)
    if abs(alpha - threshold) > 1e-9 and abs(d) > 1e-12:
        assert (d > 0) == (alpha < threshold)


@FAST
@given(st.integers(2, 30), unit, st.floats(0.0, 50.0))
def test_theorem1_threshold_and_lemma2(n, beta, lam):
    threshold = sd.profitability_threshold(n=n, beta=beta, lam=lam)
    assert threshold >= sd.lemma2_alpha_bound(n) - 1e-12
    for alpha in (threshold * 0.98, min(1.0, threshold * 1.02 + 1e-6)):
        profit = sd.complete_sharing_value(M(n=n, alpha=alpha, beta=beta, sigma_w2=1.0, sigma_e2=lam)).profit
        assert (profit > 0) == (alpha > threshold)


@FAST
@given(st.integers(2, 30), unit, st.floats(0.01, 50.0), st.floats(0.05, 0.95))
def test_lemma1_piecewise_monotone(n, beta, lam, alpha):
    g = [sd.information_gain(M(n=n, alpha=a, beta=beta, sigma_w2=1.0, sigma_e2=lam)) for a in (alpha - 0.04, alpha)]
    if alpha - 0.04 >= beta:
        assert g[1] > g[0]
    if alpha <= beta:
        assert g[1] < g[0]
    assert sd.information_gain(M(n=n, alpha=beta, beta=beta, sigma_w2=1.0, sigma_e2=lam)) == approx(0, abs=1e-12)


@FAST
@given(st.integers(2, 50), st.floats(0.0, 1.0), st.floats(0.0, 30.0))
def test_optimal_noise_forms_agree(n, alpha, lam):
    market = M(n=n, alpha=alpha, beta=0.5, sigma_w2=1.0, sigma_e2=lam)
    design = sd.optimal_noise(market)
    if design.profitable:
        assert _close(design.a_prime, a_prime_alpha_form(n=n, alpha=alpha))
        # short form A' = [s - ((sqrt3-1)(N-1) - 1)T]/((N-1)((sqrt3-1)NT - s)), B' = s A' - T
        t, s = market.sigma_theta2, market.sigma_thetai2
        short = (s - ((math.sqrt(3) - 1) * (n - 1) - 1) * t) / ((n - 1) * ((math.sqrt(3) - 1) * n * t - s))
        assert _close(design.a_prime, short)
        assert _close(design.b_prime, s * design.a_prime - t)
        if design.interior:
            assert _close(design.profit, sd.aggregate_profit(market, added_common=design.added_common))


@FAST
@given(st.integers(2, 50), st.floats(0.05, 0.95))
def test_prop7_derivative_of_a_prime(n, alpha):
    if abs(alpha - sd.alpha_min(n)) > 0.02:
        h = 1e-6
        slope = (a_prime_alpha_form(n=n, alpha=alpha + h) - a_prime_alpha_form(n=n, alpha=alpha - h)) / (2 * h)
        assert slope == approx(a_prime_alpha_derivative(n=n, alpha=alpha), rel=1e-5, abs=1e-7)


@FAST
@given(st.integers(2, 40), st.floats(0.01, 1.0), unit, st.floats(0.0, 10.0))
def test_theorem4_finite_n_and_limits(n, alpha, beta, lam):
    market = M(n=n, alpha=alpha, beta=beta, sigma_w2=1.0, sigma_e2=lam)
    agg = sd.evaluate_policy(market, sd.DataPolicy(aggregate=True))
    assert _close(agg.total_compensation, sd.total_compensation(n=n, alpha=alpha, beta=beta, sigma_e2=lam))
    big = M(n=10 ** 8, alpha=alpha, beta=beta, sigma_w2=1.0, sigma_e2=lam)
    limit_nm, limit_r = sd.large_market_limits(alpha=big.alpha, beta=big.beta, sigma_w2=big.sigma_w2, sigma_e2=big.sigma_e2)
    big_value = sd.evaluate_policy(big, sd.DataPolicy(aggregate=True))   # O(1) in N
    assert big_value.total_compensation == approx(limit_nm, rel=1e-4, abs=1e-6)
    assert big_value.profit / big.n == approx(limit_r, rel=1e-4, abs=1e-7)


def test_theorem4_derivative_matches_difference():
    for beta, lam, n in ((0.3, 2.0, 7), (0.0, 1.0, 3), (0.9, 0.5, 20)):
        h = 1e-4
        slope = (sd.total_compensation(n=n + h, alpha=1, beta=beta, sigma_e2=lam) - sd.total_compensation(n=n - h, alpha=1, beta=beta, sigma_e2=lam)) / (2 * h)
        assert slope == approx(total_compensation_derivative_alpha1(n=n, beta=beta, lam=lam), rel=1e-6, abs=1e-12)


@FAST
@given(st.integers(3, 30), st.floats(0.05, 0.95))
def test_prop9_marginal_consumer(n, alpha):
    r_u, r_g = sd.uniform_price_profit(n=n, alpha=alpha), sd.group_price_profit(n=n, alpha=alpha)
    if max(r_u, r_g) > 1e-6:
        du, dg = sd.marginal_profits(n=n, alpha=alpha)
        assert dg > du


def test_prop8_threshold_decreases_in_alpha():
    for off_path in ("paper", "bayesian"):
        t = [sd.segmentation_threshold(a, off_path=off_path) for a in np.linspace(0.05, 0.95, 19)]
        assert all(x > y for x, y in zip(t, t[1:]))
        for alpha, nbar in zip(np.linspace(0.05, 0.95, 19), t):
            gap = sd.group_price_profit(n=nbar + 1, alpha=alpha) - sd.uniform_price_profit(n=nbar + 1, alpha=alpha, sigma_w2=1, off_path=off_path)
            assert gap > 0


@FAST
@given(st.integers(2, 12), st.floats(0.0, 1.0), st.floats(0.0, 1.41))
def test_prop10_quality(n, alpha, gamma):
    market = M(n=n, alpha=alpha, beta=0.0, sigma_w2=1.0, sigma_e2=0.0)
    if abs(gamma - sd.QUALITY_THRESHOLD) > 1e-3 and alpha < 1:
        expected = "aggregate" if gamma < sd.QUALITY_THRESHOLD else "individual"
        assert sd.quality_optimal_inflow(market, gamma=gamma) == expected


@FAST
@given(st.floats(0.0, 3.0), st.floats(0.0, 1.41), st.floats(0.0, 3.0))
def test_quality_payoffs_from_moments(v_share, gamma, mean):
    """Quality game solved from the joint moments of (w, E[w|S]) (c = 0, sigma_w2 = 3)."""
    sigma_w2, v = 3.0, v_share
    g2 = gamma ** 2

    def payoffs(var_m):   # m = E[w|S]: p = m/(2-g2), y = gamma m/(2-g2), q = w + gamma y - p
        cov = np.array([[sigma_w2, var_m], [var_m, var_m]])
        q = np.array([1.0, (g2 - 1) / (2 - g2)])
        p, y = np.array([0, 1 / (2 - g2)]), np.array([0, gamma / (2 - g2)])
        e = lambda a, b: a.sum() * b.sum() * mean ** 2 + a @ cov @ b
        return e(q, q) / 2, e(p, q) - e(y, y) / 2
    (u1, pi1), (u0, pi0) = payoffs(v), payoffs(0.0)
    d_pi, d_u, d_w = sd.quality_payoff_changes(v=v, gamma=gamma)
    assert (d_u, d_pi, d_w) == approx((u1 - u0, pi1 - pi0, u1 + pi1 - u0 - pi0), rel=1e-9, abs=1e-12)


def test_recommender_payoffs_monte_carlo():
    rng = np.random.default_rng(7)
    size, mean, sigma_t2, v, x = 2_000_000, 5.0, 1.0, 0.4, 0.6
    z = rng.standard_normal((4, size))
    w = mean + math.sqrt(v) * z[0] + math.sqrt(1 - v) * z[1]
    t = math.sqrt(x) * z[2] + math.sqrt(sigma_t2 - x) * z[3]

    def payoffs(m_w, m_t, resid):
        price = (m_w - resid) / 2
        q = w - (m_t - t) ** 2 - price
        return np.mean(q ** 2 / 2), np.mean(price * q)
    u1, p1 = payoffs(mean + math.sqrt(v) * z[0], math.sqrt(x) * z[2], sigma_t2 - x)
    u0, p0 = payoffs(mean + 0 * z[0], 0 * z[2], sigma_t2)
    d_u, d_pi, d_w = sd.recommender_payoff_changes(v=v, x=x, mean=mean, sigma_t2=sigma_t2)
    assert (u1 - u0, p1 - p0) == approx((d_u, d_pi), abs=0.02)
    assert d_w == approx(d_u + d_pi, rel=1e-12)


@FAST
@given(st.integers(2, 10), st.floats(0.05, 0.95), st.floats(0.05, 0.95), st.floats(4.0, 10.0))
def test_prop11_recommender(n, alpha_w, alpha_t, mean):
    assert sd.recommender_optimal_inflow(n=n, mean=mean, alpha_w=alpha_w, alpha_t=alpha_t) == ("aggregate", "individual")


def test_outflow_to_producer_only_reveals_through_price():
    """Lemma 4: the personalised price reveals E[w_i|T]; with B != 0 nothing is lost."""
    market = M(n=4, alpha=0.6, beta=0.3, sigma_w2=1.0, sigma_e2=1.5, mean=1.0, cost=0.2)
    for policy in (sd.DataPolicy(aggregate=False, added_common=0.2, added_idio=0.1), sd.DataPolicy(aggregate=True, added_common=0.3, added_idio=0.0)):
        complete = sd.evaluate_exact(market, policy)
        producer = sd.evaluate_exact(market, sd.DataPolicy(aggregate=policy.aggregate, added_common=policy.added_common,
                                                           added_idio=policy.added_idio, outflow="producer"))
        assert producer.on.v_consumer == approx(complete.on.v_consumer, rel=1e-10)
        assert producer.profit == approx(complete.profit, rel=1e-10)
    blind = M(n=4, alpha=0.5, beta=0.5, sigma_w2=1.0, sigma_e2=1.0)       # alpha = beta: B = 0, the price reveals only s_i
    producer = sd.evaluate_exact(blind, sd.DataPolicy(outflow="producer"))
    assert producer.on.v_consumer == approx(sd.v_own(blind), rel=1e-10)


def test_engine_scales_to_500_consumers():
    market = M(n=500, alpha=0.55, beta=0.3, sigma_w2=1.3, sigma_e2=0.8, mean=2.0, cost=0.4)
    for policy in (sd.DataPolicy(), sd.DataPolicy(aggregate=True, added_common=0.7, added_idio=0.4)):
        assert sd.evaluate_exact(market, policy).profit == approx(
            sd.evaluate_policy(market, policy).profit, rel=1e-9)


# ---------------------------------------------------------------- convex programs
@SLOWER
@given(markets(n_max=6), policies())
def test_schur_sdp_equals_posterior_variance(market, policy):
    result = sd.market_posterior_variance_sdp(market, policy)
    assert result.status == "optimal", result.message
    expected = sd.evaluate_policy(market, policy).v_on
    assert result.value == approx(expected, rel=1e-6, abs=1e-8)


@SLOWER
@given(markets(n_max=6), policies())
def test_garbling_sdp_full_disclosure(market, policy):
    result = sd.outflow_garbling_sdp(market, policy)
    assert result.status == "optimal", result.message
    assert result.value == approx(market.n * sd.evaluate_policy(market, policy).v_on / 4, rel=1e-6, abs=1e-8)


@settings(derandomize=True, deadline=None, max_examples=25)
@given(markets(n_max=12))
def test_p6_program_equals_closed_form(market):
    design, program = sd.optimal_noise(market), sd.noise_design_program(market)
    assert program.status == "optimal"
    assert program.profit == approx(design.profit, rel=1e-6, abs=1e-9)
    if design.interior and design.added_common < 1e3:
        assert program.added_common == approx(design.added_common, rel=1e-3, abs=1e-4)


@settings(derandomize=True, deadline=None, max_examples=8)
@given(markets(n_max=6))
def test_profit_objective_recovers_theorem3(market):
    choice = sd.optimise_policy(market, objective="profit")
    design = sd.optimal_noise(market)
    assert choice.objective_value == approx(design.profit, rel=1e-6, abs=1e-9)
    if choice.policy is not None and design.profit > 1e-6:
        assert choice.policy.aggregate and choice.policy.added_idio < 1e-4


def test_objectives_side_by_side():
    market = M(n=3, alpha=0.7, beta=0.2, sigma_w2=1.0, sigma_e2=2.0)
    choices = sd.compare_objectives(market)
    assert set(choices) == set(sd.OBJECTIVES)
    for name, choice in choices.items():   # each optimum beats the others on its own objective
        field = {"profit": "profit", "total_surplus": "total_surplus_gain",
                 "consumer_surplus": "consumer_surplus_gain"}[name]
        assert all(getattr(choice, field) >= getattr(other, field) - 1e-9 for other in choices.values())
        assert choice.profit >= -1e-12   # break-even


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("kwargs, match", [
    (dict(n=1, alpha=0.5, beta=0.5), r"'n' parameter of SocialDataMarket must be an integer in the range \[2"),
    (dict(n=2.5, alpha=0.5, beta=0.5), r"'n' parameter.*Got 2.5"),
    (dict(n=3, alpha=1.2, beta=0.5), r"'alpha' parameter.*closed interval \[0, 1\].*Got 1.2"),
    (dict(n=3, alpha=0.5, beta=-0.1), r"'beta' parameter.*\[0, 1\].*Got -0.1"),
    (dict(n=3, alpha=0.5, beta=0.5, sigma_w2=0.0), r"'sigma_w2' parameter.*\(0, inf\).*Got 0.0"),
    (dict(n=3, alpha=0.5, beta=0.5, sigma_e2=-1.0), r"'sigma_e2' parameter.*\[0, inf\).*Got -1.0"),
    (dict(n=3, alpha=0.5, beta=0.5, cost=-1.0), r"'cost' parameter.*Got -1.0"),
])
def test_market_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        M(**kwargs)


def test_other_bad_input():
    with pytest.raises(ValueError, match=r"'sigma_thetai2' parameter.*\[0, inf\).*Got -0.2"):
        M.from_variances(n=3, sigma_theta2=0.5, sigma_thetai2=-0.2, sigma_eps2=0.1, sigma_epsi2=0.1)
    with pytest.raises(ValueError, match=r"'added_common' parameter.*Got -1"):
        sd.DataPolicy(added_common=-1)
    with pytest.raises(ValueError, match=r"'outflow' parameter.*Got 'consumers'"):
        sd.DataPolicy(outflow="consumers")
    with pytest.raises(ValueError, match=r"'n' parameter of alpha_min.*\[2, inf\).*Got 1.5"):
        sd.alpha_min(1.5)
    with pytest.raises(ValueError, match=r"'n' parameter of lemma2_alpha_bound.*Got 1"):
        sd.lemma2_alpha_bound(1)
    with pytest.raises(ValueError, match=r"'gamma' parameter.*\[0, 1.41421\).*Got 1.5"):
        sd.quality_payoff_changes(v=0.5, gamma=1.5)
    with pytest.raises(ValueError, match=r"'objective' parameter.*Got 'welfare'"):
        sd.optimise_policy(M(n=3, alpha=0.5, beta=0.5), objective="welfare")
    with pytest.raises(ValueError, match=r"'root' parameter.*Got 'smaller'"):
        sd.optimal_noise(M(n=3, alpha=0.5, beta=0.5), root="smaller")
    with pytest.raises(ValueError, match=r"'mean' parameter.*Got 1.0"):
        sd.recommender_optimal_inflow(n=3, mean=1.0, alpha_w=0.5, alpha_t=0.5)
    with pytest.raises(ValueError, match=r"'market.sigma_e2' parameter.*must be 0.*Got 1.0"):
        sd.quality_profit(M(n=3, alpha=0.5, beta=0.5), gamma=0.5, inflow="aggregate")
    with pytest.raises(ValueError, match=r"'beta' parameter of complements_threshold.*\(0, 1\].*Got 0.0"):
        sd.complements_threshold(n=5, beta=0.0, lam=1.0)
    with pytest.raises(ValueError, match=r"'variant' parameter.*Got 'paper'"):
        sd.lemma1_corner_gains(n=5, lam=1.0, variant="paper")
    with pytest.raises(ValueError, match=r"'variant' parameter of surplus_thresholds.*Got 'printed'"):
        sd.surplus_thresholds(n=5, lam=1.0, alpha=0.5, surplus="consumer", variant="printed")
    with pytest.raises(ValueError, match=r"needs exactly one of 'alpha' and 'beta'"):
        sd.surplus_thresholds(n=5, lam=1.0)
    with pytest.raises(ValueError, match=r"'alpha', 'beta' parameters of noise_thresholds"):
        sd.noise_thresholds(n=5, alpha=1.0, beta=1.0)
    with pytest.raises(ValueError, match=r"'outflow' parameter of evaluate_policy.*Got 'producer'"):
        sd.evaluate_policy(M(n=3, alpha=0.5, beta=0.5), sd.DataPolicy(outflow="producer"))
    with pytest.raises(ValueError, match=r"'cov' parameter of posterior_variance_sdp.*positive semidefinite"):
        sd.posterior_variance_sdp(np.array([[1.0, 2.0], [2.0, 1.0]]), np.ones(2))
