"""Agendas: piece by piece against an all-or-nothing package (``docs/model.md``, Agendas)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import pandas as pd

from solver.algorithms.opening_program import OpeningProblem
from solver.algorithms.package_concepts import concept_openings
from solver.algorithms.package_frontier import nash_on_frontier, package_frontier
from solver.model.scenario import Scenario
from solver.model.sector import Sector
from solver.tabular import Tabular

__all__ = [
    "MAX_LEVELS",
    "MAX_ORDERS",
    "OPENING_EPS",
    "PAYOFF_TIE_TOL",
    "AgendaOutcome",
    "SectorOutcome",
    "ThreatPoint",
    "best_orders",
    "linked_package",
    "package",
    "piece_by_piece",
    "sequential",
]

#: Largest number of sector orders :func:`best_orders` enumerates (8! = 40,320).
MAX_ORDERS = 40_320

#: Openings at or below this count as "nothing opened" (a standstill, not an agreement).
OPENING_EPS = 1e-9
#: Two agendas' payoffs within this relative tolerance are a tie for that player.
PAYOFF_TIE_TOL = 1e-9
#: Most discrete opening levels an agenda accepts (the frontier grows with S x levels).
MAX_LEVELS = 1000


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
class AgendaOutcome(Tabular):
    """An agenda's result: one :class:`SectorOutcome` a sector, and the certificate."""

    agenda: str
    sectors: tuple[SectorOutcome, ...]
    residual: float
    package_agreed: bool | None = None
    order: tuple[str, ...] | None = None

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

    def to_frame(self) -> pd.DataFrame:
        """One row per sector: status, opening, payoffs ($B/yr), whether sanctioned."""
        return pd.DataFrame([asdict(s) for s in self.sectors])

    def opening(self, sector: str) -> float:
        for s in self.sectors:
            if s.sector == sector:
                return s.opening
        raise KeyError(f"AgendaOutcome.opening(): no sector {sector!r}")


@dataclass(frozen=True)
class _Bargain:
    """A bargain's answer in the agenda layer's terms, continuous or over discrete levels."""

    agreement: bool
    openings: tuple[float, ...]
    payoffs: tuple[tuple[float, float], ...]
    residual: float


def _solve(
    sectors: Sequence[Sector], d: tuple[float, float], lower: Sequence[float],
    levels: int | None, concept: str = "nash",
) -> _Bargain:
    """The Nash bargain over ``sectors``' openings against ``d``: continuous openings by the
    frontier-slope program, or ``levels`` discrete levels a sector (with lotteries between
    adjacent levels) on the Minkowski-sum frontier. Both never enumerate the product of
    sector outcomes, and both certify their answer."""
    if levels is not None and (isinstance(levels, bool) or not isinstance(levels, int)
                               or not 2 <= levels <= MAX_LEVELS):
        raise ValueError(f"agendas: levels must be an integer in [2, {MAX_LEVELS}], got "
                         f"{levels!r}")
    if levels is not None and concept != "nash":
        raise ValueError(f"agendas: concept {concept!r} is solved for continuous openings "
                         f"only; with levels={levels} use concept='nash'")
    if levels is None:
        sol = concept_openings(OpeningProblem.build(
            [s.value for s in sectors], [s.cost for s in sectors],
            [s.curvature for s in sectors], d, lower=lower,
        ), concept)
        if not sol.agreement or sol.openings is None:
            return _Bargain(False, (), (), 0.0)
        xs = sol.openings
        pay = tuple((s.value * x, -s.cost * x**s.curvature) for s, x in zip(sectors, xs,
                                                                            strict=True))
        return _Bargain(True, xs, pay, sol.residual)
    frontier = package_frontier(
        [(s.value, s.cost, s.curvature, f) for s, f in zip(sectors, lower, strict=True)], levels)
    disc = nash_on_frontier(frontier, d)
    if not disc.agreement or disc.openings is None or disc.sector_payoffs is None:
        return _Bargain(False, (), (), 0.0)
    # A lottery's payoffs are expectations over its levels (-c E[x^k], not -c E[x]^k).
    return _Bargain(True, tuple(float(x) for x in disc.openings),
                    tuple((float(u), float(t)) for u, t in disc.sector_payoffs),
                    float(disc.residual))


def _agreed_rows(sectors: Sequence[Sector], sol: _Bargain) -> list[SectorOutcome]:
    return [SectorOutcome(s.name, "agreed" if x > OPENING_EPS else "standstill", x, u, t, False)
            for s, x, (u, t) in zip(sectors, sol.openings, sol.payoffs, strict=True)]


def _breakdown_row(s: Sector, t: ThreatPoint) -> SectorOutcome:
    return SectorOutcome(s.name, "no agreement", 0.0, t.payoffs[0], t.payoffs[1], t.sanction)


def piece_by_piece(
    scenario: Scenario, threats: Mapping[str, ThreatPoint], levels: int | None = None,
    concept: str = "nash",
) -> AgendaOutcome:
    """Each sector bargains alone (Nash solution) against its own threat point.

    ``levels`` restricts each opening to that many evenly spaced levels in [0, 1] (with
    lotteries between adjacent levels); ``None`` leaves openings continuous. ``concept`` is
    the bargaining solution: ``"nash"`` (default), ``"kalai_smorodinsky"``, ``"egalitarian"``
    or ``"utilitarian"``.

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
        sol = _solve([s], t.payoffs, [0.0], levels, concept)
        residual = max(residual, sol.residual)
        rows.extend(_agreed_rows([s], sol) if sol.agreement else [_breakdown_row(s, t)])
    return AgendaOutcome("piece by piece", tuple(rows), residual)


def package(
    scenario: Scenario, threats: Mapping[str, ThreatPoint], levels: int | None = None,
    concept: str = "nash",
) -> AgendaOutcome:
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
    floors = [scenario.floor(s.name) for s in scenario.sectors]
    return _joint(scenario, threats, "package", floors, levels, concept)


def linked_package(
    scenario: Scenario, threats: Mapping[str, ThreatPoint], levels: int | None = None,
    concept: str = "nash",
) -> AgendaOutcome:
    """One bargain over all openings with concessions traded freely across sectors: the
    combined threat point, no floors. Sectors without a credible threat of their own can
    open here, bought with leverage from the others (issue linkage).

    Examples
    --------
    >>> sc = Scenario("toy", "S", "T", (Sector("a", gain=6.0, cost=3.0),
    ...                                 Sector("b", gain=2.0, cost=1.0)))
    >>> t = {"a": ThreatPoint((-2.0, -4.0), True), "b": ThreatPoint((-1.0, 0.0), False)}
    >>> linked_package(sc, t).agreed
    ('a', 'b')
    """
    return _joint(scenario, threats, "linked package", [0.0] * len(scenario.sectors), levels,
                  concept)


def _joint(
    scenario: Scenario, threats: Mapping[str, ThreatPoint], name: str, floors: Sequence[float],
    levels: int | None, concept: str = "nash",
) -> AgendaOutcome:
    sectors = scenario.sectors
    d = (sum(threats[s.name].payoffs[0] for s in sectors),
         sum(threats[s.name].payoffs[1] for s in sectors))
    sol = _solve(sectors, d, floors, levels, concept)
    if sol.agreement:
        return AgendaOutcome(name, tuple(_agreed_rows(sectors, sol)), sol.residual, True)
    rows = tuple(_breakdown_row(s, threats[s.name]) for s in sectors)
    return AgendaOutcome(name, rows, 0.0, False)


def sequential(
    scenario: Scenario, threats: Mapping[str, ThreatPoint], order: Sequence[str],
    levels: int | None = None,
) -> AgendaOutcome:
    """Piece by piece in a given order; a sector settled early no longer serves as leverage.

    While a sector is unsettled its sanction can be threatened, so the sector on the table is
    bargained against the combined threat point of every sector still open; if that bargain
    fails, talks end and every open sector reaches its threat point. Solved by backward
    induction: with ``V`` the payoffs the later sectors will bring, sector t's Nash bargain
    has feasible set ``u_t(x) + V`` and threat point ``sum_{j >= t} d_j``, i.e. the one-sector
    problem with threat point ``sum_{j >= t} d_j - V``.

    Examples
    --------
    Alone, sector a opens 0.5 (threat (-2, -4)). Sector b's sanction hurts the target far
    more than the sender (threat (-0.1, -10)); settled second, b opens fully, giving (1, -3),
    and while it is open it lends a its leverage: a's effective threat point is
    (-2 - 0.1 - 1, -4 - 10 + 3) = (-3.1, -11), so x_a = 11/6 - 3.1/12 > 1, clipped to 1:

    >>> sc = Scenario("toy", "S", "T", (Sector("a", gain=6.0, cost=3.0),
    ...                                 Sector("b", gain=1.0, cost=3.0)))
    >>> t = {"a": ThreatPoint((-2.0, -4.0), True), "b": ThreatPoint((-0.1, -10.0), True)}
    >>> out = sequential(sc, t, ["a", "b"])
    >>> round(out.opening("a"), 6), round(out.opening("b"), 6)
    (1.0, 1.0)
    >>> round(sequential(sc, t, ["b", "a"]).opening("a"), 6)
    0.5
    """
    names = [s.name for s in scenario.sectors]
    order = tuple(order)
    if sorted(order) != sorted(names):
        unknown = sorted(set(order) - set(names))
        raise ValueError(
            f"sequential(): order {list(order)!r} must name each sector once"
            + (f"; unknown sector(s) {unknown}" if unknown else f" (sectors are {names})")
        )
    rows: dict[str, SectorOutcome] = {}
    later = (0.0, 0.0)  # payoffs the sectors after the current one bring
    residual = 0.0
    open_threat = (0.0, 0.0)
    for i, name in enumerate(reversed(order)):
        s = scenario.sector(name)
        t = threats[name]
        open_threat = (open_threat[0] + t.payoffs[0], open_threat[1] + t.payoffs[1])
        d_eff = (open_threat[0] - later[0], open_threat[1] - later[1])
        sol = _solve([s], d_eff, [0.0], levels)
        if sol.agreement:
            residual = max(residual, sol.residual)
            (row,) = _agreed_rows([s], sol)
            rows[name] = row
            later = (later[0] + row.sender_payoff, later[1] + row.target_payoff)
        else:
            # Talks end here: this sector and every later one reach their threat points.
            for later_name in order[len(order) - 1 - i:]:
                rows[later_name] = _breakdown_row(scenario.sector(later_name), threats[later_name])
            later = open_threat
    return AgendaOutcome("sequential", tuple(rows[n] for n in names), residual, order=order)


def best_orders(
    scenario: Scenario, threats: Mapping[str, ThreatPoint], levels: int | None = None
) -> dict[str, AgendaOutcome]:
    """The sequential order best for the sender and the one best for the target.

    Every order is tried (the count is S!; more than :data:`MAX_ORDERS` raises). Ties go to
    the order listed first in lexicographic order of sector positions.

    Examples
    --------
    >>> sc = Scenario("toy", "S", "T", (Sector("a", gain=6.0, cost=3.0),
    ...                                 Sector("b", gain=1.0, cost=3.0)))
    >>> t = {n: ThreatPoint((-2.0, -4.0), True) for n in "ab"}
    >>> best_orders(sc, t)["sender"].order
    ('a', 'b')
    """
    names = [s.name for s in scenario.sectors]
    if math.factorial(len(names)) > MAX_ORDERS:
        raise ValueError(
            f"best_orders(): {len(names)} sectors have {math.factorial(len(names))} orders, "
            f"more than MAX_ORDERS = {MAX_ORDERS}; pass an order to sequential() instead"
        )
    outcomes = [sequential(scenario, threats, p, levels) for p in itertools.permutations(names)]
    return {
        "sender": max(outcomes, key=lambda o: o.sender_payoff),
        "target": max(outcomes, key=lambda o: o.target_payoff),
    }
