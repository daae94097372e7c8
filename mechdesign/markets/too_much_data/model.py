r"""Data markets with leakage: Acemoglu, Makhdoumi, Malekian and Ozdaglar, "Too Much Data".

Reference: ``shared/reference/too-much-data.md`` (only the paper's online appendix
survived; items marked [INFERRED] there are reconstructed and implemented as specified).

Definitions (reference §1.1–§1.4)
---------------------------------
Types ``X ~ N(0, Σ)`` with ``Σ ≻ 0``; user i's data are ``S_i = X_i + Z_i`` with unit,
independent noise. A *sharing set* ``S ⊆ V = {0, …, n-1}`` (0-based here; the reference
is 1-based) is the set of users whose data the platform receives.

* Leaked information (§1.2)::

      I_i(S) = σ_i² − Var(X_i | S_S) = Σ[i,S] (I + Σ[S,S])⁻¹ Σ[S,i]
      P(S)   = (Σ⁻¹ + D_S)⁻¹  (posterior covariance, the information form)
      L(S)   = Σ − P(S)       (leak matrix, ``I_i(S) = L(S)_ii``)

* Own marginal, what the platform pays for: for ``i ∈ S``
  ``m_i(S) = I_i(S) − I_i(S∖{i}) = P_ii² / (1 − P_ii)``; ``m_i(S) = 0`` otherwise.
* Payoffs (§1.3): user ``u_i = a_i p_i − v_i I_i(S)``; platform
  ``U = Σ_i I_i(S) − Σ_{i∈S} p_i``; surplus ``W(S) = Σ_i (1 − v_i) I_i(S)``.
* Equilibrium (§1.4): the cheapest prices supporting S are ``p_i = v_i m_i(S)``; the
  platform picks ``S^E = argmax Π(S)``, ``Π(S) = Σ_i I_i(S) − Σ_{i∈S} v_i m_i(S)``; every
  user then gets ``u_i = −v_i I_i(S^E∖{i})``. The first best is ``S^W = argmax W(S)``.
* Proposition 3: ``W(S^E) ≤ Σ_{V^(l)} (1 − v_i) I_i(V) − Σ_{V^(h)} (v_i − 1) I_i(V^(l))``
  with ``V^(l) = {i : v_i ≤ 1}``.
* Mediated sharing, idealised reading of Theorem 6 (§1.7, flag F7): a sharer leaks
  ``I_i(S)``, a non-sharer 0; the platform then maximises ``Σ_{i∈S} (1 − v_i) I_i(S)``.
  The implementable full-transform reading is ``reading="full_transform"``.

Computation
-----------
Leaks for one set use one Cholesky factorisation of ``I + Σ[S,S]`` for all users (n in the
thousands is fine). Argmax problems over sharing sets are combinatorial (§3.1(d)): they are
solved by exact enumeration of all ``2^n`` sets, vectorised over bitmasks. Masks are
grown bit by bit with the rank-one update ``P(S ∪ {j}) = P − P e_j e_jᵀ P / (1 + P_jj)``,
so each set costs ``O(n²)``; n ≤ ``MAX_ENUMERATION_USERS``. For exchangeable communities of
any size use ``Communities``. Ties (within 1e-12) go to the larger set, then
to the smaller bitmask (flag F14); indifferent users share.

Convex programs (§3.1)
----------------------
The questions that are also convex programs are methods with ``method="auto" |
"closed_form" | "program"``: ``user_leak`` (§3.1(a)), ``total_leak`` (§3.1(b)) and
``optimal_disclosure`` (§3.1(e)) take their closed form by default; ``disclosure_margin``
(§3.1(e)) and ``relaxation`` (§3.1(c)) are programs only, so ``method="closed_form"``
raises ValueError. Either route returns a ``ProgramResult``: status ``"exact"`` for a closed
form, ``"optimal"`` for a program only when its certificate closes (``.programs``).

Beware: all numbers are totals over users. Bit ``i`` of a mask is user ``i``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike
from scipy import linalg

from mechdesign._readonly import ReadOnlyArrays
from mechdesign._validation import (
    check_choice,
    check_finite,
    check_integer,
    check_interval,
    check_nonnegative,
    check_spd,
    check_vector,
)
from mechdesign.markets._inputs import real_array

from .enumeration import (
    MAX_ENUMERATION_USERS,
    MAX_TABLE_USERS,
    Sharing,
    check_size,
    grow_posteriors,
    mask_to_set,
    members,
    select_mask,
)
from .inefficiency import EfficiencyCheck, theorem3
from .mediated import READINGS, MediatedOutcome, all_transformed_leaks, transformed_leaks
from .outcomes import SharingOutcome, SharingTable
from . import programs
from .programs import ProgramResult

__all__ = ["DataMarket"]

_BLOCK_ENTRIES = 2_000_000
_ROUTES = ("auto", "closed_form", "program")


@dataclass(frozen=True, eq=False)
class DataMarket(ReadOnlyArrays):
    """Users with type covariance ``cov`` (n×n, SPD) and privacy values ``privacy`` (n,)."""

    cov: np.ndarray
    privacy: np.ndarray

    def __post_init__(self) -> None:
        cov = check_spd(real_array(self.cov, "cov", "DataMarket", ndim=2), "cov", "DataMarket")
        privacy = real_array(self.privacy, "privacy", "DataMarket", ndim=1)   # a private copy
        if privacy.shape != (cov.shape[0],):
            raise ValueError(
                f"The 'privacy' parameter of DataMarket must have one value per user "
                f"(shape ({cov.shape[0]},) to match 'cov'). Got shape {privacy.shape} instead.")
        for i, value in enumerate(privacy):
            check_nonnegative(value, f"privacy[{i}]", "DataMarket")
        cov.setflags(write=False)
        privacy.setflags(write=False)
        object.__setattr__(self, "cov", cov)
        object.__setattr__(self, "privacy", privacy)

    @classmethod
    def equicorrelated(cls, *, n: int, rho: float,
                       privacy: float | Iterable[float]) -> DataMarket:
        """``equi(n, ρ)``: unit variances, all correlations ρ (reference §4).

        ρ must lie in ``(−1/(n−1), 1)`` for a positive definite covariance.
        """
        where = "DataMarket.equicorrelated"
        n = check_integer(check_finite(n, "n", where), "n", where, 1)
        low = -1 / (n - 1) if n > 1 else -np.inf
        rho = check_interval(rho, "rho", where, low, 1.0,
                             why=f"outside it equi({n}, ρ) is not positive definite")
        cov = (1 - rho) * np.eye(n) + rho * np.ones((n, n))
        values = real_array(privacy, "privacy", where, ndim=1)
        if values.size not in (1, n):
            raise ValueError(f"The 'privacy' parameter of {where} must be one value or {n} "
                             f"values. Got {values.size} instead.")
        return cls(cov, np.broadcast_to(values, (n,)).copy())

    def __repr__(self) -> str:
        return f"<DataMarket n={self.n} privacy=[{', '.join(f'{v:g}' for v in self.privacy)}]>"

    @property
    def n(self) -> int:
        return self.cov.shape[0]

    @property
    def variances(self) -> np.ndarray:
        return np.diag(self.cov)

    @property
    def low_value_users(self) -> frozenset[int]:
        """``V^(l) = {i : v_i ≤ 1}``."""
        return frozenset(np.flatnonzero(self.privacy <= 1).tolist())

    @property
    def high_value_users(self) -> frozenset[int]:
        return frozenset(range(self.n)) - self.low_value_users

    @cached_property
    def precision(self) -> np.ndarray:
        return np.linalg.inv(self.cov)

    # ---- leakage (§1.2) -------------------------------------------------------------
    def sharing_set(self, sharing: Sharing) -> np.ndarray:
        """Sorted user indices of ``sharing``; ValueError on unknown or repeated users."""
        users = np.asarray(sorted(int(i) for i in sharing), dtype=int)
        if users.size and (users[0] < 0 or users[-1] >= self.n or np.any(np.diff(users) == 0)):
            raise ValueError(
                f"The 'sharing' parameter must be a set of distinct users in "
                f"{{0, ..., {self.n - 1}}} (0-based). Got {users.tolist()} instead.")
        return users

    def _whitened(self, sharing: Sharing) -> np.ndarray:
        """``W = C⁻¹ Σ[S,:]`` with ``C Cᵀ = I + Σ[S,S]`` (Cholesky), so ``L(S) = WᵀW``."""
        users = self.sharing_set(sharing)
        if users.size == 0:
            return np.zeros((0, self.n))
        chol = linalg.cholesky(np.eye(users.size) + self.cov[np.ix_(users, users)], lower=True)
        return linalg.solve_triangular(chol, self.cov[users, :], lower=True)

    def leaks(self, sharing: Sharing) -> np.ndarray:
        """``I_i(S)`` for every user, from one Cholesky factorisation of ``I + Σ[S,S]``."""
        whitened = self._whitened(sharing)
        return np.einsum("ij,ij->j", whitened, whitened)

    def marginals(self, sharing: Sharing) -> np.ndarray:
        """Own marginals ``m_i(S) = P_ii² / (1 − P_ii)`` for sharers, 0 otherwise."""
        users = self.sharing_set(sharing)
        residual = self.variances[users] - self.leaks(users)[users]
        out = np.zeros(self.n)
        out[users] = residual ** 2 / (1 - residual)
        return out

    def leak_matrix(self, sharing: Sharing) -> np.ndarray:
        """``L(S) = Σ[:,S] (I + Σ[S,S])⁻¹ Σ[S,:]``, from the factorisation of ``leaks``."""
        whitened = self._whitened(sharing)
        return whitened.T @ whitened

    def posterior_cov(self, sharing: Sharing) -> np.ndarray:
        """Information form ``P(S) = (Σ⁻¹ + D_S)⁻¹ = Cov(X | S_S)``."""
        indicator = np.zeros(self.n)
        indicator[self.sharing_set(sharing)] = 1.0
        return np.linalg.inv(self.precision + np.diag(indicator))

    # ---- payoffs at minimal supporting prices (§1.3–1.4) ------------------------------
    def outcome(self, sharing: Sharing) -> SharingOutcome:
        users = self.sharing_set(sharing)
        leaks, marginals = self.leaks(users), self.marginals(users)
        prices = self.privacy * marginals
        utilities = prices - self.privacy * leaks
        return SharingOutcome(frozenset(users.tolist()), prices, leaks, marginals, utilities,
                              float(leaks.sum() - prices.sum()),
                              float((1 - self.privacy) @ leaks))

    def platform_payoff(self, sharing: Sharing) -> float:
        """``Π(S)``: information bought minus minimal prices."""
        return self.outcome(sharing).platform_payoff

    def surplus(self, sharing: Sharing) -> float:
        """``W(S) = Σ_i (1 − v_i) I_i(S)``."""
        return float((1 - self.privacy) @ self.leaks(sharing))

    # ---- enumeration (§3.2) ----------------------------------------------------------
    def objective_values(self, *, leak_weights: np.ndarray, marginal_weights: np.ndarray,
                         shared_leak_weights: np.ndarray | None = None) -> np.ndarray:
        """``w·I(S) + u·m(S) + z·(1_S ∘ I(S))`` for every set S (index = bitmask)."""
        shared = np.zeros(self.n) if shared_leak_weights is None else shared_leak_weights
        return np.concatenate([
            leaks @ leak_weights + marginals @ marginal_weights + (inside * leaks) @ shared
            for inside, leaks, marginals in self._blocks()])

    def best_sharing_set(self, *, leak_weights: np.ndarray, marginal_weights: np.ndarray,
                         shared_leak_weights: np.ndarray | None = None) -> frozenset[int]:
        """``argmax_S`` of ``objective_values`` by exact enumeration."""
        return mask_to_set(select_mask(self.objective_values(
            leak_weights=leak_weights, marginal_weights=marginal_weights,
            shared_leak_weights=shared_leak_weights)))

    def equilibrium(self) -> SharingOutcome:
        """Monopoly equilibrium ``S^E = argmax Π(S)`` at minimal prices (§1.4)."""
        return self.outcome(self.best_sharing_set(leak_weights=np.ones(self.n),
                                                  marginal_weights=-self.privacy))

    def first_best(self) -> SharingOutcome:
        """``S^W = argmax W(S)``."""
        return self.outcome(self.best_sharing_set(leak_weights=1 - self.privacy,
                                                  marginal_weights=np.zeros(self.n)))

    def mediated_equilibrium(self, *, reading: str = "idealised") -> SharingOutcome:
        """Theorem 6: the platform's choice when a mediator de-correlates the data (§1.7).

        ``reading="idealised"`` (the paper's, flag F7): a sharer leaks ``I_i(S)``, a
        non-sharer nothing; the platform picks ``argmax_S Σ_{i∈S} (1 − v_i) I_i(S)``.
        ``reading="full_transform"`` (implementable): the platform receives ``S̃_T = (Σ⁻¹
        S)_T`` and a sharer leaks ``Ĩ_i(T) = [(M_TT)⁻¹]_ii``, ``M = Σ⁻¹(I + Σ)Σ⁻¹``.

        Either way users are paid their whole leak, ``p_i = v_i Ĩ_i`` (``marginals`` equal
        ``leaks``), get utility 0, and profit equals surplus (Theorem 6 part 1).
        """
        check_choice(reading, "reading", "DataMarket.mediated_equilibrium", READINGS)
        if reading == "idealised":
            sharing = self.best_sharing_set(leak_weights=np.zeros(self.n),
                                            marginal_weights=np.zeros(self.n),
                                            shared_leak_weights=1 - self.privacy)
            users = self.sharing_set(sharing)
            leaks = np.zeros(self.n)
            leaks[users] = self.leaks(users)[users]
        else:
            table = all_transformed_leaks(self.cov)
            sharing = mask_to_set(select_mask(table @ (1 - self.privacy)))
            leaks = self.transformed_leaks(sharing)
        prices = self.privacy * leaks
        return SharingOutcome(sharing, prices, leaks, leaks.copy(), np.zeros(self.n),
                              float(leaks.sum() - prices.sum()),
                              float((1 - self.privacy) @ leaks))

    def mediation(self, *, reading: str = "idealised") -> MediatedOutcome:
        """Theorem 6 part 2: the mediated equilibrium next to the raw equilibrium ``a^E``."""
        return MediatedOutcome(reading, self.mediated_equilibrium(reading=reading),
                               self.equilibrium())

    def transformed_leaks(self, released: Sharing) -> np.ndarray:
        """Full-transform leaks ``[(M_TT)⁻¹]_ii`` for ``i ∈ T = released``, 0 otherwise."""
        return transformed_leaks(self.cov, users=self.sharing_set(released))

    def efficiency(self) -> EfficiencyCheck:
        """Theorem 3: which part applies, and ``W(a^E)`` against ``W(a^W)``."""
        return theorem3(self)

    def proposition3_bound(self) -> float:
        """Upper bound on ``W(S^E)``: Proposition 3 (§1.4)."""
        low = sorted(self.low_value_users)
        high = sorted(self.high_value_users)
        all_leaks, low_leaks = self.leaks(range(self.n)), self.leaks(low)
        return float((1 - self.privacy[low]) @ all_leaks[low]
                     - (self.privacy[high] - 1) @ low_leaks[high])

    # ---- questions with a convex program (§3.1): closed form or program ------------------
    def user_leak(self, sharing: Sharing, *, user: int, method: str = "auto") -> ProgramResult:
        """``I_user(S)``, one user's leak, by either route (§1.2, §3.1(a)); solution = the leak.

        ``method="closed_form"`` (what ``"auto"`` takes): ``Σ[i,S] (I + Σ[S,S])⁻¹ Σ[S,i]``
        from the Cholesky factorisation of ``leaks``, status ``"exact"``.
        ``method="program"``: the Schur-complement LMI
        ``min t  s.t.  [[t, Σ[i,S]], [Σ[S,i], I + Σ[S,S]]] ⪰ 0``, solved and certified
        (:func:`~.programs.leak_sdp`).
        """
        where = "DataMarket.user_leak"
        user = check_integer(user, "user", where, 0, self.n - 1)
        if _route(method, where) == "program":
            return programs.leak_sdp(self, user=user, sharing=sharing)
        leak = self.leaks(sharing)[user]
        return ProgramResult.exact(leak, np.array(leak),
                                   "Σ[i,S] (I + Σ[S,S])⁻¹ Σ[S,i], Cholesky (§1.2)")

    def total_leak(self, sharing: Sharing, *, weights: ArrayLike | None = None,
                   method: str = "auto") -> ProgramResult:
        """``Σ_i w_i I_i(S)`` (default ``w = 1``: all the platform learns) by either route;
        solution = the leak matrix ``L(S)`` (§1.2, §3.1(b)).

        ``method="closed_form"`` (what ``"auto"`` takes): ``L(S) = Σ[:,S] (I + Σ[S,S])⁻¹
        Σ[S,:]`` by a Cholesky factorisation, value ``Σ_i w_i L(S)_ii``, status ``"exact"``;
        any real weights. ``method="program"``: ``min Σ_i w_i T_ii`` under the block LMI
        ``[[T, Σ[:,S]], [Σ[S,:], I + Σ[S,S]]] ⪰ 0``, solved and certified
        (:func:`~.programs.leak_matrix_sdp`); it needs ``w ≥ 0`` (unbounded below
        otherwise), and its T equals ``L(S)`` where the weights are positive.
        """
        where = "DataMarket.total_leak"
        weights = np.ones(self.n) if weights is None else check_vector(weights, "weights",
                                                                       where, self.n)
        no_program = "" if np.all(weights >= 0) else (
            f"the LMI program (b) is unbounded below for negative weights (reference "
            f"§3.1(b)), and the weights are {weights.tolist()}")
        if _route(method, where, no_program=no_program) == "program":
            return programs.leak_matrix_sdp(self, sharing=sharing, weights=weights)
        matrix = self.leak_matrix(sharing)
        return ProgramResult.exact(weights @ np.diag(matrix), matrix,
                                   "L(S) = Σ[:,S] (I + Σ[S,S])⁻¹ Σ[S,:], Cholesky (§1.2)")

    def optimal_disclosure(self, *, weights: ArrayLike | None = None,
                           method: str = "auto") -> ProgramResult:
        """The best linear-Gaussian disclosure: ``max Σ_i w_i R_ii`` over ``0 ⪯ R ⪯ L(V)``,
        default ``w = 1 − v`` (surplus); solution = R (§3.1(e)).

        ``method="closed_form"`` (what ``"auto"`` takes): the sum of the positive
        eigenvalues of ``L(V)^{1/2} D L(V)^{1/2}``, ``D = diag(w)``, attained by
        ``R* = L^{1/2} Q_+ Q_+ᵀ L^{1/2}``; status ``"exact"``. ``method="program"``: the SDP,
        solved and certified (:func:`~.programs.disclosure_sdp`). It bounds the surplus of
        every sharing set and of every implementable mediation.
        """
        where = "DataMarket.optimal_disclosure"
        weights = None if weights is None else check_vector(weights, "weights", where, self.n)
        if _route(method, where) == "program":
            return programs.disclosure_sdp(self, weights=weights)
        value, disclosed = programs._disclosure_closed_form(self, weights=weights)
        return ProgramResult.exact(value, disclosed,
                                   "Σ positive eigenvalues of L(V)^½ D L(V)^½ (§3.1(e))")

    def disclosure_margin(self, leaks: ArrayLike, *, method: str = "auto") -> ProgramResult:
        """Is the leak vector ℓ implementable by some disclosure? The margin LMI of §3.1(e).

        ``max s  s.t.  R ⪰ s I,  L(V) − R ⪰ s I,  diag(R) = ℓ`` (program only,
        :func:`~.programs.disclosure_margin`): ℓ is implementable iff the certified margin
        is ≥ 0 (up to the solver's 1e-6); solution = R.
        """
        where = "DataMarket.disclosure_margin"
        _route(method, where, no_closed_form="the margin LMI of §3.1(e) has no closed form")
        return programs.disclosure_margin(self, leaks=leaks)

    def relaxation(self, *, budget: float, weights: ArrayLike | None = None,
                   method: str = "auto") -> ProgramResult:
        """The concave relaxation (c) of §3.1: ``max Σ_i w_i I_i(a)`` over intensities
        ``a ∈ [0,1]^n``, ``Σ a ≤ budget`` (``w ≥ 0``, default 1); solution = a.

        Program only (:func:`~.programs.relaxation_sdp`); an upper bound on the best
        sharing set of at most ``budget`` users.
        """
        where = "DataMarket.relaxation"
        _route(method, where, no_closed_form="the relaxation (c) of §3.1 has no closed form")
        return programs.relaxation_sdp(self, budget=budget, weights=weights)

    @cached_property
    def table(self) -> SharingTable:
        """Leaks and own marginals of all ``2^n`` sets, for n ≤ ``MAX_TABLE_USERS``."""
        check_size(self.n, limit=MAX_TABLE_USERS, what="a full table of leaks per sharing set")
        blocks = list(self._blocks())
        return SharingTable(np.concatenate([b[1] for b in blocks]),
                            np.concatenate([b[2] for b in blocks]))

    def _blocks(self) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Yield (members, leaks, marginals) over all sets, in bitmask order."""
        check_size(self.n, limit=MAX_ENUMERATION_USERS, what="exact enumeration of sharing sets")
        n = self.n
        low_bits = int(min(n, max(1, np.floor(np.log2(_BLOCK_ENTRIES / n ** 2)))))
        low_masks = np.arange(2 ** low_bits)
        for high in range(2 ** (n - low_bits)):
            start = high << low_bits
            posterior = grow_posteriors(self.precision,
                                         start_members=members(np.array([start]), n)[0],
                                         bits=low_bits)
            inside = members(start | low_masks, n)
            diag = np.diagonal(posterior, axis1=1, axis2=2)
            gap = np.where(inside == 1, 1 - diag, 1.0)
            yield inside, self.variances - diag, inside * diag ** 2 / gap




def _route(method: str, where: str, *, no_closed_form: str = "", no_program: str = "") -> str:
    """The route ``method`` selects, ``"closed_form"`` or ``"program"``.

    ``"auto"`` takes the closed form where there is one. ``no_closed_form`` /
    ``no_program`` say why that route does not apply (empty: it does); forcing it raises a
    ValueError naming ``method``.
    """
    check_choice(method, "method", where, _ROUTES)
    for route, why, other in (("closed_form", no_closed_form, "program"),
                              ("program", no_program, "closed_form")):
        if method == route and why:
            raise ValueError(f"The 'method' parameter of {where} must be 'auto' or {other!r} "
                             f"here; {why}. Got {route!r} instead.")
    if method == "auto":
        return "program" if no_closed_form else "closed_form"
    return method
