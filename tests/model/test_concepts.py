"""Bargaining concepts on sector frontiers: two independent Nash solvers agree; Rubinstein's
limit is Nash; every concept is individually rational."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver import OpeningProblem, Sector, nash_openings
from solver.model.concepts import CONCEPTS, solution_openings

sectors = st.builds(
    lambda g, c, k, q: Sector("s", gain=g, cost=c, curvature=k, deliverability=q),
    st.floats(0.1, 30), st.floats(0.1, 30), st.sampled_from([1.0, 1.5, 2.0, 3.0]),
    st.floats(0.1, 1.0),
)
threats = st.tuples(st.floats(0.0, 5.0), st.floats(0.01, 10.0)).map(lambda t: (-t[0], -t[1]))


@settings(max_examples=60, deadline=None)
@given(sectors, threats)
def test_opening_program_and_bargaining_module_agree_on_nash(sector: Sector,
                                                             threat: tuple[float, float]) -> None:
    """The package program (frontier-slope root, KKT-certified) and the bargaining module
    (BargainingProblem.from_sector + nash_bargaining, its own certificate) are separate
    implementations; on one sector they must give the same opening."""
    ours = nash_openings(OpeningProblem.build([sector.value], [sector.cost], [sector.curvature],
                                              threat))
    theirs = {s.concept: s for s in solution_openings(sector, threat)}["nash"]
    assert ours.agreement == theirs.agreement
    if ours.agreement:
        assert ours.openings is not None
        assert theirs.opening == pytest.approx(ours.openings[0], abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(sectors, threats)
def test_every_concept_is_individually_rational(sector: Sector,
                                                threat: tuple[float, float]) -> None:
    sols = solution_openings(sector, threat)
    assert tuple(s.concept for s in sols) == CONCEPTS
    for s in sols:
        assert 0.0 <= s.opening <= 1.0
        if s.agreement:
            assert s.payoffs[0] >= threat[0] - 1e-9 and s.payoffs[1] >= threat[1] - 1e-9


@pytest.mark.parametrize("k", [1.0, 2.0])
def test_rubinstein_tends_to_nash_as_patience_grows(k: float) -> None:
    """Binmore, Rubinstein and Wolinsky (1986): as both discount factors tend to 1 together,
    the alternating-offers agreement tends to the Nash solution against the disagreement
    payoffs received while talks go on (here the threat point)."""
    base = Sector("s", gain=6.0, cost=3.0, curvature=k)
    threat = (-2.0, -4.0)
    nash = {s.concept: s for s in solution_openings(base, threat)}["nash"].opening
    gaps = []
    for d in (0.9, 0.99, 0.999):
        patient = base.with_values(discount_sender=d, discount_target=d)
        rub = {s.concept: s for s in solution_openings(patient, threat)}["rubinstein"].opening
        gaps.append(abs(rub - nash))
    assert gaps[0] > gaps[1] > gaps[2]
    assert gaps[2] < 2e-3


def test_no_credible_threat_means_no_opening_under_any_concept() -> None:
    """Threat point (-a, 0): the target gains nothing from any opening."""
    for s in solution_openings(Sector("s", gain=6.0, cost=3.0), (-1.0, 0.0)):
        assert s.opening == 0.0
