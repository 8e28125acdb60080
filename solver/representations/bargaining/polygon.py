"""Polygon bargaining problems: the convex hull of finitely many points, exact.

The geometry is computed exactly in :class:`fractions.Fraction` (floats are converted to their
exact binary value), so answers on polygons come from exact closed forms; they are returned as
Fractions when every input was rational, as floats otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal, NamedTuple

from solver._core.errors import InputError
from solver.representations.bargaining.geometry import (
    Pt,
    clip,
    contains,
    hull,
    pareto_chain,
    to_fraction,
    upper_slopes,
    upper_value,
)
from solver.representations.bargaining.problem import (
    BargainingProblem,
    is_rational,
    read_pair,
    show,
)

__all__ = ["PolygonProblem"]


class _Geometry(NamedTuple):
    """What a polygon problem derives from its points and ``d``."""

    points: tuple[tuple[Any, Any], ...]  # checked; floats unless exact
    disagreement: tuple[Any, Any]  # checked; floats unless exact
    is_exact: bool
    feasible: tuple[Pt, ...]  # the feasible set's vertices, exact
    ir: tuple[Pt, ...]  # its individually rational part


def _geometry(func: str, points: Any, disagreement: Any, *, free_disposal: bool) -> _Geometry:
    """Check the points and ``d``; derive exactness, the feasible set and its IR part."""
    try:
        raw = [tuple(pt) for pt in points]
    except TypeError:
        raise InputError(f"{func}: points must be a sequence of pairs, got {points!r}") from None
    if not raw:
        raise InputError(f"{func}: points is empty; at least one point is needed")
    pts = tuple(read_pair(func, "points", pt) for pt in raw)
    d = read_pair(func, "disagreement", disagreement)
    exact = all(isinstance(v, Fraction) for pt in pts for v in pt) and all(
        isinstance(v, Fraction) for v in d
    )
    fpts = [(to_fraction(a), to_fraction(b)) for a, b in pts]
    fd = (to_fraction(d[0]), to_fraction(d[1]))
    if free_disposal:
        m = (min([fd[0]] + [p[0] for p in fpts]) - 1, min([fd[1]] + [p[1] for p in fpts]) - 1)
        feasible = hull(fpts + [(m[0], p[1]) for p in fpts] + [(p[0], m[1]) for p in fpts]
                        + [m])
    else:
        feasible = hull(fpts)
    if not contains(feasible, fd):
        raise InputError(
            f"{func}: disagreement {show(d)} is not in the feasible set"
            + ("" if free_disposal else " (the convex hull of the points, no free disposal)")
        )
    ir = clip(clip(feasible, 0, fd[0]), 1, fd[1])
    if not exact:
        d = (float(d[0]), float(d[1]))
        pts = tuple((float(a), float(b)) for a, b in pts)
    return _Geometry(pts, d, exact, feasible, ir)


@dataclass(frozen=True, eq=False, kw_only=True)
class PolygonProblem(BargainingProblem):
    """The convex hull of ``points`` (plus everything below-left with ``free_disposal``).

    Build it with :meth:`BargainingProblem.from_points`; constructing it directly checks the
    same things and derives the same geometry.

    Parameters
    ----------
    disagreement : (d1, d2)
    points : sequence of (u1, u2)
        At least one point; ints and Fractions keep the problem exact.
    free_disposal : bool

    Examples
    --------
    >>> p = PolygonProblem(disagreement=(0, 0), points=((0, 1), (1, 0)))
    >>> p.kind, p.is_exact, p.vertices()[:2]
    ('polygon', True, ((Fraction(-1, 1), Fraction(-1, 1)), (Fraction(1, 1), Fraction(-1, 1))))
    """

    disagreement: tuple[Any, Any]
    points: tuple[tuple[Any, Any], ...]
    free_disposal: bool = True
    is_exact: bool = field(default=False, init=False)
    _feasible: tuple[Pt, ...] = field(default=(), init=False, repr=False)
    _ir: tuple[Pt, ...] = field(default=(), init=False, repr=False)

    def __post_init__(self) -> None:
        """Check the points and ``d``; derive the exact feasible set and its IR part."""
        func = "PolygonProblem()"
        read_pair(func, "disagreement", self.disagreement)
        if not self.points:
            raise InputError(f"{func}: a polygon problem needs points (at least one); "
                             "build it with BargainingProblem.from_points()")
        self._store_geometry(_geometry(func, self.points, self.disagreement,
                                       free_disposal=self.free_disposal))

    @classmethod
    def build(cls, func: str, points: Any, disagreement: Any, *, free_disposal: bool
              ) -> PolygonProblem:
        """The problem, with errors naming ``func`` (the public constructor called)."""
        parts = _geometry(func, points, disagreement, free_disposal=free_disposal)
        new = object.__new__(cls)
        object.__setattr__(new, "free_disposal", bool(free_disposal))
        new._store_geometry(parts)
        return new

    def _store_geometry(self, g: _Geometry) -> None:
        for name, v in (("points", g.points), ("disagreement", g.disagreement),
                        ("is_exact", g.is_exact), ("_feasible", g.feasible), ("_ir", g.ir)):
            object.__setattr__(self, name, v)

    @property
    def kind(self) -> Literal["polygon"]:
        """``"polygon"``."""
        return "polygon"

    # -- the exact geometry --------------------------------------------------------------------

    def vertices(self) -> tuple[Pt, ...]:
        """The feasible set's vertices, exact, counter-clockwise.

        With free disposal the (unbounded) set is closed off one unit below-left of every point
        and of ``d``: the corners there are artefacts of that cut, not payoffs of an agreement.

        Examples
        --------
        >>> p = BargainingProblem.from_points([(0, 0), (0, 1), (1, 0)], (0, 0),
        ...                                   free_disposal=False)
        >>> [tuple(map(str, v)) for v in p.vertices()]
        [('0', '0'), ('1', '0'), ('0', '1')]
        """
        return self._feasible

    def ir_set(self) -> tuple[Pt, ...]:
        """The individually rational part (``u >= d``) of the feasible set: vertices, exact.

        Examples
        --------
        >>> [tuple(map(str, v)) for v in BargainingProblem.from_points([(0, 2), (2, 0)],
        ...                                                            (1, 0)).ir_set()]
        [('1', '0'), ('2', '0'), ('1', '1')]
        """
        return self._ir

    def pareto_frontier(self) -> tuple[tuple[Any, Any], ...]:
        """Vertices of the individually rational strong Pareto frontier, ``u1`` increasing.

        Fractions on exact problems, floats otherwise (the exact chain is
        ``pareto_chain(problem.ir_set())``).

        Examples
        --------
        >>> BargainingProblem.from_points([(0, 2), (2, 0)], (1, 0)).pareto_frontier()
        ((Fraction(1, 1), Fraction(1, 1)), (Fraction(2, 1), Fraction(0, 1)))
        """
        return tuple((self._as_output(a), self._as_output(b)) for a, b in pareto_chain(self._ir))

    def _as_output(self, v: Fraction) -> Any:
        return v if self.is_exact else float(v)

    # -- the interface -------------------------------------------------------------------------

    def frontier(self, u1: Any) -> Any:
        """See :meth:`BargainingProblem.frontier`."""
        x = to_fraction(u1)
        if self.free_disposal:
            x = max(x, min(p[0] for p in self._feasible))
        v = upper_value(self._feasible, x)
        return None if v is None else (v if self.is_exact and is_rational(u1) else float(v))

    def contains(self, u: Sequence[Any]) -> bool:
        """See :meth:`BargainingProblem.contains`.

        With free disposal the set is unbounded below-left (the stored polygon is closed off
        one unit below its points): ``u`` is feasible when some feasible point is above it.
        """
        p = (to_fraction(u[0]), to_fraction(u[1]))
        if not self.free_disposal:
            return contains(self._feasible, p)
        top = upper_value(self._feasible, max(p[0], min(v[0] for v in self._feasible)))
        return top is not None and p[1] <= top

    def ideal(self) -> tuple[Any, Any]:
        """See :meth:`BargainingProblem.ideal`."""
        ir = self._ir
        return (self._as_output(max(p[0] for p in ir)), self._as_output(max(p[1] for p in ir)))

    def slope(self, u1: Any) -> tuple[float, float]:
        """See :meth:`BargainingProblem.slope`."""
        return upper_slopes(self._feasible, to_fraction(u1))

    @property
    def agreement_possible(self) -> bool:
        """See :attr:`BargainingProblem.agreement_possible`."""
        d1, d2 = self.disagreement
        a1, a2 = self.ideal()
        return bool(a1 > d1 and a2 > d2)

    def with_disagreement(self, disagreement: Sequence[Any]) -> PolygonProblem:
        """See :meth:`BargainingProblem.with_disagreement`."""
        return PolygonProblem.build("BargainingProblem.from_points()", self.points,
                                    disagreement, free_disposal=self.free_disposal)

    def rescale(self, *, scale: Sequence[Any], shift: Sequence[Any]) -> PolygonProblem:
        """See :meth:`BargainingProblem.rescale`."""
        a, b, d = self._affine(scale, shift)
        pts = [(a[0] * p + b[0], a[1] * q + b[1]) for p, q in self.points]
        return PolygonProblem.build("BargainingProblem.from_points()", pts, d,
                                    free_disposal=self.free_disposal)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BargainingProblem):
            return NotImplemented
        if not isinstance(other, PolygonProblem) or self.disagreement != other.disagreement:
            return False
        return self._feasible == other._feasible and self.is_exact == other.is_exact

    def __hash__(self) -> int:
        return hash(("polygon", self.disagreement, self._feasible))
