"""The face scheme (nash/enumeration.py) against the two-polytope scheme, and shapes."""

from __future__ import annotations

import numpy as np
import pytest

from solver.algorithms.nash import equilibrium_components, nash_equilibria
from solver.algorithms.nash.enumeration import Budget, exact_face_pairs, float_pairs
from solver.algorithms.nash.exact import exact_pairs
from solver.algorithms.nash.regret import relative_regret
from solver.algorithms.nash.vertex import vertex_pairs
from solver.representations.bimatrix import Bimatrix


def pair_set(ep) -> set:  # type: ignore[no-untyped-def]
    return {
        (tuple(np.round(np.asarray(ep.row_vertices[i], float), 9)),
         tuple(np.round(np.asarray(ep.col_vertices[j], float), 9)))
        for i, j in ep.pairs
    }


def game(seed: int, m: int, n: int, degenerate: bool) -> Bimatrix:
    rng = np.random.default_rng(seed)
    if degenerate:
        return Bimatrix.from_arrays(rng.integers(0, 3, (m, n)), rng.integers(0, 3, (m, n)))
    return Bimatrix.from_arrays(rng.random((m, n)), rng.random((m, n)))


SHAPES = [(3, 3), (4, 6), (6, 4), (5, 5), (2, 7), (7, 2)]


@pytest.mark.parametrize("degenerate", [False, True], ids=["random", "012"])
@pytest.mark.parametrize("m, n", SHAPES)
@pytest.mark.parametrize("seed", range(3))
def test_face_scheme_equals_two_polytope_scheme(seed: int, m: int, n: int,
                                                degenerate: bool) -> None:
    # Two independent enumerations of the same vertex pairs (Avis et al. 2010, s. 5 vs s. 4).
    g = game(seed, m, n, degenerate).normalised()
    face, verdict = float_pairs(g, Budget())
    assert verdict is None and not face.ambiguous
    assert pair_set(face) == pair_set(vertex_pairs(g))
    ex, _ = exact_face_pairs(g.to_exact(), Budget())
    assert pair_set(ex) == pair_set(exact_pairs(g.to_exact()))


@pytest.mark.parametrize("m, n", [(3, 130), (2, 300), (4, 62), (62, 4)])
def test_rectangular_games_are_enumerated_completely(m: int, n: int) -> None:
    # Issue 12: 3x130 took 113 s, 2x300 137 s, 4x62 46 s (the large player's polytope was
    # enumerated whole). Float and exact must agree, and every profile is certified.
    rng = np.random.default_rng(m * 1000 + n)
    g = Bimatrix.from_arrays(rng.integers(0, 1000, (m, n)), rng.integers(0, 1000, (m, n)))
    f = nash_equilibria(g, "vertex")
    e = nash_equilibria(g.to_exact(), "exact")
    assert f.complete and e.complete and len(f) == len(e) >= 1
    for a, b in zip(f, e, strict=True):
        assert np.allclose(a.row, b.row.astype(float)) and np.allclose(a.col, b.col.astype(float))
        assert relative_regret(g.to_exact(), (b.row, b.col)) == 0


def test_components_of_a_rectangular_degenerate_game() -> None:
    # 2 x 40 with a duplicated column pattern: components come from the face scheme too.
    A = np.tile([[1, 0], [0, 1]], (1, 20))
    B = np.tile([[1, 0], [0, 1]], (1, 20))
    comps = equilibrium_components(Bimatrix.from_arrays(A, B, exact=True))
    assert len(comps) == 3  # (r0, any mix of even columns), (r1, odd columns), the mixed one
