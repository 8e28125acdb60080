"""Frontier bargaining problems: everything on or below a concave curve, and its numerics.

A :class:`FrontierProblem` is the set of ``(u1, u2)`` with ``u1 <= t`` and ``u2 <= f(t)`` for
some ``t`` in the domain ``[lo, hi]`` of a concave ``f`` (free disposal). Its answers are
floats. The numerics here: the concavity check on a grid, the largest maximiser of ``f`` (where
the strong Pareto frontier starts) and one-sided derivatives by extrapolated differences.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from solver._core.errors import InputError
from solver.representations.bargaining.problem import (
    BARGAINING_TOL,
    BargainingProblem,
    read_pair,
    show,
)

__all__ = ["CONCAVITY_GRID", "FrontierProblem", "frontier_slope"]

#: Points of the grid on which :meth:`BargainingProblem.from_frontier` checks concavity.
CONCAVITY_GRID = 257


@dataclass(frozen=True, eq=False, kw_only=True)
class FrontierProblem(BargainingProblem):
    """Everything on or below the graph of a concave ``curve`` on ``domain``; free disposal.

    Build it with :meth:`BargainingProblem.from_frontier`; constructing it directly checks the
    same things.

    Parameters
    ----------
    disagreement : (d1, d2)
    curve : callable u1 -> u2
        Concave on ``domain``.
    domain : (lo, hi)
    derivative : callable u1 -> float, optional
        The curve's derivative; without it, slopes are taken by finite differences.

    Examples
    --------
    >>> p = FrontierProblem(disagreement=(0, 0), curve=lambda u: 1 - u, domain=(0, 1))
    >>> p.kind, p.frontier(0.25), [round(t, 9) for t in p.pareto_domain()]
    ('frontier', 0.75, [0.0, 1.0])
    """

    disagreement: tuple[Any, Any]
    curve: Callable[[float], float] = field(repr=False)
    domain: tuple[float, float]
    derivative: Callable[[float], float] | None = field(default=None, repr=False)
    is_exact: bool = field(default=False, init=False)
    free_disposal: bool = field(default=True, init=False)
    _peak: float = field(default=math.nan, init=False, repr=False)

    def __post_init__(self) -> None:
        """Check the curve, its domain and ``d``; find where the curve peaks."""
        self._derive_from_curve("FrontierProblem()")

    @classmethod
    def build(cls, func: str, frontier: Callable[[float], float], *, domain: Sequence[float],
              disagreement: Sequence[float],
              derivative: Callable[[float], float] | None) -> FrontierProblem:
        """The problem, with errors naming ``func`` (the public constructor called)."""
        new = object.__new__(cls)
        for name, v in (("curve", frontier), ("domain", domain),
                        ("disagreement", disagreement), ("derivative", derivative)):
            object.__setattr__(new, name, v)
        new._derive_from_curve(func)
        return new

    def _derive_from_curve(self, func: str) -> None:
        f = self.curve
        if not callable(f):
            raise InputError(f"{func}: frontier must be a callable u1 -> u2, got {f!r}")
        lo, hi = (float(v) for v in read_pair(func, "domain", self.domain))
        if not lo < hi:
            raise InputError(f"{func}: domain must have lo < hi, got {tuple(self.domain)!r}")
        d = read_pair(func, "disagreement", self.disagreement)
        d = (float(d[0]), float(d[1]))
        grid = np.linspace(lo, hi, CONCAVITY_GRID)
        values = np.array([_call(func, f, t) for t in grid])
        scale = 1.0 + float(np.max(np.abs(values)))
        second = values[:-2] - 2 * values[1:-1] + values[2:]
        worst = int(np.argmax(second))
        if second[worst] > 1e-9 * scale:
            raise InputError(
                f"{func}: frontier is not concave on domain ({lo:g}, {hi:g}): second difference "
                f"{second[worst]:.3g} > 0 near u1 = {grid[worst + 1]:.6g}"
            )
        for name, v in (("domain", (lo, hi)), ("disagreement", d),
                        ("free_disposal", True), ("is_exact", False),
                        ("_peak", _largest_argmax(f, grid, values))):
            object.__setattr__(self, name, v)
        top = self.frontier(d[0])
        if top is None or d[1] > top + BARGAINING_TOL * scale:
            raise InputError(f"{func}: disagreement {show(d)} is not in the feasible set")

    @property
    def kind(self) -> Literal["frontier"]:
        """``"frontier"``."""
        return "frontier"

    # -- the Pareto parts ----------------------------------------------------------------------

    def pareto_domain(self) -> tuple[float, float]:
        """The ``u1`` interval of the whole strong Pareto frontier: from the curve's (largest)
        maximiser to ``hi``; the curve is decreasing there.

        Examples
        --------
        >>> p = BargainingProblem.from_frontier(lambda u: 1 - (u - 0.5) ** 2, domain=(0, 1),
        ...                                     disagreement=(0, 0))
        >>> [round(t, 6) for t in p.pareto_domain()]
        [0.5, 1.0]
        """
        return max(self._peak, self.domain[0]), self.domain[1]

    def pareto_range(self) -> tuple[float, float]:
        """The ``u1`` interval of the individually rational Pareto frontier.

        Examples
        --------
        >>> p = BargainingProblem.from_frontier(lambda u: 1 - u, domain=(0, 2),
        ...                                     disagreement=(0, 0))
        >>> [round(t, 12) for t in p.pareto_range()]
        [0.0, 1.0]
        """
        f, (lo, hi), (d1, d2) = self.curve, self.domain, self.disagreement
        t_a = max(self._peak, d1, lo)
        if f(hi) >= d2:
            return t_a, hi
        if f(t_a) <= d2:
            return t_a, t_a
        from scipy.optimize import brentq  # scipy.optimize costs ~1 s to import: load on use

        return t_a, float(brentq(lambda t: f(t) - d2, t_a, hi, xtol=1e-15, rtol=8.9e-16))

    def curve_slope(self, t: float) -> float:
        """The curve's derivative at ``t``: the given ``derivative``, else a central (one-sided
        near the ends) difference by :func:`frontier_slope`.

        Examples
        --------
        >>> p = BargainingProblem.from_frontier(lambda u: 1 - u**2, domain=(0, 1),
        ...                                     disagreement=(0, 0))
        >>> round(p.curve_slope(0.5), 10)
        -1.0
        """
        if self.derivative is not None:
            return self.derivative(t)
        return frontier_slope(self.curve, t, self.domain)

    # -- the interface -------------------------------------------------------------------------

    def frontier(self, u1: Any) -> Any:
        """See :meth:`BargainingProblem.frontier`."""
        lo, hi = self.domain
        if u1 > hi:
            return None
        return float(self.curve(max(float(u1), lo, self._peak)))

    def contains(self, u: Sequence[Any]) -> bool:
        """See :meth:`BargainingProblem.contains`."""
        top = self.frontier(u[0])
        return top is not None and float(u[1]) <= top

    def ideal(self) -> tuple[Any, Any]:
        """See :meth:`BargainingProblem.ideal`."""
        t_a, t_b = self.pareto_range()
        return (t_b, float(self.curve(t_a)))

    def slope(self, u1: Any) -> tuple[float, float]:
        """See :meth:`BargainingProblem.slope`."""
        hi, t, peak = self.domain[1], float(u1), self._peak
        if t > hi:
            return (math.nan, math.nan)
        left = 0.0 if t <= peak else self._one_sided(t, -1)
        right = 0.0 if t < peak else (-math.inf if t >= hi else self._one_sided(t, +1))
        return (left, right)

    def _one_sided(self, t: float, side: int) -> float:
        """One-sided derivative of the curve at ``t`` (``side`` -1 left, +1 right)."""
        if self.derivative is not None:
            return float(self.derivative(t))
        return frontier_slope(self.curve, t, self.domain, side)

    @property
    def agreement_possible(self) -> bool:
        """See :attr:`BargainingProblem.agreement_possible`."""
        d1, d2 = self.disagreement
        a1, a2 = self.ideal()
        lo, hi = self.domain
        # Each axis against its own scale, so that a problem in micro-units on one axis and
        # in thousands on the other is judged the same as the unit problem.
        spread = abs(self.curve(lo) - self.curve(hi))
        s1 = abs(d1) + abs(a1) + (hi - lo)
        s2 = abs(d2) + abs(a2) + spread
        return bool(a1 - d1 > BARGAINING_TOL * s1 and a2 - d2 > BARGAINING_TOL * s2)

    def with_disagreement(self, disagreement: Sequence[Any]) -> FrontierProblem:
        """See :meth:`BargainingProblem.with_disagreement`."""
        return FrontierProblem.build("BargainingProblem.from_frontier()", self.curve,
                                     domain=self.domain, disagreement=disagreement,
                                     derivative=self.derivative)

    def rescale(self, *, scale: Sequence[Any], shift: Sequence[Any]) -> FrontierProblem:
        """See :meth:`BargainingProblem.rescale`."""
        a, b, d = self._affine(scale, shift)
        f, g = self.curve, self.derivative
        a0, a1, b0, b1 = (float(v) for v in (*a, *b))
        lo, hi = self.domain

        def back(u: float) -> float:  # u's preimage, kept in the domain despite rounding
            return min(max((u - b0) / a0, lo), hi)

        return FrontierProblem.build(
            "BargainingProblem.from_frontier()", lambda u: a1 * f(back(u)) + b1,
            domain=(a0 * lo + b0, a0 * hi + b0), disagreement=d,
            derivative=None if g is None else (lambda u: a1 / a0 * g(back(u))),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BargainingProblem):
            return NotImplemented
        if not isinstance(other, FrontierProblem) or self.disagreement != other.disagreement:
            return False
        return self.curve is other.curve and self.domain == other.domain

    def __hash__(self) -> int:
        return hash(("frontier", self.disagreement, self.domain))


# -- numerics ----------------------------------------------------------------------------------


def _largest_argmax(f: Callable[[float], float], grid: Any, values: Any) -> float:
    """The largest maximiser of a concave ``f`` sampled on ``grid``."""
    lo, hi = float(grid[0]), float(grid[-1])
    i = int(np.argmax(values))
    a, b = float(grid[max(i - 1, 0)]), float(grid[min(i + 1, len(grid) - 1)])
    from scipy.optimize import minimize_scalar

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
        raise InputError(f"{func}: frontier failed at u1 = {t:g}: {exc}") from exc
    if not math.isfinite(v):
        raise InputError(f"{func}: frontier is not finite at u1 = {t:g}: {v!r}")
    return v


def frontier_slope(
    f: Callable[[float], float], t: float, domain: tuple[float, float], side: int = 0
) -> float:
    """Derivative of ``f`` at ``t`` by Richardson-extrapolated differences inside ``domain``.

    Parameters
    ----------
    f : callable
        The function, defined on ``domain``.
    t : float
        Where the derivative is taken.
    domain : (float, float)
        The interval the differences stay inside.
    side : int, optional
        0 central (one-sided when ``t`` is near an end), -1 left, +1 right.

    Returns
    -------
    float
        The estimated derivative (steps of about 1e-3 of the domain's width).

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
