"""Speed of the three routes for symmetric games, up to n = 10,000.

* analytic: the closed forms (data-monetization §3) — ``data_monetization.optimum``;
* symmetric: the reduced program (§2.4 B) — ``symmetric.reduced_optimum``, a cached DPP
  cvxpy program re-solved by Clarabel with new parameters;
* sdp: the full (2n+1)×(2n+1) covariance SDP, for the sizes where it is practical.

The first two are timed without building the dense (2n+1)² mechanism (which alone is
3.2 GB at n = 10,000). Writes ``benchmarks/results/symmetric_speed.md``.
Run: ``python benchmarks/symmetric_speed.py``.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import mechdesign as md
from mechdesign import symmetric
from mechdesign.analytic import data_monetization as dm

RESULTS = Path(__file__).parent / "results"
SIZES = (2, 10, 100, 1_000, 10_000)
SDP_SIZES = (2, 10)
GAMMA_TOTAL = -0.6          # (n − 1)γ, so that γ is admissible for every n
REPEATS = 50


def params(n: int) -> symmetric.SymmetricParams:
    return symmetric.SymmetricParams(n, GAMMA_TOTAL / (n - 1), 1.0, 1.0, 1.0, 1.0, 0.5, 0.5)


def median_ms(fn) -> float:
    fn()  # warm (compiles the DPP program once per structure)
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def main() -> None:
    rows = []
    for objective in ("welfare", "revenue"):
        for n in SIZES:
            p = params(n)
            coef = symmetric.coefficients(p, objective)
            t_sym = median_ms(lambda: symmetric.reduced_optimum(p, coef))
            t_an = median_ms(lambda: dm.optimum(objective, n, p.gamma, 1.0, 0.5, 1.0, 0.5))
            v_sym = symmetric.reduced_optimum(p, coef).value
            v_an = dm.optimum(objective, n, p.gamma, 1.0, 0.5, 1.0, 0.5).value
            t_sdp = ""
            if n in SDP_SIZES:
                game = md.LQGame.symmetric(n, p.gamma, 1, 1, 1.0, 1.0, 0.5, 0.5)
                start = time.perf_counter()
                md.design(game, objective, method="sdp")
                t_sdp = f"{1e3 * (time.perf_counter() - start):.1f}"
            rows.append((objective, n, t_an, t_sym, t_sdp, abs(v_sym - v_an) / abs(v_an)))
            print(rows[-1])
    lines = [
        "# Symmetric games: closed form, reduced program and full SDP",
        "",
        f"(n − 1)γ = {GAMMA_TOTAL}, σ_θ² = 1, σ_t² = 0.5, μ_θ = 1, μ_t = 0.5; median of "
        f"{REPEATS} runs after one warm-up (ms); SDP: one cold solve. Targets at n = 10,000: "
        "reduced program < 10 ms, closed form < 1 ms.",
        "",
        "| objective | n | analytic (ms) | symmetric (ms) | full SDP (ms) | rel. diff analytic vs symmetric |",
        "|---|---|---|---|---|---|",
        *[f"| {o} | {n} | {a:.3f} | {s:.2f} | {d or '—'} | {e:.1e} |" for o, n, a, s, d, e in rows],
    ]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "symmetric_speed.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
