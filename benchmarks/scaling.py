"""Time of the dual route against n, next to the full covariance SDP (dual-route §5).

Random asymmetric games (mixed-sign G scaled to λ_max(sym G) ≤ 0.8, heterogeneous α, β of
both signs, heterogeneous type variances, nonzero means), welfare and revenue with IC:
``md.design(game, objective, method="dual")`` at n = 10 … 1000 and
``md.design(..., method="sdp")`` (cvxpy + Clarabel) at n ≤ 40, in one run. Time is the
wall time of the public call (build, solve, polish, verification), best of a few runs.
Writes ``benchmarks/results/scaling.md`` and ``scaling.png`` (log-log, fitted exponents).

Targets on this machine: n = 100 ≤ 0.2 s, n = 200 ≤ 1 s, n = 500 ≤ 8 s, n = 1000
measured; the dual route at n = 30 at most 1/20 of the SDP's time at n = 30.

Run: ``OMP_NUM_THREADS=1 python benchmarks/scaling.py``.
"""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import mechdesign as md  # noqa: E402

RESULTS = Path(__file__).parent / "results"
DUAL_SIZES = (10, 30, 100, 200, 500, 1000)
SDP_SIZES = (10, 20, 30, 40)
OBJECTIVES = ("welfare", "revenue")
SEEDS = (0, 1)
TARGETS = {100: 0.2, 200: 1.0, 500: 8.0}


def game(n: int, seed: int) -> md.LQGame:
    """A random asymmetric game with a bounded obedient set (λ_max(sym G) ≤ 0.8)."""
    rng = np.random.default_rng(1000 * n + seed)
    g = rng.uniform(-0.6, 0.6, (n, n))
    np.fill_diagonal(g, 0.0)
    top = np.linalg.eigvalsh((g + g.T) / 2)[-1]
    g *= min(1.0, 0.8 / top)
    prior = md.GaussianPrior(rng.normal(), rng.uniform(0.2, 3.0), rng.normal(size=n),
                             np.diag(rng.uniform(0.1, 3.0, n)))
    beta = rng.choice([-1, 1], n) * rng.uniform(0.3, 1.5, n)
    return md.LQGame(rng.uniform(0.3, 1.5, n), beta, g, prior)


def timed(g: md.LQGame, objective: str, method: str, repeats: int):
    best, res = np.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        res = md.design(g, objective, method=method)
        best = min(best, time.perf_counter() - start)
    return best, res


def exponent(ns, seconds) -> float:
    """Slope of log(time) against log(n) (least squares)."""
    return float(np.polyfit(np.log(ns), np.log(seconds), 1)[0])


def run() -> dict:
    out = {}
    for n in sorted(set(DUAL_SIZES) | set(SDP_SIZES)):
        for objective in OBJECTIVES:
            for seed in SEEDS if n <= 500 else SEEDS[:1]:
                g = game(n, seed)
                row = {}
                if n in DUAL_SIZES:
                    t, res = timed(g, objective, "dual", 3 if n <= 100 else 1)
                    row["dual"] = (t, res)
                    print(f"n={n:4d} {objective:8s} seed {seed} dual {t:8.3f}s {res.message}", flush=True)
                if n in SDP_SIZES and (n < 40 or seed == 0):
                    t, res = timed(g, objective, "sdp", 1)
                    row["sdp"] = (t, res)
                    print(f"n={n:4d} {objective:8s} seed {seed} sdp  {t:8.3f}s {res.status}", flush=True)
                out[(n, objective, seed)] = row
    return out


def _span(values) -> str:
    return f"{min(values):.3f}" if len(values) == 1 or min(values) == max(values) else \
        f"{min(values):.3f}–{max(values):.3f}"


def table(out: dict) -> tuple[list[str], dict]:
    lines = ["| n | objective | dual (s) | Newton steps | certified gap | max residual | SDP (s) | "
             "dual − SDP (rel.) |", "|---|---|---|---|---|---|---|---|"]
    medians = {}
    for n in sorted({k[0] for k in out}):
        for objective in OBJECTIVES:
            rows = [out[k] for k in out if k[0] == n and k[1] == objective]
            dual = [r["dual"] for r in rows if "dual" in r]
            sdp = [r["sdp"] for r in rows if "sdp" in r]
            cells = ["", "", "", "", ""]
            if dual:
                steps = [int(res.message.split()[2]) for _, res in dual]
                cells = [_span([t for t, _ in dual]), f"{min(steps)}–{max(steps)}",
                         f"{max(res.gap for _, res in dual):.1e}",
                         f"{max(max(res.residuals.values()) for _, res in dual):.1e}"]
                medians[("dual", n, objective)] = float(np.median([t for t, _ in dual]))
            else:
                cells = ["—", "—", "—", "—"]
            if sdp:
                medians[("sdp", n, objective)] = float(np.median([t for t, _ in sdp]))
                cells.append(_span([t for t, _ in sdp]))
            else:
                cells.append("—")
            both = [r for r in rows if "dual" in r and "sdp" in r]
            errs = [abs(r["dual"][1].value - r["sdp"][1].value) / max(1.0, abs(r["sdp"][1].value))
                    for r in both]
            cells.append(f"{max(errs):.1e}" if errs else "—")
            lines.append(f"| {n} | {objective} | " + " | ".join(cells) + " |")
    return lines, medians


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    load = os.getloadavg()
    out = run()
    lines, med = table(out)
    fits = {}
    for route, sizes in (("dual", [n for n in DUAL_SIZES if n >= 100]), ("sdp", [n for n in SDP_SIZES if n >= 20])):
        for objective in OBJECTIVES:
            fits[(route, objective)] = exponent(sizes, [med[(route, n, objective)] for n in sizes])
    checks = [f"- n = {n}: dual ≤ {limit:g} s — "
              + ", ".join(f"{o} {med[('dual', n, o)]:.3f} s ({'met' if med[('dual', n, o)] <= limit else 'NOT met'})"
                          for o in OBJECTIVES) for n, limit in TARGETS.items()]
    checks.append("- n = 30: dual ≤ SDP / 20 — " + ", ".join(
        f"{o} {med[('dual', 30, o)]:.3f} s vs {med[('sdp', 30, o)]:.3f} s, ratio "
        f"1/{med[('sdp', 30, o)] / med[('dual', 30, o)]:.0f} "
        f"({'met' if 20 * med[('dual', 30, o)] <= med[('sdp', 30, o)] else 'NOT met'})" for o in OBJECTIVES))
    text = [
        "# Dual route vs full SDP: time against n",
        "",
        f"Random asymmetric games (benchmarks/scaling.py: mixed-sign G with λ_max(sym G) ≤ 0.8, "
        f"heterogeneous α, β of both signs, type variances in [0.1, 3]); seeds {SEEDS} "
        "(one seed at n = 1000 and for the SDP at n = 40); time = wall time of md.design "
        "(build, solve, polish, verification), best of 3 runs for the dual at n ≤ 100, one run "
        f"otherwise; Clarabel via cvxpy for the SDP. {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, OMP/OPENBLAS threads "
        f"{os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, the dual route pins BLAS to one thread; "
        f"load average at start {load[0]:.1f} on {os.cpu_count()} cores (the machine is shared, "
        "so times carry that noise).",
        "",
        *lines,
        "",
        "Fitted exponents (time ∝ n^k, least squares on the medians): "
        + "; ".join(f"{r} {o}: k = {k:.2f}" for (r, o), k in fits.items())
        + " (dual over n ≥ 100, SDP over 20 ≤ n ≤ 40).",
        "",
        "Targets:",
        *checks,
    ]
    (RESULTS / "scaling.md").write_text("\n".join(text) + "\n")
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    for route, sizes, marker in (("dual", DUAL_SIZES, "o"), ("sdp", SDP_SIZES, "s")):
        for objective, style in zip(OBJECTIVES, ("-", "--")):
            ax.plot(sizes, [med[(route, n, objective)] for n in sizes], marker + style,
                    label=f"{route} {objective} (k = {fits[(route, objective)]:.2f})")
    ax.set(xscale="log", yscale="log", xlabel="players n", ylabel="seconds (median)",
           title="Dual route vs full SDP, random asymmetric games")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(RESULTS / "scaling.png", dpi=120)
    print("\n".join(text))


if __name__ == "__main__":
    main()
