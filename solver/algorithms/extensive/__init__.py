"""Equilibria of game trees: backward induction, the reduced normal form,
mixed SPE and perfect Bayesian equilibria.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from solver._core.lazy import lazy_exports

_WHERE = {
    "PerfectBayesianEquilibria": "solver.algorithms.extensive.bayesian",
    "BatchSolution": "solver.algorithms.extensive.backward_induction",
    "SubgamePerfectEquilibria": "solver.algorithms.extensive.backward_induction",
    "TIE_TOL": "solver.algorithms.extensive.backward_induction",
    "SubgamePerfectEquilibrium": "solver.algorithms.extensive.backward_induction",
    "batch_backward_induction": "solver.algorithms.extensive.backward_induction",
    "subgame_perfect": "solver.algorithms.extensive.backward_induction",
    "ReducedNormalForm": "solver.algorithms.extensive.reduced_normal_form",
    "reduced_normal_form_with_plans": "solver.algorithms.extensive.reduced_normal_form",
    "IncredibleThreat": "solver.algorithms.extensive.tree_equilibria",
    "TreeEquilibria": "solver.algorithms.extensive.tree_equilibria",
    "TreeEquilibrium": "solver.algorithms.extensive.tree_equilibria",
    "PerfectBayesianEquilibrium": "solver.algorithms.extensive.bayesian",
    "perfect_bayesian_equilibria": "solver.algorithms.extensive.bayesian",
}

__all__ = [
    "BatchSolution",
    "IncredibleThreat",
    "PerfectBayesianEquilibria",
    "PerfectBayesianEquilibrium",
    "ReducedNormalForm",
    "SubgamePerfectEquilibria",
    "SubgamePerfectEquilibrium",
    "TIE_TOL",
    "TreeEquilibria",
    "TreeEquilibrium",
    "batch_backward_induction",
    "perfect_bayesian_equilibria",
    "reduced_normal_form_with_plans",
    "subgame_perfect",
]
__getattr__, __dir__ = lazy_exports(__name__, _WHERE)

if TYPE_CHECKING:
    from solver.algorithms.extensive.backward_induction import (
        TIE_TOL,
        BatchSolution,
        SubgamePerfectEquilibria,
        SubgamePerfectEquilibrium,
        batch_backward_induction,
        subgame_perfect,
    )
    from solver.algorithms.extensive.bayesian import (
        PerfectBayesianEquilibria,
        PerfectBayesianEquilibrium,
        perfect_bayesian_equilibria,
    )
    from solver.algorithms.extensive.reduced_normal_form import (
        ReducedNormalForm,
        reduced_normal_form_with_plans,
    )
    from solver.algorithms.extensive.tree_equilibria import (
        IncredibleThreat,
        TreeEquilibria,
        TreeEquilibrium,
    )
