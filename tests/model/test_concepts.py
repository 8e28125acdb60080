"""Bargaining concepts on sector frontiers: two independent Nash solvers agree; Rubinstein's
limit is Nash; every concept is individually rational."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver import Sector
from solver.algorithms.openings import OpeningProblem, nash_openings
from solver.model.concepts import CONCEPTS, solution_openings
from tests import strategies

sectors = strategies.sectors(gain=(0.1, 30), cost=(0.1, 30), curvature=[1.0, 1.5, 2.0, 3.0],
                             deliverability=(0.1, 1.0))
threats = st.tuples(st.floats(0.0, 5.0), st.floats(0.01, 10.0)).map(lambda t: (-t[0], -t[1]))


@settings(max_examples=60)
@given(sectors, threats)
def test_opening_program_and_bargaining_module_agree_on_nash(sector: Sector,
                                                             threat: tuple[float, float]) -> None:
    """The package program (frontier-slope root, KKT-certified) and the bargaining module
    (SectorBargaining.from_sector + nash_bargaining, its own certificate) are separate
    implementations; on one sector they must give the same opening."""
    ours = nash_openings(OpeningProblem.build(values=[sector.value], costs=[sector.cost],
                                              curvatures=[sector.curvature],
                                              disagreement=threat))
    theirs = {s.concept: s for s in solution_openings(sector, threat)}["nash"]
    assert ours.agreement == theirs.agreement
    if ours.agreement:
        assert ours.openings is not None
        assert theirs.opening == pytest.approx(ours.openings[0], abs=1e-6)


@settings(max_examples=40)
@given(sectors, threats)
def test_every_concept_is_individually_rational(sector: Sector,
                                                threat: tuple[float, float]) -> None:
    sols = solution_openings(sector, threat)
    assert tuple(s.concept for s in sols) == CONCEPTS
    for s in sols:
        assert 0.0 <= s.opening <= 1.0
        if s.agreement:
            assert s.payoffs[0] >= threat[0] - 1e-9 and s.payoffs[1] >= threat[1] - 1e-9


def test_no_credible_threat_means_no_opening_under_any_concept() -> None:
    """Threat point (-a, 0): the target gains nothing from any opening."""
    for s in solution_openings(Sector("s", gain=6.0, cost=3.0), (-1.0, 0.0)):
        assert s.opening == 0.0
