"""Fuzz suite: 1,000+ seeded random design problems per run, checked independently.

The problems come from :func:`mechdesign.testing.random_problem` (symmetric and
asymmetric games, correlated types, zero rows of G, markets, delegation, every objective,
and a hard regime). The verifier below is written from DESIGN.md §5 alone — it does not
call ``verify()``, the rents module or the certificates:

* an "optimal" result has Σ ⪰ 0, obedience Cov(r_i, a_i) = Cov(r_i, t_i) = 0 and
  participation β_i Cov(a_i, t_i) ≥ β_i² Var(t_i) to 1e-6 (scaled), and its value is
  neither more than 1e-6 below a feasible benchmark mechanism nor above its certified bound;
* no "unbounded" for an obedient problem with sym(I − G) ≻ 0 (it is then bounded);
* no "infeasible" when a benchmark mechanism is feasible.
"""

from __future__ import annotations

import numpy as np
import pytest

import mechdesign as md
from mechdesign.testing import random_problem

CHUNKS, PER_CHUNK = 25, 42          # 1,050 problems
TOL = 1e-6


def _breach(game, mean, cov, *, obedience: bool, ic: bool) -> float:
    """Largest scaled constraint breach of (mean, cov), from DESIGN.md §5."""
    n = game.n
    sd = np.sqrt(np.clip(np.diag(cov), 1e-300, None))
    worst = max(0.0, -float(np.linalg.eigvalsh(cov / np.outer(sd, sd))[0]))
    theta, types, acts = 0, np.arange(1, n + 1), np.arange(n + 1, 2 * n + 1)
    if obedience:
        for i in range(n):
            r = np.zeros(2 * n + 1)                        # r_i = αθ + βt_i + Σ G_ij a_j − a_i
            r[theta], r[types[i]] = game.alpha[i], game.beta[i]
            r[acts] += game.interaction[i]
            r[acts[i]] -= 1.0
            sd_r = np.sqrt((r ** 2) @ np.diag(cov))        # the scale of r's terms (r may be 0)
            for k in (acts[i], types[i]):
                worst = max(worst, abs(r @ cov[:, k]) / max(sd_r * sd[k], 1e-300))
            worst = max(worst, abs(r @ mean) / (np.abs(r) @ np.abs(mean) + 1.0))
    if ic:
        for i in range(n):
            b, var = game.beta[i], cov[types[i], types[i]]
            if b != 0:
                worst = max(worst, (b * b * var - b * cov[acts[i], types[i]]) / (b * b * var))
    return worst


def _joint(mechanism):
    return mechanism.mean, mechanism.cov


def _check(problem) -> str:
    game = problem.game
    try:
        res = md.design(game, problem.objective, obedience=problem.obedience, ic=problem.ic)
    except ValueError as err:                              # refused: must name a parameter
        assert "parameter" in str(err) or "objective" in str(err), str(err)
        return "refused"
    label = f"{problem.label()} -> {res.status}: {res.message}"
    benchmarks = []
    for make in md.reference_mechanisms.BENCHMARKS.values():
        try:
            bench = make(game)
        except np.linalg.LinAlgError:
            continue
        if _breach(game, *_joint(bench), obedience=True, ic=problem.ic) <= 1e-9:
            benchmarks.append(bench)
    g = game.interaction
    bounded = problem.obedience and np.linalg.eigvalsh(np.eye(game.n) - (g + g.T) / 2)[0] > 0
    assert not (bounded and res.status == "unbounded"), label
    assert not (benchmarks and res.status == "infeasible"), label
    if res.status != "optimal":
        return res.status
    m = res.mechanism
    assert _breach(game, *_joint(m), obedience=problem.obedience, ic=problem.ic) <= TOL, label
    scale = max(abs(res.value), 1e-300)
    assert res.value <= res.bound + TOL * scale, label
    for bench in benchmarks:
        other = bench.value(problem.objective)
        assert res.value >= other - TOL * max(scale, abs(other)), (label, other)
    return "optimal"


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_problems(chunk):
    rng = np.random.default_rng([20261202, chunk])
    statuses = [_check(random_problem(rng)) for _ in range(PER_CHUNK)]
    assert statuses.count("optimal") >= PER_CHUNK // 2, statuses    # the suite is not vacuous
