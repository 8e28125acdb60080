"""The lexer shared by Gambit's text formats, following Gambit's ``src/games/file.cc``.

Tokens are data: quoted text, numbers, braces and bare symbols. Nothing is evaluated.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from solver._core.errors import InputError

__all__ = ["GambitSyntaxError", "MAX_ABS", "MAX_FILE_BYTES", "MAX_NUMBER_CHARS", "Tok",
           "check_number_text", "normalise_labels", "number_value", "read_game_file",
           "tokenize"]

#: Largest Gambit file read from disk (bytes).
MAX_FILE_BYTES = 50_000_000
#: Longest number accepted, in characters (a longer one is not a payoff, it is an attack on
#: ``int()``: Python refuses more than 4,300 digits, and an exponent of a million digits
#: would take ``Fraction`` forever).
MAX_NUMBER_CHARS = 400
#: Largest magnitude of a number (payoff, probability) accepted: every payoff must also be
#: representable as a float, with room to add a few of them.
MAX_ABS = 1e300


def check_number_text(t: str) -> str | None:
    """Why the number text ``t`` is refused (too long, or an exponent out of range), or
    ``None``. Checked before the text is converted, so no conversion can hang or overflow.

    Parameters
    ----------
    t : str
        A number's text, as the lexer read it.

    Returns
    -------
    str or None
        The reason it is refused (for an error message), or None when it may be converted.

    Examples
    --------
    >>> check_number_text("1e5") is None
    True
    >>> check_number_text("1e999999999")
    'an exponent beyond 400'
    """
    if len(t) > MAX_NUMBER_CHARS:
        return f"more than {MAX_NUMBER_CHARS} characters"
    m = re.search(r"[eE]([+-]?\d+)$", t)
    if m is not None and abs(int(m.group(1))) > MAX_NUMBER_CHARS:
        return f"an exponent beyond {MAX_NUMBER_CHARS}"
    return None


def read_game_file(path: str | os.PathLike[str], who: str) -> str:
    """The text of a game file: a regular file (a FIFO or device would block) of at most
    :data:`MAX_FILE_BYTES`, decoded as UTF-8. Errors are ``InputError`` (a ``ValueError``)
    naming ``who``, the file and, for bad bytes, the byte offset.

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    who : str
        The public function named in error messages.

    Returns
    -------
    str
        The file's text.

    Raises
    ------
    InputError
        When the file is missing, not a regular file, unreadable, too large or not UTF-8.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = os.path.join(d, "g.nfg")
    ...     with open(path, "w", encoding="utf-8") as fh:
    ...         _ = fh.write('NFG 1 R "g"')
    ...     read_game_file(path, "read_nfg()")
    'NFG 1 R "g"'
    >>> read_game_file("/no/such/dir/g.nfg", "read_nfg()")
    Traceback (most recent call last):
    ...
    solver.errors.InputError: read_nfg(): '/no/such/dir/g.nfg': cannot read (no such file)
    """
    p = os.fspath(path)
    try:
        if not os.path.isfile(p):
            why = ("no such file" if not os.path.exists(p)
                   else "not a regular file")
            raise InputError(f"{who}: {p!r}: cannot read ({why})")
        if os.path.getsize(p) > MAX_FILE_BYTES:
            raise InputError(f"{who}: {p!r}: larger than {MAX_FILE_BYTES} bytes")
        with open(p, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise InputError(f"{who}: {p!r}: cannot read ({err.strerror})") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{who}: {p!r}: larger than {MAX_FILE_BYTES} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"{who}: {p!r}: not UTF-8 text (byte {err.start} is "
                         f"{data[err.start:err.start + 1]!r})") from None


class GambitSyntaxError(InputError):
    """Raised with a message naming the caller and the line."""


def normalise_labels(labels: Sequence[str]) -> list[str]:
    """Gambit's rule for distinct, non-empty labels: repeats and empties get ``_n`` suffixes.

    Parameters
    ----------
    labels : sequence of str
        The labels as read.

    Returns
    -------
    list of str
        The labels in order: a label used once and non-empty unchanged, each other one given
        the next suffix ``_1``, ``_2``, ... that is not already taken.

    Examples
    --------
    >>> normalise_labels(["x", "x", "x_1", ""])
    ['x_2', 'x_3', 'x_1', '_1']
    """
    counts: dict[str, int] = {}
    for s in labels:
        counts[s] = counts.get(s, 0) + 1
    used = set(labels)
    visited: dict[str, int] = {}
    out = []
    for s in labels:
        if counts[s] == 1 and s != "":
            out.append(s)
            continue
        while True:
            visited[s] = visited.get(s, 0) + 1
            candidate = f"{s}_{visited[s]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return out


_NUMBER = re.compile(r"[+-]?(\d+/\d+|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)")


@dataclass
class Tok:
    """One token of a Gambit file.

    Parameters
    ----------
    kind : str
        ``'text'`` (quoted), ``'number'``, ``'symbol'`` (bare word), ``'{'`` or ``'}'``.
    value : str
        The token's text (a quoted text without its quotes).
    line : int
        The line it starts on, from 1.

    Examples
    --------
    >>> Tok("number", "1/2", 3)
    Tok(kind='number', value='1/2', line=3)
    """

    kind: str  # 'text', 'number', 'symbol', '{', '}'
    value: str
    line: int


def tokenize(text: str) -> list[Tok]:
    """Split Gambit text into tokens; commas count as white space.

    Parameters
    ----------
    text : str
        A Gambit file's text.

    Returns
    -------
    list of Tok
        The tokens in order, each with the line it starts on.

    Raises
    ------
    GambitSyntaxError
        When a quoted text is not terminated.

    Examples
    --------
    >>> [(t.kind, t.value, t.line) for t in tokenize('{ "a b" 1/2 x }\\n-3.5')]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('{', '{', 1), ('text', 'a b', 1), ('number', '1/2', 1), ('symbol', 'x', 1),
     ('}', '}', 1), ('number', '-3.5', 2)]
    """
    out: list[Tok] = []
    i, line, n = 0, 1, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
            i += 1
        elif ch.isspace() or ch == ",":
            i += 1
        elif ch in "{}":
            out.append(Tok(ch, ch, line))
            i += 1
        elif ch == '"':
            start, buf, slash = line, [], False
            i += 1
            while True:
                if i >= n:
                    raise GambitSyntaxError(f"line {start}: unterminated string")
                c = text[i]
                i += 1
                if c == '"' and not slash:
                    break
                line += c == "\n"
                if slash:  # Gambit: \" is a quote; any other escaped character keeps the \.
                    buf.append('"' if c == '"' else "\\" + c)
                elif c != "\\":
                    buf.append(c)
                slash = c == "\\"
            out.append(Tok("text", "".join(buf), start))
        elif m := _NUMBER.match(text, i):
            out.append(Tok("number", m.group(), line))
            i = m.end()
        else:
            j = i
            while j < n and not text[j].isspace():
                j += 1
            out.append(Tok("symbol", text[i:j], line))
            i = j
    return out


def number_value(tok: Tok) -> Any:
    """The value of a number token: an int, a Fraction (``p/q``) or a float. Refused, with
    the line: text that is too long or has an exponent out of range, a zero denominator, and
    a magnitude beyond :data:`MAX_ABS` (including what a float would make infinite).

    Parameters
    ----------
    tok : Tok
        A token of kind ``'number'``.

    Returns
    -------
    int, Fraction or float
        An int for an integer (or a fraction that reduces to one), a Fraction for ``p/q``,
        a float for a decimal or exponent.

    Raises
    ------
    GambitSyntaxError
        For the refused numbers above.

    Examples
    --------
    >>> [number_value(Tok("number", t, 1)) for t in ("4/2", "1/3", "2.5", "-7")]
    [2, Fraction(1, 3), 2.5, -7]
    """
    t = tok.value
    why = check_number_text(t)
    if why is not None:
        raise GambitSyntaxError(f"line {tok.line}: the number {t[:40]!r} has {why}")
    value: Any
    if "/" in t:
        num, den = t.split("/")
        if int(den) == 0:
            raise GambitSyntaxError(f"line {tok.line}: {t!r} divides by zero")
        f = Fraction(int(num), int(den))
        value = f.numerator if f.denominator == 1 else f
    else:
        value = float(t) if any(c in t for c in ".eE") else int(t)
    if not abs(value) <= MAX_ABS:  # also catches inf and nan
        raise GambitSyntaxError(f"line {tok.line}: the number {t[:40]!r} is beyond "
                                f"{MAX_ABS:g} in magnitude")
    return value


