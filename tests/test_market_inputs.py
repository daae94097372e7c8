"""Market constructors: bad input is named, scalars are keyword-only.

Each row is one bad call; the message must name the parameter (and, where there is one,
the admissible range) — the exact parameter name is part of the assertion.
"""

import math

import numpy as np
import pytest

from mechdesign.markets import social_data as sd
from mechdesign.markets import too_much_data as tmd
from mechdesign.markets.too_much_data.enumeration import check_size, grow_posteriors
from mechdesign.markets.too_much_data.mediated import transformed_leaks

EYE2 = np.eye(2)


def _market(**kwargs):
    return tmd.DataMarket(kwargs.pop("cov", EYE2), kwargs.pop("privacy", [0.5, 0.5]))


BAD = [
    # DataMarket
    (lambda: _market(cov=np.zeros((0, 0)), privacy=[]), ValueError, r"'cov' parameter of DataMarket must be a nonempty 2-dimensional"),
    (lambda: _market(privacy=[0.5]), ValueError, r"'privacy' parameter of DataMarket must have one value per user \(shape \(2,\)"),
    (lambda: _market(privacy=[0.5, 0.5, 0.5]), ValueError, r"'privacy' parameter of DataMarket must have one value per user"),
    (lambda: _market(cov=[[np.nan, 0], [0, 1]]), ValueError, r"'cov' parameter of DataMarket must have finite entries"),
    (lambda: _market(cov=[[1, 2], [2, 1]]), ValueError, r"'cov' parameter of DataMarket must be positive definite.*smallest eigenvalue is -1"),
    (lambda: _market(cov=[[-1, 0], [0, 1]]), ValueError, r"'cov' parameter of DataMarket must be positive definite"),
    (lambda: _market(cov=[[1, 0.5], [0, 1]]), ValueError, r"'cov' parameter of DataMarket must be symmetric"),
    (lambda: _market(privacy=[np.nan, 0.5]), ValueError, r"'privacy' parameter of DataMarket must have finite entries"),
    (lambda: _market(privacy=[-0.1, 0.5]), ValueError, r"'privacy\[0\]' parameter of DataMarket must be a float in the half-open interval \[0, inf\)"),
    (lambda: _market(cov="identity"), TypeError, r"'cov' parameter of DataMarket must be an array of real numbers"),
    (lambda: _market(cov=EYE2 * (1 + 1j)), TypeError, r"'cov' parameter of DataMarket must be an array of real numbers"),
    (lambda: _market(privacy=None), TypeError, r"'privacy' parameter of DataMarket must be an array of real numbers"),
    (lambda: tmd.DataMarket.equicorrelated(n=0, rho=0.5, privacy=1.0), ValueError, r"'n' parameter of DataMarket.equicorrelated must be an integer in the range \[1, inf\)"),
    (lambda: tmd.DataMarket.equicorrelated(n=3, rho=1.0, privacy=1.0), ValueError, r"'rho' parameter of DataMarket.equicorrelated must be a float in the open interval \(-0.5, 1\)"),
    (lambda: tmd.DataMarket.equicorrelated(n=3, rho=-0.6, privacy=1.0), ValueError, r"'rho' parameter .*\(-0.5, 1\).*not positive definite"),
    (lambda: tmd.DataMarket.equicorrelated(n=3, rho=0.5, privacy=[1.0, 2.0]), ValueError, r"'privacy' parameter of DataMarket.equicorrelated must be one value or 3 values"),
    # Communities and Example B-1
    (lambda: tmd.Communities(sizes=(), covariances=np.zeros((0, 0)), variances=[], privacy=[]), ValueError, r"'sizes' parameter of Communities must"),
    (lambda: tmd.Communities(sizes=(2,), covariances=[[np.nan]], variances=[1.0], privacy=[0.5]), ValueError, r"'covariances' parameter of Communities must have finite entries"),
    (lambda: tmd.Communities(sizes=(2,), covariances=[[0.2]], variances=[-1.0], privacy=[0.5]), ValueError, r"'variances' parameter of Communities must"),
    (lambda: tmd.Communities(sizes=(2, 3), covariances=np.diag([0.2, 0.1]), variances=[1.0, 1.0], privacy=[0.5]), ValueError, r"'privacy' parameter of Communities must have one value per community \(2\)"),
    (lambda: tmd.Communities(sizes=(2,), covariances=[[0.2]], variances=[1.0], privacy=[-0.5]), ValueError, r"'privacy\[0\]' parameter of Communities"),
    (lambda: tmd.Communities(sizes=(0,), covariances=[[0.2]], variances=[1.0], privacy=[0.5]), ValueError, r"'sizes\[0\]' parameter of Communities must be an integer in the range \[1, inf\)"),
    (lambda: tmd.ExampleB1(rho=1.0, privacy=0.5), ValueError, r"'rho' parameter of ExampleB1 must be a float in the half-open interval \[0, 1\)"),
    (lambda: tmd.ExampleB1(rho=math.nan, privacy=0.5), ValueError, r"'rho' parameter of ExampleB1 must be a finite real number"),
    (lambda: tmd.ExampleB1(rho=0.5, privacy=-1.0), ValueError, r"'privacy' parameter of ExampleB1"),
    # unknown values
    (lambda: tmd.Uniform(low=2.0, high=1.0), ValueError, r"'low', 'high' parameters of Uniform must satisfy 0 ≤ low < high < inf"),
    (lambda: tmd.Uniform(low=math.nan, high=1.0), ValueError, r"'low', 'high' parameters of Uniform"),
    (lambda: tmd.Exponential(0.0), ValueError, r"'rate' parameter of Exponential must be a float in the open interval \(0, inf\)"),
    (lambda: tmd.VirtualValueMechanism(_market(), distributions=(tmd.Uniform(low=0, high=1),)), ValueError, r"'distributions' parameter of VirtualValueMechanism must have one law per user \(2\)"),
    # SocialDataMarket and DataPolicy
    (lambda: sd.SocialDataMarket(n=1, alpha=0.3, beta=0.5), ValueError, r"'n' parameter of SocialDataMarket must be an integer in the range \[2, inf\)"),
    (lambda: sd.SocialDataMarket(n=2.5, alpha=0.3, beta=0.5), ValueError, r"'n' parameter of SocialDataMarket must be an integer"),
    (lambda: sd.SocialDataMarket(n=None, alpha=0.3, beta=0.5), TypeError, r"'n' parameter of SocialDataMarket must be a real number"),
    (lambda: sd.SocialDataMarket(n=math.nan, alpha=0.3, beta=0.5), ValueError, r"'n' parameter of SocialDataMarket must be a finite real number"),
    (lambda: sd.SocialDataMarket(n=5, alpha=1.5, beta=0.5), ValueError, r"'alpha' parameter of SocialDataMarket must be a float in the closed interval \[0, 1\]"),
    (lambda: sd.SocialDataMarket(n=5, alpha=math.nan, beta=0.5), ValueError, r"'alpha' parameter of SocialDataMarket must be a finite real number"),
    (lambda: sd.SocialDataMarket(n=5, alpha=0.3, beta=-0.1), ValueError, r"'beta' parameter of SocialDataMarket must be a float in the closed interval \[0, 1\]"),
    (lambda: sd.SocialDataMarket(n=5, alpha=0.3, beta=0.5, sigma_w2=0.0), ValueError, r"'sigma_w2' parameter of SocialDataMarket must be a float in the open interval \(0, inf\)"),
    (lambda: sd.SocialDataMarket(n=5, alpha=0.3, beta=0.5, sigma_e2=-1.0), ValueError, r"'sigma_e2' parameter of SocialDataMarket must be a float in the half-open interval \[0, inf\)"),
    (lambda: sd.SocialDataMarket(n=5, alpha=0.3, beta=0.5, mean=-1.0), ValueError, r"'mean' parameter of SocialDataMarket"),
    (lambda: sd.SocialDataMarket(n=5, alpha=0.3, beta=0.5, cost=math.inf), ValueError, r"'cost' parameter of SocialDataMarket must be a finite real number"),
    (lambda: sd.SocialDataMarket(n=5, alpha="0.3", beta=0.5), TypeError, r"'alpha' parameter of SocialDataMarket must be a real number"),
    (lambda: sd.SocialDataMarket.from_variances(n=3, sigma_theta2=0.5, sigma_thetai2=-0.2, sigma_eps2=0.1, sigma_epsi2=0.1), ValueError, r"'sigma_thetai2' parameter of SocialDataMarket.from_variances"),
    (lambda: sd.DataPolicy(added_common=-1.0), ValueError, r"'added_common' parameter of DataPolicy must be a float in the half-open interval \[0, inf\)"),
    (lambda: sd.DataPolicy(added_idio=math.nan), ValueError, r"'added_idio' parameter of DataPolicy must be a finite real number"),
    (lambda: sd.DataPolicy(outflow="everyone"), ValueError, r"'outflow' parameter of DataPolicy must be one of 'complete', 'producer'"),
    (lambda: sd.DataPolicy(aggregate="no"), TypeError, r"'aggregate' parameter of DataPolicy must be a bool"),
    (lambda: sd.DataPolicy(deviator_keeps_record=1), TypeError, r"'deviator_keeps_record' parameter of DataPolicy must be a bool"),
    (lambda: sd.large_market_limits(alpha=0.0, beta=0.0), ValueError, r"'alpha' parameter of large_market_limits must be positive"),
    (lambda: sd.total_compensation(n=5, alpha=0.3, beta=0.5, sigma_w2=-1.0), ValueError, r"'sigma_w2' parameter of total_compensation"),
]


@pytest.mark.parametrize("call, error, message", BAD, ids=[m[:60] for _, _, m in BAD])
def test_bad_market_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


POSITIONAL = [
    lambda: sd.SocialDataMarket(10, 0.3, 0.5),
    lambda: sd.MarketPrimitives(10, 0.3, 0.5),
    lambda: sd.DataPolicy(True, 0.7, 0.4),
    lambda: sd.SocialDataMarket.from_variances(3, 0.3, 0.7, 0.5, 0.5),
    lambda: sd.total_compensation(10, 0.3, 0.5, 1.0),
    lambda: sd.large_market_limits(0.3, 0.5),
    lambda: sd.segmentation_threshold(0.2, "bayesian"),
    lambda: sd.SocialDataMarket(n=10, alpha=0.3, beta=0.5).optimal_noise("program"),
    lambda: sd.SocialDataMarket(n=10, alpha=0.3, beta=0.5).value(sd.DataPolicy(), "engine"),
    lambda: tmd.DataMarket.equicorrelated(2, 0.5, 1.0),
    lambda: tmd.DataMarket.equicorrelated(2, rho=0.5, privacy=1.0),
    lambda: tmd.ExampleB1(0.5, 1.0),
    lambda: tmd.LinearJoining(1.0),
    lambda: tmd.Uniform(0.0, 1.0),
    lambda: _market().mediated_equilibrium("full_transform"),
    lambda: _market().mediation("idealised"),
]


@pytest.mark.parametrize("call", POSITIONAL)
def test_scalars_are_keyword_only(call):
    with pytest.raises(TypeError, match="positional argument"):
        call()


_LAW = tmd.Uniform(low=0.0, high=1.0)
_DISCRETE = ([0.5, 1.0], [0.5, 0.5])

# too_much_data: every callable whose arguments could be confused by their order; only the
# natural first argument (the market, a sharing set, a leak vector) stays positional.
TMD_POSITIONAL = {
    "DataMarket.objective_values": lambda: _market().objective_values(np.ones(2), np.zeros(2)),
    "DataMarket.best_sharing_set": lambda: _market().best_sharing_set(np.ones(2), np.zeros(2)),
    "DataMarket.user_leak": lambda: _market().user_leak([0], 1),
    "DataMarket.total_leak": lambda: _market().total_leak([0], np.ones(2)),
    "DataMarket.optimal_disclosure": lambda: _market().optimal_disclosure(np.ones(2)),
    "DataMarket.disclosure_margin": lambda: _market().disclosure_margin([0.1, 0.1], "program"),
    "DataMarket.relaxation": lambda: _market().relaxation(1.0),
    "leak_sdp": lambda: tmd.leak_sdp(_market(), 0, [0]),
    "leak_matrix_sdp": lambda: tmd.leak_matrix_sdp(_market(), [0]),
    "relaxation_sdp": lambda: tmd.relaxation_sdp(_market(), 1.0),
    "disclosure_sdp": lambda: tmd.disclosure_sdp(_market(), np.ones(2)),
    "optimal_disclosure_value": lambda: tmd.optimal_disclosure_value(_market(), np.ones(2)),
    "disclosure_margin": lambda: tmd.disclosure_margin(_market(), [0.1, 0.1]),
    "discrete_mechanism_lp": lambda: tmd.discrete_mechanism_lp(_market(), *_DISCRETE),
    "discrete_virtual_value_profit":
        lambda: tmd.discrete_virtual_value_profit(_market(), *_DISCRETE),
    "discrete_virtual_costs": lambda: tmd.discrete_virtual_costs(*_DISCRETE),
    "vcg": lambda: tmd.vcg(_market(), [0.5, 0.5]),
    "VirtualValueMechanism": lambda: tmd.VirtualValueMechanism(_market(), (_LAW, _LAW)),
    "VirtualValueMechanism.allocation_rule": lambda: tmd.VirtualValueMechanism(
        _market(), distributions=(_LAW, _LAW)).allocation_rule(0, [0.5, 0.5]),
    "VirtualValueMechanism.expected_profit": lambda: tmd.VirtualValueMechanism(
        _market(), distributions=(_LAW, _LAW)).expected_profit(False),
    "Uniform.sample": lambda: _LAW.sample(np.random.default_rng(0), 3),
    "Exponential.sample": lambda: tmd.Exponential(1.0).sample(np.random.default_rng(0), 3),
    "Communities": lambda: tmd.Communities((2,), [[0.2]], [1.0], [0.5]),
    "Communities.independent": lambda: tmd.Communities.independent([2], [0.3], [1.0]),
    "ExampleB1.platform_payoff": lambda: tmd.ExampleB1(rho=0.5, privacy=1.0).platform_payoff(4, 2),
    "check_size": lambda: check_size(3, 2, "a test"),
    "grow_posteriors": lambda: grow_posteriors(EYE2, np.zeros(2), 1),
    "transformed_leaks": lambda: transformed_leaks(EYE2, np.array([0])),
}


@pytest.mark.parametrize("call", TMD_POSITIONAL.values(), ids=TMD_POSITIONAL.keys())
def test_data_market_arguments_are_keyword_only(call):
    with pytest.raises(TypeError, match="positional argument"):
        call()


def test_data_market_stays_read_only_through_pickling():
    import pickle

    original = tmd.DataMarket(np.array([[1.0, 0.6, 0.3], [0.6, 1.0, 0.5], [0.3, 0.5, 1.5]]),
                              [0.3, 0.9, 2.5])
    market = pickle.loads(pickle.dumps(original))
    for array in (market.cov, market.privacy):
        with pytest.raises(ValueError, match="read-only"):
            array[(0,) * array.ndim] = 1.0
    assert market.equilibrium().sharing == original.equilibrium().sharing
