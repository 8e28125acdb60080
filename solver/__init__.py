"""Game-theoretic bargaining solver for sanction-backed trade talks.

The names here are the tasks a user starts from; each loads on first use, so
``import solver`` is cheap. Everything else lives in the subpackages, each with its own
``__all__``:

- ``solver.model``: the negotiation game (talks, agendas, the one-shot sanction games,
  the sweep, ``solver.model.symbolic``) and ``solver.model.doubt`` (resolve in doubt);
- ``solver.algorithms.nash``, ``.extensive``, ``.bargaining``, ``.openings``: the
  engines and their result types;
- ``solver.representations``: games as values, and ``.io`` for Gambit's files;
- ``solver.presentation``: tables, reports, plots (``solver.plots``) and the CLI;
- ``solver.errors``: ``SolverError`` and its kinds.

The layers and what each may import are drawn in ``docs/architecture.md``.

Examples
--------
>>> import solver
>>> scenario = solver.load_scenario()
>>> game = solver.solve_sector(scenario.sectors[0], scenario.protocol)
>>> game.sector.name
'autos'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from solver._core.lazy import lazy_exports

#: Each public name and the module that defines it.
_WHERE = {
    # a scenario and its negotiation game
    "load_scenario": "solver.model.scenario",
    "Scenario": "solver.model.scenario",
    "Sector": "solver.model.sector",
    "Protocol": "solver.model.protocol",
    "solve_sector": "solver.model.talks",
    "solve_talks": "solver.model.talks",
    "analyse_negotiation": "solver.model.negotiation",
    "solve_sector_types": "solver.model.doubt.resolve_game",
    "sweep": "solver.model.sweep",
    "sweep_types": "solver.model.doubt.doubt_sweep",
    "analyse_sanction_game": "solver.model.sanction_game",
    # games as values, and Gambit's tree format
    "GameTree": "solver.representations.tree",
    "Decision": "solver.representations.tree",
    "Chance": "solver.representations.tree",
    "Outcome": "solver.representations.tree",
    "Bimatrix": "solver.representations.bimatrix",
    "BargainingProblem": "solver.representations.bargaining",
    "from_efg": "solver.representations.io.efg",
    "to_efg": "solver.representations.io.efg",
    # equilibria
    "nash_equilibria": "solver.algorithms.nash",
    "equilibrium_components": "solver.algorithms.nash",
    "subgame_perfect": "solver.algorithms.extensive.backward_induction",
    "tree_equilibria": "solver.algorithms.extensive.tree_equilibria",
    "perfect_bayesian_equilibria": "solver.algorithms.extensive.bayesian",
    "reduced_normal_form": "solver.algorithms.extensive.reduced_normal_form",
    # bargaining solutions
    "nash_bargaining": "solver.algorithms.bargaining",
    "kalai_smorodinsky": "solver.algorithms.bargaining",
    "egalitarian": "solver.algorithms.bargaining",
    "utilitarian": "solver.algorithms.bargaining",
    "rubinstein": "solver.algorithms.bargaining",
    "variable_threat": "solver.algorithms.bargaining",
    # errors, and the modules that load heavy libraries (matplotlib, sympy)
    "SolverError": "solver.errors",
    "InputError": "solver.errors",
    "CertificateError": "solver.errors",
    "errors": "solver.errors",
    "plots": "solver.presentation.plots",
    "symbolic": "solver.model.symbolic",
}

__all__ = [
    "BargainingProblem",
    "Bimatrix",
    "CertificateError",
    "Chance",
    "Decision",
    "GameTree",
    "InputError",
    "Outcome",
    "Protocol",
    "Scenario",
    "Sector",
    "SolverError",
    "analyse_negotiation",
    "analyse_sanction_game",
    "egalitarian",
    "equilibrium_components",
    "errors",
    "from_efg",
    "kalai_smorodinsky",
    "load_scenario",
    "nash_bargaining",
    "nash_equilibria",
    "perfect_bayesian_equilibria",
    "plots",
    "reduced_normal_form",
    "rubinstein",
    "solve_sector",
    "solve_sector_types",
    "solve_talks",
    "subgame_perfect",
    "sweep",
    "sweep_types",
    "symbolic",
    "to_efg",
    "tree_equilibria",
    "utilitarian",
    "variable_threat",
]
__version__ = "0.1.0"
__getattr__, __dir__ = lazy_exports(__name__, _WHERE)

if TYPE_CHECKING:  # the same names, for type checkers and IDEs
    from solver import errors
    from solver.algorithms.bargaining import (
        egalitarian,
        kalai_smorodinsky,
        nash_bargaining,
        rubinstein,
        utilitarian,
        variable_threat,
    )
    from solver.algorithms.extensive.backward_induction import subgame_perfect
    from solver.algorithms.extensive.bayesian import perfect_bayesian_equilibria
    from solver.algorithms.extensive.reduced_normal_form import reduced_normal_form
    from solver.algorithms.extensive.tree_equilibria import tree_equilibria
    from solver.algorithms.nash import equilibrium_components, nash_equilibria
    from solver.errors import CertificateError, InputError, SolverError
    from solver.model import symbolic
    from solver.model.doubt.doubt_sweep import sweep_types
    from solver.model.doubt.resolve_game import solve_sector_types
    from solver.model.negotiation import analyse_negotiation
    from solver.model.protocol import Protocol
    from solver.model.sanction_game import analyse_sanction_game
    from solver.model.scenario import Scenario, load_scenario
    from solver.model.sector import Sector
    from solver.model.sweep import sweep
    from solver.model.talks import solve_sector, solve_talks
    from solver.presentation import plots
    from solver.representations.bargaining import BargainingProblem
    from solver.representations.bimatrix import Bimatrix
    from solver.representations.io.efg import from_efg, to_efg
    from solver.representations.tree import Chance, Decision, GameTree, Outcome
