"""Input validation with scikit-learn style messages.

Every check raises ``ValueError`` naming the parameter, the admissible range and the
value received, e.g.::

    The 'gamma' parameter of LQGame.symmetric must be in the open interval (-1, 0.5)
    for n=3; outside it the obedient set is unbounded (data-monetization Remark 3).
    Got 0.7 instead.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "check_finite",
    "check_positive",
    "check_nonnegative",
    "check_interval",
    "check_integer",
    "check_square",
    "check_psd",
    "check_spd",
    "check_choice",
]


def _fail(name: str, where: str, requirement: str, got: object, why: str = "") -> None:
    why = f"; {why}" if why else ""
    raise ValueError(
        f"The {name!r} parameter of {where} must be {requirement}{why}. Got {got!r} instead."
    )


def check_finite(value: float, name: str, where: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        _fail(name, where, "a real number", value)
    if not math.isfinite(x):
        _fail(name, where, "a finite real number", value)
    return x


def check_positive(value: float, name: str, where: str, why: str = "") -> float:
    x = check_finite(value, name, where)
    if x <= 0:
        _fail(name, where, "a float in the open interval (0, inf)", value, why)
    return x


def check_nonnegative(value: float, name: str, where: str, why: str = "") -> float:
    x = check_finite(value, name, where)
    if x < 0:
        _fail(name, where, "a float in the half-open interval [0, inf)", value, why)
    return x


def check_interval(
    value: float,
    name: str,
    where: str,
    low: float,
    high: float,
    closed: str = "neither",
    why: str = "",
) -> float:
    """Check ``low <(=) value <(=) high``; ``closed`` is 'neither', 'left', 'right' or 'both'."""
    x = check_finite(value, name, where)
    left_ok = x >= low if closed in ("left", "both") else x > low
    right_ok = x <= high if closed in ("right", "both") else x < high
    if not (left_ok and right_ok):
        lb = "[" if closed in ("left", "both") else "("
        rb = "]" if closed in ("right", "both") else ")"
        kind = {"neither": "open", "both": "closed"}.get(closed, "half-open")
        _fail(name, where, f"a float in the {kind} interval {lb}{low:g}, {high:g}{rb}", value, why)
    return x


def check_integer(value: int, name: str, where: str, low: int, high: float = math.inf) -> int:
    if isinstance(value, bool) or not float(value).is_integer():
        _fail(name, where, f"an integer in the range [{low}, {high}]", value)
    k = int(value)
    if not low <= k <= high:
        hi = "inf)" if high == math.inf else f"{int(high)}]"
        _fail(name, where, f"an integer in the range [{low}, {hi}", value)
    return k


def check_square(matrix, name: str, where: str, size: int | None = None) -> np.ndarray:
    a = np.asarray(matrix, dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        _fail(name, where, "a square matrix", f"array of shape {a.shape}")
    if size is not None and a.shape[0] != size:
        _fail(name, where, f"a {size}x{size} matrix", f"array of shape {a.shape}")
    if not np.all(np.isfinite(a)):
        _fail(name, where, "a matrix of finite entries", "a matrix with nan or inf entries")
    return a


def _symmetric(a: np.ndarray, name: str, where: str) -> np.ndarray:
    scale = max(1.0, float(np.max(np.abs(a))))
    asym = float(np.max(np.abs(a - a.T)))
    if asym > 1e-10 * scale:
        _fail(name, where, "symmetric", f"a matrix with max |A - A.T| = {asym:.3g}")
    return (a + a.T) / 2


def check_psd(matrix, name: str, where: str, size: int | None = None) -> np.ndarray:
    """Symmetric positive semidefinite; the message reports the smallest eigenvalue."""
    a = _symmetric(check_square(matrix, name, where, size), name, where)
    low = float(np.linalg.eigvalsh(a)[0]) if a.size else 0.0
    if low < -1e-10 * max(1.0, float(np.max(np.abs(a)))):
        _fail(name, where, "positive semidefinite",
              f"a matrix whose smallest eigenvalue is {low:.4g}")
    return a


def check_spd(matrix, name: str, where: str, size: int | None = None) -> np.ndarray:
    """Symmetric positive definite; the message reports the smallest eigenvalue."""
    a = _symmetric(check_square(matrix, name, where, size), name, where)
    low = float(np.linalg.eigvalsh(a)[0]) if a.size else 1.0
    if low <= 1e-12 * max(1.0, float(np.max(np.abs(a)))):
        _fail(name, where, "positive definite",
              f"a matrix whose smallest eigenvalue is {low:.4g}")
    return a


def check_choice(value, name: str, where: str | None, choices: tuple) -> object:
    """Raise ValueError unless ``value`` is one of ``choices``; ``where`` may be None."""
    if value not in choices:
        of = f" of {where}" if where else ""
        raise ValueError(f"The {name!r} parameter{of} must be one of "
                         f"{', '.join(map(repr, choices))}. Got {value!r} instead.")
    return value
