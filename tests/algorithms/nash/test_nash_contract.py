"""One contract suite run against every method: certificates, scale invariance, near-degeneracy.

Issue 12: payoffs in $ and in $B must give the same answer. For every method, a game and
its image under positive affine maps of either player's payoffs (scales 1e-12..1e12,
offsets up to 1e12) give the same equilibria; and every profile returned has relative
regret within the result's stated tolerance, checked by ``solver.algorithms.nash.regret``
independently of the method.
"""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.algorithms.nash import METHODS, NashResult, equilibrium_components, nash_equilibria
from solver.algorithms.nash.regret import is_nash, relative_regret
from solver.representations.bimatrix import Bimatrix
from tests.strategies import int_payoffs

SETTINGS = settings(max_examples=20)
ALL_METHODS = ["auto", *METHODS]


def int_games(*, constant_sum: bool = False, max_side: int = 4) -> st.SearchStrategy[Any]:
    """Small integer payoff arrays (degenerate ones included: the range is small)."""
    return int_payoffs(lo=-3, hi=3, max_side=max_side, constant_sum=constant_sum).map(
        lambda ab: (np.array(ab[0], dtype=np.int64), np.array(ab[1], dtype=np.int64)))


#: (scale exponent, offset in units of the scale, capped at 1e12) for each player.
affine = st.tuples(st.integers(-12, 12), st.integers(-10**6, 10**6))


def float_image(M: Any, exponent: int, shift: int) -> Any:
    scale = 10.0**exponent
    offset = float(np.clip(scale * shift, -1e12, 1e12))
    return scale * M.astype(float) + offset


def exact_image(M: Any, exponent: int, shift: int) -> list[list[F]]:
    scale = F(10) ** exponent
    offset = max(min(scale * shift, F(10**12)), F(-(10**12)))
    return [[scale * int(v) + offset for v in row] for row in M]


def close_sets(a: NashResult, b: NashResult, digits: int = 6) -> bool:
    """Same equilibria: exact equality, or each float profile matched within 10**-digits."""
    if a.exact:
        return {(tuple(e.row), tuple(e.col)) for e in a} == {
            (tuple(e.row), tuple(e.col)) for e in b}
    if len(a) != len(b):
        return False
    tol = 10.0**-digits
    rest = [np.concatenate([e.row, e.col]).astype(float) for e in b]
    for e in a:
        v = np.concatenate([e.row, e.col]).astype(float)
        hit = next((k for k, w in enumerate(rest) if np.abs(v - w).max() <= tol), None)
        if hit is None:
            return False
        rest.pop(hit)
    return True


def assert_certified(game: Bimatrix, res: NashResult) -> None:
    """The certificate, from the regret module alone."""
    assert "relative" in res.diagnostics["tolerance"]
    for e in res:
        profile = (e.row, e.col)
        work = game.to_exact() if res.exact else game.to_float()
        assert is_nash(work, profile, tol=res.tol)
        assert relative_regret(work, profile) <= res.tol


def solve(game: Bimatrix, method: str) -> NashResult:
    return nash_equilibria(game, method)


@pytest.mark.parametrize("method", ALL_METHODS)
@SETTINGS
@given(data=st.data(), row_map=affine, col_map=affine)
def test_float_affine_invariance(method: str, data: Any, row_map: Any, col_map: Any) -> None:
    A, B = data.draw(int_games(constant_sum=method == "zero-sum"))
    base = Bimatrix.from_arrays(A.astype(float), B.astype(float))
    image = Bimatrix.from_arrays(float_image(A, *row_map), float_image(B, *col_map))
    if method == "exact":
        image = Bimatrix.from_arrays(exact_image(A, *row_map), exact_image(B, *col_map),
                                     exact=True)
    r0, r1 = solve(base, method), solve(image, method)
    assert r0.method == r1.method and r0.exact == r1.exact
    assert close_sets(r0, r1), (r0.equilibria, r1.equilibria)
    assert_certified(image, r1)
    assert_certified(base, r0)


@pytest.mark.parametrize("method", ["auto", "exact", "pure", "zero-sum"])
@SETTINGS
@given(data=st.data(), row_map=affine, col_map=affine)
def test_exact_affine_invariance(method: str, data: Any, row_map: Any, col_map: Any) -> None:
    A, B = data.draw(int_games(constant_sum=method == "zero-sum"))
    base = Bimatrix.from_arrays(A.tolist(), B.tolist(), exact=True)
    image = Bimatrix.from_arrays(exact_image(A, *row_map), exact_image(B, *col_map),
                                 exact=True)
    r0, r1 = solve(base, method), solve(image, method)
    if method == "zero-sum":  # a float method: the same profiles to rounding
        assert close_sets(r0, r1)
    else:
        assert r1.exact and close_sets(r0, r1)
    assert_certified(image, r1)


@SETTINGS
@given(data=st.data(), row_map=affine, col_map=affine, exact=st.booleans())
def test_components_affine_invariance(data: Any, row_map: Any, col_map: Any,
                                      exact: bool) -> None:
    A, B = data.draw(int_games())
    image_of = exact_image if exact else float_image
    base = Bimatrix.from_arrays(A.tolist(), B.tolist(), exact=exact)
    image = Bimatrix.from_arrays(image_of(A, *row_map), image_of(B, *col_map), exact=exact)
    c0, c1 = equilibrium_components(base), equilibrium_components(image)
    assert len(c0) == len(c1)
    for a, b in zip(c0, c1, strict=True):
        assert len(a.extreme_points) == len(b.extreme_points)
        for p, q in zip(a.extreme_points, b.extreme_points, strict=True):
            assert np.allclose(np.asarray(p.row, float), np.asarray(q.row, float), atol=1e-9)
            assert np.allclose(np.asarray(p.col, float), np.asarray(q.col, float), atol=1e-9)


# ---- the repros of issue 12, as regression tests ----

BOS = (np.array([[3, 0], [0, 2]]), np.array([[2, 0], [0, 3]]))


@pytest.mark.parametrize("scale", [1e-9, 1.0, 1e6, 1e9])
@pytest.mark.parametrize("method", ["auto", "vertex", "support", "exact"])
def test_battle_of_the_sexes_in_any_unit(scale: float, method: str) -> None:
    # Battle of the sexes has 3 equilibria (Osborne & Rubinstein 1994, ex. 34.2); x1e9
    # used to give 2, x1e-9 made `pure` and `support` report spurious ones.
    g = Bimatrix.from_arrays(scale * BOS[0], scale * BOS[1])
    res = nash_equilibria(g, method)
    assert len(res) == 3
    assert [e.row.astype(float).round(9).tolist() for e in res] == [[1, 0], [0.6, 0.4], [0, 1]]


@pytest.mark.parametrize("scale", [1e-9, 1e9])
def test_pure_has_no_spurious_cells_at_small_scale(scale: float) -> None:
    assert len(nash_equilibria(Bimatrix.from_arrays(scale * BOS[0], scale * BOS[1]),
                               "pure")) == 2


def test_is_nash_is_relative() -> None:
    g = Bimatrix.from_arrays(1e9 * BOS[0], 1e9 * BOS[1])
    assert is_nash(g, ([0.6, 0.4], [0.4, 0.6]))
    small = Bimatrix.from_arrays(1e-9 * BOS[0], 1e-9 * BOS[1])
    assert not is_nash(small, ([1, 0], [0, 1]))  # regret 2e-9 absolute, 2/3 relative


def test_one_huge_payoff_loses_nothing() -> None:
    # A single payoff of 1e8 used to make equilibria disappear.
    A = np.array([[1e8, 0, 0], [0, 2, 1], [0, 1, 2]])
    B = np.array([[0, 1, 0], [0, 2, 1], [1, 1, 2]])
    f = nash_equilibria(Bimatrix.from_arrays(A, B))
    e = nash_equilibria(Bimatrix.from_arrays(A.astype(int).tolist(), B.astype(int).tolist(),
                                             exact=True))
    assert len(f) == len(e) and f.diagnostics["snapped"] is False
    assert close_sets(f, nash_equilibria(Bimatrix.from_arrays(A, B), "exact"))


def test_zero_sum_offset_by_1e12() -> None:
    # Constant-sum game offset by 1e12 used to raise "HiGHS Status 15".
    A = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], dtype=float)
    g = Bimatrix.from_arrays(A + 1e12, -A + 1e12)
    (eq,) = nash_equilibria(g, "zero-sum")
    assert np.allclose(eq.row, 1 / 3) and np.allclose(eq.col, 1 / 3)


def test_zero_sum_accepts_rescaled_zero_sum_and_rejects_others() -> None:
    A = np.array([[2, -1], [-1, 1]], dtype=float)
    (eq,) = nash_equilibria(Bimatrix.from_arrays(3 * A, -A / 2 + 7), "zero-sum")
    assert np.allclose(eq.row, [0.4, 0.6])
    with pytest.raises(ValueError, match=r"nash_equilibria\(\): method='zero-sum'.*rescal"):
        nash_equilibria(Bimatrix.from_arrays(*BOS), "zero-sum")


# ---- near-degenerate floats: the documented rule (solver/algorithms/nash/scale.py) ----

def noisy(seed: int, eps: float) -> Bimatrix:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 6))
    A = rng.integers(0, 3, (n, n)) + eps * rng.standard_normal((n, n))
    B = rng.integers(0, 3, (n, n)) + eps * rng.standard_normal((n, n))
    return Bimatrix.from_arrays(A, B)


@pytest.mark.parametrize("eps", [1e-6, 1e-8, 3e-9])
@pytest.mark.parametrize("seed", range(6))
def test_near_degenerate_matches_exact(seed: int, eps: float) -> None:
    # Noise above the snapping resolution: the game is what the floats say; the float
    # method must agree with the exact method on the same numbers (issue 12: at 1e-8,
    # 15 true equilibria went missing).
    g = noisy(seed, eps)
    res = nash_equilibria(g, "vertex")
    assert res.diagnostics["snapped"] is False
    assert close_sets(res, nash_equilibria(g, "exact"), digits=5)
    assert_certified(g, res)


@pytest.mark.parametrize("eps", [1e-10, 1e-12, 1e-14])
@pytest.mark.parametrize("seed", range(6))
def test_near_degenerate_snaps(seed: int, eps: float) -> None:
    # Noise below the resolution: solved as the {0, 1, 2} game it rounds, and certified
    # against the noisy game at the stated relative tolerance.
    g = noisy(seed, eps)
    res = nash_equilibria(g, "vertex")
    assert res.diagnostics["snapped"] is True
    clean = noisy(seed, 0.0)
    assert close_sets(res, nash_equilibria(clean.to_exact()))
    assert_certified(g, res)
