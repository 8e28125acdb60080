"""The discrete package frontier: known answers, brute force, the continuous limit, certificates."""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Sequence
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.algorithms.openings.opening_program import OpeningProblem, nash_openings
from solver.algorithms.openings.package_frontier import (
    PACKAGE_TOL,
    PackageFrontier,
    discrete_levels,
    package_frontier,
    sector_frontier,
)
from solver.algorithms.openings.package_nash import PackageNash, nash_on_frontier, nash_residual

Point = tuple[F, F]


# ---------------------------------------------------------------- independent brute force


def enumerate_packages(params: Sequence[tuple[int, int, int, F]], levels: int) -> list[Point]:
    """Every package outcome (the product of sector outcomes), exactly."""
    per_sector = []
    for v, c, k, f in params:
        xs = [F(i, levels - 1) for i in range(levels) if F(i, levels - 1) >= f]
        per_sector.append([(v * x, -c * x**k) for x in xs])
    return [(sum((p[0] for p in combo), F(0)), sum((p[1] for p in combo), F(0)))
            for combo in itertools.product(*per_sector)]


def upper_right_hull(points: Sequence[Point]) -> list[Point]:
    """Pareto part of the convex hull (Andrew's monotone chain, collinear points dropped)."""
    pts = sorted(set(points))
    upper: list[Point] = []
    for p in reversed(pts):  # right to left gives the upper hull
        while len(upper) >= 2:
            (ax, ay), (bx, by) = upper[-2], upper[-1]
            if (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax) <= 0:
                upper.pop()
            else:
                break
        upper.append(p)
    upper.reverse()  # left to right; slopes decreasing
    # Keep from the highest point (ties: the rightmost) to the rightmost (ties: the highest).
    while len(upper) >= 2 and upper[1][1] >= upper[0][1]:
        upper.pop(0)
    return upper


def nash_product(p: Point, d: Point, w: tuple[F, F] = (F(1, 2), F(1, 2))) -> float:
    if p[0] <= d[0] or p[1] <= d[1]:
        return -math.inf
    return float(w[0]) * math.log(p[0] - d[0]) + float(w[1]) * math.log(p[1] - d[1])


def segment_enters_quadrant(a: Point, b: Point, d: Point) -> bool:
    """Does some point of segment [a, b] beat d strictly for both? max_t min(affine, affine)
    is at an endpoint or where the two surpluses cross."""
    ts = [F(0), F(1)]
    ga, gb = (a[0] - d[0]) - (a[1] - d[1]), (b[0] - d[0]) - (b[1] - d[1])
    if ga != gb:
        t = ga / (ga - gb)
        if 0 <= t <= 1:
            ts.append(t)
    return any(min(a[0] + t * (b[0] - a[0]) - d[0], a[1] + t * (b[1] - a[1]) - d[1]) > 0
               for t in ts)


def assert_certified(pf: PackageFrontier, sol: PackageNash) -> None:
    """The answer's own claims, checked without the solver's frontier."""
    assert sol.levels is not None and sol.openings is not None
    assert sum(len(lot) > 1 for lot in sol.levels) <= 1  # at most one sector randomises
    assert sol.sector_payoffs is not None
    assert (sum(p[0] for p in sol.sector_payoffs), sum(p[1] for p in sol.sector_payoffs)) \
        == sol.point
    for sf, lot, x in zip(pf.sectors, sol.levels, sol.openings, strict=True):
        assert all(lv in sf.levels and 0 < p <= 1 for lv, p in lot)
        if len(lot) == 2:  # a lottery is between adjacent levels
            assert sf.levels.index(lot[1][0]) == sf.levels.index(lot[0][0]) + 1
        assert sum(lv * p for lv, p in lot) == x
    assert nash_residual(pf, sol) == 0.0


# ---------------------------------------------------------------- known answers


def test_levels_and_floors() -> None:
    """L = 5 gives 0, 1/4, 1/2, 3/4, 1; a floor keeps the levels at or above it, and a floor
    between levels keeps the next level up."""
    assert discrete_levels(5) == (0, F(1, 4), F(1, 2), F(3, 4), 1)
    assert discrete_levels(5, F(1, 2)) == (F(1, 2), F(3, 4), 1)
    assert discrete_levels(5, 0.3) == (F(1, 2), F(3, 4), 1)
    assert discrete_levels(11, 0.1 + 0.2) == tuple(F(i, 10) for i in range(3, 11))
    assert discrete_levels(2, 1) == (1,)


def test_two_linear_sectors_frontier_by_hand() -> None:
    """Sector 0 (v 2, c 1) costs the target 1/2 per unit of value, sector 1 (v 1, c 2) costs 2.
    With levels 0, 1/2, 1 each sector has two equal steps: (1, -1/2) twice, then (1/2, -1)
    twice. Cheapest first: (0, 0) -> (2, -1) -> (3, -3), sector 0 opened before sector 1; the
    middle level of each sector is a collinear point, so not a vertex."""
    pf = package_frontier([(2, 1, 1), (1, 2, 1)], 3)
    assert pf.exact
    assert pf.vertices == ((0, 0), (2, -1), (3, -3))
    assert pf.choices == ((0, 0), (1, 0), (1, 1))
    assert pf.breaks == (0, 2, 4)


def test_vertex_nash_by_hand() -> None:
    """Same frontier, d = (0, -3). On edge (0,0)-(2,-1), U_T = -U_S/2 and the product
    U_S (3 - U_S/2) peaks at U_S = 3 > 2; on edge (2,-1)-(3,-3), U_T = 3 - 2 U_S and
    U_S (6 - 2 U_S) peaks at 3/2 < 2. So the Nash point is the vertex (2, -1): sector 0 open,
    sector 1 closed. The normal (1/2, 1/2) lies between the edge normals (1, 2) and (2, 1)."""
    pf = package_frontier([(2, 1, 1), (1, 2, 1)], 3)
    sol = nash_on_frontier(pf, (0, -3))
    assert sol.point == (2, -1)
    assert sol.levels == (((1, 1),), ((0, 1),))
    assert sol.openings == (1, 0)
    assert_certified(pf, sol)


def test_edge_nash_is_a_lottery_by_hand() -> None:
    """d = (0, -6). On the second edge U_T = 3 - 2 U_S and (U_S)(9 - 2 U_S) peaks at
    U_S = 9/4, inside (2, 3); U_T = -3/2. The edge is sector 1's two steps of (1/2, -1):
    9/4 - 2 = 1/4 is half the first step, so sector 1 is a fair lottery between 0 and 1/2
    (expected opening 1/4) and sector 0 is open. Both sectors are linear, so the discrete hull
    equals the continuous frontier and ``nash_openings`` agrees: (1, 1/4)."""
    pf = package_frontier([(2, 1, 1), (1, 2, 1)], 3)
    sol = nash_on_frontier(pf, (0, -6))
    assert sol.point == (F(9, 4), F(-3, 2))
    assert sol.levels == (((1, 1),), ((0, F(1, 2)), (F(1, 2), F(1, 2))))
    assert sol.openings == (1, F(1, 4))
    assert sol.sector_payoffs == ((2, -1), (F(1, 4), F(-1, 2)))
    assert_certified(pf, sol)
    cont = nash_openings(OpeningProblem.build(values=[2.0, 1.0], costs=[1.0, 2.0],
                                              curvatures=[1.0, 1.0], disagreement=(0.0, -6.0)))
    assert cont.openings == pytest.approx((1.0, 0.25), abs=1e-12)


def test_quadratic_sector_tie_at_a_vertex() -> None:
    """v 4, c 2, k 2, levels 0, 1/2, 1: points (0,0), (2,-1/2), (4,-2). d = (0, -2). On the
    first edge U_T = -U_S/4 and U_S (2 - U_S/4) peaks at U_S = 4 > 2; on the second
    (slope -3/4) U_T = 1 - 3 U_S/4 and U_S (3 - 3 U_S/4) peaks at U_S = 2 exactly: the
    derivative vanishes at the vertex (2, -1/2), the level 1/2. (The continuous opening is
    1/sqrt(3), where 8x - 8x^3 peaks.)"""
    sf = sector_frontier(value=4, cost=2, curvature=2, levels=3)
    assert sf.points == ((0, 0), (2, F(-1, 2)), (4, -2))
    pf = package_frontier([(4, 2, 2)], 3)
    sol = nash_on_frontier(pf, (0, -2))
    assert sol.point == (2, F(-1, 2))
    assert sol.levels == (((F(1, 2), 1),),)
    assert_certified(pf, sol)


def test_weighted_nash_by_hand() -> None:
    """v 6, c 3, linear, d = (-2, -4), weights (1/4, 3/4): the first-order condition
    (1/4) 6 / (6x + 2) = (3/4) 3 / (4 - 3x) gives 24 - 18x = 54x + 18, x = 1/12, a level
    when L = 13; the slope w_T (U_S - d_S) / (w_S (U_T - d_T)) is 3 * (5/2) / (15/4) = 2."""
    pf = package_frontier([(6, 3, 1)], 13)
    sol = nash_on_frontier(pf, (-2, -4), weights=(F(1, 4), F(3, 4)))
    assert sol.openings == (F(1, 12),)
    assert sol.slope == 2
    assert_certified(pf, sol)


def test_unaffordable_floor_means_no_agreement() -> None:
    """Floor 1/2 on a sector costing 10 costs the target at least 5 > its leverage 4: every
    package leaves it worse off than d = (-2, -4)."""
    pf = package_frontier([(6, 3, 1, 0), (1, 10, 1, F(1, 2))], 5)
    assert pf.vertices[0] == (F(1, 2), -5)
    sol = nash_on_frontier(pf, (-2, -4))
    assert not sol.agreement
    assert sol.point == (-2, -4) and sol.openings is None and sol.levels is None
    assert nash_residual(pf, sol) == 0.0  # separated by the axis normal (0, 1)


def test_degenerate_sectors() -> None:
    """v = 0: the lowest level dominates; c = 0: the highest; both zero: the lowest."""
    assert sector_frontier(value=0, cost=3, curvature=1, levels=5, floor=F(1, 4)).frontier == (0,)
    assert sector_frontier(value=2, cost=0, curvature=1, levels=5).frontier == (4,)
    pf = package_frontier([(0, 3, 1), (2, 0, 1), (0, 0, 1)], 5)
    assert pf.vertices == ((2, 0),)
    sol = nash_on_frontier(pf, (-1, -1))
    assert sol.openings == (0, 1, 0)
    assert_certified(pf, sol)


def test_float_path_matches_exact() -> None:
    pf = package_frontier([(0.585, 0.26, 1.0), (3.2, 1.1, 2.5, 0.3)], 5)
    assert not pf.exact
    sol = nash_on_frontier(pf, (-0.05, -0.3))
    assert sol.max_residual <= PACKAGE_TOL
    assert not sol.exact and isinstance(sol.point[0], float)
    ex = package_frontier([(0.585, 0.26, 1), (3.2, 1.1, 2, 0.3)], 5, exact=True)
    assert ex.exact and isinstance(ex.vertices[0][0], F)
    mixed = nash_on_frontier(package_frontier([(1, 1, 2), (3, 1, 1)], 4), (-0.5, -1.0))
    assert not mixed.exact and mixed.max_residual <= PACKAGE_TOL
    with pytest.raises(ValueError, match=r"exact=True needs an integer .*curvature, got 2.5"):
        package_frontier([(3.2, 1.1, 2.5)], 5, exact=True)


# ---------------------------------------------------------------- brute force (hypothesis)

ints = st.integers(min_value=0, max_value=9)
floors = st.sampled_from([F(0), F(0), F(1, 5), F(1, 2), F(2, 3), F(1)])
sector = st.tuples(ints, ints, st.integers(min_value=1, max_value=3), floors)
problems = st.tuples(st.lists(sector, min_size=1, max_size=4), st.integers(2, 4))
disagreements = st.tuples(st.integers(-30, 10).map(F), st.integers(-60, 5).map(F))


@settings(max_examples=150)
@given(problems)
def test_frontier_is_hull_of_enumeration(problem: tuple[list, int]) -> None:
    params, levels = problem
    pf = package_frontier(params, levels)
    assert list(pf.vertices) == upper_right_hull(enumerate_packages(params, levels))
    for vertex, choice in zip(pf.vertices, pf.choices, strict=True):
        assert all(x in sf.levels for sf, x in zip(pf.sectors, choice, strict=True))
        assert vertex == (sum(v * x for (v, _, _, _), x in zip(params, choice, strict=True)),
                          -sum(c * x**k for (_, c, k, _), x in zip(params, choice, strict=True)))


@settings(max_examples=150)
@given(problems, disagreements, st.sampled_from([(F(1, 2), F(1, 2)), (F(1, 3), F(2, 3))]))
def test_nash_point_against_enumeration(problem: tuple[list, int], d: Point,
                                        w: tuple[F, F]) -> None:
    """Certified, and no enumerated package, nor any point on the brute-force frontier's edges,
    has a larger Nash product; with no agreement, no such point beats d for both."""
    params, levels = problem
    pf = package_frontier(params, levels)
    sol = nash_on_frontier(pf, d, weights=w)
    hull = upper_right_hull(enumerate_packages(params, levels))
    if not sol.agreement:
        assert nash_residual(pf, sol) == 0.0
        assert not any(p[0] > d[0] and p[1] > d[1] for p in hull)
        assert not any(segment_enters_quadrant(a, b, d) for a, b in itertools.pairwise(hull))
        return
    assert_certified(pf, sol)
    best = nash_product(sol.point, d, w)
    grid = [F(i, 16) for i in range(17)]
    for a, b in itertools.pairwise(hull + hull[-1:]):
        for t in grid:
            p = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
            assert nash_product(p, d, w) <= best + 1e-12


pos_floats = st.one_of(st.just(0.0), st.floats(1e-3, 10))


@settings(max_examples=60)
@given(st.lists(st.tuples(pos_floats, pos_floats, st.floats(1, 4), st.floats(0, 1)),
                min_size=1, max_size=6),
       st.integers(2, 7), st.floats(-20, 2), st.floats(-40, 2))
def test_float_frontier_matches_exact_and_is_certified(
    params: list[tuple[float, float, float, float]], levels: int, ds: float, dt: float
) -> None:
    """Floats against the same inputs in rationals (curvatures rounded to integers, so the
    exact path applies); the float Nash point passes its certificate."""
    params = [(v, c, float(round(k)), f) for v, c, k, f in params]
    fl = package_frontier(params, levels)
    ex = package_frontier(params, levels, exact=True)
    scale = 1 + sum(v + c for v, c, _, _ in params)
    assert len(fl.vertices) <= len(ex.vertices)  # float ties may merge near-collinear edges
    for u, t in ex.vertices:  # every exact vertex lies on the float polyline
        on = any(float(a[0]) - 1e-9 * scale <= u <= float(b[0]) + 1e-9 * scale
                 and abs(_interp(a, b, float(u)) - float(t)) <= 1e-9 * scale
                 for a, b in itertools.pairwise(fl.vertices + fl.vertices[-1:]))
        assert on
    sol = nash_on_frontier(fl, (ds, dt))
    if sol.agreement:
        assert sol.max_residual <= PACKAGE_TOL


def _interp(a: tuple, b: tuple, u: float) -> float:
    if b[0] == a[0]:
        return float(a[1])
    t = min(max((u - a[0]) / (b[0] - a[0]), 0.0), 1.0)
    return float(a[1] + t * (b[1] - a[1]))


# ---------------------------------------------------------------- the continuous limit


@pytest.mark.parametrize(
    ("values", "costs", "curvatures", "floors", "d", "w"),
    [
        pytest.param([6.0, 2.0, 3.0], [3.0, 4.0, 1.0], [1.0, 2.0, 1.5], [0, 0, 0],
                     (-3.0, -5.0), (0.5, 0.5), id="mixed-curvatures"),
        pytest.param([0.585, 2.0, 1.2], [0.26, 1.8, 0.5], [1.0, 3.0, 2.0], [0, 0.5, 0],
                     (-0.05, -1.5), (0.3, 0.7), id="weighted-with-floor"),
        pytest.param([5.0], [4.0], [2.0], [0], (-1.0, -2.0), (0.5, 0.5), id="quadratic"),
    ],
)
@pytest.mark.parametrize("levels", [11, 101, 1001])
def test_converges_to_continuous_program(
    values: list[float], costs: list[float], curvatures: list[float], floors: list[float],
    d: tuple[float, float], w: tuple[float, float], levels: int,
) -> None:
    """The discrete hull approaches the continuous frontier as L grows: payoffs within
    O(1/L) of ``nash_openings``' and each expected opening within a few grid steps."""
    cont = nash_openings(OpeningProblem.build(values=values, costs=costs, curvatures=curvatures,
                                              disagreement=d, lower=floors,
                                              weights=w))
    assert cont.openings is not None
    pf = package_frontier(list(zip(values, costs, curvatures, floors, strict=True)), levels)
    sol = nash_on_frontier(pf, d, weights=w)
    assert sol.agreement and sol.openings is not None
    h = 1 / (levels - 1)
    scale = sum(values) + sum(costs)
    assert sol.point == pytest.approx(cont.payoffs, abs=2 * h * scale)
    assert sol.openings == pytest.approx(cont.openings, abs=3 * h)
    assert sol.max_residual <= PACKAGE_TOL


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "match"),
    [
        pytest.param(lambda: discrete_levels(1), r"discrete_levels\(\): levels must be an "
                     r"integer >= 2, got 1", id="levels<2"),
        pytest.param(lambda: discrete_levels(2.5), r"levels must be an integer >= 2, got 2.5",
                     id="levels-float"),
        pytest.param(lambda: discrete_levels(5, 1.5), r"discrete_levels\(\): floor must be in "
                     r"\[0, 1\], got 1.5", id="floor>1"),
        pytest.param(lambda: sector_frontier(value=1, cost=1, curvature=1, levels=5, floor=-0.1),
                     r"sector_frontier\(\): floor "
                     r"must be in \[0, 1\], got -0.1", id="floor<0"),
        pytest.param(lambda: sector_frontier(value=-1, cost=1, curvature=1, levels=5),
                     r"sector_frontier\(\): value must "
                     r"be >= 0, got -1", id="negative-value"),
        pytest.param(lambda: sector_frontier(value=1, cost=-2.0, curvature=1, levels=5),
                     r"cost must be >= 0, got -2.0",
                     id="negative-cost"),
        pytest.param(lambda: sector_frontier(value=1, cost=1, curvature=0.5, levels=5),
                     r"curvature must be >= 1, got 0.5",
                     id="curvature<1"),
        pytest.param(lambda: sector_frontier(value=math.nan, cost=1, curvature=1, levels=5),
                     r"value must be a finite "
                     r"number, got nan", id="nan"),
        pytest.param(lambda: package_frontier([(1, 1, 1), (1, -3, 1)], 5),
                     r"package_frontier\(\): sectors_params\[1\] cost must be >= 0, got -3",
                     id="package-negative-cost"),
        pytest.param(lambda: package_frontier([(1, 1, 1, 2)], 5),
                     r"sectors_params\[0\] floor must be in \[0, 1\], got 2",
                     id="package-floor"),
        pytest.param(lambda: package_frontier([(1, 1, 1)], 1),
                     r"package_frontier\(\): levels must be an integer >= 2, got 1",
                     id="package-levels"),
        pytest.param(lambda: package_frontier([], 5), r"sectors_params must be a non-empty",
                     id="no-sectors"),
        pytest.param(lambda: package_frontier([(1, 1)], 5),
                     r"sectors_params\[0\] must be \(value, cost, curvature\[, floor\]\), "
                     r"got \(1, 1\)", id="short-row"),
        pytest.param(lambda: nash_on_frontier(package_frontier([(1, 1, 1)], 3), (0,)),
                     r"nash_on_frontier\(\): disagreement must be two finite numbers, got \(0,\)",
                     id="short-d"),
        pytest.param(lambda: nash_on_frontier(package_frontier([(1, 1, 1)], 3), (0, 0),
                                              weights=(0.7, 0.7)),
                     r"nash_on_frontier\(\): weights sum to 1.4, not 1", id="weights"),
    ],
)
def test_bad_input(call: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()  # type: ignore[operator]


def test_certificate_rejects_wrong_answers() -> None:
    """The certificate is independent of the solver: a neighbouring vertex, a lottery that
    does not reproduce the point, and a false "no agreement" all fail it."""
    pf = package_frontier([(2, 1, 1), (1, 2, 1)], 3)
    sol = nash_on_frontier(pf, (0, -6))  # the lottery point (9/4, -3/2), see above
    vertex = dataclasses.replace(sol, point=(F(2), F(-1)), openings=(F(1), F(0)),
                                 levels=(((F(1), F(1)),), ((F(0), F(1)),)),
                                 sector_payoffs=((F(2), F(-1)), (F(0), F(0))))
    assert nash_residual(pf, vertex) > 0.01
    moved = dataclasses.replace(sol, point=(F(5, 2), F(-2)))
    assert nash_residual(pf, moved) > 0.01
    false_breakdown = dataclasses.replace(sol, agreement=False, openings=None, levels=None,
                                          sector_payoffs=None)
    assert nash_residual(pf, false_breakdown) > 0.01


def test_float_no_agreement_on_a_collinear_frontier() -> None:
    """A free sector (c = 0) and a linear one whose four float step ratios differ by rounding:
    U_T <= 0 = d_T everywhere, so no agreement, separated by the normal (0, 1) (found by
    hypothesis: rounding broke a bisection over the near-equal normals)."""
    pf = package_frontier([(1.0, 0.0, 1.0), (0.1645850797681643, 2.0, 1.0)], 5)
    sol = nash_on_frontier(pf, (0.0, 0.0))
    assert not sol.agreement and sol.max_residual == 0.0
