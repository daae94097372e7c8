"""Benchmarks B01-B17 of privacy-oligopoly.md §6 (sigma_theta^2 = a = 1 unless stated).

Closed forms are checked against the reference's exact rationals and, where possible,
against the generic engine (a second route to the same number).
"""

import math

import numpy as np
import pytest

from mechdesign.markets.privacy_oligopoly import (
    GOLDEN_RATIO,
    PrivacyOligopoly,
    check_cases,
    covariance_bound,
    critical_signal_ratio,
    mechanism_violation,
    no_platform_incentive,
    no_sharing_profit,
    own_privacy_threshold,
    participation_corner,
    platform_polynomial,
    platform_threshold,
    privacy_feasible_set,
    privacy_threshold,
    sharing_polynomial,
    symmetric_deviation,
    symmetric_incentive,
    symmetric_sharing,
    two_firm_incentive,
)

CLOSED = dict(rel=1e-12, abs=1e-15)
ROOT = dict(rel=1e-9)


def engine(n, signal_var, platform_var=math.inf, privacy_var=0.0, **kw):
    return PrivacyOligopoly.symmetric(n=n, signal_var=signal_var, privacy_var=privacy_var, platform_var=platform_var, **kw)


def test_b01_prop41_no_privacy():
    market = engine(2, 1.0)
    sharing = market.equilibrium()
    # on (s_i, S = s_1 + s_2): beta = 0, gamma = 1/9; ŝ = S/3
    assert sharing.own_weight == pytest.approx([0, 0], abs=1e-14)
    assert sharing.platform_weight / 3 == pytest.approx([1 / 9, 1 / 9], **CLOSED)
    assert sharing.profits == pytest.approx([5 / 27] * 2, **CLOSED)
    assert market.equilibrium({1}).profits[0] == pytest.approx(43 / 225, **CLOSED)
    assert market.participation_incentives(method="engine") == pytest.approx([-4 / 675] * 2, **CLOSED)
    assert two_firm_incentive(state_var=1.0, signal_var=1.0) == pytest.approx(-4 / 675, **CLOSED)


def test_b02_prop41_privacy():
    market = engine(2, 1.0, privacy_var=1.0)
    sharing = market.equilibrium()
    # ŝ = V (s̃_1 + s̃_2)/2 with V = 1/2: the weight on S is gamma_ŝ / 4
    assert sharing.own_weight[0] == pytest.approx(2 / 13, **CLOSED)
    assert sharing.platform_weight[0] / 4 == pytest.approx(1 / 39, **CLOSED)
    assert sharing.profits[0] == pytest.approx(95 / 507, **CLOSED)
    assert market.participation_incentives(method="engine")[0] == pytest.approx(-142 / 38025, **CLOSED)
    assert two_firm_incentive(state_var=1.0, signal_var=1.0, privacy_var=1.0) == pytest.approx(-142 / 38025, **CLOSED)


@pytest.mark.parametrize("t, expected", [(0.1, -0.006944444444), (10, -5.496381479e-4),
                                         (100, -5.748567966e-5), (1e4, -5.777484457e-7)])
def test_b03_prop41_sign_and_limit(t, expected):
    assert two_firm_incentive(state_var=1.0, signal_var=1.0, privacy_var=t) == pytest.approx(expected, rel=1e-9)
    assert engine(2, 1.0, privacy_var=t).participation_incentives(method="engine")[0] == pytest.approx(expected, rel=1e-8)


def test_b03_prop41_scaled_and_not_monotone():
    assert two_firm_incentive(state_var=2.0, signal_var=0.5, privacy_var=3.0) == pytest.approx(-9.897156858e-4, rel=1e-9)
    assert two_firm_incentive(state_var=1.0, signal_var=1.0, privacy_var=0.1) < two_firm_incentive(state_var=1.0, signal_var=1.0, privacy_var=0.0) < 0


def test_b04_cor45_polynomial_and_roots():
    assert sharing_polynomial(n=3) == (-36, -120, -4, 32)
    expected = {3: 0.469105879481, 4: 0.873149722762, 5: 1.073442719779,
                10: 1.390936821624, 100: 1.598744138353}
    for n, root in expected.items():
        assert critical_signal_ratio(n=n) == pytest.approx(root, rel=1e-11)
        assert critical_signal_ratio(n=n) < GOLDEN_RATIO
    r = np.linspace(1e-3, 20, 400)
    assert np.all(np.polyval(sharing_polynomial(n=2), r) < 0)
    assert critical_signal_ratio(n=2) == 0.0


@pytest.mark.parametrize("n, r, exact", [(3, 0.25, 367 / 551668), (3, 0.5, -9 / 76664),
                                         (3, 1, -1 / 512), (5, 1, 1 / 5292), (4, 0.8, 337 / 1451610),
                                         (10, 1.5, -450 / 3809927), (2, 1, -4 / 675)])
def test_b05_prop44_exact(n, r, exact):
    assert no_platform_incentive(n=n, state_var=1.0, signal_var=r) == pytest.approx(exact, **CLOSED)
    assert symmetric_incentive(n=n, state_var=1.0, signal_var=r) == pytest.approx(exact, rel=1e-11)
    assert engine(n, r).participation_incentives(method="engine")[0] == pytest.approx(exact, rel=1e-10)


@pytest.mark.parametrize("e, expected", [(0.25, 1.720747694641), (0.5, 3.021831373101),
                                         (1, 5.224475598410), (2, 9.216097510244),
                                         (3, 13.108471921128)])
def test_b06_prop42_threshold(e, expected):
    threshold = platform_threshold(n=2, state_var=1.0, signal_var=e)
    assert threshold == pytest.approx(expected, **ROOT)
    # sign change of the engine's Delta across the threshold (Delta decreasing in sigma_0^2)
    assert engine(2, e, threshold * 0.999).participation_incentives(method="engine")[0] > 0
    assert engine(2, e, threshold * 1.001).participation_incentives(method="engine")[0] < 0


def test_b06_g2_at_r1():
    g = platform_polynomial(n=2, r=1.0)
    assert g == pytest.approx((31, 146, 159, -36))


def test_b06b_prop42_internals():
    deviation = symmetric_deviation(n=2, state_var=1.0, signal_var=1.0, platform_var=5.0)
    assert deviation.beta_d == pytest.approx(8 / 41, **CLOSED)
    assert deviation.gamma_p == pytest.approx(33 / 82, **CLOSED)
    assert deviation.profit == pytest.approx(2833 / 15129, **CLOSED)
    assert symmetric_sharing(n=2, state_var=1.0, signal_var=1.0, platform_var=5.0).profit == pytest.approx(3 / 16, **CLOSED)
    market = engine(2, 1.0, 5.0)
    out = market.equilibrium({1})
    assert out.own_weight[0] == pytest.approx(8 / 41, **CLOSED)
    assert out.platform_weight[1] == pytest.approx(33 / 82, **CLOSED)
    assert market.participation_incentives(method="engine")[0] == pytest.approx(59 / 242064, rel=1e-10)


@pytest.mark.parametrize("n, e, expected", [(3, 0.5, 53.04529131586), (3, 1, 7.287451186611),
                                            (3, 2, 6.523039939049), (4, 2, 5.296108117743),
                                            (5, 1.5, 6.739552726425), (5, 2, 4.514113219281),
                                            (10, 2, 2.662305088527), (10, 3, 1.693227016057),
                                            (5, 1, math.inf)])
def test_b07_prop46_threshold(n, e, expected):
    assert platform_threshold(n=n, state_var=1.0, signal_var=e) == pytest.approx(expected, **ROOT)


def test_b07b_homogeneity():
    assert platform_threshold(n=3, state_var=2.0, signal_var=2.0) == pytest.approx(2 * 7.287451186611, **ROOT)


def test_b08_prop43():
    assert symmetric_incentive(n=2, state_var=1.0, signal_var=1.0, platform_var=10.0, privacy_var=0.0) == pytest.approx(-6203 / 2292357, **CLOSED)
    assert symmetric_incentive(n=2, state_var=1.0, signal_var=1.0, platform_var=10.0, privacy_var=math.inf) == pytest.approx(409211 / 149964516, **CLOSED)
    limit = engine(2, 1.0, 10.0, math.inf).participation_incentives(method="engine")[0]
    assert limit == pytest.approx(409211 / 149964516, rel=1e-10)
    assert privacy_threshold(n=2, signal_var=1.0, platform_var=10.0) == pytest.approx(6.700973525242, **ROOT)


def test_b08_degree8_numerator_root():
    coefficients = [409211, 19523358, 272809573, 383832236, -13535639655, -51650591234,
                    -12344474397, -930427272, -20767644]
    roots = np.roots(coefficients)
    positive = roots[(abs(roots.imag) < 1e-9) & (roots.real > 0)].real
    assert positive == pytest.approx([privacy_threshold(n=2, signal_var=1.0, platform_var=10.0)], rel=1e-9)


@pytest.mark.parametrize("e, s0, expected", [(1, 20, 15.062884286261), (2, 10, 5.821798207898),
                                             (1, 5, 0.0)])
def test_b08b_prop43(e, s0, expected):
    assert privacy_threshold(n=2, signal_var=e, platform_var=s0) == pytest.approx(expected, **ROOT)


@pytest.mark.parametrize("n, e, s0, expected", [(3, 1, 10, 12.770768962202), (3, 2, 10, 15.032346166090),
                                                (5, 2, 10, 38.427245875609), (5, 2, 20, 82.086903781200),
                                                (3, 3, 50, 101.685581189417)])
def test_b09_prop47(n, e, s0, expected):
    threshold = privacy_threshold(n=n, signal_var=e, platform_var=s0)
    assert threshold == pytest.approx(expected, **ROOT)
    assert engine(n, e, s0, threshold).participation_incentives(method="engine") == pytest.approx([0.0] * n, abs=1e-14)


def test_b09b_non_monotone_two_crossings():
    values = [symmetric_incentive(n=3, state_var=1.0, signal_var=1.0, platform_var=5.0, privacy_var=t) for t in (0.0, 0.3, 10.0)]
    assert values == pytest.approx([8.370e-4, -2.563e-3, 7.587e-4], rel=1e-3)
    intervals = privacy_feasible_set(n=3, signal_var=1.0, platform_var=5.0)
    assert len(intervals) == 2 and intervals[0][0] == 0.0 and intervals[1][1] == math.inf
    assert 0.0 < intervals[0][1] < 0.3 < intervals[1][0] < 10.0


def test_b10_prop47_coefficients():
    sharing = symmetric_sharing(n=3, state_var=1.0, signal_var=1.0, platform_var=2.0, privacy_var=1.0)
    assert (sharing.beta, sharing.gamma, sharing.profit) == pytest.approx((1 / 11, 3 / 22, 217 / 1936), **CLOSED)
    deviation = symmetric_deviation(n=3, state_var=1.0, signal_var=1.0, platform_var=2.0, privacy_var=1.0)
    assert (deviation.beta_d, deviation.beta_p, deviation.gamma_p, deviation.profit) == pytest.approx(
        (5 / 32, 3 / 32, 5 / 32, 57 / 512), **CLOSED)
    market = engine(3, 1.0, 2.0, 1.0)
    out = market.equilibrium({1, 2})
    assert (out.own_weight[0], out.own_weight[1], out.platform_weight[1]) == pytest.approx(
        (5 / 32, 3 / 32, 5 / 32), **CLOSED)
    assert market.participation_incentives(method="engine")[0] == pytest.approx(47 / 61952, rel=1e-11)


@pytest.mark.parametrize("s1, expected", [(0.25, (119.5405, 0)), (0.3, (22.14433, 0)),
                                          (0.5, (11.46222, 3.173241)), (1, (6.700974, 6.700974)),
                                          (2, (3.220803, 9.878707)), (3, (0, 10.44109))])
def test_b11_prop51_corner(s1, expected):
    corner = participation_corner(PrivacyOligopoly(signal_var=(s1, 1.0), privacy_var=0.0, platform_var=10.0))
    assert corner.found
    assert corner.privacy_var == pytest.approx(expected, rel=2e-6)
    assert np.all(corner.incentives >= -1e-12)


@pytest.mark.parametrize("n, si, expected", [(2, 1, 7.018572946), (3, 1, 10.73437787),
                                             (4, 1, 15.00932509), (5, 1, 20.89912664),
                                             (3, 2, 2.935875601), (3, 3, 0.0)])
def test_b12_prop52_sequential_entry(n, si, expected):
    market = PrivacyOligopoly(signal_var=(si,) + (2.0,) * (n - 1), privacy_var=1.0, platform_var=20.0)
    assert own_privacy_threshold(market, firm=0) == pytest.approx(expected, rel=1e-8, abs=1e-12)


def test_b13_precise_firm_is_hurt():
    delta = PrivacyOligopoly(signal_var=(1e-12, 1.0), privacy_var=math.inf, platform_var=2.0).participation_incentives(method="engine")[0]
    assert delta == pytest.approx(41 / 243 - 49 / 289, rel=1e-9)
    assert 41 / 243 - 49 / 289 == pytest.approx(-58 / 70227, **CLOSED)


def test_b13b_no_mechanism_for_precise_firm():
    corner = participation_corner(PrivacyOligopoly(signal_var=(0.2, 1.0), privacy_var=0.0, platform_var=10.0))
    assert not corner.found
    grid = np.concatenate([[0.0], np.logspace(-3, 10, 40)])
    worst = max(PrivacyOligopoly(signal_var=(0.2, 1.0), privacy_var=(t1, t2), platform_var=10.0).participation_incentives(method="engine").min()
                for t1 in grid for t2 in grid)
    assert worst == pytest.approx(-1.1237e-4, rel=1e-3)


def test_b13c_sequential_entry_has_no_root():
    def delta(t):
        return PrivacyOligopoly(signal_var=(0.1, 1.0), privacy_var=(t, 1.0), platform_var=5.0).participation_incentives(method="engine")[0]
    assert delta(0.0) == pytest.approx(-0.058218, rel=1e-4)
    assert delta(1e9) == pytest.approx(-0.002003, rel=1e-3)
    assert own_privacy_threshold(PrivacyOligopoly(signal_var=(0.1, 1.0), privacy_var=1.0, platform_var=5.0), firm=0) == math.inf


def test_b14_lone_sharer_gains():
    market = engine(3, 1.0, 10.0)
    gain = market.equilibrium({0}).profits[0] - market.equilibrium(set()).profits[0]
    assert gain == pytest.approx(0.003266309542, rel=1e-9)
    no_platform = engine(2, 1.0)
    assert no_platform.equilibrium({0}).profits[0] == pytest.approx(
        no_platform.equilibrium(set()).profits[0], rel=1e-13)


def test_b15_intercept_invariance():
    deltas = [engine(3, 2.0, 10.0, 4.0, intercept=a).participation_incentives(method="engine")[0] for a in (1.0, 7.0)]
    assert deltas == pytest.approx([-0.002160828869] * 2, rel=1e-9)


@pytest.mark.parametrize("n", [2, 3, 5])
def test_b16_omniscient_mediator(n):
    bound = covariance_bound(engine(n, 1.0), objective="profit", mediator="omniscient")
    assert bound.status == "optimal"
    assert bound.quantity_variance == pytest.approx(0.25, abs=1e-8)


def test_b16b_paper_equilibria_are_feasible_and_bounded():
    two = engine(2, 1.0, 10.0)
    for equilibrium in (two.equilibrium(), two.equilibrium(set())):
        gap, low = mechanism_violation(equilibrium)
        assert gap <= 1e-12 and low >= -1e-12
    hetero = PrivacyOligopoly(signal_var=(0.5, 1.0, 2.0), privacy_var=(1.0, 0.0, 3.0), platform_var=4.0)
    for members in (None, {1, 2}, {0}):
        gap, low = mechanism_violation(hetero.equilibrium(members))
        assert gap <= 1e-12 and low >= -1e-12
    bound = covariance_bound(two, objective="profit")
    assert bound.status == "optimal"
    assert bound.quantity_variance == pytest.approx(0.162965, abs=1e-6)
    sharing = np.trace(two.equilibrium().outcome_covariance()[-2:, -2:])
    alone = np.trace(two.equilibrium(set()).outcome_covariance()[-2:, -2:])
    assert (sharing, alone) == pytest.approx((0.150538, 0.16), abs=1e-6)
    assert bound.quantity_variance >= alone >= sharing


def test_b17_no_sharing_profit():
    assert no_sharing_profit(n=3, state_var=1.0, signal_var=1.0) == pytest.approx(17 / 144, **CLOSED)
    equilibrium = engine(3, 1.0).equilibrium(set())
    assert equilibrium.own_weight == pytest.approx([1 / 6] * 3, **CLOSED)
    assert equilibrium.profits == pytest.approx([17 / 144] * 3, **CLOSED)


def test_check_cases_pass():
    cases = check_cases()
    assert [c.id for c in cases if not c.passed] == []
    assert len({c.id for c in cases}) == len(cases)
