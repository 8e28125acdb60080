"""Nash equilibria of bimatrix games: complete, certified, exact on request.

One concept per module: ``result`` (the result types), ``vertex`` (cddlib vertex
enumeration), ``exact`` (rational double description), ``support``, ``lemke_howson``,
``pure``, ``zero_sum``, ``dispatch`` (the front door and the one method registry),
``components`` (maximal Nash subsets) and ``dominance``.
"""

from __future__ import annotations

from solver.algorithms.nash.components import equilibrium_components
from solver.algorithms.nash.dispatch import (
    METHODS,
    BudgetExceeded,
    PivotCapWarning,
    lemke_howson,
    nash_equilibria,
)
from solver.algorithms.nash.dominance import Elimination, Removal, iterated_elimination
from solver.algorithms.nash.regret import NASH_TOL, is_nash, regret
from solver.algorithms.nash.result import Component, Equilibrium, NashResult
from solver.algorithms.nash.zero_sum import ZeroSumValue

__all__ = [
    "METHODS",
    "NASH_TOL",
    "BudgetExceeded",
    "Component",
    "Elimination",
    "Equilibrium",
    "NashResult",
    "PivotCapWarning",
    "Removal",
    "ZeroSumValue",
    "equilibrium_components",
    "is_nash",
    "iterated_elimination",
    "lemke_howson",
    "nash_equilibria",
    "regret",
]
