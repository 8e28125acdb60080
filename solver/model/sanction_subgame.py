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

from solver._core.errors import InputError
from solver._core.tabular import one_line
from solver.algorithms.extensive.backward_induction import (
    SubgamePerfectEquilibria,
    batch_backward_induction,
    subgame_perfect,
)
from solver.model.sector import Sector
from solver.representations.tree import Decision, GameTree, Outcome

__all__ = ["SENDER", "TARGET", "Subgame", "batch_threats", "sanction_subgame", "sector_terminals",
           "solve_subgame", "terminal_payoffs"]

SENDER, TARGET = "Sender", "Target"
#: The subgame's terminal paths, in the tree's order.
PATHS = (("Sanction", "Concede"), ("Sanction", "HoldOut"), ("BackDown",))


def terminal_payoffs(*, v: Any, c: Any, k: Any, loss_target: Any, loss_sender: Any,
                     backdown: Any, d_sender: Any, d_target: Any,
                     demand: Any) -> dict[tuple[str, ...], Any]:
    """Each terminal's per-sector payoffs ``(sender, target)``: numbers or arrays alike.

    Keyword-only: the two losses and the two discount factors share a type.

    Parameters
    ----------
    v : float or numpy.ndarray
        The sender's value of a full opening, ``q G``.
    c : float or numpy.ndarray
        The target's cost scale.
    k : float or numpy.ndarray
        The cost curvature.
    loss_target : float or numpy.ndarray
        The target's loss L_T under sanctions.
    loss_sender : float or numpy.ndarray
        The sender's loss L_S from sanctioning.
    backdown : float or numpy.ndarray
        The sender's cost a of backing down.
    d_sender : float or numpy.ndarray
        The sender's discount factor (the concession comes a round late).
    d_target : float or numpy.ndarray
        The target's discount factor.
    demand : float or numpy.ndarray
        The standing demand D (share of a full opening).

    Returns
    -------
    dict
        For each path in :data:`PATHS`, the pair ``(sender, target)`` of payoffs, of the
        broadcast shape of the arguments.

    Examples
    --------
    >>> pay = terminal_payoffs(v=1.0, c=0.6, k=1.0, loss_target=0.5, loss_sender=0.1,
    ...                        backdown=0.3, d_sender=0.9, d_target=0.75, demand=1.0)
    >>> pay[("Sanction", "Concede")], pay[("Sanction", "HoldOut")], pay[("BackDown",)]
    ((0.89, -0.575), (-0.1, -0.5), (-0.3, 0.0))
    """
    concede = ((1 - d_sender) * -loss_sender + d_sender * v * demand,
               (1 - d_target) * -loss_target - d_target * c * demand ** k)
    return {PATHS[0]: concede, PATHS[1]: (-loss_sender, -loss_target),
            PATHS[2]: (-backdown, 0 * backdown)}


def _sector_terminals(s: Sector, demand: float) -> dict[tuple[str, ...], tuple[float, float]]:
    t = sector_terminals(s, demand)
    return {p: (float(u), float(w)) for p, (u, w) in t.items()}


def sector_terminals(s: Sector, demand: Any) -> dict[tuple[str, ...], Any]:
    """:func:`terminal_payoffs` with a sector's own parameters.

    Parameters
    ----------
    s : Sector
        The sector whose parameters (``value``, ``cost``, ``curvature``, the losses, the
        back-down cost and the discounts) are used.
    demand : float or numpy.ndarray
        The standing demand D.

    Returns
    -------
    dict
        For each path in :data:`PATHS`, the sector's payoffs ``(sender, target)``.

    Examples
    --------
    >>> s = Sector("glass", gain=1.0, cost=0.6, loss_target=0.5, loss_sender=0.1,
    ...            backdown_cost=0.3, discount_sender=0.9, discount_target=0.75)
    >>> sector_terminals(s, 0.5)[("Sanction", "Concede")]
    (0.44, -0.35)
    """
    return terminal_payoffs(v=s.value, c=s.cost, k=s.curvature, loss_target=s.loss_target,
                            loss_sender=s.loss_sender, backdown=s.backdown_cost,
                            d_sender=s.discount_sender, d_target=s.discount_target,
                            demand=demand)


def sanction_subgame(sectors: Sequence[Sector], demands: Sequence[float]) -> GameTree:
    """The subgame after a breakdown of the bundle ``sectors`` with standing ``demands``.

    The sender sanctions or backs down; under sanctions the target concedes (the demands)
    or holds out. Each terminal sums the bundle's sectors (``docs/model.md``).

    Parameters
    ----------
    sectors : sequence of Sector
        The bundle's sectors (one or more).
    demands : sequence of float
        One standing demand per sector (share of a full opening).

    Returns
    -------
    GameTree
        Players ``("Sender", "Target")``; paths ``("Sanction", "Concede")``,
        ``("Sanction", "HoldOut")`` and ``("BackDown",)``.

    Raises
    ------
    ValueError
        Unless there is one demand for each of one or more sectors.

    Examples
    --------
    >>> s = Sector("glass", gain=1.0, cost=0.6, loss_target=0.5, loss_sender=0.1,
    ...            backdown_cost=0.3, discount_sender=0.9, discount_target=0.75)
    >>> t = sanction_subgame([s], [1.0])
    >>> t.node(("Sanction", "HoldOut")).payoffs
    (-0.1, -0.5)
    """
    if len(sectors) != len(demands) or not sectors:
        raise InputError("sanction_subgame(): give one demand for each of one or more sectors")
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

    Attributes
    ----------
    tree : GameTree
        The subgame (:func:`sanction_subgame`).
    spe : tuple of SubgamePerfectEquilibrium
        Its SPE (:func:`subgame_perfect`); ties give several, the first is used.
    payoffs : (float, float)
        The threat point.
    per_sector : tuple of (float, float)
        The threat point's share of each sector.
    sanction, concede : bool
        As above.
    path : tuple of str
        The first SPE's path.

    Examples
    --------
    See :func:`solve_subgame`.
    """

    tree: GameTree
    spe: SubgamePerfectEquilibria
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

    Parameters
    ----------
    sectors : sequence of Sector
        The bundle's sectors.
    demands : sequence of float
        One standing demand per sector.

    Returns
    -------
    Subgame
        The tree, its SPE, the threat point (also by sector) and the path.

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
    *, v: NDArray[np.float64], c: NDArray[np.float64], k: NDArray[np.float64],
    loss_target: NDArray[np.float64], loss_sender: NDArray[np.float64],
    backdown: NDArray[np.float64], d_sender: NDArray[np.float64], d_target: NDArray[np.float64],
    demand: NDArray[np.float64], mask: NDArray[np.bool_],
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """The same subgame solved for a batch of bundles (arrays of shape (n, S); ``mask`` picks
    each row's sectors): per-sector threat payoffs ``(n, S, 2)`` and whether the sanction is
    imposed ``(n,)``. Solved by :func:`batch_backward_induction` on the subgame's own tree.
    Keyword-only, as :func:`terminal_payoffs`.

    Parameters
    ----------
    v, c, k : numpy.ndarray
        The sectors' values ``q G``, cost scales and curvatures, shape (n, S).
    loss_target, loss_sender, backdown : numpy.ndarray
        The target's and the sender's losses under sanctions and the sender's back-down cost,
        shape (n, S).
    d_sender, d_target : numpy.ndarray
        The discount factors, shape (n, S).
    demand : numpy.ndarray
        The standing demands, shape (n, S).
    mask : numpy.ndarray of bool
        Which sectors belong to each row's bundle, shape (n, S).

    Returns
    -------
    threats : numpy.ndarray
        Each sector's payoffs ``(sender, target)`` on its row's SPE path, shape (n, S, 2); 0
        outside the mask.
    sanction : numpy.ndarray of bool
        Whether the sender sanctions on each row's SPE path, shape (n,).

    Examples
    --------
    Two bundles of two sectors: the second holds only its first sector, whose sanction costs
    the sender more than backing down.

    >>> one = np.ones((2, 2))
    >>> threats, sanction = batch_threats(
    ...     v=one, c=np.array([[0.6, 2.0], [0.6, 2.0]]), k=one, loss_target=0.5 * one,
    ...     loss_sender=np.array([[0.1, 0.1], [0.5, 0.5]]), backdown=0.3 * one,
    ...     d_sender=0.9 * one, d_target=0.75 * one, demand=one,
    ...     mask=np.array([[True, True], [True, False]]))
    >>> threats.round(3).tolist()
    [[[-0.1, -0.5], [-0.1, -0.5]], [[-0.3, 0.0], [0.0, 0.0]]]
    >>> sanction.tolist()
    [True, False]
    """
    per = terminal_payoffs(v=v, c=c, k=k, loss_target=loss_target, loss_sender=loss_sender,
                           backdown=backdown, d_sender=d_sender, d_target=d_target,
                           demand=demand)
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
