"""Scales of the joint vector z = (θ, types, actions) shared by the numeric routes.

The full SDP (:mod:`mechdesign.design`) works on the congruent matrix S⁻¹ Σ S⁻¹ and the dual
route (:mod:`mechdesign.dual`) on standardised fundamentals and scaled actions; both use
these scales, so that small type variances or actions near the edge of the admissible
range do not ruin the conditioning (data-monetization §5.2 tolerance notes).
"""

from __future__ import annotations

import numpy as np

from mechdesign.reference_mechanisms import complete_information_weights

__all__ = ["covariance_scales"]


def covariance_scales(game) -> np.ndarray:
    """Standard deviations of (θ, t) and a scale for each action: the larger standard
    deviation of its no-information part (α²σ_θ² + β²σ_t²) and of the complete-information
    action (I − G)⁻¹(αθ + β∘t) (eq. 6), which grows near the edge of the admissible range."""
    p = game.prior
    fund = np.sqrt(np.diag(p.cov))
    var = game.alpha ** 2 * p.state_var + game.beta ** 2 * p.type_var
    if np.linalg.cond(np.eye(game.n) - game.interaction) < 1e12:
        lam = complete_information_weights(game)
        var = np.maximum(var, np.einsum("ik,kl,il->i", lam, p.cov, lam))
    act = np.sqrt(var)
    return np.concatenate([fund, np.where(act > 0, act, 1.0)])
