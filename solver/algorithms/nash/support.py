"""Support enumeration over every pair of supports, equal sizes or not.

It reuses nashpy's generator of support pairs with ``non_degenerate=False`` (all pairs),
but replaces its solver: nashpy tests ``all(prob >= 0)`` with no tolerance (so a
-4.9e-17 rounding rejects a correct equilibrium), and a non-square system raises
``LinAlgError``, which nashpy swallows, so unequal supports always fail. Here each
indifference system is solved by least squares, accepted when its solution is unique and
consistent, and probabilities within tolerance of 0 are clipped.

It is complete on nondegenerate games. On degenerate games it finds each extreme
equilibrium whose strategies are pinned down by indifference on their own supports,
which is not all of them (use ``method="vertex"``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from solver.representations.bimatrix import Bimatrix

__all__ = ["support_profiles", "MAX_SUPPORT_PAIRS"]

#: Most support pairs (2^m - 1)(2^n - 1) the support method accepts.
MAX_SUPPORT_PAIRS = 1 << 16


def _indifferent(M: NDArray[np.float64], rows: tuple[int, ...], cols: tuple[int, ...],
                 tol: float) -> NDArray[np.float64] | None:
    """The unique y on ``cols`` making every row in ``rows`` of M equally good, if any."""
    k = len(cols)
    sub = M[np.ix_(rows, cols)]
    lhs = np.zeros((len(rows) + 1, k + 1))
    lhs[:-1, :k] = sub
    lhs[:-1, k] = -1.0
    lhs[-1, :k] = 1.0
    rhs = np.zeros(len(rows) + 1)
    rhs[-1] = 1.0
    sol, _, rank, _ = np.linalg.lstsq(lhs, rhs, rcond=None)
    if rank < k + 1 or np.abs(lhs @ sol - rhs).max() > tol:
        return None
    p = sol[:k]
    if np.any(p < -tol):
        return None
    out = np.zeros(M.shape[1])
    out[list(cols)] = np.clip(p, 0.0, None)
    return out


def support_profiles(game: Bimatrix, tol: float) -> tuple[list[tuple[Any, Any]], dict[str, Any]]:
    """Kernel of ``method="support"``: indifference solutions, not yet best-reply checked.

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
    >>> len(support_profiles(g, 1e-9)[0])   # candidates; nash_equilibria certifies 3
    5
    """
    from nashpy.algorithms.support_enumeration import potential_support_pairs

    A = np.asarray(game.A, dtype=float)
    B = np.asarray(game.B, dtype=float)
    scale = max(1.0, float(np.abs(A).max()), float(np.abs(B).max()))
    A, B = A / scale, B / scale
    out = []
    tried = 0
    for rows, cols in potential_support_pairs(A, B, non_degenerate=False):
        tried += 1
        y = _indifferent(A, rows, cols, tol)
        if y is None:
            continue
        x = _indifferent(B.T, cols, rows, tol)
        if x is None:
            continue
        out.append((x, y))
    return out, {"support_pairs": tried}
