"""Every command on a docs page runs as written, so the docs cannot rot (issue 14).

* Each shell line of a ```sh block in README.md and docs/**/*.md is split at ``&&``; each
  part that runs the solver (``python -m solver``, ``.venv/bin/python -m solver``,
  ``sanction-solver``) runs with this interpreter in a scratch directory and must exit 0
  and print or write something. Every other part must match one of :data:`NOT_RUN`, which
  says why it is not run here; a part that matches neither fails the test.
* Each ```python block runs: doctest blocks (``>>>``) as doctests, one namespace a page
  (the blocks of a page build on each other), and plain blocks with ``exec``. The
  signature blocks of the generated ``docs/api.md`` are compiled as ``def`` headers.
"""

from __future__ import annotations

import doctest
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
         *sorted((ROOT / "docs" / "howto").glob("*.md"))]

#: Shell command parts not run by this test, each with its reason.
NOT_RUN = {
    r"^python3 -m venv \.venv$": "creates the environment this test already runs in",
    r"^\.venv/bin/pip install ": "installs the package; the test runs in the installed one",
    r"^\.venv/bin/ruff check \.$": "the CI command (.ci/run runs it)",
    r"^\.venv/bin/mypy$": "the CI command (.ci/run runs it)",
    r"^\.venv/bin/python -m pytest": "the CI command, which runs this test (.ci/run runs it)",
    r"^\.venv/bin/jupyter lab ": "starts an interactive server; tests/test_notebooks.py "
                                  "executes every notebook",
}
#: Files a command names that the page asks the reader to bring: made from the reference
#: scenario in the scratch directory, so that the command runs as written.
READER_FILES = {"my_case.toml": ROOT / "games" / "us_japan_1994.toml"}
#: Plain Python blocks that need something outside a test run, and how they are run here.
ADAPTED = {
    'Client("tcp://scheduler-host:8786")': (
        "needs a Dask cluster: run against a local in-process one, with 2,000 draws",
        [('Client("tcp://scheduler-host:8786")',
          'Client(LocalCluster(n_workers=1, processes=False))'),
         ("from dask.distributed import Client",
          "from dask.distributed import Client, LocalCluster"),
         ("draws=1_000_000", "draws=2_000")]),
}


def blocks(page: Path, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", page.read_text(encoding="utf-8"),
                      flags=re.S | re.M)


def shell_parts() -> list[tuple[str, str]]:
    parts = []
    for page in PAGES:
        for block in blocks(page, "sh"):
            for line in block.splitlines():
                line = re.sub(r"\s+#.*$", "", line).strip()
                if line:
                    parts += [(page.name, p.strip()) for p in line.split("&&")]
    return parts


SHELL = shell_parts()
RUN = [(page, cmd) for page, cmd in SHELL if not any(re.search(p, cmd) for p in NOT_RUN)]


def test_every_shell_part_is_run_or_listed() -> None:
    solver = re.compile(r"^((\.venv/bin/)?python3? -m solver|sanction-solver)\b")
    assert [cmd for _, cmd in RUN if not solver.search(cmd)] == []
    assert len(RUN) >= 20  # README's command list; a parse that finds none fails here
    skipped = {cmd for _, cmd in SHELL} - {cmd for _, cmd in RUN}
    assert skipped, "the install lines are listed in NOT_RUN"


@pytest.mark.slow
@pytest.mark.parametrize(("page", "cmd"), RUN, ids=[c for _, c in RUN])
def test_shell_command_runs(page: str, cmd: str, tmp_path: Path) -> None:
    argv = shlex.split(cmd)
    if argv[0] == "sanction-solver":
        script = Path(sys.executable).parent / "sanction-solver"
        assert script.exists(), "the console script is installed with the package"
        argv = [str(script), *argv[1:]]
    else:
        argv = [sys.executable, *argv[1:]]
    for name, source in READER_FILES.items():
        if name in argv:
            shutil.copy(source, tmp_path / name)
    res = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=900,
                         env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin",
                              "HOME": str(tmp_path)}, check=False)
    assert res.returncode == 0, f"{page}: {cmd}\n{res.stderr[-2000:]}"
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.name not in READER_FILES]
    assert res.stdout.strip() or written, f"{page}: {cmd} printed and wrote nothing"


def _python_blocks() -> list[tuple[str, int, str]]:
    return [(page.name, i, b) for page in PAGES for i, b in enumerate(blocks(page, "python"))]


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_python_blocks_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    found = blocks(page, "python")
    if page.name == "api.md":
        for b in found:  # signatures: "name(args) -> type", compiled as def headers
            # A dataclass field's default factory is printed as <factory>.
            head = re.sub(r"^class ", "", b.strip()).replace("<factory>", "...")
            head = head.replace("(...)", "(*args, **kwargs)")  # an unknown signature
            src = (f"def {head}: ..." if "->" in head or head.endswith(")")
                   else f"def {head}(): ...")
            compile("from __future__ import annotations\n" + src, page.name, "exec")
        assert found
        return
    globs: dict[str, object] = {"__name__": "__main__"}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for i, b in enumerate(found):
        if ">>>" in b:
            test = parser.get_doctest(b, globs, f"{page.name}[{i}]", str(page), 0)
            result = runner.run(test, clear_globs=False)
            assert result.failed == 0, f"{page.name}: block {i} fails"
            globs.update(test.globs)  # DocTest works on a copy; the next block builds on it
        else:
            for marker, (_, subs) in ADAPTED.items():
                if marker in b:
                    for old, new in subs:
                        b = b.replace(old, new)
            exec(compile(b, f"{page.name}[{i}]", "exec"), globs)
    if "client" in globs:
        globs["client"].close()  # type: ignore[attr-defined]
