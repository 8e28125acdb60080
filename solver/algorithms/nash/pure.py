"""Pure-strategy equilibria: every cell where both players best-reply."""

from __future__ import annotations

from typing import Any

import numpy as np

from solver.representations.bimatrix import Bimatrix

__all__ = ["pure_profiles"]


def pure_profiles(game: Bimatrix, tol: float) -> tuple[list[tuple[Any, Any]], dict[str, Any]]:
    """Kernel of ``method="pure"``: each cell that is a mutual best reply (within ``tol``).

    Parameters
    ----------
    game : Bimatrix
        The game, as the front door (:func:`nash_equilibria`) prepared it.
    tol : float
        The tolerance of float comparisons.

    Returns
    -------
    profiles : list of (row, col)
        The candidate profiles, which the front door certifies.
    diagnostics : dict
        Counts and notes for ``NashResult.diagnostics``.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> [(x.tolist(), y.tolist()) for x, y in pure_profiles(g, 1e-9)[0]]
    [([1, 0], [1, 0]), ([0, 1], [0, 1])]
    """
    A, B = game.A, game.B
    m, n = game.shape
    slack = 0 if game.is_exact else tol
    col_best = A.max(axis=0, keepdims=True) - slack <= A
    row_best = B.max(axis=1, keepdims=True) - slack <= B
    cells = np.argwhere(col_best & row_best)
    out = []
    for i, j in cells:
        x = np.zeros(m, dtype=int)
        y = np.zeros(n, dtype=int)
        x[i] = 1
        y[j] = 1
        out.append((x, y))
    return out, {"cells": int(cells.shape[0])}
