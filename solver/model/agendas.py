"""Agendas: piece by piece against an all-or-nothing package (``docs/model.md``, Agendas)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from solver.algorithms.opening_program import (
    OpeningProblem,
    OpeningSolution,
    nash_openings,
)
from solver.model.scenario import Scenario
from solver.model.sector import Sector

__all__ = [
    "OPENING_EPS",
    "AgendaOutcome",
    "SectorOutcome",
    "ThreatPoint",
    "package",
    "piece_by_piece",
]

#: Openings at or below this count as "nothing opened" (a standstill, not an agreement).
OPENING_EPS = 1e-9


@dataclass(frozen=True)
class ThreatPoint:
    """A sector's disagreement payoffs (sender, target) and whether reaching them means a
    sanction is imposed (the sender sanctions a target that holds out)."""

    payoffs: tuple[float, float]
    sanction: bool


@dataclass(frozen=True)
class SectorOutcome:
    """What an agenda gives one sector.

    ``status`` is ``"agreed"`` (a positive opening), ``"standstill"`` (an agreement to open
    nothing: no sanction) or ``"no agreement"`` (the threat point is reached).
    """

    sector: str
    status: str
    opening: float
    sender_payoff: float
    target_payoff: float
    sanction_imposed: bool

    @property
    def agreed(self) -> bool:
        return self.status == "agreed"


@dataclass(frozen=True)
class AgendaOutcome:
    """An agenda's result: one :class:`SectorOutcome` a sector, and the certificate."""

    agenda: str
    sectors: tuple[SectorOutcome, ...]
    residual: float
    package_agreed: bool | None = None

    @property
    def sender_payoff(self) -> float:
        return sum(s.sender_payoff for s in self.sectors)

    @property
    def target_payoff(self) -> float:
        return sum(s.target_payoff for s in self.sectors)

    @property
    def joint_surplus(self) -> float:
        """Sum of both sides' payoffs: their joint gain over the status quo (0, 0)."""
        return self.sender_payoff + self.target_payoff

    @property
    def agreed(self) -> tuple[str, ...]:
        return tuple(s.sector for s in self.sectors if s.agreed)

    @property
    def sanctions(self) -> tuple[str, ...]:
        return tuple(s.sector for s in self.sectors if s.sanction_imposed)

    def opening(self, sector: str) -> float:
        for s in self.sectors:
            if s.sector == sector:
                return s.opening
        raise KeyError(f"AgendaOutcome.opening(): no sector {sector!r}")


def _problem(
    sectors: Sequence[Sector], d: tuple[float, float], lower: Sequence[float]
) -> OpeningProblem:
    return OpeningProblem.build(
        [s.value for s in sectors], [s.cost for s in sectors], [s.curvature for s in sectors],
        d, lower=lower,
    )


def _agreed_rows(
    sectors: Sequence[Sector], sol: OpeningSolution
) -> list[SectorOutcome]:
    assert sol.openings is not None
    rows = []
    for s, x in zip(sectors, sol.openings, strict=True):
        status = "agreed" if x > OPENING_EPS else "standstill"
        rows.append(SectorOutcome(s.name, status, x, s.value * x, -s.cost * x**s.curvature,
                                  False))
    return rows


def _breakdown_row(s: Sector, t: ThreatPoint) -> SectorOutcome:
    return SectorOutcome(s.name, "no agreement", 0.0, t.payoffs[0], t.payoffs[1], t.sanction)


def piece_by_piece(scenario: Scenario, threats: Mapping[str, ThreatPoint]) -> AgendaOutcome:
    """Each sector bargains alone (Nash solution) against its own threat point.

    Examples
    --------
    >>> sc = Scenario("toy", "S", "T", (Sector("a", gain=6.0, cost=3.0),))
    >>> out = piece_by_piece(sc, {"a": ThreatPoint((-2.0, -4.0), True)})
    >>> round(out.opening("a"), 12), out.agreed
    (0.5, ('a',))
    """
    rows, residual = [], 0.0
    for s in scenario.sectors:
        t = threats[s.name]
        sol = nash_openings(_problem([s], t.payoffs, [0.0]))
        residual = max(residual, sol.residual)
        rows.extend(_agreed_rows([s], sol) if sol.agreement else [_breakdown_row(s, t)])
    return AgendaOutcome("piece by piece", tuple(rows), residual)


def package(scenario: Scenario, threats: Mapping[str, ThreatPoint]) -> AgendaOutcome:
    """One bargain over all openings: combined threat point, the sender's floors, and all or
    nothing (if no opening vector meeting the floors helps both sides, nothing is agreed).

    Examples
    --------
    A floor the target cannot afford breaks the whole package:

    >>> sc = Scenario("toy", "S", "T", (Sector("a", gain=6.0, cost=3.0),
    ...                                 Sector("b", gain=1.0, cost=10.0)), floors=(("b", 0.5),))
    >>> t = {"a": ThreatPoint((-2.0, -4.0), True), "b": ThreatPoint((0.0, 0.0), False)}
    >>> out = package(sc, t)
    >>> out.package_agreed, out.sanctions
    (False, ('a',))
    """
    sectors = scenario.sectors
    d = (sum(threats[s.name].payoffs[0] for s in sectors),
         sum(threats[s.name].payoffs[1] for s in sectors))
    sol = nash_openings(_problem(sectors, d, [scenario.floor(s.name) for s in sectors]))
    if sol.agreement:
        return AgendaOutcome("package", tuple(_agreed_rows(sectors, sol)), sol.residual, True)
    rows = tuple(_breakdown_row(s, threats[s.name]) for s in sectors)
    return AgendaOutcome("package", rows, 0.0, False)
