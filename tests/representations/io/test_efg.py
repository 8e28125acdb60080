"""Gambit .efg export and import: round trip, and a cross-check with pygambit."""

from __future__ import annotations

import io
from fractions import Fraction

import pytest

from solver.model.sanction_game import resolve_game_tree, sanction_game_tree
from solver.representations.io.efg import EfgParseError, from_efg, to_efg
from solver.representations.tree import Chance, Decision, GameTree, Outcome

TREES = [
    pytest.param(sanction_game_tree(gain=10, cost=4, loss_target=6, loss_sender=2, backdown_cost=3,
                                    discount_sender=Fraction(9, 10),
                                    discount_target=Fraction(9, 10)), id="sanction-exact"),
    pytest.param(sanction_game_tree(gain=10.0, cost=4.0, loss_target=6.0, loss_sender=2.5,
                                    backdown_cost=3.0, discount_sender=0.9,
                                    discount_target=0.95), id="sanction-float"),
    pytest.param(resolve_game_tree(gain=10, cost=4, loss_target=6, loss_sender=5, backdown_cost=2,
                                   resolve=Fraction(1, 4),
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
                     "line 3: expected '}' after the payoffs .*got 'oops'", id="number"),
        pytest.param('EFG 2 R "" { "A" }\np "" 2 1 "" { "x" } 0', "player 2", id="player"),
        pytest.param('EFG 2 R "" { "A" }\nt "" 4', "outcome 4 is used before", id="outcome"),
        pytest.param('EFG 2 R "', "unterminated string", id="string"),
        pytest.param('EFG 2 R "" { "A" }\np "" 1 1 "" { "x" } 0\np "" 1 1 "" { "x" "y" } 0',
                     r"line 3: information set 1 of player 1 \('A'\) is redeclared with "
                     r"actions \['x', 'y'\]; line 2 declared \['x'\]", id="redeclared-actions"),
        pytest.param('EFG 2 R "" { "A" }\np "" 1 1 "s" { "x" } 0\np "" 1 1 "t" { "x" } 0',
                     "line 3: information set 1 of player 1 .* redeclared with label 't'",
                     id="redeclared-label"),
        pytest.param('EFG 2 R "" { "A" }\nc "" 1 "" { "x" 1/2 "y" 1/2 } 0\n'
                     'c "" 1 "" { "x" 1/3 "y" 2/3 } 0',
                     r"line 3: information set 1 of chance is redeclared with probabilities",
                     id="redeclared-chance"),
        pytest.param('EFG 2 R "" { "A" }\np "" 1 1 "" { "x" "y" } 0\nt "" 1 "o" { 1 }\n'
                     't "" 1 "o" { 2 }', r"line 4: outcome 1 is redeclared with payoffs "
                     r"\['2'\]; line 3 declared \['1'\]", id="redeclared-outcome"),
        pytest.param('EFG 2 R "" { "A" }\np "" 1 1 "" { "x" "y" } 0\nt "" 1 "o" { 1 }\n'
                     't "" 1 "p" { 1 }', r"line 4: outcome 1 is redeclared with label",
                     id="redeclared-outcome-label"),
        pytest.param('EFG 2 R "" { "A" }\np "" 1 1 0', r"line 2: information set 1 of player "
                     r"1 \('A'\) is used before its actions are given", id="undeclared-set"),
        pytest.param('EFG 2 R "" { "A" }\nt "" 0 "x" { 1 }', "line 2: outcome 0",
                     id="null-outcome-payoffs"),
        pytest.param('EFG 2 R "" { "A" }\nt "" 1 "x" { 1 }\nt', "text after the tree",
                     id="trailing"),
    ],
)
def test_parse_errors(text: str, match: str) -> None:
    with pytest.raises(EfgParseError, match=match):
        from_efg(text)


def _sets_per_player(tree: GameTree) -> dict[str, int]:
    out: dict[str, int] = {}
    for h in tree.infosets:
        out[h.player] = out.get(h.player, 0) + 1
    return out


# Issue 13, defect 1: two sets share a label and their nodes interleave (as in Gambit's
# 2s2x2x2.efg); sets are told apart by (player, number), so B keeps 2 sets, A keeps 2.
INTERLEAVED = '''EFG 2 R "" { "A" "B" }
""
c "" 1 "" { "l" 1/2 "r" 1/2 } 0
p "" 1 1 "s" { "a" "b" } 0
p "" 2 1 "s" { "c" "d" } 0
t "" 1 "" { 1, 0 }
t "" 2 "" { 0, 1 }
p "" 2 2 "t" { "c" "d" } 0
t "" 3 "" { 2, 0 }
t "" 4 "" { 0, 2 }
p "" 1 2 "t" { "a" "b" } 0
p "" 2 2 "t" { "c" "d" } 0
t "" 5 "" { 3, 0 }
t "" 6 "" { 0, 3 }
p "" 2 1 0
t "" 1
t "" 2
'''


def test_sets_are_identified_by_number_not_label() -> None:
    tree = from_efg(INTERLEAVED)
    assert _sets_per_player(tree) == {"A": 2, "B": 2}
    assert tree.infoset(("l", "a")).members == (("l", "a"), ("r", "b"))
    assert tree.infoset(("l", "b")).members == (("l", "b"), ("r", "a"))
    assert {h.name for h in tree.infosets} == {"s#A:1", "t#A:2", "s#B:1", "t#B:2"}
    assert tree.node(("r", "b", "c")).payoffs == (1, 0)  # type: ignore[union-attr]
    assert from_efg(to_efg(tree)) == tree
    gbt = pytest.importorskip("pygambit")
    game = gbt.read_efg(io.StringIO(INTERLEAVED))
    assert {p.label: len(p.infosets) for p in game.players} == {"A": 2, "B": 2}
    again = gbt.read_efg(io.StringIO(to_efg(tree)))
    assert {p.label: len(p.infosets) for p in again.players} == {"A": 2, "B": 2}


def test_one_players_sets_may_share_a_label() -> None:
    # Older Gambit wrote such files; pygambit 16.7 refuses them ("Infoset label must be unique
    # for the player"). We read them by number, and export names pygambit accepts.
    text = INTERLEAVED.replace('"t" { "a" "b" }', '"s" { "a" "b" }')
    tree = from_efg(text)
    assert _sets_per_player(tree) == {"A": 2, "B": 2}
    assert tree.infoset(("l",)).name == "s#A:1" and tree.infoset(("r",)).name == "s#A:2"
    gbt = pytest.importorskip("pygambit")
    again = gbt.read_efg(io.StringIO(to_efg(tree)))
    assert {p.label: len(p.infosets) for p in again.players} == {"A": 2, "B": 2}


def test_gambit_allowances_read() -> None:
    # Issue 13, defect 6: a repeated set without its label and actions, a chance branch of
    # probability 0, and repeated or empty action labels (renamed as Gambit does).
    text = '''EFG 2 R "" { "A" "B" }
    c "" 1 "" { "h" 0 "t" 1 } 0
    p "" 1 1 "" { "x" "x" "" } 0
    t "" 1 "" { 1, 1 }
    t "" 2 "" { 2, 2 }
    t "" 0
    p "" 1 1 0
    t "" 1
    t "" 2
    t "" 3 "" { 3, 3 }
    '''
    tree = from_efg(text)
    assert tree.node(()).probabilities == {"h": 0, "t": 1}  # type: ignore[union-attr]
    assert tree.node(("t",)).labels == ("x_1", "x_2", "_1")  # type: ignore[union-attr]
    assert tree.infoset(("h",)).members == (("h",), ("t",))
    assert tree.node(("t", "_1")).payoffs == (3, 3)  # type: ignore[union-attr]
    gbt = pytest.importorskip("pygambit")
    game = gbt.read_efg(io.StringIO(text))
    assert [a.label for a in game.root.children["t"].infoset.actions] == ["x_1", "x_2", "_1"]
    assert from_efg(to_efg(tree)) == tree


@pytest.mark.parametrize("label", ["", "Japón", "a  b", "trailing ", " leading", "ends\\"])
def test_export_refuses_labels_gambit_cannot_read(label: str) -> None:
    tree = GameTree(Decision("US", {label: Outcome((1,)), "ok": Outcome((0,))}))
    with pytest.raises(ValueError, match=r"to_efg\(\): the action label .* at the root has"):
        to_efg(tree)


def test_export_writes_shortest_round_trip_decimals_and_exact_rationals() -> None:
    gbt = pytest.importorskip("pygambit")
    x = 9.418000000000001
    tree = GameTree(Decision("A", {"f": Outcome((x, 0.1)), "q": Outcome((Fraction(1, 3), 2))}),
                    players=("A", "B"))
    text = to_efg(tree)
    assert "{ 9.418000000000001, 0.1 }" in text and "{ 1/3, 2 }" in text
    game = gbt.read_efg(io.StringIO(text))
    a = game.players["A"]
    assert float(game.root.children["f"].outcome[a]) == x
    assert Fraction(str(game.root.children["q"].outcome[a])) == Fraction(1, 3)


def test_float_chance_probabilities_sum_to_one_exactly_for_gambit() -> None:
    """0.95 and 1 - 0.95 = 0.050000000000000044 sum to 1 in floats but not as the exact
    rationals Gambit reads decimals as; the export writes the last as the exact remainder
    (found by bench_doubt: pygambit refused the file)."""
    tree = resolve_game_tree(gain=1.0, cost=0.4, loss_target=0.8, loss_sender=2.0,
                             backdown_cost=0.3, resolve=0.95, discount_sender=0.5,
                             discount_target=0.9)
    text = to_efg(tree)
    assert '"irresolute" 1/20' in text
    back = from_efg(text).node(()).probabilities
    assert float(sum(back.values())) == 1.0
    pygambit = pytest.importorskip("pygambit")
    game = pygambit.read_efg(io.StringIO(text))
    assert len(game.players) == 2


def test_a_very_deep_tree_is_a_clear_error() -> None:
    """Issue 16: a deep .efg raised RecursionError from the parser."""
    n = 5000
    lines = ['EFG 2 R "" { "A" "B" }', '""']
    for i in range(n):
        lines.append(f'p "" {1 + i % 2} {i // 2 + 1} "" {{ "x" "y" }} 0')
        lines.append(f't "" {2 * i + 1} "" {{ 0, 0 }}')
    lines.append(f't "" {2 * n + 1} "" {{ 1, 1 }}')
    with pytest.raises(EfgParseError, match="nested too deeply"):
        from_efg("\n".join(lines))
