"""``mechdesign check`` rows for social data: closed forms vs the engine and the programs.

Reference: ``shared/reference/social-data.md`` §5; ids are ``SD-Bxx``.
"""

from __future__ import annotations

from mechdesign._checks import CheckCase, timed_case

from .closed_forms import evaluate_policy, v_all
from .engine import evaluate_exact
from .extensions import segmentation_exact_profit, uniform_price_profit
from .primitives import DataPolicy, MarketPrimitives
from .programs import market_posterior_variance_sdp, noise_design_program, outflow_garbling_sdp
from .theory import optimal_noise

__all__ = ["check_cases"]

_REF = "social-data §5"

#: (id, market arguments, policy) for engine-vs-closed-form profit checks (§5).
_ENGINE_CASES = (
    ("SD-B01", (10, 0.5, 0.5, 1.0, 1.0), DataPolicy()),
    ("SD-B01b", (4, 0.8, 0.2, 2.0, 0.5), DataPolicy(aggregate=True)),
    ("SD-B03", (5, 0.55, 0.3, 1.3, 0.8, 2.0, 0.4), DataPolicy()),
    ("SD-B03b", (5, 0.55, 0.3, 1.3, 0.8, 2.0, 0.4), DataPolicy(aggregate=True, added_common=0.7, added_idio=0.4)),
    ("SD-B03b-B", (5, 0.55, 0.3, 1.3, 0.8, 2.0, 0.4),
     DataPolicy(aggregate=True, added_common=0.7, added_idio=0.4, deviator_keeps_record=False)),
    ("SD-B18", (6, 0.4, 0.6, 1.0, 0.5), DataPolicy(aggregate=False, added_common=0.1, added_idio=0.25)),
)

#: (id, market arguments) for the P6 program against the optimal-noise closed form.
_NOISE_CASES = (
    ("SD-B06", (2, 0.45, 0.5, 1.0, 1.0)), ("SD-B06b", (2, 0.5, 0.5, 1.0, 1.0)),
    ("SD-B06c", (2, 0.5, 0.5, 1.0, 0.0)), ("SD-B06d", (2, 0.6, 0.0, 1.0, 1.0)),
    ("SD-B06e", (3, 0.4, 0.0, 1.0, 2.0)), ("SD-B07", (10, 0.3, 0.5, 1.0, 1.0)),
    ("SD-B07b", (5, 0.25, 1.0, 1.0, 0.5)),
    ("SD-B07-N1e3", (10 ** 3, 0.3, 0.5, 1.0, 1.0)), ("SD-B07-N1e6", (10 ** 6, 0.3, 0.5, 1.0, 1.0)),
)


def _market(row: tuple) -> MarketPrimitives:
    """(n, alpha, beta, sigma_w2, sigma_e2[, mean, cost]) of a benchmark row."""
    names = ("n", "alpha", "beta", "sigma_w2", "sigma_e2", "mean", "cost")
    return MarketPrimitives(**dict(zip(names, row)))


def _engine_cases() -> list[CheckCase]:
    cases = []
    for case_id, args, policy in _ENGINE_CASES:
        market = _market(args)
        cases.append(timed_case(
            case_id, _REF, f"profit of {policy.name}: closed form vs exact engine",
            evaluate_policy(market, policy).profit,
            lambda m=market, p=policy: evaluate_exact(m, p).profit, rtol=1e-10))
    for n, alpha in ((5, 0.5), (10, 0.2), (3, 0.8)):
        cases.append(timed_case(
            f"SD-B16-N{n}", "social-data §3.4, §5 B16",
            f"Bayesian uniform-price profit, alpha={alpha}: formula vs exact engine",
            uniform_price_profit(n=n, alpha=alpha, off_path="bayesian"),
            lambda n=n, a=alpha: segmentation_exact_profit(n=n, alpha=a, pricing="uniform"), rtol=1e-10))
    return cases


def _program_cases() -> list[CheckCase]:
    market = MarketPrimitives(n=4, alpha=0.6, beta=0.3, sigma_w2=1.0, sigma_e2=1.5)
    cases = [
        timed_case("SD-B19-schur", _REF, "Schur SDP (P0) vs K2 for var E[w_i|s]",
                   v_all(market), lambda: market_posterior_variance_sdp(market).value),
        timed_case("SD-B19-garbling", _REF, "outflow garbling SDP (P2) vs N V_all/4",
                   market.n * v_all(market) / 4, lambda: outflow_garbling_sdp(market).value),
    ]
    for case_id, args in _NOISE_CASES:
        m = _market(args)
        cases.append(timed_case(case_id, _REF, "noise design P6 (DCP) vs optimal profit R*",
                                optimal_noise(m).profit,
                                lambda m=m: noise_design_program(m).profit))
    return cases


def check_cases() -> list[CheckCase]:
    """Closed forms against the exact engine and the convex programs (reference §5)."""
    return _engine_cases() + _program_cases()
