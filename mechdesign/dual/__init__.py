"""The dual route: barrier Newton on the Lagrangian dual of the designer's program.

:mod:`mechdesign.dual.function` states the normalised program and its dual function D,
an upper bound on every feasible mechanism's value (the certificate of every route);
:mod:`mechdesign.dual.route` is ``design(..., method="dual")`` (:func:`solve_dual` also
returns the multipliers and a restart point for warm starts along a sweep).
"""

from mechdesign.dual.function import DualData as DualData
from mechdesign.dual.function import Multipliers as Multipliers
from mechdesign.dual.function import dual_value as dual_value
from mechdesign.dual.function import mechanism as mechanism
from mechdesign.dual.function import primal as primal
from mechdesign.dual.function import primal_value as primal_value
from mechdesign.dual.route import DualSolution as DualSolution
from mechdesign.dual.route import solve_dual as solve_dual
