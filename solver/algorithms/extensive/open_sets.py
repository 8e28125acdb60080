"""Filling the information sets a profile's own plans leave open (helpers of
:mod:`solver.algorithms.extensive.tree_equilibria`).

A reduced-normal-form profile says nothing at a set that its player's own earlier move
excludes. Whether the profile is subgame perfect depends on how such sets are filled; a mixed
filling may be needed, to leave a player above indifferent (issue 13's repro: the sender
sanctions with probability 4/5 after a refusal that never happens).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, TypeVar

from solver.representations.tree import (
    Behaviour,
    Chance,
    Decision,
    GameTree,
    InfoSet,
    Outcome,
    Path,
)

T = TypeVar("T")

__all__ = ["MAX_FILLINGS", "bottom_up", "candidates", "depth_first_fill", "fill_open_sets",
           "greedy_fill", "smallest_subgame", "weight"]

#: At most this many fillings of the open information sets are tried.
MAX_FILLINGS = 256


def bottom_up(sets: list[InfoSet]) -> list[InfoSet]:
    """Deeper sets first, so that a set's continuation is filled before it.

    Parameters
    ----------
    sets : list of InfoSet
        The information sets to order.

    Returns
    -------
    list of InfoSet
        The same sets, sorted by the length of their longest member path, deepest first
        (stable: sets of equal depth keep their order).

    Examples
    --------
    >>> t = GameTree(Decision("Entrant", {"Out": Outcome((0, 2)), "In": Decision(
    ...     "Incumbent", {"Fight": Outcome((-1, -1)), "Accommodate": Outcome((1, 1))})}))
    >>> [h.name for h in bottom_up(list(t.infosets))]
    ['Incumbent@In', 'Entrant@root']
    """
    return sorted(sets, key=lambda h: -max(len(m) for m in h.members))


def depth_first_fill(
    open_sets: Sequence[InfoSet], full: dict[Path, Any],
    options: Callable[[InfoSet], Iterable[dict[str, Any]]],
    accept: Callable[[], T | None], limit: int,
) -> tuple[T | None, bool]:
    """Depth-first over the fillings of ``open_sets``: each set in turn takes each behaviour
    ``options`` offers (written into ``full`` at its members), and a complete filling is
    passed to ``accept``, whose first non-None answer is returned. At most ``limit``
    complete fillings are tried.

    Parameters
    ----------
    open_sets : sequence of InfoSet
        The sets to fill, in order (bottom-up, so a set's continuation is filled first).
    full : dict
        The behaviour profile, changed in place as the search goes.
    options : callable
        The behaviours to try at a set, given ``full`` as filled so far.
    accept : callable
        Called at each complete filling: the answer, or None to go on.
    limit : int
        The most complete fillings tried.

    Returns
    -------
    found : object or None
        ``accept``'s first answer.
    complete : bool
        False if the search stopped at ``limit`` before trying every filling.

    Examples
    --------
    >>> h = InfoSet("s", "A", ("x", "y"), ((),))
    >>> pick = {}
    >>> depth_first_fill([h], pick, lambda h: [{"x": 1}, {"y": 1}],
    ...                  lambda: "y" if pick[()] == {"y": 1} else None, limit=10)
    ('y', True)
    """
    tried = 0
    stopped = False

    def search(k: int) -> T | None:
        nonlocal tried, stopped
        if k == len(open_sets):
            tried += 1
            return accept()
        h = open_sets[k]
        for dist in options(h):
            if tried >= limit:
                stopped = True
                return None
            for m in h.members:
                full[m] = dist
            found = search(k + 1)
            if found is not None:
                return found
        return None

    found = search(0)
    return found, not stopped


def fill_open_sets(
    tree: GameTree, beh: Behaviour, open_sets: list[InfoSet], spes: list[Behaviour],
    exact: bool, perfect: Callable[[Mapping[Path, Any]], bool],
) -> tuple[dict[Path, Any] | None, bool]:
    """A filling of the open sets for which ``perfect`` holds (or None), and whether every
    candidate was tried: first the fillings the given SPE use, then a search bottom-up over
    pure actions and the mixtures of :func:`candidates`, at most :data:`MAX_FILLINGS`.

    Parameters
    ----------
    tree : GameTree
        The game.
    beh : Behaviour
        The profile's behaviour at the sets it does not leave open.
    open_sets : list of InfoSet
        The sets to fill, in the order they are searched (bottom-up).
    spes : list of Behaviour
        Subgame-perfect equilibria whose behaviour at the open sets is tried first.
    exact : bool
        Build mixtures from Fractions rather than floats.
    perfect : callable
        Whether a complete behaviour profile is subgame perfect.

    Returns
    -------
    filling : dict or None
        The complete behaviour profile (``beh`` with the open sets filled) that is perfect,
        or None when none was found.
    complete : bool
        False if the search stopped at :data:`MAX_FILLINGS` before trying every candidate.

    Examples
    --------
    >>> t = GameTree(Decision("Entrant", {"Out": Outcome((0, 2)), "In": Decision(
    ...     "Incumbent", {"Fight": Outcome((-1, -1)), "Accommodate": Outcome((1, 1))})}))
    >>> beh = {(): {"Out": 1, "In": 0}}  # the Incumbent's set is left open
    >>> fill, complete = fill_open_sets(t, beh, [t.infoset(("In",))], [], True,
    ...                                 lambda f: f[("In",)]["Accommodate"] == 1)
    >>> fill[("In",)], complete
    ({'Fight': Fraction(0, 1), 'Accommodate': Fraction(1, 1)}, True)
    """
    roots = [p for p in tree.paths()
             if tree.is_subgame_root(p) and not isinstance(tree.node(p), Outcome)]
    full: dict[Path, Any] = dict(beh)
    for h in open_sets:
        for m in h.members:
            full[m] = {b: (1 if k == 0 else 0) for k, b in enumerate(h.actions)}

    for s in spes:
        f = {**full, **{m: dict(s[m]) for h in open_sets for m in h.members}}
        if perfect(f):
            return f, True
    return depth_first_fill(
        open_sets, full, lambda h: candidates(tree, h, full, roots, exact),
        lambda: dict(full) if perfect(full) else None, MAX_FILLINGS)


def tie_mixtures(actions: Sequence[str], ix: int, iy: int,
                 ex: Mapping[Any, Mapping[str, Any]], ey: Mapping[Any, Mapping[str, Any]],
                 one: Any, out: list[dict[str, Any]]) -> None:
    """Append to ``out`` each mixture of actions ``ix`` and ``iy`` that makes some player
    above indifferent between two of its actions. ``ex`` and ``ey`` map each place above to
    its actions' values when ``ix`` (resp. ``iy``) is played; a pair whose value difference
    changes sign between them ties at weight ``d_y / (d_y - d_x)`` on ``ix``."""
    for g, v_x in ex.items():
        v_y = ey[g]
        for a1, a2 in itertools.combinations(v_x, 2):
            d_x, d_y = v_x[a1] - v_x[a2], v_y[a1] - v_y[a2]
            if d_x == d_y or (d_x > 0) == (d_y > 0) or d_x == 0 or d_y == 0:
                continue
            t = d_y / (d_y - d_x)
            dist = {b: 0 * one for b in actions}
            dist[actions[ix]], dist[actions[iy]] = t, 1 - t
            if dist not in out:
                out.append(dist)


def candidates(tree: GameTree, h: InfoSet, full: dict[Path, Any], roots: Sequence[Path],
                exact: bool) -> list[dict[str, Any]]:
    """Pure actions, then mixtures of two actions that tie two actions at a set above.

    Parameters
    ----------
    tree : GameTree
        The game.
    h : InfoSet
        The open set whose behaviours are listed.
    full : dict
        The behaviour profile filled so far (restored at ``h`` on return).
    roots : sequence of Path
        The subgame roots at non-terminal nodes, to weigh a set's members.
    exact : bool
        Build the behaviours from Fractions rather than floats.

    Returns
    -------
    list of dict
        The behaviours to try at ``h``: each pure action, then each mixture of two actions
        that leaves the player of a set above ``h`` indifferent between two of its actions.

    Examples
    --------
    >>> t = GameTree(Decision("Entrant", {"Out": Outcome((0, 2)), "In": Decision(
    ...     "Incumbent", {"Fight": Outcome((-1, -1)), "Accommodate": Outcome((1, 1))})}))
    >>> roots = [(), ("In",)]  # the subgame roots at decision nodes
    >>> full = {(): {"Out": 1, "In": 0}, ("In",): {"Fight": 1, "Accommodate": 0}}
    >>> candidates(t, t.infoset(("In",)), full, roots, True)[2]  # Entrant indifferent
    {'Fight': Fraction(1, 2), 'Accommodate': Fraction(1, 2)}
    """
    one: Any = Fraction(1) if exact else 1.0
    out = [{b: (one if b == a else 0 * one) for b in h.actions} for a in h.actions]
    above = {tree.infoset(n[:j]).name: tree.infoset(n[:j]) for n in h.members
             for j in range(len(n)) if isinstance(tree.node(n[:j]), Decision)}
    saved = {m: full[m] for m in h.members}
    ends = []
    for dist in out[:2] if len(h.actions) == 2 else out:
        for m in h.members:
            full[m] = dist
        ends.append({g.name: _set_values(tree, g, full, roots) for g in above.values()})
    for (ix, ex), (iy, ey) in itertools.combinations(enumerate(ends), 2):
        tie_mixtures(h.actions, ix, iy, ex, ey, one, out)
    for m, d in saved.items():
        full[m] = d
    return out


def _set_values(tree: GameTree, g: InfoSet, full: Behaviour, roots: Sequence[Path]
                ) -> dict[str, Any]:
    i = tree.players.index(g.player)
    s = smallest_subgame(g.members[0], roots)
    w = [weight(tree, full, s, m) for m in g.members]
    if all(x == 0 for x in w):
        w = [1] * len(w)
    return {a: sum(x * tree.expected_payoffs(full, at=(*m, a))[i]
                   for x, m in zip(w, g.members, strict=True) if x != 0) for a in g.actions}


def smallest_subgame(path: Path, roots: Sequence[Path]) -> Path:
    """The root of the smallest subgame holding the node at ``path``.

    Parameters
    ----------
    path : Path
        A node's path.
    roots : sequence of Path
        Subgame roots; one must be a prefix of ``path`` (the tree's root ``()`` always is).

    Returns
    -------
    Path
        The longest root in ``roots`` that is a prefix of ``path``.

    Examples
    --------
    >>> smallest_subgame(("In", "Fight"), [(), ("In",)]), smallest_subgame(("Out",), [()])
    (('In',), ())
    """
    return max((r for r in roots if path[: len(r)] == r), key=len)


def greedy_fill(
    tree: GameTree, beh: Behaviour, open_sets: list[InfoSet], roots: Sequence[Path]
) -> dict[Path, dict[str, Any]]:
    """Fill open sets from the bottom up with a locally best action (ties: the first).

    An action's value is the player's expected payoff over the set's members, each weighted
    by :func:`weight` from its smallest subgame's root.

    Parameters
    ----------
    tree : GameTree
        The game.
    beh : Behaviour
        The profile's behaviour at the sets it does not leave open.
    open_sets : list of InfoSet
        The sets to fill.
    roots : sequence of Path
        The subgame roots at non-terminal nodes.

    Returns
    -------
    dict
        Each open set's member path mapped to its pure behaviour (1 on the action chosen).

    Examples
    --------
    >>> t = GameTree(Decision("Entrant", {"Out": Outcome((0, 2)), "In": Decision(
    ...     "Incumbent", {"Fight": Outcome((-1, -1)), "Accommodate": Outcome((1, 1))})}))
    >>> roots = [(), ("In",)]  # the subgame roots at decision nodes
    >>> greedy_fill(t, {(): {"Out": 1, "In": 0}}, [t.infoset(("In",))], roots)
    {('In',): {'Fight': 0, 'Accommodate': 1}}
    """
    full: dict[Path, Any] = dict(beh)
    fill: dict[Path, dict[str, Any]] = {}
    for h in sorted(open_sets, key=lambda h: -len(h.members[0])):
        i = tree.players.index(h.player)
        s = smallest_subgame(h.members[0], roots)
        for a in h.actions:  # provisional, so that values below are defined
            for m in h.members:
                full.setdefault(m, {b: (1 if b == a else 0) for b in h.actions})
            break
        q = {a: sum(weight(tree, full, s, m) * tree.expected_payoffs(full, at=(*m, a))[i]
                    for m in h.members) for a in h.actions}
        top = max(q.values())
        a = next(a for a in h.actions if q[a] == top)
        for m in h.members:
            fill[m] = full[m] = {b: (1 if b == a else 0) for b in h.actions}
    return fill


def weight(tree: GameTree, beh: Behaviour, root: Path, path: Path) -> Any:
    """The probability of reaching ``path`` from ``root`` under ``beh`` and chance.

    Parameters
    ----------
    tree : GameTree
        The game.
    beh : Behaviour
        The behaviour profile (a node it does not cover plays each action with probability 0).
    root : Path
        The node counted from; a prefix of ``path``.
    path : Path
        The node reached.

    Returns
    -------
    number
        The product of chance probabilities and behaviour probabilities along the way (1
        when ``path == root``).

    Examples
    --------
    >>> t = GameTree(Decision("Entrant", {"Out": Outcome((0, 2)), "In": Decision(
    ...     "Incumbent", {"Fight": Outcome((-1, -1)), "Accommodate": Outcome((1, 1))})}))
    >>> beh = {(): {"Out": 1, "In": 0}}
    >>> weight(t, beh, (), ("In",)), weight(t, beh, (), ("Out",)), weight(t, beh, (), ())
    (0, 1, 1)
    """
    w: Any = 1
    for k in range(len(root), len(path)):
        node = tree.node(path[:k])
        if isinstance(node, Chance):
            w = w * node.probabilities[path[k]]
        elif isinstance(node, Decision):
            w = w * beh.get(path[:k], {}).get(path[k], 0)
    return w
