"""The import direction of every module against the rule drawn in docs/architecture.md.

The rule is read from the ``<!-- import-rules -->`` block of the document, so the drawing
and the code cannot drift apart: a new import that crosses a layer fails here, and so does
a rule the document states that names a package which does not exist.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"


def import_rules() -> dict[str, frozenset[str]]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- import-rules -->", 1)[1].split("```text", 1)[1].split("```", 1)[0]
    rules: dict[str, frozenset[str]] = {}
    for line in block.strip().splitlines():
        package, _, allowed = line.partition(":")
        names = allowed.split()
        rules[package.strip()] = frozenset(() if names == ["-"] else names)
    return rules


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def owner(module: str, packages: frozenset[str] | dict[str, frozenset[str]]) -> str | None:
    """The longest listed package that prefixes ``module`` (None: the front door)."""
    best = None
    for p in packages:
        if (module == p or module.startswith(p + ".")) and (best is None or len(p) > len(best)):
            best = p
    return best


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every absolute ``solver`` import in the file, wherever it sits, as full names."""
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: relative import"
            assert node.module is not None
            # ``from solver.algorithms import nash`` imports the subpackage nash.
            out += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return [(n, m) for n, m in out if m == "solver" or m.startswith("solver.")]


RULES = import_rules()
MODULES = sorted(p for p in (ROOT / "solver").rglob("*.py"))


def test_the_rules_name_real_packages() -> None:
    for package, allowed in RULES.items():
        for name in {package} | allowed:
            assert (ROOT / Path(*name.split("."))).is_dir(), f"{name} is not a package"
    # Every package on disk has a rule: none is left out of the drawing.
    on_disk = {module_name(p.parent / "__init__.py")
               for p in (ROOT / "solver").rglob("__init__.py")}
    assert on_disk - {"solver"} == set(RULES)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_follow_the_layers(path: Path) -> None:
    me = owner(module_name(path), RULES)
    if me is None:  # solver/__init__.py and __main__.py: the front door
        return
    allowed = RULES[me] | {me}
    bad = []
    for line, name in imported_modules(path):
        target = owner(name, RULES)
        if target is None:  # ``import solver`` or ``from solver import x``
            bad.append(f"line {line}: {name} (the front door)")
        elif target not in allowed:
            bad.append(f"line {line}: {name} ({target})")
    assert not bad, f"{module_name(path)} ({me}) imports across the layers: {bad}"


def test_owner_picks_the_longest_package() -> None:
    rules = {"solver.model": frozenset(), "solver.model.doubt": frozenset()}
    assert owner("solver.model.doubt.resolve_game", rules) == "solver.model.doubt"
    assert owner("solver.model.doubtful", rules) == "solver.model"
    assert owner("solver.presentation.cli", rules) is None
