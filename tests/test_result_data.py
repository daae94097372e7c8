"""Results as data: pickling, independence, to_dict, save/load JSON and summary()."""

from __future__ import annotations

import json
import pickle

import cvxpy as cp
import numpy as np
import pytest

import mechdesign as md
from mechdesign.result_summary import multipliers
from mechdesign.serialize import game_from_dict, game_to_dict

COURNOT = dict(n=3, delta=0.6, demand_mean=10, demand_var=4, cost_mean=2, cost_var=1)


def _asymmetric() -> md.LQGame:
    g = np.array([[0.0, 0.3, -0.2], [0.1, 0.0, 0.25], [-0.3, 0.2, 0.0]])
    prior = md.GaussianPrior(1.0, 2.0, np.array([0.5, 0.0, -0.5]), np.diag([1.0, 2.0, 0.5]))
    return md.LQGame(np.array([1.0, 0.8, 1.2]), np.array([1.0, -0.7, 0.9]), g, prior)


CASES = {
    "symmetric": lambda: md.design(md.games.cournot(**COURNOT), "revenue", method="symmetric"),
    "sdp": lambda: md.design(md.games.cournot(**{**COURNOT, "delta": -0.4}), "consumer_surplus",
                             method="sdp"),
    "analytic": lambda: md.design(md.games.cournot(**COURNOT), "welfare", method="analytic"),
    "asymmetric": lambda: md.design(_asymmetric(), "revenue"),
    "delegation": lambda: md.design(md.games.bertrand(n=2, delta=0.4, demand_mean=3, demand_var=1,
                                                      cost_mean=1, cost_var=1), "welfare",
                                    obedience=False, ic=False),
    "failed": lambda: md.DesignResult("infeasible", "CLARABEL: infeasible", None, None, "welfare", "sdp"),
}


def _same_result(a: md.DesignResult, b: md.DesignResult) -> None:
    assert (a.status, a.message, a.objective, a.method, a.solver) == (b.status, b.message, b.objective,
                                                                      b.method, b.solver)
    assert a.value == b.value and a.solve_time == b.solve_time
    assert dict(a.residuals) == dict(b.residuals)
    np.testing.assert_equal([a.bound, a.gap], [b.bound, b.gap])
    if a.mechanism is None:
        assert b.mechanism is None
        return
    np.testing.assert_array_equal(a.mechanism.cov, b.mechanism.cov)
    np.testing.assert_array_equal(a.mechanism.mean, b.mechanism.mean)
    assert game_to_dict(a.mechanism.game) == game_to_dict(b.mechanism.game)
    assert b.mechanism.welfare() == pytest.approx(a.mechanism.welfare(), rel=1e-15)


@pytest.mark.parametrize("case", CASES)
def test_pickle_round_trip(case) -> None:
    res = CASES[case]()
    back = pickle.loads(pickle.dumps(res))
    _same_result(res, back)
    if res.mechanism is not None:
        assert not back.mechanism.cov.flags.writeable and not back.mechanism.mean.flags.writeable
        m = pickle.loads(pickle.dumps(res.mechanism))
        np.testing.assert_array_equal(m.weights.types, res.mechanism.weights.types)
    if res.problem is not None:
        assert isinstance(back.problem, cp.Problem) and back.problem is not res.problem
        for mine, theirs in zip(res.problem.variables(), back.problem.variables()):
            np.testing.assert_array_equal(mine.value, theirs.value)
        assert multipliers(back.problem).keys() == multipliers(res.problem).keys()
        for label, dual in multipliers(res.problem).items():
            np.testing.assert_array_equal(multipliers(back.problem)[label], dual)
    # the cvxpy problem travels with SDP results; the other routes have none to share
    assert (res.problem is not None) == (res.method == "sdp" and case != "failed") or case == "failed"


def test_pickled_game_and_markets() -> None:
    for game in (md.games.cournot(**COURNOT), _asymmetric(), md.games.beauty_contest(4, 0.5, 0, 1, 0, 1)):
        back = pickle.loads(pickle.dumps(game))
        assert game_to_dict(back) == game_to_dict(game)
        assert md.design(back, "welfare").value == pytest.approx(md.design(game, "welfare").value, rel=1e-12)
        arrays = [back.alpha, back.beta, back.interaction, back.prior.type_mean,
                  back.prior.type_cov, *([back.market.surplus_matrix] if back.market else [])]
        for array in arrays:                     # a restored game is as immutable as the original
            with pytest.raises(ValueError, match="read-only"):
                array[(0,) * array.ndim] = 1.0


def test_sdp_results_share_nothing() -> None:
    first = md.design(md.games.cournot(**COURNOT), "welfare", method="sdp")
    value, cov = first.problem.value, first.mechanism.cov.copy()
    second = md.design(md.games.cournot(**{**COURNOT, "delta": 0.1}), "welfare", method="sdp")
    assert first.problem is not second.problem
    assert first.problem.value == value
    np.testing.assert_array_equal(first.mechanism.cov, cov)
    with pytest.raises(ValueError):
        first.mechanism.cov[0, 0] = 1.0          # read-only: a user cannot change a result


def test_pickled_copy_is_independent_of_later_solves() -> None:
    first = md.design(md.games.cournot(**COURNOT), "welfare", method="sdp")
    frozen = pickle.loads(pickle.dumps(first))
    values = [v.value.copy() for v in frozen.problem.variables()]
    md.design(md.games.cournot(**{**COURNOT, "delta": 0.1}), "welfare", method="sdp")
    for var, value in zip(frozen.problem.variables(), values):
        np.testing.assert_array_equal(var.value, value)


def test_symmetric_results_share_no_problem() -> None:
    first = md.design(md.games.cournot(**COURNOT), "welfare", method="symmetric")
    value, moments = first.value, first.mechanism.cov.copy()
    md.design(md.games.cournot(**{**COURNOT, "delta": 0.1}), "welfare", method="symmetric")
    assert first.problem is None                      # the compiled program stays private
    assert first.value == value and np.array_equal(first.mechanism.cov, moments)


@pytest.mark.parametrize("case", CASES)
def test_to_dict_is_plain_json_and_save_load_round_trips(case, tmp_path) -> None:
    res = CASES[case]()
    data = res.to_dict()
    text = json.dumps(data, allow_nan=False)                   # plain types, strict JSON
    assert json.loads(text) == data
    if res.mechanism is not None:
        game = res.mechanism.game
        assert data["game"]["n"] == game.n
        assert data["game"]["prior"]["state_var"] == game.prior.state_var
        np.testing.assert_array_equal(data["game"]["interaction"], game.interaction)
        if game.market is not None:
            assert data["game"]["market"]["delta"] == game.market.delta
    back = md.load(md.save(res, tmp_path / "result.json"))
    assert back.problem is None
    _same_result(res, back)


def test_game_dict_rebuilds_through_validation() -> None:
    data = game_to_dict(md.games.cournot(**COURNOT))
    data["prior"]["state_var"] = -1.0
    with pytest.raises(ValueError, match="'state_var' parameter of GaussianPrior"):
        game_from_dict(data)


def test_save_refuses_other_objects(tmp_path) -> None:
    with pytest.raises(TypeError, match="'result' parameter of save"):
        md.save({"status": "optimal"}, tmp_path / "x.json")


def test_summary_reports_binding_participation_and_multipliers() -> None:
    """The consumer-surplus designer of a Cournot market with complements (δ = −0.4) puts
    no weight on the rivals' types, so d = βσ_t² and participation binds
    (data-monetization §2.4 C: the vertical axis x = 0 needs no transfers)."""
    res = CASES["sdp"]()
    text = res.summary()
    for word in ("consumer_surplus", "optimal", "sdp", f"{res.value:.6g}", "multiplier", "<LQGame n=3"):
        assert word in text
    duals = multipliers(res.problem)
    assert set(duals) == {"obedience_action", "obedience_type", "participation"}
    scale = res.mechanism.game.beta ** 2 * res.mechanism.game.prior.type_var
    rows = [line.split() for line in text.splitlines() if line.startswith("participation ")]
    assert len(rows) == 3
    for i, row in enumerate(rows):
        assert row[1] == str(i)
        assert row[3] == ("yes" if res.mechanism.participation_slack[i] / scale[i] <= 1e-6 else "no")
        assert row[3] == "yes"
        assert float(row[4]) == pytest.approx(duals["participation"][i], rel=1e-5)
    obedience = [line.split() for line in text.splitlines() if line.startswith("obedience_type ")]
    assert [float(r[4]) for r in obedience] == pytest.approx(duals["obedience_type"], rel=1e-5)


def test_summary_without_labelled_constraints_omits_multipliers() -> None:
    res = CASES["symmetric"]()
    text = res.summary()
    assert "multiplier" not in text and "participation" in text
    rows = [line.split() for line in text.splitlines() if line.startswith("participation ")]
    assert [r[3] for r in rows] == ["no"] * 3          # the revenue optimum leaves slack here
    assert "Message" not in text


def test_summary_of_a_failure_and_of_delegation() -> None:
    text = CASES["failed"]().summary()
    assert "infeasible" in text and "CLARABEL: infeasible" in text and "player" not in text
    text = CASES["delegation"]().summary()
    assert "no obedience or participation constraint imposed" in text
