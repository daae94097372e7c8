"""The dual function of mechdesign/dual/function.py against the primal SDP.

* the normalised objective equals Objective.evaluate on every mechanism (round trip);
* weak duality: D(x) ≥ the value of every feasible mechanism (benchmarks, the SDP
  optimum, SDP optima under random extra constraints) for random dual-feasible x;
* strong duality: min D (an independent cvxpy form of the dual) = the SDP optimum, and
  dual_value at that minimiser = cvxpy's value;
for threatened and unthreatened players, both signs of β, correlated types (ic=False).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mechdesign as md
from mechdesign.dual.function import (DualData, Multipliers, dual_value, mechanism, normalised,
                                      primal, primal_value)
from mechdesign.objectives import resolve
from dual_cases import dual_minimum_cvxpy, random_game, random_problem

SETTINGS = dict(derandomize=True, deadline=None, max_examples=8)

CASES = [  # (objective, ic, zero_rows, correlated, market)
    ("welfare", True, 0, False, ""),
    ("welfare", False, 1, True, ""),
    ("revenue", True, 0, False, ""),
    ("revenue", True, 2, False, ""),
    ("consumer_surplus", True, 0, False, "cournot"),
    ("consumer_surplus", False, 0, False, "bertrand"),
    ("payoff", True, 1, False, ""),
    ("custom", False, 0, True, ""),
]


def _problem(seed: int, n: int, case):
    game, objective, ic = random_problem(np.random.default_rng(seed), n, case)
    return game, resolve(game, objective), ic


def _feasible(mech, ic: bool) -> bool:
    return mech.is_obedient(1e-9) and (not ic or mech.is_incentive_compatible(1e-9))


@settings(**SETTINGS)
@given(st.integers(0, 2**32 - 1), st.integers(2, 5), st.sampled_from(CASES))
def test_normalised_objective_is_the_objective(seed, n, case):
    game, obj, ic = _problem(seed, n, case)
    data = DualData.from_game(game, obj, ic=ic)
    for make in md.reference_mechanisms.BENCHMARKS.values():
        mech = make(game)
        c, v = normalised(data, mech)
        back = mechanism(data, game, c, v)
        assert np.allclose(back.cov, mech.cov, rtol=1e-12, atol=1e-12)
        if obj.minus_rent and not np.all(np.isfinite(mech.ex_ante_rent)):
            continue
        assert primal_value(data, c, v) == pytest.approx(obj.evaluate(mech), rel=1e-10, abs=1e-10)


@settings(**SETTINGS)
@given(st.integers(0, 2**32 - 1), st.integers(2, 5), st.sampled_from(CASES))
def test_strong_and_weak_duality(seed, n, case):
    game, obj, ic = _problem(seed, n, case)
    sdp = md.design(game, obj, ic=ic, method="sdp")
    if sdp.status == "unbounded":
        return
    assert sdp.status == "optimal", sdp.message
    data = DualData.from_game(game, obj, ic=ic)
    best, x = dual_minimum_cvxpy(data)
    scale = max(1.0, abs(sdp.value))
    assert best == pytest.approx(sdp.value, abs=1e-6 * scale)            # strong duality
    assert dual_value(data, x) == pytest.approx(best, abs=1e-7 * scale)   # D as cvxpy writes it

    rng = np.random.default_rng(seed)
    feasible = [sdp.mechanism] + [make(game) for make in md.reference_mechanisms.BENCHMARKS.values()]
    for _ in range(2):  # SDP optima with a random extra linear constraint on Σ_aa
        prog = md.build_program(game, obj, ic=ic)
        i, j = rng.integers(n, size=2)
        cap = float(sdp.mechanism.cov[game.n + 1 + i, game.n + 1 + j]) - rng.uniform(0.01, 0.3)
        res = prog.with_constraints(prog.cov[game.n + 1 + i, game.n + 1 + j] <= cap).solve()
        if res.mechanism is not None:
            feasible.append(res.mechanism)
    values = [obj.evaluate(m) for m in feasible if _feasible(m, ic)]
    assert values
    tried = 0
    for size in (1e-3, 1e-1, 1.0, 10.0):  # random dual-feasible points around the optimum
        for _ in range(3):
            step = Multipliers(*(size * rng.normal(size=n) for _ in range(4)))
            pt = Multipliers(x.y + step.y, x.z + step.z, np.abs(x.w + step.w), x.lam + step.lam)
            bound = dual_value(data, pt)
            if np.isfinite(bound):
                tried += 1
                assert bound >= max(values) - 1e-7 * scale
    assert tried > 0


@settings(**SETTINGS)
@given(st.integers(0, 2**32 - 1), st.integers(2, 5), st.sampled_from(CASES))
def test_primal_point_has_the_dual_value_at_the_optimum(seed, n, case):
    """At the dual minimiser, (C, V) = primal(x) is the optimum: its value is min D."""
    game, obj, ic = _problem(seed, n, case)
    data = DualData.from_game(game, obj, ic=ic)
    best, x = dual_minimum_cvxpy(data)
    if not np.isfinite(best):
        return
    c, v = primal(data, x)
    mech = mechanism(data, game, c, v)
    assert mech.min_eigenvalue() > -1e-7
    assert mech.is_obedient(1e-4)
    assert primal_value(data, c, v) == pytest.approx(best, rel=1e-4, abs=1e-4)


def test_infeasible_multipliers_give_an_infinite_bound():
    game = random_game(np.random.default_rng(0), 4, zero_rows=1)
    data = DualData.from_game(game, resolve(game, "revenue"), ic=True)
    best, x = dual_minimum_cvxpy(data)
    assert np.isfinite(dual_value(data, x))
    assert dual_value(data, Multipliers(x.y, x.z, x.w - 1.0, x.lam)) == np.inf
    kappa_negative = -(data.q + 1.0) * data.beta
    assert dual_value(data, Multipliers(x.y, x.z, x.w, kappa_negative)) == np.inf
    assert dual_value(data, Multipliers(-1e3 * np.ones(4), x.z, x.w, x.lam)) == np.inf


def test_from_game_refuses_a_name():
    game = random_game(np.random.default_rng(1), 3)
    with pytest.raises(TypeError, match="'objective' parameter of DualData.from_game"):
        DualData.from_game(game, "welfare", ic=True)
