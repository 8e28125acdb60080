"""Bargaining solutions: axiomatic, variable threats, alternating offers; with certificates."""

from __future__ import annotations

from solver.algorithms.bargaining.alternating_offers import rubinstein
from solver.algorithms.bargaining.axiomatic import (
    egalitarian,
    kalai_smorodinsky,
    nash_bargaining,
    utilitarian,
)
from solver.algorithms.bargaining.certificate import certify
from solver.algorithms.bargaining.result import (
    BargainingSolution,
    RubinsteinSolution,
    VariableThreatSolution,
)
from solver.algorithms.bargaining.threats import variable_threat, zero_sum_value

__all__ = [
    "BargainingSolution",
    "RubinsteinSolution",
    "VariableThreatSolution",
    "certify",
    "egalitarian",
    "kalai_smorodinsky",
    "nash_bargaining",
    "rubinstein",
    "utilitarian",
    "variable_threat",
    "zero_sum_value",
]
