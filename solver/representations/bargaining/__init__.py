"""Two-player bargaining problems as immutable values.

A bargaining problem is a feasible set of utility pairs and a disagreement point ``d``
(:class:`BargainingProblem`, abstract). Its kinds are subclasses:

* :class:`PolygonProblem` (``kind == "polygon"``): the convex hull of finitely many points,
  with or without free disposal, its geometry exact (:mod:`.geometry`);
* :class:`FrontierProblem` (``kind == "frontier"``): everything on or below a concave curve
  ``u2 = f(u1)`` on ``[lo, hi]``, with free disposal (:mod:`.frontier` holds its numerics).

Build them with :meth:`BargainingProblem.from_points` and
:meth:`BargainingProblem.from_frontier`; a sector's problem is built in the model layer
(:mod:`solver.model.bargaining_problem`).
"""

from __future__ import annotations

from solver.representations.bargaining.frontier import (
    CONCAVITY_GRID,
    FrontierProblem,
    frontier_slope,
)
from solver.representations.bargaining.geometry import (
    clip,
    contains,
    hull,
    pareto_chain,
    ray_exit,
    upper_slopes,
    upper_value,
)
from solver.representations.bargaining.polygon import PolygonProblem
from solver.representations.bargaining.problem import BARGAINING_TOL, BargainingProblem

__all__ = [
    "BARGAINING_TOL",
    "CONCAVITY_GRID",
    "BargainingProblem",
    "FrontierProblem",
    "PolygonProblem",
    "clip",
    "contains",
    "frontier_slope",
    "hull",
    "pareto_chain",
    "ray_exit",
    "upper_slopes",
    "upper_value",
]
