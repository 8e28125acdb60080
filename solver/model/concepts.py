"""A sector's opening under each bargaining solution concept, side by side.

Every concept bargains over the sector's frontier (``docs/model.md``) against the threat point
of its sanction game:

* Nash, Kalai-Smorodinsky, egalitarian and utilitarian solutions of
  :meth:`SectorBargaining.from_sector` (each certified by :mod:`solver.algorithms.bargaining`);
  a point on the set's free-disposal part (weakly Pareto optimal, as an egalitarian point can
  be) is read as the undominated opening 0.

These are lenses: the sector game's equilibrium itself (alternating offers under the
protocol) is :func:`solver.solve_sector`; the threat point passed in is that game's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from solver._core.tabular import one_line
from solver.algorithms.bargaining import (
    BargainingSolution,
    egalitarian,
    kalai_smorodinsky,
    nash_bargaining,
    utilitarian,
)
from solver.model.bargaining_problem import SectorBargaining
from solver.model.sector import Sector
from solver.representations.bargaining import BargainingProblem

__all__ = ["CONCEPTS", "SolutionOpening", "solution_openings"]

#: The concepts reported, in table order.
CONCEPTS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")

_AXIOMATIC: dict[str, Callable[[BargainingProblem], BargainingSolution]] = {
    "nash": nash_bargaining,
    "kalai_smorodinsky": kalai_smorodinsky,
    "egalitarian": egalitarian,
    "utilitarian": utilitarian,
}


@dataclass(frozen=True)
class SolutionOpening:
    """One concept's answer for a sector: agreement, the opening and the payoffs.

    Attributes
    ----------
    concept : str
        One of :data:`CONCEPTS`.
    agreement : bool
        Whether the concept selects an agreement (the bargaining solution's verdict).
    opening : float
        The opening (share of a full opening, clipped to [0, 1]); 0 without agreement.
    payoffs : (float, float)
        The sender's and target's payoffs at the opening ($B/yr); the threat point
        without agreement.

    Examples
    --------
    See :func:`solution_openings`.
    """

    concept: str
    agreement: bool
    opening: float
    payoffs: tuple[float, float]

    def __repr__(self) -> str:
        return one_line("SolutionOpening", self.concept, agreement=self.agreement,
                        opening=self.opening, payoffs=self.payoffs)


def solution_openings(
    sector: Sector, threat: tuple[float, float]
) -> tuple[SolutionOpening, ...]:
    """Each concept's opening for ``sector`` against threat point ``threat``.

    Parameters
    ----------
    sector : Sector
        The sector whose frontier u_T = -c (u_S / v)**k is bargained over.
    threat : (float, float)
        The threat point (sender, target), e.g. the sector game's SPE threat point.

    Returns
    -------
    tuple of SolutionOpening
        One per concept of :data:`CONCEPTS`, in that order.

    Examples
    --------
    Sender value 6, target cost 3 (linear), threat (-1, -4). Nash: x = 4/6 - 1/12 = 7/12
    (``docs/model.md``). KS: the ideal point is (6, 0); the line from d, (-1 + 7t, -4 + 4t),
    meets the frontier u_T = -u_S/2 at t = 3/5, so u_S = 3.2 and x = 3.2/6 = 8/15:

    >>> sols = {s.concept: s for s in solution_openings(Sector("t", gain=6.0, cost=3.0),
    ...                                                 (-1.0, -4.0))}
    >>> round(sols["nash"].opening, 9), round(sols["kalai_smorodinsky"].opening, 9)
    (0.583333333, 0.533333333)
    """
    sb = SectorBargaining.from_sector(gain=sector.gain, cost=sector.cost,
                                      curvature=sector.curvature,
                                      deliverability=sector.deliverability, disagreement=threat)
    out = []
    v, c, k = sector.value, sector.cost, sector.curvature
    for name, solve in _AXIOMATIC.items():
        sol = solve(sb.problem)
        # A solution on the free-disposal part of the set (only weakly Pareto optimal, as the
        # egalitarian point can be) maps to an opening below 0; no opening is what it means,
        # and the leximin refinement picks the undominated point x = 0.
        x = min(max(float(sb.opening(sol.point)), 0.0), 1.0) if sol.agreement else 0.0
        payoffs = (v * x, -c * x**k) if sol.agreement else (float(threat[0]), float(threat[1]))
        out.append(SolutionOpening(name, bool(sol.agreement), x, payoffs))
    return tuple(out)
