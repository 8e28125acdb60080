"""What the negotiation game reports per sector and per agenda, and the one rule that tells a
deal from a deadlock (``docs/model.md``, "Deal, deadlock and timing")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


from solver._core.tabular import Tabular, one_line
from solver.model.protocol import Protocol

__all__ = ["DEAL_OPENING", "Agreement", "SectorResult", "Talks", "is_deal", "timing"]

#: The one threshold that tells a deal from a deadlock: agreement reached, with an opening of
#: at least this share of a full opening (1%).
DEAL_OPENING = 0.01


class Agreement:
    """Deal and timing, from an outcome's round and opening, by the one stated threshold.

    A mixin of the outcome types (:class:`SectorResult`, ``SectorGame``).

    Attributes
    ----------
    round : int or None
        The round of agreement (0-based), ``None`` if none.
    opening : float
        The opening agreed.
    protocol : Protocol
        The protocol (its deadline decides the timing).
    deal, timing
        See :func:`is_deal` and :func:`timing`.

    Examples
    --------
    >>> from solver import Sector, solve_sector
    >>> s = Sector("glass", gain=1.0, cost=0.6, loss_target=0.5, loss_sender=0.1,
    ...            backdown_cost=0.3, discount_sender=0.9, discount_target=0.75)
    >>> g = solve_sector(s, Protocol(rounds=1, breakdown=0.0))
    >>> g.round, g.deal, g.timing
    (0, True, 'at')
    """

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
    """Whether an outcome is a deal: agreement reached with at least :data:`DEAL_OPENING`.

    Parameters
    ----------
    rnd : int or None
        The round of agreement, ``None`` if none.
    opening : float
        The opening agreed.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_deal(0, 0.5), is_deal(0, 0.005), is_deal(None, 0.5)
    (True, False, False)
    """
    return rnd is not None and opening >= DEAL_OPENING


def timing(rnd: int | None, opening: float, protocol: Protocol) -> str:
    """When a deal is made: ``"at"`` the deadline (its last round), ``"before"`` it, or
    ``"none"`` without a deal (a game that ends at its deadline has no "after").

    Parameters
    ----------
    rnd : int or None
        The round of agreement, ``None`` if none.
    opening : float
        The opening agreed.
    protocol : Protocol
        Its ``rounds`` is the deadline (``None``: every deal is "before").

    Returns
    -------
    str

    Examples
    --------
    >>> p = Protocol(rounds=4)
    >>> timing(3, 0.5, p), timing(1, 0.5, p), timing(None, 0.0, p)
    ('at', 'before', 'none')
    """
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

    Attributes
    ----------
    sector : str
        The sector's name.
    demand : float
        The sender's standing demand (share of a full opening).
    opening : float
        The opening agreed on the path without breakdown (0 when none).
    round : int or None
        The round of agreement (0-based); ``None`` if none is reached.
    sender_payoff, target_payoff : float
        Expected payoffs from round 0 ($B/yr), breakdown and sanctions included.
    sanction_probability : float
        Probability that the sector's sanction is imposed on the equilibrium path.
    protocol : Protocol
        The protocol the talks were solved under.
    deal : bool
        Agreement with an opening of at least :data:`DEAL_OPENING`.
    timing : str
        ``"before"`` or ``"at"`` the deadline, or ``"none"`` without a deal.

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

    Attributes
    ----------
    scenario : str
        The scenario's name.
    agenda : str
        ``"piecemeal"``, ``"package"``, ``"linked"`` or ``"free"``.
    protocol : Protocol
        The protocol the talks were solved under.
    sectors : Mapping[str, SectorResult]
        Each sector's outcome, by name.
    residual : float
        The largest offer certificate residual on the path (relative to the payoff scale).
    choices : tuple of str
        The free agenda's bundle in each round (empty under the other agendas).
    sender_payoff, target_payoff, joint_surplus : float
        Totals over the sectors ($B/yr).
    deals, sanctions : tuple of str
        The sectors with a deal, and those whose sanction is imposed with positive
        probability.

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
