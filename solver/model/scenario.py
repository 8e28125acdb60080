"""Scenarios: a sender, a target, their sectors and agenda settings, read from TOML data."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import pandas as pd


import games
from games import ScenarioFileError
from solver._core.errors import InputError
from solver._core.tabular import one_line
from solver.model.distributions import KINDS, parse_distribution
from solver.model.protocol import Protocol
from solver.model.sector import FIELDS, Parameter, Sector

__all__ = ["Scenario", "ScenarioFileError", "load_scenario", "scenario_from_dict"]

_TOP_KEYS = {"scenario", "agenda", "sectors", "uncertainty", "protocol"}
_SCENARIO_KEYS = {"name", "sender", "target", "description"}
_AGENDA_KEYS = {"floors"}
_SECTOR_KEYS = {"name", "label", "gain", "cost", "curvature", "deliverability", "sanction",
                "backdown_cost", "resolve", "discount"}
_PARAM_KEYS = {"value", "unit", "source", "reason", "range", "distribution"}
_UNCERTAINTY_KEYS = {"default"}
_FLOOR_UNIT = "share of full opening"


@dataclass(frozen=True)
class Scenario:
    """A negotiation: sender, target, sectors (unique names) and the sender's package floors.

    Usually read from a file by :func:`load_scenario`; build one directly for experiments.

    Parameters
    ----------
    name : str
        The scenario's title, printed above its tables.
    sender, target : str
        The two sides' names (the sender threatens sanctions, the target opens its market).
    sectors : tuple of Sector
        At least one sector; names must be unique.
    floors : tuple of (str, float), optional
        The sender's package floors: per sector name, the least share of a full opening the
        sender accepts inside the package agenda (0 where none is set).
    source : str, optional
        Where the scenario was read from (the file's path, or ``scenario_from_dict``'s
        ``origin``); it takes part in equality.
    floor_provenance : tuple of (str, Parameter), optional
        Each floor's source or reason, as read from the file (not compared).
    protocol : Protocol, optional
        The bargaining protocol the scenario's analyses use by default.
    protocol_provenance : tuple of (str, str), optional
        Each protocol setting's reason, as read from the file (not compared).

    Examples
    --------
    >>> sc = load_scenario()
    >>> sc.sender, sc.target, len(sc.sectors)
    ('US', 'Japan', 6)
    >>> sc.floor("autos"), sc.floor("insurance")
    (0.25, 0.0)
    """

    name: str
    sender: str
    target: str
    sectors: tuple[Sector, ...]
    floors: tuple[tuple[str, float], ...] = ()
    source: str = ""
    floor_provenance: tuple[tuple[str, Parameter], ...] = field(
        default=(), compare=False, repr=False
    )
    protocol: Protocol = field(default_factory=Protocol)
    protocol_provenance: tuple[tuple[str, str], ...] = field(default=(), compare=False,
                                                             repr=False)

    def __repr__(self) -> str:
        return one_line("Scenario", self.name, sender=self.sender, target=self.target,
                        sectors=len(self.sectors), rounds=self.protocol.rounds)

    def __post_init__(self) -> None:
        if not self.sectors:
            raise InputError("Scenario(): sectors is empty; a scenario needs at least one sector")
        names = [s.name for s in self.sectors]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise InputError(f"Scenario(): duplicate sector name(s) {dup}")
        for name, f in self.floors:
            if name not in names:
                raise InputError(f"Scenario(): floor names unknown sector {name!r}")
            if not 0 <= f <= 1:
                raise InputError(f"Scenario(): floor for {name!r} is {f!r}, outside [0, 1]")

    def sector(self, name: str) -> Sector:
        """The sector called ``name``."""
        for s in self.sectors:
            if s.name == name:
                return s
        raise KeyError(f"Scenario.sector(): no sector {name!r}; sectors are "
                       f"{[s.name for s in self.sectors]}")

    def floor(self, name: str) -> float:
        """The sender's package floor on sector ``name`` (0 where none is set)."""
        return dict(self.floors).get(name, 0.0)

    def to_frame(self) -> pd.DataFrame:
        """Every parameter of every sector, then the package floors, one row each: the
        value, its unit, its range and distribution (where drawn), and its source or the
        modelling reason for it.

        Examples
        --------
        >>> df = load_scenario().to_frame()
        >>> df.columns.tolist()
        ['sector', 'parameter', 'value', 'unit', 'low', 'high', 'distribution', 'source', \
'reason']
        >>> df.loc[(df.sector == "autos") & (df.parameter == "gain"), "value"].item()
        27.7
        """
        import pandas as pd

        entries = [(s.name, key, prm) for s in self.sectors for key, prm in s.provenance]
        entries += [(name, "floor", prm) for name, prm in self.floor_provenance]
        return pd.DataFrame([{
            "sector": name, "parameter": key, "value": prm.value, "unit": prm.unit,
            "low": None if prm.range is None else prm.range[0],
            "high": None if prm.range is None else prm.range[1],
            "distribution": None if prm.distribution is None else prm.distribution.kind,
            "source": prm.source, "reason": prm.reason,
        } for name, key, prm in entries], columns=["sector", "parameter", "value", "unit", "low",
                                                  "high", "distribution", "source", "reason"])


def load_scenario(path: str | Path | None = None) -> Scenario:
    """Read and validate a scenario file; with no path, the embedded reference case.

    Every error is a :class:`ScenarioFileError` (a ``ValueError``) whose message names the
    file, the sector and the field.

    Parameters
    ----------
    path : str, Path or None
        A TOML scenario file (``docs/howto/write-a-scenario.md``); ``None`` reads the
        reference case, the US-Japan Framework talks of 1993-95 (``games.default_path()``).

    Returns
    -------
    Scenario
        The validated scenario: its sectors with every parameter's provenance, the package
        floors and the ``[protocol]`` table as a :class:`Protocol`.

    Raises
    ------
    ScenarioFileError
        If the file cannot be read, is not TOML, or a field is missing, unknown or outside
        its admissible range.

    Examples
    --------
    >>> load_scenario().sector("autos").gain
    27.7
    """
    p = games.default_path() if path is None else Path(path)
    return scenario_from_dict(games.read_toml(p), origin=str(p))


def scenario_from_dict(data: Mapping[str, Any], origin: str = "<dict>") -> Scenario:
    """Validate parsed scenario data (as from TOML) into a :class:`Scenario`.

    Parameters
    ----------
    data : mapping
        The parsed file: ``[scenario]``, ``[[sectors]]`` and optionally ``[protocol]``
        (``docs/howto/write-a-scenario.md``).
    origin : str, optional
        Where the data came from, named in every error message.

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioFileError
        If a field is missing, unknown or outside its admissible range.

    Examples
    --------
    >>> import games
    >>> sc = scenario_from_dict(games.read_toml(games.default_path()))
    >>> len(sc.sectors), sc.sector("autos").gain
    (6, 27.7)
    """

    def fail(where: str, msg: str) -> ScenarioFileError:
        return ScenarioFileError(f"{origin}: {where}: {msg}")

    _unknown(data, _TOP_KEYS, fail, "top level")
    head = data.get("scenario")
    if not isinstance(head, Mapping):
        raise fail("[scenario]", "missing table (needs name, sender, target)")
    _unknown(head, _SCENARIO_KEYS, fail, "[scenario]")
    for key in ("name", "sender", "target"):
        if not isinstance(head.get(key), str) or not head[key]:
            raise fail("[scenario]", f"field '{key}' is missing or not a non-empty string")
    if head["sender"] == head["target"]:
        raise fail("[scenario]", f"fields 'sender' and 'target' are both {head['sender']!r}; "
                                 f"the two players must differ")
    uncertainty = data.get("uncertainty", {})
    if not isinstance(uncertainty, Mapping):
        raise fail("[uncertainty]", "must be a table")
    _unknown(uncertainty, _UNCERTAINTY_KEYS, fail, "[uncertainty]")
    default = uncertainty.get("default")
    if default is not None and default not in ("uniform", "triangular"):
        raise fail("[uncertainty]", f"default {default!r} must be 'uniform' or 'triangular' "
                                    f"(other kinds of {list(KINDS)} need their own parameters)")
    raw_sectors = data.get("sectors")
    if not isinstance(raw_sectors, list) or not raw_sectors:
        raise fail("[[sectors]]", "no sectors given; a scenario needs at least one")
    sectors: list[Sector] = []
    for i, raw in enumerate(raw_sectors):
        sectors.append(_sector(raw, i, fail, default))
    names = [s.name for s in sectors]
    for n in names:
        if names.count(n) > 1:
            raise fail(f"sector '{n}'", "duplicate sector name")
    agenda = data.get("agenda", {})
    if not isinstance(agenda, Mapping):
        raise fail("[agenda]", "must be a table")
    _unknown(agenda, _AGENDA_KEYS, fail, "[agenda]")
    floors: list[tuple[str, float]] = []
    floor_prov: list[tuple[str, Parameter]] = []
    raw_floors = agenda.get("floors", {})
    if not isinstance(raw_floors, Mapping):
        raise fail("[agenda.floors]", "must be a table of sector names")
    for name, raw in raw_floors.items():
        where = f"[agenda.floors] sector '{name}'"
        if name not in names:
            raise fail(where, f"unknown sector (sectors are {names})")
        prm = _parameter(raw, where, "floor", _FLOOR_UNIT, fail, _unit_interval, "in [0, 1]",
                         default)
        floors.append((name, prm.value))
        floor_prov.append((name, prm))
    protocol, protocol_prov = _protocol(data.get("protocol", {}), fail)
    return Scenario(head["name"], head["sender"], head["target"], tuple(sectors), tuple(floors),
                    origin, tuple(floor_prov), protocol, protocol_prov)


#: The [protocol] settings a scenario file may give: key -> (unit, admissible values).
_PROTOCOL_KEYS = {
    "rounds": ("rounds", "an integer >= 1, or \"none\" for no deadline"),
    "breakdown": ("probability per round", "a probability in [0, 1)"),
    "first": ("player", "'sender' or 'target'"),
    "alternate": ("flag", "true or false"),
    "setter": ("player", "'sender' or 'target'"),
    "retaliation": ("sanctions", "'own' or 'cross'"),
    "types": ("kind", "'resolve', 'audience' or 'none'"),
}


def _protocol(raw: Any, fail: Any) -> tuple[Protocol, tuple[tuple[str, str], ...]]:
    """The [protocol] table: each setting a table with value, unit and a source or reason."""
    if not isinstance(raw, Mapping):
        raise fail("[protocol]", "must be a table")
    _unknown(raw, set(_PROTOCOL_KEYS), fail, "[protocol]")
    values: dict[str, Any] = {}
    prov: list[tuple[str, str]] = []
    for key, entry in raw.items():
        unit, admissible = _PROTOCOL_KEYS[key]
        where = f"[protocol] field '{key}'"
        if not isinstance(entry, Mapping):
            raise fail(where, "must be a table with value, unit and source or reason")
        _unknown(entry, {"value", "unit", "source", "reason"}, fail, where)
        if entry.get("unit") != unit:
            raise fail(where, f"unit is {entry.get('unit')!r}, expected {unit!r}")
        source, reason = entry.get("source"), entry.get("reason")
        text = source if source is not None else reason
        if (source is None) == (reason is None) or not isinstance(text, str) or not text.strip():
            raise fail(where, "needs exactly one non-empty 'source' or 'reason'")
        value = entry.get("value")
        if key in ("rounds", "types") and value == "none":
            value = None
        values[key] = value
        prov.append((key, text))
    try:
        protocol = Protocol(**values)
    except ValueError as exc:
        key = next((k for k in values if k in str(exc)), "?")
        raise fail(f"[protocol] field '{key}'",
                   f"{str(exc).removeprefix('Protocol(): ')} "
                   f"(must be {_PROTOCOL_KEYS.get(key, ('', 'valid'))[1]})") from None
    return protocol, tuple(prov)


def _unknown(table: Mapping[str, Any], allowed: set[str], fail: Any, where: str) -> None:
    extra = sorted(set(table) - allowed)
    if extra:
        raise fail(where, f"unknown key(s) {extra} (allowed: {sorted(allowed)})")


def _lookup(raw: Mapping[str, Any], dotted: str) -> Any:
    node: Any = raw
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _sector(raw: Any, index: int, fail: Any, default: str | None) -> Sector:
    if not isinstance(raw, Mapping):
        raise fail(f"sector #{index + 1}", "must be a table")
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise fail(f"sector #{index + 1}", "field 'name' is missing or not a non-empty string")
    where = f"sector '{name}'"
    _unknown(raw, _SECTOR_KEYS, fail, where)
    for group, members in (("sanction", {"loss_target", "loss_sender"}),
                           ("discount", {"sender", "target"})):
        if group in raw:
            if not isinstance(raw[group], Mapping):
                raise fail(where, f"field '{group}' must be a table")
            _unknown(raw[group], members, fail, f"{where} [{group}]")
    values: dict[str, float] = {}
    prov: list[tuple[str, Parameter]] = []
    for spec in FIELDS:
        entry = _lookup(raw, spec.key)
        if entry is None:
            raise fail(where, f"field '{spec.key}' is missing")
        prm = _parameter(entry, where, spec.key, spec.unit, fail, spec.check, spec.admissible,
                         default)
        values[spec.attr] = prm.value
        prov.append((spec.key, prm))
    label = raw.get("label", name)
    if not isinstance(label, str):
        raise fail(where, "field 'label' must be a string")
    return Sector(name=name, label=label, provenance=tuple(prov), **values)


def _parameter(
    entry: Any,
    where: str,
    key: str,
    unit: str,
    fail: Any,
    check: Callable[[float], bool],
    admissible: str,
    default: str | None = None,
) -> Parameter:
    """Validate one parameter table, in order: value, unit, provenance, admissible value,
    range, distribution; the first failure raises naming ``where`` and ``key``."""
    if not isinstance(entry, Mapping):
        raise fail(where, f"field '{key}' must be a table with value, unit and source or reason")
    _unknown(entry, _PARAM_KEYS, fail, f"{where} field '{key}'")
    raw_value = entry.get("value")
    if not _finite_number(raw_value):
        raise fail(where, f"field '{key}' value {_short(raw_value)} is not a finite number")
    value = cast("float | int", raw_value)  # a finite number: checked just above
    if entry.get("unit") != unit:
        raise fail(where, f"field '{key}' unit is {entry.get('unit')!r}, expected {unit!r}")
    source, reason = entry.get("source"), entry.get("reason")
    if (source is None) == (reason is None):
        raise fail(where, f"field '{key}' needs exactly one of 'source' or 'reason'")
    text = source if source is not None else reason
    if not isinstance(text, str) or not text.strip():
        raise fail(where, f"field '{key}' source/reason must be a non-empty string")
    if not check(float(value)):
        raise fail(where, f"field '{key}' = {value!r} is out of range (must be {admissible})")
    rng = entry.get("range")
    bounds: tuple[float, float] | None = None
    if rng is not None:
        if (not isinstance(rng, list) or len(rng) != 2
                or not all(_finite_number(b) for b in rng)
                or not rng[0] <= value <= rng[1]):
            raise fail(where, f"field '{key}' range {rng!r} must be [low, high] containing "
                              f"the value {value!r}")
        if not all(check(float(b)) for b in rng):
            raise fail(where, f"field '{key}' range {rng!r} leaves the admissible values "
                              f"({admissible})")
        bounds = (float(rng[0]), float(rng[1]))
    raw_dist = entry.get("distribution", default if bounds is not None else None)
    dist = None
    if raw_dist is not None:
        try:
            dist = parse_distribution(raw_dist, float(value), bounds)
        except ValueError as exc:
            raise fail(where, f"field '{key}' {exc}") from None
    return Parameter(float(value), unit, source, reason, bounds, dist)


def _finite_number(v: Any) -> bool:
    """A number (not a bool) that is finite as a float; an integer too large for a float is
    not (it would overflow every computation)."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return False
    try:
        return math.isfinite(float(v))
    except OverflowError:
        return False


def _short(v: Any) -> str:
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "..."


def _unit_interval(v: float) -> bool:
    return 0 <= v <= 1
