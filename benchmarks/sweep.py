"""Designs per second of md.sweep: serial, two local processes, a two-worker Dask cluster.

Grids (two objectives each, welfare and revenue):

* 1-D: the Cournot market of problems/cournot.toml over 40 values of δ (symmetric route);
* 2-D: the same market over 10 values of δ × 4 demand variances (symmetric route);
* dual: an asymmetric ring of 6 players over 16 values of the interaction (the dual route,
  which ``method="auto"`` takes for asymmetric games).

"Warm" is each route as it runs in a sweep: the symmetric route re-solves one compiled
parametrised (DPP) program per process; the dual route starts each point from the restart
point of the previous one in its chunk. "Cold" clears the symmetric route's cache before
every point (every design recompiles its program), or gives the dual route chunks of one
point (every design starts from phase I). The Dask cluster's start-up is reported apart
from the sweep. Writes ``benchmarks/results/sweep.md``.
Run: ``python benchmarks/sweep.py``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

import mechdesign as md
from mechdesign import symmetric

RESULTS = Path(__file__).parent / "results"
MARKET = dict(n=3, demand_mean=10.0, cost_mean=2.0, cost_var=1.0)
OBJECTIVES = ("welfare", "revenue")


def warm_cournot(**params) -> md.LQGame:
    return md.games.cournot(**params)


def cold_cournot(**params) -> md.LQGame:
    """The market, after dropping the symmetric route's compiled programs."""
    symmetric._program.cache_clear()
    return md.games.cournot(**params)


def ring(gamma: float, n: int = 6) -> md.LQGame:
    g = np.zeros((n, n))
    for i in range(n):
        g[i, (i + 1) % n] = g[i, (i - 1) % n] = gamma
    prior = md.GaussianPrior(1.0, 1.0, np.zeros(n), np.diag(np.linspace(0.5, 2.0, n)))
    return md.LQGame(np.ones(n), np.ones(n), g, prior)


CASES = {
    "1-D (40 δ), symmetric, warm": (warm_cournot, {"delta": np.linspace(-0.45, 1.0, 40)},
                                    {**MARKET, "demand_var": 4.0}, {}),
    "1-D (40 δ), symmetric, cold": (cold_cournot, {"delta": np.linspace(-0.45, 1.0, 40)},
                                    {**MARKET, "demand_var": 4.0}, {}),
    "2-D (10 δ × 4 σθ²), symmetric, warm": (warm_cournot, {"delta": np.linspace(-0.45, 1.0, 10),
                                                          "demand_var": [0.5, 1.0, 2.0, 4.0]}, MARKET, {}),
    "2-D (10 δ × 4 σθ²), symmetric, cold": (cold_cournot, {"delta": np.linspace(-0.45, 1.0, 10),
                                                          "demand_var": [0.5, 1.0, 2.0, 4.0]}, MARKET, {}),
    "1-D (16 γ), dual n = 6, warm": (ring, {"gamma": np.linspace(-0.4, 0.4, 16)}, {}, {}),
    "1-D (16 γ), dual n = 6, cold": (ring, {"gamma": np.linspace(-0.4, 0.4, 16)}, {},
                                     {"chunk_size": 1}),
}


def timed(builder, grid, fixed, extra, **kwargs) -> tuple[float, int]:
    start = time.perf_counter()
    frame = md.sweep(builder, grid, OBJECTIVES, fixed=fixed, progress=False, **extra, **kwargs)
    seconds = time.perf_counter() - start
    assert (frame["status"] == "optimal").all()
    return seconds, len(frame)


def main() -> None:
    from distributed import Client, LocalCluster

    start = time.perf_counter()
    cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None)
    client = Client(cluster)
    client.run(lambda: __import__("mechdesign.sweep_rows"))      # workers import mechdesign
    startup = time.perf_counter() - start
    rows = []
    try:
        for name, (builder, grid, fixed, extra) in CASES.items():
            timed(builder, grid, fixed, extra)                   # this process compiles once
            serial, designs = timed(builder, grid, fixed, extra)
            local, _ = timed(builder, grid, fixed, extra, n_jobs=2)
            dask, _ = timed(builder, grid, fixed, extra, client=client)
            rows.append((name, designs, serial, local, dask))
            print(f"{name:<40} {designs:4d} designs  serial {designs / serial:7.1f}/s  "
                  f"n_jobs=2 {designs / local:7.1f}/s  dask {designs / dask:7.1f}/s")
    finally:
        client.close()
        cluster.close()
    load = os.getloadavg()
    lines = [
        "# md.sweep: designs per second",
        "",
        "Produced by `benchmarks/sweep.py`: two objectives (welfare, revenue) per point. "
        "`n_jobs=2` includes starting the two local worker processes (each imports "
        "mechdesign); the Dask column runs on an already started 2-worker `LocalCluster` "
        f"(start-up {startup:.1f} s, not included). Machine: {os.cpu_count()} cores, load "
        f"average {load[0]:.1f} when the run ended (shared machine: the parallel columns "
        "only beat the serial one when a core is free).",
        "",
        "| grid | designs | serial (designs/s) | n_jobs=2 (designs/s) | Dask 2 workers (designs/s) |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {name} | {designs} | {designs / s:.1f} | {designs / l:.1f} | {designs / d:.1f} |"
              for name, designs, s, l, d in rows]
    lines += [
        "",
        "\"warm\": the symmetric route's compiled parametrised program is reused across points "
        "(one compilation per process), and the dual route starts from the previous point's "
        "restart point along each chunk (`mechdesign.sweep_rows._design`); \"cold\": the "
        "symmetric program recompiled at every point, the dual route from phase I at every "
        "point (chunks of one).",
    ]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "sweep.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
