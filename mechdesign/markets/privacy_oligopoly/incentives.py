r"""Participation incentives of heterogeneous firms by a structured solve (reference §1.5, §2.1).

The first-order system ``(M + D) b = c`` of the engine (:mod:`mechdesign.markets.privacy_oligopoly.engine`) has a structure
that a dense solve ignores. With the rows ordered (``s_1..s_n``, then ``ŝ_S`` once per
member of ``S``) and ``v = sigma_theta^2``, ``u = Var(ŝ_S) = v - V_S``,
``w_j = Cov(s_j, ŝ_S) = u + [j in S] V_S sigma_j^2/(sigma_j^2 + tau_j^2)``:

.. math::

    M + D = B + U C U^\top,\qquad
    B_j = \begin{pmatrix} v + 2\sigma_j^2 & w_j \\ w_j & u \end{pmatrix}
    \ (j \in S),\quad B_j = v + 2\sigma_j^2\ (j \notin S),

with ``U = [1_s, w_s, 1_ŝ]`` (the indicator of the signal rows, ``w`` on the signal rows,
the indicator of the ŝ rows), ``C = [[v, 0, 0], [0, 0, 1], [0, 1, u]]`` and
``c = v 1_s + u 1_ŝ``. ``B`` is block diagonal with 2x2 blocks, so the Woodbury identity
solves the system with one 3x3 capacitance matrix in O(n) operations. Profits follow from
the profit identity ``E[pi_i] = a^2/(n+1)^2 + b_i' Var(y_i) b_i`` (§2.1).

``Delta_i`` compares ``S`` = all firms with ``S`` = all but ``i``: each deviation changes
``V_S`` by the rank-one removal of firm ``i``'s report precision, so all ``n``
incentives cost O(n^2) operations and O(n) memory per deviation — n = 1000 takes a
fraction of a second and n = 5000 about 2 s (``benchmarks/privacy_oligopoly.py``).

Where the structure degenerates — ŝ carries no information (``u = 0``: no platform
signal and every report pure noise) or a firm's signal and ŝ are collinear (``n = 2``, no
privacy, no platform signal, one sharer), so that ``M + D`` is singular — the affected
markets are recomputed by the dense pseudo-inverse engine.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mechdesign.markets.privacy_oligopoly.engine import MAX_DENSE_FIRMS, equilibrium_batch

__all__ = ["incentives_batch", "sharing_profits", "MAX_FIRMS"]

MAX_FIRMS = 5_000
_DEGENERATE = 1e-10        # relative size of a 2x2 determinant or of the capacitance pivot
_CHUNK = 2_000_000         # entries of one (batch, deviations, n) block


def _capacitance_solve(g: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve the batched 3x3 systems g y = t; flag the systems that are numerically singular.

    Singular means ``|det g|`` below ``_DEGENERATE`` times Hadamard's bound (the product
    of the row norms), which a well-conditioned matrix nearly attains.
    """
    bound = np.prod(np.linalg.norm(g, axis=-1), axis=-1)
    ok = np.abs(np.linalg.det(g)) > _DEGENERATE * bound
    safe = np.where(ok[..., None, None], g, np.eye(3))
    return np.linalg.solve(safe, t[..., None])[..., 0], ok


def sharing_profits(state_var: float, signal_var: np.ndarray, report_prec: np.ndarray,
                    platform_prec: np.ndarray, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Variance parts of the equilibrium profits, ``E[pi_j] - a^2/(n+1)^2``, by Woodbury.

    ``signal_var`` and ``report_prec = 1/(sigma_j^2 + tau_j^2)`` have shape (B, 1, n),
    ``platform_prec = 1/sigma_0^2`` shape (B, 1, 1) and ``members`` (0/1) shape (B or 1,
    K, n): K participating sets per market. Returns the profits (B, K, n) and a flag
    (B, K), False where the structure is degenerate (see the module notes).
    """
    v = float(state_var)
    z = members.astype(float)
    precision = 1.0 / v + np.sum(z * report_prec, axis=-1, keepdims=True) + platform_prec
    post = 1.0 / precision                                      # V_S, shape (B, K, 1)
    u = v - post
    w = u + z * post * report_prec * signal_var                 # Cov(s_j, ŝ_S)
    top = v + 2.0 * signal_var                                  # B_j[0, 0]
    det = top * u - w * w
    scale = top * np.maximum(u, 0.0)
    good = (z == 0) | (det > _DEGENERATE * scale)
    det = np.where(good & (z > 0), det, 1.0)

    def block_solve(a, h):
        """B^{-1} (a, h) per firm; h is ignored outside S."""
        inside = (u * a - w * h) / det, (top * h - w * a) / det
        return (np.where(z > 0, inside[0], a / top), np.where(z > 0, inside[1], 0.0))

    def project(a, h):
        """U' (a, h): sums over the signal rows, weighted by w, and over the ŝ rows."""
        return np.stack([a.sum(-1), (w * a).sum(-1), (z * h).sum(-1)], axis=-1)

    ones, zeros = np.ones_like(w), np.zeros_like(w)
    base = block_solve(v * ones, u * ones)                       # B^{-1} c
    columns = [block_solve(ones, zeros), block_solve(w, zeros), block_solve(zeros, ones)]
    gram = np.stack([project(*col) for col in columns], axis=-1)   # W = U' B^{-1} U
    u0 = u[..., 0]
    c_inv = np.zeros(gram.shape)
    c_inv[..., 0, 0] = 1.0 / v
    c_inv[..., 1, 1] = -u0
    c_inv[..., 1, 2] = c_inv[..., 2, 1] = 1.0
    y, ok = _capacitance_solve(c_inv + gram, project(*base))
    own = base[0] - sum(y[..., k, None] * columns[k][0] for k in range(3))
    hat = base[1] - sum(y[..., k, None] * columns[k][1] for k in range(3))
    profits = (v + signal_var) * own ** 2 + z * (2.0 * w * own * hat + u * hat ** 2)
    return profits, ok & np.all(good, axis=-1)


def incentives_batch(state_var: float, signal_var: np.ndarray, privacy_var: np.ndarray,
                     platform_var: np.ndarray, firms: Sequence[int] | None = None) -> np.ndarray:
    """Participation incentives Delta_i, shape (B, len(firms)), for a batch of markets (§1.5).

    ``signal_var`` and ``privacy_var`` have shape (B, n), ``platform_var`` shape (B,);
    inputs are trusted (validate with :class:`PrivacyOligopoly` first). ``firms``
    defaults to every firm. Uses the structured solve of the module notes (O(n^2) per
    market) and the dense engine where that degenerates; ``n`` up to ``MAX_FIRMS``.
    """
    signal_var = np.asarray(signal_var, dtype=float)
    batch, n = signal_var.shape
    if n > MAX_FIRMS:
        raise ValueError(f"The number of firms of incentives_batch must be at most {MAX_FIRMS} "
                         f"(the structured solve needs O(n^2) time). Got n={n} instead.")
    firms = np.arange(n) if firms is None else np.asarray(firms, dtype=int)
    with np.errstate(divide="ignore"):
        report = 1.0 / (signal_var + np.asarray(privacy_var, dtype=float))   # 0 when tau = inf
        platform = 1.0 / np.asarray(platform_var, dtype=float)                 # 0 when inf
    args = (signal_var[:, None, :], report[:, None, :], platform[:, None, None])
    out = np.empty((batch, firms.size))
    fine = np.empty((batch, firms.size), dtype=bool)
    step = max(1, _CHUNK // (batch * n))
    for start in range(0, firms.size, step):
        chosen = firms[start:start + step]
        members = np.ones((1, chosen.size + 1, n))       # row 0: everyone shares
        members[0, 1 + np.arange(chosen.size), chosen] = 0.0
        profits, ok = sharing_profits(state_var, *args, members)
        deviation = profits[:, 1 + np.arange(chosen.size), chosen]
        out[:, start:start + step] = profits[:, 0, chosen] - deviation
        fine[:, start:start + step] = ok[:, 1:] & ok[:, :1]
    return _dense_where_degenerate(state_var, signal_var, privacy_var, platform_var,
                                   firms, out, fine)


def _dense_where_degenerate(state_var, signal_var, privacy_var, platform_var, firms,
                            out, fine) -> np.ndarray:
    """Recompute degenerate (market, firm) pairs with the dense pseudo-inverse engine."""
    rows = np.flatnonzero(~np.all(fine, axis=1))
    if rows.size and signal_var.shape[1] > MAX_DENSE_FIRMS:
        raise ValueError(f"The market of incentives_batch is degenerate (see "
                         f"mechdesign.markets.privacy_oligopoly.incentives) and its n="
                         f"{signal_var.shape[1]} exceeds the dense engine's limit of "
                         f"{MAX_DENSE_FIRMS} firms.")
    n = signal_var.shape[1]
    everyone = frozenset(range(n))
    for b in rows:
        arrays = (signal_var[b:b + 1], np.asarray(privacy_var)[b:b + 1],
                  np.asarray(platform_var)[b:b + 1])
        sharing = equilibrium_batch(state_var, *arrays, everyone)[0][0]
        for k in np.flatnonzero(~fine[b]):
            i = int(firms[k])
            out[b, k] = sharing[i] - equilibrium_batch(state_var, *arrays, everyone - {i})[0][0, i]
    return out
