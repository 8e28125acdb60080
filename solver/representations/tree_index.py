"""Validating a tree's nodes into its index: a preorder walk that checks every node (payoffs,
players, probabilities, cycles) and names a faulty one by its path, and the lookup tables
:class:`~solver.representations.tree.GameTree` answers from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from solver._core.errors import InputError
from solver._core.validation import check_sums_to_one, probability
from solver.representations.nodes import (
    Chance,
    Decision,
    InfoSet,
    Node,
    Outcome,
    Path,
    format_path,
)

__all__: list[str] = []


@dataclass(frozen=True)
class _Index:
    order: tuple[Path, ...]  # every node's path, preorder
    nodes: Mapping[Path, Node]
    infosets: Mapping[str, InfoSet]
    infoset_of: Mapping[Path, str]
    end: Mapping[Path, int]  # preorder position one past the node's subtree
    pos: Mapping[Path, int]
    exact: bool


def _walk(
    node: Any,
    path: Path,
    order: list[Path],
    nodes: dict[Path, Node],
    end: dict[Path, int],
    players: list[str],
    tol: float,
    exact: list[bool],
) -> None:
    where = format_path(path)
    if isinstance(node, str):
        raise InputError(f"GameTree(): the child at {where} is a name, {node!r}; names are "
                         "only allowed in GameTree.from_table()")
    if not isinstance(node, Outcome | Decision | Chance):
        raise InputError(f"GameTree(): the child at {where} is not an Outcome, Decision or "
                         f"Chance: {node!r}")
    order.append(path)
    nodes[path] = node
    if isinstance(node, Outcome):
        end[path] = len(order)
        return
    if isinstance(node, Decision):
        if not isinstance(node.player, str) or not node.player:
            raise InputError(f"GameTree(): the decision at {where} has an invalid player "
                             f"{node.player!r}")
        if node.infoset is not None and not isinstance(node.infoset, str):
            raise InputError(f"GameTree(): the decision at {where} has an invalid infoset "
                             f"name {node.infoset!r}")
        if node.player not in players:
            players.append(node.player)
    kind = "decision" if isinstance(node, Decision) else "chance node"
    labels = node.labels
    if not labels:
        raise InputError(f"GameTree(): the {kind} at {where} has no actions")
    for a in labels:
        if not isinstance(a, str):
            raise InputError(f"GameTree(): the {kind} at {where} has a non-string label {a!r}")
    if len(set(labels)) != len(labels):  # linear in the action count (no labels.count)
        seen: set[str] = set()
        dup = next(a for a in labels if a in seen or seen.add(a))  # type: ignore[func-returns-value]
        raise InputError(f"GameTree(): the {kind} at {where} has a duplicate action label "
                         f"{dup!r}")
    if isinstance(node, Chance):
        probs = [probability("GameTree()", f"the probability of branch {a!r} at the chance "
                             f"node {where}", p) for a, _, p in node.branches]
        if not check_sums_to_one("GameTree()", f"the probabilities at the chance node {where}",
                                 probs, tol=tol):
            exact[0] = False
    for a, child in node.pairs:
        _walk(child, (*path, a), order, nodes, end, players, tol, exact)
    end[path] = len(order)


def _build_index(
    order: list[Path], nodes: dict[Path, Node], end: dict[Path, int], exact: bool
) -> _Index:
    groups: dict[str, list[Path]] = {}
    infoset_of: dict[Path, str] = {}
    explicit = {n.infoset for n in nodes.values() if isinstance(n, Decision) and n.infoset}
    for path in order:
        n = nodes[path]
        if not isinstance(n, Decision):
            continue
        name = n.infoset
        if name is None:
            name = f"{n.player}@{' > '.join(path) or 'root'}"
            while name in explicit:
                name += "'"
        first = groups.setdefault(name, [])
        if first:
            m = nodes[first[0]]
            assert isinstance(m, Decision)
            if m.player != n.player:
                raise InputError(
                    f"GameTree(): the information set {name!r} mixes players {m.player!r} "
                    f"(at {format_path(first[0])}) and {n.player!r} (at {format_path(path)})"
                )
            if m.labels != n.labels:
                raise InputError(
                    f"GameTree(): the information set {name!r} mixes action sets {m.labels!r} "
                    f"(at {format_path(first[0])}) and {n.labels!r} (at {format_path(path)})"
                )
        first.append(path)
        infoset_of[path] = name
    infosets = {}
    for name, members in groups.items():
        m = nodes[members[0]]
        assert isinstance(m, Decision)
        infosets[name] = InfoSet(name, m.player, m.labels, tuple(members))
    pos = {p: i for i, p in enumerate(order)}
    return _Index(
        tuple(order), MappingProxyType(nodes), MappingProxyType(infosets),
        MappingProxyType(infoset_of), MappingProxyType(end), MappingProxyType(pos), exact,
    )
