"""Regret and the Nash certificate, independent of any equilibrium algorithm."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from solver._core.errors import InputError
from solver.representations.bimatrix import Bimatrix

__all__ = ["NASH_TOL", "regret", "relative_regret", "is_nash", "as_profile"]

#: Default tolerance on a float profile's *relative* regret (each player's regret divided by
#: that player's payoff range, :attr:`Bimatrix.payoff_ranges`) for it to count as an
#: equilibrium. Relative, so payoffs in $ and in $B give the same verdict.
NASH_TOL = 1e-9
#: Tolerance on a mixed strategy's probabilities (each >= -PROB_TOL, sum within PROB_TOL of 1).
PROB_TOL = 1e-9


def as_profile(
    func: str, game: Bimatrix, profile: Sequence[Any]
) -> tuple[NDArray[Any], NDArray[Any]]:
    """Validate a (row, col) mixed-strategy profile against ``game``.

    Parameters
    ----------
    func : str
        The calling function's name, which starts every error message.
    game : Bimatrix
        The game the profile is for.
    profile : (row, col)
        Two probability vectors of the game's numbers of rows and columns.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The two vectors as arrays (Fractions for exact games).

    Raises
    ------
    ValueError
        If the profile is not two probability vectors of the right lengths.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> [v.tolist() for v in as_profile("f()", g, ([1, 0], [0.5, 0.5]))]
    [[1.0, 0.0], [0.5, 0.5]]
    """
    try:
        row, col = profile
    except (TypeError, ValueError):
        raise InputError(f"{func}: profile must be a pair (row, col), got {profile!r}") from None
    out = []
    for name, s, n in (("row", row, game.shape[0]), ("col", col, game.shape[1])):
        arr = np.asarray(s, dtype=object if game.is_exact else float)
        if arr.shape != (n,):
            raise InputError(f"{func}: {name} strategy has shape {arr.shape}, expected ({n},)")
        if game.is_exact:
            arr = np.array([Fraction(v) for v in arr], dtype=object)
            if any(v < 0 for v in arr) or sum(arr) != 1:
                raise InputError(f"{func}: {name} strategy is not a probability vector: {s!r}")
        elif (
            not np.all(np.isfinite(arr))
            or np.any(arr < -PROB_TOL)
            or abs(arr.sum() - 1) > PROB_TOL
        ):
            raise InputError(f"{func}: {name} strategy is not a probability vector: {s!r}")
        out.append(arr)
    return out[0], out[1]


def _normalised_regrets(game: Bimatrix, x: NDArray[Any], y: NDArray[Any]) -> tuple[Any, Any]:
    """Each player's regret in the game normalised to [0, 1] payoffs (exact or float).

    Computing on the normalised game avoids the cancellation that large offsets (payoffs
    around 1e12 that differ by units) cause in ``max(A y) - x A y``.
    """
    if game.is_exact:
        return _exact_regrets(game, x, y)
    g = game.normalised()
    Ay = g.A.dot(y)
    xB = x.dot(g.B)
    r1 = max(Ay) - x.dot(Ay)
    r2 = max(xB) - xB.dot(y)
    return max(float(r1), 0.0), max(float(r2), 0.0)


def _as_integers(v: NDArray[Any]) -> tuple[NDArray[Any], int]:
    den = 1
    for f in v:
        den = math.lcm(den, Fraction(f).denominator)
    return np.array([int(Fraction(f) * den) for f in v], dtype=object), den


def _exact_regrets(game: Bimatrix, x: NDArray[Any], y: NDArray[Any]) -> tuple[Any, Any]:
    """Exact normalised regrets in integer arithmetic (a common denominator each)."""
    r, _ = _exact_parts(game, x, y)
    return r


def _exact_parts(
    game: Bimatrix, x: NDArray[Any], y: NDArray[Any]
) -> tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]]:
    """(normalised regrets, normalised payoffs), exactly, in integer arithmetic."""
    NA, NB, dA, dB = game.normalised_integers()
    X, dx = _as_integers(x)
    Y, dy = _as_integers(y)
    Ay = NA.dot(Y)  # (A y)_i = Ay_i / (dA dy)
    xB = X.dot(NB)  # (x B)_j = xB_j / (dB dx)
    u1, u2 = X.dot(Ay), xB.dot(Y)
    r1 = Fraction(max(Ay) * dx - u1, dA * dx * dy)
    r2 = Fraction(max(xB) * dy - u2, dB * dx * dy)
    return (r1, r2), (Fraction(u1, dA * dx * dy), Fraction(u2, dB * dx * dy))


def profile_report(game: Bimatrix, x: NDArray[Any], y: NDArray[Any]) -> tuple[
    tuple[Any, Any], Any, tuple[Any, Any]
]:
    """Each player's regret, the relative regret and the payoffs of a clean profile,
    computed once on the normalised game (exact games in integer arithmetic)."""
    s1, s2 = game.payoff_ranges
    if game.is_exact:
        (r1, r2), (v1, v2) = _exact_parts(game, x, y)
        lo1, lo2 = game.A.min(), game.B.min()
        return (r1 * s1, r2 * s2), max(r1, r2), (lo1 + s1 * v1, lo2 + s2 * v2)
    r1, r2 = _normalised_regrets(game, x, y)
    u1 = float(x.dot(game.A).dot(y))
    u2 = float(x.dot(game.B).dot(y))
    return (float(r1 * s1), float(r2 * s2)), max(r1, r2), (u1, u2)


def regret(game: Bimatrix, profile: Sequence[Any]) -> tuple[Any, Any]:
    """Each player's regret: best-reply payoff minus the profile's payoff, in payoff units.

    Exact games give Fractions; float games give floats (computed on the normalised game
    and scaled back by each player's payoff range, so large offsets do not cancel).

    Parameters
    ----------
    game : Bimatrix
        The game.
    profile : (row, col)
        The two players' mixed strategies (probability vectors).

    Returns
    -------
    (number, number)
        The row and the column player's regret, >= 0.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> regret(g, ([0.5, 0.5], [0.5, 0.5]))
    (0.0, 0.0)
    >>> regret(g, ([1, 0], [1, 0]))
    (0.0, 2.0)
    """
    x, y = as_profile("regret()", game, profile)
    r1, r2 = _normalised_regrets(game, x, y)
    s1, s2 = game.payoff_ranges
    if game.is_exact:
        return Fraction(r1 * s1), Fraction(r2 * s2)
    return float(r1 * s1), float(r2 * s2)


def relative_regret(game: Bimatrix, profile: Sequence[Any]) -> Any:
    """The larger player's regret divided by that player's payoff range.

    Unchanged by positive affine maps of either player's payoffs; 0 for a player whose
    payoffs are constant. This is the quantity every tolerance in the engine bounds.

    Parameters
    ----------
    game : Bimatrix
        The game.
    profile : (row, col)
        The two players' mixed strategies.

    Returns
    -------
    number
        The larger of the two relative regrets (a Fraction for exact games).

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[3e9, 0], [0, 2e9]], [[2e9, 0], [0, 3e9]])
    >>> relative_regret(g, ([0.6, 0.4], [0.4, 0.6])) <= 1e-15
    True
    >>> relative_regret(g, ([1, 0], [0, 1]))
    0.6666666666666666
    """
    x, y = as_profile("relative_regret()", game, profile)
    return max(_normalised_regrets(game, x, y))


def is_nash(game: Bimatrix, profile: Sequence[Any], tol: float = NASH_TOL) -> bool:
    """Whether no player gains more than ``tol`` times their payoff range by deviating.

    The tolerance is relative (see :func:`relative_regret`); exact games need regret
    exactly 0.

    Parameters
    ----------
    game : Bimatrix
        The game.
    profile : (row, col)
        The two players' mixed strategies (probability vectors).
    tol : float, optional
        The largest relative regret accepted (default :data:`NASH_TOL`).

    Returns
    -------
    bool
        Whether the profile is an equilibrium within ``tol``.

    Examples
    --------
    >>> g = Bimatrix.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> is_nash(g, ([0.6, 0.4], [0.4, 0.6]))
    True
    >>> is_nash(g, ([1, 0], [0, 1]))
    False
    >>> big = Bimatrix.from_arrays(1e9 * g.A, 1e9 * g.B)   # the same game in $B
    >>> is_nash(big, ([0.6, 0.4], [0.4, 0.6]))
    True
    """
    if isinstance(tol, bool) or not isinstance(tol, int | float) or not tol >= 0:
        raise InputError(f"is_nash(): tol must be a number >= 0, got {tol!r}")
    x, y = as_profile("is_nash()", game, profile)
    worst = max(_normalised_regrets(game, x, y))
    if game.is_exact:
        return bool(worst == 0)
    return bool(worst <= tol)
