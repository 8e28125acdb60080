"""Reduced normal form: plans, labels, merging, and the way back to behaviour."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings

from solver.algorithms.extensive.reduced_normal_form import (
    plan_counts,
    reduced_normal_form,
    reduced_normal_form_with_plans,
    to_behaviour,
    to_mixed,
)
from solver.algorithms.extensive.tree_equilibria import tree_equilibria
from solver.representations.tree import Chance, Decision, GameTree, Outcome
from tests.strategies import perfect_info_trees


def sanction_tree() -> GameTree:
    return GameTree(Decision("Sender", {
        "NoDemand": Outcome((0, 0)),
        "Demand": Decision("Target", {
            "Comply": Outcome((10, -4)),
            "Refuse": Decision("Sender", {
                "Sanction": Decision("Target", {"Concede": Outcome((8, -5)),
                                                "HoldOut": Outcome((-2, -6))}),
                "BackDown": Outcome((-3, 0)),
            }),
        }),
    }))


def test_sanction_game_is_3x3_with_plan_labels() -> None:
    """docs/model.md: sender {NoDemand, Demand/Sanction, Demand/BackDown}, target
    {Comply, Refuse/Concede, Refuse/HoldOut}; the NoDemand row is constant (degenerate)."""
    g = reduced_normal_form(sanction_tree())
    assert g.row_labels == ("NoDemand", "Demand/Sanction", "Demand/BackDown")
    assert g.col_labels == ("Comply", "Refuse/Concede", "Refuse/HoldOut")
    assert g.players == ("Sender", "Target")
    assert g.is_exact
    assert g.A.tolist() == [[0, 0, 0], [10, 8, -2], [10, -3, -3]]
    assert g.B.tolist() == [[0, 0, 0], [-4, -5, -6], [-4, 0, 0]]


def test_plans_map_back() -> None:
    rnf = reduced_normal_form_with_plans(sanction_tree())
    assert dict(rnf.plan(0, 0)) == {"Sender@root": "NoDemand"}
    assert dict(rnf.plan(0, 1)) == {"Sender@root": "Demand", "Sender@Demand > Refuse": "Sanction"}


def test_merge_payoff_equivalent() -> None:
    t = GameTree(Decision("A", {"L": Outcome((1, 1)), "R": Outcome((1, 1)),
                                "M": Decision("B", {"x": Outcome((0, 2)), "y": Outcome((2, 0))})}))
    g = reduced_normal_form(t, merge_equivalent=True)
    assert g.row_labels == ("L | R", "M")
    rnf = reduced_normal_form_with_plans(t, merge_equivalent=True)
    assert [dict(p) for p in rnf.plans[0][0]] == [{"A@root": "L"}, {"A@root": "R"}]


def test_chance_gives_expected_payoffs() -> None:
    t = GameTree(Chance({"a": (Decision("A", {"x": Outcome((4, 0)), "y": Outcome((0, 4))}, "A"),
                               Fraction(1, 4)),
                         "b": (Decision("A", {"x": Outcome((0, 4)), "y": Outcome((4, 0))}, "A"),
                               Fraction(3, 4))}), players=("A", "B"))
    g = reduced_normal_form(t)
    assert g.row_labels == ("x", "y") and g.col_labels == ("(no move)",)
    assert g.A.tolist() == [[1], [3]]


def test_behaviour_round_trip() -> None:
    rnf = reduced_normal_form_with_plans(sanction_tree())
    row = [Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)]
    col = [0, Fraction(1, 3), Fraction(2, 3)]
    beh, undefined = to_behaviour(rnf, row, col)
    assert beh[("Demand", "Refuse")] == {"Sanction": Fraction(1, 2), "BackDown": Fraction(1, 2)}
    assert beh[("Demand",)] == {"Comply": 0, "Refuse": 1}
    assert not undefined
    assert to_mixed(rnf, beh) == (row, col)
    _, undefined = to_behaviour(rnf, [1, 0, 0], [1, 0, 0])
    assert undefined == {"Sender@Demand > Refuse", "Target@Demand > Refuse > Sanction"}


def test_needs_two_players_and_perfect_recall() -> None:
    with pytest.raises(ValueError, match="has 1 players"):
        reduced_normal_form(GameTree(Decision("A", {"x": Outcome((0,))})))
    forget = GameTree(Decision("A", {
        "L": Decision("A", {"x": Outcome((1, 0)), "y": Outcome((0, 0))}, "f"),
        "R": Decision("A", {"x": Outcome((0, 0)), "y": Outcome((1, 0))}, "f")}), players=("A", "B"))
    with pytest.raises(ValueError, match="perfect recall"):
        reduced_normal_form(forget)


# -- issue 13: size guards --------------------------------------------------------------------


def _ultimatum(top: int) -> GameTree:
    return GameTree(Decision("P", {str(k): Decision("R", {"yes": Outcome((top - k, k)),
                                                         "no": Outcome((0, 0))})
                                   for k in range(top + 1)}))


def test_a_huge_reduced_form_is_refused_before_it_is_built() -> None:
    """Issue 13: ttt.efg (168 nodes) asked for a 16529 x 668360 array and died with a
    MemoryError. The count comes first; ultimatum 0..20 has 21 x 2**21 plans."""
    tree = _ultimatum(20)
    assert plan_counts(tree) == (21, 2**21)
    with pytest.raises(ValueError, match=r"reduced_normal_form\(\): the reduced normal form "
                       r"would be 21 x 2097152 .* use subgame_perfect\(tree\)"):
        reduced_normal_form(tree)


def test_tree_equilibria_names_what_it_accepts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13: on ultimatum 0..5 tree_equilibria recommended method='lemke-howson', which
    it does not take. Since issue 12 the engine has no size refusal but a time budget
    (ultimatum 0..5 has over 17,000 extreme equilibria); the budget is made to run out at
    once here, so the test checks the refusal's message, not the engine's speed."""
    import solver.algorithms.nash as nash

    def out_of_budget(game: object, *args: object, **kwargs: object) -> object:
        raise nash.BudgetExceeded("time_limit reached", None)

    monkeypatch.setattr(nash, "nash_equilibria", out_of_budget)
    with pytest.raises(ValueError, match=r"tree_equilibria\(\): the reduced normal form, "
                       r"6 x 64, is too large .* takes no method: .*subgame_perfect\(tree\)"):
        tree_equilibria(_ultimatum(5))


@settings(max_examples=40)
@given(perfect_info_trees(ties=True))
def test_plan_counts_count_the_plans(tree: GameTree) -> None:
    rnf = reduced_normal_form_with_plans(tree)
    assert plan_counts(tree) == rnf.game.shape
