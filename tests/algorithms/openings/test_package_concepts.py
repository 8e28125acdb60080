"""KS, egalitarian and utilitarian solutions over a package: independent cross-checks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver import Sector
from solver.algorithms.openings import OpeningProblem
from solver.algorithms.openings.package_concepts import concept_openings, concept_residual
from solver.model.concepts import solution_openings

CONCEPTS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")


@settings(max_examples=60)
@given(st.floats(0.1, 20), st.floats(0.1, 20), st.sampled_from([1.0, 1.5, 2.0]),
       st.floats(0.1, 1.0), st.floats(0.0, 5.0), st.floats(0.01, 10.0))
def test_one_sector_matches_the_bargaining_module(g: float, c: float, k: float, q: float,
                                                  ls: float, lt: float) -> None:
    """Two implementations: the frontier-slope roots here and SectorBargaining.from_sector
    with the axiomatic solutions of solver.algorithms.bargaining."""
    sector = Sector("s", gain=g, cost=c, curvature=k, deliverability=q)
    problem = OpeningProblem.build(values=[sector.value], costs=[c], curvatures=[k],
                                   disagreement=(-ls, -lt))
    theirs = {s.concept: s for s in solution_openings(sector, (-ls, -lt))}
    for concept in CONCEPTS:
        ours = concept_openings(problem, concept)
        x = ours.openings[0] if ours.openings is not None else 0.0
        assert x == pytest.approx(theirs[concept].opening, abs=1e-6), concept


def grid(p: OpeningProblem, n: int = 301) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a, b = np.meshgrid(np.linspace(0, 1, n), np.linspace(0, 1, n))
    x = np.stack([a.ravel(), b.ravel()], axis=1)
    v, c, k = (np.asarray(t) for t in (p.values, p.costs, p.curvatures))
    us = x @ v
    ut = -(c * x**k).sum(axis=1)
    return x, us, ut


PACKAGE = OpeningProblem.build(values=[6.0, 2.0], costs=[3.0, 4.0], curvatures=[1.0, 2.0],
                               disagreement=(-1.5, -3.0))


def test_package_ks_is_on_the_line_to_the_ideal_point() -> None:
    """Kalai & Smorodinsky (1975): the point of the frontier on the segment from d to the
    ideal point, whose coordinates are each side's best individually rational payoff. The
    ideal point here is checked against a grid over both openings."""
    _, us, ut = grid(PACKAGE)
    d_s, d_t = PACKAGE.disagreement
    ir = (us >= d_s) & (ut >= d_t)
    ideal = (us[ir].max(), ut[ir].max())
    sol = concept_openings(PACKAGE, "kalai_smorodinsky")
    s_s, s_t = sol.payoffs[0] - d_s, sol.payoffs[1] - d_t
    assert s_s / (ideal[0] - d_s) == pytest.approx(s_t / (ideal[1] - d_t), rel=2e-3)
    # Pareto optimal: no grid point dominates it.
    assert not np.any((us > sol.payoffs[0] + 1e-9) & (ut > sol.payoffs[1] + 1e-9))


def test_package_egalitarian_equalises_gains_and_is_maximal() -> None:
    _, us, ut = grid(PACKAGE)
    d_s, d_t = PACKAGE.disagreement
    sol = concept_openings(PACKAGE, "egalitarian")
    g_s, g_t = sol.payoffs[0] - d_s, sol.payoffs[1] - d_t
    assert g_s == pytest.approx(g_t, abs=1e-9)
    assert np.minimum(us - d_s, ut - d_t).max() <= g_s + 1e-9


def test_package_utilitarian_maximises_joint_payoff_among_ir_points() -> None:
    _, us, ut = grid(PACKAGE)
    d_s, d_t = PACKAGE.disagreement
    ir = (us >= d_s) & (ut >= d_t)
    sol = concept_openings(PACKAGE, "utilitarian")
    assert sum(sol.payoffs) >= (us + ut)[ir].max() - 1e-9


def test_certificates_reject_wrong_points() -> None:
    p = OpeningProblem.build(values=[6.0], costs=[3.0], curvatures=[1.0], disagreement=(-1.0, -4.0))
    assert concept_residual(p, "egalitarian", [1 / 3]) < 1e-12
    assert concept_residual(p, "egalitarian", [0.6]) > 0.05
    assert concept_residual(p, "kalai_smorodinsky", [8 / 15]) < 1e-12
    assert concept_residual(p, "kalai_smorodinsky", [0.3]) > 0.05
    two = OpeningProblem.build(values=[6.0, 1.0], costs=[3.0, 1.0], curvatures=[1.0, 1.0],
                               disagreement=(-1.0, -4.0))
    # Off the frontier: the low-ratio sector opened while the high-ratio one is not.
    assert concept_residual(two, "utilitarian", [0.0, 1.0]) > 0.5


def test_no_agreement_and_bad_concept() -> None:
    p = OpeningProblem.build(values=[6.0], costs=[3.0], curvatures=[1.0], disagreement=(-1.0, 0.0))
    for concept in CONCEPTS:
        assert not concept_openings(p, concept).agreement
    with pytest.raises(ValueError, match=r"concept_openings\(\): concept must be one of"):
        concept_openings(p, "shapley")


# --- regressions from the code review ---------------------------------------------------------


@pytest.mark.parametrize(("v", "c", "expected"), [(0.0, 9.59, 0.0), (9.71, 0.0, 1.0)])
def test_zero_value_or_zero_cost_sector(v: float, c: float, expected: float) -> None:
    """v = 0: opening only costs the target, so every concept opens nothing (a standstill,
    strictly better than the sanction for both). c = 0: opening is free, so every concept
    opens fully. The frontier is a single point in both cases."""
    p = OpeningProblem.build(values=[v], costs=[c], curvatures=[1.0], disagreement=(-1.54, -9.15))
    for concept in CONCEPTS:
        sol = concept_openings(p, concept)
        assert sol.agreement and sol.openings == (expected,), concept


def test_utilitarian_certificate_rejects_wrong_points_on_the_frontier() -> None:
    """Every x in [0, 1] is on this one-sector frontier; only x = 1 maximises the joint
    payoff (v = 6 > c = 3) among individually rational points."""
    p = OpeningProblem.build(values=[6.0], costs=[3.0], curvatures=[1.0], disagreement=(-1.0, -4.0))
    assert concept_residual(p, "utilitarian", [1.0]) == 0.0
    for wrong in (0.0, 0.2, 0.5):
        assert concept_residual(p, "utilitarian", [wrong]) > 0.1
    two = OpeningProblem.build(values=[6.0, 1.0], costs=[3.0, 1.0], curvatures=[1.0, 1.0],
                               disagreement=(-1.0, -4.0))
    assert concept_residual(two, "utilitarian", [0.3, 0.0]) > 0.1  # on the frontier, not best


@pytest.mark.parametrize("scale", [1.0, 1e3, 1e6])
def test_ks_certificate_does_not_depend_on_payoff_units(scale: float) -> None:
    """The same wrong answer must fail whether payoffs are in $B or $M."""
    p = OpeningProblem.build(values=[6 * scale], costs=[3 * scale], curvatures=[1.0],
                             disagreement=(-scale, -4 * scale))
    assert concept_residual(p, "kalai_smorodinsky", [8 / 15]) < 1e-12
    assert concept_residual(p, "kalai_smorodinsky", [8 / 15 + 1e-3]) > 1e-4


def test_flat_joint_payoff_ties_break_to_equal_gains_in_both_paths() -> None:
    """k = 1 and q G = c: every opening gives the same joint payoff. Both the package program
    and the bargaining module pick the point closest to equal gains."""
    sector = Sector("s", gain=7.56, cost=7.56)
    threat = (-3.03, -7.56)
    ours = concept_openings(OpeningProblem.build(values=[7.56], costs=[7.56], curvatures=[1.0],
                                                 disagreement=threat), "utilitarian")
    theirs = {s.concept: s for s in solution_openings(sector, threat)}["utilitarian"]
    assert ours.openings is not None
    assert ours.openings[0] == pytest.approx(theirs.opening, abs=1e-9)
    assert ours.payoffs[0] - threat[0] == pytest.approx(ours.payoffs[1] - threat[1])
