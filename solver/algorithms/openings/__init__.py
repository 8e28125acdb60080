"""The first release's bargaining programs over market openings (tested and
public, but not on the model's path).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from solver._core.lazy import lazy_exports

_WHERE = {
    "OpeningBatch": "solver.algorithms.openings.opening_batch",
    "OPENING_TOL": "solver.algorithms.openings.opening_program",
    "OpeningProblem": "solver.algorithms.openings.opening_program",
    "OpeningSolution": "solver.algorithms.openings.opening_program",
    "kkt_residual": "solver.algorithms.openings.opening_program",
    "nash_openings": "solver.algorithms.openings.opening_program",
    "nash_openings_batch": "solver.algorithms.openings.opening_batch",
    "PackageFrontier": "solver.algorithms.openings.package_frontier",
    "concept_openings": "solver.algorithms.openings.package_concepts",
}

__all__ = [
    "OPENING_TOL",
    "OpeningBatch",
    "OpeningProblem",
    "OpeningSolution",
    "PackageFrontier",
    "concept_openings",
    "kkt_residual",
    "nash_openings",
    "nash_openings_batch",
]
__getattr__, __dir__ = lazy_exports(__name__, _WHERE)

if TYPE_CHECKING:
    from solver.algorithms.openings.opening_batch import OpeningBatch, nash_openings_batch
    from solver.algorithms.openings.opening_program import (
        OPENING_TOL,
        OpeningProblem,
        OpeningSolution,
        kkt_residual,
        nash_openings,
    )
    from solver.algorithms.openings.package_concepts import concept_openings
    from solver.algorithms.openings.package_frontier import PackageFrontier
