r"""When the equilibrium is inefficient: Theorem 3 (known values) and Theorem B-3 (unknown).

Reference: ``shared/reference/too-much-data.md`` §1.4 (Theorem 3, reconstructed from the
appendix), §2 (Theorem B-3, statements only), flag F12.

With ``V^(l) = {i : v_i ≤ 1}``, ``V^(h)`` the rest and, for unknown values,
``V_Φ^(l) = {i : Φ_i(v_i) ≤ 1}``:

Theorem 3
    1. high-value users uncorrelated with everyone else ⇒ ``a^E`` is efficient;
    2. some high-value user correlated with a low-value user ⇒ inefficient for ``v^(h)``
       large enough;
    3. high-value users uncorrelated with low-value ones but correlated with each other ⇒
       inefficient for ``v_i`` below some ``v̄_i`` (> 1).

Theorem B-3 (allocation of Theorem B-2 at the true values)
    1. high-value users uncorrelated with all others and ``V^(l) = V_Φ^(l)`` ⇒ efficient;
    2. some high-value user correlated with ``V_Φ^(l)`` ⇒ inefficient for ``v^(h)`` large;
    3. high-value users uncorrelated with ``V_Φ^(l)`` but some user of
       ``V^(l) ∖ V_Φ^(l)`` correlated with a high-value user ⇒ inefficient for ``v^(h)``
       large and that user's value small enough;
    4. high-value users uncorrelated with ``V^(l)``, some correlated with each other ⇒
       inefficient for their values below some ``v̄_i``.

``theorem3`` and ``theorem_b3`` report which part's hypotheses hold (0: none) next to the
computed equilibrium and first-best surplus, so each claim can be checked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .enumeration import mask_to_set, select_mask

__all__ = ["EfficiencyCheck", "theorem3_part", "theorem3", "theorem_b3_part", "theorem_b3"]


@dataclass(frozen=True)
class EfficiencyCheck:
    """The part of the theorem that applies and the surplus of ``a^E`` against ``a^W``."""

    part: int                        # 0 when no part's hypotheses hold
    equilibrium: frozenset[int]      # a^E (Theorem B-2 allocation for unknown values)
    first_best: frozenset[int]       # a^W
    equilibrium_surplus: float       # W(a^E) at the true values
    first_best_surplus: float        # W(a^W)

    @property
    def surplus_loss(self) -> float:
        """``W(a^W) − W(a^E) ≥ 0``."""
        return self.first_best_surplus - self.equilibrium_surplus

    @property
    def efficient(self) -> bool:
        return self.surplus_loss <= 1e-12 * max(1.0, abs(self.first_best_surplus))


def _linked(cov: np.ndarray, rows, cols) -> bool:
    """Some ``i ∈ rows``, ``j ∈ cols``, ``i ≠ j`` with ``Σ_ij ≠ 0``."""
    return any(cov[i, j] != 0 for i in rows for j in cols if i != j)


def theorem3_part(market) -> int:
    """Which part of Theorem 3 the correlation pattern of ``market`` falls under."""
    low, high, everyone = market.low_value_users, market.high_value_users, range(market.n)
    if not _linked(market.cov, high, everyone):
        return 1
    return 2 if _linked(market.cov, high, low) else 3


def theorem3(market) -> EfficiencyCheck:
    """Theorem 3 for ``market``: the part that applies, ``W(a^E)`` and ``W(a^W)``."""
    equilibrium, first_best = market.equilibrium(), market.first_best()
    return EfficiencyCheck(theorem3_part(market), equilibrium.sharing, first_best.sharing,
                           equilibrium.surplus, first_best.surplus)


def theorem_b3_part(mechanism) -> int:
    """Which part of Theorem B-3 applies to ``mechanism`` at its market's true values."""
    market = mechanism.market
    cov, low, high = market.cov, market.low_value_users, market.high_value_users
    virtual = mechanism.virtual_values(market.privacy)
    virtual_low = frozenset(np.flatnonzero(virtual <= 1).tolist())
    if not _linked(cov, high, range(market.n)):
        return 1 if virtual_low == low else 0
    if _linked(cov, high, virtual_low):
        return 2
    if _linked(cov, high, low - virtual_low):
        return 3
    return 4 if _linked(cov, high, high) and not _linked(cov, high, low) else 0


def theorem_b3(mechanism) -> EfficiencyCheck:
    """Theorem B-3: the Theorem B-2 allocation at the true values against the first best."""
    market = mechanism.market
    table = market.table
    virtual = mechanism.virtual_values(market.privacy)
    chosen = mask_to_set(select_mask(table.leaks.sum(axis=1) - table.marginals @ virtual))
    first_best = market.first_best()
    return EfficiencyCheck(theorem_b3_part(mechanism), chosen, first_best.sharing,
                           market.surplus(chosen), first_best.surplus)
