"""What a sharing set yields at its minimal supporting prices (too-much-data §1.3–§1.4).

All numbers are totals over users unless a field is a per-user vector.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .enumeration import members

__all__ = ["SharingOutcome", "SharingTable"]


@dataclass(frozen=True)
class SharingOutcome:
    """A sharing set at its minimal supporting prices ``p_i = v_i m_i(S)``."""

    sharing: frozenset[int]
    prices: np.ndarray          # (n,) minimal supporting prices
    leaks: np.ndarray           # (n,) I_i(S)
    marginals: np.ndarray       # (n,) m_i(S), zero for non-sharers
    utilities: np.ndarray       # (n,) a_i p_i − v_i I_i(S) = −v_i I_i(S∖{i})
    platform_payoff: float      # Π(S)
    surplus: float              # W(S)

    @property
    def users_surplus(self) -> float:
        return float(self.utilities.sum())

    def __repr__(self) -> str:
        users = sorted(self.sharing)
        return (f"<SharingOutcome S={users} platform={self.platform_payoff:.6g} "
                f"surplus={self.surplus:.6g} users={self.users_surplus:.6g}>")


@dataclass(frozen=True)
class SharingTable:
    """Leaks and own marginals of every sharing set (row = bitmask)."""

    leaks: np.ndarray       # (2^n, n)
    marginals: np.ndarray   # (2^n, n)

    @property
    def members(self) -> np.ndarray:
        """(2^n, n) 0/1 membership matrix."""
        return members(np.arange(self.leaks.shape[0]), self.leaks.shape[1])
