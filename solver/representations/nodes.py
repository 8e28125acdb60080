"""The nodes of a game tree, as raw values: :class:`Outcome`, :class:`Decision`,
:class:`Chance`, and the :class:`InfoSet` a tree groups decisions into.

A node is validated only locally (its labels, payoffs and probabilities);
:class:`~solver.representations.tree.GameTree` validates the whole tree and names any faulty
node by its path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from solver._core.errors import InputError
from solver._core.tabular import one_line
from solver._core.tolerances import SUM_TOL

__all__ = [
    "CHANCE_TOL",
    "Behaviour",
    "Chance",
    "Child",
    "Decision",
    "InfoSet",
    "Node",
    "Outcome",
    "Path",
    "format_path",
]

#: Tolerance on the sum of a chance node's float probabilities (exact ones must sum to 1):
#: the one tolerance for numbers that must sum to 1, :data:`solver._core.tolerances.SUM_TOL`.
CHANCE_TOL = SUM_TOL

Path = tuple[str, ...]
#: A behaviour strategy profile: for each decision node's path, a probability per action.
Behaviour = Mapping[Path, Mapping[str, Any]]


def format_path(path: Sequence[str]) -> str:
    """A node's path as text, for messages: ``'the root'`` or ``'Demand > Refuse'``.

    Parameters
    ----------
    path : sequence of str
        The actions leading from the root to the node.

    Returns
    -------
    str
        ``'the root'`` for the empty path, else the actions joined by ``' > '``, quoted.

    Examples
    --------
    >>> format_path(()), format_path(("Demand", "Refuse"))
    ('the root', "'Demand > Refuse'")
    """
    return "the root" if not path else repr(" > ".join(path))


@dataclass(frozen=True, init=False)
class Outcome:
    """A terminal node: one payoff per player, in the order of :attr:`GameTree.players`.

    Parameters
    ----------
    payoffs : iterable
        One payoff per player: floats, or exact numbers (``int``,
        :class:`fractions.Fraction`) for an exact tree. Stored as a tuple.

    Raises
    ------
    ValueError
        If ``payoffs`` is not iterable. (Their count and type are checked by
        :class:`GameTree`.)

    Examples
    --------
    >>> Outcome((3, -3)).payoffs
    (3, -3)
    """

    payoffs: tuple[Any, ...]

    def __init__(self, payoffs: Iterable[Any]) -> None:
        try:
            values = tuple(payoffs)
        except TypeError:
            raise InputError(f"Outcome(): payoffs must be a sequence, got {payoffs!r}") from None
        object.__setattr__(self, "payoffs", values)


@dataclass(frozen=True, init=False)
class Decision:
    """A decision node: ``player`` chooses one of the labelled ``actions``.

    ``actions`` maps each label to the node it leads to (a mapping, or a sequence of
    ``(label, node)`` pairs, which keeps duplicates so that :class:`GameTree` can reject
    them). Nodes sharing the same ``infoset`` name form one information set.

    Parameters
    ----------
    player : str
        The player who moves.
    actions : mapping of str to node, or iterable of (str, node) pairs
        Each action's label and the node it leads to (:class:`Outcome`, :class:`Decision`
        or :class:`Chance`; inside :meth:`GameTree.from_table`, a node's name).
    infoset : str or None, optional
        The information set's name; ``None`` leaves the node alone in its own.

    Examples
    --------
    >>> d = Decision("Japan", {"Comply": Outcome((3, -3)), "Refuse": Outcome((-1, 0))})
    >>> d.labels
    ('Comply', 'Refuse')
    >>> d.actions["Refuse"]
    Outcome(payoffs=(-1, 0))
    """

    player: str
    pairs: tuple[tuple[str, Child], ...]
    infoset: str | None = None

    def __repr__(self) -> str:
        return one_line("Decision", self.player, actions=self.labels, infoset=self.infoset)

    def __init__(
        self,
        player: str,
        actions: Mapping[str, Child] | Iterable[tuple[str, Child]],
        infoset: str | None = None,
    ) -> None:
        object.__setattr__(self, "player", player)
        object.__setattr__(self, "pairs", _pairs("Decision", actions))
        object.__setattr__(self, "infoset", infoset)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(a for a, _ in self.pairs)

    @property
    def actions(self) -> Mapping[str, Child]:
        """Read-only mapping from action label to child node."""
        return MappingProxyType(dict(self.pairs))


@dataclass(frozen=True, init=False)
class Chance:
    """A chance node: each labelled branch is a ``(node, probability)`` pair.

    Probabilities may be floats or exact (``int``, :class:`fractions.Fraction`).

    Parameters
    ----------
    branches : mapping of str to (node, probability), or iterable of such labelled pairs
        Each branch's label, the node it leads to and its probability. :class:`GameTree`
        checks that the probabilities are non-negative and sum to 1 (floats within
        :data:`CHANCE_TOL`, exact ones exactly).

    Examples
    --------
    >>> c = Chance({"resolute": (Outcome((1, 0)), 0.25), "irresolute": (Outcome((0, 1)), 0.75)})
    >>> c.probabilities
    {'resolute': 0.25, 'irresolute': 0.75}
    """

    branches: tuple[tuple[str, Child, Any], ...]

    def __repr__(self) -> str:
        return one_line("Chance", branches=self.labels,
                        probabilities=tuple(self.probabilities.values()))

    def __init__(
        self,
        branches: Mapping[str, tuple[Child, Any]] | Iterable[tuple[str, tuple[Child, Any]]],
    ) -> None:
        out = []
        for label, value in _pairs("Chance", branches):
            try:
                node, prob = value
            except (TypeError, ValueError):
                raise InputError(
                    f"Chance(): branch {label!r} must be a (node, probability) pair, "
                    f"got {value!r}"
                ) from None
            out.append((label, node, prob))
        object.__setattr__(self, "branches", tuple(out))

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(b[0] for b in self.branches)

    @property
    def actions(self) -> Mapping[str, Child]:
        """Read-only mapping from branch label to child node."""
        return MappingProxyType({lab: n for lab, n, _ in self.branches})

    @property
    def probabilities(self) -> dict[str, Any]:
        return {lab: p for lab, _, p in self.branches}

    @property
    def pairs(self) -> tuple[tuple[str, Child], ...]:
        return tuple((lab, n) for lab, n, _ in self.branches)


Node = Outcome | Decision | Chance
#: A child is a node, or (only inside :meth:`GameTree.from_table`) the name of one.
Child = Outcome | Decision | Chance | str


def _pairs(cls: str, items: Any) -> tuple[tuple[str, Any], ...]:
    if isinstance(items, Mapping):
        return tuple((k, v) for k, v in items.items())
    try:
        out = tuple(items)
        return tuple((k, v) for k, v in out)
    except (TypeError, ValueError):
        raise InputError(
            f"{cls}(): expected a mapping or (label, node) pairs, got {items!r}"
        ) from None


@dataclass(frozen=True)
class InfoSet:
    """An information set: its name, its player, its actions, and its nodes' paths.

    Unnamed decision nodes get the name ``'<player>@<path>'``.

    Attributes
    ----------
    name : str
        The ``infoset`` name its nodes share.
    player : str
        The player who moves there.
    actions : tuple of str
        The action labels, the same at every member.
    members : tuple of tuple of str
        The paths (action labels from the root) of its nodes.

    Examples
    --------
    >>> from solver.representations.tree import GameTree
    >>> tree = GameTree(Decision("A", {
    ...     "l": Decision("B", {"x": Outcome((1, 0)), "y": Outcome((0, 1))}, infoset="b"),
    ...     "r": Decision("B", {"x": Outcome((0, 0)), "y": Outcome((2, 2))}, infoset="b")}))
    >>> s = tree.infoset("b")
    >>> s.player, s.actions, s.members
    ('B', ('x', 'y'), (('l',), ('r',)))
    """

    name: str
    player: str
    actions: tuple[str, ...]
    members: tuple[Path, ...]
