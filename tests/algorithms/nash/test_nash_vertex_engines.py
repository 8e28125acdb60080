"""The two polytope engines of the vertex method: qhull for simple polytopes, cddlib else."""

from __future__ import annotations

import numpy as np
import pytest

from solver import Bimatrix, nash_equilibria
from solver.algorithms.nash import vertex


@pytest.mark.parametrize("seed", range(8))
def test_qhull_and_cddlib_find_the_same_vertices(seed: int) -> None:
    """On random (simple) polytopes both engines give one vertex set."""
    rng = np.random.default_rng(seed)
    m, n = (int(v) for v in rng.integers(2, 8, 2))
    C = vertex._rescaled(rng.random((m, n)))
    fast = vertex._qhull_vertices(C)
    assert fast is not None
    slow = vertex._dedupe_rows(vertex._cdd_vertices(C))
    key = {tuple(np.round(r, 8)) for r in fast}
    assert key == {tuple(np.round(r, 8)) for r in slow}


def test_generic_game_uses_qhull_for_both_polytopes() -> None:
    rng = np.random.default_rng(1)
    game = Bimatrix.from_arrays(*rng.random((2, 7, 7)))
    # The enumerated polytope (the smaller player's) is simple: qhull; the other player's
    # side is the face solve.
    assert nash_equilibria(game).diagnostics["polytope_engines"] == ("qhull", "face")


@pytest.mark.parametrize(
    ("A", "B"),
    [
        pytest.param([[0, 0], [-1, 1]], [[2, 2], [-1, 1]], id="entry-game"),
        pytest.param([[1, 1], [1, 1]], [[1, 1], [1, 1]], id="all-equal"),
    ],
)
def test_degenerate_games_fall_back_to_cddlib(A: list, B: list) -> None:
    """Degenerate games (peer-libraries.md) have non-simple best-response polytopes, where a
    triangulating engine's facet structure is unreliable: cddlib decides. (Only the smaller
    player's polytope is enumerated whole; the 2x3 "two best replies" game is degenerate on
    the column side only, which the face step handles.)"""
    res = nash_equilibria(Bimatrix.from_arrays(A, B))
    assert "cddlib" in res.diagnostics["polytope_engines"]


@pytest.mark.parametrize("seed", range(6))
def test_hash_join_matches_the_all_pairs_check_on_simple_polytopes(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    g = Bimatrix.from_arrays(*rng.random((2, 6, 6)))
    A, B = vertex._rescaled(g.A), vertex._rescaled(g.B)
    X, Y = vertex._qhull_vertices(B.T), vertex._qhull_vertices(A)
    assert X is not None and Y is not None
    X, Y = X[X.max(axis=1) > vertex.LABEL_TOL], Y[Y.max(axis=1) > vertex.LABEL_TOL]
    p_lab = np.hstack([X <= vertex.LABEL_TOL, X @ B >= 1.0 - vertex.LABEL_TOL])
    q_lab = np.hstack([(Y @ A.T) >= 1.0 - vertex.LABEL_TOL, Y <= vertex.LABEL_TOL])
    fast = {tuple(p) for p in vertex.match_complements(p_lab, q_lab).tolist()}
    slow = {tuple(p) for p in vertex.match_labels(p_lab, q_lab).tolist()}
    assert fast == slow and fast
