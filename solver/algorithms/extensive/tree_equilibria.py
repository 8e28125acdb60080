"""Nash equilibria of a tree's reduced normal form, classified as subgame perfect or not.

Each equilibrium of the reduced normal form is mapped back to behaviour strategies. It is
*subgame perfect* when the information sets its own plans leave open can be filled in so
that the profile is a Nash equilibrium of every subgame (checked by each player's
best-response value in each subgame, an independent certificate). When it is not, the
result names each *incredible threat*: an action at an information set off the equilibrium
path that is not a best response where it would be taken (Selten 1975, 1978).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from numpy.typing import NDArray

from solver._core.arrays import readonly
from solver._core.tabular import Tabular, format_mixed, one_line
from solver.algorithms.extensive.backward_induction import (
    TIE_TOL,
    deterministic_path,
    payoff_scale,
    subgame_perfect,
)
from solver.algorithms.extensive.open_sets import (
    bottom_up,
    fill_open_sets,
    greedy_fill,
    smallest_subgame,
)
from solver.algorithms.extensive.reduced_normal_form import (
    ReducedNormalForm,
    equilibrium_profiles,
    reduced_normal_form_with_plans,
    to_behaviour,
)
from solver.representations.tree import (
    Behaviour,
    Chance,
    Decision,
    GameTree,
    InfoSet,
    Outcome,
    Path,
)

__all__ = [
    "IncredibleThreat",
    "TreeEquilibrium",
    "TreeEquilibria",
    "tree_equilibria",
    "classify_profiles",
    "subgame_regrets",
]



@dataclass(frozen=True)
class IncredibleThreat:
    """An action the profile would take where it is not a best response.

    ``value`` is the player's expected payoff from ``action`` at the information set
    (weighted by how others and chance reach its nodes within the smallest subgame holding
    it, the player then continuing optimally); ``best_value`` that of ``best_actions``.

    Attributes
    ----------
    player : str
        The player who would carry out the threat.
    infoset : str
        The information set's name.
    path : tuple of str
        The path of its first node.
    action : str
        The action played there that is not a best response.
    probability : float or Fraction
        The probability the profile gives ``action``.
    value, best_value : float or Fraction
        The player's expected payoff from ``action`` and from its best actions.
    best_actions : tuple of str
        The actions that are best responses there.
    on_path : bool
        Whether a node of the set is reached with positive probability.

    Examples
    --------
    See :func:`tree_equilibria`, whose entry-game example shows the incumbent's threat to
    fight.
    """

    player: str
    infoset: str
    path: Path
    action: str
    probability: Any
    value: Any
    best_value: Any
    best_actions: tuple[str, ...]
    on_path: bool

    def __repr__(self) -> str:
        return one_line("IncredibleThreat", self.player, infoset=self.infoset, action=self.action,
                        value=self.value, best_value=self.best_value, on_path=self.on_path)


@dataclass(frozen=True, eq=False)
class TreeEquilibrium:
    """A Nash equilibrium of the reduced normal form, read back on the tree.

    ``row``/``col`` are the reduced-form mixed strategies; ``behaviour`` the behaviour
    strategy at every decision node, where the sets in ``filled`` (left open by the
    player's own plans) hold the filling that makes it subgame perfect when one was found.
    ``proven`` says whether the verdict is certain: True when it is subgame perfect (the
    filling is the proof), or when the search for a filling was exhaustive. The search tries
    every pure filling and, at each open set bottom-up, the mixtures over two actions that
    make a player above indifferent between two of its actions; it is exhaustive when at most
    one set is open and it has two actions (then the fillings that work form an interval
    whose ends are among those candidates). A threat in a subgame without open nodes is a
    proof by itself (no filling changes it). Otherwise a profile found not subgame perfect
    has ``proven=False`` and :attr:`TreeEquilibria.incredible` leaves it out.

    Attributes
    ----------
    row, col : numpy.ndarray
        The reduced-form mixed strategies of the two players.
    strategies : (Mapping[str, float], Mapping[str, float])
        Each player's strategies played with positive probability, by label.
    behaviour : Behaviour
        The behaviour strategy at every decision node (path -> action -> probability).
    filled : frozenset of str
        The information sets left open by the player's own plans, whose behaviour is the
        filling found.
    payoffs : tuple
        Expected payoffs, one per player.
    path : tuple of str
        The path of play while it is deterministic.
    subgame_perfect : bool
        Whether the profile (with its filling) is subgame perfect.
    threats : tuple of IncredibleThreat
        The actions that are not best responses in some subgame.
    proven : bool
        Whether the verdict is certain (see above).
    rests_on_incredible_threat : bool
        Proven not subgame perfect by any filling.
    """

    row: NDArray[Any]
    col: NDArray[Any]
    strategies: tuple[Mapping[str, Any], Mapping[str, Any]]
    behaviour: Behaviour
    filled: frozenset[str]
    payoffs: tuple[Any, ...]
    path: Path
    subgame_perfect: bool
    threats: tuple[IncredibleThreat, ...]
    proven: bool = True

    def __repr__(self) -> str:
        return one_line("TreeEquilibrium", path=self.path, payoffs=self.payoffs,
                        subgame_perfect=self.subgame_perfect, threats=len(self.threats))

    @property
    def rests_on_incredible_threat(self) -> bool:
        """True only when it is proven that no filling of the open sets, pure or mixed, makes
        the profile subgame perfect."""
        return not self.subgame_perfect and self.proven


@dataclass(frozen=True, eq=False)
class TreeEquilibria(Tabular):
    """Every extreme Nash equilibrium of a tree's reduced normal form, classified.

    Attributes
    ----------
    tree : GameTree
        The tree solved.
    reduced : ReducedNormalForm
        Its reduced normal form and the plans behind each strategy.
    equilibria : tuple of TreeEquilibrium
        Every extreme equilibrium of the reduced normal form, read back on the tree.
    subgame_perfect, incredible, undetermined : tuple of TreeEquilibrium
        Those that are subgame perfect, those proven to rest on an incredible threat, and
        those for which neither was settled.
    """

    tree: GameTree
    reduced: ReducedNormalForm
    equilibria: tuple[TreeEquilibrium, ...]

    def __repr__(self) -> str:
        return one_line("TreeEquilibria", equilibria=len(self.equilibria),
                        subgame_perfect=len(self.subgame_perfect),
                        incredible=len(self.incredible), undetermined=len(self.undetermined))

    @property
    def subgame_perfect(self) -> tuple[TreeEquilibrium, ...]:
        return tuple(e for e in self.equilibria if e.subgame_perfect)

    @property
    def incredible(self) -> tuple[TreeEquilibrium, ...]:
        """The equilibria proven to rest on an incredible threat."""
        return tuple(e for e in self.equilibria if e.rests_on_incredible_threat)

    @property
    def undetermined(self) -> tuple[TreeEquilibrium, ...]:
        """The equilibria for which no subgame-perfect filling was found, without proof that
        none exists."""
        return tuple(e for e in self.equilibria if not e.subgame_perfect and not e.proven)

    def to_frame(self) -> pd.DataFrame:
        """One row per extreme Nash equilibrium: strategies, payoffs, path, whether subgame
        perfect, and the incredible threats it rests on."""
        import pandas as pd

        g = self.reduced.game
        return pd.DataFrame([{
            g.players[0]: format_mixed(g.row_labels, e.row),
            g.players[1]: format_mixed(g.col_labels, e.col),
            **{f"payoff_{p}": float(v) for p, v in zip(g.players, e.payoffs, strict=False)},
            "path": ">".join(e.path),
            "subgame_perfect": e.subgame_perfect,
            "incredible_threats": "; ".join(
                f"{t.player} {t.action} at {'>'.join(t.path) or 'root'}" for t in e.threats),
        } for e in self.equilibria])


def tree_equilibria(tree: GameTree, *, tol: float = TIE_TOL) -> TreeEquilibria:
    """Enumerate the reduced normal form's extreme equilibria and classify each.

    Parameters
    ----------
    tree : GameTree
        A two-player tree with perfect recall.
    tol : float, optional
        Float payoff differences within ``tol`` times the tree's payoff scale count as ties
        (exact trees compare exactly).

    Returns
    -------
    TreeEquilibria
        Each extreme equilibrium with its behaviour on the tree, whether it is subgame
        perfect, and the incredible threats it rests on.

    Examples
    --------
    Selten's (1978) entry game: the entrant stays out only because the incumbent threatens
    to fight, which it would not do once entry happened.

    >>> from solver.representations.tree import Decision, Outcome
    >>> entry = GameTree(Decision("Entrant", {
    ...     "Out": Outcome((0, 2)),
    ...     "In": Decision("Incumbent", {"Fight": Outcome((-1, -1)),
    ...                                  "Accommodate": Outcome((1, 1))})}))
    >>> res = tree_equilibria(entry)
    >>> [(e.path, e.subgame_perfect) for e in res.equilibria]
    [(('Out',), False), (('Out',), False), (('In', 'Accommodate'), True)]
    >>> t = res.incredible[0].threats[0]
    >>> t.player, t.path, t.action, t.best_actions
    ('Incumbent', ('In',), 'Fight', ('Accommodate',))
    """
    rnf = reduced_normal_form_with_plans(tree)
    profiles = equilibrium_profiles(rnf.game, caller="tree_equilibria()")
    return TreeEquilibria(tree, rnf, classify_profiles(tree, profiles, rnf=rnf, tol=tol))


def classify_profiles(
    tree: GameTree,
    profiles: Iterable[tuple[Sequence[Any], Sequence[Any]]],
    *,
    rnf: ReducedNormalForm | None = None,
    tol: float = TIE_TOL,
) -> tuple[TreeEquilibrium, ...]:
    """Classify reduced-form profiles (e.g. Nash equilibria) as subgame perfect or not.

    Parameters
    ----------
    tree : GameTree
        A two-player tree with perfect recall.
    profiles : iterable of (row, col)
        Mixed strategies over the reduced normal form's rows and columns.
    rnf : ReducedNormalForm, optional
        The reduced form the profiles refer to (computed when not given).
    tol : float
        Payoff differences within ``tol`` times the payoff scale count as ties (exact trees
        compare exactly).

    Returns
    -------
    tuple of TreeEquilibrium
        One per profile, in order: its behaviour, whether it is subgame perfect (with the
        filling found) and the incredible threats it rests on.

    Examples
    --------
    >>> from solver.representations.tree import Decision, Outcome
    >>> entry = GameTree(Decision("E", {"Out": Outcome((0, 2)),
    ...     "In": Decision("I", {"Fight": Outcome((-1, -1)), "Acc": Outcome((1, 1))})}))
    >>> (e,) = classify_profiles(entry, [([1, 0], [1, 0])])
    >>> e.subgame_perfect, e.threats[0].action, e.threats[0].on_path
    (False, 'Fight', False)
    """
    if rnf is None:
        rnf = reduced_normal_form_with_plans(tree)
    exact = rnf.game.is_exact
    spe_tol = tol
    tol = 0 if exact else tol * payoff_scale(tree)
    roots = [p for p in tree.paths()
             if tree.is_subgame_root(p) and not isinstance(tree.node(p), Outcome)]
    spes: list[Behaviour] | None = None
    out = []
    for row, col in profiles:
        x = np.array(list(row), dtype=object if exact else float)
        y = np.array(list(col), dtype=object if exact else float)
        beh, undefined = to_behaviour(rnf, list(x), list(y))
        open_sets = bottom_up([h for h in tree.infosets if h.name in undefined])
        if spes is None:
            spes = [e.behaviour for e in subgame_perfect(tree, tol=spe_tol)]
        chosen, exhaustive = fill_open_sets(
            tree, beh, open_sets, spes, exact,
            lambda f: all(r <= tol for r in subgame_regrets(tree, f, roots=roots).values()))
        perfect = chosen is not None
        if chosen is None:
            chosen = {**beh, **greedy_fill(tree, beh, open_sets, roots)}
        proven = perfect or (exhaustive and len(open_sets) <= 1
                             and all(len(h.actions) <= 2 for h in open_sets))
        threats = () if perfect else _threats(tree, chosen, undefined, roots, tol)
        # A threat in a subgame that holds no open node does not depend on any filling.
        open_nodes = [m for h in open_sets for m in h.members]
        proven = proven or any(
            not any(m[: len(s)] == s for m in open_nodes)
            for s in (smallest_subgame(t.path, roots) for t in threats))
        labels = (rnf.game.row_labels, rnf.game.col_labels)
        strategies = tuple(
            MappingProxyType({lab: v for lab, v in zip(labels[k], vec, strict=True) if v != 0})
            for k, vec in enumerate((x, y))
        )
        out.append(TreeEquilibrium(
            readonly(x), readonly(y), (strategies[0], strategies[1]),
            MappingProxyType({k: MappingProxyType(v) for k, v in chosen.items()}),
            frozenset(undefined), tree.expected_payoffs(chosen), deterministic_path(tree, chosen),
            perfect, threats, proven,
        ))
    return tuple(out)


def subgame_regrets(
    tree: GameTree, behaviour: Behaviour, *, roots: Sequence[Path] | None = None
) -> dict[tuple[Path, str], Any]:
    """Each player's regret in each subgame: best-response value minus the profile's value.

    A behaviour profile (defined at every decision node) is subgame perfect iff every
    regret is 0. Best responses are computed by dynamic programming over the player's
    information sets, which is exact under perfect recall.

    Parameters
    ----------
    tree : GameTree
        The game, with perfect recall.
    behaviour : Behaviour
        The profile, defined at every decision node.
    roots : sequence of Path or None, optional
        The subgame roots to check; None: every subgame root at a non-terminal node.

    Returns
    -------
    dict
        ``(root, player)`` mapped to that player's regret in the subgame at ``root`` (0 when
        the player's behaviour there is a best response).

    Examples
    --------
    >>> from solver.representations.tree import Decision, Outcome
    >>> entry = GameTree(Decision("E", {"Out": Outcome((0, 2)),
    ...     "In": Decision("I", {"Fight": Outcome((-1, -1)), "Acc": Outcome((1, 1))})}))
    >>> subgame_regrets(entry, {(): {"Out": 1, "In": 0}, ("In",): {"Fight": 1, "Acc": 0}})
    {((), 'E'): 0, ((), 'I'): 0, (('In',), 'E'): 0, (('In',), 'I'): 2}
    """
    if roots is None:
        roots = [p for p in tree.paths()
                 if tree.is_subgame_root(p) and not isinstance(tree.node(p), Outcome)]
    out: dict[tuple[Path, str], Any] = {}
    for s in roots:
        value = tree.expected_payoffs(behaviour, at=s)
        for i, player in enumerate(tree.players):
            br = _BestResponse(tree, behaviour, s, i)
            out[(s, player)] = br.value(s) - value[i]
    return out


class _BestResponse:
    """Player ``i``'s best-response values in the subgame at ``root``, others fixed."""

    def __init__(self, tree: GameTree, behaviour: Behaviour, root: Path, i: int) -> None:
        self.tree, self.beh, self.root, self.i = tree, behaviour, root, i
        self.player = tree.players[i]
        self.best: dict[str, tuple[str, ...]] = {}
        self.q: dict[str, dict[str, Any]] = {}

    def weight(self, path: Path) -> Any:
        """Probability that others and chance lead from the root to ``path``."""
        w: Any = 1
        for k in range(len(self.root), len(path)):
            node = self.tree.node(path[:k])
            if isinstance(node, Chance):
                w = w * node.probabilities[path[k]]
            elif isinstance(node, Decision) and node.player != self.player:
                w = w * self.beh.get(path[:k], {}).get(path[k], 0)
        return w

    def action_values(self, h: InfoSet) -> dict[str, Any]:
        if h.name not in self.q:
            weights = [self.weight(m) for m in h.members]
            self.q[h.name] = {
                a: sum((w * self.value((*m, a)) for m, w in zip(h.members, weights, strict=True)
                        if w != 0), start=0 * weights[0])
                for a in h.actions
            }
        return self.q[h.name]

    def best_actions(self, h: InfoSet) -> tuple[str, ...]:
        if h.name not in self.best:
            q = self.action_values(h)
            top = max(q.values())
            self.best[h.name] = tuple(a for a in h.actions if q[a] == top)
        return self.best[h.name]

    def value(self, path: Path) -> Any:
        node = self.tree.node(path)
        if isinstance(node, Outcome):
            return node.payoffs[self.i]
        if isinstance(node, Chance):
            return sum(p * self.value((*path, a)) for a, _, p in node.branches)
        if node.player == self.player:
            a = self.best_actions(self.tree.infoset(path))[0]
            return self.value((*path, a))
        dist = self.beh.get(path, {})
        return sum(dist.get(a, 0) * self.value((*path, a)) for a in node.labels
                   if dist.get(a, 0) != 0)


def _threats(
    tree: GameTree, beh: Behaviour, undefined: frozenset[str], roots: Sequence[Path], tol: float
) -> tuple[IncredibleThreat, ...]:
    reached = {p for p, pr in tree.reach_probabilities(beh).items() if pr != 0}
    out = []
    for h in tree.infosets:
        if h.name in undefined:
            continue
        i = tree.players.index(h.player)
        s = smallest_subgame(h.members[0], roots)
        br = _BestResponse(tree, beh, s, i)
        if all(br.weight(m) == 0 for m in h.members):
            continue
        q = br.action_values(h)
        top = max(q.values())
        dist = beh[h.members[0]]
        for a in h.actions:
            if dist.get(a, 0) != 0 and q[a] < top - tol:
                out.append(IncredibleThreat(
                    h.player, h.name, h.members[0], a, dist[a], q[a], top,
                    tuple(b for b in h.actions if q[b] >= top - tol),
                    any(m in reached for m in h.members),
                ))
    return tuple(out)
