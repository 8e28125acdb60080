"""Regret and the Nash certificate, independent of any equilibrium algorithm."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from solver.representations.bimatrix import Bimatrix

__all__ = ["NASH_TOL", "regret", "is_nash", "as_profile"]

#: Default tolerance on the maximum regret for a float profile to count as an equilibrium.
NASH_TOL = 1e-9
#: Tolerance on a mixed strategy's probabilities (each >= -PROB_TOL, sum within PROB_TOL of 1).
PROB_TOL = 1e-9


def as_profile(
    func: str, game: Bimatrix, profile: Sequence[Any]
) -> tuple[NDArray[Any], NDArray[Any]]:
    """Validate a (row, col) mixed-strategy profile against ``game``."""
    try:
        row, col = profile
    except (TypeError, ValueError):
        raise ValueError(f"{func}: profile must be a pair (row, col), got {profile!r}") from None
    out = []
    for name, s, n in (("row", row, game.shape[0]), ("col", col, game.shape[1])):
        arr = np.asarray(s, dtype=object if game.is_exact else float)
        if arr.shape != (n,):
            raise ValueError(f"{func}: {name} strategy has shape {arr.shape}, expected ({n},)")
        if game.is_exact:
            arr = np.array([Fraction(v) for v in arr], dtype=object)
            if any(v < 0 for v in arr) or sum(arr) != 1:
                raise ValueError(f"{func}: {name} strategy is not a probability vector: {s!r}")
        elif (
            not np.all(np.isfinite(arr))
            or np.any(arr < -PROB_TOL)
            or abs(arr.sum() - 1) > PROB_TOL
        ):
            raise ValueError(f"{func}: {name} strategy is not a probability vector: {s!r}")
        out.append(arr)
    return out[0], out[1]


def regret(game: Bimatrix, profile: Sequence[Any]) -> tuple[Any, Any]:
    """Each player's regret: best-reply payoff minus the profile's payoff.

    Exact games give Fractions; float games give floats.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> regret(g, ([0.5, 0.5], [0.5, 0.5]))
    (0.0, 0.0)
    >>> regret(g, ([1, 0], [1, 0]))
    (0.0, 2.0)
    """
    x, y = as_profile("regret()", game, profile)
    Ay = game.A.dot(y)
    xB = x.dot(game.B)
    r1 = max(Ay) - x.dot(Ay)
    r2 = max(xB) - xB.dot(y)
    if game.is_exact:
        return Fraction(r1), Fraction(r2)
    return float(r1), float(r2)


def is_nash(game: Bimatrix, profile: Sequence[Any], tol: float = NASH_TOL) -> bool:
    """Whether no player gains more than ``tol`` by deviating (exactly 0 for exact games).

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> is_nash(g, ([0.6, 0.4], [0.4, 0.6]))
    True
    >>> is_nash(g, ([1, 0], [0, 1]))
    False
    """
    if tol < 0:
        raise ValueError(f"is_nash(): tol must be >= 0, got {tol!r}")
    r1, r2 = regret(game, profile)
    if game.is_exact:
        return r1 == 0 and r2 == 0
    return max(r1, r2) <= tol
