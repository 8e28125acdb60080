"""The negotiation game over sectors, solved for subgame-perfect equilibria by backward
induction over (round, open sectors). The game is stated in ``docs/model.md``.

Each round the agenda puts the open sectors on the table as bundles (one bundle each sector:
piece by piece; one bundle of all: the package). The round's proposer offers openings for each
bundle, the responder accepts or rejects each; agreed sectors close. If anything was rejected,
the talks break down with probability ``breakdown`` (every rejected bundle then goes to its
sanction subgame) or go on to the next round, discounted sector by sector; after the last
round's rejections every open bundle goes to its sanction subgame. A failed bundle does not
end the talks: its sectors stay open and its threat stays in reserve.

The proposer's best acceptable offer on a bundle is
:func:`~solver.algorithms.bargaining.bundle_offer.best_offer` (the Minkowski-sum frontier); a
proposer may also make no acceptable offer and
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

from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from numpy.typing import NDArray

from solver._core.errors import InputError
from solver._core.tabular import Tabular, one_line
from solver.model.bundle_game import (
    OFFER_TOL,
    BundlePath,
    SectorArrays,
    best_demands,
    breakdown_probability,
    payoff_scale,
    solve_bundle,
)
from solver.model.doubt.typed_talks import TypedTalks, solve_talks_types
from solver.model.free_agenda import MAX_FREE_SECTORS, solve_free
from solver.model.outcomes import DEAL_OPENING, Agreement, SectorResult, Talks
from solver.model.protocol import Protocol
from solver.model.sanction_subgame import Subgame, solve_subgame
from solver.model.scenario import Scenario
from solver.model.sector import Sector
from solver.representations.tree import GameTree

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
    "solve_talks_spe",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

#: The agendas of the negotiation game.
AGENDAS = ("piecemeal", "package", "linked", "free")


# -- the sector game ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SectorGame(Agreement, Tabular):
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

    def __repr__(self) -> str:
        return one_line("SectorGame", self.sector.name, demand=self.demand, opening=self.opening,
                        round=self.round, payoffs=self.payoffs,
                        sanction_probability=self.sanction_probability)

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
        import pandas as pd

        return pd.DataFrame([self.row()])


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

    Parameters
    ----------
    sector : Sector
        The sector's parameters.
    protocol : Protocol or None, optional
        The bargaining protocol; ``None`` means ``Protocol()`` (its defaults). It must have
        no ``types``: a sector with the sender's resolve in doubt is
        :func:`solve_sector_types`'s.

    Returns
    -------
    SectorGame
        The SPE: the sender's demand (``None`` when demanding does not pay), the opening and
        round of agreement, the payoffs, the threat point and the solved sanction subgame.

    Raises
    ------
    ValueError
        If ``protocol.types`` is set.

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
    if protocol.types is not None:
        raise InputError("solve_sector(): the protocol has types (incomplete information); "
                         "solve it with solve_sector_types(sector, protocol, kind)")
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


def _demands(scenario: Scenario, protocol: Protocol) -> dict[str, float]:
    """Each sector's standing demand: its own sector game's SPE demand (all sectors at once)."""
    demand, _, _ = best_demands(SectorArrays.of(scenario.sectors).transposed(), protocol)
    return {s.name: float(d) for s, d in zip(scenario.sectors, demand, strict=True)}


def solve_talks(scenario: Scenario, protocol: Protocol | None = None,
                agenda: str = "free") -> Talks | TypedTalks:
    """Solve the negotiation game over the scenario's sectors under one agenda.

    With complete information (``protocol.types`` is ``None``) this is
    :func:`solve_talks_spe`, the subgame-perfect equilibrium, returning :class:`Talks`. With
    ``protocol.types`` set the sender's type is private and the game is solved for its
    perfect Bayesian equilibrium (:func:`solver.model.doubt.typed_talks.solve_talks_types`; piece
    by piece only), returning a :class:`TypedTalks`.

    Parameters
    ----------
    scenario : Scenario
        The sectors (and, for the package agenda, the sender's floors).
    protocol : Protocol or None, optional
        The bargaining protocol; ``None`` means ``Protocol()`` (its defaults, not the
        scenario's ``[protocol]``: pass ``scenario.protocol`` for that).
    agenda : str, optional
        ``"piecemeal"``, ``"package"``, ``"linked"`` or ``"free"`` (see
        :func:`solve_talks_spe`); with ``protocol.types`` only ``"piecemeal"``.

    Returns
    -------
    Talks or TypedTalks
        Each sector's outcome on the equilibrium path, and the totals.

    Raises
    ------
    ValueError
        If ``agenda`` is not one of :data:`AGENDAS` (or not piece by piece with types).

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> t = solve_talks(load_scenario(), Protocol(rounds=4, types="resolve"), "piecemeal")
    >>> round(t.deadline_probability["autos"], 3), round(t.deadline_probability["medical"], 3)
    (0.686, 0.857)
    """
    protocol = Protocol() if protocol is None else protocol
    if protocol.types is not None:
        return solve_talks_types(scenario, protocol, agenda)
    return solve_talks_spe(scenario, protocol, agenda)


def solve_talks_spe(scenario: Scenario, protocol: Protocol | None = None,
                agenda: str = "free") -> Talks:
    """Solve the negotiation game over the scenario's sectors under one agenda.

    ``agenda`` is ``"piecemeal"`` (each sector its own bundle), ``"package"`` (one bundle of
    all sectors, with the sender committed to its floors), ``"linked"`` (one bundle, no
    floors) or ``"free"`` (the protocol's setter chooses each round between one bundle of the
    open sectors and piece by piece). Each sector's standing demand is its own sector game's
    SPE demand.

    Parameters
    ----------
    scenario : Scenario
        The sectors and the sender's floors.
    protocol : Protocol or None, optional
        The bargaining protocol, without ``types``; ``None`` means ``Protocol()``.
    agenda : str, optional
        One of :data:`AGENDAS`, as above.

    Returns
    -------
    Talks
        Each sector's :class:`SectorResult`, the free agenda's choices and the largest offer
        certificate residual.

    Raises
    ------
    ValueError
        If ``agenda`` is unknown or ``protocol.types`` is set.

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> t = solve_talks_spe(load_scenario(), Protocol(rounds=4), agenda="piecemeal")
    >>> sorted(t.sectors) == sorted(s.name for s in load_scenario().sectors)
    True
    """
    protocol = Protocol() if protocol is None else protocol
    if agenda not in AGENDAS:
        raise InputError(f"solve_talks(): agenda must be one of {list(AGENDAS)}, got {agenda!r}")
    if protocol.types is not None:
        raise InputError("solve_talks_spe(): the protocol has types (incomplete information); "
                         "use solve_talks")
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
    return solve_free(scenario, protocol, demands)


def _result(name: str, demand: float, path: BundlePath, row: int, col: int, sanction: bool,
            protocol: Protocol) -> SectorResult:
    rnd = int(path.round[row])
    reach = breakdown_probability(rnd, protocol)
    return SectorResult(
        name, demand, float(path.openings[row, col]) if rnd >= 0 else 0.0,
        rnd if rnd >= 0 else None, float(path.payoffs[row, col, 0]),
        float(path.payoffs[row, col, 1]), reach * float(sanction), protocol,
    )


