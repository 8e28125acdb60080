"""The Pareto frontier an alternating-offers game is played on, one kind of problem at a time.

:func:`offer_frontier` turns what :func:`~solver.algorithms.bargaining.rubinstein` accepts as
``frontier`` (None for the pie of size 1, a callable on ``[0, 1]``, or a
:class:`~solver.representations.bargaining.BargainingProblem`) into an :class:`OfferFrontier`:
``u2 = g(u1)`` strictly decreasing on ``[lo, hi]`` with its inverse. Each kind of problem has
its own construction, registered on the class (no branch on ``kind``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import singledispatch
from typing import Any

from solver._core.errors import InputError
from solver.representations.bargaining import (
    BargainingProblem,
    FrontierProblem,
    PolygonProblem,
    pareto_chain,
)

__all__ = ["MAX_ROOT_ITER", "OfferFrontier", "budgeted_root", "offer_frontier", "pie", "to_floats"]


@dataclass(frozen=True, kw_only=True)
class OfferFrontier:
    """A strictly decreasing Pareto frontier ``u2 = g(u1)`` on ``[lo, hi]``.

    Parameters
    ----------
    lo, hi : number
        The ends of the frontier's ``u1`` range.
    g : callable
        ``u1 -> u2`` on ``[lo, hi]``, strictly decreasing.
    ginv : callable
        Its inverse: the ``u1`` at which ``g`` equals ``u2``, for ``g(hi) <= u2 <= g(lo)``.
    linear_pie : bool
        Whether this is the pie of size 1 (``g(u) = 1 - u``).
    exact : bool
        Whether ``g`` and ``ginv`` compute in Fractions.
    problem : BargainingProblem or None
        The problem the frontier was built from (None for the pie).

    Examples
    --------
    >>> fr = pie()
    >>> fr.take(Fraction(1, 4)), fr.give(2)  # keep 3/4 giving 1/4; at most hi = 1
    (Fraction(3, 4), Fraction(1, 1))
    """

    lo: Any
    hi: Any
    g: Callable[[Any], Any]
    ginv: Callable[[Any], Any]  # the u1 at which g equals u2, for g(hi) <= u2 <= g(lo)
    linear_pie: bool
    exact: bool
    problem: BargainingProblem | None

    def take(self, r: Any) -> Any:
        """The most a proposer (player 0) keeps while giving player 1 at least ``r``."""
        if r <= self.g(self.hi):
            return self.hi
        if r >= self.g(self.lo):
            return self.lo
        return self.ginv(r)

    def give(self, r: Any) -> Any:
        """Player 0's payoff from player 1's best proposal giving player 0 at least ``r``."""
        return min(max(r, self.lo), self.hi)


def pie() -> OfferFrontier:
    """The pie of size 1: ``g(u) = 1 - u`` on ``[0, 1]``, exact.

    Returns
    -------
    OfferFrontier
        The pie, in Fractions, with ``linear_pie=True`` and no problem.

    Examples
    --------
    >>> fr = pie()
    >>> fr.lo, fr.hi, fr.g(Fraction(1, 3)), fr.linear_pie
    (Fraction(0, 1), Fraction(1, 1), Fraction(2, 3), True)
    """
    return OfferFrontier(lo=Fraction(0), hi=Fraction(1), g=lambda u: 1 - u,
                         ginv=lambda v: 1 - v, linear_pie=True, exact=True, problem=None)


@singledispatch
def _from_problem(problem: BargainingProblem) -> OfferFrontier:
    """The strong Pareto frontier of the whole feasible set of ``problem``."""
    raise TypeError(f"rubinstein(): no offer frontier for {type(problem).__name__}")


@_from_problem.register
def _from_polygon(problem: PolygonProblem) -> OfferFrontier:
    chain = pareto_chain(problem.vertices())
    conv: Callable[[Any], Any] = (lambda v: v) if problem.is_exact else float
    pts = [(conv(a), conv(b)) for a, b in chain]

    def g(u: Any) -> Any:
        for (a1, a2), (b1, b2) in itertools.pairwise(pts):
            if a1 <= u <= b1:
                return a2 + (u - a1) * (b2 - a2) / (b1 - a1)
        return pts[0][1] if u < pts[0][0] else pts[-1][1]

    def ginv(v: Any) -> Any:
        for (a1, a2), (b1, b2) in itertools.pairwise(pts):
            if b2 <= v <= a2:
                return a1 + (v - a2) * (b1 - a1) / (b2 - a2)
        return pts[0][0] if v >= pts[0][1] else pts[-1][0]

    return OfferFrontier(lo=pts[0][0], hi=pts[-1][0], g=g, ginv=ginv, linear_pie=False,
                         exact=problem.is_exact, problem=problem)


#: Iterations of each root search (Brent's method) on a curved frontier; a search that
#: does not converge in them is reported as a ``ValueError`` naming the frontier.
MAX_ROOT_ITER = 200


def budgeted_root(fn: Callable[[float], Any], lo: Any, hi: Any, what: str, func: str) -> float:
    """Brent's method on ``[lo, hi]`` within :data:`MAX_ROOT_ITER` iterations.

    Parameters
    ----------
    fn : callable
        The function whose root is sought; it must change sign on ``[lo, hi]``.
    lo, hi : float
        The bracket.
    what : str
        What the root is, for the error message.
    func : str
        The public function's name, which the error message starts with.

    Returns
    -------
    float
        The root, to about machine precision.

    Examples
    --------
    >>> round(budgeted_root(lambda t: t * t - 2, 0.0, 2.0, "sqrt 2", "f()"), 12)
    1.414213562373
    """
    from scipy.optimize import brentq

    try:
        return float(brentq(fn, lo, hi, xtol=1e-15, rtol=8.9e-16, maxiter=MAX_ROOT_ITER))
    except (RuntimeError, ValueError) as exc:
        raise InputError(f"{func}: frontier: {what} not found on [{lo}, {hi}] within "
                         f"{MAX_ROOT_ITER} iterations ({exc}); the frontier must be a "
                         f"continuous, decreasing function with finite values") from None


@_from_problem.register
def _from_curve(problem: FrontierProblem) -> OfferFrontier:
    f = problem.curve
    lo, hi = problem.pareto_domain()

    def finv(v: Any) -> Any:
        return budgeted_root(lambda t: f(t) - v, lo, hi, f"the u1 where it equals {v!r}",
                             "rubinstein()")

    return OfferFrontier(lo=lo, hi=hi, g=f, ginv=finv, linear_pie=False, exact=False,
                         problem=problem)


def offer_frontier(func: str, frontier: Any) -> OfferFrontier:
    """The frontier of ``frontier``: None (the pie), a callable on [0, 1] or a problem.

    Parameters
    ----------
    func : str
        The public function named in error messages.
    frontier : None, callable or BargainingProblem
        None for the pie of size 1; a callable ``u1 -> u2`` on ``[0, 1]`` (read as the
        problem it bounds, disagreement ``(0, frontier(1))``); or a bargaining problem, whose
        strong Pareto frontier is used.

    Returns
    -------
    OfferFrontier
        The frontier, exact for the pie and for an exact polygon problem.

    Raises
    ------
    InputError
        When ``frontier`` is of none of these kinds, or the callable is not a valid frontier.

    Examples
    --------
    >>> tri = BargainingProblem.from_points([(0, 0), (2, 0), (0, 1)], (0, 0))
    >>> fr = offer_frontier("rubinstein()", tri)
    >>> fr.lo, fr.hi, fr.g(1), fr.exact
    (Fraction(0, 1), Fraction(2, 1), Fraction(1, 2), True)
    """
    if frontier is None:
        return pie()
    if isinstance(frontier, BargainingProblem):
        return _from_problem(frontier)
    if callable(frontier):
        try:
            d = (0.0, float(frontier(1.0)))
            prob = BargainingProblem.from_frontier(frontier, domain=(0.0, 1.0), disagreement=d)
        except ValueError as exc:
            raise InputError(f"{func}: frontier {exc}") from None
        return _from_problem(prob)
    raise InputError(f"{func}: frontier must be None, a callable on [0, 1] or a BargainingProblem, "
                     f"got {frontier!r}")


def to_floats(fr: OfferFrontier) -> OfferFrontier:
    """The same frontier computing in floats.

    Parameters
    ----------
    fr : OfferFrontier
        The frontier.

    Returns
    -------
    OfferFrontier
        ``fr`` itself if it already computes in floats, else a copy whose ends are floats
        and whose ``g`` and ``ginv`` take and return floats (computed exactly inside).

    Examples
    --------
    >>> fr = to_floats(pie())
    >>> fr.lo, fr.hi, fr.g(0.25), fr.exact
    (0.0, 1.0, 0.75, False)
    """
    if not fr.exact:
        return fr
    g, ginv = fr.g, fr.ginv
    return replace(fr, lo=float(fr.lo), hi=float(fr.hi), g=lambda u: float(g(Fraction(u))),
                   ginv=lambda v: float(ginv(Fraction(v))), exact=False)
