r"""Gaussian fundamentals: a common state and the players' private types.

Definitions
-----------
The fundamentals are :math:`f = (\theta, t_1, \dots, t_n)`. The state
:math:`\theta \sim N(\mu_\theta, \sigma_\theta^2)` is seen by the designer; type
:math:`t_i` is seen by player *i*. The state is independent of the types; the types have
means :math:`\mu_t` and a full covariance :math:`P_{tt}` (heterogeneous and correlated
players are allowed). In the order (state, types),

.. math::  m = (\mu_\theta, \mu_t), \qquad P = \operatorname{diag}(\sigma_\theta^2, P_{tt}).

The IC / participation analysis and the revenue formula (data-monetization §3, Props 4–5,
Cor 3) need independent types, i.e. a diagonal :math:`P_{tt}`; see
:attr:`GaussianPrior.independent_types`.

References
----------
.. [1] data-monetization §1.1 and §1.4 (shared/reference/data-monetization.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from mechdesign._dense import check_dense
from mechdesign._readonly import ReadOnlyArrays
from mechdesign._validation import (check_finite, check_positive, check_real_array,
                                    check_spd, check_square)

__all__ = ["GaussianPrior", "SymmetricPrior"]


@dataclass(frozen=True, eq=False)
class GaussianPrior(ReadOnlyArrays):
    r"""Prior over (state, types).

    Parameters
    ----------
    state_mean, state_var : float
        Mean and variance (> 0) of the common state θ.
    type_mean : ndarray(float, shape=(n,))
        Means of the types.
    type_cov : ndarray(float, shape=(n, n))
        Covariance of the types: symmetric positive definite. A singular covariance (a
        type that is an exact combination of the others) is refused, the message giving
        its smallest eigenvalue: the mechanism's weights :math:`\Sigma_{af}P^{-1}` (eq. 5)
        need :math:`P` invertible.

    Raises
    ------
    ValueError
        For a non-finite, negative or mis-sized entry, naming the parameter.
    TypeError
        For text, None, bools or complex numbers where real numbers are expected.
    """

    state_mean: float
    state_var: float
    type_mean: np.ndarray
    type_cov: np.ndarray

    def __post_init__(self) -> None:
        where = "GaussianPrior"
        object.__setattr__(self, "state_mean", check_finite(self.state_mean, "state_mean", where))
        object.__setattr__(self, "state_var", check_positive(self.state_var, "state_var", where))
        mean = np.atleast_1d(check_real_array(self.type_mean, "type_mean", where))
        if mean.ndim != 1 or mean.size == 0:
            raise ValueError(
                f"The 'type_mean' parameter of {where} must be a 1-d array with one entry per "
                f"player (at least one). Got array of shape {mean.shape} instead.")
        cov = np.atleast_2d(check_real_array(self.type_cov, "type_cov", where))
        cov = check_square(cov, "type_cov", where, size=mean.size)
        variances = np.diag(cov)
        if np.any(variances <= 0):
            i = int(np.argmin(variances))
            raise ValueError(
                f"The 'type_cov' parameter of {where} must have a positive diagonal (type "
                f"variances in (0, inf)). Got variance {float(variances[i])!r} for player {i} instead.")
        cov = check_spd(cov, "type_cov", where)
        mean.setflags(write=False)
        cov.setflags(write=False)
        object.__setattr__(self, "type_mean", mean)
        object.__setattr__(self, "type_cov", cov)

    @property
    def n(self) -> int:
        """Number of players."""
        return self.type_mean.size

    @property
    def type_var(self) -> np.ndarray:
        """Type variances, shape (n,)."""
        return np.diag(self.type_cov)

    @cached_property
    def mean(self) -> np.ndarray:
        """Mean of the fundamentals (state, types), shape (n+1,)."""
        return np.concatenate([[self.state_mean], self.type_mean])

    @cached_property
    def cov(self) -> np.ndarray:
        """Covariance of the fundamentals (state, types), shape (n+1, n+1)."""
        out = np.zeros((self.n + 1, self.n + 1))
        out[0, 0] = self.state_var
        out[1:, 1:] = self.type_cov
        return out

    @property
    def independent_types(self) -> bool:
        """True when the type covariance is diagonal (types are independent)."""
        off = self.type_cov - np.diag(self.type_var)
        return bool(np.all(np.abs(off) <= 1e-12 * np.max(self.type_var)))


class SymmetricPrior(GaussianPrior):
    """Prior with iid types, held by its four scalars (any number of players).

    The same attributes as :class:`GaussianPrior`: ``type_mean`` and ``type_var`` are
    read-only (n,) views of one number; the dense ``type_cov`` and ``cov`` are built on
    request only, for n up to :data:`mechdesign._dense.DENSE_MAX_N`.

    Parameters
    ----------
    state_mean, state_var : float
        Mean and variance (> 0) of the common state θ.
    type_mean, type_var : float
        Mean and variance (> 0) of every type.
    n : int
        Number of players.
    where, names : str, tuple of 4 str
        The caller and its names of the four scalars, for error messages.
    """

    def __init__(self, state_mean: float, state_var: float, type_mean: float, type_var: float,
                 n: int, *, where: str = "SymmetricPrior",
                 names: tuple[str, str, str, str] = ("state_mean", "state_var", "type_mean",
                                                     "type_var")) -> None:
        object.__setattr__(self, "state_mean", check_finite(state_mean, names[0], where))
        object.__setattr__(self, "state_var", check_positive(state_var, names[1], where))
        object.__setattr__(self, "_type_mean", check_finite(type_mean, names[2], where))
        object.__setattr__(self, "_type_var", check_positive(type_var, names[3], where))
        object.__setattr__(self, "_n", int(n))

    @property
    def n(self) -> int:
        """Number of players."""
        return self._n

    @property
    def type_mean(self) -> np.ndarray:
        """Means of the types, a read-only (n,) view."""
        return np.broadcast_to(self._type_mean, (self._n,))

    @property
    def type_var(self) -> np.ndarray:
        """Type variances, a read-only (n,) view."""
        return np.broadcast_to(self._type_var, (self._n,))

    @cached_property
    def type_cov(self) -> np.ndarray:
        """σ_t² I, (n, n), built on request."""
        check_dense("prior.type_cov", self._n, (self._n, self._n))
        out = self._type_var * np.eye(self._n)
        out.setflags(write=False)
        return out

    @cached_property
    def cov(self) -> np.ndarray:
        """diag(σ_θ², σ_t² I), (n+1, n+1), built on request."""
        check_dense("prior.cov", self._n, (self._n + 1, self._n + 1))
        return np.diag(np.concatenate([[self.state_var], np.full(self._n, self._type_var)]))

    @property
    def independent_types(self) -> bool:
        """Always True: the types are iid."""
        return True

    def __repr__(self) -> str:
        return (f"SymmetricPrior(state_mean={self.state_mean!r}, state_var={self.state_var!r}, "
                f"type_mean={self._type_mean!r}, type_var={self._type_var!r}, n={self._n})")
