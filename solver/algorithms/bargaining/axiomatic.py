"""The axiomatic bargaining solutions: Nash, Kalai-Smorodinsky, egalitarian, utilitarian.

On polygons each answer is a closed form on the vertices and edges of the individually
rational Pareto frontier, computed in exact rational arithmetic (returned as Fractions when the
problem is exact). On smooth frontiers each answer is the root of a monotone one-dimensional
condition, found by :func:`scipy.optimize.brentq` to about 1e-14 in ``u1`` (well inside the
certificate tolerance :data:`~solver.representations.bargaining.BARGAINING_TOL`).

Every answer carries its certificate (:mod:`solver.algorithms.bargaining.certificate`). When no
feasible point is strictly better than the disagreement point for both players, the answer is
the disagreement point with ``agreement=False``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from functools import singledispatch
from numbers import Rational
from typing import Any

import numpy as np

from solver._core.errors import InputError
from solver._core.validation import check_weights
from solver.algorithms.bargaining.certificate import certify, leximin_point
from solver.algorithms.bargaining.result import BargainingSolution
from solver.representations.bargaining import (
    BargainingProblem,
    FrontierProblem,
    PolygonProblem,
    pareto_chain,
    ray_exit,
)

__all__ = ["egalitarian", "kalai_smorodinsky", "nash_bargaining", "utilitarian"]

Pt = tuple[Fraction, Fraction]


def _check(func: str, problem: Any) -> BargainingProblem:
    if not isinstance(problem, BargainingProblem):
        raise InputError(
            f"{func}: problem must be a BargainingProblem, got {type(problem).__name__}"
        )
    return problem


def _weights(func: str, weights: Any) -> tuple[Fraction, Fraction]:
    """Two positive weights summing to 1 (:func:`~solver._core.validation.check_weights`),
    as Fractions renormalised to sum to exactly 1."""
    w = [Fraction(v) if isinstance(v, Rational) else Fraction(repr(float(v)))
         for v in check_weights(func, "weights", weights)]
    return w[0] / (w[0] + w[1]), w[1] / (w[0] + w[1])


def _d(problem: BargainingProblem) -> Pt:
    d1, d2 = problem.disagreement
    return (Fraction(d1), Fraction(d2))


def _result(
    problem: BargainingProblem, point: Any, method: str, agreement: bool,
    weights: tuple[Fraction, Fraction] = (Fraction(1, 2), Fraction(1, 2)),
) -> BargainingSolution:
    if not agreement:
        point = problem.disagreement
    if problem.is_exact:
        pt: tuple[Any, Any] = (Fraction(point[0]), Fraction(point[1]))
    else:
        pt = (float(point[0]), float(point[1]))
    residuals = certify(problem, pt, method, agreement=agreement, weights=weights)
    params: dict[str, Any] = {"weights": weights} if method == "nash" else {}
    return BargainingSolution(pt, method, problem.is_exact, agreement, residuals, params)


# -- polygon kernels (exact) --------------------------------------------------------------------


def _nash_polygon(chain: Sequence[Pt], d: Pt, w: tuple[Fraction, Fraction]) -> Pt:
    """Walk the Pareto chain; the weighted Nash product's directional derivative along an edge,
    times the positive gains, ``w1 b (u2 - d2) + w2 e (u1 - d1)``, falls linearly along it."""
    w1, w2 = w

    def slope_sign(p: Pt, b: Fraction, e: Fraction) -> Fraction:
        return w1 * b * (p[1] - d[1]) + w2 * e * (p[0] - d[0])

    for p, q in zip(chain, chain[1:], strict=False):
        b, e = q[0] - p[0], q[1] - p[1]
        if slope_sign(p, b, e) <= 0:
            return p
        if slope_sign(q, b, e) < 0:
            s = -(w1 * b * (p[1] - d[1]) + w2 * e * (p[0] - d[0])) / ((w1 + w2) * b * e)
            return (p[0] + s * b, p[1] + s * e)
    return chain[-1]


def _utilitarian_polygon(chain: Sequence[Pt], d: Pt) -> Pt:
    """The best vertex; on a tie along an edge of slope -1, the point of equal gains on it."""
    best = max(p[0] + p[1] for p in chain)
    tied = [p for p in chain if p[0] + p[1] == best]
    lo, hi = tied[0][0], tied[-1][0]
    u1 = min(max((best + d[0] - d[1]) / 2, lo), hi)
    return (u1, best - u1)


# -- smooth kernels ----------------------------------------------------------------------------


def _root(g: Callable[[float], float], a: float, b: float) -> float:
    """The point where a decreasing ``g`` crosses 0 on ``[a, b]`` (an end if it does not)."""
    from scipy.optimize import brentq

    if a >= b or g(a) <= 0:
        return a
    if g(b) >= 0:
        return b
    return float(brentq(g, a, b, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500))


def _smooth_parts(problem: FrontierProblem) -> tuple[Callable[[float], float],
                                                     Callable[[float], float], float, float]:
    t_a, t_b = problem.pareto_range()
    return problem.curve, problem.curve_slope, t_a, t_b


def _no_kernel(problem: BargainingProblem, *args: Any) -> Any:
    """A kind of problem no kernel is registered for."""
    raise TypeError(f"no bargaining kernel for {type(problem).__name__}")


# -- the kernels of each solution, one per kind of problem ---------------------------------------
# Each returns the agreed point; the kinds are told apart by the class (functools.singledispatch).

_nash_point = singledispatch(_no_kernel)
_ks_point = singledispatch(_no_kernel)
_egalitarian_point = singledispatch(_no_kernel)
_utilitarian_point = singledispatch(_no_kernel)


@_nash_point.register
def _nash_on_polygon(problem: PolygonProblem, w: tuple[Fraction, Fraction]) -> Any:
    return _nash_polygon(pareto_chain(problem.ir_set()), _d(problem), w)


@_nash_point.register
def _nash_on_frontier(problem: FrontierProblem, w: tuple[Fraction, Fraction]) -> Any:
    f, deriv, t_a, t_b = _smooth_parts(problem)
    d1, d2 = (float(v) for v in problem.disagreement)
    w1, w2 = float(w[0]), float(w[1])
    t = _root(lambda t: w1 * (f(t) - d2) + w2 * deriv(t) * (t - d1), max(t_a, d1), t_b)
    return (t, f(t))


@_ks_point.register
def _ks_on_polygon(problem: PolygonProblem) -> Any:
    d = _d(problem)
    ir = problem.ir_set()
    a = (max(p[0] for p in ir), max(p[1] for p in ir))
    t = ray_exit(ir, origin=d, direction=(a[0] - d[0], a[1] - d[1]))
    return (d[0] + t * (a[0] - d[0]), d[1] + t * (a[1] - d[1]))


@_ks_point.register
def _ks_on_frontier(problem: FrontierProblem) -> Any:
    f, _, t_a, t_b = _smooth_parts(problem)
    (d1, d2), (a1, a2) = (float(v) for v in problem.disagreement), problem.ideal()
    u = _root(lambda t: (f(t) - d2) * (a1 - d1) - (t - d1) * (a2 - d2), t_a, t_b)
    return (u, f(u))


@_egalitarian_point.register
def _egalitarian_on_polygon(problem: PolygonProblem) -> Any:
    d = _d(problem)
    if not problem.free_disposal:
        return leximin_point(problem.ir_set(), d)
    t = ray_exit(problem.ir_set(), origin=d, direction=(Fraction(1), Fraction(1)))
    return (d[0] + t, d[1] + t)


@_egalitarian_point.register
def _egalitarian_on_frontier(problem: FrontierProblem) -> Any:
    f, _, t_a, t_b = _smooth_parts(problem)
    d1, d2 = (float(v) for v in problem.disagreement)
    a2 = f(t_a)
    if t_a - d1 >= a2 - d2:  # the equal-gains ray meets the flat top left of the frontier
        return (d1 + a2 - d2, a2)
    if t_b - d1 <= f(t_b) - d2:  # it meets the vertical drop below the right end
        return (t_b, d2 + t_b - d1)
    u = _root(lambda t: (f(t) - d2) - (t - d1), t_a, t_b)
    return (u, f(u))


@_utilitarian_point.register
def _utilitarian_on_polygon(problem: PolygonProblem) -> Any:
    return _utilitarian_polygon(pareto_chain(problem.ir_set()), _d(problem))


@_utilitarian_point.register
def _utilitarian_on_frontier(problem: FrontierProblem) -> Any:
    from scipy.optimize import minimize_scalar

    f, deriv, t_a, t_b = _smooth_parts(problem)
    t = _root(lambda t: 1.0 + deriv(t), t_a, t_b)
    # Without a given derivative the slope is a finite difference, whose error can leave
    # ~1e-9 of joint payoff unclaimed where the frontier is nearly flat: polish by maximising
    # the (concave) sum itself, and keep whichever point is better.
    res = minimize_scalar(lambda u: -(u + f(u)), bounds=(t_a, t_b), method="bounded",
                          options={"xatol": 1e-14})
    if t_a <= res.x <= t_b and res.x + f(res.x) > t + f(t):
        t = float(res.x)
    return (t, f(t))


# -- the solutions -----------------------------------------------------------------------------


def nash_bargaining(
    problem: BargainingProblem, weights: Sequence[Any] = (0.5, 0.5)
) -> BargainingSolution:
    """Nash's (1950) bargaining solution, or its asymmetric (weighted) form.

    Maximises ``(u1 - d1)**w1 * (u2 - d2)**w2`` over feasible points strictly better than
    ``d`` for both players.

    Parameters
    ----------
    problem : BargainingProblem
    weights : (w1, w2)
        Bargaining powers, positive and summing to 1. Floats are read as their shortest
        decimal (0.3 is 3/10), so exact problems stay exact.

    Returns
    -------
    BargainingSolution

    Examples
    --------
    >>> p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0))
    >>> nash_bargaining(p).point
    (Fraction(1, 2), Fraction(1, 2))
    >>> nash_bargaining(p, weights=(0.25, 0.75)).point
    (Fraction(1, 4), Fraction(3, 4))
    >>> q = BargainingProblem.from_frontier(lambda u: 1 - u**2, domain=(0, 1),
    ...                                     disagreement=(0, 0))
    >>> [round(v, 9) for v in nash_bargaining(q).point]   # (1/sqrt(3), 2/3)
    [0.577350269, 0.666666667]
    """
    func = "nash_bargaining()"
    problem = _check(func, problem)
    w = _weights(func, weights)
    if not problem.agreement_possible:
        return _result(problem, None, "nash", False, w)
    return _result(problem, _nash_point(problem, w), "nash", True, w)


def kalai_smorodinsky(problem: BargainingProblem) -> BargainingSolution:
    """Kalai and Smorodinsky's (1975) solution: the maximal feasible point on the segment from
    ``d`` to the ideal point (each player's best individually rational payoff).

    Parameters
    ----------
    problem : BargainingProblem
        The problem.

    Returns
    -------
    BargainingSolution
        The Kalai-Smorodinsky point, exact for an exact problem, with its certificate; the
        disagreement point with ``agreement=False`` when no point is better than ``d`` for
        both players.

    Raises
    ------
    InputError
        When ``problem`` is not a :class:`BargainingProblem`.

    Examples
    --------
    >>> pts = [(0, 0), (1, 0), (0, 1), (Fraction(3, 4), Fraction(3, 4))]
    >>> p = BargainingProblem.from_points(pts, (0, 0))
    >>> kalai_smorodinsky(p).point
    (Fraction(3, 4), Fraction(3, 4))
    """
    func = "kalai_smorodinsky()"
    problem = _check(func, problem)
    if not problem.agreement_possible:
        return _result(problem, None, "kalai_smorodinsky", False)
    return _result(problem, _ks_point(problem), "kalai_smorodinsky", True)


def egalitarian(problem: BargainingProblem) -> BargainingSolution:
    """The egalitarian solution (Kalai 1977): the maximal feasible point of equal gains over ``d``.

    It may be only weakly Pareto optimal (on a flat or vertical part of the boundary). Without
    free disposal the equal-gains point can be dominated by a feasible point (the boundary
    may rise to the right), so there the solution is the *leximin* point of the individually
    rational set: the largest smallest gain, then the largest other gain (ties: larger u1).

    Parameters
    ----------
    problem : BargainingProblem
        The problem.

    Returns
    -------
    BargainingSolution
        The egalitarian point, exact for an exact problem, with its certificate; the
        disagreement point with ``agreement=False`` when no point is better than ``d`` for
        both players.

    Raises
    ------
    InputError
        When ``problem`` is not a :class:`BargainingProblem`.

    Examples
    --------
    >>> p = BargainingProblem.from_points([(0, 2), (2, 0)], (0, 1))
    >>> egalitarian(p).point
    (Fraction(1, 2), Fraction(3, 2))
    >>> q = BargainingProblem.from_points([(0, 0), (1, 2), (3, 5 / 2)], (0, 0),
    ...                                   free_disposal=False)
    >>> egalitarian(q).point
    (3.0, 2.5)
    """
    func = "egalitarian()"
    problem = _check(func, problem)
    if not problem.agreement_possible:
        return _result(problem, None, "egalitarian", False)
    return _result(problem, _egalitarian_point(problem), "egalitarian", True)


def utilitarian(problem: BargainingProblem) -> BargainingSolution:
    """The utilitarian solution: the individually rational point of largest ``u1 + u2``.

    On a tie (a frontier edge of slope -1) the point of the tied edge closest to equal gains
    is returned.

    Parameters
    ----------
    problem : BargainingProblem
        The problem.

    Returns
    -------
    BargainingSolution
        The utilitarian point, exact for an exact problem, with its certificate; the
        disagreement point with ``agreement=False`` when no point is better than ``d`` for
        both players.

    Raises
    ------
    InputError
        When ``problem`` is not a :class:`BargainingProblem`.

    Examples
    --------
    >>> p = BargainingProblem.from_points([(0, 3), (2, 2), (3, 0)], (0, 0))
    >>> utilitarian(p).point
    (Fraction(2, 1), Fraction(2, 1))
    """

    func = "utilitarian()"
    problem = _check(func, problem)
    if not problem.agreement_possible:
        return _result(problem, None, "utilitarian", False)
    return _result(problem, _utilitarian_point(problem), "utilitarian", True)
