r"""Producer and total surplus of a market game, in market (money) units.

mechdesign's ``welfare`` is :math:`\sum_i \mathbb E u_i` with the utility of eq. (2),
:math:`u_i = a_i(\alpha_i\theta + \beta_i t_i + \sum_j G_{ij}a_j) - \tfrac12 a_i^2`, which is
not the firms' profit (data-monetization §1.3, §2.3 and flag §6.9):

* **Cournot** (Ex. 1): :math:`\pi_i = (p_i - c_i)q_i = 2u_i` exactly, so producer surplus is
  twice the welfare;
* **Bertrand** (Ex. 2): :math:`\pi_i = 2u_i - c_i(\theta + \delta\sum_{j\ne i}p_j)`; the extra
  term depends on the mechanism through :math:`\operatorname{Cov}(c_i, p_j)`.

Both are quadratic forms :math:`\operatorname{tr}(\Pi\,\mathbb E[zz^\top])` over
:math:`z = (\theta, t, a)` (:func:`profit_matrix`). Producer surplus is gross of the
designer's payments, which are transfers; total surplus is producer plus consumer surplus
(both in money units, the consumer surplus of :attr:`Market.surplus_matrix`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["profit_matrix", "producer_surplus", "total_surplus"]


def profit_matrix(game) -> np.ndarray:
    r"""Π with :math:`\mathbb E\sum_i \pi_i = \operatorname{tr}(\Pi\,\mathbb E[zz^\top])`.

    Cournot: Π = 2W (W the welfare matrix). Bertrand: Π = 2W minus the symmetrised
    :math:`\sum_i (e_{t_i} e_\theta^\top + \delta \sum_{j\ne i} e_{t_i} e_{a_j}^\top)`.
    """
    if game.market is None:
        raise ValueError("Producer surplus needs a market game (games.cournot or games.bertrand). "
                         f"Got {game!r} instead.")
    pi = 2 * game.welfare_matrix
    if game.market.kind == "bertrand":
        n, delta = game.n, game.market.delta
        cross = np.zeros_like(pi)
        cross[game.types, 0] = 1.0
        cross[game.types, game.actions] = delta * (np.ones((n, n)) - np.eye(n))
        pi = pi - (cross + cross.T) / 2
    return pi


def producer_surplus(mechanism) -> float:
    """Σ_i E π_i, the firms' expected profits gross of payments (money units)."""
    pi = profit_matrix(mechanism.game)
    m = mechanism.mean
    return float(np.sum(pi * mechanism.cov) + m @ pi @ m)


def total_surplus(mechanism) -> float:
    """Producer plus consumer surplus (money units; payments are transfers)."""
    return producer_surplus(mechanism) + mechanism.consumer_surplus()
