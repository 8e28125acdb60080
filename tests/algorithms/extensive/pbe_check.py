"""An independent check of the weak perfect Bayesian equilibrium's definition.

Written from the definition only (Fudenberg & Tirole 1991, 8.1), with its own reach and
value recursions: it shares no code with :mod:`solver.algorithms.extensive.bayesian`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np
from scipy.optimize import linprog

from solver.representations.tree import Chance, Decision, GameTree, Outcome

Path = tuple[str, ...]


def _value(tree: GameTree, beh: Mapping[Path, Mapping[str, Any]], path: Path, i: int) -> Any:
    node = tree.node(path)
    if isinstance(node, Outcome):
        return node.payoffs[i]
    if isinstance(node, Chance):
        return sum(p * _value(tree, beh, (*path, a), i) for a, _, p in node.branches if p)
    dist = beh[path]
    return sum(dist[a] * _value(tree, beh, (*path, a), i) for a in node.labels if dist.get(a))


def _reach(tree: GameTree, beh: Mapping[Path, Mapping[str, Any]]) -> dict[Path, Any]:
    out: dict[Path, Any] = {}

    def go(path: Path, p: Any) -> None:
        out[path] = p
        node = tree.node(path)
        if isinstance(node, Chance):
            for a, _, q in node.branches:
                go((*path, a), p * q)
        elif isinstance(node, Decision):
            for a in node.labels:
                go((*path, a), p * beh[path].get(a, 0))

    go((), Fraction(1) if tree.is_exact else 1.0)
    return out


def weak_pbe_violations(
    tree: GameTree, beh: Mapping[Path, Mapping[str, Any]],
    beliefs: Mapping[str, Mapping[Path, Any]], tol: float = 1e-9,
) -> list[str]:
    """Every way ``(beh, beliefs)`` breaks the definition (empty: it is a weak PBE)."""
    bad = []
    reach = _reach(tree, beh)
    for h in tree.infosets:
        i = tree.players.index(h.player)
        dists = [dict(beh[m]) for m in h.members]
        if any(d != dists[0] for d in dists):
            bad.append(f"{h.name}: behaviour differs between its nodes")
        if abs(sum(dists[0].values()) - 1) > tol or min(dists[0].values()) < 0:
            bad.append(f"{h.name}: not a distribution")
        mu = beliefs[h.name]
        if abs(sum(mu.values()) - 1) > tol or min(mu.values()) < -tol:
            bad.append(f"{h.name}: belief is not a distribution")
        total = sum(reach[m] for m in h.members)
        if total > 0 and any(abs(mu[m] - reach[m] / total) > tol for m in h.members):
            bad.append(f"{h.name}: belief breaks Bayes' rule on the path")
        q = {a: sum(mu[m] * _value(tree, beh, (*m, a), i) for m in h.members)
             for a in h.actions}
        best = max(q.values())
        for a in h.actions:
            if dists[0].get(a, 0) > 0 and q[a] < best - tol:
                bad.append(f"{h.name}: {a} is played but not a best reply")
    return bad


def pure_weak_pbe_outcomes(tree: GameTree) -> set[tuple[tuple[Path, Any], ...]]:
    """Brute force: the play distributions of every pure weak PBE (beliefs by an LP)."""
    sets = tree.infosets
    out = set()
    for choice in itertools.product(*(h.actions for h in sets)):
        beh = {m: {a: (1 if a == c else 0) for a in h.actions}
               for h, c in zip(sets, choice, strict=True) for m in h.members}
        reach = _reach(tree, beh)
        ok = True
        for h, c in zip(sets, choice, strict=True):
            i = tree.players.index(h.player)
            v = np.array([[float(_value(tree, beh, (*m, a), i)) for a in h.actions]
                          for m in h.members])
            k = h.actions.index(c)
            total = sum(reach[m] for m in h.members)
            if total > 0:
                mu = np.array([float(reach[m] / total) for m in h.members])
                q = mu @ v
                ok = q[k] >= q.max() - 1e-9
            else:  # is there a belief where c is best? q_b(mu) - q_c(mu) <= 0 for all b
                A = (v - v[:, [k]]).T
                res = linprog(np.zeros(len(h.members)), A_ub=A, b_ub=np.full(len(A), 1e-12),
                              A_eq=np.ones((1, len(h.members))), b_eq=[1.0],
                              bounds=[(0, 1)] * len(h.members), method="highs")
                ok = res.status == 0
            if not ok:
                break
        if ok:
            dist = tree.play_distribution(beh)
            out.add(tuple(sorted((p, x) for p, x in dist.items() if x)))
    return out
