"""Gambit .nfg parsing and writing (format: Gambit manual, 'Strategic form (.nfg) files')."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from solver.representations.io.nfg import NfgData, parse_nfg, write_nfg

# The prisoner's dilemma in the outcome version, as Gambit writes it.
OUTCOME = """NFG 1 R "Two person Prisoner's Dilemma" { "Player 1" "Player 2" }

{ { "1" "2" }
{ "1" "2" }
}
""

{
{ "" 9, 9 }
{ "" 0, 10 }
{ "" 10, 0 }
{ "" 1, 1 }
}
1 2 3 4
"""


def test_outcome_version() -> None:
    d = parse_nfg(OUTCOME)
    assert d.title == "Two person Prisoner's Dilemma"
    assert d.players == ("Player 1", "Player 2")
    # contingencies with the first player's strategy fastest: (1,1), (2,1), (1,2), (2,2)
    assert d.payoffs == ((9, 9), (0, 10), (10, 0), (1, 1))


def test_payoff_version_with_counts_and_rationals() -> None:
    d = parse_nfg('NFG 1 D "x" { "A" "B" } { 2 1 } "c" 1/2 -3 2.5e1 .5')
    assert d.strategies == (("1", "2"), ("1",)) and d.comment == "c"
    assert d.payoffs == ((F(1, 2), F(-3)), (F(25), F(1, 2)))


def test_zero_outcome_means_zero_payoffs() -> None:
    d = parse_nfg('NFG 1 R "" { "A" "B" } { 2 1 } { { "o" 1, 2 } } 0 1')
    assert d.payoffs == ((0, 0), (1, 2))


def test_escaped_quotes_round_trip() -> None:
    d = NfgData('say "hi"', ("a\\b", "c"), (("x",), ("y", "z")), ((F(1), F(-2)), (F(3, 4), F(0))))
    assert parse_nfg(write_nfg(d)) == d


@pytest.mark.parametrize(
    "text, match",
    [
        pytest.param("EFG 2 R", r"parse_nfg\(\).*'NFG'", id="not-nfg"),
        pytest.param('NFG 2 R "" { "A" }', r"parse_nfg\(\).*version '2'", id="version"),
        pytest.param('NFG 1 R "" { "A" "B" } { 2 2 } 1 2 3', r"3 payoffs, expected 8", id="short"),
        pytest.param('NFG 1 R "" { "A" "B" } { 2 } 1 2', r"2 players but 1", id="strategies"),
        pytest.param('NFG 1 R "" { "A" "B" } { 1 1 } 1 2 x', r"trailing content 'x'",
                     id="junk"),
        pytest.param('NFG 1 R "" { "A" "B" } { 1 1 } { { "" 1 } } 1', r"1 payoffs for 2",
                     id="outcome-size"),
        pytest.param('NFG 1 R "" { "A" "B" } { 1 1 } { { "" 1, 2 } } 5', r"outcome 5",
                     id="outcome-index"),
        pytest.param('NFG 1 R "" { "A" "B" } { 1 1 } 1 2 3', r"3 payoffs, expected 2", id="extra"),
        pytest.param('NFG 1 R "" { "A" "B" } { 1 1 } 1 2 ;', r"unexpected character ';'",
                     id="bad-char"),
        pytest.param('NFG 1 R "" { "A" "B" } { 1 0 } ', r"strategy count 0", id="empty"),
        pytest.param('NFG 1 R "unterminated { "A" "B" }', r"parse_nfg\(\)", id="quote"),
        pytest.param("__import__('os')", r"parse_nfg\(\)", id="no-eval"),
    ],
)
def test_malformed(text: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        parse_nfg(text)


def test_pygambit_reads_what_we_write() -> None:
    gbt = pytest.importorskip("pygambit")
    import io

    d = parse_nfg(OUTCOME)
    g = gbt.read_nfg(io.StringIO(write_nfg(d)))
    assert [p.label for p in g.players] == ["Player 1", "Player 2"]
    A = g.to_arrays()[0]
    assert (A[0, 1], A[1, 0]) == (10, 0)
