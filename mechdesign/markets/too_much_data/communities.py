r"""Exchangeable communities: Example B-1 and its multi-community version, for any size.

Reference: ``shared/reference/too-much-data.md`` §2 (Example B-1), §3.2 ("Exchangeable
case", "Communities: enumerate count vectors"), flag F1.

Model
-----
Users form communities ``c = 1..C`` of sizes ``n_c`` with privacy value ``v_c``. Types
have variance ``σ_c²``; two distinct users in communities c and d have covariance
``B[c, d]`` (``B[c, c]`` is the within-community covariance). Permuting users within a
community leaves ``(Σ, v)`` unchanged, so leaks, prices and payoffs depend on a sharing
set only through the *count vector* ``k = (k_1..k_C)`` of sharers per community, and
the equilibrium and the first best are exact maxima over the ``Π_c (n_c + 1)`` count
vectors — there is no limit on the community sizes. Uncorrelated communities are
separable and are solved one at a time (``Σ_c (n_c + 1)`` vectors).

Leaks for a count vector use the algebra of matrices ``diag(d_g) + U M Uᵀ`` (U the
membership matrix of 2C groups: sharers and non-sharers of each community), which is
closed under inversion: ``(D + U M Uᵀ)⁻¹ = D⁻¹ + U X Uᵀ`` with
``X = −(diag(d) + M N)⁻¹ M diag(1/d)``, ``N = diag(group sizes)``. Applying it twice gives
``P(S) = (Σ⁻¹ + D_S)⁻¹`` in O(C³) per count vector, independent of the sizes.

Example B-1 (one community, unit variances, correlation ρ, value v) in closed form::

    J(k)    = k ρ² / (2 − ρ + k ρ)                  leak from k other sharers
    I_in(k) = [1 − ρ / (k ρ + 2 − ρ)] / (2 − ρ)     leak of a sharer, k sharers
    m(k)    = r² / (1 + r),  r = 1 − J(k − 1)
    Π(k)    = k I_in(k) + (n − k) J(k) − k v m(k)
    v*(n)   = I_in(n) / m(n)  (all beats nobody iff v ≤ v*(n), rising to 1/(1−ρ)²)

Limits n → ∞ at ``a = 1`` (the paper's claims): price ``v(1−ρ)²/(2−ρ)``, user utility
``−vρ``, platform per user ``[1 − v(1−ρ)²]/(2−ρ)``, surplus per user ``(1−v)/(2−ρ)``.
Flag F1: with personalised prices the platform's optimum for ``v > 1`` is an interior
``k* ≈ c√n`` (``ExampleB1.personalised_optimum``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from mechdesign._validation import (
    check_finite,
    check_integer,
    check_interval,
    check_nonnegative,
    check_spd,
)
from mechdesign.markets._inputs import real_array
from .model import DataMarket

__all__ = ["Communities", "CommunityOutcome", "ExampleB1"]

_MAX_COUNT_VECTORS = 4_000_000


@dataclass(frozen=True)
class CommunityOutcome:
    """A count vector of sharers at minimal supporting prices (totals over users)."""

    sharers: tuple[int, ...]         # k_c per community
    sharer_leak: np.ndarray          # (C,) I of a sharer in community c (nan if k_c = 0)
    nonsharer_leak: np.ndarray       # (C,) I of a non-sharer (nan if k_c = n_c)
    marginal: np.ndarray             # (C,) own marginal of a sharer (nan if k_c = 0)
    platform_payoff: float
    surplus: float
    users_surplus: float


@dataclass(frozen=True, eq=False, kw_only=True)
class Communities:
    """Communities of exchangeable users (sizes, covariances ``B``, variances, values).

    All four are keyword-only: ``Communities(sizes=(4, 3), covariances=B, variances=σ²,
    privacy=v)``.
    """

    sizes: tuple[int, ...]
    covariances: np.ndarray     # (C, C) covariance of two distinct users in c and d
    variances: np.ndarray       # (C,)
    privacy: np.ndarray         # (C,)

    def __post_init__(self) -> None:
        where = "Communities"
        sizes = tuple(check_integer(check_finite(s, f"sizes[{c}]", where), f"sizes[{c}]", where, 1)
                      for c, s in enumerate(self.sizes))
        if not sizes:
            raise ValueError(f"The 'sizes' parameter of {where} must list at least one "
                             f"community size. Got {self.sizes!r} instead.")
        count = len(sizes)
        cov = real_array(self.covariances, "covariances", where, ndim=2)
        variances = _per_community(self.variances, count, "variances")
        privacy = _per_community(self.privacy, count, "privacy")
        if cov.shape != (count, count) or not np.allclose(cov, cov.T):
            raise ValueError(
                f"The 'covariances' parameter of {where} must be a symmetric {count}x{count} "
                f"matrix. Got shape {cov.shape} instead.")
        for c in range(count):
            check_nonnegative(privacy[c], f"privacy[{c}]", where)
        idiosyncratic = variances - np.diag(cov)
        if np.any(idiosyncratic[np.array(sizes) > 1] <= 0):
            raise ValueError(
                f"The 'variances' parameter of {where} must exceed the within-community "
                f"covariances (else the covariance is singular). Got variances "
                f"{variances.tolist()} and covariances {np.diag(cov).tolist()} instead.")
        root = np.sqrt(np.array(sizes, dtype=float))
        check_spd(np.diag(idiosyncratic) + root[:, None] * cov * root[None, :],
                  "covariances", where + " (the community-level covariance)")
        for name, value in [("sizes", sizes), ("covariances", cov),
                            ("variances", variances), ("privacy", privacy)]:
            object.__setattr__(self, name, value)

    @classmethod
    def independent(cls, *, sizes: list[int], correlations: list[float],
                    privacy: list[float]) -> Communities:
        """Uncorrelated communities, unit variances, within-community correlation ρ_c."""
        return cls(sizes=tuple(sizes), covariances=np.diag(correlations),
                   variances=np.ones(len(sizes)), privacy=np.asarray(privacy))

    @property
    def n(self) -> int:
        return sum(self.sizes)

    def market(self) -> DataMarket:
        """The same users as a ``DataMarket`` (community 0 first), for enumeration."""
        labels = np.repeat(np.arange(len(self.sizes)), self.sizes)
        cov = self.covariances[np.ix_(labels, labels)]
        np.fill_diagonal(cov, self.variances[labels])
        return DataMarket(cov, self.privacy[labels])

    def outcome(self, sharers: tuple[int, ...]) -> CommunityOutcome:
        """Leaks, marginal and payoffs when ``sharers[c]`` users of community c share."""
        counts = np.atleast_2d(np.asarray(sharers, dtype=float))
        if counts.shape != (1, len(self.sizes)) or np.any(counts < 0) or np.any(
                counts > np.array(self.sizes)):
            raise ValueError(
                f"The 'sharers' parameter must give 0 ≤ k_c ≤ n_c sharers per community "
                f"(sizes {self.sizes}). Got {sharers!r} instead.")
        inside, outside, marginal = self._leaks(counts)
        values = self._payoffs(counts, inside, outside, marginal)
        k = counts[0]
        return CommunityOutcome(
            tuple(int(x) for x in k), np.where(k > 0, inside[0], np.nan),
            np.where(k < self.sizes, outside[0], np.nan), np.where(k > 0, marginal[0], np.nan),
            *(float(v[0]) for v in values))

    def equilibrium(self) -> CommunityOutcome:
        """Platform-optimal count vector at minimal prices (ties: more sharers)."""
        return self._best(0)

    def first_best(self) -> CommunityOutcome:
        return self._best(1)

    def _best(self, which: int) -> CommunityOutcome:
        return self.outcome(tuple(int(k) for k in self._best_counts(which)))

    def _best_counts(self, which: int) -> np.ndarray:
        """Maximiser of payoff ``which`` (0: platform, 1: surplus); ties: more sharers.

        Uncorrelated communities are separable and solved one at a time.
        """
        count = len(self.sizes)
        if count > 1 and not np.any(self.covariances - np.diag(np.diag(self.covariances))):
            return np.concatenate([self._single(c)._best_counts(which) for c in range(count)])
        counts = self._count_vectors()
        values = self._payoffs(counts, *self._leaks(counts))[which]
        best = values.max()
        tied = np.flatnonzero(values >= best - 1e-12 * max(1.0, abs(best)))
        return counts[tied[np.argmax(counts[tied].sum(axis=1))]]

    def _single(self, community: int) -> Communities:
        keep = slice(community, community + 1)
        return Communities(sizes=(self.sizes[community],), covariances=self.covariances[keep, keep],
                           variances=self.variances[keep], privacy=self.privacy[keep])

    def _count_vectors(self) -> np.ndarray:
        total = int(np.prod([s + 1 for s in self.sizes], dtype=float))
        if total > _MAX_COUNT_VECTORS:
            raise ValueError(
                f"Enumerating count vectors needs Π(n_c + 1) ≤ {_MAX_COUNT_VECTORS}. "
                f"Got {total} for sizes {self.sizes} instead; merge communities (uncorrelated "
                f"communities are solved separately and have no such limit).")
        return np.array(list(itertools.product(*(range(s + 1) for s in self.sizes))), float)

    def _leaks(self, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per count vector (rows) and community: sharer leak, non-sharer leak, marginal."""
        groups = np.concatenate([counts, np.array(self.sizes) - counts], axis=1)
        idio = np.tile(self.variances - np.diag(self.covariances), 2)
        common = np.tile(self.covariances, (2, 2))
        prec_d, prec_x = _inverse(np.broadcast_to(idio, groups.shape), common, groups)
        sharer = np.concatenate([np.ones_like(counts), np.zeros_like(counts)], axis=1)
        post_d, post_x = _inverse(prec_d + sharer, prec_x, groups)
        residual = post_d + np.diagonal(post_x, axis1=1, axis2=2)
        leak = np.tile(self.variances, 2) - residual
        count = len(self.sizes)
        inside = np.where(counts > 0, residual[:, :count], 0.0)
        return leak[:, :count], leak[:, count:], inside ** 2 / (1 - inside)

    def _payoffs(self, counts: np.ndarray, inside: np.ndarray, outside: np.ndarray,
                 marginal: np.ndarray) -> tuple[np.ndarray, ...]:
        """(platform payoff Π, surplus W, users' surplus) per count vector."""
        others = np.array(self.sizes) - counts
        leaks = counts * np.nan_to_num(inside) + others * np.nan_to_num(outside)
        paid = counts * self.privacy * np.where(counts > 0, marginal, 0.0)
        platform = (leaks - paid).sum(axis=1)
        surplus = (leaks * (1 - self.privacy)).sum(axis=1)
        return platform, surplus, surplus - platform


def _inverse(d: np.ndarray, m: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(diag(d_g) + U M Uᵀ)⁻¹ = diag(1/d_g) + U X Uᵀ``; batched over rows of d."""
    d = np.asarray(d, dtype=float)
    lhs = np.einsum("bg,gh->bgh", d, np.eye(d.shape[1])) + m * sizes[:, None, :]
    rhs = np.broadcast_to(m, lhs.shape) / d[:, None, :]
    return 1 / d, -np.linalg.solve(lhs, rhs)


def _per_community(values: ArrayLike, count: int, name: str) -> np.ndarray:
    array = real_array(values, name, "Communities", ndim=1)
    array = np.broadcast_to(array, (count,)) if np.ndim(values) == 0 else array
    if array.shape != (count,):
        raise ValueError(
            f"The {name!r} parameter of Communities must have one value per community "
            f"({count}). Got shape {array.shape} instead.")
    return array.copy()


@dataclass(frozen=True, kw_only=True)
class ExampleB1:
    """Example B-1: one community, unit variances, correlation ``rho``, value ``privacy``."""

    rho: float
    privacy: float

    def __post_init__(self) -> None:
        check_interval(self.rho, "rho", "ExampleB1", 0.0, 1.0, closed="left",
                       why="the n → ∞ example needs a nonnegative correlation (flag F12)")
        check_nonnegative(self.privacy, "privacy", "ExampleB1")

    def leak_from_others(self, k: ArrayLike) -> np.ndarray:
        """``J(k)``: leak of a user from k other sharers."""
        k = np.asarray(k, dtype=float)
        return k * self.rho ** 2 / (2 - self.rho + k * self.rho)

    def sharer_leak(self, k: ArrayLike) -> np.ndarray:
        """``I_in(k)``: leak of a sharer when k users (including her) share."""
        k = np.asarray(k, dtype=float)
        return (1 - self.rho / (k * self.rho + 2 - self.rho)) / (2 - self.rho)

    def marginal(self, k: ArrayLike) -> np.ndarray:
        """``m(k) = r²/(1+r)``, ``r = 1 − J(k−1)``."""
        r = 1 - self.leak_from_others(np.asarray(k, dtype=float) - 1)
        return r ** 2 / (1 + r)

    def platform_payoff(self, *, n: int, k: ArrayLike) -> np.ndarray:
        """``Π(k)`` for n users with k sharers at personalised minimal prices."""
        k = np.asarray(k, dtype=float)
        payoff = (k * self.sharer_leak(np.maximum(k, 1)) + (n - k) * self.leak_from_others(k)
                  - k * self.privacy * self.marginal(np.maximum(k, 1)))
        return np.where(k > 0, payoff, 0.0)

    def threshold(self, n: ArrayLike) -> np.ndarray:
        """``v*(n) = I_in(n)/m(n)``: all users sharing beats nobody iff ``v ≤ v*(n)``."""
        return self.sharer_leak(n) / self.marginal(n)

    def user_utility_all_share(self, n: ArrayLike) -> np.ndarray:
        """``−v J(n−1)`` at ``a = 1``."""
        return -self.privacy * self.leak_from_others(np.asarray(n, dtype=float) - 1)

    def personalised_optimum(self, n: int) -> tuple[int, float]:
        """Flag F1: ``(k*, Π(k*))`` over ``k = 0..n`` (ties: more sharers)."""
        n = check_integer(n, "n", "ExampleB1.personalised_optimum", 1)
        values = self.platform_payoff(n=n, k=np.arange(n + 1))
        best = values.max()
        k = int(np.flatnonzero(values >= best - 1e-12 * max(1.0, abs(best)))[-1])
        return k, float(values[k])

    # ---- limits n → ∞ at a = 1 (the paper's claims) ----------------------------------
    @property
    def limit_threshold(self) -> float:
        return 1 / (1 - self.rho) ** 2

    @property
    def limit_price(self) -> float:
        return self.privacy * (1 - self.rho) ** 2 / (2 - self.rho)

    @property
    def limit_user_utility(self) -> float:
        return -self.privacy * self.rho

    @property
    def limit_platform_per_user(self) -> float:
        return (1 - self.privacy * (1 - self.rho) ** 2) / (2 - self.rho)

    @property
    def limit_surplus_per_user(self) -> float:
        return (1 - self.privacy) / (2 - self.rho)

    @property
    def limit_sharer_leak(self) -> float:
        return 1 / (2 - self.rho)
