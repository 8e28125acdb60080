"""The package frontier for discrete opening levels, as the Minkowski sum of sector frontiers.

Sector s has sender value ``v_s``, target cost ``c_s``, curvature ``k_s >= 1`` and a floor
``f_s``; with ``L`` levels its openings are the levels ``0, 1/(L-1), ..., 1`` that are
``>= f_s``. Opening ``x`` gives the outcome ``(v_s x, -c_s x**k_s)``; a package gives the sum
over sectors.

**Convexification.** The feasible set is the convex hull of the package outcomes: the parties
may agree on a lottery over packages (or time-share between them), the standard convexification
of a discrete bargaining problem, which Nash's axioms presuppose (the feasible set is convex).

**Minkowski sum.** The hull of a sum of finite sets is the sum of their hulls, and the
upper-right (Pareto) frontier of a sum of convex polygons is traced by merging the summands'
frontier edges in order of slope. Along a sector's levels each step costs the target
``c (x_{i+1}**k - x_i**k)`` for ``v (x_{i+1} - x_i)`` to the sender; that ratio is
nondecreasing in ``i`` for ``k >= 1``, so every level lies on the sector's frontier (when
``v, c > 0``). Starting from the target's best package and taking the steps cheapest-first (a
k-way merge, ``O(E log S)`` for ``E`` steps in all) traces the package frontier; the product of
sector outcomes is never enumerated. Steps of equal ratio form one edge. In rational arithmetic
(``fractions.Fraction``) when every input is an integer or a fraction and every curvature is an
integer; in floats otherwise.

**Nash point.** The weighted Nash product is maximised on the frontier in closed form: along
an edge the sign of its derivative is that of ``w_S (U_T - d_T) + w_T sigma (U_S - d_S)``
(``sigma`` the edge's slope), which is affine in the position along the edge and falls at each
vertex, so the maximiser is the vertex or edge point where it changes sign. On an edge only one
sector's level changes at a time, so the Nash point is a lottery between two adjacent levels of
one sector, every other sector at one level.

**Certificate** (:func:`~solver.algorithms.openings.package_nash.nash_residual`,
independent of the frontier): the answer's lotteries reproduce its point, and the line
through the point normal to the gradient
``(w_S / (U_S - d_S), w_T / (U_T - d_T))`` of the log Nash product supports the feasible set.
The maximum of that linear function over the hull is the sum of the sectors' maxima over their
levels; the objective is concave, so a zero residual proves optimality. "No agreement" (no
frontier point strictly better than ``d`` for both) is certified by a line with a nonnegative
normal that separates every package from that region.
"""

from __future__ import annotations

import heapq
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeAlias, cast

from solver._core.errors import InputError
from solver._core.tabular import one_line
from solver._core.validation import (
    AT_LEAST_ONE,
    check_in,
    check_number,
    nonnegative,
    probability,
)

__all__ = [
    "FLOOR_TOL",
    "PACKAGE_TOL",
    "SLOPE_TOL",
    "FrontierStep",
    "PackageFrontier",
    "SectorFrontier",
    "discrete_levels",
    "package_frontier",
    "sector_frontier",
]

Num: TypeAlias = Fraction | float

#: A float floor this far above a level still admits that level (floors written as decimals).
FLOOR_TOL = 1e-12
#: Relative gap under which two float step ratios count as one frontier edge (collinear).
SLOPE_TOL = 1e-12
#: Tolerance on :func:`~solver.algorithms.openings.package_nash.nash_residual` of a certified
#: floating-point Nash point.
PACKAGE_TOL = 1e-9


@dataclass(frozen=True)
class SectorFrontier:
    """One sector's allowed levels, their outcomes ``(v x, -c x**k)``, and its frontier.

    ``frontier`` holds the indices (into ``levels``) of the Pareto-optimal levels, increasing:
    all of them when ``v, c > 0``; the lowest level alone when ``v = 0``; the highest alone when
    ``c = 0 < v``.

    Parameters
    ----------
    value, cost, curvature, floor : number
        The sector's v, c, k and floor (Fractions when exact).
    levels : tuple of number
        The allowed openings, increasing.
    points : tuple of (number, number)
        The outcome ``(v x, -c x**k)`` at each level.
    frontier : tuple of int
        The indices of the Pareto-optimal levels, increasing.
    exact : bool
        Whether the numbers are Fractions.

    Examples
    --------
    >>> sf = sector_frontier(value=0, cost=2, curvature=1, levels=3)
    >>> sf.levels, sf.frontier  # no value: only the lowest level is Pareto optimal
    ((Fraction(0, 1), Fraction(1, 2), Fraction(1, 1)), (0,))
    """

    value: Num
    cost: Num
    curvature: Num
    floor: Num
    levels: tuple[Num, ...]
    points: tuple[tuple[Num, Num], ...]
    frontier: tuple[int, ...]
    exact: bool


@dataclass(frozen=True)
class FrontierStep:
    """Raising ``sector`` from level index ``lower`` to ``lower + 1``: it adds ``delta`` =
    (dU_S > 0, dU_T < 0) and costs the target ``ratio = -dU_T / dU_S`` per unit of value.

    Parameters
    ----------
    sector : int
        The sector's index.
    lower : int
        The level index raised from (into the sector's ``levels``).
    delta : (number, number)
        The change in (sender, target) payoffs.
    ratio : number
        The target's cost per unit of sender value.

    Examples
    --------
    >>> package_frontier([(2, 1, 1), (1, 2, 1)], 3).steps[0]
    FrontierStep(sector=0, lower=0, delta=(Fraction(1, 1), Fraction(-1, 2)), ratio=Fraction(1, 2))
    """

    sector: int
    lower: int
    delta: tuple[Num, Num]
    ratio: Num


@dataclass(frozen=True)
class PackageFrontier:
    """The upper-right frontier of the convex hull of all package outcomes.

    ``vertices`` run from the target's best package to the sender's best (U_S increasing, U_T
    decreasing); ``choices[j]`` is the opening level of each sector at ``vertices[j]``;
    ``steps`` are the sector moves in slope order and ``breaks[j]`` the number of them taken at
    ``vertices[j]`` (an edge ``j -> j+1`` is ``steps[breaks[j]:breaks[j+1]]``, of equal ratio).

    Parameters
    ----------
    sectors : tuple of SectorFrontier
        Each sector's levels and frontier.
    vertices : tuple of (number, number)
        The frontier's vertices (U_S, U_T).
    choices : tuple of tuple of number
        Each vertex's opening level per sector.
    steps : tuple of FrontierStep
        The sector moves, in slope order.
    breaks : tuple of int
        How many steps are taken at each vertex.
    exact : bool
        Whether the numbers are Fractions.
    method : str, optional
        How the frontier was traced.

    Examples
    --------
    >>> pf = package_frontier([(2, 1, 1), (1, 2, 1)], 3)
    >>> pf, pf.breaks, [tuple(map(str, c)) for c in pf.choices]
    (PackageFrontier(sectors=2, vertices=3, exact=True), (0, 2, 4), \
[('0', '0'), ('1', '0'), ('1', '1')])
    """

    sectors: tuple[SectorFrontier, ...]
    vertices: tuple[tuple[Num, Num], ...]
    choices: tuple[tuple[Num, ...], ...]
    steps: tuple[FrontierStep, ...]
    breaks: tuple[int, ...]
    exact: bool
    method: str = "slope merge of sector frontiers (Minkowski sum)"

    def __repr__(self) -> str:
        return one_line("PackageFrontier", sectors=len(self.sectors),
                        vertices=len(self.vertices), exact=self.exact)


def _is_rational(x: object) -> bool:
    return isinstance(x, numbers.Rational) and not isinstance(x, bool)


def _as_num(x: object, exact: bool) -> Num:
    if exact:
        return Fraction(cast(numbers.Rational, x)) if _is_rational(x) else Fraction(
            float(cast(float, x)))
    return float(cast(float, x))


def _check_levels(func: str, levels: object) -> int:
    if isinstance(levels, bool) or not isinstance(levels, numbers.Integral) or levels < 2:
        raise InputError(f"{func}: levels must be an integer >= 2, got {levels!r}")
    return int(levels)


def discrete_levels(levels: int, floor: float | Fraction = 0) -> tuple[Fraction, ...]:
    """The allowed openings ``i / (levels - 1)`` that are ``>= floor``, as exact fractions.

    A float floor admits a level it exceeds by at most :data:`FLOOR_TOL` (so ``0.1 + 0.2``
    admits 3/10); the level 1 always qualifies.

    Parameters
    ----------
    levels : int
        The number of equally spaced levels in [0, 1], at least 2.
    floor : float or Fraction, optional
        The lowest opening allowed, in [0, 1].

    Returns
    -------
    tuple of Fraction
        The allowed levels, increasing.

    Raises
    ------
    InputError
        When ``levels`` is not an integer >= 2 or ``floor`` is not in [0, 1].

    Examples
    --------
    >>> [str(x) for x in discrete_levels(5, 0.3)]
    ['1/2', '3/4', '1']
    """
    func = "discrete_levels()"
    n = _check_levels(func, levels)
    probability(func, "floor", floor)
    tol = 0 if _is_rational(floor) else FLOOR_TOL
    return tuple(Fraction(i, n - 1) for i in range(n) if Fraction(i, n - 1) >= floor - tol)


def _sector(func: str, where: str, value: object, cost: object, curvature: object, n: int,
            floor: object, exact: bool | None) -> SectorFrontier:
    nonnegative(func, f"{where}value", value)
    nonnegative(func, f"{where}cost", cost)
    k = float(check_in(func, f"{where}curvature", curvature, AT_LEAST_ONE))
    probability(func, f"{where}floor", floor)
    integral_k = k == int(k)
    if exact is None:
        exact = integral_k and all(map(_is_rational, (value, cost, curvature, floor)))
    elif exact and not integral_k:
        raise InputError(f"{func}: exact=True needs an integer {where}curvature, got "
                         f"{curvature!r}")
    lv = discrete_levels(n, floor)  # type: ignore[arg-type]
    vv, cc = _as_num(value, exact), _as_num(cost, exact)
    kk: Num | int = int(k) if integral_k else k
    xs: tuple[Num, ...] = lv if exact else tuple(float(x) for x in lv)
    points = tuple((vv * x, -(cc * x**kk)) for x in xs)
    return SectorFrontier(vv, cc, _as_num(curvature, exact), _as_num(floor, exact), xs, points,
                          _pareto(points), exact)


def _pareto(points: Sequence[tuple[Num, Num]]) -> tuple[int, ...]:
    """Indices of the Pareto-optimal points, which run with U_S nondecreasing and U_T
    nonincreasing. When v, c > 0 that is every level (the step ratios rise with x for
    k >= 1); when v = 0 the lowest level; when c = 0 < v the highest. In floats it also drops
    a level whose step underflowed to zero."""
    front: list[int] = []
    for i, (u, t) in enumerate(points):
        while front and _dominates((u, t), points[front[-1]]):
            front.pop()
        if not front or u > points[front[-1]][0]:
            front.append(i)
    return tuple(front)


def _dominates(p: tuple[Num, Num], q: tuple[Num, Num]) -> bool:
    return p[0] >= q[0] and p[1] >= q[1] and (p[0] > q[0] or p[1] > q[1])


def sector_frontier(
    *, value: float | Fraction, cost: float | Fraction, curvature: float | Fraction,
    levels: int, floor: float | Fraction = 0, exact: bool | None = None,
) -> SectorFrontier:
    """One sector's outcomes at its allowed levels and its upper-right frontier.

    ``exact=None`` works in fractions when value, cost and floor are integers or fractions and
    the curvature is an integer, in floats otherwise; ``exact=True`` takes floats at their exact
    binary value (needs an integer curvature); ``exact=False`` forces floats.

    Parameters
    ----------
    value, cost : float or Fraction
        The sender's value v and the target's cost c of a full opening, both >= 0.
    curvature : float or Fraction
        The cost's curvature k >= 1.
    levels : int
        The number of equally spaced levels in [0, 1], at least 2.
    floor : float or Fraction, optional
        The lowest opening allowed.
    exact : bool or None, optional
        As described above.

    Returns
    -------
    SectorFrontier
        The sector's allowed levels, their outcomes and its frontier.

    Examples
    --------
    Value 4, cost 2, quadratic cost, 3 levels, floor 0.2 (so levels 1/2 and 1):

    >>> sf = sector_frontier(value=4, cost=2, curvature=2, levels=3, floor=Fraction(1, 5))
    >>> [(str(u), str(t)) for u, t in sf.points], sf.frontier
    ([('2', '-1/2'), ('4', '-2')], (0, 1))
    """
    func = "sector_frontier()"
    return _sector(func, "", value, cost, curvature, _check_levels(func, levels), floor, exact)


def _steps(s: int, sf: SectorFrontier) -> list[FrontierStep]:
    out = []
    for i, j in zip(sf.frontier, sf.frontier[1:], strict=False):
        ds = sf.points[j][0] - sf.points[i][0]
        dt = sf.points[j][1] - sf.points[i][1]
        out.append(FrontierStep(s, i, (ds, dt), -dt / ds))
    return out


def package_frontier(
    sectors_params: Sequence[Sequence[float | Fraction]], levels: int,
    *, exact: bool | None = None,
) -> PackageFrontier:
    """The package's upper-right frontier, by merging the sector frontiers' steps by slope.

    Parameters
    ----------
    sectors_params : sequence of (value, cost, curvature) or (value, cost, curvature, floor)
        One entry a sector; the floor defaults to 0.
    levels : int
        Number of equally spaced levels in [0, 1] (at least 2).
    exact : bool or None
        As in :func:`sector_frontier`, for all sectors at once.

    Returns
    -------
    PackageFrontier
        The frontier's vertices, from the target's best package to the sender's best, with
        the levels and steps behind them.

    Examples
    --------
    Two linear sectors, 3 levels: sector 0 costs the target 1/2 per unit of value, sector 1
    costs 2, so the frontier opens sector 0 first, then sector 1:

    >>> pf = package_frontier([(2, 1, 1), (1, 2, 1)], 3)
    >>> [(str(u), str(t)) for u, t in pf.vertices]
    [('0', '0'), ('2', '-1'), ('3', '-3')]
    >>> [tuple(str(x) for x in c) for c in pf.choices]
    [('0', '0'), ('1', '0'), ('1', '1')]
    """
    func = "package_frontier()"
    n = _check_levels(func, levels)
    if isinstance(sectors_params, str | bytes) or len(sectors_params) == 0:
        raise InputError(f"{func}: sectors_params must be a non-empty sequence of sectors, "
                         f"got {sectors_params!r}")
    rows = []
    for i, par in enumerate(sectors_params):
        if isinstance(par, str | bytes) or len(par) not in (3, 4):
            raise InputError(f"{func}: sectors_params[{i}] must be (value, cost, curvature"
                             f"[, floor]), got {par!r}")
        rows.append((*par, 0) if len(par) == 3 else tuple(par))
        for name, x in zip(("value", "cost", "curvature", "floor"), rows[-1], strict=True):
            check_number(func, f"sectors_params[{i}] {name}", x)
    if exact is None:
        exact = all(all(map(_is_rational, r)) and float(r[2]).is_integer() for r in rows)
    sectors = tuple(_sector(func, f"sectors_params[{i}] ", r[0], r[1], r[2], n, r[3], exact)
                    for i, r in enumerate(rows))
    merged = list(heapq.merge(*(_steps(s, sf) for s, sf in enumerate(sectors)),
                              key=lambda st: st.ratio))
    state = [sf.frontier[0] for sf in sectors]
    vertices, breaks = [_total(sectors, state, exact)], [0]
    choices = [tuple(sf.levels[i] for sf, i in zip(sectors, state, strict=True))]
    for q, st in enumerate(merged):
        state[st.sector] = st.lower + 1
        if q + 1 < len(merged) and _same_ratio(merged[q + 1].ratio, st.ratio, exact):
            continue  # the next step continues this edge
        vertices.append(_total(sectors, state, exact))
        breaks.append(q + 1)
        choices.append(tuple(sf.levels[i] for sf, i in zip(sectors, state, strict=True)))
    return PackageFrontier(sectors, tuple(vertices), tuple(choices), tuple(merged),
                           tuple(breaks), exact)


def _total(sectors: Sequence[SectorFrontier], state: Sequence[int],
           exact: bool) -> tuple[Num, Num]:
    """The package outcome with sector s at level index ``state[s]`` (summed, not
    accumulated along the steps, so float vertices carry no drift)."""
    pts = [sf.points[i] for sf, i in zip(sectors, state, strict=True)]
    if exact:
        return (sum((p[0] for p in pts), Fraction(0)), sum((p[1] for p in pts), Fraction(0)))
    return (math.fsum(float(p[0]) for p in pts), math.fsum(float(p[1]) for p in pts))


def _same_ratio(a: Num, b: Num, exact: bool) -> bool:
    if exact:
        return a == b
    fa, fb = float(a), float(b)
    return abs(fa - fb) <= SLOPE_TOL * max(abs(fa), abs(fb))
