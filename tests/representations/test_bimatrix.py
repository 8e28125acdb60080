"""Bimatrix: an immutable value, built by named constructors; bad input refused clearly."""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

from solver.representations.bimatrix import Bimatrix


def test_immutable_and_equal_by_value() -> None:
    A = [[1, 2], [3, 4]]
    g = Bimatrix.from_arrays(A, A)
    with pytest.raises(ValueError):
        g.A[0, 0] = 9
    assert g == Bimatrix.from_arrays(A, A) and hash(g) == hash(Bimatrix.from_arrays(A, A))
    assert g != Bimatrix.from_arrays(A, [[1, 2], [3, 5]])


def test_exact_and_transpose() -> None:
    g = Bimatrix.from_arrays([[0.1, 1]], [[2, 3]], exact=True)
    assert g.A[0, 0] == F(1, 10) and g.is_exact
    t = g.transpose()
    assert t.shape == (2, 1) and t.A[1, 0] == 3 and t.players == ("Column", "Row")
    assert g.to_float().to_exact() == g


@pytest.mark.parametrize(
    "A, B, match",
    [
        pytest.param([[1, 2], [3]], [[1, 2], [3, 4]], r"from_arrays\(\): A is ragged", id="ragged"),
        pytest.param([[1, 2]], [[1], [2]], r"A has shape \(1, 2\) but B has shape \(2, 1\)",
                     id="mismatch"),
        pytest.param([[1, float("nan")]], [[1, 2]], r"A entry must be a finite number, got nan",
                     id="nan"),
        pytest.param([[1, 2]], [[1, float("inf")]], r"B entry must be a finite number, got inf",
                     id="inf"),
        pytest.param([], [], r"A has an empty strategy set", id="empty"),
        pytest.param([[]], [[]], r"A has an empty strategy set", id="empty-row"),
        pytest.param([["a", 1]], [[1, 2]], r"A entry must be a finite number, got 'a'",
                     id="non-numeric"),
        pytest.param(5, [[1]], r"A must be a 2-D array of numbers, got 5", id="scalar"),
    ],
)
def test_bad_arrays(A: object, B: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        Bimatrix.from_arrays(A, B)


def test_nfg_round_trip(tmp_path: Path) -> None:
    g = Bimatrix.from_arrays(
        [[3, 0], [0, F(5, 2)]], [[2, 0], [0, 3]], exact=True, players=("Wife", "Husband"),
        row_labels=["Opera", "Fight"], col_labels=["Opera", "Fight"],
    )
    text = g.to_nfg(title="Battle")
    assert text.startswith('NFG 1 R "Battle" { "Wife" "Husband" }')
    assert Bimatrix.from_nfg(text) == g
    path = tmp_path / "bos.nfg"
    path.write_text(text)
    assert Bimatrix.from_nfg(path) == g
    assert Bimatrix.from_nfg(str(path)) == g
    f = Bimatrix.from_nfg(path, exact=False)
    assert not f.is_exact and f.A[1, 1] == 2.5


def test_nfg_float_game_round_trip() -> None:
    rng = np.random.default_rng(0)
    g = Bimatrix.from_arrays(rng.random((3, 4)), rng.random((3, 4)))
    assert Bimatrix.from_nfg(g.to_nfg(), exact=False) == g


def test_nfg_agrees_with_pygambit() -> None:
    gbt = pytest.importorskip("pygambit")
    G = gbt.Game.from_arrays([[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]], title="t")
    g = Bimatrix.from_nfg(G.to_nfg())
    assert g.A.tolist() == [[1, 2, 3], [4, 5, 6]] and g.B[1, 2] == 12


@pytest.mark.parametrize(
    "source, match",
    [
        pytest.param('NFG 1 R "" { "A" "B" } { 2 2 } 1 2',
                     r"from_nfg\(\): parse_nfg\(\): text has 2 payoffs", id="malformed"),
        pytest.param('NFG 1 R "" { "A" "B" "C" } { 1 1 1 } 1 2 3', r"from_nfg\(\).*3 players",
                     id="three-players"),
        pytest.param("/no/such/file.nfg", r"from_nfg\(\).*'/no/such/file.nfg'", id="missing"),
        pytest.param(42, r"from_nfg\(\): source must be .nfg text or a path, got 42", id="type"),
    ],
)
def test_nfg_bad_input(source: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        Bimatrix.from_nfg(source)  # type: ignore[arg-type]
