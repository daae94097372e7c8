r"""The certified upper bound of a design problem at a mechanism, for any route.

``certificate(game, objective, mechanism)`` normalises the problem
(:class:`~mechdesign.dual.function.DualData`), recovers multipliers from the mechanism
(:func:`~mechdesign.dual.recovery.certify`) and returns the dual value D — an upper bound
on the objective of every feasible mechanism, by weak duality (``shared/design/dual-route.md``
§2). Delegation (the mean free) has its own dual (:mod:`mechdesign.dual.delegation`).
"""

from __future__ import annotations

import numpy as np

from mechdesign.dual.delegation import delegation_certificate
from mechdesign.dual.function import DualData, normalised
from mechdesign.dual.recovery import certify

__all__ = ["certificate"]


def certificate(game, objective, mechanism, *, obedience: bool, ic: bool) -> tuple[float, float]:
    """(bound, unit): the certified bound (nan without a certificate) and the objective's
    natural scale Σ_i s_i² (see :func:`mechdesign.result.relative_gap`)."""
    if not obedience:
        return delegation_certificate(game, objective, ic=ic, mechanism=mechanism)
    data = DualData.from_game(game, objective, ic=ic)
    c, v = normalised(data, mechanism)
    bound, _ = certify(data, c, v)
    return bound, float(np.sum(data.q))
