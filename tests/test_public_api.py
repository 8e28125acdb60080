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

#: Bargaining callables still lacking a section: left for the BargainingProblem rewrite
#: (issue 15 item 2), which replaces these modules' interfaces.
PENDING_BARGAINING = frozenset({
    "solver.algorithms.bargaining.axiomatic.egalitarian",
    "solver.algorithms.bargaining.axiomatic.kalai_smorodinsky",
    "solver.algorithms.bargaining.axiomatic.utilitarian",
    "solver.algorithms.bargaining.bundle_offer.offer_residual",
    "solver.algorithms.bargaining.certificate.certify",
    "solver.algorithms.bargaining.certificate.leximin_point",
    "solver.algorithms.bargaining.certificate.max_min_gain",
    "solver.algorithms.bargaining.threats.zero_sum_value",
})

#: Other public callables still lacking a numpydoc section (issue 15 item 6). This list only
#: shrinks: a name leaves it when its docstring is complete, and the test fails while a
#: listed name already passes, so the list cannot go stale.
PENDING = frozenset({
    "solver._core.tabular.compact_html",
    "solver._core.tabular.format_mixed",
    "solver.algorithms.extensive.backward_induction.batch_backward_induction",
    "solver.algorithms.extensive.bayesian.bayes_beliefs",
    "solver.algorithms.extensive.belief_cells.BeliefCell",
    "solver.algorithms.extensive.belief_cells.best_reply_cells",
    "solver.algorithms.extensive.open_sets.bottom_up",
    "solver.algorithms.extensive.open_sets.candidates",
    "solver.algorithms.extensive.open_sets.fill_open_sets",
    "solver.algorithms.extensive.open_sets.greedy_fill",
    "solver.algorithms.extensive.open_sets.smallest_subgame",
    "solver.algorithms.extensive.open_sets.weight",
    "solver.algorithms.extensive.reduced_normal_form.equilibrium_profiles",
    "solver.algorithms.extensive.reduced_normal_form.plan_counts",
    "solver.algorithms.extensive.tree_equilibria.subgame_regrets",
    "solver.algorithms.nash.dominance.Elimination",
    "solver.algorithms.nash.dominance.Removal",
    "solver.algorithms.nash.enumeration.Budget",
    "solver.algorithms.nash.enumeration.complete_pairs",
    "solver.algorithms.nash.enumeration.complete_profiles",
    "solver.algorithms.nash.enumeration.exact_face_pairs",
    "solver.algorithms.nash.enumeration.float_pairs",
    "solver.algorithms.nash.lemke_howson.lemke_howson_path",
    "solver.algorithms.nash.lemke_howson.lemke_howson_profiles",
    "solver.algorithms.nash.scale.prepared",
    "solver.algorithms.nash.scale.snapped",
    "solver.algorithms.nash.vertex.match_complements",
    "solver.algorithms.nash.vertex.match_labels",
    "solver.algorithms.nash.vertex.upper_bound_vertices",
    "solver.algorithms.nash.vertex.vertex_pairs",
    "solver.algorithms.openings.opening_program.frontier_ends",
    "solver.algorithms.openings.opening_program.frontier_root",
    "solver.algorithms.openings.opening_program.kkt_residuals",
    "solver.algorithms.openings.opening_program.nash_openings_batch",
    "solver.algorithms.openings.package_concepts.concept_openings",
    "solver.algorithms.openings.package_concepts.concept_residual",
    "solver.algorithms.openings.package_concepts.frontier_residual",
    "solver.algorithms.openings.package_frontier.FrontierStep",
    "solver.algorithms.openings.package_frontier.PackageFrontier",
    "solver.algorithms.openings.package_frontier.PackageNash",
    "solver.algorithms.openings.package_frontier.SectorFrontier",
    "solver.algorithms.openings.package_frontier.discrete_levels",
    "solver.algorithms.openings.package_frontier.nash_on_frontier",
    "solver.algorithms.openings.package_frontier.nash_residual",
    "solver.algorithms.openings.package_frontier.package_frontier",
    "solver.algorithms.openings.package_frontier.sector_frontier",
    "solver.model.bundle_game.solve_bundle",
    "solver.model.bundle_game.step",
    "solver.model.doubt.resolve_rounds.Continuation",
    "solver.model.doubt.resolve_rounds.RoundPlay",
    "solver.model.doubt.resolve_rounds.SectorParams",
    "solver.model.doubt.resolve_rounds.sender_round",
    "solver.model.doubt.resolve_rounds.target_round",
    "solver.model.free_agenda.solve_free",
    "solver.model.sanction_game.checked_params",
    "solver.model.sanction_game.one_row",
    "solver.model.sanction_game.sanction_subtree",
    "solver.model.sanction_subgame.batch_threats",
    "solver.model.sanction_subgame.terminal_payoffs",
    "solver.model.symbolic.brw_limit",
    "solver.model.symbolic.comparative_statics",
    "solver.model.symbolic.stahl_opening",
    "solver.model.symbolic.subgame_path",
    "solver.model.symbolic.subgame_threat_point",
    "solver.model.symbolic.tioli_opening",
    "solver.model.symbolic.to_numpy",
    "solver.presentation.cli.main",
    "solver.presentation.cli_args.build_parser",
    "solver.presentation.cli_args.split_command",
    "solver.presentation.doubt_plot.plot_bytes",
    "solver.presentation.html_report.full_report",
    "solver.presentation.html_report.html_page",
    "solver.presentation.html_report.negotiation_page",
    "solver.presentation.html_report.protocol_table",
    "solver.presentation.html_report.scenario_table",
    "solver.presentation.json_output.sweep_document",
    "solver.presentation.json_output.tables_document",
    "solver.presentation.output_files.plot_target",
    "solver.presentation.output_files.rows_target",
    "solver.presentation.output_files.write_atomic",
    "solver.presentation.report.agenda_report",
    "solver.presentation.report.agenda_tables",
    "solver.presentation.report.doubt_document",
    "solver.presentation.report.doubt_frame",
    "solver.presentation.report.doubt_notes",
    "solver.presentation.report.doubt_report",
    "solver.presentation.report.doubt_rounds_frame",
    "solver.presentation.report.doubt_tables",
    "solver.presentation.report.doubt_title",
    "solver.presentation.report.negotiation_report",
    "solver.presentation.report.negotiation_tables",
    "solver.presentation.report.sector_report",
    "solver.presentation.report.sector_tables",
    "solver.presentation.table.Column",
    "solver.presentation.table.Table",
    "solver.presentation.tables.format_notes",
    "solver.presentation.tables.render_text",
    "solver.representations.io.efg.gambit_label_problem",
    "solver.representations.io.gambit_lexer.Tok",
    "solver.representations.io.gambit_lexer.normalise_labels",
    "solver.representations.io.gambit_lexer.number_value",
    "solver.representations.io.gambit_lexer.tokenize",
    "solver.representations.io.nfg.NfgData",
    "solver.representations.io.nfg.parse_nfg",
    "solver.representations.io.nfg.write_nfg",
    "solver.representations.tree.format_path",
})


#: Callables added by the parallel BargainingProblem and validation/result-type work of
#: issue 15, which landed after the docstring pass: the same shrinking rule applies.
PENDING_LATE = frozenset({
    "solver._core.tabular.one_line",
    "solver._core.tabular.short_value",
    "solver._core.tabular.csv_cell",
    "solver._core.tabular.csv_frame",
    "solver._core.tabular.latex_escape",
    "solver._core.tabular.markdown_escape",
    "solver._core.tabular.plain_text",
    "solver.representations.io.gambit_lexer.check_number_text",
    "solver.representations.io.gambit_lexer.read_game_file",
    "solver._core.arrays.readonly",
    "solver._core.results.Certified",
    "solver._core.results.frozen_mapping",
    "solver._core.validation.Interval",
    "solver._core.validation.check_in",
    "solver._core.validation.check_number",
    "solver._core.validation.check_sums_to_one",
    "solver._core.validation.check_weights",
    "solver._core.validation.discount",
    "solver._core.validation.nonnegative",
    "solver._core.validation.positive",
    "solver._core.validation.probability",
    "solver.algorithms.bargaining.offer_frontier.OfferFrontier",
    "solver.algorithms.bargaining.offer_frontier.offer_frontier",
    "solver.algorithms.bargaining.offer_frontier.pie",
    "solver.algorithms.bargaining.offer_frontier.to_floats",
    "solver.algorithms.extensive.backward_induction.BatchSolution",
    "solver.algorithms.extensive.backward_induction.SubgamePerfectEquilibria",
    "solver.algorithms.nash.zero_sum.ZeroSumValue",
    "solver.algorithms.openings.opening_program.OpeningBatch",
    "solver.model.sanction_subgame.sector_terminals",
    "solver.representations.bargaining.frontier.frontier_slope",
    "solver.representations.bargaining.geometry.clip",
    "solver.representations.bargaining.geometry.contains",
    "solver.representations.bargaining.geometry.hull",
    "solver.representations.bargaining.geometry.pareto_chain",
    "solver.representations.bargaining.geometry.ray_exit",
    "solver.representations.bargaining.geometry.to_fraction",
    "solver.representations.bargaining.geometry.upper_slopes",
    "solver.representations.bargaining.geometry.upper_value",
    "solver.representations.bargaining.problem.read_number",
    "solver.representations.bargaining.problem.read_pair",
})


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
    if qualname in PENDING | PENDING_BARGAINING | PENDING_LATE:
        assert missing, f"{qualname} is complete now: remove it from the pending list"
        return
    assert not missing, f"{qualname}: no numpydoc {', '.join(missing)} section"


def test_result_types_exist() -> None:
    assert {q.rsplit(".", 1)[1] for q in CALLABLES} >= RESULT_TYPES


def test_pending_names_exist() -> None:
    assert set(CALLABLES) >= PENDING | PENDING_BARGAINING | PENDING_LATE


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
