"""Output is inert (issue 16): data from a scenario file cannot act in any format the solver
writes, -o cannot overwrite the scenario it reads, and a killed writer leaves the old file
or the new one, never a part."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import games
from solver._core.tabular import csv_cell, plain_text
from solver.presentation.cli import main
from solver.presentation.table import Column, Table

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "\\input{/etc/hostname}"


def _one_sector(name: str) -> str:
    """The reference scenario cut to its first sector, renamed ``name`` (TOML-escaped)."""
    import re

    text = games.default_path().read_text(encoding="utf-8")
    head, *sectors = re.split(r"(?m)^(?=\[\[sectors\]\])", text)
    head = re.sub(r"(?ms)^\[agenda\.floors\..*?(?=^\[)", "", head)
    quoted = name.replace("\\", "\\\\").replace('"', '\\"').replace("\x1b", "\\u001b")
    return head + sectors[0].replace('name = "autos"', f'name = "{quoted}"', 1)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_a_sector_named_input_does_not_read_a_file_when_compiled(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "hostile.toml"
    scenario.write_text(_one_sector(HOSTILE + " ^^5cinput [3cm] <b>|x|"), encoding="utf-8")
    assert main(["solve", str(scenario), "--format", "latex"]) == 0
    body = capsys.readouterr().out
    assert "\\input{" not in body and "^^" not in body
    doc = tmp_path / "doc.tex"
    doc.write_text("\\documentclass{article}\n\\usepackage{booktabs}\n\\begin{document}\n"
                   + body + "\n\\end{document}\n", encoding="utf-8")
    run = subprocess.run(["pdflatex", "-no-shell-escape", "-interaction=nonstopmode",
                          "-halt-on-error", doc.name], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120)
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert run.returncode == 0, log[-2000:]
    assert "/etc/hostname" not in log.replace("input\\{/etc/hostname\\}", "")
    assert "(/etc/hostname" not in log


def _table(name: str) -> Table:
    return Table("t", "T", (Column("sector", "sector", kind="text"), Column("x", "x")),
                 ((name, -0.5), ("plain", 1.25)))


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "@SUM(A1:A2)", "+1+2", "-2+3",
                                  "\t=1", "\r=1", "=HYPERLINK(\"http://x\")"])
def test_csv_formula_cells_are_neutralised(cell: str) -> None:
    rows = list(csv.reader(io.StringIO(_table(cell).to_csv())))
    assert rows[1][0].startswith("'") and rows[1][0][1:] == plain_text(cell)
    assert rows[1][1] == "-0.500"  # a genuine negative number stays a number
    assert csv_cell("-0.5") == "-0.5" and csv_cell("-") == "-" and csv_cell(-3) == -3


def test_raw_csv_from_the_cli_is_neutralised_too(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text(_one_sector("=1+2"), encoding="utf-8")
    assert main(["solve", str(scenario), "--format", "csv", "--table", "sectors", "--raw"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[1][0] == "'=1+2"


def test_markdown_shows_raw_html_and_text_drops_control_bytes() -> None:
    t = _table("<img src=x onerror=alert(1)>\x1b[2J|*a*")
    md = t.to_markdown()
    assert "<img" not in md and "&lt;img src=x onerror=alert(1)&gt;" in md
    assert "\x1b" not in md and "\\|" in md and "\\*a\\*" in md
    text = t.to_text()
    assert "\x1b" not in text and "[2J" in text  # the escape byte goes, the text stays
    assert "<img" not in t.to_html() and "\x1b" not in t.to_html()


def test_cli_errors_carry_no_control_bytes(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text(_one_sector("autos"), encoding="utf-8")
    assert main(["solve", str(scenario), "--sector", "a\x1b[2Jb\nc"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and len(err.strip().splitlines()) == 1


def test_o_refuses_to_overwrite_the_input_scenario(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text(_one_sector("autos"), encoding="utf-8")
    before = scenario.read_bytes()
    for argv in (["solve", str(scenario), "-o", str(scenario)],
                 ["export", "--sector", "autos", str(scenario), "-o", str(scenario)],
                 ["compare", "us_japan_1994", str(scenario), "-o",
                  str(tmp_path / "." / "s.toml")]):
        assert main(argv) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "is the scenario file" in err[0], err
        assert scenario.read_bytes() == before


# -- atomic writes ---------------------------------------------------------------------------

_WRITER = """
import os, sys, time
from pathlib import Path
import solver.presentation.output_files as of
stage = sys.argv[2]
real = getattr(os, stage)
def pause(*a, **k):
    print("ready", flush=True)
    time.sleep(60)
    return real(*a, **k)
setattr(of.os, stage, pause)
of.write_atomic(Path(sys.argv[1]), "NEW\\n" * 2_000_000)
"""


@pytest.mark.parametrize("stage", ["fsync", "replace"])
def test_a_writer_killed_midway_leaves_the_old_file(tmp_path: Path, stage: str) -> None:
    """SIGKILL while the new data is being written (before its sync) or just before the
    rename: the target is still the old file, whole, and no temporary file is mistaken for
    it."""
    target = tmp_path / "out.efg"
    target.write_text("OLD\n")
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(target), stage],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert target.read_text() == "OLD\n"


def test_export_killed_at_any_moment_leaves_old_or_new_never_a_part(tmp_path: Path) -> None:
    target = tmp_path / "sub.efg"
    target.write_text("OLD\n")
    cmd = [sys.executable, "-m", "solver", "export", "--sector", "autos", "-o", str(target)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    new = target.read_text()
    assert new.startswith("EFG 2 R")
    for delay in (0.5, 2.0, 4.0):
        target.write_text("OLD\n")
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        now = target.read_text()
        assert now in ("OLD\n", new), now[:200]
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("sub.efg",)]
    assert all(p.startswith(".sub.efg.") for p in leftovers), leftovers


@pytest.mark.skipif(not hasattr(os, "setrlimit") and sys.platform != "linux",
                    reason="needs RLIMIT_FSIZE")
def test_export_under_a_file_size_limit_keeps_the_old_file(tmp_path: Path) -> None:
    import resource

    target = tmp_path / "sub.efg"
    target.write_text("OLD\n")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))  # the export is ~1 kB

    done = subprocess.run([sys.executable, "-m", "solver", "export", "--sector", "autos", "-o",
                           str(target)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, preexec_fn=limit,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert done.returncode == 2, done.stderr
    err = done.stderr.strip().splitlines()
    assert len(err) == 1 and str(target) in err[0] and "cannot write" in err[0], err
    assert target.read_text() == "OLD\n"
    assert [p.name for p in tmp_path.iterdir()] == ["sub.efg"]
