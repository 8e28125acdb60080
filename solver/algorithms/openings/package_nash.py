"""The Nash bargaining point on a package's frontier, with lotteries over the sector levels
where the frontier's vertices do not reach it, and its certificate (:func:`nash_residual`).

The frontier itself is built by :mod:`solver.algorithms.openings.package_frontier`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from solver._core.errors import CertificateError, InputError
from solver._core.results import Certified, frozen_mapping
from solver._core.validation import (
    check_number,
    check_weights,
)
from solver.algorithms.openings.package_frontier import (
    PACKAGE_TOL,
    Num,
    PackageFrontier,
    SectorFrontier,
    _as_num,
    _is_rational,
)

__all__ = ["PackageNash", "nash_on_frontier", "nash_residual"]


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
    >>> from solver.algorithms.openings.package_frontier import package_frontier
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

    >>> from solver.algorithms.openings.package_frontier import package_frontier
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
    >>> from solver.algorithms.openings.package_frontier import package_frontier
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
