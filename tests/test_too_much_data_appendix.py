"""Appendix results of too-much-data §2: VCG, Theorem B-2, the IC/IR LP, mediated sharing,
competing platforms, alternative objectives (B09–B16, B19, B20; flags F4, F5, F7, F9)."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mechdesign.markets.too_much_data import DataMarket
from mechdesign.markets.too_much_data.cases import SIGMA3
from mechdesign.markets.too_much_data.competition import (
    CompetingPlatforms,
    LinearJoining,
    big_delta_bar_b3,
    big_delta_tilde_b8,
    delta_lower_b1,
    delta_tilde_b16,
    part3_thresholds,
    v_bar_b4,
)
from mechdesign.markets.too_much_data.objectives import compare_objectives, sharing_set_for
from mechdesign.markets.too_much_data.programs import disclosure_sdp
from mechdesign.markets.too_much_data.valuations import (
    Exponential,
    Uniform,
    VirtualValueMechanism,
    discrete_mechanism_lp,
    discrete_virtual_costs,
    discrete_virtual_value_profit,
    proposition_b2_bound,
    vcg,
)

ATOL = 1e-9
B07 = DataMarket.equicorrelated(n=2, rho=0.8, privacy=[0.5, 3.0])
B08 = DataMarket(SIGMA3, [0.3, 0.9, 2.5])
B20 = DataMarket(np.array([[0.36, -0.23, 0.35], [-0.23, 0.28, -0.34], [0.35, -0.34, 0.56]]),
                 [1.0, 1.8, 1.55])


# ---- B09: VCG (Proposition B-1) -------------------------------------------------------
@pytest.mark.parametrize("market, sharing, payments, utilities, platform", [
    (B07, set(), [0.68, 0.0], [0.68, 0.0], -0.68),
    (B08, {0}, [1.7545, 1.6873, 0.413], [1.6045, 1.5253, 0.3005], -3.1298)])
def test_b09_vcg(market, sharing, payments, utilities, platform):
    outcome = vcg(market)
    assert outcome.sharing == sharing
    np.testing.assert_allclose(outcome.payments, payments, atol=ATOL)
    np.testing.assert_allclose(outcome.utilities, utilities, atol=ATOL)
    assert outcome.platform_payoff == pytest.approx(platform, abs=ATOL)   # F11: a deficit


@pytest.mark.parametrize("market", [B07, B08])
def test_b09_no_profitable_misreport_on_grid(market):
    truthful = vcg(market).utilities
    for i in range(market.n):
        for report in np.arange(0, 4.0001, 0.05):
            reports = market.privacy.copy()
            reports[i] = report
            assert vcg(market, reports=reports).utilities[i] <= truthful[i] + 1e-12


@settings(derandomize=True, deadline=None, max_examples=10)
@given(st.integers(0, 10 ** 6))
def test_vcg_truthful_on_random_markets(seed):
    rng = np.random.default_rng(seed)
    g = rng.normal(size=(3, 3))
    market = DataMarket(g @ g.T / 3 + 0.1 * np.eye(3), rng.uniform(0, 2.5, 3))
    truthful = vcg(market).utilities
    for reports in rng.uniform(0, 3, size=(40, 3)):
        i = int(rng.integers(3))
        lie = market.privacy.copy()
        lie[i] = reports[i]
        assert vcg(market, reports=lie).utilities[i] <= truthful[i] + 1e-12
    assert np.all(vcg(market).payments >= -1e-12)


# ---- B10, B11, B20: Theorem B-2 -------------------------------------------------------
def test_b10_single_user_posted_price():
    mechanism = VirtualValueMechanism(DataMarket(np.eye(1), [0.3]),
                                      distributions=(Uniform(low=0, high=2),))
    rule = mechanism.allocation_rule(user=0, reports=[0.3])
    assert rule[0].end == pytest.approx(0.5, abs=ATOL) and rule[0].sharing == {0}
    assert rule[-1].sharing == set()
    for v in (0.1, 0.3, 0.49):
        assert mechanism.payments([v])[0] == pytest.approx(0.25, abs=ATOL)
    assert mechanism.payments([0.6])[0] == 0.0
    assert mechanism.expected_profit() == pytest.approx(0.5 / 8, abs=ATOL)


def test_b11_two_users():
    market = DataMarket.equicorrelated(n=2, rho=0.5, privacy=[0.1, 0.3])
    mechanism = VirtualValueMechanism(market, distributions=(Uniform(low=0, high=2),) * 2)
    assert market.leaks([0]).sum() == pytest.approx(0.625, abs=ATOL)
    assert market.leaks([0, 1]).sum() == pytest.approx(1.066666667, abs=ATOL)
    assert market.marginals([0, 1])[0] == pytest.approx(0.4083333333, abs=ATOL)
    assert mechanism.allocation([0.1, 0.3]) == {0, 1}
    cutoffs = [mechanism.allocation_rule(user=i, reports=[0.1, 0.3])[0].end for i in range(2)]
    np.testing.assert_allclose(cutoffs, [0.6081632653, 0.5632653061], atol=ATOL)
    np.testing.assert_allclose(mechanism.payments([0.1, 0.3]), [0.2483333333, 0.23], atol=ATOL)
    assert mechanism.expected_profit() == pytest.approx(0.1888391004, abs=1e-8)
    assert mechanism.expected_profit(virtual=False) == pytest.approx(0.3647314017, abs=1e-8)


def test_expected_profit_monte_carlo_agrees_with_quadrature():
    market = DataMarket.equicorrelated(n=2, rho=0.5, privacy=[0.1, 0.3])
    mechanism = VirtualValueMechanism(market, distributions=(Uniform(low=0, high=2),) * 2)
    estimate = mechanism._monte_carlo(True, 200_000, np.random.default_rng(0))
    assert estimate == pytest.approx(0.1888391004, abs=3e-3)


def test_b20_relative_ic_holds_full_utility_ic_fails():
    """F9: truth beats the lie in the paper's relative utility, not in the full utility."""
    mechanism = VirtualValueMechanism(B20, distributions=(Uniform(low=0, high=3),) * 3)
    reports = [1.0, 1.8, 1.55]
    rule = mechanism.allocation_rule(user=0, reports=reports)
    assert [piece.sharing for piece in rule] == [{0}, {0, 1}, set()]
    np.testing.assert_allclose([rule[0].end, rule[1].end], [0.9625832364, 1.227531469],
                               atol=1e-8)
    np.testing.assert_allclose([rule[0].allocation, rule[1].allocation],
                               [0.09529411765, 0.07701063914], atol=ATOL)
    lie = [0.5, 1.8, 1.55]
    pay_lie, pay_truth = mechanism.payments(lie)[0], mechanism.payments(reports)[0]
    assert pay_lie == pytest.approx(0.1121323529, abs=ATOL)
    assert pay_truth == pytest.approx(0.09453298303, abs=ATOL)
    relative_truth = pay_truth - rule[1].allocation
    relative_lie = pay_lie - rule[0].allocation
    assert relative_truth == pytest.approx(0.01752234389, abs=ATOL)
    assert relative_lie == pytest.approx(0.01683823529, abs=ATOL)
    assert relative_truth > relative_lie
    full_truth = pay_truth - B20.leaks(mechanism.allocation(reports))[0]
    full_lie = pay_lie - B20.leaks(mechanism.allocation(lie))[0]
    assert full_truth == pytest.approx(-0.02380578111, abs=ATOL)
    assert full_lie - full_truth == pytest.approx(0.04064401641, abs=ATOL)


@settings(derandomize=True, deadline=None, max_examples=10)
@given(st.integers(0, 10 ** 6))
def test_threshold_payments_are_ic_in_relative_utility(seed):
    """Theorem B-2 (B-17): truth maximises p_i − v A_i over reports (the paper's IC)."""
    rng = np.random.default_rng(seed)
    g = rng.normal(size=(3, 3))
    market = DataMarket(g @ g.T / 3 + 0.1 * np.eye(3), rng.uniform(0, 1.5, 3))
    mechanism = VirtualValueMechanism(market, distributions=(Uniform(low=0, high=1.5),) * 3)
    truth = market.privacy

    def relative(report):
        reports = truth.copy()
        reports[0] = report
        allocation = market.marginals(mechanism.allocation(reports))[0]
        return mechanism.payments(reports)[0] - truth[0] * allocation

    honest = relative(truth[0])
    assert honest >= -1e-12                                               # IR
    for report in np.linspace(0, 1.5, 31):
        assert relative(report) <= honest + 1e-9


def test_exponential_virtual_value_and_unbounded_support():
    law = Exponential(2.0)
    assert law.virtual_value(0.5) == pytest.approx(0.5 + (np.e - 1) / 2)
    mechanism = VirtualValueMechanism(DataMarket(np.eye(1), [0.1]), distributions=(law,))
    cutoff = mechanism.allocation_rule(user=0, reports=[0.1])[0].end
    assert law.virtual_value(cutoff) == pytest.approx(1.0, abs=1e-10)   # share iff Φ ≤ 1
    assert mechanism.payments([0.1])[0] == pytest.approx(cutoff * 0.5, abs=1e-10)
    exact = 0.5 * law.cdf(cutoff) - 0.5 * cutoff * law.cdf(cutoff)     # ∫(ℓ − Φ ℓ) f
    assert mechanism.expected_profit() == pytest.approx(exact, abs=1e-9)


# ---- B12: discrete types --------------------------------------------------------------
def test_b12_discrete_lp_equals_virtual_cost_closed_form():
    market = DataMarket.equicorrelated(n=2, rho=0.5, privacy=0.0)
    types, probabilities = [1 / 6, 1 / 2, 5 / 6, 7 / 6, 3 / 2, 11 / 6], [1 / 6] * 6
    np.testing.assert_allclose(discrete_virtual_costs(types=types, probabilities=probabilities),
                               [1 / 6, 5 / 6, 3 / 2, 13 / 6, 17 / 6, 7 / 2], atol=1e-12)
    closed = discrete_virtual_value_profit(market, types=types, probabilities=probabilities)
    assert closed == pytest.approx(0.2398148148, abs=ATOL)
    result = discrete_mechanism_lp(market, types=types, probabilities=probabilities)
    assert result.status == "optimal"
    assert result.value == pytest.approx(closed, abs=1e-6)


@settings(derandomize=True, deadline=None, max_examples=5)
@given(st.integers(0, 10 ** 6))
def test_discrete_lp_on_random_markets(seed):
    rng = np.random.default_rng(seed)
    g = rng.normal(size=(2, 2))
    market = DataMarket(g @ g.T / 2 + 0.1 * np.eye(2), [0.0, 0.0])
    types = np.sort(rng.uniform(0, 2, 3))
    probabilities = rng.dirichlet(np.ones(3))
    phi = discrete_virtual_costs(types=types, probabilities=probabilities)
    if np.any(np.diff(phi) < 0):          # the closed form needs monotone virtual costs
        return
    result = discrete_mechanism_lp(market, types=types, probabilities=probabilities)
    assert result.status == "optimal"
    assert result.value == pytest.approx(
        discrete_virtual_value_profit(market, types=types, probabilities=probabilities), abs=1e-6)


# ---- B19: Proposition B-2 -------------------------------------------------------------
def test_b19_proposition_b2():
    mechanism = VirtualValueMechanism(B08, distributions=(Uniform(low=0, high=5),) * 3)  # Φ = 2v
    allocation = mechanism.allocation(B08.privacy)
    assert allocation == {0}
    assert B08.surplus(allocation) == pytest.approx(0.3005, abs=ATOL)
    assert proposition_b2_bound(mechanism) == pytest.approx(0.3762209302, abs=ATOL)


# ---- B13, B14, B14b: mediated sharing (flag F7) ---------------------------------------
@pytest.mark.parametrize("market, sharing, surplus, prices, raw", [
    (B07, {0}, 0.25, [0.25, 0.0], -0.39),
    (B08, {0, 1}, 0.4395604396, [0.1648351648, 0.4945054945, 0.0], 0.2335164835)])
def test_b13_theorem6_idealised(market, sharing, surplus, prices, raw):
    outcome = market.mediation(reading="idealised")
    assert outcome.mediated.sharing == sharing
    assert outcome.mediated.surplus == pytest.approx(surplus, abs=ATOL)
    assert outcome.mediated.platform_payoff == pytest.approx(surplus, abs=ATOL)
    np.testing.assert_allclose(outcome.mediated.prices, prices, atol=ATOL)
    assert outcome.unmediated.surplus == pytest.approx(raw, abs=ATOL)
    assert outcome.surplus_gain > 0


@pytest.mark.parametrize("market, alone", [(B07, 0.0648), (B08, 0.2048)])
def test_b14_full_transform_leaks(market, alone):
    everyone = range(market.n)
    np.testing.assert_allclose(market.transformed_leaks(everyone), market.leaks(everyone),
                               atol=1e-12)
    assert market.transformed_leaks([0])[0] == pytest.approx(alone, abs=ATOL)
    assert market.leaks([0])[0] == pytest.approx(0.5, abs=ATOL)


def test_b14_full_transform_matches_definition_by_covariances():
    """Second route: regress X on S̃_T built explicitly from E[X S̃ᵀ] = Σ Σ⁻¹ = I."""
    transform = np.linalg.inv(SIGMA3)
    joint_xs = SIGMA3 @ transform.T                      # E[X S̃ᵀ]
    joint_ss = transform @ (np.eye(3) + SIGMA3) @ transform.T
    released = [0, 2]
    block = joint_ss[np.ix_(released, released)]
    leak = np.diag(joint_xs[:, released] @ np.linalg.solve(block, joint_xs[:, released].T))
    np.testing.assert_allclose(B08.transformed_leaks(released), leak, atol=1e-12)


@pytest.mark.parametrize("market, sharing, surplus", [(B07, {0}, 0.0324),
                                                      (B08, {0, 1}, 0.3726952141)])
def test_b14b_theorem6_full_transform(market, sharing, surplus):
    outcome = market.mediation(reading="full_transform")
    assert outcome.mediated.sharing == sharing
    assert outcome.mediated.surplus == pytest.approx(surplus, abs=ATOL)


def test_f7_idealised_surplus_exceeds_every_implementable_disclosure():
    """F7: the idealised Thm 6 surplus on B08 beats the optimal disclosure SDP bound."""
    assert B08.mediation().mediated.surplus > disclosure_sdp(B08).value + 0.05


def _brute_mediated_surplus(market):
    """max_T Σ_{i∈T} (1 − v_i) Ĩ_i(T), one transformed-leak solve per released set."""
    n = market.n
    return max((1 - market.privacy) @ market.transformed_leaks(t)
               for k in range(n + 1) for t in itertools.combinations(range(n), k))


def _brute_equilibrium_surplus(market):
    n = market.n
    sets = [set(t) for k in range(n + 1) for t in itertools.combinations(range(n), k)]
    best = max(market.outcome(s).platform_payoff for s in sets)
    tied = [s for s in sets if market.outcome(s).platform_payoff >= best - 1e-12]
    return market.outcome(max(tied, key=len)).surplus


def test_b14b_theorem6_part2_fails_under_full_transform():
    """Part 2 (W(ã^E) ≥ W(a^E)) holds in the idealised reading on every draw and fails in
    the full-transform reading on some; each failure is confirmed by brute force."""
    rng = np.random.default_rng(0)
    failures = 0
    for _ in range(100):
        g = rng.normal(size=(4, 4))
        market = DataMarket(g @ g.T / 4 + 0.1 * np.eye(4), rng.uniform(0, 2.5, 4))
        assert market.mediation(reading="idealised").surplus_gain >= -1e-12
        outcome = market.mediation(reading="full_transform")
        assert outcome.mediated.surplus >= -1e-12
        if outcome.surplus_gain < -1e-12:
            failures += 1
            assert _brute_mediated_surplus(market) == pytest.approx(outcome.mediated.surplus,
                                                                    abs=1e-10)
            assert _brute_equilibrium_surplus(market) > _brute_mediated_surplus(market) + 1e-12
    assert 0 < failures < 100


# ---- B15, B16, Part 3: competing platforms --------------------------------------------
def test_b15_part1_prices_and_user_equilibrium():
    market = DataMarket(np.diag([1.0, 2.0, 0.5]), [0.5, 0.2, 0.9])
    platforms = CompetingPlatforms(market, LinearJoining(gamma=0.1))
    part1 = platforms.part1_prices()
    np.testing.assert_allclose(platforms.joining_gains(), 0.2)
    assert part1.cases == ("B", "B", "A")
    np.testing.assert_allclose(part1.prices, [[0.3, 1.133333333, 0.15], [0.5, 1.333333333, 0.15]],
                               atol=ATOL)
    np.testing.assert_allclose(part1.platform_profit, [0.2, 0.2, 0.01666666667], atol=ATOL)
    joins, shares = [0, 0, 0], [True, True, True]
    assert platforms.is_user_equilibrium(prices=part1.prices, joins=joins, shares=shares)
    profit = platforms.platform_payoffs(prices=part1.prices, joins=joins, shares=shares)[0]
    assert profit == pytest.approx(part1.platform_profit.sum(), abs=ATOL)
    cheaper = part1.prices.copy()
    cheaper[0, 0] -= 0.01                                     # platform 1 cannot pay less
    assert platforms.deviations(prices=cheaper, joins=joins, shares=shares)[0].platform == 1


def test_b16_part2_thresholds():
    market = DataMarket.equicorrelated(n=3, rho=0.5, privacy=[0.2, 0.3, 0.4])
    np.testing.assert_allclose(market.leaks(range(3)), 0.5555555556, atol=ATOL)
    assert delta_lower_b1(market) == pytest.approx(1.606666667, abs=ATOL)
    np.testing.assert_allclose(big_delta_bar_b3(market), [0.008333333333, 0.5111111111,
                                                          0.008333333333], atol=ATOL)
    assert big_delta_bar_b3(market, corrected=False)[0] == pytest.approx(0.5444444444, abs=ATOL)
    assert v_bar_b4(market) == pytest.approx(0.4, abs=ATOL)
    np.testing.assert_allclose(big_delta_tilde_b8(market), [0.004761904762, 0.15,
                                                            0.004761904762], atol=ATOL)
    assert delta_tilde_b16(market) == pytest.approx(1.888888889, abs=ATOL)
    platforms = CompetingPlatforms(market, LinearJoining(gamma=0.5))
    prices = platforms.prices_b2()
    np.testing.assert_allclose(prices[0], [0.0711111111, 0.1066666667, 0.1422222222], atol=ATOL)
    np.testing.assert_allclose(prices[1] - platforms.joining_gains(), [0.06, 0.09, 0.12],
                               atol=ATOL)


def test_part2_1_first_best_is_a_user_equilibrium_at_b2_prices():
    market = DataMarket.equicorrelated(n=3, rho=0.5, privacy=[0.2, 0.3, 0.4])
    platforms = CompetingPlatforms(market, LinearJoining(gamma=2.0))
    assert platforms.small_delta() == 2.0 >= delta_lower_b1(market)
    assert platforms.is_user_equilibrium(prices=platforms.prices_b2(), joins=[0, 0, 0],
                                         shares=[True] * 3)


def test_f5_b5_prices_need_the_factor_v():
    """At (B-5) prices users must be indifferent between the platforms; only the corrected
    price (with v_i) achieves it, the printed one lures every user to platform 2."""
    market = DataMarket.equicorrelated(n=3, rho=0.5, privacy=[0.2, 0.3, 0.4])
    platforms = CompetingPlatforms(market, LinearJoining(gamma=0.1))     # small Δ (Part 2-2)
    joins, shares = [0, 0, 0], [True] * 3
    assert np.all(platforms.prices_b5() >= 0)
    assert platforms.is_user_equilibrium(prices=platforms.prices_b5(), joins=joins, shares=shares)
    deviations = platforms.deviations(prices=platforms.prices_b5(corrected=False), joins=joins,
                                      shares=shares)
    gains = {d.user: d.gain for d in deviations if d.platform == 1 and d.share}
    own = 0.5                                                   # I_i({i}) with unit variance
    for i, v in enumerate(market.privacy):
        assert gains[i] == pytest.approx((1 - v) * own, abs=ATOL)


def test_part3_thresholds():
    cov = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.5], [0.0, 0.5, 1.0]])
    market = DataMarket(cov, [0.5, 0.5, 4.0])
    thresholds = part3_thresholds(market)
    assert thresholds.uncorrelated_low == {0} and thresholds.correlated_low == {1}
    assert thresholds.case == 1
    assert thresholds.delta_b13 == pytest.approx(0.5 * 0.5 / 3, abs=ATOL)
    assert thresholds.big_delta_bar == pytest.approx(0.25, abs=ATOL)
    assert thresholds.delta_bar == pytest.approx(0.125, abs=ATOL)
    linked = cov.copy()
    linked[0, 1] = linked[1, 0] = 0.3
    case2 = part3_thresholds(DataMarket(linked, [0.5, 0.5, 4.0]))
    assert case2.case == 2
    assert case2.big_delta_bar == pytest.approx(0.09 / 2, abs=ATOL)   # I_1({0}) = ρ²/2


def test_competition_joining_parameters():
    market = DataMarket.equicorrelated(n=3, rho=0.5, privacy=[0.2, 0.3, 0.4])
    platforms = CompetingPlatforms(market, LinearJoining(gamma=0.5, base=1.0))
    assert platforms.small_delta() == 0.5 and platforms.big_delta() == 1.0
    assert platforms.satisfies_assumption1()
    assert not CompetingPlatforms(market, LinearJoining(gamma=0.1)).satisfies_assumption1()
    surplus = platforms.surplus(joins=[0, 0, 0], shares=[True] * 3)
    assert surplus == pytest.approx(market.surplus(range(3)) + 3 * 2.5, abs=ATOL)


# ---- alternative objectives -----------------------------------------------------------
def test_objectives_side_by_side_b08():
    rows = {(r.instrument, r.objective): r for r in compare_objectives(B08)}
    platform = rows["sharing set", "platform"]
    assert platform.sharing == {0, 1} and platform.surplus == pytest.approx(0.2335164835)
    surplus = rows["sharing set", "surplus"]
    assert surplus.sharing == {0} and surplus.surplus == pytest.approx(0.3005)
    users = rows["sharing set", "users"]
    assert users.platform_profit == 0 and users.users_surplus == pytest.approx(0.3005)
    for row in rows.values():
        assert row.platform_profit + row.users_surplus == pytest.approx(row.surplus, abs=1e-9)
    disclosure = rows["disclosure", "surplus"]
    assert disclosure.surplus == pytest.approx(0.3868190841, abs=1e-6)
    assert disclosure.surplus >= rows["mediated (full transform)", "surplus"].surplus


def test_users_objective_respects_break_even():
    users, profit = sharing_set_for(B07, "users")
    assert profit == 0.0 and users.sharing == set()
    with pytest.raises(ValueError, match=r"'objective' parameter must be one of"):
        sharing_set_for(B07, "welfare")


# ---- bad input ------------------------------------------------------------------------
def test_rejects_bad_appendix_input():
    with pytest.raises(ValueError, match=r"'reading' parameter of DataMarket.mediated_equilibrium"):
        B07.mediation(reading="mediated")
    with pytest.raises(ValueError, match=r"one law per user \(2\). Got 1"):
        VirtualValueMechanism(B07, distributions=(Uniform(low=0, high=1),))
    with pytest.raises(ValueError, match=r"0 ≤ low < high"):
        Uniform(low=2, high=1)
    with pytest.raises(ValueError, match=r"'rate' parameter of Exponential"):
        Exponential(0.0)
    with pytest.raises(ValueError, match=r"'samples' parameter .* n=3"):
        VirtualValueMechanism(B08, distributions=(Uniform(low=0, high=3),) * 3).expected_profit()
    with pytest.raises(ValueError, match=r"increasing types"):
        discrete_virtual_costs(types=[1.0, 0.5], probabilities=[0.5, 0.5])
    with pytest.raises(ValueError, match=r"diagonal 'cov'"):
        CompetingPlatforms(B07, LinearJoining(gamma=0.1)).part1_prices()
    with pytest.raises(ValueError, match=r"Part 3 needs a low-value user correlated"):
        part3_thresholds(DataMarket(np.eye(2), [0.5, 2.0]))
