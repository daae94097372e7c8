r"""Privacy-preserving information sharing in Cournot oligopoly (Liu & Rahimian [1]_).

Firms hold noisy signals of a common demand shock; a platform pools the reports of the
firms that join — after adding Gaussian privacy noise ``tau_i^2`` — together with its own
signal ``s_0``, and returns the posterior mean to participants only. Will firms join, and
which privacy design makes them? Reference: ``privacy-oligopoly.md`` (cited as §).

Modules (one idea each):

* ``privacy_oligopoly_model`` — :class:`PrivacyOligopoly`, the linear Bayes-Nash
  equilibrium for any participating set and heterogeneous noises, as a linear system and
  as a convex QP; profits, consumer and total surplus; ``Delta_i`` (§1, §2.1, §5.1).
* ``privacy_oligopoly_closed`` — identical-firm closed forms (N), (S0), (D0), (Stau),
  (Dtau); Props 4.1, 4.4, 4.6, Lemma 7.1/Cor 4.5 (``r*(n)``) and the platform-signal
  threshold (§2.2, §3).
* ``privacy_oligopoly_thresholds`` — privacy thresholds by bracketing plus Brent
  (Props 4.3, 4.7), sequential entry (Prop 5.2) and the two-firm corner (Prop 5.1).
* ``privacy_oligopoly_design`` — the platform's optimal noise (common or per firm) for
  PS, CS or TS under participation, and the sharing-feasible region (§5.4, §5.5).
* ``privacy_oligopoly_sdp`` — the outcome-covariance SDP bounding every mechanism
  (§5.2, §5.3).

Example::

    from mechdesign.markets.privacy_oligopoly import PrivacyOligopoly, privacy_threshold
    market = PrivacyOligopoly.symmetric(n=2, signal_var=1.0, platform_var=10.0)
    market.participation_incentives()          # Delta < 0: no sharing without privacy
    privacy_threshold(2, signal_var=1.0, platform_var=10.0)   # 6.70097... (Prop 4.3)

Beware (§7): Props 5.1/5.2 fail for firms much more precise than their rivals (F1); the
privacy threshold is the *least* noise with ``Delta >= 0`` and an intermediate band can
break sharing when ``Delta(0) >= 0`` (F2, B09b); ``r*(n)`` needs ``n >= 3`` (F5).

.. [1] Liu, Rahimian, "Privacy-preserving Information Sharing in Oligopoly
   Competitions", arXiv 2606.02348v1.
"""

from __future__ import annotations

import math

from scipy.optimize import brentq

from mechdesign._checks import CheckCase, timed_case
from mechdesign.markets.privacy_oligopoly_closed import (
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
    two_firm_incentive,
)
from mechdesign.markets.privacy_oligopoly_design import (
    OBJECTIVES,
    PrivacyDesign,
    SharingRegion,
    optimal_privacy,
    sharing_region,
    welfare_along_privacy,
)
from mechdesign.markets.privacy_oligopoly_model import Equilibrium, PrivacyOligopoly
from mechdesign.markets.privacy_oligopoly_sdp import (
    CovarianceBound,
    covariance_bound,
    mechanism_violation,
)
from mechdesign.markets.privacy_oligopoly_thresholds import (
    ParticipationCorner,
    own_privacy_threshold,
    participation_corner,
    privacy_feasible_set,
    privacy_threshold,
)

__all__ = [
    "PrivacyOligopoly", "Equilibrium",
    "SymmetricSharing", "SymmetricDeviation", "no_sharing_profit", "symmetric_sharing",
    "symmetric_deviation", "symmetric_incentive", "two_firm_incentive",
    "no_platform_incentive", "sharing_polynomial", "critical_signal_ratio",
    "platform_polynomial", "platform_threshold", "GOLDEN_RATIO",
    "privacy_feasible_set", "privacy_threshold", "own_privacy_threshold",
    "participation_corner", "ParticipationCorner",
    "OBJECTIVES", "PrivacyDesign", "optimal_privacy", "SharingRegion", "sharing_region",
    "welfare_along_privacy",
    "CovarianceBound", "covariance_bound", "mechanism_violation",
    "check_cases",
]

_REF = "privacy-oligopoly"


def _engine_incentive(n: int, signal_var: float, platform_var: float = math.inf,
                      privacy_var: float = 0.0, method: str = "linear") -> float:
    """Delta from the generic engine (all share vs firm 0 out), the numeric route."""
    market = PrivacyOligopoly.symmetric(n, signal_var, privacy_var, platform_var)
    out = market.equilibrium(set(range(1, n)), method=method).profits[0]
    return float(market.equilibrium(method=method).profits[0] - out)


def _engine_root(function, low: float, high: float) -> float:
    return brentq(function, low, high, xtol=1e-14, rtol=1e-14)


def check_cases() -> list[CheckCase]:
    """Closed forms of the reference against the generic equilibrium engine, QP and SDP."""
    sigma_bar = platform_threshold(3, 1.0, 1.0)
    tau_bar = privacy_threshold(3, 2.0, 10.0)
    return [
        timed_case("PO-B01", f"{_REF} §3 Prop 4.1", "Delta, n=2, tau=0: closed form vs engine",
                   two_firm_incentive(1.0, 1.0), lambda: _engine_incentive(2, 1.0), 1e-12),
        timed_case("PO-B02", f"{_REF} §3 Prop 4.1", "Delta, n=2, tau^2=1: closed form vs QP",
                   two_firm_incentive(1.0, 1.0, 1.0),
                   lambda: _engine_incentive(2, 1.0, privacy_var=1.0, method="qp"), 1e-7),
        timed_case("PO-B04", f"{_REF} §3 Cor 4.5", "r*(3): root of f_3 vs root of engine Delta",
                   critical_signal_ratio(3),
                   lambda: _engine_root(lambda r: _engine_incentive(3, r), 0.1, 1.0), 1e-9),
        timed_case("PO-B05", f"{_REF} §3 Prop 4.4", "Delta(n=3, r=1/4) = 367/551668 vs engine",
                   367 / 551668, lambda: _engine_incentive(3, 0.25), 1e-12),
        timed_case("PO-B06", f"{_REF} §3 Prop 4.2", "sigma_0^2 bar (n=2, r=1): G_2 root vs engine",
                   platform_threshold(2, 1.0, 1.0),
                   lambda: _engine_root(lambda s0: _engine_incentive(2, 1.0, s0), 1.0, 50.0), 1e-9),
        timed_case("PO-B07", f"{_REF} §3 Prop 4.6", "sigma_0^2 bar (n=3, r=1): G_3 root vs engine",
                   sigma_bar,
                   lambda: _engine_root(lambda s0: _engine_incentive(3, 1.0, s0), 1.0, 50.0), 1e-9),
        timed_case("PO-B08", f"{_REF} §3 Prop 4.3", "tau^2 bar (n=2, r=1, sigma_0^2=10) vs engine",
                   privacy_threshold(2, 1.0, 10.0),
                   lambda: _engine_root(lambda t: _engine_incentive(2, 1.0, 10.0, t), 1.0, 20.0), 1e-9),
        timed_case("PO-B09", f"{_REF} §3 Prop 4.7", "tau^2 bar (n=3, r=2, sigma_0^2=10) vs engine",
                   tau_bar,
                   lambda: _engine_root(lambda t: _engine_incentive(3, 2.0, 10.0, t), 5.0, 30.0), 1e-9),
        timed_case("PO-B10", f"{_REF} §2.2 (Stau)/(Dtau)", "Delta = 47/61952 vs QP engine",
                   47 / 61952, lambda: _engine_incentive(3, 1.0, 2.0, 1.0, method="qp"), 1e-7),
        timed_case("PO-B11", f"{_REF} §3 Prop 5.1", "symmetric corner = Prop 4.3 tau^2 bar",
                   privacy_threshold(2, 1.0, 10.0),
                   lambda: participation_corner(PrivacyOligopoly((1.0, 1.0), 0.0, 10.0)).privacy_var[0],
                   1e-9),
        timed_case("PO-B12", f"{_REF} §3 Prop 5.2", "sequential entry, equal firms = Prop 4.7",
                   privacy_threshold(3, 2.0, 10.0),
                   lambda: own_privacy_threshold(PrivacyOligopoly((2.0,) * 3, tau_bar, 10.0), 0),
                   1e-9),
        timed_case("PO-B13", f"{_REF} §7 F1", "Delta_1 = -58/70227 (precise firm hurt) vs engine",
                   -58 / 70227,
                   lambda: PrivacyOligopoly((1e-12, 1.0), math.inf, 2.0).participation_incentives()[0],
                   1e-9),
        timed_case("PO-B16", f"{_REF} §5.3", "omniscient mediator: max sum Var(q_i) = 1/4 (SDP, n=3)",
                   0.25, lambda: covariance_bound(PrivacyOligopoly.symmetric(3, 1.0), "profit",
                                                  "omniscient").quantity_variance, 1e-7),
        timed_case("PO-B17", f"{_REF} §2.2 (N)", "no-sharing profit 17/144 vs engine",
                   no_sharing_profit(3, 1.0, 1.0),
                   lambda: PrivacyOligopoly.symmetric(3, 1.0).equilibrium(set()).profits[0], 1e-12),
    ]
