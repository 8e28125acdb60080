"""Hypothesis fuzzers for the three readers (issue 16): scenario TOML, Gambit ``.nfg`` and
``.efg``. Whatever the text, a reader returns a value or raises its ``ValueError`` subclass
with one line that names the reader or the file; never another exception, never a hang.
Bounded (a few hundred examples each, small texts) so that the directory runs in seconds;
``benchmarks/fuzz_campaign.py`` is the long campaign."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import games
from solver.model.scenario import ScenarioFileError, load_scenario
from solver.representations.io.efg import EfgParseError, from_efg, to_efg
from solver.representations.io.nfg import NfgData, parse_nfg, write_nfg
from solver.representations.tree import Chance, Decision, GameTree, Outcome

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def _one_clean_line(exc: BaseException, names: str) -> None:
    msg = str(exc)
    assert isinstance(exc, ValueError), f"{type(exc).__name__}: {msg}"
    assert "\n" not in msg and msg, msg
    assert re.search(names, msg), msg


# -- scenario TOML ---------------------------------------------------------------------------

def _cut(text: str) -> str:
    head, *sectors = re.split(r"(?m)^(?=\[\[sectors\]\])", text)
    head = re.sub(r"(?ms)^\[agenda\.floors\.(?!autos\]).*?(?=^\[)", "", head)
    return head + sectors[0]


ONE_SECTOR = _cut(games.default_path().read_text(encoding="utf-8"))
VALUE_LINES = [i for i, ln in enumerate(ONE_SECTOR.splitlines()) if ln.startswith("value = ")]
TOKENS = st.sampled_from(["nan", "inf", "-inf", "0", "-1", "1e308", "5e-324", "1e999",
                          "9" * 400, '"x"', "true", "[]", "{}", "[[", "]]", '"', "=", "1979-05-27",
                          "{ a = 1 }", "0x10", "1_000", "\\u0000"])


def test_the_one_sector_file_is_valid(tmp_path: Path) -> None:
    p = tmp_path / "s.toml"
    p.write_text(ONE_SECTOR, encoding="utf-8")
    assert [s.name for s in load_scenario(p).sectors] == ["autos"]


def _check_toml(tmp_path: Path, data: bytes) -> None:
    p = tmp_path / "case.toml"
    p.write_bytes(data)
    try:
        load_scenario(p)
    except ScenarioFileError as exc:
        _one_clean_line(exc, re.escape(str(p)))


@FAST
@given(line=st.sampled_from(VALUE_LINES), token=TOKENS)
def test_toml_value_fuzz(tmp_path: Path, line: int, token: str) -> None:
    lines = ONE_SECTOR.splitlines()
    lines[line] = f"value = {token}"
    _check_toml(tmp_path, ("\n".join(lines) + "\n").encode("utf-8"))


@FAST
@given(at=st.integers(0, len(ONE_SECTOR)), junk=st.binary(min_size=1, max_size=12))
def test_toml_bytes_fuzz(tmp_path: Path, at: int, junk: bytes) -> None:
    data = ONE_SECTOR.encode("utf-8")
    _check_toml(tmp_path, data[:at] + junk + data[at:])


@FAST
@given(cut=st.integers(0, len(ONE_SECTOR)))
def test_toml_truncation_fuzz(tmp_path: Path, cut: int) -> None:
    _check_toml(tmp_path, ONE_SECTOR.encode("utf-8")[:cut])


# -- .nfg ------------------------------------------------------------------------------------

@st.composite
def nfg_games(draw: st.DrawFn) -> NfgData:
    k = draw(st.integers(1, 3))
    counts = [draw(st.integers(1, 3)) for _ in range(k)]
    cells = 1
    for c in counts:
        cells *= c
    value = st.fractions(min_value=-100, max_value=100, max_denominator=12)
    return NfgData(draw(st.text(max_size=5)), tuple(f"P{i}" for i in range(k)),
                   tuple(tuple(f"s{j}" for j in range(c)) for c in counts),
                   tuple(tuple(draw(value) for _ in range(k)) for _ in range(cells)))


NFG_HOSTILE = st.sampled_from(["1/0", "1e999999999", "9" * 5000, "1e400", "{", "}", '"',
                               "NFG", "1.5/2", "100000000000", "-", "\x00", "é"])


@FAST
@given(game=nfg_games())
def test_nfg_round_trip(game: NfgData) -> None:
    assert parse_nfg(write_nfg(game)) == game


@FAST
@given(game=nfg_games(), data=st.data())
def test_nfg_token_fuzz(game: NfgData, data: st.DataObject) -> None:
    toks = re.findall(r'"(?:[^"\\]|\\.)*"|\S+', write_nfg(game))
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.integers(0, len(toks) - 1))
        toks[i] = data.draw(NFG_HOSTILE | st.text(max_size=4))
    try:
        parse_nfg(" ".join(toks))
    except ValueError as exc:
        _one_clean_line(exc, r"parse_nfg\(\)")


@FAST
@given(text=st.text(max_size=80))
def test_nfg_after_a_header_fuzz(text: str) -> None:
    try:
        parse_nfg('NFG 1 R "" { "1" "2" } ' + text)
    except ValueError as exc:
        _one_clean_line(exc, r"parse_nfg\(\)")


# -- .efg ------------------------------------------------------------------------------------

def _trees(depth: int) -> st.SearchStrategy[object]:
    leaf = st.builds(lambda a, b: Outcome((Fraction(a), Fraction(b))),
                     st.integers(-9, 9), st.integers(-9, 9))
    if depth == 0:
        return leaf
    sub = _trees(depth - 1)

    def decision(player: str, kids: list[object]) -> object:
        return Decision(player, [(f"a{i}", k) for i, k in enumerate(kids)])

    def chance(kids: list[object]) -> object:
        return Chance([(f"c{i}", (k, Fraction(1, len(kids)))) for i, k in enumerate(kids)])

    kids = st.lists(sub, min_size=1, max_size=3)
    return leaf | st.builds(decision, st.sampled_from(["A", "B"]), kids) | st.builds(chance, kids)


EFG_HOSTILE = st.sampled_from(["1/0", "1e999", "9" * 5000, "{", "}", '"', "p", "c", "t", "0",
                               "-1", "99999999999999999999", "EFG", "\x00", '""'])


@FAST
@given(root=_trees(3))
def test_efg_round_trip(root: object) -> None:
    tree = GameTree(root, players=("A", "B"))  # type: ignore[arg-type]
    assert from_efg(to_efg(tree)) == tree


@FAST
@given(root=_trees(3), data=st.data())
def test_efg_token_fuzz(root: object, data: st.DataObject) -> None:
    text = to_efg(GameTree(root, players=("A", "B")))  # type: ignore[arg-type]
    toks = re.findall(r'"(?:[^"\\]|\\.)*"|\S+', text)
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.integers(0, len(toks) - 1))
        if data.draw(st.booleans()):
            toks[i] = data.draw(EFG_HOSTILE | st.text(max_size=4))
        else:
            del toks[i]
            if not toks:
                toks = ["EFG"]
    try:
        from_efg(" ".join(toks))
    except EfgParseError as exc:
        _one_clean_line(exc, r"from_efg\(\)")


@pytest.mark.parametrize("depth", [3_000, 20_000])
def test_efg_depth_is_a_clean_error(depth: int) -> None:
    text = ('EFG 2 R "" { "A" }\n' + 'p "" 1 1 "" { "l" "r" } 0\n' * depth
            + 't "" 1 "" { 1 }\n' + 't "" 0\n' * (depth + 1))
    with pytest.raises(EfgParseError, match="nested too deeply"):
        from_efg(text)
