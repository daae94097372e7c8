"""Three routes to one optimum: closed form (analytic), reduced program (symmetric) and
full covariance SDP, across whole parameter grids (data-monetization §2.4, §3, §5.2)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mechdesign as md
from mechdesign.analytic import data_monetization as dm
from conftest import normalised_game

SETTINGS = dict(derandomize=True, deadline=None)

# objective -> (design objective, game kind, obedience, admissible γ interval as f(n))
OBJECTIVES = {
    "welfare": ("welfare", "plain", True, lambda n: (-1.0, 1.0 / (n - 1))),
    "revenue": ("revenue", "plain", True, lambda n: (-1.0, 1.0 / (n - 1))),
    "cournot": ("consumer_surplus", "cournot", True, lambda n: (-0.5, 0.5 / (n - 1))),
    "bertrand": ("consumer_surplus", "bertrand", True, lambda n: (0.0, 0.5 / (n - 1))),
    "delegated revenue": ("revenue", "plain", False, lambda n: (-0.5, 0.5 / (n - 1))),
    "delegated welfare": ("welfare", "plain", False, lambda n: (-0.5, 0.5 / (n - 1))),
}


@st.composite
def problems(draw, max_n: int):
    name = draw(st.sampled_from(sorted(OBJECTIVES)))
    objective, kind, obedience, interval = OBJECTIVES[name]
    n = draw(st.integers(2, max_n))
    low, high = interval(n)
    side = draw(st.sampled_from([-1, 1])) if low < 0 else 1
    share = draw(st.floats(0.03, 0.97))
    gamma = share * (high if side > 0 else low)
    s2th = 10 ** draw(st.floats(-1, 1))
    ratio = 10 ** draw(st.floats(-2, 2))                       # four decades of σ_t²/σ_θ²
    mu_th, mu_t = draw(st.floats(-2, 2)), draw(st.floats(-2, 2))
    game = normalised_game(kind, n, gamma, s2th, ratio * s2th, mu_th, mu_t)
    return name, game, objective, obedience


def _close(a, b, label):
    assert a.status == b.status == "optimal", (label, a.status, a.message, b.status, b.message)
    assert a.value == pytest.approx(b.value, rel=1e-6, abs=1e-8), (label, a.value, b.value)


@settings(max_examples=60, **SETTINGS)
@given(problems(max_n=50))
def test_analytic_equals_symmetric(problem):
    name, game, objective, obedience = problem
    analytic = md.design(game, objective, obedience=obedience, method="analytic")
    reduced = md.design(game, objective, obedience=obedience, method="symmetric")
    _close(analytic, reduced, (name, repr(game), game.gamma))


@settings(max_examples=30, **SETTINGS)
@given(problems(max_n=12))
def test_analytic_equals_full_sdp(problem):
    name, game, objective, obedience = problem
    analytic = md.design(game, objective, obedience=obedience, method="analytic")
    full = md.design(game, objective, obedience=obedience, method="sdp")
    _close(analytic, full, (name, repr(game), game.gamma))


def test_auto_takes_the_symmetric_route_only_for_symmetric_games():
    assert md.design(md.LQGame.symmetric(3, -0.3), "welfare").method == "symmetric"
    asym = md.LQGame(1.0, [1.0, 0.5], np.array([[0, -0.2], [-0.1, 0]]),
                     md.GaussianPrior(0, 1, [0, 0], np.eye(2)))
    assert md.design(asym, "welfare").method == "dual"
    custom = np.zeros((7, 7))
    custom[4, 4] = -1.0                                       # not permutation invariant
    assert md.design(md.LQGame.symmetric(3, -0.3), custom).method == "sdp"


def _noise(res) -> float:
    m = res.mechanism
    return float(np.mean(np.diag(m.noise_cov)) / np.mean(np.diag(m.cov)[m.game.actions]))


@pytest.mark.parametrize("method", ["symmetric", "sdp"])
@pytest.mark.parametrize("objective, threshold, n, gamma", [
    ("welfare", dm.welfare_randomization_threshold, 3, -0.5),
    ("welfare", dm.welfare_randomization_threshold, 5, -0.3),
    ("revenue", dm.revenue_randomization_threshold, 3, -0.5),
    ("revenue", dm.revenue_randomization_threshold, 3, -0.3),
])
def test_randomization_thresholds_bracketed_numerically(objective, threshold, n, gamma, method):
    """S4: just below κ (κ_R at μ = 0) the numeric optimum is randomized, just above it is not."""
    kappa = threshold(n, gamma)
    below = md.design(md.LQGame.symmetric(n, gamma, type_var=0.9 * kappa), objective, method=method)
    above = md.design(md.LQGame.symmetric(n, gamma, type_var=1.1 * kappa), objective, method=method)
    assert _noise(below) > 1e-4
    assert _noise(above) < 1e-6


@pytest.mark.parametrize("method", ["symmetric", "sdp"])
@pytest.mark.parametrize("n", [2, 3, 5])
def test_cournot_complementarity_threshold_bracketed_numerically(n, method):
    """S4 / Prop 11: for 0 < γ ≤ γ̄ the consumer optimum is SO (deterministic), above γ̄ it is
    randomized (the bracket runs the other way round from κ, see the closing note)."""
    bar = dm.cournot_complementarity_threshold(n)
    res = {}
    for label, gamma in (("below", 0.9 * bar), ("above", 1.1 * bar)):
        game = normalised_game("cournot", n, gamma, 1.0, 1.0, 1.0, 0.5)
        res[label] = md.design(game, "consumer_surplus", method=method)
    assert _noise(res["below"]) < 1e-6
    assert _noise(res["above"]) > 1e-4


def test_thresholds_reject_swapped_arguments():
    with pytest.raises(ValueError, match=r"'n' parameter"):
        dm.welfare_randomization_threshold(-0.5, 3)


def test_tiny_type_variance_matches_closed_form():
    """σ_t² = 1e-4 against σ_θ² = 1: the scaled SDP still matches to 1e-6 (§5.2 notes)."""
    for gamma, objective in [(-0.5, "welfare"), (-0.5, "revenue"), (0.2, "welfare"), (0.2, "revenue")]:
        game = md.LQGame.symmetric(3, gamma, state_mean=1.0, type_mean=0.5, type_var=1e-4)
        closed = md.design(game, objective, method="analytic")
        for method in ("sdp", "symmetric"):
            res = md.design(game, objective, method=method)
            _close(closed, res, (gamma, objective, method))


@settings(max_examples=15, **SETTINGS)
@given(st.integers(2, 6), st.floats(0.05, 0.95), st.sampled_from([-1, 1]),
       st.floats(-1.0, 1.0))
def test_prop10_ordering_and_mean_monotonicity_numerically(n, share, side, log_ratio):
    """S9 on the symmetric route: γx^CI ≤ γx^R(0) ≤ γx^W, y^W ≤ y^R(0) ≤ y^CI, and γx^R grows
    with |μ| (Prop 10)."""
    gamma = share * (1 / (n - 1) if side > 0 else -1.0)
    r = 10 ** log_ratio

    def weights(objective, mean):
        m = md.design(md.LQGame.symmetric(n, gamma, state_mean=mean, type_var=r), objective,
                      method="symmetric").mechanism
        return gamma * m.weights.types[0, 1], m.weights.state[0]

    gx_w, y_w = weights("welfare", 0.0)
    gx_r, y_r = weights("revenue", 0.0)
    ci = md.reference_mechanisms.complete_information(md.LQGame.symmetric(n, gamma, type_var=r))
    gx_ci, y_ci = gamma * ci.weights.types[0, 1], ci.weights.state[0]
    tol = 1e-4
    assert gx_ci <= gx_r + tol and gx_r <= gx_w + tol
    assert y_w <= y_r + tol and y_r <= y_ci + tol
    gx_r_mean, _ = weights("revenue", 2.0)
    assert gx_r_mean >= gx_r - tol
