"""The lexer shared by Gambit's text formats, following Gambit's ``src/games/file.cc``.

Tokens are data: quoted text, numbers, braces and bare symbols. Nothing is evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

__all__ = ["GambitSyntaxError", "Tok", "tokenize", "number_value", "normalise_labels"]


class GambitSyntaxError(ValueError):
    """Raised with a message naming the caller and the line."""


def normalise_labels(labels: Sequence[str]) -> list[str]:
    """Gambit's rule for distinct, non-empty labels: repeats and empties get ``_n`` suffixes.

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
    kind: str  # 'text', 'number', 'symbol', '{', '}'
    value: str
    line: int


def tokenize(text: str) -> list[Tok]:
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
    t = tok.value
    if "/" in t:
        num, den = t.split("/")
        if int(den) == 0:
            raise GambitSyntaxError(f"line {tok.line}: {t!r} divides by zero")
        f = Fraction(int(num), int(den))
        return f.numerator if f.denominator == 1 else f
    return float(t) if any(c in t for c in ".eE") else int(t)


