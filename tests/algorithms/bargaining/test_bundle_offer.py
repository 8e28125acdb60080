"""The proposer's best acceptable offer on a bundle (``best_offer``) and its certificate
(``offer_residual``), checked against a brute-force solver that knows nothing of the common
slope: scipy's SLSQP on the same convex program, from several starting points."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from solver.algorithms.bargaining.bundle_offer import best_offer, offer_residual

RESPONDERS = ("target", "sender")


def _bundle(draw: st.DrawFn, n_sectors: int) -> dict[str, np.ndarray]:
    v = np.array([draw(st.floats(0.2, 20.0)) for _ in range(n_sectors)])
    c = np.array([draw(st.floats(0.2, 30.0)) for _ in range(n_sectors)])
    k = np.array([draw(st.sampled_from([1.0, 1.0, 1.5, 2.0, 3.0])) for _ in range(n_sectors)])
    lo = np.array([draw(st.sampled_from([0.0, 0.0, 0.1, 0.3])) for _ in range(n_sectors)])
    return {"v": v, "c": c, "k": k, "lo": lo, "hi": np.ones(n_sectors)}


@st.composite
def offer_problems(draw: st.DrawFn) -> tuple[dict[str, np.ndarray], float, str]:
    """A bundle of 1-5 sectors (linear and curved costs, floors) and a responder's need that
    makes the problem feasible but not trivial (strictly between the box's two corners)."""
    b = _bundle(draw, draw(st.integers(1, 5)))
    responder = draw(st.sampled_from(RESPONDERS))
    return b, _need(b, draw(st.floats(0.05, 0.95)), responder), responder


def _need(b: dict[str, np.ndarray], share: float, responder: str) -> float:
    """A need at ``share`` of the way from the responder's worst to its best box corner."""
    if responder == "target":
        floor, top = (b["c"] * b["lo"] ** b["k"]).sum(), b["c"].sum()
        return float(-(floor + share * (top - floor)))
    floor, top = (b["v"] * b["lo"]).sum(), b["v"].sum()
    return float(floor + share * (top - floor))


def _row(b: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    return tuple(b[n][None, :] for n in ("v", "c", "k", "lo", "hi"))


def _engine(b: dict[str, np.ndarray], need: float, responder: str) -> tuple[bool, np.ndarray]:
    v, c, k, lo, hi = _row(b)
    ok, x = best_offer(v, c, k, lo, hi, np.ones_like(v, bool), np.array([need]), responder)
    return bool(ok[0]), x[0]


def _proposer_value(b: dict[str, np.ndarray], x: np.ndarray, responder: str) -> float:
    """What the proposer maximises: the sender's value, or minus the target's cost."""
    if responder == "target":
        return float((b["v"] * x).sum())
    return -float((b["c"] * np.power(x, b["k"])).sum())


def _responder_gets(b: dict[str, np.ndarray], x: np.ndarray, responder: str) -> float:
    if responder == "target":
        return -float((b["c"] * np.power(x, b["k"])).sum())
    return float((b["v"] * x).sum())


def _slsqp(b: dict[str, np.ndarray], need: float, responder: str) -> float:
    """Brute force: the best proposer value found by SLSQP from several starts (the program
    is convex, so every start should reach the optimum; the best feasible one is kept)."""
    n = len(b["v"])
    scale = float(b["v"].sum() + b["c"].sum())
    bounds = list(zip(b["lo"], b["hi"], strict=True))
    cons = [{"type": "ineq", "fun": lambda x: _responder_gets(b, np.clip(x, 0, 1), responder)
             - need}]
    rng = np.random.default_rng(0)
    starts = [b["lo"].copy(), b["hi"].copy(), 0.5 * (b["lo"] + b["hi"])]
    starts += [b["lo"] + rng.random(n) * (b["hi"] - b["lo"]) for _ in range(3)]
    best = -np.inf
    for x0 in starts:
        res = minimize(lambda x: -_proposer_value(b, np.clip(x, 0, 1), responder), x0,
                       method="SLSQP", bounds=bounds, constraints=cons,
                       options={"ftol": 1e-14, "maxiter": 500})
        x = np.clip(res.x, b["lo"], b["hi"])
        if _responder_gets(b, x, responder) >= need - 1e-9 * scale:
            best = max(best, _proposer_value(b, x, responder))
    assert np.isfinite(best), "SLSQP found no feasible point"
    return best


@settings(max_examples=40)
@given(offer_problems())
def test_best_offer_matches_slsqp_brute_force(problem) -> None:  # type: ignore[no-untyped-def]
    """The common-slope search gives the proposer the optimum of the convex program (within
    1e-7 of the payoff scale, SLSQP's own accuracy), its offer meets the responder's need,
    and its certificate is zero."""
    b, need, responder = problem
    ok, x = _engine(b, need, responder)
    scale = float(b["v"].sum() + b["c"].sum())
    assert ok
    assert np.all(x >= b["lo"] - 1e-15) and np.all(x <= b["hi"] + 1e-15)
    assert _responder_gets(b, x, responder) >= need - 1e-9 * scale
    ours = _proposer_value(b, x, responder)
    brute = _slsqp(b, need, responder)
    assert ours >= brute - 1e-7 * scale
    # The engine is never better than the true optimum (it is feasible, and SLSQP is close).
    assert ours <= brute + 1e-6 * scale
    v, c, k, lo, hi = _row(b)
    res = offer_residual(v, c, k, lo, hi, np.ones_like(v, bool), np.array([need]), responder,
                         x[None])
    assert res[0] <= 1e-9


@settings(max_examples=30)
@given(offer_problems(), st.floats(1e-3, 1e-2))
def test_residual_flags_a_perturbed_offer(problem, delta: float) -> None:  # type: ignore[no-untyped-def]
    """Moving one opening of a certified offer by ``delta`` toward the responder leaves the
    responder's constraint slack (the proposer gives away more than it must): the
    certificate is at least that slack, relative to the payoff scale sum(v + c)."""
    b, need, responder = problem
    _, x = _engine(b, need, responder)
    y = x.copy()
    if responder == "target":  # give the target less to pay: lower one opening
        j = int(np.argmax(x - b["lo"]))
        assert x[j] - b["lo"][j] > delta, "a feasible non-trivial problem leaves room"
        y[j] -= delta
    else:  # give the sender more: raise one opening
        j = int(np.argmax(b["hi"] - x))
        assert b["hi"][j] - x[j] > delta
        y[j] += delta
    v, c, k, lo, hi = _row(b)
    res = offer_residual(v, c, k, lo, hi, np.ones_like(v, bool), np.array([need]), responder,
                         y[None])
    scale = float(b["v"].sum() + b["c"].sum())
    slack = (_responder_gets(b, y, responder) - need) / scale
    assert slack > 0
    assert res[0] >= 0.999 * slack


@settings(max_examples=20)
@given(offer_problems(), st.floats(1e-3, 1e-2))
def test_residual_flags_an_unacceptable_offer(problem, delta: float) -> None:  # type: ignore[no-untyped-def]
    """Moving one opening toward the proposer breaks the responder's constraint: the
    certificate is at least the shortfall, relative to the payoff scale."""
    b, need, responder = problem
    _, x = _engine(b, need, responder)
    y = x.copy()
    if responder == "target":
        j = int(np.argmax(b["hi"] - x))
        y[j] = min(b["hi"][j], y[j] + delta)
    else:
        j = int(np.argmax(x - b["lo"]))
        y[j] = max(b["lo"][j], y[j] - delta)
    if np.array_equal(x, y):
        return
    v, c, k, lo, hi = _row(b)
    res = offer_residual(v, c, k, lo, hi, np.ones_like(v, bool), np.array([need]), responder,
                         y[None])
    scale = float(b["v"].sum() + b["c"].sum())
    short = (need - _responder_gets(b, y, responder)) / scale
    assert short > 0
    assert res[0] >= 0.999 * short


@pytest.mark.parametrize("responder", RESPONDERS)
def test_infeasible_and_easy_corners(responder: str) -> None:
    """Closed forms at the edges: a need no box point meets is infeasible (the responder's
    best offer is returned); a need the proposer's best corner already meets gives that
    corner."""
    b = {"v": np.array([2.0, 3.0]), "c": np.array([1.0, 4.0]), "k": np.array([1.0, 2.0]),
         "lo": np.array([0.2, 0.0]), "hi": np.ones(2)}
    if responder == "target":
        impossible, trivial = -0.5 * 0.2 * 1.0, -10.0  # floors already cost 0.2 > 0.1
        best_corner, responders_best = b["hi"], b["lo"]
    else:
        impossible, trivial = 6.0, 0.1  # the sender can get at most 5; the floors give 0.4
        best_corner, responders_best = b["lo"], b["hi"]
    ok, x = _engine(b, impossible, responder)
    assert not ok and np.array_equal(x, responders_best)
    ok, x = _engine(b, trivial, responder)
    assert ok and np.array_equal(x, best_corner)


def test_linear_sectors_fill_by_ratio() -> None:
    """Fractional knapsack (Dantzig 1957): with linear costs the sender spends the target's
    budget on sectors in decreasing order of v / c. Ratios 4, 2, 1; budget 3.5 buys the
    first (cost 1) and the second (cost 2), and half of the third (cost 1 of 2)."""
    b = {"v": np.array([2.0, 4.0, 4.0]), "c": np.array([2.0, 1.0, 2.0]), "k": np.ones(3),
         "lo": np.zeros(3), "hi": np.ones(3)}
    ok, x = _engine(b, -3.5, "target")
    assert ok
    np.testing.assert_allclose(x, [0.25, 1.0, 1.0], atol=1e-12)
    # The target proposing gives the sender 7 as cheaply as it can: the same ratio order.
    ok, x = _engine(b, 7.0, "sender")
    assert ok
    np.testing.assert_allclose(_proposer_value(b, x, "sender"), -2.5, atol=1e-12)


@st.composite
def batches(draw: st.DrawFn) -> list[tuple[dict[str, np.ndarray], float]]:
    """Rows of different bundle sizes, each with a share in [-0.2, 1.2] (so some rows are
    infeasible or trivially acceptable, and most are interior)."""
    n = draw(st.integers(2, 6))
    return [(_bundle(draw, draw(st.integers(1, 5))), draw(st.floats(-0.2, 1.2)))
            for _ in range(n)]


@settings(max_examples=15)
@given(batches())
def test_batch_rows_equal_row_by_row(rows) -> None:  # type: ignore[no-untyped-def]
    """One batch call (rows of different bundle sizes, padded with junk and masked out)
    gives every row exactly what a call on that row alone gives, for both responders."""
    width = max(len(b["v"]) for b, _ in rows)

    def pad(a: np.ndarray, fill: float) -> np.ndarray:
        return np.concatenate([a, np.full(width - len(a), fill)])

    stacked = {n: np.array([pad(b[n], 1.5) for b, _ in rows]) for n in ("v", "c", "k", "lo", "hi")}
    mask = np.array([[j < len(b["v"]) for j in range(width)] for b, _ in rows])
    for responder in RESPONDERS:
        needs = np.array([_need(b, share, responder) for b, share in rows])
        ok, x = best_offer(stacked["v"], stacked["c"], stacked["k"], stacked["lo"],
                           stacked["hi"], mask, needs, responder)
        for i, (b, _) in enumerate(rows):
            ok1, x1 = _engine(b, float(needs[i]), responder)
            assert ok[i] == ok1
            assert np.array_equal(x[i, : len(b["v"])], x1)
            assert np.all(x[i, len(b["v"]):] == 0.0)
