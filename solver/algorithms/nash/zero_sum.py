"""Zero-sum (constant-sum) games by linear programming: one equilibrium, the maximin pair.

The kernel runs on the normalised game (each player's payoffs mapped to [0, 1]), where a
game is constant-sum exactly when it is a positive affine image of a zero-sum game
(then ``A' + B' = 1``). So ``3 A`` against ``-B / 2``, or payoffs offset by 1e12, are
accepted and solved on numbers of order 1, which HiGHS handles.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from solver.representations.bimatrix import Bimatrix

__all__ = ["zero_sum_profiles", "is_constant_sum"]


def is_constant_sum(game: Bimatrix, tol: float = 1e-9) -> bool:
    """Whether ``A + B`` is constant (exactly, for exact games).

    Examples
    --------
    >>> is_constant_sum(Bimatrix.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
    True
    """
    S = game.A + game.B
    if game.is_exact:
        return bool(np.all(S.flat[0] == S))
    scale = max(1.0, float(np.abs(game.A).max()), float(np.abs(game.B).max()))
    return float(S.max() - S.min()) <= tol * scale


def _maximin(M: Any) -> Any:
    """Row player's maximin strategy of payoff matrix ``M`` by ``linprog`` (HiGHS)."""
    from scipy.optimize import linprog

    m, n = M.shape
    # variables (x_1..x_m, v): maximise v  s.t.  v - (M^T x)_j <= 0,  sum x = 1,  x >= 0
    c = np.zeros(m + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-M.T, np.ones((n, 1))])
    A_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    res = linprog(
        c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=A_eq, b_eq=[1.0],
        bounds=[(0, None)] * m + [(None, None)], method="highs",
    )
    if not res.success:  # pragma: no cover - feasible and bounded, payoffs in [0, 1]
        raise RuntimeError(f"nash_equilibria(): linprog failed on a normalised game: "
                           f"{res.message}")
    return res.x[:m]


def zero_sum_profiles(game: Bimatrix, tol: float) -> tuple[list[tuple[Any, Any]], dict[str, Any]]:
    """Kernel of ``method="zero-sum"``: the pair of maximin strategies.

    ``game`` is the normalised game the front door prepared.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> [(x.round(6).tolist(), y.round(6).tolist()) for x, y in zero_sum_profiles(g, 1e-9)[0]]
    [([0.5, 0.5], [0.5, 0.5])]
    """
    if not is_constant_sum(game, tol):
        S = np.asarray(game.A + game.B, dtype=float)
        raise ValueError(
            "nash_equilibria(): method='zero-sum' needs a constant-sum game (A + B constant "
            "after rescaling each player's payoffs to [0, 1]); the rescaled A + B ranges over "
            f"[{S.min():.6g}, {S.max():.6g}]"
        )
    A = np.asarray(game.A, dtype=float)
    x = _maximin(A)
    y = _maximin(-A.T)
    return [(x, y)], {}
