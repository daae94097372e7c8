"""``mechdesign sweep``: files written and the documented exit codes (0/1/2/3)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import mechdesign as md
from mechdesign import sweeps
from mechdesign.cli import ExitCode, app
from mechdesign.sweep_table import load_frame

PROBLEMS = Path(__file__).parents[1] / "problems"
runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, ["sweep", str(PROBLEMS / "cournot.toml"), *args])


def test_writes_table_and_plot(tmp_path) -> None:
    out, png = tmp_path / "sweep.parquet", tmp_path / "sweep.png"
    result = _run("--grid", "delta=-0.4:0.8:4", "--grid", "demand_var=1,4", "-o", "welfare",
                  "-o", "revenue", "--out", str(out), "--plot", str(png))
    assert result.exit_code == ExitCode.OPTIMAL == 0, result.output
    frame = load_frame(out)
    assert len(frame) == 4 * 2 * 2 and set(frame["status"]) == {"optimal"}
    game = md.games.cournot(n=3, delta=0.8, demand_mean=10, demand_var=4, cost_mean=2, cost_var=1)
    row = frame[(frame.delta == 0.8) & (frame.demand_var == 4) & (frame.objective == "revenue")]
    assert row["value"].iloc[0] == pytest.approx(md.design(game, "revenue").value, rel=1e-12)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "8 points x 2 objectives: 16 optimal, 0 not optimal" in result.output


def test_csv_and_local_processes(tmp_path) -> None:
    out = tmp_path / "sweep.csv"
    result = _run("--grid", "delta=0.1,0.5", "--out", str(out), "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert list(load_frame(out)["objective"]) == ["welfare", "welfare"]   # the file's objective


def test_some_points_not_optimal_exit_1(tmp_path) -> None:
    out = tmp_path / "sweep.parquet"
    result = _run("--grid", "delta=0.5,1.5", "--out", str(out))
    assert result.exit_code == ExitCode.NOT_OPTIMAL == 1, result.output
    assert list(load_frame(out)["status"]) == ["optimal", "refused"]
    assert "1 optimal, 1 not optimal (1 refused)" in result.output


@pytest.mark.parametrize("args", [
    ["--grid", "delta", "--out", "x.parquet"],                           # bad grid spec
    ["--grid", "delta=0.5", "--out", "x.xlsx"],                          # bad table suffix
    ["--grid", "delta=0.5", "--out", "x.csv", "--plot", "x.bmp"],        # bad figure suffix
    ["--grid", "delta=2,3", "--out", "x.csv"],                           # every point refused
    ["--grid", "delta=0.5", "--out", "x.csv", "--method", "newton"],     # bad method
    ["--grid", "delta=0.5", "--out", "x.csv", "-j", "2", "--scheduler", "tcp://127.0.0.1:1"],
])
def test_bad_input_exit_2(tmp_path, monkeypatch, args) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run(*args)
    assert result.exit_code == ExitCode.BAD_INPUT == 2, result.output
    assert "error:" in result.output
    assert not (tmp_path / "x.csv").exists()


def test_missing_file_exit_2(tmp_path) -> None:
    result = runner.invoke(app, ["sweep", str(tmp_path / "none.toml"), "--grid", "delta=0.5",
                                 "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_internal_error_exit_3(tmp_path, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(sweeps, "sweep", broken)
    result = _run("--grid", "delta=0.5", "--out", str(tmp_path / "x.csv"))
    assert result.exit_code == ExitCode.INTERNAL_ERROR == 3
    assert "RuntimeError: solver crashed" in result.output


def test_error_rows_exit_3(tmp_path, monkeypatch) -> None:
    """A point that failed for a reason other than bad input is an internal error."""
    real = sweeps.sweep

    def with_an_error_row(*args, **kwargs):
        frame = real(*args, **kwargs)
        return pd.concat([frame, frame.iloc[:1].assign(status="error", message="LinAlgError: x")],
                         ignore_index=True)

    monkeypatch.setattr(sweeps, "sweep", with_an_error_row)
    out = tmp_path / "x.csv"
    result = _run("--grid", "delta=0.5", "--out", str(out))
    assert result.exit_code == 3 and out.exists()
