"""The catalogue of scenario files (TOML data with sources) and a thin reader.

This package is data: it never imports the solver. ``solver.model.scenario`` validates
what it reads.

Examples
--------
>>> "us_japan_1994" in catalogue()
True
>>> read_toml(default_path())["scenario"]["sender"]
'US'
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_SCENARIO", "RECORD", "ScenarioFileError", "catalogue", "default_path",
           "read_toml", "record_path"]

#: The reference case: the 1993-95 US-Japan Framework talks.
DEFAULT_SCENARIO = "us_japan_1994"
#: The 1993-95 record (observables of each episode, with sources): data, not a scenario.
RECORD = "record"


class ScenarioFileError(ValueError):
    """A scenario file that cannot be read, or whose content is invalid."""


def catalogue() -> dict[str, Path]:
    """The built-in scenarios, by name."""
    root = resources.files(__name__)
    return {
        Path(entry.name).stem: Path(str(entry))
        for entry in root.iterdir()
        if entry.name.endswith(".toml") and Path(entry.name).stem != RECORD
    }


def default_path() -> Path:
    """Path of the embedded reference scenario."""
    return catalogue()[DEFAULT_SCENARIO]


def record_path() -> Path:
    """Path of the record of the 1993-95 episodes (``record.toml``)."""
    return Path(str(resources.files(__name__).joinpath(f"{RECORD}.toml")))


#: Largest scenario file read (bytes); the reference case is about 40 kB.
MAX_FILE_BYTES = 10_000_000


def read_toml(path: str | Path) -> dict[str, Any]:
    """Parse a TOML file; any failure raises :class:`ScenarioFileError` naming the file.

    Only a regular file is read (a FIFO or a device would block or never end), of at most
    :data:`MAX_FILE_BYTES`, decoded as UTF-8.
    """
    p = Path(path)
    try:
        if not p.is_file():
            why = "no such file" if not p.exists() else "not a regular file"
            raise ScenarioFileError(f"{p}: cannot read scenario file ({why})")
        if p.stat().st_size > MAX_FILE_BYTES:
            raise ScenarioFileError(f"{p}: scenario file is larger than {MAX_FILE_BYTES} bytes")
        data = p.read_bytes()
    except OSError as exc:
        raise ScenarioFileError(f"{p}: cannot read scenario file ({exc.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioFileError(f"{p}: not UTF-8 text (byte {exc.start} is "
                                f"{data[exc.start:exc.start + 1]!r})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioFileError(f"{p}: malformed TOML: {exc}") from None
    except RecursionError:
        raise ScenarioFileError(f"{p}: malformed TOML: nested too deeply") from None
