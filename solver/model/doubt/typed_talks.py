"""The talks with the sender's type in doubt: each sector's game of incomplete information,
solved for its perfect Bayesian equilibrium, and the outcome distributions users read.

Piece by piece, each sector is its own game (its own track, its own breakdown risk and its
own draw of the sender's type: the resolve that matters is the sector coalition's, and the
scenario gives each sector its own prior). The bundled agendas are not solved under
incomplete information: one bundle with a private type is a signalling game over a vector
of openings, which this release does not solve (``docs/model.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


from solver._core.errors import InputError
from solver._core.tabular import Tabular, one_line
from solver.model.doubt.resolve_game import TypedSectorGame, solve_sector_types
from solver.model.protocol import Protocol
from solver.model.scenario import Scenario

__all__ = ["TypedTalks", "solve_talks_types"]


@dataclass(frozen=True, eq=False)
class TypedTalks(Tabular):
    """The talks under incomplete information: one :class:`TypedSectorGame` per sector.

    Every mapping below is keyed by sector name.

    Attributes
    ----------
    scenario : str
        The scenario's name.
    agenda : str
        ``"piecemeal"`` (the one agenda solved with types).
    protocol : Protocol
        The protocol, with ``types`` set.
    sectors : Mapping[str, TypedSectorGame]
        Each sector's solved game.
    agreement_by_round : Mapping[str, Mapping[int or None, float]]
        Probability of a deal in each round, and of none (key ``None``).
    deal_probability, sanction_probability, breakdown_probability, deadline_probability
        Mapping[str, float]: each sector's probability of a deal, of its sanction being
        imposed, of a breakdown and of reaching the deadline.
    bluff_probability : Mapping[str, Mapping[str, float]]
        Each sender type's probability of bluffing.
    posterior_at_deadline : Mapping[str, float or None]
        The target's belief that the sender is resolute when the last round is reached
        without a deal (``None`` if it is not reached).
    sender_payoff, target_payoff : float
        Expected totals over the sectors ($B/yr).

    Examples
    --------
    >>> from solver import load_scenario
    >>> t = solve_talks_types(load_scenario(), Protocol(rounds=4, types="resolve"))
    >>> sorted(t.agreement_by_round["autos"], key=str)[:2]
    [0, 1]
    >>> 0 <= t.sanction_probability["autos"] <= 1
    True
    """

    scenario: str
    agenda: str
    protocol: Protocol
    sectors: Mapping[str, TypedSectorGame]

    def __repr__(self) -> str:
        return one_line("TypedTalks", self.agenda, types=self.protocol.types,
                        sectors=len(self.sectors), scenario=self.scenario)

    def _each(self, attr: str) -> Mapping[str, object]:
        return MappingProxyType({n: getattr(g, attr) for n, g in self.sectors.items()})

    @property
    def agreement_by_round(self) -> Mapping[str, Mapping[int | None, float]]:
        """Probability of a deal in each round, and of none (key ``None``)."""
        return self._each("agreement_by_round")  # type: ignore[return-value]

    @property
    def deal_probability(self) -> Mapping[str, float]:
        """Probability of a deal in some round."""
        return self._each("deal_probability")  # type: ignore[return-value]

    @property
    def sanction_probability(self) -> Mapping[str, float]:
        return self._each("sanction_probability")  # type: ignore[return-value]

    @property
    def breakdown_probability(self) -> Mapping[str, float]:
        return self._each("breakdown_probability")  # type: ignore[return-value]

    @property
    def deadline_probability(self) -> Mapping[str, float]:
        return self._each("deadline_probability")  # type: ignore[return-value]

    @property
    def bluff_probability(self) -> Mapping[str, Mapping[str, float]]:
        return self._each("bluff_probability")  # type: ignore[return-value]

    @property
    def posterior_at_deadline(self) -> Mapping[str, float | None]:
        return self._each("posterior_at_deadline")  # type: ignore[return-value]

    @property
    def sender_payoff(self) -> float:
        return sum(g.payoffs[0] for g in self.sectors.values())

    @property
    def target_payoff(self) -> float:
        return sum(g.payoffs[1] for g in self.sectors.values())

    def to_frame(self) -> pd.DataFrame:
        """One row per sector (see :meth:`TypedSectorGame.row`)."""
        import pandas as pd

        return pd.DataFrame([g.row() for g in self.sectors.values()])


def solve_talks_types(scenario: Scenario, protocol: Protocol,
                      agenda: str = "piecemeal") -> TypedTalks:
    """Solve the talks with the sender's type private (``protocol.types``), piece by piece.

    Each sector is its own game (:func:`solve_sector_types`), with its own type and prior.

    Parameters
    ----------
    scenario : Scenario
        The sectors.
    protocol : Protocol
        The protocol, with ``types`` set and a deadline.
    agenda : str, optional
        ``"piecemeal"``, the one agenda solved with types.

    Returns
    -------
    TypedTalks
        One :class:`TypedSectorGame` per sector.

    Raises
    ------
    ValueError
        If ``protocol.types`` is not set or ``agenda`` is not ``"piecemeal"``.

    Examples
    --------
    >>> from solver import load_scenario
    >>> t = solve_talks_types(load_scenario(), Protocol(rounds=2, types="audience"))
    >>> t.agenda, sorted(t.sectors) == sorted(s.name for s in load_scenario().sectors)
    ('piecemeal', True)
    """
    if protocol.types is None:
        raise InputError("solve_talks_types(): the protocol has no types (set "
                         "Protocol(types='resolve' or 'audience'))")
    if agenda != "piecemeal":
        raise InputError(f"solve_talks(): agenda {agenda!r} is not solved under incomplete "
                         f"information (Protocol.types); use agenda='piecemeal'")
    games = {s.name: solve_sector_types(s, protocol, protocol.types) for s in scenario.sectors}
    return TypedTalks(scenario.name, agenda, protocol, MappingProxyType(games))
