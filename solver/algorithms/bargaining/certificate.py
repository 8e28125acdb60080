"""Certificates: each bargaining solution checked against its defining conditions.

The checks never ask how a point was found. They read the problem's geometry (exact on
polygons) and return residuals, each 0 when its condition holds:

* all: ``feasibility`` (distance above the upper boundary), ``individual_rationality``;
* Nash (1950): ``foc``, the slope of the weighted Nash product's level curve at the point,
  ``-(w1 (u2 - d2)) / (w2 (u1 - d1))``, must lie between the right and left slopes of the
  frontier there (tangency on an edge or a smooth frontier; a supporting slope at a vertex);
  and ``pareto``;
* Kalai-Smorodinsky (1975): ``segment``, distance from the segment between ``d`` and the
  ideal point; and ``pareto``;
* egalitarian (Kalai 1977): ``equal_gains``; and ``weak_pareto``; without free disposal,
  where it is the leximin point: ``maxmin``, how much the smallest gain could still rise,
  and ``leximin``, how much the other gain could then still rise;
* utilitarian: ``optimality``, how much the sum of payoffs could still rise; and ``pareto``;
* "no agreement": ``no_gain``, how far one could move from ``d`` improving both strictly
  (0 when nothing is strictly better), and ``at_disagreement``.

``pareto`` is the largest total gain over points that dominate the answer; ``weak_pareto``
the largest equal gain to both.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from functools import singledispatch
from typing import Any

from solver._core.errors import InputError
from solver.representations.bargaining import (
    BargainingProblem,
    FrontierProblem,
    PolygonProblem,
    clip,
    contains,
    ray_exit,
)

__all__ = ["CERTIFICATES", "certify", "leximin_point", "max_min_gain"]


def _f(v: Any) -> Fraction:
    return v if isinstance(v, Fraction) else Fraction(float(v))


def _no_kernel(problem: BargainingProblem, *args: Any) -> Any:
    """A kind of problem no check is registered for."""
    raise TypeError(f"no bargaining certificate for {type(problem).__name__}")


@singledispatch
def room(problem: BargainingProblem, point: Sequence[Any], *,
         direction: tuple[int, int]) -> float:
    """The largest ``t >= 0`` with ``point + t * direction`` feasible (0 if ``point`` is not).

    Examples
    --------
    >>> p = BargainingProblem.from_points([(0, 2), (2, 0)], (0, 0))
    >>> room(p, (0, 0), direction=(1, 1))
    1.0
    """
    return _no_kernel(problem)


@room.register
def _room_in_polygon(problem: PolygonProblem, point: Sequence[Any], *,
                     direction: tuple[int, int]) -> float:
    p = (_f(point[0]), _f(point[1]))
    poly = problem.vertices()
    if not contains(poly, p):
        return 0.0
    return float(ray_exit(poly, origin=p, direction=(Fraction(direction[0]),
                                                     Fraction(direction[1]))))


@room.register
def _room_in_frontier(problem: FrontierProblem, point: Sequence[Any], *,
                      direction: tuple[int, int]) -> float:
    from scipy.optimize import brentq

    p1, p2 = float(point[0]), float(point[1])

    def slack(t: float) -> float:
        top = problem.frontier(p1 + t * direction[0])
        return -math.inf if top is None else top - (p2 + t * direction[1])

    if slack(0.0) < 0:
        return 0.0
    span = problem.domain[1] - problem.domain[0] + abs(p1) + abs(p2) + 1.0
    if slack(span) >= 0:
        return span
    return float(brentq(slack, 0.0, span, xtol=1e-15 * span, maxiter=500))


@singledispatch
def pareto_gap(problem: BargainingProblem, point: Sequence[Any]) -> float:
    """Largest ``(u1 - p1) + (u2 - p2)`` over feasible ``u >= point`` (0 when none).

    Examples
    --------
    >>> p = BargainingProblem.from_points([(0, 2), (2, 0)], (0, 0))
    >>> pareto_gap(p, (1, 0)), pareto_gap(p, (1, 1))
    (1.0, 0.0)
    """
    return _no_kernel(problem)


@pareto_gap.register
def _pareto_gap_in_polygon(problem: PolygonProblem, point: Sequence[Any]) -> float:
    p = (_f(point[0]), _f(point[1]))
    above = clip(clip(problem.vertices(), 0, p[0]), 1, p[1])
    if not above:
        return 0.0
    return float(max(u[0] + u[1] for u in above) - p[0] - p[1])


@pareto_gap.register
def _pareto_gap_in_frontier(problem: FrontierProblem, point: Sequence[Any]) -> float:
    p1, p2 = float(point[0]), float(point[1])
    top = room(problem, (p1, p2), direction=(1, 0))
    return _max_sum(problem, lo=p1, hi=p1 + top) - p1 - p2 if top > 0 else 0.0


def _max_sum(problem: FrontierProblem, *, lo: float, hi: float) -> float:
    """``max u1 + frontier(u1)`` over ``[lo, hi]``, a concave function."""
    from scipy.optimize import minimize_scalar

    def g(t: float) -> float:
        v = problem.frontier(t)
        return -math.inf if v is None else t + v

    res = minimize_scalar(lambda t: -g(t), bounds=(lo, hi), method="bounded",
                          options={"xatol": 1e-12})
    return max(g(lo), g(hi), -float(res.fun))


def _common(problem: BargainingProblem, point: Sequence[Any]) -> dict[str, float]:
    d = problem.disagreement
    top = problem.frontier(point[0])
    feas = math.inf if top is None else max(0.0, float(point[1] - top))
    ir = max(0.0, float(d[0] - point[0]), float(d[1] - point[1]))
    return {"feasibility": feas, "individual_rationality": ir}


def _no_agreement(problem: BargainingProblem, point: Sequence[Any]) -> dict[str, float]:
    d = problem.disagreement
    gap = max(abs(float(point[0] - d[0])), abs(float(point[1] - d[1])))
    return {"no_gain": room(problem, d, direction=(1, 1)), "at_disagreement": gap}


def certify_nash(
    problem: BargainingProblem, point: Sequence[Any], weights: Sequence[Any] = (0.5, 0.5)
) -> dict[str, float]:
    """Residuals of the (weighted) Nash bargaining solution's conditions at ``point``.

    Examples
    --------
    >>> p = BargainingProblem.from_points([(0, 2), (2, 0)], (0, 0))
    >>> certify_nash(p, (1, 1))["foc"], certify_nash(p, (1.5, 0.5))["foc"] > 0
    (0.0, True)
    """
    out = _common(problem, point)
    d = problem.disagreement
    g1, g2 = point[0] - d[0], point[1] - d[1]
    if g1 <= 0 or g2 <= 0:
        out["foc"] = math.inf
    else:
        w1, w2 = (_f(w) for w in weights) if problem.is_exact else (float(w) for w in weights)
        # The ratio of gains first: w2 * g1 underflows to 0 for subnormal gains (5e-324).
        m = float(-(w1 / w2) * (g2 / g1))
        left, right = problem.slope(point[0])
        out["foc"] = max(0.0, m - left, right - m) / (1.0 + abs(m))
    out["pareto"] = pareto_gap(problem, point)
    return out


def certify_kalai_smorodinsky(problem: BargainingProblem, point: Sequence[Any]) -> dict[str, float]:
    """Residuals of the Kalai-Smorodinsky conditions at ``point``.

    Examples
    --------
    >>> p = BargainingProblem.from_points([(0, 1), (2, 0)], (0, 0))
    >>> max(certify_kalai_smorodinsky(p, (1, 0.5)).values())
    0.0
    """
    out = _common(problem, point)
    d, a = problem.disagreement, problem.ideal()
    cross = (point[0] - d[0]) * (a[1] - d[1]) - (point[1] - d[1]) * (a[0] - d[0])
    norm = math.hypot(float(a[0] - d[0]), float(a[1] - d[1]))
    out["segment"] = abs(float(cross)) / norm if norm > 0 else 0.0
    out["pareto"] = pareto_gap(problem, point)
    return out


def certify_egalitarian(problem: BargainingProblem, point: Sequence[Any]) -> dict[str, float]:
    """Residuals of the egalitarian conditions at ``point``.

    Examples
    --------
    >>> p = BargainingProblem.from_points([(0, 3), (3, 0)], (0, 1))
    >>> max(certify_egalitarian(p, (1, 2)).values())
    0.0
    """
    out = _common(problem, point)
    out.update(_egalitarian_checks(problem, point))
    return out


def _equal_gains(problem: BargainingProblem, point: Sequence[Any]) -> dict[str, float]:
    """Equal gains and weak Pareto optimality: the checks with free disposal."""
    d = problem.disagreement
    return {"equal_gains": abs(float((point[0] - d[0]) - (point[1] - d[1]))),
            "weak_pareto": room(problem, point, direction=(1, 1))}


_egalitarian_checks = singledispatch(_equal_gains)


@_egalitarian_checks.register
def _egalitarian_checks_in_polygon(problem: PolygonProblem, point: Sequence[Any]
                                   ) -> dict[str, float]:
    """Without free disposal the egalitarian point is the leximin point: its two checks."""
    if problem.free_disposal:
        return _equal_gains(problem, point)
    d = problem.disagreement
    fd = (Fraction(d[0]), Fraction(d[1]))
    g = (_f(point[0]) - fd[0], _f(point[1]) - fd[1])
    ir = problem.ir_set()
    m = max_min_gain(ir, fd)
    top = clip(clip(ir, 0, fd[0] + min(m, min(g))), 1, fd[1] + min(m, min(g)))
    best = max((max(u[0] - fd[0], u[1] - fd[1]) for u in top), default=m)
    return {"maxmin": max(0.0, float(m - min(g))), "leximin": max(0.0, float(best - max(g)))}


def max_min_gain(poly: Sequence[tuple[Fraction, Fraction]], d: tuple[Fraction, Fraction]
                 ) -> Fraction:
    """``max min(u1 - d1, u2 - d2)`` over a convex polygon: at a vertex, or where an edge
    crosses the equal-gains line (the objective is concave and piecewise linear).

    Parameters
    ----------
    poly : sequence of (Fraction, Fraction)
        A convex polygon's vertices, counter-clockwise.
    d : (Fraction, Fraction)
        The disagreement point gains are counted from.

    Returns
    -------
    Fraction
        The largest smallest gain over the polygon (negative when no point is at least as
        good as ``d`` for both).

    Examples
    --------
    >>> F = Fraction
    >>> max_min_gain([(F(0), F(0)), (F(2), F(0)), (F(0), F(2))], (F(0), F(0)))
    Fraction(1, 1)
    """
    cands = list(poly)
    for i in range(len(poly)):
        p, q = poly[i], poly[(i + 1) % len(poly)]
        gp, gq = (p[0] - d[0]) - (p[1] - d[1]), (q[0] - d[0]) - (q[1] - d[1])
        if gp * gq < 0:
            s = gp / (gp - gq)
            cands.append((p[0] + s * (q[0] - p[0]), p[1] + s * (q[1] - p[1])))
    return max(min(u[0] - d[0], u[1] - d[1]) for u in cands)


def leximin_point(poly: Sequence[tuple[Fraction, Fraction]], d: tuple[Fraction, Fraction]
                  ) -> tuple[Fraction, Fraction]:
    """The leximin point of a convex polygon over ``d``: largest smallest gain, then largest
    other gain; ties go to the larger ``u1``.

    Parameters
    ----------
    poly : sequence of (Fraction, Fraction)
        A convex polygon's vertices, counter-clockwise.
    d : (Fraction, Fraction)
        The disagreement point gains are counted from.

    Returns
    -------
    (Fraction, Fraction)
        The leximin point.

    Examples
    --------
    >>> F = Fraction
    >>> leximin_point([(F(0), F(0)), (F(3), F(5, 2)), (F(1), F(2))], (F(0), F(0)))
    (Fraction(3, 1), Fraction(5, 2))
    """
    m = max_min_gain(poly, d)
    top = clip(clip(poly, 0, d[0] + m), 1, d[1] + m)
    return max(top, key=lambda u: (max(u[0] - d[0], u[1] - d[1]), u[0]))


def certify_utilitarian(problem: BargainingProblem, point: Sequence[Any]) -> dict[str, float]:
    """Residuals of the utilitarian conditions at ``point``.

    Examples
    --------
    >>> p = BargainingProblem.from_points([(0, 3), (2, 2), (3, 0)], (0, 0))
    >>> certify_utilitarian(p, (2, 2))["optimality"], certify_utilitarian(p, (3, 0))["optimality"]
    (0.0, 1.0)
    """
    out = _common(problem, point)
    out["optimality"] = _utilitarian_gap(problem, point)
    out["pareto"] = pareto_gap(problem, point)
    return out


@singledispatch
def _utilitarian_gap(problem: BargainingProblem, point: Sequence[Any]) -> float:
    """How much the sum of payoffs could still rise over ``point``."""
    return _no_kernel(problem)


@_utilitarian_gap.register
def _utilitarian_gap_in_polygon(problem: PolygonProblem, point: Sequence[Any]) -> float:
    best = max(u[0] + u[1] for u in problem.ir_set())
    return max(0.0, float(best - _f(point[0]) - _f(point[1])))


@_utilitarian_gap.register
def _utilitarian_gap_in_frontier(problem: FrontierProblem, point: Sequence[Any]) -> float:
    t_a, t_b = problem.pareto_range()
    return max(0.0, _max_sum(problem, lo=t_a, hi=t_b) - float(point[0] + point[1]))


#: The certificate of each method, by the name a :class:`BargainingSolution` records.
CERTIFICATES: Mapping[str, Callable[..., dict[str, float]]] = {
    "nash": certify_nash,
    "kalai_smorodinsky": certify_kalai_smorodinsky,
    "egalitarian": certify_egalitarian,
    "utilitarian": certify_utilitarian,
}


def certify(
    problem: BargainingProblem, point: Sequence[Any], method: str, *, agreement: bool = True,
    weights: Sequence[Any] = (0.5, 0.5),
) -> dict[str, float]:
    """The residuals of ``method``'s defining conditions at ``point``, all 0 when they hold.

    With ``agreement=False`` the claim checked is "nothing is strictly better than ``d``".
    For a float problem the residuals are divided by its payoff scale, ``max(1, largest
    |coordinate| of d and the ideal point)``, so that a tolerance means the same at any scale.

    Parameters
    ----------
    problem : BargainingProblem
        The problem.
    point : sequence of two numbers
        The claimed solution.
    method : str
        ``"nash"``, ``"kalai_smorodinsky"``, ``"egalitarian"`` or ``"utilitarian"``.
    agreement : bool, optional
        False to check the claim that no agreement improves on ``d`` instead.
    weights : sequence of two numbers, optional
        The bargaining powers, for ``"nash"``.

    Returns
    -------
    dict of str to float
        Each condition's name and its residual (scaled for a float problem).

    Raises
    ------
    InputError
        For an unknown ``method``.

    Examples
    --------
    >>> p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0))
    >>> from fractions import Fraction as F
    >>> max(certify(p, (F(1, 2), F(1, 2)), "nash").values())
    0.0
    >>> certify(p, (F(1, 4), F(3, 4)), "nash")["foc"] > 0
    True
    """
    if method not in CERTIFICATES:
        raise InputError(f"certify(): unknown method {method!r}; known: {sorted(CERTIFICATES)}")
    if not agreement:
        out = _no_agreement(problem, point)
    elif method == "nash":
        out = certify_nash(problem, point, weights)
    else:
        out = CERTIFICATES[method](problem, point)
    if problem.is_exact:
        return out
    coords = [*problem.disagreement, *problem.ideal()]
    scale = max([1.0, *(abs(float(v)) for v in coords if v is not None)])
    return {k: v / scale for k, v in out.items()}
