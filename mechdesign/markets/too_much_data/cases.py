"""``mechdesign check`` rows for the data-market model: closed form vs a second route.

Reference: ``shared/reference/too-much-data.md`` §4. Each case pairs a closed form with an
independent numeric route (an SDP or LP solved by Clarabel, exhaustive enumeration, or the
community algebra); ids are ``TMD-Bxx``.
"""

from __future__ import annotations

import numpy as np

from mechdesign._checks import CheckCase, timed_case
from .communities import Communities, ExampleB1
from .model import DataMarket
from .valuations import discrete_mechanism_lp, discrete_virtual_value_profit

__all__ = ["SIGMA3", "benchmark_cases"]

#: The 3-user covariance of benchmarks B02b, B08, B17.
SIGMA3 = np.array([[1.0, 0.6, 0.3], [0.6, 1.0, 0.5], [0.3, 0.5, 1.5]])
_REF = "too-much-data §4"


def benchmark_cases() -> list[CheckCase]:
    b07 = DataMarket.equicorrelated(n=2, rho=0.8, privacy=[0.5, 3.0])
    b08 = DataMarket(SIGMA3, [0.3, 0.9, 2.5])
    pair = DataMarket.equicorrelated(n=2, rho=0.5, privacy=[0.1, 0.3])
    example = ExampleB1(rho=0.5, privacy=2.0)
    discrete = dict(types=[1 / 6, 1 / 2, 5 / 6, 7 / 6, 3 / 2, 11 / 6], probabilities=[1 / 6] * 6)
    single = DataMarket(np.array([[2.0]]), [0.0])
    equi2 = DataMarket.equicorrelated(n=2, rho=0.5, privacy=0.0)
    equi5 = DataMarket.equicorrelated(n=5, rho=0.5, privacy=0.0)
    return [
        timed_case("TMD-B01", _REF, "single-user leak σ⁴/(1+σ²), σ²=2: closed form vs LMI",
                   4 / 3, lambda: single.user_leak([0], user=0, method="program").value),
        timed_case("TMD-B02", _REF, "I_1({1,2}) = 2/(4−ρ²), ρ=0.5: closed form vs LMI",
                   2 / 3.75, lambda: equi2.user_leak([0, 1], user=0, method="program").value),
        timed_case("TMD-B03", _REF, "equi(5, 0.5): I_in(5) = 7/12 vs LMI",
                   ExampleB1(rho=0.5, privacy=0.0).sharer_leak(5),
                   lambda: equi5.user_leak(range(5), user=0, method="program").value),
        timed_case("TMD-B05", _REF, "v*(100) = I_in/m (ρ=0.5) vs community algebra",
                   example.threshold(100), lambda: _community_threshold(100, 0.5)),
        timed_case("TMD-B06", _REF, "equi(6, 0.5), v=2: Π(k*) closed form vs enumeration",
                   example.personalised_optimum(6)[1],
                   lambda: DataMarket.equicorrelated(n=6, rho=0.5, privacy=2.0).equilibrium()
                   .platform_payoff),
        timed_case("TMD-B06c", _REF, "3 correlated communities: count vectors vs enumeration",
                   _communities().equilibrium().platform_payoff,
                   lambda: _communities().market().equilibrium().platform_payoff),
        timed_case("TMD-B12", _REF, "discrete IC/IR LP vs virtual-cost closed form",
                   discrete_virtual_value_profit(pair, **discrete),
                   lambda: discrete_mechanism_lp(pair, **discrete).value),
        timed_case("TMD-B14", _REF, "full transform at T=V: leak of user 1 = I_1(V) (Σ3)",
                   b08.leaks(range(3))[0], lambda: b08.transformed_leaks(range(3))[0], 1e-9),
        timed_case("TMD-B17", _REF, "I_3(V), Σ3: Cholesky closed form vs LMI",
                   b08.user_leak(range(3), user=2, method="closed_form").value,
                   lambda: b08.user_leak(range(3), user=2, method="program").value),
        timed_case("TMD-B21a", _REF, "optimal disclosure (B07): eigenvalues vs SDP",
                   b07.optimal_disclosure(method="closed_form").value,
                   lambda: b07.optimal_disclosure(method="program").value),
        timed_case("TMD-B21b", _REF, "optimal disclosure (B08): eigenvalues vs SDP",
                   b08.optimal_disclosure(method="closed_form").value,
                   lambda: b08.optimal_disclosure(method="program").value),
    ]


def _community_threshold(n: int, rho: float) -> float:
    outcome = Communities.independent(sizes=[n], correlations=[rho], privacy=[0.0]).outcome((n,))
    return float(outcome.sharer_leak[0] / outcome.marginal[0])


def _communities() -> Communities:
    cov = np.array([[0.5, 0.2, 0.1], [0.2, 0.4, 0.0], [0.1, 0.0, 0.6]])
    return Communities(sizes=(4, 3, 3), covariances=cov, variances=np.array([1.0, 1.2, 0.9]),
                       privacy=np.array([0.6, 1.8, 2.5]))
