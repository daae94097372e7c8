"""The command line, run in-process through typer's runner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mechdesign as md
from mechdesign import cli
from mechdesign.cli import ExitCode, app
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


SYMMETRIC = '[game]\nkind = "symmetric"\nn = 3\ngamma = 0.1\n'
GENERAL = ('[game]\nkind = "general"\nalpha = 1.0\nbeta = [1.0, 0.5]\n'
           'interaction = [[0.0, -0.2], [-0.1, 0.0]]\nstate_mean = 0.0\nstate_var = 1.0\n'
           'type_mean = [0.0, 0.0]\n')

# (problem file text, the message it must produce); every one exits 2 without a traceback
MALFORMED = [
    pytest.param('[game\nkind = "symmetric"', r"bad.toml is not valid TOML: ", id="not-toml"),
    pytest.param(SYMMETRIC + '[desgin]\nobjective = "welfare"\n',
                 r"Unknown table \[desgin\] in .*bad.toml; allowed tables: \[game\], \[design\]\.",
                 id="unknown-table"),
    pytest.param(SYMMETRIC.replace("[game]\n", 'objective = "welfare"\n[game]\n'),
                 r"Unknown top-level entry 'objective' in .*; allowed tables: \[game\], \[design\]",
                 id="top-level-entry"),
    pytest.param('[design]\nobjective = "welfare"\n', r"bad.toml must have a \[game\] table", id="no-game"),
    pytest.param('game = 3\n', r"\[game\] of .*bad.toml must be a table\. Got 3", id="game-not-a-table"),
    pytest.param(GENERAL + "type_covariance = [[1.0, 0.0], [0.0, 1.0]]\n",
                 r"Unknown entry 'type_covariance' in \[game\] of .*bad.toml \(kind = 'general'\); "
                 r"allowed entries: alpha, beta, interaction, state_mean, state_var, type_cov, "
                 r"type_mean, type_var\.", id="unknown-game-entry"),
    pytest.param(SYMMETRIC + "[design]\nobedient = true\n",
                 r"Unknown entry 'obedient' in \[design\] of .*; allowed entries: ic, method, "
                 r"obedience, objective\.", id="unknown-design-entry"),
    pytest.param('[game]\nkind = "symmetric"\nn = 3\n',
                 r"Missing entry 'gamma' in \[game\] of .* \(kind = 'symmetric'\); required "
                 r"entries: gamma, n\.", id="missing-entry"),
    pytest.param('[game]\nkind = "symetric"\nn = 3\ngamma = 0.1\n',
                 r"The 'kind' entry of \[game\] of .* must be one of 'beauty_contest', "
                 r"'bertrand', 'cournot', 'general', 'symmetric'\. Got 'symetric'", id="unknown-kind"),
    pytest.param(SYMMETRIC + '[design]\nobedience = "false"\n',
                 r"The 'obedience' entry of \[design\] of .* must be a boolean \(true or false, "
                 r"without quotes\)\. Got 'false' \(a TOML string\)", id="bool-as-string"),
    pytest.param(SYMMETRIC + '[design]\nic = 1\n',
                 r"The 'ic' entry of \[design\] .* must be a boolean.*Got 1 \(a TOML integer\)",
                 id="bool-as-integer"),
    pytest.param(SYMMETRIC.replace("gamma = 0.1", "gamma = true"),
                 r"The 'gamma' entry of \[game\] .* must be a number\. Got True \(a TOML boolean\)",
                 id="number-as-boolean"),
    pytest.param(SYMMETRIC.replace("gamma = 0.1", 'gamma = "0.1"'),
                 r"The 'gamma' entry of \[game\] .* must be a number\. Got '0.1' \(a TOML string\)",
                 id="number-as-string"),
    pytest.param(SYMMETRIC.replace("n = 3", "n = 3.0"),
                 r"The 'n' entry of \[game\] .* must be an integer\. Got 3.0 \(a TOML float\)",
                 id="integer-as-float"),
    pytest.param(GENERAL.replace("beta = [1.0, 0.5]", 'beta = [1.0, "0.5"]') + "type_var = 1.0\n",
                 r"The 'beta' entry of \[game\] .* must be a number or a non-empty list of numbers",
                 id="list-with-string"),
    pytest.param(GENERAL.replace("interaction = [[0.0, -0.2], [-0.1, 0.0]]", "interaction = [0.0, 0.1]")
                 + "type_var = 1.0\n",
                 r"The 'interaction' entry of \[game\] .* must be a non-empty list of rows of numbers",
                 id="matrix-as-list"),
    pytest.param(GENERAL, r"\[game\] of .* \(kind = 'general'\) needs exactly one of the entries "
                          r"'type_var' .* and 'type_cov' .*Got neither", id="no-type-variance"),
    pytest.param(GENERAL + "type_var = [1.0, 1.0, 1.0]\n",
                 r"The 'type_var' parameter of \[game\] of .* must be a scalar or a 1-d array of "
                 r"length 2\. Got 'array of shape \(3,\)'", id="type_var-length"),
    pytest.param(SYMMETRIC + '[design]\nobjective = "profit"\n',
                 r"The 'objective' entry of \[design\] .* must be one of 'welfare', 'revenue', "
                 r"'consumer_surplus'\. Got 'profit'", id="unknown-objective"),
    pytest.param(SYMMETRIC + '[design]\nmethod = "magic"\n',
                 r"The 'method' entry of \[design\] .* must be one of 'auto', 'sdp', 'symmetric', "
                 r"'analytic'.*\. Got 'magic'", id="unknown-method"),
    pytest.param(SYMMETRIC.replace("gamma = 0.1", "gamma = 0.9"),
                 r"'gamma' parameter of LQGame.symmetric for n=3 must be a float in the open interval "
                 r"\(-1, 0.5\).*Remark 3.*Got 0.9", id="inadmissible-gamma"),
    pytest.param(GENERAL + "type_cov = [[1.0, 1.0], [1.0, 1.0]]\n",
                 r"'type_cov' parameter of GaussianPrior must be positive definite.*smallest "
                 r"eigenvalue is 0", id="singular-type-cov"),
]


@pytest.mark.parametrize("text, message", MALFORMED)
def test_malformed_problem_file_exits_2_with_the_message(tmp_path, text, message):
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    for args in ([], ["--json"]):
        result = runner.invoke(app, ["solve", str(bad), *args])
        assert result.exit_code == ExitCode.BAD_INPUT == 2, result.output
        assert re.search(message, result.output), result.output
        assert "Traceback" not in result.output
        assert result.stdout == ""  # errors go to standard error; --json output stays clean


def test_debug_shows_the_traceback_of_a_user_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(SYMMETRIC + '[design]\nobedience = "false"\n')
    result = runner.invoke(app, ["solve", str(bad), "--debug"])
    assert result.exit_code == 2
    assert "Traceback" in result.output and "check_design_table" in result.output


def test_non_utf8_and_missing_files_are_bad_input(tmp_path):
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"[game]\nkind = \"\xff\xfe\"\n")
    result = runner.invoke(app, ["solve", str(binary)])
    assert result.exit_code == 2 and "is not valid TOML" in result.output
    result = runner.invoke(app, ["solve", str(tmp_path / "missing.toml")])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_ints_are_accepted_for_floats(tmp_path):
    """state_var = 1 and gamma = 0 are TOML integers; the game equals the float-valued one."""
    path = tmp_path / "ints.toml"
    path.write_text('[game]\nkind = "symmetric"\nn = 3\ngamma = 0\nstate_var = 1\nstate_mean = 2\n')
    game, _ = load_problem(path)
    direct = md.LQGame.symmetric(3, 0.0, state_var=1.0, state_mean=2.0)
    result = runner.invoke(app, ["solve", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["value"] == pytest.approx(md.design(direct).value, rel=1e-6)
    assert game.prior.state_mean == 2.0 and game.gamma == 0.0


@pytest.mark.parametrize("args, message", [
    (["-o", "profit"], r"'objective' parameter of design must be one of .*Got 'profit'"),
    (["--method", "magic"], r"'method' parameter of design must be one of .*Got 'magic'"),
    (["-o", "consumer_surplus"], r"'consumer_surplus' objective needs a market game"),
])
def test_bad_option_values_exit_2(tmp_path, args, message):
    path = tmp_path / "ok.toml"
    path.write_text(SYMMETRIC)
    result = runner.invoke(app, ["solve", str(path), *args])
    assert result.exit_code == 2, result.output
    assert re.search(message, result.output) and "Traceback" not in result.output


def test_internal_error_exits_3_without_traceback_unless_debug(tmp_path, monkeypatch):
    path = tmp_path / "ok.toml"
    path.write_text(SYMMETRIC)

    def broken(*args, **kwargs):
        raise RuntimeError("solver exploded [internal]")
    monkeypatch.setattr(cli, "design", broken)
    result = runner.invoke(app, ["solve", str(path)])
    assert result.exit_code == ExitCode.INTERNAL_ERROR == 3
    assert "internal error: RuntimeError: solver exploded [internal]" in result.output
    assert "--debug" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["solve", str(path), "--debug"])
    assert result.exit_code == 3 and "Traceback" in result.output


def test_a_linear_algebra_failure_is_internal_not_bad_input(tmp_path, monkeypatch):
    """LinAlgError subclasses ValueError, but it is never the user's input."""
    import numpy as np
    path = tmp_path / "ok.toml"
    path.write_text(SYMMETRIC)

    def broken(*args, **kwargs):
        raise np.linalg.LinAlgError("Singular matrix")
    monkeypatch.setattr(cli, "design", broken)
    assert runner.invoke(app, ["solve", str(path)]).exit_code == 3


def test_an_error_while_printing_results_is_internal(tmp_path, monkeypatch):
    """Once the input is read and solved, a ValueError is a bug, not the user's input."""
    path = tmp_path / "ok.toml"
    path.write_text(SYMMETRIC)

    def broken(res, game):
        raise ValueError("cannot summarise")
    monkeypatch.setattr(cli, "summary", broken)
    result = runner.invoke(app, ["solve", str(path), "--json"])
    assert result.exit_code == 3 and "internal error: ValueError: cannot summarise" in result.output


def test_brackets_in_messages_are_printed_verbatim(tmp_path, monkeypatch):
    """Rich markup must not eat bracketed text of results: an objective named
    "welfare [by hand]" keeps its brackets in the table and the per-player header."""
    path = tmp_path / "ok.toml"
    path.write_text(GENERAL + "type_var = 1.0\n")
    real = md.design

    def labelled(game, objective, **kwargs):
        return real(game, md.objectives.quadratic(game.welfare_matrix, "welfare [by hand]"), **kwargs)
    monkeypatch.setattr(cli, "design", labelled)
    result = runner.invoke(app, ["solve", str(path), "--no-ic"])
    assert result.exit_code == 0, result.output
    assert "welfare [by hand]" in result.output
    assert "welfare [by hand], per player:" in result.output


def test_help_documents_the_exit_codes():
    for args in (["--help"], ["solve", "--help"], ["check", "--help"]):
        text = " ".join(runner.invoke(app, args).output.split())
        for code in ("0 optimal", "1 solved but not optimal", "2 bad input", "3 internal error"):
            assert code in text, (args, text)
    assert "Exit codes" in cli.__doc__


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
