"""SectorBargaining: a sector's frontier as a bargaining problem (the model layer)."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from solver.model.bargaining_problem import SectorBargaining
from solver.representations.bargaining import FrontierProblem, PolygonProblem


def test_from_sector_frontier() -> None:
    lin = SectorBargaining.from_sector(gain=6, cost=3, curvature=1, deliverability=F(1, 2),
                                       disagreement=(-2, -4))
    assert isinstance(lin.problem, PolygonProblem)
    assert lin.problem.kind == "polygon" and lin.problem.is_exact
    assert lin.problem.pareto_frontier()[-1] == (F(3), F(-3))
    assert lin.opening((F(3), F(-3))) == 1
    curved = SectorBargaining.from_sector(gain=6.0, cost=3.0, curvature=2.0, deliverability=0.5,
                                          disagreement=(-2.0, -4.0))
    assert isinstance(curved.problem, FrontierProblem) and curved.problem.kind == "frontier"
    assert curved.problem.frontier(1.5) == pytest.approx(-3.0 * 0.25)
    assert curved.opening((1.5, -0.75)) == pytest.approx(0.5)


def test_target_that_cannot_gain_means_no_agreement() -> None:
    q = SectorBargaining.from_sector(gain=6, cost=3, curvature=1, deliverability=1,
                                     disagreement=(-2, 0)).problem  # L_T = 0
    assert not q.agreement_possible


def test_nothing_to_deliver_is_a_single_point() -> None:
    sb = SectorBargaining.from_sector(gain=6, cost=3, curvature=2, deliverability=0,
                                      disagreement=(0, 0))
    assert sb.problem.kind == "polygon" and sb.opening((0, 0)) == 0
    assert not sb.problem.agreement_possible


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        pytest.param({"curvature": 0.5}, r"from_sector\(\): curvature must be >= 1, got 0.5",
                     id="curvature"),
        pytest.param({"deliverability": 1.5},
                     r"from_sector\(\): deliverability must be in \[0, 1\], got 1.5", id="q"),
        pytest.param({"gain": 0}, r"from_sector\(\): gain must be > 0, got 0", id="gain"),
        pytest.param({"cost": "3"}, r"from_sector\(\): cost has a non-numeric entry '3'",
                     id="cost-not-a-number"),
    ],
)
def test_bad_sector_parameters(kwargs: dict[str, object], match: str) -> None:
    args: dict[str, object] = {"gain": 6, "cost": 3, "curvature": 1, "deliverability": 1,
                               "disagreement": (0, 0), **kwargs}
    with pytest.raises(ValueError, match=match):
        SectorBargaining.from_sector(**args)  # type: ignore[arg-type]


def test_parameters_are_keyword_only() -> None:
    """Issue 15 item 4: four numbers in a row are easy to swap, so they must be named."""
    with pytest.raises(TypeError):
        SectorBargaining.from_sector(6, 3, 1, 1, (0, 0))  # type: ignore[misc]
