"""Symmetric games with a million players through the public interface.

``md.design`` on ``LQGame.symmetric(n=10**6)`` and ``games.cournot(n=10**6)`` must work
with memory independent of n² (tracemalloc: peak well under 50 MB; one dense (2n+1)²
matrix would be 32 TB) on every route that applies to symmetric games, and return the
same optimum on the reduced program and on the closed forms (two independent routes).
``mechdesign solve`` on a problem file with n = 10⁶ does the same.
"""

from __future__ import annotations

import json
import tracemalloc

import pytest
from typer.testing import CliRunner

import mechdesign as md
from mechdesign.cli import app
from mechdesign.result import VERIFY_TOL

N = 10 ** 6
PEAK = 50e6  # bytes
runner = CliRunner()


def _peak(fn):
    """(result, peak traced bytes) of fn()."""
    tracemalloc.start()
    try:
        out = fn()
        return out, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _game(kind: str):
    if kind == "cournot":
        return md.games.cournot(N, 0.5 / N, 10.0, 4.0, 2.0, 1.0)
    return md.LQGame.symmetric(N, -0.6 / (N - 1), 1.0, 1.0, 1.0, 1.0, 0.5, 0.5)


@pytest.mark.parametrize("kind, objective", [("plain", "revenue"), ("plain", "welfare"),
                                             ("cournot", "revenue"), ("cournot", "consumer_surplus")])
def test_million_players_every_symmetric_route(kind, objective):
    results = {}
    for method in ("auto", "symmetric", "analytic"):
        res, peak = _peak(lambda: md.design(_game(kind), objective, method=method))
        assert res.status == "optimal", (method, res.message)
        assert peak < PEAK, (method, peak)
        results[method] = res
    closed = results["analytic"].value
    for method in ("auto", "symmetric"):
        assert results[method].value == pytest.approx(closed, rel=1e-6), method


def test_million_player_mechanism_is_explained_without_dense_matrices():
    game = _game("plain")

    def explain():
        m = md.design(game, "revenue").mechanism
        return (m.weights.rival, m.noise_var, m.noise_rival_corr, float(m.ex_ante_rent[0]),
                float(m.payment(0, 1.2)), float(m.off_path_action[0]), m.welfare(), m.revenue(),
                m.is_obedient(), m.is_incentive_compatible(), m.min_eigenvalue(),
                m.value(md.objectives.player_payoff(game, 3)))

    out, peak = _peak(explain)
    assert peak < PEAK
    *_, welfare, revenue, obedient, ic, low, payoff = out
    assert obedient and ic and low > -VERIFY_TOL
    assert payoff == pytest.approx(welfare / N, rel=1e-12)
    assert revenue < welfare


def test_cli_solves_a_million_player_problem_file(tmp_path):
    path = tmp_path / "large.toml"
    gamma = -0.6 / (N - 1)
    path.write_text(f'[game]\nkind = "symmetric"\nn = {N}\ngamma = {gamma!r}\nstate_mean = 1.0\n'
                    'type_mean = 0.5\ntype_var = 0.5\n\n[design]\nobjective = "revenue"\n')
    table, peak = _peak(lambda: runner.invoke(app, ["solve", str(path)]))
    assert table.exit_code == 0, table.output
    assert peak < PEAK
    assert "optimal" in table.output and "weight on each rival's type" in table.output
    out = runner.invoke(app, ["solve", str(path), "--json"])
    assert out.exit_code == 0, out.output
    (summary,) = json.loads(out.output)
    direct = md.design(md.LQGame.symmetric(N, gamma, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5), "revenue",
                       method="analytic")
    assert summary["status"] == "optimal"
    assert summary["value"] == pytest.approx(direct.value, rel=1e-6)
    assert summary["symmetric"]["moments"]["d"] == pytest.approx(direct.mechanism.moments.d, rel=1e-5)
    assert "cov" not in summary
