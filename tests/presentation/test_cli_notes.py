"""Options that cannot change the answer say so in a one-line note on stderr (issue 14), and
the answer is indeed the same with and without them."""

from __future__ import annotations

import json

import pytest

from solver.presentation.cli import main


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[object, list[str]]:
    assert main(argv) == 0
    out = capsys.readouterr()
    notes = [ln for ln in out.err.splitlines() if "note:" in ln]
    return json.loads(out.out)["tables"], notes


def _rows(tables: object) -> list[object]:
    return [(t["name"], t["rows"]) for t in tables]  # type: ignore[attr-defined,index]


@pytest.mark.parametrize(("base", "extra", "says"), [
    (["solve", "--sector", "telecom"], ["--setter", "target"], "solves no free agenda"),
    (["compare"], ["--setter", "target"], "reported once for each setter"),
    (["solve", "--sector", "telecom"], ["--retaliation", "cross"], "no bundle"),
    (["--sector", "autos"], ["--retaliation", "cross"], "--sector autos solves one sector"),
    (["solve", "--sector", "autos", "--rounds", "1"], ["--no-alternate"], "one round"),
])
def test_an_inert_option_gets_a_note_and_changes_nothing(
        capsys: pytest.CaptureFixture[str], base: list[str], extra: list[str],
        says: str) -> None:
    plain, quiet = _run(capsys, ["--format", "json", *base])
    assert quiet == []
    tables, notes = _run(capsys, ["--format", "json", *base, *extra])
    assert len(notes) == 1 and says in notes[0] and extra[0] in notes[0]
    assert "\n" not in notes[0]
    assert _rows(tables) == _rows(plain)


def test_record_seed_without_draws(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--format", "json", "record"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert main(["--format", "json", "record", "--seed", "5"]) == 0
    out = capsys.readouterr()
    (note,) = [ln for ln in out.err.splitlines() if "note:" in ln]
    assert "--seed 5" in note and "nothing is drawn" in note
    assert json.loads(out.out)["observables"] == plain["observables"]


@pytest.mark.parametrize("extra", [["--breakdown", "0.2"], ["--first", "target"]])
def test_an_option_that_matters_gets_no_note(capsys: pytest.CaptureFixture[str],
                                             extra: list[str]) -> None:
    plain, _ = _run(capsys, ["--format", "json", "compare"])
    tables, notes = _run(capsys, ["--format", "json", "compare", *extra])
    assert notes == []
    assert _rows(tables) != _rows(plain)


def test_several_scenarios_get_one_note(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "us_japan_1994", "episode_1995_autos", "--setter", "target"]) == 0
    err = capsys.readouterr().err
    assert err.count("note: --setter") == 1
