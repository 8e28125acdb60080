"""Subgame perfection: known answers, ties, simultaneous subgames, and properties."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings

from solver.algorithms.extensive.backward_induction import subgame_perfect
from solver.algorithms.extensive.reduced_normal_form import reduced_normal_form_with_plans, to_mixed
from solver.algorithms.nash.regret import is_nash, regret
from solver.representations.tree import Chance, Decision, GameTree, Outcome
from tests.algorithms.extensive.spe_check import one_shot_ok
from tests.strategies import perfect_info_trees


def demand_tree() -> GameTree:
    return GameTree(Decision("US", {
        "NoDemand": Outcome((0, 0)),
        "Demand": Decision("Japan", {"Comply": Outcome((3, -3)), "Refuse": Outcome((-1, 0))}),
    }))


def test_public_contract() -> None:
    (spe,) = subgame_perfect(demand_tree())
    assert spe.path == ("NoDemand",)
    assert spe.payoffs == (0, 0)
    assert dict(spe.behaviour[("Demand",)]) == {"Comply": 0, "Refuse": 1}
    assert spe.action(()) == "NoDemand"


def test_entry_game_selten_1978() -> None:
    """Selten (1978), *The chain store paradox*, one market: the unique SPE is In/Accommodate."""
    entry = GameTree(Decision("Entrant", {
        "Out": Outcome((0, 2)),
        "In": Decision("Incumbent", {"Fight": Outcome((-1, -1)), "Accommodate": Outcome((1, 1))}),
    }))
    (spe,) = subgame_perfect(entry)
    assert spe.path == ("In", "Accommodate") and spe.payoffs == (1, 1)


def test_ties_give_every_pure_spe() -> None:
    t = GameTree(Decision("A", {
        "L": Decision("B", {"x": Outcome((1, 0)), "y": Outcome((2, 0))}),
        "R": Outcome((1, 5)),
    }))
    spes = subgame_perfect(t)
    # B is indifferent: x gives A 1 (A then ties L and R), y gives A 2 (A plays L).
    got = sorted((s.path, s.payoffs) for s in spes)
    assert got == [(("L", "x"), (1, 0)), (("L", "y"), (2, 0)), (("R",), (1, 5))]


def test_chance_nodes_and_float_ties() -> None:
    t = GameTree(Chance({"x": (Decision("A", {"l": Outcome((1.0, 1.0)),
                                               "r": Outcome((1.0 + 1e-12, 0.0))}), 0.5),
                         "y": (Outcome((0.0, 0.0)), 0.5)}), players=("A", "B"))
    spes = subgame_perfect(t)
    assert len(spes) == 2  # within TIE_TOL
    assert spes[0].path == () and dict(spes[0].outcomes) == {("x", "l"): 0.5, ("y",): 0.5}
    assert len(subgame_perfect(t, tol=0)) == 1


def test_mixed_spe_in_a_simultaneous_subgame() -> None:
    """Entry into matching pennies: the subgame's mixed equilibrium is worth 0 to A, so A
    takes the outside option 1/2 (Osborne & Rubinstein 1994, ch. 6 style)."""
    mp = Decision("A", {
        "H": Decision("B", {"h": Outcome((1, -1)), "t": Outcome((-1, 1))}, "B"),
        "T": Decision("B", {"h": Outcome((-1, 1)), "t": Outcome((1, -1))}, "B"),
    })
    t = GameTree(Decision("A", {"Out": Outcome((Fraction(1, 2), 0)), "In": mp}))
    (spe,) = subgame_perfect(t)
    assert spe.path == ("Out",)
    assert dict(spe.behaviour[("In",)]) == {"H": Fraction(1, 2), "T": Fraction(1, 2)}
    assert dict(spe.behaviour[("In", "T")]) == {"h": Fraction(1, 2), "t": Fraction(1, 2)}


def test_bad_tol() -> None:
    import pytest

    with pytest.raises(ValueError, match="tol must be >= 0"):
        subgame_perfect(demand_tree(), tol=-1)


@settings(max_examples=40)
@given(perfect_info_trees(ties=True))
def test_every_spe_is_nash_of_the_reduced_form_with_equal_payoffs(tree: GameTree) -> None:
    rnf = reduced_normal_form_with_plans(tree)
    for spe in subgame_perfect(tree):
        row, col = to_mixed(rnf, spe.behaviour)
        assert is_nash(rnf.game, (row, col)), regret(rnf.game, (row, col))
        u = (sum(r * c * rnf.game.A[i, j] for i, r in enumerate(row) for j, c in enumerate(col)),
             sum(r * c * rnf.game.B[i, j] for i, r in enumerate(row) for j, c in enumerate(col)))
        assert u == spe.payoffs


@settings(max_examples=40)
@given(perfect_info_trees(ties=False))
def test_no_ties_gives_exactly_one_spe(tree: GameTree) -> None:
    assert len(subgame_perfect(tree)) == 1


# -- issue 13: mixed SPE through the normal-form engine -------------------------------------


def test_mixed_spe_with_payoffs_one_one() -> None:
    """Issue 13 repro: B takes L (1, 1) or lets A choose x (0, 1) or y (2, 1). A is
    indifferent; mixing 1/2 leaves B indifferent too, so B taking L while A mixes 1/2 is an
    SPE with payoffs (1, 1) that the pure enumeration does not list (it has (L, x) with
    payoffs (1, 1) but not the mixed continuation)."""
    tree = GameTree(Decision("B", {"L": Outcome((1, 1)), "R": Decision(
        "A", {"x": Outcome((0, 1)), "y": Outcome((2, 1))})}), players=("B", "A"))
    pure = subgame_perfect(tree)
    every = subgame_perfect(tree, mixed=True)
    half = [e for e in every if e.behaviour[("R",)]["x"] == Fraction(1, 2)]
    assert len(pure) == 2 and len(every) == 4 and len(half) == 2
    assert {e.payoffs for e in half} == {(1, 1)}
    assert all(one_shot_ok(tree, e.behaviour) for e in every)


@settings(max_examples=40)
@given(perfect_info_trees(ties=True))
def test_mixed_spe_contain_the_pure_and_pass_an_independent_check(tree: GameTree) -> None:
    pure = subgame_perfect(tree)
    every = subgame_perfect(tree, mixed=True)
    assert [dict(e.behaviour) for e in every[: len(pure)]] == [dict(e.behaviour) for e in pure]
    assert all(one_shot_ok(tree, e.behaviour) for e in every)


@pytest.mark.parametrize("scale", [1e-3, 1.0, 3e7, 1e12])
def test_an_exact_tie_in_floats_is_a_tie_at_any_scale(scale: float) -> None:
    """Issue 13 repro: x pays 0.1 * 7 + 0.2 * 1 + 0.7 * 5 = 4.4 exactly, y pays 4.4; at
    scale 3e7 the float expectation is off by 1.5e-8, and only one SPE was returned."""
    x = Chance({"a": (Outcome((7 * scale, 0.0)), 0.1), "b": (Outcome((1 * scale, 0.0)), 0.2),
                "c": (Outcome((5 * scale, 0.0)), 0.7)})
    tree = GameTree(Decision("A", {"x": x, "y": Outcome((4.4 * scale, 1.0))}),
                    players=("A", "B"))
    assert [e.action(()) for e in subgame_perfect(tree)] == ["x", "y"]
