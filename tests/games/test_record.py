"""The record (games/record.toml): well formed, tied to the catalogue, every observable sourced.

These tests check the record's shape and its links to the scenario files, not the model: the
model is scored against the record elsewhere. They import only the ``games`` package.
"""

from __future__ import annotations

import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import games

RECORD_PATH = Path(str(resources.files(games) / "record.toml"))
RECORD = games.read_toml(RECORD_PATH)
EPISODES: list[dict[str, Any]] = RECORD.get("episodes", [])
CATALOGUE = games.catalogue()

AGENDAS = {"package", "piecemeal"}
OUTCOMES = {"deal", "deadlock"}
TIMINGS = {"before", "at", "after", "none"}
EPISODE_KEYS = {"name", "scenario", "agenda", "label", "deadline", "form", "sanctions", "sectors"}
SECTOR_KEYS = {"name", "outcome", "timing"}


def _ids(episodes: list[dict[str, Any]]) -> list[str]:
    return [str(e.get("name", i)) for i, e in enumerate(episodes)]


def _scenario_sectors(episode: dict[str, Any]) -> list[str]:
    data = games.read_toml(CATALOGUE[episode["scenario"]])
    return [s["name"] for s in data["sectors"]]


def _provenance(observable: dict[str, Any]) -> str:
    """The one `source` or `reason` an observable carries; fails if it has none or both."""
    keys = {"source", "reason"} & set(observable)
    assert len(keys) == 1, f"needs exactly one of source/reason, has {sorted(keys)}"
    (key,) = keys
    text = observable[key]
    assert isinstance(text, str) and text.strip(), f"empty {key}"
    return text


def test_record_parses_with_its_name_and_episodes() -> None:
    assert RECORD["record"]["name"].strip()
    assert "deal_threshold" not in RECORD["record"]  # the threshold lives in code
    assert EPISODES
    names = [e["name"] for e in EPISODES]
    assert len(names) == len(set(names))


def test_one_episode_per_episode_scenario_file() -> None:
    scenarios = [e["scenario"] for e in EPISODES]
    assert len(scenarios) == len(set(scenarios))
    assert set(scenarios) == {n for n in CATALOGUE if n.startswith("episode_")}


@pytest.mark.parametrize("episode", EPISODES, ids=_ids(EPISODES))
def test_episode_names_a_catalogue_scenario(episode: dict[str, Any]) -> None:
    assert set(episode) == EPISODE_KEYS
    assert episode["label"].strip()
    assert episode["scenario"] in CATALOGUE
    data = games.read_toml(CATALOGUE[episode["scenario"]])
    assert "scenario" in data and data.get("sectors"), "not a scenario file"


@pytest.mark.parametrize("episode", EPISODES, ids=_ids(EPISODES))
def test_form_matches_agenda_and_is_sourced(episode: dict[str, Any]) -> None:
    assert episode["agenda"] in AGENDAS
    form = episode["form"]
    assert set(form) - {"source", "reason"} == {"value"}
    assert form["value"] == episode["agenda"]
    _provenance(form)


@pytest.mark.parametrize("episode", EPISODES, ids=_ids(EPISODES))
def test_sanctions_is_a_sourced_boolean(episode: dict[str, Any]) -> None:
    sanctions = episode["sanctions"]
    assert set(sanctions) - {"source", "reason"} == {"value"}
    assert isinstance(sanctions["value"], bool)
    _provenance(sanctions)


@pytest.mark.parametrize("episode", EPISODES, ids=_ids(EPISODES))
def test_deadline_opens_with_a_date_and_says_what_it_was(episode: dict[str, Any]) -> None:
    deadline = episode["deadline"]
    datetime.date.fromisoformat(deadline[:10])
    assert len(deadline[10:].strip(" :")) > 20


@pytest.mark.parametrize("episode", EPISODES, ids=_ids(EPISODES))
def test_sectors_are_exactly_the_scenario_sectors(episode: dict[str, Any]) -> None:
    listed = [s["name"] for s in episode["sectors"]]
    in_file = _scenario_sectors(episode)
    assert len(listed) == len(set(listed)), "a sector is listed twice"
    assert set(listed) <= set(in_file), f"not in the scenario: {set(listed) - set(in_file)}"
    assert set(in_file) <= set(listed), f"not in the record: {set(in_file) - set(listed)}"


@pytest.mark.parametrize("episode", EPISODES, ids=_ids(EPISODES))
def test_sector_outcomes_timings_and_provenance(episode: dict[str, Any]) -> None:
    for sector in episode["sectors"]:
        where = (episode["name"], sector.get("name"))
        assert set(sector) - {"source", "reason"} == SECTOR_KEYS, where
        assert sector["outcome"] in OUTCOMES, where
        assert sector["timing"] in TIMINGS, where
        assert (sector["timing"] == "none") == (sector["outcome"] == "deadlock"), where
        _provenance(sector)


def test_provenance_check_rejects_none_both_and_empty() -> None:
    with pytest.raises(AssertionError, match="exactly one"):
        _provenance({"value": True})
    with pytest.raises(AssertionError, match="exactly one"):
        _provenance({"value": True, "source": "a", "reason": "b"})
    with pytest.raises(AssertionError, match="empty source"):
        _provenance({"value": True, "source": "  "})
