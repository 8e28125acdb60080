"""The vectorised engine of the negotiation game: one bundle's alternating-offers game,
solved by backward induction for a batch of rows at once (``docs/model.md``).

A row is one bundle of sectors with its parameters (arrays of shape ``(n, S)``): a sector
bargained alone (S = 1), or all sectors as one package. The same functions serve the scalar
front doors (:func:`solver.solve_sector`, :func:`solver.solve_talks`) and the sweep, so the
game is written once. Each round the proposer makes its best acceptable offer
(:func:`solver.algorithms.bargaining.bundle_offer.best_offer`) or waits when waiting pays; after a
rejection the bundle breaks down with probability ``breakdown`` into its sanction subgame
(:mod:`solver.model.sanction_subgame`), or goes on, discounted sector by sector; after the
last round it goes to the subgame for certain.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from solver._core.errors import EngineError, InputError
from solver.algorithms.bargaining.bundle_offer import best_offer, offer_residual
from solver.model.protocol import Protocol
from solver.model.sanction_subgame import batch_threats
from solver.model.sector import Sector

__all__ = ["MAX_STATIONARY_ROUNDS", "OFFER_TOL", "BundlePath", "SectorArrays",
           "agreed_payoffs", "best_demands", "breakdown_probability", "demand_candidates",
           "payoff_scale", "solve_bundle", "step"]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

#: Relative tolerance (to the bundle's payoff scale) for a proposer's tie between offering
#: and waiting (ties go to agreement).
OFFER_TOL = 1e-9
#: Most rounds iterated when there is no deadline, before giving up on convergence.
MAX_STATIONARY_ROUNDS = 100_000


@dataclass(frozen=True)
class SectorArrays:
    """Per-sector parameters of a batch of bundles, arrays of shape (n, S).

    Build it from sectors with :meth:`of` (one row); the sweep builds it from draws.

    Attributes
    ----------
    v, c, k : numpy.ndarray
        The sender's value q G, the target's cost and its curvature.
    loss_target, loss_sender, backdown : numpy.ndarray
        L_T, L_S and a.
    d_sender, d_target : numpy.ndarray
        The discount factors.

    Examples
    --------
    >>> r = SectorArrays.of([Sector("a", gain=2.0, cost=1.0), Sector("b", gain=3.0, cost=1.0)])
    >>> r.v.shape, r.transposed().v.shape
    ((1, 2), (2, 1))
    """

    v: FloatArray
    c: FloatArray
    k: FloatArray
    loss_target: FloatArray
    loss_sender: FloatArray
    backdown: FloatArray
    d_sender: FloatArray
    d_target: FloatArray

    @staticmethod
    def of(sectors: Sequence[Sector]) -> SectorArrays:
        def col(attr: str) -> FloatArray:
            return np.array([[float(getattr(s, attr)) for s in sectors]])

        return SectorArrays(np.array([[s.value for s in sectors]]), col("cost"), col("curvature"),
                     col("loss_target"), col("loss_sender"), col("backdown_cost"),
                     col("discount_sender"), col("discount_target"))

    def transposed(self) -> SectorArrays:
        """The same sectors as a batch of one-sector rows."""
        return SectorArrays(*(a.T for a in (self.v, self.c, self.k, self.loss_target,
                                     self.loss_sender, self.backdown, self.d_sender,
                                     self.d_target)))

    def threats(self, demand: FloatArray, mask: BoolArray) -> tuple[FloatArray, BoolArray]:
        return batch_threats(v=self.v, c=self.c, k=self.k, loss_target=self.loss_target,
                             loss_sender=self.loss_sender, backdown=self.backdown,
                             d_sender=self.d_sender, d_target=self.d_target, demand=demand,
                             mask=mask)


@dataclass(frozen=True)
class BundlePath:
    """What the one-bundle recursion returns, per row.

    Attributes
    ----------
    payoffs : numpy.ndarray
        Shape (n, S, 2): expected per-sector payoffs from round 0.
    round : numpy.ndarray of int
        Shape (n,): the first round of agreement on the no-breakdown path, -1 if none.
    openings : numpy.ndarray
        Shape (n, S): the openings agreed then (0 where none).
    residual : numpy.ndarray
        Shape (n,): the offer certificate at the agreement round.

    Examples
    --------
    See :func:`best_demands`.
    """

    payoffs: FloatArray  # (n, S, 2) expected per-sector payoffs from round 0
    round: NDArray[np.int64]  # first round of agreement on the no-breakdown path, -1 if none
    openings: FloatArray  # (n, S) the openings agreed then (0 where none)
    residual: FloatArray  # (n,) the offer certificate at the agreement round


def agreed_payoffs(r: SectorArrays, x: FloatArray, mask: BoolArray) -> FloatArray:
    """Each sector's agreement payoffs (v x, -c x**k), 0 outside ``mask``.

    Parameters
    ----------
    r : SectorArrays
        The sectors' parameters, arrays of shape (n, S).
    x : numpy.ndarray
        The openings, shape (n, S).
    mask : numpy.ndarray of bool
        Which sectors of each row are in the bundle, shape (n, S).

    Returns
    -------
    numpy.ndarray
        Shape (n, S, 2): the sender's and the target's payoff in each sector.

    Examples
    --------
    >>> r = SectorArrays.of([Sector("s", gain=2.0, cost=1.0, curvature=2.0)])
    >>> agreed_payoffs(r, np.array([[0.5]]), np.array([[True]])).tolist()
    [[[1.0, -0.25]]]
    """
    return np.where(mask[..., None], np.stack([r.v * x, -r.c * np.power(x, r.k)], axis=-1), 0.0)


def step(r: SectorArrays, lo: FloatArray, mask: BoolArray, threat: FloatArray, p: float,
          nxt: FloatArray | None, proposer: str) -> tuple[FloatArray, BoolArray, FloatArray,
                                                          FloatArray]:
    """One round: the proposer's best acceptable offer, or waiting if that pays more.

    Parameters
    ----------
    r : SectorArrays
        The sectors' parameters, arrays of shape (n, S).
    lo : numpy.ndarray
        The lowest admissible opening of each sector (e.g. a package's floors), shape (n, S);
        the highest is 1.
    mask : numpy.ndarray of bool
        Which sectors of each row are in the bundle, shape (n, S).
    threat : numpy.ndarray
        Each sector's threat point ``(sender, target)``, the payoff of the sanction subgame,
        shape (n, S, 2).
    p : float
        The breakdown risk after a rejection in this round (ignored in the last round).
    nxt : numpy.ndarray or None
        The next round's per-sector values, shape (n, S, 2); None in the last round, where a
        rejection leads to the subgame for certain.
    proposer : {'sender', 'target'}
        Who proposes in this round.

    Returns
    -------
    value : numpy.ndarray
        Shape (n, S, 2): the round's per-sector values, the agreed payoffs where the proposer
        offers and the discounted continuation where it waits.
    agree : numpy.ndarray of bool
        Shape (n,): whether the proposer makes an acceptable offer (ties go to agreement).
    openings : numpy.ndarray
        Shape (n, S): the openings offered, 0 where it waits.
    residual : numpy.ndarray
        Shape (n,): the offer certificate's residual (0 where it waits).

    Examples
    --------
    In the last round the sender offers the largest opening the target accepts rather than
    face the subgame (``0.5 / 0.6``):

    >>> s = Sector("glass", gain=1.0, cost=0.6, loss_target=0.5, loss_sender=0.1,
    ...            backdown_cost=0.3, discount_sender=0.9, discount_target=0.75)
    >>> r, mask, lo = SectorArrays.of([s]), np.ones((1, 1), bool), np.zeros((1, 1))
    >>> threat, _ = r.threats(np.ones((1, 1)), mask)  # the subgame at demand 1: (-0.1, -0.5)
    >>> value, agree, x, res = step(r, lo, mask, threat, 0.0, None, "sender")
    >>> agree.tolist(), x.round(6).tolist(), value.round(6).tolist()
    ([True], [[0.833333]], [[[0.833333, -0.5]]])
    """
    if nxt is None:
        cont = threat
    else:
        cont = p * threat + (1 - p) * np.stack([r.d_sender * nxt[..., 0],
                                                r.d_target * nxt[..., 1]], axis=-1)
    cont = np.where(mask[..., None], cont, 0.0)
    prop, resp = (0, 1) if proposer == "sender" else (1, 0)
    need = cont[..., resp].sum(axis=-1)
    wait = cont[..., prop].sum(axis=-1)
    hi = np.ones_like(lo)
    responder = "target" if proposer == "sender" else "sender"
    feasible, x = best_offer(r.v, r.c, r.k, lo, hi, mask, need, responder)
    agreed = agreed_payoffs(r, x, mask)
    offer = agreed[..., prop].sum(axis=-1)
    scale = payoff_scale(r, mask)
    agree = feasible & (offer >= wait - OFFER_TOL * scale)
    res = np.where(agree, offer_residual(r.v, r.c, r.k, lo, hi, mask, need, responder, x), 0.0)
    value = np.where(agree[:, None, None], agreed, cont)
    return value, agree, np.where(agree[:, None], x, 0.0), res


def payoff_scale(r: SectorArrays, mask: BoolArray) -> FloatArray:
    """Each row's payoff scale, v + c + L_T + L_S + a summed over its bundle's sectors (the
    unit the offer certificates and deal thresholds are relative to).

    Parameters
    ----------
    r : SectorArrays
        The sectors' parameters, arrays of shape (n, S).
    mask : numpy.ndarray of bool
        Which sectors of each row are in the bundle, shape (n, S).

    Returns
    -------
    numpy.ndarray
        Shape (n,), at least 1e-300 and at most the largest float (a sum that overflows
        saturates there).

    Examples
    --------
    >>> r = SectorArrays.of([Sector("s", gain=2.0, cost=1.0, loss_target=0.5)])
    >>> payoff_scale(r, np.array([[True]])).tolist()
    [3.5]
    """
    terms = [r.v, r.c, r.loss_target, r.loss_sender, r.backdown]
    with np.errstate(over="ignore"):  # two fields near the float limit: saturate, not inf
        total = sum(np.where(mask, t, 0.0).sum(axis=-1) for t in terms)
    return np.clip(total, 1e-300, np.finfo(float).max)


def solve_bundle(r: SectorArrays, lo: FloatArray, mask: BoolArray, threat: FloatArray,
                protocol: Protocol) -> BundlePath:
    """Backward induction for one bundle whose rejection leaves it open.

    Parameters
    ----------
    r : SectorArrays
        The sectors' parameters, arrays of shape (n, S).
    lo : numpy.ndarray
        The lowest admissible opening of each sector (e.g. a package's floors), shape (n, S);
        the highest is 1.
    mask : numpy.ndarray of bool
        Which sectors of each row are in the bundle, shape (n, S).
    threat : numpy.ndarray
        Each sector's threat point ``(sender, target)``, the payoff of the sanction subgame,
        shape (n, S, 2).
    protocol : Protocol
        The bargaining protocol: the rounds (None: no deadline, solved as the stationary
        equilibrium by value iteration), the breakdown risk and who proposes when.

    Returns
    -------
    BundlePath
        Each row's expected per-sector payoffs from round 0, its round of agreement, the
        openings agreed and the offer certificate.

    Raises
    ------
    InputError
        With no deadline, if there is neither discounting nor breakdown risk, or the value
        iteration would need more than :data:`MAX_STATIONARY_ROUNDS` rounds.
    EngineError
        If the stationary equilibrium does not converge.

    Examples
    --------
    >>> s = Sector("glass", gain=1.0, cost=0.6, loss_target=0.5, loss_sender=0.1,
    ...            backdown_cost=0.3, discount_sender=0.9, discount_target=0.75)
    >>> r, mask, lo = SectorArrays.of([s]), np.ones((1, 1), bool), np.zeros((1, 1))
    >>> threat, _ = r.threats(np.ones((1, 1)), mask)  # the subgame at demand 1: (-0.1, -0.5)
    >>> path = solve_bundle(r, lo, mask, threat, Protocol(rounds=2, breakdown=0.5))
    >>> path.round.tolist(), path.openings.round(6).tolist()
    ([0], [[0.416667]])
    >>> path.payoffs.round(6).tolist()
    [[[0.416667, -0.25]]]
    """
    p = protocol.breakdown
    if protocol.rounds is not None:
        steps = []
        nxt: FloatArray | None = None
        for t in reversed(range(protocol.rounds)):
            nxt, agree, x, res = step(r, lo, mask, threat, p, nxt, protocol.proposer(t))
            steps.append((agree, x, res))
        assert nxt is not None
        steps.reverse()
        return _trace(nxt, steps)
    friction = (1 - p) * max(float(np.max(np.where(mask, r.d_sender, 0.0), initial=0.0)),
                             float(np.max(np.where(mask, r.d_target, 0.0), initial=0.0)))
    if friction >= 1:
        raise InputError("solve_talks(): with no deadline the game needs discounting or a "
                         "breakdown risk (otherwise every split is an equilibrium)")
    # The value iteration contracts by `friction` a round: refuse at once, naming the
    # parameters, a game whose stationary equilibrium would not converge in the budget.
    needed = math.log(1e-14) / math.log(friction) if friction > 0 else 1.0
    if needed > MAX_STATIONARY_ROUNDS:
        raise InputError(f"solve_talks(): with no deadline, discount factors up to "
                         f"{friction / (1 - p):.12g} and breakdown {p!r} contract the game by "
                         f"only {friction:.12g} a round: its stationary equilibrium needs about "
                         f"{needed:,.0f} rounds, beyond the budget of {MAX_STATIONARY_ROUNDS:,}; "
                         f"set [protocol] rounds, or lower a discount factor")
    period = 1 if not protocol.alternate else 2
    value = threat
    scale = float(payoff_scale(r, mask).max())
    for _ in range(MAX_STATIONARY_ROUNDS // period):
        steps = []
        nxt = value
        for t in reversed(range(period)):
            nxt, agree, x, res = step(r, lo, mask, threat, p, nxt, protocol.proposer(t))
            steps.append((agree, x, res))
        steps.reverse()
        change = float(np.max(np.abs(nxt - value), initial=0.0))
        value = nxt
        if change <= 1e-14 * scale:
            return _trace(value, steps)
    raise EngineError("solve_talks(): the stationary equilibrium did not converge")


def _trace(value: FloatArray, steps: list[tuple[BoolArray, FloatArray, FloatArray]]) -> BundlePath:
    n = value.shape[0]
    rnd = np.full(n, -1)
    x = np.zeros(value.shape[:2])
    res = np.zeros(n)
    for t, (agree, xt, rt) in enumerate(steps):
        new = agree & (rnd < 0)
        rnd = np.where(new, t, rnd)
        x = np.where(new[:, None], xt, x)
        res = np.where(new, rt, res)
    return BundlePath(value, rnd, x, res)


def breakdown_probability(rnd: int, protocol: Protocol) -> float:
    """Probability the subgame is reached on the path: breakdown before the agreement round,
    or at all (a deadline, or no deadline with a breakdown risk) when there is none.

    Parameters
    ----------
    rnd : int
        The round of agreement (0-based), or -1 for none.
    protocol : Protocol
        Its ``breakdown`` risk p and deadline.

    Returns
    -------
    float
        1 - (1 - p)**rnd with agreement; without, 1 (or 0 with neither a deadline nor a
        breakdown risk).

    Examples
    --------
    >>> breakdown_probability(2, Protocol(rounds=4, breakdown=0.5))
    0.75
    >>> breakdown_probability(-1, Protocol(rounds=None, breakdown=0.0))
    0.0
    """
    p = protocol.breakdown
    if rnd >= 0:
        return 1.0 - (1.0 - p) ** rnd
    if protocol.rounds is not None or p > 0:
        return 1.0
    return 0.0


def demand_candidates(sector: Sector) -> tuple[float, ...]:
    """The demands among which the sender's best lies (``docs/model.md``, "The demand").

    While the target would concede under sanctions (``c D**k <= L_T``) a larger demand
    raises the sender's threat payoff and lowers the target's, so the best demand there is
    the largest, ``min(1, (L_T / c)**(1/k))``; beyond it the target holds out and the threat
    point no longer depends on the demand, so full opening (1) stands for that region.

    Parameters
    ----------
    sector : Sector
        The sector.

    Returns
    -------
    tuple of float
        ``(top,)`` when ``top`` is 1, else ``(top, 1.0)``.

    Examples
    --------
    >>> demand_candidates(Sector("s", gain=1.0, cost=0.6, loss_target=0.5))
    (0.8333333333333334, 1.0)
    """
    s = sector
    top = 1.0 if s.cost <= 0 else min(1.0, (s.loss_target / s.cost) ** (1.0 / s.curvature))
    return (top,) if top >= 1.0 else (top, 1.0)


def best_demands(r: SectorArrays, protocol: Protocol) -> tuple[FloatArray, BundlePath, BoolArray]:
    """The sender's best demand for each one-sector row, and that row's SPE.

    Candidates per row: ``min(1, (L_T / c)**(1/k))`` and 1 (see :func:`demand_candidates`);
    the better for the sender wins, the first on a tie.

    Parameters
    ----------
    r : SectorArrays
        One sector per row, arrays of shape (n, 1).
    protocol : Protocol
        The bargaining protocol.

    Returns
    -------
    demands : numpy.ndarray
        Shape (n,): each row's best demand.
    path : BundlePath
        Each row's SPE path under that demand.
    sanction : numpy.ndarray of bool
        Shape (n,): whether the sanction is imposed in each row's subgame.

    Examples
    --------
    The take-it-or-leave-it round of :func:`solver.model.talks.solve_sector`'s example:

    >>> s = Sector("glass", gain=1.0, cost=0.6, loss_target=0.5, loss_sender=0.1,
    ...            backdown_cost=0.3, discount_sender=0.9, discount_target=0.75)
    >>> d, path, sanction = best_demands(SectorArrays.of([s]), Protocol(rounds=1, breakdown=0))
    >>> d.round(12).tolist(), path.round.tolist(), sanction.tolist()
    ([0.833333333333], [0], [True])
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        top = np.where(r.c[:, 0] > 0, np.power(r.loss_target[:, 0] / r.c[:, 0],
                                               1.0 / r.k[:, 0]), 1.0)
    top = np.minimum(np.nan_to_num(top, nan=1.0, posinf=1.0), 1.0)
    mask = np.ones((len(top), 1), bool)
    lo = np.zeros((len(top), 1))
    best: tuple[FloatArray, BundlePath, BoolArray] | None = None
    for cand in (top, np.ones_like(top)):
        threat, sanction = r.threats(cand[:, None], mask)
        path = solve_bundle(r, lo, mask, threat, protocol)
        if best is None:
            best = (cand, path, sanction)
            continue
        scale = payoff_scale(r, mask)
        better = path.payoffs[:, 0, 0] > best[1].payoffs[:, 0, 0] + OFFER_TOL * scale
        d, p0, s0 = best
        best = (np.where(better, cand, d), BundlePath(
            np.where(better[:, None, None], path.payoffs, p0.payoffs),
            np.where(better, path.round, p0.round),
            np.where(better[:, None], path.openings, p0.openings),
            np.where(better, path.residual, p0.residual)), np.where(better, sanction, s0))
    assert best is not None
    return best
