"""The public API: every name in ``solver.__all__`` exists and is documented, and every public
callable (in ``solver.__all__`` and in the ``__all__`` of every module below it) has a
numpydoc docstring whose sections numpydoc itself parses: Parameters (when it takes any),
Returns (functions) and Examples, which ``--doctest-modules`` then runs. Result classes,
which users receive from the solver's functions rather than build, may be documented by an
Attributes section instead.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from numpydoc.docscrape import ClassDoc, FunctionDoc, NumpyDocString

import solver

ROOT = Path(solver.__file__).resolve().parent

#: Result types: built by the solver's functions (users receive them), so an Attributes
#: section documents them; users who build one directly are the exception.
RESULT_TYPES = {
    "BargainingSolution", "Component", "Equilibrium", "IncredibleThreat", "InfoSet",
    "NashResult", "NegotiationAnalysis", "OpeningProblem", "OpeningSolution", "PBECheck",
    "Parameter", "PerfectBayesianEquilibrium", "ReducedNormalForm", "ResolveAnalysis",
    "RubinsteinSolution", "SanctionAnalysis", "SectorAnalysis", "SectorGame", "SectorResult",
    "SubgamePerfectEquilibrium", "Talks", "TargetResolveAnalysis", "TimingScorecard",
    "TreeEquilibria", "TreeEquilibrium", "TypedSectorGame", "TypedTalks",
    "VariableThreatSolution",
}

def _modules() -> Iterator[ModuleType]:
    yield solver
    for info in pkgutil.walk_packages(solver.__path__, "solver."):
        if not info.name.endswith("__main__"):  # importing it would run the CLI
            yield importlib.import_module(info.name)


def _public_callables() -> dict[str, Any]:
    """Every function or class named in an ``__all__`` under ``solver`` and defined in the
    solver, once each, keyed by ``module.qualname`` of its definition."""
    found: dict[str, Any] = {}
    for module in _modules():
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if not getattr(obj, "__module__", "").startswith("solver"):
                continue
            found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return dict(sorted(found.items()))


CALLABLES = _public_callables()


def _takes_parameters(func: Callable[..., Any]) -> bool:
    try:
        params = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False
    return any(name not in ("self", "cls") for name in params)


def _has(doc: NumpyDocString, section: str) -> bool:
    return bool(doc[section])


def missing_sections(obj: Any) -> list[str]:
    """The numpydoc sections ``obj``'s docstring lacks, parsed by numpydoc (not grepped)."""
    if not (inspect.getdoc(obj) or "").strip():
        return ["docstring"]
    missing: list[str] = []
    if inspect.isclass(obj):
        if issubclass(obj, BaseException):  # errors: raised, never built by users
            return []
        doc: NumpyDocString = ClassDoc(obj, config={"show_class_members": False})
        if obj.__name__ in RESULT_TYPES:
            return [] if _has(doc, "Attributes") or _has(doc, "Parameters") else ["Attributes"]
        init = obj.__init__
        if (init is not object.__init__ and _takes_parameters(init)
                and not (_has(doc, "Parameters") or _has(doc, "Attributes"))):
            missing.append("Parameters")
        if not _has(doc, "Examples"):
            missing.append("Examples")
        return missing
    doc = FunctionDoc(obj)
    if _takes_parameters(obj) and not _has(doc, "Parameters"):
        missing.append("Parameters")
    if not (_has(doc, "Returns") or _has(doc, "Yields")):
        missing.append("Returns")
    if not _has(doc, "Examples"):
        missing.append("Examples")
    return missing


def test_the_walk_finds_the_public_callables() -> None:
    assert len(CALLABLES) > 81  # solver.__all__ alone has 81 callables
    for name in ("solver.model.scenario.load_scenario", "solver.representations.tree.GameTree",
                 "solver.algorithms.nash.dispatch.nash_equilibria"):
        assert name in CALLABLES


@pytest.mark.parametrize("qualname", list(CALLABLES))
def test_public_callable_has_numpydoc_sections(qualname: str) -> None:
    missing = missing_sections(CALLABLES[qualname])
    assert not missing, f"{qualname}: no numpydoc {', '.join(missing)} section"


def test_result_types_exist() -> None:
    assert {q.rsplit(".", 1)[1] for q in CALLABLES} >= RESULT_TYPES


# -- every name in solver.__all__ ------------------------------------------------------------


def _defining_source(name: str) -> tuple[Path, int] | None:
    pattern = re.compile(rf"^{re.escape(name)}(: [^=]+)? = ", re.M)
    for path in sorted(ROOT.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        match = pattern.search(text)
        if match:
            return path, text[:match.start()].count("\n")
    return None


@pytest.mark.parametrize("name", solver.__all__)
def test_public_name_is_documented(name: str) -> None:
    """Every name is checked: callables by their numpydoc sections (above) and a runnable
    example, errors by a docstring, modules by a docstring and an ``__all__``, constants by
    a ``#:`` comment where they are defined."""
    obj = getattr(solver, name)
    if inspect.ismodule(obj):
        assert (obj.__doc__ or "").strip(), f"module {name} has no docstring"
        assert getattr(obj, "__all__", None), f"module {name} has no __all__"
    elif inspect.isclass(obj) and issubclass(obj, BaseException):
        assert (inspect.getdoc(obj) or "").strip(), f"{name} has no docstring"
    elif inspect.isfunction(obj) or inspect.isclass(obj):
        doc = inspect.getdoc(obj) or ""
        assert doc.strip(), f"{name} has no docstring"
        if name not in RESULT_TYPES:
            assert ">>>" in doc, f"{name} has no runnable example"
    else:  # a constant: documented by the `#:` comment above its definition
        found = _defining_source(name)
        assert found is not None, f"{name}: no module defines it"
        path, line = found
        above = path.read_text(encoding="utf-8").splitlines()[line - 1]
        assert above.startswith("#:"), f"{name} ({path.name}) has no `#:` comment"
