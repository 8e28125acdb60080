"""The negotiation game: sectors, scenarios, protocols, talks, agendas, the sweep,
the one-shot sanction games and the record; ``doubt`` holds the game with the
sender's resolve in doubt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from solver._core.lazy import lazy_exports

_WHERE = {
    "Scenario": "solver.model.scenario",
    "ScenarioFileError": "solver.model.scenario",
    "load_scenario": "solver.model.scenario",
    "Parameter": "solver.model.sector",
    "Sector": "solver.model.sector",
    "Distribution": "solver.model.distributions",
    "Protocol": "solver.model.protocol",
    "AGENDAS": "solver.model.talks",
    "DEAL_OPENING": "solver.model.talks",
    "SectorGame": "solver.model.talks",
    "SectorResult": "solver.model.talks",
    "Talks": "solver.model.talks",
    "solve_sector": "solver.model.talks",
    "solve_talks": "solver.model.talks",
    "AGENDA_LABELS": "solver.model.negotiation",
    "NegotiationAnalysis": "solver.model.negotiation",
    "SectorAnalysis": "solver.model.negotiation",
    "analyse_negotiation": "solver.model.negotiation",
    "summarize": "solver.model.sweep",
    "ResolveAnalysis": "solver.model.sanction_game",
    "SanctionAnalysis": "solver.model.sanction_game",
    "analyse_sanction_game": "solver.model.sanction_game",
    "resolve_game_tree": "solver.model.sanction_game",
    "sanction_game_tree": "solver.model.sanction_game",
    "TargetResolveAnalysis": "solver.model.target_resolve",
    "analyse_target_resolve": "solver.model.target_resolve",
    "target_resolve_tree": "solver.model.target_resolve",
    "symbolic": "solver.model.symbolic",
}

__all__ = [
    "AGENDAS",
    "AGENDA_LABELS",
    "DEAL_OPENING",
    "Distribution",
    "NegotiationAnalysis",
    "Parameter",
    "Protocol",
    "ResolveAnalysis",
    "SanctionAnalysis",
    "Scenario",
    "ScenarioFileError",
    "Sector",
    "SectorAnalysis",
    "SectorGame",
    "SectorResult",
    "Talks",
    "TargetResolveAnalysis",
    "analyse_negotiation",
    "analyse_sanction_game",
    "analyse_target_resolve",
    "load_scenario",
    "resolve_game_tree",
    "sanction_game_tree",
    "solve_sector",
    "solve_talks",
    "summarize",
    "symbolic",
    "target_resolve_tree",
]
__getattr__, __dir__ = lazy_exports(__name__, _WHERE)

if TYPE_CHECKING:
    from solver.model import symbolic
    from solver.model.distributions import Distribution
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
    from solver.model.sweep import summarize
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
