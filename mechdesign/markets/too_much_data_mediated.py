r"""Mediated (de-correlated) sharing: Lemma 5 and Theorem 6 in two readings.

Reference: ``shared/reference/too-much-data.md`` §1.7, §2 (Lemma 5, Theorem 6), flag F7,
benchmarks B13, B14, B14b.

A mediator holding every user's raw data releases ``S̃ = Σ⁻¹ S``; then
``E[X S̃ᵀ] = I`` and ``M := E[S̃ S̃ᵀ] = Σ⁻¹ (I + Σ) Σ⁻¹``.

* **Idealised reading** (the paper's Lemma 5 as used in Theorem 6): a sharer leaks
  ``Ĩ_i(S) = I_i(S)``, a non-sharer 0. Minimal prices ``v_i I_i(S)``; the platform
  maximises ``Σ_{i∈S} (1 − v_i) I_i(S)``, users get 0 and profit equals surplus. Implemented
  by ``DataMarket.mediated_equilibrium``; flag F7 shows the leak pattern can be infeasible.
* **Full-transform reading** (implementable): the platform receives ``S̃_T`` for the
  sharing set T. Then ``Cov(X, S̃_T) = I[:, T]`` and a sharer's leak is
  ``Ĩ_i(T) = [(M_TT)⁻¹]_ii``, a non-sharer's 0. This equals ``I_i(V)`` at ``T = V``
  (Lemma 5's case ``a_−i = 1``) but not in general (B14: 0.0648 vs ``I_1({1}) = 0.5``).
  Theorem 6 part 1 carries over (prices ``v_i Ĩ_i(T)``, profit = surplus); part 2
  (``W(ã^E) ≥ W(a^E)``) can fail.

``MediatedOutcome`` reports both the chosen set and the surplus comparison of Theorem 6.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mechdesign._validation import check_choice

from mechdesign.markets.too_much_data import (
    MAX_TABLE_USERS,
    DataMarket,
    Sharing,
    SharingOutcome,
    _check_size,
    _members,
    mask_to_set,
    select_mask,
)

__all__ = ["MediatedOutcome", "transformed_moments", "transformed_leaks", "theorem6"]

READINGS = ("idealised", "full_transform")


@dataclass(frozen=True)
class MediatedOutcome:
    """Theorem 6 under one reading, next to the unmediated equilibrium."""

    reading: str
    mediated: SharingOutcome        # ã^E with its (mediated-world) leaks and prices
    unmediated: SharingOutcome      # a^E of the raw market

    @property
    def surplus_gain(self) -> float:
        """``W(ã^E) − W(a^E)``; Theorem 6 part 2 claims it is ≥ 0."""
        return self.mediated.surplus - self.unmediated.surplus


def transformed_moments(market: DataMarket) -> np.ndarray:
    """``M = E[S̃ S̃ᵀ] = Σ⁻¹ (I + Σ) Σ⁻¹``."""
    precision = market.precision
    return precision @ (np.eye(market.n) + market.cov) @ precision


def transformed_leaks(market: DataMarket, released: Sharing) -> np.ndarray:
    """Full-transform leaks ``[(M_TT)⁻¹]_ii`` for ``i ∈ T``, 0 otherwise."""
    users = market.sharing_set(released)
    leaks = np.zeros(market.n)
    if users.size:
        moments = transformed_moments(market)
        leaks[users] = np.diag(np.linalg.inv(moments[np.ix_(users, users)]))
    return leaks


def _all_transformed_leaks(market: DataMarket) -> np.ndarray:
    """(2^n, n) full-transform leaks of every released set, one batched inverse."""
    _check_size(market.n, MAX_TABLE_USERS, "the full-transform enumeration")
    members = _members(np.arange(2 ** market.n), market.n)
    inside = members[:, :, None] * members[:, None, :]
    eye = np.eye(market.n)
    blocks = np.where(inside == 1, transformed_moments(market), eye)
    return members * np.diagonal(np.linalg.inv(blocks), axis1=1, axis2=2)


def _outcome(market: DataMarket, sharing: frozenset[int], leaks: np.ndarray) -> SharingOutcome:
    prices = market.privacy * leaks
    return SharingOutcome(sharing, prices, leaks, leaks.copy(), np.zeros(market.n),
                          float(leaks.sum() - prices.sum()), float((1 - market.privacy) @ leaks))


def theorem6(market: DataMarket, reading: str = "idealised") -> MediatedOutcome:
    """Mediated equilibrium ``ã^E`` under ``reading`` and the raw equilibrium ``a^E``."""
    check_choice(reading, "reading", "theorem6", READINGS)
    if reading == "idealised":
        mediated = market.mediated_equilibrium()
    else:
        table = _all_transformed_leaks(market)
        sharing = mask_to_set(select_mask(table @ (1 - market.privacy)))
        mediated = _outcome(market, sharing, transformed_leaks(market, sharing))
    return MediatedOutcome(reading, mediated, market.equilibrium())
