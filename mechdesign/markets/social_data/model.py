"""The social data model object: the market's primitives with the paper's questions as methods.

Reference: ``shared/reference/social-data.md``. ``SocialDataMarket`` is built from the
primitives (keyword-only; see :class:`~.primitives.MarketPrimitives`) and answers, in the
paper's vocabulary:

* the value of a data policy (fees (13), (15), profit R, surplus gains) —
  ``value(policy, method=...)`` with the closed forms of §3.0 or the exact engine;
* complete sharing (Prop 1, Thm 1) and the profitability threshold alpha*(beta);
* the optimal policy with common noise (Thm 3, §3.3) — ``optimal_noise(method=...)``
  with the closed form or the concave program P6; the footnote-15 policy when data cannot
  be aggregated; the gain from aggregation (Thm 2);
* policies optimised for profit, total surplus or consumer surplus.

Scaling convention: every payoff is a total over the N consumers unless its name ends in
``_per_consumer``; variances are in the units of ``sigma_w2``.
"""

from __future__ import annotations

from dataclasses import dataclass

from mechdesign._validation import check_choice

from .closed_forms import PolicyValue, SharingValue, aggregation_gain, complete_sharing_value
from .closed_forms import evaluate_policy
from .engine import ExactEvaluation, evaluate_exact
from .primitives import DataPolicy, MarketPrimitives
from .programs import NoiseProgramResult, PolicyChoice, noise_design_program, optimise_policy
from .theory import (
    IndividualDataNoise,
    NoiseDesign,
    individual_data_noise,
    optimal_noise,
    profitability_threshold,
)

__all__ = ["SocialDataMarket"]

_METHODS = ("auto", "closed_form", "engine")


@dataclass(frozen=True, kw_only=True, repr=False)
class SocialDataMarket(MarketPrimitives):
    """N consumers, a producer and a data intermediary (reference §1.2-§1.4).

    Parameters (keyword-only)
    -------------------------
    n : number of consumers, an integer >= 2.
    alpha, beta : correlation of willingness to pay and of signal noise, in [0, 1] (7).
    sigma_w2 : variance of willingness to pay, > 0; sigma_e2 : signal noise, >= 0.
    mean, cost : expected willingness to pay and the producer's marginal cost, >= 0.

    Example
    -------
    >>> market = SocialDataMarket(n=10, alpha=0.3, beta=0.5)
    >>> round(market.optimal_noise().profit, 6)
    0.175602
    """

    def value(self, policy: DataPolicy | None = None, *,
              method: str = "auto") -> PolicyValue | ExactEvaluation:
        """Fees, profit and surplus gains of ``policy`` (default: identified records).

        ``method="closed_form"`` uses §3.0 (complete outflow only), ``"engine"`` the exact
        Gaussian engine from the shocks; ``"auto"`` takes the closed form where it exists.
        """
        check_choice(method, "method", "SocialDataMarket.value", _METHODS)
        policy = DataPolicy() if policy is None else policy
        if method == "engine" or (method == "auto" and policy.outflow != "complete"):
            return evaluate_exact(self, policy)
        return evaluate_policy(self, policy)

    def complete_sharing(self) -> SharingValue:
        """Prop 1 and (28)-(31): complete sharing of identified records, no noise."""
        return complete_sharing_value(self)

    def profitability_threshold(self) -> float:
        """Thm 1: alpha*(beta) at this market's beta and lam; R(S) > 0 iff alpha > alpha*."""
        return profitability_threshold(n=self.n, beta=self.beta, lam=self.lam)

    def aggregation_gain(self, *, added_idio: float = 0.0) -> float:
        """Thm 2: R(Xbar) - R(X) (a total)."""
        return aggregation_gain(self, added_idio=added_idio)

    def optimal_noise(self, *, method: str = "closed_form") -> NoiseDesign | NoiseProgramResult:
        """Thm 3 / §3.3: the optimal aggregate policy with added common noise.

        ``method="closed_form"`` (A', B' of §3.3) or ``"program"`` (the concave program P6,
        solved and certified; see :func:`~.programs.noise_design_program`).
        """
        check_choice(method, "method", "SocialDataMarket.optimal_noise",
                     ("closed_form", "program"))
        return optimal_noise(self) if method == "closed_form" else noise_design_program(self)

    def individual_data_noise(self) -> IndividualDataNoise:
        """Footnote 15: the best idiosyncratic noise when records cannot be aggregated."""
        return individual_data_noise(self)

    def optimal_policy(self, *, objective: str = "profit",
                       break_even: bool = True) -> PolicyChoice:
        """The policy best for ``objective`` ("profit", "total_surplus", "consumer_surplus")."""
        return optimise_policy(self, objective=objective, break_even=break_even)
