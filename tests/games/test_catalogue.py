"""The catalogue: every file loads with full provenance; the episodes against the record.

The record (../shared/reference/framework-talks-facts.md):
- Feb 11 1994: the package failed; no agreement in any of the four areas.
- Sept 30 - Dec 1994, piece by piece: insurance, medical and telecom procurement, flat glass
  agreed; autos and parts deadlocked.
- June 28 1995: an autos-and-parts deal under the $5.9B tariff threat; no tariff imposed;
  voluntary plans, numerical targets excluded.

What the model says about each episode is scored against ``games/record.toml`` and pinned
in ``tests/model/test_record.py``; here every file loads with full provenance and solves.
"""

from __future__ import annotations

import pytest

import games
from solver import load_scenario, solve_talks, sweep
from solver.model import AGENDAS
from solver.model.sector import FIELDS

CATALOGUE = games.catalogue()


def test_catalogue_holds_the_reference_case_and_three_episodes() -> None:
    assert set(CATALOGUE) == {"us_japan_1994", "episode_1994_02_package",
                              "episode_1994_piece_by_piece", "episode_1995_autos"}


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_parameter_has_unit_and_provenance(name: str) -> None:
    sc = load_scenario(CATALOGUE[name])
    for s in sc.sectors:
        prov = dict(s.provenance)
        assert set(prov) == {f.key for f in FIELDS}
        for key, prm in prov.items():
            assert prm.unit, (name, s.name, key)
            assert (prm.source or prm.reason or "").strip(), (name, s.name, key)
            assert prm.range is not None and prm.distribution is not None


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_file_solves_and_sweeps(name: str) -> None:
    """Every catalogue scenario, under its own [protocol], solves under every agenda with
    certified offers, and sweeps."""
    sc = load_scenario(CATALOGUE[name])
    for agenda in AGENDAS:
        t = solve_talks(sc, sc.protocol, agenda)
        assert t.residual <= 1e-9
        assert set(t.sectors) == {s.name for s in sc.sectors}
    assert len(sweep(sc, draws=50, seed=0)) == 50
