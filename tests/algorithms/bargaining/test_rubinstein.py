"""Alternating offers: closed forms with sources, backward induction, limits, bad input."""

from __future__ import annotations

import math
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.algorithms.bargaining import nash_bargaining, rubinstein
from solver.model.bargaining_problem import SectorBargaining
from solver.representations.bargaining import BargainingProblem

factor = st.fractions(min_value=F(1, 20), max_value=F(19, 20), max_denominator=40)


@settings(max_examples=40)
@given(d1=factor, d2=factor)
def test_rubinstein_1982_shares(d1: F, d2: F) -> None:
    """Rubinstein (1982), "Perfect equilibrium in a bargaining model", Econometrica 50(1),
    97-109 (bibliographic data checked against the reference list at
    http://218.28.6.71:81/Qikan/Article/Detail?id=7108802607): the first proposer gets
    (1 - d2) / (1 - d1 d2), agreed at once; exact. The share formula was not read in the paper
    here; by hand: with x (proposer 1's share) and y (player 1's share when 2 proposes),
    1 - x = d2 (1 - y) and y = d1 x give x = (1 - d2) / (1 - d1 d2)."""
    s = rubinstein(discount=(d1, d2))
    assert s.exact and s.method == "closed-form" and s.agreement
    assert s.point == ((1 - d2) / (1 - d1 * d2), 1 - (1 - d2) / (1 - d1 * d2))
    t = rubinstein(discount=(d1, d2), first=1)
    assert t.point[1] == (1 - d1) / (1 - d1 * d2)
    assert s.is_certified() and t.is_certified()


@pytest.mark.parametrize(
    ("options", "expected_x", "binding"),
    [
        # The outside option principle: Binmore, Shaked & Sutton (1989), "An Outside Option
        # Experiment" (abstract at https://topsight.net/paper/W1979513281: "outside options
        # will be irrelevant to the final deal unless a bargainer would then go elsewhere").
        # Journal volume/pages and a Muthoo (1999) proposition number were cited from memory
        # before and could not be checked, so they are dropped; the numbers are by hand.
        # With d = (9/10, 9/10) the shares without options are x = 10/19 (proposer), 9/19.
        # An option below the share it would replace is irrelevant:
        pytest.param((F(0), F(2, 5)), F(10, 19), (False, False), id="w2-below-9/19"),
        # ...one above it binds, and the proposer concedes exactly the option: x = 1 - w2.
        pytest.param((F(0), F(3, 5)), F(2, 5), (False, True), id="w2-binds"),
        # Player 0's option binds when it beats d0 x = 9/19: player 1 offers y = w0, and
        # x = 1 - d1 (1 - w0) = 11/20.
        pytest.param((F(1, 2), F(0)), F(11, 20), (True, False), id="w1-binds"),
        # Both bind: each proposer concedes the other's option: x = 1 - w2.
        pytest.param((F(1, 2), F(23, 50)), F(27, 50), (True, True), id="both-bind"),
    ],
)
def test_outside_option_principle(options: tuple[F, F], expected_x: F,
                                  binding: tuple[bool, bool]) -> None:
    s = rubinstein(discount=(F(9, 10), F(9, 10)), outside_options=options)
    assert s.point[0] == expected_x and s.binding == binding and s.is_certified()


def test_outside_options_without_gains_give_no_agreement() -> None:
    s = rubinstein(discount=(0.9, 0.9), outside_options=(0.6, 0.5))
    assert not s.agreement and s.point == (0.6, 0.5)


def test_breakdown_closed_form() -> None:
    """Exogenous breakdown (the model of Binmore, Rubinstein & Wolinsky 1986; the formula is
    derived by hand here, not taken from a source: a "Muthoo 1999, ch. 4" citation was from
    memory and could not be checked). After each rejection talks break down with
    probability p (payoffs b), else the next offer comes one period later. With
    A_i = (1 - p) d_i, indifference of each responder gives 1 - x = p b_2 + A_2 (1 - y) and
    y = p b_1 + A_1 x, so x = (1 - A_2 - p b_2 + A_2 p b_1) / (1 - A_1 A_2). As d -> 1,
    A_i -> 1 - p and this tends to (1 - b_2 + (1 - p) b_1) / (2 - p)."""
    d, p, b = F(9, 10), F(1, 10), (F(1, 10), F(1, 5))
    a = (1 - p) * d
    s = rubinstein(discount=(d, d), breakdown=p, breakdown_payoffs=b)
    assert s.point[0] == (1 - a - p * b[1] + a * p * b[0]) / (1 - a * a)
    near_one = rubinstein(discount=(1 - 1e-9, 1 - 1e-9), breakdown=0.1, breakdown_payoffs=b)
    assert near_one.point[0] == pytest.approx((1 - 0.2 + 0.9 * 0.1) / 1.9, abs=1e-7)


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"discount": (0.9, 0.8)}, id="plain"),
        pytest.param({"discount": (0.9, 0.8), "first": 1}, id="second-proposer"),
        pytest.param({"discount": (0.9, 0.9), "outside_options": (0.0, 0.6)}, id="option"),
        pytest.param({"discount": (0.95, 0.9), "breakdown": 0.05,
                      "breakdown_payoffs": (0.2, 0.1)}, id="breakdown"),
        pytest.param({"discount": (0.9, 0.85), "frontier": lambda u: 1 - u**2}, id="curved"),
    ],
)
def test_finite_horizon_converges_to_the_stationary_answer(kwargs: dict[str, object]) -> None:
    """Stahl (1972) / Rubinstein (1982): backward induction over N rounds converges
    geometrically (ratio d1 d2 per two rounds) to the stationary SPE."""
    target = rubinstein(**kwargs)  # type: ignore[arg-type]
    errors = [abs(rubinstein(**kwargs, horizon=n).point[0] - target.point[0])  # type: ignore[arg-type]
              for n in (10, 40, 400)]
    # Non-increasing; exact after finitely many rounds when an option binds.
    assert errors[0] >= errors[1] >= errors[2]
    assert errors[2] < 1e-9


def test_nonlinear_frontier_fixed_point_is_certified() -> None:
    s = rubinstein(discount=(0.9, 0.9), frontier=lambda u: 1 - u**2)
    assert s.method == "fixed-point" and s.is_certified()
    x, y = s.proposals[0][0], s.proposals[1][0]
    assert 1 - x**2 == pytest.approx(0.9 * (1 - y**2)) and y == pytest.approx(0.9 * x)


def test_sector_frontier_with_the_sanction_as_breakdown() -> None:
    sb = SectorBargaining.from_sector(gain=6, cost=3, curvature=2, deliverability=0.9,
                                      disagreement=(-2, -4))
    s = rubinstein(discount=(0.9, 0.8), frontier=sb.problem, breakdown=0.1,
                   breakdown_payoffs=(-2, -4))
    assert s.agreement and s.is_certified()
    assert 0 <= sb.opening(s.point) <= 1


@pytest.mark.parametrize("frontier", [None, lambda u: 1 - u**2])
def test_limit_of_short_intervals_is_the_asymmetric_nash_solution(frontier: object) -> None:
    """Binmore, Rubinstein & Wolinsky (1986), "The Nash bargaining solution in economic
    modelling", RAND J. Econ. 17(2), 176-188 (bibliographic data checked against the
    reference list cited in test_rubinstein_1982_shares): as the time between offers -> 0
    with d_i = exp(-r_i dt), the SPE tends to the Nash solution with weights r_2/(r_1+r_2),
    r_1/(r_1+r_2)."""
    rates = (1.0, 2.0)
    limit = rubinstein(rates=rates, interval=0, frontier=frontier)
    problem = (BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0)) if frontier is None
               else BargainingProblem.from_frontier(frontier, domain=(0, 1), disagreement=(0, 0)))  # type: ignore[arg-type]
    nash = nash_bargaining(problem, weights=(2 / 3, 1 / 3))
    assert limit.point == pytest.approx(tuple(float(v) for v in nash.point), abs=1e-9)
    gaps = [abs(rubinstein(rates=rates, interval=dt, frontier=frontier).point[0] - limit.point[0])
            for dt in (1e-1, 1e-3, 1e-5)]
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 1e-4


def test_rates_and_interval_give_discount_factors() -> None:
    s = rubinstein(rates=(0.1, 0.2), interval=0.5)
    assert s.discount == pytest.approx((math.exp(-0.05), math.exp(-0.1)))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        pytest.param({"discount": (1.0, 0.5)}, r"rubinstein\(\): discount must be two factors "
                     r"in \(0, 1\), got \(1.0, 0.5\)", id="discount-one"),
        pytest.param({"discount": (0, 0.5)}, r"discount must be two factors in \(0, 1\)",
                     id="discount-zero"),
        pytest.param({"discount": (0.9, 0.9), "breakdown": 1.0},
                     r"rubinstein\(\): breakdown must be in \[0, 1\), got 1.0", id="breakdown-1"),
        pytest.param({"discount": (0.9, 0.9), "breakdown": -0.1},
                     r"breakdown must be in \[0, 1\), got -0.1", id="breakdown-neg"),
        pytest.param({"discount": (0.9, 0.9), "first": 2}, r"first must be 0 or 1, got 2",
                     id="first"),
        pytest.param({"discount": (0.9, 0.9), "breakdown": 0.1, "breakdown_payoffs": (0.8, 0.5)},
                     r"breakdown_payoffs \(0.8, 0.5\) are not feasible", id="b-infeasible"),
        pytest.param({}, r"discount \(d1, d2\) is required", id="missing"),
        pytest.param({"discount": (0.9, 0.9), "rates": (1, 1), "interval": 1},
                     r"not both", id="both"),
        pytest.param({"rates": (1, -1), "interval": 1}, r"rates must be positive", id="rates"),
        pytest.param({"discount": (0.9, 0.9), "horizon": 0}, r"horizon must be a positive int",
                     id="horizon"),
        pytest.param({"discount": (0.9, 0.9), "frontier": lambda u: u**2},
                     r"frontier .*not concave", id="frontier"),
    ],
)
def test_bad_input(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        rubinstein(**kwargs)  # type: ignore[arg-type]


# Pure risk of breakdown, no discounting (d = 1, p > 0). Sources: Binmore, Rubinstein &
# Wolinsky (1986), RAND J. Econ. 17(2), 176-188 (bibliographic data as above), the model with
# an exogenous risk of breakdown; Osborne & Rubinstein (1990), "Bargaining and Markets",
# section 4.2 "A Model of Alternating Offers with a Risk of Breakdown" (table of contents
# checked at https://ebookily.org/docs/bargaining-and-markets-db33e9). The solutions manual of
# Osborne & Rubinstein (1994), "A Course in Game Theory", exercise "Risk of breakdown" (excerpt
# at http://wilanow.czarnajedynka.pl/read/a-course-in-game-theory-solutions), says the
# argument is Rubinstein's "with 1 - alpha playing the role of delta_i". The closed forms below
# were derived by hand from the responders' indifference conditions, not read in the sources.

breakdown_probability = st.fractions(min_value=F(1, 100), max_value=F(99, 100),
                                     max_denominator=100)


@settings(max_examples=40)
@given(p=breakdown_probability)
def test_breakdown_without_discounting_brw_1986(p: F) -> None:
    """Binmore, Rubinstein & Wolinsky (1986), risk of breakdown; Osborne & Rubinstein (1990),
    section 4.2: with d_0 = d_1 = 1, breakdown probability p and breakdown payoffs (0, 0),
    x = 1 - (1 - p) y and y = (1 - p) x give the first proposer x = 1 / (2 - p) (Rubinstein's
    share with delta = 1 - p), exactly; it tends to the symmetric Nash split 1/2 as p -> 0."""
    s = rubinstein(discount=(1, 1), breakdown=p)
    assert s.exact and s.method == "closed-form" and s.agreement and s.is_certified()
    assert s.point == (1 / (2 - p), (1 - p) / (2 - p))
    assert s.proposals[1] == ((1 - p) / (2 - p), 1 / (2 - p))
    assert rubinstein(discount=(1, 1), breakdown=p, first=1).point[1] == 1 / (2 - p)
    # Same answer from floats (the closed form of their binary values), and as p -> 0 the
    # proposer's advantage x - 1/2 = p / (2 (2 - p)) vanishes.
    assert rubinstein(discount=(1.0, 1.0), breakdown=float(p)).point[0] == pytest.approx(
        float(1 / (2 - p)), abs=1e-15)
    gaps = [rubinstein(discount=(1, 1), breakdown=q).point[0] - F(1, 2)
            for q in (F(1, 10), F(1, 100), F(1, 1000))]
    assert gaps == [q / (2 * (2 - q)) for q in (F(1, 10), F(1, 100), F(1, 1000))]


@pytest.mark.parametrize(
    ("p", "b"),
    [
        pytest.param(F(1, 10), (F(1, 10), F(1, 5)), id="p=1/10"),
        pytest.param(F(1, 3), (F(0), F(1, 2)), id="p=1/3"),
        pytest.param(F(1, 1000), (F(1, 4), F(1, 4)), id="p=1/1000"),
    ],
)
def test_breakdown_payoffs_without_discounting_brw_1986(p: F, b: tuple[F, F]) -> None:
    """Binmore, Rubinstein & Wolinsky (1986), risk of breakdown; Osborne & Rubinstein (1990),
    section 4.2, with breakdown payoffs (b0, b1) and d = 1. By hand: the responders'
    indifference x = 1 - [(1 - p)(1 - y) + p b1], y = (1 - p) x + p b0 give
    x = (1 + (1 - p) b0 - b1) / (2 - p), exactly; as p -> 0 this tends to
    b0 + (1 - b0 - b1) / 2, the Nash solution against the breakdown point."""
    s = rubinstein(discount=(1, 1), breakdown=p, breakdown_payoffs=b)
    x = (1 + (1 - p) * b[0] - b[1]) / (2 - p)
    y = (1 - p) * x + p * b[0]
    assert s.exact and s.is_certified()
    assert s.proposals == ((x, 1 - x), (y, 1 - y))
    assert 1 - x == (1 - p) * (1 - y) + p * b[1]
    nash = b[0] + (1 - b[0] - b[1]) / 2
    assert abs(x - nash) == abs(p * (1 - b[0] - b[1]) / (2 * (2 - p)))
    # Only one player patient: the general formula of test_breakdown_closed_form with A_0 = 1 - p.
    d1 = F(9, 10)
    a0, a1 = 1 - p, (1 - p) * d1
    t = rubinstein(discount=(1, d1), breakdown=p, breakdown_payoffs=b)
    assert t.point[0] == (1 - a1 - p * b[1] + a1 * p * b[0]) / (1 - a0 * a1)


def test_curved_frontier_without_discounting_approaches_nash_brw_1986() -> None:
    """Binmore, Rubinstein & Wolinsky (1986): with a risk of breakdown p and no discounting the
    SPE tends, as p -> 0, to the (symmetric) Nash bargaining solution with the breakdown
    payoffs as disagreement point. On u2 = 1 - u1**2 against (0, 0) that is u1 = 1/sqrt(3),
    u2 = 2/3 (maximise u (1 - u^2)). The fixed point must satisfy both indifference conditions
    with d = 1, and the proposer's advantage shrinks with p."""
    frontier = lambda u: 1 - u**2  # noqa: E731
    nash = nash_bargaining(BargainingProblem.from_frontier(frontier, domain=(0, 1),
                                                           disagreement=(0, 0)))
    assert nash.point == pytest.approx((1 / math.sqrt(3), 2 / 3), abs=1e-7)
    advantage = []
    for p in (0.01, 0.001):
        s = rubinstein(discount=(1, 1), breakdown=p, frontier=frontier)
        assert s.method == "fixed-point" and s.agreement and s.is_certified()
        x, y = s.proposals[0][0], s.proposals[1][0]
        assert y == pytest.approx((1 - p) * x, abs=1e-12)
        assert 1 - x**2 == pytest.approx((1 - p) * (1 - y**2), abs=1e-12)
        advantage.append(x - y)
    assert 0 < advantage[1] < advantage[0]
    for proposal in s.proposals:  # p = 1e-3
        assert proposal == pytest.approx(tuple(float(v) for v in nash.point), abs=1e-2)


@pytest.mark.parametrize("frontier", [None, lambda u: 1 - u**2])
@pytest.mark.parametrize("first", [0, 1])
@pytest.mark.parametrize("horizon", [1, 2, 3, 6, 7])
def test_finite_horizon_without_frictions_is_an_ultimatum(frontier: object, first: int,
                                                          horizon: int) -> None:
    """Stahl (1972) / Rubinstein (1982), the finite game of alternating offers: with d = 1 and
    no breakdown, waiting costs nothing, so every responder accepts only what it would get as
    the next proposer, and the proposer of the last round (an ultimatum game, breakdown
    payoffs (0, 0) after it) takes everything: the whole game ends at that split, exactly."""
    s = rubinstein(discount=(1, 1), first=first, frontier=frontier, horizon=horizon)
    last = (first + horizon - 1) % 2
    assert s.method == "backward-induction" and s.agreement
    ultimatum = (1, 0) if last == 0 else (0, 1)
    if frontier is None:
        assert s.exact and s.point == ultimatum and all(isinstance(v, F) for v in s.point)
    else:  # the curved frontier's left end is found numerically (g is flat at u1 = 0)
        assert s.point == pytest.approx(ultimatum, abs=1e-7)


def test_finite_horizon_without_discounting_converges_brw_1986() -> None:
    """Binmore, Rubinstein & Wolinsky (1986), risk of breakdown: with d = 1 and p > 0 the finite
    game (breakdown payoffs after the last rejection) converges to the stationary answer
    x = 1 / (2 - p), geometrically with ratio (1 - p)^2 per two rounds; exact Fractions."""
    p = F(1, 5)
    target = 1 / (2 - p)
    errors = [abs(rubinstein(discount=(1, 1), breakdown=p, horizon=n).point[0] - target)
              for n in (1, 3, 5, 41)]
    assert errors[0] > errors[1] > errors[2] > errors[3] > 0
    assert errors[1] == errors[0] * (1 - p) ** 2 and errors[2] == errors[1] * (1 - p) ** 2


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        pytest.param({"discount": (1, 1)},
                     r"rubinstein\(\): discount must be two factors in \(0, 1\), got \(1, 1\); "
                     r"a factor of 1 needs breakdown > 0 or a horizon \(with d = \(1, 1\) and "
                     r"no breakdown there are no frictions: every split is a subgame-perfect "
                     r"equilibrium of the infinite game\)", id="d=1-no-friction"),
        pytest.param({"discount": (F(1), F(1, 2)), "breakdown": 0.0},
                     r"rubinstein\(\): .*every split", id="one-factor-1"),
        pytest.param({"discount": (1.5, 0.5), "breakdown": 0.1},
                     r"discount must be two factors in \(0, 1\) \(or 1 with breakdown > 0 or a "
                     r"horizon\), got \(1.5, 0.5\)", id="above-1"),
        pytest.param({"rates": (1e-20, 1.0), "interval": 1e-3},
                     r"rubinstein\(\): rates \* interval is too small", id="rounds-to-1"),
    ],
)
def test_no_frictions_is_rejected(kwargs: dict[str, object], match: str) -> None:
    """Rubinstein (1982) needs a friction. By hand: with d_0 = d_1 = 1 and no risk of breakdown,
    for any split z, "always propose z, accept any offer at least your share of z" is
    subgame-perfect (rejecting only brings z later, at no cost), so every split is an SPE
    outcome of the infinite game. A factor of 1 is therefore refused without breakdown > 0
    or a horizon; factors above 1 are always refused."""
    with pytest.raises(ValueError, match=match):
        rubinstein(**kwargs)  # type: ignore[arg-type]


def test_the_limit_has_no_agreement_where_the_nash_solution_has_none() -> None:
    """Issue 13 repro: on the frontier u2 = -u1 nothing beats (0, 0) for both players, so the
    Nash solution against (0, 0) is 'no agreement'; the limit (interval 0) said agreement."""
    from solver.algorithms.bargaining import nash_bargaining
    from solver.representations.bargaining import BargainingProblem

    p = BargainingProblem.from_points([(0, 0), (1, -1)], (0, 0))
    assert not nash_bargaining(p).agreement
    s = rubinstein(rates=(1, 1), interval=0, frontier=p)
    assert not s.agreement and s.point == (0.0, 0.0)
