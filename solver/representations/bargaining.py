"""Two-player bargaining problems as immutable values.

A bargaining problem is a feasible set of utility pairs and a disagreement point ``d``.
Two kinds of feasible set are held:

* a **polygon**: the convex hull of finitely many points, with or without free disposal
  (free disposal adds everything below-left of the hull). Its geometry is computed exactly in
  :class:`fractions.Fraction` (floats are converted to their exact binary value), so answers
  on polygons come from exact closed forms; they are returned as Fractions when every input
  was rational, as floats otherwise;
* a **frontier**: a concave function ``u2 = f(u1)`` on a domain ``[lo, hi]``; the feasible set
  is everything on or below the graph, with free disposal.

When no feasible point is strictly better than ``d`` for both players the problem has no
agreement; that is a property of the problem (:attr:`BargainingProblem.agreement_possible`),
and the solutions report it as an answer, never as an error.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from numbers import Rational, Real
from typing import Any, Literal

import numpy as np

from solver.tabular import one_line

__all__ = ["BARGAINING_TOL", "BargainingProblem"]

#: Tolerance of float answers: on smooth frontiers, of the optimiser and of the certificates.
BARGAINING_TOL = 1e-9
#: Points of the grid on which :meth:`BargainingProblem.from_frontier` checks concavity.
CONCAVITY_GRID = 257

Pt = tuple[Fraction, Fraction]


# ---------------------------------------------------------------------------------------------
# exact planar geometry on Fractions
# ---------------------------------------------------------------------------------------------


def _cross(o: Pt, a: Pt, b: Pt) -> Fraction:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def hull(points: Sequence[Pt]) -> tuple[Pt, ...]:
    """Vertices of the convex hull, counter-clockwise, no collinear points (monotone chain).

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


def ray_exit(poly: Sequence[Pt], origin: Pt, direction: Pt) -> Fraction:
    """The largest ``t >= 0`` with ``origin + t * direction`` in the polygon (which holds origin).

    Returns ``-1`` when the origin is outside.

    Examples
    --------
    >>> F = Fraction
    >>> tri = hull([(F(0), F(0)), (F(2), F(0)), (F(0), F(2))])
    >>> ray_exit(tri, (F(0), F(0)), (F(1), F(1)))
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
        raise ValueError("ray_exit(): the feasible set is unbounded in that direction")
    return max(Fraction(0), best)


def pareto_chain(poly: Sequence[Pt]) -> tuple[Pt, ...]:
    """The strong Pareto frontier of a convex polygon: vertices with ``u1`` increasing.

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
            left = float(slope)
        if p[0] <= u1 < q[0]:
            right = float(slope)
    return left, right


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


# ---------------------------------------------------------------------------------------------
# input checks
# ---------------------------------------------------------------------------------------------


def _is_rational(v: Any) -> bool:
    return isinstance(v, Rational | np.integer) and not isinstance(v, bool)


def _number(func: str, arg: str, v: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, Real | np.integer | np.floating):
        raise ValueError(f"{func}: {arg} has a non-numeric entry {v!r}")
    if not math.isfinite(float(v)):
        raise ValueError(f"{func}: {arg} has a non-finite entry {v!r}")
    if isinstance(v, np.integer):
        return Fraction(int(v))
    if isinstance(v, Rational):
        return Fraction(int(v.numerator), int(v.denominator))
    return float(v)


def _pair(func: str, arg: str, v: Any) -> tuple[Any, Any]:
    try:
        a, b = v
    except (TypeError, ValueError):
        raise ValueError(f"{func}: {arg} must be a pair (u1, u2), got {v!r}") from None
    return _number(func, arg, a), _number(func, arg, b)


def _frac(v: Any) -> Fraction:
    return v if isinstance(v, Fraction) else Fraction(float(v))


def _show(p: Sequence[Any]) -> str:
    return "(" + ", ".join(f"{float(v):g}" for v in p) + ")"


# ---------------------------------------------------------------------------------------------
# the value
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class BargainingProblem:
    """A two-player bargaining problem: a convex feasible set and a disagreement point.

    Build it with :meth:`from_points`, :meth:`from_frontier` or :meth:`from_sector`. The value
    is immutable; :meth:`with_disagreement` and :meth:`rescale` return new problems.

    Examples
    --------
    >>> p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0))
    >>> p.kind, p.is_exact, p.agreement_possible
    ('polygon', True, True)
    >>> p.ideal_point
    (Fraction(1, 1), Fraction(1, 1))
    >>> BargainingProblem.from_points([(0, 1), (1, 0)], (1, 1)).agreement_possible
    Traceback (most recent call last):
    ...
    ValueError: BargainingProblem.from_points(): disagreement (1, 1) is not in the feasible set
    """

    kind: Literal["polygon", "frontier"]
    disagreement: tuple[Any, Any]
    is_exact: bool
    free_disposal: bool = True
    points: tuple[tuple[Any, Any], ...] = ()
    frontier: Callable[[float], float] | None = field(default=None, repr=False)
    domain: tuple[float, float] | None = None
    derivative: Callable[[float], float] | None = field(default=None, repr=False)
    opening_scale: Any = None
    # Derived geometry (exact Fractions for polygons), computed by the constructors.
    _feasible: tuple[Pt, ...] = field(default=(), repr=False)
    _ir: tuple[Pt, ...] = field(default=(), repr=False)
    _peak: float = field(default=math.nan, repr=False)

    def __repr__(self) -> str:
        return one_line("BargainingProblem", self.kind, disagreement=self.disagreement,
                        exact=self.is_exact, points=len(self.points), domain=self.domain)

    def __post_init__(self) -> None:
        """Validate the kind-specific data; derive the geometry when built directly."""
        func = "BargainingProblem()"
        if self.kind not in ("polygon", "frontier"):
            raise ValueError(f"{func}: kind must be 'polygon' or 'frontier', got {self.kind!r}")
        _pair(func, "disagreement", self.disagreement)
        if self.kind == "polygon":
            if self.frontier is not None or self.domain is not None:
                raise ValueError(f"{func}: a 'polygon' problem takes points, not a frontier "
                                 "or domain")
            if not self.points:
                raise ValueError(f"{func}: a 'polygon' problem needs points (at least one); "
                                 "build it with BargainingProblem.from_points()")
            if not self._feasible:
                built = BargainingProblem.from_points(self.points, self.disagreement,
                                                      self.free_disposal)
                for name in ("_feasible", "_ir", "is_exact"):
                    object.__setattr__(self, name, getattr(built, name))
            return
        if self.points:
            raise ValueError(f"{func}: a 'frontier' problem takes a frontier, not points")
        if not callable(self.frontier) or self.domain is None:
            raise ValueError(f"{func}: a 'frontier' problem needs a callable frontier and a "
                             "domain (lo, hi); build it with BargainingProblem.from_frontier()")
        if not self.free_disposal:
            raise ValueError(f"{func}: a 'frontier' problem always has free disposal")
        if math.isnan(self._peak):
            built = BargainingProblem.from_frontier(self.frontier, self.domain,
                                                    self.disagreement, derivative=self.derivative)
            object.__setattr__(self, "_peak", built._peak)

    # -- constructors --------------------------------------------------------------------------

    @classmethod
    def from_points(
        cls, points: Sequence[Sequence[Any]], disagreement: Sequence[Any],
        free_disposal: bool = True,
    ) -> BargainingProblem:
        """The convex hull of ``points`` (with free disposal by default) and ``disagreement``.

        Rational inputs (int, Fraction) give an exact problem; any float makes it a float
        problem, whose geometry is still computed exactly from the floats' binary values.

        Examples
        --------
        >>> p = BargainingProblem.from_points([(0, 0), (2, 0), (0, 1)], (0, 0))
        >>> p.pareto_frontier()
        ((Fraction(0, 1), Fraction(1, 1)), (Fraction(2, 1), Fraction(0, 1)))
        """
        func = "BargainingProblem.from_points()"
        try:
            raw = [tuple(pt) for pt in points]
        except TypeError:
            raise ValueError(
                f"{func}: points must be a sequence of pairs, got {points!r}"
            ) from None
        if not raw:
            raise ValueError(f"{func}: points is empty; at least one point is needed")
        pts = tuple(_pair(func, "points", pt) for pt in raw)
        d = _pair(func, "disagreement", disagreement)
        exact = all(isinstance(v, Fraction) for pt in pts for v in pt) and all(
            isinstance(v, Fraction) for v in d
        )
        fpts = [(_frac(a), _frac(b)) for a, b in pts]
        fd = (_frac(d[0]), _frac(d[1]))
        if free_disposal:
            m = (min([fd[0]] + [p[0] for p in fpts]) - 1, min([fd[1]] + [p[1] for p in fpts]) - 1)
            feasible = hull(fpts + [(m[0], p[1]) for p in fpts] + [(p[0], m[1]) for p in fpts]
                            + [m])
        else:
            feasible = hull(fpts)
        if not contains(feasible, fd):
            raise ValueError(
                f"{func}: disagreement {_show(d)} is not in the feasible set"
                + ("" if free_disposal else " (the convex hull of the points, no free disposal)")
            )
        ir = clip(clip(feasible, 0, fd[0]), 1, fd[1])
        if not exact:
            d = (float(d[0]), float(d[1]))
            pts = tuple((float(a), float(b)) for a, b in pts)
        return cls("polygon", d, exact, bool(free_disposal), pts, _feasible=feasible, _ir=ir)

    @classmethod
    def from_frontier(
        cls,
        frontier: Callable[[float], float],
        domain: Sequence[float],
        disagreement: Sequence[float],
        *,
        derivative: Callable[[float], float] | None = None,
    ) -> BargainingProblem:
        """Everything on or below the graph of a concave ``frontier`` on ``domain = (lo, hi)``.

        The feasible set has free disposal: ``(u1, u2)`` is feasible when ``u1 <= t`` and
        ``u2 <= frontier(t)`` for some ``t`` in the domain. ``derivative`` (optional) is the
        frontier's derivative; without it, the slope is taken by finite differences.
        Concavity is checked on a grid of :data:`CONCAVITY_GRID` points.

        Examples
        --------
        >>> p = BargainingProblem.from_frontier(lambda u: 1 - u**2, (0, 1), (0, 0))
        >>> p.kind, round(p.ideal_point[0], 12), round(p.ideal_point[1], 12)
        ('frontier', 1.0, 1.0)
        """
        func = "BargainingProblem.from_frontier()"
        if not callable(frontier):
            raise ValueError(f"{func}: frontier must be a callable u1 -> u2, got {frontier!r}")
        lo, hi = (float(v) for v in _pair(func, "domain", domain))
        if not lo < hi:
            raise ValueError(f"{func}: domain must have lo < hi, got {tuple(domain)!r}")
        d = _pair(func, "disagreement", disagreement)
        d = (float(d[0]), float(d[1]))
        grid = np.linspace(lo, hi, CONCAVITY_GRID)
        values = np.array([_call(func, frontier, t) for t in grid])
        scale = 1.0 + float(np.max(np.abs(values)))
        second = values[:-2] - 2 * values[1:-1] + values[2:]
        worst = int(np.argmax(second))
        if second[worst] > 1e-9 * scale:
            raise ValueError(
                f"{func}: frontier is not concave on domain ({lo:g}, {hi:g}): second difference "
                f"{second[worst]:.3g} > 0 near u1 = {grid[worst + 1]:.6g}"
            )
        peak = _largest_argmax(frontier, grid, values)
        prob = cls("frontier", d, False, True, (), frontier, (lo, hi), derivative, _peak=peak)
        top = prob.upper(d[0])
        if top is None or d[1] > top + BARGAINING_TOL * scale:
            raise ValueError(f"{func}: disagreement {_show(d)} is not in the feasible set")
        return prob

    @classmethod
    def from_sector(
        cls,
        gain: float,
        cost: float,
        curvature: float,
        deliverability: float,
        disagreement: Sequence[float],
    ) -> BargainingProblem:
        """A sector's bargaining problem (``docs/model.md``): ``u_T = -c (u_S / (q G))**k``.

        The sender's payoff ``u_S = q G x`` runs over ``[0, q G]`` as the opening ``x`` runs
        over ``[0, 1]``; :meth:`opening` maps a payoff pair back to ``x``. With ``k = 1`` (or
        ``c = 0``) the frontier is a segment and the problem a polygon, exact for rational
        inputs.

        Examples
        --------
        >>> p = BargainingProblem.from_sector(6, 3, 1, 1, (-2, -4))
        >>> p.kind, p.opening((3, -3 / 2))
        ('polygon', 0.5)
        """
        func = "BargainingProblem.from_sector()"
        checks = (("gain", gain, lambda v: v > 0, "> 0"), ("cost", cost, lambda v: v >= 0, ">= 0"),
                  ("curvature", curvature, lambda v: v >= 1, ">= 1"),
                  ("deliverability", deliverability, lambda v: 0 <= v <= 1, "in [0, 1]"))
        for name, v, ok, text in checks:
            _number(func, name, v)
            if not ok(v):
                raise ValueError(f"{func}: {name} must be {text}, got {v!r}")
        scale = deliverability * gain
        if curvature == 1 or cost == 0 or scale == 0:
            pts = [(0, 0)] if scale == 0 else [(0, 0), (scale, -cost)]
            prob = cls.from_points(pts, disagreement)
        else:
            k, c, s = float(curvature), float(cost), float(scale)
            prob = cls.from_frontier(
                lambda u: -c * (max(u, 0.0) / s) ** k, (0.0, s), disagreement,
                # c k u^(k-1) / s^k, written so that a large k does not overflow s^k
                derivative=lambda u: -c * k / s * (max(u, 0.0) / s) ** (k - 1),
            )
        return _replace(prob, opening_scale=scale)

    # -- derived values ------------------------------------------------------------------------

    def _out(self, v: Fraction) -> Any:
        return v if self.is_exact else float(v)

    def upper(self, u1: Any) -> Any:
        """``max {u2 : (u1, u2) feasible}``, or None when no feasible point has that ``u1``.

        Examples
        --------
        >>> BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0)).upper(0.5)
        0.5
        """
        if self.kind == "polygon":
            x = _frac(u1)
            if self.free_disposal:
                x = max(x, min(p[0] for p in self._feasible))
            v = upper_value(self._feasible, x)
            return None if v is None else (v if self.is_exact and _is_rational(u1) else float(v))
        assert self.frontier is not None and self.domain is not None
        lo, hi = self.domain
        if u1 > hi:
            return None
        return float(self.frontier(max(float(u1), lo, self._peak)))

    @property
    def ideal_point(self) -> tuple[Any, Any]:
        """Each player's best payoff among feasible points at least as good as ``d`` for both.

        Examples
        --------
        >>> BargainingProblem.from_points([(0, 2), (3, 0)], (1, 0)).ideal_point
        (Fraction(3, 1), Fraction(4, 3))
        """
        if self.kind == "polygon":
            ir = self._ir
            return (self._out(max(p[0] for p in ir)), self._out(max(p[1] for p in ir)))
        t_a, t_b = self.pareto_range()
        assert self.frontier is not None
        return (t_b, float(self.frontier(t_a)))

    def pareto_range(self) -> tuple[float, float]:
        """Frontier problems: the ``u1`` interval of the individually rational Pareto frontier.

        Examples
        --------
        >>> p = BargainingProblem.from_frontier(lambda u: 1 - u, (0, 2), (0, 0))
        >>> [round(t, 12) for t in p.pareto_range()]
        [0.0, 1.0]
        """
        from scipy.optimize import brentq

        if self.kind != "frontier":
            raise ValueError("BargainingProblem.pareto_range(): only frontier problems have one")
        assert self.frontier is not None and self.domain is not None
        f, (lo, hi), (d1, d2) = self.frontier, self.domain, self.disagreement
        t_a = max(self._peak, d1, lo)
        if f(hi) >= d2:
            return t_a, hi
        if f(t_a) <= d2:
            return t_a, t_a
        return t_a, float(brentq(lambda t: f(t) - d2, t_a, hi, xtol=1e-15, rtol=8.9e-16))

    def pareto_frontier(self) -> tuple[tuple[Any, Any], ...]:
        """Polygons: vertices of the individually rational strong Pareto frontier, ``u1`` up."""
        if self.kind != "polygon":
            raise ValueError("BargainingProblem.pareto_frontier(): only polygons have vertices")
        return tuple((self._out(a), self._out(b)) for a, b in pareto_chain(self._ir))

    @property
    def agreement_possible(self) -> bool:
        """Whether some feasible point is strictly better than ``d`` for both players.

        Examples
        --------
        >>> BargainingProblem.from_points([(0, 2), (3, 0)], (3, 0)).agreement_possible
        False
        """
        d1, d2 = self.disagreement
        a1, a2 = self.ideal_point
        if self.kind == "polygon":
            return bool(a1 > d1 and a2 > d2)
        assert self.frontier is not None and self.domain is not None
        lo, hi = self.domain
        # Each axis against its own scale, so that a problem in micro-units on one axis and
        # in thousands on the other is judged the same as the unit problem.
        spread = abs(self.frontier(lo) - self.frontier(hi))
        s1 = abs(d1) + abs(a1) + (hi - lo)
        s2 = abs(d2) + abs(a2) + spread
        return bool(a1 - d1 > BARGAINING_TOL * s1 and a2 - d2 > BARGAINING_TOL * s2)

    def slope(self, u1: float) -> tuple[float, float]:
        """Left and right derivatives of the upper boundary ``u1 -> max u2`` at ``u1``.

        Examples
        --------
        >>> BargainingProblem.from_points([(0, 2), (1, 0)], (0, 0)).slope(0.5)
        (-2.0, -2.0)
        """
        if self.kind == "polygon":
            return upper_slopes(self._feasible, _frac(u1))
        assert self.domain is not None
        hi, t, peak = self.domain[1], float(u1), self._peak
        if t > hi:
            return (math.nan, math.nan)
        left = 0.0 if t <= peak else self._d(t, -1)
        right = 0.0 if t < peak else (-math.inf if t >= hi else self._d(t, +1))
        return (left, right)

    def _d(self, t: float, side: int) -> float:
        """One-sided derivative of the frontier at ``t`` (``side`` -1 left, +1 right)."""
        assert self.frontier is not None and self.domain is not None
        if self.derivative is not None:
            return float(self.derivative(t))
        return frontier_slope(self.frontier, t, self.domain, side)

    def opening(self, point: Sequence[Any]) -> Any:
        """Sector problems: the opening ``x = u_S / (q G)`` of a payoff pair.

        Examples
        --------
        >>> BargainingProblem.from_sector(2, 1, 2, 0.5, (-1, -1)).opening((0.25, -0.0625))
        0.25
        """
        if self.opening_scale is None:
            raise ValueError("BargainingProblem.opening(): only from_sector() problems have one")
        if self.opening_scale == 0:
            return 0
        u = point[0]
        if isinstance(u, Fraction) and isinstance(self.opening_scale, Fraction | int):
            return u / self.opening_scale
        return float(u) / float(self.opening_scale)

    # -- changed copies ------------------------------------------------------------------------

    def with_disagreement(self, disagreement: Sequence[Any]) -> BargainingProblem:
        """The same feasible set with another disagreement point.

        Examples
        --------
        >>> p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0))
        >>> p.with_disagreement((0, 1)).agreement_possible
        False
        """
        if self.kind == "polygon":
            new = BargainingProblem.from_points(self.points, disagreement, self.free_disposal)
        else:
            assert self.frontier is not None and self.domain is not None
            new = BargainingProblem.from_frontier(self.frontier, self.domain, disagreement,
                                                  derivative=self.derivative)
        return _replace(new, opening_scale=self.opening_scale)

    def rescale(self, scale: Sequence[Any], shift: Sequence[Any]) -> BargainingProblem:
        """The problem under ``u_i -> scale_i * u_i + shift_i`` (``scale_i > 0``).

        Examples
        --------
        >>> p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0)).rescale((2, 1), (1, 0))
        >>> p.ideal_point
        (Fraction(3, 1), Fraction(1, 1))
        """
        func = "BargainingProblem.rescale()"
        a = _pair(func, "scale", scale)
        b = _pair(func, "shift", shift)
        if not (a[0] > 0 and a[1] > 0):
            raise ValueError(f"{func}: scale must be positive, got {tuple(scale)!r}")
        d = (a[0] * self.disagreement[0] + b[0], a[1] * self.disagreement[1] + b[1])
        if self.kind == "polygon":
            pts = [(a[0] * p + b[0], a[1] * q + b[1]) for p, q in self.points]
            return BargainingProblem.from_points(pts, d, self.free_disposal)
        assert self.frontier is not None and self.domain is not None
        f, g = self.frontier, self.derivative
        a0, a1, b0, b1 = (float(v) for v in (*a, *b))
        lo, hi = self.domain

        def back(u: float) -> float:  # u's preimage, kept in the domain despite rounding
            return min(max((u - b0) / a0, lo), hi)

        return BargainingProblem.from_frontier(
            lambda u: a1 * f(back(u)) + b1, (a0 * lo + b0, a0 * hi + b0), d,
            derivative=None if g is None else (lambda u: a1 / a0 * g(back(u))),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BargainingProblem):
            return NotImplemented
        if self.kind != other.kind or self.disagreement != other.disagreement:
            return False
        if self.kind == "polygon":
            return self._feasible == other._feasible and self.is_exact == other.is_exact
        return (self.frontier is other.frontier and self.domain == other.domain)

    def __hash__(self) -> int:
        return hash((self.kind, self.disagreement, self._feasible, self.domain))


def _replace(p: BargainingProblem, **changes: Any) -> BargainingProblem:
    return replace(p, **changes)


def _largest_argmax(f: Callable[[float], float], grid: Any, values: Any) -> float:
    """The largest maximiser of a concave ``f`` sampled on ``grid``."""
    from scipy.optimize import minimize_scalar

    lo, hi = float(grid[0]), float(grid[-1])
    i = int(np.argmax(values))
    a, b = float(grid[max(i - 1, 0)]), float(grid[min(i + 1, len(grid) - 1)])
    res = minimize_scalar(lambda t: -f(float(t)), bounds=(a, b), method="bounded",
                          options={"xatol": 1e-13})
    cands = [float(res.x), lo, hi, float(grid[i])]
    best = max(f(t) for t in cands)
    t = max(t for t in cands if f(t) >= best)
    if t < hi and f(hi) < best:  # push right along a flat top
        a, b = t, hi
        for _ in range(80):
            mid = 0.5 * (a + b)
            if f(mid) >= best:
                a = mid
            else:
                b = mid
        t = a
    return t


def _call(func: str, f: Callable[[float], float], t: float) -> float:
    try:
        v = float(f(float(t)))
    except Exception as exc:  # noqa: BLE001 - report any failure of the user's function
        raise ValueError(f"{func}: frontier failed at u1 = {t:g}: {exc}") from exc
    if not math.isfinite(v):
        raise ValueError(f"{func}: frontier is not finite at u1 = {t:g}: {v!r}")
    return v


def frontier_slope(
    f: Callable[[float], float], t: float, domain: tuple[float, float], side: int = 0
) -> float:
    """Derivative of ``f`` at ``t`` by Richardson-extrapolated differences inside ``domain``.

    ``side`` 0 is central (one-sided near the ends), -1 left, +1 right.

    Examples
    --------
    >>> round(frontier_slope(lambda u: 1 - u**2, 0.5, (0.0, 1.0)), 10)
    -1.0
    """
    lo, hi = domain
    h = 1e-3 * max(hi - lo, 1e-12)
    if side == 0:
        side = 0 if lo <= t - 2 * h and t + 2 * h <= hi else (1 if t - lo < hi - t else -1)
    if side == 0:
        def est(s: float) -> float:
            return (f(t + s) - f(t - s)) / (2 * s)
        return (4 * est(h / 2) - est(h)) / 3
    s0 = side * min(h, max(abs(hi - t) if side > 0 else abs(t - lo), 1e-12) / 2)

    def one(s: float) -> float:  # second-order one-sided difference
        return (-3 * f(t) + 4 * f(t + s) - f(t + 2 * s)) / (2 * s)

    return (4 * one(s0 / 2) - one(s0)) / 3
