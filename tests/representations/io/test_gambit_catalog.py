"""Every game in Gambit's published catalog, read by us and by pygambit, must agree.

The files under ``tests/data/gambit/`` are the ``catalog/games`` folder of the pygambit
17.0.0b2 source distribution on PyPI (GPL-2.0-or-later, ``COPYING`` beside them), the only
Gambit example games a package registry ships. For each ``.efg`` file:

- our reading has the structure pygambit reads: the same players, actions, chance
  probabilities, payoffs summed along each path, and the same partition into information
  sets (a one-to-one map between pygambit's (player, set) and our set names);
- our export is read by pygambit with that same structure, and by us as the identical tree;
- for two-player files, our reduced normal form is pygambit's reduced strategic form, entry
  for entry, and the extreme equilibria of the two agree exactly.

Every two-player ``.nfg`` file is read by :meth:`Bimatrix.from_nfg`, compared with
pygambit's arrays, and its equilibria with pygambit's ``enummixed_solve``.
"""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from solver.algorithms.extensive.reduced_normal_form import (
    equilibrium_profiles,
    plan_counts,
    reduced_normal_form_with_plans,
)
from solver.representations.bimatrix import Bimatrix
from solver.representations.io.efg import from_efg, gambit_label_problem, to_efg
from solver.representations.tree import Chance, Decision, GameTree, Node, Outcome

gbt = pytest.importorskip("pygambit")

DATA = Path(__file__).resolve().parents[2] / "data" / "gambit"
EFG = sorted(DATA.rglob("*.efg"))
NFG = sorted(DATA.rglob("*.nfg"))
# Catalog games whose reduced strategic form is too large for a quick exact enumeration.
RNF_LIMIT = 400


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(DATA)) for p in paths]


def test_the_catalog_is_vendored() -> None:
    assert len(EFG) == 32 and len(NFG) == 8
    assert (DATA / "COPYING").read_text().startswith("\t\t    GNU GENERAL PUBLIC LICENSE")


def _F(x: Any) -> Fraction:
    return Fraction(str(x))


def assert_same_structure(pg: Any, tree: GameTree) -> None:
    """Walk pygambit's game and our tree side by side."""
    assert [p.label for p in pg.players] == list(tree.players)
    players = list(pg.players)
    pairs: dict[tuple[str, int], str] = {}

    def walk(node: Any, path: tuple[str, ...], acc: list[Fraction]) -> None:
        if node.outcome:  # pygambit 16.7: a proxy, false when no outcome is attached
            acc = [a + _F(node.outcome[p]) for a, p in zip(acc, players, strict=True)]
        ours = tree.node(path)
        if node.is_terminal:
            assert isinstance(ours, Outcome), path
            assert [_F(v) for v in ours.payoffs] == acc, path
            return
        labels = [a.label for a in node.infoset.actions]
        assert list(ours.labels) == labels, path  # type: ignore[union-attr]
        if node.infoset.is_chance:
            assert isinstance(ours, Chance), path
            probs = ours.probabilities
            assert [_F(probs[a.label]) for a in node.infoset.actions] == [
                _F(a.prob) for a in node.infoset.actions], path
        else:
            assert isinstance(ours, Decision), path
            assert ours.player == node.player.label, path
            key = (node.player.label, list(node.player.infosets).index(node.infoset))
            name = tree.infoset(path).name
            assert pairs.setdefault(key, name) == name, (path, key)
        for child in node.children:
            walk(child, (*path, child.prior_action.label), acc)

    walk(pg.root, (), [Fraction(0)] * len(players))
    assert len(set(pairs.values())) == len(pairs) == len(tree.infosets)


@pytest.mark.parametrize("path", EFG, ids=_ids(EFG))
def test_efg_reads_like_pygambit_and_round_trips(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    tree = from_efg(text)
    assert_same_structure(gbt.read_efg(str(path)), tree)
    out = to_efg(tree)
    assert from_efg(out) == tree
    assert_same_structure(gbt.read_efg(io.StringIO(out)), tree)


def _gambit_label(tree: GameTree, pg_player: Any, plan: Any) -> str:
    """Gambit's label of a reduced strategy: per set, the action's number or '*'."""
    out = []
    for h in pg_player.infosets:
        node = next(iter(h.members))
        path = tuple(a.label for a in _actions_to(node))
        name = tree.infoset(path).name
        labels = [a.label for a in h.actions]
        out.append(str(labels.index(plan[name]) + 1) if name in plan else "*")
    return "".join(out)


def _actions_to(node: Any) -> list[Any]:
    out = []
    while node.parent is not None:
        out.append(node.prior_action)
        node = node.parent
    return out[::-1]


TWO_PLAYER_EFG = [p for p in EFG if len(from_efg(p.read_text()).players) == 2]


@pytest.mark.parametrize("path", TWO_PLAYER_EFG, ids=_ids(TWO_PLAYER_EFG))
def test_reduced_normal_form_and_equilibria_equal_pygambits(path: Path) -> None:
    tree = from_efg(path.read_text(encoding="utf-8"))
    pg = gbt.read_efg(str(path))
    p1, p2 = pg.players
    if not pg.is_perfect_recall:
        assert not tree.has_perfect_recall()
        pytest.skip("no perfect recall: no reduced normal form")
    assert plan_counts(tree) == (len(p1.strategies), len(p2.strategies))
    if len(p1.strategies) * len(p2.strategies) > RNF_LIMIT:
        pytest.skip(f"reduced form {len(p1.strategies)} x {len(p2.strategies)}")
    rnf = reduced_normal_form_with_plans(tree)
    rows = [_gambit_label(tree, p1, rnf.plan(0, i)) for i in range(rnf.game.shape[0])]
    cols = [_gambit_label(tree, p2, rnf.plan(1, j)) for j in range(rnf.game.shape[1])]
    assert sorted(rows) == sorted(s.label for s in p1.strategies)
    assert sorted(cols) == sorted(s.label for s in p2.strategies)
    A, B = pg.to_arrays(dtype=Fraction)
    gi = {s.label: k for k, s in enumerate(p1.strategies)}
    gj = {s.label: k for k, s in enumerate(p2.strategies)}
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            assert (_F(rnf.game.A[i, j]), _F(rnf.game.B[i, j])) == (A[gi[r], gj[c]],
                                                                    B[gi[r], gj[c]])
    if not tree.is_exact:
        return
    ours = {(tuple(_F(x) for x in r), tuple(_F(x) for x in c))
            for r, c in equilibrium_profiles(rnf.game)}
    theirs = set()
    s1, s2 = list(p1.strategies), list(p2.strategies)
    for eq in gbt.nash.enummixed_solve(pg, rational=True).equilibria:
        theirs.add((tuple(_F(eq[s1[gi[r]]]) for r in rows),
                    tuple(_F(eq[s2[gj[c]]]) for c in cols)))
    assert ours == theirs


@pytest.mark.parametrize("path", NFG, ids=_ids(NFG))
def test_two_player_nfg_reads_like_pygambit(path: Path) -> None:
    pg = gbt.read_nfg(str(path))
    if len(pg.players) != 2:
        pytest.skip(f"{len(pg.players)} players")
    game = Bimatrix.from_nfg(str(path))
    A, B = pg.to_arrays(dtype=Fraction)
    assert [[_F(x) for x in row] for row in game.A] == A.tolist()
    assert [[_F(x) for x in row] for row in game.B] == B.tolist()
    back = Bimatrix.from_nfg(game.to_nfg())
    assert back == game
    ours = {(tuple(_F(x) for x in r), tuple(_F(x) for x in c))
            for r, c in equilibrium_profiles(game)}
    p1, p2 = pg.players
    theirs = {(tuple(_F(eq[s]) for s in p1.strategies), tuple(_F(eq[s]) for s in p2.strategies))
              for eq in gbt.nash.enummixed_solve(pg, rational=True).equilibria}
    assert ours == theirs


_LABEL = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1,
                 max_size=6).filter(
    lambda s: gambit_label_problem(s) is None)
_PAYOFF = st.one_of(st.integers(-50, 50), st.fractions(max_denominator=12),
                    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))


@st.composite
def labelled_trees(draw: Any) -> GameTree:
    """Two-player trees with Gambit-valid labels, mixed number types, a chance node or two,
    and information sets joining same-shaped nodes of a player."""
    def node(depth: int) -> Node:
        kind = draw(st.sampled_from(["leaf"] * (depth + 1) + ["A", "B", "chance"]))
        if kind == "leaf" or depth >= 3:
            return Outcome((draw(_PAYOFF), draw(_PAYOFF)))
        labels = draw(st.lists(_LABEL, min_size=2, max_size=3, unique=True))
        kids = [node(depth + 1) for _ in labels]
        if kind == "chance":
            w = [draw(st.integers(0, 3)) for _ in labels]
            w[0] += 1
            return Chance({a: (k, Fraction(x, sum(w))) for a, k, x in zip(labels, kids, w,
                                                                            strict=True)})
        infoset = draw(st.sampled_from([None, f"{kind}{len(labels)}"]))
        return Decision(kind, dict(zip(labels, kids, strict=True)), infoset)

    root = Decision("A", {"x": node(1), "y": node(1)})
    tree_root = draw(st.just(root))
    try:
        return GameTree(tree_root, players=("A", "B"))
    except ValueError:  # a set joined nodes with different action labels: make them singletons
        return GameTree(_unnamed(tree_root), players=("A", "B"))


def _unnamed(n: Node) -> Node:
    if isinstance(n, Decision):
        return Decision(n.player, [(a, _unnamed(c)) for a, c in n.pairs])  # type: ignore[arg-type]
    if isinstance(n, Chance):
        return Chance([(a, (_unnamed(c), p)) for a, c, p in n.branches])  # type: ignore[arg-type]
    return n


@settings(max_examples=60)
@given(labelled_trees())
def test_any_tree_exports_to_the_structure_pygambit_reads(tree: GameTree) -> None:
    text = to_efg(tree)
    assert from_efg(text) == tree
    assert_same_structure(gbt.read_efg(io.StringIO(text)), tree)
