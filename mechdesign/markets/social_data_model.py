"""Social data intermediation: the market, information policies and their closed-form values.

Definitions (reference social-data.md §1, §3.0, §3.1 and Theorem 2 of §3.2)
--------------------------------------------------------------------------
N consumers have willingness to pay ``w_i = theta + theta_i`` and observe
``s_i = w_i + eps + eps_i``; all shocks are independent Gaussians with variances

* ``sigma_theta2 = alpha*sigma_w2`` (common) and ``sigma_thetai2 = (1-alpha)*sigma_w2``;
* ``sigma_eps2 = beta*sigma_e2`` (common noise) and ``sigma_epsi2 = (1-beta)*sigma_e2``.

``alpha`` and ``beta`` are the data structure (7), ``lam = sigma_e2/sigma_w2`` the
noise-to-signal ratio. A data intermediary collects records ``x_i = s_i + xi + xi_i``
(added noise with variances ``added_common``, ``added_idio``), either identified (34) or
as the anonymised average ``xbar`` (35), and sends them to the producer and to every
consumer (complete outflow, Prop 5). With ``C' = sigma_theta2 + sigma_eps2 + added_common``
and ``I' = sigma_thetai2 + sigma_epsi2 + added_idio`` the posterior-mean variances are
(§3.0, K1-K5)::

    V_own   = sigma_w2**2 / (sigma_w2 + sigma_e2)
    V_all   = (N T + s)**2 / (N (N C' + I')) + (N-1) s**2 / (N I')     individual records
    V_agg   = (N T + s)**2 / (N (N C' + I'))                            aggregate record
    V_oth   = (N-1) T**2 / ((N-1) C' + I')                              records of the others

with ``T = sigma_theta2`` and ``s = sigma_thetai2``. Expected payoffs per consumer (43)-(44),
with ``V_T`` the producer's and ``V_O`` the consumer's posterior-mean variance::

    Pi_i = (V_T + (mu-c)**2)/4,   U_i = V_O/2 - 3 V_T/8 + (mu-c)**2/8.

Binding participation constraints (13), (15) give the fees; when a consumer's own
information is the same on and off path (convention A, flag F10) they reduce to the
master formula (§1.7)::

    m_i = 3/8 (V_on - V_off),   m_0 = N/4 V_on,   R = N/8 (3 V_off - V_on).

Beware
------
Values named ``*_per_consumer`` are per consumer; every other number is a total.
Means and the cost only shift payoff levels; they cancel in every fee and difference.
The functions starting with an underscore are vectorised over numpy arrays and are used
by the figures and threshold searches.

References
----------
.. [1] Bergemann, D., Bonatti, A. and Gan, T. "The Economics of Social Data", RAND
   Journal of Economics (2022); reference file shared/reference/social-data.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mechdesign._validation import (
    check_choice,
    check_integer,
    check_interval,
    check_nonnegative,
    check_positive,
)

__all__ = [
    "SocialDataMarket",
    "DataPolicy",
    "PolicyValue",
    "SharingValue",
    "v_own",
    "v_all",
    "v_aggregate",
    "v_others",
    "consumer_variance",
    "evaluate_policy",
    "complete_sharing_value",
    "aggregation_gain",
]


@dataclass(frozen=True)
class SocialDataMarket:
    """The primitives of the social data model (reference §1.2-§1.3).

    n : number of consumers, an integer >= 2.
    alpha : correlation of willingness to pay across consumers, in [0, 1] (7).
    beta : correlation of signal noise across consumers, in [0, 1] (7).
    sigma_w2 : variance of willingness to pay w_i, > 0.
    sigma_e2 : variance of signal noise, >= 0 (lam = sigma_e2/sigma_w2).
    mean : expected willingness to pay mu = E[w_i], >= 0.
    cost : the producer's marginal cost c, >= 0.
    """

    n: int
    alpha: float
    beta: float
    sigma_w2: float = 1.0
    sigma_e2: float = 1.0
    mean: float = 0.0
    cost: float = 0.0

    def __post_init__(self) -> None:
        where = "SocialDataMarket"
        set_ = object.__setattr__
        set_(self, "n", check_integer(self.n, "n", where, 2))
        set_(self, "alpha", check_interval(self.alpha, "alpha", where, 0, 1, "both"))
        set_(self, "beta", check_interval(self.beta, "beta", where, 0, 1, "both"))
        set_(self, "sigma_w2", check_positive(self.sigma_w2, "sigma_w2", where))
        set_(self, "sigma_e2", check_nonnegative(self.sigma_e2, "sigma_e2", where))
        set_(self, "mean", check_nonnegative(self.mean, "mean", where))
        set_(self, "cost", check_nonnegative(self.cost, "cost", where))

    @classmethod
    def from_variances(cls, n: int, sigma_theta2: float, sigma_thetai2: float,
                       sigma_eps2: float, sigma_epsi2: float, mean: float = 0.0,
                       cost: float = 0.0) -> SocialDataMarket:
        """Build the market from the four shock variances (3), (6)."""
        where = "SocialDataMarket.from_variances"
        parts = [check_nonnegative(v, name, where) for v, name in (
            (sigma_theta2, "sigma_theta2"), (sigma_thetai2, "sigma_thetai2"),
            (sigma_eps2, "sigma_eps2"), (sigma_epsi2, "sigma_epsi2"))]
        sigma_w2 = check_positive(parts[0] + parts[1], "sigma_theta2 + sigma_thetai2", where)
        sigma_e2 = parts[2] + parts[3]
        beta = parts[2] / sigma_e2 if sigma_e2 > 0 else 0.0
        return cls(n, parts[0] / sigma_w2, beta, sigma_w2, sigma_e2, mean, cost)

    @property
    def sigma_theta2(self) -> float:
        return self.alpha * self.sigma_w2

    @property
    def sigma_thetai2(self) -> float:
        return (1 - self.alpha) * self.sigma_w2

    @property
    def sigma_eps2(self) -> float:
        return self.beta * self.sigma_e2

    @property
    def sigma_epsi2(self) -> float:
        return (1 - self.beta) * self.sigma_e2

    @property
    def lam(self) -> float:
        """Noise-to-signal ratio sigma_e2/sigma_w2."""
        return self.sigma_e2 / self.sigma_w2

    def __repr__(self) -> str:
        return (f"<SocialDataMarket n={self.n} alpha={self.alpha:g} beta={self.beta:g} "
                f"sigma_w2={self.sigma_w2:g} sigma_e2={self.sigma_e2:g}>")


@dataclass(frozen=True)
class DataPolicy:
    """The intermediary's information policy (reference §1.4, §4.1).

    Parameters
    ----------
    aggregate : bool
        Collect the anonymised average xbar (35) instead of identified records (34).
    added_common, added_idio : float
        Variances of the added noise xi and xi_i (34), >= 0.
    outflow : {"complete", "producer"}
        "complete" sends the database to the producer and every consumer (Prop 5);
        "producer" sends it to the producer only (consumers then learn from their price).
    deviator_keeps_record : bool
        Convention A of flag F10 (the paper's): a consumer who rejects still observes her
        record x_i, so her own information is the same on and off path.
    """

    aggregate: bool = False
    added_common: float = 0.0
    added_idio: float = 0.0
    outflow: str = "complete"
    deviator_keeps_record: bool = True

    def __post_init__(self) -> None:
        where = "DataPolicy"
        object.__setattr__(self, "added_common",
                           check_nonnegative(self.added_common, "added_common", where))
        object.__setattr__(self, "added_idio",
                           check_nonnegative(self.added_idio, "added_idio", where))
        check_choice(self.outflow, "outflow", "DataPolicy", ("complete", "producer"))

    @property
    def name(self) -> str:
        kind = "aggregate" if self.aggregate else "individual"
        return f"{kind}(+{self.added_common:g} common, +{self.added_idio:g} idio)"


# ---------------------------------------------------------------- vectorised formulas
def _v_own(common, idio, common_noise, idio_noise):
    """K1: var E[w_i | s_i]."""
    return (common + idio) ** 2 / (common + idio + common_noise + idio_noise)


def _v_aggregate(n, common, idio, common_noise, idio_noise):
    """K4: var E[w_i | xbar], the part of K2 carried by the mean signal."""
    return (n * common + idio) ** 2 / (n * (n * (common + common_noise) + idio + idio_noise))


def _v_deviation(n, idio, idio_noise):
    """Second term of K2: what s_i - sbar adds; 0 when I = 0 (§1.8)."""
    total = np.asarray(idio + idio_noise, dtype=float)
    safe = np.where(total > 0, total, 1.0)
    return np.where(total > 0, (n - 1) * idio ** 2 / (n * safe), 0.0)


def _v_all(n, common, idio, common_noise, idio_noise):
    """K2: var E[w_i | s_1..s_N]."""
    return (_v_aggregate(n, common, idio, common_noise, idio_noise)
            + _v_deviation(n, idio, idio_noise))


def _v_others(n, common, idio, common_noise, idio_noise):
    """K3 / K5: var E[w_i | s_{-i}] = var E[w_i | xbar_{-i}]."""
    return (n - 1) * common ** 2 / ((n - 1) * (common + common_noise) + idio + idio_noise)


def _noisy(market: SocialDataMarket, added_common: float, added_idio: float):
    return (market.n, market.sigma_theta2, market.sigma_thetai2,
            market.sigma_eps2 + added_common, market.sigma_epsi2 + added_idio)


# ---------------------------------------------------------------- public closed forms
def v_own(market: SocialDataMarket) -> float:
    """K1 (25): posterior-mean variance from one's own signal."""
    return float(_v_own(market.sigma_theta2, market.sigma_thetai2,
                        market.sigma_eps2, market.sigma_epsi2))


def v_all(market: SocialDataMarket, added_common: float = 0.0, added_idio: float = 0.0) -> float:
    """K2: variance of E[w_i | all (noisy) records]."""
    return float(_v_all(*_noisy(market, added_common, added_idio)))


def v_aggregate(market: SocialDataMarket, added_common: float = 0.0,
                added_idio: float = 0.0) -> float:
    """K4: variance of E[w_i | xbar]."""
    return float(_v_aggregate(*_noisy(market, added_common, added_idio)))


def v_others(market: SocialDataMarket, added_common: float = 0.0,
             added_idio: float = 0.0) -> float:
    """K3 / K5: variance of E[w_i | the other N-1 (noisy) records]."""
    return float(_v_others(*_noisy(market, added_common, added_idio)))


def consumer_variance(market: SocialDataMarket, policy: DataPolicy, on_path: bool = True) -> float:
    """var E[w_i | O_i] for consumer i under complete outflow (§1.4, §1.6).

    On path she knows (s_i, x_i, xbar) or (s_i, x_i, x_{-i}); both carry the same
    information as (s_i, x_i, xbar_{-i}), which is what she keeps after rejecting under
    convention A; under convention B she keeps (s_i, xbar_{-i}) (flag F10).
    """
    m, xi, xi_i = market, policy.added_common, policy.added_idio
    total_s = m.sigma_w2 + m.sigma_e2
    common = m.sigma_theta2 + m.sigma_eps2
    others = common + xi + (m.sigma_thetai2 + m.sigma_epsi2 + xi_i) / (m.n - 1)
    cov = np.array([[total_s, total_s, common],
                    [total_s, total_s + xi + xi_i, common + xi],
                    [common, common + xi, others]])
    target = np.array([m.sigma_w2, m.sigma_w2, m.sigma_theta2])
    keep_record = (on_path or policy.deviator_keeps_record) and xi + xi_i > 0  # else x_i = s_i
    keep = [0, 1, 2] if keep_record else [0, 2]
    cov, target = cov[np.ix_(keep, keep)], target[keep]
    try:
        return float(target @ np.linalg.solve(cov, target))
    except np.linalg.LinAlgError:      # identical signals (alpha = beta = 1, §1.8)
        return float(target @ np.linalg.pinv(cov, rcond=1e-13, hermitian=True) @ target)


@dataclass(frozen=True)
class PolicyValue:
    """Closed-form value of a policy (§1.6-§1.7, Thm 2); fees are binding (13), (15)."""

    market: SocialDataMarket
    policy: DataPolicy
    v_on: float                 # var E[w_i | producer's on-path information]
    v_off: float                # var E[w_i | producer's information when i rejects]
    v_consumer_on: float        # var E[w_i | consumer i's on-path information]
    v_consumer_off: float       # the same after i rejects
    v_none: float               # V_own: consumer's variance without an intermediary
    producer_fee: float         # m_0 (total)
    compensation_per_consumer: float  # m_i
    profit: float               # R = m_0 - sum_i m_i
    total_surplus_gain: float   # N (W_i(on) - W_i(no intermediary)); fees are transfers
    consumer_surplus_gain: float  # N (U_i(off) - U_i(no intermediary)), fees included

    @property
    def total_compensation(self) -> float:
        return self.market.n * self.compensation_per_consumer


def _producer_variances(market: SocialDataMarket, policy: DataPolicy) -> tuple[float, float]:
    args = (market, policy.added_common, policy.added_idio)
    v_on = v_aggregate(*args) if policy.aggregate else v_all(*args)
    return v_on, v_others(*args)


def evaluate_policy(market: SocialDataMarket, policy: DataPolicy = DataPolicy()) -> PolicyValue:
    """Value of ``policy`` from the closed forms (complete outflow, Prop 5).

    m_i = U_i(off) - U_i(on) = (V_O,off - V_O,on)/2 + 3/8 (V_on - V_off) by (44); under
    convention A the first term vanishes and the master formula of §1.7 remains.
    """
    if policy.outflow != "complete":
        raise ValueError("The 'outflow' parameter of evaluate_policy must be 'complete' "
                         "(the closed forms assume Prop 5's complete outflow); use "
                         f"evaluate_exact for other outflows. Got {policy.outflow!r} instead.")
    n = market.n
    v_on, v_off = _producer_variances(market, policy)
    vo_on = consumer_variance(market, policy, on_path=True)
    vo_off = consumer_variance(market, policy, on_path=False)
    v_none = v_own(market)
    compensation = (vo_off - vo_on) / 2 + 3 * (v_on - v_off) / 8
    producer_fee = n * v_on / 4
    return PolicyValue(
        market, policy, v_on, v_off, vo_on, vo_off, v_none, producer_fee, compensation,
        producer_fee - n * compensation,
        n * (vo_on / 2 - v_on / 8 - v_none / 2),
        n * (vo_off / 2 - 3 * v_off / 8 - v_none / 2))


@dataclass(frozen=True)
class SharingValue:
    """Complete data sharing, per consumer unless a total (Prop 1, (23), (28)-(31))."""

    v_own: float
    v_all: float
    v_others: float
    information_gain: float              # G = V_all - V_own (23)
    delta_producer_per_consumer: float   # Pi_i(S) - Pi_i(0) = V_all/4
    delta_consumer_per_consumer: float   # U_i(S) - U_i(0) = V_all/8 - V_own/2
    delta_welfare_per_consumer: float    # W_i(S) - W_i(0) = 3 V_all/8 - V_own/2
    data_externality_per_consumer: float  # DE_i = (V_all - 3 V_oth/4 - V_own)/2 (31)
    compensation_per_consumer: float     # m_i = 3/8 (V_all - V_oth)
    producer_fee: float                  # m_0 = N V_all/4
    profit: float                        # R(S) = N/8 (3 V_oth - V_all)

    @property
    def complements(self) -> bool:
        """Signals are complements iff V_all - V_oth > V_own (32)-(33)."""
        return self.v_all - self.v_others - self.v_own > 0


def complete_sharing_value(market: SocialDataMarket) -> SharingValue:
    """Prop 1, Definition 1 and (29)-(31): the value of complete data sharing."""
    n, va, vo, vn = market.n, v_all(market), v_others(market), v_own(market)
    return SharingValue(
        vn, va, vo, va - vn, va / 4, va / 8 - vn / 2, 3 * va / 8 - vn / 2,
        (va - 3 * vo / 4 - vn) / 2, 3 * (va - vo) / 8, n * va / 4, n * (3 * vo - va) / 8)


def aggregation_gain(market: SocialDataMarket, added_idio: float = 0.0) -> float:
    """Theorem 2: R(Xbar) - R(X) = (N-1) sigma_thetai2**2 / (8 I') (0 when I' = 0)."""
    idio_noise = market.sigma_epsi2 + check_nonnegative(added_idio, "added_idio",
                                                        "aggregation_gain")
    return float(market.n / 8 * _v_deviation(market.n, market.sigma_thetai2, idio_noise))
