"""Complete enumeration over the smaller player's polytope, with a caller's budget.

The scheme of lrsnash (Avis, Rosenberg, Savani and von Stengel 2010, *Economic Theory*
42:9-37, section 5). With payoffs shifted positive, the best-response polytopes are

    P = {x >= 0 : B^T x <= 1}  (dimension m),   Q = {y >= 0 : A y <= 1}  (dimension n).

Only P, the polytope of the player with fewer strategies (the game is transposed when
m > n), is enumerated whole. For each vertex x of P, with support S and best-reply
columns J (the tight constraints), the y that complete it to an equilibrium are the
vertices of the face

    F(x) = {y >= 0 : y_j = 0 (j not in J), (A y)_i = 1 (i in S), (A y)_i <= 1 (i not in S)}

of Q. When |J| = |S| and A[S, J] is invertible (every vertex of a nondegenerate game)
F(x) is at most one point, found by one small solve (batched in numpy for the float
path, by FLINT for the exact path); otherwise the face is enumerated on its own
(cddlib, or the exact double description). A 3 x 130 game thus costs the 3-dimensional
P and a few hundred 3 x 3 solves, not Q's hundreds of thousands of vertices.

**Budget.** ``max_vertices`` caps the vertices of P that are processed and
``time_limit`` (seconds) the time; both are checked between steps (during the exact
double description, after each constraint; in the float path after P is enumerated and
between batches of faces; one qhull or cddlib call is never interrupted). When either
is reached, the kernel returns what it found so far with ``diagnostics["budget"]``
saying which limit stopped it; the front door raises :class:`BudgetExceeded` carrying
that partial result, marked ``complete=False``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import cdd
import flint
import numpy as np
from numpy.typing import NDArray

from solver.algorithms.nash.exact import _dd_cone, _dd_vertices, _integer_shifted
from solver.algorithms.nash.vertex import (
    AMBIGUOUS_SLACK,
    AMBIGUOUS_SLACK_DEGENERATE,
    LABEL_TOL,
    ExtremePairs,
    _dedupe_rows,
    _rescaled,
    _vertices,
)
from solver.representations.bimatrix import Bimatrix

__all__ = ["Budget", "float_pairs", "exact_face_pairs", "complete_pairs", "complete_profiles"]


class _OutOfBudget(Exception):
    pass


@dataclass(frozen=True)
class Budget:
    """A caller's limits: vertices of P processed, and seconds from ``start``.

    Parameters
    ----------
    max_vertices : int or None, optional
        Most vertices of P processed (None: no limit).
    time_limit : float or None, optional
        Most seconds since ``start`` (None: no limit).
    start : float, optional
        The ``time.perf_counter()`` reading the time limit counts from.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]]).to_exact()
    >>> ep, verdict = exact_face_pairs(g, Budget(max_vertices=1))
    >>> ep.pairs.tolist(), verdict
    ([[0, 0]], 'max_vertices=1 reached')
    """

    max_vertices: int | None = None
    time_limit: float | None = None
    start: float = 0.0

    def check(self, vertices: int) -> None:
        if self.max_vertices is not None and vertices > self.max_vertices:
            raise _OutOfBudget(f"max_vertices={self.max_vertices} reached")
        if self.time_limit is not None and time.perf_counter() - self.start > self.time_limit:
            raise _OutOfBudget(f"time_limit={self.time_limit} s reached")


class _Ambiguous(Exception):
    pass


def _band(S: NDArray[np.float64], wide: bool) -> bool:
    lo, hi = AMBIGUOUS_SLACK_DEGENERATE if wide else AMBIGUOUS_SLACK
    a = np.abs(S)
    return bool(np.any((a > lo) & (a < hi)))


def _face_cdd(A: NDArray[np.float64], S: NDArray[np.bool_], J: NDArray[np.intp]
              ) -> NDArray[np.float64]:
    """Vertices (as y_J) of the face F(x) by cddlib; may be empty."""
    k = J.size
    sub = A[:, J]
    rows = [[0.0, *np.eye(k)[j]] for j in range(k)]
    rows += [[1.0, *(-sub[i])] for i in range(sub.shape[0])]
    lin = {k + int(i) for i in np.flatnonzero(S)}
    mat = cdd.matrix_from_array(rows, lin_set=lin, rep_type=cdd.RepType.INEQUALITY)
    V = np.array(cdd.copy_generators(cdd.polyhedron_from_matrix(mat)).array, dtype=float)
    if V.size == 0:
        return np.zeros((0, k))
    return V[V[:, 0] > 0.5, 1:]


def float_pairs(game: Bimatrix, budget: Budget) -> tuple[ExtremePairs, str | None]:
    """Extreme equilibria of a float game by the face scheme, and the budget verdict.

    Raises ``RuntimeError`` (cddlib) or returns ``ExtremePairs.ambiguous`` when the floats
    cannot decide a tie; the caller re-solves exactly.

    Parameters
    ----------
    game : Bimatrix
        The game (its payoffs are read as floats and rescaled).
    budget : Budget
        The caller's limits on vertices of P and on time.

    Returns
    -------
    pairs : ExtremePairs
        The normalised vertices of both players and the equilibrium index pairs found (all of
        them unless the budget stopped the run).
    verdict : str or None
        Which limit stopped the run, or None when it completed.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> ep, verdict = float_pairs(g, Budget())
    >>> ep.pairs.tolist(), ep.engines, verdict
    ([[0, 0], [1, 1], [2, 2]], ('qhull', 'face'), None)
    """
    m, n = game.shape
    flip = m > n
    A0, B0 = np.asarray(game.A, dtype=float), np.asarray(game.B, dtype=float)
    A, B = (_rescaled(B0.T), _rescaled(A0.T)) if flip else (_rescaled(A0), _rescaled(B0))
    m, n = A.shape
    X, engine = _vertices(B.T)
    X = _dedupe_rows(X[X.max(axis=1) > LABEL_TOL])
    XB = X @ B
    wide = engine != "qhull"
    if _band(np.hstack([X, 1.0 - XB]), wide):
        return ExtremePairs(X, np.zeros((0, n)), np.zeros((0, 2), np.intp), ambiguous=True), None
    supp = X > LABEL_TOL
    best = np.abs(1.0 - XB) <= LABEL_TOL
    ys: list[NDArray[np.float64]] = []
    pairs: list[tuple[int, int]] = []
    index: dict[bytes, int] = {}
    verdict = None
    try:
        total = X.shape[0]
        limit = total if budget.max_vertices is None else min(total, budget.max_vertices)
        ks, kj = supp.sum(axis=1), best.sum(axis=1)
        order = np.arange(limit)
        square = order[ks[order] == kj[order]]
        odd = [int(v) for v in order[ks[order] != kj[order]]]
        for k in np.unique(ks[square]):
            idx = square[ks[square] == k]
            for chunk in np.array_split(idx, max(1, idx.size // 4096)):
                budget.check(0)
                odd += _square_faces(A, supp, best, chunk, int(k), ys, pairs, index, wide)
        for c, v in enumerate(odd):
            if c % 64 == 0:
                budget.check(0)
            J = np.flatnonzero(best[v])
            Yj = _face_cdd(A, supp[v], J)
            for yj in Yj:
                y = np.zeros(n)
                y[J] = yj
                _accept(A, supp[v], y, v, ys, pairs, index, True)
        if limit < total:
            verdict = f"max_vertices={budget.max_vertices} reached ({total} vertices in P)"
    except _OutOfBudget as why:
        verdict = str(why)
    except _Ambiguous:
        return ExtremePairs(X, np.zeros((0, n)), np.zeros((0, 2), np.intp), ambiguous=True), None
    Xn = np.where(X <= LABEL_TOL, 0.0, X)
    Xn = Xn / Xn.sum(axis=1, keepdims=True)
    Y = np.array(ys).reshape(len(ys), n)
    Yn = np.where(Y <= LABEL_TOL, 0.0, Y)
    Yn = Yn / np.maximum(Yn.sum(axis=1, keepdims=True), 1e-300)
    P = np.array(pairs, dtype=np.intp).reshape(-1, 2)
    if flip:
        return ExtremePairs(Yn, Xn, P[:, ::-1].copy(), ("face", engine)), verdict
    return ExtremePairs(Xn, Yn, P, (engine, "face")), verdict


def _accept(A: NDArray[np.float64], S: NDArray[np.bool_], y: NDArray[np.float64], v: int,
            ys: list[NDArray[np.float64]], pairs: list[tuple[int, int]],
            index: dict[bytes, int], wide: bool) -> None:
    """Keep y for vertex v when it lies in the face (raise when the floats cannot tell)."""
    slack = np.concatenate([y, 1.0 - A @ y])
    if _band(slack, wide):
        raise _Ambiguous
    if slack.min() < -LABEL_TOL or np.abs(slack[y.size:][S]).max(initial=0.0) > LABEL_TOL:
        return
    y = np.where(y <= LABEL_TOL, 0.0, y)
    key = np.round(y / y.sum(), 10).tobytes()
    j = index.setdefault(key, len(ys))
    if j == len(ys):
        ys.append(y)
    pairs.append((v, j))


def _square_faces(A: NDArray[np.float64], supp: NDArray[np.bool_], best: NDArray[np.bool_],
                  idx: NDArray[np.intp], k: int, ys: list[NDArray[np.float64]],
                  pairs: list[tuple[int, int]], index: dict[bytes, int], wide: bool,
                  ) -> list[int]:
    """Solve A[S, J] y_J = 1 for a batch of vertices with |S| = |J| = k; return the
    vertices whose system is singular (their face needs enumerating)."""
    Si = np.nonzero(supp[idx])[1].reshape(idx.size, k)
    Ji = np.nonzero(best[idx])[1].reshape(idx.size, k)
    M = A[Si[:, :, None], Ji[:, None, :]]
    # Singular (relative to Hadamard's bound) systems go to face enumeration.
    regular = np.abs(np.linalg.det(M)) > 1e-10 * np.linalg.norm(M, axis=2).prod(axis=1)
    sol = np.zeros((idx.size, k))
    if regular.any():
        sol[regular] = np.linalg.solve(M[regular], np.ones((int(regular.sum()), k, 1)))[..., 0]
    n = A.shape[1]
    Y = np.zeros((idx.size, n))
    Y[np.arange(idx.size)[:, None], Ji] = sol
    slack = np.hstack([Y, 1.0 - Y @ A.T])[regular]
    if _band(slack, wide):
        raise _Ambiguous
    tight_rows = np.abs(slack[:, n:] * supp[idx[regular]]).max(axis=1, initial=0.0)
    ok = (slack.min(axis=1) >= -LABEL_TOL) & (tight_rows <= LABEL_TOL)
    for r in np.flatnonzero(regular)[ok]:
        _accept(A, supp[idx[r]], Y[r], int(idx[r]), ys, pairs, index, wide)
    return [int(v) for v in idx[~regular]]


def complete_pairs(game: Bimatrix, *, exact: bool, budget: Budget
                   ) -> tuple[ExtremePairs, dict[str, Any]]:
    """Every extreme equilibrium as vertex pairs, exact or float, with diagnostics.

    A float run the floats cannot decide (a slack inside ``AMBIGUOUS_SLACK``, or cddlib's
    numerical inconsistency) is re-run exactly on the game's float values; the
    diagnostics say why under ``"exact_fallback"``.

    Parameters
    ----------
    game : Bimatrix
        The game.
    exact : bool
        Run in rationals (:func:`exact_face_pairs`) rather than in floats first.
    budget : Budget
        The caller's limits on vertices of P and on time.

    Returns
    -------
    pairs : ExtremePairs
        The vertices of both players and the equilibrium index pairs.
    diagnostics : dict
        ``row_vertices``, ``col_vertices`` (counts), ``polytope_engines``,
        ``exact_fallback`` (why a float run was re-run exactly, or None) and ``budget``
        (which limit stopped the run, or None).

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> ep, diag = complete_pairs(g, exact=False, budget=Budget())
    >>> len(ep.pairs), diag["polytope_engines"], diag["exact_fallback"]
    (3, ('qhull', 'face'), None)
    """
    reason = None
    if not exact:
        try:
            ep, verdict = float_pairs(game, budget)
            if ep.ambiguous:
                reason = "a slack in the ambiguous band (near-degenerate floats)"
        except RuntimeError as err:  # cddlib: "Numerical inconsistency is found"
            reason = f"cddlib: {str(err).strip()}"
    if exact or reason is not None:
        ep, verdict = exact_face_pairs(game.to_exact(), budget)
    return ep, {
        "row_vertices": int(ep.row_vertices.shape[0]),
        "col_vertices": int(ep.col_vertices.shape[0]),
        "polytope_engines": ep.engines,
        "exact_fallback": reason,
        "budget": verdict,
    }


def complete_profiles(game: Bimatrix, tol: float, *, exact: bool,
                      max_vertices: int | None = None, time_limit: float | None = None,
                      ) -> tuple[list[tuple[Any, Any]], dict[str, Any]]:
    """Kernel of ``method="vertex"`` (``exact=False``) and ``method="exact"``.

    Parameters
    ----------
    game : Bimatrix
        The game.
    tol : float
        The solver tolerance (accepted for the common kernel signature).
    exact : bool
        Enumerate in rationals (``method="exact"``) or in floats (``method="vertex"``).
    max_vertices : int or None, optional
        Most vertices of the smaller player's polytope processed.
    time_limit : float or None, optional
        Most seconds spent, counted from the call.

    Returns
    -------
    profiles : list of (numpy.ndarray, numpy.ndarray)
        One (row, column) mixed-strategy pair per extreme equilibrium.
    diagnostics : dict
        As returned by :func:`complete_pairs`.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> profiles, diag = complete_profiles(g, 1e-9, exact=True)
    >>> [(x.tolist(), y.tolist()) for x, y in profiles][2], diag["budget"]
    (([Fraction(3, 5), Fraction(2, 5)], [Fraction(2, 5), Fraction(3, 5)]), None)
    """
    budget = Budget(max_vertices, time_limit, time.perf_counter())
    ep, diag = complete_pairs(game, exact=exact, budget=budget)
    return [(ep.row_vertices[i], ep.col_vertices[j]) for i, j in ep.pairs], diag


def _fmpq(rows: list[list[int]]) -> Any:
    return flint.fmpq_mat(len(rows), len(rows[0]), [v for r in rows for v in r])


def exact_face_pairs(game: Bimatrix, budget: Budget) -> tuple[ExtremePairs, str | None]:
    """Extreme equilibria in rationals by the face scheme: provably complete.

    Parameters
    ----------
    game : Bimatrix
        An exact game (rational payoffs).
    budget : Budget
        The caller's limits on vertices of P and on time.

    Returns
    -------
    pairs : ExtremePairs
        The vertices of both players as Fractions and the equilibrium index pairs (every one
        unless the budget stopped the run).
    verdict : str or None
        Which limit stopped the run, or None when it completed.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> ep, verdict = exact_face_pairs(g.to_exact(), Budget())
    >>> ep.row_vertices.tolist()[2], ep.pairs.tolist(), verdict
    ([Fraction(3, 5), Fraction(2, 5)], [[0, 0], [1, 1], [2, 2]], None)
    """
    m, n = game.shape
    flip = m > n
    A = _integer_shifted(game.B.T if flip else game.A)
    B = _integer_shifted(game.A.T if flip else game.B)
    m, n = len(A), len(A[0])
    # Equal columns of B give equal constraints of P: enumerate once, map labels back.
    first: dict[tuple[int, ...], int] = {}
    rep = [first.setdefault(tuple(c), len(first)) for c in zip(*B, strict=True)]
    BT = [list(c) for c in first]
    xs: list[list[Fraction]] = []
    ys: list[tuple[Fraction, ...]] = []
    y_index: dict[tuple[Fraction, ...], int] = {}
    pairs: list[tuple[int, int]] = []
    verdict = None
    check: Callable[[int], None] = budget.check
    try:
        verts = _dd_vertices(BT, check=lambda rays: check(0))
        for count, (ray, mask) in enumerate(v for v in verts if any(v[0][1:])):
            budget.check(count + 1)
            w = ray[1:]
            total = sum(w)
            xs.append([Fraction(v, total) for v in w])
            S = [i for i in range(m) if not (mask >> (1 + i)) & 1]
            J = [j for j in range(n) if (mask >> (1 + m + rep[j])) & 1]
            for y in _exact_face(A, S, J, n):
                key = tuple(y)
                pairs.append((len(xs) - 1, y_index.setdefault(key, len(y_index))))
                if len(y_index) > len(ys):
                    ys.append(key)
    except _OutOfBudget as why:
        verdict = str(why)
    X = _obj(xs, m)
    Y = _obj([list(y) for y in ys], n)
    P = np.array(pairs, dtype=np.intp).reshape(-1, 2)
    if flip:
        return ExtremePairs(Y, X, P[:, ::-1].copy(), ("face", "exact")), verdict
    return ExtremePairs(X, Y, P, ("exact", "face")), verdict


def _exact_face(A: list[list[int]], S: list[int], J: list[int], n: int
                ) -> list[list[Fraction]]:
    """Normalised vertices y of the face F(x), exactly."""
    if not J:
        return []
    out = []
    if len(S) == len(J):
        M = _fmpq([[A[i][j] for j in J] for i in S])
        if M.det() != 0:
            sol = M.solve(flint.fmpq_mat(len(S), 1, [1] * len(S)))
            cand = [[Fraction(int(sol[r, 0].p), int(sol[r, 0].q)) for r in range(len(J))]]
        else:
            cand = _face_dd(A, S, J)
    else:
        cand = _face_dd(A, S, J)
    Sset = set(S)
    for yj in cand:
        if any(v < 0 for v in yj):
            continue
        ok = all(
            (sum(A[i][j] * v for j, v in zip(J, yj, strict=True)) == 1) if i in Sset
            else (sum(A[i][j] * v for j, v in zip(J, yj, strict=True)) <= 1)
            for i in range(len(A))
        )
        if ok:
            y = [Fraction(0)] * n
            total = sum(yj)
            for j, v in zip(J, yj, strict=True):
                y[j] = v / total
            out.append(y)
    return out


def _face_dd(A: list[list[int]], S: list[int], J: list[int]) -> list[list[Fraction]]:
    """Vertices (as y_J) of the face by the exact double description, equalities as pairs."""
    equal = {(1, *(-A[i][j] for j in J)) for i in S}
    rows: list[tuple[int, ...]] = []
    for row in dict.fromkeys((1, *(-A[i][j] for j in J)) for i in range(len(A))):
        rows.append(row)  # duplicates dropped: equal rows are one constraint
        if row in equal:
            rows.append(tuple(-v for v in row))
    out = []
    for ray, _ in _dd_cone(rows, len(J) + 1):
        if ray[0] > 0:
            out.append([Fraction(v, ray[0]) for v in ray[1:]])
    return out


def _obj(rows: list[list[Fraction]], width: int) -> NDArray[Any]:
    arr = np.empty((len(rows), width), dtype=object)
    for i, r in enumerate(rows):
        arr[i, :] = r
    return arr
