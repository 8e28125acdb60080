"""A scenario's negotiation game solved under every agenda, with the lenses beside it.

:func:`analyse_negotiation` is what the command line and the notebooks print: each sector's
SPE (:func:`solve_sector`), the axiomatic bargaining solutions as lenses against that sector
game's own threat point, and the talks (:func:`solve_talks`) under each agenda, with the
agenda each side would choose. Every number comes from the game of ``docs/model.md`` under
the stated protocol.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


from solver._core.errors import InputError
from solver._core.tabular import Tabular, one_line
from solver.model.bundle_game import OFFER_TOL
from solver.model.concepts import SolutionOpening, solution_openings
from solver.model.protocol import Protocol
from solver.model.scenario import Scenario
from solver.model.talks import (
    MAX_FREE_SECTORS,
    SectorGame,
    Talks,
    solve_sector,
    solve_talks_spe,
)

__all__ = ["AGENDA_LABELS", "NegotiationAnalysis", "SectorAnalysis", "analyse_negotiation"]

#: The agendas reported, as (label, agenda, setter); the free agenda once for each setter.
AGENDA_LABELS = (
    ("piece by piece", "piecemeal", None),
    ("package with floors", "package", None),
    ("linked package", "linked", None),
    ("free agenda, sender sets", "free", "sender"),
    ("free agenda, target sets", "free", "target"),
)


@dataclass(frozen=True, eq=False)
class SectorAnalysis(Tabular):
    """One sector: its SPE (``game``) and the axiomatic lenses against its threat point.

    Attributes
    ----------
    game : SectorGame
        The sector game's SPE (:func:`solve_sector`).
    lenses : tuple of SolutionOpening
        Each axiomatic concept's opening on the sector frontier against the SPE threat
        point; :meth:`lens` picks one by name. Lenses, not outcomes of the game.
    name : str
        The sector's name.

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> a = analyse_negotiation(load_scenario())["medical"]
    >>> a.name, a.lens("nash").concept
    ('medical', 'nash')
    """

    game: SectorGame
    lenses: tuple[SolutionOpening, ...]

    @property
    def name(self) -> str:
        return self.game.sector.name

    def lens(self, concept: str) -> SolutionOpening:
        for s in self.lenses:
            if s.concept == concept:
                return s
        raise KeyError(f"SectorAnalysis.lens(): no concept {concept!r}")

    def to_frame(self) -> pd.DataFrame:
        return sector_frame((self,))

    def __repr__(self) -> str:
        g = self.game
        return one_line("SectorAnalysis", self.name, demand=g.demand, opening=g.opening,
                        round=g.round, payoffs=g.payoffs)


def sector_frame(analyses: Any) -> pd.DataFrame:
    """One row per sector: the SPE demand, opening, round, deal and timing, the sanction
    probability on the path, the threat point and the subgame's SPE path, the payoffs, and
    each lens's opening."""
    import pandas as pd

    rows = [{**a.game.row(), **{f"{s.concept}_lens": s.opening for s in a.lenses}}
            for a in analyses]
    return pd.DataFrame(rows)


@dataclass(frozen=True, eq=False)
class NegotiationAnalysis(Tabular):
    """A scenario's negotiation game under one protocol: sectors and agendas.

    ``agendas`` maps each label of :data:`AGENDA_LABELS` to its :class:`Talks` (the free
    agenda is left out above :data:`MAX_FREE_SECTORS` sectors, and ``skipped`` says so).

    Attributes
    ----------
    scenario : Scenario
        The scenario solved.
    protocol : Protocol
        The protocol it was solved under.
    sectors : tuple of SectorAnalysis
        Each sector's SPE and lenses, in the scenario's order (also by name: ``a["autos"]``).
    agendas : Mapping[str, Talks]
        The talks under each agenda, by its label.
    skipped : tuple of str
        The labels of agendas left out (the free agenda above ``MAX_FREE_SECTORS``).

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> a = analyse_negotiation(load_scenario())
    >>> a.choice("target")[0]
    'free agenda, target sets'
    """

    scenario: Scenario
    protocol: Protocol
    sectors: tuple[SectorAnalysis, ...]
    agendas: Mapping[str, Talks]
    skipped: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[SectorAnalysis]:
        return iter(self.sectors)

    def __getitem__(self, key: str) -> SectorAnalysis:
        for a in self.sectors:
            if a.name == key:
                return a
        raise KeyError(f"NegotiationAnalysis: no sector {key!r}")

    def choice(self, player: str) -> tuple[str, float]:
        """The agenda ``player`` ("sender" or "target") would choose among those solved, and
        its payoff ($B/yr); ties go to the agenda listed first."""
        if player not in ("sender", "target"):
            raise InputError(f"NegotiationAnalysis.choice(): player must be 'sender' or "
                             f"'target', got {player!r}")
        best_label, best = "", -float("inf")
        for label, talks in self.agendas.items():
            v = getattr(talks, f"{player}_payoff")
            if v > best + OFFER_TOL * max(1.0, abs(best) if best > -float("inf") else 1.0):
                best_label, best = label, v
        return best_label, best

    def to_frame(self) -> pd.DataFrame:
        """The sector table."""
        return sector_frame(self.sectors)

    def agenda_frame(self) -> pd.DataFrame:
        """One row per agenda: payoffs, joint surplus, deals and their rounds, the number of
        sectors whose sanction may be imposed on the path and the largest such probability."""
        import pandas as pd

        rows = []
        for label, t in self.agendas.items():
            rounds = sorted({s.round for s in t.sectors.values() if s.deal and s.round
                             is not None})
            rows.append({
                "agenda": label,
                "payoff_sender": t.sender_payoff,
                "payoff_target": t.target_payoff,
                "joint_surplus": t.joint_surplus,
                "deals": len(t.deals),
                "sectors_agreed": ", ".join(t.deals) or "none",
                "rounds_of_deals": ", ".join(str(r) for r in rounds) or "-",
                "sectors_at_risk": sum(s.sanction_probability > 0 for s in t.sectors.values()),
                "max_sanction_probability": max(
                    (s.sanction_probability for s in t.sectors.values()), default=0.0),
            })
        return pd.DataFrame(rows)

    def openings_frame(self) -> pd.DataFrame:
        """One row per sector: the opening and round of agreement under each agenda."""
        import pandas as pd

        rows = []
        for a in self.sectors:
            row: dict[str, Any] = {"sector": a.name}
            for label, t in self.agendas.items():
                s = t.sectors[a.name]
                row[f"{label}: opening"] = s.opening
                row[f"{label}: round"] = s.round
            rows.append(row)
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        return one_line("NegotiationAnalysis", self.scenario.name, sectors=len(self.sectors),
                        agendas=len(self.agendas), sender_prefers=self.choice("sender")[0])


def analyse_negotiation(scenario: Scenario, protocol: Protocol | None = None) -> \
        NegotiationAnalysis:
    """Solve ``scenario``'s negotiation game under ``protocol`` (default: the scenario's own):
    every sector's SPE with its lenses, and the talks under every agenda.

    Parameters
    ----------
    scenario : Scenario
        The negotiation to solve.
    protocol : Protocol or None, optional
        The bargaining protocol, without ``types``; ``None`` means ``scenario.protocol``.

    Returns
    -------
    NegotiationAnalysis
        Every sector's :class:`SectorAnalysis` and the :class:`Talks` of every agenda in
        :data:`AGENDA_LABELS`.

    Examples
    --------
    >>> from solver.model.scenario import load_scenario
    >>> a = analyse_negotiation(load_scenario())
    >>> a["medical"].game.threat_point == a["medical"].game.subgame.spe[0].payoffs
    True
    >>> list(a.agendas)[:3]
    ['piece by piece', 'package with floors', 'linked package']
    """
    protocol = scenario.protocol if protocol is None else protocol
    sectors = []
    for s in scenario.sectors:
        game = solve_sector(s, protocol)
        sectors.append(SectorAnalysis(game, solution_openings(s, game.threat_point)))
    agendas: dict[str, Talks] = {}
    skipped = []
    for label, agenda, setter in AGENDA_LABELS:
        if agenda == "free" and len(scenario.sectors) > MAX_FREE_SECTORS:
            skipped.append(label)
            continue
        p = protocol if setter is None else protocol.with_values(setter=setter)
        agendas[label] = solve_talks_spe(scenario, p, agenda)
    return NegotiationAnalysis(scenario, protocol, tuple(sectors), MappingProxyType(agendas),
                               tuple(skipped))
