"""The free agenda: backward induction over (round, open set) (``docs/model.md``, "Agendas").

Each round the setter puts one bundle (any nonempty subset of the open sectors) on the table
and the others wait; all (open set, bundle) pairs of a round go through the offer kernel in
one call. Its states grow as 2**S and its pairs as 3**S, so it stops at
:data:`MAX_FREE_SECTORS` with a clear error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from solver._core.errors import EngineError, InputError
from solver.algorithms.bargaining.bundle_offer import best_offer, offer_residual
from solver.model.bundle_game import (
    MAX_STATIONARY_ROUNDS,
    OFFER_TOL,
    SectorArrays,
    agreed_payoffs,
    payoff_scale,
)
from solver.model.outcomes import SectorResult, Talks
from solver.model.protocol import Protocol
from solver.model.scenario import Scenario
from solver.model.sector import Sector

__all__ = ["MAX_FREE_SECTORS", "solve_free"]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

#: Most sectors the free agenda solves: its states are all 2**S subsets of sectors, and each
#: round weighs every bundle of each, 3**S (open set, bundle) pairs.
MAX_FREE_SECTORS = 10


def solve_free(scenario: Scenario, protocol: Protocol, demands: Mapping[str, float]) -> Talks:
    """The talks under the free agenda: each round the setter (``protocol.setter``) puts one
    bundle of the open sectors on the table, solved by backward induction over (round, open
    set); :func:`solver.solve_talks` with ``agenda="free"`` calls it.

    Parameters
    ----------
    scenario : Scenario
        The negotiation; at most :data:`MAX_FREE_SECTORS` sectors.
    protocol : Protocol
        The bargaining protocol (rounds, breakdown risk, proposers, setter, retaliation).
    demands : mapping of str to float
        The sender's standing demand in each sector, by sector name.

    Returns
    -------
    Talks
        Each sector's result (opening, round of agreement, expected payoffs, probability of
        sanctions), the largest offer-certificate residual, and ``choices``: the bundle put
        on the table each round on the path (``"(rejected)"`` when no offer is accepted).

    Raises
    ------
    InputError
        If the scenario has more than :data:`MAX_FREE_SECTORS` sectors, or there is no
        deadline and neither discounting nor breakdown risk.
    EngineError
        If the stationary equilibrium (no deadline) does not converge.

    Examples
    --------
    >>> from solver import Protocol, load_scenario
    >>> sc = load_scenario()
    >>> t = solve_free(sc, Protocol(rounds=2), {s.name: 1.0 for s in sc.sectors})
    >>> t.agenda, t.choices
    ('free', ('autos+auto_parts+insurance+telecom+flat_glass', 'medical'))
    >>> t.sectors["medical"].round, round(t.sectors["medical"].opening, 3)
    (1, 0.891)
    """
    sectors = scenario.sectors
    n_s = len(sectors)
    if n_s > MAX_FREE_SECTORS:
        raise InputError(
            f"solve_talks(): the free agenda solves up to {MAX_FREE_SECTORS} sectors (its "
            f"states are every subset of sectors, and each round weighs every bundle of each: "
            f"3**S pairs); scenario {scenario.name!r} has {n_s}. Use agenda='piecemeal', "
            "'package' or 'linked', which grow linearly in the sectors.")
    solver = _FreeSolver(sectors, [demands[s.name] for s in sectors], protocol)
    full = (1 << n_s) - 1
    value, trace = solver.solve(full)
    names = [s.name for s in sectors]
    rnd: dict[str, int | None] = dict.fromkeys(names)
    opening = dict.fromkeys(names, 0.0)
    choices = []
    residual = 0.0
    # The probability each sector's sanction is imposed on the path: the talks break down
    # after a rejected bundle while it is open, or the deadline comes with it open; it then
    # goes to the subgame it is in at that moment (the rejected bundle's, pooled under
    # cross-sector retaliation, or its own if it was waiting off the table).
    sanctioned = dict.fromkeys(names, 0.0)
    alive, p = 1.0, protocol.breakdown
    open_mask = full
    last: tuple[int, int] | None = None  # (open set, rejected bundle) of the last round

    def reach(prob: float, bundle: int) -> None:
        for j, nm in enumerate(names):
            if open_mask >> j & 1:
                sanctioned[nm] += prob * float(solver.sanctioned(open_mask, bundle, j))

    for t, (bundle, agreed, x, res) in enumerate(trace):
        choices.append("+".join(names[j] for j in range(n_s) if bundle >> j & 1)
                       + ("" if agreed else " (rejected)"))
        residual = max(residual, res)
        if agreed:
            for j, nm in enumerate(names):
                if bundle >> j & 1:
                    rnd[nm], opening[nm] = t, float(x[j])
            open_mask &= ~bundle
            last = None
        elif protocol.rounds is None or t < protocol.rounds - 1:
            reach(alive * p, bundle)
            alive *= 1 - p
            last = (open_mask, bundle)
        else:
            last = (open_mask, bundle)
    if open_mask and (protocol.rounds is not None or p > 0):
        # The deadline (or, without one, a breakdown at last) with these sectors open.
        reach(alive, last[1] if last is not None else 0)
    results = {}
    for j, s in enumerate(sectors):
        results[s.name] = SectorResult(s.name, demands[s.name], opening[s.name], rnd[s.name],
                                       float(value[j, 0]), float(value[j, 1]),
                                       min(1.0, sanctioned[s.name]), protocol)
    if protocol.rounds is None and len(choices) > 2 * (n_s + 1):
        # The stationary play repeats: list its first cycles only.
        choices = choices[:2 * (n_s + 1)] + ["... (stationary, repeats)"]
    return Talks(scenario.name, "free", protocol, MappingProxyType(results), residual,
                 tuple(choices))


class _FreeSolver:
    """Backward induction over (round, open set) for the free agenda.

    Each round the setter puts one bundle ``B`` of the open sectors ``O`` on the table (the
    others wait); the proposer offers on ``B``, or waits. Accepted: ``B`` closes and the rest
    go on to the next round. Rejected: the talks break down with probability ``breakdown``
    (``B`` to its subgame, pooled under cross-sector retaliation; the waiting sectors to
    their own) or go on with ``O`` open. All (open set, bundle) pairs of a round are solved
    in one call of the vectorised offer kernel.
    """

    def __init__(self, sectors: Sequence[Sector], demands: Sequence[float],
                 protocol: Protocol) -> None:
        self.protocol = protocol
        self.n = n = len(sectors)
        self.rows = SectorArrays.of(sectors)
        self.demand = np.array([list(demands)])
        own, own_sanction = self.rows.transposed().threats(self.demand.T,
                                                           np.ones((n, 1), bool))
        self.own = own[:, 0, :]  # (S, 2): each sector's own subgame
        self.own_sanction = own_sanction
        self.masks = np.arange(1, 1 << n)
        self.bits = ((self.masks[:, None] >> np.arange(n)) & 1).astype(bool)  # (M, S)
        # Every (open set, bundle) pair, bundle a nonempty subset of the open set.
        pairs = [(m, b) for m in range(1, 1 << n) for b in _submasks(m)]
        self.open = np.array([m for m, _ in pairs])
        self.bundle = np.array([b for _, b in pairs])
        self.bundle_bits = self.bits[self.bundle - 1]
        self.rest_bits = self.bits[self.open - 1] & ~self.bundle_bits
        rep = len(pairs)
        tile = SectorArrays(*(np.repeat(a, rep, axis=0) for a in (
            self.rows.v, self.rows.c, self.rows.k, self.rows.loss_target,
            self.rows.loss_sender, self.rows.backdown, self.rows.d_sender,
            self.rows.d_target)))
        self.tile = tile
        if protocol.retaliation == "cross":
            pooled, pooled_sanction = tile.threats(np.repeat(self.demand, rep, axis=0),
                                                   self.bundle_bits)
        else:
            pooled = np.where(self.bundle_bits[..., None], self.own[None], 0.0)
            pooled_sanction = np.zeros(rep, bool)
        # The breakdown payoffs of each pair: the bundle's subgame and the others' own.
        self.threat = pooled + np.where(self.rest_bits[..., None], self.own[None], 0.0)
        self.pooled_sanction = pooled_sanction
        self.scale = payoff_scale(tile, self.bits[self.open - 1])
        self.ones = np.ones((rep, n), bool)

    def sanctioned(self, open_mask: int, bundle: int, j: int) -> bool:
        """Whether sector ``j`` is sanctioned when the talks break down with ``open_mask``
        open and ``bundle`` (0: none) just rejected: the bundle's pooled subgame under
        cross-sector retaliation if ``j`` is in it, else its own subgame."""
        if self.protocol.retaliation == "cross" and bundle >> j & 1:
            row = np.flatnonzero((self.open == open_mask) & (self.bundle == bundle))[0]
            return bool(self.pooled_sanction[row])
        return bool(self.own_sanction[j])

    def _round(self, t: int, nxt: FloatArray | None) -> tuple[FloatArray, NDArray[np.int64],
                                                             BoolArray, FloatArray, FloatArray]:
        """Values (M, S, 2) at the start of round t for every open set, given the next
        round's; and per open set the chosen pair's row, agreement, openings, residual."""
        p = self.protocol.breakdown
        r = self.tile
        rep = len(self.open)
        if nxt is None:  # after the deadline every open sector is in its subgame
            after_reject = self.threat
            own_all = np.where(self.bits[..., None], self.own[None], 0.0)
            after_accept = own_all[np.maximum(self.open & ~self.bundle, 1) - 1]
        else:
            disc = np.stack([r.d_sender, r.d_target], axis=-1)
            after_reject = p * self.threat + (1 - p) * disc * nxt[self.open - 1]
            later = nxt[np.maximum(self.open & ~self.bundle, 1) - 1]
            after_accept = disc * later
        after_accept = np.where(self.rest_bits[..., None], after_accept, 0.0)
        proposer = self.protocol.proposer(t)
        prop, resp = (0, 1) if proposer == "sender" else (1, 0)
        need = (after_reject[..., resp].sum(-1)
                - after_accept[..., resp].sum(-1))
        responder = "target" if proposer == "sender" else "sender"
        lo, hi = np.zeros((rep, self.n)), np.ones((rep, self.n))
        feasible, x = best_offer(r.v, r.c, r.k, lo, hi, self.bundle_bits, need, responder)
        agreed = agreed_payoffs(r, x, self.bundle_bits) + after_accept
        offer = agreed[..., prop].sum(-1)
        wait = after_reject[..., prop].sum(-1)
        agree = feasible & (offer >= wait - OFFER_TOL * self.scale)
        value = np.where(agree[:, None, None], agreed, after_reject)
        # The setter's choice among the bundles of each open set (ties: the first listed,
        # which is the largest bundle).
        setter = 0 if self.protocol.setter == "sender" else 1
        score = value[..., setter].sum(-1)
        n_masks = len(self.masks)
        best = np.full(n_masks, -np.inf)
        choice = np.zeros(n_masks, dtype=np.int64)
        for row in range(rep):
            mi = self.open[row] - 1
            if score[row] > best[mi] + OFFER_TOL * self.scale[row]:
                best[mi], choice[mi] = score[row], row
        rows = choice
        res = offer_residual(r.v[rows], r.c[rows], r.k[rows], lo[rows], hi[rows],
                             self.bundle_bits[rows], need[rows], responder, x[rows])
        return value[rows], rows, agree[rows], x[rows], np.where(agree[rows], res, 0.0)

    def solve(self, full: int) -> tuple[FloatArray, list[tuple[int, bool, FloatArray, float]]]:
        """Per-sector SPE payoffs from round 0 with every sector open, and the play path."""
        proto = self.protocol
        rounds: list[tuple[NDArray[np.int64], BoolArray, FloatArray, FloatArray]] = []
        if proto.rounds is not None:
            nxt: FloatArray | None = None
            for t in reversed(range(proto.rounds)):
                nxt, *rest = self._round(t, nxt)
                rounds.append(tuple(rest))  # type: ignore[arg-type]
            rounds.reverse()
            assert nxt is not None
            value = nxt
        else:
            period = 2 if proto.alternate else 1
            value = np.where(self.bits[..., None], self.own[None], 0.0)
            friction = (1 - proto.breakdown) * float(max(self.rows.d_sender.max(),
                                                         self.rows.d_target.max()))
            if friction >= 1:
                raise InputError("solve_talks(): with no deadline the game needs discounting "
                                 "or a breakdown risk")
            for _ in range(MAX_STATIONARY_ROUNDS // period):
                block = []
                nxt = value
                for t in reversed(range(period)):
                    nxt, *rest = self._round(t, nxt)
                    block.append(tuple(rest))
                block.reverse()
                change = float(np.max(np.abs(nxt - value)))
                value = nxt
                if change <= 1e-14 * float(self.scale.max()):
                    break
            else:
                raise EngineError("solve_talks(): the free agenda did not converge")
            # Follow the stationary play until a breakdown has (almost) surely come: the
            # sanction probabilities on the path need the whole cycle, not its first rounds.
            p = proto.breakdown
            horizon = 2 * (self.n + 1)
            if p > 0:
                horizon = max(horizon, min(MAX_STATIONARY_ROUNDS,
                                           int(np.ceil(np.log(1e-12) / np.log1p(-p)))))
            rounds = [block[t % period] for t in range(horizon)]  # type: ignore[misc]
        trace = []
        open_mask = full
        for rows, agree, x, res in rounds:
            if not open_mask:
                break
            row = int(rows[open_mask - 1])
            bundle = int(self.bundle[row])
            ok = bool(agree[open_mask - 1])
            trace.append((bundle, ok, x[open_mask - 1], float(res[open_mask - 1])))
            if ok:
                open_mask &= ~bundle
        return value[full - 1], trace


def _submasks(m: int) -> list[int]:
    """The nonempty subsets of the bit mask ``m``, largest first."""
    subs = []
    b = m
    while b:
        subs.append(b)
        b = (b - 1) & m
    return subs
