"""Cross-check against Gambit's enummixed_solve (rational), the field's reference.

pygambit is a test-only dependency. Seeded random games: integer payoffs (many ties),
0/1 payoffs (heavily degenerate), and float payoffs with three decimals; sizes up to 5x5.
Both the exact and the float engine must list Gambit's set exactly.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from solver.algorithms.nash import nash_equilibria
from solver.representations.bimatrix import Bimatrix

gbt = pytest.importorskip("pygambit")


def gambit_set(game: Bimatrix) -> set[tuple[tuple[F, ...], tuple[F, ...]]]:
    G = gbt.Game.from_arrays(*[[[F(v) for v in r] for r in M] for M in (game.A, game.B)])
    res = gbt.nash.enummixed_solve(G, rational=True)
    p1, p2 = G.players
    return {
        (tuple(F(eq[s]) for s in p1.strategies), tuple(F(eq[s]) for s in p2.strategies))
        for eq in res.equilibria
    }


def random_game(kind: str, seed: int) -> Bimatrix:
    rng = np.random.default_rng(seed)
    m, n = (int(v) for v in rng.integers(1, 6, 2))
    if kind == "integer":
        A, B = rng.integers(-3, 4, (2, m, n))
    elif kind == "degenerate":
        A, B = rng.integers(0, 2, (2, m, n))
    else:
        A, B = np.round(rng.random((2, m, n)), 3)
    return Bimatrix.from_arrays(A, B, exact=True)


@pytest.mark.parametrize("kind", ["integer", "degenerate", "float"])
@pytest.mark.parametrize("seed", range(12))
def test_same_set_as_gambit(kind: str, seed: int) -> None:
    game = random_game(kind, seed)
    expected = gambit_set(game)
    ours = nash_equilibria(game)
    assert ours.method == "exact"
    assert {(tuple(e.row), tuple(e.col)) for e in ours.equilibria} == expected
    floats = nash_equilibria(game.to_float())
    assert len(floats.equilibria) == len(expected)
    for e in floats.equilibria:
        assert any(
            np.allclose(e.row, np.array(x, float), atol=1e-8)
            and np.allclose(e.col, np.array(y, float), atol=1e-8)
            for x, y in expected
        )


@pytest.mark.parametrize("n", [6, 8])
def test_same_set_as_gambit_larger(n: int) -> None:
    rng = np.random.default_rng(n)
    game = Bimatrix.from_arrays(*rng.integers(0, 10, (2, n, n)), exact=True)
    assert {(tuple(e.row), tuple(e.col)) for e in nash_equilibria(game).equilibria} == (
        gambit_set(game)
    )
