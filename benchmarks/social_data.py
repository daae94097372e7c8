"""Speed of the social-data routes; writes benchmarks/results/social_data.md.

Targets: evaluating one policy for N = 10**6 consumers is O(1) (closed forms),
and the exact engine handles N = 500 with one factorization (nested information sets). Each row
is the best of ``REPEATS`` wall-clock runs. Run: ``.venv/bin/python benchmarks/social_data.py``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")        # one BLAS thread: the shared machine
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")   # is oversubscribed by parallel jobs

import platform
import time
from pathlib import Path

from mechdesign.markets import social_data as sd

REPEATS = 3
OUT = Path(__file__).parent / "results" / "social_data.md"
POLICIES = {"complete sharing": sd.DataPolicy(),
            "aggregate + noise": sd.DataPolicy(aggregate=True, added_common=0.7, added_idio=0.4),
            "individual + noise": sd.DataPolicy(aggregate=False, added_common=0.7, added_idio=0.4)}


def best_of(task, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return min(times)


def market(n: int) -> sd.SocialDataMarket:
    return sd.SocialDataMarket(n=n, alpha=0.55, beta=0.3, sigma_w2=1.3, sigma_e2=0.8, mean=2.0, cost=0.4)


def closed_form_rows() -> list[str]:
    rows = []
    for n in (10, 10 ** 3, 10 ** 6):
        for name, policy in POLICIES.items():
            seconds = best_of(lambda: [sd.evaluate_policy(market(n), policy) for _ in range(100)]) / 100
            rows.append(f"| closed form (`evaluate_policy`) | N={n:,} | {name} | {seconds * 1e6:.1f} us | - | - |")
    return rows


def largest_set(m: sd.SocialDataMarket, policy: sd.DataPolicy) -> str:
    size = 3 if policy.aggregate else m.n + (1 if policy.added_common + policy.added_idio else 0)
    return f"largest {size}x{size}"


def engine_rows() -> list[str]:
    rows = []
    for n in (10, 100, 500):
        for name, policy in POLICIES.items():
            m = market(n)
            seconds = best_of(lambda: sd.evaluate_exact(m, policy))
            exact = sd.evaluate_exact(m, policy)
            closed = sd.evaluate_policy(m, policy).profit
            error = abs(exact.profit - closed) / max(1.0, abs(closed))
            rows.append(f"| exact engine (`evaluate_exact`) | N={n} | {name} | {seconds:.4f} s | "
                        f"{exact.factorizations} ({largest_set(m, policy)}) | {error:.1e} |")
    return rows


def program_rows() -> list[str]:
    m = sd.SocialDataMarket(n=4, alpha=0.6, beta=0.3, sigma_w2=1.0, sigma_e2=1.5)
    tasks = {"Schur SDP P0 (N=4)": lambda: sd.market_posterior_variance_sdp(m),
             "garbling SDP P2 (N=4)": lambda: sd.outflow_garbling_sdp(m),
             "garbling SDP P2 (N=30)": lambda: sd.outflow_garbling_sdp(sd.SocialDataMarket(n=30, alpha=0.6, beta=0.3)),
             "noise design P6 (B6)": lambda: sd.noise_design_program(sd.SocialDataMarket(n=2, alpha=0.45, beta=0.5)),
             "noise design P6 (N=10^6, certified)": lambda: sd.noise_design_program(sd.SocialDataMarket(n=10 ** 6, alpha=0.3, beta=0.5)),
             "three objectives (N=3)": lambda: sd.compare_objectives(sd.SocialDataMarket(n=3, alpha=0.7, beta=0.2, sigma_w2=1, sigma_e2=2))}
    return [f"| {name} | - | - | {best_of(task):.4f} s | - | - |" for name, task in tasks.items()]


def check_rows() -> list[str]:
    return [f"| {c.id} | {c.description} | {c.closed_form:.12g} | {c.numeric:.12g} | "
            f"{c.rel_error:.1e} | {c.seconds:.4f} | {c.passed} |" for c in sd.check_cases()]


def main() -> None:
    lines = [
        "# social-data benchmark", "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}; best of {REPEATS} "
        "runs (wall clock).", "",
        "Targets: one policy for N = 10^6 consumers in O(1) with the closed forms; the exact "
        "engine at N = 500 with one factorization: for identified records the producer's data "
        "off and on path and the consumer's data are nested, so one Cholesky factor of the "
        "largest covariance serves all of them; the second factorization is the 1x1 "
        "no-intermediary case (s_i alone). One BLAS thread.", "",
        "| route | size | policy | time per evaluation | factorizations | rel. error vs closed form |",
        "|---|---|---|---|---|---|",
        *closed_form_rows(), *engine_rows(), *program_rows(), "",
        "## Closed form vs numeric route (`check_cases`)", "",
        "| id | description | closed form | numeric | rel. error | seconds | passed |",
        "|---|---|---|---|---|---|---|",
        *check_rows(), "",
    ]
    OUT.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
