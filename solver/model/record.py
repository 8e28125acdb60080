"""The record of the 1993-95 episodes: ``games/record.toml`` read into immutable values.

:func:`load_record` reads the observables of each episode, each with its source. The model is
scored against them by :mod:`solver.model.scorecard`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import games
from games import ScenarioFileError

__all__ = [
    "FORMS",
    "OUTCOMES",
    "TIMINGS",
    "Episode",
    "Observed",
    "Record",
    "RecordedSector",
    "load_record",
]

#: The forms (agendas) an episode can have been bargained in.
FORMS = ("package", "piecemeal")
OUTCOMES = ("deal", "deadlock")
#: Timings relative to the episode's deadline (``"none"`` for a deadlock).
TIMINGS = ("before", "at", "after", "none")

_TOP_KEYS = {"record", "episodes"}
_EPISODE_KEYS = {"name", "scenario", "agenda", "label", "deadline", "form", "sanctions",
                 "sectors"}
_SECTOR_KEYS = {"name", "outcome", "timing", "source", "reason"}


# -- the record ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Observed:
    """One observed value with its provenance: a ``source``, or a ``reason`` (a judgement).

    Attributes
    ----------
    value : str or bool
        What was observed (e.g. the form ``"package"``, or whether sanctions were imposed).
    source : str or None
        The published source.
    reason : str or None
        The judgement, when there is no direct source.

    Examples
    --------
    >>> load_record().episode("1994_02_package").form.value
    'package'
    """

    value: str | bool
    source: str | None = None
    reason: str | None = None

    @property
    def provenance(self) -> str:
        """The source, or else the reason."""
        return self.source if self.source is not None else str(self.reason)


@dataclass(frozen=True)
class RecordedSector:
    """A sector's observed outcome (``"deal"``/``"deadlock"``) and timing, with provenance.

    Attributes
    ----------
    name : str
        The sector's name in the episode's scenario.
    outcome : str
        ``"deal"`` or ``"deadlock"``.
    timing : str
        ``"before"``, ``"at"`` or ``"after"`` the deadline, or ``"none"``.
    source, reason : str or None
        The provenance, as in :class:`Observed`.

    Examples
    --------
    >>> s = load_record().episode("1994_02_package").sector("autos")
    >>> s.outcome, s.timing
    ('deadlock', 'none')
    """

    name: str
    outcome: str
    timing: str
    source: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Episode:
    """One episode of the record: its scenario, agenda, deadline and observables.

    Attributes
    ----------
    name : str
        The episode's name.
    scenario : str
        The catalogue scenario it is played on (:func:`games.catalogue`).
    agenda : str
        The agenda it is solved under (:data:`FORMS`).
    label : str
        A readable title.
    deadline : str
        The deadline, an ISO date followed by its description.
    form : Observed
        The form it was bargained in.
    sanctions : Observed
        Whether sanctions were imposed.
    sectors : tuple of RecordedSector
        Each sector's observed outcome and timing (exactly the scenario's sectors).

    Examples
    --------
    >>> e = load_record().episode("1995_autos")
    >>> e.scenario, e.agenda, e.deadline[:10]
    ('episode_1995_autos', 'piecemeal', '1995-06-28')
    """

    name: str
    scenario: str
    agenda: str
    label: str
    deadline: str
    form: Observed
    sanctions: Observed
    sectors: tuple[RecordedSector, ...]

    def sector(self, name: str) -> RecordedSector:
        """The recorded sector called ``name``."""
        for s in self.sectors:
            if s.name == name:
                return s
        raise KeyError(f"Episode.sector(): episode {self.name!r} has no sector {name!r}; "
                       f"sectors are {[s.name for s in self.sectors]}")


@dataclass(frozen=True)
class Record:
    """The record: its episodes, in file order.

    Attributes
    ----------
    name : str
        The record's title.
    episodes : tuple of Episode
        The episodes, in file order (also by name: :meth:`episode`).
    source : str
        Where the record comes from.

    Examples
    --------
    >>> r = load_record()
    >>> [e.name for e in r.episodes]
    ['1994_02_package', '1994_piece_by_piece', '1995_autos']
    >>> r.episode("1995_autos").sector("autos_and_parts").timing
    'at'
    """

    name: str
    episodes: tuple[Episode, ...]
    source: str = ""

    def episode(self, name: str) -> Episode:
        """The episode called ``name``."""
        for e in self.episodes:
            if e.name == name:
                return e
        raise KeyError(f"Record.episode(): no episode {name!r}; episodes are "
                       f"{[e.name for e in self.episodes]}")


def load_record(path: str | Path | None = None) -> Record:
    """Read and validate a record file; with no path, ``games/record.toml``.

    Every error is a :class:`ScenarioFileError` (a ``ValueError``) whose message names the
    file, the episode and the field. Each episode must name a catalogue scenario
    (:func:`games.catalogue`) and list exactly that scenario's sectors.

    Parameters
    ----------
    path : str, Path or None
        A TOML record file; ``None`` reads ``games/record.toml``.

    Returns
    -------
    Record
        The validated episodes with their observables and provenance.

    Raises
    ------
    ScenarioFileError
        If the file cannot be read or a field is missing, unknown or invalid.

    Examples
    --------
    >>> e = load_record().episode("1994_02_package")
    >>> e.agenda, e.sanctions.value, {s.outcome for s in e.sectors}
    ('package', False, {'deadlock'})
    """
    p = games.record_path() if path is None else Path(path)
    data = games.read_toml(p)

    def fail(where: str, msg: str) -> ScenarioFileError:
        return ScenarioFileError(f"{p}: {where}: {msg}")

    _unknown(data, _TOP_KEYS, fail, "top level")
    head = data.get("record")
    if not isinstance(head, Mapping) or not _text(head.get("name")):
        raise fail("[record]", "missing table or field 'name' (a non-empty string)")
    _unknown(head, {"name"}, fail, "[record]")
    raw = data.get("episodes")
    if not isinstance(raw, list) or not raw:
        raise fail("[[episodes]]", "no episodes given; a record needs at least one")
    episodes = [_episode(e, i, fail) for i, e in enumerate(raw)]
    names = [e.name for e in episodes]
    for n in names:
        if names.count(n) > 1:
            raise fail(f"episode '{n}'", "duplicate episode name")
    return Record(head["name"], tuple(episodes), str(p))


def _episode(raw: Any, index: int, fail: Any) -> Episode:
    if not isinstance(raw, Mapping):
        raise fail(f"episode #{index + 1}", "must be a table")
    name = raw.get("name")
    if not _text(name):
        raise fail(f"episode #{index + 1}", "field 'name' is missing or not a non-empty string")
    where = f"episode '{name}'"
    _unknown(raw, _EPISODE_KEYS, fail, where)
    for key in ("scenario", "agenda", "label", "deadline"):
        if not _text(raw.get(key)):
            raise fail(where, f"field '{key}' is missing or not a non-empty string")
    catalogue = games.catalogue()
    if raw["scenario"] not in catalogue:
        raise fail(where, f"field 'scenario' {raw['scenario']!r} is not in the catalogue "
                          f"({sorted(catalogue)})")
    if raw["agenda"] not in FORMS:
        raise fail(where, f"field 'agenda' {raw['agenda']!r} must be one of {list(FORMS)}")
    try:
        datetime.date.fromisoformat(raw["deadline"][:10])
    except ValueError:
        raise fail(where, f"field 'deadline' must open with an ISO date (YYYY-MM-DD), got "
                          f"{raw['deadline'][:10]!r}") from None
    form = _observed(raw.get("form"), where, "form", fail)
    if form.value not in FORMS:
        raise fail(where, f"field 'form.value' {form.value!r} must be one of {list(FORMS)}")
    if form.value != raw["agenda"]:
        raise fail(where, f"field 'form.value' {form.value!r} differs from field 'agenda' "
                          f"{raw['agenda']!r} (the form is the agenda bargained in)")
    sanctions = _observed(raw.get("sanctions"), where, "sanctions", fail)
    if not isinstance(sanctions.value, bool):
        raise fail(where, f"field 'sanctions.value' {sanctions.value!r} must be true or false")
    raw_sectors = raw.get("sectors")
    if not isinstance(raw_sectors, list) or not raw_sectors:
        raise fail(where, "field 'sectors' is missing or empty")
    sectors = [_recorded_sector(s, i, where, fail) for i, s in enumerate(raw_sectors)]
    listed = [s.name for s in sectors]
    for n in listed:
        if listed.count(n) > 1:
            raise fail(f"{where} sector '{n}'", "listed twice")
    in_file = [s.get("name") for s in games.read_toml(catalogue[raw["scenario"]])
               .get("sectors", []) if isinstance(s, Mapping)]
    if set(listed) != set(in_file):
        raise fail(where, f"field 'sectors' lists {sorted(listed)}, but scenario "
                          f"{raw['scenario']!r} has sectors {sorted(map(str, in_file))}")
    return Episode(str(name), raw["scenario"], raw["agenda"], raw["label"], raw["deadline"], form,
                   sanctions, tuple(sectors))


def _recorded_sector(raw: Any, index: int, where: str, fail: Any) -> RecordedSector:
    if not isinstance(raw, Mapping) or not _text(raw.get("name")):
        raise fail(f"{where} sector #{index + 1}",
                   "must be a table with field 'name' (a non-empty string)")
    at = f"{where} sector '{raw['name']}'"
    _unknown(raw, _SECTOR_KEYS, fail, at)
    outcome, timing = raw.get("outcome"), raw.get("timing")
    if outcome not in OUTCOMES:
        raise fail(at, f"field 'outcome' {outcome!r} must be one of {list(OUTCOMES)}")
    if timing not in TIMINGS:
        raise fail(at, f"field 'timing' {timing!r} must be one of {list(TIMINGS)}")
    if (timing == "none") != (outcome == "deadlock"):
        raise fail(at, f"field 'timing' {timing!r} does not fit outcome {outcome!r} "
                       "('none' iff a deadlock)")
    source, reason = _provenance(raw, at, fail)
    return RecordedSector(raw["name"], outcome, timing, source, reason)


def _observed(raw: Any, where: str, key: str, fail: Any) -> Observed:
    if not isinstance(raw, Mapping):
        raise fail(where, f"field '{key}' must be a table with value and source or reason")
    _unknown(raw, {"value", "source", "reason"}, fail, f"{where} field '{key}'")
    if "value" not in raw:
        raise fail(where, f"field '{key}.value' is missing")
    source, reason = _provenance(raw, f"{where} field '{key}'", fail)
    return Observed(raw["value"], source, reason)


def _provenance(raw: Mapping[str, Any], where: str, fail: Any) -> tuple[str | None, str | None]:
    source, reason = raw.get("source"), raw.get("reason")
    text = source if source is not None else reason
    if (source is None) == (reason is None) or not _text(text):
        raise fail(where, "needs exactly one non-empty 'source' or 'reason'")
    return source, reason


def _unknown(table: Mapping[str, Any], allowed: set[str], fail: Any, where: str) -> None:
    extra = sorted(set(table) - allowed)
    if extra:
        raise fail(where, f"unknown key(s) {extra} (allowed: {sorted(allowed)})")


def _text(v: Any) -> bool:
    return isinstance(v, str) and bool(v.strip())
