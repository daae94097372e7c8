"""Bad input: a ValueError naming the parameter, its value and the admissible range."""

from __future__ import annotations

import numpy as np
import pytest

import mechdesign as md


@pytest.mark.parametrize("kwargs, match", [
    (dict(n=3, gamma=0.7), r"'gamma' parameter of LQGame.symmetric for n=3 must be a float in the "
                           r"open interval \(-1, 0.5\); outside it the obedient set is unbounded "
                           r"\(data-monetization Remark 3\)\. Got 0.7 instead"),
    (dict(n=2, gamma=-1.0), r"'gamma'.*\(-1, 1\).*Got -1.0"),
    (dict(n=0, gamma=0.1), r"'n' parameter of LQGame.symmetric must be an integer in the range \[1, inf\)\. Got 0"),
    (dict(n=2.5, gamma=0.1), r"'n'.*Got 2.5"),
    (dict(n=2, gamma=0.1, state_var=-1.0), r"'state_var' parameter of LQGame.symmetric.*\(0, inf\).*Got -1.0"),
    (dict(n=2, gamma=0.1, type_var=0.0), r"'type_var' parameter of LQGame.symmetric must be a float in the open interval \(0, inf\).*Got 0.0"),
    (dict(n=2, gamma=float("nan")), r"'gamma'.*finite"),
])
def test_symmetric_game_rejects(kwargs, match):
    with pytest.raises(ValueError, match=match):
        md.LQGame.symmetric(**kwargs)


def test_prior_rejects_indefinite_covariance_with_its_eigenvalue():
    with pytest.raises(ValueError, match=r"'type_cov'.*positive semidefinite.*smallest eigenvalue is -1"):
        md.GaussianPrior(0.0, 1.0, [0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]])
    with pytest.raises(ValueError, match=r"'type_cov'.*symmetric"):
        md.GaussianPrior(0.0, 1.0, [0.0, 0.0], [[1.0, 0.5], [0.0, 1.0]])
    with pytest.raises(ValueError, match=r"'type_cov'.*2x2 matrix.*shape \(3, 3\)"):
        md.GaussianPrior(0.0, 1.0, [0.0, 0.0], np.eye(3))


def test_game_rejects_mismatched_dimensions_and_self_interaction():
    prior = md.GaussianPrior(0.0, 1.0, [0.0, 0.0], np.eye(2))
    with pytest.raises(ValueError, match=r"'interaction'.*2x2 matrix.*shape \(3, 3\)"):
        md.LQGame(1.0, 1.0, np.zeros((3, 3)), prior)
    with pytest.raises(ValueError, match=r"'interaction'.*zero diagonal"):
        md.LQGame(1.0, 1.0, np.eye(2), prior)
    with pytest.raises(ValueError):
        md.LQGame([1.0, 1.0, 1.0], 1.0, np.zeros((2, 2)), prior)


def test_singular_best_response_system():
    prior = md.GaussianPrior(0.0, 1.0, [0.0, 0.0], np.eye(2))
    game = md.LQGame(1.0, 1.0, np.array([[0.0, 1.0], [1.0, 0.0]]), prior)
    with pytest.raises(ValueError, match="I - G singular"):
        md.design(game, "welfare")


@pytest.mark.parametrize("maker, kwargs, match", [
    (md.games.cournot, dict(n=3, delta=1.5), r"'delta' parameter of games.cournot .*\[-0.5, 1\].*Got 1.5"),
    (md.games.cournot, dict(n=3, delta=-0.6), r"'delta'.*Got -0.6"),
    (md.games.bertrand, dict(n=3, delta=0.5), r"'delta' parameter of games.bertrand .*\[-1, 0.5\).*Got 0.5"),
])
def test_market_constructors(maker, kwargs, match):
    with pytest.raises(ValueError, match=match):
        maker(demand_mean=1.0, demand_var=1.0, cost_mean=0.0, cost_var=1.0, **kwargs)


def test_beauty_contest_rejects_r_one():
    with pytest.raises(ValueError, match=r"'r' parameter of games.beauty_contest .*\[0, 1\).*Got 1.0"):
        md.games.beauty_contest(3, 1.0, 0.0, 1.0, 0.0, 1.0)


def test_design_rejects():
    game = md.LQGame.symmetric(3, -0.3)
    with pytest.raises(ValueError, match=r"'consumer_surplus' objective needs a market game"):
        md.design(game, "consumer_surplus")
    with pytest.raises(ValueError, match=r"'objective' parameter of design must be one of"):
        md.design(game, "profit")
    with pytest.raises(ValueError, match=r"'method' parameter of design must be one of"):
        md.design(game, "welfare", method="magic")
    with pytest.raises(ValueError, match=r"'ic' parameter of design must be True with objective='revenue'"):
        md.design(game, "revenue", ic=False)
    with pytest.raises(ValueError, match=r"objective matrix must be 7x7"):
        md.design(game, np.eye(5))
    strong = md.LQGame.symmetric(3, 0.45)
    with pytest.raises(ValueError, match=r"not strictly concave in the actions"):
        md.design(strong, "welfare", obedience=False, method="sdp")
    with pytest.raises(ValueError, match=r"not strictly concave in the actions"):
        md.design(strong, "welfare", obedience=False, method="symmetric")
    asym = md.LQGame(1.0, [1.0, 0.5], np.array([[0, -0.2], [-0.1, 0]]), md.GaussianPrior(0, 1, [0, 0], np.eye(2)))
    with pytest.raises(ValueError, match=r"'game' parameter must be symmetric for method='symmetric'"):
        md.design(asym, "welfare", method="symmetric")


def test_solver_that_stops_short_is_not_optimal(monkeypatch):
    """An iteration limit is reported in status, never as optimal."""
    from mechdesign import _solve
    monkeypatch.setattr(_solve, "_ATTEMPTS", ((_solve.cp.CLARABEL, {"max_iter": 2}),))
    res = md.design(md.LQGame.symmetric(3, -0.3, state_mean=1.0), "revenue", method="sdp")
    assert res.status in ("iteration_limit", "optimal_inaccurate") and not res.success


def test_check_choice_names_parameter_choices_and_value():
    from mechdesign._validation import check_choice
    assert check_choice("qp", "method", "f", ("linear", "qp")) == "qp"
    with pytest.raises(ValueError, match=r"^The 'method' parameter of f must be one of 'linear', 'qp'\. "
                                         r"Got 'lp' instead\.$"):
        check_choice("lp", "method", "f", ("linear", "qp"))
    with pytest.raises(ValueError, match=r"^The 'root' parameter must be one of"):
        check_choice("x", "root", None, ("optimal", "printed"))
