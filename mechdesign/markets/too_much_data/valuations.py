r"""Unknown privacy values: VCG, virtual values, the Theorem B-2 mechanism, the IC/IR LP.

Reference: ``shared/reference/too-much-data.md`` §1.6, §2 (Proposition B-1, Assumption 2,
Theorem B-2, Proposition B-2), §3.1(f), flags F9 and F11; benchmarks B09–B12, B19, B20.

* **VCG (Proposition B-1).** At reports v̂, ``a(v̂) = argmax_S Σ_i (1 − v̂_i) I_i(S)`` and
  ``p_i = [I_i(a) + Σ_{j≠i} (1 − v̂_j) I_j(a)] − min_S [I_i(S) + Σ_{j≠i} (1 − v̂_j) I_j(S)]``.
  Truthful in dominant strategies; the platform can run a deficit (F11).
* **Virtual values (Assumption 2).** ``Φ_i(v) = v + F_i(v)/f_i(v)`` nondecreasing:
  uniform ``[a, b]`` gives ``2v − a``; exponential(λ) gives ``v + (e^{λv} − 1)/λ``.
* **Theorem B-2.** ``a^E(v) = argmax_S Σ_i I_i(S) − Σ_{i∈S} Φ_i(v_i) m_i(S)`` — the
  complete-information program with ``v → Φ(v)``. With ``A_i(x, v_−i) = m_i(S^E(x, v_−i))``
  (a step function of x) the threshold payment is
  ``p_i = ∫_{v_i}^{v_max} A_i(x, v_−i) dx + v_i A_i(v_i, v_−i)`` and
  ``E[profit] = E_v[max_S Σ_i I_i(S) − Σ_{i∈S} Φ_i(v_i) m_i(S)]``. Incentive compatibility
  holds for the paper's relative utility ``p_i − v A_i``, not for the full utility (F9).
* **Discrete types (§3.1(f)).** With iid types ``t_1 < … < t_K`` (probabilities f), the
  platform-optimal mechanism over lotteries ``q(t) ∈ Δ(2^V)`` and payments ``p(t)`` under
  ex-post IC and IR on the relative utility ``p_i − t_i Σ_S q_S m_i(S)`` is an LP, with value
  ``E[max_S Σ_j I_j(S) − Σ_{i∈S} φ(t_i) m_i(S)]``, ``φ(t_k) = t_k + (t_k − t_{k−1})
  F(t_{k−1})/f(t_k)``.
* **Proposition B-2.** ``W(a^E) ≤ Σ_{V^(l)} (1 − v_i) I_i(V) − Σ_{V^(h)} (v_i − 1)
  I_i(V_Φ^(l))``, ``V_Φ^(l) = {i : Φ_i(v_i) ≤ 1}`` (true values v, Theorem B-2 allocation).

All combinatorial steps use the table of leaks of ``DataMarket`` (n ≤ 16).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import KW_ONLY, dataclass

import cvxpy as cp
import numpy as np
from scipy import integrate, optimize

from mechdesign._validation import check_positive
from .enumeration import mask_to_set, select_mask
from .model import DataMarket
from .programs import ProgramResult, _solve

__all__ = [
    "Uniform",
    "Exponential",
    "VCGOutcome",
    "vcg",
    "VirtualValueMechanism",
    "StepPiece",
    "discrete_virtual_costs",
    "discrete_mechanism_lp",
    "discrete_virtual_value_profit",
    "proposition_b2_bound",
]


@dataclass(frozen=True, kw_only=True)
class Uniform:
    """Privacy value uniform on ``[low, high]``; ``Φ(v) = 2v − low``."""

    low: float
    high: float

    def __post_init__(self) -> None:
        if not 0 <= self.low < self.high < math.inf:
            raise ValueError(
                f"The 'low', 'high' parameters of Uniform must satisfy 0 ≤ low < high < inf. "
                f"Got low={self.low!r}, high={self.high!r} instead.")

    def cdf(self, v: float) -> float:
        return min(1.0, max(0.0, (v - self.low) / (self.high - self.low)))

    def pdf(self, v: float) -> float:
        return 1 / (self.high - self.low) if self.low <= v <= self.high else 0.0

    def virtual_value(self, v: float) -> float:
        return 2 * v - self.low

    def sample(self, rng: np.random.Generator, *, size: int) -> np.ndarray:
        return rng.uniform(self.low, self.high, size)


@dataclass(frozen=True)
class Exponential:
    """Privacy value exponential with ``rate`` λ; ``Φ(v) = v + (e^{λv} − 1)/λ``."""

    rate: float

    def __post_init__(self) -> None:
        check_positive(self.rate, "rate", "Exponential")

    @property
    def low(self) -> float:
        return 0.0

    @property
    def high(self) -> float:
        return math.inf

    def cdf(self, v: float) -> float:
        return 1 - math.exp(-self.rate * v) if v > 0 else 0.0

    def pdf(self, v: float) -> float:
        return self.rate * math.exp(-self.rate * v) if v >= 0 else 0.0

    def virtual_value(self, v: float) -> float:
        return v + math.expm1(self.rate * v) / self.rate

    def sample(self, rng: np.random.Generator, *, size: int) -> np.ndarray:
        return rng.exponential(1 / self.rate, size)


Distribution = Uniform | Exponential


# ---- VCG (Proposition B-1) -----------------------------------------------------------
@dataclass(frozen=True)
class VCGOutcome:
    sharing: frozenset[int]
    payments: np.ndarray        # (n,)
    utilities: np.ndarray       # (n,) at the market's true values
    platform_payoff: float


def vcg(market: DataMarket, *, reports: Sequence[float] | None = None) -> VCGOutcome:
    """Proposition B-1 at ``reports`` (default: truthful, the market's privacy values)."""
    reported = market.privacy if reports is None else np.asarray(reports, dtype=float)
    leaks = market.table.leaks
    mask = select_mask(leaks @ (1 - reported))
    weights = np.tile(1 - reported, (market.n, 1))
    np.fill_diagonal(weights, 1.0)
    values = leaks @ weights.T                     # (2^n, n): I_i(S) + Σ_{j≠i}(1−v̂_j) I_j(S)
    payments = values[mask] - values.min(axis=0)
    utilities = payments - market.privacy * leaks[mask]
    return VCGOutcome(mask_to_set(mask), payments, utilities,
                      float(leaks[mask].sum() - payments.sum()))


# ---- Theorem B-2 -----------------------------------------------------------------------
@dataclass(frozen=True)
class StepPiece:
    """``A_i(x, v_−i) = allocation`` for x in ``[start, end)``, sharing set ``sharing``."""

    start: float
    end: float
    allocation: float
    sharing: frozenset[int]


@dataclass(frozen=True, eq=False)
class VirtualValueMechanism:
    """Theorem B-2 for ``market`` (true values = ``market.privacy``) and value laws
    ``distributions`` (one per user, keyword-only)."""

    market: DataMarket
    _: KW_ONLY
    distributions: tuple[Distribution, ...]

    def __post_init__(self) -> None:
        laws = tuple(self.distributions)
        if len(laws) != self.market.n:
            raise ValueError(
                f"The 'distributions' parameter of VirtualValueMechanism must have one law "
                f"per user ({self.market.n}). Got {len(laws)} instead.")
        object.__setattr__(self, "distributions", laws)

    def virtual_values(self, values: Sequence[float]) -> np.ndarray:
        return np.array([law.virtual_value(float(v)) for law, v in zip(self.distributions, values)])

    def allocation(self, reports: Sequence[float]) -> frozenset[int]:
        """``a^E(v̂)``: the complete-information equilibrium with ``v → Φ(v̂)``."""
        table = self.market.table
        return mask_to_set(select_mask(
            table.leaks.sum(axis=1) - table.marginals @ self.virtual_values(reports)))

    def _lines(self, user: int, reports: Sequence[float],
               virtual: bool) -> tuple[np.ndarray, np.ndarray, Callable[[float], float], Distribution]:
        """Each set's objective as ``intercept − ψ(x) slope`` in user's value x."""
        table, law = self.market.table, self.distributions[user]
        others = np.array(reports, dtype=float)
        others[user] = 0.0
        phi = self.virtual_values(others) if virtual else others
        phi[user] = 0.0
        transform = law.virtual_value if virtual else _identity
        return table.leaks.sum(axis=1) - table.marginals @ phi, table.marginals[:, user], \
            transform, law

    def _pieces(self, user: int, reports: Sequence[float],
                virtual: bool) -> Iterator[tuple[float, float, int, float, float]]:
        """Envelope pieces ``(x from, x to, best mask, intercept, slope)``."""
        intercept, slope, transform, law = self._lines(user, reports, virtual)
        for lo, hi, mask in _upper_envelope(intercept, slope, transform(law.low),
                                            transform(law.high)):
            yield (_invert(transform, lo, law), _invert(transform, hi, law), mask,
                   intercept[mask], slope[mask])

    def allocation_rule(self, *, user: int, reports: Sequence[float],
                        virtual: bool = True) -> list[StepPiece]:
        """The step function ``x ↦ A_user(x, v̂_−user)`` over the support of user's law.

        ``virtual=False`` replaces Φ by the identity (complete information).
        """
        return [StepPiece(start, end, float(slope), mask_to_set(mask))
                for start, end, mask, _, slope in self._pieces(user, reports, virtual)]

    def payments(self, reports: Sequence[float]) -> np.ndarray:
        """Threshold payments ``p_i = ∫_{v_i}^{v_max} A_i dx + v_i A_i(v_i)`` (B-18)."""
        return np.array([self._payment(i, reports) for i in range(self.market.n)])

    def _payment(self, user: int, reports: Sequence[float]) -> float:
        x = float(reports[user])
        total = 0.0
        for piece in self.allocation_rule(user=user, reports=reports):
            if piece.end > x and piece.allocation > 0:
                total += piece.allocation * (piece.end - max(piece.start, x))
            if piece.start <= x < piece.end:
                total += x * piece.allocation
        return total

    def expected_profit(self, *, virtual: bool = True, samples: int = 0,
                        rng: np.random.Generator | int | None = None) -> float:
        """``E_v[max_S Σ I(S) − Σ_{i∈S} Φ_i(v_i) m_i(S)]`` (``virtual=False``: v for Φ).

        Exact piecewise integration in user 0's value and adaptive quadrature in user 1's
        for n ≤ 2; Monte Carlo with ``samples`` draws for larger n.
        """
        n = self.market.n
        if n == 1:
            return self._inner_expectation([0.0], virtual)
        if n == 2:
            law = self.distributions[1]
            value, _ = integrate.quad(
                lambda y: self._inner_expectation([0.0, y], virtual) * law.pdf(y),
                law.low, law.high, epsabs=1e-12, epsrel=1e-11, limit=200)
            return float(value)
        if samples <= 0:
            raise ValueError(
                f"The 'samples' parameter of expected_profit must be a positive number of "
                f"Monte Carlo draws for n={n} > 2 users. Got {samples} instead.")
        return self._monte_carlo(virtual, samples, np.random.default_rng(rng))

    def _inner_expectation(self, reports: list[float], virtual: bool) -> float:
        """``E_{v_0}[max_S …]`` at fixed others' values, integrated piece by piece."""
        law = self.distributions[0]
        transform = law.virtual_value if virtual else _identity
        total = 0.0
        for start, end, _, base, slope in self._pieces(0, reports, virtual):
            value, _ = integrate.quad(lambda x: (base - slope * transform(x)) * law.pdf(x),
                                      start, end, epsabs=1e-13, epsrel=1e-12)
            total += value
        return total

    def _monte_carlo(self, virtual: bool, samples: int, rng: np.random.Generator) -> float:
        table = self.market.table
        draws = np.column_stack([law.sample(rng, size=samples) for law in self.distributions])
        weights = np.array([self.virtual_values(row) for row in draws]) if virtual else draws
        values = table.leaks.sum(axis=1)[None, :] - weights @ table.marginals.T
        return float(values.max(axis=1).mean())


def _identity(x: float) -> float:
    return x


def _upper_envelope(intercept: np.ndarray, slope: np.ndarray, lo: float,
                    hi: float) -> list[tuple[float, float, int]]:
    """Pieces ``(from, to, index)`` of ``max_k intercept_k − φ slope_k`` over φ ∈ [lo, hi]."""
    start_values = intercept - lo * slope
    best = start_values.max()
    tied = np.flatnonzero(start_values >= best - 1e-12 * max(1.0, abs(best)))
    current = int(tied[np.argmin(slope[tied])])
    pieces, position = [], lo
    while True:
        flatter = np.flatnonzero(slope < slope[current] - 1e-15)
        if flatter.size == 0:
            break
        crossings = (intercept[current] - intercept[flatter]) / (slope[current] - slope[flatter])
        crossings = np.maximum(crossings, position)
        first = crossings.min()
        if first >= hi:
            break
        candidates = flatter[crossings <= first + 1e-14 * max(1.0, abs(first))]
        successor = int(candidates[np.argmin(slope[candidates])])
        pieces.append((position, float(first), current))
        position, current = float(first), successor
    pieces.append((position, hi, current))
    return [p for p in pieces if p[1] > p[0] or len(pieces) == 1]


def _invert(transform: Callable[[float], float], target: float, law: Distribution) -> float:
    """The value x in the support with ``transform(x) = target`` (monotone transform)."""
    if target <= transform(law.low):
        return law.low
    if math.isinf(target):
        return law.high
    upper = law.high if math.isfinite(law.high) else 1.0
    while math.isinf(law.high) and transform(upper) < target:
        upper *= 2
    if target >= transform(upper):
        return upper
    return optimize.brentq(lambda x: transform(x) - target, law.low, upper, xtol=1e-14,
                           rtol=1e-15)


# ---- discrete types (§3.1(f)) ----------------------------------------------------------
def _check_types(types: Sequence[float], probabilities: Sequence[float]) -> tuple:
    t, f = np.asarray(types, dtype=float), np.asarray(probabilities, dtype=float)
    if t.ndim != 1 or t.shape != f.shape or np.any(np.diff(t) <= 0) or np.any(f <= 0) or \
            not np.isclose(f.sum(), 1.0):
        raise ValueError(
            f"The 'types', 'probabilities' parameters must be increasing types with positive "
            f"probabilities summing to 1, of equal length. Got {t.tolist()}, {f.tolist()} "
            f"instead.")
    return t, f


def discrete_virtual_costs(*, types: Sequence[float],
                           probabilities: Sequence[float]) -> np.ndarray:
    """``φ(t_k) = t_k + (t_k − t_{k−1}) F(t_{k−1}) / f(t_k)``, ``φ(t_1) = t_1``."""
    t, f = _check_types(types, probabilities)
    below = np.concatenate([[0.0], np.cumsum(f)[:-1]])
    steps = np.concatenate([[0.0], np.diff(t)])
    return t + steps * below / f


def _profiles(market: DataMarket, count: int) -> np.ndarray:
    return np.array(list(itertools.product(range(count), repeat=market.n)))


def discrete_virtual_value_profit(market: DataMarket, *, types: Sequence[float],
                                  probabilities: Sequence[float]) -> float:
    """Closed form of the discrete LP: ``E[max_S Σ_j I_j(S) − Σ_{i∈S} φ(t_i) m_i(S)]``."""
    t, f = _check_types(types, probabilities)
    phi, table = discrete_virtual_costs(types=t, probabilities=f), market.table
    profiles = _profiles(market, t.size)
    values = table.leaks.sum(axis=1)[None, :] - phi[profiles] @ table.marginals.T
    return float(np.prod(f[profiles], axis=1) @ values.max(axis=1))


def discrete_mechanism_lp(market: DataMarket, *, types: Sequence[float],
                          probabilities: Sequence[float]) -> ProgramResult:
    """Platform-optimal ex-post IC/IR mechanism with iid discrete types, as an LP.

    Variables: lotteries ``q`` (profiles × 2^n) and payments ``p`` (profiles × n); the
    utility is the paper's relative one, ``p_i − t_i A_i`` (flag F9). solution = q.

    Certificate: the virtual-cost value ``discrete_virtual_value_profit`` bounds the
    expected profit of every IC/IR mechanism (local downward IC and the top type's IR give
    ``E[p_i] ≥ E[φ(t_i) A_i]``, §3.1(f)). The bound is attained when the virtual costs
    are nondecreasing; otherwise (ironing needed) it is loose and the result is at most
    "optimal_inaccurate", since no dual certificate is computed.
    """
    t, f = _check_types(types, probabilities)
    table, count = market.table, t.size
    profiles = _profiles(market, count)
    lottery = cp.Variable((len(profiles), table.leaks.shape[0]), nonneg=True, name="q")
    payment = cp.Variable((len(profiles), market.n), name="p")
    constraints = [cp.sum(lottery, axis=1) == 1]
    radix = count ** np.arange(market.n - 1, -1, -1)
    for i in range(market.n):
        allocation = lottery @ table.marginals[:, i]
        true_type = t[profiles[:, i]]
        rent = payment[:, i] - cp.multiply(true_type, allocation)
        constraints.append((rent >= 0).set_label(f"IR[i={i}]"))
        for report in range(count):
            alt = profiles @ radix + (report - profiles[:, i]) * radix[i]
            lie = payment[alt, i] - cp.multiply(true_type, allocation[alt])
            constraints.append((rent >= lie).set_label(f"IC[i={i}, report={report}]"))
    weights = np.prod(f[profiles], axis=1)
    objective = weights @ (lottery @ table.leaks.sum(axis=1) - cp.sum(payment, axis=1))
    problem = cp.Problem(cp.Maximize(objective), constraints)
    return _solve(problem, lottery,
                  lambda: (float(problem.value),
                           discrete_virtual_value_profit(market, types=types,
                                                         probabilities=probabilities)), "max",
                  float(table.leaks[-1].sum()))


def proposition_b2_bound(mechanism: VirtualValueMechanism) -> float:
    """Proposition B-2 bound on ``W(a^E)`` at the market's true values."""
    market = mechanism.market
    v = market.privacy
    virtual_low = sorted(np.flatnonzero(mechanism.virtual_values(v) <= 1).tolist())
    low, high = sorted(market.low_value_users), sorted(market.high_value_users)
    all_leaks, leaks = market.leaks(range(market.n)), market.leaks(virtual_low)
    return float((1 - v[low]) @ all_leaks[low] - (v[high] - 1) @ leaks[high])
