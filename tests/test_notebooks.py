"""The documentation runs: every notebook executes from a fresh kernel, is committed clean,
the docs' examples pass, and ``docs/api.md`` is what ``docs/build_api.py`` writes.

Notebooks run with nbclient on the ``python3`` kernel, which jupyter_client starts with the
interpreter running the tests (so the project's own environment, with its ipykernel).
"""

from __future__ import annotations

import doctest
import importlib.util
import time
from pathlib import Path

import nbclient  # the test extra installs nbclient, nbformat, ipykernel and matplotlib
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
DOCS = sorted([*(ROOT / "docs").glob("*.md"), *(ROOT / "docs" / "howto").glob("*.md")])
#: Per-cell limit; the notebooks together run in well under a minute.
CELL_TIMEOUT = 300


def test_the_four_notebooks_exist() -> None:
    names = {p.name for p in NOTEBOOKS}
    assert {"quickstart.ipynb", "framework_talks.ipynb", "credibility.ipynb",
            "sensitivity.ipynb"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_clean(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: cell {i} has stale outputs"
            assert cell.execution_count is None, f"{path.name}: cell {i} has an execution count"


@pytest.mark.slow  # a kernel per notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb = nbformat.read(path, as_version=4)
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel uses its inline backend
    client = nbclient.NotebookClient(
        nb, timeout=CELL_TIMEOUT, kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError on the first failing cell
    elapsed = time.perf_counter() - start
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if "image/png" in o.get("data", {})]
    assert images, f"{path.name}: no figure was displayed"
    print(f"{path.name}: {elapsed:.1f} s")


# -- the docs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_docs_examples_run(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    monkeypatch.setenv("MPLBACKEND", "Agg")
    result = doctest.testfile(
        str(path), module_relative=False, verbose=False, report=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        globs={"__name__": "__main__"},
    )
    assert result.failed == 0, f"{path.name}: {result.failed} of {result.attempted} examples fail"


def _build_api():  # the script, imported as a module
    spec = importlib.util.spec_from_file_location("build_api", ROOT / "docs" / "build_api.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_api_reference_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert committed == _build_api().render(), (
        "docs/api.md is stale: run `python docs/build_api.py`"
    )


def test_api_reference_names_every_public_name() -> None:
    import solver

    text = _build_api().render()
    for name in solver.__all__:
        assert f"`{name}" in text, name
