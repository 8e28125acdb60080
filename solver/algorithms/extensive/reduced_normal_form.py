"""The reduced normal form of a two-player game tree, and the way back to behaviour.

A player's *plan* assigns an action to each of its information sets that its own earlier
actions do not exclude; pure strategies that differ only at excluded sets are equivalent
and merge into one plan (the reduced strategic form of Osborne & Rubinstein 1994, 6.1.2).
A plan is labelled by its actions, in the order the sets first appear, joined by ``/``:
``Demand/Sanction``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import numpy as np

from solver._core.errors import EngineError, InputError
from solver._core.tabular import one_line
from solver.representations.bimatrix import Bimatrix
from solver.representations.tree import Behaviour, Decision, GameTree, Outcome, Path

__all__ = [
    "MAX_CELLS",
    "plan_counts",
    "Plan",
    "ReducedNormalForm",
    "reduced_normal_form",
    "reduced_normal_form_with_plans",
    "to_behaviour",
    "to_mixed",
    "equilibrium_profiles",
]

#: A plan: the action chosen at each information set (by name) that the plan does not exclude.
Plan = Mapping[str, str]

#: Largest reduced normal form (rows times columns) built; past it the builder refuses.
MAX_CELLS = 250_000
#: Seconds the equilibrium engine gets in :func:`equilibrium_profiles` before the caller
#: refuses: tree equilibria and PBE need every extreme equilibrium, and a degenerate reduced
#: form can have tens of thousands (ultimatum 0..5: over 17,000). The engine checks the
#: limit between vertices, so it can run over it.
PROFILE_TIME_LIMIT = 60.0


def plan_counts(tree: GameTree) -> tuple[int, ...]:
    """Each player's number of plans (reduced strategies), counted without listing them.

    Under perfect recall a plan picks one action at a set, then a plan for each of the
    player's sets that come next after that action, independently: the count is a product of
    sums over the player's sets, ordered by the sequence of its own moves.

    Parameters
    ----------
    tree : GameTree
        A tree with perfect recall.

    Returns
    -------
    tuple of int
        Each player's number of plans, in the order of ``tree.players``.

    Examples
    --------
    Ultimatum over 0..5: the proposer has 6 plans, the responder 2**6.

    >>> from solver.representations.tree import Decision, Outcome
    >>> t = GameTree(Decision("P", {str(k): Decision("R", {"yes": Outcome((5 - k, k)),
    ...     "no": Outcome((0, 0))}) for k in range(6)}))
    >>> plan_counts(t)
    (6, 64)
    """
    after: dict[tuple[str, tuple[str, str] | None], list[str]] = {}
    for h in tree.infosets:
        m = h.members[0]
        last = next(((tree.infoset(m[:k]).name, m[k]) for k in range(len(m) - 1, -1, -1)
                     if isinstance(n := tree.node(m[:k]), Decision) and n.player == h.player),
                    None)
        after.setdefault((h.player, last), []).append(h.name)
    sets = {h.name: h for h in tree.infosets}

    def count(player: str, seq: tuple[str, str] | None) -> int:
        out = 1
        for name in after.get((player, seq), []):
            out *= sum(count(player, (name, a)) for a in sets[name].actions)
        return out

    return tuple(count(p, None) for p in tree.players)


def _check_size(func: str, tree: GameTree) -> None:
    counts = plan_counts(tree)
    cells = counts[0] * counts[1]
    if cells > MAX_CELLS:
        raise InputError(
            f"{func}: the reduced normal form would be {counts[0]} x {counts[1]} "
            f"({cells} cells, limit MAX_CELLS = {MAX_CELLS}); for the subgame-perfect "
            "equilibria use subgame_perfect(tree), which works on the tree"
        )


@dataclass(frozen=True, eq=False)
class ReducedNormalForm:
    """A tree's reduced normal form with the map back to plans.

    ``plans[i][k]`` is the tuple of plans that player ``i``'s strategy ``k`` stands for
    (one plan, or several payoff-equivalent ones when merged); the first is its
    representative.

    Attributes
    ----------
    tree : GameTree
        The tree.
    game : Bimatrix
        Its reduced normal form (:func:`reduced_normal_form`).
    plans : tuple of two tuples
        For each player and strategy, the plans (information set -> action) it stands for.

    Examples
    --------
    See :func:`reduced_normal_form_with_plans`.
    """

    tree: GameTree
    game: Bimatrix
    plans: tuple[tuple[tuple[Plan, ...], ...], tuple[tuple[Plan, ...], ...]]

    def __repr__(self) -> str:
        return one_line("ReducedNormalForm", shape=self.game.shape,
                        players=self.game.players)

    def plan(self, player: int, strategy: int) -> Plan:
        """The representative plan of ``player``'s (0 or 1) ``strategy``."""
        return self.plans[player][strategy][0]


def reduced_normal_form(tree: GameTree, *, merge_equivalent: bool = False) -> Bimatrix:
    """The reduced normal form of a two-player tree, as a :class:`Bimatrix`.

    Strategies are plans of action, labelled by their actions (``'Refuse/HoldOut'``).
    Payoffs are expected payoffs over chance; exact trees give exact games.

    Parameters
    ----------
    tree : GameTree
        A two-player tree with perfect recall.
    merge_equivalent : bool
        Also merge plans with identical payoffs for both players against every opposing
        plan (the purely reduced normal form); merged labels are joined by ``' | '``.

    Returns
    -------
    Bimatrix
        Rows are player 0's plans, columns player 1's, labelled by their actions; exact
        (Fractions) when the tree is exact.

    Examples
    --------
    >>> from solver.representations.tree import Decision, Outcome
    >>> entry = GameTree(Decision("Entrant", {
    ...     "Out": Outcome((0, 2)),
    ...     "In": Decision("Incumbent", {"Fight": Outcome((-1, -1)),
    ...                                  "Accommodate": Outcome((1, 1))})}))
    >>> g = reduced_normal_form(entry)
    >>> g.row_labels, g.col_labels
    (('Out', 'In'), ('Fight', 'Accommodate'))
    >>> g.A.tolist(), g.B.tolist()
    ([[Fraction(0, 1), Fraction(0, 1)], [Fraction(-1, 1), Fraction(1, 1)]], \
[[Fraction(2, 1), Fraction(2, 1)], [Fraction(-1, 1), Fraction(1, 1)]])
    """
    return reduced_normal_form_with_plans(tree, merge_equivalent=merge_equivalent).game


def reduced_normal_form_with_plans(
    tree: GameTree, *, merge_equivalent: bool = False
) -> ReducedNormalForm:
    """The reduced normal form together with the plans behind each strategy.

    Parameters
    ----------
    tree : GameTree
        A two-player tree with perfect recall.
    merge_equivalent : bool, optional
        Also merge payoff-equivalent plans (as in :func:`reduced_normal_form`).

    Returns
    -------
    ReducedNormalForm
        The game and, for each strategy, the plans it stands for.

    Examples
    --------
    >>> from solver.representations.tree import Decision, Outcome
    >>> t = GameTree(Decision("A", {"L": Outcome((1, 0)),
    ...     "R": Decision("B", {"l": Outcome((0, 1)), "r": Decision("A", {"x": Outcome((2, 2)),
    ...                                                                "y": Outcome((3, 0))})})}))
    >>> rnf = reduced_normal_form_with_plans(t)
    >>> rnf.game.row_labels
    ('L', 'R/x', 'R/y')
    >>> dict(rnf.plan(0, 1))
    {'A@root': 'R', 'A@R > r': 'x'}
    """
    func = "reduced_normal_form()"
    if len(tree.players) != 2:
        raise InputError(f"{func}: the tree has {len(tree.players)} players "
                         f"{tree.players!r}; the reduced normal form needs 2")
    if not tree.has_perfect_recall():
        raise InputError(f"{func}: the tree does not have perfect recall")
    _check_size(func, tree)
    plans = [_plans(tree, p) for p in tree.players]
    labels = [_plan_labels(tree, p, ps) for p, ps in zip(tree.players, plans, strict=True)]
    exact = tree.is_exact
    m, n = len(plans[0]), len(plans[1])
    A = np.empty((m, n), dtype=object)
    B = np.empty((m, n), dtype=object)
    for i, pr in enumerate(plans[0]):
        for j, pc in enumerate(plans[1]):
            u = tree.expected_payoffs(_plan_behaviour(tree, {**pr, **pc}))
            A[i, j], B[i, j] = u
    groups: list[list[list[int]]] = [[[i] for i in range(m)], [[j] for j in range(n)]]
    if merge_equivalent:
        groups = [_equivalence_classes(np.stack([A, B], axis=-1)),
                  _equivalence_classes(np.stack([A.T, B.T], axis=-1))]
    rows = [g[0] for g in groups[0]]
    cols = [g[0] for g in groups[1]]
    game = Bimatrix.from_arrays(
        A[np.ix_(rows, cols)].tolist(), B[np.ix_(rows, cols)].tolist(),
        row_labels=[" | ".join(labels[0][k] for k in g) for g in groups[0]],
        col_labels=[" | ".join(labels[1][k] for k in g) for g in groups[1]],
        players=tree.players, exact=exact,
    )
    out_plans = tuple(
        tuple(tuple(MappingProxyType(plans[p][k]) for k in g) for g in groups[p])
        for p in (0, 1)
    )
    return ReducedNormalForm(tree, game, (out_plans[0], out_plans[1]))


def to_behaviour(
    rnf: ReducedNormalForm, row: Sequence[Any], col: Sequence[Any]
) -> tuple[dict[Path, dict[str, Any]], frozenset[str]]:
    """Map a mixed profile of the reduced form to behaviour strategies (Kuhn's theorem).

    Parameters
    ----------
    rnf : ReducedNormalForm
        The reduced form (:func:`reduced_normal_form_with_plans`).
    row, col : sequence
        The two players' probabilities over its strategies.

    Returns
    -------
    behaviour : dict
        The behaviour at every decision node whose information set some plan in the
        support does not exclude (path -> action -> probability).
    undefined : frozenset of str
        The names of the sets left undefined because the player's own mixed strategy
        excludes them.

    Examples
    --------
    >>> from solver.representations.tree import Decision, Outcome
    >>> t = GameTree(Decision("E", {"Out": Outcome((0, 2)),
    ...     "In": Decision("I", {"Fight": Outcome((-1, -1)), "Acc": Outcome((1, 1))})}))
    >>> rnf = reduced_normal_form_with_plans(t)
    >>> beh, undefined = to_behaviour(rnf, [1, 0], [0.5, 0.5])
    >>> beh[("In",)], sorted(undefined)
    ({'Fight': Fraction(1, 2), 'Acc': Fraction(1, 2)}, [])
    """
    tree = rnf.tree
    exact = rnf.game.is_exact
    beh: dict[Path, dict[str, Any]] = {}
    undefined: set[str] = set()
    for p, mix in enumerate((row, col)):
        probs = [Fraction(v) if exact else float(v) for v in mix]
        reps = [g[0] for g in rnf.plans[p]]
        for h in tree.infosets:
            if h.player != tree.players[p]:
                continue
            denom: Any = 0
            num: dict[str, Any] = {a: (Fraction(0) if exact else 0.0) for a in h.actions}
            for plan, x in zip(reps, probs, strict=True):
                if h.name in plan and x != 0:
                    denom += x
                    num[plan[h.name]] += x
            if denom == 0:
                undefined.add(h.name)
                continue
            dist = {a: v / denom for a, v in num.items()}
            for m in h.members:
                beh[m] = dict(dist)
    return beh, frozenset(undefined)


def equilibrium_profiles(game: Bimatrix, *, caller: str = "equilibrium_profiles()"
                         ) -> list[tuple[Any, Any]]:
    """Every extreme Nash equilibrium ``(row, col)`` of ``game``, from the equilibrium engine.

    The engine (:func:`solver.algorithms.nash.nash_equilibria`) is imported here, when first
    needed, so that this module does not depend on it at import time.

    Parameters
    ----------
    game : Bimatrix
        The game, usually a reduced normal form.
    caller : str, optional
        The public function named in error messages.

    Returns
    -------
    list of (numpy.ndarray, numpy.ndarray)
        The row and column mixed strategies of every extreme equilibrium, in the engine's
        order.

    Raises
    ------
    InputError
        When the engine cannot enumerate every equilibrium within ``PROFILE_TIME_LIMIT``.
    EngineError
        When the engine's answer is not guaranteed complete.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]], exact=True)
    >>> len(equilibrium_profiles(g))
    3
    """
    from solver.algorithms.nash import BudgetExceeded, nash_equilibria

    try:
        result = nash_equilibria(game, time_limit=PROFILE_TIME_LIMIT)
    except BudgetExceeded:
        raise InputError(
            f"{caller}: the reduced normal form, {game.shape[0]} x {game.shape[1]}, is too "
            f"large to enumerate every equilibrium within {PROFILE_TIME_LIMIT:g} s; this "
            "function takes no method: for the subgame-perfect equilibria use "
            "subgame_perfect(tree), and for some Nash equilibria "
            "nash_equilibria(reduced_normal_form(tree), method='lemke-howson')"
        ) from None
    if not getattr(result, "complete", True):
        raise EngineError(f"{caller}: the engine did not guarantee every "
                           f"extreme equilibrium (method {result.method!r})")
    return [(eq.row, eq.col) for eq in result.equilibria]


# -- kernels ------------------------------------------------------------------------------


def _plans(tree: GameTree, player: str) -> list[dict[str, str]]:
    """Every plan of ``player``, ordered by action index at each set in order of appearance."""

    def merge(a: dict[str, str], b: dict[str, str]) -> dict[str, str] | None:
        for k, v in b.items():
            if a.get(k, v) != v:
                return None
        return {**a, **b}

    def at(path: Path) -> list[dict[str, str]]:
        node = tree.node(path)
        if isinstance(node, Outcome):
            return [{}]
        if isinstance(node, Decision) and node.player == player:
            h = tree.infoset(path).name
            out = []
            for a in node.labels:
                for sub in at((*path, a)):
                    m = merge({h: a}, sub)
                    if m is not None:
                        out.append(m)
            return _dedupe(out)
        combos: list[dict[str, str]] = [{}]
        for a in node.labels:
            subs = at((*path, a))
            combos = _dedupe([m for c in combos for s in subs
                              if (m := merge(c, s)) is not None])
        return combos

    order = [h for h in tree.infosets if h.player == player]

    def key(plan: dict[str, str]) -> tuple[int, ...]:
        return tuple(h.actions.index(plan[h.name]) if h.name in plan else -1 for h in order)

    return sorted(at(()), key=key)


def _dedupe(plans: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: dict[frozenset[tuple[str, str]], dict[str, str]] = {}
    for p in plans:
        seen.setdefault(frozenset(p.items()), p)
    return list(seen.values())


def _plan_labels(tree: GameTree, player: str, plans: list[dict[str, str]]) -> list[str]:
    order = [h.name for h in tree.infosets if h.player == player]
    plain = ["/".join(p[h] for h in order if h in p) or "(no move)" for p in plans]
    if len(set(plain)) == len(plain):
        return plain
    return ["/".join(f"{h}={p[h]}" for h in order if h in p) or "(no move)" for p in plans]


def _plan_behaviour(tree: GameTree, plan: Mapping[str, str]) -> Behaviour:
    beh: dict[Path, dict[str, int]] = {}
    for h in tree.infosets:
        if h.name in plan:
            for m in h.members:
                beh[m] = {plan[h.name]: 1}
    return beh


def _equivalence_classes(stacked: Any) -> list[list[int]]:
    classes: list[list[int]] = []
    for i in range(stacked.shape[0]):
        for c in classes:
            if bool(np.all(stacked[c[0]] == stacked[i])):
                c.append(i)
                break
        else:
            classes.append([i])
    return classes


def to_mixed(rnf: ReducedNormalForm, behaviour: Behaviour) -> tuple[list[Any], list[Any]]:
    """The reduced-form mixed profile realisation-equivalent to a behaviour profile.

    A plan's probability is the product of its actions' behaviour probabilities (Kuhn's
    theorem; the tree has perfect recall). Merged strategies add up their plans.

    Parameters
    ----------
    rnf : ReducedNormalForm
        The reduced form (:func:`reduced_normal_form_with_plans`).
    behaviour : Behaviour
        For each decision node's path, a probability for each action.

    Returns
    -------
    (list, list)
        The row and column player's probabilities over the reduced form's strategies.

    Examples
    --------
    >>> from solver.representations.tree import Decision, Outcome
    >>> t = GameTree(Decision("E", {"Out": Outcome((0, 2)),
    ...     "In": Decision("I", {"Fight": Outcome((-1, -1)), "Acc": Outcome((1, 1))})}))
    >>> rnf = reduced_normal_form_with_plans(t)
    >>> to_mixed(rnf, {(): {"Out": 0, "In": 1}, ("In",): {"Fight": 0, "Acc": 1}})
    ([0, 1], [0, 1])
    """
    tree = rnf.tree
    first = {h.name: h.members[0] for h in tree.infosets}
    out: list[list[Any]] = []
    for p in (0, 1):
        probs = []
        for group in rnf.plans[p]:
            total: Any = 0
            for plan in group:
                prob: Any = 1
                for h, a in plan.items():
                    prob = prob * behaviour[first[h]].get(a, 0)
                total = total + prob
            probs.append(total)
        out.append(probs)
    return out[0], out[1]
