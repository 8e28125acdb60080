"""The shared result shapes, and the public functions that now return them (issue 15)."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pytest

from solver._core.errors import InputError
from solver._core.results import Certified, EquilibriumSet
from solver.algorithms.bargaining.threats import zero_sum_value
from solver.algorithms.extensive.backward_induction import (
    SubgamePerfectEquilibria,
    subgame_perfect,
)
from solver.algorithms.extensive.bayesian import (
    PerfectBayesianEquilibria,
    perfect_bayesian_equilibria,
)
from solver.algorithms.nash.zero_sum import ZeroSumValue
from solver.algorithms.openings.opening_batch import OpeningBatch, nash_openings_batch
from solver.algorithms.openings.opening_program import (
    OPENING_TOL,
    OpeningProblem,
    nash_openings,
)
from solver.representations.tree import Chance, Decision, GameTree, Outcome

TIED = GameTree(Decision("A", {"x": Outcome((1, 0)), "y": Outcome((1, 2))}), players=("A", "B"))


def test_an_equilibrium_set_reads_as_the_tuple_it_replaces() -> None:
    s = EquilibriumSet(("a", "b", "c"), method="m", parameters={"tol": 0})
    first, *rest = s
    assert (first, rest, s[1:], len(s), s[-1]) == ("a", ["b", "c"], ("b", "c"), 3, "c")
    assert s == ("a", "b", "c") and s != ("a",) and s != ["a", "b", "c"]
    assert s == EquilibriumSet(("a", "b", "c"), method="m", parameters={"tol": 0})
    assert s != EquilibriumSet(("a", "b", "c"), method="other", parameters={"tol": 0})


def test_an_equilibrium_set_is_frozen_and_keeps_no_reference_to_its_arguments() -> None:
    params = {"tol": 0}
    s = EquilibriumSet(["a"], method="m", parameters=params)  # type: ignore[arg-type]
    params["tol"] = 1
    assert s.parameters["tol"] == 0 and isinstance(s.equilibria, tuple)
    with pytest.raises(TypeError):
        s.parameters["tol"] = 2  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.method = "n"  # type: ignore[misc]


def test_subgame_perfect_records_its_method_and_parameters() -> None:
    spe = subgame_perfect(TIED, tol=0)
    assert isinstance(spe, SubgamePerfectEquilibria)
    assert len(spe) == 2 and [e.path for e in spe] == [("x",), ("y",)]
    assert dict(spe.parameters) == {"tol": 0, "max_equilibria": 100_000, "mixed": False}
    assert spe.method.startswith("backward induction") and "mixed" not in spe.method
    assert spe.complete and "best reply" in spe.certificate
    assert "tree_equilibria" in subgame_perfect(TIED, mixed=True).method


def test_perfect_bayesian_equilibria_record_their_method_and_parameters() -> None:
    def sender(fight: tuple[int, int]) -> Decision:
        return Decision("S", {"Quiet": Outcome((0, 0)), "Challenge": Decision(
            "R", {"Yield": Outcome((1, -1)), "Fight": Outcome(fight)}, infoset="R")})

    tree = GameTree(Chance({"strong": (sender((1, -2)), Fraction(1, 3)),
                            "weak": (sender((-1, 1)), Fraction(2, 3))}))
    pbe = perfect_bayesian_equilibria(tree, tol=1e-7)
    assert isinstance(pbe, PerfectBayesianEquilibria) and len(pbe) == 1
    assert dict(pbe.parameters) == {"tol": 1e-7} and pbe.complete
    assert "Bayes" in pbe.certificate and pbe[0].beliefs["R"]


@pytest.mark.parametrize("M", [[[1, -1], [-1, 1]], [[3, 0, 2], [1, 2, 0]], [[0, 0], [0, 0]],
                               [[2.5]]])
def test_zero_sum_value_is_certified_and_unpacks_as_before(M: list[list[float]]) -> None:
    z = zero_sum_value(M)
    assert isinstance(z, ZeroSumValue) and isinstance(z, Certified)
    v, x, y = z
    assert (v, x, y) == (z.value, z.row, z.col) and z[0] == v and len(z) == 3
    assert z.is_certified(1e-9) and set(z.residuals) == {"row", "col"}
    m = np.asarray(M, dtype=float)
    assert float((x @ m).min()) == pytest.approx(v, abs=1e-9)
    assert float((m @ y).max()) == pytest.approx(v, abs=1e-9)
    assert not x.flags.writeable


def test_a_certificate_that_fails_is_seen() -> None:
    z = ZeroSumValue.certify([[1, 0], [0, 1]], 0.5, [1.0, 0.0], [0.5, 0.5], method="wrong")
    assert z.residuals["row"] == pytest.approx(0.5) and not z.is_certified(1e-9)
    with pytest.raises(InputError, match=r"^is_certified\(\): tol must be >= 0"):
        z.is_certified(-1.0)


def test_opening_solution_residuals_are_a_mapping_like_a_bargaining_solution() -> None:
    sol = nash_openings(OpeningProblem.build(values=[6.0], costs=[3.0], curvatures=[1.0],
                                             disagreement=(-2.0, -4.0)))
    assert set(sol.residuals) == {"kkt"} and sol.max_residual == sol.residuals["kkt"]
    assert sol.is_certified(OPENING_TOL)
    none = nash_openings(OpeningProblem.build(values=[1.0], costs=[3.0], curvatures=[1.0],
                                              disagreement=(2.0, 0.0)))
    assert not none.agreement and dict(none.residuals) == {} and none.max_residual == 0.0


def test_the_opening_batch_is_a_frozen_record() -> None:
    out = nash_openings_batch(values=np.array([[6.0], [6.0]]), costs=np.array([[3.0], [3.0]]),
                              curvatures=np.ones((2, 1)), lower=np.zeros((2, 1)),
                              upper=np.ones((2, 1)),
                              disagreement=np.array([[-2.0, -4.0], [-1.0, 0.0]]))
    assert isinstance(out, OpeningBatch)
    agree, x, r = out
    assert agree.tolist() == [True, False] and out.certified().tolist() == [True, True]
    assert dict(out.parameters) == {"weights": (0.5, 0.5), "iterations": 64}
    assert not (out.openings.flags.writeable or out.kkt_residuals.flags.writeable)


def test_batch_backward_induction_is_a_frozen_record() -> None:
    from solver.algorithms.extensive.backward_induction import (
        BatchSolution,
        batch_backward_induction,
    )

    t = GameTree(Decision("A", {"x": Outcome((1, 0)), "y": Outcome((0, 1))}), players=("A", "B"))
    out = batch_backward_induction(t, {("x",): np.array([[1.0, 0], [0, 0]]),
                                       ("y",): np.array([[0.0, 1], [2, 1]])}, tol=1e-6)
    assert isinstance(out, BatchSolution) and dict(out.parameters) == {"tol": 1e-6}
    pay, where = out
    assert pay.tolist() == [[1.0, 0.0], [2.0, 1.0]] and where.tolist() == [0, 1]
    assert not (out.payoffs.flags.writeable or out.terminal.flags.writeable)
