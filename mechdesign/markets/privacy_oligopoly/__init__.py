r"""Privacy-preserving information sharing in Cournot oligopoly (Liu & Rahimian [1]_).

Firms hold noisy signals of a common demand shock; a platform pools the reports of the
firms that join — after adding Gaussian privacy noise ``tau_i^2`` — together with its own
signal ``s_0``, and returns the posterior mean to participants only. Will firms join, and
which privacy design makes them? Reference: ``privacy-oligopoly.md`` (cited as §).

Modules (one idea each):

* ``model`` — :class:`PrivacyOligopoly`, the market built from the paper's primitives,
  whose methods answer its questions (equilibrium, incentives, thresholds, optimal
  privacy, sharing region, covariance bound), each by the closed form where one exists
  and by the engine otherwise (``method=`` forces a route);
* ``engine`` — the linear Bayes-Nash equilibrium for any participating set and
  heterogeneous noises, as a linear system and as a convex QP; profits, consumer and
  total surplus (§1, §2.1, §5.1);
* ``incentives`` — ``Delta_i`` for every firm by a structured (Woodbury) solve of the
  engine's system, O(n^2) in all (§1.5);
* ``closed_forms`` — identical-firm closed forms (N), (S0), (D0), (Stau), (Dtau) and the
  welfare of identical sharers;
  Props 4.1, 4.4, 4.6, Lemma 7.1/Cor 4.5 (``r*(n)``) and the platform-signal threshold
  (§2.2, §3), keyword arguments only;
* ``thresholds`` — privacy thresholds by bracketing plus Brent (Props 4.3, 4.7), their
  engine counterparts, sequential entry (Prop 5.2) and the two-firm corner (Prop 5.1);
* ``design`` — the platform's optimal noise (common or per firm) for PS, CS or TS under
  participation, and the sharing-feasible region (§5.4, §5.5);
* ``programs`` — the outcome-covariance SDP bounding every mechanism (§5.2, §5.3), with
  closed forms for max CS, max TS and the omniscient mediator's max PS;
* ``lqg`` — the same program as a design problem of the core LQG engine
  (:func:`mechdesign.design`): the signals as private types, the platform signal's news
  as the state;
* ``checks`` — the rows of ``mechdesign check``.

Every incentive is ``Delta`` in units of profit (never divided by ``sigma_theta^2``).

Example::

    from mechdesign.markets.privacy_oligopoly import PrivacyOligopoly
    market = PrivacyOligopoly.symmetric(n=2, signal_var=1.0, platform_var=10.0)
    market.participation_incentives()          # Delta < 0: no sharing without privacy
    market.privacy_threshold()                 # 6.70097... (Prop 4.3)
    market.privacy_threshold(method="engine")  # the same from the equilibrium engine

Beware (§7): Props 5.1/5.2 fail for firms much more precise than their rivals (F1); the
privacy threshold is the *least* noise with ``Delta >= 0`` and an intermediate band can
break sharing when ``Delta(0) >= 0`` (F2, B09b); ``r*(n)`` needs ``n >= 3`` (F5).

.. [1] Liu, Rahimian, "Privacy-preserving Information Sharing in Oligopoly
   Competitions", arXiv 2606.02348v1.
"""

from mechdesign.markets.privacy_oligopoly.checks import check_cases
from mechdesign.markets.privacy_oligopoly.closed_forms import (
    GOLDEN_RATIO,
    SymmetricDeviation,
    SymmetricSharing,
    critical_signal_ratio,
    no_platform_incentive,
    no_sharing_profit,
    platform_polynomial,
    platform_threshold,
    sharing_polynomial,
    symmetric_deviation,
    symmetric_incentive,
    symmetric_sharing,
    symmetric_welfare,
    two_firm_incentive,
)
from mechdesign.markets.privacy_oligopoly.design import (
    DESIGN_METHODS,
    OBJECTIVES,
    PrivacyDesign,
    SharingRegion,
    optimal_privacy,
    sharing_region,
    welfare_along_privacy,
)
from mechdesign.markets.privacy_oligopoly.engine import Equilibrium
from mechdesign.markets.privacy_oligopoly.incentives import incentives_batch
from mechdesign.markets.privacy_oligopoly.model import PrivacyOligopoly
from mechdesign.markets.privacy_oligopoly.lqg import CournotLQ, cournot_lq_game
from mechdesign.markets.privacy_oligopoly.programs import (
    BOUND_METHODS,
    CovarianceBound,
    covariance_bound,
    mechanism_violation,
)
from mechdesign.markets.privacy_oligopoly.thresholds import (
    ParticipationCorner,
    engine_critical_signal_ratio,
    engine_platform_threshold,
    engine_privacy_feasible_set,
    own_privacy_threshold,
    participation_corner,
    privacy_feasible_set,
    privacy_threshold,
)

__all__ = [
    "PrivacyOligopoly", "Equilibrium", "incentives_batch",
    "SymmetricSharing", "SymmetricDeviation", "no_sharing_profit", "symmetric_sharing",
    "symmetric_deviation", "symmetric_incentive", "symmetric_welfare", "two_firm_incentive",
    "no_platform_incentive", "sharing_polynomial", "critical_signal_ratio",
    "platform_polynomial", "platform_threshold", "GOLDEN_RATIO",
    "privacy_feasible_set", "privacy_threshold", "own_privacy_threshold",
    "engine_privacy_feasible_set", "engine_platform_threshold", "engine_critical_signal_ratio",
    "participation_corner", "ParticipationCorner",
    "OBJECTIVES", "DESIGN_METHODS", "PrivacyDesign", "optimal_privacy", "SharingRegion",
    "sharing_region", "welfare_along_privacy",
    "CovarianceBound", "covariance_bound", "mechanism_violation", "BOUND_METHODS",
    "CournotLQ", "cournot_lq_game",
    "check_cases",
]
