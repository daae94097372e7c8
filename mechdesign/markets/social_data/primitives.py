"""The primitives of the social data model and the intermediary's information policy.

Reference: ``shared/reference/social-data.md`` §1.2-§1.4, §4.1. N consumers have
willingness to pay ``w_i = theta + theta_i`` and signals ``s_i = w_i + eps + eps_i`` with
``var theta = alpha sigma_w2``, ``var theta_i = (1-alpha) sigma_w2``, ``var eps = beta
sigma_e2`` and ``var eps_i = (1-beta) sigma_e2`` (data structure (7)).

Every argument is keyword-only: ``MarketPrimitives(n=10, alpha=0.3, beta=0.5)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mechdesign.markets._inputs import real_scalar
from mechdesign._validation import (
    check_choice,
    check_finite,
    check_integer,
    check_interval,
    check_nonnegative,
    check_positive,
)

__all__ = ["MarketPrimitives", "DataPolicy"]


@dataclass(frozen=True, kw_only=True)
class MarketPrimitives:
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
        where = type(self).__name__
        set_ = object.__setattr__
        for name in ("n", "alpha", "beta", "sigma_w2", "sigma_e2", "mean", "cost"):
            real_scalar(getattr(self, name), name, where)
        set_(self, "n", check_integer(check_finite(self.n, "n", where), "n", where, 2))
        set_(self, "alpha", check_interval(self.alpha, "alpha", where, 0, 1, "both"))
        set_(self, "beta", check_interval(self.beta, "beta", where, 0, 1, "both"))
        set_(self, "sigma_w2", check_positive(self.sigma_w2, "sigma_w2", where))
        set_(self, "sigma_e2", check_nonnegative(self.sigma_e2, "sigma_e2", where))
        set_(self, "mean", check_nonnegative(self.mean, "mean", where))
        set_(self, "cost", check_nonnegative(self.cost, "cost", where))

    @classmethod
    def from_variances(cls, *, n: int, sigma_theta2: float, sigma_thetai2: float,
                       sigma_eps2: float, sigma_epsi2: float, mean: float = 0.0,
                       cost: float = 0.0) -> MarketPrimitives:
        """Build the market from the four shock variances (3), (6)."""
        where = f"{cls.__name__}.from_variances"
        parts = [check_nonnegative(v, name, where) for v, name in (
            (sigma_theta2, "sigma_theta2"), (sigma_thetai2, "sigma_thetai2"),
            (sigma_eps2, "sigma_eps2"), (sigma_epsi2, "sigma_epsi2"))]
        sigma_w2 = check_positive(parts[0] + parts[1], "sigma_theta2 + sigma_thetai2", where)
        sigma_e2 = parts[2] + parts[3]
        beta = parts[2] / sigma_e2 if sigma_e2 > 0 else 0.0
        return cls(n=n, alpha=parts[0] / sigma_w2, beta=beta, sigma_w2=sigma_w2,
                   sigma_e2=sigma_e2, mean=mean, cost=cost)

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
        return (f"<{type(self).__name__} n={self.n} alpha={self.alpha:g} beta={self.beta:g} "
                f"sigma_w2={self.sigma_w2:g} sigma_e2={self.sigma_e2:g}>")


@dataclass(frozen=True, kw_only=True)
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
        for name in ("added_common", "added_idio"):
            real_scalar(getattr(self, name), name, where)
        for name in ("aggregate", "deviator_keeps_record"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise TypeError(f"The {name!r} parameter of {where} must be a bool (True or "
                                f"False). Got {getattr(self, name)!r} instead.")
        object.__setattr__(self, "added_common",
                           check_nonnegative(self.added_common, "added_common", where))
        object.__setattr__(self, "added_idio",
                           check_nonnegative(self.added_idio, "added_idio", where))
        check_choice(self.outflow, "outflow", "DataPolicy", ("complete", "producer"))

    @property
    def name(self) -> str:
        kind = "aggregate" if self.aggregate else "individual"
        return f"{kind}(+{self.added_common:g} common, +{self.added_idio:g} idio)"


