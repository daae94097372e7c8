r"""The benchmark mechanisms of data-monetization §1.5 and §2.4 C, for any LQGame.

Each is obedient by construction; whether it is incentive compatible depends on the game
(check :meth:`GaussianMechanism.is_incentive_compatible`).

* ``no_information`` (point O, eq. 14): :math:`a_i = \mu_i + b_i(t_i - \mu_{t_i})`, the
  interim Bayes–Nash equilibrium; with correlated types b solves
  :math:`b_i\sigma_i^2 = \beta_i\sigma_i^2 + \sum_j G_{ij} b_j \operatorname{Cov}(t_j,t_i)`.
* ``state_only`` (SO): θ revealed: :math:`a = \mu + (I-G)^{-1}\alpha(\theta-\mu_\theta) +
  \operatorname{diag}(b)(t-\mu_t)`.
* ``type_only`` (TO): all types revealed: :math:`a = \mu + (I-G)^{-1}\operatorname{diag}(\beta)
  (t-\mu_t)`.
* ``complete_information`` (CI, eq. 6): :math:`a = (I-G)^{-1}(\alpha\theta + \beta\circ t)`.
"""

from __future__ import annotations

import numpy as np

from mechdesign._validation import check_square, check_vector
from mechdesign.mechanism import GaussianMechanism

__all__ = ["linear_mechanism", "no_information", "state_only", "type_only",
           "complete_information", "complete_information_weights", "BENCHMARKS"]


def linear_mechanism(game, state_weights: np.ndarray, type_weights: np.ndarray) -> GaussianMechanism:
    """Deterministic a = μ_a + Λ_θ(θ − μ_θ) + Λ_t(t − μ_t), obedient mean (eq. 10).

    ``state_weights`` is Λ_θ, shape (n,); ``type_weights`` is Λ_t, shape (n, n).
    """
    where = "linear_mechanism"
    lam = np.hstack([check_vector(state_weights, "state_weights", where, game.n)[:, None],
                     check_square(type_weights, "type_weights", where, size=game.n)])
    p = game.prior.cov
    cov = np.zeros((game.size, game.size))
    cov[: game.n + 1, : game.n + 1] = p
    cov[game.actions, : game.n + 1] = lam @ p
    cov[: game.n + 1, game.actions] = (lam @ p).T
    cov[game.actions, game.actions] = lam @ p @ lam.T
    return GaussianMechanism(game, game.mean_action, cov)


def _own_type_weights(game) -> np.ndarray:
    p = game.prior
    system = np.diag(p.type_var) - game.interaction * p.type_cov.T
    return np.linalg.solve(system, game.beta * p.type_var)


def _full_weights(game, vec: np.ndarray) -> np.ndarray:
    return np.linalg.solve(np.eye(game.n) - game.interaction, vec)


def no_information(game) -> GaussianMechanism:
    """O: no information beyond the own type."""
    return linear_mechanism(game, np.zeros(game.n), np.diag(_own_type_weights(game)))


def state_only(game) -> GaussianMechanism:
    """SO: the state is revealed to everyone."""
    return linear_mechanism(game, _full_weights(game, game.alpha), np.diag(_own_type_weights(game)))


def type_only(game) -> GaussianMechanism:
    """TO: every type is revealed to everyone (information sharing)."""
    return linear_mechanism(game, np.zeros(game.n), _full_weights(game, np.diag(game.beta)))


def complete_information_weights(game) -> np.ndarray:
    """[Λ_θ, Λ_t] = (I − G)⁻¹[α, diag β] of the complete-information equilibrium, (n, n+1)."""
    return _full_weights(game, np.hstack([game.alpha[:, None], np.diag(game.beta)]))


def complete_information(game) -> GaussianMechanism:
    """CI: the complete-information Nash equilibrium."""
    lam = complete_information_weights(game)
    return linear_mechanism(game, lam[:, 0], lam[:, 1:])


BENCHMARKS = {"no_information": no_information, "state_only": state_only,
              "type_only": type_only, "complete_information": complete_information}
