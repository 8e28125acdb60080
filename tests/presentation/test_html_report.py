"""The one-file HTML report: written atomically, self-contained, and rendered by Chromium."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from solver.presentation.cli import main
from tests.tools import require_program


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    path = folder / "report.html"
    assert main(["report", "-o", str(path)]) == 0
    return path


@pytest.mark.slow  # its fixture writes the whole report (every table, figure and tree)
def test_report_is_one_self_contained_file(report: Path) -> None:
    assert [p.name for p in report.parent.iterdir()] == ["report.html"]  # no temporary left
    text = report.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    # Nothing is loaded from elsewhere: no scripts, stylesheets or images by reference.
    assert not re.search(r"<(script|link|img)\b", text)
    assert not re.search(r"""\b(src|href)=["'](https?:|//|file:)""", text)
    for name in ("sectors", "lenses", "openings", "agendas"):
        assert f'id="table-{name}"' in text
    assert 'id="table-parameters"' in text and 'id="table-protocol"' in text
    assert text.count("<svg") >= 8  # the agendas, six frontiers, the tree
    assert "Section 301" in text  # a parameter's source
    assert "22 of 30" in text  # the record scorecard


@pytest.mark.slow  # starts Chromium
def test_report_renders_in_headless_chromium(report: Path, tmp_path: Path) -> None:
    chromium = require_program("chromium", "chromium-browser", packages="chromium")
    shot = tmp_path / "report.png"
    res = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--enable-logging=stderr", "--window-size=1280,3000", f"--screenshot={shot}",
         report.as_uri()], capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 0, res.stderr[-2000:]
    console = [ln for ln in res.stderr.splitlines() if "CONSOLE" in ln or "Uncaught" in ln]
    assert console == []
    assert shot.stat().st_size > 100_000  # a page of tables and figures, not a blank one
    from PIL import Image

    with Image.open(shot) as im:
        assert im.size == (1280, 3000)
        colours = im.convert("L").getcolors(maxcolors=1 << 16)
    assert colours is not None and len(colours) > 50  # text and figures, not one colour


def test_format_html_is_a_page_of_the_same_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>")
    assert 'id="table-agendas"' in page and 'id="table-openings"' in page
    assert 'id="table-sectors"' not in page  # compare: the agendas only
    assert "<td class=\"num\">3.592</td>" in page  # as the text prints it
