r"""The designer's constraints, each as cvxpy constraints on the joint covariance.

Let :math:`\Sigma` be the covariance of :math:`z = (\theta, t_1..t_n, a_1..a_n)` and
:math:`r_i = \alpha_i\theta + \beta_i t_i + \sum_j G_{ij}a_j - a_i` player *i*'s obedience
residual, :math:`r = Rz` with :math:`R = [\alpha,\ \operatorname{diag}\beta,\ G - I]`.

* **Prior:** :math:`\Sigma_{ff} = P` (data-monetization §2.1).
* **PSD:** :math:`\Sigma \succeq 0` (Lemma 3 in the symmetric case).
* **Obedience** (Prop 13, eqs. 32–33; any Gaussian prior, DESIGN.md §5):
  :math:`\operatorname{Cov}(r_i, a_i) = 0` and :math:`\operatorname{Cov}(r_i, t_i) = 0`,
  i.e. ``diag((R @ cov)[:, actions]) == 0`` and ``diag((R @ cov)[:, types]) == 0``;
  the mean is pinned by :math:`(I-G)\mu_a = \alpha\mu_\theta + \beta\circ\mu_t` (eq. 10).
* **IC / participation** (Props 4–5, independent types):
  :math:`\beta_i\operatorname{Cov}(a_i,t_i) \ge \beta_i^2\operatorname{Var}(t_i)`.

Every constraint carries a label; :class:`mechdesign.DesignResult` keys its residuals by
the same labels.
"""

from __future__ import annotations

import cvxpy as cp
import numpy as np

__all__ = ["prior_block", "psd", "obedience", "participation", "cov_action_type"]


def _labelled(constraint: cp.Constraint, label: str) -> cp.Constraint:
    constraint.set_label(label)
    return constraint


def cov_action_type(game, cov: cp.Expression) -> cp.Expression:
    """d = (Cov(a_i, t_i))_i."""
    return cp.diag(cov[game.actions, game.types])


def prior_block(game, cov: cp.Expression) -> cp.Constraint:
    """Σ_ff = P: the fundamentals are the prior's."""
    m = game.n + 1
    return _labelled(cov[:m, :m] == game.prior.cov, "prior")


def psd(scaled_cov: cp.Variable) -> cp.Constraint:
    """Σ ⪰ 0 (imposed on the scaled variable, which is congruent to Σ)."""
    return _labelled(scaled_cov >> 0, "psd")


def obedience_map(game) -> np.ndarray:
    """R with r = R z, shape (n, 2n+1)."""
    return np.hstack([game.alpha[:, None], np.diag(game.beta), game.interaction - np.eye(game.n)])


def obedience(game, cov: cp.Expression) -> list[cp.Constraint]:
    """Cov(r_i, a_i) = 0 and Cov(r_i, t_i) = 0 for every player."""
    cov_r = obedience_map(game) @ cov
    return [_labelled(cp.diag(cov_r[:, game.actions]) == 0, "obedience_action"),
            _labelled(cp.diag(cov_r[:, game.types]) == 0, "obedience_type")]


def participation(game, cov: cp.Expression) -> cp.Constraint:
    """β_i Cov(a_i, t_i) ≥ β_i² Var(t_i) (IC with double deviations ⇔ participation)."""
    beta = game.beta
    return _labelled(cp.multiply(beta, cov_action_type(game, cov)) >= beta ** 2 * game.prior.type_var,
                     "participation")
