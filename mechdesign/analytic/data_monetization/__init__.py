"""Closed forms of the data-monetization paper (Bonatti, Dahleh and Horel [1]_).

One module per idea, every public name re-exported here:

* ``closed_forms`` — :func:`optimum`, the optimal symmetric Gaussian mechanism for each
  objective (Props 6, 7, 9, 11, 12, 17), and :func:`objective_value`;
* ``ellipse`` — the obedience ellipse, the rectangle O-SO-CI-TO, the first best (§2.4 C);
* ``stationarity`` — the stationarity curves and their roots (Props 6, 9, 17);
* ``values`` — objective values, payments, rents, reservation utility (§2.3, Prop 5, Cor 3);
* ``limits`` — thresholds, limits and orderings (Props 8-11);
* ``cases`` — the benchmark problems of §5.1 as games (import it explicitly: it builds on
  :mod:`mechdesign.design`, which itself uses this package).

.. [1] A. Bonatti, M. Dahleh, T. Horel, "Data Monetization through Strategic
   Coordination of Privately Informed Agents", arXiv 2302.12223 v2; reference file
   shared/reference/data-monetization.md.
"""

from __future__ import annotations

from .ellipse import (
    SymmetricMoments,
    SymmetricWeights,
    check_game,
    coordination_constants,
    ellipse_boundary,
    ellipse_centre,
    ellipse_semi_axes,
    first_best,
    mean_action,
    noise_variance,
    obedience_slack,
    own_weight,
    rectangle_points,
    symmetric_moments,
)
from .limits import (
    cournot_complementarity_threshold,
    large_mean_limit,
    large_mean_reversal_holds,
    large_type_uncertainty_limit,
    revenue_monotone_in_mean,
    revenue_randomization_threshold,
    revenue_welfare_crossing,
    welfare_randomization_threshold,
    zero_mean_ordering_holds,
)
from .stationarity import (
    DelegationSolution,
    StationaryPoint,
    delegation_solution,
    linear_optimum,
    noise_correlation,
    objective_coefficients,
    revenue_curve,
    revenue_optimum,
    revenue_rival_weight,
    stationarity_curve,
)
from .closed_forms import OBJECTIVES, SymmetricOptimum, objective_value, optimum
from .values import (
    bertrand_consumer_surplus,
    bertrand_surplus_constant,
    conditional_action_variance,
    conditional_mean_action,
    cournot_consumer_surplus,
    delegated_revenue_value,
    delegated_welfare_value,
    ex_ante_rent,
    interim_rent,
    off_path_action,
    payment,
    reservation_utility,
    revenue_value,
    welfare_value,
    zero_action_type,
)

__all__ = [
    "OBJECTIVES",
    "SymmetricOptimum",
    "SymmetricWeights",
    "SymmetricMoments",
    "optimum",
    "symmetric_moments",
    "objective_value",
    "obedience_slack",
    "ellipse_centre",
    "ellipse_semi_axes",
    "ellipse_boundary",
    "rectangle_points",
    "first_best",
    "mean_action",
    "own_weight",
    "noise_variance",
    "objective_coefficients",
    "stationarity_curve",
    "linear_optimum",
    "revenue_curve",
    "revenue_rival_weight",
    "revenue_optimum",
    "delegation_solution",
    "StationaryPoint",
    "DelegationSolution",
    "noise_correlation",
    "coordination_constants",
    "check_game",
    # values, payments and rents (§2.3, Prop 5, Cor 3)
    "welfare_value",
    "revenue_value",
    "cournot_consumer_surplus",
    "bertrand_consumer_surplus",
    "bertrand_surplus_constant",
    "delegated_welfare_value",
    "delegated_revenue_value",
    "ex_ante_rent",
    "interim_rent",
    "payment",
    "conditional_mean_action",
    "conditional_action_variance",
    "zero_action_type",
    "off_path_action",
    "reservation_utility",
    # thresholds, limits, orderings (Props 8-11)
    "welfare_randomization_threshold",
    "revenue_randomization_threshold",
    "cournot_complementarity_threshold",
    "large_type_uncertainty_limit",
    "large_mean_limit",
    "revenue_welfare_crossing",
    "zero_mean_ordering_holds",
    "large_mean_reversal_holds",
    "revenue_monotone_in_mean",
]

