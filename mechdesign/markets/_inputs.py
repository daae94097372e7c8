"""Array inputs of the market constructors, checked before any numerics.

Messages follow ``mechdesign._validation``: the parameter, what is admissible, what was
received. A value that is not an array of real numbers (None, strings, complex numbers)
is a ``TypeError``; a wrong shape, an empty array or a non-finite entry is a
``ValueError``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["real_array", "real_scalar"]


def real_array(value: object, name: str, where: str, *, ndim: int) -> np.ndarray:
    """``value`` as a fresh float array with ``ndim`` dimensions, nonempty and finite."""
    raw = np.asarray(value) if value is not None else np.asarray(None)
    if raw.dtype.kind not in "biuf":
        raise TypeError(f"The {name!r} parameter of {where} must be an array of real numbers. "
                        f"Got {value!r} (dtype {raw.dtype}) instead.")
    array = np.array(raw, dtype=float, ndmin=ndim)
    if array.ndim != ndim or array.size == 0:
        raise ValueError(f"The {name!r} parameter of {where} must be a nonempty "
                         f"{ndim}-dimensional array. Got shape {array.shape} instead.")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"The {name!r} parameter of {where} must have finite entries. "
                         f"Got {array.tolist()} instead.")
    return array


def real_scalar(value: object, name: str, where: str) -> object:
    """``value`` unchanged if it is a real number (not a bool, string or None); else TypeError."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.integer
                                                            | np.floating):
        raise TypeError(f"The {name!r} parameter of {where} must be a real number. "
                        f"Got {value!r} ({type(value).__name__}) instead.")
    return value
