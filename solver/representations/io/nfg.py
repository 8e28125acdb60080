"""Gambit's ``.nfg`` strategic-form file format: parse to plain data, and write.

The parser is a tokenizer plus a recursive reader of the grammar (no ``eval``); numbers
are read as :class:`fractions.Fraction` (integers, decimals, exponents and ``p/q``
rationals). Both payoff layouts are read: the *payoff* version (a flat list, one number
per player per contingency, first player's strategy varying fastest) and the *outcome*
version (a list of outcomes, then one outcome number per contingency, 0 meaning zero
payoffs). The strategy list may be counts ``{ 3 2 }`` or names ``{ { "a" "b" } ... }``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from solver._core.errors import InputError
from solver.representations.io.gambit_lexer import MAX_ABS, check_number_text

__all__ = ["MAX_CONTINGENCIES", "NfgData", "parse_nfg", "write_nfg"]

#: Most contingencies (product of the strategy counts) an ``.nfg`` header may state. The
#: header is checked against it, and against the numbers the text actually holds, before
#: any strategy list or payoff table is built.
MAX_CONTINGENCIES = 10_000_000

_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<brace>[{}])|(?P<comma>,)'
    r"|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:/\d+)?)|(?P<word>[A-Za-z]+)"
    r"|(?P<bad>\S))"
)


@dataclass(frozen=True)
class NfgData:
    """What an ``.nfg`` file says, as plain data.

    ``payoffs[k][i]`` is a tuple of each player's payoff at contingency ``k`` (first
    player's strategy fastest); strategies are names per player.

    Parameters
    ----------
    title : str
        The game's title.
    players : tuple of str
        The players' names.
    strategies : tuple of tuple of str
        Each player's strategy names (``'1'``, ``'2'``, ... when the file gives counts).
    payoffs : tuple of tuple of Fraction
        One tuple of the players' payoffs per contingency, the first player's strategy
        varying fastest.
    comment : str, optional
        The file's comment.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> d = NfgData("", ("A", "B"), (("x",), ("l", "r")), ((F(1), F(2)), (F(3), F(4))))
    >>> print(write_nfg(d), end="")
    NFG 1 R "" { "A" "B" }
    { { "x" } { "l" "r" } }
    ""
    <BLANKLINE>
    1 2
    3 4
    """

    title: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    payoffs: tuple[tuple[Fraction, ...], ...]
    comment: str = ""


def _tokens(text: str) -> list[tuple[str, str]]:
    out = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:  # pragma: no cover - the 'bad' alternative matches any character
            break
        pos = m.end()
        kind = m.lastgroup
        assert kind is not None
        val = m.group(kind)
        if kind == "bad":
            raise InputError(f"parse_nfg(): text has an unexpected character {val!r} "
                             f"at offset {m.start(kind)}")
        if kind == "str":
            # Gambit's convention: \" is a quote; a backslash is otherwise literal (\\ is
            # read as one backslash, which is how the writer protects a trailing one).
            val = re.sub(r'\\(["\\])', r"\1", val[1:-1])
        out.append((kind, val))
    return out


class _Reader:
    def __init__(self, toks: list[tuple[str, str]]) -> None:
        self.toks = toks
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, kind: str, what: str) -> str:
        tok = self.peek()
        if tok is None or tok[0] != kind:
            got = "end of text" if tok is None else repr(tok[1])
            raise InputError(f"parse_nfg(): text is malformed: expected {what}, got {got} "
                             f"(token {self.i})")
        self.i += 1
        return tok[1]

    def at(self, kind: str, val: str | None = None) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] == kind and (val is None or tok[1] == val)

    def strings(self, what: str) -> list[str]:
        self.take("brace", "'{' opening " + what)
        out = []
        while self.at("str"):
            out.append(self.take("str", what))
        self.take("brace", "'}' closing " + what)
        return out

    def number(self, what: str) -> Fraction:
        tok = self.take("num", what)
        why = check_number_text(tok)
        if why is not None:
            raise InputError(f"parse_nfg(): text has {what} {tok[:40]!r} with {why} "
                             f"(token {self.i - 1})")
        try:
            value = Fraction(tok)
        except ZeroDivisionError:
            raise InputError(f"parse_nfg(): text has {what} {tok!r} with a zero "
                             f"denominator (token {self.i - 1})") from None
        except ValueError:
            raise InputError(f"parse_nfg(): text has {what} {tok!r}, which is not a number "
                             f"(token {self.i - 1})") from None
        if abs(value) > MAX_ABS:
            raise InputError(f"parse_nfg(): text has {what} {tok[:40]!r} beyond {MAX_ABS:g} "
                             f"in magnitude (token {self.i - 1})")
        return value


def parse_nfg(text: str) -> NfgData:
    """Parse the text of a Gambit ``.nfg`` file.

    Both the payoff version and the outcome version (outcomes numbered from 1, 0 for an
    all-zero outcome) are read; numbers are kept exact.

    Parameters
    ----------
    text : str
        The file's text (version 1, number type ``R`` or ``D``).

    Returns
    -------
    NfgData
        What the file says.

    Raises
    ------
    InputError
        When the text is malformed, inconsistent or states a game too large to build.

    Examples
    --------
    >>> d = parse_nfg('NFG 1 R "PD" { "1" "2" } { 2 2 } 3 3 5 0 0 5 1 1')
    >>> d.players, d.strategies, d.payoffs[1]
    (('1', '2'), (('1', '2'), ('1', '2')), (Fraction(5, 1), Fraction(0, 1)))
    """
    if not isinstance(text, str):
        raise InputError(f"parse_nfg(): text must be a str, got {type(text).__name__}")
    r = _Reader(_tokens(text))
    if r.take("word", "'NFG'") != "NFG":
        raise InputError("parse_nfg(): text is malformed: it must start with 'NFG'")
    version = r.take("num", "version 1")
    if version != "1":
        raise InputError(f"parse_nfg(): text has unsupported version {version!r}")
    kind = r.take("word", "'R' or 'D'")
    if kind not in ("R", "D"):
        raise InputError(f"parse_nfg(): text has number type {kind!r}, expected 'R' or 'D'")
    title = r.take("str", "the title")
    players = tuple(r.strings("the player list"))
    if not players:
        raise InputError("parse_nfg(): text has an empty player list")
    r.take("brace", "'{' opening the strategy list")
    strategies: list[tuple[str, ...]] = []
    if r.at("brace", "{"):
        while r.at("brace", "{"):
            strategies.append(tuple(r.strings("a strategy list")))
    else:
        counts: list[int] = []
        while r.at("num"):
            count = r.number("a strategy count")
            if count.denominator != 1 or count < 1:
                raise InputError(f"parse_nfg(): text has strategy count {count}")
            counts.append(int(count))
        _check_size(counts, len(r.toks))
        strategies = [tuple(str(s + 1) for s in range(c)) for c in counts]
    r.take("brace", "'}' closing the strategy list")
    if len(strategies) != len(players):
        raise InputError(f"parse_nfg(): text has {len(players)} players but "
                         f"{len(strategies)} strategy lists")
    if any(not s for s in strategies):
        raise InputError("parse_nfg(): text has a player with an empty strategy set")
    _check_size([len(s) for s in strategies], len(r.toks))
    comment = r.take("str", "the comment") if r.at("str") else ""
    cells = 1
    for s in strategies:
        cells *= len(s)
    k = len(players)
    payoffs: list[tuple[Fraction, ...]]
    if r.at("brace", "{"):
        r.take("brace", "'{' opening the outcome list")
        outcomes: list[tuple[Fraction, ...]] = []
        while r.at("brace", "{"):
            r.take("brace", "'{' opening an outcome")
            r.take("str", "an outcome name")
            vals = []
            while r.at("num"):
                vals.append(r.number("a payoff"))
                if r.at("comma"):
                    r.take("comma", "','")
            r.take("brace", "'}' closing an outcome")
            if len(vals) != k:
                raise InputError(f"parse_nfg(): text has an outcome with {len(vals)} "
                                 f"payoffs for {k} players")
            outcomes.append(tuple(vals))
        r.take("brace", "'}' closing the outcome list")
        payoffs = []
        for _ in range(cells):
            o = r.number("an outcome number")
            if o.denominator != 1 or not 0 <= o <= len(outcomes):
                raise InputError(f"parse_nfg(): text refers to outcome {o}, "
                                 f"but {len(outcomes)} are defined")
            payoffs.append(outcomes[int(o) - 1] if o else tuple(Fraction(0) for _ in range(k)))
    else:
        flat = []
        while r.at("num"):
            flat.append(r.number("a payoff"))
        if len(flat) != cells * k:
            raise InputError(f"parse_nfg(): text has {len(flat)} payoffs, expected "
                             f"{cells * k} ({cells} contingencies x {k} players)")
        payoffs = [tuple(flat[c * k:(c + 1) * k]) for c in range(cells)]
    if r.peek() is not None:
        raise InputError(f"parse_nfg(): text has trailing content {r.peek()[1]!r}")  # type: ignore[index]
    return NfgData(title, players, tuple(strategies), tuple(payoffs), comment)


def _check_size(counts: list[int], tokens: int) -> None:
    """The stated game size against :data:`MAX_CONTINGENCIES` and against the text: every
    contingency needs at least one number, so a header that states more contingencies than
    the text has tokens is refused before anything of that size is built."""
    cells = 1
    for c in counts:
        cells *= c
        if cells > MAX_CONTINGENCIES or cells > tokens:
            shape = " x ".join(map(str, counts))
            raise InputError(f"parse_nfg(): text states a game of {shape} strategies, more "
                             f"contingencies than its {tokens} tokens or the limit of "
                             f"{MAX_CONTINGENCIES:,} allow")


def _quote(s: str) -> str:
    """Quote as Gambit reads it: ``"`` becomes ``\\"``; a backslash stays literal unless
    it comes before a quote, another backslash or the end, where it is doubled."""
    return '"' + re.sub(r'\\(?=["\\]|$)', r"\\\\", s).replace('"', '\\"') + '"'


def _num(v: Any) -> str:
    """A payoff in plain decimal or p/q notation (Gambit reads no exponent like 1e+16)."""
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    f = float(v)
    return str(int(f)) if f.is_integer() else format(Decimal(repr(f)), "f")


def write_nfg(data: NfgData) -> str:
    """Write ``.nfg`` text (payoff version, strategy names kept).

    Parameters
    ----------
    data : NfgData
        The game.

    Returns
    -------
    str
        The file's text: payoffs in plain decimal or ``p/q`` notation, one contingency per
        line, ending in a newline.

    Examples
    --------
    >>> d = parse_nfg('NFG 1 R "" { "A" "B" } { 1 2 } 1 2 3 4')
    >>> parse_nfg(write_nfg(d)) == d
    True
    """
    head = f"NFG 1 R {_quote(data.title)} {{ " + " ".join(map(_quote, data.players)) + " }\n"
    strat = "{ " + " ".join(
        "{ " + " ".join(map(_quote, s)) + " }" for s in data.strategies
    ) + " }\n"
    body = "\n".join(" ".join(_num(v) for v in cell) for cell in data.payoffs)
    return head + strat + _quote(data.comment) + "\n\n" + body + "\n"
