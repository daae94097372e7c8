"""mechdesign: optimal information mechanisms as convex programs.

See DESIGN.md (shared/) and the README. The covariance order is always
(state, types, actions); values are totals over players.
"""

import importlib

from mechdesign import games as games
from mechdesign import objectives as objectives
from mechdesign.design import DesignProgram as DesignProgram
from mechdesign.design import build_program as build_program
from mechdesign.design import design as design
from mechdesign.game import LQGame as LQGame
from mechdesign.game import Market as Market
from mechdesign.mechanism import GaussianMechanism as GaussianMechanism
from mechdesign.mechanism import Weights as Weights
from mechdesign.objectives import Objective as Objective
from mechdesign.prior import GaussianPrior as GaussianPrior
from mechdesign.result import DesignResult as DesignResult
from mechdesign.io import load as load
from mechdesign.io import save as save
from mechdesign.game import SymmetricLQGame as SymmetricLQGame
from mechdesign.prior import SymmetricPrior as SymmetricPrior
from mechdesign.structured import SymmetricMechanism as SymmetricMechanism

__version__ = "0.1.0"


def __getattr__(name: str):
    """``md.sweep`` and ``md.plot`` are imported on first use: they bring pandas and
    matplotlib, which ``import mechdesign`` does not need."""
    if name == "sweep":
        from mechdesign.sweeps import sweep

        globals()["sweep"] = sweep
        return sweep
    if name == "plot":
        return importlib.import_module("mechdesign.plot")
    raise AttributeError(f"module 'mechdesign' has no attribute {name!r}")
from mechdesign import reference_mechanisms as reference_mechanisms
