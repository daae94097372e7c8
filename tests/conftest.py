"""Shared helpers: outcome assertions, random games; normalised_game re-exported."""

from __future__ import annotations

import numpy as np
import pytest

import mechdesign as md
from mechdesign.analytic.data_monetization.cases import normalised_game  # noqa: F401


def assert_optimal(res: md.DesignResult, value: float | None = None, rtol: float = 1e-6) -> None:
    assert res.status == "optimal", f"status={res.status!r}: {res.message}"
    if value is not None:
        assert res.value == pytest.approx(value, rel=rtol, abs=rtol), (res.value, value, res.message)


def random_general_game(rng: np.random.Generator, n: int, correlated: bool = False) -> md.LQGame:
    """An asymmetric game whose obedient set is bounded: λ_max(sym G) < 1 (DESIGN §5)."""
    g = rng.uniform(-0.6, 0.6, (n, n))
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
    return md.LQGame(rng.uniform(0.3, 1.5, n), rng.choice([-1, 1]) * rng.uniform(0.3, 1.5, n), g, prior)
