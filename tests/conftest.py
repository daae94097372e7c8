"""Shared helpers: outcome assertions; normalised_game re-exported (random games: dual_cases)."""

from __future__ import annotations

import pytest

import mechdesign as md
from mechdesign.analytic.data_monetization.cases import normalised_game  # noqa: F401


def assert_optimal(res: md.DesignResult, value: float | None = None, rtol: float = 1e-6) -> None:
    assert res.status == "optimal", f"status={res.status!r}: {res.message}"
    if value is not None:
        assert res.value == pytest.approx(value, rel=rtol, abs=rtol), (res.value, value, res.message)
