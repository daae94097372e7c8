"""Reliability report: 10,000 seeded random design problems through ``md.design``.

The problems are :func:`mechdesign.testing.random_problem`'s (the fuzz suite's generator):
symmetric and asymmetric games, correlated types, zero rows of G, markets, delegation,
every objective and a hard regime. For each status the report counts the designs, the
worst residual and the worst certified gap among "optimal" results, and the time; it
writes ``benchmarks/results/reliability.md``.

Usage: ``python benchmarks/reliability.py [count]`` (default 10,000).
"""

from __future__ import annotations

import collections
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

import mechdesign as md
from mechdesign.testing import random_problem

OUT = Path(__file__).parent / "results" / "reliability.md"


def main(count: int = 10_000) -> None:
    rng = np.random.default_rng(20261202)
    by_status = collections.Counter()
    by_kind = collections.defaultdict(collections.Counter)
    worst_residual = worst_gap = 0.0
    times = []
    start = time.perf_counter()
    with threadpool_limits(limits=1, user_api="blas"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(count):
            problem = random_problem(rng)
            begin = time.perf_counter()
            try:
                res = md.design(problem.game, problem.objective, obedience=problem.obedience,
                                ic=problem.ic)
                status = res.status
            except ValueError:
                status = "refused"
            times.append(time.perf_counter() - begin)
            by_status[status] += 1
            by_kind[problem.kind + (" (hard)" if problem.hard else "")][status] += 1
            if status == "optimal":
                worst_residual = max(worst_residual, max(res.residuals.values()))
                worst_gap = max(worst_gap, abs(res.gap))
    total = time.perf_counter() - start
    statuses = sorted(by_status)
    lines = [
        "# Reliability: random design problems through `md.design`",
        "",
        f"{count} problems from `mechdesign.testing.random_problem` (seed 20261202), "
        f"`method=\"auto\"`, one BLAS thread; {total:.0f} s in all, median "
        f"{1e3 * np.median(times):.1f} ms, 99th percentile {1e3 * np.percentile(times, 99):.0f} ms "
        "per design.",
        "",
        "| status | count | share |",
        "|---|---:|---:|",
        *[f"| {s} | {by_status[s]} | {by_status[s] / count:.1%} |" for s in statuses],
        "",
        f"Among the \"optimal\" results: worst residual {worst_residual:.2e}, worst certified "
        f"relative gap {worst_gap:.2e} (both must be ≤ 1e-6). No result is \"optimal\" "
        "without both; the others say why in their message.",
        "",
        "| kind | " + " | ".join(statuses) + " |",
        "|---|" + "---:|" * len(statuses),
        *[f"| {kind} | " + " | ".join(str(by_kind[kind][s]) for s in statuses) + " |"
          for kind in sorted(by_kind)],
        "",
    ]
    OUT.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
