"""Immutable values: bimatrix games, game trees, bargaining problems; ``io``
reads and writes Gambit's files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from solver._core.lazy import lazy_exports

_WHERE = {
    "CHANCE_TOL": "solver.representations.tree",
    "Chance": "solver.representations.tree",
    "Decision": "solver.representations.tree",
    "GameTree": "solver.representations.tree",
    "InfoSet": "solver.representations.tree",
    "Outcome": "solver.representations.tree",
    "Bimatrix": "solver.representations.bimatrix",
    "BARGAINING_TOL": "solver.representations.bargaining",
    "BargainingProblem": "solver.representations.bargaining",
}

__all__ = [
    "BARGAINING_TOL",
    "BargainingProblem",
    "Bimatrix",
    "CHANCE_TOL",
    "Chance",
    "Decision",
    "GameTree",
    "InfoSet",
    "Outcome",
]
__getattr__, __dir__ = lazy_exports(__name__, _WHERE)

if TYPE_CHECKING:
    from solver.representations.bargaining import BARGAINING_TOL, BargainingProblem
    from solver.representations.bimatrix import Bimatrix
    from solver.representations.tree import CHANCE_TOL, Chance, Decision, GameTree, InfoSet, Outcome
