"""One row of ``mechdesign check``: a closed form against an independent numeric route.

Each reference module exposes ``check_cases() -> list[CheckCase]``; the command line and
``benchmarks/accuracy.py`` print them and fail when one exceeds its tolerance.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["CheckCase", "timed_case"]


@dataclass(frozen=True)
class CheckCase:
    """``closed_form`` vs ``numeric`` (e.g. an SDP optimum) for the benchmark ``id``."""

    id: str
    reference: str          # e.g. "data-monetization §5.1"
    description: str
    closed_form: float
    numeric: float
    rtol: float
    seconds: float          # time of the numeric route

    @property
    def rel_error(self) -> float:
        return abs(self.numeric - self.closed_form) / max(1.0, abs(self.closed_form))

    @property
    def passed(self) -> bool:
        return self.rel_error <= self.rtol


def timed_case(id: str, reference: str, description: str, closed_form: float,
               numeric: Callable[[], float], rtol: float = 1e-6) -> CheckCase:
    """Evaluate ``numeric()`` and time it."""
    start = time.perf_counter()
    value = float(numeric())
    return CheckCase(id, reference, description, float(closed_form), value, rtol,
                     time.perf_counter() - start)
