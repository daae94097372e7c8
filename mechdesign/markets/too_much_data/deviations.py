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
* ``deviation_bound`` — the most a platform can earn by *any* price change, a proof:
  whatever prices ``p' ≥ 0`` it posts, the users end in some (pure) user equilibrium
  ``(J, S)`` of the second stage, and in it every sharer ``i`` on the deviating platform k
  must be paid at least what keeps her from her three alternatives (stop sharing, move to
  the rival and share or not there). Everyone else is cheapest to hold at ``p'_i = 0``
  (a higher price only tempts). So

  .. math::  \sup_{p'} U^{(k)} = \max_{(J,S)\ \text{an equilibrium at}\ (p'_{\min}, p^m)}
             \sum_{i∈J_k} I_i(S_k) − \sum_{i∈S_k} p'_{\min,i},
             \qquad p'_{\min,i} = \max\{0, \max_{\text{alt}} u_i^{\text{alt}} − u_i^{\text{here}}\}

  by enumeration of the ``4^n`` profiles (n ≤ ``MAX_PROFILE_USERS``). The bound holds for
  every selection among equilibria (the model's selection included); ``gain ≤ 0`` proves
  that no price change is profitable. Theorem 4 read through it: at the Part 2-1 prices
  (B-2) neither platform gains if the users keep the first best while it is an
  equilibrium (``selection="status_quo"``, the proof's reading) — otherwise the rival posts
  the same prices and may win everyone; at the Part 2-2 prices (B-5) with ``Δ ≤ Δ̄``
  neither gains under any selection; under (B-16) the profile that survives is the
  monopoly one, ``a^E`` at its minimal prices, not the first best ``a^W`` (platform 1
  re-prices ``a^W`` to ``a^E`` and gains ``Π(a^E) − Π(a^W)``).
* ``best_price_deviation`` — the best gain found over a family of concrete price changes
  (offers that lure each set of users at their indifference price plus ε, and
  proportional cuts or raises of the current prices), each followed by the users'
  best-response dynamics: a lower estimate of ``deviation_bound``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from mechdesign._validation import check_choice
from .competition import CompetingPlatforms, part3_thresholds
from .enumeration import check_size, mask_to_set, members

__all__ = ["PriceDeviation", "DeviationBound", "MAX_PROFILE_USERS", "SELECTIONS", "respond",
           "deviation_gain", "deviation_bound", "part3_deviation", "best_price_deviation"]

_ROUNDS = 200
#: Largest n for ``deviation_bound`` (it enumerates the 4^n user profiles).
MAX_PROFILE_USERS = 10
#: Which user equilibrium follows a price change (``deviation_bound``).
SELECTIONS = ("any", "status_quo")


@dataclass(frozen=True)
class PriceDeviation:
    """Platform ``platform`` posts ``prices[platform]``; users respond; its payoff changes."""

    platform: int
    prices: np.ndarray       # (2, n) after the change
    joins: np.ndarray        # the users' response
    shares: np.ndarray
    gain: float              # platform payoff after − before


@dataclass(frozen=True)
class DeviationBound:
    """The most ``platform`` can earn by changing its prices, and a profile attaining it.

    ``bound`` is the supremum of its payoff over every price vector ``p' ≥ 0`` and every
    pure user equilibrium at ``(p', p^m)``; ``prices``, ``joins``, ``shares`` attain it
    (users indifferent between the profile and an alternative take the profile: the
    supremum is approached with an ε more). ``gain = bound − before``; ``gain ≤ 0`` proves
    that no price change is profitable, whichever equilibrium the users select.
    """

    platform: int
    before: float
    bound: float
    prices: np.ndarray       # (2, n) with the deviating platform's prices replaced
    joins: np.ndarray
    shares: np.ndarray

    @property
    def gain(self) -> float:
        return self.bound - self.before


def respond(platforms: CompetingPlatforms, *, prices: np.ndarray, joins: np.ndarray,
            shares: np.ndarray, tol: float = 1e-12) -> tuple[np.ndarray, np.ndarray]:
    """Best-response dynamics from (joins, shares) to a user equilibrium at ``prices``."""
    joins, shares = platforms.profile(joins, shares)         # copies: updated in place
    for _ in range(_ROUNDS):
        moves = platforms.deviations(prices=prices, joins=joins, shares=shares, tol=tol)
        if not moves:
            return joins, shares
        best = max(moves, key=lambda d: d.gain)
        joins[best.user], shares[best.user] = best.platform, best.share
    raise RuntimeError(f"Best responses did not settle in {_ROUNDS} rounds at these prices.")


def deviation_gain(platforms: CompetingPlatforms, *, platform: int, prices: np.ndarray,
                   new_prices: np.ndarray, joins: np.ndarray,
                   shares: np.ndarray) -> PriceDeviation:
    """Platform ``platform`` switches to ``new_prices``; the users respond from the profile."""
    posted = np.array(prices, dtype=float)
    posted[platform] = new_prices
    before = platforms.platform_payoffs(prices=prices, joins=joins, shares=shares)[platform]
    new_joins, new_shares = respond(platforms, prices=posted, joins=joins, shares=shares)
    after = platforms.platform_payoffs(prices=posted, joins=new_joins,
                                       shares=new_shares)[platform]
    return PriceDeviation(platform, posted, new_joins, new_shares, float(after - before))


def deviation_bound(platforms: CompetingPlatforms, *, platform: int, prices: np.ndarray,
                    joins: np.ndarray, shares: np.ndarray, selection: str = "any",
                    tol: float = 1e-12) -> DeviationBound:
    """The supremum of ``platform``'s payoff over all its price changes (module docstring).

    ``selection`` says which user equilibrium follows a price change:

    * ``"any"`` — the supremum over every equilibrium, a bound for every selection rule;
    * ``"status_quo"`` — the users keep the current profile while it is still an
      equilibrium (the reading of the proof of Theorem 4, Part 2-1: "all sharing on
      platform 1 stays a user equilibrium"), and otherwise move to any equilibrium.
      A change then pays only by keeping the profile at other prices, or by breaking it:
      some user must gain from leaving it, a bound on her price.

    For a profile, each user's price on ``platform`` lies in an interval ``[lo_i, hi_i]``
    (a sharer there is held by ``lo_i``; everyone else is held by any price up to
    ``hi_i``), and the platform pays its sharers ``lo_i``. Gains of at most ``tol`` are
    ties: a profile counts if no user gains more than ``tol`` by a unilateral change, and
    a tied user does not leave the status quo. ``prices`` is (2, n).
    """
    market = platforms.market
    n = market.n
    check_size(n, limit=MAX_PROFILE_USERS,
               what="bounding every price deviation (4^n user profiles)")
    check_choice(selection, "selection", "deviation_bound", SELECTIONS)
    if platform not in (0, 1):
        raise ValueError(f"The 'platform' parameter of deviation_bound must be 0 or 1. "
                         f"Got {platform!r} instead.")
    prices = np.asarray(prices, dtype=float)
    if prices.shape != (2, n) or np.any(prices < 0) or not np.all(np.isfinite(prices)):
        raise ValueError(f"The 'prices' parameter of deviation_bound must be a (2, {n}) array "
                         f"of finite nonnegative prices. Got {prices.tolist()} instead.")
    before = float(platforms.platform_payoffs(prices=prices, joins=joins,
                                              shares=shares)[platform])
    breakers = (_breakers(platforms, platform, prices, joins, shares)
                if selection == "status_quo" else None)
    best = (-np.inf, 0, 0, np.zeros(n))
    masks = np.arange(1 << n)
    share_bits = members(masks, n).astype(bool)
    for on_one in masks:
        free, lo, hi, value = _price_intervals(platforms, platform, prices, int(on_one))
        held = lo <= hi + tol
        on_platform = (on_one >> np.arange(n) & 1).astype(bool) == bool(platform)
        sharer = share_bits & on_platform
        options = ([(free & held.all(axis=1), value, lo)] if breakers is None else
                   _broken(free, held, lo, hi, value, sharer, breakers, tol))
        for feasible, worth, paid in options:
            if feasible.any():
                top = int(np.flatnonzero(feasible)[np.argmax(worth[feasible])])
                if worth[top] > best[0]:
                    best = (float(worth[top]), int(on_one), top, paid[top])
    bound, on_one, share_mask, own = best
    posted = prices.copy()
    posted[platform] = own
    return DeviationBound(platform, before, bound, posted,
                          ((on_one >> np.arange(n)) & 1).astype(int),
                          ((share_mask >> np.arange(n)) & 1).astype(bool))


def _price_intervals(platforms: CompetingPlatforms, platform: int, prices: np.ndarray,
                     on_one: int) -> tuple[np.ndarray, ...]:
    """For the join mask ``on_one`` (bit i: user i on platform 1) and every share mask:

    ``free`` (the constraints that do not involve the deviator's prices hold), the
    interval ``[lo, hi]`` of each user's price on ``platform`` that holds her, and the
    platform's payoff when it pays its sharers ``lo``.
    """
    market, n = platforms.market, platforms.market.n
    masks = np.arange(1 << n)
    leaks, v, rival = market.table.leaks, market.privacy, 1 - platform
    full = (1 << n) - 1
    on = (full ^ on_one, on_one)
    sharers = (masks & on[0], masks & on[1])
    free = np.ones(masks.size, dtype=bool)
    lo, hi = np.zeros((masks.size, n)), np.full((masks.size, n), np.inf)
    value = np.zeros(masks.size)
    for i in range(n):
        here = on_one >> i & 1
        away, bit = 1 - here, 1 << i
        shares_i = (masks >> i & 1).astype(bool)
        c_here = platforms.joining(i, mask_to_set(on[here]))
        c_away = platforms.joining(i, mask_to_set(on[away] | bit))
        stay = c_here - v[i] * leaks[sharers[here], i]
        toggle = c_here - v[i] * leaks[sharers[here] ^ bit, i]
        leave = c_away - v[i] * leaks[sharers[away], i]
        leave_and_share = c_away - v[i] * leaks[sharers[away] | bit, i]
        if here == platform:
            value += leaks[sharers[here], i]
            leave_and_share = leave_and_share + prices[rival, i]
            outside = np.maximum(leave, leave_and_share)
            lo[:, i] = np.where(shares_i, np.maximum(0.0, np.maximum(toggle, outside) - stay), 0.0)
            hi[:, i] = np.where(shares_i, np.inf, stay - toggle)
            free &= shares_i | (stay >= outside)
            value -= np.where(shares_i, lo[:, i], 0.0)
        else:
            price = prices[rival, i]
            utility = stay + shares_i * price
            free &= utility >= np.maximum(toggle + ~shares_i * price, leave)
            hi[:, i] = utility - leave_and_share
    return free, lo, hi, value


def _breakers(platforms: CompetingPlatforms, platform: int, prices: np.ndarray,
              joins: np.ndarray, shares: np.ndarray) -> list[tuple[int, float, int]]:
    """Each way a user can leave the current profile, as ``(user, c, s)``: she gains
    ``c + s p'_user`` at the deviator's price ``p'_user`` (s ∈ {−1, 0, 1})."""
    joins, shares = platforms.profile(joins, shares)
    unpriced = np.array(prices, dtype=float)
    unpriced[platform] = 0.0
    now = platforms.user_payoffs(prices=unpriced, joins=joins, shares=shares)
    found = []
    for i, k, a in itertools.product(range(platforms.market.n), (0, 1), (False, True)):
        if (k, a) == (joins[i], shares[i]):
            continue
        moved_joins, moved_shares = joins.copy(), shares.copy()
        moved_joins[i], moved_shares[i] = k, a
        after = platforms.user_payoffs(prices=unpriced, joins=moved_joins, shares=moved_shares)
        slope = int(k == platform and a) - int(joins[i] == platform and shares[i])
        found.append((i, float(after[i] - now[i]), slope))
    return found


def _broken(free, held, lo, hi, value, sharer, breakers, tol):
    """The profiles reachable after the current one breaks: one option per breaker."""
    for user, gain, slope in breakers:
        low, high = lo[:, user], hi[:, user]
        if slope > 0:
            low = np.maximum(low, -gain)
        elif slope < 0:
            high = np.minimum(high, gain)
        elif gain <= tol:                  # a tie does not move her
            continue
        others = np.delete(held, user, axis=1).all(axis=1)
        paid = lo.copy()
        paid[:, user] = low
        yield (free & others & (low <= high + tol),
               value - sharer[:, user] * (low - lo[:, user]), paid)


def part3_deviation(platforms: CompetingPlatforms, *, epsilon: float = 1e-9) -> PriceDeviation:
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
    return deviation_gain(platforms, platform=1, prices=prices, new_prices=offer, joins=joins,
                          shares=shares)


def best_price_deviation(platforms: CompetingPlatforms, *, platform: int, prices: np.ndarray,
                         joins: np.ndarray, shares: np.ndarray, epsilon: float = 1e-9,
                         factors: tuple[float, ...] = (0.0, 0.5, 0.9, 0.99, 1.01, 1.1, 2.0)
                         ) -> PriceDeviation:
    """The most profitable of: luring each set of users, or scaling the current prices.

    A lure to set T pays each ``i ∈ T`` exactly what makes joining ``platform`` with T and
    sharing worth ``ε`` more than her current utility (others unchanged).
    """
    market = platforms.market
    prices = np.asarray(prices, dtype=float)
    current = platforms.user_payoffs(prices=prices, joins=joins, shares=shares)
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
    results = [deviation_gain(platforms, platform=platform, prices=prices, new_prices=c,
                              joins=joins, shares=shares) for c in candidates]
    return max(results, key=lambda r: r.gain)
