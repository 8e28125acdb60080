"""The public API: every name in ``solver.__all__`` exists, and every public function (and
every class a user builds directly) has a numpydoc docstring with a runnable example, which
``--doctest-modules`` then runs. Result classes, which users receive rather than build, are
documented by the examples of the functions that return them."""

from __future__ import annotations

import inspect

import pytest

import solver

#: Result types: built by the solver's functions, whose docstrings show them in use.
RESULT_TYPES = {
    "AgendaComparison", "AgendaOutcome", "BargainingSolution", "IncredibleThreat",
    "OpeningSolution", "PerfectBayesianEquilibrium", "ReducedNormalForm", "ResolveAnalysis",
    "RubinsteinSolution", "SanctionAnalysis", "ScenarioAnalysis", "SectorAnalysis",
    "SectorOutcome", "SubgamePerfectEquilibrium", "TargetResolveAnalysis", "TreeEquilibria",
    "TreeEquilibrium", "VariableThreatSolution", "Parameter", "ThreatPoint", "InfoSet",
    "OpeningProblem",
}
ERRORS = {"EfgParseError", "ScenarioFileError", "SolverError", "InputError", "CertificateError"}


@pytest.mark.parametrize("name", solver.__all__)
def test_public_name_is_documented_with_an_example(name: str) -> None:
    obj = getattr(solver, name)
    if not (inspect.isfunction(obj) or inspect.isclass(obj)) or name in ERRORS:
        return
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"{name} has no docstring"
    if name not in RESULT_TYPES:
        assert ">>>" in doc, f"{name} has no runnable example"
