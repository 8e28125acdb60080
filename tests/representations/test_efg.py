"""Gambit .efg export and import: round trip, and a cross-check with pygambit."""

from __future__ import annotations

import io
from fractions import Fraction

import pytest

from solver.model.sanction_game import resolve_game_tree, sanction_game_tree
from solver.representations.efg import EfgParseError, from_efg, to_efg
from solver.representations.tree import Chance, Decision, GameTree, Outcome

TREES = [
    pytest.param(sanction_game_tree(10, 4, 6, 2, 3, discount_sender=Fraction(9, 10),
                                    discount_target=Fraction(9, 10)), id="sanction-exact"),
    pytest.param(sanction_game_tree(10.0, 4.0, 6.0, 2.5, 3.0, discount_sender=0.9,
                                    discount_target=0.95), id="sanction-float"),
    pytest.param(resolve_game_tree(10, 4, 6, 5, 2, resolve=Fraction(1, 4),
                                   discount_sender=Fraction(1, 10),
                                   discount_target=Fraction(1, 2)), id="resolve"),
    pytest.param(GameTree(Decision("A \"quoted\"", {
        "H": Decision("B", {"h": Outcome((1, -1)), "t": Outcome((-1e-7, 1))}, "pennies"),
        "T": Decision("B", {"h": Outcome((-1, 1)), "t": Chance({
            "x": (Outcome((0.1, 2)), 0.3), "y": (Outcome((1, 2)), 0.7)})}, "pennies")})),
        id="infoset-chance-quotes"),
]


@pytest.mark.parametrize("tree", TREES)
def test_round_trip_is_identical(tree: GameTree) -> None:
    back = from_efg(to_efg(tree))
    assert back == tree
    assert back.players == tree.players
    assert [h.name for h in back.infosets] == [h.name for h in tree.infosets]
    assert back.is_exact == tree.is_exact
    assert to_efg(back) == to_efg(tree)


@pytest.mark.parametrize("tree", TREES)
def test_pygambit_reads_our_output_and_agrees_on_payoffs(tree: GameTree) -> None:
    gbt = pytest.importorskip("pygambit")
    game = gbt.read_efg(io.StringIO(to_efg(tree)))
    assert [p.label for p in game.players] == list(tree.players)

    def walk(node, path):  # type: ignore[no-untyped-def]
        if node.is_terminal:
            ours = tree.node(path).payoffs  # type: ignore[union-attr]
            theirs = [node.outcome[p] for p in game.players]
            assert [float(v) for v in theirs] == pytest.approx([float(v) for v in ours])
            return 1
        return sum(walk(child, (*path, child.prior_action.label)) for child in node.children)

    assert walk(game.root, ()) == len(tree.terminal_paths())
    n_sets = sum(len(p.infosets) for p in game.players)
    assert n_sets == len(tree.infosets)


def test_we_read_pygambit_output() -> None:
    gbt = pytest.importorskip("pygambit")
    game = gbt.Game.new_tree(players=["A", "B"], title="t")
    game.append_move(game.root, "A", ["x", "y"])
    x, y = list(game.root.children)
    game.append_move(x, "B", ["l", "r"])
    game.append_infoset(y, x.infoset)
    game.set_outcome(list(x.children)[0], game.add_outcome("o1", [1, Fraction(1, 2)]))
    game.set_outcome(list(y.children)[1], game.add_outcome("o2", [Fraction(5, 2), -1]))
    tree = from_efg(game.to_efg())
    assert tree.node(("x", "l")).payoffs == (1, Fraction(1, 2))  # type: ignore[union-attr]
    assert tree.node(("x", "r")).payoffs == (0, 0)  # type: ignore[union-attr]
    assert tree.infoset(("x",)).members == (("x",), ("y",))


def test_outcomes_at_internal_nodes_add_up() -> None:
    text = '''EFG 2 R "" { "A" "B" }
    p "" 1 1 "" { "x" "y" } 1 "fee" { -1 0 }
    t "" 2 "" { 3 3 }
    t "" 0
    '''
    tree = from_efg(text)
    assert tree.node(("x",)).payoffs == (2, 3)  # type: ignore[union-attr]
    assert tree.node(("y",)).payoffs == (-1, 0)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "match"),
    [
        pytest.param('EFG 3 R "" { "A" }', "must start with 'EFG 2'", id="version"),
        pytest.param('EFG 2 R "" { "A" }\nq "" 1', "unknown node type 'q'", id="node-type"),
        pytest.param('EFG 2 R "" { "A" }\np "" 1 1 "" { "x" } 0\nt "" 1 "" { oops }',
                     "'oops' is not a number", id="number"),
        pytest.param('EFG 2 R "" { "A" }\np "" 2 1 "" { "x" } 0', "player 2", id="player"),
        pytest.param('EFG 2 R "" { "A" }\nt "" 4', "outcome 4 is used before", id="outcome"),
        pytest.param('EFG 2 R "', "unterminated string", id="string"),
    ],
)
def test_parse_errors(text: str, match: str) -> None:
    with pytest.raises(EfgParseError, match=match):
        from_efg(text)
