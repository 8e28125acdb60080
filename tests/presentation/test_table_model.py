"""One table object, six renderings: every format of every table shows the same rows, columns
and values (after its formatting)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pandas as pd
import pytest

from solver import Protocol, analyse_negotiation, load_scenario, solve_talks
from solver.presentation.cli import main
from solver.presentation.doubt_report import doubt_tables
from solver.presentation.report import negotiation_tables
from solver.presentation.table import MISSING, TABLE_SCHEMA, Column, Table
from solver.presentation.tables import WIDTH
from tests.tools import require_program

SC = load_scenario()


def _tables() -> list[Table]:
    analysis = analyse_negotiation(SC)
    talks = solve_talks(SC, Protocol(rounds=2, types="resolve"), "piecemeal")
    return [*negotiation_tables(analysis), *doubt_tables(talks, SC)]  # type: ignore[arg-type]


TABLES = _tables()
IDS = [t.name for t in TABLES]


def _unlatex(cell: str) -> str:
    named = {"textless": "<", "textgreater": ">", "textbar": "|", "textbackslash": "\\"}
    cell = re.sub(r"\\(textless|textgreater|textbar|textbackslash)\{\}",
                  lambda m: named[m.group(1)], cell.strip())
    return re.sub(r"\{([\[\]])\}", r"\1", re.sub(r"\\([_$%&#{}])", r"\1", cell))


def _from_markdown(text: str) -> tuple[list[str], list[list[str]]]:
    lines = [ln for ln in text.splitlines() if ln.startswith("|")]
    # A Markdown reader's view: backslash escapes and HTML entities undone.
    split = [[html.unescape(re.sub(r"\\(.)", r"\1", c.strip()))
              for c in re.split(r"(?<!\\)\|", ln)[1:-1]] for ln in lines]
    return split[0], split[2:]


def _from_latex(text: str) -> tuple[list[str], list[list[str]]]:
    lines = text.splitlines()
    body = lines[lines.index(r"\midrule") + 1:lines.index(r"\bottomrule")]
    head = lines[lines.index(r"\toprule") + 1]
    cut = [ln.removesuffix(r" \\").split(" & ") for ln in [head, *body]]
    return [_unlatex(c) for c in cut[0]], [[_unlatex(c) for c in r] for r in cut[1:]]


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.heads: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "tr" and self._in is None:
            self.rows.append([])
        if tag in ("td", "th"):
            self._in = tag
            (self.heads if tag == "th" else self.rows[-1]).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "td":
            self.rows[-1][-1] += data
        elif self._in == "th":
            self.heads[-1] += data


@pytest.mark.parametrize("table", TABLES, ids=IDS)
def test_every_format_has_the_same_cells(table: Table) -> None:
    cells = table.cells()
    labels = [c.flat_label for c in table.columns]
    # Markdown
    heads, rows = _from_markdown(table.to_markdown())
    assert heads == [c.heading for c in table.columns] and rows == cells
    # LaTeX
    heads, rows = _from_latex(table.to_latex())
    assert heads == labels and rows == cells
    # CSV
    read = list(csv.reader(io.StringIO(table.to_csv())))
    assert read[0] == [c.heading for c in table.columns] and read[1:] == cells
    # HTML
    parser = _Cells()
    parser.feed(table.to_html())
    assert [r for r in parser.rows if r] == cells
    assert parser.heads == [c.flat_label + c.unit for c in table.columns]
    # JSON: the printed value, or null where the text prints "-"
    doc = json.loads(json.dumps(table.to_json()))
    jsonschema.validate(doc, TABLE_SCHEMA)
    assert [c["key"] for c in doc["columns"]] == [c.key for c in table.columns]
    for jrow, crow in zip(doc["rows"], cells, strict=True):
        for col, v, text in zip(table.columns, jrow, crow, strict=True):
            if v is None:
                assert text == MISSING
            elif col.kind == "bool":
                assert text == ("yes" if v else "no")
            else:
                assert col.format(v) == text
    # text: each row holds its cells in order, and fits the page
    lines = table.to_text().splitlines()
    for row in cells:
        line = next(ln for ln in lines if ln.startswith(row[0] + " "))
        pos = 0
        for cell in row:
            pos = line.index(cell, pos) + len(cell)
    assert max(len(ln) for ln in lines) <= WIDTH


def test_csv_reads_back_with_pandas_as_one_table() -> None:
    table = next(t for t in TABLES if t.name == "agendas")
    frame = pd.read_csv(io.StringIO(table.to_csv()), na_values=[MISSING])
    assert list(frame.columns) == [c.heading for c in table.columns]
    assert len(frame) == len(table.rows)
    assert frame["u US ($B/yr)"].dtype.kind == "f"


def test_missing_values_are_a_dash_and_null_never_a_number() -> None:
    col = Column("round", "round", kind="int")
    assert col.format(None) == col.format(float("nan")) == MISSING
    assert col.value(None) is None
    assert Column("x", "x").format(-0.0001) == "0.000"  # no "-0.000"
    with pytest.raises(ValueError, match="kind must be one of"):
        Column("x", "x", kind="percent")
    with pytest.raises(ValueError, match="row 0 has 1 cells for 2 columns"):
        Table("t", "T", (Column("a", "a"), Column("b", "b")), ((1.0,),))


def test_latex_has_nothing_unescaped() -> None:
    for table in TABLES:
        body = [ln for ln in table.to_latex().splitlines() if not ln.startswith("%")]
        for line in body:
            assert not re.findall(r"(?<!\\)[_$%#]", line.replace(" & ", " ")), line


def test_csv_is_one_table_per_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Several tables to stdout as CSV are refused (exit 2, nothing written); -o DIR writes
    one file per table; --table NAME prints one; --raw prints the unrounded frame."""
    assert main(["--format", "csv"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--table NAME" in err[0] and "sectors, lenses" in err[0]
    out = tmp_path / "tables"
    assert main(["compare", "--format", "csv", "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["agendas.csv", "openings.csv"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    capsys.readouterr()
    assert main(["compare", "--format", "csv", "--table", "agendas"]) == 0
    assert capsys.readouterr().out == (out / "agendas.csv").read_text(encoding="utf-8")
    assert main(["compare", "--format", "csv", "--table", "agendas", "--raw"]) == 0
    raw = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert "payoff_sender" in raw.columns
    assert main(["compare", "--format", "csv", "--table", "nope"]) == 2
    assert "no such table" in capsys.readouterr().err
    assert main(["compare", "--raw"]) == 2
    assert "--raw" in capsys.readouterr().err


def test_json_tables_are_the_printed_values(capsys: pytest.CaptureFixture[str]) -> None:
    from solver.presentation.json_output import SCHEMAS

    assert main(["--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, SCHEMAS[doc["schema"]])
    assert [t["name"] for t in doc["tables"]] == ["sectors", "lenses", "openings", "agendas"]
    assert main(["--format", "json", "--table", "agendas"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert one == doc["tables"][3]
    assert main(["--format", "text", "--table", "agendas"]) == 0
    text = capsys.readouterr().out
    for row in one["rows"]:
        line = next(ln for ln in text.splitlines() if ln.startswith(row[0] + " "))
        assert f"{row[1]:.3f}" in line


@pytest.mark.slow  # runs pdflatex
def test_latex_of_every_table_compiles(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    pdflatex = require_program("pdflatex", packages="texlive-latex-base "
                               "texlive-latex-recommended")
    assert main(["--format", "latex"]) == 0
    cli = capsys.readouterr().out
    body = cli + "\n\n" + "\n\n".join(t.to_latex() for t in TABLES)
    doc = tmp_path / "tables.tex"
    doc.write_text("\\documentclass{article}\\usepackage{booktabs}\\usepackage[margin=1cm,"
                   "landscape]{geometry}\\begin{document}\\tiny\n" + body
                   + "\n\\end{document}\n", encoding="utf-8")
    run = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error",
                          doc.name], cwd=tmp_path, capture_output=True, text=True,
                         timeout=120, check=False)
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "tables.pdf").stat().st_size > 10_000
