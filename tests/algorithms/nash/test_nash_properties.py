"""Hypothesis properties: certificates, invariances, and the oddness theorem."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.algorithms.nash import nash_equilibria
from solver.algorithms.nash.regret import regret
from solver.representations.bimatrix import Bimatrix
from tests.strategies import int_payoffs

SETTINGS = settings(max_examples=25)


def int_games(lo: int = -4, hi: int = 4, max_side: int = 4) -> st.SearchStrategy[Bimatrix]:
    return int_payoffs(lo=lo, hi=hi, max_side=max_side).map(
        lambda ab: Bimatrix.from_arrays(ab[0], ab[1], exact=True))


def as_set(game: Bimatrix) -> set[tuple[tuple[F, ...], tuple[F, ...]]]:
    return {(tuple(e.row), tuple(e.col)) for e in nash_equilibria(game).equilibria}


@SETTINGS
@given(int_games())
def test_every_equilibrium_has_zero_regret(game: Bimatrix) -> None:
    res = nash_equilibria(game)
    assert res.equilibria, "every finite game has an equilibrium (Nash 1951)"
    for e in res.equilibria:
        assert regret(game, (e.row, e.col)) == (0, 0) and e.regret == 0
    for e in nash_equilibria(game.to_float()).equilibria:
        assert e.regret <= 1e-9


@SETTINGS
@given(int_games(), st.integers(1, 5), st.integers(-5, 5), st.integers(1, 5),
       st.integers(-5, 5))
def test_positive_affine_rescaling_invariance(
    game: Bimatrix, a: int, b: int, c: int, d: int
) -> None:
    scaled = Bimatrix.from_arrays(game.A * a + b, game.B * F(c, 3) + d, exact=True)
    assert as_set(scaled) == as_set(game)


@SETTINGS
@given(int_games())
def test_transpose_swaps_players(game: Bimatrix) -> None:
    swapped = {(y, x) for x, y in as_set(game)}
    assert as_set(game.transpose()) == swapped


@SETTINGS
@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_nondegenerate_games_have_odd_count(m: int, n: int, seed: int) -> None:
    # Random continuous payoffs give a nondegenerate game with probability 1
    # (von Stengel 2007, Thm 3.8 / Lemke-Howson): an odd number of equilibria.
    rng = np.random.default_rng(seed)
    game = Bimatrix.from_arrays(rng.random((m, n)), rng.random((m, n)))
    assert len(nash_equilibria(game).equilibria) % 2 == 1
