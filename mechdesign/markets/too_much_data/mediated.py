r"""Mediated (de-correlated) sharing: Lemma 5 and Theorem 6 in two readings.

Reference: ``shared/reference/too-much-data.md`` §1.7, §2 (Lemma 5, Theorem 6), flag F7,
benchmarks B13, B14, B14b.

A mediator holding every user's raw data releases ``S̃ = Σ⁻¹ S``; then
``E[X S̃ᵀ] = I`` and ``M := E[S̃ S̃ᵀ] = Σ⁻¹ (I + Σ) Σ⁻¹``.

* **Idealised reading** (the paper's Lemma 5 as used in Theorem 6): a sharer leaks
  ``Ĩ_i(S) = I_i(S)``, a non-sharer 0. Minimal prices ``v_i I_i(S)``; the platform
  maximises ``Σ_{i∈S} (1 − v_i) I_i(S)``, users get 0 and profit equals surplus. Flag F7
  shows the leak pattern can be infeasible.
* **Full-transform reading** (implementable): the platform receives ``S̃_T`` for the
  sharing set T. Then ``Cov(X, S̃_T) = I[:, T]`` and a sharer's leak is
  ``Ĩ_i(T) = [(M_TT)⁻¹]_ii``, a non-sharer's 0. This equals ``I_i(V)`` at ``T = V``
  (Lemma 5's case ``a_−i = 1``) but not in general (B14: 0.0648 vs ``I_1({1}) = 0.5``).
  Theorem 6 part 1 carries over (prices ``v_i Ĩ_i(T)``, profit = surplus); part 2
  (``W(ã^E) ≥ W(a^E)``) can fail.

Both readings are options of ``DataMarket.mediated_equilibrium(reading=...)``; this
module holds the full-transform algebra on covariance matrices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .enumeration import MAX_TABLE_USERS, check_size, members
from .outcomes import SharingOutcome

__all__ = ["READINGS", "MediatedOutcome", "transformed_moments", "transformed_leaks",
           "all_transformed_leaks"]

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


def transformed_moments(cov: np.ndarray) -> np.ndarray:
    """``M = E[S̃ S̃ᵀ] = Σ⁻¹ (I + Σ) Σ⁻¹`` for the type covariance ``cov``."""
    precision = np.linalg.inv(cov)
    return precision @ (np.eye(cov.shape[0]) + cov) @ precision


def transformed_leaks(cov: np.ndarray, *, users: np.ndarray) -> np.ndarray:
    """Full-transform leaks ``[(M_TT)⁻¹]_ii`` for ``i ∈ T = users``, 0 otherwise."""
    leaks = np.zeros(cov.shape[0])
    if users.size:
        moments = transformed_moments(cov)
        leaks[users] = np.diag(np.linalg.inv(moments[np.ix_(users, users)]))
    return leaks


def all_transformed_leaks(cov: np.ndarray) -> np.ndarray:
    """(2^n, n) full-transform leaks of every released set, one batched inverse."""
    n = cov.shape[0]
    check_size(n, limit=MAX_TABLE_USERS, what="the full-transform enumeration")
    inside = members(np.arange(2 ** n), n)
    both = inside[:, :, None] * inside[:, None, :]
    blocks = np.where(both == 1, transformed_moments(cov), np.eye(n))
    return inside * np.diagonal(np.linalg.inv(blocks), axis1=1, axis2=2)
