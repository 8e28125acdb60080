"""Every public result and value type prints as one short line in a terminal (issue 14).

The objects are built from the reference scenario and small games; a public dataclass in
``solver.__all__`` with no example here fails the walk, so a new result type cannot slip
through with the every-field dataclass repr.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import types
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

import solver
from solver._core.tabular import REPR_WIDTH
from solver.algorithms.openings.package_frontier import package_frontier
from solver.model.doubt.sender_types import sender_types

#: The front door and every subpackage's public names, as one namespace.
PACKAGES = ["solver", "solver.model", "solver.model.doubt", "solver.algorithms.nash",
            "solver.algorithms.extensive", "solver.algorithms.bargaining",
            "solver.algorithms.openings", "solver.representations"]
_NAMES = {n: getattr(m, n) for m in map(importlib.import_module, PACKAGES) for n in m.__all__}
S = types.SimpleNamespace(__all__=sorted(_NAMES), **_NAMES)

F = Fraction


def examples() -> dict[str, Any]:
    sc = S.load_scenario()
    p4 = S.Protocol(rounds=4)
    out: dict[str, Any] = {"Scenario": sc, "Protocol": p4, "Sector": sc.sector("autos")}
    out["Parameter"] = dict(sc.sector("autos").provenance)["gain"]
    out["Distribution"] = next(p.distribution for s in sc.sectors for _, p in s.provenance
                               if p.distribution is not None)
    game = S.solve_sector(sc.sector("autos"), p4)
    out["SectorGame"], out["Subgame"] = game, game.subgame
    talks = S.solve_talks(sc, p4, "piecemeal")
    out["Talks"], out["SectorResult"] = talks, talks.sectors["autos"]
    analysis = S.analyse_negotiation(sc)
    out["NegotiationAnalysis"], out["SectorAnalysis"] = analysis, analysis["autos"]
    out["SolutionOpening"] = analysis["autos"].lenses[0]
    out["TypedTalks"] = S.solve_talks(sc, S.Protocol(rounds=2, types="resolve"), "piecemeal")
    typed = S.solve_sector_types(sc.sector("autos"), p4)
    out["TypedSectorGame"], out["PBECheck"] = typed, typed.check
    SG = {"gain": 10, "cost": 4, "loss_target": 6, "loss_sender": 2, "backdown_cost": 3}
    kw: dict[str, Any] = {"discount_sender": F(9, 10), "discount_target": F(9, 10)}
    sanction = S.analyse_sanction_game(**SG, **kw)
    resolve = S.analyse_sanction_game(**SG, resolve=F(1, 4), **kw).incomplete
    out["SanctionAnalysis"], out["ResolveAnalysis"] = sanction, resolve
    assert resolve is not None
    out["PerfectBayesianEquilibrium"] = resolve.pbe[0]
    tree = S.sanction_game_tree(**SG, **kw)
    out["GameTree"] = tree
    out["SubgamePerfectEquilibrium"] = S.subgame_perfect(tree)[0]
    eqs = S.tree_equilibria(tree)
    out["TreeEquilibria"], out["TreeEquilibrium"] = eqs, eqs.equilibria[0]
    out["IncredibleThreat"] = eqs.incredible[0].threats[0]
    out["ReducedNormalForm"] = eqs.reduced
    out["TargetResolveAnalysis"] = target = S.analyse_target_resolve(
        gain=10, cost=4, loss_target=6, loss_sender=8, backdown_cost=2, resolve_target=F(1, 5),
        loss_target_resolute=1,
        discount_sender=F(1, 2), discount_target=F(1, 2))
    out["Chance"] = target.tree.root
    out["TimingScorecard"] = S.score_timing("audience")
    pd_game = S.Bimatrix.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    out["Bimatrix"] = pd_game
    nash = S.nash_equilibria(pd_game)
    out["NashResult"], out["Equilibrium"] = nash, nash.equilibria[0]
    out["Component"] = S.equilibrium_components(
        S.Bimatrix.from_arrays([[1, 1], [0, 0]], [[1, 1], [0, 0]]))[0]
    out["Elimination"] = S.iterated_elimination(pd_game)
    problem = S.BargainingProblem.from_points([(0, 1), (1, 0), (0.8, 0.8)], (0, 0))
    out["BargainingProblem"] = problem
    out["BargainingSolution"] = S.nash_bargaining(problem)
    out["RubinsteinSolution"] = S.rubinstein((0.9, 0.9))
    out["VariableThreatSolution"] = S.variable_threat(pd_game)
    opening = S.OpeningProblem.build(values=[6.0], costs=[3.0], curvatures=[1.0],
                                     disagreement=(-2.0, -4.0))
    out["OpeningProblem"], out["OpeningSolution"] = opening, S.nash_openings(opening)
    out["SubgamePerfectEquilibria"] = S.subgame_perfect(tree)
    out["PerfectBayesianEquilibria"] = S.perfect_bayesian_equilibria(resolve.tree)
    line = S.GameTree(S.Decision("A", {"x": S.Outcome((1, 0)), "y": S.Outcome((0, 1))}),
                      players=("A", "B"))
    out["BatchSolution"] = S.batch_backward_induction(
        line, {("x",): np.array([[1.0, 0], [0, 0]]), ("y",): np.array([[0.0, 1], [2, 1]])})
    out["OpeningBatch"] = S.nash_openings_batch(
        values=np.array([[6.0], [6.0]]), costs=np.array([[3.0], [3.0]]),
        curvatures=np.ones((2, 1)), lower=np.zeros((2, 1)), upper=np.ones((2, 1)),
        disagreement=np.array([[-2.0, -4.0], [-2.0, -4.0]]))
    out["PackageFrontier"] = package_frontier([(2, 1, 1), (1, 2, 1)], 3)
    out["Removal"] = out["Elimination"].removed[0]
    out["SenderType"] = sender_types(sc.sector("autos"), "resolve")[0]
    out["ZeroSumValue"] = S.zero_sum_value([[1, -1], [-1, 1]])
    out["InfoSet"] = tree.infosets[0]
    out["Decision"], out["Outcome"] = tree.root, tree.node(("NoDemand",))
    return out


@pytest.fixture(scope="module")
def objects() -> dict[str, Any]:
    return examples()


def test_every_public_dataclass_has_an_example(objects: dict[str, Any]) -> None:
    public = {n for n in S.__all__ if inspect.isclass(getattr(S, n))
              and dataclasses.is_dataclass(getattr(S, n))}
    assert public - set(objects) == set()


def test_reprs_are_one_short_line(objects: dict[str, Any]) -> None:
    bad = {}
    for name, obj in objects.items():
        assert type(obj).__name__ == name or name in {"Decision", "Outcome", "InfoSet", "Chance",
                                                      "BargainingProblem"}
        text = repr(obj)
        if "\n" in text or len(text) > REPR_WIDTH or not text.startswith(type(obj).__name__):
            bad[name] = (len(text), text[:80])
    assert bad == {}


def test_reprs_round_to_four_significant_digits(objects: dict[str, Any]) -> None:
    import re

    for name in ("SectorGame", "SectorAnalysis", "SectorResult", "Talks", "TypedSectorGame",
                 "SolutionOpening", "OpeningSolution"):
        text = repr(objects[name])
        long_numbers = re.findall(r"\d\.\d{5,}", text)
        assert long_numbers == [], (name, text)
    assert "demand=0.1606" in repr(objects["SectorAnalysis"])


def test_help_of_solver_is_bounded() -> None:
    import pydoc

    text = pydoc.render_doc(solver, renderer=pydoc.plaintext)
    # Measured and reported in notes/issue-14.md; this only guards against a repr or
    # docstring change that multiplies it (issue 14 found 3,794 lines).
    assert len(text.splitlines()) < 6000
