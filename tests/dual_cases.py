"""Random asymmetric games for the dual-route tests, and an independent cvxpy form of min D.

``dual_minimum_cvxpy`` writes the dual function of mechdesign/dual/function.py as a cvxpy
program (matrix_frac for ¼ tr(H'P̃HM⁻¹), −sqrt for the rent conjugates) so that the
dual's optimum can be compared with the primal SDP without the Newton route.
"""

from __future__ import annotations

import cvxpy as cp
import numpy as np

import mechdesign as md
from mechdesign.dual.function import DualData, Multipliers


def random_game(rng: np.random.Generator, n: int, *, zero_rows: int = 0, correlated: bool = False,
                market: str = "") -> md.LQGame:
    """An asymmetric game with λ_max(sym G) < 0.8 (bounded obedient set), heterogeneous α,
    β of both signs, heterogeneous variances and nonzero means; the first ``zero_rows``
    players have a zero row of G (they cannot be threatened off path)."""
    if market:
        high = min(0.6, 0.9 / (n - 1))
        delta = rng.uniform(0.3 * high, high)
        spread = rng.uniform(0.8, 1.2, n)
        maker = md.games.cournot if market == "cournot" else md.games.bertrand
        base = maker(n=n, delta=delta, demand_mean=rng.uniform(2, 5), demand_var=rng.uniform(0.5, 2),
                     cost_mean=rng.uniform(0, 1), cost_var=rng.uniform(0.2, 1))
        g = base.interaction * spread[:, None]
        return md.LQGame(base.alpha, base.beta, g, base.prior, base.market)
    g = rng.uniform(-0.6, 0.6, (n, n))
    g[:zero_rows] = 0.0
    np.fill_diagonal(g, 0.0)
    top = np.linalg.eigvalsh((g + g.T) / 2)[-1]
    if top > 0.8:
        g *= 0.8 / top
    if correlated:
        root = rng.normal(size=(n, n))
        type_cov = root @ root.T / n + 0.2 * np.eye(n)
    else:
        type_cov = np.diag(rng.uniform(0.1, 3.0, n))
    prior = md.GaussianPrior(rng.normal(), rng.uniform(0.2, 3.0), rng.normal(size=n), type_cov)
    beta = rng.choice([-1, 1], n) * rng.uniform(0.3, 1.5, n)
    return md.LQGame(rng.uniform(0.3, 1.5, n), beta, g, prior)


def random_problem(rng: np.random.Generator, n: int, case: tuple):
    """``(game, objective, ic)`` from a case ``(objective, ic, zero_rows, correlated,
    market)``: a ``random_game`` and the objective by name, with a random player for
    "payoff" and a random quadratic form for "custom"."""
    objective, ic, zero_rows, correlated, market = case
    game = random_game(rng, n, zero_rows=min(zero_rows, n - 1), correlated=correlated,
                       market=market)
    if objective == "payoff":
        objective = md.objectives.player_payoff(game, int(rng.integers(n)))
    elif objective == "custom":
        q = rng.normal(size=(game.size, game.size))
        objective = md.objectives.quadratic(q @ q.T / game.size - 0.5 * np.eye(game.size))
    return game, objective, ic


def dual_minimum_cvxpy(data: DualData) -> tuple[float, Multipliers]:
    """min D over the multipliers, written directly in cvxpy (Clarabel)."""
    n = data.n
    y, z, w, lam = (cp.Variable(n, name=k) for k in ("y", "z", "w", "lam"))
    ay = cp.multiply(y[:, None] @ np.ones((1, n)), data.A)
    m = -data.K - (ay + ay.T) / 2
    wic = cp.multiply(data.ic.astype(float), w)
    lrent = cp.multiply(data.rent.astype(float), lam)
    diag = cp.multiply(data.beta, y + wic) + lrent
    rows = cp.vstack([cp.reshape(cp.multiply(data.alpha, y), (1, n), order="C"),
                      cp.diag(diag) + cp.multiply(z[:, None] @ np.ones((1, n)), data.A)])
    h = data.L + rows
    vals, vecs = np.linalg.eigh(data.P)
    root = (vecs * np.sqrt(np.clip(vals, 0, None))) @ vecs.T
    value = (data.const + z @ (data.beta * np.diag(data.P)[1:]) - wic @ data.beta ** 2
             + cp.matrix_frac((root @ h).T, (m + m.T) / 2) / 4)
    cons = [w >= 0]
    idx = np.flatnonzero(data.rent)
    if idx.size:
        kappa = cp.multiply(lam[idx], 1 / data.beta[idx]) + data.q[idx] / 2
        value = value + cp.sum(-data.rent_k[idx] - cp.multiply(kappa, data.rent_g[idx])
                               - cp.multiply(np.sqrt(2 * data.rent_c[idx]), cp.sqrt(kappa)))
        cons.append(kappa >= 0)
    prob = cp.Problem(cp.Minimize(value), cons)
    prob.solve(solver=cp.CLARABEL, tol_gap_abs=1e-10, tol_gap_rel=1e-10, tol_feas=1e-10)
    mult = Multipliers(y.value, z.value, np.where(data.ic, w.value, 0.0),
                       np.where(data.rent, lam.value, 0.0))
    return float(prob.value), mult
