"""plot.comparative_statics: one panel per quantity, one line per objective and hue value,
every non-optimal point crossed."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import mechdesign as md  # noqa: E402

MARKET = dict(n=3, demand_mean=10.0, cost_mean=2.0, cost_var=1.0)


@pytest.fixture(scope="module")
def frame():
    return md.sweep(md.games.cournot, {"delta": [-0.2, 0.3, 0.8, 1.5], "demand_var": [1.0, 4.0]},
                    ["welfare", "revenue"], fixed=MARKET, progress=False)


def test_panels_lines_and_crosses(frame, tmp_path) -> None:
    fig = md.plot.comparative_statics(frame, "delta", ["value", "rent", "weight_state"], hue="demand_var")
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == 3
    refused = frame[frame["status"] != "optimal"]
    assert len(refused) == 4                                    # δ = 1.5 for both σθ², both objectives
    for ax, quantity in zip(axes, ["value", "rent", "weight_state"]):
        lines = [line for line in ax.get_lines() if line.get_gid() != "not_optimal"]
        assert len(lines) == 4                                  # 2 objectives × 2 demand variances
        crosses = [line for line in ax.get_lines() if line.get_gid() == "not_optimal"]
        assert len(crosses) == 1 and len(crosses[0].get_xdata()) == len(refused)
        np.testing.assert_array_equal(crosses[0].get_xdata(), refused["delta"])
        revenue = frame[(frame.objective == "revenue") & (frame.demand_var == 4.0)].sort_values("delta")
        line = next(line for line in lines if line.get_label() == "revenue, demand_var=4")
        np.testing.assert_array_equal(line.get_ydata(), revenue[quantity])
        assert ax.get_xlabel() == "delta"
    fig.savefig(tmp_path / "statics.png")
    assert (tmp_path / "statics.png").stat().st_size > 10_000


def test_single_objective_single_panel(frame) -> None:
    one = frame[(frame.objective == "welfare") & (frame.demand_var == 1.0)]
    fig = md.plot.comparative_statics(one, "delta", "value")
    (ax,) = fig.axes
    assert len([line for line in ax.get_lines() if line.get_gid() != "not_optimal"]) == 1


def test_missing_column(frame) -> None:
    with pytest.raises(ValueError, match="no column"):
        md.plot.comparative_statics(frame, "delta", ["profit"])
