"""The record's timing and threats scored as probabilities, under the sender's resolve in doubt.

The scorecard of :mod:`solver.model.scorecard` asks yes-or-no questions of the game of
complete information. Under incomplete information the game gives probabilities, so each
observable is scored here by the probability the model gives the recorded value
(``docs/model.md``, "Resolve in doubt"), for the scenario as calibrated and, with draws,
averaged over parameters drawn from their distributions:

``sanctions``
    ``"not imposed"``: the probability that no sector's sanction is imposed. Piece by piece
    the sectors are independent games (their own types and breakdowns), so it is the product
    of each sector's probability of no sanction. ``"imposed"``: one minus that.
``<sector>: outcome``
    The probability of a deal (``"deal"``) or of none (``"deadlock"``).
``<sector>: timing``
    ``"at"``: the probability of a deal in the deadline round; ``"before"``: in an earlier
    round; ``"none"``: no deal; ``"after"``: 0 (the game ends at its deadline).

Only piece-by-piece episodes are solved; a package episode gets one row saying so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


import games
from solver._core.errors import InputError
from solver._core.tabular import Tabular, one_line
from solver.model.doubt.resolve_game import BELIEF_GRID, TypedSectorGame, solve_sector_types
from solver.model.record import Episode, Record, load_record
from solver.model.scenario import Scenario, load_scenario
from solver.model.scorecard import draw_scenarios

__all__ = ["TimingRow", "TimingScorecard", "score_timing"]


@dataclass(frozen=True)
class TimingRow:
    """One observable: the record's value, the model's probability of it, and with draws the
    mean probability and the share of draws giving it at least 1/2.

    Attributes
    ----------
    episode, observable : str
        The episode's name and the observable (e.g. ``"autos_and_parts: timing"``).
    record : str
        The recorded value.
    probability : float or None
        The model's probability of it (``None`` for an episode that is not solved).
    mean, share : float or None
        With draws: the mean probability, and the share of draws giving at least 1/2.

    Examples
    --------
    See :func:`score_timing`.
    """

    episode: str
    observable: str
    record: str
    probability: float | None
    mean: float | None = None
    share: float | None = None


@dataclass(frozen=True)
class TimingScorecard(Tabular):
    """The record scored as probabilities under one kind of sender type.

    Attributes
    ----------
    kind : str
        The sender's private type, ``"resolve"`` or ``"audience"``.
    rows : tuple of TimingRow
        One per observable of each episode: the record's value and the model's probability
        of it (with draws, also their mean and the share of draws giving it at least 1/2).
    draws : int
        Number of drawn scenarios (0: the calibrated scenario only).
    seed : int or None
        The seed the draws used.

    Examples
    --------
    >>> card = score_timing("resolve", grid=101)
    >>> card.to_frame().columns.tolist()
    ['episode', 'observable', 'record', 'probability']
    """

    kind: str
    rows: tuple[TimingRow, ...]
    draws: int
    seed: int | None

    def __repr__(self) -> str:
        return one_line("TimingScorecard", self.kind, rows=len(self.rows), draws=self.draws,
                        seed=self.seed)

    def to_frame(self) -> pd.DataFrame:
        """One row per observable."""
        import pandas as pd

        cols = ["episode", "observable", "record", "probability"]
        if self.draws:
            cols += ["mean", "share"]
        return pd.DataFrame([{c: getattr(r, c) for c in cols} for r in self.rows])


def score_timing(kind: str = "resolve", *, record: Record | None = None, draws: int = 0,
                 seed: int | None = None, grid: int = BELIEF_GRID) -> TimingScorecard:
    """Score each piece-by-piece episode's observables as probabilities (module docstring).

    Parameters
    ----------
    kind : str, optional
        The sender's private type: ``"resolve"`` or ``"audience"``.
    record : Record or None, optional
        The historical record; ``None`` reads ``games/record.toml``.
    draws : int, optional
        Number of scenarios drawn per episode from the parameters' distributions (>= 0).
    seed : int or None, optional
        Seed of the draws.
    grid : int, optional
        Belief grid of each :func:`solve_sector_types` solve.

    Returns
    -------
    TimingScorecard
        One row per observable; a package episode gets one row saying it is not solved.

    Raises
    ------
    ValueError
        If ``draws`` is not an integer >= 0.

    Examples
    --------
    >>> card = score_timing("audience")
    >>> row = next(r for r in card.rows if r.observable == "autos_and_parts: timing")
    >>> row.episode, row.record, round(row.probability, 3)
    ('1995_autos', 'at', 1.0)
    """
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 0:
        raise InputError(f"score_timing(): draws must be an integer >= 0, got {draws!r}")
    record = load_record() if record is None else record
    catalogue = games.catalogue()
    rng = np.random.default_rng(seed)
    rows: list[TimingRow] = []
    for episode in record.episodes:
        scenario = load_scenario(catalogue[episode.scenario])
        if episode.agenda != "piecemeal":
            rows.append(TimingRow(episode.name, "(all)", f"agenda {episode.agenda}", None))
            continue
        base = _probabilities(scenario, episode, kind, grid)
        drawn = [_probabilities(sc, episode, kind, grid)
                 for sc in draw_scenarios(scenario, draws, rng)]
        for obs, (rec, prob) in base.items():
            values = [d[obs][1] for d in drawn]
            rows.append(TimingRow(
                episode.name, obs, rec, prob,
                float(np.mean(values)) if draws else None,
                float(np.mean([v >= 0.5 for v in values])) if draws else None))
    return TimingScorecard(kind, tuple(rows), draws, seed)


def _probabilities(scenario: Scenario, episode: Episode, kind: str,
                   grid: int) -> Mapping[str, tuple[str, float]]:
    protocol = scenario.protocol.with_values(types=kind)
    games_ = {s.name: solve_sector_types(s, protocol, kind, grid=grid)
              for s in scenario.sectors}
    none = math.prod(1.0 - g.sanction_probability for g in games_.values())
    rec = "imposed" if episode.sanctions.value else "not imposed"
    out: dict[str, tuple[str, float]] = {
        "sanctions": (rec, none if rec == "not imposed" else 1.0 - none)}
    for s in episode.sectors:
        g = games_[s.name]
        out[f"{s.name}: outcome"] = (s.outcome, g.deal_probability if s.outcome == "deal"
                                     else 1.0 - g.deal_probability)
        out[f"{s.name}: timing"] = (s.timing, _timing(g, s.timing))
    return out


def _timing(g: TypedSectorGame, timing: str) -> float:
    if timing == "at":
        return g.deadline_probability
    if timing == "before":
        return g.deal_probability - g.deadline_probability
    if timing == "none":
        return 1.0 - g.deal_probability
    return 0.0
