"""The command line: both tables for the reference case; bad input gets one line and exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import games
from solver.presentation.cli import main
from solver.presentation.tables import WIDTH

REFERENCE = games.default_path().read_text(encoding="utf-8")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "solver", *args], capture_output=True,
                          text=True, timeout=120, check=False)


def test_default_run_prints_every_table_within_100_columns(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    for heading in ("each sector's negotiation game (S = US, T = Japan)",
                    "Openings (share of a full opening) through each lens",
                    "openings by agenda", "the agendas compared"):
        assert heading in out
    for name in ("autos", "auto_parts", "insurance", "medical", "telecom", "flat_glass"):
        assert name in out
    assert max(len(line) for line in out.splitlines()) <= WIDTH


def test_numbers_trace_to_the_scenario_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The threat point printed for autos is the sanction subgame's SPE: the target concedes
    to the demand L_T / c after a round of sanctions, so its payoff is -L_T; changing L_T in
    the file changes the printed number."""
    assert main([]) == 0
    autos = next(line for line in capsys.readouterr().out.splitlines()
                 if line.startswith("autos "))
    assert "-4.450" in autos and "concede" in autos
    path = tmp_path / "changed.toml"
    path.write_text(REFERENCE.replace("value = 4.45", "value = 5.25"), encoding="utf-8")
    assert main([str(path)]) == 0
    autos = next(line for line in capsys.readouterr().out.splitlines()
                 if line.startswith("autos "))
    assert "-5.250" in autos


@pytest.mark.slow  # subprocesses
def test_python_dash_m_and_the_console_script() -> None:
    res = run()
    assert res.returncode == 0, res.stderr
    assert "the agendas compared" in res.stdout
    script = Path(sys.executable).parent / "sanction-solver"
    assert script.exists(), "the console script is installed with the project"
    res = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60,
                         check=False)
    assert res.returncode == 0 and "exit codes:" in res.stdout and "examples:" in res.stdout


BAD = [
    pytest.param(REFERENCE.replace("[sectors.cost]\nvalue = 27.7", "[sectors.cost]\nvalue = -2"),
                 "sector 'autos': field 'cost'", id="negative-cost"),
    pytest.param(REFERENCE.replace("value = 0.34", "value = 1.34"),
                 "sector 'autos': field 'deliverability'", id="probability"),
    pytest.param(REFERENCE.replace('name = "autos"\nlabel', 'name = "autos"\nflavour = 1\nlabel'),
                 "sector 'autos': unknown key(s) ['flavour']", id="unknown-key"),
    pytest.param(REFERENCE.replace('name = "telecom"', 'name = "medical"'),
                 "sector 'medical': duplicate sector name", id="duplicate-sector"),
    pytest.param("[scenario\nname=", "malformed TOML", id="malformed"),
    pytest.param(REFERENCE.replace("[sectors.curvature]\nvalue = 1.0\nunit",
                                   "[sectors.curvature]\nunit", 1),
                 "sector 'autos': field 'curvature' value None", id="missing-parameter"),
]


@pytest.mark.slow  # a subprocess each
@pytest.mark.parametrize(("text", "expected"), BAD)
def test_bad_file_one_line_exit_2_no_traceback(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    res = run(str(path))
    assert res.returncode == 2
    assert res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert "Traceback" not in res.stderr
    assert str(path) in lines[0] and expected in lines[0]


@pytest.mark.slow  # a subprocess
def test_missing_file_exit_2(tmp_path: Path) -> None:
    res = run(str(tmp_path / "nowhere.toml"))
    assert res.returncode == 2 and "cannot read scenario file" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


@pytest.mark.slow  # subprocesses
def test_environment_has_no_effect_on_output() -> None:
    """The tables are deterministic: two runs print the same bytes."""
    env = dict(os.environ, PYTHONHASHSEED="123")
    a = subprocess.run([sys.executable, "-m", "solver"], capture_output=True, text=True,
                       timeout=120, check=False, env=env)
    assert a.stdout == run().stdout


# --- subcommands, formats, JSON schema, export, catalogue -----------------------------------
import json  # noqa: E402

import jsonschema  # noqa: E402

from solver.presentation.json_output import SCHEMAS  # noqa: E402


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "csv", "json"])
def test_every_format_gives_both_tables(fmt: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    if fmt == "csv":  # one table per file
        assert main(["--format", fmt, "-o", str(tmp_path)]) == 0
        out = "\n".join(p.read_text(encoding="utf-8") for p in sorted(tmp_path.glob("*.csv")))
    else:
        assert main(["--format", fmt]) == 0
        out = capsys.readouterr().out
    if fmt == "json":
        doc = json.loads(out)
        jsonschema.validate(doc, SCHEMAS[doc["schema"]])
        assert len(doc["sectors"]) == 6 and len(doc["agendas"]) == 5
        return
    marker = {"text": ("Nash", "the agendas compared"),
              "markdown": ("## US-Japan Framework talks, 1993-95: each sector's",
                           "## US-Japan Framework talks, 1993-95: the agendas compared"),
              "latex": ("\\begin{tabular}", "% agendas"),
              "csv": ("sector,demand (share),x (share)", "agenda,u US ($B/yr)")}[fmt]
    for m in marker:
        assert m in out


def test_json_is_stable_and_matches_the_api(capsys: pytest.CaptureFixture[str]) -> None:
    from solver import load_scenario, solve_talks

    assert main(["compare", "--format", "json"]) == 0
    first = capsys.readouterr().out
    assert main(["compare", "--format", "json"]) == 0
    assert capsys.readouterr().out == first
    doc = json.loads(first)
    pbp = next(a for a in doc["agendas"] if a["agenda"] == "piece by piece")
    sc = load_scenario()
    assert pbp["sender_payoff"] == pytest.approx(
        solve_talks(sc, sc.protocol, "piecemeal").sender_payoff)


def test_solve_one_sector(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", "--sector", "medical", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, SCHEMAS[doc["schema"]])
    assert [s["sector"] for s in doc["sectors"]] == ["medical"]
    assert doc["agendas"] == []


def test_sweep_command_prints_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", "--draws", "300", "--seed", "4", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, SCHEMAS[doc["schema"]])
    assert doc["draws"] == 300 and doc["seed"] == 4
    assert main(["sweep", "--draws", "0"]) == 2


def test_export_efg_and_nfg_round_trip(tmp_path: Path) -> None:
    from solver import Bimatrix, from_efg, load_scenario, reduced_normal_form, solve_sector

    sc = load_scenario()
    tree = solve_sector(sc.sector("autos"), sc.protocol).sanction_subgame
    efg = tmp_path / "autos.efg"
    assert main(["export", "--sector", "autos", "--game", "efg", "-o", str(efg)]) == 0
    named = tree.with_players({"Sender": "US", "Target": "Japan"})
    assert from_efg(efg.read_text(encoding="utf-8")) == named
    assert named.players == ("US", "Japan")
    nfg = tmp_path / "autos.nfg"
    assert main(["export", "--sector", "autos", "--game", "nfg", "-o", str(nfg)]) == 0
    back = Bimatrix.from_nfg(nfg)
    assert back.to_float().A.tolist() == reduced_normal_form(tree).to_float().A.tolist()
    assert back.players == ("US", "Japan")
    assert main(["export", "--game", "efg"]) == 2  # needs --sector


def test_list_shows_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    assert "us_japan_1994" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["--format", "yaml"], ["solve", "--sector", "cars"],
                                  ["--bogus"], ["compare", "/no/such.toml"]])
def test_bad_arguments_one_line_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("sanction-solver: error:")


@pytest.mark.slow  # solves the reference talks under several protocols
def test_protocol_options_change_the_game(capsys: pytest.CaptureFixture[str]) -> None:
    """--rounds/--breakdown/... override the scenario's [protocol]; the JSON states the game."""
    assert main(["compare", "--rounds", "1", "--breakdown", "0", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, SCHEMAS[doc["schema"]])
    assert doc["protocol"]["rounds"] == 1 and doc["protocol"]["breakdown"] == 0
    assert main(["compare", "--rounds", "none", "--breakdown", "0.2", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["protocol"]["rounds"] is None
    for bad in (["--rounds", "0"], ["--rounds", "x"], ["--breakdown", "1"]):
        assert main(["compare", *bad]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("sanction-solver: error:")


def test_catalogue_names_are_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["episode_1995_autos", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["scenario"]["name"]


def test_record_scorecard(capsys: pytest.CaptureFixture[str]) -> None:
    """`record` prints the scorecard of solver.model.scorecard, as text and as JSON."""
    from solver.model.scorecard import score_record

    assert main(["record", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    card = score_record()
    assert doc["summary"] == card.summary()
    assert [r["match"] for r in doc["observables"]] == [o.match for o in card.observations]
    assert main(["record", "--draws", "-1"]) == 2
