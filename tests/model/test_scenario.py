"""Scenario files: the reference case loads; bad input names the file, sector and field."""

from __future__ import annotations

from pathlib import Path

import pytest

import games
from solver._core.errors import InputError
from solver.model.scenario import ScenarioFileError, load_scenario
from solver.model.sector import FIELDS, Sector

REFERENCE = games.default_path().read_text(encoding="utf-8")


def test_reference_case_has_six_sectors_with_provenance() -> None:
    sc = load_scenario()
    assert (sc.sender, sc.target) == ("US", "Japan")
    assert [s.name for s in sc.sectors] == [
        "autos", "auto_parts", "insurance", "medical", "telecom", "flat_glass"
    ]
    for s in sc.sectors:
        keys = [k for k, _ in s.provenance]
        assert keys == [f.key for f in FIELDS]
        for _, prm in s.provenance:
            assert (prm.source is None) != (prm.reason is None)
            assert prm.range is not None and prm.range[0] <= prm.value <= prm.range[1]
    # February 1994: the US insisted autos and parts be in any deal.
    assert sc.floor("autos") > 0 and sc.floor("auto_parts") > 0


def test_installed_copy_finds_default_scenario() -> None:
    assert games.default_path().name == "us_japan_1994.toml"
    assert load_scenario(games.default_path()) == load_scenario()


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "scenario.toml"
    p.write_text(text, encoding="utf-8")
    return p


def edited(old: str, new: str, count: int = 1) -> str:
    assert old in REFERENCE
    return REFERENCE.replace(old, new, count)


BAD = [
    pytest.param(
        edited('[sectors.cost]\nvalue = 27.7', '[sectors.cost]\nvalue = -1.0'),
        r"sector 'autos': field 'cost' = -1.0 is out of range \(must be >= 0\)",
        id="negative-cost",
    ),
    pytest.param(
        edited('[sectors.deliverability]\nvalue = 0.34', '[sectors.deliverability]\nvalue = 1.4'),
        r"sector 'autos': field 'deliverability' = 1.4 is out of range \(must be in \[0, 1\]\)",
        id="probability-above-1",
    ),
    pytest.param(
        edited('[sectors.resolve]\nvalue = 0.2', '[sectors.resolve]\nvalue = -0.1'),
        r"sector 'autos': field 'resolve' = -0.1 is out of range",
        id="probability-below-0",
    ),
    pytest.param(
        edited('[sectors.curvature]\nvalue = 1.0', '[sectors.curvature]\nvalue = 0.5'),
        r"sector 'autos': field 'curvature' = 0.5 is out of range \(must be >= 1\)",
        id="curvature-below-1",
    ),
    pytest.param(
        edited('[sectors.discount.target]\nvalue = 0.75', '[sectors.discount.target]\nvalue = 1.0'),
        r"sector 'autos': field 'discount.target' = 1.0 is out of range",
        id="discount-not-below-1",
    ),
    pytest.param(
        edited(
            '[sectors.backdown_cost]\nvalue = 2.0\nunit = "$B/yr"\n',
            '[sectors.backdown_cost]\n',
        ),
        r"sector 'autos': field 'backdown_cost' value None is not a finite number",
        id="missing-value",
    ),
    pytest.param(
        edited(
            '[sectors.gain]\nvalue = 27.7\nunit = "$B/yr"',
            '[sectors.gain]\nvalue = 27.7\nunit = "$M/yr"',
        ),
        r"sector 'autos': field 'gain' unit is '\$M/yr', expected '\$B/yr'",
        id="wrong-unit",
    ),
    pytest.param(
        edited('name = "autos"\nlabel', 'name = "autos"\ncolour = "red"\nlabel'),
        r"sector 'autos': unknown key\(s\) \['colour'\]",
        id="unknown-key",
    ),
    pytest.param(
        edited('name = "auto_parts"', 'name = "autos"'),
        r"sector 'autos': duplicate sector name",
        id="duplicate-sector",
    ),
    pytest.param(
        REFERENCE + "\n[[sectors]\nname = ",
        r"malformed TOML",
        id="malformed-toml",
    ),
    pytest.param(
        edited(
            'value = 0.25\nunit = "share of full opening"',
            'value = 1.25\nunit = "share of full opening"',
        ),
        r"\[agenda.floors\] sector 'autos': field 'floor' = 1.25 is out of range",
        id="floor-above-1",
    ),
    pytest.param(
        edited("[agenda.floors.autos]", "[agenda.floors.cars]"),
        r"\[agenda.floors\] sector 'cars': unknown sector",
        id="floor-unknown-sector",
    ),
    pytest.param(
        edited('range = [27.1, 35.0]', 'range = [28.0, 35.0]'),
        r"sector 'autos': field 'gain' range \[28.0, 35.0\] must be \[low, high\] containing",
        id="range-excludes-value",
    ),
]


@pytest.mark.parametrize(("text", "match"), BAD)
def test_bad_scenario_names_file_sector_and_field(tmp_path: Path, text: str, match: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ScenarioFileError, match=match) as info:
        load_scenario(path)
    assert str(info.value).startswith(str(path))
    assert "\n" not in str(info.value).strip() or "malformed" in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioFileError, match="cannot read scenario file"):
        load_scenario(tmp_path / "nope.toml")


def test_missing_field(tmp_path: Path) -> None:
    start = REFERENCE.index("[sectors.resolve]")
    end = REFERENCE.index("[sectors.discount.sender]")
    path = write(tmp_path, REFERENCE[:start] + REFERENCE[end:])
    with pytest.raises(ScenarioFileError, match=r"sector 'autos': field 'resolve' is missing"):
        load_scenario(path)


def test_source_or_reason_required(tmp_path: Path) -> None:
    text = edited('reason = "Linear cost: no evidence', 'note = "Linear cost: no evidence')
    with pytest.raises(ScenarioFileError, match=r"field 'curvature'.*unknown key\(s\) \['note'\]"):
        load_scenario(write(tmp_path, text))


def test_sector_value_checks() -> None:
    with pytest.raises(InputError, match=r"^Sector\(\): sector 'x': cost must be >= 0, got -1$"):
        Sector("x", gain=1.0, cost=-1)
    with pytest.raises(InputError, match=r"discount.sender must be in \(0, 1\), got 1.0$"):
        Sector("x", gain=1.0, cost=1.0, discount_sender=1.0)
    with pytest.raises(ValueError, match="unknown field"):
        Sector("x", gain=1.0, cost=1.0).with_values(colour=1)
