"""The negotiation game with the sender's resolve in doubt: its PBE, the
independent check, the timing scorecard and the sweep over draws.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from solver._core.lazy import lazy_exports

_WHERE = {
    "TypedSectorGame": "solver.model.doubt.resolve_game",
    "solve_sector_types": "solver.model.doubt.resolve_game",
    "PBECheck": "solver.model.doubt.resolve_check",
    "check_pbe": "solver.model.doubt.resolve_check",
    "TypedTalks": "solver.model.doubt.typed_talks",
    "TimingScorecard": "solver.model.doubt.timing_scorecard",
    "score_timing": "solver.model.doubt.timing_scorecard",
    "deciding_parameters": "solver.model.doubt.doubt_sweep",
    "sweep_types": "solver.model.doubt.doubt_sweep",
    "SenderType": "solver.model.doubt.sender_types",
}

__all__ = [
    "PBECheck",
    "SenderType",
    "TimingScorecard",
    "TypedSectorGame",
    "TypedTalks",
    "check_pbe",
    "deciding_parameters",
    "score_timing",
    "solve_sector_types",
    "sweep_types",
]
__getattr__, __dir__ = lazy_exports(__name__, _WHERE)

if TYPE_CHECKING:
    from solver.model.doubt.doubt_sweep import deciding_parameters, sweep_types
    from solver.model.doubt.resolve_check import PBECheck, check_pbe
    from solver.model.doubt.resolve_game import TypedSectorGame, solve_sector_types
    from solver.model.doubt.sender_types import SenderType
    from solver.model.doubt.timing_scorecard import TimingScorecard, score_timing
    from solver.model.doubt.typed_talks import TypedTalks
