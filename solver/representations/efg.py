"""Gambit's ``.efg`` extensive-form file format: write a :class:`GameTree`, parse one back.

The parser reads data only (a tokenizer and a recursive reader; nothing is evaluated).
Numbers: ``3`` is an int, ``1/2`` a Fraction, ``2.5`` a float. Gambit's outcomes at
non-terminal nodes are added to every terminal below (Gambit sums payoffs along the path);
a terminal without an outcome pays 0. Information sets are written with their names, so
writing and parsing a tree gives the identical tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from numbers import Rational
from typing import Any

from solver.representations.tree import Chance, Decision, GameTree, Node, Outcome, Path

__all__ = ["to_efg", "from_efg", "EfgParseError"]


class EfgParseError(ValueError):
    """An ``.efg`` text that does not describe a game; the message gives the position."""


def to_efg(tree: GameTree, title: str = "") -> str:
    """The tree as the text of a Gambit ``.efg`` file.

    Examples
    --------
    >>> t = GameTree(Decision("US", {"NoDemand": Outcome((0, 0)),
    ...     "Demand": Decision("Japan", {"Comply": Outcome((3, -3)), "Refuse": Outcome((-1, 0))})}))
    >>> print(to_efg(t, "demand"))
    EFG 2 R "demand" { "US" "Japan" }
    ""
    <BLANKLINE>
    p "" 1 1 "" { "NoDemand" "Demand" } 0
    t "" 1 "NoDemand" { 0, 0 }
    p "" 2 1 "" { "Comply" "Refuse" } 0
    t "" 2 "Demand > Comply" { 3, -3 }
    t "" 3 "Demand > Refuse" { -1, 0 }
    <BLANKLINE>
    >>> from_efg(to_efg(t)) == t
    True
    """
    players = " ".join(_q(p) for p in tree.players)
    lines = [f"EFG 2 R {_q(title)} {{ {players} }}", '""', ""]
    numbers: dict[str, int] = {}
    counts = {p: 0 for p in tree.players}
    chance_sets = 0
    outcome = 0
    for path in tree.paths():
        node = tree.node(path)
        if isinstance(node, Outcome):
            outcome += 1
            name = " > ".join(path) or "root"
            pays = ", ".join(_num(v) for v in node.payoffs)
            lines.append(f't "" {outcome} {_q(name)} {{ {pays} }}')
        elif isinstance(node, Chance):
            chance_sets += 1
            acts = " ".join(f"{_q(a)} {_num(p)}" for a, _, p in node.branches)
            lines.append(f'c "" {chance_sets} "" {{ {acts} }} 0')
        else:
            h = tree.infoset(path)
            if h.name not in numbers:
                counts[h.player] += 1
                numbers[h.name] = counts[h.player]
            label = node.infoset or ""
            acts = " ".join(_q(a) for a in node.labels)
            lines.append(f'p "" {tree.players.index(node.player) + 1} {numbers[h.name]} '
                         f"{_q(label)} {{ {acts} }} 0")
    return "\n".join(lines) + "\n"


def from_efg(text: str) -> GameTree:
    """Parse the text of a Gambit ``.efg`` file (EFG version 2) into a :class:`GameTree`.

    An information set with a name keeps it; unnamed sets with several nodes are named
    ``'<player>:<number>'``.

    Examples
    --------
    >>> t = from_efg('''EFG 2 R "" { "A" "B" }
    ... c "" 1 "" { "h" 1/2 "t" 1/2 } 0
    ... t "" 1 "" { 1, -1 }
    ... p "" 1 1 "" { "x" "y" } 0
    ... t "" 2 "" { 0 2.5 }
    ... t "" 0''')
    >>> t.node(("t", "x")).payoffs, t.node(("t", "y")).payoffs
    ((0, 2.5), (0, 0))
    >>> from_efg("EFG 2 R")
    Traceback (most recent call last):
    ...
    solver.representations.efg.EfgParseError: from_efg(): unexpected end of file, expected '"'
    """
    return _Parser(text).game()


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _num(v: Any) -> str:
    if isinstance(v, Rational):
        f = Fraction(v)
        return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"
    text = format(Decimal(repr(float(v))), "f")
    return text if "." in text else text + ".0"


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = list(self._tokenize(text))
        self.i = 0

    @staticmethod
    def _tokenize(text: str) -> Iterator[tuple[str, str, int]]:
        """Tokens (kind, value, line): kind is 'str', 'word' or a brace."""
        i, line, n = 0, 1, len(text)
        while i < n:
            ch = text[i]
            if ch == "\n":
                line += 1
                i += 1
            elif ch.isspace() or ch == ",":
                i += 1
            elif ch in "{}":
                yield ch, ch, line
                i += 1
            elif ch == '"':
                i += 1
                out = []
                while True:
                    if i >= n:
                        raise EfgParseError(f"from_efg(): unterminated string on line {line}")
                    if text[i] == "\\" and i + 1 < n:
                        out.append(text[i + 1])
                        i += 2
                    elif text[i] == '"':
                        i += 1
                        break
                    else:
                        line += text[i] == "\n"
                        out.append(text[i])
                        i += 1
                yield "str", "".join(out), line
            else:
                j = i
                while j < n and not text[j].isspace() and text[j] not in '{}",':
                    j += 1
                yield "word", text[i:j], line
                i = j

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, kind: str) -> str:
        tok = self.peek()
        if tok is None:
            raise EfgParseError(f"from_efg(): unexpected end of file, expected {self._what(kind)}")
        if tok[0] != kind:
            raise EfgParseError(f"from_efg(): line {tok[2]}: expected {self._what(kind)}, "
                                f"got {tok[1]!r}")
        self.i += 1
        return tok[1]

    @staticmethod
    def _what(kind: str) -> str:
        return {"str": "'\"'", "word": "a word or number"}.get(kind, repr(kind))

    def number(self) -> Any:
        tok = self.peek()
        text = self.take("word")
        try:
            if "/" in text:
                num, den = text.split("/")
                f = Fraction(int(num), int(den))
                return f.numerator if f.denominator == 1 else f
            if any(c in text for c in ".eE"):
                return float(text)
            return int(text)
        except (ValueError, ZeroDivisionError):
            line = tok[2] if tok else "?"
            raise EfgParseError(f"from_efg(): line {line}: {text!r} is not a number") from None

    def integer(self) -> int:
        v = self.number()
        if not isinstance(v, int):
            raise EfgParseError(f"from_efg(): expected an integer, got {v!r}")
        return v

    def game(self) -> GameTree:
        if self.take("word") != "EFG" or self.take("word") != "2":
            raise EfgParseError("from_efg(): the file must start with 'EFG 2'")
        self.take("word")  # R or D
        self.take("str")  # title
        self.take("{")
        players = []
        while (tok := self.peek()) is not None and tok[0] == "str":
            players.append(self.take("str"))
        self.take("}")
        if (tok := self.peek()) is not None and tok[0] == "str":
            self.take("str")  # comment
        self.players = players
        self.infosets: dict[tuple[int, int], tuple[str, list[str], list[Any] | None]] = {}
        self.named: dict[tuple[int, int], str] = {}
        self.outcomes: dict[int, list[Any]] = {}
        self.members: dict[tuple[int, int], int] = {}
        root = self.node((), [0] * len(players))
        if self.peek() is not None:
            raise EfgParseError(f"from_efg(): line {self.peek()[2]}: text after the tree")  # type: ignore[index]
        root = self._name_sets(root)
        return GameTree(root, players=players)

    def outcome(self, acc: list[Any]) -> list[Any]:
        k = self.integer()
        tok = self.peek()
        if tok is not None and tok[0] == "str":
            self.take("str")
            self.take("{")
            pays = []
            while (t := self.peek()) is not None and t[0] == "word":
                pays.append(self.number())
            self.take("}")
            if len(pays) != len(self.players):
                raise EfgParseError(f"from_efg(): outcome {k} has {len(pays)} payoffs for "
                                    f"{len(self.players)} players")
            self.outcomes[k] = pays
        if k == 0:
            return acc
        if k not in self.outcomes:
            raise EfgParseError(f"from_efg(): outcome {k} is used before its payoffs are given")
        return [x + y for x, y in zip(acc, self.outcomes[k], strict=True)]

    def node(self, path: Path, acc: list[Any]) -> Node:
        kind = self.take("word")
        self.take("str")  # node name
        if kind == "t":
            return Outcome(tuple(self.outcome(acc)))
        if kind not in ("p", "c"):
            raise EfgParseError(f"from_efg(): unknown node type {kind!r} at path {path!r}")
        player = self.integer() if kind == "p" else 0
        if kind == "p" and not 1 <= player <= len(self.players):
            raise EfgParseError(f"from_efg(): player {player} at path {path!r} does not exist")
        key = (player, self.integer())
        label = self.take("str")
        tok = self.peek()
        if tok is not None and tok[0] == "{":
            self.take("{")
            actions, probs = [], []
            while (t := self.peek()) is not None and t[0] == "str":
                actions.append(self.take("str"))
                if kind == "c":
                    probs.append(self.number())
            self.take("}")
            self.infosets.setdefault(key, (label, actions, probs if kind == "c" else None))
        if key not in self.infosets:
            raise EfgParseError(f"from_efg(): information set {key} at path {path!r} has no "
                                "actions")
        name, actions, chance_probs = self.infosets[key]
        self.members[key] = self.members.get(key, 0) + 1
        acc = self.outcome(acc)
        children = [(a, self.node((*path, a), acc)) for a in actions]
        if kind == "c":
            assert chance_probs is not None
            return Chance([(a, (n, p)) for (a, n), p in zip(children, chance_probs, strict=True)])
        return Decision(self.players[player - 1], children, f"\0{player}:{key[1]}")

    def _name_sets(self, node: Node) -> Node:
        """Replace the provisional set keys by names (``None`` for unnamed singletons)."""
        if isinstance(node, Outcome):
            return node
        if isinstance(node, Chance):
            return Chance([(a, (self._name_sets(n), p))  # type: ignore[arg-type]
                           for a, n, p in node.branches])
        assert node.infoset is not None
        pl, num = (int(x) for x in node.infoset[1:].split(":"))
        label = self.infosets[(pl, num)][0]
        name: str | None = label or None
        if name is None and self.members[(pl, num)] > 1:
            name = f"{self.players[pl - 1]}:{num}"
        if name is not None and self.named.setdefault((pl, num), name) and any(
            k != (pl, num) and v == name for k, v in self.named.items()
        ):
            name = f"{name}#{self.players[pl - 1]}:{num}"
        return Decision(node.player, [(a, self._name_sets(n))  # type: ignore[arg-type]
                                      for a, n in node.pairs], name)
