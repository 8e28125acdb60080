"""The tolerances that stand for one concept each, defined once.

Tolerances that belong to one algorithm (ties in backward induction, Nash regret, the
opening program's certificate) stay beside that algorithm; the ones here are checks of
*input* that several layers make and must make alike.
"""

from __future__ import annotations

__all__ = ["SUM_TOL"]

#: How far float numbers that must sum to 1 may miss it: a chance node's probabilities, a
#: pair of bargaining weights. Exact (rational) numbers must sum to exactly 1.
SUM_TOL = 1e-9
