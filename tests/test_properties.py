"""Property tests over random admissible games (hypothesis, derandomized).

* every solution is PSD with obedience residuals below 1e-7;
* its value is at least that of every feasible benchmark mechanism (no information,
  state only, type only, complete information);
* for symmetric games the full SDP and the reduced program agree to 1e-6;
* the general (asymmetric) formulas reduce to the symmetric ones of reference §2.2–§2.3.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mechdesign as md
from mechdesign import symmetric
from dual_cases import random_game

SETTINGS = dict(derandomize=True, deadline=None, max_examples=25)


@st.composite
def symmetric_games(draw):
    n = draw(st.integers(2, 8))
    low, high = -1.0, 1.0 / (n - 1)
    gamma = draw(st.floats(low + 0.05, high - 0.05).filter(lambda g: abs(g) > 1e-3))
    kind = draw(st.sampled_from(["plain", "cournot", "bertrand"]))
    s2th = 10 ** draw(st.floats(-1, 1))
    s2t = s2th * 10 ** draw(st.floats(-2, 2))
    mu_th, mu_t = draw(st.floats(-2, 2)), draw(st.floats(-2, 2))
    if kind == "cournot" and -1 / (n - 1) <= -2 * gamma <= 1:
        return md.games.cournot(n, -2 * gamma, mu_th, s2th, mu_t, s2t), "consumer_surplus"
    if kind == "bertrand" and -1 <= 2 * gamma < 1 / (n - 1) - 0.05:
        return md.games.bertrand(n, 2 * gamma, mu_th, s2th, mu_t, s2t), "consumer_surplus"
    return md.LQGame.symmetric(n, gamma, 1.0, 1.0, mu_th, s2th, mu_t, s2t), "welfare"


def _assert_sound(res, obedience=True):
    assert res.status == "optimal", (res.status, res.message)
    m = res.mechanism
    assert m.min_eigenvalue() > -1e-8
    if obedience:
        for label, resid in m.obedience_residuals().items():
            assert np.max(np.abs(resid)) < 1e-7, (label, resid)


def _beats_benchmarks(game, res, objective, ic=True):
    for name, make in md.reference_mechanisms.BENCHMARKS.items():
        bench = make(game)
        if ic and not bench.is_incentive_compatible(tol=1e-9):
            continue
        assert res.value >= bench.value(objective) - 1e-7 * max(1.0, abs(res.value)), (name, game)


@settings(**SETTINGS)
@given(symmetric_games(), st.sampled_from(["first", "revenue"]))
def test_symmetric_sdp_equals_reduction(case, which):
    game, first = case
    objective = first if which == "first" else "revenue"
    full = md.design(game, objective, method="sdp")
    reduced = md.design(game, objective, method="symmetric")
    _assert_sound(full)
    _assert_sound(reduced)
    assert full.value == pytest.approx(reduced.value, rel=1e-6, abs=1e-8), game
    _beats_benchmarks(game, full, objective)


@settings(**SETTINGS)
@given(st.integers(2, 5), st.integers(0, 2**32 - 1), st.sampled_from(["welfare", "revenue"]))
def test_asymmetric_games(n, seed, objective):
    game = random_game(np.random.default_rng(seed), n)
    res = md.design(game, objective)
    _assert_sound(res)
    assert res.method == "dual"
    assert res.mechanism.is_incentive_compatible(tol=1e-7)
    _beats_benchmarks(game, res, objective)


@settings(**SETTINGS)
@given(st.integers(2, 4), st.integers(0, 2**32 - 1))
def test_correlated_types_obedience_only(n, seed):
    game = random_game(np.random.default_rng(seed), n, correlated=True)
    res = md.design(game, "welfare", ic=False)
    _assert_sound(res)
    _beats_benchmarks(game, res, "welfare", ic=False)
    with pytest.raises(ValueError, match="independent types"):
        md.design(game, "welfare", ic=True)
    with pytest.raises(ValueError, match="independent types"):
        md.design(game, "revenue", ic=False)


@settings(**SETTINGS)
@given(symmetric_games())
def test_general_formulas_reduce_to_symmetric_ones(case):
    """Projected objective matrices equal the reference's per-player coefficients (§2.3)."""
    game, first = case
    prm = symmetric.SymmetricParams.from_game(game)
    for name in {first, "welfare", "revenue"}:
        projected = symmetric.project(md.objectives.resolve(game, name), prm)
        closed = symmetric.coefficients(prm, name)
        for field in ("k0", "ks", "kd", "ke", "kv", "kc", "m0", "m1", "m2"):
            assert getattr(projected, field) == pytest.approx(getattr(closed, field), rel=1e-12, abs=1e-12)
    m = md.design(game, "welfare", method="sdp").mechanism
    d, mu, s2 = m.cov_action_type[0], m.mean_actions[0], game.prior.type_var[0]
    beta = game.beta[0]
    assert m.ex_ante_rent[0] == pytest.approx(beta * s2 * mu ** 2 / (2 * d) + beta * d / 2, rel=1e-9)


def _participation_slack(game, m, i):
    """V_i(t) − U⁰_i(t) on a grid of types, for a player who cannot be threatened."""
    prior = game.prior
    t = prior.type_mean[i] + np.linspace(-6, 6, 4001) * np.sqrt(prior.type_var[i])
    reservation = 0.5 * (game.alpha[i] * prior.state_mean + game.beta[i] * t) ** 2
    return m.interim_rent(i, t) - reservation


@pytest.mark.parametrize("obedience", [True, False])
def test_unthreatened_player_participation_binds_exactly(obedience):
    """A player with a zero row of G cannot be threatened (Lemma 1): mechdesign.rents' LMI.

    Under obedience such a player's d and mean are pinned (d = βσ², μ = αμ_θ + βμ_t), so
    its rent equals its reservation utility at every type; under delegation the LMI binds
    at one type and holds at all others.
    """
    prior = md.GaussianPrior(1.0, 1.0, [0.8, 0.2, -0.3], np.diag([0.5, 1.0, 1.5]))
    g = np.array([[0.0, 0.0, 0.0], [-0.3, 0.0, -0.2], [0.2, -0.25, 0.0]])
    game = md.LQGame(1.0, [1.0, 0.8, -0.6], g, prior)
    res = md.design(game, "revenue", obedience=obedience)
    _assert_sound(res, obedience)
    m = res.mechanism
    slack = _participation_slack(game, m, 0)
    assert slack.min() > -1e-7 and slack.min() < 1e-5, slack.min()
    if obedience:
        assert np.max(np.abs(slack)) < 1e-6
    assert np.isnan(m.off_path_action[0]) and np.all(np.isfinite(m.off_path_action[1:]))


def test_single_agent_delegation_rent_lmi():
    """n = 1 has no threat; delegation revenue with the LMI equals a brute-force search."""
    game = md.LQGame.symmetric(1, 0.0, state_mean=1.0, state_var=1.0, type_mean=2.0, type_var=0.5)
    res = md.design(game, "revenue", obedience=False, method="sdp")
    _assert_sound(res, obedience=False)
    assert _participation_slack(game, res.mechanism, 0).min() > -1e-7
    # brute force over (mean, own weight) of a = μ + y(θ−μθ) + w(t−μt), y = α (first best in θ)
    mu, w = np.meshgrid(np.linspace(0, 6, 601), np.linspace(1.0, 3.0, 401))
    d, s2 = w * 0.5, 0.5
    welfare = mu * 3.0 + 1.0 + d - 0.5 * (mu ** 2 + 1.0 + w ** 2 * s2)
    z, h = 3.0, d / s2
    with np.errstate(divide="ignore", invalid="ignore"):
        level = np.where(h > 1, z ** 2 / 2 + (mu - z) ** 2 / (2 * (h - 1)), np.where(mu == z, z ** 2 / 2, np.inf))
    best = np.max(welfare - level - d / 2)
    assert res.value >= best - 1e-9
    assert res.value == pytest.approx(best, abs=2e-3)
    assert symmetric.reduced_optimum(symmetric.SymmetricParams.from_game(game),
                                     symmetric.coefficients(symmetric.SymmetricParams.from_game(game), "revenue"),
                                     obedience=False).value == pytest.approx(res.value, rel=1e-7)


def test_vertically_integrated_designer_and_custom_objective():
    game = random_game(np.random.default_rng(1), 3)
    own = md.design(game, md.objectives.player_payoff(game, 0))
    _assert_sound(own)
    welfare = md.design(game, "welfare")
    assert own.mechanism.value(md.objectives.player_payoff(game, 0)) >= \
        welfare.mechanism.value(md.objectives.player_payoff(game, 0)) - 1e-7
    custom = md.design(game, game.welfare_matrix)
    assert custom.value == pytest.approx(welfare.value, rel=1e-7)


def test_user_constraints_reach_the_cvxpy_problem():
    game = md.LQGame.symmetric(3, -0.3, state_mean=1.0, type_mean=0.5)
    prog = md.build_program(game, "welfare")
    free = prog.solve()
    capped = prog.with_constraints(prog.cov[game.actions, 0] <= 0.2).solve()
    assert capped.status == "optimal"
    assert np.all(capped.mechanism.cov[game.actions, 0] <= 0.2 + 1e-7)
    assert capped.value < free.value
