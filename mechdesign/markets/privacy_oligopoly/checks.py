"""Closed forms of the privacy-oligopoly reference against the engine, QP and SDP.

The rows of ``mechdesign check`` for privacy-oligopoly.md §6: each pairs a closed form (or an
exact rational of the reference) with an independent numeric route — the engine's
incentive, its QP, an engine-based or QP-based root, the covariance SDP or the same bound
as a design problem of the core LQG engine.
"""

from __future__ import annotations

import math

from scipy.optimize import brentq

from mechdesign._checks import CheckCase, timed_case
from mechdesign.markets.privacy_oligopoly.closed_forms import (
    critical_signal_ratio,
    no_sharing_profit,
    platform_threshold,
    two_firm_incentive,
)
from mechdesign.markets.privacy_oligopoly.model import PrivacyOligopoly
from mechdesign.markets.privacy_oligopoly.thresholds import privacy_threshold

__all__ = ["check_cases"]

_REF = "privacy-oligopoly"


def _engine_incentive(n: int, signal_var: float, platform_var: float = math.inf,
                      privacy_var: float = 0.0, method: str = "engine") -> float:
    """Firm 0's Delta from the engine (``"engine"``) or the QP (``"qp"``), the numeric route."""
    market = PrivacyOligopoly.symmetric(n=n, signal_var=signal_var, privacy_var=privacy_var,
                                        platform_var=platform_var)
    return float(market.participation_incentives(method=method)[0])


def _engine_root(function, low: float, high: float) -> float:
    return brentq(function, low, high, xtol=1e-14, rtol=1e-14)


def check_cases() -> list[CheckCase]:
    """Closed forms of the reference against the generic equilibrium engine, QP and SDP."""
    sigma_bar = platform_threshold(n=3, state_var=1.0, signal_var=1.0)
    tau_bar = privacy_threshold(n=3, signal_var=2.0, platform_var=10.0)
    return [
        timed_case("PO-B01", f"{_REF} §3 Prop 4.1", "Delta, n=2, tau=0: closed form vs engine",
                   two_firm_incentive(state_var=1.0, signal_var=1.0),
                   lambda: _engine_incentive(2, 1.0), 1e-12),
        timed_case("PO-B02", f"{_REF} §3 Prop 4.1", "Delta, n=2, tau^2=1: closed form vs QP",
                   two_firm_incentive(state_var=1.0, signal_var=1.0, privacy_var=1.0),
                   lambda: _engine_incentive(2, 1.0, privacy_var=1.0, method="qp"), 1e-7),
        timed_case("PO-B04", f"{_REF} §3 Cor 4.5", "r*(3): root of f_3 vs root of engine Delta",
                   critical_signal_ratio(n=3),
                   lambda: _engine_root(lambda r: _engine_incentive(3, r), 0.1, 1.0), 1e-9),
        timed_case("PO-B05", f"{_REF} §3 Prop 4.4", "Delta(n=3, r=1/4) = 367/551668 vs engine",
                   367 / 551668, lambda: _engine_incentive(3, 0.25), 1e-12),
        timed_case("PO-B06", f"{_REF} §3 Prop 4.2", "sigma_0^2 bar (n=2, r=1): G_2 root vs engine",
                   platform_threshold(n=2, state_var=1.0, signal_var=1.0),
                   lambda: _engine_root(lambda s0: _engine_incentive(2, 1.0, s0), 1.0, 50.0), 1e-9),
        timed_case("PO-B07", f"{_REF} §3 Prop 4.6", "sigma_0^2 bar (n=3, r=1): G_3 root vs engine",
                   sigma_bar,
                   lambda: _engine_root(lambda s0: _engine_incentive(3, 1.0, s0), 1.0, 50.0), 1e-9),
        timed_case("PO-B08", f"{_REF} §3 Prop 4.3", "tau^2 bar (n=2, r=1, sigma_0^2=10) vs engine",
                   privacy_threshold(n=2, signal_var=1.0, platform_var=10.0),
                   lambda: _engine_root(lambda t: _engine_incentive(2, 1.0, 10.0, t), 1.0, 20.0), 1e-9),
        timed_case("PO-B09", f"{_REF} §3 Prop 4.7", "tau^2 bar (n=3, r=2, sigma_0^2=10) vs engine",
                   tau_bar,
                   lambda: _engine_root(lambda t: _engine_incentive(3, 2.0, 10.0, t), 5.0, 30.0), 1e-9),
        timed_case("PO-B10", f"{_REF} §2.2 (Stau)/(Dtau)", "Delta = 47/61952 vs QP engine",
                   47 / 61952, lambda: _engine_incentive(3, 1.0, 2.0, 1.0, method="qp"), 1e-7),
        timed_case("PO-B11", f"{_REF} §3 Prop 5.1", "symmetric corner = Prop 4.3 tau^2 bar",
                   privacy_threshold(n=2, signal_var=1.0, platform_var=10.0),
                   lambda: PrivacyOligopoly(signal_var=(1.0, 1.0), platform_var=10.0)
                   .participation_corner().privacy_var[0], 1e-9),
        timed_case("PO-B12", f"{_REF} §3 Prop 5.2", "sequential entry, equal firms = Prop 4.7",
                   tau_bar,
                   lambda: PrivacyOligopoly(signal_var=(2.0,) * 3, privacy_var=tau_bar,
                                            platform_var=10.0).own_privacy_threshold(firm=0),
                   1e-9),
        timed_case("PO-B12q", f"{_REF} §3 Prop 5.2, §5.1", "sequential entry, equal firms: "
                   "Prop 4.7 tau^2 bar vs the convex-QP route",
                   tau_bar,
                   lambda: PrivacyOligopoly(signal_var=(2.0,) * 3, privacy_var=tau_bar,
                                            platform_var=10.0).own_privacy_threshold(
                                                firm=0, method="qp"),
                   1e-9),
        timed_case("PO-B13", f"{_REF} §7 F1", "Delta_1 = -58/70227 (precise firm hurt) vs engine",
                   -58 / 70227,
                   lambda: PrivacyOligopoly(signal_var=(1e-12, 1.0), privacy_var=math.inf,
                                            platform_var=2.0).participation_incentives()[0],
                   1e-9),
        timed_case("PO-B16", f"{_REF} §5.3", "omniscient mediator: max sum Var(q_i) = 1/4 (SDP, n=3)",
                   0.25, lambda: PrivacyOligopoly.symmetric(n=3, signal_var=1.0).covariance_bound(
                       objective="profit", mediator="omniscient").quantity_variance, 1e-7),
        timed_case("PO-B16c", f"{_REF} §5.3", "max TS over signal mechanisms (n=2, r=1, "
                   "sigma_0^2=10): closed form vs core LQG design",
                   PrivacyOligopoly.symmetric(n=2, signal_var=1.0, platform_var=10.0)
                   .covariance_bound(method="closed_form").value,
                   lambda: PrivacyOligopoly.symmetric(n=2, signal_var=1.0, platform_var=10.0)
                   .covariance_bound(method="lqg").value, 1e-7),
        timed_case("PO-B17", f"{_REF} §2.2 (N)", "no-sharing profit 17/144 vs engine",
                   no_sharing_profit(n=3, state_var=1.0, signal_var=1.0),
                   lambda: PrivacyOligopoly.symmetric(n=3, signal_var=1.0)
                   .equilibrium(set()).profits[0], 1e-12),
    ]
