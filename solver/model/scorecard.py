"""The model scored against the 1993-95 record.

:func:`score_record` solves each episode's scenario (``games/episode_*.toml``, with its own
``[protocol]``) and compares the model with every observable of
:func:`solver.model.record.load_record`. Nothing here tunes the model: the scenario files are
solved as they are.

What is scored, per episode (``docs/model.md``, "The negotiation game"):

``form``
    The agenda the setter (``protocol.setter``) would choose between ``"package"`` and
    ``"piecemeal"``: the one with its larger SPE payoff (:func:`solver.model.talks.solve_talks`
    under each). The form the talks were solved in is the record's own (the episode's
    ``agenda``), so the outcomes below are conditional on it; the form row asks whether the
    setter would have chosen it. Payoffs equal within :data:`FORM_TOL` (relative) are a tie:
    both forms are equilibrium choices, the model says ``"either"`` and the row matches.
    With one sector the two forms are the same game, so the row always matches there.
``sanctions``
    The record says whether a sanction was imposed. The model's number is the probability
    that a sanction is imposed on the equilibrium path in any sector. Breakdown is one event
    for the whole talks and a sector reaches its sanction subgame iff the talks break down
    before its agreement round (for certain without one), so these events are nested and the
    probability is the largest sector's ``sanction_probability``. The model says
    ``"imposed"`` iff it is at least :data:`SANCTION_THRESHOLD` (1/2); the probability is
    reported beside it.
``<sector>: outcome``
    ``"deal"`` or ``"deadlock"``, by the one threshold :data:`solver.model.talks.DEAL_OPENING`.
``<sector>: timing``
    ``"before"``, ``"at"`` (the deadline round) or ``"none"``, scored for every sector, so a
    wrong outcome also shows as a wrong timing. The record may say ``"after"`` (settled once
    the deadline had passed); a game that ends at its deadline cannot produce that, so such
    a row is always a mismatch. With a one-round deadline every model deal is ``"at"``.

With ``draws > 0`` every parameter that has a distribution (each sector's fields, and the
package floors) is drawn independently from it, once per draw and episode, the episode is
solved again, and ``share`` is the fraction of draws in which the model reproduces the
record's value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from numpy.typing import NDArray

import games
from solver._core.errors import InputError
from solver._core.tabular import Tabular
from solver.model.record import FORMS, Episode, Record, load_record
from solver.model.scenario import Scenario, load_scenario
from solver.model.sector import FIELDS, Sector
from solver.model.talks import Talks, solve_talks_spe

__all__ = ["FORM_TOL", "MAX_RECORD_DRAWS", "SANCTION_THRESHOLD", "Observation", "Scorecard",
           "draw_scenarios", "score_record"]

#: The model says a sanction is imposed iff its probability on the path is at least this.
SANCTION_THRESHOLD = 0.5
#: Relative tolerance within which the setter is indifferent between the two forms.
FORM_TOL = 1e-9


# -- the scorecard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Observation:
    """One observable of one episode: the record's value, the model's, and whether they match.

    ``p_sanction`` (the ``sanctions`` rows only) is the model's probability that a sanction
    is imposed on the path; ``share`` (with draws only) the share of draws that reproduce the
    record's value.

    Attributes
    ----------
    episode, observable : str
        The episode's name and the observable (e.g. ``"autos: timing"``).
    record, model : str
        The recorded value and the model's.
    match : bool
        Whether they agree.
    p_sanction : float or None
        As above.
    share : float or None
        As above.

    Examples
    --------
    >>> o = next(o for o in score_record().observations if o.observable == "autos: outcome")
    >>> o.episode, o.record, o.model, o.match
    ('1994_02_package', 'deadlock', 'deadlock', True)
    """

    episode: str
    observable: str
    record: str
    model: str
    match: bool
    p_sanction: float | None = None
    share: float | None = None


@dataclass(frozen=True)
class Scorecard(Tabular):
    """The model scored against the record, one :class:`Observation` per observable.

    ``talks`` holds each episode's solved talks (under its recorded agenda) at the scenario's
    own values.

    Attributes
    ----------
    record : str
        The record's title.
    observations : tuple of Observation
        One per observable of each episode.
    draws : int
        Scenarios drawn per episode (0: the calibrated ones only).
    seed : int or None
        The draws' seed.
    talks : Mapping[str, Talks]
        Each episode's solved talks, by episode name.
    matches, mismatches : tuple of Observation
        The observables the model reproduces, and those it does not.

    Examples
    --------
    >>> card = score_record()
    >>> card.to_frame().columns.tolist()
    ['episode', 'observable', 'record', 'model', 'match', 'p_sanction']
    >>> [o.observable for o in card.mismatches if o.episode == "1995_autos"]
    []
    """

    record: str
    observations: tuple[Observation, ...]
    draws: int = 0
    seed: int | None = None
    talks: Mapping[str, Talks] = field(default_factory=lambda: MappingProxyType({}),
                                       compare=False, repr=False)

    @property
    def matches(self) -> tuple[Observation, ...]:
        """The observables the model reproduces."""
        return tuple(o for o in self.observations if o.match)

    @property
    def mismatches(self) -> tuple[Observation, ...]:
        """The observables the model does not reproduce."""
        return tuple(o for o in self.observations if not o.match)

    def summary(self) -> str:
        """One line: how many observables match, and with draws the mean share."""
        n = len(self.observations)
        episodes = len({o.episode for o in self.observations})
        line = (f"{self.record}: the model matches {len(self.matches)} of {n} observables "
                f"in {episodes} episodes")
        if self.draws:
            shares = [o.share for o in self.observations if o.share is not None]
            line += (f"; over {self.draws} draws (seed {self.seed}) the mean share "
                     f"reproducing an observable is {float(np.mean(shares)):.2f}")
        return line

    def to_frame(self) -> pd.DataFrame:
        """One row per observable: episode, observable, record, model, match, p_sanction,
        and with draws the share of draws reproducing the record."""
        import pandas as pd

        rows = []
        for o in self.observations:
            row: dict[str, Any] = {
                "episode": o.episode, "observable": o.observable, "record": o.record,
                "model": o.model, "match": o.match,
                "p_sanction": np.nan if o.p_sanction is None else o.p_sanction,
            }
            if self.draws:
                row["share"] = o.share
            rows.append(row)
        return pd.DataFrame(rows)


#: Most draws :func:`score_record` takes: each draw solves every episode under both forms
#: again (about a second a draw), so this bounds a run to a few hours at most.
MAX_RECORD_DRAWS = 10_000


def score_record(record: Record | None = None, *, draws: int = 0,
                 seed: int | None = None) -> Scorecard:
    """Score the model against the record (the module docstring states what is compared).

    Each episode's scenario is loaded from the catalogue and solved with
    :func:`solver.model.talks.solve_talks` under the scenario's own ``protocol`` and the
    episode's agenda (and under the other form, for the ``form`` row). With ``draws > 0``
    the parameters are drawn ``draws`` times per episode from their distributions (one
    ``numpy`` generator seeded with ``seed``) and each observable's share of draws
    reproducing the record is reported.

    Parameters
    ----------
    record : Record or None, optional
        The record; ``None`` reads ``games/record.toml``.
    draws : int, optional
        Scenarios drawn per episode from the parameters' distributions (>= 0).
    seed : int or None, optional
        Seed of the draws.

    Returns
    -------
    Scorecard
        One :class:`Observation` per observable, and each episode's talks.

    Raises
    ------
    ValueError
        If ``draws`` is not an integer >= 0.

    Examples
    --------
    >>> card = score_record()
    >>> len(card.matches), len(card.observations)
    (22, 30)
    >>> [(o.record, o.model) for o in card.mismatches if o.observable == "flat_glass: timing"]
    [('after', 'at')]
    """
    record = load_record() if record is None else record
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 0:
        raise InputError(f"score_record(): draws must be an integer >= 0, got {draws!r}")
    if draws > MAX_RECORD_DRAWS:
        raise InputError(f"score_record(): draws must be at most {MAX_RECORD_DRAWS:,} (each "
                         f"draw solves every episode again), got {draws:,}")
    catalogue = games.catalogue()
    rng = np.random.default_rng(seed)
    observations: list[Observation] = []
    talks: dict[str, Talks] = {}
    for episode in record.episodes:
        scenario = load_scenario(catalogue[episode.scenario])
        base = _model_values(scenario, episode)
        talks[episode.name] = base.talks
        hits = np.zeros(len(base.values))
        for sc in draw_scenarios(scenario, draws, rng):
            hits += [ok for _, _, ok in _model_values(sc, episode).scored(episode)]
        for i, (obs, model, ok) in enumerate(base.scored(episode)):
            observations.append(Observation(
                episode.name, obs, _recorded(episode, obs), model, ok,
                base.p_sanction if obs == "sanctions" else None,
                float(hits[i] / draws) if draws else None,
            ))
    return Scorecard(record.name, tuple(observations), draws, seed, MappingProxyType(talks))


@dataclass(frozen=True)
class _ModelValues:
    """The model's value of each observable of one episode, in the scorecard's order."""

    talks: Talks
    values: tuple[tuple[str, str], ...]  # (observable, model value)
    p_sanction: float

    def scored(self, episode: Episode) -> list[tuple[str, str, bool]]:
        return [(obs, model, _agrees(obs, _recorded(episode, obs), model))
                for obs, model in self.values]


def _model_values(scenario: Scenario, episode: Episode) -> _ModelValues:
    protocol = scenario.protocol
    solved = {form: solve_talks_spe(scenario, protocol, form) for form in FORMS}
    talks = solved[episode.agenda]
    who = protocol.setter
    pay = {form: t.sender_payoff if who == "sender" else t.target_payoff
           for form, t in solved.items()}
    a, b = pay["package"], pay["piecemeal"]
    if abs(a - b) <= FORM_TOL * max(abs(a), abs(b)):
        form = "either"
    else:
        form = "package" if a > b else "piecemeal"
    p = max((s.sanction_probability for s in talks.sectors.values()), default=0.0)
    values: list[tuple[str, str]] = [
        ("form", form),
        ("sanctions", "imposed" if p >= SANCTION_THRESHOLD else "not imposed"),
    ]
    for rec in episode.sectors:
        s = talks.sectors[rec.name]
        values.append((f"{rec.name}: outcome", "deal" if s.deal else "deadlock"))
        values.append((f"{rec.name}: timing", s.timing))
    return _ModelValues(talks, tuple(values), p)


def _recorded(episode: Episode, observable: str) -> str:
    if observable == "form":
        return str(episode.form.value)
    if observable == "sanctions":
        return "imposed" if episode.sanctions.value else "not imposed"
    name, _, what = observable.partition(": ")
    s = episode.sector(name)
    return s.outcome if what == "outcome" else s.timing


def _agrees(observable: str, recorded: str, model: str) -> bool:
    return recorded == model or (observable == "form" and model == "either")


def draw_scenarios(scenario: Scenario, draws: int,
                   rng: np.random.Generator) -> Sequence[Scenario]:
    """``draws`` copies of ``scenario``, every parameter with a distribution drawn from it
    (sector by sector in file order, fields in ``FIELDS`` order, then the floors).

    Parameters
    ----------
    scenario : Scenario
        The scenario; parameters without a distribution keep their values.
    draws : int
        How many copies.
    rng : numpy.random.Generator
        The generator every draw comes from, in the order above.

    Returns
    -------
    sequence of Scenario
        The drawn scenarios (empty when ``draws`` is 0).

    Examples
    --------
    >>> import numpy as np
    >>> from solver.model.scenario import load_scenario
    >>> sc = load_scenario()
    >>> drawn = draw_scenarios(sc, 2, np.random.default_rng(0))
    >>> len(drawn), drawn[0].sector("autos").gain != sc.sector("autos").gain
    (2, True)
    """
    if draws == 0:
        return []
    attr = {f.key: f.attr for f in FIELDS}
    columns: list[dict[str, NDArray[np.float64]]] = []
    for s in scenario.sectors:
        columns.append({attr[key]: prm.distribution.sample(draws, rng)
                        for key, prm in s.provenance if prm.distribution is not None})
    floor_cols = {name: prm.distribution.sample(draws, rng)
                  for name, prm in scenario.floor_provenance if prm.distribution is not None}
    out = []
    for i in range(draws):
        sectors = tuple(_with(s, {k: float(v[i]) for k, v in col.items()})
                        for s, col in zip(scenario.sectors, columns, strict=True))
        floors = tuple((name, float(floor_cols[name][i]) if name in floor_cols else f)
                       for name, f in scenario.floors)
        out.append(replace(scenario, sectors=sectors, floors=floors))
    return out


def _with(sector: Sector, values: dict[str, float]) -> Sector:
    return sector.with_values(**values) if values else sector
