"""method="dual" against the other routes (dual-route §3–§4).

* dual = sdp on random asymmetric games for every covered objective (hypothesis, n ≤ 12):
  values to 1e-6 relative, residuals ≤ 1e-9, a certificate that bounds the SDP optimum;
* dual = symmetric = analytic on symmetric games up to n = 200, deterministic and randomised
  (Prop 8, 9: values and residuals, the optimal mechanism is not unique there);
* phase I certifies "unbounded" where the SDP says so, and finds a start where
  y = c·q does not;
* the analytic gradient and Newton direction agree with finite differences;
* warm starts, iteration limits and the refused cases.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mechdesign as md
from mechdesign.analytic import data_monetization as dm
from mechdesign.dual import newton
from mechdesign.dual.function import DualData, Multipliers
from mechdesign.dual.phase import phase_one
from mechdesign.dual.route import solve_dual
from mechdesign.objectives import resolve
from dual_cases import random_game, random_problem

SETTINGS = dict(derandomize=True, deadline=None, max_examples=4)

COVERED = {  # name -> (objective maker, ic, zero rows, correlated, market)
    "welfare": ("welfare", True, 0, False, ""),
    "welfare, zero rows": ("welfare", True, 2, False, ""),
    "revenue": ("revenue", True, 0, False, ""),
    "revenue, zero rows": ("revenue", True, 2, False, ""),
    "cournot consumer surplus": ("consumer_surplus", True, 0, False, "cournot"),
    "bertrand consumer surplus": ("consumer_surplus", True, 0, False, "bertrand"),
    "player payoff": ("payoff", True, 1, False, ""),
    "custom": ("custom", True, 0, False, ""),
    "correlated welfare": ("welfare", False, 0, True, ""),
    "correlated custom": ("custom", False, 1, True, ""),
}


def _problem(name: str, seed: int, n: int):
    return random_problem(np.random.default_rng(seed), n, COVERED[name])


def assert_certified(res: md.DesignResult, tol: float = 1e-9) -> None:
    assert res.status == "optimal", (res.status, res.message)
    assert max(res.residuals.values()) <= tol, res.residuals
    assert res.gap <= 1e-6 and res.bound >= res.value - 1e-9 * max(1.0, abs(res.value)), res.message


@pytest.mark.parametrize("name", sorted(COVERED))
@settings(**SETTINGS)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 12))
def test_dual_equals_sdp_on_random_asymmetric_games(name, seed, n):
    game, objective, ic = _problem(name, seed, n)
    dual = md.design(game, objective, ic=ic, method="dual")
    sdp = md.design(game, objective, ic=ic, method="sdp")
    assert sdp.status == "optimal", sdp.message
    assert_certified(dual)
    scale = max(1.0, abs(sdp.value))
    assert dual.value == pytest.approx(sdp.value, abs=1e-6 * scale), (name, n, seed)
    assert dual.bound >= sdp.value - 1e-7 * scale        # the certificate bounds the SDP optimum too
    if ic:
        assert dual.mechanism.is_incentive_compatible(tol=1e-9)


def _symmetric(n, gamma, objective, ratio):
    threshold = {"welfare": dm.welfare_randomization_threshold,
                 "revenue": dm.revenue_randomization_threshold}[objective]
    kappa = float(threshold(n, gamma))
    type_var = ratio * kappa if kappa > 0 else ratio
    type_mean = 0.3 if objective == "welfare" else 0.0   # κ_R of Prop 9 is stated at μ = 0
    return md.LQGame.symmetric(n, gamma, state_mean=0.7, type_mean=type_mean, type_var=type_var)


@pytest.mark.parametrize("objective", ["welfare", "revenue"])
@pytest.mark.parametrize("n, gamma, ratio", [
    (3, -0.5, 0.5), (3, -0.5, 2.0), (5, 0.2, 1.0), (20, -0.3, 0.5), (200, -0.3, 0.5), (200, 0.003, 1.0),
])
def test_dual_equals_symmetric_and_analytic_routes(objective, n, gamma, ratio):
    """ratio < 1 puts σ_t²/σ_θ² below κ (κ_R): the randomised regime of Props 8–9."""
    game = _symmetric(n, gamma, objective, ratio)
    dual = md.design(game, objective, method="dual")
    reduced = md.design(game, objective, method="symmetric")
    closed = md.design(game, objective, method="analytic")
    assert_certified(dual)
    assert reduced.status == closed.status == "optimal", (reduced.message, closed.message)
    assert dual.value == pytest.approx(reduced.value, rel=1e-6, abs=1e-8)
    assert dual.value == pytest.approx(closed.value, rel=1e-6, abs=1e-8)
    noise = np.trace(dual.mechanism.noise_cov) / np.trace(dual.mechanism.cov[game.actions, game.actions])
    randomised = ratio < 1 and gamma < 0
    assert (noise > 1e-4) if randomised else (noise < 1e-6), noise


def _unbounded_game(n=3, gamma=0.7):
    prior = md.GaussianPrior(0.5, 1.0, np.zeros(n), np.eye(n))
    return md.LQGame(1.0, 1.0, gamma * (np.ones((n, n)) - np.eye(n)), prior)


@pytest.mark.parametrize("objective", ["welfare", "revenue"])
def test_phase_one_certifies_unbounded(objective):
    """γ = 0.7 > 1/(n−1): the obedient set is unbounded (Remark 3)."""
    game = _unbounded_game()
    dual = md.design(game, objective, method="dual")
    assert dual.status == "unbounded", dual.message
    assert md.design(game, objective, method="sdp").status == "unbounded"
    first = phase_one(DualData.from_game(game, resolve(game, objective), ic=True))
    n_dir = first.direction
    assert first.margin > 0 and n_dir is not None
    # the certificate: a noise direction N ⪰ 0 that keeps obedience (diag(A N) = 0) and
    # raises the objective (⟨K, N⟩ > 0)
    data = DualData.from_game(game, resolve(game, objective), ic=True)
    assert np.linalg.eigvalsh(n_dir)[0] > -1e-8
    assert np.max(np.abs(np.diag(data.A @ n_dir))) < 1e-7
    assert np.sum(data.K * n_dir) > 0


def test_phase_one_finds_a_start_where_scaled_actions_fail():
    """I − sym G is indefinite, yet a weighted y makes M ≻ 0: the SDP of phase I finds it."""
    g = np.array([[0.0, 3.0], [0.1, 0.0]])
    prior = md.GaussianPrior(0.3, 1.0, [0.2, -0.1], np.diag([0.5, 2.0]))
    game = md.LQGame([1.0, 0.6], [0.8, -1.1], g, prior)
    data = DualData.from_game(game, resolve(game, "welfare"), ic=True)
    assert np.linalg.eigvalsh(np.eye(2) - (g + g.T) / 2)[0] < 0
    assert phase_one(data).margin < 0
    dual = md.design(game, "welfare", method="dual")
    sdp = md.design(game, "welfare", method="sdp")
    assert_certified(dual)
    assert dual.value == pytest.approx(sdp.value, rel=1e-6)


@pytest.mark.parametrize("name", ["revenue, zero rows", "correlated custom"])
def test_gradient_and_newton_direction_match_finite_differences(name):
    game, objective, ic = _problem(name, 7, 4)
    data = DualData.from_game(game, resolve(game, objective), ic=ic)
    start = phase_one(data).start
    v, mu, eps = newton.pack(start), 0.05, 1e-6
    central, blocks = newton.derivatives(data, v, mu)
    free = np.concatenate([np.ones(2 * data.n, bool), data.ic, data.rent])
    basis = np.eye(v.size)[free]
    numeric = [(newton.barrier_value(data, v + eps * e, mu) - newton.barrier_value(data, v - eps * e, mu))
               / (2 * eps) for e in basis]
    assert np.allclose(numeric, central.gradient[free], rtol=1e-5, atol=1e-6)
    step = newton.newton_direction(data, v, mu, central, blocks)
    ahead = newton.derivatives(data, v + eps * step, mu)[0].gradient
    behind = newton.derivatives(data, v - eps * step, mu)[0].gradient
    # the Hessian-vector product along Δ is −∇φ (exact Newton step), up to the primal-dual
    # curvatures of the IC and rent multipliers, which equal the barrier's at a centred point
    assert np.allclose(((ahead - behind) / (2 * eps))[: 2 * data.n], -central.gradient[: 2 * data.n],
                       rtol=1e-4, atol=1e-6)


def test_warm_start_reaches_the_same_optimum_in_fewer_steps():
    game = random_game(np.random.default_rng(3), 15, zero_rows=1)
    first = solve_dual(game, "revenue")
    prior = game.prior
    moved = md.LQGame(game.alpha * 1.02, game.beta, game.interaction,
                      md.GaussianPrior(prior.state_mean, prior.state_var * 1.05, prior.type_mean, prior.type_cov))
    cold = solve_dual(moved, "revenue")
    warm = solve_dual(moved, "revenue", start=first.restart)
    assert_certified(cold.result)
    assert_certified(warm.result)
    assert warm.result.value == pytest.approx(cold.result.value, rel=1e-7)
    assert warm.iterations < cold.iterations


def test_iteration_limit_is_never_optimal():
    game = random_game(np.random.default_rng(4), 6)
    res = solve_dual(game, "revenue", max_iter=3).result
    assert res.status == "iteration_limit"
    assert "certified relative gap" in res.message


def test_auto_takes_the_dual_route_for_asymmetric_obedient_games():
    game = random_game(np.random.default_rng(5), 4)
    assert md.design(game, "welfare").method == "dual"
    assert md.design(md.LQGame.symmetric(3, -0.3), "welfare").method == "symmetric"
    assert md.design(game, "welfare", obedience=False, ic=False).method == "sdp"


def test_delegation_is_refused_with_the_route_to_use():
    game = random_game(np.random.default_rng(6), 3)
    with pytest.raises(ValueError, match=r"'obedience' parameter of design must be True for "
                                         r"method='dual'.*use method='sdp'"):
        md.design(game, "welfare", obedience=False, method="dual")


def test_bad_start_and_limits_are_refused():
    game = random_game(np.random.default_rng(8), 3)
    with pytest.raises(ValueError, match="'start' parameter of solve_dual must hold four arrays of shape"):
        solve_dual(game, start=Multipliers.zeros(4))
    with pytest.raises(TypeError, match="'start' parameter of solve_dual must be Multipliers"):
        solve_dual(game, start=np.zeros(12))
    with pytest.raises(ValueError, match="'max_iter' parameter of solve_dual"):
        solve_dual(game, max_iter=0)


def test_correlated_types_with_ic_are_refused():
    game = random_game(np.random.default_rng(9), 3, correlated=True)
    with pytest.raises(ValueError, match="'ic' parameter of design must be False"):
        md.design(game, "welfare", method="dual")
