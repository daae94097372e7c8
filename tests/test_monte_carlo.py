"""Monte Carlo checks, independent of the moment equations (STYLE §10).

Samples of a solved mechanism must (1) obey each player's best response given what the
player knows, (a_i, t_i), checked by least squares on the draws, and (2) make truth-telling
followed by obedience optimal: misreporting the type and then playing the optimal
deviation a_i + β_i(t_i − t̂_i) (data-monetization eq. 16) must not raise the payoff net of
the Prop 5 payment.
"""

from __future__ import annotations

import numpy as np
import pytest

import mechdesign as md
from conftest import normalised_game

SIZE = 400_000


def _games():
    asym = md.LQGame(np.array([1.0, 0.8, 0.6]), np.array([1.0, -0.7, 0.5]),
                     np.array([[0.0, -0.3, 0.1], [-0.2, 0.0, -0.25], [0.15, -0.1, 0.0]]),
                     md.GaussianPrior(1.0, 1.5, [0.5, -0.2, 0.3], np.diag([0.5, 1.0, 2.0])))
    return {"W1 welfare": (normalised_game("plain", 2, 0.3, 1, 1, 1, 0.5), "welfare"),
            "W3 interior welfare": (normalised_game("plain", 3, -0.5, 1, 0.01, 0, 0), "welfare"),
            "R4 revenue": (normalised_game("plain", 3, -0.2, 1, 1, 3, 2), "revenue"),
            "asymmetric revenue": (asym, "revenue")}


CASES = _games()


@pytest.mark.parametrize("case", list(CASES))
def test_samples_obey_best_response(case):
    game, objective = CASES[case]
    m = md.design(game, objective, method="sdp").mechanism
    z = m.sample(SIZE, rng=7)
    theta, t, a = z[:, 0], z[:, game.types], z[:, game.actions]
    for i in range(game.n):
        target = game.alpha[i] * theta + game.beta[i] * t[:, i] + a @ game.interaction[i]
        mu_a, mu_t = m.mean_actions[i], game.prior.type_mean[i]
        design = np.column_stack([np.ones(SIZE), a[:, i] - mu_a, t[:, i] - mu_t])
        coef, *_ = np.linalg.lstsq(design, target, rcond=None)
        resid_sd = np.std(target - design @ coef)
        se = resid_sd / np.sqrt(SIZE) / np.std(design, axis=0).clip(1e-300)
        # E[target | a_i, t_i] = a_i: intercept μ_a, slope 1 on a_i, 0 on t_i
        assert abs(coef[0] - mu_a) < 5 * resid_sd / np.sqrt(SIZE) + 1e-9, (case, i, coef)
        assert abs(coef[1] - 1) < 5 * se[1] + 1e-9, (case, i, coef)
        assert abs(coef[2]) < 5 * se[2] + 1e-9, (case, i, coef)


@pytest.mark.parametrize("case", ["W1 welfare", "R4 revenue", "asymmetric revenue"])
def test_misreporting_then_deviating_does_not_pay(case):
    game, objective = CASES[case]
    m = md.design(game, objective, method="sdp").mechanism
    z = m.sample(SIZE, rng=11)
    theta, a = z[:, 0], z[:, game.actions]
    for i in range(game.n):
        report = z[:, 1 + i]                       # the mechanism runs on the reported type
        sd = np.sqrt(game.prior.type_var[i])
        rival = a @ game.interaction[i]
        for shift in (-1.0, -0.4, 0.4, 1.0):
            true_type = report + shift * sd
            action = a[:, i] + game.beta[i] * (true_type - report)        # eq. (16)
            payoff = action * (game.alpha[i] * theta + game.beta[i] * true_type + rival) - action ** 2 / 2
            gain = payoff - m.payment(i, report) - m.interim_rent(i, true_type)
            mean_gain, se = gain.mean(), gain.std() / np.sqrt(SIZE)
            # exact expected gain: −(β d/σ² − β²) Δ²/2 ≤ 0 (Prop 4), a second route
            curvature = game.beta[i] * m.cov_action_type[i] / game.prior.type_var[i] - game.beta[i] ** 2
            assert mean_gain < 5 * se, (case, i, shift, mean_gain, se)
            assert mean_gain == pytest.approx(-curvature * (shift * sd) ** 2 / 2, abs=5 * se)


def test_payments_integrate_to_revenue_by_monte_carlo():
    game, _ = CASES["asymmetric revenue"]
    m = md.design(game, "revenue", method="sdp").mechanism
    z = m.sample(SIZE, rng=3)
    paid = sum(m.payment(i, z[:, 1 + i]) for i in range(game.n))
    assert paid.mean() == pytest.approx(m.revenue(), abs=5 * paid.std() / np.sqrt(SIZE))


def test_interim_utility_matches_samples():
    game, _ = CASES["W1 welfare"]
    m = md.design(game, "welfare", method="sdp").mechanism
    z = m.sample(SIZE, rng=5)
    theta, t, a = z[:, 0], z[:, 1], z[:, game.actions]
    u0 = a[:, 0] * (theta + t + a @ game.interaction[0]) - a[:, 0] ** 2 / 2
    # regress u0 on (1, t, t²): the interim utility is a quadratic in t
    basis = np.column_stack([np.ones(SIZE), t - 0.5, (t - 0.5) ** 2])
    coef, *_ = np.linalg.lstsq(basis, u0, rcond=None)
    grid = np.linspace(-1, 2, 7)
    fitted = np.column_stack([np.ones(7), grid - 0.5, (grid - 0.5) ** 2]) @ coef
    assert fitted == pytest.approx(m.interim_utility(0, grid), rel=0.02, abs=0.02)
