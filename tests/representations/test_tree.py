"""GameTree: construction, validation with errors naming the node, queries."""

from __future__ import annotations

from fractions import Fraction

import pytest

from solver.representations.tree import CHANCE_TOL, Chance, Decision, GameTree, Outcome


def demand_tree() -> GameTree:
    return GameTree(Decision("US", {
        "NoDemand": Outcome((0, 0)),
        "Demand": Decision("Japan", {"Comply": Outcome((3, -3)), "Refuse": Outcome((-1, 0))}),
    }))


def test_public_contract() -> None:
    tree = demand_tree()
    assert tree.players == ("US", "Japan")
    assert tree.node(("Demand", "Refuse")) == Outcome((-1, 0))
    assert tree.is_exact and tree.has_perfect_information and tree.has_perfect_recall()
    assert tree.terminal_paths() == (("NoDemand",), ("Demand", "Comply"), ("Demand", "Refuse"))


def test_value_semantics() -> None:
    assert demand_tree() == demand_tree()
    assert hash(demand_tree()) == hash(demand_tree())
    with pytest.raises(AttributeError):
        demand_tree().players = ("a", "b")  # type: ignore[misc]
    actions = {"x": Outcome((1, 2))}
    node = Decision("A", actions)
    actions["y"] = Outcome((0, 0))  # the node copied its actions
    assert node.labels == ("x",)


def test_explicit_players_order_payoffs() -> None:
    t = GameTree(Decision("Japan", {"a": Outcome((1, 2))}), players=("US", "Japan"))
    assert t.players == ("US", "Japan")


def test_chance_exact_and_float() -> None:
    p = Fraction(1, 3)
    t = GameTree(Chance({"resolute": (Decision("S", {"x": Outcome((1, 0))}), p),
                         "irresolute": (Decision("S", {"x": Outcome((0, 1))}), 1 - p)}),
                 players=("S", "T"))
    assert t.is_exact
    t = GameTree(Chance({"a": (Outcome((1, 0)), 0.1), "b": (Outcome((0, 1)), 0.2),
                         "c": (Outcome((0, 1)), 0.7)}), players=("S", "T"))
    assert not t.is_exact  # 0.1 + 0.2 + 0.7 != 1 in floats, but within CHANCE_TOL
    assert CHANCE_TOL == 1e-9


def test_infosets() -> None:
    mp = Decision("A", {
        "H": Decision("B", {"h": Outcome((1, -1)), "t": Outcome((-1, 1))}, "B1"),
        "T": Decision("B", {"h": Outcome((-1, 1)), "t": Outcome((1, -1))}, "B1"),
    })
    t = GameTree(mp)
    assert t.infoset("B1").members == (("H",), ("T",))
    assert not t.has_perfect_information
    assert t.is_subgame_root(()) and not t.is_subgame_root(("H",))


def test_imperfect_recall_detected() -> None:
    # A forgets its own first move.
    t = GameTree(Decision("A", {
        "L": Decision("A", {"x": Outcome((1,)), "y": Outcome((0,))}, "forget"),
        "R": Decision("A", {"x": Outcome((0,)), "y": Outcome((1,))}, "forget"),
    }))
    assert not t.has_perfect_recall()


# -- bad input: each error names the node by its path -------------------------------------


@pytest.mark.parametrize(
    ("build", "match"),
    [
        pytest.param(
            lambda: GameTree(Decision("US", {"Demand": Decision("Japan", {
                "Comply": Outcome((3,)), "Refuse": Outcome((-1, 0))})})),
            r"terminal at 'Demand > Comply' has 1 payoffs, expected 2", id="missing-payoff"),
        pytest.param(
            lambda: GameTree(Decision("US", {"Go": Chance({
                "a": (Outcome((1, 0)), 0.5), "b": (Outcome((0, 1)), 0.4)})}), players=("US", "J")),
            r"chance node 'Go' sum to 0.9, not 1", id="probabilities"),
        pytest.param(
            lambda: GameTree(Chance({"a": (Outcome((1, 0)), Fraction(1, 3)),
                                     "b": (Outcome((0, 1)), Fraction(1, 3))}), players=("U", "J")),
            r"chance node the root sum to 2/3", id="exact-probabilities"),
        pytest.param(
            lambda: GameTree(Decision("US", {
                "L": Decision("Japan", {"x": Outcome((0, 0))}, "J"),
                "R": Decision("US", {"x": Outcome((0, 0))}, "J")})),
            r"information set 'J' mixes players 'Japan' \(at 'L'\) and 'US' \(at 'R'\)",
            id="infoset-players"),
        pytest.param(
            lambda: GameTree(Decision("US", {
                "L": Decision("Japan", {"x": Outcome((0, 0))}, "J"),
                "R": Decision("Japan", {"y": Outcome((0, 0))}, "J")})),
            r"information set 'J' mixes action sets \('x',\) \(at 'L'\) and \('y',\) \(at 'R'\)",
            id="infoset-actions"),
        pytest.param(
            lambda: GameTree(Decision("US", [("A", Outcome((0, 0))), ("A", Outcome((1, 1)))]),
                             players=("US", "J")),
            r"decision at the root has a duplicate action label 'A'", id="duplicate-label"),
        pytest.param(
            lambda: GameTree(Decision("US", {"A": "elsewhere"}), players=("US", "J")),
            r"child at 'A' is a name", id="name-child"),
        pytest.param(
            lambda: GameTree(Decision("US", {"A": Outcome((0, float("nan")))}),
                             players=("US", "J")),
            r"the payoff at the terminal 'A' must be a finite number, got nan", id="nan"),
        pytest.param(
            lambda: GameTree(Decision("US", {"A": Decision("X", {"b": Outcome((0, 0))})}),
                             players=("US", "J")),
            r"decision at 'A' belongs to 'X', who is not in players", id="unknown-player"),
    ],
)
def test_bad_input_names_the_node(build, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=match):
        build()


def test_from_table_cycle_shared_unreachable() -> None:
    with pytest.raises(ValueError, match=r"cycle: the node 'r' at 'go > back' is its own"):
        GameTree.from_table("r", {"r": Decision("A", {"go": "s"}),
                                  "s": Decision("B", {"back": "r"})})
    with pytest.raises(ValueError, match=r"node 'z' has two parents: it is reached at 'x' "
                                         r"and at 'y'"):
        GameTree.from_table("r", {"r": Decision("A", {"x": "z", "y": "z"}),
                                  "z": Outcome((0,))})
    with pytest.raises(ValueError, match=r"node 'orphan' cannot be reached from the root"):
        GameTree.from_table("r", {"r": Decision("A", {"x": "z"}), "z": Outcome((0,)),
                                  "orphan": Outcome((1,))})
    with pytest.raises(ValueError, match=r"child at 'x' names an unknown node 'q'"):
        GameTree.from_table("r", {"r": Decision("A", {"x": "q"})})


def test_from_table_builds_same_tree() -> None:
    t = GameTree.from_table("us", {
        "us": Decision("US", {"NoDemand": "z0", "Demand": "jp"}),
        "jp": Decision("Japan", {"Comply": "z1", "Refuse": "z2"}),
        "z0": Outcome((0, 0)), "z1": Outcome((3, -3)), "z2": Outcome((-1, 0))})
    assert t == demand_tree()


def test_evaluation() -> None:
    t = demand_tree()
    beh = {(): {"Demand": 1}, ("Demand",): {"Comply": Fraction(1, 4), "Refuse": Fraction(3, 4)}}
    assert t.expected_payoffs(beh) == (0, Fraction(-3, 4))
    assert t.play_distribution(beh) == {("Demand", "Comply"): Fraction(1, 4),
                                        ("Demand", "Refuse"): Fraction(3, 4)}


def test_with_players_renames_through_chance_and_keeps_everything_else() -> None:
    from solver import analyse_sanction_game

    res = analyse_sanction_game(gain=10.0, cost=4.0, loss_target=6.0, loss_sender=2.0,
                                backdown_cost=1.0, discount_sender=0.9,
                                discount_target=0.9, resolve=0.3)
    assert res.incomplete is not None
    tree = res.incomplete.tree  # a chance node over the sender's types, information sets
    named = tree.with_players({"Sender": "US", "Target": "Japan"})
    assert named.players == ("US", "Japan")
    assert named.paths() == tree.paths()
    assert [(h.actions, h.members) for h in named.infosets] == [
        (h.actions, h.members) for h in tree.infosets]
    assert named.with_players({"US": "Sender", "Japan": "Target"}) == tree
    with pytest.raises(ValueError, match="would merge players"):
        tree.with_players({"Sender": "Target"})


def test_zero_probability_chance_branch_is_kept_and_never_reached() -> None:
    # Gambit's files have such branches (issue 13); the subtree is part of the game.
    tree = GameTree(Chance({"never": (Outcome((1, 0)), 0), "always": (Outcome((0, 1)), 1)}),
                    players=("U", "J"))
    assert tree.node(("never",)).payoffs == (1, 0)  # type: ignore[union-attr]
    assert tree.play_distribution({}) == {("always",): 1}
    assert tree.expected_payoffs({}) == (0, 1)
