r"""The Lagrangian dual of the symmetric program: a certified bound from four scalars.

Definitions
-----------
In normalised variables (θ̃ = θ/σ_θ, t̃ = t/σ_t, ã = a/s with the action scale s of
:mod:`mechdesign.symmetric`) the designer's program with the mean fixed is
(``shared/design/dual-route.md`` §1)

.. math::  \max\ c_0 + \langle K, V\rangle + \langle L, C\rangle - \textstyle\sum_i \rho_i(e_i)
           \quad\text{s.t.}\quad V - C^\top C \succeq 0,\ \text{obedience},\ e_i \ge \tilde\beta^2,

with C = Cov(f̃, ã), V = Var(ã) and e_i = β̃ C_ii. Its dual (§2) with multipliers y
(action obedience), z (type obedience), w ≥ 0 (participation) and λ (rent link) is

.. math::  D = c_0 + \textstyle\sum_i z_i\tilde\beta - \sum_i w_i\tilde\beta^2
           + \tfrac14\operatorname{tr}(H^\top H M^{-1}) + \sum_i r^*(\lambda_i),

:math:`M = -K - \operatorname{sym}(\operatorname{diag}(y)A)`, and **every** multiplier
with M ≻ 0 gives an upper bound on the value of every feasible mechanism (weak duality).
D is convex and invariant to relabelling the players, so its minimum is attained at
symmetric multipliers y·1, z·1, w·1, λ·1. Then M, H′H and K lie in the algebra spanned
by I and J, and D is a closed-form function of four scalars through the eigenvalues on
**1** and on its complement:

.. math::  \tfrac14\operatorname{tr}(H^\top H M^{-1}) =
           \tfrac14\Big[\frac{n h_0^2 + (p + (n-1) r)^2}{M_1}
                        + (n-1)\frac{(p - r)^2}{M_\perp}\Big].

Nothing here is n×n, so the bound costs O(1) at any n.

Rents (revenue, data-monetization Cor 3 and :mod:`mechdesign.rents`) with κ = λ/β̃ + q/2:
a threatened player has rent q(e/2 + β̃²μ̃²/(2e)) and conjugate −√(2κq β̃²μ̃²); an
unthreatened one (n = 1 or γ = 0) has q(z̃²/2 + e/2 + β̃²(μ̃ − z̃)²/(2(e − β̃²))) and
conjugate −qz̃²/2 − κβ̃² − √(2κqβ̃²(μ̃ − z̃)²). Under delegation without rents the mean is
free: y = z = 0 and c_0 is the maximum over the mean of the concave mean part.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["SymmetricDual", "symmetric_certificate"]


@dataclass(frozen=True)
class SymmetricDual:
    """Normalised data of a symmetric program (n players, per-player coefficients).

    ``k_a``, ``k_b``: K = k_a I + k_b (J − I); ``l0``: row 0 of L; ``l_d``, ``l_e``:
    type rows of L = l_d I + l_e (J − I); ``const``: c_0 (total).
    """

    n: int
    gamma: float
    alpha: float
    beta: float
    q: float
    k_a: float
    k_b: float
    l0: float
    l_d: float
    l_e: float
    const: float
    obedience: bool
    ic: bool
    rent: bool
    rent_c: float
    rent_g: float
    rent_k: float
    const_size: float = 0.0      # Σ |terms| of const: its rounding scale

    @classmethod
    def build(cls, prm, coef, scales, *, obedience: bool, ic: bool) -> SymmetricDual | None:
        """From :class:`~mechdesign.symmetric.SymmetricParams`, its
        :class:`~mechdesign.symmetric.Coefficients` and the scales (σ_θ, σ_t, s).
        None when no certificate is derived (delegation with rents, or an unbounded mean)."""
        n, (sth, st, sa) = prm.n, scales
        if not obedience and coef.minus_rent:
            return None
        if obedience:
            mu = prm.mean_action
            mean_part = coef.m1 * mu + coef.m2 * mu ** 2
        elif coef.m2 < 0:
            mean_part = -coef.m1 ** 2 / (4 * coef.m2)
        elif coef.m2 == 0 and coef.m1 == 0:
            mean_part = 0.0
        else:
            return None
        off = 1.0 / (n - 1) if n > 1 else 0.0
        alpha, beta, q = prm.alpha * sth / sa, prm.beta * st / sa, sa ** 2
        rent = coef.minus_rent and beta != 0
        rent_c = rent_g = rent_k = 0.0
        const = n * (coef.k0 + coef.m0 + mean_part)
        mu_abs = abs(prm.mean_action) if obedience else 0.0
        const_size = n * (abs(coef.k0) + abs(coef.m0) + abs(coef.m1) * mu_abs + abs(coef.m2) * mu_abs ** 2
                          + abs(mean_part))
        if coef.minus_rent:
            mu_t = prm.mean_action / sa
            if prm.threatened:
                rent_c = q * beta ** 2 * mu_t ** 2
            else:
                # an unthreatened player's type obedience pins e = β̃², so its rent is the
                # constant reservation utility q(z̃² + β̃²)/2 (μ = z under eq. 10)
                z_t = (prm.alpha * prm.state_mean + prm.beta * prm.type_mean) / sa
                constant = q * (z_t ** 2 + beta ** 2) / 2
                const -= n * constant
                const_size += n * constant
                rent = False
        # Under obedience an unthreatened player's type obedience pins e = β̃² (IC holds
        # with equality), so its IC multiplier would be redundant with z: drop it.
        ic_free = ic and beta != 0 and (prm.threatened or not obedience)
        return cls(n, prm.gamma, alpha, beta, q, coef.kv * q, coef.kc * q * off,
                   coef.ks * sth * sa, coef.kd * st * sa, coef.ke * st * sa * off, const,
                   obedience, ic_free, rent, rent_c, rent_g, rent_k, const_size)

    # ---------------------------------------------------------------- the dual function
    def _pieces(self):
        """D = const + lin·x + Σ coef·ℓ(x)²/m(x) [+ n r*(λ)], x = (y, z, w, λ), ℓ and m affine."""
        n, g, a, b = self.n, self.gamma, self.alpha, self.beta
        m1 = (np.array([1 - (n - 1) * g, 0, 0, 0]), -self.k_a - (n - 1) * self.k_b)
        mp = (np.array([1 + g, 0, 0, 0]), -self.k_a + self.k_b)
        h0 = (np.array([a, 0, 0, 0]), self.l0)
        h1 = (np.array([b, (n - 1) * g - 1, b, 1]), self.l_d + (n - 1) * self.l_e)
        hp = (np.array([b, -1 - g, b, 1]), self.l_d - self.l_e)
        pieces = [(n / 4, h0, m1), (0.25, h1, m1)]
        if n > 1:
            pieces.append(((n - 1) / 4, hp, mp))
        lin = np.array([0.0, n * b, -n * b ** 2, 0.0])
        return pieces, lin

    def derivatives(self, x4: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        """D, its gradient and Hessian at the full multiplier vector x4 = (y, z, w, λ)
        (value +inf outside the domain)."""
        pieces, lin = self._pieces()
        val, grad, hess = self.const + lin @ x4, lin.copy(), np.zeros((4, 4))
        for coef, (lv, l0), (mv, m0) in pieces:
            ell, m = lv @ x4 + l0, mv @ x4 + m0
            if m <= 0:
                return np.inf, grad, hess
            u = lv - (ell / m) * mv
            val += coef * ell ** 2 / m
            grad += coef * (2 * ell / m * lv - (ell / m) ** 2 * mv)
            hess += coef * 2 / m * np.outer(u, u)
        if self.rent:
            kappa = x4[3] / self.beta + self.q / 2
            if kappa < 0 or (kappa == 0 and self.rent_c > 0):
                return np.inf, grad, hess
            dk = 1 / self.beta
            root = np.sqrt(2 * self.rent_c)
            val += self.n * (-self.rent_k - kappa * self.rent_g - root * np.sqrt(kappa))
            grad[3] += self.n * dk * (-self.rent_g - (root / (2 * np.sqrt(kappa)) if root else 0.0))
            hess[3, 3] += self.n * dk ** 2 * (root / (4 * kappa ** 1.5) if root else 0.0)
        return float(val), grad, hess

    def rounding(self, x) -> float:
        """A bound on the floating-point error of :meth:`value` at x (first order, with a
        relative error of 1e-15 in every affine function and constant)."""
        eps = 1e-15
        x4 = self.full(x)
        pieces, lin = self._pieces()
        err = max(abs(self.const), self.const_size) + float(np.abs(lin) @ np.abs(x4))
        for coef, (lv, l0), (mv, m0) in pieces:
            ell, m = lv @ x4 + l0, max(mv @ x4 + m0, 1e-300)
            size_l, size_m = np.abs(lv) @ np.abs(x4) + abs(l0), np.abs(mv) @ np.abs(x4) + abs(m0)
            err += abs(coef) * (2 * abs(ell) * size_l / m + ell ** 2 / m * size_m / m)
        if self.rent:
            err += self.n * (abs(self.rent_k) + abs(x4[3] / self.beta) * (self.rent_g + 1) + self.q)
        return 10 * eps * err

    def value(self, x) -> float:
        """D at the free multipliers x; +inf outside the dual domain."""
        x4 = self.full(x)
        if x4[2] < 0:
            return np.inf
        return self.derivatives(x4)[0]

    @property
    def free(self) -> np.ndarray:
        """Which of (y, z, w, λ) are multipliers of this program."""
        return np.array([self.obedience, self.obedience, self.ic, self.rent])

    def full(self, x) -> np.ndarray:
        """(y, z, w, λ) from the free coordinates (the others are 0)."""
        x4 = np.zeros(4)
        x4[self.free] = np.atleast_1d(np.asarray(x, dtype=float))
        return x4

    def start(self, s: float, d: float, e: float) -> np.ndarray:
        """Multipliers from a primal point (normalised s̃, d̃, ẽ) by stationarity in C and
        the rent link (H = 2CM, λ = −q β̃ ρ′(e)), in the least-squares sense."""
        n, g = self.n, self.gamma
        c1, cp = d + (n - 1) * e, d - e
        lam = 0.0
        if self.rent:
            u = self.beta * d - self.rent_g
            lam = self.beta * ((self.rent_c / (2 * u ** 2) if u > 0 else 0.0) - self.q / 2)
        b1, bp = 1 - (n - 1) * g, 1 + g          # dM1/dy, dMp/dy
        k1, kp = -self.k_a - (n - 1) * self.k_b, -self.k_a + self.k_b
        rows = [[self.alpha - 2 * s * b1, 0.0, 0.0, 2 * s * k1 - self.l0],
                [self.beta - 2 * c1 * b1, (n - 1) * g - 1, self.beta,
                 2 * c1 * k1 - self.l_d - (n - 1) * self.l_e - lam]]
        if n > 1:
            rows.append([self.beta - 2 * cp * bp, -g - 1, self.beta, 2 * cp * kp - self.l_d + self.l_e - lam])
        rows = np.array(rows)
        binding = self.ic and self.beta * d - self.beta ** 2 <= 1e-6 * self.beta ** 2
        cols = [i for i, keep in enumerate((self.obedience, self.obedience, binding)) if keep]
        sol = np.linalg.lstsq(rows[:, cols], rows[:, 3], rcond=None)[0] if cols else []
        x4 = np.zeros(4)
        x4[cols] = sol
        x4[2], x4[3] = max(x4[2], 0.0), lam
        return x4[self.free]


def _inside(dual: SymmetricDual, x: np.ndarray) -> np.ndarray:
    """Move x into the dual domain: raise y until M ≻ 0 (M grows with y in the admissible
    range of γ) and λ until κ > 0."""
    x4 = dual.full(x)
    if dual.rent and x4[3] / dual.beta + dual.q / 2 <= 1e-9 * dual.q:
        x4[3] = dual.beta * (1e-9 - 0.5) * dual.q          # κ = λ/β̃ + q/2 > 0
    step = max(dual.q, abs(x4[0]))
    for _ in range(200):
        if np.isfinite(dual.derivatives(x4)[0]) or not dual.obedience:
            break
        x4[0] += step
        step *= 2
    return x4[dual.free]


def _barrier_rows(dual: SymmetricDual) -> list[tuple[np.ndarray, float]]:
    """The affine functions kept positive: M1, M⊥ (n > 1), w (IC), κ (rent)."""
    n, g = dual.n, dual.gamma
    rows = [(np.array([1 - (n - 1) * g, 0, 0, 0]), -dual.k_a - (n - 1) * dual.k_b)]
    if n > 1:
        rows.append((np.array([1 + g, 0, 0, 0]), -dual.k_a + dual.k_b))
    if dual.ic:
        rows.append((np.array([0, 0, 1.0, 0]), 0.0))
    if dual.rent:
        rows.append((np.array([0, 0, 0, 1 / dual.beta]), dual.q / 2))
    free = dual.free
    return [(a[free], a0) for a, a0 in rows if np.any(a[free])]


def _barrier_newton(dual: SymmetricDual, x: np.ndarray, *,
                    rel_tol: float = 1e-11) -> tuple[np.ndarray, np.ndarray, float]:
    """min D by a log-barrier Newton method (dual-route.md §3 on four scalars).

    At the minimiser x_μ of D − μ Σ log ℓ_j(x) (ℓ_j the affine functions that must stay
    positive), D(x_μ) − min D ≤ μ·(number of ℓ_j); μ falls by 10 per centring until that
    is below ``rel_tol``·|D|. Returns the iterate with the least D (every iterate is
    dual-feasible), the last iterate, centred, and its μ.
    """
    free, rows = dual.free, _barrier_rows(dual)
    x = x.copy()
    best_x = x
    if dual.ic:
        k = int(np.sum(free[:2]))
        x[k] = max(x[k], 1e-6 * dual.q)

    def phi(x, mu):
        d, grad, hess = dual.derivatives(dual.full(x))
        val, grad, hess = d, grad[free], hess[np.ix_(free, free)]
        for a, a0 in rows:
            ell = a @ x + a0
            if ell <= 0:
                return np.inf, grad, hess, np.inf
            val = val - mu * np.log(ell)
            grad = grad - mu * a / ell
            hess = hess + mu * np.outer(a, a) / ell ** 2
        return val, grad, hess, d

    d0 = dual.value(x)
    if not np.isfinite(d0):
        return x, x, 0.0
    best = d0
    mu = 1e-2 * max(1.0, abs(d0))
    for _ in range(400):
        f, g, h, d = phi(x, mu)
        if d < best:
            best, best_x = d, x
        step = -np.linalg.lstsq(h + 1e-300 * np.eye(h.shape[0]), g, rcond=None)[0]
        decrement = float(-g @ step)
        if decrement < 0.25 * mu or not np.isfinite(decrement):
            if mu * len(rows) <= rel_tol * max(1.0, abs(best)):
                break
            mu /= 10
            continue
        t = 1.0
        while t > 1e-14:
            trial = x + t * step
            ft = phi(trial, mu)[0]
            if ft <= f - 1e-4 * t * decrement:
                break
            t /= 2
        else:
            if mu * len(rows) <= rel_tol * max(1.0, abs(best)):
                break
            mu /= 10
            continue
        x = trial
    for _ in range(30):                 # centre the last iterate: its primal point is feasible
        f, g, h, d = phi(x, mu)
        step = -np.linalg.lstsq(h, g, rcond=None)[0]
        if not float(-g @ step) > 1e-22 * max(1.0, abs(f)) or not np.isfinite(phi(x + step, mu)[0]):
            break
        x = x + step
    if dual.value(x) < best:
        best_x = x
    return best_x, x, mu


def _primal(dual: SymmetricDual, x: np.ndarray, mu: float) -> tuple[float, ...]:
    """Normalised moments (s̃, d̃, ẽ, ṽ, c̃) of the primal point of a centred iterate:
    C = ½HM⁻¹ and V = C′C + N with the barrier's noise N = μ(P₁/M₁ + P⊥/((n−1)M⊥)), P₁ = J/n
    (dual-route.md §3: the barrier's gradient is the vector of its residuals)."""
    n, x4 = dual.n, dual.full(x)
    pieces, _ = dual._pieces()
    (_, (l0v, l0c), (m1v, m1c)), (_, (l1v, l1c), _) = pieces[:2]
    m1 = m1v @ x4 + m1c
    s_t, c1 = (l0v @ x4 + l0c) / (2 * m1), (l1v @ x4 + l1c) / (2 * m1)
    v1 = n * s_t ** 2 + c1 ** 2 + mu / m1
    if n == 1:
        return s_t, c1, 0.0, v1, 0.0
    (_, (lpv, lpc), (mpv, mpc)) = pieces[2]
    mp = mpv @ x4 + mpc
    cp = (lpv @ x4 + lpc) / (2 * mp)
    vp = cp ** 2 + mu / ((n - 1) * mp)
    return (s_t, (c1 + (n - 1) * cp) / n, (c1 - cp) / n, (v1 + (n - 1) * vp) / n, (v1 - vp) / n)


def symmetric_certificate(dual: SymmetricDual | None, s: float, d: float,
                          e: float) -> tuple[float, tuple[float, ...] | None]:
    """(bound, moments): the least dual value found from the primal point (s̃, d̃, ẽ) — a
    certified upper bound on the total objective, nan when no certificate exists — and
    the normalised moments (s̃, d̃, ẽ, ṽ, c̃) of the dual's own primal point (None if none)."""
    if dual is None:
        return float("nan"), None
    if not dual.free.any():
        return dual.value([]), _primal(dual, np.zeros(0), 0.0)
    best_x, last, mu = _barrier_newton(dual, _inside(dual, dual.start(s, d, e)))
    best = dual.value(best_x)
    if not np.isfinite(best):
        return float("nan"), None
    return best + dual.rounding(best_x), (_primal(dual, last, mu) if mu > 0 else None)
