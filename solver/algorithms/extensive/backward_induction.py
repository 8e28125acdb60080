"""Subgame-perfect equilibria of a game tree by backward induction over its subgames."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from solver._core.arrays import readonly
from solver._core.errors import InputError
from solver._core.results import EquilibriumSet, frozen_mapping
from solver._core.tabular import one_line
from solver.algorithms.extensive.reduced_normal_form import (
    equilibrium_profiles,
    reduced_normal_form_with_plans,
    to_behaviour,
)
from solver.representations.tree import (
    Behaviour,
    Chance,
    Decision,
    GameTree,
    Node,
    Outcome,
    Path,
    format_path,
)

__all__ = ["SPE_CERTIFICATE", "TIE_TOL", "BatchSolution", "SubgamePerfectEquilibria",
           "SubgamePerfectEquilibrium", "batch_backward_induction", "deterministic_path",
           "payoff_scale", "subgame_perfect"]

#: Float payoffs within this times :func:`payoff_scale` of the best count as tied (exact
#: trees compare exactly).
TIE_TOL = 1e-9


def payoff_scale(tree: GameTree) -> float:
    """The largest |payoff| (1 when every payoff is 0): float tolerances are relative to it,
    so a game in $ and the same game in $B have the same equilibria.

    Parameters
    ----------
    tree : GameTree
        The tree.

    Returns
    -------
    float
        The largest absolute payoff over the tree's outcomes, or 1.

    Examples
    --------
    >>> from solver.representations.tree import Decision, Outcome
    >>> payoff_scale(GameTree(Decision("A", {"x": Outcome((-3e7, 2))}), players=("A", "B")))
    30000000.0
    >>> payoff_scale(GameTree(Decision("A", {"x": Outcome((-3e-9, 2e-9))}), players=("A", "B")))
    3e-09
    """
    pays = [abs(float(v)) for p in tree.terminal_paths()
            for v in tree.node(p).payoffs]  # type: ignore[union-attr]
    return max(pays, default=0.0) or 1.0


@dataclass(frozen=True, eq=False)
class SubgamePerfectEquilibrium:
    """One subgame-perfect equilibrium.

    Attributes
    ----------
    behaviour : mapping
        For every decision node's path, a probability for each action.
    payoffs : tuple
        Expected payoffs, ordered as the tree's players.
    path : tuple of str
        The actions taken with certainty from the root: the whole play when it is
        deterministic, else up to the first chance move or mixed choice.
    outcomes : mapping
        The probability of each terminal (by path) under the equilibrium.
    """

    behaviour: Behaviour
    payoffs: tuple[Any, ...]
    path: Path
    outcomes: Mapping[Path, Any]

    def __repr__(self) -> str:
        return one_line("SubgamePerfectEquilibrium", path=self.path, payoffs=self.payoffs)

    def action(self, path: Path) -> str | None:
        """The action taken with certainty at the node ``path``, or ``None`` if mixed."""
        dist = self.behaviour[tuple(path)]
        sure = [a for a, p in dist.items() if p == 1]
        return sure[0] if sure else None


class SubgamePerfectEquilibria(EquilibriumSet[SubgamePerfectEquilibrium]):
    """What :func:`subgame_perfect` found: a sequence of :class:`SubgamePerfectEquilibrium`
    (index, iterate and unpack it as the tuple it used to be), with its ``method``,
    ``parameters`` (``tol``, ``max_equilibria``, ``mixed``) and ``certificate``.

    Parameters
    ----------
    equilibria : tuple of SubgamePerfectEquilibrium
        The equilibria, pure ones first.
    method : str
        How they were computed.
    parameters : mapping
        ``tol``, ``max_equilibria`` and ``mixed``, read-only.
    complete : bool, optional
        Whether the search was exhaustive.
    certificate : str, optional
        What every equilibrium satisfies (:data:`SPE_CERTIFICATE`).

    Examples
    --------
    >>> from solver.representations.tree import Decision, Outcome
    >>> t = GameTree(Decision("A", {"x": Outcome((1, 0)), "y": Outcome((2, 1))}),
    ...              players=("A", "B"))
    >>> spes = subgame_perfect(t)
    >>> len(spes), spes[0], dict(spes.parameters)["mixed"]
    (1, SubgamePerfectEquilibrium(path=('y',), payoffs=(2, 1)), False)
    """


#: What every equilibrium of :func:`subgame_perfect` satisfies by construction.
SPE_CERTIFICATE = ("backward induction: in every subgame each player's move is a best reply "
                   "(within tol times the payoff scale) to the equilibrium below it")


def subgame_perfect(
    tree: GameTree, *, tol: float = TIE_TOL, max_equilibria: int = 100_000,
    mixed: bool = False,
) -> SubgamePerfectEquilibria:
    """Every pure subgame-perfect equilibrium, and mixed ones in simultaneous-move subgames.

    With ``mixed=True`` (two players, perfect recall) the answer also holds the mixed SPE
    that need a player to mix where it is indifferent, so that a player above is indifferent
    in turn: every extreme equilibrium of the reduced normal form (from the normal-form
    engine) that some filling of the sets its plans leave open makes subgame perfect (see
    :func:`solver.algorithms.extensive.tree_equilibria.tree_equilibria`), after the pure
    ones. Every SPE that is an extreme point of the normal form's equilibrium set is among them.

    Perfect-information parts are solved by backward induction: ties give several
    equilibria and all are returned (in action order). A subgame without proper subgames
    that is not a single move (an information set joins several nodes) is solved through
    its reduced normal form and the equilibrium engine (two players only), which gives its
    pure and mixed (extreme) equilibria. At an information set that a player's own moves
    exclude inside such a subgame, the behaviour is arbitrary; the first action is given.

    Parameters
    ----------
    tree : GameTree
    tol : float
        Float payoffs within ``tol`` times :func:`payoff_scale` of the best count as tied
        (default :data:`TIE_TOL`).
    max_equilibria : int
        Stop with an error beyond this many equilibria in any subgame (ties multiply).
    mixed : bool
        Also return the mixed SPE described above (two players, perfect recall).

    Returns
    -------
    SubgamePerfectEquilibria
        Every equilibrium found, pure ones first (in action order): each with its behaviour
        at every decision node, its expected payoffs and its path; the sequence records the
        method and parameters that produced it.

    Raises
    ------
    InputError
        If ``tol`` is negative, a subgame has more than ``max_equilibria`` equilibria, or a
        subgame needing the normal-form engine (or ``mixed=True``) has other than two
        players.

    Examples
    --------
    >>> from solver.representations.tree import Decision, Outcome
    >>> tree = GameTree(Decision("US", {"NoDemand": Outcome((0, 0)),
    ...     "Demand": Decision("Japan", {"Comply": Outcome((3, -3)), "Refuse": Outcome((-1, 0))})}))
    >>> (spe,) = subgame_perfect(tree)
    >>> spe.path, spe.payoffs
    (('NoDemand',), (0, 0))
    >>> dict(spe.behaviour[("Demand",)])
    {'Comply': 0, 'Refuse': 1}
    """
    if tol < 0:
        raise InputError(f"subgame_perfect(): tol must be >= 0, got {tol!r}")
    roots = {p for p in tree.paths() if tree.is_subgame_root(p)}
    solver = _Solver(tree, roots, 0 if tree.is_exact else tol * payoff_scale(tree),
                     max_equilibria)
    found = [beh for beh, _ in solver.solve(())]
    if mixed:
        from solver.algorithms.extensive.tree_equilibria import tree_equilibria

        if len(tree.players) != 2:
            raise InputError("subgame_perfect(): mixed=True needs the normal-form engine, "
                             f"which takes 2 players, not {len(tree.players)}")
        seen = {_key(b, tree.is_exact) for b in found}
        for e in tree_equilibria(tree, tol=tol).subgame_perfect:
            beh = {k: dict(v) for k, v in e.behaviour.items()}
            if _key(beh, tree.is_exact) not in seen:
                seen.add(_key(beh, tree.is_exact))
                found.append(beh)
    out = []
    for beh in found:
        frozen = MappingProxyType({k: MappingProxyType(v) for k, v in beh.items()})
        out.append(SubgamePerfectEquilibrium(
            frozen, tree.expected_payoffs(beh), deterministic_path(tree, beh),
            MappingProxyType(tree.play_distribution(beh)),
        ))
    method = "backward induction; the reduced normal form in subgames with information sets"
    if mixed:
        method += "; the mixed SPE of tree_equilibria"
    return SubgamePerfectEquilibria(
        tuple(out), method=method,
        parameters={"tol": tol, "max_equilibria": max_equilibria, "mixed": mixed},
        certificate=SPE_CERTIFICATE,
    )


def _key(beh: Mapping[Path, Mapping[str, Any]], exact: bool) -> Any:
    return tuple(sorted((p, tuple((a, x if exact else round(float(x), 9))
                                  for a, x in sorted(d.items()))) for p, d in beh.items()))


def deterministic_path(tree: GameTree, behaviour: Behaviour) -> Path:
    """The actions taken with certainty from the root, up to the first random move.

    Parameters
    ----------
    tree : GameTree
        The tree.
    behaviour : Behaviour
        For each decision node's path, a probability for each action.

    Returns
    -------
    tuple of str
        The path: it stops at an outcome, a chance node or a mixed choice.

    Examples
    --------
    >>> from solver.representations.tree import Decision, Outcome
    >>> t = GameTree(Decision("A", {"x": Outcome((1,)), "y": Outcome((0,))}))
    >>> deterministic_path(t, {(): {"x": 1, "y": 0}})
    ('x',)
    """
    path: Path = ()
    while True:
        node = tree.node(path)
        if not isinstance(node, Decision):
            return path
        sure = [a for a, p in behaviour.get(path, {}).items() if p == 1]
        if not sure:
            return path
        path = (*path, sure[0])


_Solution = tuple[dict[Path, dict[str, Any]], tuple[Any, ...]]


class _Solver:
    def __init__(self, tree: GameTree, roots: set[Path], tol: float, limit: int) -> None:
        self.tree, self.roots, self.tol, self.limit = tree, roots, tol, limit

    def _check(self, n: int, path: Path) -> None:
        if n > self.limit:
            raise InputError(f"subgame_perfect(): more than {self.limit} equilibria in the "
                             f"subgame at {format_path(path)}; raise max_equilibria")

    def solve(self, path: Path) -> list[_Solution]:
        """All equilibria of the subgame at ``path`` (a subgame root)."""
        node = self.tree.node(path)
        if isinstance(node, Outcome):
            return [({}, tuple(node.payoffs))]
        subroots = self._maximal_subroots(path)
        children = [(*path, a) for a in node.labels]
        if subroots == children:
            return self._one_move(path, node)
        sols = [self.solve(r) for r in subroots]
        self._check(_product_size(sols), path)
        out: list[_Solution] = []
        for combo in itertools.product(*sols):
            below = _merged(combo)
            repl = {r: pay for r, (_, pay) in zip(subroots, combo, strict=True)}
            for beh in self._simultaneous(path, repl):
                full = {**below, **beh}
                out.append((full, self.tree.expected_payoffs(full, at=path)))
        self._check(len(out), path)
        return out

    def _maximal_subroots(self, path: Path) -> list[Path]:
        out: list[Path] = []
        stack = [(*path, a) for a in reversed(self.tree.node(path).labels)]  # type: ignore[union-attr]
        while stack:
            p = stack.pop()
            if p in self.roots:
                out.append(p)
            else:
                node = self.tree.node(p)
                stack.extend((*p, a) for a in reversed(node.labels))  # type: ignore[union-attr]
        return out

    def _one_move(self, path: Path, node: Node) -> list[_Solution]:
        labels = node.labels  # type: ignore[union-attr]
        sols = [self.solve((*path, a)) for a in labels]
        self._check(_product_size(sols), path)
        out: list[_Solution] = []
        for combo in itertools.product(*sols):
            below = _merged(combo)
            if isinstance(node, Chance):
                pay = [0] * len(self.tree.players)
                for (_, p), (_, u) in zip(node.probabilities.items(), combo, strict=True):
                    pay = [x + p * y for x, y in zip(pay, u, strict=True)]
                out.append((below, tuple(pay)))
                continue
            assert isinstance(node, Decision)
            i = self.tree.players.index(node.player)
            values = [u[i] for _, u in combo]
            best = max(values)
            for a, v, (_, u) in zip(labels, values, combo, strict=True):
                if v >= best - self.tol:
                    dist = {b: (1 if b == a else 0) for b in labels}
                    out.append(({**below, path: dist}, u))
        return out

    def _simultaneous(
        self, path: Path, replaced: dict[Path, tuple[Any, ...]]
    ) -> list[dict[Path, dict[str, Any]]]:
        """Equilibria of the subgame at ``path`` with its proper subgames replaced by payoffs."""
        tree = self.tree

        def rebuild(p: Path) -> Node:
            if p in replaced:
                return Outcome(replaced[p])
            n = tree.node(p)
            if isinstance(n, Decision):
                return Decision(n.player, [(a, rebuild((*p, a))) for a in n.labels], n.infoset)
            if isinstance(n, Chance):
                return Chance([(a, (rebuild((*p, a)), q)) for a, _, q in n.branches])
            return n

        sub = GameTree(rebuild(path), players=tree.players)
        if len(tree.players) != 2:
            raise InputError(f"subgame_perfect(): the subgame at {format_path(path)} has "
                             "simultaneous moves; that needs the normal-form engine, which "
                             f"takes 2 players, not {len(tree.players)}")
        rnf = reduced_normal_form_with_plans(sub)
        out = []
        for row, col in equilibrium_profiles(rnf.game):
            beh, undefined = to_behaviour(rnf, row, col)
            for h in sub.infosets:
                if h.name in undefined:
                    for m in h.members:
                        beh[m] = {a: (1 if k == 0 else 0) for k, a in enumerate(h.actions)}
            if not tree.is_exact:
                beh = {k: {a: float(x) for a, x in v.items()} for k, v in beh.items()}
            out.append({(*path, *k): v for k, v in beh.items()})
        return out


def _product_size(sols: list[list[Any]]) -> int:
    n = 1
    for s in sols:
        n *= len(s)
    return n


def _merged(combo: Sequence[_Solution]) -> dict[Path, dict[str, Any]]:
    """The behaviour strategies of disjoint subtrees' solutions, combined."""
    below: dict[Path, dict[str, Any]] = {}
    for beh, _ in combo:
        below.update(beh)
    return below


@dataclass(frozen=True, eq=False)
class BatchSolution:
    """:func:`batch_backward_induction`'s answer, one row per payoff vector (read-only).

    Unpacks as the ``(payoffs, terminal)`` tuple it replaces.

    Attributes
    ----------
    payoffs : ndarray
        The first SPE's payoffs, shape ``(n, players)``.
    terminal : ndarray of int
        Per row, the index in ``tree.terminal_paths()`` of the terminal it reaches.
    parameters : mapping
        ``tol``.
    method : str
        How the rows were solved.

    Examples
    --------
    >>> from solver.representations.tree import Decision, Outcome
    >>> t = GameTree(Decision("A", {"x": Outcome((1, 0)), "y": Outcome((0, 1))}),
    ...              players=("A", "B"))
    >>> sol = batch_backward_induction(t, {("x",): np.array([[1.0, 0]]),
    ...                                    ("y",): np.array([[0.0, 1]])})
    >>> sol, sol.terminal.tolist(), dict(sol.parameters)
    (BatchSolution(rows=1, players=2), [0], {'tol': 1e-09})
    """

    payoffs: NDArray[np.float64]
    terminal: NDArray[np.int64]
    parameters: Mapping[str, Any]
    method: str = ("backward induction, vectorised over rows; a tie goes to the first action, "
                   "as subgame_perfect's first equilibrium")

    def __repr__(self) -> str:
        return one_line("BatchSolution", rows=int(self.payoffs.shape[0]),
                        players=int(self.payoffs.shape[1]) if self.payoffs.ndim > 1 else 0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "payoffs", readonly(self.payoffs))
        object.__setattr__(self, "terminal", readonly(self.terminal))
        object.__setattr__(self, "parameters", frozen_mapping(self.parameters))

    def __iter__(self) -> Iterator[NDArray[Any]]:
        return iter((self.payoffs, self.terminal))


def batch_backward_induction(
    tree: GameTree, payoffs: Mapping[Path, NDArray[np.float64]], *, tol: float = TIE_TOL
) -> BatchSolution:
    """Backward induction on one tree shape with many payoff vectors at once.

    ``tree`` gives the shape (a perfect-information tree without chance moves); ``payoffs``
    maps each terminal path to an array of shape ``(n, players)``. Each row is solved as
    :func:`subgame_perfect` solves a tree: at a tie (within ``tol`` times the row's largest
    |payoff|) the first action in
    the node's order is taken, which is the first equilibrium ``subgame_perfect`` returns.

    Parameters
    ----------
    tree : GameTree
        The tree's shape: perfect information, no chance moves (else ``InputError``).
    payoffs : mapping of Path to numpy.ndarray
        Each terminal path's payoffs, shape ``(n, players)``; every terminal needs one.
    tol : float, optional
        Ties within ``tol`` times the row's largest |payoff| go to the first action.

    Returns
    -------
    BatchSolution
        The payoffs ``(n, players)`` and, per row, the index of the terminal path reached
        in ``tree.terminal_paths()``.

    Examples
    --------
    >>> from solver.representations.tree import Decision, Outcome
    >>> t = GameTree(Decision("A", {"x": Outcome((1, 0)), "y": Outcome((0, 1))}),
    ...              players=("A", "B"))
    >>> pay, where = batch_backward_induction(t, {("x",): np.array([[1.0, 0], [0, 0]]),
    ...                                           ("y",): np.array([[0.0, 1], [2, 1]])})
    >>> pay.tolist(), where.tolist()
    ([[1.0, 0.0], [2.0, 1.0]], [0, 1])
    """
    if not tree.has_perfect_information or any(
        isinstance(tree.node(p), Chance) for p in tree.paths()
    ):
        raise InputError("batch_backward_induction(): the tree must have perfect information "
                         "and no chance moves")
    terminals = tree.terminal_paths()
    missing = [format_path(p) for p in terminals if p not in payoffs]
    if missing:
        raise InputError(f"batch_backward_induction(): no payoffs for terminal(s) {missing}")
    index = {p: i for i, p in enumerate(terminals)}
    # Ties within ``tol`` of each row's payoff scale (its largest |payoff|), as in
    # :func:`subgame_perfect`.
    scale = np.max(np.stack([np.abs(np.asarray(payoffs[p], dtype=float)).max(axis=1)
                             for p in terminals], axis=1), axis=1, keepdims=True)
    scale = np.where(scale > 0, scale, 1.0)

    def go(path: Path) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        node = tree.node(path)
        if isinstance(node, Outcome):
            pay = np.asarray(payoffs[path], dtype=float)
            return pay, np.full(len(pay), index[path])
        assert isinstance(node, Decision)
        i = tree.players.index(node.player)
        kids = [go((*path, a)) for a in node.labels]
        values = np.stack([k[0][:, i] for k in kids], axis=1)
        best = values.max(axis=1, keepdims=True)
        choice = np.argmax(values >= best - tol * scale, axis=1)
        pay = np.stack([k[0] for k in kids], axis=1)[np.arange(len(choice)), choice]
        where = np.stack([k[1] for k in kids], axis=1)[np.arange(len(choice)), choice]
        return pay, where

    pay, where = go(())
    return BatchSolution(pay, where, {"tol": tol})
