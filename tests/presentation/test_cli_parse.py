"""The command line parses as people expect: global options before or after the command,
"did you mean" for a mistyped command or option, one help page per command, --version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from solver.presentation.cli import main
from solver.presentation.cli_args import COMMANDS, UsageError, split_command


@pytest.mark.parametrize(("argv", "command", "rest"), [
    pytest.param(["--format", "json", "compare"], "compare", ["--format", "json"], id="before"),
    pytest.param(["compare", "--format", "json"], "compare", ["--format", "json"], id="after"),
    pytest.param(["--sector", "autos", "solve"], "solve", ["--sector", "autos"], id="sector"),
    pytest.param(["x.toml", "compare"], "compare", ["x.toml"], id="scenario-first"),
    pytest.param(["--sector", "list", "solve"], "solve", ["--sector", "list"],
                 id="option-value-named-like-a-command"),
    pytest.param([], "tables", [], id="default"),
    pytest.param(["episode_1995_autos"], "tables", ["episode_1995_autos"], id="catalogue"),
])
def test_the_command_is_found_anywhere(argv: list[str], command: str, rest: list[str]) -> None:
    assert split_command(argv) == (command, rest)


@pytest.mark.parametrize(("word", "suggestion"), [("compre", "compare"), ("slove", "solve"),
                                                  ("reocrd", "record"), ("dobut", "doubt")])
def test_a_mistyped_command_gets_a_suggestion(word: str, suggestion: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UsageError, match=f"did you mean '{suggestion}'"):
        split_command([word])
    assert main([word]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"sanction-solver: error: unknown command {word!r} "
                   f"(did you mean {suggestion!r}?)"]


def test_a_mistyped_option_gets_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "--formt", "json"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "did you mean --format?" in err[0]


def test_global_options_before_and_after_give_the_same_output(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--format", "json", "--sector", "medical", "solve"]) == 0
    before = capsys.readouterr().out
    assert main(["solve", "--sector", "medical", "--format", "json"]) == 0
    assert capsys.readouterr().out == before
    assert [s["sector"] for s in json.loads(before)["sectors"]] == ["medical"]


def test_each_command_has_its_own_help(capsys: pytest.CaptureFixture[str]) -> None:
    pages = {}
    for command in COMMANDS:
        argv = ["--help"] if command == "tables" else [command, "--help"]
        assert main(argv) == 0
        pages[command] = capsys.readouterr().out
        assert max(len(line) for line in pages[command].splitlines()) <= 100, command
        assert pages[command].startswith(
            "usage: sanction-solver" + ("" if command == "tables" else f" {command}"))
    assert len(set(pages.values())) == len(COMMANDS)
    assert "--draws" in pages["sweep"] and "--draws" not in pages["compare"]
    assert "--plot" in pages["doubt"] and "--game" in pages["export"]
    assert "examples:" in pages["tables"] and "examples:" not in pages["solve"]
    assert main(["--help", "sweep"]) == 0  # help before the command is that command's
    assert capsys.readouterr().out == pages["sweep"]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"sanction-solver {version('sanction-bargaining')}"
    assert main(["compare", "--version"]) == 0


def test_bad_output_options_write_nothing(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Each bad output option is one line naming the flag, exit code 2, and no file."""
    a_file = tmp_path / "f.csv"
    a_file.write_text("keep", encoding="utf-8")
    cases = [
        (["--format", "csv", "-o", str(a_file)], "-o"),
        (["--format", "markdown", "-o", str(tmp_path)], "is a directory"),
        (["--format", "markdown", "-o", str(tmp_path / "no" / "x.md")], "no such directory"),
        (["--format", "yaml"], "--format yaml"),
        (["report"], "report needs -o"),
        (["report", "-o", str(tmp_path / "r.pdf")], "the report is HTML"),
    ]
    for argv, expected in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and expected in err[0], (argv, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.csv"]
    assert a_file.read_text(encoding="utf-8") == "keep"


def test_output_file_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "sectors.md"
    assert main(["solve", "--format", "markdown", "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("## US-Japan") and "| autos |" in text
    assert [p.name for p in tmp_path.iterdir()] == ["sectors.md"]


def test_sweep_rows_writes_every_draw(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    import pandas as pd

    from solver import load_scenario, sweep

    rows = tmp_path / "rows.csv"
    assert main(["sweep", "--draws", "40", "--seed", "3", "--rows", str(rows)]) == 0
    assert "wrote" in capsys.readouterr().err
    back = pd.read_csv(rows)
    sc = load_scenario()
    direct = sweep(sc, draws=40, seed=3, protocol=sc.protocol)
    assert back.shape == direct.shape and list(back.columns) == list(direct.columns)
    num = direct.select_dtypes("number").columns
    assert back[num].to_numpy() == pytest.approx(direct[num].to_numpy())
    for bad, expected in ((tmp_path / "rows.txt", ".csv or .parquet"),
                          (tmp_path / "no" / "rows.csv", "no such directory")):
        assert main(["sweep", "--draws", "5", "--rows", str(bad)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "--rows" in err[0] and expected in err[0]
    assert [p.name for p in tmp_path.iterdir()] == ["rows.csv"]


def test_compare_several_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    import games
    from solver import analyse_negotiation, load_scenario
    from solver.presentation.json_output import SCHEMAS

    names = ["us_japan_1994", "episode_1995_autos"]
    paths = [games.catalogue()[n] for n in names]
    assert main(["compare", *names, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, SCHEMAS[doc["schema"]])
    assert [d["scenario"]["name"] for d in doc["scenarios"]] == [
        load_scenario(p).name for p in paths]
    agendas = doc["tables"][0]
    second = analyse_negotiation(load_scenario(paths[1]))
    rows = [r for r in agendas["rows"] if r[0] == names[1]]
    assert [r[1] for r in rows] == list(second.agendas)
    assert rows[0][2] == round(second.agendas[rows[0][1]].sender_payoff, 3)
    assert main(["compare", *names]) == 0
    text = capsys.readouterr().out
    assert "The agendas compared across scenarios" in text and "would choose" in text
    assert max(len(line) for line in text.splitlines()) <= 100
    assert main(["compare", names[0], "/no/such.toml"]) == 2
