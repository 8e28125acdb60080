"""Gambit's .nfg and .efg text formats, read as data (nothing evaluated).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from solver._core.lazy import lazy_exports

_WHERE = {
    "EfgParseError": "solver.representations.io.efg",
    "from_efg": "solver.representations.io.efg",
    "to_efg": "solver.representations.io.efg",
    "NfgData": "solver.representations.io.nfg",
    "parse_nfg": "solver.representations.io.nfg",
    "write_nfg": "solver.representations.io.nfg",
}

__all__ = [
    "EfgParseError",
    "NfgData",
    "from_efg",
    "parse_nfg",
    "to_efg",
    "write_nfg",
]
__getattr__, __dir__ = lazy_exports(__name__, _WHERE)

if TYPE_CHECKING:
    from solver.representations.io.efg import EfgParseError, from_efg, to_efg
    from solver.representations.io.nfg import NfgData, parse_nfg, write_nfg
