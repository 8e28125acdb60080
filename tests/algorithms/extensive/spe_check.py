"""An independent check of subgame perfection for trees of perfect information, by the
one-shot deviation principle: at every decision node each action played with positive
probability is a best reply given the continuation. It evaluates the behaviour directly and
shares no code with the solvers it checks (used by the backward-induction and the
tree-equilibria tests)."""

from __future__ import annotations

from typing import Any

from solver.representations.tree import Chance, Decision, GameTree, Outcome


def one_shot_ok(tree: GameTree, beh: Any) -> bool:
    """Whether no player gains by deviating at a single decision node."""
    def value(p: tuple[str, ...], i: int) -> Any:
        n = tree.node(p)
        if isinstance(n, Outcome):
            return n.payoffs[i]
        if isinstance(n, Chance):
            return sum(q * value((*p, a), i) for a, _, q in n.branches)
        return sum(beh[p].get(a, 0) * value((*p, a), i) for a in n.labels if beh[p].get(a, 0))

    for p in tree.paths():
        n = tree.node(p)
        if isinstance(n, Decision):
            q = {a: value((*p, a), tree.players.index(n.player)) for a in n.labels}
            if any(beh[p].get(a, 0) > 0 and q[a] < max(q.values()) for a in n.labels):
                return False
    return True
