r"""Symmetric mechanisms held by their six moments, for any number of players.

Definitions
-----------
A symmetric mechanism of a symmetric game (data-monetization Lemma 2) is fixed by
μ = E a_i, s = Cov(a_i, θ), d = Cov(a_i, t_i), e = Cov(a_i, t_j), v = Var a_i and
c = Cov(a_i, a_j) (:class:`~mechdesign.reduced.SymmetricMoments`). With the prior
(σ_θ², σ_t² iid) every quantity of :class:`~mechdesign.mechanism.GaussianMechanism` has a
closed form in these scalars, computed here in O(1) (O(n) for per-player arrays and
draws):

* weights (eq. 5): :math:`\Lambda_\theta = s/\sigma_\theta^2`, own type
  :math:`d/\sigma_t^2`, each rival's type :math:`e/\sigma_t^2`;
* noise :math:`\Sigma_\varepsilon = \nu I + \kappa(J - I)` with
  :math:`\nu = v - s^2/\sigma_\theta^2 - (d^2 + (n-1)e^2)/\sigma_t^2` and
  :math:`\kappa = c - s^2/\sigma_\theta^2 - (2de + (n-2)e^2)/\sigma_t^2`;
* obedience residuals (Prop 13): :math:`\operatorname{Cov}(r_i, a_i) = \alpha s + \beta d
  + (n-1)\gamma c - v` and :math:`\operatorname{Cov}(r_i, t_i) = \beta\sigma_t^2 +
  (n-1)\gamma e - d`, scaled as in :meth:`GaussianMechanism.obedience_residuals`;
* PSD (Lemma 3): the correlation matrix splits into a 3×3 block on
  :math:`(\theta, \bar t, \bar a)` and a 2×2 block of multiplicity n − 1 on the
  directions orthogonal to :math:`\mathbf 1`; its least eigenvalue is theirs;
* values: n times the per-player coefficients (:mod:`mechdesign.reduced`), less the rents
  (Cor 3) for revenue;
* interim utility :math:`U(t) = \mathbb E[u_i \mid t_i = t]` from the conditional moments
  given :math:`t_i`, payment :math:`U - V` (Prop 5);
* draws: :math:`a = \mu + \Lambda_\theta(\theta - \mu_\theta) + (w_o - w_r)(t - \mu_t)
  + w_r \mathbf 1^\top(t - \mu_t) + \varepsilon`, with the square root of
  :math:`\Sigma_\varepsilon`, :math:`\sqrt{\nu-\kappa}(\xi - \bar\xi\mathbf 1) +
  \sqrt{\nu + (n-1)\kappa}\,\bar\xi\mathbf 1` (idiosyncratic part plus common factor).

Dense matrices (``cov``, ``noise_cov``, ``noise_corr``, ``weights.types``,
``weights.rival_types``) are built on request only, for n up to
:data:`mechdesign._dense.DENSE_MAX_N`.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from mechdesign import objectives, rents
from mechdesign._dense import check_dense
from mechdesign._validation import check_finite, check_integer, check_positive
from mechdesign.game import symmetric_matrix
from mechdesign.mechanism import GaussianMechanism, Weights
from mechdesign.reduced import SymmetricMoments, SymmetricParams, reduced_coefficients

__all__ = ["SymmetricMechanism", "SymmetricWeights"]


class SymmetricWeights(Weights):
    """Weights of a symmetric mechanism: ``state``, ``own_type`` and the scalar ``rival``.

    ``types`` and ``rival_types`` are the dense (n, n) matrices, built on request.
    """

    def __init__(self, n: int, state: float, own: float, rival: float) -> None:
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "own", float(own))
        object.__setattr__(self, "rival", float(rival))
        object.__setattr__(self, "state", np.broadcast_to(float(state), (n,)))

    @property
    def own_type(self) -> np.ndarray:
        """w_o: weight of a_i on t_i, a read-only (n,) view."""
        return np.broadcast_to(self.own, (self.n,))

    @property
    def types(self) -> np.ndarray:
        """Λ_t = M(w_o, w_r), (n, n), built on request."""
        check_dense("weights.types", self.n, (self.n, self.n))
        return symmetric_matrix(self.n, self.own, self.rival)

    @property
    def rival_types(self) -> np.ndarray:
        """Weights of a_i on t_j, j ≠ i (zero diagonal), (n, n), built on request."""
        check_dense("weights.rival_types", self.n, (self.n, self.n))
        return symmetric_matrix(self.n, 0.0, self.rival)

    def __repr__(self) -> str:
        return (f"SymmetricWeights(n={self.n}, state={float(self.state[0])!r}, own={self.own!r}, "
                f"rival={self.rival!r})")


class SymmetricMechanism(GaussianMechanism):
    """A symmetric Gaussian mechanism of a symmetric game, held by its six moments.

    It has every attribute of :class:`~mechdesign.mechanism.GaussianMechanism` with the
    same meaning, computed from the moments; per-player arrays are read-only views of one
    number. Scalars of the structure: ``moments``, ``weights.rival``, ``noise_var``,
    ``noise_rival_cov`` and ``noise_rival_corr``.

    Parameters
    ----------
    game : LQGame
        A symmetric game (``game.is_symmetric``).
    mean_action, s, d, e, v, c : float
        μ = E a_i, Cov(a_i, θ), Cov(a_i, t_i), Cov(a_i, t_j), Var a_i, Cov(a_i, a_j).
    """

    def __init__(self, game, *, mean_action: float, s: float, d: float, e: float, v: float,
                 c: float) -> None:
        if not game.is_symmetric:
            raise ValueError("The 'game' parameter of SymmetricMechanism must be a symmetric game "
                             f"(G = gamma (J - I), iid types). Got {game!r} instead.")
        where = "SymmetricMechanism"
        self.game = game
        self.params: SymmetricParams = SymmetricParams.from_game(game)
        self.moments = SymmetricMoments(*(check_finite(x, name, where) for x, name in zip(
            (mean_action, s, d, e, v, c), ("mean_action", "s", "d", "e", "v", "c"))))

    @classmethod
    def from_moments(cls, game, moments: SymmetricMoments) -> SymmetricMechanism:
        """The mechanism of ``game`` with these six moments."""
        m = moments
        return cls(game, mean_action=m.mu, s=m.s, d=m.d, e=m.e, v=m.v, c=m.c)

    def __reduce__(self):
        """Pickle by the six moments (the dense form is never built)."""
        return (SymmetricMechanism.from_moments, (self.game, self.moments))

    # ------------------------------------------------------------ moments
    def _per_player(self, value: float) -> np.ndarray:
        return np.broadcast_to(value, (self.n,))

    @property
    def mean_actions(self) -> np.ndarray:
        """μ_a, a read-only (n,) view."""
        return self._per_player(self.moments.mu)

    @cached_property
    def mean(self) -> np.ndarray:
        """Mean of z = (state, types, actions), (2n+1,)."""
        p, n = self.params, self.n
        out = np.concatenate([[p.state_mean], np.full(n, p.type_mean), np.full(n, self.moments.mu)])
        out.setflags(write=False)
        return out

    @cached_property
    def cov(self) -> np.ndarray:
        """Joint covariance (state, types, actions), (2n+1, 2n+1), built on request."""
        g, p, m = self.game, self.params, self.moments
        check_dense("mechanism.cov", self.n, (g.size, g.size))
        cov = np.zeros((g.size, g.size))
        cov[0, 0] = p.state_var
        cov[g.types, g.types] = p.type_var * np.eye(self.n)
        cov[g.actions, 0] = cov[0, g.actions] = m.s
        cov[g.actions, g.types] = cov[g.types, g.actions] = symmetric_matrix(self.n, m.d, m.e)
        cov[g.actions, g.actions] = symmetric_matrix(self.n, m.v, m.c)
        cov.setflags(write=False)
        return cov

    @property
    def cov_action_type(self) -> np.ndarray:
        """d_i = Cov(a_i, t_i), a read-only (n,) view."""
        return self._per_player(self.moments.d)

    @cached_property
    def weights(self) -> SymmetricWeights:
        """Λ = Σ_af P⁻¹ (eq. 5): s/σ_θ², d/σ_t² and e/σ_t²."""
        p, m = self.params, self.moments
        return SymmetricWeights(self.n, m.s / p.state_var, m.d / p.type_var, m.e / p.type_var)

    @property
    def noise_var(self) -> float:
        """ν = Var ε_i."""
        p, m, n = self.params, self.moments, self.n
        return m.v - m.s ** 2 / p.state_var - (m.d ** 2 + (n - 1) * m.e ** 2) / p.type_var

    @property
    def noise_rival_cov(self) -> float:
        """κ = Cov(ε_i, ε_j), i ≠ j."""
        p, m, n = self.params, self.moments, self.n
        return m.c - m.s ** 2 / p.state_var - (2 * m.d * m.e + (n - 2) * m.e ** 2) / p.type_var

    @property
    def noise_rival_corr(self) -> float:
        """Corr(ε_i, ε_j), i ≠ j (nan when the noise variance is ~0, as in ``noise_corr``,
        and for n = 1)."""
        sd = np.sqrt(max(self.noise_var, 0.0))
        largest = max(self.params.state_var, self.params.type_var, self.moments.v)
        if self.n == 1 or sd < 1e-7 * max(1.0, float(np.sqrt(largest))):
            return float("nan")
        return self.noise_rival_cov / sd ** 2

    @cached_property
    def noise_cov(self) -> np.ndarray:
        """Σ_ε = ν I + κ (J − I), (n, n), built on request."""
        check_dense("noise_cov", self.n, (self.n, self.n))
        return symmetric_matrix(self.n, self.noise_var, self.noise_rival_cov)

    # ------------------------------------------------------------ constraints
    def _obedience(self) -> dict[str, float]:
        """The scaled obedience residuals of every player (one number each)."""
        p, m, n = self.params, self.moments, self.n
        k = (n - 1) * p.gamma
        sd_r = np.sqrt(p.alpha ** 2 * p.state_var + p.beta ** 2 * p.type_var
                       + ((n - 1) * p.gamma ** 2 + 1) * m.v) + 1e-300
        sd_a = np.sqrt(max(m.v, 1e-300))
        sd_t = np.sqrt(p.type_var)
        rm = p.alpha * p.state_mean + p.beta * p.type_mean + (k - 1) * m.mu
        scale = (abs(p.alpha * p.state_mean) + abs(p.beta * p.type_mean)
                 + ((n - 1) * abs(p.gamma) + 1) * abs(m.mu) + 1.0)
        return {
            "obedience_mean": rm / scale,
            "obedience_action": (p.alpha * m.s + p.beta * m.d + k * m.c - m.v) / (sd_r * sd_a),
            "obedience_type": (p.beta * p.type_var + k * m.e - m.d) / (sd_r * sd_t),
        }

    def obedience_residuals(self) -> dict[str, np.ndarray]:
        """Scaled residuals of obedience: mean, Cov(r_i, a_i), Cov(r_i, t_i), (n,) views."""
        return {k: self._per_player(v) for k, v in self._obedience().items()}

    def _participation(self) -> float:
        p = self.params
        return p.beta * self.moments.d - p.beta ** 2 * p.type_var

    @property
    def participation_slack(self) -> np.ndarray:
        """β d − β² σ_t², a read-only (n,) view (Props 4–5; ≥ 0 for IC)."""
        return self._per_player(self._participation())

    def min_eigenvalue(self) -> float:
        """Smallest eigenvalue of the correlation matrix (its 3×3 and 2×2 blocks)."""
        p, m, n = self.params, self.moments, self.n
        sa = np.sqrt(max(m.v, 1e-300))
        rs = m.s / (np.sqrt(p.state_var) * sa)
        rd, re = (m.d / (np.sqrt(p.type_var) * sa), m.e / (np.sqrt(p.type_var) * sa))
        rc = m.c / sa ** 2
        common = np.array([[1.0, 0.0, np.sqrt(n) * rs],
                           [0.0, 1.0, rd + (n - 1) * re],
                           [np.sqrt(n) * rs, rd + (n - 1) * re, 1 + (n - 1) * rc]])
        low = float(np.linalg.eigvalsh(common)[0])
        if n > 1:
            low = min(low, float(np.linalg.eigvalsh([[1.0, rd - re], [rd - re, 1 - rc]])[0]))
        return low

    def is_obedient(self, tol: float = 1e-7) -> bool:
        """All scaled obedience residuals within ``tol``."""
        tol = check_positive(tol, "tol", "GaussianMechanism.is_obedient")
        return all(abs(v) <= tol for v in self._obedience().values())

    def is_incentive_compatible(self, tol: float = 1e-7) -> bool:
        """Obedient and β d ≥ β² σ_t² (up to ``tol`` relative)."""
        tol = check_positive(tol, "tol", "GaussianMechanism.is_incentive_compatible")
        p = self.params
        scale = p.beta ** 2 * p.type_var + 1e-300
        return self.is_obedient(tol) and self._participation() >= -tol * scale

    def residuals(self, obedience: bool, ic: bool) -> dict[str, float]:
        """Largest breach per constraint label, as :func:`mechdesign.result.verify`."""
        out = {"psd": max(0.0, -self.min_eigenvalue())}
        if obedience:
            out.update({k: abs(float(v)) for k, v in self._obedience().items()})
        if ic:
            p = self.params
            scale = p.beta ** 2 * p.type_var
            out["participation"] = max(0.0, -self._participation() / (scale if scale > 0 else 1.0))
        return out

    # ------------------------------------------------------------ values
    def value(self, objective) -> float:
        """Value of any objective (a name, an Objective or a matrix), from the moments."""
        obj = objectives.resolve(self.game, objective, "GaussianMechanism.value")
        total = self.n * reduced_coefficients(obj, self.params).per_player(self.moments)
        return total - self.n * self._ex_ante_rent if obj.minus_rent else total

    def welfare(self) -> float:
        """Σ_i E u_i."""
        return self.value("welfare")

    def revenue(self) -> float:
        """Σ_i E p_i = welfare − ex-ante rents (eq. 23)."""
        return self.value("revenue")

    def consumer_surplus(self) -> float:
        """Expected consumer surplus (market games only)."""
        return self.value("consumer_surplus")

    # ------------------------------------------------------------ rents and payments
    @cached_property
    def _rent_level(self) -> np.ndarray:
        """W, the least constant of the participation LMI (mechdesign.rents), (n,) view."""
        p, m = self.params, self.moments
        g, z = (0.0, 0.0) if p.threatened else (p.beta ** 2, p.alpha * p.state_mean + p.beta * p.type_mean)
        level = rents.least_rent_constant(*np.float64([p.beta, m.mu, m.d, p.type_var, g, z]))
        return self._per_player(float(level))

    @property
    def _ex_ante_rent(self) -> float:
        return float(self._rent_level[0]) + self.params.beta * self.moments.d / 2

    @property
    def ex_ante_rent(self) -> np.ndarray:
        """E V_i = W + β d / 2, a read-only (n,) view (Cor 3)."""
        return self._per_player(self._ex_ante_rent)

    def interim_utility(self, i: int, t) -> np.ndarray:
        """U_i(t) = E[u_i | t_i = t], gross of payments, from the moments given t_i."""
        _, t = self._player_type(i, t, "interim_utility")
        p, m, n = self.params, self.moments, self.n
        tau = t - p.type_mean
        own = m.mu + m.d / p.type_var * tau          # E[a_i | t_i]
        rival = m.mu + m.e / p.type_var * tau        # E[a_j | t_i]
        cross = m.c - m.d * m.e / p.type_var          # Cov(a_i, a_j | t_i)
        var = m.v - m.d ** 2 / p.type_var             # Var(a_i | t_i)
        return (p.alpha * (m.s + own * p.state_mean) + p.beta * (p.type_mean + tau) * own
                + (n - 1) * p.gamma * (cross + own * rival) - (var + own ** 2) / 2)

    @property
    def zero_action_type(self) -> np.ndarray:
        """t* = μ_t − μ σ_t²/d, the type whose expected action is 0 (Prop 5), (n,) view."""
        p, m = self.params, self.moments
        with np.errstate(divide="ignore", invalid="ignore"):
            return self._per_player(p.type_mean - np.float64(m.mu) * p.type_var / m.d)

    @property
    def off_path_interaction(self) -> np.ndarray:
        """Σ_j G_ij E[a_j] a non-participant is threatened with: −(α μ_θ + β t*), (n,) view.

        nan when n = 1 or γ = 0 (no threat is possible, Lemma 1).
        """
        p, m = self.params, self.moments
        if not p.threatened:
            return self._per_player(np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            b_tstar = p.beta * p.type_mean - (0.0 if p.beta == 0 else
                                              np.float64(p.beta ** 2 * p.type_var * m.mu) / (p.beta * m.d))
        return self._per_player(-(p.alpha * p.state_mean + b_tstar))

    @property
    def off_path_action(self) -> np.ndarray:
        """A* = −(α μ_θ + β t*)/γ, the rivals' aggregate off-path action (Prop 5), (n,) view."""
        if not self.params.threatened:
            return self._per_player(np.nan)
        return self._per_player(float(self.off_path_interaction[0]) / self.params.gamma)

    # ------------------------------------------------------------ sampling
    def sample(self, size: int, rng=None) -> np.ndarray:
        """Draws of z = (θ, types, actions), shape (size, 2n+1), in O(n) per draw."""
        size = check_integer(size, "size", "GaussianMechanism.sample", 0)
        rng = np.random.default_rng(rng)
        p, m, w, n = self.params, self.moments, self.weights, self.n
        theta = rng.standard_normal((size, 1)) * np.sqrt(p.state_var)
        tau = rng.standard_normal((size, n)) * np.sqrt(p.type_var)
        xi = rng.standard_normal((size, n))
        xi_bar = xi.mean(axis=1, keepdims=True)
        nu, kappa = self.noise_var, self.noise_rival_cov
        idio, common = np.sqrt(max(nu - kappa, 0.0)), np.sqrt(max(nu + (n - 1) * kappa, 0.0))
        actions = (m.mu + float(w.state[0]) * theta + (w.own - w.rival) * tau
                   + w.rival * tau.sum(axis=1, keepdims=True)
                   + idio * (xi - xi_bar) + common * xi_bar)
        return np.hstack([p.state_mean + theta, p.type_mean + tau, actions])

    # ------------------------------------------------------------ display
    def __repr__(self) -> str:
        return (f"<SymmetricMechanism n={self.n} welfare={self.welfare():.6g} "
                f"noise_var={self.noise_var:.3g}>")

    def __str__(self) -> str:
        m, w = self.moments, self.weights
        rent = self._ex_ante_rent
        threat = float(self.off_path_action[0])
        lines = ["SymmetricMechanism (every player alike; order: state, types, actions)",
                 f"  {'players':>8} {'mean':>10} {'state':>10} {'own type':>10} {'rival':>10} "
                 f"{'noise var':>10} {'noise corr':>10} {'rent':>10} {'off-path A':>10}",
                 f"  {self.n:>8} {m.mu:>10.5g} {float(w.state[0]):>10.5g} {w.own:>10.5g} "
                 f"{w.rival:>10.5g} {max(self.noise_var, 0):>10.4g} {self.noise_rival_corr:>10.4g} "
                 f"{rent:>10.5g} {threat:>10.5g}",
                 f"  welfare {self.welfare():.8g}",
                 f"  revenue {self.revenue():.8g}   rents {self.n * rent:.8g}"]
        return "\n".join(lines)

