"""Each sector solved through every lens, and the agendas compared."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import pandas as pd

from solver.algorithms.nash import equilibrium_components
from solver.algorithms.opening_program import OpeningProblem, OpeningSolution, nash_openings
from solver.model.agendas import (
    MAX_ORDERS,
    PAYOFF_TIE_TOL,
    AgendaOutcome,
    ThreatPoint,
    best_orders,
    linked_package,
    package,
    piece_by_piece,
)
from solver.model.concepts import SolutionOpening, solution_openings
from solver.model.sanction_game import SanctionAnalysis, analyse_sanction_game
from solver.model.scenario import Scenario
from solver.model.sector import Sector
from solver.tabular import Tabular

__all__ = [
    "AgendaComparison",
    "ScenarioAnalysis",
    "SectorAnalysis",
    "analyse_scenario",
    "analyse_sector",
    "compare_agendas",
    "sector_frame",
    "spe_outcomes",
]


@dataclass(frozen=True)
class SectorAnalysis(Tabular):
    """One sector: its sanction game (SPE, Nash equilibria, PBE), threat point and Nash opening."""

    sector: Sector
    game: SanctionAnalysis
    threat: ThreatPoint
    nash: OpeningSolution
    solutions: tuple[SolutionOpening, ...] = ()

    @property
    def opening(self) -> float:
        """The Nash opening x* (0 when there is no agreement)."""
        return self.nash.openings[0] if self.nash.openings is not None else 0.0

    @property
    def payoffs(self) -> tuple[float, float]:
        return self.nash.payoffs

    def to_frame(self) -> pd.DataFrame:
        """This sector's row of the sector table."""
        return sector_frame((self,))


@dataclass(frozen=True)
class ScenarioAnalysis(Tabular):
    """Every sector of a scenario analysed; iterates over its :class:`SectorAnalysis`."""

    scenario: Scenario
    sectors: tuple[SectorAnalysis, ...]

    def __iter__(self) -> Iterator[SectorAnalysis]:
        return iter(self.sectors)

    def __len__(self) -> int:
        return len(self.sectors)

    def __getitem__(self, key: int | str) -> SectorAnalysis:
        if isinstance(key, str):
            for a in self.sectors:
                if a.sector.name == key:
                    return a
            raise KeyError(f"ScenarioAnalysis: no sector {key!r}")
        return self.sectors[key]

    def to_frame(self) -> pd.DataFrame:
        """The sector table: one row per sector."""
        return sector_frame(self.sectors)


def _threat_point(game: SanctionAnalysis) -> ThreatPoint:
    d = game.threat_point
    return ThreatPoint((float(d[0]), float(d[1])), bool(game.sanction_at_threat_point))


def spe_outcomes(game: SanctionAnalysis) -> str:
    """The subgame-perfect play(s), each as its path of actions ("Demand>Comply"); ties give
    several, joined by " | "."""
    # Distinct SPE can share a path (they differ off it): each path is listed once.
    return " | ".join(dict.fromkeys(">".join(e.path) for e in game.spe))


def analyse_sector(
    sector: Sector, sender: str = "Sender", target: str = "Target", *, exact: bool = False
) -> SectorAnalysis:
    """Solve one sector: sanction game, threat point (its no-deal path), Nash opening.

    With ``exact=True`` the sanction game is solved in rationals (each parameter converted
    from its shortest decimal), so its SPE, Nash equilibria and threat point are exact; the
    Nash opening is still computed in floats and certified by its KKT residual.

    Examples
    --------
    >>> a = analyse_sector(Sector("toy", gain=6.0, cost=3.0, loss_target=4.0, loss_sender=2.0,
    ...                           backdown_cost=3.0))
    >>> a.threat.payoffs, round(a.opening, 12)
    ((-2.0, -4.0), 0.5)
    """
    num = (lambda v: Fraction(repr(float(v)))) if exact else float
    game = analyse_sanction_game(
        num(sector.gain), num(sector.cost), num(sector.loss_target), num(sector.loss_sender),
        num(sector.backdown_cost), discount_sender=num(sector.discount_sender),
        discount_target=num(sector.discount_target),
        deliverability=num(sector.deliverability), resolve=num(sector.resolve),
    )
    threat = _threat_point(game)
    nash = nash_openings(OpeningProblem.build(
        [sector.value], [sector.cost], [sector.curvature], threat.payoffs
    ))
    return SectorAnalysis(sector, game, threat, nash, solution_openings(sector, threat.payoffs))


def analyse_scenario(scenario: Scenario, *, exact: bool = False) -> ScenarioAnalysis:
    """:func:`analyse_sector` for every sector of ``scenario``.

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> table = analyse_scenario(load_scenario()).to_frame()
    >>> list(table["sector"])[:2], bool(table["threat_credible"].all())
    (['autos', 'auto_parts'], True)
    """
    return ScenarioAnalysis(scenario, tuple(
        analyse_sector(s, scenario.sender, scenario.target, exact=exact)
        for s in scenario.sectors
    ))


def sector_frame(analyses: Iterable[SectorAnalysis]) -> pd.DataFrame:
    """One row per sector: SPE, credibility, Nash equilibria, threat point, Nash opening,
    the PBE quantities and every bargaining concept's opening.

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> f = sector_frame(analyse_scenario(load_scenario()))
    >>> f.loc[f["sector"] == "medical", ["spe_outcome", "nash_equilibria"]].values.tolist()
    [['Demand>Comply', 5]]
    """
    rows: list[dict[str, Any]] = []
    for a in analyses:
        g = a.game
        pbe = g.incomplete
        rows.append({
            "sector": a.sector.name,
            "spe_outcome": spe_outcomes(g),
            "threat_credible": g.credible,
            "nash_equilibria": len(g.nash.equilibria),
            "incredible": len(g.nash.incredible),
            "components": len(equilibrium_components(g.nash.reduced.game)),
            "threat_sender": a.threat.payoffs[0],
            "threat_target": a.threat.payoffs[1],
            "nash_opening": a.opening,
            "agreement": a.nash.agreement,
            "payoff_sender": a.payoffs[0],
            "payoff_target": a.payoffs[1],
            "resolve": a.sector.resolve,
            "compliance_threshold": _num(pbe.threshold) if pbe else float("nan"),
            "bluff_probability": _num(pbe.bluff_probability) if pbe else float("nan"),
            "compliance_probability": _num(pbe.compliance_probability) if pbe else float("nan"),
            "sanction_probability": _num(pbe.sanction_probability) if pbe else float("nan"),
            "pbe_ambiguous": bool(pbe.ambiguous) if pbe else False,
            **{f"{k}_range": (float(lo), float(hi))
               for k, (lo, hi) in (pbe.ranges.items() if pbe else ())},
            **{f"{sol.concept}_opening": sol.opening for sol in a.solutions},
        })
    return pd.DataFrame(rows)


def _num(v: Any) -> float:
    return float("nan") if v is None else float(v)


@dataclass(frozen=True)
class AgendaComparison(Tabular):
    """Piece by piece against the all-or-nothing package, for one scenario.

    ``sequential`` holds the sequential piece-by-piece outcomes in the order best for the
    sender and the order best for the target (empty for a single sector, where it is piece by
    piece, and when there are more sectors than :func:`solver.model.agendas.best_orders`
    enumerates).
    """

    scenario: str
    sender: str
    target: str
    piece_by_piece: AgendaOutcome
    package: AgendaOutcome
    linked_package: AgendaOutcome
    sequential: tuple[tuple[str, AgendaOutcome], ...] = ()
    by_concept: tuple[tuple[str, AgendaOutcome, AgendaOutcome, AgendaOutcome], ...] = ()

    @property
    def agendas(self) -> tuple[AgendaOutcome, ...]:
        return (self.piece_by_piece, *(o for _, o in self.sequential), self.package,
                self.linked_package)

    def label(self, outcome: AgendaOutcome) -> str:
        """A row label: the agenda's name, and for a sequential one whose best order it is."""
        for who, o in self.sequential:
            if o is outcome:
                name = self.sender if who == "sender" else self.target
                return f"sequential, {name}'s best order"
        return outcome.agenda

    def better_for(self, player: str) -> tuple[str, float]:
        """Between piece by piece and the all-or-nothing package, the agenda better for
        ``player`` ("sender" or "target") and by how much ($B/yr); ``"neither"`` on a tie.

        Examples
        --------
        >>> from solver.model.scenario import load_scenario
        >>> compare_agendas(load_scenario()).better_for("target")[0]
        'piece by piece'
        """
        if player not in ("sender", "target"):
            raise ValueError(f"AgendaComparison.better_for(): player must be 'sender' or "
                             f"'target', got {player!r}")
        attr = f"{player}_payoff"
        a, b = (getattr(o, attr) for o in (self.piece_by_piece, self.package))
        if abs(a - b) <= PAYOFF_TIE_TOL * max(1.0, abs(a), abs(b)):
            return "neither", 0.0
        return (self.piece_by_piece.agenda, a - b) if a > b else (self.package.agenda, b - a)

    def best_for(self, player: str) -> tuple[str, float]:
        """Among every agenda compared, the best for ``player`` and its payoff ($B/yr)."""
        if player not in ("sender", "target"):
            raise ValueError(f"AgendaComparison.best_for(): player must be 'sender' or "
                             f"'target', got {player!r}")
        best = max(self.agendas, key=lambda o: getattr(o, f"{player}_payoff"))
        return self.label(best), getattr(best, f"{player}_payoff")

    def to_frame(self) -> pd.DataFrame:
        """One row per agenda: order, sectors agreed, payoffs, joint surplus, sanctions."""
        return pd.DataFrame([
            {
                "agenda": self.label(o),
                "order": ", ".join(o.order) if o.order else "",
                "sectors_agreed": len(o.agreed),
                "agreed": ", ".join(o.agreed) or "none",
                "payoff_sender": o.sender_payoff,
                "payoff_target": o.target_payoff,
                "joint_surplus": o.joint_surplus,
                "sanctions_imposed": len(o.sanctions),
                "sanctions": ", ".join(o.sanctions) or "none",
            }
            for o in self.agendas
        ])

    def concepts_frame(self) -> pd.DataFrame:
        """One row per bargaining solution: both sides' payoffs piece by piece, in the package
        with floors and in the linked package, and whether the package breaks down."""
        return pd.DataFrame([
            {"concept": concept,
             "pbp_sender": pbp.sender_payoff, "pbp_target": pbp.target_payoff,
             "package_sender": pkg.sender_payoff, "package_target": pkg.target_payoff,
             "package_breakdown": not pkg.package_agreed,
             "linked_sender": lnk.sender_payoff, "linked_target": lnk.target_payoff}
            for concept, pbp, pkg, lnk in self.by_concept
        ])

    def openings_frame(self) -> pd.DataFrame:
        """One row per sector: each agenda's opening and status."""
        rows = []
        for i, s in enumerate(self.piece_by_piece.sectors):
            row: dict[str, Any] = {"sector": s.sector}
            for o in self.agendas:
                row[f"{self.label(o)}: opening"] = o.sectors[i].opening
                row[f"{self.label(o)}: status"] = o.sectors[i].status
            rows.append(row)
        return pd.DataFrame(rows)


def compare_agendas(
    scenario: Scenario, *, analyses: Iterable[SectorAnalysis] | None = None,
    levels: int | None = None,
) -> AgendaComparison:
    """Solve every agenda for ``scenario`` with the sectors' sanction-game threat points:
    piece by piece (simultaneous, and sequential in each player's best order), the
    all-or-nothing package with the sender's floors, and the linked package. ``levels``
    restricts every opening to that many discrete levels (lotteries between adjacent levels
    allowed); the package's frontier is then the Minkowski sum of the sector frontiers.

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> c = compare_agendas(load_scenario())
    >>> c.package.package_agreed, c.better_for("sender")[0]
    (False, 'piece by piece')
    >>> round(compare_agendas(load_scenario(), levels=5).piece_by_piece.opening("medical"), 3)
    0.534
    """
    if analyses is None:
        analyses = analyse_scenario(scenario)
    threats = {a.sector.name: a.threat for a in analyses}
    sequential: tuple[tuple[str, AgendaOutcome], ...] = ()
    if len(scenario.sectors) >= 2 and math.factorial(len(scenario.sectors)) <= MAX_ORDERS:
        best = best_orders(scenario, threats, levels)
        # One order can be best for both; keep two objects so each row has its own label.
        target_best = best["target"]
        if target_best is best["sender"]:
            target_best = replace(target_best)
        sequential = (("sender", best["sender"]), ("target", target_best))
    pbp = piece_by_piece(scenario, threats, levels)
    pkg = package(scenario, threats, levels)
    lnk = linked_package(scenario, threats, levels)
    by_concept = [("nash", pbp, pkg, lnk)]
    if levels is None:  # the other concepts are solved for continuous openings
        by_concept += [(c, piece_by_piece(scenario, threats, concept=c),
                        package(scenario, threats, concept=c),
                        linked_package(scenario, threats, concept=c))
                       for c in ("kalai_smorodinsky", "egalitarian", "utilitarian")]
    return AgendaComparison(scenario.name, scenario.sender, scenario.target, pbp, pkg, lnk,
                            sequential, tuple(by_concept))
