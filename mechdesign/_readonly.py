"""Read-only arrays stay read-only through pickling.

numpy unpickles every array writeable, so a frozen model object restored by pickle (or
sent to a Dask worker) would lose the guarantee that its arrays cannot change. The mixin
records which array attributes were read-only and restores the flag on unpickling.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ReadOnlyArrays"]


class ReadOnlyArrays:
    """Mixin for frozen classes whose array attributes are read-only."""

    def __getstate__(self) -> tuple[dict, frozenset[str]]:
        state = dict(self.__dict__)
        frozen = frozenset(name for name, value in state.items()
                           if isinstance(value, np.ndarray) and not value.flags.writeable)
        return state, frozen

    def __setstate__(self, saved: tuple[dict, frozenset[str]]) -> None:
        state, frozen = saved
        for name in frozen:
            state[name].setflags(write=False)
        self.__dict__.update(state)
