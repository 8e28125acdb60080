"""Axiomatic bargaining solutions: known answers with sources, certificates, bad input."""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction as F

import numpy as np
import pytest

from solver.algorithms.bargaining import (
    BargainingSolution,
    certify,
    egalitarian,
    kalai_smorodinsky,
    nash_bargaining,
    utilitarian,
)
from solver.model.bargaining_problem import SectorBargaining
from solver.representations.bargaining import BARGAINING_TOL, BargainingProblem

SOLUTIONS: list[Callable[[BargainingProblem], BargainingSolution]] = [
    nash_bargaining, kalai_smorodinsky, egalitarian, utilitarian]

#: The monotonicity example in the spirit of Kalai & Smorodinsky (1975), "Other solutions to
#: Nash's bargaining problem", Econometrica 43(3), 513-518. These polygons were recalled from
#: memory as the paper's own example; that could NOT be verified (no copy of the paper, nor a
#: text quoting its example, was found in the sources searchable here), so the example is
#: derived by hand here, with d = (0, 0):
#:   S = conv{(0,0), (0,1), (3/4,3/4), (1,0)}. On the edge u2 = 1 - u1/3 (0 <= u1 <= 3/4) the
#:   Nash product u1 - u1^2/3 rises (derivative 1 - 2 u1/3 > 0); on the edge u2 = 3 - 3 u1
#:   (3/4 <= u1 <= 1) the product 3 u1 - 3 u1^2 falls (derivative 3 - 6 u1 < 0). So Nash(S) =
#:   (3/4, 3/4). The ideal point is (1, 1) and the diagonal meets the frontier at (3/4, 3/4):
#:   KS(S) = (3/4, 3/4).
#:   T = conv{(0,0), (0,1), (1,7/10), (1,0)}. On the edge u2 = 1 - 3 u1/10 the product
#:   u1 - 3 u1^2/10 rises on all of [0, 1] (derivative 1 - 3 u1/5 > 0), so Nash(T) = (1, 7/10).
#:   The ideal point is again (1, 1); u = 1 - 3u/10 gives KS(T) = (10/13, 10/13).
#: S is inside T (at u1 = 3/4, T reaches u2 = 31/40 > 3/4) and both have ideal point (1, 1),
#: so T offers player 2 at least as much at every u1; yet Nash gives player 2 7/10 < 3/4 in T,
#: while KS gives 10/13 >= 3/4.
KS_S = BargainingProblem.from_points([(0, 0), (0, 1), (F(3, 4), F(3, 4)), (1, 0)], (0, 0))
KS_T = BargainingProblem.from_points([(0, 0), (0, 1), (1, F(7, 10)), (1, 0)], (0, 0))
PARABOLA = BargainingProblem.from_frontier(lambda u: 1 - u**2, domain=(0, 1), disagreement=(0, 0))


@pytest.mark.parametrize(
    ("problem", "solve", "expected"),
    [
        # Nash (1950), "The bargaining problem", Econometrica 18(2), 155-162: symmetric
        # problems split the surplus equally; on u1 + u2 = 1 from (0, 0) that is (1/2, 1/2).
        pytest.param(BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0)), nash_bargaining,
                     (F(1, 2), F(1, 2)), id="nash-linear"),
        # Nash (1950) on u2 = 1 - u1^2 from (0, 0): max u (1 - u^2) at u = 1/sqrt(3), u2 = 2/3.
        pytest.param(PARABOLA, nash_bargaining, (1 / math.sqrt(3), 2 / 3), id="nash-parabola"),
        # Nash (1950) on u2 = 2 - 2 u1 from d = (0, 1/2): max u1 (3/2 - 2 u1) at u1 = 3/8.
        pytest.param(BargainingProblem.from_points([(0, 2), (1, 0)], (0, F(1, 2))),
                     nash_bargaining, (F(3, 8), F(5, 4)), id="nash-linear-d"),
        pytest.param(KS_S, nash_bargaining, (F(3, 4), F(3, 4)), id="ks1975-nash-S"),
        pytest.param(KS_T, nash_bargaining, (F(1), F(7, 10)), id="ks1975-nash-T"),
        pytest.param(KS_S, kalai_smorodinsky, (F(3, 4), F(3, 4)), id="ks1975-ks-S"),
        pytest.param(KS_T, kalai_smorodinsky, (F(10, 13), F(10, 13)), id="ks1975-ks-T"),
        # KS on u2 = 1 - u1^2: ideal (1, 1), so u = 1 - u^2, u = (sqrt 5 - 1)/2.
        pytest.param(PARABOLA, kalai_smorodinsky, ((math.sqrt(5) - 1) / 2,) * 2, id="ks-parabola"),
        # Egalitarian (Kalai 1977): equal gains from d = (0, 1) on u1 + u2 = 2.
        pytest.param(BargainingProblem.from_points([(0, 2), (2, 0)], (0, 1)), egalitarian,
                     (F(1, 2), F(3, 2)), id="egalitarian-linear"),
        pytest.param(PARABOLA, egalitarian, ((math.sqrt(5) - 1) / 2,) * 2, id="egal-parabola"),
        # Utilitarian: max u1 + u2; on u2 = 1 - u1^2 at u1 = 1/2.
        pytest.param(PARABOLA, utilitarian, (0.5, 0.75), id="utilitarian-parabola"),
        pytest.param(BargainingProblem.from_points([(0, 3), (2, 2), (3, 0)], (0, 0)),
                     utilitarian, (F(2), F(2)), id="utilitarian-vertex"),
        # A tie along an edge of slope -1: the point of equal gains on it.
        pytest.param(BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0)), utilitarian,
                     (F(1, 2), F(1, 2)), id="utilitarian-tie"),
    ],
)
def test_known_answers(problem: BargainingProblem, solve: Callable[..., BargainingSolution],
                       expected: tuple[object, object]) -> None:
    s = solve(problem)
    assert s.agreement
    if problem.is_exact:
        assert s.exact and s.point == expected
    else:
        assert s.point == pytest.approx(expected, abs=1e-9)
    assert s.is_certified()


def test_weighted_nash_on_a_linear_frontier() -> None:
    """Asymmetric Nash (Kalai 1977; Roth 1979): on u1 + u2 = 1 from 0, shares equal weights."""
    p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0))
    s = nash_bargaining(p, weights=(F(1, 3), F(2, 3)))
    assert s.point == (F(1, 3), F(2, 3)) and s.parameters["weights"] == (F(1, 3), F(2, 3))
    assert nash_bargaining(p, weights=(0.3, 0.7)).point == (F(3, 10), F(7, 10))


def test_nash_at_a_vertex_certified_by_supporting_slopes() -> None:
    """At (1, 7/10) the Nash level curve's slope -0.7 lies between the edge slopes -0.3 (left)
    and -inf (right): optimal at the vertex, although no edge is tangent."""
    s = nash_bargaining(KS_T)
    assert s.residuals["foc"] == 0.0
    assert certify(KS_T, (F(9, 10), F(1) - F(3, 10) * F(9, 10)), "nash")["foc"] > 0


def test_kalai_smorodinsky_monotone_where_nash_is_not() -> None:
    assert nash_bargaining(KS_T).point[1] < nash_bargaining(KS_S).point[1]
    assert kalai_smorodinsky(KS_T).point[1] >= kalai_smorodinsky(KS_S).point[1]


@pytest.mark.parametrize("solve", SOLUTIONS)
def test_no_agreement_is_an_answer(solve: Callable[..., BargainingSolution]) -> None:
    p = BargainingProblem.from_points([(0, 1), (1, 0)], (F(1, 2), F(1, 2)))
    s = solve(p)
    assert not s.agreement and s.point == (F(1, 2), F(1, 2)) and s.is_certified()


@pytest.mark.parametrize("solve", SOLUTIONS)
def test_sector_problems_are_certified(solve: Callable[..., BargainingSolution]) -> None:
    for k in (1, 1.5, 2, 3):
        p = SectorBargaining.from_sector(gain=6.0, cost=3.0, curvature=k, deliverability=0.9,
                                         disagreement=(-2.0, -4.0)).problem
        s = solve(p)
        assert s.agreement and s.is_certified(), (k, s)


def test_smooth_nash_matches_brute_force() -> None:
    p = BargainingProblem.from_frontier(lambda u: 2 - u**3, domain=(0, 1.2),
                                        disagreement=(0.1, 0.2))
    s = nash_bargaining(p, weights=(0.4, 0.6))
    t = np.linspace(0.1 + 1e-9, 1.2, 2_000_001)
    val = 0.4 * np.log(t - 0.1) + 0.6 * np.log(np.maximum(2 - t**3 - 0.2, 1e-300))
    assert s.point[0] == pytest.approx(t[np.argmax(val)], abs=1e-6)
    assert s.is_certified()


def test_certificate_rejects_wrong_answers() -> None:
    p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0))
    assert certify(p, (F(1, 4), F(3, 4)), "kalai_smorodinsky")["segment"] > 0
    assert certify(p, (F(1, 4), F(1, 4)), "kalai_smorodinsky")["pareto"] > 0
    assert certify(p, (F(1, 4), F(3, 4)), "egalitarian")["equal_gains"] > 0
    assert certify(p, (F(1, 4), F(1, 4)), "egalitarian")["weak_pareto"] > 0
    assert certify(p, (F(1), F(1)), "utilitarian")["feasibility"] > 0
    assert certify(p, (F(0), F(0)), "nash", agreement=False)["no_gain"] > 0
    assert certify(PARABOLA, (0.5, 0.75), "nash")["foc"] > BARGAINING_TOL


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        pytest.param((0, 1), r"nash_bargaining\(\): weights must be positive finite numbers, "
                     r"got \(0, 1\)", id="zero"),
        pytest.param((-0.5, 1.5), r"weights must be positive finite numbers, got \(-0.5, 1.5\)",
                     id="negative"),
        pytest.param((0.5, 0.6), r"weights sum to 1.1, not 1", id="sum"),
        pytest.param((1,), r"weights must be 2 numbers", id="length"),
        pytest.param(("a", "b"), r"weights must be positive finite numbers", id="text"),
    ],
)
def test_bad_weights(weights: object, match: str) -> None:
    p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0))
    with pytest.raises(ValueError, match=match):
        nash_bargaining(p, weights=weights)  # type: ignore[arg-type]


@pytest.mark.parametrize("solve", SOLUTIONS)
def test_bad_problem(solve: Callable[..., BargainingSolution]) -> None:
    with pytest.raises(ValueError, match=r"\(\): problem must be a BargainingProblem, got list"):
        solve([(0, 1), (1, 0)])
