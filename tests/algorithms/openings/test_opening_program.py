"""The package Nash program: known answers, certificates, and an independent optimiser."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from solver._core.errors import InputError
from solver.algorithms.openings.opening_program import (
    OPENING_TOL,
    OpeningProblem,
    kkt_residual,
    nash_openings,
)


def log_nash(p: OpeningProblem, x: np.ndarray) -> float:
    us, ut = p.utilities(x)
    s_s, s_t = us - p.disagreement[0], ut - p.disagreement[1]
    if s_s <= 0 or s_t <= 0:
        return -math.inf
    return p.weights[0] * math.log(s_s) + p.weights[1] * math.log(s_t)


@pytest.mark.parametrize(
    ("v", "c", "ls", "lt"),
    [
        pytest.param(6.0, 3.0, 2.0, 4.0, id="interior"),
        pytest.param(0.585, 0.26, 0.05, 0.3, id="medical-reference"),
        pytest.param(10.0, 1.0, 0.1, 5.0, id="clipped-at-1"),
    ],
)
def test_linear_sector_closed_form(v: float, c: float, ls: float, lt: float) -> None:
    """k = 1, d = (-L_S, -L_T): maximise (v x + L_S)(L_T - c x). The first-order condition
    v (L_T - c x) = c (v x + L_S) gives x* = L_T/(2c) - L_S/(2v), clipped to [0, 1]
    (docs/model.md; Nash 1950's product on a linear frontier)."""
    sol = nash_openings(OpeningProblem.build(values=[v], costs=[c], curvatures=[1.0],
                                             disagreement=(-ls, -lt)))
    expected = min(max(lt / (2 * c) - ls / (2 * v), 0.0), 1.0)
    assert sol.agreement
    assert sol.openings is not None
    assert sol.openings[0] == pytest.approx(expected, abs=1e-12)
    assert sol.max_residual <= OPENING_TOL


def test_quadratic_sector_closed_form() -> None:
    """k = 2: maximise (v x + L_S)(L_T - c x^2). The FOC v (L_T - c x^2) = 2 c x (v x + L_S)
    is the quadratic 3 v c x^2 + 2 c L_S x - v L_T = 0, whose positive root is
    x* = (-2 c L_S + sqrt(4 c^2 L_S^2 + 12 v^2 c L_T)) / (6 v c)."""
    v, c, ls, lt = 5.0, 4.0, 1.0, 2.0
    sol = nash_openings(OpeningProblem.build(values=[v], costs=[c], curvatures=[2.0],
                                             disagreement=(-ls, -lt)))
    root = (-2 * c * ls + math.sqrt(4 * c**2 * ls**2 + 12 * v**2 * c * lt)) / (6 * v * c)
    assert sol.openings is not None
    assert sol.openings[0] == pytest.approx(root, rel=1e-12)


def test_two_linear_sectors_against_grid() -> None:
    p = OpeningProblem.build(values=[6.0, 2.0], costs=[3.0, 4.0], curvatures=[1.0, 1.0],
                             disagreement=(-3.0, -5.0))
    sol = nash_openings(p)
    grid = np.linspace(0, 1, 201)
    best = max(log_nash(p, np.array([a, b])) for a in grid for b in grid)
    assert sol.openings is not None
    assert log_nash(p, np.array(sol.openings)) >= best - 1e-12


def test_no_agreement_when_target_gains_nothing() -> None:
    """Threat point (-a, 0): any opening costs the target, so no point beats d for both."""
    sol = nash_openings(OpeningProblem.build(values=[6.0], costs=[3.0], curvatures=[1.0],
                                             disagreement=(-1.0, 0.0)))
    assert not sol.agreement
    assert sol.openings is None
    assert sol.payoffs == (-1.0, 0.0)


def test_unaffordable_floor_breaks_the_package() -> None:
    """Floor 0.5 on a sector costing 10 costs the target 5 > its total leverage 4."""
    p = OpeningProblem.build(values=[6.0, 1.0], costs=[3.0, 10.0], curvatures=[1.0, 1.0],
                             disagreement=(-2.0, -4.0),
                             lower=[0.0, 0.5])
    assert not nash_openings(p).agreement


def test_floor_binds_at_its_bound() -> None:
    p = OpeningProblem.build(values=[6.0, 1.0], costs=[3.0, 1.0], curvatures=[1.0, 1.0],
                             disagreement=(-2.0, -4.0),
                             lower=[0.0, 0.9])
    sol = nash_openings(p)
    assert sol.openings is not None
    assert sol.openings[1] >= 0.9
    assert sol.max_residual <= OPENING_TOL


def test_kkt_residual_rejects_a_wrong_point() -> None:
    p = OpeningProblem.build(values=[6.0], costs=[3.0], curvatures=[1.0], disagreement=(-2.0, -4.0))
    assert kkt_residual(p, [0.5]) <= 1e-15
    assert kkt_residual(p, [0.3]) > 1e-3
    assert kkt_residual(p, [1.5]) == math.inf


sector = st.tuples(
    st.floats(0.05, 20), st.floats(0.05, 20), st.sampled_from([1.0, 1.0, 1.5, 2.0, 3.0])
)


@settings(max_examples=60)
@given(
    sectors=st.lists(sector, min_size=1, max_size=6),
    ls=st.floats(0.0, 5.0),
    lt=st.floats(0.01, 10.0),
    w=st.floats(0.1, 0.9),
)
def test_certified_and_no_better_than_an_independent_optimiser(
    sectors: list[tuple[float, float, float]], ls: float, lt: float, w: float
) -> None:
    """The answer's KKT certificate holds, and SLSQP from many starts never beats it."""
    v, c, k = (list(t) for t in zip(*sectors, strict=True))
    p = OpeningProblem.build(values=v, costs=c, curvatures=k, disagreement=(-ls, -lt),
                             weights=(w, 1 - w))
    sol = nash_openings(p)
    if not sol.agreement:
        # No agreement: even the target's best point (nothing opened) must not beat d for both.
        us0, ut0 = p.utilities(np.zeros(len(v)))
        us1, _ = p.utilities(np.ones(len(v)))
        assert ut0 <= -lt or us1 <= -ls or ls == 0 and lt == 0
        return
    assert sol.max_residual <= OPENING_TOL
    ours = log_nash(p, np.array(sol.openings))
    rng = np.random.default_rng(0)
    for _ in range(3):
        x0 = rng.uniform(0, 0.05, len(v))
        res = minimize(lambda x: -log_nash(p, x) if np.isfinite(log_nash(p, x)) else 1e6, x0,
                       bounds=[(0, 1)] * len(v), method="SLSQP")
        assert -res.fun <= ours + 1e-7


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"values": [], "costs": [], "curvatures": []}, "values is empty"),
        ({"values": [1.0], "costs": [-1.0], "curvatures": [1.0]}, "costs must be >= 0"),
        ({"values": [1.0], "costs": [1.0], "curvatures": [0.5]}, "curvatures must be >= 1"),
        ({"values": [1.0], "costs": [1.0, 2.0], "curvatures": [1.0]}, "costs has 2 entries"),
        ({"values": [math.nan], "costs": [1.0], "curvatures": [1.0]}, "non-finite"),
    ],
)
def test_bad_input(kwargs: dict[str, list[float]], match: str) -> None:
    with pytest.raises(ValueError, match=rf"OpeningProblem.build\(\): .*{match}"):
        OpeningProblem.build(disagreement=(0.0, 0.0), **kwargs)


def test_bad_weights_and_bounds() -> None:
    with pytest.raises(InputError, match=r"OpeningProblem.build\(\): weights sum to 1.4, not 1"):
        OpeningProblem.build(values=[1.0], costs=[1.0], curvatures=[1.0], disagreement=(0, 0),
                             weights=(0.7, 0.7))
    with pytest.raises(ValueError, match="bounds must satisfy"):
        OpeningProblem.build(values=[1.0], costs=[1.0], curvatures=[1.0], disagreement=(0, 0),
                             lower=[0.8], upper=[0.2])


def test_batch_agrees_with_the_scalar_solver_and_certifies() -> None:
    """The vectorised solver used by sweeps gives the scalar solver's answer, draw by draw."""
    from solver.algorithms.openings.opening_batch import nash_openings_batch

    rng = np.random.default_rng(3)
    n, s = 400, 5
    v = rng.uniform(0.05, 20, (n, s))
    c = rng.uniform(0.05, 20, (n, s))
    k = rng.choice([1.0, 1.0, 1.5, 2.0], (n, s))
    lo = np.where(rng.random((n, s)) < 0.3, rng.uniform(0, 0.5, (n, s)), 0.0)
    hi = np.ones((n, s))
    d = np.stack([-rng.uniform(0, 5, n), -rng.uniform(0.01, 10, n)], axis=1)
    agree, x, residual = nash_openings_batch(values=v, costs=c, curvatures=k, lower=lo, upper=hi,
                                             disagreement=d)
    assert 0.2 < agree.mean() < 0.95  # both kinds of answer are exercised
    assert np.all(residual[agree] <= OPENING_TOL)
    for i in range(n):
        sol = nash_openings(OpeningProblem.build(values=v[i], costs=c[i], curvatures=k[i],
                                                 disagreement=d[i], lower=lo[i],
                                                 upper=hi[i]))
        assert sol.agreement == agree[i]
        if sol.agreement:
            assert sol.openings is not None
            np.testing.assert_allclose(x[i], sol.openings, atol=1e-7)


def test_curvature_a_hair_above_one_is_certified_at_its_underflowed_optimum() -> None:
    """k = 1.0003: the exact optimum x* = r**(1/(k-1)) with r ~ 0.66 is ~1e-637, which is 0 in
    floats; the certificate proves optimality to OPENING_RESOLUTION instead of failing.
    (Draw found by the reference sweep, seed 1.)"""
    p = OpeningProblem.build(values=[0.16478046679299976], costs=[0.4663050521074746],
                             curvatures=[1.0002791821553902], disagreement=(-0.09162612,
                                                                            -0.17196907))
    sol = nash_openings(p)
    assert sol.agreement and sol.openings == (0.0,)
    assert sol.max_residual <= OPENING_TOL


def test_optimum_below_the_resolution_is_certified() -> None:
    """k = 1.0320: the optimum is ~7e-11 > 0, below OPENING_RESOLUTION; the gradient read at
    the resolution is negative, which proves the optimum lies in [0, 1e-9]."""
    p = OpeningProblem.build(values=[0.12633823537750452], costs=[0.31593550579581264],
                             curvatures=[1.0319699867860206], disagreement=(-0.13882388,
                                                                            -0.16984934))
    sol = nash_openings(p)
    assert sol.openings is not None and sol.openings[0] < 1e-9
    assert sol.max_residual <= OPENING_TOL


@pytest.mark.parametrize("eps", [1e-15, 1e-12, 1e-9, 1e-7])
def test_curvature_just_above_one_is_solved_and_certified(eps: float) -> None:
    """Code review: with k = 1 + eps the root in the slope amplified its rounding by 1/eps and
    failed the certificate. Curvatures within CURVATURE_SNAP of 1 are now solved as linear;
    above it the root is well conditioned. Either way the answer is x* ~ 0.5."""
    sol = nash_openings(OpeningProblem.build(values=[6.0], costs=[3.0], curvatures=[1.0 + eps],
                                             disagreement=(-2.0, -4.0)))
    assert sol.openings is not None
    assert sol.openings[0] == pytest.approx(0.5, abs=1e-5)
    assert sol.max_residual <= OPENING_TOL


def test_strings_are_rejected_with_the_argument_named() -> None:
    with pytest.raises(ValueError, match="values must be a sequence of numbers"):
        OpeningProblem.build(values="12", costs=[1.0, 1.0], curvatures=[1.0, 1.0],
                             disagreement=(0.0, 0.0))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="disagreement must be two finite numbers"):
        OpeningProblem.build(values=[1.0], costs=[1.0], curvatures=[1.0],
                             disagreement=-2.0)  # type: ignore[arg-type]
