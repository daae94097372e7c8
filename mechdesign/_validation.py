"""Input validation with scikit-learn style messages.

Every check raises ``ValueError`` naming the parameter, the admissible range and the
value received, e.g.::

    The 'gamma' parameter of LQGame.symmetric must be in the open interval (-1, 0.5)
    for n=3; outside it the obedient set is unbounded (data-monetization Remark 3).
    Got 0.7 instead.

A value of the wrong type (a string, None, a complex number, a bool where a number is
expected, a number where a bool is expected) raises ``TypeError`` with the same message.
Numbers are Python or NumPy reals (``int``, ``float``, ``np.float64``, ``np.int64``, 0-d
arrays), booleans are ``bool`` or ``np.bool_``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable

import numpy as np

__all__ = [
    "check_bool",
    "check_instance",
    "check_real_array",
    "check_vector",
    "check_nonsingular",
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


def _message(name: str, where: str, requirement: str, got: object, why: str = "") -> str:
    why = f"; {why}" if why else ""
    return f"The {name!r} parameter of {where} must be {requirement}{why}. Got {got!r} instead."


def _fail(name: str, where: str, requirement: str, got: object, why: str = "") -> None:
    raise ValueError(_message(name, where, requirement, got, why))


def _fail_type(name: str, where: str, requirement: str, got: object) -> None:
    raise TypeError(_message(name, where, requirement, got))


def _is_real(value) -> bool:
    """A Python or NumPy real number, bools excluded."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def check_bool(value, name: str, where: str) -> bool:
    """``bool`` or ``np.bool_``; anything else (``"no"``, 0, None) is a TypeError."""
    if not isinstance(value, (bool, np.bool_)):
        _fail_type(name, where, "a bool (True or False)", value)
    return bool(value)


def check_instance(value, name: str, where: str, cls: type) -> object:
    """TypeError unless ``value`` is an instance of ``cls``."""
    if not isinstance(value, cls):
        _fail_type(name, where, f"a {cls.__name__}", value)
    return value


def check_finite(value: float, name: str, where: str) -> float:
    """A finite real number (TypeError for strings, None, bools and complex numbers)."""
    if not _is_real(value):
        _fail_type(name, where, "a real number", value)
    x = float(value)
    if not math.isfinite(x):
        _fail(name, where, "a finite real number", value)
    return x


def check_real_array(value, name: str, where: str) -> np.ndarray:
    """A float array of finite reals, any shape (TypeError for complex, text or None)."""
    if value is None:
        _fail_type(name, where, "a real number or an array of real numbers", value)
    try:
        a = np.asarray(value)
    except ValueError:
        _fail(name, where, "a rectangular array of real numbers", "a ragged nested sequence")
    if a.dtype.kind not in "iuf":
        _fail_type(name, where, "a real number or an array of real numbers", value if a.ndim == 0 else f"an array of dtype {a.dtype}")
    a = a.astype(float)
    if not np.all(np.isfinite(a)):
        _fail(name, where, "finite", float(a) if a.ndim == 0 else "an array with nan or inf entries")
    return a


def check_vector(value, name: str, where: str, size: int) -> np.ndarray:
    """A scalar (broadcast to ``size``) or a 1-d array of ``size`` finite reals."""
    a = check_real_array(value, name, where)
    if a.ndim == 0:
        return np.full(size, float(a))
    if a.shape != (size,):
        _fail(name, where, f"a scalar or a 1-d array of length {size}", f"array of shape {a.shape}")
    return a.copy()


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
    """An integer in [low, high]; integral floats (3.0) are accepted, bools and text are not."""
    hi = "inf)" if high == math.inf else f"{int(high)}]"
    if not _is_real(value):
        _fail_type(name, where, f"an integer in the range [{low}, {hi}", value)
    if not float(value).is_integer():
        _fail(name, where, f"an integer in the range [{low}, {hi}", value)
    k = int(value)
    if not low <= k <= high:
        _fail(name, where, f"an integer in the range [{low}, {hi}", value)
    return k


def check_square(matrix, name: str, where: str, size: int | None = None) -> np.ndarray:
    """A square matrix of finite reals, ``size`` x ``size`` when given."""
    a = check_real_array(matrix, name, where)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        _fail(name, where, "a square matrix", f"array of shape {a.shape}")
    if size is not None and a.shape[0] != size:
        _fail(name, where, f"a {size}x{size} matrix", f"array of shape {a.shape}")
    return a


def check_nonsingular(matrix: np.ndarray, name: str, where: str, what: str, why: str = "") -> None:
    """Refuse a (numerically) singular ``matrix``, reporting its smallest singular value;
    ``what`` says which matrix built from the parameter must be invertible."""
    sv = np.linalg.svd(matrix, compute_uv=False)
    if sv.size and sv[-1] <= 1e-12 * sv[0]:
        _fail(name, where, f"such that {what} is invertible", f"{what} with smallest singular "
              f"value {sv[-1]:.4g} (largest {sv[0]:.4g})", why)


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
    if not isinstance(value, Hashable) or value not in choices:
        of = f" of {where}" if where else ""
        raise ValueError(f"The {name!r} parameter{of} must be one of "
                         f"{', '.join(map(repr, choices))}. Got {value!r} instead.")
    return value
