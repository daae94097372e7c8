"""md.sweep: every row is the md.design call of its point; local processes and a Dask
cluster give the serial table; refused points are rows; grids, files and progress."""

from __future__ import annotations

import io
import itertools
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mechdesign as md
from mechdesign.sweep_table import load_frame, save_frame
from mechdesign.sweep_grid import grid_points, parse_axis
from mechdesign.sweep_rows import TIMING_COLUMNS

MARKET = dict(n=3, demand_mean=10.0, cost_mean=2.0, cost_var=1.0)
OBJECTIVES = ("welfare", "revenue", "consumer_surplus")


def ring_game(gamma: float, n: int = 4, spread: float = 1.0) -> md.LQGame:
    """A ring network with heterogeneous type variances (an asymmetric game: full SDP)."""
    g = np.zeros((n, n))
    for i in range(n):
        g[i, (i + 1) % n] = g[i, (i - 1) % n] = gamma
    prior = md.GaussianPrior(1.0, 1.0, np.zeros(n), np.diag(np.linspace(1.0, 1.0 + spread, n)))
    return md.LQGame(np.ones(n), np.ones(n), g, prior)


def _timeless(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=list(TIMING_COLUMNS))


@pytest.fixture(scope="module")
def cournot_sweep() -> pd.DataFrame:
    return md.sweep(md.games.cournot, {"delta": [-0.4, 0.0, 0.6], "demand_var": [1.0, 4.0]},
                    OBJECTIVES, fixed=MARKET, progress=False)


def test_each_row_is_its_design(cournot_sweep) -> None:
    assert len(cournot_sweep) == 3 * 2 * 3
    for row in cournot_sweep.itertuples():
        game = md.games.cournot(delta=row.delta, demand_var=row.demand_var, **MARKET)
        res = md.design(game, row.objective)
        m = res.mechanism
        assert (row.status, row.method) == (res.status, res.method)
        assert row.value == pytest.approx(res.value, rel=1e-12)
        assert row.welfare == pytest.approx(m.welfare(), rel=1e-12)
        assert row.revenue == pytest.approx(m.revenue(), rel=1e-12)
        assert row.consumer_surplus == pytest.approx(m.consumer_surplus(), rel=1e-12)
        assert row.producer_surplus == pytest.approx(2 * m.welfare(), rel=1e-12)   # Cournot: π = 2u
        assert row.total_surplus == pytest.approx(2 * m.welfare() + m.consumer_surplus(), rel=1e-12)
        assert row.weight_state == pytest.approx(np.mean(m.weights.state), rel=1e-9, abs=1e-12)
        assert row.weight_own == pytest.approx(np.mean(m.weights.own_type), rel=1e-9, abs=1e-12)
        assert row.weight_rivals_1 == pytest.approx(m.weights.types[1, [0, 2]].mean(), rel=1e-9, abs=1e-12)
        assert row.rent == pytest.approx(np.sum(m.ex_ante_rent), rel=1e-12)
        assert row.n == 3 and row.cost_var == 1.0          # fixed scalars are columns


def test_asymmetric_rows_use_the_dual_route_and_match() -> None:
    frame = md.sweep(ring_game, {"gamma": [-0.3, 0.2]}, ["welfare", "revenue"], progress=False)
    assert set(frame["method"]) == {"dual"}
    for row in frame.itertuples():
        res = md.design(ring_game(row.gamma), row.objective)
        assert row.value == pytest.approx(res.value, rel=1e-9)
        assert np.isnan(row.consumer_surplus) and np.isnan(row.producer_surplus)
        for i in range(4):
            assert getattr(row, f"weight_state_{i}") == pytest.approx(res.mechanism.weights.state[i], abs=1e-7)


def test_refused_points_are_rows() -> None:
    frame = md.sweep(md.games.cournot, {"delta": [0.5, 1.5, -0.9]}, ["welfare", "consumer_surplus"],
                     fixed=dict(MARKET, demand_var=1.0), progress=False)
    assert len(frame) == 6
    refused = frame[frame["delta"] != 0.5]
    assert set(refused["status"]) == {"refused"}
    assert refused["message"].str.contains("'delta' parameter of games.cournot").all()
    assert refused["value"].isna().all()
    assert (frame.loc[frame["delta"] == 0.5, "status"] == "optimal").all()


def test_design_errors_are_rows_too() -> None:
    """A symmetric game has no consumers: consumer_surplus is refused at design time."""
    frame = md.sweep(md.LQGame.symmetric, {"gamma": [0.1]}, ["welfare", "consumer_surplus"],
                     fixed={"n": 3}, progress=False)
    assert list(frame["status"]) == ["optimal", "refused"]
    assert "market game" in frame["message"].iloc[1]


def test_local_processes_equal_serial(cournot_sweep) -> None:
    parallel = md.sweep(md.games.cournot, {"delta": [-0.4, 0.0, 0.6], "demand_var": [1.0, 4.0]},
                        OBJECTIVES, fixed=MARKET, n_jobs=2, progress=False)
    pd.testing.assert_frame_equal(_timeless(parallel), _timeless(cournot_sweep))


def test_local_processes_run_an_importable_user_builder() -> None:
    grid = {"gamma": [-0.3, 0.1, 0.25]}
    serial = md.sweep(ring_game, grid, ["welfare"], chunk_size=1, progress=False)
    parallel = md.sweep(ring_game, grid, ["welfare"], n_jobs=2, chunk_size=1, progress=False)
    pd.testing.assert_frame_equal(_timeless(parallel), _timeless(serial))


@pytest.mark.slow  # starting two worker processes that import cvxpy: ~5 s, more on a loaded machine
def test_dask_local_cluster_equals_serial(cournot_sweep) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        frame = md.sweep(md.games.cournot, {"delta": [-0.4, 0.0, 0.6], "demand_var": [1.0, 4.0]},
                         OBJECTIVES, fixed=MARKET, client=client, progress=False)
        by_address = md.sweep(md.games.cournot, {"delta": [0.6]}, ["welfare"],
                              fixed=dict(MARKET, demand_var=1.0), client=cluster.scheduler_address,
                              progress=False)
    pd.testing.assert_frame_equal(_timeless(frame), _timeless(cournot_sweep))
    expected = cournot_sweep[(cournot_sweep.delta == 0.6) & (cournot_sweep.demand_var == 1.0)
                             & (cournot_sweep.objective == "welfare")]
    assert by_address["value"].iloc[0] == expected["value"].iloc[0]


def test_problem_file_builder_overrides_the_file(tmp_path) -> None:
    path = tmp_path / "market.toml"
    path.write_text('[game]\nkind = "cournot"\nn = 3\ndelta = 0.6\ndemand_mean = 10.0\n'
                    'demand_var = 4.0\ncost_mean = 2.0\ncost_var = 1.0\n')
    frame = md.sweep(path, {"delta": [0.2, 0.6]}, ["revenue"], progress=False)
    for row in frame.itertuples():
        game = md.games.cournot(n=3, delta=row.delta, demand_mean=10, demand_var=4, cost_mean=2, cost_var=1)
        assert row.value == pytest.approx(md.design(game, "revenue").value, rel=1e-12)
    assert frame["value"].iloc[0] != frame["value"].iloc[1]


def test_list_of_points_equals_the_product(cournot_sweep) -> None:
    points = [{"delta": d, "demand_var": v} for d, v in itertools.product([-0.4, 0.0, 0.6], [1.0, 4.0])]
    frame = md.sweep(md.games.cournot, points, OBJECTIVES, fixed=MARKET, progress=False)
    pd.testing.assert_frame_equal(_timeless(frame), _timeless(cournot_sweep))


def test_keep_mechanisms(tmp_path) -> None:
    frame = md.sweep(md.games.cournot, {"delta": [0.3, 2.0]}, ["welfare"],
                     fixed=dict(MARKET, demand_var=1.0), keep_mechanisms=True, progress=False)
    m = frame["mechanism"].iloc[0]
    assert isinstance(m, md.GaussianMechanism) and m.welfare() == frame["welfare"].iloc[0]
    assert frame["status"].iloc[1] == "refused" and frame["mechanism"].iloc[1] is None
    assert "mechanism" not in load_frame(save_frame(frame.iloc[:1], tmp_path / "s.parquet")).columns


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_table_round_trip(cournot_sweep, tmp_path, suffix) -> None:
    back = load_frame(save_frame(cournot_sweep, tmp_path / f"sweep{suffix}"))
    if suffix == ".parquet":
        pd.testing.assert_frame_equal(back, cournot_sweep)
    else:
        numeric = cournot_sweep.select_dtypes("number").columns
        np.testing.assert_allclose(back[numeric].to_numpy(float), cournot_sweep[numeric].to_numpy(float),
                                   rtol=1e-15, atol=0)
        assert list(back["status"]) == list(cournot_sweep["status"])
    with pytest.raises(ValueError, match="must end in one of"):
        save_frame(cournot_sweep, tmp_path / "sweep.xlsx")


def test_quiet_when_stderr_is_not_a_terminal(capfd) -> None:
    md.sweep(md.games.cournot, {"delta": [0.1, 0.2]}, fixed=dict(MARKET, demand_var=1.0))
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal(monkeypatch) -> None:
    fake = _Terminal()
    monkeypatch.setattr(sys, "stderr", fake)
    md.sweep(md.games.cournot, {"delta": [0.1, 0.2, 0.3]}, fixed=dict(MARKET, demand_var=1.0))
    assert "3/3" in fake.getvalue() and "points" in fake.getvalue()
    quiet = _Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    md.sweep(md.games.cournot, {"delta": [0.1]}, fixed=dict(MARKET, demand_var=1.0), progress=False)
    assert quiet.getvalue() == ""


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(grid={}), ValueError, "at least one parameter"),
    (dict(grid={"delta": 0.5}), ValueError, "sequence of values"),
    (dict(grid={"delta": []}), ValueError, "at least one value"),
    (dict(grid={"delta": [0.5], "n": [3]}), ValueError, "both in the grid and in 'fixed'"),
    (dict(objectives=()), ValueError, "at least one objective"),
    (dict(method="newton"), ValueError, "'method' parameter of sweep"),
    (dict(n_jobs=0), ValueError, "'n_jobs' parameter of sweep"),
    (dict(n_jobs=2, client="tcp://127.0.0.1:1"), ValueError, "exclusive"),
    (dict(builder=42), TypeError, "'builder' parameter of sweep"),
    (dict(client=3.0), TypeError, "'client' parameter of sweep"),
])
def test_bad_arguments(kwargs, error, match) -> None:
    args = dict(builder=md.games.cournot, grid={"delta": [0.5]}, objectives=("welfare",),
                fixed=dict(MARKET, demand_var=1.0), progress=False)
    args.update(kwargs)
    with pytest.raises(error, match=match):
        md.sweep(args.pop("builder"), args.pop("grid"), args.pop("objectives"), **args)


@settings(max_examples=25, deadline=None)
@given(st.dictionaries(st.sampled_from("abcd"), st.lists(st.integers(), min_size=1, max_size=3),
                       min_size=1))
def test_grid_is_the_cartesian_product(grid) -> None:
    points = grid_points(grid)
    assert len(points) == np.prod([len(v) for v in grid.values()])
    assert [tuple(p.values()) for p in points] == list(itertools.product(*grid.values()))


def test_parse_axis() -> None:
    name, values = parse_axis("delta=-0.9:0.9:37")
    assert name == "delta" and len(values) == 37 and values[0] == -0.9 and values[-1] == 0.9
    assert values[18] == pytest.approx(0.0, abs=1e-15)
    assert parse_axis("demand_var=1,4") == ("demand_var", [1, 4])
    assert parse_axis("n=2:10:5") == ("n", [2, 4, 6, 8, 10])
    assert parse_axis("x=0.5") == ("x", [0.5])
    for bad in ("delta", "delta=", "=1,2", "delta=a,b", "delta=0:1", "delta=0:1:0"):
        with pytest.raises(ValueError, match="--grid"):
            parse_axis(bad)


def test_dual_route_is_warm_started_along_a_chunk() -> None:
    """Warm starts change the path, not the answer: a warm-started sweep of an asymmetric game
    matches the cold designs, certified, and takes fewer Newton steps in all."""
    grid = {"gamma": list(np.linspace(-0.3, 0.25, 8))}
    warm = md.sweep(ring_game, grid, ["revenue"], chunk_size=8, progress=False)
    cold = md.sweep(ring_game, grid, ["revenue"], chunk_size=1, progress=False)
    assert (warm["status"] == "optimal").all() and (cold["status"] == "optimal").all()
    np.testing.assert_allclose(warm["value"], cold["value"], rtol=1e-7)
    steps = lambda frame: frame["message"].str.extract(r"(\d+) iterations")[0].astype(int).sum()  # noqa: E731
    assert steps(warm) < steps(cold)
