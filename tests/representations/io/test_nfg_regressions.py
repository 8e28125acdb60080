"""Regression tests for the .nfg items of issue 12, each built from the file or call that failed."""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

from solver.algorithms.nash import nash_equilibria
from solver.representations.bimatrix import Bimatrix
from solver.representations.io.nfg import parse_nfg

# The Schotter-Weigelt-Wilson figure-1 game as Gambit's contrib/games/sww1.nfg lays it out
# (outcome version, decimals written 4.000000), in the variant issue 12 met: both players
# named "". Gambit reads it; we used to reject it ("players must be two distinct names").
SWW1 = """NFG 1 R "Schotter-Weigelt-Wilson Fig 1 game in normal form" { "" "" }

{ { "1" "2" }
{ "1" "2" }
}
""

{
{ "Outcome 1" 4.000000, 3.000000 }
{ "Outcome 2" 0.000000, 0.000000 }
{ "Outcome 3" 4.000000, 3.000000 }
{ "Outcome 4" 6.000000, 2.000000 }
}
1 2 3 4
"""


def test_players_both_named_empty() -> None:
    g = Bimatrix.from_nfg(SWW1)
    assert g.players == ("", "")
    assert g.A.tolist() == [[4, 4], [0, 6]] and g.B.tolist() == [[3, 3], [0, 2]]
    assert Bimatrix.from_nfg(g.to_nfg(title="sww1")) == g
    res = nash_equilibria(g)
    assert len(res) >= 1
    assert list(res.to_frame().columns[:2]) == [" (row)", " (column)"]


def test_duplicate_strategy_labels() -> None:
    text = 'NFG 1 R "" { "P1" "P2" } { { "a" "a" } { "b" "b" } } "" 1 1 0 0 0 0 1 1'
    g = Bimatrix.from_nfg(text)
    assert g.row_labels == ("a", "a") and g.col_labels == ("b", "b")
    assert Bimatrix.from_nfg(g.to_nfg()) == g


def test_zero_denominator_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"parse_nfg\(\): text has a payoff '1/0' with a zero"):
        parse_nfg('NFG 1 R "" { "A" "B" } { 1 1 } 1/0 2')


def test_file_name_is_not_read_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A file whose name starts with "NFG" used to be parsed as game text.
    g = Bimatrix.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]], exact=True)
    monkeypatch.chdir(tmp_path)
    Path("NFG game.nfg").write_text(g.to_nfg())
    assert Bimatrix.from_nfg("NFG game.nfg") == g
    with pytest.raises(ValueError, match=r"from_nfg\(\): source is neither .nfg text nor a "
                                         r"readable file: 'game.nfg'"):
        Bimatrix.from_nfg("game.nfg")


@pytest.mark.parametrize("value, text", [(1e16, "10000000000000000"), (-2.5e-7, "-0.00000025"),
                                         (1.5, "1.5"), (3.0, "3")])
def test_floats_are_written_without_exponents(value: float, text: str) -> None:
    # Gambit cannot read 1e+16; every number is written in plain decimal.
    g = Bimatrix.from_arrays([[value]], [[0.0]])
    body = g.to_nfg().strip().splitlines()[-1]
    assert body.split()[0] == text
    assert Bimatrix.from_nfg(g.to_nfg(), exact=False) == g


@pytest.mark.parametrize("label", ["a\\b", "a\\\\b", "ends\\", 'q"r', 'x\\"y', "\\"])
def test_backslashes_survive_a_round_trip(label: str) -> None:
    g = Bimatrix.from_arrays([[1, 2]], [[3, 4]], row_labels=[label], exact=True)
    assert Bimatrix.from_nfg(g.to_nfg()).row_labels == (label,)


def test_backslash_as_gambit_writes_it() -> None:
    # Gambit reads "a\b" as a, backslash, b (only \" is an escape); so must we.
    g = Bimatrix.from_nfg('NFG 1 R "" { "P" "Q" } { { "a\\b" } { "c" } } "" 1 2')
    assert g.row_labels == ("a\\b",)
    assert '"a\\b"' in g.to_nfg()


def test_exact_integers_beyond_float_range() -> None:
    # from_arrays(..., exact=True) used to overflow converting 10**400 to float.
    big = 10**400
    g = Bimatrix.from_arrays([[big, 0], [0, 1]], [[1, 0], [0, big]], exact=True)
    assert g.A[0, 0] == F(big)
    res = nash_equilibria(g)
    assert res.exact and len(res) == 3 and all(e.regret == 0 for e in res)
    assert np.array_equal(res[0].row, [F(1), F(0)])
