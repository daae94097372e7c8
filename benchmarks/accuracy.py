"""Closed forms against numeric optima for every implemented reference benchmark.

Runs the rows of ``mechdesign check`` (mechdesign.checks.all_cases) and writes
``benchmarks/results/accuracy.md``: id, reference, closed form, numeric optimum, relative
error, tolerance and the time of the numeric route. Run: ``python benchmarks/accuracy.py``.
"""

from __future__ import annotations

import time
from pathlib import Path

from mechdesign.checks import all_cases

RESULTS = Path(__file__).parent / "results"


def main() -> None:
    start = time.perf_counter()
    cases = all_cases()
    total = time.perf_counter() - start
    failed = [c.id for c in cases if not c.passed]
    worst = max(cases, key=lambda c: c.rel_error / c.rtol)
    lines = [
        "# Accuracy: closed forms vs numeric optima",
        "",
        f"{len(cases)} cases, {len(cases) - len(failed)} within tolerance, {len(failed)} outside "
        f"({', '.join(failed) or 'none'}); largest error relative to its tolerance: {worst.id} "
        f"({worst.rel_error:.1e} vs {worst.rtol:.0e}). Total {total:.1f} s. "
        "Relative error = |numeric − closed form| / max(1, |closed form|).",
        "",
        "| id | reference | what | closed form | numeric | rel. error | tol | time (s) |",
        "|---|---|---|---|---|---|---|---|",
        *[f"| {c.id} | {c.reference} | {c.description} | {c.closed_form:.10g} | {c.numeric:.10g} "
          f"| {c.rel_error:.1e} | {c.rtol:.0e} | {c.seconds:.3f} |" for c in cases],
    ]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "accuracy.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines[:3]))
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
