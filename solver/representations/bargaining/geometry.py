"""Exact planar geometry of convex polygons, on :class:`fractions.Fraction` points.

The feasible sets of polygon bargaining problems are computed here: hulls, half-plane clips,
membership, ray exits, Pareto chains and the upper boundary with its one-sided slopes. Every
function is exact: floats are first converted to their exact binary value (:func:`to_fraction`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from solver._core.errors import InputError

__all__ = [
    "Pt",
    "clip",
    "contains",
    "hull",
    "pareto_chain",
    "ray_exit",
    "to_fraction",
    "upper_slopes",
    "upper_value",
]

#: A point of the plane, exact.
Pt = tuple[Fraction, Fraction]


def to_fraction(v: Any) -> Fraction:
    """``v`` as an exact Fraction: a Fraction unchanged, anything else by its float value.

    Parameters
    ----------
    v : Fraction, int, float or any value ``float()`` accepts
        The number.

    Returns
    -------
    Fraction
        ``v`` itself if a Fraction, else the exact binary value of ``float(v)``.

    Examples
    --------
    >>> to_fraction(0.5), to_fraction(Fraction(1, 3))
    (Fraction(1, 2), Fraction(1, 3))
    """
    return v if isinstance(v, Fraction) else Fraction(float(v))


def _cross(o: Pt, a: Pt, b: Pt) -> Fraction:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def hull(points: Sequence[Pt]) -> tuple[Pt, ...]:
    """Vertices of the convex hull, counter-clockwise, no collinear points (monotone chain).

    Parameters
    ----------
    points : sequence of Pt
        The points (duplicates allowed).

    Returns
    -------
    tuple of Pt
        The hull's vertices counter-clockwise from the leftmost (then lowest) point; with
        at most two distinct points, those points sorted.

    Examples
    --------
    >>> F = Fraction
    >>> pts = [(F(0), F(0)), (F(2), F(0)), (F(1), F(0)), (F(0), F(2)), (F(1), F(1))]
    >>> [tuple(map(str, p)) for p in hull(pts)]
    [('0', '0'), ('2', '0'), ('0', '2')]
    """
    pts = sorted(set(points))
    if len(pts) <= 2:
        return tuple(pts)
    lower: list[Pt] = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Pt] = []
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return tuple(lower[:-1] + upper[:-1])


def clip(poly: Sequence[Pt], axis: int, bound: Fraction) -> tuple[Pt, ...]:
    """The convex polygon ``poly`` intersected with ``{u : u[axis] >= bound}``.

    Parameters
    ----------
    poly : sequence of Pt
        A convex polygon's vertices, counter-clockwise (as :func:`hull` gives them).
    axis : int
        0 to bound ``u1``, 1 to bound ``u2``.
    bound : Fraction
        The lower bound on that coordinate.

    Returns
    -------
    tuple of Pt
        The clipped polygon's vertices, counter-clockwise (empty when nothing is left).

    Examples
    --------
    >>> F = Fraction
    >>> tri = hull([(F(0), F(0)), (F(2), F(0)), (F(0), F(2))])
    >>> [tuple(map(str, p)) for p in clip(tri, 0, F(1))]
    [('1', '0'), ('2', '0'), ('1', '1')]
    """
    if len(poly) == 1:
        return tuple(poly) if poly[0][axis] >= bound else ()
    out: list[Pt] = []
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        p_in, q_in = p[axis] >= bound, q[axis] >= bound
        if p_in:
            out.append(p)
        if p_in != q_in:
            s = (bound - p[axis]) / (q[axis] - p[axis])
            out.append((p[0] + s * (q[0] - p[0]), p[1] + s * (q[1] - p[1])))
    return hull(out)


def contains(poly: Sequence[Pt], x: Pt) -> bool:
    """Whether the convex polygon (possibly a segment or a point) contains ``x``.

    Parameters
    ----------
    poly : sequence of Pt
        A convex polygon's vertices, counter-clockwise (as :func:`hull` gives them).
    x : Pt
        The point.

    Returns
    -------
    bool
        True when ``x`` is inside or on the boundary (False for an empty polygon).

    Examples
    --------
    >>> F = Fraction
    >>> tri = hull([(F(0), F(0)), (F(2), F(0)), (F(0), F(2))])
    >>> contains(tri, (F(1), F(1))), contains(tri, (F(1), F(2)))
    (True, False)
    """
    if not poly:
        return False
    if len(poly) == 1:
        return poly[0] == x
    if len(poly) == 2:
        a, b = poly
        return _cross(a, b, x) == 0 and min(a[0], b[0]) <= x[0] <= max(a[0], b[0]) and (
            min(a[1], b[1]) <= x[1] <= max(a[1], b[1])
        )
    n = len(poly)
    return all(_cross(poly[i], poly[(i + 1) % n], x) >= 0 for i in range(n))


def ray_exit(poly: Sequence[Pt], *, origin: Pt, direction: Pt) -> Fraction:
    """The largest ``t >= 0`` with ``origin + t * direction`` in the polygon (which holds origin).

    Parameters
    ----------
    poly : sequence of Pt
        A convex polygon's vertices, counter-clockwise (as :func:`hull` gives them).
    origin : Pt
        The ray's start.
    direction : Pt
        The ray's direction.

    Returns
    -------
    Fraction
        The largest such ``t``; ``-1`` when the origin is outside, 0 for a zero direction.

    Raises
    ------
    InputError
        When the polygon is unbounded in that direction.

    Examples
    --------
    >>> F = Fraction
    >>> tri = hull([(F(0), F(0)), (F(2), F(0)), (F(0), F(2))])
    >>> ray_exit(tri, origin=(F(0), F(0)), direction=(F(1), F(1)))
    Fraction(1, 1)
    """
    if not contains(poly, origin):
        return Fraction(-1)
    if len(poly) == 1 or direction == (0, 0):
        return Fraction(0)
    if len(poly) == 2:
        a, b = poly
        if _cross(origin, (origin[0] + direction[0], origin[1] + direction[1]), a) != 0 or (
            _cross(origin, (origin[0] + direction[0], origin[1] + direction[1]), b) != 0
        ):
            return Fraction(0)
        axis = 0 if direction[0] != 0 else 1
        ends = [(e[axis] - origin[axis]) / direction[axis] for e in (a, b)]
        return max(Fraction(0), max(ends))
    best: Fraction | None = None
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        nx, ny = q[1] - p[1], -(q[0] - p[0])  # outward normal of a counter-clockwise edge
        rate = nx * direction[0] + ny * direction[1]
        if rate > 0:
            t = (nx * (p[0] - origin[0]) + ny * (p[1] - origin[1])) / rate
            best = t if best is None else min(best, t)
    if best is None:
        raise InputError("ray_exit(): the feasible set is unbounded in that direction")
    return max(Fraction(0), best)


def pareto_chain(poly: Sequence[Pt]) -> tuple[Pt, ...]:
    """The strong Pareto frontier of a convex polygon: vertices with ``u1`` increasing.

    Parameters
    ----------
    poly : sequence of Pt
        A convex polygon's vertices, counter-clockwise (as :func:`hull` gives them).

    Returns
    -------
    tuple of Pt
        The frontier's vertices from the highest point to the rightmost one, ``u1``
        increasing (empty for an empty polygon).

    Examples
    --------
    >>> F = Fraction
    >>> sq = hull([(F(0), F(0)), (F(1), F(0)), (F(0), F(1)), (F(1), F(1))])
    >>> pareto_chain(sq)
    ((Fraction(1, 1), Fraction(1, 1)),)
    """
    if not poly:
        return ()
    top = max(range(len(poly)), key=lambda i: (poly[i][1], poly[i][0]))
    right = max(range(len(poly)), key=lambda i: (poly[i][0], poly[i][1]))
    return tuple(reversed(_walk(poly, right, top)))


def upper_value(poly: Sequence[Pt], u1: Fraction) -> Fraction | None:
    """``max {u2 : (u1, u2) in poly}``, or None when no point has that ``u1``.

    Parameters
    ----------
    poly : sequence of Pt
        A convex polygon's vertices, counter-clockwise (as :func:`hull` gives them).
    u1 : Fraction
        The first coordinate.

    Returns
    -------
    Fraction or None
        The largest ``u2`` of a point of the polygon with that ``u1``, or None.

    Examples
    --------
    >>> F = Fraction
    >>> tri = hull([(F(0), F(0)), (F(2), F(0)), (F(0), F(2))])
    >>> upper_value(tri, F(1, 2)), upper_value(tri, F(3))
    (Fraction(3, 2), None)
    """
    best: Fraction | None = None
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n] if n > 1 else poly[i]
        lo, hi = min(p[0], q[0]), max(p[0], q[0])
        if not lo <= u1 <= hi:
            continue
        v = max(p[1], q[1]) if p[0] == q[0] else p[1] + (u1 - p[0]) * (q[1] - p[1]) / (q[0] - p[0])
        best = v if best is None else max(best, v)
    return best


def upper_slopes(poly: Sequence[Pt], u1: Fraction) -> tuple[float, float]:
    """Left and right derivatives at ``u1`` of the polygon's upper boundary ``u1 -> max u2``.

    ``+inf`` on the left at the leftmost point, ``-inf`` on the right at the rightmost.

    Parameters
    ----------
    poly : sequence of Pt
        A convex polygon's vertices, counter-clockwise (as :func:`hull` gives them).
    u1 : Fraction
        Where the derivatives are taken.

    Returns
    -------
    (float, float)
        The left and right derivatives (a slope too steep for a float reads as +-inf).

    Examples
    --------
    >>> F = Fraction
    >>> poly = hull([(F(0), F(0)), (F(0), F(2)), (F(1), F(1)), (F(2), F(0))])
    >>> upper_slopes(poly, F(1)), upper_slopes(poly, F(2))
    ((-1.0, -1.0), (-1.0, -inf))
    """
    left, right = math.inf, -math.inf
    chain = _upper_chain(poly)
    for p, q in zip(chain, chain[1:], strict=False):
        slope = (q[1] - p[1]) / (q[0] - p[0])
        if p[0] < u1 <= q[0]:
            left = _float_slope(slope)
        if p[0] <= u1 < q[0]:
            right = _float_slope(slope)
    return left, right


def _float_slope(slope: Any) -> float:
    """An exact slope as a float; one too steep for a float (a subnormal run under a normal
    rise) is +-inf, which is what a vertical edge reads as anyway."""
    try:
        return float(slope)
    except OverflowError:
        return math.inf if slope > 0 else -math.inf


def _walk(poly: Sequence[Pt], start: int, stop: int) -> list[Pt]:
    """The vertices of a counter-clockwise polygon from ``start`` round to ``stop``."""
    out = [poly[start]]
    i = start
    while i != stop:
        i = (i + 1) % len(poly)
        out.append(poly[i])
    return out


def _upper_chain(poly: Sequence[Pt]) -> list[Pt]:
    """Vertices of the upper boundary, ``u1`` increasing (vertical edges dropped)."""
    if len(poly) <= 1:
        return list(poly)
    left = min(range(len(poly)), key=lambda i: (poly[i][0], -poly[i][1]))
    right = max(range(len(poly)), key=lambda i: (poly[i][0], poly[i][1]))
    out = _walk(poly, right, left)
    out.reverse()
    return [p for k, p in enumerate(out) if k == 0 or p[0] != out[k - 1][0]]
