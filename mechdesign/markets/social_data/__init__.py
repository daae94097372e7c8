"""The economics of social data: data intermediation with correlated consumer signals.

A data intermediary buys consumers' Gaussian signals ``s_i = theta + theta_i + eps + eps_i``
about their willingness to pay and sells them to a monopolist producer who prices with
them (reference shared/reference/social-data.md, Bergemann, Bonatti and Gan [1]_). The
data externality -- others' data reveal my willingness to pay -- lets the intermediary
pay consumers little; anonymisation (aggregation) and added noise are its instruments.

The model object is :class:`SocialDataMarket` (keyword-only primitives); the modules,
one idea each:

* :mod:`.primitives` -- the market's primitives and ``DataPolicy``;
* :mod:`.closed_forms` -- the posterior-mean variances K1-K5 (§3.0), payoffs (43)-(44),
  fees by the master formula (§1.7), complete sharing (Prop 1, (28)-(31)), aggregation
  (Thm 2);
* :mod:`.engine` -- the exact Gaussian engine (every policy from the shocks);
* :mod:`.theory` -- thresholds and optimal noise (Lemmas 1-2, Props 2-4, 6-7, Thms 1, 3, 4,
  Cor 1, §3.3, footnote 15);
* :mod:`.extensions` -- segmentation (51)-(52), Props 8-9, Cor 2; quality (Prop 10) and
  recommender (Prop 11) extensions;
* :mod:`.programs` -- the SDPs P0 and P2, the concave noise-design program P6 (certified)
  and policies optimised for profit, total surplus or consumer surplus;
* :mod:`.model` -- ``SocialDataMarket``; :mod:`mechdesign.markets.social_data.cases` -- the ``mechdesign check`` rows.

Example
-------
>>> from mechdesign.markets import social_data as sd
>>> market = sd.SocialDataMarket(n=10, alpha=0.3, beta=0.5, sigma_w2=1.0, sigma_e2=1.0)
>>> round(market.complete_sharing().profit, 6)     # R(S), reference B7
-0.283773
>>> round(market.optimal_noise().profit, 6)                # R* (aggregate, no noise)
0.175602

.. [1] Bergemann, D., Bonatti, A. and Gan, T. "The Economics of Social Data", RAND Journal
   of Economics 53(2), 2022.
"""

from __future__ import annotations

from .cases import check_cases
from .closed_forms import (
    PolicyValue,
    SharingValue,
    aggregation_gain,
    complete_sharing_value,
    consumer_variance,
    evaluate_policy,
    v_aggregate,
    v_all,
    v_others,
    v_own,
)
from .engine import (
    ExactEvaluation,
    MarketOutcome,
    evaluate_exact,
    posterior_mean_covariance,
    producer_information,
)
from .extensions import (
    QUALITY_THRESHOLD,
    SegmentationProfits,
    group_advantage_structure_form,
    group_price_profit,
    marginal_profits,
    quality_optimal_inflow,
    quality_payoff_changes,
    quality_profit,
    recommender_optimal_inflow,
    recommender_payoff_changes,
    recommender_profit,
    segmentation_exact_profit,
    segmentation_first_integer,
    segmentation_profits,
    segmentation_threshold,
    uniform_price_profit,
)
from .model import SocialDataMarket
from .primitives import DataPolicy, MarketPrimitives
from .programs import (
    OBJECTIVES,
    NoiseProgramResult,
    PolicyChoice,
    ProgramResult,
    compare_objectives,
    market_posterior_variance_sdp,
    noise_design_program,
    optimise_policy,
    outflow_garbling_sdp,
    posterior_variance_sdp,
)
from .theory import (
    IndividualDataNoise,
    NoiseDesign,
    a_prime_alpha_derivative,
    a_prime_alpha_form,
    aggregate_profit,
    alpha_min,
    best_predictor,
    beta_star,
    complements_measure,
    complements_polynomial,
    complements_threshold,
    corollary1_noise_threshold,
    fixed_point_beta,
    individual_data_noise,
    information_gain,
    large_market_limits,
    lemma1_corner_gains,
    lemma2_alpha_bound,
    noise_thresholds,
    optimal_noise,
    profitability_threshold,
    sharing_profit_endpoints,
    surplus_thresholds,
    total_compensation,
    total_compensation_derivative_alpha1,
)

__all__ = [
    "SocialDataMarket", "MarketPrimitives", "DataPolicy", "PolicyValue", "SharingValue",
    "MarketOutcome", "ExactEvaluation", "ProgramResult", "NoiseProgramResult", "NoiseDesign",
    "IndividualDataNoise", "PolicyChoice", "SegmentationProfits", "OBJECTIVES",
    "QUALITY_THRESHOLD",
    "v_own", "v_all", "v_aggregate", "v_others", "consumer_variance", "evaluate_policy",
    "complete_sharing_value", "aggregation_gain", "evaluate_exact", "producer_information",
    "posterior_mean_covariance", "information_gain", "best_predictor", "lemma1_corner_gains",
    "surplus_thresholds", "noise_thresholds", "lemma2_alpha_bound", "profitability_threshold",
    "fixed_point_beta", "sharing_profit_endpoints", "corollary1_noise_threshold",
    "complements_measure", "complements_polynomial", "complements_threshold", "alpha_min",
    "optimal_noise", "aggregate_profit", "a_prime_alpha_form", "a_prime_alpha_derivative",
    "beta_star", "total_compensation", "total_compensation_derivative_alpha1",
    "large_market_limits", "individual_data_noise",
    "uniform_price_profit", "group_price_profit", "group_advantage_structure_form",
    "segmentation_profits", "segmentation_exact_profit", "segmentation_threshold",
    "segmentation_first_integer",
    "marginal_profits", "quality_payoff_changes", "quality_profit", "quality_optimal_inflow",
    "recommender_payoff_changes", "recommender_profit", "recommender_optimal_inflow",
    "posterior_variance_sdp", "market_posterior_variance_sdp", "outflow_garbling_sdp",
    "noise_design_program", "optimise_policy", "compare_objectives", "check_cases",
]
