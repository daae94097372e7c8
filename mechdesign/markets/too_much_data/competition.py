r"""Competing platforms (Theorem 4): user-equilibrium checks, prices and thresholds.

Reference: ``shared/reference/too-much-data.md`` §1.5 (model, [INFERRED]), §2 (Lemma 4,
proof of Theorem 4, eqs. B-1…B-16), flags F3–F6, F8, F15; benchmarks B15, B16.

Model
-----
Two platforms k ∈ {0, 1} (the reference's 1 and 2) post prices ``p^k ∈ R_+^n``; each
user joins one platform (``joins[i] = k``) and shares there or not. With ``J_k`` the
members and ``S_k`` the sharers of platform k, user i on k gets
``c_i(J_k) + a_i p_i^k − v_i I_i(S_k)`` and platform k gets
``Σ_{i∈J_k} I_i(S_k) − Σ_{i∈S_k} p_i^k``. The joining value ``c_i(J)`` is nondecreasing in
J; ``δ = min_i min_{J ∋ i, J ≠ V} [c_i(V) − c_i(J)]``,
``Δ = max_i [c_i(V) − c_i({i})]``.

Computable pieces of the proof (F15: the other thresholds are existential)
--------------------------------------------------------------------------
* Part 1 (Σ diagonal): ``ℓ_i = σ_i⁴/(1+σ_i²)``, ``g_i = c_i(V) − c_i({i})``; if
  ``g_i ≥ (1−v_i) ℓ_i`` both platforms price ``v_i ℓ_i``, else ``p^1 = ℓ_i − g_i``,
  ``p^2 = ℓ_i``. Platform 1 earns ``min{(1−v_i) ℓ_i, g_i}`` per low-value user.
* Part 2-1: (B-1) ``δ̲ = Σ_j I_j(V) + max_i v_i [I_i(V∖i) − I_i({i})]``; (B-2)
  ``p^1_i = v_i [I_i(V) − I_i(V∖i)]``, ``p^2_i = g_i − v_i I_i(V∖i) + v_i I_i({i})``.
* Part 2-2: (B-3) ``Δ̄`` — corrected (F4) as the min of
  ``min_{i∉S} (1−v_i) I_i(V) + v_i (2 I_i({i}) − I_i(S^c))`` and
  ``min_{S≠∅} Σ_{i∈S} [I_i(V) − (1−v_i) I_i(S) − v_i I_i(S^c ∪ {i})] / (2|S|)``; the
  literal max-max is available with ``corrected=False``. (B-4)
  ``v̄ = min{1/2, min_{i∈S, I_i(V)≠I_i(S)} [I_i(V)−I_i(S)] / [I_i(V)−I_i(S)+I_i(S^c∪{i})−I_i({i})]}``.
  (B-5) ``p^1_i = I_i(V) − g_i``, ``p^2_i = (1−v_i) I_i(V) + v_i I_i({i})`` (F5 adds v_i).
* Part 2-3: (B-8) ``Δ̃ = min{min_i ½(1−v_i) I_i({i}), max_j Σ_{i≠j} [I_i({i,j}) − I_i({i})]
  / (2(3|V|−2))}`` (F6).
* Part 3: ``V_1^(l)`` = low-value users uncorrelated with every high-value user,
  ``V_2^(l) = V^(l) ∖ V_1^(l)`` (F8); (B-13) bound on δ, and (B-14)/(B-15) thresholds.
* Part 3-2: (B-16) ``δ̃ = max_i v_i I_i(V) + Σ_j I_j(V)``.

Subsets are enumerated with the market's table of leaks (n ≤ 16).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .model import DataMarket

__all__ = [
    "LinearJoining",
    "CompetingPlatforms",
    "Deviation",
    "Part1Prices",
    "Part3Thresholds",
    "delta_lower_b1",
    "big_delta_bar_b3",
    "v_bar_b4",
    "big_delta_tilde_b8",
    "delta_tilde_b16",
    "part3_thresholds",
]

JoiningValue = Callable[[int, frozenset[int]], float]


@dataclass(frozen=True, kw_only=True)
class LinearJoining:
    """``c_i(J) = base + gamma |J|`` (homogeneous network effect, flag F3)."""

    gamma: float
    base: float = 0.0

    def __call__(self, user: int, members: frozenset[int]) -> float:
        return self.base + self.gamma * len(members)


@dataclass(frozen=True)
class Deviation:
    """User ``user`` gains ``gain`` by joining ``platform`` and sharing iff ``share``."""

    user: int
    platform: int
    share: bool
    gain: float


@dataclass(frozen=True)
class Part1Prices:
    prices: np.ndarray          # (2, n): platform 0 (the reference's 1) and platform 1
    cases: tuple[str, ...]      # "A" (g_i ≥ (1−v_i)ℓ_i), "B", or "-" for high-value users
    platform_profit: np.ndarray  # (n,) platform 0's profit per user


@dataclass(frozen=True)
class Part3Thresholds:
    uncorrelated_low: frozenset[int]   # V_1^(l)
    correlated_low: frozenset[int]     # V_2^(l)
    case: int                          # 1: V_1, V_2 uncorrelated; 2 otherwise
    delta_b13: float                   # right-hand side of (B-13)
    big_delta_bar: float               # Δ̄ (Case 1: B-14; Case 2: I_j(V_1^(l)))
    delta_bar: float                   # δ̄


@dataclass(frozen=True, eq=False)
class CompetingPlatforms:
    """Two platforms competing for the users of ``market`` with joining value ``joining``."""

    market: DataMarket
    joining: JoiningValue

    # ---- joining values ---------------------------------------------------------------
    @property
    def everyone(self) -> frozenset[int]:
        return frozenset(range(self.market.n))

    def joining_gains(self) -> np.ndarray:
        """``g_i = c_i(V) − c_i({i})``."""
        return np.array([self.joining(i, self.everyone) - self.joining(i, frozenset({i}))
                         for i in range(self.market.n)])

    def small_delta(self) -> float:
        """``δ``: the smallest loss from not being on the all-user platform."""
        n, full = self.market.n, self.everyone
        return min(self.joining(i, full) - self.joining(i, frozenset(j) | {i})
                   for i in range(n)
                   for size in range(n - 1)
                   for j in itertools.combinations(sorted(full - {i}), size))

    def big_delta(self) -> float:
        """``Δ = max_i [c_i(V) − c_i({i})]`` (monotone c)."""
        return float(self.joining_gains().max())

    def satisfies_assumption1(self) -> bool:
        """Assumption 1: ``c_i({i}) > v_i σ_i²`` for every user."""
        return all(self.joining(i, frozenset({i})) > self.market.privacy[i] * self.market.cov[i, i]
                   for i in range(self.market.n))

    # ---- payoffs and user equilibrium --------------------------------------------------
    def profile(self, joins: ArrayLike, shares: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """``(joins, shares)`` as arrays: one platform (0 or 1) and one share flag per user."""
        n = self.market.n
        platforms, flags = np.asarray(joins), np.asarray(shares)
        if platforms.shape != (n,) or not np.all(np.isin(platforms, (0, 1))):
            raise ValueError(f"The 'joins' parameter must give each of the {n} users a "
                             f"platform, 0 or 1. Got {platforms.tolist()} instead.")
        if flags.shape != (n,) or not np.all(np.isin(flags, (0, 1))):
            raise ValueError(f"The 'shares' parameter must give each of the {n} users a "
                             f"share flag, True or False. Got {flags.tolist()} instead.")
        return platforms.astype(int), flags.astype(bool)

    def user_payoffs(self, *, prices: ArrayLike, joins: ArrayLike,
                     shares: ArrayLike) -> np.ndarray:
        """(n,) ``c_i(J_k) + a_i p_i^k − v_i I_i(S_k)`` for k = joins[i]."""
        joins, shares = self.profile(joins, shares)
        out = np.empty(self.market.n)
        for k in (0, 1):
            members = frozenset(np.flatnonzero(joins == k).tolist())
            leaks = self.market.leaks(np.flatnonzero((joins == k) & shares))
            for i in members:
                out[i] = (self.joining(i, members) + shares[i] * prices[k][i]
                          - self.market.privacy[i] * leaks[i])
        return out

    def platform_payoffs(self, *, prices: ArrayLike, joins: ArrayLike,
                         shares: ArrayLike) -> np.ndarray:
        """(2,) ``Σ_{i∈J_k} I_i(S_k) − Σ_{i∈S_k} p_i^k``."""
        joins, shares = self.profile(joins, shares)
        out = np.zeros(2)
        for k in (0, 1):
            sharing = (joins == k) & shares
            out[k] = (self.market.leaks(np.flatnonzero(sharing))[joins == k].sum()
                      - np.asarray(prices[k])[sharing].sum())
        return out

    def surplus(self, *, joins: ArrayLike, shares: ArrayLike) -> float:
        """``Σ_k Σ_{i∈J_k} [(1 − v_i) I_i(S_k) + c_i(J_k)]``."""
        zero = np.zeros((2, self.market.n))
        return float(self.user_payoffs(prices=zero, joins=joins, shares=shares).sum()
                     + self.platform_payoffs(prices=zero, joins=joins, shares=shares).sum())

    def deviations(self, *, prices: ArrayLike, joins: ArrayLike, shares: ArrayLike,
                   tol: float = 1e-9) -> list[Deviation]:
        """Every unilateral (platform, share) change that gains a user more than ``tol``."""
        prices = np.asarray(prices, dtype=float)
        joins, shares = self.profile(joins, shares)
        current = self.user_payoffs(prices=prices, joins=joins, shares=shares)
        found = []
        for i, k, a in itertools.product(range(self.market.n), (0, 1), (False, True)):
            new_joins, new_shares = joins.copy(), shares.copy()
            new_joins[i], new_shares[i] = k, a
            gain = (self.user_payoffs(prices=prices, joins=new_joins, shares=new_shares)[i]
                    - current[i])
            if gain > tol:
                found.append(Deviation(i, k, a, float(gain)))
        return found

    def is_user_equilibrium(self, *, prices: ArrayLike, joins: ArrayLike, shares: ArrayLike,
                            tol: float = 1e-9) -> bool:
        """Whether no user gains more than ``tol`` by a unilateral change."""
        return not self.deviations(prices=prices, joins=joins, shares=shares, tol=tol)

    # ---- Part 1 ---------------------------------------------------------------------
    def part1_prices(self) -> Part1Prices:
        """Theorem 4 Part 1 prices (requires a diagonal covariance)."""
        market = self.market
        if np.count_nonzero(market.cov - np.diag(market.variances)):
            raise ValueError("Theorem 4 Part 1 needs a diagonal 'cov' (no correlation). "
                             "Got a covariance with nonzero off-diagonal entries instead.")
        own = market.variances ** 2 / (1 + market.variances)
        gains, v = self.joining_gains(), market.privacy
        prices, profit, cases = np.zeros((2, market.n)), np.zeros(market.n), []
        for i in range(market.n):
            if v[i] > 1:
                cases.append("-")
                continue
            if gains[i] >= (1 - v[i]) * own[i]:
                prices[:, i] = v[i] * own[i]
                cases.append("A")
            else:
                prices[:, i] = own[i] - gains[i], own[i]
                cases.append("B")
            profit[i] = min((1 - v[i]) * own[i], gains[i])
        return Part1Prices(prices, tuple(cases), profit)

    # ---- Part 2 ---------------------------------------------------------------------
    def prices_b2(self) -> np.ndarray:
        """(B-2): monopoly prices on platform 0; platform 1 at the users' indifference."""
        full, without, alone = _leak_profiles(self.market)
        v = self.market.privacy
        return np.array([v * (full - without),
                         self.joining_gains() - v * without + v * alone])

    def prices_b5(self, *, corrected: bool = True) -> np.ndarray:
        """(B-5); ``corrected`` restores the factor v_i of flag F5."""
        full, _, alone = _leak_profiles(self.market)
        v = self.market.privacy
        return np.array([full - self.joining_gains(),
                         (1 - v) * full + (v if corrected else 1.0) * alone])


def _leak_profiles(market: DataMarket) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``I_i(V)``, ``I_i(V∖{i})``, ``I_i({i})`` for every user."""
    everyone = range(market.n)
    without = np.array([market.leaks([j for j in everyone if j != i])[i] for i in everyone])
    alone = market.variances ** 2 / (1 + market.variances)
    return market.leaks(everyone), without, alone


def delta_lower_b1(market: DataMarket) -> float:
    """(B-1) ``δ̲ = Σ_j I_j(V) + max_i v_i [I_i(V∖{i}) − I_i({i})]``."""
    full, without, alone = _leak_profiles(market)
    return float(full.sum() + (market.privacy * (without - alone)).max())


def big_delta_bar_b3(market: DataMarket, *, corrected: bool = True) -> tuple[float, float, float]:
    """(B-3) ``(Δ̄, first term, second term)``; ``corrected`` uses min (flag F4)."""
    table, n, v = market.table, market.n, market.privacy
    leaks, full = table.leaks, (1 << n) - 1
    alone = market.variances ** 2 / (1 + market.variances)
    pick = min if corrected else max
    first = pick(
        (1 - v[i]) * leaks[full, i] + v[i] * (2 * alone[i] - leaks[full ^ s, i])
        for s in range(1 << n) for i in range(n) if not s >> i & 1)
    second = pick(
        sum(leaks[full, i] - (1 - v[i]) * leaks[s, i] - v[i] * leaks[(full ^ s) | 1 << i, i]
            for i in range(n) if s >> i & 1) / (2 * bin(s).count("1"))
        for s in range(1, 1 << n))
    return float(pick(first, second)), float(first), float(second)


def v_bar_b4(market: DataMarket) -> float:
    """(B-4) ``v̄``."""
    table, n = market.table, market.n
    leaks, full = table.leaks, (1 << n) - 1
    ratios = [0.5]
    for s in range(1, 1 << n):
        for i in (i for i in range(n) if s >> i & 1):
            gap = leaks[full, i] - leaks[s, i]
            if abs(gap) > 1e-14:
                extra = leaks[(full ^ s) | 1 << i, i] - leaks[1 << i, i]
                ratios.append(gap / (gap + extra))
    return float(min(ratios))


def big_delta_tilde_b8(market: DataMarket) -> tuple[float, float, float]:
    """(B-8) ``(Δ̃, first term, second term)`` in the corrected indexing of flag F6."""
    table, n, v = market.table, market.n, market.privacy
    leaks = table.leaks
    first = min(0.5 * (1 - v[i]) * leaks[1 << i, i] for i in range(n))
    second = max(sum(leaks[1 << i | 1 << j, i] - leaks[1 << i, i] for i in range(n) if i != j)
                 for j in range(n)) / (2 * (3 * n - 2))
    return float(min(first, second)), float(first), float(second)


def delta_tilde_b16(market: DataMarket) -> float:
    """(B-16) ``δ̃ = max_i v_i I_i(V) + Σ_j I_j(V)``."""
    full = market.leaks(range(market.n))
    return float((market.privacy * full).max() + full.sum())


def part3_thresholds(market: DataMarket) -> Part3Thresholds:
    """Part 3-1: the sets ``V_1^(l)``, ``V_2^(l)`` (F8), (B-13) and the Case 1/2 thresholds."""
    v, cov = market.privacy, market.cov
    low, high = sorted(market.low_value_users), sorted(market.high_value_users)
    first = frozenset(i for i in low if not np.any(cov[i, high]))
    second = frozenset(low) - first
    if not second:
        raise ValueError("Theorem 4 Part 3 needs a low-value user correlated with a "
                         "high-value user. Got none in this market instead.")
    i_low, i_first, i_second = (market.leaks(s) for s in (low, sorted(first), sorted(second)))
    delta_b13 = float(((1 - v[low]) * (i_low[low] - i_first[low])).sum() / market.n)
    second_gain = float(((1 - v) * i_second)[sorted(second)].sum())
    delta_bar = second_gain / len(low)
    linked = [j for j in sorted(second) if np.any(cov[j, sorted(first)])]
    if not linked:
        return Part3Thresholds(first, second, 1, delta_b13, second_gain / len(second), delta_bar)
    return Part3Thresholds(first, second, 2, delta_b13, float(i_first[linked[0]]), delta_bar)
