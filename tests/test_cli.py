"""The command line, run in-process through typer's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mechdesign as md
from mechdesign.cli import app
from mechdesign.problem import load_problem

PROBLEMS = sorted((Path(__file__).parents[1] / "problems").glob("*.toml"))
runner = CliRunner()


@pytest.mark.parametrize("path", PROBLEMS, ids=[p.stem for p in PROBLEMS])
def test_every_problem_file_solves(path):
    result = runner.invoke(app, ["solve", str(path), "--json"])
    assert result.exit_code == 0, result.output
    (out,) = json.loads(result.output)
    game, options = load_problem(path)
    direct = md.design(game, options.get("objective", "welfare"), method="sdp")
    assert out["status"] == "optimal"
    assert out["value"] == pytest.approx(direct.value, rel=1e-6)


def test_side_by_side_table_for_the_demo():
    path = Path(__file__).parents[1] / "problems" / "cournot.toml"
    result = runner.invoke(app, ["solve", str(path), "-o", "welfare", "-o", "revenue",
                                 "-o", "consumer_surplus"])
    assert result.exit_code == 0, result.output
    for text in ("welfare", "revenue", "consumer_surplus", "weight on state", "own type",
                 "rival", "noise", "solve time", "10.6843", "3.44301", "22.2936"):
        assert text in result.output


def test_bad_problem_file_exits_with_message(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[game]\nkind = "symmetric"\nn = 3\ngamma = 0.9\n')
    result = runner.invoke(app, ["solve", str(bad)])
    assert result.exit_code == 2
    assert "gamma" in result.output and "Remark 3" in result.output


def test_unbounded_problem_exits_nonzero(tmp_path):
    path = tmp_path / "unbounded.toml"
    path.write_text('[game]\nkind = "general"\nalpha = 1.0\nbeta = 1.0\n'
                    'interaction = [[0.0, 0.6, 0.6], [0.6, 0.0, 0.6], [0.6, 0.6, 0.0]]\n'
                    'state_mean = 0.0\nstate_var = 1.0\ntype_mean = [0.0, 0.0, 0.0]\n'
                    'type_var = [1.0, 1.0, 1.0]\n')
    result = runner.invoke(app, ["solve", str(path), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output)[0]["status"] == "unbounded"


def test_check_command_reports_and_fails_on_a_miss(monkeypatch):
    result = runner.invoke(app, ["check", "--only", "DM-W"])
    assert result.exit_code == 0, result.output
    assert "DM-W1" in result.output and "7 passed, 0 failed" in result.output
    from mechdesign import checks
    from mechdesign._checks import CheckCase
    bad = CheckCase("X-1", "test", "a closed form off by 1e-3", 1.0, 1.001, 1e-6, 0.0)
    monkeypatch.setattr(checks, "all_cases", lambda only=None: [bad])
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1 and "FAIL" in result.output
