r"""Gaussian mechanisms: the joint law of (state, types, recommended actions).

Definitions
-----------
A Gaussian mechanism is a normal vector :math:`z = (\theta, t_1..t_n, a_1..a_n)` whose
(state, types) block is the prior (data-monetization §1.4, eq. 3). Always in the order
**(state, types, actions)**, with mean ``mean`` (2n+1,) and covariance ``cov``
(2n+1, 2n+1). The equivalent linear form (eq. 4) is

.. math::  a = \mu_a + \Lambda_\theta(\theta - \mu_\theta) + \Lambda_t(t - \mu_t) + \varepsilon,
           \qquad \varepsilon \sim N(0, \Sigma_\varepsilon) \perp (\theta, t),

with :math:`[\Lambda_\theta\ \Lambda_t] = \Sigma_{af}P^{-1}` and
:math:`\Sigma_\varepsilon = \Sigma_{aa} - \Sigma_{af}P^{-1}\Sigma_{fa}` (eq. 5).

* **Obedience**: :math:`\mathbb E[\alpha_i\theta + \beta_i t_i + \sum_j G_{ij}a_j - a_i
  \mid a_i, t_i] = 0` (Prop 1/13) — :meth:`GaussianMechanism.obedience_residuals`.
* **Rent** :math:`V_i(t)`: a type's net utility, gross utility minus payment (Cor 3);
  **payment** :math:`p_i(t) = U_i(t) - V_i(t)` (Prop 5, eq. 18); the **off-path action**
  :math:`A_i` is the aggregate rivals' action a non-participant is threatened with
  (Lemma 1, Prop 5). See :mod:`mechdesign.rents`.

Beware
------
Values are totals over players; per-player arrays say so. Rents, payments and the
off-path threat assume independent types.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from mechdesign import objectives, rents
from mechdesign._validation import (check_instance, check_integer, check_positive,
                                    check_real_array, check_square, check_vector)
from mechdesign.constraints import obedience_map
from mechdesign.game import LQGame

__all__ = ["GaussianMechanism", "Weights"]


@dataclass(frozen=True)
class Weights:
    """Linear weights of the actions on the fundamentals (eq. 4)."""

    state: np.ndarray        # (n,): Λ_θ
    types: np.ndarray        # (n, n): Λ_t, row i = weights of a_i on t_1..t_n

    @property
    def own_type(self) -> np.ndarray:
        """w_o: weight of a_i on t_i, (n,)."""
        return np.diag(self.types).copy()

    @property
    def rival_types(self) -> np.ndarray:
        """Weights of a_i on t_j, j ≠ i (zero diagonal), (n, n)."""
        return self.types - np.diag(np.diag(self.types))


class GaussianMechanism:
    """A Gaussian mechanism for an :class:`~mechdesign.LQGame`.

    Parameters
    ----------
    game : LQGame
    mean_actions : float or ndarray(float, shape=(n,))
    cov : ndarray(float, shape=(2n+1, 2n+1))
        Joint covariance in the order (state, types, actions); its (state, types) block
        is replaced by the prior's.

    Methods taking a player ``i`` and a type value ``t`` (``payment``, ``interim_rent``,
    ``interim_utility``, ``expected_action``) need an integer ``0 <= i < n`` and finite
    real ``t`` (a scalar or an array), and raise ``ValueError``/``TypeError`` otherwise.
    """

    def __init__(self, game, mean_actions, cov) -> None:
        where = "GaussianMechanism"
        check_instance(game, "game", where, LQGame)
        cov = check_square(cov, "cov", f"{where} for n={game.n}", size=game.size)
        cov = (cov + cov.T) / 2
        m = game.n + 1
        cov[:m, :m] = game.prior.cov
        self.game = game
        self.cov = cov
        self.mean = np.concatenate([game.prior.mean,
                                    check_vector(mean_actions, "mean_actions", where, game.n)])
        self.cov.setflags(write=False)
        self.mean.setflags(write=False)

    def __reduce__(self):
        """Pickle through the constructor: the copy's arrays are read-only again and its
        cached moments are recomputed on demand."""
        return (type(self), (self.game, self.mean_actions.copy(), self.cov.copy()))

    # ------------------------------------------------------------ moments
    @property
    def n(self) -> int:
        return self.game.n

    @property
    def mean_actions(self) -> np.ndarray:
        """μ_a, (n,)."""
        return self.mean[self.game.actions]

    @property
    def cov_action_type(self) -> np.ndarray:
        """d_i = Cov(a_i, t_i), (n,)."""
        return np.diag(self.cov[self.game.actions, self.game.types]).copy()

    @cached_property
    def weights(self) -> Weights:
        """Λ = Σ_af P⁻¹ (eq. 5)."""
        g = self.game
        lam = np.linalg.solve(g.prior.cov, self.cov[: g.n + 1, g.actions]).T
        return Weights(lam[:, 0], lam[:, 1:])

    @cached_property
    def noise_cov(self) -> np.ndarray:
        """Σ_ε = Σ_aa − Σ_af P⁻¹ Σ_fa, (n, n)."""
        g = self.game
        af = self.cov[g.actions, : g.n + 1]
        return self.cov[g.actions, g.actions] - af @ np.linalg.solve(g.prior.cov, af.T)

    @property
    def noise_corr(self) -> np.ndarray:
        """Correlation of the noise (nan where a noise variance is ~0)."""
        sd = np.sqrt(np.clip(np.diag(self.noise_cov), 0, None))
        with np.errstate(divide="ignore", invalid="ignore"):
            corr = self.noise_cov / np.outer(sd, sd)
        tiny = sd < 1e-7 * max(1.0, float(np.sqrt(np.max(np.diag(self.cov)))))
        corr[tiny, :] = corr[:, tiny] = np.nan
        return corr

    # ------------------------------------------------------------ constraints
    def obedience_residuals(self) -> dict[str, np.ndarray]:
        """Scaled residuals of obedience: mean, Cov(r_i, a_i), Cov(r_i, t_i) per player."""
        g = self.game
        r = obedience_map(g)
        cov_r = r @ self.cov
        sd = np.sqrt(np.clip(np.diag(self.cov), 1e-300, None))
        sd_r = np.sqrt(np.abs(r) ** 2 @ np.diag(self.cov)) + 1e-300
        mean = (r @ self.mean) / (np.abs(r) @ np.abs(self.mean) + 1.0)
        return {
            "obedience_mean": mean,
            "obedience_action": np.diag(cov_r[:, g.actions]) / (sd_r * sd[g.actions]),
            "obedience_type": np.diag(cov_r[:, g.types]) / (sd_r * sd[g.types]),
        }

    @property
    def participation_slack(self) -> np.ndarray:
        """β_i Cov(a_i, t_i) − β_i² Var(t_i), (n,) (Props 4–5; ≥ 0 for IC)."""
        b = self.game.beta
        return b * self.cov_action_type - b ** 2 * self.game.prior.type_var

    def min_eigenvalue(self) -> float:
        """Smallest eigenvalue of the scaled covariance (≥ 0 for a valid mechanism)."""
        sd = np.sqrt(np.clip(np.diag(self.cov), 1e-300, None))
        return float(np.linalg.eigvalsh(self.cov / np.outer(sd, sd))[0])

    def is_obedient(self, tol: float = 1e-7) -> bool:
        """All scaled obedience residuals within ``tol`` (> 0)."""
        tol = check_positive(tol, "tol", "GaussianMechanism.is_obedient")
        return all(np.max(np.abs(v)) <= tol for v in self.obedience_residuals().values())

    def is_incentive_compatible(self, tol: float = 1e-7) -> bool:
        """Obedient and β_i d_i ≥ β_i² σ_i² (up to ``tol`` > 0 relative) for every player."""
        tol = check_positive(tol, "tol", "GaussianMechanism.is_incentive_compatible")
        scale = self.game.beta ** 2 * self.game.prior.type_var + 1e-300
        return self.is_obedient(tol) and bool(np.all(self.participation_slack >= -tol * scale))

    # ------------------------------------------------------------ values
    def welfare(self) -> float:
        """Σ_i E u_i."""
        return objectives.welfare(self.game).evaluate(self)

    def revenue(self) -> float:
        """Σ_i E p_i = welfare − ex-ante rents (eq. 23)."""
        return objectives.revenue(self.game).evaluate(self)

    def consumer_surplus(self) -> float:
        """Expected consumer surplus (market games only)."""
        return objectives.consumer_surplus(self.game).evaluate(self)

    def value(self, objective) -> float:
        """Value of any objective (a name, an Objective or a matrix)."""
        return objectives.resolve(self.game, objective, "GaussianMechanism.value").evaluate(self)

    # ------------------------------------------------------------ rents and payments
    def _require_independent(self) -> None:
        if not self.game.prior.independent_types:
            raise ValueError("Rents, payments and off-path threats need independent types "
                             "(data-monetization Props 4-5); this game's types are correlated.")

    def _player_type(self, i: int, t, method: str) -> tuple[int, np.ndarray]:
        """(i, t) checked: a player index in [0, n-1] and finite real type value(s)."""
        where = f"GaussianMechanism.{method}"
        return (check_integer(i, "i", where, 0, self.n - 1), check_real_array(t, "t", where))

    def expected_action(self, i: int, t) -> np.ndarray:
        """E[a_i | t_i = t] = μ_i + (d_i/σ_i²)(t − μ_t,i) (eq. 15)."""
        i, t = self._player_type(i, t, "expected_action")
        p = self.game.prior
        return self.mean_actions[i] + self.cov_action_type[i] / p.type_var[i] * (t - p.type_mean[i])

    @cached_property
    def _rent_level(self) -> np.ndarray:
        """W_i, the least constant of the participation LMI (mechdesign.rents)."""
        self._require_independent()
        g, z = rents.reservation_constants(self.game)
        return rents.least_rent_constant(self.game.beta, self.mean_actions, self.cov_action_type,
                                         self.game.prior.type_var, g, z)

    def interim_rent(self, i: int, t) -> np.ndarray:
        """V_i(t) = W_i + β μ τ + (β d/(2σ²)) τ², τ = t − μ_t (Cor 3 with the least constant)."""
        i, t = self._player_type(i, t, "interim_rent")
        p, b = self.game.prior, self.game.beta[i]
        tau = t - p.type_mean[i]
        h = b * self.cov_action_type[i] / p.type_var[i]
        return self._rent_level[i] + b * self.mean_actions[i] * tau + h * tau ** 2 / 2

    @property
    def ex_ante_rent(self) -> np.ndarray:
        """E V_i = W_i + β_i d_i / 2, (n,) (Cor 3)."""
        return self._rent_level + self.game.beta * self.cov_action_type / 2

    def interim_utility(self, i: int, t) -> np.ndarray:
        """U_i(t) = E[u_i | t_i = t], gross of payments (= ½E[a_i² | t_i] if obedient)."""
        i, t = self._player_type(i, t, "interim_utility")
        g = self.game
        ti = 1 + i
        q = g.payoff_matrix(i)
        c = self.cov[:, ti] / self.cov[ti, ti]
        cond_cov = self.cov - np.outer(self.cov[:, ti], c)
        tau = t - self.mean[ti]
        m, qm, qc = self.mean, q @ self.mean, q @ c
        return np.sum(q * cond_cov) + m @ qm + 2 * tau * (c @ qm) + tau ** 2 * (c @ qc)

    def payment(self, i: int, t) -> np.ndarray:
        """p_i(t) = U_i(t) − V_i(t): the pointwise-maximal payment (Prop 5, eq. 18)."""
        i, t = self._player_type(i, t, "payment")
        return self.interim_utility(i, t) - self.interim_rent(i, t)

    @property
    def zero_action_type(self) -> np.ndarray:
        """t*_i = μ_t − μ_i σ²/d_i, the type whose expected action is 0 (Prop 5), (n,)."""
        p = self.game.prior
        with np.errstate(divide="ignore", invalid="ignore"):
            return p.type_mean - self.mean_actions * p.type_var / self.cov_action_type

    @property
    def off_path_interaction(self) -> np.ndarray:
        """Σ_j G_ij E[a_j] a non-participant i is threatened with: −(α_i μ_θ + β_i t*_i).

        nan for a player with a zero row of G (no threat is possible, Lemma 1).
        """
        self._require_independent()
        g = self.game
        b_tstar = g.beta * g.prior.type_mean - np.where(
            g.beta == 0, 0.0, g.beta ** 2 * g.prior.type_var * self.mean_actions
            / np.where(g.beta == 0, 1.0, g.beta * self.cov_action_type))
        out = -(g.alpha * g.prior.state_mean + b_tstar)
        return np.where(g.threatened, out, np.nan)

    @property
    def off_path_action(self) -> np.ndarray:
        """A_i: the rivals' aggregate off-path action Σ_{j≠i} E a_j (Prop 5, eq. 18).

        Rivals play a common off-path mean, so A_i = (n−1)·interaction_i / Σ_j G_ij; in the
        symmetric game A* = −(α μ_θ + β t*)/γ. nan where the row sum of G is 0.
        """
        rowsum = self.game.interaction.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(rowsum != 0, (self.n - 1) * self.off_path_interaction / rowsum, np.nan)

    # ------------------------------------------------------------ sampling
    def sample(self, size: int, rng=None) -> np.ndarray:
        """Draws of z = (θ, types, actions), shape (size, 2n+1)."""
        size = check_integer(size, "size", "GaussianMechanism.sample", 0)
        rng = np.random.default_rng(rng)
        vals, vecs = np.linalg.eigh(self.cov)
        root = vecs * np.sqrt(np.clip(vals, 0, None))
        return self.mean + rng.standard_normal((size, self.game.size)) @ root.T

    # ------------------------------------------------------------ display
    def __repr__(self) -> str:
        return (f"<GaussianMechanism n={self.n} welfare={self.welfare():.6g} "
                f"noise_var={np.trace(self.noise_cov) / self.n:.3g}>")

    def __str__(self) -> str:
        w = self.weights
        rivals = w.rival_types.sum(axis=1) / max(self.n - 1, 1)
        independent = self.game.prior.independent_types
        rent = self.ex_ante_rent if independent else np.full(self.n, np.nan)
        threat = self.off_path_action if independent else np.full(self.n, np.nan)
        lines = ["GaussianMechanism (order: state, types, actions)",
                 f"  {'player':>6} {'mean':>10} {'state':>10} {'own type':>10} {'rival avg':>10} "
                 f"{'noise var':>10} {'rent':>10} {'off-path A':>10}"]
        for i in range(self.n):
            lines.append(f"  {i:>6} {self.mean_actions[i]:>10.5g} {w.state[i]:>10.5g} "
                         f"{w.own_type[i]:>10.5g} {rivals[i]:>10.5g} {max(self.noise_cov[i, i], 0):>10.4g} "
                         f"{rent[i]:>10.5g} {threat[i]:>10.5g}")
        lines.append(f"  welfare {self.welfare():.8g}")
        if independent:
            lines.append(f"  revenue {self.revenue():.8g}   rents {np.sum(self.ex_ante_rent):.8g}")
        return "\n".join(lines)
