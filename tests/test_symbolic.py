"""solver.symbolic: closed forms against the numeric solvers, exactness, no strings."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.algorithms.bargaining import nash_bargaining
from solver.representations.bargaining import BargainingProblem
from solver.symbolic import (
    SYMBOLS,
    comparative_statics,
    compliance_threshold,
    credibility_threshold,
    nash_opening,
    nash_opening_foc,
    to_numpy,
)

G, c, k, q, LT, LS, a, dS, dT, x = (SYMBOLS[n] for n in (
    "gain", "cost", "curvature", "deliverability", "loss_target", "loss_sender",
    "backdown_cost", "discount_sender", "discount_target", "opening"))

pos = st.fractions(min_value=F(1, 10), max_value=10, max_denominator=12)
prob = st.fractions(min_value=F(1, 10), max_value=1, max_denominator=12)


@settings(max_examples=60, deadline=None)
@given(gain=pos, cost=pos, q_=prob, ls=st.fractions(0, 10, max_denominator=12), lt=pos)
def test_nash_opening_matches_the_numeric_solver_exactly(
    gain: F, cost: F, q_: F, ls: F, lt: F
) -> None:
    """docs/model.md: x* = clip(L_T/(2c) - L_S/(2qG), 0, 1) with k = 1 and d = (-L_S, -L_T);
    the polygon solver works in rationals, so the two agree exactly."""
    closed = nash_opening(gain, cost, q_, ls, lt)
    problem = BargainingProblem.from_sector(gain, cost, 1, q_, (-ls, -lt))
    s = nash_bargaining(problem)
    assert s.exact and s.agreement
    assert isinstance(closed, sympy.Rational)
    assert F(int(closed.p), int(closed.q)) == problem.opening(s.point)


@settings(max_examples=30, deadline=None)
@given(gain=st.floats(0.5, 10), cost=st.floats(0.5, 10), kk=st.floats(1.0, 4.0),
       q_=st.floats(0.2, 1.0), ls=st.floats(0.0, 5.0), lt=st.floats(0.5, 10.0))
def test_general_curvature_foc_holds_at_the_numeric_opening(
    gain: float, cost: float, kk: float, q_: float, ls: float, lt: float
) -> None:
    problem = BargainingProblem.from_sector(gain, cost, kk, q_, (-ls, -lt))
    s = nash_bargaining(problem)
    xs = problem.opening(s.point)
    foc = nash_opening_foc(gain, cost, kk, q_, ls, lt, opening=xs)
    scale = q_ * gain * lt + cost * kk * (q_ * gain + ls)
    if 1e-9 < xs < 1 - 1e-9:
        assert abs(float(foc)) <= 1e-7 * scale
    elif xs >= 1 - 1e-9:
        assert float(foc) >= -1e-7 * scale  # the product still rises at x = 1
    else:
        assert float(foc) <= 1e-7 * scale


def test_symbolic_and_lambdified_forms() -> None:
    expr = nash_opening(G, c, q, LS, LT)
    f = to_numpy(expr, [G, c, q, LS, LT])
    rng = np.random.default_rng(0)
    vals = [rng.uniform(0.5, 5, 50) for _ in range(5)]
    expected = np.clip(vals[4] / (2 * vals[1]) - vals[3] / (2 * vals[2] * vals[0]), 0, 1)
    assert np.allclose(f(*vals), expected, rtol=0, atol=1e-15)
    assert expr.subs({G: 6, c: 3, q: 1, LS: 2, LT: 4}) == sympy.Rational(1, 2)


def test_comparative_statics() -> None:
    interior = nash_opening(G, c, q, LS, LT, clip=False)
    d = comparative_statics(interior, [LT, LS, c, q])
    assert d[LT] == 1 / (2 * c)
    assert sympy.simplify(d[LS] + 1 / (2 * q * G)) == 0
    assert sympy.simplify(d[c] + LT / (2 * c**2)) == 0
    assert sympy.simplify(d[q] - LS / (2 * q**2 * G)) == 0


def test_credibility_threshold() -> None:
    """docs/model.md: credible iff a > (1 - d_S) L_S - d_S q G when the target concedes
    (c < L_T), iff a > L_S when it holds out."""
    assert credibility_threshold(6, 3, 1, 2, 4, F(1, 2)) == -2
    assert credibility_threshold(6, 5, 1, 2, 4, F(1, 2)) == 2
    sym = credibility_threshold(G, c, q, LS, LT, dS)
    assert sym.subs({c: 1, LT: 2}) == (1 - dS) * LS - dS * q * G


def test_compliance_threshold() -> None:
    """docs/model.md: mu* = c / (-V), V = max(-L_T, (1 - d_T)(-L_T) - d_T c)."""
    assert compliance_threshold(3, 4, F(1, 2)) == sympy.Rational(6, 7)
    assert compliance_threshold(5, 4, F(1, 2)) == sympy.Rational(5, 4)  # > 1: never complies
    f = to_numpy(compliance_threshold(c, LT, dT), [c, LT, dT])
    assert f(np.array([3.0, 5.0]), 4.0, 0.5) == pytest.approx([6 / 7, 5 / 4])


def test_exact_in_exact_out_and_floats_stay_floats() -> None:
    assert nash_opening(6, 3, F(9, 10), 2, 4) == sympy.Rational(13, 27)
    assert isinstance(nash_opening(6.0, 3.0, 0.9, 2.0, 4.0), sympy.Float)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        pytest.param(lambda: nash_opening("6", 3, 1, 2, 4),
                     r"nash_opening\(\): gain must be a number or a sympy expression, not the "
                     r"string '6'", id="string"),
        pytest.param(lambda: nash_opening(6, 3, 1, "__import__('os')", 4),
                     r"loss_sender .* not the string", id="code"),
        pytest.param(lambda: compliance_threshold(True, 4, 0.5), r"cost must be a number",
                     id="bool"),
        pytest.param(lambda: comparative_statics(G * c, ["G"]),
                     r"parameters must be sympy Symbols", id="statics"),
    ],
)
def test_text_is_refused(call: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()  # type: ignore[operator]
