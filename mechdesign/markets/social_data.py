"""The economics of social data: data intermediation with correlated consumer signals.

A data intermediary buys consumers' Gaussian signals ``s_i = theta + theta_i + eps + eps_i``
about their willingness to pay and sells them to a monopolist producer who prices with
them (reference shared/reference/social-data.md, Bergemann, Bonatti and Gan [1]_). The
data externality -- others' data reveal my willingness to pay -- lets the intermediary
pay consumers little; anonymisation (aggregation) and added noise are its instruments.

This module is the public entry point; the model is split by idea:

* :mod:`.social_data_model` -- ``SocialDataMarket``, ``DataPolicy``, the posterior-mean
  variances K1-K5 (§3.0), payoffs (43)-(44), fees by the master formula (§1.7),
  complete sharing (Prop 1, (28)-(31)) and aggregation (Thm 2);
* :mod:`.social_data_engine` -- the exact Gaussian engine (every policy from the shocks);
* :mod:`.social_data_theory` -- thresholds and optimal noise (Lemmas 1-2, Props 2-4, 6-7,
  Thms 1, 3, 4, Cor 1, §3.3);
* :mod:`.social_data_extensions` -- segmentation (51)-(52), Props 8-9, Cor 2; quality
  (Prop 10) and recommender (Prop 11) extensions;
* :mod:`.social_data_programs` -- the SDPs P0 and P2, the concave noise-design program P6
  and policies optimised for profit, total surplus or consumer surplus.

Example
-------
>>> from mechdesign.markets import social_data as sd
>>> market = sd.SocialDataMarket(n=10, alpha=0.3, beta=0.5, sigma_w2=1.0, sigma_e2=1.0)
>>> round(sd.complete_sharing_value(market).profit, 6)     # R(S), reference B7
-0.283773
>>> round(sd.optimal_noise(market).profit, 6)              # R* (aggregate, no noise)
0.175602

.. [1] Bergemann, D., Bonatti, A. and Gan, T. "The Economics of Social Data", RAND Journal
   of Economics 53(2), 2022.
"""

from __future__ import annotations

from mechdesign._checks import CheckCase, timed_case

from .social_data_engine import (
    ExactEvaluation,
    MarketOutcome,
    evaluate_exact,
    posterior_mean_covariance,
    producer_information,
)
from .social_data_extensions import (
    QUALITY_THRESHOLD,
    SegmentationProfits,
    group_price_profit,
    marginal_profits,
    quality_optimal_inflow,
    quality_payoff_changes,
    quality_profit,
    recommender_optimal_inflow,
    recommender_payoff_changes,
    recommender_profit,
    segmentation_exact_profit,
    segmentation_profits,
    segmentation_threshold,
    uniform_price_profit,
)
from .social_data_model import (
    DataPolicy,
    PolicyValue,
    SharingValue,
    SocialDataMarket,
    aggregation_gain,
    complete_sharing_value,
    consumer_variance,
    evaluate_policy,
    v_aggregate,
    v_all,
    v_others,
    v_own,
)
from .social_data_programs import (
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
from .social_data_theory import (
    NoiseDesign,
    aggregate_profit,
    alpha_min,
    best_predictor,
    beta_star,
    complements_measure,
    complements_threshold,
    corollary1_noise_threshold,
    fixed_point_beta,
    information_gain,
    large_market_limits,
    lemma1_corner_gains,
    lemma2_alpha_bound,
    noise_thresholds,
    optimal_noise,
    profitability_threshold,
    surplus_thresholds,
    total_compensation,
)

__all__ = [
    "SocialDataMarket", "DataPolicy", "PolicyValue", "SharingValue", "MarketOutcome",
    "ExactEvaluation", "ProgramResult", "NoiseProgramResult", "NoiseDesign", "PolicyChoice",
    "SegmentationProfits", "OBJECTIVES", "QUALITY_THRESHOLD",
    "v_own", "v_all", "v_aggregate", "v_others", "consumer_variance", "evaluate_policy",
    "complete_sharing_value", "aggregation_gain", "evaluate_exact", "producer_information",
    "posterior_mean_covariance", "information_gain", "best_predictor", "lemma1_corner_gains",
    "surplus_thresholds", "noise_thresholds", "lemma2_alpha_bound", "profitability_threshold",
    "fixed_point_beta", "corollary1_noise_threshold", "complements_measure",
    "complements_threshold", "alpha_min", "optimal_noise", "aggregate_profit", "beta_star",
    "total_compensation", "large_market_limits", "uniform_price_profit", "group_price_profit",
    "segmentation_profits", "segmentation_exact_profit", "segmentation_threshold",
    "marginal_profits", "quality_payoff_changes", "quality_profit", "quality_optimal_inflow",
    "recommender_payoff_changes", "recommender_profit", "recommender_optimal_inflow",
    "posterior_variance_sdp", "market_posterior_variance_sdp", "outflow_garbling_sdp",
    "noise_design_program", "optimise_policy", "compare_objectives", "check_cases",
]

_REF = "social-data §5"

#: (id, market arguments, policy) for engine-vs-closed-form profit checks (§5).
_ENGINE_CASES = (
    ("SD-B01", (10, 0.5, 0.5, 1.0, 1.0), DataPolicy()),
    ("SD-B01b", (4, 0.8, 0.2, 2.0, 0.5), DataPolicy(aggregate=True)),
    ("SD-B03", (5, 0.55, 0.3, 1.3, 0.8, 2.0, 0.4), DataPolicy()),
    ("SD-B03b", (5, 0.55, 0.3, 1.3, 0.8, 2.0, 0.4), DataPolicy(True, 0.7, 0.4)),
    ("SD-B03b-B", (5, 0.55, 0.3, 1.3, 0.8, 2.0, 0.4),
     DataPolicy(True, 0.7, 0.4, deviator_keeps_record=False)),
    ("SD-B18", (6, 0.4, 0.6, 1.0, 0.5), DataPolicy(False, 0.1, 0.25)),
)

#: (id, market arguments) for the P6 program against the optimal-noise closed form.
_NOISE_CASES = (
    ("SD-B06", (2, 0.45, 0.5, 1.0, 1.0)), ("SD-B06b", (2, 0.5, 0.5, 1.0, 1.0)),
    ("SD-B06c", (2, 0.5, 0.5, 1.0, 0.0)), ("SD-B06d", (2, 0.6, 0.0, 1.0, 1.0)),
    ("SD-B06e", (3, 0.4, 0.0, 1.0, 2.0)), ("SD-B07", (10, 0.3, 0.5, 1.0, 1.0)),
    ("SD-B07b", (5, 0.25, 1.0, 1.0, 0.5)),
)


def _engine_cases() -> list[CheckCase]:
    cases = []
    for case_id, args, policy in _ENGINE_CASES:
        market = SocialDataMarket(*args)
        cases.append(timed_case(
            case_id, _REF, f"profit of {policy.name}: closed form vs exact engine",
            evaluate_policy(market, policy).profit,
            lambda m=market, p=policy: evaluate_exact(m, p).profit, rtol=1e-10))
    for n, alpha in ((5, 0.5), (10, 0.2), (3, 0.8)):
        cases.append(timed_case(
            f"SD-B16-N{n}", "social-data §3.4, §5 B16",
            f"Bayesian uniform-price profit, alpha={alpha}: formula vs exact engine",
            uniform_price_profit(n, alpha, off_path="bayesian"),
            lambda n=n, a=alpha: segmentation_exact_profit(n, a, "uniform"), rtol=1e-10))
    return cases


def _program_cases() -> list[CheckCase]:
    market = SocialDataMarket(4, 0.6, 0.3, 1.0, 1.5)
    cases = [
        timed_case("SD-B19-schur", _REF, "Schur SDP (P0) vs K2 for var E[w_i|s]",
                   v_all(market), lambda: market_posterior_variance_sdp(market).value),
        timed_case("SD-B19-garbling", _REF, "outflow garbling SDP (P2) vs N V_all/4",
                   market.n * v_all(market) / 4, lambda: outflow_garbling_sdp(market).value),
    ]
    for case_id, args in _NOISE_CASES:
        m = SocialDataMarket(*args)
        cases.append(timed_case(case_id, _REF, "noise design P6 (DCP) vs optimal profit R*",
                                optimal_noise(m).profit,
                                lambda m=m: noise_design_program(m).profit))
    return cases


def check_cases() -> list[CheckCase]:
    """Closed forms against the exact engine and the convex programs (reference §5)."""
    return _engine_cases() + _program_cases()
