r"""The platforms' side of Theorem 4: price deviations and the users' response to them.

Reference: ``shared/reference/too-much-data.md`` §1.5, §2 (proof of Theorem 4, Part 2-1
and Part 3-1, (B-13)–(B-15)), flags F3, F8.

A price change is evaluated from the primitives: starting from the current profile the
users best-respond one at a time (join platform 0 or 1, share or not, the largest gain
first) until no user gains — a user equilibrium of the second stage — and the platform's
payoff there is compared with its payoff before. Two uses:

* ``part3_deviation`` — Part 3-1: at the first best (everyone on platform 0, only
  ``V_1^(l)`` sharing) platform 1 (the reference's platform 2) offers
  Case 1: ``p̃_i = Δ + v_i I_i(V_2^(l)) + ε`` to ``i ∈ V_2^(l)`` — profitable iff (B-14)
  ``Σ_{V_2^(l)} (1 − v_i) I_i(V_2^(l)) > Δ |V_2^(l)|``;
  Case 2: ``p̃_j = g_j + v_j I_j({j}) − v_j I_j(V_1^(l)) + ε`` to one ``j ∈ V_2^(l)``
  correlated with ``V_1^(l)`` — profitable when (B-15) ``(1 − v_j) I_j({j}) + v_j
  I_j(V_1^(l)) > Δ``. Either way the first best is not an equilibrium: the inefficiency
  conclusion of Part 3.
* ``best_price_deviation`` — the best gain a platform finds over a family of price
  changes (offers that lure each set of users at their indifference price plus ε, and
  proportional cuts or raises of its current prices); at the Part 2-1 prices (B-2) it is
  ≤ 0 for both platforms.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from .competition import CompetingPlatforms, part3_thresholds

__all__ = ["PriceDeviation", "respond", "deviation_gain", "part3_deviation",
           "best_price_deviation"]

_ROUNDS = 200


@dataclass(frozen=True)
class PriceDeviation:
    """Platform ``platform`` posts ``prices[platform]``; users respond; its payoff changes."""

    platform: int
    prices: np.ndarray       # (2, n) after the change
    joins: np.ndarray        # the users' response
    shares: np.ndarray
    gain: float              # platform payoff after − before


def respond(platforms: CompetingPlatforms, prices: np.ndarray, joins: np.ndarray,
            shares: np.ndarray, tol: float = 1e-12) -> tuple[np.ndarray, np.ndarray]:
    """Best-response dynamics from (joins, shares) to a user equilibrium at ``prices``."""
    joins, shares = np.array(joins, dtype=int), np.array(shares, dtype=bool)
    for _ in range(_ROUNDS):
        moves = platforms.deviations(prices, joins, shares, tol)
        if not moves:
            return joins, shares
        best = max(moves, key=lambda d: d.gain)
        joins[best.user], shares[best.user] = best.platform, best.share
    raise RuntimeError(f"Best responses did not settle in {_ROUNDS} rounds at these prices.")


def deviation_gain(platforms: CompetingPlatforms, platform: int, prices: np.ndarray,
                   new_prices: np.ndarray, joins: np.ndarray,
                   shares: np.ndarray) -> PriceDeviation:
    """Platform ``platform`` switches to ``new_prices``; the users respond from the profile."""
    posted = np.array(prices, dtype=float)
    posted[platform] = new_prices
    before = platforms.platform_payoffs(prices, joins, shares)[platform]
    new_joins, new_shares = respond(platforms, posted, joins, shares)
    after = platforms.platform_payoffs(posted, new_joins, new_shares)[platform]
    return PriceDeviation(platform, posted, new_joins, new_shares, float(after - before))


def part3_deviation(platforms: CompetingPlatforms, epsilon: float = 1e-9) -> PriceDeviation:
    """Part 3-1: platform 1's deviation from the first best, Case 1 or 2 of the proof.

    ``epsilon`` breaks the users' indifference in favour of the offer (the proof's ε).
    Platform 0 posts the minimal prices ``v_i m_i(V_1^(l))`` that support the first best.
    """
    market = platforms.market
    thresholds = part3_thresholds(market)
    first, second = sorted(thresholds.uncorrelated_low), sorted(thresholds.correlated_low)
    n, v = market.n, market.privacy
    joins, shares = np.zeros(n, dtype=int), np.isin(np.arange(n), first)
    prices = np.zeros((2, n))
    prices[0] = v * market.marginals(first)                 # minimal prices for V_1^(l)
    offer = np.zeros(n)
    if thresholds.case == 1:
        offer[second] = (platforms.big_delta() + v[second] * market.leaks(second)[second]
                         + epsilon)
    else:
        j = next(j for j in second if np.any(market.cov[j, first]))
        alone, linked = market.leaks([j])[j], market.leaks(first)[j]
        offer[j] = platforms.joining_gains()[j] + v[j] * (alone - linked) + epsilon
    return deviation_gain(platforms, 1, prices, offer, joins, shares)


def best_price_deviation(platforms: CompetingPlatforms, platform: int, prices: np.ndarray,
                         joins: np.ndarray, shares: np.ndarray, epsilon: float = 1e-9,
                         factors: tuple[float, ...] = (0.0, 0.5, 0.9, 0.99, 1.01, 1.1, 2.0)
                         ) -> PriceDeviation:
    """The most profitable of: luring each set of users, or scaling the current prices.

    A lure to set T pays each ``i ∈ T`` exactly what makes joining ``platform`` with T and
    sharing worth ``ε`` more than her current utility (others unchanged).
    """
    market = platforms.market
    prices = np.asarray(prices, dtype=float)
    current = platforms.user_payoffs(prices, joins, shares)
    candidates = [prices[platform] * f for f in factors]
    for size in range(1, market.n + 1):
        for target in itertools.combinations(range(market.n), size):
            new_joins = np.array(joins, dtype=int)
            new_joins[list(target)] = platform
            members = frozenset(np.flatnonzero(new_joins == platform).tolist())
            sharers = sorted(set(np.flatnonzero((new_joins == platform) & shares)) | set(target))
            leaks = market.leaks(sharers)
            offer = np.array(prices[platform])
            for i in target:
                offer[i] = (current[i] - platforms.joining(i, members)
                            + market.privacy[i] * leaks[i] + epsilon)
            candidates.append(np.maximum(offer, 0.0))
    results = [deviation_gain(platforms, platform, prices, c, joins, shares) for c in candidates]
    return max(results, key=lambda r: r.gain)
