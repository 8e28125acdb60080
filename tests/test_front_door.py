"""The front door and the subpackages' lazy names (PEP 562): every listed name resolves to
the object its module defines, the type checkers' imports list the same names, and
``import solver`` loads none of the heavy libraries."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys

import pytest

import solver

LAZY = sorted(
    m.name for m in pkgutil.walk_packages(solver.__path__, "solver.")
    if m.ispkg and hasattr(importlib.import_module(m.name), "_WHERE")
) + ["solver"]


@pytest.mark.parametrize("package", LAZY)
def test_every_lazy_name_resolves_to_its_definition(package: str) -> None:
    mod = importlib.import_module(package)
    assert sorted(mod.__all__) == sorted(mod._WHERE) == list(mod.__all__)
    for name, where in mod._WHERE.items():
        value = getattr(mod, name)
        home = importlib.import_module(where)
        expected = getattr(home, name, home)
        assert expected is not home or where.endswith("." + name), f"{package}.{name}"
        assert callable(value) or inspect.ismodule(value) or not callable(expected)
        assert value is expected, f"{package}.{name}"
        assert name in dir(mod)
    with pytest.raises(AttributeError, match=f"module '{package}' has no attribute 'nope'"):
        mod.nope  # noqa: B018


@pytest.mark.parametrize("package", LAZY)
def test_type_checking_imports_list_the_same_names(package: str) -> None:
    """The ``if TYPE_CHECKING:`` block names exactly ``__all__``, from the same modules."""
    mod = importlib.import_module(package)
    tree = ast.parse(inspect.getsource(mod))
    block = next(n for n in tree.body if isinstance(n, ast.If)
                 and ast.unparse(n.test) == "TYPE_CHECKING")
    seen = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names:
            seen[alias.asname or alias.name] = node.module
    assert set(seen) == set(mod._WHERE)
    for name, module in seen.items():
        where = mod._WHERE[name]
        assert where in (module, f"{module}.{name}"), (name, module, where)


def test_import_solver_loads_no_heavy_library() -> None:
    code = ("import sys, solver; "
            "print(sorted(m for m in ('sympy', 'matplotlib', 'pandas', 'scipy', 'dask') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_front_door_is_task_level() -> None:
    """About thirty names: the tasks, the errors and two heavy modules; the rest live in
    subpackages (docs/api.md lists both)."""
    assert 30 <= len(solver.__all__) <= 40
    assert not [n for n in solver.__all__ if n.endswith("_TOL")]


@pytest.mark.parametrize("package", LAZY)
def test_no_lazy_name_is_shadowed_by_a_submodule(package: str) -> None:
    """Importing ``pkg.name`` binds the submodule as ``pkg.name``, which would hide a lazy
    function of the same name, so a package never exports one (the front door's ``sweep``
    and ``reduced_normal_form`` live in deeper packages, where this cannot happen)."""
    mod = importlib.import_module(package)
    children = {m.name for m in pkgutil.iter_modules(mod.__path__)}
    for name, where in mod._WHERE.items():
        assert name not in children or where == f"{package}.{name}", f"{package}.{name}"
