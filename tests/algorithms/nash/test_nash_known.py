"""Known answers, each from a cited source, and one contract suite run against every method."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from solver.algorithms.nash import METHODS, BudgetExceeded, NashResult, nash_equilibria
from solver.algorithms.nash.regret import is_nash
from solver.representations.bimatrix import Bimatrix


def exact_set(result: NashResult) -> set[tuple[tuple[F, ...], tuple[F, ...]]]:
    return {(tuple(e.row), tuple(e.col)) for e in result.equilibria}


def fr(*vals: object) -> tuple[F, ...]:
    return tuple(F(str(v)) for v in vals)


# Degenerate games with their true counts of extreme equilibria
# (/work/shared/reference/peer-libraries.md, each checked against Gambit's enummixed).
DEGENERATE = [
    pytest.param([[3, 2, 3], [3, 6, 1]], [[3, 2, 0], [3, 5, 6]], 3, id="2x3-two-best-replies"),
    # Entry game: (In, Acc), (Out, Fight), (Out, 1/2-1/2).
    pytest.param([[0, 0], [-1, 1]], [[2, 2], [-1, 1]], 3, id="entry"),
    pytest.param([[1, -1], [-1, 1], [-1, 1]], [[-1, 1], [1, -1], [1, -1]], 2,
                 id="matching-pennies-duplicated-row"),
    pytest.param([[1, 1], [1, 1]], [[1, 1], [1, 1]], 4, id="all-equal-2x2"),
    # https://github.com/drvinceknight/Nashpy/issues/82 (players minimise: negate): 8.
    pytest.param((-np.array([[0, 0, 6, 0, 0], [0, 0, 3, 2, 1], [4, 3, 0, 0, 1]])).tolist(),
                 (-np.array([[3, 0, 2, 1, 0], [0, 2, 0, 0, 4], [4, 0, 2, 4, 4]])).tolist(),
                 8, id="nashpy-82"),
    # https://github.com/drvinceknight/Nashpy/issues/222: ([p, 1-p], [1, 0]), p in [0, 2/7].
    pytest.param([[-3, 3], [-3, 5]], [[2, 7], [4, 2]], 2, id="nashpy-222"),
]


@pytest.mark.parametrize("A, B, count", DEGENERATE)
@pytest.mark.parametrize("exact", [True, False], ids=["exact", "float"])
def test_degenerate_counts(A: list, B: list, count: int, exact: bool) -> None:
    res = nash_equilibria(Bimatrix.from_arrays(A, B, exact=exact))
    assert len(res.equilibria) == count
    assert res.complete and res.exact is exact


def test_nashpy_82_listed_equilibria() -> None:
    # The 8 profiles listed in nashpy issue #82 (y: row, z: column).
    A = -np.array([[0, 0, 6, 0, 0], [0, 0, 3, 2, 1], [4, 3, 0, 0, 1]])
    B = -np.array([[3, 0, 2, 1, 0], [0, 2, 0, 0, 4], [4, 0, 2, 4, 4]])
    listed = {
        (fr(1, 0, 0), fr(0, 1, 0, 0, 0)), (fr(1, 0, 0), fr(0, 0, 0, 0, 1)),
        (fr("2/3", "1/3", 0), fr(0, 1, 0, 0, 0)),
        (fr("1/3", "1/2", "1/6"), fr(0, "4/9", "2/9", "1/3", 0)),
        (fr(0, "1/2", "1/2"), fr(0, "1/2", "1/2", 0, 0)),
        (fr(0, 1, 0), fr("3/7", 0, "4/7", 0, 0)), (fr(0, 1, 0), fr(1, 0, 0, 0, 0)),
        (fr(0, 1, 0), fr("3/8", 0, "1/4", "3/8", 0)),
    }
    assert exact_set(nash_equilibria(Bimatrix.from_arrays(A, B, exact=True))) == listed


def test_matching_pennies() -> None:
    # von Neumann & Morgenstern (1944); unique equilibrium, both mix 1/2-1/2.
    g = Bimatrix.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], exact=True)
    assert exact_set(nash_equilibria(g)) == {(fr("1/2", "1/2"), fr("1/2", "1/2"))}


def test_battle_of_the_sexes() -> None:
    # Luce & Raiffa (1957), ch. 5: two pure equilibria and a mixed one (3/5, 2/5), (2/5, 3/5).
    g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]], exact=True)
    res = nash_equilibria(g)
    assert exact_set(res) == {
        (fr(1, 0), fr(1, 0)), (fr(0, 1), fr(0, 1)), (fr("3/5", "2/5"), fr("2/5", "3/5")),
    }
    assert res.equilibria[1].payoffs == (F(6, 5), F(6, 5))


def test_shapley_1964() -> None:
    # Shapley (1964), "Some topics in two-person games": the unique equilibrium is uniform
    # (and fictitious play cycles around it).
    A = [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
    B = [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    third = fr("1/3", "1/3", "1/3")
    assert exact_set(nash_equilibria(Bimatrix.from_arrays(A, B, exact=True))) == {
        (third, third)
    }


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6])
def test_identity_coordination(n: int) -> None:
    # Quint & Shubik (1997): the n x n identity coordination game has 2^n - 1 equilibria,
    # uniform on every nonempty common support (nondegenerate, so all are isolated).
    res = nash_equilibria(Bimatrix.from_arrays(np.eye(n), np.eye(n)))
    assert len(res.equilibria) == 2**n - 1
    for eq in res.equilibria:
        assert eq.row_support == eq.col_support
        assert np.allclose(eq.row[list(eq.row_support)], 1 / len(eq.row_support))


def sanction_game() -> Bimatrix:
    # docs/model.md with q G = 6, c = 3, L_T = 4, L_S = 2, a = 1, d_S = d_T = 0.5.
    # Sender: NoDemand, Demand/Sanction, Demand/BackDown;
    # target: Comply, Refuse/Concede, Refuse/HoldOut.
    qG, c, LT, LS, a, d = 6, 3, 4, 2, 1, F(1, 2)
    concede = ((1 - d) * -LS + d * qG, (1 - d) * -LT - d * c)
    A = [[0, 0, 0], [qG, concede[0], -LS], [qG, -a, -a]]
    B = [[0, 0, 0], [-c, concede[1], -LT], [-c, 0, 0]]
    return Bimatrix.from_arrays(
        A, B, exact=True, players=("Sender", "Target"),
        row_labels=["NoDemand", "Demand/Sanction", "Demand/BackDown"],
        col_labels=["Comply", "Refuse/Concede", "Refuse/HoldOut"],
    )


def test_sanction_game_normal_form() -> None:
    # c < L_T: the target concedes; 2 > -a: the threat is credible; so the SPE is
    # (Demand/Sanction, Comply) with payoffs (q G, -c) = (6, -3) (docs/model.md). The
    # NoDemand row is constant, so the game is degenerate: NoDemand against every target
    # mix that makes both demands unprofitable (6 y1 + 2 y2 - 2 y3 <= 0 and
    # 6 y1 - y2 - y3 <= 0), whose corners are the four listed, and the SPE with BackDown
    # mixed in up to 1/7 (where Refuse/Concede ties with Comply).
    res = nash_equilibria(sanction_game())
    assert exact_set(res) == {
        (fr(1, 0, 0), fr(0, 0, 1)), (fr(1, 0, 0), fr(0, "1/2", "1/2")),
        (fr(1, 0, 0), fr("1/7", 0, "6/7")), (fr(1, 0, 0), fr("1/7", "3/14", "9/14")),
        (fr(0, 1, 0), fr(1, 0, 0)), (fr(0, "6/7", "1/7"), fr(1, 0, 0)),
    }
    spe = [e for e in res.equilibria if e.row[1] == 1]
    assert spe[0].payoffs == (6, -3)


# One contract suite, every method: only certified, normalised, distinct profiles.
GAMES = [
    pytest.param(Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]]), id="bos"),
    pytest.param(Bimatrix.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]), id="pennies"),
    pytest.param(Bimatrix.from_arrays([[0, 0], [-1, 1]], [[2, 2], [-1, 1]]), id="entry"),
    pytest.param(sanction_game(), id="sanction-exact"),
    pytest.param(
        Bimatrix.from_arrays(*np.random.default_rng(3).random((2, 4, 5))), id="random-4x5"
    ),
]


@pytest.mark.parametrize("game", GAMES)
@pytest.mark.parametrize("method", ["auto", *METHODS])
def test_contract(game: Bimatrix, method: str) -> None:
    A = np.asarray(game.A, dtype=float)
    if method == "zero-sum" and np.ptp(A + np.asarray(game.B, dtype=float)) > 0:
        with pytest.raises(ValueError, match="constant-sum"):
            nash_equilibria(game, method)
        return
    res = nash_equilibria(game, method)
    assert res.method == (method if method != "auto" else res.method)
    assert res.game is game
    keys = [e.key() for e in res.equilibria]
    assert len(keys) == len(set(keys))
    work = game.to_exact() if method == "exact" else (game if res.exact else game.to_float())
    for e in res.equilibria:
        assert all(v >= 0 for v in e.row) and all(v >= 0 for v in e.col)
        assert sum(e.row) == pytest.approx(1) and sum(e.col) == pytest.approx(1)
        assert is_nash(work, (e.row, e.col), tol=res.tol)
        if res.exact:
            assert e.regret == 0 and isinstance(e.row[0], F)
    complete = nash_equilibria(game)
    full = {e.key(6) for e in nash_equilibria(game.to_float()).equilibria}
    assert {e.key(6) for e in nash_equilibria(game.to_float(), method).equilibria} <= full if (
        method != "exact"
    ) else True
    if res.complete:
        assert len(res.equilibria) == len(complete.equilibria)


def test_auto_keeps_a_13x13_exact_game_exact() -> None:
    # Issue 12: an exact 13x13 game under auto silently returned floats (the worst-case
    # vertex bound sent it to the float method). Now auto runs the exact method; a short
    # time limit stops it, and the partial result shows what ran.
    rng = np.random.default_rng(13)
    g = Bimatrix.from_arrays(rng.integers(0, 9, (13, 13)), rng.integers(0, 9, (13, 13)),
                             exact=True)
    with pytest.raises(BudgetExceeded) as info:
        nash_equilibria(g, time_limit=0.05)
    part = info.value.partial
    assert part is not None and part.method == "exact" and part.exact and not part.complete
    assert all(e.regret == 0 and isinstance(e.row[0], F) for e in part)


def test_auto_is_exact_for_exact_games() -> None:
    g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]], exact=True)
    res = nash_equilibria(g)
    assert (res.method, res.exact, res.complete) == ("exact", True, True)
    assert nash_equilibria(g.to_float()).method == "vertex"


def test_lemke_howson_on_large_game_returns() -> None:
    # 40x40 is beyond any complete method; Lemke-Howson still returns certified profiles.
    rng = np.random.default_rng(0)
    g = Bimatrix.from_arrays(rng.random((40, 40)), rng.random((40, 40)))
    res = nash_equilibria(g, "lemke-howson")
    assert len(res.equilibria) >= 1 and not res.complete
    assert all(e.regret <= 1e-9 for e in res.equilibria)


@pytest.mark.parametrize("method, n", [("vertex", 30), ("auto", 30), ("exact", 16)])
def test_large_degenerate_game_is_not_refused(method: str, n: int) -> None:
    # 14x14 and up used to be refused by the worst-case vertex bound; with all payoffs
    # equal every pure profile is an extreme equilibrium (each is a vertex pair), n^2.
    g = Bimatrix.from_arrays(np.zeros((n, n)), np.zeros((n, n)))
    res = nash_equilibria(g, method)
    assert len(res) == n * n and res.complete


@pytest.mark.parametrize("method", ["vertex", "exact"])
def test_budget_stops_with_a_partial_result(method: str) -> None:
    rng = np.random.default_rng(3)
    g = Bimatrix.from_arrays(rng.random((6, 6)), rng.random((6, 6)))
    full = nash_equilibria(g, method)
    with pytest.raises(BudgetExceeded, match=r"nash_equilibria\(\): max_vertices=3 reached"
                       r".*lemke_howson") as info:
        nash_equilibria(g, method, max_vertices=3)
    part = info.value.partial
    assert not part.complete and part.diagnostics["budget"]
    assert {e.key(6) for e in part} <= {e.key(6) for e in full}
    assert nash_equilibria(g, method, max_vertices=10**6, time_limit=60).complete


def test_time_limit_stops_exact_enumeration() -> None:
    rng = np.random.default_rng(4)
    g = Bimatrix.from_arrays(rng.integers(0, 99, (12, 12)), rng.integers(0, 99, (12, 12)),
                             exact=True)
    with pytest.raises(BudgetExceeded, match=r"time_limit=0\.01 s reached"):
        nash_equilibria(g, time_limit=0.01)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        pytest.param({"max_vertices": 0}, r"max_vertices must be None or an integer >= 1",
                     id="zero"),
        pytest.param({"time_limit": -1}, r"time_limit must be None or seconds > 0", id="neg"),
        pytest.param({"method": "support", "time_limit": 1.0},
                     r"max_vertices and time_limit apply to the complete methods",
                     id="incomplete-method"),
    ],
)
def test_bad_budget(kwargs: dict, match: str) -> None:
    with pytest.raises(ValueError, match=r"nash_equilibria\(\): " + match):
        nash_equilibria(Bimatrix.from_arrays([[1]], [[1]]), **kwargs)


def test_support_too_large() -> None:
    g = Bimatrix.from_arrays(np.zeros((12, 12)), np.zeros((12, 12)))
    with pytest.raises(ValueError, match=r"method='support'.*16769025"):
        nash_equilibria(g, "support")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        pytest.param({"method": "simplex"},
                     r"nash_equilibria\(\): method must be one of.*'simplex'", id="method"),
        pytest.param({"tol": -1.0}, r"nash_equilibria\(\): tol must be.*-1\.0", id="tol-neg"),
        pytest.param({"tol": float("nan")}, r"nash_equilibria\(\): tol .*nan", id="tol-nan"),
    ],
)
def test_bad_arguments(kwargs: dict, match: str) -> None:
    g = Bimatrix.from_arrays([[1]], [[1]])
    with pytest.raises(ValueError, match=match):
        nash_equilibria(g, **kwargs)


def test_game_must_be_bimatrix() -> None:
    with pytest.raises(ValueError, match=r"nash_equilibria\(\): game must be a Bimatrix"):
        nash_equilibria([[1, 0], [0, 1]])  # type: ignore[arg-type]


def test_zero_sum_lp_value() -> None:
    # Rock-paper-scissors: value 0, unique optimal strategies uniform.
    A = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    res = nash_equilibria(Bimatrix.from_arrays(A, -A), "zero-sum")
    assert res.equilibria[0].payoffs[0] == pytest.approx(0, abs=1e-9)  # the value
    assert np.allclose(res.equilibria[0].row, 1 / 3)


def test_probabilities_never_negative_float() -> None:
    # nashpy's vertex enumeration returns -3.8e-17 style entries; ours are clipped.
    rng = np.random.default_rng(1)
    g = Bimatrix.from_arrays(rng.random((7, 7)), rng.random((7, 7)))
    for e in nash_equilibria(g).equilibria:
        assert (e.row >= 0).all() and (e.col >= 0).all()
        assert e.row.sum() == pytest.approx(1, abs=1e-15)
