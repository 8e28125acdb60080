"""The Nash bargaining solution over a vector of sector openings.

Each sector s contributes a value ``v_s x_s`` to the sender and a cost ``c_s x_s**k_s``
(k_s >= 1) to the target, with the opening ``x_s`` in ``[lower_s, upper_s]``. The utility
frontier of the package is the Minkowski sum of the sector frontiers. Its Nash point is found
through the frontier's slope: for a price ``lam`` of target utility in sender utility, every
sector independently maximises ``v x - lam c x**k``; the Nash point is the ``lam`` at which
``w_T (U_S - d_S) = lam w_S (U_T - d_T)``. That is a one-dimensional monotone root, so the
cost is linear in the number of sectors (times the root's iterations): the product of sector
outcomes is never enumerated.

The answer is certified by :func:`kkt_residual`, independently of how it was found: the
weighted log Nash product is concave in ``x``, so the Karush-Kuhn-Tucker conditions are
sufficient for optimality.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from solver._core.errors import CertificateError

if TYPE_CHECKING:
    pass

from numpy.typing import NDArray

from solver.algorithms.openings.opening_problem import (
    CURVATURE_SNAP,
    OPENING_RESOLUTION,
    OPENING_TOL,
    OpeningProblem,
    OpeningSolution,
)

__all__ = [
    "CURVATURE_SNAP",
    "OPENING_RESOLUTION",
    "OPENING_TOL",
    "OpeningProblem",
    "OpeningSolution",
    "frontier_ends",
    "frontier_root",
    "kkt_residual",
    "kkt_residuals",
    "nash_openings",
]


def _best_response(p: OpeningProblem, lam: float, tie: str) -> NDArray[np.float64]:
    """Each sector's maximiser of ``v x - lam c x**k`` on its bounds (``tie``: 'upper'/'lower')."""
    v, c, k = (np.asarray(a) for a in (p.values, p.costs, p.curvatures))
    lo, hi = np.asarray(p.lower), np.asarray(p.upper)
    x = np.empty(len(v))
    for s in range(len(v)):
        marginal_cost = lam * c[s] * k[s] if c[s] > 0 else 0.0
        if v[s] == 0:  # the sender gains nothing: opening only costs the target (or is moot)
            x[s] = lo[s]
        elif marginal_cost == 0:
            x[s] = hi[s]
        elif k[s] == 1:
            # Compare the sector's breakpoint v/c with lam: the very expression the
            # breakpoints are computed by, so a tie at a breakpoint is seen exactly.
            ratio = v[s] / c[s]
            x[s] = hi[s] if ratio > lam or (ratio == lam and tie == "upper") else lo[s]
        else:
            x[s] = min(max((v[s] / marginal_cost) ** (1 / (k[s] - 1)), lo[s]), hi[s])
    return x


def _gap(p: OpeningProblem, lam: float, x: NDArray[np.float64]) -> float:
    """``w_T S_S - lam w_S S_T``: decreasing in ``lam``; zero at the Nash point."""
    us, ut = p.utilities(x)
    return p.weights[1] * (us - p.disagreement[0]) - lam * p.weights[0] * (ut - p.disagreement[1])


def nash_openings(problem: OpeningProblem) -> OpeningSolution:
    """The (weighted) Nash bargaining openings, certified by their KKT residual.

    Parameters
    ----------
    problem : OpeningProblem
        Values, costs, curvatures, bounds, threat point and weights.

    Returns
    -------
    OpeningSolution
        The openings maximising the weighted Nash product, with their payoffs and KKT
        residual; or "no agreement" when none is individually rational.

    Examples
    --------
    Sender value 6, target cost 3 (linear), threat point (-2, -4). The closed form of
    ``docs/model.md`` gives x* = L_T/(2c) - L_S/(2 q G) = 4/6 - 2/12 = 0.5:

    >>> sol = nash_openings(OpeningProblem.build(values=[6.0], costs=[3.0], curvatures=[1.0],
    ...                                          disagreement=(-2.0, -4.0)))
    >>> sol.agreement, round(sol.openings[0], 12), sol.max_residual < OPENING_TOL
    (True, 0.5, True)
    """
    p = problem
    d_s, d_t = p.disagreement
    us_max, _ = p.utilities(p.upper)
    _, ut_max = p.utilities(p.lower)
    if us_max <= d_s or ut_max <= d_t:
        return OpeningSolution(False, None, p.disagreement, p.disagreement, None, {})
    return _certified(p, frontier_root(p, lambda lam, x: _gap(p, lam, x)))


Gap = Callable[[float, NDArray[np.float64]], float]


def frontier_ends(problem: OpeningProblem) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The package frontier's two ends: the sender's best (slope -> 0) and the target's best
    (slope -> infinity) openings.

    Parameters
    ----------
    problem : OpeningProblem
        The package.

    Returns
    -------
    sender_end, target_end : numpy.ndarray
        The openings maximising the sender's payoff (a sector it values goes to its upper
        bound) and those maximising the target's (every sector at its lower bound).

    Examples
    --------
    >>> p = OpeningProblem.build(values=[6.0, 0.0], costs=[3.0, 1.0], curvatures=[1.0, 1.0],
    ...                          disagreement=(0.0, 0.0))
    >>> [e.tolist() for e in frontier_ends(p)]
    [[1.0, 0.0], [0.0, 0.0]]
    """
    return _best_response(problem, 0.0, "upper"), _best_response(problem, math.inf, "lower")


def frontier_root(problem: OpeningProblem, gap: Gap) -> NDArray[np.float64]:
    """The point of the package's Pareto frontier where ``gap`` changes sign.

    The frontier is traced by the slope ``lam`` > 0: every sector maximises
    ``v x - lam c x**k`` on its bounds, and a linear sector jumps between its bounds at
    ``lam = v / c`` (the frontier then runs along a segment). ``gap(lam, x)`` must be
    decreasing along the frontier as ``lam`` grows (the sender's gain falling, the target's
    rising) and affine along a segment at fixed ``lam``. If it is not positive at the sender's
    end (``lam -> 0``), that end is returned; if not negative at the target's end, that one.
    The cost is a one-dimensional root whatever the number of sectors.

    Parameters
    ----------
    problem : OpeningProblem
        The package.
    gap : callable
        ``gap(lam, x) -> float``, decreasing along the frontier, as above.

    Returns
    -------
    numpy.ndarray
        The openings at the frontier point where ``gap`` is 0 (or at the end described).

    Examples
    --------
    The frontier point where the sender's payoff is 3, on v = 6, c = 3 (x = 1/2):

    >>> p = OpeningProblem.build(values=[6.0], costs=[3.0], curvatures=[1.0],
    ...     disagreement=(0.0, -4.0))
    >>> frontier_root(p, lambda lam, x: p.utilities(x)[0] - 3.0).round(12).tolist()
    [0.5]
    """
    from scipy.optimize import brentq

    p = problem
    x_sender_end = _best_response(p, 0.0, "upper")
    if gap(0.0, x_sender_end) <= 0:
        return x_sender_end
    # Breakpoints of linear sectors: the slopes at which a sector jumps between its bounds.
    breaks = sorted({v / c for v, c, k in zip(p.values, p.costs, p.curvatures, strict=True)
                     if k == 1 and c > 0 and v > 0})
    # Bracket the root: grow lam until the gap is not positive (or the frontier has ended).
    lo_lam, hi_lam = 0.0, max([1.0, *breaks]) * 2
    while gap(hi_lam, _best_response(p, hi_lam, "lower")) > 0:
        lo_lam, hi_lam = hi_lam, hi_lam * 4
        if hi_lam > 1e300:
            return _best_response(p, math.inf, "lower")  # positive all along: target's end
    # A linear sector's jump makes the gap discontinuous: find the interval between breakpoints.
    for b in breaks:
        if lo_lam < b < hi_lam:
            g_below = gap(b, _best_response(p, b, "upper"))
            g_above = gap(b, _best_response(p, b, "lower"))
            if g_below >= 0 >= g_above:
                return _fill_segment(p, b, g_below, g_above)
            if g_above > 0:
                lo_lam = b
            else:
                hi_lam = b
                break
    g_hi = gap(hi_lam, _best_response(p, hi_lam, "upper"))
    if g_hi > 0:  # the root sits at hi_lam's own jump
        return _fill_segment(p, hi_lam, g_hi, gap(hi_lam, _best_response(p, hi_lam, "lower")))
    lam = brentq(lambda t: gap(t, _best_response(p, t, "upper")), lo_lam, hi_lam,
                 xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)
    return _best_response(p, lam, "upper")


def _fill_segment(
    p: OpeningProblem, lam: float, g_upper: float, g_lower: float
) -> NDArray[np.float64]:
    """On a linear segment of the frontier, the point where the gap crosses zero."""
    x_hi = _best_response(p, lam, "upper")
    x_lo = _best_response(p, lam, "lower")
    t = g_upper / (g_upper - g_lower) if g_upper != g_lower else 0.0
    # The gap is affine along the segment (only linear sectors move), so t is exact.
    return x_hi + t * (x_lo - x_hi)


def _certified(p: OpeningProblem, x: NDArray[np.float64]) -> OpeningSolution:
    us, ut = p.utilities(x)
    d_s, d_t = p.disagreement
    if not (us > d_s and ut > d_t):
        return OpeningSolution(False, None, p.disagreement, p.disagreement, None, {})
    residual = kkt_residual(p, x)
    if residual > OPENING_TOL:
        raise CertificateError(
            f"nash_openings(): solution failed its KKT certificate (residual {residual:.3g})"
        )
    slope = p.weights[1] * (us - d_s) / (p.weights[0] * (ut - d_t))
    return OpeningSolution(True, tuple(float(v) for v in x), (us, ut), p.disagreement, slope,
                           {"kkt": residual})


def kkt_residual(problem: OpeningProblem, x: Sequence[float] | NDArray[np.float64]) -> float:
    """Largest scaled violation of the KKT conditions of the weighted log Nash product at ``x``.

    The objective ``w_S log(U_S - d_S) + w_T log(U_T - d_T)`` is concave on the box, so a zero
    residual proves ``x`` optimal. Each sector's partial derivative is scaled by
    ``w_S v_s / S_S + w_T c_s k_s / S_T`` so the residual is unit-free; infinite if ``x`` is not
    strictly individually rational or violates its bounds. Marginal costs are read at
    ``max(x, OPENING_RESOLUTION)``, so the certificate proves optimality to within that
    opening resolution (it matters only for curvatures a hair above 1, whose optimum can
    underflow to 0).

    Parameters
    ----------
    problem : OpeningProblem
        The problem whose Nash product is checked.
    x : sequence of float
        One opening per sector.

    Returns
    -------
    float
        The largest scaled violation (0 at the optimum; ``inf`` outside the strictly
        individually rational box).

    Examples
    --------
    >>> p = OpeningProblem.build(values=[6.0], costs=[3.0], curvatures=[1.0],
    ...     disagreement=(-2.0, -4.0))
    >>> kkt_residual(p, [0.5]) < 1e-15, kkt_residual(p, [0.4]) > 0.01
    (True, True)
    """
    p = problem
    out = kkt_residuals(
        np.asarray([x], dtype=float), values=np.asarray([p.values]),
        costs=np.asarray([p.costs]), curvatures=np.asarray([p.curvatures]),
        lower=np.asarray([p.lower]), upper=np.asarray([p.upper]),
        disagreement=np.asarray([p.disagreement]), weights=p.weights,
    )
    return float(out[0])


def kkt_residuals(
    x: NDArray[np.float64],
    *,
    values: NDArray[np.float64],
    costs: NDArray[np.float64],
    curvatures: NDArray[np.float64],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    disagreement: NDArray[np.float64],
    weights: tuple[float, float] = (0.5, 0.5),
) -> NDArray[np.float64]:
    """:func:`kkt_residual` for a batch: arrays of shape (draws, sectors); ``disagreement``
    has shape (draws, 2). Returns one residual per draw.

    Parameters
    ----------
    x : numpy.ndarray
        The openings to check, shape (draws, sectors).
    values, costs, curvatures : numpy.ndarray
        Per draw and sector, shape (draws, sectors): the sender's value v, the target's cost
        c, and the cost's curvature k.
    lower, upper : numpy.ndarray
        The bounds on each opening, shape (draws, sectors).
    disagreement : numpy.ndarray
        Each draw's threat point (d_S, d_T), shape (draws, 2).
    weights : (float, float), optional
        The Nash product's weights (w_S, w_T).

    Returns
    -------
    numpy.ndarray
        Per draw, the largest scaled violation of the KKT conditions of the weighted log Nash
        product; ``inf`` where ``x`` is out of bounds or not strictly better than the
        disagreement point for both.

    Examples
    --------
    v = 6, c = 3, d = (-2, -4): the Nash opening is 1/2; 0.9 is not.

    >>> one = np.ones((2, 1))
    >>> kkt_residuals(np.array([[0.5], [0.9]]), values=6 * one, costs=3 * one,
    ...               curvatures=one, lower=0 * one, upper=one,
    ...               disagreement=np.array([[-2.0, -4.0], [-2.0, -4.0]])).round(12).tolist()
    [0.0, 0.48]
    """
    v, c, k = values, costs, curvatures
    bound_tol = 1e-12
    us = (v * x).sum(axis=1)
    ut = -(c * x**k).sum(axis=1)
    s_s = (us - disagreement[:, 0])[:, None]
    s_t = (ut - disagreement[:, 1])[:, None]
    feasible = (s_s[:, 0] > 0) & (s_t[:, 0] > 0)
    inside = np.all((x >= lower - bound_tol) & (x <= upper + bound_tol), axis=1)
    # The marginal cost is evaluated no lower than OPENING_RESOLUTION: with k barely above 1
    # the exact optimum can sit at x ~ 1e-600, which floats round to 0, where the marginal
    # cost c k x**(k-1) would read 0. By concavity a passing check at the resolution proves
    # the optimum lies within OPENING_RESOLUTION of x.
    x_eval = np.maximum(x, OPENING_RESOLUTION)
    with np.errstate(divide="ignore", invalid="ignore"):
        dcost = c * k * x_eval ** (k - 1)
        grad = weights[0] * v / s_s - weights[1] * dcost / s_t
        scale = weights[0] * v / s_s + weights[1] * c * k / s_t
    scale = np.where(scale > 0, scale, 1.0)
    viol = np.abs(grad)
    # Within OPENING_RESOLUTION of the lower bound counts as at it: there the gradient is read
    # at the resolution, and a non-positive one proves the optimum lies below it.
    viol = np.where((x <= np.maximum(lower + bound_tol, OPENING_RESOLUTION)) & (grad <= 0), 0.0,
                    viol)
    viol = np.where((x >= upper - bound_tol) & (grad >= 0), 0.0, viol)
    with np.errstate(divide="ignore", invalid="ignore"):  # rows not individually rational
        res = np.max(viol / scale, axis=1)  # are replaced by inf just below
    return np.where(feasible & inside, res, np.inf)
