"""Certificates and the status policy: "optimal" only on evidence, every other status honest.

Each reproducer below misbehaved before certificates existed (a wrong "optimal", an
unproved "unbounded", a crash). The true optima come from independent reasoning, not from
the code: for one unthreatened player the optimum of welfare and revenue is attained by
revealing everything, so it is ½(μ² + α²σ_θ² + β²σ_t²) and α²σ_θ²/2 (the rent equals
the reservation utility ½E(αμ_θ + βt)²; DESIGN.md §5, mechdesign.rents).
"""

from __future__ import annotations

import importlib

import cvxpy as cp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mechdesign as md
from mechdesign.analytic.data_monetization.cases import CASES
from mechdesign.evidence import failure_status
from mechdesign.result import relative_gap

ROUTES = ("sdp", "symmetric", "analytic", "dual")


def _designs(game, objective, **kw):
    """Every route that accepts the problem."""
    out = []
    for method in ROUTES:
        try:
            out.append(md.design(game, objective, method=method, **kw))
        except ValueError:
            continue
    return out


def _honest(res, truth: float) -> None:
    """The bound never undercuts the optimum; "optimal" means the value is the optimum."""
    assert res.bound >= truth * (1 - 1e-9) - 1e-12, (res.method, res.bound, truth)
    if res.status == "optimal":
        assert res.value == pytest.approx(truth, rel=2e-6), (res.method, res.message)
        assert res.gap <= 1e-6


def test_single_player_revenue_is_never_a_wrong_optimal():
    game = md.LQGame.symmetric(1, 0.0, alpha=0.5, beta=-60, state_var=0.2, type_mean=100, type_var=20)
    for res in _designs(game, "revenue"):
        _honest(res, 0.5 ** 2 * 0.2 / 2)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(alpha=st.sampled_from([-2.0, 0.1, 0.5, 3.0]), beta=st.sampled_from([-60.0, -1.0, 0.3, 8.0]),
       state_var=st.sampled_from([1e-3, 0.2, 5.0]), type_var=st.sampled_from([1e-2, 1.0, 20.0]),
       type_mean=st.sampled_from([0.0, 5.0, 100.0]), objective=st.sampled_from(["welfare", "revenue"]))
def test_single_player_round_numbers(alpha, beta, state_var, type_var, type_mean, objective):
    game = md.LQGame.symmetric(1, 0.0, alpha=alpha, beta=beta, state_var=state_var,
                               type_mean=type_mean, type_var=type_var)
    mean = beta * type_mean
    truth = (alpha ** 2 * state_var / 2 if objective == "revenue"
             else (mean ** 2 + alpha ** 2 * state_var + beta ** 2 * type_var) / 2)
    for method in ("symmetric", "sdp"):
        _honest(md.design(game, objective, method=method), truth)


def test_tiny_variances_large_means_revenue():
    game = md.LQGame.symmetric(3, 0.1, alpha=0.01, beta=0.01, state_mean=1000, type_mean=1000,
                               state_var=0.01, type_var=0.01)
    truth = md.design(game, "revenue", method="analytic")
    assert truth.status == "optimal" and truth.gap <= 1e-6
    for res in _designs(game, "revenue"):
        _honest(res, truth.value)


def test_delegation_revenue_with_an_infinite_rent_is_not_optimal():
    game = md.LQGame.symmetric(1, 0.0, alpha=-0.1, state_mean=-1000, state_var=1e-4, type_var=0.3)
    for res in _designs(game, "revenue", obedience=False):
        if res.status == "optimal":
            assert np.all(np.isfinite(res.mechanism.ex_ante_rent))
        _honest(res, 0.1 ** 2 * 1e-4 / 2)


@pytest.mark.parametrize("gamma", [0.999, -0.999])
def test_near_edge_games_are_not_unbounded(gamma):
    game = md.LQGame.symmetric(2, gamma)
    truth = md.design(game, "welfare", method="analytic")
    assert truth.status == "optimal"
    for res in _designs(game, "welfare"):
        assert res.status not in ("unbounded", "infeasible"), (res.method, res.message)
        _honest(res, truth.value)


def test_unbounded_only_with_a_proof():
    n = 3
    game = md.LQGame(1.0, 1.0, 0.8 * (np.ones((n, n)) - np.eye(n)),
                     md.GaussianPrior(0, 1, np.zeros(n), np.eye(n)))
    for method in ("sdp", "symmetric", "dual"):
        res = md.design(game, "welfare", method=method)
        assert res.status == "unbounded" and "phase I" in res.message, res.message


def test_solver_claims_are_checked():
    game = md.LQGame.symmetric(3, -0.3)
    welfare = md.objectives.welfare(game)
    status, message = failure_status(game, welfare, "infeasible", "solver: infeasible",
                                     obedience=True, ic=True)
    assert status == "solver_error" and "no_information mechanism is feasible" in message
    status, message = failure_status(game, welfare, "unbounded", "solver: unbounded",
                                     obedience=True, ic=True)
    assert status == "solver_error" and "refuted" in message


def test_delegation_on_the_edge_of_its_range_is_refused_on_every_route():
    game = md.games.beauty_contest(n=4, r=0.5, state_mean=1.0, state_var=1.0, type_mean=0.0,
                                   type_var=0.5)
    for method in ("sdp", "symmetric", "analytic"):
        with pytest.raises(ValueError, match="concave"):
            md.design(game, "welfare", obedience=False, method=method)


def test_singular_interaction_is_a_value_error_not_a_crash():
    with pytest.raises(ValueError, match="I - G"):
        md.LQGame([1, 1], [1, 1], [[0, -1], [-1, 0]], md.GaussianPrior(0, 1, [0, 0], np.eye(2)))
    game = md.LQGame.symmetric(2, -0.9)                 # inside the range, outside delegation's
    with pytest.raises(ValueError, match="concave"):
        md.design(game, "welfare", obedience=False, ic=False)


@pytest.mark.parametrize("rid", sorted(CASES))
def test_reference_table_is_certified_on_every_route(rid):
    case = CASES[rid]
    for method in ("sdp", "symmetric", "analytic"):
        res = case.solve(method)
        assert res.status == "optimal", (method, res.message)
        assert abs(res.gap) <= 1e-6, (method, res.gap)


def test_bound_dominates_every_feasible_benchmark():
    rng = np.random.default_rng(3)
    for _ in range(4):
        n = 3
        g = rng.uniform(-0.4, 0.4, (n, n))
        np.fill_diagonal(g, 0)
        game = md.LQGame(rng.uniform(0.5, 1.5, n), rng.uniform(-1.5, 1.5, n), g,
                         md.GaussianPrior(rng.normal(), 1.0, rng.normal(size=n), np.diag(rng.uniform(0.2, 2, n))))
        for objective in ("welfare", "revenue"):
            res = md.design(game, objective, method="sdp")
            for make in md.reference_mechanisms.BENCHMARKS.values():
                bench = make(game)
                if bench.is_incentive_compatible(tol=1e-9):
                    assert res.bound >= bench.value(objective) - 1e-9 * abs(res.bound)


def test_user_constraints_are_priced_into_the_certificate():
    game = md.LQGame.symmetric(3, -0.3, state_mean=1.0, type_mean=0.5)
    prog = md.build_program(game, "welfare")
    free = prog.solve()
    for extra in (prog.cov[game.actions, 0] <= 0.2, prog.cov[game.actions, 0] == 0.1):
        res = prog.with_constraints(extra).solve()
        assert res.status == "optimal" and res.gap <= 1e-6
        assert res.value < free.value - 1e-3          # the constraint binds
        assert res.bound < free.value                 # and the bound knows it
    # a non-affine user constraint has no certificate: at most optimal_inaccurate
    res = prog.with_constraints(cp.norm(prog.cov[game.actions, 0]) <= 0.5).solve()
    assert res.status == "optimal_inaccurate" and "no duality certificate" in res.message


def test_relative_gap_scale():
    assert relative_gap(1.0 + 1e-7, 1.0, 1.0) == pytest.approx(1e-7)
    assert relative_gap(1e-12, 0.0, 1.0) == pytest.approx(1e-3)     # floor 1e-9 * unit
    assert np.isnan(relative_gap(float("nan"), 1.0, 1.0))


def test_unthreatened_rent_ignores_rounding_of_the_mean():
    """A zero row of G pins μ = z = αμ_θ + βμ_t (eq. 10): a rounding-level difference, with
    a curvature that is zero up to rounding, is not an infinite rent (DESIGN.md §5)."""
    from mechdesign.rents import least_rent_constant
    z, beta, var = 123.456, -0.7, 2.0
    for mean, cov_at in ((z * (1 + 1e-15), beta * var * (1 - 1e-13)), (z, beta * var)):
        level = least_rent_constant(np.array([beta]), np.array([mean]), np.array([cov_at]),
                                    np.array([var]), np.array([beta ** 2]), np.array([z]))
        assert level[0] == pytest.approx(z ** 2 / 2, rel=1e-12)
    level = least_rent_constant(np.array([beta]), np.array([z + 1e-3]), np.array([beta * var * 0.9]),
                                np.array([var]), np.array([beta ** 2]), np.array([z]))
    assert np.isinf(level[0])                            # a real gap without curvature stays infinite


def test_auto_retries_the_sdp_when_the_dual_route_is_not_certified(monkeypatch):
    import dataclasses
    design_module = importlib.import_module("mechdesign.design")
    game = md.LQGame(1.0, [1.0, 0.5], np.array([[0, -0.2], [-0.1, 0]]), md.GaussianPrior(0, 1, [0, 0], np.eye(2)))
    solved = design_module.solve_dual(game, "welfare")
    honest = solved.result
    stalled = dataclasses.replace(solved, result=dataclasses.replace(honest, status="iteration_limit",
                                                                     message="stalled"))
    monkeypatch.setattr(design_module, "solve_dual", lambda *a, **k: stalled)
    res = md.design(game, "welfare")
    assert res.method == "sdp" and res.status == "optimal" and "after the dual route" in res.message
    assert res.value == pytest.approx(honest.value, rel=1e-6)
