"""What the negotiation game reports per sector and per agenda, and the one rule that tells a
deal from a deadlock (``docs/model.md``, "Deal, deadlock and timing")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


from solver.model.protocol import Protocol
from solver.tabular import Tabular, one_line

__all__ = ["DEAL_OPENING", "Agreement", "SectorResult", "Talks", "is_deal", "timing"]

#: The one threshold that tells a deal from a deadlock: agreement reached, with an opening of
#: at least this share of a full opening (1%).
DEAL_OPENING = 0.01


class Agreement:
    """Deal and timing, from an outcome's round and opening, by the one stated threshold."""

    round: int | None
    opening: float
    protocol: Protocol

    @property
    def deal(self) -> bool:
        """A deal: agreement reached, with an opening of at least :data:`DEAL_OPENING`."""
        return is_deal(self.round, self.opening)

    @property
    def timing(self) -> str:
        """``"before"`` or ``"at"`` the deadline (its last round), or ``"none"`` without a
        deal. (A game that ends at its deadline has no "after".)"""
        return timing(self.round, self.opening, self.protocol)


def is_deal(rnd: int | None, opening: float) -> bool:
    return rnd is not None and opening >= DEAL_OPENING


def timing(rnd: int | None, opening: float, protocol: Protocol) -> str:
    if not is_deal(rnd, opening):
        return "none"
    if protocol.rounds is None:
        return "before"
    assert rnd is not None
    return "at" if rnd == protocol.rounds - 1 else "before"


@dataclass(frozen=True)
class SectorResult(Agreement):
    """One sector's outcome in the talks: its standing demand, the opening agreed and when,
    its expected payoffs from round 0, and the probability its sanction is imposed.

    Examples
    --------
    >>> from solver import Protocol, load_scenario, solve_talks
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

    def __repr__(self) -> str:
        return one_line("SectorResult", self.sector, demand=self.demand, opening=self.opening,
                        round=self.round, payoffs=(self.sender_payoff, self.target_payoff),
                        sanction_probability=self.sanction_probability)


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

    >>> from solver import Protocol, load_scenario, solve_talks
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

    def __repr__(self) -> str:
        return one_line("Talks", self.agenda, sectors=len(self.sectors), deals=len(self.deals),
                        payoffs=(self.sender_payoff, self.target_payoff), scenario=self.scenario)

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
        import pandas as pd

        return pd.DataFrame([{
            "sector": s.sector, "demand": s.demand, "opening": s.opening, "round": s.round,
            "deal": s.deal, "timing": s.timing, "payoff_sender": s.sender_payoff,
            "payoff_target": s.target_payoff, "sanction_probability": s.sanction_probability,
        } for s in self.sectors.values()])
