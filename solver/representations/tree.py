"""Extensive-form games (game trees) as immutable, validated values.

A tree is built from three kinds of node: :class:`Outcome` (a terminal with one payoff per
player), :class:`Decision` (a player chooses among labelled actions) and :class:`Chance`
(nature draws a labelled branch with a given probability). Nodes are raw values;
:class:`GameTree` validates the whole tree on construction and names any faulty node by its
*path*, the sequence of action labels from the root.

Every node is identified by its path. The same node object may appear at several places: it
is a value, so each place is a separate node. Nodes that share an ``infoset`` name form one
information set (the player cannot tell them apart); a decision node without a name is alone
in its information set. The node classes are defined in :mod:`solver.representations.nodes`
and re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Rational, Real
from typing import Any

from solver._core.errors import InputError
from solver._core.tabular import one_line
from solver._core.validation import check_number
from solver.representations.nodes import (
    CHANCE_TOL,
    Behaviour,
    Chance,
    Child,
    Decision,
    InfoSet,
    Node,
    Outcome,
    Path,
    format_path,
)
from solver.representations.tree_index import _build_index, _Index, _walk

__all__ = [
    "CHANCE_TOL",
    "Outcome",
    "Decision",
    "Chance",
    "Node",
    "InfoSet",
    "GameTree",
    "Path",
    "Behaviour",
    "format_path",
]


@dataclass(frozen=True, init=False)
class GameTree:
    """A finite game in extensive form, validated on construction.

    Parameters
    ----------
    root : Outcome, Decision or Chance
        The root node.
    players : sequence of str, optional
        Player names; payoffs are ordered as this tuple. By default, the decision nodes'
        players in the order they first appear (depth first, in action order).
    tol : float
        Tolerance on the sum of float chance probabilities (default :data:`CHANCE_TOL`).

    Raises
    ------
    ValueError
        Naming the node by its path: a child that is not a node, a decision without actions,
        duplicate action labels, a terminal without a payoff for every player, a non-finite
        payoff, chance probabilities outside [0, 1] or not summing to 1, an information set
        that mixes players or action sets, or a player missing from ``players``. A chance
        branch of probability 0 is allowed (Gambit's files have them); its subtree is never
        reached.

    Examples
    --------
    >>> tree = GameTree(Decision("US", {
    ...     "NoDemand": Outcome((0, 0)),
    ...     "Demand": Decision("Japan", {"Comply": Outcome((3, -3)), "Refuse": Outcome((-1, 0))}),
    ... }))
    >>> tree.players
    ('US', 'Japan')
    >>> tree.node(("Demand",)).player
    'Japan'
    >>> GameTree(Decision("US", {"A": Outcome((1,))}), players=("US", "Japan"))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    solver.errors.InputError: GameTree(): the terminal at 'A' has 1 payoffs, expected 2 for ...
    """

    root: Node
    players: tuple[str, ...]
    _index: _Index = field(compare=False, repr=False, hash=False)

    def __repr__(self) -> str:
        return one_line("GameTree", players=self.players, infosets=len(self.infosets),
                        outcomes=len(self.terminal_paths()))

    def __init__(
        self, root: Node, players: Sequence[str] | None = None, *, tol: float = CHANCE_TOL
    ) -> None:
        if not (isinstance(tol, Real) and tol >= 0):
            raise InputError(f"GameTree(): tol must be a number >= 0, got {tol!r}")
        object.__setattr__(self, "root", root)
        seen_players: list[str] = []
        order: list[Path] = []
        nodes: dict[Path, Node] = {}
        end: dict[Path, int] = {}
        exact = [True]
        _walk(root, (), order, nodes, end, seen_players, float(tol), exact)
        if players is None:
            pl = tuple(seen_players)
        else:
            pl = tuple(players)
            if any(not isinstance(p, str) for p in pl) or len(set(pl)) != len(pl):
                raise InputError(f"GameTree(): players must be distinct names, got {players!r}")
            for path in order:
                n = nodes[path]
                if isinstance(n, Decision) and n.player not in pl:
                    raise InputError(
                        f"GameTree(): the decision at {format_path(path)} belongs to "
                        f"{n.player!r}, who is not in players {pl!r}"
                    )
        if not pl:
            raise InputError("GameTree(): the tree has no decision node; pass players=(...)")
        object.__setattr__(self, "players", pl)
        for path in order:
            n = nodes[path]
            if isinstance(n, Outcome):
                if len(n.payoffs) != len(pl):
                    raise InputError(
                        f"GameTree(): the terminal at {format_path(path)} has "
                        f"{len(n.payoffs)} payoffs, expected {len(pl)} for players {pl!r}"
                    )
                for v in n.payoffs:
                    check_number("GameTree()", f"the payoff at the terminal {format_path(path)}",
                                 v)
                    exact[0] = exact[0] and isinstance(v, Rational)
        object.__setattr__(
            self, "_index", _build_index(order, nodes, end, exact[0])
        )

    # -- construction from a table of named nodes ------------------------------------------
    @classmethod
    def from_table(
        cls,
        root: str,
        table: Mapping[str, Node],
        players: Sequence[str] | None = None,
        *,
        tol: float = CHANCE_TOL,
    ) -> GameTree:
        """Build a tree from named nodes whose children are given by name.

        Each entry is an :class:`Outcome`, or a :class:`Decision` / :class:`Chance` whose
        children are names in ``table``. Every name must be reached exactly once from
        ``root``: cycles, shared children and unreachable names are errors.

        Examples
        --------
        >>> t = GameTree.from_table("e", {
        ...     "e": Decision("Entrant", {"Out": "o", "In": "i"}),
        ...     "i": Decision("Incumbent", {"Fight": "f", "Accommodate": "a"}),
        ...     "o": Outcome((0, 2)), "f": Outcome((-1, -1)), "a": Outcome((1, 1))})
        >>> t.players
        ('Entrant', 'Incumbent')
        >>> GameTree.from_table("x", {"x": Decision("P", {"loop": "x"})})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        solver.errors.InputError: GameTree.from_table(): cycle: the node 'x' at 'loop' is its ...
        """
        func = "GameTree.from_table()"
        if root not in table:
            raise InputError(f"{func}: root {root!r} is not in the table")
        where: dict[str, Path] = {}

        def build(name: str, path: Path, stack: tuple[str, ...]) -> Node:
            if name in stack:
                raise InputError(
                    f"{func}: cycle: the node {name!r} at {format_path(path)} is its own ancestor"
                )
            if name in where:
                raise InputError(
                    f"{func}: the node {name!r} has two parents: it is reached at "
                    f"{format_path(where[name])} and at {format_path(path)}"
                )
            if name not in table:
                raise InputError(f"{func}: the child at {format_path(path)} names an "
                                 f"unknown node {name!r}")
            where[name] = path
            spec = table[name]

            def child(label: str, ref: Child) -> Node:
                if not isinstance(ref, str):
                    raise InputError(f"{func}: the child {label!r} of {name!r} must be a "
                                     f"node name, got {ref!r}")
                return build(ref, (*path, label), (*stack, name))

            if isinstance(spec, Decision):
                return Decision(
                    spec.player, [(a, child(a, r)) for a, r in spec.pairs], spec.infoset
                )
            if isinstance(spec, Chance):
                return Chance([(a, (child(a, r), p)) for a, r, p in spec.branches])
            if isinstance(spec, Outcome):
                return spec
            raise InputError(f"{func}: entry {name!r} is not a node: {spec!r}")

        tree_root = build(root, (), ())
        unreached = [n for n in table if n not in where]
        if unreached:
            raise InputError(f"{func}: the node {unreached[0]!r} cannot be reached from "
                             f"the root {root!r}")
        return cls(tree_root, players, tol=tol)

    # -- queries ---------------------------------------------------------------------------
    @property
    def is_exact(self) -> bool:
        """Whether every payoff and probability is rational (int or Fraction)."""
        return self._index.exact

    def node(self, path: Sequence[str]) -> Node:
        """The node at ``path`` (a sequence of action labels from the root)."""
        try:
            return self._index.nodes[tuple(path)]
        except KeyError:
            raise KeyError(f"GameTree.node(): no node at {format_path(tuple(path))}") from None

    def paths(self) -> tuple[Path, ...]:
        """Every node's path, in depth-first order (the root first)."""
        return self._index.order

    def terminal_paths(self) -> tuple[Path, ...]:
        return tuple(p for p in self._index.order if isinstance(self._index.nodes[p], Outcome))

    @property
    def infosets(self) -> tuple[InfoSet, ...]:
        """Every information set of the players, in order of first appearance."""
        return tuple(self._index.infosets.values())

    def infoset(self, key: str | Sequence[str]) -> InfoSet:
        """The information set named ``key``, or the one holding the node at path ``key``."""
        if isinstance(key, str):
            return self._index.infosets[key]
        return self._index.infosets[self._index.infoset_of[tuple(key)]]

    @property
    def has_perfect_information(self) -> bool:
        return all(len(h.members) == 1 for h in self._index.infosets.values())

    def is_subgame_root(self, path: Sequence[str]) -> bool:
        """Whether a subgame starts at ``path``: no information set straddles its border."""
        p = tuple(path)
        node = self._index.nodes[p]
        if isinstance(node, Outcome):
            return True
        if isinstance(node, Decision) and len(self.infoset(p).members) > 1:
            return False
        lo, hi = self._index.pos[p], self._index.end[p]
        for q in self._index.order[lo:hi]:
            if q in self._index.infoset_of:
                for m in self._index.infosets[self._index.infoset_of[q]].members:
                    if not lo <= self._index.pos[m] < hi:
                        return False
        return True

    def is_descendant(self, path: Sequence[str], ancestor: Sequence[str]) -> bool:
        """Whether ``path`` lies in the subtree at ``ancestor`` (itself included)."""
        a = tuple(ancestor)
        return tuple(path)[: len(a)] == a

    def has_perfect_recall(self) -> bool:
        """Whether every player remembers its own past information sets and actions.

        Examples
        --------
        >>> GameTree(Decision("A", {"x": Outcome((0,))})).has_perfect_recall()
        True
        """
        idx = self._index

        def own_history(path: Path, player: str) -> tuple[tuple[str, str], ...]:
            out = []
            for k in range(len(path)):
                anc = path[:k]
                n = idx.nodes[anc]
                if isinstance(n, Decision) and n.player == player:
                    out.append((idx.infoset_of[anc], path[k]))
            return tuple(out)

        for h in idx.infosets.values():
            histories = {own_history(m, h.player) for m in h.members}
            if len(histories) > 1:
                return False
            if any(name == h.name for name, _ in next(iter(histories))):
                return False  # absent-minded: the set lies on its own path
        return True

    # -- evaluation under a behaviour profile ----------------------------------------------
    def reach_probabilities(self, behaviour: Behaviour) -> dict[Path, Any]:
        """Probability of reaching every node under a behaviour profile (missing actions: 0).

        Each node's probability is its parent's times the chance probability or the
        behaviour's probability of the action that leads to it, so exact behaviour gives
        exact probabilities.

        Examples
        --------
        >>> t = GameTree(Decision("A", {"x": Outcome((1,)), "y": Outcome((0,))}))
        >>> t.reach_probabilities({(): {"x": 1}})
        {(): 1, ('x',): 1, ('y',): 0}
        """
        out: dict[Path, Any] = {(): 1}
        nodes = self._index.nodes
        for path in self._index.order[1:]:
            parent = nodes[path[:-1]]
            if isinstance(parent, Chance):
                w = parent.probabilities[path[-1]]
            else:
                w = behaviour.get(path[:-1], {}).get(path[-1], 0)
            out[path] = out[path[:-1]] * w
        return out

    def play_distribution(self, behaviour: Behaviour) -> dict[Path, Any]:
        """Probability of each terminal reached under a behaviour profile (missing actions: 0).

        Examples
        --------
        >>> t = GameTree(Decision("A", {"x": Outcome((1,)), "y": Outcome((0,))}))
        >>> t.play_distribution({(): {"x": 1}})
        {('x',): 1}
        """
        nodes = self._index.nodes
        return {p: r for p, r in self.reach_probabilities(behaviour).items()
                if r != 0 and isinstance(nodes[p], Outcome)}

    def expected_payoffs(self, behaviour: Behaviour, at: Sequence[str] = ()) -> tuple[Any, ...]:
        """Each player's expected payoff under ``behaviour``, from the node at ``at``.

        Examples
        --------
        >>> t = GameTree(Decision("A", {"x": Outcome((1, 0)), "y": Outcome((0, 2))}),
        ...              players=("A", "B"))
        >>> t.expected_payoffs({(): {"x": 0.5, "y": 0.5}})
        (0.5, 1.0)
        """
        n_pl = len(self.players)

        def go(path: Path) -> list[Any]:
            n = self._index.nodes[path]
            if isinstance(n, Outcome):
                return list(n.payoffs)
            total: list[Any] = [0] * n_pl
            if isinstance(n, Chance):
                weights = [(a, p) for a, _, p in n.branches]
            else:
                dist = behaviour.get(path, {})
                weights = [(a, dist.get(a, 0)) for a in n.labels]
            for a, p in weights:
                if p != 0:
                    sub = go((*path, a))
                    total = [t + p * s for t, s in zip(total, sub, strict=True)]
            return total

        return tuple(go(tuple(at)))

    def with_players(self, names: Mapping[str, str]) -> GameTree:
        """The same tree with players renamed (``{"old": "new"}``; others keep their names).

        Examples
        --------
        >>> t = GameTree(Decision("S", {"a": Outcome((1, 0)),
        ...                             "b": Decision("T", {"c": Outcome((0, 1))})}))
        >>> t.with_players({"S": "US", "T": "Japan"}).players
        ('US', 'Japan')
        """
        new = [names.get(p, p) for p in self.players]
        if len(set(new)) != len(new):
            raise InputError(f"GameTree.with_players(): names {dict(names)!r} would merge "
                             f"players {self.players!r}")

        def rename(node: Child) -> Child:
            if isinstance(node, str):  # a reference to a node elsewhere: nothing to rename
                return node
            if isinstance(node, Decision):
                return Decision(names.get(node.player, node.player),
                                [(a, rename(c)) for a, c in node.pairs], node.infoset)
            if isinstance(node, Chance):
                probabilities = node.probabilities
                return Chance([(a, (rename(c), probabilities[a])) for a, c in node.pairs])
            return node

        root = rename(self.root)
        assert not isinstance(root, str)
        return GameTree(root, players=new)

    def __iter__(self) -> Iterator[Path]:
        return iter(self._index.order)
