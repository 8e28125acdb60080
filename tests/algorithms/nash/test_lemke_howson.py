"""Lemke-Howson: paths that always end, single-path options, and a reported pivot cap."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.algorithms.nash import PivotCapWarning, lemke_howson, nash_equilibria
from solver.algorithms.nash.lemke_howson import lemke_howson_path
from solver.algorithms.nash.regret import relative_regret
from solver.representations.bimatrix import Bimatrix


def zero_one_game(n: int, seed: int) -> Bimatrix:
    """A random {0, 1} game: highly degenerate (many equal payoffs)."""
    rng = np.random.default_rng(seed)
    A = (rng.random((n, n)) < 0.5).astype(int)
    B = (rng.random((n, n)) < 0.5).astype(int)
    return Bimatrix.from_arrays(A, B)


# Found by running the previous implementation (float tableau, ratios rounded to 12
# digits, then lexsort) over seeded {0, 1} games: on these paths it repeated a basis and
# burned its 10,000-pivot cap, as issue 12 reports for 100x100 {0, 1} games.
CYCLED_BEFORE = [
    pytest.param(100, 32, 21, id="100x100-seed32-label21"),
    pytest.param(200, 0, 115, id="200x200-seed0-label115"),
]


@pytest.mark.parametrize("n, seed, label", CYCLED_BEFORE)
def test_path_that_used_to_cycle_ends_at_an_equilibrium(n: int, seed: int, label: int) -> None:
    g = zero_one_game(n, seed)
    res = lemke_howson(g, label=label)
    assert res.diagnostics["capped_labels"] == () and len(res) == 1
    (eq,) = res
    assert relative_regret(g, (eq.row, eq.col)) <= 1e-9
    assert (eq.row >= 0).all() and (eq.col >= 0).all()


@pytest.mark.parametrize("n, seed", [(8, 0), (10, 3), (12, 5)])
def test_exact_paths_agree_with_float_paths(n: int, seed: int) -> None:
    # The exact rational path is the one the termination proof covers; on degenerate
    # {0, 1} games the float path must end where it ends.
    g = zero_one_game(n, seed)
    A, B = g.A, g.B
    for label in range(2 * n):
        (x, y), info = lemke_howson_path(A, B, label)
        (xe, ye), info_e = lemke_howson_path(g.to_exact().A, g.to_exact().B, label,
                                             exact=True)
        assert isinstance(xe[0], F) and info_e["exact"] == "exact=True"
        assert np.allclose(x, xe.astype(float), atol=1e-9)
        assert np.allclose(y, ye.astype(float), atol=1e-9)


def test_exact_game_gives_exact_equilibria() -> None:
    # Battle of the sexes (Osborne & Rubinstein 1994, ex. 34.2): label 0 ends at (T, L).
    g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]], exact=True)
    res = lemke_howson(g, label=0)
    assert res.exact and res[0].row.tolist() == [F(1), F(0)] and res[0].regret == 0


def test_one_path_by_default_for_large_games() -> None:
    rng = np.random.default_rng(7)
    g = Bimatrix.from_arrays(rng.random((40, 40)), rng.random((40, 40)))
    res = lemke_howson(g)
    assert res.diagnostics["labels"] == (0,) and len(res) == 1 and not res.complete
    assert res[0].relative_regret <= 1e-9


def test_all_labels_and_stop_after() -> None:
    g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    assert lemke_howson(g, label="all").diagnostics["labels"] == (0, 1, 2, 3)
    res = lemke_howson(g, label="all", stop_after=1)
    assert len(res) == 1 and res.diagnostics["labels"] == (0,)
    assert len(lemke_howson(g, label=[0, 2])) == 1  # both paths end at (T, L)
    assert len(lemke_howson(g, label=[0, 1])) == 2


def test_pivot_cap_is_reported_not_hidden() -> None:
    rng = np.random.default_rng(2)
    g = Bimatrix.from_arrays(rng.random((12, 12)), rng.random((12, 12)))
    with pytest.warns(PivotCapWarning, match=r"lemke_howson\(\): max_pivots=1 reached"):
        res = lemke_howson(g, label=[0, 1], max_pivots=1)
    assert res.diagnostics["capped_labels"] and res.diagnostics["max_pivots"] == 1
    assert res.complete is False


@pytest.mark.parametrize(
    "kwargs, match",
    [
        pytest.param({"label": 4}, r"lemke_howson\(\): label must lie in 0\.\.3", id="range"),
        pytest.param({"label": "some"}, r"lemke_howson\(\): label must", id="text"),
        pytest.param({"label": []}, r"lemke_howson\(\): label must", id="empty"),
        pytest.param({"stop_after": 0}, r"lemke_howson\(\): stop_after must", id="stop"),
        pytest.param({"max_pivots": 2.5}, r"lemke_howson\(\): max_pivots must", id="cap"),
        pytest.param({"tol": -1}, r"lemke_howson\(\): tol must", id="tol"),
    ],
)
def test_bad_arguments(kwargs: dict, match: str) -> None:
    g = Bimatrix.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(ValueError, match=match):
        lemke_howson(g, **kwargs)


@settings(max_examples=30)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1), st.booleans())
def test_paths_end_at_certified_equilibria(m: int, n: int, seed: int, degenerate: bool) -> None:
    rng = np.random.default_rng(seed)
    if degenerate:
        A, B = rng.integers(0, 3, (m, n)), rng.integers(0, 3, (m, n))
    else:
        A, B = rng.random((m, n)), rng.random((m, n))
    g = Bimatrix.from_arrays(A, B)
    res = lemke_howson(g, label="all")
    assert len(res) >= 1 and res.diagnostics["rejected"] == 0
    full = {e.key(6) for e in nash_equilibria(g, "vertex")}
    assert {e.key(6) for e in res} <= full
