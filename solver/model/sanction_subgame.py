"""The sanction subgame that follows a breakdown: the threat point of the negotiation game.

When talks on a bundle of sectors break down (by chance, or at the deadline), the sender
sanctions or backs down (paying its audience cost ``a`` in each sector); under sanctions the
target concedes to the standing demands ``D_s`` (a round late) or holds out::

    Sender: BackDown                                   -> sum_s (-a_s, 0)
            Sanction -> Target: Concede -> sum_s ((1-dS_s)(-LS_s) + dS_s v_s D_s,
                                                  (1-dT_s)(-LT_s) - dT_s c_s D_s**k_s)
                                HoldOut -> sum_s (-LS_s, -LT_s)

``v_s = q_s G_s``. A one-sector bundle is that sector's own subgame; with cross-sector
retaliation a bundle's sanctions are pooled into one subgame. The threat point is the payoff
of the subgame's first subgame-perfect equilibrium (:func:`subgame_perfect`), which resolves
a tie by the first action listed: Sanction before BackDown and Concede before HoldOut, the
tie-break under which the sender's best demand is attained (``docs/model.md``).

This module is the one place the subgame's payoffs are written; the scalar tree and the
vectorised batch (for sweeps) are built from :func:`terminal_payoffs`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from solver.algorithms.backward_induction import (
    SubgamePerfectEquilibrium,
    batch_backward_induction,
    subgame_perfect,
)
from solver.model.sector import Sector
from solver.representations.tree import Decision, GameTree, Outcome
from solver.tabular import one_line

__all__ = ["SENDER", "TARGET", "Subgame", "batch_threats", "sanction_subgame", "solve_subgame",
           "terminal_payoffs"]

SENDER, TARGET = "Sender", "Target"
#: The subgame's terminal paths, in the tree's order.
PATHS = (("Sanction", "Concede"), ("Sanction", "HoldOut"), ("BackDown",))


def terminal_payoffs(v: Any, c: Any, k: Any, loss_target: Any, loss_sender: Any, backdown: Any,
                     d_sender: Any, d_target: Any, demand: Any) -> dict[tuple[str, ...], Any]:
    """Each terminal's per-sector payoffs ``(sender, target)``: numbers or arrays alike."""
    concede = ((1 - d_sender) * -loss_sender + d_sender * v * demand,
               (1 - d_target) * -loss_target - d_target * c * demand ** k)
    return {PATHS[0]: concede, PATHS[1]: (-loss_sender, -loss_target),
            PATHS[2]: (-backdown, 0 * backdown)}


def _sector_terminals(s: Sector, demand: float) -> dict[tuple[str, ...], tuple[float, float]]:
    t = terminal_payoffs(s.value, s.cost, s.curvature, s.loss_target, s.loss_sender,
                         s.backdown_cost, s.discount_sender, s.discount_target, demand)
    return {p: (float(u), float(w)) for p, (u, w) in t.items()}


def sanction_subgame(sectors: Sequence[Sector], demands: Sequence[float]) -> GameTree:
    """The subgame after a breakdown of the bundle ``sectors`` with standing ``demands``.

    Examples
    --------
    >>> s = Sector("glass", gain=1.0, cost=0.6, loss_target=0.5, loss_sender=0.1,
    ...            backdown_cost=0.3, discount_sender=0.9, discount_target=0.75)
    >>> t = sanction_subgame([s], [1.0])
    >>> t.node(("Sanction", "HoldOut")).payoffs
    (-0.1, -0.5)
    """
    if len(sectors) != len(demands) or not sectors:
        raise ValueError("sanction_subgame(): give one demand for each of one or more sectors")
    per = [_sector_terminals(s, d) for s, d in zip(sectors, demands, strict=True)]
    total = {p: (sum(x[p][0] for x in per), sum(x[p][1] for x in per)) for p in PATHS}
    return GameTree(Decision(SENDER, [
        ("Sanction", Decision(TARGET, [("Concede", Outcome(total[PATHS[0]])),
                                       ("HoldOut", Outcome(total[PATHS[1]]))])),
        ("BackDown", Outcome(total[PATHS[2]])),
    ]), players=(SENDER, TARGET))


@dataclass(frozen=True, eq=False)
class Subgame:
    """A solved sanction subgame.

    ``payoffs`` is the first SPE's payoff (the threat point); ``per_sector`` splits it by
    sector along that SPE's path; ``sanction`` says whether the sanction is imposed on it and
    ``concede`` whether the target then concedes.
    """

    tree: GameTree
    spe: tuple[SubgamePerfectEquilibrium, ...]
    payoffs: tuple[float, float]
    per_sector: tuple[tuple[float, float], ...]
    sanction: bool
    concede: bool

    def __repr__(self) -> str:
        return one_line("Subgame", path=self.path, payoffs=self.payoffs, sanction=self.sanction,
                        concede=self.concede)

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.spe[0].path)


def solve_subgame(sectors: Sequence[Sector], demands: Sequence[float]) -> Subgame:
    """Build and solve the sanction subgame; its first SPE gives the threat point.

    Examples
    --------
    >>> s = Sector("glass", gain=1.0, cost=0.6, loss_target=0.5, loss_sender=0.1,
    ...            backdown_cost=0.3, discount_sender=0.9, discount_target=0.75)
    >>> g = solve_subgame([s], [1.0])
    >>> g.path, g.payoffs
    (('Sanction', 'HoldOut'), (-0.1, -0.5))
    """
    tree = sanction_subgame(sectors, demands)
    spe = subgame_perfect(tree)
    first = spe[0]
    path = tuple(first.path)
    per = tuple(_sector_terminals(s, d)[path] for s, d in zip(sectors, demands, strict=True))
    pay = (float(first.payoffs[0]), float(first.payoffs[1]))
    return Subgame(tree, spe, pay, per, path[0] == "Sanction", path == PATHS[0])


def batch_threats(
    v: NDArray[np.float64], c: NDArray[np.float64], k: NDArray[np.float64],
    loss_target: NDArray[np.float64], loss_sender: NDArray[np.float64],
    backdown: NDArray[np.float64], d_sender: NDArray[np.float64], d_target: NDArray[np.float64],
    demand: NDArray[np.float64], mask: NDArray[np.bool_],
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """The same subgame solved for a batch of bundles (arrays of shape (n, S); ``mask`` picks
    each row's sectors): per-sector threat payoffs ``(n, S, 2)`` and whether the sanction is
    imposed ``(n,)``. Solved by :func:`batch_backward_induction` on the subgame's own tree.
    """
    per = terminal_payoffs(v, c, k, loss_target, loss_sender, backdown, d_sender, d_target,
                           demand)
    per = {p: (np.where(mask, u, 0.0), np.where(mask, w, 0.0)) for p, (u, w) in per.items()}
    totals = {p: np.stack([u.sum(axis=-1), w.sum(axis=-1)], axis=-1) for p, (u, w) in
              per.items()}
    shape = sanction_subgame([Sector("shape", gain=1.0, cost=1.0)], [1.0])
    _, where = batch_backward_induction(shape, totals)
    order = shape.terminal_paths()
    out = np.zeros((*v.shape, 2))
    for i, p in enumerate(order):
        rows = where == i
        out[rows, :, 0] = per[p][0][rows]
        out[rows, :, 1] = per[p][1][rows]
    sanction = np.isin(where, [order.index(PATHS[0]), order.index(PATHS[1])])
    return out, sanction
