"""Iterated elimination of strictly dominated strategies."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from solver.algorithms.nash import iterated_elimination, nash_equilibria
from solver.representations.bimatrix import Bimatrix


def test_prisoners_dilemma_one_round() -> None:
    g = Bimatrix.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                             row_labels=["C", "D"], col_labels=["C", "D"])
    e = iterated_elimination(g)
    assert [(r.round, r.player, r.label, r.by_pure) for r in e.removed] == [
        (1, 0, "C", True), (1, 1, "C", True)
    ]
    assert e.game.row_labels == ("D",) and e.rounds == 1


def test_iterated_rounds() -> None:
    # Gibbons (1992), Fig. 1.1.1: R removed (by M) in round 1, then Down, then Left:
    # (Up, Middle) survives after three rounds.
    A = [[1, 1, 0], [0, 0, 2]]
    B = [[0, 2, 1], [3, 1, 0]]
    g = Bimatrix.from_arrays(A, B, row_labels=["Up", "Down"],
                             col_labels=["Left", "Middle", "Right"])
    e = iterated_elimination(g)
    assert [(r.round, r.label) for r in e.removed] == [(1, "Right"), (2, "Down"), (3, "Left")]
    assert (e.rows, e.cols) == ((0,), (1,))


def test_mixed_dominance_exact() -> None:
    # Row 2 (1, 1) is beaten by 1/2-1/2 of rows 0 and 1 ((1.5, 1.5)), by no pure row.
    g = Bimatrix.from_arrays([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]], exact=True)
    e = iterated_elimination(g)
    (r,) = e.removed
    assert r.strategy == 2 and not r.by_pure
    assert sum(r.dominator) == 1 and all(isinstance(v, F) for v in r.dominator)
    assert iterated_elimination(g, mixed=False).removed == ()


def test_equilibria_survive_elimination() -> None:
    from tests.algorithms.nash.test_nash_known import sanction_game

    g = sanction_game()
    e = iterated_elimination(g)
    assert len(nash_equilibria(e.game).equilibria) >= 1
    assert e.game.is_exact


def test_bad_input() -> None:
    with pytest.raises(ValueError, match=r"iterated_elimination\(\): game must be"):
        iterated_elimination([[1]])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"iterated_elimination\(\): tol .*-1"):
        iterated_elimination(Bimatrix.from_arrays([[1]], [[1]]), tol=-1)
