"""Perfect Bayesian equilibria of two-player trees with incomplete information.

Types are chance moves; a player who does not see the draw has an information set that
joins the nodes it cannot tell apart. The Bayesian normal form (the reduced normal form of
the whole tree, chance included, ex ante) is solved by the equilibrium engine; each
equilibrium is read back as behaviour strategies, beliefs are formed by Bayes' rule at
every information set reached with positive probability, and beliefs off the path are
chosen (and stated) so as to support the equilibrium actions where that is possible. An
equilibrium is kept when every action played with positive probability is a best reply at
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

from solver.algorithms.backward_induction import TIE_TOL, deterministic_path
from solver.algorithms.reduced_normal_form import (
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

    def probability(self, path: Sequence[str], action: str) -> Any:
        """The probability of ``action`` at the decision node ``path``."""
        return self.behaviour[tuple(path)].get(action, 0)


def perfect_bayesian_equilibria(
    tree: GameTree, *, tol: float = TIE_TOL
) -> tuple[PerfectBayesianEquilibrium, ...]:
    """The perfect Bayesian equilibria among the Bayesian normal form's extreme equilibria.

    Parameters
    ----------
    tree : GameTree
        A two-player tree with perfect recall; types are chance moves.
    tol : float
        Float payoff differences within ``tol`` count as ties (exact trees: exactly).

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
    """
    rnf = reduced_normal_form_with_plans(tree)
    profiles = equilibrium_profiles(rnf.game)
    out: list[PerfectBayesianEquilibrium] = []
    seen: set[Any] = set()
    for row, col in profiles:
        pbe = _as_pbe(tree, rnf, row, col, 0 if tree.is_exact else tol)
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
    return tuple(out)


def bayes_beliefs(tree: GameTree, behaviour: Behaviour) -> dict[str, dict[Path, Any]]:
    """Beliefs by Bayes' rule at every information set reached with positive probability.

    Examples
    --------
    >>> from solver.representations.tree import Chance, Decision, Outcome
    >>> d = lambda: Decision("R", {"a": Outcome((0,)), "b": Outcome((1,))}, infoset="R")
    >>> t = GameTree(Chance({"x": (d(), 0.25), "y": (d(), 0.75)}))
    >>> bayes_beliefs(t, {})
    {'R': {('x',): 0.25, ('y',): 0.75}}
    """
    reach = _reach(tree, behaviour)
    out: dict[str, dict[Path, Any]] = {}
    for h in tree.infosets:
        total = sum(reach[m] for m in h.members)
        if total != 0:
            out[h.name] = {m: reach[m] / total for m in h.members}
    return out


# -- kernel --------------------------------------------------------------------------------


def _as_pbe(
    tree: GameTree, rnf: ReducedNormalForm, row: Any, col: Any, tol: float
) -> PerfectBayesianEquilibrium | None:
    exact = tree.is_exact
    beh, undefined = to_behaviour(rnf, row, col)
    full: dict[Path, dict[str, Any]] = dict(beh)
    for h in tree.infosets:  # provisional filling, replaced below from the bottom up
        if h.name in undefined:
            for m in h.members:
                full[m] = {a: (1 if k == 0 else 0) for k, a in enumerate(h.actions)}
    beliefs: dict[str, dict[Path, Any]] = bayes_beliefs(tree, full)
    on_path = frozenset(beliefs)
    off: dict[str, dict[Path, Any]] = {}
    i_of = {p: k for k, p in enumerate(tree.players)}
    for h in sorted(tree.infosets, key=lambda h: -max(len(m) for m in h.members)):
        i = i_of[h.player]
        values = {m: {a: tree.expected_payoffs(full, at=(*m, a))[i] for a in h.actions}
                  for m in h.members}
        if h.name in on_path:
            mu = beliefs[h.name]
            if h.name in undefined:  # cannot happen: own moves reach it
                raise AssertionError(h.name)
            if not _supports(h, full[h.members[0]], mu, values, tol):
                return None
            continue
        candidates = _belief_candidates(tree, h, values, exact)
        if h.name in undefined:
            mu = candidates[0]
            q = _q(h, mu, values)
            top = max(q.values())
            a = next(a for a in h.actions if q[a] >= top - tol)
            for m in h.members:
                full[m] = {b: (1 if b == a else 0) for b in h.actions}
        else:
            found = next((mu for mu in candidates
                          if _supports(h, full[h.members[0]], mu, values, tol)), None)
            if found is None:
                return None
            mu = found
        beliefs[h.name] = mu
        off[h.name] = mu
    frozen = MappingProxyType({k: MappingProxyType(v) for k, v in full.items()})
    dtype = object if exact else float
    return PerfectBayesianEquilibrium(
        frozen,
        MappingProxyType({h.name: MappingProxyType(beliefs[h.name]) for h in tree.infosets}),
        on_path,
        MappingProxyType({k: MappingProxyType(v) for k, v in off.items()}),
        tree.expected_payoffs(full),
        MappingProxyType(tree.play_distribution(full)),
        deterministic_path(tree, full),
        _readonly(np.array(list(row), dtype=dtype)),
        _readonly(np.array(list(col), dtype=dtype)),
    )


def _q(h: InfoSet, mu: Mapping[Path, Any], values: Mapping[Path, Mapping[str, Any]]
       ) -> dict[str, Any]:
    return {a: sum(mu[m] * values[m][a] for m in h.members) for a in h.actions}


def _supports(h: InfoSet, dist: Mapping[str, Any], mu: Mapping[Path, Any],
              values: Mapping[Path, Mapping[str, Any]], tol: float) -> bool:
    q = _q(h, mu, values)
    top = max(q.values())
    return all(q[a] >= top - tol for a in h.actions if dist.get(a, 0) != 0)


def _belief_candidates(
    tree: GameTree, h: InfoSet, values: Mapping[Path, Mapping[str, Any]], exact: bool
) -> list[dict[Path, Any]]:
    """Beliefs to try off the path: the prior, the vertices, and the indifference points
    on each edge of the simplex (complete for sets of two nodes)."""
    one: Any = Fraction(1) if exact else 1.0
    zero = one * 0
    prior = {m: _chance_weight(tree, m) for m in h.members}
    total = sum(prior.values())
    out = [{m: prior[m] / total for m in h.members}]
    for m in h.members:
        out.append({k: (one if k == m else zero) for k in h.members})
    for m1, m2 in itertools.combinations(h.members, 2):
        for a, b in itertools.combinations(h.actions, 2):
            d1 = values[m1][a] - values[m1][b]
            d2 = values[m2][a] - values[m2][b]
            if d1 != d2:
                t = d2 / (d2 - d1)  # mu on m1 where a and b tie
                t = Fraction(t) if exact else float(t)
                if 0 <= t <= 1:
                    mu = {k: zero for k in h.members}
                    mu[m1], mu[m2] = t, one - t
                    out.append(mu)
    return out


def _chance_weight(tree: GameTree, path: Path) -> Any:
    w: Any = 1
    for k in range(len(path)):
        node = tree.node(path[:k])
        if isinstance(node, Chance):
            w = w * node.probabilities[path[k]]
    return w


def _reach(tree: GameTree, beh: Behaviour) -> dict[Path, Any]:
    out: dict[Path, Any] = {(): 1}
    for p in tree.paths():
        if not p:
            continue
        node = tree.node(p[:-1])
        if isinstance(node, Chance):
            w = node.probabilities[p[-1]]
        elif isinstance(node, Decision):
            w = beh.get(p[:-1], {}).get(p[-1], 0)
        out[p] = out[p[:-1]] * w
    return out


def _readonly(a: NDArray[Any]) -> NDArray[Any]:
    a.setflags(write=False)
    return a
