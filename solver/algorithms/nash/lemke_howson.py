"""Lemke-Howson from every starting label, results deduplicated.

Its own float tableau with a lexicographic ratio test (so degenerate games do not cycle)
on payoffs rescaled to [1, 2], and a cap on pivots per path, so it always returns. nashpy's
``lemke_howson`` is not wrapped: its integer pivoting never divides by the previous pivot,
so entries grow without bound (1e162 after 14 pivots on 10x10; inf/NaN and an endless loop
from 30x30). It finds only equilibria reachable by Lemke-Howson paths: not complete.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from solver.representations.bimatrix import Bimatrix

__all__ = ["lemke_howson_path", "lemke_howson_profiles"]

_EPS = 1e-12


def _rescaled(M: NDArray[Any]) -> NDArray[np.float64]:
    M = np.asarray(M, dtype=float)
    lo, hi = float(M.min()), float(M.max())
    return (M - lo) / (hi - lo if hi > lo else 1.0) + 1.0


class _Tableau:
    """Rows ``T @ [vars..., -rhs]``: one system of the two, variables indexed by label."""

    def __init__(self, T: NDArray[np.float64], basis: list[int]) -> None:
        self.T = T
        self.basis = basis
        self.lex_cols = np.array(basis, dtype=np.intp)  # the initial basis: its columns hold B^-1

    def pivot(self, enter: int) -> int:
        col = self.T[:, enter]
        cand = np.flatnonzero(col > _EPS)
        if cand.size == 0:
            raise RuntimeError("unbounded ray: the game's polytope is not bounded")
        # Lexicographic minimum ratio: (rhs, B^-1 columns) / pivot column.
        keys = np.column_stack([self.T[cand, -1], self.T[np.ix_(cand, self.lex_cols)]])
        keys = keys / col[cand, None]
        order = np.lexsort(np.round(keys, 12).T[::-1])
        row = int(cand[order[0]])
        leave = self.basis[row]
        self.T[row] /= self.T[row, enter]
        others = np.arange(self.T.shape[0]) != row
        self.T[others] -= np.outer(self.T[others, enter], self.T[row])
        self.basis[row] = enter
        return leave

    def values(self, labels: range) -> NDArray[np.float64]:
        out = np.zeros(len(labels))
        for r, b in enumerate(self.basis):
            if b in labels:
                out[b - labels.start] = self.T[r, -1]
        return out


def lemke_howson_path(
    A: NDArray[Any], B: NDArray[Any], label: int, max_pivots: int = 10_000
) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
    """Follow the path that drops ``label`` from the artificial equilibrium.

    Returns the normalised profile, or ``None`` when ``max_pivots`` is reached.

    Examples
    --------
    >>> x, y = lemke_howson_path(np.array([[3, 0], [0, 2]]), np.array([[2, 0], [0, 3]]), 0)
    >>> x.tolist(), y.tolist()
    ([1.0, 0.0], [1.0, 0.0])
    """
    A, B = _rescaled(A), _rescaled(B)
    m, n = A.shape
    # Q-system: r (labels 0..m-1) + A y (labels m..m+n-1) = 1
    TQ = np.hstack([np.eye(m), A, np.ones((m, 1))])
    # P-system: B^T x (labels 0..m-1) + s (labels m..m+n-1) = 1
    TP = np.hstack([B.T, np.eye(n), np.ones((n, 1))])
    Q = _Tableau(TQ, list(range(m)))
    P = _Tableau(TP, list(range(m, m + n)))
    system, enter = (P, label) if label < m else (Q, label)
    for _ in range(max_pivots):
        leave = system.pivot(enter)
        if leave == label:
            x = P.values(range(0, m))
            y = Q.values(range(m, m + n))
            return x / x.sum(), y / y.sum()
        system = Q if system is P else P
        enter = leave
    return None


def lemke_howson_profiles(
    game: Bimatrix, tol: float
) -> tuple[list[tuple[Any, Any]], dict[str, Any]]:
    """Kernel of ``method="lemke-howson"``: one path per starting label.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> len(lemke_howson_profiles(g, 1e-9)[0])
    4
    """
    m, n = game.shape
    out = []
    capped = []
    for k in range(m + n):
        prof = lemke_howson_path(game.A, game.B, k)
        if prof is None:
            capped.append(k)
        else:
            out.append(prof)
    return out, {"paths": m + n, "capped_labels": tuple(capped)}
