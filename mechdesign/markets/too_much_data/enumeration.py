r"""Exact enumeration of sharing sets as bitmasks (too-much-data §3.1(d), §3.2, flag F14).

A sharing set ``S ⊆ {0, …, n-1}`` is the bitmask ``Σ_{i∈S} 2^i`` (bit ``i`` is user
``i``). Posterior covariances of all sets are grown bit by bit with the rank-one update

.. math::  P(S ∪ \{j\}) = P(S) - P(S) e_j e_j^T P(S) / (1 + P(S)_{jj}),

so each set costs ``O(n²)``. Ties in an argmax (within 1e-12, relative) go to the larger
set, then to the smaller bitmask (flag F14).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

__all__ = [
    "Sharing",
    "MAX_ENUMERATION_USERS",
    "MAX_TABLE_USERS",
    "members",
    "grow_posteriors",
    "check_size",
    "select_mask",
    "mask_to_set",
    "set_to_mask",
]

#: Largest n for exact enumeration (2^22 ≈ 4 million sharing sets).
MAX_ENUMERATION_USERS = 22
#: Largest n for which a full table of leaks per set is kept in memory.
MAX_TABLE_USERS = 16
TIE = 1e-12

#: A sharing set: any iterable of distinct 0-based user indices.
Sharing = Iterable[int]


def members(masks: np.ndarray, n: int) -> np.ndarray:
    """(len(masks), n) 0/1 membership matrix of the bitmasks ``masks``."""
    return ((masks[:, None] >> np.arange(n)) & 1).astype(float)


def grow_posteriors(precision: np.ndarray, *, start_members: np.ndarray,
                    bits: int) -> np.ndarray:
    """Posterior covariances of ``start ∪ T`` for every T ⊆ {0..bits-1}, in mask order."""
    posterior = np.linalg.inv(precision + np.diag(start_members))[None]
    for j in range(bits):
        column = posterior[:, :, j]
        update = column[:, :, None] * column[:, None, :] / (1 + posterior[:, j, j])[:, None, None]
        posterior = np.concatenate([posterior, posterior - update])
    return posterior


def check_size(n: int, *, limit: int, what: str) -> None:
    """ValueError naming ``n`` when ``what`` needs ``2^n`` sets and ``n > limit``."""
    if n > limit:
        raise ValueError(
            f"{what.capitalize()} needs n ≤ {limit} users (2^n sets). Got n={n} instead. "
            f"For communities of exchangeable users of any size use "
            f"mechdesign.markets.too_much_data.Communities.")


def select_mask(values: np.ndarray) -> int:
    """Index of the maximum; ties within 1e-12 go to more members, then the smaller mask."""
    best = float(values.max())
    tied = np.flatnonzero(values >= best - TIE * max(1.0, abs(best)))
    counts = np.array([bin(int(m)).count("1") for m in tied])
    return int(tied[counts == counts.max()][0])


def mask_to_set(mask: int) -> frozenset[int]:
    return frozenset(i for i in range(mask.bit_length()) if mask >> i & 1)


def set_to_mask(sharing: Sharing) -> int:
    return sum(1 << int(i) for i in sharing)
