"""Nash equilibria of the reduced form, classified as subgame perfect or resting on threats."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings

from solver.algorithms.extensive.tree_equilibria import (
    classify_profiles,
    subgame_regrets,
    tree_equilibria,
)
from solver.model.sanction_game import sanction_game_tree
from solver.representations.tree import Decision, GameTree, Outcome
from tests.algorithms.extensive.spe_check import one_shot_ok
from tests.strategies import perfect_info_trees


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


@settings(max_examples=25)
@given(perfect_info_trees(ties=False))
def test_no_ties_engine_equilibria_include_exactly_one_spe(tree: GameTree) -> None:
    res = tree_equilibria(tree)
    assert len(res.equilibria) >= 1
    assert len(res.subgame_perfect) == 1


# -- issue 13: a threat flag only as strong as its proof ------------------------------------


def test_mixed_filling_at_an_excluded_node_is_subgame_perfect() -> None:
    """Issue 13 repro, analyse_sanction_game(10, 4, 6, 14, 2, d = 1/2): the sender does not
    demand, the target would comply with probability 1/6. After a refusal the sender is
    indifferent (Sanction then Concede: -2; BackDown: -2), and sanctioning with probability
    4/5 leaves the target indifferent (-4 = 4/5 (-5)), so the profile is subgame perfect; it
    was flagged as resting on an incredible threat."""
    tree = sanction_game_tree(gain=10, cost=4, loss_target=6, loss_sender=14, backdown_cost=2,
                              discount_sender=Fraction(1, 2),
                              discount_target=Fraction(1, 2))
    res = tree_equilibria(tree)
    quiet = [e for e in res.equilibria if e.path == ("NoDemand",) and dict(e.strategies[1]) == {
        "Comply": Fraction(1, 6), "Refuse/Concede": Fraction(5, 6)}]
    assert len(quiet) == 1
    e = quiet[0]
    assert e.subgame_perfect and not e.threats
    assert dict(e.behaviour[("Demand", "Refuse")]) == {"Sanction": Fraction(4, 5),
                                                      "BackDown": Fraction(1, 5)}
    assert all(one_shot_ok(tree, e.behaviour) for e in res.subgame_perfect)
    held = [e for e in res.incredible]
    assert held and all(any(t.action == "HoldOut" for t in e.threats) for e in held)


GRID = sorted({Fraction(k, d) for d in range(1, 13) for k in range(d + 1)})


@settings(max_examples=60)
@given(perfect_info_trees(ties=True))
def test_threat_verdicts_against_an_independent_check(tree: GameTree) -> None:
    """Every 'subgame perfect' verdict passes the one-shot deviation check; every proven
    'incredible threat' with one open two-action node survives a search of every filling
    k/d (d <= 12) at that node, checked the same independent way."""
    res = tree_equilibria(tree)
    for e in res.equilibria:
        if e.subgame_perfect:
            assert one_shot_ok(tree, e.behaviour)
            continue
        if not e.proven:
            continue
        open_nodes = [p for p in tree.paths() if isinstance(tree.node(p), Decision)
                      and tree.infoset(p).name in e.filled]
        assert len(open_nodes) <= 1
        for p in open_nodes:
            a, b = tree.node(p).labels  # type: ignore[union-attr]
            for t in GRID:
                beh = {**e.behaviour, p: {a: t, b: 1 - t}}
                assert not one_shot_ok(tree, beh)
        if not open_nodes:
            assert not one_shot_ok(tree, e.behaviour)


def test_a_verdict_without_proof_is_undetermined_not_incredible() -> None:
    """A stays Out (1, 5) because B would answer In with r; after In, B prefers l (1 > 0)
    whatever A does next, so the threat is not credible. But the profile leaves two of A's
    sets open, where the search for a filling is not exhaustive: the verdict is reported as
    undetermined, with the threat found, and not listed as proven incredible."""
    tree = GameTree(Decision("A", {
        "Out": Outcome((1, 5)),
        "In": Decision("B", {
            "l": Decision("A", {"x": Outcome((2, 1)), "y": Outcome((0, 1))}),
            "r": Decision("A", {"x": Outcome((0, 0)), "y": Outcome((-1, 0))}),
        }),
    }))
    res = tree_equilibria(tree)
    out = [e for e in res.equilibria if e.path == ("Out",)]
    assert out and all(not e.subgame_perfect and not e.proven for e in out)
    assert all(any(t.action == "r" for t in e.threats) for e in out)
    assert set(map(id, res.undetermined)) == set(map(id, out))
    assert not any(e.path == ("Out",) for e in res.incredible)


def test_a_threat_away_from_the_open_sets_is_proof_enough() -> None:
    """Staying out leaves two of the entrant's sets open (in the Side branch), but the
    incumbent's threat to fight sits in the subgame after In, which holds neither: no filling
    can make it credible, so the verdict is proven although the search is not exhaustive."""
    tree = GameTree(Decision("E", {
        "Out": Outcome((0, 2)),
        "In": Decision("I", {"Fight": Outcome((-1, -1)), "Acc": Outcome((1, 1))}),
        "Side": Decision("I", {
            "u": Decision("E", {"g": Outcome((-2, 0)), "h": Outcome((-3, 1))}),
            "v": Decision("E", {"g": Outcome((-3, 0)), "h": Outcome((-2, 1))})}),
    }))
    res = tree_equilibria(tree)
    fight = [e for e in res.equilibria if e.path == ("Out",) and len(e.filled) == 2
             and any(t.action == "Fight" for t in e.threats)]
    assert fight and all(e.proven and e.rests_on_incredible_threat for e in fight)
