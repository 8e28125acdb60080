"""Issue 15: BargainingProblem is used only through its public interface.

Outside ``solver/representations/bargaining/`` no code reads a private attribute of a
bargaining problem, and no code branches on its ``kind``: the kinds are subclasses, and
algorithms tell them apart by dispatching on the class.
"""

from __future__ import annotations

import ast
import dataclasses
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from solver.representations.bargaining import (
    BargainingProblem,
    FrontierProblem,
    PolygonProblem,
)

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "solver" / "representations" / "bargaining"
KINDS = {"polygon", "frontier"}


def _private_names() -> set[str]:
    """Every private (single-underscore) attribute of the problem classes, fields included."""
    names: set[str] = set()
    for cls in (BargainingProblem, PolygonProblem, FrontierProblem):
        names |= set(vars(cls))
        if dataclasses.is_dataclass(cls):
            names |= {f.name for f in dataclasses.fields(cls)}
    return {n for n in names if n.startswith("_") and not n.endswith("__")}


PRIVATE = _private_names()


@cache
def _sources() -> tuple[tuple[str, ast.Module], ...]:
    """(name, syntax tree) of every Python file and notebook code cell outside the package."""
    return tuple((name, ast.parse(src)) for name, src in _texts())


def _texts() -> Iterator[tuple[str, str]]:
    for top in ("solver", "tests", "docs", "benchmarks", "games"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if PACKAGE not in path.parents:
                yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for i, cell in enumerate(cells):
            if cell["cell_type"] == "code":
                src = "".join(cell["source"])
                # IPython magics are not Python
                lines = [ln for ln in src.splitlines() if not ln.lstrip().startswith(("%", "!"))]
                yield f"{path.relative_to(ROOT)}[{i}]", "\n".join(lines)


def private_access(tree: ast.AST) -> list[tuple[int, str]]:
    """Lines reading a private problem attribute: ``x._ir`` or ``getattr(x, "_ir")``."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in PRIVATE:
            out.append((node.lineno, node.attr))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)
              and getattr(node.func, "id", getattr(node.func, "attr", "")) in
              ("getattr", "setattr", "hasattr", "__setattr__")
              and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)
              and node.args[1].value in PRIVATE):
            out.append((node.lineno, str(node.args[1].value)))
    return out


def _names_a_kind(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in KINDS
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_names_a_kind(e) for e in node.elts)
    return False


def kind_comparisons(tree: ast.AST, *, branches_only: bool) -> list[int]:
    """Lines comparing ``x.kind`` with "polygon" or "frontier" (with ``branches_only``, only
    in the condition of an ``if``, a conditional expression, a ``while`` or a comprehension),
    and lines of ``match x.kind:``."""
    out = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Match)
           and isinstance(node.subject, ast.Attribute) and node.subject.attr == "kind"]
    if branches_only:
        conditions: list[ast.AST] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.If | ast.IfExp | ast.While):
                conditions.append(node.test)
            elif isinstance(node, ast.comprehension):
                conditions.extend(node.ifs)
        nodes = [n for c in conditions for n in ast.walk(c)]
    else:
        nodes = list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Attribute) and s.attr == "kind" for s in sides) and any(
                _names_a_kind(s) for s in sides
            ):
                out.append(node.lineno)
    return sorted(out)


def test_the_scanners_find_what_they_look_for() -> None:
    """The checks below would fail on the code issue 15 found (so they can fail)."""
    old = ast.parse(
        "chain = pareto_chain(problem._ir)\n"
        "lo = max(problem._peak, 0)\n"
        "poly = getattr(problem, '_feasible')\n"
        "if problem.kind == 'polygon':\n    pass\n"
        "x = 1 if p.kind in ('frontier',) else 2\n"
        "match problem.kind:\n    case 'polygon':\n        pass\n"
    )
    assert {"_ir", "_peak", "_feasible"} <= PRIVATE
    assert sorted(private_access(old)) == [(1, "_ir"), (2, "_peak"), (3, "_feasible")]
    assert kind_comparisons(old, branches_only=True) == [4, 6, 7]
    assert kind_comparisons(ast.parse("assert p.kind == 'polygon'"), branches_only=True) == []
    assert kind_comparisons(ast.parse("ok = p.kind == 'polygon'"), branches_only=False) == [1]


def test_no_private_attribute_of_a_problem_is_read_outside_its_package() -> None:
    found = [f"{name}:{line} .{attr}" for name, tree in _sources()
             for line, attr in private_access(tree)]
    assert found == []


@pytest.mark.parametrize("where", ["code", "tests"])
def test_no_branch_on_the_kind_of_a_problem_outside_its_package(where: str) -> None:
    """Library code may not even compare a kind; tests may assert it, but not branch on it."""
    found = []
    for name, tree in _sources():
        is_test = name.startswith("tests/")
        if is_test == (where == "tests"):
            found += [f"{name}:{line}" for line in kind_comparisons(tree, branches_only=is_test)]
    assert found == []
