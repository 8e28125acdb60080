"""Game-theoretic bargaining solver for sanction-backed trade talks.

Layers (each imports only from those before it in this list):
``representations`` -> ``algorithms`` -> ``model`` -> ``presentation``.
The names below are the public API; everything else is internal.
"""

from __future__ import annotations

from solver._core.tabular import Tabular
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
from solver.algorithms.extensive.backward_induction import (
    TIE_TOL,
    SubgamePerfectEquilibrium,
    subgame_perfect,
)
from solver.algorithms.extensive.bayesian import (
    PerfectBayesianEquilibrium,
    perfect_bayesian_equilibria,
)
from solver.algorithms.extensive.reduced_normal_form import (
    ReducedNormalForm,
    reduced_normal_form,
    reduced_normal_form_with_plans,
)
from solver.algorithms.extensive.tree_equilibria import (
    IncredibleThreat,
    TreeEquilibria,
    TreeEquilibrium,
    tree_equilibria,
)
from solver.algorithms.nash import (
    Component,
    Equilibrium,
    NashResult,
    equilibrium_components,
    iterated_elimination,
    nash_equilibria,
)
from solver.algorithms.nash.regret import NASH_TOL, is_nash, regret
from solver.algorithms.openings.opening_program import (
    OPENING_TOL,
    OpeningProblem,
    OpeningSolution,
    kkt_residual,
    nash_openings,
)
from solver.model import symbolic
from solver.model.distributions import Distribution
from solver.model.doubt.doubt_sweep import deciding_parameters, sweep_types
from solver.model.doubt.resolve_check import PBECheck, check_pbe
from solver.model.doubt.resolve_game import TypedSectorGame, solve_sector_types
from solver.model.doubt.timing_scorecard import TimingScorecard, score_timing
from solver.model.doubt.typed_talks import TypedTalks
from solver.model.negotiation import (
    AGENDA_LABELS,
    NegotiationAnalysis,
    SectorAnalysis,
    analyse_negotiation,
)
from solver.model.protocol import Protocol
from solver.model.sanction_game import (
    ResolveAnalysis,
    SanctionAnalysis,
    analyse_sanction_game,
    resolve_game_tree,
    sanction_game_tree,
)
from solver.model.scenario import Scenario, ScenarioFileError, load_scenario
from solver.model.sector import Parameter, Sector
from solver.model.sweep import summarize, sweep
from solver.model.talks import (
    AGENDAS,
    DEAL_OPENING,
    SectorGame,
    SectorResult,
    Talks,
    solve_sector,
    solve_talks,
)
from solver.model.target_resolve import (
    TargetResolveAnalysis,
    analyse_target_resolve,
    target_resolve_tree,
)
from solver.presentation.plots import (
    plot_agenda_map,
    plot_agendas,
    plot_frontier,
    plot_game_tree,
    plot_sweep,
)
from solver.representations.bargaining import BARGAINING_TOL, BargainingProblem
from solver.representations.bimatrix import Bimatrix
from solver.representations.io.efg import EfgParseError, from_efg, to_efg
from solver.representations.tree import CHANCE_TOL, Chance, Decision, GameTree, InfoSet, Outcome

__all__ = [
    "AGENDAS",
    "AGENDA_LABELS",
    "DEAL_OPENING",
    "NegotiationAnalysis",
    "Protocol",
    "SectorGame",
    "SectorResult",
    "Talks",
    "analyse_negotiation",
    "solve_sector",
    "solve_talks",
    "PBECheck",
    "TimingScorecard",
    "TypedSectorGame",
    "TypedTalks",
    "check_pbe",
    "deciding_parameters",
    "score_timing",
    "solve_sector_types",
    "sweep_types",
    "BARGAINING_TOL",
    "CHANCE_TOL",
    "NASH_TOL",
    "OPENING_TOL",
    "TIE_TOL",
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
    "ScenarioFileError",
    "Sector",
    "SectorAnalysis",
    "SubgamePerfectEquilibrium",
    "Tabular",
    "TargetResolveAnalysis",
    "TreeEquilibria",
    "TreeEquilibrium",
    "VariableThreatSolution",
    "analyse_sanction_game",
    "analyse_target_resolve",
    "certify",
    "egalitarian",
    "equilibrium_components",
    "from_efg",
    "is_nash",
    "iterated_elimination",
    "kalai_smorodinsky",
    "kkt_residual",
    "load_scenario",
    "nash_bargaining",
    "nash_equilibria",
    "nash_openings",
    "perfect_bayesian_equilibria",
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
