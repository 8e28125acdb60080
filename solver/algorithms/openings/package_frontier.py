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

**Certificate** (:func:`nash_residual`, independent of the frontier): the answer's lotteries
reproduce its point, and the line through the point normal to the gradient
``(w_S / (U_S - d_S), w_T / (U_T - d_T))`` of the log Nash product supports the feasible set.
The maximum of that linear function over the hull is the sum of the sectors' maxima over their
levels; the objective is concave, so a zero residual proves optimality. "No agreement" (no
frontier point strictly better than ``d`` for both) is certified by a line with a nonnegative
normal that separates every package from that region.
"""

from __future__ import annotations

import dataclasses
import heapq
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeAlias, cast

import numpy as np
from numpy.typing import NDArray

from solver._core.errors import CertificateError, InputError
from solver._core.results import Certified, frozen_mapping
from solver._core.tabular import one_line
from solver._core.validation import (
    AT_LEAST_ONE,
    check_in,
    check_number,
    check_weights,
    nonnegative,
    probability,
)

__all__ = [
    "FLOOR_TOL",
    "PACKAGE_TOL",
    "SLOPE_TOL",
    "FrontierStep",
    "PackageFrontier",
    "PackageNash",
    "SectorFrontier",
    "discrete_levels",
    "nash_on_frontier",
    "nash_residual",
    "package_frontier",
    "sector_frontier",
]

Num: TypeAlias = Fraction | float

#: A float floor this far above a level still admits that level (floors written as decimals).
FLOOR_TOL = 1e-12
#: Relative gap under which two float step ratios count as one frontier edge (collinear).
SLOPE_TOL = 1e-12
#: Tolerance on :func:`nash_residual` of a certified floating-point Nash point.
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


@dataclass(frozen=True)
class PackageNash(Certified):
    """The Nash point on a package frontier, with the openings that realise it.

    ``levels[s]`` is sector s's lottery ``((level, prob), ...)`` (one entry, or two adjacent
    levels in at most one sector); ``openings[s]`` its expected opening; ``sector_payoffs[s]``
    its expected (sender, target) payoffs under that lottery (they sum to ``point``; note
    ``-c E[x**k]``, not ``-c E[x]**k``). With no agreement ``point`` is the disagreement point
    and ``openings``, ``levels``, ``sector_payoffs`` and ``slope`` are None.
    ``slope`` is ``w_T (U_S - d_S) / (w_S (U_T - d_T))``, the price of target utility in sender
    utility that supports the point (as in :mod:`solver.algorithms.openings.opening_program`).
    ``residuals`` holds the certificate's residual (:func:`nash_residual`) under ``"nash"``;
    ``max_residual`` is the largest.

    Parameters
    ----------
    agreement : bool
        Whether some point is strictly better than ``disagreement`` for both.
    point : (number, number)
        The Nash point (U_S, U_T), or the disagreement point.
    disagreement : (number, number)
        The threat point d.
    weights : (number, number)
        The Nash product's weights (w_S, w_T).
    openings, levels, sector_payoffs : tuple or None
        Per sector, as described above (None without agreement).
    slope : number or None
        The supporting price, as described above.
    residuals : Mapping[str, float]
        ``{"nash": ...}``, the certificate.
    exact : bool
        Whether the numbers are Fractions.
    method : str, optional
        How the point was found.

    Examples
    --------
    >>> sol = nash_on_frontier(package_frontier([(6, 3, 1)], 3), (-2, -4))
    >>> sol.point, sol.openings, sol.slope, dict(sol.residuals)
    ((Fraction(3, 1), Fraction(-3, 2)), (Fraction(1, 2),), Fraction(2, 1), {'nash': 0.0})
    """

    agreement: bool
    point: tuple[Num, Num]
    disagreement: tuple[Num, Num]
    weights: tuple[Num, Num]
    openings: tuple[Num, ...] | None
    levels: tuple[tuple[tuple[Num, Num], ...], ...] | None
    sector_payoffs: tuple[tuple[Num, Num], ...] | None
    slope: Num | None
    residuals: Mapping[str, float]
    exact: bool
    method: str = "closed form on the frontier polygon"

    def __post_init__(self) -> None:
        object.__setattr__(self, "residuals", frozen_mapping(self.residuals))


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


def nash_on_frontier(
    frontier: PackageFrontier, disagreement: Sequence[float | Fraction], *,
    weights: Sequence[float | Fraction] = (0.5, 0.5),
) -> PackageNash:
    """The (weighted) Nash bargaining point on a package frontier, and the lotteries over
    sector levels that realise it, certified by :func:`nash_residual`.

    Exact (fractions) when the frontier is exact and ``disagreement`` is integers or fractions;
    float weights are then taken at their exact binary value.

    Parameters
    ----------
    frontier : PackageFrontier
        The package frontier (:func:`package_frontier`).
    disagreement : sequence of two numbers
        The threat point (d_S, d_T).
    weights : sequence of two numbers, optional
        The Nash product's weights (w_S, w_T), positive and summing to 1.

    Returns
    -------
    PackageNash
        The Nash point, the lotteries over levels that realise it and its certificate.

    Examples
    --------
    One linear sector (value 6, cost 3), 3 levels, threat point (-2, -4). The continuous Nash
    opening is 1/2 (``docs/model.md``), which is a level:

    >>> sol = nash_on_frontier(package_frontier([(6, 3, 1)], 3), (-2, -4))
    >>> sol.agreement, sol.levels, sol.max_residual
    (True, (((Fraction(1, 2), Fraction(1, 1)),),), 0.0)

    With 2 levels the same point is a fair lottery between closed and open:

    >>> sol = nash_on_frontier(package_frontier([(6, 3, 1)], 2), (-2, -4))
    >>> [(str(x), str(p)) for x, p in sol.levels[0]], str(sol.openings[0])
    ([('0', '1/2'), ('1', '1/2')], '1/2')
    """
    func = "nash_on_frontier()"
    if not isinstance(frontier, PackageFrontier):
        raise InputError(f"{func}: frontier must be a PackageFrontier, got {frontier!r}")
    if isinstance(disagreement, str | bytes) or len(disagreement) != 2:
        raise InputError(f"{func}: disagreement must be two finite numbers, got "
                         f"{disagreement!r}")
    for x in disagreement:
        check_number(func, "disagreement", x)
    check_weights(func, "weights", weights)
    exact = frontier.exact and all(map(_is_rational, disagreement))
    d = (_as_num(disagreement[0], exact), _as_num(disagreement[1], exact))
    w0, w1 = _as_num(weights[0], exact), _as_num(weights[1], exact)
    w = (w0 / (w0 + w1), w1 / (w0 + w1))
    verts = [(_as_num(u, exact), _as_num(t, exact)) for u, t in frontier.vertices]

    def n_sign(pt: tuple[Num, Num], sigma: Num) -> Num:
        # Derivative of the log Nash product along a slope-sigma edge, times S_S S_T / dU_S.
        return w[0] * (pt[1] - d[1]) + w[1] * sigma * (pt[0] - d[0])

    j, t = len(verts) - 1, _as_num(0, exact)
    for e in range(len(verts) - 1):
        a, b = verts[e], verts[e + 1]
        sigma = -_as_num(frontier.steps[frontier.breaks[e]].ratio, exact)
        n_a, n_b = n_sign(a, sigma), n_sign(b, sigma)
        if n_a <= 0:
            j = e
            break
        if n_b < 0:
            j, t = e, n_a / (n_a - n_b)
            break
    point = _lottery_point(verts, j, t)
    if not (point[0] > d[0] and point[1] > d[1]):
        return _certified(func, frontier,
                          PackageNash(False, d, d, w, None, None, None, None, {}, exact))
    levels = _lotteries(frontier, j, t, exact)
    zero = _as_num(0, exact)
    openings = tuple(sum((x * p for x, p in lot), zero) for lot in levels)
    payoffs = tuple(_expected(sf, lot, exact) for sf, lot in zip(frontier.sectors, levels,
                                                                   strict=True))
    slope = w[1] * (point[0] - d[0]) / w[0] / (point[1] - d[1])
    return _certified(func, frontier,
                      PackageNash(True, point, d, w, openings, levels, payoffs, slope, {},
                                  exact))


def _certified(func: str, frontier: PackageFrontier, sol: PackageNash) -> PackageNash:
    """``sol`` with its certificate residual; raises if the certificate fails."""
    residual = nash_residual(frontier, sol)
    if residual > PACKAGE_TOL:
        what = "solution" if sol.agreement else "'no agreement'"
        raise CertificateError(f"{func}: {what} failed its certificate (residual "
                              f"{residual:.3g})")
    return dataclasses.replace(sol, residuals={"nash": residual})


def _expected(sf: SectorFrontier, lot: Sequence[tuple[Num, Num]],
              exact: bool) -> tuple[Num, Num]:
    """A sector's expected (sender, target) payoffs under a lottery over its levels (a
    KeyError if a level is not allowed)."""
    index = {_as_num(x, exact): i for i, x in enumerate(sf.levels)}
    zero = _as_num(0, exact)
    pts = [(p, sf.points[index[x]]) for x, p in lot]
    return (sum((p * _as_num(u, exact) for p, (u, _) in pts), zero),
            sum((p * _as_num(t, exact) for p, (_, t) in pts), zero))


def _lottery_point(verts: list[tuple[Num, Num]], j: int, t: Num) -> tuple[Num, Num]:
    if t == 0:
        return verts[j]
    a, b = verts[j], verts[j + 1]
    return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))


def _lotteries(
    pf: PackageFrontier, j: int, t: Num, exact: bool
) -> tuple[tuple[tuple[Num, Num], ...], ...]:
    """Each sector's lottery at the point ``t`` of the way along edge ``j`` (vertex if 0)."""
    one = _as_num(1, exact)
    state = [sf.frontier[0] for sf in pf.sectors]
    for st in pf.steps[:pf.breaks[j]]:
        state[st.sector] = st.lower + 1
    mixed: tuple[int, Num] | None = None
    if t != 0:
        group = pf.steps[pf.breaks[j]:pf.breaks[j + 1]]
        length = sum((_as_num(st.delta[0], exact) for st in group), _as_num(0, exact))
        tau = t * length  # sender value still to add along the edge
        for st in group:
            ds = _as_num(st.delta[0], exact)
            if tau >= ds:
                state[st.sector], tau = st.lower + 1, tau - ds
            else:
                if tau > 0:
                    mixed = (st.sector, tau / ds)
                break
    out: list[tuple[tuple[Num, Num], ...]] = []
    for s, (sf, i) in enumerate(zip(pf.sectors, state, strict=True)):
        x = _as_num(sf.levels[i], exact)
        if mixed is not None and mixed[0] == s:
            lam = mixed[1]
            out.append(((x, one - lam), (_as_num(sf.levels[i + 1], exact), lam)))
        else:
            out.append(((x, one),))
    return tuple(out)


def _separation_gaps(secs: Sequence[SectorFrontier], normals: Sequence[tuple[Num, Num]],
                     d: tuple[Num, Num]) -> NDArray[np.float64]:
    """``sum_s max_x g . u_s(x) - g . d`` for every normal ``g`` at once, in floats."""
    pts = np.array([p for sf in secs for p in sf.points], dtype=float)
    starts = np.cumsum([0] + [len(sf.points) for sf in secs[:-1]])
    g = np.array(normals, dtype=float)
    best = np.maximum.reduceat(g @ pts.T, starts, axis=1).sum(axis=1)
    return best - g @ np.array(d, dtype=float)


def nash_residual(frontier: PackageFrontier, solution: PackageNash) -> float:
    """Largest violation of the Nash point's defining conditions, checked from the sectors'
    parameters alone (not from the frontier's vertices).

    With agreement: the lotteries use allowed levels with probabilities summing to 1 and
    reproduce ``point``; and the line through ``point`` normal to the log Nash product's
    gradient ``g`` supports the convex hull of the packages, i.e. ``sum_s max_x g . u_s(x)``
    equals ``g . point`` (the Nash condition: the objective is concave). Without agreement:
    some ``g >= 0`` among the axes and the sectors' step normals separates the packages from
    the region strictly better than ``d``. Gaps are in utility along a unit-sum ``g``, divided
    by ``sum_s (v_s + c_s)``. Zero (exact) or tiny (floats) proves the answer.

    Parameters
    ----------
    frontier : PackageFrontier
        The package frontier (only its sectors' parameters are read).
    solution : PackageNash
        The claimed Nash point.

    Returns
    -------
    float
        The largest scaled violation (0.0 for an exact, correct answer).

    Examples
    --------
    >>> pf = package_frontier([(6, 3, 1)], 3)
    >>> nash_residual(pf, nash_on_frontier(pf, (-2, -4)))
    0.0
    """
    exact = solution.exact
    secs = frontier.sectors
    d = solution.disagreement
    scale = sum(abs(float(sf.value)) + abs(float(sf.cost)) for sf in secs) or 1.0

    def num(x: Num) -> Num:
        return _as_num(x, exact)

    def support(g: tuple[Num, Num]) -> Num:
        return sum((max(g[0] * num(u) + g[1] * num(t) for u, t in sf.points) for sf in secs),
                   num(0))

    if not solution.agreement:
        # Unit-sum normals (1 - theta, theta) from (1, 0) to (0, 1); the gap is convex in
        # theta and kinks only at the sectors' step normals, so search those for its minimum.
        ratios = sorted({num(st.ratio) for st in frontier.steps}, reverse=True)
        normals = [(num(1), num(0)), *((r / (1 + r), 1 / (1 + r)) for r in ratios),
                   (num(0), num(1))]

        def sep_gap(i: int) -> Num:
            g = normals[i]
            return support(g) - g[0] * d[0] - g[1] * d[1]

        if exact:
            lo, hi = 0, len(normals) - 1
            while lo < hi:  # the minimum of a convex sequence, by bisection
                mid = (lo + hi) // 2
                lo, hi = (lo, mid) if sep_gap(mid) <= sep_gap(mid + 1) else (mid + 1, hi)
            best = float(sep_gap(lo))
        else:  # rounding can break convexity on flat stretches: try every normal
            best = float(_separation_gaps(secs, normals, d).min())
        res = max(0.0, best) / scale
        return res if math.isfinite(res) else math.inf
    if solution.levels is None or solution.openings is None or solution.sector_payoffs is None:
        return math.inf
    worst = 0.0
    us, ut = num(0), num(0)
    for sf, lot, x_exp, pay in zip(secs, solution.levels, solution.openings,
                                   solution.sector_payoffs, strict=True):
        if any(p < 0 for _, p in lot):
            return math.inf
        try:
            u, t = _expected(sf, lot, exact)
        except KeyError:  # a level the sector does not allow
            return math.inf
        worst = max(worst, abs(float(sum((p for _, p in lot), num(0)) - 1)),
                    abs(float(sum((x * p for x, p in lot), num(0)) - x_exp)),
                    abs(float(u - pay[0])) / scale, abs(float(t - pay[1])) / scale)
        us, ut = us + u, ut + t
    worst = max(worst, abs(float(us - solution.point[0])) / scale,
                abs(float(ut - solution.point[1])) / scale)
    s_s, s_t = solution.point[0] - d[0], solution.point[1] - d[1]
    if s_s <= 0 or s_t <= 0:
        return math.inf
    # The gradient (w_S / s_s, w_T / s_t), rescaled to (w_S s_t, w_T s_s) and to unit sum.
    g = (solution.weights[0] * s_t, solution.weights[1] * s_s)
    g = (g[0] / (g[0] + g[1]), g[1] / (g[0] + g[1]))
    gap = support(g) - (g[0] * solution.point[0] + g[1] * solution.point[1])
    res = max(worst, abs(float(gap)) / scale)
    return res if math.isfinite(res) else math.inf
