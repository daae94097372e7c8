"""Bad input: a ValueError (TypeError for a wrong type) naming the parameter, its value and
the admissible range — the whole table of bad calls as one parametrised test."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mechdesign as md
from mechdesign.game import DENSE_MEMORY_LIMIT, check_dense_size
from mechdesign.mechanism import GaussianMechanism
from mechdesign.objectives import player_payoff, quadratic

NAN, INF = float("nan"), float("inf")
PRIOR2 = md.GaussianPrior(0.0, 1.0, [0.0, 0.0], np.eye(2))
GAME = md.LQGame.symmetric(3, -0.3, state_mean=1.0, type_mean=0.5)
GAME2 = md.LQGame.symmetric(2, 0.2)
MECH = md.design(GAME, "revenue", method="analytic").mechanism
COV = np.array(MECH.cov)


def _prior(**kw):
    args = dict(state_mean=0.0, state_var=1.0, type_mean=[0.0, 0.0], type_cov=np.eye(2))
    return md.GaussianPrior(**{**args, **kw})


def _game(**kw):
    args = dict(alpha=1.0, beta=1.0, interaction=[[0.0, -0.2], [-0.2, 0.0]], prior=PRIOR2)
    return md.LQGame(**{**args, **kw})


def _symmetric(**kw):
    return md.LQGame.symmetric(**{"n": 3, "gamma": 0.1, **kw})


def _cournot(**kw):
    args = dict(n=3, delta=0.5, demand_mean=10.0, demand_var=4.0, cost_mean=2.0, cost_var=1.0)
    return md.games.cournot(**{**args, **kw})


def _bertrand(**kw):
    args = dict(n=2, delta=0.4, demand_mean=2.0, demand_var=4.0, cost_mean=1.0, cost_var=4.0)
    return md.games.bertrand(**{**args, **kw})


def _design(**kw):
    return md.design(**{"game": GAME, "objective": "welfare", **kw})


def case(call, error, match, id):
    return pytest.param(call, error, match, id=id)


V, T = ValueError, TypeError
BAD_CALLS = [
    # ---------------------------------------------------------------- GaussianPrior
    case(lambda: _prior(state_mean=NAN), V, r"'state_mean' parameter of GaussianPrior must be a finite real number\. Got nan", "prior-state_mean-nan"),
    case(lambda: _prior(state_mean=None), T, r"'state_mean' parameter of GaussianPrior must be a real number\. Got None", "prior-state_mean-none"),
    case(lambda: _prior(state_mean="0"), T, r"'state_mean' parameter of GaussianPrior must be a real number\. Got '0'", "prior-state_mean-str"),
    case(lambda: _prior(state_mean=1 + 1j), T, r"'state_mean' parameter of GaussianPrior must be a real number\. Got \(1\+1j\)", "prior-state_mean-complex"),
    case(lambda: _prior(state_var=INF), V, r"'state_var' parameter of GaussianPrior must be a finite real number\. Got inf", "prior-state_var-inf"),
    case(lambda: _prior(state_var=True), T, r"'state_var' parameter of GaussianPrior must be a real number\. Got True", "prior-state_var-bool"),
    case(lambda: _prior(state_var=0.0), V, r"'state_var' parameter of GaussianPrior must be a float in the open interval \(0, inf\)\. Got 0.0", "prior-state_var-zero"),
    case(lambda: _prior(type_mean=[0.0, NAN]), V, r"'type_mean' parameter of GaussianPrior must be finite\. Got 'an array with nan", "prior-type_mean-nan"),
    case(lambda: _prior(type_mean=["a", "b"]), T, r"'type_mean' parameter of GaussianPrior must be a real number or an array of real numbers\. Got 'an array of dtype <U1'", "prior-type_mean-str"),
    case(lambda: _prior(type_mean=None), T, r"'type_mean' parameter of GaussianPrior must be a real number.*Got None", "prior-type_mean-none"),
    case(lambda: _prior(type_mean=[]), V, r"'type_mean' parameter of GaussianPrior must be a 1-d array with one entry per player.*shape \(0,\)", "prior-type_mean-empty"),
    case(lambda: _prior(type_mean=[[0.0, 0.0]]), V, r"'type_mean' parameter of GaussianPrior must be a 1-d array.*shape \(1, 2\)", "prior-type_mean-2d"),
    case(lambda: _prior(type_cov=np.eye(2) * (1 + 1j)), T, r"'type_cov' parameter of GaussianPrior must be a real number or an array of real numbers\. Got 'an array of dtype complex128'", "prior-type_cov-complex"),
    case(lambda: _prior(type_cov=[[1.0, 1.0], [1.0, 1.0]]), V, r"'type_cov' parameter of GaussianPrior must be positive definite\. Got 'a matrix whose smallest eigenvalue is 0'", "prior-type_cov-singular"),
    case(lambda: _prior(type_cov=[[1.0, 2.0], [2.0, 1.0]]), V, r"'type_cov' parameter of GaussianPrior must be positive definite\. Got 'a matrix whose smallest eigenvalue is -1'", "prior-type_cov-indefinite"),
    case(lambda: _prior(type_cov=[[1.0, 0.5], [0.0, 1.0]]), V, r"'type_cov' parameter of GaussianPrior must be symmetric", "prior-type_cov-asymmetric"),
    case(lambda: _prior(type_cov=[[1.0, NAN], [NAN, 1.0]]), V, r"'type_cov' parameter of GaussianPrior must be finite", "prior-type_cov-nan"),
    case(lambda: _prior(type_cov=np.eye(3)), V, r"'type_cov' parameter of GaussianPrior must be a 2x2 matrix\. Got 'array of shape \(3, 3\)'", "prior-type_cov-size"),
    case(lambda: _prior(type_cov=None), T, r"'type_cov' parameter of GaussianPrior must be a real number.*Got None", "prior-type_cov-none"),
    case(lambda: _prior(type_cov=[[1.0], [0.0, 1.0]]), V, r"'type_cov' parameter of GaussianPrior must be a rectangular array", "prior-type_cov-ragged"),
    case(lambda: _prior(type_cov=np.diag([1.0, 0.0])), V, r"'type_cov' parameter of GaussianPrior must have a positive diagonal.*Got variance 0.0 for player 1", "prior-type_cov-zero-variance"),
    # ---------------------------------------------------------------- LQGame
    case(lambda: _game(alpha=NAN), V, r"'alpha' parameter of LQGame must be finite\. Got nan", "game-alpha-nan"),
    case(lambda: _game(alpha=[1.0, 1.0, 1.0]), V, r"'alpha' parameter of LQGame must be a scalar or a 1-d array of length 2\. Got 'array of shape \(3,\)'", "game-alpha-length"),
    case(lambda: _game(beta=[1.0]), V, r"'beta' parameter of LQGame must be a scalar or a 1-d array of length 2\. Got 'array of shape \(1,\)'", "game-beta-length"),
    case(lambda: _game(beta=[1.0, INF]), V, r"'beta' parameter of LQGame must be finite", "game-beta-inf"),
    case(lambda: _game(alpha="1"), T, r"'alpha' parameter of LQGame must be a real number.*Got '1'", "game-alpha-str"),
    case(lambda: _game(alpha=None), T, r"'alpha' parameter of LQGame must be a real number.*Got None", "game-alpha-none"),
    case(lambda: _game(interaction=np.array([[0, -0.2j], [-0.2j, 0]])), T, r"'interaction' parameter of LQGame must be a real number or an array of real numbers\. Got 'an array of dtype complex128'", "game-interaction-complex"),
    case(lambda: _game(interaction=[[0.0, NAN], [0.1, 0.0]]), V, r"'interaction' parameter of LQGame must be finite", "game-interaction-nan"),
    case(lambda: _game(interaction=np.zeros((3, 3))), V, r"'interaction' parameter of LQGame must be a 2x2 matrix\. Got 'array of shape \(3, 3\)'", "game-interaction-size"),
    case(lambda: _game(interaction=np.eye(2)), V, r"'interaction' parameter of LQGame must have a zero diagonal.*Got diagonal", "game-interaction-diagonal"),
    case(lambda: _game(interaction=[[0.0, 1.0], [1.0, 0.0]]), V, r"'interaction' parameter of LQGame must be such that I - G is invertible.*Got 'I - G with smallest singular value", "game-interaction-singular"),
    case(lambda: _game(interaction=[[0.0, -1.0], [-1.0, 0.0]]), V, r"'interaction' parameter of LQGame must be such that I - G is invertible", "game-interaction-singular-substitutes"),
    case(lambda: _game(prior=None), T, r"'prior' parameter of LQGame must be a GaussianPrior\. Got None", "game-prior-none"),
    case(lambda: _game(market="cournot"), T, r"'market' parameter of LQGame must be a Market\. Got 'cournot'", "game-market-str"),
    case(lambda: _game(market=md.Market("cournot", 0.5, np.eye(7))), V, r"'market' parameter of LQGame for n=2 \(its surplus_matrix over state, types, actions\) must be a 5x5 matrix\. Got 'array of shape \(7, 7\)'", "game-market-size"),
    case(lambda: md.Market("monopoly", 0.5, np.eye(5)), V, r"'kind' parameter of Market must be one of 'cournot', 'bertrand'\. Got 'monopoly'", "market-kind"),
    case(lambda: md.Market("cournot", NAN, np.eye(5)), V, r"'delta' parameter of Market must be a finite real number\. Got nan", "market-delta-nan"),
    # ---------------------------------------------------------------- LQGame.symmetric
    case(lambda: _symmetric(n=3, gamma=0.7), V, r"'gamma' parameter of LQGame.symmetric for n=3 must be a float in the open interval \(-1, 0.5\); outside it the obedient set is unbounded \(data-monetization Remark 3\)\. Got 0.7 instead", "symmetric-gamma-range"),
    case(lambda: _symmetric(n=2, gamma=-1.0), V, r"'gamma' parameter of LQGame.symmetric for n=2 .*\(-1, 1\).*Got -1.0", "symmetric-gamma-edge"),
    case(lambda: _symmetric(gamma=NAN), V, r"'gamma' parameter of LQGame.symmetric for n=3 must be a finite real number\. Got nan", "symmetric-gamma-nan"),
    case(lambda: _symmetric(gamma="0.1"), T, r"'gamma' parameter of LQGame.symmetric for n=3 must be a real number\. Got '0.1'", "symmetric-gamma-str"),
    case(lambda: _symmetric(gamma=None), T, r"'gamma' parameter of LQGame.symmetric for n=3 must be a real number\. Got None", "symmetric-gamma-none"),
    case(lambda: _symmetric(n=0), V, r"'n' parameter of LQGame.symmetric must be an integer in the range \[1, inf\)\. Got 0", "symmetric-n-zero"),
    case(lambda: _symmetric(n=1, gamma="x"), T, r"'gamma' parameter of LQGame.symmetric for n=1 must be a real number\. Got 'x'", "symmetric-n1-gamma-str"),
    case(lambda: _symmetric(n=2.5), V, r"'n' parameter of LQGame.symmetric must be an integer in the range \[1, inf\)\. Got 2.5", "symmetric-n-fraction"),
    case(lambda: _symmetric(n="3"), T, r"'n' parameter of LQGame.symmetric must be an integer.*Got '3'", "symmetric-n-str"),
    case(lambda: _symmetric(n=None), T, r"'n' parameter of LQGame.symmetric must be an integer.*Got None", "symmetric-n-none"),
    case(lambda: _symmetric(n=True), T, r"'n' parameter of LQGame.symmetric must be an integer.*Got True", "symmetric-n-bool"),
    # a symmetric game is structured at any n; a market whose firms differ is dense
    case(lambda: md.games.cournot(n=100_000, delta=0.0, demand_mean=1.0, demand_var=1.0, cost_mean=0.0,
                                  cost_var=np.linspace(1.0, 2.0, 100_000)), V,
         r"'n' parameter of games.cournot must be an integer in the range \[1, 4378\]; its dense matrices .* would take 522 GiB, above mechdesign.game.DENSE_MEMORY_LIMIT = 1 GiB\. Got 100000", "dense-market-n-too-large"),
    case(lambda: _symmetric(alpha=INF), V, r"'alpha' parameter of LQGame.symmetric must be a finite real number\. Got inf", "symmetric-alpha-inf"),
    case(lambda: _symmetric(beta="1"), T, r"'beta' parameter of LQGame.symmetric must be a real number\. Got '1'", "symmetric-beta-str"),
    case(lambda: _symmetric(state_var=-1.0), V, r"'state_var' parameter of LQGame.symmetric must be a float in the open interval \(0, inf\)\. Got -1.0", "symmetric-state_var-negative"),
    case(lambda: _symmetric(type_var=0.0), V, r"'type_var' parameter of LQGame.symmetric must be a float in the open interval \(0, inf\)\. Got 0.0", "symmetric-type_var-zero"),
    case(lambda: _symmetric(type_mean=[0.0, 1.0]), T, r"'type_mean' parameter of LQGame.symmetric must be a real number\. Got \[0.0, 1.0\]", "symmetric-type_mean-list"),
    case(lambda: _symmetric(state_mean=NAN), V, r"'state_mean' parameter of LQGame.symmetric must be a finite real number\. Got nan", "symmetric-state_mean-nan"),
    # ---------------------------------------------------------------- games
    case(lambda: _cournot(delta=1.5), V, r"'delta' parameter of games.cournot must be a float in the closed interval \[-0.5, 1\].*Got 1.5", "cournot-delta-range"),
    case(lambda: _cournot(delta=NAN), V, r"'delta' parameter of games.cournot must be a finite real number\. Got nan", "cournot-delta-nan"),
    case(lambda: _cournot(cost_mean=[1.0, 2.0]), V, r"'cost_mean' parameter of games.cournot must be a scalar or a 1-d array of length 3\. Got 'array of shape \(2,\)'", "cournot-cost_mean-length"),
    case(lambda: _cournot(demand_var=0.0), V, r"'demand_var' parameter of games.cournot must be a float in the open interval \(0, inf\)\. Got 0.0", "cournot-demand_var-zero"),
    case(lambda: _cournot(demand_mean="10"), T, r"'demand_mean' parameter of games.cournot must be a real number\. Got '10'", "cournot-demand_mean-str"),
    case(lambda: _bertrand(delta=0.5, n=3), V, r"'delta' parameter of games.bertrand must be a float in the half-open interval \[-1, 0.5\).*Got 0.5", "bertrand-delta-range"),
    case(lambda: _bertrand(cost_var=[1.0, -1.0]), V, r"'cost_var' parameter of games.bertrand must be a float in the open interval \(0, inf\)\. Got -1.0", "bertrand-cost_var-negative"),
    case(lambda: md.games.beauty_contest(3, 1.0, 0.0, 1.0, 0.0, 1.0), V, r"'r' parameter of games.beauty_contest must be a float in the half-open interval \[0, 1\).*Got 1.0", "beauty-r-one"),
    case(lambda: md.games.beauty_contest(3, "0.5", 0.0, 1.0, 0.0, 1.0), T, r"'r' parameter of games.beauty_contest must be a real number\. Got '0.5'", "beauty-r-str"),
    # ---------------------------------------------------------------- objectives
    case(lambda: player_payoff(GAME, 1.5), V, r"'i' parameter of player_payoff must be an integer in the range \[0, 2\]\. Got 1.5", "payoff-i-fraction"),
    case(lambda: player_payoff(GAME, "0"), T, r"'i' parameter of player_payoff must be an integer in the range \[0, 2\]\. Got '0'", "payoff-i-str"),
    case(lambda: player_payoff(GAME, -1), V, r"'i' parameter of player_payoff must be an integer in the range \[0, 2\]\. Got -1", "payoff-i-negative"),
    case(lambda: player_payoff(GAME, 3), V, r"'i' parameter of player_payoff must be an integer in the range \[0, 2\]\. Got 3", "payoff-i-too-large"),
    case(lambda: player_payoff(GAME, True), T, r"'i' parameter of player_payoff must be an integer.*Got True", "payoff-i-bool"),
    case(lambda: player_payoff(None, 0), T, r"'game' parameter of player_payoff must be a LQGame\. Got None", "payoff-game-none"),
    case(lambda: md.objectives.welfare(None), T, r"'game' parameter of objectives.welfare must be a LQGame\. Got None", "welfare-game-none"),
    case(lambda: md.objectives.consumer_surplus("cournot"), T, r"'game' parameter of objectives.consumer_surplus must be a LQGame\. Got 'cournot'", "consumer_surplus-game-str"),
    case(lambda: MECH.value("profit"), V, r"'objective' parameter of GaussianMechanism.value must be one of .*Got 'profit'", "mechanism-value-unknown"),
    case(lambda: MECH.value(np.eye(5)), V, r"'objective' parameter of GaussianMechanism.value must be a 7x7 matrix.*Got shape \(5, 5\)", "mechanism-value-size"),
    case(lambda: md.Objective("mine", np.full((7, 7), NAN)), V, r"'matrix' parameter of Objective must be finite", "objective-class-nan"),
    case(lambda: md.Objective("mine", np.eye(7), minus_rent="yes"), T, r"'minus_rent' parameter of Objective must be a bool \(True or False\)\. Got 'yes'", "objective-class-minus_rent-str"),
    case(lambda: md.Objective(None, np.eye(7)), T, r"'name' parameter of Objective must be a str\. Got None", "objective-class-name-none"),
    case(lambda: quadratic(np.full((7, 7), NAN)), V, r"'matrix' parameter of quadratic must be finite", "quadratic-nan"),
    case(lambda: quadratic(np.eye(6)), V, r"'matrix' parameter of quadratic must be a \(2n\+1\)x\(2n\+1\) matrix.*shape \(6, 6\)", "quadratic-even"),
    case(lambda: quadratic(np.eye(7) * 1j), T, r"'matrix' parameter of quadratic must be a real number or an array of real numbers", "quadratic-complex"),
    case(lambda: quadratic(np.ones(7)), V, r"'matrix' parameter of quadratic must be a square matrix\. Got 'array of shape \(7,\)'", "quadratic-vector"),
    # ---------------------------------------------------------------- design arguments
    case(lambda: _design(obedience="no"), T, r"'obedience' parameter of design must be a bool \(True or False\)\. Got 'no'", "design-obedience-str"),
    case(lambda: _design(ic="no"), T, r"'ic' parameter of design must be a bool \(True or False\)\. Got 'no'", "design-ic-str"),
    case(lambda: _design(obedience=None), T, r"'obedience' parameter of design must be a bool.*Got None", "design-obedience-none"),
    case(lambda: _design(ic=1), T, r"'ic' parameter of design must be a bool.*Got 1", "design-ic-int"),
    case(lambda: _design(ic="no", method="sdp"), T, r"'ic' parameter of design must be a bool.*Got 'no'", "design-sdp-ic-str"),
    case(lambda: _design(ic="no", method="symmetric"), T, r"'ic' parameter of design must be a bool.*Got 'no'", "design-symmetric-ic-str"),
    case(lambda: _design(ic="no", method="analytic"), T, r"'ic' parameter of design must be a bool.*Got 'no'", "design-analytic-ic-str"),
    case(lambda: md.build_program(GAME, "welfare", obedience="false"), T, r"'obedience' parameter of design must be a bool.*Got 'false'", "build_program-obedience-str"),
    case(lambda: _design(method="magic"), V, r"'method' parameter of design must be one of 'auto', 'sdp', 'symmetric', 'analytic'.*\. Got 'magic'", "design-method-unknown"),
    case(lambda: _design(method=None), V, r"'method' parameter of design must be one of .*Got None", "design-method-none"),
    case(lambda: _design(method=["sdp"]), V, r"'method' parameter of design must be one of .*Got \['sdp'\]", "design-method-list"),
    case(lambda: _design(objective="profit"), V, r"'objective' parameter of design must be one of \('welfare', 'revenue', 'consumer_surplus'\).*Got 'profit'", "design-objective-unknown"),
    case(lambda: _design(objective=None), T, r"'objective' parameter of design must be one of .*Got None", "design-objective-none"),
    case(lambda: _design(objective=3), T, r"'objective' parameter of design must be one of .*Got 3", "design-objective-int"),
    case(lambda: _design(objective=np.eye(5)), V, r"'objective' parameter of design must be a 7x7 matrix .*for n=3.*Got shape \(5, 5\)", "design-objective-size"),
    case(lambda: _design(objective=np.full((7, 7), NAN)), V, r"'objective' parameter of design must be finite", "design-objective-nan"),
    case(lambda: _design(objective=np.eye(7) * 1j), T, r"'objective' parameter of design must be a real number or an array", "design-objective-complex"),
    case(lambda: _design(objective=player_payoff(GAME2, 0)), V, r"'objective' parameter of design must be a 7x7 matrix.*Got shape \(5, 5\)", "design-objective-other-game"),
    case(lambda: _design(game=None), T, r"'game' parameter of design must be a LQGame\. Got None", "design-game-none"),
    case(lambda: md.build_program("cournot"), T, r"'game' parameter of design must be a LQGame\. Got 'cournot'", "build_program-game-str"),
    case(lambda: md.design(_bertrand(delta=-0.2), "consumer_surplus", method="analytic"), V, r"'delta' parameter of games.bertrand for method='analytic' with n=2 must be a float in the open interval \(0, 1\);.*use method='sdp'.*Got -0.2", "analytic-bertrand-delta-negative"),
    case(lambda: md.design(md.LQGame.symmetric(1, 0.0), "welfare", method="analytic"), V, r"'game' parameter of design for method='analytic' must be a symmetric game with n >= 2 and gamma != 0.*use method='symmetric' or 'sdp'\. Got n=1, gamma=0", "analytic-n-one"),
    case(lambda: md.design(md.LQGame.symmetric(3, 0.0), "welfare", method="analytic"), V, r"'game' parameter of design for method='analytic' must be a symmetric game with n >= 2 and gamma != 0.*Got n=3, gamma=0", "analytic-gamma-zero"),
    # ---------------------------------------------------------------- reference mechanisms
    case(lambda: md.reference_mechanisms.linear_mechanism(GAME, [1.0, 2.0], np.eye(3)), V, r"'state_weights' parameter of linear_mechanism must be a scalar or a 1-d array of length 3", "linear_mechanism-state-length"),
    case(lambda: md.reference_mechanisms.linear_mechanism(GAME, 0.0, np.eye(2)), V, r"'type_weights' parameter of linear_mechanism must be a 3x3 matrix", "linear_mechanism-type-size"),
    case(lambda: md.reference_mechanisms.linear_mechanism(GAME, [0.0, NAN, 0.0], np.eye(3)), V, r"'state_weights' parameter of linear_mechanism must be finite", "linear_mechanism-nan"),
    # ---------------------------------------------------------------- mechanism
    case(lambda: MECH.is_obedient("x"), T, r"'tol' parameter of GaussianMechanism.is_obedient must be a real number\. Got 'x'", "is_obedient-tol-str"),
    case(lambda: MECH.is_incentive_compatible(-1e-7), V, r"'tol' parameter of GaussianMechanism.is_incentive_compatible must be a float in the open interval \(0, inf\)\. Got -1e-07", "is_ic-tol-negative"),
    case(lambda: MECH.payment(-1, 0.0), V, r"'i' parameter of GaussianMechanism.payment must be an integer in the range \[0, 2\]\. Got -1", "payment-i-negative"),
    case(lambda: MECH.payment(3, 0.0), V, r"'i' parameter of GaussianMechanism.payment must be an integer in the range \[0, 2\]\. Got 3", "payment-i-too-large"),
    case(lambda: MECH.payment(0.5, 0.0), V, r"'i' parameter of GaussianMechanism.payment must be an integer.*Got 0.5", "payment-i-fraction"),
    case(lambda: MECH.payment("0", 0.0), T, r"'i' parameter of GaussianMechanism.payment must be an integer.*Got '0'", "payment-i-str"),
    case(lambda: MECH.payment(0, NAN), V, r"'t' parameter of GaussianMechanism.payment must be finite\. Got nan", "payment-t-nan"),
    case(lambda: MECH.payment(0, None), T, r"'t' parameter of GaussianMechanism.payment must be a real number.*Got None", "payment-t-none"),
    case(lambda: MECH.payment(0, "1.5"), T, r"'t' parameter of GaussianMechanism.payment must be a real number.*Got '1.5'", "payment-t-str"),
    case(lambda: MECH.interim_rent(-1, 0.0), V, r"'i' parameter of GaussianMechanism.interim_rent must be an integer in the range \[0, 2\]\. Got -1", "interim_rent-i-negative"),
    case(lambda: MECH.interim_rent(0, [0.0, INF]), V, r"'t' parameter of GaussianMechanism.interim_rent must be finite", "interim_rent-t-inf"),
    case(lambda: MECH.interim_utility(3, 0.0), V, r"'i' parameter of GaussianMechanism.interim_utility must be an integer in the range \[0, 2\]\. Got 3", "interim_utility-i-too-large"),
    case(lambda: MECH.interim_utility(-1, 0.0), V, r"'i' parameter of GaussianMechanism.interim_utility must be an integer.*Got -1", "interim_utility-i-negative"),
    case(lambda: MECH.expected_action(-1, 0.0), V, r"'i' parameter of GaussianMechanism.expected_action must be an integer in the range \[0, 2\]\. Got -1", "expected_action-i-negative"),
    case(lambda: MECH.expected_action(0, 1j), T, r"'t' parameter of GaussianMechanism.expected_action must be a real number.*Got 1j", "expected_action-t-complex"),
    case(lambda: MECH.sample(-1), V, r"'size' parameter of GaussianMechanism.sample must be an integer in the range \[0, inf\)\. Got -1", "sample-size-negative"),
    case(lambda: GaussianMechanism(GAME, 0.0, np.full_like(COV, NAN)), V, r"'cov' parameter of GaussianMechanism for n=3 must be finite", "mechanism-cov-nan"),
    case(lambda: GaussianMechanism(GAME, 0.0, COV * (1 + 0j)), T, r"'cov' parameter of GaussianMechanism for n=3 must be a real number or an array", "mechanism-cov-complex"),
    case(lambda: GaussianMechanism(GAME, 0.0, np.eye(5)), V, r"'cov' parameter of GaussianMechanism for n=3 must be a 7x7 matrix\. Got 'array of shape \(5, 5\)'", "mechanism-cov-size"),
    case(lambda: GaussianMechanism(GAME, [0.0, 0.0], COV), V, r"'mean_actions' parameter of GaussianMechanism must be a scalar or a 1-d array of length 3", "mechanism-mean-length"),
    case(lambda: GaussianMechanism(None, 0.0, COV), T, r"'game' parameter of GaussianMechanism must be a LQGame\. Got None", "mechanism-game-none"),
]


@pytest.mark.parametrize("call, error, match", BAD_CALLS)
def test_bad_call_is_refused_naming_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_numpy_scalars_are_accepted_where_python_ones_are():
    """np.bool_, np.int64 and np.float64 give the same results as bool, int and float."""
    py = md.LQGame.symmetric(3, -0.3, state_mean=1.0, type_mean=0.5)
    npy = md.LQGame.symmetric(np.int64(3), np.float64(-0.3), state_mean=np.float32(1.0),
                              type_mean=np.array(0.5))
    np.testing.assert_array_equal(py.interaction, npy.interaction)
    a = md.design(py, "welfare", obedience=False, ic=False, method="symmetric")
    b = md.design(npy, "welfare", obedience=np.False_, ic=np.bool_(False), method="symmetric")
    assert a.status == b.status == "optimal" and a.value == pytest.approx(b.value, rel=1e-9)
    np.testing.assert_array_equal(player_payoff(py, 1).matrix, player_payoff(py, np.int64(1)).matrix)
    assert MECH.payment(np.int64(2), np.float64(0.3)) == pytest.approx(MECH.payment(2, 0.3))
    int_matrix = np.zeros((7, 7), dtype=int)
    int_matrix[4, 4] = -1
    assert md.design(py, int_matrix, method="sdp").value == pytest.approx(
        md.design(py, int_matrix.astype(float), method="sdp").value, rel=1e-9)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 5), data=st.data())
def test_a_nonfinite_entry_anywhere_is_named(n, data):
    """One nan or ±inf in any entry of alpha, beta, G or the type means is refused by name."""
    name = data.draw(st.sampled_from(["alpha", "beta", "type_mean", "interaction"]))
    bad = data.draw(st.sampled_from([NAN, INF, -INF]))
    arrays = {"alpha": np.ones(n), "beta": np.ones(n), "type_mean": np.zeros(n),
              "interaction": -0.1 * (np.ones((n, n)) - np.eye(n))}
    flat = arrays[name].reshape(-1)
    flat[data.draw(st.integers(0, flat.size - 1))] = bad
    where = "GaussianPrior" if name == "type_mean" else "LQGame"
    with pytest.raises(ValueError, match=rf"'{name}' parameter of {where} must be finite"):
        prior = md.GaussianPrior(0.0, 1.0, arrays["type_mean"], np.eye(n))
        md.LQGame(arrays["alpha"], arrays["beta"], arrays["interaction"], prior)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 4), i=st.integers(-10, 10), t=st.floats(-5, 5))
def test_player_index_outside_the_game_is_refused(n, i, t):
    """Every per-player method accepts exactly the indices 0..n-1."""
    game = md.LQGame.symmetric(n, 0.1 if n > 1 else 0.0, state_mean=1.0, type_mean=0.5)
    mech = md.design(game, "revenue", method="symmetric").mechanism
    for method in ("payment", "interim_rent", "interim_utility", "expected_action"):
        if 0 <= i < n:
            assert np.isfinite(getattr(mech, method)(i, t))
        else:
            with pytest.raises(ValueError, match=rf"'i' parameter of GaussianMechanism.{method} "
                                                 rf"must be an integer in the range \[0, {n - 1}\]"):
                getattr(mech, method)(i, t)


def test_dense_size_limit_is_where_the_memory_exceeds_it():
    """The refused n is the first whose float64 G, type covariance, prior covariance and
    mechanism covariance together exceed the documented limit."""
    def nbytes(n):
        return 8 * (n * n + n * n + (n + 1) ** 2 + (2 * n + 1) ** 2)
    n_max = max(n for n in range(1, 10_000) if nbytes(n) <= DENSE_MEMORY_LIMIT)
    assert check_dense_size(n_max, "f") == n_max
    with pytest.raises(ValueError, match=rf"'n' parameter of f must be an integer in the range "
                                         rf"\[1, {n_max}\].*Got {n_max + 1} instead"):
        check_dense_size(n_max + 1, "f")


def test_design_rejects_problems_outside_the_model():
    game = GAME
    with pytest.raises(ValueError, match=r"'consumer_surplus' objective needs a market game"):
        md.design(game, "consumer_surplus")
    with pytest.raises(ValueError, match=r"'ic' parameter of design must be True with objective='revenue'"):
        md.design(game, "revenue", ic=False)
    strong = md.LQGame.symmetric(3, 0.45)
    with pytest.raises(ValueError, match=r"not strictly concave in the actions"):
        md.design(strong, "welfare", obedience=False, method="sdp")
    with pytest.raises(ValueError, match=r"not strictly concave in the actions"):
        md.design(strong, "welfare", obedience=False, method="symmetric")
    asym = md.LQGame(1.0, [1.0, 0.5], np.array([[0, -0.2], [-0.1, 0]]), PRIOR2)
    with pytest.raises(ValueError, match=r"'game' parameter must be symmetric for method='symmetric'"):
        md.design(asym, "welfare", method="symmetric")


def test_bertrand_substitutes_solve_numerically():
    """The analytic route refuses delta < 0 and points to method='sdp', which solves it,
    agreeing with the reduced program."""
    game = _bertrand(delta=-0.2)
    res = md.design(game, "consumer_surplus", method="sdp")
    assert res.status == "optimal"
    sym = md.design(game, "consumer_surplus", method="symmetric")
    assert sym.value == pytest.approx(res.value, rel=1e-6)


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
