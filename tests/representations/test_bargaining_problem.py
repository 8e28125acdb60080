"""BargainingProblem: constructors, geometry, validation, immutability."""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction as F
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from solver.algorithms.bargaining import (
    egalitarian,
    kalai_smorodinsky,
    nash_bargaining,
    utilitarian,
)
from solver.representations.bargaining import BargainingProblem, FrontierProblem, PolygonProblem


def test_from_points_exact_geometry() -> None:
    p = BargainingProblem.from_points([(0, 0), (2, 0), (0, 1), (1, F(1, 4))], (0, 0))
    assert p.is_exact and p.kind == "polygon"
    assert p.pareto_frontier() == ((F(0), F(1)), (F(2), F(0)))
    assert p.ideal() == (F(2), F(1))
    assert p.frontier(F(1)) == F(1, 2)
    assert p.slope(F(1)) == (-0.5, -0.5)


def test_float_points_make_a_float_problem() -> None:
    p = BargainingProblem.from_points([(0.0, 1.0), (1.0, 0.0)], (0.0, 0.0))
    assert not p.is_exact
    assert p.ideal() == (1.0, 1.0)


def test_free_disposal_admits_points_below_the_hull() -> None:
    pts = [(0, 1), (1, 0)]
    assert BargainingProblem.from_points(pts, (0, 0)).agreement_possible
    with pytest.raises(ValueError, match=r"from_points\(\): disagreement \(0, 0\) is not in"):
        BargainingProblem.from_points(pts, (0, 0), free_disposal=False)


def test_no_agreement_is_a_property_not_an_error() -> None:
    p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 1))
    assert not p.agreement_possible


def test_from_frontier_geometry() -> None:
    p = BargainingProblem.from_frontier(lambda u: 1 - u**2, domain=(0, 1), disagreement=(0, 0))
    assert p.ideal() == pytest.approx((1.0, 1.0), abs=1e-12)
    assert p.frontier(0.5) == pytest.approx(0.75)
    left, right = p.slope(0.5)
    assert left == pytest.approx(-1.0, abs=1e-8) and right == pytest.approx(-1.0, abs=1e-8)


def test_from_frontier_flat_top_is_not_pareto() -> None:
    """A frontier rising then falling: its Pareto part starts at the peak (u1 = 0.5)."""
    p = BargainingProblem.from_frontier(lambda u: 1 - (u - 0.5) ** 2, domain=(0, 1),
                                        disagreement=(0, 0))
    t_a, t_b = p.pareto_range()
    assert t_a == pytest.approx(0.5, abs=1e-6) and t_b == 1.0


def test_immutable_and_equal_by_value() -> None:
    p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0))
    q = BargainingProblem.from_points([(1, 0), (0, 1), (F(1, 2), F(1, 2))], (0, 0))
    assert p == q and hash(p) == hash(q)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.disagreement = (1, 1)  # type: ignore[misc]
    assert p.with_disagreement((F(1, 2), 0)).disagreement == (F(1, 2), F(0))


def test_rescale() -> None:
    p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0)).rescale(scale=(2, 3), shift=(1, -1))
    assert p.ideal() == (F(3), F(2)) and p.disagreement == (F(1), F(-1))


@pytest.mark.parametrize(
    ("build", "match"),
    [
        pytest.param(lambda: BargainingProblem.from_frontier(lambda u: u**2, domain=(0, 1),
                                                             disagreement=(0, 0)),
                     r"from_frontier\(\): frontier is not concave on domain \(0, 1\)",
                     id="non-concave"),
        pytest.param(lambda: BargainingProblem.from_frontier(lambda u: 1 - u, domain=(0, 1),
                                                             disagreement=(1, 1)),
                     r"from_frontier\(\): disagreement \(1, 1\) is not in the feasible set",
                     id="frontier-d-outside"),
        pytest.param(lambda: BargainingProblem.from_points([(0, 1), (1, 0)], (2, 0)),
                     r"from_points\(\): disagreement \(2, 0\) is not in the feasible set",
                     id="points-d-outside"),
        pytest.param(lambda: BargainingProblem.from_points([], (0, 0)),
                     r"from_points\(\): points is empty", id="empty"),
        pytest.param(lambda: BargainingProblem.from_points([(0, "a")], (0, 0)),
                     r"from_points\(\): points has a non-numeric entry 'a'", id="non-numeric"),
        pytest.param(lambda: BargainingProblem.from_points([(0, float("nan"))], (0, 0)),
                     r"from_points\(\): points has a non-finite entry", id="nan"),
        pytest.param(lambda: BargainingProblem.from_frontier(lambda u: 1 - u, domain=(1, 0),
                                                             disagreement=(0, 0)),
                     r"from_frontier\(\): domain must have lo < hi", id="domain"),
    ],
)
def test_bad_input(build: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        build()  # type: ignore[operator]


# -- issue 13: construction validates kind-specific data; rescale stays in the domain ---------


@pytest.mark.parametrize(
    ("build", "match"),
    [
        pytest.param(lambda: PolygonProblem(disagreement=(5, 5), points=()),
                     r"PolygonProblem\(\): a polygon problem needs points",
                     id="polygon-without-points"),
        pytest.param(lambda: FrontierProblem(disagreement=(0, 0), curve=None, domain=(0, 1)),
                     r"FrontierProblem\(\): frontier must be a callable",
                     id="frontier-without-function"),
        pytest.param(lambda: FrontierProblem(disagreement=(0, 0), curve=lambda u: -u,
                                             domain=(1, 1)),
                     r"FrontierProblem\(\): domain must have lo < hi", id="empty-domain"),
        pytest.param(lambda: PolygonProblem(disagreement=(2, 2), points=((0, 1), (1, 0))),
                     r"disagreement \(2, 2\) is not in the feasible set", id="outside"),
        pytest.param(lambda: PolygonProblem(disagreement=("a", 0), points=((0, 1),)),
                     r"PolygonProblem\(\): disagreement", id="not-a-number"),
        pytest.param(lambda: BargainingProblem(),  # type: ignore[abstract]
                     None, id="abstract"),
    ],
)
def test_direct_construction_is_validated(build: Any, match: str | None) -> None:
    """Issue 13: BargainingProblem("polygon", (5, 5), True) was accepted, then failed later
    with "max() arg is an empty sequence". Each kind is now its own class, and each checks its
    data when built directly; the abstract base cannot be built at all."""
    with pytest.raises(TypeError if match is None else ValueError, match=match):
        build()


def test_direct_construction_with_valid_data_derives_the_geometry() -> None:
    p = PolygonProblem(disagreement=(0, 0), points=((0, 1), (1, 0)))
    assert p == BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0))
    assert p.is_exact and p.disagreement == (F(0), F(0))
    f = FrontierProblem(disagreement=(0, 0), curve=lambda u: 1 - u, domain=(0, 1))
    assert f.ideal() == (1.0, 1.0) and not f.is_exact and f.free_disposal


def test_contains_is_the_feasible_set() -> None:
    p = BargainingProblem.from_points([(0, 0), (0, 2), (2, 0)], (0, 0), free_disposal=False)
    assert p.contains((F(1), F(1))) and not p.contains((F(1), F(1) + F(1, 10**12)))
    assert not p.contains((-1, 0))  # left of the hull: only free disposal admits it
    assert BargainingProblem.from_points([(0, 2), (2, 0)], (0, 0)).contains((-5, -5))
    q = BargainingProblem.from_frontier(lambda u: 1 - u**2, domain=(0, 1), disagreement=(0, 0))
    assert q.contains((0.5, 0.75)) and not q.contains((0.5, 0.76)) and not q.contains((1.1, 0))


def test_kinds_are_subclasses_with_a_read_only_kind() -> None:
    p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0))
    q = BargainingProblem.from_frontier(lambda u: 1 - u, domain=(0, 1), disagreement=(0, 0))
    assert isinstance(p, PolygonProblem) and isinstance(q, FrontierProblem)
    assert (p.kind, q.kind) == ("polygon", "frontier")
    with pytest.raises(AttributeError):
        p.kind = "frontier"  # type: ignore[misc]
    assert p != q and q != p


@settings(max_examples=60)
@given(a0=st.floats(-6, 6), a1=st.floats(-6, 6), b0=st.floats(-1e3, 1e3),
       b1=st.floats(-1e3, 1e3))
def test_rescale_never_evaluates_the_frontier_outside_its_domain(
    a0: float, a1: float, b0: float, b1: float
) -> None:
    """Issue 13: rescale() on frontier problems evaluated the frontier outside its domain
    (9 of 199 scales) through rounding in the preimage (u - shift) / scale."""
    def circle(u: float) -> float:
        if not 0.0 <= u <= 1.0:
            raise AssertionError(f"frontier evaluated at {u!r}, outside [0, 1]")
        return math.sqrt(1.0 - u * u)

    p = BargainingProblem.from_frontier(circle, domain=(0.0, 1.0), disagreement=(0.0, 0.0))
    q = p.rescale(scale=(10.0**a0, 10.0**a1), shift=(b0, b1))
    assert q.agreement_possible
    for solve in (nash_bargaining, kalai_smorodinsky, egalitarian, utilitarian):
        assert solve(q).agreement
