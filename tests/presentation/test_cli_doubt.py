"""`sanction-solver doubt`: the talks with the sender's type in doubt, in every format, the
--types flag, the --plot file, and one-line errors (exit 2) that write nothing."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pandas as pd
import pytest

import games
from solver import Protocol, load_scenario
from solver.model.talks import solve_talks
from solver.presentation import cli
from solver.presentation.cli import main
from solver.presentation.doubt_report import DOUBT_SCHEMA
from solver.presentation.tables import WIDTH

REFERENCE = games.catalogue()["us_japan_1994"]


def _talks(rounds: int, types: str, sector: str | None = None):  # the API the CLI reads
    sc = load_scenario()
    if sector is not None:
        sc = sc.__class__(sc.name, sc.sender, sc.target, (sc.sector(sector),), (),
                          sc.source, (), sc.protocol, sc.protocol_provenance)
    return solve_talks(sc, sc.protocol.with_values(rounds=rounds, types=types), "piecemeal")


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert len(err) == 1, captured.err
    assert err[0].startswith("sanction-solver: error:")
    assert captured.out == ""
    return err[0]


def _scenario_file(tmp_path: Path, *, name: str | None = None, sender: str | None = None,
                   types: str | None = None) -> Path:
    text = REFERENCE.read_text(encoding="utf-8")
    if name is not None:
        text = text.replace('name = "US-Japan Framework talks, 1993-95"', f'name = "{name}"')
    if sender is not None:
        text = text.replace('sender = "US"', f'sender = "{sender}"', 1)
    if types is not None:
        text += (f'\n[protocol.types]\nvalue = "{types}"\nunit = "kind"\n'
                 f'reason = "test: the sender\'s type in doubt"\n')
    path = tmp_path / "case.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- the table in each format ----------------------------------------------------------------


def test_text_is_the_pbe_table_of_the_api(capsys: pytest.CaptureFixture[str]) -> None:
    """No --types: resolve. Every sector's row carries the API's numbers; the notes say the
    game and the kind of type; every line fits the terminal."""
    assert main(["doubt", "--rounds", "3"]) == 0
    out = capsys.readouterr().out
    t = _talks(3, "resolve")
    assert "sanction loss in doubt" in out
    flat = " ".join(out.split())
    assert " ".join(t.protocol.describe().split()) in flat
    assert "Types (resolve)" in out and "Types (audience)" not in out
    for line in out.splitlines():
        assert len(line) <= WIDTH, line
    rows = {ln.split()[0]: ln.split() for ln in out.splitlines()[:12] if ln.split()
            and ln.split()[0] in t.sectors}
    assert set(rows) == set(t.sectors)
    for name, g in t.sectors.items():
        cells = rows[name]
        assert cells[3] == f"{g.deal_probability:.3f}"
        assert cells[4] == f"{g.deadline_probability:.3f}"
        assert cells[5] == f"{g.breakdown_probability:.3f}"
        assert cells[6] == f"{g.sanction_probability:.3f}"
        post = g.posterior_at_deadline
        assert cells[-1] == ("-" if post is None else f"{post:.3f}")
    assert "the round of agreement" in out
    passed = sum(g.check.passed for g in t.sectors.values())
    assert f"{passed} of {len(t.sectors)} pass" in flat


def test_json_matches_the_api_and_its_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doubt", "--sector", "autos", "--rounds", "3", "--types", "audience",
                 "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, DOUBT_SCHEMA)
    t = _talks(3, "audience", "autos")
    g = t.sectors["autos"]
    assert doc["types"] == "audience" and doc["protocol"]["rounds"] == 3
    assert doc["game"] == t.protocol.describe()
    (row,) = doc["sectors"]
    assert row["sector"] == "autos"
    assert row["agreement_by_round"] == pytest.approx(
        [t.agreement_by_round["autos"][r] for r in range(3)])
    assert row["no_deal"] == pytest.approx(t.agreement_by_round["autos"][None])
    assert sum(row["agreement_by_round"]) + row["no_deal"] == pytest.approx(1.0)
    assert row["sanction_probability"] == pytest.approx(t.sanction_probability["autos"])
    assert row["deadline_probability"] == pytest.approx(t.deadline_probability["autos"])
    assert row["bluff_probability"] == pytest.approx(dict(g.bluff_probability))
    assert row["posterior_at_deadline"] == pytest.approx(g.posterior_at_deadline)
    assert row["check"] == {"passed": g.check.passed, "residual": pytest.approx(g.check.residual)}


def test_raw_csv_is_the_api_frame(tmp_path: Path) -> None:
    """--raw: the unrounded frames, one file per table."""
    assert main(["doubt", "--rounds", "2", "--format", "csv", "--raw", "-o",
                 str(tmp_path / "out")]) == 0
    table = pd.read_csv(tmp_path / "out" / "doubt.csv")
    rounds = pd.read_csv(tmp_path / "out" / "rounds.csv")
    t = _talks(2, "resolve")
    assert list(table["sector"]) == list(t.sectors)
    assert list(table.columns[:8]) == [
        "sector", "prior", "demand", "deal_probability", "deadline_probability",
        "breakdown_probability", "sanction_probability", "bluff_resolute"]
    for _, r in table.iterrows():
        g = t.sectors[r["sector"]]
        assert r["deal_probability"] == pytest.approx(g.deal_probability)
        assert r["sanction_probability"] == pytest.approx(g.sanction_probability)
        assert r["bluff_irresolute"] == pytest.approx(g.bluff_probability["irresolute"])
    assert list(rounds.columns) == ["sector", "round_0", "round_1", "no_deal"]
    assert rounds[["round_0", "round_1", "no_deal"]].sum(axis=1).tolist() == pytest.approx(
        [1.0] * len(t.sectors))


def test_markdown_has_readable_headers_and_the_notes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doubt", "--rounds", "2", "--types", "audience", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.count("## ") == 2
    for head in ("P(deal)", "P(deal at deadline)", "P(breakdown)", "P(sanction)",
                 "bluff: irresolute", "belief at deadline", "no deal"):
        assert head in out
    assert "Types (audience)" in out
    assert "deadline after 2 rounds" in out


_UNESCAPED = re.compile(r"(?<!\\)[_$%&#]")


def _escaped_latex(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    case = _scenario_file(tmp_path, name="Talks_1994 ($B)", sender="US $ USTR_office")
    assert main(["doubt", str(case), "--rounds", "2", "--format", "latex"]) == 0
    return capsys.readouterr().out


def test_latex_escapes_underscores_and_dollars(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Sector names (auto_parts), the sender's name and the notes are escaped: outside the
    comment lines no bare _, $, %, & (other than column separators) or # is left."""
    out = _escaped_latex(tmp_path, capsys)
    assert r"auto\_parts" in out and r"US \$ USTR\_office" in out
    assert r"P(deal at deadline)" in out
    body = [ln for ln in out.splitlines() if not ln.startswith("%")]
    for line in body:
        bare = _UNESCAPED.findall(line.replace(" & ", " "))
        assert not bare, line


@pytest.mark.slow  # runs pdflatex
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="needs pdflatex (Debian: "
                    "texlive-latex-base)")
def test_escaped_latex_compiles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With pdflatex, the escaped fragment of the test above compiles."""
    out = _escaped_latex(tmp_path, capsys)
    doc = tmp_path / "doubt.tex"
    doc.write_text("\\documentclass{article}\\usepackage{booktabs}\\usepackage[margin=1cm,"
                   "landscape]{geometry}\\begin{document}\\tiny\n" + out
                   + "\n\\end{document}\n", encoding="utf-8")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                          doc.name], cwd=tmp_path, capture_output=True, text=True,
                         timeout=120, check=False)
    assert run.returncode == 0, run.stdout[-2000:]


def test_latex_of_the_other_commands_is_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", "--format", "latex"]) == 0
    out = capsys.readouterr().out
    assert r"auto\_parts" in out and r"d S (\$B/yr)" not in out and r"\$B/yr" in out
    assert "auto_parts" not in out.replace(r"auto\_parts", "")


# -- the --types flag ------------------------------------------------------------------------


def test_types_flag_sets_the_kind(capsys: pytest.CaptureFixture[str]) -> None:
    docs = {}
    for kind in ("resolve", "audience"):
        assert main(["doubt", "--sector", "medical", "--rounds", "2", "--types", kind,
                     "--format", "json"]) == 0
        docs[kind] = json.loads(capsys.readouterr().out)
        assert docs[kind]["types"] == docs[kind]["protocol"]["types"] == kind
        assert docs[kind]["game"] == Protocol(rounds=2, types=kind).describe()
    assert main(["doubt", "--sector", "medical", "--rounds", "2", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == docs["resolve"]  # the default


def test_types_in_the_scenario_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """doubt reads [protocol] types; the commands of complete information set it aside with a
    one-line note naming the file (their output is that of --types none)."""
    case = _scenario_file(tmp_path, types="audience")
    assert main(["doubt", str(case), "--sector", "telecom", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["types"] == "audience"
    assert main(["doubt", str(case), "--sector", "telecom", "--types", "resolve",
                 "--format", "json"]) == 0  # the flag wins
    assert json.loads(capsys.readouterr().out)["types"] == "resolve"
    assert main(["solve", str(case), "--sector", "telecom", "--format", "json"]) == 0
    captured = capsys.readouterr()
    (note,) = captured.err.strip().splitlines()
    assert note.startswith("sanction-solver: note:") and str(case) in note and "types" in note
    assert main(["solve", str(case), "--sector", "telecom", "--types", "none",
                 "--format", "json"]) == 0
    plain = capsys.readouterr()
    assert plain.err == "" and plain.out == captured.out


@pytest.mark.parametrize("command", ["solve", "compare", "sweep", "export"])
def test_complete_information_commands_refuse_types(
        command: str, capsys: pytest.CaptureFixture[str]) -> None:
    extra = ["--sector", "autos"] if command == "export" else []
    assert main([command, "--types", "resolve", *extra]) == 2
    assert "--types resolve" in _one_line_error(capsys)


# -- the plot file ---------------------------------------------------------------------------

_MAGIC = {".png": b"\x89PNG\r\n\x1a\n", ".svg": b"<?xml", ".pdf": b"%PDF"}


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_plot_file_is_written(suffix: str, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / f"doubt{suffix}"
    assert main(["doubt", "--sector", "autos", "--rounds", "2", "--plot", str(target)]) == 0
    captured = capsys.readouterr()
    assert "the round of agreement" in captured.out  # the table is still printed
    assert str(target) in captured.err
    data = target.read_bytes()
    assert data.startswith(_MAGIC[suffix]) and len(data) > 2000
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_plot_write_failure_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "doubt.png"
    target.write_bytes(b"old")

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "replace", fail)
    assert main(["doubt", "--sector", "autos", "--rounds", "1", "--plot", str(target)]) == 2
    assert str(target) in _one_line_error(capsys)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["doubt.png"]


# -- bad input: one line, exit 2, nothing written --------------------------------------------


@pytest.mark.parametrize(("argv", "named"), [
    (["--types", "bogus"], "--types"),
    (["--types", "none"], "--types none"),
    (["--rounds", "none"], "--rounds none"),
    (["--rounds", "0"], "rounds"),
    (["--rounds", "x"], "--rounds"),
    (["--breakdown", "1"], "breakdown"),
    (["--format", "yaml"], "format"),
    (["--sector", "cars"], "cars"),
    (["/no/such/case.toml"], "/no/such/case.toml"),
    (["--plot", "{dir}/doubt.gif"], "--plot"),
    (["--plot", "{dir}/missing/doubt.png"], "--plot"),
    (["--plot", "{dir}"], "--plot"),
])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
        argv: list[str], named: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    args = [a.replace("{dir}", str(out_dir)) for a in argv]
    if not any(a == "--plot" for a in args):
        args += ["--plot", str(out_dir / "doubt.png")]
    assert main(["doubt", *args]) == 2
    assert named.replace("{dir}", str(out_dir)) in _one_line_error(capsys)
    assert list(out_dir.iterdir()) == []
