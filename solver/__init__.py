"""Game-theoretic bargaining solver for sanction-backed trade talks.

Layers (each imports only from those above it in this list):
``representations`` -> ``algorithms`` -> ``model`` -> ``presentation``.
"""

from __future__ import annotations

from solver.algorithms.regret import NASH_TOL, is_nash, regret
from solver.representations.bimatrix import Bimatrix

__all__ = [
    "NASH_TOL",
    "Bimatrix",
    "is_nash",
    "regret",
]

__version__ = "0.1.0"
