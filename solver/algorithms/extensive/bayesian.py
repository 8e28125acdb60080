"""Perfect Bayesian equilibria of two-player trees with incomplete information.

Types are chance moves; a player who does not see the draw has an information set that
joins the nodes it cannot tell apart. The Bayesian normal form (the reduced normal form of
the whole tree, chance included, ex ante) is solved by the equilibrium engine; each
equilibrium is read back as behaviour strategies, beliefs are formed by Bayes' rule at
every information set reached with positive probability, and beliefs off the path are
searched over the whole belief simplex (:mod:`solver.algorithms.extensive.belief_cells`) and stated.
An equilibrium is kept when every action played with positive probability is a best reply at
its information set given the beliefs and the continuation: a (weak) perfect Bayesian
equilibrium (Fudenberg & Tirole 1991, 8.1).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from solver._core.arrays import readonly
from solver._core.results import EquilibriumSet
from solver._core.tabular import one_line
from solver.algorithms.extensive.backward_induction import TIE_TOL, deterministic_path, payoff_scale
from solver.algorithms.extensive.belief_cells import best_reply_cells
from solver.algorithms.extensive.open_sets import depth_first_fill, tie_mixtures
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
    Path,
)

__all__ = [
    "PerfectBayesianEquilibria",
    "PerfectBayesianEquilibrium",
    "perfect_bayesian_equilibria",
    "bayes_beliefs",
]


@dataclass(frozen=True, eq=False)
class PerfectBayesianEquilibrium:
    """A perfect Bayesian equilibrium: strategies and beliefs.

    Attributes
    ----------
    behaviour : mapping
        For every decision node's path, a probability for each action.
    beliefs : mapping
        For every information set (by name), a probability for each of its nodes (by path).
    on_path : frozenset of str
        Information sets reached with positive probability; their beliefs follow Bayes' rule.
    off_path_beliefs : mapping
        The beliefs chosen at the other information sets (a subset of ``beliefs``).
    payoffs : tuple
        Ex-ante expected payoffs, ordered as the tree's players.
    outcomes : mapping
        The probability of each terminal (by path).
    row, col : ndarray
        The profile of the Bayesian normal form it came from.
    """

    behaviour: Behaviour
    beliefs: Mapping[str, Mapping[Path, Any]]
    on_path: frozenset[str]
    off_path_beliefs: Mapping[str, Mapping[Path, Any]]
    payoffs: tuple[Any, ...]
    outcomes: Mapping[Path, Any]
    path: Path
    row: NDArray[Any]
    col: NDArray[Any]

    def __repr__(self) -> str:
        return one_line("PerfectBayesianEquilibrium", path=self.path, payoffs=self.payoffs,
                        on_path=sorted(self.on_path))

    def probability(self, path: Sequence[str], action: str) -> Any:
        """The probability of ``action`` at the decision node ``path``."""
        return self.behaviour[tuple(path)].get(action, 0)


class PerfectBayesianEquilibria(EquilibriumSet[PerfectBayesianEquilibrium]):
    """The equilibria found (a sequence: index, iterate and unpack it as a tuple), with the
    ``method``, ``parameters`` (``tol``) and ``certificate``, and ``complete``: whether every
    search was exhaustive.

    ``complete`` is False when, for some extreme equilibrium of the Bayesian normal form, the
    search for a filling of the unreached sets and for supporting beliefs stopped at a limit
    (:data:`SEARCH_LIMIT`, :data:`~solver.algorithms.extensive.belief_cells.VERTEX_LIMIT`) before it
    had tried every candidate; an equilibrium may then be missing.

    Attributes
    ----------
    complete : bool
        As above.

    Examples
    --------
    See :func:`perfect_bayesian_equilibria`, whose answer this is.
    """


#: What every equilibrium of :func:`perfect_bayesian_equilibria` passed.
PBE_CERTIFICATE = ("weak PBE: Bayes' rule at every set on the path, and at every set a "
                   "belief at which each action played is a best reply (within tol)")


def perfect_bayesian_equilibria(
    tree: GameTree, *, tol: float = TIE_TOL
) -> PerfectBayesianEquilibria:
    """The weak perfect Bayesian equilibria among the Bayesian normal form's extreme equilibria.

    Each extreme equilibrium of the Bayesian normal form is read back as behaviour. At a set
    that the player's own earlier move excludes, the normal form says nothing: the engine
    tries every action that is a best reply at *some* belief (the belief simplex is searched
    whole, through the exact breakpoints of the best-reply correspondence, for any number of
    nodes), and mixtures that leave a player above indifferent. At every set off the path a
    supporting belief is sought over the whole simplex the same way. The equilibrium is kept
    when some filling and beliefs make every action played a best reply (Fudenberg & Tirole
    1991, 8.1). The answer holds one such equilibrium per extreme equilibrium; where the
    off-path beliefs can vary, the stated belief is one that works.

    Parameters
    ----------
    tree : GameTree
        A two-player tree with perfect recall; types are chance moves.
    tol : float
        Float payoff differences within ``tol`` times the payoff scale
        (:func:`~solver.algorithms.extensive.backward_induction.payoff_scale`) count as ties (exact
        trees: exactly).

    Returns
    -------
    PerfectBayesianEquilibria
        A tuple of :class:`PerfectBayesianEquilibrium` (behaviour, beliefs at every
        information set, payoffs), one per extreme equilibrium kept, with ``complete``:
        whether every search was exhaustive.

    Examples
    --------
    A sender is strong (prior 1/3) or weak; the receiver sees only whether it was
    challenged and yields, or fights a strong sender at a loss.

    >>> from fractions import Fraction
    >>> from solver.representations.tree import Chance, Decision, Outcome
    >>> def sender(fight):
    ...     return Decision("S", {"Quiet": Outcome((0, 0)), "Challenge": Decision(
    ...         "R", {"Yield": Outcome((1, -1)), "Fight": Outcome(fight)}, infoset="R")})
    >>> tree = GameTree(Chance({"strong": (sender((1, -2)), Fraction(1, 3)),
    ...                         "weak": (sender((-1, 1)), Fraction(2, 3))}))
    >>> pbes = perfect_bayesian_equilibria(tree)
    >>> [(dict(e.behaviour[("weak",)]), dict(e.behaviour[("strong", "Challenge")]))
    ...  for e in pbes]
    [({'Quiet': Fraction(3, 4), 'Challenge': Fraction(1, 4)}, {'Yield': Fraction(1, 2), \
'Fight': Fraction(1, 2)})]
    >>> dict(pbes[0].beliefs["R"])
    {('strong', 'Challenge'): Fraction(2, 3), ('weak', 'Challenge'): Fraction(1, 3)}
    >>> pbes.complete
    True
    """
    rnf = reduced_normal_form_with_plans(tree)
    profiles = equilibrium_profiles(rnf.game, caller="perfect_bayesian_equilibria()")
    out: list[PerfectBayesianEquilibrium] = []
    seen: set[Any] = set()
    complete = True
    t = 0 if tree.is_exact else tol * payoff_scale(tree)
    for row, col in profiles:
        pbe, exhaustive = _as_pbe(tree, rnf, row, col, t)
        complete = complete and exhaustive
        if pbe is None:
            continue
        key = tuple(sorted((k, tuple(sorted(v.items()))) for k, v in pbe.behaviour.items()))
        if tree.is_exact:
            fkey: Any = key
        else:
            fkey = tuple((k, tuple((a, round(float(p), 9)) for a, p in v)) for k, v in key)
        if fkey in seen:
            continue
        seen.add(fkey)
        out.append(pbe)
    return PerfectBayesianEquilibria(
        tuple(out), method="extreme equilibria of the Bayesian normal form, read back as "
        "behaviour, unreached sets filled and beliefs sought over each simplex",
        parameters={"tol": tol}, complete=complete, certificate=PBE_CERTIFICATE,
    )


def bayes_beliefs(tree: GameTree, behaviour: Behaviour) -> dict[str, dict[Path, Any]]:
    """Beliefs by Bayes' rule at every information set reached with positive probability.

    Parameters
    ----------
    tree : GameTree
        The game.
    behaviour : Behaviour
        The players' behaviour at each decision node's path (chance moves are the tree's).

    Returns
    -------
    dict
        Each reached set's name mapped to its members' paths and their conditional
        probabilities; sets reached with probability 0 are absent.

    Examples
    --------
    >>> from solver.representations.tree import Chance, Decision, Outcome
    >>> d = lambda: Decision("R", {"a": Outcome((0,)), "b": Outcome((1,))}, infoset="R")
    >>> t = GameTree(Chance({"x": (d(), 0.25), "y": (d(), 0.75)}))
    >>> bayes_beliefs(t, {})
    {'R': {('x',): 0.25, ('y',): 0.75}}
    """
    reach = tree.reach_probabilities(behaviour)
    out: dict[str, dict[Path, Any]] = {}
    for h in tree.infosets:
        total = sum(reach[m] for m in h.members)
        if total != 0:
            out[h.name] = {m: reach[m] / total for m in h.members}
    return out


# -- kernel --------------------------------------------------------------------------------

#: Fillings of the unreached sets tried for one normal-form equilibrium before giving up.
SEARCH_LIMIT = 5_000


def _as_pbe(
    tree: GameTree, rnf: ReducedNormalForm, row: Any, col: Any, tol: float
) -> tuple[PerfectBayesianEquilibrium | None, bool]:
    """The profile as a weak PBE, if some filling and beliefs support it; and whether the
    search for them was exhaustive."""
    exact = tree.is_exact
    beh, undefined = to_behaviour(rnf, row, col)
    full: dict[Path, dict[str, Any]] = dict(beh)
    open_sets = _bottom_up(tree, [h for h in tree.infosets if h.name in undefined])
    for h in open_sets:  # provisional: the first action
        for m in h.members:
            full[m] = {a: (1 if k == 0 else 0) for k, a in enumerate(h.actions)}
    state = {"complete": True}
    found, searched_all = depth_first_fill(
        open_sets, full, lambda h: _fillings(tree, h, full, exact, tol, state),
        lambda: _check(tree, full, row, col, tol, state), SEARCH_LIMIT)
    return found, searched_all and bool(state["complete"])


def _bottom_up(tree: GameTree, sets: list[InfoSet]) -> list[InfoSet]:
    """The sets ordered so that a set comes after every set below any of its nodes."""
    def below(h: InfoSet, g: InfoSet) -> bool:
        return any(len(m) > len(n) and m[: len(n)] == n for m in h.members for n in g.members)

    out: list[InfoSet] = []
    rest = sorted(sets, key=lambda h: -max(len(m) for m in h.members))
    while rest:
        h = next((h for h in rest if not any(below(g, h) for g in rest if g is not h)), rest[0])
        rest.remove(h)
        out.append(h)
    return out


def _values(tree: GameTree, h: InfoSet, full: Behaviour) -> list[list[Any]]:
    i = tree.players.index(h.player)
    return [[tree.expected_payoffs(full, at=(*m, a))[i] for a in h.actions] for m in h.members]


def _fillings(tree: GameTree, h: InfoSet, full: dict[Path, dict[str, Any]], exact: bool,
              tol: float, state: dict[str, Any]) -> list[dict[str, Any]]:
    """Behaviours to try at a set its player's own move excludes: every action that is a best
    reply at some belief, then mixtures over a set of joint best replies that make a player
    above indifferent between two actions (the mixed threats an equilibrium may rest on)."""
    cells, complete = best_reply_cells(_values(tree, h, full), exact=exact, tol=tol)
    if not complete:
        state["complete"] = False
    one: Any = Fraction(1) if exact else 1.0
    pure = sorted({a for c in cells for a in c.actions})
    out = [{b: (one if k == a else 0 * one) for k, b in enumerate(h.actions)} for a in pure]
    above = {n[:j] for n in h.members for j in range(len(n))}
    saved = {m: full[m] for m in h.members}
    for c in cells:
        for x, y in itertools.combinations(sorted(c.actions), 2):
            ends = []
            for a in (x, y):
                for m in h.members:
                    full[m] = {b: (one if k == a else 0 * one) for k, b in enumerate(h.actions)}
                ends.append({g: _node_values(tree, g, full) for g in above
                             if isinstance(tree.node(g), Decision)})
            tie_mixtures(h.actions, x, y, ends[0], ends[1], one, out)
    for m, d in saved.items():
        full[m] = d
    return out


def _node_values(tree: GameTree, g: Path, full: Behaviour) -> dict[str, Any]:
    node = tree.node(g)
    assert isinstance(node, Decision)
    i = tree.players.index(node.player)
    return {a: tree.expected_payoffs(full, at=(*g, a))[i] for a in node.labels}


def _check(tree: GameTree, full: dict[Path, dict[str, Any]], row: Any, col: Any, tol: float,
           state: dict[str, Any]) -> PerfectBayesianEquilibrium | None:
    """The weak PBE with this behaviour, or None: Bayes' rule on the path, and at every set
    a belief (over the whole simplex, off the path) where the actions played are best."""
    exact = tree.is_exact
    beliefs: dict[str, dict[Path, Any]] = bayes_beliefs(tree, full)
    on_path = frozenset(beliefs)
    off: dict[str, dict[Path, Any]] = {}
    for h in tree.infosets:
        values = _values(tree, h, full)
        played = {k for k, a in enumerate(h.actions) if full[h.members[0]].get(a, 0) != 0}
        if h.name in on_path:
            mu = [beliefs[h.name][m] for m in h.members]
            q = [sum(mu[j] * values[j][k] for j in range(len(mu)))
                 for k in range(len(h.actions))]
            if any(q[k] < max(q) - tol for k in played):
                return None
            continue
        cells, complete = best_reply_cells(values, exact=exact, tol=tol)
        if not complete:
            state["complete"] = False
        cell = next((c for c in cells if played <= c.actions), None)
        if cell is None:
            return None
        off[h.name] = beliefs[h.name] = dict(zip(h.members, cell.belief, strict=True))
    frozen = MappingProxyType({k: MappingProxyType(dict(v)) for k, v in full.items()})
    dtype = object if exact else float
    return PerfectBayesianEquilibrium(
        frozen,
        MappingProxyType({h.name: MappingProxyType(beliefs[h.name]) for h in tree.infosets}),
        on_path,
        MappingProxyType({k: MappingProxyType(v) for k, v in off.items()}),
        tree.expected_payoffs(full),
        MappingProxyType(tree.play_distribution(full)),
        deterministic_path(tree, full),
        readonly(np.array(list(row), dtype=dtype)),
        readonly(np.array(list(col), dtype=dtype)),
    )


def _chance_weight(tree: GameTree, path: Path) -> Any:
    w: Any = 1
    for k in range(len(path)):
        node = tree.node(path[:k])
        if isinstance(node, Chance):
            w = w * node.probabilities[path[k]]
    return w
