"""Every closed form against its numeric route: the rows of ``mechdesign check``.

Gathers ``check_cases()`` from each reference module (data-monetization, too-much-data,
social-data, privacy-oligopoly); each row pairs a closed form with an independent
numeric optimum (SDP, QP, LP, enumeration, exact engine) and a tolerance.
"""

from __future__ import annotations

from importlib import import_module

from mechdesign._checks import CheckCase

__all__ = ["MODULES", "all_cases"]

MODULES = (
    "mechdesign.analytic.data_monetization.cases",
    "mechdesign.markets.too_much_data",
    "mechdesign.markets.social_data",
    "mechdesign.markets.privacy_oligopoly",
)


def all_cases(prefix: str | None = None) -> list[CheckCase]:
    """All check rows, optionally only those whose id starts with ``prefix``."""
    cases = [case for name in MODULES for case in import_module(name).check_cases()]
    return [c for c in cases if prefix is None or c.id.startswith(prefix)]
