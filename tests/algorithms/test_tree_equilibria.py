"""Nash equilibria of the reduced form, classified as subgame perfect or resting on threats."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings

from solver.algorithms.tree_equilibria import classify_profiles, subgame_regrets, tree_equilibria
from solver.representations.tree import Decision, GameTree, Outcome
from tests.algorithms.test_backward_induction import perfect_info_trees


def entry_game() -> GameTree:
    """Selten (1978), *The chain store paradox*, Theory and Decision 9: one market.

    Entrant: Out (0, 2) or In; Incumbent after In: Fight (-1, -1) or Accommodate (1, 1).
    The Nash equilibria are (In, Accommodate) and the component {Out} x {Fight with
    probability >= 1/2}; the latter rests on the threat to fight, which is not a best reply
    once entry has happened.
    """
    return GameTree(Decision("Entrant", {
        "Out": Outcome((0, 2)),
        "In": Decision("Incumbent", {"Fight": Outcome((-1, -1)), "Accommodate": Outcome((1, 1))}),
    }))


def test_entry_game_one_equilibrium_rests_on_the_threat_to_fight() -> None:
    res = tree_equilibria(entry_game())
    spe = res.subgame_perfect
    assert [e.path for e in spe] == [("In", "Accommodate")]
    assert len(res.incredible) == 2  # extreme points: Fight for sure, Fight with prob 1/2
    probs = sorted(e.threats[0].probability for e in res.incredible)
    assert probs == [Fraction(1, 2), 1]
    for e in res.incredible:
        (t,) = e.threats
        assert (t.player, t.path, t.action, t.best_actions) == (
            "Incumbent", ("In",), "Fight", ("Accommodate",))
        assert (t.value, t.best_value, t.on_path) == (-1, 1, False)
        assert e.path == ("Out",) and e.payoffs == (0, 2)


def test_hand_made_profiles() -> None:
    tree = entry_game()
    (a, b) = classify_profiles(tree, [([0, 1], [0, 1]), ([1, 0], [1, 0])])
    assert a.subgame_perfect and not a.threats
    assert not b.subgame_perfect and b.threats[0].action == "Fight"
    assert dict(b.strategies[0]) == {"Out": 1} and dict(b.strategies[1]) == {"Fight": 1}


def test_open_sets_are_filled_to_make_spe() -> None:
    """A stays out because the continuation game is worse; its own later move is left open
    by the plan 'Out' and must be filled with a best reply for the profile to be an SPE."""
    tree = GameTree(Decision("A", {
        "Out": Outcome((2, 0)),
        "In": Decision("B", {"l": Outcome((1, 1)),
                             "r": Decision("A", {"x": Outcome((3, 0)), "y": Outcome((0, 3))})}),
    }))
    res = tree_equilibria(tree)
    spe = res.subgame_perfect
    assert [e.path for e in spe] == [("Out",)]
    (e,) = spe
    assert e.filled == {"A@In > r"}
    assert dict(e.behaviour[("In", "r")]) == {"x": 1, "y": 0}


def test_subgame_regrets_certificate() -> None:
    tree = entry_game()
    regrets = subgame_regrets(tree, {(): {"Out": 0, "In": 1},
                                     ("In",): {"Fight": 0, "Accommodate": 1}})
    assert all(r == 0 for r in regrets.values())


@settings(max_examples=25, deadline=None)
@given(perfect_info_trees(ties=False))
def test_no_ties_engine_equilibria_include_exactly_one_spe(tree: GameTree) -> None:
    res = tree_equilibria(tree)
    assert len(res.equilibria) >= 1
    assert len(res.subgame_perfect) == 1
