"""Equilibrium components: maximal Nash subsets (Avis, Rosenberg, Savani, von Stengel 2010)."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from solver.algorithms.nash import (
    BudgetExceeded,
    Component,
    equilibrium_components,
    nash_equilibria,
)
from solver.algorithms.nash.components import maximal_bicliques
from solver.algorithms.nash.regret import is_nash
from solver.representations.bimatrix import Bimatrix


def test_nondegenerate_game_gives_singletons() -> None:
    # Battle of the sexes: three isolated equilibria, three singleton components.
    comps = equilibrium_components(Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]]))
    assert [c.is_singleton for c in comps] == [True, True, True]
    assert sorted(c.connected for c in comps) == [0, 1, 2]


def test_continuum_is_one_component() -> None:
    # nashpy issue #222: ([p, 1-p], [1, 0]) for p in [0, 2/7] is one segment.
    g = Bimatrix.from_arrays([[-3, 3], [-3, 5]], [[2, 7], [4, 2]], exact=True)
    (c,) = equilibrium_components(g)
    assert {tuple(r) for r in c.rows} == {(F(2, 7), F(5, 7)), (0, 1)}
    assert [tuple(col) for col in c.cols] == [(1, 0)]
    assert c.payoffs == ((-3, -3), (F(24, 7), 4))  # column's payoff varies along it
    assert c.constant_payoffs is None


def test_all_equal_game_is_one_square() -> None:
    (c,) = equilibrium_components(Bimatrix.from_arrays([[1, 1], [1, 1]], [[1, 1], [1, 1]]))
    assert len(c.extreme_points) == 4 and c.constant_payoffs == (1.0, 1.0)


def test_entry_game_components() -> None:
    # (In, Accommodate) isolated; Out with Fight probability in [1/2, 1] a segment.
    g = Bimatrix.from_arrays([[0, 0], [-1, 1]], [[2, 2], [-1, 1]], exact=True)
    comps = equilibrium_components(g)
    sizes = sorted(len(c.extreme_points) for c in comps)
    assert sizes == [1, 2]
    seg = next(c for c in comps if len(c.extreme_points) == 2)
    assert {tuple(y) for y in seg.cols} == {(1, 0), (F(1, 2), F(1, 2))}


def test_overlapping_maximal_nash_subsets_share_connected_label() -> None:
    # nashpy #82's game: cliques {y=(1,0,0)} x {two columns} etc.; ARSvS's clique output
    # lists maximal Nash subsets, and those sharing a vertex share a component number.
    A = -np.array([[0, 0, 6, 0, 0], [0, 0, 3, 2, 1], [4, 3, 0, 0, 1]])
    B = -np.array([[3, 0, 2, 1, 0], [0, 2, 0, 0, 4], [4, 0, 2, 4, 4]])
    g = Bimatrix.from_arrays(A, B, exact=True)
    comps = equilibrium_components(g)
    pts = {(tuple(e.row), tuple(e.col)) for c in comps for e in c.extreme_points}
    assert pts == {(tuple(e.row), tuple(e.col)) for e in nash_equilibria(g).equilibria}
    assert len(comps) == 5 and len({c.connected for c in comps}) == 4


def test_every_point_of_a_component_is_an_equilibrium() -> None:
    # Convexity: midpoints of extreme points are equilibria (exactly).
    from tests.algorithms.nash.test_nash_known import sanction_game

    for c in equilibrium_components(sanction_game()):
        assert isinstance(c, Component)
        x = sum(c.rows) / len(c.rows)
        y = sum(c.cols) / len(c.cols)
        assert is_nash(sanction_game(), (x, y))


def test_sanction_game_components() -> None:
    from tests.algorithms.nash.test_nash_known import sanction_game

    comps = equilibrium_components(sanction_game())
    assert sorted(c.constant_payoffs for c in comps) == [(0, 0), (6, -3)]  # type: ignore[type-var]
    assert sorted(len(c.extreme_points) for c in comps) == [2, 4]


def test_maximal_bicliques_path() -> None:
    # Path x0 - y0 - x1 - y1: two maximal bicliques ({x0, x1}, {y0}) and ({x1}, {y0, y1}).
    got = {(tuple(sorted(x)), tuple(sorted(y)))
           for x, y in maximal_bicliques([(0, 0), (1, 0), (1, 1)])}
    assert got == {((0, 1), (0,)), ((1,), (0, 1))}


def test_bad_input() -> None:
    with pytest.raises(ValueError, match=r"equilibrium_components\(\): game must be"):
        equilibrium_components("game")  # type: ignore[arg-type]
    # The old refusal recommended a `method=` parameter this function does not have; now
    # the budget stops it and the message names lemke_howson(game).
    rng = np.random.default_rng(0)
    g = Bimatrix.from_arrays(rng.random((6, 6)), rng.random((6, 6)))
    with pytest.raises(BudgetExceeded,
                       match=r"equilibrium_components\(\): max_vertices=2.*lemke_howson\(game\)"):
        equilibrium_components(g, max_vertices=2)


def test_large_all_equal_game_is_one_component() -> None:
    # 30x30 used to be refused by its worst-case bound; every profile is an equilibrium.
    (c,) = equilibrium_components(Bimatrix.from_arrays(np.ones((30, 30)), np.ones((30, 30))))
    assert len(c.rows) == 30 and len(c.cols) == 30
