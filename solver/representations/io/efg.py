"""Gambit's ``.efg`` extensive-form file format: write a :class:`GameTree`, parse one back.

The reader follows Gambit's own (``src/games/file.cc``) rule for rule, and reads data only
(a tokenizer and a recursive reader; nothing is evaluated):

- An information set is identified by its player and its *number* within that player, never
  by its label. A node may omit the label and the actions of a set declared before; a node
  that repeats them must repeat them exactly (label, actions, chance probabilities).
- An outcome is identified by its number; a redeclaration must give the same label and the
  same payoffs. Outcomes at non-terminal nodes add to every terminal below (Gambit sums
  payoffs along the path); a terminal without an outcome pays 0.
- Player and action labels are made distinct and non-empty as Gambit does: a repeated or
  empty label ``x`` becomes ``x_1``, ``x_2``, ... (the next suffix not already in use).
- Numbers: ``3`` is an int, ``1/2`` a Fraction, ``2.5`` or ``1e-3`` a float.
- Chance branches of probability 0 are kept (their subtrees are never reached).

A tree's information-set names are written as the sets' labels, so writing and parsing a tree
gives the identical tree. Payoffs and probabilities are written exactly: rationals as ``p/q``,
floats as their shortest round-trip decimal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from numbers import Rational
from typing import Any

from solver._core.errors import InputError
from solver.representations.io.gambit_lexer import (
    GambitSyntaxError,
    Tok,
    normalise_labels,
    number_value,
    tokenize,
)
from solver.representations.tree import Chance, Decision, GameTree, Node, Outcome, Path

__all__ = ["to_efg", "from_efg", "EfgParseError", "gambit_label_problem"]


class EfgParseError(InputError):
    """An ``.efg`` text that does not describe a game; the message gives the line."""


def gambit_label_problem(label: str) -> str | None:
    """Why Gambit (pygambit >= 16.7) would reject ``label`` in a file, or ``None`` if it is fine.

    Gambit accepts printable ASCII and single inner spaces. A backslash just before a quote,
    another backslash or the end of the label cannot be written so that Gambit reads it back.

    Parameters
    ----------
    label : str
        A player, action, information-set or outcome label.

    Returns
    -------
    str or None
        The first problem found, for an error message, or None when Gambit accepts it.

    Examples
    --------
    >>> gambit_label_problem("Demand > Comply") is None
    True
    >>> gambit_label_problem("a  b")
    'two consecutive spaces'
    """
    if any(not (" " <= ch <= "~") for ch in label):
        return "a character that is not printable ASCII"
    if label != label.strip(" "):
        return "a leading or trailing space"
    if "  " in label:
        return "two consecutive spaces"
    if re.search(r'\\(["\\]|$)', label):
        return "a backslash before a quote, a backslash or the end"
    return None


def to_efg(tree: GameTree, title: str = "") -> str:
    """The tree as the text of a Gambit ``.efg`` file.

    Parameters
    ----------
    tree : GameTree
        The tree to write.
    title : str, optional
        The game's title in the file's header.

    Returns
    -------
    str
        The file's contents (EFG version 2), which :func:`from_efg` reads back to ``tree``.

    Raises
    ------
    ValueError
        If a player, action or information-set label (or the title) cannot be read back by
        Gambit (see :func:`gambit_label_problem`).

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
    >>> to_efg(GameTree(Decision("US", {"Ja ": Outcome((0,))})))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    solver.errors.InputError: to_efg(): the action label 'Ja ' at the root has a leading or...
    """
    check = _LabelCheck()
    check(title, "title", ())
    for p in tree.players:
        check(p, "player name", ())
    players = " ".join(_q(p) for p in tree.players)
    lines = [f"EFG 2 R {_q(title)} {{ {players} }}", '""', ""]
    numbers: dict[str, int] = {}
    counts = {p: 0 for p in tree.players}
    chance_sets = outcome = 0
    for path in tree.paths():
        node = tree.node(path)
        if isinstance(node, Outcome):
            outcome += 1
            name = " > ".join(path) or "root"
            name = name if gambit_label_problem(name) is None else ""
            pays = ", ".join(_num(v) for v in node.payoffs)
            lines.append(f't "" {outcome} {_q(name)} {{ {pays} }}')
            continue
        for a in node.labels:
            check(a, "action label", path)
        if isinstance(node, Chance):
            chance_sets += 1
            acts = " ".join(f"{_q(a)} {p}" for (a, _, _), p in
                            zip(node.branches, _chance_numbers([p for _, _, p in node.branches]),
                                strict=True))
            lines.append(f'c "" {chance_sets} "" {{ {acts} }} 0')
            continue
        h = tree.infoset(path)
        if h.name not in numbers:
            counts[h.player] += 1
            numbers[h.name] = counts[h.player]
        label = node.infoset or ""
        check(label, "information set name", path)
        acts = " ".join(_q(a) for a in node.labels)
        lines.append(f'p "" {tree.players.index(node.player) + 1} {numbers[h.name]} '
                     f"{_q(label)} {{ {acts} }} 0")
    return "\n".join(lines) + "\n"


class _LabelCheck:
    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, label: str, what: str, path: Path) -> None:
        if label in self.seen and label:
            return
        problem = gambit_label_problem(label)
        if label == "" and what in ("action label", "player name"):
            problem = "no text (Gambit would rename it '_1')"
        if problem is not None:
            where = "the root" if not path else repr(" > ".join(path))
            at = f" at {where}" if what in ("action label", "information set name") else ""
            raise InputError(f"to_efg(): the {what} {label!r}{at} has {problem}, which Gambit "
                             "cannot read")
        self.seen.add(label)


def from_efg(text: str) -> GameTree:
    """Parse the text of a Gambit ``.efg`` file (EFG version 2) into a :class:`GameTree`.

    Information sets are told apart by player and number. A set's label becomes its name
    when no other set has the same label; otherwise, and for unlabelled sets with several
    nodes, the name is ``'<player>:<number>'`` (with the label, if any, in front:
    ``'<label>#<player>:<number>'``). Unlabelled singleton sets stay unnamed.

    Parameters
    ----------
    text : str
        The file's contents (read it yourself; nothing is evaluated).

    Returns
    -------
    GameTree
        The tree, exact when every payoff and probability is an integer or a fraction.

    Raises
    ------
    EfgParseError
        If the text is not a valid EFG 2 file; the message names the line.

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
    >>> from_efg('''EFG 2 R "" { "A" }
    ... p "" 1 1 "" { "x" "y" } 0
    ... p "" 1 1 "" { "x" "z" } 0''')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    solver.representations.io.efg.EfgParseError: from_efg(): line 3: information set 1 of ...
    """
    if not isinstance(text, str):
        raise EfgParseError(f"from_efg(): text must be a str, got {type(text).__name__}")
    try:
        return _Parser(text).game()
    except EfgParseError:
        raise
    except ValueError as exc:  # the tree itself refused it (e.g. probabilities not summing to 1)
        raise EfgParseError(f"from_efg(): {exc}") from None
    except RecursionError:
        raise EfgParseError("from_efg(): the tree is nested too deeply (a path of more than "
                            "about 1,000 moves); trees are recursive values here") from None


def _q(s: str) -> str:
    return '"' + s.replace('"', '\\"') + '"'


def _chance_numbers(probs: list[Any]) -> list[str]:
    """Chance probabilities as written: Gambit reads decimals as exact rationals and wants
    them to sum to exactly 1, which float probabilities (0.95 and 0.050000000000000044) need
    not do. The last positive one is then written as the exact rational remainder."""
    text = [_num(p) for p in probs]
    if all(isinstance(p, Rational) for p in probs):
        return text
    exact = [Fraction(Decimal(t)) if "/" not in t else Fraction(t) for t in text]
    gap = 1 - sum(exact)
    if gap != 0:
        last = max(i for i, e in enumerate(exact) if e > 0)
        rest = exact[last] + gap
        text[last] = _num(rest) if rest >= 0 else text[last]
    return text


def _num(v: Any) -> str:
    if isinstance(v, Rational):
        f = Fraction(v)
        return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"
    text = format(Decimal(repr(float(v))), "f")
    return text if "." in text else text + ".0"


@dataclass
class _Set:
    label: str
    raw: list[str]
    actions: list[str]
    probs: list[str] | None
    line: int
    members: int = 0


class _Parser:
    def __init__(self, text: str) -> None:
        try:
            self.toks = tokenize(text)
        except GambitSyntaxError as e:
            raise EfgParseError(f"from_efg(): {e}") from None
        self.i = 0

    def peek(self) -> Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, kind: str, what: str) -> Tok:
        tok = self.peek()
        if tok is None:
            raise EfgParseError(f"from_efg(): unexpected end of file, expected {what}")
        if tok.kind != kind:
            raise EfgParseError(f"from_efg(): line {tok.line}: expected {what}, got "
                                f"{tok.value!r}")
        self.i += 1
        return tok

    def at(self, kind: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == kind

    def integer(self, what: str) -> int:
        tok = self.take("number", what)
        if not re.fullmatch(r"[+-]?\d+", tok.value):
            raise EfgParseError(f"from_efg(): line {tok.line}: expected {what}, got {tok.value!r}")
        return int(tok.value)

    def game(self) -> GameTree:
        head = self.peek()
        if head is None or head.value != "EFG":
            raise EfgParseError("from_efg(): the file must start with 'EFG 2'")
        self.i += 1
        if self.take("number", "the version 2").value != "2":
            raise EfgParseError("from_efg(): the file must start with 'EFG 2'")
        kind = self.take("symbol", "'R' or 'D'")
        if kind.value not in ("R", "D"):
            raise EfgParseError(f"from_efg(): line {kind.line}: expected 'R' or 'D', got "
                                f"{kind.value!r}")
        self.take("text", "the title in quotes")
        self.take("{", "'{' before the player names")
        names = []
        while self.at("text"):
            names.append(self.take("text", "a player name").value)
        self.take("}", "'}' after the player names")
        if self.at("text"):
            self.take("text", "the comment")
        self.raw_players = names
        self.players = normalise_labels(names)
        self.sets: dict[tuple[int, int], _Set] = {}
        self.outcomes: dict[int, tuple[str, list[str], list[Any], int]] = {}
        root = self.node((), [0] * len(names))
        if (tok := self.peek()) is not None:
            raise EfgParseError(f"from_efg(): line {tok.line}: text after the tree: "
                                f"{tok.value!r}")
        names_of = self._set_names()
        return GameTree(self._rename(root, names_of), players=self.players)

    def _who(self, player: int) -> str:
        return "chance" if player == 0 else f"player {player} ({self.players[player - 1]!r})"

    def node(self, path: Path, acc: list[Any]) -> Node:
        tok = self.take("symbol", "a node type 'c', 'p' or 't'")
        if tok.value not in ("c", "p", "t"):
            raise EfgParseError(f"from_efg(): line {tok.line}: unknown node type "
                                f"{tok.value!r} (expected 'c', 'p' or 't')")
        self.take("text", "the node's label in quotes")
        if tok.value == "t":
            return Outcome(tuple(self.outcome(acc)))
        player = self.integer("a player number") if tok.value == "p" else 0
        if tok.value == "p" and not 1 <= player <= len(self.players):
            raise EfgParseError(f"from_efg(): line {tok.line}: player {player} does not exist "
                                f"(the file has {len(self.players)} players)")
        key = (player, self.integer("an information set number"))
        h = self._infoset(key, tok.line)
        h.members += 1
        acc = self.outcome(acc)
        children = [(a, self.node((*path, a), acc)) for a in h.actions]
        if h.probs is not None:
            return Chance([(a, (c, _number(Tok("number", p, 0))))
                           for (a, c), p in zip(children, h.probs, strict=True)])
        return Decision(self.players[player - 1], children, f"\0{player}:{key[1]}")

    def _infoset(self, key: tuple[int, int], line: int) -> _Set:
        player, number = key
        where = f"information set {number} of {self._who(player)}"
        if not self.at("text"):
            if key not in self.sets:
                raise EfgParseError(f"from_efg(): line {line}: {where} is used before its "
                                    "actions are given")
            return self.sets[key]
        label = self.take("text", "the information set's label").value
        self.take("{", "'{' before the actions")
        raw: list[str] = []
        probs: list[str] = []
        while True:
            raw.append(self.take("text", "an action label in quotes").value)
            if player == 0:
                p = self.take("number", "a chance probability")
                _number(p)
                probs.append(p.value)
            if self.at("}"):
                break
        self.take("}", "'}' after the actions")
        old = self.sets.get(key)
        if old is None:
            self.sets[key] = _Set(label, raw, normalise_labels(raw),
                                  probs if player == 0 else None, line)
            return self.sets[key]
        for what, new, first in (("label", label, old.label), ("actions", raw, old.raw),
                                 ("probabilities", probs if player == 0 else None, old.probs)):
            if new != first:
                raise EfgParseError(f"from_efg(): line {line}: {where} is redeclared with "
                                    f"{what} {new!r}; line {old.line} declared {first!r}")
        return old

    def outcome(self, acc: list[Any]) -> list[Any]:
        tok = self.peek()
        k = self.integer("an outcome number")
        line = tok.line if tok else 0
        if self.at("text"):
            if k == 0:
                raise EfgParseError(f"from_efg(): line {line}: outcome 0 (no outcome) cannot "
                                    "have a label or payoffs")
            label = self.take("text", "the outcome's label").value
            self.take("{", "'{' before the payoffs")
            texts = []
            while self.at("number"):
                texts.append(self.take("number", "a payoff").value)
            end = self.take("}", "'}' after the payoffs (or a payoff that is a number)")
            if len(texts) != len(self.players):
                raise EfgParseError(f"from_efg(): line {end.line}: outcome {k} has "
                                    f"{len(texts)} payoffs for {len(self.players)} players")
            values = [_number(Tok("number", t, line)) for t in texts]
            old = self.outcomes.get(k)
            if old is None:
                self.outcomes[k] = (label, texts, values, line)
            elif (label, texts) != old[:2]:
                what = "label" if label != old[0] else "payoffs"
                raise EfgParseError(
                    f"from_efg(): line {line}: outcome {k} is redeclared with {what} "
                    f"{label if what == 'label' else texts!r}; line {old[3]} declared "
                    f"{old[0] if what == 'label' else old[1]!r}")
        if k == 0:
            return acc
        if k not in self.outcomes:
            raise EfgParseError(f"from_efg(): line {line}: outcome {k} is used before its "
                                "payoffs are given")
        return [x + y for x, y in zip(acc, self.outcomes[k][2], strict=True)]

    def _set_names(self) -> dict[tuple[int, int], str | None]:
        """One name per (player, number): the label where it is unique, else a made-up one."""
        labels: dict[str, int] = {}
        for (pl, _), h in self.sets.items():
            if pl and h.label:
                labels[h.label] = labels.get(h.label, 0) + 1
        out: dict[tuple[int, int], str | None] = {}
        taken = {lab for lab, c in labels.items() if c == 1}
        for (pl, num), h in sorted(self.sets.items()):
            if pl == 0:
                continue
            if h.label and labels[h.label] == 1:
                out[(pl, num)] = h.label
                continue
            if not h.label and h.members == 1:
                out[(pl, num)] = None
                continue
            name = (f"{h.label}#" if h.label else "") + f"{self.players[pl - 1]}:{num}"
            while name in taken:
                name += "'"
            taken.add(name)
            out[(pl, num)] = name
        return out

    def _rename(self, node: Node, names: dict[tuple[int, int], str | None]) -> Node:
        if isinstance(node, Outcome):
            return node
        if isinstance(node, Chance):
            return Chance([(a, (self._rename(n, names), p))  # type: ignore[arg-type]
                           for a, n, p in node.branches])
        assert node.infoset is not None
        pl, num = (int(x) for x in node.infoset[1:].split(":"))
        return Decision(node.player, [(a, self._rename(n, names))  # type: ignore[arg-type]
                                      for a, n in node.pairs], names[(pl, num)])


def _number(tok: Tok) -> Any:
    try:
        return number_value(tok)
    except GambitSyntaxError as e:
        raise EfgParseError(f"from_efg(): {e}") from None
