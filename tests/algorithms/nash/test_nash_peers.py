"""Where nashpy alone falls short, shown on concrete games (known gaps we fix).

Each gap is two tests: one asserts that OUR engine is right (it must pass), the other asserts
what a correct nashpy would return and is a non-strict ``xfail`` naming the installed
nashpy version and its behaviour. nashpy is unpinned, so an upstream fix turns the second
into an XPASS (reported by ``-ra``, never a failure): the gap can then be retired.
"""

from __future__ import annotations

import warnings
from importlib.metadata import version

import nashpy as nash
import numpy as np
import pytest

from solver.algorithms.nash import nash_equilibria
from solver.representations.bimatrix import Bimatrix

NASHPY = version("nashpy")


def gap(behaviour: str) -> pytest.MarkDecorator:
    """The non-strict xfail of a nashpy shortcoming, naming the installed version."""
    return pytest.mark.xfail(strict=False, reason=f"nashpy {NASHPY}: {behaviour}")


def _count(gen: object) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return len(list(gen))  # type: ignore[call-overload]


def _float_game() -> tuple[np.ndarray, np.ndarray]:
    # Issue 3: 7x7 uniform [0, 1) payoffs, default_rng(1), first game: 5 equilibria.
    rng = np.random.default_rng(1)
    return rng.random((7, 7)), rng.random((7, 7))


# nashpy issue #82: a degenerate 3x5 game with 8 extreme equilibria.
DEGENERATE = (-np.array([[0, 0, 6, 0, 0], [0, 0, 3, 2, 1], [4, 3, 0, 0, 1]]),
              -np.array([[3, 0, 2, 1, 0], [0, 2, 0, 0, 4], [4, 0, 2, 4, 4]]))
# nashpy issue #222: column 0 of A is constant; 2 equilibria exist.
CONSTANT_COLUMN = (np.array([[-3, 3], [-3, 5]]), np.array([[2, 7], [4, 2]]))
# nashpy issue #231's symmetric 6x6 zero-sum game.
SYMMETRIC = np.array([[0, -1, -1, -1, 1, -1], [1, 0, 1, -1, -1, -1], [1, -1, 0, -1, -1, 1],
                      [1, 1, 1, 0, -1, -1], [-1, 1, 1, 1, 0, -1], [1, 1, -1, 1, 1, 0]])


def _residues(eqs: object) -> bool:
    """Whether any probability is a tiny non-zero residue (|v| < 1e-12 but v != 0)."""
    return any(np.any((v != 0) & (np.abs(v) < 1e-12)) for eq in eqs for v in eq)  # type: ignore[attr-defined]


def test_ours_finds_all_five_on_float_game() -> None:
    A, B = _float_game()
    assert len(nash_equilibria(Bimatrix.from_arrays(A, B)).equilibria) == 5
    assert len(nash_equilibria(Bimatrix.from_arrays(A, B), "support").equilibria) == 5


@pytest.mark.known_gap
@gap("support enumeration finds 3 of the 5 equilibria of a 7x7 float game "
     "(its `prob >= 0` test has no tolerance)")
def test_nashpy_support_enumeration_on_float_game() -> None:
    A, B = _float_game()
    assert _count(nash.Game(A, B).support_enumeration()) == 5


def test_ours_finds_all_eight_on_degenerate_game() -> None:
    assert len(nash_equilibria(Bimatrix.from_arrays(*DEGENERATE)).equilibria) == 8


@pytest.mark.known_gap
@gap("support enumeration finds 5 of the 8 extreme equilibria of a degenerate game "
     "(nashpy issue #82)")
def test_nashpy_support_enumeration_on_degenerate_game() -> None:
    assert _count(nash.Game(*DEGENERATE).support_enumeration()) >= 8


def test_ours_finds_both_on_constant_column() -> None:
    assert len(nash_equilibria(Bimatrix.from_arrays(*CONSTANT_COLUMN)).equilibria) == 2


@pytest.mark.known_gap
@gap("vertex enumeration returns nothing when a payoff column is constant: the +|min| "
     "shift zeroes it and the polytope is unbounded (nashpy issue #222)")
def test_nashpy_vertex_enumeration_on_constant_column() -> None:
    assert _count(nash.Game(*CONSTANT_COLUMN).vertex_enumeration()) == 2


def test_ours_has_exact_zeros_on_symmetric_game() -> None:
    # Ours are clipped to exact zeros: no 1e-17-style residue, no small negative.
    for e in nash_equilibria(Bimatrix.from_arrays(SYMMETRIC, -SYMMETRIC)).equilibria:
        assert not np.any((e.row != 0) & (e.row < 1e-12))
        assert not np.any((e.col != 0) & (e.col < 1e-12))


@pytest.mark.known_gap
@gap("vertex enumeration returns 1e-17-style residues instead of exact zeros on a "
     "symmetric 6x6 game (nashpy issue #231)")
def test_nashpy_vertex_enumeration_has_exact_zeros() -> None:
    assert not _residues(list(nash.Game(SYMMETRIC).vertex_enumeration()))
