"""Game-theoretic bargaining solver for sanction-backed trade talks.

Layers (each imports only from those before it in this list):
``representations`` -> ``algorithms`` -> ``model`` -> ``presentation``.
The names below are the public API; everything else is internal.
"""

from __future__ import annotations

from solver import symbolic
from solver.algorithms.backward_induction import (
    TIE_TOL,
    SubgamePerfectEquilibrium,
    subgame_perfect,
)
from solver.algorithms.bargaining import (
    BargainingSolution,
    RubinsteinSolution,
    VariableThreatSolution,
    certify,
    egalitarian,
    kalai_smorodinsky,
    nash_bargaining,
    rubinstein,
    utilitarian,
    variable_threat,
    zero_sum_value,
)
from solver.algorithms.bayesian import PerfectBayesianEquilibrium, perfect_bayesian_equilibria
from solver.algorithms.nash import (
    Component,
    Equilibrium,
    NashResult,
    equilibrium_components,
    iterated_elimination,
    nash_equilibria,
)
from solver.algorithms.opening_program import (
    OPENING_TOL,
    OpeningProblem,
    OpeningSolution,
    kkt_residual,
    nash_openings,
)
from solver.algorithms.reduced_normal_form import (
    ReducedNormalForm,
    reduced_normal_form,
    reduced_normal_form_with_plans,
)
from solver.algorithms.regret import NASH_TOL, is_nash, regret
from solver.algorithms.tree_equilibria import (
    IncredibleThreat,
    TreeEquilibria,
    TreeEquilibrium,
    tree_equilibria,
)
from solver.model.agendas import (
    AgendaOutcome,
    SectorOutcome,
    ThreatPoint,
    best_orders,
    linked_package,
    package,
    piece_by_piece,
    sequential,
)
from solver.model.analysis import (
    AgendaComparison,
    ScenarioAnalysis,
    SectorAnalysis,
    analyse_scenario,
    analyse_sector,
    compare_agendas,
    sector_frame,
)
from solver.model.distributions import Distribution
from solver.model.sanction_game import (
    ResolveAnalysis,
    SanctionAnalysis,
    TargetResolveAnalysis,
    analyse_sanction_game,
    analyse_target_resolve,
    resolve_game_tree,
    sanction_game_tree,
    target_resolve_tree,
)
from solver.model.scenario import Scenario, ScenarioFileError, load_scenario
from solver.model.sector import Parameter, Sector
from solver.model.sweep import summarize, sweep
from solver.presentation.plots import (
    plot_agenda_map,
    plot_agendas,
    plot_frontier,
    plot_game_tree,
    plot_sweep,
)
from solver.representations.bargaining import BARGAINING_TOL, BargainingProblem
from solver.representations.bimatrix import Bimatrix
from solver.representations.efg import EfgParseError, from_efg, to_efg
from solver.representations.tree import CHANCE_TOL, Chance, Decision, GameTree, InfoSet, Outcome
from solver.tabular import Tabular

__all__ = [
    "BARGAINING_TOL",
    "CHANCE_TOL",
    "NASH_TOL",
    "OPENING_TOL",
    "TIE_TOL",
    "AgendaComparison",
    "AgendaOutcome",
    "BargainingProblem",
    "BargainingSolution",
    "Bimatrix",
    "Chance",
    "Component",
    "Decision",
    "Distribution",
    "EfgParseError",
    "Equilibrium",
    "GameTree",
    "IncredibleThreat",
    "InfoSet",
    "NashResult",
    "OpeningProblem",
    "OpeningSolution",
    "Outcome",
    "Parameter",
    "PerfectBayesianEquilibrium",
    "ReducedNormalForm",
    "ResolveAnalysis",
    "RubinsteinSolution",
    "SanctionAnalysis",
    "Scenario",
    "ScenarioAnalysis",
    "ScenarioFileError",
    "Sector",
    "SectorAnalysis",
    "SectorOutcome",
    "SubgamePerfectEquilibrium",
    "Tabular",
    "TargetResolveAnalysis",
    "ThreatPoint",
    "TreeEquilibria",
    "TreeEquilibrium",
    "VariableThreatSolution",
    "analyse_sanction_game",
    "analyse_scenario",
    "analyse_sector",
    "analyse_target_resolve",
    "best_orders",
    "certify",
    "compare_agendas",
    "egalitarian",
    "equilibrium_components",
    "from_efg",
    "is_nash",
    "iterated_elimination",
    "kalai_smorodinsky",
    "kkt_residual",
    "linked_package",
    "load_scenario",
    "nash_bargaining",
    "nash_equilibria",
    "nash_openings",
    "package",
    "perfect_bayesian_equilibria",
    "piece_by_piece",
    "plot_agenda_map",
    "plot_agendas",
    "plot_frontier",
    "plot_game_tree",
    "plot_sweep",
    "reduced_normal_form",
    "reduced_normal_form_with_plans",
    "regret",
    "resolve_game_tree",
    "rubinstein",
    "sanction_game_tree",
    "sector_frame",
    "sequential",
    "subgame_perfect",
    "summarize",
    "sweep",
    "symbolic",
    "target_resolve_tree",
    "to_efg",
    "tree_equilibria",
    "utilitarian",
    "variable_threat",
    "zero_sum_value",
]

__version__ = "0.1.0"
