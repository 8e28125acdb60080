"""Agendas: piece by piece and the all-or-nothing package, on games with derived answers."""

from __future__ import annotations

import pytest

from solver.algorithms.opening_program import OPENING_TOL
from solver.model.agendas import ThreatPoint, package, piece_by_piece
from solver.model.scenario import Scenario
from solver.model.sector import Sector

# Sector a: q G = 6, c = 3, threat (-2, -4): x* = 4/6 - 2/12 = 0.5 (docs/model.md closed form).
# Sector b: no credible threat, threat point (-1, 0): the target gains nothing from any
# opening, so alone it settles nothing.
A = Sector("a", gain=6.0, cost=3.0)
B = Sector("b", gain=2.0, cost=1.0)
THREATS = {"a": ThreatPoint((-2.0, -4.0), True), "b": ThreatPoint((-1.0, 0.0), False)}


def test_piece_by_piece_settles_each_sector_alone() -> None:
    out = piece_by_piece(Scenario("t", "S", "T", (A, B)), THREATS)
    a, b = out.sectors
    assert a.status == "agreed" and a.opening == pytest.approx(0.5, abs=1e-12)
    assert (a.sender_payoff, a.target_payoff) == pytest.approx((3.0, -1.5))
    assert b.status == "no agreement" and not b.sanction_imposed
    assert (b.sender_payoff, b.target_payoff) == (-1.0, 0.0)
    assert out.sender_payoff == pytest.approx(2.0)
    assert out.joint_surplus == pytest.approx(0.5)
    assert out.residual <= OPENING_TOL


def test_package_links_a_sector_without_a_credible_threat() -> None:
    """Linkage: in the package, sector a's leverage also buys opening in sector b.

    Combined threat (-3, -4); v = (6, 2), c = (3, 1) have the same ratio v/c = 2, so the
    frontier is one line U_T = -U_S/2 for U_S in [0, 8]. The Nash point on it maximises
    (U + 3)(4 - U/2): U* = 2.5, so U_T* = -1.25.
    """
    out = package(Scenario("t", "S", "T", (A, B)), THREATS)
    assert out.package_agreed
    assert out.sender_payoff == pytest.approx(2.5)
    assert out.target_payoff == pytest.approx(-1.25)
    assert out.residual <= OPENING_TOL


def test_floor_beyond_the_targets_leverage_means_nothing_anywhere() -> None:
    """Floors of 1 on both sectors cost the target 3 + 1 = 4, exactly its combined threat
    loss, so no opening vector leaves it strictly better off: nothing is agreed anywhere and
    the one credible sanction (sector a) is imposed."""
    sc = Scenario("t", "S", "T", (A, B), floors=(("a", 1.0), ("b", 1.0)))
    out = package(sc, THREATS)
    assert out.package_agreed is False
    assert out.agreed == ()
    assert out.sanctions == ("a",)
    assert (out.sender_payoff, out.target_payoff) == (-3.0, -4.0)


def test_floor_is_met_when_affordable() -> None:
    sc = Scenario("t", "S", "T", (A, B), floors=(("b", 0.8),))
    out = package(sc, THREATS)
    assert out.package_agreed
    assert out.opening("b") >= 0.8


def test_scenario_rejects_bad_floors_and_duplicates() -> None:
    with pytest.raises(ValueError, match="outside \\[0, 1\\]"):
        Scenario("t", "S", "T", (A,), floors=(("a", 1.5),))
    with pytest.raises(ValueError, match="unknown sector 'zz'"):
        Scenario("t", "S", "T", (A,), floors=(("zz", 0.5),))
    with pytest.raises(ValueError, match="duplicate sector name"):
        Scenario("t", "S", "T", (A, A))
    with pytest.raises(ValueError, match="sectors is empty"):
        Scenario("t", "S", "T", ())


# --- sequencing and linkage -----------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from solver.model.agendas import best_orders, linked_package, sequential  # noqa: E402

sector_params = st.tuples(st.floats(0.1, 10), st.floats(0.1, 10), st.floats(0.0, 3),
                          st.floats(0.01, 5), st.booleans())


def build(params: list[tuple[float, float, float, float, bool]]) -> tuple[Scenario, dict]:
    sectors = tuple(Sector(f"s{i}", gain=g, cost=c) for i, (g, c, _, _, _) in enumerate(params))
    threats = {
        f"s{i}": ThreatPoint((-ls, -lt) if cred else (-ls, 0.0), cred)
        for i, (_, _, ls, lt, cred) in enumerate(params)
    }
    return Scenario("h", "S", "T", sectors), threats


@settings(max_examples=40, deadline=None)
@given(st.lists(sector_params, min_size=1, max_size=4))
def test_last_sector_in_order_bargains_as_if_alone(params: list) -> None:
    """Nothing is left to lend leverage to the last sector, so it gets its solo answer."""
    sc, threats = build(params)
    names = [s.name for s in sc.sectors]
    seq = sequential(sc, threats, names)
    alone = piece_by_piece(sc, threats)
    last = names[-1]
    pbp_last = next(r for r in alone.sectors if r.sector == last)
    seq_last = next(r for r in seq.sectors if r.sector == last)
    assert seq_last.opening == pytest.approx(pbp_last.opening, abs=1e-9)
    assert seq.order == tuple(names)


@settings(max_examples=25, deadline=None)
@given(st.lists(sector_params, min_size=2, max_size=3))
def test_best_orders_are_best(params: list) -> None:
    import itertools

    sc, threats = build(params)
    best = best_orders(sc, threats)
    names = [s.name for s in sc.sectors]
    for order in itertools.permutations(names):
        out = sequential(sc, threats, order)
        assert out.sender_payoff <= best["sender"].sender_payoff + 1e-12
        assert out.target_payoff <= best["target"].target_payoff + 1e-12


def test_linked_package_without_floors_opens_the_sector_that_lacks_a_threat() -> None:
    out = linked_package(Scenario("t", "S", "T", (A, B)), THREATS)
    assert out.package_agreed and out.agreed == ("a", "b")
    assert out.sender_payoff == pytest.approx(2.5)  # same frontier line as the package test


def test_sequential_rejects_bad_orders() -> None:
    sc = Scenario("t", "S", "T", (A, B))
    with pytest.raises(ValueError, match=r"sequential\(\): order .* unknown sector\(s\) \['zz'\]"):
        sequential(sc, THREATS, ["a", "zz"])
    with pytest.raises(ValueError, match=r"must name each sector once"):
        sequential(sc, THREATS, ["a"])
    many = Scenario("t", "S", "T", tuple(Sector(f"s{i}", gain=1.0, cost=1.0) for i in range(9)))
    with pytest.raises(ValueError, match="best_orders\\(\\): 9 sectors have 362880 orders"):
        best_orders(many, {s.name: ThreatPoint((0.0, 0.0), False) for s in many.sectors})


# --- discrete opening levels --------------------------------------------------------------


def test_linear_sectors_with_levels_match_continuous_openings() -> None:
    """With linear costs the convex hull of the level outcomes is the continuous frontier
    itself, so restricting openings to levels (with lotteries) changes nothing."""
    sc = Scenario("t", "S", "T", (A, B))
    for agenda in (piece_by_piece, package, linked_package):
        cont, disc = agenda(sc, THREATS), agenda(sc, THREATS, 5)
        assert disc.sender_payoff == pytest.approx(cont.sender_payoff, abs=1e-9)
        assert disc.target_payoff == pytest.approx(cont.target_payoff, abs=1e-9)


def test_levels_matter_on_a_convex_cost_and_converge_with_more_levels() -> None:
    """k = 2: the hull of the level outcomes lies below the curve, so coarse levels lose
    surplus; with finer levels the answer tends to the continuous one."""
    quad = Sector("q", gain=6.0, cost=3.0, curvature=2.0)
    sc = Scenario("t", "S", "T", (quad,))
    threats = {"q": ThreatPoint((-2.0, -4.0), True)}
    cont = piece_by_piece(sc, threats)
    gaps = [abs(piece_by_piece(sc, threats, n).opening("q") - cont.opening("q"))
            for n in (3, 11, 101)]
    assert gaps[0] > 1e-3 and gaps[0] > gaps[1] > gaps[2]
    assert gaps[2] < 1e-3
    coarse = piece_by_piece(sc, threats, 3)
    # The target's payoff is an expectation over the lottery's levels, never above the curve.
    assert coarse.target_payoff <= -3.0 * coarse.opening("q") ** 2 + 1e-12


@pytest.mark.parametrize("levels", [1, 0, 10_001, 2.5])
def test_levels_out_of_range_are_rejected(levels: object) -> None:
    with pytest.raises(ValueError, match=r"levels must be an integer in \[2, 1000\]"):
        piece_by_piece(Scenario("t", "S", "T", (A,)), THREATS, levels)  # type: ignore[arg-type]
