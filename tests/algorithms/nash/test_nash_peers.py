"""Where nashpy 0.0.43 alone falls short, shown on concrete games (known gaps we fix)."""

from __future__ import annotations

import warnings

import nashpy as nash
import numpy as np
import pytest

from solver.algorithms.nash import nash_equilibria
from solver.representations.bimatrix import Bimatrix


def _count(gen: object) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return len(list(gen))  # type: ignore[call-overload]


@pytest.mark.known_gap
def test_nashpy_support_enumeration_misses_on_float_game() -> None:
    # Issue 3: 7x7 uniform [0, 1) payoffs, default_rng(1), first game: 5 equilibria;
    # nashpy's support enumeration finds 3 (its `prob >= 0` has no tolerance).
    rng = np.random.default_rng(1)
    A, B = rng.random((7, 7)), rng.random((7, 7))
    ours = nash_equilibria(Bimatrix.from_arrays(A, B))
    assert len(ours.equilibria) == 5
    assert _count(nash.Game(A, B).support_enumeration()) < 5
    assert len(nash_equilibria(Bimatrix.from_arrays(A, B), "support").equilibria) == 5


@pytest.mark.known_gap
def test_nashpy_support_enumeration_misses_on_degenerate_game() -> None:
    # nashpy issue #82: 8 extreme equilibria; nashpy's support enumeration finds 5.
    A = -np.array([[0, 0, 6, 0, 0], [0, 0, 3, 2, 1], [4, 3, 0, 0, 1]])
    B = -np.array([[3, 0, 2, 1, 0], [0, 2, 0, 0, 4], [4, 0, 2, 4, 4]])
    assert _count(nash.Game(A, B).support_enumeration()) < 8
    assert len(nash_equilibria(Bimatrix.from_arrays(A, B)).equilibria) == 8


@pytest.mark.known_gap
def test_nashpy_vertex_enumeration_empty_on_constant_column() -> None:
    # nashpy issue #222: column 0 of A is constant, nashpy's +|min| shift makes it zero,
    # the polytope is unbounded and vertex enumeration returns nothing; 2 exist.
    A = np.array([[-3, 3], [-3, 5]])
    B = np.array([[2, 7], [4, 2]])
    assert _count(nash.Game(A, B).vertex_enumeration()) == 0
    assert len(nash_equilibria(Bimatrix.from_arrays(A, B)).equilibria) == 2


@pytest.mark.known_gap
def test_nashpy_vertex_enumeration_negative_probabilities() -> None:
    # nashpy issue #231's symmetric 6x6: vertex enumeration returns 1.4e-17-style
    # residues (and, on other games, small negatives); ours are clipped to exact zeros.
    A = np.array([[0, -1, -1, -1, 1, -1], [1, 0, 1, -1, -1, -1], [1, -1, 0, -1, -1, 1],
                  [1, 1, 1, 0, -1, -1], [-1, 1, 1, 1, 0, -1], [1, 1, -1, 1, 1, 0]])
    theirs = list(nash.Game(A).vertex_enumeration())
    assert any(np.any((v != 0) & (np.abs(v) < 1e-12)) for eq in theirs for v in eq)
    for e in nash_equilibria(Bimatrix.from_arrays(A, -A)).equilibria:
        assert not np.any((e.row != 0) & (e.row < 1e-12))
