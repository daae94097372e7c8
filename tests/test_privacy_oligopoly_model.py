"""The PrivacyOligopoly model object: routes that must agree, keyword-only calls, the fast
structured incentives against one dense solve per firm, and the size guard."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mechdesign.markets.privacy_oligopoly import (
    PrivacyOligopoly,
    critical_signal_ratio,
    incentives_batch,
    no_platform_incentive,
    own_privacy_threshold,
    platform_threshold,
    privacy_threshold,
    symmetric_incentive,
    two_firm_incentive,
)
from mechdesign.markets.privacy_oligopoly.incentives import MAX_FIRMS


def per_firm_dense(market: PrivacyOligopoly) -> np.ndarray:
    """Delta_i from one dense equilibrium solve per firm (the engine's pseudo-inverse)."""
    sharing = market.equilibrium().profits
    everyone = frozenset(range(market.n))
    return np.array([sharing[i] - market.equilibrium(everyone - {i}).profits[i]
                     for i in range(market.n)])


noise = st.one_of(st.floats(0.0, 20.0), st.just(math.inf))


@st.composite
def markets(draw):
    n = draw(st.integers(2, 6))
    signal = draw(st.lists(st.floats(0.05, 5.0), min_size=n, max_size=n))
    privacy = draw(st.lists(noise, min_size=n, max_size=n))
    platform = draw(st.one_of(st.floats(0.1, 50.0), st.just(math.inf)))
    return PrivacyOligopoly(signal_var=tuple(signal), privacy_var=tuple(privacy),
                            platform_var=platform, state_var=draw(st.floats(0.3, 3.0)))


@settings(derandomize=True, max_examples=60, deadline=None)
@given(markets())
def test_structured_incentives_match_one_dense_solve_per_firm(market):
    fast = market.participation_incentives(method="engine")
    assert fast == pytest.approx(per_firm_dense(market), rel=1e-9, abs=1e-13)


def test_structured_incentives_handle_the_degenerate_structures():
    # collinear signals (n = 2, no privacy, no platform): Prop 4.1's -4/675
    two = PrivacyOligopoly.symmetric(n=2, signal_var=1.0)
    assert two.participation_incentives(method="engine") == pytest.approx([-4 / 675] * 2, rel=1e-12)
    # reports that are pure noise and no platform signal: ŝ carries nothing, Delta = 0
    blind = PrivacyOligopoly(signal_var=(0.5, 1.0, 2.0), privacy_var=math.inf)
    assert blind.participation_incentives(method="engine") == pytest.approx([0.0] * 3, abs=1e-15)


@pytest.mark.parametrize("n", [1000])
def test_large_market_matches_the_closed_form(n):
    """n identical firms: the structured solve against (Stau)/(Dtau) at large n."""
    market = PrivacyOligopoly.symmetric(n=n, signal_var=1.3, privacy_var=2.0, platform_var=3.0)
    closed = symmetric_incentive(n=n, state_var=1.0, signal_var=1.3, platform_var=3.0,
                                 privacy_var=2.0)
    assert market.participation_incentives(method="engine") == pytest.approx(
        np.full(n, closed), rel=1e-7, abs=1e-15)


def test_large_heterogeneous_market_is_one_firm_perturbation_of_the_symmetric_one():
    """Two routes at n = 1000: changing one firm's noise moves only what it should."""
    n = 1000
    base = PrivacyOligopoly.symmetric(n=n, signal_var=1.0, privacy_var=1.0, platform_var=2.0)
    signal = np.ones(n)
    signal[0] = 0.5
    market = PrivacyOligopoly(signal_var=tuple(signal), privacy_var=1.0, platform_var=2.0)
    fast = market.participation_incentives(method="engine")
    # the other 999 firms stay identical to each other
    assert np.ptp(fast[1:]) <= 1e-15
    batch = incentives_batch(1.0, signal[None, :], np.ones((1, n)), np.array([2.0]), firms=[0, 7])
    assert batch[0] == pytest.approx(fast[[0, 7]], rel=1e-12)
    assert fast[1] != pytest.approx(base.participation_incentives()[1], rel=1e-12)


def test_size_guard():
    market = PrivacyOligopoly(signal_var=(1.0,) * (MAX_FIRMS + 1))
    with pytest.raises(ValueError, match=rf"at most {MAX_FIRMS}.*Got n={MAX_FIRMS + 1}"):
        market.participation_incentives(method="engine")
    with pytest.raises(ValueError, match=r"'n'.*equilibrium"):
        market.equilibrium()


@pytest.mark.parametrize("call", [
    lambda: PrivacyOligopoly((1.0, 1.0)),
    lambda: PrivacyOligopoly.symmetric(2, 1.0),
    lambda: PrivacyOligopoly.symmetric(n=2, signal_var=1.0).with_privacy(1.0),
    lambda: PrivacyOligopoly.symmetric(n=2, signal_var=1.0).own_privacy_threshold(0),
    lambda: own_privacy_threshold(PrivacyOligopoly.symmetric(n=2, signal_var=1.0), 0),
    lambda: platform_threshold(2, 1.0, 1.0),
    lambda: privacy_threshold(2, 1.0, 10.0),
    lambda: symmetric_incentive(2, 1.0, 1.0),
    lambda: no_platform_incentive(3, 0.25),
    lambda: two_firm_incentive(1.0, 1.0),
    lambda: critical_signal_ratio(3),
])
def test_positional_scalars_raise_type_error(call):
    with pytest.raises(TypeError):
        call()


def test_no_platform_incentive_is_delta_not_delta_over_state_var():
    # Prop 4.4 depends on r = sigma_eps^2/sigma_theta^2; Delta scales with sigma_theta^2 (§1.6)
    scaled = no_platform_incentive(n=3, state_var=2.0, signal_var=0.5)
    assert scaled == pytest.approx(2 * 367 / 551668, rel=1e-12)
    assert scaled == pytest.approx(symmetric_incentive(n=3, state_var=2.0, signal_var=0.5),
                                   rel=1e-11)


SYMMETRIC = [dict(n=2, signal_var=1.0, platform_var=10.0),
             dict(n=3, signal_var=2.0, platform_var=10.0),
             dict(n=3, signal_var=1.0, platform_var=5.0)]


@pytest.mark.parametrize("kw", SYMMETRIC)
def test_closed_form_and_engine_routes_agree(kw):
    market = PrivacyOligopoly.symmetric(**kw)
    assert market.participation_incentives() == pytest.approx(
        market.participation_incentives(method="engine"), rel=1e-10)
    assert market.participation_incentives(method="qp") == pytest.approx(
        market.participation_incentives(method="closed_form"), rel=1e-6)
    assert market.platform_threshold(method="engine") == pytest.approx(
        market.platform_threshold(method="closed_form"), rel=1e-9)
    closed = market.privacy_feasible_set(method="closed_form")
    engine = market.privacy_feasible_set(method="engine")
    assert len(closed) == len(engine)
    for (a, b), (c, d) in zip(closed, engine):
        assert (c, d) == pytest.approx((a, b), rel=1e-9)
    assert market.privacy_threshold() == market.privacy_threshold(method="closed_form")
    region = dict(platform_precision=[0.0, 0.1, 0.5], privacy_var=[0.0, 1.0, 1e6])
    assert market.sharing_region(**region, method="engine").incentives == pytest.approx(
        market.sharing_region(**region, method="closed_form").incentives, rel=1e-9, abs=1e-15)


@pytest.mark.parametrize("n", [3, 5, 10])
def test_critical_signal_ratio_routes_agree(n):
    market = PrivacyOligopoly.symmetric(n=n, signal_var=1.0)
    assert market.critical_signal_ratio(method="engine") == pytest.approx(
        market.critical_signal_ratio(), rel=1e-9)


def test_engine_platform_threshold_for_heterogeneous_firms_is_a_sign_change():
    market = PrivacyOligopoly(signal_var=(0.8, 1.0, 1.5))
    bar = market.platform_threshold()
    assert 0 < bar < math.inf
    assert market.with_platform(platform_var=0.99 * bar).participation_incentives().min() > 0
    assert market.with_platform(platform_var=1.01 * bar).participation_incentives().min() < 0


def test_closed_form_forced_off_its_scope_raises():
    hetero = PrivacyOligopoly(signal_var=(0.5, 1.0), platform_var=10.0)
    for call in (lambda: hetero.participation_incentives(method="closed_form"),
                 lambda: hetero.platform_threshold(method="closed_form"),
                 lambda: hetero.privacy_threshold(method="closed_form"),
                 lambda: hetero.sharing_region(platform_precision=[0.1], privacy_var=[1.0],
                                               method="closed_form")):
        with pytest.raises(ValueError, match="'method'.*closed_form.*engine"):
            call()
    noisy = PrivacyOligopoly.symmetric(n=2, signal_var=1.0, privacy_var=1.0)
    with pytest.raises(ValueError, match="privacy_var = 0"):
        noisy.platform_threshold(method="closed_form")
    with pytest.raises(ValueError, match="method"):
        noisy.participation_incentives(method="newton")
