"""Producer and total surplus in money units against the markets' own profit functions.

The reference route: prices, quantities and costs as linear maps of z = (θ, c, a), and
E[(p_i − c_i) q_i] from E[zz'] = Σ + mm' — the market's profit written directly, not
through the welfare matrix — plus a Monte Carlo check of the same number.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mechdesign as md
from mechdesign.surplus import producer_surplus, profit_matrix, total_surplus


def _profit_from_moments(mechanism) -> float:
    """Σ_i E[(p_i − c_i) q_i] with the market's demand written out."""
    g = mechanism.game
    n, delta, kind = g.n, g.market.delta, g.market.kind
    size = g.size
    theta = np.zeros(size)
    theta[0] = 1.0
    cost = np.eye(size)[g.types]          # rows: c_i
    act = np.eye(size)[g.actions]         # rows: a_i (quantities or prices)
    others = np.ones((n, n)) - np.eye(n)
    if kind == "cournot":                 # p = θ − q − δ Σ_{j≠i} q_j
        quantity = act
        price = theta - act - delta * others @ act
    else:                                 # q = θ − p + δ Σ_{j≠i} p_j
        price = act
        quantity = theta - act + delta * others @ act
    second = mechanism.cov + np.outer(mechanism.mean, mechanism.mean)
    return float(sum((price[i] - cost[i]) @ second @ quantity[i] for i in range(n)))


def _random_mechanism(game, rng) -> md.GaussianMechanism:
    """Any joint law with the game's prior: actions linear in (θ, types) plus noise."""
    n = game.n
    load = rng.normal(size=(n, n + 1))
    noise = rng.normal(size=(n, n))
    cov = np.zeros((game.size, game.size))
    cov[: n + 1, : n + 1] = game.prior.cov
    cov[game.actions, : n + 1] = load @ game.prior.cov
    cov[: n + 1, game.actions] = cov[game.actions, : n + 1].T
    cov[game.actions, game.actions] = load @ game.prior.cov @ load.T + noise @ noise.T
    return md.GaussianMechanism(game, rng.normal(size=n), cov)


@settings(max_examples=15, deadline=None)
@given(kind=st.sampled_from(["cournot", "bertrand"]), n=st.integers(2, 5),
       delta=st.floats(0.0, 0.9), seed=st.integers(0, 10_000))
def test_producer_surplus_is_the_markets_profit(kind, n, delta, seed) -> None:
    rng = np.random.default_rng(seed)
    maker = md.games.cournot if kind == "cournot" else md.games.bertrand
    delta = delta if kind == "cournot" else delta / (n - 1)
    game = maker(n=n, delta=delta, demand_mean=rng.uniform(2, 10), demand_var=rng.uniform(0.5, 4),
                 cost_mean=rng.uniform(0, 2), cost_var=rng.uniform(0.2, 2))
    mechanism = _random_mechanism(game, rng)
    assert producer_surplus(mechanism) == pytest.approx(_profit_from_moments(mechanism), rel=1e-10, abs=1e-9)
    assert total_surplus(mechanism) == pytest.approx(
        _profit_from_moments(mechanism) + mechanism.consumer_surplus(), rel=1e-10, abs=1e-9)


def test_cournot_profit_is_twice_welfare_at_the_optimum() -> None:
    """data-monetization §1.3: π_i = 2u_i exactly (test G1: profits 2 × 10.68434253)."""
    game = md.games.cournot(n=3, delta=0.6, demand_mean=10, demand_var=4, cost_mean=2, cost_var=1)
    res = md.design(game, "welfare")
    assert producer_surplus(res.mechanism) == pytest.approx(2 * 10.68434253, rel=1e-8)
    np.testing.assert_allclose(profit_matrix(game), 2 * game.welfare_matrix)


def test_bertrand_profit_differs_from_twice_welfare() -> None:
    """The extra term −c_i(θ + δ Σ p_j) of §1.3 Ex. 2 is not zero in expectation."""
    game = md.games.bertrand(n=2, delta=0.5, demand_mean=5, demand_var=1, cost_mean=1, cost_var=1)
    m = md.design(game, "welfare").mechanism
    assert abs(producer_surplus(m) - 2 * m.welfare()) > 1.0
    assert producer_surplus(m) == pytest.approx(_profit_from_moments(m), rel=1e-10)


def test_monte_carlo_profit() -> None:
    game = md.games.bertrand(n=3, delta=0.3, demand_mean=4, demand_var=2, cost_mean=1, cost_var=0.5)
    m = md.design(game, "revenue").mechanism
    z = m.sample(400_000, rng=1)
    theta, cost, price = z[:, 0], z[:, game.types], z[:, game.actions]
    quantity = theta[:, None] - price + 0.3 * (price.sum(axis=1, keepdims=True) - price)
    profit = ((price - cost) * quantity).sum(axis=1)
    se = profit.std() / np.sqrt(profit.size)
    assert abs(profit.mean() - producer_surplus(m)) < 5 * se


def test_non_market_is_refused() -> None:
    game = md.LQGame.symmetric(3, 0.2)
    with pytest.raises(ValueError, match="market game"):
        profit_matrix(game)
