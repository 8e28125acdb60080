"""Kalai-Smorodinsky, egalitarian and utilitarian solutions over a package of openings.

The package's Pareto frontier is the Minkowski sum of the sector frontiers, traced by one slope
(:func:`solver.algorithms.openings.opening_program.frontier_root`); each concept is a
monotone root on it, so the cost does not grow with the product of sector outcomes. Every
answer is certified independently by :func:`concept_residual`: the point lies on the
frontier (a common slope supports every sector's opening) and satisfies its concept's
defining equation.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from solver._core.errors import CertificateError, InputError
from solver.algorithms.openings.opening_program import (
    OPENING_RESOLUTION,
    OPENING_TOL,
    OpeningProblem,
    OpeningSolution,
    frontier_ends,
    frontier_root,
    kkt_residual,
    nash_openings,
)

__all__ = ["CONCEPT_SOLVERS", "concept_openings", "concept_residual", "frontier_residual"]


def _surplus(p: OpeningProblem, x: NDArray[np.float64]) -> tuple[float, float]:
    us, ut = p.utilities(x)
    return us - p.disagreement[0], ut - p.disagreement[1]


def _ideal(p: OpeningProblem) -> tuple[float, float]:
    """Each side's best payoff over the individually rational frontier."""
    best_s = frontier_root(p, lambda lam, x: -_surplus(p, x)[1])  # target just at d_T
    best_t = frontier_root(p, lambda lam, x: _surplus(p, x)[0])  # sender just at d_S
    return p.utilities(best_s)[0], p.utilities(best_t)[1]


def _equation(p: OpeningProblem, concept: str) -> Callable[[NDArray[np.float64]], float]:
    """The concept's defining equation as a function of the openings; zero at the answer."""
    if concept == "egalitarian":
        return lambda x: _surplus(p, x)[0] - _surplus(p, x)[1]
    if concept == "kalai_smorodinsky":
        i_s, i_t = _ideal(p)
        span_s, span_t = i_s - p.disagreement[0], i_t - p.disagreement[1]
        return lambda x: _surplus(p, x)[0] / span_s - _surplus(p, x)[1] / span_t
    raise InputError(f"concept_openings(): concept {concept!r} has no defining equation here")


def concept_openings(problem: OpeningProblem, concept: str) -> OpeningSolution:
    """The package openings under ``concept``: ``"nash"``, ``"kalai_smorodinsky"``,
    ``"egalitarian"`` or ``"utilitarian"`` (the most joint payoff among points at least as
    good as the threat point for both). Where a concept's point lies on the free-disposal part
    of the feasible set (an egalitarian point can: equal gains may need the sender to throw
    payoff away), the answer is the undominated end of the frontier (the leximin refinement).

    Parameters
    ----------
    problem : OpeningProblem
        The package.
    concept : str
        ``"nash"``, ``"kalai_smorodinsky"``, ``"egalitarian"`` or ``"utilitarian"``.

    Returns
    -------
    OpeningSolution
        The concept's openings, payoffs and certificate (no agreement when no point is
        strictly better than the threat point for both).

    Raises
    ------
    InputError
        For an unknown ``concept``.

    Examples
    --------
    Sender value 6, target cost 3 (linear), threat point (-1, -4): the frontier is
    u_T = -u_S/2 on [0, 6]; the ideal point is (6, 0). KS: the line from d to the ideal,
    (-1 + 7t, -4 + 4t), meets the frontier at t = 3/5, u_S = 3.2, x = 8/15. Egalitarian:
    equal gains g give u_S = g - 1 and u_T = g - 4 = -(g - 1)/2, so g = 3, u_S = 2 and
    x = 1/3. Utilitarian: v > c, so open fully unless the target's threat binds; x = 1 gives
    u_T = -3 >= -4, so x = 1.

    >>> p = OpeningProblem.build(values=[6.0], costs=[3.0], curvatures=[1.0],
    ...     disagreement=(-1.0, -4.0))
    >>> [round(concept_openings(p, c).openings[0], 9)
    ...  for c in ("kalai_smorodinsky", "egalitarian", "utilitarian")]
    [0.533333333, 0.333333333, 1.0]
    """
    if concept not in CONCEPT_SOLVERS:
        raise InputError(f"concept_openings(): concept must be one of "
                         f"{sorted(CONCEPT_SOLVERS)}, got {concept!r}")
    return CONCEPT_SOLVERS[concept](problem)


def _no_agreement(p: OpeningProblem) -> OpeningSolution:
    return OpeningSolution(False, None, p.disagreement, p.disagreement, None, {},
                           method="no point is strictly better than d for both")


def _agreement_possible(p: OpeningProblem) -> bool:
    us_max, _ = p.utilities(p.upper)
    _, ut_max = p.utilities(p.lower)
    if us_max <= p.disagreement[0] or ut_max <= p.disagreement[1]:
        return False
    # Strictly inside the frontier: the equal-gains point has positive gains.
    x = frontier_root(p, lambda lam, y: _surplus(p, y)[0] - _surplus(p, y)[1])
    return min(_surplus(p, x)) > 0


def _solve_equation(p: OpeningProblem, concept: str) -> OpeningSolution:
    if not _agreement_possible(p):
        return _no_agreement(p)
    eq = _equation(p, concept)
    x = frontier_root(p, lambda lam, y: eq(y))
    return _certify(p, concept, x)


def _utilitarian(p: OpeningProblem) -> OpeningSolution:
    if not _agreement_possible(p):
        return _no_agreement(p)
    # The unconstrained utilitarian point has slope 1; clip it into the individually rational
    # arc, whose ends are where one side is held to its threat payoff.
    x = frontier_root(p, lambda lam, y: 1.0 - lam)
    # Where the joint payoff is flat along a segment (linear sectors with v = c), every point
    # of it is utilitarian: take the one closest to equal gains, as the bargaining module does.
    ties = [i for i, (v, c, k) in enumerate(zip(p.values, p.costs, p.curvatures, strict=True))
            if k == 1 and c > 0 and v == c]
    if ties:
        x_hi, x_lo = x.copy(), x.copy()
        for i in ties:
            x_hi[i], x_lo[i] = p.upper[i], p.lower[i]
        e_hi = _surplus(p, x_hi)[0] - _surplus(p, x_hi)[1]
        e_lo = _surplus(p, x_lo)[0] - _surplus(p, x_lo)[1]
        t = 0.0 if e_hi <= 0 else 1.0 if e_lo >= 0 else e_hi / (e_hi - e_lo)
        x = x_hi + t * (x_lo - x_hi)
    s_s, s_t = _surplus(p, x)
    if s_t < 0:
        x = frontier_root(p, lambda lam, y: -_surplus(p, y)[1])
    elif s_s < 0:
        x = frontier_root(p, lambda lam, y: _surplus(p, y)[0])
    return _certify(p, "utilitarian", x)


def _certify(p: OpeningProblem, concept: str, x: NDArray[np.float64]) -> OpeningSolution:
    residual = concept_residual(p, concept, x)
    if residual > OPENING_TOL:
        raise CertificateError(f"concept_openings(): the {concept} answer failed its "
                              f"certificate (residual {residual:.3g})")
    us, ut = p.utilities(x)
    return OpeningSolution(True, tuple(float(v) for v in x), (us, ut), p.disagreement, None,
                           {concept: residual},
                           method=f"{concept} on the frontier slope (Minkowski sum)")


#: The concepts, each a function of an :class:`OpeningProblem`.
CONCEPT_SOLVERS: dict[str, Callable[[OpeningProblem], OpeningSolution]] = {
    "nash": nash_openings,
    "kalai_smorodinsky": lambda p: _solve_equation(p, "kalai_smorodinsky"),
    "egalitarian": lambda p: _solve_equation(p, "egalitarian"),
    "utilitarian": _utilitarian,
}


def supporting_slopes(
    problem: OpeningProblem, x: Sequence[float] | NDArray[np.float64]
) -> tuple[float, float]:
    """The interval of slopes ``lam`` at which every sector's opening in ``x`` is a best
    response (maximises ``v x - lam c x**k`` on its bounds); empty when low > high."""
    p = problem
    xa = np.asarray(x, dtype=float)
    lo_lam, hi_lam = 0.0, math.inf
    tol = 1e-12
    for v, c, k, x_s, lo, hi in zip(p.values, p.costs, p.curvatures, xa, p.lower, p.upper,
                                    strict=True):
        if c == 0 or v == 0:  # any slope supports the best end; other openings are waste
            best = lo if v == 0 else hi
            if abs(x_s - best) > tol:
                return math.inf, 0.0
            continue
        slope_here = float(v / (c * k * max(x_s, OPENING_RESOLUTION) ** (k - 1)))
        if x_s >= hi - tol and x_s > lo + tol:
            hi_lam = min(hi_lam, slope_here)  # at the top: marginal value >= marginal cost
        elif x_s <= max(lo + tol, OPENING_RESOLUTION) and x_s < hi - tol:
            lo_lam = max(lo_lam, slope_here)  # at the bottom: marginal value <= marginal cost
        elif lo + tol < x_s < hi - tol:
            lo_lam, hi_lam = max(lo_lam, slope_here), min(hi_lam, slope_here)
    return lo_lam, hi_lam


def frontier_residual(problem: OpeningProblem, x: Sequence[float] | NDArray[np.float64]) -> float:
    """How far ``x`` is from the package's Pareto frontier (0 on it).

    ``x`` is on the frontier iff one slope ``lam`` > 0 makes every sector's opening a best
    response, maximising ``v x - lam c x**k`` on its bounds. Each sector admits an interval of
    such slopes; the residual is the relative gap when those intervals do not intersect.
    Marginal costs are read no lower than ``OPENING_RESOLUTION`` (see ``kkt_residual``).

    Parameters
    ----------
    problem : OpeningProblem
        The package.
    x : sequence of float or numpy.ndarray
        The openings, one per sector.

    Returns
    -------
    float
        0 when the supporting slopes intersect, else their relative gap (``inf`` when no
        slope supports some sector).

    Examples
    --------
    >>> p = OpeningProblem.build(values=[6.0, 1.0], costs=[3.0, 1.0], curvatures=[1.0, 1.0],
    ...                          disagreement=(0.0, 0.0))
    >>> frontier_residual(p, [1.0, 0.0]), frontier_residual(p, [0.0, 1.0]) > 0.5
    (0.0, True)
    """
    lo_lam, hi_lam = supporting_slopes(problem, x)
    if lo_lam <= hi_lam * (1 + 1e-12):
        return 0.0
    return math.inf if math.isinf(lo_lam) else float((lo_lam - hi_lam) / hi_lam)


def concept_residual(
    problem: OpeningProblem, concept: str, x: Sequence[float] | NDArray[np.float64]
) -> float:
    """The certificate of a concept's answer: on the frontier, individually rational, and
    its defining equation holding (scaled by the payoffs' size). Nash uses its KKT residual.

    Parameters
    ----------
    problem : OpeningProblem
        The package.
    concept : str
        ``"nash"``, ``"kalai_smorodinsky"``, ``"egalitarian"`` or ``"utilitarian"``.
    x : sequence of float or numpy.ndarray
        The claimed openings.

    Returns
    -------
    float
        The residual: 0 for an exact answer, ``inf`` when ``x`` is not individually
        rational.

    Examples
    --------
    >>> p = OpeningProblem.build(values=[6.0], costs=[3.0], curvatures=[1.0],
    ...     disagreement=(-1.0, -4.0))
    >>> concept_residual(p, "egalitarian", [1 / 3]) < 1e-12
    True
    >>> concept_residual(p, "egalitarian", [0.5]) > 0.1
    True
    """
    p = problem
    xa = np.asarray(x, dtype=float)
    if concept == "nash":
        return kkt_residual(p, xa)
    s_s, s_t = _surplus(p, xa)
    scale = max(1.0, abs(p.disagreement[0]), abs(p.disagreement[1]),
                *(abs(u) for u in p.utilities(xa)))
    if min(s_s, s_t) < -OPENING_TOL * scale:
        return math.inf
    residual = frontier_residual(p, xa)
    if concept == "utilitarian":
        # Slope 1 supports the point, or one side is held to its threat payoff with the
        # unconstrained optimum (slope 1) beyond it: the target's floor binds when every
        # supporting slope is >= 1, the sender's when every one is <= 1.
        lo_lam, hi_lam = supporting_slopes(p, xa)
        slack = 1e-9
        if lo_lam <= 1 + slack and hi_lam >= 1 - slack:
            return residual
        if abs(s_t) <= OPENING_TOL * scale and lo_lam >= 1 - slack:
            return residual
        if abs(s_s) <= OPENING_TOL * scale and hi_lam <= 1 + slack:
            return residual
        return max(residual, min(abs(lo_lam - 1), abs(hi_lam - 1)))
    eq = _equation(p, concept)(xa)
    # At an end of the frontier the concept's point can lie beyond it, on the free-disposal
    # part of the set (only weakly Pareto optimal); the undominated end is then the answer.
    sender_end, target_end = frontier_ends(p)
    at_target_end = bool(np.all(np.abs(xa - target_end) <= 1e-12))
    at_sender_end = bool(np.all(np.abs(xa - sender_end) <= 1e-12))
    if (at_target_end and eq > 0) or (at_sender_end and eq < 0):
        return residual
    # The egalitarian equation is in payoff units; the KS one is already unitless.
    return max(residual, abs(eq) / (scale if concept == "egalitarian" else 1.0))
