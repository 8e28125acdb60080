"""The negotiation game over sectors, solved for subgame-perfect equilibria by backward
induction over (round, open sectors). The game is stated in ``docs/model.md``.

Each round the agenda puts the open sectors on the table as bundles (one bundle each sector:
piece by piece; one bundle of all: the package). The round's proposer offers openings for each
bundle, the responder accepts or rejects each; agreed sectors close. If anything was rejected,
the talks break down with probability ``breakdown`` (every rejected bundle then goes to its
sanction subgame) or go on to the next round, discounted sector by sector; after the last
round's rejections every open bundle goes to its sanction subgame. A failed bundle does not
end the talks: its sectors stay open and its threat stays in reserve.

The proposer's best acceptable offer on a bundle is :func:`solver.algorithms.bundle_offer.
best_offer` (the Minkowski-sum frontier); a proposer may also make no acceptable offer and
wait, which it does when waiting pays (e.g. a target that discounts the cost of opening
heavily postpones it to the deadline). The threat points come from
:mod:`solver.model.sanction_subgame`, solved as game trees.

Engines:

* one bundle whose rejection leaves it open (one sector; the package; the linked package):
  the backward recursion of :mod:`solver.model.bundle_game`, vectorised over rows (draws, or
  sectors), used by :func:`solve_sector`, :func:`solve_talks` and the sweep alike;
* the free agenda: every subset of sectors is a state; each round the setter puts one bundle
  (any nonempty subset of the open sectors) on the table and the others wait; all
  (open set, bundle) pairs of a round go through the offer kernel in one call. Its states
  grow as 2**S and its pairs as 3**S, so it stops at :data:`MAX_FREE_SECTORS` with a clear
  error; the other agendas grow linearly in S.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from solver.algorithms.bundle_offer import best_offer, offer_residual
from solver.model.bundle_game import (
    MAX_STATIONARY_ROUNDS,
    OFFER_TOL,
    BundlePath,
    SectorArrays,
    agreed_payoffs,
    best_demands,
    breakdown_probability,
    payoff_scale,
    solve_bundle,
)
from solver.model.protocol import Protocol
from solver.model.sanction_subgame import Subgame, solve_subgame
from solver.model.scenario import Scenario
from solver.model.sector import Sector
from solver.representations.tree import GameTree
from solver.tabular import Tabular

__all__ = [
    "AGENDAS",
    "DEAL_OPENING",
    "MAX_FREE_SECTORS",
    "OFFER_TOL",
    "SectorGame",
    "SectorResult",
    "Talks",
    "solve_sector",
    "solve_talks",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

#: The agendas of the negotiation game.
AGENDAS = ("piecemeal", "package", "linked", "free")
#: The one threshold that tells a deal from a deadlock: an agreed opening of at least this
#: share of a full opening (1%), with each side at least as well off as at its threat point.
DEAL_OPENING = 0.01
#: Most sectors the free agenda solves: its states are all 2**S subsets of sectors, and each
#: round weighs every bundle of each, 3**S (open set, bundle) pairs.
MAX_FREE_SECTORS = 10


# -- the sector game ------------------------------------------------------------------------


class _Agreement:
    """Deal and timing, from an outcome's round and opening, by the one stated threshold."""

    round: int | None
    opening: float
    protocol: Protocol

    @property
    def deal(self) -> bool:
        """A deal: agreement reached, with an opening of at least :data:`DEAL_OPENING`."""
        return _is_deal(self.round, self.opening)

    @property
    def timing(self) -> str:
        """``"before"`` or ``"at"`` the deadline (its last round), or ``"none"`` without a
        deal. (A game that ends at its deadline has no "after".)"""
        return _timing(self.round, self.opening, self.protocol)


@dataclass(frozen=True, eq=False)
class SectorGame(_Agreement, Tabular):
    """One sector's negotiation game solved for its subgame-perfect equilibrium.

    Attributes
    ----------
    sector, protocol
        The game's parameters.
    demand : float or None
        The sender's SPE demand (the standing demand its sanction enforces); ``None`` when it
        makes none (then nothing is negotiated and the payoffs are the status quo (0, 0)).
    opening : float
        The SPE opening agreed (0 when none).
    payoffs : (float, float)
        Expected SPE payoffs (sender, target) from round 0, $B/yr.
    threat_point : (float, float)
        The sanction subgame's SPE payoff: ``subgame_perfect(sanction_subgame)[0].payoffs``.
    sanction_subgame : GameTree
    subgame : Subgame
        The solved subgame (its path: whether the sanction is imposed and the target concedes).
    round : int or None
        The round of agreement (0-based) on the path without breakdown; ``None`` if none.
    sanction_probability : float
        Probability that the sanction is imposed on the equilibrium path.
    residual : float
        The offer certificate at the agreement round (relative to the payoff scale).

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> g = solve_sector(load_scenario().sector("medical"), Protocol(rounds=4))
    >>> g.demand, g.round, g.timing, g.subgame.path
    (1.0, 3, 'at', ('Sanction', 'Concede'))
    """

    sector: Sector
    protocol: Protocol
    demand: float | None
    opening: float
    payoffs: tuple[float, float]
    threat_point: tuple[float, float]
    sanction_subgame: GameTree
    subgame: Subgame
    round: int | None
    sanction_probability: float
    residual: float

    def row(self) -> dict[str, Any]:
        """The sector table's row: the SPE, the threat point and the subgame's path."""
        return {
            "sector": self.sector.name,
            "demand": self.demand,
            "opening": self.opening,
            "round": self.round,
            "deal": self.deal,
            "timing": self.timing,
            "sanction_probability": self.sanction_probability,
            "threat_sender": self.threat_point[0],
            "threat_target": self.threat_point[1],
            "subgame_spe": ">".join(self.subgame.path),
            "payoff_sender": self.payoffs[0],
            "payoff_target": self.payoffs[1],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row: the sector's SPE."""
        return pd.DataFrame([self.row()])


def _is_deal(rnd: int | None, opening: float) -> bool:
    return rnd is not None and opening >= DEAL_OPENING


def _timing(rnd: int | None, opening: float, protocol: Protocol) -> str:
    if not _is_deal(rnd, opening):
        return "none"
    if protocol.rounds is None:
        return "before"
    assert rnd is not None
    return "at" if rnd == protocol.rounds - 1 else "before"


def _sector_trace(sector: Sector, protocol: Protocol, demand: float) -> tuple[BundlePath, Subgame]:
    sub = solve_subgame([sector], [demand])
    r = SectorArrays.of([sector])
    threat = np.array([[sub.per_sector[0]]])
    path = solve_bundle(r, np.zeros((1, 1)), np.ones((1, 1), bool), threat, protocol)
    return path, sub


def solve_sector(sector: Sector, protocol: Protocol | None = None) -> SectorGame:
    """Solve one sector's negotiation game (``docs/model.md``) for its SPE.

    The sender first chooses its demand (or none); then alternating offers over the opening
    under ``protocol``; a breakdown, or the deadline, leads to the sanction subgame, whose
    SPE payoff is the threat point. A front door over the vectorised engine
    (:func:`solver.model.bundle_game.best_demands`), which the sweep runs for many draws.

    Examples
    --------
    One round, the sender proposing: take it or leave it. The target holds out under
    sanctions (c > L_T) and the threat is credible (L_S < a), so the sender asks for the
    largest opening the target prefers to the sanction, x = L_T / c:

    >>> s = Sector("glass", gain=1.0, cost=0.6, loss_target=0.5, loss_sender=0.1,
    ...            backdown_cost=0.3, discount_sender=0.9, discount_target=0.75)
    >>> r = solve_sector(s, Protocol(rounds=1, breakdown=0.0))
    >>> round(r.opening, 12), r.round, r.threat_point == r.subgame.spe[0].payoffs
    (0.833333333333, 0, True)
    """
    protocol = Protocol() if protocol is None else protocol
    demand, path, _ = best_demands(SectorArrays.of([sector]), protocol)
    sub = solve_subgame([sector], [float(demand[0])])
    pay = (float(path.payoffs[0, 0, 0]), float(path.payoffs[0, 0, 1]))
    rnd = int(path.round[0])
    opening = float(path.openings[0, 0]) if rnd >= 0 else 0.0
    scale = float(payoff_scale(SectorArrays.of([sector]), np.ones((1, 1), bool))[0])
    if pay[0] <= OFFER_TOL * scale:
        # Demanding does not pay (or gets nothing): the sender makes no demand, and nothing
        # is negotiated. The threat point is still that of its best demand.
        return SectorGame(sector, protocol, None, 0.0, (0.0, 0.0), sub.payoffs, sub.tree, sub,
                          None, 0.0, 0.0)
    return SectorGame(
        sector, protocol, float(demand[0]), opening, pay, sub.payoffs, sub.tree, sub,
        rnd if rnd >= 0 else None,
        breakdown_probability(rnd, protocol) * float(sub.sanction), float(path.residual[0]),
    )


# -- the talks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectorResult(_Agreement):
    """One sector's outcome in the talks: its standing demand, the opening agreed and when,
    its expected payoffs from round 0, and the probability its sanction is imposed.

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> r = solve_talks(load_scenario(), Protocol(rounds=1, breakdown=0.0), "piecemeal")
    >>> round(r.sectors["flat_glass"].opening, 12), r.sectors["flat_glass"].deal
    (0.833333333333, True)
    """

    sector: str
    demand: float
    opening: float
    round: int | None
    sender_payoff: float
    target_payoff: float
    sanction_probability: float
    protocol: Protocol = field(repr=False)


@dataclass(frozen=True)
class Talks(Tabular):
    """The negotiation game over all sectors under one agenda, solved for its SPE.

    ``sectors`` maps each sector's name to its :class:`SectorResult`; ``sanctions`` names
    the sectors in which a sanction is imposed with positive probability on the path;
    ``choices`` is the free agenda's path, one bundle a round.

    Examples
    --------
    A package whose floors the target cannot meet fails in every round; the threats stay in
    reserve until the deadline sends every sector into its sanction subgame:

    >>> from solver.model.scenario import load_scenario
    >>> t = solve_talks(load_scenario(), Protocol(rounds=4), "package")
    >>> t.deals, len(t.sanctions)
    ((), 6)
    """

    scenario: str
    agenda: str
    protocol: Protocol
    sectors: Mapping[str, SectorResult]
    residual: float
    choices: tuple[str, ...] = ()

    @property
    def sender_payoff(self) -> float:
        return sum(s.sender_payoff for s in self.sectors.values())

    @property
    def target_payoff(self) -> float:
        return sum(s.target_payoff for s in self.sectors.values())

    @property
    def joint_surplus(self) -> float:
        return self.sender_payoff + self.target_payoff

    @property
    def deals(self) -> tuple[str, ...]:
        return tuple(n for n, s in self.sectors.items() if s.deal)

    @property
    def sanctions(self) -> tuple[str, ...]:
        return tuple(n for n, s in self.sectors.items() if s.sanction_probability > 0)

    def to_frame(self) -> pd.DataFrame:
        """One row per sector: demand, opening, round, deal, timing, payoffs, sanctions."""
        return pd.DataFrame([{
            "sector": s.sector, "demand": s.demand, "opening": s.opening, "round": s.round,
            "deal": s.deal, "timing": s.timing, "payoff_sender": s.sender_payoff,
            "payoff_target": s.target_payoff, "sanction_probability": s.sanction_probability,
        } for s in self.sectors.values()])


def _demands(scenario: Scenario, protocol: Protocol) -> dict[str, float]:
    """Each sector's standing demand: its own sector game's SPE demand (all sectors at once)."""
    demand, _, _ = best_demands(SectorArrays.of(scenario.sectors).transposed(), protocol)
    return {s.name: float(d) for s, d in zip(scenario.sectors, demand, strict=True)}


def solve_talks(scenario: Scenario, protocol: Protocol | None = None,
                agenda: str = "free") -> Talks:
    """Solve the negotiation game over the scenario's sectors under one agenda.

    ``agenda`` is ``"piecemeal"`` (each sector its own bundle), ``"package"`` (one bundle of
    all sectors, with the sender committed to its floors), ``"linked"`` (one bundle, no
    floors) or ``"free"`` (the protocol's setter chooses each round between one bundle of the
    open sectors and piece by piece). Each sector's standing demand is its own sector game's
    SPE demand.

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> t = solve_talks(load_scenario(), Protocol(rounds=4), agenda="piecemeal")
    >>> sorted(t.sectors) == sorted(s.name for s in load_scenario().sectors)
    True
    """
    protocol = Protocol() if protocol is None else protocol
    if agenda not in AGENDAS:
        raise ValueError(f"solve_talks(): agenda must be one of {list(AGENDAS)}, got {agenda!r}")
    demands = _demands(scenario, protocol)
    sectors = scenario.sectors
    names = [s.name for s in sectors]
    if agenda == "piecemeal":
        rows = SectorArrays.of(sectors).transposed()
        mask = np.ones((len(sectors), 1), bool)
        demand = np.array([[demands[n]] for n in names])
        threat, sanction = rows.threats(demand, mask)
        path = solve_bundle(rows, np.zeros_like(demand), mask, threat, protocol)
        results = {
            n: _result(n, demands[n], path, i, 0, bool(sanction[i]), protocol)
            for i, n in enumerate(names)
        }
        return Talks(scenario.name, agenda, protocol, MappingProxyType(results),
                     float(path.residual.max(initial=0.0)))
    if agenda in ("package", "linked"):
        rows = SectorArrays.of(sectors)
        mask = np.ones((1, len(sectors)), bool)
        demand = np.array([[demands[n] for n in names]])
        if protocol.retaliation == "cross":
            threat, sanction = rows.threats(demand, mask)
            sanctioned = [bool(sanction[0])] * len(names)
        else:
            own, own_sanction = rows.transposed().threats(demand.T,
                                                          np.ones((len(sectors), 1), bool))
            threat = own[:, 0, :][None]
            sanctioned = [bool(v) for v in own_sanction]
        lo = np.array([[scenario.floor(n) if agenda == "package" else 0.0 for n in names]])
        path = solve_bundle(rows, lo, mask, threat, protocol)
        results = {n: _result(n, demands[n], path, 0, j, sanctioned[j], protocol)
                   for j, n in enumerate(names)}
        return Talks(scenario.name, agenda, protocol, MappingProxyType(results),
                     float(path.residual[0]))
    return _free(scenario, protocol, demands)


def _result(name: str, demand: float, path: BundlePath, row: int, col: int, sanction: bool,
            protocol: Protocol) -> SectorResult:
    rnd = int(path.round[row])
    reach = breakdown_probability(rnd, protocol)
    return SectorResult(
        name, demand, float(path.openings[row, col]) if rnd >= 0 else 0.0,
        rnd if rnd >= 0 else None, float(path.payoffs[row, col, 0]),
        float(path.payoffs[row, col, 1]), reach * float(sanction), protocol,
    )


# -- the free agenda -------------------------------------------------------------------------


def _free(scenario: Scenario, protocol: Protocol, demands: Mapping[str, float]) -> Talks:
    sectors = scenario.sectors
    n_s = len(sectors)
    if n_s > MAX_FREE_SECTORS:
        raise ValueError(
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
                raise ValueError("solve_talks(): with no deadline the game needs discounting "
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
                raise ArithmeticError("solve_talks(): the free agenda did not converge")
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
