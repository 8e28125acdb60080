"""The bargaining problem: its public interface, shared by every kind of feasible set.

:class:`BargainingProblem` is abstract. Its two kinds are subclasses, each an immutable value:

* :class:`~solver.representations.bargaining.polygon.PolygonProblem`: the convex hull of finitely
  many points, with or without free disposal, exact in :class:`fractions.Fraction`;
* :class:`~solver.representations.bargaining.frontier.FrontierProblem`: everything on or below
  a concave curve ``u2 = f(u1)`` on a domain ``[lo, hi]``, with free disposal.

Algorithms read a problem only through the methods declared here (and, for the kind-specific
kernels, through the public methods of the subclass they are registered for); they never branch
on :attr:`BargainingProblem.kind`.

When no feasible point is strictly better than ``d`` for both players the problem has no
agreement; that is a property of the problem (:attr:`BargainingProblem.agreement_possible`),
and the solutions report it as an answer, never as an error.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from fractions import Fraction
from numbers import Rational, Real
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from solver._core.errors import InputError

if TYPE_CHECKING:
    from solver.representations.bargaining.frontier import FrontierProblem
    from solver.representations.bargaining.polygon import PolygonProblem

__all__ = ["BARGAINING_TOL", "BargainingProblem", "read_number", "read_pair"]

#: Tolerance of float answers: on smooth frontiers, of the optimiser and of the certificates.
BARGAINING_TOL = 1e-9


# -- input checks ------------------------------------------------------------------------------


def is_rational(v: Any) -> bool:
    """Whether ``v`` is an exact rational number (int, Fraction, numpy integer; not bool)."""
    return isinstance(v, Rational | np.integer) and not isinstance(v, bool)


def read_number(func: str, arg: str, v: Any) -> Any:
    """``v`` checked to be a finite real: a Fraction when rational, a float otherwise.

    Parameters
    ----------
    func : str
        The public function named in error messages.
    arg : str
        The argument named in error messages.
    v : object
        The value.

    Returns
    -------
    Fraction or float
        A Fraction for an int, numpy integer or rational, else ``float(v)``.

    Raises
    ------
    InputError
        When ``v`` is not a real number (bools included) or is not finite.

    Examples
    --------
    >>> read_number("f()", "x", 2), read_number("f()", "x", 0.5)
    (Fraction(2, 1), 0.5)
    >>> read_number("f()", "x", "a")
    Traceback (most recent call last):
    ...
    solver.errors.InputError: f(): x has a non-numeric entry 'a'
    """
    if isinstance(v, bool) or not isinstance(v, Real | np.integer | np.floating):
        raise InputError(f"{func}: {arg} has a non-numeric entry {v!r}")
    if not math.isfinite(float(v)):
        raise InputError(f"{func}: {arg} has a non-finite entry {v!r}")
    if isinstance(v, np.integer):
        return Fraction(int(v))
    if isinstance(v, Rational):
        return Fraction(int(v.numerator), int(v.denominator))
    return float(v)


def read_pair(func: str, arg: str, v: Any) -> tuple[Any, Any]:
    """``v`` checked to be a pair of finite reals (each read by :func:`read_number`).

    Parameters
    ----------
    func : str
        The public function named in error messages.
    arg : str
        The argument named in error messages.
    v : object
        The pair.

    Returns
    -------
    tuple
        The two entries, each a Fraction or a float.

    Raises
    ------
    InputError
        When ``v`` does not unpack into two values, or an entry is not a finite real.

    Examples
    --------
    >>> read_pair("f()", "d", (1, 0.5))
    (Fraction(1, 1), 0.5)
    """
    try:
        a, b = v
    except (TypeError, ValueError):
        raise InputError(f"{func}: {arg} must be a pair (u1, u2), got {v!r}") from None
    return read_number(func, arg, a), read_number(func, arg, b)


def show(p: Sequence[Any]) -> str:
    """A point for an error message: ``(1, 0.5)``."""
    return "(" + ", ".join(f"{float(v):g}" for v in p) + ")"


# -- the interface -----------------------------------------------------------------------------


class BargainingProblem(ABC):
    """A two-player bargaining problem: a convex feasible set and a disagreement point.

    Build it with :meth:`from_points` or :meth:`from_frontier` (a sector's problem is built in
    the model layer, :meth:`solver.model.bargaining_problem.SectorBargaining.from_sector`).
    The value is immutable; :meth:`with_disagreement` and :meth:`rescale` return new problems.

    Attributes
    ----------
    disagreement : (d1, d2)
        The disagreement point; Fractions when the problem is exact, floats otherwise.
    is_exact : bool
        Whether answers are exact (every input rational, feasible set a polygon).
    free_disposal : bool
        Whether everything below-left of a feasible point is feasible.
    kind : {"polygon", "frontier"}
        The kind of feasible set (read-only; the subclass decides it).

    Examples
    --------
    >>> p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0))
    >>> p.kind, p.is_exact, p.agreement_possible
    ('polygon', True, True)
    >>> p.ideal()
    (Fraction(1, 1), Fraction(1, 1))
    >>> BargainingProblem.from_points([(0, 1), (1, 0)], (1, 1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    solver.errors.InputError: BargainingProblem.from_points(): disagreement (1, 1) is not in ...
    """

    disagreement: tuple[Any, Any]
    is_exact: bool
    free_disposal: bool

    # -- constructors --------------------------------------------------------------------------

    @staticmethod
    def from_points(
        points: Sequence[Sequence[Any]], disagreement: Sequence[Any], *,
        free_disposal: bool = True,
    ) -> PolygonProblem:
        """The convex hull of ``points`` (with free disposal by default) and ``disagreement``.

        Rational inputs (int, Fraction) give an exact problem; any float makes it a float
        problem, whose geometry is still computed exactly from the floats' binary values.

        Examples
        --------
        >>> p = BargainingProblem.from_points([(0, 0), (2, 0), (0, 1)], (0, 0))
        >>> p.pareto_frontier()
        ((Fraction(0, 1), Fraction(1, 1)), (Fraction(2, 1), Fraction(0, 1)))
        """
        from solver.representations.bargaining.polygon import PolygonProblem

        return PolygonProblem.build("BargainingProblem.from_points()", points, disagreement,
                                    free_disposal=free_disposal)

    @staticmethod
    def from_frontier(
        frontier: Callable[[float], float], *,
        domain: Sequence[float],
        disagreement: Sequence[float],
        derivative: Callable[[float], float] | None = None,
    ) -> FrontierProblem:
        """Everything on or below the graph of a concave ``frontier`` on ``domain = (lo, hi)``.

        The feasible set has free disposal: ``(u1, u2)`` is feasible when ``u1 <= t`` and
        ``u2 <= frontier(t)`` for some ``t`` in the domain. ``derivative`` (optional) is the
        frontier's derivative; without it, the slope is taken by finite differences.
        Concavity is checked on a grid of
        :data:`~solver.representations.bargaining.frontier.CONCAVITY_GRID` points.

        Examples
        --------
        >>> p = BargainingProblem.from_frontier(lambda u: 1 - u**2, domain=(0, 1),
        ...                                     disagreement=(0, 0))
        >>> p.kind, round(p.ideal()[0], 12), round(p.ideal()[1], 12)
        ('frontier', 1.0, 1.0)
        """
        from solver.representations.bargaining.frontier import FrontierProblem

        return FrontierProblem.build("BargainingProblem.from_frontier()", frontier,
                                     domain=domain, disagreement=disagreement,
                                     derivative=derivative)

    # -- the interface every kind provides -----------------------------------------------------

    @property
    @abstractmethod
    def kind(self) -> Literal["polygon", "frontier"]:
        """The kind of feasible set: ``"polygon"`` or ``"frontier"``."""

    @abstractmethod
    def frontier(self, u1: Any) -> Any:
        """``max {u2 : (u1, u2) feasible}``, or None when no feasible point has that ``u1``.

        Exact (a Fraction) on exact problems at a rational ``u1``; a float otherwise.

        Examples
        --------
        >>> BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0)).frontier(0.5)
        0.5
        """

    @abstractmethod
    def contains(self, u: Sequence[Any]) -> bool:
        """Whether the payoff pair ``u`` is feasible (exactly, on polygons).

        Examples
        --------
        >>> p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0))
        >>> p.contains((0.5, 0.5)), p.contains((0.5, 0.75))
        (True, False)
        """

    @abstractmethod
    def ideal(self) -> tuple[Any, Any]:
        """Each player's best payoff among feasible points at least as good as ``d`` for both.

        Examples
        --------
        >>> BargainingProblem.from_points([(0, 2), (3, 0)], (1, 0)).ideal()
        (Fraction(3, 1), Fraction(4, 3))
        """

    @abstractmethod
    def slope(self, u1: Any) -> tuple[float, float]:
        """Left and right derivatives of the upper boundary ``u1 -> max u2`` at ``u1``.

        Examples
        --------
        >>> BargainingProblem.from_points([(0, 2), (1, 0)], (0, 0)).slope(0.5)
        (-2.0, -2.0)
        """

    @property
    @abstractmethod
    def agreement_possible(self) -> bool:
        """Whether some feasible point is strictly better than ``d`` for both players.

        Examples
        --------
        >>> BargainingProblem.from_points([(0, 2), (3, 0)], (3, 0)).agreement_possible
        False
        """

    @abstractmethod
    def with_disagreement(self, disagreement: Sequence[Any]) -> BargainingProblem:
        """The same feasible set with another disagreement point.

        Examples
        --------
        >>> p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0))
        >>> p.with_disagreement((0, 1)).agreement_possible
        False
        """

    @abstractmethod
    def rescale(self, *, scale: Sequence[Any], shift: Sequence[Any]) -> BargainingProblem:
        """The problem under ``u_i -> scale_i * u_i + shift_i`` (``scale_i > 0``).

        Examples
        --------
        >>> p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0))
        >>> p.rescale(scale=(2, 1), shift=(1, 0)).ideal()
        (Fraction(3, 1), Fraction(1, 1))
        """

    def _affine(self, scale: Sequence[Any], shift: Sequence[Any]
                ) -> tuple[tuple[Any, Any], tuple[Any, Any], tuple[Any, Any]]:
        """The checked ``scale`` and ``shift`` of :meth:`rescale`, and the moved ``d``."""
        func = "BargainingProblem.rescale()"
        a = read_pair(func, "scale", scale)
        b = read_pair(func, "shift", shift)
        if not (a[0] > 0 and a[1] > 0):
            raise InputError(f"{func}: scale must be positive, got {tuple(scale)!r}")
        d = (a[0] * self.disagreement[0] + b[0], a[1] * self.disagreement[1] + b[1])
        return a, b, d
