"""The size limit of dense matrices built on request from a structured symmetric game.

A symmetric game (:class:`mechdesign.game.SymmetricLQGame`) and its mechanisms
(:class:`mechdesign.structured.SymmetricMechanism`) are held by a few scalars. Their dense
matrices — ``interaction``, ``prior.type_cov``, ``prior.cov``, ``welfare_matrix``,
``payoff_matrix(i)``, objective matrices, ``mechanism.cov``, ``noise_cov``, ``weights.types``
— are built only when asked for, and only for at most :data:`DENSE_MAX_N` players: beyond
that a request raises ``ValueError`` stating the memory the matrix would need.
"""

from __future__ import annotations

__all__ = ["DENSE_MAX_N", "check_dense"]

#: Largest number of players for which a dense matrix of a symmetric game is built
#: (a (2n+1)×(2n+1) float64 matrix then takes at most 128 MB).
DENSE_MAX_N = 2000


def _bytes(count: int) -> str:
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= size:
            return f"{count / size:.3g} {unit}"
    return f"{count} bytes"


def check_dense(name: str, n: int, shape: tuple[int, ...]) -> None:
    """Raise ValueError when the dense ``name`` of a symmetric game with ``n`` players is too large."""
    if n <= DENSE_MAX_N:
        return
    count = 8
    for k in shape:
        count *= k
    dims = "x".join(str(k) for k in shape)
    raise ValueError(
        f"The dense {name} of a symmetric game with n={n} players is a {dims} float64 array "
        f"that would need {_bytes(count)} of memory; dense matrices are built only for "
        f"n <= {DENSE_MAX_N} (mechdesign._dense.DENSE_MAX_N). Use the structured attributes "
        "instead (the game's scalars in game.params, the mechanism's moments, weights.rival, "
        "noise_var, noise_rival_corr).")
