"""Structured symmetric games and mechanisms against their dense forms.

A symmetric game built by ``LQGame.symmetric`` or ``games.*`` is held by its scalars and
its optimal mechanism by six moments (data-monetization Lemma 2). Here every attribute of
the structured objects is compared, entry by entry, with the same attribute computed by
the dense code of ``LQGame`` / ``GaussianMechanism`` on a dense copy assembled
independently from the scalars (small n); ``sample()`` is checked by Monte Carlo against
the covariance; ``design`` on the structured and the dense game must agree; dense
requests beyond ``DENSE_MAX_N`` must refuse with the memory they would need.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mechdesign as md
from mechdesign._dense import DENSE_MAX_N
from mechdesign.game import Market, SymmetricLQGame
from mechdesign.mechanism import GaussianMechanism
from mechdesign.reduced import project
from mechdesign.result import verify
from mechdesign.structured import SymmetricMechanism

SETTINGS = dict(derandomize=True, deadline=None, max_examples=20)
TOL = dict(rel=1e-9, abs=1e-9)


# ------------------------------------------------------------------ dense copies
def dense_game(game: SymmetricLQGame) -> md.LQGame:
    """The same game as a dense LQGame, assembled from its scalars."""
    p, n = game.params, game.n
    prior = md.GaussianPrior(p.state_mean, p.state_var, np.full(n, p.type_mean),
                             p.type_var * np.eye(n))
    market = Market(game.market.kind, game.market.delta, game.market.surplus_matrix) if game.market else None
    return md.LQGame(np.full(n, p.alpha), np.full(n, p.beta),
                     p.gamma * (np.ones((n, n)) - np.eye(n)) + 0.0, prior, market)


def dense_cov(game, mu, s, d, e, v, c) -> np.ndarray:
    """Σ of a symmetric mechanism, assembled block by block (Lemma 2)."""
    p, n = game.params, game.n
    one, eye = np.ones((n, n)), np.eye(n)
    return np.block([
        [np.array([[p.state_var]]), np.zeros((1, n)), np.full((1, n), s)],
        [np.zeros((n, 1)), p.type_var * eye, (d - e) * eye + e * one],
        [np.full((n, 1), s), (d - e) * eye + e * one, (v - c) * eye + c * one]])


def dense_mechanism(m: SymmetricMechanism, game=None) -> GaussianMechanism:
    game = game or dense_game(m.game)
    mom = m.moments
    return GaussianMechanism(game, np.full(game.n, mom.mu),
                             dense_cov(m.game, mom.mu, mom.s, mom.d, mom.e, mom.v, mom.c))


# ------------------------------------------------------------------ strategies
@st.composite
def games(draw, n_max: int = 7):
    n = draw(st.integers(1, n_max))
    high = 1.0 / (n - 1) if n > 1 else 1.0
    gamma = draw(st.floats(-0.95, 0.95)) * (1.0 if draw(st.booleans()) or n == 1 else high)
    gamma = gamma if gamma < high else 0.95 * high
    kind = draw(st.sampled_from(["plain", "cournot", "bertrand", "beauty_contest"]))
    s2th = 10 ** draw(st.floats(-1, 1))
    s2t = s2th * 10 ** draw(st.floats(-1.5, 1.5))
    mu_th, mu_t = draw(st.floats(-2, 2)), draw(st.floats(-2, 2))
    if kind == "cournot" and n > 1 and -1 / (n - 1) <= -2 * gamma <= 1:
        return md.games.cournot(n, -2 * gamma, mu_th, s2th, mu_t, s2t)
    if kind == "bertrand" and n > 1 and -1 <= 2 * gamma < 1 / (n - 1) - 0.05:
        return md.games.bertrand(n, 2 * gamma, mu_th, s2th, mu_t, s2t)
    if kind == "beauty_contest" and n > 1 and 0 <= gamma * (n - 1) < 0.95:
        return md.games.beauty_contest(n, gamma * (n - 1), mu_th, s2th, mu_t, s2t)
    alpha = draw(st.floats(0.2, 2.0))
    beta = draw(st.sampled_from([-1, 1])) * draw(st.floats(0.2, 2.0))
    return md.LQGame.symmetric(n, gamma, alpha, beta, mu_th, s2th, mu_t, s2t)


@st.composite
def mechanisms(draw):
    """Any symmetric mechanism (PSD by construction), from weights and a noise law."""
    game = draw(games())
    p, n = game.params, game.n
    ws, wr = draw(st.floats(-2, 2)), draw(st.floats(-2, 2))
    wo = draw(st.sampled_from([-1, 1])) * draw(st.floats(0.05, 2))
    nu = 10 ** draw(st.floats(-3, 0))
    kappa = nu * draw(st.floats(-1 / max(n - 1, 1), 1.0))
    mu = draw(st.floats(-2, 2))
    mech = SymmetricMechanism(
        game, mean_action=mu, s=ws * p.state_var, d=wo * p.type_var, e=wr * p.type_var,
        v=ws ** 2 * p.state_var + (wo ** 2 + (n - 1) * wr ** 2) * p.type_var + nu,
        c=ws ** 2 * p.state_var + (2 * wo * wr + (n - 2) * wr ** 2) * p.type_var + kappa)
    return mech, (ws, wo, wr, nu, kappa)


def _same(a, b, **tol):
    a, b = np.asarray(a, float), np.asarray(b, float)
    assert a.shape == b.shape
    assert np.array_equal(np.isnan(a), np.isnan(b))
    keep = ~np.isnan(a)
    assert a[keep] == pytest.approx(b[keep], **(tol or TOL))


# ------------------------------------------------------------------ the game
@settings(**SETTINGS)
@given(games())
def test_structured_game_equals_its_dense_form(game):
    dense = dense_game(game)
    assert isinstance(game, SymmetricLQGame) and game.is_symmetric and dense.is_symmetric
    assert game.gamma == dense.gamma
    _same(game.alpha, dense.alpha), _same(game.beta, dense.beta)
    np.testing.assert_array_equal(game.interaction, dense.interaction)
    np.testing.assert_array_equal(game.prior.cov, dense.prior.cov)
    np.testing.assert_array_equal(game.prior.type_cov, dense.prior.type_cov)
    _same(game.prior.mean, dense.prior.mean)
    np.testing.assert_array_equal(game.threatened, dense.threatened)
    _same(game.mean_action, dense.mean_action)
    np.testing.assert_array_equal(game.welfare_matrix, dense.welfare_matrix)
    for i in {0, game.n - 1}:
        np.testing.assert_array_equal(game.payoff_matrix(i), dense.payoff_matrix(i))


@settings(**SETTINGS)
@given(games())
def test_named_objectives_carry_the_coefficients_of_their_matrices(game):
    """The reduced coefficients an objective carries equal those read off its dense matrix."""
    names = ["welfare", "revenue"] + (["consumer_surplus"] if game.market else [])
    objs = [md.objectives.resolve(game, name) for name in names]
    objs += [md.objectives.player_payoff(game, i) for i in {0, game.n - 1}]
    for obj in objs:
        read = project(obj, game.params)
        for field in ("k0", "ks", "kd", "ke", "kv", "kc", "m0", "m1", "m2"):
            assert getattr(obj.coefficients, field) == pytest.approx(getattr(read, field), **TOL), (obj.name, field)
        assert obj.minus_rent == read.minus_rent


# ------------------------------------------------------------------ the mechanism
@settings(**SETTINGS)
@given(mechanisms())
def test_structured_mechanism_equals_its_dense_form(case):
    m, (ws, wo, wr, nu, kappa) = case
    game, dense_g = m.game, dense_game(m.game)
    d = dense_mechanism(m, dense_g)
    np.testing.assert_allclose(m.cov, d.cov, rtol=0, atol=0)
    _same(m.mean, d.mean), _same(m.mean_actions, d.mean_actions)
    _same(m.cov_action_type, d.cov_action_type)
    # weights and noise, also against the law the mechanism was drawn from
    _same(m.weights.state, d.weights.state), _same(m.weights.own_type, d.weights.own_type)
    _same(m.weights.types, d.weights.types), _same(m.weights.rival_types, d.weights.rival_types)
    assert (m.weights.own, m.weights.rival) == pytest.approx((wo, wr), **TOL)
    _same(m.noise_cov, d.noise_cov, rel=1e-7, abs=1e-7 * max(1.0, m.moments.v))
    assert (m.noise_var, m.noise_rival_cov) == pytest.approx((nu, kappa), rel=1e-6, abs=1e-7 * max(1.0, m.moments.v))
    if game.n > 1 and nu > 1e-2:
        _same(m.noise_corr, d.noise_corr, rel=1e-6, abs=1e-6)
        assert m.noise_rival_corr == pytest.approx(d.noise_corr[0, 1], rel=1e-6, abs=1e-6)
    # constraints and their residuals
    for key, val in d.obedience_residuals().items():
        _same(m.obedience_residuals()[key], val, rel=1e-9, abs=1e-12)
    _same(m.participation_slack, d.participation_slack)
    assert m.min_eigenvalue() == pytest.approx(d.min_eigenvalue(), abs=1e-9)
    for obedience in (True, False):
        for ic in (True, False):
            got, want = verify(m, obedience, ic), verify(d, obedience, ic)
            assert got.keys() == want.keys()
            for key in want:
                assert got[key] == pytest.approx(want[key], rel=1e-9, abs=1e-9), key
    # values of every objective
    assert m.welfare() == pytest.approx(d.welfare(), **TOL)
    assert m.revenue() == pytest.approx(d.revenue(), **TOL)
    if game.market:
        assert m.consumer_surplus() == pytest.approx(d.consumer_surplus(), **TOL)
    for i in {0, game.n - 1}:
        assert m.value(md.objectives.player_payoff(game, i)) == pytest.approx(
            d.value(md.objectives.player_payoff(dense_g, i)), **TOL)
    custom = np.random.default_rng(game.n).normal(size=(game.size, game.size))
    assert m.value(custom) == pytest.approx(d.value(custom), **TOL)
    # rents, payments, threats
    _same(m.ex_ante_rent, d.ex_ante_rent), _same(m.zero_action_type, d.zero_action_type)
    _same(m.off_path_interaction, d.off_path_interaction)
    _same(m.off_path_action, d.off_path_action)
    t = np.array([-1.0, 0.3, 2.0])
    for i in {0, game.n - 1}:
        _same(m.expected_action(i, t), d.expected_action(i, t))
        _same(m.interim_rent(i, t), d.interim_rent(i, t))
        _same(m.interim_utility(i, t), d.interim_utility(i, t))
        _same(m.payment(i, t), d.payment(i, t))


@settings(**SETTINGS)
@given(games(), st.sampled_from(["welfare", "revenue"]), st.sampled_from(["symmetric", "analytic"]))
def test_design_on_structured_and_dense_game_agree(game, objective, method):
    """Same status and value from the structured game and its dense copy (SDP route)."""
    if method == "analytic" and (game.n < 2 or game.gamma == 0):
        return
    res = md.design(game, objective, method=method)
    dense = md.design(dense_game(game), objective, method="sdp")
    assert isinstance(res.mechanism, SymmetricMechanism)
    assert res.status == "optimal", res.message
    if abs(game.gamma) < 1e-6 and game.gamma != 0:
        # the dense certificate cannot converge when the interaction is this faint (the IC
        # and type-obedience multipliers diverge): it must then say so, not claim optimal
        assert dense.status in ("optimal", "optimal_inaccurate"), dense.message
    else:
        assert dense.status == "optimal", dense.message
    assert res.value == pytest.approx(dense.value, rel=1e-6, abs=1e-6)
    d = dense_mechanism(res.mechanism)
    assert res.value == pytest.approx(md.objectives.resolve(d.game, objective).evaluate(d), **TOL)
    for key, val in verify(d, True, True).items():
        assert res.residuals[key] == pytest.approx(val, rel=1e-9, abs=1e-12), key
    assert res.mechanism.is_incentive_compatible() == d.is_incentive_compatible()


def test_consumer_surplus_route_on_markets_agrees_with_sdp():
    for game in (md.games.cournot(4, 0.5, 10, 4, 2, 1), md.games.bertrand(4, 0.2, 10, 4, 2, 1)):
        res = md.design(game, "consumer_surplus")
        dense = md.design(dense_game(game), "consumer_surplus", method="sdp")
        assert res.status == dense.status == "optimal"
        assert res.value == pytest.approx(dense.value, rel=1e-6)


def test_heterogeneous_market_stays_dense():
    game = md.games.cournot(3, 0.5, 10, 4, [1.0, 2.0, 3.0], 1.0)
    assert not isinstance(game, SymmetricLQGame) and not game.is_symmetric
    assert isinstance(md.games.cournot(3, 0.5, 10, 4, [2.0, 2.0, 2.0], [1.0] * 3), SymmetricLQGame)


# ------------------------------------------------------------------ sampling
@pytest.mark.parametrize("kappa_sign", [1, -1])
def test_samples_have_the_mechanism_moments(kappa_sign):
    """Monte Carlo mean and covariance of sample() against mean and cov (4 standard errors)."""
    game = md.LQGame.symmetric(4, -0.2, 1.0, 0.8, 0.5, 1.5, -0.3, 0.7)
    p, n = game.params, game.n
    ws, wo, wr, nu = 0.4, 0.9, -0.2, 0.3
    kappa = kappa_sign * 0.25 * nu            # negative: ν + (n−1)κ = 0.25 ν > 0
    m = SymmetricMechanism(game, mean_action=0.2, s=ws * p.state_var, d=wo * p.type_var,
                           e=wr * p.type_var,
                           v=ws ** 2 * p.state_var + (wo ** 2 + (n - 1) * wr ** 2) * p.type_var + nu,
                           c=ws ** 2 * p.state_var + (2 * wo * wr + (n - 2) * wr ** 2) * p.type_var + kappa)
    size = 200_000
    z = m.sample(size, rng=3)
    assert z.shape == (size, game.size)
    sd = np.sqrt(np.diag(m.cov))
    se_mean = sd / np.sqrt(size)
    assert np.all(np.abs(z.mean(axis=0) - m.mean) < 4 * se_mean)
    emp = np.cov(z, rowvar=False)
    se_cov = np.sqrt((np.outer(sd, sd) ** 2 + m.cov ** 2) / size)
    assert np.all(np.abs(emp - m.cov) < 4 * se_cov + 1e-12)


def test_sampling_is_linear_in_n():
    """Draws of a game far beyond the dense limit cost O(n) memory: a few times the draws."""
    import tracemalloc
    game = md.LQGame.symmetric(200_000, -0.5 / 199_999, 1, 1, 0, 1, 0, 1)
    res = md.design(game, "welfare")
    tracemalloc.start()
    z = res.mechanism.sample(4, rng=0)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert z.shape == (4, game.size)
    assert peak < 5 * z.nbytes


# ------------------------------------------------------------------ dense requests
def test_dense_requests_beyond_the_limit_state_the_memory():
    n = DENSE_MAX_N + 1
    game = md.games.cournot(n, 0.5 / n, 10, 4, 2, 1)
    res = md.design(game, "revenue")
    assert res.status == "optimal"
    m = res.mechanism
    requests = [lambda: game.interaction, lambda: game.prior.cov, lambda: game.prior.type_cov,
                lambda: game.welfare_matrix, lambda: game.payoff_matrix(0),
                lambda: game.market.surplus_matrix, lambda: md.objectives.welfare(game).matrix,
                lambda: m.cov, lambda: m.noise_cov, lambda: m.noise_corr, lambda: m.weights.types,
                lambda: m.weights.rival_types]
    for request in requests:
        with pytest.raises(ValueError, match=rf"n={n} players .* would need [0-9.]+ [kMGT]?B of memory; "
                                             rf"dense matrices are built only for n <= {DENSE_MAX_N}"):
            request()
    assert md.objectives.player_payoff(game, 0).coefficients is not None


def test_structured_game_and_mechanism_pickle():
    import pickle
    game = md.games.bertrand(10 ** 5, 0.2 / 10 ** 5, 10, 4, 2, 1)
    m = md.design(game, "consumer_surplus").mechanism
    back = pickle.loads(pickle.dumps(m))
    assert isinstance(back.game, SymmetricLQGame) and back.moments == m.moments
    assert back.consumer_surplus() == m.consumer_surplus()
    assert len(pickle.dumps(m)) < 10_000


@pytest.mark.parametrize("objective, obedience, ic", [("welfare", True, False), ("welfare", False, True),
                                                      ("revenue", False, True), ("welfare", False, False)])
def test_structured_and_dense_agree_without_ic_and_under_delegation(objective, obedience, ic):
    for game in (md.LQGame.symmetric(5, -0.15, 1.0, 0.7, 0.4, 1.2, -0.3, 0.6),
                 md.games.beauty_contest(4, 0.3, 1.0, 1.0, 0.5, 2.0)):
        for method in ("symmetric", "analytic"):
            if method == "analytic" and not ic:
                continue
            res = md.design(game, objective, obedience=obedience, ic=ic, method=method)
            dense = md.design(dense_game(game), objective, obedience=obedience, ic=ic, method="sdp")
            assert res.status == dense.status == "optimal", (method, res.message, dense.message)
            assert res.value == pytest.approx(dense.value, rel=1e-6, abs=1e-7)
            d = dense_mechanism(res.mechanism)
            for key, val in verify(d, obedience, ic).items():
                assert res.residuals[key] == pytest.approx(val, rel=1e-9, abs=1e-12), key


def test_structured_objects_refuse_what_they_cannot_hold():
    game = md.LQGame.symmetric(3, 0.1)
    with pytest.raises(TypeError, match="'prior' parameter of SymmetricLQGame must be a SymmetricPrior"):
        SymmetricLQGame(3, 0.1, 1.0, 1.0, dense_game(game).prior)
    asym = md.LQGame(1.0, [1.0, 0.5], np.array([[0, -0.2], [-0.1, 0]]), md.GaussianPrior(0, 1, [0, 0], np.eye(2)))
    with pytest.raises(ValueError, match="'game' parameter of SymmetricMechanism must be a symmetric game"):
        SymmetricMechanism(asym, mean_action=0, s=0, d=1, e=0, v=1, c=0)
    with pytest.raises(ValueError, match="'v' parameter of SymmetricMechanism must be a finite"):
        SymmetricMechanism(game, mean_action=0, s=0, d=1, e=0, v=np.nan, c=0)
