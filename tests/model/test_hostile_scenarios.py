"""Hostile scenario files (issue 16's first campaign): every one gets one clear
ScenarioFileError naming the file and, where there is one, the field; none a traceback,
a hang or a wrong acceptance."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import games
from solver.model.distributions import Distribution
from solver.model.scenario import ScenarioFileError, load_scenario

REFERENCE = games.default_path().read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str | bytes) -> Path:
    p = tmp_path / "case.toml"
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    p = _write(tmp_path, REFERENCE.encode("utf-8").replace(b"Japan", b"Jap\xffn", 1))
    with pytest.raises(ScenarioFileError, match=re.escape(str(p)) + ": not UTF-8 text"):
        load_scenario(p)


def test_deeply_nested_toml(tmp_path: Path) -> None:
    p = _write(tmp_path, "x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(ScenarioFileError, match="nested too deeply|malformed TOML"):
        load_scenario(p)


def test_integer_too_large_for_a_float(tmp_path: Path) -> None:
    text = REFERENCE.replace("value = 27.7", "value = " + "9" * 400, 1)
    p = _write(tmp_path, text)
    with pytest.raises(ScenarioFileError, match="field 'gain' value .* is not a finite number"):
        load_scenario(p)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(ScenarioFileError, match="not a regular file"):
        load_scenario(fifo)


def test_a_directory_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioFileError, match="not a regular file"):
        load_scenario(tmp_path)
    with pytest.raises(ScenarioFileError, match="no such file"):
        load_scenario(tmp_path / "absent.toml")


def test_sender_equal_to_target_is_refused(tmp_path: Path) -> None:
    p = _write(tmp_path, REFERENCE.replace('target = "Japan"', 'target = "US"', 1))
    with pytest.raises(ScenarioFileError, match="'sender' and 'target' are both 'US'"):
        load_scenario(p)


@pytest.mark.parametrize("kw", [dict(kind="truncnormal", sd=float("inf")),
                                dict(kind="lognormal", sigma=float("inf"))])
def test_infinite_spread_is_refused(kw: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="finite"):
        Distribution(value=1.0, low=0.5, high=2.0, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("factor", [1e-9, 1e-3, 1e6])
def test_the_unit_of_money_does_not_change_the_answer(factor: float) -> None:
    """Issue 16: the reference case in $ rather than $B (or in tiny units) must give the same
    deals, rounds and openings, with and without the sender's type in doubt."""
    from dataclasses import replace

    from solver import Protocol, solve_talks

    sc = load_scenario()
    money = ("gain", "cost", "loss_target", "loss_sender", "backdown_cost")
    scaled = replace(sc, sectors=tuple(
        s.with_values(**{m: getattr(s, m) * factor for m in money}) for s in sc.sectors))
    for agenda in ("piecemeal", "package", "linked"):
        a = solve_talks(sc, sc.protocol, agenda)
        b = solve_talks(scaled, sc.protocol, agenda)
        for name in a.sectors:
            x, y = a.sectors[name], b.sectors[name]  # type: ignore[union-attr]
            assert (x.round, x.deal) == (y.round, y.deal), (agenda, name)
            assert y.opening == pytest.approx(x.opening, rel=1e-9, abs=1e-12)
            assert y.sanction_probability == pytest.approx(x.sanction_probability, abs=1e-12)
    typed = Protocol(rounds=4, types="resolve")
    a_t, b_t = solve_talks(sc, typed, "piecemeal"), solve_talks(scaled, typed, "piecemeal")
    for name in a_t.sectors:
        assert b_t.deal_probability[name] == pytest.approx(  # type: ignore[union-attr]
            a_t.deal_probability[name], abs=1e-9)  # type: ignore[union-attr]


@pytest.mark.parametrize(("field", "value"), [("curvature", 500.0), ("curvature", 1000.0),
                                              ("gain", 1e9), ("cost", 1e308),
                                              ("cost", 5e-324), ("loss_target", 5e-324)])
def test_extreme_valid_values_are_solved(field: str, value: float) -> None:
    """Issue 16: valid single-field extremes crashed the solver ('internal error'); a
    curvature of 500 overflowed the Nash lens's frontier derivative (s**k)."""
    import warnings
    from dataclasses import replace

    from solver import analyse_negotiation

    sc = load_scenario()
    autos = sc.sector("autos").with_values(**{field: value})
    changed = replace(sc, sectors=tuple(autos if s.name == "autos" else s for s in sc.sectors))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        result = analyse_negotiation(changed)
    assert "autos" in result.to_frame().to_string()


def test_sweep_refuses_unbounded_draws_at_once() -> None:
    """Issue 16: --draws 2**63 allocated gigabytes before anything was checked."""
    from solver import sweep

    with pytest.raises(ValueError, match="draws must be at most"):
        sweep(load_scenario(), draws=2**63, seed=1)
