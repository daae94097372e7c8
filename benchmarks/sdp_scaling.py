"""Time of the full covariance SDP against the number of players.

For n = 2…50 this times ``md.build_program(...).solve()`` (build, compile, solve, verify)
for welfare and revenue, and at n = 30 a baseline: the same welfare program written by
hand with scalar entries and Python sums, as one would without vectorisation. Both are
timed in the same run. Writes ``benchmarks/results/sdp_scaling.md`` and ``sdp_scaling.png``.

Run: ``python benchmarks/sdp_scaling.py``. The dual route against the SDP on asymmetric
games is ``benchmarks/scaling.py``.
"""

from __future__ import annotations

import platform
import time
from pathlib import Path

import cvxpy as cp
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import mechdesign as md  # noqa: E402

RESULTS = Path(__file__).parent / "results"
SIZES = (2, 5, 10, 20, 30, 40, 50)
GAMMA, REPEATS = -0.3, 3


def game(n: int) -> md.LQGame:
    return md.LQGame.symmetric(n, GAMMA, state_mean=1.0, type_mean=0.5, type_var=0.5)


def vectorised(n: int, objective: str) -> tuple[float, float]:
    """(value, seconds inside Clarabel) of md.build_program(...).solve()."""
    res = md.build_program(game(n), objective).solve()
    return res.value, res.problem.solver_stats.solve_time


def scalar_baseline(n: int) -> float:
    """The welfare SDP written by hand: one scalar variable per covariance entry, the
    matrix assembled with cp.bmat, one constraint per prior entry, Python sums."""
    g = game(n)
    size = 2 * n + 1
    entry = {(i, j): cp.Variable() for i in range(size) for j in range(i, size)}
    var = lambda i, j: entry[(min(i, j), max(i, j))]  # noqa: E731
    sigma = cp.bmat([[var(i, j) for j in range(size)] for i in range(size)])
    th, t, a = 0, lambda i: 1 + i, lambda i: 1 + n + i
    mu = g.mean_action[0]
    cons = [sigma >> 0, var(th, th) == g.prior.state_var]
    for i in range(n):
        cons.append(var(th, t(i)) == 0)
        for j in range(i, n):
            cons.append(var(t(i), t(j)) == (g.prior.type_var[i] if i == j else 0.0))
    for i in range(n):
        rivals_aa = sum(var(a(i), a(j)) for j in range(n) if j != i)
        rivals_at = sum(var(a(j), t(i)) for j in range(n) if j != i)
        cons.append(var(a(i), a(i)) == var(a(i), th) + var(a(i), t(i)) + GAMMA * rivals_aa)
        cons.append(var(a(i), t(i)) == g.prior.type_var[i] + GAMMA * rivals_at)
        cons.append(var(a(i), t(i)) >= g.prior.type_var[i])
    value = sum(0.5 * (mu ** 2 + var(a(i), a(i))) for i in range(n))
    problem = cp.Problem(cp.Maximize(value), cons)
    problem.solve(solver=cp.CLARABEL)
    return problem.value, problem.solver_stats.solve_time


def best_time(fn, *args) -> tuple[float, float, float]:
    """(best wall time, best time outside the solver, value) over REPEATS runs."""
    walls, modelling, value = [], [], None
    for _ in range(REPEATS):
        start = time.perf_counter()
        value, solver = fn(*args)
        walls.append(time.perf_counter() - start)
        modelling.append(walls[-1] - solver)
    return min(walls), min(modelling), value


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    rows = []
    for n in SIZES:
        tw, mw, vw = best_time(vectorised, n, "welfare")
        tr, _, _ = best_time(vectorised, n, "revenue")
        rows.append((n, tw, mw, tr, vw))
        print(f"n={n:3d} welfare {tw:.3f}s (modelling {mw:.3f}s) revenue {tr:.3f}s")
    n_base = 30
    t_base, m_base, v_base = best_time(scalar_baseline, n_base)
    _, t_vec, m_vec, _, v_vec = next(r for r in rows if r[0] == n_base)
    ratio, m_ratio = t_vec / t_base, m_vec / m_base
    lines = [
        "# Full SDP: time against n",
        "",
        f"Symmetric game γ = {GAMMA}, σ_θ² = 1, σ_t² = 0.5; time = build + compile + solve + "
        f"verify, best of {REPEATS}; Clarabel via cvxpy {cp.__version__}; "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}.",
        "",
        "| n | matrix size | welfare (s) | of which modelling (s) | revenue (s) |",
        "|---|---|---|---|---|",
        *[f"| {n} | {2 * n + 1} | {tw:.3f} | {mw:.3f} | {tr:.3f} |" for n, tw, mw, tr, _ in rows],
        "",
        f"**Baseline at n = {n_base}**: the same welfare program written by hand (one scalar "
        "variable per entry, cp.bmat, one constraint per prior entry, Python sums).",
        "",
        "| n = 30 | total (s) | modelling = total − Clarabel (s) |",
        "|---|---|---|",
        f"| vectorised (mechdesign) | {t_vec:.3f} | {m_vec:.3f} |",
        f"| scalar baseline | {t_base:.3f} | {m_base:.3f} |",
        f"| ratio | {ratio:.2f} | {m_ratio:.3f} |",
        "",
        f"Target ratio ≤ 0.25 in total time: {'met' if ratio <= 0.25 else 'NOT met'}; in "
        f"modelling time: {'met' if m_ratio <= 0.25 else 'NOT met'}. Both programs hand Clarabel "
        "the same 61×61 PSD cone, whose interior-point iterations dominate the total; "
        f"vectorisation removes the modelling cost. Values agree: {v_vec:.9f} vs {v_base:.9f}.",
    ]
    (RESULTS / "sdp_scaling.md").write_text("\n".join(lines) + "\n")
    fig, ax = plt.subplots(figsize=(6, 4))
    ns = [r[0] for r in rows]
    ax.plot(ns, [r[1] for r in rows], "o-", label="welfare (vectorised)")
    ax.plot(ns, [r[3] for r in rows], "s-", label="revenue (vectorised)")
    ax.plot([n_base], [t_base], "x", ms=10, color="k", label="scalar baseline, welfare")
    ax.set(xlabel="players n", ylabel="seconds", yscale="log", title="Full covariance SDP")
    ax.legend()
    fig.tight_layout()
    fig.savefig(RESULTS / "sdp_scaling.png", dpi=120)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
